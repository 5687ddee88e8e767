"""A query worker process (``python -m aimsgraph.engine.endpoint.worker``).

Reads jobs from stdin and writes answers to stdout (``multiprocessing`` framing). Each job
names a read-only checkpoint of the embedded store; the worker opens it, evaluates and
serialises the query (row cap included) and closes it again, so it holds no checkpoint
between jobs. The server kills a worker whose query runs past the time limit.

Before it reads anything the worker gives up the network where the OS allows it (a new user
and network namespace on Linux: no interface but a loopback that is down), so even a
``SERVICE`` call that got past the guard could reach nothing. If that is not permitted it
says so once on stderr and relies on the guard.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import sys
from multiprocessing.connection import Connection

from ..errors import AimsgraphError, QueryRefusedError, StoreError
from ..store import EmbeddedStore
from .answers import Answer, QueryTooLargeError, evaluate, one_line

log = logging.getLogger("aimsgraph.endpoint.worker")
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
Job = tuple[str, str, list[str], str, int]
"""(checkpoint directory, query, graphs, Accept header, row cap)."""
Reply = tuple[str, bytes, str]
"""("ok", body, media type) or (error kind, b"", message)."""
KINDS: dict[str, type[AimsgraphError]] = {
    "refused": QueryRefusedError,
    "too-large": QueryTooLargeError,
    "store": StoreError,
}


def isolate_network() -> bool:
    """Leave the host's network namespace (Linux, unprivileged user namespaces allowed)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET)) == 0
    except (OSError, AttributeError):
        return False


def handle(job: Job) -> Reply:
    """Evaluate one job; every error becomes a reply (kind, message)."""
    directory, query, graphs, accept, max_rows = job
    try:
        store = EmbeddedStore(directory, read_only=True)
    except StoreError as error:
        log.warning("cannot open the checkpoint: %s", error)
        return ("store", b"", "the store could not answer the query; try again later")
    try:
        answer: Answer = evaluate(store, query, graphs, accept, max_rows)
    except AimsgraphError as error:
        kind = next((k for k, cls in KINDS.items() if isinstance(error, cls)), "refused")
        return (kind, b"", one_line(error))
    except Exception:  # a bug: logged here, reported as a failure of the store
        log.exception("query failed")
        return ("store", b"", "the query failed unexpectedly; it has been logged")
    finally:
        del store
    return ("ok", answer.body, answer.media_type)


def main() -> None:
    """Serve jobs until stdin closes."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(name)s: %(message)s")
    if not isolate_network():
        log.warning("could not drop network access (no user namespaces); the guard still holds")
    # rdflib's grammar recurses once per triple pattern in a row: the default limit stops
    # at about 80; this process is single-threaded with the main thread's stack.
    sys.setrecursionlimit(10_000)
    with contextlib.suppress(OSError):
        os.nice(10)  # the API process comes first on a busy machine
    jobs = Connection(os.dup(0), writable=False)
    replies = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # stray prints go to stderr, never into the reply stream
    while True:
        try:
            job: Job = jobs.recv()
        except EOFError:
            return
        replies.send(handle(job))


if __name__ == "__main__":
    main()
