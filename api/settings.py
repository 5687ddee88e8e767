"""Service settings, read from the environment once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from aimsgraph.engine.store.remote_config import RemoteConfig


@dataclass(frozen=True)
class Settings:
    """What an operator can configure (all optional)."""

    store: Path | None = None
    remote: RemoteConfig | None = None
    admin_key: str | None = None
    max_body_bytes: int = 10 * 1024 * 1024
    sparql_max_rows: int = 10_000
    sparql_timeout_s: float = 30.0
    sparql_workers: int = 4
    sparql_per_client: int = 2
    auth_max_failures: int = 10
    auth_window_s: float = 60.0
    cors_origins: list[str] = field(default_factory=list)

    @classmethod
    def from_env(cls) -> Settings:
        """``AIMSGRAPH_STORE``, ``AIMSGRAPH_ADMIN_KEY``, ``AIMSGRAPH_MAX_BODY``,
        ``AIMSGRAPH_SPARQL_MAX_ROWS``, ``AIMSGRAPH_SPARQL_TIMEOUT``,
        ``AIMSGRAPH_SPARQL_WORKERS`` (query processes), ``AIMSGRAPH_SPARQL_PER_CLIENT``
        (queries in flight per key or address), ``AIMSGRAPH_AUTH_MAX_FAILURES`` and
        ``AIMSGRAPH_AUTH_WINDOW`` (wrong keys per address per window before 429),
        ``AIMSGRAPH_CORS_ORIGINS`` (comma-separated; empty: CORS off), and a remote store's
        ``AIMSGRAPH_SPARQL_QUERY`` etc. (``engine/remote_config.py``)."""
        env = os.environ
        origins = [o.strip() for o in env.get("AIMSGRAPH_CORS_ORIGINS", "").split(",") if o.strip()]
        return cls(
            store=Path(env["AIMSGRAPH_STORE"]) if env.get("AIMSGRAPH_STORE") else None,
            remote=RemoteConfig.resolve(env=env),
            admin_key=env.get("AIMSGRAPH_ADMIN_KEY") or None,
            max_body_bytes=int(env.get("AIMSGRAPH_MAX_BODY", 10 * 1024 * 1024)),
            sparql_max_rows=int(env.get("AIMSGRAPH_SPARQL_MAX_ROWS", 10_000)),
            sparql_timeout_s=float(env.get("AIMSGRAPH_SPARQL_TIMEOUT", 30)),
            sparql_workers=int(env.get("AIMSGRAPH_SPARQL_WORKERS", 4)),
            sparql_per_client=int(env.get("AIMSGRAPH_SPARQL_PER_CLIENT", 2)),
            auth_max_failures=int(env.get("AIMSGRAPH_AUTH_MAX_FAILURES", 10)),
            auth_window_s=float(env.get("AIMSGRAPH_AUTH_WINDOW", 60)),
            cors_origins=origins,
        )
