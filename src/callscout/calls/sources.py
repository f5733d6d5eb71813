"""Opening an uploaded call log safely: size bounds, compression, encoding, XLSX, delimiter.

Nothing here loads a whole file into Python objects: files are sampled at the head, hashed and
transcoded in fixed-size chunks, and XLSX sheets are streamed row by row into a temporary CSV.
DuckDB then reads the (possibly transcoded) file itself.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Protocol

from callscout.errors import DataError
from callscout.i18n import msg
from callscout.limits import limit

CHUNK = 4 * 1024 * 1024
SAMPLE_BYTES = 256 * 1024
# Hard ceilings, overridable for big installations; they bound a hostile upload, not normal work.
DEFAULT_MAX_BYTES = 16 * 1024**3
DEFAULT_MAX_XLSX_BYTES = 200 * 1024**2
DEFAULT_MAX_XLSX_ROWS = 2_000_000
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"


class Progress(Protocol):
    """How far an import is: ``phase`` is prepare (transcoding), read (parsing rows into Parquet),
    check (problems and duplicate ids) or commit; ``share`` 0..1 of that phase; ``rows`` once known."""

    def __call__(self, phase: str, share: float, rows: int | None = None) -> None: ...


def max_bytes() -> int:
    return int(os.environ.get("CALLSCOUT_CALLS_MAX_BYTES", DEFAULT_MAX_BYTES))


def sql_literal(text: str | Path) -> str:
    return "'" + str(text).replace("'", "''") + "'"


@dataclass
class Source:
    """A file ready for DuckDB: ``path`` is UTF-8 text (or the original JSON/gzip), ``original`` the upload."""

    original: Path
    path: Path
    encoding: str
    compression: str | None
    is_xlsx: bool = False
    head_lines: list[str] = field(default_factory=list)
    temporary: list[Path] = field(default_factory=list)
    work_dir: Path = field(default_factory=lambda: Path(tempfile.gettempdir()))  # for copies made while reading

    @property
    def name(self) -> str:
        return self.original.name

    def cleanup(self) -> None:
        for path in self.temporary:
            path.unlink(missing_ok=True)

    def delimiter(self, candidates: str = "\t;,|") -> str:
        """The separator of a headed text file: the candidate most frequent in its first line."""
        first = self.head_lines[0] if self.head_lines else ""
        counts = {candidate: first.count(candidate) for candidate in candidates}
        best = max(counts, key=lambda candidate: counts[candidate])
        return best if counts[best] else ","


class MixedEncoding(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def check_file(path: Path) -> int:
    if not path.exists():
        raise DataError(msg("calls.sources.file_not_found", path=path))
    if not path.is_file():
        raise DataError(msg("calls.sources.is_not_file", path=path))
    size = path.stat().st_size
    if size == 0:
        raise DataError(msg("calls.sources.file_is_empty", path=path))
    limit = max_bytes()
    if size > limit:
        raise DataError(
            msg("calls.sources.file_is_too_large_mb_limit", path=path, size=size // 1024**2, limit=limit // 1024**2)
        )
    return size


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _open_binary(path: Path, compression: str | None):
    return gzip.open(path, "rb") if compression == "gzip" else path.open("rb")


def _detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the sample's end is still UTF-8.
        if error.start >= len(sample) - 3 and error.reason in ("unexpected end of data",):
            return "utf-8"
        before = sample[: error.start]
        if any(byte >= 0x80 for byte in before):
            # Valid UTF-8 letters first, then bytes that are not: two encodings glued together.
            raise MixedEncoding(before.count(b"\n") + 1) from error
    # Russian exports that are not UTF-8 are Windows-1251 in practice (1C, Excel "CSV (разделители - запятые)").
    return "cp1251"


def _read_head(path: Path, compression: str | None) -> bytes:
    try:
        with _open_binary(path, compression) as handle:
            return handle.read(SAMPLE_BYTES)
    except (OSError, EOFError) as error:
        raise DataError(msg("calls.sources.file_is_corrupt", name=path.name, error=error)) from error


def _transcode(source: Path, compression: str | None, encoding: str, target: Path, progress: Progress | None) -> None:
    total = source.stat().st_size or 1
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    line = 1
    first = True
    with _open_binary(source, compression) as reader, target.open("wb") as writer:
        raw_file = getattr(reader, "fileobj", None) or reader
        while chunk := reader.read(CHUNK):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as error:
                bad_line = line + chunk[: error.start].count(b"\n")
                raise DataError(
                    msg(
                        "calls.sources.file_line_bytes_are_not_valid",
                        name=source.name,
                        line=bad_line,
                        encoding=encoding,
                    )
                ) from error
            line += chunk.count(b"\n")
            if first:
                text, first = text.lstrip("\ufeff"), False
            writer.write(text.encode("utf-8"))
            if progress:
                progress("prepare", min(1.0, raw_file.tell() / total), line - 1)  # lines ended so far
        writer.write(decoder.decode(b"", final=True).encode("utf-8"))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_rows(path: Path) -> Iterator[list[str]]:
    """The first sheet's rows as text, streamed; bounded against zip bombs and endless sheets."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise DataError(msg("calls.sources.not_xlsx_file", name=path.name)) from error
    unpacked_limit = int(os.environ.get("CALLSCOUT_XLSX_MAX_BYTES", DEFAULT_MAX_XLSX_BYTES))
    if unpacked > unpacked_limit:
        raise DataError(
            msg(
                "calls.sources.xlsx_unpacks_to_mb_limit_is",
                name=path.name,
                size=unpacked // 1024**2,
                limit=unpacked_limit // 1024**2,
            )
        )
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise DataError(msg("calls.sources.cannot_read_xlsx", name=path.name, error=error)) from error
    try:
        sheet = workbook.worksheets[0]
        max_rows = min(DEFAULT_MAX_XLSX_ROWS, limit("MAX_IMPORT_ROWS"))
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > max_rows + 1:  # the header and max_rows rows
                raise DataError(too_many_rows(path.name, max_rows))
            yield [_cell_text(value) for value in row]
    finally:
        workbook.close()


