"""``facts.from_data`` (what ``analyse`` uses instead of reading its working set back) gives
exactly what ``facts.read`` reads from the graph the loader writes: for the example, for
generated organisations, and for random organisations that use every fact the loader
accepts, with lists in any order, blank optional cells and every flag set either way."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from aimsgraph.engine.org import facts, loader, schema
from aimsgraph.engine.store import EmbeddedStore
from orgfactory import system, write_org

REPO = Path(__file__).resolve().parents[3]


def _read_back(store: EmbeddedStore, folder: Path) -> tuple[facts.OrgFacts, facts.OrgFacts]:
    prepared = loader.prepare_import(store, folder)
    loader.write_import(store, prepared)
    org_id = prepared.data.organisation.id
    return facts.read(store, [prepared.graph], org_id), facts.from_data(prepared.data)


def test_the_example_reads_back_as_its_data_gives_it(org_store: EmbeddedStore) -> None:
    read, given = _read_back(org_store, REPO / "examples" / "northwind-bank")
    assert read == given
    assert len(given.systems) == 4


@pytest.mark.parametrize("seed", range(12))
def test_random_organisations_read_back_as_their_data_gives_them(
    org_store: EmbeddedStore, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)

    def some(values: tuple[str, ...], most: int = 3) -> str:
        """Some values in a random order (the checks refuse a value listed twice)."""
        return ";".join(rng.sample(values, rng.randint(0, min(most, len(values)))))

    rows = []
    for number in range(rng.randint(1, 8)):
        basis = rng.choice(["", *schema.HIGH_RISK_BASES])
        extra = {
            "high_risk_basis": basis,
            # Art. 6(3) concerns Annex III systems only (the checks refuse it elsewhere)
            "art_6_3_exemption": rng.choice(
                ["", "yes", "no"] if basis.startswith("annex-iii") else ["", "no"]
            ),
            "functions": some(schema.AI_FUNCTIONS),
            "placed_on_market": rng.choice(["", "2024-02-29", "2026-08-02"]),
            "real_world_testing": rng.choice(["", "yes", "no"]),
            "personal_data": rng.choice(["yes", "no"]),
        }
        role = some(schema.AI_ACT_ROLES) or "deployer"
        tier = rng.choice(["", "minimal", "limited", "high"])
        rows.append(system(f"s{number}", role, tier, **extra))
    folder = write_org(
        tmp_path / "org",
        org_id=f"org-{seed}",
        entity_types=some(schema.ENTITY_TYPES).split(";") if rng.random() < 0.7 else [],
        gdpr_roles=some(schema.GDPR_ROLES).split(";") if rng.random() < 0.7 else [],
        systems=rows,
    )
    organisation = folder / "organisation.yaml"
    lines = [
        f"{key}: {rng.choice(['yes', 'no'])}" for key in schema.ORG_FLAGS if rng.random() < 0.6
    ]
    if rng.random() < 0.7:
        lines.append(f"size: {rng.choice(schema.ORG_SIZES)}")
    organisation.write_text(
        organisation.read_text(encoding="utf-8") + "".join(f"{line}\n" for line in lines),
        encoding="utf-8",
    )
    read, given = _read_back(org_store, folder)
    assert read == given
