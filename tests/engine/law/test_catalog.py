"""Catalog contents and reads: counts, headings, hierarchy, applicability, amendments."""

from __future__ import annotations

import pytest
from aimsgraph.engine.errors import StoreNotInitialisedError, UnknownIdError
from aimsgraph.engine.law import catalog
from aimsgraph.engine.namespaces import compact
from aimsgraph.engine.store import EmbeddedStore

ISO_CONTROLS = [
    "A.2.2", "A.2.3", "A.2.4", "A.3.2", "A.3.3", "A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6",
    "A.5.2", "A.5.3", "A.5.4", "A.5.5", "A.6.1.2", "A.6.1.3", "A.6.2.2", "A.6.2.3", "A.6.2.4",
    "A.6.2.5", "A.6.2.6", "A.6.2.7", "A.6.2.8", "A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6",
    "A.8.2", "A.8.3", "A.8.4", "A.8.5", "A.9.2", "A.9.3", "A.9.4", "A.10.2", "A.10.3", "A.10.4",
]  # fmt: skip


def kinds(store: EmbeddedStore, framework: str) -> dict[str, int]:
    return next(f.counts for f in catalog.frameworks(store) if f.key == framework)


def test_iso42001_has_the_38_annex_a_controls(store: EmbeddedStore) -> None:
    controls = [p.id for p in catalog.provisions(store, "iso42001") if p.kind == "control"]
    assert controls == [f"iso42001:{c}" for c in ISO_CONTROLS]


def test_iso42001_has_every_clause_4_to_10_subclause(store: EmbeddedStore) -> None:
    clauses = {p.notation for p in catalog.provisions(store, "iso42001") if p.kind == "clause"}
    expected = {
        "4", "4.1", "4.2", "4.3", "4.4", "5", "5.1", "5.2", "5.3", "6", "6.1", "6.1.1", "6.1.2",
        "6.1.3", "6.1.4", "6.2", "6.3", "7", "7.1", "7.2", "7.3", "7.4", "7.5", "7.5.1",
        "7.5.2", "7.5.3", "8", "8.1", "8.2", "8.3", "8.4", "9", "9.1", "9.2", "9.2.1", "9.2.2",
        "9.3", "9.3.1", "9.3.2", "9.3.3", "10", "10.1", "10.2",
    }  # fmt: skip
    assert clauses == expected


@pytest.mark.parametrize(
    ("framework", "articles", "annexes"),
    [("ai-act", 113 + 6, 13 + 1), ("gdpr", 99, 0), ("dora", 64, 0), ("nis2", 46, 3)],
)
def test_eu_acts_have_every_article_and_annex(
    store: EmbeddedStore, framework: str, articles: int, annexes: int
) -> None:
    counts = kinds(store, framework)
    assert counts.get("article", 0) == articles
    assert counts.get("annex", 0) == annexes


def test_ai_act_lists_the_articles_inserted_by_the_omnibus(store: EmbeddedStore) -> None:
    ids = {p.id for p in catalog.provisions(store, "ai-act", "article")}
    for inserted in ("art-4a", "art-60a", "art-75a", "art-75b", "art-75c", "art-75d", "annex-xiv"):
        assert f"ai-act:{inserted}" in ids
        detail = catalog.provision(store, f"ai-act:{inserted}")
        assert [a.change for a in detail.amendments] == ["inserted"]
        assert detail.amendments[0].amending_act == "http://data.europa.eu/eli/reg/2026/1744/oj"
        assert detail.amendments[0].effective_from == "2026-07-27"


def test_replaced_heading_keeps_the_original(store: EmbeddedStore) -> None:
    art75 = catalog.provision(store, "ai-act:art-75")
    assert art75.title == "Market surveillance and control of AI systems and mutual assistance"
    assert art75.amendments[0].change == "heading-replaced"
    assert art75.amendments[0].previous_label == (
        "Mutual assistance, market surveillance and control of general-purpose AI systems"
    )


@pytest.mark.parametrize(
    ("provision_id", "title"),
    [
        ("gdpr:art-17", "Right to erasure (‘right to be forgotten’)"),
        ("ai-act:art-9", "Risk management system"),
        ("ai-act:art-15", "Accuracy, robustness and cybersecurity"),
        ("dora:art-28", "General principles"),
        ("nis2:art-21", "Cybersecurity risk-management measures"),
        ("iso42001:A.6.2.4", "AI system verification and validation"),
        ("iso42001:clause-9.3", "Management review"),
    ],
)
def test_official_headings(store: EmbeddedStore, provision_id: str, title: str) -> None:
    assert catalog.provision(store, provision_id).title == title


def test_paragraph_and_point_levels_with_official_text(store: EmbeddedStore) -> None:
    point = catalog.provision(store, "nis2:art-21-2-j")
    assert point.kind == "point"
    assert point.parent == "nis2:art-21-2"
    assert [p.id for p in point.parents] == ["nis2:chapter-iv", "nis2:art-21", "nis2:art-21-2"]
    assert point.text is not None and point.text.startswith(
        "the use of multi-factor authentication"
    )
    assert point.eli == "http://data.europa.eu/eli/dir/2022/2555/oj"
    assert any(s.endswith("CELEX:32022L2555#art_21") for s in point.source)
    paragraph = catalog.provision(store, "nis2:art-21-2")
    assert [c.id for c in paragraph.children] == [f"nis2:art-21-2-{x}" for x in "abcdefghij"]


