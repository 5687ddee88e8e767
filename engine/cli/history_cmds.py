"""``history`` and ``compare``: the analysis records ``analyse`` leaves, and what changed
between two of them."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..analysis import compare, history
from ..analysis.graphs import analysis_graphs
from ..present.render import Format, dumps, emit, to_data
from ..store import Store
from .options import FormatOption, OrgOption, StoreOption, console, open_db, store_command
from .root import app


def _known_org(db: Store, org: str) -> None:
    """An organisation without data (and so without records) is an unknown id."""
    analysis_graphs(db, org)


@app.command("history")
@store_command
def history_command(
    org: OrgOption, store: StoreOption = None, fmt: FormatOption = Format.table
) -> None:
    """The organisation's recorded analyses (one per `analyse`), oldest first, with their
    ids for `compare` and `report --since`."""
    db = open_db(store, read_only=True)
    records = history.history(db, org)
    if not records:
        _known_org(db, org)
    if fmt is Format.json:
        sys.stdout.write(dumps(records) + "\n")
        return
    rows = [
        {
            **to_data(r),
            "versions": " ".join(
                f"{name.partition('/')[2] or name}={version.removeprefix('sha256:')[:8]}"
                for name, version in r.versions.items()
            ),
            "input_hash": r.input_hash.removeprefix("sha256:")[:12],
            "scores": " ".join(f"{s.framework} {s.score:.1%}" for s in r.scores if s.applicable),
        }
        for r in records
    ]
    columns = ["id", "started", "as_of", "evidence_date", "input_hash", "scores", "gaps"]
    emit(
        console,
        rows,
        fmt,
        columns if fmt is Format.table else [*columns, "ended", "include_draft", "versions"],
        title=f"{len(records)} recorded analyses of {org} (support scores, not compliance)",
    )


@app.command("compare")
@store_command
def compare_command(
    org: OrgOption,
    from_id: Annotated[str, typer.Option("--from", help="The earlier analysis id (`history`).")],
    to_id: Annotated[str, typer.Option("--to", help="The later analysis id (`history`).")],
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """What changed between two recorded analyses: scores per act, statuses that moved (per
    AI system), gaps opened and closed, and why (input vs law or mappings)."""
    db = open_db(store, read_only=True)
    result = compare.compare(db, org, from_id, to_id)
    if fmt is Format.json:
        sys.stdout.write(dumps(result) + "\n")
        return
    if fmt is Format.csv:
        emit(console, result.changes, fmt, ["id", "framework", "system", "before", "after"])
        return
    print_comparison(result)


def print_comparison(result: compare.Comparison) -> None:
    """Why, the scores, the moved statuses and the gaps, as tables."""
    console.print(
        f"[bold]{result.organisation}[/bold]: {result.from_id} ({result.from_started}) -> "
        f"{result.to_id} ({result.to_started})"
    )
    for reason in result.reasons:
        console.print(f"  - {reason}")
    emit(
        console,
        [
            {
                "framework": s.framework,
                "before": "n/a" if s.before is None else f"{s.before:.1%}",
                "after": "n/a" if s.after is None else f"{s.after:.1%}",
                "change": f"{s.delta * 100:+.1f} pts",
            }
            for s in result.scores
        ],
        Format.table,
        ["framework", "before", "after", "change"],
        title="Support score per act (not a compliance percentage)",
    )
    emit(
        console,
        result.changes,
        Format.table,
        ["id", "framework", "system", "before", "after"],
        title=f"{len(result.changes)} statuses moved (system empty: the organisation's)",
    )
    for title, gaps in (("opened", result.gaps_opened), ("closed", result.gaps_closed)):
        emit(
            console,
            gaps,
            Format.table,
            ["severity", "kind", "focus", "provisions"],
            title=f"{len(gaps)} gaps {title}",
        )
