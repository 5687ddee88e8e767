"""The checker every input table goes through: it converts cells and collects every problem
with its file, row and column (up to :data:`MAX_PROBLEMS`), so one run reports them all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .. import dates
from ..errors import MAX_PROBLEMS, Problem
from .forgiving import canonical, did_you_mean, list_note, split_list
from .schema import CONTROL_CHARACTERS, LOCAL_ID


@dataclass(frozen=True)
class RawTable:
    """Rows of strings read from one file or sheet, with the names to report them by."""

    file: str
    columns: tuple[str, ...]
    rows: list[tuple[int | str, dict[str, str]]]  # (row number or node IRI, values)


class Checker:
    """Collects problems while converting one table's cells."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.omitted = 0  # problems past the cap: counted, not kept (bounded memory)

    @property
    def room(self) -> bool:
        """Whether another problem will be kept (past the cap only the count grows)."""
        return len(self.problems) < MAX_PROBLEMS

    def hint(self, value: str, candidates: Iterable[str]) -> str:
        """A did-you-mean for a problem that will be kept; nothing past the cap (a million
        bad rows must not cost a million fuzzy searches)."""
        return did_you_mean(value, candidates) if self.room else ""

    def report(self, file: str, row: int | str | None, column: str | None, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.omitted += 1
            return
        line = row if isinstance(row, int) else None
        where = f"{message} (record {row})" if isinstance(row, str) else message
        self.problems.append(Problem(file, where, line, column))

    def plain_text(self, table: RawTable) -> None:
        """No control characters in any cell (they break reports and hide text)."""
        for row, values in table.rows:
            for column, value in values.items():
                if value.isprintable():  # fast path: nothing to look for
                    continue
                bad = next((c for c in value if c in CONTROL_CHARACTERS), None)
                if bad is not None:
                    self.report(
                        table.file,
                        row,
                        column,
                        f"contains the control character U+{ord(bad):04X}; remove it "
                        "(only tab and line breaks are allowed)",
                    )

    def columns(
        self, table: RawTable, expected: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> bool:
        missing = [c for c in expected if c not in table.columns and c not in optional]
        unknown = [c for c in table.columns if c not in expected]
        for column in missing:
            self.report(table.file, 1, column, f"missing column {column!r}")
        for column in unknown:
            self.report(
                table.file,
                1,
                column,
                f"unknown column {column!r}; columns are {', '.join(expected)}"
                + self.hint(column, missing or expected),
            )
        return not missing

    def unique_id(self, file: str, row: int | str, value: str, seen: set[str], what: str) -> None:
        """A well-formed id not used before in this table."""
        if not LOCAL_ID.fullmatch(value):
            self.report(file, row, "id", f"{value!r} is not a valid id (letters, digits, . _ -)")
        elif value in seen:
            self.report(file, row, "id", f"duplicate {what} id {value!r}")
        seen.add(value)

    def one_of(
        self,
        file: str,
        row: int | str,
        column: str,
        value: str,
        allowed: Iterable[str],
        *,
        required: bool = True,
        is_list: bool = False,
    ) -> str | None:
        """The allowed value ``value`` spells (any letter case), else report it."""
        allowed = tuple(allowed)
        if not value:
            if required:
                self.report(
                    file, row, column, f"{column} is required; allowed: {', '.join(allowed)}"
                )
            return None
        found = canonical(value, allowed)
        if found is None:
            self.report(
                file,
                row,
                column,
                f"{value!r} is not allowed; allowed: {', '.join(allowed)}"
                + (list_note(value) if is_list else "")
                + self.hint(value, allowed),
            )
        return found

    def some_of(
        self, file: str, row: int | str, column: str, value: str, allowed: tuple[str, ...]
    ) -> list[str]:
        """The allowed values of a ';'-separated list cell (canonical spelling)."""
        found = [
            self.one_of(file, row, column, v, allowed, is_list=True) for v in split_list(value)
        ]
        return [v for v in found if v is not None]

    def date(
        self, file: str, row: int | str, column: str, value: str, *, required: bool
    ) -> dt.date | None:
        if not value:
            if required:
                self.report(file, row, column, f"{column} is required (ISO 8601 date, YYYY-MM-DD)")
            return None
        try:
            return dates.parse_date(value)
        except ValueError:
            self.report(file, row, column, f"{value!r} is not an ISO 8601 date (YYYY-MM-DD)")
            return None
