"""The ``govinfo-report batch`` command: many files in, JSON Lines and CSV out.

Kept apart from :mod:`govinfo_report.cli` so that the command's logic can be
tested on its own; ``cli`` registers it with :func:`add_batch_parser` and
runs it with :func:`run_batch`.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import hashlib
import json
import os
import re
import shlex
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from importlib import import_module
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO

import attrs

from govinfo_report._escape import json_text, readable
from govinfo_report._pipeline import parse_bytes, read_capped
from govinfo_report.batch import Outcome, Skipped, input_suffixes, iter_sources, parse_many
from govinfo_report.batch.outcome import NOT_A_REPORT_SUFFIX
from govinfo_report.cli._convert import add_convert_options, converter_option
from govinfo_report.cli._messages import PROGRAM, Lang, note, report_line, say, tell
from govinfo_report.cli._options import (
    add_lang_option,
    add_pdf_backend_option,
    add_timeout_option,
    add_validate_option,
    add_verbosity_options,
    positive_int,
)
from govinfo_report.cli._settings import add_config_options, batch_validation
from govinfo_report.errors import GovInfoReportError, LimitExceededError, WorkerPoolError
from govinfo_report.limits import DEFAULT_LIMITS
from govinfo_report.model import TemplateVersion
from govinfo_report.readers import detect_format
from govinfo_report.serialize import OUTCOME_CONTENTS, outcome_to_dict
from govinfo_report.serialize.csv import (
    LONG_COLUMNS,
    RECORD_COLUMNS,
    Record,
    RecordColumn,
    RecordWriter,
    record_columns,
    record_keys,
    report_to_long_records,
    report_to_record,
)
from govinfo_report.validation import Severity

__all__ = ["add_batch_parser", "run_batch"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_RUN_FAILED = 3
EXIT_SIGNAL_BASE = 128  # a run stopped by a signal exits with 128 + its number, as shells report it

_PLAIN_PROGRESS_EVERY = 10.0  # seconds between progress lines without a progress bar
_SKIPPED_SHOWN = 10  # paths listed per reason in the summary
_HEAD_BYTES = 4096  # enough to recognise every format the detector refuses by its leading bytes
# The signals that stop a run in good order; SIGHUP (the terminal closed) only where it exists.
_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)

_EXIT_STATUSES = (
    "An input is complete when every cell of its tables was read, partial when some were not. "
    "Exit status: 0 every input parsed; 1 some input failed (or, with --fail-on-partial, was partial; "
    "the run completed); 2 usage error; "
    "3 the run itself failed (an output could not be written, no worker could start); "
    "130 stopped by Ctrl-C (SIGINT), 143 by SIGTERM, 129 by SIGHUP. "
    "Inputs left out (not regular files, other suffixes, link loops) are listed in the summary "
    "and do not change the status."
)


def add_batch_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``batch`` command to ``subparsers`` (from :meth:`argparse.ArgumentParser.add_subparsers`)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "batch",
        help="parse many reports in parallel into JSON Lines and CSV",
        description=(
            "Parse and validate every report under the given files and folders in worker processes. "
            "Writes one JSON object per input to --out and, on request, CSV tables. " + _EXIT_STATUSES
        ),
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="report files, or folders to search for them"
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="JSON Lines output: one outcome per input, in input order"
    )
    parser.add_argument(
        "--jsonl-content",
        choices=OUTCOME_CONTENTS,
        default="full",
        help="what each JSON line holds: full (outcome, findings and the full report), "
        "cells (outcome, findings and the cell values) or summary (outcome, completeness and "
        "finding counts); default: %(default)s",
    )
    parser.add_argument(
        "--cells-csv", type=Path, help="wide CSV: one row per report, one column per cell key"
    )
    parser.add_argument(
        "--by-template",
        action="store_true",
        help="write the wide CSV as one file per template, with only its cell columns: "
        "NAME.2019.csv and NAME.2021.csv for --cells-csv NAME.csv (and NAME.failed.csv for "
        "inputs without a report), so that counts load as integers",
    )
    parser.add_argument("--long-csv", type=Path, help="long CSV: one row per cell")
    parser.add_argument(
        "--workers", type=positive_int, default=None, help="worker processes (default: one per CPU)"
    )
    add_timeout_option(parser, "; needs --workers 2 or more")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="skip inputs whose path and SHA-256 are already in --out and append to the outputs",
    )
    parser.add_argument(
        "--csv-headers",
        choices=("keys", "zh"),
        default="keys",
        help="header row of the CSV files: the column names (keys) or Chinese headers (zh); "
        "default: %(default)s",
    )
    parser.add_argument(
        "--bom",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="start new CSV files with a UTF-8 byte order mark, as Excel needs to read them as UTF-8 "
        "(default: on with --csv-headers zh, off otherwise; never added when appending)",
    )
    # Before 0.2 --zh chose the Chinese headers; --lang is now the language of messages.
    parser.add_argument("--zh", action="store_true", help=argparse.SUPPRESS)
    add_pdf_backend_option(parser)
    add_config_options(parser)
    add_convert_options(parser)
    parser.add_argument(
        "--complete-only",
        action="store_true",
        help="write to the CSV files only the reports of which every table cell was read "
        "(the JSON Lines output keeps every input)",
    )
    parser.add_argument(
        "--fail-on-partial",
        action="store_true",
        help="exit with status 1 when some report is partial (some table cells not read), as for failures",
    )
    add_validate_option(parser)
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress on standard error (default: a bar on a terminal, periodic lines otherwise)",
    )
    add_lang_option(parser)
    add_verbosity_options(parser)
    return parser


class _RunFailedError(Exception):
    """The run itself cannot go on (an output cannot be written, the pool failed).

    Args:
        en: What went wrong, in English (also the exception's text).
        zh: The same in Chinese.
    """

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh


class _Stopped(BaseException):
    """A signal asked the run to stop."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def run_batch(args: argparse.Namespace, out: TextIO) -> int:
    """Run the ``batch`` command parsed by :func:`add_batch_parser`; the summary goes to ``out``.

    Returns:
        0 when every input was parsed, 1 when some failed, 2 for usage errors,
        3 when the run itself failed, 128 plus the signal number when SIGINT or
        SIGTERM stopped it.
    """
    summary = _Summary(args.lang)
    status = EXIT_OK
    if args.zh:
        print("govinfo-report batch: --zh is deprecated; use --csv-headers zh", file=sys.stderr)
        args.csv_headers = "zh"
    try:
        with _signals_stop_the_run():
            found = _find_inputs(args, summary)
            if isinstance(found, str):
                note(f"{PROGRAM} batch: {readable(found, lines=False)}")
                return EXIT_USAGE
            _run(args, found, summary)
    except _RunFailedError as exc:
        _stop_message(args, say(args.lang, exc.zh, exc.en), summary)
        status = EXIT_RUN_FAILED
    except _Stopped as exc:
        name = signal.Signals(exc.signum).name
        _stop_message(args, say(args.lang, f"被 {name} 中止", f"stopped by {name}"), summary)
        status = EXIT_SIGNAL_BASE + exc.signum
    with contextlib.suppress(OSError):
        out.write(summary.render())
    if status != EXIT_OK:
        return status
    return EXIT_FAILED if summary.failed or (args.fail_on_partial and summary.partial) else EXIT_OK


def _find_inputs(args: argparse.Namespace, summary: _Summary) -> list[Path] | str:
    """Return the input files, or what is wrong with the command line."""
    problem = "--by-template needs --cells-csv" if args.by_template and not args.cells_csv else None
    problem = problem or _usage_problem(args)
    if problem is not None:
        return problem
    try:
        suffixes = input_suffixes(legacy=bool(converter_option(args)))
        paths = list(iter_sources(args.paths, suffixes=suffixes, on_skip=summary.skipped.append))
    except FileNotFoundError as exc:
        return str(exc)
    outputs = [path for path in _output_paths(args) if path.exists()]
    inputs = []
    for path in paths:
        if any(_same_file(path, output) for output in outputs):
            summary.skipped.append(Skipped(path=os.fspath(path), reason="an output of this run"))
        else:
            inputs.append(path)
    return inputs


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _usage_problem(args: argparse.Namespace) -> str | None:
    outputs = _output_paths(args)
    if len({output.resolve() for output in outputs}) < len(outputs):
        return say(
            args.lang,
            "--out、--cells-csv 和 --long-csv 必须是不同的文件",
            "--out, --cells-csv and --long-csv must name different files",
        )
    for output in outputs:
        if output.is_dir():
            return say(
                args.lang,
                f"{output} 是文件夹，不是要写入的文件",
                f"{output} is a folder, not a file to write",
            )
        if not output.parent.is_dir():
            return say(args.lang, f"{output} 所在的文件夹不存在", f"folder of {output} does not exist")
    return None


_FAILED = "failed"  # the wide file of the inputs without a report, with --by-template
_NO_CELLS: tuple[RecordColumn, ...] = tuple(
    column for column in RECORD_COLUMNS if column.name not in record_keys()
)


def _wide_paths(path: Path) -> dict[str, Path]:
    """The wide CSV files of ``--by-template``, by template value (and ``failed``): ``NAME.2021.csv``."""
    parts = [*(version.value for version in TemplateVersion), _FAILED]
    return {part: path.with_name(f"{path.stem}.{part}{path.suffix}") for part in parts}


def _output_paths(args: argparse.Namespace) -> list[Path]:
    """Every file the run may write."""
    wide = [] if args.cells_csv is None else [args.cells_csv]
    if args.by_template and args.cells_csv is not None:
        wide = list(_wide_paths(args.cells_csv).values())
    return [args.out, *wide, *([] if args.long_csv is None else [args.long_csv])]


def _run(args: argparse.Namespace, paths: list[Path], summary: _Summary) -> None:
    if args.resume:
        recorded = _recorded_outcomes(args.out)
        for table in _output_paths(args)[1:]:
            _trim_csv(table, recorded)
        remaining = [path for path in paths if not _already_recorded(path, recorded)]
        summary.resumed = len(paths) - len(remaining)
        paths = remaining
    with _Outputs(args, append=args.resume) as outputs:
        outcomes = parse_many(
            paths,
            workers=args.workers,
            validate=batch_validation(args),
            timeout=args.timeout or None,
            on_skip=summary.skipped.append,
            parse=functools.partial(parse_bytes, pdf_backend=args.pdf_backend),
            ordered=True,
            convert=converter_option(args),
        )
        with contextlib.closing(outcomes):
            try:
                progress = False if args.quiet else args.progress
                for outcome in _progress(outcomes, total=len(paths), enabled=progress, summary=summary):
                    outputs.write(outcome)
                    summary.add(outcome)
                    if args.verbose:
                        _say_outcome(outcome, args.lang)
            except WorkerPoolError as exc:
                raise _RunFailedError(str(exc), f"{exc.headline_zh}: {exc}") from exc


def _say_outcome(outcome: Outcome, lang: Lang) -> None:
    """The ``--verbose`` line of one input: how it was parsed, or why it failed."""
    if outcome.report is not None:
        note(report_line(outcome.source, outcome.report, outcome.seconds, lang))
    elif outcome.error is not None:
        note(
            readable(
                f"{PROGRAM}: {outcome.source}: {outcome.error.type}: {outcome.error.message}", lines=False
            )
        )


def _stop_message(args: argparse.Namespace, why: str, summary: _Summary) -> None:
    """One line: why the run stopped, how much was recorded, and the command that finishes it."""
    command = _resume_command(args)
    with contextlib.suppress(OSError):  # standard error may be a closed terminal (SIGHUP)
        tell(
            "batch",
            args.lang,
            f"{readable(why, lines=False)}；已记录 {summary.done} 个输入，运行以下命令完成：{command}",
            f"{readable(why, lines=False)}; {summary.done} inputs recorded, to finish run: {command}",
        )


def _resume_command(args: argparse.Namespace) -> str:
    """The command line of this run, shell-quoted, with ``--resume`` (added when it is not there)."""
    argv = list(getattr(args, "argv", None) or sys.argv[1:])
    if "--resume" not in argv:
        argv.insert(argv.index("batch") + 1 if "batch" in argv else len(argv), "--resume")
    return readable(shlex.join([PROGRAM, *argv]), lines=False)


@contextlib.contextmanager
def _signals_stop_the_run() -> Iterator[None]:
    """Turn the stopping signals into :class:`_Stopped` (in the main thread), so that outputs are closed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        for number in previous:
            signal.signal(number, signal.SIG_IGN)  # a second signal must not break the winding down
        raise _Stopped(signum)

    previous = {number: signal.signal(number, stop) for number in _STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class _Outputs:
    """The output files of a run: the CSV rows of each outcome first, then its JSON line.

    Each is flushed per outcome, and the JSON line comes last, so that a run
    killed at any point leaves at most one outcome's rows in the CSV files
    without its line, which resuming removes (:func:`_trim_csv`).
    """

    def __init__(self, args: argparse.Namespace, *, append: bool) -> None:
        self._stack = contextlib.ExitStack()
        self._out = args.out
        self._content = args.jsonl_content
        self._complete_only = args.complete_only
        self._mode = "a" if append else "w"
        self._tables: list[_Table] = []
        try:
            self._open_all(args)
        except BaseException:
            with contextlib.suppress(_RunFailedError):
                self._stack.close()
            raise

    def _open_all(self, args: argparse.Namespace) -> None:
        self._jsonl = self._open(args.out)
        tables: list[tuple[Path, tuple[RecordColumn, ...], _Records, _Filter]] = []
        if args.cells_csv is not None and args.by_template:
            paths = _wide_paths(args.cells_csv)
            tables += [
                (paths[version.value], record_columns(version), _wide_records, _of(version))
                for version in TemplateVersion
            ]
            tables.append((paths[_FAILED], _NO_CELLS, _wide_records, _of(None)))
        elif args.cells_csv is not None:
            tables.append((args.cells_csv, RECORD_COLUMNS, _wide_records, None))
        if args.long_csv is not None:
            tables.append((args.long_csv, LONG_COLUMNS, report_to_long_records, None))
        for path, columns, records, accepts in tables:
            header = self._mode == "w" or not path.exists() or path.stat().st_size == 0
            handle = self._open(path, newline="")
            with _writing(path):
                writer = RecordWriter(columns, handle, headers=args.csv_headers, bom=args.bom, header=header)
            self._tables.append(_Table(path, handle, writer, records, accepts))

    def _open(self, path: Path, *, newline: str | None = None) -> IO[str]:
        with _writing(path, "open"):
            handle = open(path, self._mode, encoding="utf-8", newline=newline)  # noqa: SIM115 - closed by close()
        self._stack.callback(_close, path, handle)
        return handle

    def write(self, outcome: Outcome) -> None:
        tables = self._tables if not self._complete_only or outcome.status == "complete" else []
        for table in tables:
            if table.accepts is not None and not table.accepts(outcome):
                continue
            with _writing(table.path):
                for record in table.records(outcome):
                    table.writer.write(record)
                table.handle.flush()
        line = json_text(json.dumps(outcome_to_dict(outcome, content=self._content), ensure_ascii=False))
        with _writing(self._out):
            self._jsonl.write(line + "\n")
            self._jsonl.flush()

    def __enter__(self) -> _Outputs:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is None:
            self._stack.close()
            return
        with contextlib.suppress(_RunFailedError):  # the error on the way out is the one to report
            self._stack.close()


_Records = Callable[[Outcome], Iterable[Record]]
"""The rows of an outcome in a CSV output."""
_Filter = Callable[[Outcome], bool] | None
"""Which outcomes a CSV output takes (``None``: all)."""


@attrs.frozen
class _Table:
    """One CSV output: its file, its writer, the records of an outcome, and which outcomes it takes."""

    path: Path
    handle: IO[str]
    writer: RecordWriter
    records: _Records
    accepts: _Filter


def _of(version: TemplateVersion | None) -> Callable[[Outcome], bool]:
    """Whether an outcome's report is of ``version`` (``None``: the outcome has no report)."""

    def accepts(outcome: Outcome) -> bool:
        report = outcome.report
        return (report.template if report is not None else None) is version

    return accepts


def _wide_records(outcome: Outcome) -> Iterable[Record]:
    return (report_to_record(outcome),)


def _close(path: Path, handle: IO[str]) -> None:
    with _writing(path):
        handle.close()


@contextlib.contextmanager
def _writing(path: Path, action: Literal["write", "open", "resume from"] = "write") -> Iterator[None]:
    """Turn an error writing ``path`` (a full disk, a lost mount) into a one-line :class:`_RunFailedError`."""
    try:
        yield
    except OSError as exc:
        name = readable(str(path), lines=False)
        why = exc.strerror or str(exc)
        zh = f"无法{_ACTIONS_ZH[action]} {name}: {why}"
        raise _RunFailedError(f"cannot {action} {name}: {why}", zh) from exc


_ACTIONS_ZH = {"write": "写入", "open": "打开", "resume from": "续接"}


# The start of a line written by run_batch: the source (a JSON string, in which quotes are escaped)
# and the SHA-256.  Matching it avoids decoding whole reports when resuming a long run.
_LINE_START = re.compile(rb'^\{"source": ("(?:[^"\\]|\\.)*"), "sha256": (?:"([0-9a-f]{64})"|null)')


def _recorded_outcomes(path: Path) -> dict[str, set[str | None]]:
    """Return source → SHA-256 values recorded in a JSON Lines output, dropping a torn last line.

    An input that could not be read has ``None`` for its SHA-256.
    """
    recorded: dict[str, set[str | None]] = {}
    if not path.is_file():
        return recorded  # nothing yet, or a device such as /dev/null
    complete = 0  # offset just after the last complete line
    with _writing(path, "resume from"), path.open("rb+") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                break  # the previous run stopped in the middle of this line
            complete += len(line)
            match = _LINE_START.match(line)
            if match:
                source = json.loads(match.group(1).decode("utf-8", "replace"))
                sha256 = match.group(2)
                recorded.setdefault(source, set()).add(None if sha256 is None else sha256.decode("ascii"))
        handle.truncate(complete)
    return recorded


def _already_recorded(path: Path, recorded: dict[str, set[str | None]]) -> bool:
    """Whether ``path`` has an outcome for its present content: the same path and the same SHA-256."""
    hashes = recorded.get(os.fspath(path))
    if not hashes:
        return False
    try:
        data = read_capped(path, DEFAULT_LIMITS, regular_only=True)
    except (OSError, LimitExceededError):
        return False  # not skipped: the run records the error
    return hashlib.sha256(data).hexdigest() in hashes


def _trim_csv(path: Path, recorded: dict[str, set[str | None]]) -> None:
    """Remove the rows at the end of a CSV output whose outcome has no line in the JSON Lines output.

    A run stopped between writing an outcome's CSV rows and its JSON line
    leaves them; that input is parsed again on resuming.  A torn last row, or
    a torn header, goes too.
    """
    if not path.is_file():
        return
    field = RecordWriter.field
    written = {(field(source), field(sha256)) for source, hashes in recorded.items() for sha256 in hashes}
    keep = 0  # offset just after the last row to keep
    offset = 0
    complete = True

    def lines(handle: BinaryIO) -> Iterator[str]:
        nonlocal offset, complete
        for line in handle:
            offset += len(line)
            complete = line.endswith(b"\n")
            yield line.decode("utf-8", "replace")

    with _writing(path, "resume from"), path.open("rb+") as handle:
        for number, row in enumerate(csv.reader(lines(handle))):
            if complete and (number == 0 or tuple(row[:2]) in written):
                keep = offset
        handle.truncate(keep)


class _Summary:
    """Counts for the closing summary and the progress lines."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.skipped: list[Skipped] = []
        self.resumed = 0
        self.complete = 0
        self.partial = 0
        self.failed = 0
        self.errors: Counter[str] = Counter()
        self.rules: Counter[str] = Counter()
        self.with_errors = 0
        self.started = time.monotonic()

    def add(self, outcome: Outcome) -> None:
        status = outcome.status
        if status == "complete":
            self.complete += 1
        elif status == "partial":
            self.partial += 1
        else:
            self.failed += 1
            self.errors[outcome.error.type if outcome.error is not None else "unknown"] += 1
        rules = {finding.rule_id for finding in outcome.findings if finding.severity is Severity.ERROR}
        self.with_errors += bool(rules)
        self.rules.update(rules)

    @property
    def parsed(self) -> int:
        return self.complete + self.partial

    @property
    def done(self) -> int:
        return self.parsed + self.failed

    def line(self, total: int) -> str:
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        counts = say(
            self.lang,
            f"{self.done}/{total} 个输入，{self.partial} 个不完整，{self.failed} 个失败，{rate:.1f}/秒",
            f"{self.done}/{total} inputs, {self.partial} partial, {self.failed} failed, {rate:.1f}/s",
        )
        return f"{PROGRAM} batch: {counts}"

    def render(self) -> str:
        seconds = time.monotonic() - self.started
        lang = self.lang
        lines = [
            say(lang, f"已解析：{self.parsed}", f"parsed: {self.parsed}"),
            say(lang, f"  完整：{self.complete}", f"  complete: {self.complete}"),
            say(
                lang,
                f"  不完整（部分表格单元格未读出）：{self.partial}",
                f"  partial (some table cells not read): {self.partial}",
            ),
            say(lang, f"失败：{self.failed}", f"failed: {self.failed}"),
        ]
        lines += [f"  {readable(name, lines=False)}: {count}" for name, count in sorted(self.errors.items())]
        if self.skipped:
            lines.append(
                say(lang, f"未解析而跳过：{len(self.skipped)}", f"skipped (not parsed): {len(self.skipped)}")
            )
            lines += self._skipped_lines()
        if self.resumed:
            lines.append(
                say(
                    lang,
                    f"已在输出中而跳过：{self.resumed}",
                    f"skipped (already in the output): {self.resumed}",
                )
            )
        lines.append(
            say(
                lang,
                f"有错误级问题的报告：{self.with_errors}",
                f"reports with error-level findings: {self.with_errors}",
            )
        )
        lines += [f"  {rule}: {count}" for rule, count in sorted(self.rules.items())]
        lines.append(say(lang, f"用时：{seconds:.1f} 秒", f"time: {seconds:.1f} s"))
        return "\n".join(lines) + "\n"

    def _skipped_lines(self) -> list[str]:
        """The skipped paths grouped by reason, at most a few per reason."""
        by_reason: dict[str, list[str]] = {}
        for item in self.skipped:
            by_reason.setdefault(item.reason, []).append(item.path)
        lines = []
        for reason, paths in by_reason.items():
            lines.append(f"  {readable(reason, lines=False)}: {len(paths)}")
            hint = _format_hint if reason == NOT_A_REPORT_SUFFIX else _no_hint
            lines += [f"    {readable(path + hint(path), lines=False)}" for path in paths[:_SKIPPED_SHOWN]]
            if len(paths) > _SKIPPED_SHOWN:
                more = len(paths) - _SKIPPED_SHOWN
                lines.append(say(self.lang, f"    ……另有 {more} 个", f"    ... and {more} more"))
        return lines


def _no_hint(path: str) -> str:
    return ""


def _format_hint(path: str) -> str:
    """What a file left out for its suffix looks like, and how to convert it, from its first bytes."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
        found = detect_format(head, name=os.path.basename(path))
    except (GovInfoReportError, OSError) as exc:
        message = str(exc).removeprefix(os.path.basename(path) + ": ")
        return f" ({message})"
    return f" (looks like {found.value}: rename it, or name it on the command line, to parse it)"


def _progress(
    outcomes: Iterable[Outcome], *, total: int, enabled: bool | None, summary: _Summary
) -> Iterator[Outcome]:
    """Report progress on standard error while passing the outcomes through."""
    if enabled is False:
        yield from outcomes
        return
    bar = _tqdm_bar(total, force=bool(enabled)) if enabled or sys.stderr.isatty() else None
    if bar is not None:
        with bar:
            for outcome in outcomes:
                yield outcome
                bar.update(1)
                if not outcome.ok:
                    bar.set_postfix(failed=summary.failed, refresh=False)
        return
    last = time.monotonic()
    for outcome in outcomes:
        yield outcome
        if time.monotonic() - last >= _PLAIN_PROGRESS_EVERY:
            last = time.monotonic()
            print(summary.line(total), file=sys.stderr, flush=True)
    if total:
        print(summary.line(total), file=sys.stderr, flush=True)


def _tqdm_bar(total: int, *, force: bool) -> Any:
    try:
        tqdm = import_module("tqdm").tqdm  # optional, from the [cli] extra
    except ImportError:
        return None
    # disable=None: tqdm turns itself off when standard error is not a terminal.
    return tqdm(total=total, unit="file", file=sys.stderr, disable=False if force else None)
