"""Every run keeps its result document: `callscout report runs` lists them, `report show` writes the latest run's
report by default and an earlier run's with --run, from the store (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callscout import evalfile
from callscout.jobs.tasks import drop_files_of_pruned_runs
from callscout.store import Store
from tests.test_cli import callscout


def test_report_show_opens_the_latest_run_or_an_earlier_one(
    tmp_path: Path, demo_yaml: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "callscout.yaml"
    file.write_text(demo_yaml, encoding="utf-8")
    first = callscout("evaluate", "callscout.yaml", "--formats", "json", "--output", "json", cwd=tmp_path)
    assert first.returncode in (0, 1), first.stderr
    # The buyer's name changes between the runs: each run's report says the name it was run with.
    buyer = next(line for line in demo_yaml.splitlines() if line.startswith("buyer:"))
    file.write_text(demo_yaml.replace(buyer, "buyer: ООО «Второй прогон»"), encoding="utf-8")
    second = callscout("evaluate", "callscout.yaml", "--formats", "json", "--output", "json", cwd=tmp_path)
    assert second.returncode in (0, 1), second.stderr

    listed = callscout("report", "runs", "--output", "json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    runs = json.loads(listed.stdout)
    assert len(runs) == 2 and runs[0]["run"] > runs[1]["run"]
    assert runs[0]["winner"] == json.loads(second.stdout)["winner"]
    assert runs[0]["options"]["online"] is False and runs[0]["options"]["formats"] == ["json"]
    table = callscout("report", "runs", cwd=tmp_path)
    assert table.returncode == 0 and str(runs[1]["run"]) in table.stdout and "Прогоны" in table.stdout

    latest = callscout("report", "show", "--out", "latest", "--output", "json", cwd=tmp_path)
    assert latest.returncode == 0, latest.stderr
    latest_json = json.loads((tmp_path / "latest" / "report.json").read_text(encoding="utf-8"))
    assert latest_json["evaluation"]["buyer"] == "ООО «Второй прогон»"
    assert (tmp_path / "latest" / "report.xlsx").is_file()  # the default formats, written from the store

    earlier = callscout("report", "show", "--run", str(runs[1]["run"]), "--out", "earlier", cwd=tmp_path)
    assert earlier.returncode == 0, earlier.stderr
    earlier_json = json.loads((tmp_path / "earlier" / "report.json").read_text(encoding="utf-8"))
    assert earlier_json["evaluation"]["buyer"] != "ООО «Второй прогон»"
    assert "Рейтинг" in earlier.stdout  # the ranking, as `evaluate` prints it

    missing = callscout("report", "show", "--run", "999999", cwd=tmp_path)
    assert missing.returncode != 0 and "нет прогона 999999" in missing.stderr

    # Past CALLSCOUT_KEEP_RUNS the next run's save drops the oldest: the store does not grow with every build.
    monkeypatch.setenv("CALLSCOUT_KEEP_RUNS", "2")
    third = callscout("evaluate", "callscout.yaml", "--formats", "json", "--output", "json", cwd=tmp_path)
    assert third.returncode in (0, 1), third.stderr
    kept = json.loads(callscout("report", "runs", "--output", "json", cwd=tmp_path).stdout)
    assert len(kept) == 2 and kept[1]["run"] == runs[0]["run"] and kept[0]["run"] > runs[0]["run"]
    dropped = callscout("report", "show", "--run", str(runs[1]["run"]), "--out", "dropped", cwd=tmp_path)
    assert dropped.returncode != 0 and f"нет прогона {runs[1]['run']}" in dropped.stderr


def test_a_cabinet_build_drops_the_downloaded_files_of_runs_the_store_no_longer_keeps(
    store: Store, demo_yaml: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CALLSCOUT_KEEP_RUNS", "2")
    evaluation, _ = evalfile.parse_text(demo_yaml)
    evaluation_id = store.save_evaluation(evaluation, "/tmp/demo.yaml")
    saved = [store.save_result_document(evaluation_id, {"sections": [], "n": n}) for n in range(3)]
    runs_dir = tmp_path / "reports" / str(evaluation_id) / "runs"
    for run in saved:
        (runs_dir / str(run)).mkdir(parents=True)
        (runs_dir / str(run) / "report.html").write_text("<html></html>", encoding="utf-8")
    (runs_dir / f"{saved[2]}.abc.part").mkdir()  # a download being written: not a run's folder, left alone
    assert drop_files_of_pruned_runs(store, evaluation_id, runs_dir) == 1
    assert sorted(path.name for path in runs_dir.iterdir()) == sorted(
        [str(saved[1]), str(saved[2]), f"{saved[2]}.abc.part"]
    )
    assert drop_files_of_pruned_runs(store, evaluation_id, tmp_path / "nothing") == 0
