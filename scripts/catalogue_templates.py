"""Move the templates' inline pairs into the message catalogue: ``{{ t("ru", "en") }}`` in a Jinja template of the
cabinet or the report becomes ``{{ msg("<web|report>.templates.<page>.<name>") }}``, its texts an entry of
``src/callscout/present/texts/<web|report>.py``. ``t`` and ``msg`` choose the same language (the page's), so the page
reads the same. A pair already in the catalogue keeps its key. Pairs built from expressions are left as they are.

    python scripts/catalogue_templates.py
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue_codemod import ROOT, catalogue_pairs, escaped_braces, key_for, write_entries

PAIR = re.compile(r'\bt\(\s*"([^"\\]*)"\s*,\s*"([^"\\]*)"\s*\)')


def main() -> None:
    pairs, keys = catalogue_pairs()
    new: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    moved = 0
    for area in ("web", "report"):
        for path in sorted((ROOT / area / "templates").rglob("*")):
            if path.suffix not in (".html", ".j2"):
                continue
            page = path.name.split(".")[0]
            prefix = f"{area}.templates.{page}"

            def replace(match: re.Match[str], prefix: str = prefix, area: str = area) -> str:
                # ``t`` returns its text as written: braces are literal, so the catalogue doubles them.
                pair = (escaped_braces(match.group(1)), escaped_braces(match.group(2)))
                key = key_for(pair, prefix, area, pairs, keys, new)
                return f'msg("{key}")'

            text = path.read_text(encoding="utf-8")
            changed, count = PAIR.subn(replace, text)
            if count:
                path.write_text(changed, encoding="utf-8")
                moved += count
    write_entries(new)
    print(f"moved {moved} template pairs into the catalogue")


if __name__ == "__main__":
    main()
