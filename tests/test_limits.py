"""Limits refuses wrong-typed or out-of-range bounds when it is made, not halfway through a parse."""

from __future__ import annotations

import attrs
import pytest

from govinfo_report.limits import DEFAULT_LIMITS, Limits

_COUNTS = [field.name for field in attrs.fields(Limits) if field.type in ("int", int)]


def test_every_count_is_checked() -> None:
    """All integer bounds are listed (the test below covers each)."""
    assert "max_pages" in _COUNTS
    assert "max_table_cells" in _COUNTS
    assert "max_image_pixels" in _COUNTS
    assert "ocr_dpi" in _COUNTS
    assert "max_linked_files" in _COUNTS
    assert len(_COUNTS) == 12


@pytest.mark.parametrize("name", _COUNTS)
@pytest.mark.parametrize("value", ["5", 5.0, None, True, [5]])
def test_a_count_of_the_wrong_type_is_a_type_error(name: str, value: object) -> None:
    with pytest.raises(TypeError, match=rf"Limits\.{name} must be an int"):
        Limits(**{name: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("name", _COUNTS)
@pytest.mark.parametrize("value", [0, -1, -(10**20)])
def test_a_count_below_one_is_a_value_error(name: str, value: int) -> None:
    with pytest.raises(ValueError, match=rf"Limits\.{name} must be at least 1"):
        Limits(**{name: value})


@pytest.mark.parametrize("value", [0, -2.5, float("nan"), float("inf")])
def test_the_ratio_and_the_timeout_must_be_positive_and_finite(value: float) -> None:
    with pytest.raises(ValueError, match="max_compression_ratio"):
        Limits(max_compression_ratio=value)
    with pytest.raises(ValueError, match="timeout"):
        Limits(timeout=value)
    with pytest.raises(ValueError, match=r"Limits\.ocr_page_timeout"):
        Limits(ocr_page_timeout=value)
    with pytest.raises(ValueError, match=r"Limits\.ocr_page_budget"):
        Limits(ocr_page_budget=value)


@pytest.mark.parametrize("value", ["10", b"1", True])
def test_the_ratio_and_the_timeout_must_be_numbers(value: object) -> None:
    with pytest.raises(TypeError, match="max_compression_ratio"):
        Limits(max_compression_ratio=value)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="timeout"):
        Limits(timeout=value)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Limits\.ocr_page_timeout"):
        Limits(ocr_page_timeout=value)  # type: ignore[arg-type]


def test_valid_values_are_kept() -> None:
    """Integers for counts, ints or floats for the ratio and timeout, None for no timeout."""
    limits = Limits(max_pages=5, max_compression_ratio=50, timeout=None, ocr_page_timeout=None)
    assert (limits.max_pages, limits.max_compression_ratio, limits.timeout) == (5, 50, None)
    assert limits.ocr_page_timeout is None
    assert attrs.evolve(DEFAULT_LIMITS, timeout=0.5).timeout == 0.5
    with pytest.raises(ValueError, match="max_bytes"):
        attrs.evolve(DEFAULT_LIMITS, max_bytes=0)


def test_pages_read_by_ocr_add_at_most_max_pages_budgets() -> None:
    """The time OCR pages may add to the timeout is capped at max_pages times the page budget."""
    assert Limits(max_pages=3, ocr_page_budget=2.5).most_ocr_extra == 7.5
