"""A unit's file saved under a name dvcq does not read (`hctc.YAML`, `kgvx.yaml.txt`).

When it is the unit's only file for the period, the unit sent its assessment and the office
must not chase it or sign a report saying it did not: `check` gives an error, `status` shows
the unit as having an unusable file, names the file and the name to give it (text, rich,
JSON), exits 1, and `report` refuses until the file is renamed. A misnamed copy beside the
unit's own file changes no figure: a warning only.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, REPO, write_tree
from typer.testing import CliRunner

from dvcq_cli.cli import app
from dvcq_cli.commands import status_command

runner = CliRunner()
REPORT = Path("reports/2024-9m-bao-cao-dan-van-chinh-quyen.docx")


@pytest.fixture
def misnamed(tmp_path: Path) -> Path:
    """The mini workspace, with ccvt's 6m assessment saved as CCVT.YAML."""
    return write_tree(tmp_path, {
        "plans/2025/plan.yaml": MINI_PLAN,
        "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
        "plans/2025/6m/tccb.yaml": MINI_ASSESSMENT.format(unit="tccb"),
        "plans/2025/6m/CCVT.YAML": MINI_ASSESSMENT.format(unit="ccvt"),
    })


def invoke(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> object:
    monkeypatch.chdir(folder)
    return runner.invoke(app, list(args))


def test_check_reports_an_error(misnamed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(misnamed, monkeypatch, "check")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stdout.splitlines()[0] == (  # type: ignore[attr-defined]
        "plans/2025/6m/CCVT.YAML: error: this file is not read, so unit ccvt has no usable "
        "assessment for this period: its name ends in '.YAML': dvcq reads '.yaml' and "
        "'.yml' in lower case only. Rename it to ccvt.yaml (file-misnamed)")


def test_status_names_the_file_and_the_name_to_give_it(misnamed: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(misnamed, monkeypatch, "status", "-p", "6m", "--format", "text")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    lines = result.stdout.splitlines()  # type: ignore[attr-defined]
    assert "Chi cục Văn thư – Lưu trữ  file has errors  —" in lines
    assert "not submitted" not in result.stdout  # type: ignore[attr-defined]
    assert lines[-2:] == [
        "Left out (files with errors; run 'dvcq check' to see them):",
        "- plans/2025/6m/CCVT.YAML: not read because of its name; rename it to ccvt.yaml"]


def test_status_json_and_rich(misnamed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(misnamed, monkeypatch, "status", "-p", "6m", "--format", "json")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    document = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert document["left_out"] == [{"path": "plans/2025/6m/CCVT.YAML", "errors": 1,
                                     "warnings": 0, "rename_to": "ccvt.yaml"}]
    assert [unit["state"] for unit in document["units"] if unit["id"] == "ccvt"] == ["rejected"]
    rich = status_command.render(status_command.gather(misnamed, "6m"), "rich")
    assert ("- plans/2025/6m/CCVT.YAML: not read because of its name; rename it to ccvt.yaml"
            in rich)


def test_status_in_vietnamese(misnamed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(misnamed, monkeypatch, "--lang", "vi", "status", "-p", "6m", "--format",
                    "text")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stdout.splitlines()[-1] == (  # type: ignore[attr-defined]
        "- plans/2025/6m/CCVT.YAML: không được đọc vì sai tên tệp; hãy đổi tên thành "
        "ccvt.yaml")


def test_a_misnamed_copy_beside_the_units_file_is_a_warning(
        misnamed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(misnamed, {"plans/2025/6m/ccvt.yaml": MINI_ASSESSMENT.format(unit="ccvt")})
    result = invoke(misnamed, monkeypatch, "status", "-p", "6m", "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    document = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert document["left_out"] == []
    assert [unit["state"] for unit in document["units"] if unit["id"] == "ccvt"] == [
        "submitted"]
    check = invoke(misnamed, monkeypatch, "check")
    assert check.exit_code == 0  # type: ignore[attr-defined]
    assert "warning: this file is not read" in check.stdout  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["hctc.YAML", "hctc.yaml.txt"])
def test_the_report_refuses_until_the_file_is_renamed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The report would say Phòng Hành chính – Tổ chức did not submit and a target is not
    met, for a unit whose file is there: a clerk would sign a false statement. Renaming takes
    seconds, and a report made with the file left as it is is wrong whatever the file is, so
    there is no option to make it anyway."""
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    folder = tmp_path / "plans/2024/9m"
    (folder / "hctc.yaml").rename(folder / name)
    result = invoke(tmp_path, monkeypatch, "report", "-p", "9m")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert (f"plans/2024/9m/{name}: error: this file is not read, so unit hctc has no usable "
            "assessment for this period") in result.output  # type: ignore[attr-defined]
    assert "Rename it to hctc.yaml (file-misnamed)" in result.output  # type: ignore[attr-defined]
    assert "dvcq check found errors, so no report was written" in result.output  # type: ignore[attr-defined]
    assert not (tmp_path / REPORT).exists()
    (folder / name).rename(folder / "hctc.yaml")
    result = invoke(tmp_path, monkeypatch, "report", "-p", "9m")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert (tmp_path / REPORT).is_file()
