"""The ``govinfo-report batch`` command: many files in, JSON Lines and CSV out.

Kept apart from :mod:`govinfo_report.cli` so that the command's logic can be
tested on its own; ``cli`` registers it with :func:`add_batch_parser` and
runs it with :func:`run_batch`.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import import_module
from pathlib import Path
from typing import Any, TextIO

import attrs

from govinfo_report._pipeline import parse_bytes
from govinfo_report.batch import Outcome, iter_sources, parse_many
from govinfo_report.limits import DEFAULT_LIMITS
from govinfo_report.readers import PDF_BACKENDS
from govinfo_report.serialize import to_dict
from govinfo_report.serialize.csv import (
    LONG_COLUMNS,
    RECORD_COLUMNS,
    RecordWriter,
    report_to_long_records,
    report_to_record,
)
from govinfo_report.validation import Severity

__all__ = ["add_batch_parser", "add_pdf_backend_option", "outcome_to_json", "run_batch"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

_PLAIN_PROGRESS_EVERY = 10.0  # seconds between progress lines without a progress bar


def add_pdf_backend_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--pdf-backend`` (the engine that reads PDFs) to a command's ``parser``."""
    parser.add_argument(
        "--pdf-backend",
        choices=PDF_BACKENDS,
        default=None,
        help="engine that reads PDFs: pdfium (fast) or pdfminer (the reference); "
        "default: pdfium where pypdfium2 can be imported",
    )


def add_batch_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``batch`` command to ``subparsers`` (from :meth:`argparse.ArgumentParser.add_subparsers`)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "batch",
        help="parse many reports in parallel into JSON Lines and CSV",
        description=(
            "Parse and validate every report under the given files and folders in worker processes. "
            "Writes one JSON object per input to --out and, on request, CSV tables. "
            "Exit status: 0 every input parsed, 1 some input failed, 2 usage error."
        ),
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="report files, or folders to search for them"
    )
    parser.add_argument("--out", type=Path, required=True, help="JSON Lines output: one outcome per input")
    parser.add_argument(
        "--cells-csv", type=Path, help="wide CSV: one row per report, one column per cell key"
    )
    parser.add_argument("--long-csv", type=Path, help="long CSV: one row per cell")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: one per CPU)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_LIMITS.timeout,
        help="seconds one input may take, 0 for no limit (default: %(default)s; needs --workers 2 or more)",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="skip inputs whose SHA-256 is already in --out and append to the outputs",
    )
    parser.add_argument("--zh", action="store_true", help="Chinese column headers in the CSV files")
    add_pdf_backend_option(parser)
    parser.add_argument(
        "--validate",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="check the consistency rules of each report (default: on)",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress on standard error (default: a bar on a terminal, periodic lines otherwise)",
    )
    return parser


def run_batch(args: argparse.Namespace, out: TextIO) -> int:
    """Run the ``batch`` command parsed by :func:`add_batch_parser`; the summary goes to ``out``.

    Returns:
        0 when every input was parsed, 1 when some failed, 2 for usage errors.
    """
    if args.workers is not None and args.workers < 1:
        return _usage("--workers must be at least 1")
    if args.timeout is not None and args.timeout < 0:
        return _usage("--timeout must not be negative")
    try:
        paths = list(iter_sources(args.paths))
    except FileNotFoundError as exc:
        return _usage(str(exc))
    for output in (args.out, args.cells_csv, args.long_csv):
        if output is not None and not output.parent.is_dir():
            return _usage(f"folder of {output} does not exist")

    skipped = 0
    if args.resume:
        done = _recorded_hashes(args.out)
        remaining = [path for path in paths if _sha256(path) not in done]
        skipped = len(paths) - len(remaining)
        paths = remaining

    summary = _Summary(skipped=skipped)
    mode = "a" if args.resume else "w"
    with contextlib.ExitStack() as stack:
        jsonl = stack.enter_context(open(args.out, mode, encoding="utf-8"))
        wide = _csv_writer(stack, args.cells_csv, "wide", mode=mode, zh=args.zh)
        long = _csv_writer(stack, args.long_csv, "long", mode=mode, zh=args.zh)
        outcomes = parse_many(
            paths,
            workers=args.workers,
            validate=args.validate,
            timeout=args.timeout or None,
            parse=functools.partial(parse_bytes, pdf_backend=args.pdf_backend),
        )
        with contextlib.closing(outcomes):
            for outcome in _progress(outcomes, total=len(paths), enabled=args.progress, summary=summary):
                jsonl.write(json.dumps(outcome_to_json(outcome), ensure_ascii=False) + "\n")
                jsonl.flush()
                if wide is not None:
                    wide.write(report_to_record(outcome))
                if long is not None:
                    for record in report_to_long_records(outcome):
                        long.write(record)
                summary.add(outcome)
    out.write(summary.render())
    return EXIT_FAILED if summary.failed else EXIT_OK


