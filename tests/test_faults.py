"""Faults while dvcq runs: a report that cannot be written, runs stopped by a signal, and two
reports written at once. After each, the previous report is intact (byte for byte) and no
temporary file is left beside it; the user reads one line, never a traceback."""

from __future__ import annotations

import ctypes
import errno
import gc
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, REPO, snapshot_files, write_tree
from docx import Document
from typer.testing import CliRunner

from dvcq_cli import atomic, cli
from dvcq_cli.cli import app

runner = CliRunner()
DEFAULT = Path("reports/2024-9m-bao-cao-dan-van-chinh-quyen.docx")
SUBJECT = "Kết quả thực hiện công tác Dân vận chính quyền 9 tháng năm 2024"
OLD = b"PK\x03\x04 the report signed last quarter"
INTERRUPTED = "Interrupted; no file was changed.\n"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example workspace (plan 294/KH-VP, 15 units, 6m and 9m)."""
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    return tmp_path


def with_old_report(root: Path, relative: Path = DEFAULT) -> Path:
    report = root / relative
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_bytes(OLD)
    return report


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(atomic.TEMP_PREFIX))


def invoke(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    """`dvcq report`, without the workspace's cache: the faults injected below (into `os`)
    are meant for the report's own write (the cache's: tests/test_cache.py)."""
    monkeypatch.chdir(folder)
    return runner.invoke(app, ["report", "-p", "9m", "--no-cache", *args])


def subject_in(path: Path) -> bool:
    return SUBJECT in [p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs]


def environment(language: str = "en") -> dict[str, str]:
    env = {**os.environ, "DVCQ_LANG": language}
    env.pop("GITHUB_ACTIONS", None)
    env.pop("DVCQ_DEBUG", None)
    return env


# ------------------------------------------------------------------------------ where to write
def test_missing_parent_folders_are_created(example: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(example, monkeypatch, "-o", "nop/2024/9-thang/bao-cao.docx")
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote nop/2024/9-thang/bao-cao.docx\n"
    written = example / "nop/2024/9-thang/bao-cao.docx"
    assert subject_in(written)
    assert sorted(p.name for p in written.parent.iterdir()) == ["bao-cao.docx"]


@pytest.mark.parametrize(("output", "in_the_way", "shown"), [
    ("ghi-chu.txt/bao-cao.docx", "ghi-chu.txt", "ghi-chu.txt/bao-cao.docx"),
    ("ghi-chu.txt/2024/bao-cao.docx", "ghi-chu.txt", "ghi-chu.txt/2024/bao-cao.docx"),
    (None, "reports", DEFAULT.as_posix()),
])
def test_a_parent_that_is_a_file_is_a_clear_error(example: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  output: str | None, in_the_way: str,
                                                  shown: str) -> None:
    (example / in_the_way).write_bytes(b"a file, not a folder")
    before = snapshot_files(example)
    result = invoke(example, monkeypatch, *(["-o", output] if output else []))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (f"Error: cannot write {shown}: {in_the_way} is a file, "
                             "not a folder\n")
    assert snapshot_files(example) == before


def test_output_naming_a_folder_writes_the_default_name_inside(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (example / "nop.docx").mkdir()
    result = invoke(example, monkeypatch, "-o", "nop.docx")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote nop.docx/{DEFAULT.name}\n"
    assert subject_in(example / "nop.docx" / DEFAULT.name)


def test_a_folder_where_the_report_goes(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = example / DEFAULT
    folder.mkdir(parents=True)
    (folder / "ghi-chu.txt").write_bytes(b"kept")
    result = invoke(example, monkeypatch)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: cannot write {DEFAULT.as_posix()}: Is a directory\n"
    assert sorted(p.name for p in folder.iterdir()) == ["ghi-chu.txt"]
    assert (folder / "ghi-chu.txt").read_bytes() == b"kept"
    assert leftovers(folder.parent) == []


# ------------------------------------------------------------------------------ read-only
def _drop_root_powers() -> None:
    """In the child: give up the capabilities that let root ignore file permissions
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), as tests/test_bad_inputs.py does."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run_unprivileged(root: Path, args: list[str], language: str) -> subprocess.CompletedProcess:
    """`python -m dvcq_cli ARGS` in a child process that file permissions really bind."""
    as_root = os.geteuid() == 0
    if as_root and sys.platform != "linux":
        pytest.skip("running as root, which writes anywhere; only Linux lets the test drop that")
    try:
        return subprocess.run(
            [sys.executable, "-m", "dvcq_cli", *args], cwd=root, env=environment(language),
            preexec_fn=_drop_root_powers if as_root else None,  # noqa: PLW1509
            capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        # A subclass of SubprocessError: a dvcq that hangs fails, it is never skipped.
        pytest.fail("dvcq did not finish in 120 s")
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"running as root, and cannot give up root's file capabilities: {error}")


