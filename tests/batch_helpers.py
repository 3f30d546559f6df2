"""Misbehaving parsers for the batch tests, installed in worker processes.

``govinfo_report.batch`` looks its parse function up at call time and runs
``batch._worker_setup`` (when set) in each worker process as it starts.  The
tests set it to :func:`install`, a top-level function, so that it also
reaches workers started with ``spawn``.
"""

from __future__ import annotations

import faulthandler
import os
import signal
import time
from typing import Any

from govinfo_report import batch
from govinfo_report.model import Report
from govinfo_report.parsers import parse_bytes

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


def install() -> None:
    """Make this worker parse with :func:`misbehaving_parse`."""
    batch._parse_bytes = misbehaving_parse
