"""Parse inputs one at a time in a child Python process that can be stopped.

:func:`~govinfo_report.batch.parse_many` isolates inputs in worker processes
started through :mod:`multiprocessing`.  Hosts whose own workers may not start
such processes (Dask's worker processes are daemonic, and a daemonic process may
not have children) get the same isolation from :class:`IsolatedParser`: a child
interpreter started with :mod:`subprocess`, fed one input at a time over its
standard input and answering on its standard output.  The child bounds each
input with ``Limits.timeout`` itself (a timer signal in its main thread),
plus ``Limits.ocr_page_budget`` for each page read by OCR, which it reports;
the parent kills it when an input overruns that bound by :data:`GRACE` seconds, or
when it dies, and records the input's outcome, then starts a fresh child for
the next input.  A memory bound can be set on the child (``RLIMIT_AS``, POSIX).
"""

from __future__ import annotations

import contextlib
import queue
import struct
import subprocess
import sys
import threading
import time
from typing import IO, Final

from govinfo_report._deadline import on_extend
from govinfo_report._fast import dumps, loads
from govinfo_report.batch._pool import _describe_exit, _extended, _extension, _Item, _process, _Settings
from govinfo_report.batch.outcome import WORKER_CRASHED, ErrorInfo, Outcome
from govinfo_report.errors import SourceLocation

__all__ = ["GRACE", "IsolatedParser"]

GRACE: Final = 5.0
"""Seconds the parent waits beyond ``Limits.timeout`` before it kills a child that has not answered."""

_HEADER: Final = struct.Struct("!Q")
_EOF: Final = object()


def _write_frame(stream: IO[bytes], payload: bytes) -> None:
    stream.write(_HEADER.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> bytes | None:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    payload = stream.read(size)
    return payload if len(payload) == size else None


class IsolatedParser:
    """A child process that parses the inputs given to :meth:`parse`, one at a time.

    Args:
        settings: How to parse and validate, and the limits.
        memory_limit: Bytes of address space the child may use (POSIX), or ``None``.
    """

    def __init__(self, settings: _Settings, *, memory_limit: int | None = None) -> None:
        self._settings = settings
        self._memory_limit = memory_limit
        self._child: subprocess.Popen[bytes] | None = None
        self._replies: queue.Queue[object] = queue.Queue()

    def __enter__(self) -> IsolatedParser:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _start(self) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "govinfo_report.batch._isolated"]
        if self._memory_limit is not None:
            command.append(str(self._memory_limit))
        child = subprocess.Popen(  # noqa: S603 - our own interpreter and module, no shell
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert child.stdin is not None  # noqa: S101 - narrowing: stdin=PIPE
        _write_frame(child.stdin, dumps(self._settings))
        self._replies = queue.Queue()
        threading.Thread(target=self._pump, args=(child, self._replies), daemon=True).start()
        self._child = child
        return child

    @staticmethod
    def _pump(child: subprocess.Popen[bytes], replies: queue.Queue[object]) -> None:
        """Move the child's answers to ``replies`` until its output ends."""
        assert child.stdout is not None  # noqa: S101 - narrowing: stdout=PIPE
        while (frame := _read_frame(child.stdout)) is not None:
            replies.put(frame)
        replies.put(_EOF)

    def parse(self, source: str, data: bytes | None) -> Outcome:
        """Parse one input in the child: ``data``, or the file at ``source`` when ``data`` is ``None``."""
        child = self._child if self._child is not None and self._child.poll() is None else self._start()
        assert child.stdin is not None  # noqa: S101 - narrowing: stdin=PIPE
        with contextlib.suppress(OSError):  # the child died between inputs: its exit is read below
            _write_frame(child.stdin, dumps(_Item(0, source, data)))
        limits = self._settings.limits
        timeout = limits.timeout
        started, extra = time.monotonic(), 0.0
        while True:
            try:
                left = None if timeout is None else started + timeout + extra + GRACE - time.monotonic()
                reply = self._replies.get(timeout=None if left is None else max(0.0, left))
            except queue.Empty:
                self._stop()
                more = (
                    f", with {extra:g} s more for its pages read by OCR (Limits.ocr_page_budget)"
                    if extra
                    else ""
                )
                return Outcome(
                    source=source,
                    error=ErrorInfo(
                        type="LimitExceededError",
                        message=f"parsing took longer than the {timeout:g} s allowed (Limits.timeout){more}; "
                        "its worker was stopped",
                        location=SourceLocation(source=source),
                    ),
                )
            if not isinstance(reply, bytes) or (seconds := _extended(reply)) is None:
                break
            extra = min(extra + seconds, limits.most_ocr_extra)
        if reply is _EOF:
            code = self._stop()
            return Outcome(
                source=source,
                error=ErrorInfo(
                    type=WORKER_CRASHED,
                    message=f"the worker process parsing this input died ({_describe_exit(code)})",
                    location=SourceLocation(source=source),
                ),
            )
        assert isinstance(reply, bytes)  # noqa: S101 - the pump puts frames and _EOF only
        outcome: Outcome = loads(reply)
        return outcome

    def _stop(self) -> int | None:
        """Kill the child (if it still runs) and return its exit status."""
        child, self._child = self._child, None
        if child is None:
            return None
        if child.poll() is None:
            child.kill()
        code = child.wait()
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        return code

    def close(self) -> None:
        """Ask the child to end (closing its input) and wait for it, killing it if it lingers."""
        child = self._child
        if child is None:
            return
        if child.stdin is not None:
            with contextlib.suppress(OSError):
                child.stdin.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=GRACE)
        self._stop()


def _serve(memory_limit: int | None) -> None:
    """The child's loop: read settings, then parse each input sent until the input ends."""
    if memory_limit is not None:
        import resource  # noqa: PLC0415 - POSIX only

        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    # Anything the parsers print must not corrupt the frames.
    sys.stdout = sys.stderr
    settings_frame = _read_frame(stdin)
    if settings_frame is None:
        return
    settings: _Settings = loads(settings_frame)
    while (frame := _read_frame(stdin)) is not None:
        item: _Item = loads(frame)
        with on_extend(lambda seconds: _write_frame(stdout, _extension(seconds))):
            outcome = _process(item, settings)
        _write_frame(stdout, dumps(outcome))


def _main(argv: list[str]) -> None:
    _serve(int(argv[0]) if argv else None)


if __name__ == "__main__":
    _main(sys.argv[1:])
