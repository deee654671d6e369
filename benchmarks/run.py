"""Measure dvcq against its baselines, in one run, and print the ratios.

    python benchmarks/run.py [--quick] [--sizes 500,1000,5000,10000] [--repeat 5] [--jobs 1,2]
                             [--b-repeat K] [--seed S] [--live]

Every figure is a whole process (subprocess, time.perf_counter, median of --repeat runs),
measured next to its baseline in the same run, the runs of a group interleaved so that
drift in the machine's load hits both sides alike. Each run goes through a fresh wrapper
process that reports its child's wall time, CPU time and peak RSS
(`resource.getrusage(RUSAGE_CHILDREN)` is the maximum over all children so far, so it is
only meaningful in a process that has one child); for parallel runs it also samples the
summed PSS of the whole process tree. The measured processes run with bytecode caching on
(cache in benchmarks/work/pycache) and, unless --live, on a copy of dvcq_cli taken at the
start (benchmarks/work/snapshot), so that edits to the tree during a long run do not mix
versions.

Baselines: (a) a bare Python process that reads every YAML file and loads it with PyYAML's
CSafeLoader, nothing else; (a′) the same with `import typer` first; (b) check-jsonschema
with the schema `dvcq schema` writes (or, until that command exists, the one
`dvcq_cli.model` declares) over the same files. The report's floor is the annex table
written straight into the document XML with zipfile (benchmarks/docx_floor.py); the report's
render and save is timed beside it, inside one process (benchmarks/report_render.py).

It uses the `dvcq`, `python` and `check-jsonschema` of the current environment, generates
workspaces into benchmarks/work/ (git-ignored; reused while the generator and seed are the
same) and installs nothing. Results are also saved as benchmarks/work/results-*.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
PY = sys.executable
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402  (benchmarks/generate.py, next to this file)

TEMPLATE = REPO / "dvcq_cli" / "templates" / "bao-cao-dan-van-chinh-quyen.docx"
TARGET_N = 5000
MEMORY_N = 10000  # the size the memory target is set at (issue 18)
CACHE = ".dvcq-cache"  # the workspace's cache folder (dvcq_cli/cache.py)
SCHEMA_SOURCE: dict[str, str] = {}

BASELINE_A = r"""
import os, sys, yaml
loader = yaml.CSafeLoader
for root in sys.argv[1:]:
    if os.path.isfile(root):
        paths = [root]
    else:
        paths = [os.path.join(folder, name) for folder, _, names in os.walk(root)
                 for name in names if name.endswith((".yaml", ".yml"))]
    for path in paths:
        with open(path, "rb") as handle:
            yaml.load(handle.read(), Loader=loader)
"""
BASELINE_A_TYPER = "import typer\n" + BASELINE_A

WRAPPER = r"""
import json, os, resource, shutil, subprocess, sys, threading, time
spec = json.loads(sys.stdin.read())
for folder in spec.get("clean", []):
    shutil.rmtree(folder, ignore_errors=True)
for path in spec.get("edit", []):
    # One file changed since the last run (a comment added or taken away), untimed.
    with open(path, "rb") as handle:
        data = handle.read()
    mark = b"# benchmark edit\n"
    data = data[:-len(mark)] if data.endswith(mark) else data + mark
    with open(path, "wb") as handle:
        handle.write(data)
tree_peak = [0]


def tree_pss(root):
    # Sum of PSS (shared pages split between the processes that share them) of `root` and
    # every process below it: forked workers share the parent's pages, so RSS would count
    # those twice.
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as handle:
                    parents[int(name)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    tree, grown = {root}, True
    while grown:
        grown = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grown = True
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            pass
    return total


def sample(process, stop):
    while not stop.wait(0.05):
        tree_peak[0] = max(tree_peak[0], tree_pss(process.pid))


seconds, codes, errors, outputs = 0.0, [], [], []
for argv in spec["argvs"]:
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=spec["cwd"], stderr=subprocess.PIPE,
                               stdout=subprocess.PIPE if spec.get("stdout") else subprocess.DEVNULL)
    stop = threading.Event()
    if spec.get("tree"):
        sampler = threading.Thread(target=sample, args=(process, stop), daemon=True)
        sampler.start()
    out, err = process.communicate()
    seconds += time.perf_counter() - started
    stop.set()
    codes.append(process.returncode)
    errors.append(err.decode("utf-8", "replace")[-1500:])
    outputs.append(out.decode("utf-8", "replace")[-3000:] if out else "")
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                  "maxrss_kb": usage.ru_maxrss, "tree_pss_kb": tree_peak[0], "codes": codes,
                  "stderr": errors, "stdout": outputs}))
"""


def child_env() -> dict[str, str]:
    """The environment of every measured process: bytecode caching on, as an installed tool
    runs (some environments set PYTHONDONTWRITEBYTECODE, which makes every start compile
    the sources again); the cache lives under benchmarks/work/, not in the source tree."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    return env


ENV = child_env()
SNAPSHOT = WORK / "snapshot"


