"""The analyses run with the cycle collector's young threshold raised (``gc_pace``): the
threshold is restored when the last overlapping analysis ends, whatever happens inside, and
leaving the collector less often is safe because an analysis makes no reference cycles."""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from aimsgraph.engine.analysis import coverage, gaps, plan
from aimsgraph.engine.analysis.gc_pace import YOUNG_THRESHOLD, fewer_collections
from aimsgraph.engine.analysis.graphs import working_store
from aimsgraph.engine.org import loader
from aimsgraph.engine.store import EmbeddedStore
from orgfactory import generator

DEFAULT = (700, 10, 10)


@pytest.fixture
def default_threshold() -> Iterator[None]:
    saved = gc.get_threshold()
    gc.set_threshold(*DEFAULT)
    yield
    gc.set_threshold(*saved)


@pytest.mark.usefixtures("default_threshold")
def test_raised_inside_and_restored_after_even_on_error() -> None:
    with fewer_collections():
        assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, 10)
        with fewer_collections():  # nested: still raised, not restored by the inner exit
            pass
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    assert gc.get_threshold() == DEFAULT
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("analysis failed")
    assert gc.get_threshold() == DEFAULT


@pytest.mark.usefixtures("default_threshold")
def test_decorated_analyses_raise_it_while_they_run() -> None:
    seen: list[int] = []

    @fewer_collections()
    def analysis() -> None:
        seen.append(gc.get_threshold()[0])

    analysis()
    analysis()
    assert seen == [YOUNG_THRESHOLD, YOUNG_THRESHOLD]
    assert gc.get_threshold() == DEFAULT


@pytest.mark.usefixtures("default_threshold")
def test_overlapping_threads_restore_it_when_the_last_one_ends() -> None:
    first_in, second_in, first_may_leave = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with fewer_collections():
            first_in.set()
            first_may_leave.wait(10)

    thread = threading.Thread(target=first)
    thread.start()
    assert first_in.wait(10)
    with fewer_collections():
        second_in.set()
        first_may_leave.set()
        thread.join(10)
        assert not thread.is_alive()
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD  # the first left, this one runs
    assert gc.get_threshold() == DEFAULT


def test_a_threshold_the_caller_chose_is_kept() -> None:
    saved = gc.get_threshold()
    try:
        for chosen in [(0, 10, 10), (100_000, 5, 5)]:  # automatic collection off; higher
            gc.set_threshold(*chosen)
            with fewer_collections():
                assert gc.get_threshold() == chosen
            assert gc.get_threshold() == chosen
    finally:
        gc.set_threshold(*saved)


def test_an_analysis_leaves_no_reference_cycles(org_store: EmbeddedStore, tmp_path: Path) -> None:
    """Everything coverage, gaps and the plan build is freed by reference counting once the
    answer is dropped: the collector finds nothing it alone could free."""
    folder = tmp_path / "org"
    generator().generate(200, 5, folder)
    prepared = loader.prepare_import(org_store, folder)
    loader.write_import(org_store, prepared)
    org_id = prepared.data.organisation.id
    day = dt.date(2028, 6, 1)

    def analyse() -> int:
        work = working_store(org_store, org_id, prepared)
        report = coverage.coverage(work, org_id, day)
        found = gaps.gaps(work, org_id, day)
        steps = plan.plan(work, org_id, day, None, report)
        return len(report.systems) + len(found.gaps) + len(steps.steps)

    assert analyse() > 0  # warm: caches filled once are not garbage
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        assert analyse() > 0
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()
