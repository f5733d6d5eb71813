"""The live adapters (``live.adapters``, one module per PBX source, found by walking the package): every module
keeps the protocol, and junk from a PBX (or from whoever holds an ingest token) gives an event, nothing, or a
``DataError`` naming what is wrong, never another exception (the junk-input test over all adapters)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callscout.errors import DataError
from callscout.live.adapters import ADAPTERS, REQUIRED
from callscout.live.events import LiveEvent
from callscout.registry import package_modules

FIELD_NAMES = [
    # Asterisk AMI
    "Event", "Timestamp", "Queue", "Uniqueid", "UniqueID", "MemberName", "Interface", "CallerIDNum", "Reason",
    # Zadarma
    "event", "call_start", "pbx_call_id", "caller_id", "called_did", "internal", "disposition", "duration",
]  # fmt: skip
EVENT_NAMES = [
    "QueueCallerJoin", "AgentConnect", "AgentComplete", "QueueCallerAbandon", "QueueMemberAdded",
    "QueueMemberRemoved", "NOTIFY_START", "NOTIFY_ANSWER", "NOTIFY_END", "notify_end",
]  # fmt: skip
text = st.text(max_size=30)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | text | st.sampled_from(EVENT_NAMES),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)
stamp = st.sampled_from(["1700000000", "1700000000.5", "1e400", "-1e20", "9999999999999", "nan", "x", "", "0"])
fields = st.dictionaries(st.sampled_from(FIELD_NAMES), json_value | stamp, max_size=10)
form_fields = st.dictionaries(
    st.sampled_from(FIELD_NAMES), text | stamp | st.sampled_from([*EVENT_NAMES, "2026-11-20 14:30:00"]), max_size=10
)
verbs = st.sampled_from(["ENTERQUEUE", "CONNECT", "COMPLETECALLER", "ABANDON", "AGENTLOGIN", "REMOVEMEMBER", "X"])
line = st.one_of(
    text,
    st.tuples(stamp, text, text, text, verbs, st.lists(text, max_size=8)).map(
        lambda parts: "|".join([*parts[:5], *parts[5]])
    ),
)


def test_every_adapter_module_is_found_and_keeps_the_protocol() -> None:
    walked = package_modules("callscout.live.adapters")
    assert sorted(module.NAME for module in walked) == ["asterisk_ami", "asterisk_queue_log", "zadarma"]
    assert list(ADAPTERS) == [module.NAME for module in walked]
    for module in walked:
        assert all(hasattr(module, name) for name in REQUIRED) and module.INPUT in ("line", "fields")


def _feed(module: Any, item: Any) -> None:
    try:
        event = module.event(item)
    except DataError as error:
        assert str(error).strip()
        return
    assert event is None or isinstance(event, LiveEvent)


@pytest.mark.parametrize("name", sorted(ADAPTERS))
@settings(max_examples=300, deadline=None)
@given(item_line=line, item_fields=fields, item_form=form_fields)
def test_junk_gives_an_event_nothing_or_a_data_error(
    name: str, item_line: str, item_fields: dict, item_form: dict
) -> None:
    module = ADAPTERS[name]
    if module.INPUT == "line":
        _feed(module, item_line)
    elif name == "zadarma":  # a web form: every value is text
        _feed(module, item_form)
    else:
        _feed(module, item_fields)


def test_real_items_still_give_their_events() -> None:
    joined = ADAPTERS["asterisk_queue_log"].event("1700000000|c-1|sales|NONE|ENTERQUEUE||79001234567|1")
    assert joined is not None and joined.type == "enter_queue" and joined.caller == "79001234567"
    answered = ADAPTERS["asterisk_ami"].event({"Event": "AgentConnect", "Uniqueid": "c-1", "MemberName": "Анна"})
    assert answered is not None and answered.type == "answer" and answered.agent == "Анна"
    ended = ADAPTERS["zadarma"].event({"event": "NOTIFY_END", "pbx_call_id": "z-1", "disposition": "busy"})
    assert ended is not None and ended.type == "abandon"
    with pytest.raises(DataError, match="Timestamp"):
        ADAPTERS["asterisk_ami"].event({"Event": "AgentConnect", "Uniqueid": "c-1", "Timestamp": "вчера"})
