"""What a reader must not see: the detector behind tests/test_leftovers.py.

In a Russian text: numbers written with a decimal point («55.4»), snake_case identifiers of the data model
(«abandon_rate»), English status words («owner», «high», «answered»). In an English text: Cyrillic words that are
not data from outside (vendor names, site excerpts, the buyer's own texts). Things that legitimately look alike
are removed first, each with its reason: dates («12.11.2026»), IP addresses and versions, URLs, host and file
names, ОКВЭД codes of the legal data, «…» quotations of the vendors' own pages, and the report's
«report.json: path» notes, which name a field of the data file on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

_ALWAYS_ASIDE = [
    (re.compile(r"report\.json: \S+(?: \S+)?"), "a path note names a field of report.json on purpose"),
    (re.compile(r"https?://\S+|\b[\w.-]+@[\w.-]+\b"), "addresses"),
    (
        re.compile(
            r"\b[\w-]+(?:\.[\w-]+)*\.(?:example|ru|com|рф|org|net|wav|mp3|csv|tsv|json|yaml|xlsx|pdf|html|txt|log)\b"
        ),
        "host and file names",
    ),
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b"), "IP addresses"),
    (re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b"), "dates"),
    (re.compile(r"\b\d+\.\d+\.\d+\b"), "versions"),
    (re.compile(r"«[^«»]{12,}»"), "quotations of a vendor's page or answer, its own words"),
    (re.compile(r"`[a-z0-9_]+`"), "identifiers marked as code (a key of the evaluation file), in plain text"),
]
_DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
_ISO_DATE = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")
_SCIENTIFIC = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?[eE][-+]?\d+\b")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
ENGLISH_WORDS = (
    "pass|fail|failed|warn|warning|unknown|owner|analyst|viewer|answered|abandoned|missed|high|medium|low|"
    "done|running|queued|cancelled|interrupted|yes|no|true|false|none|null|eligible|excluded|unchecked|admitted|"
    "knocked_out|better|worse|same|different|erlang_c|erlang_a"
)
_ENGLISH = re.compile(rf"(?<![\w-])(?:{ENGLISH_WORDS})(?![\w-])")
# A spelling mistake of a vendor's page and the dictionary's correction («зделаем → сделаем»): the vendor's words.
_CORRECTION = re.compile(r"→ [А-Яа-яЁё-]+")
_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё][А-Яа-яЁё-]*")


@dataclass(frozen=True)
class Leftover:
    where: str
    kind: str
    found: str
    line: str

    def __str__(self) -> str:
        return f"{self.where}: {self.kind} «{self.found}» in: {self.line[:160]}"


def visible_text(html: str) -> str:
    """The text a person sees on a page: no scripts, styles, charts (drawn by their own locale), form values,
    and no ``<code>`` (identifiers shown as such, for the evaluation file)."""
    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, svg, code, textarea, option, select, template"):
        node.decompose()
    # A part marked as another language is that language on purpose (the «Русский» / «English» switch).
    page = tree.css_first("html")
    page_lang = page.attributes.get("lang") if page is not None else None
    for node in tree.css("body [lang]"):
        if node.attributes.get("lang") != page_lang:
            node.decompose()
    body = tree.body or tree.root
    return body.text(separator="\n") if body is not None else ""


def _lines(text: str) -> Iterable[str]:
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            yield line


def russian_leftovers(where: str, text: str, *, aside: Iterable[str] = ()) -> list[Leftover]:
    """``aside``: exact strings that are data here (ОКВЭД codes of the legal section, the demo's own words)."""
    found = []
    skipped = sorted({item for item in aside if item}, key=len, reverse=True)
    for line in _lines(text):
        clean = line
        for pattern, _reason in _ALWAYS_ASIDE:
            clean = pattern.sub(" ", clean)
        for item in skipped:
            clean = clean.replace(item, " ")
        for kind, pattern in (
            ("decimal point", _DECIMAL_POINT),
            ("snake_case", _SNAKE),
            ("English word", _ENGLISH),
            ("ISO date", _ISO_DATE),
            ("scientific notation", _SCIENTIFIC),
        ):
            found += [Leftover(where, kind, match.group(), line) for match in pattern.finditer(clean)]
    return found


# Names of Russian registers and numbers, written so in English too (as «GmbH» stays «GmbH» in a Russian text).
RUSSIAN_TERMS = frozenset(
    {"инн", "кпп", "огрн", "огрнип", "оквэд", "егрюл", "егрип", "фнс", "ифнс", "ооо", "ип", "ао", "пао"}
)


def english_leftovers(where: str, text: str, *, data_text: str) -> list[Leftover]:
    """Cyrillic words in an English text that do not occur in ``data_text`` (the inputs' own text, lowercase:
    vendor names, their pages, the buyer's file; a word cut short in an excerpt occurs there too)."""
    found = []
    for line in _lines(text):
        clean = line
        for pattern, _reason in _ALWAYS_ASIDE:
            clean = pattern.sub(" ", clean)
        clean = _CORRECTION.sub(" ", clean)
        found += [
            Leftover(where, "Cyrillic word", match.group(), line)
            for match in _CYRILLIC_WORD.finditer(clean)
            if match.group().lower() not in RUSSIAN_TERMS and match.group().lower().strip("-") not in data_text
        ]
    return found


_LATIN_PHRASE = re.compile(r"\b[A-Za-z]{2,}(?:[ ,']+[A-Za-z]{2,}){2,}\b")


def english_phrases(where: str, text: str) -> list[Leftover]:
    """Three English words in a row in a Russian text (a message left in the language its run used); addresses,
    file names and quotations of the vendors' own pages are set aside as everywhere."""
    found = []
    for line in _lines(text):
        clean = line
        for pattern, _reason in _ALWAYS_ASIDE:
            clean = pattern.sub(" ", clean)
        found += [Leftover(where, "English phrase", match.group(), line) for match in _LATIN_PHRASE.finditer(clean)]
    return found


def okved_codes(document: dict) -> set[str]:
    """The ОКВЭД codes the legal data holds (written with points by definition, not numbers)."""
    codes: set[str] = set()

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                walk(item, str(name))
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and "okved" in key.lower():
            codes.update(re.findall(r"\d{2}(?:\.\d{1,2}){1,3}", value))

    walk(document)
    return codes | {"82.20"}  # the call-center code the legal check names in its messages
