"""The committed catalogs match their sources and load in every RDF toolkit we use."""

from __future__ import annotations

import csv
import subprocess
import sys
from importlib.resources import files

import pyoxigraph
import pytest
from conftest import REPO
from rdflib import Graph

CATALOG_FILES = ["iso42001.ttl", "ai-act.ttl", "gdpr.ttl", "dora.ttl", "nis2.ttl"]


def test_generated_catalogs_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_catalogs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", CATALOG_FILES)
def test_catalogs_are_packaged_and_parse_in_rdflib_and_oxigraph(name: str) -> None:
    text = files("aimsgraph.ontology.frameworks").joinpath(name).read_text(encoding="utf-8")
    graph = Graph().parse(data=text, format="turtle")
    store = pyoxigraph.Store()
    store.load(text, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(graph) == len(store) > 1000


def test_core_and_shapes_are_packaged() -> None:
    for package, name in [
        ("aimsgraph.ontology", "core.ttl"),
        ("aimsgraph.ontology", "vocabularies.ttl"),
        ("aimsgraph.ontology.shapes", "ontology-qc.shapes.ttl"),
    ]:
        Graph().parse(data=files(package).joinpath(name).read_text(encoding="utf-8"))


def test_every_nis2_measure_is_in_the_catalog_verbatim() -> None:
    """Art. 21(2)(a)-(j) against the independently extracted reference list."""
    rows = list(csv.DictReader((REPO / "ontology/sources/eu-subdivisions.csv").open()))
    points = {r["id"]: r["text"] for r in rows if r["framework"] == "nis2"}
    reference = REPO / "ontology/sources/nis2-art21-measures.csv"
    for row in csv.DictReader(reference.open(encoding="utf-8")):
        assert points[f"art-21-2-{row['point']}"] == row["text"]


def test_every_subdivision_sits_under_an_article_of_the_catalog() -> None:
    articles = {
        (r["framework"], f"art-{r['number']}")
        for r in csv.DictReader((REPO / "ontology/sources/eu-provisions.csv").open())
        if r["kind"] == "article"
    }
    for row in csv.DictReader((REPO / "ontology/sources/eu-subdivisions.csv").open()):
        article = "-".join(row["id"].split("-")[:2])
        assert (row["framework"], article) in articles, row["id"]
        assert row["text"].strip() == row["text"] != ""
