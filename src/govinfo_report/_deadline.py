"""A wall-clock bound on work done in the current process.

pdfminer has no time limit of its own, so bounds on time live at process
level: batch runs kill workers that overrun; a single process (the CLI, a
batch run with one worker) uses :func:`deadline`, which interrupts the work
with a timer signal where the platform and thread allow it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from govinfo_report.errors import LimitExceededError, SourceLocation

__all__ = ["deadline"]


@contextmanager
def deadline(seconds: float | None, *, source: str | None = None) -> Iterator[None]:
    """Raise :class:`LimitExceededError` in the block if it runs longer than ``seconds``.

    Enforced with ``SIGALRM`` on POSIX in the main thread; elsewhere (Windows,
    other threads) and for ``seconds=None`` the block runs unbounded.

    Args:
        seconds: The bound, or ``None`` for none.
        source: Name of the input, for the error's location.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if seconds is None or seconds <= 0 or not usable:
        yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise LimitExceededError(
            f"parsing took longer than {seconds:g} s (Limits.timeout)",
            location=SourceLocation(source=source),
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
