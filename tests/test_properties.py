"""Properties of the loader and of `dvcq check` on random and mutated input (hypothesis).

Whatever the bytes: nothing raises past the CLI (exit 0 or 1, never an exception), every
problem is on the file as a whole (0:0) or on a line and column that exist in its file, and
no file is modified (bytes and mtime).

Examples per test: 300 by default; `DVCQ_HYPOTHESIS_PROFILE=ci-long` runs 10,000. Both
profiles are derandomized and keep no example database, so every run on every machine tries
the same examples. The profiles apply to this module only; other modules keep hypothesis's
own defaults.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import typer.main
import typer.testing
from conftest import EXAMPLE_PLANS, MINI_ASSESSMENT, MINI_PLAN, snapshot_files, write_tree
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_bad_inputs import assert_no_libyaml, assert_positions_exist, editor_lines
from test_encodings import encode_cp1258, encode_tcvn3, encode_vni
from yaml.nodes import MappingNode, Node, SequenceNode

from dvcq_cli.cli import app
from dvcq_cli.loader import Limits, load_file, load_text

settings.register_profile(
    "dvcq-default", max_examples=300, derandomize=True, database=None, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("ci-long", settings.get_profile("dvcq-default"), max_examples=10_000)
PROFILE = settings.get_profile(os.environ.get("DVCQ_HYPOTHESIS_PROFILE", "dvcq-default"))

runner = typer.testing.CliRunner()


@pytest.fixture(scope="module", autouse=True)
def command_built_once() -> Iterator[None]:
    """CliRunner builds the click command from the app on every call, which is most of the
    cost of a call; here it is built once and reused. The command is the same object either
    way, so every example still runs the whole CLI."""
    command = typer.main.get_command(app)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command",
                      lambda typer_app: command if typer_app is app else
                      typer.main.get_command(typer_app))
        yield

# ------------------------------------------------------------------------ strategies

NFD = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Đào")
FRAGMENTS = [
    # keys and values of the two file kinds
    "unit", "period", "submitted", "indicators", "activities", "task", "date", "text", "kind",
    "participants", "evidence", "highlight", "dan_van_kheo", "qcdc", "year", "document",
    "units", "targets", "tasks", "periods", "report", "id", "name", "vp", "tccb", "6m", "q3",
    "tot", "2.a", '"2.a"', "2025-06-10", "2025-02-30", "2025-06-10 08:00", "75%", "true",
    "false", "yes", "No", "On", "TRUE", "~", "null", "010", "0x1F", "1_000", "1:30", "1e3",
    "-1", ".5", "12",
    # structure
    ": ", ":", "- ", "-", "? ", "  ", "    ", "\n", "\n  ", "\n    - ", "\r\n", "\r", "\t",
    "[", "]", "{", "}", ", ", "'", '"', "\\", "\\u00e9", "\\ud800", "#", " # ", "|", ">-",
    "---", "...", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "&a ", "*a", "!!str ", "! ",
    "!!python/object/apply:os.system ", "<<: ", "@", "`", "%",
    # text as offices write it, and what goes wrong with it
    "Công khai dự toán", "Đồng Nai", "Hội nghị: quán triệt", NFD, "B¶o Th¾ng", "“Dân vận khéo”",
    "\ufeff", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x00", "\x7f", "\u200b", "\ud800",
    "\udfff", "\ufffe", "😀", "e\u0301", "\u0301",
]
fragment = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4))
yamlish = st.lists(fragment, max_size=40).map("".join)


def _legacy(encoder: Callable[[str], bytes]) -> Callable[[str], bytes]:
    def encode(text: str) -> bytes:
        try:
            return encoder(text)
        except UnicodeEncodeError:  # a character the code page cannot hold
            return text.encode("utf-8", "surrogatepass")
    return encode


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # lone surrogates become CESU-8 bytes


ENCODERS: list[Callable[[str], bytes]] = [
    _utf8,
    lambda text: _utf8(unicodedata.normalize("NFD", text)),
    lambda text: b"\xef\xbb\xbf" + _utf8(text),
    lambda text: _utf8(text.replace("\n", "\r\n")),
    lambda text: text.encode("utf-16", "surrogatepass"),
    _legacy(encode_tcvn3), _legacy(encode_vni), _legacy(encode_cp1258),
]
random_bytes = st.one_of(
    st.builds(lambda encode, text: encode(text), st.sampled_from(ENCODERS), yamlish),
    st.binary(max_size=300),
)


# ------------------------------------------------------------------------- checking


def node_positions(root: Node | None) -> list[tuple[int, int]]:
    """The 1-based start of every node of a composed tree."""
    found = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        found.append((node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, MappingNode):
            stack.extend(child for pair in node.value for child in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return found


def assert_inside(lines: list[str], line: int, column: int) -> None:
    if lines[-1] == "" and len(lines) > 1:
        lines = lines[:-1]
    assert 1 <= line <= len(lines), (line, column, len(lines))
    assert 1 <= column <= len(lines[line - 1]) + 1, (line, column, lines[line - 1])


@contextmanager
def replaced(root: Path, files: dict[str, bytes]) -> Iterator[Path]:
    """`root` with these files written for one example, then put back as they were, so that
    one workspace serves every example of a test."""
    saved = {path: (root / path).read_bytes() if (root / path).exists() else None
             for path in files}
    write_tree(root, dict(files))
    try:
        yield root
    finally:
        for path, content in saved.items():
            if content is None:
                (root / path).unlink()
            else:
                (root / path).write_bytes(content)


@pytest.fixture(scope="module")
def mini_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini workspace: plan 2025 and unit tccb's valid assessment for 6m."""
    return write_tree(tmp_path_factory.mktemp("mini"), {
        "plans/2025/plan.yaml": MINI_PLAN,
        "plans/2025/6m/tccb.yaml": MINI_ASSESSMENT.format(unit="tccb"),
    })


