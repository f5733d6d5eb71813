"""Start-up stays lean: the CLI module imports no command, and short commands import only what they use.

Budgets are in module counts and in import time *relative to Typer's own import measured in the same test*
(``-X importtime``), never in wall-clock seconds of the test: the machine is shared. The whole-process
seconds are benchmarks (``python -m bench startup``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.core import TyperCommand, TyperGroup

from callscout.cli.main import LAZY_COMMANDS, app, resolve_lazy_command

# What `import callscout.cli.main` may cost in all (Typer itself is about 140 modules) ...
MODULE_BUDGET = 200
# ... and what its own modules may cost on top of Typer, as a share of Typer's import measured in the same
# process (`import typer; import callscout.cli.main` under -X importtime), so a neighbour's load hits both.
OWN_TIME_BUDGET_VS_TYPER = 0.5
HEAVY = (
    "pydantic",
    "sqlalchemy",
    "alembic",
    "numpy",
    "scipy",
    "duckdb",
    "phonenumbers",
    "argon2",
    "weasyprint",
    "fastapi",
    "callscout.pipeline",
    "callscout.store",
    "callscout.evalfile",
)


def import_profile(code: str) -> dict[str, int]:
    """Cumulative import time (microseconds) of every module ``code`` imported, in a fresh interpreter."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    cumulative: dict[str, int] = {}
    for line in completed.stderr.splitlines():
        _self_us, cumulative_us, name = line.removeprefix("import time:").split("|")
        if cumulative_us.strip().isdigit():  # not the header line
            cumulative[name.strip()] = int(cumulative_us)
    return cumulative


def process_modules(*arguments: str) -> set[str]:
    """Modules a whole `callscout ARGS` process imported, from its -X importtime report."""
    code = f"import sys; sys.argv = ['callscout', *{list(arguments)!r}]; from callscout.cli.main import run; run()"
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return {line.split("|")[-1].strip() for line in completed.stderr.splitlines() if line.startswith("import time:")}


def heavy_in(modules: set[str], heavy_modules: tuple[str, ...] = HEAVY) -> list[str]:
    return sorted(
        name for name in modules if any(name == heavy or name.startswith(heavy + ".") for heavy in heavy_modules)
    )


def test_cli_module_imports_within_budget() -> None:
    modules = import_profile("import callscout.cli.main")
    assert heavy_in(set(modules)) == [] and "rich.console" not in modules  # --version prints without Rich
    assert len(modules) <= MODULE_BUDGET, f"{len(modules)} modules imported by callscout.cli.main"
    shares = []
    for _ in range(3):  # best of three: the machine is shared
        profile = import_profile("import typer; import callscout.cli.main")
        shares.append(profile["callscout.cli.main"] / profile["typer"])
    assert min(shares) <= OWN_TIME_BUDGET_VS_TYPER, shares


@pytest.mark.parametrize("arguments", [("--version",), ("--help",), ("staffing", "--help")])
def test_short_commands_import_nothing_heavy(arguments: tuple[str, ...]) -> None:
    # Typer itself imports pydantic (typer._adapters) to build any command with parameters: not ours to avoid.
    process_heavy = tuple(name for name in HEAVY if name != "pydantic")
    assert heavy_in(process_modules(*arguments), process_heavy) == []


def test_erlang_imports_the_maths_not_the_store() -> None:
    modules = process_modules("staffing", "erlang", "--calls", "100", "--aht", "180", "--output", "json")
    assert "callscout.economics.erlang" in modules
    for heavy in (
        "callscout.pipeline",
        "callscout.store",
        "sqlalchemy",
        "alembic",
        "duckdb",
        "weasyprint",
        "scipy.stats",
    ):
        assert heavy not in modules, heavy


def test_every_lazy_command_resolves_with_its_help_line() -> None:
    for name, (target, help_text) in LAZY_COMMANDS.items():
        command = resolve_lazy_command(name)
        assert isinstance(command, TyperCommand | TyperGroup) and command.name == name, target
        first_line = (command.help or "").strip().splitlines()[0]
        # A single command's docstring and the table's line are the same words (--help shows the table's).
        if isinstance(command, TyperCommand):
            assert first_line == help_text, (name, first_line)


def test_help_lists_every_command_and_evaluate_has_no_hidden_run() -> None:
    from typer.testing import CliRunner

    runner = CliRunner()
    listed = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0
    for name in LAZY_COMMANDS:
        assert f" {name} " in listed.output, name
    evaluate = runner.invoke(app, ["evaluate", "--help"], env={"COLUMNS": "200"})
    assert evaluate.exit_code == 0 and "--out" in evaluate.output
    assert "Commands" not in evaluate.output and " run " not in evaluate.output


def test_unknown_command_suggests_a_lazy_one() -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["staffin"])
    assert result.exit_code != 0 and "staffing" in result.output


@pytest.mark.parametrize(("arguments", "code", "shown"), [(["--version"], 0, "callscout "), (["staffin"], 2, "")])
def test_the_program_leaves_without_teardown_but_with_its_exit_handlers_and_code(
    arguments: list[str], code: int, shown: str
) -> None:
    """``program`` (the installed ``callscout``, ``python -m callscout``) ends with os._exit after the exit
    handlers: the exit code and every line written are kept."""
    script = (
        "import atexit, sys; atexit.register(lambda: print('exit handler ran', flush=False)); "
        f"sys.argv = ['callscout', *{arguments!r}]; from callscout.cli.main import program; program()"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert completed.returncode == code, completed.stderr[-2000:]
    assert shown in completed.stdout and completed.stdout.rstrip().endswith("exit handler ran")


def test_an_offline_evaluate_without_call_logs_imports_no_duckdb(tmp_path: Path) -> None:
    from callscout import evalfile
    from tests.scoring_docs import VendorSpec, document_for

    _document, evaluation = document_for([VendorSpec("Альфа"), VendorSpec("Бета", monthly_cost=210_000)])
    path = tmp_path / "evaluation.yaml"
    path.write_text(evalfile.dump(evaluation), encoding="utf-8")
    modules = process_modules("evaluate", str(path), "--out", str(tmp_path / "out"), "--formats", "html,json")
    assert "callscout.pipeline" in modules
    assert heavy_in(modules, ("duckdb", "weasyprint", "openpyxl", "scipy.stats", "altair")) == []
