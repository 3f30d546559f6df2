"""Number rows and labels that arrived apart, joined by the template's row order and equations.

Other tools' output often separates a table row's label from its numbers:
Markdown converters cut a table into pieces and leave labels on loose lines
before or after the number rows; text extraction puts wrapped labels above
or below their numbers.  Reading the nearest label then takes the next
row's numbers for a row.

This module decides instead which number row belongs to which template row
from everything at once:

* the number rows keep the template's order, each template row holding at
  most one of them;
* a label written in the same row as its numbers names that row;
* a loose label (a line of its own, a label-only row) belongs to the number
  row just before it or just after it;
* the application table's column equations hold (new + carried over =
  processed + carried forward; the results add up to the processed total),
  unless no assignment satisfies them: a table that does not add up as
  written is placed by its labels and order alone.

Every assignment satisfying all of these is enumerated.  A number row is
placed when all of them agree on its template row; otherwise the template
rows it could fill are left unresolved with the numbers they could hold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from govinfo_report.assembly._normalize import parse_number
from govinfo_report.assembly._tokens import Token

__all__ = ["Alignment", "LooseLabel", "NumberRow", "align_rows"]

_MAX_NODES = 200_000
_MAX_SOLUTIONS = 1_000


@attrs.frozen
class LooseLabel:
    """A label on a line of its own, naming the template row at ``position`` (an index into the rows)."""

    position: int


@attrs.frozen
class NumberRow:
    """A row of numbers and what its own label says.

    Attributes:
        values: The value tokens, one per cell.
        position: The template row its own label names, or ``None`` when it has no usable label.
    """

    values: tuple[Token, ...]
    position: int | None = None


@attrs.frozen
class Alignment:
    """The template rows each number row may take.

    Attributes:
        positions: For each number row, the template rows (indices) it takes in some
            consistent assignment; empty when no assignment is consistent.
        complete: Whether the search finished (it is bounded).
    """

    positions: tuple[frozenset[int], ...]
    complete: bool


Equations = Callable[[dict[int, Sequence[int | None]]], bool]
"""Whether the equations checkable on the rows placed so far hold (template row index → cells)."""


def align_rows(items: Sequence[LooseLabel | NumberRow], row_count: int, equations: Equations) -> Alignment:
    """Enumerate the consistent ways to give the number rows of ``items`` template rows.

    Args:
        items: Loose labels and number rows in document order.
        row_count: The number of template rows.
        equations: The table's consistency check on a full assignment.
    """
    numbers: list[NumberRow] = []
    # For each number row, the template rows the loose labels around it name:
    # loose labels between number rows i-1 and i are in gaps[i].
    gaps: list[list[int]] = [[]]
    for item in items:
        if isinstance(item, NumberRow):
            numbers.append(item)
            gaps.append([])
        else:
            gaps[-1].append(item.position)
    values = [[_number(token) for token in row.values] for row in numbers]
    count = len(numbers)
    seen: list[set[int]] = [set() for _ in numbers]
    chosen: list[int] = []
    nodes = 0
    solutions = 0

    def gap_ok(gap: int) -> bool:
        """Each loose label of ``gap`` names the number row before it or after it."""
        before = chosen[gap - 1] if gap >= 1 else None
        after = chosen[gap] if gap < len(chosen) else None
        return all(position in (before, after) for position in gaps[gap])

    def search(index: int, start: int) -> bool:
        nonlocal nodes, solutions
        nodes += 1
        if nodes > _MAX_NODES or solutions > _MAX_SOLUTIONS:
            return False
        if index == count:
            if not gap_ok(count) or not equations(dict(zip(chosen, values, strict=True))):
                return True
            solutions += 1
            for row, position in zip(seen, chosen, strict=True):
                row.add(position)
            return True
        own = numbers[index].position
        for position in range(start, row_count - (count - index - 1)):
            if own is not None and position != own:
                continue
            chosen.append(position)
            # The loose labels before this number row are checkable now that both sides are chosen.
            if gap_ok(index) and not search(index + 1, position + 1):
                return False
            chosen.pop()
        return True

    complete = search(0, 0)
    if complete and solutions == 0:
        # The table as written does not add up: the labels and the row order alone decide.
        equations = _anything
        complete = search(0, 0)
    return Alignment(positions=tuple(frozenset(row) for row in seen), complete=complete)


def _anything(rows: dict[int, Sequence[int | None]]) -> bool:
    return True


def _number(token: Token) -> int | None:
    parsed = parse_number(token.text)
    value = parsed.value
    return value if isinstance(value, int) else None