def test_listing_levels_filter_kinds(store: EmbeddedStore) -> None:
    articles = catalog.provisions(store, "gdpr", "article")
    assert {p.kind for p in articles} == {"article"}
    finer = catalog.provisions(store, "gdpr", "paragraph")
    assert {p.kind for p in finer} == {"article", "paragraph", "point"}
    everything = catalog.provisions(store, "gdpr", "all")
    assert {"chapter", "section"} <= {p.kind for p in everything}
    assert len(everything) > len(finer) > len(articles) == 99


def test_document_order(store: EmbeddedStore) -> None:
    ids = [p.id for p in catalog.provisions(store, "ai-act", "article")]
    assert ids.index("ai-act:art-4") < ids.index("ai-act:art-4a") < ids.index("ai-act:art-5")
    assert ids.index("ai-act:art-113") < ids.index("ai-act:annex-i")
    iso = [p.id for p in catalog.provisions(store, "iso42001", "article")]
    assert iso[0] == "iso42001:clause-4"
    assert iso.index("iso42001:clause-10.2") < iso.index("iso42001:A.2.2")


def test_high_risk_applicability_follows_the_omnibus(store: EmbeddedStore) -> None:
    art9 = catalog.provision(store, "ai-act:art-9-2")
    assert art9.obligation
    (condition,) = art9.applicability
    assert condition.addressees == ["provider"]
    assert "system.high_risk = yes" in condition.requires
    dates = " | ".join(condition.dates)
    # the original text (superseded) and the text as amended by Reg. (EU) 2026/1744
    assert "from 2026-08-02 if system.annex = annex-iii" in dates
    assert "law in force 2024-08-01 to 2026-07-27" in dates
    assert "from 2027-12-02 if system.annex = annex-iii" in dates
    assert "from 2028-08-02 if system.annex = annex-i " in dates
    assert "Art. 113" in dates and "Art. 111(2)" in dates


def test_applicability_per_paragraph_and_addressee(store: EmbeddedStore) -> None:
    def addressees(short_id: str) -> set[str]:
        return {a for c in catalog.provision(store, short_id).applicability for a in c.addressees}

    assert addressees("ai-act:art-26-1") == {"deployer"}
    assert addressees("gdpr:art-33-2") == {"processor"}
    assert addressees("gdpr:art-33-1") == {"controller"}
    assert addressees("gdpr:art-35-4") == {"supervisory-authority"}
    assert addressees("gdpr:art-30-5") == {"none"}
    assert addressees("dora:art-19-1") == {"financial-entity"}
    nis2 = catalog.provision(store, "nis2:art-23-4-a").applicability
    assert {a for c in nis2 for a in c.addressees} == {"essential-entity", "important-entity"}
    assert any("entity_types !~ financial-entity" in r for c in nis2 for r in c.requires)
    fria = catalog.provision(store, "ai-act:art-27-1").applicability
    assert len(fria) >= 3  # public bodies, public services, Annex III 5(b)/(c): alternatives


def test_definitions_are_not_obligations(store: EmbeddedStore) -> None:
    assert not catalog.provision(store, "ai-act:art-3").obligation
    assert not catalog.provision(store, "gdpr:art-4").applicability


def test_iso_documented_information(store: EmbeddedStore) -> None:
    for clause in ("4.3", "5.2", "6.1.3", "8.4", "9.2.2", "9.3.3", "10.2"):
        detail = catalog.provision(store, f"iso42001:clause-{clause}")
        assert detail.documented_information, clause
        assert detail.expected_evidence, clause
    assert catalog.provision(store, "iso42001:clause-4.1").documented_information is None


def test_unknown_ids_are_clear_errors(store: EmbeddedStore) -> None:
    with pytest.raises(UnknownIdError, match="did you mean ai-act:art-9"):
        catalog.provision(store, "ai-act:art-9x")
    with pytest.raises(UnknownIdError, match="prefixes are"):
        catalog.provision(store, "hipaa:164.308")
    with pytest.raises(UnknownIdError, match="frameworks are"):
        catalog.provisions(store, "hipaa")
    with pytest.raises(UnknownIdError, match="levels are"):
        catalog.provisions(store, "gdpr", "chapter")  # type: ignore[arg-type]


def test_empty_store_asks_for_init(fresh_store: EmbeddedStore) -> None:
    with pytest.raises(StoreNotInitialisedError, match="aimsgraph store init"):
        catalog.frameworks(fresh_store)


def test_a_provisions_short_id_is_its_iri_compacted(store: EmbeddedStore) -> None:
    """Gaps and the plan name provisions by compacting IRIs the organisation's graph holds,
    without joining the catalogs: every catalog must agree."""
    rows = store.select(
        "PREFIX aims: <https://w3id.org/aimsgraph/ontology#> "
        "SELECT ?provision ?id WHERE { ?provision aims:shortId ?id }"
    )
    assert len(rows) > 1000
    assert [r for r in rows if compact(r["provision"]) != r["id"]] == []
