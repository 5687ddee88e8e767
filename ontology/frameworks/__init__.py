"""Package data: ontology/frameworks (read with importlib.resources)."""
