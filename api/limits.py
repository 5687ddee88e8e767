"""In-memory request limits: SPARQL queries in flight per client, failed API-key attempts
per client address. Thread-safe, with bounded memory (idle clients are forgotten)."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Iterator
from contextlib import contextmanager

from .problems import ApiProblemError


class ConcurrencyLimit:
    """At most ``per_client`` queries in flight per client and ``total`` overall; more get
    429 (that client) or 503 (everyone), with ``Retry-After``."""

    def __init__(self, per_client: int, total: int, retry_after_s: float) -> None:
        self.per_client, self.total = per_client, total
        self._retry = str(max(1, math.ceil(retry_after_s)))
        self._lock = threading.Lock()
        self._running: dict[str, int] = {}  # only clients with queries in flight: bounded

    @contextmanager
    def slot(self, client: str) -> Iterator[None]:
        """Hold one of ``client``'s slots for the duration of the block."""
        with self._lock:
            mine = self._running.get(client, 0)
            if mine >= self.per_client:
                raise ApiProblemError(
                    429,
                    "Too many requests",
                    f"at most {self.per_client} SPARQL queries at a time per client; "
                    "wait for the running ones",
                    headers={"Retry-After": self._retry},
                )
            if sum(self._running.values()) >= self.total:
                raise ApiProblemError(
                    503,
                    "Service busy",
                    "the SPARQL endpoint is at capacity; try again shortly",
                    headers={"Retry-After": self._retry},
                )
            self._running[client] = mine + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._running[client] - 1
                if left:
                    self._running[client] = left
                else:
                    del self._running[client]


class FailedKeyLimit:
    """After ``max_failures`` wrong API keys from one address within ``window_s`` seconds,
    that address gets 429 without its key being checked until the window has passed."""

    def __init__(self, max_failures: int, window_s: float, max_clients: int = 10_000) -> None:
        self.max_failures, self.window_s, self.max_clients = max_failures, window_s, max_clients
        self._lock = threading.Lock()
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def check(self, client: str) -> None:
        """429 (problem) if ``client`` is locked out now."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(client, now)
            if times is None or len(times) < self.max_failures:
                return
            wait = times[0] + self.window_s - now
        raise ApiProblemError(
            429,
            "Too many failed attempts",
            f"too many invalid API keys from this address; try again in {math.ceil(wait)} s",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )

    def record(self, client: str) -> None:
        """Count one wrong key from ``client``."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(client, now)
            if times is None:
                times = self._failures[client] = deque(maxlen=self.max_failures)
            times.append(now)
            self._failures.move_to_end(client)
            while len(self._failures) > self.max_clients:  # the longest-quiet clients go
                self._failures.popitem(last=False)

    def _recent(self, client: str, now: float) -> deque[float] | None:
        """``client``'s failures inside the window (expired ones dropped); lock held."""
        times = self._failures.get(client)
        if times is None:
            return None
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            del self._failures[client]
            return None
        return times
