"""Helpers of the what-if, upload, history and downloads pages: engine errors as error pages,
the dates of a POST (read after its CSRF check), readable act names."""

from __future__ import annotations

from aimsgraph.engine.present import acts
from aimsgraph.engine.store import Store
from fastapi import Request

from .pages import Dates, engine_errors, page_dates


def post_dates(request: Request) -> Dates:
    """The dates of a POST form's target (``?as_of=&evidence_date=``), read after the form's
    CSRF token was checked."""
    query = request.query_params
    return page_dates(query.get("as_of"), query.get("evidence_date"))


def act_names(store: Store) -> dict[str, str]:
    """Catalog key -> the act's common name ("EU AI Act")."""
    with engine_errors():
        return {key: act.label for key, act in acts.acts(store).items()}
