"""Package data: ontology/shapes (read with importlib.resources)."""
