"""dvcq: Dân vận chính quyền plans and self-assessments as YAML, checked, counted and reported."""

__version__ = "0.1.0"

# The first `import yaml` of the process leaves PyYAML's unused patterns uncompiled.
from dvcq_cli import pyyaml as _pyyaml  # noqa: E402

_pyyaml.defer()
