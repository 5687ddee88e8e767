"""Hostile or sloppy organisation input (issue #18, items 5 and 9): YAML alias bombs, deep
nesting, duplicate keys and columns, YAML typing, control characters, loose dates, ids
with a trailing newline and huge error lists are refused with located one-line problems,
and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from aimsgraph.engine import dates
from aimsgraph.engine.errors import MAX_PROBLEMS, InputError
from aimsgraph.engine.org import apikeys, loader
from aimsgraph.engine.org.yaml_input import read_mapping
from aimsgraph.engine.store import EmbeddedStore
from conftest import REPO

EXAMPLE = REPO / "examples" / "northwind-bank"
LISTS = frozenset({"entity_types", "gdpr_roles"})
ALIAS_BOMB = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
    f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "org"
    shutil.copytree(EXAMPLE, target)
    return target


def problems(source: Path, store: EmbeddedStore, org_id: str | None = None) -> list[str]:
    with pytest.raises(InputError) as caught:
        loader.parse(source, store, org_id)
    return [str(p) for p in caught.value.problems]


def refused(text: str) -> str:
    with pytest.raises(InputError) as caught:
        read_mapping(text, "organisation.yaml", LISTS)
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


def test_alias_bomb_is_refused_at_the_first_anchor() -> None:
    assert len(ALIAS_BOMB) < 1024
    assert refused(ALIAS_BOMB) == (
        "organisation.yaml:1:4: anchors and aliases (& and *) are not allowed"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: x\nname: *ref\n", "organisation.yaml:2:7: anchors and aliases"),
        ("id: " + "[" * 100_000 + "]" * 100_000 + "\n", "organisation.yaml:1:7: nested deeper"),
        ("id: {a: {b: {c: 1}}}\n", "organisation.yaml:1:10: nested deeper"),
        ("id: a\nname: b\nid: c\n", "organisation.yaml:3:1: duplicate key 'id'"),
        ("id: a\nname: {a: 1}\n", "organisation.yaml:2:7: name must be text, not a mapping"),
        ("id: a\nname: [x, y]\n", "organisation.yaml:2:7: name must be text, not a list"),
        ("id: !!python/object:os.system x\n", "organisation.yaml:1:5: tags such as"),
        ("gdpr_roles: [[controller]]\n", "organisation.yaml:1:15: nested deeper"),
        ("- a\n- b\n", "organisation.yaml:1:1: must be a mapping"),
        ("id: [unclosed\n", "organisation.yaml:2:1:"),
    ],
)
def test_yaml_constructs_are_refused_with_line_and_column(text: str, expected: str) -> None:
    assert refused(text).startswith(expected)


def test_yaml_scalars_are_the_text_as_written() -> None:
    values = read_mapping(
        "id: 0x1F\nname: 2025-03-01\nsector: yes\nentity_types: [on, 1e3]\ngdpr_roles:\n",
        "organisation.yaml",
        LISTS,
    )
    assert values == {
        "id": "0x1F",
        "name": "2025-03-01",
        "sector": "yes",
        "entity_types": "on;1e3",
        "gdpr_roles": "",
    }


def test_hex_id_is_not_read_as_a_number(org_store: EmbeddedStore, folder: Path) -> None:
    yaml_file = folder / "organisation.yaml"
    yaml_file.write_text(
        yaml_file.read_text(encoding="utf-8").replace("id: northwind-bank", "id: 0x1F"),
        encoding="utf-8",
    )
    found = problems(folder, org_store)
    assert any("'0x1F' is not a valid id" in p for p in found), found


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x1b", "\x7f", "\x9b"])
def test_control_characters_are_refused_with_their_cell(
    org_store: EmbeddedStore, folder: Path, char: str
) -> None:
    soa = folder / "soa.csv"
    soa.write_text(
        soa.read_text(encoding="utf-8").replace(
            "A.2.2,yes,implemented,,", f"A.2.2,yes,implemented,bad{char}text,", 1
        ),
        encoding="utf-8",
    )
    assert problems(folder, org_store) == [
        f"{folder / 'soa.csv'}:2:justification: contains the control character "
        f"U+{ord(char):04X}; remove it (only tab and line breaks are allowed)"
    ]
    assert loader.organisations(org_store) == []


def test_tabs_and_line_breaks_stay_allowed_in_free_text(
    org_store: EmbeddedStore, folder: Path
) -> None:
    soa = folder / "soa.csv"
    soa.write_text(
        soa.read_text(encoding="utf-8").replace(
            "A.2.2,yes,implemented,,", 'A.2.2,yes,implemented,"two\r\nlines\tand a tab",', 1
        ),
        encoding="utf-8",
    )
    data, _ = loader.parse(folder, org_store)
    assert data.soa[0].justification == "two\nlines\tand a tab"  # newline-normalised read


@pytest.mark.parametrize("value", ["20250301", "2025-W09-6", "2025-060", "2025-3-1"])
def test_dates_must_be_written_yyyy_mm_dd(
    org_store: EmbeddedStore, folder: Path, value: str
) -> None:
    evidence = folder / "evidence.csv"
    text = evidence.read_text(encoding="utf-8")
    evidence.write_text(text.replace(",2025-03-01,", f",{value},", 1), encoding="utf-8")
    assert problems(folder, org_store) == [
        f"{evidence}:2:issued: {value!r} is not an ISO 8601 date (YYYY-MM-DD)"
    ]
    with pytest.raises(dates.InvalidDateError):
        dates.as_of(value)
    assert dates.as_of("2025-03-01").isoformat() == "2025-03-01"


def test_an_id_with_a_trailing_newline_is_refused(org_store: EmbeddedStore, folder: Path) -> None:
    found = problems(folder, org_store, org_id="acme\n")
    assert found == [
        f"{folder / 'organisation.yaml'}:id: 'acme\\n' is not a valid id: lower-case letters, "
        "digits and '-', at most 63 characters"
    ]
    with pytest.raises(Exception, match="organisation ids"):
        apikeys.create(org_store, "acme\n", "Acme")


def test_duplicate_csv_columns_are_refused(org_store: EmbeddedStore, folder: Path) -> None:
    soa = folder / "soa.csv"
    lines = soa.read_text(encoding="utf-8").splitlines()
    soa.write_text(
        "\n".join([lines[0] + ",owner", *(line + ",Someone Else" for line in lines[1:])]) + "\n",
        encoding="utf-8",
    )
    assert problems(folder, org_store) == [f"{soa}:1:owner: column 'owner' appears more than once"]


def test_the_problem_list_is_capped_and_says_how_many_were_cut(
    org_store: EmbeddedStore, folder: Path
) -> None:
    systems = folder / "ai-systems.csv"
    header = systems.read_text(encoding="utf-8").splitlines()[0]
    empty_cells = "," * header.count(",")  # every column present, all empty but the id
    rows = [f"bad id {n}{empty_cells}" for n in range(1000)]
    systems.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        loader.parse(folder, org_store)
    error = caught.value
    assert len(error.problems) == MAX_PROBLEMS
    assert error.omitted > 3000 - MAX_PROBLEMS  # id, name, stage, role, personal_data per row
    text = str(error)
    assert text.splitlines()[0] == (
        f"{MAX_PROBLEMS + error.omitted} problems in the input; nothing was written"
    )
    assert text.splitlines()[-1] == (
        f"  ... and {error.omitted} more (only the first {MAX_PROBLEMS} shown)"
    )


def test_problems_name_the_label_not_the_server_path(
    org_store: EmbeddedStore, folder: Path
) -> None:
    (folder / "soa.csv").write_text("control\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        loader.parse(folder, org_store, label="")
    files = {p.file for p in caught.value.problems}
    assert files == {"soa.csv"}
