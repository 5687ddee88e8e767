"""Applicability rows (``ontology/sources/applicability/``) as RDF in the catalogs.

Read by ``build_catalogs.py``. Every row is validated here (provision, addressee, facts,
operators, values, timing, status) so that a mistake in the law data fails the build with
file and line, never at analysis time. The format is documented in
``ontology/sources/applicability/README.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

FOLDER = Path(__file__).resolve().parent.parent / "ontology" / "sources" / "applicability"
BASE = "https://w3id.org/aimsgraph/"
AIMS = Namespace(BASE + "ontology#")
VOCAB = BASE + "vocab/"
OPERATORS = ("!=", "!~", ">=", "=", "~", "<")  # longest first: "!=" before "="
LIST_OPERATORS = {"~", "!~"}
DATE_OPERATORS = {"<", ">="}
EFFECTS = ("applies", "met-elsewhere")
STATUSES = ("reviewed", "draft")
EXTENDS = ("", "descendants")
ROW_COLUMNS = (
    "provision", "addressee", "conditions", "timing", "extends_to", "effect", "stated_from",
    "stated_until", "source", "reason", "status", "note",
)  # fmt: skip
TIMING_COLUMNS = (
    "timing", "conditions", "applies_from", "stated_from", "stated_until", "cite", "source",
    "note",
)  # fmt: skip


class ApplicabilityError(Exception):
    """A row of the applicability sources is wrong; the message names file and line."""


@dataclass(frozen=True)
class Fact:
    """One fact conditions may test (``facts.csv``)."""

    subject: str
    name: str
    kind: str  # bool, enum, list, date, derived
    values: tuple[str, ...]


@dataclass(frozen=True)
class Term:
    """``subject.fact OPERATOR value|value``."""

    subject: str
    fact: str
    operator: str
    values: tuple[str, ...]


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[str, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != columns:
            raise ApplicabilityError(
                f"{path.name}:1: columns must be {','.join(columns)}, found "
                f"{','.join(reader.fieldnames or ())}"
            )
        for line, row in enumerate(reader, start=2):
            yield f"{path.name}:{line}", {k: (v or "").strip() for k, v in row.items()}


def read_facts() -> dict[tuple[str, str], Fact]:
    """The facts conditions may test, keyed by (subject, name)."""
    facts = {}
    with (FOLDER / "facts.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            values = tuple(v for v in row["values"].split(";") if v)
            facts[(row["subject"], row["fact"])] = Fact(
                row["subject"], row["fact"], row["kind"], values
            )
    return facts


def parse_conditions(text: str, where: str, facts: dict[tuple[str, str], Fact]) -> list[Term]:
    """Parse and check a ``conditions`` cell."""
    terms = []
    for raw in (t.strip() for t in text.split(";")):
        if not raw:
            continue
        operator = next((op for op in OPERATORS if op in raw), None)
        if operator is None:
            raise ApplicabilityError(f"{where}: condition {raw!r} has no operator")
        left, _, right = raw.partition(operator)
        subject, _, name = left.strip().partition(".")
        fact = facts.get((subject, name))
        if fact is None:
            known = ", ".join(sorted(f"{s}.{n}" for s, n in facts))
            raise ApplicabilityError(f"{where}: unknown fact {left.strip()!r} (known: {known})")
        values = tuple(v.strip() for v in right.split("|") if v.strip())
        if not values:
            raise ApplicabilityError(f"{where}: condition {raw!r} has no value")
        _check_term(fact, operator, values, raw, where)
        terms.append(Term(subject, name, operator, values))
    return terms


def _check_term(fact: Fact, operator: str, values: tuple[str, ...], raw: str, where: str) -> None:
    if fact.kind == "date":
        if operator not in DATE_OPERATORS:
            raise ApplicabilityError(f"{where}: {raw!r}: a date fact takes < or >=")
        for value in values:
            _date(value, where)
        return
    if operator in DATE_OPERATORS:
        raise ApplicabilityError(f"{where}: {raw!r}: < and >= are for dates")
    if (operator in LIST_OPERATORS) != (fact.kind == "list"):
        raise ApplicabilityError(
            f"{where}: {raw!r}: ~ and !~ are for list facts, = and != for others"
        )
    for value in values:
        allowed = value.endswith("*") and any(v.startswith(value[:-1]) for v in fact.values)
        if value not in fact.values and not allowed:
            raise ApplicabilityError(
                f"{where}: {raw!r}: {value!r} is not one of {', '.join(fact.values)}"
            )


def _date(value: str, where: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ApplicabilityError(f"{where}: {value!r} is not a YYYY-MM-DD date") from None


def _requirements(graph: Graph, node: URIRef, terms: list[Term]) -> None:
    for index, term in enumerate(terms, start=1):
        requirement = URIRef(f"{node}/requires/{index}")
        graph.add((node, AIMS.requires, requirement))
        graph.add((requirement, RDF.type, AIMS.FactRequirement))
        graph.add((requirement, AIMS.factSubject, Literal(term.subject)))
        graph.add((requirement, AIMS.fact, URIRef(f"{VOCAB}fact/{term.fact}")))
        graph.add((requirement, AIMS.operator, Literal(term.operator)))
        for value in term.values:
            graph.add((requirement, AIMS.factValue, Literal(value)))


def _versions(graph: Graph, node: URIRef, row: dict[str, str], where: str) -> None:
    if row["stated_from"]:
        graph.add(
            (node, AIMS.effectiveFrom, Literal(_date(row["stated_from"], where), datatype=XSD.date))
        )
    if row["stated_until"]:
        graph.add(
            (
                node,
                AIMS.effectiveUntil,
                Literal(_date(row["stated_until"], where), datatype=XSD.date),
            )
        )


def describe_timings(
    graphs: dict[str, Graph], namespaces: dict[str, str], timing_acts: dict[str, str]
) -> dict[str, URIRef]:
    """``timing.csv`` -> one aims:TimingRule per name (in its act's catalog graph), each with
    its alternatives. ``timing_acts`` maps a name prefix to its act."""
    facts = read_facts()
    rules: dict[str, URIRef] = {}
    counts: dict[str, int] = defaultdict(int)
    for where, row in _rows(FOLDER / "timing.csv", TIMING_COLUMNS):
        name = row["timing"]
        act = next((a for prefix, a in timing_acts.items() if name.startswith(prefix)), None)
        if act is None:
            raise ApplicabilityError(
                f"{where}: timing {name!r} names no act ({', '.join(timing_acts)})"
            )
        if not row["stated_from"]:
            raise ApplicabilityError(f"{where}: stated_from is required")
        graph = graphs[act]
        rule = URIRef(f"{namespaces[act]}timing/{name}")
        if name not in rules:
            rules[name] = rule
            graph.add((rule, RDF.type, AIMS.TimingRule))
            graph.add((rule, RDFS.label, Literal(name)))
        counts[name] += 1
        node = URIRef(f"{rule}/{counts[name]}")
        graph.add((rule, AIMS.alternative, node))
        graph.add((node, RDF.type, AIMS.TimingAlternative))
        graph.add(
            (node, AIMS.appliesFrom, Literal(_date(row["applies_from"], where), datatype=XSD.date))
        )
        _versions(graph, node, row, where)
        _requirements(graph, node, parse_conditions(row["conditions"], where, facts))
        graph.add((node, DCTERMS.source, Literal(row["source"], lang="en")))
        if not row["cite"]:
            raise ApplicabilityError(f"{where}: cite is required (the short citation reasons use)")
        graph.add((node, AIMS.citation, Literal(row["cite"], lang="en")))
        if row["note"]:
            graph.add((node, AIMS.scopeNote, Literal(row["note"], lang="en")))
    return rules


@dataclass
class _Row:
    where: str
    row: dict[str, str]
    node: URIRef


def describe_rows(
    graphs: dict[str, Graph],
    provisions: dict[str, dict[str, list[str]]],
    namespaces: dict[str, str],
    addressees: dict[str, str],
    timings: dict[str, URIRef],
) -> dict[str, set[str]]:
    """Each act's rows as aims:ApplicabilityCondition nodes on their provisions.

    ``provisions`` maps act -> local id -> ids of its descendants (catalog order);
    ``addressees`` maps an addressee notation to its kind (operator, authority, none).
    Returns, per act, the provisions that carry rows (own or inherited)."""
    facts = read_facts()
    covered: dict[str, set[str]] = {}
    for act, graph in graphs.items():
        path = FOLDER / f"{act}.csv"
        if not path.exists():
            covered[act] = set()
            continue
        own: dict[str, list[_Row]] = defaultdict(list)
        for where, row in _rows(path, ROW_COLUMNS):
            _check_row(row, where, provisions[act], addressees, timings, facts)
            own[row["provision"]].append(row_ := _Row(where, row, URIRef("")))
            row_.node = URIRef(
                f"{namespaces[act]}{row['provision']}/applicability/{len(own[row['provision']])}"
            )
        carriers: dict[str, list[_Row]] = {pid: list(rows) for pid, rows in own.items()}
        for pid, rows in own.items():
            inherited = [r for r in rows if r.row["extends_to"] == "descendants"]
            for descendant in provisions[act][pid] if inherited else ():
                if descendant not in own:
                    carriers.setdefault(descendant, []).extend(inherited)
        for pid, rows in own.items():
            for r in rows:
                _describe_row(graph, r, namespaces[act] + pid, addressees, timings, facts)
        for pid, rows in carriers.items():
            subject = URIRef(namespaces[act] + pid)
            for r in rows:
                graph.add((subject, AIMS.hasApplicability, r.node))
            if any(addressees[a] == "operator" for r in rows for a in _split(r.row["addressee"])):
                graph.add((subject, RDF.type, AIMS.Obligation))
        covered[act] = set(carriers)
    return covered


def _split(text: str) -> list[str]:
    return [v.strip() for v in text.split(";") if v.strip()]


def _check_row(
    row: dict[str, str],
    where: str,
    provisions: dict[str, list[str]],
    addressees: dict[str, str],
    timings: dict[str, URIRef],
    facts: dict[tuple[str, str], Fact],
) -> None:
    if row["provision"] not in provisions:
        raise ApplicabilityError(f"{where}: unknown provision {row['provision']!r}")
    names = _split(row["addressee"])
    if not names:
        raise ApplicabilityError(f"{where}: addressee is required")
    for name in names:
        if name not in addressees:
            raise ApplicabilityError(f"{where}: unknown addressee {name!r}")
    kinds = {addressees[n] for n in names}
    if "none" in kinds and len(names) > 1:
        raise ApplicabilityError(f"{where}: 'none' cannot be combined with other addressees")
    if kinds & {"none", "authority"} and not kinds & {"operator"} and row["conditions"]:
        raise ApplicabilityError(f"{where}: conditions on a row that binds no organisation")
    if "none" in kinds and not row["reason"]:
        raise ApplicabilityError(f"{where}: a 'none' row needs a reason")
    if row["timing"] not in timings:
        raise ApplicabilityError(f"{where}: unknown timing {row['timing']!r}")
    for column, allowed in (
        ("extends_to", EXTENDS),
        ("effect", ("", *EFFECTS)),
        ("status", STATUSES),
    ):
        if row[column] not in allowed:
            raise ApplicabilityError(
                f"{where}: {column} {row[column]!r} is not one of "
                + ", ".join(a or "(empty)" for a in allowed)
            )
    if not row["source"]:
        raise ApplicabilityError(f"{where}: source is required (the provision that decides)")
    if row["status"] == "draft" and not row["note"]:
        raise ApplicabilityError(f"{where}: a draft row needs a note with its reasoning")
    parse_conditions(row["conditions"], where, facts)


def _describe_row(
    graph: Graph,
    r: _Row,
    declared_on: str,
    addressees: dict[str, str],
    timings: dict[str, URIRef],
    facts: dict[tuple[str, str], Fact],
) -> None:
    row, node = r.row, r.node
    graph.add((node, RDF.type, AIMS.ApplicabilityCondition))
    graph.add((node, AIMS.declaredOn, URIRef(declared_on)))
    for name in _split(row["addressee"]):
        graph.add((node, AIMS.addressee, URIRef(f"{VOCAB}addressee/{name}")))
    _requirements(graph, node, parse_conditions(row["conditions"], r.where, facts))
    graph.add((node, AIMS.timing, timings[row["timing"]]))
    graph.add((node, AIMS.effect, Literal(row["effect"] or "applies")))
    _versions(graph, node, row, r.where)
    graph.add((node, DCTERMS.source, Literal(row["source"], lang="en")))
    if row["reason"]:
        graph.add((node, AIMS.reasonText, Literal(row["reason"], lang="en")))
    graph.add((node, AIMS.reviewStatus, URIRef(f"{VOCAB}mapping-status/{row['status']}")))
    if row["note"]:
        graph.add((node, AIMS.scopeNote, Literal(row["note"], lang="en")))
