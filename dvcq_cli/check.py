"""Load a whole workspace, check every file, and keep what is usable.

Every file is checked even when another fails: a broken plan still lets each assessment's
own shape be checked, and a broken assessment never hides the others. The result holds the
problems and the valid models, which `status` and `report` build on.
"""

from __future__ import annotations

import operator
import os
import pickle
import sys
from collections.abc import Callable, MutableMapping
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, SequenceNode

from dvcq_cli import cache, loader, parallel
from dvcq_cli.check_cache import (
    CONTENT,
    FIRST,
    SECOND,
    Facts,
    Found,
    Job,
    Models,
    Pending,
    RunCache,
    Stored,
    folders,
    open_run,
    read_regular,
)
from dvcq_cli.collector import collector_paused
from dvcq_cli.i18n import _, current_language
from dvcq_cli.model import ASSESSMENT, PLAN, Assessment, Plan
from dvcq_cli.problems import Problem, Severity, sort_problems
from dvcq_cli.rules.assessment import check_assessment
from dvcq_cli.rules.plan import check_plan, unknown_grades
from dvcq_cli.schema import (
    INVALID,
    Context,
    Record,
    build,
    build_unchecked,
    closest,
    did_you_mean,
)
from dvcq_cli.tuples import NamedTuple
from dvcq_cli.vietnamese import ascii_slug as slug
from dvcq_cli.workspace import (
    PLAN_FILE,
    SYNTHESIS_STEM,
    FileEntry,
    Layout,
    Misnamed,
    display_path,
    scan,
)

if TYPE_CHECKING:
    # Imported where used: most workspaces have no criteria set, appraisal or model
    # records, most runs read no synthesis, and a warm run should not pay for loading their
    # code.
    from dvcq_cli.appraisal import Appraisal
    from dvcq_cli.criteria import CriteriaSet
    from dvcq_cli.synthesis import Synthesis


_UNIT = operator.attrgetter("unit")
_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)
_DISPLAY = operator.attrgetter("display")


class Selection(NamedTuple):
    """Which assessments a command needs, chosen once the plans are read.

    The models of `year`'s `periods` are kept. The other assessments are checked without
    keeping their models when `check_others` is set (a report must not rest on a workspace
    with errors), and not read at all otherwise (status shows one period: reading the other
    periods' files would triple its time at province scale).
    """

    year: str
    periods: tuple[str, ...]
    check_others: bool = False


# Given the years found (plans read, assessments not yet), what to read; may raise.
Selector = Callable[[dict[str, "YearData"]], Selection]


class Settings(NamedTuple):
    limits: loader.Limits = loader.DEFAULT_LIMITS
    max_files: int = 100_000
    jobs: int = 0  # processes checking assessments; 0: as many as pays (see parallel.py)
    keep_models: bool = True  # False for `dvcq check`, which needs only the problems
    # Remember each file's outcome in the workspace's .dvcq-cache/ (see cache.py), and use
    # what is remembered. Off by default: only check, status and report turn it on.
    cache: bool = False
    # With the cache: the models of unchanged files are left in their packs, unread, until
    # `resolve_models` (a status printed before may be reused without them).
    lazy_models: bool = False


DEFAULT_SETTINGS = Settings()


class YearData:
    """One year's plan and the valid assessments, by period then unit.

    A plain class rather than a dataclass: a dataclass compiles its methods on every start,
    about 1 ms for this one, and `dvcq check` starts on every commit."""

    def __init__(self, year: str, plan: Plan | None, plan_entry: FileEntry,
                 plan_key: bytes | None = None) -> None:
        self.year = year
        self.plan = plan
        self.plan_entry = plan_entry
        self.assessments: dict[str, MutableMapping[str, Assessment]] = {}
        # Files that exist for a period and unit but could not be used, with the reason.
        self.rejected: dict[str, dict[str, FileEntry]] = {}
        # The file each valid assessment comes from, by period then unit.
        self.sources: dict[str, dict[str, FileEntry]] = {}
        # The periods that have any assessment file, read or not.
        self.periods_with_files: set[str] = set()
        # A unit's file under a name dvcq does not read (`hctc.YAML`): its displayed path →
        # the name to give it. The unit is among `rejected`, so it never counts as not
        # submitted.
        self.renames: dict[str, str] = {}
        # The appraisal council's file (plans/<year>/appraisal.yaml) when it is usable, and
        # the file itself (usable or not).
        self.appraisal: Appraisal | None = None
        self.appraisal_entry: FileEntry | None = None
        self.models_entry: FileEntry | None = None
        # Why the year's scoring cannot be computed (the set is unknown or has errors), if so.
        self.scoring_blocked: str | None = None
        # The key of each valid assessment's outcome in the cache, by period then unit (None
        # when it is not cached), and of the plan's: what a cache of results built on them
        # uses.
        self.keys: dict[str, dict[str, Any]] = {}
        self.plan_key = plan_key
        # The drafter's synthesis of each period that has one (`_bao-cao.yaml`), when usable.
        self.syntheses: dict[str, Synthesis] = {}

    def __repr__(self) -> str:
        return f"YearData({self.year!r}, periods {sorted(self.assessments)})"


