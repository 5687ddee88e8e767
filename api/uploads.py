"""Receiving an organisation's files: shared by ``PUT /orgs/{org}/data`` and the web
interface's upload page, so both accept the same files and import them the same way."""

from __future__ import annotations

import tempfile
from pathlib import Path

from aimsgraph.engine.errors import InputError
from aimsgraph.engine.errors import Problem as InputProblem
from aimsgraph.engine.org import loader
from aimsgraph.engine.org.orgdata import OrgData
from aimsgraph.engine.store import Store
from starlette.datastructures import UploadFile

FOLDER_FILES = set(loader.FILES)
RDF_BODIES = {
    "text/turtle": "data.ttl",
    "application/ld+json": "data.jsonld",
    "application/n-triples": "data.nt",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BODIES = {**RDF_BODIES, XLSX: "data.xlsx"}  # a whole-body upload and its file name
MAX_FILES = 8  # the four folder files and room for a mistake, never an unbounded form


async def read_parts(uploads: list[UploadFile], limit: int) -> dict[str, bytes]:
    """The uploaded files by the names the client gave; one name twice is an error (it
    would otherwise be last-wins)."""
    names = [Path(u.filename or "").name for u in uploads]
    single_workbook = len(uploads) == 1 and names[0].lower().endswith(".xlsx")
    problems = [
        InputProblem(
            n or "(unnamed part)", f"expected one of {', '.join(sorted(FOLDER_FILES))} or one .xlsx"
        )
        for n in names
        if n not in FOLDER_FILES and not single_workbook
    ]
    problems += [
        InputProblem(n, "sent more than once; send each file once")
        for n in sorted({n for n in names if names.count(n) > 1})
    ]
    if problems:
        raise InputError(problems)
    return {name: await upload.read(limit + 1) for upload, name in zip(uploads, names, strict=True)}


def import_parts(store: Store, org: str, parts: dict[str, bytes]) -> tuple[OrgData, int]:
    """Write the parts to a private temporary folder and import them (in a worker thread).
    Problems name the files as the client sent them, never the temporary path."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, content in parts.items():
            (folder / _stored_name(name)).write_bytes(content)
        if len(parts) == 1 and not set(parts) <= FOLDER_FILES:
            (name,) = parts
            label = "request body" if name in BODIES.values() else name
            return loader.import_org(store, folder / _stored_name(name), org, label)
        return loader.import_org(store, folder, org, label="")


def _stored_name(name: str) -> str:
    """The file name on disk: the folder files as they are; one workbook as data.xlsx."""
    return name if name in FOLDER_FILES or name in BODIES.values() else "data.xlsx"
