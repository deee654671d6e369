"""`dvcq new assessment`, `dvcq new plan` and `dvcq new report`: start a file that needs
only values (or, for the report's synthesis, the drafter's condensing).

Neither command ever overwrites a file: the new file is written to a temporary name and
hard-linked to its place, which fails if something is already there (a file system without
hard links falls back to check-then-rename). Exit codes: 0 written (or nothing to do);
1 the file exists already, or the plan to start from has errors; 2 unknown unit, period or
year, conflicting options, no workspace.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dvcq_cli import scaffold
from dvcq_cli.check import load_plans
from dvcq_cli.commands.schema_command import (
    SchemaError,
    SchemaUsageError,
    choose_year,
    find_root,
    plan_entries,
    usable_plan,
)
from dvcq_cli.i18n import _
from dvcq_cli.jsonschema import SCHEMAS_DIR, assessment_schema_file
from dvcq_cli.model import Plan
from dvcq_cli.schema import did_you_mean
from dvcq_cli.workspace import (
    PLAN_FILE,
    PLANS_DIR,
    SYNTHESIS_STEM,
    YAML_SUFFIXES,
    FileEntry,
    display_path,
)


class NewUsageError(Exception):
    """Unknown unit, period or year; conflicting options; no workspace: exit 2."""


class NewError(Exception):
    """The file exists already, or the plan has errors: exit 1."""


@dataclass
class AssessmentOutcome:
    period: str
    written: list[str] = field(default_factory=list)
    missing_schema: str | None = None  # the schema the modeline points at, when absent


@dataclass
class PlanOutcome:
    path: str
    source: str
    old_year: int
    mentions: list[scaffold.Mention]


# ---------------------------------------------------------------- assessments
def new_assessments(cwd: Path, period: str, unit: str | None = None, all_units: bool = False,
                    year: int | None = None) -> AssessmentOutcome:
    """Write the period's file of one unit, or of every unit that has none yet."""
    if all_units == (unit is not None):
        raise NewUsageError(_("give either --unit UNIT or --all"))
    root, plan, plan_display = _plan_of_year(cwd, year)
    read = load_plans(root, cwd).get(str(plan.year))
    if read is not None:  # its criteria set: the scoring period's file asks for the scores
        plan = plan._replace(scoring=read.scoring, models=read.models)
    period = unicodedata.normalize("NFC", period)
    if period not in plan.periods:
        raise NewUsageError(_(
            "unknown period '{value}'{hint} (the periods of {plan}: {known})").format(
            value=period, hint=did_you_mean(period, list(plan.periods)), plan=plan_display,
            known=", ".join(plan.periods)))
    unit_ids = [known.id for known in plan.units]
    if unit is not None:
        unit = unicodedata.normalize("NFC", unit)
        if unit not in unit_ids:
            raise NewUsageError(_(
                "unknown unit '{value}'{hint} (the units of {plan}: {known})").format(
                value=unit, hint=did_you_mean(unit, unit_ids), plan=plan_display,
                known=", ".join(unit_ids)))
    folder = root / PLANS_DIR / str(plan.year) / period
    outcome = AssessmentOutcome(period)
    chosen: list[str] = [unit] if unit is not None else unit_ids
    for unit_id in chosen:
        existing = _existing(folder, unit_id)
        if existing is not None and unit is not None:
            raise NewError(_("{path} already exists; it was not overwritten").format(
                path=display_path(existing, cwd)))
        if existing is not None:
            continue
        path = folder / (unit_id + ".yaml")
        create_new_file(path, scaffold.assessment_text(plan, unit_id, period).encode(), cwd)
        outcome.written.append(display_path(path, cwd))
    schema = root / SCHEMAS_DIR / assessment_schema_file(plan.year)
    if outcome.written and not schema.is_file():
        outcome.missing_schema = display_path(schema, cwd)
    return outcome


def _existing(folder: Path, unit_id: str) -> Path | None:
    for suffix in YAML_SUFFIXES:
        candidate = folder / (unit_id + suffix)
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return None


# ---------------------------------------------------------------- next year's plan
def new_plan(cwd: Path, year: int, from_year: int | None = None) -> PlanOutcome:
    """Start plans/<year>/plan.yaml from another year's plan."""
    root = _root(cwd)
    entries = plan_entries(root, cwd)
    if from_year is None:
        others = sorted(known for known in entries if known != year)
        earlier = [known for known in others if known < year]
        if entries and not others:
            raise NewUsageError(_("there is no plan of another year to start from; the "
                                  "workspace has plans for: {years}").format(
                years=", ".join(str(known) for known in sorted(entries))))
        from_year = (earlier or others or [None])[-1]
    if from_year == year:
        raise NewUsageError(_("--from must name another year than --year"))
    source_year = _choose(entries, from_year)
    source = entries[source_year]
    plan = _usable(source)
    path = root / PLANS_DIR / str(year) / PLAN_FILE
    shown = display_path(path, cwd)
    if path.exists() or path.is_symlink():
        raise NewError(_("{path} already exists; it was not overwritten").format(path=shown))
    made = scaffold.new_plan(plan, year, f"{PLANS_DIR}/{source_year}/{PLAN_FILE}")
    create_new_file(path, made.text.encode(), cwd)
    return PlanOutcome(shown, source.display, plan.year, made.mentions)


