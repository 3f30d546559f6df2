"""Batch runs over hostile folders, and hostile ends of runs.

A folder can hold names that are not UTF-8, links that loop or lead to devices,
FIFOs, copies and broken files: every regular input gets one outcome, the
rest are skipped with a reason.  A run stopped by SIGTERM, SIGINT or SIGKILL
leaves no worker behind, and resuming it loses nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import inspect
import io
import json
import logging
import os
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from tests import batch_helpers

from govinfo_report import from_dict
from govinfo_report._pipeline import read_capped
from govinfo_report.batch import Skipped, iter_sources, parse_many
from govinfo_report.cli._batch import _trim_csv, add_batch_parser, run_batch
from govinfo_report.limits import DEFAULT_LIMITS
from govinfo_report.serialize.csv import RecordWriter

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and POSIX signals")

REPORT = "seed-001-haiyuan-health-2020.txt"
GBK_NAME = "测试报告.txt".encode("gbk")  # not valid UTF-8, as after unzipping a GBK archive
ESCAPE = "\x1b[2J"
REPO = Path(__file__).parents[1]


def _run(*argv: str | Path) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="govinfo-report")
    add_batch_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["batch", *(os.fspath(arg) for arg in argv)])
    out = io.StringIO()
    status = run_batch(args, out)
    return status, out.getvalue()


def _lines(path: Path) -> list[dict[str, object]]:
    data = path.read_bytes()
    data.decode("utf-8")  # strict: the file is valid UTF-8 whatever the names
    return [json.loads(line) for line in data.splitlines()]


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def hostile(corpus_dir: Path, tmp_path: Path) -> Path:
    """A folder with five regular inputs and every kind of entry a run must skip."""
    folder = tmp_path / "in"
    folder.mkdir()
    report = (corpus_dir / REPORT).read_bytes()
    (folder / "a.txt").write_bytes(report)
    (folder / "copy.txt").write_bytes(report)  # the same bytes under another name
    Path(os.fsdecode(os.path.join(os.fsencode(folder), GBK_NAME))).write_bytes(report)
    (folder / "=1+2.txt").write_bytes(report)
    (folder / "broken.txt").write_bytes("这不是年度报告".encode())
    (folder / "notes.md").write_text("not a report", encoding="utf-8")
    (folder / ".hidden.txt").write_bytes(report)
    os.mkfifo(folder / f"fifo{ESCAPE}.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "self").symlink_to(".")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")
    (folder / "x.txt").symlink_to("y.txt")
    (folder / "y.txt").symlink_to("x.txt")
    (folder / "dangling.txt").symlink_to("missing.txt")
    (folder / "alias.txt").symlink_to("a.txt")
    return folder


REGULAR = ("a.txt", "copy.txt", os.fsdecode(GBK_NAME), "=1+2.txt", "broken.txt")
SKIPPED = {
    "notes.md": "not a report suffix",
    ".hidden.txt": "a hidden name",
    f"fifo{ESCAPE}.txt": "not a regular file: a FIFO (named pipe)",
    "zero.txt": "not a regular file: a character device",
    "self": "a symbolic link loop back to",
    "sub/up": "a symbolic link loop back to",
    "x.txt": "a symbolic link loop",
    "y.txt": "a symbolic link loop",
    "dangling.txt": "a broken symbolic link",
    "alias.txt": "the same file as",
}


def test_iter_sources_takes_regular_files_and_skips_the_rest_with_reasons(hostile: Path) -> None:
    """Only the regular report files come out; every other entry is reported once, with why."""
    skipped: list[Skipped] = []
    found = [path.relative_to(hostile).as_posix() for path in iter_sources([hostile], on_skip=skipped.append)]
    assert sorted(found) == sorted(REGULAR)
    reasons = {Path(item.path).relative_to(hostile).as_posix(): item.reason for item in skipped}
    assert set(reasons) == set(SKIPPED)
    for name, reason in SKIPPED.items():
        assert reasons[name].startswith(reason), (name, reasons[name])
    assert len(skipped) == len(SKIPPED)


def test_iter_sources_skips_devices_and_fifos_named_directly(hostile: Path) -> None:
    """A device or FIFO given as a path is skipped, not read; a folder named twice is walked once."""
    skipped: list[Skipped] = []
    fifo = hostile / f"fifo{ESCAPE}.txt"
    empty = hostile.parent / "empty"
    empty.mkdir()
    found = list(iter_sources(["/dev/zero", fifo, empty, empty], on_skip=skipped.append))
    assert found == []
    assert [item.reason for item in skipped] == [
        "not a regular file: a character device",
        "not a regular file: a FIFO (named pipe)",
        f"the same folder as {empty}",
    ]


def test_iter_sources_does_not_recurse_on_deep_folders(tmp_path: Path) -> None:
    """Folders nested deeper than the interpreter's recursion limit allows are walked all the same."""
    depth = 200
    inner = tmp_path
    for _ in range(depth):
        inner /= "d"
        inner.mkdir()
    (inner / "deep.txt").write_bytes(b"x")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + depth // 2)
    try:
        found = [path.name for path in iter_sources([tmp_path])]
    finally:
        sys.setrecursionlimit(limit)
    assert found == ["deep.txt"]


