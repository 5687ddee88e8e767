"""The ``aimsgraph`` command: parses arguments, calls the engine, prints results.

No logic lives here beyond choosing what to call and how to print it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import inspect
import sys
from collections.abc import Callable
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import Annotated, cast

import typer
from rich.console import Console
from rich.table import Table

from .. import __version__
from . import (
    bootstrap,
    catalog,
    coverage,
    crosswalk,
    datasets,
    dates,
    export,
    gaps,
    loader,
    mappings,
    plan,
    qc,
    report,
    sssom,
)
from .backends import open_store
from .errors import AimsgraphError
from .models import FrameworkInfo, ProvisionDetail
from .remote_config import ENV_GRAPH_STORE, ENV_QUERY, ENV_UPDATE, RemoteConfig
from .render import Format, dumps, emit, to_data
from .store import EmbeddedStore, Store, default_location

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

# Pipes and CI logs get a wide table instead of rich's 80-column default.
console = Console(width=None if sys.stdout.isatty() else 160)
errors = Console(stderr=True, width=None if sys.stderr.isatty() else 160)

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


def _remote() -> RemoteConfig | None:
    flags = _remote_flags.get() or {}
    return RemoteConfig.resolve(
        flags.get("sparql_query"), flags.get("sparql_update"), flags.get("graph_store")
    )


def _open(store: Path | None, *, read_only: bool = False) -> Store:
    remote = _remote()
    if remote is not None:
        return open_store(remote=remote)
    location = store or default_location()
    if read_only and not location.exists():
        return EmbeddedStore(location)  # created empty, so the "run store init" error shows
    return EmbeddedStore(location, read_only=read_only)


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


# -- store ---------------------------------------------------------------------------------


@store_app.command("init")
@store_command
def store_init(store: StoreOption = None) -> None:
    """Load the ontology and framework catalogs, one named graph each (idempotent)."""
    db = _open(store)
    results = bootstrap.install_all(db)
    db.flush()
    emit(
        console,
        results,
        Format.table,
        ["name", "graph", "action", "triples"],
        title=f"Store {db.location}",
    )


@store_app.command("info")
@store_command
def store_info(store: StoreOption = None, fmt: FormatOption = Format.table) -> None:
    """Named graphs in the store, their versions and sizes."""
    db = _open(store, read_only=True)
    rows = [
        {"graph": graph, "version": version, "triples": db.count(graph)}
        for graph, version in sorted(db.graph_versions().items())
    ]
    emit(console, rows, fmt, ["graph", "version", "triples"], title=f"Store {db.location}")


# -- catalog -------------------------------------------------------------------------------


@catalog_app.command("frameworks")
@store_command
def catalog_frameworks(store: StoreOption = None, fmt: FormatOption = Format.table) -> None:
    """The loaded frameworks with provision counts."""
    db = _open(store, read_only=True)
    infos = catalog.frameworks(db)
    if fmt is Format.table:
        console.print(summary_table(infos))
    else:
        emit(console, infos, fmt, ["key", "label", "identifier", "version", "eli", "obligations"])


def summary_table(infos: list[FrameworkInfo]) -> Table:
    """One row per framework: provisions by kind and obligations."""
    table = Table(title="Framework catalogs", header_style="bold")
    columns = {
        "article": "articles",
        "annex": "annexes",
        "paragraph": "paragraphs",
        "point": "points",
        "clause": "clauses",
        "control": "controls",
    }
    table.add_column("framework")
    table.add_column("version")
    for header in (*columns.values(), "obligations"):
        table.add_column(header, justify="right")
    for info in infos:
        table.add_row(
            info.key,
            info.version,
            *(str(info.counts.get(kind, 0)) for kind in columns),
            str(info.obligations),
        )
    return table


@catalog_app.command("list")
@store_command
def catalog_list(
    framework: Annotated[str, typer.Option("--framework", help="iso42001|ai-act|gdpr|dora|nis2")],
    level: Annotated[
        str,
        typer.Option(
            "--level",
            help="article: articles/annexes, clauses/controls; "
            "paragraph: down to points; all: also chapters and sections",
        ),
    ] = "all",
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The provisions of one framework in document order."""
    db = _open(store, read_only=True)
    items = catalog.provisions(db, framework, level)  # type: ignore[arg-type]
    emit(
        console,
        items,
        fmt,
        ["id", "notation", "title", "parent", "kind", "iri"],
        title=f"{framework} ({len(items)} provisions)",
    )


