"""Downloads: the report as HTML, PDF or XLSX, and the Statement of Applicability as CSV."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
