"""Read the engine's SPARQL files (``queries/*.rq`` for queries, ``*.ru`` for updates)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def load(name: str) -> str:
    """The text of ``queries/<name>.rq`` (cached: files are read once per process)."""
    return files("aimsgraph.engine.queries").joinpath(f"{name}.rq").read_text(encoding="utf-8")


@cache
def load_update(name: str) -> str:
    """The text of the SPARQL Update ``queries/<name>.ru``."""
    return files("aimsgraph.engine.queries").joinpath(f"{name}.ru").read_text(encoding="utf-8")
