"""The ``govinfo-report`` command line.

Exit status of ``parse``: 0 when every file parsed, 2 when a file could not
be parsed or the command line is wrong; ``validate`` adds 1 for error-level
findings; ``batch`` has its own, listed in its help.  Ctrl-C ends any
command with one line on stderr and status 130.
Results go to stdout, diagnostics to stderr, among them a line for each
partial report (some table cells not read).

Text from the inputs (titles, agency names, cells, file names, error
messages) is printed with control characters escaped, so that a report cannot
send escape sequences to the terminal; JSON output escapes them as JSON does
and stays exact.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

import attrs

from govinfo_report import _version
from govinfo_report._escape import json_text, readable
from govinfo_report._pipeline import parse_bytes, parse_path
from govinfo_report.cli._batch import add_batch_parser, add_pdf_backend_option, run_batch
from govinfo_report.cli._convert import add_convert_options, converter_option
from govinfo_report.cli._dask import add_dask_parser, run_dask
from govinfo_report.cli._review import add_review_parsers, run_dashboard, run_review
from govinfo_report.cli._series import expand_folders, pairing_lines, plan
from govinfo_report.cli._settings import SettingsError, add_config_options, apply_settings, published_date
from govinfo_report.errors import GovInfoReportError
from govinfo_report.examples import EXAMPLE_NAME, example_bytes
from govinfo_report.limits import DEFAULT_LIMITS
from govinfo_report.model import Report
from govinfo_report.render import completeness_lines, render_report
from govinfo_report.serialize import to_cells_document, to_dict

__all__ = ["main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govinfo-report",
        description="Parse and check 政府信息公开工作年度报告 "
        "(government information-disclosure annual reports).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version.version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser("parse", help="parse reports and print their tables")
    parse.add_argument(
        "files", nargs="*", type=Path, metavar="FILE", help="report files (text, HTML, DOCX, PDF)"
    )
    parse.add_argument(
        "--to",
        choices=("text", "json", "cells"),
        default="text",
        help="output: readable tables (default), the full model as JSON, or the flat cell-key export",
    )
    parse.add_argument(
        "--example", action="store_true", help="parse the sample report bundled with the library"
    )
    parse.add_argument("--indent", type=int, default=None, help="indent JSON output by this many spaces")
    parse.add_argument(
        "--timeout", type=float, default=DEFAULT_LIMITS.timeout, help="seconds allowed per file"
    )
    add_pdf_backend_option(parse)
    add_convert_options(parse)

    validate = commands.add_parser(
        "validate",
        help="parse reports and check their consistency rules",
        description="Exit status: 0 no error-level finding, 1 some error-level finding, "
        "2 a file could not be parsed.",
    )
    validate.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="report files, or folders of reports; several reports are each compared with "
        "the same agency's report of the year before when it is among them",
    )
    validate.add_argument(
        "--previous",
        type=Path,
        help="the same agency's report of the year before, for every FILE "
        "(refused for a FILE of another agency or year)",
    )
    validate.add_argument("--format", choices=("text", "json"), default="text", dest="output")
    validate.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the messages")
    validate.add_argument(
        "--select",
        default="",
        help="comma-separated rule IDs or prefixes to run (default: the rules on by default)",
    )
    validate.add_argument("--ignore", default="", help="comma-separated rule IDs or prefixes to skip")
    validate.add_argument(
        "--extend-select",
        default="",
        help="comma-separated rule IDs to run in addition, e.g. R-T4-07 (off by default)",
    )
    validate.add_argument(
        "--published",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the date the report was published, for the deadline rule R-G-01",
    )
    validate.add_argument(
        "--timeout", type=float, default=DEFAULT_LIMITS.timeout, help="seconds allowed per file"
    )
    add_pdf_backend_option(validate)
    add_config_options(validate)
    add_convert_options(validate)
    add_batch_parser(commands)
    add_dask_parser(commands)
    add_review_parsers(commands)
    return parser


def _read(path: Path, args: argparse.Namespace) -> Report:
    return parse_path(
        path,
        limits=attrs.evolve(DEFAULT_LIMITS, timeout=args.timeout),
        pdf_backend=args.pdf_backend,
        convert=converter_option(args),
    )


def _note_partial(name: str, report: Report) -> None:
    """Say on standard error that a report is partial, whatever the output format."""
    if not report.completeness.complete:
        incomplete = [
            line
            for line, table in zip(completeness_lines(report), report.completeness.tables, strict=True)
            if not table.complete
        ]
        print(readable(f"govinfo-report: {name}: partial report: {'; '.join(incomplete)}"), file=sys.stderr)


def _json(value: object, indent: int | None = None) -> str:
    return json_text(json.dumps(value, ensure_ascii=False, indent=indent)) + "\n"


def _emit(report: Report, how: str, indent: int | None, out: TextIO) -> None:
    if how == "text":
        out.write(readable(render_report(report)))
    elif how == "json":
        out.write(_json(to_dict(report), indent))
    else:
        out.write(_json(to_cells_document(report), indent))


def _error(path: str, exc: Exception) -> None:
    first, *rest = str(exc).splitlines() or [type(exc).__name__]
    name = readable(path, lines=False)
    print(f"govinfo-report: {name}: {type(exc).__name__}: {readable(first, lines=False)}", file=sys.stderr)
    for line in rest:
        print(f"    {readable(line.strip(), lines=False)}", file=sys.stderr)


def _parse_command(args: argparse.Namespace, out: TextIO) -> int:
    if args.example == bool(args.files):
        print("govinfo-report parse: give FILE arguments or --example (not both)", file=sys.stderr)
        return EXIT_USAGE
    if args.example:
        report = parse_bytes(example_bytes(), source=EXAMPLE_NAME)
        _note_partial(EXAMPLE_NAME, report)
        _emit(report, args.to, args.indent, out)
        return EXIT_OK
    status = EXIT_OK
    for path in args.files:
        try:
            report = _read(path, args)
        except (GovInfoReportError, OSError) as exc:
            _error(str(path), exc)
            status = EXIT_UNREADABLE
            continue
        _note_partial(str(path), report)
        _emit(report, args.to, args.indent, out)
    return status


def _ids(text: str) -> frozenset[str] | None:
    ids = frozenset(part.strip() for part in text.split(",") if part.strip())
    return ids or None


def _validate_command(args: argparse.Namespace, out: TextIO) -> int:
    from govinfo_report.validation import format_findings, summarize, validate  # noqa: PLC0415 - on demand

    select, ignore, extend = _ids(args.select), _ids(args.ignore), _ids(args.extend_select)
    reports: list[tuple[Path, Report]] = []
    previous: tuple[Path, Report] | None = None
    unreadable = False
    files = expand_folders(args.files)
    for path in [args.previous, *files] if args.previous else files:
        try:
            report = _read(path, args)
        except (GovInfoReportError, OSError) as exc:
            _error(str(path), exc)
            if path is args.previous:
                return EXIT_UNREADABLE  # the cross-year checks would silently not run
            unreadable = True  # the other files' findings still count
            continue
        if path is args.previous and previous is None:
            previous = (path, report)
        else:
            reports.append((path, report))
    failed = False
    results = []
    for item in plan(reports, previous):
        path, report = item.path, item.report
        if item.refused is not None:
            print(
                readable(f"govinfo-report validate: {path}: {item.refused.describe(args.lang)}", lines=False),
                file=sys.stderr,
            )
            unreadable = True
            continue
        try:
            findings = validate(
                report,
                previous=item.previous and item.previous[1],
                select=select,
                ignore=ignore,
                extend_select=extend,
                published=published_date(args, path),
            )
        except ValueError as exc:  # unknown rule IDs
            print(f"govinfo-report validate: {readable(str(exc), lines=False)}", file=sys.stderr)
            return EXIT_USAGE
        failed = failed or any(finding.severity == "error" for finding in findings)
        summary = summarize(findings)
        if args.output == "json":
            results.append(
                {
                    "file": str(path),
                    "previous": item.previous and str(item.previous[0]),
                    "pairing": item.pairing,
                    "summary": attrs.asdict(summary),
                    "findings": [finding.to_dict() for finding in findings],
                }
            )
        else:
            heading = readable(str(path), lines=False)
            text = format_findings(findings, lang=args.lang)
            pairing = pairing_lines(item, args.lang)
            out.write(f"== {heading}\n{pairing}{summary.line(args.lang)}\n{readable(text)}\n")
    if args.output == "json":
        out.write(_json(results, 2))
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_FAILED if failed else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    try:
        args = apply_settings(parser, argv, args)
    except SettingsError as exc:
        print(f"govinfo-report {args.command}: {readable(str(exc), lines=False)}", file=sys.stderr)
        return EXIT_USAGE
    # pdfminer logs every oddity of a damaged file as a warning; the CLI reports failures itself.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    commands: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
        "parse": _parse_command,
        "validate": _validate_command,
        "batch": run_batch,
        "dask": run_dask,
        "review": run_review,
        "dashboard": run_dashboard,
    }
    try:
        return commands[args.command](args, sys.stdout)
    except KeyboardInterrupt:
        print(f"govinfo-report {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