def check_never_fails(root: Path) -> list[dict[str, object]]:
    """`dvcq check` in `root`: no exception, exit 0 or 1 as the problems say, every
    position inside its file, no file changed. Returns the problems."""
    before = snapshot_files(root)
    cwd = Path.cwd()
    os.chdir(root)
    try:
        result = runner.invoke(app, ["check", "--format", "json"])
    finally:
        os.chdir(cwd)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    output = json.loads(result.stdout)
    problems: list[dict[str, object]] = output["problems"]
    assert result.exit_code == (1 if output["errors"] else 0), result.output
    files = {str(p["path"]): (root / str(p["path"])).read_bytes()
             for p in problems if p["line"] != 0}
    assert_positions_exist(problems, files)
    assert snapshot_files(root) == before
    return problems


# --------------------------------------------------------------------------- loader


@PROFILE
@given(yamlish)
@example("a: [" * 70)
@example("k:\n" + "- " * 70 + "x\n")
@example("a: 'x\r\n\r\n")
@example(unicodedata.normalize("NFD", "tên: Nguyễn: Hồng\n"))
def test_loader_on_random_text(text: str) -> None:
    loaded = load_text(text, "random.yaml", Limits(max_depth=32))
    lines = editor_lines(_utf8(text))
    for problem in loaded.problems:
        if problem.line == 0:
            assert problem.column == 0
        else:
            assert_inside(lines, problem.line, problem.column)
    # Later checks point at nodes: their places must exist in the file too.
    for line, column in node_positions(loaded.root):
        assert_inside(lines, line, column)


@PROFILE
@given(random_bytes)
@example(b"\xef\xbb\xbfa: 1\r\nb: \xff\r\n")
@example(b"a: 1\rb: \xed\xa0\x80\r")
def test_loader_on_random_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.getbasetemp() / "random.yaml"
    path.write_bytes(data)
    loaded = load_file(path, "random.yaml")
    lines = editor_lines(data)
    for problem in loaded.problems:
        if problem.line != 0:
            assert_inside(lines, problem.line, problem.column)
    for line, column in node_positions(loaded.root):
        assert_inside(lines, line, column)


# ------------------------------------------------------------------- dvcq check, random


@PROFILE
@given(random_bytes, st.booleans())
def test_check_on_random_documents(mini_root: Path, data: bytes, as_plan: bool) -> None:
    target = "plans/2025/plan.yaml" if as_plan else "plans/2025/6m/vp.yaml"
    with replaced(mini_root, {target: data}) as root:
        check_never_fails(root)


@PROFILE
@given(st.lists(st.tuples(st.sampled_from(FRAGMENTS[:60]), yamlish), max_size=8))
def test_check_on_random_assessment_shapes(mini_root: Path, pairs: list[tuple[str, str]]
                                           ) -> None:
    # Mostly well-formed YAML with random keys and values: reaches the schema and the rules.
    lines = ["unit: vp", "period: 6m", "submitted: 2025-06-10"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in pairs]
    with replaced(mini_root, {"plans/2025/6m/vp.yaml": _utf8("\n".join(lines) + "\n")}) as root:
        check_never_fails(root)


# ------------------------------------------------------------ dvcq check, mutated examples

EXAMPLES = sorted(p.relative_to(EXAMPLE_PLANS.parent).as_posix()
                  for p in EXAMPLE_PLANS.rglob("*.yaml"))
PLAN_2024 = "plans/2024/plan.yaml"
PLAN_2024_RECORDS = ("plans/criteria/vi-du-tay-ninh-1563-2022.yaml", "plans/2024/models.yaml")
OTHER_ASSESSMENT = "plans/2024/9m/hctc.yaml"
# The units' files whose activities the example's drafter synthesis cites (12m/_bao-cao.yaml).
SYNTHESIS_CITED = ("plans/2024/12m/hctc.yaml", "plans/2024/12m/kgvx.yaml",
                   "plans/2024/12m/cong_ttdt.yaml")
