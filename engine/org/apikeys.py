"""API keys of organisations: created once, shown once, stored only as a SHA-256 hash.

Keys are 32 random bytes (URL-safe base64), so a plain SHA-256 is enough to store them: there
is nothing to brute-force. Each organisation's key lives in its own small graph, which no
query of an analysis or of the public SPARQL endpoint ever reads.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from ..errors import UnknownIdError
from ..namespaces import AIMS, GRAPH
from ..store import Store
from .orgdata import SLUG

_QUERY = """
PREFIX aims: <https://w3id.org/aimsgraph/ontology#>
SELECT ?org ?hash WHERE { ?org aims:apiKeyHash ?hash }
"""


def key_graph(org_id: str) -> str:
    """The graph holding one organisation's key hash."""
    return f"{GRAPH}api-key/{org_id}"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create(store: Store, org_id: str, name: str) -> str:
    """Register an organisation and return its new key (the only time it is shown)."""
    if not SLUG.fullmatch(org_id):
        raise UnknownIdError(org_id, "organisation ids are lower-case letters, digits and '-'")
    key = secrets.token_urlsafe(32)
    data = (
        f'<{AIMS}org/{org_id}> <{AIMS}apiKeyHash> "{_digest(key)}" .\n'
        f"<{AIMS}org/{org_id}> <http://www.w3.org/2000/01/rdf-schema#label> "
        f"{_literal(name)} .\n"
    )
    store.replace_graph(key_graph(org_id), data, "nt", "api-key")
    return key


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    escaped = escaped.replace("\r", "\\r")
    return f'"{escaped}"'


def exists(store: Store, org_id: str) -> bool:
    """Whether the organisation was registered."""
    return key_graph(org_id) in store.graph_versions()


def check(store: Store, org_id: str, key: str) -> bool:
    """Whether ``key`` is the organisation's key (constant-time comparison)."""
    rows = store.select(_QUERY, None, [key_graph(org_id)])
    return any(hmac.compare_digest(row["hash"], _digest(key)) for row in rows)


def owner_of(store: Store, key: str) -> str | None:
    """The organisation a key belongs to, if any."""
    digest = _digest(key)
    for graph in store.graph_versions():
        if graph.startswith(f"{GRAPH}api-key/"):
            rows = store.select(_QUERY, None, [graph])
            if any(hmac.compare_digest(row["hash"], digest) for row in rows):
                return graph.rsplit("/", 1)[-1]
    return None


def delete(store: Store, org_id: str) -> None:
    """Forget the organisation's key."""
    store.drop_graph(key_graph(org_id))
