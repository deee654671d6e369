"""The status document: one period's facts as plain JSON-able data (`dvcq status -f json`).

This is the one public shape of a period's status: `dvcq status --format json` prints it and
the dashboard reads it, so both show the same facts. Exact numbers are strings of fractions
(`"4/5"`), so nothing is rounded; only `rate` and `threshold_percent` are display strings.
Codes are English and never translated. The shape is documented in the README;
`FORMAT_VERSION` changes when a field's meaning changes.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

from dvcq_cli.attain import Comparison, PeriodResult, TargetResult
from dvcq_cli.dvk_models import counts_at, counts_document
from dvcq_cli.status import StatusOutcome, gather
from dvcq_cli.vietnamese import format_percent

# 2: meeting/not_meeting are the right and wrong side of every target, ceilings included;
#    missing units decide verdicts under all_units (reason); denominator_basis is what the
#    plan declared, for every measure; not_applicable, applies_to, periods, not_due, items.
FORMAT_VERSION = 2


def period_status(root: Path, cwd: Path, period: str | None = None, year: str | None = None,
                  compare_with: str | None = None) -> dict[str, Any]:
    """The status document of one period of the workspace at `root` (see `gather`)."""
    return status_document(gather(root, cwd, period, year, compare_with))


def status_document(outcome: StatusOutcome) -> dict[str, Any]:
    result = outcome.result
    counts = {status: sum(1 for t in result.targets if t.status == status)
              for status in ("met", "not_met", "no_data", "not_due")}
    return {
        "format_version": FORMAT_VERSION,
        "year": result.plan.year,
        "plan": result.plan.document.symbol,
        "period": _period(result),
        "summary": {
            "units": len(result.units),
            "submitted": len(result.submitted()),
            "late": len(result.late()),
            "missing": len(result.missing()),
            "rejected": sum(1 for u in result.units if u.state == "rejected"),
            "targets_met": counts["met"],
            "targets_not_met": counts["not_met"],
            "targets_no_data": counts["no_data"],
            "targets_not_due": counts["not_due"],
        },
        "targets": [_target(target) for target in result.targets],
        "units": [{"id": u.unit.id, "name": u.unit.name, "state": u.state,
                   "submitted": u.submitted.isoformat() if u.submitted else None}
                  for u in result.units],
        "left_out": [{"path": item.path, "errors": item.errors, "warnings": item.warnings,
                      **({"rename_to": item.rename_to} if item.rename_to else {})}
                     for item in outcome.left_out],
        "warnings": outcome.warnings,
        "compare": _compare(outcome.comparison) if outcome.comparison else None,
        "models": _models(result),
    }


def _models(result: PeriodResult) -> dict[str, Any] | None:
    """The year's "Dân vận khéo" model records at the period's end; null without records."""
    counts = counts_at(result.plan, result.period_id)
    return counts_document(counts) if counts is not None else None


def _fraction(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def _period(result: PeriodResult) -> dict[str, Any]:
    period = result.period
    return {
        "id": result.period_id,
        "label": period.label,
        "from": result.window[0].isoformat(),
        "to": result.window[1].isoformat(),
        "submit_by": period.submit_by.isoformat() if period.submit_by else None,
        "report_by": period.report_by.isoformat() if period.report_by else None,
    }


def _target(result: TargetResult) -> dict[str, Any]:
    target = result.target
    share = target.measure.is_share
    scope = target.applies_to
    return {
        "id": target.id,
        "short": target.short,
        "measure": target.measure.kind,
        "applies_to": (None if scope is None
                       else {"units": list(scope.units), "kinds": list(scope.kinds)}),
        "periods": list(target.periods),
        "status": result.status,
        "reason": result.reason,
        "comparison": result.comparison,
        "threshold": _fraction(result.threshold),
        "threshold_percent": (format_percent(result.threshold)
                              if share and result.threshold is not None else None),
        "numerator": _fraction(result.numerator),
        "denominator": _fraction(result.denominator),
        "denominator_basis": result.denominator_basis,
        "value": _fraction(result.value),
        "rate": format_percent(result.value) if share and result.value is not None else None,
        "meeting": list(result.meeting),
        "not_meeting": list(result.not_meeting),
        "missing": list(result.missing),
        "not_applicable": list(result.not_applicable),
        "evidence": [{"unit": unit, "date": activity.date.isoformat(), "task": activity.task,
                      "kind": activity.kind, "item": activity.item, "model": activity.model,
                      "text": activity.text}
                     for unit, activity in result.evidence],
    }


def _brief(result: TargetResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    share = result.target.measure.is_share
    return {
        "status": result.status,
        "reason": result.reason,
        "numerator": _fraction(result.numerator),
        "denominator": _fraction(result.denominator),
        "value": _fraction(result.value),
        "rate": format_percent(result.value) if share and result.value is not None else None,
    }


def _value(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_value(v) for v in value]
    if isinstance(value, Fraction):
        return str(value)
    return value


def _compare(comparison: Comparison) -> dict[str, Any]:
    return {
        "period": _period(comparison.previous),
        "targets": [{"id": c.target.id, "trend": c.trend, "before": _brief(c.before),
                     "after": _brief(c.after)} for c in comparison.targets],
        "units": [{"unit": c.unit, "target": c.target.id, "change": c.change,
                   "before": c.before, "after": c.after,
                   "before_value": _value(c.before_value),
                   "after_value": _value(c.after_value)} for c in comparison.units],
    }
