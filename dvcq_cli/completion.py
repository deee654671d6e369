"""Shell completion: values from the workspace, and installing the completion script.

`dvcq status -p <TAB>` offers the periods of the plan, `--unit <TAB>` its units, `--year
<TAB>` the years that have a plan, each with its label where the shell shows one. The
workspace is found from the current folder, as every command finds it; a year given earlier
on the line (`--year 2025 -p <TAB>`) chooses the plan. Completion never fails aloud: without
a workspace or a readable plan it offers nothing, and the shell offers files instead.

`--install-completion` and `--show-completion` are dvcq's own options rather than typer's,
so that what they say is in the user's language; the scripts themselves are typer's.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from pathlib import Path
from typing import Any

import typer

from dvcq_cli.i18n import _

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
COMPLETE_VAR = "_DVCQ_COMPLETE"


def register_shells() -> None:
    """Teach click the shells typer completes for (`_DVCQ_COMPLETE=complete_bash` …), as
    typer does itself when it adds its own completion options."""
    from typer.completion import completion_init

    completion_init()


# ---------------------------------------------------------------- values
def periods(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    plan = _plan(ctx)
    if plan is None:
        return []
    return [(period_id, period.label) for period_id, period in plan.periods.items()
            if period_id.startswith(incomplete)]


def units(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    plan = _plan(ctx)
    if plan is None:
        return []
    return [(unit.id, unit.name) for unit in plan.units if unit.id.startswith(incomplete)]


def years(ctx: typer.Context, incomplete: str) -> list[str]:
    return [year for year in _years() if year.startswith(incomplete)]


def next_year(ctx: typer.Context, incomplete: str) -> list[str]:
    """`new plan --year`: the year after the latest plan."""
    known = _years()
    if not known:
        return []
    after = str(int(max(known)) + 1)
    return [after] if after.startswith(incomplete) else []


def _years() -> list[str]:
    from dvcq_cli.workspace import WorkspaceNotFound, find_root, scan

    try:
        root = find_root(Path.cwd())
    except (WorkspaceNotFound, OSError):
        return []
    return scan(root, root).years()


def _plan(ctx: typer.Context) -> Any:
    """The plan of the year given on the line, else of the latest year; None if unusable."""
    from dvcq_cli.check import DEFAULT_SETTINGS, load_plan
    from dvcq_cli.workspace import WorkspaceNotFound, find_root, scan

    try:
        root = find_root(Path.cwd())
    except (WorkspaceNotFound, OSError):
        return None
    plans = {entry.year: entry for entry in scan(root, root).plans()}
    year = ctx.params.get("year")
    entry = plans.get(str(year)) if year is not None else (
        plans[max(plans)] if plans else None)
    if entry is None:
        return None
    try:
        plan, _problems = load_plan(entry, DEFAULT_SETTINGS)
    except Exception:  # noqa: BLE001 - a TAB press must never print a traceback
        return None
    return plan


# ---------------------------------------------------------------- the script
def install_callback(ctx: typer.Context, param: Any, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from typer._completion_shared import install

    shell = _shell()
    reason = ""
    # typer's installer prints its own English notes when something goes wrong: say it here
    # instead, in the user's language.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            _shell_name, path = install(shell=shell, prog_name="dvcq", complete_var=COMPLETE_VAR)
        except (OSError, subprocess.SubprocessError, typer.Exit) as error:
            reason = str(error) if isinstance(error, OSError) else shell
    if reason:
        _fail(_("could not install completion for {shell}: {reason}").format(
            shell=shell, reason=reason))
    typer.echo(_("completion for {shell} installed in {path}").format(shell=shell, path=path))
    typer.echo(_("it takes effect in the next terminal you open"))
    raise typer.Exit(0)


def show_callback(ctx: typer.Context, param: Any, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from typer._completion_shared import get_completion_script

    typer.echo(get_completion_script(prog_name="dvcq", complete_var=COMPLETE_VAR,
                                     shell=_shell()))
    raise typer.Exit(0)


def _shell() -> str:
    """The shell dvcq was started from (or, failing that, the user's login shell)."""
    from typer._completion_shared import _get_shell_name

    name = _get_shell_name() or Path(os.environ.get("SHELL", "")).name
    name = (name or "").lower().removesuffix(".exe")
    if name not in SHELLS:
        _fail(_("cannot tell which shell this is ({shell}); completion works in bash, zsh, "
                "fish and PowerShell: run this from one of them").format(
            shell=name or _("unknown")))
    return name


def _fail(message: str) -> None:
    typer.echo(_("Error: {message}").format(message=message), err=True)
    raise typer.Exit(2)
