"""Splitting runs of digits whose cell boundaries were lost.

Crawlers and copy-paste often run a table row's cells together
(``21710000218`` for 217, 1, 0, 0, 0, 0, 218).  The template fixes how many
cells a row has, what each cell may look like (a count without leading
zeros, a signed change, an amount) and, for the application and review
tables, equations the cells satisfy.  This module enumerates the splits a
run admits and keeps those the equations allow; it never picks one of
several.

Every search has a budget of candidates it may examine (:class:`SearchBudget`:
a cut point tried, a piece read as a number, an assignment checked), whatever
the run: a run of eighty digits in a row of seven cells admits billions of
cut combinations.  A search that spends its budget returns ``None``, and the
row's cells are left unresolved, never guessed.  A piece of more than
:data:`MAX_CELL_DIGITS` digits is no cell value.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

import attrs

from govinfo_report._deadline import check_deadline

__all__ = [
    "CellKind",
    "SearchBudget",
    "Solution",
    "agree",
    "solve_jointly",
    "split_run",
    "split_with_groups",
    "split_with_total",
]

# Enumerating more splits than this is not attempted: the run is reported unresolved.
MAX_SPLITS = 200_000
MAX_CANDIDATES = 200_000
"""Candidates one search may examine (about a tenth of a second)."""
MAX_CELL_DIGITS = 15
"""The longest piece of a run read as one cell (a count of a trillion is no report's)."""
_MAX_SOLUTIONS = 1_000


class SearchBudget:
    """The candidates a search may still examine.

    Args:
        candidates: How many candidates in all.
    """

    __slots__ = ("examined", "limit")

    def __init__(self, candidates: int = MAX_CANDIDATES) -> None:
        self.limit = candidates
        self.examined = 0

    def spend(self, count: int = 1) -> bool:
        """Count ``count`` candidates examined; ``False`` once the budget is spent.

        Every few thousand candidates it also looks at the clock (``Limits.timeout``).
        """
        before = self.examined
        self.examined += count
        if before >> 12 != self.examined >> 12:
            check_deadline()
        return self.examined <= self.limit


@attrs.frozen
class CellKind:
    """What one cell of a run may hold.

    Attributes:
        signed: A leading ``+`` or ``-`` is allowed (本年增/减).
        money: A decimal fraction is allowed (amounts).
    """

    signed: bool = False
    money: bool = False


_COUNT = re.compile(r"0|[1-9]\d*")
_SIGNED = re.compile(r"[+-]?(?:0|[1-9]\d*)")
_MONEY = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")

Value = int | Decimal
Split = tuple[Value, ...]


def _valid(text: str, kind: CellKind) -> Value | None:
    if kind.money:
        if _MONEY.fullmatch(text):
            return Decimal(text) if "." in text else int(text)
        return None
    pattern = _SIGNED if kind.signed else _COUNT
    if pattern.fullmatch(text):
        return int(text)
    return None


def compact_run(text: str) -> str:
    """Return ``text`` without whitespace, the form that is split."""
    return "".join(text.split())


def _split_count(length: int, parts: int) -> int:
    return math.comb(length - 1, parts - 1) if 0 < parts <= length else 0


def split_run(run: str, kinds: Sequence[CellKind]) -> list[Split] | None:
    """Return every way ``run`` splits into ``len(kinds)`` valid cells.

    Whitespace in the run is ignored: converters put spaces anywhere.  A
    sign may only start a signed cell and a decimal point only sit inside a
    money cell.  ``None`` means there are too many splits to enumerate.
    """
    text = compact_run(run)
    parts = len(kinds)
    if _split_count(len(text), parts) > MAX_SPLITS:
        return None
    return list(_splits(text, kinds))


def _splits(text: str, kinds: Sequence[CellKind]) -> Iterator[Split]:
    parts = len(kinds)
    if parts == 0:
        return
    for cuts in itertools.combinations(range(1, len(text)), parts - 1):
        bounds = (0, *cuts, len(text))
        values: list[Value] = []
        for index, kind in enumerate(kinds):
            value = _valid(text[bounds[index] : bounds[index + 1]], kind)
            if value is None:
                break
            values.append(value)
        else:
            yield tuple(values)


def split_with_total(run: str, parts: int, budget: SearchBudget | None = None) -> list[Split] | None:
    """Split ``run`` into ``parts`` counts whose last is the sum of the others (a row and its 总计).

    ``None`` means the search spent its budget (``budget``, a fresh
    :class:`SearchBudget` by default) before it ended.
    """
    budget = SearchBudget() if budget is None else budget
    text = compact_run(run)
    solutions: list[tuple[int, ...]] = []
    # A total of more than MAX_CELL_DIGITS digits is no cell: it starts at most that far from the end.
    for total_start in range(max(parts - 1, len(text) - MAX_CELL_DIGITS), len(text)):
        if not budget.spend():
            return None
        total_text = text[total_start:]
        if not _is_count(total_text):
            continue
        if not _split_summing(
            text[:total_start], parts - 1, int(total_text), (), out=solutions, budget=budget
        ):
            return None
    return [(*cells, sum(cells)) for cells in solutions]


def _is_count(text: str) -> bool:
    """``_COUNT.fullmatch(text)``: ``0``, or ASCII 1-9 then decimal digits, without the regex call."""
    return text == "0" or ("1" <= text[:1] <= "9" and text.isdecimal())


def _split_summing(
    text: str,
    parts: int,
    total: int,
    cells: tuple[int, ...],
    *,
    out: list[tuple[int, ...]],
    budget: SearchBudget,
) -> bool:
    """Add to ``out`` the splits of ``text`` into ``parts`` counts summing to ``total``.

    Returns ``False`` once the budget is spent (or too many splits are found).
    """
    if not budget.spend():
        return False
    if parts == 1:
        if len(text) <= MAX_CELL_DIGITS and _is_count(text) and int(text) == total:
            out.append((*cells, total))
        return len(out) <= _MAX_SOLUTIONS
    first = text[:1]
    if first == "0":
        longest = min(1, len(text) - (parts - 1))  # "0" is the only count with a leading zero
    elif "1" <= first <= "9":
        longest = min(len(text) - (parts - 1), MAX_CELL_DIGITS)
    else:
        return True  # no piece is a count
    for end in range(1, longest + 1):
        piece = text[:end]
        if not piece.isdecimal():
            break  # every longer piece holds the same character that is no digit
        value = int(piece)
        if value > total:
            break
        if not _split_summing(text[end:], parts - 1, total - value, (*cells, value), out=out, budget=budget):
            return False
    return True


def split_with_groups(
    run: str, group_size: int, groups: int, budget: SearchBudget | None = None
) -> list[Split] | None:
    """Split ``run`` into ``groups`` groups of counts whose last cell is the sum of the others.

    This is the review/litigation table: three groups of 维持, 纠正, 其他,
    尚未审结 and 总计.  ``None`` means the search spent its budget
    (``budget``, a fresh :class:`SearchBudget` by default) before it ended.
    """
    budget = SearchBudget() if budget is None else budget
    text = compact_run(run)
    solutions: list[Split] = []

    def walk(position: int, group: int, current: list[int]) -> bool:
        if not budget.spend() or len(solutions) > _MAX_SOLUTIONS:
            return False
        if group == groups:
            if position == len(text):
                solutions.append(tuple(current))
            return True
        return _walk_group(position, group, current, [])

    def _walk_group(position: int, group: int, current: list[int], cells: list[int]) -> bool:
        if len(cells) == group_size:
            if sum(cells[:-1]) != cells[-1]:
                return True
            return walk(position, group + 1, current + cells)
        remaining_cells = (groups - group) * group_size - len(cells)
        last = min(len(text) - remaining_cells + 1, position + MAX_CELL_DIGITS)
        for end in range(position + 1, last + 1):
            if not budget.spend():
                return False
            piece = text[position:end]
            if not _is_count(piece):
                break  # no longer piece is a count either: same first character, same non-digit
            if not _walk_group(end, group, current, [*cells, int(piece)]):
                return False
        return True

    if not walk(0, 0, []):
        return None
    return solutions


@attrs.frozen
class Solution:
    """The result of solving rows jointly.

    Attributes:
        rows: For each row, the splits that occur in some consistent assignment.
        consistent: Whether some assignment satisfied every applicable equation.
    """

    rows: dict[str, list[Split]]
    consistent: bool


Equation = tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]
"""``(left, right)``: sums of ``(row, column)`` cells that must be equal."""


