"""Misbehaving parsers for the batch tests, installed in worker processes.

``govinfo_report.batch`` looks its parse function up at call time and runs
``batch._worker_setup`` (when set) in each worker's initializer.  The tests
set it to :func:`install`, a top-level function, so that it also reaches
workers started with ``spawn``.
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
LOCK_EXIT = b"#lock-exit\n"
"""Inputs starting with this take the worker's slot lock, then end the worker."""
LOCK_HANG = b"#lock-hang\n"
"""Inputs starting with this take the worker's slot lock, then sleep."""


def _take_slot_lock() -> None:
    """Take the lock of the slot this worker is working in, as if it died at the wrong moment."""
    slots = batch._worker_slots
    assert slots is not None
    mine = [index for index in range(len(slots.locks)) if slots.pid[index] == os.getpid()]
    current = max(mine, key=lambda index: slots.started[index])
    slots.locks[current].acquire()


def misbehaving_parse(data: bytes, /, **options: Any) -> Report:
    """Parse ``data`` like :func:`~govinfo_report.parse_bytes`, unless it starts with a marker."""
    if data.startswith(HANG):
        time.sleep(600)
    if data.startswith(EXIT):
        os._exit(7)
    if data.startswith(LOCK_EXIT):
        _take_slot_lock()
        os._exit(9)
    if data.startswith(LOCK_HANG):
        _take_slot_lock()
        time.sleep(600)
    if data.startswith(SEGFAULT):
        faulthandler.disable()  # keep pytest's crash report out of the test output
        os.kill(os.getpid(), signal.SIGSEGV)
        time.sleep(60)  # the signal is delivered before this ends
    return parse_bytes(data, **options)


def fail() -> None:
    """A worker set-up that fails, so that no worker ever starts."""
    raise RuntimeError("worker set-up failed")


def install() -> None:
    """Make this worker parse with :func:`misbehaving_parse`."""
    batch._parse_bytes = misbehaving_parse
