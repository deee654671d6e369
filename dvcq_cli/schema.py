"""A small declarative schema over position-carrying YAML nodes.

One declaration of a file's shape serves three purposes: it validates the node tree with a
problem at the exact line and column of every mistake, it builds the typed model objects,
and it produces the JSON Schema that editors use to complete and underline as people type.
(pydantic was the other candidate; it costs ~80 ms of import and model building on every
`dvcq check`, and its errors would have to be mapped back to nodes afterwards. Here the
position is at hand when the problem is found.)
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dvcq_cli import flaws, scalars, vietnamese
from dvcq_cli.flaws import Flaw
from dvcq_cli.i18n import _
from dvcq_cli.problems import Edit, Problem, Severity
from dvcq_cli.tuples import NamedTuple


class Invalid:
    """The value could not be built; a problem has been reported."""

    _instance: Invalid | None = None

    def __new__(cls) -> Invalid:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


INVALID = Invalid()


class Pos(NamedTuple):
    line: int
    column: int

    @classmethod
    def of(cls, node: Node) -> Pos:
        return cls(node.start_mark.line + 1, node.start_mark.column + 1)


NOWHERE = Pos(0, 0)


class Where:
    """Where a mapping starts and where each of its keys and values is (read-only).

    It keeps the YAML marks (0-based) as the parser made them and turns one into a 1-based
    `Pos` only when a problem asks for it: a province's files hold millions of keys, and
    almost none of them is ever pointed at.

    Positions serve the checks, which run in the process that reads the file. A model sent
    to another process (the parallel check hands the models of status and report back to
    the parent) arrives with NO_WHERE: pickling millions of positions nobody reads again
    cost ten times more than the rest of the model.
    """

    __slots__ = ("_at", "_keys", "_values", "partial")

    def __init__(self, at: Any = None, keys: Mapping[str, Any] | None = None,
                 values: Mapping[str, Any] | None = None, partial: bool = False) -> None:
        self._at = at  # a yaml Mark, a Pos, or None for nowhere
        self._keys = keys or _NO_MARKS
        self._values = values or _NO_MARKS
        # Built from a mapping with problems: the fields that failed hold INVALID (see
        # Record.build). Only the checks ever see such a model.
        self.partial = partial

    @property
    def at(self) -> Pos:
        return _pos(self._at)

    def key(self, name: str) -> Pos:
        return _pos(self._keys.get(name, self._at))

    def value(self, name: str) -> Pos:
        return _pos(self._values.get(name, self._at))

    def has(self, name: str) -> bool:
        """Whether the mapping wrote this key."""
        return name in self._keys

    def _resolved(self) -> tuple[Pos, dict[str, Pos], dict[str, Pos]]:
        return (self.at, {name: _pos(mark) for name, mark in self._keys.items()},
                {name: _pos(mark) for name, mark in self._values.items()})

    def __reduce__(self) -> tuple[Any, ...]:
        return (_no_where, ())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Where) and self._resolved() == other._resolved()

    def __hash__(self) -> int:
        return hash(self.at)

    def __repr__(self) -> str:
        at, keys, values = self._resolved()
        return f"Where(at={at}, keys={keys}, values={values})"


_NO_MARKS: Mapping[str, Any] = MappingProxyType({})


def _pos(mark: Any) -> Pos:
    """1-based position of a yaml Mark (0-based); a Pos as it is; NOWHERE for None."""
    if mark is None:
        return NOWHERE
    if isinstance(mark, Pos):
        return mark
    return Pos(mark.line + 1, mark.column + 1)


NO_WHERE = Where()


def _no_where() -> Where:
    return NO_WHERE


def complete(model: Any) -> bool:
    """A model built without a problem (not partial, see Record.build)."""
    return model is not INVALID and not model.where.partial


def valid(value: Any) -> bool:
    """A field that was built (a partial model holds INVALID where a field failed)."""
    return value is not INVALID


class Context:
    """Collects the problems of one file.

    `flaws` are what the loader found on scalar nodes (comments that may cut a value,
    invisible characters): each is judged when its node is built, and `finish` judges the
    ones of nodes nothing built."""

    def __init__(self, path: str, flaws: dict[Node, list[Flaw]] | None = None) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.flaws = flaws if flaws is not None else {}
        self.partials = 0  # partial models built so far (see Record.build)

    def report(self, pos: Pos, code: str, message: str,
               severity: Severity = Severity.ERROR, fix: tuple[Edit, ...] = ()) -> None:
        self.problems.append(Problem(self.path, pos.line, pos.column, severity, code, message,
                                     fix=fix))

    def error(self, node: Node, code: str, message: str, fix: tuple[Edit, ...] = ()) -> None:
        self.report(Pos.of(node), code, message, fix=fix)

    def judge_flaws(self, node: ScalarNode, as_text: bool) -> bool:
        """Report the flaws of a node being built as text or not; True when one of them
        leaves the value cut (the value's own checks would then only repeat it)."""
        cut = False
        for flaw in self.flaws.pop(node, ()):
            found = flaws.problem(self.path, flaw, node.value, as_text)
            if found is not None:
                self.problems.append(found)
                cut = cut or found.code == "comment-cuts-text"
        return cut

    def finish(self) -> None:
        """Judge the flaws of the nodes no spec built (an empty optional value, a value under
        an unknown key, an indicator whose plan cannot be read)."""
        for node, found in self.flaws.items():
            for flaw in found:
                problem = flaws.leftover_problem(self.path, flaw, node.value)
                if problem is not None:
                    self.problems.append(problem)
        self.flaws = {}

    def warning(self, node: Node, code: str, message: str) -> None:
        self.report(Pos.of(node), code, message, Severity.WARNING)


class Unusual(Exception):
    """Raised by a fast build (`Spec.fast`) at whatever it does not take at once: a value
    the full build might have a problem with, a shape it does not know."""


FAST_BUILD = True  # False: every model comes from the full build (tests compare the two)
# False: the fast build calls each spec's `fast` method instead of the function compiled
# for the spec tree (schema_compile.py; tests compare the two).
COMPILED_BUILD = True
# Builds of a spec by its `fast` method before its compiled function is made: compiling
# the assessment's schema takes 15-30 ms, which pays only over a few dozen files (a plan
# is built once a run, a warm check rebuilds a file or two).
COMPILE_AFTER = 64
_UNREAD = Context("")  # where a fast build lets a check it asks report what nobody reads


def build(spec: Spec, node: Node, ctx: Context) -> Any:
    """What `spec.build(node, ctx)` returns, made by the fast build when it can be.

    Almost every file of a workspace is well written, and for such a file the full build's
    work of finding and placing problems finds none: `Spec.fast` builds the same model
    without it, and gives up (Unusual) at the first thing it cannot prove problem-free.
    Then the full build starts again from the root, so that every problem is reported as
    before. A file with flaws (see Context) always takes the full build. The fast build
    runs as a function compiled for the spec once it has been built a few dozen times
    (schema_compile.py), which gives what `spec.fast` gives with fewer calls."""
    if FAST_BUILD and not ctx.flaws:
        try:
            return (spec.__dict__.get("_compiled") or _fast_of(spec))(node)
        except Unusual:
            pass
    return spec.build(node, ctx)


def build_unchecked(spec: Spec, node: Node, max_depth: int) -> Any:
    """The model of a tree whose dialect check the loader has left for later
    (`loader.check_dialect`), when the fast build makes it and that also proves the check
    has nothing to say; None otherwise (then the check runs and `build` follows).

    A fast build that succeeds has seen every mapping of the tree with its keys, each a
    distinct plain text: a record's keys are its fields (never '<<'), a map's keys ids
    read as written and counted, and a value kept raw a scalar. What it cannot see is how
    deep the tree is: the spec tells the most it can be (schema_compile.plain_depth)."""
    if not FAST_BUILD:
        return None
    from dvcq_cli import schema_compile  # (it builds on this module)

    depth = schema_compile.plain_depth(spec)
    if depth is None or depth >= max_depth:
        return None
    try:
        return (spec.__dict__.get("_compiled") or _fast_of(spec))(node)
    except Unusual:
        return None


def _fast_of(spec: Spec) -> Callable[[Any], Any]:
    """The fast build of `spec`: its `fast` method for its first builds (COMPILE_AFTER),
    then the function compiled for it."""
    if COMPILED_BUILD:
        built = spec.__dict__.get("_fast_builds", 0)
        if built >= COMPILE_AFTER:
            from dvcq_cli import schema_compile  # (it builds on this module)

            return schema_compile.compiled(spec)
        spec.__dict__["_fast_builds"] = built + 1
    return spec.fast


def closest(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str | None:
    """The choice the user most likely meant: same letters ignoring case and accents, or
    the nearest spelling."""
    folded = {_fold(choice): choice for choice in choices}
    if _fold(word) in folded:
        return folded[_fold(word)]
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def _fold(text: str) -> str:
    return vietnamese.ascii_slug(text).replace("-", "_")


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    """'; did you mean 'x'?' for the closest choice, or ''."""
    guess = closest(word, choices)
    return _("; did you mean '{choice}'?").format(choice=guess) if guess is not None else ""


def _kind_name(node: Node) -> str:
    if isinstance(node, MappingNode):
        return _("a mapping (key: value lines)")
    if isinstance(node, SequenceNode):
        return _("a list")
    return _("'{value}'").format(value=_shorten(node.value))


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    # An invisible character (a zero-width space after an id) is why a value that looks
    # right is refused: show it.
    return "".join(f"<U+{ord(char):04X}>" if unicodedata.category(char) in _INVISIBLE else char
                   for char in text)


_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"})

# Curly quotes that open a value, and the straight quote each was meant as.
CURLY_QUOTES = "“”„‟‘’‚‛"
_CURLY_PAIRS = {"“": "”“\"", "”": "”“\"", "„": "”“\"", "‟": "”“\"",
                "‘": "’‘'", "’": "’‘'", "‚": "’‘'", "‛": "’‘'"}


def _curly_quoted(text: str) -> tuple[str, str] | None:
    """(the straight quote meant, the text inside) for a value wrapped in curly quotes."""
    closers = _CURLY_PAIRS.get(text[:1])
    if closers is None or len(text) < 2 or text[-1] not in closers:
        return None
    inner = text[1:-1]
    quote = '"' if closers.endswith('"') else "'"
    if quote in inner or "\\" in inner or not inner.strip():
        return None
    return quote, inner


def _value_edit(node: ScalarNode, new: str, whole: bool = False) -> tuple[Edit, ...]:
    """The edit that replaces what a one-line scalar holds with `new`: inside its quotes
    when it has any, or the whole scalar, quotes included, when `whole`. Empty when the
    scalar's text as written cannot be known from its value (escapes, several lines)."""
    if node.start_mark.line != node.end_mark.line:
        return ()
    line, column = Pos.of(node)
    value = node.value
    if not node.style:
        return (Edit(line, column, value, new),)
    quote = node.style
    if quote not in ("'", '"') or quote in value or "\\" in value:
        return ()
    if whole:
        return (Edit(line, column, quote + value + quote, new),)
    return (Edit(line, column + 1, value, new),)


class Spec:
    """Validates one node and builds its value; knows its JSON Schema."""

    description: str = ""

    def build(self, node: Node, ctx: Context) -> Any:
        raise NotImplementedError

    def fast(self, node: Node) -> Any:
        """What `build` returns when it reports no problem; raises Unusual whenever it might
        report one (see `build` at module level). Only specs that are common in files
        have one of their own."""
        raise Unusual

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def expected(self) -> str:
        raise NotImplementedError

    def mismatch(self, node: Node, ctx: Context) -> Invalid:
        ctx.error(node, "type-mismatch", _("expected {expected}, found {found}").format(
            expected=self.expected(), found=_kind_name(node)))
        return INVALID


class ScalarSpec(Spec):
    """A scalar: resolves the plain value, refuses ambiguous ones, then `convert`s."""

    free_text = False  # curly quotes around the value are part of it
    # Spaces at the ends inside quotes (`"tot "`) are never part of the value: an id, a
    # choice, a number or a date has none (text and untyped values keep them).
    trims_spaces = True

    def build(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, ScalarNode):
            return self.mismatch(node, ctx)
        edge_invisible = False
        if ctx.flaws:
            edge_invisible = any(flaw.edge_edits for flaw in ctx.flaws.get(node, ()))
            if ctx.judge_flaws(node, as_text=False) and not node.value:
                return INVALID
        if node.style and self.trims_spaces and node.style in "'\"" and \
                (node.value[:1].isspace() or node.value[-1:].isspace()) and node.value.strip():
            node = self.spaces_inside_quotes(node, ctx, reported=edge_invisible)
        value = scalars.plain_value(node)
        if isinstance(value, scalars.Ambiguous):
            self.ambiguous(node, value, ctx)
            return INVALID
        if value is None:
            ctx.error(node, "value-missing", _("a value is missing here: write {expected}")
                      .format(expected=self.expected()))
            return INVALID
        if not node.style and value.__class__ is str and value[0] in CURLY_QUOTES \
                and not self.free_text:
            inner = _curly_quoted(value)
            if inner is not None:
                return self.curly_quoted(node, inner, ctx)
        return self.convert(value, node, ctx)

    def fast(self, node: Node) -> Any:
        # `build` without the places where it can report: spaces inside quotes, ambiguous
        # and missing values, curly quotes; `fast_convert` is `convert` without its problems.
        if node.__class__ is not ScalarNode:
            raise Unusual
        value = node.value
        if node.style:
            if self.trims_spaces and (value[:1].isspace() or value[-1:].isspace()):
                raise Unusual
        elif value[:1].isalpha() and value not in scalars.WORDS:
            pass  # text that cannot mean anything else: what `plain_value` gives for it
        else:
            value = scalars.plain_value(node)
            if value.__class__ is str:
                if value[0] in CURLY_QUOTES and not self.free_text:
                    raise Unusual
            elif value is None or value.__class__ is scalars.Ambiguous:
                raise Unusual
        return self.fast_convert(value, node)

    def fast_convert(self, value: Any, node: ScalarNode) -> Any:
        """What `convert` returns when it reports nothing; raises Unusual otherwise."""
        raise Unusual

    def spaces_inside_quotes(self, node: ScalarNode, ctx: Context, reported: bool
                             ) -> ScalarNode:
        """`"tot "`: reported (unless an invisible character there already was), repaired,
        and read without the spaces, so that no second message says 'tot' is not tot."""
        value = node.value.strip()
        if not reported:
            quote = node.style or '"'
            ctx.error(node, "quoted-spaces", _(
                "spaces inside the quotes of {written}: an id, a choice, a number or a date "
                "has none at its start or end; write {meant}").format(
                written=quote + node.value + quote, meant=quote + value + quote),
                      _value_edit(node, value))
        return ScalarNode(node.tag, value, node.start_mark, node.end_mark, style=node.style)

    def ambiguous(self, node: ScalarNode, value: scalars.Ambiguous, ctx: Context) -> None:
        """`yes`, `010`, `1:30`: values YAML readers read differently."""
        ctx.error(node, value.code, value.message)

    def curly_quoted(self, node: ScalarNode, inner: tuple[str, str], ctx: Context) -> Any:
        """`“1”`: curly quotes where YAML quotes were meant (a value that is not free text)."""
        quote, text = inner
        written = self.straight(text, quote)
        ctx.error(node, "curly-quotes", _(
            "curly quotes {value} are not YAML quotes: YAML reads them as characters; write "
            "{written}").format(value=node.value, written=written),
                  _value_edit(node, written, whole=True))
        unquoted = ScalarNode(node.tag, text, node.start_mark, node.end_mark, style=quote)
        return self.convert(scalars.plain_value(unquoted), unquoted, ctx)

    def straight(self, text: str, quote: str) -> str:
        return quote + text + quote

    def convert(self, value: Any, node: ScalarNode, ctx: Context) -> Any:
        raise NotImplementedError


class Text(ScalarSpec):
    free_text = True
    trims_spaces = False

    def __init__(self, description: str = "", max_length: int = 20_000) -> None:
        self.description = description
        self.max_length = max_length

    def expected(self) -> str:
        return _("text")

    def build(self, node: Node, ctx: Context) -> Any:
        if isinstance(node, ScalarNode):
            if ctx.flaws and ctx.judge_flaws(node, as_text=True) and not node.value:
                return INVALID
            text = self._at_once(node)
            if text is not None:
                return text
        return super().build(node, ctx)

    def _at_once(self, node: ScalarNode) -> str | None:
        """Most values are text that cannot mean anything else: quoted, a block, or plain
        and starting with a letter without being a YAML 1.1 word. Their text, taken at
        once; None for anything else (and any problem), which goes the general way."""
        text = node.value
        style = node.style
        if style in ("|", ">"):
            text = text.strip()
        elif not style and not (text[:1].isalpha() and text not in scalars.WORDS):
            return None
        return text if text.strip() and len(text) <= self.max_length else None

    def fast(self, node: Node) -> Any:
        # `_at_once` written out (a call less for most values of a file).
        if node.__class__ is not ScalarNode:
            raise Unusual
        text = node.value
        style = node.style
        if style:
            if style in ("|", ">"):
                text = text.strip()
            if text.strip() and len(text) <= self.max_length:
                return text
            raise Unusual  # quoted or a block, and empty or too long
        if text[:1].isalpha() and text not in scalars.WORDS and text.strip() \
                and len(text) <= self.max_length:
            return text
        return super().fast(node)

    def fast_convert(self, value: Any, node: ScalarNode) -> Any:
        # A plain value that does not start with a letter, or is a YAML word.
        if value.__class__ is bool:
            raise Unusual
        text = node.value
        if text.strip() and len(text) <= self.max_length:
            return text
        raise Unusual

    def convert(self, value: Any, node: ScalarNode, ctx: Context) -> Any:
        if isinstance(value, bool):
            ctx.error(node, "type-mismatch", _(
                "expected text, found the boolean {value}; put it in quotes if it is text"
            ).format(value=node.value))
            return INVALID
        if isinstance(value, scalars.BadDate):
            return node.value  # a date-looking text is still text here
        text = node.value.strip() if node.style in ("|", ">") else node.value
        if not text.strip():
            ctx.error(node, "value-missing", _("this text is empty"))
            return INVALID
        if len(text) > self.max_length:
            ctx.error(node, "value-invalid", _(
                "this text has {length} characters, more than the {limit} one value may hold; "
                "shorten it, or split it over several activities or list items").format(
                length=len(text), limit=self.max_length))
            return INVALID
        return text

    def json_schema(self) -> dict[str, Any]:
        # A number is text too, as `dvcq check` reads it ("14" for a name is allowed).
        return _described({"type": ["string", "number"], "pattern": r"\S", "errorMessage": (
            "Cần một đoạn chữ, không để trống. true và false là giá trị đúng/sai: nếu là chữ, "
            "hãy đặt trong ngoặc kép")}, self.description)


ID_PATTERN = re.compile(r"[a-z][a-z0-9_-]{0,39}\Z")


class Id(ScalarSpec):
    """A stable ASCII id: lower-case letters, digits, '_' and '-', starting with a letter."""

    def __init__(self, description: str = "", pattern: re.Pattern[str] = ID_PATTERN,
                 example: str = "hctc") -> None:
        self.description = description
        self.pattern = pattern
        self.example = example

    def expected(self) -> str:
        return _("an id such as '{example}'").format(example=self.example)

    def convert(self, value: Any, node: ScalarNode, ctx: Context) -> Any:
        if isinstance(value, (bool, float, scalars.BadDate, date)):
            return self.mismatch(node, ctx)
        text = str(node.value)
        if not self.pattern.match(text):
            if self.pattern is ID_PATTERN:
                message = _("'{value}' is not a valid id: use lower-case ASCII letters, digits, "
                            "'_' or '-', starting with a letter (e.g. '{example}')")
            else:
                message = _("'{value}' is not a valid id: use lower-case ASCII letters, digits, "
                            "'_' or '-' (e.g. '{example}')")
            ctx.error(node, "id-invalid", message.format(value=_shorten(text),
                                                         example=self.example))
            return INVALID
        return text

    def fast_convert(self, value: Any, node: ScalarNode) -> Any:
        # (TaskId's `convert` takes a decimal number too, which its pattern never fits.)
        kind = value.__class__
        if (kind is str or kind is int) and self.pattern.match(node.value):
            return node.value
        raise Unusual

    def json_schema(self) -> dict[str, Any]:
        pattern = "^" + self.pattern.pattern.removesuffix("\\Z") + "$"
        return _described({"type": "string", "pattern": pattern, "errorMessage": (
            "Mã chỉ gồm chữ thường không dấu (a–z), chữ số, '_' hoặc '-', bắt đầu bằng chữ, "
            f"ví dụ {self.example}")}, self.description)


TASK_ID_PATTERN = re.compile(r"[0-9]{1,2}(?:\.[a-zđ])?\Z")


class TaskId(Id):
    """A task or point id as numbered in the plan: "1", "2", "2.a", "2.đ"."""

    def __init__(self, description: str = "") -> None:
        super().__init__(description, TASK_ID_PATTERN, "2.a")

    def convert(self, value: Any, node: ScalarNode, ctx: Context) -> Any:
        if isinstance(value, (bool, scalars.BadDate, date)):
            return self.mismatch(node, ctx)
        text = str(node.value)
        if not self.pattern.match(text):
            ctx.error(node, "id-invalid", _(
                "'{value}' is not a task number: write it as in the plan, e.g. \"1\" or "
                "\"2.a\"").format(value=_shorten(text)))
            return INVALID
        return text

    def json_schema(self) -> dict[str, Any]:
        return _described({"type": ["string", "integer"], "pattern": "^[0-9]{1,2}(\\.[a-zđ])?$",
                           "errorMessage": 'Ghi số hiệu nhiệm vụ như trong kế hoạch, trong ngoặc '
                                           'kép, ví dụ "1" hoặc "2.a"'}, self.description)


class Int(ScalarSpec):
    def __init__(self, description: str = "", minimum: int | None = None,
                 maximum: int | None = None) -> None:
        self.description = description
        self.minimum = minimum
        self.maximum = maximum

    def expected(self) -> str:
        return _("a whole number")

    def convert(self, value: Any, node: ScalarNode, ctx: Context) -> Any:
        if isinstance(value, str) and not scalars.is_plain(node) and _INT_TEXT.match(value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            return self.mismatch(node, ctx)
        return _in_range(self, value, value, node, ctx)

    def fast_convert(self, value: Any, node: ScalarNode) -> Any:
        if value.__class__ is str and node.style and _INT_TEXT.match(value):
            value = int(value)
        elif value.__class__ is not int:
            raise Unusual
        if (self.minimum is not None and value < self.minimum) or \
                (self.maximum is not None and value > self.maximum):
            raise Unusual
        return value

    def json_schema(self) -> dict[str, Any]:
        # Digits in quotes are a whole number too, as `dvcq check` reads them.
        schema: dict[str, Any] = {"type": ["integer", "string"], "pattern": "^[0-9]{1,15}$",
                                  "errorMessage": "Cần một số nguyên, ví dụ 14"}
        return _described({**schema, **within(self.minimum, self.maximum)}, self.description)


_INT_TEXT = re.compile(r"[0-9]{1,15}\Z")


class Number(ScalarSpec):
    """A decimal number, kept exact as a Fraction."""

    def __init__(self, description: str = "", minimum: int | None = None,
                 maximum: int | None = None) -> None:
        self.description = description
        self.minimum = minimum
        self.maximum = maximum

    def expected(self) -> str:
        return _("a number")

    def convert(self, value: Any, node: ScalarNode, ctx: Context) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return self.mismatch(node, ctx)
        return _in_range(self, Fraction(node.value), node.value, node, ctx)

    def fast_convert(self, value: Any, node: ScalarNode) -> Any:
        if value.__class__ is not int and value.__class__ is not float:
            raise Unusual
        number = Fraction(node.value)
        if (self.minimum is not None and number < self.minimum) or \
                (self.maximum is not None and number > self.maximum):
            raise Unusual
        return number

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "number", "errorMessage": (
            "Cần một số; phần thập phân sau dấu chấm, ví dụ 2.5")}
        return _described({**schema, **within(self.minimum, self.maximum)}, self.description)


def _in_range(spec: Int | Number, number: Any, shown: Any, node: ScalarNode,
              ctx: Context) -> Any:
    """The number, or INVALID with a problem when it is outside the spec's min and max."""
    if spec.minimum is not None and number < spec.minimum:
        ctx.error(node, "value-invalid", _("{value} is less than the minimum {minimum}")
                  .format(value=shown, minimum=spec.minimum))
        return INVALID
    if spec.maximum is not None and number > spec.maximum:
        ctx.error(node, "value-invalid", _("{value} is more than the maximum {maximum}")
                  .format(value=shown, maximum=spec.maximum))
        return INVALID
    return number


# What a boolean written another way can only mean: YAML 1.1's words in any case, and
# Vietnamese "có" / "không".
_BOOL_WORDS = {**dict.fromkeys(("yes", "y", "on", "true", "có"), True),
               **dict.fromkeys(("no", "n", "off", "false", "không"), False)}


class Bool(ScalarSpec):
    def __init__(self, description: str = "") -> None:
        self.description = description

    def expected(self) -> str:
        return _("true or false")

    def ambiguous(self, node: ScalarNode, value: scalars.Ambiguous, ctx: Context) -> None:
        # Where a boolean is declared, `yes` or `True` can only mean one thing.
        meant = _BOOL_WORDS.get(node.value.lower())
        if value.code != "ambiguous-bool" or meant is None:
            super().ambiguous(node, value, ctx)
            return
        written = "true" if meant else "false"
        ctx.error(node, value.code, _(
            "'{value}' is a boolean for some YAML readers only; write {written}").format(
            value=node.value, written=written), _value_edit(node, written))

    def straight(self, text: str, quote: str) -> str:
        return text if text in ("true", "false") else quote + text + quote

    def fast_convert(self, value: Any, node: ScalarNode) -> Any:
        if value.__class__ is bool:
            return value
        raise Unusual

    def convert(self, value: Any, node: ScalarNode, ctx: Context) -> Any:
        if isinstance(value, bool):
            return value
        if not scalars.is_plain(node) and node.value in ("true", "false"):
            ctx.error(node, "type-mismatch", _("write {value} without quotes").format(
                value=node.value), _value_edit(node, node.value, whole=True))
            return INVALID
        meant = _BOOL_WORDS.get(node.value.strip().lower()) if isinstance(value, str) else None
        if meant is not None:
            written = "true" if meant else "false"
            ctx.error(node, "ambiguous-bool", _(
                "'{value}' is not a boolean for YAML; write {written}").format(
                value=node.value, written=written), _value_edit(node, written, whole=True))
            return INVALID
        return self.mismatch(node, ctx)

    def json_schema(self) -> dict[str, Any]:
        return _described({"type": "boolean", "errorMessage": (
            "Ghi true (có) hoặc false (không), không đặt trong ngoặc kép")}, self.description)


class Date(ScalarSpec):
    def __init__(self, description: str = "") -> None:
        self.description = description

    def expected(self) -> str:
        return _("a date written YYYY-MM-DD, e.g. 2024-04-08")

    def fast_convert(self, value: Any, node: ScalarNode) -> Any:
        if value.__class__ is date:  # written plain; a quoted date goes the full way
            return value
        raise Unusual

    def convert(self, value: Any, node: ScalarNode, ctx: Context) -> Any:
        if isinstance(value, str) and not scalars.is_plain(node):
            value = scalars.plain_value(ScalarNode(node.tag, value))
        if isinstance(value, date):
            return value
        if isinstance(value, scalars.BadDate):
            ctx.error(node, "value-invalid", value.message)
            return INVALID
        meant = _written_date(node.value) if isinstance(value, str) else None
        if meant is not None:
            ctx.error(node, "type-mismatch", _(
                "'{value}' is not written as YYYY-MM-DD: write {iso} ({spelled})").format(
                value=node.value, iso=meant.isoformat(),
                spelled=_("day {day}, month {month}").format(day=meant.day, month=meant.month)),
                      _value_edit(node, meant.isoformat()))
            return INVALID
        ctx.error(node, "type-mismatch", _("'{value}' is not a date: write it as YYYY-MM-DD, "
                                           "e.g. 2024-04-08").format(value=_shorten(node.value)))
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        # A pattern, not `format: date`: editors then show this message, not their own
        # English one, and refuse 2024-02-30 as `dvcq check` does.
        return _described({"type": "string", "pattern": REAL_DATE, "errorMessage": (
            "Ghi một ngày có thật theo dạng YYYY-MM-DD (năm-tháng-ngày), ví dụ 2024-04-08")},
                          self.description)


# A real date written YYYY-MM-DD: each month's days, 29 February in leap years only.
REAL_DATE = (
    "^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$")


# A date as Vietnamese offices write it: day/month/year (08/04/2024, 8-4-2024, 08.04.2024),
# or year/month/day. Two-digit years are not read: their century is a guess.
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})\Z")
_YEAR_MONTH_DAY = re.compile(r"([0-9]{4})([/.-])([0-9]{1,2})\2([0-9]{1,2})\Z")


