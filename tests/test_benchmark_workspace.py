"""The benchmark's generated workspace is one dvcq can work on: a plan with an error would
make status and report measure their refusal instead of their work."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from dvcq_cli.check import check_workspace
from dvcq_cli.problems import Severity

REPO = Path(__file__).resolve().parent.parent


def _generator():  # benchmarks/ is not a package
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_workspace_has_no_error(tmp_path: Path) -> None:
    info = _generator().generate(20, tmp_path)
    assert info["files"] == 61
    checked = check_workspace(tmp_path, tmp_path)
    errors = [p for p in checked.problems if p.severity == Severity.ERROR]
    assert errors == []
    # The only warnings are the 12m files' missing self-scores (the scoring period).
    warnings = {(p.path.split("/")[2], p.code) for p in checked.problems}
    assert warnings == {("12m", "scores-missing")}
    assert len(checked.problems) == 20
    year = checked.years["2024"]
    assert year.plan is not None and year.plan.scoring is not None
    assert year.plan.scoring.criteria_set is not None  # the set was copied beside the plan
