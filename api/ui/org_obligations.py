"""The obligation explorer and each obligation's page (why it has its status)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
