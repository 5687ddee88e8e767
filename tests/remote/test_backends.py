"""The same analysis on the embedded store, the Oxigraph server and Virtuoso.

Every gap case, and the example organisation's whole analysis (gaps, coverage, plan, report,
catalog views, crosswalk, integrity checks), must give identical JSON on each backend, after
sorting lists (a server may return rows in another order).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aimsgraph.engine import bootstrap
from aimsgraph.engine.analysis import coverage, gaps, plan, qc
from aimsgraph.engine.analysis.graphs import working_store
from aimsgraph.engine.crosswalks import crosswalk
from aimsgraph.engine.law import catalog
from aimsgraph.engine.org import loader
from aimsgraph.engine.present import report
from aimsgraph.engine.present.render import to_data
from aimsgraph.engine.store import EmbeddedStore, Store
from aimsgraph.engine.store.remote import RemoteStore
from conftest import REMOTE, REPO
from servers import Server

CASES = sorted(p for p in (REPO / "tests" / "cases").iterdir() if (p / "expected.json").is_file())
EXAMPLE = REPO / "examples" / "northwind-bank"
AS_OF = dt.date(2026, 11, 23)

StoreFor = Callable[[str], Store]


def canonical(value: Any) -> Any:
    """JSON data with every list sorted, so row order does not count."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


@pytest.fixture(scope="session")
def _pool() -> dict[str, Store]:
    return {}


@pytest.fixture
def store_for(
    request: pytest.FixtureRequest,
    _pool: dict[str, Store],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[StoreFor]:
    """``store_for(name)``: that backend with the catalogs and mapping sets (installed once
    per session) and no organisation."""

    def get(name: str) -> Store:
        if name not in _pool:
            store: Store
            if name == "embedded":
                store = EmbeddedStore(tmp_path_factory.mktemp("embedded") / "store")
            else:
                server: Server = request.getfixturevalue(f"{name}_server")
                store = RemoteStore(server.config)
            bootstrap.install_all(store)
            _pool[name] = store
        _drop_orgs(_pool[name])
        return _pool[name]

    yield get
    for store in _pool.values():
        _drop_orgs(store)


def _drop_orgs(store: Store) -> None:
    for org in loader.organisations(store):
        loader.delete_org(store, org["id"])


_case_results: dict[str, Any] = {}


def case_analysis(store: Store, case: Path) -> Any:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    as_of = dt.date.fromisoformat(expected["as_of"])
    data, _ = loader.import_org(store, case / "data.ttl")
    org = data.organisation.id
    return canonical(
        to_data(
            {
                "gaps": gaps.gaps(store, org, as_of, "fast"),
                "coverage": coverage.coverage(store, org, as_of),
            }
        )
    )


@pytest.mark.parametrize("backend", REMOTE)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_gap_and_coverage_cases_are_identical(
    store_for: StoreFor, backend: str, case: Path
) -> None:
    if case.name not in _case_results:
        _case_results[case.name] = case_analysis(store_for("embedded"), case)
    result = case_analysis(store_for(backend), case)
    assert len(result["coverage"]["frameworks"]) == 4
    assert result == _case_results[case.name]


def example_analysis(store: Store) -> Any:
    data, _ = loader.import_org(store, EXAMPLE)
    org = data.organisation.id
    cov = coverage.coverage(store, org, AS_OF)
    built = to_data(report.build(store, org, AS_OF))
    del built["generated"]  # the clock, not the data
    return canonical(
        to_data(
            {
                "coverage": cov,
                "plan": plan.plan(store, org, AS_OF, report=cov),
                "report": built,
                "frameworks": catalog.frameworks(store),
                "provision": catalog.provision(store, "ai-act:art-12-1"),
                "clause": catalog.provision(store, "iso42001:clause-9.3.3"),
                "crosswalk": crosswalk.crosswalk(store, "dora:art-8-1", "nis2", transitive=True),
                "checks": qc.run(store),
                "organisations": loader.organisations(store),
            }
        )
    )


@pytest.mark.parametrize("backend", REMOTE)
def test_example_organisation_is_identical(store_for: StoreFor, backend: str) -> None:
    expected = example_analysis(store_for("embedded"))
    result = example_analysis(store_for(backend))
    assert result["coverage"]["frameworks"] and result["plan"]["steps"]
    for key in expected:
        assert result[key] == expected[key], key


@pytest.mark.parametrize("backend", REMOTE)
def test_a_working_set_answers_as_the_remote_store(store_for: StoreFor, backend: str) -> None:
    """The fast path on a server: the shared graphs and the organisation's graph fetched
    once into an in-memory working set (from the import's text, or read back from the
    server) give the same analysis as every query sent to the server."""
    store = store_for(backend)
    prepared = loader.prepare_import(store, EXAMPLE)
    loader.write_import(store, prepared)
    org = prepared.data.organisation.id

    def analysis(on: Store) -> Any:
        cov = coverage.coverage(on, org, AS_OF)
        found = gaps.gaps(on, org, AS_OF)
        return canonical(
            to_data({"coverage": cov, "gaps": found, "plan": plan.plan(on, org, AS_OF, report=cov)})
        )

    expected = analysis(store)
    assert expected["coverage"]["frameworks"] and expected["gaps"]["gaps"]
    assert analysis(working_store(store, org, prepared)) == expected
    assert analysis(working_store(store, org)) == expected