@pytest.fixture
def read_only(example: Path) -> Iterator[Path]:
    """reports/ holds last quarter's report and is read-only (mode 0555)."""
    if os.name != "posix":
        pytest.skip("folder permissions are POSIX modes")
    report = with_old_report(example)
    report.parent.chmod(0o555)
    yield report.parent
    report.parent.chmod(0o755)


@pytest.mark.parametrize(("language", "expected"), [
    ("en", f"Error: cannot write {DEFAULT.as_posix()}: Permission denied\n"),
    ("vi", f"Lỗi: không ghi được {DEFAULT.as_posix()}: không có quyền truy cập\n"),
], ids=["en", "vi"])
def test_a_read_only_folder(example: Path, read_only: Path, language: str,
                            expected: str) -> None:
    done = run_unprivileged(example, ["report", "-p", "9m"], language)
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert done.stderr == expected
    assert (example / DEFAULT).read_bytes() == OLD
    assert sorted(p.name for p in read_only.iterdir()) == [DEFAULT.name]


def test_a_new_folder_inside_a_read_only_one(example: Path, read_only: Path) -> None:
    done = run_unprivileged(example, ["report", "-p", "9m", "-o", "reports/nop/bc.docx"], "en")
    assert done.returncode == 1, done.stderr
    assert done.stderr == "Error: cannot write reports/nop/bc.docx: Permission denied\n"
    assert sorted(p.name for p in read_only.iterdir()) == [DEFAULT.name]


# ------------------------------------------------------------------------------ full disk
class FillsUp:
    """A file object that writes half of what it is given, then finds the disk full."""

    def __init__(self, handle: Any, sizes: list[int]) -> None:
        self.handle, self.sizes = handle, sizes

    def __enter__(self) -> FillsUp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[:len(data) // 2])
        self.handle.flush()
        self.sizes.append(os.fstat(self.handle.fileno()).st_size)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self) -> None:
        self.handle.flush()

    def fileno(self) -> int:
        return int(self.handle.fileno())


@pytest.mark.parametrize("where", ["write", "fsync"])
def test_disk_full_midway_keeps_the_old_report(example: Path, monkeypatch: pytest.MonkeyPatch,
                                               where: str) -> None:
    report = with_old_report(example)
    sizes: list[int] = []
    if where == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(atomic.os, "fdopen",
                            lambda fd, mode: FillsUp(real_fdopen(fd, mode), sizes))
    else:
        def fsync(fd: int) -> None:  # the delayed allocation fails when the data is flushed
            sizes.append(os.fstat(fd).st_size)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(atomic.os, "fsync", fsync)
    result = invoke(example, monkeypatch)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (f"Error: cannot write {DEFAULT.as_posix()}: "
                             "No space left on device\n")
    assert len(sizes) == 1 and sizes[0] > 1000  # a partial temporary file really existed
    assert report.read_bytes() == OLD
    assert leftovers(report.parent) == []


