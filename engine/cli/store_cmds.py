"""``store init`` and ``store info``. (There is no ``run`` command: ``make run`` is the main
job, ``aimsgraph analyse`` and ``aimsgraph report`` what it runs.)"""

from __future__ import annotations

from .. import bootstrap
from ..present.render import Format, emit
from .options import (
    FormatOption,
    StoreOption,
    console,
    open_db,
    store_command,
)
from .root import store_app

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
