"""Descriptions and examples for the fields of the engine records the API returns.

The records are the engine's dataclasses (one truth for CLI, API and MCP); what a field
means to an API client is written here, once per field name, with overrides where a name
means something else in one record. :mod:`openapi` adds them to the document; a test checks
that every field has both and that each example fits its field's schema.
"""

from __future__ import annotations

from typing import Any

SHORT_ID = "short provision id"
FIELDS: dict[str, tuple[str, Any]] = {
    "action": ("what to do: implement a control, add evidence, decide in the SoA", "add-evidence"),
    "addressees": ("the roles the provision binds", ["deployer"]),
    "amending_act": ("ELI of the amending act", "http://data.europa.eu/eli/reg/2026/1744/oj"),
    "amending_provision": ("the point of the amending act that makes the change", "Art. 1(4)(a)"),
    "amendments": ("changes made to the provision by later acts", []),
    "api_key": ("the organisation's key: shown once, stored only as a hash", "k3y-5h0wn-0nc3"),
    "applicability": ("who the provision binds and from when, per reading", []),
    "applicable": ("number of provisions that apply on the date", 117),
    "applies_from": ("first date the provision binds the organisation", "2026-08-02"),
    "as_of": ("the law date of the analysis (YYYY-MM-DD)", "2026-11-23"),
    "after": ("the status with the what-if assumptions", "partial"),
    "before": ("the status without the what-if assumptions", "uncovered"),
    "changes": ("every status the what-if assumptions move", []),
    "draft_changes": ("statuses that would differ with draft mapping rows counted", 3),
    "evidence_date": ("the date evidence validity is judged on (YYYY-MM-DD)", "2026-11-23"),
    "explanation": ("why the obligation has this status, in one sentence", "partial: A.6.2.4"),
    "include_draft": ("whether draft mapping rows were counted", False),
    "per_system": ("the obligation judged for each AI system it applies through", []),
    "scope": (
        "whose evidence implements the element: system, organisation, other, assumed",
        "system",
    ),
    "assumed_implemented": ("controls treated as implemented (what-if)", ["iso42001:A.6.2.4"]),
    "change": ("kind of change: replaced, inserted, deleted", "replaced"),
    "children": ("the provisions directly under this one", []),
    "closes": ("obligations this step makes covered", ["gdpr:art-35-7-d"]),
    "comment": ("the mapping author's note on why the link holds", "Both require event logs."),
    "confidence": ("the mapping author's confidence, 0 to 1", 0.55),
    "control": ("ISO/IEC 42001 Annex A control", "iso42001:A.6.2.8"),
    "counts": ("number of provisions per kind", {"article": 113, "paragraph": 420}),
    "covered": ("obligations fully supported by implemented controls", 12),
    "delta": ("the score after minus the score before", 0.011),
    "ended": ("when the analysis ended (UTC)", "2026-12-06T10:15:03Z"),
    "from_id": ("the earlier analysis", "a-20261206T101500-3f9a1c"),
    "from_started": ("when the earlier analysis started (UTC)", "2026-12-06T10:15:00Z"),
    "gaps_closed": ("gaps open in the earlier analysis and not in the later one", []),
    "gaps_opened": ("gaps open in the later analysis and not in the earlier one", []),
    "input_changed": ("whether the organisation's input data differs (its hash)", True),
    "input_hash": (
        "SHA-256 of the organisation's input graph as sorted N-Triples",
        "sha256:4cdf48079c46c1620b84144d2002c58218f626aac8f8b74f3a163595acba90a5",
    ),
    "law_or_mappings_changed": (
        "whether the law date, a catalog, the ontology or a mapping set differs",
        False,
    ),
    "open_gaps": ("the gaps open when the analysis ran", []),
    "reasons": ("why the results may differ, one sentence each", ["the input data changed"]),
    "software": ("the aimsgraph version that made the analysis", "0.1.0"),
    "started": ("when the analysis started (UTC)", "2026-12-06T10:15:00Z"),
    "statuses": ("every obligation's status, and each AI system's where judged per system", []),
    "to_id": (
        "the later analysis, or 'current' for a report's own analysis",
        "a-20261206T101500-3f9a1c",
    ),
    "to_started": ("when the later analysis started (UTC)", "2026-12-06T11:40:00Z"),
    "dates": ("when the provision applies, per reading, with the deciding article", []),
    "decisions": ("one decision per provision", []),
    "declared_on": ("date an authority or act declared this reading", "2026-07-27"),
    "derived": ("true when composed from two links (transitive), not stated", False),
    "description": ("what the amendment changed, in words", "replaced: point (14)."),
    "documented_information": ("documented information the clause requires", "AI policy"),
    "effect": ("what the reading does: applies, exempts, defers", "applies"),
    "effective_from": ("first date this is in force", "2026-07-27"),
    "effective_until": ("last date this is in force, if it ends", "2027-12-31"),
    "eli": (
        "European Legislation Identifier of the act or provision",
        "http://data.europa.eu/eli/reg/2024/1689/oj",
    ),
    "errors": ("each problem, for 422 answers", []),
    "evidence": ("evidence records behind it", ["EV-010"]),
    "expected_evidence": ("kinds of record that show the provision is met", ["risk register"]),
    "focus": ("the record the gap is about", "soa/A.5.3"),
    "framework": ("framework key", "gdpr"),
    "frameworks": ("one summary per framework analysed", []),
    "gain": ("rise of the overall coverage score if this step is done", 0.0036),
    "gaps": ("the gaps, most severe first", []),
    "graph": ("named graph holding the catalog", "https://w3id.org/aimsgraph/graph/ai-act"),
    "has_data": ("whether data was uploaded", True),
    "id": (SHORT_ID, "ai-act:art-9-2-a"),
    "identifier": ("the act's official identifier", "32024R1689"),
    "implemented": ("whether the organisation reports the control implemented", True),
    "improves": ("obligations this step makes partially covered", ["dora:art-5-2-a"]),
    "included": ("the SoA decision: yes, no, or empty without a row", "yes"),
    "inherited": ("true when the link is to a parent provision", False),
    "iri": ("the IRI", "https://w3id.org/aimsgraph/eu/ai-act/art-9-2-a"),
    "issued": ("date the evidence was issued", "2025-03-15"),
    "items": ("the items of this page, in the list's order", []),
    "justification": ("why, in the author's words", "Risk treatment covers Art. 9."),
    "key": ("framework key", "ai-act"),
    "kind": ("kind of provision: article, paragraph, point, annex, clause, control...", "point"),
    "label": ("short name", "EU AI Act"),
    "leaf": ("true for provisions with no provisions under them", True),
    "mapping_set": ("the mapping set the link comes from", "iso42001-to-ai-act"),
    "message": ("what is wrong and how to fix it", "Link a current record to the control."),
    "name": ("display name", "Northwind Bank AG"),
    "notation": ("the official number", "Art. 9(2)(a)"),
    "note": ("an editor's note on the reading", "as amended by Reg. (EU) 2026/1744"),
    "object": ("the EU provision of the link", "ai-act:art-26-6"),
    "object_title": (
        "its heading or opening words",
        "Deployers of high-risk AI systems shall keep the logs",
    ),
    "obligation": ("whether the provision states an obligation", True),
    "obligations": ("obligations concerned", ["gdpr:art-24-2"]),
    "organisation": ("organisation id", "northwind-bank"),
    "outcome": ("the decision for this provision on the date", "applies"),
    "owner": ("the person or role responsible", "Chief Risk Officer"),
    "parent": ("short id of the parent provision", "ai-act:art-9-2"),
    "parents": ("the provisions above, nearest last", []),
    "partial": ("obligations only partly supported (subset/intersects links)", 5),
    "path": ("the links composed, for a derived link", []),
    "previous_label": ("the number before the change", "Art. 3(14)"),
    "previous_text": ("the text before the change", "‘safety component’ means..."),
    "provisions": ("provisions concerned", ["iso42001:A.5.3"]),
    "rank": ("position in the plan, 1 first", 1),
    "rationale": ("kind of justification: syntactic, semantic, functional", "semantic"),
    "reason": ("why, naming the deciding provision", "AI Act Art. 113: applies from 2 August 2026"),
    "relationship": ("the set relation between the two provisions", "intersects-with"),
    "requires": ("the facts the reading needs", ["system.high_risk = yes"]),
    "score": ("coverage score, 0 to 1", 0.3),
    "score_after": ("the overall score after this step", 0.1998),
    "score_before": ("the overall score today", 0.1962),
    "see_also": ("a source for the link", "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"),
    "severity": ("high, medium or low", "high"),
    "shape": ("the SHACL shape that found it", "aims:ControlWithoutEvidenceShape"),
    "source": ("where it comes from", ["https://eur-lex.europa.eu/eli/reg/2024/1689/oj"]),
    "status": ("review status: reviewed or draft", "reviewed"),
    "steps": ("the steps, best first", []),
    "strength": ("how much of the obligation the link supports, 1 to 5", 4),
    "subject": ("the ISO/IEC 42001 element of the link", "iso42001:A.6.2.8"),
    "subject_title": ("its heading", "AI system recording of event logs"),
    "system": ("AI system id", "credit-scoring"),
    "systems": ("AI systems concerned", ["credit-scoring"]),
    "target": ("the control or clause the step is about", "iso42001:clause-9.3.1"),
    "text": ("the official text", "the identification and analysis of the known risks..."),
    "timing": (
        "IRI of the timing rule",
        "https://w3id.org/aimsgraph/eu/ai-act/timing/aia-high-risk",
    ),
    "title": ("heading, or the opening words of the text", "Risk management system"),
    "triples": ("number of RDF triples of its data", 1432),
    "uncovered": ("obligations whose linked controls are not implemented", 3),
    "not_addressed": ("obligations the mapping set found ISO/IEC 42001 does not address", 7),
    "not_analysed": ("obligations no mapping row considers yet", 2),
    "valid": ("whether the evidence is valid on the date", True),
    "valid_until": ("last day the evidence is valid", "2027-03-15"),
    "version": ("version of the catalog (date of the consolidated text)", "2026-07-27"),
    "versions": (
        "versions of the software and of the data it serves",
        {
            "package": "0.1.0",
            "ontology": "sha256:9f2c",
            "catalogs": {"gdpr": "sha256:1b7e"},
            "mapping_sets": {"iso42001-to-gdpr": "sha256:c04d"},
        },
    ),
    "via": ("the links and controls behind the status", []),
}
OVERRIDES: dict[tuple[str, str], tuple[str, Any]] = {
    ("AnalysisSummary", "id"): (
        "the analysis id (for compare and report --since)",
        "a-20261206T101500-3f9a1c",
    ),
    ("AnalysisRecord", "id"): (
        "the analysis id (for compare and report --since)",
        "a-20261206T101500-3f9a1c",
    ),
    ("AnalysisSummary", "gaps"): ("how many gaps were open", 14),
    ("AnalysisSummary", "scores"): ("the support score per act", []),
    ("AnalysisRecord", "scores"): ("the support score per act", []),
    ("Comparison", "scores"): ("each act's support score in both analyses", []),
    ("AnalysisSummary", "versions"): (
        "the datasets the analysis read and their content hashes",
        {"catalog/ai-act": "sha256:91dc", "mappings/iso42001-to-ai-act": "sha256:6e70"},
    ),
    ("AnalysisRecord", "versions"): (
        "the datasets the analysis read and their content hashes",
        {"catalog/ai-act": "sha256:91dc", "mappings/iso42001-to-ai-act": "sha256:6e70"},
    ),
    ("ScoreDelta", "before"): (
        "the support score in the earlier analysis (null: not there)",
        0.1132,
    ),
    ("ScoreDelta", "after"): ("the support score in the later analysis (null: not there)", 0.1243),
    ("Change", "before"): (
        "the status before: without the what-if, or in the earlier analysis",
        "uncovered",
    ),
    ("Change", "after"): (
        "the status after: with the what-if, or in the later analysis",
        "partial",
    ),
    ("ObligationStatus", "status"): (
        "covered, partial, uncovered, not-addressed or not-analysed",
        "partial",
    ),
    ("ObligationStatus", "id"): ("the obligation", "gdpr:art-5-1-a"),
    ("ActScore", "score"): ("support score, 0 to 1 (not a compliance percentage)", 0.3),
    ("Applicability", "source"): ("the provision that states this reading", "ai-act:art-113"),
    ("Applicability", "status"): ("review status of the reading: reviewed or draft", "reviewed"),
    ("Decision", "status"): ("draft when a deciding condition is a draft reading", "reviewed"),
    ("ProvisionCoverage", "status"): (
        "covered, partial, uncovered, not-addressed or not-analysed",
        "partial",
    ),
    ("SoARow", "status"): ("implementation status reported in the SoA", "implemented"),
    ("SoARow", "control"): ("the Annex A control", "iso42001:A.2.2"),
    ("SoARow", "justification"): ("why the control is included or excluded", "Required by policy"),
    ("SoARow", "evidence"): ("evidence records linked to the control", []),
    ("Decision", "applicable"): ("whether the provision binds the organisation", True),
    ("Decision", "systems"): ("AI systems through which it binds", ["credit-scoring"]),
    ("FrameworkInfo", "obligations"): ("number of provisions that state obligations", 187),
    ("FrameworkInfo", "title"): ("the act's full title", "Regulation (EU) 2024/1689 ..."),
    ("FrameworkApplicability", "provisions"): ("provisions of the act decided", 225),
    ("FrameworkCoverage", "provisions"): ("each applicable obligation with its status", []),
    ("FrameworkCoverage", "score_before"): ("support score without the what-if assumptions", 0.12),
    ("Via", "note"): ("which clause evidence made a clause implemented, if any", ""),
    ("ProvisionDetail", "source"): (
        "official sources of the text",
        ["https://eur-lex.europa.eu/eli/reg/2024/1689/oj"],
    ),
    ("EvidenceRef", "id"): ("evidence id in the organisation's register", "EV-002"),
    ("EvidenceRef", "title"): ("evidence title", "AI policy"),
    ("OrgCreate", "id"): ("slug: lower-case letters, digits and '-'", "northwind-bank"),
    ("OrgCreated", "id"): ("organisation id", "northwind-bank"),
    ("OrgSummary", "id"): ("organisation id", "northwind-bank"),
    ("Gap", "kind"): ("kind of gap", "control-without-evidence"),
    ("ProvisionCoverage", "evidence"): ("evidence records behind the status", ["EV-010"]),
    ("ProvisionCoverage", "systems"): ("AI systems through which it applies", []),
    ("Via", "evidence"): ("evidence records of the control", ["EV-010"]),
    ("CoverageReport", "systems"): ("obligations per AI system", []),
    ("CoverageReport", "frameworks"): ("one summary per act", []),
    ("ApplicabilityReport", "frameworks"): ("counts per act", []),
    ("ApplicabilityReport", "system"): ("the AI system asked about, if any", "credit-scoring"),
    ("SystemCoverage", "applicable"): ("obligations this system brings", 40),
    ("SystemCoverage", "obligations"): ("those obligations", ["ai-act:art-26-6"]),
    ("Plan", "as_of"): ("the law date of the plan", "2026-11-23"),
    ("Decision", "title"): ("heading or opening words of the provision", "Risk management system"),
    ("Decision", "id"): (SHORT_ID, "ai-act:art-5-1-b"),
    ("ProvisionCoverage", "id"): ("the obligation", "gdpr:art-5-1-a"),
    ("ProvisionCoverage", "score"): ("coverage score of this obligation, 0 to 1", 0.3),
}

