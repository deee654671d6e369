"""The bad-input corpus: every case in tests/bad_inputs/ gives exactly its expected problems.

Each case folder holds a `case.yaml` (what it tests, which file is under test, how the file
is made, the exact problems expected) and the bytes under test; see
tests/bad_inputs/README.md. A case is put into a small valid workspace (tests/conftest.py's
MINI_PLAN and MINI_ASSESSMENT), `dvcq check --format json` runs in it through the CLI, and
the test asserts: the problems, in full, with their places; the exit code; no exception;
every position inside the file; and no file changed.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import MINI_ASSESSMENT, MINI_PLAN, write_tree
from test_encodings import encode_cp1258, encode_tcvn3, encode_vni
from typer.testing import CliRunner

from dvcq_cli.cache import CACHE_DIR
from dvcq_cli.cli import app

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.yaml").is_file())

PLAN_PATH = "plans/2025/plan.yaml"
ASSESSMENT_PATH = "plans/2025/6m/vp.yaml"
BASE_FILES = {
    PLAN_PATH: MINI_PLAN,
    "plans/2025/6m/tccb.yaml": MINI_ASSESSMENT.format(unit="tccb"),
}
MAKERS = ("billion-laughs", "deep", "huge", "symlink-outside", "directory", "unreadable",
          "fifo")
ENCODINGS = {
    "tcvn3": encode_tcvn3,
    "vni": encode_vni,
    "windows-1258": encode_cp1258,
    "utf-16": lambda text: text.encode("utf-16"),
    "nfd": lambda text: unicodedata.normalize("NFD", text).encode("utf-8"),
}
CASE_KEYS = {"what", "file", "path", "input", "make", "encode", "depth", "style", "size",
             "options", "extra", "expect"}
POSIX_ONLY = {"symlink-outside", "unreadable", "fifo"}
GENERATED = {"billion-laughs", "deep", "huge", "directory", "fifo"}  # no input.yaml


@dataclass
class Expected:
    """`LINE:COLUMN SEVERITY CODE`, optionally `PATH:` first, `fixable` after the code (the
    problem carries a repair for `dvcq fix`), and `| WORDS` (part of the message) last."""

    path: str
    line: int
    column: int
    severity: str
    code: str
    says: str = ""
    fixable: bool = False

    @classmethod
    def parse(cls, text: str, default_path: str) -> Expected:
        text, _bar, says = text.partition(" | ")
        place, severity, code, *flags = text.split()
        assert set(flags) <= {"fixable"}, text
        path, _colon, position = place.rpartition(":")
        path, _colon, line = path.rpartition(":")
        return cls(path or default_path, int(line), int(position), severity, code,
                   says.strip(), "fixable" in flags)

    def key(self) -> tuple[str, int, int, str, str, bool]:
        return (self.path, self.line, self.column, self.severity, self.code, self.fixable)


@dataclass
class Case:
    name: str
    what: str
    file: str
    path: str
    input: str | None
    make: str | None
    encode: str | None
    options: list[str]
    extra: dict[str, str]
    expect: list[Expected]
    settings: dict[str, object] = field(default_factory=dict)

    @classmethod
    def load(cls, name: str) -> Case:
        folder = CORPUS / name
        data = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
        unknown = set(data) - CASE_KEYS
        assert not unknown, f"{name}/case.yaml: unknown keys {sorted(unknown)}"
        assert data["file"] in ("plan", "assessment"), name
        path = data.get("path") or (PLAN_PATH if data["file"] == "plan" else ASSESSMENT_PATH)
        make = data.get("make")
        assert make is None or make in MAKERS, f"{name}: unknown make '{make}'"
        source = data.get("input", None if make in GENERATED else "input.yaml")
        assert source is None or (folder / source).is_file(), f"{name}: no {source}"
        encode = data.get("encode")
        assert encode is None or encode in ENCODINGS, f"{name}: unknown encoding {encode}"
        expect = [Expected.parse(line, path) for line in data.get("expect") or []]
        settings = {key: data[key] for key in ("depth", "style", "size") if key in data}
        return cls(name, data["what"], data["file"], path, source, make, encode,
                   [str(option) for option in data.get("options") or []],
                   dict(data.get("extra") or {}), expect, settings)


# ----------------------------------------------------------------------- making inputs


def billion_laughs() -> bytes:
    """The classic: nine levels of nine aliases, 10^9 "lol"s if anything expanded it."""
    lines = ['unit: vp', 'lol0: &l0 "lol"']
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"lol{level}: &l{level} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def deeply_nested(depth: int, style: str) -> bytes:
    """`depth` nested lists under the key `deep`: `[[[…]]]` on one line ("flow"), one `[`
    a line ("flow-lines"), or `- - - … x` ("block")."""
    if style == "flow":
        return b"unit: vp\ndeep: " + b"[" * depth + b"]" * depth + b"\n"
    if style == "flow-lines":
        return b"unit: vp\ndeep: " + b"[\n" * depth + b"]" * depth + b"\n"
    assert style == "block", style
    return b"unit: vp\ndeep:\n" + b"- " * depth + b"x\n"


def write_huge(path: Path, size: int) -> None:
    """A valid assessment padded with comment lines to exactly `size` bytes, in chunks."""
    head = MINI_ASSESSMENT.format(unit="vp").encode()
    line = b"# " + b"x" * 1021 + b"\n"  # 1 KiB a line
    chunk = line * 1024
    with path.open("wb") as handle:
        handle.write(head)
        left = size - len(head)
        while left >= len(chunk):
            handle.write(chunk)
            left -= len(chunk)
        while left >= len(line):
            handle.write(line)
            left -= len(line)
        handle.write(b"#" * (left - 1) + b"\n" if left else b"")
    assert path.stat().st_size == size


def input_bytes(case: Case) -> bytes:
    folder = CORPUS / case.name
    if case.make == "billion-laughs":
        return billion_laughs()
    if case.make == "deep":
        return deeply_nested(int(case.settings["depth"]), str(case.settings["style"]))
    assert case.input is not None
    data = (folder / case.input).read_bytes()
    if case.encode is not None:
        return ENCODINGS[case.encode](data.decode("utf-8"))
    return data


def build_workspace(case: Case, root: Path) -> Path:
    """The workspace with the file under test in place; returns the file's path."""
    base = dict(BASE_FILES)
    base.pop(case.path, None)
    write_tree(root, base)
    for relative, source in case.extra.items():
        write_tree(root, {relative: (CORPUS / case.name / source).read_bytes()})
    target = root / case.path
    target.parent.mkdir(parents=True, exist_ok=True)
    if case.make == "huge":
        write_huge(target, int(case.settings["size"]))
    elif case.make == "directory":
        target.mkdir()
    elif case.make == "symlink-outside":
        outside = root.parent / (root.name + "-outside.yaml")
        outside.write_bytes(input_bytes(case))
        target.symlink_to(outside)
    elif case.make == "fifo":
        os.mkfifo(target)
    else:
        target.write_bytes(input_bytes(case))
        if case.make == "unreadable":
            target.chmod(0)
    return target


