"""The aimsgraph command as a user runs it (a real subprocess on the installed package)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# The console script installed next to the interpreter running the tests.
AIMSGRAPH = str(Path(sys.executable).parent / "aimsgraph")


def aimsgraph(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIMSGRAPH_STORE": str(store), "COLUMNS": "200"}
    return subprocess.run([AIMSGRAPH, *args], capture_output=True, text=True, env=env, check=False)


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    location = tmp_path_factory.mktemp("cli") / "store"
    result = aimsgraph(location, "store", "init")
    assert result.returncode == 0, result.stderr
    return location


def test_catalog_list_json(cli_store: Path) -> None:
    result = aimsgraph(
        cli_store,
        "catalog",
        "list",
        "--framework",
        "ai-act",
        "--level",
        "paragraph",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    by_id = {item["id"]: item for item in items}
    point = by_id["ai-act:art-9-2-a"]
    assert point["parent"] == "ai-act:art-9-2"
    assert point["kind"] == "point"
    assert point["iri"] == "https://w3id.org/aimsgraph/eu/ai-act/art-9-2-a"
    assert point["notation"] == "Art. 9(2)(a)"
    assert set(point) >= {"id", "iri", "notation", "title", "parent", "kind"}


def test_catalog_list_csv_has_a_header(cli_store: Path) -> None:
    result = aimsgraph(cli_store, "catalog", "list", "--framework", "iso42001", "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0] == "id,notation,title,parent,kind,iri"
    assert any(line.startswith("iso42001:A.6.2.4,A.6.2.4,") for line in lines)


def test_catalog_frameworks_json(cli_store: Path) -> None:
    result = aimsgraph(cli_store, "catalog", "frameworks", "--format", "json")
    keys = [f["key"] for f in json.loads(result.stdout)]
    assert keys == ["iso42001", "ai-act", "gdpr", "dora", "nis2"]


def test_catalog_show_json_and_table(cli_store: Path) -> None:
    result = aimsgraph(cli_store, "catalog", "show", "gdpr:art-35", "--format", "json")
    detail = json.loads(result.stdout)
    assert detail["title"] == "Data protection impact assessment"
    assert detail["eli"] == "http://data.europa.eu/eli/reg/2016/679/oj"
    assert [c["id"] for c in detail["children"]][:2] == ["gdpr:art-35-1", "gdpr:art-35-2"]
    table = aimsgraph(cli_store, "catalog", "show", "gdpr:art-35")
    assert "Data protection impact assessment" in table.stdout
    assert "controller" in table.stdout


def test_unknown_id_exits_non_zero_with_one_clear_line(cli_store: Path) -> None:
    result = aimsgraph(cli_store, "catalog", "show", "gdpr:art-350")
    assert result.returncode == 3
    assert "unknown id 'gdpr:art-350'" in result.stderr
    assert "Traceback" not in result.stderr


def test_uninitialised_store_says_what_to_do(tmp_path: Path) -> None:
    result = aimsgraph(tmp_path / "empty", "catalog", "frameworks")
    assert result.returncode != 0
    assert "aimsgraph store init" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_passes_on_the_shipped_catalogs(cli_store: Path) -> None:
    result = aimsgraph(cli_store, "check", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "northwind-bank"


@pytest.fixture(scope="module")
def bank_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    location = tmp_path_factory.mktemp("bank") / "store"
    result = aimsgraph(location, "org", "import", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    assert "imported northwind-bank: 4 AI systems" in result.stdout
    return location


def test_coverage_json_shape(bank_store: Path) -> None:
    result = aimsgraph(
        bank_store,
        "coverage",
        "--org",
        "northwind-bank",
        "--as-of",
        "2026-11-23",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) >= {"organisation", "as_of", "frameworks"}
    fw = report["frameworks"][0]
    assert set(fw) >= {
        "framework",
        "applicable",
        "covered",
        "partial",
        "uncovered",
        "not_addressed",
        "not_analysed",
        "score",
        "score_before",
        "provisions",
    }
    assert set(report) >= {"evidence_date", "include_draft", "draft_changes", "changes"}
    assert "unmapped" not in result.stdout
    provision = next(p for f in report["frameworks"] for p in f["provisions"] if p["via"])
    assert set(provision) >= {"id", "title", "status", "score", "via"}
    assert set(provision["via"][0]) >= {"control", "relationship", "strength", "evidence"}


def test_coverage_table_shows_the_what_if_and_both_dates(bank_store: Path) -> None:
    result = aimsgraph(
        bank_store,
        "coverage",
        "--org",
        "northwind-bank",
        "--as-of",
        "2028-01-15",
        "--evidence-date",
        "2026-12-06",
        "--assume-implemented",
        "A.9.3",
    )
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())  # titles wrap
    assert "assuming implemented: iso42001:A.9.3" in out
    assert "law date 2028-01-15, evidence valid on 2026-12-06" in out
    assert "not-addressed" in out and "not-analysed" in out and "unmapped" not in out
    assert "support score" in out and " -> " in out  # before -> after per act
    assert "statuses change under the assumption" in out
    assert "no presumption of conformity with the AI Act" in out


def test_a_malformed_evidence_date_is_one_line_exit_2(bank_store: Path) -> None:
    result = aimsgraph(
        bank_store, "coverage", "--org", "northwind-bank", "--evidence-date", "2026-12-6"
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "--evidence-date" in result.stderr and "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_gaps_json_shape_and_engines_agree(bank_store: Path) -> None:
    outputs = [
        json.loads(
            aimsgraph(
                bank_store,
                "gaps",
                "--org",
                "northwind-bank",
                "--as-of",
                "2026-11-23",
                "--engine",
                engine,
                "--format",
                "json",
            ).stdout
        )
        for engine in ("fast", "reference")
    ]
    assert outputs[0] == outputs[1]
    gap = outputs[0]["gaps"][0]
    assert set(gap) == {"kind", "severity", "focus", "provisions", "message", "shape"}


def test_plan_json(bank_store: Path) -> None:
    result = aimsgraph(
        bank_store,
        "plan",
        "--org",
        "northwind-bank",
        "--as-of",
        "2026-11-23",
        "--top",
        "3",
        "--format",
        "json",
    )
    plan = json.loads(result.stdout)
    assert len(plan["steps"]) == 3
    assert plan["steps"][0]["rank"] == 1 and plan["steps"][0]["gain"] > 0


def test_bad_import_exits_with_located_errors_and_changes_nothing(
    bank_store: Path, tmp_path: Path
) -> None:
    import shutil

    folder = tmp_path / "bad"
    shutil.copytree(EXAMPLE, folder)
    text = (folder / "soa.csv").read_text(encoding="utf-8")
    (folder / "soa.csv").write_text(text.replace("A.6.2.4,yes", "A.6.2.4,perhaps"), "utf-8")
    before = aimsgraph(bank_store, "org", "list", "--format", "json").stdout
    result = aimsgraph(bank_store, "org", "import", str(folder))
    assert result.returncode == 5
    assert "soa.csv:20:included: 'perhaps' is not allowed; allowed: yes, no" in result.stderr
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert aimsgraph(bank_store, "org", "list", "--format", "json").stdout == before


def test_unknown_org_is_one_clear_line(bank_store: Path) -> None:
    result = aimsgraph(bank_store, "gaps", "--org", "nobody")
    assert result.returncode == 3
    assert "no such organisation" in result.stderr and "Traceback" not in result.stderr


def test_analyse_prints_coverage_gaps_and_plan(tmp_path: Path) -> None:
    result = aimsgraph(
        tmp_path / "store", "analyse", str(EXAMPLE), "--as-of", "2026-11-23", "--top", "3"
    )
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())  # titles wrap
    for expected in (
        "Support of each act by the AIMS of northwind-bank (law date 2026-11-23",
        "Top gaps",
        "Remediation plan for northwind-bank on 2026-11-23: support score",
    ):
        assert expected in out


def test_applicability_for_the_example_bank(bank_store: Path) -> None:
    """Per paragraph, with the systems it applies through and the provision deciding it."""
    result = aimsgraph(
        bank_store, "applicability", "--org", "northwind-bank", "--as-of", "2028-01-15",
        "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    by_id = {d["id"]: d for d in report["decisions"]}
    # the bank provides and deploys its own Annex III 5(b) credit model: both roles count
    assert by_id["ai-act:art-16-a"]["systems"] == ["credit-scoring"]
    assert by_id["ai-act:art-26-1"]["systems"] == ["credit-scoring"]
    # FRIA: a deployer of an Annex III 5(b) system, though a private bank
    assert by_id["ai-act:art-27-1"]["applicable"] is True
    # authority duties are listed, never the bank's
    assert by_id["gdpr:art-35-4"]["outcome"] == "authority"
    # DORA displaces NIS2 for a financial entity, and the reason says so
    assert by_id["nis2:art-21-2-a"]["applicable"] is False
    assert "DORA" in by_id["nis2:art-21-2-a"]["reason"]
    counts = {f["framework"]: f for f in report["frameworks"]}
    # only NIS2 Art. 3(4)(a)-(d), the registration information, is left for the bank
    assert counts["nis2"]["applicable"] == 4 and counts["gdpr"]["applicable"] > 0
    assert by_id["nis2:art-3-4-a"]["applicable"] is True
    table = aimsgraph(
        bank_store, "applicability", "--org", "northwind-bank", "--system", "customer-chatbot",
        "--as-of", "2028-01-15", "--applicable",
    )  # fmt: skip
    assert table.returncode == 0, table.stderr
    assert "through customer-chatbot" in table.stdout


def test_applicability_bad_input_is_one_line(bank_store: Path) -> None:
    unknown = aimsgraph(
        bank_store, "applicability", "--org", "northwind-bank", "--system", "no-such-system"
    )
    assert unknown.returncode != 0
    assert "no-such-system" in unknown.stderr and "credit-scoring" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    bad_date = aimsgraph(
        bank_store, "applicability", "--org", "northwind-bank", "--as-of", "2028-13-01"
    )
    assert bad_date.returncode == 2 and "Traceback" not in bad_date.stderr


def test_mappings_stats_counts_and_lists_unanswered_provisions(cli_store: Path) -> None:
    result = aimsgraph(cli_store, "mappings", "stats", "--format", "json")
    assert result.returncode == 0, result.stderr
    stats = {s["name"]: s for s in json.loads(result.stdout)}
    listed = aimsgraph(cli_store, "mappings", "stats", "--unanswered", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    items = json.loads(listed.stdout)
    for name, s in stats.items():
        assert s["binding"] > 0
        mine = [i for i in items if i["set"] == name]
        assert len(mine) == len(s["unanswered"]) + len(s["draft_only"])
        assert all(i["notation"].startswith("Art.") and i["addressees"] for i in mine)


def test_mappings_qc_lists_differences_and_exits_zero(cli_store: Path) -> None:
    result = aimsgraph(cli_store, "mappings", "qc", "--format", "json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    kinds = {"relationship", "strength", "only-a", "only-b"}
    assert all(d["kind"] in kinds and d["element"].startswith("iso42001:") for d in found)
    assert all(d["member_a"] != d["member_b"] for d in found)
