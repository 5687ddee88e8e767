"""SERVICE payloads for the SSRF regression tests: ``URL`` stands for the listener's URL.

The first is the one from issue #18 (it passed the old text check); the others put
SERVICE everywhere the algebra can hold it and spell it every way the grammar allows.
"""

from __future__ import annotations

PAYLOADS = [
    "SELECT * WHERE { FILTER(1<2)SERVICE<URL>{?s ?p ?o} }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <URL> { ?s ?p ?o } } }",
    "SELECT * WHERE { BIND(1 AS ?x) FILTER NOT EXISTS { SERVICE <URL> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <URL> { ?s ?p ?o } } LIMIT 1 } }",
    "SELECT * WHERE { BIND(1 AS ?x) OPTIONAL { SERVICE <URL> { ?s ?p ?o } } }",
    "SELECT * WHERE { { BIND(1 AS ?x) } UNION { SERVICE <URL> { ?s ?p ?o } } }",
    "SELECT * WHERE { BIND(1 AS ?x) MINUS { SERVICE <URL> { ?x ?p ?o } } }",
    "SELECT * WHERE { GRAPH ?g { SERVICE <URL> { ?s ?p ?o } } }",
    "SELECT * WHERE { SERVICE SILENT <URL> { ?s ?p ?o } }",
    "select *\nwhere {\n  # a comment\n  service\n  silent\n  <URL>\n  { ?s ?p ?o } }",
    "PREFIX remote: <URL#> SELECT * WHERE { SERVICE remote:x { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?x { <URL> } SERVICE ?x { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <URL> { ?s ?p ?o } }",
    "ASK { FILTER(1<2)SERVICE<URL>{?s ?p ?o} }",
    "CONSTRUCT { ?s ?p ?o } WHERE { FILTER(1<2)SERVICE<URL>{?s ?p ?o} }",
    "DESCRIBE ?s WHERE { FILTER(1<2)SERVICE<URL>{?s ?p ?o} }",
]


def payloads(url: str) -> list[str]:
    """The payloads aimed at ``url``."""
    return [p.replace("URL", url) for p in PAYLOADS]
