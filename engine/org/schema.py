"""The organisation input schema in one place: the allowed values of every enumerated field,
the keys of organisation.yaml and the columns of each CSV, the id forms.

orgdata.py checks input against it; ``ontology/sources/applicability/facts.csv`` must list
the same values (tests/engine/org/test_loader.py holds them together).
"""

from __future__ import annotations

import re

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
)  # fmt: skip
# Columns an older ai-systems.csv may leave out (read as empty: the documented defaults).
OPTIONAL_SYSTEM_COLUMNS = ("high_risk_basis", "art_6_3_exemption", "functions", "placed_on_market")
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
