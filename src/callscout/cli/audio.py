"""``callscout audio``: check call recordings, transcribe them, check the script on transcripts."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from callscout import evalfile
from callscout.audio import assess_file, record_assessment, verdict_label
from callscout.cli.common import OutputFormat, console, error_console, format_option, print_json, success
from callscout.errors import EXIT_FINDINGS, CallScoutError, DataError
from callscout.i18n import msg
from callscout.present.findings import said
from callscout.store import open_store

app = typer.Typer(no_args_is_help=True)

_VERDICT_STYLE = {"good": "green", "acceptable": "yellow", "poor": "red"}


class Channel(StrEnum):
    LEFT = "left"
    RIGHT = "right"


def _channel_option() -> Any:
    return typer.Option(Channel.LEFT, "--operator-channel", help="Канал оператора в стерео / operator's stereo channel")


def _number(value: float | None, digits: int = 1, unit: str = "") -> str:
    return "—" if value is None else f"{value:.{digits}f}{unit}"


@app.command("check")
def check(
    files: Annotated[list[Path], typer.Argument(help="Записи: wav, mp3, ogg, opus, flac, m4a/aac / recordings")],
    output: OutputFormat = format_option(),
    mos: Annotated[bool, typer.Option("--mos", help="DNSMOS (нужен callscout[mos])")] = False,
    operator_channel: Channel = _channel_option(),
    vendor: Annotated[
        str | None, typer.Option("--vendor", help="Сохранить как записи вендора / save as the vendor's recordings")
    ] = None,
    file: Annotated[Path, typer.Option("--file", "-f", help="Файл оценки (для --vendor) / evaluation file")] = Path(
        "callscout.yaml"
    ),
) -> None:
    """Качество записей разговоров: шум, полоса, перегрузка, речь, фоновые голоса.
    / Quality of call recordings: noise, band, clipping, speech, background voices."""
    vendor_id = evaluation_id = None
    store = None
    if vendor is not None:
        evaluation = evalfile.load(file)
        if evaluation.vendor(vendor) is None:
            raise DataError(msg("cli.audio.vendor_not_found_in", name=vendor, file=file))
        store = open_store()
        evaluation_id = store.save_evaluation(evaluation, str(file.resolve()))
        vendor_id = store.vendor_id(evaluation.name, vendor)
    results: list[dict[str, Any]] = []
    try:
        with Progress(console=error_console, transient=True, disable=len(files) < 2) as progress:
            task = progress.add_task(msg("cli.audio.checking_recordings"), total=len(files))
            for path in files:
                try:
                    result = assess_file(path, mos=mos, operator_channel=0 if operator_channel is Channel.LEFT else 1)
                except CallScoutError as error:
                    result = {"file": str(path), "error": error.headline()}
                except Exception as error:  # noqa: BLE001 - one broken file must not stop the others
                    result = {
                        "file": str(path),
                        "error": msg("cli.audio.check_failed", file=path, error=f"{type(error).__name__}: {error}"),
                    }
                results.append(result)
                if store is not None and "error" not in result:
                    record_assessment(store, result, str(path), vendor_id=vendor_id, evaluation_id=evaluation_id)
                progress.advance(task)
    finally:
        if store is not None:
            store.close()
    failed = any("error" in result or result["verdict"] == "poor" for result in results)
    if output is OutputFormat.JSON:
        print_json(results)
    else:
        _print_table(results)
    if failed:
        raise typer.Exit(EXIT_FINDINGS)


def _print_table(results: list[dict[str, Any]]) -> None:
    table = Table(title=msg("cli.audio.recording_quality"))
    table.add_column(msg("cli.audio.file"), overflow="fold")
    table.add_column(msg("cli.audio.verdict"), no_wrap=True)
    for title in (
        msg("cli.audio.length_s"),
        msg("cli.audio.band"),
        "SNR, dB",
        msg("cli.audio.floor_dbfs"),
        msg("cli.audio.clip"),
        msg("cli.audio.speech"),
        msg("cli.audio.voices"),
    ):
        table.add_column(title, justify="right")
    for result in results:
        if "error" in result:
            table.add_row(escape(result["file"]), "[red]✗[/red]", *["—"] * 7)
            continue
        style = _VERDICT_STYLE[result["verdict"]]
        table.add_row(
            escape(result["file"]),
            f"[{style}]{verdict_label(result['verdict'])}[/{style}]",
            _number(result["duration_s"]),
            str(result["bandwidth_hz"] or "—"),
            _number(result["snr_db"]),
            _number(result["noise_floor_dbfs"]),
            f"{result['clipping_ratio'] * 100:.2f}%",
            f"{result['speech_ratio'] * 100:.0f}%",
            msg("cli.audio.yes") if result["background_speech"] else msg("cli.audio.no"),
        )
    console.print(table)
    for result in results:
        if "error" in result:
            console.print(f"[red]✗[/red] {escape(result['error'])}")
        for reason in result.get("reasons", []):
            style = _VERDICT_STYLE[reason["level"]]
            console.print(f"[{style}]•[/{style}] {escape(result['file'])}: {escape(reason['message'])}")
        mos = result.get("mos")
        if mos and mos.get("available") and mos.get("dnsmos"):
            plain, personal = mos["dnsmos"], mos["dnsmos_personalized"]
            console.print(
                msg(
                    "cli.audio.dnsmos_speech_noise_overall_personalised",
                    file=escape(result["file"]),
                    sig=plain["sig"],
                    bak=plain["bak"],
                    ovrl=plain["ovrl"],
                    psig=personal["sig"],
                    pbak=personal["bak"],
                    povrl=personal["ovrl"],
                )
            )
        elif mos and not mos.get("available"):
            console.print(msg("cli.audio.dnsmos_unavailable_pip_install_callscout_mos"))
        stereo = result.get("stereo")
        if stereo:
            console.print(
                msg(
                    "cli.audio.stereo_operator_s_customer_s_overtalk",
                    file=escape(result["file"]),
                    op=stereo["operator_talk_s"],
                    cu=stereo["customer_talk_s"],
                    ov=stereo["overtalk_s"],
                )
            )


def _transcript_for(path: Path, engine: str | None, model: Path | None, operator_channel: Channel) -> Any:
    from callscout.audio import asr

    if path.suffix.lower() in (".json", ".txt"):
        return asr.load_transcript(path)
    recognizer = asr.recognizer_from_config(engine, model)
    return asr.transcribe(path, recognizer, operator_channel=0 if operator_channel is Channel.LEFT else 1)


@app.command("engines")
def engines(
    model: Annotated[Path | None, typer.Option("--model", help="Папка модели / model folder")] = None,
    output: OutputFormat = format_option(),
) -> None:
    """Движки распознавания: установлены ли, готовы ли с настроенной моделью.
    / Recognition engines: installed, and ready with the configured model?"""
    from callscout.audio.asr import engines_status

    rows = engines_status(model)
    if output is OutputFormat.JSON:
        print_json(rows)
    else:
        table = Table(title=msg("cli.audio.speech_recognition"))
        for title in (msg("cli.audio.engine"), msg("cli.audio.installed"), msg("cli.audio.ready")):
            table.add_column(title)
        for row in rows:
            name = row["engine"] + (" *" if row["selected"] else "")
            installed = msg("cli.audio.yes") if row["installed"] else row["install"]
            ready = "[green]✓[/green]" if row["problem"] is None else f"[red]✗[/red] {escape(row['problem'])}"
            table.add_row(name, escape(installed), ready)
        console.print(table)
    if not any(row["selected"] and row["problem"] is None for row in rows):
        raise typer.Exit(EXIT_FINDINGS)


@app.command("transcribe")
def transcribe(
    path: Annotated[Path, typer.Argument(help="Запись / recording")],
    engine: Annotated[str | None, typer.Option("--engine", help="faster-whisper | vosk | gigaam")] = None,
    model: Annotated[Path | None, typer.Option("--model", help="Папка модели / model folder")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Сохранить JSON / save JSON here")] = None,
    operator_channel: Channel = _channel_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Расшифровка записи локальной моделью. / Transcribe a recording with a local model."""
    with console.status(msg("cli.audio.recognising_speech")):
        transcript = _transcript_for(path, engine, model, operator_channel)
    data = transcript.to_dict()
    if out is not None:
        out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if output is OutputFormat.JSON:
        print_json(data)
        return
    for segment in transcript.segments:
        speaker = f"{segment.speaker}: " if segment.speaker else ""
        console.print(f"[dim]{segment.start:7.1f}[/dim] {escape(speaker + segment.text)}")
    if out is not None:
        success(msg("cli.audio.transcript_written_to", path=out))


