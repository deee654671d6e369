"""What VS Code's YAML extension shows with the schemas `dvcq schema` writes, read from the
real yaml-language-server driven over stdio (tests/language_server.py): Vietnamese
diagnostics at the right places, completions of only what `dvcq check` accepts, Vietnamese
descriptions on hover, and nothing underlined in the example files.

`.ci/run` installs the server with npm when it is missing. Without it the tests are skipped on
a developer's machine, and fail in CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from language_server import LanguageServer, find_server

PROGRAM = find_server()
if PROGRAM is None:
    if os.environ.get("CI"):
        raise RuntimeError("yaml-language-server is not installed: .ci/run installs it with "
                           "npm in .ci/node/")
    pytest.skip("yaml-language-server is not installed (npm install --prefix .ci/node "
                "yaml-language-server)", allow_module_level=True)

MODELINE = "# yaml-language-server: $schema=../../../schemas/assessment-2024.schema.json\n"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("editor")
    for name in ("plans", "schemas", ".vscode"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[LanguageServer]:
    assert PROGRAM is not None
    running = LanguageServer(PROGRAM, workspace)
    yield running
    running.close()


def write(workspace: Path, relative: str, text: str) -> Path:
    path = workspace / relative
    path.write_text(text, "utf-8")
    return path


def shown(diagnostics: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    """(line, column, message), 1-based as in dvcq's messages, in the file's order."""
    return sorted((d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1,
                   d["message"]) for d in diagnostics)


# ---------------------------------------------------------------- the server's English
def server_english() -> set[str]:
    """Every word of the server's own English messages (its l10n bundle)."""
    program = Path(PROGRAM or "").resolve()
    bundle = next(parent / "l10n" / "bundle.l10n.json" for parent in program.parents
                  if (parent / "l10n" / "bundle.l10n.json").is_file())
    words = {word.lower() for message in json.loads(bundle.read_text("utf-8"))
             for word in re.findall(r"[A-Za-z]{2,}", message)}
    words |= {"missing", "property", "allowed", "expected", "incorrect", "type"}
    return words - {"yaml", "json", "true", "false", "null"}


def english(message: str) -> set[str]:
    """The server's English words in a message, ids (`an_sinh`) and values left out."""
    words = re.findall(r"(?<![\w-])[A-Za-z]{2,}(?![\w-])", message)
    return {word.lower() for word in words} & server_english()


# ---------------------------------------------------------------- the example files
def test_the_example_files_show_no_problem(server: LanguageServer, workspace: Path) -> None:
    files = [workspace / "plans/2024/plan.yaml", *sorted(workspace.glob("plans/2024/*/*.yaml"))]
    assert len(files) >= 30
    found = server.diagnose_all(files)
    assert {str(path): shown(diagnostics) for path, diagnostics in zip(files, found,
                                                                       strict=True)
            if diagnostics} == {}
    # The schemas do apply, through .vscode/settings.json (these files have no modeline).
    hctc = workspace / "plans/2024/9m/hctc.yaml"
    broken = write(workspace, "plans/2024/9m/hctc.yaml",
                   hctc.read_text("utf-8").replace("qcdc: tot\n", "qcdc: tott\n"))
    assert [message for _l, _c, message in shown(server.diagnose(broken))] == [
        "Mức không có trong kế hoạch. Chọn một trong: tot, kha, trung_binh, yeu"]


# ---------------------------------------------------------------- a file with mistakes
MISTAKES = MODELINE + """\
unit: hctcc
period: 9m
submitted: 2024-02-30
signed_by: Trần Văn A
indicators:
  quan_triet: yes
  trien_khai_day_du: true
  dan_van_kheo: "true"
  qcdc: tott
  so_ccvc: -1
  so_ccvc_quan_triet: abc
  so_ccvc_khac: 3
activities:
  - task: "9"
    date: 10/05/2024
    kind: hoi_nghii
    text: ""
    participants: -3
  - task: 1
    date: 2024-05-10
    text: Hội nghị quán triệt
    highlight: yes
  - task: "2.a"
    date: 2024-06-31
    text: 2024
    evidence: [Biên bản, ""]
remarks: tốt
"""

