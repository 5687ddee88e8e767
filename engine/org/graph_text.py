"""An organisation's data as the N-Triples of its named graph, in the aimsgraph vocabulary.

The loader checks the files; this module only spells the checked data as triples. Written
as text: ~10x faster than building Oxigraph term objects for a large inventory (0.2 s
against 2.1 s for 500,000 triples, measured), and Oxigraph parses the text straight into
the store and into the analysis's working set, without holding the GIL.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from ..namespaces import AIMS, CCCEV, GRAPH, ORG, VOCAB, expand
from .orgdata import OrgData


def org_graph(org_id: str) -> str:
    """Named graph of an organisation."""
    return f"{GRAPH}org/{org_id}"


def org_namespace(org_id: str) -> str:
    """IRI namespace of an organisation's nodes."""
    return f"{ORG}{org_id}/"


class _Vocab:
    """``_Vocab(base).term`` -> the N-Triples IRI ``<base + term>``, made on first use and
    then kept as an ordinary attribute (later uses do not call ``__getattr__``: 7x10^5
    uses at 10,000 systems)."""

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        node = f"<{self._base}{name}>"
        setattr(self, name, node)
        return node


_A = _Vocab(AIMS)
_CV = _Vocab(CCCEV)
_DCT = _Vocab("http://purl.org/dc/terms/")
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_VERSION = "<http://www.w3.org/ns/dcat#version>"
_DATE = "^^<http://www.w3.org/2001/XMLSchema#date>"
_TRUE = '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
_FALSE = '"false"^^<http://www.w3.org/2001/XMLSchema#boolean>'
# N-Triples string escapes (ECHAR): the only characters a literal may not hold as they are.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


# organisation.yaml yes/no facts -> their property in the aimsgraph vocabulary (core.ttl).
ORG_FLAG_PROPERTIES = {
    "information_sharing_participant": "informationSharingParticipant", "public_body": "publicBody",
    "large_scale_special_categories": "largeScaleSpecialCategories",
    "nis2_certification_required": "nis2CertificationRequired", "law_enforcement": "lawEnforcement",
    "dora_simplified_framework": "doraSimplifiedFramework", "public_service": "publicService",
    "large_scale_monitoring": "largeScaleMonitoring", "nis2_registry_entity": "nis2RegistryEntity",
    "established_in_eu": "establishedInUnion", "dpo_designated": "dpoDesignated",
}  # fmt: skip


def _text(value: str) -> str:
    return f'"{value.translate(_ESCAPES)}"'


def _date(value: dt.date) -> str:
    return f'"{value.isoformat()}"{_DATE}'


def _flag(value: bool) -> str:
    return _TRUE if value else _FALSE


def iri(value: str) -> str:
    """An IRI as N-Triples writes it. Every IRI the loader makes is a namespace plus ids
    the checks restricted to letters, digits and ``._-`` (or a controlled value), so it
    needs no escaping; Oxigraph's parser rejects anything else rather than guess."""
    return f"<{value}>"


