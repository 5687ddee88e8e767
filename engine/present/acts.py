"""Readable names for acts and provisions, so a client reads "EU AI Act Art. 9(2)" and
"EU AI Act — Regulation (EU) 2024/1689" instead of CELEX numbers and internal ids.

Names come from the catalogs' own fields (label, official title, ELI, provision notation),
never from a hand-kept list, so a new catalog is named as soon as it is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..law import catalog
from ..models import FrameworkInfo
from ..store import Store

# ELI resource types and the words the Official Journal uses for them.
_ELI_TYPES = {"reg": "Regulation", "dir": "Directive", "dec": "Decision"}


@dataclass(frozen=True)
class Act:
    """An act or standard as a client names it."""

    key: str
    label: str  # "EU AI Act"
    citation: str  # "Regulation (EU) 2024/1689", "" for a standard
    short_title: str  # "Artificial Intelligence Act", "" when the title gives none
    eli: str  # the act's ELI, "" for a standard

    @property
    def name(self) -> str:
        """The act's common name with its official citation."""
        return f"{self.label} — {self.citation}" if self.citation else self.label

    @property
    def prefix(self) -> str:
        """What a provision reference starts with: "EU AI Act", "ISO/IEC 42001" (no year)."""
        return self.label if self.citation else self.label.split(":")[0]


def act(info: FrameworkInfo) -> Act:
    """The readable name of one catalog (citation from its ELI, short title from its
    official title's closing parenthesis)."""
    eli = info.eli or ""
    title = info.title.strip()
    short = ""
    if title.endswith(")") and "(" in title:
        short = title[title.rindex("(") + 1 : -1].strip()
    return Act(info.key, info.label, _citation(eli), short, eli)


def _citation(eli: str) -> str:
    """``Regulation (EU) 2024/1689`` from ``http://data.europa.eu/eli/reg/2024/1689/oj``."""
    if not eli:
        return ""
    parts = [p for p in urlsplit(eli).path.split("/") if p]
    if "eli" not in parts:
        return ""
    rest = parts[parts.index("eli") + 1 :]
    if len(rest) < 3 or rest[0] not in _ELI_TYPES:
        return ""
    return f"{_ELI_TYPES[rest[0]]} (EU) {rest[1]}/{rest[2]}"


def acts(store: Store) -> dict[str, Act]:
    """Every loaded catalog by key."""
    return {info.key: act(info) for info in catalog.frameworks(store)}


def provision_names(store: Store, named: dict[str, Act]) -> dict[str, str]:
    """Short id -> readable reference for every provision of every loaded catalog:
    ``EU AI Act Art. 9(2)``, ``ISO/IEC 42001 A.5.4``, ``ISO/IEC 42001 clause 6.1.1``."""
    names: dict[str, str] = {}
    for key, known in named.items():
        for p in catalog.provisions(store, key):
            notation = p.notation or p.id.partition(":")[2]
            if p.kind == "clause":
                notation = f"clause {notation}"
            names[p.id] = f"{known.prefix} {notation}"
    return names


def name_of(
    names: dict[str, str], named: dict[str, Act], short_id: str, short: bool = False
) -> str:
    """The readable reference of ``short_id`` (the id itself when no catalog names it);
    ``short`` leaves out the act, for tables grouped by act."""
    name = names.get(short_id)
    if name is None:
        return short_id
    known = named.get(short_id.partition(":")[0])
    return name.removeprefix(known.prefix + " ") if short and known else name