class WorkspaceResult:
    """A workspace checked: its problems, each year's data, the files checked (a plain
    class, as `YearData`)."""

    def __init__(self, root: Path, problems: list[Problem], years: dict[str, YearData],
                 files_checked: int, checked: list[str] | None = None,
                 cache: RunCache | None = None, settings: Settings = DEFAULT_SETTINGS) -> None:
        self.root = root
        self.problems = problems
        self.years = years
        self.files_checked = files_checked
        # The displayed path of every file checked, so that `dvcq check PATHS` counts its own.
        self.checked: list[str] = [] if checked is None else checked
        self.cache = cache  # the cache this run used, if any
        self.settings = settings

    def __repr__(self) -> str:
        return (f"WorkspaceResult({self.root}, {len(self.problems)} problems, "
                f"years {sorted(self.years)})")

    def problems_in(self, displays: set[str]) -> list[Problem]:
        return [p for p in self.problems if p.path in displays]

    def year_data(self, year: str | None) -> YearData:
        """The given year's plan and assessments, or by default the latest year's."""
        return pick_year(self.years, year)


def pick_year(years: dict[str, YearData], year: str | None) -> YearData:
    """The given year's data, or by default the latest year's; UnknownYear or NoPlan."""
    if year is not None:
        if year not in years:
            raise UnknownYear(_("no plan for year {year}; the workspace has: {known}")
                              .format(year=year, known=", ".join(sorted(years)) or _("none")))
        return years[year]
    if not years:
        raise NoPlan(_("no plan found: create plans/<year>/plan.yaml "
                       "(e.g. plans/2024/plan.yaml)"))
    return years[max(years)]


class UnknownYear(LookupError):
    """A year was asked for that has no plan in the workspace."""


class NoPlan(LookupError):
    """The workspace has no plan at all."""


def load_plan(entry: FileEntry, settings: Settings, data: bytes | None = None
              ) -> tuple[Plan | None, list[Problem]]:
    """The plan of `entry` (read from the file, or from `data`) and its problems; the plan
    is None when any of them is an error."""
    loaded = _load(entry, settings, data)
    ctx = Context(entry.display, loaded.flaws)
    ctx.problems.extend(loaded.problems)
    if loaded.root is None:
        return None, ctx.problems
    built = build(PLAN, loaded.root, ctx) if _is_mapping(loaded, ctx) else INVALID
    if built is not INVALID:
        check_plan(built, ctx, entry.year)
    if ctx.flaws:
        ctx.finish()
    # Any error makes the plan unusable: a list item that failed to build is left out of
    # the model, and a missing unit or target would silently change every figure.
    usable = built is not INVALID and not any(p.is_error for p in ctx.problems)
    return (built if usable else None), ctx.problems


def load_assessment(entry: FileEntry, plan: Plan | None, settings: Settings,
                    data: bytes | None = None) -> tuple[Assessment | None, list[Problem]]:
    """The assessment of `entry` checked against `plan`, and its problems; None when any
    of them is an error."""
    loaded = _load(entry, settings, data, defer_dialect=True)
    built = None
    if loaded.dialect_deferred:
        built = None if loaded.flaws else \
            build_unchecked(ASSESSMENT, loaded.root, settings.limits.max_depth)
        if built is None:
            loader.check_dialect(loaded, settings.limits)
    ctx = Context(entry.display, loaded.flaws)
    ctx.problems.extend(loaded.problems)
    if loaded.root is None or not _is_mapping(loaded, ctx):
        ctx.finish()
        return None, ctx.problems
    if built is None:
        built = build(ASSESSMENT, loaded.root, ctx)
    checked = check_assessment(built, plan, entry, ctx)
    if ctx.flaws:
        ctx.finish()
    if checked is None or any(p.is_error for p in ctx.problems):
        return None, ctx.problems
    return checked, ctx.problems


def load_record(entry: FileEntry, spec: Record, settings: Settings,
                check: Callable[[Any, Context], None], data: bytes | None = None
                ) -> tuple[Any, list[Problem]]:
    """A file of one record (a criteria set, an appraisal, the model records) built by
    `spec` and checked by `check`; the model is None when any problem is an error."""
    loaded = _load(entry, settings, data)
    ctx = Context(entry.display, loaded.flaws)
    ctx.problems.extend(loaded.problems)
    if loaded.root is None or not _is_mapping(loaded, ctx):
        ctx.finish()
        return None, ctx.problems
    built = build(spec, loaded.root, ctx)
    if built is not INVALID:
        check(built, ctx)
    if ctx.flaws:
        ctx.finish()
    usable = built is not INVALID and not any(p.is_error for p in ctx.problems)
    return (built if usable else None), ctx.problems


