"""The robustness tables in docs/robustness.md are those the tests' parameters give, and were measured."""

from __future__ import annotations

from tests.hostile.robustness_table import END, NOT_MEASURED, PAGE, START, render


def test_committed_tables_match_the_tests() -> None:
    """Regenerating the page from the test parameters changes nothing (run the script if it would)."""
    text = PAGE.read_text(encoding="utf-8")
    assert render(text) == text, "run `python tests/hostile/robustness_table.py --measure`"


def test_every_row_was_measured() -> None:
    """Every hostile case and fuzz test has results from a run, not a placeholder."""
    text = PAGE.read_text(encoding="utf-8")
    generated = text.split(START, 1)[1].split(END, 1)[0]
    assert NOT_MEASURED not in generated
