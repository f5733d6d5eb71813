"""Following a growing Asterisk queue_log: read what was appended, commit it, then remember how far.

The offset (inode, byte position, a hash of the first line) is committed in the same transaction as the
events read up to it, so a restart resumes exactly after the last committed line: nothing acknowledged is
lost, nothing is read twice (and a line read twice would be a duplicate anyway). Rotation (the path now
names a new file) finishes the old file first when it is still there (``queue_log.1``) and starts the new
one from its beginning; truncation (the file got shorter, or its first line changed) starts again from 0.
Only whole lines are read: a line still being written waits for its newline.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from callscout.live.adapters import queue_log_event
from callscout.live.events import LiveEvent
from callscout.live.ingest import LiveStore, Offset

CHUNK_BYTES = 1024 * 1024
MAX_LINE_BYTES = 64 * 1024


@dataclass
class FollowStats:
    lines: int = 0
    accepted: int = 0
    duplicates: int = 0
    rotations: int = 0
    truncations: int = 0


class QueueLogFollower:
    def __init__(self, live: LiveStore, vendor_id: int, path: Path) -> None:
        self.live = live
        self.vendor_id = vendor_id
        self.path = Path(path)
        self.source = str(self.path.resolve())
        self.stats = FollowStats()

    def poll(self) -> int:
        """Read and commit whatever is new; the number of lines read."""
        saved = self.live.offset(self.vendor_id, self.source)
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            return 0
        head = _head_sha256(self.path)
        position = 0
        if saved is not None:
            if saved.inode != status.st_ino:
                # Rotated: finish the old file where the rotation moved it, then start the new one.
                old = self._rotated_file(saved.inode)
                read = self._read(old, saved.position, saved.inode, saved.head_sha256) if old else 0
                self.stats.rotations += 1
                self.live.save_offset(self.vendor_id, Offset(self.source, status.st_ino, 0, head))
                return read + self._read(self.path, 0, status.st_ino, head)
            if status.st_size < saved.position or (saved.head_sha256 and head and saved.head_sha256 != head):
                self.stats.truncations += 1
            else:
                position = saved.position
        return self._read(self.path, position, status.st_ino, head)

    def _rotated_file(self, inode: int) -> Path | None:
        for candidate in sorted(self.path.parent.glob(self.path.name + "*")):
            try:
                if candidate != self.path and os.stat(candidate).st_ino == inode:
                    return candidate
            except FileNotFoundError:
                continue
        return None

    def _read(self, path: Path, position: int, inode: int, head: str | None) -> int:
        lines_read = 0
        with open(path, "rb") as handle:
            handle.seek(position)
            while True:
                chunk = handle.read(CHUNK_BYTES)
                if not chunk:
                    break
                end = chunk.rfind(b"\n")
                if end < 0:
                    if len(chunk) > MAX_LINE_BYTES:
                        # A line this long is not a queue_log line: skip it whole.
                        position += len(chunk)
                        handle.seek(position)
                        continue
                    break
                complete = chunk[: end + 1]
                events: list[LiveEvent] = []
                for raw in complete.split(b"\n"):
                    if not raw:
                        continue
                    lines_read += 1
                    event = queue_log_event(raw.decode("utf-8", errors="replace"))
                    if event is not None:
                        events.append(event)
                position += len(complete)
                result = self.live.ingest(self.vendor_id, events, offset=Offset(self.source, inode, position, head))
                self.stats.accepted += result.accepted
                self.stats.duplicates += result.duplicates
                handle.seek(position)
        self.stats.lines += lines_read
        return lines_read

    def run(self, interval_s: float = 0.5, stop: Callable[[], bool] = lambda: False) -> None:
        while not stop():
            if not self.poll():
                time.sleep(interval_s)


def _head_sha256(path: Path) -> str | None:
    """The first line's hash: a file replaced by one of the same inode and no shorter still shows."""
    try:
        with open(path, "rb") as handle:
            first = handle.readline(MAX_LINE_BYTES)
    except FileNotFoundError:
        return None
    if not first.endswith(b"\n"):
        return None
    return hashlib.sha256(first).hexdigest()
