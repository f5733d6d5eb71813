from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from callscout import evalfile
from callscout.present.findings import said
from tests.conftest import DemoRun


def callscout(*arguments: str, cwd: Path, env_lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point, as a user would, in a subprocess."""
    import os

    env = dict(os.environ)
    if env_lang:
        env["LANG"] = env_lang
    return subprocess.run(
        [sys.executable, "-m", "callscout", *arguments], cwd=cwd, capture_output=True, text=True, env=env, timeout=600
    )


def test_version_and_help(tmp_path: Path) -> None:
    result = callscout("--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("callscout ")
    result = callscout("--help", cwd=tmp_path)
    assert result.returncode == 0 and "vendor" in result.stdout


def test_init_edit_validate_vendor_cycle(tmp_path: Path) -> None:
    assert callscout("init", cwd=tmp_path).returncode == 0
    text = (tmp_path / "callscout.yaml").read_text(encoding="utf-8")
    assert "# Вопрос 1." in text  # a Russian, commented template
    assert callscout("validate", cwd=tmp_path).returncode == 0

    added = callscout(
        "vendor",
        "add",
        "--name",
        "Альфа Контакт",
        "--website",
        "alfa-kontakt.ru",
        "--phone",
        "+7 495 111-22-33",
        cwd=tmp_path,
    )
    assert added.returncode == 0, added.stderr
    listed = callscout("vendor", "list", "--output", "json", cwd=tmp_path)
    names = [vendor["name"] for vendor in json.loads(listed.stdout)]
    assert names == ["Пример Колл-Центр", "Альфа Контакт"]
    shown = json.loads(callscout("vendor", "show", "Альфа Контакт", "--output", "json", cwd=tmp_path).stdout)
    assert shown["website"] == "https://alfa-kontakt.ru"
    assert shown["answers"]["call_listening"] is None

    duplicate = callscout("vendor", "add", "--name", "альфа контакт", cwd=tmp_path)
    assert duplicate.returncode == 1 and "уже есть" in duplicate.stderr
    missing = callscout("vendor", "remove", "Бета", cwd=tmp_path)
    assert missing.returncode == 1 and "не найден" in missing.stderr
    assert callscout("vendor", "remove", "Альфа Контакт", cwd=tmp_path).returncode == 0
    assert [v.name for v in evalfile.load(tmp_path / "callscout.yaml").vendors] == ["Пример Колл-Центр"]


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    assert callscout("init", cwd=tmp_path).returncode == 0
    again = callscout("init", cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr
    assert callscout("init", "--force", cwd=tmp_path).returncode == 0


def test_validate_reports_every_problem_with_exit_1(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "name: x\nneeds:\n  calls_per_month: -3\n  schedule: {mode: hours}\nvendors:\n  - {name: A, website: 'ftp://a'}\n",
        encoding="utf-8",
    )
    result = callscout("validate", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "строка 3, needs.calls_per_month: должно быть > 0" in result.stderr
    assert "needs.schedule" in result.stderr and "vendors[0].website" in result.stderr
    as_json = json.loads(callscout("validate", "bad.yaml", "--output", "json", cwd=tmp_path).stdout)
    assert as_json["valid"] is False and len(as_json["problems"]) == 3


def test_english_by_flag_and_by_lang(tmp_path: Path) -> None:
    result = callscout("--lang", "en", "validate", "nope.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "file nope.yaml not found" in result.stderr
    result = callscout("validate", "nope.yaml", cwd=tmp_path, env_lang="en_US.UTF-8")
    assert "not found" in result.stderr
    assert "не найден" in callscout("validate", "nope.yaml", cwd=tmp_path).stderr
    bad = callscout("--lang", "de", "validate", cwd=tmp_path)
    assert bad.returncode == 2


def test_usage_error_exit_2(tmp_path: Path) -> None:
    assert callscout("vendor", "add", cwd=tmp_path).returncode == 2
    assert callscout("no-such-command", cwd=tmp_path).returncode == 2


def test_schema_command(tmp_path: Path) -> None:
    result = callscout("schema", cwd=tmp_path)
    schema = json.loads(result.stdout)
    assert schema["title"] == "Оценка колл-центров CallScout / CallScout evaluation"
    assert schema["properties"]["vendors"]["description"].startswith("Кандидаты")


def _check_demo_answer(paths: dict, lang: str) -> None:
    report = json.loads(Path(paths["report_json"]).read_text(encoding="utf-8"))
    assert report["language"] == lang
    assert len(report["vendors"]) == 6
    assert paths["winner"] == report["scoring"]["winner"]
    html = Path(paths["report_html"]).read_text(encoding="utf-8")
    assert "ГолосПро" in html
    assert ("Кандидаты" in html) == (lang == "ru")


def test_demo_writes_reports_offline(demo_run: DemoRun) -> None:
    _check_demo_answer(demo_run.answer, "ru")


def test_the_demo_prints_the_recommendation_from_its_result_document(demo_run: DemoRun) -> None:
    """What `callscout demo` prints after its run (print_outcome on the result document it wrote): the
    winner with its status and confidence, the runner-up, what to check before signing, then the files."""
    from callscout.cli import common, evaluate

    scoring = demo_run.document["scoring"]
    winner = next(vendor for vendor in scoring["vendors"] if vendor["name"] == scoring["winner"])
    runner_up = next(vendor for vendor in scoring["vendors"] if vendor["rank"] == 2)
    with common.console.capture() as captured:
        evaluate.print_outcome(scoring, {kind: Path(path) for kind, path in demo_run.answer["files"].items()})
    text = " ".join(captured.get().split())
    assert f"Рекомендуем: {winner['name']}" in text and said(scoring["confidence"]["label"], language="ru") in text
    assert f"статус: {said(winner['status_label'], language='ru')}" in text
    assert f"Второе место: {runner_up['name']} — " in text and said(runner_up["status_label"], language="ru") in text
    if scoring["checks_to_run"]:
        assert "Проверьте до подписания:" in text
    assert text.index("Рекомендуем") < text.index("Второе место") < text.index("Файлы отчёта")


@pytest.mark.slow  # a second full demo, in English: the shared one is Russian
def test_demo_in_english_prints_the_recommendation(tmp_path: Path) -> None:
    result = callscout("--lang", "en", "demo", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    winner = document["scoring"]["winner"]
    # Not only file names: the ranking and who to hire, as `evaluate` prints them.
    assert "Ranking" in result.stdout and f"Recommended: {winner}" in result.stdout
    runner_up = next(vendor for vendor in document["scoring"]["vendors"] if vendor["rank"] == 2)
    assert f"Runner-up: {runner_up['name']}" in result.stdout
    assert "Report files" in result.stdout and "report.pdf" not in result.stdout  # no PDF unless asked
    _check_demo_answer(
        {
            "report_json": str(tmp_path / "out" / "report.json"),
            "report_html": str(tmp_path / "out" / "report.html"),
            "winner": winner,
        },
        "en",
    )


def test_user_add_first_is_admin_and_password_rules(tmp_path: Path) -> None:
    import os

    from callscout import accounts
    from callscout.store import open_store

    def add(*arguments: str, password: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "callscout", "user", "add", *arguments, "--password-stdin"],
            cwd=tmp_path,
            input=password + "\n",
            capture_output=True,
            text=True,
            env=dict(os.environ),
            timeout=120,
        )

    first = add("--login", "Anna", password="long enough pass")
    assert first.returncode == 0 and "администратор" in first.stdout
    assert add("--login", "boris", password="short").returncode == 1
    assert add("--login", "anna", password="another long one").returncode == 1  # logins are case-insensitive
    second = add("--login", "boris", "--evaluation", "нет такой", password="long enough pass")
    assert second.returncode == 1 and "не найдена" in second.stderr
    store = open_store()
    try:
        user = accounts.authenticate(store, "ANNA", "long enough pass")
        assert user is not None and user.is_admin
        assert accounts.authenticate(store, "boris", "long enough pass") is None  # rolled back with its error
    finally:
        store.close()


def test_formats_option_names_what_it_does_not_know(tmp_path: Path) -> None:
    result = callscout("evaluate", "callscout.yaml", "--formats", "html,docx", cwd=tmp_path)
    assert result.returncode == 2 and "неизвестный формат docx" in result.stderr and "pdf" in result.stderr


def test_vendor_add_and_remove_keep_the_files_comments_order_and_defaults(tmp_path: Path) -> None:
    """A user's own file, commented and with values equal to the defaults written out: `vendor add` and
    `vendor remove` change only the vendors (PyYAML's dump used to drop every comment and default)."""
    original = (
        "# Наш выбор подрядчика на 2027 год\n"
        "version: 1\n"
        "name: Магазин\n"
        "needs:\n"
        "  calls_per_month: 3000  # по данным АТС за октябрь\n"
        "  service_level:\n"
        "    share: 0.8  # как у всех\n"
        "    seconds: 20\n"
        "  max_abandon_rate: 0.05\n"
        "vendors:\n"
        "  # первый, кого посоветовали\n"
        "  - name: Альфа\n"
        "    website: https://alfa.example/\n"
        "  - name: Бета\n"
        "    website: https://beta.example/  # сайт из письма\n"
    )
    path = tmp_path / "callscout.yaml"
    path.write_text(original, encoding="utf-8")
    added = callscout("vendor", "add", "--name", "Гамма", "--website", "gamma.example", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    text = path.read_text(encoding="utf-8")
    assert text.startswith(original)
    assert text[len(original) :] == "  - name: Гамма\n    website: https://gamma.example\n"

    removed = callscout("vendor", "remove", "Альфа", cwd=tmp_path)
    assert removed.returncode == 0, removed.stderr
    text = path.read_text(encoding="utf-8")
    assert "  - name: Альфа" not in text and "https://alfa.example/" not in text
    kept_lines = ("# по данным АТС", "share: 0.8  # как у всех", "max_abandon_rate: 0.05", "# сайт из письма")
    for kept in kept_lines:
        assert kept in text
    assert [vendor.name for vendor in evalfile.load(path).vendors] == ["Бета", "Гамма"]


def test_a_command_that_saves_an_older_file_writes_its_percents_as_shares_in_place(tmp_path: Path) -> None:
    path = tmp_path / "callscout.yaml"
    path.write_text(
        "name: Магазин\nneeds:\n  calls_per_month: 3000\n  service_level:\n    percent: 85  # как в договоре\n"
        "    seconds: 20\nvendors:\n  - name: Альфа\n",
        encoding="utf-8",
    )
    added = callscout("vendor", "add", "--name", "Бета", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert "needs.service_level.percent: проценты (85) прочитаны как доля share: 0.85" in " ".join(added.stderr.split())
    assert "    share: 0.85  # как в договоре\n    seconds: 20\n" in path.read_text(encoding="utf-8")


def test_a_percent_where_a_share_belongs_is_read_with_a_russian_warning(tmp_path: Path) -> None:
    (tmp_path / "callscout.yaml").write_text(
        "name: x\nneeds:\n  calls_per_month: 100\n  max_abandon_rate: 5\n", encoding="utf-8"
    )
    result = callscout("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "callscout.yaml: строка 4, needs.max_abandon_rate: 5 больше 1 — прочитано как 5 % (доля 0.05)" in (
        " ".join(result.stderr.split())
    )
    assert "Warning" not in result.stderr and ".py:" not in result.stderr  # the user's line, not Python's
