"""Public pages of the web interface: the catalog, an act's contents, a provision, the
crosswalk explorer and search. Each page shows what the API answers for the same ids (read
back with an HTML parser), needs no sign-in, answers unknown ids with a 404 page and bad
filters with a 400 page, and escapes what the visitor typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from uiclient import BANK, browser, csrf_token, hidden_fields

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    """A parsed HTML element: tag, attributes, children and its own text."""

    tag: str
    attrs: dict[str, str]
    children: list[Element] = field(default_factory=list)
    parts: list[str | Element] = field(default_factory=list)

    def text(self) -> str:
        """The text inside, tags removed, spaces collapsed."""
        pieces = [p if isinstance(p, str) else p.text() for p in self.parts]
        return " ".join(" ".join(pieces).split())

    def walk(self) -> list[Element]:
        found = [self]
        for child in self.children:
            found += child.walk()
        return found

    def select(self, tag: str, **attrs: str) -> list[Element]:
        """Descendants with ``tag`` ("*" for any) whose attributes hold ``attrs`` (``class_``
        matches one class)."""
        wanted = {k.rstrip("_"): v for k, v in attrs.items()}

        def matches(e: Element) -> bool:
            for key, value in wanted.items():
                have = e.attrs.get(key, "")
                if key == "class" and value not in have.split():
                    return False
                if key != "class" and have != value:
                    return False
            return tag in ("*", e.tag)

        return [e for e in self.walk()[1:] if matches(e)]

    def one(self, tag: str, **attrs: str) -> Element:
        found = self.select(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        self.stack[-1].parts.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].parts.append(data)


def dom(html: str) -> Element:
    """The page as an element tree."""
    parser = _Dom()
    parser.feed(html)
    parser.close()
    return parser.root


def provision_links(root: Element) -> list[str]:
    """The short ids of the ``a.provision`` links under ``root``, in page order."""
    prefix = "/ui/provisions/"
    hrefs = [a.attrs["href"] for a in root.select("a", class_="provision")]
    assert all(h.startswith(prefix) for h in hrefs), hrefs
    return [h[len(prefix) :] for h in hrefs]


@pytest.fixture(scope="module")
def visitor(ui_app: FastAPI) -> TestClient:
    """A browser that never signed in."""
    return browser(ui_app)


def api(client: TestClient, url: str) -> Any:
    answer = client.get(url)
    assert answer.status_code == 200, answer.text
    return answer.json()


def page(client: TestClient, url: str, status: int = 200) -> Element:
    answer = client.get(url)
    assert answer.status_code == status, (url, answer.status_code, answer.text[-500:])
    assert answer.headers["content-type"].startswith("text/html")
    root = dom(answer.text)
    assert len(root.select("h1")) == 1, url
    return root


def test_catalog_lists_every_framework_with_the_apis_figures(visitor: TestClient) -> None:
    frameworks = api(visitor, "/frameworks")["items"]
    rows = page(visitor, "/ui/catalog").one("table", id="frameworks").select("tr")[1:]
    assert len(rows) == len(frameworks) == 5
    for row, info in zip(rows, frameworks, strict=True):
        cells = row.select("td")
        assert row.one("a", class_="framework").attrs["href"] == f"/ui/catalog/{info['key']}"
        assert cells[0].text() == info["identifier"]
        assert cells[1].text() == info["version"]
        for kind, n in info["counts"].items():
            assert f"{n} {kind}" in cells[2].text()
        assert cells[3].text() == str(info["obligations"])
        if info["eli"]:
            assert cells[4].one("a").attrs["href"] == info["eli"]


@pytest.mark.parametrize("level", ["article", "paragraph", "all"])
def test_an_acts_contents_are_the_apis_provisions_in_order(visitor: TestClient, level: str) -> None:
    items = api(visitor, f"/frameworks/gdpr/provisions?level={level}&limit=1000")["items"]
    root = page(visitor, f"/ui/catalog/gdpr?level={level}")
    assert provision_links(root.one("ul", class_="toc")) == [p["id"] for p in items]
    assert f"Contents ({len(items)} provisions)" in root.one("h2").text()
    # Nested as in the catalog: a paragraph's link sits inside its article's list item.
    if level != "article":
        item = next(
            li
            for li in root.select("li")
            if li.children[0].attrs.get("href", "").endswith("gdpr:art-5")
        )
        assert "gdpr:art-5-1" in provision_links(item)


def test_unknown_framework_or_level_is_an_error_page(visitor: TestClient) -> None:
    assert "no-such-act" in page(visitor, "/ui/catalog/no-such-act", 404).text()
    assert "Unknown level" in page(visitor, "/ui/catalog/gdpr?level=chapter", 400).text()


def test_a_paragraph_shows_the_official_text_eli_and_applicability(visitor: TestClient) -> None:
    detail = api(visitor, "/provisions/gdpr:art-35-1")
    root = page(visitor, "/ui/provisions/gdpr:art-35-1")
    text = root.one("section", id="text")
    assert text.one("blockquote", class_="law").text() == " ".join(detail["text"].split())
    hrefs = [a.attrs["href"] for a in text.select("a")]
    assert detail["eli"] in hrefs and detail["source"][0] in hrefs
    rules = root.one("section", id="applicability").select("tbody")[0].select("tr")
    assert len(rules) == len(detail["applicability"]) > 0
    for row, rule in zip(rules, detail["applicability"], strict=True):
        cells = row.select("td")
        assert ", ".join(rule["addressees"]) in cells[0].text()
        assert all(d.split()[1] in cells[2].text() for d in rule["dates"])
        assert rule["source"] in cells[4].text()
    assert root.one("h1").text() == "GDPR Art. 35(1)"


def test_an_article_shows_its_paragraphs_text_and_mapping_links(visitor: TestClient) -> None:
    detail = api(visitor, "/provisions/ai-act:art-9")
    root = page(visitor, "/ui/provisions/ai-act:art-9")
    parts = root.one("ol", class_="parts")
    assert provision_links(parts) == [c["id"] for c in detail["children"]]
    first = api(visitor, f"/provisions/{detail['children'][0]['id']}")
    assert parts.select("blockquote")[0].text() == " ".join(first["text"].split())
    links = api(visitor, "/crosswalk/ai-act:art-9?limit=1000")["items"]
    shown = root.one("section", id="links").one("table", class_="links").select("tbody")[0]
    assert provision_links(shown) == [link["subject"] for link in links]
    assert root.one("h1").text() == "EU AI Act Art. 9: Risk management system"


def test_an_iso_element_shows_the_obligations_it_maps_to(visitor: TestClient) -> None:
    links = api(visitor, "/crosswalk/iso42001:A.6.2.4?limit=1000")["items"]
    root = page(visitor, "/ui/provisions/iso42001:A.6.2.4")
    shown = root.one("section", id="links").select("tbody")[0]
    assert provision_links(shown) == [link["object"] for link in links]
    assert "bind nobody by law" in root.one("section", id="applicability").text()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/ui/provisions/ai-act:art-999", "did you mean"),
        ("/ui/provisions/nonsense", "Unknown id 'nonsense'"),
        ("/ui/crosswalk?from=gdpr:art-0", "Unknown id 'gdpr:art-0'"),
    ],
)
def test_unknown_ids_are_a_404_page(visitor: TestClient, url: str, says: str) -> None:
    root = page(visitor, url, 404)
    assert says in root.one("p", class_="error").text()


@pytest.mark.parametrize("transitive", [False, True])
def test_crosswalk_shows_the_apis_links(visitor: TestClient, transitive: bool) -> None:
    flag = "&transitive=1" if transitive else ""
    links = api(visitor, f"/crosswalk/nis2:art-21?limit=1000&transitive={transitive}")["items"]
    root = page(visitor, f"/ui/crosswalk?from=nis2:art-21{flag}")
    direct = [link for link in links if not link["derived"]]
    table = root.one("section", id="direct").one("table")
    assert provision_links(table.select("tbody")[0]) == [link["subject"] for link in direct]
    first = table.select("tbody")[0].select("tr")[0].select("td")
    assert direct[0]["relationship"] in first[0].text()
    assert first[1].text() == str(direct[0]["strength"])
    assert first[2].text() == direct[0]["rationale"]
    assert first[3].text() == direct[0]["status"]
    assert direct[0]["mapping_set"] in first[4].text()
    derived = [link for link in links if link["derived"]]
    if not transitive:
        assert not root.select("section", id="derived") and not derived
        return
    assert derived, "NIS2 Art. 21 reaches other acts through ISO/IEC 42001"
    shown = root.one("section", id="derived").select("tbody")[0]
    assert provision_links(shown) == [link["object"] for link in derived]
    assert " → ".join(derived[0]["path"]) in shown.select("tr")[0].text()


def test_crosswalk_to_one_framework_and_its_bad_filters(visitor: TestClient) -> None:
    links = api(visitor, "/crosswalk/iso42001:A.6.2.4?to=gdpr&limit=1000")["items"]
    root = page(visitor, "/ui/crosswalk?from=iso42001:A.6.2.4&to=gdpr")
    shown = provision_links(root.one("section", id="direct").select("tbody")[0])
    assert shown == [link["object"] for link in links] and shown
    assert all(s.startswith("gdpr:") for s in shown)
    assert "Unknown framework" in page(visitor, "/ui/crosswalk?from=gdpr:art-5&to=x", 400).text()
    assert "transitive" in page(visitor, "/ui/crosswalk?from=gdpr:art-5&transitive=2", 400).text()
    start = page(visitor, "/ui/crosswalk")
    assert "iso42001:A.6.2.4" in [a.text() for a in start.select("a")]


def _results(client: TestClient, query: str) -> tuple[list[str], Element]:
    root = page(client, "/ui/search?" + query)
    table = root.one("table", id="results")
    return [row.select("code")[0].text() for row in table.select("tbody")[0].select("tr")], table


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("q=A.6.2.4", "iso42001:A.6.2.4"),
        ("q=ai-act:art-9", "ai-act:art-9"),
        ("q=Risk+management+system", "ai-act:art-9"),
        ("q=data+protection+impact+assessment", "gdpr:art-35"),
        ("q=probabilistic+thresholds", "ai-act:art-9-8"),  # only in the official text
        ("q=art.+9&framework=dora", "dora:art-9"),
    ],
)
def test_search_ranks_the_best_match_first(visitor: TestClient, query: str, first: str) -> None:
    ids, _ = _results(visitor, query)
    assert ids[0] == first


def test_search_needs_every_word_and_is_bounded(visitor: TestClient) -> None:
    both, _ = _results(visitor, "q=serious+incident")
    serious, _ = _results(visitor, "q=serious")
    assert len(serious) < 50 and set(both) < set(serious)
    ids, table = _results(visitor, "q=the")
    assert len(ids) == 50
    assert "The best 50 of" in table.one("caption").text()
    dora, _ = _results(visitor, "q=risk&framework=dora")
    assert dora and all(i.startswith("dora:") for i in dora)
    none = page(visitor, "/ui/search?q=risk+zzqxv")
    assert not none.select("table", id="results")
    assert "Nothing matches" in none.one("p", id="no-results").text()


def test_search_refuses_bad_input_and_escapes_the_query(visitor: TestClient) -> None:
    assert "longer than 200" in page(visitor, "/ui/search?q=" + "a" * 201, 400).text()
    assert "Unknown framework" in page(visitor, "/ui/search?q=x&framework=iso", 400).text()
    answer = visitor.get("/ui/search", params={"q": '<script>alert("x")</script> risk'})
    assert answer.status_code == 200
    assert "<script>" not in answer.text
    assert "&lt;script&gt;" in answer.text
    assert page(visitor, "/ui/search").select("input", id="q")


PAGES = [
    "/ui/catalog",
    "/ui/catalog/iso42001",
    "/ui/provisions/nis2:art-21",
    "/ui/crosswalk?from=gdpr:art-32&transitive=1",
    "/ui/search?q=risk",
]


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_need_no_session_and_carry_a_token_on_every_form(
    ui_app: FastAPI, url: str
) -> None:
    fresh = browser(ui_app)
    answer = fresh.get(url)
    assert answer.status_code == 200
    assert "Sign in" in answer.text
    forms = dom(answer.text).select("form")
    assert all(f.select("input", name="csrf_token") for f in forms)
    assert len(hidden_fields(answer.text).get("csrf_token", [])) == len(forms)


def test_public_pages_signed_in_show_the_organisation(bank: TestClient) -> None:
    answer = bank.get("/ui/provisions/gdpr:art-5")
    assert answer.status_code == 200
    assert f"Signed in as <strong>{BANK}</strong>" in answer.text
    assert csrf_token(answer.text)