# Parameters, by name (the same name means the same thing on every operation).
PARAMETERS: dict[str, tuple[str, Any]] = {
    "offset": ("index of the first item to return", 0),
    "limit": ("at most this many items per page", 100),
    "fw": ("framework key", "gdpr"),
    "level": (
        "article: articles and annexes; paragraph: down to points; all: also chapters",
        "article",
    ),
    "parent": ("only the provisions directly under this one", "nis2:art-21-2"),
    "q": ("text to find in the number or heading (case-insensitive)", "erasure"),
    "provision_id": (SHORT_ID, "iso42001:A.6.2.8"),
    "subject": ("only links from this ISO/IEC 42001 element", "iso42001:A.6.2.8"),
    "object": ("only links to this EU provision", "gdpr:art-35"),
    "framework": ("only this EU act", "gdpr"),
    "relationship": ("only links with this relationship", "intersects-with"),
    "status": ("only reviewed or only draft links", "reviewed"),
    "to": ("only links to this framework", "ai-act"),
    "transitive": ("also links composed through ISO/IEC 42001 (derived)", False),
    "format": ("sssom (TSV), oscal (JSON) or skos (Turtle)", "oscal"),
    "org": ("organisation id", "northwind-bank"),
    "as_of": ("law date YYYY-MM-DD (default: today)", "2026-11-23"),
    "evidence_date": ("evidence date YYYY-MM-DD (default: the law date)", "2026-11-23"),
    "include_draft": ("count draft mapping rows too", False),
    "system": ("only what applies through this AI system", "credit-scoring"),
    "engine": ("fast (shapes compiled to SPARQL) or reference (pySHACL)", "fast"),
    "assume_implemented": ("comma-separated controls to treat as implemented", "A.6.2.4,A.7.4"),
    "top": ("only the first steps", 5),
    "query": ("a SPARQL 1.1 query", "ASK { ?s ?p ?o }"),
    "analysis_id": ("an analysis id from the organisation's history", "a-20261206T101500-3f9a1c"),
    "from": ("the earlier analysis id", "a-20261206T101500-3f9a1c"),
    "accept": ("the result format", "application/sparql-results+json"),
}


# Parameters whose name means something else on one path.
PATH_PARAMETERS: dict[tuple[str, str], tuple[str, Any]] = {
    ("/orgs/{org}/compare", "to"): ("the later analysis id", "a-20261206T114000-7c2e90"),
}


def apply_parameters(paths: dict[str, Any]) -> None:
    """Give every operation parameter a description and an example."""
    for path, item in paths.items():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                name = parameter["name"]
                described = PATH_PARAMETERS.get((path, name)) or PARAMETERS.get(name)
                if described is None:
                    continue
                parameter.setdefault("description", described[0])
                parameter.setdefault("example", described[1])


def apply(schemas: dict[str, Any]) -> None:
    """Give every field of the component schemas a description and an example (fields that
    already have them keep theirs)."""
    for schema_name, schema in schemas.items():
        for name, field in schema.get("properties", {}).items():
            described = OVERRIDES.get((schema_name, name)) or FIELDS.get(name)
            if described is None:
                continue
            text, example = described
            field.setdefault("description", text)
            if "examples" not in field and example is not None:
                field["examples"] = [example]