def _written_date(text: str) -> date | None:
    """The one date `text` can mean when written d/m/yyyy or yyyy/m/d; None otherwise."""
    text = text.strip()
    match = _DAY_MONTH_YEAR.match(text)
    if match is not None:
        day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    else:
        match = _YEAR_MONTH_DAY.match(text)
        if match is None:
            return None
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
    try:
        return date(year, month, day)
    except ValueError:
        return None


_PERCENT = re.compile(r"([0-9]{1,3}(?:[.,][0-9]+)?)\s*%\Z")


class Threshold(ScalarSpec):
    """A percentage (`80%`, `83,3%`) or a whole number: what a target is compared with."""

    def __init__(self, description: str = "") -> None:
        self.description = description

    def expected(self) -> str:
        return _("a percentage such as 80% or a whole number")

    def convert(self, value: Any, node: ScalarNode, ctx: Context) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if isinstance(value, str):
            match = _PERCENT.match(value.strip())
            if match:
                return Percent(Fraction(match.group(1).replace(",", ".")) / 100)
        return self.mismatch(node, ctx)

    def json_schema(self) -> dict[str, Any]:
        return _described({
            "type": ["string", "integer"], "pattern": r"^[0-9]{1,3}([.,][0-9]+)?%$",
            "errorMessage": "Ghi tỷ lệ phần trăm như 80% hoặc 83,3%, hoặc một số nguyên như 5",
            **within(0, None)}, self.description)


