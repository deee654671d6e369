"""`dvcq report`: check the workspace, compute the period, fill the Word template, write.

Nothing is written when `dvcq check` finds an error anywhere in the workspace: a report to
be signed must not rest on a file that was left out. Warnings are shown and the report is
written. The file is written atomically (dvcq_cli.atomic): an interrupted run leaves the
previous report, if any, untouched.

Which template: `--template PATH`, else the workspace's own
`templates/bao-cao-dan-van-chinh-quyen.docx`, else the copy packaged with dvcq.

A period no unit has reported on yet is refused (a report of zeros is not a report) unless
`--draft` asks for it. The day of the date is left blank for the văn thư unless `--date`
gives it. `--pdf` also writes the PDF through LibreOffice, after the .docx.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from dvcq_cli import atomic, attain, pdf, reporters, workdays, year_to_date
from dvcq_cli.check import (
    NoPlan,
    Selection,
    Selector,
    Settings,
    UnknownYear,
    WorkspaceResult,
    YearData,
    check_workspace,
    pick_year,
)
from dvcq_cli.collector import collector_paused
from dvcq_cli.commands.check_command import CheckUsageError, workspace_root
from dvcq_cli.i18n import _
from dvcq_cli.model import Assessment, Plan
from dvcq_cli.report import (
    TEMPLATE_NAME,
    DocumentProperties,
    ReportOptions,
    build_context,
    document_properties,
    earlier_periods,
    strengths_left_out,
)
from dvcq_cli.report.evaluation import TOLD_BEFORE
from dvcq_cli.report.text import short_date
from dvcq_cli.workspace import display_path

REPORTS_DIR = "reports"
TEMPLATES_DIR = "templates"


class ReportUsageError(Exception):
    """Unknown year or period, a bad date, a missing template, no workspace: exit 2."""


class ReportError(Exception):
    """The template cannot be used, the file cannot be written, or there is nothing to
    report: exit 1."""


@dataclass
class ReportOutcome:
    """What to tell the user. `written` is None when check errors stopped the report."""

    problems_text: str | None
    written: str | None
    notes: list[str] = field(default_factory=list)
    pdf_written: str | None = None
    pdf_problem: str | None = None  # the .docx is written, the PDF is not: exit 2

    @property
    def exit_code(self) -> int:
        return 0 if self.written is not None else 1


def parse_date(text: str | None) -> date | None:
    """`--date`: YYYY-MM-DD, a real date; said apart as `dvcq check` says it of a file."""
    if text is None:
        return None
    match = _ISO_DATE.fullmatch(text.strip())
    if match is None:
        raise ReportUsageError(_(
            "'{value}' is not a date: write it as YYYY-MM-DD, e.g. 2024-09-15").format(
            value=text))
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ReportUsageError(_("'{value}' is not a real date (year-month-day)").format(
            value=text)) from None


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def default_output(root: Path, year: str, period: str) -> Path:
    return root / REPORTS_DIR / f"{year}-{period}-{TEMPLATE_NAME}"


def packaged_template() -> bytes:
    return (resources.files("dvcq_cli") / "templates" / TEMPLATE_NAME).read_bytes()


@dataclass
class PreparedReport:
    """Everything the report needs once the workspace is checked and the period computed:
    what is left is to fill the template and write the file (`write_report`)."""

    template: bytes
    template_file: Path | None
    context: dict[str, Any]
    properties: DocumentProperties
    target: Path
    cwd: Path
    problems_text: str | None
    notes: list[str]


def run(cwd: Path, period: str, year: str | None = None, output: Path | None = None,
        template: Path | None = None, report_date: str | None = None,
        signer_name: str | None = None, today: date | None = None, use_cache: bool = False,
        draft: bool = False, as_pdf: bool = False) -> ReportOutcome:
    with collector_paused():  # computing the targets stays linear in N (see there)
        prepared = prepare(cwd, period, year, output, template, report_date, signer_name,
                           today, use_cache, draft)
        if isinstance(prepared, ReportOutcome):
            return prepared
        write_report(prepared)
    outcome = ReportOutcome(prepared.problems_text, display_path(prepared.target, cwd),
                            prepared.notes)
    if as_pdf:
        _write_pdf(prepared.target, cwd, outcome)
    return outcome


def _write_pdf(docx: Path, cwd: Path, outcome: ReportOutcome) -> None:
    target = docx.with_suffix(".pdf")
    try:
        pdf.convert(docx, target)
    except pdf.PdfUnavailable:
        outcome.pdf_problem = _(
            "LibreOffice is not installed, so no PDF was written (the .docx was); install it "
            "(on Debian or Ubuntu: apt install libreoffice-writer) or save the .docx as PDF "
            "in Word")
        return
    except pdf.PdfFailed as error:
        outcome.pdf_problem = _("LibreOffice could not convert {path} to PDF{detail}").format(
            path=outcome.written, detail=f": {error}" if str(error) else "")
        return
    except OSError as error:
        outcome.pdf_problem = _("cannot write {path}: {reason}").format(
            path=display_path(target, cwd), reason=atomic.reason(error))
        return
    outcome.pdf_written = display_path(target, cwd)
    if pdf.fonts_match() is False:
        outcome.notes.append(_(
            "neither Times New Roman nor Liberation Serif 2.x (same widths, Vietnamese "
            "letters) is installed, so the PDF's page breaks differ from Word's; install "
            "fonts-liberation2"))


def prepare(cwd: Path, period: str, year: str | None = None, output: Path | None = None,
            template: Path | None = None, report_date: str | None = None,
            signer_name: str | None = None, today: date | None = None,
            use_cache: bool = False, draft: bool = False) -> PreparedReport | ReportOutcome:
    """Check the workspace and compute the period; a ReportOutcome when errors stop it."""
    chosen_date = parse_date(report_date)
    try:
        root = workspace_root(cwd)
    except CheckUsageError as error:
        raise ReportUsageError(str(error)) from None
    template_file = _template_file(root, template, cwd)
    workspace = check_workspace(root, cwd, Settings(cache=use_cache),
                                select=_period_kept(year, period))
    data = _year(workspace, year)
    problems_text = (reporters.text(workspace.problems, workspace.files_checked)
                     if workspace.problems else None)
    if any(problem.is_error for problem in workspace.problems) or data.plan is None:
        return ReportOutcome(problems_text, None)
    plan = data.plan
    if period not in plan.periods:
        raise ReportUsageError(_("unknown period '{period}'; the plan has: {known}").format(
            period=period, known=", ".join(plan.periods)))
    try:
        result = attain.evaluate(plan, period, data.assessments.get(period, {}),
                                 {unit: entry.display
                                  for unit, entry in data.rejected.get(period, {}).items()},
                                 data.appraisal)
    except attain.UnknownPeriod as error:
        raise ReportUsageError(str(error)) from None
    if not draft and not any(unit.state in ("submitted", "late") for unit in result.units):
        raise ReportError(_(
            "no unit has sent a self-assessment for {period} yet, so there is nothing to "
            "report and no file was written; --draft writes the empty report anyway").format(
            period=period))
    notes = _left_out(plan, period, data)
    day_filled = chosen_date is not None
    if chosen_date is not None and workdays.day_off(chosen_date) is not None:
        notes.append(_("--date {date} is {day_off}: offices do not usually issue documents "
                       "that day").format(date=chosen_date.isoformat(),
                                          day_off=workdays.day_off(chosen_date)))
    if chosen_date is None:
        chosen_date = result.period.report_by
    if chosen_date is None:
        chosen_date = today or date.today()
        notes.append(_("the report is dated today ({date}): the period has no report_by in the "
                       "plan and no --date was given, so another day gives another file")
                     .format(date=chosen_date.isoformat()))
    options = ReportOptions(report_date=chosen_date, signer_name=signer_name,
                            day_filled=day_filled)
    target = _output_path(output, cwd, default_output(root, data.year, period))
    if template_file is not None and target.resolve() == template_file.resolve():
        raise ReportUsageError(_("the output {path} is the template itself; choose another "
                                 "--output").format(path=display_path(target, cwd)))
    template_bytes = _read_template(template_file, cwd)
    earlier = [data.assessments.get(other, {}) for other in earlier_periods(plan, period)]
    context = build_context(result, options, data.syntheses.get(period), earlier)
    if not getattr(data.syntheses.get(period), "strengths", None):  # else the drafter's own
        notes += _strengths_left_out(result, options, earlier, data.sources.get(period, {}))
    return PreparedReport(template_bytes, template_file, context,
                          document_properties(result, options), target, cwd, problems_text,
                          notes)


def write_report(prepared: PreparedReport) -> None:
    """Fill the template and write the report atomically: all `dvcq report` does once the
    data is ready (benchmarks/report_render.py times exactly this)."""
    from dvcq_cli import render

    cwd = prepared.cwd
    try:
        data_bytes = render.render(prepared.template, prepared.context, prepared.properties)
    except render.TemplateProblem as error:
        where = (display_path(prepared.template_file, cwd)
                 if prepared.template_file is not None else _("the packaged template"))
        raise ReportError(_("{template}: {problem}").format(template=where, problem=error)
                          ) from None
    target = prepared.target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(target, data_bytes)
    except OSError as error:
        raise ReportError(_("cannot write {path}: {reason}").format(
            path=display_path(target, cwd), reason=atomic.reason(error))) from None


def _period_kept(year: str | None, period: str) -> Selector:
    """Every file is checked; only the models of the period reported on are kept, and of
    the earlier periods inside its window (whose activities its files must keep)."""
    def select(years: dict[str, YearData]) -> Selection:
        try:
            chosen = pick_year(years, year)
        except (UnknownYear, NoPlan):
            return Selection("", (), check_others=True)  # said once the check is shown
        earlier = (year_to_date.nested_before(chosen.plan, period)
                   if chosen.plan is not None and period in chosen.plan.periods else [])
        return Selection(chosen.year, (period, *earlier), check_others=True)
    return select


# How many left-out activities are named, per unit, before the rest are only counted.
_LEFT_OUT_NAMED = 3


def _left_out(plan: Plan, period: str, data: YearData) -> list[str]:
    """One note per unit whose file of the period leaves out activities of its earlier
    files: the report's figures from the start of the year would fall below the earlier
    report's."""
    by_unit: dict[str, list[year_to_date.Dropped]] = {}
    for item in year_to_date.dropped(plan, period, data.assessments):
        by_unit.setdefault(item.unit, []).append(item)
    notes = []
    for unit, items in by_unit.items():
        named = "; ".join(
            f"{item.activity.date.isoformat()} “{_shortened(item.activity.text)}” "
            f"({item.earlier})"
            for item in items[:_LEFT_OUT_NAMED])
        more = len(items) - _LEFT_OUT_NAMED
        if more > 0:
            named += _(" and {count} more").format(count=more)
        source = data.sources.get(period, {}).get(unit)
        notes.append(_(
            "{path} leaves out {count} activities of the unit's earlier files: {activities}; "
            "the year's figures count only this file, so they fall below the earlier "
            "report's: copy those activities into it").format(
            path=source.display if source is not None else unit, count=len(items),
            activities=named))
    return notes


