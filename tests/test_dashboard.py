"""`dvcq dashboard`: the page's figures are `dvcq status`'s, and the site is written safely.

Every figure the page model holds is compared with the JSON document `dvcq status --format
json` gives for the same period; the rendered HTML is read back; the site's files are compared
byte for byte between runs; errors, broken plans and git history are played out for real.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, REPO, snapshot_files, write_tree
from test_faults import run_unprivileged
from typer.testing import CliRunner

from dvcq_cli import atomic
from dvcq_cli.cli import app
from dvcq_cli.commands import dashboard_command
from dvcq_cli.dashboard import detail, render, sections, view
from dvcq_cli.dashboard.facts import SiteFacts, YearFacts
from dvcq_cli.dashboard.page import YearPage
from dvcq_cli.dashboard.sections import Section
from dvcq_cli.i18n import set_language

runner = CliRunner()
GIT_ENV = {"GIT_AUTHOR_NAME": "HCTC", "GIT_AUTHOR_EMAIL": "hctc@example.org",
           "GIT_COMMITTER_NAME": "HCTC", "GIT_COMMITTER_EMAIL": "hctc@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example workspace: plan 294/KH-VP, 15 units, 6m, 9m and 12m."""
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    return tmp_path


def invoke(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    monkeypatch.chdir(folder)
    return runner.invoke(app, ["dashboard", *args])


def build_dashboard(root: Path, *args: str) -> Path:
    """`dvcq dashboard ARGS` run in `root` (from a module-scoped fixture, where monkeypatch is
    not at hand); the site's folder."""
    previous = Path.cwd()
    os.chdir(root)
    try:
        result = runner.invoke(app, ["dashboard", *args])
    finally:
        os.chdir(previous)
        set_language("en")
    assert result.exit_code in (0, 1), result.output
    return root / (args[args.index("--output") + 1] if "--output" in args else "site")


def status_json(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.chdir(folder)
    result = runner.invoke(app, ["status", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout  # type: ignore[no-any-return]


def site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def facts_of(root: Path, year: str | None = None) -> SiteFacts:
    return dashboard_command.gather(root, year)


class Scripts(HTMLParser):
    """The JSON blocks of a page, by id, and the tags the page has."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: dict[str, str] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        found = dict(attrs)
        if tag == "script" and found.get("type") == "application/json":
            self._open = found.get("id") or ""
            self.blocks[self._open] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.blocks[self._open] += data


def parsed(html: bytes) -> Scripts:
    parser = Scripts()
    parser.feed(html.decode("utf-8"))
    return parser


# ---------------------------------------------------------------- the figures are the engine's
def test_every_figure_equals_the_status_document(example: Path) -> None:
    facts = facts_of(example)
    site = view.build_site(facts)
    (year,) = facts.years
    page = next(p for p in site.pages if isinstance(p, YearPage) and p.file == "2024.html")
    assert [p.period_id for p in year.periods] == ["6m", "9m", "12m"]
    compared = 0
    for column, period in enumerate(year.periods):
        document = period.document
        for row, target in zip(page.targets, document["targets"], strict=True):
            cell = row.cells[column]
            if not period.has_data:
                assert (cell.mark.code, cell.rate, cell.result) == ("none", "—", "—")
                continue
            assert cell.mark.code == target["status"]
            assert cell.rate == (target["rate"] or "—")
            if target["measure"] == "share_of_units":
                assert cell.result == f"{target['numerator']}/{target['denominator']} units"
            else:
                assert cell.result.startswith(f"{target['numerator']} ")
            compared += 1
        detail = page.periods[column]
        assert detail.left_out == tuple(item["path"] for item in document["left_out"])
        units = {unit["id"]: unit for unit in document["units"]}
        names = [unit["name"] for unit in document["units"]]
        assert [row.name for row in detail.submissions] == names
        assert [row.name for row in detail.units] == names
        for submission, unit in zip(detail.submissions, document["units"], strict=True):
            state = unit["state"]
            assert submission.mark.code == ("on_time" if state == "submitted" else state)
        for row, unit_id in zip(detail.units, units, strict=True):
            for cell, target in zip(row.cells, document["targets"], strict=True):
                standing = ("meeting" if unit_id in target["meeting"] else "not_meeting"
                            if unit_id in target["not_meeting"] else "missing")
                expected = {"meeting": "met", "not_meeting": "not_met"}.get(standing)
                if expected is None:
                    assert cell.mark.code in ("missing", "rejected")
                else:
                    assert cell.mark.code == expected
        summary = document["summary"]
        table_row = page.submissions_table[column]
        if period.has_data:
            assert table_row[2:] == (str(summary["submitted"] - summary["late"]),
                                     str(summary["late"]), str(summary["missing"]))
    assert compared == 15  # 5 targets × 6m, 9m and 12m
    overview = page.overview
    assert overview is not None
    summary = year.period("12m").document["summary"]  # the latest period with files
    assert [f.value for f in overview.figures] == [
        f"{summary['targets_met']}/5", f"{summary['submitted']}/{summary['units']}",
        str(summary["late"]), str(summary["missing"])]
    assert [f.value for f in overview.figures] == ["3/5", "14/15", "1", "1"]


def test_the_example_figures_as_the_page_shows_them(example: Path) -> None:
    page = view.build_site(facts_of(example)).pages[0]
    assert isinstance(page, YearPage)
    rows = {row.number: row for row in page.targets}
    assert [(c.rate, c.result, c.mark.word) for c in rows["4"].cells] == [
        ("73,3%", "11/15 units", "Not met"), ("80%", "12/15 units", "Met"),
        ("86,7%", "13/15 units", "Met")]
    assert [(c.rate, c.mark.word) for c in rows["5"].cells[:2]] == [
        ("86,7%", "Met"), ("80%", "Not met")]  # "trên 80%": 12/15 = 80% is not met
    assert (rows["4"].required, rows["5"].required, rows["1"].required,
            rows["2"].required) == ("at least 80%", "over 80%", "100%", "qualitative")
    nine = page.periods[1]
    assert nine.summary == "14 of 15 units sent, 2 of them late; 1 not sent or with errors."
    late = {row.name: row for row in nine.submissions}["Trung tâm Hội nghị và Nhà khách tỉnh"]
    assert (late.mark.word, late.day, late.note) == (
        "Late", "13/9/2024", "3 day(s) after the deadline")
    kinh_te = {row.name: row for row in nine.units}["Phòng Kinh tế"]
    assert [(c.mark.code, c.value) for c in kinh_te.cells] == [
        ("met", "yes"), ("met", "2 activities"), ("met", "yes"), ("met", "yes"),
        ("not_met", "Khá")]
    absent = {row.name: row for row in nine.units}["Phòng Thư ký – Biên tập"]
    assert absent.absent is not None and absent.absent.word == "Not submitted"


def test_the_page_embeds_the_status_json_of_every_period(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(example, monkeypatch)
    assert result.exit_code == 0, result.output
    blocks = parsed((example / "site/2024.html").read_bytes()).blocks
    assert sorted(blocks) == ["du-lieu-cham-diem", "du-lieu-mo-hinh", "dvcq-status-12m",
                              "dvcq-status-6m", "dvcq-status-9m"]
    # The models section carries the counts of the period shown by default (12m), the
    # scoring section the document of `dvcq score`.
    year = json.loads(status_json(example, monkeypatch, "--period", "12m"))
    assert json.loads(blocks["du-lieu-mo-hinh"]) == year["models"]
    monkeypatch.chdir(example)
    scored = runner.invoke(app, ["score", "--format", "json"])
    assert json.loads(blocks["du-lieu-cham-diem"]) == json.loads(scored.stdout)
    for period in ("6m", "9m", "12m"):
        printed = status_json(example, monkeypatch, "--period", period)
        assert json.loads(blocks[f"dvcq-status-{period}"]) == json.loads(printed)
        # The downloadable file is the command's output, byte for byte.
        assert (example / f"site/data/2024-{period}.json").read_text("utf-8") == printed


def test_the_rendered_table_shows_the_engine_figures(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke(example, monkeypatch).exit_code == 0
    html = (example / "site/index.html").read_text("utf-8")
    table = html[html.index('<table class="targets">'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr>\n(.*?)</tr>", table, re.S)
    document = json.loads(status_json(example, monkeypatch, "--period", "9m"))
    for row, target in zip(rows, document["targets"], strict=True):
        cells = re.findall(r'<td class="cell (\w+)">(.*?)</td>', row, re.S)
        status, shown = cells[1]  # 6m, 9m, 12m
        assert status == target["status"]
        if target["rate"]:
            assert f"{target['rate']} · " in shown
        word = {"met": "Met", "not_met": "Not met", "no_data": "Insufficient data"}
        assert f'<span class="word">{word[target["status"]]}</span>' in shown


def test_vietnamese_is_the_default_and_english_is_asked_for(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVCQ_LANG", "vi")
    set_language("vi")
    assert invoke(example, monkeypatch).exit_code == 0
    vi = (example / "site/index.html").read_text("utf-8")
    assert '<html lang="vi">' in vi
    assert "Chỉ tiêu qua các kỳ" in vi and "80% · 12/15 đơn vị" in vi
    assert "trên 80%" in vi and "từ 80% trở lên" in vi
    assert "Kế hoạch số 294/KH-VP ngày 08/4/2024" in vi
    assert "muộn 3 ngày" in vi and "Chưa đạt" in vi
    result = invoke(example, monkeypatch, "--lang", "en", "--output", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote en\n"
    en = (example / "en/index.html").read_text("utf-8")
    assert '<html lang="en">' in en and "Targets by period" in en
    assert '<h1 lang="vi">Thực hiện công tác Dân vận chính quyền năm 2024</h1>' in en
    # The same facts whatever the language of the words.
    assert parsed(vi.encode()).blocks == parsed(en.encode()).blocks


def test_units_are_in_vietnamese_order(example: Path) -> None:
    page = view.build_site(facts_of(example)).pages[0]
    assert isinstance(page, YearPage)
    names = [row.name for row in page.periods[1].units]
    assert names[:4] == ["Ban Tiếp công dân tỉnh", "Cổng thông tin điện tử tỉnh",
                         "Phòng Hành chính – Tổ chức", "Phòng Khoa giáo – Văn xã"]
    assert names[-3:] == ["Trung tâm Công báo – Tin học", "Trung tâm Hành chính công tỉnh",
                          "Trung tâm Hội nghị và Nhà khách tỉnh"]


# ---------------------------------------------------------------- untrusted text
HOSTILE_UNIT = '<script>alert("x")</script> & "Phòng" \'A\''
HOSTILE_TARGET = "</script><img src=x onerror=alert(1)> & “QCDC”"


def write_hostile(root: Path) -> Path:
    """A workspace whose names hold markup, ampersands and quotes."""
    plan = (MINI_PLAN.replace("name: Văn phòng Sở", f"name: {json.dumps(HOSTILE_UNIT)}")
            .replace("short: QCDC tốt", f"short: {json.dumps(HOSTILE_TARGET)}")
            .replace("label: 6 tháng đầu năm 2025", "label: 6 tháng & <b>đầu</b> năm")
            .replace("tot: Tốt", "tot: \"<i>Tốt</i>\""))
    return write_tree(root, {
        "plans/2025/plan.yaml": plan,
        "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
        "plans/2025/6m/tccb.yaml": MINI_ASSESSMENT.format(unit="tccb"),
    })


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return write_hostile(tmp_path)


def test_text_from_the_files_is_escaped(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(hostile, monkeypatch)
    assert result.exit_code == 0, result.output
    html = (hostile / "site/index.html").read_text("utf-8")
    assert "<script>alert" not in html and "<img" not in html and "<b>đầu" not in html
    assert ("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;Phòng&#34; &#39;A&#39;"
            in html)
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; “QCDC”" in html
    assert "6 tháng &amp; &lt;b&gt;đầu&lt;/b&gt; năm" in html
    assert "&lt;i&gt;Tốt&lt;/i&gt;" in html
    page = parsed(html.encode())
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert len(scripts) == 3  # the two periods' JSON and the page's own script
    assert [a.get("type") for a in scripts] == ["application/json"] * 2 + [None]
    # The JSON blocks hold the text exactly, and nothing in them closes the element.
    document = json.loads(page.blocks["dvcq-status-6m"])
    assert {u["id"]: u["name"] for u in document["units"]}["vp"] == HOSTILE_UNIT
    assert document["targets"][1]["short"] == HOSTILE_TARGET
    assert "</script" not in page.blocks["dvcq-status-6m"]


# ---------------------------------------------------------------- same data, same bytes
def test_same_data_gives_the_same_bytes(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke(example, monkeypatch).exit_code == 0
    first = site_files(example / "site")
    # Again, from a folder inside the workspace: the same site, in the same place.
    assert invoke(example / "plans/2024", monkeypatch).exit_code == 0
    assert site_files(example / "site") == first
    assert invoke(example, monkeypatch, "-o", "copy").exit_code == 0
    assert site_files(example / "copy") == first
    assert sorted(first) == ["2024.html", "data/2024-12m.json", "data/2024-6m.json",
                             "data/2024-9m.json", "index.html"]
    assert first["index.html"] == first["2024.html"]  # one year: the index is its page


def test_nothing_in_the_workspace_changes(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot_files(example / "plans")
    assert invoke(example, monkeypatch).exit_code == 0
    assert snapshot_files(example / "plans") == before


# ---------------------------------------------------------------- pages and sections
def test_several_years_get_an_index(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(example, {"plans/2025/plan.yaml": MINI_PLAN,
                         "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp")})
    result = invoke(example, monkeypatch)
    assert result.exit_code == 0, result.output
    files = site_files(example / "site")
    assert sorted(f for f in files if f.endswith(".html")) == [
        "2024.html", "2025.html", "index.html"]
    index = files["index.html"].decode()
    assert index.index('href="2025.html"') < index.index('href="2024.html"')
    assert "Dân vận chính quyền by year" in index
    assert '<td class="num">1/3</td>' in index  # 2025: 1 of 3 units sent
    year = files["2024.html"].decode()
    assert '<a href="2024.html" aria-current="page">2024</a>' in year
    assert '<a href="2025.html">2025</a>' in year
    only = invoke(example, monkeypatch, "--year", "2025", "-o", "only")
    assert only.exit_code == 0, only.output
    assert sorted(site_files(example / "only")) == [
        "2025.html", "data/2025-6m.json", "data/2025-q3.json", "index.html"]
    # Another office's plan: its own periods (a quarter), targets and units.
    page = view.build_site(facts_of(example, "2025")).pages[0]
    assert isinstance(page, YearPage)
    assert page.period_labels == ("6 tháng đầu năm 2025", "quý III năm 2025")
    assert [(row.name, row.required) for row in page.targets] == [
        ("Dân vận khéo", "at least 75%"), ("QCDC tốt", "over 50%")]
    assert [(c.rate, c.mark.code) for c in page.targets[0].cells] == [
        ("33,3%", "not_met"), ("—", "none")]


def test_a_period_without_files_is_not_counted_as_missed(example: Path) -> None:
    shutil.rmtree(example / "plans" / "2024" / "12m")  # the year not over yet
    page = view.build_site(facts_of(example)).pages[0]
    assert isinstance(page, YearPage)
    twelve = page.periods[2]
    assert (twelve.has_data, twelve.no_data) == (
        False, "No unit has sent a self-assessment for this period yet.")
    assert page.submissions_table[2] == ("năm 2024", "10/12/2024", "no data yet")
    assert "năm 2024: no data yet" in str(page.submissions_chart)
    assert page.chosen == "ky-9m"  # the period `dvcq status` shows by default


def test_report_files_are_copied_and_linked(example: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    reports = example / "reports"
    reports.mkdir()
    (reports / "2024-9m-bao-cao-dan-van-chinh-quyen.docx").write_bytes(b"docx" * 600)
    (reports / "2024-9m-bao-cao-dan-van-chinh-quyen.pdf").write_bytes(b"%PDF")
    (reports / "2024-6m-bao-cao.pdf").write_bytes(b"%PDF-6m")
    (reports / "2023-9m-bao-cao.pdf").write_bytes(b"other year")
    (reports / ".dvcq-x.tmp").write_bytes(b"temporary")
    secret = example / "secret.txt"
    secret.write_text("outside", encoding="utf-8")
    (reports / "2024-9m-link.pdf").symlink_to(secret)
    assert invoke(example, monkeypatch).exit_code == 0
    files = site_files(example / "site")
    assert sorted(f for f in files if f.startswith("reports/")) == [
        "reports/2024-6m-bao-cao.pdf", "reports/2024-9m-bao-cao-dan-van-chinh-quyen.docx",
        "reports/2024-9m-bao-cao-dan-van-chinh-quyen.pdf"]
    assert files["reports/2024-9m-bao-cao-dan-van-chinh-quyen.docx"] == b"docx" * 600
    html = files["index.html"].decode()
    section = html[html.index('<section id="bao-cao"'):]
    section = section[:section.index("</section>")]
    assert re.findall(r'<a href="([^"]+)">', section) == [
        "reports/2024-6m-bao-cao.pdf", "reports/2024-9m-bao-cao-dan-van-chinh-quyen.docx",
        "reports/2024-9m-bao-cao-dan-van-chinh-quyen.pdf"]
    assert "(2 KB)" in section
    assert '<a href="#bao-cao">Reports</a>' in html


def test_no_reports_no_reports_section(example: Path) -> None:
    page = view.build_site(facts_of(example)).pages[0]
    assert isinstance(page, YearPage)
    assert [section.id for section in page.sections] == ["cham-diem", "mo-hinh"]
    html = render.render_site(view.build_site(facts_of(example)))["index.html"].decode()
    assert 'id="bao-cao"' not in html and "Reports" not in html


def test_a_section_appears_only_when_its_builder_has_data(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """How a part joins the page: one builder, one template (the scoring and the models
    are two such parts)."""
    def example_part(year: YearFacts) -> Section | None:
        link = sections.Link("data/x.json", "Điểm <tự chấm>", "1 KB")
        return Section("vi-du", "Example part", "reports.html.j2",
                       (sections.PeriodReports("năm 2024", (link,)),),
                       (("dvcq-score", detail.script_json({"units": ["<b>"]})),))

    def empty_part(year: YearFacts) -> Section | None:
        return None  # a part with no data: no heading, no placeholder

    monkeypatch.setattr(sections, "SECTIONS", (*sections.SECTIONS, example_part, empty_part))
    html = render.render_site(view.build_site(facts_of(example)))["index.html"].decode()
    assert '<li><a href="#vi-du">Example part</a></li>' in html
    assert '<h2 id="vi-du-h">Example part</h2>' in html
    assert "Điểm &lt;tự chấm&gt;" in html
    assert json.loads(parsed(html.encode()).blocks["dvcq-score"]) == {"units": ["<b>"]}
    # at a glance, targets, submissions, periods, scoring, models, the example, data
    assert html.count("<h2") == 8


# ---------------------------------------------------------------- errors in the data
def break_file(root: Path, relative: str = "plans/2024/9m/hctc.yaml") -> None:
    path = root / relative
    path.write_text(path.read_text("utf-8").replace("qcdc: tot", "qcdc: tott"), "utf-8")


def test_errors_are_shown_and_the_broken_file_left_out(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    break_file(example)
    result = invoke(example, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr == ("note: 'dvcq check' finds 1 error(s); the pages say so at the "
                             "top\n")
    assert result.stdout == "wrote site\n"
    html = (example / "site/index.html").read_text("utf-8")
    assert "The data has errors: files with errors are not counted" in html
    assert re.search(r"<code>plans/2024/9m/hctc.yaml:\d+:\d+: &#39;tott&#39; is not one of",
                     html)
    document = json.loads(parsed(html.encode()).blocks["dvcq-status-9m"])
    assert document == json.loads(status_json(example, monkeypatch, "--period", "9m"))
    assert document["left_out"] == [{"path": "plans/2024/9m/hctc.yaml", "errors": 1,
                                     "warnings": 0}]
    assert "<li><code>plans/2024/9m/hctc.yaml</code></li>" in html
    page = view.build_site(facts_of(example)).pages[0]
    assert isinstance(page, YearPage)
    hctc = {row.name: row for row in page.periods[1].units}["Phòng Hành chính – Tổ chức"]
    assert hctc.absent is not None and hctc.absent.word == "File has errors"
    sent = {row.name: row for row in page.periods[1].submissions}["Phòng Hành chính – Tổ chức"]
    assert (sent.mark.code, sent.note) == ("rejected", "plans/2024/9m/hctc.yaml has errors")


def test_a_year_with_a_broken_plan_is_left_out(example: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(example, {"plans/2025/plan.yaml": MINI_PLAN.replace("year: 2025", "year: 2025\n"
                                                                   "unknown_key: 1")})
    result = invoke(example, monkeypatch)
    assert result.exit_code == 1
    files = site_files(example / "site")
    assert sorted(f for f in files if f.endswith(".html")) == ["2024.html", "index.html"]
    assert ("The plan plans/2025/plan.yaml has errors, so its year is not shown."
            in files["index.html"].decode())
    alone = invoke(example, monkeypatch, "--year", "2025", "-o", "only")
    assert alone.exit_code == 1
    assert alone.stderr == ("Error: no plan can be shown: plans/2025/plan.yaml have errors; "
                            "run 'dvcq check' to see them\n")
    assert not (example / "only").exists()


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}, check=True)
    return done.stdout


def commit_all(root: Path, message: str, day: str) -> str:
    git(root, "add", "-A")
    environment = {"GIT_COMMITTER_DATE": f"{day}T09:00:00+07:00",
                   "GIT_AUTHOR_DATE": f"{day}T09:00:00+07:00"}
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, check=True,
                   env={**os.environ, **GIT_ENV, **environment})
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def repository(example: Path) -> Path:
    """The example in git: a first commit of the data, then one that changes nothing in plans/."""
    git(example, "init", "-q", "-b", "main")
    (example / "README.md").write_text("plans\n", encoding="utf-8")
    commit_all(example, "Số liệu 9 tháng", "2024-09-13")
    (example / "README.md").write_text("plans of the office\n", encoding="utf-8")
    commit_all(example, "README", "2024-09-14")
    return example


def test_last_good_shows_the_newest_commit_that_passed(
        repository: Path, monkeypatch: pytest.MonkeyPatch,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    good = git(repository, "log", "-1", "--format=%H", "--", "plans").strip()
    clean = tmp_path_factory.mktemp("clean") / "site"
    assert invoke(repository, monkeypatch, "-o", str(clean)).exit_code == 0
    good_blocks = parsed((clean / "index.html").read_bytes()).blocks
    break_file(repository)
    bad = commit_all(repository, "Cập nhật <hctc> 9 tháng", "2024-09-16")
    result = invoke(repository, monkeypatch, "--last-good")
    assert result.exit_code == 1
    html = (repository / "site/index.html").read_text("utf-8")
    assert "The latest data has errors: this page shows the last data that passed" in html
    assert (f"The latest commit, {bad[:8]} of 16/9/2024 (“Cập nhật &lt;hctc&gt; 9 tháng”), "
            "has 1 error(s).") in html
    assert (f"This page shows the data of commit {good[:8]} of 13/9/2024 (“Số liệu 9 tháng”), "
            "the latest that passed &#39;dvcq check&#39;.") in html
    assert re.search(r"<code>plans/2024/9m/hctc.yaml:\d+:\d+: ", html)
    # The figures are those of the good commit, exactly.
    assert parsed(html.encode()).blocks == good_blocks
    # The repository is as it was: nothing staged, nothing extracted into it.
    assert git(repository, "status", "--porcelain") == "?? site/\n"


def test_last_good_in_a_workspace_inside_a_repository(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workspace is a folder of a larger repository (dvcq found from the folder up)."""
    workspace = tmp_path / "van-phong" / "dan-van"
    shutil.copytree(REPO / "plans", workspace / "plans")
    git(tmp_path, "init", "-q", "-b", "main")
    good = commit_all(tmp_path, "Số liệu", "2024-09-13")
    break_file(workspace)
    (tmp_path / "other.txt").write_text("a change elsewhere\n", encoding="utf-8")
    commit_all(tmp_path, "Hỏng", "2024-09-16")
    result = invoke(workspace / "plans", monkeypatch, "--last-good")
    assert result.exit_code == 1
    html = (workspace / "site/index.html").read_text("utf-8")
    assert f"This page shows the data of commit {good[:8]} of 13/9/2024" in html
    assert git(tmp_path, "status", "--porcelain") == "?? van-phong/dan-van/site/\n"


def test_last_good_with_changes_not_committed(repository: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    break_file(repository)
    result = invoke(repository, monkeypatch, "--last-good")
    assert result.exit_code == 1
    html = (repository / "site/index.html").read_text("utf-8")
    assert "The data being edited (not committed yet) has 1 error(s)." in html
    assert "the latest that passed" in html


def test_last_good_when_no_commit_passed(example: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    break_file(example)
    git(example, "init", "-q", "-b", "main")
    commit_all(example, "broken from the start", "2024-09-13")
    result = invoke(example, monkeypatch, "--last-good")
    assert result.exit_code == 1
    html = (example / "site/index.html").read_text("utf-8")
    assert ("No earlier commit passed &#39;dvcq check&#39; either: the figures below leave "
            "out the files with errors.") in html
    assert "<li><code>plans/2024/9m/hctc.yaml</code></li>" in html


def test_last_good_needs_git_only_when_the_data_has_errors(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean = invoke(example, monkeypatch, "--last-good")
    assert clean.exit_code == 0, clean.output
    break_file(example)
    result = invoke(example, monkeypatch, "--last-good")
    assert result.exit_code == 1
    html = (example / "site/index.html").read_text("utf-8")
    assert (f"{example} is not in a git repository, so the last version that passed "
            "&#39;dvcq check&#39; cannot be found. The figures below leave out the files "
            "with errors until they are fixed.") in html.replace("</p>\n<p>", " ")
    assert "<li><code>plans/2024/9m/hctc.yaml</code></li>" in html


# ---------------------------------------------------------------- the site folder
def test_the_folder_is_replaced_as_a_whole(example: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke(example, monkeypatch).exit_code == 0
    (example / "site/old-page.html").write_text("stale", encoding="utf-8")
    assert invoke(example, monkeypatch).exit_code == 0
    assert "old-page.html" not in site_files(example / "site")
    assert [p.name for p in example.iterdir() if p.name.startswith(".dvcq")] == []


def test_a_folder_it_did_not_write_is_never_replaced(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = example / "Documents"
    mine.mkdir()
    (mine / "index.html").write_text("<html>my page</html>", encoding="utf-8")
    result = invoke(example, monkeypatch, "--output", "Documents")
    assert result.exit_code == 2
    assert result.stderr == ("Error: Documents holds files that dvcq dashboard did not write; it "
                             "replaces only a folder it made. Give --output an empty or new "
                             "folder\n")
    assert site_files(mine) == {"index.html": b"<html>my page</html>"}
    (example / "notes.txt").write_text("x", encoding="utf-8")
    file_output = invoke(example, monkeypatch, "--output", "notes.txt")
    assert file_output.exit_code == 2
    assert file_output.stderr == ("Error: notes.txt is a file, not a folder; give --output a "
                                  "folder\n")
    empty = example / "empty"
    empty.mkdir()
    assert invoke(example, monkeypatch, "-o", "empty").exit_code == 0
    assert (empty / "index.html").is_file()


def test_missing_parent_folders_are_created(example: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(example, monkeypatch, "-o", "public/dashboard")
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote public/dashboard\n"
    assert (example / "public/dashboard/index.html").is_file()


def test_a_read_only_folder_leaves_the_old_site(example: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    if os.name != "posix":
        pytest.skip("folder permissions are POSIX modes")
    assert invoke(example, monkeypatch).exit_code == 0
    before = site_files(example / "site")
    break_file(example)  # the new site would differ
    example.chmod(0o555)
    try:
        done = run_unprivileged(example, ["dashboard"], "en")
    finally:
        example.chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert done.stderr == "Error: cannot write site: Permission denied\n"
    assert site_files(example / "site") == before


@pytest.mark.parametrize("failing", ["write", "second rename"])
def test_a_failed_write_keeps_the_old_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             failing: str) -> None:
    site = tmp_path / "site"
    atomic.write_folder(site, {"index.html": b"old", "data/a.json": b"{}"})
    renames = []
    real_rename = os.rename

    def rename(source: Any, target: Any) -> None:
        renames.append(Path(target).name)
        if failing == "second rename" and len(renames) == 2:
            raise OSError(28, "No space left on device")
        real_rename(source, target)

    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "rename", rename)
    if failing == "write":
        monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt if failing == "write" else OSError):
        atomic.write_folder(site, {"index.html": b"new"})
    monkeypatch.undo()
    assert site_files(site) == {"data/a.json": b"{}", "index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_written_files_have_ordinary_modes(tmp_path: Path) -> None:
    atomic.write_folder(tmp_path / "site", {"index.html": b"x", "data/a.json": b"{}"})
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "site").stat().st_mode & 0o777 == 0o777 & ~mask
    assert (tmp_path / "site/index.html").stat().st_mode & 0o777 == 0o666 & ~mask


# ---------------------------------------------------------------- usage
def test_usage_errors(example: Path, monkeypatch: pytest.MonkeyPatch,
                      tmp_path_factory: pytest.TempPathFactory) -> None:
    unknown = invoke(example, monkeypatch, "--year", "2030")
    assert (unknown.exit_code, unknown.stderr) == (
        2, "Error: no plan for year 2030; the workspace has: 2024\n")
    language = invoke(example, monkeypatch, "--lang", "fr")
    assert (language.exit_code, language.stderr) == (
        2, "Error: invalid value for --lang: 'fr' is not one of: vi, en (see 'dvcq dashboard "
           "--help')\n")
    nowhere = tmp_path_factory.mktemp("nowhere")
    missing = invoke(nowhere, monkeypatch)
    assert missing.exit_code == 2
    assert missing.stderr.startswith("Error: no dvcq workspace here")
    assert not (example / "site").exists()


def test_help_names_every_option(monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["dashboard", "--help"])
    assert result.exit_code == 0
    for option in ("--year", "--output", "--lang", "--last-good"):
        assert option in result.output
