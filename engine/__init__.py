"""The aimsgraph library: one module per job (see docs in the repository's README)."""
