"""The report as one self-contained HTML document (Jinja2 templates in the package): the
executive summary first, then the full sections, then the optional mappings appendix."""

from __future__ import annotations

from functools import partial

from .acts import name_of
from .executive import executive, finding
from .render import to_data
from .report import CAVEAT, HEATMAP_FRAMEWORKS, Report, soa_records


def to_html(report: Report) -> str:
    """One self-contained HTML document (no scripts, no external resources)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("aimsgraph.engine.present", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["ref"] = partial(name_of, report.names, report.acts)
    environment.filters["finding"] = finding
    environment.filters["act"] = lambda key: report.acts[key].name if key in report.acts else key
    template = environment.get_template("report.html.j2")
    return template.render(
        r=report,
        x=executive(report),
        data=to_data(report),
        frameworks=HEATMAP_FRAMEWORKS,
        soa=soa_records(report),
        caveat=CAVEAT,
    )
