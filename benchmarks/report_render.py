"""`dvcq report`'s render and save, timed inside one process, beside the floor.

    python benchmarks/report_render.py WORKSPACE [--period 9m] [--repeat 5]
                                       [--floor-dir DIR] [--profile FILE.prof] [--top 25]

Checks the workspace and computes the period once, exactly as `dvcq report` does
(`report_command.prepare`), then times `--repeat` runs of what the command does once the
data is ready: fill the Word template and write the file atomically
(`report_command.write_report`, i.e. `render.render` + `atomic.write_bytes`). Imports happen
before any clock starts, as in docx_floor.py.

With `--floor-dir DIR`, the first report written is cut up as `docx_floor.py extract` does
(DIR/cells.json, DIR/base.docx) and the floor (the same annex table written straight into
document.xml) is timed in this same process, its runs interleaved with the report's, so that
both sides see the same load. The report goes to DIR/report.docx (else a temporary folder).

With `--profile FILE`, one more render and save runs under cProfile: the profile is saved to
FILE and its top entries (cumulative, then own time) go to stderr.

Prints one JSON line: the seconds (wall clock and CPU) of every run of each side, their
medians, the floor ratio, the annex table's shape and how long checking the workspace took.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import docx_floor  # noqa: E402  (benchmarks/docx_floor.py, next to this file)


def timed(step) -> tuple[float, float]:  # noqa: ANN001 - any callable without arguments
    started, cpu = time.perf_counter(), time.process_time()
    step()
    return time.perf_counter() - started, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--period", default="9m")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--floor-dir", type=Path, default=None)
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)

    import docx  # noqa: F401 - everything the render imports, before any clock
    import docxtpl  # noqa: F401
    import jinja2.sandbox  # noqa: F401
    import lxml.etree  # noqa: F401

    from dvcq_cli import render  # noqa: F401
    from dvcq_cli.commands import report_command

    folder = args.floor_dir or Path(tempfile.mkdtemp(prefix="dvcq-report-render-"))
    folder.mkdir(parents=True, exist_ok=True)
    output = folder / "report.docx"
    workspace = args.workspace.resolve()
    started = time.perf_counter()
    prepared = report_command.prepare(workspace, args.period, output=output)
    prepare_seconds = time.perf_counter() - started
    if isinstance(prepared, report_command.ReportOutcome):
        print(prepared.problems_text or "the report was not written", file=sys.stderr)
        return 1

    def render_and_save() -> None:
        report_command.write_report(prepared)

    runs: dict[str, list[tuple[float, float]]] = {"render_save": [timed(render_and_save)]}
    floor = None
    if args.floor_dir is not None:
        cells_path, base = folder / "cells.json", folder / "base.docx"
        shape = docx_floor.extract_table(output, cells_path, base)
        cells, fmt = docx_floor.load_floor(base, cells_path)
        floor_out = folder / "floor.docx"
        floor = lambda: docx_floor.time_floor(base, cells, fmt, floor_out)  # noqa: E731
        runs["floor"] = [floor()]
    else:
        shape = {}
    for index in range(1, args.repeat):
        steps = [("render_save", lambda: timed(render_and_save))]
        if floor is not None:
            steps.append(("floor", floor))
        if index % 2:
            steps.reverse()
        for key, step in steps:
            runs[key].append(step())

    if args.profile is not None:
        profiler = cProfile.Profile()
        profiler.runcall(render_and_save)
        profiler.dump_stats(str(args.profile))
        for order in ("cumulative", "tottime"):
            text = io.StringIO()
            pstats.Stats(str(args.profile), stream=text).sort_stats(order).print_stats(args.top)
            print(text.getvalue(), file=sys.stderr)

    result: dict[str, object] = {"workspace": str(args.workspace), "period": args.period,
                                 "prepare_seconds": prepare_seconds,
                                 "annex_rows": len(prepared.context.get("annex_rows", [])),
                                 "report": str(output), "bytes": output.stat().st_size, **shape}
    for key, values in runs.items():
        result[key] = {"seconds": [wall for wall, _cpu in values],
                       "cpu": [cpu for _wall, cpu in values],
                       "median": statistics.median(wall for wall, _cpu in values),
                       "cpu_median": statistics.median(cpu for _wall, cpu in values)}
    if "floor" in runs:
        result["ratio"] = result["render_save"]["median"] / result["floor"]["median"]  # type: ignore[index]
        result["cpu_ratio"] = (result["render_save"]["cpu_median"]  # type: ignore[index]
                               / result["floor"]["cpu_median"])  # type: ignore[index]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
