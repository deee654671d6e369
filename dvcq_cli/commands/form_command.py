"""`dvcq form`: the spreadsheet a unit fills in instead of a YAML file.

One .xlsx per unit and period, made from the plan and pre-filled from the unit's file for the
period, or else from its latest earlier period. Exit codes: 0 written; 1 the plan, or a file
a form would be pre-filled from, has errors (the other units' forms are still written), or a
form cannot be written; 2 unknown unit, period or year, conflicting options, no workspace.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dvcq_cli import atomic
from dvcq_cli.check import Settings, check_workspace, pick_year
from dvcq_cli.commands.check_command import CheckUsageError, workspace_root
from dvcq_cli.i18n import _
from dvcq_cli.model import Assessment, Plan
from dvcq_cli.problems import Problem
from dvcq_cli.schema import did_you_mean
from dvcq_cli.workspace import display_path

FORMS_DIR = "forms"


class FormUsageError(Exception):
    """Unknown unit, period or year; conflicting options; no workspace: exit 2."""


class FormError(Exception):
    """The plan has errors: exit 1."""


@dataclass
class FormOutcome:
    written: list[str] = field(default_factory=list)
    # Units whose form could not be made, with why (a file with errors, a failed write).
    failed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # of the files that stopped a form

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def form_file_name(year: int, period: str, unit: str) -> str:
    return f"{year}-{period}-{unit}.xlsx"


def make_forms(cwd: Path, period: str, unit: str | None = None, all_units: bool = False,
               year: int | None = None, output: Path | None = None) -> FormOutcome:
    """Write the form of one unit, or of every unit of the plan."""
    if all_units == (unit is not None):
        raise FormUsageError(_("give either --unit UNIT or --all"))
    try:
        root = workspace_root(cwd)
    except CheckUsageError as error:
        raise FormUsageError(str(error)) from None
    result = check_workspace(root, cwd, Settings())
    try:
        data = pick_year(result.years, None if year is None else str(year))
    except LookupError as error:
        raise FormUsageError(str(error)) from None
    plan = data.plan
    if plan is None:
        raise FormError(_("{path} has errors; run 'dvcq check' and fix them first").format(
            path=data.plan_entry.display))
    period = unicodedata.normalize("NFC", period)
    if period not in plan.periods:
        raise FormUsageError(_("unknown period '{value}'{hint} (the plan's periods: {known})")
                             .format(value=period, hint=did_you_mean(period, list(plan.periods)),
                                     known=", ".join(plan.periods)))
    unit_ids = [known.id for known in plan.units]
    if unit is not None:
        unit = unicodedata.normalize("NFC", unit)
        if unit not in unit_ids:
            raise FormUsageError(_("unknown unit '{value}'{hint} (the plan's units: {known})")
                                 .format(value=unit, hint=did_you_mean(unit, unit_ids),
                                         known=", ".join(unit_ids)))
    if output is not None and all_units and output.suffix.lower() == ".xlsx":
        raise FormUsageError(_("with --all, --output names a folder (one form per unit goes "
                               "into it), not an .xlsx file"))
    outcome = FormOutcome()
    for unit_id in ([unit] if unit is not None else unit_ids):
        _one_form(cwd, root, plan, data, period, unit_id, output, outcome, result.problems)
    return outcome


def _target(root: Path, plan: Plan, period: str, unit: str, output: Path | None,
            cwd: Path) -> Path:
    name = form_file_name(plan.year, period, unit)
    if output is None:
        return root / FORMS_DIR / f"{plan.year}-{period}" / name
    output = cwd / output
    if output.suffix.lower() == ".xlsx":
        return output
    return output / name


def _one_form(cwd: Path, root: Path, plan: Plan, data: Any, period: str, unit: str,
              output: Path | None, outcome: FormOutcome, problems: list[Problem]) -> None:
    from dvcq_cli.forms import workbook
    from dvcq_cli.forms.layout import form_layout

    rejected = data.rejected.get(period, {}).get(unit)
    if rejected is not None:
        outcome.failed.append(_("{path} has errors, so no form was made for unit '{unit}'; "
                                "run 'dvcq check' and fix them first").format(
            path=rejected.display, unit=unit))
        outcome.problems.extend(p for p in problems if p.path == rejected.display)
        return
    layout = form_layout(plan, unit, period)
    prefill, note = _prefill(plan, data, period, unit)
    form_data = form_data_of(layout, prefill, note)
    prepared = plan.unit(plan.report.prepared_by)
    prepared_by = prepared.name if prepared is not None else plan.document.issuer_name
    content = workbook.build(layout, form_data, prepared_by,
                             plan.document.date or date(plan.year, 1, 1))
    path = _target(root, plan, period, unit, output, cwd)
    shown = display_path(path, cwd)
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "Is a directory")
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(path, content)
    except OSError as error:
        outcome.failed.append(_("cannot write {path}: {reason}").format(
            path=shown, reason=atomic.reason(error)))
        return
    outcome.written.append(shown)


def _prefill(plan: Plan, data: Any, period: str, unit: str
             ) -> tuple[Assessment | None, str]:
    """The assessment the form starts from, and the words saying where it comes from."""
    label = plan.periods[period].label
    own = data.assessments.get(period, {}).get(unit)
    if own is not None:
        source = data.sources[period][unit].display
        return own, (f"Biểu mẫu đã điền sẵn nội dung tự đánh giá {label} của đơn vị (tệp "
                     f"{source}): kiểm tra, sửa và bổ sung.")
    earlier = list(plan.periods)[: list(plan.periods).index(period)]
    for previous in reversed(earlier):
        found = data.assessments.get(previous, {}).get(unit)
        if found is not None:
            return _carried(plan, found, period), (
                f"Biểu mẫu đã điền sẵn nội dung tự đánh giá kỳ trước "
                f"({plan.periods[previous].label}): cập nhật cho {label}; ngày gửi báo cáo "
                f"để trống, các hoạt động ngoài thời gian lấy số liệu của kỳ này đã được bỏ.")
    return None, "Biểu mẫu chưa có nội dung: điền đầy đủ các trang."


def _carried(plan: Plan, previous: Assessment, period: str) -> Assessment:
    """An earlier period's assessment as a start for this one: no submission date, only the
    activities inside this period's window."""
    from dvcq_cli import periods

    window = periods.window(plan, period)
    activities = [activity for activity in previous.activities
                  if window is None or window[0] <= activity.date <= window[1]]
    return previous._replace(period=period, submitted=None, activities=activities)


