"""Which recognised numbers are in doubt, and what else they may read (no OCR run needed)."""

from __future__ import annotations

from govinfo_report.readers.image._readings import Glyph, cell_readings


def _glyphs(*specs: tuple[str, float, str, float]) -> list[Glyph]:
    return [Glyph(text, float(index), p, second, q) for index, (text, p, second, q) in enumerate(specs)]


def test_sure_digits_have_no_other_reading() -> None:
    """Digits read with high probability and no rival digit are sure: no candidates."""
    assert cell_readings(_glyphs(("1", 0.99, "7", 0.004), ("2", 0.999, "", 0.0))) == ()


def test_zero_and_letter_o_together_are_sure() -> None:
    """A 0 whose runner-up is the letter O is still a 0: the two stand for one digit."""
    assert cell_readings(_glyphs(("0", 0.7, "O", 0.28))) == ()


def test_uncertain_digit_offers_its_rival() -> None:
    """A low-probability digit offers the runner-up digit as a second reading."""
    assert cell_readings(_glyphs(("3", 0.99, "", 0.0), ("8", 0.62, "3", 0.35))) == ("38", "33")


def test_close_rival_digit_puts_a_sure_looking_digit_in_doubt() -> None:
    """Another digit with a few per cent of the probability makes the reading doubtful."""
    assert cell_readings(_glyphs(("5", 0.91, "6", 0.08))) == ("5", "6")


def test_letters_among_digits_read_as_the_digit_they_look_like() -> None:
    """``1O5`` and ``l2`` are in doubt and read as 105 and 12."""
    assert cell_readings(_glyphs(("1", 0.99, "", 0.0), ("O", 0.95, "0", 0.04), ("5", 0.99, "", 0.0))) == (
        "105",
    )
    assert cell_readings(_glyphs(("l", 0.97, "1", 0.02), ("2", 0.99, "", 0.0))) == ("12",)
    assert cell_readings(_glyphs(("\u3007", 0.97, "", 0.0))) == ("0",)


def test_poor_reading_may_have_lost_or_doubled_a_digit() -> None:
    """Below the poor threshold, a digit doubled and a doubled digit dropped are readings too."""
    readings = cell_readings(_glyphs(("1", 0.5, "", 0.0), ("1", 0.99, "", 0.0)))
    assert readings[0] == "11"
    assert {"111", "1"} <= set(readings)


def test_labels_are_never_numbers_in_doubt() -> None:
    """Text that is not a number (a label) has no readings, however unsure."""
    assert cell_readings(_glyphs(("总", 0.4, "急", 0.3), ("计", 0.5, "", 0.0))) == ()
    assert cell_readings([]) == ()
