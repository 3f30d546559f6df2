"""A wall-clock bound on work done in the current process.

pdfminer has no time limit of its own, so bounds on time live at process
level: batch runs kill workers that overrun; a single process (the CLI, a
batch run with one worker) uses :func:`deadline`, which interrupts the work
with a timer signal where the platform and thread allow it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn

from govinfo_report.errors import LimitExceededError, SourceLocation

__all__ = ["alarm", "deadline"]


@contextmanager
def alarm(seconds: float | None, expire: Callable[[], NoReturn]) -> Iterator[None]:
    """Call ``expire``, which raises, in the block once it has run for ``seconds``.

    Enforced with ``SIGALRM`` on POSIX in the main thread; elsewhere (Windows,
    other threads) and for ``seconds=None`` the block runs unbounded.

    Args:
        seconds: The bound, or ``None`` for none.
        expire: Raises the exception that stops the block.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if seconds is None or seconds <= 0 or not usable:
        yield
        return

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        expire()

    previous = signal.signal(signal.SIGALRM, on_signal)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def deadline(seconds: float | None, *, source: str | None = None) -> Iterator[None]:
    """Raise :class:`LimitExceededError` in the block if it runs longer than ``seconds`` (see :func:`alarm`).

    Args:
        seconds: The bound, or ``None`` for none.
        source: Name of the input, for the error's location.
    """

    def expire() -> NoReturn:
        raise LimitExceededError(
            f"parsing took longer than {seconds:g} s (Limits.timeout)",
            location=SourceLocation(source=source),
        )

    with alarm(seconds, expire):
        yield
