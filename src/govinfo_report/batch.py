"""Parse many reports in parallel, one :class:`Outcome` per input.

:func:`parse_many` runs the parser over a process pool and yields an
:class:`Outcome` for every input as soon as it is ready: the report and its
validation findings, or an :class:`ErrorInfo` saying why there is none.
One bad file is one failed outcome, never a lost result or a stopped run:

* a file that cannot be read or parsed gives the error it raised;
* a file that takes longer than the per-file ``timeout`` has its worker
  process stopped and gives a ``LimitExceededError``;
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

import functools
import hashlib
import io
import itertools
import logging
import multiprocessing
import multiprocessing.pool
import operator
import os
import pickle
import queue
import signal
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from multiprocessing.connection import wait as wait_for
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import EllipsisType
from typing import Any, Final

import attrs

from govinfo_report._deadline import deadline
from govinfo_report.errors import LimitExceededError, ParseError, SourceLocation
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.model import Report
from govinfo_report.parsers import parse_bytes
from govinfo_report.validate import Finding

__all__ = [
    "DEFAULT_SUFFIXES",
    "WORKER_CRASHED",
    "ErrorInfo",
    "Outcome",
    "Source",
    "iter_sources",
    "parse_many",
]

_LOG = logging.getLogger(__name__)

Source = str | os.PathLike[str] | tuple[str, bytes]
"""One input of :func:`parse_many`: a file path, or a ``(name, contents)`` pair."""

WORKER_CRASHED: Final = "WorkerCrashed"
"""The :attr:`ErrorInfo.type` of an input whose worker process died while parsing it."""

DEFAULT_SUFFIXES: Final = (".txt", ".htm", ".html", ".shtml", ".xhtml", ".docx", ".pdf")
"""File name suffixes :func:`iter_sources` picks from folders (compared without case)."""

_DEFAULT_CHUNKSIZE: Final = 4
_DEFAULT_MAX_PER_CHILD: Final = 500
# How often the parent looks for overdue and crashed workers, in seconds.
_WATCH_INTERVAL: Final = 0.1
# How long a finished chunk's result may take to arrive after its worker exited.
_RESULT_GRACE: Final = 10.0
_KILL_WAIT: Final = 10.0
# How long the pool may take to start its first worker (spawn imports the library in each).
_START_TIMEOUT: float = 120.0
_KILL_SIGNAL: Final = getattr(signal, "SIGKILL", signal.SIGTERM)


@attrs.frozen(kw_only=True)
class ErrorInfo:
    """Why an input gave no report: a plain, picklable record of the error.

    Attributes:
        type: The exception's class name (``"StructureError"``,
            ``"FileNotFoundError"``, ...), ``"LimitExceededError"`` for an input
            that hit the time limit, or :data:`WORKER_CRASHED` when the worker
            process died.
        message: What went wrong, without the location.
        location: Where in the input it went wrong, when known.
    """

    type: str
    message: str
    location: SourceLocation | None = None

    @classmethod
    def from_exception(cls, error: BaseException) -> ErrorInfo:
        """Describe ``error``; a :class:`~govinfo_report.ParseError` keeps its location."""
        if isinstance(error, ParseError):
            return cls(type=type(error).__name__, message=error.message, location=error.location)
        return cls(type=type(error).__name__, message=str(error) or type(error).__name__)

    def __str__(self) -> str:
        where = self.location.describe() if self.location is not None else ""
        return f"{self.type}: {self.message}" + (f" ({where})" if where else "")


@attrs.frozen(kw_only=True)
class Outcome:
    """The result of parsing one input of a batch.

    Attributes:
        source: The input's path as given, or the name of a ``(name, bytes)`` pair.
        sha256: Hex SHA-256 of the input bytes; ``None`` when they could not be read.
        report: The parsed report, or ``None`` when parsing failed.
        findings: Validation findings of the report (empty when validation was
            not requested or parsing failed).
        error: Why there is no report, or ``None``.  When validation itself
            fails, ``report`` is kept and ``error`` says what went wrong.
        seconds: Time spent reading, parsing and validating the input.
    """

    source: str
    sha256: str | None = None
    report: Report | None = None
    findings: tuple[Finding, ...] = ()
    error: ErrorInfo | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the input was parsed (and validated, if requested) without error."""
        return self.error is None and self.report is not None


