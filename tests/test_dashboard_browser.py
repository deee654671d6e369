"""The dashboard in a real browser: headless Chromium opens the pages from disk and from a
web server, on a phone's width and a desktop's, with and without JavaScript, and prints them.

Screenshots of every width are kept in build/dashboard-screenshots/ (with the A4 print as a
PDF), for a person to look at; CI keeps that folder as an artefact.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import CHROMIUM, Chromium
from conftest import REPO
from test_dashboard import HOSTILE_TARGET, HOSTILE_UNIT, build_dashboard, write_hostile

SHOTS = REPO / "build" / "dashboard-screenshots"
WIDTHS = {"phone": 375, "desktop": 1366}
TARGETS = ["Quán triệt Kế hoạch, đưa nhiệm vụ dân vận vào chương trình công tác năm",
           "Lãnh đạo chỉ đạo hoạt động dân vận thiết thực; tuyên truyền, vận động CCVC",
           "Triển khai đầy đủ công tác dân vận chính quyền và quy chế dân chủ ở cơ sở",
           "Đạt tiêu chí “Dân vận khéo”", "Thực hiện tốt quy chế dân chủ ở cơ sở"]
UNITS = ["Ban Tiếp công dân tỉnh", "Phòng Hành chính – Tổ chức", "Phòng Kinh tế",
         "Phòng Thư ký – Biên tập", "Trung tâm Hội nghị và Nhà khách tỉnh"]

# Elements wider than the window are allowed only inside a table's own scrolling box.
OVERFLOWING = """(() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(e => !e.closest('.table-wrap') && e.getBoundingClientRect().right > width + 0.5)
    .map(e => e.tagName + '.' + e.className);
})()"""
SCROLLING_TABLES = """[...document.querySelectorAll('.table-wrap')]
  .filter(w => w.scrollWidth > w.clientWidth + 1 && w.offsetParent !== null)
  .map(w => w.querySelector('caption').textContent)"""
LINKS = """[...document.querySelectorAll('a[href]')].map(a => a.href)
  .filter(h => !h.includes('#'))"""
VISIBLE_PERIODS = """[...document.querySelectorAll('[data-period-panel]')]
  .filter(p => p.offsetParent !== null).map(p => p.id)"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs it (Debian package chromium)")
        pytest.skip("Chromium is not installed (Debian package chromium)")
    with Chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example workspace's site in Vietnamese and in English, and a hostile one."""
    example = tmp_path_factory.mktemp("example")
    shutil.copytree(REPO / "plans", example / "plans")
    reports = example / "reports"
    reports.mkdir()
    (reports / "2024-9m-bao-cao-dan-van-chinh-quyen.docx").write_bytes(b"PK" + b"0" * 4000)
    hostile = write_hostile(tmp_path_factory.mktemp("hostile"))
    return {"vi": build_dashboard(example, "--lang", "vi"),
            "en": build_dashboard(example, "--lang", "en", "--output", "site-en"),
            "hostile": build_dashboard(hostile, "--lang", "vi")}


def page_url(site: Path, name: str = "index.html") -> str:
    return (site / name).as_uri()


# ---------------------------------------------------------------- from disk, two widths
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_page_from_disk(browser: Chromium, sites: dict[str, Path], language: str,
                            width: str) -> None:
    site = sites[language]
    url = page_url(site)
    browser.open(url, width=WIDTHS[width])
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.screenshot(SHOTS / f"{language}-{width}-{WIDTHS[width]}px.png")
    # Nothing is requested but the page itself: no stylesheet, font, script or image.
    assert browser.log.requests == [url]
    assert browser.log.errors() == []
    text = browser.evaluate("document.body.innerText")
    for name in TARGETS + UNITS:
        assert name in text
    words = {"vi": ("Đạt", "Chưa đạt", "Chưa gửi", "Gửi muộn", "trên 80%", "80%", "93,3%"),
             "en": ("Met", "Not met", "Not submitted", "Late", "over 80%", "80%", "93,3%")}
    for word in words[language]:
        assert word in text
    # No sideways scrolling of the page, and on the example no table needs its own either.
    assert browser.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]
    assert browser.evaluate(OVERFLOWING) == []
    assert browser.evaluate(SCROLLING_TABLES) == []
    # One period at a time: the one `dvcq status` shows by default (the latest with files).
    assert browser.evaluate(VISIBLE_PERIODS) == ["ky-12m"]
    # Every link leads to a file beside the page.
    for link in browser.evaluate(LINKS):
        assert link.startswith(site.as_uri() + "/")
        assert Path(urllib.request.url2pathname(link[len("file://"):])).is_file(), link


