"""`NamedTuple` for class statements, built without typing's check of every field's type.

`class Unit(NamedTuple): ...` with typing's NamedTuple turns each field's annotation (a
string, under `from __future__ import annotations`) into a ForwardRef, compiling it: about
0.2 ms a class, 12 ms for the classes `dvcq check` defines on every commit. Nothing in dvcq
evaluates those annotations at run time, so this NamedTuple makes the same class (a
`collections.namedtuple` with the class body's methods, properties and docstring) and keeps
the annotations as the strings they are. Type checkers and editors see typing's NamedTuple.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    import collections

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
            made = collections.namedtuple(typename, list(annotations),
                                          defaults=[ns[field] for field in defaults],
                                          module=ns["__module__"])
            made.__annotations__ = made.__new__.__annotations__ = dict(annotations)
            for key, value in ns.items():
                if key in _PROHIBITED:
                    raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
                if key not in _SPECIAL and key not in made._fields:
                    setattr(made, key, value)
            return made

    NamedTuple = type.__new__(_NamedTupleMeta, "NamedTuple", (), {})
