"""The root ``aimsgraph`` Typer application and its command groups (commands register
themselves on these from the ``*_cmds`` modules)."""

from __future__ import annotations

from typing import Annotated

import typer

from ... import __version__
from .options import console

app = typer.Typer(
    name="aimsgraph",
    help="Knowledge-graph regulatory mapping: ISO/IEC 42001 to the EU AI Act, GDPR, DORA, NIS2.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
store_app = typer.Typer(help="Create and inspect the embedded store.", no_args_is_help=True)
catalog_app = typer.Typer(help="Browse the framework catalogs.", no_args_is_help=True)
org_app = typer.Typer(help="Import, list and delete organisations.", no_args_is_help=True)
mappings_app = typer.Typer(help="Validate and summarise the mapping sets.", no_args_is_help=True)
app.add_typer(store_app, name="store")
app.add_typer(catalog_app, name="catalog")
app.add_typer(mappings_app, name="mappings")
app.add_typer(org_app, name="org")


def _version(value: bool) -> None:
    if value:
        console.print(f"aimsgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """aimsgraph: ISO/IEC 42001 mapped to EU law, with gap analysis and coverage."""
