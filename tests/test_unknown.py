"""Unknown is never a pass: what no check confirmed is unknown, with its reason and the command that settles it.

The demo evaluation run as a new user runs it (a fresh store, no network) must not admit a vendor whose
knock-outs nobody checked, must not be sure of its winner, and must list the checks to run; with the
checks (online against the demo's local servers, or the demo's own stored ones) it must agree with the demo.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callscout import evalfile
from callscout.demo import DEMO_DAY, demo_evaluation_path, demo_sites
from callscout.legal.demo import DEMO_TOKEN, demo_legal_services
from callscout.model.run import RunOptions
from callscout.present.findings import said
from callscout.scoring.criteria import BY_ID, CRITERIA
from callscout.scoring.engine import _totals, decide
from tests.conftest import DemoRun

ONLINE_CRITERIA = [item.id for item in CRITERIA if item.check is not None]


def _cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "callscout", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def demo(demo_run: DemoRun, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """The suite's shared demo run (a demo costs most of a minute of CPU): its store and call files copied,
    since ``evaluate`` writes to the store it is given."""
    folder = tmp_path / "demo"
    folder.mkdir()
    for source in demo_run.out.iterdir():
        if source.name.startswith("callscout-demo."):
            copy = shutil.copytree if source.is_dir() else shutil.copy2
            copy(source, folder / source.name)
    return folder, demo_run.document


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], str]:
    """``callscout evaluate`` on the demo file in a fresh store, no network: what a new user gets."""
    home = tmp_path_factory.mktemp("fresh-home")
    out = home / "report"
    env = {"CALLSCOUT_HOME": str(home), "CALLSCOUT_ONLINE": "", "CALLSCOUT_DADATA_TOKEN": ""}
    completed = _cli("evaluate", str(demo_evaluation_path()), "--out", str(out), env=env)
    assert completed.returncode in (0, 1), completed.stderr
    return out, json.loads((out / "report.json").read_text("utf-8")), completed.stdout


def test_no_vendor_is_admitted_on_unchecked_knockouts(offline: tuple[Path, dict[str, Any], str]) -> None:
    _out, document, _stdout = offline
    vendors = document["scoring"]["vendors"]
    assert vendors
    for vendor in vendors:
        unchecked = [item for item in vendor["knockouts"] if item["status"] == "unknown"]
        # The register was never asked: nothing clears liquidation, whatever other legal flags say.
        liquidated = next(item for item in vendor["knockouts"] if item["rule"] == "liquidated_entity")
        assert liquidated["status"] == "unknown", vendor["name"]
        assert liquidated["note"] and liquidated["action"]
        assert (
            unchecked
            and vendor["status"] == "unchecked"
            and said(vendor["status_label"], language="ru") == "не проверен"
        )
        assert vendor["conditional"] is True
        for item in vendor["knockouts"]:
            assert item["status"] != "clear" or item["evidence"], (vendor["name"], item)


def test_each_online_criterion_is_unknown_with_a_reason(offline: tuple[Path, dict[str, Any], str]) -> None:
    _out, document, _stdout = offline
    for vendor in document["scoring"]["vendors"]:
        for cid in ONLINE_CRITERIA:
            cell = vendor["criteria"].get(cid)
            if cell is None or cid == "site_landline":
                # Landlines are read from the evaluation file's phones when no site audit ran: real evidence.
                continue
            assert cell["value"] is None and cell["score"] is None, (vendor["name"], cid, cell)
            assert cell["note"], (vendor["name"], cid)
            assert said(cell["display"], language="ru") != "0"


def test_offline_confidence_is_not_high_and_first_screen_lists_checks(
    offline: tuple[Path, dict[str, Any], str],
) -> None:
    out, document, stdout = offline
    scoring = document["scoring"]
    assert scoring["confidence"]["level"] != "high"
    assert scoring["unknowns"]["winner_can_change"] or scoring["unknowns"]["knockout_can_change"]
    assert any(
        "при худшем исходе непроверенного первым был бы" in said(reason, language="ru")
        for reason in scoring["confidence"]["reasons"]
    )
    checks = scoring["checks_to_run"]
    assert {item["check"] for item in checks} >= {"site", "legal"}
    assert all(item["reason"] and item["action"] for item in checks)
    html = (out / "report.html").read_text("utf-8")
    first_screen = html[html.index('id="summary"') : html.index('id="vendor-1"')]
    assert "Проверьте до подписания" in first_screen
    assert "callscout legal vendors --file" in first_screen and "--online" in first_screen
    assert "если проверка пройдёт" in first_screen
    assert "допущен<" not in first_screen
    assert "Проверьте до подписания" in stdout and "не проверен" in stdout


def test_every_knockout_rule_without_network_is_unknown_with_a_reason(tmp_path: Path) -> None:
    """All built-in knock-outs, no network and an empty store: none is clear without evidence."""
    from callscout import pipeline
    from callscout.model.scoring import KnockOut, ScoringSettings
    from callscout.scoring.engine import KNOCKOUT_RULES
    from callscout.store import Store

    evaluation = evalfile.load(demo_evaluation_path())
    rules = [KnockOut(rule=rule) for rule in KNOCKOUT_RULES]
    scoring = (evaluation.scoring or ScoringSettings()).model_copy(update={"knockouts": rules, "monte_carlo_runs": 200})
    # One vendor without phones in the file: its landline can only come from the site, which nobody audited.
    first = evaluation.vendors[0]
    silent = first.model_copy(update={"contacts": first.contacts.model_copy(update={"phones": []})})
    evaluation = evaluation.model_copy(update={"scoring": scoring, "vendors": [silent, *evaluation.vendors[1:]]})
    store = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        result = pipeline.run(evaluation, store, tmp_path / "out", options=RunOptions(formats=("json",)))
    finally:
        store.close()
    vendors = {vendor["name"]: vendor for vendor in result.document["scoring"]["vendors"]}
    for name, vendor in vendors.items():
        outcomes = {item["rule"]: item for item in vendor["knockouts"]}
        assert set(outcomes) == set(KNOCKOUT_RULES)
        for rule in ("no_privacy_policy", "liquidated_entity", "legal_failed"):
            assert outcomes[rule]["status"] == "unknown", (name, rule)
            assert outcomes[rule]["note"] and outcomes[rule]["action"], (name, rule)
        for item in outcomes.values():
            # The evaluation file's phones and the questionnaire are evidence too; a clear always shows it.
            assert item["status"] != "clear" or item["evidence"], (name, item)
        # Never admitted on unchecked knock-outs; excluded only by one that has its evidence (a "no" answer).
        knocked = [item for item in outcomes.values() if item["status"] == "knocked_out"]
        assert vendor["status"] == ("excluded" if knocked else "unchecked"), name
        assert all(item["evidence"] for item in knocked), name
    landline = {item["rule"]: item for item in vendors[silent.name]["knockouts"]}["only_mobile_phone"]
    assert landline["status"] == "unknown" and landline["note"]


def test_the_named_commands_exist(tmp_path: Path) -> None:
    """The actions the report names run as written: legal vendors --online and evaluate --online are real."""
    for command in (("legal", "vendors", "--help"), ("evaluate", "run", "--help"), ("audit", "--help")):
        completed = _cli(*command)
        assert completed.returncode == 0, completed.stderr
    assert "--online" in _cli("legal", "vendors", "--help").stdout
    assert "--online" in _cli("evaluate", "run", "--help").stdout
    assert "--file" in _cli("audit", "--help").stdout


def test_without_a_dadata_key_the_reason_says_how_to_get_one(tmp_path: Path) -> None:
    yaml_file = tmp_path / "callscout.yaml"
    yaml_file.write_text(demo_evaluation_path().read_text("utf-8"), "utf-8")
    completed = _cli(
        "legal",
        "vendors",
        "--file",
        str(yaml_file),
        "--online",
        "--output",
        "json",
        env={"CALLSCOUT_DADATA_TOKEN": "", "CALLSCOUT_DADATA_URL": "http://127.0.0.1:9/"},
        timeout=120,
    )
    results = json.loads(completed.stdout)
    reasons = {block["registry_reason"] for block in results.values() if block["registry_reason"]}
    assert reasons and all("dadata.ru/profile" in reason and "CALLSCOUT_DADATA_TOKEN" in reason for reason in reasons)


def _summary(document: dict[str, Any]) -> dict[str, Any]:
    scoring = document["scoring"]
    return {
        "winner": scoring["winner"],
        "ranking": scoring["ranking"],
        "statuses": {vendor["name"]: vendor["status"] for vendor in scoring["vendors"]},
        "knockouts": {
            vendor["name"]: {item["rule"]: item["status"] for item in vendor["knockouts"]}
            for vendor in scoring["vendors"]
        },
        "confidence": scoring["confidence"]["level"],
    }


def test_evaluate_with_the_demos_stored_checks_matches_the_demo(
    demo: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, document = demo
    out = tmp_path / "report"
    env = {"CALLSCOUT_DATABASE_URL": f"sqlite:///{folder / 'callscout-demo.db'}", "CALLSCOUT_ONLINE": ""}
    as_of = ["--as-of", DEMO_DAY.isoformat()]  # the demo's day, as the demo counted ages and freshness
    completed = _cli("evaluate", str(demo_evaluation_path()), "--out", str(out), *as_of, env=env)
    assert completed.returncode == 0, completed.stderr
    again = json.loads((out / "report.json").read_text("utf-8"))
    assert _summary(again) == _summary(document)
    totals = {vendor["name"]: vendor["total"] for vendor in again["scoring"]["vendors"]}
    assert totals == {vendor["name"]: vendor["total"] for vendor in document["scoring"]["vendors"]}
    assert not again["scoring"]["checks_to_run"]


def test_evaluate_online_against_the_demos_servers_matches_the_demo(
    demo: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """Given the demo's inputs, ``evaluate --online`` gives the demo's figures, totals included; without
    them it names each input it lacks (and for whom), instead of differing silently."""
    from callscout.demo.quality import seed_quality
    from callscout.store import Store

    _folder, document = demo
    evaluation = evalfile.load(demo_evaluation_path())
    # The demo tells its story as of its own day (DEMO_DAY): the same day is given to `evaluate`.
    with demo_sites(evaluation) as sites, demo_legal_services(today=DEMO_DAY) as legal:
        args = ["evaluate", str(demo_evaluation_path()), "--output", "json", "--as-of", DEMO_DAY.isoformat()]
        for host, (address, port) in sites.overrides.items():
            args += ["--resolve", f"{host}={address}:{port}"]
        args += ["--whois-server", legal.whois.servers["*"]]  # type: ignore[index]
        # The demo's sites run TLS with a throwaway CA of the demo's: the user trusts it as he would his own.
        args += ["--ca-file", str(sites.trusted_ca)]
        env = {
            "CALLSCOUT_ONLINE": "1",
            "CALLSCOUT_DADATA_TOKEN": DEMO_TOKEN,
            "CALLSCOUT_DADATA_URL": legal.registry.base_url,  # type: ignore[attr-defined]
        }
        bare = _cli(*args, "--out", str(tmp_path / "bare"), env=env)
        assert bare.returncode == 0, bare.stderr
        printed = json.loads(bare.stdout)
        assert printed["online"] is True and printed["checks_to_run"] == []
        # The demo also seeds recordings, grades, quizzes and test calls into its store; this store has none.
        lacking = {item["input"]: item for item in printed["inputs_missing"]}
        bare_quality = json.loads((tmp_path / "bare" / "report.json").read_text("utf-8"))["quality"]
        without = lacking["recordings"]["vendors"]
        assert without and all(not bare_quality[name]["recordings"] for name in without)
        assert any(document["quality"][name]["recordings"] for name in without)  # what the demo had and this lacks
        assert "callscout audio check" in lacking["recordings"]["action"]
        # The call logs come with the evaluation file: lacking for the same vendors as in the demo.
        assert set(lacking["call_log"]["vendors"]) == {
            vendor["name"] for vendor in document["vendors"] if vendor["name"] not in document["calls"]["vendors"]
        }
        # The same inputs: seeded the demo's way into the user's store.
        store = Store()
        try:
            seed_quality(store, evaluation, tmp_path / "seeded")
        finally:
            store.close()
        full = _cli(*args, "--out", str(tmp_path / "full"), env=env)
    assert full.returncode == 0, full.stderr
    assert not any(item["input"] == "recordings" for item in json.loads(full.stdout)["inputs_missing"])
    again = json.loads((tmp_path / "full" / "report.json").read_text("utf-8"))
    assert _summary(again) == _summary(document)
    totals = {vendor["name"]: vendor["total"] for vendor in again["scoring"]["vendors"]}
    assert totals == {vendor["name"]: vendor["total"] for vendor in document["scoring"]["vendors"]}


# --- the property: "высокая" survives the unknowns at their worst ---------------------------------------------


@st.composite
def _cases(draw: st.DrawFn) -> dict[str, Any]:
    vendors = draw(st.integers(2, 5))
    criteria = draw(st.integers(2, 7))
    scores = draw(
        st.lists(
            st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]), min_size=criteria, max_size=criteria),
            min_size=vendors,
            max_size=vendors,
        )
    )
    # Most cells known: the interesting cases are those where a few unknowns remain.
    unknown = draw(
        st.lists(
            st.lists(
                st.booleans().map(lambda flag: flag and draw(st.booleans())), min_size=criteria, max_size=criteria
            ),
            min_size=vendors,
            max_size=vendors,
        )
    )
    weights = draw(st.lists(st.sampled_from([1.0, 2.0, 3.0]), min_size=criteria, max_size=criteria))
    policies = draw(st.lists(st.sampled_from(["worst", "median", "exclude"]), min_size=criteria, max_size=criteria))
    unchecked = draw(st.lists(st.booleans(), min_size=vendors, max_size=vendors))
    return {
        "scores": np.array(scores),
        "unknown": np.array(unknown, dtype=bool),
        "weights": np.array(weights) / sum(weights),
        "policies": policies,
        "unchecked": unchecked,
    }


def _headline(known: np.ndarray, policies: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The engine's missing-data policies on a matrix: worst 0, median of the known, or left out."""
    filled, mask = np.where(np.isnan(known), 0.0, known), ~np.isnan(known)
    for column, policy in enumerate(policies):
        gaps = np.isnan(known[:, column])
        if policy == "worst":
            mask[gaps, column] = True
        elif policy == "median" and (~gaps).any():
            filled[gaps, column] = float(np.median(known[~gaps, column]))
            mask[gaps, column] = True
    return filled, mask


