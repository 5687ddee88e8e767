"""Dependencies: the store, the settings, the SPARQL endpoint, and who is calling (admin
key, organisation key). Every key check first asks the failed-key limit whether the caller's
address is locked out, and counts a wrong key against it."""

from __future__ import annotations

import hmac
from typing import Annotated

from aimsgraph.engine.endpoint.sparql import Endpoint
from aimsgraph.engine.org import apikeys
from aimsgraph.engine.store import Store
from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from .limits import FailedKeyLimit
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


def get_endpoint(request: Request) -> Endpoint:
    """The SPARQL endpoint (and its worker processes) opened at start-up."""
    endpoint: Endpoint = request.app.state.endpoint
    return endpoint


def client_address(request: Request) -> str:
    """The peer's address (a proxy in front shows up as one client)."""
    return request.client.host if request.client else "unknown"


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
EndpointDep = Annotated[Endpoint, Depends(get_endpoint)]
# Both keys travel in X-API-Key; two schemes so that the OpenAPI document says which key each
# operation needs (and Swagger UI's Authorize button offers both). auto_error=False: the
# checks below answer 401/403 as problem+json themselves.
ORG_KEY = APIKeyHeader(
    name="X-API-Key",
    scheme_name="OrganisationKey",
    description="The organisation's API key, returned once by POST /orgs.",
    auto_error=False,
)
ADMIN_KEY = APIKeyHeader(
    name="X-API-Key",
    scheme_name="AdminKey",
    description="The operator's admin key (AIMSGRAPH_ADMIN_KEY): registers organisations.",
    auto_error=False,
)
ApiKey = Annotated[str | None, Security(ORG_KEY)]
AdminKey = Annotated[str | None, Security(ADMIN_KEY)]
_INVALID = "the X-API-Key header does not hold a valid key"


def _key_limit(request: Request) -> FailedKeyLimit:
    limit: FailedKeyLimit = request.app.state.key_limit
    return limit


def _wrong_key(request: Request) -> ApiProblemError:
    """Count a wrong key from this address; the 401 to raise."""
    _key_limit(request).record(client_address(request))
    return ApiProblemError(401, "Unauthorized", _INVALID)


def require_admin(request: Request, settings: SettingsDep, x_api_key: AdminKey) -> None:
    """Only the operator's admin key (``AIMSGRAPH_ADMIN_KEY``) may create organisations."""
    if not settings.admin_key:
        raise ApiProblemError(
            403, "Forbidden", "organisation creation is disabled: no admin key set"
        )
    if not x_api_key:
        raise ApiProblemError(401, "Unauthorized", "send the admin key in the X-API-Key header")
    _key_limit(request).check(client_address(request))
    if not hmac.compare_digest(x_api_key, settings.admin_key):
        raise _wrong_key(request)


def require_org(org: str, request: Request, store: StoreDep, x_api_key: ApiKey) -> str:
    """The caller must hold this organisation's key: 401 without a valid key, 403 with
    another organisation's key. Unknown organisations look the same as forbidden ones, so
    ids cannot be probed."""
    if not x_api_key:
        raise ApiProblemError(
            401, "Unauthorized", "send the organisation's key in the X-API-Key header"
        )
    _key_limit(request).check(client_address(request))
    if apikeys.exists(store, org) and apikeys.check(store, org, x_api_key):
        return org
    if apikeys.owner_of(store, x_api_key) is None:
        raise _wrong_key(request)
    raise ApiProblemError(403, "Forbidden", "this key belongs to another organisation")


def optional_org(request: Request, store: StoreDep, x_api_key: ApiKey) -> str | None:
    """For the SPARQL endpoint: no key is fine (public graphs); a wrong key is 401."""
    if not x_api_key:
        return None
    _key_limit(request).check(client_address(request))
    owner = apikeys.owner_of(store, x_api_key)
    if owner is None:
        raise _wrong_key(request)
    return owner


OrgDep = Annotated[str, Depends(require_org)]
