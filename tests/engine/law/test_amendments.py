"""Amendment records of Reg. (EU) 2026/1744: every amending point of its Art. 1 is in the catalog.

The expected list below was read from the Formex 4 XML of OJ L, 2026/1744 (Art. 1, points
(1) to (43)), not from the CSV, so a missing, misnumbered or invented record fails here.
"""

from __future__ import annotations

import csv

import pytest
from aimsgraph.engine.errors import UnknownIdError
from aimsgraph.engine.law import catalog
from aimsgraph.engine.store import EmbeddedStore
from conftest import REPO

# amending point of Art. 1 -> the catalogued AI Act provision(s) that record it
ART_1_POINTS: dict[str, list[str]] = {
    "Art. 1(1)": ["art-1"],
    "Art. 1(2)(a)": ["art-2"],
    "Art. 1(2)(b)": ["art-2"],
    "Art. 1(3)": ["art-2"],
    "Art. 1(4)(a)": ["art-3"],
    "Art. 1(4)(b)": ["art-3"],
    "Art. 1(5)": ["art-4"],
    "Art. 1(6)": ["art-4a"],
    "Art. 1(7)(a)": ["art-5-1-ba", "art-5-1-bb"],
    "Art. 1(7)(b)": ["art-5-1a", "art-5-1b"],
    "Art. 1(8)": ["art-6-1a", "art-6-1b", "art-6-1c"],
    "Art. 1(9)(a)": ["art-10-1"],
    "Art. 1(9)(b)": ["art-10-5"],
    "Art. 1(9)(c)": ["art-10-6"],
    "Art. 1(10)": ["art-11-1"],
    "Art. 1(11)": ["art-17-2"],
    "Art. 1(12)(a)": ["art-25-2"],
    "Art. 1(12)(b)": ["art-25-4"],
    "Art. 1(13)(a)": ["art-27-4"],
    "Art. 1(13)(b)": ["art-27-5"],
    "Art. 1(14)": ["art-28"],
    "Art. 1(15)": ["art-29"],
    "Art. 1(16)": ["art-30"],
    "Art. 1(17)": ["art-40"],
    "Art. 1(18)": ["art-42"],
    "Art. 1(19)": ["art-43-3"],
    "Art. 1(20)": ["art-50-7"],
    "Art. 1(21)": ["art-56"],
    "Art. 1(22)(a)": ["art-57"],
    "Art. 1(22)(b)": ["art-57"],
    "Art. 1(22)(c)": ["art-57"],
    "Art. 1(22)(d)": ["art-57"],
    "Art. 1(22)(e)": ["art-57"],
    "Art. 1(22)(f)": ["art-57"],
    "Art. 1(22)(g)": ["art-57"],
    "Art. 1(23)(a)": ["art-58"],
    "Art. 1(23)(b)": ["art-58"],
    "Art. 1(24)(a)": ["art-60-1"],
    "Art. 1(24)(b)": ["art-60-2"],
    "Art. 1(25)": ["art-60a"],
    "Art. 1(26)": ["art-63"],
    "Art. 1(27)": ["art-64"],
    "Art. 1(28)": ["art-69"],
    "Art. 1(29)": ["art-70"],
    "Art. 1(30)": ["art-72-3"],
    "Art. 1(31)(a)": ["art-75"],
    "Art. 1(31)(b)": ["art-75"],
    "Art. 1(31)(c)": ["art-75"],
    "Art. 1(31)(d)": ["art-75"],
    "Art. 1(32)": ["art-75a", "art-75b", "art-75c", "art-75d"],
    "Art. 1(33)": ["art-76"],
    "Art. 1(34)(a)": ["art-77"],
    "Art. 1(34)(b)": ["art-77"],
    "Art. 1(34)(c)": ["art-77"],
    "Art. 1(35)": ["art-95"],
    "Art. 1(36)(a)": ["art-96"],
    "Art. 1(36)(b)": ["art-96"],
    "Art. 1(36)(c)": ["art-96"],
    "Art. 1(37)(a)": ["art-97"],
    "Art. 1(37)(b)": ["art-97"],
    "Art. 1(38)(a)": ["art-99"],
    "Art. 1(38)(b)": ["art-99"],
    "Art. 1(38)(c)": ["art-99"],
    "Art. 1(39)(a)": ["art-111"],
    "Art. 1(39)(b)": ["art-111"],
    "Art. 1(40)(a)": ["art-113"],
    "Art. 1(40)(b)": ["art-113"],
    "Art. 1(40)(c)": ["art-113"],
    "Art. 1(41)(a)": ["annex-i"],
    "Art. 1(41)(b)": ["annex-i"],
    "Art. 1(42)": ["annex-viii"],
    "Art. 1(43)": ["annex-xiv"],
}
PAIRS = [(point, target) for point, targets in ART_1_POINTS.items() for target in targets]


def amending_points(store: EmbeddedStore, local_id: str) -> list[str]:
    detail = catalog.provision(store, f"ai-act:{local_id}")
    return [a.amending_provision for a in detail.amendments]


@pytest.mark.parametrize(("point", "target"), PAIRS)
def test_every_amending_point_of_art_1_is_in_the_catalog(
    store: EmbeddedStore, point: str, target: str
) -> None:
    assert point in amending_points(store, target)


def test_the_source_names_no_other_amending_point() -> None:
    """No record cites a point that Art. 1 does not have, or a date other than entry into force."""
    path = REPO / "ontology/sources/ai-act-amendments.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert sorted({(r["amending_provision"], r["target"]) for r in rows}) == sorted(set(PAIRS))
    for row in rows:
        assert row["effective_from"] == "2026-07-27"
        assert row["source"].endswith(", 24.7.2026, " + row["amending_provision"])


def test_a_scoped_insertion_is_recorded_on_its_article(store: EmbeddedStore) -> None:
    """Art. 111(4) is not a catalogued paragraph: the insertion sits on Art. 111, with its text."""
    detail = catalog.provision(store, "ai-act:art-111")
    (inserted,) = [a for a in detail.amendments if a.amending_provision == "Art. 1(39)(b)"]
    assert inserted.change == "inserted"
    assert inserted.description is not None
    assert inserted.description.startswith("inserted: paragraph 4. New text: 4. Providers of AI")
    assert inserted.description.endswith("comply with Article 50(2) by 2 December 2026.")
    with pytest.raises(UnknownIdError):
        catalog.provision(store, "ai-act:art-111-4")


def test_amendments_of_one_article_keep_the_order_of_the_amending_act(
    store: EmbeddedStore,
) -> None:
    assert amending_points(store, "art-57") == [f"Art. 1(22)({x})" for x in "abcdefg"]
    changes = [a.change for a in catalog.provision(store, "ai-act:art-75").amendments]
    assert changes == ["heading-replaced", "replaced", "inserted", "inserted"]
