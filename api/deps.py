"""Dependencies: the store, the settings, and who is calling (admin key, organisation key)."""

from __future__ import annotations

import hmac
from typing import Annotated

from aimsgraph.engine.org import apikeys
from aimsgraph.engine.store import Store
from fastapi import Depends, Header, Request

from .problems import ApiProblemError
from .settings import Settings


def get_store(request: Request) -> Store:
    """The store the service opened at start-up."""
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    """The service settings."""
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ApiKey = Annotated[str | None, Header(alias="X-API-Key", description="Organisation or admin key")]


def require_admin(settings: SettingsDep, x_api_key: ApiKey = None) -> None:
    """Only the operator's admin key (``AIMSGRAPH_ADMIN_KEY``) may create organisations."""
    if not settings.admin_key:
        raise ApiProblemError(
            403, "Forbidden", "organisation creation is disabled: no admin key set"
        )
    if not x_api_key:
        raise ApiProblemError(401, "Unauthorized", "send the admin key in the X-API-Key header")
    if not hmac.compare_digest(x_api_key, settings.admin_key):
        raise ApiProblemError(401, "Unauthorized", "the X-API-Key header does not hold a valid key")


def require_org(org: str, store: StoreDep, x_api_key: ApiKey = None) -> str:
    """The caller must hold this organisation's key: 401 without a valid key, 403 with
    another organisation's key. Unknown organisations look the same as forbidden ones, so
    ids cannot be probed."""
    if not x_api_key:
        raise ApiProblemError(
            401, "Unauthorized", "send the organisation's key in the X-API-Key header"
        )
    if apikeys.exists(store, org) and apikeys.check(store, org, x_api_key):
        return org
    if apikeys.owner_of(store, x_api_key) is None:
        raise ApiProblemError(401, "Unauthorized", "the X-API-Key header does not hold a valid key")
    raise ApiProblemError(403, "Forbidden", "this key belongs to another organisation")


def optional_org(store: StoreDep, x_api_key: ApiKey = None) -> str | None:
    """For the SPARQL endpoint: no key is fine (public graphs); a wrong key is 401."""
    if not x_api_key:
        return None
    owner = apikeys.owner_of(store, x_api_key)
    if owner is None:
        raise ApiProblemError(401, "Unauthorized", "the X-API-Key header does not hold a valid key")
    return owner


OrgDep = Annotated[str, Depends(require_org)]
