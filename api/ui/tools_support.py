"""Helpers of the what-if, upload, history and downloads pages: engine errors as error pages,
the dates of a POST (read after its CSRF check), readable act names."""

from __future__ import annotations

from aimsgraph.engine.org import loader
from aimsgraph.engine.present import acts
from aimsgraph.engine.store import Store
from fastapi import Request

from .pages import Dates, UiError, engine_errors, page_dates


def require_data(store: Store, org: str) -> None:
    """An organisation registered without data yet gets a page saying what to do (404, as
    the API answers), instead of the engine's "no such organisation"."""
    with engine_errors():
        if loader.organisation(store, org) is None:
            raise UiError(404, f"{org} has no data yet: upload its files on the Upload page first.")


def post_dates(request: Request) -> Dates:
    """The dates of a POST form's target (``?as_of=&evidence_date=``), read after the form's
    CSRF token was checked."""
    query = request.query_params
    return page_dates(query.get("as_of"), query.get("evidence_date"))


def act_names(store: Store) -> dict[str, str]:
    """Catalog key -> the act's common name ("EU AI Act")."""
    with engine_errors():
        return {key: act.label for key, act in acts.acts(store).items()}
