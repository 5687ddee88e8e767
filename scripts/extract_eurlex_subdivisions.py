#!/usr/bin/env python3
"""Extract paragraph- and point-level subdivisions of selected articles of EU acts
from EUR-Lex (CONVEX / ELI-style) HTML manifestations of the Official Journal.

Usage:
    python3 extract.py --out subdivisions.csv \
        ai-act=eu-ai-act.html gdpr=eu-gdpr-act.html \
        dora=eu-dora-act.html nis2=eu-nis2-act.html

Only the Python standard library is used.

Markup handled (identical in all four files, incl. the browser-serialised NIS2 file):
  div#art_N                      article
    p.oj-ti-art                  "Article N"
    div.eli-title                article heading
    div#NNN.PPP                  numbered paragraph PPP of article NNN
      p.oj-normal                "P.   text" (first p) / further subparagraphs
      table > tr > td,td         one point: td[0] = "(a)", td[1] = point text
        (td[1] may contain p + nested tables = roman sub-points (i), (ii)...,
         which are folded into the point text, labels included)
  or, for articles without numbered paragraphs, p / table directly under div#art_N.

Rules (see REPORT.md):
  * paragraph text = all text of the paragraph outside its point tables
    (chapeau, intermediate and trailing subparagraphs), number "P." removed;
  * point text = text of td[1] (including folded roman sub-points with labels);
  * whitespace (incl. NBSP) collapsed to one space; footnote reference markers
    (a > span.oj-note-tag, e.g. "(37)") are dropped together with the space
    before them; everything else verbatim;
  * articles consisting of one unnumbered paragraph without points: no rows;
  * articles without numbered paragraphs but with points: art-N-x, parent art-N;
  * if the same point letter occurs twice in one paragraph (several point series
    in different subparagraphs), the first series keeps art-N-P-x and later
    series get art-N-P-subK-x (K = subparagraph ordinal); notations name the
    subparagraph for all series of such a paragraph.
"""

import argparse
import csv
import re
import sys
from html.parser import HTMLParser

SCOPE = {
    "ai-act": [
        *(4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25),
        *(26, 27, 43, 47, 48, 49, 50, 51, 52, 53, 54, 55, 60, 61, 72, 73, 86),
    ],
    "gdpr": [
        *(5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 24, 25, 26),
        *(27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 44, 45, 46, 47, 48, 49),
    ],
    "dora": [*range(5, 31), 45],
    "nis2": [3, 20, 21, 23, 24, 27],
}

ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
]

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
BLOCK = {
    "p",
    "div",
    "table",
    "tbody",
    "thead",
    "tr",
    "td",
    "th",
    "br",
    "li",
    "ul",
    "ol",
    "colgroup",
    "col",
}


# --------------------------------------------------------------------------
# minimal DOM
class Node:
    __slots__ = ("attrs", "children", "parent", "tag")

    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []

    def elems(self):
        return [c for c in self.children if isinstance(c, Node)]

    def iter(self):
        yield self
        for c in self.elems():
            yield from c.iter()

    def cls(self):
        return (self.attrs.get("class") or "").split()


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is None:  # stray end tag: ignore
            return
        self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(path):
    tb = TreeBuilder()
    with open(path, encoding="utf-8") as fh:
        tb.feed(fh.read())
    tb.close()
    return tb.root


# --------------------------------------------------------------------------
# text helpers
FN = "\ue000"  # private-use sentinel marking a removed footnote reference


def is_footnote_ref(n):
    return n.tag == "a" and any("oj-note-tag" in d.cls() for d in n.iter() if d is not n)


def raw_text(node, notes):
    out = []

    def walk(n):
        for c in n.children:
            if isinstance(c, str):
                out.append(c)
                continue
            if is_footnote_ref(c):
                notes.append(collapse("".join(_plain(c))))
                out.append(FN)
                continue
            if c.tag in BLOCK:
                out.append(" ")
            walk(c)
            if c.tag in BLOCK:
                out.append(" ")

    walk(node)
    return "".join(out)


def _plain(n):
    for c in n.children:
        if isinstance(c, str):
            yield c
        else:
            yield from _plain(c)


def collapse(t):
    t = re.sub(r"\s*" + FN, "", t)
    return re.sub(r"\s+", " ", t).strip()


def text_of(node, notes):
    return collapse(raw_text(node, notes))


