"""What a user meets around the command line's results: encodings, pipes, standard input, options, messages.

The encoding and pipe tests run the program in a subprocess, as a shell would.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govinfo_report import errors
from govinfo_report.cli import _parser, main

REPO = Path(__file__).parents[1]
CORPUS = Path(__file__).parent / "data" / "corpus"
SEED = CORPUS / "seed-002-gaoan-health-2020.txt"
NOT_IMPORTED = "which cannot be imported"


def _env(**variables: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    env.pop("PYTHONIOENCODING", None)
    env.update(variables)
    return env


def _program(
    *argv: str | Path, encoding: str = "utf-8", stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "govinfo_report", *map(str, argv)],
        capture_output=True,
        input=stdin,
        check=False,
        env=_env(PYTHONIOENCODING=encoding),
    )


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# -- console encodings ---------------------------------------------------------------------------


COMMANDS: dict[str, list[str | Path]] = {
    "parse-text": ["parse", SEED],
    "parse-json": ["parse", "--to", "json", SEED],
    "parse-cells": ["parse", "--to", "cells", SEED],
    "validate-text": ["validate", SEED],
    "validate-json": ["validate", "--to", "json", SEED],
}


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_console_that_cannot_hold_chinese(encoding: str, command: str) -> None:
    """JSON is the same UTF-8 bytes whatever the console; text is escaped where the console cannot hold it."""
    normal = _program(*COMMANDS[command])
    narrow = _program(*COMMANDS[command], encoding=encoding)
    assert b"Traceback" not in narrow.stderr
    assert narrow.returncode == normal.returncode
    assert normal.returncode in (0, 1), normal.stderr
    if "json" in command or "cells" in command:
        assert narrow.stdout == normal.stdout
        json.loads(narrow.stdout.decode("utf-8"))
    else:
        text = normal.stdout.decode("utf-8")
        assert any("\u4e00" <= char <= "\u9fff" for char in text)  # Chinese to escape
        assert narrow.stdout == text.encode(encoding, "backslashreplace")
        assert narrow.stdout.decode(encoding)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_messages_on_a_narrow_console_are_escaped(encoding: str, tmp_path: Path) -> None:
    """A Chinese error line on a console that cannot hold it is escaped, not a traceback."""
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    result = _program("parse", empty, encoding=encoding)
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    line = result.stderr.decode(encoding)
    assert line.count("\n") == 1
    assert line.encode(encoding).decode("unicode_escape").startswith(f"govinfo-report: {empty}: 无法解析（")


# -- a closed pipe ---------------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="SIGPIPE and its status are POSIX")
@pytest.mark.parametrize(
    "argv",
    [["parse", "--to", "json"], ["parse"], ["validate"]],
    ids=["parse-json", "parse-text", "validate"],
)
def test_a_reader_that_stops_reading_ends_the_program_quietly(argv: list[str]) -> None:
    """``govinfo-report parse --to json FILES | head -c 10``: no traceback, no message, status 141."""
    files = [str(SEED)] * 40  # far more output than a pipe buffers
    with subprocess.Popen(
        [sys.executable, "-m", "govinfo_report", *argv, *files],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    ) as run:
        assert run.stdout is not None
        assert run.stderr is not None
        assert len(run.stdout.read(10)) == 10
        run.stdout.close()
        err = run.stderr.read()
        assert run.wait(timeout=300) == 141
    assert b"Traceback" not in err
    assert err == b""


# -- standard input ------------------------------------------------------------------------------


def test_a_dash_reads_standard_input(tmp_path: Path) -> None:
    """``-`` is standard input for parse, validate and review; its format is detected from the bytes."""
    data = SEED.read_bytes()
    from_file = _program("parse", "--to", "cells", SEED)
    from_stdin = _program("parse", "--to", "cells", "-", stdin=data)
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert from_stdin.stdout == from_file.stdout
    report = json.loads(_program("parse", "--to", "json", "-", stdin=data).stdout)
    assert report["provenance"]["source"] == "<stdin>"
    assert report["provenance"]["format"] == "text"

    checked = _program("validate", "--to", "json", "-", stdin=data)
    assert json.loads(checked.stdout)[0]["file"] == "<stdin>"
    assert checked.returncode == _program("validate", SEED).returncode

    page = tmp_path / "review.html"
    reviewed = _program("review", "-", "-o", page, stdin=data)
    assert reviewed.returncode == 0, reviewed.stderr
    assert "高安市卫健委" in page.read_text(encoding="utf-8")

    failed = _program("parse", "--lang", "en", "-", stdin=b"")
    assert failed.returncode == 2
    assert failed.stderr.decode().startswith("govinfo-report: <stdin>: StructureError: ")
    legacy = _program("parse", "-", stdin=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    assert legacy.returncode == 2
    assert legacy.stderr.decode().startswith("govinfo-report: <stdin>: 无法解析（不支持的文件格式）: ")
    assert legacy.stderr.decode().count("<stdin>") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["parse", "-", "-"],
        ["validate", "--previous", "-", "-"],
        ["review", "-", "--previous", "-", "-o", "x.html"],
    ],
    ids=["parse", "validate", "review"],
)
def test_standard_input_is_read_once(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(argv, capsys)
    assert status == 2
    assert out == ""
    assert err == f"govinfo-report {argv[0]}: 标准输入（-）只能读取一次\n"


# -- option values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["parse", "--timeout", "-1", str(SEED)],
            "argument --timeout: must be a number of seconds, 0 or more, not -1",
        ),
        (["parse", "--timeout", "nan", str(SEED)], "argument --timeout: "),
        (["validate", "--timeout", "soon", str(SEED)], "argument --timeout: not a number of seconds: soon"),
        (["parse", "--indent", "-1", "--example"], "argument --indent: must be 0 or more, not -1"),
        (
            ["validate", "--published", "2024-13-01", str(SEED)],
            "argument --published: not a date: 2024-13-01, expected YYYY-MM-DD",
        ),
        (["validate", "--published", "20240101", str(SEED)], "argument --published: not a date: 20240101"),
        (
            ["batch", "--workers", "0", "--out", "r.jsonl", str(SEED)],
            "argument --workers: must be 1 or more, not 0",
        ),
        (["dask", "--workers", "0", "--out", "d", str(SEED)], "argument --workers: must be 1 or more, not 0"),
        (["dask", "--files-per-partition", "0", "--out", "d", str(SEED)], "argument --files-per-partition: "),
        (["review", "--timeout", "-5", str(SEED), "-o", "x.html"], "argument --timeout: "),
        (["parse", "-q", "-v", "--example"], "argument -v/--verbose: not allowed with argument -q/--quiet"),
    ],
    ids=lambda value: "-".join(value[:2]) if isinstance(value, list) else None,
)
def test_bad_option_values_are_one_usage_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A value that cannot be right is refused before any work: one line naming the option, status 2."""
    status, out, err = _run(argv, capsys)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith(f"govinfo-report {argv[0]}: error: {message}")
    assert err.endswith(f"(see govinfo-report {argv[0]} --help)\n")


