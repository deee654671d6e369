"""`dvcq dashboard`: gather every period of the workspace's years and write the static site.

The figures come from `dvcq status` itself: each period's outcome is what `status.gather`
returns for it and its facts document is `status_facts.status_document`, the JSON of `dvcq
status --format json`. The dashboard package only arranges them (`dashboard.view`, pure) and draws
them (`dashboard.render`); `atomic.write_folder` puts the site in place in one step.

The whole workspace is checked first, as `dvcq check` does. With errors, the site is still
written, from the files that pass (as `dvcq status` does), under a banner that lists the
errors; with `last_good` (for CI), from the newest commit whose data passed instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dvcq_cli import atomic, history, status
from dvcq_cli.check import Settings, check_workspace
from dvcq_cli.commands.check_command import CheckUsageError, workspace_root
from dvcq_cli.dashboard import GENERATOR
from dvcq_cli.dashboard.facts import (
    PeriodFacts,
    ReportFile,
    SiteFacts,
    Source,
    YearFacts,
)
from dvcq_cli.i18n import _
from dvcq_cli.model import Plan
from dvcq_cli.problems import Problem
from dvcq_cli.status_facts import status_document

DEFAULT_OUTPUT = "site"
REPORTS_DIR = "reports"
_CHECK_ONLY = Settings(keep_models=False)


class DashboardUsageError(Exception):
    """Unknown year, no workspace, an output that cannot be a site folder: exit 2."""


class DashboardError(Exception):
    """Nothing can be shown (no plan, every plan broken) or written: exit 1."""


@dataclass(frozen=True)
class DashboardOutcome:
    written: str  # the site folder, as the user should see it
    pages: tuple[str, ...]
    errors: int  # errors `dvcq check` finds in the workspace
    source: Source | None

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def run(cwd: Path, year: str | None = None, output: Path | None = None,
        last_good: bool = False) -> DashboardOutcome:
    from dvcq_cli.dashboard import render, view

    try:
        root = workspace_root(cwd)
    except CheckUsageError as error:
        raise DashboardUsageError(str(error)) from None
    target = output if output is not None else root / DEFAULT_OUTPUT
    _check_replaceable(target, cwd)
    facts = gather(root, year, last_good)
    site = view.build_site(facts)
    files = render.render_site(site)
    try:
        atomic.write_folder(target, files)
    except OSError as error:
        raise DashboardError(_("cannot write {path}: {reason}").format(
            path=_shown(target, cwd), reason=atomic.reason(error))) from None
    errors = sum(1 for p in facts.problems if p.is_error)
    return DashboardOutcome(_shown(target, cwd), tuple(sorted(files)), errors, facts.source)


def _check_replaceable(target: Path, cwd: Path) -> None:
    """The site folder is replaced as a whole: only a folder that is empty, or that an earlier
    run wrote, may be. Anything else is the user's, and is never deleted."""
    if target.is_file() or (target.is_symlink() and not target.exists()):
        raise DashboardUsageError(_("{path} is a file, not a folder; give --output a folder")
                                  .format(path=_shown(target, cwd)))
    if not target.is_dir():
        return
    try:
        entries = list(target.iterdir())
        index = target / "index.html"
        made_by_dvcq = index.is_file() and f'<meta name="generator" content="{GENERATOR}' in (
            index.read_text(encoding="utf-8", errors="replace"))
    except OSError as error:
        raise DashboardError(_("cannot write {path}: {reason}").format(
            path=_shown(target, cwd), reason=atomic.reason(error))) from None
    if entries and not made_by_dvcq:
        raise DashboardUsageError(_(
            "{path} holds files that dvcq dashboard did not write; it replaces only a folder "
            "it made. Give --output an empty or new folder").format(path=_shown(target, cwd)))


def _shown(path: Path, cwd: Path) -> str:
    from dvcq_cli.workspace import display_path

    return display_path(path.absolute(), cwd)