def _strengths_left_out(result: attain.PeriodResult, options: ReportOptions,
                        earlier: list[Mapping[str, Assessment]],
                        sources: Mapping[str, Any]) -> list[str]:
    """One note per clause of a unit's strength section III leaves out, saying why: the
    drafter may ask the unit what the period added, or check the models register."""
    notes = []
    for item in strengths_left_out(result, options, earlier):
        source = sources.get(item.unit)
        path = source.display if source is not None else item.unit
        if item.why == TOLD_BEFORE:
            notes.append(_(
                "{path}: the strength “{text}” is left out of section III: the unit wrote it "
                "word for word in an earlier report of the year; ask it what this period "
                "added").format(path=path, text=_shortened(item.text)))
        else:
            notes.append(_(
                "{path}: the strength “{text}” is left out of section III: the models register "
                "does not record the model as effective or recognised by {day}").format(
                path=path, text=_shortened(item.text), day=short_date(result.window[1])))
    return notes


def _shortened(text: str, limit: int = 60) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[:limit - 1].rstrip() + "…"


def _year(workspace: WorkspaceResult, year: str | None) -> YearData:
    try:
        return workspace.year_data(year)
    except UnknownYear as error:
        raise ReportUsageError(str(error)) from None
    except NoPlan as error:
        raise ReportUsageError(str(error)) from None


