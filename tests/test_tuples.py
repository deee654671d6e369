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
