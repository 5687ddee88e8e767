"""The read-only SPARQL endpoint's engine side: query checks, dataset scoping, bounded
execution, result serialisation. Uses org/, store/ and the shared modules.
"""
