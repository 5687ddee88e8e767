"""An organisation's input as typed records, and the rules every record must follow.

Whatever the file format (CSV folder, XLSX workbook, Turtle/JSON-LD), input is first read
into :class:`RawTable` rows of strings, then checked here in one pass that collects every
problem with its file, row and column and what is allowed. Only a fully valid input becomes
an :class:`OrgData`; nothing is written before that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .. import dates
from ..errors import MAX_PROBLEMS, InputError, Problem
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
class RawTable:
    """Rows of strings read from one file or sheet, with the names to report them by."""

    file: str
    columns: tuple[str, ...]
    rows: list[tuple[int | str, dict[str, str]]]  # (row number or node IRI, values)


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


class _Checker:
    """Collects problems while converting one table's cells."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.omitted = 0  # problems past the cap: counted, not kept (bounded memory)

    def report(self, file: str, row: int | str | None, column: str | None, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.omitted += 1
            return
        line = row if isinstance(row, int) else None
        where = f"{message} (record {row})" if isinstance(row, str) else message
        self.problems.append(Problem(file, where, line, column))

    def plain_text(self, table: RawTable) -> None:
        """No control characters in any cell (they break reports and hide text)."""
        for row, values in table.rows:
            for column, value in values.items():
                if value.isprintable():  # fast path: nothing to look for
                    continue
                bad = next((c for c in value if c in CONTROL_CHARACTERS), None)
                if bad is not None:
                    self.report(
                        table.file,
                        row,
                        column,
                        f"contains the control character U+{ord(bad):04X}; remove it "
                        "(only tab and line breaks are allowed)",
                    )

    def columns(
        self, table: RawTable, expected: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> bool:
        missing = [c for c in expected if c not in table.columns and c not in optional]
        unknown = [c for c in table.columns if c not in expected]
        for column in missing:
            self.report(table.file, 1, column, f"missing column {column!r}")
        for column in unknown:
            self.report(
                table.file,
                1,
                column,
                f"unknown column {column!r}; columns are {', '.join(expected)}",
            )
        return not missing

    def unique_id(self, file: str, row: int | str, value: str, seen: set[str], what: str) -> None:
        """A well-formed id not used before in this table."""
        if not LOCAL_ID.fullmatch(value):
            self.report(file, row, "id", f"{value!r} is not a valid id (letters, digits, . _ -)")
        elif value in seen:
            self.report(file, row, "id", f"duplicate {what} id {value!r}")
        seen.add(value)

    def one_of(
        self,
        file: str,
        row: int | str,
        column: str,
        value: str,
        allowed: Iterable[str],
        *,
        required: bool = True,
    ) -> str | None:
        allowed = tuple(allowed)
        if not value:
            if required:
                self.report(
                    file, row, column, f"{column} is required; allowed: {', '.join(allowed)}"
                )
            return None
        if value not in allowed:
            self.report(
                file, row, column, f"{value!r} is not allowed; allowed: {', '.join(allowed)}"
            )
            return None
        return value

    def date(
        self, file: str, row: int | str, column: str, value: str, *, required: bool
    ) -> dt.date | None:
        if not value:
            if required:
                self.report(file, row, column, f"{column} is required (ISO 8601 date, YYYY-MM-DD)")
            return None
        try:
            return dates.parse_date(value)
        except ValueError:
            self.report(file, row, column, f"{value!r} is not an ISO 8601 date (YYYY-MM-DD)")
            return None


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
    check = _Checker()
    for table in (organisation, systems, soa, evidence):
        check.plain_text(table)
    org = _organisation(organisation, check, org_id)
    system_list = _systems(systems, check)
    system_ids = {s.id for s in system_list}
    soa_list = _soa(soa, check, known_ids)
    evidence_list = _evidence(evidence, check, known_ids, system_ids)
    if check.problems or org is None:
        raise InputError(check.problems, check.omitted)
    return OrgData(org, system_list, soa_list, evidence_list)


def _organisation(table: RawTable, check: _Checker, org_id: str | None) -> Organisation | None:
    values = table.rows[0][1] if table.rows else {}
    file = table.file
    for key in values:
        if key not in ORG_KEYS:
            check.report(file, None, key, f"unknown key {key!r}; keys are {', '.join(ORG_KEYS)}")
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
    entity_types = _list(values.get("entity_types", ""))
    for value in entity_types:
        check.one_of(file, "organisation", "entity_types", value, ENTITY_TYPES)
    roles = _list(values.get("gdpr_roles", ""))
    for value in roles:
        check.one_of(file, "organisation", "gdpr_roles", value, GDPR_ROLES)
    size = check.one_of(
        file, "organisation", "size", values.get("size", "").lower(), ORG_SIZES, required=False
    )
    flags = {}
    for key, default in ORG_FLAGS.items():
        flag = check.one_of(
            file, "organisation", key, _yes_no(values.get(key, "")) or default, YES_NO
        )
        flags[key] = flag == "yes"
    return Organisation(
        identifier, name, values.get("sector", ""), tuple(entity_types), tuple(roles), size, flags
    )


BOOLEAN_SPELLINGS = {"yes": "yes", "no": "no", "true": "yes", "false": "no", "1": "yes", "0": "no"}


def _yes_no(value: str) -> str:
    """yes/no as written, or as a spreadsheet or YAML boolean (true/false, 1/0)."""
    return BOOLEAN_SPELLINGS.get(value.strip().lower(), value.strip())


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _systems(table: RawTable, check: _Checker) -> list[AISystem]:
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
        roles = _list(v["ai_act_role"])
        if not roles:
            check.report(
                file,
                row,
                "ai_act_role",
                f"ai_act_role is required: one or several of {', '.join(AI_ACT_ROLES)}, "
                "separated by ';'",
            )
        for value in roles:
            check.one_of(file, row, "ai_act_role", value, AI_ACT_ROLES)
        if len(set(roles)) != len(roles):
            check.report(file, row, "ai_act_role", "a role is listed twice")
        tier = check.one_of(file, row, "risk_tier", v["risk_tier"], RISK_TIERS, required=False)
        personal = check.one_of(file, row, "personal_data", _yes_no(v["personal_data"]), YES_NO)
        basis = check.one_of(
            file, row, "high_risk_basis", v["high_risk_basis"].lower(), HIGH_RISK_BASES,
            required=False,
        )  # fmt: skip
        exemption = check.one_of(
            file, row, "art_6_3_exemption", _yes_no(v["art_6_3_exemption"]) or "no", YES_NO
        )
        if exemption == "yes" and not (basis or "").startswith("annex-iii"):
            check.report(
                file,
                row,
                "art_6_3_exemption",
                "an Art. 6(3) derogation needs an Annex III high_risk_basis (Art. 6(3) applies "
                "to Annex III systems only)",
            )
        functions = _list(v["functions"])
        for value in functions:
            check.one_of(file, row, "functions", value, AI_FUNCTIONS)
        placed = check.date(file, row, "placed_on_market", v["placed_on_market"], required=False)
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
            )
        )
    return result