def _load(entry: FileEntry, settings: Settings, data: bytes | None,
          defer_dialect: bool = False) -> loader.LoadedFile:
    if data is None:
        return loader.load_file(entry.path, entry.display, settings.limits, defer_dialect)
    return loader.load_bytes(data, entry.display, settings.limits,
                             defer_dialect=defer_dialect)


def _is_mapping(loaded: loader.LoadedFile, ctx: Context) -> bool:
    if isinstance(loaded.root, MappingNode):
        return True
    assert loaded.root is not None
    ctx.error(loaded.root, "top-level-not-mapping", _(
        "the file must be a mapping of 'key: value' lines at the top level, not {found}")
        .format(found=_("a list") if isinstance(loaded.root, SequenceNode)
                else _("a single value")))
    return False


def check_workspace(root: Path, base: Path, settings: Settings = DEFAULT_SETTINGS,
                    select: Selector | None = None) -> WorkspaceResult:
    """Check the YAML files under `root/plans`; `base` is what displayed paths are relative to.

    Without `select`, every file is checked and every valid model kept (as
    `settings.keep_models` says); with it, only what the Selection asks for.
    """
    with collector_paused():
        return _check_workspace(root, base, settings, select)


def _check_workspace(root: Path, base: Path, settings: Settings,
                     select: Selector | None) -> WorkspaceResult:
    run = open_run(root, base, (settings.limits, current_language())) if settings.cache else None
    layout = scan(root, base, settings.max_files, run.listings() if run is not None else None)
    problems: list[Problem] = _layout_problems(layout, root, base, settings.max_files)
    sets = _criteria_sets(layout, settings, problems, run)
    years: dict[str, YearData] = {}
    for entry in layout.plans():
        plan, plan_problems, plan_key = _plan(entry, settings, run)
        problems.extend(plan_problems)
        data = YearData(entry.year or "", plan, entry, plan_key=plan_key)
        years[entry.year or ""] = data
        problems.extend(_year_records(data, layout, sets, settings))
    problems.extend(_misnamed_problems(layout, years))
    entries = layout.assessments[:]
    stray = _strays(entries, years)
    if stray:
        problems.extend(_stray_synthesis(entry) for entry in stray)
        entries = [entry for entry in entries if entry not in stray]
    # What follows is decided folder by folder (one year and period): at province scale a
    # folder holds thousands of files, and this runs on every run, cached or not.
    runs = folders(entries)
    for start, _end in runs:
        entry = entries[start]
        if entry.year in years and entry.period is not None:
            years[entry.year].periods_with_files.add(entry.period)
    skipped: set[str] = set()  # assessments not read at all
    syntheses = [entry for entry in layout.rest if entry.role == "synthesis"]
    # A synthesis cites its period's activities: that period's models are needed to check it.
    drafted = {(entry.year, entry.period) for entry in syntheses}
    if select is None:
        keep = _by_folder(entries, runs, lambda entry: settings.keep_models
                          or (entry.year, entry.period) in drafted)
    else:
        chosen = select(years)
        keep = _by_folder(entries, runs, lambda entry: entry.year == chosen.year
                          and entry.period in chosen.periods)
        if not chosen.check_others:
            skipped = {entry.display for entry in layout.files
                       if entry.role in ("assessment", "synthesis")
                       and not (entry.year == chosen.year and entry.period in chosen.periods)}
            entries, runs = _kept_folders(entries, runs, keep)
            syntheses = [entry for entry in syntheses if entry.display not in skipped]
            keep = [True] * len(entries)
        else:
            keep = [kept or (entry.year, entry.period) in drafted
                    for entry, kept in zip(entries, keep, strict=True)]
    plans = {year: data.plan for year, data in years.items()}
    if run is None:
        outcomes = parallel.map_over(
            lambda job: assess(job[0], plans.get(job[0].year or ""), settings, keep=job[1]),
            list(zip(entries, keep, strict=True)), settings.jobs)
        facts = Facts(len(entries))
        for index, outcome in enumerate(outcomes):
            facts.problems[index], facts.claims[index], facts.models[index] = outcome
    else:
        # A synthesis is checked against its period's models here and now: none is left
        # for later when there is one.
        eager = settings._replace(lazy_models=False) if syntheses else settings
        facts = _assess_cached(entries, runs, keep, years, eager, run)
    _register_all(entries, runs, facts, years, problems)
    for entry in syntheses:
        # Read on every run, never cached: its problems rest on the period's assessments
        # as they are now, and it is one small file per period.
        problems.extend(_synthesis(entry, years, settings))
    checked = ([entry.display for entry in layout.files if entry.display not in skipped]
               if skipped else list(map(_DISPLAY, layout.files)))
    if run is not None:
        run.save()
    return WorkspaceResult(root, sort_problems(problems), years, len(checked), checked, run,
                           settings)