def to_ntriples(data: OrgData) -> bytes:
    """The organisation's graph in the aimsgraph vocabulary as N-Triples, each triple once.

    Written as text: ~10x faster than building Oxigraph term objects for a large inventory
    (0.2 s against 2.1 s for 500,000 triples, measured), and Oxigraph parses the text
    straight into the store and the analysis's working set."""
    org = data.organisation
    ns = org_namespace(org.id)
    lines: dict[str, None] = {}

    def add(subject: str, predicate: str, obj: str) -> None:
        lines[f"{subject} {predicate} {obj} .\n"] = None

    node = iri(ns + "organisation")
    add(node, _TYPE, _A.Organisation)
    add(node, _DCT.identifier, _text(org.id))
    add(node, _LABEL, _text(org.name))
    if org.sector:
        add(node, _A.sector, _text(org.sector))
    for value in org.entity_types:
        add(node, _A.entityType, iri(f"{VOCAB}entity-type/{value}"))
    for value in org.gdpr_roles:
        add(node, _A.gdprRole, iri(f"{VOCAB}role/{value}"))
    if org.size:
        add(node, _A.organisationSize, iri(f"{VOCAB}organisation-size/{org.size}"))
    for key, flag in org.flags.items():
        add(node, getattr(_A, ORG_FLAG_PROPERTIES[key]), _flag(flag))

    owners: dict[str, str] = {}

    def owner(name: str | None) -> str | None:
        if not name:
            return None
        if name not in owners:
            owners[name] = iri(ns + "owner/" + hashlib.sha1(name.encode()).hexdigest()[:12])
            add(owners[name], _TYPE, _A.Owner)
            add(owners[name], _LABEL, _text(name))
        return owners[name]

    for system in data.systems:
        s = iri(ns + "system/" + system.id)
        add(s, _TYPE, _A.AISystem)
        add(s, _A.organisation, node)
        add(s, _DCT.identifier, _text(system.id))
        add(s, _LABEL, _text(system.name))
        if system.purpose:
            add(s, _A.purpose, _text(system.purpose))
        if (o := owner(system.owner)) is not None:
            add(s, _A.owner, o)
        add(s, _A.lifecycleStage, iri(f"{VOCAB}lifecycle-stage/{system.lifecycle_stage}"))
        for role in system.ai_act_roles:
            add(s, _A.aiActRole, iri(f"{VOCAB}role/{role}"))
        if system.risk_tier:
            add(s, _A.riskTier, iri(f"{VOCAB}risk-tier/{system.risk_tier}"))
        add(s, _A.processesPersonalData, _flag(system.personal_data))
        if system.high_risk_basis:
            add(s, _A.highRiskBasis, iri(f"{VOCAB}high-risk-basis/{system.high_risk_basis}"))
        add(s, _A.claimsArt63Derogation, _flag(system.art_6_3_exemption))
        for function in system.functions:
            add(s, _A.aiFunction, iri(f"{VOCAB}ai-function/{function}"))
        if system.placed_on_market:
            add(s, _A.placedOnMarket, _date(system.placed_on_market))
        add(s, _A.testsInRealWorldConditions, _flag(system.real_world_testing))

    for entry in data.soa:
        e = iri(ns + "soa/" + entry.control)
        add(e, _TYPE, _A.ControlImplementation)
        add(e, _A.organisation, node)
        add(e, _A.implementsControl, iri(expand("iso42001:" + entry.control)))
        add(e, _A.included, _flag(entry.included))
        if entry.status:
            add(e, _A.implementationStatus, iri(f"{VOCAB}implementation-status/{entry.status}"))
        if entry.justification:
            add(e, _A.justification, _text(entry.justification))
        if (o := owner(entry.owner)) is not None:
            add(e, _A.owner, o)

    for item in data.evidence:
        e = iri(ns + "evidence/" + item.id)
        add(e, _TYPE, _A.EvidenceItem)
        add(e, _A.organisation, node)
        add(e, _DCT.identifier, _text(item.id))
        add(e, _DCT.title, _text(item.title))
        add(e, _A.evidenceKind, iri(f"{VOCAB}evidence-kind/{item.kind}"))
        for target in item.supports:
            add(e, _CV.supportsRequirement, iri(expand(target)))
        if item.ai_system:
            add(e, _A.aboutSystem, iri(ns + "system/" + item.ai_system))
        if (o := owner(item.owner)) is not None:
            add(e, _A.owner, o)
        add(e, _DCT.issued, _date(item.issued))
        if item.valid_until:
            add(e, _A.validUntil, _date(item.valid_until))
        if item.version:
            add(e, _VERSION, _text(item.version))
        if item.sha256:
            add(e, _A.sha256, _text(item.sha256.lower()))
        if item.location:
            add(e, _A.location, _text(item.location))
    return "".join(lines).encode("utf-8")
