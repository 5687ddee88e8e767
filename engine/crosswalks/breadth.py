"""Which provisions that bind an organisation a mapping set leaves without any row.

This is the rule coverage applies to give ``not-analysed`` (``analysis/coverage.py``),
stated without an organisation, so that zero here means no organisation can get
``not-analysed`` for the act:

- coverage judges provisions at the finest level that carries applicability conditions
  (``ProvisionRules.leaf``), own or reached through ``extends_to=descendants``;
- it judges only provisions that can apply: some condition names an operator role (not an
  authority, not ``none``) with effect ``applies`` (a ``met-elsewhere`` row never makes a
  provision applicable);
- a mapping row on the provision or on any ancestor answers it (``obligation-links.rq``
  walks ``skos:broader*``); ``no-relationship`` rows answer it too (``not-addressed``).

Draft rows count only with ``--include-draft``; provisions answered by draft rows alone are
listed apart, since the default coverage still calls them ``not-analysed``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..law import catalog
from ..law import rules as law_rules
from ..law.rules import ProvisionRules, Rules
from ..models import ProvisionSummary
from ..namespaces import FRAMEWORKS
from ..store import Store


@dataclass(frozen=True)
class Unanswered:
    """An organisation-binding provision with no mapping row on it or on an ancestor."""

    id: str
    notation: str
    title: str
    addressees: list[str]  # the operator roles its conditions name


@dataclass(frozen=True)
class Breadth:
    """How far one mapping set answers its act's organisation-binding provisions."""

    framework: str
    binding: int  # organisation-binding provisions at the finest level
    unanswered: list[Unanswered] = field(default_factory=list)  # no row at all
    draft_only: list[Unanswered] = field(default_factory=list)  # only draft rows


def binding(rules: Rules, framework: str) -> list[tuple[ProvisionRules, list[str]]]:
    """The act's provisions coverage may judge, each with the operator roles binding it."""
    scheme = FRAMEWORKS[framework].scheme
    kind = rules.vocabulary.addressee_kind
    found = []
    for provision in rules.provisions:
        if provision.framework != scheme or not provision.leaf:
            continue
        roles = sorted(
            {
                a
                for c in provision.conditions
                if c.effect == "applies"
                for a in c.addressees
                if kind.get(a, "authority") == "operator"
            }
        )
        if roles:
            found.append((provision, roles))
    return found


def breadth_of(
    rules: Rules,
    framework: str,
    provisions: Iterable[ProvisionSummary],
    rows: Iterable[tuple[str, str]],
) -> Breadth:
    """``rows``: (object short id, status) of each mapping row of the set."""
    parent = {}
    notation = {}
    for p in provisions:
        parent[p.id] = p.parent
        notation[p.id] = p.notation
    any_row: set[str] = set()
    reviewed: set[str] = set()
    for obj, status in rows:
        any_row.add(obj)
        if status != "draft":
            reviewed.add(obj)

    def answered(pid: str, objects: set[str]) -> bool:
        current: str | None = pid
        while current is not None:
            if current in objects:
                return True
            current = parent.get(current)
        return False

    unanswered, draft_only = [], []
    chosen = binding(rules, framework)
    for provision, roles in chosen:
        item = Unanswered(provision.id, notation.get(provision.id, ""), provision.title, roles)
        if not answered(provision.id, any_row):
            unanswered.append(item)
        elif not answered(provision.id, reviewed):
            draft_only.append(item)
    return Breadth(framework, len(chosen), unanswered, draft_only)


def breadth(store: Store, framework: str, rows: Iterable[tuple[str, str]]) -> Breadth:
    """The breadth of a set's ``rows`` over ``framework``'s catalog in ``store``."""
    return breadth_of(law_rules.load(store), framework, catalog.provisions(store, framework), rows)
