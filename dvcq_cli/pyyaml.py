"""PyYAML, imported without compiling the regular expressions dvcq never uses.

`import yaml` compiles about a dozen patterns for the pure-Python reader (its test for
unprintable characters alone costs ~7 ms), the implicit tag resolver and the timestamp
constructor. dvcq parses with libyaml and resolves scalars itself (loader.py), so none of
them is ever matched in a dvcq run, yet every `dvcq check` paid for them. `defer()` (called
when the package is imported) makes the first `import yaml` of the process, wherever it
comes from, give PyYAML each of its module-level patterns as a `Deferred` that compiles on
first use: nothing in PyYAML is changed, and whoever does use those patterns
(`yaml.safe_load`) gets the same matches.
"""

from __future__ import annotations

import contextlib
import re
import sys
from typing import Any


class Deferred:
    """A pattern compiled when first used; it behaves as the compiled pattern."""

    __slots__ = ("_arguments", "_compiled")

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self._arguments = (pattern, flags)
        self._compiled: re.Pattern[Any] | None = None

    @property
    def compiled(self) -> bool:
        return self._compiled is not None

    def __getattr__(self, name: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(*self._arguments)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"Deferred({self._arguments[0]!r})"


class _Loader:
    """PyYAML's own loader, run with `re.compile` deferring PyYAML's patterns."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def create_module(self, spec: Any) -> Any:
        return self._real.create_module(spec)

    def exec_module(self, module: Any) -> None:
        compile_now = re.compile

        def compile_later(pattern: Any, flags: int = 0) -> Any:
            # Only PyYAML's own modules get a deferred pattern: a module it imports for the
            # first time gets a real one, as it expects.
            caller = sys._getframe(1).f_globals.get("__name__", "")
            if caller == "yaml" or caller.startswith("yaml."):
                return Deferred(pattern, flags)
            return compile_now(pattern, flags)

        re.compile = compile_later  # type: ignore[assignment]
        try:
            self._real.exec_module(module)
        finally:
            re.compile = compile_now

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class _Finder:
    """Finds `yaml` the usual way, once, and gives it `_Loader`."""

    @classmethod
    def find_spec(cls, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "yaml":
            return None
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(cls)  # type: ignore[arg-type]
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


def defer() -> None:
    """Have the first `import yaml` of this process defer PyYAML's patterns."""
    if "yaml" not in sys.modules and _Finder not in sys.meta_path:
        sys.meta_path.insert(0, _Finder)  # type: ignore[arg-type]