class Percent(NamedTuple):
    """A share written with '%': `value` is the exact fraction (80% → 4/5)."""

    value: Fraction


class Choice(ScalarSpec):
    """One of some ids. `labels` (id → label, as a plan declares its choices) lets a value
    written as a label (`Tốt` for `tot`) be repaired: it names one id only."""

    def __init__(self, choices: tuple[str, ...], description: str = "",
                 labels: Mapping[str, str] | None = None) -> None:
        self.choices = choices
        self.description = description
        self.labels = labels or {}

    def expected(self) -> str:
        return _("one of: {choices}").format(choices=", ".join(self.choices))

    def fast_convert(self, value: Any, node: ScalarNode) -> Any:
        if value.__class__ is not bool and node.value in self.choices:
            return node.value
        raise Unusual

    def convert(self, value: Any, node: ScalarNode, ctx: Context) -> Any:
        text = node.value
        if not isinstance(value, bool) and text in self.choices:
            return text
        meant = self._labelled(text) if self.labels and isinstance(value, str) else None
        if meant is not None:
            ctx.error(node, "choice-invalid", _(
                "'{value}' is how the choice '{choice}' is shown; write its id: {choice}"
            ).format(value=_shorten(text), choice=meant), _value_edit(node, meant))
            return INVALID
        ctx.error(node, "choice-invalid", _("'{value}' is not one of: {choices}{hint}").format(
            value=_shorten(text), choices=", ".join(self.choices),
            hint=did_you_mean(text, self.choices)))
        return INVALID

    def _labelled(self, text: str) -> str | None:
        folded = " ".join(text.split()).casefold()
        found = [choice for choice, label in self.labels.items()
                 if isinstance(label, str) and " ".join(label.split()).casefold() == folded]
        return found[0] if len(found) == 1 else None

    def json_schema(self) -> dict[str, Any]:
        return _described({"enum": list(self.choices), "errorMessage": (
            "Chọn một trong: " + ", ".join(self.choices))}, self.description)


