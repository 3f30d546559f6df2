"""Documents into reports: the one place that walks the templates' tables.

The assembler reads the rows of every table grid in document order and
recognises the three standard tables by their captions and labels, never by
their position in the document.  Rows are matched by normalised label
(:mod:`govinfo_report.assembly._labels`); a row without a usable label is placed
by position only inside a recognised block, e.g. the sub-rows of （三）不予公开
whose label cells a converter replaced by ``0``.  When no table grid holds the
tables, tables flattened into running text are read instead
(:mod:`govinfo_report.assembly._flattened`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from difflib import SequenceMatcher
from functools import cache
from typing import NamedTuple

import attrs

from govinfo_report._deadline import check_deadline
from govinfo_report.assembly._cells import (
    BlockContext,
    NarrativeFigures,
    Placed,
    TableBuilder,
    build_appeals,
    build_proactive,
    build_requests,
    token_cell,
)
from govinfo_report.assembly._flattened import inline_rows
from govinfo_report.assembly._labels import LabelMatch, Pattern, PatternIndex, best_match, compile_patterns
from govinfo_report.assembly._narrative import read_narrative
from govinfo_report.assembly._normalize import normalize_label
from govinfo_report.assembly._pieces import Alignment, LooseLabel, NumberRow, align_rows
from govinfo_report.assembly._template import detect_template
from govinfo_report.assembly._tokens import Token, TokenKind, make_token
from govinfo_report.document import Document, Paragraph, TableGrid
from govinfo_report.errors import SourceLocation, StructureError
from govinfo_report.model import (
    Deviation,
    DeviationKind,
    Provenance,
    Report,
    Row,
    TableKind,
    TemplateVersion,
)
from govinfo_report.model.labels import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    LITIGATION_HEADER,
    PROACTIVE_CAPTION,
    PROACTIVE_HEADER,
    REQUEST_GROUPS,
    REQUESTS_MARKERS,
    REVIEW,
    ColumnSpec,
    ProactiveBlock,
    RowSpec,
    proactive_blocks,
    request_groups,
    request_rows,
)

__all__ = ["assemble"]

# "第二十条第（一）项", also written without the brackets ("第二十条第一项").
_CAPTION = re.compile(
    re.escape(PROACTIVE_CAPTION[0]) + r"\(?([一二三四五六七八九十]+)\)?" + re.escape(PROACTIVE_CAPTION[1])
)
_REQUESTS_MARKER = re.compile("|".join(map(re.escape, REQUESTS_MARKERS)))
_APPEALS_MARKER = REVIEW.patterns[0]
_HEADER_MARKER = PROACTIVE_HEADER
_APPEAL_CELLS = len(APPEAL_GROUPS) * len(APPEAL_COLUMNS)
_LITIGATION = "行政诉讼"
# A paragraph this short without a sentence, between table rows, may be a row label standing apart.
_LOOSE_MAX_CHARS = 40
_SENTENCE = re.compile("[。！？]")
_BALANCE_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")
_SUBROW_MIN_CHARS = 2
_RESEMBLANCE = 0.75
_POSITIONAL_NOTE = "row placed by position within its block"
_TITLE_PARAGRAPHS = 20  # the title stands among the first paragraphs, after page chrome
# What the walk placed a group's own row in: no template row.
_GROUP_ROW = "group"
_JOINED_NOTE = "numbers placed by the labels around them, the template's row order and the equations"
# Token kinds as plain names for the tests made on every token: looking a member up on
# its Enum class costs several times more than reading a global name (Python 3.11).
_LABEL = TokenKind.LABEL
_BLANK = TokenKind.BLANK
_VALUE = TokenKind.VALUE
_RUN = TokenKind.RUN
# Rows walked between two looks at the clock (a mask: one look every 256).
_CLOCK_EVERY = 255


# Numbers standing apart in one cell: neighbouring columns a converter merged (``3001 53``).
# A blank cell's mark (-, —, /) may be one of them.
_MERGED_PART = r"(?:[+\-]?\d[\d,.]*+|[\-\u2013\u2014/\uff0f])"
_MERGED_NUMBERS = re.compile(rf"\s*+{_MERGED_PART}(?:\s++{_MERGED_PART})++\s*+")


def _cell_tokens(text: str, location: SourceLocation, candidates: tuple[str, ...] = ()) -> list[Token]:
    """One token per cell, or one per number where a cell holds several columns' numbers.

    A cell read with doubt (``candidates``, from OCR) is one number: it keeps its readings.
    """
    inner = text.strip()
    spaced = " " in inner or "\n" in inner or "\t" in inner or "\u3000" in inner
    if spaced and not candidates and _MERGED_NUMBERS.fullmatch(inner):
        return [make_token(part, location) for part in text.split()]
    return [make_token(text, location, None, candidates)]


class _Loose(NamedTuple):
    """A paragraph among the tables; ``leads_in`` when a table grid follows it (page footers aside)."""

    paragraph: Paragraph
    leads_in: bool


# A line that holds no CJK character and is short: a page number or footer between table pieces.
_FOOTER = re.compile(r"[^\u4e00-\u9fff]{0,20}")


def _grid_rows(document: Document) -> Iterator[list[Token] | _Loose]:
    """The table grids' rows, and the paragraphs among them, in document order."""
    blocks = document.blocks
    # Whether a table grid follows each block, page footers aside: one pass from the end.
    leads_in = [False] * len(blocks)
    grid_follows = False
    for index in range(len(blocks) - 1, -1, -1):
        leads_in[index] = grid_follows
        block = blocks[index]
        if isinstance(block, TableGrid):
            grid_follows = True
        elif not _is_footer(block):
            grid_follows = False
    for index, block in enumerate(blocks):
        if not isinstance(block, TableGrid):
            yield _Loose(block, leads_in[index])
            continue
        check_deadline()
        for grid_row in block.rows:
            yield [
                token
                for cell in grid_row
                if not cell.spanned
                for token in _cell_tokens(cell.text, cell.location, cell.candidates)
            ]


