"""The report as an A4 PDF: the HTML report laid out by WeasyPrint with its print styles
(``@page`` A4, margins, "Page X of Y" in the footer, table headers repeated on every page).

WeasyPrint needs the Pango library from the system (Debian: ``libpango-1.0-0``,
``libpangoft2-1.0-0``; ``scripts/setup-test-deps.sh`` installs them). The document loads
nothing: every fetch is refused, so a report never reaches the network.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import NoReturn

from ..errors import OutputError
from .report import Report
from .report_html import to_html

PANGO_HINT = (
    "PDF output needs WeasyPrint and the Pango library: pip install weasyprint, and on "
    "Debian/Ubuntu apt-get install libpango-1.0-0 libpangoft2-1.0-0"
)


def _no_fetch(url: str, *args: object, **kwargs: object) -> NoReturn:
    """Refuse every resource: the report is self-contained by design."""
    raise ValueError(f"the report loads no resources ({url})")


def write_pdf(report: Report, out: Path) -> None:
    """Write ``report`` as an A4 PDF to ``out``."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: the Pango library is missing
        raise OutputError(f"{PANGO_HINT} ({error})") from None
    quiet = logging.getLogger("weasyprint")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # CSS it ignores (screen-only rules) is not the user's concern
    try:
        HTML(string=to_html(report), url_fetcher=_no_fetch).write_pdf(out)
    finally:
        quiet.setLevel(level)