def freeze_code() -> str:
    """Copy dvcq_cli to benchmarks/work/snapshot and put it first on PYTHONPATH, so that a
    long run measures one version of the code even while the tree is being edited."""
    if SNAPSHOT.exists():
        shutil.rmtree(SNAPSHOT)
    shutil.copytree(REPO / "dvcq_cli", SNAPSHOT / "dvcq_cli",
                    ignore=shutil.ignore_patterns("__pycache__"))
    digest = hashlib.sha256()
    for path in sorted((SNAPSHOT / "dvcq_cli").rglob("*.py")):
        digest.update(path.relative_to(SNAPSHOT).as_posix().encode() + b"\0" + path.read_bytes())
    ENV["PYTHONPATH"] = os.pathsep.join(
        [str(SNAPSHOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    return digest.hexdigest()[:12]


def tool(name: str) -> str | None:
    beside = Path(PY).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


# ---------------------------------------------------------------- measuring
@dataclass
class Cmd:
    key: str
    label: str
    argvs: list[list[str]]
    cwd: Path
    ok_codes: tuple[int, ...] = (0,)
    clean: list[str] = field(default_factory=list)  # folders removed before each run
    edit: list[str] = field(default_factory=list)  # files changed before each run, untimed
    repeat: int | None = None  # None: the run's --repeat
    tree: bool = False  # sample the summed PSS of the process tree (disturbs timing a little)


@dataclass(frozen=True)
class Fig:
    """One figure: median wall-clock seconds and median CPU seconds (user + system)."""

    wall: float | None
    cpu: float | None = None
    spread: float | None = None  # (max − min) / 2 / median of the runs' wall times

    def text(self) -> str:
        if self.wall is None:
            return "—"
        if self.spread is None or self.spread < 0.005:
            return f"{self.wall:.3f} s"
        return f"{self.wall:.3f} s ±{self.spread:.0%}"


NOTHING = Fig(None)


@dataclass
class Result:
    label: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    tree_kb: list[int] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)
    error: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times and not self.error else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu and not self.error else None

    @property
    def fig(self) -> Fig:
        median = self.median
        spread = None
        if median and len(self.times) > 1:
            spread = (max(self.times) - min(self.times)) / 2 / median
        return Fig(median, self.cpu_median, spread)

    @property
    def tree_mb(self) -> float | None:
        return max(self.tree_kb) / 1024 if self.tree_kb and not self.error else None

    @property
    def peak_mb(self) -> float | None:
        return max(self.rss_kb) / 1024 if self.rss_kb and not self.error else None


def run_once(cmd: Cmd, stdout: bool = False) -> dict:
    spec = {"argvs": cmd.argvs, "cwd": str(cmd.cwd), "clean": cmd.clean, "edit": cmd.edit,
            "stdout": stdout, "tree": cmd.tree}
    # The spec goes through stdin: one argv string is limited to 128 KiB on Linux.
    done = subprocess.run([PY, "-c", WRAPPER], input=json.dumps(spec), capture_output=True,
                          text=True, env=ENV)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark wrapper failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def measure(cmds: list[Cmd], repeat: int, warmup: int = 0) -> dict[str, Result]:
    """Run every command `repeat` times, interleaved (the order rotates each round)."""
    results = {cmd.key: Result(cmd.label) for cmd in cmds}
    rounds = max((cmd.repeat or repeat) for cmd in cmds) if cmds else 0
    for index in range(warmup + rounds):
        shift = index % len(cmds)
        for cmd in cmds[shift:] + cmds[:shift]:
            result = results[cmd.key]
            wanted = cmd.repeat or repeat
            if result.error or (index >= warmup and len(result.times) >= wanted):
                continue
            out = run_once(cmd)
            bad = [code for code in out["codes"] if code not in cmd.ok_codes]
            if bad:
                last = next((e for e in out["stderr"] if e.strip()), "").strip().splitlines()
                result.error = f"exit {bad[0]}: {last[-1] if last else 'no message'}"
                progress(f"  {cmd.label}: {result.error}")
                continue
            if index < warmup:
                continue
            result.times.append(out["seconds"])
            result.cpu.append(out["cpu"])
            result.rss_kb.append(out["maxrss_kb"])
            result.tree_kb.append(out["tree_pss_kb"])
            result.codes.update(out["codes"])
            progress(f"  {cmd.label} [{len(result.times)}/{wanted}]: {out['seconds']:.3f} s, "
                     f"{out['maxrss_kb'] / 1024:.0f} MB")
    return results


# ---------------------------------------------------------------- what dvcq can do today
@dataclass
class Capabilities:
    dvcq: str
    version: str
    commands: dict[str, bool]
    check_jobs: bool
    cjs: str | None
    cjs_version: str | None
    cache: bool = False  # check, status and report keep a cache (--no-cache exists)


def has_command(dvcq: str, name: str) -> bool:
    done = subprocess.run([dvcq, name, "--help"], capture_output=True, text=True, env=ENV)
    return not (done.returncode == 2 and "No such command" in done.stderr)


def capabilities() -> Capabilities:
    dvcq = tool("dvcq")
    if dvcq is None:
        sys.exit("dvcq is not installed in this environment (pip install -e .)")
    version = subprocess.run([dvcq, "--version"], capture_output=True, text=True,
                             env=ENV).stdout.strip()
    commands = {name: has_command(dvcq, name) for name in ("status", "report", "schema")}
    check_help = subprocess.run([dvcq, "check", "--help"], capture_output=True, text=True,
                                env=ENV).stdout
    cjs = tool("check-jsonschema")
    cjs_version = None
    if cjs:
        cjs_version = subprocess.run([cjs, "--version"], capture_output=True,
                                     text=True).stdout.strip().rsplit(" ", 1)[-1]
    return Capabilities(dvcq, version, commands, "--jobs" in check_help, cjs, cjs_version,
                        "--no-cache" in check_help)


def warm_up(caps: Capabilities, example: Path) -> None:
    """Run every command once, so that each module's bytecode is cached before timing."""
    progress("warming up (bytecode cache in benchmarks/work/pycache) …")
    commands = [[caps.dvcq, "--version"], [caps.dvcq, "check"],
                [PY, "-c", "import typer, yaml, docx, docxtpl, jinja2, zipfile"]]
    for name, argv in (("status", ["status", "--period", "9m"]),
                       ("report", ["report", "--period", "9m", "--output",
                                   str(WORK / "warm-up.docx")]),
                       ("schema", ["schema", "--output-dir", str(WORK / "warm-up-schemas")])):
        if caps.commands[name]:
            commands.append([caps.dvcq, *argv])
    if caps.cjs:
        commands.append([caps.cjs, "--version"])
    for argv in commands:
        subprocess.run(argv, cwd=example, env=ENV, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------- workspaces and schemas
def workspace(units: int, seed: int) -> Path:
    """benchmarks/work/n<N>, generated unless the same generator and seed made it."""
    folder = WORK / f"n{units}"
    marker = folder / ".generated.json"
    want = {"generator": generate.GENERATOR_VERSION, "units": units, "seed": seed}
    if marker.exists():
        have = json.loads(marker.read_text(encoding="utf-8"))
        if all(have.get(key) == value for key, value in want.items()):
            return folder
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    info = generate.generate(units, folder, seed)
    progress(f"generated {folder.relative_to(REPO)}: {info['files']} files in "
             f"{time.perf_counter() - started:.1f} s")
    return folder


def example_workspace() -> Path:
    """A fresh copy of the repository's example plans (so edits elsewhere cannot change it)."""
    folder = WORK / "example"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(REPO / "plans", folder / "plans")
    return folder


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))


def _schema_kind(schema: dict) -> str | None:
    properties = schema.get("properties", {})
    if {"unit", "period", "indicators"} <= set(properties):
        return "assessment"
    if {"targets", "units"} <= set(properties):
        return "plan"
    return None


def schemas(caps: Capabilities, ws: Path) -> tuple[dict[str, Path], str]:
    """The JSON schemas for (b): from `dvcq schema` when it exists, else from the model."""
    out = WORK / "schemas" / ws.name
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    if caps.commands["schema"]:
        done = subprocess.run([caps.dvcq, "schema", "--output-dir", str(out), "--year", "2024"],
                              cwd=ws, capture_output=True, text=True, env=ENV)
        found: dict[str, Path] = {}
        for path in sorted(out.rglob("*.json")):
            try:
                kind = _schema_kind(json.loads(path.read_text(encoding="utf-8")))
            except (ValueError, OSError):
                continue
            if kind and kind not in found:
                found[kind] = path
        if done.returncode == 0 and "assessment" in found:
            names = ", ".join(path.name for path in found.values())
            SCHEMA_SOURCE["source"] = ("written by `dvcq schema --output-dir DIR --year 2024` "
                                       f"in each workspace ({names})")
            return found, SCHEMA_SOURCE["source"]
        progress(f"dvcq schema did not give an assessment schema (exit {done.returncode}: "
                 f"{done.stderr.strip()[-300:]}); using the model's schema")
    code = ("import json, sys\nfrom dvcq_cli.model import ASSESSMENT, PLAN\n"
            "json.dump(ASSESSMENT.json_schema(), open(sys.argv[1], 'w'))\n"
            "json.dump(PLAN.json_schema(), open(sys.argv[2], 'w'))\n")
    found = {"assessment": out / "assessment.schema.json", "plan": out / "plan.schema.json"}
    subprocess.run([PY, "-c", code, str(found["assessment"]), str(found["plan"])], check=True,
                   env=ENV)
    SCHEMA_SOURCE["source"] = "dvcq_cli.model ASSESSMENT/PLAN.json_schema() (no dvcq schema)"
    return found, SCHEMA_SOURCE["source"]


def baseline_b(caps: Capabilities, ws: Path, key: str, repeat: int | None) -> Cmd | None:
    if not caps.cjs:
        return None
    found, _source = schemas(caps, ws)
    year = ws / "plans" / "2024"
    assessments = [p.relative_to(year).as_posix() for p in yaml_files(year)
                   if p.name != "plan.yaml"]
    argvs = [[caps.cjs, "--schemafile", str(found["assessment"]), *assessments]]
    if "plan" in found:
        argvs.append([caps.cjs, "--schemafile", str(found["plan"]), "plan.yaml"])
    return Cmd(key, "(b) check-jsonschema", argvs, year, ok_codes=(0, 1), repeat=repeat)


def baseline_a(key: str, ws: Path, roots: list[str], typer_too: bool = False) -> Cmd:
    code = BASELINE_A_TYPER if typer_too else BASELINE_A
    return Cmd(key, "(a′) typer + CSafeLoader" if typer_too else "(a) CSafeLoader",
               [[PY, "-c", code, *roots]], ws)


# ---------------------------------------------------------------- printing
def fmt_s(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f} s"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)), line]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(out)


@dataclass
class Verdict:
    figure: str
    dvcq: Fig
    baseline_label: str
    baseline: Fig
    target: str
    limit: float | None  # bound on the wall-clock ratio; None: information only
    strict: bool = False  # ratio < limit instead of ≤
    note: str = ""

    @staticmethod
    def _ratio(top: float | None, bottom: float | None) -> float | None:
        return None if top is None or not bottom else top / bottom

    def row(self) -> list[str]:
        ratio = self._ratio(self.dvcq.wall, self.baseline.wall)
        cpu = self._ratio(self.dvcq.cpu, self.baseline.cpu)
        shown = self.dvcq.text() if self.dvcq.wall is not None or not self.note else self.note
        ok = "—"
        if ratio is not None and self.limit is not None:
            ok = "✓" if (ratio < self.limit if self.strict else ratio <= self.limit) else "✗"
        if ratio is not None and ratio <= 0:
            ratio, ok = None, "— (noise: not measurable this run)"
        return [self.figure, shown, self.baseline_label, self.baseline.text(),
                "—" if ratio is None else f"{ratio:.2f}×", "—" if cpu is None else f"{cpu:.2f}×",
                self.target, ok]


VERDICT_HEAD = ["figure", "dvcq median ±spread", "baseline", "baseline median ±spread", "ratio",
                "CPU ratio", "target", ""]


def growth_cells(name: str, values: list[float | None], files: list[int],
                 unit: str = "s") -> list[str]:
    cells = ["—" if v is None else (f"{v:.3f}" if unit == "s" else f"{v:.0f}") for v in values]
    slopes = []
    for (v1, f1), (v2, f2) in zip(zip(values, files, strict=True),
                                   zip(values[1:], files[1:], strict=True), strict=False):
        slopes.append(None if v1 is None or v2 is None else (v2 - v1) / (f2 - f1))
    scale = 1e6 if unit == "s" else 1000.0  # µs per file, or MB per 1,000 files
    marginal = ["—" if s is None else f"{s * scale:.0f}" for s in slopes]
    known = [s for s in slopes if s is not None]
    if len(known) < 2:
        verdict = "n/a (needs 3 sizes)"
    elif min(known) <= 0:
        verdict = "flat"
    else:
        growth = known[-1] / known[0]
        verdict = "linear" if growth <= 1.5 else f"superlinear: ×{growth:.1f} per file"
    return [name, *cells, " / ".join(marginal), verdict]


# ---------------------------------------------------------------- the figures
def machine(caps: Capabilities) -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, IndexError, ValueError):
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    import yaml

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    return [
        f"machine: {platform.system()} {platform.release()} {platform.machine()}; CPU {cpu}; "
        f"{cores} core(s) usable (nproc); memory {memory}",
        f"python {platform.python_version()} ({PY}); PyYAML {yaml.__version__} "
        f"(libyaml {'yes' if yaml.__with_libyaml__ else 'NO'}); typer {version('typer')}; "
        f"{caps.version}; check-jsonschema {caps.cjs_version or 'not installed'}",
        f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: sizes 500,1000, repeat 3, baseline (b) once")
    parser.add_argument("--sizes", default=None, help="units per workspace (default "
                        "500,1000,5000,10000)")
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure (default 5)")
    parser.add_argument("--jobs", default="1,2", help="values of dvcq check --jobs to measure")
    parser.add_argument("--b-repeat", type=int, default=None,
                        help="runs of baseline (b), the slowest (default: --repeat)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--live", action="store_true",
                        help="measure dvcq_cli as it is in the tree at each moment, instead of "
                        "a copy taken at the start (benchmarks/work/snapshot)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in (args.sizes or ("500,1000" if args.quick else
                                             "500,1000,5000,10000")).split(",")]
    repeat = args.repeat or (3 if args.quick else 5)
    b_repeat = args.b_repeat or (1 if args.quick else repeat)
    jobs = [int(j) for j in args.jobs.split(",") if j.strip()]
    started = time.perf_counter()
    WORK.mkdir(exist_ok=True)
    code = "dvcq_cli as it is in the tree (--live)"
    if not args.live:
        code = (f"dvcq_cli copied at {time.strftime('%Y-%m-%d %H:%M:%S')} to "
                f"benchmarks/work/snapshot (sources sha256 {freeze_code()})")

    caps = capabilities()
    lines = [*machine(caps), f"code measured: {code}"]
    notes: list[str] = []
    if not caps.cjs:
        notes.append("baseline (b) skipped: check-jsonschema not installed "
                     "(pip install check-jsonschema)")
    if not caps.check_jobs:
        notes.append("--jobs is not an option of dvcq check yet: the plain `dvcq check` is "
                     "measured as the one-core figure; the two-core target is not judged")
    for name in ("status", "report"):
        if not caps.commands[name]:
            notes.append(f"dvcq {name}: not available yet (No such command)")
    if not caps.commands["schema"]:
        notes.append("dvcq schema: not available yet; (b) uses the schema of "
                     "dvcq_cli.model (ASSESSMENT.json_schema(), PLAN.json_schema())")
    for note in notes:
        progress(note)

    # ---- start-up and the example workspace
    example = example_workspace()
    warm_up(caps, example)
    progress("start-up and the example workspace …")
    dvcq = caps.dvcq
    startup = measure([
        Cmd("version", "dvcq --version", [[dvcq, "--version"]], example),
        Cmd("help", "dvcq --help", [[dvcq, "--help"]], example),
        Cmd("typer", "python -c 'import typer'", [[PY, "-c", "import typer"]], example),
        Cmd("bare", "python -c pass", [[PY, "-c", "pass"]], example),
    ], repeat, warmup=1)
    example_results = measure([
        Cmd("check", "dvcq check (example)", [[dvcq, "check"]], example, ok_codes=(0, 1),
            clean=[str(example / CACHE)]),
        baseline_a("a_typer", example, ["plans"], typer_too=True),
        baseline_a("a", example, ["plans"]),
    ], repeat, warmup=1)
    example_files = len(yaml_files(example / "plans"))

    # ---- sized workspaces
    per_size: dict[int, dict[str, Result]] = {}
    report_info: dict[int, dict[str, object]] = {}
    files_of: dict[int, int] = {}
    one_core_key = f"check_j{jobs[0]}" if caps.check_jobs and jobs else "check"
    two_core_key = (f"check_j{max(jobs)}" if caps.check_jobs and jobs and max(jobs) > 1
                    else None)
    for n in sizes:
        ws = workspace(n, args.seed)
        files_of[n] = 1 + 3 * n
        progress(f"N = {n}: dvcq check against (a) and (b) …")
        cold = [str(ws / CACHE)]  # every figure but the warm ones starts without a cache
        group = [Cmd("check", "dvcq check", [[dvcq, "check"]], ws, ok_codes=(0, 1), clean=cold)]
        if caps.check_jobs:
            group += [Cmd(f"check_j{j}", f"dvcq check --jobs {j}",
                          [[dvcq, "check", "--jobs", str(j)]], ws, ok_codes=(0, 1), clean=cold)
                      for j in jobs]
        if caps.cache and caps.check_jobs:
            group.append(Cmd("check_nocache", "dvcq check --jobs 1 --no-cache",
                             [[dvcq, "check", "--jobs", "1", "--no-cache"]], ws,
                             ok_codes=(0, 1), clean=cold))
        group.append(baseline_a("a", ws, ["plans"]))
        b = baseline_b(caps, ws, "b", b_repeat)
        if b:
            group.append(b)
        results = measure(group, repeat)
        progress(f"N = {n}: dvcq status / report against (a) for the period …")
        period_group = [baseline_a("a_period", ws, ["plans/2024/plan.yaml", "plans/2024/9m"])]
        if caps.commands["status"]:
            period_group.append(Cmd("status", "dvcq status --period 9m",
                                    [[dvcq, "status", "--period", "9m"]], ws, ok_codes=(0, 1),
                                    clean=cold))
        if caps.commands["report"]:
            period_group.append(Cmd("report", "dvcq report --period 9m",
                                    [[dvcq, "report", "--period", "9m"]], ws, ok_codes=(0, 1),
                                    clean=cold))
        results.update(measure(period_group, repeat))
        if caps.cache:
            progress(f"N = {n}: warm runs (the cache filled) against dvcq --version …")
            # A 6m file: the warm status of 9m, measured in the same rounds, stays warm.
            changed = sorted((ws / "plans" / "2024" / "6m").glob("*.yaml"))[0]
            results.update(measure([
                Cmd("warm_version", "dvcq --version", [[dvcq, "--version"]], ws),
                Cmd("warm_check", "dvcq check, one file changed", [[dvcq, "check"]], ws,
                    ok_codes=(0, 1), edit=[str(changed)]),
                Cmd("warm_status", "dvcq status --period 9m (warm)",
                    [[dvcq, "status", "--period", "9m"]], ws, ok_codes=(0, 1)),
            ], repeat, warmup=1))
        results.update(report_floor(n, ws, results, caps, repeat))
        if caps.check_jobs:
            progress(f"N = {n}: memory of the parallel check (process tree PSS, sampled) …")
            results.update(measure([
                Cmd("mem_default", "dvcq check (default)", [[dvcq, "check"]], ws,
                    ok_codes=(0, 1), tree=True, clean=cold),
                *(Cmd(f"mem_j{j}", f"dvcq check --jobs {j}", [[dvcq, "check", "--jobs", str(j)]],
                      ws, ok_codes=(0, 1), tree=True, clean=cold) for j in jobs if j > 1)], 1))
        per_size[n] = results
        report_info[n] = getattr(results.get("floor"), "info", {})

    # ---- printing
    out: list[str] = ["", "dvcq benchmark", "=" * 14, *lines,
                      f"sizes {sizes}, {repeat} runs per figure (baseline (b): {b_repeat}); "
                      "medians of whole processes; ratio = wall clock, CPU ratio = user + "
                      "system time", *(f"note: {n}" for n in notes), ""]
    out.append("1. Start-up (target: ≤ 1.3× python -c 'import typer')")
    typer_fig = startup["typer"].fig
    out.append(table(VERDICT_HEAD, [
        Verdict("dvcq --version", startup["version"].fig, "import typer", typer_fig,
                "≤ 1.3×", 1.3).row(),
        Verdict("dvcq --help", startup["help"].fig, "import typer", typer_fig,
                "≤ 1.3×", 1.3).row(),
        Verdict("(python -c pass)", startup["bare"].fig, "import typer", typer_fig,
                "info", None).row(),
    ]))
    out += ["", f"2. dvcq check on the example workspace ({example_files} files; target ≤ 1.6× "
            "(a′))"]
    out.append(table(VERDICT_HEAD, [
        Verdict("dvcq check", example_results["check"].fig, "(a′) typer + CSafeLoader",
                example_results["a_typer"].fig, "≤ 1.6×", 1.6).row(),
        Verdict("dvcq check", example_results["check"].fig, "(a) CSafeLoader",
                example_results["a"].fig, "info", None).row(),
    ]))
    out += ["", f"3. dvcq check on N units × 3 periods, cold (no cache; targets set at N = "
            f"{TARGET_N:,}: one core ≤ 0.8× (a); two cores < 1× (a); ≥ 10× faster than (b), "
            "i.e. ≤ 0.1×)"]
    rows = []
    for n in sizes:
        r = per_size[n]
        a = r["a"].fig
        tag = f"N={n:,} ({files_of[n]:,} files)"
        one = r[one_core_key]
        rows.append(Verdict(f"{tag} {one.label} (one core)", one.fig, "(a)", a, "≤ 0.8×", 0.8,
                            note=one.error or "").row())
        if two_core_key:
            two = r[two_core_key]
            rows.append(Verdict(f"{tag} {two.label} (two cores)", two.fig, "(a)", a, "< 1.0×",
                                1.0, strict=True, note=two.error or "").row())
            rows.append(Verdict(f"{tag} dvcq check (default)", r["check"].fig, "(a)", a,
                                "info", None, note=r["check"].error or "").row())
        else:
            rows.append(Verdict(f"{tag} two cores", NOTHING, "(a)", a, "< 1.0×", 1.0,
                                note="--jobs not available yet").row())
        if "b" in r:
            rows.append(Verdict(f"{tag} dvcq check (default)", r["check"].fig,
                                "(b) check-jsonschema", r["b"].fig, "≤ 0.1×", 0.1,
                                note=r["b"].error or "").row())
        else:
            rows.append(Verdict(f"{tag} dvcq check (default)", NOTHING, "(b) check-jsonschema",
                                NOTHING, "≤ 0.1×", 0.1, note="(b) skipped").row())
    out.append(table(VERDICT_HEAD, rows))
    if not caps.cjs:
        out.append("baseline (b) skipped: check-jsonschema not installed "
                   "(pip install check-jsonschema)")
    else:
        out.append(f"(b) schema: {SCHEMA_SOURCE.get('source', '—')}; the plan file is "
                   "validated with the plan schema in a second check-jsonschema process")
    if any(1 in per_size[n]["b"].codes for n in sizes if "b" in per_size[n]):
        out.append("warning: check-jsonschema reported errors on a generated workspace (exit 1)")
    if any(1 in per_size[n]["check"].codes for n in sizes):
        out.append("warning: dvcq check reported problems on a generated workspace (exit 1)")

    out += ["", "4. dvcq status --period 9m (target ≤ 1.3× (a) over plan.yaml + the 9m files)"]
    rows = []
    for n in sizes:
        r = per_size[n]
        tag = f"N={n:,} ({n + 1:,} files)"
        status = r.get("status")
        rows.append(Verdict(f"{tag} dvcq status", status.fig if status else NOTHING,
                            "(a) period files", r["a_period"].fig, "≤ 1.3×", 1.3,
                            note=(status.error or "") if status else "not available yet").row())
    out.append(table(VERDICT_HEAD, rows))

    out += ["", "5. dvcq report --period 9m: render and save (target < 3× the floor: the "
            "same annex table written straight into document.xml)"]
    rows = []
    for n in sizes:
        r = per_size[n]
        tag = f"N={n:,}"
        floor = r["floor"].fig
        render_save, report = r["render_save"], r.get("report")
        rows.append(Verdict(f"{tag} render and save (in-process)", render_save.fig, "floor",
                            floor, "< 3×", 3.0, strict=True,
                            note=render_save.error or "").row())
        if report is not None and report.median is not None:
            rows.append(Verdict(f"{tag} dvcq report (whole process)", report.fig,
                                "(a) period files", r["a_period"].fig, "info", None).row())
        else:
            rows.append(Verdict(f"{tag} dvcq report (whole process)", NOTHING,
                                "(a) period files", r["a_period"].fig, "info", None,
                                note=(report.error if report else None) or "not available yet"
                                ).row())
        rows.append(Verdict(f"{tag} python-docx add_row (reference)", r["add_row"].fig,
                            "floor", floor, "not on the path", None,
                            note=r["add_row"].error or "").row())
    out.append(table(VERDICT_HEAD, rows))
    for n in sizes:
        info = report_info[n]
        if info:
            out.append(f"N={n:,} annex table: {info.get('rows')} rows × {info.get('columns')} "
                       f"columns, from {info.get('source')}")
    out.append("render and save = what dvcq report does once the data is ready (fill the "
               "template, write the file atomically: report_command.write_report), timed "
               "inside one process after checking the workspace once (report_render.py); the "
               "floor is timed in the same process, the runs of the two interleaved; imports "
               "excluded from both. add_row: one run in its own process. dvcq report (whole "
               "process) is the command as a user runs it, checking every file: information")

    out += ["", f"6. Peak memory (max RSS of the dvcq process; target at N = {MEMORY_N:,}: "
            "< 400 MB, growing linearly)"]
    rows = []
    for n in sizes:
        r = per_size[n]
        one = r[one_core_key]
        peak = one.peak_mb
        ok = "—" if peak is None else ("✓" if peak < 400 else "✗")
        row = [f"N={n:,} ({files_of[n]:,} files)", one.label,
               "—" if peak is None else f"{peak:.0f} MB",
               "—" if r["a"].peak_mb is None else f"{r['a'].peak_mb:.0f} MB", "< 400 MB", ok]
        rows.append(row)
        for key in ("mem_default", *(f"mem_j{j}" for j in jobs if j > 1)):
            if key in r and r[key].tree_mb is not None:
                tree = r[key].tree_mb
                rows.append([f"N={n:,} ({files_of[n]:,} files)",
                             f"{r[key].label}: all processes (PSS)", f"{tree:.0f} MB",
                             "—" if r["a"].peak_mb is None else f"{r['a'].peak_mb:.0f} MB",
                             "< 400 MB", "✓" if tree < 400 else "✗"])
    out.append(table(["workspace", "command", "dvcq peak memory", "(a) peak RSS", "target",
                      ""], rows))
    out.append("one process: exact peak RSS (getrusage); several processes: peak of the summed "
               "PSS of the process tree, sampled every 50 ms in one extra run")

    if caps.cache:
        out += ["", f"7. The cache (targets at N = {TARGET_N:,}: warm check after one file "
                "changed ≤ 3× dvcq --version; warm status ≤ 3×; filling the cache adds ≤ 5% "
                "to the cold check)"]
        rows = []
        for n in sizes:
            r = per_size[n]
            tag = f"N={n:,}"
            version = r["warm_version"].fig
            rows.append(Verdict(f"{tag} dvcq check, one file changed", r["warm_check"].fig,
                                "dvcq --version", version, "≤ 3×", 3.0,
                                note=r["warm_check"].error or "").row())
            rows.append(Verdict(f"{tag} dvcq status --period 9m, warm", r["warm_status"].fig,
                                "dvcq --version", version, "≤ 3×", 3.0,
                                note=r["warm_status"].error or "").row())
            if "check_nocache" in r:
                rows.append(Verdict(f"{tag} dvcq check --jobs 1, cold, filling the cache",
                                    r["check_j1"].fig if "check_j1" in r else NOTHING,
                                    "same, --no-cache", r["check_nocache"].fig, "≤ 1.05×",
                                    1.05).row())
                rows.append(Verdict(f"{tag} dvcq check --jobs 1 --no-cache", r[
                    "check_nocache"].fig, "(a)", r["a"].fig, "info", None).row())
        out.append(table(VERDICT_HEAD, rows))
        out.append("warm: the cache filled by the run before; 'one file changed': a comment "
                   "added to (or taken from) one 6m assessment before each run, untimed. The "
                   "cold figures of sections 3 to 6 start each run without .dvcq-cache/")

    out += ["", "8. Growth with N (median seconds; marginal cost between consecutive sizes in "
            "µs per file, or MB per 1,000 files for memory; linear = last marginal ≤ 1.5× the "
            "first; the CPU column judges the same on user + system time, which other "
            "processes on the machine disturb less)"]
    files = [files_of[n] for n in sizes]
    period_files = [n + 1 for n in sizes]

    def col(key: str) -> list[float | None]:
        return [per_size[n][key].median if key in per_size[n] else None for n in sizes]

    def cpu_col(key: str) -> list[float | None]:
        return [per_size[n][key].cpu_median if key in per_size[n] else None for n in sizes]

    def growth_row(name: str, key: str, counts: list[int]) -> list[str]:
        row = growth_cells(name, col(key), counts)
        return [*row, growth_cells(name, cpu_col(key), counts)[-1]]

    growth = [growth_row("dvcq check (default)", "check", files)]
    if caps.check_jobs:
        growth += [growth_row(f"dvcq check --jobs {j}", f"check_j{j}", files) for j in jobs]
    if caps.cache:
        growth.append(growth_row("dvcq check --jobs 1 --no-cache", "check_nocache", files))
        growth.append(growth_row("dvcq check, warm, one file changed", "warm_check", files))
    growth.append(growth_row("(a) all files", "a", files))
    if caps.cjs:
        growth.append(growth_row("(b) check-jsonschema", "b", files))
    if caps.commands["status"]:
        growth.append(growth_row("dvcq status --period 9m", "status", period_files))
    if caps.cache:
        growth.append(growth_row("dvcq status --period 9m, warm", "warm_status", period_files))
    growth.append(growth_row("(a) period files", "a_period", period_files))
    if caps.commands["report"]:
        growth.append(growth_row("dvcq report --period 9m", "report", period_files))
    growth.append(growth_row("report render and save", "render_save", period_files))
    growth.append(growth_row("report floor", "floor", period_files))
    growth.append(growth_row("python-docx add_row", "add_row", period_files))
    mem = [per_size[n][one_core_key].peak_mb for n in sizes]
    growth.append([*growth_cells(f"peak RSS {per_size[sizes[0]][one_core_key].label} (MB)",
                                 mem, files, unit="MB"), ""])
    if caps.check_jobs:
        tree = [per_size[n]["mem_default"].tree_mb for n in sizes]
        growth.append([*growth_cells("peak PSS dvcq check (default) (MB)", tree, files,
                                     unit="MB"), ""])
    out.append(table(["figure", *(f"N={n:,}" for n in sizes), "marginal", "growth",
                      "growth (CPU)"], growth))
    out += ["", f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
            f"benchmark took {time.perf_counter() - started:.0f} s"]
    text = "\n".join(out)
    print(text)
    save(text, startup, example_results, per_size, sizes, repeat, caps, lines, notes)
    return 0