LABEL_RE = re.compile(r"^\(([0-9]+|[a-z]+)\)$")


def point_table(t):
    """Return (label, body_td) if table t is a one-row two-cell point table."""
    rows = [r for r in t.iter() if r.tag == "tr"]
    if not rows:
        return None
    first = rows[0]
    tds = [c for c in first.elems() if c.tag == "td"]
    if len(tds) != 2:
        return None
    # every tr under t must be either the first row or inside tds[1]
    for r in rows[1:]:
        p = r
        while p is not None and p is not tds[1]:
            p = p.parent
        if p is None:
            return None
    lab = collapse("".join(_plain(tds[0])))
    m = LABEL_RE.match(lab)
    if not m:
        return None
    return m.group(1), tds[1]


# --------------------------------------------------------------------------
def letter_seq_ok(labels):
    """Expected sequence a, b, c ... or 1, 2, 3 ..."""
    if all(l.isdigit() for l in labels):
        return [int(l) for l in labels] == list(range(1, len(labels) + 1))
    exp = [chr(ord("a") + i) for i in range(len(labels))]
    return labels == exp


class Extractor:
    def __init__(self):
        self.rows = []
        self.anomalies = []
        self.stats = {}

    def note(self, fw, msg):
        self.anomalies.append((fw, msg))

    def run(self, fw, path):
        root = parse(path)
        index = {n.attrs.get("id"): n for n in root.iter() if n.attrs.get("id")}
        st = self.stats.setdefault(fw, {"paragraph": 0, "point": 0, "articles": 0})
        for art in SCOPE[fw]:
            a = index.get("art_%d" % art)
            if a is None:
                self.note(fw, "Article %d: div#art_%d not found" % (art, art))
                continue
            st["articles"] += 1
            self.article(fw, art, a)

    def add(self, fw, id_, parent, kind, notation, text):
        if not text:
            self.note(fw, f"{notation}: empty text")
        self.rows.append([fw, id_, parent, kind, notation, text])
        self.stats[fw][kind] += 1

    def article(self, fw, art, a):
        body = []
        for c in a.elems():
            if c.tag == "p" and "oj-ti-art" in c.cls():
                continue
            if c.tag == "div" and "eli-title" in c.cls():
                continue
            body.append(c)
        paras = [
            c
            for c in body
            if c.tag == "div" and re.fullmatch(r"\d{3}\.\d{3}", c.attrs.get("id") or "")
        ]
        if paras:
            others = [c for c in body if c not in paras]
            if others:
                self.note(
                    fw,
                    "Article %d: unexpected elements outside numbered "
                    "paragraphs: %s" % (art, [o.tag for o in others]),
                )
            nums = []
            for d in paras:
                aid, pid = d.attrs["id"].split(".")
                if int(aid) != art:
                    self.note(
                        fw,
                        "Article %d: paragraph div id %s belongs to "
                        "another article" % (art, d.attrs["id"]),
                    )
                nums.append(int(pid))
                self.paragraph(fw, art, int(pid), d)
            if nums != list(range(1, len(nums) + 1)):
                self.note(
                    fw, "Article %d: paragraph numbering %s is not consecutive from 1" % (art, nums)
                )
        else:
            tables = [c for c in body if c.tag == "table"]
            if not tables:
                ps = [c for c in body if c.tag == "p"]
                self.note(
                    fw,
                    "Article %d: single unnumbered paragraph without "
                    "points (%d <p>); no rows emitted" % (art, len(ps)),
                )
                return
            # unnumbered article with points
            self.points_container(fw, art, None, a, body, unnumbered=True)

    def paragraph(self, fw, art, para, d):
        self.points_container(fw, art, para, d, d.elems(), unnumbered=False)

    def points_container(self, fw, art, para, container, children, unnumbered):
        notes = []
        text_parts = []
        points = []  # (label, td, subparagraph ordinal)
        p_count = 0
        for c in children:
            if c.tag == "table":
                pt = point_table(c)
                if pt is None:
                    self.note(
                        fw,
                        "Article %d(%s): non-point table skipped: %r"
                        % (art, para, text_of(c, [])[:80]),
                    )
                    continue
                points.append((pt[0], pt[1], max(p_count, 1)))
            elif c.tag == "p":
                p_count += 1
                text_parts.append(text_of(c, notes))
            else:
                self.note(
                    fw,
                    "Article %d(%s): unexpected <%s> folded into "
                    "paragraph text" % (art, para, c.tag),
                )
                text_parts.append(text_of(c, notes))
        pid = "art-%d" % art if unnumbered else "art-%d-%d" % (art, para)
        pnot = "Art. %d" % art if unnumbered else "Art. %d(%d)" % (art, para)
        if not unnumbered:
            if not text_parts:
                self.note(fw, f"{pnot}: no paragraph text")
            else:
                m = re.match(r"^(\d+)\.\s+", text_parts[0])
                if not m:
                    self.note(
                        fw,
                        f"{pnot}: first <p> does not start with a "
                        f"paragraph number: {text_parts[0][:40]!r}",
                    )
                else:
                    if int(m.group(1)) != para:
                        self.note(fw, f"{pnot}: printed number {m.group(1)} differs from id")
                    text_parts[0] = text_parts[0][m.end() :]
            self.add(
                fw, pid, "art-%d" % art, "paragraph", pnot, " ".join(t for t in text_parts if t)
            )
        else:
            if text_parts:
                self.note(
                    fw,
                    "%s: article without numbered paragraphs; its "
                    "chapeau/other text is not emitted (no paragraph "
                    "row): %d <p> (%s)"
                    % (pnot, len(text_parts), " | ".join(t[:60] + "…" for t in text_parts)),
                )
        for n in notes:
            self.note(fw, f"{pnot}: footnote reference {n} dropped from text")

        if not points:
            return
        [l for l, _, _ in points]
        # split into series when a label repeats
        series = []
        seen = set()
        for l, td, sub in points:
            if not series or l in seen:
                series.append([])
                seen = set()
            series[-1].append((l, td, sub))
            seen.add(l)
        multi = len(series) > 1
        if multi:
            self.note(
                fw,
                "%s: %d separate point series in one paragraph (%s); "
                "later series qualified by subparagraph"
                % (
                    pnot,
                    len(series),
                    "; ".join(
                        "subpara %d: (%s)-(%s)" % (s[0][2], s[0][0], s[-1][0]) for s in series
                    ),
                ),
            )
        for si, s in enumerate(series):
            sl = [l for l, _, _ in s]
            if not letter_seq_ok(sl):
                self.note(fw, f"{pnot}: unusual point numbering {sl}")
            for l, td, sub in s:
                pnotes = []
                txt = text_of(td, pnotes)
                sub_roman = [
                    point_table(t)[0] for t in td.iter() if t.tag == "table" and point_table(t)
                ]
                if multi:
                    ordn = ORDINALS[sub - 1] if sub <= len(ORDINALS) else "%dth" % sub
                    id_ = f"{pid}-{l}" if si == 0 else "%s-sub%d-%s" % (pid, sub, l)
                    notation = f"{pnot}, {ordn} subparagraph, point ({l})"
                else:
                    id_ = f"{pid}-{l}"
                    notation = f"{pnot}({l})"
                if sub_roman:
                    self.note(
                        fw,
                        "{}: sub-points {} folded into point text".format(
                            notation, ", ".join(f"({r})" for r in sub_roman)
                        ),
                    )
                for n in pnotes:
                    self.note(fw, f"{notation}: footnote reference {n} dropped from text")
                self.add(fw, id_, pid, "point", notation, txt)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", required=True, help="output CSV path")
    ap.add_argument(
        "sources", nargs="+", metavar="FRAMEWORK=HTML", help="e.g. ai-act=eu-ai-act.html"
    )
    args = ap.parse_args(argv)
    ex = Extractor()
    for s in args.sources:
        fw, _, path = s.partition("=")
        if fw not in SCOPE or not path:
            ap.error(f"bad source {s!r} (framework must be one of {list(SCOPE)})")
        ex.run(fw, path)
    ids = set()
    for r in ex.rows:
        key = (r[0], r[1])
        if key in ids:
            ex.note(r[0], f"DUPLICATE id {r[1]}")
        ids.add(key)
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["framework", "id", "parent", "kind", "notation", "text"])
        w.writerows(ex.rows)
    for fw, st in ex.stats.items():
        print(
            "%s: %d articles, %d paragraphs, %d points"
            % (fw, st["articles"], st["paragraph"], st["point"]),
            file=sys.stderr,
        )
    for fw, msg in ex.anomalies:
        print(f"ANOMALY [{fw}] {msg}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
