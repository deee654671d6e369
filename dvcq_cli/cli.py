"""The command line: parse options, call the library, print, choose the exit code.

Exit codes: 0 clean; 1 problems found (warnings count only under --strict); 2 usage error
(bad option, no workspace, a path that does not exist); 3 internal error; 130/143 interrupted.
Heavy libraries (python-docx, jinja2, rich) are imported inside the commands that use them,
so `dvcq check` on every commit starts fast. This module does not use `from __future__ import
annotations`: typer would then compile every option's annotation from its text on each run
(5 ms of every command, `--version` included).
"""

import gc
import os
import signal
import sys


def _interrupted_while_starting(signum: int, frame: object) -> None:
    """Ctrl-C before main() has installed its handlers (importing typer takes ~50 ms):
    nothing has been opened yet, so leave at once, with one line and no traceback."""
    os.write(2, b"Interrupted; no file was changed.\n")
    os._exit(128 + signum)


# Only when this process is the dvcq program: a library or test importing this module keeps
# its own handlers.
if os.path.basename(sys.argv[0]) in ("dvcq", "__main__.py"):
    signal.signal(signal.SIGINT, _interrupted_while_starting)
    signal.signal(signal.SIGTERM, _interrupted_while_starting)

from pathlib import Path  # noqa: E402 - after the handlers above
from typing import Annotated, Any, NoReturn  # noqa: E402

import typer  # noqa: E402
import typer.core  # noqa: E402
from typer._click.exceptions import ClickException  # noqa: E402 - typer vendors click

