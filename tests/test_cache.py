"""The workspace's cache (.dvcq-cache/): used, and never stale.

Every test compares a cached run with `--no-cache` (the truth) after some change, and most
also prove that the cache was really used, so that no test passes because the cache was
silently off. Runs are made to look later than the edits before them (`later`), as they are
in real use: a file whose times are within a few seconds of a run is always read again
(git's racy-clean rule), which would otherwise hide every use of the stat index.
"""

from __future__ import annotations

import errno
import os
import pickle
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE_PLANS, MINI_ASSESSMENT, MINI_PLAN, write_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dvcq_cli import cache, check, check_cache
from dvcq_cli.cli import app
from dvcq_cli.workspace import FileEntry

runner = CliRunner()
TCCB = "plans/2025/6m/tccb.yaml"
LATER = 60 * 1_000_000_000  # a minute after the edits


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs happen a minute after the last edit, so unchanged files are known by their stat."""
    monkeypatch.setattr(cache, "clock", lambda: cache.time.time_ns() + LATER)


def dvcq(workspace: Path, *args: str) -> tuple[int, str]:
    previous = os.getcwd()
    os.chdir(workspace)
    try:
        result = runner.invoke(app, list(args))
    finally:
        os.chdir(previous)
    return result.exit_code, result.output


def both(workspace: Path, *args: str) -> tuple[int, str]:
    """The command's result with the cache, after checking it is what --no-cache gives."""
    cached = dvcq(workspace, *args)
    assert cached == dvcq(workspace, *args, "--no-cache")
    return cached


