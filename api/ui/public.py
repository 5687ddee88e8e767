"""Public pages (no sign-in): the start page, the catalog browser, a provision, the crosswalk
explorer and search. Each page calls the engine function the API's catalog and mapping
routers call, so what a page shows is what ``/frameworks``, ``/provisions/{id}`` and
``/crosswalk/{id}`` answer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from aimsgraph.engine.crosswalks import crosswalk
from aimsgraph.engine.crosswalks.crosswalk import CrosswalkLink
from aimsgraph.engine.errors import AimsgraphError, UnknownIdError
from aimsgraph.engine.law import catalog, search
from aimsgraph.engine.models import ProvisionSummary
from aimsgraph.engine.namespaces import FRAMEWORKS
from aimsgraph.engine.store import Store
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from .pages import UiError, environment, render

router = APIRouter()

LEVELS: dict[str, catalog.Level] = {"article": "article", "paragraph": "paragraph", "all": "all"}
SEARCH_LIMIT = 50
JUSTIFICATIONS = {
    "semapv:ManualMappingCuration": "manual curation",
    "semapv:MappingChaining": "derived by chaining",
}


def web_url(value: str | None) -> str | None:
    """``value`` if it is an http(s) address (a link may point there), else ``None``."""
    if not value:
        return None
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def justification(value: str) -> str:
    """A SEMAPV justification in words."""
    return JUSTIFICATIONS.get(value, value)


environment().filters["web_url"] = web_url
environment().filters["justification"] = justification


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def sentence(message: str) -> str:
    """An engine message as a sentence: first letter up, a full stop at the end."""
    text = message[:1].upper() + message[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _not_found(error: UnknownIdError) -> UiError:
    return UiError(404, sentence(str(error)))


@dataclass
class Node:
    """One provision in a catalog's table of contents, with the provisions under it."""

    item: ProvisionSummary
    children: list[Node] = field(default_factory=list)


def outline(items: list[ProvisionSummary]) -> list[Node]:
    """The provisions (in document order) as a tree; one whose parent is not listed (a level
    filter left it out) becomes a top entry."""
    nodes = {p.id: Node(p) for p in items}
    top: list[Node] = []
    for p in items:
        parent = nodes.get(p.parent) if p.parent else None
        (parent.children if parent else top).append(nodes[p.id])
    return top


