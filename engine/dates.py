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
