"""Login throttling: failed sign-ins are counted per account and per client address.

After ``max_failures`` failures inside ``window_s`` the key is locked for ``lock_s`` seconds; a locked
login is answered at once (HTTP 429 with Retry-After) without verifying any password, so guessing costs
the attacker time and the server no CPU. The lock expires by itself: the real user signs in afterwards.
State lives in the server process (each ``--workers`` process counts on its own) and is bounded: the
oldest keys are dropped beyond ``max_keys``, so random logins cannot grow it without end.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 20
WINDOW_S = 15 * 60
LOCK_S = 5 * 60
MAX_KEYS = 10_000


@dataclass
class _Counter:
    failures: list[float] = field(default_factory=list)
    locked_until: float = 0.0


class LoginThrottle:
    def __init__(
        self,
        *,
        account_failures: int = ACCOUNT_FAILURES,
        address_failures: int = ADDRESS_FAILURES,
        window_s: float = WINDOW_S,
        lock_s: float = LOCK_S,
        max_keys: int = MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = {"account": account_failures, "address": address_failures}
        self.window_s = window_s
        self.lock_s = lock_s
        self.max_keys = max_keys
        self.clock = clock
        self._counters: OrderedDict[tuple[str, str], _Counter] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _keys(login: str, address: str | None) -> list[tuple[str, str]]:
        keys = [("account", login.strip().lower())]
        if address:
            keys.append(("address", address))
        return keys

    def retry_after(self, login: str, address: str | None) -> int | None:
        """Whole seconds until this login may be tried again, or None when it may be tried now."""
        now = self.clock()
        with self._lock:
            waits = [
                counter.locked_until - now
                for key in self._keys(login, address)
                if (counter := self._counters.get(key)) is not None and counter.locked_until > now
            ]
        return max(1, math.ceil(max(waits))) if waits else None

    def failed(self, login: str, address: str | None) -> None:
        now = self.clock()
        with self._lock:
            for key in self._keys(login, address):
                counter = self._counters.pop(key, None) or _Counter()
                self._counters[key] = counter  # most recently used last: eviction drops the oldest
                counter.failures = [moment for moment in counter.failures if now - moment < self.window_s]
                counter.failures.append(now)
                if len(counter.failures) >= self.limits[key[0]]:
                    counter.locked_until = now + self.lock_s
                    counter.failures.clear()
            while len(self._counters) > self.max_keys:
                self._counters.popitem(last=False)

    def succeeded(self, login: str, address: str | None) -> None:
        """A correct password clears the account's failures (not the address's: one valid account
        must not let an address keep guessing the others)."""
        with self._lock:
            self._counters.pop(self._keys(login, address)[0], None)
