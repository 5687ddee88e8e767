"""``mcp``: the Model Context Protocol server for AI assistants, read-only, on the store."""

from __future__ import annotations

from typing import Annotated

import typer

from .options import StoreOption, open_db, store_command
from .root import app


@app.command("mcp")
@store_command
def mcp_command(
    http: Annotated[
        bool, typer.Option("--http", help="Streamable HTTP on --host/--port instead of stdio.")
    ] = False,
    host: Annotated[str, typer.Option("--host", help="Loopback address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port (with --http)")] = 8765,
    store: StoreOption = None,
) -> None:
    """Serve the MCP tools (search_provisions, provision, crosswalk, applicability, coverage,
    gaps, plan) and the catalog and mapping-set resources, read-only."""
    from ..mcp import server

    if http:
        server.check_loopback(host)  # before opening anything
    db = open_db(store, read_only=True)
    server.run(db, "streamable-http" if http else "stdio", host, port)