class Reads:
    """Counts the files checked (each assessment and plan built from its bytes)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        for name in ("load_assessment", "load_plan"):
            original = getattr(check, name)

            def counting(entry, *args, original=original, **kwargs):  # type: ignore[no-untyped-def]
                self.paths.append(entry.display)
                return original(entry, *args, **kwargs)

            monkeypatch.setattr(check, name, counting)

    def take(self) -> list[str]:
        paths, self.paths = sorted(self.paths), []
        return paths


def edit(path: Path, old: str, new: str, keep_times: bool = False) -> None:
    info = path.stat()
    data = path.read_bytes()
    assert old.encode() in data
    path.write_bytes(data.replace(old.encode(), new.encode(), 1))
    if keep_times:
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
        assert (path.stat().st_size, path.stat().st_mtime_ns) == (info.st_size,
                                                                 info.st_mtime_ns)


def test_a_warm_run_checks_nothing_and_one_change_checks_one_file(
        mini_workspace: Path, later: None, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = Reads(monkeypatch)
    first = dvcq(mini_workspace, "check")
    assert first == (0, "3 file(s) checked: no problems\n")
    assert reads.take() == ["plans/2025/6m/tccb.yaml", "plans/2025/6m/vp.yaml",
                            "plans/2025/plan.yaml"]
    assert dvcq(mini_workspace, "check") == first
    assert reads.take() == []
    edit(mini_workspace / TCCB, "qcdc: tot", "qcdc: kha")
    assert dvcq(mini_workspace, "check") == first
    assert reads.take() == [TCCB]
    assert dvcq(mini_workspace, "check", "--no-cache") == first
    assert reads.take() == ["plans/2025/6m/tccb.yaml", "plans/2025/6m/vp.yaml",
                            "plans/2025/plan.yaml"]


def test_an_edit_that_keeps_size_and_modification_time_is_seen(
        mini_workspace: Path, later: None) -> None:
    assert dvcq(mini_workspace, "check")[0] == 0
    edit(mini_workspace / TCCB, "qcdc: tot", "qcdc: tox", keep_times=True)
    assert both(mini_workspace, "check") == (1, (
        "plans/2025/6m/tccb.yaml:6:9: error: 'tox' is not one of: tot, kha, yeu; did you "
        "mean 'tot'? (choice-invalid)\n3 file(s) checked: 1 error(s), 0 warning(s)\n"))


def test_a_file_changed_in_the_same_clock_tick_as_the_last_look_is_read_again(
        tmp_path: Path) -> None:
    """Git's racy-clean rule: a file written within the margin before the last run's stat
    may change again without its size, times or inode changing; it is never believed."""
    store = cache.Store(tmp_path, b"k" * 32, 10**6)
    table = cache.Table(store, "t")
    seen = (10, table.taken - 1, table.taken - 1, 7)
    row = (*seen, b"digest", None, (), None)
    table.keep("a.yaml", row, True)
    table.save()
    again = cache.Table(store, "t")
    assert not again.believed(again.rows["a.yaml"], seen)
    old = (10, table.taken - cache.RACY_MARGIN_NS - 1, table.taken - cache.RACY_MARGIN_NS - 1, 7)
    assert again.believed((*old, b"digest", None, (), None), old)
    assert not again.believed((*old, b"digest", None, (), None), (11, *old[1:]))


def test_a_changed_plan_is_seen(mini_workspace: Path, later: None,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    assert dvcq(mini_workspace, "check")[0] == 0
    reads = Reads(monkeypatch)
    plan = mini_workspace / "plans/2025/plan.yaml"
    edit(plan, "{id: tccb, name:", "{id: tccc, name:")
    code, output = both(mini_workspace, "check")
    assert code == 1
    assert output.startswith("plans/2025/6m/tccb.yaml:1:7: error: unknown unit 'tccb'")
    reads.take()
    edit(plan, "{id: tccc, name:", "{id: tccb, name:")
    assert dvcq(mini_workspace, "check") == (0, "3 file(s) checked: no problems\n")
    assert reads.take() == ["plans/2025/6m/tccb.yaml", "plans/2025/6m/vp.yaml",
                            "plans/2025/plan.yaml"]


def test_renamed_and_deleted_files_are_seen(mini_workspace: Path, later: None) -> None:
    assert dvcq(mini_workspace, "check")[0] == 0
    (mini_workspace / TCCB).rename(mini_workspace / "plans/2025/6m/ccvt.yaml")
    code, output = both(mini_workspace, "check")
    assert code == 1
    assert output.startswith("plans/2025/6m/ccvt.yaml:1:7: error: ")
    assert "(path-mismatch)" in output
    (mini_workspace / "plans/2025/6m/ccvt.yaml").unlink()
    assert both(mini_workspace, "check") == (0, "2 file(s) checked: no problems\n")
    code, output = both(mini_workspace, "status", "-p", "6m", "-f", "json")
    assert code == 0 and '"missing": 2,' in output


def test_a_file_moved_over_another_is_seen(mini_workspace: Path, later: None) -> None:
    """A rename keeps the inode, size and times of the file moved: only the path changes."""
    assert dvcq(mini_workspace, "check")[0] == 0
    edit(mini_workspace / "plans/2025/6m/vp.yaml", "qcdc: tot", "qcdc: kha")
    assert dvcq(mini_workspace, "check")[0] == 0
    os.replace(mini_workspace / "plans/2025/6m/vp.yaml", mini_workspace / TCCB)
    code, output = both(mini_workspace, "check")
    assert code == 1 and "(path-mismatch)" in output


def packs(workspace: Path) -> list[Path]:
    found = sorted((workspace / cache.CACHE_DIR).glob("*" + cache.PACK_SUFFIX))
    assert found, "the run wrote no cache"
    return found


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "swap", "header"])
def test_a_damaged_cache_is_ignored(mini_workspace: Path, later: None, damage: str,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert dvcq(mini_workspace, "status", "-p", "6m")[0] == 0
    broken = dvcq(mini_workspace, "check")
    edit(mini_workspace / TCCB, "qcdc: tot", "qcdc: tox")
    expected = dvcq(mini_workspace, "check", "--no-cache")
    edit(mini_workspace / TCCB, "qcdc: tox", "qcdc: tot")
    assert dvcq(mini_workspace, "check") == broken
    for number, path in enumerate(packs(mini_workspace)):
        data = bytearray(path.read_bytes())
        if damage == "flip":
            data[len(data) // 2 + number % 3] ^= 0x40
        elif damage == "truncate":
            data = data[:len(data) - 7]
        elif damage == "empty":
            data = bytearray()
        elif damage == "header":
            data[len(cache._MAGIC) + 3] ^= 1
        path.write_bytes(bytes(data))
    if damage == "swap":  # each pack holds another's (valid) content
        files = packs(mini_workspace)
        contents = [path.read_bytes() for path in files]
        for path, content in zip(files, contents[1:] + contents[:1], strict=True):
            path.write_bytes(content)
    reads = Reads(monkeypatch)
    edit(mini_workspace / TCCB, "qcdc: tot", "qcdc: tox")
    assert dvcq(mini_workspace, "check") == expected
    assert reads.take() == ["plans/2025/6m/tccb.yaml", "plans/2025/6m/vp.yaml",
                            "plans/2025/plan.yaml"]
    assert dvcq(mini_workspace, "check") == expected  # and the cache works again
    assert reads.take() == []


def test_a_cache_from_another_user_or_machine_is_never_trusted(
        mini_workspace: Path, later: None, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Packs are unpickled only when they carry this user's keyed digest: a cache copied
    with a workspace, or planted in it, is ignored, and whatever it holds never runs."""
    assert dvcq(mini_workspace, "check")[0] == 0
    marker = tmp_path / "ran"

    class Planted:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (Path.touch, (marker,))

    for path in packs(mini_workspace):
        payload = pickle.dumps(Planted())
        path.write_bytes(cache._MAGIC + b"\0" * 32 + len(payload).to_bytes(8, "big")
                         + payload)
    reads = Reads(monkeypatch)
    assert dvcq(mini_workspace, "check") == (0, "3 file(s) checked: no problems\n")
    assert not marker.exists()
    assert len(reads.take()) == 3
    # The same workspace's cache, under another user's key: not used either.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    assert dvcq(mini_workspace, "check") == (0, "3 file(s) checked: no problems\n")
    assert len(reads.take()) == 3


