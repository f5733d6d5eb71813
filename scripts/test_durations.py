"""Write tests/durations.json (seconds per test file) from a pytest JUnit report, for `make test`'s order.

    .venv/bin/python -m pytest -n 2 --dist loadfile --junitxml=/tmp/junit.xml
    .venv/bin/python scripts/test_durations.py /tmp/junit.xml

Under pytest-xdist the files are handed out in the order tests/conftest.py gives them: longest first, so that
the two workers finish together. Only the order depends on these figures, never a result; a file missing
from the table runs after the listed ones.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from pathlib import Path

TABLE = Path(__file__).resolve().parents[1] / "tests" / "durations.json"


def file_seconds(junit: Path) -> dict[str, float]:
    seconds: dict[str, float] = defaultdict(float)
    for case in ElementTree.parse(junit).iter("testcase"):
        # classname "tests.web_audit.test_checks" or "tests.test_x.TestClass": the file is the test_ part
        parts = case.get("classname", "").split(".")
        last = max(index for index, part in enumerate(parts) if part.startswith("test_"))
        seconds["/".join(parts[: last + 1]) + ".py"] += float(case.get("time", 0))
    return dict(seconds)


def main(junit: str) -> None:
    seconds = file_seconds(Path(junit))
    ordered = dict(sorted(((name, round(value, 1)) for name, value in seconds.items()), key=lambda kv: -kv[1]))
    TABLE.write_text(json.dumps(ordered, indent=1) + "\n", encoding="utf-8")
    print(f"{TABLE}: {len(ordered)} files, {sum(ordered.values()):.0f} s")


if __name__ == "__main__":
    main(*sys.argv[1:])
