"""The ``aimsgraph`` command: one module per command group, thin over the engine.
Uses present/, analysis/ and everything below; nothing imports it.
"""
