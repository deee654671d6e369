"""Ways of printing problems: plain text, JSON, GitHub annotations. Chosen by `--format`.

Reporters return strings; only the CLI writes them out.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from dvcq_cli.i18n import _
from dvcq_cli.problems import Problem, count


def text(problems: list[Problem], files_checked: int) -> str:
    lines = [f"{p.location()}: {_(p.severity.value)}: {p.message} ({p.code})" for p in problems]
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
        "problems": [
            {"path": p.path, "line": p.line, "column": p.column, "severity": p.severity.value,
             "code": p.code, "message": p.message}
            for p in problems
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: list[Problem], files_checked: int) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    lines = []
    for p in problems:
        props = [f"file={_escape_property(p.path)}"]
        if p.line > 0:
            props += [f"line={p.line}", f"col={p.column}"]
        props.append(f"title={_escape_property(p.code)}")
        lines.append(f"::{p.severity.value} {','.join(props)}::{_escape_data(p.message)}")
    lines.append(summary(problems, files_checked))
    return "\n".join(lines)


REPORTER_BY_NAME: dict[str, Callable[[list[Problem], int], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
}
FORMATS = ("auto", *REPORTER_BY_NAME)


def resolve_format(name: str, environ: dict[str, str] | None = None) -> str:
    """`auto` is `github` under GitHub Actions, else `text`."""
    env = os.environ if environ is None else environ
    if name == "auto":
        return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"
    return name
