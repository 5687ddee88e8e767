"""``serve``: the HTTP API on the chosen store."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from ..store import embedded
from .options import (
    StoreOption,
    remote_config,
    store_command,
)
from .root import app


@app.command("serve")
@store_command
def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port")] = 8000,
    store: StoreOption = None,
) -> None:
    """Run the HTTP API (OpenAPI at /docs) and the web interface (/ui/) on the chosen
    store."""
    import uvicorn

    from ...api.main import create_app
    from ...api.settings import Settings

    settings = Settings.from_env()
    if store is not None:
        settings = dataclasses.replace(settings, store=store)
    remote = remote_config()
    if remote is not None:
        settings = dataclasses.replace(settings, remote=remote)
    embedded.announce_url(f"http://{host}:{port}")  # named in "store in use" messages
    if settings.remote is None:
        # Open once here, so a store held by another process is one line and exit code 4
        # instead of a traceback from the server's start-up; released before uvicorn opens it.
        embedded.EmbeddedStore(settings.store)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(
        f"aimsgraph: web interface http://{shown}:{port}/ui/, API documentation "
        f"http://{shown}:{port}/docs"
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
