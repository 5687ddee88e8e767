"""Reading the web interface's pages in tests with an HTML parser: a table's cells by the
table's id, an element's presence by tag and id, the values of a form's checkboxes."""

from __future__ import annotations

from html.parser import HTMLParser


class _Page(HTMLParser):
    """Collects every table's rows (cell texts) by table id, every element id, checkboxes."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.ids: set[str] = set()
        self.tagged: set[tuple[str, str]] = set()
        self.checkboxes: list[tuple[str, str, bool]] = []  # name, value, checked
        self.links: dict[str, str] = {}  # element id -> href
        self._table: list[str | None] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        fields = dict(attrs)
        ident = fields.get("id")
        if ident:
            self.ids.add(ident)
            self.tagged.add((tag, ident))
            if tag == "a":
                self.links[ident] = fields.get("href") or ""
        if tag == "table":
            self._table.append(ident)
            if ident:
                self.tables[ident] = []
        elif tag == "tr" and self._table and self._table[-1]:
            self.tables[str(self._table[-1])].append([])
        elif tag in ("td", "th") and self._table and self._table[-1]:
            self._cell = []
        elif tag == "input" and fields.get("type") == "checkbox":
            self.checkboxes.append(
                (fields.get("name") or "", fields.get("value") or "", "checked" in fields)
            )

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._table:
            self._table.pop()
        elif tag in ("td", "th") and self._cell is not None and self._table:
            text = " ".join("".join(self._cell).split())
            self.tables[str(self._table[-1])][-1].append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def read(html: str) -> _Page:
    """The parsed page."""
    page = _Page()
    page.feed(html)
    return page


def table(html: str, ident: str) -> list[list[str]]:
    """The body rows of ``table#ident`` (header row left out), each a list of cell texts."""
    rows = read(html).tables[ident]
    return rows[1:]
