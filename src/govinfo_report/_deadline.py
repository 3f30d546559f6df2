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

Work whose length the input states, the OCR of each page, is given more
time as it goes: :func:`extend_deadline` moves every enclosing
:func:`deadline` later, and tells a listener (a batch worker tells its
parent, which then waits longer before it stops the worker).
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import FrameType
from typing import Any, NoReturn

from govinfo_report.errors import LimitExceededError, SourceLocation

__all__ = ["DeadlineExpired", "alarm", "check_deadline", "deadline", "extend_deadline", "on_extend"]


class DeadlineExpired(BaseException):
    """Raised by the timer signal inside a bounded block; carries the public error to raise after it."""

    def __init__(self, error: LimitExceededError) -> None:
        super().__init__(str(error))
        self.error = error

    def __reduce__(self) -> tuple[type[DeadlineExpired], tuple[LimitExceededError]]:
        return type(self), (self.error,)


class _Bound:
    """One bound in force: when it falls due, how it expires, and how much later it may still be moved."""

    __slots__ = ("due", "expire", "room")

    def __init__(self, due: float, expire: Callable[[], NoReturn], *, room: float = 0.0) -> None:
        self.due = due
        self.expire = expire
        self.room = room  # how much later extend_deadline may still move it


# The bounds the timer signal enforces (main thread only), innermost last; and, while there are some,
# what was there before: the signal handler, and a timer set by someone else as a bound of its own.
_ARMED: list[_Bound] = []
_BEFORE: list[tuple[Any, _Bound | None]] = []


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _arm() -> None:
    """Set the timer to the earliest bound in force (at least a microsecond: zero would cancel it)."""
    if _ARMED:
        signal.setitimer(signal.ITIMER_REAL, max(1e-6, min(bound.due for bound in _ARMED) - time.monotonic()))


def _on_signal(_signum: int, _frame: FrameType | None) -> None:
    now = time.monotonic()
    due = [bound for bound in _ARMED if bound.due <= now + 1e-3]
    if not due:  # extended since the timer was set (or none left)
        _arm()
        return
    min(due, key=lambda bound: bound.due).expire()


@contextmanager
def _armed(bound: _Bound) -> Iterator[None]:
    if not _ARMED:
        outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        # Someone else's timer still bounds the block, and is given back what is left of it.
        foreign = _Bound(time.monotonic() + outer_remaining, bound.expire) if outer_remaining > 0 else None
        _BEFORE.append((signal.signal(signal.SIGALRM, _on_signal), foreign))
        if foreign is not None:
            _ARMED.append(foreign)
    _ARMED.append(bound)
    _arm()
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)  # no signal while the bounds change
        finally:
            # Runs even when the signal came just before the line above: the timer has then fired
            # and set no other, so nothing interrupts this until the timer is set again at its end.
            _disarm(bound)


def _disarm(bound: _Bound) -> None:
    """Take ``bound`` out; set the timer for the bounds left, or give back what was there before."""
    _ARMED.remove(bound)
    previous, outer = _BEFORE[-1]
    if _ARMED and not (len(_ARMED) == 1 and _ARMED[0] is outer):
        _arm()
        return
    _ARMED.clear()
    _BEFORE.pop()
    signal.signal(signal.SIGALRM, previous)
    if outer is not None:
        signal.setitimer(signal.ITIMER_REAL, max(1e-6, outer.due - time.monotonic()))


@contextmanager
def alarm(seconds: float | None, expire: Callable[[], NoReturn]) -> Iterator[None]:
    """Call ``expire``, which raises, in the block once it has run for ``seconds``.

    Enforced with ``SIGALRM`` on POSIX in the main thread; elsewhere (Windows,
    other threads) and for ``seconds=None`` the block runs unbounded.  An
    enclosing alarm keeps running: the inner one fires at the earlier of the
    two times, and the outer one's remaining time is restored on leaving.
    :func:`extend_deadline` does not move it.

    Args:
        seconds: The bound, or ``None`` for none.
        expire: Raises the exception that stops the block.
    """
    if seconds is None or seconds <= 0 or not _usable():
        yield
        return
    with _armed(
        _Bound(
            time.monotonic() + seconds,
            expire,
        )
    ):
        yield


# The deadlines of this thread or task, innermost last.
_DUE: ContextVar[tuple[_Bound, ...]] = ContextVar("govinfo_report_due", default=())
_LISTENERS: list[Callable[[float], None]] = []


def check_deadline() -> None:
    """Raise :class:`DeadlineExpired` if a :func:`deadline` block around the caller has run out (any thread).

    Cheap (a context variable and a clock read): call it from loops whose
    length the input decides.
    """
    bounds = _DUE.get()
    if bounds:
        now = time.monotonic()
        for bound in bounds:
            if now > bound.due:
                bound.expire()


def extend_deadline(seconds: float) -> None:
    """Give the :func:`deadline` blocks around the caller ``seconds`` more, and tell the listeners.

    The readers call it for work whose length the input states and bounds
    (the OCR of a page), so that a long input is not stopped for its length
    while each piece of work stays bounded.  Alarms (:func:`alarm`) do not move.

    Args:
        seconds: The time added.
    """
    for bound in _DUE.get():
        added = min(seconds, bound.room)
        bound.due += added
        bound.room -= added
    if _ARMED and _usable():
        _arm()
    for listener in _LISTENERS:
        listener(seconds)


@contextmanager
def on_extend(listener: Callable[[float], None]) -> Iterator[None]:
    """Call ``listener`` with the seconds each :func:`extend_deadline` adds, in the block.

    A batch worker tells its parent, which stops workers that overrun.
    """
    _LISTENERS.append(listener)
    try:
        yield
    finally:
        _LISTENERS.remove(listener)


@contextmanager
def deadline(seconds: float | None, *, source: str | None = None, most_extra: float = 0.0) -> Iterator[None]:
    """Raise :class:`LimitExceededError` if the block runs longer than ``seconds`` (see :func:`alarm`).

    Inside the block the interruption is a :class:`DeadlineExpired`, which
    ``except Exception`` handlers let through; it is turned into the public
    error when it leaves the block.  A timer signal interrupts the block
    where one can be used; :func:`check_deadline` stops it anywhere.
    :func:`extend_deadline` moves it later, by ``most_extra`` seconds at most.

    Args:
        seconds: The bound, or ``None`` for none.
        source: Name of the input, for the error's location.
        most_extra: The most time :func:`extend_deadline` may add.
    """
    if seconds is None:
        yield
        return
    bound = _Bound(time.monotonic() + seconds, _expire, room=most_extra)

    def expire() -> NoReturn:
        more = most_extra - bound.room
        extra = (
            f", with {more:g} s more for the pages read by OCR (Limits.ocr_page_budget)" if more > 0 else ""
        )
        raise DeadlineExpired(
            LimitExceededError(
                f"parsing took longer than {seconds:g} s (Limits.timeout){extra}",
                location=SourceLocation(source=source),
            )
        )

    bound.expire = expire
    token = _DUE.set((*_DUE.get(), bound))
    try:
        with _armed(bound) if _usable() else contextlib.nullcontext():
            yield
    except DeadlineExpired as expired:
        raise expired.error from None
    finally:
        _DUE.reset(token)


def _expire() -> NoReturn:  # replaced before the bound is armed
    raise AssertionError