def too_many_rows(name: str, max_rows: int) -> str:
    return msg("calls.sources.more_than_rows_import_limit_callscout", name=name, limit=max_rows)


def check_expansion(path: Path, compression: str | None) -> None:
    """Read the file once, as DuckDB will, counting bytes and lines: a small .gz that unpacks to gigabytes
    or a file of endless rows is refused before any work, with the limit that stopped it."""
    max_unpacked = limit("MAX_DECOMPRESSED_BYTES")
    max_rows = limit("MAX_IMPORT_ROWS")
    unpacked = lines = 0
    try:
        with _open_binary(path, compression) as reader:
            while chunk := reader.read(CHUNK):
                unpacked += len(chunk)
                lines += chunk.count(b"\n")
                if compression and unpacked > max_unpacked:
                    raise DataError(
                        msg(
                            "calls.sources.compressed_file_unpacks_to_more_than",
                            name=path.name,
                            limit=max_unpacked // 1024**2,
                        )
                    )
                if lines > max_rows + 1:
                    raise DataError(too_many_rows(path.name, max_rows))
    except (OSError, EOFError, zlib.error) as error:
        raise DataError(msg("calls.sources.file_is_corrupt", name=path.name, error=error)) from error


def _xlsx_to_csv(path: Path, target: Path) -> None:
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        width = 0
        for row in xlsx_rows(path):
            if not any(cell.strip() for cell in row):
                continue
            # Every row as wide as the header: openpyxl stops a row at its last filled cell.
            width = width or len(row)
            writer.writerow((row + [""] * width)[:width] if len(row) <= width else row)


def prepare(path: Path, work_dir: Path, progress: Progress | None = None) -> Source:
    """Make ``path`` readable by DuckDB as UTF-8 text, transcoding or unpacking into ``work_dir`` when needed."""
    check_file(path)
    with path.open("rb") as handle:
        magic = handle.read(4)
    compression = "gzip" if magic.startswith(GZIP_MAGIC) else None
    work_dir.mkdir(parents=True, exist_ok=True)
    if magic == ZIP_MAGIC:
        target = work_dir / f"xlsx-p{os.getpid()}-{os.urandom(4).hex()}.csv"
        source = Source(path, target, "utf-8", None, is_xlsx=True, temporary=[target], work_dir=work_dir)
        try:
            _xlsx_to_csv(path, target)
        except BaseException:
            source.cleanup()
            raise
        source.head_lines = _head_lines(target, None, "utf-8")
        return source
    check_expansion(path, compression)
    head = _read_head(path, compression)
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataError(msg("calls.sources.binary_file_not_text_call_log", name=path.name))
    try:
        encoding = _detect_encoding(head)
    except MixedEncoding as mixed:
        raise DataError(msg("calls.sources.line_bytes_that_are_not_utf", name=path.name, line=mixed.line)) from None
    source = Source(path, path, encoding, compression, work_dir=work_dir)
    if encoding != "utf-8":
        target = work_dir / f"text-p{os.getpid()}-{os.urandom(4).hex()}.txt"
        source.temporary.append(target)
        try:
            _transcode(path, compression, encoding, target, progress)
        except BaseException:
            source.cleanup()
            raise
        source.path, source.compression = target, None
    source.head_lines = _head_lines(source.path, source.compression, "utf-8")
    return source


def _head_lines(path: Path, compression: str | None, encoding: str, count: int = 20) -> list[str]:
    head = _read_head(path, compression)
    text = head.decode(encoding, errors="replace").lstrip("\ufeff")
    lines = text.splitlines()
    if len(head) == SAMPLE_BYTES and lines:
        lines = lines[:-1]  # the last one may be cut by the sample
    return [line for line in lines[:count]]
