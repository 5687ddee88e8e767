"""aimsgraph: a knowledge-graph regulatory mapping engine.

ISO/IEC 42001:2023 linked to the EU AI Act, GDPR, DORA and NIS2, and to an
organisation's own evidence. The library lives in :mod:`aimsgraph.engine`, the
HTTP service in :mod:`aimsgraph.api`; ontology, catalogs, shapes and mapping
sets are package data in :mod:`aimsgraph.ontology` and :mod:`aimsgraph.mappings`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("aimsgraph")
except PackageNotFoundError:  # pragma: no cover - only when run from an uninstalled tree
    __version__ = "0.0.0+unknown"
