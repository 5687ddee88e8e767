"""Testing one fact requirement against an organisation or an AI system, and saying why.

The semantics of the condition language (``ontology/sources/applicability/README.md``):
``=``/``!=`` one of the values (``*`` ends a prefix), ``~``/``!~`` a list contains one,
``<``/``>=`` dates (an unknown date counts as recent). Derived system facts (``high_risk``,
``high_risk_annex``) are computed here from the stated ones, in one place.
"""

from __future__ import annotations

import datetime as dt

from ..law.rules import Requirement, Vocabulary
from ..org.facts import OrgFacts, SystemFacts

NEGATIVE = {"!=", "!~"}


def derived(system: SystemFacts) -> dict[str, str]:
    """``high_risk`` and ``high_risk_annex`` of a system (AI Act Art. 6): Annex I basis, or an
    Annex III point without an Art. 6(3) derogation; with no basis, the declared tier
    ``high`` counts as Annex III (the earlier dates: the conservative reading). ``annex`` is
    the annex of the basis with or without a derogation (dates of Art. 113(c) follow it)."""
    basis = system.values.get("high_risk_basis", "")
    exempt = system.values.get("art_6_3_exemption") == "yes"
    if basis == "annex-i":
        return {"high_risk": "yes", "high_risk_annex": "annex-i", "annex": "annex-i"}
    if basis.startswith("annex-iii"):
        if exempt:
            return {"high_risk": "no", "high_risk_annex": "", "annex": "annex-iii"}
        return {"high_risk": "yes", "high_risk_annex": "annex-iii", "annex": "annex-iii"}
    if system.values.get("risk_tier") == "high":
        return {"high_risk": "yes", "high_risk_annex": "annex-iii", "annex": "annex-iii"}
    return {"high_risk": "no", "high_risk_annex": "", "annex": ""}


def _value_of(
    requirement: Requirement, org: OrgFacts, system: SystemFacts | None
) -> tuple[str | None, tuple[str, ...]]:
    """(single value, list value) of the fact the requirement tests."""
    if requirement.subject == "org":
        return org.values.get(requirement.fact), org.lists.get(requirement.fact, ())
    if system is None:
        return None, ()
    if requirement.fact in ("high_risk", "high_risk_annex", "annex"):
        return derived(system)[requirement.fact] or None, ()
    return system.values.get(requirement.fact), system.lists.get(requirement.fact, ())


def _matches(value: str, pattern: str) -> bool:
    return value.startswith(pattern[:-1]) if pattern.endswith("*") else value == pattern


def holds(requirement: Requirement, org: OrgFacts, system: SystemFacts | None) -> bool:
    """Whether the requirement holds for the organisation (and the system, for system facts)."""
    value, items = _value_of(requirement, org, system)
    op, values = requirement.operator, requirement.values
    if op in ("<", ">="):
        if not value:
            return op == ">="
        before = any(dt.date.fromisoformat(value) < dt.date.fromisoformat(v) for v in values)
        return before if op == "<" else not before
    if op in ("~", "!~"):
        found = any(_matches(item, v) for item in items for v in values)
    else:
        found = value is not None and any(_matches(value, v) for v in values)
    return not found if op in NEGATIVE else found


def _values_text(requirement: Requirement, vocabulary: Vocabulary) -> str:
    labels = [vocabulary.value_label.get(v, v) for v in requirement.values]
    return " or ".join(labels)


def why_not_high_risk(system: SystemFacts) -> str:
    """The Art. 6 reason a system is not high-risk, from its facts."""
    basis = system.values.get("high_risk_basis", "")
    if basis.startswith("annex-iii") and system.values.get("art_6_3_exemption") == "yes":
        return "it is not high-risk: its provider claims the Art. 6(3) derogation"
    tier = system.values.get("risk_tier") or "none"
    return f"it is not high-risk (Art. 6): no Annex I or Annex III basis, declared tier {tier}"


def phrase(
    requirement: Requirement,
    vocabulary: Vocabulary,
    *,
    failed: bool,
    system: SystemFacts | None = None,
) -> str:
    """How a reason says that the requirement failed (or held)."""
    op = requirement.operator
    asks_high_risk = (requirement.fact, op, requirement.values) == ("high_risk", "=", ("yes",))
    if asks_high_risk and failed and system is not None:
        return why_not_high_risk(system)
    if op in ("<", ">="):
        date = " or ".join(requirement.values)
        before = f"was placed on the market or put into service before {date}"
        after = (
            f"was placed on the market or put into service on or after {date} (or no date is given)"
        )
        if op == "<":
            return (
                f"it was not placed on the market or put into service before {date}"
                if failed
                else f"it {before}"
            )
        return f"it {before}" if failed else f"it {after}"
    positive = op not in NEGATIVE
    if requirement.values == ("no",):  # a yes/no fact tested for "no" reads as its negation
        positive = not positive
        template_key = True
    else:
        template_key = False
    wording = vocabulary.holds if positive != failed else vocabulary.fails
    text = wording.get(requirement.fact)
    if text is None:  # a fact without wording: say the test itself
        values = "|".join(requirement.values)
        return f"{'not ' if failed else ''}{requirement.fact} {requirement.operator} {values}"
    if template_key:
        return text.replace("{values}", "").strip()
    return text.replace("{values}", _values_text(requirement, vocabulary))
