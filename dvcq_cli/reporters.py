"""Ways of printing problems: plain text, JSON, GitHub annotations, JUnit XML (for GitLab).
Chosen by `--format`.

Reporters return strings; only the CLI writes them out.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from dvcq_cli.i18n import N_, _
from dvcq_cli.problems import Problem, cell_name, count

SEVERITY_LABELS = {"error": N_("error"), "warning": N_("warning")}


def _severity(p: Problem) -> str:
    return _(SEVERITY_LABELS[p.severity.value])


def text(problems: list[Problem], files_checked: int) -> str:
    lines = [f"{p.location()}: {_severity(p)}: {p.message} ({p.code})" for p in problems]
    lines.append(summary(problems, files_checked))
    return "\n".join(lines)


def summary(problems: list[Problem], files_checked: int) -> str:
    errors, warnings = count(problems)
    if not problems:
        return _("{files} file(s) checked: no problems").format(files=files_checked)
    return _("{files} file(s) checked: {errors} error(s), {warnings} warning(s)").format(
        files=files_checked, errors=errors, warnings=warnings)


def as_json(problems: list[Problem], files_checked: int) -> str:
    errors, warnings = count(problems)
    document = {
        "files_checked": files_checked,
        "errors": errors,
        "warnings": warnings,
        "problems": [_json_problem(p) for p in problems],
    }
    import json  # only for --format json: json costs 1.5 ms to import

    return json.dumps(document, ensure_ascii=False, indent=2)


def _json_problem(p: Problem) -> dict[str, object]:
    """A problem as JSON; a spreadsheet cell adds `sheet` and `cell` (`line` is then the row)."""
    found: dict[str, object] = {"path": p.path, "line": p.line, "column": p.column,
                                "severity": p.severity.value, "code": p.code,
                                "message": p.message}
    if p.sheet is not None:
        found["sheet"] = p.sheet
        found["cell"] = cell_name(p.line, p.column) if p.line > 0 else None
    return found


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: list[Problem], files_checked: int) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    lines = []
    for p in problems:
        props = [f"file={_escape_property(p.path)}"]
        message = p.message
        if p.sheet is not None:  # a spreadsheet has no lines to annotate: the cell goes first
            message = f"{p.location().removeprefix(p.path + '!')}: {message}"
        elif p.line > 0:
            props += [f"line={p.line}", f"col={p.column}"]
        props.append(f"title={_escape_property(p.code)}")
        lines.append(f"::{p.severity.value} {','.join(props)}::{_escape_data(message)}")
    lines.append(summary(problems, files_checked))
    return "\n".join(lines)


# What XML 1.0 does not allow. Written as the characters refused rather than as the
# complement of those allowed: the same set, but compiled in 0.1 ms instead of 7 ms on every
# `dvcq check`.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _problem_line(p: Problem) -> str:
    return f"{p.location()}: {_severity(p)}: {p.message} ({p.code})"


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def junit(problems: list[Problem], files_checked: int) -> str:
    """JUnit XML, the test report GitLab shows in merge requests (`artifacts:reports:junit`).

    One test case per file with problems: a failure per error, its warnings as output (they
    fail nothing without --strict); and one test case `dvcq check` for the whole run, so that
    a clean workspace still reports a passed test.
    """
    from xml.etree import ElementTree as ET

    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    failed = sum(1 for found in by_file.values() if any(p.is_error for p in found))
    counts = {"tests": str(len(by_file) + 1), "failures": str(failed), "errors": "0"}
    root = ET.Element("testsuites", {"name": "dvcq check", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "dvcq check", **counts, "skipped": "0"})
    for path, found in by_file.items():
        case = ET.SubElement(suite, "testcase", {"classname": "dvcq check",
                                                 "name": _xml_text(path),
                                                 "file": _xml_text(path)})
        for p in found:
            if p.is_error:
                line = _xml_text(_problem_line(p))
                ET.SubElement(case, "failure", {"message": line}).text = line
        warnings = [_problem_line(p) for p in found if not p.is_error]
        if warnings:
            ET.SubElement(case, "system-out").text = _xml_text("\n".join(warnings))
    whole = ET.SubElement(suite, "testcase", {"classname": "dvcq check", "name": "dvcq check"})
    ET.SubElement(whole, "system-out").text = _xml_text(summary(problems, files_checked))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


REPORTER_BY_NAME: dict[str, Callable[[list[Problem], int], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "junit": junit,
}
FORMATS = ("auto", *REPORTER_BY_NAME)


def resolve_format(name: str, environ: dict[str, str] | None = None) -> str:
    """`auto` is `github` under GitHub Actions, else `text`."""
    env = os.environ if environ is None else environ
    if name == "auto":
        return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"
    return name
