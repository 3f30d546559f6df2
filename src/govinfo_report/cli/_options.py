"""Options that several commands share, and the checked types of option values.

Every command takes ``--lang``, ``-q/--quiet`` and ``-v/--verbose``; the
commands that parse take ``--timeout`` and ``--pdf-backend``.  A value that
cannot be right (a negative timeout, zero workers, a date that does not exist)
is a usage error naming the option, with status 2, before anything runs.
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from typing import NoReturn

from govinfo_report.limits import DEFAULT_LIMITS
from govinfo_report.readers import PDF_BACKENDS

__all__ = [
    "CommandParser",
    "add_lang_option",
    "add_pdf_backend_option",
    "add_timeout_option",
    "add_validate_option",
    "add_verbosity_options",
    "iso_date",
    "non_negative_int",
    "non_negative_seconds",
    "positive_int",
]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on standard error, with status 2."""

    def error(self, message: str) -> NoReturn:
        """Print ``message`` on one line, pointing at ``--help``, and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def add_pdf_backend_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--pdf-backend`` (the engine that reads PDFs) to a command's ``parser``."""
    parser.add_argument(
        "--pdf-backend",
        choices=PDF_BACKENDS,
        default=None,
        help="engine that reads PDFs: pdfium (fast) or pdfminer (the reference); "
        "default: pdfium where pypdfium2 can be imported",
    )


def add_timeout_option(parser: argparse.ArgumentParser, note: str = "") -> None:
    """Add ``--timeout`` (seconds one input may take, 0 for no bound) to a command's ``parser``."""
    parser.add_argument(
        "--timeout",
        type=non_negative_seconds,
        default=DEFAULT_LIMITS.timeout,
        metavar="SECONDS",
        help=f"seconds one input may take, 0 for no limit (default: %(default)s{note})",
    )


def add_lang_option(parser: argparse.ArgumentParser, what: str = "messages") -> None:
    """Add ``--lang {zh,en}``, the language of the command's ``what`` (Chinese by default)."""
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help=f"language of the {what}: zh (Chinese, default) or en (English)",
    )


def add_validate_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--validate/--no-validate`` (on by default), for the commands that parse many reports."""
    parser.add_argument(
        "--validate",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="check the consistency rules of each report (default: on)",
    )


def add_verbosity_options(parser: argparse.ArgumentParser) -> None:
    """Add ``-q/--quiet`` and ``-v/--verbose``, which exclude each other."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "-q", "--quiet", action="store_true", help="no notes on standard error (partial reports, progress)"
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also say for each file its detected format, template, backends and the time taken",
    )


def non_negative_seconds(text: str) -> float:
    """An option value: a number of seconds, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text}") from None
    if not value >= 0 or value == float("inf"):  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 or more, not {text}")
    return value


def positive_int(text: str) -> int:
    """An option value: a whole number, 1 or more."""
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {text}")
    return value


def non_negative_int(text: str) -> int:
    """An option value: a whole number, 0 or more."""
    value = _int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {text}")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text}") from None


def iso_date(text: str) -> date:
    """An option value: a calendar date written ``YYYY-MM-DD``."""
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"not a date: {text}, expected YYYY-MM-DD")