@catalog_app.command("show")
@store_command
def catalog_show(
    provision_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. ai-act:art-9-2-a")],
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """One provision with its parents, children, applicability and source link."""
    db = _open(store, read_only=True)
    detail = catalog.provision(db, provision_id)
    if fmt is Format.json:
        sys.stdout.write(dumps(detail) + "\n")
    elif fmt is Format.csv:
        emit(console, [detail], fmt, ["id", "notation", "title", "parent", "kind", "iri", "eli"])
    else:
        print_detail(detail)


def print_detail(detail: ProvisionDetail) -> None:
    """A readable view of one provision."""
    console.print(f"[bold]{detail.id}[/bold]  {detail.notation}  [italic]{detail.kind}[/italic]")
    console.print(detail.title)
    console.print(f"IRI: {detail.iri}")
    if detail.parents:
        console.print("Within: " + " > ".join(f"{p.notation} {p.title}" for p in detail.parents))
    if detail.eli:
        console.print(f"ELI: {detail.eli}")
    for source in detail.source:
        console.print(f"Source: {source}")
    if detail.text:
        console.print(f"\n{detail.text}\n")
    if detail.documented_information:
        console.print(f"Documented information: {detail.documented_information}")
    if detail.expected_evidence:
        console.print("Expected evidence: " + ", ".join(detail.expected_evidence))
    for a in detail.applicability:
        window = f"text in force {a.effective_from or '?'} to {a.effective_until or 'today'}"
        who = ", ".join(a.roles + a.risk_tiers + a.entity_types) or "everyone"
        console.print(f"Applies to {who} from {a.applies_from} ({window}). {a.source}")
        if a.note:
            console.print(f"  note: {a.note}")
    for m in detail.amendments:
        console.print(
            f"Amended ({m.change}) by {m.amending_act} {m.amending_provision}, "
            f"effective {m.effective_from}"
        )
        if m.previous_label:
            console.print(f"  previous heading: {m.previous_label}")
    if detail.children:
        emit(
            console,
            detail.children,
            Format.table,
            ["id", "notation", "title", "kind"],
            title="Children",
        )


# -- mappings and crosswalk ----------------------------------------------------------------


@mappings_app.command("validate")
@store_command
def mappings_validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[FILE...]", help="SSSOM TSV files (default: the shipped sets)"),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Check mapping sets: columns, vocabularies, ranges, ids against the catalogs, SHACL."""
    db = _open(store, read_only=True)
    known = mappings.known_provisions(db)
    if paths:
        missing = [p for p in paths if not p.is_file()]
        if missing:
            raise typer.BadParameter(f"no such file: {', '.join(map(str, missing))}")
        problems = mappings.validate_paths(paths, known)
        count = len(paths)
    else:
        texts = datasets.mapping_files()
        problems = mappings.validate_texts(texts, known)
        count = len(texts)
    for problem in problems:
        errors.print(str(problem), markup=False, highlight=False, soft_wrap=True)
    if problems:
        errors.print(f"{len(problems)} problems in {count} mapping sets", style="red")
        raise typer.Exit(1)
    console.print(f"{count} mapping sets valid")


@mappings_app.command("stats")
def mappings_stats(fmt: FormatOption = Format.table) -> None:
    """Rows per set, per relationship, per status; in-scope provisions without a row."""
    stats = [mappings.stats_of(s) for s in mappings.packaged_sets()]
    if fmt is Format.json:
        sys.stdout.write(dumps(stats) + "\n")
        return
    print_stats(stats, fmt)


def print_stats(stats: list[mappings.SetStats], fmt: Format = Format.table) -> None:
    """One row per mapping set: relationships, review status, scope gaps."""
    rows = [
        {
            "set": s.name,
            "rows": s.rows,
            **{r: s.relationships.get(r, 0) for r in RELATIONSHIP_COLUMNS},
            "reviewed": s.statuses.get("reviewed", 0),
            "draft": s.statuses.get("draft", 0),
            "in scope, no row": len(s.unmapped_in_scope),
        }
        for s in stats
    ]
    columns = ["set", "rows", *RELATIONSHIP_COLUMNS, "reviewed", "draft", "in scope, no row"]
    emit(console, rows, fmt, columns, title="Mapping sets")
    for s in stats:
        if s.unmapped_in_scope and fmt is Format.table:
            console.print(f"{s.name}: no row yet for {', '.join(s.unmapped_in_scope)}")


class ExportFormat(StrEnum):
    """Formats of ``mappings export``."""

    sssom = "sssom"
    skos = "skos"
    oscal = "oscal"


@mappings_app.command("export")
def mappings_export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: stdout)")
    ] = None,
) -> None:
    """Export the shipped mapping sets as SSSOM TSV, SKOS Turtle or OSCAL 1.2 JSON."""
    text = export.export(fmt.value)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        errors.print(f"wrote {out}", highlight=False)


