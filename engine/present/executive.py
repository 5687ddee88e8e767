"""The executive summary: the one page a client's management reads, drawn from the report.

Scope, both dates, each act's support score and obligations per status (with their charts),
the highest-severity gaps and the first plan steps. It adds no analysis: every figure is
one the rest of the report shows in full.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis.gaps import Gap
from ..analysis.plan import PlanStep
from .charts import Bar, score_chart, status_chart
from .report import Report

SEVERITY = {"high": 0, "medium": 1, "low": 2}
TOP = 5
ABBREVIATIONS = {"art", "arts", "no", "nos", "para", "e.g", "i.e", "cf", "reg", "dir", "iso/iec"}


@dataclass(frozen=True)
class ActLine:
    """One act in the summary: its name, whether it applies, its score and status counts."""

    key: str
    name: str
    applies: bool
    applicable: int
    score: float | None  # None when the act does not apply ("n/a")
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Executive:
    """What the summary page shows."""

    systems: list[tuple[str, str]]  # id, name
    applying: list[str]  # names of the acts that apply
    lines: list[ActLine]
    risks: list[Gap]
    steps: list[PlanStep]
    severity_counts: dict[str, int]
    score_svg: str
    status_svg: str


def finding(message: str) -> str:
    """The first sentence of a gap message: what is wrong (the rest says what to do, and the
    Gaps section shows it in full). A full stop ends a sentence when a capital letter
    follows and it does not close an abbreviation such as "Art."."""
    words = message.split(" ")
    for i, word in enumerate(words[:-1]):
        if (
            word.endswith(".")
            and words[i + 1][:1].isupper()
            and word.rstrip(".").lower() not in ABBREVIATIONS
        ):
            return " ".join(words[: i + 1])
    return message


def executive(report: Report, top: int = TOP) -> Executive:
    """The summary of ``report``: acts in the report's order, risks by severity."""
    lines = []
    for f in report.coverage.frameworks:
        known = report.acts.get(f.framework)
        counts = {
            "covered": f.covered,
            "partial": f.partial,
            "uncovered": f.uncovered,
            "not-addressed": f.not_addressed,
            "not-analysed": f.not_analysed,
        }
        applies = f.applicable > 0
        lines.append(
            ActLine(
                f.framework,
                known.name if known else f.framework,
                applies,
                f.applicable,
                f.score if applies else None,
                counts,
            )
        )
    bars = [
        Bar(report.acts[line.key].label if line.key in report.acts else line.key, line.score, {})
        for line in lines
    ]
    stacked = [
        Bar(b.label, b.score, line.counts if line.applies else {})
        for b, line in zip(bars, lines, strict=True)
    ]
    gaps = report.gaps.gaps
    risks = sorted(gaps, key=lambda g: SEVERITY.get(g.severity, len(SEVERITY)))[:top]
    return Executive(
        systems=[(s.id, s.name) for s in report.systems],
        applying=[line.name for line in lines if line.applies],
        lines=lines,
        risks=risks,
        steps=report.plan.steps[:top],
        severity_counts={s: sum(g.severity == s for g in gaps) for s in SEVERITY},
        score_svg=score_chart(bars),
        status_svg=status_chart(stacked),
    )
