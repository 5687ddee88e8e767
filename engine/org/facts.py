"""An organisation's facts as applicability conditions read them (``facts.csv`` names).

The loader writes organisation.yaml and ai-systems.csv into the organisation's graph with
the aimsgraph vocabulary; this module reads that graph back into plain fact values, so the
rules never depend on the input format. Unstated facts keep their documented default.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..namespaces import AIMS
from ..store import Iri, Store, sparql
from .loader import ORG_FLAG_PROPERTIES, org_namespace
from .orgdata import ORG_FLAGS, OrgData

# property -> (fact, multi-valued?) for organisation and system nodes
ORG_PROPERTIES = {
    AIMS + "entityType": ("entity_types", True),
    AIMS + "gdprRole": ("gdpr_roles", True),
    AIMS + "organisationSize": ("size", False),
    **{AIMS + prop: (key, False) for key, prop in ORG_FLAG_PROPERTIES.items()},
}
SYSTEM_PROPERTIES = {
    AIMS + "aiActRole": ("ai_act_role", True),
    AIMS + "riskTier": ("risk_tier", False),
    AIMS + "highRiskBasis": ("high_risk_basis", False),
    AIMS + "claimsArt63Derogation": ("art_6_3_exemption", False),
    AIMS + "aiFunction": ("functions", True),
    AIMS + "placedOnMarket": ("placed_on_market", False),
    AIMS + "testsInRealWorldConditions": ("real_world_testing", False),
}
SYSTEM_DEFAULTS = {"art_6_3_exemption": "no", "real_world_testing": "no"}


@dataclass(frozen=True)
class SystemFacts:
    """One AI system's facts (lists as tuples, booleans as yes/no)."""

    id: str
    values: dict[str, str] = field(default_factory=dict)
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def profile(self) -> tuple[object, ...]:
        """Everything but the id: systems with equal profiles get equal answers."""
        return (tuple(sorted(self.values.items())), tuple(sorted(self.lists.items())))


@dataclass(frozen=True)
class OrgFacts:
    """The organisation's facts and its AI systems'."""

    values: dict[str, str]
    lists: dict[str, tuple[str, ...]]
    systems: tuple[SystemFacts, ...]


def _plain(value: str) -> str:
    """IRIs of controlled values -> their notation; booleans -> yes/no."""
    if value in ("true", "1"):
        return "yes"
    if value in ("false", "0"):
        return "no"
    return value.rsplit("/", 1)[-1] if value.startswith("http") else value


def read(store: Store, graphs: list[str], org_id: str) -> OrgFacts:
    """Facts of ``org_id`` from its graph (``graphs``: where to read it)."""
    org = Iri(org_namespace(org_id) + "organisation")
    values: dict[str, str] = dict(ORG_FLAGS)
    lists: dict[str, list[str]] = defaultdict(list)
    for row in sparql.select(store, "org-facts", graphs, org=org):
        fact = ORG_PROPERTIES.get(row["property"])
        if fact is None:
            continue
        name, multi = fact
        if multi:
            lists[name].append(_plain(row["value"]))
        else:
            values[name] = _plain(row["value"])
    system_values: dict[str, dict[str, str]] = {}
    system_lists: dict[str, dict[str, list[str]]] = {}
    for row in sparql.select(store, "system-facts", graphs, org=org):
        system = row["systemId"]
        system_values.setdefault(system, dict(SYSTEM_DEFAULTS))
        system_lists.setdefault(system, defaultdict(list))
        fact = SYSTEM_PROPERTIES.get(row["property"])
        if fact is None:
            continue
        name, multi = fact
        if multi:
            system_lists[system][name].append(_plain(row["value"]))
        else:
            system_values[system][name] = _plain(row["value"])
    systems = tuple(
        SystemFacts(
            system,
            system_values[system],
            {k: tuple(sorted(v)) for k, v in system_lists[system].items()},
        )
        for system in sorted(system_values)
    )
    return OrgFacts(values, {k: tuple(sorted(v)) for k, v in lists.items()}, systems)


def from_data(data: OrgData) -> OrgFacts:
    """What :func:`read` gives for the graph the loader writes from ``data``, without reading
    it: ``analyse`` has just checked ``data`` (0.7 s of reading at 10,000 AI systems). The
    same values as the graph holds them: controlled values by notation, yes/no, dates in ISO
    form, each list without repeats (a graph holds each triple once) and sorted."""
    org = data.organisation
    values: dict[str, str] = dict(ORG_FLAGS)
    values.update({key: _yes_no(flag) for key, flag in org.flags.items()})
    if org.size:
        values["size"] = org.size
    lists = _lists(entity_types=org.entity_types, gdpr_roles=org.gdpr_roles)
    systems = []
    for system in sorted({s.id: s for s in data.systems}.values(), key=lambda s: s.id):
        system_values = {
            **SYSTEM_DEFAULTS,
            "art_6_3_exemption": _yes_no(system.art_6_3_exemption),
            "real_world_testing": _yes_no(system.real_world_testing),
        }
        if system.risk_tier:
            system_values["risk_tier"] = system.risk_tier
        if system.high_risk_basis:
            system_values["high_risk_basis"] = system.high_risk_basis
        if system.placed_on_market:
            system_values["placed_on_market"] = system.placed_on_market.isoformat()
        system_lists = _lists(ai_act_role=system.ai_act_roles, functions=system.functions)
        systems.append(SystemFacts(system.id, system_values, system_lists))
    return OrgFacts(values, lists, tuple(systems))


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _lists(**named: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The non-empty lists, each sorted without repeats."""
    return {name: tuple(sorted(set(items))) for name, items in named.items() if items}
