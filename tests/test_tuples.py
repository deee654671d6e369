"""dvcq_cli.tuples.NamedTuple: the class statement makes what typing's NamedTuple makes, without
turning each annotation into a ForwardRef."""

from __future__ import annotations

import pickle

import pytest

from dvcq_cli import model, problems
from dvcq_cli.tuples import NamedTuple


class Sample(NamedTuple):
    """A sample record."""

    name: str
    count: int = 0
    tags: list[str] = []

    @property
    def shown(self) -> str:
        return f"{self.name} ({self.count})"

    def doubled(self) -> Sample:
        return self._replace(count=self.count * 2)


def test_fields_defaults_methods_and_docstring() -> None:
    made = Sample("a", tags=["x"])
    assert made == ("a", 0, ["x"])
    assert (made.name, made.count, made.tags) == ("a", 0, ["x"])
    assert Sample._fields == ("name", "count", "tags")
    assert Sample._field_defaults == {"count": 0, "tags": []}
    assert Sample("b", 3).shown == "b (3)"
    assert Sample("b", 3).doubled() == Sample("b", 6)
    assert Sample.__doc__ == "A sample record."
    assert Sample.__module__ == __name__
    assert Sample.__qualname__ == "Sample"
    assert isinstance(made, tuple) and Sample.__bases__ == (tuple,)
    with pytest.raises(AttributeError):
        made.name = "c"  # type: ignore[misc]


def test_annotations_stay_strings() -> None:
    """typing's NamedTuple would hold ForwardRef objects here (each compiled on import)."""
    assert Sample.__annotations__ == {"name": "str", "count": "int", "tags": "list[str]"}
    assert model.Unit.__annotations__["where"] == "Where"
    assert all(type(hint) is str for hint in problems.Problem.__annotations__.values())


def test_pickled_and_read_back() -> None:
    made = Sample("a", 2, ["y"])
    assert pickle.loads(pickle.dumps(made)) == made
    assert type(pickle.loads(pickle.dumps(made))) is Sample


def test_refused_as_typing_refuses() -> None:
    with pytest.raises(TypeError, match="Non-default namedtuple field count cannot follow "
                                        "default field name"):
        class Misordered(NamedTuple):
            name: str = ""
            count: int

    with pytest.raises(AttributeError, match="Cannot overwrite NamedTuple attribute _replace"):
        class Overwrites(NamedTuple):
            name: str

            def _replace(self) -> None:  # type: ignore[override]
                pass

    with pytest.raises(TypeError, match="inherits from NamedTuple alone"):
        class Mixed(NamedTuple, dict):  # type: ignore[misc]
            name: str


class Pair(NamedTuple):
    left: int
    right: str = "r"


class Couple(NamedTuple):
    first: str
    second: str


def test_same_class_as_collections_namedtuple() -> None:
    """The class has what `collections.namedtuple` gives, and its `__new__` takes the
    fields by their own names, although its code is shared by every class of two fields."""
    import collections

    reference = collections.namedtuple("Pair", ["left", "right"], defaults=["r"])
    assert set(vars(reference)) <= set(vars(Pair))
    assert Pair.__new__.__code__.co_code == Couple.__new__.__code__.co_code
    assert Pair.__new__.__code__.co_varnames == ("_cls", "left", "right")
    assert Pair(right="x", left=1) == Pair(1, "x") == reference(1, "x")
    assert repr(Pair(1)) == "Pair(left=1, right='r')" and Pair.__doc__ == "Pair(left, right)"
    assert Couple(second="b", first="a") == ("a", "b")
    assert Pair._make([2, "y"]) == (2, "y") and type(Pair._make([2, "y"])) is Pair
    assert Pair(1)._replace(right="z") == Pair(1, "z")
    assert Pair(1)._asdict() == {"left": 1, "right": "r"}
    assert Pair.__match_args__ == ("left", "right") and Pair._field_defaults == {"right": "r"}
    assert Pair.__new__.__qualname__ == "Pair.__new__"
    with pytest.raises(TypeError, match="unexpected keyword argument 'middle'"):
        Pair(1, middle=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'first'"):
        Couple(second="b")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="Expected 2 arguments, got 3"):
        Pair._make([1, 2, 3])
    with pytest.raises(ValueError, match="unexpected field names"):
        Pair(1)._replace(middle=2)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="duplicate field name"):
        from dvcq_cli.tuples import namedtuple
        namedtuple("Twice", ["a", "a"], defaults=[], module=__name__)
