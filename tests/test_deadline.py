"""The time bound: it holds through handlers that catch ValueError or Exception, and nests."""

from __future__ import annotations

import concurrent.futures
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from govinfo_report import _deadline, parse_bytes
from govinfo_report._deadline import DeadlineExpired, check_deadline, deadline, extend_deadline, on_extend
from govinfo_report.errors import LimitExceededError
from govinfo_report.examples import example_bytes
from govinfo_report.limits import Limits
from govinfo_report.readers import read_document

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs POSIX timer signals")


def _swallowing_loop(seconds: float) -> int:
    """Run for ``seconds``, catching ValueError and Exception as pdfminer's tokenizer does."""
    rounds = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            try:
                rounds += 1
                time.sleep(0.001)
            except ValueError:
                continue
        except Exception:  # noqa: S112 - the handler under test
            continue
    return rounds


def test_a_handler_that_catches_value_error_cannot_swallow_the_deadline() -> None:
    """A loop that catches ValueError and Exception inside deadline(0.2) stops after about 0.2 s."""
    started = time.monotonic()
    with (
        pytest.raises(LimitExceededError, match=r"0\.2 s \(Limits\.timeout\)"),
        deadline(0.2, source="x.pdf"),
    ):
        _swallowing_loop(10.0)
    assert time.monotonic() - started < 5


def test_the_interruption_is_a_base_exception() -> None:
    """Inside the block the interruption passes ``except Exception``; outside it is the public error."""
    assert not issubclass(DeadlineExpired, Exception)
    caught: list[BaseException] = []

    def sleep_and_record() -> None:
        try:
            time.sleep(5)
        except BaseException as exc:
            caught.append(exc)
            raise

    with pytest.raises(LimitExceededError), deadline(0.05):
        sleep_and_record()
    assert isinstance(caught[0], DeadlineExpired)


def test_an_inner_deadline_keeps_the_outer_one() -> None:
    """After an inner bound ends, the outer one still fires at its own time."""
    started = time.monotonic()

    def inner_then_spin() -> None:
        with deadline(5.0):
            time.sleep(0.05)
        _swallowing_loop(10.0)

    with pytest.raises(LimitExceededError, match=r"0\.3 s"), deadline(0.3):
        inner_then_spin()
    assert time.monotonic() - started < 5
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_the_shorter_outer_deadline_bounds_an_inner_longer_one() -> None:
    """An inner bound longer than the outer one's remaining time does not extend it."""
    started = time.monotonic()
    with pytest.raises(LimitExceededError), deadline(0.2), deadline(30.0):
        _swallowing_loop(10.0)
    assert time.monotonic() - started < 5


