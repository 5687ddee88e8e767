"""The report as one self-contained HTML document (Jinja2 template in the package)."""

from __future__ import annotations

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
    template = environment.get_template("report.html.j2")
    return template.render(
        r=report,
        data=to_data(report),
        frameworks=HEATMAP_FRAMEWORKS,
        soa=soa_records(report),
        caveat=CAVEAT,
    )
