"""The command line's own words in the user's language: usage errors, help, option types.

typer vendors click (`typer._click`), whose usage errors ("Option '-p' requires an
argument."), value checks ("1 is not in the range 2<=x<=1000."), help placeholders
(`[OPTIONS]`, `COMMAND [ARGS]...`, `<int range>`) and command suggestions ("Did you mean
'check'?") are English literals, not messages to translate. dvcq gives every option a type
of its own below, whose failures are messages of the catalog; its command classes write the
usage line and the suggestions themselves; and `usage_message` turns the few errors the
parser raises with a fixed English text into a message of the catalog. A test provokes every
usage error of every command in Vietnamese and finds no English word in it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import typer
import typer.core
from typer._click.exceptions import (
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._click.shell_completion import CompletionItem
from typer._click.types import IntRange, ParamType

from dvcq_cli.i18n import N_, _

EXIT_USAGE = 2

# typer's labels ("Options", "Commands", "required") go through its module-level gettext `_`:
# they are found in our catalog. Listed so that message extraction finds them.
TYPER_LABELS = (N_("Arguments"), N_("Options"), N_("Commands"), N_("required"),
                N_("default: {default}"), N_("env var: {var}"), N_("(dynamic)"),
                N_("Missing command."), N_("Aborted!"))


def use_catalog_for_typer_labels() -> None:
    typer.core._ = _  # type: ignore[attr-defined]


# ---------------------------------------------------------------- option types
class WholeNumber(IntRange):
    """A whole number, optionally between bounds, refused in the user's language."""

    name = "integer"

    def __init__(self, minimum: int | None = None, maximum: int | None = None) -> None:
        super().__init__(min=minimum, max=maximum)

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                self.fail(_("'{value}' is not a whole number").format(value=value), param, ctx)
        if (self.min is not None and number < self.min) or (
                self.max is not None and number > self.max):
            self.fail(_("{value} is outside the allowed range: {range}").format(
                value=number, range=self._describe_range()), param, ctx)
        return number

    def _describe_range(self) -> str:
        if self.min is None and self.max is None:
            return ""
        if self.min is not None and self.max is not None:
            return _("from {minimum} to {maximum}").format(minimum=self.min, maximum=self.max)
        if self.min is not None:
            return _("{minimum} or more").format(minimum=self.min)
        return _("{maximum} or less").format(maximum=self.max)

    def get_metavar(self, param: Any, ctx: Any) -> str | None:
        return _("N")


class OneOf(ParamType):
    """One of a few fixed words (output formats, shells), offered by shell completion."""

    name = "choice"

    def __init__(self, choices: Sequence[str]) -> None:
        self.choices = tuple(choices)

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if value in self.choices:
            return value
        message = _("'{value}' is not one of: {choices}").format(
            value=value, choices=", ".join(self.choices))
        guess = get_close_matches(str(value), self.choices, n=1)
        if guess:
            message += _("; did you mean {choices}?").format(choices=guess[0])
        self.fail(message, param, ctx)

    def get_metavar(self, param: Any, ctx: Any) -> str | None:
        return "|".join(self.choices)

    def shell_complete(self, ctx: Any, param: Any, incomplete: str) -> list[CompletionItem]:
        return [CompletionItem(choice) for choice in self.choices
                if choice.startswith(incomplete)]


class PathText(ParamType):
    """A path, taken as written: dvcq says itself what is wrong with it (missing,
    unreadable, a folder where a file is needed), in the user's language and where it
    matters. Shell completion offers nothing of its own, so that the shell offers files."""

    name = "path"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        return value if isinstance(value, Path) else Path(value)

    def get_metavar(self, param: Any, ctx: Any) -> str | None:
        return _("PATH")

    def shell_complete(self, ctx: Any, param: Any, incomplete: str) -> list[CompletionItem]:
        return []


