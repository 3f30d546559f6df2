"""Batch parsing: one outcome per input, whatever the inputs do to their workers."""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import pickle
import random
import shutil
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from tests import batch_helpers

from govinfo_report import _fast as _transport
from govinfo_report import batch, model, parse_bytes
from govinfo_report.batch import (
    WORKER_CRASHED,
    ErrorInfo,
    Outcome,
    Skipped,
    Source,
    iter_sources,
    parse_many,
)
from govinfo_report.errors import SourceLocation, WorkerPoolError
from govinfo_report.examples import example_bytes
from govinfo_report.limits import Limits
from govinfo_report.model import (
    Cell,
    CellState,
    Conversion,
    Deviation,
    DeviationKind,
    LegacyFormat,
    Report,
    TableKind,
)
from govinfo_report.serialize import to_cells
from govinfo_report.validation import Finding

EXAMPLE = example_bytes()
TEXT_INPUTS = (
    "seed-001-haiyuan-health-2020.txt",
    "seed-002-gaoan-health-2020.txt",
    "pingtan-zone-gov-2021.txt",
)


@pytest.fixture
def text_inputs(corpus_dir: Path, tmp_path: Path) -> list[Path]:
    """Copies of three small corpus reports in a temporary folder."""
    paths = []
    for name in TEXT_INPUTS:
        path = tmp_path / name
        shutil.copyfile(corpus_dir / name, path)
        paths.append(path)
    return paths


def _by_source(outcomes: list[Outcome]) -> dict[str, Outcome]:
    sources = [outcome.source for outcome in outcomes]
    assert len(sources) == len(set(sources)), f"duplicate outcomes: {Counter(sources).most_common(3)}"
    return {outcome.source: outcome for outcome in outcomes}


def _assert_no_workers_left() -> None:
    assert multiprocessing.active_children() == []


def test_every_corpus_input_gives_one_successful_outcome(corpus_dir: Path) -> None:
    """Each corpus input (all formats) yields exactly one outcome, with a report and no error."""
    paths = list(iter_sources([corpus_dir]))
    assert {path.suffix for path in paths} >= {".txt", ".html", ".docx", ".pdf"}
    outcomes = _by_source(list(parse_many(paths, workers=2, validate=False)))
    assert set(outcomes) == {str(path) for path in paths}
    for path in paths:
        outcome = outcomes[str(path)]
        assert outcome.ok, outcome.error
        assert outcome.report is not None
        assert outcome.sha256 is not None
        assert outcome.report.provenance is not None
        assert outcome.sha256 == outcome.report.provenance.sha256
        assert outcome.seconds > 0
    _assert_no_workers_left()


def test_pool_and_in_process_runs_give_equal_reports(text_inputs: list[Path]) -> None:
    """Workers read and parse files exactly as an in-process run does."""
    pooled = _by_source(list(parse_many(text_inputs, workers=2, validate=False, chunksize=1)))
    here = _by_source(list(parse_many(text_inputs, workers=1, validate=False)))
    assert set(pooled) == set(here) == {str(path) for path in text_inputs}
    for source, outcome in here.items():
        assert outcome.report == pooled[source].report
        assert outcome.report == parse_bytes(Path(source).read_bytes(), source=source)


