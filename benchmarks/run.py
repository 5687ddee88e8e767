#!/usr/bin/env python3
"""Benchmark harness: import, gaps, coverage and plan at several sizes, against the floor
and the naive baseline, measured in one process on the same data.

    python benchmarks/run.py --sizes 100,1000 [--seed 7] [--limit 300] [--as-of 2026-11-23]
                             [--on-store]

For each size it prints: triples, import time (reading, checking and building the graph's
text, and starting the store's write in the background, as ``analyse`` does; ``--on-store``:
the write itself, waited for), the time to start the analysis's in-memory working set
(``--on-store``: none, every query runs on the persistent store, the reference path), then in
``analyse``'s order coverage time (all four acts), gaps time (fast executor) and plan time,
the part of them spent waiting for the working set's parse (it runs in the background, see
``working_set``), the wait for the store's write after the analysis (the part of the write
the analysis did not hide), peak RSS so far;
the parse floor (pyoxigraph parsing the organisation's N-Triples into an empty store, the best of
three); the
naive baseline (pySHACL over the whole graph, rdflib's in-memory SPARQL for the coverage
queries), each in a child process with a time limit (``> limit`` when it does not finish);
and the ratios engine/floor, analysis (working set + gaps + coverage + plan)/floor and
baseline/engine. "alone": coverage + gaps + plan once more in a fresh child process with
nothing else running (no store write, the working set parsed before they start; on 2 cores
the pipeline's phases share the CPU with the write and the parse), its law caches filled
first as the main loop's are, and alone/floor. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from aimsgraph.engine import bootstrap
from aimsgraph.engine.analysis import coverage, gaps, plan
from aimsgraph.engine.analysis.graphs import analysis_graphs, org_iri, working_store
from aimsgraph.engine.namespaces import FRAMEWORKS
from aimsgraph.engine.org import loader
from aimsgraph.engine.store import EmbeddedStore, sparql, working_set
from generate import generate

DATA = Path(__file__).resolve().parent / "data"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "northwind-bank"
ALONE_LIMIT = 900.0  # seconds for the "alone" child, its set-up and import included


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pyshacl_baseline(nt_path: str, as_of: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    from pyshacl import validate
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD

    start = time.perf_counter()
    graph = Graph().parse(nt_path, format="nt")
    graph.add(
        (
            URIRef("https://w3id.org/aimsgraph/ontology#analysisContext"),
            URIRef("https://w3id.org/aimsgraph/ontology#asOf"),
            Literal(as_of, datatype=XSD.date),
        )
    )
    validate(graph, shacl_graph=gaps.shapes_graph(), inference="none", advanced=True)
    queue.put(time.perf_counter() - start)


def _rdflib_baseline(nt_path: str, org_iri: str, as_of: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD

    start = time.perf_counter()
    graph = Graph().parse(nt_path, format="nt")
    day = Literal(as_of, datatype=XSD.date)
    for key in ("ai-act", "gdpr", "dora", "nis2"):
        scheme = URIRef(FRAMEWORKS[key].scheme)
        bindings = {"scheme": scheme, "org": URIRef(org_iri), "asOf": day}
        # Applicability is evaluated in Python from the rules (no query of its own): the
        # baseline's query work is the links and evidence of coverage.
        for name in ("obligation-links", "obligation-evidence"):
            list(graph.query(sparql.load(name), initBindings=bindings))
    list(
        graph.query(
            sparql.load("implemented-elements"), initBindings={"org": URIRef(org_iri), "asOf": day}
        )
    )
    queue.put(time.perf_counter() - start)


def _analysed(store: EmbeddedStore, folder: Path, day: dt.date) -> float:
    """Coverage, gaps and plan of ``folder``'s organisation in ``analyse``'s order, on a
    working set whose parse is over before the clock starts; the organisation is not written
    to the store (the working set is given its text), so no write or compaction runs
    meanwhile."""
    prepared = loader.prepare_import(store, folder)
    org_id = prepared.data.organisation.id
    work = working_store(store, org_id, prepared)
    work.count(prepared.graph)  # waits for the background parse
    start = time.perf_counter()
    report = coverage.coverage(work, org_id, day)
    gaps.gaps(work, org_id, day, "fast")
    plan.plan(work, org_id, day, None, report)
    return time.perf_counter() - start


def _alone(folder: str, as_of: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    """The three phases alone, in a fresh process: nothing else competes for the two cores.
    The process's law caches are first filled by analysing the example organisation, as the
    main loop's smaller sizes fill them before its last one; the organisation's own answers
    (its applicability) are not cached."""
    day = dt.date.fromisoformat(as_of)
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "store")
        bootstrap.install_all(store)
        working_set.load_shared(store)
        _analysed(store, EXAMPLE, day)
        queue.put(_analysed(store, Path(folder), day))


def baseline(target, args: tuple, limit: float, start: str = "fork") -> float | None:  # type: ignore[no-untyped-def,type-arg]
    """``target(*args, queue)`` in a child process; ``start="spawn"`` for a child that opens a
    store (a forked copy of this process's RocksDB and Oxigraph threads can deadlock)."""
    context = mp.get_context(start)
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    process.join(limit)
    if process.is_alive():
        process.terminate()
        process.join()
        return None
    return queue.get() if not queue.empty() else None


def run_size(
    systems: int, seed: int, as_of: dt.date, limit: float, on_store: bool = False
) -> dict[str, object]:
    folder = DATA / f"org-{systems}-seed{seed}"
    if not (folder / "evidence.csv").exists():
        generate(systems, seed, folder)
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "store")
        bootstrap.install_all(store)
        _, t_shared = timed(working_set.load_shared, store)  # once per process and version
        prepared, t_import = timed(loader.prepare_import, store, folder)
        org_id, triples = prepared.data.organisation.id, prepared.triples
        if on_store:  # the reference path: write, then every query on the persistent store
            _, t_write = timed(loader.write_import, store, prepared)
            t_import, t_wait, work, t_work = t_import + t_write, 0.0, store, 0.0
            writing = None
        else:  # as `analyse` does: the store writes while the analysis runs in memory
            start = time.perf_counter()
            writing = loader.BackgroundWrite(store, prepared)
            t_import += time.perf_counter() - start
            work, t_work = timed(working_store, store, org_id, prepared)
        # in analyse's order: coverage runs while the working set is parsed in the background
        report, t_cov = timed(coverage.coverage, work, org_id, as_of)
        _, t_gaps = timed(gaps.gaps, work, org_id, as_of, "fast")
        _, t_plan = timed(plan.plan, work, org_id, as_of, None, report)
        t_load = getattr(work, "waited", 0.0)  # how long the analysis waited for the parse
        if writing is not None:
            _, t_wait = timed(writing.wait)
        del work
        rss = peak_rss_mib()
        t_alone = baseline(_alone, (str(folder), as_of.isoformat()), ALONE_LIMIT, "spawn")
        org_nt = store.export(loader.org_graph(org_id), "nt")
        t_floor = min(  # the best of three parses: one is noisy on a shared machine
            timed(pyoxigraph.Store().load, org_nt, pyoxigraph.RdfFormat.N_TRIPLES)[1]
            for _ in range(3)
        )
        whole = b"".join(store.export(g, "nt") for g in analysis_graphs(store, org_id))
        nt_path = Path(tmp) / "whole.nt"
        nt_path.write_bytes(whole)
        b_shacl = baseline(_pyshacl_baseline, (str(nt_path), as_of.isoformat()), limit)
        b_sparql = baseline(
            _rdflib_baseline,
            (str(nt_path), str(org_iri(org_id)), as_of.isoformat()),
            limit,
        )
    engine = t_import + t_work + t_gaps + t_cov + t_plan + t_wait
    return {
        "load": t_load,
        "alone": t_alone,
        "wait": t_wait,
        "systems": systems,
        "triples": triples,
        "import": t_import,
        "work": t_work,
        "shared": t_shared,
        "gaps": t_gaps,
        "coverage": t_cov,
        "plan": t_plan,
        "engine": engine,
        "rss": rss,
        "floor": t_floor,
        "pyshacl": b_shacl,
        "rdflib": b_sparql,
    }


