"""The worker pool of :func:`parse_many`: processes that parse, with timeouts and crash isolation.

:func:`parse_many` runs the parser over a process pool and yields an
:class:`Outcome` for every input as soon as it is ready: the report and its
validation findings, or an :class:`ErrorInfo` saying why there is none.
One bad file is one failed outcome, never a lost result or a stopped run:

* a file that cannot be read or parsed gives the error it raised;
* a file that takes longer than the per-file ``timeout`` (plus
  ``Limits.ocr_page_budget`` for each page it has read by OCR, as the
  worker reports) has its worker process stopped and gives a
  ``LimitExceededError``;
* a file whose worker process dies (a crash in a native library, the
  operating system killing it for memory) gives a ``WorkerCrashed`` error.

The other inputs that were in flight in a stopped or crashed worker are
parsed again by the others, so each input yields exactly one outcome.

Everything the workers send back pickles, and the workers are started
through :mod:`multiprocessing` with a top-level function, so the module works
with every start method (``fork``, ``forkserver`` and ``spawn``).

Example:
    >>> from govinfo_report.batch import parse_many
    >>> from govinfo_report.examples import example_bytes
    >>> [outcome] = parse_many([("example.txt", example_bytes())], workers=1, validate=False)
    >>> outcome.ok, outcome.report.year
    (True, 2020)
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import itertools
import logging
import multiprocessing
import os
import signal
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_for
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from types import EllipsisType
from typing import Any, Final

import attrs

from govinfo_report._deadline import deadline, on_extend
from govinfo_report._escape import readable
from govinfo_report._fast import dumps, loads
from govinfo_report._pipeline import checked_converter, parse_bytes, read_capped
from govinfo_report.batch._sources import _Finder, input_suffixes
from govinfo_report.batch.outcome import WORKER_CRASHED, ErrorInfo, Outcome, Skipped, Source
from govinfo_report.convert import Converter
from govinfo_report.errors import LimitExceededError, SourceLocation, WorkerPoolError
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.model import Report
from govinfo_report.validation import Finding

__all__ = ["parse_many"]

_LOG = logging.getLogger(__name__)

_DEFAULT_CHUNKSIZE: Final = 4
_DEFAULT_MAX_PER_CHILD: Final = 500
# The parent waits on a pipe and a process handle per worker, and Windows waits on at most 63 handles.
_MAX_WINDOWS_WORKERS: Final = 31
# With ordered outcomes, how far ahead of the oldest unfinished input the pool may send new ones, in
# workers times chunks: twice what it keeps in flight (two chunks a worker), so that ordering does not
# slow an even run down, and the outcomes held back stay bounded.
_ORDER_WINDOW: Final = 4


def parse_many(
    sources: Iterable[Source],
    /,
    *,
    workers: int | None = None,
    validate: bool | Callable[[Report], Sequence[Finding]] = True,
    timeout: float | EllipsisType | None = ...,
    limits: Limits = DEFAULT_LIMITS,
    chunksize: int = _DEFAULT_CHUNKSIZE,
    maxtasksperchild: int | None = _DEFAULT_MAX_PER_CHILD,
    mp_context: BaseContext | None = None,
    parse: Callable[..., Report] = parse_bytes,
    initializer: Callable[[], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    ordered: bool = False,
    convert: bool | Converter = False,
) -> Generator[Outcome, None, None]:
    """Parse (and validate) many inputs, yielding one :class:`Outcome` each as it completes.

    Outcomes arrive in completion order, not input order, unless ``ordered``
    is true; match them to inputs by :attr:`Outcome.source`.  The sources are consumed lazily, so a
    generator over a huge folder is fine, and results can be written out as
    they come.  Workers read files themselves: only paths cross process
    boundaries, not contents.  Closing the generator (or dropping it) before
    the end stops the workers; workers whose parent process ends without
    stopping them (killed) notice it and end too.

    A path naming a folder or a glob pattern is expanded as by
    :func:`~govinfo_report.batch.iter_sources`.  Paths that are not regular
    files (FIFOs, devices, broken or looping links), and files a folder leads
    to a second time, are left out and passed to ``on_skip``; a path that does
    not exist gives an outcome with a ``FileNotFoundError``.

    Args:
        sources: File paths, folders, glob patterns, or ``(name, contents)`` pairs.
        workers: Number of worker processes; ``None`` for :func:`os.cpu_count`
            (at most 31 on Windows, where the parent waits on two handles per
            worker and a wait takes at most 63).
            With ``1``, inputs are parsed one after another in this process:
            ``timeout`` is then enforced with a timer signal (POSIX, main
            thread only), and a crash in a native library ends the calling
            process.  Use two or more workers for untrusted inputs.
        validate: Whether to run :func:`govinfo_report.validation.validate` on each report,
            or the function to run instead (it returns the report's findings).
        timeout: Seconds one input may take before its worker is stopped and
            it yields a ``LimitExceededError`` outcome; ``None`` for no limit.
            The default (``...``) takes ``limits.timeout``.  An input read by
            OCR gets ``limits.ocr_page_budget`` more for each page, as its
            worker reaches it (``limits.max_pages`` pages at most).
        limits: Resource bounds applied to each input.
        chunksize: Inputs sent to a worker at a time.  Larger chunks cost
            less in communication; smaller ones balance uneven files better.
        maxtasksperchild: Inputs a worker parses before it is replaced by a
            fresh process (rounded up to whole chunks), which bounds the memory
            a long run can accumulate; ``None`` keeps workers for the whole run.
        mp_context: The :mod:`multiprocessing` context to start workers with;
            ``None`` for the default start method.
        parse: The function that parses one input, called as
            ``parse(data, source=name, limits=limits)``, and for an input read
            from a file with ``folder=`` its folder too where ``parse`` takes
            that argument (as :func:`~govinfo_report.parse_bytes` does: the
            pictures of a saved web page are looked up there); it must be picklable
            (defined at module level) when workers are started with ``spawn``.
        initializer: Called once in each worker process as it starts, as
            :class:`multiprocessing.pool.Pool`'s ``initializer``; a worker whose
            initializer fails never starts, and the run fails when none can.
        on_skip: Called with a :class:`~govinfo_report.batch.Skipped` record
            for each path left out; ``None`` logs them as
            :func:`~govinfo_report.batch.iter_sources` does.
        ordered: Yield the outcomes in the order of the inputs (folders
            expanded in sorted order), whatever the number of workers, so that
            equal inputs give equal outputs.  Outcomes that finish early wait
            for those before them; to bound that wait, no new input is sent
            while the oldest unfinished one is more than
            ``4 * workers * chunksize`` inputs behind (twice the inputs the pool
            keeps in flight), so at most that many outcomes are held.  A slow
            input then holds the workers up, at most until its ``timeout``.
        convert: Whether to convert legacy inputs (``.doc``, ``.wps``, ``.rtf``,
            ``.xls``, ``.et``) with LibreOffice, as for
            :func:`~govinfo_report.parse_bytes` (``parse`` is called with it);
            folders then yield files with those suffixes too.  Each conversion
            has a LibreOffice profile of its own, so workers convert side by side.

    Yields:
        One outcome per source.

    Raises:
        ValueError: ``workers``, ``chunksize`` or ``maxtasksperchild`` is not
            positive, or ``timeout`` is not positive, or ``workers`` is more
            than 31 on Windows.
        TypeError: ``sources`` is a single path or bytes rather than an iterable of sources,
            or ``convert`` is neither a bool nor a converter.

    .. versionchanged:: 0.2
       Adds ``ordered`` and ``convert``.
    """
    if isinstance(sources, str | bytes | os.PathLike):
        raise TypeError("sources must be an iterable of paths or (name, bytes) pairs, not a single path")
    converter = checked_converter(convert)
    if converter is not None:
        parse = functools.partial(parse, convert=converter)
    count = _worker_count(workers)
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, not {chunksize}")
    if maxtasksperchild is not None and maxtasksperchild < 1:
        raise ValueError(f"maxtasksperchild must be at least 1 or None, not {maxtasksperchild}")
    seconds = limits.timeout if isinstance(timeout, EllipsisType) else timeout
    if seconds is not None and seconds <= 0:
        raise ValueError(f"timeout must be positive or None, not {seconds}")
    if validate is True:
        from govinfo_report.validation import validate as validator  # noqa: PLC0415 - loaded when asked for
    settings = _Settings(
        limits=attrs.evolve(limits, timeout=seconds),
        parse=parse,
        validate=validator if validate is True else (validate or None),
        folders=_takes_folder(parse),
    )
    suffixes = input_suffixes(legacy=converter is not None)
    items = _items(sources, _Finder(suffixes, on_skip, once=False))
    if count == 1:
        return _run_here(items, settings)  # one input after another: already in order
    context = mp_context if mp_context is not None else multiprocessing.get_context()
    return _Runner(
        items,
        settings,
        workers=count,
        chunksize=chunksize,
        per_child=maxtasksperchild,
        context=context,
        initializer=initializer,
        window=_ORDER_WINDOW * count * chunksize if ordered else None,
    ).run()


def _worker_count(workers: int | None) -> int:
    limit = _MAX_WINDOWS_WORKERS if sys.platform == "win32" else None
    if workers is None:
        count = os.cpu_count() or 1
        return count if limit is None else min(count, limit)
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if limit is not None and workers > limit:
        raise ValueError(f"workers must be at most {limit} on Windows, not {workers}")
    return workers


# -- work done for each input, in a worker or in-process ----------------------------------------------


@attrs.frozen
class _Settings:
    limits: Limits
    parse: Callable[..., Report]
    validate: Callable[[Report], Sequence[Finding]] | None
    folders: bool = False  # whether parse is given the folder of an input read from a file


def _takes_folder(parse: Callable[..., Report]) -> bool:
    """Whether ``parse`` takes a ``folder`` argument (by name, or as any keyword)."""
    try:
        parameters = inspect.signature(parse).parameters.values()
    except (TypeError, ValueError):  # no signature to read: call it as documented before
        return False
    return any(
        parameter.kind is inspect.Parameter.VAR_KEYWORD
        or (parameter.name == "folder" and parameter.kind is not inspect.Parameter.POSITIONAL_ONLY)
        for parameter in parameters
    )


@attrs.frozen
class _Item:
    index: int
    source: str
    data: bytes | None  # None: read the file at ``source``
    isolated: bool = False  # re-run alone after its chunk was lost without a known culprit


def _process(item: _Item, settings: _Settings) -> Outcome:
    started = time.perf_counter()

    def outcome(**fields: Any) -> Outcome:
        return Outcome(source=item.source, seconds=time.perf_counter() - started, **fields)

    data = item.data
    options: dict[str, Any] = {}
    if data is None:
        try:
            data = read_capped(item.source, settings.limits, source=item.source, regular_only=True)
        except Exception as exc:  # unreadable, too large, out of memory: this input's outcome
            return outcome(error=ErrorInfo.from_exception(exc))
        if settings.folders:
            options["folder"] = os.path.dirname(item.source) or os.curdir
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        report = settings.parse(data, source=item.source, limits=settings.limits, **options)
    except Exception as exc:  # any failure becomes this input's outcome
        return outcome(sha256=sha256, error=ErrorInfo.from_exception(exc))
    findings: tuple[Finding, ...] = ()
    if settings.validate is not None:
        try:
            findings = tuple(settings.validate(report))
        except Exception as exc:  # keep the report, say why there are no findings
            return outcome(sha256=sha256, report=report, error=ErrorInfo.from_exception(exc))
    return outcome(sha256=sha256, report=report, findings=findings)


def _items(sources: Iterable[Source], finder: _Finder) -> Iterator[_Item]:
    index = itertools.count()
    for source in sources:
        if isinstance(source, tuple):
            name, data = source
            if not isinstance(data, bytes):
                raise TypeError(f"a (name, contents) source needs bytes, not {type(data).__name__}")
            yield _Item(next(index), str(name), data)
        else:
            for path in finder.expand(source, missing_ok=True):
                yield _Item(next(index), os.fspath(path), None)


def _run_here(items: Iterator[_Item], settings: _Settings) -> Generator[Outcome, None, None]:
    for item in items:
        try:
            # No worker to stop here: a timer signal bounds the input where the platform allows.
            limits = settings.limits
            with deadline(limits.timeout, source=item.source, most_extra=limits.most_ocr_extra):
                outcome = _process(item, settings)
        except LimitExceededError as exc:
            outcome = Outcome(source=item.source, error=ErrorInfo.from_exception(exc))
        yield outcome


# -- the worker processes -----------------------------------------------------------------------------
#
# Each worker has its own duplex pipe to the parent, so that stopping a worker can never leave a
# lock or a shared queue in a bad state: the parent kills the process and drops its pipe.
# Parent to worker: a pickled chunk of _Items, or _STOP.  Worker to parent: _READY once set up,
# then for every item _STARTED, and the pickled Outcome when it is done.  Outcomes arrive in the
# order the items were sent, so they need no identifier.
#
# A worker must end when the parent does, even when the parent is killed.  Between inputs it sees
# its pipe close; as a forked worker inherits the parent's ends of the pipes of the workers started
# before it (and of its own), it closes those first, so that the parent is their only holder.
# While it parses, a watch thread checks that its parent process is still the one it started under.

_READY: Final = b"R"
_STARTED: Final = b"S"
_STOP: Final = b"Q"
# Worker to parent while it parses: seconds more for the input (a page it reads by OCR).
_EXTEND: Final = struct.Struct("!cd")
_EXTEND_TAG: Final = b"E"


def _extension(seconds: float) -> bytes:
    """The message that grants the input being parsed ``seconds`` more."""
    return _EXTEND.pack(_EXTEND_TAG, seconds)


def _extended(message: bytes) -> float | None:
    """The seconds an extension message grants; ``None`` for another message (a pickle starts with 0x80)."""
    if len(message) == _EXTEND.size and message[:1] == _EXTEND_TAG:
        seconds: float = _EXTEND.unpack(message)[1]
        return seconds
    return None


# Seconds between a worker's checks of its parent, and its exit status when the parent is gone.
_PARENT_CHECK: Final = 0.5
_ORPHANED: Final = 3


def _work(
    conn: Connection,
    settings: _Settings,
    setup: Callable[[], None] | None,
    inherited: tuple[Connection, ...],
) -> None:
    """The body of a worker process: parse the chunks the parent sends until it says stop.

    ``inherited`` are the parent's pipe ends a forked worker holds copies of.
    """
    for parent_end in inherited:
        parent_end.close()
    # Ctrl-C reaches the whole process group; the parent decides what happens.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch_parent()
    if setup is not None:
        setup()
    try:
        conn.send_bytes(_READY)
        while True:
            message = conn.recv_bytes()
            if message == _STOP:
                return
            for item in loads(message):
                conn.send_bytes(_STARTED)
                with on_extend(lambda seconds: conn.send_bytes(_extension(seconds))):
                    outcome = _outcome_bytes(item, settings)
                conn.send_bytes(outcome)
    except (EOFError, BrokenPipeError, ConnectionResetError):
        return  # the parent closed the pipe: the run is over


def _watch_parent() -> None:
    """End this process soon after its parent process is gone, whatever it is doing."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_CHECK)
        os._exit(_ORPHANED)

    threading.Thread(target=watch, name="govinfo-report-parent-watch", daemon=True).start()


def _outcome_bytes(item: _Item, settings: _Settings) -> bytes:
    outcome = _process(item, settings)
    try:
        return dumps(outcome)
    except Exception as exc:  # a value that does not pickle: say so rather than lose the input
        error = ErrorInfo.from_exception(exc)
        return dumps(attrs.evolve(outcome, report=None, findings=(), error=error))


# -- the parent side --------------------------------------------------------------------------------

# The most bytes of chunks a worker may have waiting unread in its pipe.  Below any platform's pipe
# buffer, so sending never blocks on a busy worker; a larger chunk (inputs given as bytes) waits
# until its worker is idle, and so reading its pipe.
_EAGER_BYTES: Final = 4096
# How long a stopped worker may take to go, in seconds.
_KILL_WAIT: Final = 10.0
# How long the first worker may take to start (spawn imports the library in each).
_START_TIMEOUT: float = 120.0
# Workers ending before they are ready, one after the other, before the run gives up.
_MAX_START_FAILURES: Final = 3
_START_HINT: Final = (
    "with the spawn or forkserver start method, the main module must be importable "
    "and run its code under `if __name__ == '__main__':`"
)


@attrs.define(eq=False)
class _Worker:
    """The parent's view of one worker process."""

    process: BaseProcess
    conn: Connection
    pending: deque[_Item] = attrs.field(factory=deque)  # sent, outcome not received yet, in order
    unread: deque[tuple[int, int]] = attrs.field(factory=deque)  # chunks maybe unread: (first item, bytes)
    sent: int = 0  # items sent over the worker's life
    started: int = 0  # items it has started
    since: float | None = None  # when it started pending[0]; None between items
    extra: float = 0.0  # seconds pending[0] was granted beyond the timeout (pages read by OCR)
    ready: bool = False
    retiring: bool = False  # replaced; gets no more chunks

    @property
    def unread_bytes(self) -> int:
        return sum(size for _, size in self.unread)


class _Runner:
    """Feeds chunks of inputs to worker processes and watches them."""

    def __init__(
        self,
        items: Iterator[_Item],
        settings: _Settings,
        *,
        workers: int,
        chunksize: int,
        per_child: int | None,
        context: BaseContext,
        initializer: Callable[[], None] | None,
        window: int | None,
    ) -> None:
        self._items = items
        self._window = window  # None: outcomes in completion order
        self._taken = 0  # inputs taken from the sources
        self._next = 0  # with a window, the index of the next outcome to yield
        self._early: dict[int, Outcome] = {}  # with a window, outcomes waiting for earlier ones
        self._initializer = initializer
        self._settings = settings
        self._timeout = settings.limits.timeout
        self._most_extra = settings.limits.most_ocr_extra
        self._count = workers
        self._chunksize = chunksize
        self._per_child = per_child
        self._context = context
        self._workers: list[_Worker] = []
        self._exiting: list[BaseProcess] = []  # stopped or retired, not yet joined
        self._retry: deque[_Item] = deque()
        self._held: tuple[tuple[_Item, ...], bytes] | None = None  # a chunk taken but not sent yet
        self._exhausted = False
        self._ever_ready = False
        self._start_failures = 0  # workers in a row that ended before they were ready
        self._began = 0.0

    def run(self) -> Generator[Outcome, None, None]:
        if self._context.get_start_method() == "fork":
            _preload()
        self._began = time.monotonic()
        completed = False
        try:
            while self._feed():
                for index, outcome in self._wait():
                    yield from self._release(index, outcome)
            completed = True
        finally:
            self._shut_down(graceful=completed)

    def _release(self, index: int, outcome: Outcome) -> Iterator[Outcome]:
        """Yield ``outcome`` now, or with a window, every outcome in input order that is ready."""
        if self._window is None:
            yield outcome
            return
        self._early[index] = outcome
        while self._next in self._early:
            yield self._early.pop(self._next)
            self._next += 1

    # -- sending work

    def _next_chunk(self) -> tuple[tuple[_Item, ...], bytes] | None:
        if self._held is None:
            if self._retry:
                items: tuple[_Item, ...] = (self._retry.popleft(),)
            elif self._exhausted:
                return None
            elif self._window is not None and self._taken + self._chunksize - self._next > self._window:
                return None  # the oldest unfinished input is too far behind: wait for it
            else:
                items = tuple(itertools.islice(self._items, self._chunksize))
                self._taken += len(items)
                self._exhausted = len(items) < self._chunksize
                if not items:
                    return None
            self._held = (items, dumps(items))
        return self._held

    def _feed(self) -> bool:
        """Start workers and send them chunks while they have room; return whether work remains."""
        while (chunk := self._next_chunk()) is not None:
            if len(self._workers) < self._count:  # a retiring worker counts until it is done
                self._start_worker()
            worker = self._taker(len(chunk[1]))
            if worker is None:
                break
            self._send(worker, *chunk)
        return self._held is not None or any(worker.pending for worker in self._workers)

    def _active(self) -> list[_Worker]:
        return [worker for worker in self._workers if not worker.retiring]

    def _taker(self, size: int) -> _Worker | None:
        """Return a worker with room for a chunk of ``size`` bytes, the least loaded first."""
        for worker in sorted(self._active(), key=lambda worker: len(worker.pending)):
            if len(worker.pending) > self._chunksize:
                return None
            if worker.unread_bytes + size <= _EAGER_BYTES or (worker.ready and not worker.pending):
                return worker
        return None

    def _send(self, worker: _Worker, items: tuple[_Item, ...], payload: bytes) -> None:
        self._held = None
        try:
            worker.conn.send_bytes(payload)
        except OSError:  # the worker is gone; its sentinel will say so
            self._held = (items, payload)
            worker.retiring = True
            return
        worker.unread.append((worker.sent, len(payload)))
        worker.pending.extend(items)
        worker.sent += len(items)
        if self._per_child is not None and worker.sent >= self._per_child:
            worker.retiring = True  # after this chunk; a fresh worker takes over

    def _start_worker(self) -> None:
        mine, theirs = self._context.Pipe()
        forked = self._context.get_start_method() == "fork"
        inherited = (mine, *(worker.conn for worker in self._workers)) if forked else ()
        # Every concrete context has Process; typeshed declares it on the subclasses only.
        process: BaseProcess = self._context.Process(  # type: ignore[attr-defined]
            target=_work,
            args=(theirs, self._settings, self._initializer, inherited),
            name="govinfo-report-worker",
            daemon=True,
        )
        process.start()
        theirs.close()
        self._workers.append(_Worker(process=process, conn=mine))

    # -- receiving results and watching the workers

    def _wait(self) -> Iterator[tuple[int, Outcome]]:
        """Wait for a message, a worker's exit or a deadline, and act on what happened."""
        by_handle: dict[Any, _Worker] = {}
        for worker in self._workers:
            by_handle[worker.conn] = by_handle[worker.process.sentinel] = worker
        ready = wait_for(list(by_handle), timeout=self._until_deadline())
        for worker in dict.fromkeys(by_handle[handle] for handle in ready):
            if worker.process.sentinel in ready:
                yield from self._receive(worker, drain=True)
                yield from self._exited(worker)
            else:
                yield from self._receive(worker)
        yield from self._stop_overdue()
        self._check_start_up()
        self._reap()

    def _until_deadline(self) -> float | None:
        deadlines = []
        if self._timeout is not None:
            deadlines += [
                worker.since + self._timeout + worker.extra
                for worker in self._workers
                if worker.since is not None
            ]
        if not self._ever_ready:
            deadlines.append(self._began + _START_TIMEOUT)
        return max(0.0, min(deadlines) - time.monotonic()) if deadlines else None

    def _receive(self, worker: _Worker, *, drain: bool = False) -> Iterator[tuple[int, Outcome]]:
        """Handle the worker's next message, or with ``drain`` every message it has sent so far.

        Without ``drain`` the worker's pipe must be readable, as :func:`wait_for` found it.
        """
        while worker in self._workers:
            try:
                if drain and not worker.conn.poll():
                    return
                message = worker.conn.recv_bytes()
            except (EOFError, OSError):
                return  # the worker is gone (perhaps in the middle of a message); its sentinel says so
            if (seconds := _extended(message)) is not None:
                worker.extra = min(worker.extra + seconds, self._most_extra)
            elif message == _STARTED:
                worker.since = time.monotonic()
                worker.extra = 0.0
                worker.started += 1
                while worker.unread and worker.unread[0][0] < worker.started:
                    worker.unread.popleft()  # the chunk of the item it started has been read
            elif message == _READY:
                worker.ready = self._ever_ready = True
                self._start_failures = 0
            else:
                item = worker.pending.popleft()
                worker.since = None
                if worker.retiring and not worker.pending:
                    self._retire(worker)
                yield item.index, loads(message)
            if not drain:
                return

    def _retire(self, worker: _Worker) -> None:
        """Let a worker with nothing left to do go."""
        with contextlib.suppress(OSError):
            worker.conn.send_bytes(_STOP)
        self._drop(worker)

    def _drop(self, worker: _Worker) -> None:
        self._workers.remove(worker)
        worker.conn.close()
        self._exiting.append(worker.process)

    def _exited(self, worker: _Worker) -> Iterator[tuple[int, Outcome]]:
        """Handle the end of a worker that was not asked to stop: requeue or fail its inputs."""
        if worker not in self._workers:
            return
        self._drop(worker)
        worker.process.join(_KILL_WAIT)
        code = worker.process.exitcode
        if not worker.ready:
            self._start_failures += 1
            if not self._ever_ready:
                raise WorkerPoolError(
                    f"no worker process started: one ended ({_describe_exit(code)}) before it was ready; "
                    f"{_START_HINT}"
                )
            if self._start_failures >= _MAX_START_FAILURES:
                raise WorkerPoolError(
                    f"worker processes keep ending before they are ready (the last: {_describe_exit(code)})"
                )
            self._retry.extend(worker.pending)  # never read by the worker
            return
        if worker.since is None:
            if worker.pending:
                _LOG.warning(
                    "worker %d died (%s) between inputs; its %d pending inputs are retried one by one",
                    worker.process.pid,
                    _describe_exit(code),
                    len(worker.pending),
                )
            error = ErrorInfo(
                type=WORKER_CRASHED,
                message=f"the worker process died ({_describe_exit(code)}) between inputs",
            )
            yield from self._lost(worker.pending, error)
            return
        item = worker.pending.popleft()
        _LOG.warning(
            "worker %d died (%s) while parsing %s",
            worker.process.pid,
            _describe_exit(code),
            readable(item.source, lines=False),
        )
        self._retry.extend(worker.pending)
        yield (
            item.index,
            Outcome(
                source=item.source,
                error=ErrorInfo(
                    type=WORKER_CRASHED,
                    message=f"the worker process parsing this input died ({_describe_exit(code)})",
                    location=SourceLocation(source=item.source),
                ),
            ),
        )

    def _stop_overdue(self) -> Iterator[tuple[int, Outcome]]:
        if self._timeout is None:
            return
        for worker in list(self._workers):
            if worker.since is None or time.monotonic() - worker.since <= self._timeout + worker.extra:
                continue
            yield from self._receive(worker, drain=True)  # it may have finished meanwhile, or got more time
            if worker not in self._workers or worker.since is None:
                continue
            allowed = self._timeout + worker.extra
            if time.monotonic() - worker.since <= allowed:
                continue  # it finished that input and is on the next, or was granted more time
            item = worker.pending.popleft()
            _LOG.warning(
                "stopping worker %d: %s exceeded %s s",
                worker.process.pid,
                readable(item.source, lines=False),
                allowed,
            )
            worker.process.kill()
            self._drop(worker)
            worker.process.join(_KILL_WAIT)
            self._retry.extend(worker.pending)
            more = (
                f", with {worker.extra:g} s more for its pages read by OCR (Limits.ocr_page_budget)"
                if worker.extra
                else ""
            )
            error = ErrorInfo(
                type="LimitExceededError",
                message=f"parsing took longer than the {self._timeout:g} s allowed (Limits.timeout){more}; "
                "its worker was stopped",
                location=SourceLocation(source=item.source),
            )
            yield item.index, Outcome(source=item.source, error=error, seconds=allowed)

    def _check_start_up(self) -> None:
        """Fail instead of waiting forever when no worker process manages to start."""
        if not self._ever_ready and time.monotonic() - self._began > _START_TIMEOUT:
            raise WorkerPoolError(f"no worker process started within {_START_TIMEOUT:g} s; {_START_HINT}")

    def _reap(self) -> None:
        for process in [process for process in self._exiting if process.exitcode is not None]:
            process.join()
            self._exiting.remove(process)

    def _lost(self, items: Iterable[_Item], error: ErrorInfo) -> Iterator[tuple[int, Outcome]]:
        """Handle inputs lost without a known culprit: retry each alone, once."""
        for item in items:
            if item.isolated:
                yield item.index, Outcome(source=item.source, error=error)
            else:
                self._retry.append(attrs.evolve(item, isolated=True))

    def _shut_down(self, *, graceful: bool) -> None:
        """Stop every worker: idle ones are asked to, busy ones (an interrupted run) are killed."""
        for worker in list(self._workers):
            if graceful:
                with contextlib.suppress(OSError):
                    worker.conn.send_bytes(_STOP)
            else:
                worker.process.kill()
            self._drop(worker)
        deadline = time.monotonic() + _KILL_WAIT
        for process in self._exiting:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.exitcode is None:
                process.kill()
                process.join()
        self._exiting.clear()


def _preload() -> None:
    """Import the format readers once here, so that forked workers inherit them.

    Without it every worker, and every replacement of a recycled worker, would
    import them again on its first input of each format.
    """
    from govinfo_report.readers import READERS, load_reader  # noqa: PLC0415 - only needed here

    for format in READERS:
        try:
            load_reader(format)
        except ImportError:  # pragma: no cover - a broken optional backend fails in the worker instead
            _LOG.debug("could not preload the %s parser", format, exc_info=True)


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "exit status unknown"
    if code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"
