#!/usr/bin/env python3
"""Generate the framework catalogs (Turtle) from the reviewed source CSVs.

Run after editing anything in ``ontology/sources/``::

    python scripts/build_catalogs.py            # rewrite ontology/frameworks/*.ttl
    python scripts/build_catalogs.py --check    # exit 1 if a committed file is stale

The CSVs are what a reviewer checks against the official texts (see
``ontology/sources/SOURCES.md``); the Turtle is generated once, committed and reviewed as
a diff. Nothing is generated at import time. This script is not part of the installed
package: it only needs rdflib.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import catalog_applicability as applicability
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "ontology" / "sources"
OUT = ROOT / "ontology" / "frameworks"
VOCAB_OUT = ROOT / "ontology" / "vocabularies.ttl"

BASE = "https://w3id.org/aimsgraph/"
AIMS = Namespace(BASE + "ontology#")
VOCAB = BASE + "vocab/"
ELI = Namespace("http://data.europa.eu/eli/ontology#")
CCCEV = Namespace("http://data.europa.eu/m8g/")
NAMESPACES = {
    "iso42001": BASE + "iso42001/",
    "ai-act": BASE + "eu/ai-act/",
    "gdpr": BASE + "eu/gdpr/",
    "dora": BASE + "eu/dora/",
    "nis2": BASE + "eu/nis2/",
}
PREFIX_NAMES = {
    "iso42001": "iso42001",
    "ai-act": "aia",
    "gdpr": "gdpr",
    "dora": "dora",
    "nis2": "nis2",
}
EU_FRAMEWORKS = ("ai-act", "gdpr", "dora", "nis2")
ONTOLOGY = URIRef(BASE + "ontology")
OMNIBUS_ELI = URIRef("http://data.europa.eu/eli/reg/2026/1744/oj")
KIND_CLASS = {
    "clause": AIMS.Clause,
    "category": AIMS.ControlCategory,
    "objective": AIMS.ControlObjective,
    "control": AIMS.Control,
    "annex": AIMS.Annex,
    "chapter": AIMS.Chapter,
    "section": AIMS.Section,
    "article": AIMS.Article,
    "paragraph": AIMS.Paragraph,
    "point": AIMS.Point,
}
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
LABEL_MAX = 160


class SourceError(Exception):
    """A source CSV is inconsistent; the message names file and row."""


def read_csv(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a source CSV with their 1-based line numbers (header is line 1)."""
    with (SOURCES / name).open(encoding="utf-8", newline="") as handle:
        for index, row in enumerate(csv.DictReader(handle), start=2):
            yield index, {k: (v or "").strip() for k, v in row.items()}


def roman_to_int(text: str) -> int:
    total, previous = 0, 0
    for char in reversed(text.upper()):
        value = ROMAN[char]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def natural_key(local_id: str) -> tuple[tuple[int, int, str], ...]:
    """Document order of an id such as ``art-5-1-ba``, ``annex-iii`` or ``A.6.2.4``."""
    parts: list[tuple[int, int, str]] = []
    for part in re.split(r"[-.]", local_id):
        match = re.fullmatch(r"(\d+)([a-z]*)", part)
        if match:
            parts.append((1, int(match.group(1)), match.group(2)))
        elif re.fullmatch(r"[ivxlc]+", part) and local_id.startswith(("annex-", "chapter-")):
            parts.append((1, roman_to_int(part), ""))
        else:
            parts.append((0, 0, part))
    return tuple(parts)


def excerpt(text: str) -> str:
    """A label for an unheaded paragraph or point: its own opening words."""
    if len(text) <= LABEL_MAX:
        return text
    cut = text[:LABEL_MAX].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


@dataclass
class Provision:
    """One row of a catalog before it becomes triples."""

    framework: str
    local_id: str
    kind: str
    notation: str
    label: str
    parent: str | None = None
    text: str = ""
    anchor: str = ""
    documented_information: str = ""
    evidence_kinds: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    amendments: list[dict[str, str]] = field(default_factory=list)

    @property
    def iri(self) -> URIRef:
        return URIRef(NAMESPACES[self.framework] + self.local_id)


