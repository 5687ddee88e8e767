"""Where the remote SPARQL 1.1 server is and how to authenticate: flags, then environment.

Credentials come only from the environment (``AIMSGRAPH_SPARQL_USER`` and
``AIMSGRAPH_SPARQL_PASSWORD``, or ``AIMSGRAPH_SPARQL_TOKEN``), never from the command line,
where other users of the machine and shell histories would see them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..errors import StoreError

ENV_QUERY = "AIMSGRAPH_SPARQL_QUERY"
ENV_UPDATE = "AIMSGRAPH_SPARQL_UPDATE"
ENV_GRAPH_STORE = "AIMSGRAPH_GRAPH_STORE"
ENV_USER = "AIMSGRAPH_SPARQL_USER"
ENV_PASSWORD = "AIMSGRAPH_SPARQL_PASSWORD"
ENV_TOKEN = "AIMSGRAPH_SPARQL_TOKEN"
ENV_TIMEOUT = "AIMSGRAPH_SPARQL_HTTP_TIMEOUT"


@dataclass(frozen=True)
class RemoteConfig:
    """Endpoints of one SPARQL 1.1 server (query is required; update for writes; the graph
    store for bulk loads, else loads go through UPDATE in batches)."""

    query: str
    update: str | None = None
    graph_store: str | None = None
    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    timeout_s: float = 300.0

    @classmethod
    def resolve(
        cls,
        query: str | None = None,
        update: str | None = None,
        graph_store: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> RemoteConfig | None:
        """Flags win over the environment; ``None`` when no query endpoint is configured
        (the embedded store is used)."""
        env = os.environ if env is None else env
        query = query or env.get(ENV_QUERY) or None
        update = update or env.get(ENV_UPDATE) or None
        graph_store = graph_store or env.get(ENV_GRAPH_STORE) or None
        if query is None:
            if update or graph_store:
                raise StoreError(
                    f"a SPARQL update or graph store endpoint needs a query endpoint too "
                    f"(--sparql-query or {ENV_QUERY})"
                )
            return None
        for name, url in (("query", query), ("update", update), ("graph store", graph_store)):
            if url is not None:
                _check_url(name, url)
        token = env.get(ENV_TOKEN) or None
        user = env.get(ENV_USER) or None
        if token and user:
            raise StoreError(f"set either {ENV_TOKEN} or {ENV_USER}/{ENV_PASSWORD}, not both")
        try:
            timeout = float(env.get(ENV_TIMEOUT, "300"))
        except ValueError:
            raise StoreError(f"{ENV_TIMEOUT} must be a number of seconds") from None
        return cls(
            query=query,
            update=update,
            graph_store=graph_store,
            user=user,
            password=env.get(ENV_PASSWORD),
            token=token,
            timeout_s=timeout,
        )


def _check_url(name: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"the SPARQL {name} endpoint must be an http(s) URL, not {url!r}")
    if parts.username or parts.password:
        raise StoreError(
            f"put credentials in {ENV_USER}/{ENV_PASSWORD}, not in the {name} endpoint URL"
        )
