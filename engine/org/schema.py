"""The organisation input schema in one place: the allowed values of every enumerated field,
the keys of organisation.yaml and the columns of each CSV, the id forms.

orgdata.py checks input against it; the client templates and docs/input-format.md are
generated from the :class:`Field` lists below (template.py); ``ontology/sources/applicability/
facts.csv`` must list the same values (tests/engine/org/test_loader.py holds them together).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ENTITY_TYPES = ("financial-entity", "essential-entity", "important-entity")
GDPR_ROLES = ("controller", "processor")
AI_ACT_ROLES = ("provider", "deployer", "importer", "distributor", "authorised-representative")
RISK_TIERS = ("prohibited", "high", "limited", "minimal", "gpai", "gpai-systemic")
LIFECYCLE_STAGES = (
    "inception",
    "design-development",
    "verification-validation",
    "deployment",
    "operation-monitoring",
    "re-evaluation",
    "retirement",
)
STATUSES = ("implemented", "partial", "planned", "not-implemented")
EVIDENCE_KINDS = (
    "policy",
    "procedure",
    "scope-statement",
    "risk-register",
    "risk-treatment-plan",
    "impact-assessment",
    "dpia",
    "fria",
    "test-report",
    "change-record",
    "monitoring-log",
    "incident-record",
    "management-review-minutes",
    "internal-audit-report",
    "corrective-action-record",
    "training-record",
    "technical-documentation",
    "model-card",
    "data-sheet",
    "contract",
    "other",
)
YES_NO = ("yes", "no")
ORG_SIZES = ("micro", "small", "medium", "large")
HIGH_RISK_BASES = (
    "annex-i",
    "annex-iii-1-a", "annex-iii-1-b", "annex-iii-1-c", "annex-iii-2",
    "annex-iii-3-a", "annex-iii-3-b", "annex-iii-3-c", "annex-iii-3-d",
    "annex-iii-4-a", "annex-iii-4-b",
    "annex-iii-5-a", "annex-iii-5-b", "annex-iii-5-c", "annex-iii-5-d",
    "annex-iii-6-a", "annex-iii-6-b", "annex-iii-6-c", "annex-iii-6-d", "annex-iii-6-e",
    "annex-iii-7-a", "annex-iii-7-b", "annex-iii-7-c", "annex-iii-7-d",
    "annex-iii-8-a", "annex-iii-8-b",
)  # fmt: skip
AI_FUNCTIONS = (
    "interacts-with-persons",
    "generates-synthetic-content",
    "emotion-recognition",
    "biometric-categorisation",
    "deep-fake",
    "public-interest-text",
)
# Optional yes/no facts of organisation.yaml with their default (applicability conditions:
# ontology/sources/applicability/facts.csv says which provision each one decides).
ORG_FLAGS = {
    "public_body": "no",
    "public_service": "no",
    "established_in_eu": "yes",
    "dora_simplified_framework": "no",
    "large_scale_monitoring": "no",
    "large_scale_special_categories": "no",
    "dpo_designated": "no",
    "law_enforcement": "no",
    "nis2_registry_entity": "no",
    "information_sharing_participant": "no",
    "nis2_certification_required": "no",
}

ORG_KEYS = ("id", "name", "sector", "entity_types", "gdpr_roles", "size", *ORG_FLAGS)
SYSTEM_COLUMNS = (
    "id", "name", "purpose", "owner", "lifecycle_stage", "ai_act_role", "risk_tier",
    "personal_data", "high_risk_basis", "art_6_3_exemption", "functions", "placed_on_market",
    "real_world_testing",
)  # fmt: skip
# Columns an older ai-systems.csv may leave out (read as empty: the documented defaults).
OPTIONAL_SYSTEM_COLUMNS = (
    "high_risk_basis",
    "art_6_3_exemption",
    "functions",
    "placed_on_market",
    "real_world_testing",
)
SOA_COLUMNS = ("control", "included", "status", "justification", "owner")
EVIDENCE_COLUMNS = (
    "id", "title", "kind", "supports", "ai_system", "owner", "issued", "valid_until", "version",
    "sha256", "location",
)  # fmt: skip

LIST_KEYS = frozenset({"entity_types", "gdpr_roles"})  # may be YAML lists or "a;b"
# Always used with fullmatch: ``$`` would accept a trailing newline ("acme\n").
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
LOCAL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
SHA256 = re.compile(r"[0-9a-fA-F]{64}")
ANNEX_A_CONTROL = re.compile(r"A\.\d+(\.\d+)+")
# Characters refused in every cell: C0 controls except tab, LF, CR (free text may hold
# line breaks), DEL, C1 controls, and the XML non-characters (an XLSX cannot hold them).
CONTROL_CHARACTERS = frozenset(
    chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))
) | {"\ufffe", "\uffff"}

LIST_SEPARATOR = ";"


# -- the column reference: what each key/column means (docs/input-format.md and the
# templates are generated from these; tests/engine/org/test_templates.py holds them to the
# tuples above) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One key of organisation.yaml or one column of a CSV, as the user sees it."""

    name: str
    meaning: str
    required: bool = False
    allowed: tuple[str, ...] = ()  # enumerated values ("" = any text of the form below)
    form: str = "text"  # what a free value looks like
    is_list: bool = False  # several values separated by LIST_SEPARATOR
    example: str = ""  # the template's example value (imports as written)