def test_unknown_rule_ids_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(["validate", "--select", "R-X-99", str(SEED)], capsys)
    assert status == 2
    assert err.count("\n") == 1
    assert err.startswith("govinfo-report validate: ")
    assert "R-X-99" in err


def test_every_option_and_argument_has_help() -> None:
    """Each subcommand, option and positional argument says what it is for."""
    parser = _parser()
    [commands] = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    described = {choice.dest for choice in commands._choices_actions if choice.help}
    assert described == set(commands.choices)
    missing = [
        f"{name} {action.option_strings or action.dest}"
        for name, command in [("", parser), *commands.choices.items()]
        for action in command._actions
        if not action.help and not isinstance(action, argparse._SubParsersAction)
    ]
    assert missing == []
    hidden = [
        f"{name} {action.option_strings}"
        for name, command in commands.choices.items()
        for action in command._actions
        if action.help == argparse.SUPPRESS
    ]
    assert hidden == ["validate ['--format']", "batch ['--zh']"]  # the deprecated spellings


@pytest.mark.parametrize("command", ["parse", "validate", "batch", "dask", "review", "dashboard"])
def test_every_command_takes_the_shared_options(command: str) -> None:
    parser = _parser()
    [commands] = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    options = {option for action in commands.choices[command]._actions for option in action.option_strings}
    assert {"--lang", "-q", "--quiet", "-v", "--verbose"} <= options


