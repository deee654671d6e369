"""The page model as HTML files: jinja2 templates with autoescape, everything inlined.

Every text from the plan and the self-assessments is untrusted: jinja2 escapes it
(`autoescape`), and an undefined name stops rendering (`StrictUndefined`) instead of leaving
a hole. The stylesheet and the script are put inside each page, and a Content-Security-Policy
lets the page load nothing at all beyond them (the two are allowed by their hashes): opened
from disk or from any server, the page makes no request, and a stray address in the data
could not make it make one.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from dvcq_cli import __version__
from dvcq_cli.dashboard import GENERATOR
from dvcq_cli.dashboard.page import IndexPage, SiteView, YearPage

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


def _asset(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode(
        "ascii") + "'"


def content_security_policy(css: str, js: str) -> str:
    return (f"default-src 'none'; style-src {_digest(css)}; script-src {_digest(js)}; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def render_site(site: SiteView) -> dict[str, bytes]:
    """Every file of the site: the pages, the JSON documents and the report files."""
    css, js = _asset("dashboard.css"), _asset("dashboard.js")
    common = {
        "site": site, "t": site.words, "css": Markup(css), "js": Markup(js),
        "csp": content_security_policy(css, js),
        "generator": f"{GENERATOR} {__version__}",
        # Names and labels from the plan are Vietnamese whatever the page's language.
        "data_lang": Markup(' lang="vi"') if site.lang != "vi" else Markup(""),
    }
    files: dict[str, bytes] = {}
    for page in site.pages:
        name = "year.html.j2" if isinstance(page, YearPage) else "index.html.j2"
        assert isinstance(page, (YearPage, IndexPage))
        html = environment().get_template(name).render(page=page, **common)
        files[page.file] = html.encode("utf-8")
    for path, original in site.copies.items():
        files[path] = files[original]
    for path, text in site.data.items():
        files[path] = text.encode("utf-8")
    files.update(site.reports)
    return files