class Catalog:
    """Provisions of one framework, keyed by local id, with integrity checks on insert."""

    def __init__(self, framework: str) -> None:
        self.framework = framework
        self.items: dict[str, Provision] = {}

    def add(self, provision: Provision, where: str) -> None:
        if provision.local_id in self.items:
            raise SourceError(f"{where}: duplicate id {self.framework}:{provision.local_id}")
        self.items[provision.local_id] = provision

    def get(self, local_id: str, where: str) -> Provision:
        try:
            return self.items[local_id]
        except KeyError:
            raise SourceError(f"{where}: unknown provision {self.framework}:{local_id}") from None

    def check_parents(self) -> None:
        for item in self.items.values():
            if item.parent is not None and item.parent not in self.items:
                raise SourceError(
                    f"{self.framework}:{item.local_id}: parent {item.parent} does not exist"
                )


# --------------------------------------------------------------------------------------------
# Reading the sources
# --------------------------------------------------------------------------------------------


def read_frameworks() -> dict[str, dict[str, str]]:
    return {row["key"]: row for _, row in read_csv("frameworks.csv")}


def eu_catalogs(frameworks: dict[str, dict[str, str]]) -> dict[str, Catalog]:
    """Chapters, sections, articles and annexes, then paragraphs/points, then amendments."""
    catalogs = {key: Catalog(key) for key in EU_FRAMEWORKS}
    for line, row in read_csv("eu-provisions.csv"):
        where = f"eu-provisions.csv:{line}"
        catalog = catalogs[row["framework"]]
        parent: str | None = None
        if row["chapter"]:
            chapter_id = f"chapter-{row['chapter'].lower()}"
            if chapter_id not in catalog.items:
                catalog.add(
                    Provision(
                        row["framework"],
                        chapter_id,
                        "chapter",
                        f"Chapter {row['chapter']}",
                        row["chapter_title"],
                    ),
                    where,
                )
            parent = chapter_id
            if row["section"]:
                section_id = f"{chapter_id}-section-{row['section'].lower()}"
                if section_id not in catalog.items:
                    label = row["section_title"] or f"Section {row['section']}"
                    catalog.add(
                        Provision(
                            row["framework"],
                            section_id,
                            "section",
                            f"Chapter {row['chapter']}, Section {row['section']}",
                            label,
                            parent=chapter_id,
                        ),
                        where,
                    )
                parent = section_id
        if row["kind"] == "article":
            local_id, anchor = f"art-{row['number']}", f"art_{row['number']}"
        elif row["kind"] == "annex":
            local_id, anchor = f"annex-{row['number'].lower()}", f"anx_{row['number']}"
        else:
            raise SourceError(f"{where}: unknown kind {row['kind']!r}")
        catalog.add(
            Provision(
                row["framework"],
                local_id,
                row["kind"],
                row["provision"],
                row["title"],
                parent=parent,
                anchor=anchor,
            ),
            where,
        )

    for line, row in read_csv("eu-subdivisions.csv"):
        where = f"eu-subdivisions.csv:{line}"
        catalog = catalogs[row["framework"]]
        article = catalog.get(row["id"].split("-")[0] + "-" + row["id"].split("-")[1], where)
        catalog.add(
            Provision(
                row["framework"],
                row["id"],
                row["kind"],
                row["notation"],
                excerpt(row["text"]),
                parent=row["parent"],
                text=row["text"],
                anchor=article.anchor,
            ),
            where,
        )

    apply_amendments(catalogs["ai-act"])
    for catalog in catalogs.values():
        catalog.check_parents()
    return catalogs