def iter_sources(
    paths: Iterable[str | os.PathLike[str]],
    /,
    *,
    suffixes: Sequence[str] | None = DEFAULT_SUFFIXES,
) -> Iterator[Path]:
    """Yield the input files named by ``paths``, walking folders.

    A file named directly is always yielded.  A folder is walked recursively
    in sorted order, skipping hidden files and folders (names starting with
    ``.``) and files whose suffix is not in ``suffixes``.

    Args:
        paths: Files and folders.
        suffixes: Suffixes of the files to pick from folders, or ``None`` for
            every file.

    Raises:
        FileNotFoundError: A path does not exist.
    """
    wanted = None if suffixes is None else frozenset(suffix.lower() for suffix in suffixes)
    for item in paths:
        path = Path(item)
        if path.is_dir():
            yield from _walk(path, wanted)
        elif path.exists():
            yield path
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")


def _walk(folder: Path, suffixes: frozenset[str] | None) -> Iterator[Path]:
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, suffixes)
        elif entry.is_file() and (suffixes is None or entry.suffix.lower() in suffixes):
            yield entry


def parse_many(
    sources: Iterable[Source],
    /,
    *,
    workers: int | None = None,
    validate: bool = True,
    timeout: float | EllipsisType | None = ...,
    limits: Limits = DEFAULT_LIMITS,
    chunksize: int = _DEFAULT_CHUNKSIZE,
    maxtasksperchild: int | None = _DEFAULT_MAX_PER_CHILD,
    mp_context: BaseContext | None = None,
) -> Generator[Outcome, None, None]:
    """Parse (and validate) many inputs, yielding one :class:`Outcome` each as it completes.

    Outcomes arrive in completion order, not input order; match them to
    inputs by :attr:`Outcome.source`.  The sources are consumed lazily, so a
    generator over a huge folder is fine, and results can be written out as
    they come.  Workers read files themselves: only paths cross process
    boundaries, not contents.  Closing the generator (or dropping it) before
    the end stops the workers.

    Args:
        sources: File paths, or ``(name, contents)`` pairs.
        workers: Number of worker processes; ``None`` for :func:`os.cpu_count`.
            With ``1``, inputs are parsed one after another in this process:
            ``timeout`` is then enforced with a timer signal (POSIX, main
            thread only), and a crash in a native library ends the calling
            process.  Use two or more workers for untrusted inputs.
        validate: Whether to run :func:`govinfo_report.validate` on each report.
        timeout: Seconds one input may take before its worker is stopped and
            it yields a ``LimitExceededError`` outcome; ``None`` for no limit.
            The default (``...``) takes ``limits.timeout``.
        limits: Resource bounds applied to each input.
        chunksize: Inputs sent to a worker at a time.  Larger chunks cost
            less in communication; smaller ones balance uneven files better.
        maxtasksperchild: Inputs a worker parses before it is replaced by a
            fresh process (rounded up to whole chunks), which bounds the memory
            a long run can accumulate; ``None`` keeps workers for the whole run.
        mp_context: The :mod:`multiprocessing` context to start workers with;
            ``None`` for the default start method.

    Yields:
        One outcome per source.

    Raises:
        ValueError: ``workers``, ``chunksize`` or ``maxtasksperchild`` is not
            positive, or ``timeout`` is not positive.
        TypeError: ``sources`` is a single path or bytes rather than an iterable of sources.
    """
    if isinstance(sources, str | bytes | os.PathLike):
        raise TypeError("sources must be an iterable of paths or (name, bytes) pairs, not a single path")
    count = (os.cpu_count() or 1) if workers is None else workers
    if count < 1:
        raise ValueError(f"workers must be at least 1, not {count}")
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, not {chunksize}")
    if maxtasksperchild is not None and maxtasksperchild < 1:
        raise ValueError(f"maxtasksperchild must be at least 1 or None, not {maxtasksperchild}")
    seconds = limits.timeout if isinstance(timeout, EllipsisType) else timeout
    if seconds is not None and seconds <= 0:
        raise ValueError(f"timeout must be positive or None, not {seconds}")
    settings = _Settings(limits=attrs.evolve(limits, timeout=seconds), validate=validate)
    if count == 1:
        return _run_here(sources, settings)
    per_child = None if maxtasksperchild is None else -(-maxtasksperchild // chunksize)
    context = mp_context if mp_context is not None else multiprocessing.get_context()
    return _Runner(
        sources, settings, workers=count, chunksize=chunksize, per_child=per_child, context=context
    ).run()


# -- work done for each input, in a worker or in-process ----------------------------------------------


@attrs.frozen
class _Settings:
    limits: Limits
    validate: bool


@attrs.frozen
class _Item:
    index: int
    source: str
    data: bytes | None  # None: read the file at ``source``
    isolated: bool = False  # re-run alone after its chunk was lost without a known culprit


# The parse function, looked up at call time so that tests can replace it in workers
# through _worker_setup (a top-level function run by each worker's initializer).
_parse_bytes: Callable[..., Report] = parse_bytes
_worker_setup: Callable[[], None] | None = None


def _process(item: _Item, settings: _Settings) -> Outcome:
    started = time.perf_counter()

    def outcome(**fields: Any) -> Outcome:
        return Outcome(source=item.source, seconds=time.perf_counter() - started, **fields)

    data = item.data
    if data is None:
        try:
            data = _read(item.source, settings.limits)
        except Exception as exc:  # unreadable, too large, out of memory: this input's outcome
            return outcome(error=ErrorInfo.from_exception(exc))
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        report = _parse_bytes(data, source=item.source, limits=settings.limits)
    except Exception as exc:  # any failure becomes this input's outcome
        return outcome(sha256=sha256, error=ErrorInfo.from_exception(exc))
    findings: tuple[Finding, ...] = ()
    if settings.validate:
        try:
            findings = _validator()(report)
        except Exception as exc:  # keep the report, say why there are no findings
            return outcome(sha256=sha256, report=report, error=ErrorInfo.from_exception(exc))
    return outcome(sha256=sha256, report=report, findings=findings)


def _read(source: str, limits: Limits) -> bytes:
    path = Path(source)
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise LimitExceededError(
            f"file is {size} bytes, more than the {limits.max_bytes} allowed (Limits.max_bytes)",
            location=SourceLocation(source=source),
        )
    return path.read_bytes()


@functools.cache
def _validator() -> Callable[[Report], tuple[Finding, ...]]:
    from govinfo_report.validate import validate  # noqa: PLC0415 - loaded when validation is asked for

    return validate


def _items(sources: Iterable[Source]) -> Iterator[_Item]:
    for index, source in enumerate(sources):
        if isinstance(source, tuple):
            name, data = source
            if not isinstance(data, bytes):
                raise TypeError(f"a (name, contents) source needs bytes, not {type(data).__name__}")
            yield _Item(index, str(name), data)
        else:
            yield _Item(index, os.fspath(source), None)


def _run_here(sources: Iterable[Source], settings: _Settings) -> Generator[Outcome, None, None]:
    for item in _items(sources):
        try:
            # No worker to stop here: a timer signal bounds the input where the platform allows.
            with deadline(settings.limits.timeout, source=item.source):
                outcome = _process(item, settings)
        except LimitExceededError as exc:
            outcome = Outcome(source=item.source, error=ErrorInfo.from_exception(exc))
        yield outcome


# -- the worker side of the pool --------------------------------------------------------------------

_NOT_STARTED: Final = -1


@attrs.frozen
class _Slots:
    """Shared memory through which workers tell the parent what they are doing.

    Each chunk in flight owns one slot, assigned by the parent.  Its worker
    writes its process ID, the position in the chunk of the input it is
    parsing (``len(chunk)`` once done) and when that input started.  The
    slot's lock makes "still on that input" and "stop the worker" one
    atomic step, so a worker is never stopped while it holds a pool lock.
    """

    pid: Any  # multiprocessing RawArray("q")
    position: Any  # RawArray("q")
    started: Any  # RawArray("d"), time.monotonic() of the current input
    locks: tuple[Any, ...]  # one multiprocessing Lock per slot
    ready: Any  # RawArray("q", 1): number of workers that have started

    @classmethod
    def create(cls, context: BaseContext, count: int) -> _Slots:
        return cls(
            context.RawArray("q", count),
            context.RawArray("q", [_NOT_STARTED] * count),
            context.RawArray("d", count),
            tuple(context.Lock() for _ in range(count)),
            context.RawArray("q", 1),
        )

    def reset(self, slot: int) -> None:
        self.pid[slot] = 0
        self.position[slot] = _NOT_STARTED
        self.started[slot] = 0.0


_worker_slots: _Slots | None = None
_worker_settings: _Settings | None = None


def _init_worker(slots: _Slots, settings: _Settings, setup: Callable[[], None] | None) -> None:
    global _worker_slots, _worker_settings  # per-process worker state
    # Ctrl-C reaches the whole process group; the parent decides what happens.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_slots, _worker_settings = slots, settings
    if setup is not None:
        setup()
    slots.ready[0] += 1  # not atomic across processes; only "not zero" counts


def _run_chunk(slot: int, items: tuple[_Item, ...]) -> bytes:
    slots, settings = _worker_slots, _worker_settings
    assert slots is not None  # noqa: S101 - set by _init_worker
    assert settings is not None  # noqa: S101 - set by _init_worker
    slots.pid[slot] = os.getpid()
    outcomes: list[Outcome] = []
    for position, item in enumerate(items):
        with slots.locks[slot]:
            slots.started[slot] = time.monotonic()
            slots.position[slot] = position
        outcomes.append(_process(item, settings))
    with slots.locks[slot]:
        slots.position[slot] = len(items)
    return _dumps(outcomes)


# -- sending outcomes back ------------------------------------------------------------------------------
#
# Pickling the reports is most of what a pool adds to the cost of parsing small files.  attrs pickles a
# slotted instance as a dict of its fields and restores it field by field in Python; this pickler sends
# the fields as a tuple instead (a form attrs' __setstate__ also reads), which takes about a quarter
# less time each way.


class _TransportPickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        getter = _GETTERS[cls] if cls in _GETTERS else _GETTERS.setdefault(cls, _state_getter(cls))
        if getter is None:
            return NotImplemented
        return (object.__new__, (cls,), getter(obj))


_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]] | None] = {}


