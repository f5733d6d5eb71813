"""``callscout demo``: the whole pipeline on bundled, fictional data, with no network."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

from callscout import evalfile, pipeline
from callscout.demo.quality import seed_quality
from callscout.pipeline import PipelineResult
from callscout.store import Store


def demo_evaluation_path() -> Path:
    with as_file(files("callscout.demo").joinpath("data/evaluation.yaml")) as path:
        return Path(path)


def run_demo(out_dir: Path) -> PipelineResult:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    evaluation = evalfile.load(demo_evaluation_path())
    # The demo keeps its own database beside its report so it never mixes with the user's evaluations.
    store = Store(f"sqlite:///{(out_dir / 'callscout-demo.db').resolve()}")
    try:
        seed_quality(store, evaluation, out_dir)
        return pipeline.run(evaluation, store, out_dir, source_path=str(demo_evaluation_path()))
    finally:
        store.close()
