"""``org import|list|delete|template|format-doc``: an organisation's data in the store, and
the files a new client starts from."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import bootstrap
from ..analysis import history
from ..errors import AimsgraphError, UnknownIdError
from ..org import loader, template
from ..present import org_template_xlsx
from ..present.render import Format, emit
from .options import (
    FormatOption,
    StoreOption,
    console,
    open_db,
    store_command,
)
from .root import org_app


class ConfirmationError(AimsgraphError):
    """A destructive command needs a yes it could not ask for."""


@org_app.command("import")
@store_command
def org_import(
    source: Annotated[
        Path,
        typer.Argument(metavar="SOURCE", help="Folder, .xlsx workbook, or .ttl/.jsonld file"),
    ],
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
    org_id: Annotated[str, typer.Argument(metavar="ID", help="Organisation id")],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Delete without asking (scripts, CI).")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Remove an organisation and all its data, its analysis records too (asks first
    unless --yes)."""
    db = open_db(store)
    found = loader.organisation(db, org_id)
    if found is None:
        raise UnknownIdError(org_id, "no such organisation (`aimsgraph org list`)")
    if not yes:
        if not sys.stdin.isatty():
            raise ConfirmationError(
                f"not deleting {org_id}: no terminal to confirm on; pass --yes to delete "
                "without asking"
            )
        question = (
            f"Delete {org_id} ({found['name']}, {found['triples']} triples) from "
            f"{db.location}? This cannot be undone"
        )
        if not typer.confirm(question, default=False):
            console.print(f"kept {org_id}", markup=False, highlight=False)
            raise typer.Exit(1)
    loader.delete_org(db, org_id)
    history.forget(db, org_id)
    db.flush()
    console.print(f"deleted {org_id}", markup=False, highlight=False)


@org_app.command("template")
def org_template(
    target: Annotated[
        Path,
        typer.Argument(
            metavar="DEST", help="New folder (four files + FORMAT.md) or a new .xlsx workbook"
        ),
    ],
) -> None:
    """Write a new client's input files, one example row each, ready to edit and import
    (never overwrites: an existing file is an error and nothing is written)."""
    if target.suffix.lower() == ".xlsx":
        org_template_xlsx.write_template(target)
        written = [target]
    else:
        written = template.write_folder(target)
    for path in written:
        console.print(f"wrote {path}", markup=False, highlight=False)
    console.print(
        f"next: edit, then `aimsgraph org import {target}` (column reference: "
        f"{'the Instructions sheet' if len(written) == 1 else template.FORMAT_FILE})",
        markup=False,
        highlight=False,
    )


@org_app.command("format-doc")
def org_format_doc(
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: standard output)")
    ] = None,
) -> None:
    """Print the input column reference generated from the schema (docs/input-format.md)."""
    text = template.format_markdown()
    if out is None:
        sys.stdout.write(text)
        return
    out.write_text(text, encoding="utf-8")
    console.print(f"wrote {out}", markup=False, highlight=False)
