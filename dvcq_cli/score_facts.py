"""The score document: the year's scoring as plain JSON-able data (`dvcq score -f json`).

The one public shape of the scores, documented in the README. Exact numbers are strings of
fractions (`"87"`, `"175/2"` for 87,5), so nothing is rounded; `display` fields are the
Vietnamese way of writing them (`87,5`). Codes are English and never translated;
`FORMAT_VERSION` changes when a field's meaning changes.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from dvcq_cli.score import ScoreOutcome
from dvcq_cli.scoring import CriterionLine, ScoreResult, UnitScore
from dvcq_cli.vietnamese import format_number

FORMAT_VERSION = 1


def score_document(outcome: ScoreOutcome) -> dict[str, Any]:
    result = outcome.result
    criteria_set = result.criteria_set
    decision = criteria_set.decision
    appraisal = result.appraisal
    return {
        "format_version": FORMAT_VERSION,
        "year": result.plan.year,
        "plan": result.plan.document.symbol,
        "period": result.period,
        "criteria_set": {
            "id": criteria_set.id,
            "example": criteria_set.example,
            "decision": {"kind": decision.kind, "symbol": decision.symbol,
                         "date": decision.date.isoformat(), "issuer": decision.issuer,
                         "title": decision.title},
            "citation": criteria_set.citation(),
            "total": _fraction(criteria_set.total),
            "top": _fraction(criteria_set.top),
            "grades": [{"id": g.id, "label": g.label, "at_least": _fraction(g.at_least)}
                       for g in criteria_set.grades],
        },
        "appraisal": None if appraisal is None else {
            "council": appraisal.council, "date": appraisal.date.isoformat(),
            "decision": appraisal.decision, "members": list(appraisal.members)},
        "summary": _summary(result),
        "units": [_unit(unit) for unit in result.units],
        "differences": [{"id": d.id, "part": d.part, "title": d.title,
                         "total": _fraction(d.total),
                         "units": [{"unit": unit, "change": _fraction(change),
                                    "effect": _fraction(d.effect(change))}
                                   for unit, change in d.units]}
                        for d in result.differences],
        "left_out": [{"path": item.path, "errors": item.errors, "warnings": item.warnings}
                     for item in outcome.left_out],
        "warnings": outcome.warnings,
    }


def _summary(result: ScoreResult) -> dict[str, Any]:
    return {
        "units": len(result.units),
        "graded": len(result.graded()),
        "ungraded": len(result.ungraded()),
        "appraised": sum(1 for u in result.units if u.appraised_score is not None),
        "grades": result.grade_counts(),
    }


def _unit(unit: UnitScore) -> dict[str, Any]:
    final = unit.final_score
    return {
        "id": unit.unit.id,
        "name": unit.unit.name,
        "self_score": _fraction(unit.self_score),
        "appraised_score": _fraction(unit.appraised_score),
        "final_score": _fraction(final),
        "final_display": format_number(final) if final is not None else None,
        "source": unit.source,
        "grade": unit.grade.id if unit.grade else None,
        "grade_label": unit.grade.label if unit.grade else None,
        "band": unit.band.id if unit.band else None,
        "conditions": [c.id for c in unit.conditions],
        "rank": unit.rank,
        "ungraded": None if unit.ungraded is None else {
            "reason": unit.ungraded, "detail": unit.ungraded_detail},
        "appraised_by": unit.appraised_by,
        "appraised_on": unit.appraised_on.isoformat() if unit.appraised_on else None,
        "lines": [_line(line) for line in unit.lines],
    }


def _line(line: CriterionLine) -> dict[str, Any]:
    return {"id": line.id, "part": line.part, "max": _fraction(line.max),
            "self": _fraction(line.self_points), "appraised": _fraction(line.appraised_points),
            "final": _fraction(line.final_points), "reason": line.reason}


def _fraction(value: Fraction | None) -> str | None:
    return None if value is None else str(value)
