"""A number changed in one table cell of a clean report is read as the new number, never as another.

The edit leaves the table's totals as they were, so arithmetic findings are
expected and prove nothing about the edited cell.  What is checked is the
value: a cell the parser marks as read as written (``CellState.VALUE``) must
hold the new number.  The parser may instead admit it could not read the
cell (another state) or refuse the input with a library error.  Every other
cell read as written keeps its value.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from tests.conftest import CorpusCase, corpus_cases
from tests.fuzz.budget import CHANGED_CELL, SIZES, examples
from tests.fuzz.cells import Target, editable, eligible
from tests.fuzz.harness import OUTCOMES, SECONDS, bounded

from govinfo_report import parse_bytes
from govinfo_report.errors import GovInfoReportError
from govinfo_report.model import CellState

CASES = [case for case in corpus_cases(("text", "html", "docx")) if eligible(case)]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
@pytest.mark.parametrize("size", SIZES)
def test_changed_cell_is_read_as_written(case: CorpusCase, size: str) -> None:
    """One cell's number rewritten: the report holds the new number there, and elsewhere what it held."""
    prepared = editable(case)
    before = {cell.key: cell for cell in prepared.report.cells() if cell.key is not None}

    @settings(
        max_examples=examples(CHANGED_CELL[case.format], size),
        deadline=None,
        suppress_health_check=(HealthCheck.too_slow,),
    )
    @given(
        target=st.sampled_from(prepared.targets),
        new=st.integers(min_value=0, max_value=10**6) | st.sampled_from([1, 9, 10, 99, 100, 1000, 2024]),
    )
    def case_(target: Target, new: int) -> None:
        if new == target.value:
            new += 1
        note(f"{target.key} at {target.where}: {target.written} -> {new}")
        data = prepared.edit(target, new)
        with bounded(SECONDS[case.format]):
            try:
                report = parse_bytes(data, source=case.name)
            except GovInfoReportError:
                OUTCOMES[f"{case.format} (changed cell)", "library error"] += 1
                return
        cell = report.cell(target.key)
        if cell.state is CellState.VALUE:
            assert cell.value == new, f"{target.key}: wrote {new}, read {cell.value} (raw {cell.raw!r})"
            outcome = "read as written"
        else:
            outcome = f"not read ({cell.state.value})"
        changed = {
            key: (old.value, now.value)
            for key, old in before.items()
            if key != target.key
            and old.state is CellState.VALUE
            and (now := report.cell(key)).state is CellState.VALUE
            and now.value != old.value
        }
        assert not changed, f"other cells read differently: {changed}"
        OUTCOMES[f"{case.format} (changed cell)", outcome] += 1

    case_()
