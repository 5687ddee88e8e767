"""The applicability evaluator's semantics, on small hand-written rules (no catalog data).

The law itself is tested by the casebook (test_applicability_cases.py); these tests pin the
mechanics every rule relies on: the operators and unset facts, derived high-risk facts,
alternatives, met-elsewhere precedence, dates per version of the law, authorities and
non-obligations, several roles per system, and reasons that cite what decides.
"""

from __future__ import annotations

import datetime as dt

import pytest
from aimsgraph.engine.analysis import applicability as appl
from aimsgraph.engine.analysis import conditions
from aimsgraph.engine.law.rules import (
    Condition,
    ProvisionRules,
    Requirement,
    Rules,
    TimingAlternative,
    Vocabulary,
)
from aimsgraph.engine.namespaces import FRAMEWORKS
from aimsgraph.engine.org.facts import OrgFacts, SystemFacts

D = dt.date.fromisoformat
SCHEME = FRAMEWORKS["ai-act"].scheme
VOCABULARY = Vocabulary(
    addressee_kind={
        "provider": "operator",
        "deployer": "operator",
        "controller": "operator",
        "commission": "authority",
        "none": "none",
    },
    addressee_label={
        "provider": "provider",
        "deployer": "deployer",
        "commission": "the Commission",
    },
    holds={"public_body": "the organisation is a public body", "high_risk": "it is high-risk"},
    fails={"public_body": "the organisation is not a public body", "high_risk": "not high-risk"},
)


def req(subject: str, fact: str, operator: str, *values: str) -> Requirement:
    return Requirement(subject, fact, operator, tuple(values))


def timing(*alternatives: TimingAlternative) -> tuple[TimingAlternative, ...]:
    return alternatives


def alt(
    applies_from: str,
    *requires: Requirement,
    stated_from: str = "2024-08-01",
    stated_until: str | None = None,
    cite: str = "AI Act Art. 113",
) -> TimingAlternative:
    return TimingAlternative(
        D(applies_from),
        D(stated_from),
        D(stated_until) if stated_until else None,
        tuple(requires),
        "source",
        cite,
    )


def cond(
    addressees: tuple[str, ...],
    *requires: Requirement,
    timing_name: str = "t",
    effect: str = "applies",
    source: str = "AI Act Art. 1(1)",
    reason: str | None = None,
    stated_from: str | None = None,
) -> Condition:
    return Condition(
        iri=f"urn:c:{source}:{addressees}:{effect}",
        declared_on="urn:p",
        addressees=addressees,
        requires=tuple(requires),
        timing=timing_name,
        effect=effect,
        stated_from=D(stated_from) if stated_from else None,
        stated_until=None,
        source=source,
        reason=reason,
        status="reviewed",
        note=None,
    )


def rules(*conditions: Condition, timings: dict[str, tuple[TimingAlternative, ...]]) -> Rules:
    provision = ProvisionRules("urn:p", "ai-act:art-1-1", SCHEME, "title", 1, True, conditions)
    return Rules((provision,), timings, VOCABULARY)


def system(sid: str, **values: str) -> SystemFacts:
    lists = {k: tuple(v.split(";")) for k, v in values.items() if k in ("ai_act_role", "functions")}
    single = {k: v for k, v in values.items() if k not in lists}
    return SystemFacts(sid, single, lists)


def org(*systems: SystemFacts, **values: str) -> OrgFacts:
    lists = {k: tuple(v.split(";")) for k, v in values.items() if k in ("gdpr_roles",)}
    single = {"public_body": "no", **{k: v for k, v in values.items() if k not in lists}}
    return OrgFacts(single, lists, systems)


ALWAYS = {"t": timing(alt("2025-01-01"))}


def decide(r: Rules, facts: OrgFacts, day: str = "2026-01-01") -> appl.Decision:
    (decision,) = appl.evaluate(r, facts, D(day), ["ai-act"])
    return decision