EXPECTED = [
    (2, 7, "Mã đơn vị không có trong kế hoạch. Chọn một trong: hctc, qttv, tong_hop, kinh_te, "
           "kinh_te_nganh, kgvx, noi_chinh, kstthc, thu_ky_bien_tap, van_thu_luu_tru, "
           "tiep_cong_dan, tthcc, cong_bao_tin_hoc, nha_khach, cong_ttdt"),
    (4, 12, "Ghi một ngày có thật theo dạng YYYY-MM-DD (năm-tháng-ngày), ví dụ 2024-04-08"),
    (7, 15, "Ghi true (có) hoặc false (không), không đặt trong ngoặc kép"),
    (9, 17, "Ghi true (có) hoặc false (không), không đặt trong ngoặc kép"),
    (10, 9, "Mức không có trong kế hoạch. Chọn một trong: tot, kha, trung_binh, yeu"),
    (11, 12, "Số phải từ 0 trở lên"),
    (12, 23, "Cần một số nguyên, ví dụ 14"),
    (13, 3, "Chỉ số này không có trong kế hoạch. Các chỉ số: quan_triet, trien_khai_day_du, "
            "dan_van_kheo, qcdc, so_ccvc, so_ccvc_quan_triet"),
    (15, 11, "Nhiệm vụ không có trong kế hoạch. Chọn một trong: 1, 2, 2.a, 2.b, 2.c, 2.d, 2.đ, "
             "3, 3.a, 3.b, 3.c"),
    (16, 11, "Ghi một ngày có thật theo dạng YYYY-MM-DD (năm-tháng-ngày), ví dụ 2024-04-08"),
    (17, 11, "Loại hoạt động không có trong kế hoạch. Chọn một trong: hoi_nghi, tuyen_truyen, "
             "dang_tin, doi_thoai, tiep_cong_dan, ho_tro_tra_cuu, cai_cach_hanh_chinh, "
             "cong_khai, kiem_tra_giam_sat, thi_dua, mo_hinh_dan_van_kheo, an_sinh"),
    (18, 11, "Cần một đoạn chữ, không để trống. true và false là giá trị đúng/sai: nếu là chữ, "
             "hãy đặt trong ngoặc kép"),
    (19, 19, "Số phải từ 0 trở lên"),
    (23, 16, "Ghi true (có) hoặc false (không), không đặt trong ngoặc kép"),
    (25, 11, "Ghi một ngày có thật theo dạng YYYY-MM-DD (năm-tháng-ngày), ví dụ 2024-04-08"),
    (27, 26, "Cần một đoạn chữ, không để trống. true và false là giá trị đúng/sai: nếu là chữ, "
             "hãy đặt trong ngoặc kép"),
    (28, 1, "Khóa này không có ở đây. Các khóa dùng được: unit, period, submitted, signed_by, "
            "indicators, activities, strengths, shortcomings, causes, proposals, next_tasks, "
            "note, scores"),
]


def test_mistakes_are_underlined_in_vietnamese(server: LanguageServer, workspace: Path) -> None:
    """Each mistake where it is, said in Vietnamese; what dvcq accepts (`task: 1`, a number
    as text) is not underlined."""
    diagnostics = server.diagnose(write(workspace, "plans/2024/9m/sai.yaml", MISTAKES))
    assert shown(diagnostics) == EXPECTED
    for _line, _column, message in shown(diagnostics):
        assert english(message) == set(), message


def test_missing_keys_are_named(server: LanguageServer, workspace: Path) -> None:
    text = MODELINE + "unit: hctc\nperiod: 9m\nindicators:\n  quan_triet: true\nactivities:\n" \
                      "  - task: \"1\"\n    text: Hội nghị\n"
    found = shown(server.diagnose(write(workspace, "plans/2024/9m/thieu.yaml", text)))
    assert found == [
        (2, 1, "Thiếu khóa submitted: Ngày gửi (YYYY-MM-DD)"),
        (4, 1, "Thiếu chỉ số dan_van_kheo (Đạt tiêu chí “Dân vận khéo”)"),
        (4, 1, "Thiếu chỉ số qcdc (Mức độ thực hiện quy chế dân chủ ở cơ sở)"),
        (4, 1, "Thiếu chỉ số so_ccvc (Tổng số CCVC và người lao động)"),
        (4, 1, "Thiếu chỉ số so_ccvc_quan_triet (Số CCVC và người lao động được quán triệt)"),
        (4, 1, "Thiếu chỉ số trien_khai_day_du (Triển khai đầy đủ công tác dân vận chính "
               "quyền và quy chế dân chủ ở cơ sở)"),
        (7, 5, "Thiếu khóa date: Ngày thực hiện (YYYY-MM-DD); hoạt động kéo dài nhiều ngày: "
               "ghi from và to"),
    ]


# ---------------------------------------------------------------- completion
COMPLETE = MODELINE + """\
unit:·
period:·
submitted: 2024-09-10
indicators:
  quan_triet:·
  qcdc:·
activities:
  - task:·
    date: 2024-05-10
    kind:·
    highlight:·
    text: Hội nghị
""".replace("·", " ")  # "key: " with the cursor after the space


def labels(server: LanguageServer, uri: str, line: int, character: int) -> list[str]:
    return [item["label"] for item in server.complete(uri, line, character)]