def test_validate_format_is_a_deprecated_spelling_of_to(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(["validate", "--format", "json", str(SEED)], capsys)
    assert json.loads(out)[0]["file"] == str(SEED)
    assert err == "govinfo-report: --format 已弃用，请改用 --to\n"
    assert status in (0, 1)
    _, again, err = _run(["validate", "--lang", "en", "--to", "json", str(SEED)], capsys)
    assert again == out
    assert err == ""
    _, _, err = _run(["validate", "--lang", "en", "--format", "json", str(SEED)], capsys)
    assert err == "govinfo-report: --format is deprecated; use --to\n"


# -- quiet and verbose -----------------------------------------------------------------------------


def test_quiet_leaves_out_the_notes_and_verbose_says_how_each_file_was_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    [partial] = CORPUS.glob("seed-004-*.txt")  # a template row split into local rows: partial
    status, out, err = _run(["parse", str(partial)], capsys)
    assert status == 0
    assert "报告不完整" in err
    status, quiet, err = _run(["parse", "-q", str(partial)], capsys)
    assert (status, quiet, err) == (0, out, "")
    status, _, err = _run(["parse", "--verbose", "--lang", "en", str(SEED)], capsys)
    assert status == 0
    assert err.startswith(f"govinfo-report: {SEED}: format text, template 2019, backends ")
    assert err.endswith(" s\n")
    status, _, err = _run(["validate", "-v", str(SEED)], capsys)
    assert err.startswith(f"govinfo-report: {SEED}: 格式 text，模板 2019，")


# -- error lines -----------------------------------------------------------------------------------


def test_every_library_error_has_a_chinese_headline() -> None:
    """Each exception class of the library says in Chinese what went wrong, for error lines in Chinese."""
    classes = [
        value
        for value in vars(errors).values()
        if inspect.isclass(value) and issubclass(value, errors.GovInfoReportError)
    ]
    assert len(classes) >= 10
    for cls in classes:
        assert "headline_zh" in vars(cls), cls
    headlines = [cls.headline_zh for cls in classes]
    assert len(set(headlines)) == len(headlines)
    assert all(any("\u4e00" <= char <= "\u9fff" for char in headline) for headline in headlines)


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh", "govinfo-report: {path}: 无法读取（文件不存在）\n"),
        ("en", "govinfo-report: {path}: FileNotFoundError: No such file or directory\n"),
    ],
)
def test_a_file_that_cannot_be_read_is_named_once(
    lang: str, line: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "absent.txt"
    status, _, err = _run(["parse", "--lang", lang, str(path)], capsys)
    assert status == 2
    assert err == line.format(path=path)


def test_chinese_error_lines_in_a_subprocess(tmp_path: Path) -> None:
    """The words of an error line are Chinese by default; the library's detail may stay English."""
    path = tmp_path / "notice.txt"
    path.write_text("这是一份会议通知，不是年度报告。\n", encoding="utf-8")
    result = _program("validate", path)
    assert result.returncode == 2
    [line] = result.stderr.decode("utf-8").splitlines()
    assert line.startswith(f"govinfo-report: {path}: 无法解析（{errors.StructureError.headline_zh}）: ")
    assert line.count("notice.txt") == 1


def test_review_errors_are_one_line_in_the_chosen_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    absent = tmp_path / "absent.txt"
    status, out, err = _run(["review", str(absent), "-o", str(tmp_path / "page.html")], capsys)
    assert (status, out) == (2, "")
    assert err == f"govinfo-report: {absent}: 无法读取（文件不存在）\n"
    nowhere = tmp_path / "missing" / "page.html"
    status, out, err = _run(["review", "--lang", "en", str(SEED), "-o", str(nowhere)], capsys)
    assert (status, out) == (2, "")
    assert err == f"govinfo-report review: cannot write {nowhere}: No such file or directory\n"
    status, out, err = _run(["review", "-v", str(SEED), "-o", str(tmp_path / "page.html")], capsys)
    assert status == 0
    assert out == f"已写入 {tmp_path / 'page.html'}\n"
    assert err.startswith(f"govinfo-report: {SEED}: 格式 text，")


def test_a_timeout_of_zero_is_no_limit(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["parse", "--timeout", "0", "--to", "cells", str(SEED)], capsys)
    assert status == 0
    assert json.loads(out)["template"] == "2019"


def test_batch_quiet_and_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``batch -q`` prints no progress; ``-v`` adds a line per input."""
    out = tmp_path / "r.jsonl"
    status, _, err = _run(["batch", "--lang", "en", str(SEED), "--out", str(out), "--workers", "1"], capsys)
    assert status == 0
    assert "1/1 inputs" in err  # the closing progress line, without a terminal
    status, quiet, err = _run(["batch", "-q", str(SEED), "--out", str(out), "--workers", "1"], capsys)
    assert (status, err) == (0, "")
    assert quiet.startswith("已解析：1\n")
    argv = ["batch", "-v", "--no-progress", "--lang", "en", str(SEED), "--out", str(out), "--workers", "1"]
    status, _, err = _run(argv, capsys)
    assert status == 0
    assert err.startswith(f"govinfo-report: {SEED}: format text, template 2019, ")
    assert err.count("\n") == 1


def test_a_pdf_backend_that_is_not_installed_is_one_line() -> None:
    """``--pdf-backend pdfium`` without pypdfium2: one line for each PDF, the other files still parsed."""
    pdf = CORPUS / "huaian-city-gov-2024.pdf"
    script = (
        "import sys; sys.modules['pypdfium2'] = None\n"  # import pypdfium2 now raises ImportError
        "from govinfo_report.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    argv = ["parse", "--lang", "en", "--pdf-backend", "pdfium", str(pdf), str(SEED)]
    result = subprocess.run(
        [sys.executable, "-c", script, *argv], capture_output=True, check=False, env=_env()
    )
    assert result.returncode == 2
    assert "高安市卫健委" in result.stdout.decode()  # the other file is still parsed
    err = result.stderr.decode()
    assert err == f"govinfo-report: {pdf}: ImportError: the PDFium backend needs pypdfium2, {NOT_IMPORTED}\n"
