"""Read, validate and write SSSOM TSV mapping sets (ISO/IEC 42001 -> an EU act).

A mapping set is a YAML header (lines starting with ``#``) followed by a TSV table, as the
SSSOM specification describes. Our extension columns (``relationship``, ``rationale``,
``strength``, ``status``) are declared in the header's ``extension_definitions``.
Validation reports every problem with file, line and column and never stops at the first.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from ..dates import parse_date
from ..errors import Problem

RELATIONSHIPS = (
    "equal-to",
    "equivalent-to",
    "subset-of",
    "superset-of",
    "intersects-with",
    "no-relationship",
)
RATIONALES = ("syntactic", "semantic", "functional")
STATUSES = ("reviewed", "draft")
# The SKOS view each set-theory relationship must use (model.md).
PREDICATE_OF = {
    "equal-to": "skos:exactMatch",
    "equivalent-to": "skos:exactMatch",
    "subset-of": "skos:broadMatch",
    "superset-of": "skos:narrowMatch",
    "intersects-with": "skos:relatedMatch",
    "no-relationship": "skos:relatedMatch",
}
JUSTIFICATIONS = ("semapv:ManualMappingCuration", "semapv:MappingChaining")
HEADER_KEYS = (
    "mapping_set_id",
    "mapping_set_version",
    "license",
    "creator_id",
    "mapping_date",
    "subject_source",
    "object_source",
    "curie_map",
)
COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "predicate_modifier",
    "object_id",
    "object_label",
    "mapping_justification",
    "relationship",
    "rationale",
    "strength",
    "confidence",
    "comment",
    "author_id",
    "mapping_date",
    "see_also",
    "status",
)
REQUIRED_COLUMNS = tuple(c for c in COLUMNS if c not in ("predicate_modifier", "see_also"))


@dataclass(frozen=True)
class MappingRow:
    """One mapping, with the line it came from (for error messages)."""

    subject_id: str
    subject_label: str
    predicate_id: str
    predicate_modifier: str
    object_id: str
    object_label: str
    mapping_justification: str
    relationship: str
    rationale: str
    strength: int
    confidence: float
    comment: str
    author_id: str
    mapping_date: str
    see_also: str
    status: str
    line: int = 0


@dataclass
class MappingSet:
    """A parsed mapping set: header metadata and rows."""

    path: str
    header: dict[str, Any]
    rows: list[MappingRow] = field(default_factory=list)

    @property
    def curie_map(self) -> dict[str, str]:
        value = self.header.get("curie_map") or {}
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}

    @property
    def name(self) -> str:
        """Short name: the file name without ``.sssom.tsv``."""
        return Path(self.path).name.removesuffix(".sssom.tsv")

    def expand(self, curie: str) -> str | None:
        """IRI of a CURIE under this set's ``curie_map`` (``None`` if the prefix is unknown)."""
        prefix, sep, local = curie.partition(":")
        base = self.curie_map.get(prefix)
        return base + local if sep and base else None


def parse(text: str, path: str) -> tuple[MappingSet, list[Problem]]:
    """Parse SSSOM TSV text; structural problems are returned, not raised."""
    problems: list[Problem] = []
    lines = text.splitlines()
    header_lines = [line[1:] for line in lines if line.startswith("#")]
    body_start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as error:
        problems.append(Problem(path, f"YAML header cannot be read: {error}", 1))
        header = {}
    if not isinstance(header, dict):
        problems.append(Problem(path, "YAML header must be a mapping of keys to values", 1))
        header = {}
    for key in HEADER_KEYS:
        if key not in header:
            problems.append(Problem(path, f"header lacks {key}", 1, key))
    mapping_set = MappingSet(path, header)
    reader = csv.DictReader(io.StringIO("\n".join(lines[body_start:])), delimiter="\t")
    columns = reader.fieldnames or []
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            problems.append(Problem(path, f"missing column {column}", body_start + 1, column))
    if any(p.column in REQUIRED_COLUMNS for p in problems):
        return mapping_set, problems
    for offset, raw in enumerate(reader, start=body_start + 2):
        row, row_problems = _row(raw, offset, path)
        problems.extend(row_problems)
        if row is not None:
            mapping_set.rows.append(row)
    return mapping_set, problems


