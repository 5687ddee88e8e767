"""The RDF data shipped in the package and the named graph each one is installed into.

``install`` is idempotent: a graph whose recorded version (the SHA-256 of its source files)
matches is left alone; a newer catalog replaces the old graph atomically.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib.resources import files

from .namespaces import FRAMEWORKS, ONTOLOGY_GRAPH
from .store import Store


@dataclass(frozen=True)
class Dataset:
    """One packaged RDF source and its target graph."""

    name: str
    graph: str
    resources: tuple[tuple[str, str], ...]  # (package, file name)

    def read(self) -> bytes:
        """The concatenated Turtle of the dataset's files."""
        return b"\n".join(
            files(package).joinpath(name).read_bytes() for package, name in self.resources
        )

    def version(self, content: bytes | None = None) -> str:
        """Content hash: changes whenever a shipped file changes."""
        return (
            "sha256:" + hashlib.sha256(content if content is not None else self.read()).hexdigest()
        )


ONTOLOGY = Dataset(
    "ontology",
    ONTOLOGY_GRAPH,
    (("aimsgraph.ontology", "core.ttl"), ("aimsgraph.ontology", "vocabularies.ttl")),
)
CATALOGS = tuple(
    Dataset(key, fw.graph, (("aimsgraph.ontology.frameworks", fw.catalog_file),))
    for key, fw in FRAMEWORKS.items()
)


def packaged() -> tuple[Dataset, ...]:
    """Everything ``store init`` installs, in load order."""
    return (ONTOLOGY, *CATALOGS)


@dataclass(frozen=True)
class InstallResult:
    """What ``install`` did for one dataset."""

    name: str
    graph: str
    action: str  # "loaded", "replaced" or "unchanged"
    triples: int


def install(store: Store, datasets: tuple[Dataset, ...] | None = None) -> list[InstallResult]:
    """Load or refresh the packaged datasets, each in its own graph."""
    current = store.graph_versions()
    results = []
    for dataset in datasets or packaged():
        content = dataset.read()
        version = dataset.version(content)
        if current.get(dataset.graph) == version:
            results.append(
                InstallResult(dataset.name, dataset.graph, "unchanged", store.count(dataset.graph))
            )
            continue
        triples = store.replace_graph(dataset.graph, content, "ttl", version)
        action = "replaced" if dataset.graph in current else "loaded"
        results.append(InstallResult(dataset.name, dataset.graph, action, triples))
    return results


def is_installed(store: Store) -> bool:
    """Whether every packaged graph is present in the store."""
    versions = store.graph_versions()
    return all(dataset.graph in versions for dataset in packaged())
