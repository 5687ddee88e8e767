"""Client templates (issue #19 point 1) and the generated column reference (point 2): what
`org template` writes imports as written, never overwrites, and the committed
docs/input-format.md is what the schema generates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from aimsgraph.engine.errors import OutputError
from aimsgraph.engine.org import loader, schema, template
from aimsgraph.engine.present import org_template_xlsx
from aimsgraph.engine.store import EmbeddedStore
from conftest import REPO
from openpyxl import load_workbook

AIMSGRAPH = str(Path(sys.executable).parent / "aimsgraph")
TABLES = {
    "organisation": schema.ORG_FIELDS,
    "ai-systems": schema.SYSTEM_FIELDS,
    "soa": schema.SOA_FIELDS,
    "evidence": schema.EVIDENCE_FIELDS,
}


def test_field_lists_match_the_columns_the_loader_reads() -> None:
    assert tuple(f.name for f in schema.ORG_FIELDS) == schema.ORG_KEYS
    assert tuple(f.name for f in schema.SYSTEM_FIELDS) == schema.SYSTEM_COLUMNS
    assert tuple(f.name for f in schema.SOA_FIELDS) == schema.SOA_COLUMNS
    assert tuple(f.name for f in schema.EVIDENCE_FIELDS) == schema.EVIDENCE_COLUMNS


def test_folder_template_imports_as_written(tmp_path: Path, org_store: EmbeddedStore) -> None:
    written = template.write_folder(tmp_path / "client")
    assert sorted(p.name for p in written) == sorted(
        ["organisation.yaml", "ai-systems.csv", "soa.csv", "evidence.csv", "FORMAT.md"]
    )
    data, triples = loader.import_org(org_store, tmp_path / "client")
    assert data.organisation.id == "example-org" and triples > 0
    assert [len(data.systems), len(data.soa), len(data.evidence)] == [1, 1, 1]
    assert data.systems[0].ai_act_roles == ("provider", "deployer")
    assert data.evidence[0].ai_system == data.systems[0].id
    assert (tmp_path / "client" / "FORMAT.md").read_text() == template.format_markdown()


def test_folder_template_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "client"
    target.mkdir()
    (target / "soa.csv").write_text("mine\n")
    with pytest.raises(OutputError, match=r"already has soa\.csv; nothing written"):
        template.write_folder(target)
    assert sorted(p.name for p in target.iterdir()) == ["soa.csv"]
    assert (target / "soa.csv").read_text() == "mine\n"


def test_workbook_template_imports_as_written(tmp_path: Path, store: EmbeddedStore) -> None:
    path = org_template_xlsx.write_template(tmp_path / "client.xlsx")
    data, _ = loader.parse(path, store)
    assert data.organisation.id == "example-org"
    assert [len(data.systems), len(data.soa), len(data.evidence)] == [1, 1, 1]
    assert data.systems[0].risk_tier == "high" and data.soa[0].control == "A.2.2"


def test_workbook_template_has_a_drop_down_on_every_enumerated_column(tmp_path: Path) -> None:
    path = org_template_xlsx.write_template(tmp_path / "client.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames[0] == "Instructions"
    assert "org import" in " ".join(str(c.value) for c in workbook["Instructions"]["A"])
    lists = workbook["lists"]
    for sheet, fields in TABLES.items():
        validations = workbook[sheet].data_validations.dataValidation
        for index, field in enumerate(fields, start=1):
            if not field.allowed:
                continue
            if sheet == "organisation":
                cell = f"B{index + 1}"
                assert workbook[sheet][f"A{index + 1}"].value == field.name
            else:
                cell = f"{chr(ord('A') + index - 1)}2"
                assert workbook[sheet][f"{cell[0]}1"].value == field.name
            found = [v for v in validations if cell in v.sqref]
            assert len(found) == 1 and found[0].type == "list", (sheet, field.name)
            column = found[0].formula1.split("!")[1].split(":")[0].replace("$", "")[0]
            values = tuple(c.value for c in lists[column] if c.value is not None)
            assert values == field.allowed, (sheet, field.name)
    # the organisation sheet explains each key next to it
    org = workbook["organisation"]
    assert [c.value for c in org[1]] == ["key", "value", "meaning", "allowed values"]
    assert all(org[f"C{row}"].value for row in range(2, len(schema.ORG_FIELDS) + 2))


def test_workbook_template_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "client.xlsx"
    path.write_bytes(b"mine")
    with pytest.raises(OutputError, match="already exists; nothing written"):
        org_template_xlsx.write_template(path)
    assert path.read_bytes() == b"mine"


def test_cli_template_then_a_second_call_is_one_clear_line(tmp_path: Path) -> None:
    env = {**os.environ, "AIMSGRAPH_STORE": str(tmp_path / "store")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [AIMSGRAPH, "org", "template", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=120,
        )

    first = run(str(tmp_path / "client"))
    assert first.returncode == 0, first.stderr
    assert "wrote" in first.stdout and "org import" in first.stdout
    second = run(str(tmp_path / "client"))
    assert second.returncode != 0
    assert second.stderr.count("\n") == 1 and "nothing written" in second.stderr
    assert "Traceback" not in second.stderr


def test_committed_input_format_doc_is_what_the_schema_generates() -> None:
    committed = (REPO / "docs" / "input-format.md").read_text(encoding="utf-8")
    assert committed == template.format_markdown(), (
        "docs/input-format.md drifted from engine/org/schema.py: run "
        "`aimsgraph org format-doc --out docs/input-format.md`"
    )


def test_input_format_doc_lists_every_column_and_value() -> None:
    text = template.format_markdown()
    for fields in TABLES.values():
        for field in fields:
            assert f"| `{field.name}` |" in text
            for value in field.allowed:
                assert f"`{value}`" in text
    assert "separated by `;`" in text


def test_readme_links_the_input_format() -> None:
    assert "docs/input-format.md" in (REPO / "README.md").read_text(encoding="utf-8")
