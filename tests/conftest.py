"""Shared fixtures: small workspaces written into a temporary folder."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Help texts are translated when the CLI module is imported, which happens while tests are
# collected: fix the language before that, so the suite runs the same on every machine.
os.environ["DVCQ_LANG"] = "en"
# The key that authenticates workspace caches (dvcq_cli/cache.py) is made in the user's cache
# folder: the suite makes its own, never touching the real one.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="dvcq-tests-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)

from dvcq_cli.cache import CACHE_DIR  # noqa: E402
from dvcq_cli.i18n import set_language  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_PLANS = REPO / "plans"

# A small plan from another office: other units, indicators, targets and periods than plan
# 294, so that tests prove nothing about plan 294 is built into the tool.
MINI_PLAN = """\
year: 2025
document:
  type: KH
  number: 12
  code: KH-SNV
  date: 2025-01-20
  place: Bình Phước
  parent: UBND TỈNH BÌNH PHƯỚC
  issuer: SỞ NỘI VỤ
  issuer_name: Sở Nội vụ
  title: Thực hiện công tác Dân vận chính quyền năm 2025
basis: []
purposes:
  - Nâng cao chất lượng công tác dân vận.
targets:
  - id: dvk
    text: 75% phòng đạt tiêu chí “Dân vận khéo”
    short: Dân vận khéo
    measure:
      share_of_units: {indicator: dan_van_kheo, equals: true}
    at_least: 75%
  - id: tot
    text: Trên 50% phòng thực hiện tốt quy chế dân chủ
    short: QCDC tốt
    measure:
      share_of_units: {indicator: qcdc, equals: tot}
    more_than: 50%
tasks:
  - id: "1"
    title: Tuyên truyền, phổ biến
  - id: "2"
    title: Thực hiện quy chế dân chủ
    points:
      - id: "2.a"
        text: Công khai tài chính
report:
  prepared_by: vp
  recipient: UBND tỉnh
  code: BC-SNV
  subject: Kết quả thực hiện công tác Dân vận chính quyền
  signer: {mark: KT., title: GIÁM ĐỐC, deputy_title: PHÓ GIÁM ĐỐC, name: Lê Văn Hùng}
periods:
  6m: {label: 6 tháng đầu năm 2025}
  q3: {label: quý III năm 2025, from: 2025-06-15, to: 2025-09-14}
units:
  - {id: vp, name: Văn phòng Sở}
  - {id: tccb, name: Phòng Tổ chức cán bộ}
  - {id: ccvt, name: Chi cục Văn thư – Lưu trữ}
indicators:
  dan_van_kheo: {type: bool, label: Đạt “Dân vận khéo”}
  qcdc:
    type: choice
    label: Thực hiện quy chế dân chủ
    choices: {tot: Tốt, kha: Khá, yeu: Yếu}
activity_kinds:
  hoi_nghi: Hội nghị
"""

MINI_ASSESSMENT = """\
unit: {unit}
period: 6m
submitted: 2025-06-10
indicators:
  dan_van_kheo: true
  qcdc: tot
activities:
  - task: "2.a"
    date: 2025-03-04
    text: Công khai dự toán ngân sách năm 2025
"""


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _fail_a_skip(report: pytest.CollectReport | pytest.TestReport) -> None:
    """Under CI=true a skip is a failure: a CI machine has every program the tests need
    (.ci/run installs them), so a test that does not run there hides a defect."""
    if _in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, where nothing may be skipped: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    _fail_a_skip(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):  # type: ignore[no-untyped-def]
    outcome = yield
    _fail_a_skip(outcome.get_result())


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read English messages unless they choose a language themselves."""
    monkeypatch.setenv("DVCQ_LANG", "en")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    set_language("en")


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


@pytest.fixture
def mini_workspace(tmp_path: Path) -> Path:
    """A valid three-unit workspace: plan 2025, assessments of vp and tccb for 6m."""
    return write_tree(tmp_path, {
        "plans/2025/plan.yaml": MINI_PLAN,
        "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
        "plans/2025/6m/tccb.yaml": MINI_ASSESSMENT.format(unit="tccb"),
    })


@pytest.fixture
def in_folder(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def change(folder: Path) -> Path:
        monkeypatch.chdir(folder)
        return folder
    return change


def snapshot_files(root: Path) -> dict[str, tuple[bytes, float]]:
    """Every file's bytes and mtime, to prove a command modified nothing. The workspace's
    cache (.dvcq-cache/, which check, status and report fill) is not an input: left out."""
    result = {}
    for folder, dirs, files in os.walk(root):
        if CACHE_DIR in dirs:
            dirs.remove(CACHE_DIR)
        for name in files:
            path = Path(folder) / name
            result[str(path)] = (path.read_bytes(), path.stat().st_mtime)
    return result


def template_with(*texts: str) -> bytes:
    """The packaged report template with paragraphs added at the end of the body."""
    import io

    from docx import Document

    from dvcq_cli.commands.report_command import packaged_template

    document = Document(io.BytesIO(packaged_template()))
    for text in texts:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
