"""Search the catalogs: provisions and ISO/IEC 42001 elements by id, number, heading and text.

Every word of the query must occur in the provision (its id, number, heading or official
text); matches are ranked by where the words occur: the whole query as the id or number
first, then the whole query as the heading, then words in the number, in the heading (more
when they form the heading's phrase), and last only in the text. Ties keep the
catalogs' own order. The index is read once per catalog version, like the rules.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from ..errors import AimsgraphError
from ..namespaces import FRAMEWORKS
from ..store import Store, sparql
from ..store.datasets import CATALOGS
from .catalog import require_catalogs

MAX_QUERY = 200
MAX_WORDS = 12
# Points per query word by the best place it occurs, and for the whole query.
EXACT, IN_NUMBER, IN_TITLE, IN_TEXT = 1000, 40, 10, 1
TITLE_IS_QUERY, PHRASE_IN_TITLE = 200, 25


@dataclass(frozen=True)
class Entry:
    """One provision as the search sees it (lower-cased fields are precomputed)."""

    id: str
    notation: str
    title: str
    kind: str
    framework: str
    order: tuple[int, int]
    text: str


@dataclass(frozen=True)
class Hit:
    """A provision that matches, with its score and where the query was found."""

    id: str
    notation: str
    title: str
    kind: str
    framework: str
    score: int
    matched: tuple[str, ...]  # "id", "number", "title", "text"


@dataclass(frozen=True)
class SearchResult:
    """The best ``limit`` hits of ``total`` matches for ``query``."""

    query: str
    total: int
    hits: list[Hit]


_LOCK = threading.Lock()
_CACHE: dict[tuple[str, ...], list[Entry]] = {}


def _index(store: Store) -> list[Entry]:
    """Every provision of the installed catalogs, cached per catalog version."""
    require_catalogs(store)
    versions = store.graph_versions()
    key = tuple(versions.get(c.graph, "") for c in CATALOGS)
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    order = {name: n for n, name in enumerate(FRAMEWORKS)}
    entries = sorted(
        (
            Entry(
                id=row["id"],
                notation=row["notation"],
                title=row["title"],
                kind=row["kind"],
                framework=row["schemeKey"],
                order=(order.get(row["schemeKey"], len(order)), int(row["sort"])),
                text=row.get("text", ""),
            )
            for row in sparql.select(store, "provision-search")
        ),
        key=lambda e: e.order,
    )
    with _LOCK:
        _CACHE.clear()
        _CACHE[key] = entries
    return entries


def words(query: str) -> list[str]:
    """The query's words, lower-cased, without duplicates; a clear error when unusable."""
    text = query.strip()
    if not text:
        raise AimsgraphError("give some text to search for, e.g. 'risk management' or 'A.6.2.4'")
    if len(text) > MAX_QUERY:
        raise AimsgraphError(f"the search text is longer than {MAX_QUERY} characters; shorten it")
    found = list(dict.fromkeys(text.casefold().split()))
    if len(found) > MAX_WORDS:
        raise AimsgraphError(f"the search text has more than {MAX_WORDS} words; use fewer")
    return found


def _score(entry: Entry, query: str, terms: list[str]) -> tuple[int, tuple[str, ...]] | None:
    """The entry's score for the query, or ``None`` when a word occurs nowhere in it."""
    ident, number = entry.id.casefold(), entry.notation.casefold()
    title, text = entry.title.casefold(), entry.text.casefold()
    score, matched = 0, set()
    for term in terms:
        if term in ident or term in number:
            score += IN_NUMBER
            matched.add("number" if term in number else "id")
        elif term in title:
            score += IN_TITLE
            matched.add("title")
        elif term in text:
            score += IN_TEXT
            matched.add("text")
        else:
            return None
    if query in (ident, number, ident.partition(":")[2]):
        score += EXACT
    elif query == title.rstrip("."):
        score += TITLE_IS_QUERY
    elif len(terms) > 1 and query in title:
        score += PHRASE_IN_TITLE
    order = ("id", "number", "title", "text")
    return score, tuple(m for m in order if m in matched)


def search(store: Store, query: str, framework: str | None = None, limit: int = 50) -> SearchResult:
    """Provisions matching every word of ``query``, best first, at most ``limit``."""
    if framework is not None and framework not in FRAMEWORKS:
        raise AimsgraphError(
            f"unknown framework {framework!r}; frameworks are {', '.join(FRAMEWORKS)}"
        )
    terms = words(query)
    whole = " ".join(query.casefold().split())
    scored: list[tuple[int, tuple[int, int], Hit]] = []
    for entry in _index(store):
        if framework is not None and entry.framework != framework:
            continue
        found = _score(entry, whole, terms)
        if found is None:
            continue
        score, matched = found
        hit = Hit(
            entry.id, entry.notation, entry.title, entry.kind, entry.framework, score, matched
        )
        scored.append((-score, entry.order, hit))
    scored.sort(key=lambda item: (item[0], item[1]))
    return SearchResult(query=query, total=len(scored), hits=[h for *_, h in scored[:limit]])


def texts(store: Store) -> dict[str, str]:
    """Official text by short id, for provisions whose catalog carries it (from the index)."""
    return {entry.id: entry.text for entry in _index(store) if entry.text}