def _state_getter(cls: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """Return a function giving an instance's fields as attrs' tuple state, or None for other classes."""
    setstate = getattr(cls, "__setstate__", None)
    if not attrs.has(cls) or "__slots__" not in vars(cls):
        return None
    if getattr(setstate, "__name__", "") != "slots_setstate":
        return None
    names = [field.name for field in attrs.fields(cls)]
    if len(names) == 1:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    getter: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*names)
    return getter


def _dumps(outcomes: object) -> bytes:
    buffer = io.BytesIO()
    _TransportPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(outcomes)
    return buffer.getvalue()


def _loads(data: bytes) -> list[Outcome]:
    outcomes: list[Outcome] = pickle.loads(data)  # noqa: S301 - written by our own worker processes
    return outcomes


# -- the parent side --------------------------------------------------------------------------------


@attrs.define
class _Chunk:
    slot: int
    items: tuple[_Item, ...]
    dead_since: float | None = None  # finished, worker gone, result not yet seen


class _Pool(multiprocessing.pool.Pool):
    """A pool whose worker-maintenance thread does not wake up for results.

    CPython's pool thread that replaces exited workers also waits on the
    result pipe, so while a large result is in transit it spins, taking
    the GIL from the threads that receive and use results (about a fifth
    of the parent's CPU time with reports as results).  Exited workers
    and the pool's own notifications still wake it.  Should a later Python
    rename the hook, this class simply behaves like its base.
    """

    def _get_sentinels(self) -> list[Any]:
        return [self._change_notifier._reader]  # type: ignore[attr-defined]


