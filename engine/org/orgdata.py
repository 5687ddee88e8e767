"""An organisation's input as typed records, and the rules every record must follow.

Whatever the file format (CSV folder, XLSX workbook, Turtle/JSON-LD), input is first read
into :class:`RawTable` rows of strings, then checked here in one pass that collects every
problem with its file, row and column and what is allowed. Only a fully valid input becomes
an :class:`OrgData`; nothing is written before that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..errors import InputError
from .checks import Checker, RawTable
from .forgiving import ProvisionIds, split_list, yes_no
from .schema import (
    AI_ACT_ROLES,
    AI_FUNCTIONS,
    ANNEX_A_CONTROL,
    CONTROL_CHARACTERS,
    ENTITY_TYPES,
    EVIDENCE_COLUMNS,
    EVIDENCE_KINDS,
    GDPR_ROLES,
    HIGH_RISK_BASES,
    LIFECYCLE_STAGES,
    LIST_KEYS,
    LOCAL_ID,
    OPTIONAL_SYSTEM_COLUMNS,
    ORG_FLAGS,
    ORG_KEYS,
    ORG_SIZES,
    RISK_TIERS,
    SHA256,
    SLUG,
    SOA_COLUMNS,
    STATUSES,
    SYSTEM_COLUMNS,
    YES_NO,
)

__all__ = [
    "AI_ACT_ROLES",
    "AI_FUNCTIONS",
    "ANNEX_A_CONTROL",
    "CONTROL_CHARACTERS",
    "ENTITY_TYPES",
    "EVIDENCE_COLUMNS",
    "EVIDENCE_KINDS",
    "GDPR_ROLES",
    "HIGH_RISK_BASES",
    "LIFECYCLE_STAGES",
    "LIST_KEYS",
    "LOCAL_ID",
    "OPTIONAL_SYSTEM_COLUMNS",
    "ORG_FLAGS",
    "ORG_KEYS",
    "ORG_SIZES",
    "RISK_TIERS",
    "SHA256",
    "SLUG",
    "SOA_COLUMNS",
    "STATUSES",
    "SYSTEM_COLUMNS",
    "YES_NO",
    "AISystem",
    "Evidence",
    "OrgData",
    "Organisation",
    "RawTable",
    "SoAEntry",
    "build",
]


@dataclass(frozen=True)
class Organisation:
    """``organisation.yaml``."""

    id: str
    name: str
    sector: str
    entity_types: tuple[str, ...]
    gdpr_roles: tuple[str, ...]
    size: str | None = None
    flags: dict[str, bool] = field(default_factory=dict)  # ORG_FLAGS, defaults filled in


@dataclass(frozen=True)
class AISystem:
    """One row of ``ai-systems.csv``."""

    id: str
    name: str
    purpose: str
    owner: str | None
    lifecycle_stage: str
    ai_act_roles: tuple[str, ...]
    risk_tier: str | None
    personal_data: bool
    high_risk_basis: str | None = None
    art_6_3_exemption: bool = False
    functions: tuple[str, ...] = ()
    placed_on_market: dt.date | None = None
    real_world_testing: bool = False


@dataclass(frozen=True)
class SoAEntry:
    """One row of ``soa.csv`` (Statement of Applicability)."""

    control: str
    included: bool
    status: str | None
    justification: str | None
    owner: str | None


@dataclass(frozen=True)
class Evidence:
    """One row of ``evidence.csv``."""

    id: str
    title: str
    kind: str
    supports: tuple[str, ...]
    ai_system: str | None
    owner: str | None
    issued: dt.date
    valid_until: dt.date | None
    version: str | None
    sha256: str | None
    location: str | None


@dataclass(frozen=True)
class OrgData:
    """A complete, valid organisation input."""

    organisation: Organisation
    systems: list[AISystem] = field(default_factory=list)
    soa: list[SoAEntry] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


def build(
    organisation: RawTable,
    systems: RawTable,
    soa: RawTable,
    evidence: RawTable,
    known_ids: set[str],
    org_id: str | None = None,
) -> OrgData:
    """Check every table and return the organisation, or raise :class:`InputError`.

    ``known_ids`` are the short ids of every catalog provision (``iso42001:A.6.2.4``...).
    ``org_id`` overrides the id in ``organisation.yaml`` (``--org``).
    """
    check = Checker()
    for table in (organisation, systems, soa, evidence):
        check.plain_text(table)
    org = _organisation(organisation, check, org_id)
    system_list = _systems(systems, check)
    system_ids = {s.id for s in system_list}
    ids = ProvisionIds(known_ids)
    soa_list = _soa(soa, check, ids)
    evidence_list = _evidence(evidence, check, ids, system_ids)
    if check.problems or org is None:
        raise InputError(check.problems, check.omitted)
    return OrgData(org, system_list, soa_list, evidence_list)


def _organisation(table: RawTable, check: Checker, org_id: str | None) -> Organisation | None:
    values = table.rows[0][1] if table.rows else {}
    file = table.file
    for key in values:
        if key not in ORG_KEYS:
            check.report(
                file,
                None,
                key,
                f"unknown key {key!r}; keys are {', '.join(ORG_KEYS)}" + check.hint(key, ORG_KEYS),
            )
    identifier = org_id or values.get("id", "")
    if not SLUG.fullmatch(identifier):
        check.report(
            file,
            None,
            "id",
            f"{identifier!r} is not a valid id: lower-case letters, "
            "digits and '-', at most 63 characters",
        )
    name = values.get("name", "")
    if not name:
        check.report(file, None, "name", "name is required")
    where = "organisation"
    entity_types = check.some_of(
        file, where, "entity_types", values.get("entity_types", ""), ENTITY_TYPES
    )
    roles = check.some_of(file, where, "gdpr_roles", values.get("gdpr_roles", ""), GDPR_ROLES)
    size = check.one_of(file, where, "size", values.get("size", ""), ORG_SIZES, required=False)
    flags = {}
    for key, default in ORG_FLAGS.items():
        flag = check.one_of(
            file, "organisation", key, yes_no(values.get(key, "")) or default, YES_NO
        )
        flags[key] = flag == "yes"
    return Organisation(
        identifier, name, values.get("sector", ""), tuple(entity_types), tuple(roles), size, flags
    )


def _systems(table: RawTable, check: Checker) -> list[AISystem]:
    if not check.columns(table, SYSTEM_COLUMNS, OPTIONAL_SYSTEM_COLUMNS):
        return []
    result: list[AISystem] = []
    seen: set[str] = set()
    for row, raw in table.rows:
        v = {column: raw.get(column, "") for column in SYSTEM_COLUMNS}
        file = table.file
        check.unique_id(file, row, v["id"], seen, "AI system")
        if not v["name"]:
            check.report(file, row, "name", "name is required")
        stage = check.one_of(file, row, "lifecycle_stage", v["lifecycle_stage"], LIFECYCLE_STAGES)
        roles = check.some_of(file, row, "ai_act_role", v["ai_act_role"], AI_ACT_ROLES)
        if not split_list(v["ai_act_role"]):
            check.report(
                file,
                row,
                "ai_act_role",
                f"ai_act_role is required: one or several of {', '.join(AI_ACT_ROLES)}, "
                "separated by ';'",
            )
        if len(set(roles)) != len(roles):
            check.report(
                file, row, "ai_act_role", "a role is listed twice in the ';'-separated list"
            )
        tier = check.one_of(file, row, "risk_tier", v["risk_tier"], RISK_TIERS, required=False)
        personal = check.one_of(file, row, "personal_data", yes_no(v["personal_data"]), YES_NO)
        basis = check.one_of(
            file, row, "high_risk_basis", v["high_risk_basis"], HIGH_RISK_BASES, required=False
        )
        exemption = check.one_of(
            file, row, "art_6_3_exemption", yes_no(v["art_6_3_exemption"]) or "no", YES_NO
        )
        if exemption == "yes" and not (basis or "").startswith("annex-iii"):
            check.report(
                file,
                row,
                "art_6_3_exemption",
                "an Art. 6(3) derogation needs an Annex III high_risk_basis (Art. 6(3) applies "
                "to Annex III systems only)",
            )
        functions = check.some_of(file, row, "functions", v["functions"], AI_FUNCTIONS)
        placed = check.date(file, row, "placed_on_market", v["placed_on_market"], required=False)
        testing = check.one_of(
            file, row, "real_world_testing", yes_no(v["real_world_testing"]) or "no", YES_NO
        )
        result.append(
            AISystem(
                v["id"],
                v["name"],
                v["purpose"],
                v["owner"] or None,
                stage or "",
                tuple(roles),
                tier,
                personal == "yes",
                basis,
                exemption == "yes",
                tuple(functions),
                placed,
                testing == "yes",
            )
        )
    return result


def _soa(table: RawTable, check: Checker, ids: ProvisionIds) -> list[SoAEntry]:
    if not check.columns(table, SOA_COLUMNS):
        return []
    result, seen = [], set()
    controls = [
        k.partition(":")[2]
        for k in ids.known
        if k.startswith("iso42001:") and ANNEX_A_CONTROL.fullmatch(k.partition(":")[2])
    ]
    for row, v in table.rows:
        file = table.file
        full, _ = ids.resolve(v["control"], "iso42001", hint=False)
        control = (full or v["control"]).removeprefix("iso42001:")
        if full is None or not ANNEX_A_CONTROL.fullmatch(control):
            check.report(
                file,
                row,
                "control",
                f"{v['control']!r} is not an ISO/IEC 42001 Annex A control (e.g. A.6.2.4)"
                + check.hint(control, controls),
            )
        elif control in seen:
            check.report(file, row, "control", f"duplicate SoA row for {control}")
        seen.add(control)
        included = check.one_of(file, row, "included", yes_no(v["included"]), YES_NO)
        status: str | None = None
        if included == "yes":
            status = check.one_of(file, row, "status", v["status"], STATUSES)
        elif included == "no" and v["status"]:
            check.report(file, row, "status", "status must be empty when the control is excluded")
        result.append(
            SoAEntry(
                control, included == "yes", status, v["justification"] or None, v["owner"] or None
            )
        )
    return result


def _evidence(
    table: RawTable, check: Checker, ids: ProvisionIds, system_ids: set[str]
) -> list[Evidence]:
    if not check.columns(table, EVIDENCE_COLUMNS):
        return []
    result: list[Evidence] = []
    seen: set[str] = set()
    for row, v in table.rows:
        file = table.file
        check.unique_id(file, row, v["id"], seen, "evidence")
        if not v["title"]:
            check.report(file, row, "title", "title is required")
        kind = check.one_of(file, row, "kind", v["kind"], EVIDENCE_KINDS)
        supports: list[str] = []
        for target in split_list(v["supports"]):
            full, why = ids.resolve(target, hint=check.room)
            if full is None:
                check.report(
                    file,
                    row,
                    "supports",
                    f"{why} (`aimsgraph catalog list --framework F` lists the ids; separate "
                    "several with ';')",
                )
            else:
                supports.append(full)
        if not split_list(v["supports"]):
            check.report(
                file,
                row,
                "supports",
                "supports is required: ';'-separated ids such as iso42001:A.6.2.4;gdpr:art-35",
            )
        system = v["ai_system"] or None
        if system is not None and system not in system_ids:
            check.report(
                file,
                row,
                "ai_system",
                f"{system!r} is not an AI system of ai-systems.csv"
                + check.hint(system, system_ids),
            )
        issued = check.date(file, row, "issued", v["issued"], required=True)
        until = check.date(file, row, "valid_until", v["valid_until"], required=False)
        if issued and until and until < issued:
            check.report(file, row, "valid_until", "valid_until is before issued")
        digest = v["sha256"] or None
        if digest is not None and not SHA256.fullmatch(digest):
            check.report(file, row, "sha256", "sha256 must be 64 hexadecimal characters")
        result.append(
            Evidence(
                v["id"],
                v["title"],
                kind or "",
                tuple(supports),
                system,
                v["owner"] or None,
                issued or dt.date.min,
                until,
                v["version"] or None,
                digest,
                v["location"] or None,
            )
        )
    return result