OPERATIONS = ("delete", "insert", "replace", "duplicate-line", "swap-lines", "indent",
              "truncate", "reencode")
mutation = st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 2**20), st.integers(0, 2**20),
                     st.sampled_from(FRAGMENTS))


def mutate(data: bytes, operations: list[tuple[str, int, int, str]]) -> bytes:
    """Apply each operation; positions are taken modulo the current length."""
    for name, first, second, piece in operations:
        at = first % (len(data) + 1)
        lines = data.split(b"\n")
        line, other = first % len(lines), second % len(lines)
        if name == "delete":
            data = data[:at] + data[at + second % 40:]
        elif name == "insert":
            data = data[:at] + _utf8(piece) + data[at:]
        elif name == "replace" and data:
            data = data[:at] + bytes([second % 256]) + data[at + 1:]
        elif name == "duplicate-line":
            data = b"\n".join(lines[:line + 1] + lines[line:])
        elif name == "swap-lines":
            lines[line], lines[other] = lines[other], lines[line]
            data = b"\n".join(lines)
        elif name == "indent":
            change = second % 7 - 3
            lines[line] = b" " * change + lines[line] if change > 0 else \
                lines[line][-change:]
            data = b"\n".join(lines)
        elif name == "truncate":
            data = data[:at]
        elif name == "reencode":
            data = ENCODERS[second % len(ENCODERS)](data.decode("utf-8", "replace"))
    return data


@pytest.fixture(scope="module")
def example_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2024 plan, the files it refers to (its criteria set, the year's model records),
    one of its assessments and those the drafter's synthesis cites, copied from the example
    workspace."""
    root = tmp_path_factory.mktemp("example")
    return write_tree(root, {path: (EXAMPLE_PLANS.parent / path).read_bytes()
                             for path in (PLAN_2024, *PLAN_2024_RECORDS, OTHER_ASSESSMENT,
                                          *SYNTHESIS_CITED)})


@PROFILE
@given(st.sampled_from(EXAMPLES), st.lists(mutation, max_size=4))
def test_check_on_mutated_examples(example_root: Path, target: str,
                                   operations: list) -> None:  # type: ignore[type-arg]
    original = (EXAMPLE_PLANS.parent / target).read_bytes()
    mutated = mutate(original, operations)
    with replaced(example_root, {target: mutated}) as root:
        problems = check_never_fails(root)
    if mutated == original:
        assert problems == []  # the examples are clean: no mutation, no problem


@PROFILE
@given(st.sampled_from(EXAMPLES), st.lists(mutation, min_size=1, max_size=4))
def test_no_english_of_the_yaml_library_in_a_vietnamese_session(
        example_root: Path, target: str, operations: list) -> None:  # type: ignore[type-arg]
    """Whatever the mistake, libyaml's own English ("while parsing a block mapping …") never
    reaches a Vietnamese user: every syntax error is told in dvcq's words."""
    mutated = mutate((EXAMPLE_PLANS.parent / target).read_bytes(), operations)
    with replaced(example_root, {target: mutated}) as root:
        cwd = Path.cwd()
        os.chdir(root)
        try:
            result = runner.invoke(app, ["--lang", "vi", "check", "--format", "json"])
        finally:
            os.chdir(cwd)
    for problem in json.loads(result.stdout)["problems"]:
        assert_no_libyaml(problem["message"])


def test_mutate_applies_each_operation() -> None:
    data = b"a: 1\nb: 2\n"
    assert mutate(data, [("delete", 0, 3, "")]) == b"1\nb: 2\n"
    assert mutate(data, [("insert", 1, 0, "x")]) == b"ax: 1\nb: 2\n"
    assert mutate(data, [("replace", 0, ord("c"), "")]) == b"c: 1\nb: 2\n"
    assert mutate(data, [("duplicate-line", 1, 0, "")]) == b"a: 1\nb: 2\nb: 2\n"
    assert mutate(data, [("swap-lines", 0, 1, "")]) == b"b: 2\na: 1\n"
    assert mutate(data, [("indent", 1, 5, "")]) == b"a: 1\n  b: 2\n"
    assert mutate(data, [("truncate", 4, 0, "")]) == b"a: 1"
    assert mutate(data, [("reencode", 0, 3, "")]) == b"a: 1\r\nb: 2\r\n"


def test_profiles() -> None:
    assert settings.get_profile("dvcq-default").max_examples == 300
    assert settings.get_profile("ci-long").max_examples == 10_000
    for name in ("dvcq-default", "ci-long"):
        profile = settings.get_profile(name)
        assert profile.derandomize and profile.database is None
