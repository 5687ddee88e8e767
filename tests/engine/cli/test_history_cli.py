"""``aimsgraph history`` and ``compare`` as a user runs them: analyse the example, renew one
evidence row in a copy, analyse again, compare (issue #19, point 4)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from test_cli import aimsgraph

EXAMPLE = REPO / "examples" / "northwind-bank"


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A store where the bank was analysed twice (the second time with EV-006 renewed) and
    another organisation once: the store and the bank's two ids."""
    root = tmp_path_factory.mktemp("history-cli")
    store = root / "store"
    copy = root / "northwind-bank"
    shutil.copytree(EXAMPLE, copy)
    first = aimsgraph(store, "analyse", str(copy), "--as-of", "2026-12-06")
    assert first.returncode == 0, first.stderr
    evidence = copy / "evidence.csv"
    evidence.write_text(evidence.read_text().replace("2026-07-15", "2028-07-15"))
    second = aimsgraph(store, "analyse", str(copy), "--as-of", "2026-12-06")
    assert second.returncode == 0, second.stderr
    other = aimsgraph(store, "analyse", str(EXAMPLE), "--org", "other-bank")
    assert other.returncode == 0, other.stderr
    listed = aimsgraph(store, "history", "--org", "northwind-bank", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    ids = [r["id"] for r in json.loads(listed.stdout)]
    assert f"Recorded as analysis {ids[1]}" in " ".join(second.stdout.split())
    return store, ids


def test_history_lists_each_analyse_with_its_id(analysed: tuple[Path, list[str]]) -> None:
    store, ids = analysed
    assert len(ids) == 2 and all(i.startswith("a-2") for i in ids)
    table = aimsgraph(store, "history", "--org", "northwind-bank")
    assert table.returncode == 0 and all(i in table.stdout for i in ids)
    assert "2026-12-06" in table.stdout
    others = json.loads(aimsgraph(store, "history", "--org", "other-bank", "-f", "json").stdout)
    assert len(others) == 1 and others[0]["id"] not in ids


def test_compare_says_what_moved_and_why(analysed: tuple[Path, list[str]]) -> None:
    store, (first, second) = analysed
    result = aimsgraph(
        store, "compare", "--org", "northwind-bank", "--from", first, "--to", second, "-f", "json"
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["input_changed"] is True and found["law_or_mappings_changed"] is False
    assert found["changes"] and {c["before"] for c in found["changes"]} == {"uncovered"}
    assert ("evidence-expired", "evidence/EV-006") in {
        (g["kind"], g["focus"]) for g in found["gaps_closed"]
    }
    table = aimsgraph(store, "compare", "--org", "northwind-bank", "--from", first, "--to", second)
    assert "the input data changed" in table.stdout and "gaps closed" in table.stdout


def test_unknown_or_other_organisations_ids_exit_2(analysed: tuple[Path, list[str]]) -> None:
    store, (first, _) = analysed
    unknown = aimsgraph(store, "compare", "--org", "northwind-bank", "--from", first, "--to", "x")
    assert unknown.returncode == 2
    assert unknown.stderr.strip().startswith("error: unknown id 'x'")
    assert len(unknown.stderr.strip().splitlines()) == 1
    theirs = aimsgraph(store, "compare", "--org", "other-bank", "--from", first, "--to", first)
    assert theirs.returncode == 2 and "no analysis with this id for other-bank" in theirs.stderr


def test_report_since_adds_the_changes_or_fails_cleanly(
    analysed: tuple[Path, list[str]], tmp_path: Path
) -> None:
    store, (first, _) = analysed
    out = tmp_path / "report.html"
    made = aimsgraph(
        store, "report", "--org", "northwind-bank", "--out", str(out), "--since", first
    )
    assert made.returncode == 0, made.stderr
    assert f"Changes since analysis {first}" in out.read_text(encoding="utf-8")
    missing = tmp_path / "missing.html"
    bad = aimsgraph(store, "report", "--org", "other-bank", "--out", str(missing), "--since", first)
    assert bad.returncode == 2 and "no analysis with this id" in bad.stderr
    assert not missing.exists()
