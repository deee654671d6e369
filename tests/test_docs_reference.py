"""The reference pages cannot fall behind the program: every command and option of the CLI
(read from the typer app), and every problem code the code can report (read from its
source), is documented, in Vietnamese (docs/tham-chieu/) and in English (docs/en/reference/).
A new option or code without its documentation fails here.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import pytest
import typer.main
from conftest import REPO

from dvcq_cli.cli import app

COMMAND_PAGES = ["docs/tham-chieu/lenh.md", "docs/en/reference/commands.md"]
CODE_PAGES = ["docs/tham-chieu/ma-loi.md", "docs/en/reference/problem-codes.md"]

# Hyphenated words in the code that are not problem codes: parts of git, HTML and JUnit.
NOT_CODES = {"cat-file", "rev-parse", "system-out", "python-brace-format", "dvcq-form",
             "dvcq-rendered-body", "bao-cao"}
CODE_LIKE = re.compile(r"[a-z]+(?:-[a-z]+)+\Z")


def commands() -> dict[str, Any]:
    """'' for the program itself (its global options), 'check', 'new plan', … for the rest."""
    found: dict[str, Any] = {}

    def walk(command: Any, path: str) -> None:
        found[path] = command
        for name, sub in getattr(command, "commands", {}).items():
            if not sub.hidden:
                walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    return found


def options(command: Any) -> list[str]:
    return [name for param in command.params
            if param.param_type_name == "option" and not getattr(param, "hidden", False)
            for name in (*param.opts, *param.secondary_opts)]


def sections(text: str, command: str) -> str:
    """The parts of a page under every heading that names `dvcq COMMAND` in code, each up to
    the next heading of the same or a higher level."""
    lines = text.splitlines()
    named = re.compile(r"`dvcq" + (" " + re.escape(command) if command else "") + r"(?=[` \[])")
    parts = []
    for index, line in enumerate(lines):
        heading = re.match(r"(#+) ", line)
        if heading and named.search(line):
            level = len(heading.group(1))
            end = next((i for i in range(index + 1, len(lines))
                        if (m := re.match(r"(#+) ", lines[i])) and len(m.group(1)) <= level
                        and not _in_fence(lines, i)), len(lines))
            parts.append("\n".join(lines[index:end]))
    return "\n".join(parts)


def _in_fence(lines: list[str], index: int) -> bool:
    return sum(line.startswith("```") for line in lines[:index]) % 2 == 1


def problem_codes() -> set[str]:
    """Every hyphenated string the package writes as a literal, outside the dashboard's HTML:
    the problem codes (each appears where a problem is made)."""
    package = REPO / "dvcq_cli"
    found = set()
    for path in package.rglob("*.py"):
        if "dashboard" in path.relative_to(package).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and CODE_LIKE.match(node.value)):
                found.add(node.value)
    return found - NOT_CODES


def test_the_lists_are_read_from_the_program() -> None:
    found = commands()
    assert {"", "check", "fix", "status", "report", "new assessment", "new plan"} <= set(found)
    assert "--strict" in options(found["check"]) and "-w" in options(found["fix"])
    assert "--lang" in options(found[""])
    codes = problem_codes()
    assert {"choice-invalid", "yaml-tab", "file-empty", "form-extra", "text-mojibake",
            "ambiguous-number", "grade-mismatch", "bands-invalid", "indicator-inconsistent",
            "activity-kind-missing", "rule-invalid", "target-invalid"} <= codes
    assert len(codes) > 60


@pytest.mark.parametrize("page", COMMAND_PAGES)
def test_every_command_and_option_is_documented(page: str) -> None:
    text = (REPO / page).read_text("utf-8")
    missing = []
    for command, definition in commands().items():
        part = sections(text, command)
        if not part:
            missing.append(f"a heading naming `dvcq {command}`" if command else
                           "a heading naming `dvcq` (the global options)")
            continue
        missing += [" ".join(("dvcq", command, option)).replace("  ", " ")
                    for option in options(definition)
                    if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", part)]
    assert missing == [], f"{page} does not document:\n" + "\n".join(missing)


def code_rows(page: str) -> dict[str, list[str]]:
    """The rows of a page's table of codes: `| `code` | severity | meaning | wrong | right |`."""
    rows = {}
    for line in (REPO / page).read_text("utf-8").splitlines():
        match = re.match(r"\| `([a-z]+(?:-[a-z]+)+)` \|(.*)\|\s*\Z", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split(" | ")]
    return rows


@pytest.mark.parametrize("page", CODE_PAGES)
def test_every_problem_code_is_documented_with_a_wrong_and_a_right_example(page: str) -> None:
    rows = code_rows(page)
    missing = sorted(problem_codes() - set(rows))
    assert missing == [], f"{page} has no row for: {', '.join(missing)}"
    incomplete = [code for code, cells in rows.items()
                  if len(cells) != 4 or not all(cells)]
    assert incomplete == [], (f"{page}: rows without severity, meaning, a failing and a "
                              f"passing example: {incomplete}")
    unknown = sorted(set(rows) - problem_codes())
    assert unknown == [], f"{page} documents codes dvcq no longer reports: {unknown}"


def test_the_two_languages_document_the_same_codes() -> None:
    vietnamese, english = (code_rows(page) for page in CODE_PAGES)
    assert set(vietnamese) == set(english)
    severities = {code: cells[0].split()[0].strip("`") for code, cells in english.items()}
    assert {code for code, word in severities.items() if word == "warning"} == {
        code for code, cells in vietnamese.items() if cells[0].startswith("cảnh báo")}


def test_the_sections_finder() -> None:
    text = ("# Lệnh\n## `dvcq check`\n`--strict`\n### Ví dụ\n```\n# not a heading\n```\n"
            "`--quiet`\n## `dvcq checkout`\n`--x`\n")
    part = sections(text, "check")
    assert "`--strict`" in part and "`--quiet`" in part and "--x" not in part
    assert sections(text, "status") == ""