def apply_amendments(catalog: Catalog) -> None:
    """Show the AI Act as it stands today, keeping what each amendment changed and when."""
    for line, row in read_csv("ai-act-amendments.csv"):
        where = f"ai-act-amendments.csv:{line}"
        target, change = row["target"], row["change"]
        if change == "inserted" and not row["scope"]:
            match = re.fullmatch(r"(art|annex)-([0-9a-z]+?)(?:-(.+))?", target)
            if not match:
                raise SourceError(f"{where}: cannot read target {target!r}")
            if match.group(1) == "annex":
                provision = Provision(
                    "ai-act", target, "annex", row["notation"], row["title"], text=row["text"]
                )
            elif match.group(3) is None:
                # A new article sits in the chapter/section of the article it follows.
                number = re.match(r"\d+", match.group(2))
                assert number is not None
                neighbour = catalog.get(f"art-{number.group(0)}", where)
                provision = Provision(
                    "ai-act",
                    target,
                    "article",
                    row["notation"],
                    row["title"],
                    parent=neighbour.parent,
                    text=row["text"],
                    anchor=f"art_{match.group(2)}",
                )
            else:
                article = catalog.get(f"art-{match.group(2)}", where)
                parts = match.group(3).split("-")
                kind = "paragraph" if len(parts) == 1 else "point"
                parent_id = (
                    article.local_id if kind == "paragraph" else f"{article.local_id}-{parts[0]}"
                )
                text = re.sub(r"^(\d+[a-z]*\.|\([a-z]+\))\s*", "", row["text"])
                provision = Provision(
                    "ai-act",
                    target,
                    kind,
                    row["notation"],
                    excerpt(text),
                    parent=parent_id,
                    text=text,
                    anchor=article.anchor,
                )
            provision.amendments.append(row)
            catalog.add(provision, where)
            continue
        # A scoped row (a paragraph or point the catalog does not list, e.g. "paragraph 13")
        # is recorded on the catalogued provision that contains it, whatever the change.
        provision = catalog.get(target, where)
        provision.amendments.append(row)
        if change == "heading-replaced":
            row = {**row, "previous_label": provision.label}
            provision.amendments[-1] = row
            provision.label = row["title"]
        elif change == "replaced" and not row["scope"] and row["text"]:
            text = re.sub(r"^(\d+[a-z]*\.|\([a-z]+\))\s*", "", row["text"])
            provision.amendments[-1] = {**row, "previous_text": provision.text}
            if provision.kind in ("paragraph", "point"):
                provision.label = excerpt(text)
            provision.text = text


def iso_catalog() -> Catalog:
    catalog = Catalog("iso42001")
    for line, row in read_csv("iso42001.csv"):
        catalog.add(
            Provision(
                "iso42001",
                row["id"],
                row["kind"],
                row["notation"],
                row["title"],
                parent=row["parent"] or None,
                documented_information=row["documented_information"],
                evidence_kinds=[k for k in row["evidence_kinds"].split(";") if k],
                sources=[s for s in row["sources"].split(";") if s],
            ),
            f"iso42001.csv:{line}",
        )
    catalog.check_parents()
    return catalog


# --------------------------------------------------------------------------------------------
# Writing triples
# --------------------------------------------------------------------------------------------


def new_graph(framework: str) -> Graph:
    graph = Graph()
    graph.bind("aims", AIMS)
    graph.bind("skos", SKOS)
    graph.bind("dct", DCTERMS)
    graph.bind("dcat", DCAT)
    graph.bind("eli", ELI)
    graph.bind("prov", PROV)
    graph.bind("owl", OWL)
    graph.bind(PREFIX_NAMES[framework], Namespace(NAMESPACES[framework]))
    return graph


