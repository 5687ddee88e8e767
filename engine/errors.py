"""The error hierarchy: user errors (bad input, unknown ids, store problems) versus bugs.

Every :class:`AimsgraphError` carries a message written for the person who caused it: what
went wrong, where, and how to fix it. The CLI prints it on one line and exits non-zero; the
API maps each subclass to an HTTP status in one place. Anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


class AimsgraphError(Exception):
    """Base class of every error a user can cause and fix."""

    exit_code = 2


class UnknownIdError(AimsgraphError):
    """An identifier that names nothing in the loaded catalogs or organisation data."""

    exit_code = 3

    def __init__(self, identifier: str, hint: str = "") -> None:
        self.identifier = identifier
        message = f"unknown id {identifier!r}"
        super().__init__(message + (f": {hint}" if hint else ""))


class StoreError(AimsgraphError):
    """The store cannot be opened, read or written (locked, missing, corrupt)."""

    exit_code = 4


class QueryRefusedError(AimsgraphError):
    """A caller's SPARQL query is not allowed: not SPARQL 1.1, an update, or federated."""


class StoreNotInitialisedError(StoreError):
    """A command needs the catalogs but the store has none yet."""

    def __init__(self, location: str) -> None:
        super().__init__(
            f"the store at {location} has no catalogs yet: run `aimsgraph store init` first"
        )


class OutputError(AimsgraphError):
    """A result file cannot be written (a folder given as the file, disk full, no rights)."""


@dataclass(frozen=True)
class Problem:
    """One problem in a user's input, located as precisely as the format allows."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f":{self.column}"
        return f"{where}: {self.message}"


MAX_PROBLEMS = 200
"""Problems an :class:`InputError` lists; past that they are counted (a broken million-row
file must not turn into a 160 MB error response)."""


class InputError(AimsgraphError):
    """Input files are invalid; nothing was written. Carries the first
    :data:`MAX_PROBLEMS` problems found and how many more were cut (``omitted``)."""

    exit_code = 5

    def __init__(self, problems: list[Problem], omitted: int = 0) -> None:
        self.problems = problems[:MAX_PROBLEMS]
        self.omitted = omitted + len(problems) - len(self.problems)
        count = len(self.problems) + self.omitted
        head = f"{count} problem{'s' if count != 1 else ''} in the input; nothing was written"
        lines = [f"  {p}" for p in self.problems]
        if self.omitted:
            lines.append(f"  ... and {self.omitted} more (only the first {MAX_PROBLEMS} shown)")
        super().__init__("\n".join([head, *lines]))
