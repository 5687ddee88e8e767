"""Coverage, gaps (SHACL shapes and the compiled SPARQL executor), the remediation plan,
ontology reasoning and integrity checks. Uses org/, crosswalks/, law/, store/ and the shared
modules.
"""