class Scalar(ScalarSpec):
    """Any scalar, resolved but not typed: for values typed later by the plan."""

    trims_spaces = False

    def __init__(self, description: str = "") -> None:
        self.description = description

    def expected(self) -> str:
        return _("a single value")

    def convert(self, value: Any, node: ScalarNode, ctx: Context) -> Any:
        return value

    def fast_convert(self, value: Any, node: ScalarNode) -> Any:
        return value

    def json_schema(self) -> dict[str, Any]:
        return _described({"type": ["string", "number", "boolean"], "errorMessage": (
            "Cần một giá trị đơn: chữ, số, true hoặc false")}, self.description)


class CountsText(Text):
    """What a number counts: a noun phrase, or `false` when nothing is counted (read as "")."""

    def expected(self) -> str:
        return _("text, or false")

    def convert(self, value: Any, node: ScalarNode, ctx: Context) -> Any:
        if value is False:
            return ""
        return super().convert(value, node, ctx)

    def json_schema(self) -> dict[str, Any]:
        said = "Ghi điều được đếm (ví dụ: người tham dự), hoặc false nếu không đếm gì"
        return _described({"anyOf": [{"type": "string", "pattern": r"\S", "errorMessage": said},
                                     {"const": False, "errorMessage": said}],
                           "errorMessage": said}, self.description)