def form_data_of(layout: Any, assessment: Assessment | None, note: str) -> Any:
    """The values a form shows, sheet by sheet, from an assessment (or none)."""
    from dvcq_cli.forms.layout import ListSheet, RowSheet
    from dvcq_cli.forms.workbook import FormData

    data = FormData(note)
    if assessment is None:
        return data
    for sheet in layout.sheets:
        if isinstance(sheet, RowSheet):
            source = (assessment._asdict() if sheet.field is None
                      else getattr(assessment, sheet.field))
            data.rows[sheet.name] = {row.key: source.get(row.key) for row in sheet.rows
                                     if row.in_yaml and row.fixed is None}
        elif isinstance(sheet, ListSheet):
            items = getattr(assessment, sheet.field)
            if sheet.records:
                data.items[sheet.name] = [{column.key: _field_value(sheet.field, item, column.key)
                                           for column in sheet.columns} for item in items]
            else:
                data.items[sheet.name] = [{sheet.columns[0].key: item} for item in items]
    return data


def _field_value(field: str, item: Any, key: str) -> Any:
    """A list item's value under its key in the file (`from` is the activity's `start`);
    None for a key the file would not write (an activity over a span has no `date`)."""
    from dvcq_cli.model import ASSESSMENT
    from dvcq_cli.schema import ListOf, Record

    spec = ASSESSMENT.fields[field].spec
    record = spec.item if isinstance(spec, ListOf) else None
    if not isinstance(record, Record) or key not in record.fields:
        return getattr(item, key, None)
    if key in record.unwritten(item):
        return None
    return getattr(item, record.fields[key].attr or key, None)
