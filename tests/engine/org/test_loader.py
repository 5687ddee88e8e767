"""Organisation import: every format, every error located, nothing written on failure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from aimsgraph.engine.analysis.graphs import working_store
from aimsgraph.engine.errors import InputError, StoreError, UnknownIdError
from aimsgraph.engine.org import graph_text, loader
from aimsgraph.engine.store import EmbeddedStore, Store
from conftest import REPO
from orgfactory import control, evidence, system, write_org
from rdflib.compare import isomorphic

EXAMPLE = REPO / "examples" / "northwind-bank"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "org"
    shutil.copytree(EXAMPLE, target)
    return target


def snapshot(db: EmbeddedStore) -> list[str]:
    return sorted(str(q) for q in db._store)


def test_example_imports(org_store: EmbeddedStore) -> None:
    data, triples = loader.import_org(org_store, EXAMPLE)
    assert data.organisation.id == "northwind-bank"
    assert len(data.systems) == 4 and len(data.soa) == 37 and len(data.evidence) == 32
    assert triples == org_store.count(loader.org_graph("northwind-bank")) > 500
    assert [o["id"] for o in loader.organisations(org_store)] == ["northwind-bank"]


def test_org_id_override(org_store: EmbeddedStore) -> None:
    data, _ = loader.import_org(org_store, EXAMPLE, org_id="other-bank")
    assert data.organisation.id == "other-bank"
    assert {o["id"] for o in loader.organisations(org_store)} == {"other-bank"}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "ai-systems.csv",
            ",provider;deployer,high,yes",
            ",provider;deployer,very-high,yes",
            "ai-systems.csv:2:risk_tier: 'very-high' is not allowed; allowed: prohibited, high",
        ),
        (
            "ai-systems.csv",
            ",provider;deployer,high,yes",
            ",provider;seller,high,yes",
            "ai-systems.csv:2:ai_act_role: 'seller' is not allowed; allowed: provider, deployer",
        ),
        (
            "ai-systems.csv",
            ",yes,annex-iii-5-b,no,,",
            ",yes,annex-iii-9,no,,",
            "ai-systems.csv:2:high_risk_basis: 'annex-iii-9' is not allowed; allowed: annex-i,",
        ),
        (
            "ai-systems.csv",
            ",yes,,no,interacts-with-persons;",
            ",yes,,no,chats-with-people;",
            "ai-systems.csv:3:functions: 'chats-with-people' is not allowed",
        ),
        (
            "ai-systems.csv",
            ",deployer,limited,yes,,no,interacts",
            ",deployer,limited,yes,,yes,interacts",
            "ai-systems.csv:3:art_6_3_exemption: an Art. 6(3) derogation needs an Annex III",
        ),
        (
            "ai-systems.csv",
            "synthetic-content,2025-06-01",
            "synthetic-content,June 2025",
            "ai-systems.csv:3:placed_on_market: 'June 2025' is not an ISO 8601 date",
        ),
        (
            "organisation.yaml",
            "size: large",
            "size: huge",
            "organisation.yaml:size: 'huge' is not allowed; allowed: micro, small, medium, large",
        ),
        (
            "organisation.yaml",
            "public_body: no",
            "public_body: perhaps",
            "organisation.yaml:public_body: 'perhaps' is not allowed; allowed: yes, no",
        ),
        (
            "ai-systems.csv",
            ",operation-monitoring,deployer,limited",
            ",live,deployer,limited",
            "ai-systems.csv:3:lifecycle_stage: 'live' is not allowed",
        ),
        (
            "soa.csv",
            "A.6.2.4,yes",
            "A.6.2.99,yes",
            "soa.csv:20:control: 'A.6.2.99' is not an ISO/IEC 42001 Annex A control",
        ),
        (
            "soa.csv",
            "A.2.2,yes,implemented",
            "A.2.2,maybe,implemented",
            "soa.csv:2:included: 'maybe' is not allowed; allowed: yes, no",
        ),
        (
            "evidence.csv",
            "iso42001:clause-4.3,",
            "iso42001:clause-4.9,",
            "evidence.csv:2:supports: 'iso42001:clause-4.9' is not a known provision id",
        ),
        (
            "evidence.csv",
            "2025-03-01,2027-03-01",
            "2025-03-01,01/03/2027",
            "evidence.csv:2:valid_until: '01/03/2027' is not an ISO 8601 date",
        ),
        (
            "evidence.csv",
            "2025-03-01,2027-03-01",
            "2025-03-01,2024-03-01",
            "evidence.csv:2:valid_until: valid_until is before issued",
        ),
        (
            "evidence.csv",
            ",credit-scoring,Head of Compliance",
            ",no-such-system,Head of Compliance",
            "evidence.csv:10:ai_system: 'no-such-system' is not an AI system",
        ),
        (
            "evidence.csv",
            "EV-002,AI policy",
            "EV-001,AI policy",
            "evidence.csv:3:id: duplicate evidence id 'EV-001'",
        ),
        (
            "organisation.yaml",
            "[financial-entity, essential-entity]",
            "[bank]",
            "organisation.yaml:entity_types: 'bank' is not allowed",
        ),
        (
            "organisation.yaml",
            "id: northwind-bank",
            "id: Northwind Bank",
            "organisation.yaml:id: 'Northwind Bank' is not a valid id",
        ),
    ],
)
def test_bad_input_is_located_and_changes_nothing(
    org_store: EmbeddedStore, folder: Path, file: str, old: str, new: str, expected: str
) -> None:
    loader.import_org(org_store, EXAMPLE)
    before = snapshot(org_store)
    edit(folder / file, old, new)
    with pytest.raises(InputError) as error:
        loader.import_org(org_store, folder)
    messages = [str(p).replace(str(folder) + "/", "") for p in error.value.problems]
    assert any(m.startswith(expected) for m in messages), messages
    assert snapshot(org_store) == before


def test_every_problem_is_reported_at_once(org_store: EmbeddedStore, folder: Path) -> None:
    edit(
        folder / "ai-systems.csv",
        ",provider;deployer,high,yes",
        ",provider;deployer,very-high,maybe",
    )
    edit(folder / "soa.csv", "A.6.2.4,yes", "B.1,yes")
    with pytest.raises(InputError) as error:
        loader.import_org(org_store, folder)
    columns = {(Path(p.file).name, p.column) for p in error.value.problems}
    assert {
        ("ai-systems.csv", "risk_tier"),
        ("ai-systems.csv", "personal_data"),
        ("soa.csv", "control"),
    } <= columns
    assert org_store.count(loader.org_graph("northwind-bank")) == 0


def test_malformed_csv_and_missing_files(org_store: EmbeddedStore, folder: Path) -> None:
    (folder / "soa.csv").write_text('control,included\n"A.2.2,yes\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"soa.csv"):
        loader.import_org(org_store, folder)
    (folder / "evidence.csv").unlink()
    with pytest.raises(InputError, match=r"evidence.csv: file is missing"):
        loader.import_org(org_store, folder)


def test_wrong_columns_are_named(org_store: EmbeddedStore, folder: Path) -> None:
    edit(folder / "ai-systems.csv", "risk_tier", "tier")
    with pytest.raises(InputError) as error:
        loader.import_org(org_store, folder)
    text = str(error.value)
    assert "missing column 'risk_tier'" in text and "unknown column 'tier'" in text


def test_reimport_replaces_the_graph(org_store: EmbeddedStore, folder: Path) -> None:
    loader.import_org(org_store, folder)
    lines = (folder / "evidence.csv").read_text(encoding="utf-8").splitlines()
    (folder / "evidence.csv").write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    data, triples = loader.import_org(org_store, folder)
    assert len(data.evidence) == 2
    assert org_store.count(loader.org_graph("northwind-bank")) == triples


def test_turtle_round_trip(org_store: EmbeddedStore, tmp_path: Path) -> None:
    data, _ = loader.parse(EXAMPLE, org_store)
    turtle = tmp_path / "org.ttl"
    turtle.write_text(loader.to_graph(data).serialize(format="turtle"), encoding="utf-8")
    again, _ = loader.parse(turtle, org_store)
    assert isomorphic(loader.to_graph(again), loader.to_graph(data))
    jsonld = tmp_path / "org.jsonld"
    jsonld.write_text(loader.to_graph(data).serialize(format="json-ld"), encoding="utf-8")
    third, _ = loader.parse(jsonld, org_store)
    assert isomorphic(loader.to_graph(third), loader.to_graph(data))


def test_rdf_input_is_validated_like_csv(org_store: EmbeddedStore, tmp_path: Path) -> None:
    data, _ = loader.parse(EXAMPLE, org_store)
    graph = loader.to_graph(data)
    text = graph.serialize(format="turtle").replace(
        "vocab/risk-tier/high", "vocab/risk-tier/extreme"
    )
    bad = tmp_path / "bad.ttl"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="'extreme' is not allowed"):
        loader.parse(bad, org_store)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse turtle"):
        loader.parse(broken, org_store)


def test_remote_jsonld_context_is_refused(org_store: EmbeddedStore, tmp_path: Path) -> None:
    path = tmp_path / "org.jsonld"
    path.write_text('{"@context": "https://example.org/context.jsonld", "@id": "x"}')
    with pytest.raises(InputError, match="remote JSON-LD @context is not allowed"):
        loader.parse(path, org_store)


def test_xlsx_workbook(org_store: EmbeddedStore, tmp_path: Path) -> None:
    from aimsgraph.engine.present.org_workbook import folder_to_workbook

    path = tmp_path / "org.xlsx"
    folder_to_workbook(EXAMPLE, path)
    from_xlsx, _ = loader.parse(path, org_store)
    from_csv, _ = loader.parse(EXAMPLE, org_store)
    assert isomorphic(loader.to_graph(from_xlsx), loader.to_graph(from_csv))


def test_delete(org_store: EmbeddedStore) -> None:
    loader.import_org(org_store, EXAMPLE)
    loader.delete_org(org_store, "northwind-bank")
    assert loader.organisations(org_store) == []
    with pytest.raises(UnknownIdError):
        loader.delete_org(org_store, "northwind-bank")


def test_the_shipped_example_workbook_matches_the_folder(org_store: EmbeddedStore) -> None:
    from_xlsx, _ = loader.parse(REPO / "examples" / "northwind-bank.xlsx", org_store)
    from_csv, _ = loader.parse(EXAMPLE, org_store)
    assert isomorphic(loader.to_graph(from_xlsx), loader.to_graph(from_csv))


def test_a_folder_without_the_new_optional_columns_still_imports(
    org_store: EmbeddedStore, tmp_path: Path
) -> None:
    """Files written before the applicability facts existed keep importing, with defaults."""
    folder = tmp_path / "old"
    shutil.copytree(EXAMPLE, folder)
    (folder / "ai-systems.csv").write_text(
        "id,name,purpose,owner,lifecycle_stage,ai_act_role,risk_tier,personal_data\n"
        "bot,Bot,Chat,Owner,deployment,deployer,limited,no\n",
        encoding="utf-8",
    )
    (folder / "organisation.yaml").write_text(
        "id: old-org\nname: Old\nsector: x\nentity_types: []\ngdpr_roles: [controller]\n",
        encoding="utf-8",
    )
    (folder / "evidence.csv").write_text(
        "id,title,kind,supports,ai_system,owner,issued,valid_until,version,sha256,location\n",
        encoding="utf-8",
    )
    data, _ = loader.parse(folder, org_store)
    (bot,) = data.systems
    assert (bot.ai_act_roles, bot.high_risk_basis, bot.functions) == (("deployer",), None, ())
    assert data.organisation.flags["established_in_eu"] is True
    assert data.organisation.flags["public_body"] is False


def test_booleans_as_spreadsheets_and_yaml_write_them(
    org_store: EmbeddedStore, folder: Path
) -> None:
    edit(folder / "organisation.yaml", "public_body: no", "public_body: FALSE")
    edit(folder / "organisation.yaml", "dpo_designated: yes", "dpo_designated: 1")
    data, _ = loader.parse(folder, org_store)
    assert data.organisation.flags["public_body"] is False
    assert data.organisation.flags["dpo_designated"] is True


def test_the_facts_vocabulary_agrees_with_the_input_schema() -> None:
    """facts.csv (what the law data may test) and orgdata (what the input accepts) list the
    same values: a value one accepts and the other does not would silently never match."""
    import csv

    from aimsgraph.engine.org import orgdata

    rows = csv.DictReader(
        (REPO / "ontology/sources/applicability/facts.csv").open(encoding="utf-8")
    )
    values = {
        (r["subject"], r["fact"]): tuple(v for v in r["values"].split(";") if v) for r in rows
    }
    assert values[("system", "high_risk_basis")] == orgdata.HIGH_RISK_BASES
    assert values[("system", "functions")] == orgdata.AI_FUNCTIONS
    assert values[("system", "ai_act_role")] == orgdata.AI_ACT_ROLES
    assert values[("system", "risk_tier")] == orgdata.RISK_TIERS
    assert values[("org", "size")] == orgdata.ORG_SIZES
    assert values[("org", "entity_types")] == orgdata.ENTITY_TYPES
    assert values[("org", "gdpr_roles")] == orgdata.GDPR_ROLES
    assert {f for s, f in values if s == "org" and values[(s, f)] == ("yes", "no")} == set(
        orgdata.ORG_FLAGS
    )


NEW_FLAGS = (
    "nis2_registry_entity",
    "information_sharing_participant",
    "nis2_certification_required",
)


def test_registry_sharing_and_certification_facts_default_no_and_survive_rdf(
    org_store: EmbeddedStore, folder: Path, tmp_path: Path
) -> None:
    """NIS2 Art. 27(1), 24(1) and DORA Art. 45(3) turn on these facts: absent they are no
    (the provisions must not apply), set they are read from YAML and from Turtle alike."""
    for flag in NEW_FLAGS:  # the example states them; absent they must still read no
        edit(folder / "organisation.yaml", f"{flag}: no", "")
    data, _ = loader.parse(folder, org_store)
    assert [data.organisation.flags[f] for f in NEW_FLAGS] == [False, False, False]
    path = folder / "organisation.yaml"
    text = path.read_text(encoding="utf-8") + "".join(f"{f}: yes\n" for f in NEW_FLAGS)
    path.write_text(text, encoding="utf-8")
    data, _ = loader.parse(folder, org_store)
    turtle = tmp_path / "org.ttl"
    turtle.write_text(loader.to_graph(data).serialize(format="turtle"), encoding="utf-8")
    again, _ = loader.parse(turtle, org_store)
    assert [again.organisation.flags[f] for f in NEW_FLAGS] == [True, True, True]


HOSTILE = [
    'say "yes"',
    "back\\slash \\n not a newline",
    "two\nlines",
    "carriage\rreturn",
    "tab\there",
    "ünïcödé ☃ 𝄞",
    '"\\"',
    "<http://x> . _:b",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_literal_text_reads_back_exactly(value: str) -> None:
    """The N-Triples the loader writes escape what a literal cannot hold as it is."""
    line = f"<http://example.org/s> <http://example.org/p> {graph_text._text(value)} .\n"
    (quad,) = ox.parse(line.encode(), format=ox.RdfFormat.N_TRIPLES)
    assert isinstance(quad.object, ox.Literal) and quad.object.value == value


def test_free_text_columns_are_stored_as_written(org_store: EmbeddedStore, tmp_path: Path) -> None:
    """Names, purposes, titles and locations with quotes, backslashes and any script reach
    the store unchanged, whatever the checks let through."""
    name, purpose, title = 'The "Scorer" \\ v2', "Prüfung ☃ <x> . _:b", 'Policy "B"\\'
    folder = write_org(
        tmp_path / "o",
        systems=[{**system("cs", "provider", "high"), "name": name, "purpose": purpose}],
        soa=[control("A.6.2.4")],
        evidence=[{**evidence("E1", "iso42001:A.6.2.4"), "title": title}],
    )
    _, triples = loader.import_org(org_store, folder)
    rows = org_store.select(
        "SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }",
        graphs=[loader.org_graph("acme")],
    )
    assert {name, purpose, title} <= {r["o"] for r in rows}
    assert triples == org_store.count(loader.org_graph("acme"))


class _BrokenStore:
    """A store whose every write fails (a full disk, a lost server)."""

    def replace_graph(self, graph: str, data: bytes, fmt: str, version: str) -> int:
        raise StoreError("cannot write the store at /nowhere: disk full")


def test_a_background_write_reports_its_failure(org_store: EmbeddedStore) -> None:
    prepared = loader.prepare_import(org_store, EXAMPLE)
    assert loader.org_graph("northwind-bank") not in org_store.graph_versions()  # nothing yet
    with pytest.raises(StoreError, match="disk full"):
        loader.BackgroundWrite(_BrokenStore(), prepared).wait()  # type: ignore[arg-type]
    writing = loader.BackgroundWrite(org_store, prepared)
    assert writing.wait() == prepared.triples == org_store.count(prepared.graph)
    assert org_store.graph_versions()[prepared.graph] == prepared.version


def test_the_working_set_holds_the_quads_the_store_wrote(
    org_store: EmbeddedStore, tmp_path: Path
) -> None:
    """The analysis's working set parses the import's text without checking it again
    (``working_set._parse``, lenient) while the store parses it strictly: with every hostile
    text in every free-text column, both hold exactly the same triples."""
    folder = write_org(
        tmp_path / "o",
        systems=[
            {**system(f"s{i}", "provider", "high"), "name": value, "purpose": value}
            for i, value in enumerate(HOSTILE)
        ],
        soa=[{**control("A.6.2.4"), "justification": " ".join(HOSTILE)}],
        evidence=[
            {**evidence(f"E{i}", "iso42001:A.6.2.4"), "title": value, "location": value}
            for i, value in enumerate(HOSTILE)
        ],
    )
    prepared = loader.prepare_import(org_store, folder)
    loader.write_import(org_store, prepared)
    work = working_store(org_store, "acme", prepared)

    def triples(store: Store) -> set[ox.Triple]:
        text = store.export(prepared.graph, "nt")
        return set(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))  # strict

    stored = triples(org_store)
    assert len(stored) == prepared.triples > 10 * len(HOSTILE)
    assert triples(work) == stored
    literals = {t.object.value for t in stored if isinstance(t.object, ox.Literal)}
    # (a lone carriage return is a line end to the CSV reader: it arrives as \n)
    assert {v for v in HOSTILE if "\r" not in v} <= literals
