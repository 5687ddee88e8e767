"""What people read: the report model, its HTML/XLSX/CSV writers and templates, CLI table
rendering, RDF views for content negotiation. Uses analysis/ and everything below it.
"""