def test_iter_sources_expands_glob_patterns(hostile: Path) -> None:
    """A path that does not exist but holds a pattern gives its matches; one without matches is missing."""
    found = [path.name for path in iter_sources([hostile / "*.txt"], on_skip=lambda item: None)]
    assert found == sorted(["a.txt", "broken.txt", "copy.txt", "=1+2.txt", os.fsdecode(GBK_NAME)])  # no alias
    with pytest.raises(FileNotFoundError, match="no such file"):
        list(iter_sources([hostile / "*.nothing"]))


def test_parse_many_takes_folders_and_patterns(hostile: Path, tmp_path: Path) -> None:
    """``parse_many(["reports/"])`` walks the folder as the command line does, skipping with reasons."""
    skipped: list[Skipped] = []
    outcomes = list(parse_many([hostile], workers=2, validate=False, on_skip=skipped.append))
    assert sorted(Path(outcome.source).name for outcome in outcomes) == sorted(REGULAR)
    assert len(skipped) == len(SKIPPED)
    assert sum(outcome.ok for outcome in outcomes) == 4
    by_pattern = list(parse_many([str(hostile / "c*.txt"), tmp_path / "absent.txt"], workers=1))
    assert [(Path(outcome.source).name, outcome.ok) for outcome in by_pattern] == [
        ("copy.txt", True),
        ("absent.txt", False),
    ]
    assert by_pattern[1].error is not None
    assert by_pattern[1].error.type == "FileNotFoundError"


def test_reading_a_fifo_for_a_batch_refuses_it_without_waiting(tmp_path: Path) -> None:
    """The capped read of a batch input opens a FIFO without blocking and refuses it."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        read_capped(fifo, DEFAULT_LIMITS, regular_only=True)
    with pytest.raises(OSError, match="not a regular file"):
        read_capped("/dev/zero", DEFAULT_LIMITS, regular_only=True)


def test_batch_over_a_hostile_folder(hostile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One outcome per regular input, exact names in JSON Lines, guarded CSV, escaped summary, resumable."""
    monkeypatch.chdir(hostile)
    out, wide = tmp_path / "r.jsonl", tmp_path / "w.csv"
    fifo = f"fifo{ESCAPE}.txt"
    status, summary = _run(".", "/dev/zero", fifo, "--out", out, "--cells-csv", wide, "--workers", "2")
    assert status == 1  # broken.txt failed; skipped entries do not count as failures
    lines = _lines(out)
    assert sorted(str(line["source"]) for line in lines) == sorted(REGULAR)
    gbk = next(line for line in lines if line["source"] == os.fsdecode(GBK_NAME))
    assert os.fsencode(str(gbk["source"])) == GBK_NAME
    assert b"\\udc" in out.read_bytes()  # the undecodable bytes, as JSON escapes
    assert Counter(line["sha256"] for line in lines).most_common(1)[0][1] == 4  # copies, one outcome each
    assert "已解析：4\n  完整：4\n  不完整（部分表格单元格未读出）：0\n失败：1\n" in summary
    assert f"未解析而跳过：{len(SKIPPED) + 2}" in summary
    assert "\x1b" not in summary
    assert "fifo\\x1b[2J.txt" in summary
    assert "  not a regular file: a character device: 2\n" in summary

    rows = _rows(wide)
    assert len(rows) == 1 + len(REGULAR)
    sources = sorted(row[0] for row in rows[1:])
    assert "'=1+2.txt" in sources  # a spreadsheet would read "=1+2.txt" as a formula
    gbk_cell = "".join(f"\\u{ord(c):04x}" if 0xD800 <= ord(c) <= 0xDFFF else c for c in os.fsdecode(GBK_NAME))
    assert gbk_cell.startswith("\\udcb2\\udce2")
    assert gbk_cell in sources

    # Resuming finds every input by path and content; a new copy with the same bytes is new.
    status, summary = _run(".", "--out", out, "--cells-csv", wide, "--workers", "2", "--resume")
    assert "已解析：0\n  完整：0\n  不完整（部分表格单元格未读出）：0\n失败：0\n" in summary
    assert f"已在输出中而跳过：{len(REGULAR)}" in summary
    assert status == 0
    shutil.copyfile("a.txt", "copy2.txt")
    status, summary = _run(".", "--out", out, "--cells-csv", wide, "--workers", "1", "--resume")
    assert status == 0
    assert "已解析：1\n  完整：1\n  不完整（部分表格单元格未读出）：0\n失败：0\n" in summary
    assert [line["source"] for line in _lines(out)][len(REGULAR) :] == ["copy2.txt"]
    # A changed file is parsed again.
    Path("copy.txt").write_bytes(b"changed")
    _run(".", "--out", out, "--workers", "1", "--resume")
    assert [line["source"] for line in _lines(out)][len(REGULAR) + 1 :] == ["copy.txt"]
    assert len(_rows(wide)) == 1 + len(REGULAR) + 1


