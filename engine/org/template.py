"""A new client's starting point: the four input files with one example row each, and the
column reference, both generated from :mod:`schema` so they cannot drift from what the
loader accepts.

``aimsgraph org template DIR`` writes the folder; ``aimsgraph org format-doc`` prints the
reference that is committed as ``docs/input-format.md`` (a test regenerates and compares).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import OutputError
from .schema import (
    EVIDENCE_FIELDS,
    LIST_SEPARATOR,
    OPTIONAL_SYSTEM_COLUMNS,
    ORG_FIELDS,
    SOA_FIELDS,
    SYSTEM_FIELDS,
    Field,
)

FORMAT_FILE = "FORMAT.md"
TABLES: tuple[tuple[str, tuple[Field, ...]], ...] = (
    ("ai-systems.csv", SYSTEM_FIELDS),
    ("soa.csv", SOA_FIELDS),
    ("evidence.csv", EVIDENCE_FIELDS),
)
FILES = ("organisation.yaml", *(name for name, _ in TABLES), FORMAT_FILE)


def _yaml_text(value: str) -> str:
    """A value as YAML text (the reader keeps scalars as written, so only YAML syntax
    characters need quotes)."""
    if value and value[0].isalnum() and not any(c in value for c in ":#'\"{}[],&*!|>%@`"):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def organisation_yaml() -> str:
    """organisation.yaml with every key, its meaning as a comment, and the example value."""
    lines = ["# Organisation facts for aimsgraph; see FORMAT.md for every key and value."]
    for f in ORG_FIELDS:
        allowed = f"; {'one or more' if f.is_list else 'one'} of: {', '.join(f.allowed)}"
        lines.append(f"# {f.meaning}" + (allowed if f.allowed else ""))
        lines.append(f"{f.name}: {_yaml_text(f.example)}")
    return "\n".join(lines) + "\n"


def table_csv(fields: tuple[Field, ...]) -> str:
    """A CSV with the header and one example row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f.name for f in fields])
    writer.writerow([f.example for f in fields])
    return out.getvalue()


def write_folder(target: Path) -> list[Path]:
    """Write the template into ``target`` (created if needed); refuse, writing nothing, if
    any of its files already exists there."""
    paths = [target / name for name in FILES]
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target} exists and is not a folder; give a new folder or a .xlsx")
    existing = [p.name for p in paths if p.exists()]
    if existing:
        raise OutputError(
            f"{target} already has {', '.join(existing)}; nothing written (choose an empty "
            "folder, or move those files away)"
        )
    contents = [
        organisation_yaml(),
        *(table_csv(fields) for _, fields in TABLES),
        format_markdown(),
    ]
    try:
        target.mkdir(parents=True, exist_ok=True)
        for path, text in zip(paths, contents, strict=True):
            with path.open("x", encoding="utf-8", newline="") as handle:
                handle.write(text)
    except OSError as error:
        raise OutputError(f"cannot write the template into {target}: {error}") from error
    return paths


# -- the column reference --------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _allowed(f: Field) -> str:
    values = ", ".join(f"`{v}`" for v in f.allowed) if f.allowed else f.form
    if f.is_list:
        values += f"; a list: several values separated by `{LIST_SEPARATOR}`"
    return values


def _table(fields: tuple[Field, ...], heading: str, label: str = "column") -> list[str]:
    rows = [
        f"| `{f.name}` | {'yes' if f.required else 'no'} | {_cell(f.meaning)} | "
        f"{_cell(_allowed(f))} | {_cell(f.example) and f'`{_cell(f.example)}`'} |"
        for f in fields
    ]
    return [
        heading,
        "",
        f"| {label} | required | meaning | allowed values | example |",
        "|---|---|---|---|---|",
        *rows,
        "",
    ]


def format_markdown() -> str:
    """The column reference (docs/input-format.md and the template's FORMAT.md)."""
    lines = [
        "# Organisation input format",
        "",
        "<!-- Generated from engine/org/schema.py by `aimsgraph org format-doc`; "
        "do not edit by hand. -->",
        "",
        "An organisation is a folder with four files (or one `.xlsx` workbook with the sheets "
        "`organisation`, `ai-systems`, `soa`, `evidence`; the `organisation` sheet has one "
        "`key`, `value` row per key). Start from `aimsgraph org template DIR` (or "
        "`aimsgraph org template FILE.xlsx`), edit, then `aimsgraph org import DIR`.",
        "",
        "General rules:",
        "",
        f"- Lists are separated by `{LIST_SEPARATOR}` everywhere (`provider;deployer`); in "
        "`organisation.yaml` a YAML list (`[a, b]`) works too.",
        "- yes/no columns also accept `true`/`false`, `1`/`0` and Excel booleans.",
        "- Allowed values are case-insensitive (`High` reads as `high`).",
        "- Provision ids are `framework:local` (`iso42001:A.6.2.4`, `gdpr:art-35`, "
        "`ai-act:art-9-2-a`); the framework prefix may be left out where the local part names "
        "one provision only (`A.6.2.4`); `aimsgraph catalog list --framework F` lists them.",
        "- A CSV needs its header row; a file with only the header is an empty table. "
        "Optional columns may be left out of `ai-systems.csv`: "
        + ", ".join(f"`{name}`" for name in OPTIONAL_SYSTEM_COLUMNS)
        + ".",
        "- Every file is checked before anything is written; an error names file, row and "
        "column and what is allowed.",
        "",
    ]
    lines += _table(ORG_FIELDS, "## organisation.yaml", "key")
    for name, fields in TABLES:
        lines += _table(fields, f"## {name}")
    return "\n".join(lines).rstrip("\n") + "\n"
