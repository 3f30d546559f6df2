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
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher
from functools import cache

import attrs

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
from govinfo_report.assembly._labels import Pattern, PatternIndex, best_match, compile_patterns
from govinfo_report.assembly._narrative import read_narrative
from govinfo_report.assembly._normalize import normalize_label
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
    REQUEST_GROUPS,
    ColumnSpec,
    ProactiveBlock,
    RowSpec,
    proactive_blocks,
    request_rows,
)

__all__ = ["assemble"]

# "第二十条第（一）项", also written without the brackets ("第二十条第一项").
_CAPTION = re.compile(r"第二十条第\(?([一二三四五六七八九十]+)\)?项")
_REQUESTS_MARKERS = ("本列数据的勾稽关系", "申请人情况")
_REQUESTS_MARKER = re.compile("|".join(map(re.escape, _REQUESTS_MARKERS)))
_APPEALS_MARKER = "行政复议"
_HEADER_MARKER = "信息内容"
_APPEAL_CELLS = len(APPEAL_GROUPS) * len(APPEAL_COLUMNS)
_SUBROW_MIN_CHARS = 2
_RESEMBLANCE = 0.75
_POSITIONAL_NOTE = "row placed by position within its block"
# Token kinds as plain names for the tests made on every token: looking a member up on
# its Enum class costs several times more than reading a global name (Python 3.11).
_LABEL = TokenKind.LABEL
_BLANK = TokenKind.BLANK
_VALUE = TokenKind.VALUE
_RUN = TokenKind.RUN


def _grid_rows(document: Document) -> Iterator[list[Token]]:
    for block in document.blocks:
        if not isinstance(block, TableGrid):
            continue
        for grid_row in block.rows:
            yield [
                make_token(cell.text, cell.location, None, cell.candidates)
                for cell in grid_row
                if not cell.spanned
            ]


def _fit(values: Sequence[Token], count: int) -> list[Token]:
    """Drop blank cells at the ends (label-column padding, trailing tabs) beyond ``count``."""
    fitted = list(values)
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
) | {"行政诉讼", _APPEALS_MARKER}


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
    groups = [(f"group:{group}", (group,), ()) for group in REQUEST_GROUPS]
    if version is TemplateVersion.V2019:
        groups = [entry for entry in groups if entry[0] != "group:其他处理"]
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
        labels = self._controls(row_labels)
        has_numbers = any(token.kind is _VALUE or token.kind is _RUN for token in values)
        if self.current is TableKind.APPEALS:
            self._appeals(labels, values, has_numbers=has_numbers)
            return
        if not has_numbers and not (labels and values and self._names_row(labels)):
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
        if match is None:
            expected = self._expected_request()
            if labels and expected is not None and _resembles(labels[-1].norm, expected.label):
                # A misspelt label in the expected place, e.g. 其他法律行政止公开.
                self._variant(TableKind.REQUESTS, labels[-1:], self.request_specs, expected.key)
                self._place_request(expected.key, labels[-1:], fitted)
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
                expected=REQUEST_GROUPS[group] + " (sub-rows)",
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
        self.tables[table].extra.append(Row(key=None, label=label, cells=cells, location=location))
        self.deviations.append(
            Deviation(kind=DeviationKind.EXTRA_ROW, table=table, found=label, location=location)
        )

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
) -> tuple[list[list[Token]], TemplateVersion]:
    rows = list(_grid_rows(document))
    version = detect_template([token.norm for row in rows for token in row])
    if version is None:
        rows = list(inline_rows(paragraphs))
        version = detect_template([token.norm for row in rows for token in row])
    if version is None:
        message = "no 政府信息公开工作年度报告 tables found: this does not look like an annual report"
        if _traditional(document):
            message += (
                f" (the text was decoded as {document.encoding}, traditional Chinese: the templates' labels"
                " are matched in simplified Chinese; convert the text to simplified characters first)"
            )
        raise StructureError(message, location=SourceLocation(source=document.source))
    return rows, version


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


def assemble(
    document: Document,
    *,
    data: bytes | None = None,
    library_version: str = "",
    backends: tuple[tuple[str, str], ...] = (),
) -> Report:
    """Turn a parsed :class:`Document` into a :class:`Report`.

    Args:
        document: The parser output.
        data: The input bytes, for the provenance hash.
        library_version: Version recorded in the provenance.
        backends: ``(name, version)`` of the libraries that read the input.

    Raises:
        StructureError: No standard table was found.
    """
    paragraphs = [block for block in document.blocks if isinstance(block, Paragraph)]
    rows, version = _table_rows(document, paragraphs)
    walker = _Walker(version=version)
    for row in rows:
        walker.feed(row)
    walker.finish()
    narrative_text = tuple(paragraph.text for paragraph in paragraphs)
    context = BlockContext(
        header=(), version=version, narrative=narrative_text, figures=NarrativeFigures(narrative_text)
    )
    money = {
        block.key: attrs.evolve(context, header=tuple(walker.block_headers.get(block.key, ())))
        for block in walker.blocks
    }
    narrative = read_narrative(paragraphs, fallback_title=document.title)
    return Report(
        title=narrative.title,
        agency=narrative.agency,
        year=narrative.year,
        template=version,
        preamble=narrative.preamble,
        sections=narrative.sections,
        proactive=build_proactive(walker.tables[TableKind.PROACTIVE], walker.blocks, money),
        requests=build_requests(walker.tables[TableKind.REQUESTS], walker.request_specs),
        appeals=build_appeals(walker.tables[TableKind.APPEALS]),
        deviations=(*_encoding_deviations(document), *walker.deviations),
        provenance=Provenance(
            source=document.source,
            format=document.format,
            sha256=hashlib.sha256(data).hexdigest() if data is not None else "",
            encoding=document.encoding,
            library_version=library_version,
            backends=backends,
        ),
    )
