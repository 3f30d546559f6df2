"""Reading the commands' FILE arguments: a path, or ``-`` for standard input."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import attrs

from govinfo_report._pipeline import parse_bytes, read_capped, read_capped_stream
from govinfo_report.cli._convert import converter_option
from govinfo_report.cli._messages import note, report_line
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.model import Report

__all__ = [
    "STDIN",
    "STDIN_NAME",
    "command_limits",
    "load_report",
    "read_input",
    "shown_name",
    "source_name",
    "stdin_named_twice",
]

STDIN = Path("-")
"""The FILE argument that stands for standard input."""
STDIN_NAME = "<stdin>"
"""The name of standard input in messages and in the report's provenance."""


def shown_name(path: Path) -> str:
    """The name of a FILE argument in messages: the path as given, ``<stdin>`` for ``-``."""
    return STDIN_NAME if path == STDIN else str(path)


def source_name(path: Path) -> str:
    """The name the library is given for the input: the file's base name, ``<stdin>`` for ``-``."""
    return STDIN_NAME if path == STDIN else path.name


def stdin_named_twice(paths: list[Path]) -> bool:
    """Whether ``-`` is among ``paths`` more than once (standard input can be read only once)."""
    return paths.count(STDIN) > 1


def command_limits(args: argparse.Namespace) -> Limits:
    """The bounds of the command: ``--timeout``, 0 meaning none."""
    return attrs.evolve(DEFAULT_LIMITS, timeout=args.timeout or None)


def read_input(path: Path, limits: Limits) -> bytes:
    """Return the bytes of a FILE argument, within ``limits.max_bytes``.

    Raises:
        OSError: The file cannot be read.
        LimitExceededError: It is larger than allowed.
    """
    if path == STDIN:
        return read_capped_stream(sys.stdin.buffer, limits, source=STDIN_NAME)
    return read_capped(path, limits)


def load_report(path: Path, args: argparse.Namespace) -> tuple[Report, bytes]:
    """Read and parse a FILE argument with the command's options; say how with ``--verbose``.

    Returns:
        The report and the bytes it was parsed from.

    Raises:
        OSError: The file cannot be read.
        GovInfoReportError: It cannot be parsed.
    """
    started = time.monotonic()
    limits = command_limits(args)
    data = read_input(path, limits)
    report = parse_bytes(
        data,
        source=source_name(path),
        limits=limits,
        pdf_backend=args.pdf_backend,
        convert=converter_option(args),
        folder=None if path == STDIN else path.parent,
    )
    if args.verbose:
        note(report_line(shown_name(path), report, time.monotonic() - started, args.lang))
    return report, data
