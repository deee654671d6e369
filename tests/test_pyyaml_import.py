"""PyYAML imported without compiling the patterns dvcq never uses (dvcq_cli/pyyaml.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import MINI_ASSESSMENT, MINI_PLAN, write_tree

PROGRAM = """
import re, sys
from pathlib import Path
from dvcq_cli import loader  # the first to import yaml, as `dvcq check` imports it
from dvcq_cli import check
import yaml
from dvcq_cli.pyyaml import Deferred
patterns = [yaml.reader.Reader.NON_PRINTABLE, yaml.constructor.SafeConstructor.timestamp_regexp]
patterns += [p for found in yaml.resolver.Resolver.yaml_implicit_resolvers.values()
             for _tag, p in found]
print(len(patterns) > 10, all(isinstance(p, Deferred) for p in patterns))
print(re.compile.__module__, re.compile("a+").match("aa").group())
result = check.check_workspace(Path(sys.argv[1]), Path(sys.argv[1]))
print(result.files_checked, result.problems, sum(p.compiled for p in patterns))
print(yaml.safe_load("a: yes\\nb: 2024-01-02\\nc: ~\\nd: 1.5"))
try:
    yaml.safe_load("a: \\x07")
except yaml.reader.ReaderError:
    print("unprintable refused")
print(sum(p.compiled for p in patterns) > 0)
"""


def test_pyyaml_patterns_are_compiled_only_when_used(tmp_path: Path) -> None:
    """A whole check compiles none of them; PyYAML's own loader, used by someone else,
    still resolves booleans, dates, nulls and numbers as it always did."""
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN,
                          "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
                          "plans/2025/6m/tccb.yaml": MINI_ASSESSMENT.format(unit="tccb")})
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(tmp_path)], capture_output=True,
                          text=True, check=True)
    assert done.stdout == (
        "True True\n"
        "re aa\n"
        "3 [] 0\n"
        "{'a': True, 'b': datetime.date(2024, 1, 2), 'c': None, 'd': 1.5}\n"
        "unprintable refused\n"
        "True\n")