def solve_jointly(
    candidates: Mapping[str, Sequence[Split]],
    fixed: Mapping[str, Sequence[Value | None]],
    equations: Sequence[Equation],
    budget: SearchBudget | None = None,
) -> Solution | None:
    """Choose among the candidate splits of several rows by equations across rows.

    Args:
        candidates: Rows with several possible splits.
        fixed: Rows whose values are known (``None`` for unknown cells).
        equations: Column equations; one involving an unknown cell is skipped.
        budget: Candidates the search may examine (a fresh :class:`SearchBudget` by default).

    Returns:
        The splits of each candidate row that take part in some assignment
        satisfying every checkable equation, or ``None`` when the search
        spent its budget.  When no assignment satisfies them, ``consistent`` is
        false and every candidate is kept.
    """
    order = sorted(candidates, key=lambda row: len(candidates[row]))
    usable = [eq for eq in equations if _knowable(eq, candidates, fixed)]
    # Each equation is checked as soon as all its candidate rows are chosen, that is
    # at the depth of the last of them in the search order.
    depth_of = {row: depth for depth, row in enumerate(order)}
    checks: list[list[Equation]] = [[] for _ in order]
    for eq in usable:
        checks[max(depth_of[row] for row, _ in (*eq[0], *eq[1]) if row in candidates)].append(eq)
    seen: dict[str, set[Split]] = {row: set() for row in order}
    chosen: dict[str, Split] = {}
    budget = SearchBudget() if budget is None else budget
    found = 0

    def value(row: str, column: int) -> Value:
        source = chosen[row] if row in chosen else fixed[row]
        cell = source[column]
        assert cell is not None  # noqa: S101 - equations with unknown cells were dropped
        return cell

    def holds(eq: Equation) -> bool:
        left, right = eq
        return sum(value(r, c) for r, c in left) == sum(value(r, c) for r, c in right)

    def search(depth: int) -> bool:
        nonlocal found
        if not budget.spend():
            return False
        if depth == len(order):
            found += 1
            for row in order:
                seen[row].add(chosen[row])
            return found <= _MAX_SOLUTIONS
        row = order[depth]
        for split in candidates[row]:
            if not budget.spend():
                return False
            chosen[row] = split
            if all(holds(eq) for eq in checks[depth]) and not search(depth + 1):
                return False
            del chosen[row]
        return True

    if not search(0):
        return None
    if found == 0:
        return Solution(rows={row: list(candidates[row]) for row in order}, consistent=False)
    return Solution(
        rows={row: [s for s in candidates[row] if s in seen[row]] for row in order}, consistent=True
    )


def _knowable(
    eq: Equation, candidates: Mapping[str, object], fixed: Mapping[str, Sequence[Value | None]]
) -> bool:
    for row, column in (*eq[0], *eq[1]):
        if row in candidates:
            continue
        values = fixed.get(row)
        if values is None or column >= len(values) or values[column] is None:
            return False
    return any(row in candidates for row, _ in (*eq[0], *eq[1]))


def agree(splits: Sequence[Split], width: int) -> list[tuple[Value, ...]]:
    """For each of ``width`` cells, the distinct values it takes across ``splits`` (in first-seen order)."""
    if len(splits) == 1:  # the common case: each cell takes its one value
        split = splits[0]
        return [(split[index],) for index in range(width)]
    columns: list[tuple[Value, ...]] = []
    for index in range(width):
        values: dict[Value, None] = {}
        for split in splits:
            values.setdefault(split[index], None)
        columns.append(tuple(values))
    return columns
