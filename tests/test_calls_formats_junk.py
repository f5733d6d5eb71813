"""Junk in, a clear error out: every call-log format (found by walking ``calls.formats``, presets included)
is fed a corpus of junk files. Each import ends either in a ``DataError`` naming the file (and the line where
the file was read), or in calls actually imported — never in an unexpected exception, never in a silent
zero-call import, and never with anything left in the store. Sniffing never raises on any first lines.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callscout.calls.formats import all_formats, detect_format
from callscout.calls.sources import prepare
from callscout.errors import DataError
from tests.calls_helpers import DATA, new_store, owner, store_state

SAMPLES = {
    "anonymous_bank": None,
    "asterisk_queue_log": DATA / "queue_log.txt",
    "asterisk_queue_log_db": DATA / "layouts" / "queue_log_db_membername.csv",
    "asterisk_cdr": DATA / "Master.csv",
    "asterisk_cdr_db": DATA / "layouts" / "asterisk_cdr_db_freepbx.csv",
    "freeswitch_csv": DATA / "freeswitch.csv",
    "freeswitch_json": DATA / "freeswitch.json",
    "bitrix24": DATA / "layouts" / "bitrix24_statistic.csv",
    "mango_office": DATA / "layouts" / "mango_office_stats.csv",
    "threecx": DATA / "layouts" / "threecx_cdr.log",
    "generic": DATA / "cabinet_topics_alpha.csv",
}
BANK_HEADER = (
    "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\t"
    "q_time\toutcome\tser_start\tser_exit\tser_time\tserver"
)


def _first_line(name: str) -> str:
    sample = SAMPLES.get(name)
    if sample is None:
        return BANK_HEADER if name == "anonymous_bank" else "Дата;Статус"
    return sample.read_text(encoding="utf-8").splitlines()[0]


def _junk(name: str) -> dict[str, bytes]:
    """Files a user could upload by mistake, and a file of this format gone bad after its first line."""
    rng = random.Random(name)
    header = _first_line(name).encode("utf-8")
    noise = bytes(rng.randrange(256) for _ in range(3000))
    words = [
        "звонок",
        "ответ",
        ";",
        ",",
        "|",
        "\t",
        "12:00",
        "2024-13-45",
        "-5",
        "NaN",
        '"',
        "'",
        "{}",
        "[]",
        "null",
        "ОК",
    ]
    text_lines = "\n".join(" ".join(rng.choice(words) for _ in range(rng.randrange(1, 12))) for _ in range(40))
    return {
        "binary.bin": noise,
        "nul.csv": b"\x00" * 500,
        "blank_lines.csv": b"\n\n   \n\t\n",
        "one_word.txt": b"hello",
        "json_junk.json": b'{"a": [1, 2, {"b": null}]}\n',
        "text_lines.csv": text_lines.encode("utf-8"),
        "header_only.csv": header + b"\n",
        "header_then_noise.csv": header + b"\n" + text_lines.encode("utf-8") + b"\n",
        "header_then_binary.csv": header + b"\n" + noise,
        "long_line.csv": header + b"\n" + b"x;" * 50_000 + b"\n",
    }


FORMATS = sorted(all_formats())


def test_every_format_is_fed_junk() -> None:
    assert set(SAMPLES) == set(all_formats()), "a new format needs a sample line here"


@pytest.mark.parametrize("format_name", FORMATS)
def test_junk_is_a_clear_error_or_real_calls(tmp_path: Path, format_name: str) -> None:
    store = new_store(tmp_path)
    before = store_state(store)
    outcomes = {}
    for file_name, data in _junk(format_name).items():
        path = tmp_path / file_name
        path.write_bytes(data)
        try:
            result = store.import_file(path, **owner(store, "V"), format_name=format_name, if_exists="replace")
        except DataError as error:
            message = "\n".join([str(error), *error.details])
            assert file_name in message, f"{format_name}/{file_name}: the error does not name the file: {message}"
            assert store_state(store) == before, f"{format_name}/{file_name}: a failed import changed the store"
            if file_name == "header_then_noise.csv":
                # Past a good first line the file is read: the error points at the line.
                assert re.search(r"строка \d+", message), f"{format_name}/{file_name}: no line named: {message}"
            outcomes[file_name] = "error"
        else:
            assert result.rows > 0, f"{format_name}/{file_name}: imported zero calls without a word"
            outcomes[file_name] = f"{result.rows} calls"
            before = store_state(store)
    # The junk that is not this format at all is refused, whatever the format.
    assert all(outcomes[name] == "error" for name in ("binary.bin", "nul.csv", "blank_lines.csv", "text_lines.csv"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=st.text(alphabet=st.sampled_from(list("0123456789:;,|\t\n\r \"'{}[]-.abcxyzИНзвонк\ufeff")), max_size=400)
)
def test_sniffing_never_raises(tmp_path: Path, content: str) -> None:
    path = tmp_path / "sniffed.csv"
    path.write_text(content, encoding="utf-8")
    try:
        source = prepare(path, tmp_path)
    except DataError:
        return  # refused before any format looks at it (empty, binary...): a clear error already
    for fmt in all_formats().values():
        assert fmt.sniff(source) in (True, False)
    assert detect_format(source).name in all_formats()


# JSON lines with the third record cut off; one pretty-printed document missing a comma on its fifth line.
@pytest.mark.parametrize(
    ("content", "line"),
    [
        ('{"variables": {"uuid": "a"}}\n{"variables": {"uuid": "b"}}\n{"variables": {"uuid": \n', 3),
        ('{\n  "variables": {\n    "uuid": "a",\n    "cc_queue": "support"\n    "cc_agent": "1001"\n  }\n}\n', 5),
    ],
)
def test_malformed_json_names_its_line(tmp_path: Path, content: str, line: int) -> None:
    store = new_store(tmp_path)
    path = tmp_path / "cdr.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        store.import_file(path, **owner(store, "V"), format_name="freeswitch_json")
    assert f"cdr.json, строка {line}: неверный JSON" in str(caught.value)
