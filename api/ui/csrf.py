"""CSRF tokens for the web interface's forms.

Signed-in pages use the session's own token (kept on the server). Before sign-in (the sign-in
form itself) there is no session, so the browser gets a random nonce in an HttpOnly,
SameSite=Strict cookie and the form carries an HMAC of that nonce under a per-process secret:
a page on another site can neither read the cookie nor compute the token. Every POST under
``/ui/`` is checked, in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PRE_SESSION_COOKIE = "aimsgraph_csrf"
FIELD = "csrf_token"


class CsrfSigner:
    """Derives the pre-session form token from the cookie nonce."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    @staticmethod
    def new_nonce() -> str:
        """A fresh cookie nonce."""
        return secrets.token_urlsafe(32)

    def token_for(self, nonce: str) -> str:
        """The form token that goes with ``nonce``."""
        return hmac.new(self._secret, nonce.encode(), hashlib.sha256).hexdigest()

    def valid(self, nonce: str | None, token: str | None) -> bool:
        """Whether the form's token matches the cookie's nonce."""
        if not nonce or not token:
            return False
        return hmac.compare_digest(self.token_for(nonce), token)


def same(expected: str, token: str | None) -> bool:
    """Constant-time check of a signed-in form's token against the session's."""
    return bool(token) and hmac.compare_digest(expected, token or "")