# ------------------------------------------------------------------------------ signals
@pytest.fixture
def signal_handlers() -> Iterator[None]:
    """cli.main() installs handlers for SIGINT and SIGTERM: put pytest's back afterwards."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


def run_main(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """cli.main() in this process (as the `dvcq` command runs it); its exit code. main()
    turns the cyclic garbage collector off for the life of the process, and freezes what is
    alive as it ends: both undone after."""
    monkeypatch.setattr(sys, "argv", ["dvcq", *args])
    monkeypatch.chdir(folder)
    try:
        with pytest.raises(SystemExit) as stopped:
            cli.main()
    finally:
        gc.unfreeze()
        gc.enable()
    assert isinstance(stopped.value.code, int)
    return stopped.value.code


def test_the_dvcq_process_runs_without_the_cyclic_collector(
        monkeypatch: pytest.MonkeyPatch, signal_handlers: None) -> None:
    """Nor does the collection the interpreter makes as it exits go through dvcq's objects:
    main() freezes them as it ends."""
    monkeypatch.setattr(sys, "argv", ["dvcq", "--version"])
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit):
            cli.main()
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


HOLDS_SIGNALS = pytest.mark.skipif(
    not hasattr(signal, "pthread_sigmask"),
    reason="no signal masks on this platform (Windows): a signal cannot be held back")


@HOLDS_SIGNALS
def test_a_second_signal_while_cleaning_up(example: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str],
                                           signal_handlers: None) -> None:
    """SIGTERM arrives while the report replaces the old one, then Ctrl-C while the temporary
    file is being removed: the removal still happens, and the user reads one line."""
    report = with_old_report(example)
    real_unlink = Path.unlink
    seen: list[str] = []

    def replace(source: object, target: object) -> None:
        signal.raise_signal(signal.SIGTERM)

    def unlink(path: Path, missing_ok: bool = False) -> None:
        if path.name.startswith(atomic.TEMP_PREFIX):
            seen.append(path.name)
            signal.raise_signal(signal.SIGINT)
        real_unlink(path, missing_ok)

    monkeypatch.setattr(atomic.os, "replace", replace)
    monkeypatch.setattr(Path, "unlink", unlink)
    code = run_main(example, monkeypatch, "report", "-p", "9m", "--no-cache")
    assert code == 128 + signal.SIGINT  # the last signal names the exit code
    assert len(seen) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", INTERRUPTED)
    assert report.read_bytes() == OLD
    assert leftovers(report.parent) == []


@HOLDS_SIGNALS
def test_a_signal_while_the_temporary_file_is_made(example: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str],
                                                   signal_handlers: None) -> None:
    """Ctrl-C just as the temporary file is created: it is known, so it is removed."""
    report = with_old_report(example)
    real_mkstemp = atomic.tempfile.mkstemp

    def mkstemp(**kwargs: Any) -> tuple[int, str]:
        made = real_mkstemp(**kwargs)
        signal.raise_signal(signal.SIGINT)
        return made

    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)
    assert run_main(example, monkeypatch, "report", "-p", "9m", "--no-cache") == \
        128 + signal.SIGINT
    assert capsys.readouterr().err == INTERRUPTED
    assert report.read_bytes() == OLD
    assert leftovers(report.parent) == []


def test_a_second_signal_while_the_message_is_printed(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str],
                                                      signal_handlers: None,
                                                      tmp_path: Path) -> None:
    real_echo = cli.typer.echo
    calls: list[object] = []

    def echo(message: object = None, *args: Any, **kwargs: Any) -> None:
        calls.append(message)
        if len(calls) == 1:
            signal.raise_signal(signal.SIGTERM)  # Ctrl-C, then SIGTERM from a timeout
        real_echo(message, *args, **kwargs)

    def check(*args: object, **kwargs: object) -> None:
        signal.raise_signal(signal.SIGINT)

    from dvcq_cli.commands import check_command

    monkeypatch.setattr(check_command, "run", check)
    monkeypatch.setattr(cli.typer, "echo", echo)
    assert run_main(tmp_path, monkeypatch, "check") == 128 + signal.SIGINT
    assert capsys.readouterr().err == INTERRUPTED
    assert calls == [INTERRUPTED.strip()]


@HOLDS_SIGNALS
def test_a_signal_while_a_class_is_made_is_an_interrupt_not_an_internal_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        signal_handlers: None) -> None:
    """Found by the signal tests: SIGTERM arrived while `dvcq report` imported its module, in
    the middle of making a dataclass; Python wraps what the handler raises there in a
    RuntimeError ('Error calling __set_name__'), which came out as an internal error."""

    class SignalledWhileNamed:
        def __set_name__(self, owner: type, name: str) -> None:
            signal.raise_signal(signal.SIGTERM)

    def check(*args: object, **kwargs: object) -> None:
        type("MadeWhileImporting", (), {"field": SignalledWhileNamed()})

    from dvcq_cli.commands import check_command

    monkeypatch.setattr(check_command, "run", check)
    assert run_main(tmp_path, monkeypatch, "check") == 128 + signal.SIGTERM
    assert capsys.readouterr().err == INTERRUPTED


REPORT_6M = Path("reports/2025-6m-bao-cao-dan-van-chinh-quyen.docx")
COMMANDS = {
    "check": ["check", "--format", "text"],
    "status": ["status", "--period", "6m", "--format", "text"],
    "report": ["report", "--period", "6m", "--date", "2025-06-20"],
}


def big_workspace(root: Path, units: int) -> Path:
    """The mini plan with `units` units, each with its self-assessment for 6m: a workspace
    that keeps dvcq busy for a while (2,000 units: about half a second of `dvcq check`)."""
    listed = "".join(f"  - {{id: dv{n:05d}, name: Đơn vị số {n}}}\n" for n in range(1, units))
    start = MINI_PLAN.index("units:\n") + len("units:\n")
    end = MINI_PLAN.index("indicators:\n")
    plan = (MINI_PLAN[:start] + "  - {id: vp, name: Văn phòng Sở}\n" + listed
            + MINI_PLAN[end:])
    files: dict[str, str | bytes] = {
        "plans/2025/plan.yaml": plan,
        "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
        REPORT_6M.as_posix(): OLD,
    }
    for n in range(1, units):
        files[f"plans/2025/6m/dv{n:05d}.yaml"] = MINI_ASSESSMENT.format(unit=f"dv{n:05d}")
    return write_tree(root, files)


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory: pytest.TempPathFactory) -> Any:
    if not Path("/proc/self/status").is_file():
        pytest.skip("needs Linux /proc to see when dvcq is at work")
    made: dict[int, Path] = {}

    def get(units: int) -> Path:
        if units not in made:
            made[units] = big_workspace(tmp_path_factory.mktemp(f"units-{units}"), units)
        return made[units]
    return get


def _proc(pid: int, name: str) -> str:
    return (Path("/proc") / str(pid) / name).read_text()


def handlers_installed(pid: int) -> bool:
    """dvcq's handlers are in place: the kernel lists SIGTERM among the caught signals
    (Python itself catches only SIGINT until cli.main() runs)."""
    for line in _proc(pid, "status").splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGTERM - 1)))
    return False


def cpu_seconds(pid: int) -> float:
    fields = _proc(pid, "stat").rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def signalled_run(root: Path, args: list[str], number: int | None, after_cpu: float
                  ) -> tuple[int, str, str, float] | None:
    """Start dvcq in a process group of its own, wait until it is at work (handlers
    installed, then `after_cpu` seconds of its own CPU used), send it the signal (none if
    `number` is None) and wait for the end: exit code, stdout, stderr and the most CPU seen.
    None if dvcq finished before the signal. Nothing it started (workers checking files in
    parallel) may outlive it."""
    child = subprocess.Popen([sys.executable, "-m", "dvcq_cli", *args], cwd=root,
                             env=environment(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    used = 0.0
    try:
        deadline = time.monotonic() + 60
        while child.poll() is None and time.monotonic() < deadline:
            try:
                used = max(used, cpu_seconds(child.pid))
                if (number is not None and handlers_installed(child.pid)
                        and used >= after_cpu):
                    break
            except (OSError, ValueError, IndexError):
                pass  # the process is just ending
            time.sleep(0.005)
        if number is None or child.poll() is not None:
            stdout, stderr = child.communicate(timeout=60)
            if number is not None:
                return None
        else:
            child.send_signal(number)
            stdout, stderr = child.communicate(timeout=60)
        deadline = time.monotonic() + 10
        while group_alive(child.pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not group_alive(child.pid), "dvcq left processes running"
    finally:
        if group_alive(child.pid):
            os.killpg(child.pid, signal.SIGKILL)
        if child.poll() is None:
            child.communicate(timeout=60)
    if number is not None and child.returncode == 0:
        return None  # the signal came as the process was already exiting
    return child.returncode, stdout, stderr, used


def interrupt(workspaces: Any, command: str, number: int, after_cpu: float = 0.0
              ) -> tuple[Path, tuple[int, str, str, float]]:
    """Interrupt `command`; on a workspace twice as large each time it finished first."""
    for units in (2000, 4000, 8000):
        root = workspaces(units)
        (root / REPORT_6M).write_bytes(OLD)
        # No cache left by a run before: the command reads the workspace when the signal
        # comes (a warm run of a few thousand files is over about as soon as it starts).
        shutil.rmtree(root / ".dvcq-cache", ignore_errors=True)
        outcome = signalled_run(root, COMMANDS[command], number, after_cpu)
        if outcome is not None:
            return root, outcome
    pytest.fail(f"dvcq {command} always finished before the signal, even on 8,000 units")


def assert_stopped_cleanly(root: Path, outcome: tuple[int, str, str, float], number: int
                           ) -> None:
    code, stdout, stderr, _cpu = outcome
    assert code == 128 + number, stderr
    assert "Traceback" not in stderr
    assert (stdout, stderr) == ("", INTERRUPTED)
    assert (root / REPORT_6M).read_bytes() == OLD
    assert sorted(p.name for p in (root / "reports").iterdir()) == [REPORT_6M.name]


@pytest.mark.parametrize("command", ["check", "status", "report"])
@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_a_command_with_one_line(workspaces: Any, command: str,
                                                number: int) -> None:
    """The signal comes once dvcq has started up (0.12 s of CPU: Python and its imports take
    about 0.1 s) and is reading the workspace."""
    root, outcome = interrupt(workspaces, command, number, after_cpu=0.12)
    assert_stopped_cleanly(root, outcome, number)


def test_a_signal_late_in_the_report(workspaces: Any) -> None:
    """SIGTERM (what a CI timeout or a service manager sends) comes when the workspace is
    checked and the Word file is being filled: at half the CPU time of a whole run."""
    root = workspaces(2000)
    whole = signalled_run(root, [*COMMANDS["report"], "-o", "full.docx"], None, 0.0)
    assert whole is not None and whole[0] == 0, whole
    root, outcome = interrupt(workspaces, "report", signal.SIGTERM, after_cpu=0.5 * whole[3])
    assert_stopped_cleanly(root, outcome, signal.SIGTERM)


# ------------------------------------------------------------------------------ two at once
def test_two_reports_at_once_on_the_same_path(example: Path) -> None:
    args = [sys.executable, "-m", "dvcq_cli", "report", "-p", "9m", "-o", "nop/bc.docx"]
    single = subprocess.run([*args[:-1], "mot-minh.docx"], cwd=example, env=environment(),
                            capture_output=True, text=True, timeout=120, check=False)
    assert single.returncode == 0, single.stderr
    expected = (example / "mot-minh.docx").read_bytes()
    children = [subprocess.Popen(args, cwd=example, env=environment(), stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    assert outputs == [("wrote nop/bc.docx\n", "")] * 2
    written = example / "nop/bc.docx"
    assert written.read_bytes() == expected
    assert subject_in(written)
    assert sorted(p.name for p in written.parent.iterdir()) == ["bc.docx"]
