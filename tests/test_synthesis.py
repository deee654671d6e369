"""The drafter's synthesis (`plans/<year>/<period>/_bao-cao.yaml`): checked with positions,
started by `dvcq new report`, used by the report in place of the sections it gives."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, snapshot_files
from docx import Document
from typer.testing import CliRunner

from dvcq_cli import cache
from dvcq_cli.check import Settings, check_workspace
from dvcq_cli.cli import app

runner = CliRunner()
FILE = "plans/2024/12m/_bao-cao.yaml"
NINE = "plans/2024/9m/_bao-cao.yaml"
REPORT_12M = Path("reports/2024-12m-bao-cao-dan-van-chinh-quyen.docx")
UNITS = ("hctc, qttv, tong_hop, kinh_te, kinh_te_nganh, kgvx, noi_chinh, kstthc, "
         "thu_ky_bien_tap, van_thu_luu_tru, tiep_cong_dan, tthcc, cong_bao_tin_hoc, nha_khach, "
         "cong_ttdt")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    return tmp_path


def invoke(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    monkeypatch.chdir(folder)
    return runner.invoke(app, list(args))


def found(root: Path, path: str = FILE, cache: bool = False) -> list[tuple[int, int, str, str]]:
    result = check_workspace(root, root, Settings(cache=cache))
    return [(p.line, p.column, p.code, p.message) for p in result.problems if p.path == path]


def texts(path: Path) -> list[str]:
    return [p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs]


# ------------------------------------------------------------------------------ the checker
BAD = """\
opening: Thực hiện Kế hoạch.
leadrship: [x]
tasks:
  "2.e": Đoạn tóm tắt.
  "1":
    text: Tóm tắt nhiệm vụ 1.
    units: [hctcc, kgvx]
    targets: dvk
    activities: [kgvx@2024-10-15, kgvx@2024-10-16, hctc@2099-02-30, nha_khach@2024-06-01]
strengths:
  - {text: Ưu điểm, units: {hctc: 1}}
