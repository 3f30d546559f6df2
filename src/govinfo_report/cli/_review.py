"""The ``review`` and ``dashboard`` commands: HTML pages to look at reports and batch runs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from govinfo_report._escape import readable
from govinfo_report.cli._convert import add_convert_options
from govinfo_report.cli._inputs import STDIN, load_report, shown_name, source_name
from govinfo_report.cli._messages import error_lines, note, say, tell
from govinfo_report.cli._options import (
    add_lang_option,
    add_pdf_backend_option,
    add_timeout_option,
    add_verbosity_options,
)
from govinfo_report.cli._settings import Settings, add_config_options, published_date
from govinfo_report.errors import GovInfoReportError, PreviousReportError

__all__ = ["add_review_parsers", "run_dashboard", "run_review"]

EXIT_OK = 0
EXIT_UNREADABLE = 2
EXIT_USAGE = 2


def add_review_parsers(subparsers: Any) -> None:
    """Add the ``review`` and ``dashboard`` commands to ``subparsers``."""
    review = subparsers.add_parser(
        "review",
        help="write a review page (HTML) for one report",
        description="Parse and validate FILE and write one self-contained HTML page showing its tables, "
        "their cells' states, the findings linked to their cells and, for PDF, the source pages.",
    )
    review.add_argument("file", type=Path, metavar="FILE", help="the report; - reads standard input")
    review.add_argument("--previous", type=Path, help="the same agency's report of the previous year")
    review.add_argument("-o", "--out", type=Path, required=True, help="the HTML file to write")
    add_lang_option(review, "page and the messages")
    add_timeout_option(review)
    add_pdf_backend_option(review)
    add_config_options(review)
    add_convert_options(review)
    add_verbosity_options(review)

    dashboard = subparsers.add_parser(
        "dashboard",
        help="write a dashboard (HTML) of a batch run",
        description="Read the JSON Lines written by 'govinfo-report batch --out' and write index.html "
        "(one row per report, a rules × reports matrix, charts) and a review page per report into DIR.",
    )
    dashboard.add_argument("results", type=Path, metavar="RESULTS.jsonl", help="the output of batch --out")
    dashboard.add_argument("-o", "--out", type=Path, required=True, metavar="DIR", help="folder to write")
    add_lang_option(dashboard, "pages and the messages")
    add_verbosity_options(dashboard)


def run_review(args: argparse.Namespace, out: TextIO) -> int:
    """Run the ``review`` command and return its exit status."""
    from govinfo_report.review import review_html  # noqa: PLC0415 - loaded on use

    if args.previous is not None and args.previous == args.file == STDIN:
        tell("review", args.lang, "标准输入（-）只能读取一次", "standard input (-) can be read only once")
        return EXIT_USAGE
    reports = []
    for path in (args.file, args.previous):
        if path is None:
            continue
        try:
            reports.append(load_report(path, args))
        except (GovInfoReportError, OSError, ImportError) as exc:  # ImportError: a backend not installed
            for line in error_lines(shown_name(path), exc, args.lang, source=source_name(path)):
                note(line)
            return EXIT_UNREADABLE
    (report, data), *earlier = reports
    settings: Settings | None = args.settings
    try:
        page = review_html(
            report,
            data=data,
            previous=earlier[0][0] if earlier else None,
            lang=args.lang,
            select=None if settings is None else settings.select,
            ignore=None if settings is None else settings.ignore,
            extend_select=None if settings is None else settings.extend_select,
            published=published_date(args, args.file),
        )
    except PreviousReportError as exc:  # --previous is not this agency's report of the year before
        tell("review", args.lang, exc.describe("zh"), exc.describe("en"))
        return EXIT_UNREADABLE
    try:
        args.out.write_text(page, encoding="utf-8")
    except OSError as exc:
        name = readable(str(args.out), lines=False)
        why = readable(exc.strerror or str(exc), lines=False)
        tell("review", args.lang, f"无法写入 {name}: {why}", f"cannot write {name}: {why}")
        return EXIT_UNREADABLE
    print(say(args.lang, f"已写入 {args.out}", f"wrote {args.out}"), file=out)
    return EXIT_OK


def run_dashboard(args: argparse.Namespace, out: TextIO) -> int:
    """Run the ``dashboard`` command and return its exit status."""
    from govinfo_report.batch.outcome import Outcome  # noqa: PLC0415 - loaded on use
    from govinfo_report.review import write_dashboard  # noqa: PLC0415
    from govinfo_report.serialize import outcome_from_dict  # noqa: PLC0415

    outcomes: list[Outcome] = []
    try:
        with args.results.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    outcomes.append(outcome_from_dict(json.loads(line)))
                except (ValueError, GovInfoReportError) as exc:
                    name, detail = readable(str(args.results), lines=False), readable(str(exc), lines=False)
                    tell(
                        "dashboard",
                        args.lang,
                        f"{name}，第 {number} 行: {detail}",
                        f"{name}, line {number}: {detail}",
                    )
                    return EXIT_UNREADABLE
        index = write_dashboard(outcomes, args.out, lang=args.lang)
    except OSError as exc:
        name = args.results if exc.filename is None else exc.filename
        note(readable(f"govinfo-report dashboard: {name}: {exc.strerror or exc}", lines=False))
        return EXIT_UNREADABLE
    print(say(args.lang, f"已写入 {index}", f"wrote {index}"), file=out)
    return EXIT_OK
