"""The one registration mechanism (``callscout.registry``) and the registries built on it: a package is walked
on first use (not at import), its parts are ordered by their declared order, helpers (``_name``) are skipped,
a part missing from the protocol or a key used twice is an error naming it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from callscout.registry import Registry, classes_in, package_modules, require


def _package(root: Path, name: str, modules: dict[str, str]) -> str:
    folder = root / name
    folder.mkdir()
    (folder / "__init__.py").write_text("class Part:\n    code = None\n    order = 0\n", encoding="utf-8")
    for module, source in modules.items():
        (folder / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return name


@pytest.fixture
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_walks_public_modules_in_declared_order(plugins: Path) -> None:
    name = _package(
        plugins,
        "walked_parts",
        {
            "alpha": "from walked_parts import Part\nclass A(Part):\n    code = 'a'\n    order = 20\n",
            "beta": "from walked_parts import Part\nclass B(Part):\n    code = 'b'\n    order = 10\n"
            "class Helper:\n    code = 'not a part'\n",
            "_helpers": "raise RuntimeError('helpers are not walked')\n",
        },
    )
    base = __import__(name).Part
    registry = Registry(name, classes_in(base), key=lambda part: part.code)
    assert f"{name}.alpha" not in sys.modules, "nothing is imported before the first lookup"
    assert list(registry) == ["b", "a"]
    assert [module.__name__ for module in package_modules(name)] == [f"{name}.alpha", f"{name}.beta"]
    assert registry["a"].__name__ == "A" and len(registry) == 2


def test_threads_asking_at_once_share_one_walk(plugins: Path) -> None:
    """The audit walks the checks in a background thread while the crawl runs; a check asking meanwhile waits for
    that walk instead of walking again (a second walk could replace a dict a test had patched)."""
    import threading
    import time

    name = _package(
        plugins,
        "slow_parts",
        {"alpha": "import time\nfrom slow_parts import Part\ntime.sleep(0.2)\nclass A(Part):\n    code = 'a'\n"},
    )
    registry = Registry(name, classes_in(__import__(name).Part), key=lambda part: part.code)
    walks = []
    walk = registry._walk

    def counted() -> dict:
        walks.append(1)
        return walk()

    registry._walk = counted  # type: ignore[method-assign]
    seen: list[dict] = []
    threads = [threading.Thread(target=lambda: seen.append(registry.loaded())) for _ in range(4)]
    for thread in threads:
        thread.start()
        time.sleep(0.01)
    for thread in threads:
        thread.join()
    assert len(walks) == 1 and len(seen) == 4
    assert all(parts is seen[0] for parts in seen) and list(seen[0]) == ["a"]


def test_a_key_used_twice_is_an_error(plugins: Path) -> None:
    name = _package(
        plugins,
        "twice_parts",
        {
            "one": "from twice_parts import Part\nclass A(Part):\n    code = 'same'\n",
            "two": "from twice_parts import Part\nclass B(Part):\n    code = 'same'\n",
        },
    )
    registry = Registry(name, classes_in(__import__(name).Part), key=lambda part: part.code)
    with pytest.raises(ValueError, match="two parts named same"):
        list(registry)


def test_a_module_missing_the_protocol_is_named(plugins: Path) -> None:
    name = _package(plugins, "protocol_parts", {"half": "NAME = 'half'\n"})
    (module,) = package_modules(name)
    with pytest.raises(TypeError, match=r"format protocol_parts.half lacks sniff, plan"):
        require(module, ("NAME", "sniff", "plan"), "format")


def test_importing_the_registries_walks_nothing() -> None:
    """No work at import time: the checks, formats and criteria are found on first use only."""
    code = (
        "import sys\n"
        "import callscout.web_audit.base, callscout.calls.formats, callscout.legal.checks, callscout.scoring.criteria\n"
        "import callscout.scoring, callscout.rfp\n"
        "walked = [name for name in sys.modules if name.startswith(('callscout.web_audit.checks.',"
        " 'callscout.legal.checks.', 'callscout.calls.presets.')) and not name.rsplit('.', 1)[1].startswith('_')]\n"
        "if callscout.scoring.criteria.catalogue.cache_info().currsize:\n"
        "    walked.append('criteria.yaml')\n"
        "print(walked)\n"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]", output


def test_every_registry_finds_its_parts() -> None:
    from callscout.calls.formats import all_formats
    from callscout.legal.checks import all_checks as legal_checks
    from callscout.web_audit.base import all_checks as site_checks

    # The site checks' order is the order of their findings in the audit and the report.
    assert [check.code for check in site_checks()] == [
        "call_recordings",
        "news",
        "clients_and_reviews",
        "contacts",
        "experience_claims",
        "privacy_policy",
        "requisites",
        "services_and_prices",
        "site_basics",
        "text_quality",
    ]
    formats = list(all_formats())
    assert formats[0] == "anonymous_bank" and formats[-1] == "generic"
    assert formats.index("freeswitch_json") < formats.index("bitrix24") < formats.index("generic")
    assert next(check.code for check in legal_checks()) == "identifiers"
    from callscout.web.app import AREAS

    # The cabinet's areas in their routes' order; the package's helpers (forms, security...) are not areas.
    assert [name.rsplit(".", 1)[1] for name in AREAS] == [
        "audits",
        "checks",
        "economics",
        "ranking",
        "calls",
        "insights",
        "recordings",
        "jobs",
        "live",
    ]