def outcome_to_json(outcome: Outcome) -> dict[str, Any]:
    """Return the JSON Lines object of one outcome."""
    error = None
    if outcome.error is not None:
        location = outcome.error.location
        error = {
            "type": outcome.error.type,
            "message": outcome.error.message,
            "location": None if location is None else attrs.asdict(location, filter=_known),
        }
    return {
        "source": outcome.source,
        "sha256": outcome.sha256,
        "ok": outcome.ok,
        "seconds": round(outcome.seconds, 4),
        "error": error,
        "findings": [finding.to_dict() for finding in outcome.findings],
        "report": None if outcome.report is None else to_dict(outcome.report),
    }


def _known(attribute: attrs.Attribute[Any], value: object) -> bool:
    return value is not None


def _usage(message: str) -> int:
    print(f"govinfo-report batch: {message}", file=sys.stderr)
    return EXIT_USAGE


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None  # not skipped: the run records the error
    return digest.hexdigest()


# The start of a line written by run_batch: the source (a JSON string, in which quotes are escaped)
# and the SHA-256.  Matching it avoids decoding whole reports when resuming a long run.
_LINE_START = re.compile(rb'^\{"source": (?:"(?:[^"\\]|\\.)*"|null), "sha256": "([0-9a-f]{64})"')


def _recorded_hashes(path: Path) -> set[str]:
    """Return the SHA-256 values recorded in a JSON Lines output, dropping a torn last line."""
    if not path.exists():
        return set()
    hashes: set[str] = set()
    complete = 0  # offset just after the last complete line
    with path.open("rb+") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                break  # the previous run stopped in the middle of this line
            complete += len(line)
            match = _LINE_START.match(line)
            if match:
                hashes.add(match.group(1).decode("ascii"))
        handle.truncate(complete)
    return hashes


def _csv_writer(
    stack: contextlib.ExitStack, path: Path | None, kind: str, *, mode: str, zh: bool
) -> RecordWriter | None:
    if path is None:
        return None
    header = mode == "w" or not path.exists() or path.stat().st_size == 0
    handle = stack.enter_context(open(path, mode, encoding="utf-8", newline=""))  # noqa: SIM115
    return RecordWriter(RECORD_COLUMNS if kind == "wide" else LONG_COLUMNS, handle, zh=zh, header=header)


class _Summary:
    """Counts for the closing summary and the progress lines."""

    def __init__(self, *, skipped: int) -> None:
        self.skipped = skipped
        self.parsed = 0
        self.failed = 0
        self.errors: Counter[str] = Counter()
        self.rules: Counter[str] = Counter()
        self.with_errors = 0
        self.started = time.monotonic()

    def add(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.parsed += 1
        else:
            self.failed += 1
            self.errors[outcome.error.type if outcome.error is not None else "unknown"] += 1
        rules = {finding.rule_id for finding in outcome.findings if finding.severity is Severity.ERROR}
        self.with_errors += bool(rules)
        self.rules.update(rules)

    @property
    def done(self) -> int:
        return self.parsed + self.failed

    def line(self, total: int) -> str:
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        return f"govinfo-report batch: {self.done}/{total} inputs, {self.failed} failed, {rate:.1f}/s"

    def render(self) -> str:
        seconds = time.monotonic() - self.started
        lines = [f"parsed: {self.parsed}", f"failed: {self.failed}"]
        lines += [f"  {name}: {count}" for name, count in sorted(self.errors.items())]
        if self.skipped:
            lines.append(f"skipped (already in the output): {self.skipped}")
        lines.append(f"reports with error-level findings: {self.with_errors}")
        lines += [f"  {rule}: {count}" for rule, count in sorted(self.rules.items())]
        lines.append(f"time: {seconds:.1f} s")
        return "\n".join(lines) + "\n"


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