@pytest.mark.parametrize(
    ("operator", "values", "fact_value", "expected"),
    [
        ("=", ("yes",), "yes", True),
        ("=", ("yes",), None, False),
        ("!=", ("yes",), None, True),
        ("=", ("annex-iii-*",), "annex-iii-5-b", True),
        ("=", ("annex-iii-*",), "annex-i", False),
        ("<", ("2026-08-02",), "2026-08-01", True),
        ("<", ("2026-08-02",), None, False),  # unknown date: not legacy
        (">=", ("2026-08-02",), None, True),  # unknown date counts as recent
        (">=", ("2026-08-02",), "2026-08-01", False),
    ],
)
def test_operators_and_unset_facts(
    operator: str, values: tuple[str, ...], fact_value: str | None, expected: bool
) -> None:
    facts = {"x": fact_value} if fact_value is not None else {}
    s = SystemFacts("s", facts, {})
    assert conditions.holds(Requirement("system", "x", operator, values), org(), s) is expected


def test_list_operators() -> None:
    s = system("s", functions="interacts-with-persons;deep-fake")
    assert conditions.holds(req("system", "functions", "~", "deep-fake"), org(), s)
    assert not conditions.holds(req("system", "functions", "!~", "deep-fake"), org(), s)
    assert conditions.holds(req("system", "functions", "!~", "emotion-recognition"), org(), s)


@pytest.mark.parametrize(
    ("values", "high_risk", "annex"),
    [
        ({"high_risk_basis": "annex-i"}, "yes", "annex-i"),
        ({"high_risk_basis": "annex-iii-4-a"}, "yes", "annex-iii"),
        ({"high_risk_basis": "annex-iii-4-a", "art_6_3_exemption": "yes"}, "no", "annex-iii"),
        ({"risk_tier": "high"}, "yes", "annex-iii"),  # no basis: Annex III dates assumed
        ({"risk_tier": "limited"}, "no", ""),
    ],
)
def test_derived_high_risk(values: dict[str, str], high_risk: str, annex: str) -> None:
    derived = conditions.derived(SystemFacts("s", values, {}))
    assert (derived["high_risk"], derived["annex"]) == (high_risk, annex)


def test_a_provider_that_deploys_its_own_system_gets_both_roles() -> None:
    r = Rules(
        (
            ProvisionRules("urn:16", "ai-act:art-16-a", SCHEME, "p", 1, True,
                           (cond(("provider",), source="AI Act Art. 16"),)),
            ProvisionRules("urn:26", "ai-act:art-26-1", SCHEME, "d", 2, True,
                           (cond(("deployer",), source="AI Act Art. 26(1)"),)),
        ),
        ALWAYS,
        VOCABULARY,
    )  # fmt: skip
    facts = org(
        system("own", ai_act_role="provider;deployer"), system("bought", ai_act_role="deployer")
    )
    by_id = {d.id: d for d in appl.evaluate(r, facts, D("2026-01-01"), ["ai-act"])}
    assert by_id["ai-act:art-16-a"].systems == ["own"]
    assert by_id["ai-act:art-26-1"].systems == ["bought", "own"]


def test_alternatives_any_row_may_hold_and_the_reason_lists_every_failure() -> None:
    r = rules(
        cond(("deployer",), req("org", "public_body", "=", "yes"), source="AI Act Art. 27(1)"),
        cond(("deployer",), req("system", "high_risk_basis", "=", "annex-iii-5-b"),
             source="AI Act Art. 27(1)"),
        timings=ALWAYS,
    )  # fmt: skip
    hr = system("hr", ai_act_role="deployer", high_risk_basis="annex-iii-4-a")
    decision = decide(r, org(hr))
    assert not decision.applicable
    assert decision.reason.startswith("AI Act Art. 27(1): ")
    assert "the organisation is not a public body" in decision.reason
    assert "annex-iii-5-b" in decision.reason
    credit = system("credit", ai_act_role="deployer", high_risk_basis="annex-iii-5-b")
    assert decide(r, org(hr, credit)).systems == ["credit"]
    assert decide(r, org(hr, public_body="yes")).systems == ["hr"]