def test_resume_removes_csv_rows_of_an_outcome_without_its_json_line(
    corpus_dir: Path, tmp_path: Path
) -> None:
    """A run killed between an outcome's CSV rows and its JSON line: resuming writes it once, completely."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("seed-001-haiyuan-health-2020.txt", "pingtan-zone-gov-2021.txt"):
        shutil.copyfile(corpus_dir / name, folder / name)
    out, wide, long = tmp_path / "r.jsonl", tmp_path / "w.csv", tmp_path / "l.csv"
    options = ("--out", out, "--cells-csv", wide, "--long-csv", long, "--workers", "1")
    assert _run(folder, *options)[0] == 0
    complete = (_lines(out), _rows(wide), _rows(long))
    # The last outcome's line is lost, and a torn row of another outcome follows its rows.
    data = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(data[:-1]))
    with long.open("a", encoding="utf-8") as handle:
        handle.write(f"{folder / 'x'},abc,requests.new")
    status, summary = _run(folder, *options, "--resume")
    assert status == 0
    assert "已解析：1\n" in summary
    assert sorted(str(line["source"]) for line in _lines(out)) == sorted(
        str(line["source"]) for line in complete[0]
    )
    assert sorted(_rows(wide)[1:]) == sorted(complete[1][1:])
    long_rows = _rows(long)
    assert long_rows[0] == complete[2][0]
    assert Counter(row[0] for row in long_rows[1:]) == Counter(row[0] for row in complete[2][1:])


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full")
def test_run_failures_are_one_line_with_their_own_status(
    tmp_path: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A full disk ends the run with status 3 and one line; ``--out`` naming a folder is a usage error."""
    report = corpus_dir / REPORT
    for options in (
        ["--out", "/dev/full"],
        ["--out", tmp_path / "r.jsonl", "--cells-csv", "/dev/full"],
        ["--out", "/dev/full", "--resume"],  # a device is not read as a previous output (it never ends)
    ):
        status, summary = _run(report, *options, "--workers", "1")
        err = capsys.readouterr().err
        assert status == 3, err
        assert err.count("\n") == 1
        assert err.startswith("govinfo-report batch: 无法写入 /dev/full: No space left on device；")
        assert "--resume" in err
        assert "Traceback" not in err
        assert summary.startswith("已解析：0\n")
    status, _ = _run(report, "--out", tmp_path, "--workers", "1", "--lang", "en")
    err = capsys.readouterr().err
    assert status == 2
    assert err == f"govinfo-report batch: {tmp_path} is a folder, not a file to write\n"


# -- stopping a run from outside ---------------------------------------------------------------------


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return status.rpartition(")")[2].split()[0] != "Z"


