"""Forgiving where unambiguous, strict where not (issue #19 point 2): other spellings of the
same value import as the canonical one; anything else is an error with a did-you-mean, the
list separator named, and every empty file reported by name; nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from aimsgraph.engine.errors import MAX_PROBLEMS, InputError
from aimsgraph.engine.org import loader
from aimsgraph.engine.org.checks import Checker
from aimsgraph.engine.org.forgiving import ProvisionIds
from aimsgraph.engine.org.schema import LIFECYCLE_STAGES
from aimsgraph.engine.present import org_template_xlsx
from aimsgraph.engine.store import EmbeddedStore
from conftest import REPO
from openpyxl import load_workbook

EXAMPLE = REPO / "examples" / "northwind-bank"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "org"
    shutil.copytree(EXAMPLE, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(store: EmbeddedStore, source: Path) -> list[str]:
    with pytest.raises(InputError) as error:
        loader.parse(source, store)
    return [str(p).replace(str(source) + "/", "") for p in error.value.problems]


@pytest.fixture(scope="module")
def ids(store: EmbeddedStore) -> ProvisionIds:
    return ProvisionIds(loader.known_ids(store))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A.2.2", "iso42001:A.2.2"),
        ("iso42001:A.2.2", "iso42001:A.2.2"),
        ("ISO42001:a.2.2", "iso42001:A.2.2"),
        ("clause-4.3", "iso42001:clause-4.3"),
        ("gdpr:art-35", "gdpr:art-35"),
    ],
)
def test_ids_with_or_without_their_prefix(ids: ProvisionIds, text: str, expected: str) -> None:
    assert ids.resolve(text) == (expected, "")


def test_an_id_naming_several_provisions_is_refused_with_the_candidates(ids: ProvisionIds) -> None:
    full, why = ids.resolve("art-35")
    assert full is None
    assert "'art-35' is ambiguous" in why and "gdpr:art-35" in why and "ai-act:art-35" in why
    assert "framework prefix" in why


def test_an_unknown_id_gets_the_closest_one(ids: ProvisionIds) -> None:
    assert ids.resolve("iso42001:A.2.22") == (
        None,
        "'iso42001:A.2.22' is not a known provision id; did you mean 'iso42001:A.2.2'?",
    )


def test_other_spellings_import_as_the_canonical_values(store: EmbeddedStore, folder: Path) -> None:
    canonical, _ = loader.parse(EXAMPLE, store)
    systems = folder / "ai-systems.csv"
    edit(systems, ",operation-monitoring,provider;deployer,high,yes,annex-iii-5-b,no,",
         ",Operation-Monitoring,Provider;DEPLOYER,High,TRUE,Annex-III-5-b,0,")  # fmt: skip
    edit(systems, ",limited,yes,,no,interacts-with-persons;generates-synthetic-content,",
         ",limited,1,,false,Interacts-With-Persons;generates-synthetic-content,")  # fmt: skip
    edit(folder / "soa.csv", "A.2.2,yes,implemented", "iso42001:A.2.2,True,Implemented")
    edit(folder / "soa.csv", "A.2.3,yes,implemented", "a.2.3,1,IMPLEMENTED")
    evidence = folder / "evidence.csv"
    edit(evidence, ",policy,iso42001:clause-5.2;iso42001:A.2.2;iso42001:A.2.3,",
         ",Policy,clause-5.2;A.2.2;ISO42001:A.2.3,")  # fmt: skip
    edit(folder / "organisation.yaml", "size: large", "size: Large")
    edit(folder / "organisation.yaml", "public_body: no", "public_body: false")
    edit(folder / "organisation.yaml", "gdpr_roles: [controller]", "gdpr_roles: Controller")
    forgiven, _ = loader.parse(folder, store)
    assert forgiven == canonical


def test_excel_booleans_and_numbers_in_the_workbook(tmp_path: Path, store: EmbeddedStore) -> None:
    path = org_template_xlsx.write_template(tmp_path / "client.xlsx")
    workbook = load_workbook(path)
    systems, soa = workbook["ai-systems"], workbook["soa"]
    personal = [c.value for c in systems[1]].index("personal_data") + 1
    exemption = [c.value for c in systems[1]].index("art_6_3_exemption") + 1
    systems.cell(2, personal).value = True
    systems.cell(2, exemption).value = False
    soa.cell(2, 2).value = 1  # included
    workbook.save(path)
    data, _ = loader.parse(path, store)
    assert data.systems[0].personal_data is True and data.systems[0].art_6_3_exemption is False
    assert data.soa[0].included is True


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "ai-systems.csv",
            ",operation-monitoring,provider;deployer,high",
            ",operation-monitorin,provider;deployer,high",
            "ai-systems.csv:2:lifecycle_stage: 'operation-monitorin' is not allowed; allowed: "
            "inception, design-development, verification-validation, deployment, "
            "operation-monitoring, re-evaluation, retirement; did you mean "
            "'operation-monitoring'?",
        ),
        (
            "ai-systems.csv",
            ",provider;deployer,high",
            ',"provider,deployer",high',
            "ai-systems.csv:2:ai_act_role: 'provider,deployer' is not allowed; allowed: provider,"
            " deployer, importer, distributor, authorised-representative; separate list values "
            "with ';', not ','",
        ),
        (
            "ai-systems.csv",
            ",no,interacts-with-persons;",
            ",no,interacts-with-person;",
            "ai-systems.csv:3:functions: 'interacts-with-person' is not allowed; allowed: "
            "interacts-with-persons, generates-synthetic-content, emotion-recognition, "
            "biometric-categorisation, deep-fake, public-interest-text (a list: separate values "
            "with ';'); did you mean 'interacts-with-persons'?",
        ),
        (
            "ai-systems.csv",
            "id,name,purpose,",
            "id,name,purpse,",
            "ai-systems.csv:1:purpse: unknown column 'purpse'; columns are id, name, purpose, "
            "owner, lifecycle_stage, ai_act_role, risk_tier, personal_data, high_risk_basis, "
            "art_6_3_exemption, functions, placed_on_market, real_world_testing; "
            "did you mean 'purpose'?",
        ),
        (
            "soa.csv",
            "A.3.3,yes,partial,",
            "A.3.3,yes,partially-implemented,",
            "soa.csv:6:status: 'partially-implemented' is not allowed; allowed: implemented, "
            "partial, planned, not-implemented; did you mean 'partial'?",
        ),
        (
            "soa.csv",
            "A.6.2.4,yes",
            "A.6.2.44,yes",
            "soa.csv:20:control: 'A.6.2.44' is not an ISO/IEC 42001 Annex A control (e.g. "
            "A.6.2.4); did you mean 'A.6.2.4'?",
        ),
        (
            "evidence.csv",
            "iso42001:clause-4.3,",
            "art-35,",
            "evidence.csv:2:supports: 'art-35' is ambiguous: it names ai-act:art-35, "
            "dora:art-35, gdpr:art-35, nis2:art-35; write it with its framework prefix",
        ),
        (
            "evidence.csv",
            "iso42001:clause-4.3,",
            "iso42001:clause-4.33,",
            "evidence.csv:2:supports: 'iso42001:clause-4.33' is not a known provision id; did "
            "you mean 'iso42001:clause-4.3'?",
        ),
        (
            "evidence.csv",
            ",credit-scoring,Head of Compliance",
            ",credit-scorin,Head of Compliance",
            "evidence.csv:10:ai_system: 'credit-scorin' is not an AI system of ai-systems.csv; "
            "did you mean 'credit-scoring'?",
        ),
        (
            "organisation.yaml",
            "dpo_designated: yes",
            "dpo_designed: yes",
            "organisation.yaml:dpo_designed: unknown key 'dpo_designed'; keys are id, name, ",
        ),
    ],
)
def test_unknown_values_get_a_did_you_mean(
    store: EmbeddedStore, folder: Path, file: str, old: str, new: str, expected: str
) -> None:
    edit(folder / file, old, new)
    found = problems(store, folder)
    assert any(m.startswith(expected) for m in found), found


def test_unknown_key_suggests_the_close_one(store: EmbeddedStore, folder: Path) -> None:
    edit(folder / "organisation.yaml", "dpo_designated: yes", "dpo_designed: yes")
    assert any(m.endswith("did you mean 'dpo_designated'?") for m in problems(store, folder))


def test_every_empty_file_is_reported_by_name(org_store: EmbeddedStore, folder: Path) -> None:
    loader.import_org(org_store, EXAMPLE)
    before = org_store.count(loader.org_graph("northwind-bank"))
    (folder / "soa.csv").write_text("", encoding="utf-8")
    (folder / "evidence.csv").write_text("\n\n", encoding="utf-8")
    (folder / "organisation.yaml").write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        loader.import_org(org_store, folder)
    found = [str(p).replace(str(folder) + "/", "") for p in error.value.problems]
    assert found == [
        "organisation.yaml: file is empty: expected the keys id, name, sector, entity_types, "
        "gdpr_roles, size, public_body, public_service, established_in_eu, "
        "dora_simplified_framework, large_scale_monitoring, large_scale_special_categories, "
        "dpo_designated, law_enforcement, nis2_registry_entity, information_sharing_participant, "
        "nis2_certification_required",
        "soa.csv: file is empty: expected the header row control,included,status,"
        "justification,owner",
        "evidence.csv: file is empty: expected the header row id,title,kind,supports,"
        "ai_system,owner,issued,valid_until,version,sha256,location",
    ]
    assert org_store.count(loader.org_graph("northwind-bank")) == before


def test_empty_sheets_are_reported_by_name(tmp_path: Path, store: EmbeddedStore) -> None:
    path = org_template_xlsx.write_template(tmp_path / "client.xlsx")
    workbook = load_workbook(path)
    for name in ("soa", "evidence"):
        workbook[name].delete_rows(1, workbook[name].max_row)
    workbook.save(path)
    found = problems(store, path)
    assert [m.split(":")[0] for m in found] == [f"{path}[soa]", f"{path}[evidence]"]
    assert all("sheet is empty: expected the header row" in m for m in found)


def test_no_fuzzy_search_past_the_problem_cap(ids: ProvisionIds) -> None:
    """A million bad rows must not cost a million did-you-mean searches: past the cap of
    kept problems the hint is skipped (only the count of omitted problems grows)."""
    check = Checker()
    assert check.hint("operation-monitorin", LIFECYCLE_STAGES) == (
        "; did you mean 'operation-monitoring'?"
    )
    for row in range(MAX_PROBLEMS):
        check.report("x.csv", row + 2, "id", "bad")
    assert check.hint("operation-monitorin", LIFECYCLE_STAGES) == ""
    assert ids.resolve("iso42001:A.2.22", hint=False) == (
        None,
        "'iso42001:A.2.22' is not a known provision id",
    )
