"""`dvcq schema`: write the JSON Schemas that editors use to check files as people type.

`plan.schema.json` fits every plan; `assessment-<year>.schema.json` holds one plan's unit ids,
periods, tasks, activity kinds and indicators. A file whose bytes would not change is left
alone. Exit codes: 0 written or up to date; 1 a plan has errors (its schema would be wrong);
2 no workspace, no plan, or an unknown year.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dvcq_cli import atomic
from dvcq_cli import jsonschema as schemas
from dvcq_cli.check import Settings, load_plan
from dvcq_cli.commands.check_command import CheckUsageError, workspace_root
from dvcq_cli.i18n import _
from dvcq_cli.model import Plan
from dvcq_cli.workspace import FileEntry, display_path, scan


class SchemaUsageError(Exception):
    """No workspace, no plan, an unknown year: exit 2."""


class SchemaError(Exception):
    """A plan has errors, so its schema cannot be made: exit 1."""


@dataclass(frozen=True)
class Written:
    path: str  # as the user should see it
    changed: bool


def find_root(cwd: Path) -> Path:
    try:
        return workspace_root(cwd)
    except CheckUsageError as error:
        raise SchemaUsageError(str(error)) from None


def plan_entries(root: Path, cwd: Path) -> dict[int, FileEntry]:
    """The workspace's plan files by year."""
    return {int(entry.year): entry for entry in scan(root, cwd).plans() if entry.year}


def usable_plan(entry: FileEntry) -> Plan:
    """The plan of one file, or SchemaError naming the file when it has errors."""
    plan, problems = load_plan(entry, Settings())
    if plan is None:
        errors = sum(1 for problem in problems if problem.is_error)
        raise SchemaError(_("{path} has {count} error(s); run 'dvcq check' and fix them "
                            "first").format(path=entry.display, count=errors))
    return plan


def choose_year(entries: dict[int, FileEntry], year: int | None) -> int:
    """The year asked for, or the latest plan's; SchemaUsageError when there is none."""
    if not entries:
        raise SchemaUsageError(_("no plan found: create plans/<year>/plan.yaml "
                                 "(e.g. plans/2024/plan.yaml)"))
    if year is None:
        return max(entries)
    if year not in entries:
        raise SchemaUsageError(_("there is no plan for {year} (plans/{year}/plan.yaml); the "
                                 "workspace has plans for: {years}").format(
            year=year, years=", ".join(str(known) for known in sorted(entries))))
    return year


def run(cwd: Path, output_dir: Path | None = None, year: int | None = None) -> list[Written]:
    """Write the plan schema, the synthesis schema and the assessment schema of `year`
    (default: every plan's)."""
    root = find_root(cwd)
    entries = plan_entries(root, cwd)
    latest = choose_year(entries, year)  # raises when there is no plan, or not this year's
    years = [latest] if year is not None else sorted(entries)
    plans = [usable_plan(entries[chosen]) for chosen in years]
    folder = (cwd / output_dir) if output_dir is not None else root / schemas.SCHEMAS_DIR
    files = {schemas.PLAN_SCHEMA_FILE: schemas.dumps(schemas.plan_schema()),
             schemas.SYNTHESIS_SCHEMA_FILE: schemas.dumps(schemas.synthesis_schema())}
    for plan in plans:
        files[schemas.assessment_schema_file(plan.year)] = schemas.dumps(
            schemas.assessment_schema(plan))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SchemaError(_("cannot create the folder {folder}: {reason}").format(
            folder=display_path(folder, cwd), reason=error.strerror or error)) from None
    return [_write(folder / name, data, cwd) for name, data in files.items()]


def _write(path: Path, data: bytes, cwd: Path) -> Written:
    shown = display_path(path, cwd)
    try:
        if path.is_file() and path.read_bytes() == data:
            return Written(shown, changed=False)
        atomic.write_bytes(path, data)
    except OSError as error:
        raise SchemaError(_("cannot write {path}: {reason}").format(
            path=shown, reason=error.strerror or error)) from None
    return Written(shown, changed=True)
