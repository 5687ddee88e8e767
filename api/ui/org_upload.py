"""Upload of the client's files (the folder files or one XLSX), errors next to file, row, column."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