# ------------------------------------------------------------------------ checking


def snapshot(root: Path) -> dict[str, tuple[str, float, str]]:
    """Every entry's mode, mtime and (for regular files the owner may read) content hash.

    Unlike conftest.snapshot_files it never opens a pipe and never needs to read an
    unreadable file, so it works on every case of the corpus. The workspace's cache
    (.dvcq-cache/) is not an input: left out."""
    result: dict[str, tuple[str, float, str]] = {}
    for folder, dirs, files in os.walk(root):
        if CACHE_DIR in dirs:
            dirs.remove(CACHE_DIR)
        for name in dirs + files:
            path = Path(folder) / name
            info = path.lstat()
            digest = ""
            if stat.S_ISREG(info.st_mode) and info.st_mode & stat.S_IRUSR:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            result[str(path)] = (stat.filemode(info.st_mode), info.st_mtime, digest)
    return result


def editor_lines(data: bytes) -> list[str]:
    """The file's lines as an editor shows them: UTF-8 (bad bytes replaced), BOM dropped,
    lines ended by LF, CRLF or CR only."""
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def assert_positions_exist(problems: list[dict[str, object]], files: dict[str, bytes]) -> None:
    """Every problem is on the file as a whole (0:0) or on a line and column that exist."""
    for problem in problems:
        line, column = int(problem["line"]), int(problem["column"])  # type: ignore[call-overload]
        if line == 0:
            assert column == 0, problem
            continue
        lines = editor_lines(files[str(problem["path"])])
        if lines[-1] == "" and len(lines) > 1:
            lines.pop()  # the end of the last line is not one more line
        assert 1 <= line <= len(lines), (problem, len(lines))
        assert 1 <= column <= len(lines[line - 1]) + 1, (problem, lines[line - 1])


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def run_check(root: Path, options: list[str], language: str = "en"
              ) -> tuple[int, dict[str, object]]:
    with inside(root):
        result = CliRunner().invoke(app, ["--lang", language, "check", "--format", "json",
                                          *options])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, json.loads(result.stdout)


