"""What-if: assume controls implemented, see the scores before and after and what changed."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
