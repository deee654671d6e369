"""What the dashboard shows, as the engine computed it; nothing here is computed again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dvcq_cli.history import Commit, WorkingState
from dvcq_cli.model import Plan
from dvcq_cli.problems import Problem
from dvcq_cli.score import ScoreOutcome
from dvcq_cli.status import StatusOutcome


@dataclass(frozen=True)
class ReportFile:
    """A file of `reports/` (a report of the period), copied into the site."""

    name: str
    data: bytes


@dataclass(frozen=True)
class PeriodFacts:
    outcome: StatusOutcome  # what `dvcq status -p PERIOD` computes (`status.gather`)
    document: dict[str, Any]  # its `--format json` document (`status_facts.status_document`)
    reports: tuple[ReportFile, ...]

    @property
    def period_id(self) -> str:
        return self.outcome.result.period_id

    @property
    def has_data(self) -> bool:
        """Some unit sent a file for the period (usable or not)."""
        summary = self.document["summary"]
        return bool(summary["submitted"] or summary["rejected"])


@dataclass(frozen=True)
class YearFacts:
    year: str
    plan: Plan
    default_period: str  # the period `dvcq status` shows by default
    periods: tuple[PeriodFacts, ...]  # in the plan's order
    # What `dvcq score` computes for the year (`score.gather`), and its JSON document; None
    # when the plan scores no unit or its criteria set cannot be used.
    scores: ScoreOutcome | None = None
    score_document: dict[str, Any] | None = None

    def period(self, period_id: str) -> PeriodFacts:
        return next(p for p in self.periods if p.period_id == period_id)


@dataclass(frozen=True)
class Source:
    """Where the data shown comes from when the latest data fails `dvcq check` and the site
    was asked to show the last good data instead (`--last-good`)."""

    failing: WorkingState | None  # None: the history could not be read
    shown: Commit | None  # None: no earlier commit passed; the files that pass are shown
    reason: str = ""  # why the history could not be read (no git, not a repository)


@dataclass(frozen=True)
class SiteFacts:
    years: tuple[YearFacts, ...]
    broken_plans: tuple[str, ...]  # plans with errors: their year has no page
    problems: tuple[Problem, ...]  # what `dvcq check` finds in the latest data
    files_checked: int
    source: Source | None

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)
