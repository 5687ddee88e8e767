"""The MCP server: the tools of :mod:`tools` and resources for catalogs and mapping sets,
over stdio or streamable HTTP on the loopback interface.

Every tool is read-only (annotated so) and publishes an input schema (from its parameters)
and an output schema (from its return type); an engine error becomes a tool error with the
engine's one-line message.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any, Literal, ParamSpec, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp_types import ToolAnnotations
from pydantic import Field

from ... import __version__
from ..analysis.applicability import ApplicabilityReport
from ..analysis.compare import Comparison
from ..analysis.coverage import CoverageReport
from ..analysis.gaps import GapReport
from ..analysis.plan import Plan
from ..errors import AimsgraphError
from ..law import catalog
from ..models import ProvisionDetail
from ..store import Store, datasets
from . import tools
from .tools import (
    AnalysisHistory,
    CrosswalkAnswer,
    EuFramework,
    Framework,
    Level,
    ProvisionMatches,
)

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False)
INSTRUCTIONS = (
    "aimsgraph maps ISO/IEC 42001 to the EU AI Act, GDPR, DORA and NIS2. Provision ids look "
    "like 'ai-act:art-9-2-a', 'gdpr:art-35', 'iso42001:A.6.2.8'. Use search_provisions to find "
    "ids, provision for the text, crosswalk for mappings; applicability, coverage, gaps and "
    "plan analyse an organisation of this store on a date (YYYY-MM-DD, default today); "
    "history lists its recorded analyses and compare says what changed between two."
)
OrgId = Annotated[str, Field(description="organisation id in this store, e.g. northwind-bank")]
AsOf = Annotated[
    str | None, Field(description="law date YYYY-MM-DD (default: today)", examples=["2026-11-23"])
]
ProvisionId = Annotated[
    str, Field(description="short provision id", examples=["ai-act:art-9-2-a", "iso42001:A.6.2.8"])
]


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def build(store: Store) -> MCPServer:
    """The server's tools and resources, bound to ``store``."""
    server = MCPServer(
        "aimsgraph", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING"
    )

    def tool(title: str) -> Callable[[F], F]:
        return server.tool(title=title, annotations=READ_ONLY, structured_output=True)

    @tool("Search provisions")
    def search_provisions(
        query: Annotated[
            str, Field(description="text in the number or heading", examples=["risk"])
        ],
        framework: Annotated[Framework | None, Field(description="only this framework")] = None,
        level: Annotated[Level, Field(description="article, paragraph or all")] = "all",
        limit: Annotated[int, Field(ge=1, le=200, description="at most this many")] = 25,
    ) -> ProvisionMatches:
        """Find provisions of ISO/IEC 42001, the AI Act, GDPR, DORA or NIS2 by number or
        heading text."""
        return _run(tools.search_provisions, store, query, framework, level, limit)

    @tool("Provision")
    def provision(provision_id: ProvisionId) -> ProvisionDetail:
        """One provision: official text, heading, parents and children, who it binds and
        from when, amendments."""
        return _run(tools.provision, store, provision_id)

    @tool("Crosswalk")
    def crosswalk(
        provision_id: ProvisionId,
        to: Annotated[Framework | None, Field(description="only links to this framework")] = None,
        transitive: Annotated[bool, Field(description="compose links through ISO")] = False,
    ) -> CrosswalkAnswer:
        """Typed mappings (relationship, strength, rationale, status) from an ISO/IEC 42001
        element to the EU acts, or from an obligation back to ISO."""
        return _run(tools.crosswalk, store, provision_id, to, transitive)

    @tool("Applicability")
    def applicability(
        org: OrgId,
        as_of: AsOf = None,
        framework: Annotated[EuFramework | None, Field(description="one act only")] = None,
        system: Annotated[str | None, Field(description="through this AI system only")] = None,
    ) -> ApplicabilityReport:
        """Which provisions of the EU acts bind the organisation on the date, through which
        AI systems, and the provision that decides it."""
        return _run(tools.applicability, store, org, as_of, framework, system)

    @tool("Coverage")
    def coverage(
        org: OrgId,
        as_of: AsOf = None,
        framework: Annotated[EuFramework | None, Field(description="one act only")] = None,
        assume_implemented: Annotated[
            list[str] | None, Field(description="ISO controls to treat as implemented (what-if)")
        ] = None,
        system: Annotated[
            str | None, Field(description="only obligations through this AI system")
        ] = None,
    ) -> CoverageReport:
        """How far the organisation's ISO/IEC 42001 controls support each applicable EU act:
        covered, partial, uncovered, not-addressed or not-analysed per obligation, with the
        reasons."""
        return _run(tools.coverage, store, org, as_of, framework, assume_implemented, system)

    @tool("Gaps")
    def gaps(org: OrgId, as_of: AsOf = None) -> GapReport:
        """The organisation's gaps (missing owners, evidence, SoA decisions...), most severe
        first, with the provisions concerned."""
        return _run(tools.gaps, store, org, as_of)

    @tool("Plan")
    def plan(
        org: OrgId,
        as_of: AsOf = None,
        top: Annotated[int | None, Field(ge=1, description="only the first steps")] = None,
    ) -> Plan:
        """The remediation plan: which controls to implement first for the largest coverage
        gain."""
        return _run(tools.plan, store, org, as_of, top)

    @tool("History")
    def history(org: OrgId) -> AnalysisHistory:
        """The organisation's recorded analyses, oldest first: dates, versions of the law and
        mappings, scores and open gaps of each."""
        return _run(tools.history, store, org)

    @tool("Compare")
    def compare(
        org: OrgId,
        from_id: Annotated[str, Field(description="the earlier analysis id (from history)")],
        to_id: Annotated[str, Field(description="the later analysis id (from history)")],
    ) -> Comparison:
        """What changed between two recorded analyses: scores, obligations whose status
        changed, gaps opened and closed, and why (input, law or mappings changed)."""
        return _run(tools.compare, store, org, from_id, to_id)

    @server.resource(
        "aimsgraph://catalogs",
        name="catalogs",
        description="The loaded framework catalogs with their versions and provision counts.",
        mime_type="application/json",
    )
    def catalogs() -> str:
        return _json([asdict(f) for f in _run(tools.frameworks, store)])

    @server.resource(
        "aimsgraph://catalogs/{framework}",
        name="catalog",
        description="Every provision of one framework (id, number, heading, parent, kind).",
        mime_type="application/json",
    )
    def catalog_provisions(framework: str) -> str:
        return _json([asdict(p) for p in _run(catalog.provisions, store, framework, "all")])

    @server.resource(
        "aimsgraph://mapping-sets",
        name="mapping-sets",
        description="The shipped ISO/IEC 42001 mapping sets: rows by relationship and status.",
        mime_type="application/json",
    )
    def mapping_sets() -> str:
        return _json([asdict(s) for s in tools.mapping_sets()])

    @server.resource(
        "aimsgraph://mapping-sets/{name}",
        name="mapping-set",
        description="One mapping set as its SSSOM TSV file.",
        mime_type="text/tab-separated-values",
    )
    def mapping_set(name: str) -> str:
        for file_name, text in datasets.mapping_files():
            if file_name == f"{name}.sssom.tsv":
                return text
        raise ResourceNotFoundError(f"no mapping set {name!r}; see aimsgraph://mapping-sets")

    return server


def _run(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Call the engine; its user errors become one-line tool errors (the SDK sends their
    message; anything else stays a crash whose text stays on the server)."""
    try:
        return function(*args, **kwargs)
    except AimsgraphError as error:
        raise ToolError(str(error).splitlines()[0]) from None


def check_loopback(host: str) -> str:
    """``host`` if it is a loopback address (or ``localhost``); otherwise a clear error: the
    HTTP transport has no authentication, so it never listens beyond this machine."""
    if host == "localhost":
        return host
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise AimsgraphError(
            f"--host {host}: the MCP HTTP transport binds a loopback address only "
            "(127.0.0.1 or ::1); it has no authentication"
        )
    return host


def run(
    store: Store,
    transport: Literal["stdio", "streamable-http"] = "stdio",
    host: str = "127.0.0.1",
    port: int = 8765,
) -> None:
    """Serve until the client disconnects (stdio) or the process is stopped (HTTP)."""
    server = build(store)
    if transport == "stdio":
        server.run("stdio")
    else:
        server.run("streamable-http", host=check_loopback(host), port=port)
