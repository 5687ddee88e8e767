"""Organisation-binding provisions without a mapping row: counted as coverage decides
``not-analysed`` (a tiny catalog first, then the real one against coverage itself)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from aimsgraph.engine.analysis import coverage
from aimsgraph.engine.crosswalks import breadth, mappings
from aimsgraph.engine.law import rules as law_rules
from aimsgraph.engine.law.rules import Condition, ProvisionRules, Rules, Vocabulary
from aimsgraph.engine.models import ProvisionSummary
from aimsgraph.engine.namespaces import FRAMEWORKS
from aimsgraph.engine.org import loader
from aimsgraph.engine.store import EmbeddedStore
from orgfactory import system, write_org

REPO = Path(__file__).resolve().parents[3]
SCHEME = FRAMEWORKS["gdpr"].scheme
KINDS = {"controller": "operator", "supervisory-authority": "authority", "none": "none"}


def condition(addressee: str, effect: str = "applies") -> Condition:
    return Condition(
        iri=f"c-{addressee}",
        declared_on="",
        addressees=(addressee,),
        requires=(),
        timing="gdpr",
        effect=effect,
        stated_from=None,
        stated_until=None,
        source="GDPR",
        reason=None,
        status="reviewed",
        note=None,
    )


def rules_for(conditions: dict[str, list[Condition]], inner: set[str] = frozenset()) -> Rules:
    provisions = tuple(
        ProvisionRules(f"iri-{pid}", pid, SCHEME, pid, n, pid not in inner, tuple(cs))
        for n, (pid, cs) in enumerate(conditions.items())
    )
    return Rules(provisions, {}, Vocabulary(addressee_kind=KINDS))


def summary(pid: str, parent: str | None) -> ProvisionSummary:
    return ProvisionSummary(pid, f"iri-{pid}", f"N {pid}", pid, parent, "paragraph")


CATALOG = [
    summary("gdpr:art-1", None),
    summary("gdpr:art-1-1", "gdpr:art-1"),  # binds a controller, no row: counted
    summary("gdpr:art-2", None),
    summary("gdpr:art-2-1", "gdpr:art-2"),  # binds a controller, row on its article
    summary("gdpr:art-3", None),
    summary("gdpr:art-3-1", "gdpr:art-3"),  # authority only
    summary("gdpr:art-3-2", "gdpr:art-3"),  # not an obligation
    summary("gdpr:art-4", None),
    summary("gdpr:art-4-1", "gdpr:art-4"),  # inherited from art-4 (extends_to=descendants)
    summary("gdpr:art-5", None),
    summary("gdpr:art-5-1", "gdpr:art-5"),  # answered by a draft row only
    summary("gdpr:art-6", None),
    summary("gdpr:art-6-1", "gdpr:art-6"),  # met elsewhere only: never applicable
]
RULES = rules_for(
    {
        "gdpr:art-1-1": [condition("controller")],
        "gdpr:art-2-1": [condition("controller")],
        "gdpr:art-3-1": [condition("supervisory-authority")],
        "gdpr:art-3-2": [condition("none")],
        # an article row reaching its paragraph: both carry it, the article is not a leaf
        "gdpr:art-4": [condition("controller")],
        "gdpr:art-4-1": [condition("controller")],
        "gdpr:art-5-1": [condition("controller")],
        "gdpr:art-6-1": [condition("controller", effect="met-elsewhere")],
    },
    inner={"gdpr:art-4"},
)


def test_counts_binding_provisions_without_a_row_on_them_or_an_ancestor() -> None:
    rows = [("gdpr:art-2", "reviewed"), ("gdpr:art-5-1", "draft"), ("gdpr:art-3-1", "reviewed")]
    found = breadth.breadth_of(RULES, "gdpr", CATALOG, rows)
    assert found.binding == 4  # art-1-1, art-2-1, art-4-1, art-5-1
    assert [u.id for u in found.unanswered] == ["gdpr:art-1-1", "gdpr:art-4-1"]
    assert found.unanswered[0].notation == "N gdpr:art-1-1"
    assert found.unanswered[0].addressees == ["controller"]
    assert [u.id for u in found.draft_only] == ["gdpr:art-5-1"]


def test_a_row_on_the_inheriting_article_answers_its_paragraph() -> None:
    rows = [("gdpr:art-4", "reviewed"), ("gdpr:art-1-1", "reviewed")]
    found = breadth.breadth_of(RULES, "gdpr", CATALOG, rows)
    assert [u.id for u in found.unanswered] == ["gdpr:art-2-1", "gdpr:art-5-1"]


def test_stats_of_a_set_on_the_real_catalog(store: EmbeddedStore) -> None:
    shipped = next(s for s in mappings.packaged_sets() if s.name == "iso42001-to-gdpr")
    row = dataclasses.replace(shipped.rows[0], object_id="gdpr:art-33")
    mapping_set = dataclasses.replace(shipped, rows=[row])  # one row, on Article 33
    stats = mappings.stats_of(mapping_set, store)
    missing = {u.id for u in stats.unanswered}
    assert "gdpr:art-30-1-a" in missing  # the controller's records: no row
    assert not any(m.startswith("gdpr:art-33-") for m in missing)  # row on the article
    assert "gdpr:art-12-8" not in missing  # the Commission's implementing acts
    assert "gdpr:art-33-1" not in missing
    assert stats.binding is not None and stats.binding > len(missing)


ORGS = {
    "bank": None,
    "vendor": {
        "entity_types": ["important-entity"],
        "gdpr_roles": ["controller", "processor"],
        "systems": [
            system("hr", "provider;deployer", "high", high_risk_basis="annex-iii-4-a"),
            system("model", "provider", "gpai-systemic"),
            system("imp", "importer;distributor;authorised-representative", "high"),
            system("bot", "deployer", "limited", functions="interacts-with-persons;deep-fake"),
        ],
    },
}


@pytest.mark.parametrize("org", sorted(ORGS))
def test_not_analysed_is_exactly_the_unanswered_applicable_provisions(
    org: str, org_store: EmbeddedStore, tmp_path: Path
) -> None:
    spec = ORGS[org]
    folder = (
        REPO / "examples" / "northwind-bank"
        if spec is None
        else write_org(tmp_path / org, org_id=org, **spec)  # type: ignore[arg-type]
    )
    org_id = loader.import_org(org_store, folder)[0].organisation.id
    rules = law_rules.load(org_store)
    stats = {
        mappings.framework_of_set(s.name): mappings.stats_of(s, org_store)
        for s in mappings.packaged_sets()
    }
    later = dt.date(2029, 1, 1)
    for draft in (True, False):
        report = coverage.coverage(org_store, org_id, later, include_draft=draft)
        for fw in report.frameworks:
            s = stats[fw.framework]
            unanswered = {u.id for u in s.unanswered}
            if not draft:
                unanswered |= {u.id for u in s.draft_only}
            judged = {p.id for p in fw.provisions}
            assert judged <= {p.id for p, _ in breadth.binding(rules, fw.framework)}
            not_analysed = {p.id for p in fw.provisions if p.status == "not-analysed"}
            assert not_analysed == judged & unanswered, (fw.framework, draft)
