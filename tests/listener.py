"""A tiny HTTP listener on 127.0.0.1 that counts the requests it gets: the target of the
SSRF regression tests (a SERVICE call that got through would show up here).

It answers every request with a one-row SPARQL JSON result, as a real endpoint would, so
a query that reached it would succeed and read the row back.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROW = (
    b'{"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": [{"s": {"type": "uri", '
    b'"value": "urn:leak"}, "p": {"type": "uri", "value": "urn:leak"}, "o": {"type": '
    b'"literal", "value": "secret"}}]}}'
)


@dataclass
class Listener:
    """Where it listens and what it received."""

    url: str
    requests: list[str] = field(default_factory=list)


@contextmanager
def listener() -> Iterator[Listener]:
    """Run the listener for the duration of the block."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            seen.append(f"{self.command} {self.path}")
            length = int(self.headers.get("content-length") or 0)
            if length:
                self.rfile.read(length)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(ROW)))
            self.end_headers()
            self.wfile.write(ROW)

        do_GET = do_POST = _answer  # noqa: N815 - http.server's naming

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Listener(f"http://127.0.0.1:{server.server_address[1]}/sparql", seen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