def test_broken_inputs_fail_while_the_others_succeed(corpus_dir: Path, text_inputs: list[Path]) -> None:
    """Truncated PDF bytes, random bytes and a missing file each give a failed outcome; nothing is lost."""
    folder = text_inputs[0].parent
    rng = random.Random(7)  # noqa: S311 - test data, not secrets
    pdf = next(corpus_dir.glob("*.pdf")).read_bytes()
    (folder / "truncated.pdf").write_bytes(pdf[: len(pdf) // 3])
    (folder / "random.pdf").write_bytes(rng.randbytes(5000))
    (folder / "random.txt").write_bytes(rng.randbytes(3000))
    missing = folder / "gone.txt"
    sources = [*iter_sources([folder]), missing]
    assert len(sources) == len(text_inputs) + 4
    outcomes = _by_source(list(parse_many(sources, workers=2, validate=False, chunksize=2)))
    assert set(outcomes) == {str(path) for path in sources}
    for path in text_inputs:
        assert outcomes[str(path)].ok
    for name in ("truncated.pdf", "random.pdf", "random.txt"):
        failed = outcomes[str(folder / name)]
        assert not failed.ok
        assert failed.report is None
        assert failed.error is not None
        assert failed.error.type in {"ExtractionError", "StructureError", "UnsupportedFormatError"}
        assert failed.sha256 is not None
    gone = outcomes[str(missing)]
    assert gone.error is not None
    assert gone.error.type == "FileNotFoundError"
    assert gone.sha256 is None


def test_bytes_sources_keep_their_names() -> None:
    """``(name, bytes)`` pairs are parsed under their names, in a pool as in-process."""
    sources = [("a.txt", EXAMPLE), ("b.txt", b"not a report"), ("c.txt", EXAMPLE)]
    for workers in (1, 2):
        outcomes = _by_source(list(parse_many(sources, workers=workers, validate=False)))
        assert set(outcomes) == {"a.txt", "b.txt", "c.txt"}
        assert outcomes["a.txt"].report is not None
        assert outcomes["a.txt"].report.provenance is not None
        assert outcomes["a.txt"].report.provenance.source == "a.txt"
        first, second = outcomes["a.txt"].report, outcomes["c.txt"].report
        assert second is not None
        assert to_cells(first) == to_cells(second)
        error = outcomes["b.txt"].error
        assert error is not None
        assert error.type == "StructureError"
        assert error.location is not None
        assert error.location.source == "b.txt"


def test_a_hanging_input_hits_the_timeout(text_inputs: list[Path]) -> None:
    """An input that never finishes gives a LimitExceededError outcome; its chunk-mates still get parsed."""
    sources: list[Source] = [*text_inputs[:2], ("hang.txt", batch_helpers.HANG), text_inputs[2]]
    outcomes = _by_source(
        list(
            parse_many(
                sources,
                parse=batch_helpers.misbehaving_parse,
                workers=2,
                validate=False,
                chunksize=4,
                timeout=1.0,
            )
        )
    )
    assert set(outcomes) == {*(str(path) for path in text_inputs), "hang.txt"}
    hung = outcomes["hang.txt"]
    assert hung.error == ErrorInfo(
        type="LimitExceededError",
        message="parsing took longer than the 1 s allowed (Limits.timeout); its worker was stopped",
        location=SourceLocation(source="hang.txt"),
    )
    assert hung.report is None
    assert all(outcomes[str(path)].ok for path in text_inputs)
    _assert_no_workers_left()


def test_the_timeout_defaults_to_the_limits() -> None:
    """Without ``timeout``, ``limits.timeout`` bounds each input."""
    limits = Limits(timeout=0.5)
    sources = [("hang.txt", batch_helpers.HANG), ("ok.txt", EXAMPLE)]
    outcomes = _by_source(
        list(
            parse_many(
                sources, parse=batch_helpers.misbehaving_parse, workers=2, validate=False, limits=limits
            )
        )
    )
    error = outcomes["hang.txt"].error
    assert error is not None
    assert error.type == "LimitExceededError"
    assert "0.5 s" in error.message
    assert outcomes["ok.txt"].ok


@pytest.mark.parametrize("workers", [1, 2])
def test_pages_read_by_ocr_extend_the_timeout(workers: int) -> None:
    """An OCR input longer than the timeout is granted Limits.ocr_page_budget per page and completes."""
    limits = Limits(timeout=1.0, ocr_page_budget=1.0)
    sources = [("scan.txt", batch_helpers.PAGES + b"4 0.5\n" + EXAMPLE)]  # 2 s of pages, 1 + 4 s allowed
    [outcome] = parse_many(
        sources, parse=batch_helpers.paged_parse, workers=workers, validate=False, limits=limits
    )
    assert outcome.ok, outcome.error
    _assert_no_workers_left()


@pytest.mark.parametrize("workers", [1, 2])
def test_the_time_pages_add_is_capped(workers: int) -> None:
    """However many pages an input claims, it gets at most max_pages times ocr_page_budget more."""
    limits = Limits(timeout=0.5, ocr_page_budget=0.5, max_pages=2)
    sources = [("endless.txt", batch_helpers.PAGES + b"100000 0.2\n" + EXAMPLE)]
    [outcome] = parse_many(
        sources, parse=batch_helpers.paged_parse, workers=workers, validate=False, limits=limits
    )
    assert outcome.error is not None
    assert outcome.error.type == "LimitExceededError"
    assert "with 1 s more for" in outcome.error.message
    _assert_no_workers_left()


@pytest.mark.parametrize(
    ("marker", "detail"),
    [(batch_helpers.EXIT, "exit code 7"), (batch_helpers.SEGFAULT, "killed by signal SIGSEGV")],
    ids=["exit", "segfault"],
)
def test_a_crashing_worker_costs_one_outcome(marker: bytes, detail: str) -> None:
    """A worker that dies gives its input a WorkerCrashed outcome; every other input still completes."""
    sources: list[Source] = [(f"ok-{index}.txt", EXAMPLE) for index in range(6)]
    sources.insert(2, ("crash.txt", marker))
    outcomes = _by_source(
        list(
            parse_many(
                sources,
                parse=batch_helpers.misbehaving_parse,
                workers=2,
                validate=False,
                chunksize=3,
                timeout=30,
            )
        )
    )
    assert len(outcomes) == 7
    crashed = outcomes["crash.txt"]
    assert crashed.error is not None
    assert crashed.error.type == WORKER_CRASHED
    assert detail in crashed.error.message
    assert [source for source, outcome in outcomes.items() if not outcome.ok] == ["crash.txt"]
    _assert_no_workers_left()


def test_several_crashes_and_hangs_in_one_run() -> None:
    """Repeated failures, including two in one chunk, still give exactly one outcome per input."""
    markers = [batch_helpers.EXIT, batch_helpers.HANG, batch_helpers.SEGFAULT, batch_helpers.EXIT]
    sources: list[Source] = [(f"ok-{index}.txt", EXAMPLE) for index in range(8)]
    for index, marker in enumerate(markers):
        sources.insert(index * 2, (f"bad-{index}.txt", marker))
    outcomes = _by_source(
        list(
            parse_many(
                sources,
                parse=batch_helpers.misbehaving_parse,
                workers=2,
                validate=False,
                chunksize=3,
                timeout=1.0,
            )
        )
    )
    assert len(outcomes) == 12
    errors = {source: outcome.error.type for source, outcome in outcomes.items() if outcome.error is not None}
    assert errors == {
        "bad-0.txt": WORKER_CRASHED,
        "bad-1.txt": "LimitExceededError",
        "bad-2.txt": WORKER_CRASHED,
        "bad-3.txt": WORKER_CRASHED,
    }


def test_ordered_outcomes_follow_the_inputs_through_crashes_and_hangs() -> None:
    """With ``ordered=True`` outcomes come in input order, though crashed and stopped inputs finish late."""
    markers = [batch_helpers.EXIT, batch_helpers.HANG, batch_helpers.SEGFAULT]
    sources: list[tuple[str, bytes]] = [(f"ok-{index}.txt", EXAMPLE) for index in range(9)]
    for index, marker in enumerate(markers):
        sources.insert(index * 3, (f"bad-{index}.txt", marker))
    outcomes = parse_many(
        sources,
        parse=batch_helpers.misbehaving_parse,
        workers=2,
        validate=False,
        chunksize=2,
        timeout=1.0,
        ordered=True,
    )
    assert [outcome.source for outcome in outcomes] == [name for name, _ in sources]
    _assert_no_workers_left()


def test_ordered_outcomes_hold_back_a_bounded_number() -> None:
    """While the first input hangs, the pool takes at most ``4 * workers * chunksize`` inputs in all."""
    taken: list[int] = []

    def sources() -> Iterator[Source]:
        yield ("hang.txt", batch_helpers.HANG)
        for index in range(40):
            taken.append(index)
            yield (f"ok-{index}.txt", EXAMPLE)

    outcomes = parse_many(
        sources(),
        parse=batch_helpers.misbehaving_parse,
        workers=2,
        validate=False,
        chunksize=1,
        timeout=1.0,
        ordered=True,
    )
    first = next(outcomes)
    assert first.source == "hang.txt"
    assert first.error is not None
    assert first.error.type == "LimitExceededError"
    assert 1 + len(taken) <= 4 * 2 * 1
    assert [outcome.source for outcome in outcomes] == [f"ok-{index}.txt" for index in range(40)]
    _assert_no_workers_left()


def test_large_inputs_given_as_bytes_do_not_hold_up_the_watch() -> None:
    """Chunks bigger than a pipe holds wait for an idle worker, so a hanging input still times out."""
    big = b"#pad\n" + b"x" * (1 << 20)  # not a report: a quick StructureError
    sources: list[Source] = [("hang.txt", batch_helpers.HANG)]
    sources += [(f"big-{index}.txt", big) for index in range(8)]
    started = time.monotonic()
    # 3 s: room for a 1 MiB input on a loaded machine; the hanging worker sleeps for 600 s.
    outcomes = _by_source(
        list(
            parse_many(
                sources,
                parse=batch_helpers.misbehaving_parse,
                workers=2,
                validate=False,
                chunksize=2,
                timeout=3.0,
            )
        )
    )
    assert time.monotonic() - started < 60
    errors = {source: outcome.error.type for source, outcome in outcomes.items() if outcome.error is not None}
    assert errors == {"hang.txt": "LimitExceededError"} | {
        f"big-{index}.txt": "StructureError" for index in range(8)
    }
    _assert_no_workers_left()


def test_workers_killed_from_outside_lose_nothing() -> None:
    """Workers killed by something else, busy or idle, cost at most the inputs they were parsing."""
    killed: list[int] = []

    def sources() -> Iterator[Source]:
        for index in range(24):
            if index in (8, 16):
                for process in multiprocessing.active_children():
                    assert process.pid is not None
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(process.pid, signal.SIGKILL)
                        killed.append(process.pid)
            yield (f"{index}.txt", EXAMPLE)

    outcomes = _by_source(list(parse_many(sources(), workers=2, validate=False, chunksize=2)))
    assert set(outcomes) == {f"{index}.txt" for index in range(24)}
    assert len(killed) >= 2
    failed = [outcome.error for outcome in outcomes.values() if outcome.error is not None]
    assert len(failed) <= len(killed)
    for error in failed:
        assert error.type == WORKER_CRASHED
        assert "killed by signal SIGKILL" in error.message
    _assert_no_workers_left()


def test_workers_that_cannot_start_fail_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """When no worker process manages to start, the run raises instead of waiting forever."""
    monkeypatch.setattr(batch._pool, "_START_TIMEOUT", 1.0)
    with pytest.raises(WorkerPoolError, match="no worker process started"):
        list(parse_many([("a.txt", EXAMPLE)], workers=2, validate=False, initializer=batch_helpers.fail))
    _assert_no_workers_left()


def test_workers_that_never_get_ready_fail_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """When worker processes start but never get ready, the run raises after ``_START_TIMEOUT``."""
    monkeypatch.setattr(batch._pool, "_START_TIMEOUT", 1.0)
    started = time.monotonic()
    with pytest.raises(WorkerPoolError, match="no worker process started within 1 s"):
        list(parse_many([("a.txt", EXAMPLE)], workers=2, validate=False, initializer=batch_helpers.stall))
    assert time.monotonic() - started < 30
    _assert_no_workers_left()


def test_workers_are_recycled_without_losing_results(text_inputs: list[Path]) -> None:
    """With one input per worker life, every worker exits after its input, and no result is lost.

    A replacement starts only when the worker it replaces is done, so no more than ``workers``
    processes work at once (plus those on their way out).
    """
    sources = text_inputs * 4
    alive: list[int] = []
    pids: set[int] = set()

    def watched() -> Iterator[Path]:
        for path in sources:
            children = multiprocessing.active_children()
            alive.append(len(children))
            pids.update(child.pid for child in children if child.pid is not None)
            yield path

    outcomes = list(parse_many(watched(), workers=2, validate=False, chunksize=1, maxtasksperchild=1))
    assert Counter(outcome.source for outcome in outcomes) == Counter(str(path) for path in sources)
    assert all(outcome.ok for outcome in outcomes)
    assert max(alive) <= 4
    assert len(pids) >= len(sources) // 2


def test_spawned_workers() -> None:
    """Workers started with ``spawn`` (the default on macOS and Windows) parse, time out and crash alike."""
    sources = [("ok.txt", EXAMPLE), ("hang.txt", batch_helpers.HANG), ("exit.txt", batch_helpers.EXIT)]
    context = multiprocessing.get_context("spawn")
    outcomes = _by_source(
        list(
            parse_many(
                sources,
                parse=batch_helpers.misbehaving_parse,
                workers=2,
                validate=False,
                timeout=5,
                mp_context=context,
            )
        )
    )
    assert outcomes["ok.txt"].ok
    assert outcomes["hang.txt"].error is not None
    assert outcomes["hang.txt"].error.type == "LimitExceededError"
    assert outcomes["exit.txt"].error is not None
    assert outcomes["exit.txt"].error.type == WORKER_CRASHED


def test_stopping_early_stops_the_workers() -> None:
    """Closing the outcome iterator before the end terminates the pool."""
    outcomes = parse_many([(f"{index}.txt", EXAMPLE) for index in range(40)], workers=2, validate=False)
    first = next(outcomes)
    assert first.ok
    outcomes.close()
    _assert_no_workers_left()


def test_sources_are_read_lazily() -> None:
    """A generator of sources is consumed as workers need inputs, not up front."""
    taken: list[int] = []

    def sources() -> object:
        for index in range(30):
            taken.append(index)
            yield (f"{index}.txt", EXAMPLE)

    outcomes = parse_many(sources(), workers=2, validate=False, chunksize=2)  # type: ignore[arg-type]
    next(outcomes)
    assert len(taken) < 30
    rest = list(outcomes)
    assert len(rest) == 29


def test_validation_findings_come_with_the_report() -> None:
    """With ``validate=True`` each outcome carries the report's findings, in a pool as in-process."""
    from govinfo_report.validation import validate

    expected = validate(parse_bytes(EXAMPLE, source="a.txt"))
    for workers in (1, 2):
        [outcome] = parse_many([("a.txt", EXAMPLE)], workers=workers)
        assert outcome.ok
        assert outcome.findings == expected


def test_a_failing_validator_keeps_the_report() -> None:
    """When validation raises, the outcome keeps the report and reports the error."""

    def broken(report: object) -> tuple[()]:
        raise RuntimeError("rule exploded")

    [outcome] = parse_many([("a.txt", EXAMPLE)], workers=1, validate=broken)
    assert outcome.report is not None
    assert not outcome.ok
    assert outcome.error == ErrorInfo(type="RuntimeError", message="rule exploded")


def test_an_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    """``limits.max_bytes`` applies to files before they are read."""
    path = tmp_path / "big.txt"
    path.write_bytes(EXAMPLE)
    [outcome] = parse_many([path], workers=1, limits=Limits(max_bytes=100))
    assert outcome.error is not None
    assert outcome.error.type == "LimitExceededError"
    assert outcome.error.location == SourceLocation(source=str(path))


def test_outcome_and_error_info_pickle() -> None:
    """Outcomes, with their report, findings and error, and skip records survive pickling unchanged."""
    report = parse_bytes(EXAMPLE, source="a.txt")
    error = ErrorInfo(
        type="StructureError", message="no tables", location=SourceLocation(source="a.txt", line=3)
    )
    for outcome in (
        Outcome(source="a.txt", sha256="0" * 64, report=report, seconds=0.25),
        Outcome(source="b.txt", sha256=None, error=error, seconds=1.5),
    ):
        assert pickle.loads(pickle.dumps(outcome)) == outcome  # noqa: S301 - our own bytes
    skipped = Skipped(path="in/pipe.txt", reason="not a regular file: a FIFO (named pipe)")
    assert pickle.loads(pickle.dumps(skipped)) == skipped  # noqa: S301 - our own bytes
    assert str(skipped) == "in/pipe.txt: not a regular file: a FIFO (named pipe)"


@attrs.frozen
class _OneField:
    value: int


def _model_values(corpus_dir: Path) -> list[object]:
    """One value of every attrs class an outcome can carry, most of them inside a parsed report."""
    outcome = next(parse_many([corpus_dir / TEXT_INPUTS[0]], workers=1))
    assert outcome.report is not None
    assert outcome.findings
    location = SourceLocation(source="b.txt", page=2, line=3, bbox=(1.0, 2.5, 3.0, 4.0))
    deviation = Deviation(
        kind=next(iter(DeviationKind)), table=TableKind.REQUESTS, found="x", expected="y", location=location
    )
    assert outcome.report.provenance is not None
    conversion = Conversion(original=LegacyFormat.DOC, converter="LibreOffice", converter_version="7.4.7.2")
    report = attrs.evolve(
        outcome.report,
        deviations=(deviation,),
        provenance=attrs.evolve(outcome.report.provenance, conversion=conversion),
    )
    failed = Outcome(
        source="b.txt", error=ErrorInfo(type="StructureError", message="none", location=location)
    )
    cell = Cell(
        key=None, value=Decimal("1.50"), raw="1.5", state=CellState.UNRESOLVED, alternatives=(1, Decimal("2"))
    )
    return [
        attrs.evolve(outcome, report=report),
        failed,
        cell,
        batch._pool._Item(3, "a.txt", b"data", isolated=True),
        report.completeness,  # computed, never sent by the pool; a user's engine may ship it
    ]


def _attrs_types(value: object) -> Counter[type]:
    """Count the attrs instances in ``value`` by type, walking fields and tuples."""
    found: Counter[type] = Counter()
    stack = [value]
    while stack:
        item = stack.pop()
        cls = type(item)
        if attrs.has(cls):
            found[cls] += 1
            stack.extend(getattr(item, field.name) for field in attrs.fields(cls))
        elif isinstance(item, tuple | list):
            stack.extend(item)
    return found


def test_every_model_type_crosses_processes_unchanged(corpus_dir: Path) -> None:
    """The pickling that carries outcomes from workers keeps every value and type, of every model class."""
    payload = _model_values(corpus_dir)
    sent = _attrs_types(payload)
    model_classes = {getattr(model, name) for name in model.__all__} - {model.CellValue}
    assert {cls for cls in model_classes if attrs.has(cls)} <= set(sent)
    assert {SourceLocation, Finding, Outcome, ErrorInfo, batch._pool._Item} <= set(sent)
    back = _transport.loads(_transport.dumps(payload))
    assert back == payload
    assert _attrs_types(back) == sent
    assert pickle.loads(_transport.dumps(payload)) == payload  # noqa: S301 - plain pickle reads it too


def test_the_transport_pickling_is_smaller_and_keeps_shared_values() -> None:
    """Library classes travel as field tuples, which is smaller; a value used twice arrives once."""
    report = parse_bytes(EXAMPLE, source="a.txt")
    assert len(_transport.dumps(report)) < 0.9 * len(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL))
    location = SourceLocation(source="a.txt", line=3)
    first, second = _transport.loads(_transport.dumps((location, location)))
    assert first is second
    assert first == location


def test_other_classes_are_pickled_as_usual() -> None:
    """attrs classes from elsewhere, and values of other types, keep their own pickling."""
    assert _transport.fields_getter(_OneField) is None
    assert _transport.fields_getter(Decimal) is None
    assert _transport.fields_getter(Cell) is not None
    values = (_OneField(value=3), Decimal("2.50"), CellState.BLANK, {"a": [1, 2.5, None]}, b"x")
    assert _transport.loads(_transport.dumps(values)) == values


@attrs.frozen(kw_only=True)
class _Checked:
    count: int = attrs.field(validator=attrs.validators.ge(0))
    name: str = "x"


def test_a_class_with_validators_is_rebuilt_field_by_field() -> None:
    """A class whose ``__init__`` does more than store values is rebuilt through ``object.__setattr__``."""
    build = _transport.builder(_Checked)
    assert isinstance(build, functools.partial)
    rebuilt = build(3, "y")
    assert rebuilt == _Checked(count=3, name="y")
    assert type(rebuilt) is _Checked
    with pytest.raises(ValueError, match="zip"):
        build(3)


def test_error_info_reads_well() -> None:
    """``str(ErrorInfo)`` gives the type, the message and the place."""
    error = ErrorInfo(
        type="StructureError", message="no tables", location=SourceLocation(source="a.txt", line=3)
    )
    assert str(error) == "StructureError: no tables (a.txt, line 3)"
    assert str(ErrorInfo(type="OSError", message="disk")) == "OSError: disk"


def test_iter_sources_walks_folders(tmp_path: Path) -> None:
    """Folders are walked recursively in sorted order, picking report suffixes and skipping hidden entries."""
    for name in ("b.txt", "a.PDF", "notes.md", "x.golden.json", ".hidden.txt", "sub/c.html", ".git/d.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    single = tmp_path / "notes.md"
    found = [path.relative_to(tmp_path).as_posix() for path in iter_sources([tmp_path, single])]
    assert found == ["a.PDF", "b.txt", "sub/c.html", "notes.md"]
    everything = [path.name for path in iter_sources([tmp_path], suffixes=None)]
    assert everything == ["a.PDF", "b.txt", "notes.md", "c.html", "x.golden.json"]
    with pytest.raises(FileNotFoundError, match="nowhere"):
        list(iter_sources([tmp_path / "nowhere"]))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"workers": 0}, "workers must be at least 1"),
        ({"chunksize": 0}, "chunksize must be at least 1"),
        ({"maxtasksperchild": 0}, "maxtasksperchild must be at least 1"),
        ({"timeout": 0}, "timeout must be positive"),
    ],
)
def test_bad_options_are_refused(options: dict[str, int], message: str) -> None:
    """Impossible settings raise ValueError when ``parse_many`` is called, before any work."""
    with pytest.raises(ValueError, match=message):
        parse_many([], **options)  # type: ignore[arg-type]