_FLAG_MEANINGS = {
    "public_body": "a public authority or body (GDPR Art. 37(1)(a), AI Act Art. 27)",
    "public_service": "a private entity providing public services (AI Act Art. 27 FRIA)",
    "established_in_eu": "established in the Union (territorial scope)",
    "dora_simplified_framework": "DORA Art. 16 simplified ICT risk management framework",
    "large_scale_monitoring": "core activities need large-scale regular and systematic "
    "monitoring of individuals (GDPR Art. 37(1)(b))",
    "large_scale_special_categories": "core activities are large-scale processing of special "
    "categories of data (GDPR Art. 37(1)(c))",
    "dpo_designated": "a data protection officer is designated",
    "law_enforcement": "acts as or for a law-enforcement authority",
    "nis2_registry_entity": "one of the digital entity types of NIS2 Art. 27(1) (DNS, TLD, "
    "cloud, data centre, CDN, managed (security) services, marketplaces, search engines, "
    "social networks)",
    "information_sharing_participant": "participates in a cyber threat information-sharing "
    "arrangement (DORA Art. 45)",
    "nis2_certification_required": "national law requires certified ICT products, services "
    "or processes (NIS2 Art. 24(1))",
}
_YES_NO_FORM = "yes or no (also true/false, 1/0, Excel TRUE/FALSE)"
_DATE_FORM = "date YYYY-MM-DD"
_PROVISION_FORM = (
    "provision ids such as iso42001:A.6.2.4 or gdpr:art-35; the framework prefix may be "
    "left out where the rest names one provision only (A.6.2.4)"
)

ORG_FIELDS: tuple[Field, ...] = (
    Field("id", "organisation id (also `--org` of every command)", True, (),
          "lower-case letters, digits and -, at most 63 characters", example="example-org"),
    Field("name", "the organisation's name", True, example="Example Organisation Ltd"),
    Field("sector", "sector, free text (shown in reports)", example="health care"),
    Field("entity_types", "DORA/NIS2 entity types the organisation is", False, ENTITY_TYPES,
          is_list=True, example="essential-entity"),
    Field("gdpr_roles", "GDPR roles the organisation has", False, GDPR_ROLES, is_list=True,
          example="controller"),
    Field("size", "size class (SME derogations)", False, ORG_SIZES, example="medium"),
    *(
        Field(key, f"{meaning} (default: {default})", False, YES_NO, _YES_NO_FORM,
              example=default)
        for key, default in ORG_FLAGS.items()  # every flag must have a meaning (KeyError)
        for meaning in (_FLAG_MEANINGS[key],)
    ),
)  # fmt: skip
SYSTEM_FIELDS: tuple[Field, ...] = (
    Field("id", "AI system id, unique in the file", True, (), "letters, digits, . _ -",
          example="triage-model"),
    Field("name", "the system's name", True, example="Triage assistant"),
    Field("purpose", "intended purpose, free text", example="Suggest an urgency level"),
    Field("owner", "accountable person or role", example="Head of Clinical AI"),
    Field("lifecycle_stage", "ISO/IEC 22989 life-cycle stage", True, LIFECYCLE_STAGES,
          example="operation-monitoring"),
    Field("ai_act_role", "the organisation's AI Act roles for this system", True,
          AI_ACT_ROLES, is_list=True, example="provider;deployer"),
    Field("risk_tier", "AI Act risk tier (empty: not classified)", False, RISK_TIERS,
          example="high"),
    Field("personal_data", "the system processes personal data", True, YES_NO, _YES_NO_FORM,
          example="yes"),
    Field("high_risk_basis", "why the system is high-risk (Annex I or the Annex III point)",
          False, HIGH_RISK_BASES, example="annex-iii-5-d"),
    Field("art_6_3_exemption", "claims the Art. 6(3) derogation (Annex III only; default no)",
          False, YES_NO, _YES_NO_FORM, example="no"),
    Field("functions", "functions with transparency duties (AI Act Art. 50)", False,
          AI_FUNCTIONS, is_list=True, example="interacts-with-persons"),
    Field("placed_on_market", "date placed on the market or put into service", False, (),
          _DATE_FORM, example="2025-01-15"),
    Field("real_world_testing", "tested in real-world conditions outside a sandbox (AI Act "
          "Arts. 60-61; default no)", False, YES_NO, _YES_NO_FORM, example="no"),
)  # fmt: skip
SOA_FIELDS: tuple[Field, ...] = (
    Field("control", "ISO/IEC 42001 Annex A control, one row each", True, (),
          "A.6.2.4 or iso42001:A.6.2.4", example="A.2.2"),
    Field("included", "the control is in the Statement of Applicability", True, YES_NO,
          _YES_NO_FORM, example="yes"),
    Field("status", "implementation status (required when included, empty when not)", False,
          STATUSES, example="implemented"),
    Field("justification", "why included or excluded, free text",
          example="AI policy approved by the board"),
    Field("owner", "accountable person or role", example="Chief Risk Officer"),
)  # fmt: skip
EVIDENCE_FIELDS: tuple[Field, ...] = (
    Field("id", "evidence id, unique in the file", True, (), "letters, digits, . _ -",
          example="EV-001"),
    Field("title", "document title", True, example="AI policy"),
    Field("kind", "kind of document", True, EVIDENCE_KINDS, example="policy"),
    Field("supports", "provisions this evidence supports", True, (), _PROVISION_FORM, True,
          example="A.2.2;iso42001:clause-5.2"),
    Field("ai_system", "the AI system it is about (an id of ai-systems.csv; empty: all)",
          example="triage-model"),
    Field("owner", "accountable person or role", example="Chief Risk Officer"),
    Field("issued", "date issued", True, (), _DATE_FORM, example="2026-01-15"),
    Field("valid_until", "date it expires (empty: no expiry)", False, (), _DATE_FORM,
          example="2027-01-15"),
    Field("version", "document version", example="1.0"),
    Field("sha256", "SHA-256 of the document", False, (), "64 hexadecimal characters"),
    Field("location", "where the document is (URL, DMS path)",
          example="dms://aims/ai-policy.pdf"),
)  # fmt: skip