def _wait_for(condition: object, what: str, seconds: float = 120.0) -> None:
    """Wait until ``condition()`` holds; fail after ``seconds`` (a bound on a hang, not a measurement)."""
    end = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > end:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGKILL], ids=lambda s: s.name
)
def test_a_signalled_run_leaves_no_worker_and_resuming_loses_nothing(
    signum: signal.Signals, corpus_dir: Path, tmp_path: Path
) -> None:
    """Stop a batch run in the middle; its workers go with it, and ``--resume`` completes every output."""
    folder, pids = tmp_path / "in", tmp_path / "pids"
    folder.mkdir()
    pids.mkdir()
    report = (corpus_dir / REPORT).read_bytes()
    inputs = [folder / f"r{index:02}.txt" for index in range(24)]
    for path in inputs:
        path.write_bytes(batch_helpers.SLOW + report)
    out, wide, long = tmp_path / "r.jsonl", tmp_path / "w.csv", tmp_path / "l.csv"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), str(REPO), env.get("PYTHONPATH")]))
    env[batch_helpers.PID_FOLDER_VARIABLE] = str(pids)
    env[batch_helpers.SLOW_SECONDS_VARIABLE] = "0.3"
    command = [sys.executable, "-m", "tests.batch_helpers", "batch", str(folder), "--out", str(out)]
    command += ["--cells-csv", str(wide), "--long-csv", str(long), "--workers", "2", "--no-progress"]
    run = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(lambda: out.exists() and out.read_bytes().count(b"\n") >= 2, "the first outcomes")
    workers = {int(name) for name in os.listdir(pids)}
    assert workers
    assert run.pid not in workers
    run.send_signal(signum)
    _, err = run.communicate(timeout=120)
    resume = [*command, "--resume"]
    if signum == signal.SIGKILL:
        assert run.returncode == -signum
    else:
        assert run.returncode == 128 + signum
        line = err.decode()
        assert line.startswith(f"govinfo-report batch: 被 {signum.name} 中止；")
        assert err.count(b"\n") == 1, err
        # The line ends with the command that finishes the run: the same arguments, and --resume.
        given = shlex.split(line[line.index("：govinfo-report ") + 1 :])
        assert given == ["govinfo-report", "batch", "--resume", *command[4:]]
        resume = [*command[:3], *given[1:]]
    workers = {int(name) for name in os.listdir(pids)}
    _wait_for(lambda: not any(_alive(pid) for pid in workers), "the workers to end")
    done = len(_lines(out))
    assert done < len(inputs)

    env[batch_helpers.SLOW_SECONDS_VARIABLE] = "0"
    finish = subprocess.run(resume, cwd=REPO, env=env, capture_output=True, check=False)
    assert finish.returncode == 0, finish.stderr
    assert f"已在输出中而跳过：{done}".encode() in finish.stdout
    lines = _lines(out)
    assert sorted(str(line["source"]) for line in lines) == sorted(map(str, inputs))
    wide_rows = _rows(wide)
    assert sorted(row[0] for row in wide_rows[1:]) == sorted(map(str, inputs))
    long_rows = _rows(long)
    cells = {
        str(line["source"]): len(list(from_dict(line["report"]).cells()))  # type: ignore[arg-type]
        for line in lines
    }
    assert Counter(row[0] for row in long_rows[1:]) == Counter(cells)
    assert [row for row in long_rows if row == long_rows[0]] == [long_rows[0]]  # one header


def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    """A process running ``parse_many`` killed outright: its workers, busy or idle, end by themselves."""
    pids = tmp_path / "pids"
    pids.mkdir()
    script = (
        "import sys\n"
        "from govinfo_report.batch import parse_many\n"
        "from tests import batch_helpers\n"
        "sources = [(f'{i}.txt', batch_helpers.SLOW + b'x') for i in range(40)]\n"
        "for outcome in parse_many(sources, workers=2, parse=batch_helpers.slow_parse, validate=False):\n"
        "    print(outcome.source, flush=True)\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), str(REPO), env.get("PYTHONPATH")]))
    env[batch_helpers.PID_FOLDER_VARIABLE] = str(pids)
    env[batch_helpers.SLOW_SECONDS_VARIABLE] = "600"  # far longer than the test waits
    run = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, env=env, stdout=subprocess.PIPE)
    _wait_for(lambda: len(os.listdir(pids)) == 2, "both workers to start an input")
    workers = {int(name) for name in os.listdir(pids)}
    run.kill()
    run.communicate(timeout=60)
    try:
        _wait_for(lambda: not any(_alive(pid) for pid in workers), "the orphaned workers to end", 60.0)
    finally:
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # after a failure: the test's own leftovers


