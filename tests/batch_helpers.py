"""Misbehaving parse functions and worker initializers for the batch tests.

They are given to :func:`~govinfo_report.batch.parse_many` as its ``parse`` and
``initializer`` arguments; top-level functions, so that they also reach workers
started with ``spawn``.  Run as a script, the module is the command line with
batch runs that parse slowly (:func:`slow_parse`), for tests that signal a run
in progress.
"""

from __future__ import annotations

import faulthandler
import os
import signal
import sys
import time
from typing import Any

from govinfo_report import parse_bytes
from govinfo_report._deadline import extend_deadline
from govinfo_report.model import Report

HANG = b"#hang\n"
"""Inputs starting with this sleep far longer than any test timeout."""
EXIT = b"#exit\n"
"""Inputs starting with this end the worker process at once (``os._exit``)."""
SEGFAULT = b"#segfault\n"
"""Inputs starting with this kill the worker with ``SIGSEGV``, as a crash in native code would."""


def misbehaving_parse(data: bytes, /, **options: Any) -> Report:
    """Parse ``data`` like :func:`~govinfo_report.parse_bytes`, unless it starts with a marker."""
    if data.startswith(HANG):
        time.sleep(600)
    if data.startswith(EXIT):
        os._exit(7)
    if data.startswith(SEGFAULT):
        faulthandler.disable()  # keep pytest's crash report out of the test output
        os.kill(os.getpid(), signal.SIGSEGV)
        time.sleep(60)  # the signal is delivered before this ends
    return parse_bytes(data, **options)


def fail() -> None:
    """A worker set-up that fails, so that no worker ever starts."""
    raise RuntimeError("worker set-up failed")


def stall() -> None:
    """A worker set-up that never ends, so that no worker ever gets ready."""
    time.sleep(600)


SLOW = b"#slow\n"
"""Inputs starting with this wait :data:`SLOW_SECONDS_VARIABLE` seconds, then are parsed without it."""
SLOW_SECONDS_VARIABLE = "GOVINFO_TEST_SLOW_SECONDS"
PID_FOLDER_VARIABLE = "GOVINFO_TEST_PID_FOLDER"
"""Where :func:`slow_parse` leaves one empty file per process it runs in, named by the process ID."""


def slow_parse(data: bytes, /, **options: Any) -> Report:
    """Parse ``data`` like :func:`~govinfo_report.parse_bytes`, slowly when it starts with :data:`SLOW`."""
    folder = os.environ.get(PID_FOLDER_VARIABLE)
    if folder:
        with open(os.path.join(folder, str(os.getpid())), "w"):
            pass
    if data.startswith(SLOW):
        time.sleep(float(os.environ.get(SLOW_SECONDS_VARIABLE, "0.5")))
        data = data[len(SLOW) :]
    return parse_bytes(data, **options)


PAGES = b"#pages "
"""Inputs starting with ``#pages N SECONDS`` and a newline act as an OCR input: ``N`` pages of ``SECONDS``."""


def paged_parse(data: bytes, /, **options: Any) -> Report:
    """Parse ``data`` as :func:`~govinfo_report.parse_bytes` does, after fake OCR pages (:data:`PAGES`).

    Each page is granted ``Limits.ocr_page_budget`` as the OCR reader grants it, then takes its time.
    """
    if data.startswith(PAGES):
        header, data = data.split(b"\n", 1)
        pages, seconds = header[len(PAGES) :].split()
        for _ in range(int(pages)):
            extend_deadline(options["limits"].ocr_page_budget)
            time.sleep(float(seconds))
    return parse_bytes(data, **options)


def run_command_line_slowly(argv: list[str]) -> int:
    """Run ``govinfo-report`` with ``argv``, its batch runs parsing with :func:`slow_parse`."""
    from govinfo_report.cli import _batch, main

    setattr(_batch, "parse_bytes", slow_parse)  # noqa: B010 - the function the batch command parses with
    return main(argv)


if __name__ == "__main__":
    sys.exit(run_command_line_slowly(sys.argv[1:]))
