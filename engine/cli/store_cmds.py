"""``store init``, ``store info`` and ``run`` (load everything, summarise, check)."""

from __future__ import annotations

import typer

from .. import bootstrap
from ..analysis import qc
from ..crosswalks import mappings
from ..law import catalog
from ..present.render import Format, emit
from .catalog_cmds import summary_table
from .mapping_cmds import print_stats
from .options import (
    FormatOption,
    StoreOption,
    console,
    open_db,
    store_command,
)
from .root import app, store_app

# -- store ---------------------------------------------------------------------------------

STALE = "staging: interrupted import (or one running); the next write or `store init` removes it"


@store_app.command("init")
@store_command
def store_init(store: StoreOption = None) -> None:
    """Load the ontology and framework catalogs, one named graph each (idempotent); remove
    staging graphs left by an interrupted import."""
    db = open_db(store)
    stale = db.drop_stale_staging()
    if stale:
        console.print(f"removed {len(stale)} staging graph(s) left by an interrupted import")
    results = bootstrap.install_all(db)
    db.flush()
    emit(
        console,
        results,
        Format.table,
        ["name", "graph", "action", "triples"],
        title=f"Store {db.location}",
    )


@store_app.command("info")
@store_command
def store_info(store: StoreOption = None, fmt: FormatOption = Format.table) -> None:
    """Named graphs in the store, their versions and sizes (and any staging graph left by
    an interrupted import: the next write or `store init` removes it)."""
    db = open_db(store, read_only=True)
    rows = [
        {"graph": graph, "version": version, "triples": db.count(graph)}
        for graph, version in sorted(db.graph_versions().items())
    ] + [
        {"graph": graph, "version": STALE, "triples": db.count(graph)}
        for graph in db.stale_staging()
    ]
    emit(console, rows, fmt, ["graph", "version", "triples"], title=f"Store {db.location}")


@app.command("run")
@store_command
def run(store: StoreOption = None) -> None:
    """The main job: load the catalogs into the store and summarise every framework."""
    db = open_db(store)
    results = bootstrap.install_all(db)
    db.flush()
    loaded = sum(1 for r in results if r.action != "unchanged")
    console.print(f"Store: {db.location} ({loaded} graphs loaded or refreshed, {db.count()} quads)")
    console.print(summary_table(catalog.frameworks(db)))
    print_stats([mappings.stats_of(s, db) for s in mappings.packaged_sets()])
    violations = qc.run(db)
    console.print(f"Integrity checks: {len(violations)} violations")
    if violations:
        raise typer.Exit(1)