# ---------------------------------------------------------------- gathering
def gather(root: Path, year: str | None = None, last_good: bool = False) -> SiteFacts:
    """The facts of every year (or of `year`) of the workspace at `root`.

    With `last_good`, when the workspace has errors, those of the newest commit whose data
    passes instead, with the errors of the latest data; when no commit passes, or the history
    cannot be read, the files that pass, saying why."""
    current = gather_workspace(root, year)
    if not last_good or not current.errors:
        return current
    try:
        state = history.working_state(root)
        with history.last_good(root, passes) as good:
            if good is None:
                return replace(current, source=Source(state, None))
            try:
                earlier = gather_workspace(good.root, year)
            except (DashboardUsageError, DashboardError):
                return replace(current, source=Source(state, None))
            return replace(earlier, problems=current.problems,
                           source=Source(state, good.commit))
    except history.HistoryError as error:
        return replace(current, source=Source(None, None, str(error)))


def passes(root: Path) -> bool:
    """Does the workspace at `root` pass `dvcq check` (warnings allowed)?"""
    result = check_workspace(root, root, _CHECK_ONLY)
    return not any(p.is_error for p in result.problems)


def gather_workspace(root: Path, year: str | None) -> SiteFacts:
    checked = check_workspace(root, root, _CHECK_ONLY)
    known = sorted(checked.years)
    if year is not None and year not in checked.years:
        raise DashboardUsageError(_("no plan for year {year}; the workspace has: {known}")
                                  .format(year=year, known=", ".join(known) or _("none")))
    if not known:
        raise DashboardError(_("no plan found: create plans/<year>/plan.yaml "
                               "(e.g. plans/2024/plan.yaml)"))
    years: list[YearFacts] = []
    broken: list[str] = []
    for each in [year] if year is not None else known:
        try:
            years.append(gather_year(root, each))
        except status.StatusError:
            broken.append(checked.years[each].plan_entry.display)
    if not years:
        raise DashboardError(_("no plan can be shown: {plans} have errors; run 'dvcq check' "
                               "to see them").format(plans=", ".join(broken)))
    return SiteFacts(tuple(years), tuple(broken), tuple(checked.problems),
                     checked.files_checked, None)


def gather_year(root: Path, year: str) -> YearFacts:
    """Every period of the year's plan, each exactly as `dvcq status -p PERIOD` computes it
    (run at the workspace's root, so that paths read `plans/…` wherever dvcq is run)."""
    first = status.gather(root, root, None, year)
    plan = first.result.plan
    outcomes = {first.result.period_id: first}
    for period_id in plan.periods:
        if period_id not in outcomes:
            outcomes[period_id] = status.gather(root, root, period_id, year)
    reports = _report_files(root / REPORTS_DIR)
    periods = tuple(
        PeriodFacts(outcomes[p], status_document(outcomes[p]),
                    tuple(r for r in reports if r.name.startswith(f"{first.year}-{p}-")))
        for p in plan.periods)
    scores, document = _scores(root, year, plan)
    return YearFacts(first.year, plan, first.result.period_id, periods, scores, document)


def _scores(root: Path, year: str, plan: Plan) -> tuple[Any, dict[str, Any] | None]:
    """The year's scores as `dvcq score` computes them; none when nothing can be scored."""
    if plan.scoring is None or plan.scoring.criteria_set is None:
        return None, None
    from dvcq_cli import score
    from dvcq_cli.score_facts import score_document

    try:
        outcome = score.gather(root, root, year)
    except (score.StatusError, score.StatusUsageError):
        return None, None
    return outcome, score_document(outcome)


def _report_files(folder: Path) -> list[ReportFile]:
    """The regular files of `reports/` (links are not followed: nothing outside the workspace
    is ever published)."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        return []
    files = []
    for path in entries:
        if path.is_symlink() or not path.is_file() or path.name.startswith("."):
            continue
        try:
            files.append(ReportFile(path.name, path.read_bytes()))
        except OSError:
            continue
    return files


def error_problems(facts: SiteFacts) -> list[Problem]:
    return [p for p in facts.problems if p.is_error]
