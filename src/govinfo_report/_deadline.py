"""A wall-clock bound on work done in the current process, that no handler can swallow.

pdfminer and lxml have no time limit of their own.  :func:`deadline` bounds a
block with a timer signal (POSIX, main thread).  When the time is up, the
signal handler raises :class:`DeadlineExpired`, a :class:`BaseException`: an
``except ValueError`` or ``except Exception`` in a backend running at that
moment does not catch it, so the work cannot carry on unbounded.  On leaving
the block it becomes the public :class:`~govinfo_report.errors.LimitExceededError`.

Where no signal can be used (other threads, Windows), the long loops of the
readers and of the assembly look at the clock themselves:
:func:`check_deadline` raises the same :class:`DeadlineExpired` once the
innermost :func:`deadline` block of the current thread (or task) has run
out.  Batch runs keep a second, hard bound: they kill a worker that overruns.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import FrameType
from typing import NoReturn

from govinfo_report.errors import LimitExceededError, SourceLocation

__all__ = ["DeadlineExpired", "alarm", "check_deadline", "deadline"]


class DeadlineExpired(BaseException):
    """Raised by the timer signal inside a bounded block; carries the public error to raise after it."""

    def __init__(self, error: LimitExceededError) -> None:
        super().__init__(str(error))
        self.error = error

    def __reduce__(self) -> tuple[type[DeadlineExpired], tuple[LimitExceededError]]:
        return type(self), (self.error,)


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def alarm(seconds: float | None, expire: Callable[[], NoReturn]) -> Iterator[None]:
    """Call ``expire``, which raises, in the block once it has run for ``seconds``.

    Enforced with ``SIGALRM`` on POSIX in the main thread; elsewhere (Windows,
    other threads) and for ``seconds=None`` the block runs unbounded.  An
    enclosing alarm keeps running: the inner one fires at the earlier of the
    two times, and the outer one's remaining time is restored on leaving.

    Args:
        seconds: The bound, or ``None`` for none.
        expire: Raises the exception that stops the block.
    """
    if seconds is None or seconds <= 0 or not _usable():
        yield
        return

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        expire()

    outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, on_signal)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer_remaining) if outer_remaining > 0 else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_remaining > 0:
            # At least a microsecond: zero would cancel the outer alarm instead of firing it.
            signal.setitimer(signal.ITIMER_REAL, max(1e-6, outer_remaining - (time.monotonic() - started)))


# The innermost deadline of this thread or task: when it falls due, and how to expire.
_DUE: ContextVar[tuple[float, Callable[[], NoReturn]] | None] = ContextVar("govinfo_report_due", default=None)


def check_deadline() -> None:
    """Raise :class:`DeadlineExpired` if the current :func:`deadline` block has run out (any thread).

    Cheap (a context variable and a clock read): call it from loops whose
    length the input decides.
    """
    due = _DUE.get()
    if due is not None and time.monotonic() > due[0]:
        due[1]()


@contextmanager
def deadline(seconds: float | None, *, source: str | None = None) -> Iterator[None]:
    """Raise :class:`LimitExceededError` if the block runs longer than ``seconds`` (see :func:`alarm`).

    Inside the block the interruption is a :class:`DeadlineExpired`, which
    ``except Exception`` handlers let through; it is turned into the public
    error when it leaves the block.  A timer signal interrupts the block
    where one can be used; :func:`check_deadline` stops it anywhere.

    Args:
        seconds: The bound, or ``None`` for none.
        source: Name of the input, for the error's location.
    """

    def expire() -> NoReturn:
        raise DeadlineExpired(
            LimitExceededError(
                f"parsing took longer than {seconds:g} s (Limits.timeout)",
                location=SourceLocation(source=source),
            )
        )

    token = None
    if seconds is not None:
        due = time.monotonic() + seconds
        outer = _DUE.get()
        token = _DUE.set(outer if outer is not None and outer[0] <= due else (due, expire))
    try:
        with alarm(seconds, expire):
            yield
    except DeadlineExpired as expired:
        raise expired.error from None
    finally:
        if token is not None:
            _DUE.reset(token)
