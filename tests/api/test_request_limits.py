"""The in-memory limits (issue #18, items 2 and 10): counting, windows, bounded memory."""

from __future__ import annotations

import pytest
from aimsgraph.api import limits
from aimsgraph.api.limits import ConcurrencyLimit, FailedKeyLimit
from aimsgraph.api.problems import ApiProblemError


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(limits.time, "monotonic", fake)
    return fake


def test_failed_keys_lock_an_address_until_the_window_passes(clock: Clock) -> None:
    limit = FailedKeyLimit(max_failures=3, window_s=60)
    for _ in range(3):
        limit.check("10.0.0.1")
        limit.record("10.0.0.1")
        clock.now += 1
    with pytest.raises(ApiProblemError) as locked:
        limit.check("10.0.0.1")
    assert locked.value.status == 429 and locked.value.headers["Retry-After"] == "57"
    limit.check("10.0.0.2")  # other addresses are not affected
    clock.now += 58  # the first failure has left the window
    limit.check("10.0.0.1")


def test_failed_key_memory_is_bounded(clock: Clock) -> None:
    limit = FailedKeyLimit(max_failures=2, window_s=60, max_clients=100)
    for number in range(1000):
        limit.record(f"10.0.{number // 256}.{number % 256}")
    assert len(limit._failures) == 100
    clock.now += 61
    limit.check("10.0.3.231")  # expired entries go when touched
    assert "10.0.3.231" not in limit._failures


def test_concurrency_limit_per_client_and_overall() -> None:
    limit = ConcurrencyLimit(per_client=2, total=3, retry_after_s=2.5)
    with limit.slot("a"), limit.slot("a"):
        with pytest.raises(ApiProblemError) as per_client, limit.slot("a"):
            pass
        assert per_client.value.status == 429
        assert per_client.value.headers["Retry-After"] == "3"
        with limit.slot("b"):
            with pytest.raises(ApiProblemError) as overall, limit.slot("c"):
                pass
            assert overall.value.status == 503
    assert limit._running == {}  # released, nothing kept for idle clients
