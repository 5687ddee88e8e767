"""The report as an XLSX workbook: Summary, Coverage, Gaps, Plan, SoA, Mappings.

Every sheet has a bold, frozen header row, an autofilter, sensible column widths and, where
a status or severity is shown, conditional colours (real Excel conditional formatting, so
the colours follow edits). Text from the organisation's data never becomes a formula
(:mod:`spreadsheet_safe`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .report import CAVEAT, SOA_COLUMNS, Report, soa_records
from .spreadsheet_safe import append_row

FILLS = {
    "covered": "D7F0DD", "partial": "FFF1D6", "uncovered": "FDE2E1", "not-addressed": "ECEFF3",
    "not-analysed": "F4E8FB",
    "high": "FDE2E1", "medium": "FFF1D6", "low": "ECEFF3",
}  # fmt: skip
SHEETS = {
    "Summary": ["item", "value"],
    "Coverage": [
        "framework",
        "obligation",
        "title",
        "status",
        "support score",
        "implemented controls",
        "evidence",
        "systems",
        "per system",
        "explanation",
    ],
    "Gaps": ["severity", "kind", "focus", "provisions", "message", "shape"],
    "Plan": [
        "rank",
        "action",
        "target",
        "title",
        "gain",
        "support score after",
        "closes",
        "improves",
    ],
    "SoA": SOA_COLUMNS,
    "Mappings": [
        "subject",
        "relationship",
        "object",
        "strength",
        "status",
        "rationale",
        "source",
        "ELI",
    ],
}


def write_workbook(report: Report, out: Path) -> None:
    """Write the workbook to ``out``."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    cov = report.coverage
    rows: dict[str, list[Sequence[object]]] = {
        "Summary": [
            ("organisation", f"{report.name} ({report.organisation})"),
            ("law date (as of)", report.as_of),
            ("evidence date", cov.evidence_date),
            (
                "draft mapping rows",
                f"{'counted' if cov.include_draft else 'left out'}; {cov.draft_changes} "
                "statuses would change otherwise",
            ),
            ("generated", f"{report.generated} by aimsgraph {report.version}"),
            ("entity types", ", ".join(report.entity_types)),
            ("GDPR roles", ", ".join(report.gdpr_roles)),
            ("AI systems", len(report.systems)),
            *(
                (
                    f"support score {f.framework}",
                    f"{f.score:.1%} ({f.covered} covered, {f.partial} partial, {f.uncovered} "
                    f"uncovered, {f.not_addressed} not-addressed, {f.not_analysed} "
                    f"not-analysed of {f.applicable})",
                )
                for f in cov.frameworks
            ),
            ("gaps", len(report.gaps.gaps)),
            ("note", CAVEAT),
            (
                "plan",
                f"support score {report.plan.score_before:.1%} -> "
                f"{report.plan.score_after:.1%} in "
                f"{len(report.plan.steps)} steps",
            ),
            *(
                (f"catalog {key}", f"{identifier} ({version})")
                for key, identifier, version in report.catalogs
            ),
            *(
                (f"mapping set {name}", f"{version} ({count} rows)")
                for name, version, count in report.mapping_sets
            ),
        ],
        "Coverage": [
            (
                f.framework,
                p.id,
                p.title,
                p.status,
                p.score,
                ", ".join(v.control for v in p.via if v.implemented),
                ", ".join(p.evidence),
                ", ".join(p.systems),
                "; ".join(f"{s.system}: {s.status}" for s in p.per_system),
                p.explanation,
            )
            for f in cov.frameworks
            for p in f.provisions
        ],
        "Gaps": [
            (g.severity, g.kind, g.focus, ", ".join(g.provisions), g.message, g.shape)
            for g in report.gaps.gaps
        ],
        "Plan": [
            (
                s.rank,
                s.action,
                s.target,
                s.title,
                s.gain,
                s.score_after,
                ", ".join(s.closes),
                ", ".join(s.improves),
            )
            for s in report.plan.steps
        ],
        "SoA": [tuple(r.values()) for r in soa_records(report)],
        "Mappings": [
            (m.subject, m.relationship, m.object, m.strength, m.status, m.comment, m.source, m.eli)
            for m in report.mappings
        ],
    }
    for name, headers in SHEETS.items():
        sheet = workbook.create_sheet(name)
        append_row(sheet, headers)
        for row in rows[name]:
            append_row(sheet, row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        last = get_column_letter(len(headers))
        sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 1)}"
        for index, header in enumerate(headers, start=1):
            values = [len(str(header))] + [len(str(r[index - 1])) for r in rows[name][:500]]
            sheet.column_dimensions[get_column_letter(index)].width = min(max(values) + 2, 80)
        _colour(sheet, headers, name)
    for name in ("Coverage", "Plan"):
        column = {"Coverage": "support score", "Plan": "gain"}[name]
        letter = get_column_letter(SHEETS[name].index(column) + 1)
        for cell in workbook[name][letter][1:]:
            cell.number_format = "0.0%"
    _evidence_sheet(workbook, report)
    workbook.save(out)


EVIDENCE_COLUMNS = [
    "id",
    "title",
    "kind",
    "owner",
    "AI system",
    "issued",
    "valid until",
    "days left",
    "status",
    "supports",
]


def _evidence_sheet(workbook: Workbook, report: Report) -> None:
    """The evidence register judged on the evidence date: dates as real date cells (so they
    sort and filter as dates), days left as a number (negative: expired)."""
    register = report.evidence
    if register is None:
        return
    sheet = workbook.create_sheet("Evidence")
    append_row(sheet, EVIDENCE_COLUMNS)
    for e in register.items:
        append_row(
            sheet,
            (
                e.id,
                e.title,
                e.kind,
                e.owner,
                e.ai_system or "(organisation-wide)",
                dt.date.fromisoformat(e.issued),
                dt.date.fromisoformat(e.valid_until) if e.valid_until else None,
                e.days_left,
                e.status,
                ", ".join(e.supports),
            ),
        )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(EVIDENCE_COLUMNS))}{sheet.max_row}"
    for column in ("F", "G"):
        for cell in sheet[column][1:]:
            cell.number_format = "yyyy-mm-dd"
    for index, width in enumerate((10, 40, 22, 24, 20, 12, 12, 10, 14, 50), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    area = f"I2:I{max(sheet.max_row, 2)}"
    for value, colour in (("expired", "FDE2E1"), ("expiring", "FFF1D6"), ("valid", "D7F0DD")):
        sheet.conditional_formatting.add(
            area,
            CellIsRule(
                operator="equal",
                formula=[f'"{value}"'],
                fill=PatternFill(start_color=colour, end_color=colour, fill_type="solid"),
            ),
        )


def _colour(sheet: object, headers: list[str], name: str) -> None:
    column = {"Coverage": "status", "Gaps": "severity"}.get(name)
    if column is None:
        return
    letter = get_column_letter(headers.index(column) + 1)
    area = f"{letter}2:{letter}{max(sheet.max_row, 2)}"  # type: ignore[attr-defined]
    for value, colour in FILLS.items():
        sheet.conditional_formatting.add(  # type: ignore[attr-defined]
            area,
            CellIsRule(
                operator="equal",
                formula=[f'"{value}"'],
                fill=PatternFill(start_color=colour, end_color=colour, fill_type="solid"),
            ),
        )
