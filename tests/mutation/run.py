"""Mutation testing of dvcq's core: change one operator or constant, run the tests that cover it.

On demand, never in CI (it takes tens of minutes). From the repository's root:

    .venv/bin/python tests/mutation/run.py periods            # one area
    .venv/bin/python tests/mutation/run.py --list             # the areas and their tests
    .venv/bin/python tests/mutation/run.py scalars --jobs 2   # two mutants at a time

Each area names the code it mutates (a module, or some functions of it) and the test files
that cover that code; a mutant is run against those files only, with `pytest -x`, and is
*killed* when a test fails (or the run exceeds its time limit: a hang is a failure too).
Mutants that survive are listed with their line and change; each is then either killed by a
new test or written down with the reason it is equivalent in `tests/mutation/equivalent.md`,
whose entries (`module:line: before -> after`) the score counts apart.

Why not mutmut: mutmut 3 records which tests reach which function inside the pytest process,
so code that runs only in the `dvcq` subprocesses much of the suite launches (the report, the
loader, the CLI) counts as untested, and its first step runs the whole suite. Here each mutant
is a real copy of the package on PYTHONPATH, which the subprocesses import too.

The mutations, one at a time, each a change a slip of the keyboard could make:
comparisons (`<` `<=` `>` `>=` `==` `!=` `in` `not in` `is` `is not` to their neighbours),
arithmetic (`+` `-`, `*` `/`, `//` `/`, `%` `//`), `and` `or`, a dropped `not`, a dropped
unary minus, numbers (n to n+1, 0 to 1, 1 to 0), booleans, `None` in a return, strings (one
character more; empty strings to "X"), `break` and `continue` swapped.
Docstrings, type annotations and f-string internals are left alone.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "dvcq_cli"
RESULTS = REPO / "build" / "mutation"
EQUIVALENT = Path(__file__).with_name("equivalent.md")


@dataclasses.dataclass(frozen=True)
class Area:
    """Code to mutate and the tests that cover it."""
    files: tuple[str, ...]          # paths under dvcq_cli/
    tests: tuple[str, ...]          # the direct, fast test files: every mutant runs them
    more_tests: tuple[str, ...] = ()  # slower ones, run on the mutants the first let through
    functions: tuple[str, ...] = ()  # only these functions or classes (all when empty)


AREAS: dict[str, Area] = {
    "attain": Area(
        files=("attain.py", "conditions.py"),
        tests=("tests/test_attain.py", "tests/test_periods.py"),
        # The scores, grades and model records a condition can test (conditions.py's
        # `_scored` and `_models`, attain.py's `unit_facts` and `_models`) are exercised by
        # the scoring tests; they come first among the slower ones, being the fastest.
        more_tests=("tests/test_scoring.py", "tests/test_report_scoring.py",
                    "tests/test_report_year_end.py", "tests/test_target_matrix.py",
                    "tests/test_rules_targets.py", "tests/test_quarterly_case.py",
                    "tests/test_status_cli.py", "tests/test_report.py")),
    "periods": Area(
        files=("periods.py",),
        tests=("tests/test_periods.py",),
        more_tests=("tests/test_attain.py", "tests/test_rules.py")),
    "scalars": Area(
        files=("scalars.py",),
        tests=("tests/test_scalars.py",),
        more_tests=("tests/test_rules.py", "tests/test_cli_check.py",
                    "tests/test_bad_inputs.py")),
    "loader-keys": Area(
        files=("loader.py",),
        functions=("_check_dialect", "_plainly_usable", "_usable_pairs"),
        tests=("tests/test_rules.py", "tests/test_cli_check.py"),
        more_tests=("tests/test_bad_inputs.py", "tests/test_limits.py")),
    "formatting": Area(
        files=("vietnamese.py",),
        functions=("_day_month", "format_date", "format_place_date", "format_date_short",
                   "_exact", "_group_thousands", "_format_decimal", "format_percent",
                   "format_number", "nfc", "sort_key", "_cluster_key", "_weights",
                   "_letter_identity", "_clusters", "person_sort_key"),
        tests=("tests/test_vietnamese.py",),
        more_tests=("tests/test_report.py",)),
    "scoring": Area(
        files=("scoring.py", "rules/criteria.py", "rules/scores.py"),
        tests=("tests/test_scoring.py", "tests/test_scoring_rules.py"),
        more_tests=("tests/test_report_scoring.py",)),
    # The figures every report writes and the target table's rows: the helpers least
    # likely to move while the report's other parts are rewritten (the annex, the task
    # sentences and the indicator values are not in the area).
    "report-figures": Area(
        files=("report/text.py", "report/targets.py"),
        functions=("count_text", "fraction_text", "number_text", "short_date", "rate_text",
                   "plan_text", "target_rows", "result_text", "verdict"),
        tests=("tests/test_report.py",),
        more_tests=("tests/test_figures.py", "tests/test_quarterly_case.py",
                    "tests/test_render.py", "tests/test_report_cli.py")),
}

_COMPARE_SWAPS: dict[type, tuple[type, ...]] = {
    ast.Lt: (ast.LtE, ast.Gt), ast.LtE: (ast.Lt, ast.GtE), ast.Gt: (ast.GtE, ast.Lt),
    ast.GtE: (ast.Gt, ast.LtE), ast.Eq: (ast.NotEq,), ast.NotEq: (ast.Eq,),
    ast.In: (ast.NotIn,), ast.NotIn: (ast.In,), ast.Is: (ast.IsNot,), ast.IsNot: (ast.Is,),
}
_BINOP_SWAPS: dict[type, type] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div, ast.Mod: ast.FloorDiv,
}


@dataclasses.dataclass(frozen=True)
class Mutant:
    file: str        # under dvcq_cli/
    line: int
    start: int       # character offsets of the replaced text in the file
    end: int
    before: str
    after: str
    nth: int = 1     # the same change made elsewhere on the same line: #2, #3 ...

    @property
    def key(self) -> str:
        again = f" #{self.nth}" if self.nth > 1 else ""
        return f"{self.file}:{self.line}: {self.before} -> {self.after}{again}"


def _offsets(source: str) -> list[int]:
    starts, total = [0], 0
    for line in source.splitlines(keepends=True):
        total += len(line)
        starts.append(total)
    return starts


def _skipped_nodes(tree: ast.AST) -> set[int]:
    """ids of nodes never mutated: docstrings, annotations and f-string internals."""
    skipped: set[int] = set()

    def skip(node: ast.AST | None) -> None:
        if node is not None:
            skipped.update(id(child) for child in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                skip(body[0])
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            skip(node.returns)
            for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs,
                        node.args.vararg, node.args.kwarg):
                if arg is not None:
                    skip(arg.annotation)
        elif isinstance(node, ast.AnnAssign):
            skip(node.annotation)
        elif isinstance(node, ast.JoinedStr):
            skipped.update(id(child) for child in ast.walk(node) if child is not node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in {"TypeVar", "cast"}:
            skip(node)
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
                and node.value.id == "Literal":  # a type: its strings are never values
            skip(node)
        elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            skip(node)
    return skipped


def _scopes(tree: ast.Module, wanted: tuple[str, ...]) -> list[ast.AST]:
    """The named functions and classes of one file (an area's may be spread over files)."""
    if not wanted:
        return [tree]
    return [node for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in wanted]


def _check_functions(area: Area) -> None:
    """Every function an area names is in one of its files."""
    found: set[str] = set()
    for file in area.files:
        tree = ast.parse((REPO / PACKAGE / file).read_text(encoding="utf-8"))
        found |= {node.name for node in _scopes(tree, area.functions)
                  if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    missing = set(area.functions) - found
    if missing:
        raise SystemExit(f"not found: {', '.join(sorted(missing))}")


def _variants(node: ast.AST) -> list[ast.AST]:
    """The mutated copies of one node (only the node itself changes)."""
    out: list[ast.AST] = []

    def copy(**changes: object) -> ast.AST:
        clone = ast.parse(ast.unparse(node), mode="eval").body
        for name, value in changes.items():
            setattr(clone, name, value)
        return clone

    if isinstance(node, ast.Compare):
        for index, op in enumerate(node.ops):
            for swap in _COMPARE_SWAPS.get(type(op), ()):
                ops = list(node.ops)
                ops[index] = swap()
                out.append(copy(ops=ops))
    elif isinstance(node, ast.BinOp) and type(node.op) in _BINOP_SWAPS:
        out.append(copy(op=_BINOP_SWAPS[type(node.op)]()))
    elif isinstance(node, ast.BoolOp):
        out.append(copy(op=ast.Or() if isinstance(node.op, ast.And) else ast.And()))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
        out.append(node.operand)
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            out.append(ast.Constant(not value))
        elif isinstance(value, int):
            out.append(ast.Constant(value + 1))
            if value in (0, 1):
                out.append(ast.Constant(1 - value))
        elif isinstance(value, str):
            out.append(ast.Constant(value + "X" if value else "X"))
        elif value is None:
            pass
    return out


def mutants_of(file: str, functions: tuple[str, ...]) -> list[Mutant]:
    source = (REPO / PACKAGE / file).read_text(encoding="utf-8")
    tree = ast.parse(source)
    skipped = _skipped_nodes(tree)
    offsets = _offsets(source)
    found: dict[tuple[int, int, str], Mutant] = {}
    for scope in _scopes(tree, functions):
        for node in ast.walk(scope):
            if id(node) in skipped or not hasattr(node, "end_col_offset"):
                continue
            start = offsets[node.lineno - 1] + node.col_offset
            end = offsets[node.end_lineno - 1] + node.end_col_offset
            before = source[start:end]
            variants: list[tuple[int, int, str]] = []
            for variant in _variants(node):
                variants.append((start, end, f"({ast.unparse(variant)})"))
            if isinstance(node, ast.Return) and node.value is not None \
                    and not (isinstance(node.value, ast.Constant) and node.value.value is None):
                vstart = offsets[node.value.lineno - 1] + node.value.col_offset
                variants.append((vstart, end, "None"))
            if isinstance(node, (ast.Break, ast.Continue)):
                variants.append((start, end, "continue" if isinstance(node, ast.Break)
                                 else "break"))
            for vstart, vend, text in variants:
                mutated = source[:vstart] + text + source[vend:]
                try:
                    compile(mutated, file, "exec")
                except SyntaxError:
                    continue
                old = " ".join(source[vstart:vend].split())
                found.setdefault((vstart, vend, text), Mutant(
                    file, node.lineno, vstart, vend, old, " ".join(text.split())))
            del before
    ordered = sorted(found.values(), key=lambda m: (m.start, m.after))
    seen: dict[str, int] = {}
    numbered = []
    for mutant in ordered:
        seen[mutant.key] = seen.get(mutant.key, 0) + 1
        numbered.append(dataclasses.replace(mutant, nth=seen[mutant.key]))
    return numbered


class Sandbox:
    """A copy of the package in a temporary folder; PYTHONPATH puts it before the install."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="dvcq-mutation-"))
        shutil.copytree(REPO / PACKAGE, self.root / PACKAGE,
                        ignore=shutil.ignore_patterns("__pycache__"))
        # PYTHONSAFEPATH: `python -m` would otherwise put the working folder (the repository,
        # with the unmutated package) first on the path, in pytest and in its subprocesses.
        self.env = dict(os.environ, PYTHONPATH=str(self.root), PYTHONSAFEPATH="1",
                        PYTHONDONTWRITEBYTECODE="1")
        self.env.pop("CI", None)
        probe = f"import {PACKAGE}; print({PACKAGE}.__file__)"
        used = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=self.env,
                              capture_output=True, text=True).stdout
        if not used.startswith(str(self.root)):
            raise SystemExit(f"the copy is not the package imported: {used}")

    def run(self, mutant: Mutant | None, tests: tuple[str, ...], timeout: float,
            ) -> tuple[str, float, str]:
        target = self.root / PACKAGE / mutant.file if mutant else None
        original = target.read_text(encoding="utf-8") if target else ""
        if mutant and target:
            target.write_text(original[:mutant.start] + mutant.after + original[mutant.end:],
                              encoding="utf-8")
        began = time.monotonic()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                 *tests],
                cwd=REPO, env=self.env, capture_output=True, text=True, timeout=timeout)
            status = "survived" if done.returncode == 0 else "killed"
            tail = done.stdout.strip().splitlines()
            failed = next((line for line in tail if line.startswith("FAILED")), tail[-1:] or [""])
            detail = failed if isinstance(failed, str) else failed[0]
        except subprocess.TimeoutExpired:
            status, detail = "killed", "timeout"
        finally:
            if target:
                target.write_text(original, encoding="utf-8")
        return status, time.monotonic() - began, detail

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def equivalent_keys() -> set[str]:
    if not EQUIVALENT.exists():
        return set()
    keys = set()
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        if line.startswith("- `") and "`" in line[3:]:
            keys.add(line[3:line.index("`", 3)])
    return keys


def _source_hash(file: str) -> str:
    return hashlib.sha256((REPO / PACKAGE / file).read_bytes()).hexdigest()[:16]


def _earlier_kills(name: str) -> dict[str, dict[str, object]]:
    """Kills recorded by earlier runs of the area, on the same source: a test added since
    cannot bring a killed mutant back, so only the survivors need running again."""
    log = RESULTS / f"{name}.jsonl"
    if not log.exists():
        return {}
    kills = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["status"] == "killed":
            kills[f"{record['source']}:{record['key']}"] = record
    return kills


def run_area(name: str, jobs: int, limit: int | None, fresh: bool) -> dict[str, object]:
    area = AREAS[name]
    for test in (*area.tests, *area.more_tests):
        if not (REPO / test).exists():
            raise SystemExit(f"{name}: no test file {test}")
    _check_functions(area)
    mutants = [m for file in area.files for m in mutants_of(file, area.functions)]
    if limit:
        mutants = mutants[:limit]
    hashes = {file: _source_hash(file) for file in area.files}
    equivalent = equivalent_keys()
    earlier = {} if fresh else _earlier_kills(name)
    RESULTS.mkdir(parents=True, exist_ok=True)
    log = (RESULTS / f"{name}.jsonl").open("w" if fresh else "a", encoding="utf-8")
    sandboxes = [Sandbox() for _ in range(jobs)]
    try:
        status, baseline, detail = sandboxes[0].run(
            None, (*area.tests, *area.more_tests), timeout=3600)
        if status != "survived":
            raise SystemExit(f"{name}: the tests fail without any mutation: {detail}")
        timeout = baseline * 3 + 30
        print(f"{name}: {len(mutants)} mutants, tests take {baseline:.0f} s unmutated",
              flush=True)
        free = list(sandboxes)
        results: list[dict[str, object]] = []

        def one(mutant: Mutant) -> dict[str, object]:
            source = hashes[mutant.file]
            known = earlier.get(f"{source}:{mutant.key}")
            if known is not None:
                return {**known, "seconds": 0.0}
            if mutant.key in equivalent and not fresh:
                return {"key": mutant.key, "status": "survived", "seconds": 0.0,
                        "detail": "equivalent (not run)", "source": source}
            sandbox = free.pop()
            try:
                # The direct tests first; the slower ones only for what they let through.
                state, seconds, why = sandbox.run(mutant, area.tests, timeout)
                if state == "survived" and area.more_tests:
                    state, more, why = sandbox.run(mutant, area.more_tests, timeout)
                    seconds += more
            finally:
                free.append(sandbox)
            record = {"key": mutant.key, "status": state, "seconds": round(seconds, 1),
                      "detail": why, "source": source}
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
            log.flush()
            return record

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for number, result in enumerate(pool.map(one, mutants), 1):
                results.append(result)
                print(f"[{number}/{len(mutants)}] {result['status']:8} "
                      f"{result['seconds']:5.0f} s  {result['key']}", flush=True)
    finally:
        log.close()
        for sandbox in sandboxes:
            sandbox.close()
    survivors = [r["key"] for r in results if r["status"] == "survived"]
    counted = [r for r in results if r["key"] not in equivalent]
    killed = sum(1 for r in counted if r["status"] == "killed")
    summary = {
        "area": name, "mutants": len(results), "killed": killed,
        "equivalent": len(results) - len(counted),
        "survived": [key for key in survivors if key not in equivalent],
        "score": round(100 * killed / len(counted), 1) if counted else 100.0,
        "results": results,
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1),
                                          encoding="utf-8")
    return summary


def main() -> int:
    # Stopped with SIGTERM: leave through the finally clauses, which delete the copies.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("areas", nargs="*", help=f"one or more of: {', '.join(AREAS)}")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at the same time")
    parser.add_argument("--limit", type=int, help="only the first N mutants (a quick try)")
    parser.add_argument("--list", action="store_true", help="the areas, their code and tests")
    parser.add_argument("--fresh", action="store_true",
                        help="run every mutant again, forgetting the kills of earlier runs and "
                             "running the mutants written down as equivalent too")
    parser.add_argument("--summary", action="store_true",
                        help="the table of the last results of every area (for the README)")
    options = parser.parse_args()
    if options.summary:
        print("| area | code | mutants | killed | equivalent | survived | score |")
        print("|---|---|---|---|---|---|---|")
        for name, area in AREAS.items():
            found = RESULTS / f"{name}.json"
            if not found.exists():
                print(f"| {name} | {', '.join(area.files)} | not run | | | | |")
                continue
            result = json.loads(found.read_text(encoding="utf-8"))
            print(f"| {name} | {', '.join(area.files)} | {result['mutants']} | "
                  f"{result['killed']} | {result['equivalent']} | {len(result['survived'])} | "
                  f"{result['score']}% |")
        return 0
    if options.list or not options.areas:
        for name, area in AREAS.items():
            _check_functions(area)
            count = sum(len(mutants_of(f, area.functions)) for f in area.files)
            print(f"{name}: {count} mutants in {', '.join(area.files)}"
                  f"{' (' + ', '.join(area.functions) + ')' if area.functions else ''}"
                  f"\n    tests: {' '.join(area.tests)}")
        return 0
    for name in options.areas:
        if name not in AREAS:
            parser.error(f"unknown area {name!r}")
    worst = 0
    for name in options.areas:
        summary = run_area(name, options.jobs, options.limit, options.fresh)
        print(f"{name}: {summary['killed']} of {summary['mutants'] - summary['equivalent']} "
              f"killed ({summary['score']}%), {summary['equivalent']} equivalent")
        for key in summary["survived"]:
            print(f"  survived: {key}")
        worst = max(worst, 1 if summary["survived"] else 0)
    return worst


if __name__ == "__main__":
    sys.exit(main())
