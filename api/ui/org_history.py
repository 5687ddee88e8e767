"""Recorded analyses and the comparison of two of them."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
