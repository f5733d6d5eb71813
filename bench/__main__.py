"""``python -m bench [--out DIR] [NAME ...]``: run the benchmarks and write their JSON results."""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

import bench


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    parser.add_argument("names", nargs="*", help="benchmark module names without the bench_ prefix")
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    modules = sorted(info.name for info in pkgutil.iter_modules(bench.__path__) if info.name.startswith("bench_"))
    if arguments.names:
        modules = [name for name in modules if name.removeprefix("bench_") in arguments.names]
    failures = 0
    for name in modules:
        started = time.perf_counter()
        module = importlib.import_module(f"bench.{name}")
        try:
            result = module.run()
        except Exception as error:  # noqa: BLE001 - one broken benchmark must not hide the others
            result = {"error": f"{type(error).__name__}: {error}"}
            failures += 1
        result["wall_s"] = round(time.perf_counter() - started, 3)
        path = arguments.out / f"{name.removeprefix('bench_')}.json"
        path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{name}: {json.dumps(result, ensure_ascii=False)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
