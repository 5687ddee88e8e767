"""Console entry point of ``aimsgraph``: registers every command group, turns user errors
into one clear line and a non-zero exit."""

from __future__ import annotations

import sys

from ..errors import AimsgraphError
from . import (  # noqa: F401  (imported for their commands)
    analysis_cmds,
    applicability_cmds,
    catalog_cmds,
    history_cmds,
    mapping_cmds,
    mcp_cmds,
    org_cmds,
    report_cmds,
    serve_cmds,
    store_cmds,
)
from .options import errors
from .root import app

__all__ = ["app", "main"]


def main() -> None:
    """Console entry point: user errors become one clear line and a non-zero exit."""
    try:
        app()
    except AimsgraphError as error:
        errors.print(f"error: {error}", markup=False, highlight=False, style="red", soft_wrap=True)
        sys.exit(error.exit_code)
