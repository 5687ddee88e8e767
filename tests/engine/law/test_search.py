"""Catalog search: every word must occur; the exact id or number, then the heading, then the
text; document order breaks ties; bounded; unusable queries refused with one clear line."""

from __future__ import annotations

import pytest
from aimsgraph.engine.errors import AimsgraphError
from aimsgraph.engine.law import catalog, search
from aimsgraph.engine.store import EmbeddedStore


def ids(store: EmbeddedStore, query: str, framework: str | None = None) -> list[str]:
    return [h.id for h in search.search(store, query, framework, limit=1000).hits]


def test_every_word_must_occur_somewhere(store: EmbeddedStore) -> None:
    found = search.search(store, "backup restoration", limit=1000)
    assert found.total == len(found.hits) > 0
    texts = search.texts(store)
    titles = {
        p.id: p.title
        for fw in ("ai-act", "gdpr", "dora", "nis2")
        for p in catalog.provisions(store, fw)
    }
    for hit in found.hits:
        where = (
            f"{hit.id} {hit.notation} {titles.get(hit.id, '')} {texts.get(hit.id, '')}".casefold()
        )
        assert "backup" in where and "restoration" in where
    assert set(ids(store, "backup restoration")) < set(ids(store, "backup"))


def test_ranking_exact_id_then_heading_then_text(store: EmbeddedStore) -> None:
    assert ids(store, "A.6.2.4")[0] == "iso42001:A.6.2.4"
    assert ids(store, "gdpr:art-35")[0] == "gdpr:art-35"
    assert ids(store, "Data protection impact assessment")[0] == "gdpr:art-35"
    assert ids(store, "risk management system", "ai-act")[0] == "ai-act:art-9"
    heading_first = search.search(store, "human oversight", "ai-act", 1000).hits
    assert heading_first[0].id == "ai-act:art-14"
    in_text = [h for h in heading_first if h.matched == ("text",)]
    in_title = [h for h in heading_first if "title" in h.matched]
    assert in_text and in_title
    assert max(h.score for h in in_text) < min(h.score for h in in_title)


def test_ties_keep_catalog_order_and_results_are_bounded(store: EmbeddedStore) -> None:
    article_9s = search.search(store, "Art. 9", limit=4).hits
    assert [h.id for h in article_9s] == ["ai-act:art-9", "gdpr:art-9", "dora:art-9", "nis2:art-9"]
    wide = search.search(store, "the", limit=50)
    assert len(wide.hits) == 50 < wide.total
    assert all(i.startswith("dora:") for i in ids(store, "risk", "dora"))


@pytest.mark.parametrize(
    ("query", "framework", "message"),
    [
        ("   ", None, "give some text"),
        ("x" * 201, None, "longer than 200"),
        (" ".join(f"w{n}" for n in range(13)), None, "more than 12 words"),
        ("risk", "iso", "unknown framework 'iso'"),
    ],
)
def test_unusable_queries_are_refused(
    store: EmbeddedStore, query: str, framework: str | None, message: str
) -> None:
    with pytest.raises(AimsgraphError, match=message):
        search.search(store, query, framework)
