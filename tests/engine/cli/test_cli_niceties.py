"""Smaller CLI points of issue #19 (point 7): `org delete` asks first, help texts without
odd metavars, no half-done `run` command, and "n/a" for an act that does not apply."""

from __future__ import annotations

import datetime as dt
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from aimsgraph.engine.analysis import coverage
from aimsgraph.engine.cli import analysis_cmds, options
from aimsgraph.engine.cli.main import app
from aimsgraph.engine.org import loader, template
from aimsgraph.engine.store import EmbeddedStore
from typer.testing import CliRunner

AIMSGRAPH = str(Path(sys.executable).parent / "aimsgraph")
DAY = dt.date(2026, 12, 6)


def aimsgraph(
    store: Path, *args: str, stdin: int | None = None, text_in: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIMSGRAPH_STORE": str(store), "COLUMNS": "200"}
    process = subprocess.Popen(
        [AIMSGRAPH, *args],
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out.decode(), err.decode())


@pytest.fixture
def client_store(tmp_path: Path, seeded: Callable[[Path], Path]) -> Path:
    """A store of one's own with the catalogs and the template's example organisation."""
    store = seeded(tmp_path / "store")
    template.write_folder(tmp_path / "client")
    result = aimsgraph(store, "org", "import", str(tmp_path / "client"))
    assert result.returncode == 0, result.stderr
    return store


def org_ids(store: Path) -> list[str]:
    result = aimsgraph(store, "org", "list", "--format", "csv")
    assert result.returncode == 0, result.stderr
    return [line.split(",")[0] for line in result.stdout.splitlines()[1:]]


def test_delete_without_a_terminal_or_yes_is_refused(client_store: Path) -> None:
    result = aimsgraph(client_store, "org", "delete", "example-org")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "pass --yes" in result.stderr
    assert org_ids(client_store) == ["example-org"]


def answer(store: Path, reply: bytes) -> subprocess.CompletedProcess[str]:
    """`org delete` on a terminal (a pseudo-terminal) that types ``reply``."""
    leader, follower = pty.openpty()
    try:
        os.write(leader, reply)
        return aimsgraph(store, "org", "delete", "example-org", stdin=follower)
    finally:
        os.close(follower)
        os.close(leader)


def test_delete_asks_and_keeps_the_data_on_no(client_store: Path) -> None:
    result = answer(client_store, b"n\n")
    assert "Delete example-org (Example Organisation Ltd" in result.stdout
    assert result.returncode == 1 and "kept example-org" in result.stdout
    assert org_ids(client_store) == ["example-org"]
    result = answer(client_store, b"y\n")
    assert result.returncode == 0 and "deleted example-org" in result.stdout
    assert org_ids(client_store) == []


def test_delete_with_yes_does_not_ask(client_store: Path) -> None:
    result = aimsgraph(client_store, "org", "delete", "example-org", "--yes")
    assert result.returncode == 0, result.stderr
    assert "Delete " not in result.stdout and org_ids(client_store) == []
    again = aimsgraph(client_store, "org", "delete", "example-org", "--yes")
    assert again.returncode == 3 and "no such organisation" in again.stderr


def _commands(group: Any, path: list[str]) -> list[list[str]]:
    found = [path]
    context = typer.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if hasattr(command, "list_commands"):  # a command group
            found += _commands(command, [*path, name])
        else:
            found.append([*path, name])
    return found


def test_help_texts_have_no_odd_metavars() -> None:
    root = typer.main.get_command(app)
    runner = CliRunner()
    paths = _commands(root, [])
    assert len(paths) > 15
    for path in paths:
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, (path, result.output)
        text = result.output
        assert "<bool>" not in text and "[[" not in text and "]]" not in text, (path, text)
        usage = next(line for line in text.splitlines() if "Usage:" in line)
        arguments = usage.split("[OPTIONS]")[-1].split()
        for argument in arguments:  # ID, SOURCE, [FILE...], COMMAND [ARGS]...: capitals
            name = argument.strip("{}[].")
            assert name == name.upper(), (path, usage)


def test_there_is_no_run_command() -> None:
    """`run` only loaded the catalogs, which is not what `make run` does; it is gone."""
    result = CliRunner().invoke(app, ["run"])
    assert result.exit_code == 2 and "No such command 'run'" in result.output
    assert " run " not in CliRunner().invoke(app, ["--help"]).output


@pytest.fixture
def not_a_bank(tmp_path: Path, org_store: EmbeddedStore) -> coverage.CoverageReport:
    """The template's health-care organisation: no financial entity, so DORA does not apply."""
    template.write_folder(tmp_path / "client")
    loader.import_org(org_store, tmp_path / "client")
    return coverage.coverage(org_store, "example-org", DAY)


def test_an_act_that_does_not_apply_shows_na(not_a_bank: coverage.CoverageReport) -> None:
    dora = next(f for f in not_a_bank.frameworks if f.framework == "dora")
    assert dora.applicable == 0
    with options.console.capture() as captured:
        analysis_cmds.print_coverage(not_a_bank)
    row = next(line for line in captured.get().splitlines() if " dora " in line)
    assert "n/a (does not apply)" in row and "0%" not in row
    applying = next(line for line in captured.get().splitlines() if " gdpr " in line)
    assert "%" in applying and "n/a" not in applying
