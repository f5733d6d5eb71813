"""Bad call logs end with a clear message naming the file and line, and the store stays as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from callscout.errors import DataError
from callscout.i18n import set_language
from tests.calls_helpers import DATA, new_store, owner, store_state

GOOD_EXPORT = "Дата и время;Статус;Ожидание;Разговор\n15.01.2024 10:00;Отвечен;5;60\n15.01.2024 10:05;Пропущен;30;\n"


@pytest.fixture
def store(tmp_path: Path):
    call_store = new_store(tmp_path)
    call_store.import_file(DATA / "queue_log_1.4.txt", **owner(call_store, "before"))
    return call_store


def _fails(store, path: Path, **options) -> DataError:
    before = store_state(store)
    with pytest.raises(DataError) as caught:
        store.import_file(path, **owner(store, options.pop("vendor", "V")), **options)
    assert store_state(store) == before, "a failed import changed the store"
    return caught.value


def test_unparsable_date_names_file_and_line(store, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(GOOD_EXPORT + "32.13.2024 25:00;Отвечен;5;60\n", encoding="utf-8")
    error = _fails(store, path)
    assert "export.csv" in str(error) and "строка 4" in str(error) and "32.13.2024 25:00" in str(error)


def test_truncated_line(store, tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_text(GOOD_EXPORT + "15.01.2024 10:07;Отвечен\n", encoding="utf-8")
    error = _fails(store, path)
    assert "cut.csv" in str(error) and "4" in str(error)


def test_truncated_queue_log_line(store, tmp_path: Path) -> None:
    path = tmp_path / "queue_log"
    lines = (DATA / "queue_log.txt").read_text().splitlines()
    lines.insert(6, "1700000105|1700000100.1|sup")
    path.write_text("\n".join(lines) + "\n")
    error = _fails(store, path, format_name="asterisk_queue_log")
    assert "queue_log, строка 7: строка обрезана" in "\n".join(error.details)


@pytest.mark.parametrize("repeats", [1, 200])
def test_mixed_encodings(store, tmp_path: Path, repeats: int) -> None:
    """Near the top (seen by the encoding sniffer) and far down (seen by the reader only)."""
    path = tmp_path / "mixed.csv"
    head = GOOD_EXPORT.encode("utf-8")
    filler = "".join(f"15.01.2024 11:{minute:02d};Отвечен;5;60\n" for minute in range(60)).encode("utf-8") * repeats
    path.write_bytes(head + filler + "15.01.2024 12:00;Пропущен;9;\n".encode("cp1251"))
    error = _fails(store, path)
    line = 3 + 60 * repeats + 1
    assert f"mixed.csv, строка {line}:" in str(error) and "UTF-8" in str(error)


def test_cp1251_file_with_invalid_bytes(store, tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes("Дата;Статус\n".encode("cp1251") + b"15.01.2024 10:00;\x98\n")
    error = _fails(store, path)
    assert "broken.csv" in str(error) and "строка 2" in str(error)


def test_duplicate_ids_in_file(store, tmp_path: Path) -> None:
    path = tmp_path / "dups.csv"
    path.write_text(
        "ID звонка,Дата и время,Статус\na1,2024-01-15 10:00:00,answered\na2,2024-01-15 10:01:00,answered\n"
        "a1,2024-01-15 10:02:00,answered\n",
        encoding="utf-8",
    )
    error = _fails(store, path)
    assert "повторяющиеся" in str(error) and "a1: строка 2, 4" in error.details


def test_duplicate_ids_across_imports_and_same_file_twice(store, tmp_path: Path) -> None:
    copy = tmp_path / "again.txt"
    copy.write_text((DATA / "queue_log_1.4.txt").read_text() + "\n")
    error = _fails(store, copy, vendor="before")
    assert "уже импортированы" in str(error) and "1200000000.1" in error.details
    error = _fails(store, DATA / "queue_log_1.4.txt", vendor="before")
    assert "уже импортирован" in str(error)
    # Another vendor may hold the same ids: ids are unique per vendor.
    assert store.import_file(copy, **owner(store, "other")).rows == 3


def test_wrong_format(store, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("просто текст\nничего похожего на журнал\n", encoding="utf-8")
    error = _fails(store, path)
    assert "notes.txt" in str(error) and "колонк" in str(error)
    error = _fails(store, DATA / "Master.csv", format_name="anonymous_bank")
    assert "Master.csv" in str(error)


def test_binary_and_empty_files(store, tmp_path: Path) -> None:
    binary = tmp_path / "image.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "двоичный" in str(_fails(store, binary))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "пуст" in str(_fails(store, empty))
    header_only = tmp_path / "header.csv"
    header_only.write_text("Дата и время;Статус\n", encoding="utf-8")
    assert "нет звонков" in str(_fails(store, header_only))


def test_size_limit(store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLSCOUT_CALLS_MAX_BYTES", "100")
    path = tmp_path / "big.csv"
    path.write_text(GOOD_EXPORT * 5, encoding="utf-8")
    assert "слишком большой" in str(_fails(store, path))


def test_messages_in_english(store, tmp_path: Path) -> None:
    set_language("en")
    path = tmp_path / "export.csv"
    path.write_text(GOOD_EXPORT + "soon;Отвечен;5;60\n", encoding="utf-8")
    error = _fails(store, path)
    assert "line 4: unparsable date: soon" in "\n".join(error.details)


KILLED_IMPORT = """
import sys, time
from pathlib import Path
from callscout.calls import storage
from callscout.calls.storage import CallStore
from callscout.store import Store
from callscout.store.ownership import scratch_vendor

