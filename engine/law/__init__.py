"""The framework catalogs: provisions, their hierarchy, ELI links, applicability and amendments.
Uses store/ and the shared modules.
"""
