"""The analysis date every command and endpoint takes (``--as-of``, ``as_of``)."""

from __future__ import annotations

import datetime as dt

from .errors import AimsgraphError


class InvalidDateError(AimsgraphError):
    """A date parameter that is not an ISO 8601 date."""


def as_of(value: str | None, name: str = "as_of") -> dt.date:
    """``None`` or empty means today; otherwise an ISO 8601 date or a clear error."""
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidDateError(f"{name}: {value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
