"""Number rows and loose labels joined by the template's row order, the labels and the equations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from govinfo_report.assembly._pieces import Equations, LooseLabel, NumberRow, align_rows
from govinfo_report.assembly._tokens import make_token
from govinfo_report.errors import SourceLocation


def _row(*values: int, position: int | None = None, group: tuple[int, int] | None = None) -> NumberRow:
    location = SourceLocation(source="t")
    return NumberRow(tuple(make_token(str(value), location) for value in values), position, group)


Piece = LooseLabel | NumberRow


def _unchecked(rows: Mapping[int, Sequence[int | None]]) -> bool | None:
    return None


def _positions(items: Sequence[Piece], rows: int, equations: Equations = _unchecked) -> list[set[int]]:
    alignment = align_rows(items, rows, equations)
    assert alignment.complete
    return [set(positions) for positions in alignment.positions]


def test_as_many_number_rows_as_template_rows_are_placed_in_order() -> None:
    items: list[Piece] = [LooseLabel(0), _row(1), _row(2), LooseLabel(2), _row(3)]
    assert _positions(items, 3) == [{0}, {1}, {2}]


def test_a_row_without_numbers_leaves_the_rows_after_it_undecided() -> None:
    """Labels 0..3 with three number rows: the lost row may be any after the first label's row."""
    items: list[Piece] = [
        _row(1),
        LooseLabel(0),
        LooseLabel(1),
        _row(2),
        LooseLabel(2),
        _row(3),
        LooseLabel(3),
    ]
    positions = _positions(items, 4)
    assert positions[0] == {0}
    assert positions[1] == {1, 2}
    assert positions[2] == {2, 3}


def test_own_labels_fix_rows_and_loose_labels_order_them() -> None:
    """A loose label before unlabelled numbers names them or a row between: here only them."""
    items: list[Piece] = [_row(1, position=0), LooseLabel(2), _row(2), _row(3, position=3)]
    assert _positions(items, 4) == [{0}, {2}, {3}]
    # After the numbers it names them or a row between them and the next: row 1 only.
    items = [_row(1, position=0), _row(2), LooseLabel(1), _row(3, position=3)]
    assert _positions(items, 4) == [{0}, {1}, {3}]
    # No label: the numbers may be row 1 or row 2.
    items = [_row(1, position=0), _row(2), _row(3, position=3)]
    assert _positions(items, 4) == [{0}, {1, 2}, {3}]


def test_a_group_row_takes_all_its_rows() -> None:
    items: list[Piece] = [_row(1, position=0), _row(2), _row(0, group=(2, 4)), _row(3)]
    assert _positions(items, 6) == [{0}, {1}, {2}, {5}]


def test_equations_choose_only_among_fully_checked_assignments() -> None:
    def total_is_row_2(rows: Mapping[int, Sequence[int | None]]) -> bool | None:
        if not all(position in rows for position in range(3)):
            return None
        first, second, total = (rows[position][0] for position in range(3))
        return first is not None and second is not None and first + second == total

    # Three number rows for three rows: one assignment, confirmed.
    assert _positions(list[Piece]([_row(1), _row(2), _row(3)]), 3, total_is_row_2) == [{0}, {1}, {2}]
    # Two number rows for three rows: no assignment can be checked, so the equations decide nothing.
    assert _positions([_row(1), _row(3)], 3, total_is_row_2) == [{0, 1}, {1, 2}]


def test_more_number_rows_than_template_rows_have_no_place() -> None:
    assert _positions([_row(1), _row(2), _row(3)], 2) == [set(), set(), set()]
