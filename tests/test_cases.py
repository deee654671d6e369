"""Whole workspaces in tests/cases/<name>/: the exact output and exit code of `dvcq check`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import snapshot_files
from typer.testing import CliRunner

from dvcq_cli.cli import app

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "workspace").is_dir())


@pytest.mark.parametrize("name", NAMES)
def test_case(name: str, tmp_path: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    case = CASES / name
    workspace = tmp_path / "workspace"
    shutil.copytree(case / "workspace", workspace)
    before = snapshot_files(workspace)
    in_folder(workspace)
    result = CliRunner().invoke(app, ["check"])
    assert result.output == (case / "expected.txt").read_text(encoding="utf-8")
    assert result.exit_code == int((case / "expected-exit").read_text())
    assert snapshot_files(workspace) == before


def test_there_are_cases() -> None:
    assert {"clean", "one-broken-file", "broken-plan"} <= set(NAMES)
