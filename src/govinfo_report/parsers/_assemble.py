"""Documents into reports: the one place that knows the templates' tables.

The assembler walks the rows of every table grid in document order and
recognises the three standard tables by their captions and labels, never by
their position in the document.  Rows are matched by normalised label
(:mod:`govinfo_report.parsers._match`); a row without a usable label is placed
by position only inside a recognised block, e.g. the sub-rows of （三）不予公开
whose label cells a converter replaced by ``0``.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from govinfo_report.errors import SourceLocation, StructureError
from govinfo_report.model import (
    Cell,
    CellState,
    Deviation,
    DeviationKind,
    Provenance,
    Report,
    Row,
    Table,
    TableKind,
    TemplateVersion,
)
from govinfo_report.model.labels import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    REQUEST_GROUPS,
    ColumnSpec,
    ProactiveBlock,
    RowSpec,
    proactive_blocks,
    request_rows,
)
from govinfo_report.parsers._blocks import Document, Paragraph, TableGrid
from govinfo_report.parsers._match import Pattern, best_match, compile_patterns
from govinfo_report.parsers._narrative import read_narrative
from govinfo_report.parsers._normalize import is_placeholder, normalize_label, parse_number
from govinfo_report.parsers._version import detect_template

__all__ = ["assemble"]


class _Kind(enum.Enum):
    LABEL = "label"
    VALUE = "value"
    BLANK = "blank"


@attrs.frozen
class _Token:
    text: str
    norm: str
    kind: _Kind
    location: SourceLocation


@attrs.frozen
class _Assigned:
    """Value tokens placed in a template row."""

    label: str
    values: tuple[_Token, ...]
    location: SourceLocation | None
    note: str | None = None


_CAPTION = re.compile(r"第二十条第\(([一二三四五六七八九十]+)\)项")
_NUMERIC_CHARS = re.compile(r"^[+\-]?[\d,.]+(?:万元|元|件|项|条|个)?$")
_REQUESTS_MARKERS = ("本列数据的勾稽关系", "申请人情况")
_APPEALS_MARKER = "行政复议"
_HEADER_MARKER = "信息内容"
_APPEAL_CELLS = len(APPEAL_GROUPS) * len(APPEAL_COLUMNS)
_SUBROW_MIN_CHARS = 2


def _classify(text: str) -> _Kind:
    norm = normalize_label(text)
    if not norm or norm.strip("-/") == "":
        return _Kind.BLANK
    if _NUMERIC_CHARS.match(norm) or is_placeholder(text):
        return _Kind.VALUE
    return _Kind.LABEL


def _rows(document: Document) -> Iterator[list[_Token]]:
    for block in document.blocks:
        if not isinstance(block, TableGrid):
            continue
        for grid_row in block.rows:
            yield [
                _Token(cell.text, normalize_label(cell.text), _classify(cell.text), cell.location)
                for cell in grid_row
                if not cell.spanned
            ]


def _fit(values: Sequence[_Token], count: int) -> list[_Token]:
    """Drop blank cells at the ends (label-column padding, trailing tabs) beyond ``count``."""
    fitted = list(values)
    while len(fitted) > count and fitted[-1].kind is _Kind.BLANK:
        fitted.pop()
    while len(fitted) > count and fitted[0].kind is _Kind.BLANK:
        fitted.pop(0)
    return fitted


def _from_offset(tokens: Sequence[_Token], start: int) -> list[_Token]:
    """Return the label tokens whose normalised text reaches past offset ``start`` of their join."""
    kept: list[_Token] = []
    offset = 0
    for token in tokens:
        offset += len(token.norm)
        if offset > start:
            kept.append(token)
    return kept


def _raw_label(tokens: Sequence[_Token]) -> str:
    return "".join(token.text.strip() for token in tokens if token.kind is _Kind.LABEL)


@attrs.define
class _TableState:
    """What has been read of one table so far."""

    assigned: dict[str, _Assigned] = attrs.field(factory=dict)
    extra: list[Row] = attrs.field(factory=list)
    split: set[str] = attrs.field(factory=set)
    location: SourceLocation | None = None
    last_row: int = -1


@attrs.define
class _Assembler:
    version: TemplateVersion
    source: str | None
    paragraphs: Sequence[Paragraph]
    blocks: tuple[ProactiveBlock, ...] = attrs.field(init=False)
    request_specs: tuple[RowSpec, ...] = attrs.field(init=False)
    deviations: list[Deviation] = attrs.field(factory=list)
    tables: dict[TableKind, _TableState] = attrs.field(factory=dict)
    current: TableKind | None = None
    block: ProactiveBlock | None = None
    block_headers: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    pending: list[_Token] = attrs.field(factory=list)
    appeal_values: list[_Token] = attrs.field(factory=list)
    request_header: list[_Token] = attrs.field(factory=list)

    def __attrs_post_init__(self) -> None:
        self.blocks = proactive_blocks(self.version)
        self.request_specs = request_rows(self.version)
        self.tables = {kind: _TableState() for kind in TableKind}

    # -- patterns -------------------------------------------------------------------------------

    def _block_patterns(self, block: ProactiveBlock) -> tuple[Pattern, ...]:
        return compile_patterns((row.key, row.patterns, row.variants) for row in block.rows)

    def _request_patterns(self) -> tuple[Pattern, ...]:
        groups = [(f"group:{group}", (group,), ()) for group in REQUEST_GROUPS]
        if self.version is TemplateVersion.V2019:
            groups = [entry for entry in groups if entry[0] != "group:其他处理"]
        rows = [(row.key, row.patterns, row.variants) for row in self.request_specs]
        return compile_patterns([*groups, *rows])

    # -- walking --------------------------------------------------------------------------------

    def feed(self, row: list[_Token]) -> None:
        labels = [token for token in row if token.kind is _Kind.LABEL]
        last_label = max((index for index, token in enumerate(row) if token.kind is _Kind.LABEL), default=-1)
        values = row[last_label + 1 :]
        if labels and self._control(labels, values):
            self.pending = []
            return
        has_numbers = any(token.kind is _Kind.VALUE for token in values)
        if self.current is TableKind.APPEALS:
            if has_numbers and not labels:
                self._appeal_values(values)
            return
        if not has_numbers and not (labels and values and self._label_is_row(labels)):
            self.pending.extend(labels)
            if self.current is TableKind.REQUESTS:
                self.request_header.extend(labels)
            return
        label_tokens = [*self.pending, *labels]
        self.pending = []
        if self.current is TableKind.PROACTIVE:
            self._proactive(label_tokens, values)
        elif self.current is TableKind.REQUESTS or (self.current is None and self._request_row(label_tokens)):
            self.current = TableKind.REQUESTS
            self._request(label_tokens, values)

    def _label_is_row(self, labels: Sequence[_Token]) -> bool:
        """Whether a row whose value cells are all blank still names a template row."""
        text = "".join(token.norm for token in labels)
        if self.current is TableKind.REQUESTS:
            match = best_match(text, self._request_patterns())
            return match is not None and not match.pattern.target.startswith("group:")
        if self.current is TableKind.PROACTIVE and self.block is not None:
            return best_match(text, self._block_patterns(self.block)) is not None
        return False

    def _control(self, labels: Sequence[_Token], values: Sequence[_Token]) -> bool:
        """Handle captions and header rows; return whether the row was one."""
        norms = [token.norm for token in labels]
        joined = "".join(norms)
        caption = _CAPTION.search(joined)
        if caption is not None:
            self._enter(TableKind.PROACTIVE, labels[0].location)
            self.block = next((block for block in self.blocks if block.item == caption.group(1)), None)
            if self.block is None:
                self.deviations.append(
                    Deviation(
                        kind=DeviationKind.EXTRA_ROW,
                        table=TableKind.PROACTIVE,
                        found=_raw_label(labels),
                        location=labels[0].location,
                    )
                )
            header_at = next((i for i, norm in enumerate(norms) if norm == _HEADER_MARKER), None)
            if header_at is not None and self.block is not None:
                self.block_headers[self.block.key] = tuple(token.text for token in labels[header_at + 1 :])
            return True
        if norms and norms[0] == _HEADER_MARKER:
            if self.block is not None:
                self.block_headers[self.block.key] = tuple(token.text for token in labels[1:])
            return True
        if any(marker in joined for marker in _REQUESTS_MARKERS) and not any(
            token.kind is _Kind.VALUE for token in values
        ):
            self._enter(TableKind.REQUESTS, labels[0].location)
            self.request_header.extend(labels)
            return True
        if _APPEALS_MARKER in norms:
            self._enter(TableKind.APPEALS, labels[0].location)
            self.appeal_values = []
            self.tables[TableKind.APPEALS].assigned.pop("appeals", None)
            return True
        if self.current is TableKind.APPEALS:
            self._appeal_header(labels)
        return False

    def _enter(self, kind: TableKind, location: SourceLocation) -> None:
        if self.current is not kind:
            self.current = kind
            state = self.tables[kind]
            if state.location is None:
                state.location = location

    # -- proactive --------------------------------------------------------------------------------

    def _proactive(self, labels: Sequence[_Token], values: Sequence[_Token]) -> None:
        state = self.tables[TableKind.PROACTIVE]
        text = "".join(token.norm for token in labels)
        blocks = (self.block,) if self.block is not None else self.blocks
        for block in blocks:
            match = best_match(text, self._block_patterns(block))
            if match is None:
                continue
            self._enter(TableKind.PROACTIVE, labels[0].location)
            self.block = block
            key = f"{block.key}.{match.pattern.target}"
            residual = text[match.end :]
            if self._is_subrow_label(residual):
                # A local split of a template row (e.g. 其他对外管理服务事项 → 行政检查 / 行政确认).
                state.split.add(key)
                self._extra(TableKind.PROACTIVE, _raw_label(labels[-1:]), values, labels[-1].location)
                return
            matched = _from_offset(labels, match.start)
            if match.pattern.variant:
                self._variant(TableKind.PROACTIVE, matched, block.rows, match.pattern.target)
            self._assign(state, key, matched, values, len(block.columns))
            return
        if labels:
            self._extra(TableKind.PROACTIVE, _raw_label(labels), values, labels[-1].location)

    @staticmethod
    def _is_subrow_label(residual: str) -> bool:
        meaningful = re.sub(r"\(.*?\)|[^\u4e00-\u9fff]", "", residual)
        return len(meaningful) >= _SUBROW_MIN_CHARS

    # -- requests ---------------------------------------------------------------------------------

    def _request_row(self, labels: Sequence[_Token]) -> bool:
        text = "".join(token.norm for token in labels)
        match = best_match(text, self._request_patterns())
        return match is not None and match.pattern.target in {"new_received", "carried_over"}

    def _request(self, labels: Sequence[_Token], values: Sequence[_Token]) -> None:
        state = self.tables[TableKind.REQUESTS]
        if state.location is None and labels:
            state.location = labels[0].location
        count = len(APPLICANT_COLUMNS)
        text = "".join(token.norm for token in labels)
        match = best_match(text, self._request_patterns()) if text else None
        keys = [spec.key for spec in self.request_specs]
        if match is None:
            fitted = _fit(values, count)
            label_text = _raw_label(labels)
            if label_text:
                self._extra(TableKind.REQUESTS, label_text, values, labels[-1].location)
                return
            position = state.last_row + 1
            if position >= len(keys):
                return
            if len(fitted) == count + 1:
                fitted = fitted[1:]  # the label cell was replaced by a value, e.g. "0"
            self._assign(
                state, keys[position], (), fitted, count, note="row placed by position within its block"
            )
            return
        target = match.pattern.target
        labels = _from_offset(labels, match.start)
        if target.startswith("group:"):
            group = target.removeprefix("group:")
            children = [index for index, spec in enumerate(self.request_specs) if spec.group == group]
            fitted = _fit(values, count)
            if len(fitted) == count + 1 and children:
                self._assign(
                    state,
                    keys[children[0]],
                    labels,
                    fitted[1:],
                    count,
                    note="row placed by position within its block",
                )
            else:
                self.deviations.append(
                    Deviation(
                        kind=DeviationKind.LAYOUT,
                        table=TableKind.REQUESTS,
                        found=_raw_label(labels),
                        expected=REQUEST_GROUPS[group] + " (sub-rows)",
                        location=labels[-1].location,
                    )
                )
                self._extra(TableKind.REQUESTS, _raw_label(labels), values, labels[-1].location)
                if children:
                    state.last_row = children[-1]
            return
        if match.pattern.variant:
            self._variant(TableKind.REQUESTS, labels, self.request_specs, target)
        self._assign(state, target, labels, values, count)
        if target == keys[-1]:
            self.current = None

    # -- appeals ----------------------------------------------------------------------------------

    def _appeal_header(self, labels: Sequence[_Token]) -> None:
        for token in labels:
            for column in APPEAL_COLUMNS:
                if token.norm in column.variants:
                    self.deviations.append(
                        Deviation(
                            kind=DeviationKind.LABEL_VARIANT,
                            table=TableKind.APPEALS,
                            found=token.text,
                            expected=column.label,
                            location=token.location,
                        )
                    )

    def _appeal_values(self, values: Sequence[_Token]) -> None:
        needed = _APPEAL_CELLS - len(self.appeal_values)
        if needed <= 0:
            return
        self.appeal_values.extend(_fit(values, needed)[:needed])
        if len(self.appeal_values) == _APPEAL_CELLS:
            state = self.tables[TableKind.APPEALS]
            state.assigned["appeals"] = _Assigned("", tuple(self.appeal_values), self.appeal_values[0].location)
            self.current = None

    # -- shared -----------------------------------------------------------------------------------

    def _assign(
        self,
        state: _TableState,
        key: str,
        labels: Sequence[_Token],
        values: Sequence[_Token],
        count: int,
        *,
        note: str | None = None,
    ) -> None:
        fitted = _fit(values, count)
        location = labels[-1].location if labels else (fitted[0].location if fitted else None)
        state.assigned[key] = _Assigned(_raw_label(labels), tuple(fitted), location, note)
        order = [spec.key for spec in self.request_specs]
        if key in order:
            state.last_row = order.index(key)

    def _extra(self, table: TableKind, label: str, values: Sequence[_Token], location: SourceLocation) -> None:
        fitted = [token for token in values if token.kind is not _Kind.BLANK] or list(values)
        cells = tuple(_cell(None, token, money=False) for token in fitted)
        self.tables[table].extra.append(Row(key=None, label=label, cells=cells, location=location))
        self.deviations.append(Deviation(kind=DeviationKind.EXTRA_ROW, table=table, found=label, location=location))

    def _variant(self, table: TableKind, labels: Sequence[_Token], specs: Sequence[RowSpec], target: str) -> None:
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

    # -- building ---------------------------------------------------------------------------------

    def build_proactive(self) -> Table:
        state = self.tables[TableKind.PROACTIVE]
        rows: list[Row] = []
        for block in self.blocks:
            header = self.block_headers.get(block.key, ())
            for spec in block.rows:
                key = f"{block.key}.{spec.key}"
                assigned = state.assigned.get(key)
                cells = []
                for position, column in enumerate(block.columns):
                    cell_key = f"{TableKind.PROACTIVE}.{key}.{column.key}"
                    token = _value_at(assigned, position, len(block.columns))
                    if column.money:
                        cells.append(self._money_cell(cell_key, token, column, header))
                    elif token is None:
                        cells.append(_missing(cell_key, assigned))
                    else:
                        cells.append(_cell(cell_key, token, money=False, note=assigned.note if assigned else None))
                rows.append(
                    Row(
                        key=key,
                        label=assigned.label if assigned else "",
                        cells=tuple(cells),
                        location=assigned.location if assigned else None,
                    )
                )
                if assigned is None and key not in state.split and state.assigned:
                    self._missing_row(TableKind.PROACTIVE, spec.label)
        return Table(kind=TableKind.PROACTIVE, rows=tuple(rows), extra_rows=tuple(state.extra), location=state.location)

    def build_requests(self) -> Table:
        state = self.tables[TableKind.REQUESTS]
        count = len(APPLICANT_COLUMNS)
        rows: list[Row] = []
        for spec in self.request_specs:
            assigned = state.assigned.get(spec.key)
            cells = []
            for position, column in enumerate(APPLICANT_COLUMNS):
                cell_key = f"{TableKind.REQUESTS}.{spec.key}.{column.key}"
                token = _value_at(assigned, position, count)
                if token is None:
                    cells.append(_missing(cell_key, assigned))
                else:
                    cells.append(_cell(cell_key, token, money=False, note=assigned.note if assigned else None))
            rows.append(
                Row(
                    key=spec.key,
                    label=assigned.label if assigned else "",
                    cells=tuple(cells),
                    location=assigned.location if assigned else None,
                )
            )
            if assigned is None and state.assigned:
                self._missing_row(TableKind.REQUESTS, spec.label)
        for token in self.request_header:
            for column in APPLICANT_COLUMNS:
                if token.norm in column.variants:
                    self.deviations.append(
                        Deviation(
                            kind=DeviationKind.LABEL_VARIANT,
                            table=TableKind.REQUESTS,
                            found=token.text,
                            expected=column.label,
                            location=token.location,
                        )
                    )
        return Table(kind=TableKind.REQUESTS, rows=tuple(rows), extra_rows=tuple(state.extra), location=state.location)

    def build_appeals(self) -> Table:
        state = self.tables[TableKind.APPEALS]
        assigned = state.assigned.get("appeals")
        rows: list[Row] = []
        for group_index, group in enumerate(APPEAL_GROUPS):
            cells = []
            for column_index, column in enumerate(APPEAL_COLUMNS):
                cell_key = f"{TableKind.APPEALS}.{group.key}.{column.key}"
                position = group_index * len(APPEAL_COLUMNS) + column_index
                token = _value_at(assigned, position, _APPEAL_CELLS)
                cells.append(_missing(cell_key, assigned) if token is None else _cell(cell_key, token, money=False))
            rows.append(Row(key=group.key, label=group.label, cells=tuple(cells), location=None))
        return Table(kind=TableKind.APPEALS, rows=tuple(rows), location=state.location)

    def _missing_row(self, table: TableKind, label: str) -> None:
        self.deviations.append(Deviation(kind=DeviationKind.MISSING_ROW, table=table, found="", expected=label))

    def _money_cell(
        self, key: str, token: _Token | None, column: ColumnSpec, header: tuple[str, ...]
    ) -> Cell:
        if token is None:
            return Cell(key=key, state=CellState.MISSING)
        parsed = parse_number(token.text, allow_decimal=True)
        header_unit = _header_unit(header, column)
        unit = parsed.unit or header_unit
        if unit is None and parsed.value is not None:
            unit = _narrative_unit(token.text, self.paragraphs)
        if unit is None and self.version is TemplateVersion.V2021:
            unit = "万元"  # the 2021 template prints the unit in the column header
        if header_unit is not None:
            self.deviations.append(
                Deviation(
                    kind=DeviationKind.UNIT,
                    table=TableKind.PROACTIVE,
                    found=next((text for text in header if column.patterns[0] in normalize_label(text)), ""),
                    expected=column.label,
                    location=token.location,
                )
            )
        value = parsed.value
        if value is not None:
            value = Decimal(value) * (10000 if unit == "万元" else 1)
            value = value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1))
        return Cell(key=key, value=value, raw=token.text, state=parsed.state, unit=unit, location=token.location)


def _value_at(assigned: _Assigned | None, position: int, count: int) -> _Token | None:
    if assigned is None or len(assigned.values) != count:
        return None
    return assigned.values[position]


def _missing(key: str, assigned: _Assigned | None) -> Cell:
    if assigned is None:
        return Cell(key=key, state=CellState.MISSING)
    raw = " ".join(token.text.strip() for token in assigned.values)
    return Cell(
        key=key,
        raw=raw,
        state=CellState.UNRESOLVED,
        location=assigned.location,
        note=f"row has {len(assigned.values)} value cells where the template has a different number",
    )


def _cell(key: str | None, token: _Token, *, money: bool, note: str | None = None) -> Cell:
    parsed = parse_number(token.text, allow_decimal=money)
    return Cell(
        key=key,
        value=parsed.value,
        raw=token.text,
        state=parsed.state,
        unit=parsed.unit,
        location=token.location,
        note=note,
    )


_UNIT_IN_HEADER = re.compile(r"\((?:单位:)?(万元|元)")


def _header_unit(header: tuple[str, ...], column: ColumnSpec) -> str | None:
    for text in header:
        norm = normalize_label(text)
        if any(pattern in norm for pattern in column.patterns):
            found = _UNIT_IN_HEADER.search(norm)
            if found is not None:
                return found.group(1)
    return None


def _narrative_unit(raw: str, paragraphs: Sequence[Paragraph]) -> str | None:
    number = normalize_label(raw)
    pattern = re.compile(re.escape(number) + r"\s*(万元|元)")
    for paragraph in paragraphs:
        found = pattern.search(paragraph.text)
        if found is not None:
            return found.group(1)
    return None


def assemble(document: Document, *, data: bytes | None = None, library_version: str = "") -> Report:
    """Turn a parsed :class:`Document` into a :class:`Report`.

    Args:
        document: The parser output.
        data: The input bytes, for the provenance hash.
        library_version: Version recorded in the provenance.

    Raises:
        StructureError: No standard table was found.
    """
    rows = list(_rows(document))
    paragraphs = [block for block in document.blocks if isinstance(block, Paragraph)]
    version = detect_template(token.norm for row in rows for token in row)
    if version is None:
        raise StructureError(
            "no 政府信息公开工作年度报告 tables found: this does not look like an annual report",
            location=SourceLocation(source=document.source),
        )
    assembler = _Assembler(version=version, source=document.source, paragraphs=paragraphs)
    for row in rows:
        assembler.feed(row)
    proactive = assembler.build_proactive()
    requests = assembler.build_requests()
    appeals = assembler.build_appeals()
    narrative = read_narrative(paragraphs, fallback_title=document.title)
    provenance = Provenance(
        source=document.source,
        format=document.format,
        sha256=hashlib.sha256(data).hexdigest() if data is not None else "",
        encoding=document.encoding,
        library_version=library_version,
    )
    return Report(
        title=narrative.title,
        agency=narrative.agency,
        year=narrative.year,
        template=version,
        preamble=narrative.preamble,
        sections=narrative.sections,
        proactive=proactive,
        requests=requests,
        appeals=appeals,
        deviations=tuple(assembler.deviations),
        provenance=provenance,
    )
