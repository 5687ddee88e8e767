"""Write organisation folders for tests (the import format, nothing else): small ones by
hand, large ones with the benchmarks' generator."""

from __future__ import annotations

import csv
import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from aimsgraph.engine.org.orgdata import EVIDENCE_COLUMNS, SOA_COLUMNS, SYSTEM_COLUMNS


def write_org(
    folder: Path,
    org_id: str = "acme",
    entity_types: Sequence[str] = (),
    gdpr_roles: Sequence[str] = (),
    systems: Sequence[dict[str, str]] = (),
    soa: Sequence[dict[str, str]] = (),
    evidence: Sequence[dict[str, str]] = (),
) -> Path:
    """Create ``folder`` with the four input files; missing cells are empty."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "organisation.yaml").write_text(
        f"id: {org_id}\nname: {org_id.title()} Ltd\nsector: test\n"
        f"entity_types: [{', '.join(entity_types)}]\ngdpr_roles: [{', '.join(gdpr_roles)}]\n",
        encoding="utf-8",
    )
    for name, columns, rows in (
        ("ai-systems.csv", SYSTEM_COLUMNS, systems),
        ("soa.csv", SOA_COLUMNS, soa),
        ("evidence.csv", EVIDENCE_COLUMNS, evidence),
    ):
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            for row in rows:
                writer.writerow({c: row.get(c, "") for c in columns})
    return folder


def system(id: str, role: str, tier: str, **extra: str) -> dict[str, str]:
    """An AI system row with sensible defaults."""
    return {
        "id": id,
        "name": id,
        "purpose": "test",
        "owner": "Owner",
        "lifecycle_stage": "operation-monitoring",
        "ai_act_role": role,
        "risk_tier": tier,
        "personal_data": "no",
        **extra,
    }


def control(control_id: str, status: str = "implemented", **extra: str) -> dict[str, str]:
    """An included SoA row."""
    return {"control": control_id, "included": "yes", "status": status, "owner": "Owner", **extra}


def evidence(
    id: str, supports: str, issued: str = "2025-01-01", until: str = "", **extra: str
) -> dict[str, str]:
    """An evidence row."""
    return {
        "id": id,
        "title": id,
        "kind": "other",
        "supports": supports,
        "owner": "Owner",
        "issued": issued,
        "valid_until": until,
        **extra,
    }


GENERATOR = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


def generator() -> ModuleType:
    """``benchmarks/generate.py`` as a module (the benchmarks are not an installed package):
    ``generator().generate(systems, seed, folder)``."""
    spec = importlib.util.spec_from_file_location("aimsgraph_benchmark_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
