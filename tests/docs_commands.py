"""The documented commands' runner (the tests are test_docs_commands*.py: one file per part, so that each
runs on a worker of its own under `make test`'s --dist loadfile). Every command line shown in README.md and
docs/*.md runs, as a user would type it, against the demo data in a temporary folder, offline: a documented
command can never break again.

What counts as a command: each line of a code block (```sh / ``` fences, or a block indented by four spaces)
that starts with ``callscout`` (after ``;`` or ``&&`` too), with ``\\`` continuations joined; and inline code
in the prose that starts with ``callscout`` and has an option (``--``). Each runs twice: with its optional
``[...]`` parts left out and with them in (``a|b`` alternatives: the first), placeholders (FILE, V, CALL...)
replaced by files and names of the demo workspace. A command passes when it exits 0 or 1 (1 is "findings"),
without a traceback, a usage error or an error message ("✗ ..." on stderr: a data error).

A doc may mark a command it shows but that cannot run here, with the reason, in an HTML comment:
``<!-- doctest: skip `callscout serve` runs until stopped -->``; ``doctest: minimal`` runs only the form
without optional parts (a synopsis whose options are alternatives). A marker that matches no command fails.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
DEMO = ROOT / "src" / "callscout" / "demo" / "data"
MARKER = re.compile(r"<!--\s*doctest:\s*(skip|minimal)\s+`([^`]+)`\s*(.*?)-->", re.S)
FAILURE_MARKS = ("Traceback", "No such option", "Usage: ", "Missing argument")


def _failed(returncode: int, stdout: str, stderr: str) -> bool:
    """A usage error (2), a crash, or an error message (a "✗ ..." line on stderr); exit 1 with findings passes."""
    if returncode not in (0, 1) or any(mark in stdout + stderr for mark in FAILURE_MARKS):
        return True
    return any(line.startswith("✗") for line in stderr.splitlines())


# Placeholders of the docs -> what stands for them in the demo workspace (longest first when replaced).
PLACEHOLDERS = {
    "REPORT.csv|xlsx": "report.xlsx",
    "CALL_ID": "1794183379.2",
    "CALL-123": "CALL-123",
    "CALL": "CALL-1",
    "FILE": "export.csv",
    "NAME": "cabinet",
    "ZONE": "Europe/Moscow",
    "ISO": "2026-11-20T10:00",
    "DIR": "demo-out",
    "ID": "1",
    "ПАПКА": "models",
    "V": "ГолосПро",
    "F": "domtehnika-inbound",
    "A": "ГолосПро",
    "B": "'Линия 24'",
}


@dataclass(frozen=True)
class DocCommand:
    doc: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.doc}:{self.line}: {self.text}"


def commands_of(path: Path) -> list[DocCommand]:
    found: list[DocCommand] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    fenced = False
    index = 0
    while index < len(lines):
        line = lines[index]
        number = index + 1
        if line.strip().startswith("```"):
            fenced = not fenced
            index += 1
            continue
        if fenced or (line.startswith("    ") and line.strip().startswith("callscout")):
            text = line.strip()
            while text.endswith("\\") and index + 1 < len(lines):
                index += 1
                text = text[:-1].rstrip() + " " + lines[index].strip()
            text = re.sub(r"\s+#\s.*$", "", text).strip()
            if text.startswith("callscout") or re.search(r"(;|&&)\s*callscout ", text):
                found.append(DocCommand(path.name, number, text))
        elif not fenced and not line.lstrip().startswith("<!--"):
            for inline in re.findall(r"`(callscout [^`]+)`", line):
                if "--" in inline:
                    found.append(DocCommand(path.name, number, inline))
        index += 1
    return found


def markers() -> dict[str, dict[str, str]]:
    marks: dict[str, dict[str, str]] = {"skip": {}, "minimal": {}}
    for path in DOCS:
        for kind, command, reason in MARKER.findall(path.read_text(encoding="utf-8")):
            assert reason.strip(), f"{path.name}: a doctest {kind} marker needs a reason: {command}"
            marks[kind][command] = reason.strip()
    return marks


def expand(text: str, full: bool) -> str:
    def optional(match: re.Match[str]) -> str:
        return " " + match.group(1) + " " if full else " "

    while re.search(r"\[[^\[\]]*\]", text):
        text = re.sub(r"\s*\[([^\[\]]*)\]\s*", optional, text)
    for placeholder in sorted(PLACEHOLDERS, key=len, reverse=True):
        text = re.sub(rf"(?<![\w./-]){re.escape(placeholder)}(?![\w./|-])", PLACEHOLDERS[placeholder], text)
    # Alternatives written a|b|c (no spaces around: a real pipe has them) -> the first.
    text = re.sub(r"(?<![\w|])([\w.\-/:]+)(?:\|[\w.\-/:]+)+(?![\w|])", lambda match: match.group(1), text)
    text = text.replace(" ...", "")
    return re.sub(r"\s+", " ", text).strip()


def _wav(path: Path, seconds: float = 3.0, rate: int = 8000) -> None:
    """A buzz with pauses: enough for the recording checks."""
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        frames = bytearray()
        for sample in range(int(seconds * rate)):
            on = (sample // (rate // 2)) % 2 == 0
            value = int(8000 * math.sin(2 * math.pi * 180 * sample / rate) * (1 if on else 0.01))
            frames += struct.pack("<h", value)
        handle.writeframes(bytes(frames))


def _demo_evaluation(folder: Path) -> None:
    shutil.copy(DEMO / "evaluation.yaml", folder / "callscout.yaml")


# What the docs take for granted after a command: ``callscout init`` writes a template, and the commands
# after it work on an evaluation with vendors, the demo's.
AFTER = {"callscout init": _demo_evaluation}


# What a document assumes was done before its commands (beyond the demo evaluation and Линия 24's log).
DOC_SETUP = {
    "quality.md": [["calls", "import", "export.csv", "--vendor", "ГолосПро"]],  # its calls are graded
}


def _workspace(folder: Path, environment: dict[str, str], extra: list[list[str]]) -> None:
    """The demo workspace a document's commands take for granted (``docs_template`` builds it once)."""
    _demo_evaluation(folder)
    shutil.copy(DEMO / "calls" / "linia24-queue_log.txt", folder / "queue_log")
    shutil.copy(DEMO / "calls" / "golospro-cabinet.csv", folder / "export.csv")
    shutil.copy(DEMO / "calls" / "golospro-cabinet.csv", folder / "history.csv")
    shutil.copy(DEMO / "quality" / "form.yaml", folder / "form.yaml")
    shutil.copytree(ROOT / "src" / "callscout" / "demo" / "sites", folder / "saved-sites")
    bank = Path("/work/shared/data/anonymous-bank-1999-02.tsv")
    if not bank.exists():
        bank = ROOT.parent / "shared" / "data" / "anonymous-bank-1999-02.tsv"
    (folder / "month.tsv").write_text("".join(bank.read_text(encoding="utf-8").splitlines(True)[:2000]))
    for name in ("zapis.wav", "zapis1.wav", "zapis2.wav", "zvonok.wav"):
        _wav(folder / name)
    import soundfile

    for name in ("zapis2.mp3", "zapis1.mp3"):
        data, rate = soundfile.read(folder / "zapis.wav")
        soundfile.write(folder / name, data, rate, format="MP3")
    (folder / "transcript.json").write_text(
        json.dumps(
            {
                "segments": [
                    {"start": 0, "end": 2, "text": "Добрый день, ДомТехника, меня зовут Анна", "speaker": "operator"},
                    {"start": 2, "end": 4, "text": "Здравствуйте, хочу заказать чайник", "speaker": "customer"},
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    shutil.copy(folder / "transcript.json", folder / "t.json")
    (folder / "answers.yaml").write_text(
        "greeting: да\nanswer_speed: да\nneeds: да\nproduct_knowledge: 85\norder_confirmed: да\n"
        "no_pressure: да\nfarewell: да\n",
        encoding="utf-8",
    )
    import yaml

    from callscout.qa.script import default_script

    (folder / "my-script.yaml").write_text(
        yaml.safe_dump(default_script().model_dump(mode="json"), allow_unicode=True), encoding="utf-8"
    )
    setup = [
        ["calls", "import", "queue_log", "--vendor", "Линия 24"],
        *extra,
    ]
    for arguments in setup:
        _callscout(arguments, folder, environment)
    _vendor_report(folder, environment)


def _callscout(arguments: list[str], folder: Path, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """One set-up command in the workspace; a failure stops the test with what the command printed."""
    done = subprocess.run(
        [sys.executable, "-m", "callscout", *arguments],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (arguments, done.stdout, done.stderr)
    return done


def _vendor_report(folder: Path, environment: dict[str, str]) -> None:
    """A vendor's own daily report (what ``calls reconcile`` checks), with the headers such reports have."""
    from openpyxl import Workbook

    done = _callscout(["calls", "kpi", "--vendor", "Линия 24", "--by", "day", "--output", "json"], folder, environment)
    rows = json.loads(done.stdout)["rows"]
    book = Workbook()
    sheet = book.active
    sheet.append(["Дата", "Поступило", "Отвечено", "Потеряно"])
    for row in rows:
        sheet.append([row["key"], row["offered"], row["answered"], row["abandoned"]])
    book.save(folder / "report.xlsx")


# The README is followed in parts that need nothing of each other (each in a workspace of its own, so the
# parts run side by side on pytest-xdist's workers): the first line of each part after the first. Every part
# after the first starts where ``callscout init`` leaves a user (the demo evaluation in callscout.yaml).
README_PARTS = (140, 200)


@dataclass(frozen=True)
class DocPart:
    doc: str
    part: int
    first_line: int
    last_line: int  # exclusive

    def __str__(self) -> str:
        return f"{self.doc}#{self.part}"


def all_parts() -> list[DocPart]:
    parts = []
    for path in DOCS:
        bounds = [0, *(README_PARTS if path.name == "README.md" else ()), 10**9]
        for index, (first, last) in enumerate(itertools.pairwise(bounds)):
            parts.append(DocPart(path.name, index, first, last))
    return parts


def _environment(folder: Path) -> dict[str, str]:
    binary = Path(sys.executable).parent
    environment = {
        **os.environ,
        "PATH": f"{binary}{os.pathsep}{os.environ.get('PATH', '')}",
        "CALLSCOUT_HOME": str(folder / "home"),
        "CALLSCOUT_LANG": "ru",
        "CALLSCOUT_DADATA_URL": "http://127.0.0.1:9/",  # nothing listens: no command may reach the internet
        "NO_COLOR": "1",
    }
    environment.pop("CALLSCOUT_FILE", None)
    environment.pop("CALLSCOUT_DATABASE_URL", None)
    return environment


def build_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workspace every document starts from, built once per test process (the ``docs_template``
    fixture) and copied for each part: the demo evaluation, its files, Линия 24's log imported and its own
    daily report (a dozen processes)."""
    folder = tmp_path_factory.mktemp("docs-template") / "workspace"
    folder.mkdir()
    _workspace(folder, _environment(folder), [])
    return folder


def demo_as_documented(shell_line: str) -> str | None:
    """The ``--out`` folder of a documented ``callscout demo`` that is the shared demo run's own command (the
    same options, in any order): that run (``demo_run``, a fresh process with every format) stands for it."""
    words = shell_line.split()
    if words[:2] != ["callscout", "demo"] or "--out" not in words:
        return None
    out = words[words.index("--out") + 1]
    options = set(words[2:]) - {"--out", out}
    return out if options == {"--output", "json", "--formats", "html,json,xlsx,pdf"} else None


def parts_of(name: str) -> list[DocPart]:
    return [part for part in all_parts() if part.doc == name]


def run_part(part: DocPart, docs_template: Path, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Each document (the README in parts) runs in a workspace of its own: a user follows one from its start."""
    commands = [
        item
        for item in commands_of(next(path for path in DOCS if path.name == part.doc))
        if part.first_line <= item.line < part.last_line
    ]
    marks = markers()
    folder = tmp_path / Path(part.doc).stem
    shutil.copytree(docs_template, folder, symlinks=True)
    environment = _environment(folder)
    for arguments in DOC_SETUP.get(part.doc, []):
        _callscout(arguments, folder, environment)
    if part.doc == "README.md" and part.part == 0:
        (folder / "callscout.yaml").unlink()  # the README starts with callscout init
    failures: list[str] = []
    for command in commands:
        if any(command.text.startswith(skipped) for skipped in marks["skip"]):
            continue
        minimal = any(command.text.startswith(item) for item in marks["minimal"])
        variants = dict.fromkeys([expand(command.text, full=False), *([] if minimal else [expand(command.text, True)])])
        for shell_line in variants:
            shared = demo_as_documented(shell_line)
            if shared is not None:
                # Asked for only here: a worker whose parts show no demo never waits for the shared run.
                shutil.copytree(request.getfixturevalue("demo_run").out, folder / shared)
                continue
            done = subprocess.run(
                ["bash", "-c", shell_line],
                cwd=folder,
                env=environment,
                capture_output=True,
                text=True,
                timeout=600,
                input="doc-test password 1\ndoc-test password 1\n",
            )
            output = done.stdout + done.stderr
            if _failed(done.returncode, done.stdout, done.stderr):
                failures.append(f"{command}\n    ran: {shell_line}\n    exit {done.returncode}: {output[-800:]}")
                print(f"FAILED {failures[-1]}", file=sys.stderr, flush=True)  # seen while it runs (-s)
        for prefix, then in AFTER.items():
            if command.text.startswith(prefix):
                then(folder)
    assert not failures, "\n".join(failures)


def _with_demo_if_shown(part: DocPart) -> object:
    """A part that shows the shared demo run's command (it asks for the run on reaching it) is marked, so
    that tests/conftest.py schedules it with the tests that need the demo run."""
    marks = markers()
    shown = any(
        demo_as_documented(expand(command.text, full)) is not None
        for command in commands_of(next(path for path in DOCS if path.name == part.doc))
        if part.first_line <= command.line < part.last_line
        and not any(command.text.startswith(skipped) for skipped in marks["skip"])
        for full in (False, True)
    )
    return pytest.param(part, marks=pytest.mark.shared_demo) if shown else part


def documented_commands_test(parts: list[DocPart]) -> Callable[..., None]:
    """The test of one file's share of the documented commands (one file per share, so that `make test`'s
    workers, --dist loadfile, run the shares side by side)."""

    @pytest.mark.slow  # the documented commands as subprocesses
    @pytest.mark.parametrize("part", [_with_demo_if_shown(part) for part in parts], ids=str)
    def test_documented_commands_run(
        part: DocPart, docs_template: Path, request: pytest.FixtureRequest, tmp_path: Path
    ) -> None:
        run_part(part, docs_template, request, tmp_path)

    return test_documented_commands_run
