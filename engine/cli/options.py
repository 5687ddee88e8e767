"""What every command shares: consoles, the common options, the remote-store flags and
opening the chosen store."""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import sys
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, cast

import typer
from rich.console import Console

from .. import dates
from ..present.render import Format
from ..store import EmbeddedStore, Store, default_location
from ..store.backends import open_store
from ..store.remote_config import ENV_GRAPH_STORE, ENV_QUERY, ENV_UPDATE, RemoteConfig

# Pipes and CI logs get a wide table instead of rich's 80-column default. No emoji codes:
# user text such as ":id:" must print as written.
console = Console(width=None if sys.stdout.isatty() else 160, emoji=False)
errors = Console(stderr=True, width=None if sys.stderr.isatty() else 160, emoji=False)

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        envvar="AIMSGRAPH_STORE",
        help="Directory of the embedded store (default: the user data directory).",
        show_default=False,
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


_REMOTE_FLAGS = {
    "sparql_query": (
        "--sparql-query",
        ENV_QUERY,
        "SPARQL 1.1 query endpoint of a triple-store server (instead of the embedded store).",
    ),
    "sparql_update": ("--sparql-update", ENV_UPDATE, "SPARQL 1.1 update endpoint (for writes)."),
    "graph_store": (
        "--graph-store",
        ENV_GRAPH_STORE,
        "Graph Store HTTP Protocol endpoint (bulk loads; else UPDATE in batches).",
    ),
}
_remote_flags: ContextVar[dict[str, str | None] | None] = ContextVar("remote_flags", default=None)


def store_command(func: Callable[..., None]) -> Callable[..., None]:
    """Give a command the remote-store flags next to ``--store``. The flags (or the same
    settings from the environment, see ``remote_config.py``) select a SPARQL server."""
    signature = inspect.signature(func, eval_str=True)
    extra = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None,
                typer.Option(flag, envvar=env, help=text, show_default=False, metavar="URL"),
            ],
        )
        for name, (flag, env, text) in _REMOTE_FLAGS.items()
    ]

    @functools.wraps(func)
    def command(*args: object, **kwargs: object) -> None:
        flags = {name: cast(str | None, kwargs.pop(name, None)) for name in _REMOTE_FLAGS}
        token = _remote_flags.set(flags)
        try:
            func(*args, **kwargs)
        finally:
            _remote_flags.reset(token)

    command.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *extra]
    )
    command.__annotations__ = {
        **func.__annotations__,
        **{p.name: p.annotation for p in extra},
    }
    return command


def remote_config() -> RemoteConfig | None:
    """The SPARQL server chosen by this command's flags or the environment, if any."""
    flags = _remote_flags.get() or {}
    return RemoteConfig.resolve(
        flags.get("sparql_query"), flags.get("sparql_update"), flags.get("graph_store")
    )


def open_db(store: Path | None, *, read_only: bool = False) -> Store:
    """The store a command works on: the configured server, else the embedded directory."""
    remote = remote_config()
    if remote is not None:
        return open_store(remote=remote)
    location = store or default_location()
    if read_only and not location.exists():
        return EmbeddedStore(location)  # created empty, so the "run store init" error shows
    return EmbeddedStore(location, read_only=read_only)


def parse_as_of(value: str | None) -> dt.date:
    """``--as-of`` as a date (today when absent); a malformed date is a clean error."""
    return dates.as_of(value, "--as-of")


def parse_evidence_date(value: str | None, law_date: dt.date) -> dt.date:
    """``--evidence-date`` as a date (the law date when absent); a malformed one, or one
    after the law date, is a clean error."""
    day = dates.as_of(value, "--evidence-date") if value else law_date
    dates.check_evidence_date(day, law_date)
    return day


EvidenceDateOption = Annotated[
    str | None,
    typer.Option(
        "--evidence-date",
        help="Date evidence validity is judged on, YYYY-MM-DD (default: the --as-of date). "
        "It may be earlier than --as-of (what-if: the law on a future date, evidence as it "
        "stands today), never later: evidence judged after the law date mixes a later "
        "evidence state with an earlier state of the law, so move --as-of too.",
    ),
]
SystemOption = Annotated[
    str | None,
    typer.Option(
        "--system",
        help="Only what concerns this AI system (its id): the obligations that apply "
        "through it, judged for it.",
    ),
]
IncludeDraftOption = Annotated[
    bool, typer.Option("--include-draft", help="Count draft (unreviewed) mapping rows too.")
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Analysis date, YYYY-MM-DD (default: today).")
]
OrgOption = Annotated[str, typer.Option("--org", help="Organisation id.")]
