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

from callscout.limits import limit

MAX_KEYS = 10_000


@dataclass
class _Counter:
    failures: list[float] = field(default_factory=list)
    locked_until: float = 0.0


class LoginThrottle:
    def __init__(
        self,
        *,
        account_failures: int | None = None,
        address_failures: int | None = None,
        window_s: float | None = None,
        lock_s: float | None = None,
        max_keys: int = MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Values left out come from ``callscout.limits`` (CALLSCOUT_LOGIN_* overrides)."""
        self.limits = {
            "account": account_failures or limit("LOGIN_ACCOUNT_FAILURES"),
            "address": address_failures or limit("LOGIN_ADDRESS_FAILURES"),
        }
        self.window_s = window_s or limit("LOGIN_WINDOW_S")
        self.lock_s = lock_s or limit("LOGIN_LOCK_S")
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
        """A correct password clears the account's failures and lock (the attempt was counted before
        it was verified), and takes the attempt back from the address's count; the address keeps its
        other failures: one valid account must not let an address keep guessing the others."""
        with self._lock:
            keys = self._keys(login, address)
            self._counters.pop(keys[0], None)
            if len(keys) > 1 and (counter := self._counters.get(keys[1])) is not None and counter.failures:
                counter.failures.pop()
