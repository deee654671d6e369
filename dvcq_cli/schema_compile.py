"""The fast build of a schema compiled into one Python function per record, list and map.

`Spec.fast` (see schema.build) makes a model with a method call per value and one or two
more to convert it, and a record's model through a dict of values. For a province's tens of
thousands of files that is most of the cost of building. Here each record, list of records
and map of a schema gets a function generated once (when the spec has been built a few
dozen times: schema.COMPILE_AFTER), in which:

- the usual case of each field's value is written out in place (a plain or quoted id or
  choice, a text, a plain date, whole number or boolean), with the field's own limits as
  constants, and the node's text and style read once;
- a record's model is made straight into its tuple, with no dict of values between, and
  its `Where` without a call.

Everything that is not the usual case is handed, unchanged, to the spec's own `fast`
method, so a compiled function returns exactly what `spec.fast` returns and raises Unusual
exactly where it does: the lanes below are only the first branch of each `fast`, written
out. (tests/test_fast_build.py compares the three builds: compiled, `fast` and full.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from dvcq_cli import scalars, schema
from dvcq_cli.schema import (
    Bool,
    Choice,
    Date,
    Id,
    Int,
    ListOf,
    LocatedDict,
    MapOf,
    PlacedListOf,
    RawNode,
    Record,
    ScalarSpec,
    Spec,
    Text,
    TextOrRecord,
    Unusual,
    Where,
)


def compiled(spec: Spec) -> Callable[[Any], Any]:
    """The function that builds `spec` fast (made at its first use, then kept on the spec):
    what `spec.fast` does, compiled for records, lists and maps, `spec.fast` otherwise."""
    found = spec.__dict__.get("_compiled")
    if found is None:
        found = _Compiler().function(spec)
        spec.__dict__["_compiled"] = found
    return found


def _where(dst: str, at: str, keys: str, values: str) -> list[str]:
    """`dst = Where(at, keys, values)` without the call: its slots set as `Where.__init__`
    sets them (a Python call made from C, for each model: a tenth of a build)."""
    return ["    made = new_object(Where)", f"    made._at = {at}",
            f"    made._keys = {keys} or NO_MARKS", f"    made._values = {values} or NO_MARKS",
            "    made.partial = False", f"    {dst} = made"]


def plain_depth(spec: Spec) -> int | None:
    """The most collections deep a tree can be that the compiled build of `spec` makes a
    model of (a mapping at the root is 1 deep), when such a tree is sure to be plain: each
    mapping's keys distinct plain texts, none of them '<<' (see schema.build_unchecked).
    None when some part of the spec is built in a way that does not tell."""
    found = spec.__dict__.get("_plain_depth", False)
    if found is False:
        found = spec.__dict__["_plain_depth"] = _depth(spec, set())
    return found  # type: ignore[no-any-return]


def _depth(spec: Spec, seen: set[int]) -> int | None:
    if id(spec) in seen:
        return None  # a spec inside itself: no bound
    seen = seen | {id(spec)}
    kind = type(spec)
    if kind is RawNode or isinstance(spec, ScalarSpec) and kind.fast in (ScalarSpec.fast,
                                                                         Text.fast):
        return 0  # a scalar (each of these `fast` takes nothing else)
    parts: list[Spec]
    if isinstance(spec, Record) and kind.fast is Record.fast and "<<" not in spec.fields:
        parts = [field.spec for field in spec.fields.values()]
    elif kind is TextOrRecord:
        return _depth(spec.record, seen)
    elif kind is ListOf or kind is PlacedListOf:
        parts = [spec.item]
    elif kind is MapOf and isinstance(spec.key, ScalarSpec) \
            and type(spec.key).fast is ScalarSpec.fast \
            and type(spec.key).fast_convert is Id.fast_convert \
            and not spec.key.pattern.match("<<"):
        parts = [spec.value]  # its keys are the texts as written, counted distinct
    else:
        return None
    depths = [_depth(part, seen) for part in parts]
    if None in depths:
        return None
    return 1 + max(depths, default=0)  # type: ignore[type-var]


def _plain_record(spec: Spec) -> bool:
    """A record whose `fast` is Record's own and whose model is a tuple made slot by slot."""
    kind = type(spec)
    if not (isinstance(spec, Record) and kind.fast is Record.fast
            and kind._construct is Record._construct and spec._layout is not None):
        return False
    # Keys that fill another's slot, and slots filled from another key when not written:
    # each name in one such link only, each link's slots known, none made by a factory.
    linked = [*spec.aliases, *spec.aliases.values(), *spec.fallbacks,
              *spec.fallbacks.values()]
    made = {name for _slot, name, _factory in spec._factories}
    return len(set(linked)) == len(linked) and not made.intersection(linked) \
        and all(name in spec._slots for name in [*spec.aliases.values(), *spec.fallbacks,
                                                  *spec.fallbacks.values()])


