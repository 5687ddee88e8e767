"""Fewer passes of Python's cycle collector while an analysis builds its answer.

An analysis of 10,000 AI systems builds some 10^5-10^6 small objects (judgements, gap
records, plan candidates) that all live until the answer is returned. With CPython's default
thresholds the cycle collector runs every 700 new objects and, as they survive, traverses them
again in its older generations: about a third of gaps + coverage + plan at that size (4.8-5.0 s
against 3.2-3.4 s with the threshold raised, ``benchmarks/README.md``). Reference counting
frees these objects either way (the analysis makes no reference cycles, which
``test_gc_pace`` checks), so the collector only needs to run less often, not to stop.

The threshold is process-wide: it is raised while at least one analysis runs (threads and
nested calls count) and restored when the last one ends. The collector keeps running
meanwhile, so an overlapping stream of requests never turns it off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 50_000  # objects allocated between two young-generation passes

_lock = threading.Lock()
_running = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the young generation's threshold for the duration (a decorator too)."""
    global _running, _saved
    with _lock:
        if _running == 0:
            young, *older = gc.get_threshold()
            # 0 means the caller turned automatic collection off through the threshold
            if 0 < young < YOUNG_THRESHOLD:
                _saved = (young, older[0], older[1])
                gc.set_threshold(YOUNG_THRESHOLD, older[0], older[1])
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None
