"""Mapping sets: SSSOM read/validate/write, their RDF view, the networkx crosswalk with
composition, exports (SSSOM, SKOS, OSCAL). Uses law/, store/ and the shared modules.
"""
