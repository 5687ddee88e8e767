"""Reading the organisation pages in tests with an HTML parser: element ids, the fields a
page marks with ``data-field`` (row by row), obligation links, and the API's JSON for the
same organisation to compare with."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Cell:
    """One ``data-field`` element: the row it is in (the ``tr``'s id or ``data-id``), its
    field name, its text and its ``data-value``."""

    row: str
    field: str
    text: str
    value: str | None


@dataclass
class Parsed:
    """What a page holds, as the tests read it."""

    ids: dict[str, str] = field(default_factory=dict)  # element id -> tag
    cells: list[Cell] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # hrefs of a.obligation
    rows: dict[str, list[str]] = field(default_factory=dict)  # table/ol id -> row keys
    h1: list[str] = field(default_factory=list)
    svgs: int = 0

    def field(self, row: str, name: str) -> Cell:
        """The one cell ``name`` of row ``row``."""
        found = [c for c in self.cells if c.row == row and c.field == name]
        assert len(found) == 1, (row, name, found)
        return found[0]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Parsed()
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.open: list[tuple[int, Cell]] = []  # cells being read, with their depth
        self.h1: list[str] | None = None
        self.lists: list[tuple[int, str]] = []  # open table/ol with an id, with depth

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.page.ids[a["id"]] = tag
        if tag == "svg" and "chart" in a.get("class", "").split():
            self.page.svgs += 1
        if tag == "a" and "obligation" in a.get("class", "").split():
            self.page.links.append(a.get("href", ""))
        if tag in VOID:
            return
        self.stack.append((tag, a))
        depth = len(self.stack)
        if tag in ("table", "ol") and "id" in a:
            self.lists.append((depth, a["id"]))
            self.page.rows[a["id"]] = []
        if tag in ("tr", "li") and self.lists and (key := a.get("id") or a.get("data-id")):
            self.page.rows[self.lists[-1][1]].append(key)
        if tag in ("li",) and self.lists and "data-target" in a:
            self.page.rows[self.lists[-1][1]].append(a["data-target"])
        if "data-field" in a:
            row = next(
                (
                    x.get("id") or x.get("data-id") or ""
                    for t, x in reversed(self.stack)
                    if t == "tr"
                ),
                "",
            )
            cell = Cell(row, a["data-field"], "", a.get("data-value"))
            self.page.cells.append(cell)
            self.open.append((depth, cell))
        if tag == "h1":
            self.h1 = []

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.stack:
            return
        depth = len(self.stack)
        while self.open and self.open[-1][0] >= depth:
            _, cell = self.open.pop()
            cell.text = " ".join(cell.text.split())
        while self.lists and self.lists[-1][0] >= depth:
            self.lists.pop()
        if tag == "h1" and self.h1 is not None:
            self.page.h1.append(" ".join("".join(self.h1).split()))
            self.h1 = None
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for _, cell in self.open:
            cell.text += data
        if self.h1 is not None:
            self.h1.append(data)


def parse(html: str) -> Parsed:
    """Read a page."""
    reader = _Reader()
    reader.feed(html)
    return reader.page


def api(app: FastAPI, key: str, url: str, **params: Any) -> Any:
    """The API's JSON answer for ``url`` with the organisation's key."""
    answer = TestClient(app).get(url, params=params, headers={"X-API-Key": key})
    assert answer.status_code == 200, answer.text
    return answer.json()


def api_items(app: FastAPI, key: str, url: str, **params: Any) -> list[Any]:
    """Every item of a paged API list."""
    items: list[Any] = api(app, key, url, limit=1000, **params)["items"]
    return items
