"""No English word reaches a Vietnamese session: every usage error, every help page.

The usage errors are not listed by hand: they are made from the command tree itself, so a
new command or option is provoked too (missing value, wrong type, out of range, unknown
option with and without a close match, unknown command, extra argument, missing required
option). Each runs in a Vietnamese process and in an English one.

"English" is a word list made from the English texts of click and typer (the messages dvcq
replaces) and from dvcq's own English messages, minus the words a Vietnamese message may
hold: command names, option values and the few words that are Vietnamese too. Option names,
paths, quoted values and identifiers are not words of a sentence and are left out of the
output before it is read. `test_the_word_list_catches_clicks_english` shows the check fails
on the messages users used to see.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import typer
from babel.messages.pofile import read_po
from conftest import MINI_ASSESSMENT, MINI_PLAN, write_tree
from typer._click.core import Command
from typer.core import TyperGroup as Group

from dvcq_cli import completion, i18n
from dvcq_cli.cli import app
from dvcq_cli.usage import OneOf, WholeNumber

PO = Path(i18n.__file__).parent / "locale" / "vi" / "LC_MESSAGES" / "dvcq.po"
TYPER = Path(typer.__file__).parent

# Words a Vietnamese sentence may hold: Vietnamese words spelled like English ones ("so" of
# "so sánh"), loanwords of Vietnamese IT text, and names of products and formats.
VIETNAMESE_TOO = frozenset({"so", "shell", "byte", "dvcq", "yaml", "json", "word", "github",
                            "actions", "gitlab", "powershell", "web", "pdf"})


# ---------------------------------------------------------------- the English word list
@cache
def english_words() -> frozenset[str]:
    words: set[str] = set()
    for source in [*TYPER.glob("_click/*.py"), *TYPER.glob("*.py")]:
        for node in ast.walk(ast.parse(source.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and " " in node.value.strip():
                words.update(_words(node.value))
    with PO.open("rb") as handle:
        words.update(word for message in read_po(handle) if message.id
                     for word in _words(message.id if isinstance(message.id, str)
                                        else " ".join(message.id)))
    return frozenset(words - allowed_words())


@cache
def allowed_words() -> frozenset[str]:
    """Command names and option values: the user types them as they are."""
    allowed = set(VIETNAMESE_TOO) | set(completion.SHELLS)
    for command in _commands(_root()):
        allowed.update(command.name.split() if command.name else [])
        for param in command.params:
            if isinstance(param.type, OneOf):
                allowed.update(param.type.choices)
    return frozenset(word.lower() for word in allowed)


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"(?<![\w-])[A-Za-z]{2,}(?![\w-])", text)}


_NOT_WORDS = re.compile(
    r"'[^']*'|\"[^\"]*\"|“[^”]*”"  # quoted: a value the user wrote, a name
    r"|\S*[/\\_.{}=]\S*"  # paths, file names, identifiers
    r"|(?<!\w)-{1,2}[\w-]+"  # option names
    r"|\bdvcq(?: [a-z]+)*")  # the command line, e.g. dvcq new assessment


def english_in(output: str) -> set[str]:
    """The English words of `output`, once what is not a word of a sentence is left out."""
    return {word for word in _words(_NOT_WORDS.sub(" ", output)) if word in english_words()}


def test_the_word_list_catches_clicks_english() -> None:
    """What users saw before: each line holds English the check finds."""
    for line in ("Error: Option '-p' requires an argument.",
                 "Lỗi: không có lệnh 'chek'. Did you mean 'check', 'schema'?",
                 "Lỗi: giá trị không hợp lệ cho --max-depth: 1 is not in the range 2<=x<=1000.",
                 "Lỗi: Got unexpected extra argument(s) (extra)",
                 "Cách dùng: dvcq [OPTIONS] COMMAND [ARGS]...",
                 "  --max-depth <int range>  Độ lồng tối đa.  [mặc định: 64; x>=2]",
                 "bash completion installed in /root/.bash_completions/dvcq.sh",
                 "Completion will take effect once you restart the terminal"):
        assert english_in(line), line
    assert english_in("Lỗi: '2024-02-30' không phải là ngày có thật (năm-tháng-ngày)") == set()


# ---------------------------------------------------------------- every usage error
def _root() -> Group:
    command = typer.main.get_command(app)
    assert isinstance(command, Group)
    return command


def _commands(command: Command, path: tuple[str, ...] = ()) -> list[Any]:
    found = [_Named(command, " ".join(path))]
    if isinstance(command, Group):
        for name, sub in command.commands.items():
            found.extend(_commands(sub, (*path, name)))
    return found


class _Named:
    def __init__(self, command: Command, name: str) -> None:
        self.command, self.name, self.params = command, name, command.params


def usage_cases() -> list[tuple[str, list[str], int]]:
    """(what is provoked, argv, expected exit code) for every command and option."""
    cases: list[tuple[str, list[str], int]] = []
    for named in _commands(_root()):
        words, command = named.name.split(), named.command
        cases.append(("help", [*words, "--help"], 0))
        options = [p for p in command.params if p.param_type_name == "option"
                   and p.opts[0].startswith("--") and p.opts[0] != "--help"]
        if isinstance(command, Group):
            names = list(command.commands)
            cases.append(("unknown command, close", [*words, names[0][:-1] + "x"], 2))
            cases.append(("unknown command", [*words, "zzz"], 2))
        else:
            cases.append(("extra argument", [*words, *_required(command), "thua"], 2)
                         if not any(p.param_type_name == "argument" for p in command.params)
                         else ("help", [*words, "--help"], 0))
            if _required(command):
                cases.append(("missing required option", words, 2))
        cases.append(("unknown option", [*words, "--zzz"], 2))
        for option in options:
            name = option.opts[0]
            prefix = [*words, *_required(command, skip=option)]
            if option.is_flag:
                cases.append(("flag with a value", [*prefix, f"{name}=1"], 2))
                continue
            cases.append(("unknown option, close", [*words, name[:-1]], 2))
            cases.append(("missing value", [*prefix, name], 2))
            if isinstance(option.type, WholeNumber):
                cases.append(("not a number", [*prefix, name, "abc"], 2))
                if option.type.min is not None:
                    cases.append(("below range", [*prefix, name, str(option.type.min - 1)], 2))
                if option.type.max is not None:
                    cases.append(("above range", [*prefix, name, str(option.type.max + 1)], 2))
            if isinstance(option.type, OneOf):
                cases.append(("not a choice", [*prefix, name, "zzz"], 2))
                cases.append(("not a choice, close",
                              [*prefix, name, option.type.choices[-1][:-1] + "x"], 2))
    return cases


def _required(command: Command, skip: Any = None) -> list[str]:
    args: list[str] = []
    for param in command.params:
        if param.required and param is not skip and param.param_type_name == "option":
            args += [param.opts[0], "2030" if "year" in param.opts[0] else "9m"]
    return args


# The usage errors dvcq itself finds once click has parsed the line, in a workspace.
DVCQ_CASES: list[tuple[str, list[str], int]] = [
    ("no workspace", ["status"], 2),
    ("unknown period", ["status", "-p", "9m"], 2),
    ("period compared with itself", ["status", "-p", "6m", "-c", "6m"], 2),
    ("date not written YYYY-MM-DD", ["report", "-p", "6m", "--date", "30/02/2025"], 2),
    ("date that does not exist", ["report", "-p", "6m", "--date", "2025-02-30"], 2),
    ("unknown year", ["new", "assessment", "-p", "6m", "-u", "vp", "-y", "2030"], 2),
    ("path that does not exist", ["check", "nope.yaml"], 2),
    ("neither a unit nor all", ["form", "-p", "6m"], 2),
    ("a unit and all", ["form", "-p", "6m", "-u", "vp", "--all"], 2),
    ("assessment for neither a unit nor all", ["new", "assessment", "-p", "6m"], 2),
]

DRIVER = """
import json, os, sys
from typer.testing import CliRunner
from dvcq_cli.cli import app
cases, workspace, empty = json.load(sys.stdin)
runner, results = CliRunner(), []
for name, args, code in cases:
    os.chdir(empty if name == "no workspace" else workspace)
    result = runner.invoke(app, args, env={"HOME": empty})
    results.append([result.exit_code, result.stdout, result.stderr, repr(result.exception)])
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    workspace = write_tree(tmp_path_factory.mktemp("workspace"), {
        "plans/2025/plan.yaml": MINI_PLAN,
        "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp")})
    return workspace, tmp_path_factory.mktemp("empty")


