"""What PBXs send, turned into live events: Asterisk's queue_log lines and Manager (AMI) queue events, and
the Zadarma cloud PBX webhooks. An adapter is a function from one native item to events (maybe none), so
that every source goes the same path into the store (``LiveStore.ingest``).

One module per source, found by walking this package (``callscout.registry``), each with the same small API:

``NAME``    the source's name (the ingest route's and the follower's);
``INPUT``   what one item is: ``"line"`` (a text line) or ``"fields"`` (a mapping of a message's fields);
``event(item) -> LiveEvent | None``  the item's event; None for items that move no call or agent; a
            ``DataError`` naming the field for an item it cannot read, and nothing else on any input (the
            junk-input test over all adapters).
Modules starting with ``_`` are shared helpers. The functions with the sources' own extra arguments (the
moment of receipt, Zadarma's UTC offset) are exported by name.
"""

from __future__ import annotations

from types import ModuleType

from callscout.live.adapters.asterisk_ami import ami_event
from callscout.live.adapters.asterisk_queue_log import QUEUE_LOG_VERBS, queue_log_event
from callscout.live.adapters.zadarma import MOSCOW_OFFSET_MIN, zadarma_event
from callscout.registry import Registry, require

REQUIRED = ("NAME", "INPUT", "event")


def _adapter_of(module: ModuleType) -> list[ModuleType]:
    return [require(module, REQUIRED, "live adapter")]


ADAPTERS: Registry[ModuleType] = Registry(__name__, _adapter_of, key=lambda module: module.NAME)

__all__ = ["ADAPTERS", "MOSCOW_OFFSET_MIN", "QUEUE_LOG_VERBS", "ami_event", "queue_log_event", "zadarma_event"]