class _Runner:
    """Feeds chunks to a :class:`multiprocessing.pool.Pool` and watches its workers."""

    def __init__(
        self,
        sources: Iterable[Source],
        settings: _Settings,
        *,
        workers: int,
        chunksize: int,
        per_child: int | None,
        context: BaseContext,
    ) -> None:
        self._items = _items(sources)
        self._settings = settings
        self._timeout = settings.limits.timeout
        self._workers = workers
        self._chunksize = chunksize
        self._per_child = per_child
        self._context = context
        # Two chunks per worker keep every worker busy while the parent handles results.  There are
        # twice as many slots, so that a slot whose lock a dying worker took with it can be retired.
        self._window = 2 * workers
        self._slots = _Slots.create(context, 2 * self._window)
        self._free = list(range(2 * self._window))
        self._chunks: dict[int, _Chunk] = {}
        self._ids = itertools.count()
        self._retry: deque[_Item] = deque()
        self._exhausted = False
        self._done: queue.SimpleQueue[tuple[int, bytes | BaseException]] = queue.SimpleQueue()
        self._processes: dict[int, BaseProcess] = {}
        self._suspects: set[int] = set()
        self._started = False
        self._pool_started = 0.0

    def run(self) -> Generator[Outcome, None, None]:
        if self._context.get_start_method() == "fork":
            _preload(validate=self._settings.validate)
        pool = _Pool(
            self._workers,
            initializer=_init_worker,
            initargs=(self._slots, self._settings, _worker_setup),
            maxtasksperchild=self._per_child,
            context=self._context,
        )
        self._pool_started = time.monotonic()
        try:
            self._track()
            next_watch = time.monotonic() + _WATCH_INTERVAL
            while True:
                more = self._submit(pool)
                if not self._chunks:
                    if more:
                        raise RuntimeError(
                            "no usable worker slot is left: too many workers died holding a lock"
                        )
                    break
                try:
                    chunk_id, result = self._done.get(timeout=_WATCH_INTERVAL)
                except queue.Empty:
                    pass
                else:
                    yield from self._receive(chunk_id, result)
                if time.monotonic() >= next_watch:
                    yield from self._watch()
                    next_watch = time.monotonic() + _WATCH_INTERVAL
        finally:
            # Lost chunks stay in the pool's books forever, so close() and join() could wait
            # for them; terminate() stops the workers whatever their state.
            pool.terminate()
            pool.join()

    def _next_chunk(self) -> tuple[_Item, ...]:
        if self._retry:
            return (self._retry.popleft(),)
        if self._exhausted:
            return ()
        chunk = tuple(itertools.islice(self._items, self._chunksize))
        if len(chunk) < self._chunksize:
            self._exhausted = True
        return chunk

    def _submit(self, pool: Any) -> bool:
        """Send chunks while there is room; return whether inputs remain to be sent."""
        while len(self._chunks) < self._window:
            if not self._free:
                return True
            items = self._next_chunk()
            if not items:
                return False
            slot = self._free.pop()
            self._slots.reset(slot)
            chunk_id = next(self._ids)
            self._chunks[chunk_id] = _Chunk(slot, items)
            pool.apply_async(
                _run_chunk,
                (slot, items),
                callback=functools.partial(_deliver, self._done, chunk_id),
                error_callback=functools.partial(_deliver, self._done, chunk_id),
            )
        return True

    def _finish(self, chunk_id: int, *, retire: bool = False) -> _Chunk:
        chunk = self._chunks.pop(chunk_id)
        if retire:
            _LOG.warning("worker slot %d is retired: its lock was lost with a dead worker", chunk.slot)
        else:
            self._free.append(chunk.slot)
        return chunk

    def _receive(self, chunk_id: int, result: bytes | BaseException) -> Iterator[Outcome]:
        self._started = True
        if chunk_id not in self._chunks:
            return  # a chunk given up as lost whose result came after all
        chunk = self._finish(chunk_id)
        if isinstance(result, BaseException):
            # The pool could not run the chunk or send its result back (e.g. an unpicklable value).
            yield from self._lost(chunk, ErrorInfo.from_exception(result))
        else:
            yield from _loads(result)

    def _track(self) -> None:
        for process in multiprocessing.active_children():
            if process.pid is not None:
                self._processes[process.pid] = process

    def _watch(self) -> Iterator[Outcome]:
        # Read the slots before listing the live workers: a worker named in a slot was started
        # before this listing, so if it is missing from it, it has exited.
        states = [
            (chunk_id, chunk, self._slots.pid[chunk.slot], self._slots.position[chunk.slot])
            for chunk_id, chunk in self._chunks.items()
        ]
        self._track()
        alive = {pid for pid, process in self._processes.items() if process.exitcode is None}
        self._check_start_up()
        now = time.monotonic()
        suspects: set[int] = set()
        for chunk_id, chunk, pid, position in states:
            if pid == 0 or position == _NOT_STARTED:
                continue
            if pid not in alive:
                # Acted on from the second pass on, so that a worker started a moment ago
                # (not listed yet) is not mistaken for a dead one.
                suspects.add(pid)
                if pid not in self._suspects:
                    continue
                if position < len(chunk.items):
                    yield from self._crashed(chunk_id, position, pid)
                    continue
                chunk.dead_since = chunk.dead_since or now
                if now - chunk.dead_since > _RESULT_GRACE:
                    error = ErrorInfo(
                        type=WORKER_CRASHED, message="the worker exited but its results never arrived"
                    )
                    yield from self._lost(self._finish(chunk_id), error)
            elif self._overdue(chunk, position, now):
                yield from self._stop_overdue(chunk_id, position, pid)
        self._suspects = suspects
        self._processes = {
            pid: process
            for pid, process in self._processes.items()
            if process.exitcode is None or pid in suspects
        }

    def _check_start_up(self) -> None:
        """Fail instead of waiting forever when no worker process manages to start."""
        if self._started or self._slots.ready[0]:
            self._started = True
            return
        if time.monotonic() - self._pool_started > _START_TIMEOUT:
            raise RuntimeError(
                f"no worker process started within {_START_TIMEOUT:g} s; with the spawn or forkserver "
                "start method, the main module must be importable and run its code under "
                "`if __name__ == '__main__':`"
            )

    def _overdue(self, chunk: _Chunk, position: int, now: float) -> bool:
        if self._timeout is None or position >= len(chunk.items):
            return False
        started: float = self._slots.started[chunk.slot]
        return now - started > self._timeout

    def _stop_overdue(self, chunk_id: int, position: int, pid: int) -> Iterator[Outcome]:
        chunk = self._chunks[chunk_id]
        slot = chunk.slot
        assert self._timeout is not None  # noqa: S101 - checked by the caller
        lock = self._slots.locks[slot]
        locked = lock.acquire(timeout=_KILL_WAIT)
        try:
            if locked and (self._slots.position[slot] != position or self._slots.pid[slot] != pid):
                return  # it moved on while we looked
            if locked and not self._overdue(chunk, position, time.monotonic()):
                return
            _LOG.warning(
                "stopping worker %d: %s exceeded %s s", pid, chunk.items[position].source, self._timeout
            )
            self._kill(pid)
        finally:
            if locked:
                lock.release()
        self._finish(chunk_id, retire=not locked)
        self._requeue(chunk, position)
        item = chunk.items[position]
        error = ErrorInfo(
            type="LimitExceededError",
            message=f"parsing took longer than the {self._timeout:g} s allowed (Limits.timeout); "
            "its worker was stopped",
            location=SourceLocation(source=item.source),
        )
        yield Outcome(source=item.source, error=error, seconds=self._timeout)

    def _kill(self, pid: int) -> None:
        try:
            os.kill(pid, _KILL_SIGNAL)
        except ProcessLookupError:
            return
        # Hold the slot lock until the worker is gone, so it cannot take it (or anything else).
        process = self._processes.get(pid)
        if process is not None:
            wait_for([process.sentinel], timeout=_KILL_WAIT)
        else:  # pragma: no cover - every worker is a child listed by active_children()
            time.sleep(_WATCH_INTERVAL)

    def _crashed(self, chunk_id: int, position: int, pid: int) -> Iterator[Outcome]:
        lock = self._slots.locks[self._chunks[chunk_id].slot]
        usable = lock.acquire(block=False)  # nobody else may hold it, unless the worker died holding it
        if usable:
            lock.release()
        chunk = self._finish(chunk_id, retire=not usable)
        process = self._processes.get(pid)
        code = None if process is None else process.exitcode
        item = chunk.items[position]
        _LOG.warning("worker %d died (exit code %s) while parsing %s", pid, code, item.source)
        self._requeue(chunk, position)
        yield Outcome(
            source=item.source,
            error=ErrorInfo(
                type=WORKER_CRASHED,
                message=f"the worker process parsing this input died ({_describe_exit(code)})",
                location=SourceLocation(source=item.source),
            ),
        )

    def _requeue(self, chunk: _Chunk, culprit: int) -> None:
        # The results of the chunk's other inputs were lost with the worker: parse them again.
        self._retry.extend(item for position, item in enumerate(chunk.items) if position != culprit)

    def _lost(self, chunk: _Chunk, error: ErrorInfo) -> Iterator[Outcome]:
        """Handle a chunk whose results are gone without a known culprit: retry each input alone, once."""
        for item in chunk.items:
            if item.isolated:
                yield Outcome(source=item.source, error=error)
            else:
                self._retry.append(attrs.evolve(item, isolated=True))


def _preload(*, validate: bool) -> None:
    """Import the format parsers (and the rules) once here, so that forked workers inherit them.

    Without it every worker, and every replacement of a recycled worker, would
    import them again on its first input of each format.
    """
    from govinfo_report.parsers import _PARSERS, _parser  # noqa: PLC0415 - only needed here

    for format in _PARSERS:
        try:
            _parser(format)
        except ImportError:  # pragma: no cover - a broken optional backend fails in the worker instead
            _LOG.debug("could not preload the %s parser", format, exc_info=True)
    if validate:
        _validator()


def _deliver(
    done: queue.SimpleQueue[tuple[int, bytes | BaseException]],
    chunk_id: int,
    result: bytes | BaseException,
) -> None:
    done.put((chunk_id, result))


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "exit status unknown"
    if code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"
