"""The ``review`` and ``dashboard`` commands: HTML pages to look at reports and batch runs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from govinfo_report.cli._convert import add_convert_options, converter_option
from govinfo_report.cli._settings import Settings, add_config_options, published_date
from govinfo_report.errors import GovInfoReportError

__all__ = ["add_review_parsers", "run_dashboard", "run_review"]

EXIT_OK = 0
EXIT_UNREADABLE = 2


def add_review_parsers(subparsers: Any) -> None:
    """Add the ``review`` and ``dashboard`` commands to ``subparsers``."""
    review = subparsers.add_parser(
        "review",
        help="write a review page (HTML) for one report",
        description="Parse and validate FILE and write one self-contained HTML page showing its tables, "
        "their cells' states, the findings linked to their cells and, for PDF, the source pages.",
    )
    review.add_argument("file", type=Path, metavar="FILE", help="the report")
    review.add_argument("--previous", type=Path, help="the same agency's report of the previous year")
    review.add_argument("-o", "--out", type=Path, required=True, help="the HTML file to write")
    review.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the page")
    add_config_options(review)
    add_convert_options(review)

    dashboard = subparsers.add_parser(
        "dashboard",
        help="write a dashboard (HTML) of a batch run",
        description="Read the JSON Lines written by 'govinfo-report batch --out' and write index.html "
        "(one row per report, a rules × reports matrix, charts) and a review page per report into DIR.",
    )
    dashboard.add_argument("results", type=Path, metavar="RESULTS.jsonl", help="the output of batch --out")
    dashboard.add_argument("-o", "--out", type=Path, required=True, metavar="DIR", help="folder to write")
    dashboard.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the pages")


def run_review(args: argparse.Namespace, out: TextIO) -> int:
    """Run the ``review`` command and return its exit status."""
    from govinfo_report.review import review_path  # noqa: PLC0415 - loaded on use

    try:
        settings: Settings | None = args.settings
        page = review_path(
            args.file,
            previous=args.previous,
            lang=args.lang,
            convert=converter_option(args),
            select=None if settings is None else settings.select,
            ignore=None if settings is None else settings.ignore,
            extend_select=None if settings is None else settings.extend_select,
            published=published_date(args, args.file),
        )
        args.out.write_text(page, encoding="utf-8")
    except (GovInfoReportError, OSError) as exc:
        print(f"govinfo-report review: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"wrote {args.out}", file=out)
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
                    print(f"govinfo-report dashboard: {args.results}, line {number}: {exc}", file=sys.stderr)
                    return EXIT_UNREADABLE
        index = write_dashboard(outcomes, args.out, lang=args.lang)
    except OSError as exc:
        print(f"govinfo-report dashboard: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"wrote {index}", file=out)
    return EXIT_OK