def fmt(seconds: float | None, limit: float) -> str:
    return f"> {limit:.0f} s" if seconds is None else f"{seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=float, default=300.0, help="baseline time limit (s)")
    parser.add_argument("--as-of", default="2026-11-23")
    parser.add_argument(
        "--backend",
        help="also compare store backends at 1,000 systems, e.g. "
        "embedded,oxigraph-server,virtuoso (see backends.py)",
    )
    parser.add_argument(
        "--on-store",
        action="store_true",
        help="run the analysis on the persistent store (the reference path) instead of an "
        "in-memory working set",
    )
    args = parser.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    print(
        f"# aimsgraph benchmark {dt.datetime.now():%Y-%m-%d %H:%M}, {platform.machine()}, "
        f"{mp.cpu_count()} cores, Python {platform.python_version()}, "
        f"pyoxigraph {pyoxigraph.__version__}; as-of {as_of}; "
        f"{'on the store' if args.on_store else 'working set'}"
    )
    header = (
        "| systems | triples | import | working set | coverage | gaps | plan | parse wait | "
        "write wait | "
        "engine | peak RSS | parse floor | engine/floor | analysis/floor | alone | alone/floor | "
        "pySHACL gaps | "
        "rdflib coverage | baseline/engine |"
    )
    print(header)
    print("|" + "|".join(["---"] * 19) + "|")
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        r = run_size(size, args.seed, as_of, args.limit, args.on_store)
        results.append(r)
        shacl, rdfq = r["pyshacl"], r["rdflib"]
        base = None if shacl is None or rdfq is None else (shacl + rdfq)  # type: ignore[operator]
        engine_core = r["gaps"] + r["coverage"]  # type: ignore[operator]
        analysis = r["work"] + r["gaps"] + r["coverage"] + r["plan"]  # type: ignore[operator]
        ratio = f"{base / engine_core:.1f}x" if base else f"> {2 * args.limit / engine_core:.0f}x"
        alone = r["alone"]
        alone_ratio = "-" if alone is None else f"{alone / r['floor']:.1f}x"  # type: ignore[operator]
        print(
            f"| {size} | {r['triples']} | {r['import']:.2f} s | {r['work']:.2f} s | "
            f"{r['coverage']:.2f} s | {r['gaps']:.2f} s | {r['plan']:.2f} s | "
            f"{r['load']:.2f} s | {r['wait']:.2f} s | "
            f"{r['engine']:.2f} s | {r['rss']:.0f} MiB | {r['floor']:.3f} s | "
            f"{r['engine'] / r['floor']:.1f}x | {analysis / r['floor']:.1f}x | "  # type: ignore[operator]
            f"{fmt(alone, ALONE_LIMIT)} | {alone_ratio} | "
            f"{fmt(shacl, args.limit)} | "
            f"{fmt(rdfq, args.limit)} | {ratio} |",
            flush=True,
        )
    print(
        "\nshared graphs (ontology, catalogs, mapping sets) read into the process cache: "
        + ", ".join(f"{float(r['shared']):.2f} s" for r in results)  # type: ignore[arg-type]
        + " (a miss costs this once per process and catalog version; a hit ~0 s)"
    )
    if len(results) >= 2:
        first, last = results[-2], results[-1]
        cost = float(last["engine"]) / float(first["engine"])  # type: ignore[arg-type]
        size = int(last["systems"]) / int(first["systems"])  # type: ignore[call-overload]
        print(
            f"\ncost growth {first['systems']} -> {last['systems']} systems: {cost:.1f}x for "
            f"{size:.0f}x the systems ({cost / size:.2f} of linear; 1.00 = linear)"
        )
    if args.backend:
        from backends import compare

        compare(args.backend.split(","), 1000, args.seed, as_of, DATA)


if __name__ == "__main__":
    main()