def _drop_file_capabilities() -> None:
    """In the child: give up root's power to read any file (CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH leave the bounding set, so the program run next does not get them)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run_check_unprivileged(root: Path, options: list[str]) -> tuple[int, dict[str, object]]:
    """As root, file permissions do not stop reads: run dvcq without the capabilities that
    let root ignore them, so the unreadable file is really unreadable."""
    env = {**os.environ, "DVCQ_LANG": "en"}
    env.pop("GITHUB_ACTIONS", None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "dvcq_cli", "check", "--format", "json", *options],
            cwd=root, env=env, preexec_fn=_drop_file_capabilities,  # noqa: PLW1509
            capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        # A subclass of SubprocessError: a dvcq that hangs fails, it is never skipped.
        pytest.fail("dvcq check did not finish in 120 s")
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"running as root, and cannot give up root's file capabilities: {error}")
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def workspace_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="dvcq-bad-input-"))


def problem_key(problem: dict[str, object]) -> tuple[str, int, int, str, str, bool]:
    return (str(problem["path"]), int(problem["line"]),  # type: ignore[call-overload]
            int(problem["column"]), str(problem["severity"]),  # type: ignore[call-overload]
            str(problem["code"]), bool(problem["fixable"]))


# What libyaml and PyYAML say when they cannot read a file. None of it may reach a user, in
# any language: dvcq says what the mistake is in its own words (yaml_errors.py).
LIBYAML_PHRASES = (
    "while scanning", "while parsing", "while constructing", "could not find expected",
    "did not find expected", "did not find the expected", "mapping values are not allowed",
    "block sequence entries are not allowed", "cannot start any token", "found unexpected",
    "found unknown escape", "found invalid Unicode", "found undefined", "found duplicate",
    "found incompatible", "found an indentation", "found a tab character", "found character",
    "expected a single document", "but found", "expected <", "in this context", "simple key",
    "end of stream", "hexdecimal", "exceeded maximum nesting depth", "YAML syntax error",
    "cannot parse YAML",
)


def assert_no_libyaml(message: str) -> None:
    found = [phrase for phrase in LIBYAML_PHRASES if phrase.lower() in message.lower()]
    assert not found, (found, message)


def assert_in_vietnamese(root: Path, case: Case, english: list[dict[str, object]]) -> None:
    """The same problems in a Vietnamese session, each message translated, none of them
    carrying an English phrase of libyaml's."""
    _code, output = run_check(root, case.options, language="vi")
    problems: list[dict[str, object]] = sorted(output["problems"],  # type: ignore[arg-type]
                                               key=problem_key)
    assert [problem_key(p) for p in problems] == [problem_key(p) for p in english]
    for shown, original in zip(problems, english, strict=True):
        assert_no_libyaml(str(original["message"]))
        assert_no_libyaml(str(shown["message"]))
        assert shown["message"] != original["message"], shown


@pytest.mark.parametrize("name", CASES)
def test_bad_input(name: str) -> None:
    case = Case.load(name)
    if case.make in POSIX_ONLY and os.name != "posix":
        pytest.skip(f"'{case.make}' needs a POSIX file system")
    as_root = case.make == "unreadable" and os.geteuid() == 0
    if as_root and sys.platform != "linux":
        pytest.skip("running as root, which reads any file; only Linux lets the test drop that")
    folder = workspace_folder()
    try:
        root = folder / "workspace"
        root.mkdir()
        build_workspace(case, root)
        before = snapshot(root)
        if as_root:
            exit_code, output = run_check_unprivileged(root, case.options)
        else:
            exit_code, output = run_check(root, case.options)
        problems: list[dict[str, object]] = sorted(output["problems"],  # type: ignore[arg-type]
                                                   key=problem_key)
        expected = sorted(case.expect, key=Expected.key)
        assert [problem_key(p) for p in problems] == [e.key() for e in expected], \
            json.dumps(problems, indent=1, ensure_ascii=False)
        for wanted, problem in zip(expected, problems, strict=True):
            assert wanted.says in str(problem["message"]), (wanted.says, problem)
        assert exit_code == (1 if any(e.severity == "error" for e in expected) else 0)
        assert snapshot(root) == before
        if not as_root:  # again, from what the first run left in the cache: the same
            assert run_check(root, case.options) == (exit_code, output)
        files = {}
        for path in {str(p["path"]) for p in problems if p["line"] != 0}:
            files[path] = (root / path).read_bytes()
        assert_positions_exist(problems, files)
        if not as_root:
            assert_in_vietnamese(root, case, problems)
    finally:
        target = folder / "workspace" / case.path
        if target.exists() and not target.is_symlink():
            target.chmod(0o755 if target.is_dir() else 0o644)
        shutil.rmtree(folder, ignore_errors=True)


def test_corpus_is_large_and_documented() -> None:
    cases = [Case.load(name) for name in CASES]
    assert len(cases) >= 40
    assert {case.file for case in cases} == {"plan", "assessment"}
    for case in cases:
        assert case.what.strip() and "\n" not in case.what.strip(), case.name
        assert case.expect, f"{case.name}: a bad input must produce a problem"


def test_expected_lines_parse() -> None:
    assert Expected.parse("11:1 error duplicate-key", "a.yaml").key() == (
        "a.yaml", 11, 1, "error", "duplicate-key", False)
    assert Expected.parse("plans/x.yml:1:7 error assessment-duplicate | x.yaml", "a").says \
        == "x.yaml"
    assert Expected.parse("0:0 error file-empty", "b").key() == ("b", 0, 0, "error",
                                                                   "file-empty", False)
    assert Expected.parse("5:17 error ambiguous-bool fixable | write true", "c").key() == (
        "c", 5, 17, "error", "ambiguous-bool", True)
