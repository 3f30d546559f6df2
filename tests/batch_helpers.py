"""Misbehaving parse functions and worker initializers for the batch tests.

They are given to :func:`~govinfo_report.batch.parse_many` as its ``parse`` and
``initializer`` arguments; top-level functions, so that they also reach workers
started with ``spawn``.
"""

from __future__ import annotations

import faulthandler
import os
import signal
import time
from typing import Any

from govinfo_report import parse_bytes
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