def _plan(entry: FileEntry, settings: Settings, run: RunCache | None
          ) -> tuple[Plan | None, list[Problem], bytes | None]:
    """The plan of `entry`, its problems and its key in the cache (None: not cached)."""
    return _cached_record(entry, settings, run, load_plan)


Loader = Callable[[FileEntry, Settings, "bytes | None"], tuple[Any, list[Problem]]]


def _cached_record(entry: FileEntry, settings: Settings, run: RunCache | None, load: Loader
                   ) -> tuple[Any, list[Problem], bytes | None]:
    """What `load` makes of `entry` (its model, or None, and its problems) and the key of
    that outcome in the cache (None: not cached). For the files a workspace has one or a few
    of (plans, criteria sets), looked at before the assessments on every run."""
    if run is None:
        return (*load(entry, settings, None), None)
    location = os.fspath(entry.location)
    seen = cache.regular_stat(location)
    job = Job(entry, False, seen, None)
    if seen is not None:
        table = run.table(entry)
        row = table.row(location)
        if row is not None and table.believed(row, seen) and run.matches(row, None):
            table.keep(location, row, False)
            return row[FIRST], list(row[SECOND]), cache.digest(row[CONTENT], entry.display)
    data = read_regular(location, seen, settings.limits.max_file_bytes)
    if data is None:
        return (*load(entry, settings, None), None)
    content = cache.content_digest(data)
    reused = run.reuse(job, content)
    if reused is not None:
        row, facts, _model = reused
    else:
        facts = load(entry, settings, data)
        row = run.new_row(job, content, facts)
    run.table(entry).keep(location, row, True)
    return facts[0], list(facts[1]), cache.digest(content, entry.display)


def _assess_cached(entries: list[FileEntry], runs: list[tuple[int, int]], keep: list[bool],
                   years: dict[str, YearData], settings: Settings, run: RunCache) -> Facts:
    """Each assessment's facts from the cache when its stat shows it unchanged; the
    others read (in parallel), and checked when their bytes are new."""
    facts = Facts(len(entries))
    plan_keys = {year: data.plan_key for year, data in years.items()}
    pending = run.recall(entries, runs, keep, plan_keys, settings.limits.max_file_bytes, facts,
                         lazy=settings.lazy_models)
    plans = {name: data.plan for name, data in years.items()}

    def work(job: Job) -> tuple[Outcome, Found | None]:
        return _assess_one(job, plans.get(job.entry.year or ""), settings, run)

    done = parallel.map_over(work, [job for _index, job in pending], settings.jobs)
    for (index, job), (outcome, found) in zip(pending, done, strict=True):
        if found is not None:
            run.learn(job, found)
            facts.keys[index] = run.model_key(found.row, job.entry) if job.keep else None
            if not found.fresh and job.keep and outcome.claim is not None:
                blob = run.models(job.entry).get(run.model_key(found.row, job.entry))
                outcome = outcome._replace(assessment=Stored(blob))
        facts.problems[index], facts.claims[index], facts.models[index] = outcome
    return facts


def _assess_one(job: Job, plan: Plan | None, settings: Settings, run: RunCache
                ) -> tuple[Outcome, Found | None]:
    """The work done for one file its stat did not vouch for: read it, reuse its outcome
    when its bytes are those of its row, check it otherwise. Runs in a worker process."""
    entry = job.entry
    data = read_regular(os.fspath(entry.location), job.seen, settings.limits.max_file_bytes)
    if data is None or job.plan_key is None:
        return assess(entry, plan, settings, keep=job.keep), None
    content = cache.content_digest(data)
    reused = run.reuse(job, content)
    if reused is not None:
        # Sent back without the model: the parent takes it from its own packs.
        row, facts, _model = reused
        return Outcome(facts[0], facts[1], None), Found(row, False, None)
    outcome = assess(entry, plan, settings, keep=job.keep, data=data)
    model = None
    if job.keep and outcome.assessment is not None:
        model = pickle.dumps(outcome.assessment, protocol=pickle.HIGHEST_PROTOCOL)
    row = run.new_row(job, content, (tuple(outcome.problems), outcome.claim))
    kept = Stored(model) if model is not None else None
    return Outcome(outcome.problems, outcome.claim, kept), Found(row, True, model)


class CacheRace(Exception):
    """A file changed during the run, after its stat vouched for its cached outcome."""


