"""Package data: ontology (read with importlib.resources)."""