proposals: {text: Đề nghị}
"""


def test_a_bad_file_gets_every_problem_at_its_place(example: Path) -> None:
    (example / FILE).write_text(BAD, encoding="utf-8")
    assert found(example) == [
        (2, 1, "key-unknown", "unknown key 'leadrship'; did you mean 'leadership'?"),
        (4, 3, "ref-unknown", "unknown task '2.e'; did you mean '2.đ'? (the plan's tasks: 1, "
                              "2, 2.a, 2.b, 2.c, 2.d, 2.đ, 3, 3.a, 3.b, 3.c)"),
        (7, 13, "ref-unknown", f"unknown unit 'hctcc'; did you mean 'hctc'? (the plan's "
                               f"units: {UNITS})"),
        (8, 14, "ref-unknown", "unknown target 'dvk' (the plan's targets: quan_triet, "
                               "lanh_dao_chi_dao, trien_khai_day_du, dan_van_kheo, qcdc_tot)"),
        (9, 35, "cite-unknown", "unit kgvx reports no activity dated 2024-10-16 for this "
                                "period; its activities are dated: 2024-01-31, 2024-04-16, "
                                "2024-05-09, 2024-05-30, 2024-07-25, 2024-08-08, 2024-10-15, "
                                "2024-11-15"),
        (9, 52, "cite-invalid", "'hctc@2099-02-30' does not name an activity: write the "
                                "unit's id, '@' and the activity's date, e.g. "
                                "kgvx@2024-09-09"),
        (9, 69, "cite-unknown", "unit nha_khach has no usable self-assessment for this "
                                "period, so it has no activity to cite"),
        (11, 28, "type-mismatch", "expected a list (lines starting with '- '), found a "
                                  "mapping (key: value lines)"),
        (12, 12, "type-mismatch", "expected a list (lines starting with '- '), found a "
                                  "mapping (key: value lines)"),
    ]


def test_the_example_file_is_clean_and_read_first(example: Path) -> None:
    result = check_workspace(example, example)
    assert result.problems == []
    assert sorted(result.years["2024"].syntheses) == ["12m"]
    # Not a unit's file: the 12m period still has 14 units and one missing.
    assert "_bao-cao" not in result.years["2024"].sources["12m"]


def test_the_file_in_a_folder_that_is_no_period(example: Path) -> None:
    (example / "plans/2024/13m").mkdir()
    (example / "plans/2024/13m/_bao-cao.yaml").write_text("opening: Mở đầu.\n", "utf-8")
    assert found(example, "plans/2024/13m/_bao-cao.yaml") == [
        (1, 1, "synthesis-misplaced", "the folder 13m/ is not a period of the plan, so this "
                                      "report text belongs to no report; move it into one "
                                      "of: 6m, 9m, 12m")]


def test_a_near_miss_of_the_name_is_never_taken_for_a_unit(example: Path) -> None:
    (example / FILE).rename(example / (FILE + ".txt"))
    result = check_workspace(example, example)
    assert [(p.path, p.severity.value, p.code, p.message) for p in result.problems] == [
        (FILE + ".txt", "warning", "file-misnamed", "this file is not read: Notepad or Word added "
                                           "'.txt' to its name when saving it. Rename it to "
                                           "_bao-cao.yaml")]
    assert result.years["2024"].rejected.get("12m", {}) == {}


def test_messages_are_vietnamese_through_the_catalog(example: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (example / FILE).write_text("proposals:\n  - {text: Đề nghị, targets: [dvk]}\n", "utf-8")
    monkeypatch.delenv("DVCQ_LANG", raising=False)
    result = invoke(example, monkeypatch, "--lang", "vi", "check", FILE)
    assert result.exit_code == 1
    assert (f"{FILE}:2:31: lỗi: không có chỉ tiêu 'dvk' (các chỉ tiêu của kế hoạch: "
            "quan_triet, lanh_dao_chi_dao, trien_khai_day_du, dan_van_kheo, qcdc_tot) "
            "(ref-unknown)") in result.output


# ------------------------------------------------------------------------------ the cache
def test_a_cached_run_follows_every_edit_and_the_removal(example: Path) -> None:
    assert found(example, cache=True) == []
    (example / FILE).write_text("tasks:\n  \"9\": Tóm tắt.\n", "utf-8")
    assert [p[:3] for p in found(example, cache=True)] == [(2, 3, "ref-unknown")]
    # The cited activity disappears from a unit's file: the synthesis is wrong now.
    (example / FILE).write_text("causes:\n  - {text: Chậm, activities: [hctc@2024-11-20]}\n",
                                "utf-8")
    assert found(example, cache=True) == []
    unit = example / "plans/2024/12m/hctc.yaml"
    unit.write_text(unit.read_text("utf-8").replace("2024-11-20", "2024-11-21"), "utf-8")
    assert [p[:3] for p in found(example, cache=True)] == [(2, 31, "cite-unknown")]
    (example / FILE).unlink()
    result = check_workspace(example, example, Settings(cache=True))
    assert result.problems == [] and result.years["2024"].syntheses == {}


def test_a_cached_status_of_a_period_with_a_synthesis(example: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The synthesis is checked against its period's models during the check: a status from
    the cache (which otherwise leaves the models in their packs) gives what it gives without
    the cache, warm, and after a unit's file changed."""
    def both() -> tuple[int, str]:
        cached = invoke(example, monkeypatch, "status", "-p", "12m", "-f", "text")
        plain = invoke(example, monkeypatch, "status", "-p", "12m", "-f", "text", "--no-cache")
        assert cached.exception is None or isinstance(cached.exception, SystemExit)
        assert (cached.exit_code, cached.output) == (plain.exit_code, plain.output)
        return cached.exit_code, cached.output

    # As if each run came long after the edits: unchanged files are known by their stat.
    monkeypatch.setattr(cache, "clock", lambda: cache.time.time_ns() + 60 * 10**9)
    first = both()
    assert both() == first
    unit = example / "plans/2024/12m/hctc.yaml"
    unit.write_text(unit.read_text("utf-8").replace("2024-11-20", "2024-11-21"), "utf-8")
    assert both()[0] == 1


