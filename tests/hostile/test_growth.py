"""Work and memory stay bounded as the hostile dimension of an input grows (2x, 4x, 8x ...).

Growth is measured by what the code counts (candidates examined, bytes
spent from the budget) or by the peak of memory allocated through Python
(:mod:`tracemalloc`), never by wall-clock time.
"""

from __future__ import annotations

import contextlib
import tracemalloc
from collections.abc import Callable
from functools import partial

import pytest
from tests.docxgen import build_docx, document_xml

from govinfo_report.assembly import _digit_runs
from govinfo_report.assembly._digit_runs import MAX_CANDIDATES, SearchBudget
from govinfo_report.errors import LimitExceededError
from govinfo_report.limits import Limits
from govinfo_report.readers.docx import read_docx
from govinfo_report.readers.html import read_html
from govinfo_report.readers.pdf import _guard
from govinfo_report.readers.pdf._guard import Budget, guarded

_FACTORS = (1, 2, 4, 8)


def _peak(action: Callable[[], object]) -> int:
    """Peak bytes allocated through Python while ``action`` runs (its exception, if any, is expected)."""
    tracemalloc.start()
    try:
        with contextlib.suppress(LimitExceededError):
            action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


# -- grids ----------------------------------------------------------------------------------------------


def _docx_shifted(offset: int) -> bytes:
    cell = "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
    shifted = f'<w:tr><w:trPr><w:gridBefore w:val="{offset}"/></w:trPr>{cell}{cell}</w:tr>'
    return build_docx(document_xml(f"<w:tbl>{shifted}{f'<w:tr>{cell}{cell}</w:tr>' * 20}</w:tbl>"))


def test_a_declared_grid_offset_costs_no_memory_as_it_grows() -> None:
    """w:gridBefore of 10^4 .. 8x10^6 columns: refused, with the same small peak whatever the offset."""
    peaks = []
    for factor in _FACTORS:
        data = _docx_shifted(10_000 * 100 * factor)
        with pytest.raises(LimitExceededError, match=r"Limits\.max_table_cells"):
            read_docx(data)
        peaks.append(_peak(partial(read_docx, data)))
    assert max(peaks) < 2 * min(peaks) + (1 << 20), peaks


def _html_wide(empty_rows: int) -> bytes:
    wide = "<tr>" + '<td colspan="1000">1</td>' * 19 + "</tr>"
    return f"<html><body><table>{wide}{'<tr></tr>' * empty_rows}</table></body></html>".encode()


def test_empty_rows_under_wide_spans_cost_memory_for_the_rows_only() -> None:
    """The peak grows with the input (rows read), not with rows x width (the grid never allocated)."""
    peaks = [_peak(partial(read_html, _html_wide(1_000 * factor))) for factor in _FACTORS]
    # 8x the rows: at most about 8x the memory of reading them (a grid would be 8x of 18,000 x rows).
    assert peaks[-1] < 10 * peaks[0], peaks
    assert peaks[-1] < 64 << 20, peaks


# -- searches -------------------------------------------------------------------------------------------


_SMALL = MAX_CANDIDATES // 10  # a smaller budget: the same bound, reached sooner


@pytest.mark.parametrize("digit", ["1", "7"])
def test_a_row_total_search_examines_a_bounded_number_of_candidates(digit: str) -> None:
    """A run of 20 .. 10,240 digits in a row of seven cells: the work stops at the budget."""
    examined = []
    for length in (20, 40, 80, 160, 1_280, 10_240):
        budget = SearchBudget(_SMALL)
        splits = _digit_runs.split_with_total(digit * length, 7, budget)
        examined.append(budget.examined)
        assert budget.examined <= _SMALL + 1
        if length >= 160:
            assert splits is None  # spent: the row's cells become unresolved, never a guess
    assert examined == sorted(examined), examined


def test_a_group_search_examines_a_bounded_number_of_candidates() -> None:
    """The review/litigation search counts every piece it reads, so long runs stop at the budget."""
    for length in (15, 30, 60, 120, 10_000):
        budget = SearchBudget(_SMALL)
        _digit_runs.split_with_groups("1" * length, 5, 3, budget)
        assert budget.examined <= _SMALL + 1


def test_a_joint_search_examines_a_bounded_number_of_candidates() -> None:
    """Choosing among many candidate splits of many rows stops at the budget."""
    for rows in (2, 4, 8):
        candidates = {f"r{index}": [(value, value) for value in range(60)] for index in range(rows)}
        budget = SearchBudget(_SMALL)
        _digit_runs.solve_jointly(candidates, {}, [], budget)
        assert budget.examined <= _SMALL + 1


# -- decoders -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decoder", "encoded"),
    [
        (_guard._asciihexdecode, lambda size: b"41" + b" \n" * size + b">"),
        (_guard._ascii85decode, lambda size: b'<~87cURD]i,"Ebo80' + b" " * size + b"~>"),
    ],
)
def test_ascii_decoders_take_memory_in_proportion_to_their_input(
    decoder: Callable[[bytes], bytes], encoded: Callable[[int], bytes]
) -> None:
    """Whitespace of 1 .. 8 MiB: the peak stays within a small multiple of the input, whatever its size."""
    for factor in _FACTORS:
        data = encoded(factor << 20)
        with guarded(Budget(Limits(), None)):
            peak = _peak(partial(decoder, data))
        assert peak < 4 * len(data), (factor, peak)


def test_a_cmap_range_is_spent_in_proportion_to_what_it_expands() -> None:
    """Every entry a range expands to costs the same: the spend grows linearly with the range."""
    from io import BytesIO

    from pdfminer.cmapdb import CMapParser, FileUnicodeMap

    spent = []
    for factor in _FACTORS:
        cmap = b"begincmap 1 beginbfrange <0000> <%04X> <0041> endbfrange endcmap" % (1000 * factor - 1)
        budget = Budget(Limits(), None)
        with guarded(budget):
            CMapParser(FileUnicodeMap(), BytesIO(cmap)).run()
        spent.append(budget.decoded)
    assert spent == [spent[0] * factor for factor in _FACTORS]