class RawNode(Spec):
    """Keeps the node itself, so that a later rule can type it and point at it."""

    def __init__(self, description: str = "") -> None:
        self.description = description

    def expected(self) -> str:
        return _("a value")

    def build(self, node: Node, ctx: Context) -> Any:
        return node

    def fast(self, node: Node) -> Any:
        # A list or mapping is left to the full build: a fast build that succeeds also
        # tells that the loader's dialect check has nothing to say (see build_unchecked),
        # and nothing here looks inside it.
        if node.__class__ is not ScalarNode:
            raise Unusual
        return node

    def json_schema(self) -> dict[str, Any]:
        return _described({}, self.description)


class ListOf(Spec):
    def __init__(self, item: Spec, description: str = "", min_items: int = 0,
                 allow_scalar: bool = False) -> None:
        self.item = item
        self.description = description
        self.min_items = min_items
        self.allow_scalar = allow_scalar

    def expected(self) -> str:
        return _("a list (lines starting with '- ')")

    def build(self, node: Node, ctx: Context) -> Any:
        if isinstance(node, ScalarNode) and scalars.plain_value(node) is None:
            items: list[Node] = []
        elif isinstance(node, SequenceNode):
            items = node.value
        elif self.allow_scalar and isinstance(node, ScalarNode):
            items = [node]
        elif isinstance(node, MappingNode) and _dash_glued(node):
            key = node.value[0][0]
            ctx.error(key, "type-mismatch", _(
                "a list item starts with '-' and a space; write: - {key}: …").format(
                key=key.value[1:]))
            return INVALID
        else:
            return self.mismatch(node, ctx)
        if len(items) < self.min_items:
            ctx.error(node, "value-missing", _("the list needs at least {count} item(s)")
                      .format(count=self.min_items))
        built = [self.item.build(item, ctx) for item in items]
        return [value for value in built if value is not INVALID]

    def fast(self, node: Node) -> Any:
        # (The usual list of items taken at once, and `map` rather than a comprehension:
        # two Python frames fewer for each of the lists of a file.)
        items = node.value if node.__class__ is SequenceNode else self._fast_items(node)
        if len(items) < self.min_items:
            raise Unusual
        return list(map(self.item.fast, items))

    def _fast_items(self, node: Node) -> list[Node]:
        """The item nodes `build` takes without a problem, or Unusual."""
        kind = node.__class__
        if kind is SequenceNode:
            items = node.value
        elif kind is ScalarNode and scalars.plain_value(node) is None:
            items = []
        elif kind is ScalarNode and self.allow_scalar:
            items = [node]
        else:
            raise Unusual
        if len(items) < self.min_items:
            raise Unusual
        return items

    def json_schema(self) -> dict[str, Any]:
        item = self.item.json_schema()
        message = "Cần một danh sách, mỗi mục một dòng bắt đầu bằng '- '"
        schema: dict[str, Any] = {"type": "array", "items": item}
        if self.min_items:
            # `contains` rather than `minItems`: editors show this message for it.
            assert self.min_items == 1
            schema["contains"] = {}
            message = "Cần một danh sách có ít nhất một mục, mỗi mục một dòng bắt đầu bằng '- '"
        if self.allow_scalar and "anyOf" in item:  # a text or a record, alone or listed
            schema["errorMessage"] = message
            message = ("Cần một nội dung, hoặc một danh sách, mỗi mục một dòng bắt đầu bằng "
                       "'- ': nội dung, hoặc text: (nội dung) và to: (nơi nhận)")
            schema = {"anyOf": [*item["anyOf"], schema]}
        elif self.allow_scalar:
            # One item may be written alone. One schema, not a oneOf of two: `items` applies
            # to a list only and the item's keywords to a single value only, and editors
            # merge the messages of alternatives into an English one.
            item_types = item["type"] if isinstance(item["type"], list) else [item["type"]]
            assert not item.keys() & {"enum", "const", "required", "properties"}, item
            schema = {**{k: v for k, v in item.items() if k != "description"},
                      **schema, "type": ["array", *item_types]}
            message = ("Cần một giá trị, hoặc một danh sách các giá trị, mỗi mục một dòng bắt "
                       "đầu bằng '- '")
        schema["errorMessage"] = message
        return _described(schema, self.description)


