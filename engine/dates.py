"""The analysis date every command and endpoint takes (``--as-of``, ``as_of``)."""

from __future__ import annotations

import datetime as dt

from .errors import AimsgraphError


class InvalidDateError(AimsgraphError):
    """A date parameter that is not an ISO 8601 date."""


def parse_date(value: str) -> dt.date:
    """A date written exactly ``YYYY-MM-DD`` (``ValueError`` otherwise).

    ``date.fromisoformat`` also takes ``20250301`` and week dates such as ``2025-W09-6``;
    the messages promise YYYY-MM-DD, so the text must be the date's own ISO form."""
    date = dt.date.fromisoformat(value)
    if date.isoformat() != value:
        raise ValueError(f"{value!r} is not written YYYY-MM-DD")
    return date


def as_of(value: str | None, name: str = "as_of") -> dt.date:
    """``None`` or empty means today; otherwise a YYYY-MM-DD date or a clear error."""
    if not value:
        return dt.date.today()
    try:
        return parse_date(value)
    except ValueError:
        raise InvalidDateError(f"{name}: {value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None


def check_evidence_date(evidence_date: dt.date, law_date: dt.date) -> None:
    """The evidence date may not be later than the law date.

    The question coverage answers is "on the law date, which obligations apply and how far
    does our evidence support them"; an earlier evidence date is the what-if "if our evidence
    stays as it is on that day" (the README's case: the law in the future, evidence today).
    Evidence judged after the law date mixes a later evidence state with an earlier state of
    the law, a day that never exists: to look further ahead, move the law date too."""
    if evidence_date > law_date:
        raise InvalidDateError(
            f"evidence date {evidence_date.isoformat()} is after the law date "
            f"{law_date.isoformat()}: evidence is judged on or before the law date "
            "(to look further ahead, move the law date (--as-of / as_of) too)"
        )