def _template_file(root: Path, given: Path | None, cwd: Path) -> Path | None:
    """The template to use; None means the packaged one."""
    if given is not None:
        path = given if given.is_absolute() else cwd / given
        if not path.is_file():
            raise ReportUsageError(_("no such template: {path}").format(path=given))
        return path
    own = root / TEMPLATES_DIR / TEMPLATE_NAME
    return own if own.is_file() else None


def _read_template(path: Path | None, cwd: Path) -> bytes:
    try:
        return packaged_template() if path is None else path.read_bytes()
    except OSError as error:
        shown = display_path(path, cwd) if path is not None else TEMPLATE_NAME
        raise ReportError(_("cannot read the template {path}: {reason}").format(
            path=shown, reason=atomic.reason(error))) from None


def _output_path(output: Path | None, cwd: Path, default: Path) -> Path:
    path = default if output is None else output if output.is_absolute() else cwd / output
    if output is not None and path.is_dir():
        path = path / default.name
    elif output is not None and path.suffix.lower() != ".docx":
        raise ReportUsageError(_("the report is a Word file: give --output a name ending in "
                                 ".docx, not {path}").format(path=output))
    in_the_way = _file_in_the_way(path.parent)
    if in_the_way is not None:
        raise ReportUsageError(_("cannot write {path}: {file} is a file, not a folder").format(
            path=display_path(path, cwd), file=display_path(in_the_way, cwd)))
    return path


def _file_in_the_way(folder: Path) -> Path | None:
    """The nearest existing one of `folder` and its parents, when it is not a folder (the
    missing folders below it are created when the report is written)."""
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            return None
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return None