def _row_tokens(row: list[Token] | _Loose) -> list[Token]:
    return [] if isinstance(row, _Loose) else row


def _is_footer(block: Paragraph | TableGrid) -> bool:
    return isinstance(block, Paragraph) and _FOOTER.fullmatch(block.text.strip()) is not None


def _fit(values: Sequence[Token], count: int) -> list[Token]:
    """Drop blank cells at the ends (label-column padding, trailing tabs) beyond ``count``."""
    fitted = list(values)
    # Empty cells are padding before cells marked blank (-) are: a mark is a cell the source wrote.
    while len(fitted) > count and fitted[-1].kind is _BLANK and not fitted[-1].text.strip():
        fitted.pop()
    while len(fitted) > count and fitted[0].kind is _BLANK and not fitted[0].text.strip():
        fitted.pop(0)
    while len(fitted) > count and fitted[-1].kind is _BLANK:
        fitted.pop()
    while len(fitted) > count and fitted[0].kind is _BLANK:
        fitted.pop(0)
    return fitted


def _from_offset(tokens: Sequence[Token], start: int) -> list[Token]:
    """Return the label tokens whose normalised text reaches past offset ``start`` of their join."""
    kept: list[Token] = []
    offset = 0
    for token in tokens:
        offset += len(token.norm)
        if offset > start:
            kept.append(token)
    return kept


def _raw_label(tokens: Sequence[Token]) -> str:
    return "".join(token.text.strip() for token in tokens if token.kind is _LABEL)


def _column_words() -> frozenset[str]:
    words: set[str] = set()
    for version in TemplateVersion:
        for block in proactive_blocks(version):
            for column in block.columns:
                words.update(column.patterns)
    return frozenset(words)


_COLUMN_WORDS = _column_words()
_APPEAL_WORDS = frozenset(
    pattern for spec in (*APPEAL_COLUMNS, *APPEAL_GROUPS) for pattern in (*spec.patterns, *spec.variants)
) | {LITIGATION_HEADER}


# One search for any of the words instead of a test per word: this runs for every header label.
_COLUMN_WORD = re.compile("|".join(map(re.escape, sorted(_COLUMN_WORDS))))


def _is_column_header(norm: str) -> bool:
    return _COLUMN_WORD.search(norm) is not None


@cache
def _patterns(version: TemplateVersion) -> tuple[dict[str, tuple[Pattern, ...]], PatternIndex]:
    """Label patterns of the 第二十条 blocks and of the application table's rows and groups."""
    blocks = {
        block.key: compile_patterns((row.key, row.patterns, row.variants) for row in block.rows)
        for block in proactive_blocks(version)
    }
    groups = [(f"group:{group}", (group,), ()) for group in request_groups(version)]
    rows = [(row.key, row.patterns, row.variants) for row in request_rows(version)]
    # The application table's patterns are many and are matched against every row: index them.
    return blocks, PatternIndex(compile_patterns([*groups, *rows]))