from dvcq_cli import __version__, completion, reporters  # noqa: E402
from dvcq_cli.i18n import _, language_from_environment, set_language  # noqa: E402
from dvcq_cli.problems import count  # noqa: E402
from dvcq_cli.usage import (  # noqa: E402
    DvcqCommand,
    DvcqGroup,
    OneOf,
    PathText,
    WholeNumber,
    confirm,
    use_catalog_for_typer_labels,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _language_in(argv: list[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


# Help texts are translated as the commands are declared below, so the language is chosen
# now, from `--lang` on the command line or the environment.
set_language(_language_in(sys.argv[1:]) or language_from_environment())
use_catalog_for_typer_labels()
completion.register_shells()


app = typer.Typer(
    name="dvcq",
    cls=DvcqGroup,
    help=_("Dân vận chính quyền plans and self-assessments as YAML: check them, follow the "
           "targets, write the periodic report."),
    no_args_is_help=True,
    add_completion=False,  # dvcq_cli/completion.py: the same options, in the user's language
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    typer.echo(_("Error: {message}").format(message=message), err=True)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dvcq {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[bool | None, typer.Option(  # noqa: UP007 - typer needs Optional
        "--version", callback=_version, is_eager=True,
        help=_("Print the version and exit."))] = None,
    lang: Annotated[str | None, typer.Option(  # noqa: UP007
        "--lang", help=_("Language of messages: vi (default) or en. Also DVCQ_LANG."),
        click_type=OneOf(("vi", "en")))] = None,
    install_completion: Annotated[bool, typer.Option(
        "--install-completion", callback=completion.install_callback, is_eager=True,
        expose_value=False, help=_("Install completion for the current shell."))] = False,
    show_completion: Annotated[bool, typer.Option(
        "--show-completion", callback=completion.show_callback, is_eager=True,
        expose_value=False, help=_("Show completion for the current shell, to copy it or "
                                   "customize the installation."))] = False,
) -> None:
    set_language(lang or language_from_environment())


FormatOption = Annotated[str, typer.Option(
    "--format", "-f", help=_("Output format: auto, full, text, json, github or junit (auto: "
                             "github under GitHub Actions, full on a terminal, else text)."),
    click_type=OneOf(reporters.FORMATS))]
NoCacheOption = Annotated[bool, typer.Option(
    "--no-cache", help=_("Check every file again, without using or filling the workspace's "
                         "cache (.dvcq-cache/)."))]
QuietOption = Annotated[bool, typer.Option(
    "--quiet", "-q", help=_("Print only the problems and the summary: no source lines, no "
                            "hints, no notes."))]


@app.command(
    cls=DvcqCommand,
    help=_(
      "Check the plan and the self-assessments: every problem with its file, line and "
      "column."))
def check(
    paths: Annotated[list[Path] | None, typer.Argument(  # noqa: UP007
        help=_("Files or folders to check; by default the workspace found from the current "
        "folder."), show_default=False, metavar=_("PATHS..."), click_type=PathText())] = None,
    output_format: FormatOption = "auto",
    strict: Annotated[bool, typer.Option("--strict", help=_("Warnings also fail the check."))
                      ] = False,
    max_file_size: Annotated[int, typer.Option(
        "--max-file-size", help=_("Largest YAML file read, in bytes."), metavar=_("BYTES"),
        click_type=WholeNumber(1))] = 5 * 1024 * 1024,
    max_depth: Annotated[int, typer.Option(
        "--max-depth", help=_("Deepest nesting of a YAML file."),
        click_type=WholeNumber(2, 1000))] = 64,
    max_files: Annotated[int, typer.Option(
        "--max-files", help=_("Most YAML files read under plans/."),
        click_type=WholeNumber(1))] = 100_000,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", help=_("Processes that check files in parallel; 0 (default): as many "
                               "as pays, from a few hundred files on."),
        click_type=WholeNumber(0))] = 0,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    from dvcq_cli.commands import check_command

    try:
        outcome = check_command.run(paths or [], Path.cwd(), max_file_size, max_depth,
                                    max_files, jobs, use_cache=not no_cache)
    except check_command.CheckUsageError as error:
        raise fail(str(error)) from None
    view, chosen = check_command.view(output_format, quiet, Path.cwd(), _on_terminal()[0])
    if chosen == "text":  # the same text, written part by part
        for part in reporters.text_parts(outcome.problems, outcome.files_checked, view):
            typer.echo(part, nl=False, color=view.color)
    else:
        typer.echo(reporters.REPORTER_BY_NAME[chosen](outcome.problems, outcome.files_checked,
                                                      view), color=view.color)
    if outcome.elsewhere and not quiet:
        # On stderr: the formats made for machines stay what they are.
        errors, warnings = count(outcome.elsewhere)
        typer.echo(_("note: {errors} error(s) and {warnings} warning(s) in other files of the "
                     "workspace are not shown; run 'dvcq check' on the whole workspace to see "
                     "them").format(errors=errors, warnings=warnings), err=True)
    raise typer.Exit(outcome.exit_code(strict))


@app.command(
    cls=DvcqCommand,
    help=_(
      "Repair the mechanical mistakes that have one right answer (invisible characters, "
      "tabs, curly quotes, yes/no, dates written 08/04/2024, decomposed text): shows the "
      "changes, writes them with --write."))
def fix(
    paths: Annotated[list[Path] | None, typer.Argument(  # noqa: UP007
        help=_("Files or folders to repair; by default the workspace found from the current "
        "folder."), show_default=False, metavar=_("PATHS..."), click_type=PathText())] = None,
    write: Annotated[bool, typer.Option(
        "--write", "-w", help=_("Write the repairs (atomically) instead of only showing them."))
                     ] = False,
) -> None:
    from dvcq_cli.commands import check_command, fix_command

    try:
        outcome = fix_command.gather(paths or [], Path.cwd())
    except check_command.CheckUsageError as error:
        raise fail(str(error)) from None
    _print_fix(outcome, write)


def _print_fix(outcome: Any, write: bool) -> None:
    from dvcq_cli import fixes, reporters
    from dvcq_cli.commands import fix_command

    terminal, interactive = _on_terminal()
    color = reporters.wants_color(os.environ, terminal)
    if not outcome.pending:
        typer.echo(_("nothing to repair"))
        _remaining(outcome.remaining)
        raise typer.Exit(EXIT_OK)
    repaired = sum(len(repair.repaired) for repair in outcome.repairs)
    if not write:
        for repair in outcome.repairs:
            for line in fixes.diff(repair.path, repair.before, repair.after):
                typer.echo(_diff_line(line, color), color=color)
        typer.echo(_("{files} file(s) to change, {count} problem(s) repaired").format(
            files=len(outcome.repairs), count=repaired))
        _remaining(outcome.remaining)
        if not (interactive and confirm(_("Write these changes? [y/N]"))):
            typer.echo(_("nothing was written; run 'dvcq fix --write' to write the changes"))
            raise typer.Exit(EXIT_PROBLEMS)
    failed = False
    for repair in outcome.repairs:
        try:
            fix_command.write(repair, Path.cwd())
        except fix_command.WriteFailed as error:
            typer.echo(_("Error: {message}").format(message=error), err=True)
            failed = True
            continue
        typer.echo(_("repaired {path}: {count} problem(s)").format(
            path=repair.path, count=len(repair.repaired)))
    if write:
        _remaining(outcome.remaining)
    raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _on_terminal() -> tuple[bool, bool]:
    """Whether the output goes to a terminal, and whether someone there can also answer."""
    terminal = sys.stdout.isatty()
    return terminal, terminal and sys.stdin.isatty()


def _remaining(count: int) -> None:
    if count:
        typer.echo(_("{count} problem(s) remain that need a person; 'dvcq check' shows them")
                   .format(count=count))


def _diff_line(line: str, color: bool) -> str:
    if not color or line.startswith(("+++", "---")):
        return f"\x1b[1m{line}\x1b[0m" if color else line
    style = {"+": "32", "-": "31", "@": "36"}.get(line[:1])
    return f"\x1b[{style}m{line}\x1b[0m" if style else line


class Interrupted(BaseException):
    """Raised from a signal handler; a BaseException so that no `except Exception` eats it,
    while `finally` blocks (temporary files of atomic writes) still run."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


STATUS_FORMATS = ("auto", "text", "json")  # status_command.FORMATS, without importing it


@app.command(
    cls=DvcqCommand,
    help=_(
      "Which targets are met for a period, which units pull them down, who has not "
      "submitted."))
def status(
    period: Annotated[str | None, typer.Option(  # noqa: UP007
        "--period", "-p", help=_("Period id as in the plan (6m, 9m, 12m, …); by default the "
        "last period that has files."), metavar=_("PERIOD"), show_default=False,
        autocompletion=completion.periods)] = None,
    year: Annotated[str | None, typer.Option(  # noqa: UP007
        "--year", "-y", help=_("Plan year; by default the latest plan in the workspace."),
        metavar="YYYY", show_default=False, autocompletion=completion.years)] = None,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", help=_("Output format: auto, text or json (auto: a coloured table on "
        "a terminal, else plain text)."), click_type=OneOf(STATUS_FORMATS))] = "auto",
    compare_with: Annotated[str | None, typer.Option(  # noqa: UP007
        "--compare", "-c", help=_("Also show the change from another period of the same plan."),
        metavar=_("PERIOD"), show_default=False,
        autocompletion=completion.periods)] = None,
    no_cache: NoCacheOption = False,
) -> None:
    from dvcq_cli.commands import status_command

    try:
        text, code = status_command.printed(Path.cwd(), output_format, period, year,
                                            compare_with, use_cache=not no_cache)
    except status_command.StatusUsageError as error:
        raise fail(str(error)) from None
    except status_command.StatusError as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    typer.echo(text, color=status_command.resolve_format(output_format) == "rich")
    raise typer.Exit(code)


@app.command(
    cls=DvcqCommand,
    help=_(
      "The year's scoring against the criteria set: each unit's self-score, appraised and "
      "final score, grade and rank; the units that cannot be graded, and why."))
def score(
    year: Annotated[str | None, typer.Option(  # noqa: UP007
        "--year", "-y", help=_("Plan year; by default the latest plan in the workspace."),
        metavar="YYYY", show_default=False, autocompletion=completion.years)] = None,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", help=_("Output format: auto, text or json (auto: a coloured table on "
        "a terminal, else plain text)."), click_type=OneOf(STATUS_FORMATS))] = "auto",
) -> None:
    from dvcq_cli.commands import score_command

    try:
        outcome = score_command.gather(Path.cwd(), year)
    except score_command.StatusUsageError as error:
        raise fail(str(error)) from None
    except score_command.StatusError as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    chosen = score_command.resolve_format(output_format)
    typer.echo(score_command.render(outcome, chosen), color=chosen == "rich")
    raise typer.Exit(outcome.exit_code)


@app.command(
    cls=DvcqCommand,
    help=_(
      "Write JSON Schemas for editors: plan.schema.json and "
      "assessment-<year>.schema.json."))
def schema(
    output_dir: Annotated[Path | None, typer.Option(  # noqa: UP007
        "--output-dir", "-o", help=_("Folder to write the schemas to; by default schemas/ "
        "beside plans/."), metavar=_("FOLDER"), show_default=False,
        click_type=PathText())] = None,
    year: Annotated[int | None, typer.Option(  # noqa: UP007
        "--year", "-y", help=_("Write the assessment schema of this plan year only; by default "
        "of every plan."), metavar="YYYY", show_default=False, click_type=WholeNumber(),
        autocompletion=completion.years)] = None,
) -> None:
    from dvcq_cli.commands import schema_command

    try:
        written = schema_command.run(Path.cwd(), output_dir, year)
    except schema_command.SchemaUsageError as error:
        raise fail(str(error)) from None
    except schema_command.SchemaError as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    for item in written:
        typer.echo((_("wrote {path}") if item.changed else _("{path} is up to date"))
                   .format(path=item.path))
    raise typer.Exit(EXIT_OK)


new_app = typer.Typer(
    cls=DvcqGroup,
    help=_("Start a new file that needs only values: a unit's self-assessment, next year's plan."),
    no_args_is_help=True, rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(new_app, name="new")


@new_app.command("assessment", cls=DvcqCommand,
    help=_(
      "Write plans/<year>/<period>/<unit>.yaml pre-filled from the plan; never "
      "overwrites."))
def new_assessment(
    period: Annotated[str, typer.Option(
        "--period", "-p", help=_("Period id as in the plan (6m, 9m, 12m, …)."), metavar=_("PERIOD"),
        show_default=False, autocompletion=completion.periods)],
    unit: Annotated[str | None, typer.Option(  # noqa: UP007
        "--unit", "-u", help=_("Unit id as in the plan."), metavar=_("UNIT"),
        show_default=False, autocompletion=completion.units)] = None,
    all_units: Annotated[bool, typer.Option(
        "--all", help=_("Every unit that has no file for the period yet."))] = False,
    year: Annotated[int | None, typer.Option(  # noqa: UP007
        "--year", "-y", help=_("Plan year; by default the latest plan in the workspace."),
        metavar="YYYY", show_default=False, click_type=WholeNumber(),
        autocompletion=completion.years)] = None,
) -> None:
    from dvcq_cli.commands import new_command

    try:
        outcome = new_command.new_assessments(Path.cwd(), period, unit, all_units, year)
    except new_command.NewUsageError as error:
        raise fail(str(error)) from None
    except new_command.NewError as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    for path in outcome.written:
        typer.echo(_("created {path}").format(path=path))
    if not outcome.written:
        typer.echo(_("every unit already has a file for period {period}; nothing was "
                     "written").format(period=outcome.period))
    if outcome.missing_schema:
        typer.echo(_("note: {schema} does not exist yet; run 'dvcq schema' so that editors "
                     "check the new file as you type").format(schema=outcome.missing_schema))
    raise typer.Exit(EXIT_OK)


@new_app.command("plan", cls=DvcqCommand,
    help=_(
      "Start plans/<year>/plan.yaml from another year's plan, dates moved to the new "
      "year."))
def new_plan(
    year: Annotated[int, typer.Option(
        "--year", "-y", help=_("Year of the new plan."), metavar="YYYY",
        click_type=WholeNumber(2000, 2100), show_default=False,
        autocompletion=completion.next_year)],
    from_year: Annotated[int | None, typer.Option(  # noqa: UP007
        "--from", help=_("Year of the plan to start from; by default the latest earlier one."),
        metavar="YYYY", show_default=False, click_type=WholeNumber(),
        autocompletion=completion.years)] = None,
) -> None:
    from dvcq_cli.commands import new_command

    try:
        outcome = new_command.new_plan(Path.cwd(), year, from_year)
    except new_command.NewUsageError as error:
        raise fail(str(error)) from None
    except new_command.NewError as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    typer.echo(_("created {path} from {source}").format(path=outcome.path,
                                                        source=outcome.source))
    typer.echo(_("fill in the document number and date once the plan is issued; until then "
                 "'dvcq check' warns (plan-incomplete)"))
    if outcome.mentions:
        typer.echo(_("review the texts that still mention {year}:").format(
            year=outcome.old_year))
        for mention in outcome.mentions:
            typer.echo(f"  {outcome.path}:{mention.line}: {mention.path}")
    raise typer.Exit(EXIT_OK)


@new_app.command("report", cls=DvcqCommand,
    help=_(
      "Write plans/<year>/<period>/_bao-cao.yaml, the drafter's synthesis, pre-filled with "
      "what the units wrote; never overwrites."))
def new_report(
    period: Annotated[str, typer.Option(
        "--period", "-p", help=_("Period id as in the plan (6m, 9m, 12m, …)."), metavar=_("PERIOD"),
        show_default=False, autocompletion=completion.periods)],
    year: Annotated[int | None, typer.Option(  # noqa: UP007
        "--year", "-y", help=_("Plan year; by default the latest plan in the workspace."),
        metavar="YYYY", show_default=False, click_type=WholeNumber(),
        autocompletion=completion.years)] = None,
) -> None:
    from dvcq_cli.commands import new_command

    try:
        outcome = new_command.new_report_text(Path.cwd(), period, year)
    except new_command.NewUsageError as error:
        raise fail(str(error)) from None
    except new_command.NewError as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    typer.echo(_("created {path} from the self-assessments of {count} units").format(
        path=outcome.path, count=outcome.units))
    if outcome.left_out:
        typer.echo(_("{count} file(s) of the period have errors and were left out; run 'dvcq "
                     "check'").format(count=outcome.left_out))
    typer.echo(_("condense what the units wrote and remove the '# ' of what you keep: the "
                 "report uses every section that has a value"))
    raise typer.Exit(EXIT_OK)


@app.command(
    cls=DvcqCommand,
    help=_(
      "Write the period's report to Sở Nội vụ as a Word file ready to sign (Nghị định "
      "30/2020)."))
def report(
    period: Annotated[str, typer.Option(
        "--period", "-p", help=_("Period id as in the plan (6m, 9m, 12m, …)."), metavar=_("PERIOD"),
        show_default=False, autocompletion=completion.periods)],
    year: Annotated[str | None, typer.Option(  # noqa: UP007
        "--year", "-y", help=_("Plan year; by default the latest plan in the workspace."),
        metavar="YYYY", show_default=False, autocompletion=completion.years)] = None,
    output: Annotated[Path | None, typer.Option(  # noqa: UP007
        "--output", "-o", help=_("Where to write the .docx; by default "
        "reports/<year>-<period>-bao-cao-dan-van-chinh-quyen.docx in the workspace."),
        metavar=_("PATH"), show_default=False, click_type=PathText())] = None,
    template: Annotated[Path | None, typer.Option(  # noqa: UP007
        "--template", "-t", help=_("Word template to fill; by default the workspace's "
        "templates/bao-cao-dan-van-chinh-quyen.docx, else the one packaged with dvcq."),
        metavar=_("PATH"), show_default=False, click_type=PathText())] = None,
    report_date: Annotated[str | None, typer.Option(  # noqa: UP007
        "--date", help=_("The report's date (YYYY-MM-DD). By default the day is left blank "
        "for the văn thư, in the month of the period's report_by (else this month)."),
        metavar="YYYY-MM-DD", show_default=False)] = None,
    signer_name: Annotated[str | None, typer.Option(  # noqa: UP007
        "--signer-name", help=_("Name of the person who signs, instead of the plan's "
        "report.signer.name."), metavar=_("NAME"), show_default=False)] = None,
    draft: Annotated[bool, typer.Option(
        "--draft", help=_("Write the report even when no unit has sent a self-assessment "
        "for the period yet."))] = False,
    as_pdf: Annotated[bool, typer.Option(
        "--pdf", help=_("Also write the report as PDF next to the .docx, through "
        "LibreOffice."))] = False,
    no_cache: NoCacheOption = False,
) -> None:
    from dvcq_cli.commands import report_command

    try:
        outcome = report_command.run(Path.cwd(), period, year, output, template, report_date,
                                     signer_name, draft=draft, as_pdf=as_pdf,
                                     use_cache=not no_cache)
    except report_command.ReportUsageError as error:
        raise fail(str(error)) from None
    except report_command.ReportError as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    if outcome.problems_text:
        typer.echo(outcome.problems_text, err=True)
    if outcome.written is None:
        raise fail(_("dvcq check found errors, so no report was written; fix them and run "
                     "again"), EXIT_PROBLEMS)
    for note in outcome.notes:
        typer.echo(_("note: {note}").format(note=note), err=True)
    typer.echo(_("wrote {path}").format(path=outcome.written))
    if outcome.pdf_written is not None:
        typer.echo(_("wrote {path}").format(path=outcome.pdf_written))
    if outcome.pdf_problem is not None:
        raise fail(outcome.pdf_problem)
    raise typer.Exit(EXIT_OK)


@app.command(
    cls=DvcqCommand,
    help=_(
      "Write the year at a glance as a web site. By default into site/: targets by period, "
      "units, submissions; it works offline."))
def dashboard(
    year: Annotated[str | None, typer.Option(  # noqa: UP007
        "--year", "-y", help=_("Only this plan year; by default every year of the workspace."),
        metavar="YYYY", show_default=False, autocompletion=completion.years)] = None,
    output: Annotated[Path | None, typer.Option(  # noqa: UP007
        "--output", "-o", help=_("The site's folder; by default site/ in the workspace. It is "
        "replaced as a whole."), metavar=_("FOLDER"), show_default=False,
        click_type=PathText())] = None,
    lang: Annotated[str | None, typer.Option(  # noqa: UP007
        "--lang", help=_("Language of the pages: vi (default) or en."),
        click_type=OneOf(("vi", "en")), show_default=False)] = None,
    last_good: Annotated[bool, typer.Option(
        "--last-good", help=_("When the data has errors, show the latest commit whose data "
        "passed 'dvcq check' (for CI), with a note of the errors."))] = False,
) -> None:
    from dvcq_cli.commands import dashboard_command

    if lang is not None:
        set_language(lang)
    try:
        outcome = dashboard_command.run(Path.cwd(), year, output, last_good)
    except dashboard_command.DashboardUsageError as error:
        raise fail(str(error)) from None
    except dashboard_command.DashboardError as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    if outcome.errors:
        typer.echo(_("note: 'dvcq check' finds {errors} error(s); the pages say so at the top")
                   .format(errors=outcome.errors), err=True)
    typer.echo(_("wrote {path}").format(path=outcome.written))
    raise typer.Exit(outcome.exit_code)


@app.command(
    cls=DvcqCommand,
    help=_(
      "Make a unit's self-assessment as a spreadsheet (.xlsx) to fill in, pre-filled from its "
      "file for the period or the period before."))
def form(
    period: Annotated[str, typer.Option(
        "--period", "-p", help=_("Period id as in the plan (6m, 9m, 12m, …)."),
        metavar=_("PERIOD"), show_default=False, autocompletion=completion.periods)],
    unit: Annotated[str | None, typer.Option(  # noqa: UP007
        "--unit", "-u", help=_("Unit id as in the plan."), metavar=_("UNIT"),
        show_default=False, autocompletion=completion.units)] = None,
    all_units: Annotated[bool, typer.Option(
        "--all", help=_("One form for every unit of the plan."))] = False,
    year: Annotated[int | None, typer.Option(  # noqa: UP007
        "--year", "-y", help=_("Plan year; by default the latest plan in the workspace."),
        metavar="YYYY", show_default=False, click_type=WholeNumber(),
        autocompletion=completion.years)] = None,
    output: Annotated[Path | None, typer.Option(  # noqa: UP007
        "--output", "-o", help=_("Where to write: an .xlsx file (one unit) or a folder; by "
        "default forms/<year>-<period>/ in the workspace."), metavar=_("PATH"),
        show_default=False, click_type=PathText())] = None,
) -> None:
    from dvcq_cli.commands import form_command

    try:
        outcome = form_command.make_forms(Path.cwd(), period, unit, all_units, year, output)
    except form_command.FormUsageError as error:
        raise fail(str(error)) from None
    except form_command.FormError as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    if outcome.problems:
        from dvcq_cli import reporters

        typer.echo("\n".join(reporters.text(outcome.problems, 0).splitlines()[:-1]), err=True)
    for message in outcome.failed:
        typer.echo(_("Error: {message}").format(message=message), err=True)
    for path in outcome.written:
        typer.echo(_("wrote {path}").format(path=path))
    raise typer.Exit(outcome.exit_code)


@app.command(
    "import",
    cls=DvcqCommand,
    help=_(
      "Read filled forms (.xlsx) into plans/<year>/<period>/<unit>.yaml, checked like dvcq "
      "check; each problem at its sheet and cell."))
def import_forms(
    forms: Annotated[list[Path], typer.Argument(
        help=_("The filled forms (.xlsx)."), metavar=_("FILE.xlsx…"), show_default=False,
        click_type=PathText())],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", "-n", help=_("Check the forms and show the YAML; write nothing."))] = False,
    force: Annotated[bool, typer.Option(
        "--force", help=_("Replace a unit's file that exists and differs from its form."))
                     ] = False,
    period: Annotated[str | None, typer.Option(  # noqa: UP007
        "--period", "-p", help=_("Accept only forms of this period."), metavar=_("PERIOD"),
        show_default=False, autocompletion=completion.periods)] = None,
) -> None:
    from dvcq_cli import reporters
    from dvcq_cli.commands import import_command

    try:
        outcome = import_command.run(Path.cwd(), forms, dry_run, force, period)
    except import_command.ImportUsageError as error:
        raise fail(str(error)) from None
    if outcome.problems:
        typer.echo("\n".join(reporters.text(outcome.problems, 0).splitlines()[:-1]), err=True)
    several = len(outcome.files) > 1
    for result in outcome.files:
        if result.converted_from:
            typer.echo(_("note: {form} was saved as .{kind}; LibreOffice converted it to .xlsx "
                         "to read it").format(form=result.form, kind=result.converted_from),
                       err=True)
        if dry_run:
            if several:
                typer.echo(f"==> {result.target} <==")
            typer.echo(result.text, nl=False)
            continue
        _import_result(result, import_command)
    for message in outcome.failed:
        typer.echo(_("Error: {message}").format(message=message), err=True)
    typer.echo(import_command.summary(outcome.problems, len(forms)), err=True)
    raise typer.Exit(outcome.exit_code)


def _import_result(result: Any, import_command: Any) -> None:
    if result.state == import_command.UNCHANGED:
        typer.echo(_("{path} is up to date").format(path=result.target))
    elif result.state == import_command.CREATED:
        typer.echo(_("created {path}").format(path=result.target))
    elif result.state == import_command.REPLACED:
        typer.echo(_("replaced {path}").format(path=result.target))
    elif result.state == import_command.DIFFERS:
        typer.echo(result.diff, nl=False)
        typer.echo(_("{path} exists and differs from {form} (differences above); it was not "
                     "replaced: run again with --force to replace it").format(
            path=result.target, form=result.form), err=True)


cache_app = typer.Typer(
    cls=DvcqGroup,
    help=_("The workspace's cache (.dvcq-cache/): what check, status and report remember of "
           "each file, so that a run reads again only the files that changed."),
    no_args_is_help=True, rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(cache_app, name="cache")


@cache_app.command("clear", cls=DvcqCommand,
    help=_("Empty the cache; the next run checks every file again."))
def cache_clear() -> None:
    from dvcq_cli import cache
    from dvcq_cli.commands import check_command

    try:
        root = check_command.workspace_root(Path.cwd())
    except check_command.CheckUsageError as error:
        raise fail(str(error)) from None
    freed = cache.clear(root)
    typer.echo(_("emptied {folder}: {size} freed").format(
        folder=_shown(root / cache.CACHE_DIR), size=_megabytes(freed)))
    raise typer.Exit(EXIT_OK)


@cache_app.command("info", cls=DvcqCommand,
    help=_("Where the cache is, how big it is and its size limit."))
def cache_info() -> None:
    from dvcq_cli import cache
    from dvcq_cli.commands import check_command

    try:
        root = check_command.workspace_root(Path.cwd())
    except check_command.CheckUsageError as error:
        raise fail(str(error)) from None
    found = cache.info(root)
    typer.echo(_("{folder}: {packs} file(s), {size}; limit {limit} (set {variable} in "
                 "megabytes to change it)").format(
        folder=_shown(found.folder), packs=found.packs, size=_megabytes(found.size),
        limit=_megabytes(found.limit), variable=cache.MAX_BYTES_VARIABLE))
    raise typer.Exit(EXIT_OK)


def _shown(path: Path) -> str:
    from dvcq_cli.workspace import display_path

    return display_path(path, Path.cwd())


def _megabytes(size: int) -> str:
    """`12,5 MB` in Vietnamese, `12.5 MB` in English; under a megabyte in kilobytes."""
    from fractions import Fraction

    from dvcq_cli.i18n import current_language
    from dvcq_cli.vietnamese import format_number

    amount, unit = Fraction(size, 1024), "KB"
    if amount >= 1024:
        amount, unit = amount / 1024, "MB"
    elif amount:
        amount = max(Fraction(1), Fraction(round(amount)))
    if current_language() == "vi":
        return f"{format_number(amount)} {unit}"
    return f"{float(round(amount, 1)):,g} {unit}"


def _interrupted(signum: int, frame: object) -> None:
    raise Interrupted(signum)


def main() -> None:
    """Entry point: no traceback ever reaches the user."""
    # A dvcq process is short, and its data (node trees, models) holds no reference cycles:
    # reference counting frees it. The cyclic collector would only scan the kept models again
    # and again (0.3 s at 10,000 units, a cost that grows faster than the workspace), so it
    # stays off for the life of the process.
    gc.disable()
    try:
        _run()
    finally:
        # The interpreter still collects once as it exits, collector off or not, going
        # through every object alive then (about 20 ms after a warm `dvcq check`, 7 ms after
        # `--version`). Frozen objects are left out of that pass. Nothing dvcq makes needs
        # it: files are closed by the code that writes them, and the standard streams are
        # flushed at exit as before.
        gc.freeze()


def _run() -> None:
    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        code = app(standalone_mode=False, prog_name="dvcq")
    except Interrupted as interrupt:
        _stop_interrupted(interrupt)
    except ClickException as error:
        typer.echo(_("Error: {message}").format(message=error.format_message()), err=True)
        sys.exit(error.exit_code)
    except typer.Abort:
        typer.echo(_("Interrupted; no file was changed."), err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as error:  # noqa: BLE001 - the last line of defence
        interrupt = _interrupt_behind(error)
        if interrupt is not None:
            _stop_interrupted(interrupt)
        if os.environ.get("DVCQ_DEBUG"):
            raise
        typer.echo(_("Internal error: {kind}: {message}. Please report it; set DVCQ_DEBUG=1 "
                     "to see the details.").format(kind=type(error).__name__, message=error),
                   err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def _stop_interrupted(interrupt: Interrupted) -> NoReturn:
    # Another Ctrl-C now would escape as a traceback: the last steps are not interrupted.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    typer.echo(_("Interrupted; no file was changed."), err=True)
    sys.exit(128 + interrupt.signum)


def _interrupt_behind(error: BaseException) -> Interrupted | None:
    """The interrupt that caused `error`, if one did. Python wraps an exception raised while
    a class is being made (a signal arriving as a command's module is imported) in a
    RuntimeError; it is still the user's Ctrl-C, not an internal error."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, Interrupted):
            return cause
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return None
