"""``catalog frameworks|list|show`` and ``check``: browse and check the framework catalogs."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from ..analysis import qc
from ..law import catalog
from ..models import FrameworkInfo, ProvisionDetail
from ..present.render import Format, dumps, emit
from .options import (
    FormatOption,
    StoreOption,
    console,
    open_db,
    store_command,
)
from .root import app, catalog_app

# -- catalog -------------------------------------------------------------------------------


@catalog_app.command("frameworks")
@store_command
def catalog_frameworks(store: StoreOption = None, fmt: FormatOption = Format.table) -> None:
    """The loaded frameworks with provision counts."""
    db = open_db(store, read_only=True)
    infos = catalog.frameworks(db)
    if fmt is Format.table:
        console.print(summary_table(infos))
    else:
        emit(console, infos, fmt, ["key", "label", "identifier", "version", "eli", "obligations"])


def summary_table(infos: list[FrameworkInfo]) -> Table:
    """One row per framework: provisions by kind and obligations."""
    table = Table(title="Framework catalogs", header_style="bold")
    columns = {
        "article": "articles",
        "annex": "annexes",
        "paragraph": "paragraphs",
        "point": "points",
        "clause": "clauses",
        "control": "controls",
    }
    table.add_column("framework")
    table.add_column("version")
    for header in (*columns.values(), "obligations"):
        table.add_column(header, justify="right")
    for info in infos:
        table.add_row(
            info.key,
            info.version,
            *(str(info.counts.get(kind, 0)) for kind in columns),
            str(info.obligations),
        )
    return table


@catalog_app.command("list")
@store_command
def catalog_list(
    framework: Annotated[str, typer.Option("--framework", help="iso42001|ai-act|gdpr|dora|nis2")],
    level: Annotated[
        str,
        typer.Option(
            "--level",
            help="article: articles/annexes, clauses/controls; "
            "paragraph: down to points; all: also chapters and sections",
        ),
    ] = "all",
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The provisions of one framework in document order."""
    db = open_db(store, read_only=True)
    items = catalog.provisions(db, framework, level)  # type: ignore[arg-type]
    emit(
        console,
        items,
        fmt,
        ["id", "notation", "title", "parent", "kind", "iri"],
        title=f"{framework} ({len(items)} provisions)",
    )


@catalog_app.command("show")
@store_command
def catalog_show(
    provision_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. ai-act:art-9-2-a")],
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """One provision with its parents, children, applicability and source link."""
    db = open_db(store, read_only=True)
    detail = catalog.provision(db, provision_id)
    if fmt is Format.json:
        sys.stdout.write(dumps(detail) + "\n")
    elif fmt is Format.csv:
        emit(console, [detail], fmt, ["id", "notation", "title", "parent", "kind", "iri", "eli"])
    else:
        print_detail(detail)


def print_detail(detail: ProvisionDetail) -> None:
    """A readable view of one provision."""
    console.print(f"[bold]{detail.id}[/bold]  {detail.notation}  [italic]{detail.kind}[/italic]")
    console.print(detail.title)
    console.print(f"IRI: {detail.iri}")
    if detail.parents:
        console.print("Within: " + " > ".join(f"{p.notation} {p.title}" for p in detail.parents))
    if detail.eli:
        console.print(f"ELI: {detail.eli}")
    for source in detail.source:
        console.print(f"Source: {source}")
    if detail.text:
        console.print(f"\n{detail.text}\n")
    if detail.documented_information:
        console.print(f"Documented information: {detail.documented_information}")
    if detail.expected_evidence:
        console.print("Expected evidence: " + ", ".join(detail.expected_evidence))
    for a in detail.applicability:
        inherited = f" (declared on {a.declared_on})" if a.declared_on else ""
        console.print(f"Binds: {', '.join(a.addressees)}{inherited} [{a.status}]; {a.source}")
        for requirement in a.requires:
            console.print(f"  if {requirement}")
        if a.effect != "applies":
            console.print(f"  effect: {a.effect}")
        for line in a.dates:
            console.print(f"  {a.timing}: {line}")
        if a.reason:
            console.print(f"  reason: {a.reason}")
        if a.note:
            console.print(f"  note: {a.note}")
    for m in detail.amendments:
        console.print(
            f"Amended ({m.change}) by {m.amending_act} {m.amending_provision}, "
            f"effective {m.effective_from}"
        )
        if m.previous_label:
            console.print(f"  previous heading: {m.previous_label}")
    if detail.children:
        emit(
            console,
            detail.children,
            Format.table,
            ["id", "notation", "title", "kind"],
            title="Children",
        )


@app.command("check")
@store_command
def check(store: StoreOption = None, fmt: FormatOption = Format.table) -> None:
    """Run the integrity checks (SHACL shapes and *-violation.rq) over the loaded catalogs."""
    db = open_db(store, read_only=True)
    catalog.require_catalogs(db)
    violations = qc.run(db)
    emit(
        console,
        violations,
        fmt,
        ["check", "focus", "message"],
        title=f"{len(violations)} integrity violations",
    )
    if violations:
        raise typer.Exit(1)