def describe_scheme(graph: Graph, meta: dict[str, str]) -> URIRef:
    key = meta["key"]
    scheme = URIRef(NAMESPACES[key] + "scheme")
    graph.add((scheme, RDF.type, AIMS.Framework))
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, SKOS.notation, Literal(key)))
    graph.add((scheme, SKOS.prefLabel, Literal(meta["short_title"], lang="en")))
    graph.add((scheme, DCTERMS.title, Literal(meta["title"], lang="en")))
    graph.add((scheme, DCTERMS.identifier, Literal(meta["identifier"])))
    graph.add((scheme, DCTERMS.issued, Literal(meta["issued"], datatype=XSD.date)))
    graph.add((scheme, DCTERMS.publisher, Literal(meta["publisher"])))
    graph.add((scheme, DCTERMS.rights, Literal(meta["licence"], lang="en")))
    graph.add((scheme, OWL.versionInfo, Literal(meta["catalog_version"])))
    graph.add((scheme, DCAT.landingPage, URIRef(meta["homepage"])))
    graph.add((scheme, RDFS.isDefinedBy, ONTOLOGY))
    if meta["eli"]:
        act = URIRef(meta["eli"])
        graph.add((scheme, AIMS.legalResource, act))
        graph.add((act, RDF.type, ELI.LegalResource))
        graph.add((act, ELI.title, Literal(meta["title"], lang="en")))
        graph.add((act, ELI.id_local, Literal(meta["identifier"].removeprefix("CELEX:"))))
        graph.add((act, ELI.date_document, Literal(meta["issued"], datatype=XSD.date)))
    return scheme


def describe_provision(
    graph: Graph, provision: Provision, scheme: URIRef, order: int, meta: dict[str, str]
) -> None:
    node = provision.iri
    framework = provision.framework
    graph.add((node, RDF.type, KIND_CLASS[provision.kind]))
    graph.add((node, RDF.type, SKOS.Concept))
    graph.add((node, SKOS.inScheme, scheme))
    graph.add((node, AIMS.framework, scheme))
    graph.add((node, SKOS.notation, Literal(provision.notation)))
    graph.add((node, SKOS.prefLabel, Literal(provision.label, lang="en")))
    graph.add((node, AIMS.shortId, Literal(f"{framework}:{provision.local_id}")))
    graph.add((node, AIMS.kind, Literal(provision.kind)))
    graph.add((node, AIMS.sortKey, Literal(order, datatype=XSD.integer)))
    if provision.parent is None:
        graph.add((node, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, node))
    else:
        graph.add((node, SKOS.broader, URIRef(NAMESPACES[framework] + provision.parent)))
    if provision.text:
        graph.add((node, AIMS.officialText, Literal(provision.text, lang="en")))
    if meta["eli"]:
        graph.add((node, ELI.is_part_of, URIRef(meta["eli"])))
        if provision.anchor:
            graph.add((node, DCTERMS.source, URIRef(meta["eurlex"] + "#" + provision.anchor)))
        else:
            graph.add((node, DCTERMS.source, URIRef(meta["eurlex"])))
    if provision.documented_information:
        graph.add(
            (node, AIMS.documentedInformation, Literal(provision.documented_information, lang="en"))
        )
    for kind in provision.evidence_kinds:
        graph.add((node, AIMS.expectedEvidenceKind, URIRef(f"{VOCAB}evidence-kind/{kind}")))
    for source in provision.sources:
        graph.add((node, DCTERMS.source, Literal(source)))
    for index, amendment in enumerate(provision.amendments, start=1):
        describe_amendment(graph, provision, amendment, index)


def describe_amendment(graph: Graph, provision: Provision, row: dict[str, str], index: int) -> None:
    node = URIRef(
        f"{NAMESPACES[provision.framework]}amendment/2026-1744/{provision.local_id}/{index}"
    )
    graph.add((provision.iri, AIMS.amendedBy, node))
    graph.add((node, RDF.type, AIMS.Amendment))
    graph.add((node, AIMS.change, Literal(row["change"])))
    graph.add((node, AIMS.amendingProvision, Literal(row["amending_provision"])))
    graph.add((node, AIMS.effectiveFrom, Literal(row["effective_from"], datatype=XSD.date)))
    graph.add((node, DCTERMS.source, OMNIBUS_ELI))
    graph.add((node, RDFS.comment, Literal(row["source"], lang="en")))
    if row["scope"]:
        graph.add(
            (
                node,
                DCTERMS.description,
                Literal(
                    f"{row['change']}: {row['scope']}"
                    + (f". New text: {row['text']}" if row["text"] else ""),
                    lang="en",
                ),
            )
        )
    if row.get("previous_label"):
        graph.add((node, AIMS.previousLabel, Literal(row["previous_label"], lang="en")))
    if row.get("previous_text"):
        graph.add((node, AIMS.previousText, Literal(row["previous_text"], lang="en")))


