"""Triple stores: the Store protocol, the embedded Oxigraph backend, the remote SPARQL 1.1
backend and its configuration, parameter binding, term conversion, query files, the packaged
datasets. Imports nothing from the other engine folders (only the shared top-level modules).

The names below are the store API the rest of the engine uses (``from ..store import Store``).
"""

from .backends import open_store
from .embedded import EmbeddedStore, default_location
from .protocol import QueryAnswer, Solutions, Store
from .terms import BindingValue, Iri, Row

__all__ = [
    "BindingValue",
    "EmbeddedStore",
    "Iri",
    "QueryAnswer",
    "Row",
    "Solutions",
    "Store",
    "default_location",
    "open_store",
]