def run_all(language: str, cases: list[tuple[str, list[str], int]],
            workspaces: tuple[Path, Path]) -> list[list[Any]]:
    """Every case in one process of the given language (help texts are translated as the
    CLI module is imported, so the language must be chosen before that)."""
    process = subprocess.run(
        [sys.executable, "-c", DRIVER], input=json.dumps([cases, *map(str, workspaces)]),
        capture_output=True, text=True, check=True,
        env={"DVCQ_LANG": language, "PATH": "/usr/bin:/bin", "HOME": str(workspaces[1]),
             "COLUMNS": "100"})
    return json.loads(process.stdout)  # type: ignore[no-any-return]


ALL_CASES = usage_cases() + DVCQ_CASES


def test_every_usage_error_is_provoked() -> None:
    provoked = {name for name, _args, _code in ALL_CASES}
    assert provoked >= {"help", "unknown command, close", "unknown command", "extra argument",
                        "missing required option", "unknown option", "unknown option, close",
                        "flag with a value", "missing value", "not a number", "below range",
                        "above range", "not a choice", "not a choice, close"}
    assert len(ALL_CASES) > 100


def test_no_english_word_in_a_vietnamese_session(workspaces: tuple[Path, Path]) -> None:
    results = run_all("vi", ALL_CASES, workspaces)
    failures = []
    for (name, args, code), (exit_code, stdout, stderr, _exception) in zip(
            ALL_CASES, results, strict=True):
        output = stdout + stderr
        found = english_in(output)
        if exit_code != code or found:
            failures.append(f"dvcq {' '.join(args)} ({name}): exit {exit_code}, English "
                            f"{sorted(found)}\n{output}")
        if code == 2:
            assert stdout == "" and stderr.startswith("Lỗi: ") and stderr.count("\n") == 1, (
                args, stdout, stderr)
    assert failures == [], "\n".join(failures)


