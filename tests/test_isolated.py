"""The stoppable child process that parses inputs one at a time (the Dask integration's isolation)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests import batch_helpers

from govinfo_report.batch import _isolated
from govinfo_report.batch._isolated import IsolatedParser
from govinfo_report.batch._pool import _Settings
from govinfo_report.batch.outcome import WORKER_CRASHED
from govinfo_report.examples import example_bytes
from govinfo_report.limits import Limits
from govinfo_report.validation import validate

EXAMPLE = example_bytes()


def _settings(timeout: float | None = 30.0) -> _Settings:
    return _Settings(limits=Limits(timeout=timeout), parse=batch_helpers.misbehaving_parse, validate=validate)


def test_inputs_parse_and_validate_in_the_child() -> None:
    """A report comes back with its findings; a bad input comes back as its error."""
    with IsolatedParser(_settings()) as parser:
        good = parser.parse("a.txt", EXAMPLE)
        empty = parser.parse("empty.txt", b"")
    assert good.ok
    assert good.report is not None
    assert good.report.year == 2020
    assert empty.error is not None
    assert empty.error.type == "StructureError"


@pytest.mark.parametrize(
    ("marker", "detail"),
    [(batch_helpers.EXIT, "exit code 7"), (batch_helpers.SEGFAULT, "killed by signal SIGSEGV")],
    ids=["exit", "segfault"],
)
def test_a_dying_child_costs_one_outcome(marker: bytes, detail: str) -> None:
    """The input whose child dies is a WorkerCrashed outcome; a fresh child parses the next one."""
    with IsolatedParser(_settings()) as parser:
        crashed = parser.parse("crash.txt", marker)
        after = parser.parse("after.txt", EXAMPLE)
    assert crashed.error is not None
    assert crashed.error.type == WORKER_CRASHED
    assert detail in crashed.error.message
    assert after.ok


def test_a_hanging_input_is_stopped_after_the_timeout_and_grace() -> None:
    """An input that never answers is a LimitExceededError outcome; the next input still parses."""
    with IsolatedParser(_settings(timeout=0.5)) as parser:
        hung = parser.parse("hang.txt", batch_helpers.HANG)
        after = parser.parse("after.txt", EXAMPLE)
    assert hung.error is not None
    assert hung.error.type == "LimitExceededError"
    assert "0.5 s" in hung.error.message
    assert after.ok


def test_a_file_is_read_by_the_child(tmp_path: Path) -> None:
    """Without bytes, the child reads the file at the source path, with the size cap."""
    path = tmp_path / "report.txt"
    path.write_bytes(EXAMPLE)
    with IsolatedParser(_settings()) as parser:
        outcome = parser.parse(str(path), None)
    assert outcome.ok
    assert outcome.sha256 is not None


def test_pages_read_by_ocr_give_the_child_more_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The child reports each OCR page's budget; the parent waits that much longer before stopping it."""
    monkeypatch.setattr(_isolated, "GRACE", 0.1)
    limits = Limits(timeout=0.5, ocr_page_budget=1.0, max_pages=2)
    settings = _Settings(limits=limits, parse=batch_helpers.paged_parse, validate=None)
    with IsolatedParser(settings) as parser:
        scan = parser.parse("scan.txt", batch_helpers.PAGES + b"3 0.5\n" + EXAMPLE)  # 1.5 s of pages
        endless = parser.parse("endless.txt", batch_helpers.PAGES + b"100000 0.2\n" + EXAMPLE)
    assert scan.ok, scan.error
    assert endless.error is not None
    assert endless.error.type == "LimitExceededError"
