"""The fast build (`schema.build`, `Spec.fast`) gives exactly what the full build gives.

For every file tried, each top-level spec is built twice from a fresh load: once the way
dvcq builds (fast when it can be, full otherwise) and once by the full build alone. The
models must be equal down to every position (`Where`, `LocatedDict.where`,
`PlacedList.places`, the nodes kept raw), and the problems, the partial count and the
flaws left must be the same. The files: the bad-input corpus, the test cases, the example
plans, a generated workspace, and variations of the examples with one line changed in
the ways files go wrong. Then, for assessments, the whole check of one file
(`load_assessment`, the rules included) the two ways.
"""

from __future__ import annotations

import collections
import functools
import random
import re
import sys
from datetime import date
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
import yaml
from conftest import EXAMPLE_PLANS, MINI_ASSESSMENT, MINI_PLAN, REPO
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dvcq_cli import check, loader, schema, schema_compile
from dvcq_cli.appraisal import APPRAISAL
from dvcq_cli.check import DEFAULT_SETTINGS, _plan, load_assessment
from dvcq_cli.criteria import CRITERIA_SET
from dvcq_cli.dvk_models import MODEL_REGISTER
from dvcq_cli.model import ASSESSMENT, PLAN, Plan
from dvcq_cli.rules.assessment import _typing
from dvcq_cli.schema import Context, LocatedDict, PlacedList, Where
from dvcq_cli.synthesis import SYNTHESIS
from dvcq_cli.workspace import FileEntry, scan

sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402  (benchmarks/generate.py)

SPECS = {"plan": PLAN, "assessment": ASSESSMENT, "synthesis": SYNTHESIS,
         "criteria": CRITERIA_SET, "models": MODEL_REGISTER, "appraisal": APPRAISAL}


def shape(value: Any) -> Any:
    """Everything a model says, positions included, as plain comparable data."""
    if isinstance(value, Node):
        mark, end = value.start_mark, value.end_mark
        where = (mark.line, mark.column, end.line, end.column)
        if isinstance(value, ScalarNode):
            return ("scalar", value.value, value.style, value.tag, where)
        if isinstance(value, MappingNode):
            return ("mapping", [(shape(k), shape(v)) for k, v in value.value], where)
        assert isinstance(value, SequenceNode)
        return ("sequence", [shape(item) for item in value.value], where)
    if isinstance(value, Where):
        return ("where", value._resolved(), value.partial)
    if isinstance(value, LocatedDict):
        return ("located", [(shape(k), shape(v)) for k, v in value.items()], shape(value.where))
    if isinstance(value, PlacedList):
        return ("placed", [shape(item) for item in value], value.places)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return (type(value).__name__, [shape(item) for item in value])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [shape(item) for item in value])
    if isinstance(value, dict):
        return ("dict", [(shape(k), shape(v)) for k, v in value.items()])
    assert value is None or isinstance(value, (str, int, float, date, Fraction,
                                               schema.Invalid)), type(value)
    return (type(value).__name__, repr(value))


def built(text: str, spec: schema.Spec, fast: bool) -> Any:
    """What dvcq builds from `text` with `spec`, fast first (`fast`) or full only."""
    loaded = loader.load_text(text, "f.yaml")
    ctx = Context("f.yaml", loaded.flaws)
    ctx.problems.extend(loaded.problems)
    if not isinstance(loaded.root, MappingNode):
        return None
    saved = schema.FAST_BUILD
    schema.FAST_BUILD = fast
    try:
        model = schema.build(spec, loaded.root, ctx)
    finally:
        schema.FAST_BUILD = saved
    return shape(model), ctx.problems, ctx.partials, sorted(ctx.flaws.values())


def assert_same(text: str, name: str, kinds: tuple[str, ...] = tuple(SPECS)) -> None:
    for kind in kinds:
        spec = SPECS[kind]
        assert built(text, spec, True) == built(text, spec, False), (name, kind)