def test_the_period_chooser(browser: Chromium, sites: dict[str, Path]) -> None:
    browser.open(page_url(sites["vi"]))
    browser.evaluate("document.querySelector('a[href=\"#ky-6m\"]').click()")
    assert browser.evaluate(VISIBLE_PERIODS) == ["ky-6m"]
    assert browser.evaluate(
        "document.querySelector('[aria-current=true]').getAttribute('href')") == "#ky-6m"
    browser.open(page_url(sites["vi"]) + "#ky-9m")
    assert browser.evaluate(VISIBLE_PERIODS) == ["ky-9m"]
    text = browser.evaluate("document.querySelector('#ky-9m').innerText")
    assert "Phòng Thư ký – Biên tập\t✗ Chưa gửi" in text
    assert browser.log.errors() == []


def test_without_javascript_every_period_is_shown(browser: Chromium,
                                                  sites: dict[str, Path]) -> None:
    browser.open(page_url(sites["vi"]), width=WIDTHS["phone"], script=False)
    browser.screenshot(SHOTS / "vi-phone-375px-no-javascript.png")
    assert browser.evaluate(VISIBLE_PERIODS) == ["ky-6m", "ky-9m", "ky-12m"]
    assert browser.evaluate(
        "[...document.querySelectorAll('.period-links a')].map(a => a.getAttribute('href'))"
    ) == ["#ky-6m", "#ky-9m", "#ky-12m"]
    assert browser.evaluate("document.documentElement.scrollWidth") <= WIDTHS["phone"]
    assert browser.evaluate(OVERFLOWING) == []
    assert browser.log.requests == [page_url(sites["vi"])]


def test_text_from_the_files_stays_text(browser: Chromium, sites: dict[str, Path]) -> None:
    browser.open(page_url(sites["hostile"]))
    text = browser.evaluate("document.body.innerText")
    assert HOSTILE_UNIT in text and HOSTILE_TARGET in text
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    assert browser.log.dialogs == []
    assert browser.log.errors() == []
    assert browser.log.requests == [page_url(sites["hostile"])]


# ---------------------------------------------------------------- the checks can fail
def test_the_checks_see_requests_and_errors(browser: Chromium, tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html lang=vi><title>x</title>"
                    "<img src='http://127.0.0.1:9/x.png' alt=x>"
                    "<div style='width:2000px'>wide</div>"
                    "<script>console.error('broken')</script>", encoding="utf-8")
    browser.open(page.as_uri(), width=WIDTHS["phone"])
    assert "http://127.0.0.1:9/x.png" in browser.log.requests
    assert "error: broken" in browser.log.errors()
    assert browser.evaluate(OVERFLOWING) == ["DIV."]


# ---------------------------------------------------------------- from a web server
class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def test_the_site_from_a_web_server(browser: Chromium, sites: dict[str, Path]) -> None:
    handler = functools.partial(_Quiet, directory=str(sites["vi"]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        origin = f"http://127.0.0.1:{server.server_address[1]}/"
        browser.open(origin)
        assert browser.log.requests == [origin]
        assert browser.log.errors() == []
        assert "Chỉ tiêu qua các kỳ" in browser.evaluate("document.body.innerText")
        # Every link of the page leads to a file the server has: the data, the reports.
        links = browser.evaluate(LINKS)
        assert origin + "data/2024-9m.json" in links
        assert origin + "reports/2024-9m-bao-cao-dan-van-chinh-quyen.docx" in links
        for link in links:
            with urllib.request.urlopen(link, timeout=10) as answer:  # noqa: S310 - loopback
                assert answer.status == 200
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------- on paper
def test_printed_on_a4(browser: Chromium, sites: dict[str, Path]) -> None:
    browser.open(page_url(sites["vi"]), width=794)
    pdf = browser.pdf()
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "vi-a4.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    boxes = {tuple(float(v) for v in box.split())
             for box in re.findall(rb"/MediaBox \[0 0 ([0-9. ]+)\]", pdf)}
    assert len(boxes) == 1
    ((width, height),) = boxes
    assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5  # A4 portrait, in points
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= pages <= 6, pages  # the overview, the targets, the period chosen
    # The print style sheet: nothing wider than A4's printable width (184 mm ≈ 695 px).
    browser.send("Emulation.setEmulatedMedia", media="print")
    browser.send("Emulation.setDeviceMetricsOverride", width=695, height=1000,
                 deviceScaleFactor=1, mobile=False)
    assert browser.evaluate("document.documentElement.scrollWidth") <= 695
    assert browser.evaluate(OVERFLOWING) == []
    assert browser.evaluate("getComputedStyle(document.querySelector('nav.contents')).display"
                            ) == "none"