def test_a_changed_option_or_language_is_another_context(
        mini_workspace: Path, later: None, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(mini_workspace / TCCB, "qcdc: tot", "qcdc: tox")
    english = both(mini_workspace, "check")
    vietnamese = both(mini_workspace, "--lang", "vi", "check")
    assert english != vietnamese and "không phải" in vietnamese[1]
    assert both(mini_workspace, "check") == english
    code, output = both(mini_workspace, "check", "--max-file-size", "100")
    assert code == 1 and output.count("(file-too-large)") == 3


def test_two_runs_at_once_never_corrupt_the_cache(mini_workspace: Path) -> None:
    for number in range(12):
        write_tree(mini_workspace, {f"plans/2025/6m/u{number:02}.yaml": MINI_ASSESSMENT.format(
            unit=f"u{number:02}")})
    expected = dvcq(mini_workspace, "check", "--no-cache")
    command = [sys.executable, "-m", "dvcq_cli", "check", "--jobs", "1"]
    for round_number in range(4):
        edit(mini_workspace / TCCB, f"qcdc: {'tot' if round_number % 2 == 0 else 'kha'}",
             f"qcdc: {'kha' if round_number % 2 == 0 else 'tot'}")
        runs = [subprocess.Popen(command, cwd=mini_workspace, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(3)]
        for run in runs:
            out, err = run.communicate(timeout=120)
            assert (run.returncode, err) == (1, "")
            assert out == expected[1]
    folder = mini_workspace / cache.CACHE_DIR
    assert not list(folder.glob("*.tmp")) and not list(folder.glob(".*.tmp"))
    store = cache.open_store(mini_workspace)
    assert store is not None
    for path in packs(mini_workspace):
        assert store.read(path.name.removesuffix(cache.PACK_SUFFIX)) is not None
    assert dvcq(mini_workspace, "check") == expected


def test_the_cache_stays_within_its_size_bound(
        mini_workspace: Path, later: None, monkeypatch: pytest.MonkeyPatch) -> None:
    for number in range(30):
        write_tree(mini_workspace, {f"plans/2025/6m/u{number:02}.yaml": MINI_ASSESSMENT.format(
            unit=f"u{number:02}")})
    assert dvcq(mini_workspace, "status", "-p", "6m")[0] == 1
    full = sum(path.stat().st_size for path in packs(mini_workspace))
    shutil.rmtree(mini_workspace / cache.CACHE_DIR)
    limit = full // 2
    monkeypatch.setenv(cache.MAX_BYTES_VARIABLE, str(limit / 1024 / 1024))
    for period in ("6m", "q3"):
        both(mini_workspace, "status", "-p", period)
        both(mini_workspace, "check")
        total = sum(path.stat().st_size for path in
                    (mini_workspace / cache.CACHE_DIR).glob("*" + cache.PACK_SUFFIX))
        assert 0 < total <= limit
    monkeypatch.setenv(cache.MAX_BYTES_VARIABLE, "0")
    both(mini_workspace, "check")
    assert not list((mini_workspace / cache.CACHE_DIR).glob("*" + cache.PACK_SUFFIX))


@pytest.mark.parametrize("fault", ["disk full", "read-only"])
def test_a_cache_that_cannot_be_written_changes_nothing(
        mini_workspace: Path, monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    expected = dvcq(mini_workspace, "check", "--no-cache")
    real_open = os.open

    def failing_open(path, flags, mode=0o777, **kwargs):  # type: ignore[no-untyped-def]
        if cache.CACHE_DIR in str(path):
            code = errno.ENOSPC if fault == "disk full" else errno.EROFS
            raise OSError(code, os.strerror(code))
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(cache.os, "open", failing_open)
    assert dvcq(mini_workspace, "check") == expected
    edit(mini_workspace / TCCB, "qcdc: tot", "qcdc: tox")
    monkeypatch.undo()
    assert both(mini_workspace, "check")[0] == 1
    assert not list((mini_workspace / cache.CACHE_DIR).glob(".*.tmp"))


def test_without_a_home_folder_there_is_no_cache(
        mini_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("LOCALAPPDATA", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(cache.Path, "home", staticmethod(no_home))
    assert dvcq(mini_workspace, "check") == (0, "3 file(s) checked: no problems\n")
    assert not (mini_workspace / cache.CACHE_DIR).exists()


def test_no_cache_neither_reads_nor_writes_it(mini_workspace: Path) -> None:
    for command in (["check"], ["status", "-p", "6m"]):
        dvcq(mini_workspace, *command, "--no-cache")
    assert not (mini_workspace / cache.CACHE_DIR).exists()


def test_the_cache_folder_keeps_itself_out_of_git(mini_workspace: Path) -> None:
    dvcq(mini_workspace, "check")
    folder = mini_workspace / cache.CACHE_DIR
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")


def test_cache_clear_and_info(mini_workspace: Path, later: None,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert dvcq(mini_workspace, "check")[0] == 0
    code, output = dvcq(mini_workspace, "cache", "info")
    assert code == 0
    size = sum(path.stat().st_size for path in packs(mini_workspace))
    kilobytes = max(1, round(size / 1024))
    assert output == (f".dvcq-cache: 3 file(s), {kilobytes} KB; limit 512 MB (set "
                      "DVCQ_CACHE_MAX_MB in megabytes to change it)\n")
    monkeypatch.setenv(cache.MAX_BYTES_VARIABLE, "1.5")
    assert dvcq(mini_workspace, "--lang", "vi", "cache", "info")[1] == (
        f".dvcq-cache: 3 tệp, {kilobytes} KB; giới hạn 1,5 MB (đặt DVCQ_CACHE_MAX_MB, tính "
        "bằng megabyte, để đổi)\n")
    code, output = dvcq(mini_workspace, "cache", "clear")
    assert (code, output) == (0, f"emptied .dvcq-cache: {kilobytes} KB freed\n")
    assert dvcq(mini_workspace, "cache", "info")[1].startswith(".dvcq-cache: 0 file(s), 0 KB")
    reads = Reads(monkeypatch)
    assert dvcq(mini_workspace, "check")[0] == 0
    assert len(reads.take()) == 3
    assert dvcq(mini_workspace.parent, "cache", "clear")[0] == 2


def test_status_and_report_after_edits(mini_workspace: Path, later: None, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    both(mini_workspace, "status", "-p", "6m", "-f", "text")
    reads = Reads(monkeypatch)
    assert dvcq(mini_workspace, "status", "-p", "6m", "-f", "json")[0] == 0
    assert reads.take() == []
    edit(mini_workspace / TCCB, "dan_van_kheo: true", "dan_van_kheo: fals")
    for view in ("text", "json"):
        code, output = both(mini_workspace, "status", "-p", "6m", "-f", view)
        assert code == 1 and "tccb.yaml" in output
    edit(mini_workspace / TCCB, "dan_van_kheo: fals", "dan_van_kheo: false")
    for view in ("text", "json"):
        assert both(mini_workspace, "status", "-p", "6m", "-f", view)[0] == 0
    reports = []
    for flag in ((), ("--no-cache",)):
        target = tmp_path / f"report{len(reports)}.docx"
        code, _output = dvcq(mini_workspace, "report", "-p", "6m", "--date", "2025-07-01",
                             "-o", str(target), *flag)
        assert code == 0
        with zipfile.ZipFile(target) as document:
            reports.append(document.read("word/document.xml"))
    assert reports[0] == reports[1]
    assert "Phòng Tổ chức cán bộ".encode() in reports[0]


# ------------------------------------------------------------------------ the property

UNITS = ("vp", "tccb", "ccvt")
EDITS = st.one_of(
    st.tuples(st.just("value"), st.sampled_from(UNITS),
              st.sampled_from(["qcdc: tot", "qcdc: kha", "qcdc: tox", "qcdc: yeu"])),
    st.tuples(st.just("same-size"), st.sampled_from(UNITS),
              st.sampled_from(["qcdc: tot", "qcdc: kha", "qcdc: tox", "qcdc: yeu"])),
    st.tuples(st.just("write"), st.sampled_from(UNITS), st.sampled_from(["6m", "q3"])),
    st.tuples(st.just("delete"), st.sampled_from(UNITS), st.sampled_from(["6m", "q3"])),
    st.tuples(st.just("rename"), st.sampled_from(UNITS), st.sampled_from(UNITS)),
    st.tuples(st.just("plan"), st.sampled_from(["tccb", "tccc"]), st.just("")),
    st.tuples(st.just("garble"), st.sampled_from(UNITS), st.just("")),
)


def apply(workspace: Path, change: tuple[str, str, str]) -> None:
    kind, first, second = change
    folder = workspace / "plans/2025/6m"
    path = folder / f"{first}.yaml"
    if kind in ("value", "same-size"):
        if path.exists():
            text = path.read_bytes().decode("utf-8", errors="replace")  # a garbled file too
            for old in ("qcdc: tot", "qcdc: kha", "qcdc: tox", "qcdc: yeu"):
                if old in text:
                    edit(path, old, second, keep_times=kind == "same-size")
                    break
    elif kind == "write":
        target = workspace / f"plans/2025/{second}/{first}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(MINI_ASSESSMENT.format(unit=first).replace("period: 6m",
                                                                      f"period: {second}"),
                          encoding="utf-8")
    elif kind == "delete":
        target = workspace / f"plans/2025/{second}/{first}.yaml"
        if target.exists():
            target.unlink()
    elif kind == "rename":
        if path.exists():
            os.replace(path, folder / f"{second}.yaml")
    elif kind == "plan":
        plan = workspace / "plans/2025/plan.yaml"
        text = plan.read_text(encoding="utf-8")
        old = "{id: tccc," if "{id: tccc," in text else "{id: tccb,"
        edit(plan, old, f"{{id: {first},")
    elif kind == "garble" and path.exists():
        path.write_bytes(path.read_bytes()[:-9] + b"\xff: [\n")


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(EDITS, min_size=1, max_size=6), stat_believed=st.booleans())
def test_a_cached_run_prints_what_an_uncached_run_prints(
        tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
        changes: list[tuple[str, str, str]], stat_believed: bool) -> None:
    workspace = write_tree(tmp_path_factory.mktemp("ws"), {
        "plans/2025/plan.yaml": MINI_PLAN,
        "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
        "plans/2025/6m/tccb.yaml": MINI_ASSESSMENT.format(unit="tccb"),
        # Files no edit touches: a folder of a dozen, whose table takes a few changed rows
        # in its journal.
        **{f"plans/2025/6m/u{number}.yaml": MINI_ASSESSMENT.format(unit=f"u{number}")
           for number in range(10)},
    })
    with monkeypatch.context() as patch:
        if stat_believed:  # as if each run came long after the edits before it
            patch.setattr(cache, "clock", lambda: cache.time.time_ns() + LATER)
        commands = (["check", "-f", "text"], ["status", "-p", "6m", "-f", "text"],
                    ["status", "-p", "q3", "-f", "json"])
        for command in commands:
            dvcq(workspace, *command)
        for change in changes:
            apply(workspace, change)
            for command in commands:
                assert dvcq(workspace, *command) == dvcq(workspace, *command, "--no-cache"), \
                    (change, command)


# ------------------------------------------------------------- the models, looked up late

class PackReads:
    """The names of the packs read, by kind (files, models, outputs)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.kinds: list[str] = []
        original = cache.Store.read

        def reading(store, name):  # type: ignore[no-untyped-def]
            self.kinds.append(name.split("-", 1)[0])
            return original(store, name)

        monkeypatch.setattr(cache.Store, "read", reading)

    def take(self) -> list[str]:
        kinds, self.kinds = sorted(set(self.kinds)), []
        return kinds


def test_a_status_printed_before_is_reused_without_reading_the_models(
        mini_workspace: Path, later: None, monkeypatch: pytest.MonkeyPatch) -> None:
    first = both(mini_workspace, "status", "-p", "6m", "-f", "text")
    packs = PackReads(monkeypatch)
    reads = Reads(monkeypatch)
    assert dvcq(mini_workspace, "status", "-p", "6m", "-f", "text") == first
    assert packs.take() == ["files", "listings", "outputs"]
    assert reads.take() == []
    # Another view is not printed yet: the models are read from their pack, no file checked.
    expected = dvcq(mini_workspace, "status", "-p", "6m", "-f", "json", "--no-cache")
    packs.take(), reads.take()
    assert dvcq(mini_workspace, "status", "-p", "6m", "-f", "json") == expected
    assert packs.take() == ["files", "listings", "models", "outputs"]
    assert reads.take() == []


def test_a_model_the_cache_lacks_is_made_again_from_its_file(
        mini_workspace: Path, later: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """`dvcq check` keeps no models: the status after it finds the facts of the changed file
    in the cache, but its model only in the file, which it checks again (that file only)."""
    both(mini_workspace, "status", "-p", "6m", "-f", "text")
    edit(mini_workspace / TCCB, "dan_van_kheo: true", "dan_van_kheo: false")
    reads = Reads(monkeypatch)
    assert dvcq(mini_workspace, "check")[0] == 0
    assert reads.take() == [TCCB]
    expected = dvcq(mini_workspace, "status", "-p", "6m", "-f", "text", "--no-cache")
    reads.take()
    assert dvcq(mini_workspace, "status", "-p", "6m", "-f", "text") == expected
    assert reads.take() == [TCCB]
    # Made again, the model is kept: the next view needs no file.
    assert dvcq(mini_workspace, "status", "-p", "6m", "-f", "json")[0] == 0
    assert reads.take() == []


def test_a_file_changed_while_its_model_is_looked_up_is_read_again(
        mini_workspace: Path, later: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Between the stat that vouched for a file's outcome and the reading of its model, the
    file changes: its outcome is no longer its bytes', so the whole status is read again."""
    assert dvcq(mini_workspace, "check")[0] == 0  # facts cached, no model
    original = check_cache.RunCache.outputs

    def outputs_then_edit(run):  # type: ignore[no-untyped-def]
        if (mini_workspace / TCCB).read_text(encoding="utf-8").count("dan_van_kheo: true"):
            edit(mini_workspace / TCCB, "dan_van_kheo: true", "dan_van_kheo: fals")
        return original(run)

    monkeypatch.setattr(check_cache.RunCache, "outputs", outputs_then_edit)
    code, output = dvcq(mini_workspace, "status", "-p", "6m", "-f", "text")
    monkeypatch.setattr(check_cache.RunCache, "outputs", original)
    assert (code, output) == dvcq(mini_workspace, "status", "-p", "6m", "-f", "text",
                                  "--no-cache")
    assert code == 1 and "tccb.yaml" in output


def test_the_stats_of_a_folder_are_those_of_each_file(tmp_path: Path) -> None:
    """One pass over a folder's stats gives what a stat per file gives, also when a file is
    gone or is not a regular file."""
    (tmp_path / "a.yaml").write_text("a: 1\n")
    (tmp_path / "b.yaml").mkdir()
    paths = [str(tmp_path / name) for name in ("a.yaml", "b.yaml", "gone.yaml")]
    for chosen in (paths[:1], paths[:2], paths):
        found = cache.regular_stats(chosen)
        assert found == [cache.regular_stat(path) for path in chosen]
    assert cache.regular_stats(paths)[0] is not None
    assert cache.regular_stats(paths)[1:] == [None, None]
    # Packed as a table keeps them, only when every file is a regular one.
    assert cache.packed_stats(paths[:1]) == cache._PACKED.pack(*cache.regular_stat(paths[0]))
    assert cache.packed_stats(paths[:2]) is None
    assert cache.packed_stats(paths) is None


def test_a_table_finds_its_rows_by_path_however_many_are_looked_up(tmp_path: Path) -> None:
    """The first few look-ups search the list of paths, the next ones a dict: the same
    rows, and None for a path the table does not have."""
    store = cache.Store(tmp_path, b"k" * 32, 10**6)
    table = cache.Table(store, "t")
    names = [f"u{number:02}.yaml" for number in range(40)]
    for number, name in enumerate(names):
        table.keep(name, (number, 1, 1, number, b"digest", None, (), None), True)
    table.save()
    again = cache.Table(store, "t")
    for _ in range(2):
        for number, name in enumerate(names):
            assert again.index(name) == number
            assert again.row(name)[0] == number  # type: ignore[index]
        assert again.index("missing.yaml") is None
    assert again._index is not None  # a dict by now


class Listed:
    """The folders under plans/ that the scan lists (the others' listings were reused)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, workspace: Path) -> None:
        self.folders: list[str] = []
        original = os.scandir
        plans = os.fspath(workspace / "plans")

        def listing(path=".", *args, **kwargs):  # type: ignore[no-untyped-def]
            if os.fspath(path).startswith(plans):
                self.folders.append(Path(path).relative_to(workspace).as_posix())
            return original(path, *args, **kwargs)

        monkeypatch.setattr(os, "scandir", listing)

    def take(self) -> list[str]:
        folders, self.folders = sorted(self.folders), []
        return folders


def test_a_folder_is_listed_again_only_when_it_changed(
        mini_workspace: Path, later: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder's listing changes only with its own stat (an entry added, removed or
    renamed sets its times): an unchanged folder's listing is reused, never a changed one's."""
    listed = Listed(monkeypatch, mini_workspace)
    first = dvcq(mini_workspace, "check")
    assert listed.take() == ["plans", "plans/2025", "plans/2025/6m"]
    assert dvcq(mini_workspace, "check") == first
    assert listed.take() == []
    write_tree(mini_workspace, {"plans/2025/6m/ccvt.yaml": MINI_ASSESSMENT.format(unit="ccvt")})
    added = both(mini_workspace, "check")
    assert "4 file(s) checked" in added[1]
    listed.take()
    assert dvcq(mini_workspace, "check") == added
    assert listed.take() == []
    (mini_workspace / "plans/2025/6m/ccvt.yaml").rename(mini_workspace / "plans/2025/6m/x.yaml")
    assert dvcq(mini_workspace, "check") == dvcq(mini_workspace, "check", "--no-cache")
    assert "plans/2025/6m" in listed.take()
    (mini_workspace / "plans/2025/6m/x.yaml").unlink()
    assert dvcq(mini_workspace, "check") == first
    assert listed.take() == ["plans/2025/6m"]
    (mini_workspace / "plans/2025/9m").mkdir()
    assert dvcq(mini_workspace, "check") == first
    assert listed.take() == ["plans/2025", "plans/2025/9m"]


def test_a_listing_is_reused_only_when_the_folder_is_older_than_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git's racy-clean rule, for folders: a name added within the clock tick in which the
    folder was listed leaves its stat as it was; such a listing is never reused."""
    store = cache.Store(tmp_path / "cache", b"k" * 32, 10**6)
    folder = tmp_path / "6m"
    folder.mkdir()
    (folder / "a.yaml").write_text("")

    def listed_at(offset: int) -> None:
        monkeypatch.setattr(cache, "clock", lambda: cache.time.time_ns() + offset)
        listings = cache.Listings(store, "l", 2)
        seen, kept = listings.look(os.fspath(folder))
        assert seen is not None and kept is None
        listings.listed(os.fspath(folder), seen, ([], ["a.yaml"]))
        listings.save()

    def reused() -> tuple[list[str], list[str]] | None:
        return cache.Listings(store, "l", 2).look(os.fspath(folder))[1]

    listed_at(0)  # the folder was written just now: within the margin
    assert reused() is None
    listed_at(2 * cache.RACY_MARGIN_NS)
    assert reused() == ([], ["a.yaml"])
    (folder / "b.yaml").write_text("")
    assert reused() is None
    (folder / "b.yaml").unlink()
    assert reused() is None  # the folder's times moved on: not the stat seen before


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges there")
def test_a_folder_holding_links_is_listed_on_every_run(
        mini_workspace: Path, later: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a link leads can change without its folder changing: never from a listing."""
    shared = mini_workspace / "plans/2025/shared"
    shared.mkdir()
    (shared / "ccvt.yaml").write_text(MINI_ASSESSMENT.format(unit="ccvt"))
    (shared / "ccvt-folder.yaml").mkdir()
    link = mini_workspace / "plans/2025/6m/ccvt.yaml"
    link.symlink_to(shared / "ccvt.yaml")
    listed = Listed(monkeypatch, mini_workspace)
    first = both(mini_workspace, "check")
    listed.take()
    assert dvcq(mini_workspace, "check") == first
    assert listed.take() == ["plans/2025/6m"]
    link.unlink()
    link.symlink_to(shared / "ccvt-folder.yaml")  # now a folder named like a file
    changed = both(mini_workspace, "check")
    assert changed != first


def test_a_table_of_another_shape_is_ignored(tmp_path: Path) -> None:
    """A pack with this user's digest but not a table's columns (an older layout, columns
    of unequal lengths) is read as no table at all."""
    store = cache.Store(tmp_path, b"k" * 32, 10**6)
    row = (3, 10, 10, 7, b"digest", None, (), None)
    table = cache.Table(store, "t")
    table.keep("a.yaml", row, True)
    table.save()
    assert cache.Table(store, "t").rows == {"a.yaml": row}
    store.write("t", (1, {"a.yaml": row}))  # rows by path, as the first layout kept them
    assert cache.Table(store, "t").rows == {}
    stored = store.read("t")
    store.write("t", (0, ["a.yaml", "b.yaml"], b"\0" * 64, 0, 0, [b"d"], [None, None],
                      [(), ()], [None, None]))
    assert stored is not None and cache.Table(store, "t").rows == {}


def test_files_changed_or_replaced_among_unchanged_ones_are_read_again(
        mini_workspace: Path, later: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stats of a folder's files are compared with its table's as one bytes object:
    each file that differs, and only those, is read again."""
    for number in range(20):
        write_tree(mini_workspace, {f"plans/2025/6m/u{number:02}.yaml": MINI_ASSESSMENT.format(
            unit=f"u{number:02}")})
    assert dvcq(mini_workspace, "check")[0] == 1
    reads = Reads(monkeypatch)
    middle = mini_workspace / "plans/2025/6m/u07.yaml"
    last = mini_workspace / "plans/2025/6m/vp.yaml"
    edit(middle, "qcdc: tot", "qcdc: kha")
    edit(last, "qcdc: tot", "qcdc: tox", keep_times=True)
    cached = dvcq(mini_workspace, "check")
    assert reads.take() == ["plans/2025/6m/u07.yaml", "plans/2025/6m/vp.yaml"]
    assert cached == dvcq(mini_workspace, "check", "--no-cache")
    assert "plans/2025/6m/vp.yaml:6:9: error: 'tox' is not one of" in cached[1]
    middle.unlink()
    middle.mkdir()  # a folder named like the file: not a regular file any more
    code, output = both(mini_workspace, "check")
    assert "plans/2025/6m/u07.yaml" in output
    reads.take()
    assert dvcq(mini_workspace, "check") == (code, output)
    assert reads.take() == ["plans/2025/6m/u07.yaml"]  # not a file: never cached


def table_packs(workspace: Path) -> dict[str, bytes]:
    """The cache's packs of tables and journals, by name: their bytes."""
    folder = workspace / cache.CACHE_DIR
    return {path.name: path.read_bytes() for path in sorted(folder.glob("files-*.pack"))}


def test_a_warm_run_writes_only_the_rows_that_changed(
        mini_workspace: Path, later: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A few files changed in a folder of many: their rows go to the table's journal, and the
    table itself is not written again; the next runs read the table with its journal. A
    file deleted (a row dropped) has the table written whole, and the journal goes."""
    for number in range(20):
        write_tree(mini_workspace, {f"plans/2025/6m/u{number:02}.yaml": MINI_ASSESSMENT.format(
            unit=f"u{number:02}")})
    first = dvcq(mini_workspace, "check")
    before = table_packs(mini_workspace)
    assert not [name for name in before if name.endswith(cache.JOURNAL + ".pack")]
    reads = Reads(monkeypatch)
    edit(mini_workspace / "plans/2025/6m/u07.yaml", "qcdc: tot", "qcdc: kha")
    assert dvcq(mini_workspace, "check") == first
    assert reads.take() == ["plans/2025/6m/u07.yaml"]
    assert dvcq(mini_workspace, "check", "--no-cache") == first
    reads.take()
    after = table_packs(mini_workspace)
    journals = [name for name in after if name.endswith(cache.JOURNAL + ".pack")]
    assert len(journals) == 1
    table = journals[0].replace(cache.JOURNAL, "")
    assert after[table] == before[table]  # the table is as the first run wrote it
    assert dvcq(mini_workspace, "check") == first
    assert reads.take() == []  # the changed file known by its stat, from the journal
    reads.take()
    edit(mini_workspace / "plans/2025/6m/vp.yaml", "qcdc: tot", "qcdc: tox", keep_times=True)
    cached = dvcq(mini_workspace, "check")
    assert reads.take() == ["plans/2025/6m/vp.yaml"]
    assert cached == dvcq(mini_workspace, "check", "--no-cache")
    assert "plans/2025/6m/vp.yaml:6:9: error: 'tox' is not one of" in cached[1]
    assert table_packs(mini_workspace)[table] == before[table]
    reads.take()
    assert dvcq(mini_workspace, "check") == cached
    assert reads.take() == []
    edit(mini_workspace / "plans/2025/6m/u07.yaml", "qcdc: kha", "qcdc: tox")
    (mini_workspace / "plans/2025/6m/u03.yaml").unlink()
    cached = dvcq(mini_workspace, "check")
    assert reads.take() == ["plans/2025/6m/u07.yaml"]
    assert cached == dvcq(mini_workspace, "check", "--no-cache")
    assert "plans/2025/6m/u07.yaml:6:9: error: 'tox' is not one of" in cached[1]
    now = table_packs(mini_workspace)
    assert table in now and now[table] != before[table]
    assert journals[0] not in now
    reads.take()
    assert dvcq(mini_workspace, "check") == cached
    assert reads.take() == []


def _journaled_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int = 8
                     ) -> tuple[cache.Store, list[tuple[int, int, int, int]]]:
    """A table of `count` rows written at time 1e12, then read by a run at 2e12 that
    replaced row 3 (its journal)."""
    store = cache.Store(tmp_path, b"k" * 32, 10**6)
    monkeypatch.setattr(cache, "clock", lambda: 10**12)
    table = cache.Table(store, "t")
    seen = [(10 + number, 5 * 10**11, 5 * 10**11, number) for number in range(count)]
    for number, stat in enumerate(seen):
        table.keep(f"u{number}.yaml", (*stat, b"old", None, (), None), True)
    table.save()
    monkeypatch.setattr(cache, "clock", lambda: 2 * 10**12)
    again = cache.Table(store, "t")
    packed = b"".join(cache._PACKED.pack(*stat) for stat in seen)
    assert again.doubted(packed, None, 10**6) == []
    again.keep_believed([])
    changed = (99, 2 * 10**12 - 5, 2 * 10**12 - 5, 3)
    again.keep("u3.yaml", (*changed, b"new", None, (), None), True)
    again.save()
    assert store.read("t" + cache.JOURNAL) is not None
    seen[3] = changed
    return store, seen


def test_a_journal_row_is_trusted_from_the_time_of_the_run_that_wrote_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git's racy-clean rule for the rows of a journal: a file changed just before the run
    that journaled it is not believed until that run is older than the margin."""
    store, seen = _journaled_table(tmp_path, monkeypatch)
    table = cache.Table(store, "t")
    assert table.rows["u3.yaml"][:5] == (*seen[3], b"new")
    assert table.rows["u2.yaml"][:5] == (*seen[2], b"old")
    packed = b"".join(cache._PACKED.pack(*stat) for stat in seen)
    assert table.doubted(packed, None, 10**6) == [3]  # within the margin of 2e12
    assert not table.believed(table.rows["u3.yaml"], seen[3])
    assert table.believed(table.rows["u2.yaml"], seen[2])
    monkeypatch.setattr(cache, "RACY_MARGIN_NS", 1)
    assert cache.Table(store, "t").doubted(packed, None, 10**6) == []


def test_a_journal_over_another_table_is_ignored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A journal holds for the very table it was written over: once another run has written
    the table whole (or the table is damaged or gone), the journal is never applied."""
    store, seen = _journaled_table(tmp_path, monkeypatch)
    journal = store.read("t" + cache.JOURNAL)
    other = cache.Table(store, "t")
    other.keep_believed([5])  # a row dropped: the table written whole, the journal removed
    other.save()
    assert store.read("t" + cache.JOURNAL) is None
    store.write("t" + cache.JOURNAL, journal)  # as another run, late, would leave it
    table = cache.Table(store, "t")
    assert len(table) == 7 and table.journaled == {}
    assert table.rows["u3.yaml"][:5] == (*seen[3], b"new")  # from the table written whole
    (tmp_path / ("t" + cache.PACK_SUFFIX)).unlink()
    assert len(cache.Table(store, "t")) == 0


def test_a_journal_grows_to_a_bound_then_the_table_is_written_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, seen = _journaled_table(tmp_path, monkeypatch, count=12)  # journal: 3 rows at most
    for number in (4, 5, 6):
        table = cache.Table(store, "t")
        table.keep_believed([])
        table.keep(f"u{number}.yaml", (1, 1, 1, number, b"newer", None, (), None), True)
        table.save()
        journal = store.read("t" + cache.JOURNAL)
        if number < 6:
            assert sorted(journal[4]) == list(range(3, number + 1))
        else:
            assert journal is None
    rows = cache.Table(store, "t").rows
    assert [rows[f"u{number}.yaml"][4] for number in range(12)] == [
        b"old", b"old", b"old", b"new", b"newer", b"newer", b"newer", *[b"old"] * 5]


def test_the_rules_across_files_see_every_cached_file(
        mini_workspace: Path, later: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder's facts are taken from the cache as a whole; the rules across files still
    see each file: two files of one unit are one too many, as without the cache."""
    write_tree(mini_workspace, {"plans/2025/6m/vp.yml": MINI_ASSESSMENT.format(unit="vp")})
    first = both(mini_workspace, "check")
    assert "(assessment-duplicate)" in first[1]
    reads = Reads(monkeypatch)
    assert dvcq(mini_workspace, "check") == first
    assert reads.take() == []
    status = both(mini_workspace, "status", "-p", "6m", "-f", "json")
    assert dvcq(mini_workspace, "status", "-p", "6m", "-f", "json") == status


def test_the_runs_of_entries_in_one_folder() -> None:
    def entry(year: str, period: str | None) -> FileEntry:
        return FileEntry(f"{year}/{period}/u.yaml", "u.yaml", "assessment", year, period)

    entries = [entry("2024", "6m"), entry("2024", "6m"), entry("2024", "9m"),
               entry("2025", "9m"), entry("2025", "9m"), entry("2025", None),
               entry("2024", "6m")]
    assert check_cache.folders(entries) == [(0, 2), (2, 3), (3, 5), (5, 6), (6, 7)]
    assert check_cache.folders([]) == []


def test_a_criteria_set_is_checked_again_only_when_it_changed(
        mini_workspace: Path, later: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A criteria set's outcome is cached as a plan's is: a warm run does not read it; an
    edit, even one that keeps its size and modification time, is seen."""
    name = "vi-du-tay-ninh-1563-2022.yaml"
    criteria = mini_workspace / "plans/criteria" / name
    criteria.parent.mkdir()
    criteria.write_bytes((EXAMPLE_PLANS / "criteria" / name).read_bytes())
    checked: list[str] = []
    original = check._load_criteria_set

    def counting(entry, *args, **kwargs):  # type: ignore[no-untyped-def]
        checked.append(entry.display)
        return original(entry, *args, **kwargs)

    monkeypatch.setattr(check, "_load_criteria_set", counting)
    first = dvcq(mini_workspace, "check")
    assert first == (0, "4 file(s) checked: no problems\n")
    assert checked == ["plans/criteria/" + name]
    checked.clear()
    assert dvcq(mini_workspace, "check") == first
    assert checked == []
    edit(criteria, "total: 100", "total: 101", keep_times=True)
    cached = dvcq(mini_workspace, "check")
    assert checked == ["plans/criteria/" + name]
    assert cached == dvcq(mini_workspace, "check", "--no-cache")
    assert cached[0] == 1 and "plans/criteria/" + name in cached[1]
    checked.clear()
    assert dvcq(mini_workspace, "check") == cached
    assert checked == []
