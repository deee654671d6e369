"""dvcq: Dân vận chính quyền plans and self-assessments as YAML, checked, counted and reported."""

__version__ = "0.1.0"
