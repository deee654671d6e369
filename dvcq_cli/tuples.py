"""`NamedTuple` for class statements, built without typing's check of every field's type.

`class Unit(NamedTuple): ...` with typing's NamedTuple turns each field's annotation (a
string, under `from __future__ import annotations`) into a ForwardRef, compiling it: about
0.2 ms a class, 12 ms for the classes `dvcq check` defines on every commit. Nothing in dvcq
evaluates those annotations at run time, so this NamedTuple makes the same class as
`collections.namedtuple` (with the class body's methods, properties and docstring) and keeps
the annotations as the strings they are. Type checkers and editors see typing's NamedTuple.

`collections.namedtuple` also compiles each class's `__new__` from source (about 50 µs, half
its cost; `dvcq check` defines some 70 classes on every run). Here `__new__` is compiled once
per number of fields and given each class's field names as its parameters' names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    import sys
    from collections import _tuplegetter  # type: ignore[attr-defined]
    from keyword import iskeyword
    from types import FunctionType

    # What a class body may not redefine, and what it defines that is not copied (as typing).
    _PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields",
                             "_field_defaults", "_make", "_replace", "_asdict", "_source"})
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})

    class _NamedTupleMeta(type):
        def __new__(cls, typename: str, bases: tuple[type, ...], ns: dict) -> type:
            if bases != (NamedTuple,):
                raise TypeError("a NamedTuple class inherits from NamedTuple alone")
            annotations = ns.get("__annotations__", {})
            defaults = []
            for field in annotations:
                if field in ns:
                    defaults.append(field)
                elif defaults:
                    raise TypeError(f"Non-default namedtuple field {field} cannot follow "
                                    f"default field {defaults[-1]}")
            # The body's methods, properties and docstring go into the class as it is made:
            # set on it afterwards, each one would update the type's slots again.
            body = {"__annotations__": dict(annotations)}
            for key, value in ns.items():
                if key in _PROHIBITED:
                    raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
                if key not in _SPECIAL and key not in annotations:
                    body[key] = value
            made = namedtuple(typename, list(annotations),
                              defaults=[ns[field] for field in defaults], module=ns["__module__"],
                              body=body)
            made.__new__.__annotations__ = made.__annotations__
            return made

    NamedTuple = type.__new__(_NamedTupleMeta, "NamedTuple", (), {})

    _NEW: dict[int, object] = {}  # number of fields → the code of a `__new__` taking them

    def _new_code(count: int) -> object:
        code = _NEW.get(count)
        if code is None:
            names = "".join(f"_{index}, " for index in range(count))
            made = eval(f"lambda _cls, {names}: _tuple_new(_cls, ({names}))",
                        {"_tuple_new": tuple.__new__, "__builtins__": {}})
            code = _NEW[count] = made.__code__
        return code

    def namedtuple(typename: str, field_names: list[str], *, defaults: list[object],
                   module: str, body: dict[str, object] | None = None) -> type:
        """`collections.namedtuple(typename, field_names, defaults=..., module=...)`: the
        same class, its `__new__` made from the code shared by every class with as many
        fields; `body`: more of the class's attributes (methods, docstring)."""
        field_names = [sys.intern(str(name)) for name in field_names]
        typename = sys.intern(str(typename))
        seen: set[str] = set()
        for name in [typename, *field_names]:
            if not name.isidentifier():
                raise ValueError("Type names and field names must be valid "
                                 f"identifiers: {name!r}")
            if iskeyword(name):
                raise ValueError(f"Type names and field names cannot be a keyword: {name!r}")
        for name in field_names:
            if name.startswith("_"):
                raise ValueError(f"Field names cannot start with an underscore: {name!r}")
            if name in seen:
                raise ValueError(f"Encountered duplicate field name: {name!r}")
            seen.add(name)
        fields = tuple(field_names)
        count = len(fields)
        defaults_tuple = tuple(defaults)
        field_defaults = dict(zip(fields[count - len(defaults_tuple):], defaults_tuple,
                                  strict=True)) if defaults_tuple else {}
        arg_list = ", ".join(fields) + ("," if count == 1 else "")
        repr_fmt = "(" + ", ".join(f"{name}=%r" for name in fields) + ")"
        tuple_new = tuple.__new__
        code = _new_code(count).replace(  # type: ignore[attr-defined]
            co_varnames=("_cls", *fields), co_name="__new__")
        new = FunctionType(code, {"_tuple_new": tuple_new, "__builtins__": {},
                                  "__name__": f"namedtuple_{typename}"},
                           "__new__", defaults_tuple or None)
        new.__doc__ = f"Create new instance of {typename}({arg_list})"

        def _make(cls, iterable):
            result = tuple_new(cls, iterable)
            if len(result) != count:
                raise TypeError(f"Expected {count} arguments, got {len(result)}")
            return result

        _make.__doc__ = f"Make a new {typename} object from a sequence or iterable"

        def _replace(self, /, **kwds):
            result = self._make(map(kwds.pop, fields, self))
            if kwds:
                raise ValueError(f"Got unexpected field names: {list(kwds)!r}")
            return result

        _replace.__doc__ = (f"Return a new {typename} object replacing specified fields "
                            "with new values")

        def __repr__(self):
            "Return a nicely formatted representation string"
            return self.__class__.__name__ + repr_fmt % self

        def _asdict(self):
            "Return a new dict which maps field names to their values."
            return dict(zip(self._fields, self, strict=True))

        def __getnewargs__(self):
            "Return self as a plain tuple.  Used by copy and pickle."
            return tuple(self)

        for method in (new, _make, _replace, __repr__, _asdict, __getnewargs__):
            method.__qualname__ = f"{typename}.{method.__name__}"
        namespace = {
            "__doc__": f"{typename}({arg_list})",
            "__slots__": (),
            "_fields": fields,
            "_field_defaults": field_defaults,
            "__new__": new,
            "_make": classmethod(_make),
            "_replace": _replace,
            "__repr__": __repr__,
            "_asdict": _asdict,
            "__getnewargs__": __getnewargs__,
            "__match_args__": fields,
            "__module__": module,
        }
        for index, name in enumerate(fields):
            namespace[name] = _tuplegetter(index, sys.intern(f"Alias for field number {index}"))
        if body:
            namespace.update(body)
        return type(typename, (tuple,), namespace)