def resolve_models(result: WorkspaceResult, settings: Settings) -> None:
    """Make good the models a lazy run left in their packs: each one from its pack, or,
    when the pack does not hold it (`dvcq check` keeps no models), from its file checked
    again. CacheRace when a file's bytes are no longer those its outcome came from."""
    run = result.cache
    if run is None:
        return
    for data in result.years.values():
        for models in data.assessments.values():
            if not isinstance(models, Models):
                continue
            for unit, pending in models.pending():
                blob = run.models(pending.entry).get(pending.key)
                if blob is None:
                    blob = _model_again(pending, data.plan, settings, run)
                models[unit] = Stored(blob)
    run.save()


def _model_again(pending: Pending, plan: Plan | None, settings: Settings, run: RunCache
                 ) -> bytes:
    entry = pending.entry
    data = read_regular(os.fspath(entry.location), cache.regular_stat(entry.location),
                        settings.limits.max_file_bytes)
    if data is None or cache.content_digest(data) != pending.key[0]:
        raise CacheRace(entry.display)
    assessment = assess(entry, plan, settings, keep=True, data=data).assessment
    if assessment is None:  # pragma: no cover - the same bytes and plan gave a model before
        raise CacheRace(entry.display)
    blob = pickle.dumps(assessment, protocol=pickle.HIGHEST_PROTOCOL)
    run.models(entry).put(pending.key, blob)
    return blob


class Outcome(NamedTuple):
    """One assessment file checked: its problems, and what it claims when it is valid."""

    problems: list[Problem] | tuple[Problem, ...]
    claim: tuple[str, str, int, int] | None  # unit, period, line and column of the unit
    # Only when the models are kept (status, report); from the cache, still pickled, or
    # not yet looked up (Pending, with `Settings.lazy_models`).
    assessment: Assessment | Stored | Pending | None


def assess(entry: FileEntry, plan: Plan | None, settings: Settings,
           keep: bool | None = None, data: bytes | None = None) -> Outcome:
    """Check one assessment file on its own and against its plan: the work done in parallel.

    The model is kept when `keep` says so (by default: `settings.keep_models`). `data`: the
    file's bytes when they are already read."""
    assessment, problems = load_assessment(entry, plan, settings, data)
    if assessment is None:
        return Outcome(problems, None, None)
    unit_pos = assessment.where.value("unit")
    # The period is one of a few words: interned, the cache stores it once per table.
    claim = (assessment.unit, sys.intern(assessment.period), unit_pos.line, unit_pos.column)
    kept = settings.keep_models if keep is None else keep
    return Outcome(problems, claim, assessment if kept else None)


def _register_all(entries: list[FileEntry], runs: list[tuple[int, int]], facts: Facts,
                  years: dict[str, YearData], problems: list[Problem]) -> None:
    """`_register` of every assessment, in order. A folder whose files are all usable, each
    of another unit that no file registered before names, is registered at once: what
    `_register` would do file by file comes to the same."""
    for start, end in runs:
        year = years.get(entries[start].year or "")
        period = entries[start].period
        claims = facts.claims[start:end]
        models = facts.models[start:end]
        # (An assessment's entry always has its unit: the file's name without its ending.)
        if (year is not None and period is not None and None not in claims
                and (models.count(None) in (0, len(models)))):
            units = list(map(_FIRST, claims))
            claimed = set(map(_SECOND, claims))
            sources = year.sources.get(claims[0][1]) if len(claimed) == 1 else None
            if (len(claimed) == 1 and len(set(units)) == len(units)
                    and (sources is None or sources.keys().isdisjoint(units))):
                claimed_period = claims[0][1]
                problems.extend(chain.from_iterable(facts.problems[start:end]))
                year.sources.setdefault(claimed_period, {}).update(
                    zip(units, entries[start:end], strict=True))
                if models and models[0] is not None:
                    year.assessments.setdefault(claimed_period, Models()).update(
                        zip(units, models, strict=True))
                    year.keys.setdefault(claimed_period, {}).update(
                        zip(units, facts.keys[start:end], strict=True))
                continue
        for index in range(start, end):
            _register(entries[index], (facts.problems[index], facts.claims[index],
                                       facts.models[index]), years, facts.keys[index],
                      problems)


