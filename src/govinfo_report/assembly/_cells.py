"""Placed rows into tables of cells, splitting runs of digits where needed.

The walk over the document (:mod:`govinfo_report.assembly._walk`) decides
which tokens belong to which template row; this module reads the tokens as
values, resolves rows whose cells were run together
(:mod:`govinfo_report.assembly._digit_runs`) and builds the model's tables.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from functools import cache

import attrs

from govinfo_report._fast import quick_init
from govinfo_report.assembly._digit_runs import (
    CellKind,
    Equation,
    SearchBudget,
    Split,
    Value,
    agree,
    solve_jointly,
    split_run,
    split_with_groups,
    split_with_total,
)
from govinfo_report.assembly._normalize import normalize_label, parse_number
from govinfo_report.assembly._tokens import Token, TokenKind
from govinfo_report.errors import SourceLocation
from govinfo_report.model import Cell, CellState, Row, Table, TableKind, TemplateVersion
from govinfo_report.model.cellkey import CellKey
from govinfo_report.model.equations import BalanceKind, request_balances
from govinfo_report.model.labels import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    ColumnSpec,
    ProactiveBlock,
    RowSpec,
    appeal_key,
    proactive_blocks,
    proactive_key,
    request_key,
    request_rows,
)

__all__ = [
    "BlockContext",
    "NarrativeFigures",
    "Placed",
    "TableBuilder",
    "build_appeals",
    "build_proactive",
    "build_requests",
]

_MAX_ALTERNATIVES = 20
_VALUE_KINDS = frozenset({TokenKind.RUN, TokenKind.VALUE})
_INFERRED_NOTE = "cells run together in the source; split by {how}"
_TOO_MANY = "cells run together in the source; too many ways to split them were left to examine"

# Cells and rows are made for every template position: positional constructors (see _construct).
_cell = quick_init(Cell, "key", "value", "raw", "state", "unit", "location", "note")
_plain_row = quick_init(Row, "key", "label", "cells", "location")
_MISSING = CellState.MISSING
_INFERRED = CellState.INFERRED


@attrs.frozen
class Placed:
    """Value tokens placed in a template row.

    Attributes:
        label: The row label as found.
        values: The value tokens (one per cell, or runs to split).
        location: Where the row's label is.
        note: How the row was placed when not by its label.
        alternatives: Number rows the row may hold when the source does not say which
            (then ``values`` is empty and the cells are unresolved).
    """

    label: str
    values: tuple[Token, ...]
    location: SourceLocation | None
    note: str | None = None
    alternatives: tuple[tuple[Token, ...], ...] = ()

    def runs_only(self) -> bool:
        """Whether the row holds fewer tokens than cells because cells were run together."""
        return bool(self.values) and all(token.kind in _VALUE_KINDS for token in self.values)

    def run_text(self) -> str:
        return "".join([token.text for token in self.values])


@attrs.define
class TableBuilder:
    """What has been read of one table so far."""

    placed: dict[str, Placed] = attrs.field(factory=dict)
    extra: list[Row] = attrs.field(factory=list)
    split: set[str] = attrs.field(factory=set)
    location: SourceLocation | None = None


def token_cell(key: str | None, token: Token, *, money: bool = False, note: str | None = None) -> Cell:
    """Read one value token as a cell; a reading in doubt with nothing to decide it is unresolved."""
    if token.candidates:
        return _doubt_unresolved(key, token, readings(token, money=money), "no equation decides")
    # The keyword only when needed: lru_cache builds a slower key for keyword arguments.
    text = token.text
    parsed = parse_number(text, allow_decimal=True) if money else parse_number(text)
    return _cell(key, parsed.value, text, parsed.state, parsed.unit, token.location, note)


def _missing(key: str) -> Cell:
    return _cell(key, None, "", _MISSING, None, None, None)


def _unresolved(key: str, placed: Placed, note: str, alternatives: Sequence[Value] = ()) -> Cell:
    return Cell(
        key=key,
        raw=" ".join(token.text.strip() for token in placed.values),
        state=CellState.UNRESOLVED,
        location=placed.location,
        note=note,
        alternatives=tuple(alternatives[:_MAX_ALTERNATIVES]),
    )


def _cells_from_splits(keys: Sequence[str], placed: Placed, splits: Sequence[Split], how: str) -> list[Cell]:
    """Cells whose value all ``splits`` agree on are inferred; the others are unresolved."""
    run = placed.run_text()
    if not splits:
        note = f"no split of {run!r} into {len(keys)} cells satisfies {how}"
        return [_unresolved(key, placed, note) for key in keys]
    location = placed.values[0].location if placed.values else placed.location
    inferred_note = _INFERRED_NOTE.format(how=how)
    cells = []
    for key, values in zip(keys, agree(splits, len(keys)), strict=True):
        if len(values) == 1:
            cells.append(_cell(key, values[0], run, _INFERRED, None, location, inferred_note))
        else:
            note = f"{run!r} admits {len(splits)} splits under {how}"
            cells.append(_unresolved(key, placed, note, values))
    return cells


def _row_cells(keys: Sequence[str], placed: Placed | None) -> list[Cell] | None:
    """Cells of a row read token by token, or ``None`` when the tokens do not match the cells."""
    if placed is None:
        return [_missing(key) for key in keys]
    if placed.alternatives:
        return _undecided(keys, placed)
    if len(placed.values) != len(keys):
        return None
    return [token_cell(key, token, note=placed.note) for key, token in zip(keys, placed.values, strict=True)]


def _undecided(keys: Sequence[str], placed: Placed) -> list[Cell]:
    """Cells of a row that may hold any of several number rows: unresolved, with their values."""
    note = placed.note or f"{len(placed.alternatives)} number rows may belong to this row"
    cells = []
    for index, key in enumerate(keys):
        values: dict[Value, None] = {}
        for row in placed.alternatives:
            value = parse_number(row[index].text).value if index < len(row) else None
            if value is not None:
                values.setdefault(value, None)
        cells.append(_unresolved(key, placed, note, tuple(values)))
    return cells


def _mismatch(keys: Sequence[str], placed: Placed) -> list[Cell]:
    note = f"row has {len(placed.values)} value cells where the template has {len(keys)}"
    return [_unresolved(key, placed, note) for key in keys]


# -- readings in doubt (OCR) -----------------------------------------------------------------------

_MAX_DOUBT_SPLITS = 20_000


def readings(token: Token, *, money: bool = False) -> list[Value]:
    """The distinct values a token read with doubt may be, most likely first."""
    values: dict[Value, None] = {}
    for text in token.candidates:
        parsed = parse_number(text, allow_decimal=True) if money else parse_number(text)
        if parsed.state is CellState.VALUE and parsed.value is not None:
            values.setdefault(parsed.value, None)
    return list(values)


def _doubt_note(token: Token, how: str) -> str:
    shown = ", ".join(repr(text) for text in token.candidates[:6])
    more = ", ..." if len(token.candidates) > 6 else ""
    return f"recognised with doubt as {shown}{more}; {how}"


def _doubt_unresolved(key: str | None, token: Token, values: Sequence[Value], how: str) -> Cell:
    return Cell(
        key=key,
        raw=token.text,
        state=CellState.UNRESOLVED,
        location=token.location,
        note=_doubt_note(token, how),
        alternatives=tuple(values[:_MAX_ALTERNATIVES]),
    )


def _doubt_splits(placed: Placed, read: Sequence[Cell]) -> list[Split] | None:
    """Every assignment of the row's values, doubtful cells taking each of their readings.

    ``None`` when the row has no doubtful cell, a cell that is no number, or too many assignments.
    """
    if not any(token.candidates for token in placed.values):
        return None
    options: list[list[Value]] = []
    for token, cell in zip(placed.values, read, strict=True):
        if token.candidates:
            values = readings(token)
            if not values:
                return None
            options.append(values)
        elif cell.value is not None:
            options.append([cell.value])
        elif cell.state is CellState.BLANK:
            options.append([0])  # a blank cell adds nothing to a total, as validation counts it
        else:
            return None
    if math.prod(len(values) for values in options) > _MAX_DOUBT_SPLITS:
        return None
    return list(itertools.product(*options))


def _doubt_cells(
    keys: Sequence[str], placed: Placed, read: Sequence[Cell], splits: Sequence[Split], how: str
) -> list[Cell]:
    """Doubtful cells that take one value across ``splits`` are inferred; the others are unresolved."""
    cells: list[Cell] = []
    for key, token, cell, values in zip(keys, placed.values, read, agree(splits, len(keys)), strict=True):
        if not token.candidates:
            cells.append(cell)
        elif len(values) == 1:
            note = _doubt_note(token, f"{values[0]} chosen by {how}")
            cells.append(_cell(key, values[0], token.text, _INFERRED, None, token.location, note))
        else:
            fallback = values if splits else readings(token)
            cells.append(_doubt_unresolved(key, token, fallback, f"{how} leave {len(fallback)} readings"))
    return cells


def _with_total(splits: list[Split]) -> list[Split]:
    """The splits whose last cell is the sum of the others, when some are; else all of them."""
    kept = [split for split in splits if sum(split[:-1]) == split[-1]]
    return kept or splits


# -- application table ------------------------------------------------------------------------------


@cache
def _request_equations(version: TemplateVersion) -> tuple[Equation, ...]:
    """The application table's equations across rows, over ``(row, column index)`` cells.

    Each row's own total is left out: the splits of a run already satisfy it.
    """
    column_index = {column.key: index for index, column in enumerate(APPLICANT_COLUMNS)}

    def cells(keys: Sequence[str]) -> tuple[tuple[str, int], ...]:
        return tuple((key.row, column_index[key.column]) for key in map(CellKey.parse, keys))

    return tuple(
        (cells(balance.parts), cells(balance.totals))
        for balance in request_balances(version)
        if balance.kind is not BalanceKind.ROW_TOTAL
    )


@cache
def _request_keys(version: TemplateVersion) -> dict[str, tuple[str, ...]]:
    """Row key → the keys of its cells, for the application table of ``version``."""
    return {
        spec.key: tuple(request_key(spec, column) for column in APPLICANT_COLUMNS)
        for spec in request_rows(version)
    }


def build_requests(builder: TableBuilder, version: TemplateVersion) -> Table:
    """Build the application table, solving run-together rows jointly by its equations."""
    width = len(APPLICANT_COLUMNS)
    specs = request_rows(version)
    keys = _request_keys(version)
    cells: dict[str, list[Cell]] = {}
    candidates: dict[str, list[Split]] = {}
    doubtful: dict[str, list[Cell]] = {}
    budget = SearchBudget()  # one for the table: every row's search and the joint one
    for spec in specs:
        placed = builder.placed.get(spec.key)
        read = _row_cells(keys[spec.key], placed)
        if read is not None:
            doubt = None if placed is None else _doubt_splits(placed, read)
            if doubt is not None:
                candidates[spec.key] = _with_total(doubt)
                doubtful[spec.key] = read
            else:
                cells[spec.key] = read
            continue
        assert placed is not None  # noqa: S101 - _row_cells reads absent rows as missing
        if not placed.runs_only():
            cells[spec.key] = _mismatch(keys[spec.key], placed)
            continue
        splits = split_with_total(placed.run_text(), width, budget)
        if splits is None:
            cells[spec.key] = [_unresolved(key, placed, _TOO_MANY) for key in keys[spec.key]]
            continue
        candidates[spec.key] = splits
    if candidates:
        fixed = {row: [cell.value for cell in row_cells] for row, row_cells in cells.items()}
        solution = solve_jointly(candidates, fixed, _request_equations(version), budget)
        for row, row_splits in candidates.items():
            placed = builder.placed[row]
            if row in doubtful:
                decided = solution is not None and solution.consistent
                cells[row] = _doubt_cells(
                    keys[row],
                    placed,
                    doubtful[row],
                    solution.rows[row] if solution is not None and decided else row_splits,
                    "the row total and the column equations" if decided else "the row total",
                )
            elif not row_splits:
                cells[row] = _cells_from_splits(keys[row], placed, [], "the row total")
            elif solution is None or not solution.consistent:
                cells[row] = _cells_from_splits(keys[row], placed, row_splits, "the row total")
            else:
                cells[row] = _cells_from_splits(
                    keys[row], placed, solution.rows[row], "the row total and the column equations"
                )
    rows = tuple(_row(spec.key, builder.placed.get(spec.key), cells[spec.key]) for spec in specs)
    return Table(
        kind=TableKind.REQUESTS, rows=rows, extra_rows=tuple(builder.extra), location=builder.location
    )


def _row(key: str, placed: Placed | None, cells: Sequence[Cell]) -> Row:
    if placed is None:
        return _plain_row(key, "", tuple(cells), None)
    return _plain_row(key, placed.label, tuple(cells), placed.location)


# -- review / litigation ------------------------------------------------------------------------------


_APPEAL_KEYS = tuple(appeal_key(group, column) for group in APPEAL_GROUPS for column in APPEAL_COLUMNS)


def build_appeals(builder: TableBuilder, narrative: Sequence[str] = ()) -> Table:
    """Build the review/litigation table from its 15 cells (or the runs holding them).

    Cells run together are split by the group totals and, where several splits
    remain, by the figures the narrative states (行政复议36起，行政诉讼9起).
    """
    keys = _APPEAL_KEYS
    placed = builder.placed.get("appeals")
    cells = _row_cells(keys, placed)
    doubt = None if cells is None or placed is None else _doubt_splits(placed, cells)
    if doubt is not None and cells is not None and placed is not None:
        size = len(APPEAL_COLUMNS)
        kept = [
            split
            for split in doubt
            if all(
                sum(split[start : start + size - 1]) == split[start + size - 1]
                for start in range(0, len(split), size)
            )
        ]
        cells = _doubt_cells(keys, placed, cells, kept, "the group totals")
    if cells is None:
        assert placed is not None  # noqa: S101 - _row_cells reads absent rows as missing
        if not placed.runs_only():
            cells = _mismatch(keys, placed)
        else:
            splits = split_with_groups(placed.run_text(), len(APPEAL_COLUMNS), len(APPEAL_GROUPS))
            if splits is None:
                cells = [_unresolved(key, placed, _TOO_MANY) for key in keys]
            else:
                narrowed = _stated_appeals(splits, narrative) if len(splits) > 1 else splits
                how = (
                    "the group totals"
                    if narrowed == splits
                    else "the group totals and the figures the narrative states"
                )
                cells = _cells_from_splits(keys, placed, narrowed, how)
    size = len(APPEAL_COLUMNS)
    rows = tuple(
        Row(key=group.key, label=group.label, cells=tuple(cells[index * size : (index + 1) * size]))
        for index, group in enumerate(APPEAL_GROUPS)
    )
    return Table(kind=TableKind.APPEALS, rows=rows, location=builder.location)


# 行政复议 and 行政诉讼 in the narrative, up to the next of them or the end of the sentence.
_APPEAL_CLAUSE = re.compile(r"(行政复议|行政诉讼)([^。;]*?)(?=行政复议|行政诉讼|[。;]|$)")
_CASES = r"(\d+)(?:件|起|宗|个|次)"
_STATED_TOTAL = re.compile(r"^(?:案件)?(?:共|合计|总计|共计)?" + _CASES)


def _appeal_statements(narrative: Sequence[str]) -> list[tuple[tuple[int, ...], int]]:
    """``(cells, figure)``: the narrative states that the cells (indices of the 15) add up to figure.

    行政复议 counts the review group; 行政诉讼 the two litigation groups together.
    """
    size = len(APPEAL_COLUMNS)
    total = size - 1
    statements: list[tuple[tuple[int, ...], int]] = []
    for paragraph in narrative:
        norm = normalize_label(paragraph)
        if "行政复议" not in norm and "行政诉讼" not in norm:
            continue
        for clause in _APPEAL_CLAUSE.finditer(norm):
            groups = (0,) if clause.group(1) == "行政复议" else (1, 2)
            body = clause.group(2)
            stated = _STATED_TOTAL.search(body)
            if stated is not None:
                statements.append((tuple(group * size + total for group in groups), int(stated.group(1))))
            for column_index, column in enumerate(APPEAL_COLUMNS[:total]):
                for pattern in column.patterns:
                    found = re.search(re.escape(pattern) + _CASES, body)
                    if found is not None:
                        cells = tuple(group * size + column_index for group in groups)
                        statements.append((cells, int(found.group(1))))
    return statements


def _stated_appeals(splits: list[Split], narrative: Sequence[str]) -> list[Split]:
    """Keep the splits that agree with each figure the narrative states, when some do."""
    for cells, figure in _appeal_statements(narrative):
        kept = [split for split in splits if sum(split[cell] for cell in cells) == figure]
        if kept:
            splits = kept
    return splits


# -- 第二十条 table ------------------------------------------------------------------------------------

_CLAUSE = re.compile(r"[,.;:!?。;：！？]")
# A count is a number and a unit: (\d+)(?:件|项|个|条), found from the unit.
_COUNT_UNIT = re.compile("[件项个条]")
_UNIT_IN_HEADER = re.compile(r"\((?:单位:)?(万元|元)")
_TRAILING_UNIT = re.compile(r"(万元|元)\s*$")


class NarrativeFigures:
    """The counted figures the narrative states, clause by clause, read on first use.

    Only rows whose cells ran together consult them, so most reports never
    pay for normalising every paragraph of the narrative.

    Args:
        paragraphs: The narrative paragraphs.
    """

    __slots__ = ("_counted", "_paragraphs")

    def __init__(self, paragraphs: Sequence[str]) -> None:
        self._paragraphs = paragraphs
        self._counted: tuple[tuple[str, tuple[int, ...]], ...] | None = None

    def counted(self) -> tuple[tuple[str, tuple[int, ...]], ...]:
        """``(clause, figures)`` for each normalised clause that counts something, e.g. 698件."""
        if self._counted is None:
            counted: list[tuple[str, tuple[int, ...]]] = []
            for paragraph in self._paragraphs:
                norm = normalize_label(paragraph)
                if _COUNT_UNIT.search(norm) is None:
                    continue  # then none of its clauses counts anything
                counted.extend(_counted_clauses(norm))
            self._counted = tuple(counted)
        return self._counted


def _counted_clauses(norm: str) -> list[tuple[str, tuple[int, ...]]]:
    r"""``(clause, figures)`` for the clauses of ``norm`` that count something, in order.

    The counts ``(\d+)(?:件|项|个|条)`` are found from their unit characters: a
    long paragraph has hundreds of clauses and few counts, and a search for
    the digits first would try every position of the text.
    """
    reverse = norm[::-1]
    size = len(norm)
    found: dict[int, tuple[str, list[int]]] = {}
    for unit in _COUNT_UNIT.finditer(norm):
        end = unit.start()
        start = end
        while start and norm[start - 1].isdecimal():  # the digits of \d, as far back as they go
            start -= 1
        if start == end:
            continue
        # The clause around the count (which holds no clause break): from after the
        # nearest break before it, found in the reversed text, to the next break.
        before = _CLAUSE.search(reverse, size - start)
        clause_start = size - before.start() if before else 0
        if clause_start not in found:
            after = _CLAUSE.search(norm, unit.end())
            found[clause_start] = (norm[clause_start : after.start() if after else size], [])
        found[clause_start][1].append(int(norm[start:end]))
    return [(clause, tuple(numbers)) for clause, numbers in found.values()]


@attrs.frozen
class BlockContext:
    """What a 第二十条 block's cells are read with: its header, the template, the narrative.

    Attributes:
        header: The block's column header texts as found.
        version: The report's template.
        narrative: The narrative paragraphs.
        figures: The counted figures the narrative states (shared by the blocks).
    """

    header: tuple[str, ...]
    version: TemplateVersion
    narrative: tuple[str, ...]
    figures: NarrativeFigures

    def header_unit(self, column: ColumnSpec) -> str | None:
        for text in self.header:
            norm = normalize_label(text)
            if any(pattern in norm for pattern in column.patterns):
                found = _UNIT_IN_HEADER.search(norm)
                if found is not None:
                    return found.group(1)
        return None

    def unit(self, column: ColumnSpec, raw: str, cell_unit: str | None) -> str | None:
        """The unit of an amount: in the cell, else the header, else the narrative, else the template's."""
        unit = cell_unit or self.header_unit(column)
        if unit is None:
            number = re.escape(normalize_label(raw))
            for paragraph in self.narrative:
                found = re.search(number + r"\s*(万元|元)", paragraph)
                if found is not None:
                    return found.group(1)
        return unit or column.unit

    def stated_figures(self, row: RowSpec, column: ColumnSpec) -> set[int]:
        """Figures the narrative states for ``row`` and ``column``, e.g. 现行有效行政规范性文件698件."""
        if not column.narrative:
            return set()
        figures: set[int] = set()
        row_words = _row_words(row)
        for clause, numbers in self.figures.counted():
            if any(word in clause for word in row_words) and any(word in clause for word in column.narrative):
                figures.update(numbers)
        return figures


