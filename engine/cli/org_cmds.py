"""``org import|list|delete``: an organisation's data in the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import bootstrap
from ..analysis import history
from ..org import loader
from ..present.render import Format, emit
from .options import (
    FormatOption,
    StoreOption,
    console,
    open_db,
    store_command,
)
from .root import org_app


@org_app.command("import")
@store_command
def org_import(
    source: Annotated[Path, typer.Argument(help="Folder, .xlsx workbook, or .ttl/.jsonld file")],
    org: Annotated[str | None, typer.Option("--org", help="Override the organisation id")] = None,
    store: StoreOption = None,
) -> None:
    """Validate an organisation's files and replace its graph atomically (all or nothing)."""
    db = open_db(store)
    bootstrap.install_all(db)
    data, triples = loader.import_org(db, source, org)
    db.flush()
    console.print(
        f"imported {data.organisation.id}: {len(data.systems)} AI systems, {len(data.soa)} SoA "
        f"rows, {len(data.evidence)} evidence items ({triples} triples)"
    )


@org_app.command("list")
@store_command
def org_list(store: StoreOption = None, fmt: FormatOption = Format.table) -> None:
    """Organisations in the store."""
    db = open_db(store, read_only=True)
    emit(
        console,
        loader.organisations(db),
        fmt,
        ["id", "name", "triples", "graph"],
        title="Organisations",
    )


@org_app.command("delete")
@store_command
def org_delete(
    org_id: Annotated[str, typer.Argument(metavar="ID")], store: StoreOption = None
) -> None:
    """Remove an organisation and all its data (its analysis records too)."""
    db = open_db(store)
    loader.delete_org(db, org_id)
    history.forget(db, org_id)
    db.flush()
    console.print(f"deleted {org_id}")
