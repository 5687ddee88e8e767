"""Sign-in sessions of the web interface, held in the server's memory.

The browser gets only a random token (cookie ``aimsgraph_session``: HttpOnly, SameSite=Strict,
Secure over HTTPS); the organisation and the session's CSRF token stay on the server, so a
session can be ended for good (sign-out, idle time-out, organisation deleted) and the API key
is never stored anywhere after the sign-in checked it. Sessions do not survive a restart: the
user signs in again.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

SESSION_COOKIE = "aimsgraph_session"
IDLE_S = 60 * 60  # an hour without a request ends the session
MAX_AGE_S = 12 * 60 * 60  # and a working day at most
MAX_SESSIONS = 10_000  # memory bound: the oldest are ended first


@dataclass
class Session:
    """One signed-in browser: its organisation and the token its forms must carry."""

    org: str
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    created: float = field(default_factory=time.monotonic)
    seen: float = field(default_factory=time.monotonic)


class Sessions:
    """Thread-safe map from session token to :class:`Session`, with expiry."""

    def __init__(self, idle_s: float = IDLE_S, max_age_s: float = MAX_AGE_S) -> None:
        self.idle_s, self.max_age_s = idle_s, max_age_s
        self._lock = threading.Lock()
        self._by_token: OrderedDict[str, Session] = OrderedDict()

    def start(self, org: str) -> tuple[str, Session]:
        """A new session for ``org``: its cookie token and the session."""
        token, session = secrets.token_urlsafe(32), Session(org)
        with self._lock:
            self._by_token[token] = session
            while len(self._by_token) > MAX_SESSIONS:
                self._by_token.popitem(last=False)
        return token, session

    def get(self, token: str | None) -> Session | None:
        """The live session of ``token`` (refreshing its idle clock), or None."""
        if not token:
            return None
        now = time.monotonic()
        with self._lock:
            session = self._by_token.get(token)
            if session is None:
                return None
            if now - session.seen > self.idle_s or now - session.created > self.max_age_s:
                del self._by_token[token]
                return None
            session.seen = now
            self._by_token.move_to_end(token)
            return session

    def end(self, token: str | None) -> None:
        """Forget the session (sign-out)."""
        if token:
            with self._lock:
                self._by_token.pop(token, None)

    def end_org(self, org: str) -> None:
        """Forget every session of an organisation (it was deleted)."""
        with self._lock:
            for token in [t for t, s in self._by_token.items() if s.org == org]:
                del self._by_token[token]