@attrs.define
class _Walker:
    """The state of one pass over a document's table rows."""

    version: TemplateVersion
    blocks: tuple[ProactiveBlock, ...] = attrs.field(init=False)
    request_specs: tuple[RowSpec, ...] = attrs.field(init=False)
    request_keys: tuple[str, ...] = attrs.field(init=False)
    request_index: dict[str, int] = attrs.field(init=False)
    block_patterns: dict[str, tuple[Pattern, ...]] = attrs.field(init=False)
    request_patterns: PatternIndex = attrs.field(init=False)
    deviations: list[Deviation] = attrs.field(factory=list)
    tables: dict[TableKind, TableBuilder] = attrs.field(factory=dict)
    current: TableKind | None = None
    block: ProactiveBlock | None = None
    block_headers: dict[str, list[str]] = attrs.field(factory=dict)
    pending: list[Token] = attrs.field(factory=list)
    request_header: list[Token] = attrs.field(factory=list)
    last_request_row: int = -1
    appeal_tokens: list[Token] = attrs.field(factory=list)
    # The application table as pieces: loose labels and number rows in document order, and for
    # each number row the template row the walk placed it in.
    request_items: list[LooseLabel | NumberRow] = attrs.field(factory=list)
    request_placed: list[str | None] = attrs.field(factory=list)
    recorded: bool = False  # whether the row being read was kept as a number row
    # Number rows (by index) the walk read as extra rows, with the row and its deviation.
    request_extras: dict[int, tuple[Row, Deviation]] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        self.blocks = proactive_blocks(self.version)
        self.request_specs = request_rows(self.version)
        self.request_keys = tuple(spec.key for spec in self.request_specs)
        self.request_index = {}
        for index, key in enumerate(self.request_keys):
            self.request_index.setdefault(key, index)
        self.tables = {kind: TableBuilder() for kind in TableKind}
        self.block_patterns, self.request_patterns = _patterns(self.version)

    # -- one row ----------------------------------------------------------------------------------

    def feed(self, row: list[Token]) -> None:
        """Take one table row: control labels first, then the data row they leave."""
        row_labels: list[Token] = []
        last_label = -1
        for index, token in enumerate(row):
            if token.kind is _LABEL:
                row_labels.append(token)
                last_label = index
        values = row[last_label + 1 :]
        has_numbers = any(token.kind is _VALUE or token.kind is _RUN for token in values)
        if not has_numbers and len(row_labels) > 1 and self._split_control(row_labels):
            return
        labels = self._controls(row_labels)
        if self.current is TableKind.APPEALS:
            self._appeals(labels, values, has_numbers=has_numbers)
            return
        if (
            not has_numbers
            and not (labels and values and self._names_row(labels))
            and not (self.current is TableKind.REQUESTS and _marked_blank_row(values))
        ):
            self.pending.extend(labels)
            if self.current is TableKind.REQUESTS:
                self.request_header.extend(labels)
            return
        label_tokens = [*self.pending, *labels]
        self.pending = []
        # A table whose header was lost still starts with its first rows' labels.
        if self.current is not TableKind.REQUESTS and self._starts_requests(label_tokens):
            self._enter(TableKind.REQUESTS, label_tokens[0].location)
        if self.current is TableKind.PROACTIVE:
            self._proactive(label_tokens, values)
        elif self.current is TableKind.REQUESTS:
            self._request(label_tokens, values)

    def _split_control(self, labels: list[Token]) -> bool:
        """Act on a caption or the review/litigation header cut across cells (``行政复|议``)."""
        if any(_CAPTION.search(token.norm) or token.norm == _APPEALS_MARKER for token in labels):
            return False
        joined = "".join(token.norm for token in labels)
        caption = _CAPTION.fullmatch(joined)
        if caption is not None:
            self._caption(labels[0], caption.group(1))
            self.pending = []
            return True
        if (
            self.current is not TableKind.APPEALS
            and joined.startswith(_APPEALS_MARKER)
            and _LITIGATION in joined
        ):
            self._enter(TableKind.APPEALS, labels[0].location)
            self.appeal_tokens = []
            self.pending = []
            return True
        return False

    def paragraph(self, paragraph: Paragraph) -> None:
        """Take a paragraph standing just before a table piece: a caption, or a loose row label."""
        norm = normalize_label(paragraph.text)
        if len(norm) > _LOOSE_MAX_CHARS or _SENTENCE.search(norm):
            return
        caption = _CAPTION.fullmatch(norm)
        if caption is not None:
            self._caption(make_token(paragraph.text, paragraph.location), caption.group(1))
            self.pending = []
        elif self.current is TableKind.REQUESTS:
            self.loose_request_label(norm)

    def _controls(self, labels: list[Token]) -> list[Token]:
        """Act on captions and header labels; return the labels after the last of them."""
        remaining = labels
        header_mode = False  # after 信息内容 (or a caption), column headers follow
        for index, token in enumerate(labels):
            if self._control(token, header_mode=header_mode):
                opens_header = token.norm == _HEADER_MARKER or _CAPTION.search(token.norm) is not None
                header_mode = opens_header or (header_mode and _is_column_header(token.norm))
                remaining = labels[index + 1 :]
                self.pending = []
            else:
                header_mode = False
        return remaining

    def _control(self, token: Token, *, header_mode: bool) -> bool:
        norm = token.norm
        caption = _CAPTION.search(norm)
        if caption is not None:
            self._caption(token, caption.group(1))
            return True
        if norm == _HEADER_MARKER:
            if self.block is not None:
                self.block_headers[self.block.key] = []
            return True
        if header_mode and _is_column_header(norm):
            if self.block is not None:
                self.block_headers.setdefault(self.block.key, []).append(token.text)
            return True
        if self.current is not TableKind.REQUESTS and _REQUESTS_MARKER.search(norm):
            self._enter(TableKind.REQUESTS, token.location)
            self.request_header.append(token)
            return True
        if norm == _APPEALS_MARKER and self.current is not TableKind.APPEALS:
            self._enter(TableKind.APPEALS, token.location)
            self.appeal_tokens = []
            return True
        return False

    def _caption(self, token: Token, item: str) -> None:
        self._enter(TableKind.PROACTIVE, token.location)
        self.block = next((block for block in self.blocks if block.item == item), None)
        if self.block is None:
            self.deviations.append(
                Deviation(
                    kind=DeviationKind.EXTRA_ROW,
                    table=TableKind.PROACTIVE,
                    found=token.text,
                    location=token.location,
                )
            )

    def _enter(self, kind: TableKind, location: SourceLocation) -> None:
        if self.current is not kind:
            self.current = kind
            builder = self.tables[kind]
            if builder.location is None:
                builder.location = location

    def _names_row(self, labels: Sequence[Token]) -> bool:
        """Whether a row whose value cells are all blank still names a template row."""
        text = "".join(token.norm for token in labels)
        if self.current is TableKind.REQUESTS:
            match = self.request_patterns.best(text)
            return match is not None and not match.pattern.target.startswith("group:")
        if self.current is TableKind.PROACTIVE and self.block is not None:
            return best_match(text, self.block_patterns[self.block.key]) is not None
        return False

    # -- 第二十条 table ------------------------------------------------------------------------------

    def _proactive(self, labels: Sequence[Token], values: Sequence[Token]) -> None:
        builder = self.tables[TableKind.PROACTIVE]
        text = "".join(token.norm for token in labels)
        blocks = (self.block,) if self.block is not None else self.blocks
        for block in blocks:
            match = best_match(text, self.block_patterns[block.key])
            if match is None:
                continue
            self.block = block
            key = f"{block.key}.{match.pattern.target}"
            if self._is_subrow_label(text[match.end :]):
                # A local split of a template row (e.g. 其他对外管理服务事项 → 行政检查 / 行政确认).
                builder.split.add(key)
                self._extra(TableKind.PROACTIVE, _raw_label(labels[-1:]), values, labels[-1].location)
                return
            matched = _from_offset(labels, match.start)
            if match.pattern.variant:
                self._variant(TableKind.PROACTIVE, matched, block.rows, match.pattern.target)
            self._place(builder, key, matched, _fit(values, len(block.columns)))
            return
        if labels:
            self._extra(TableKind.PROACTIVE, _raw_label(labels), values, labels[-1].location)

    @staticmethod
    def _is_subrow_label(residual: str) -> bool:
        meaningful = re.sub(r"\(.*?\)|[^\u4e00-\u9fff]", "", residual)
        return len(meaningful) >= _SUBROW_MIN_CHARS

    # -- application table -----------------------------------------------------------------------------

    def _starts_requests(self, labels: Sequence[Token]) -> bool:
        text = "".join(token.norm for token in labels)
        match = self.request_patterns.best(text)
        return match is not None and match.pattern.target in {"new_received", "carried_over"}

    def _request(self, labels: Sequence[Token], values: Sequence[Token]) -> None:
        builder = self.tables[TableKind.REQUESTS]
        if builder.location is None and labels:
            builder.location = labels[0].location
        count = len(APPLICANT_COLUMNS)
        keys = self.request_keys
        text = "".join(token.norm for token in labels)
        match = self.request_patterns.best(text) if text else None
        fitted = _fit(values, count)
        self._record_request(labels, fitted, match)
        if match is None:
            expected = self._expected_request()
            if labels and expected is not None and _resembles(labels[-1].norm, expected.label):
                # A misspelt label in the expected place, e.g. 其他法律行政止公开.
                self._variant(TableKind.REQUESTS, labels[-1:], self.request_specs, expected.key)
                self._place_request(expected.key, labels[-1:], fitted)
                self._named_by_own_label(labels[-1], fitted, expected.key)
                return
            if _raw_label(labels):
                self._extra(TableKind.REQUESTS, _raw_label(labels), values, labels[-1].location)
                return
            position = self.last_request_row + 1
            if position < len(keys):
                if len(fitted) == count + 1:
                    fitted = fitted[1:]  # the label cell was replaced by a value, e.g. "0"
                self._place_request(keys[position], (), fitted, note=_POSITIONAL_NOTE)
            return
        target = match.pattern.target
        labels = _from_offset(labels, match.start)
        if target.startswith("group:"):
            self._request_group(target.removeprefix("group:"), labels, values, fitted)
            return
        if match.pattern.variant:
            self._variant(TableKind.REQUESTS, labels, self.request_specs, target)
        self._place_request(target, labels, fitted)
        if target == keys[-1]:
            self.current = None

    def _expected_request(self) -> RowSpec | None:
        position = self.last_request_row + 1
        return self.request_specs[position] if 0 <= position < len(self.request_specs) else None

    def _request_group(
        self, group: str, labels: Sequence[Token], values: Sequence[Token], fitted: list[Token]
    ) -> None:
        children = [index for index, spec in enumerate(self.request_specs) if spec.group == group]
        count = len(APPLICANT_COLUMNS)
        if len(fitted) == count + 1 and children:
            # The group label's row whose first sub-row label was replaced by a value.
            self._place_request(
                self.request_specs[children[0]].key, labels, fitted[1:], note=_POSITIONAL_NOTE
            )
            return
        self.deviations.append(
            Deviation(
                kind=DeviationKind.LAYOUT,
                table=TableKind.REQUESTS,
                found=_raw_label(labels),
                expected=REQUEST_GROUPS[group] + "及其分项",
                location=labels[-1].location,
            )
        )
        self._extra(TableKind.REQUESTS, _raw_label(labels), values, labels[-1].location)
        if children:
            self.last_request_row = children[-1]

    def _place_request(
        self, key: str, labels: Sequence[Token], values: Sequence[Token], *, note: str | None = None
    ) -> None:
        self._place(self.tables[TableKind.REQUESTS], key, labels, values, note=note)
        self.last_request_row = self.request_index[key]
        if self.recorded:
            self.request_placed[-1] = key
            self.recorded = False

    def _record_request(
        self, labels: Sequence[Token], fitted: Sequence[Token], match: LabelMatch | None
    ) -> None:
        """Keep the row as pieces: its loose labels, then its numbers with what its own label names.

        ``match`` is the walk's match of all of ``labels``, which is the own label's when none is loose.
        """
        self.recorded = False
        if len(fitted) != len(APPLICANT_COLUMNS):
            return  # not a row of the template's cells
        first = _row_of(fitted[0])
        own: list[Token] = []
        loose: dict[tuple[object, ...], list[Token]] = {}
        for token in labels:
            row = _row_of(token)
            if row == first:
                own.append(token)
            else:
                loose.setdefault(row, []).append(token)
        if loose:
            for tokens in loose.values():
                self.loose_request_label("".join(token.norm for token in tokens))
            if len(loose) > 1:
                # A label wrapped over several lines names its row only when joined.
                self.loose_request_label("".join(token.norm for tokens in loose.values() for token in tokens))
            own_text = "".join(token.norm for token in own)
            match = self.request_patterns.best(own_text) if own_text else None
        target = match.pattern.target if match is not None else None
        if target is not None and target.startswith("group:"):
            # A group's own row (the 2019 layout's （六）其他处理 in a 2021 table) stands for all its rows.
            group = target.removeprefix("group:")
            children = [index for index, spec in enumerate(self.request_specs) if spec.group == group]
            if children:
                self.request_items.append(NumberRow(tuple(fitted), group=(children[0], children[-1])))
                self.request_placed.append(_GROUP_ROW)
            return
        position = None if target is None else self.request_index[target]
        self.request_items.append(NumberRow(tuple(fitted), position))
        self.request_placed.append(None)
        self.recorded = True

    def _named_by_own_label(self, label: Token, fitted: Sequence[Token], key: str) -> None:
        """Record that a misspelt label in the number row's own row named it."""
        last = self.request_items[-1] if self.request_items else None
        if isinstance(last, NumberRow) and fitted and _same_row(label, fitted[0]):
            self.request_items[-1] = NumberRow(last.values, self.request_index[key])

    def _leaf_position(self, text: str) -> int | None:
        match = self.request_patterns.best(text) if text else None
        if match is None or match.pattern.target.startswith("group:"):
            return None
        return self.request_index[match.pattern.target]

    def loose_request_label(self, text: str) -> None:
        """Note a label standing apart from numbers in the application table's region."""
        if self.current is not TableKind.REQUESTS:
            return
        position = self._leaf_position(text)
        if position is not None:
            self.request_items.append(LooseLabel(position))

    def _join_request_pieces(self) -> None:
        """Decide rows the walk placed without their own label from all pieces at once."""
        numbers = [item for item in self.request_items if isinstance(item, NumberRow)]
        placed_keys = self.request_placed
        clean = all(
            key == _GROUP_ROW
            or (row.position is not None and key is not None and self.request_index[key] == row.position)
            for row, key in zip(numbers, placed_keys, strict=True)
        )
        if clean or not numbers:
            return
        builder = self.tables[TableKind.REQUESTS]
        for key in placed_keys:
            if key is not None and key != _GROUP_ROW:
                builder.placed.pop(key, None)
        alignment = align_rows(
            self.request_items, len(self.request_specs), _request_check(self.request_specs)
        )
        if not alignment.complete or not any(alignment.positions):
            # Nothing consistent: keep only the rows their own label names.
            for row in numbers:
                if row.position is not None:
                    self._place(builder, self.request_keys[row.position], (), row.values)
            return
        self._place_aligned(numbers, alignment)

    def _place_aligned(self, numbers: Sequence[NumberRow], alignment: Alignment) -> None:
        """Place each number row its one template row; leave rows several could fill unresolved."""
        builder = self.tables[TableKind.REQUESTS]
        taken: dict[int, list[NumberRow]] = {}
        for index, (row, positions) in enumerate(zip(numbers, alignment.positions, strict=True)):
            if row.group is not None:
                continue  # kept as the walk read it: a row of its own beside the template's
            if positions and index in self.request_extras:
                extra, deviation = self.request_extras[index]
                builder.extra.remove(extra)
                self.deviations.remove(deviation)
            for position in positions:
                taken.setdefault(position, []).append(row)
        choices = {
            id(row): len(positions) for row, positions in zip(numbers, alignment.positions, strict=True)
        }
        for position, rows in taken.items():
            key = self.request_keys[position]
            row = rows[0]
            unique = len(rows) == 1 and choices[id(row)] == 1
            if unique:
                self._place(builder, key, (), row.values, note=_JOINED_NOTE)
            else:
                builder.placed[key] = Placed(
                    "",
                    (),
                    row.values[0].location,
                    f"{len(rows)} number rows may belong to this row; labels and equations do not decide",
                    tuple(candidate.values for candidate in rows),
                )

    # -- review / litigation ---------------------------------------------------------------------------

    def _appeals(self, labels: Sequence[Token], values: Sequence[Token], *, has_numbers: bool) -> None:
        if self.appeal_tokens and any(token.norm not in _APPEAL_WORDS for token in labels):
            # Text after the table's numbers: the table is over.
            self._finish_appeals()
            return
        for token in labels:
            self._appeal_variant(token)
        needed = _APPEAL_CELLS - len(self.appeal_tokens)
        if not has_numbers and (labels or len(_fit(values, needed)) != needed):
            return  # a header row, not the row of values (which may be entirely blank)
        self.appeal_tokens.extend(_fit(values, needed))
        if len(self.appeal_tokens) >= _APPEAL_CELLS or any(token.kind is _RUN for token in values):
            self._finish_appeals()

    def _finish_appeals(self) -> None:
        if self.appeal_tokens:
            builder = self.tables[TableKind.APPEALS]
            first = self.appeal_tokens[0]
            builder.placed["appeals"] = Placed("", tuple(self.appeal_tokens), first.location)
        self.current = None

    def _appeal_variant(self, token: Token) -> None:
        for column in APPEAL_COLUMNS:
            if token.norm in column.variants:
                self._label_variant(TableKind.APPEALS, token, column.label)

    # -- shared -----------------------------------------------------------------------------------

    def _place(
        self,
        builder: TableBuilder,
        key: str,
        labels: Sequence[Token],
        values: Sequence[Token],
        *,
        note: str | None = None,
    ) -> None:
        location = labels[-1].location if labels else (values[0].location if values else None)
        builder.placed[key] = Placed(_raw_label(labels), tuple(values), location, note)

    def _extra(self, table: TableKind, label: str, values: Sequence[Token], location: SourceLocation) -> None:
        kept = [token for token in values if token.kind is not _BLANK] or list(values)
        cells = tuple(token_cell(None, token) for token in kept)
        row = Row(key=None, label=label, cells=cells, location=location)
        deviation = Deviation(kind=DeviationKind.EXTRA_ROW, table=table, found=label, location=location)
        self.tables[table].extra.append(row)
        self.deviations.append(deviation)
        if table is TableKind.REQUESTS and self.recorded:
            # The numbers may yet be placed when the table's pieces are joined.
            self.request_extras[len(self.request_placed) - 1] = (row, deviation)
            self.recorded = False

    def _variant(
        self, table: TableKind, labels: Sequence[Token], specs: Sequence[RowSpec], target: str
    ) -> None:
        expected = next((spec.label for spec in specs if spec.key == target), None)
        self.deviations.append(
            Deviation(
                kind=DeviationKind.LABEL_VARIANT,
                table=table,
                found=_raw_label(labels),
                expected=expected,
                location=labels[-1].location if labels else None,
            )
        )

    def _label_variant(self, table: TableKind, token: Token, expected: str) -> None:
        self.deviations.append(
            Deviation(
                kind=DeviationKind.LABEL_VARIANT,
                table=table,
                found=token.text,
                expected=expected,
                location=token.location,
            )
        )

    # -- after the walk ---------------------------------------------------------------------------

    def finish(self) -> None:
        """Close a table left open at the end of the document and record header and row deviations."""
        if self.current is TableKind.APPEALS:
            self._finish_appeals()
        self._join_request_pieces()
        for token in self.request_header:
            for column in APPLICANT_COLUMNS:
                if token.norm in column.variants:
                    self._label_variant(TableKind.REQUESTS, token, column.label)
        for block in self.blocks:
            for column in block.columns:
                header = self.block_headers.get(block.key, [])
                found = next((text for text in header if _unit_annotated(text, column)), None)
                if found is not None:
                    self.deviations.append(
                        Deviation(
                            kind=DeviationKind.UNIT,
                            table=TableKind.PROACTIVE,
                            found=found,
                            expected=column.label,
                        )
                    )
        self._missing_rows()

    def _missing_rows(self) -> None:
        proactive = self.tables[TableKind.PROACTIVE]
        if proactive.placed:
            for block in self.blocks:
                for spec in block.rows:
                    key = f"{block.key}.{spec.key}"
                    if key not in proactive.placed and key not in proactive.split:
                        self._missing_row(TableKind.PROACTIVE, spec.label)
        requests = self.tables[TableKind.REQUESTS]
        if requests.placed:
            for spec in self.request_specs:
                if spec.key not in requests.placed:
                    self._missing_row(TableKind.REQUESTS, spec.label)

    def _missing_row(self, table: TableKind, label: str) -> None:
        self.deviations.append(
            Deviation(kind=DeviationKind.MISSING_ROW, table=table, found="", expected=label)
        )