def _row(
    raw: Mapping[str, str | None], line: int, path: str
) -> tuple[MappingRow | None, list[Problem]]:
    problems: list[Problem] = []
    values = {k: (v or "").strip() for k, v in raw.items() if k is not None}
    try:
        strength = int(values.get("strength", ""))
    except ValueError:
        problems.append(Problem(path, "strength must be an integer 0-10", line, "strength"))
        strength = -1
    try:
        confidence = float(values.get("confidence", ""))
    except ValueError:
        problems.append(Problem(path, "confidence must be a number 0-1", line, "confidence"))
        confidence = -1.0
    row = MappingRow(
        **{
            f.name: values.get(f.name, "")
            for f in fields(MappingRow)
            if f.name not in ("strength", "confidence", "line")
        },
        strength=strength,
        confidence=confidence,
        line=line,
    )
    return row, problems


def check_rows(mapping_set: MappingSet, known: Iterable[str]) -> list[Problem]:
    """Vocabulary, range, consistency and existence checks on every row.

    ``known`` holds the IRIs of every provision in the loaded catalogs.
    """
    known_iris = set(known)
    problems: list[Problem] = []
    path = mapping_set.path
    seen: dict[tuple[str, str], int] = {}

    def bad(row: MappingRow, column: str, message: str) -> None:
        problems.append(Problem(path, message, row.line, column))

    for row in mapping_set.rows:
        for column in ("subject_id", "object_id"):
            curie = getattr(row, column)
            iri = mapping_set.expand(curie)
            if iri is None:
                bad(row, column, f"{curie!r}: prefix not in the header's curie_map")
            elif iri not in known_iris:
                bad(row, column, f"{curie!r} is not a provision of the loaded catalogs")
        if row.relationship not in RELATIONSHIPS:
            bad(
                row,
                "relationship",
                f"{row.relationship!r} is not one of {', '.join(RELATIONSHIPS)}",
            )
        elif row.predicate_id != PREDICATE_OF[row.relationship]:
            bad(
                row,
                "predicate_id",
                f"{row.relationship} must use {PREDICATE_OF[row.relationship]}, "
                f"not {row.predicate_id!r}",
            )
        if row.rationale not in RATIONALES:
            bad(row, "rationale", f"{row.rationale!r} is not one of {', '.join(RATIONALES)}")
        if row.status not in STATUSES:
            bad(row, "status", f"{row.status!r} is not one of {', '.join(STATUSES)}")
        if row.mapping_justification not in JUSTIFICATIONS:
            bad(
                row,
                "mapping_justification",
                f"{row.mapping_justification!r} is not one of {', '.join(JUSTIFICATIONS)}",
            )
        if not 0 <= row.strength <= 10 and row.strength != -1:
            bad(row, "strength", f"strength {row.strength} is outside 0-10")
        if not 0.0 <= row.confidence <= 1.0 and row.confidence != -1.0:
            bad(row, "confidence", f"confidence {row.confidence} is outside 0-1")
        if row.relationship == "no-relationship":
            if row.strength != 0:
                bad(row, "strength", "a no-relationship row must have strength 0")
            if row.predicate_modifier != "Not":
                bad(
                    row,
                    "predicate_modifier",
                    "a no-relationship row must have predicate_modifier Not",
                )
        elif row.predicate_modifier:
            bad(row, "predicate_modifier", "only no-relationship rows carry predicate_modifier Not")
        if not row.comment:
            bad(row, "comment", "comment must say why, citing the paragraph")
        if not row.author_id:
            bad(row, "author_id", "author_id is required (provenance)")
        if not _is_date(row.mapping_date):
            bad(row, "mapping_date", f"{row.mapping_date!r} is not an ISO 8601 date")
        pair = (row.subject_id, row.object_id)
        if pair in seen:
            bad(
                row,
                "object_id",
                f"duplicate pair {row.subject_id} -> {row.object_id} (first on line {seen[pair]})",
            )
        else:
            seen[pair] = row.line
    return problems


def read(path: Path) -> tuple[MappingSet, list[Problem]]:
    """Parse a mapping set file."""
    return parse(path.read_text(encoding="utf-8"), str(path))


def write(mapping_set: MappingSet) -> str:
    """Serialise a mapping set: YAML header, then the TSV table in our column order."""
    header = yaml.safe_dump(mapping_set.header, sort_keys=False, allow_unicode=True, width=1000)
    buffer = io.StringIO()
    for line in header.splitlines():
        buffer.write(f"#{line}\n")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in mapping_set.rows:
        writer.writerow([_cell(getattr(row, column)) for column in COLUMNS])
    return buffer.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _is_date(text: str) -> bool:
    """Written YYYY-MM-DD and a real date (no trailing newline, no week dates)."""
    try:
        parse_date(text)
    except ValueError:
        return False
    return True
