"""The drill-down options as a user types them (typer's CliRunner, in process): --system on
coverage/gaps/plan/report, plan --framework, crosswalk --rank, the evidence register, and
the one-line errors of ``main`` for an unknown system or an evidence date after the law
date."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from aimsgraph.engine.cli.main import app, main
from conftest import REPO
from typer.testing import CliRunner

BANK = "northwind-bank"
LAW = "2028-01-15"
TODAY = "2026-12-06"


@pytest.fixture(scope="module")
def store_dir(seeded: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    location = seeded(tmp_path_factory.mktemp("cli-drill") / "store")
    result = CliRunner().invoke(
        app, ["org", "import", str(REPO / "examples" / BANK), "--store", str(location)]
    )
    assert result.exit_code == 0, result.output
    return location


def run(store_dir: Path, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--store", str(store_dir)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, f"{result.output}\n{result.exception!r}"
    return result.stdout


def fails(
    store_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
) -> tuple[int, str]:
    """What ``aimsgraph ARGS`` exits with and prints on stderr (``main``: the console
    script's own error handling)."""
    monkeypatch.setattr(sys, "argv", ["aimsgraph", *args, "--store", str(store_dir)])
    with pytest.raises(SystemExit) as caught:
        main()
    return int(caught.value.code or 0), capsys.readouterr().err


def test_coverage_for_one_system_json_and_table(store_dir: Path) -> None:
    args = ["coverage", "--org", BANK, "--as-of", LAW, "--evidence-date", TODAY]
    report = json.loads(run(store_dir, *args, "--system", "customer-chatbot", "--format", "json"))
    assert report["system"] == "customer-chatbot"
    obligations = [p for f in report["frameworks"] for p in f["provisions"]]
    assert obligations and all(p["systems"] == ["customer-chatbot"] for p in obligations)
    assert "ai-act:art-9-1" not in {p["id"] for p in obligations}
    table = " ".join(run(store_dir, *args, "--system", "customer-chatbot").split())
    assert "obligations through AI system customer-chatbot" in table
    assert "credit-scoring" not in table


def test_coverage_table_splits_system_bound_obligations_per_system(store_dir: Path) -> None:
    out = run(store_dir, "coverage", "--org", BANK, "--as-of", LAW, "--evidence-date", TODAY)
    assert "Per-system statuses of the obligations that apply through AI systems" in out
    rows = {
        tuple(c.strip() for c in line.strip("│ ").split("│"))
        for line in out.splitlines()
        if line.startswith("│ ai-act:art-4 ")
    }
    # one row per system the obligation applies through: system, status, score, org status
    assert {r[1] for r in rows} == {
        "credit-scoring",
        "customer-chatbot",
        "doc-summariser",
        "fraud-detection",
    }
    assert all(r[2] in ("covered", "partial", "uncovered") and r[3].endswith("%") for r in rows)


def test_gaps_and_plan_for_one_system_and_plan_for_one_act(store_dir: Path) -> None:
    found = json.loads(
        run(
            store_dir,
            "gaps",
            "--org",
            BANK,
            "--as-of",
            TODAY,
            "--system",
            "fraud-detection",
            "--format",
            "json",
        )
    )
    assert {g["focus"] for g in found["gaps"]} == {"system/fraud-detection", "evidence/EV-015"}
    steps = json.loads(
        run(
            store_dir,
            "plan",
            "--org",
            BANK,
            "--as-of",
            LAW,
            "--system",
            "credit-scoring",
            "--format",
            "json",
        )
    )
    assert steps["system"] == "credit-scoring"
    assert "EV-024" not in {s["target"] for s in steps["steps"]}  # the chatbot's record
    act = json.loads(
        run(
            store_dir,
            "plan",
            "--org",
            BANK,
            "--as-of",
            LAW,
            "--framework",
            "gdpr",
            "--top",
            "5",
            "--format",
            "json",
        )
    )
    assert act["frameworks"] == ["gdpr"] and 0 < len(act["steps"]) <= 5
    assert all(o.startswith("gdpr:") for s in act["steps"] for o in s["closes"] + s["improves"])
    title = " ".join(
        run(
            store_dir, "plan", "--org", BANK, "--as-of", LAW, "--framework", "gdpr", "--top", "1"
        ).split()
    )
    assert f"Remediation plan for {BANK} (gdpr) on {LAW}" in title


def test_evidence_register_as_table_json_and_csv(store_dir: Path) -> None:
    base = ["evidence", "--org", BANK, "--as-of", TODAY]
    data = json.loads(run(store_dir, *base, "--format", "json"))
    ev9 = next(e for e in data["items"] if e["id"] == "EV-009")
    assert (ev9["days_left"], ev9["status"], ev9["owner"]) == (-96, "expired", "Head of Compliance")
    soon = list(
        csv.DictReader(
            io.StringIO(run(store_dir, *base, "--expiring-within", "30", "--format", "csv"))
        )
    )
    assert {r["id"] for r in soon} == {
        "EV-015",
        "EV-006",
        "EV-009",
        "EV-020",
        "EV-012",
        "EV-017",
        "EV-023",
    }
    assert set(soon[0]) >= {"id", "owner", "valid_until", "days_left", "status", "supports"}
    assert [int(r["days_left"]) for r in soon] == sorted(int(r["days_left"]) for r in soon)
    table = " ".join(run(store_dir, *base, "--system", "customer-chatbot").split())
    assert "EV-024" in table and "EV-009" not in table and "AI system customer-chatbot" in table


def test_crosswalk_rank_with_and_without_an_organisation(store_dir: Path) -> None:
    general = json.loads(run(store_dir, "crosswalk", "ai-act:art-26", "--rank", "--format", "json"))
    assert general["elements"][0]["element"] == "iso42001:A.9.4"  # superset-of, strength 9
    assert general["organisation"] is None and "full links first" in general["rule"]
    table = " ".join(
        run(
            store_dir, "crosswalk", "gdpr:art-32", "--rank", "--org", BANK, "--as-of", TODAY
        ).split()
    )
    assert f"ranked for gdpr:art-32 for {BANK} on {TODAY}" in table
    assert "Ranking rule: elements reaching at least one" in table


def test_report_for_one_system(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    run(
        store_dir,
        "report",
        "--org",
        BANK,
        "--as-of",
        TODAY,
        "--system",
        "credit-scoring",
        "--out",
        str(out),
    )
    html = out.read_text(encoding="utf-8")
    assert "This report is limited to AI system credit-scoring" in html
    assert "<h3>Retail credit scoring model (credit-scoring)</h3>" in html
    assert "(customer-chatbot)</h3>" not in html


def test_unknown_system_is_one_line_exit_2_and_writes_nothing(
    store_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    out = tmp_path / "r.html"
    for args in (
        ["coverage", "--org", BANK, "--system", "credit-scorin"],
        ["gaps", "--org", BANK, "--system", "credit-scorin"],
        ["plan", "--org", BANK, "--system", "credit-scorin"],
        ["evidence", "--org", BANK, "--system", "credit-scorin"],
        ["report", "--org", BANK, "--system", "credit-scorin", "--out", str(out)],
    ):
        code, err = fails(store_dir, monkeypatch, capsys, *args)
        assert code == 2, (args, err)
        assert err.strip().count("\n") == 0
        assert "unknown AI system 'credit-scorin'" in err and "did you mean 'credit-scoring'" in err
    assert not out.exists()


def test_an_evidence_date_after_the_law_date_is_one_line_exit_2(
    store_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    out = tmp_path / "r.html"
    for args in (
        ["coverage", "--org", BANK, "--as-of", TODAY, "--evidence-date", "2027-01-01"],
        [
            "report",
            "--org",
            BANK,
            "--as-of",
            TODAY,
            "--evidence-date",
            "2027-01-01",
            "--out",
            str(out),
        ],
    ):
        code, err = fails(store_dir, monkeypatch, capsys, *args)
        assert code == 2 and err.strip().count("\n") == 0
        assert "evidence date 2027-01-01 is after the law date 2026-12-06" in err
    assert not out.exists()