def _marked_blank_row(values: Sequence[Token]) -> bool:
    """Whether a row's cells are all marked blank (-, /), one per applicant column: a row of the table."""
    fitted = _fit(values, len(APPLICANT_COLUMNS))
    return len(fitted) == len(APPLICANT_COLUMNS) and all(
        token.kind is _BLANK and token.text.strip() for token in fitted
    )


def _row_of(token: Token) -> tuple[object, ...]:
    """The grid row a token stands in, or its text line when it stands in no grid."""
    location = token.location
    if location.row is not None:
        return (location.page, location.table, location.row)
    return (location.page, location.line)


def _same_row(token: Token, value: Token) -> bool:
    """Whether a label stands in the same row (grid row, or text line) as a value."""
    return _row_of(token) == _row_of(value)


def _request_check(specs: Sequence[RowSpec]) -> Callable[[Mapping[int, Sequence[int | None]]], bool | None]:
    """The application table's column equations on rows given by template index.

    ``True`` when every equation can be checked and holds, ``False`` when one
    fails, ``None`` when those that can be checked hold and some cannot.
    """
    index = {spec.key: position for position, spec in enumerate(specs)}
    results = [index[spec.key] for spec in specs if spec.key not in _BALANCE_ROWS]
    balance = [index[key] for key in _BALANCE_ROWS]
    processed = index["total_processed"]

    def check(rows: Mapping[int, Sequence[int | None]]) -> bool | None:
        complete = True
        for column in range(len(APPLICANT_COLUMNS)):
            new, carried, done, forward = (rows[row][column] if row in rows else None for row in balance)
            if new is None or carried is None or done is None or forward is None:
                complete = False
            elif new + carried != done + forward:
                return False
            parts = [rows[row][column] if row in rows else None for row in results]
            total = rows[processed][column] if processed in rows else None
            known = [part for part in parts if part is not None]
            if total is None or len(known) < len(parts):
                complete = False
            elif sum(known) != total:
                return False
        return complete if complete else None

    return check


