"""HTTP service over :mod:`aimsgraph.engine` (FastAPI). Routers stay thin: no SPARQL, no RDF."""
