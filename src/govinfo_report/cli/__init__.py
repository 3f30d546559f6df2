"""The ``govinfo-report`` command line.

Exit status of ``parse``: 0 when every file parsed, 2 when a file could not
be parsed or the command line is wrong; ``validate`` adds 1 for error-level
findings.  Results go to stdout, diagnostics to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

import attrs

from govinfo_report import _version
from govinfo_report._pipeline import parse_bytes, parse_path
from govinfo_report.cli._batch import add_batch_parser, add_pdf_backend_option, run_batch
from govinfo_report.errors import GovInfoReportError
from govinfo_report.examples import EXAMPLE_NAME, example_bytes
from govinfo_report.limits import DEFAULT_LIMITS
from govinfo_report.model import Report
from govinfo_report.render import render_report
from govinfo_report.serialize import to_cells_document, to_dict

__all__ = ["main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 2


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

    validate = commands.add_parser(
        "validate",
        help="parse reports and check their consistency rules",
        description="Exit status: 0 no error-level finding, 1 some error-level finding, "
        "2 a file could not be parsed.",
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.add_argument("--previous", type=Path, help="the same agency's report of the previous year")
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
    add_batch_parser(commands)
    return parser


def _read(path: Path, args: argparse.Namespace) -> Report:
    return parse_path(
        path, limits=attrs.evolve(DEFAULT_LIMITS, timeout=args.timeout), pdf_backend=args.pdf_backend
    )


def _emit(report: Report, how: str, indent: int | None, out: TextIO) -> None:
    if how == "text":
        out.write(render_report(report))
    elif how == "json":
        out.write(json.dumps(to_dict(report), ensure_ascii=False, indent=indent) + "\n")
    else:
        out.write(json.dumps(to_cells_document(report), ensure_ascii=False, indent=indent) + "\n")


def _error(path: str, exc: Exception) -> None:
    first, *rest = str(exc).splitlines() or [type(exc).__name__]
    print(f"govinfo-report: {path}: {type(exc).__name__}: {first}", file=sys.stderr)
    for line in rest:
        print(f"    {line.strip()}", file=sys.stderr)


def _parse_command(args: argparse.Namespace, out: TextIO) -> int:
    if args.example == bool(args.files):
        print("govinfo-report parse: give FILE arguments or --example (not both)", file=sys.stderr)
        return EXIT_USAGE
    if args.example:
        _emit(parse_bytes(example_bytes(), source=EXAMPLE_NAME), args.to, args.indent, out)
        return EXIT_OK
    status = EXIT_OK
    for path in args.files:
        try:
            report = _read(path, args)
        except (GovInfoReportError, OSError) as exc:
            _error(str(path), exc)
            status = EXIT_UNREADABLE
            continue
        _emit(report, args.to, args.indent, out)
    return status


def _ids(text: str) -> frozenset[str] | None:
    ids = frozenset(part.strip() for part in text.split(",") if part.strip())
    return ids or None


def _validate_command(args: argparse.Namespace, out: TextIO) -> int:
    from govinfo_report.validation import format_findings, validate  # noqa: PLC0415 - loaded on demand

    select, ignore, extend = _ids(args.select), _ids(args.ignore), _ids(args.extend_select)
    reports: list[tuple[Path, Report]] = []
    previous: Report | None = None
    for path in [args.previous, *args.files] if args.previous else args.files:
        try:
            report = _read(path, args)
        except (GovInfoReportError, OSError) as exc:
            _error(str(path), exc)
            return EXIT_UNREADABLE
        if path is args.previous and previous is None:
            previous = report
        else:
            reports.append((path, report))
    failed = False
    results = []
    for path, report in reports:
        try:
            findings = validate(
                report,
                previous=previous,
                select=select,
                ignore=ignore,
                extend_select=extend,
                published=args.published,
            )
        except ValueError as exc:  # unknown rule IDs, a previous report of another year
            print(f"govinfo-report validate: {exc}", file=sys.stderr)
            return EXIT_USAGE
        failed = failed or any(finding.severity == "error" for finding in findings)
        if args.output == "json":
            results.append({"file": str(path), "findings": [finding.to_dict() for finding in findings]})
        else:
            out.write(f"== {path}\n{format_findings(findings, lang=args.lang)}\n")
    if args.output == "json":
        out.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return EXIT_FAILED if failed else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    # pdfminer logs every oddity of a damaged file as a warning; the CLI reports failures itself.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    out = sys.stdout
    if args.command == "parse":
        return _parse_command(args, out)
    if args.command == "batch":
        return run_batch(args, out)
    return _validate_command(args, out)