def kind_of(path: Path) -> str:
    """The spec a file of the example workspace is built with."""
    if path.parent.name == "criteria":
        return "criteria"
    stem = path.stem
    return {"plan": "plan", "models": "models", "appraisal": "appraisal",
            "_bao-cao": "synthesis"}.get(stem, "assessment")


def yaml_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.suffix in (".yaml", ".yml")
                  and path.is_file() and not path.is_symlink())


def texts_of(paths: list[Path]) -> list[tuple[str, str]]:
    found = []
    for path in paths:
        try:
            found.append((str(path), path.read_bytes().decode("utf-8")))
        except (UnicodeDecodeError, OSError):
            continue  # not text: the loader refuses it before any build
    return found


CORPUS = texts_of(yaml_files(REPO / "tests" / "bad_inputs") + yaml_files(REPO / "tests" / "cases")
                  + yaml_files(EXAMPLE_PLANS))


@pytest.mark.parametrize("name,text", CORPUS, ids=[name for name, _text in CORPUS])
def test_the_fast_build_gives_what_the_full_build_gives(name: str, text: str) -> None:
    assert_same(text, name)


# What one line of a well-written file becomes when it goes wrong: each value written in
# a way some spec refuses or reads differently.
VALUES = ["", "~", "null", '""', "''", '"  x "', "' tot'", "yes", "No", "010", "0x1F",
          "1_000", "1:30", "2024-02-30", "2024-4-8 10:00", "08/04/2024", "“1”", "‘tot’",
          '"true"', "'31'", "-1", "2.5", "1e3", "[a, b]", "{a: 1}", "|\n      khối văn bản",
          ">-\n      gấp\n      dòng", "true", "false", "Tốt", "x" * 41, '"2024-04-08"', "7",
          "'7'", "9m", "tot", "#2", "[]"]


def variations(text: str, rng: random.Random, count: int) -> list[str]:
    """`count` variations of `text`, each with one line changed: its value replaced, its
    key misspelt, curly-quoted or duplicated, the line removed, or indented wrongly."""
    lines = text.split("\n")
    places = [index for index, line in enumerate(lines)
              if ":" in line and not line.lstrip().startswith("#")]
    made = []
    for _ in range(count):
        index = rng.choice(places)
        line = lines[index]
        key, _sep, _value = line.partition(":")
        how = rng.randrange(6)
        if how <= 1:
            changed = [f"{key}: {rng.choice(VALUES)}"]
        elif how == 2:
            bare = key.strip().removeprefix("- ")
            changed = [line.replace(bare, rng.choice([bare + "x", f"“{bare}”", bare.upper()]), 1)]
        elif how == 3:
            changed = [line, line.replace("- ", "  ", 1)]
        elif how == 4:
            changed = []
        else:
            changed = [" " + line]
        made.append("\n".join(lines[:index] + changed + lines[index + 1:]))
    return made


def test_variations_of_every_example_build_the_same_both_ways() -> None:
    rng = random.Random(18)
    examples = [(text, kind_of(Path(name)))
                for name, text in texts_of(yaml_files(EXAMPLE_PLANS))]
    examples += [(MINI_PLAN, "plan"), (MINI_ASSESSMENT.format(unit="vp"), "assessment")]
    for number, (text, kind) in enumerate(examples):
        for variant in variations(text, rng, 40 if len(text) < 20_000 else 6):
            assert_same(variant, f"example {number}:\n{variant}", (kind,))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    generate.generate(12, root, seed=18)
    return root


def test_a_generated_workspace_builds_fast_and_the_same(generated: Path) -> None:
    """Every assessment of a generated workspace (as a province's files look) is taken by
    the fast build, so the comparison above is not of one path with itself. (A plan, one
    file a year, may take the full build.)"""
    layout = scan(generated, generated)
    for entry in layout.files:
        text = entry.path.read_text(encoding="utf-8")
        assert_same(text, entry.display, (entry.role,))
        if entry.role == "assessment":
            ASSESSMENT.fast(loader.load_text(text, entry.display).root)  # else Unusual


