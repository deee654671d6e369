"""Checking in several processes gives exactly what checking in one gives."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, write_tree
from typer.testing import CliRunner

from dvcq_cli import parallel
from dvcq_cli.check import Settings, check_workspace
from dvcq_cli.cli import app
from dvcq_cli.schema import NO_WHERE


def workspace(root: Path, units: int) -> Path:
    """A plan with `units` units, each with a 6m assessment; every seventh one is broken."""
    plan = MINI_PLAN.replace(
        "  - {id: ccvt, name: Chi cục Văn thư – Lưu trữ}\n",
        "".join(f"  - {{id: u{n:03d}, name: Đơn vị {n}}}\n" for n in range(units)))
    files: dict[str, str | bytes] = {"plans/2025/plan.yaml": plan}
    for n in range(units):
        text = MINI_ASSESSMENT.format(unit=f"u{n:03d}")
        if n % 7 == 0:
            text = text.replace("qcdc: tot", "qcdc: tott")
        if n % 11 == 0:
            text = text.replace("2025-03-04", "2025-07-04")
        files[f"plans/2025/6m/u{n:03d}.yaml"] = text
    files["plans/2025/6m/u001.yml"] = MINI_ASSESSMENT.format(unit="u001")  # a duplicate
    return write_tree(root, files)


@pytest.mark.parametrize("keep_models", [True, False])
def test_two_processes_give_the_same_result_as_one(tmp_path: Path, keep_models: bool) -> None:
    root = workspace(tmp_path, 60)
    one = check_workspace(root, root, Settings(jobs=1, keep_models=keep_models))
    two = check_workspace(root, root, Settings(jobs=2, keep_models=keep_models))
    assert two.problems == one.problems
    assert len(one.problems) == 9 + 6 + 1  # 9 wrong choices, 6 dates outside, 1 duplicate
    for result in (one, two):
        year = result.years["2025"]
        assert set(year.rejected["6m"]) == {f"u{n:03d}" for n in range(0, 60, 7)}
        assert len(year.sources["6m"]) == 60 - 9
        assert len(year.assessments.get("6m", {})) == (60 - 9 if keep_models else 0)
    if keep_models:
        # The models come back from the other processes without positions (schema.Where):
        # everything else is equal.
        kept = one.years["2025"].assessments["6m"]
        sent = pickle.loads(pickle.dumps(kept))  # noqa: S301 - our own data
        assert two.years["2025"].assessments["6m"] == sent
        assert sent["u001"].where == NO_WHERE != kept["u001"].where


def test_the_cli_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = workspace(tmp_path, 30)
    monkeypatch.chdir(root)
    runner = CliRunner()
    serial = runner.invoke(app, ["check", "--jobs", "1"])
    assert serial.exit_code == 1
    assert runner.invoke(app, ["check", "--jobs", "2"]).output == serial.output
    assert runner.invoke(app, ["check", "-j", "0"]).output == serial.output
    assert runner.invoke(app, ["check", "--jobs", "-1"]).exit_code == 2


@pytest.mark.parametrize(("requested", "items", "expected"), [
    (1, 10_000, 1),                      # asked for one
    (4, 3, 3),                           # never more processes than files
    (2, 2, 2),
    (0, parallel.PARALLEL_FROM - 1, 1),  # auto: too few files to pay
    (5, 1, 1),
])
def test_job_count(requested: int, items: int, expected: int) -> None:
    assert parallel.job_count(requested, items) == expected


def test_auto_uses_the_cores_from_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert parallel.job_count(0, parallel.PARALLEL_FROM) == 3


def test_no_fork_means_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(parallel.os, "fork")
    assert parallel.job_count(4, 1000) == 1
    assert parallel.map_over(str, [1, 2, 3], jobs=4) == ["1", "2", "3"]


def test_results_come_back_in_order_from_every_process() -> None:
    items = list(range(1000))
    results = parallel.map_over(lambda n: (n, os.getpid()), items, jobs=3)
    assert [n for n, _pid in results] == items
    assert len({pid for _n, pid in results}) == 3
    assert os.getpid() not in {pid for _n, pid in results}


def test_a_failing_worker_is_reported_and_no_child_is_left() -> None:
    def work(n: int) -> int:
        if n == 700:
            raise ValueError("bad item 700")
        return n

    with pytest.raises(parallel.WorkerFailed, match="ValueError: bad item 700"):
        parallel.map_over(work, list(range(1000)), jobs=2)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every child has been reaped


STOP_WHILE_COLLECTING = r"""
import signal, sys, time
from dvcq_cli import parallel

class Stop(Exception):
    pass

def stop(signum, frame):
    raise Stop()

def work(item):
    if item == 0:
        time.sleep(3)  # the first child is still at work when the parent is stopped
        open(sys.argv[1], "w").close()
    return "x" * 300_000  # more than a pipe holds: writing it waits for a reader

signal.signal(signal.SIGALRM, stop)
signal.setitimer(signal.ITIMER_REAL, 0.3)
try:
    parallel.map_over(work, [0, 1], jobs=2)
except Stop:
    print("stopped")
"""


def test_stopped_while_collecting_ends_at_once_and_leaves_no_child(tmp_path: Path) -> None:
    # The parent is stopped while it waits for the first child. It must not wait for that
    # child's work, and no child may stay blocked on a pipe that another child holds open
    # (before the fix: the parent waited for the first child, which waited forever for
    # the second one to close its copy of the first pipe).
    finished = tmp_path / "first-child-finished"
    done = subprocess.run([sys.executable, "-c", STOP_WHILE_COLLECTING, str(finished)],
                          capture_output=True, text=True, timeout=30, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "stopped\n", "")
    time.sleep(3.5)  # the first child would have finished by now, had it not been stopped
    assert not finished.exists()