class FloorResult(Result):
    info: dict[str, object]


def report_floor(n: int, ws: Path, results: dict[str, Result], caps: Capabilities,
                 repeat: int) -> dict[str, Result]:
    """The report's render and save, timed inside one process beside the annex table's floor
    (benchmarks/report_render.py, which interleaves their runs), and python-docx add_row for
    reference. When report_render.py cannot run (a dvcq without `prepare`), the floor is
    timed alone, as before, from the report dvcq wrote or a synthetic table."""
    floor_dir = WORK / "floor" / ws.name
    if floor_dir.exists():
        shutil.rmtree(floor_dir)
    floor_dir.mkdir(parents=True)
    cells, base = floor_dir / "cells.json", floor_dir / "base.docx"
    script = str(BENCH / "docx_floor.py")
    floor = FloorResult("floor")
    render_save = Result("render and save (in-process)")
    if caps.commands["report"]:
        progress(f"N = {n}: dvcq report render and save, in-process, beside the floor …")
        done = subprocess.run([PY, str(BENCH / "report_render.py"), str(ws), "--period", "9m",
                               "--repeat", str(repeat), "--floor-dir", str(floor_dir)],
                              capture_output=True, text=True, env=ENV)
        if done.returncode == 0:
            timed = json.loads(done.stdout.strip().splitlines()[-1])
            for result, key in ((render_save, "render_save"), (floor, "floor")):
                result.times, result.cpu = timed[key]["seconds"], timed[key]["cpu"]
            floor.info = {"rows": timed["rows"], "columns": timed["columns"],
                          "source": "the report's own annex, in the process that wrote it",
                          "prepare_seconds": timed["prepare_seconds"]}
            progress(f"  render and save: {render_save.median:.3f} s, floor "
                     f"{floor.median:.3f} s (medians of {repeat})")
        else:
            render_save.error = (done.stderr.strip().splitlines() or ["failed"])[-1][-300:]
            progress(f"  report_render.py: {render_save.error}")
    else:
        render_save.error = "not available yet"
    if not floor.times:
        _floor_alone(n, ws, results, floor, floor_dir, repeat)
    add = Result("python-docx add_row")
    done = subprocess.run([PY, script, "add-row", str(base), str(cells),
                           str(floor_dir / "add-row.docx")], capture_output=True, text=True,
                          env=ENV)
    if done.returncode != 0:
        add.error = done.stderr.strip()[-300:]
    else:
        timed = json.loads(done.stdout.strip().splitlines()[-1])
        add.times, add.cpu = [timed["seconds"]], [timed["cpu"]]
        progress(f"  {add.label}: {add.times[-1]:.3f} s")
    return {"floor": floor, "render_save": render_save, "add_row": add}


