"""`dvcq score` as plain text, and the words and rows the terminal views share."""

from __future__ import annotations

from dvcq_cli.i18n import _
from dvcq_cli.score import ScoreOutcome
from dvcq_cli.scoring import ScoreResult, UnitScore
from dvcq_cli.vietnamese import format_date_short, format_number
from dvcq_cli.views.status_text import left_out_line


def heading(result: ScoreResult) -> tuple[str, str]:
    """The title line, and the line citing the criteria set (and the council)."""
    title = _("Scoring {year} ({period}): {graded}/{units} units graded").format(
        year=result.plan.year, period=result.period, graded=len(result.graded()),
        units=len(result.units))
    cited = _("Criteria: {citation}").format(citation=result.criteria_set.citation())
    if result.criteria_set.example:
        cited += " " + _("(an example set, not a real decision)")
    if result.appraisal is not None:
        cited += "; " + _("appraised by {council} on {date}").format(
            council=result.appraisal.council, date=format_date_short(result.appraisal.date))
    return title, cited


def points(value: object) -> str:
    return "—" if value is None else format_number(value, 2)  # type: ignore[arg-type]


def source_word(unit: UnitScore) -> str:
    return {"appraised": _("appraised"), "self": _("self-score"), None: "—"}[unit.source]


def ungraded_reason(unit: UnitScore) -> str:
    if unit.ungraded == "not_submitted":
        return (_("its self-assessment has errors ({path})").format(path=unit.ungraded_detail)
                if unit.ungraded_detail else _("no self-assessment for the scoring period"))
    if unit.ungraded == "no_scores":
        return _("its self-assessment has no scores")
    if unit.ungraded == "awaiting_review":
        return _("waiting for the points only the reviewing level awards")
    return _("not graded: {condition}").format(condition=unit.ungraded_detail)


def grade_text(unit: UnitScore) -> str:
    if unit.grade is None:
        return _("not graded")
    if unit.limited and unit.band is not None:
        return _("{grade} (score gives {band}; limited by a condition)").format(
            grade=unit.grade.label, band=unit.band.label)
    return unit.grade.label


def unit_rows(result: ScoreResult) -> list[tuple[str, ...]]:
    """Rank, unit, self, appraised, final (and which), grade."""
    return [(str(u.rank) if u.rank is not None else "—", u.unit.name, points(u.self_score),
             points(u.appraised_score),
             f"{points(u.final_score)} ({source_word(u)})" if u.source else "—",
             grade_text(u)) for u in result.units]


def difference_lines(result: ScoreResult, limit: int = 5) -> list[str]:
    lines = []
    names = {u.unit.id: u.unit.name for u in result.units}
    for difference in result.differences[:limit]:
        changes = ", ".join(f"{names.get(unit, unit)} {_signed(difference.effect(change))}"
                            for unit, change in difference.units)
        lines.append(_("{id} ({title}): {total} point(s) moved: {changes}").format(
            id=difference.id, title=difference.title, total=points(difference.total),
            changes=changes))
    return lines


def _signed(value: object) -> str:
    text = points(value)
    return text if text.startswith("-") else "+" + text


def grade_summary(result: ScoreResult) -> str:
    labels = {grade.id: grade.label for grade in result.criteria_set.grades}
    counts = ", ".join(f"{labels[grade]} {count}"
                       for grade, count in result.grade_counts().items())
    return _("By grade: {counts}; not graded {ungraded}").format(
        counts=counts, ungraded=len(result.ungraded()))


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            .rstrip() for row in (headers, *rows)]



def headers() -> tuple[str, ...]:
    return (_("Rank"), _("Unit"), _("Self"), _("Appraised"), _("Final"), _("Grade"))


def render_text(outcome: ScoreOutcome) -> str:
    result = outcome.result
    title, cited = heading(result)
    lines = [title, cited, ""]
    lines += _table(headers(), unit_rows(result))
    lines += ["", grade_summary(result)]
    ungraded = result.ungraded()
    if ungraded:
        lines += ["", _("Units that cannot be graded:")]
        lines += [f"- {u.unit.name}: {ungraded_reason(u)}" for u in ungraded]
    differences = difference_lines(result)
    lines += ["", _("Criteria where self-score and appraisal differ most:")
              if differences else _("The appraisal changed no self-score.")]
    lines += [f"- {line}" for line in differences]
    if outcome.left_out:
        lines += ["", _("Left out (files with errors; run 'dvcq check' to see them):")]
        lines += [f"- {left_out_line(item)}" for item in outcome.left_out]
    return "\n".join(lines)