def test_parse_bytes_applies_the_timeout_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Limits.timeout`` bounds a direct parse_bytes call in every stage, here the assembly."""
    from govinfo_report import _pipeline

    def slow_assemble(*args: object, **kwargs: object) -> None:
        _swallowing_loop(10.0)

    monkeypatch.setattr(_pipeline, "assemble", slow_assemble)
    started = time.monotonic()
    with pytest.raises(LimitExceededError, match=r"Limits\.timeout"):
        parse_bytes(example_bytes(), limits=Limits(timeout=0.2))
    assert time.monotonic() - started < 5


def _slow_inputs() -> dict[str, bytes]:
    """An input of each format, each read by code that looks at the clock."""
    corpus = Path(__file__).parent / "data" / "corpus"
    return {
        "text": example_bytes(),
        "html": (corpus / "shuyang-county-ndrc-2023.html").read_bytes(),
        "docx": (corpus / "shuyang-county-ndrc-2023-lo.docx").read_bytes(),
        "pdf": (corpus / "huaian-hongze-district-gov-2023.pdf").read_bytes(),
    }


@pytest.mark.parametrize("format", ["text", "html", "docx", "pdf"])
def test_the_timeout_holds_in_a_thread_without_signals(format: str) -> None:
    """In a thread no timer signal can interrupt the parse: the readers and assembly look at the clock."""
    data = _slow_inputs()[format]
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        # A bound no parse can meet: the first look at the clock stops it.
        future = pool.submit(parse_bytes, data, format=format, limits=Limits(timeout=1e-9))
        with pytest.raises(LimitExceededError, match=r"Limits\.timeout"):
            future.result()
        assert parse_bytes(data, format=format) is not None  # the same input parses without the bound


def test_the_assembly_looks_at_the_clock_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """A deadline that falls due after reading stops the assembly (digit-run searches, row walk)."""
    from govinfo_report import _pipeline

    document = read_document(example_bytes(), format=None, source=None, limits=Limits())
    monkeypatch.setattr(_pipeline, "read_document", lambda *args, **kwargs: document)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        future = pool.submit(parse_bytes, example_bytes(), limits=Limits(timeout=1e-9))
        with pytest.raises(LimitExceededError, match=r"Limits\.timeout"):
            future.result()


def test_check_deadline_outside_a_deadline_does_nothing() -> None:
    """Readers called directly (no deadline block) are not stopped by the clock checks."""
    check_deadline()
    assert read_document(example_bytes(), format=None, source=None, limits=Limits()).blocks


class _Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def _in_thread(test: Callable[[], None]) -> None:
    """Run ``test`` in a thread, where no timer signal is used: only the clock checks bound it."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(test).result()


def test_extend_deadline_moves_every_enclosing_deadline_up_to_its_most(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each extension moves the deadlines around it later, by at most their ``most_extra`` in total."""
    clock = _Clock()
    monkeypatch.setattr(_deadline, "time", clock)
    granted: list[float] = []

    def test() -> None:
        with on_extend(granted.append), deadline(10.0, most_extra=25.0), deadline(10.0, most_extra=25.0):
            for _ in range(3):
                extend_deadline(10.0)  # 30 s asked, 25 s granted
            clock.now += 34.0
            check_deadline()  # 34 s < 10 + 25
            clock.now += 2.0
            with pytest.raises(DeadlineExpired, match=r"with 25 s more .*Limits\.ocr_page_budget"):
                check_deadline()

    _in_thread(test)
    assert granted == [10.0, 10.0, 10.0]


def test_extend_deadline_does_not_move_alarms_or_unbounded_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside a deadline an extension only tells the listeners; a deadline without ``most_extra`` stays."""
    clock = _Clock()
    monkeypatch.setattr(_deadline, "time", clock)

    def test() -> None:
        extend_deadline(5.0)  # nothing to move
        with deadline(1.0):
            extend_deadline(5.0)
            clock.now += 2.0
            with pytest.raises(DeadlineExpired, match=r"1 s \(Limits\.timeout\)$"):
                check_deadline()

    _in_thread(test)


def test_an_extension_moves_the_timer_signal_too() -> None:
    """In the main thread the timer is set again: an extended block runs past its first bound."""

    def extended_sleep(seconds: float, most_extra: float) -> None:
        with deadline(0.2, most_extra=most_extra):
            extend_deadline(5.0)
            time.sleep(seconds)

    extended_sleep(0.5, most_extra=5.0)
    with pytest.raises(LimitExceededError, match=r"0\.1 s more"):
        extended_sleep(5.0, most_extra=0.1)


def test_no_bound_is_left_behind() -> None:
    """After a block that ran out, and one that did not, no bound stays armed and the handler is restored."""
    handler = signal.getsignal(signal.SIGALRM)
    with pytest.raises(LimitExceededError), deadline(0.05):
        time.sleep(1)
    with deadline(5.0), deadline(5.0, most_extra=1.0):
        extend_deadline(1.0)
    assert _deadline._ARMED == []
    assert _deadline._BEFORE == []
    assert signal.getsignal(signal.SIGALRM) is handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