def _resembles(label: str, official: str) -> bool:
    """Whether ``label`` is close enough to ``official`` to be a misspelling of it."""
    return SequenceMatcher(None, label, normalize_label(official)).ratio() >= _RESEMBLANCE


def _unit_annotated(text: str, column: ColumnSpec) -> bool:
    """Whether a column header adds a unit to the template's wording, e.g. 采购总金额（元）."""
    norm = normalize_label(text)
    if norm == normalize_label(column.label) or not any(pattern in norm for pattern in column.patterns):
        return False
    return "元" in norm.split(column.patterns[0], 1)[-1]


def _table_rows(
    document: Document, paragraphs: Sequence[Paragraph]
) -> tuple[list[list[Token] | _Loose], TemplateVersion]:
    rows: list[list[Token] | _Loose] = list(_grid_rows(document))
    version = detect_template([token.norm for row in rows for token in _row_tokens(row)])
    if version is None:
        rows = list(inline_rows(paragraphs))
        version = detect_template([token.norm for row in rows for token in _row_tokens(row)])
    if version is None:
        message = "no 政府信息公开工作年度报告 tables found: this does not look like an annual report"
        if _titled_as_report(paragraphs):
            message = (
                "no 政府信息公开工作年度报告 tables found, although the text reads as an annual report:"
                " its tables are missing from the input (tables given as images, or left out when the"
                " text was extracted); parse the original file instead"
            )
        if _traditional(document):
            message += (
                f" (the text was decoded as {document.encoding}, traditional Chinese: the templates' labels"
                " are matched in simplified Chinese; convert the text to simplified characters first)"
            )
        raise StructureError(message, location=SourceLocation(source=document.source))
    return rows, version