class PlacedList(list):  # type: ignore[type-arg]
    """A list that also knows where each of its items is (empty when some item failed)."""

    places: tuple[Pos, ...] = ()

    def place(self, index: int, default: Pos) -> Pos:
        return self.places[index] if index < len(self.places) else default


class PlacedListOf(ListOf):
    """A list whose items a later rule may point at one by one (ids checked against another
    file: a criteria set's conditions)."""

    def build(self, node: Node, ctx: Context) -> Any:
        built = super().build(node, ctx)
        if built is INVALID:
            return built
        result = PlacedList(built)
        nodes = node.value if isinstance(node, SequenceNode) else [node]
        if len(nodes) == len(built):
            result.places = tuple(Pos.of(item) for item in nodes)
        return result

    def fast(self, node: Node) -> Any:
        nodes = self._fast_items(node)
        result = PlacedList(self.item.fast(item) for item in nodes)
        if node.__class__ is not ScalarNode or nodes:  # `build` gives a null no places
            result.places = tuple(Pos.of(item) for item in nodes)
        return result


class TextOrRecord(Spec):
    """A record whose `text` may be written alone: `- Đề nghị …` is `- text: Đề nghị …` with
    the record's other keys left out (`text_field` names that key: `label` for an activity
    kind). Older files, made when the item was only a text, stay valid."""

    def __init__(self, record: Record, text_field: str = "text") -> None:
        self.record = record
        self.text_field = text_field
        self.description = record.description

    def expected(self) -> str:
        return _("a text, or a mapping (key: value lines) with {key}:").format(
            key=self.text_field)

    def build(self, node: Node, ctx: Context) -> Any:
        if isinstance(node, ScalarNode):
            text = self.record.fields[self.text_field].spec.build(node, ctx)
            if text is INVALID:
                return INVALID
            return self.record._construct(
                {self.text_field: text},
                Where(node.start_mark, {}, {self.text_field: node.start_mark}))
        return self.record.build(node, ctx)

    def fast(self, node: Node) -> Any:
        if node.__class__ is ScalarNode:
            text = self.record.fields[self.text_field].spec.fast(node)
            return self.record._construct(
                {self.text_field: text},
                Where(node.start_mark, {}, {self.text_field: node.start_mark}))
        return self.record.fast(node)

    def json_schema(self) -> dict[str, Any]:
        text = self.record.fields[self.text_field].spec.json_schema()
        return _described({"anyOf": [text, self.record.json_schema()]}, self.description)


def _dash_glued(node: MappingNode) -> bool:
    """`-task: "1"`: a list item written without the space after '-' reads as a key."""
    first = node.value[0][0] if node.value else None
    return isinstance(first, ScalarNode) and not first.style and len(first.value) > 1 \
        and first.value[0] == "-" and first.value[1] not in " -"


class LocatedDict(dict):  # type: ignore[type-arg]
    """A dict that also knows where each of its keys and values is in the file."""

    where: Where = NO_WHERE

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled without `where`, like every Where (see there).
        return (LocatedDict, (dict(self),))


