"""Where `dvcq check` (or status, report) spends its time, for whoever optimises it.

    python benchmarks/profile_check.py [--units 5000] [--top 25] [--command check]
                                       [--args "--period 9m"] [--snapshot]

Runs the command under cProfile in the generated workspace benchmarks/work/n<units> (made
by benchmarks/generate.py when missing), prints the top functions by cumulative and by own
time, then the slowest imports of `dvcq_cli.cli` (`python -X importtime`). The profile is
kept as benchmarks/work/profile-<command>-n<units>.prof for snakeviz or pstats.
"""

from __future__ import annotations

import argparse
import io
import pstats
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import run  # noqa: E402  (benchmarks/run.py: the same workspaces)


def profile(command: str, extra: list[str], units: int, seed: int, top: int) -> str:
    ws = run.workspace(units, seed)
    out = run.WORK / f"profile-{command}-n{units}.prof"
    started = time.perf_counter()
    done = subprocess.run([run.PY, "-m", "cProfile", "-o", str(out), "-m", "dvcq_cli", command,
                           *extra], cwd=ws, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, env=run.ENV)
    elapsed = time.perf_counter() - started
    text = [f"dvcq {command} {' '.join(extra)} under cProfile on {ws.relative_to(run.REPO)} "
            f"({1 + 3 * units} files): {elapsed:.1f} s wall clock, exit {done.returncode}"]
    for order in ("cumulative", "tottime"):
        buffer = io.StringIO()
        stats = pstats.Stats(str(out), stream=buffer)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        body = buffer.getvalue()
        text += ["", f"--- top {top} by {order} ---",
                 body[body.index("   ncalls"):].rstrip() if "   ncalls" in body else body]
    return "\n".join(text)


def import_times(top: int) -> str:
    for _warm_then_measure in range(2):  # the first run fills the bytecode cache
        done = subprocess.run([run.PY, "-X", "importtime", "-c", "import dvcq_cli.cli"],
                              capture_output=True, text=True, env=run.ENV)
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (.*)", line)
        if match:
            rows.append((int(match.group(2)), int(match.group(1)), match.group(3)))
    rows.sort(reverse=True)
    lines = [f"--- python -X importtime -c 'import dvcq_cli.cli': top {top} by cumulative ---",
             f"{'cumulative µs':>14} {'self µs':>9}  module"]
    lines += [f"{cum:>14} {own:>9}  {name}" for cum, own, name in rows[:top]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--command", default="check", help="dvcq command (default check)")
    parser.add_argument("--args", default="", help="more arguments, e.g. \"--period 9m\"")
    parser.add_argument("--snapshot", action="store_true",
                        help="profile the copy of dvcq_cli the last run.py measured "
                        "(benchmarks/work/snapshot) instead of the tree")
    args = parser.parse_args(argv)
    run.WORK.mkdir(exist_ok=True)
    if args.snapshot:
        if not (run.SNAPSHOT / "dvcq_cli").is_dir():
            parser.error("no benchmarks/work/snapshot yet: run benchmarks/run.py first")
        run.ENV["PYTHONPATH"] = str(run.SNAPSHOT)
        print(f"code: {run.SNAPSHOT.relative_to(run.REPO)}/dvcq_cli (the copy run.py measured)")
    print(profile(args.command, shlex.split(args.args), args.units, args.seed, args.top))
    print()
    print(import_times(15))
    return 0


if __name__ == "__main__":
    sys.exit(main())