@settings(max_examples=150, deadline=None)
@given(_cases())
def test_high_confidence_winner_survives_the_unknowns_at_their_worst(case: dict[str, Any]) -> None:
    names = [f"V{index}" for index in range(len(case["scores"]))]
    known = np.where(case["unknown"], np.nan, case["scores"])
    filled, mask = _headline(known, case["policies"])
    counted = np.ones_like(mask, dtype=bool)
    unchecked = {name: (["ko"] if flag else []) for name, flag in zip(names, case["unchecked"], strict=True)}
    completeness = {name: float(case["weights"][~case["unknown"][index]].sum()) for index, name in enumerate(names)}
    decision = decide(
        names,
        filled,
        mask,
        case["weights"],
        None,
        known_full=known,
        counted_full=counted,
        weights_full=case["weights"],
        unchecked_knockouts=unchecked,
        completeness=completeness,
    )
    if decision["confidence"]["level"] != "high":
        return
    winner = decision["winner"]
    # Every unknown at the worst of its scale; every unchecked knock-out fails: the winner must stay first.
    worst = np.where(np.isnan(known), 0.0, known)
    survivors = [index for index, name in enumerate(names) if not unchecked[name]]
    totals = _totals(worst[survivors], np.ones_like(worst[survivors], dtype=bool), case["weights"][None, :])[:, 0]
    best = max(totals)
    leaders = [names[survivors[index]] for index, total in enumerate(totals) if total >= best - 1e-9]
    assert winner in leaders


def test_the_property_sees_high_confidence_cases() -> None:
    """The property above is only worth something when "высокая" does occur: a clear, fully known lead."""
    names = ["A", "B"]
    known = np.array([[1.0, 1.0, 0.9], [0.2, 0.3, np.nan]])
    filled, mask = _headline(known, ["worst", "worst", "exclude"])
    decision = decide(
        names,
        filled,
        mask,
        np.array([0.4, 0.4, 0.2]),
        None,
        known_full=known,
        counted_full=np.ones_like(mask, dtype=bool),
        weights_full=np.array([0.4, 0.4, 0.2]),
        unchecked_knockouts={"A": [], "B": []},
        completeness={"A": 1.0, "B": 0.8},
    )
    assert decision["confidence"]["level"] == "high"
    assert BY_ID  # the catalogue the engine scores with is loaded
