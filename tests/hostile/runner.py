"""Run one hostile case in a forked child and measure it.

The child parses the input, then reports the outcome, its message, the
wall-clock time of the parse and the growth of its peak resident memory
(``ru_maxrss`` at the end minus at the start: a forked child starts with
the parent's pages, so the growth is what the parse added).  The parent
kills a child that outlives three times the case's time bound, so a
regression into a hang fails the test instead of stopping the run, and the
child's address space is capped a few GiB above its start, so a regression
into a bomb fails fast instead of exhausting the machine.

Where ``fork`` is unavailable the case runs in the test process, with
:mod:`tracemalloc` measuring the memory allocated through Python.
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import time
import traceback
import tracemalloc
import warnings
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from tests.hostile.cases import Hostile, Input

from govinfo_report import parse_bytes, parse_path
from govinfo_report.errors import GovInfoReportError, ParseError
from govinfo_report.validation import validate

_ADDRESS_SPACE_HEADROOM = 4 << 30


@dataclass(frozen=True)
class Result:
    """What one hostile case did."""

    outcome: str  # "Report", a library exception class name, or "crash: <type>" / "killed"
    message: str
    seconds: float
    mib: float
    problems: tuple[str, ...] = ()  # failed checks on the report or the error


def _peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _parse(case: Hostile, data: Input) -> tuple[str, str, tuple[str, ...]]:
    """Parse ``data`` as ``case`` says; return the outcome, the message and failed checks."""
    problems: list[str] = []
    try:
        if isinstance(data, Path):
            report = parse_path(data, limits=case.limits, pdf_backend=case.pdf_backend)
        else:
            report = parse_bytes(
                data, source=f"{case.name}.{case.format}", limits=case.limits, pdf_backend=case.pdf_backend
            )
    except GovInfoReportError as error:
        if isinstance(error, ParseError) and error.location is None:
            problems.append("the error has no location")
        return type(error).__name__, str(error), tuple(problems)
    except Exception as error:  # a crash: what the test exists to catch
        return f"crash: {type(error).__name__}", traceback.format_exc(), ()
    validate(report)
    if case.check is not None:
        try:
            case.check(report)
        except AssertionError as failed:
            problems.append(str(failed))
    backends = ", ".join(name for name, _ in report.provenance.backends) if report.provenance else ""
    return "Report", backends, tuple(problems)


def _address_space() -> int:
    """The process's virtual memory size in bytes (Linux), or 0 where unknown."""
    statm = Path("/proc/self/statm")
    return int(statm.read_text().split()[0]) * resource.getpagesize() if statm.exists() else 0


def _child(case: Hostile, data: Input, connection: Connection) -> None:
    size = _address_space()
    if size:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = size + _ADDRESS_SPACE_HEADROOM
        resource.setrlimit(
            resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard)
        )
    start = _peak_mib()
    started = time.perf_counter()
    outcome, message, problems = _parse(case, data)
    seconds = time.perf_counter() - started
    connection.send(Result(outcome, message, seconds, _peak_mib() - start, problems))
    connection.close()


def run(case: Hostile, tmp: Path) -> Result:
    """Build ``case``'s input in ``tmp`` and run it, in a forked child where possible."""
    data = case.build(tmp)
    if "fork" not in multiprocessing.get_all_start_methods():
        return _in_process(case, data)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads: none run here
        process = context.Process(target=_child, args=(case, data, sender), daemon=True)
        process.start()
    sender.close()
    started = time.perf_counter()
    limit = 3 * case.seconds + 5
    try:
        if receiver.poll(limit):
            return receiver.recv()  # type: ignore[no-any-return]
        return Result("killed", f"no result after {limit:g} s", time.perf_counter() - started, 0.0)
    except EOFError:
        return Result("killed", f"the child died (exit code {process.exitcode})", 0.0, 0.0)
    finally:
        if process.is_alive():
            process.kill()
        process.join()


def _in_process(case: Hostile, data: Input) -> Result:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome, message, problems = _parse(case, data)
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return Result(outcome, message, seconds, peak / (1024 * 1024), problems)