RELATIONSHIP_COLUMNS = list(sssom.RELATIONSHIPS)


@app.command("crosswalk")
@store_command
def crosswalk_command(
    provision_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. iso42001:A.6.2.4")],
    to: Annotated[str | None, typer.Option("--to", help="keep links into this framework")] = None,
    transitive: Annotated[
        bool, typer.Option("--transitive", help="add links derived through ISO/IEC 42001")
    ] = False,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """What an ISO element maps to, or which ISO elements map to an obligation, and why."""
    db = _open(store, read_only=True)
    links = crosswalk.crosswalk(db, provision_id, to, transitive)
    emit(
        console,
        links,
        fmt,
        [
            "subject",
            "relationship",
            "object",
            "strength",
            "confidence",
            "status",
            "derived",
            "path",
            "comment",
        ],
        title=f"Crosswalk for {provision_id} ({len(links)} links)",
    )


# -- organisations, coverage --------------------------------------------------------------


def _as_of(value: str | None) -> dt.date:
    return dates.as_of(value, "--as-of")


AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Analysis date, YYYY-MM-DD (default: today).")
]
OrgOption = Annotated[str, typer.Option("--org", help="Organisation id.")]


@org_app.command("import")
@store_command
def org_import(
    source: Annotated[Path, typer.Argument(help="Folder, .xlsx workbook, or .ttl/.jsonld file")],
    org: Annotated[str | None, typer.Option("--org", help="Override the organisation id")] = None,
    store: StoreOption = None,
) -> None:
    """Validate an organisation's files and replace its graph atomically (all or nothing)."""
    db = _open(store)
    bootstrap.install_all(db)
    data, triples = loader.import_org(db, source, org)
    db.flush()
    console.print(
        f"imported {data.organisation.id}: {len(data.systems)} AI systems, {len(data.soa)} SoA "
        f"rows, {len(data.evidence)} evidence items ({triples} triples)"
    )


@org_app.command("list")
@store_command
def org_list(store: StoreOption = None, fmt: FormatOption = Format.table) -> None:
    """Organisations in the store."""
    db = _open(store, read_only=True)
    emit(
        console,
        loader.organisations(db),
        fmt,
        ["id", "name", "triples", "graph"],
        title="Organisations",
    )


@org_app.command("delete")
@store_command
def org_delete(
    org_id: Annotated[str, typer.Argument(metavar="ID")], store: StoreOption = None
) -> None:
    """Remove an organisation and all its data."""
    db = _open(store)
    loader.delete_org(db, org_id)
    db.flush()
    console.print(f"deleted {org_id}")


