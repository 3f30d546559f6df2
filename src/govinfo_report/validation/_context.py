"""What a rule sees: the report, its cells by key, and shared analyses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, TypeVar

import attrs

from govinfo_report.errors import SourceLocation
from govinfo_report.model import Cell, CellState, Report, Section

__all__ = ["Context", "Number", "TextBlock", "arith_value", "cap", "stated_value"]

Number = int | Decimal
_T = TypeVar("_T")


def stated_value(cell: Cell | None) -> Number | None:
    """Return the number a cell states (stated or inferred), else ``None``."""
    if cell is None or cell.state not in (CellState.VALUE, CellState.INFERRED):
        return None
    return cell.value


def arith_value(cell: Cell | None) -> Number | None:
    """Return the value to use in arithmetic: blank counts as 0, unreadable cells are unknown."""
    if cell is not None and cell.state is CellState.BLANK:
        return 0
    return stated_value(cell)


def cap(text: str) -> str:
    """Capitalise the first letter (for English names at the start of a sentence)."""
    return text[:1].upper() + text[1:]


@attrs.frozen(kw_only=True)
class TextBlock:
    """A piece of the report's narrative: the preamble or one section.

    Attributes:
        name_zh: How to refer to it in Chinese (``前言``, ``第三部分`` …).
        name_en: How to refer to it in English.
        number: Section number 1-6, or 0 for the preamble.
        text: The text.
        location: Where it starts.
    """

    name_zh: str
    name_en: str
    number: int
    text: str
    location: SourceLocation | None


_ORDINALS = "一二三四五六"


def _section_block(section: Section) -> TextBlock:
    ordinal = _ORDINALS[section.number - 1] if 1 <= section.number <= 6 else str(section.number)
    return TextBlock(
        name_zh=f"第{ordinal}部分（{section.heading.strip()}）",
        name_en=f"section {section.number}",
        number=section.number,
        text=section.text,
        location=section.location,
    )


class Context:
    """The report under validation and the analyses several rules share.

    Args:
        report: The report.
        previous: The same agency's report for the previous year, for cross-year rules.
        active: IDs of the rules that run; shared analyses use it to decide
            which rule reports a finding that several rules would explain.
        published: The date the report was published, when known (R-G-01).
    """

    def __init__(
        self,
        report: Report,
        *,
        previous: Report | None = None,
        active: frozenset[str] = frozenset(),
        published: date | None = None,
    ) -> None:
        self.report = report
        self.published = published
        self.active = active
        self.previous = None if previous is None else Context(previous, active=active)
        self._memo: dict[str, Any] = {}

    def memo(self, name: str, compute: Callable[[Context], _T]) -> _T:
        """Return ``compute(self)``, computed once per context under ``name``."""
        if name not in self._memo:
            self._memo[name] = compute(self)
        result: _T = self._memo[name]
        return result

    @cached_property
    def cells(self) -> dict[str, Cell]:
        """Template cells by canonical key (the first one wins if a key repeats)."""
        cells: dict[str, Cell] = {}
        for cell in self.report.cells():
            if cell.key is not None and cell.key not in cells:
                cells[cell.key] = cell
        return cells

    def cell(self, key: str) -> Cell | None:
        """Return the cell ``key`` or ``None`` when the report has no such cell."""
        return self.cells.get(key)

    def stated(self, key: str) -> Number | None:
        """Return the number cell ``key`` states, or ``None``."""
        return stated_value(self.cells.get(key))

    def arith(self, key: str) -> Number | None:
        """Return cell ``key`` as an arithmetic term (blank is 0, unreadable is ``None``)."""
        return arith_value(self.cells.get(key))

    def locations(self, keys: tuple[str, ...] | list[str]) -> tuple[SourceLocation, ...]:
        """Return the known locations of ``keys``, without repeats, in order."""
        found: list[SourceLocation] = []
        for key in keys:
            cell = self.cells.get(key)
            if cell is not None and cell.location is not None and cell.location not in found:
                found.append(cell.location)
        return tuple(found)

    @cached_property
    def text_blocks(self) -> tuple[TextBlock, ...]:
        """The preamble and the sections, in document order."""
        blocks = [
            TextBlock(
                name_zh="前言",
                name_en="the preamble",
                number=0,
                text=self.report.preamble,
                location=None,
            )
        ]
        blocks.extend(_section_block(section) for section in self.report.sections)
        return tuple(block for block in blocks if block.text.strip())

    def all_text(self) -> Iterator[str]:
        """Yield the title, the preamble and every section text."""
        yield self.report.title
        for block in self.text_blocks:
            yield block.text