def test_a_single_path_is_not_taken_for_many() -> None:
    """Passing one path instead of a list is an error, not a run over its characters."""
    with pytest.raises(TypeError, match="iterable of paths"):
        parse_many("reports/")
    with pytest.raises(TypeError, match="iterable of paths"):
        parse_many(Path("reports"))  # type: ignore[arg-type]


def test_workers_default_to_the_cpu_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """``workers=None`` means one per CPU; with one CPU the run is in-process."""
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    monkeypatch.setattr(batch._pool, "_Runner", None)  # a pool would fail
    [outcome] = parse_many([("a.txt", EXAMPLE)], validate=False)
    assert outcome.ok


def test_windows_caps_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows one wait covers at most 63 handles, two per worker: 31 workers at most."""
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert batch._pool._worker_count(None) == 31
    assert batch._pool._worker_count(31) == 31
    with pytest.raises(ValueError, match="at most 31 on Windows"):
        parse_many([], workers=32)
    monkeypatch.setattr(sys, "platform", "linux")
    assert batch._pool._worker_count(None) == 64
    assert batch._pool._worker_count(32) == 32


def test_in_process_timeout_stops_a_slow_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """With workers=1 a slow parse is interrupted (LimitExceededError); the next input still runs."""
    slow_name = "slow.txt"

    def slow_parse(data: bytes, **options: Any) -> Report:
        if options.get("source") == slow_name:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:  # busy, as a runaway parse would be
                pass
        return parse_bytes(data, **options)

    started = time.monotonic()
    outcomes = list(
        parse_many(
            [(slow_name, EXAMPLE), ("fine.txt", EXAMPLE)],
            workers=1,
            validate=False,
            timeout=0.5,
            parse=slow_parse,
        )
    )
    assert time.monotonic() - started < 10
    by_source = {outcome.source: outcome for outcome in outcomes}
    slow_error = by_source[slow_name].error
    assert slow_error is not None
    assert slow_error.type == "LimitExceededError"
    assert by_source["fine.txt"].report is not None
