"""The scan's entries: a period folder's files are classified in one pass (thousands of
units), and must come out exactly as each file's path classifies it on its own."""

from __future__ import annotations

import os
from pathlib import Path

from dvcq_cli import workspace


def test_a_period_folder_scanned_in_one_pass_is_classified_as_each_path_says(
        tmp_path: Path) -> None:
    names = ["vp.yaml", "tccb.yml", ".yaml", "a.b.yaml", "z.yaml", "_bao-cao.yaml"]
    folder = tmp_path / "plans/2025/6m"
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_text("unit: x\n", encoding="utf-8")
    (folder / "d.yaml").mkdir()  # a folder named like a file: reported, not walked
    (folder / "notes.txt").write_text("", encoding="utf-8")
    (tmp_path / "plans/2025/plan.yaml").write_text("year: 2025\n", encoding="utf-8")
    for base in (tmp_path, tmp_path / "plans", tmp_path.parent):
        layout = workspace.scan(tmp_path, base)
        shown = [entry.display for entry in layout.files]
        expected = [workspace.classify(Path(entry.location), tmp_path,
                                       workspace.display_path(Path(entry.location), base))
                    for entry in layout.files]
        assert [tuple(entry) for entry in layout.files] == [
            (os.fspath(entry.location), *entry[1:]) for entry in expected]
        assert [Path(path).name for path in shown] == [
            "plan.yaml", "d.yaml", ".yaml", "_bao-cao.yaml", "a.b.yaml", "tccb.yml", "vp.yaml",
            "z.yaml"]
        # The same files in two parts, each in order: the units' and the others.
        assert layout.assessments == [e for e in layout.files if e.role == "assessment"]
        assert layout.rest == [e for e in layout.files if e.role != "assessment"]
    roles = {Path(entry.display).name: (entry.role, entry.unit)
             for entry in workspace.scan(tmp_path, tmp_path).files}
    assert roles[".yaml"] == ("other", None)
    assert roles["a.b.yaml"] == ("assessment", "a.b")
    assert roles["tccb.yml"] == ("assessment", "tccb")
    assert roles["_bao-cao.yaml"] == ("synthesis", None)


def test_a_link_in_a_period_folder_is_still_checked_for_where_it_leads(tmp_path: Path) -> None:
    folder = tmp_path / "ws/plans/2025/6m"
    folder.mkdir(parents=True)
    (folder / "vp.yaml").write_text("unit: vp\n", encoding="utf-8")
    (tmp_path / "elsewhere.yaml").write_text("unit: x\n", encoding="utf-8")
    os.symlink(tmp_path / "elsewhere.yaml", folder / "out.yaml")
    os.symlink(folder / "vp.yaml", folder / "in.yaml")
    layout = workspace.scan(tmp_path / "ws", tmp_path / "ws")
    assert [entry.display for entry in layout.files] == [
        "plans/2025/6m/in.yaml", "plans/2025/6m/vp.yaml"]
    assert [entry.display for entry in layout.outside] == ["plans/2025/6m/out.yaml"]
    assert all(entry.role == "assessment" for entry in [*layout.files, *layout.outside])


def test_a_period_folder_of_units_only_is_split_as_any_other(tmp_path: Path) -> None:
    folder = tmp_path / "plans/2025/6m"
    folder.mkdir(parents=True)
    for name in ("vp.yaml", "tccb.yaml"):
        (folder / name).write_text("unit: x\n", encoding="utf-8")
    (tmp_path / "plans/2025/plan.yaml").write_text("year: 2025\n", encoding="utf-8")
    layout = workspace.scan(tmp_path, tmp_path)
    assert [e.display for e in layout.assessments] == ["plans/2025/6m/tccb.yaml",
                                                       "plans/2025/6m/vp.yaml"]
    assert [e.display for e in layout.rest] == ["plans/2025/plan.yaml"]
    assert layout.plans() == layout.rest