# ---------------------------------------------------------------- commands
class _TranslatedHelp:
    """typer's own help texts ("Show this message and exit.", "Usage: ", the completion
    options) are English literals in its vendored click: these command classes pass them,
    like ours, through the message catalog, and write the usage line's placeholders in the
    user's language."""

    HELP_TEXTS = (N_("Show this message and exit."), N_("Usage: "),
                  N_("Install completion for the current shell."),
                  N_("Show completion for the current shell, to copy it or customize the "
                     "installation."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.options_metavar = _("[OPTIONS]")

    def get_params(self, ctx: typer.Context) -> list[Any]:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if getattr(param, "help", None):
                param.help = _(param.help)
        return params  # type: ignore[no-any-return]

    def format_usage(self, ctx: typer.Context, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        # The parser raises some usage errors without the command they belong to; give it,
        # so that the message can point at the command's help.
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]
        except UsageError as error:
            if error.ctx is None:
                error.ctx = ctx
                error.cmd = ctx.command
            raise


class DvcqCommand(_TranslatedHelp, typer.core.TyperCommand):
    pass


class DvcqGroup(_TranslatedHelp, typer.core.TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subcommand_metavar = _("COMMAND [ARGS]...")

    def main(self, args: Any = None, prog_name: Any = None, complete_var: Any = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """Runs the command line; a usage error becomes one line in the user's language and
        exit code 2, however dvcq is called (its script, `python -m dvcq_cli`, a test's
        CliRunner): click's own handling would print it in English."""
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False,
                                  **extra)
        except NoArgsIsHelpError as error:
            error.show()  # `dvcq` alone prints the help
            sys.exit(0)
        except UsageError as error:
            typer.echo(usage_message(error), err=True)
            sys.exit(EXIT_USAGE)
        if standalone_mode:
            sys.exit(result if isinstance(result, int) else 0)
        return result

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:
        name = args[0]
        command = self.get_command(ctx, name)
        if command is None and not ctx.resilient_parsing:
            if name.startswith("-"):
                self.parse_args(ctx, args)  # an unknown option is reported as one
            message = _("unknown command '{name}'").format(name=name)
            guesses = get_close_matches(name, list(self.commands), n=2)
            if guesses:
                message += _("; did you mean {choices}?").format(
                    choices=_(" or ").join(f"'{guess}'" for guess in guesses))
            ctx.fail(message)
        return (name if command else None), command, args[1:]


# ---------------------------------------------------------------- usage errors
# The usage errors click's parser raises with a fixed English text, and the message each
# becomes. Every other usage error is made by dvcq's own types and classes above.
_PARSER_MESSAGES = (
    (re.compile(r"Option '(?P<name>[^']*)' requires an argument\.\Z"),
     N_("option {name} needs a value")),
    (re.compile(r"Option '(?P<name>[^']*)' requires (?P<count>[0-9]+) arguments\.\Z"),
     N_("option {name} needs {count} values")),
    (re.compile(r"Option '(?P<name>[^']*)' does not take a value\.\Z"),
     N_("option {name} takes no value: write it alone")),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<extra>.*)\)\Z", re.DOTALL),
     N_("unexpected argument {extra}: this command takes only options, each written with "
        "its name")),
)


def usage_message(error: ClickException) -> str:
    """A usage error as one line in the user's language, with where to find help."""
    if isinstance(error, NoSuchOption):
        message = _("no such option: {name}").format(name=error.option_name)
        if error.possibilities:
            message += _("; did you mean {choices}?").format(
                choices=_(" or ").join(sorted(error.possibilities)))
    elif isinstance(error, MissingParameter) and error.param is not None:
        if error.param.param_type_name == "argument":
            message = _("missing {what}: give at least one").format(
                what=error.param.human_readable_name)
        else:
            message = _("missing option {name}").format(name=_names(error.param))
    elif isinstance(error, BadParameter) and error.param is not None:
        message = _("invalid value for {name}: {reason}").format(name=_names(error.param),
                                                                 reason=error.message)
    else:
        message = _parser_message(error.format_message())
    context = getattr(error, "ctx", None)
    hint = ""
    if context is not None:
        hint = " " + _("(see '{command} --help')").format(command=context.command_path)
    return _("Error: {message}").format(message=message) + hint


def _names(param: Any) -> str:
    return " / ".join(param.opts) or param.human_readable_name  # type: ignore[no-any-return]


def _parser_message(text: str) -> str:
    for pattern, message in _PARSER_MESSAGES:
        match = pattern.match(text)
        if match:
            return _(message).format(**match.groupdict())
    return text


# Answers to a yes/no question, in either language: a clerk answers "c" or "có" as readily
# as "y". Compared after NFC and lower-casing; an empty answer is the default, no.
_YES = frozenset({"y", "yes", "c", "có", "co", "ok"})
_NO = frozenset({"n", "no", "k", "không", "khong", ""})


def confirm(question: str) -> bool:
    """Ask `question` (its answers shown in the user's language, no by default) until the
    answer is one of the known ones; Ctrl-D or Ctrl-C stop as click does (`Abort`)."""
    import unicodedata

    while True:
        answer = typer.prompt(question, default="", show_default=False, prompt_suffix=": ")
        word = unicodedata.normalize("NFC", answer).strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        typer.echo(_("Answer y (yes) or n (no)."), err=True)