_REPORT_TITLE = re.compile(r"政府信息公开.{0,6}年度报告")


def _titled_as_report(paragraphs: Sequence[Paragraph]) -> bool:
    """Whether the opening paragraphs name the text a 政府信息公开工作年度报告."""
    return any(_REPORT_TITLE.search(paragraph.text) for paragraph in paragraphs[:_TITLE_PARAGRAPHS])


def _walk(rows: Sequence[list[Token] | _Loose], version: TemplateVersion) -> _Walker:
    walker = _Walker(version=version)
    for index, row in enumerate(rows):
        if not index & _CLOCK_EVERY:
            check_deadline()
        if isinstance(row, _Loose):
            if row.leads_in:
                walker.paragraph(row.paragraph)
        else:
            walker.feed(row)
    walker.finish()
    return walker


def _tables_from_text(walker: _Walker, paragraphs: Sequence[Paragraph]) -> None:
    """Read a standard table that no grid holds from the running text, as page text gives it."""
    absent = [kind for kind, builder in walker.tables.items() if not builder.placed]
    if not absent:
        return
    text = _walk(list(inline_rows(paragraphs)), walker.version)
    for kind in absent:
        if text.tables[kind].placed:
            walker.tables[kind] = text.tables[kind]
            walker.deviations.extend(deviation for deviation in text.deviations if deviation.table is kind)