@app.command("script")
def script(
    path: Annotated[Path, typer.Argument(help="Расшифровка (.json/.txt) или запись / transcript or recording")],
    company: Annotated[list[str] | None, typer.Option("--company", help="Название компании (варианты)")] = None,
    operator_name: Annotated[list[str] | None, typer.Option("--operator-name", help="Имя оператора")] = None,
    script_file: Annotated[Path | None, typer.Option("--script", help="Свой скрипт (YAML) / own script")] = None,
    engine: Annotated[str | None, typer.Option("--engine", help="faster-whisper | vosk | gigaam")] = None,
    model: Annotated[Path | None, typer.Option("--model", help="Папка модели / model folder")] = None,
    operator_channel: Channel = _channel_option(),
    output: OutputFormat = format_option(),
) -> None:
    """Соблюдение скрипта разговора. / Script compliance of a call."""
    from callscout.qa.script import check_script, default_script, load_script

    definition = load_script(script_file) if script_file else default_script(company, operator_name)
    result = check_script(_transcript_for(path, engine, model, operator_channel), definition)
    if output is OutputFormat.JSON:
        print_json(result)
    else:
        table = Table(title=msg("cli.audio.script", score=_number(result["score"], 0)))
        for title in (msg("cli.audio.item"), msg("cli.audio.found"), msg("cli.audio.phrase"), msg("cli.audio.time_s")):
            table.add_column(title)
        for item in result["checklist"]:
            mark = (
                "[green]✓[/green]"
                if item["found"] and not item["late"]
                else (
                    "[yellow]поздно / late[/yellow]" if item["found"] else ("[red]✗[/red]" if item["required"] else "—")
                )
            )
            table.add_row(escape(said(item["label"])), mark, escape(item["phrase"] or ""), _number(item["time_s"]))
        console.print(table)
        for hit in result["forbidden"]:
            console.print(msg("cli.audio.red_forbidden_phrase_red_at_s", p=escape(hit["phrase"]), t=hit["time_s"]))
    if not result["passed"]:
        raise typer.Exit(EXIT_FINDINGS)