# ------------------------------------------------------------------------------ the report
def test_the_report_uses_the_file_and_keeps_the_data(example: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke(example, monkeypatch, "report", "-p", "12m").exit_code == 0
    given, given_tables = texts(example / REPORT_12M), tables(example / REPORT_12M)
    (example / FILE).unlink()
    assert invoke(example, monkeypatch, "report", "-p", "12m").exit_code == 0
    drafted = texts(example / REPORT_12M)
    # Section I: the drafter's two paragraphs, then who reported (from the data).
    start = given.index("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, QUÁN TRIỆT")
    assert given[start + 1].startswith("Ngày 06/3/2024, Văn phòng phát động phong trào thi đua")
    assert given[start + 2].startswith("Lãnh đạo Văn phòng giao Phòng Hành chính – Tổ chức")
    submissions = ("Phòng Hành chính – Tổ chức đã nhận được báo cáo tự đánh giá kết quả thực "
                   "hiện năm 2024 của 14/15 đơn vị (hạn gửi ngày 10/12/2024); trong đó 01 đơn "
                   "vị gửi trễ hạn: Phòng Thư ký – Biên tập; còn 01 đơn vị chưa gửi báo cáo: "
                   "Trung tâm Hội nghị và Nhà khách tỉnh (số liệu tại báo cáo này chưa bao gồm "
                   "đơn vị này).")
    assert given[start + 3] == submissions and submissions in drafted
    # Task 1: the figures sentence stays, the summary replaces the examples; the Cổng's
    # 498 tin, bài stay in it, since no example is left to say them.
    figures = ("Trong năm, có 14/15 đơn vị thực hiện 26 hoạt động thuộc nội dung này (393 "
               "người tham dự; 498 tin, bài).")
    at = given.index(figures)
    assert given[at + 1].startswith("Việc tuyên truyền tập trung vào hai đợt")
    assert given[at + 2].startswith("2. Thực hiện nề nếp quy chế")
    alone = figures.replace("; 498 tin, bài", "")
    assert drafted[drafted.index(alone) + 1] == "Một số hoạt động tiêu biểu trong năm:"
    assert any(line.startswith("- Đăng tải 498 tin, bài") for line in drafted)
    # Section V: the office's two proposals, nothing of the units' own list; each asks
    # Sở Nội vụ, the report's recipient, the other agencies through it and UBND tỉnh.
    v = given.index("V. ĐỀ XUẤT, KIẾN NGHỊ")
    assert [line.split(" ")[4] for line in given[v + 1:v + 3]] == ["Nội", "Nội"]
    # The province's decision of 07/11/2024 on evaluating Dân vận work, which takes over
    # from the plan's 3225/QĐ-UBND (2018) in 2025, and the office's own guidance to adjust.
    assert given[v + 1] == ("- Đề nghị Sở Nội vụ sớm hướng dẫn việc đánh giá, xếp loại công "
                            "tác Dân vận chính quyền năm 2025 theo Quyết định số 67/2024/QĐ-UBND "
                            "ngày 07/11/2024 của UBND tỉnh, để Văn phòng rà soát, điều chỉnh "
                            "Hướng dẫn số 02/HD-VP ngày 26/6/2024 cho phù hợp;")
    # What UBND tỉnh is asked to direct the agencies to do: one request.
    assert given[v + 2] == (
        "- Đề nghị Sở Nội vụ tham mưu UBND tỉnh chỉ đạo các sở, ngành, địa phương trả lời dứt "
        "điểm các kiến nghị của doanh nghiệp về đất đai còn tồn đọng, tăng cường đối thoại ngay "
        "từ cơ sở để hạn chế khiếu kiện đông người, vượt cấp; cử đầu mối theo dõi việc trả lời "
        "kiến nghị cử tri và cung cấp hồ sơ, ý kiến đúng thời hạn để Văn phòng tổng hợp, tham "
        "mưu UBND tỉnh.")
    assert given[v + 3].startswith("Trên đây là báo cáo")
    # What the file does not give is the draft's, word for word: III and IV, the tables
    # (targets, scores) and the annex.
    assert given[given.index("III. ĐÁNH GIÁ CHUNG"):v] == \
        drafted[drafted.index("III. ĐÁNH GIÁ CHUNG"):drafted.index("V. ĐỀ XUẤT, KIẾN NGHỊ")]
    assert len(given_tables) >= 2 and given_tables == tables(example / REPORT_12M)
    assert given[given.index("PHỤ LỤC I"):] == drafted[drafted.index("PHỤ LỤC I"):]


def tables(path: Path) -> list[list[str]]:
    return [[cell.text for row in table.rows for cell in row.cells]
            for table in Document(io.BytesIO(path.read_bytes())).tables]


def test_units_cited_are_named_after_the_entry(example: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (example / FILE).write_text(
        "causes:\n  - text: Công chức kiêm nhiệm, khối lượng công việc lớn.\n"
        "    units: [kgvx, hctc]\n  - Vụ việc đất đai phức tạp\n", "utf-8")
    assert invoke(example, monkeypatch, "report", "-p", "12m").exit_code == 0
    lines = texts(example / REPORT_12M)
    at = lines.index("3. Nguyên nhân của hạn chế")
    assert lines[at + 1:at + 3] == [
        "- Công chức kiêm nhiệm, khối lượng công việc lớn (Phòng Hành chính – Tổ chức, "
        "Phòng Khoa giáo – Văn xã);",
        "- Vụ việc đất đai phức tạp."]


def test_the_drafters_causes_keep_their_kinds(example: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (example / FILE).write_text(
        "causes:\n  - text: Vụ việc đất đai phức tạp.\n    units: [noi_chinh]\n"
        "    kind: khach_quan\n  - Công chức chưa quan tâm đúng mức\n"
        "  - text: Công chức kiêm nhiệm, khối lượng công việc lớn.\n    kind: khach_quan\n",
        "utf-8")
    assert found(example, FILE) == []
    assert invoke(example, monkeypatch, "report", "-p", "12m").exit_code == 0
    lines = texts(example / REPORT_12M)
    at = lines.index("3. Nguyên nhân của hạn chế")
    # As the draft does: the objective causes, then the units' own (one not saying its kind).
    assert lines[at + 1:at + 6] == [
        "* Nguyên nhân khách quan:",
        "- Vụ việc đất đai phức tạp (Phòng Nội chính);",
        "- Công chức kiêm nhiệm, khối lượng công việc lớn;",
        "* Nguyên nhân chủ quan:",
        "- Công chức chưa quan tâm đúng mức."]


def test_a_file_with_errors_stops_the_report(example: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (example / FILE).write_text("tasks:\n  \"9\": Tóm tắt.\n", "utf-8")
    result = invoke(example, monkeypatch, "report", "-p", "12m")
    assert result.exit_code == 1
    assert not (example / REPORT_12M).exists()


# ------------------------------------------------------------------------------ dvcq new report
def test_new_report_writes_what_the_units_wrote(example: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot_files(example / "plans")
    result = invoke(example, monkeypatch, "new", "report", "--period", "9m", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"created {NINE} from the self-assessments of 14 units",
        "condense what the units wrote and remove the '# ' of what you keep: the report uses "
        "every section that has a value"]
    text = (example / NINE).read_text("utf-8")
    assert {k: v for k, v in snapshot_files(example / "plans").items()
            if not k.endswith("9m/_bao-cao.yaml")} == before
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../../schemas/synthesis.schema.json"
    # Grouped by section, then by task; each sentence with the ids of the units that wrote it.
    assert [line for line in lines if line and not line.startswith((" ", "#"))] == [
        "leadership:", "tasks:", "strengths:", "shortcomings:", "causes:", "next_tasks:",
        "proposals:"]
    at = lines.index("shortcomings:")
    # First what the draft makes from the data (the targets not met), then the units' own.
    assert lines[at + 1:at + 4] == [
        "  # Dự thảo của dvcq, từ số liệu:",
        "  # - text: >-",
        "  #     Chỉ tiêu số 1 (Quán triệt Kế hoạch, đưa nhiệm vụ dân vận vào chương trình công "
        "tác năm) và chỉ"]
    at = lines.index("  # Các đơn vị viết:", at)
    assert lines[at + 1:at + 7] == [
        "  # - text: Một số đơn vị gửi báo cáo tự đánh giá trễ hạn; còn 01 đơn vị chưa gửi "
        "báo cáo 9 tháng.",
        "  #   units: [hctc]",
        "  # - text: >-",
        "  #     Việc cập nhật thông tin công khai trên Trang thông tin nội bộ có lúc còn chậm; "
        "người lao động",
        "  #     làm việc theo ca chưa dự đầy đủ các buổi phổ biến, công khai của đơn vị.",
        "  #   units: [qttv]"]
    # Each cause with its kind, as the unit gave it (one that did not say is its own).
    at = lines.index("causes:")
    assert lines[at + 1:at + 9] == [
        "  # - text: >-",
        "  #     Công chức phụ trách công tác dân vận ở các đơn vị đều kiêm nhiệm, khối lượng "
        "công việc chuyên",
        "  #     môn lớn.",
        "  #   units: [hctc]",
        "  #   kind: khach_quan",
        "  # - text: Phòng có nhiều vị trí làm việc theo ca (lái xe, bảo vệ), khó bố trí họp "
        "đầy đủ.",
        "  #   units: [qttv]",
        "  #   kind: khach_quan"]
    assert "  #   kind: chu_quan" in lines[at:]
    assert '  # "2.a":' in lines and "  #   hctc@2024-09-09: Phát động công chức, viên chức " \
        "và người lao động Văn phòng quyên góp ủng hộ" in lines
    assert "  # (gửi tới: Lãnh đạo cơ quan: việc nội bộ, không thuộc mục V)" in lines
    # As written it changes nothing and passes the check.
    assert found(example, NINE) == []
    # Every entry, its '# ' removed as the drafter does, makes a valid file too.
    (example / NINE).write_text(uncommented(text), "utf-8")
    assert found(example, NINE) == []
    assert check_workspace(example, example).years["2024"].syntheses["9m"].given() == [
        "opening", "leadership", "strengths", "shortcomings", "causes", "next_tasks",
        "proposals"]


def uncommented(text: str) -> str:
    """The opening and the items of every list section with their '# ' removed."""
    out, section = [], ""
    for line in text.splitlines():
        if line.startswith("# opening:"):
            section = "opening"
        elif line and not line.startswith((" ", "#")):
            section = line
        elif not line:
            section = "" if section == "opening" else section
        if section == "opening" and line.startswith("# "):
            line = line[2:]
        elif section not in ("", "tasks:") and line.startswith(("  # - ", "  #   ")):
            line = "  " + line[4:]
        out.append(line)
    return "\n".join(out) + "\n"


def test_new_report_never_overwrites(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (example / FILE).read_bytes()
    result = invoke(example, monkeypatch, "new", "report", "-p", "12m")
    assert result.exit_code == 1
    assert result.output == f"Error: {FILE} already exists; it was not overwritten\n"
    assert (example / FILE).read_bytes() == before


def test_new_report_refuses_an_unknown_period(example: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(example, monkeypatch, "new", "report", "-p", "9n")
    assert result.exit_code == 2
    assert result.output == ("Error: unknown period '9n' (the periods of plans/2024/plan.yaml: "
                             "6m, 9m, 12m)\n")
    assert not (example / NINE).exists()


def test_a_point_summary_keeps_the_figures_and_the_models(example: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    (example / FILE).write_text(
        'leadership: Lãnh đạo Văn phòng quán triệt Kế hoạch đến toàn thể CCVC.\n'
        'tasks:\n  "3.c": Các đơn vị duy trì, nhân rộng mô hình “Dân vận khéo”.\n', "utf-8")
    assert invoke(example, monkeypatch, "report", "-p", "12m").exit_code == 0
    lines = texts(example / REPORT_12M)
    at = next(i for i, line in enumerate(lines) if line.startswith("c) Đẩy mạnh công tác"))
    assert lines[at + 1] == ("Trong năm, có 10/15 đơn vị thực hiện 13 hoạt động thuộc nội dung "
                             "này (38 người tham dự).")
    assert lines[at + 2] == "Các đơn vị duy trì, nhân rộng mô hình “Dân vận khéo”."
    assert lines[at + 3] == ("Về mô hình “Dân vận khéo”: đến ngày 14/12/2024, 10 đơn vị có 12 "
                             "mô hình, điển hình đã đăng ký (kể cả từ các năm trước chuyển "
                             "sang), gồm:")
    assert lines[at + 4].startswith("- Điển hình “Công chức tiếp công dân tận tụy")
    # Abbreviations are still written out at their first use, the drafter's text included.
    first = lines.index("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, QUÁN TRIỆT") + 1
    assert lines[first] == ("Lãnh đạo Văn phòng quán triệt Kế hoạch đến toàn thể công chức, "
                            "viên chức (CCVC).")


def test_fix_repairs_what_word_pasted_into_the_file(example: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = example / FILE
    text = path.read_text("utf-8")
    path.write_text(text.replace("Văn phòng phát động", "Văn phòng\u00a0phát động", 1),
                    "utf-8")
    assert [p[:3] for p in found(example)] == [(9, 32, "invisible-character")]
    result = invoke(example, monkeypatch, "fix", "--write")
    assert result.exit_code == 0, result.output
    assert result.output == f"repaired {FILE}: 1 problem(s)\n"
    assert path.read_text("utf-8") == text


@pytest.mark.parametrize("name", ["bao-cao.yaml", "_bao_cao.yaml", "_Báo_cáo.yaml"])
def test_the_file_under_another_name_is_one_problem(example: Path, name: str) -> None:
    (example / FILE).rename(example / "plans/2024/12m" / name)
    result = check_workspace(example, example)
    assert [(p.path, p.line, p.severity.value, p.code, p.message)
            for p in result.problems] == [
        (f"plans/2024/12m/{name}", 0, "error", "file-misnamed",
         "this file is not read: the report text of a period is named _bao-cao.yaml, with '_' "
         "first so that no unit's file can have its name. Rename it to _bao-cao.yaml")]
    assert result.years["2024"].rejected.get("12m", {}) == {}


def test_a_unit_may_still_have_such_an_id(example: Path) -> None:
    plan = example / "plans/2024/plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("id: nha_khach", "id: bao-cao"), "utf-8")
    (example / "plans/2024/6m/nha_khach.yaml").unlink()
    (example / "plans/2024/9m/nha_khach.yaml").unlink()
    result = check_workspace(example, example)
    assert result.problems == []
    # Its file would be its self-assessment, checked as such.
    (example / "plans/2024/12m/bao-cao.yaml").write_text("unit: bao-cao\n", "utf-8")
    codes = {p.code for p in check_workspace(example, example).problems}
    assert codes == {"key-missing"}


def test_new_report_says_which_files_it_left_out(example: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    unit = example / "plans/2024/9m/kgvx.yaml"
    unit.write_text(unit.read_text("utf-8").replace("qcdc: tot", "qcdc: tott"), "utf-8")
    result = invoke(example, monkeypatch, "new", "report", "-p", "9m")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        f"created {NINE} from the self-assessments of 13 units",
        "1 file(s) of the period have errors and were left out; run 'dvcq check'"]
    assert "kgvx" not in (example / NINE).read_text("utf-8")


def test_new_report_with_no_usable_file_writes_nothing(example: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.rmtree(example / "plans/2024/6m")
    result = invoke(example, monkeypatch, "new", "report", "-p", "6m")
    assert result.exit_code == 1
    assert result.output == ("Error: no unit has a usable self-assessment for 6m yet, so there "
                             "is nothing to condense and no file was written\n")
    assert not (example / "plans/2024/6m").exists()