@app.command("coverage")
@store_command
def coverage_command(
    org: OrgOption,
    framework: Annotated[
        str | None, typer.Option("--framework", help="ai-act|gdpr|dora|nis2 (default: all)")
    ] = None,
    as_of: AsOfOption = None,
    assume_implemented: Annotated[
        str | None,
        typer.Option(
            "--assume-implemented", help="What-if: comma-separated ISO ids, e.g. A.6.2.4,A.7.4"
        ),
    ] = None,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """How much of each applicable EU act the organisation's ISO 42001 system covers, and why."""
    db = _open(store, read_only=True)
    report = coverage.coverage(
        db,
        org,
        _as_of(as_of),
        [framework] if framework else coverage.EU_FRAMEWORKS,
        [a for a in (assume_implemented or "").split(",") if a.strip()],
    )
    if fmt is Format.json:
        sys.stdout.write(dumps(report) + "\n")
        return
    if fmt is Format.csv:
        rows = [
            {
                "framework": f.framework,
                **to_data(p),
                "via": ";".join(
                    f"{v.control}({v.relationship},{v.strength})" for v in p.via if v.implemented
                ),
            }
            for f in report.frameworks
            for p in f.provisions
        ]
        emit(
            console,
            rows,
            fmt,
            ["framework", "id", "status", "score", "via", "evidence", "systems", "title"],
        )
        return
    print_coverage(report)


class EngineChoice(StrEnum):
    """SHACL executors of ``gaps``."""

    fast = "fast"
    reference = "reference"


@app.command("gaps")
@store_command
def gaps_command(
    org: OrgOption,
    as_of: AsOfOption = None,
    engine: Annotated[
        EngineChoice,
        typer.Option(
            "--engine",
            help="fast: SHACL compiled to SPARQL on the "
            "store; reference: pySHACL on the focus graph",
        ),
    ] = EngineChoice.fast,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """What the organisation is missing (SHACL gap shapes), most severe first."""
    db = _open(store, read_only=True)
    report = gaps.gaps(
        db, org, _as_of(as_of), "fast" if engine is EngineChoice.fast else "reference"
    )
    if fmt is Format.json:
        sys.stdout.write(dumps(report) + "\n")
        return
    emit(
        console,
        report.gaps,
        fmt,
        ["severity", "kind", "focus", "provisions", "message"],
        title=f"{len(report.gaps)} gaps for {report.organisation} on {report.as_of}",
    )


@app.command("plan")
@store_command
def plan_command(
    org: OrgOption,
    as_of: AsOfOption = None,
    top: Annotated[int | None, typer.Option("--top", min=1, help="Show the first N steps")] = None,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Remediation plan: actions that raise the coverage score most, in order (greedy)."""
    db = _open(store, read_only=True)
    result = plan.plan(db, org, _as_of(as_of), top)
    if fmt is Format.json:
        sys.stdout.write(dumps(result) + "\n")
        return
    print_plan(result, fmt)


def print_plan(result: plan.Plan, fmt: Format = Format.table) -> None:
    """The plan's steps with their gain and what they close."""
    rows = [
        {
            **to_data(step),
            "gain": f"+{step.gain:.1%}",
            "score_after": f"{step.score_after:.1%}",
            "closes": len(step.closes),
            "improves": len(step.improves),
        }
        for step in result.steps
    ]
    emit(
        console,
        rows,
        fmt,
        ["rank", "action", "target", "title", "gain", "score_after", "closes", "improves"],
        title=f"Remediation plan for {result.organisation} on {result.as_of}: "
        f"{result.score_before:.1%} -> {result.score_after:.1%}",
    )


def print_coverage(report: coverage.CoverageReport) -> None:
    """Per-framework summary table, then the obligations not covered."""
    rows = [
        {
            "framework": f.framework,
            "applicable": f.applicable,
            "covered": f.covered,
            "partial": f.partial,
            "uncovered": f.uncovered,
            "unmapped": f.unmapped,
            "score": f"{f.score:.0%}",
        }
        for f in report.frameworks
    ]
    emit(
        console,
        rows,
        Format.table,
        ["framework", "applicable", "covered", "partial", "uncovered", "unmapped", "score"],
        title=f"Coverage for {report.organisation} on {report.as_of}",
    )


@app.command("analyse")
@store_command
def analyse(
    source: Annotated[Path, typer.Argument(help="Organisation folder, .xlsx, or .ttl/.jsonld")],
    as_of: AsOfOption = None,
    org: Annotated[str | None, typer.Option("--org", help="Override the organisation id")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Gaps and plan steps to show")] = 10,
    store: StoreOption = None,
) -> None:
    """Import an organisation, then show its coverage, top gaps and first plan steps."""
    day = _as_of(as_of)
    db = _open(store)
    with console.status("Loading catalogs and mapping sets"):
        bootstrap.install_all(db)
    with console.status(f"Importing {source}"):
        data, _ = loader.import_org(db, source, org)
        db.flush()
    org_id = data.organisation.id
    console.print(
        f"[bold]{data.organisation.name}[/bold] ({org_id}): {len(data.systems)} AI "
        f"systems, {len(data.soa)} SoA rows, {len(data.evidence)} evidence items; "
        f"analysis date {day.isoformat()}"
    )
    with console.status("Computing coverage"):
        report = coverage.coverage(db, org_id, day)
    print_coverage(report)
    with console.status("Running the gap shapes"):
        found = gaps.gaps(db, org_id, day)
    counts = {s: sum(1 for g in found.gaps if g.severity == s) for s in ("high", "medium", "low")}
    emit(
        console,
        found.gaps[:top],
        Format.table,
        ["severity", "kind", "focus", "message"],
        title=f"Top gaps ({len(found.gaps)} in all: {counts['high']} high, "
        f"{counts['medium']} medium, {counts['low']} low)",
    )
    with console.status("Planning remediation"):
        steps = plan.plan(db, org_id, day, top, report)
    print_plan(steps)


class ReportFormat(StrEnum):
    """Formats of ``report``."""

    html = "html"
    xlsx = "xlsx"
    csv = "csv"


@app.command("report")
@store_command
def report_command(
    org: OrgOption,
    out: Annotated[Path, typer.Option("--out", help="File to write")],
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="html, xlsx, or csv (the Statement of Applicability)"),
    ] = ReportFormat.html,
    as_of: AsOfOption = None,
    horizon: Annotated[
        int, typer.Option("--horizon", min=0, help="List evidence expiring within this many days")
    ] = 90,
    store: StoreOption = None,
) -> None:
    """The hand-over report: summary, coverage heatmap, gaps, plan, SoA, systems, mappings."""
    db = _open(store, read_only=True)
    with console.status("Building the report"):
        built = report.build(db, org, _as_of(as_of), horizon)
        report.write(built, fmt.value, out)
    console.print(f"wrote {out.resolve()}")


@app.command("serve")
@store_command
def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port")] = 8000,
    store: StoreOption = None,
) -> None:
    """Run the HTTP API (OpenAPI at /docs) on the chosen store."""
    import uvicorn

    from ..api.main import create_app
    from ..api.settings import Settings

    settings = Settings.from_env()
    if store is not None:
        settings = dataclasses.replace(settings, store=store)
    remote = _remote()
    if remote is not None:
        settings = dataclasses.replace(settings, remote=remote)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


# -- checks and the main job ---------------------------------------------------------------


@app.command("check")
@store_command
def check(store: StoreOption = None, fmt: FormatOption = Format.table) -> None:
    """Run the integrity checks (SHACL shapes and *-violation.rq) over the loaded catalogs."""
    db = _open(store, read_only=True)
    catalog.require_catalogs(db)
    violations = qc.run(db)
    emit(
        console,
        violations,
        fmt,
        ["check", "focus", "message"],
        title=f"{len(violations)} integrity violations",
    )
    if violations:
        raise typer.Exit(1)


@app.command("run")
@store_command
def run(store: StoreOption = None) -> None:
    """The main job: load the catalogs into the store and summarise every framework."""
    db = _open(store)
    results = bootstrap.install_all(db)
    db.flush()
    loaded = sum(1 for r in results if r.action != "unchanged")
    console.print(f"Store: {db.location} ({loaded} graphs loaded or refreshed, {db.count()} quads)")
    console.print(summary_table(catalog.frameworks(db)))
    print_stats([mappings.stats_of(s) for s in mappings.packaged_sets()])
    violations = qc.run(db)
    console.print(f"Integrity checks: {len(violations)} violations")
    if violations:
        raise typer.Exit(1)


def main() -> None:
    """Console entry point: user errors become one clear line and a non-zero exit."""
    try:
        app()
    except AimsgraphError as error:
        errors.print(f"error: {error}", markup=False, highlight=False, style="red", soft_wrap=True)
        sys.exit(error.exit_code)