original = storage.CallStore._check_problems
def slow(self, *args, **kwargs):
    print("staged", flush=True)
    time.sleep(60)
storage.CallStore._check_problems = slow
store = CallStore(Store(sys.argv[1]))
killed = scratch_vendor(store.store, "killed", "test")
store.import_file(Path(sys.argv[2]), evaluation_id=killed.evaluation_id, vendor_id=killed.id)
"""


def test_kill_during_import_leaves_store_as_it_was(store, tmp_path: Path) -> None:
    before = store_state(store)
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, store.store.url, str(DATA / "queue_log.txt")],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "staged"
        assert list(store.work_dir.glob("stage-*")), "the import should be half-way, its stage file written"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    time.sleep(0.05)
    reopened = type(store)(store.store)
    assert store_state(reopened) == before
    assert reopened.import_file(DATA / "queue_log.txt", **owner(reopened, "killed")).rows == 11


def test_bank_layout_bad_value(store, tmp_path: Path) -> None:
    from tests.calls_helpers import BANK

    with BANK.open(newline="") as handle:
        lines = [next(handle) for _ in range(4)]
    lines[3] = lines[3].replace("\t990201\t", "\t990231\t")
    path = tmp_path / "bank.tsv"
    path.write_text("".join(lines), newline="")
    error = _fails(store, path, format_name="anonymous_bank")
    assert "bank.tsv, строка 4" in str(error) and "990231" in str(error) and "date" in str(error)


def test_bad_and_duplicate_lines_deep_in_a_large_file_are_named(store, tmp_path: Path) -> None:
    """Rows are written in whatever order the threads finish (the file is big enough to be read in
    parallel); the lines named must still be the file's."""
    from tests.calls_helpers import BANK

    with BANK.open(newline="") as handle:
        header, *month = handle.readlines()
    lines = [header]
    for replica in range(8):  # ids shifted per replica, so that only the planted duplicate repeats
        for line in month:
            fields = line.split("\t")
            fields[1] = str(int(fields[1]) + replica * 100_000)
            lines.append("\t".join(fields))
    bad = len(lines) - 10
    fields = lines[bad].split("\t")
    fields[11] = ""  # an empty q_time
    blanked = [*lines[:bad], "\t".join(fields), *lines[bad + 1 :]]
    path = tmp_path / "bank-blank.tsv"
    path.write_text("".join(blanked), newline="")
    error = _fails(store, path, format_name="anonymous_bank")
    assert error.details == [f"bank-blank.tsv, строка {bad + 1}: пустые q_time/ser_time"], error.details

    first = lines[2].split("\t")
    copied = lines[bad].split("\t")
    copied[0], copied[1] = first[0], first[1]  # repeats the id of line 3
    repeated = [*lines[:bad], "\t".join(copied), *lines[bad + 1 :]]
    path = tmp_path / "bank-dup.tsv"
    path.write_text("".join(repeated), newline="")
    error = _fails(store, path, format_name="anonymous_bank")
    assert error.details == [f"{first[0]}-{first[1]}: строка 3, {bad + 1}"], error.details