def _soa(table: RawTable, check: _Checker, known_ids: set[str]) -> list[SoAEntry]:
    if not check.columns(table, SOA_COLUMNS):
        return []
    result, seen = [], set()
    for row, v in table.rows:
        file = table.file
        control = v["control"].removeprefix("iso42001:")
        if not ANNEX_A_CONTROL.fullmatch(control) or f"iso42001:{control}" not in known_ids:
            check.report(
                file,
                row,
                "control",
                f"{v['control']!r} is not an ISO/IEC 42001 Annex A control (e.g. A.6.2.4)",
            )
        elif control in seen:
            check.report(file, row, "control", f"duplicate SoA row for {control}")
        seen.add(control)
        included = check.one_of(file, row, "included", _yes_no(v["included"]), YES_NO)
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
    table: RawTable, check: _Checker, known_ids: set[str], system_ids: set[str]
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
        supports = tuple(_list(v["supports"]))
        if not supports:
            check.report(
                file,
                row,
                "supports",
                "supports is required: ';'-separated ids such as iso42001:A.6.2.4;gdpr:art-35",
            )
        for target in supports:
            if target not in known_ids:
                check.report(
                    file,
                    row,
                    "supports",
                    f"{target!r} is not a known provision id (see `aimsgraph catalog list`)",
                )
        system = v["ai_system"] or None
        if system is not None and system not in system_ids:
            check.report(
                file, row, "ai_system", f"{system!r} is not an AI system of ai-systems.csv"
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
                supports,
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