def _walk(nodes: list[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from _walk(node.children)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    """The start page: what the interface offers, and the sign-in link."""
    return render(request, "home.html")


@router.get("/catalog", response_class=HTMLResponse)
def catalog_page(request: Request) -> Response:
    """The acts and the standard: versions, ELI, provisions by kind, obligations."""
    return render(request, "catalog.html", {"frameworks": catalog.frameworks(_store(request))})


@router.get("/catalog/{framework}", response_class=HTMLResponse)
def framework_page(
    framework: str, request: Request, level: Annotated[str, Query()] = "all"
) -> Response:
    """One act's table of contents in document order, down to the chosen level."""
    store = _store(request)
    if framework not in FRAMEWORKS:
        raise UiError(
            404, f"No framework {framework!r}: the frameworks are {', '.join(FRAMEWORKS)}."
        )
    if level not in LEVELS:
        raise UiError(400, f"Unknown level {level!r}: choose one of {', '.join(LEVELS)}.")
    info = next((f for f in catalog.frameworks(store) if f.key == framework), None)
    if info is None:
        raise UiError(404, f"The {framework} catalog is not loaded in this store.")
    tree = outline(catalog.provisions(store, framework, LEVELS[level]))
    context = {"info": info, "tree": tree, "level": level, "levels": list(LEVELS)}
    return render(request, "framework.html", context | {"count": sum(1 for _ in _walk(tree))})


@router.get("/provisions/{provision_id}", response_class=HTMLResponse)
def provision_page(provision_id: str, request: Request) -> Response:
    """One provision: its text, ELI, applicability rules, amendments, parts and links."""
    store = _store(request)
    try:
        detail = catalog.provision(store, provision_id)
        links = crosswalk.crosswalk(store, provision_id)
    except UnknownIdError as unknown:
        raise _not_found(unknown) from unknown
    texts = search.texts(store)
    parts = [(child, texts.get(child.id, "")) for child in detail.children]
    return render(
        request,
        "provision.html",
        {
            "p": detail,
            "parts": parts,
            "links": links,
            "iso": detail.framework == "iso42001",
            "label": _label(store, detail.framework),
        },
    )


def _label(store: Store, framework: str) -> str:
    """The framework's short label (AI Act, GDPR...)."""
    return next((f.label for f in catalog.frameworks(store) if f.key == framework), framework)


def _flag(value: str | None, name: str) -> bool:
    """A checkbox-like query value: absent, "", "0" are off; "1", "on", "true" are on."""
    if value in (None, "", "0", "false", "off"):
        return False
    if value in ("1", "on", "true"):
        return True
    raise UiError(400, f"{name} must be 1 or 0, not {value!r}.")


@router.get("/crosswalk", response_class=HTMLResponse)
def crosswalk_page(
    request: Request,
    source: Annotated[str | None, Query(alias="from")] = None,
    to: Annotated[str | None, Query()] = None,
    transitive: Annotated[str | None, Query()] = None,
) -> Response:
    """Links of a provision or ISO element: relationship, strength, rationale, status and
    provenance; with ``transitive=1``, an obligation's derived links to the other acts."""
    store = _store(request)
    derive = _flag(transitive, "transitive")
    target = to or None
    if target is not None and target not in FRAMEWORKS:
        raise UiError(400, f"Unknown framework {target!r}: choose one of {', '.join(FRAMEWORKS)}.")
    chosen = (source or "").strip()
    context: dict[str, object] = {
        "source": chosen,
        "to": target or "",
        "transitive": derive,
        "frameworks": list(FRAMEWORKS),
        "detail": None,
        "direct": [],
        "derived": [],
    }
    if chosen:
        try:
            detail = catalog.provision(store, chosen)
            found = crosswalk.crosswalk(store, chosen, target, derive)
        except UnknownIdError as unknown:
            raise _not_found(unknown) from unknown
        context |= {
            "detail": detail,
            "label": _label(store, detail.framework),
            "direct": [link for link in found if not link.derived],
            "derived": [link for link in found if link.derived],
            "other_view": _view_query(chosen, target, not derive),
        }
    else:
        context["examples"] = ["iso42001:A.6.2.4", "ai-act:art-9", "gdpr:art-35", "dora:art-6"]
    return render(request, "crosswalk.html", context)


def _view_query(source: str, to: str | None, transitive: bool) -> str:
    """The crosswalk page's query for the other view (direct only, or with derived links)."""
    parts = {"from": source, **({"to": to} if to else {})}
    if transitive:
        parts["transitive"] = "1"
    return urlencode(parts)


def far_end(link: CrosswalkLink, iso: bool) -> tuple[str, str]:
    """The other end of a link as (id, title), seen from the page's provision: the
    obligation for an ISO element's or a derived link, the ISO element for an obligation's."""
    if iso or link.derived:
        return link.object, link.object_title
    return link.subject, link.subject_title


environment().globals["far_end"] = far_end


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: Annotated[str | None, Query()] = None,
    framework: Annotated[str | None, Query()] = None,
) -> Response:
    """Provisions and ISO elements whose id, number, heading or text hold every word of
    ``q``, best first, at most :data:`SEARCH_LIMIT`."""
    chosen = framework or None
    if chosen is not None and chosen not in FRAMEWORKS:
        raise UiError(400, f"Unknown framework {chosen!r}: choose one of {', '.join(FRAMEWORKS)}.")
    context: dict[str, object] = {
        "q": q or "",
        "framework": chosen or "",
        "frameworks": list(FRAMEWORKS),
        "result": None,
    }
    if q is not None and q.strip():
        try:
            context["result"] = search.search(_store(request), q, chosen, SEARCH_LIMIT)
        except AimsgraphError as bad:
            raise UiError(400, sentence(str(bad))) from bad
    return render(request, "search.html", context)
