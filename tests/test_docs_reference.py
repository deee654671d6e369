"""The reference pages cannot fall behind the program: every command and option of the CLI
(read from the typer app), and every problem code the code can report (read from its
source), is documented, in Vietnamese (docs/tham-chieu/) and in English (docs/en/reference/).
A new option or code without its documentation fails here.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml
from conftest import REPO

from dvcq_cli.cli import app
from dvcq_cli.commands import report_command

COMMAND_PAGES = ["docs/tham-chieu/lenh.md", "docs/en/reference/commands.md"]
CODE_PAGES = ["docs/tham-chieu/ma-loi.md", "docs/en/reference/problem-codes.md"]

# Hyphenated words in the code that are not problem codes: parts of git, HTML, JUnit, and
# the programs dvcq runs, words of messages.
NOT_CODES = {"cat-file", "rev-parse", "system-out", "python-brace-format", "dvcq-form",
             "dvcq-rendered-body", "bao-cao", "fc-list", "self-score", "sub-item"}
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


# ---------------------------------------------------------------- the JSON shapes
JSON_PAGES = ["docs/tham-chieu/json.md", "docs/en/reference/json.md"]


def key_paths(value: Any, prefix: str = "") -> set[str]:
    """`a.b`, `a[].c`: every key of a JSON document, lists' items merged."""
    if isinstance(value, dict):
        return {path for key, item in value.items()
                for path in {f"{prefix}{key}", *key_paths(item, f"{prefix}{key}.")}}
    if isinstance(value, list):
        return {path for item in value for path in key_paths(item, f"{prefix[:-1]}[].")}
    return set()


def real_status(workspace: Path) -> Any:
    """`dvcq status --format json` on the example workspace with a comparison, a file with an
    error and a file misnamed, so that every part of the shape is there."""
    shutil.copytree(REPO / "plans", workspace / "plans")
    period = workspace / "plans/2024/9m"
    broken = period / "hctc.yaml"
    broken.write_text(broken.read_text("utf-8").replace("qcdc: tot", "qcdc: tott"), "utf-8")
    (period / "kgvx.yaml").rename(period / "kgvx.YAML")
    result = subprocess.run(
        [sys.executable, "-m", "dvcq_cli", "status", "-p", "9m", "-c", "6m", "-f", "json"],
        cwd=workspace, capture_output=True, text=True, check=False,
        env={**os.environ, "DVCQ_LANG": "en"})
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("page", JSON_PAGES)
def test_the_status_shape_shown_is_the_one_dvcq_prints(page: str, tmp_path: Path) -> None:
    text = (REPO / page).read_text("utf-8")
    blocks = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.S)
              if '"format_version"' in block]
    assert len(blocks) == 1, f"{page}: one example of the status document"
    real = key_paths(real_status(tmp_path))
    assert key_paths(blocks[0]) - real == set(), f"{page} shows fields dvcq does not write"
    assert {"compare.units[].before_value", "targets[].evidence[].item",
            "left_out[].rename_to"} <= real
    named = {word for span in re.findall(r"`([^`\n]+)`", text)
             for word in re.findall(r"[a-z_]+", span)}
    named |= {path.rpartition(".")[2].removesuffix("[]") for path in key_paths(blocks[0])}
    unnamed = sorted({path.rpartition(".")[2].removesuffix("[]") for path in real} - named)
    assert unnamed == [], f"{page} does not name these fields of the status document: {unnamed}"


# ---------------------------------------------------------------- the Word template's names
TEMPLATE_PAGES = ["docs/tham-chieu/mau-word.md", "docs/en/reference/report.md"]


