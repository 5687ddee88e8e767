"""Killable query worker processes for the embedded store (the server side).

A thread cannot be stopped, so a query that ran past its time limit used to keep burning
CPU. Here each query runs in a worker process (:mod:`.worker`); past the limit the process
is killed (SIGKILL) and a fresh one takes its place, so the CPU is free again at once. The
pool has a fixed size: a query waits for an idle worker for at most its own time limit.
"""

from __future__ import annotations

import logging
import os
import queue
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection

from ..errors import StoreError
from .answers import Answer, EndpointBusyError, QueryTimeoutError
from .worker import KINDS, Job, Reply

log = logging.getLogger("aimsgraph.endpoint")
_WORKER = [sys.executable, "-m", "aimsgraph.engine.endpoint.worker"]


class Worker:
    """One worker process and its two pipes."""

    def __init__(self) -> None:
        # The worker needs no secrets: the admin key and store credentials stay here.
        env = {k: v for k, v in os.environ.items() if not k.startswith("AIMSGRAPH_")}
        self.process = subprocess.Popen(
            _WORKER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._jobs = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self._replies = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()

    @property
    def pid(self) -> int:
        """The worker's process id."""
        return self.process.pid

    def ask(self, job: Job, timeout: float) -> Reply | None:
        """Send ``job`` and wait up to ``timeout`` s for the reply (``None``: no reply)."""
        self._jobs.send(job)
        if not self._replies.poll(max(0.0, timeout)):
            return None
        reply: Reply = self._replies.recv()
        return reply

    def stop(self) -> None:
        """Kill the process and wait for it, so it uses no CPU and holds no checkpoint."""
        for connection in (self._jobs, self._replies):
            connection.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


class WorkerPool:
    """``size`` worker processes; thread-safe."""

    def __init__(self, size: int) -> None:
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: set[Worker] = set()
        self._closed = False
        for _ in range(size):
            self._idle.put(self._spawn())

    def _spawn(self) -> Worker:
        worker = Worker()
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: Worker) -> None:
        worker.stop()
        with self._lock:
            self._all.discard(worker)

    def pids(self) -> list[int]:
        """Process ids of the current workers (for tests and diagnostics)."""
        with self._lock:
            return sorted(w.pid for w in self._all)

    def run(self, job: Job, timeout: float) -> Answer:
        """Run ``job`` in an idle worker within ``timeout`` s (waiting included)."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise EndpointBusyError(
                "every query worker is busy; try again in a few seconds"
            ) from None
        healthy = False
        try:
            reply = worker.ask(job, deadline - time.monotonic())
            if reply is None:
                raise QueryTimeoutError(
                    f"the query ran longer than {timeout:g} s and was stopped; "
                    "narrow it or add LIMIT"
                )
            healthy = True
        except (EOFError, OSError) as error:
            log.warning("SPARQL worker %s stopped: %s", worker.pid, error)
            raise StoreError("the query worker stopped unexpectedly; try again") from None
        finally:
            if healthy and not self._closed:
                self._idle.put(worker)
            else:
                self._retire(worker)
                if not self._closed:
                    self._idle.put(self._spawn())
        kind, body, text = reply
        if kind == "ok":
            return Answer(body, text)
        raise KINDS.get(kind, StoreError)(text)

    def close(self) -> None:
        """Stop every worker (busy ones are killed; their callers get an error)."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._retire(worker)
