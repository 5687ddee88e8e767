#!/usr/bin/env python3
"""Generate a deterministic synthetic organisation in the import format.

    python benchmarks/generate.py --systems 1000 --seed 7 --out benchmarks/data/org-1000

About five evidence items per AI system, each supporting two or three Annex A controls (and
now and then a clause or an obligation directly); a realistic mix of AI Act roles and risk
tiers, some systems without owner or tier, a Statement of Applicability with every status,
and evidence of which about a fifth has expired on the reference date (2026-11-23).
The same arguments always give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

from aimsgraph.engine.org.orgdata import LIFECYCLE_STAGES

CONTROLS = [
    "A.2.2", "A.2.3", "A.2.4", "A.3.2", "A.3.3", "A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6",
    "A.5.2", "A.5.3", "A.5.4", "A.5.5", "A.6.1.2", "A.6.1.3", "A.6.2.2", "A.6.2.3", "A.6.2.4",
    "A.6.2.5", "A.6.2.6", "A.6.2.7", "A.6.2.8", "A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6",
    "A.8.2", "A.8.3", "A.8.4", "A.8.5", "A.9.2", "A.9.3", "A.9.4", "A.10.2", "A.10.3", "A.10.4",
]  # fmt: skip
CLAUSES = [
    "clause-4.3", "clause-5.2", "clause-6.1.1", "clause-6.1.2", "clause-6.1.3", "clause-6.1.4",
    "clause-6.2", "clause-7.2", "clause-8.1", "clause-8.2", "clause-8.3", "clause-8.4",
    "clause-9.1", "clause-9.2.2", "clause-9.3.3", "clause-10.2",
]  # fmt: skip
DIRECT = ["gdpr:art-35", "ai-act:art-11-1", "ai-act:art-50-1", "dora:art-8-1", "nis2:art-21-2-f"]
KINDS = [
    "policy",
    "procedure",
    "risk-register",
    "impact-assessment",
    "dpia",
    "test-report",
    "change-record",
    "monitoring-log",
    "technical-documentation",
    "model-card",
    "data-sheet",
    "contract",
    "training-record",
]
STAGES = list(LIFECYCLE_STAGES)
ROLES = [("provider", 40), ("deployer", 50), ("importer", 5), ("distributor", 5)]
TIERS = [("high", 15), ("limited", 25), ("minimal", 54), ("gpai", 2), ("prohibited", 1), ("", 3)]
REFERENCE = dt.date(2026, 11, 23)


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def generate(systems: int, seed: int, out: Path) -> None:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "organisation.yaml").write_text(
        f"id: synthetic-{systems}\nname: Synthetic Group {systems}\nsector: banking\n"
        "entity_types: [financial-entity, essential-entity]\ngdpr_roles: [controller, processor]\n",
        encoding="utf-8",
    )
    with (out / "ai-systems.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "id",
                "name",
                "purpose",
                "owner",
                "lifecycle_stage",
                "ai_act_role",
                "risk_tier",
                "personal_data",
            ]
        )
        for n in range(systems):
            owner = "" if rng.random() < 0.02 else f"Owner {rng.randrange(max(1, systems // 20))}"
            writer.writerow(
                [
                    f"sys-{n:05d}",
                    f"AI system {n}",
                    "synthetic purpose",
                    owner,
                    rng.choice(STAGES),
                    pick(rng, ROLES),
                    pick(rng, TIERS),
                    "yes" if rng.random() < 0.6 else "no",
                ]
            )
    with (out / "soa.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["control", "included", "status", "justification", "owner"])
        for control in CONTROLS:
            roll = rng.random()
            if roll < 0.05:
                row = [control, "no", "", "" if rng.random() < 0.5 else "not relevant", "CRO"]
            else:
                status = pick(
                    rng,
                    [("implemented", 70), ("partial", 15), ("planned", 10), ("not-implemented", 5)],
                )
                justification = "" if status == "implemented" or rng.random() < 0.3 else "plan"
                row = [control, "yes", status, justification, "CRO"]
            writer.writerow(row)
    with (out / "evidence.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "id",
                "title",
                "kind",
                "supports",
                "ai_system",
                "owner",
                "issued",
                "valid_until",
                "version",
                "sha256",
                "location",
            ]
        )
        number = 0
        for clause in CLAUSES:  # organisation-wide documented information
            number += 1
            writer.writerow(_evidence(rng, number, f"iso42001:{clause}", "", "policy"))
        for n in range(systems):
            system_controls = rng.sample(CONTROLS, rng.choice((2, 3)))
            for _ in range(rng.choice((4, 5, 5, 6))):
                number += 1
                supports = [
                    f"iso42001:{c}"
                    for c in rng.sample(system_controls, rng.randint(1, len(system_controls)))
                ]
                if rng.random() < 0.05:
                    supports.append(rng.choice(DIRECT))
                if rng.random() < 0.05:
                    supports.append(f"iso42001:{rng.choice(CLAUSES)}")
                writer.writerow(
                    _evidence(rng, number, ";".join(supports), f"sys-{n:05d}", rng.choice(KINDS))
                )


def _evidence(rng: random.Random, number: int, supports: str, system: str, kind: str) -> list[str]:
    issued = REFERENCE - dt.timedelta(days=rng.randint(30, 900))
    expired = rng.random() < 0.2
    until = (
        REFERENCE - dt.timedelta(days=rng.randint(1, 300))
        if expired
        else REFERENCE + dt.timedelta(days=rng.randint(1, 700))
    )
    until = max(until, issued)
    owner = "" if rng.random() < 0.03 else "Evidence owner"
    return [
        f"EV-{number:07d}",
        f"Evidence {number}",
        kind,
        supports,
        system,
        owner,
        issued.isoformat(),
        until.isoformat(),
        "1",
        "",
        f"dms://evidence/{number}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    generate(args.systems, args.seed, args.out)
    print(f"wrote {args.out} ({args.systems} AI systems)")


if __name__ == "__main__":
    main()
