"""An organisation's input: typed records and their rules, readers (CSV folder, XLSX,
Turtle/JSON-LD), the atomic loader, API keys. Uses law/, store/ and the shared modules.
"""