def test_examples_that_are_well_written_build_fast() -> None:
    for path in sorted((EXAMPLE_PLANS / "2024").glob("*m/*.yaml")):
        if path.name.startswith("_"):
            continue
        loaded = loader.load_file(path, path.name)
        assert not loaded.problems, path
        ASSESSMENT.fast(loaded.root)


def test_the_check_of_an_assessment_is_the_same_both_ways(generated: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    layout = scan(generated, generated)
    plan, _problems, _key = _plan(layout.plans()[0], DEFAULT_SETTINGS, None)
    rng = random.Random(7)
    for entry in [entry for entry in layout.files if entry.role == "assessment"][:12]:
        text = entry.path.read_text(encoding="utf-8")
        for variant in [text, *variations(text, rng, 10)]:
            assert_checked_the_same(entry, plan, variant, monkeypatch)


def assert_checked_the_same(entry: FileEntry, plan: Plan, text: str,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    """`load_assessment` of `text` as `entry` gives the same model and problems with the
    fast build and with the full build alone."""
    results = []
    for fast in (True, False):
        monkeypatch.setattr(schema, "FAST_BUILD", fast)
        model, problems = load_assessment(entry, plan, DEFAULT_SETTINGS, text.encode("utf-8"))
        results.append((shape(model), problems))
    assert results[0] == results[1], text


def test_the_fast_build_gives_up_where_the_full_build_reports() -> None:
    """A problem the fast build missed would be a problem never reported: a file with one
    is built by the full build, and its problem is there."""
    text = MINI_ASSESSMENT.format(unit="vp")
    loaded = loader.load_text(text, "a.yaml")
    ASSESSMENT.fast(loaded.root)
    for old, new in [("unit: vp", "unit: Vp"), ("unit: vp", "unitt: vp"),
                     ("period: 6m", "period: yes")]:
        assert old in text
        loaded = loader.load_text(text.replace(old, new, 1), "a.yaml")
        with pytest.raises(schema.Unusual):
            ASSESSMENT.fast(loaded.root)
        ctx = Context("a.yaml", loaded.flaws)
        schema.build(ASSESSMENT, loaded.root, ctx)
        assert ctx.problems, new


@pytest.mark.parametrize("text", [
    "a: 1\n", "# only\n  # comments\n\n", "#\n\t# x\n", " \u3000# wide space\n", "x\u2028# y\n",
    "# a\u2028b: 1\n", "# a\x0bb: 1\n", "# a\x1cb\n", "  \n\t\n", "#x\n  - 1\n", "\u00a0# a\n",
    "\u00a0a: 1\n", "# a\r\nb: 1\r\n", "# a\rb: 1\r",
] + [text for _name, text in CORPUS])
def test_a_content_line_found_means_the_file_is_not_only_comments(text: str) -> None:
    """The loader's first look for a content line (`_CONTENT_LINE`) spares splitting the
    file into lines; where it finds one, the full look must agree."""
    if loader._CONTENT_LINE.search(text) is not None:
        assert not loader._only_comments(text)


DIALECT_TEXTS = ["{}", "[]", "a: 1", "a:\n  b:\n    c: 1", "- - - 1", "a: 1\na: 2", "<<: {a: 1}",
                 "'<<': 1", "? [a]\n: 1", "[a]: 1", "a: [[[[1]]]]", "a: {b: {c: {}}}"]


@pytest.mark.parametrize("text", DIALECT_TEXTS + [text for _name, text in CORPUS])
def test_a_plain_tree_is_one_the_dialect_check_has_nothing_to_say_about(text: str) -> None:
    """The loader skips the dialect check of a tree `_plain_tree` passes: for every depth
    limit, the check would then report nothing, change nothing and keep the tree."""
    try:
        root = composed(text)
    except yaml.YAMLError:
        return
    for max_depth in (0, 1, 2, 3, 4, 64):
        if root is None or "?" in text or not loader._plain_tree(root, max_depth):
            continue
        before = shape(root)
        report = loader._Report("f.yaml")
        assert loader._check_dialect(root, report, loader.Limits(max_depth=max_depth),
                                     explicit_keys=False)
        assert report.problems == []
        assert shape(root) == before


def composed(text: str) -> Node | None:
    """The node tree as YAML reads it, before any check of the loader."""
    return yaml.compose(text, Loader=loader._NodeLoader)  # noqa: S506 - composition only


def test_the_dialect_check_is_skipped_only_for_plain_trees() -> None:
    """Each refusal of the dialect check is still made (the cases it guards)."""
    for text in ["a: 1\na: 2", "<<: {a: 1}", "[a]: 1"]:
        root = composed(text)
        assert root is not None and not loader._plain_tree(root, 64), text
    deep = composed("a: {b: {c: 1}}")
    assert deep is not None and loader._plain_tree(deep, 4) and not loader._plain_tree(deep, 3)
    empty = composed("{}")
    assert empty is not None and not loader._plain_tree(empty, 0)


INDICATOR_WORKSPACES = [EXAMPLE_PLANS.parent, REPO / "tests" / "cases" / "quarterly-district"
                        / "workspace"]


@pytest.mark.parametrize("root", INDICATOR_WORKSPACES, ids=["examples", "quarterly-district"])
def test_indicators_are_checked_the_same_both_ways_and_missing_ones_reported(
        root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each indicator of an assessment (every type a plan declares: bool, integer, number,
    choice, grade, optional) written every troublesome way, and one more indicator
    than the plan has: checked with the plan fast first and full only, the model and the
    problems are the same. Each one left out is reported missing when it is required."""
    layout = scan(root, root)
    plan, _problems, _key = _plan(layout.plans()[0], DEFAULT_SETTINGS, None)
    assert plan is not None
    entry = next(entry for entry in layout.files if entry.role == "assessment"
                 and entry.year == layout.plans()[0].year)
    text = entry.path.read_text(encoding="utf-8")
    lines = text.split("\n")
    start = lines.index("indicators:") + 1
    end = next(index for index in range(start, len(lines))
               if not lines[index].startswith((" ", "#")) and lines[index])
    places = [index for index in range(start, end) if lines[index].startswith("  ")
              and not lines[index].lstrip().startswith("#")]
    assert len(places) >= 5
    variants = [text, "\n".join(lines[:end] + ["  khong_co: 1"] + lines[end:])]
    for index in places:
        key = lines[index].partition(":")[0]
        variants += ["\n".join(lines[:index] + [f"{key}: {value}"] + lines[index + 1:])
                     for value in [*VALUES, "101", "12.5", "kha", "xuat_sac"]]
    # The file as written: every indicator value is taken by its spec's fast build, so
    # the comparison below is not of one path with itself.
    loaded = loader.load_text(text, entry.display)
    given = dict(ASSESSMENT.fast(loaded.root).indicators)
    specs = _typing(plan).specs
    assert {name: specs[name].fast(node) for name, node in given.items()
            if node.style or node.value not in ("", "~", "null")}  # (an empty optional)
    for variant in variants:
        assert_checked_the_same(entry, plan, variant, monkeypatch)
    # Each indicator left out: missing when a unit must write it, nothing otherwise.
    model, problems = load_assessment(entry, plan, DEFAULT_SETTINGS, text.encode("utf-8"))
    assert model is not None and not [p for p in problems if p.is_error]
    for index in places:
        name = lines[index].partition(":")[0].strip()
        without = "\n".join(lines[:index] + lines[index + 1:]).encode("utf-8")
        model, problems = load_assessment(entry, plan, DEFAULT_SETTINGS, without)
        missing = [p.message for p in problems if p.code == "indicator-missing"]
        if plan.indicators[name].is_reported:
            assert len(missing) == 1 and f"'{name}'" in missing[0], name
        else:
            assert not missing and model is not None and name not in model.indicators


class _PythonHooks(loader._NodeLoader):  # type: ignore[misc, valid-type]
    """The loader with the composer's hooks as Python methods that do nothing."""

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


def test_the_composer_hooks_made_built_in_change_no_node() -> None:
    composed = 0
    for name, text in CORPUS:
        try:
            ours = yaml.compose(text, Loader=loader._NodeLoader)  # noqa: S506
        except yaml.YAMLError:
            continue
        assert shape(ours) == shape(yaml.compose(text, Loader=_PythonHooks)), name  # noqa: S506
        composed += ours is not None
    assert composed > 100


@pytest.mark.parametrize("text", ["items: []\n", "items:\n", "items: ~\n"])
def test_a_list_left_empty_that_needs_an_item_takes_the_full_build(text: str) -> None:
    node = loader.load_text(text, "f.yaml").root.value[0][1]
    spec = schema.ListOf(schema.Text(), min_items=1)
    with pytest.raises(schema.Unusual):
        spec.fast(node)
    ctx = Context("f.yaml")
    assert spec.build(node, ctx) == []
    assert [(p.line, p.code) for p in ctx.problems] == [(1, "value-missing")]


# --- the compiled fast build (schema_compile.py) ---

_REMARK_LIKE = schema.Record(
    collections.namedtuple("Remark", ["text", "task", "evidence", "where"],
                           defaults=[None] * 4),
    {"text": schema.F(schema.Text(), required=True), "task": schema.F(schema.TaskId()),
     "evidence": schema.F(schema.ListOf(schema.Text()), default_factory=list)})
# Every kind of field whose usual case the compiled build writes out, and the others.
SAMPLE_FIELDS = {
    "text": schema.Text(), "short": schema.Text(max_length=5), "counts": schema.CountsText(),
    "id": schema.Id(), "task": schema.TaskId(),
    "period": schema.Id(pattern=re.compile(r"[a-z0-9][a-z0-9_-]{0,19}\Z")),
    "choice": schema.Choice(("tot", "kha", "true", " kha")), "day": schema.Date(),
    "flag": schema.Bool(), "count": schema.Int(minimum=0, maximum=100), "whole": schema.Int(),
    "number": schema.Number(minimum=0), "scalar": schema.Scalar(), "raw": schema.RawNode(),
    "texts": schema.ListOf(schema.Text()),
    "ids": schema.ListOf(schema.Id(), min_items=1, allow_scalar=True),
    "remarks": schema.ListOf(schema.TextOrRecord(_REMARK_LIKE), allow_scalar=True),
    "map": schema.MapOf(schema.Id(), schema.Int(minimum=1)),
    "records": schema.ListOf(_REMARK_LIKE),
    "placed": schema.PlacedListOf(schema.Id()),
}
_SAMPLE = collections.namedtuple("Sample", [*SAMPLE_FIELDS, "where"],
                                 defaults=[None] * (len(SAMPLE_FIELDS) + 1))


class _OwnConstruct(schema.Record):
    """A record that makes its model itself (the compiled build hands it the values)."""

    def _construct(self, values: dict[str, Any], where: Where) -> Any:
        return super()._construct(dict(values), where)


def _sample(kind: type[schema.Record]) -> schema.Record:
    return kind(_SAMPLE, {name: schema.F(spec, required=name in ("text", "id"),
                                         default_factory=list if name == "texts" else None)
                          for name, spec in SAMPLE_FIELDS.items()},
                at_most_one_of=(("count", "whole"),))


class _Linked(schema.Record):
    """A record with an older name of a key and a slot filled from another key (as an
    activity's `participants` and `date`)."""

    aliases = MappingProxyType({"scalar": "number"})
    fallbacks = MappingProxyType({"day": "period"})


SAMPLES = [_sample(schema.Record), _sample(_OwnConstruct), _sample(_Linked)]
COMPILED_VALUES = [*VALUES, "101", "0", "100", "12.5", "kha", "'kha'", '"tot"', "abcdef",
                   "abcde", "'abcdef'", "' kha'", ">-\n      abcdef", "hctc", "'hctc'", '" hctc"',
                   '"2.a"', "2.đ", "2", "1.5", "2024-04-08", "'2024-04-08'", "null", "True",
                   "[x, y]", "[Nội dung, {text: Ý, task: '1'}]", "[{text: Ý}]", "{a: 1, b: 2}",
                   "{a: 0}", "{A: 1}", "{a: 1, a: 2}", "'a'", "a b", "\n  - tot\n  - kha",
                   "Nội dung", "+5", "-0", "+0", "2024-13-01", "2024-02-29", "2023-02-29",
                   "１２", "２０２４-01-01", "'true'", "TRUE", "'false'", "'+5'", "'-0'",
                   "'0123456789012345'", "0123456789012345"]


def _outcome(function: Any, node: Node) -> Any:
    try:
        return ("built", shape(function(node)))
    except schema.Unusual:
        return ("unusual",)


@pytest.mark.parametrize("spec", SAMPLES, ids=["tuple", "own-construct", "linked"])
def test_the_compiled_build_gives_what_each_spec_fast_gives(spec: schema.Record) -> None:
    """Every field of every kind written every troublesome way, with the record's other
    fields: the compiled build gives the same model as `Spec.fast`, or gives up where it
    does, and where it builds, the full build builds the same without a problem. Each
    field's value is also built alone by the compiled function of its own spec."""
    compiled = schema_compile.compiled(spec)
    taken: dict[str, int] = {}
    refused: dict[str, int] = {}
    for name in SAMPLE_FIELDS:
        for value in COMPILED_VALUES:
            given = {"text": "Nội dung", "id": "hctc", name: value}
            text = "".join(f"{key}: {written}\n" for key, written in given.items())
            root = composed(text)
            if root is None:
                continue
            ours = _outcome(compiled, root)
            assert ours == _outcome(spec.fast, root), text
            counted = taken if ours[0] == "built" else refused
            counted[name] = counted.get(name, 0) + 1
            if ours[0] == "built":
                ctx = Context("f.yaml")
                assert ("built", shape(spec.build(root, ctx))) == ours, text
                assert not ctx.problems, text
            node = root.value[-1][1]
            field = SAMPLE_FIELDS[name]
            assert _outcome(schema_compile.compiled(field), node) == \
                _outcome(field.fast, node), (name, value)
    # Each field's written-out case and its way back to `fast` both ran.
    assert set(taken) == set(refused) == set(SAMPLE_FIELDS)


@pytest.mark.parametrize("text", ["text: a\nid: hctc\ncount: 1\nwhole: 2\n",
                                  "text: a\nid: hctc\ntext: b\n", "text: a\nid: hctc\nidd: x\n",
                                  "text: a\n", "[text, id]: a\n", "- a\n"])
def test_the_compiled_build_gives_up_on_a_record_with_a_problem(text: str) -> None:
    """Keys that exclude each other, a key twice, an unknown, a missing or a complex key,
    a list for a record: what the full build reports makes the compiled build give up."""
    root = composed(text)
    right = composed("text: a\nid: hctc\ncount: 1\nday: 2024-01-01\n")
    assert root is not None and right is not None
    for spec in SAMPLES:
        # (A record found right before, with as many keys, changes nothing.)
        assert _outcome(schema_compile.compiled(spec), right)[0] == "built"
        with pytest.raises(schema.Unusual):
            schema_compile.compiled(spec)(root)
        assert not schema._UNREAD.problems
        loaded = loader.load_text(text, "f.yaml")  # (the loader reports the key twice)
        ctx = Context("f.yaml")
        spec.build(loaded.root, ctx)
        assert loaded.problems or ctx.problems


def test_the_compiled_build_is_made_once_per_spec() -> None:
    assert schema_compile.compiled(SAMPLES[0]) is schema_compile.compiled(SAMPLES[0])
    assert schema_compile.compiled(ASSESSMENT) is ASSESSMENT.__dict__["_compiled"]


def test_a_generated_workspace_builds_the_same_compiled_and_not(generated: Path) -> None:
    """Every file of the generated workspace: its top-level spec's compiled function gives
    exactly what the spec's `fast` gives, and builds it."""
    built = 0
    for path in yaml_files(generated):
        kind = kind_of(path)
        loaded = loader.load_text(path.read_text(encoding="utf-8"), str(path))
        if loaded.root is None or loaded.flaws:
            continue
        ours = _outcome(schema_compile.compiled(SPECS[kind]), loaded.root)
        assert ours == _outcome(SPECS[kind].fast, loaded.root), path
        built += ours[0] == "built"
    assert built > 30


@pytest.mark.parametrize("spec", SAMPLES, ids=["tuple", "own-construct", "linked"])
def test_an_older_key_and_a_slot_filled_from_another_key_build_the_same(
        spec: schema.Record) -> None:
    """The older name and the key it stands for, alone, both (in either order) or left
    empty; the slot filled from another key with and without either."""
    assert schema_compile._plain_record(spec) is (type(spec) is not _OwnConstruct)
    for extra in ["scalar: 1", "number: 2", "scalar: 1\nnumber: 2", "number: 2\nscalar: 1",
                  "scalar: ~\nnumber: 2", "number: ~\nscalar: 1", "day: 2024-01-01",
                  "period: 9m", "period: 9m\nday: 2024-01-01", "day: ~\nperiod: 9m", ""]:
        root = composed(f"text: a\nid: hctc\n{extra}\n")
        assert root is not None
        ours = _outcome(schema_compile.compiled(spec), root)
        assert ours[0] == "built" and ours == _outcome(spec.fast, root), extra
        ctx = Context("f.yaml")
        assert ("built", shape(spec.build(root, ctx))) == ours and not ctx.problems, extra


# --- the dialect check left for later (loader.check_dialect, schema.build_unchecked) ---

def _dialect_cases() -> list[str]:
    text = (EXAMPLE_PLANS / "2024" / "12m" / "cong_ttdt.yaml").read_text(encoding="utf-8")
    assert "scores:\n  criteria:\n" in text and "    tc2:\n" in text  # (5 deep)
    changed = [("  qcdc: tot\n", "  qcdc: tot\n  qcdc: kha\n"),
               ("  qcdc: tot\n", "  qcdc: {a: 1, a: 2}\n"), ("  qcdc: tot\n", "  qcdc: [tot]\n"),
               ("  qcdc: tot\n", "  qcdc: {a: 1}\n"), ("  qcdc: tot\n", "  '<<': tot\n"),
               ("    kind: doi_thoai\n", "    kind: doi_thoai\n    kind: hoi_nghi\n"),
               ("    tc2:\n", "    tc1:\n"), ("signed_by:", "signed_by:\t"),
               ("signed_by: Hồ", "signed_by: Hồ #"), ("signed_by: Hồ", "signed_by: Hồ\u200b"),
               ("unit: cong_ttdt\n", "? unit\n")]
    cases = [text, text + "unit: khac\n", text + "<<: {note: x}\n", text + "[a, b]: 1\n",
             text + "? note\n: x\n", text + "note: {a: 1, a: 2}\n",
             # An invisible character read as a space (no column moves) and a key twice.
             text.replace("signed_by: Hồ Thị", "signed_by: Hồ\u00a0Thị") + "unit: khac\n",
             # A '#' that may end a value, in a key written twice and beside one.
             text + "unit: khac #x\n",
             text.replace("signed_by: Hồ", "signed_by: Hồ #") + "unit: k\n"]
    for old, new in changed:
        assert old in text
        cases.append(text.replace(old, new, 1))
    return cases


@pytest.mark.parametrize("compile_after", [0, 10**6])
def test_the_dialect_check_left_for_later_reports_the_same(
        monkeypatch: pytest.MonkeyPatch, compile_after: int) -> None:
    """An assessment whose dialect check the fast build may prove empty, written with each
    thing the check reports (a key twice at each level, a merge key, a complex key, an
    explicit key, a map kept raw) or that keeps the loader from leaving it for later (a tab
    after ':', a '#', an invisible character), at depth limits around the tree's depth:
    the model and the problems are those of the check made by the loader."""
    layout = scan(EXAMPLE_PLANS.parent, EXAMPLE_PLANS.parent)
    entry = next(entry for entry in layout.files if entry.role == "assessment"
                 and entry.path.name == "cong_ttdt.yaml" and entry.period == "12m")
    plan, _problems, _key = _plan(next(plan for plan in layout.plans() if plan.year == "2024"),
                                  DEFAULT_SETTINGS, None)
    assert plan is not None
    original = check._load
    skipped = 0
    # (0: the compiled build proves the tree plain; otherwise each spec's `fast`.)
    saved = ASSESSMENT.__dict__.pop("_compiled", None), ASSESSMENT.__dict__.pop("_fast_builds", 0)
    for text in _dialect_cases():
        for depth in (1, 4, 5, 6, 7, 64):
            settings = DEFAULT_SETTINGS._replace(limits=loader.Limits(max_depth=depth))
            results = []
            for defer in (True, False):
                monkeypatch.setattr(schema, "COMPILE_AFTER", compile_after)
                monkeypatch.setattr(check, "_load", functools.partial(_loading, original, defer))
                monkeypatch.setattr(loader, "_plain_tree", _counting(loader._plain_tree, defer))
                model, problems = load_assessment(entry, plan, settings, text.encode("utf-8"))
                results.append((shape(model), problems))
                skipped += defer and not _counting.calls
            assert results[0] == results[1], (depth, text)
            monkeypatch.undo()
    # The check was skipped where it had nothing to say (the file as written, deep enough).
    assert skipped >= 2
    assert ("_compiled" in ASSESSMENT.__dict__) is (compile_after == 0)
    ASSESSMENT.__dict__.pop("_compiled", None)
    if saved[0] is not None:
        ASSESSMENT.__dict__["_compiled"] = saved[0]
    ASSESSMENT.__dict__["_fast_builds"] = saved[1]


def _loading(original: Any, defer: bool, entry: FileEntry, settings: Any, data: bytes | None,
             defer_dialect: bool = False) -> Any:
    """`check._load` deferring the dialect check (as it is asked to) or never."""
    return original(entry, settings, data, defer and defer_dialect)


def _counting(function: Any, counted: bool) -> Any:
    _counting.calls = 0  # type: ignore[attr-defined]

    def counting(*args: Any) -> Any:
        _counting.calls += counted  # type: ignore[attr-defined]
        return function(*args)
    return counting


def test_a_well_written_assessment_is_built_without_the_dialect_check(
        generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    layout = scan(generated, generated)
    plan, _problems, _key = _plan(layout.plans()[0], DEFAULT_SETTINGS, None)
    entries = [entry for entry in layout.files if entry.role == "assessment"]
    assert entries
    for name in ("_plain_tree", "_check_dialect"):
        monkeypatch.setattr(loader, name, None)  # (called: a TypeError)
    for entry in entries:
        model, problems = load_assessment(entry, plan, DEFAULT_SETTINGS)
        assert model is not None, entry.display


def test_the_depth_a_schema_lets_a_tree_have() -> None:
    """Records, lists and maps each count one; a spec that does not tell has none."""
    assert schema_compile.plain_depth(ASSESSMENT) == 5  # scores, criteria, one, evidence
    assert schema_compile.plain_depth(schema.ListOf(schema.Text())) == 1
    assert schema_compile.plain_depth(schema.MapOf(schema.Text(), schema.Int())) is None
    assert schema_compile.plain_depth(schema.MapOf(schema.Int(), schema.Int())) is None
    assert schema_compile.plain_depth(
        schema.MapOf(schema.Id(pattern=re.compile(".*")), schema.Int())) is None  # '<<'
    assert schema.build_unchecked(ASSESSMENT, composed("unit: a"), 5) is None


def test_a_spec_is_compiled_once_it_has_been_built_a_few_dozen_times(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiling a schema costs what a few dozen builds cost: a plan, built once a run, and
    the few files a warm check rebuilds are built by `fast`."""
    monkeypatch.setattr(schema, "COMPILE_AFTER", 3)
    spec = schema.ListOf(schema.Text())
    node = composed("[a, b]")
    for _time in range(3):
        assert schema.build(spec, node, Context("f.yaml")) == ["a", "b"]
        assert "_compiled" not in spec.__dict__
    assert schema.build(spec, node, Context("f.yaml")) == ["a", "b"]
    assert spec.__dict__["_compiled"] is schema_compile.compiled(spec)
