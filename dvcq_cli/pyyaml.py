"""PyYAML, imported without compiling the regular expressions dvcq never uses.

`import yaml` compiles about a dozen patterns for the pure-Python reader (its test for
unprintable characters alone costs ~8 ms), the implicit tag resolver and the timestamp
constructor. dvcq parses with libyaml and resolves scalars itself (loader.py), so none of
them is ever matched in a dvcq run, yet every `dvcq check` paid for them. Imported through
this module, PyYAML gets each of its patterns as a `Deferred` that compiles on first use:
nothing in PyYAML is changed, and whoever does use those patterns (`yaml.safe_load`) gets
the same matches.

Import this module before anything imports `yaml` (check.py does, first).
"""

from __future__ import annotations

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


def _import_yaml() -> None:
    if "yaml" in sys.modules:
        return
    compile_now = re.compile

    def compile_later(pattern: Any, flags: int = 0) -> Any:
        # Only PyYAML's own module-level patterns are deferred: a module it imports for
        # the first time gets a real pattern, as it expects.
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if caller == "yaml" or caller.startswith("yaml."):
            return Deferred(pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile_later  # type: ignore[assignment]
    try:
        import yaml  # noqa: F401
    finally:
        re.compile = compile_now


_import_yaml()