@cache
def _row_words(row: RowSpec) -> tuple[str, ...]:
    """A template row's patterns and variants, normalised once per process."""
    return tuple(normalize_label(pattern) for pattern in (*row.patterns, *row.variants))


def _narrowed(
    splits: list[Split], row: RowSpec, columns: Sequence[ColumnSpec], context: BlockContext
) -> list[Split]:
    """Keep the splits that agree with figures the narrative states, column by column, when some do."""
    for index, column in enumerate(columns):
        figures = context.stated_figures(row, column)
        kept = [split for split in splits if split[index] in figures]
        if kept:
            splits = kept
    return splits


def to_yuan(value: Value, unit: str | None) -> Decimal:
    """Convert an amount in ``unit`` to 元 with exact decimal arithmetic."""
    amount = Decimal(value) * (10000 if unit == "万元" else 1)
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()


def _money_cell(key: str, token: Token, column: ColumnSpec, money: BlockContext, note: str | None) -> Cell:
    parsed = parse_number(token.text, allow_decimal=True)
    unit = money.unit(column, token.text, parsed.unit)
    if token.candidates:
        values = [to_yuan(value, unit) for value in readings(token, money=True)]
        return _doubt_unresolved(key, token, values, "no equation decides")
    value = None if parsed.value is None else to_yuan(parsed.value, unit)
    return Cell(
        key=key,
        value=value,
        raw=token.text,
        state=parsed.state,
        unit=unit,
        location=token.location,
        note=note,
    )