def template_names() -> set[str]:
    """The names the report gives the template, and the keys of the rows it loops over."""
    prepared = report_command.prepare(REPO, "9m")
    assert isinstance(prepared, report_command.PreparedReport)
    names = set(prepared.context)
    for value in prepared.context.values():
        rows = [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []
        for row in rows:
            names |= set(row)
            names |= {key for point in row.get("points", []) for key in point}
    return names


@pytest.mark.parametrize("page", TEMPLATE_PAGES)
def test_every_name_the_template_can_use_is_documented(page: str) -> None:
    text = (REPO / page).read_text("utf-8")
    table = [line for line in text.splitlines() if line.startswith("| `")]
    named = set(re.findall(r"`([a-z_]+)`", "\n".join(table)))
    names = template_names()
    assert {"subject", "targets", "annex_rows", "verdict", "paragraphs"} <= names
    assert sorted(names - named) == [], f"{page} does not name: {sorted(names - named)}"
    first_column = {span for line in table for span in re.findall(r"`([a-z_]+)`",
                                                                  line.split(" | ")[0])}
    assert sorted(first_column - names) == [], (
        f"{page} names what the template does not get: {sorted(first_column - names)}")


# ---------------------------------------------------------------- commands written, not run
PAGES = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
SYNOPSIS = re.compile(r"[\[\]|(){}…<>]|\b[A-ZĐ_]{3,}\b")  # `dvcq check [PATHS…]`, `--period KỲ`


def written_commands() -> list[tuple[str, str]]:
    """(page, command) for every `dvcq …` line in a code block that is not a run (no `$ `)
    and every `dvcq …` in inline code, synopses with placeholders left out."""
    found = []
    for page in PAGES:
        text = page.read_text("utf-8")
        blocks = re.findall(r"^ *```[^\n]*\n(.*?)^ *```", text, re.S | re.M)
        lines = [line.strip() for block in blocks if not re.search(r"^ *\$ ", block, re.M)
                 for line in block.splitlines() if line.strip().startswith("dvcq ")]
        spans = re.findall(r"`(dvcq [^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
        for command in lines + spans:
            command = re.split(r"\s+#|\s[|>&]", command)[0].strip()
            if not SYNOPSIS.search(command):
                found.append((page.relative_to(REPO).as_posix(), command))
    return found


def unknown_words(command: str) -> list[str]:
    """The commands and options of a command line that dvcq does not have."""
    known = commands()
    words = shlex.split(command)[1:]
    path: list[str] = []
    wrong = []
    for word in words:
        if word in ("-h", "--help"):
            continue
        if word.startswith("-"):
            if word.split("=")[0] not in options(known[" ".join(path)]):
                wrong.append(word)
        elif not path or " ".join(path) in ("new",):
            if " ".join([*path, word]) in known:
                path.append(word)
            elif not path and word not in ("vi", "en"):
                wrong.append(word)
    return wrong


def test_commands_written_in_the_docs_exist() -> None:
    written = written_commands()
    assert ("docs/hctc.md", "dvcq status --period 9m --compare 6m") in written
    wrong = [f"{page}: `{command}`: {unknown_words(command)}" for page, command in written
             if unknown_words(command)]
    assert wrong == []


def test_the_command_reader() -> None:
    assert unknown_words("dvcq --lang en status -p 9m --compare 6m") == []
    assert unknown_words("dvcq new assessment --all --period 12m") == []
    assert unknown_words("dvcq status --perod 9m") == ["--perod"]
    assert unknown_words("dvcq statsu") == ["statsu"]
    assert unknown_words("dvcq report --period=9m --pfd") == ["--pfd"]


# ---------------------------------------------------------------- YAML shown in the docs
def yaml_blocks() -> list[tuple[str, int, str]]:
    found = []
    for page in PAGES:
        text = page.read_text("utf-8")
        for match in re.finditer(r"^( *)```yaml\n(.*?)^ *```", text, re.S | re.M):
            body = "\n".join(line[len(match.group(1)):]
                             for line in match.group(2).splitlines())
            found.append((page.relative_to(REPO).as_posix(),
                          text[:match.start()].count("\n") + 1, body))
    return found


def measures_in(value: Any) -> list[str]:
    if isinstance(value, dict):
        own = list(value["measure"]) if isinstance(value.get("measure"), dict) else []
        return own + [found for item in value.values() for found in measures_in(item)]
    if isinstance(value, list):
        return [found for item in value for found in measures_in(item)]
    return []


def test_yaml_shown_in_the_docs_is_yaml_and_names_real_measures() -> None:
    from dvcq_cli.model import Measure

    blocks = yaml_blocks()
    assert len(blocks) > 20
    named = []
    for page, line, body in blocks:
        try:
            value = yaml.safe_load(body)
        except yaml.YAMLError as error:
            raise AssertionError(f"{page}:{line}: not YAML: {error}") from None
        named += [(page, line, measure) for measure in measures_in(value)]
    assert {measure for _page, _line, measure in named} == set(Measure.MEASURES)
    assert [entry for entry in named if entry[2] not in Measure.MEASURES] == []


# ---------------------------------------------------------------- the codes' examples, run
EXAMPLE_FILE = "plans/2024/9m/hctc.yaml"
CHARACTERS = {"⟨TAB⟩": "\t", "⟨U+00A0⟩": "\u00a0", "⟨U+000B⟩": "\u000b", "⟨U+2028⟩": "\u2028"}


LINE = re.compile(r"`((?:⟨TAB⟩| )*[\w.-]+:(?: [^`]*)?)`")


def key_of(line: str) -> str:
    return line.replace("⟨TAB⟩", "").strip().partition(":")[0]


def line_examples(page: str) -> list[tuple[str, str, str]]:
    """(code, failing line, passing line) for the rows whose two examples are each one line of
    `key: value`, the passing one for a key the example file has: those are run, the failing
    line in place of the file's first line of that key."""
    lines = (REPO / EXAMPLE_FILE).read_text("utf-8").splitlines()
    keys = {line.strip().removeprefix("- ").partition(":")[0] for line in lines}
    found = []
    for code, cells in code_rows(page).items():
        wrong, right = (LINE.fullmatch(cell) for cell in cells[2:4])
        if wrong and right and key_of(right.group(1)) in keys:
            found.append((code, wrong.group(1), right.group(1)))
    return found


def codes_found(workspace: Path, line: str, key: str) -> set[str]:
    """The codes `dvcq check` reports on the example file with its first line of `key`
    written as `line` instead."""
    for name, character in CHARACTERS.items():
        line = line.replace(name, character)
    line = line.lstrip(" ")
    path = workspace / EXAMPLE_FILE
    original = path.read_text("utf-8")
    lines = original.splitlines(keepends=True)
    index = next(i for i, text in enumerate(lines)
                 if text.strip().removeprefix("- ").partition(":")[0] == key)
    indent = lines[index][:len(lines[index]) - len(lines[index].lstrip())]
    if lines[index].lstrip().startswith("- "):
        indent += "- "
    lines[index] = (indent if not line.startswith("\t") else "") + line + "\n"
    path.write_text("".join(lines), "utf-8")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "dvcq_cli", "check", "--format", "json", EXAMPLE_FILE],
            cwd=workspace, capture_output=True, text=True, check=False,
            env={**os.environ, "DVCQ_LANG": "en"})
    finally:
        path.write_text(original, "utf-8")
    return {problem["code"] for problem in json.loads(result.stdout)["problems"]}


@pytest.mark.parametrize("page", CODE_PAGES)
def test_the_codes_examples_fail_and_pass_as_the_page_says(page: str, tmp_path: Path) -> None:
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    examples = line_examples(page)
    assert {"choice-invalid", "ambiguous-bool", "type-mismatch", "invisible-character",
            "ref-unknown", "yaml-anchor", "yaml-tab", "key-unknown", "value-missing",
            "indicator-unknown"} <= {code for code, _wrong, _right in examples}
    wrong_ones = []
    for code, wrong, right in examples:
        key = key_of(right)
        failing, passing = codes_found(tmp_path, wrong, key), codes_found(tmp_path, right, key)
        if code not in failing or passing:
            wrong_ones.append(f"{code}: `{wrong}` gives {sorted(failing)}, "
                              f"`{right}` gives {sorted(passing)}")
    assert wrong_ones == []