def _traditional(document: Document) -> bool:
    return (document.encoding or "").startswith("big5")


def _encoding_deviations(document: Document) -> tuple[Deviation, ...]:
    """A report read from Big5 text is a best effort: say so (R-G-08 reports it)."""
    if not _traditional(document):
        return ()
    return (
        Deviation(
            kind=DeviationKind.LAYOUT,
            table=None,
            found=f"text in {document.encoding} (traditional Chinese)",
            expected="simplified Chinese (UTF-8 or GB18030)",
            location=SourceLocation(source=document.source),
        ),
    )


def _unread_deviations(document: Document) -> tuple[Deviation, ...]:
    """The parts of the input that were not read (pictures of tables): R-G-08 reports them."""
    return tuple(
        Deviation(
            kind=DeviationKind.NOT_READ,
            table=None,
            found=f"{unread.what}: {unread.reason}",
            location=unread.location,
        )
        for unread in document.unread
    )


def assemble(
    document: Document,
    *,
    data: bytes | None = None,
    library_version: str = "",
    backends: tuple[tuple[str, str], ...] = (),
) -> Report:
    """Turn a parsed :class:`~govinfo_report.document.Document` into a :class:`~govinfo_report.Report`.

    Args:
        document: The parser output.
        data: The input bytes, for the provenance hash.
        library_version: Version recorded in the provenance.
        backends: ``(name, version)`` of the libraries that read the input.

    Parts of the input the reader could not read (``document.unread``) are
    recorded as deviations when a table is incomplete: they may be where
    its missing cells are.

    Raises:
        StructureError: No standard table was found.
    """
    paragraphs = [block for block in document.blocks if isinstance(block, Paragraph)]
    rows, version = _table_rows(document, paragraphs)
    walker = _walk(rows, version)
    if any(isinstance(row, _Loose) for row in rows):
        _tables_from_text(walker, paragraphs)
    narrative_text = tuple(paragraph.text for paragraph in paragraphs)
    context = BlockContext(
        header=(), version=version, narrative=narrative_text, figures=NarrativeFigures(narrative_text)
    )
    money = {
        block.key: attrs.evolve(context, header=tuple(walker.block_headers.get(block.key, ())))
        for block in walker.blocks
    }
    narrative = read_narrative(paragraphs, fallback_title=document.title)
    report = Report(
        title=narrative.title,
        agency=narrative.agency,
        year=narrative.year,
        template=version,
        preamble=narrative.preamble,
        sections=narrative.sections,
        proactive=build_proactive(walker.tables[TableKind.PROACTIVE], walker.version, money),
        requests=build_requests(walker.tables[TableKind.REQUESTS], walker.version),
        appeals=build_appeals(walker.tables[TableKind.APPEALS], narrative_text),
        deviations=(*_encoding_deviations(document), *walker.deviations),
        provenance=Provenance(
            source=document.source,
            format=document.format,
            sha256=hashlib.sha256(data).hexdigest() if data is not None else "",
            encoding=document.encoding,
            library_version=library_version,
            backends=backends,
            pages=document.pages,
        ),
    )
    unread = _unread_deviations(document)
    if unread and not all(table.complete for table in report.completeness.tables):
        report = attrs.evolve(report, deviations=(*report.deviations, *unread))
    return report