def _proactive_cells(
    keys: Sequence[str],
    row: RowSpec,
    columns: Sequence[ColumnSpec],
    placed: Placed | None,
    money: BlockContext,
) -> list[Cell]:
    if placed is None:
        return [_missing(key) for key in keys]
    if len(placed.values) == len(keys):
        return [
            _money_cell(key, token, column, money, placed.note)
            if column.money
            else token_cell(key, token, note=placed.note)
            for key, column, token in zip(keys, columns, placed.values, strict=True)
        ]
    if not placed.runs_only():
        return _mismatch(keys, placed)
    run = placed.run_text()
    unit_match = _TRAILING_UNIT.search(run)
    cell_unit = unit_match.group(1) if unit_match else None
    digits = run[: unit_match.start()] if unit_match else run
    splits = split_run(digits, [CellKind(signed=column.signed, money=column.money) for column in columns])
    if splits is None:
        return _mismatch(keys, placed)
    narrowed = _narrowed(splits, row, columns, money)
    how = (
        "the cell formats" if narrowed == splits else "the cell formats and the figures the narrative states"
    )
    cells = _cells_from_splits(keys, placed, narrowed, how)
    for index, column in enumerate(columns):
        cell = cells[index]
        if column.money and cell.value is not None:
            unit = money.unit(column, format(cell.value, "f"), cell_unit)
            cells[index] = attrs.evolve(cell, value=to_yuan(cell.value, unit), unit=unit)
    return cells


@cache
def _proactive_rows(
    version: TemplateVersion,
) -> tuple[tuple[ProactiveBlock, RowSpec, str, tuple[str, ...]], ...]:
    """``(block, row, row key, cell keys)`` of every row of the 第二十条 table of ``version``."""
    return tuple(
        (
            block,
            spec,
            f"{block.key}.{spec.key}",
            tuple(proactive_key(block, spec, column) for column in block.columns),
        )
        for block in proactive_blocks(version)
        for spec in block.rows
    )


def build_proactive(
    builder: TableBuilder, version: TemplateVersion, money_for: dict[str, BlockContext]
) -> Table:
    """Build the 第二十条 table; ``money_for`` maps block keys to their unit context."""
    rows: list[Row] = []
    for block, spec, key, keys in _proactive_rows(version):
        placed = builder.placed.get(key)
        cells = _proactive_cells(keys, spec, block.columns, placed, money_for[block.key])
        rows.append(_row(key, placed, cells))
    return Table(
        kind=TableKind.PROACTIVE, rows=tuple(rows), extra_rows=tuple(builder.extra), location=builder.location
    )