def _register(entry: FileEntry, outcome: Outcome, years: dict[str, YearData],
              key: Any = None, problems: list[Problem] | None = None) -> list[Problem]:
    """The rules across files: the year's plan exists, one assessment per unit and period.
    The problems are added to `problems` (a new list by default), which is returned.

    Runs once per assessment on every run, cached or not: it takes `outcome` as a plain
    (problems, claim, model) tuple and makes nothing it does not keep."""
    if problems is None:
        problems = []
    found, claim, model = outcome
    year = years.get(entry.year or "")
    if year is None:
        problems.append(Problem(entry.display, 0, 0, Severity.ERROR, "plan-missing", _(
            "there is no plans/{year}/plan.yaml for this assessment").format(year=entry.year)))
    if found:
        problems.extend(found)
    if year is None or entry.period is None or entry.unit is None:
        return problems
    if claim is None:
        year.rejected.setdefault(entry.period, {})[entry.unit] = entry
        return problems
    unit, period, line, column = claim
    sources = year.sources.get(period)
    if sources is None:
        sources = year.sources[period] = {}
    if unit in sources:
        problems.append(Problem(entry.display, line, column, Severity.ERROR,
                                "assessment-duplicate", _(
            "unit '{unit}' already has an assessment for period '{period}' in {other}; keep "
            "one file per unit and period").format(unit=unit, period=period,
                                                   other=sources[unit].display)))
        return problems
    sources[unit] = entry
    if model is not None:
        year.assessments.setdefault(period, Models())[unit] = model
        year.keys.setdefault(period, {})[unit] = key
    return problems


def _by_folder(entries: list[FileEntry], runs: list[tuple[int, int]],
               decide: Callable[[FileEntry], bool]) -> list[bool]:
    """`decide` of each entry, asked once per folder: it depends on the year and period."""
    found: list[bool] = []
    for start, end in runs:
        found.extend([decide(entries[start])] * (end - start))
    return found


def _kept_folders(entries: list[FileEntry], runs: list[tuple[int, int]], keep: list[bool]
                  ) -> tuple[list[FileEntry], list[tuple[int, int]]]:
    """The entries of the folders kept, and those folders' runs among them."""
    kept: list[FileEntry] = []
    kept_runs: list[tuple[int, int]] = []
    for start, end in runs:
        if keep[start]:
            kept_runs.append((len(kept), len(kept) + end - start))
            kept.extend(entries[start:end])
    return kept, kept_runs


def _strays(entries: list[FileEntry], years: dict[str, YearData]) -> list[FileEntry]:
    """The entries `_meant_as_synthesis`. Asked of every file on every run, so first of all
    the names at once: with ASCII names none of which folds to 'baocao', there is none."""
    names = "\n".join(filter(None, map(_UNIT, entries)))
    if names.isascii() and b"baocao" not in names.encode("ascii").lower().translate(None, b"-_"):
        return []
    return [entry for entry in entries if _meant_as_synthesis(entry, years)]


def _meant_as_synthesis(entry: FileEntry, years: dict[str, YearData]) -> bool:
    """`bao-cao.yaml`, `_bao_cao.yaml`, `_Báo-cáo.yaml`: the drafter's synthesis under a
    name that is not its own (and not a unit's of the plan), read as no unit's file."""
    stem = entry.unit or ""
    folded = stem.lower().replace("-", "").replace("_", "")
    if not folded.isascii():  # rare: the slug's accent folding costs more, at every file
        folded = slug(folded).replace("-", "")
    if folded != "baocao" or stem == SYNTHESIS_STEM:
        return False
    data = years.get(entry.year or "")
    return data is None or data.plan is None or data.plan.unit(stem) is None


def _stray_synthesis(entry: FileEntry) -> Problem:
    return Problem(entry.display, 0, 0, Severity.ERROR, "file-misnamed", _(
        "this file is not read: the report text of a period is named {name}, with '_' first "
        "so that no unit's file can have its name. Rename it to {name}").format(
        name=SYNTHESIS_STEM + ".yaml"))


def _synthesis(entry: FileEntry, years: dict[str, YearData], settings: Settings
               ) -> list[Problem]:
    """The drafter's synthesis of one period, checked against the plan and the period's
    usable assessments, and kept when it has no error."""
    from dvcq_cli.rules.synthesis import check_synthesis
    from dvcq_cli.synthesis import SYNTHESIS

    year = years.get(entry.year or "")
    if year is None:
        return [Problem(entry.display, 0, 0, Severity.ERROR, "plan-missing", _(
            "there is no plans/{year}/plan.yaml for this report text").format(year=entry.year))]
    plan, period = year.plan, entry.period

    def check(built: Synthesis, ctx: Context) -> None:
        if plan is not None:
            check_synthesis(built, plan, period, year.assessments.get(period or "", {}), ctx)

    found, problems = load_record(entry, SYNTHESIS, settings, check)
    if found is not None and period is not None:
        year.syntheses[period] = found
    return problems


