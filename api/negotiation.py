"""Content negotiation (RFC 9110, section 12.5.1): each operation names the media types it
offers; the Accept header picks one, or the answer is 406 problem+json listing them.

The header is parsed into media ranges with their ``q`` weights; the most specific range
that matches an offered type decides that type's weight (``text/turtle`` over ``text/*``
over ``*/*``). Ties go to the operation's first (default) type.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fastapi import Request

from .problems import ApiProblemError

JSON = "application/json"


@dataclass(frozen=True)
class MediaRange:
    """One element of an Accept header."""

    type: str
    subtype: str
    q: float

    def specificity(self, media: str) -> int:
        """How closely this range names ``media``: 2 exact, 1 ``type/*``, 0 ``*/*``, -1 no
        match."""
        kind, _, sub = media.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 0
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed elements are ignored (a bad ``q``
    counts as 1, as if it were absent)."""
    ranges = []
    for element in header.split(","):
        media, *params = (p.strip() for p in element.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 1.0
        ranges.append(MediaRange(kind, sub, q))
    return ranges


def choose(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered type the header prefers, ``offered[0]`` without a header, or ``None``
    when the header accepts none of them."""
    if not header or not header.strip():
        return offered[0]
    ranges = parse_accept(header)
    if not ranges:
        return offered[0]
    best: tuple[float, str] | None = None
    for media in offered:
        matches = [(r.specificity(media), r.q) for r in ranges if r.specificity(media) >= 0]
        if not matches:
            continue
        q = max(matches)[1]
        if q > 0 and (best is None or q > best[0]):
            best = (q, media)
    return best[1] if best else None


def not_acceptable(offered: Sequence[str]) -> ApiProblemError:
    """The 406 problem for a request whose Accept header allows none of ``offered``."""
    return ApiProblemError(
        406,
        "Not acceptable",
        f"this resource is available as {', '.join(offered)}; send one of them in Accept",
        supported=list(offered),
    )


def offers(*offered: str) -> Callable[[Request], str]:
    """A dependency: the media type to answer with, or 406."""

    def negotiated(request: Request) -> str:
        chosen = choose(request.headers.get("accept"), offered)
        if chosen is None:
            raise not_acceptable(offered)
        return chosen

    negotiated.__name__ = "negotiated_" + "_".join(
        o.replace("/", "_").replace("+", "_").replace("-", "_") for o in offered
    )
    return negotiated
