"""The ``govinfo-report`` command line.

Exit status of ``parse``: 0 when every file parsed, 2 when a file could not
be parsed or the command line is wrong; ``validate`` adds 1 for error-level
findings; ``batch`` has its own, listed in its help.  Ctrl-C ends any
command with one line on stderr and status 130; a reader that stops reading
(``| head``) ends it quietly with status 141, as a shell reports ``SIGPIPE``.
Results go to stdout, diagnostics to stderr, among them a line for each
partial report (some table cells not read), in the language of ``--lang``.

Text from the inputs (titles, agency names, cells, file names, error
messages) is printed with control characters escaped, so that a report cannot
send escape sequences to the terminal; JSON output escapes them as JSON does
and stays exact.  JSON is written as UTF-8 whatever the console's encoding;
readable text escapes what the console's encoding cannot hold.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from govinfo_report import _version
from govinfo_report._escape import json_text, readable
from govinfo_report._pipeline import parse_bytes
from govinfo_report.cli._batch import add_batch_parser, run_batch
from govinfo_report.cli._convert import add_convert_options
from govinfo_report.cli._dask import add_dask_parser, run_dask
from govinfo_report.cli._inputs import load_report, shown_name, source_name, stdin_named_twice
from govinfo_report.cli._messages import Lang, error_lines, interrupted, note, partial_line, tell
from govinfo_report.cli._options import (
    CommandParser,
    add_lang_option,
    add_pdf_backend_option,
    add_timeout_option,
    add_verbosity_options,
    iso_date,
    non_negative_int,
)
from govinfo_report.cli._review import add_review_parsers, run_dashboard, run_review
from govinfo_report.cli._series import expand_folders, pairing_lines, plan
from govinfo_report.cli._settings import SettingsError, add_config_options, apply_settings, published_date
from govinfo_report.cli._streams import (
    EXIT_CLOSED_PIPE,
    silence_closed_stdout,
    tolerate_narrow_encodings,
    write_json,
)
from govinfo_report.errors import GovInfoReportError
from govinfo_report.examples import EXAMPLE_NAME, example_bytes
from govinfo_report.model import Report
from govinfo_report.render import render_report
from govinfo_report.serialize import to_cells_document, to_dict

__all__ = ["main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it

_FILES_HELP = "report files (text, HTML, DOCX, PDF); - reads standard input"


class _DeprecatedAlias(argparse.Action):
    """An old option name that still works; a note on standard error names the new one."""

    def __init__(self, *args: Any, replacement: str, **options: Any) -> None:
        super().__init__(*args, **options)
        self.replacement = replacement

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        namespace.deprecated = [*getattr(namespace, "deprecated", []), (option_string, self.replacement)]


def _parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog="govinfo-report",
        description="Parse and check 政府信息公开工作年度报告 "
        "(government information-disclosure annual reports).",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {_version.version()}",
        help="print the version and exit",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser("parse", help="parse reports and print their tables")
    parse.add_argument("files", nargs="*", type=Path, metavar="FILE", help=_FILES_HELP)
    parse.add_argument(
        "--to",
        choices=("text", "json", "cells"),
        default="text",
        help="output: readable tables (default), the full model as JSON, or the flat cell-key export",
    )
    parse.add_argument(
        "--example", action="store_true", help="parse the sample report bundled with the library"
    )
    parse.add_argument(
        "--indent",
        type=non_negative_int,
        default=None,
        metavar="N",
        help="indent JSON output by N spaces (default: one line per report)",
    )
    add_timeout_option(parse)
    add_pdf_backend_option(parse)
    add_convert_options(parse)
    add_lang_option(parse)
    add_verbosity_options(parse)

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
        "the same agency's report of the year before when it is among them; - reads standard input",
    )
    validate.add_argument(
        "--previous",
        type=Path,
        help="the same agency's report of the year before, for every FILE "
        "(refused for a FILE of another agency or year)",
    )
    validate.add_argument(
        "--to",
        choices=("text", "json"),
        default="text",
        dest="output",
        help="output: findings as text grouped by table (default), or JSON",
    )
    validate.add_argument(
        "--format",
        choices=("text", "json"),
        dest="output",
        action=_DeprecatedAlias,
        replacement="--to",
        help=argparse.SUPPRESS,
    )
    add_lang_option(validate, "findings and messages")
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
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the date the report was published, for the deadline rule R-G-01",
    )
    add_timeout_option(validate)
    add_pdf_backend_option(validate)
    add_config_options(validate)
    add_convert_options(validate)
    add_verbosity_options(validate)
    add_batch_parser(commands)
    add_dask_parser(commands)
    add_review_parsers(commands)
    return parser


def _note_partial(name: str, report: Report, args: argparse.Namespace) -> None:
    """Say on standard error that a report is partial, whatever the output format (not with --quiet)."""
    line = partial_line(name, report, args.lang)
    if line is not None and not args.quiet:
        note(line)


def _json(value: object, indent: int | None = None) -> str:
    return json_text(json.dumps(value, ensure_ascii=False, indent=indent)) + "\n"


def _emit(report: Report, how: str, indent: int | None, out: TextIO) -> None:
    if how == "text":
        out.write(readable(render_report(report)))
    elif how == "json":
        write_json(_json(to_dict(report), indent), out)
    else:
        write_json(_json(to_cells_document(report), indent), out)


def _error(path: Path, exc: Exception, lang: Lang) -> None:
    for line in error_lines(shown_name(path), exc, lang, source=source_name(path)):
        note(line)


def _stdin_twice(command: str, lang: Lang) -> int:
    tell(command, lang, "标准输入（-）只能读取一次", "standard input (-) can be read only once")
    return EXIT_USAGE


def _parse_command(args: argparse.Namespace, out: TextIO) -> int:
    if args.example == bool(args.files):
        tell(
            "parse",
            args.lang,
            "请给出 FILE 参数或 --example（二者取其一）",
            "give FILE arguments or --example (not both)",
        )
        return EXIT_USAGE
    if stdin_named_twice(args.files):
        return _stdin_twice("parse", args.lang)
    if args.example:
        report = parse_bytes(example_bytes(), source=EXAMPLE_NAME)
        _note_partial(EXAMPLE_NAME, report, args)
        _emit(report, args.to, args.indent, out)
        return EXIT_OK
    status = EXIT_OK
    for path in args.files:
        try:
            report, _ = load_report(path, args)
        except (GovInfoReportError, OSError, ImportError) as exc:  # ImportError: a backend not installed
            _error(path, exc, args.lang)
            status = EXIT_UNREADABLE
            continue
        _note_partial(shown_name(path), report, args)
        _emit(report, args.to, args.indent, out)
    return status


def _ids(text: str) -> frozenset[str] | None:
    ids = frozenset(part.strip() for part in text.split(",") if part.strip())
    return ids or None


_Read = tuple[Path, Report]


def _read_for_validation(args: argparse.Namespace) -> tuple[list[_Read], _Read | None, bool] | int:
    """Parse validate's FILEs (folders expanded) and ``--previous``.

    Returns:
        The reports, the previous report and whether some FILE was unreadable,
        or the exit status when the command cannot go on.
    """
    reports: list[_Read] = []
    previous: _Read | None = None
    unreadable = False
    files = expand_folders(args.files)
    paths = [args.previous, *files] if args.previous else files
    if stdin_named_twice(paths):
        return _stdin_twice("validate", args.lang)
    for path in paths:
        try:
            report, _ = load_report(path, args)
        except (GovInfoReportError, OSError, ImportError) as exc:  # ImportError: a backend not installed
            _error(path, exc, args.lang)
            if path is args.previous:
                return EXIT_UNREADABLE  # the cross-year checks would silently not run
            unreadable = True  # the other files' findings still count
            continue
        if path is args.previous and previous is None:
            previous = (path, report)
        else:
            reports.append((path, report))
    return reports, previous, unreadable


def _validate_command(args: argparse.Namespace, out: TextIO) -> int:
    from govinfo_report.validation import format_findings, summarize, validate  # noqa: PLC0415 - on demand

    select, ignore, extend = _ids(args.select), _ids(args.ignore), _ids(args.extend_select)
    read = _read_for_validation(args)
    if isinstance(read, int):
        return read
    reports, previous, unreadable = read
    failed = False
    results = []
    for item in plan(reports, previous):
        path, report = item.path, item.report
        if item.refused is not None:
            note(
                readable(
                    f"govinfo-report validate: {shown_name(path)}: {item.refused.describe(args.lang)}",
                    lines=False,
                )
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
            note(f"govinfo-report validate: {readable(str(exc), lines=False)}")
            return EXIT_USAGE
        failed = failed or any(finding.severity == "error" for finding in findings)
        summary = summarize(findings)
        if args.output == "json":
            results.append(
                {
                    "file": shown_name(path),
                    "previous": item.previous and shown_name(item.previous[0]),
                    "pairing": item.pairing,
                    "summary": attrs.asdict(summary),
                    "findings": [finding.to_dict() for finding in findings],
                }
            )
        else:
            heading = readable(shown_name(path), lines=False)
            text = format_findings(findings, lang=args.lang)
            pairing = pairing_lines(item, args.lang)
            out.write(f"== {heading}\n{pairing}{summary.line(args.lang)}\n{readable(text)}\n")
    if args.output == "json":
        write_json(_json(results, 2), out)
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_FAILED if failed else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    tolerate_narrow_encodings()
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(arguments)
    except BrokenPipeError:  # the reader of standard output went away (| head): end quietly
        silence_closed_stdout()
        return EXIT_CLOSED_PIPE


def _main(arguments: list[str]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    try:
        args = apply_settings(parser, arguments, args)
    except SettingsError as exc:
        tell(args.command, args.lang, readable(str(exc), lines=False), readable(str(exc), lines=False))
        return EXIT_USAGE
    except SystemExit as exc:  # a value from the settings that the option refuses
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    args.argv = arguments  # the command to give again, e.g. to resume a stopped batch run
    for option, replacement in getattr(args, "deprecated", ()):
        tell(
            "",
            args.lang,
            f"{option} 已弃用，请改用 {replacement}",
            f"{option} is deprecated; use {replacement}",
        )
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
        status = commands[args.command](args, sys.stdout)
        sys.stdout.flush()  # a closed pipe shows here, not at the interpreter's exit
    except KeyboardInterrupt:
        note(interrupted(args.command, args.lang))
        return EXIT_INTERRUPTED
    return status
