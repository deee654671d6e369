"""`dvcq import`: filled forms into the workspace's YAML, checked like `dvcq check`.

Each form is read and checked on its own. A form without errors becomes
plans/<year>/<period>/<unit>.yaml; a file that is already there is replaced only with
`--force`, and otherwise its differences from the form are shown. Exit codes: 0 every form
imported (or already up to date, or shown with --dry-run); 1 a form has errors, or an existing
file differs and --force was not given (nothing of that form is written); 2 a file that does
not exist, an unknown period, no workspace.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dvcq_cli import atomic, loader
from dvcq_cli.check import Settings, load_plans
from dvcq_cli.commands.check_command import CheckUsageError, workspace_root
from dvcq_cli.i18n import _
from dvcq_cli.model import ASSESSMENT, Plan
from dvcq_cli.problems import Problem, Severity, count, sort_problems
from dvcq_cli.scaffold import bare
from dvcq_cli.schema import INVALID, Context
from dvcq_cli.workspace import YAML_SUFFIXES, FileEntry, display_path

if TYPE_CHECKING:
    from dvcq_cli.forms.importer import Imported


class ImportUsageError(Exception):
    """A file that does not exist, an unknown period, no workspace: exit 2."""


# What happened to one form's YAML file.
CREATED, REPLACED, UNCHANGED, DIFFERS, SHOWN = (
    "created", "replaced", "unchanged", "differs", "shown")


@dataclass
class FileResult:
    form: str  # the form, as the user gave it
    target: str  # the YAML file, as the user should see it
    state: str
    text: str  # the YAML made from the form
    diff: str = ""  # against the existing file, when there is one and it differs
    converted_from: str | None = None


@dataclass
class ImportOutcome:
    problems: list[Problem] = field(default_factory=list)
    files: list[FileResult] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # files that could not be written

    @property
    def exit_code(self) -> int:
        if any(p.is_error for p in self.problems) or self.failed:
            return 1
        return 1 if any(result.state == DIFFERS for result in self.files) else 0


def run(cwd: Path, forms: list[Path], dry_run: bool = False, force: bool = False,
        period: str | None = None) -> ImportOutcome:
    from dvcq_cli.forms.importer import import_form

    try:
        root = workspace_root(cwd)
    except CheckUsageError as error:
        raise ImportUsageError(str(error)) from None
    for form in forms:
        if not form.exists():
            raise ImportUsageError(_("no such file: {path}").format(path=form))
    plans = _plans(root, cwd)
    if period is not None:
        period = unicodedata.normalize("NFC", period)
        known = {name for plan in plans.values() if plan is not None for name in plan.periods}
        if known and period not in known:
            raise ImportUsageError(_("unknown period '{value}' (the plans' periods: {known})")
                                   .format(value=period, known=", ".join(sorted(known))))
    outcome = ImportOutcome()
    taken: dict[str, str] = {}  # target → the form it comes from, in this run
    for form in forms:
        shown = display_path(form.absolute(), cwd)
        imported = import_form(form, shown, plans, period)
        outcome.problems.extend(imported.problems)
        if imported.assessment is None or imported.target is None:
            continue
        if imported.target in taken:
            outcome.problems.append(Problem(shown, 0, 0, Severity.ERROR, "assessment-duplicate",
                                            _("{other} is a form for the same unit and period; "
                                              "import one of them").format(
                                                other=taken[imported.target])))
            continue
        taken[imported.target] = shown
        outcome.files.append(_write(root, cwd, imported, dry_run, force, outcome))
    outcome.problems = sort_problems(outcome.problems)
    return outcome


def summary(problems: list[Problem], forms: int) -> str:
    errors, warnings = count(problems)
    if not problems:
        return _("{forms} form(s) checked: no problems").format(forms=forms)
    return _("{forms} form(s) checked: {errors} error(s), {warnings} warning(s)").format(
        forms=forms, errors=errors, warnings=warnings)


def _plans(root: Path, cwd: Path) -> dict[str, Plan | None]:
    return load_plans(root, cwd, Settings())


def _existing(root: Path, target: str) -> Path:
    """The unit's file for the period: an existing .yml counts as the same file."""
    path = root / target
    for suffix in YAML_SUFFIXES:
        candidate = path.with_suffix(suffix)
        if candidate.exists():
            return candidate
    return path


def _write(root: Path, cwd: Path, imported: Imported, dry_run: bool, force: bool,
           outcome: ImportOutcome) -> FileResult:
    from dvcq_cli.forms.assessment_text import assessment_text

    assert imported.assessment is not None
    assert imported.plan is not None and imported.layout is not None
    assert imported.target is not None
    path = _existing(root, imported.target)
    shown = display_path(path, cwd)
    old = _read(path)
    header = _leading_comments(old) if old is not None else None
    text = assessment_text(imported.plan, imported.layout, imported.assessment, header)
    kept = scores_block(old) if old is not None else None
    if kept:
        text = text.rstrip("\n") + "\n" + kept
    _same_when_read_back(text, imported, shown)
    result = FileResult(imported.display, shown, SHOWN, text,
                        converted_from=imported.converted_from)
    if old is not None and old != text:
        result.diff = "".join(difflib.unified_diff(
            old.splitlines(keepends=True), text.splitlines(keepends=True),
            fromfile=shown, tofile=f"{shown} ({imported.display})"))
    if dry_run:
        return result
    if old == text:
        result.state = UNCHANGED
        return result
    if old is not None and not force:
        result.state = DIFFERS
        return result
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(path, text.encode())
    except OSError as error:
        outcome.failed.append(_("cannot write {path}: {reason}").format(
            path=shown, reason=atomic.reason(error)))
        return result
    result.state = CREATED if old is None else REPLACED
    return result


def scores_block(text: str) -> str:
    """The file's `scores:` block, line for line as written (a form does not carry the
    year-end self-scores, so an import replacing the file keeps them); '' without one."""
    lines = text.splitlines(keepends=True)
    start = next((index for index, line in enumerate(lines)
                  if line.startswith("scores:")), None)
    if start is None:
        return ""
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][:1] in (" ", "#")):
        end += 1
    block = "".join(lines[start:end]).rstrip("\n") + "\n"
    return block


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return None
    except OSError:
        return ""


def _leading_comments(text: str) -> list[str] | None:
    """An existing file's comment lines before its first key: kept on top of the new text."""
    lines = []
    for line in text.lstrip("\ufeff").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines or None


def _same_when_read_back(text: str, imported: Imported, shown: str) -> None:
    """The written text must mean exactly the checked assessment: a bug otherwise."""
    from dvcq_cli.rules.assessment import check_assessment

    assert imported.plan is not None and imported.layout is not None
    loaded = loader.load_text(text, shown)
    ctx = Context(shown)
    built = ASSESSMENT.build(loaded.root, ctx) if loaded.root is not None else INVALID
    checked = None
    if built is not INVALID:
        layout = imported.layout
        entry = FileEntry(Path(shown), shown, "assessment", str(layout.year), layout.period,
                          layout.unit)
        checked = check_assessment(built, imported.plan, entry, ctx)
    if checked is not None:
        checked = checked._replace(scores=None)  # kept from the file, not from the form
    if checked is None or bare(checked) != bare(imported.assessment):
        raise RuntimeError(f"the YAML written for {shown} does not read back the same")