def test_met_elsewhere_wins_over_applies_for_the_same_subject() -> None:
    r = rules(
        cond(("provider",), source="AI Act Art. 17(1)"),
        cond(("provider",), req("org", "public_body", "=", "yes"), effect="met-elsewhere",
             source="AI Act Art. 17(4)", reason="deemed fulfilled through financial-services law"),
        timings=ALWAYS,
    )  # fmt: skip
    provider = system("m", ai_act_role="provider")
    assert decide(r, org(provider)).outcome == "applies"
    decision = decide(r, org(provider, public_body="yes"))
    assert (decision.applicable, decision.outcome) == (False, "met-elsewhere")
    assert "Art. 17(4)" in decision.reason and "financial-services law" in decision.reason


def test_dates_per_version_of_the_law_and_not_yet() -> None:
    timings = {
        "t": timing(
            alt("2026-08-02", stated_until="2026-07-27", cite="Art. 113 as originally published"),
            alt("2027-12-02", stated_from="2026-07-27", cite="Art. 113(c)(i) as amended"),
        )
    }
    r = rules(cond(("provider",)), timings=timings)
    facts = org(system("s", ai_act_role="provider"))
    before = decide(r, facts, "2026-07-01")  # the original law, date not come
    assert (before.outcome, before.applies_from) == ("not-yet", "2026-08-02")
    amended = decide(r, facts, "2026-09-01")  # the amended law moved the date
    assert (amended.outcome, amended.applies_from) == ("not-yet", "2027-12-02")
    assert "as amended" in amended.reason
    after = decide(r, facts, "2027-12-02")
    assert after.applicable and "since 2027-12-02" in after.reason


def test_an_inserted_provision_applies_from_its_insertion_at_the_earliest() -> None:
    r = rules(cond(("provider",), stated_from="2026-07-27"), timings=ALWAYS)
    decision = decide(r, org(system("s", ai_act_role="provider")), "2026-08-01")
    assert decision.applies_from == "2026-07-27"
    assert decide(r, org(system("s", ai_act_role="provider")), "2026-07-01").outcome == (
        "not-in-force"
    )


def test_authorities_and_non_obligations_are_never_the_organisations() -> None:
    authority = rules(cond(("commission",), source="AI Act Art. 43(5)"), timings=ALWAYS)
    decision = decide(authority, org(system("s", ai_act_role="provider")))
    assert (decision.applicable, decision.outcome) == (False, "authority")
    assert (
        decision.reason == "AI Act Art. 43(5): addressed to the Commission, not to the organisation"
    )
    none = rules(cond(("none",), source="GDPR Art. 30(5)", reason="an exemption"), timings=ALWAYS)
    assert decide(none, org()).outcome == "not-an-obligation"
    assert "an exemption" in decide(none, org()).reason


def test_an_organisation_role_not_held_is_said_plainly() -> None:
    r = rules(cond(("controller",), source="GDPR Art. 28(1)"), timings=ALWAYS)
    assert decide(r, org(gdpr_roles="controller")).applicable
    decision = decide(r, org(gdpr_roles="processor"))
    assert decision.reason == "GDPR Art. 28(1): the organisation is not a controller"


def test_systems_with_equal_facts_share_one_answer_and_are_all_listed() -> None:
    r = rules(cond(("provider",), req("system", "high_risk", "=", "yes")), timings=ALWAYS)
    many = [system(f"s{i}", ai_act_role="provider", risk_tier="high") for i in range(5)]
    facts = org(*many, system("other", ai_act_role="provider", risk_tier="minimal"))
    assert decide(r, facts).systems == [f"s{i}" for i in range(5)]


def test_one_system_only() -> None:
    r = rules(cond(("provider",)), timings=ALWAYS)
    facts = org(system("a", ai_act_role="provider"), system("b", ai_act_role="provider"))
    (decision,) = appl.evaluate(r, facts, D("2026-01-01"), ["ai-act"], system="b")
    assert decision.systems == ["b"]