def test_english_session_stays_english(workspaces: tuple[Path, Path]) -> None:
    results = run_all("en", ALL_CASES, workspaces)
    vietnamese = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ]|[\u0300-\u036f]|[à-ỹ]")
    for (_name, args, code), (exit_code, stdout, stderr, _exception) in zip(
            ALL_CASES, results, strict=True):
        assert exit_code == code, (args, stdout, stderr)
        if code == 2:
            assert stderr.startswith("Error: "), (args, stderr)
        if args[-1] == "--help":
            assert stdout.startswith("Usage: dvcq"), (args, stdout)
        # Help pages quote the plan's Vietnamese names (Sở Nội vụ, Nghị định): only the
        # usage errors are checked for Vietnamese letters.
        if code == 2:
            assert not vietnamese.search(stderr), (args, stderr)


EXACT = [
    (["status", "-p"], "Lỗi: tùy chọn -p cần có giá trị đi kèm (xem 'dvcq status --help')",
     "Error: option -p needs a value (see 'dvcq status --help')"),
    (["chek"], "Lỗi: không có lệnh 'chek'; có phải ý bạn là 'check' hoặc 'cache'? "
     "(xem 'dvcq --help')",
     "Error: unknown command 'chek'; did you mean 'check' or 'cache'? (see 'dvcq --help')"),
    (["check", "--max-depth", "1"], "Lỗi: giá trị không hợp lệ cho --max-depth: 1 nằm ngoài "
     "khoảng cho phép: từ 2 đến 1000 (xem 'dvcq check --help')",
     "Error: invalid value for --max-depth: 1 is outside the allowed range: from 2 to 1000 "
     "(see 'dvcq check --help')"),
    (["check", "--jobs", "abc"], "Lỗi: giá trị không hợp lệ cho --jobs / -j: 'abc' không phải "
     "là số nguyên (xem 'dvcq check --help')",
     "Error: invalid value for --jobs / -j: 'abc' is not a whole number "
     "(see 'dvcq check --help')"),
    (["status", "--perod", "9m"], "Lỗi: không có tùy chọn --perod; có phải ý bạn là --period "
     "hoặc --year? (xem 'dvcq status --help')",
     "Error: no such option: --perod; did you mean --period or --year? "
     "(see 'dvcq status --help')"),
    (["status", "9m"], "Lỗi: thừa tham số 9m: lệnh này chỉ nhận tùy chọn, mỗi giá trị phải đi "
     "sau tên tùy chọn của nó (xem 'dvcq status --help')",
     "Error: unexpected argument 9m: this command takes only options, each written with its "
     "name (see 'dvcq status --help')"),
    (["check", "--strict=yes"], "Lỗi: tùy chọn --strict không nhận giá trị: chỉ ghi tên tùy "
     "chọn (xem 'dvcq check --help')",
     "Error: option --strict takes no value: write it alone (see 'dvcq check --help')"),
    (["status", "-f", "jsn"], "Lỗi: giá trị không hợp lệ cho --format / -f: 'jsn' không phải "
     "là một trong các giá trị: auto, text, json; có phải ý bạn là json? "
     "(xem 'dvcq status --help')",
     "Error: invalid value for --format / -f: 'jsn' is not one of: auto, text, json; did you "
     "mean json? (see 'dvcq status --help')"),
    (["--lang", "xx", "check"], "Lỗi: giá trị không hợp lệ cho --lang: 'xx' không phải là một "
     "trong các giá trị: vi, en (xem 'dvcq --help')", None),
    (["report"], "Lỗi: thiếu tùy chọn --period / -p (xem 'dvcq report --help')",
     "Error: missing option --period / -p (see 'dvcq report --help')"),
    (["new", "asessment"], "Lỗi: không có lệnh 'asessment'; có phải ý bạn là 'assessment'? "
     "(xem 'dvcq new --help')",
     "Error: unknown command 'asessment'; did you mean 'assessment'? (see 'dvcq new --help')"),
    (["status", "-p", "6m", "-c", "6m"], "Lỗi: --compare 6m trùng với kỳ đang xem: hãy so sánh "
     "với một kỳ khác của kế hoạch (q3)",
     "Error: --compare 6m names the period shown: compare it with another period of the plan "
     "(q3)"),
]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_exact_messages(language: str, workspaces: tuple[Path, Path]) -> None:
    cases = [("exact", args, 2) for args, _vi, _en in EXACT]
    results = run_all(language, cases, workspaces)
    for (args, vi, en), (exit_code, stdout, stderr, _exception) in zip(EXACT, results,
                                                                        strict=True):
        expected = vi if language == "vi" else en
        if expected is None:
            continue
        assert (exit_code, stdout, stderr) == (2, "", expected + "\n"), args