def describe_applicability(graphs: dict[str, Graph], catalogs: dict[str, Catalog]) -> None:
    """Applicability per paragraph and point (``sources/applicability/``): timing rules and
    rows, validated, as RDF on the EU catalogs (see catalog_applicability.py)."""
    eu_graphs = {key: graphs[key] for key in EU_FRAMEWORKS}
    namespaces = {key: NAMESPACES[key] for key in EU_FRAMEWORKS}
    try:
        timings = applicability.describe_timings(eu_graphs, namespaces, TIMING_ACTS)
        applicability.describe_rows(
            eu_graphs,
            {key: descendants(catalogs[key]) for key in EU_FRAMEWORKS},
            namespaces,
            {row["addressee"]: row["kind"] for row in addressee_rows()},
            timings,
        )
    except applicability.ApplicabilityError as error:
        raise SourceError(str(error)) from None


TIMING_ACTS = {"aia-": "ai-act", "gdpr": "gdpr", "dora": "dora", "nis2": "nis2"}


def descendants(catalog: Catalog) -> dict[str, list[str]]:
    """Every provision's descendants in document order."""
    children: dict[str, list[str]] = defaultdict(list)
    for item in ordered(catalog):
        if item.parent:
            children[item.parent].append(item.local_id)

    def below(local_id: str) -> list[str]:
        result = []
        for child in children[local_id]:
            result += [child, *below(child)]
        return result

    return {local_id: below(local_id) for local_id in catalog.items}


def addressee_rows() -> list[dict[str, str]]:
    return [row for _, row in read_csv("applicability/addressees.csv")]


def ordered(catalog: Catalog) -> list[Provision]:
    """Document order: a depth-first walk with siblings in natural order (clauses, chapters
    and their articles first, annexes last)."""
    children: dict[str | None, list[Provision]] = defaultdict(list)
    for item in catalog.items.values():
        children[item.parent].append(item)

    def sibling_key(item: Provision) -> tuple[object, ...]:
        rank = 1 if item.kind in ("annex", "category", "objective", "control") else 0
        return (rank, natural_key(item.local_id))

    result: list[Provision] = []
    stack = sorted(children[None], key=sibling_key, reverse=True)
    while stack:
        item = stack.pop()
        result.append(item)
        stack.extend(sorted(children[item.local_id], key=sibling_key, reverse=True))
    return result


# --------------------------------------------------------------------------------------------
# Controlled vocabularies
# --------------------------------------------------------------------------------------------


def read_vocabulary() -> dict[str, dict[str, dict[str, str]]]:
    vocab: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    for _, row in read_csv("vocabularies.csv"):
        vocab[row["scheme"]][row["notation"]] = row
    return vocab


VOCABULARY = read_vocabulary()


