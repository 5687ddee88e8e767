"""SPARQL queries run by the engine, one ``.rq`` file each (package data)."""
