"""Coverage semantics: applicability (role, tier, entity type, dates), statuses, scores."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from aimsgraph.engine.analysis import coverage
from aimsgraph.engine.errors import UnknownIdError
from aimsgraph.engine.org import loader
from aimsgraph.engine.store import EmbeddedStore
from orgfactory import control, evidence, system, write_org

LATER = dt.date(2029, 1, 1)


def ids(report: coverage.CoverageReport, framework: str) -> set[str]:
    fw = next(f for f in report.frameworks if f.framework == framework)
    return {p.id for p in fw.provisions}


def provision(report: coverage.CoverageReport, pid: str) -> coverage.ProvisionCoverage:
    return next(p for f in report.frameworks for p in f.provisions if p.id == pid)


def test_deployer_only_org_has_no_provider_obligations(
    org_store: EmbeddedStore, tmp_path: Path
) -> None:
    folder = write_org(tmp_path / "o", systems=[system("bot", "deployer", "high")])
    loader.import_org(org_store, folder)
    found = ids(coverage.coverage(org_store, "acme", LATER, ["ai-act"]), "ai-act")
    assert any(i.startswith("ai-act:art-26-") for i in found)
    assert not any(
        i.startswith(("ai-act:art-9-", "ai-act:art-16-", "ai-act:art-17-")) for i in found
    )


def test_provider_of_a_minimal_risk_system_has_only_horizontal_duties(
    org_store: EmbeddedStore, tmp_path: Path
) -> None:
    folder = write_org(tmp_path / "o", systems=[system("tool", "provider", "minimal")])
    loader.import_org(org_store, folder)
    found = ids(coverage.coverage(org_store, "acme", LATER, ["ai-act"]), "ai-act")
    assert "ai-act:art-4" in found  # AI literacy binds every provider and deployer
    assert any(i.startswith("ai-act:art-5-") for i in found)  # prohibitions bind everyone
    assert not any(i.startswith(("ai-act:art-9-", "ai-act:art-50-")) for i in found)


def test_non_financial_org_has_no_dora_obligations(
    org_store: EmbeddedStore, tmp_path: Path
) -> None:
    folder = write_org(tmp_path / "o", entity_types=["important-entity"])
    loader.import_org(org_store, folder)
    report = coverage.coverage(org_store, "acme", LATER)
    by_key = {f.framework: f for f in report.frameworks}
    assert by_key["dora"].applicable == 0
    assert by_key["nis2"].applicable > 0
    assert by_key["gdpr"].applicable == 0  # no GDPR role declared


def test_as_of_before_the_application_date_excludes_obligations(
    org_store: EmbeddedStore, tmp_path: Path
) -> None:
    folder = write_org(
        tmp_path / "o",
        entity_types=["financial-entity"],
        gdpr_roles=["controller"],
        systems=[system("cs", "provider", "high")],
    )
    loader.import_org(org_store, folder)

    def applicable(day: str, framework: str) -> set[str]:
        return ids(
            coverage.coverage(org_store, "acme", dt.date.fromisoformat(day), [framework]), framework
        )

    assert applicable("2025-01-16", "dora") == set()
    assert applicable("2025-01-17", "dora")
    assert applicable("2018-05-24", "gdpr") == set()
    assert applicable("2018-05-25", "gdpr")
    # High-risk requirements: deferred by Reg. (EU) 2026/1744 to 2 December 2027.
    assert not any(i.startswith("ai-act:art-9-") for i in applicable("2027-12-01", "ai-act"))
    assert any(i.startswith("ai-act:art-9-") for i in applicable("2027-12-02", "ai-act"))
    # The new Art. 5 prohibitions apply from 2 December 2026.
    assert "ai-act:art-5-1-ba" not in applicable("2026-12-01", "ai-act")
    assert "ai-act:art-5-1-ba" in applicable("2026-12-02", "ai-act")


def test_statuses_and_explanations(org_store: EmbeddedStore, tmp_path: Path) -> None:
    folder = write_org(
        tmp_path / "o",
        systems=[system("cs", "provider", "high")],
        soa=[control("A.6.2.8"), control("A.6.2.4", "planned")],
        evidence=[
            evidence("LOG-1", "iso42001:A.6.2.8"),
            evidence("DOC-1", "ai-act:art-11-1", ai_system="cs"),
        ],
    )
    loader.import_org(org_store, folder)
    report = coverage.coverage(org_store, "acme", LATER, ["ai-act"])
    logs = provision(report, "ai-act:art-12-1")
    assert logs.status == "partial"
    assert [v.control for v in logs.via if v.implemented] == ["iso42001:A.6.2.8"]
    assert logs.via[0].evidence == ["LOG-1"]
    assert logs.score == logs.via[0].strength / 10
    assert logs.systems == ["cs"]
    per_system = {(s.system, s.framework): s for s in report.systems}
    assert per_system[("cs", "ai-act")].applicable == len(per_system[("cs", "ai-act")].obligations)
    assert "ai-act:art-12-1" in per_system[("cs", "ai-act")].obligations
    techdoc = provision(report, "ai-act:art-11-1")
    assert (techdoc.status, techdoc.score, techdoc.evidence) == ("covered", 1.0, ["DOC-1"])
    accuracy = provision(report, "ai-act:art-15-1")
    assert accuracy.status == "uncovered"  # A.6.2.4 is only planned
    assert accuracy.score == 0.0
    assert any(v.control == "iso42001:A.6.2.4" and not v.implemented for v in accuracy.via)
    fw = report.frameworks[0]
    assert fw.applicable == (
        fw.covered + fw.partial + fw.uncovered + fw.not_addressed + fw.not_analysed
    )
    assert fw.score == pytest.approx(sum(p.score for p in fw.provisions) / fw.applicable, abs=1e-4)


def test_expired_evidence_does_not_count(org_store: EmbeddedStore, tmp_path: Path) -> None:
    folder = write_org(
        tmp_path / "o",
        systems=[system("cs", "provider", "high")],
        soa=[control("A.6.2.8")],
        evidence=[evidence("LOG-1", "iso42001:A.6.2.8", "2025-01-01", "2028-06-30")],
    )
    loader.import_org(org_store, folder)
    valid = coverage.coverage(org_store, "acme", dt.date(2028, 6, 30), ["ai-act"])
    expired = coverage.coverage(org_store, "acme", dt.date(2028, 7, 1), ["ai-act"])
    assert provision(valid, "ai-act:art-12-1").status == "partial"
    assert provision(expired, "ai-act:art-12-1").status == "uncovered"


def test_assume_implemented_is_a_what_if(org_store: EmbeddedStore, tmp_path: Path) -> None:
    folder = write_org(tmp_path / "o", systems=[system("cs", "provider", "high")])
    loader.import_org(org_store, folder)
    base = coverage.coverage(org_store, "acme", LATER, ["ai-act"])
    what_if = coverage.coverage(org_store, "acme", LATER, ["ai-act"], ["A.6.2.8"])
    assert provision(base, "ai-act:art-12-1").status == "uncovered"
    assert provision(what_if, "ai-act:art-12-1").status == "partial"
    assert what_if.assumed_implemented == ["iso42001:A.6.2.8"]
    with pytest.raises(UnknownIdError, match=r"A.6.2.4"):
        coverage.coverage(org_store, "acme", LATER, ["ai-act"], ["A.99"])


def test_unknown_org_and_framework(org_store: EmbeddedStore) -> None:
    with pytest.raises(UnknownIdError, match="no such organisation"):
        coverage.coverage(org_store, "nobody", LATER)
    with pytest.raises(UnknownIdError):
        coverage.coverage(org_store, "nobody", LATER, ["hipaa"])


def test_example_bank(org_store: EmbeddedStore) -> None:
    from conftest import REPO

    loader.import_org(org_store, REPO / "examples" / "northwind-bank")
    report = coverage.coverage(org_store, "northwind-bank", dt.date(2026, 11, 23))
    by_key = {f.framework: f for f in report.frameworks}
    assert all(by_key[k].applicable > 0 for k in ("ai-act", "gdpr", "dora"))
    # a DORA financial entity: DORA displaces NIS2 Art. 20, 21 and 23 (NIS2 Art. 4(1), DORA
    # Art. 1(2)); what is left is the registration duty of NIS2 Art. 3(4), points (a)-(d)
    nis2 = {p.id for p in by_key["nis2"].provisions}
    assert nis2 == {f"nis2:art-3-4-{x}" for x in "abcd"}
    assert not any(p.startswith(("nis2:art-20", "nis2:art-21", "nis2:art-23")) for p in nis2)
    # its DPIAs (one per AI system) support GDPR Art. 35 directly, but only partially: each
    # is about one system, the duty is the organisation's
    assert by_key["gdpr"].partial > 0
    assert provision(report, "gdpr:art-35-1").evidence == ["EV-010", "EV-011"]


def test_systems_judged_together_are_judged_as_one_by_one() -> None:
    """``_Judgement.each`` asks only the systems with evidence of their own on a linked
    element (found from the elements' side): random evidence, clause trees and direct
    evidence give the same judgements as asking every system in turn."""
    import random

    from aimsgraph.engine.analysis.coverage import _Judgement
    from aimsgraph.engine.analysis.coverage_facts import Elements, Support
    from aimsgraph.engine.analysis.coverage_model import Link

    rng = random.Random(5)
    systems = [f"s{i}" for i in range(30)]
    children = {"clause-8": ["clause-8.1", "clause-8.2"], "clause-8.2": ["clause-8.2.1"]}
    elements = ["A.6.2.4", "A.7.2", "A.9.3", "clause-8", "clause-8.1", "clause-8.2.1"]
    for _ in range(200):
        supports: dict[str, list[Support]] = {}
        for element in rng.sample(elements, rng.randint(0, len(elements))):
            owners = rng.sample([None, *systems], rng.randint(1, 4))
            supports[element] = [Support(f"ev-{element}-{o}", o) for o in owners]
        links = [
            Link(
                e,
                rng.choice(["equal", "subset-of", "intersects-with"]),
                rng.randint(1, 10),
                rng.random() < 0.3,
                False,
            )
            for e in rng.sample([*elements, "clause-8.2"], rng.randint(0, 4))
        ]
        direct = [Support(f"d{i}", rng.choice([None, *systems])) for i in range(rng.randint(0, 2))]
        together = _Judgement(links, False, direct, Elements(supports, children))
        alone = _Judgement(links, False, direct, Elements(supports, children))
        judged, distinct = together.each(systems)
        assert judged == [alone.status(s) for s in systems]
        # each judgement object once, with the first system judged so (the weakest system
        # and the organisation's score are read from these)
        first: dict[int, tuple[object, str]] = {}
        for name, judgement in zip(systems, judged, strict=True):
            first.setdefault(id(judgement), (judgement, name))
        assert [(id(j), s) for j, s in distinct] == [(id(j), s) for j, s in first.values()]
