"""Package data: SSSOM mapping sets (read with importlib.resources)."""