def test_completion_offers_only_what_check_accepts(server: LanguageServer,
                                                   workspace: Path) -> None:
    path = write(workspace, "plans/2024/9m/moi.yaml", COMPLETE)
    uri = server.open(path)
    lines = COMPLETE.splitlines()

    def at(start: str) -> list[str]:
        line = next(index for index, text in enumerate(lines) if text.startswith(start))
        return labels(server, uri, line, len(lines[line]))

    assert at("  - task:") == ['"1"', '"2"', '"2.a"', '"2.b"', '"2.c"', '"2.d"', '"2.đ"', '"3"',
                               '"3.a"', '"3.b"', '"3.c"']
    assert at("    kind:") == ["hoi_nghi", "tuyen_truyen", "dang_tin", "doi_thoai",
                                "tiep_cong_dan", "ho_tro_tra_cuu", "cai_cach_hanh_chinh",
                                "cong_khai", "kiem_tra_giam_sat", "thi_dua",
                                "mo_hinh_dan_van_kheo", "an_sinh"]
    assert at("    highlight:") == ["true", "false"]
    assert at("  qcdc:") == ["tot", "kha", "trung_binh", "yeu"]
    assert at("  quan_triet:") == ["true", "false"]
    assert at("period:") == ["6m", "9m", "12m"]
    assert at("unit:")[:3] == ["hctc", "qttv", "tong_hop"] and len(at("unit:")) == 15


def test_completions_carry_the_vietnamese_labels(server: LanguageServer,
                                                 workspace: Path) -> None:
    path = write(workspace, "plans/2024/9m/moi.yaml", COMPLETE)
    uri = server.open(path)
    items = server.complete(uri, 8, len("  - task: "))
    first = items[0]
    documentation = first["documentation"]
    text = documentation["value"] if isinstance(documentation, dict) else documentation
    assert (first["label"], first.get("insertText")) == ('"1"', '"1"')
    assert text.startswith("Nhiệm vụ 1: Đẩy mạnh công tác tuyên truyền")
    kinds = server.complete(uri, 10, len("    kind: "))
    assert [item.get("documentation", {}).get("value") for item in kinds][:2] == [
        "Hội nghị, học tập, quán triệt", "Tuyên truyền, phổ biến"]


# ---------------------------------------------------------------- hover
def test_hover_describes_in_vietnamese(server: LanguageServer, workspace: Path) -> None:
    path = write(workspace, "plans/2024/9m/moi.yaml", COMPLETE)
    uri = server.open(path)
    hover = server.hover(uri, 3, 2)  # submitted
    assert hover.startswith("#### dvcq: tự đánh giá của đơn vị theo Kế hoạch số 294/KH-VP năm "
                            "2024\n\nNgày gửi (YYYY-MM-DD)\n\n")
    filled = write(workspace, "plans/2024/9m/du.yaml", COMPLETE.replace(
        "    kind: \n", "    kind: hoi_nghi\n").replace('task: \n', 'task: "2.a"\n'))
    uri = server.open(filled)
    kind = server.hover(uri, 10, len("    kind: ho"))
    assert "Loại hoạt động" in kind and "* `hoi_nghi`: Hội nghị, học tập, quán triệt" in kind
    task = server.hover(uri, 8, len('  - task: "2'))
    assert "* `2.a`: Điểm 2.a: Tăng cường sự phối hợp" in task


# ---------------------------------------------------------------- the plan
def test_plan_mistakes_in_vietnamese(server: LanguageServer, workspace: Path) -> None:
    text = (workspace / "plans/2024/plan.yaml").read_text("utf-8")
    modeline = "# yaml-language-server: $schema=../../schemas/plan.schema.json\n"
    broken = modeline + text.replace("    at_least: 80%\n", "    at_least: 80%\n"
                                     "    more_than: 80%\n", 1).replace(
        "year: 2024", "year: 2024\nyaer: 2024")
    path = write(workspace, "plans/2024/plan-sai.yaml", broken)
    found = shown(server.diagnose(path))
    lines = broken.splitlines()
    more_than = next(i for i, line in enumerate(lines, 1) if "more_than: 80%" in line)
    yaer = lines.index("yaer: 2024") + 1
    assert found == [
        (yaer, 1, "Khóa này không có ở đây. Các khóa dùng được: year, document, basis, theme, "
                  "motto, headings, purposes, targets, tasks, implementation, report, periods, "
                  "units, indicators, activity_kinds, unit_kinds, bands, consistency, scoring"),
        (more_than, 5, "at_least và more_than không thể cùng có; giữ một")]
    for _line, _column, message in found:
        assert english(message) == set(), message