def test_escaped_skipped_names_keep_the_summary_on_its_lines(tmp_path: Path) -> None:
    """A skipped name with a line feed and a terminal escape stays on one summary line, escaped."""
    fifo = tmp_path / "a\nb\x1b]0;title\x07.txt"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    status, summary = _run(tmp_path, "--out", tmp_path / "r.jsonl", "--workers", "1")
    assert status == 0
    assert "a\\x0ab\\x1b]0;title\\x07.txt" in summary
    assert "\x1b" not in summary
    assert "\x07" not in summary


def test_trimming_keeps_the_rows_of_recorded_names_however_they_are_written(tmp_path: Path) -> None:
    """Rows are matched to JSON lines by source and SHA-256 as the CSV writes them (quoted, escaped)."""
    names = ["=1+2.txt", os.fsdecode(GBK_NAME), 'a "quoted",\nname.txt', "unreadable.txt"]
    hashes: list[str | None] = ["a" * 64, "b" * 64, "c" * 64, None]
    wide = tmp_path / "w.csv"
    with wide.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["source", "sha256", "agency"])
        for name, sha256 in zip(names, hashes, strict=True):
            writer.writerow([RecordWriter.field(name), RecordWriter.field(sha256), "x"])
        complete = handle.tell()
        writer.writerow([RecordWriter.field("late.txt"), "d" * 64, "x"])  # no JSON line
        handle.write('"torn.txt","e')
    recorded: dict[str, set[str | None]] = {
        name: {sha256} for name, sha256 in zip(names, hashes, strict=True)
    }
    _trim_csv(wide, recorded)
    assert wide.stat().st_size == complete
    assert len(_rows(wide)) == 1 + len(names)
    _trim_csv(wide, {})
    assert _rows(wide) == [["source", "sha256", "agency"]]


def test_skipped_paths_are_logged_escaped_without_a_callback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Without ``on_skip``, skipped paths go to the log, FIFOs as warnings, other suffixes as information."""
    os.mkfifo(tmp_path / "pipe\x1b[2J.txt")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="govinfo_report.batch"):
        assert list(iter_sources([tmp_path])) == []
    assert [(record.levelno, record.getMessage()) for record in caplog.records] == [
        (logging.INFO, f"skipped {tmp_path}/notes.md: not a report suffix"),
        (logging.WARNING, f"skipped {tmp_path}/pipe\\x1b[2J.txt: not a regular file: a FIFO (named pipe)"),
    ]


def test_file_systems_without_inode_numbers_tell_files_apart_by_real_path(
    hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where every inode number reads 0, loops and second names are still found, and files are not merged."""
    real_stat = Path.stat

    def without_inodes(path: Path, **options: bool) -> os.stat_result:
        status = real_stat(path, **options)
        return os.stat_result((status.st_mode, 0, *tuple(status)[2:]))

    monkeypatch.setattr(Path, "stat", without_inodes)
    assert (hostile / "a.txt").stat().st_ino == 0
    skipped: list[Skipped] = []
    found = [path.relative_to(hostile).as_posix() for path in iter_sources([hostile], on_skip=skipped.append)]
    assert sorted(found) == sorted(REGULAR)
    reasons = {Path(item.path).relative_to(hostile).as_posix(): item.reason for item in skipped}
    assert set(reasons) == set(SKIPPED)


def test_outputs_are_not_inputs(corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An output file inside an input folder is not parsed; two outputs naming one file are refused."""
    shutil.copyfile(corpus_dir / REPORT, tmp_path / REPORT)
    out = tmp_path / "results.txt"  # a report suffix, in the folder being parsed
    status, _ = _run(tmp_path, "--out", out, "--workers", "1")
    assert status == 0
    status, summary = _run(tmp_path, "--out", out, "--workers", "1", "--resume")
    assert status == 0
    assert f"  an output of this run: 1\n    {out}\n" in summary
    assert [line["source"] for line in _lines(out)] == [str(tmp_path / REPORT)]
    status, _ = _run(tmp_path, "--out", out, "--cells-csv", tmp_path / "." / "results.txt", "--lang", "en")
    assert status == 2
    assert "must name different files" in capsys.readouterr().err