def load_plans(root: Path, base: Path, settings: Settings = DEFAULT_SETTINGS
               ) -> dict[str, Plan | None]:
    """Every year's plan (None when it has errors) with its criteria set and model records
    attached, as `check_workspace` gives them to the assessments; no assessment is read."""
    layout = scan(root, base, settings.max_files)
    sets = _criteria_sets(layout, settings, [])
    plans: dict[str, Plan | None] = {}
    for entry in layout.plans():
        if entry.year:
            data = YearData(entry.year, load_plan(entry, settings)[0], entry)
            _year_records(data, layout, sets, settings)
            plans[entry.year] = data.plan
    return plans


def _criteria_sets(layout: Layout, settings: Settings, problems: list[Problem],
                   run: RunCache | None = None
                   ) -> dict[str, tuple[FileEntry, CriteriaSet | None]]:
    """Every criteria set of the workspace by id, each checked (its outcome from `run`'s
    cache when the file has not changed); None for one with errors."""
    sets: dict[str, tuple[FileEntry, CriteriaSet | None]] = {}
    for entry in layout.rest:
        if entry.role == "criteria" and entry.criteria is not None:
            found, set_problems, _key = _cached_record(entry, settings, run,
                                                       _load_criteria_set)
            problems.extend(set_problems)
            sets[entry.criteria] = (entry, found)
    return sets


def _load_criteria_set(entry: FileEntry, settings: Settings, data: bytes | None = None
                       ) -> tuple[CriteriaSet | None, list[Problem]]:
    from dvcq_cli.criteria import CRITERIA_SET
    from dvcq_cli.rules.criteria import check_criteria_set

    return load_record(entry, CRITERIA_SET, settings,
                       lambda built, ctx: check_criteria_set(built, ctx, entry.criteria), data)


def _year_records(data: YearData, layout: Layout,
                  sets: dict[str, tuple[FileEntry, CriteriaSet | None]],
                  settings: Settings) -> list[Problem]:
    """The year's criteria set, model records and appraisal, attached to its plan."""
    problems: list[Problem] = []
    plan = data.plan
    if plan is not None and plan.scoring is not None:
        plan, found = _with_criteria_set(plan, data, sets)
        problems.extend(found)
    mine = {entry.role: entry for entry in layout.rest
            if entry.year == data.year and entry.role in ("appraisal", "models")}
    models_entry = mine.get("models")
    if models_entry is not None:
        data.models_entry = models_entry
        from dvcq_cli.dvk_models import MODEL_REGISTER
        from dvcq_cli.rules.dvk_models import check_models

        register, found = load_record(models_entry, MODEL_REGISTER, settings,
                                      lambda built, ctx: check_models(built, plan, ctx))
        problems.extend(found)
        if plan is not None:
            # A register with errors: activities' model ids are not checked against it.
            plan = plan._replace(models=register if register is not None else INVALID)
    data.plan = plan
    appraisal_entry = mine.get("appraisal")
    if data.plan_key is not None:
        # What is cached for the year (assessments' outcomes, status outputs) rests on the
        # plan and on the files it goes with: its criteria set, the records, the appraisal.
        data.plan_key = cache.digest(data.plan_key, *_record_bytes(
            plan, [models_entry, appraisal_entry], sets))
    if appraisal_entry is not None:
        data.appraisal_entry = appraisal_entry
        if plan is None:
            return problems  # checked once the plan can be read
        from dvcq_cli.appraisal import APPRAISAL
        from dvcq_cli.rules.appraisal import check_appraisal

        data.appraisal, found = load_record(
            appraisal_entry, APPRAISAL, settings,
            lambda built, ctx: check_appraisal(built, plan, ctx))
        problems.extend(found)
    return problems


def _record_bytes(plan: Plan | None, entries: list[FileEntry | None],
                  sets: dict[str, tuple[FileEntry, CriteriaSet | None]]) -> list[bytes]:
    """The bytes of the year's files beside its plan and of the criteria set it names (empty
    for a file that is absent, '?' for one that cannot be read)."""
    entries = list(entries)
    if plan is not None and plan.scoring is not None and plan.scoring.criteria in sets:
        entries.append(sets[plan.scoring.criteria][0])
    found = []
    for entry in entries:
        try:
            found.append(entry.path.read_bytes() if entry is not None else b"")
        except OSError:
            found.append(b"?")
    return found


def _with_criteria_set(plan: Plan, data: YearData,
                       sets: dict[str, tuple[FileEntry, CriteriaSet | None]]
                       ) -> tuple[Plan, list[Problem]]:
    scoring = plan.scoring
    assert scoring is not None
    known = sets.get(scoring.criteria)
    if known is None:
        pos = scoring.where.value("criteria")
        data.scoring_blocked = _("the plan names criteria set '{id}', which is not in "
                                 "plans/criteria/").format(id=scoring.criteria)
        return plan, [Problem(data.plan_entry.display, pos.line, pos.column, Severity.ERROR,
                              "ref-unknown", _(
            "no criteria set '{id}': put it in plans/criteria/{id}.yaml, or name one of: "
            "{known}{hint}").format(id=scoring.criteria, known=", ".join(sorted(sets)) or
                                    _("none"), hint=did_you_mean(scoring.criteria,
                                                                 list(sets))))]
    entry, found = known
    if found is None:
        data.scoring_blocked = _("the criteria set {path} has errors; run 'dvcq check'").format(
            path=entry.display)
        return plan, []
    display = data.plan_entry.display
    return plan._replace(scoring=scoring._replace(criteria_set=found)), [
        Problem(display, pos.line, pos.column, Severity.ERROR, "target-invalid", message)
        for pos, message in unknown_grades(plan, found.banding().labels())]


