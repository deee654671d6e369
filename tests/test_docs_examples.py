"""The examples of README.md and of every page under docs/ are dvcq's real output, so that
they cannot drift.

Every fenced block with lines starting `$ ` is a session: each `$ dvcq …` line runs, in
order, in one fresh copy of the example workspace (plans/, schemas/, templates/), in the
page's language (English for README.md, docs/en/ and docs/maintainers/, Vietnamese for the
other pages of docs/), and what it prints (standard output and error, in the order a
terminal shows them) must be the lines below it, up to the next `$ ` line or the end of the
block. A line holding only `…` stands for any number of lines.

HTML comments just above a block (invisible on the rendered page) set it up:

    <!-- example: in plans/2024/9m/hctc.yaml, "qcdc: tot" becomes "qcdc: tott" -->
        the mistake the text describes, made before the block runs (the text must be found)
    <!-- example: "pre-commit run --all-files" runs "dvcq check" -->
        a command that runs dvcq: its output must end the lines shown for it
    <!-- example: prepared by docs_setup.NAME -->
        a set-up a text edit cannot make (a filled spreadsheet form), a function of
        tests/docs_setup.py given the workspace
    <!-- example: in Vietnamese -->, <!-- example: in English -->
        the block runs in that language rather than the page's
    <!-- example: not run -->
        a block that shows a session but cannot run here

Commands are read with shell quoting; pipes and redirections are not supported.

When dvcq's output changes on purpose, `python tests/test_docs_examples.py` (from the
repository's root) writes the real output into every example shown in full, and lists the
examples that hold `…` or run through an alias, to be edited by hand.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import docs_setup
import pytest
from conftest import REPO

PAGES = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
ENGLISH_PAGES = ("README.md", "docs/en/", "docs/maintainers/")
COPIED = ("plans", "schemas", "templates")
DIRECTIVE = re.compile(r"<!-- example: (.*?) -->\s*\Z")
EDIT = re.compile(r'in (\S+), "(.*)" becomes "(.*)"\Z')
ALIAS = re.compile(r'"(.*)" runs "(dvcq .*)"\Z')
PREPARED = re.compile(r"prepared by docs_setup\.(\w+)\Z")
LANGUAGES = {"in Vietnamese": "vi", "in English": "en"}


@dataclass
class Command:
    line: int  # in its page
    text: str  # as written after "$ "
    shown: list[str]  # the output lines shown below it


@dataclass
class Session:
    page: str  # relative to the repository
    line: int  # of the opening fence
    commands: list[Command]
    language: str = "en"
    indent: int = 0  # of a block inside a list item
    edits: list[tuple[str, str, str]] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    setups: list[str] = field(default_factory=list)
    skip: bool = False

    @property
    def name(self) -> str:
        return f"{self.page}:{self.line}"


def page_language(page: str) -> str:
    return "en" if page.startswith(ENGLISH_PAGES) else "vi"


def sessions(text: str, page: str = "README.md") -> list[Session]:
    lines = text.splitlines()
    found: list[Session] = []
    index = 0
    while index < len(lines):
        if not lines[index].lstrip().startswith("```"):
            index += 1
            continue
        indent = len(lines[index]) - len(lines[index].lstrip())  # a block inside a list item
        end = next(i for i in range(index + 1, len(lines))
                   if lines[i].lstrip().startswith("```"))
        body = [line[indent:] for line in lines[index + 1:end]]
        if any(line.startswith("$ ") for line in body):
            session = Session(page, index + 1, _commands(body, index + 2),
                              page_language(page), indent)
            _apply_directives(session, _directives_above(lines, index))
            found.append(session)
        index = end + 1
    return found


def _commands(body: list[str], first_line: int) -> list[Command]:
    commands: list[Command] = []
    for offset, line in enumerate(body):
        if line.startswith("$ "):
            commands.append(Command(first_line + offset, line[2:].strip(), []))
        elif commands:
            commands[-1].shown.append(line)
    return commands


def _directives_above(lines: list[str], fence: int) -> list[str]:
    directives = []
    index = fence - 1
    while index >= 0 and (not lines[index].strip() or DIRECTIVE.match(lines[index].strip())):
        match = DIRECTIVE.match(lines[index].strip())
        if match:
            directives.append(match.group(1))
        index -= 1
    return directives


def _apply_directives(session: Session, directives: list[str]) -> None:
    for directive in directives:
        edit, alias = EDIT.match(directive), ALIAS.match(directive)
        prepared = PREPARED.match(directive)
        if directive == "not run":
            session.skip = True
        elif directive in LANGUAGES:
            session.language = LANGUAGES[directive]
        elif prepared:
            assert hasattr(docs_setup, prepared.group(1)), (
                f"{session.name}: tests/docs_setup.py has no {prepared.group(1)}")
            session.setups.append(prepared.group(1))
        elif edit:
            session.edits.append((edit.group(1), edit.group(2), edit.group(3)))
        elif alias:
            session.aliases[alias.group(1)] = alias.group(2)
        else:
            raise AssertionError(f"{session.name}: unknown example directive: {directive!r} "
                                 "(see tests/test_docs_examples.py)")


def matches(shown: list[str], real: list[str]) -> bool:
    """`shown` equals `real`, a line holding only `…` standing for any number of lines."""
    if not shown:
        return not real
    if shown[0].strip() == "…":
        return any(matches(shown[1:], real[start:]) for start in range(len(real) + 1))
    return bool(real) and shown[0] == real[0] and matches(shown[1:], real[1:])


def run_dvcq(command: str, workspace: Path, language: str = "en") -> tuple[int, list[str]]:
    words = shlex.split(command)
    assert words[0] == "dvcq" and not set("|<>;&") & set(command), command
    result = subprocess.run(
        [sys.executable, "-m", "dvcq_cli", *words[1:]], cwd=workspace, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False,
        env={**os.environ, "DVCQ_LANG": language, "PYTHONUNBUFFERED": "1", "COLUMNS": "100",
             "NO_COLOR": "1", "HOME": str(workspace)})
    return result.returncode, result.stdout.splitlines()


def prepare(session: Session, root: Path) -> Path:
    workspace = root / "workspace"
    for name in COPIED:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, workspace / name)
    for path, old, new in session.edits:
        target = workspace / path
        text = target.read_text("utf-8")
        assert old in text, f"{session.name}: {path} has no {old!r} to change"
        target.write_text(text.replace(old, new, 1), "utf-8")
    for name in session.setups:
        getattr(docs_setup, name)(workspace)
    return workspace


SESSIONS = [session for page in PAGES
            for session in sessions(page.read_text("utf-8"), page.relative_to(REPO).as_posix())]


def test_every_guide_and_reference_page_has_sessions() -> None:
    """The pages whose readers run commands show real runs; a page that lost them is noticed."""
    pages = {s.page for s in SESSIONS if not s.skip}
    assert {"README.md", "docs/don-vi.md", "docs/hctc.md", "docs/ke-hoach.md",
            "docs/tham-chieu/lenh.md", "docs/tham-chieu/ma-loi.md",
            "docs/en/reference/commands.md", "docs/en/reference/ci.md"} <= pages
    first = [s.commands[0].text for s in SESSIONS if not s.skip]
    assert first.count("dvcq check") >= 2 and "dvcq check plans/2024/9m" in first
    assert any(s.aliases for s in SESSIONS)
    assert {s.language for s in SESSIONS} == {"vi", "en"}


@pytest.mark.parametrize("session", [s for s in SESSIONS if not s.skip],
                         ids=lambda s: s.name)
def test_docs_example(session: Session, tmp_path: Path) -> None:
    workspace = prepare(session, tmp_path)
    for command in session.commands:
        run = session.aliases.get(command.text, command.text)
        assert run.startswith("dvcq "), (
            f"{session.page}:{command.line}: '$ {command.text}' does not run dvcq; add an alias "
            "directive above the block, or mark it 'not run'")
        exit_code, real = run_dvcq(run, workspace, session.language)
        shown = expected(command, run, exit_code, real)
        assert matches(shown, real), (
            f"{session.page}:{command.line}: the output of '$ {command.text}' differs from "
            "the page.\nShown on the page:\n" + "\n".join(command.shown)
            + "\nReal output:\n" + "\n".join(real))


def expected(command: Command, run: str, exit_code: int, real: list[str]) -> list[str]:
    """The lines the page shows for a command, as they are compared with what dvcq printed."""
    shown = _trimmed(command.shown)
    if run != command.text:  # dvcq's output ends what is shown, after the tool's header
        said = next((line for line in shown if line.startswith("- exit code:")), None)
        assert said in (None, f"- exit code: {exit_code}"), (command.line, exit_code)
        shown = ["…", *shown[len(shown) - len(real):]] if len(real) <= len(shown) else shown
    return shown


def _trimmed(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def test_the_matcher() -> None:
    assert matches(["a", "…"], ["a", "b", "c"])
    assert matches(["a", "…", "c"], ["a", "c"])
    assert matches(["…", "c"], ["a", "b", "c"])
    assert not matches(["a", "…", "d"], ["a", "b", "c"])
    assert not matches(["a", "b"], ["a", "b", "c"])
    assert not matches(["a"], ["b"])


def write_real_outputs() -> None:
    """Replace what the pages show with what dvcq prints, where a page shows it in full."""
    import tempfile

    edits: dict[str, list[tuple[int, int, list[str]]]] = {}
    for session in SESSIONS:
        if session.skip:
            continue
        with tempfile.TemporaryDirectory() as root:
            workspace = prepare(session, Path(root))
            for command in session.commands:
                run = session.aliases.get(command.text, command.text)
                exit_code, real = run_dvcq(run, workspace, session.language)
                shown = expected(command, run, exit_code, real)
                if matches(shown, real):
                    continue
                if run != command.text or any(line.strip() == "…" for line in shown):
                    print(f"{session.page}:{command.line}: edit by hand: $ {command.text}")
                    continue
                edits.setdefault(session.page, []).append(
                    (command.line, len(shown), [" " * session.indent + line for line in real]))
    for page, changes in edits.items():
        lines = (REPO / page).read_text("utf-8").split("\n")
        for line, count, real in sorted(changes, reverse=True):
            lines[line:line + count] = real
        (REPO / page).write_text("\n".join(lines), "utf-8")
        print(f"{page}: {len(changes)} example(s) written")


if __name__ == "__main__":
    write_real_outputs()