class MapOf(Spec):
    """A mapping with free keys (ids) and values of one kind; keeps positions."""

    def __init__(self, key: Spec, value: Spec, description: str = "",
                 key_label: str = "") -> None:
        self.key = key
        self.value = value
        self.description = description
        self.key_label = key_label

    def expected(self) -> str:
        return _("a mapping (key: value lines)")

    def build(self, node: Node, ctx: Context) -> Any:
        if isinstance(node, ScalarNode) and scalars.plain_value(node) is None:
            return LocatedDict()
        if not isinstance(node, MappingNode):
            return self.mismatch(node, ctx)
        result = LocatedDict()
        keys: dict[str, Any] = {}  # yaml marks: see Where
        values: dict[str, Any] = {}
        key_spec, value_spec = self.key, self.value
        for key_node, value_node in node.value:
            key = key_spec.build(key_node, ctx)
            if key is INVALID:
                continue
            value = value_spec.build(value_node, ctx)
            if value is INVALID:
                continue
            result[key] = value
            keys[key] = key_node.start_mark
            values[key] = value_node.start_mark
        result.where = Where(node.start_mark, keys, values)
        return result

    def fast(self, node: Node) -> Any:
        kind = node.__class__
        if kind is ScalarNode and scalars.plain_value(node) is None:
            return LocatedDict()
        if kind is not MappingNode:
            raise Unusual
        result = LocatedDict()
        keys: dict[str, Any] = {}
        values: dict[str, Any] = {}
        key_fast, value_fast = self.key.fast, self.value.fast
        for key_node, value_node in node.value:
            key = key_fast(key_node)
            result[key] = value_fast(value_node)
            keys[key] = key_node.start_mark
            values[key] = value_node.start_mark
        if len(result) != len(node.value):
            raise Unusual  # a key twice (the loader reports it, or will: build_unchecked)
        result.where = Where(node.start_mark, keys, values)
        return result

    def json_schema(self) -> dict[str, Any]:
        key_schema = self.key.json_schema()
        schema: dict[str, Any] = {"type": "object",
                                  "additionalProperties": self.value.json_schema(),
                                  "errorMessage": "Cần các dòng 'mã: giá trị'"}
        if "pattern" in key_schema or "enum" in key_schema:
            schema["propertyNames"] = {**key_schema, "title": self.key_label or "mã"}
        return _described(schema, self.description)


class F(NamedTuple):
    """A field of a record: its spec, whether it is required, and its Python name."""

    spec: Spec
    required: bool = False
    attr: str | None = None
    default: Any = None
    default_factory: Callable[[], Any] | None = None