def _floor_alone(n: int, ws: Path, results: dict[str, Result], floor: FloorResult,
                 floor_dir: Path, repeat: int) -> None:
    cells, base = floor_dir / "cells.json", floor_dir / "base.docx"
    script = str(BENCH / "docx_floor.py")
    source = None
    report = results.get("report")
    if report is not None and report.median is not None:
        docs = sorted((p for p in ws.rglob("*.docx") if "plans" not in p.parts),
                      key=lambda p: p.stat().st_mtime)
        if docs:
            done = subprocess.run([PY, script, "extract", str(docs[-1]), str(cells), str(base)],
                                  capture_output=True, text=True, env=ENV)
            if done.returncode == 0:
                source = f"the report's own annex ({docs[-1].relative_to(ws)})"
            else:
                progress(f"could not read the annex table of {docs[-1]}: {done.stderr[-500:]}")
    if source is None:
        done = subprocess.run([PY, script, "synthetic", str(TEMPLATE),
                               str(ws / "plans" / "2024" / "9m"), str(cells), str(base)],
                              capture_output=True, text=True, check=True, env=ENV)
        source = "synthetic: one row per 9m file, in the packaged template"
    shape = json.loads(done.stdout.strip().splitlines()[-1])
    progress(f"N = {n}: report floor alone ({shape['rows']} rows) …")
    floor.info = {**shape, "source": source}
    for _index in range(repeat):
        done = subprocess.run([PY, script, "floor", str(base), str(cells),
                               str(floor_dir / "floor.docx")], capture_output=True, text=True,
                              env=ENV)
        if done.returncode != 0:
            floor.error = done.stderr.strip()[-300:]
            return
        timed = json.loads(done.stdout.strip().splitlines()[-1])
        floor.times.append(timed["seconds"])
        floor.cpu.append(timed["cpu"])
        progress(f"  floor [{len(floor.times)}/{repeat}]: {floor.times[-1]:.3f} s")


def save(text: str, startup: dict[str, Result], example: dict[str, Result],
         per_size: dict[int, dict[str, Result]], sizes: list[int], repeat: int,
         caps: Capabilities, lines: list[str], notes: list[str]) -> None:
    def dump(results: dict[str, Result]) -> dict[str, object]:
        return {key: {"label": r.label, "times": r.times, "median": r.median, "cpu": r.cpu,
                      "cpu_median": r.cpu_median, "peak_mb": r.peak_mb,
                      "tree_pss_mb": r.tree_mb, "error": r.error,
                      **({"info": r.info} if isinstance(r, FloorResult) else {})}
                for key, r in results.items()}

    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = WORK / f"results-{stamp}.json"
    path.write_text(json.dumps({
        "machine": lines, "notes": notes, "sizes": sizes, "repeat": repeat,
        "dvcq": caps.version, "startup": dump(startup), "example": dump(example),
        "sizes_results": {str(n): dump(per_size[n]) for n in sizes}, "text": text,
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    progress(f"saved {path.relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main())