def _misnamed_problems(layout: Layout, years: dict[str, YearData]) -> list[Problem]:
    """`hctc.yaml.txt`, `hctc.YAML`: a unit's file that is not read, so the unit would
    show as not submitted without a word. Named, with the name to give it.

    When it is the unit's only file for the period, it is an error: status and report would
    otherwise call a unit that did send its assessment "not submitted" (and flip targets).
    The unit is recorded as having an unusable file (`rejected`), as a file with errors is.
    A copy beside the unit's own file changes nothing that is counted: a warning."""
    problems: list[Problem] = []
    for misnamed in layout.misnamed:
        meant = misnamed.entry
        if meant.role == "other":
            continue
        name = _meant_name(misnamed, years)
        why = _reason(misnamed.ending)
        severity = Severity.WARNING
        if (Path(meant.location).parent / name).exists():
            message = _("this file is not read: {why}. {name} exists beside it: remove this "
                        "copy, or merge what it adds into {name}").format(why=why, name=name)
        elif meant.role == "assessment" and meant.period is not None:
            unit = name.removesuffix(".yaml")
            message = _("this file is not read, so unit {unit} has no usable assessment "
                        "for this period: {why}. Rename it to {name}").format(
                unit=unit, why=why, name=name)
            severity = Severity.ERROR
            year = years.get(meant.year or "")
            if year is not None:
                year.rejected.setdefault(meant.period, {})[unit] = meant
                year.renames[meant.display] = name
                year.periods_with_files.add(meant.period)
        else:
            message = _("this file is not read: {why}. Rename it to {name}").format(
                why=why, name=name)
        problems.append(Problem(meant.display, 0, 0, severity, "file-misnamed", message))
    return problems


def _reason(ending: str) -> str:
    added = ending[ending.find(".", 1):] if ending.count(".") > 1 else ""
    if added:
        return _("Notepad or Word added '{added}' to its name when saving it").format(
            added=added)
    if ending.lower() in (".yaml", ".yml"):
        return _("its name ends in '{ending}': dvcq reads '.yaml' and '.yml' in lower case "
                 "only").format(ending=ending)
    return _("its name ends in '{ending}', not '.yaml'").format(ending=ending)


def _meant_name(misnamed: Misnamed, years: dict[str, YearData]) -> str:
    """The name the file should have: `plan.yaml`, or the unit's id (the nearest unit of the
    year's plan when the name has a typo too) with `.yaml`."""
    meant = misnamed.entry
    if meant.role != "assessment":
        return misnamed.stem + ".yaml" if meant.role != "plan" else PLAN_FILE
    data = years.get(meant.year or "")
    units = [unit.id for unit in data.plan.units] if data and data.plan else []
    stem = misnamed.stem
    if units and stem not in units:
        stem = closest(stem, units) or stem
    return stem + ".yaml"


def _layout_problems(layout: Layout, root: Path, base: Path, max_files: int
                     ) -> list[Problem]:
    problems: list[Problem] = []
    if not layout.plans():
        problems.append(Problem(
            display_path(root / "plans", base), 0, 0, Severity.ERROR, "plan-missing",
            _("no plan found: create plans/<year>/plan.yaml (e.g. plans/2024/plan.yaml)")))
    for entry in layout.outside:
        problems.append(Problem(entry.display, 0, 0, Severity.ERROR, "file-outside-workspace", _(
            "this is a link to a file outside the workspace; it is not read. Copy the file "
            "here instead")))
    for entry in layout.rest:
        if entry.role == "other":
            problems.append(Problem(entry.display, 0, 0, Severity.WARNING, "file-unexpected", _(
                "this file is not part of the workspace layout and is not checked: plans go "
                "in plans/<year>/plan.yaml, assessments in plans/<year>/<period>/<unit>.yaml")))
    if layout.truncated:
        problems.append(Problem(display_path(root / "plans", base), 0, 0, Severity.ERROR,
                                "too-many-files", _(
            "more than {limit} YAML files; only the first {limit} were checked. Remove the "
            "files that do not belong here, or raise the limit with --max-files").format(
            limit=max_files)))
    return problems