class Record(Spec):
    """A mapping with known keys, built into a dataclass with a `where` attribute.

    `legacy` keys are read (older files stay valid) but never written or offered in a form:
    another key now says the same thing."""

    legacy: tuple[str, ...] = ()
    # Keys that fill another key's slot of the model (an older name of it), and slots that
    # take another key's value when their own key is not written (see model.SpanRecord).
    aliases: Mapping[str, str] = MappingProxyType({})
    fallbacks: Mapping[str, str] = MappingProxyType({})

    def unwritten(self, obj: Any) -> tuple[str, ...]:
        """The keys not to write for this object (besides the empty ones): a value another
        key already gives."""
        return self.legacy

    def __init__(self, cls: type, fields: dict[str, F], description: str = "",
                 one_of: tuple[tuple[str, ...], ...] = (),
                 at_most_one_of: tuple[tuple[str, ...], ...] = ()) -> None:
        self.cls = cls
        self.fields = fields
        self.description = description
        self.one_of = one_of
        self.at_most_one_of = at_most_one_of
        self._layout = _tuple_layout(cls, fields)
        if self._layout is not None:
            # For `_construct`: the slot of each key, the defaults, and the slots whose
            # default is made anew for each model (a list).
            self._slots = {name: slot for slot, (name, _field) in enumerate(self._layout)
                           if name is not None}
            self._defaults = [field.default for _name, field in self._layout]
            self._factories = tuple((slot, name, field.default_factory)
                                    for slot, (name, field) in enumerate(self._layout)
                                    if name is not None and field.default_factory is not None)
        self._required = tuple(name for name, field in fields.items() if field.required)
        # For `fast`: each key's spec and whether it is required, in one look-up.
        self._fast_fields = {name: (field.spec, field.required) for name, field in fields.items()}
        # Whether `_exclusive_ok` can say no (keys that exclude each other, or a subclass's
        # own rule): the fast build asks it only then.
        self._exclusive_checked = bool(one_of or at_most_one_of) or \
            type(self)._exclusive_ok is not Record._exclusive_ok

    def expected(self) -> str:
        return _("a mapping (key: value lines)")

    def build(self, node: Node, ctx: Context) -> Any:
        """The model; when the mapping has problems (all reported), a partial model: the
        fields that failed hold INVALID and `where.partial` is set, also when the problem is
        in a model inside it, so that the checks can still run on what is valid (every
        problem of a file in one run). Only the checks ever see a partial model: a file with
        errors gives no model to anything else."""
        if not isinstance(node, MappingNode):
            return self.mismatch(node, ctx)
        values: dict[str, Any] = {}
        keys: dict[str, Any] = {}  # yaml marks: see Where
        positions: dict[str, Any] = {}
        fields = self.fields
        failed = False
        partials = ctx.partials  # a partial model inside makes this one partial too
        misspelt: set[str] = set()  # required keys an unknown key was probably meant as
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, ScalarNode) else None
            if name is None:
                continue  # the loader has reported the complex key
            spec = fields.get(name)
            if spec is None:
                name = self._unknown_key(key_node, ctx, misspelt)
                failed = True
                spec = fields.get(name) if name is not None else None
                if spec is None or name in keys:
                    continue
            keys[name] = key_node.start_mark
            if isinstance(value_node, ScalarNode) and not value_node.style \
                    and value_node.value in scalars.NULLS and not spec.required:
                continue  # an optional key left empty is the same as no key
            value = spec.spec.build(value_node, ctx)
            positions[name] = value_node.start_mark
            values[name] = value
            if value is INVALID:
                failed = True
        where = Where(node.start_mark, keys, positions)
        missing = [name for name, spec in fields.items()
                   if spec.required and name not in keys]
        for name in missing:
            values[name] = INVALID
            if name in misspelt:
                continue  # "unknown key 'unitt'; did you mean 'unit'?" already says it
            ctx.report(where.at, "key-missing", _("missing key '{key}' in this mapping")
                       .format(key=name))
        failed = failed or bool(missing) or not self._exclusive_ok(keys, where, ctx) \
            or ctx.partials != partials
        if failed:
            where.partial = True
            ctx.partials += 1
        return self._construct(values, where)

    def fast(self, node: Node) -> Any:
        # `build` for a mapping of known keys whose values all build without a problem.
        if node.__class__ is not MappingNode:
            raise Unusual
        values: dict[str, Any] = {}
        keys: dict[str, Any] = {}
        positions: dict[str, Any] = {}
        fields = self._fast_fields
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                raise Unusual
            name = key_node.value
            field = fields.get(name)
            if field is None or name in keys:
                raise Unusual
            keys[name] = key_node.start_mark
            spec, required = field
            if not required and value_node.__class__ is ScalarNode and not value_node.style \
                    and value_node.value in scalars.NULLS:
                continue  # an optional key left empty is the same as no key
            values[name] = spec.fast(value_node)
            positions[name] = value_node.start_mark
        for name in self._required:
            if name not in keys:
                raise Unusual
        where = Where(node.start_mark, keys, positions)
        if self._exclusive_checked and not self._exclusive_ok(keys, where, _UNREAD):
            _UNREAD.problems.clear()  # `build` reports it
            raise Unusual
        return self._construct(values, where)

    def _unknown_key(self, key_node: ScalarNode, ctx: Context, misspelt: set[str]
                     ) -> str | None:
        """Report a key the record does not have; the field meant when the key is one
        wrapped in curly quotes (`“unit”: hctc`), so that its value is still checked."""
        name = key_node.value
        inner = _curly_quoted(name) if not key_node.style else None
        if inner is not None and inner[1] in self.fields:
            ctx.error(key_node, "curly-quotes", _(
                "curly quotes {value} are not YAML quotes: YAML reads them as characters; write "
                "{written}").format(value=name, written=inner[1]),
                      _value_edit(key_node, inner[1]))
            return inner[1]
        guess = closest(name, list(self.fields))
        if guess is not None:
            misspelt.add(guess)
        ctx.error(key_node, "key-unknown", _("unknown key '{key}'{hint}").format(
            key=_shorten(name), hint=did_you_mean(name, list(self.fields))))
        return None

    def _exclusive_ok(self, keys: dict[str, Any], where: Where, ctx: Context) -> bool:
        """Keys that exclude each other, or one of which is needed; False (reported) when
        they are not as they must be. The verdict depends on which keys are written and on
        nothing else (the compiled fast build keeps the verdicts it has seen)."""
        ok = True
        for group in self.one_of + self.at_most_one_of:
            present = sorted((name for name in group if name in keys),
                             key=lambda name: where.key(name))
            if len(present) > 1:
                ctx.report(where.key(present[1]), "key-conflict", _(
                    "'{first}' and '{second}' cannot both be given; keep one").format(
                    first=present[0], second=present[1]))
                ok = False
            elif not present and group in self.one_of:
                ctx.report(where.at, "key-missing", _("one of these keys is needed here: {keys}")
                           .format(keys=", ".join(group)))
                ok = False
        return ok

    def _construct(self, values: dict[str, Any], where: Where) -> Any:
        for name, meant in self.aliases.items():
            if name in values:
                values[meant] = values.pop(name)
        for name, source in self.fallbacks.items():
            if name not in values:
                values[name] = values.get(source, INVALID)
        if self._layout is not None:
            # A NamedTuple model: its tuple made directly, field by field in its own order
            # (a keyword call goes through the generated __new__: a third of the time).
            row = self._defaults.copy()
            slots = self._slots
            for name, value in values.items():
                slot = slots.get(name)
                if slot is not None:
                    row[slot] = value
            for slot, name, factory in self._factories:
                if name not in values:
                    row[slot] = factory()
            row[-1] = where
            return _new_tuple(self.cls, row)
        kwargs: dict[str, Any] = {}
        for name, spec in self.fields.items():
            attr = spec.attr or name
            if name in values:
                kwargs[attr] = values[name]
            elif spec.default_factory is not None:
                kwargs[attr] = spec.default_factory()
            else:
                kwargs[attr] = spec.default
        return self.cls(**kwargs, where=where)

    def json_schema(self) -> dict[str, Any]:
        """Unknown keys are refused by `propertyNames` and each required key by a schema of
        its own, so that editors show a message fit for each (one `errorMessage` per schema,
        and theirs are English)."""
        properties = {name: spec.spec.json_schema() for name, spec in self.fields.items()}
        names = list(self.fields)
        schema: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "propertyNames": {"enum": names, "errorMessage": (
                "Khóa này không có ở đây. Các khóa dùng được: " + ", ".join(names))},
            "errorMessage": "Cần các dòng 'khóa: giá trị'",
        }
        rules = [{"required": [name], "errorMessage": missing_key_message(name, field.spec)}
                 for name, field in self.fields.items() if field.required]
        for group in self.one_of:
            needed = "Cần một trong các khóa: " + ", ".join(group)
            rules.append({"anyOf": [{"required": [name], "errorMessage": needed}
                                    for name in group]})
        for group in self.one_of + self.at_most_one_of:
            rules.extend(only_one(first, second)
                         for index, first in enumerate(group) for second in group[index + 1:])
        if rules:
            schema["allOf"] = rules
        return _described(schema, self.description)


_new_tuple = tuple.__new__


def _tuple_layout(cls: type, fields: dict[str, F]) -> list[tuple[str | None, F]] | None:
    """For a NamedTuple model whose fields are exactly the spec's (by `attr` or key) plus a
    last `where`: the spec key and field of each tuple slot (None for `where`)."""
    model_fields = getattr(cls, "_fields", None)
    if not isinstance(model_fields, tuple) or not model_fields or model_fields[-1] != "where":
        return None
    by_attr = {field.attr or name: (name, field) for name, field in fields.items()}
    if set(by_attr) != set(model_fields[:-1]):
        return None
    return [by_attr[attr] for attr in model_fields[:-1]] + [(None, F(RawNode()))]


def within(minimum: int | None, maximum: int | None) -> dict[str, Any]:
    """Bounds of a number, said in Vietnamese by editors: the bounds are a condition
    (`if`) and what fails them a schema with a message, since editors have no message of
    their own choosing for `minimum` and `maximum`."""
    if minimum is None and maximum is None:
        return {}
    bounds: dict[str, Any] = {}
    if minimum is not None:
        bounds["minimum"] = minimum
    if maximum is not None:
        bounds["maximum"] = maximum
    if maximum is None:
        said = f"Số phải từ {minimum} trở lên"
    elif minimum is None:
        said = f"Số phải từ {maximum} trở xuống"
    else:
        said = f"Số phải từ {minimum} đến {maximum}"
    return {"if": bounds, "else": fails(said)}


def fails(message: str) -> dict[str, Any]:
    """A schema nothing fits, with the message editors show for it."""
    return {"enum": [], "errorMessage": message}


def only_one(first: str, second: str) -> dict[str, Any]:
    """`first` and `second` exclude each other: with both, the second is underlined."""
    return {"if": {"required": [first, second]},
            "then": {"properties": {second: False},
                     "errorMessage": f"{first} và {second} không thể cùng có; giữ một"}}


def missing_key_message(name: str, spec: Spec) -> str:
    what = f": {spec.description}" if spec.description else ""
    return f"Thiếu khóa {name}{what}"


def _described(schema: dict[str, Any], description: str) -> dict[str, Any]:
    if description:
        schema["description"] = description
    return schema
