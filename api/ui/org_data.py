"""What the organisation's reading pages share: the store, the organisation's name, checked
filter values, readable names, and engine errors turned into error pages (never a 500).

The pages call the engine functions the API routers call; nothing here computes a figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from aimsgraph.engine.analysis import gaps, system_scope
from aimsgraph.engine.analysis.coverage_model import FrameworkCoverage
from aimsgraph.engine.namespaces import AIMS
from aimsgraph.engine.org import loader
from aimsgraph.engine.present import acts
from aimsgraph.engine.present.charts import Bar, score_chart, status_chart
from aimsgraph.engine.store import Store
from fastapi import Request

from .pages import UiError, engine_errors

FOCUS_KINDS = {"system": "AI system", "evidence": "evidence", "org": "organisation"}


def store_of(request: Request) -> Store:
    """The store the service opened at start-up."""
    store: Store = request.app.state.store
    return store


def org_name(store: Store, org: str) -> str | None:
    """The organisation's name, or None when it has no data yet."""
    found = loader.organisation(store, org)
    return found["name"] if found else None


def require_data(store: Store, org: str) -> str:
    """The organisation's name. Every page that needs its data answers alike without it:
    409 (the organisation exists, its data not yet) saying what to do."""
    with engine_errors():
        name = org_name(store, org)
    if name is None:
        raise UiError(409, f"{org} has no data yet: upload its files on the Upload page first.")
    return name


def choice(value: str | None, allowed: Iterable[str], what: str) -> str | None:
    """A filter value: empty means no filter; anything outside ``allowed`` is a 400 page."""
    if not value:
        return None
    known = list(allowed)
    if value not in known:
        raise UiError(400, f"unknown {what} {value!r}: choose one of {', '.join(known)}")
    return value


def system_choice(store: Store, org: str, value: str | None) -> str | None:
    """An AI system filter, checked against the organisation's systems (400 otherwise)."""
    if not value:
        return None
    with engine_errors():
        system_scope.require_system(store, org, value)
    return value


def systems_of(store: Store, org: str) -> list[str]:
    """The organisation's AI system ids, for the filters' choices."""
    with engine_errors():
        return system_scope.system_ids(store, org)


def gap_kinds() -> list[str]:
    """Every gap kind the packaged shapes can report (for the gaps filter)."""
    kind = AIMS + "gapKind"
    found = {str(o) for _, p, o in gaps.shapes_graph() if str(p) == kind}
    return sorted(found | {"shape-violation"})


def whole_number(value: str | None, what: str) -> int | None:
    """A non-negative whole number filter (empty: none); anything else is a 400 page."""
    if not value:
        return None
    if not value.isdigit() or len(value) > 6:
        raise UiError(400, f"{what} must be a whole number of days (0-999999), not {value!r}")
    return int(value)


@dataclass(frozen=True)
class Names:
    """Readable names: acts by key, provisions by short id ("GDPR Art. 5(1)(a)")."""

    acts: dict[str, acts.Act]
    provisions: dict[str, str]
    systems: dict[str, str] = field(default_factory=dict)  # id -> name (one organisation)

    def act(self, key: str) -> str:
        """The act's label ("EU AI Act"), the key when no catalog names it."""
        known = self.acts.get(key)
        return known.label if known else key

    def ref(self, short_id: str) -> str:
        """The provision's readable reference, the id when no catalog names it."""
        return acts.name_of(self.provisions, self.acts, short_id)

    def system(self, system_id: str) -> str:
        """An AI system by name and id ("Card fraud detection (fraud-detection)"), the id
        alone when it has no other name."""
        name = self.systems.get(system_id, system_id)
        return system_id if name == system_id else f"{name} ({system_id})"

    def focus(self, focus: str) -> str:
        """A gap's focus in words: ``soa/A.5.3`` -> "SoA row of ISO/IEC 42001 A.5.3",
        ``system/x`` -> "AI system x"; a provision id -> its reference."""
        kind, _, rest = focus.partition("/")
        if not rest:
            return self.ref(focus)
        if kind in ("soa", "control"):
            element = self.ref(rest if ":" in rest else f"iso42001:{rest}")
            return f"SoA row of {element}" if kind == "soa" else element
        if kind == "system":
            rest = self.system(rest)
        return f"{FOCUS_KINDS.get(kind, kind)} {rest}"


def names(store: Store, org: str | None = None) -> Names:
    """Read the catalogs' names once for a page, and ``org``'s AI systems' names."""
    with engine_errors():
        named = acts.acts(store)
        systems = system_scope.system_names(store, org) if org is not None else {}
        return Names(named, acts.provision_names(store, named), systems)


def charts(frameworks: list[FrameworkCoverage], named: Names) -> tuple[str, str]:
    """The score and status charts of the acts (inline SVG built by the serialiser)."""
    bars = []
    for f in frameworks:
        counts = {
            "covered": f.covered,
            "partial": f.partial,
            "uncovered": f.uncovered,
            "not-addressed": f.not_addressed,
            "not-analysed": f.not_analysed,
        }
        applies = f.applicable > 0
        bars.append(Bar(named.act(f.framework), f.score if applies else None, counts))
    return score_chart(bars), status_chart(bars)
