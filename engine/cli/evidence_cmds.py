"""``evidence``: the evidence register (owners, validity, days left, what each supports)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..analysis import evidence_register, system_scope
from ..present.render import Format, dumps, emit, to_data
from .options import (
    FormatOption,
    OrgOption,
    StoreOption,
    console,
    open_db,
    parse_as_of,
    store_command,
)
from .root import app

COLUMNS = [
    "id",
    "title",
    "kind",
    "owner",
    "ai_system",
    "issued",
    "valid_until",
    "days_left",
    "status",
    "supports",
]


@app.command("evidence")
@store_command
def evidence_command(
    org: OrgOption,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date validity is judged on, YYYY-MM-DD (default: today)."),
    ] = None,
    expiring_within: Annotated[
        int | None,
        typer.Option(
            "--expiring-within",
            min=0,
            metavar="DAYS",
            help="Only items whose validity ends within DAYS days (expired ones included: "
            f"they need renewing first); also the 'expiring' threshold (default "
            f"{evidence_register.DEFAULT_HORIZON}).",
        ),
    ] = None,
    system: Annotated[
        str | None, typer.Option("--system", help="Only the evidence that names this AI system.")
    ] = None,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The evidence register: owner, validity, days left (negative: expired), status and what
    each item supports, soonest to lapse first."""
    day = parse_as_of(as_of)
    db = open_db(store, read_only=True)
    if system is not None:
        system_scope.require_system(db, org, system)
    register = evidence_register.evidence_register(db, org, day, expiring_within, system)
    if fmt is Format.json:
        sys.stdout.write(dumps(register) + "\n")
        return
    rows = [
        {**to_data(e), "supports": "; ".join(e.supports), "ai_system": e.ai_system or "-"}
        for e in register.items
    ]
    scope = (f" within {expiring_within} days" if expiring_within is not None else "") + (
        f", AI system {system}" if system else ""
    )
    counts = {
        s: sum(1 for e in register.items if e.status == s) for s in evidence_register.STATUSES
    }
    emit(
        console,
        rows,
        fmt,
        COLUMNS,
        title=f"Evidence of {register.organisation} on {register.as_of}{scope}: "
        + ", ".join(f"{n} {s}" for s, n in counts.items())
        + f" ('expiring': within {register.horizon} days)",
    )
