"""``mappings validate|stats|export`` and ``crosswalk``."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..crosswalks import alike, crosswalk, export, mappings, sssom
from ..errors import InputError
from ..present.render import Format, dumps, emit
from ..store import datasets
from .options import (
    FormatOption,
    StoreOption,
    console,
    errors,
    open_db,
    store_command,
)
from .root import app, mappings_app

# -- mappings and crosswalk ----------------------------------------------------------------


@mappings_app.command("validate")
@store_command
def mappings_validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[FILE...]", help="SSSOM TSV files (default: the shipped sets)"),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Check mapping sets: columns, vocabularies, ranges, ids against the catalogs, SHACL."""
    db = open_db(store, read_only=True)
    known = mappings.known_provisions(db)
    if paths:
        missing = [p for p in paths if not p.is_file()]
        if missing:
            raise typer.BadParameter(f"no such file: {', '.join(map(str, missing))}")
        problems = mappings.validate_paths(paths, known)
        count = len(paths)
    else:
        texts = datasets.mapping_files()
        problems = mappings.validate_texts(texts, known)
        count = len(texts)
    for problem in problems:
        errors.print(str(problem), markup=False, highlight=False, soft_wrap=True)
    if problems:
        errors.print(f"{len(problems)} problems in {count} mapping sets", style="red")
        raise typer.Exit(1)
    console.print(f"{count} mapping sets valid")


@mappings_app.command("stats")
@store_command
def mappings_stats(
    unanswered: Annotated[
        bool,
        typer.Option(
            "--unanswered",
            help="List the organisation-binding provisions no row answers (or only draft rows).",
        ),
    ] = False,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Rows per set, per relationship, per status; organisation-binding provisions without
    a row (what coverage calls not-analysed)."""
    db = open_db(store, read_only=True)
    stats = [mappings.stats_of(s, db) for s in mappings.packaged_sets()]
    if unanswered:
        print_unanswered(stats, fmt)
    elif fmt is Format.json:
        sys.stdout.write(dumps(stats) + "\n")
    else:
        print_stats(stats, fmt)


def print_stats(stats: list[mappings.SetStats], fmt: Format = Format.table) -> None:
    """One row per mapping set: relationships, review status, unanswered provisions."""
    rows = [
        {
            "set": s.name,
            "rows": s.rows,
            **{r: s.relationships.get(r, 0) for r in RELATIONSHIP_COLUMNS},
            "reviewed": s.statuses.get("reviewed", 0),
            "draft": s.statuses.get("draft", 0),
            "binding": s.binding,
            "binding, no row": len(s.unanswered),
            "binding, draft rows only": len(s.draft_only),
        }
        for s in stats
    ]
    columns = [
        "set",
        "rows",
        *RELATIONSHIP_COLUMNS,
        "reviewed",
        "draft",
        "binding",
        "binding, no row",
        "binding, draft rows only",
    ]
    emit(console, rows, fmt, columns, title="Mapping sets")
    for s in stats:
        if s.unmapped_in_scope and fmt is Format.table:
            console.print(f"{s.name}: no row yet for {', '.join(s.unmapped_in_scope)}")


def print_unanswered(stats: list[mappings.SetStats], fmt: Format) -> None:
    """Each organisation-binding provision without a reviewed row, set by set."""
    rows = [
        {
            "set": s.name,
            "id": u.id,
            "notation": u.notation,
            "addressees": u.addressees,
            "rows": rows,
            "title": u.title,
        }
        for s in stats
        for rows, items in (("none", s.unanswered), ("draft only", s.draft_only))
        for u in items
    ]
    columns = ["set", "id", "notation", "addressees", "rows", "title"]
    emit(console, rows, fmt, columns, title=f"Unanswered provisions ({len(rows)})")


@mappings_app.command("qc")
@store_command
def mappings_qc(store: StoreOption = None, fmt: FormatOption = Format.table) -> None:
    """Alike obligations (mappings/alike.yaml) an ISO element maps differently, for review.

    Exits 0 whatever it finds: alike obligations may rightly differ; a reviewer decides."""
    db = open_db(store, read_only=True)
    groups = alike.packaged()
    problems = alike.unknown_members(groups, mappings.known_provisions(db))
    if problems:
        raise InputError(problems)
    found = alike.differences(db, groups)
    title = f"Alike obligations mapped differently ({len(found)} pairs, {len(groups)} groups)"
    if fmt is not Format.table:
        emit(console, found, fmt, QC_COLUMNS, title=title)
        return
    rows = [
        {
            "group": d.group,
            "element": d.element,
            "kind": d.kind,
            "a": d.member_a,
            "row on a": _row_text(d.target_a, d.relationship_a, d.strength_a, d.status_a),
            "b": d.member_b,
            "row on b": _row_text(d.target_b, d.relationship_b, d.strength_b, d.status_b),
        }
        for d in found
    ]
    emit(console, rows, fmt, ["group", "element", "kind", "a", "row on a", "b", "row on b"], title)


def _row_text(target: str, relationship: str, strength: int | None, status: str) -> str:
    if not target:
        return "no row"
    return f"{relationship} {strength} on {target}" + (" (draft)" if status == "draft" else "")


QC_COLUMNS = [
    "group",
    "element",
    "kind",
    "member_a",
    "target_a",
    "relationship_a",
    "strength_a",
    "status_a",
    "member_b",
    "target_b",
    "relationship_b",
    "strength_b",
    "status_b",
]


class ExportFormat(StrEnum):
    """Formats of ``mappings export``."""

    sssom = "sssom"
    skos = "skos"
    oscal = "oscal"


@mappings_app.command("export")
def mappings_export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: stdout)")
    ] = None,
) -> None:
    """Export the shipped mapping sets as SSSOM TSV, SKOS Turtle or OSCAL 1.2 JSON."""
    text = export.export(fmt.value)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        errors.print(f"wrote {out}", highlight=False)


RELATIONSHIP_COLUMNS = list(sssom.RELATIONSHIPS)


@app.command("crosswalk")
@store_command
def crosswalk_command(
    provision_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. iso42001:A.6.2.4")],
    to: Annotated[str | None, typer.Option("--to", help="keep links into this framework")] = None,
    transitive: Annotated[
        bool, typer.Option("--transitive", help="add links derived through ISO/IEC 42001")
    ] = False,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """What an ISO element maps to, or which ISO elements map to an obligation, and why."""
    db = open_db(store, read_only=True)
    links = crosswalk.crosswalk(db, provision_id, to, transitive)
    emit(
        console,
        links,
        fmt,
        [
            "subject",
            "relationship",
            "object",
            "strength",
            "confidence",
            "status",
            "derived",
            "path",
            "comment",
        ],
        title=f"Crosswalk for {provision_id} ({len(links)} links)",
    )
