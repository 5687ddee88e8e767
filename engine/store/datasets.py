"""The RDF data shipped in the package and the named graph each one is installed into.

``install`` is idempotent: a graph whose recorded version (the SHA-256 of its source files)
matches is left alone; a newer catalog replaces the old graph atomically.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files

from ..namespaces import FRAMEWORKS, ONTOLOGY_GRAPH, mapping_graph
from .protocol import Store


@dataclass(frozen=True)
class Dataset:
    """One packaged source (Turtle, or an SSSOM mapping set) and its target graph."""

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


def mapping_files() -> list[tuple[str, str]]:
    """(file name, text) of every SSSOM mapping set shipped in ``aimsgraph.mappings``."""
    folder = files("aimsgraph.mappings")
    return sorted(
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sssom.tsv")
    )


def mapping_sets() -> tuple[Dataset, ...]:
    """The shipped SSSOM mapping sets, one graph each."""
    return tuple(
        Dataset(
            name.removesuffix(".sssom.tsv"),
            mapping_graph(name.removesuffix(".sssom.tsv")),
            (("aimsgraph.mappings", name),),
        )
        for name, _ in mapping_files()
    )


def shape_graphs() -> list[str]:
    """The organisation-independent graphs the gap shapes read: the ISO/IEC 42001 and AI Act
    catalogs and the AI Act mapping set."""
    return [
        FRAMEWORKS["iso42001"].graph,
        FRAMEWORKS["ai-act"].graph,
        mapping_graph("iso42001-to-ai-act"),
    ]


def packaged() -> tuple[Dataset, ...]:
    """The Turtle datasets: ontology and catalogs (mapping sets load through mappings.py)."""
    return (ONTOLOGY, *CATALOGS)


Converter = Callable[[Dataset, bytes], tuple[bytes, str]]


def as_turtle(dataset: Dataset, content: bytes) -> tuple[bytes, str]:
    """Packaged Turtle needs no conversion."""
    return content, "ttl"


@dataclass(frozen=True)
class InstallResult:
    """What ``install`` did for one dataset."""

    name: str
    graph: str
    action: str  # "loaded", "replaced" or "unchanged"
    triples: int


def install(
    store: Store,
    datasets: tuple[Dataset, ...] | None = None,
    convert: Converter = as_turtle,
) -> list[InstallResult]:
    """Load or refresh datasets, each in its own graph; ``convert`` turns a file into RDF."""
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
        data, fmt = convert(dataset, content)
        triples = store.replace_graph(dataset.graph, data, fmt, version)
        action = "replaced" if dataset.graph in current else "loaded"
        results.append(InstallResult(dataset.name, dataset.graph, action, triples))
    return results


def is_installed(store: Store) -> bool:
    """Whether the ontology and every catalog graph are present in the store."""
    versions = store.graph_versions()
    return all(dataset.graph in versions for dataset in packaged())


@dataclass(frozen=True)
class InstalledVersions:
    """The version (content hash) of each packaged dataset the store holds."""

    ontology: str | None
    catalogs: dict[str, str]
    mapping_sets: dict[str, str]


def installed_versions(store: Store) -> InstalledVersions:
    """What the store holds, read from its version registry only (one small lookup: no
    counting, nothing about where the store is)."""
    versions = store.graph_versions()
    prefix = mapping_graph("")
    return InstalledVersions(
        ontology=versions.get(ONTOLOGY.graph),
        catalogs={c.name: versions[c.graph] for c in CATALOGS if c.graph in versions},
        mapping_sets={
            graph.removeprefix(prefix): version
            for graph, version in sorted(versions.items())
            if graph.startswith(prefix)
        },
    )