class _Compiler:
    """Writes the source of the functions of one spec tree and executes it once."""

    def __init__(self) -> None:
        self.names: dict[int, str] = {}
        self.namespace: dict[str, Any] = {
            "MappingNode": MappingNode, "ScalarNode": ScalarNode, "SequenceNode": SequenceNode,
            "Unusual": Unusual, "Where": Where, "LocatedDict": LocatedDict, "date": date,
            "WORDS": scalars.WORDS, "NULLS": scalars.NULLS, "plain_value": scalars.plain_value,
            # The patterns `plain_value` reads a date and a whole number with.
            "ISO_DATE": scalars._ISO_DATE.match, "WHOLE": scalars._INT.match,
            "new_tuple": tuple.__new__, "new_object": object.__new__,
            "NO_MARKS": schema._NO_MARKS, "UNREAD": schema._UNREAD, "INVALID": schema.INVALID,
        }
        self.functions: dict[int, str] = {}  # id(spec) → name of its generated function
        self.sources: list[str] = []

    def function(self, spec: Spec) -> Callable[[Any], Any]:
        name = self._function_name(spec)
        if self.sources:
            exec(compile("\n\n".join(self.sources), f"<fast build of {type(spec).__name__}>",
                         "exec"), self.namespace)  # noqa: S102 - source generated here
        return self.namespace[name]  # type: ignore[no-any-return]

    def ref(self, obj: Any, hint: str) -> str:
        """A name for `obj` in the generated code's namespace."""
        name = self.names.get(id(obj))
        if name is None:
            name = f"{hint}_{len(self.names)}"
            self.names[id(obj)] = name
            self.namespace[name] = obj
        return name

    def _function_name(self, spec: Spec) -> str:
        """The name of the function that builds `spec` fast: a generated one for records,
        lists and maps, the spec's bound `fast` otherwise."""
        known = self.functions.get(id(spec))
        if known is not None:
            return known
        if isinstance(spec, Record) and type(spec).fast is Record.fast:
            writer = self._record
        elif type(spec) is TextOrRecord and _plain_record(spec.record) \
                and not spec.record.aliases and not spec.record.fallbacks:
            writer = self._text_or_record
        elif type(spec) is MapOf:
            writer = self._map
        elif type(spec) is ListOf:
            writer = self._list
        elif isinstance(spec, ScalarSpec) and self._lane(spec):
            writer = self._scalar
        else:
            return self.ref(spec.fast, "fast")
        name = f"build_{len(self.functions)}"
        self.functions[id(spec)] = name
        self.ref(spec, "spec")  # kept alive with the functions that use its parts
        self.sources.append(writer(spec, name))
        return name

    def _fast_name(self, spec: Spec) -> str:
        """What builds `spec` where its usual case written out does not apply: the spec's
        own `fast` for a scalar, the compiled function otherwise."""
        if isinstance(spec, ScalarSpec):
            return self.ref(spec.fast, "fast")
        return self._function_name(spec)

    def _lane(self, spec: ScalarSpec) -> bool:
        """Whether `value` writes out a usual case of this scalar spec."""
        return self._scalar_lane(spec, "value", "") is not None

    # --- values: code that sets `dst` from the node in `src`, or raises Unusual ---

    def value(self, spec: Spec, src: str, dst: str, pad: str,
              optional: bool = False) -> list[str]:
        """The code that sets `dst` from the node in `src`, or raises Unusual. `optional`:
        a plain null value skips the rest of the loop's turn (`continue`), as a record's
        optional key left empty does."""
        fallback = f"{dst} = {self._fast_name(spec)}({src})"
        lane = self._scalar_lane(spec, dst, fallback)
        skip = [f"{pad}    if not style and text in NULLS:",
                f"{pad}        continue  # an optional key left empty: no key"]
        if lane is None:
            lines = [f"{pad}if {src}.__class__ is ScalarNode and not {src}.style "
                     f"and {src}.value in NULLS:",
                     f"{pad}    continue  # an optional key left empty: no key"] \
                if optional else []
            return lines + [f"{pad}{fallback}"]
        if lane == "raw":
            body = [f"{pad}    {dst} = {src}"]
            if optional:
                body = [f"{pad}    text = {src}.value", f"{pad}    style = {src}.style",
                        *skip, *body]
        else:
            body = [f"{pad}    text = {src}.value", f"{pad}    style = {src}.style",
                    *(skip if optional else []), *(pad + "    " + line for line in lane)]
        return [f"{pad}if {src}.__class__ is ScalarNode:", *body,
                f"{pad}else:", f"{pad}    {fallback}"]

    def _scalar_lane(self, spec: Spec, dst: str, fallback: str) -> list[str] | str | None:
        """The usual case of a scalar spec, from its node's `text` and `style`: lines that
        set `dst`, or run `fallback` (the spec's own `fast`) for anything else; "raw" for a
        node kept as it is; None when the spec has no usual case written out."""
        kind = type(spec)
        if kind is RawNode:
            return "raw"
        if not isinstance(spec, ScalarSpec):
            return None
        if kind.fast is Text.fast and kind.fast_convert is Text.fast_convert:
            limit = self.ref(spec.max_length, "limit")
            return [
                "if style:",
                f"    {dst} = text.strip() if style in ('|', '>') else text",
                f"    if not {dst}.strip() or len({dst}) > {limit}:",
                f"        {fallback}",
                f"elif text[:1].isalpha() and text not in WORDS and len(text) <= {limit}:",
                f"    {dst} = text",
                "else:",
                f"    {fallback}",
            ]
        if kind.fast is not ScalarSpec.fast or not spec.trims_spaces:
            return None
        test = None
        if kind.fast_convert is Id.fast_convert:
            test = f"{self.ref(spec.pattern.match, 'match')}(text)"
        elif kind.fast_convert is Choice.fast_convert:
            test = f"text in {self.ref(frozenset(spec.choices), 'choices')}"
        if test is not None:
            # A text value (quoted without spaces at its ends, or plain and starting with a
            # letter without being a YAML word) that fits.
            return [
                "if style:",
                f"    if text[:1].isspace() or text[-1:].isspace() or not {test}:",
                f"        {fallback}",
                "    else:",
                f"        {dst} = text",
                f"elif text[:1].isalpha() and text not in WORDS and {test}:",
                f"    {dst} = text",
                "else:",
                f"    {fallback}",
            ]
        if kind.fast_convert is Date.fast_convert:
            # A plain YYYY-MM-DD: what `plain_value` reads first for a value that fits.
            return [
                f"{dst} = None if style else ISO_DATE(text)",
                f"if {dst} is not None:",
                "    try:",
                f"        {dst} = date(int({dst}[1]), int({dst}[2]), int({dst}[3]))",
                "    except ValueError:",
                f"        {fallback}",
                "else:",
                f"    {fallback}",
            ]
        if kind.fast_convert is Bool.fast_convert:
            return [
                "if not style and text == 'true':",
                f"    {dst} = True",
                "elif not style and text == 'false':",
                f"    {dst} = False",
                "else:",
                f"    {fallback}",
            ]
        if kind.fast_convert is Int.fast_convert:
            # A plain whole number as `plain_value` reads it, within the limits.
            within = ""
            if spec.minimum is not None:
                within += f" and {dst} >= {self.ref(spec.minimum, 'minimum')}"
            if spec.maximum is not None:
                within += f" and {dst} <= {self.ref(spec.maximum, 'maximum')}"
            return [
                "if not style and WHOLE(text):",
                f"    {dst} = int(text)",
                *([f"    if not (True{within}):", f"        {fallback}"] if within else []),
                "else:",
                f"    {fallback}",
            ]
        return None

    # --- functions ---

    def _record(self, spec: Record, name: str) -> str:
        plain = _plain_record(spec)
        fields = list(spec.fields.items())
        index_of = self.ref({key: index for index, (key, _field) in enumerate(fields)},
                            "index_of")
        lines = [
            f"def {name}(node):",
            "    if node.__class__ is not MappingNode:",
            "        raise Unusual",
            "    keys = {}",
            "    positions = {}",
        ]
        if plain:
            lines.append(f"    row = {self.ref(spec._defaults, 'defaults')}.copy()")
        else:
            lines.append("    values = {}")
        lines += [
            "    for key_node, value_node in node.value:",
            "        if key_node.__class__ is not ScalarNode:",
            "            raise Unusual",
            "        name = key_node.value",
            f"        index = {index_of}.get(name)",
            "        if index is None or name in keys:",
            "            raise Unusual",
            "        keys[name] = key_node.start_mark",
        ]
        for index, (key, field) in enumerate(fields):
            lines.append(f"        {'if' if index == 0 else 'elif'} index == {index}:")
            lines += self.value(field.spec, "value_node", "value", "            ",
                                optional=not field.required)
            if plain:
                lines += self._store(spec, key, "            ")
            else:
                lines.append(f"            values[{key!r}] = value")
        lines.append("        positions[name] = value_node.start_mark")
        for key in spec._required:
            lines += [f"    if {key!r} not in keys:", "        raise Unusual"]
        if plain:
            for key, source in spec.fallbacks.items():
                lines += [f"    if {key!r} not in positions:",
                          f"        row[{spec._slots[key]}] = row[{spec._slots[source]}] "
                          f"if {source!r} in positions else INVALID"]
            for slot, key, factory in spec._factories:
                lines += [f"    if {key!r} not in positions:",
                          f"        row[{slot}] = {self.ref(factory, 'factory')}()"]
        lines += _where("where", "node.start_mark", "keys", "positions")
        if spec._exclusive_checked:
            # The verdict depends only on which keys are written: the sets of keys found
            # right are kept (a few: the optional keys a province's files use).
            seen = self.ref(set(), "exclusive_seen")
            lines += [
                "    written = tuple(keys)",
                f"    if written not in {seen}:",
                f"        if not {self.ref(spec._exclusive_ok, 'exclusive_ok')}(keys, where, "
                "UNREAD):",
                "            UNREAD.problems.clear()  # the full build reports it",
                "            raise Unusual",
                f"        if len({seen}) < 256:",
                f"            {seen}.add(written)",
            ]
        if plain:
            lines += ["    row[-1] = where",
                      f"    return new_tuple({self.ref(spec.cls, 'cls')}, row)"]
        else:
            lines.append(f"    return {self.ref(spec._construct, 'construct')}(values, where)")
        return "\n".join(lines)

    def _scalar(self, spec: ScalarSpec, name: str) -> str:
        lines = [f"def {name}(node):"]
        lines += self.value(spec, "node", "value", "    ")
        lines.append("    return value")
        return "\n".join(lines)

    def _store(self, spec: Record, key: str, pad: str) -> list[str]:
        """The line(s) that put a field's `value` in its slot of the model's `row`."""
        meant = spec.aliases.get(key)
        if meant is not None:  # an older name: its value is the other key's, and wins
            return [f"{pad}row[{spec._slots[meant]}] = value"]
        slot = spec._slots.get(key)
        if slot is None:
            return []
        older = [name for name, target in spec.aliases.items() if target == key]
        if older:
            return [f"{pad}if {older[0]!r} not in positions:",
                    f"{pad}    row[{slot}] = value"]
        return [f"{pad}row[{slot}] = value"]

    def _text_or_record(self, spec: TextOrRecord, name: str) -> str:
        record = spec.record
        key = spec.text_field
        lines = [
            f"def {name}(node):",
            "    if node.__class__ is not ScalarNode:",
            f"        return {self._function_name(record)}(node)",
        ]
        lines += self.value(record.fields[key].spec, "node", "value", "    ")
        lines.append(f"    row = {self.ref(record._defaults, 'defaults')}.copy()")
        slot = record._slots.get(key)
        if slot is not None:
            lines.append(f"    row[{slot}] = value")
        for slot, factory_key, factory in record._factories:
            if factory_key != key:
                lines.append(f"    row[{slot}] = {self.ref(factory, 'factory')}()")
        lines += [
            *_where("row[-1]", "node.start_mark", "{}", f"{{{key!r}: node.start_mark}}"),
            f"    return new_tuple({self.ref(record.cls, 'cls')}, row)",
        ]
        return "\n".join(lines)

    def _list(self, spec: ListOf, name: str) -> str:
        item = spec.item
        lines = [
            f"def {name}(node):",
            "    if node.__class__ is SequenceNode:",
            "        items = node.value",
            "    else:",
            f"        items = {self.ref(spec._fast_items, 'items_of')}(node)",
        ]
        if spec.min_items:
            lines += [f"    if len(items) < {int(spec.min_items)}:", "        raise Unusual"]
        if isinstance(item, ScalarSpec):
            lines += ["    result = []", "    for item in items:"]
            lines += self.value(item, "item", "value", "        ")
            lines += ["        result.append(value)", "    return result"]
        else:
            lines.append(f"    return list(map({self._function_name(item)}, items))")
        return "\n".join(lines)

    def _map(self, spec: MapOf, name: str) -> str:
        lines = [
            f"def {name}(node):",
            "    kind = node.__class__",
            "    if kind is ScalarNode and plain_value(node) is None:",
            "        return LocatedDict()",
            "    if kind is not MappingNode:",
            "        raise Unusual",
            "    result = LocatedDict()",
            "    keys = {}",
            "    values = {}",
            "    for key_node, value_node in node.value:",
        ]
        lines += self.value(spec.key, "key_node", "key", "        ")
        lines += self.value(spec.value, "value_node", "value", "        ")
        lines += [
            "        result[key] = value",
            "        keys[key] = key_node.start_mark",
            "        values[key] = value_node.start_mark",
            "    if len(result) != len(node.value):",
            "        raise Unusual",
            *_where("result.where", "node.start_mark", "keys", "values"),
            "    return result",
        ]
        return "\n".join(lines)