def vocabulary_graph() -> Graph:
    graph = Graph()
    graph.bind("aims", AIMS)
    graph.bind("skos", SKOS)
    graph.bind("aimsv", Namespace(VOCAB))
    for scheme_key, concepts in VOCABULARY.items():
        scheme = URIRef(f"{VOCAB}{scheme_key}")
        graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        graph.add((scheme, SKOS.prefLabel, Literal(scheme_key.replace("-", " "), lang="en")))
        graph.add((scheme, RDFS.isDefinedBy, ONTOLOGY))
        for notation, row in concepts.items():
            concept = URIRef(f"{VOCAB}{scheme_key}/{notation}")
            graph.add((concept, RDF.type, SKOS.Concept))
            graph.add((concept, SKOS.inScheme, scheme))
            graph.add((concept, SKOS.topConceptOf, scheme))
            graph.add((concept, SKOS.notation, Literal(notation)))
            graph.add((concept, SKOS.prefLabel, Literal(row["label"], lang="en")))
            graph.add((concept, SKOS.definition, Literal(row["definition"], lang="en")))
            graph.add((concept, RDFS.isDefinedBy, ONTOLOGY))
            if row["close_match"]:
                graph.add((concept, SKOS.closeMatch, URIRef(row["close_match"])))
    for row in addressee_rows():
        concept = URIRef(f"{VOCAB}addressee/{row['addressee']}")
        _concept(graph, "addressee", concept, row["addressee"], row["label"], row["definition"])
        graph.add((concept, AIMS.addresseeKind, Literal(row["kind"])))
        if row["close_match"]:
            graph.add((concept, SKOS.closeMatch, URIRef(row["close_match"])))
    for _, row in read_csv("applicability/facts.csv"):
        concept = URIRef(f"{VOCAB}fact/{row['fact']}")
        _concept(graph, "fact", concept, row["fact"], row["label"], row["source"])
        graph.add((concept, AIMS.factSubject, Literal(row["subject"])))
        graph.add((concept, AIMS.holdsText, Literal(row["holds"], lang="en")))
        graph.add((concept, AIMS.failsText, Literal(row["fails"], lang="en")))
        if row["default"]:
            graph.add((concept, AIMS.defaultValue, Literal(row["default"])))
    return graph


def _concept(
    graph: Graph, scheme_key: str, concept: URIRef, notation: str, label: str, definition: str
) -> None:
    scheme = URIRef(f"{VOCAB}{scheme_key}")
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, SKOS.prefLabel, Literal(scheme_key, lang="en")))
    graph.add((scheme, RDFS.isDefinedBy, ONTOLOGY))
    graph.add((concept, RDF.type, SKOS.Concept))
    graph.add((concept, SKOS.inScheme, scheme))
    graph.add((concept, SKOS.topConceptOf, scheme))
    graph.add((concept, SKOS.notation, Literal(notation)))
    graph.add((concept, SKOS.prefLabel, Literal(label, lang="en")))
    graph.add((concept, SKOS.definition, Literal(definition, lang="en")))
    graph.add((concept, RDFS.isDefinedBy, ONTOLOGY))


# --------------------------------------------------------------------------------------------


def build() -> dict[Path, Graph]:
    frameworks = read_frameworks()
    catalogs: dict[str, Catalog] = {"iso42001": iso_catalog(), **eu_catalogs(frameworks)}
    graphs = {key: new_graph(key) for key in catalogs}
    for key, catalog in catalogs.items():
        scheme = describe_scheme(graphs[key], frameworks[key])
        for order, provision in enumerate(ordered(catalog), start=1):
            describe_provision(graphs[key], provision, scheme, order, frameworks[key])
    describe_applicability(graphs, catalogs)
    outputs = {OUT / f"{key}.ttl": graph for key, graph in graphs.items()}
    outputs[VOCAB_OUT] = vocabulary_graph()
    return outputs


HEADER = (
    "# GENERATED by scripts/build_catalogs.py from ontology/sources/ (see SOURCES.md there).\n"
    "# Edit the CSV sources and rerun the script; review this file as a diff.\n"
)


def serialise(graph: Graph) -> str:
    return HEADER + graph.serialize(format="longturtle")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a committed file is stale")
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        outputs = build()
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    stale = []
    for path, graph in outputs.items():
        text = serialise(graph)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)} ({len(graph)} triples)")
    if stale:
        for path in stale:
            print(
                f"stale: {path.relative_to(ROOT)} (run scripts/build_catalogs.py)", file=sys.stderr
            )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
