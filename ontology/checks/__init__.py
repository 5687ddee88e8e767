"""Package data: ontology/checks (read with importlib.resources)."""