# ---------------------------------------------------------------- shared
def _root(cwd: Path) -> Path:
    try:
        return find_root(cwd)
    except SchemaUsageError as error:
        raise NewUsageError(str(error)) from None


def _choose(entries: dict[int, FileEntry], year: int | None) -> int:
    try:
        return choose_year(entries, year)
    except SchemaUsageError as error:
        raise NewUsageError(str(error)) from None


def _usable(entry: FileEntry) -> Plan:
    try:
        return usable_plan(entry)
    except SchemaError as error:
        raise NewError(str(error)) from None


def _plan_of_year(cwd: Path, year: int | None) -> tuple[Path, Plan, str]:
    root = _root(cwd)
    entries = plan_entries(root, cwd)
    entry = entries[_choose(entries, year)]
    return root, _usable(entry), entry.display


def create_new_file(path: Path, data: bytes, cwd: Path) -> None:
    """Write a new file completely or not at all; never replace one that exists."""
    shown = display_path(path, cwd)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.parent / f".dvcq-{path.name}.{secrets.token_hex(4)}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise NewError(_("cannot create {path}: {reason}").format(
            path=shown, reason=error.strerror or error)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _link_into_place(temp, path)
    except FileExistsError:
        raise NewError(_("{path} already exists; it was not overwritten").format(
            path=shown)) from None
    except OSError as error:
        raise NewError(_("cannot create {path}: {reason}").format(
            path=shown, reason=error.strerror or error)) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def _link_into_place(temp: Path, path: Path) -> None:
    try:
        os.link(temp, path)  # fails with FileExistsError when the path is taken
    except FileExistsError:
        raise
    except OSError:  # no hard links here (some network or FAT file systems)
        if path.exists() or path.is_symlink():
            raise FileExistsError(path) from None
        os.replace(temp, path)


# ---------------------------------------------------------------- the drafter's synthesis
@dataclass
class ReportTextOutcome:
    path: str
    units: int  # the units whose self-assessments it was made from
    left_out: int  # the period's files with errors, not read into it


def new_report_text(cwd: Path, period: str, year: int | None = None) -> ReportTextOutcome:
    """Write plans/<year>/<period>/_bao-cao.yaml from what the units wrote."""
    from dvcq_cli import attain
    from dvcq_cli.check import NoPlan, Selection, Settings, UnknownYear, check_workspace, pick_year
    from dvcq_cli.report import ReportOptions, build_context
    from dvcq_cli.report.context import ReportContext
    from dvcq_cli.report.next_steps import from_data
    from dvcq_cli.report.opening import submissions_sentence
    from dvcq_cli.synthesis_start import synthesis_text

    root = _root(cwd)
    period = unicodedata.normalize("NFC", period)
    wanted = None if year is None else str(year)

    def select(years: dict) -> Selection:  # type: ignore[type-arg]
        try:
            return Selection(pick_year(years, wanted).year, (period,))
        except (UnknownYear, NoPlan):
            return Selection("", ())

    workspace = check_workspace(root, cwd, Settings(), select=select)
    try:
        data = workspace.year_data(wanted)
    except (UnknownYear, NoPlan) as error:
        raise NewUsageError(str(error)) from None
    plan = data.plan
    if plan is None:
        raise NewError(_("{path} has errors; run 'dvcq check' and correct them first").format(
            path=data.plan_entry.display))
    if period not in plan.periods:
        raise NewUsageError(_(
            "unknown period '{value}'{hint} (the periods of {plan}: {known})").format(
            value=period, hint=did_you_mean(period, list(plan.periods)),
            plan=data.plan_entry.display, known=", ".join(plan.periods)))
    folder = root / PLANS_DIR / data.year / period
    existing = _existing(folder, SYNTHESIS_STEM)
    if existing is not None:
        raise NewError(_("{path} already exists; it was not overwritten").format(
            path=display_path(existing, cwd)))
    assessments = dict(data.assessments.get(period, {}))
    if not assessments:
        raise NewError(_("no unit has a usable self-assessment for {period} yet, so there is "
                         "nothing to condense and no file was written").format(period=period))
    result = attain.evaluate(plan, period, assessments, {
        unit: entry.display for unit, entry in data.rejected.get(period, {}).items()},
        data.appraisal)
    options = ReportOptions(report_date=result.period.report_by or plan.periods[period].end
                            or date(plan.year, 12, 31), day_filled=False)
    context = build_context(result, options)
    said_by_data = submissions_sentence(ReportContext(result, options))
    draft: dict[str, Any] = {
        "opening": context["opening"],
        "leadership": [text for text in context["leadership"] if text != said_by_data]}
    own = from_data(ReportContext(result, options))
    for name in ("strengths", "shortcomings", "causes", "next_tasks", "proposals"):
        draft[name] = own.get(name, [])
    path = folder / (SYNTHESIS_STEM + ".yaml")
    create_new_file(path, synthesis_text(plan, period, assessments, draft).encode(), cwd)
    return ReportTextOutcome(display_path(path, cwd), len(assessments),
                             len(data.rejected.get(period, {})))
