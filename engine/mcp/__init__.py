"""The Model Context Protocol server: read-only tools and resources for AI assistants.

``aimsgraph mcp`` serves them over stdio (or streamable HTTP on the loopback interface). The
tools call the same engine functions as the CLI, on the same store; nothing here writes.
May import: present, analysis, org, crosswalks, law, store and the shared modules.
"""