def test_help_placeholders_are_vietnamese(workspaces: tuple[Path, Path]) -> None:
    cases = [("help", ["--help"], 0), ("help", ["check", "--help"], 0),
             ("help", ["report", "--help"], 0)]
    root, check, report = (stdout for _code, stdout, _err, _exc in
                           run_all("vi", cases, workspaces))
    assert root.startswith("Cách dùng: dvcq [TÙY_CHỌN] LỆNH [THAM_SỐ]...\n")
    assert check.startswith("Cách dùng: dvcq check [TÙY_CHỌN] [ĐƯỜNG_DẪN...]\n")
    assert "--max-depth SỐ" in check and "[mặc định: 64; từ 2 đến 1000]" in check
    assert "--max-file-size SỐ_BYTE" in check and "từ 1 trở lên]" in check
    assert "-p, --period KỲ" in report and "-o, --output ĐƯỜNG_DẪN" in report
    assert "--signer-name HỌ_TÊN" in report and "[bắt buộc]" in report


# ---------------------------------------------------------------- completion's installer
def run_dvcq(shell: str, args: str, home: Path, language: str = "vi"
             ) -> subprocess.CompletedProcess[str]:
    """dvcq started from a real shell, which is the shell its completion detects."""
    return subprocess.run(
        [shell, "-c", f"{sys.executable} -m dvcq_cli {args}; echo exit=$?"],
        capture_output=True, text=True, check=False, cwd=home,
        env={"DVCQ_LANG": language, "PATH": "/usr/bin:/bin", "HOME": str(home)})


def test_completion_is_installed_with_vietnamese_messages(tmp_path: Path) -> None:
    (tmp_path / ".bashrc").write_text("# the user's own\n", "utf-8")
    result = run_dvcq("bash", "--install-completion", tmp_path)
    script = tmp_path / ".bash_completions" / "dvcq.sh"
    assert (result.stdout, result.stderr) == (
        f"đã cài tính năng tự hoàn thành lệnh cho bash vào {script}\n"
        "tính năng có hiệu lực từ cửa sổ dòng lệnh mở sau\nexit=0\n", "")
    assert "_DVCQ_COMPLETE=complete_bash" in script.read_text("utf-8")
    assert (tmp_path / ".bashrc").read_text("utf-8") == (
        f"# the user's own\n\nsource '{script}'\n")
    english = run_dvcq("bash", "--install-completion", tmp_path, language="en")
    assert english.stdout == (f"completion for bash installed in {script}\n"
                              "it takes effect in the next terminal you open\nexit=0\n")
    assert (tmp_path / ".bashrc").read_text("utf-8").count("source") == 1


def test_completion_script_is_shown(tmp_path: Path) -> None:
    result = run_dvcq("bash", "--show-completion", tmp_path)
    assert "complete -o default -F _dvcq_completion dvcq" in result.stdout
    assert result.stdout.endswith("\nexit=0\n")


@pytest.mark.parametrize("option", ["--show-completion", "--install-completion"])
def test_completion_in_a_shell_it_cannot_serve(option: str, tmp_path: Path) -> None:
    result = run_dvcq("sh", option, tmp_path)
    assert (result.stdout, result.stderr) == ("exit=2\n", (
        "Lỗi: không xác định được shell đang dùng (sh); tính năng tự hoàn thành lệnh dùng "
        "được trong bash, zsh, fish và PowerShell: hãy chạy lệnh này từ một trong các shell "
        "đó\n"))
    assert not english_in(result.stderr)
    assert list(tmp_path.iterdir()) == []
