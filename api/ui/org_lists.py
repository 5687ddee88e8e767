"""Gaps, the remediation plan and the evidence register, with their filters."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
