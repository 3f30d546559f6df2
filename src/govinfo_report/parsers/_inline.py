"""Tables flattened into running text, read back as rows of tokens.

Text saved by crawlers often holds a whole table on one line with no
separators: ``规章000规范性文件898989第二十条第（五）项信息内容…``.  The label
vocabulary of the templates cuts such text into labels and the runs of
digits between them; each run ends a row.  Splitting the runs into cells is
left to the assembler, which knows the table's arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from govinfo_report.errors import SourceLocation
from govinfo_report.model import TemplateVersion
from govinfo_report.model.labels import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    REQUEST_GROUPS,
    proactive_blocks,
    request_rows,
)
from govinfo_report.parsers._blocks import Paragraph
from govinfo_report.parsers._normalize import normalize_label
from govinfo_report.parsers._tokens import Token, TokenKind, make_token

__all__ = ["inline_rows"]

_TABLE_START = re.compile(
    r"第\s*二十\s*条\s*第\s*[（(]?\s*[一二三四五六七八九]\s*[）)]?\s*项|本列数据的勾稽关系"
)
# Characters of a value run: digits, signs, decimal points, spaces, a unit.
_DIGIT = "0-9\uff10-\uff19"
_RUN = re.compile(
    rf"[{_DIGIT}+\-\u2212\uff0d.\uff0e,\uff0c\s]*[{_DIGIT}](?:[{_DIGIT}.\uff0e\s]*[{_DIGIT}])?\s*(?:万元|元)?"
)
_MAX_SEGMENTED_CHARS = 300


@cache
def _vocabulary() -> tuple[str, ...]:
    """Normalised labels of both templates, longest first."""
    words: set[str] = {"信息内容", "申请人情况", "法人或其他组织", "行政诉讼", "三,本年度办理结果"}
    for version in TemplateVersion:
        for block in proactive_blocks(version):
            words.update(normalize_label(column.label) for column in block.columns)
            for column in block.columns:
                words.update(column.patterns)
            for row in block.rows:
                words.update(row.patterns)
        for spec in request_rows(version):
            words.add(normalize_label(spec.label))
    words.update(normalize_label(label) for label in REQUEST_GROUPS.values())
    for column in (*APPLICANT_COLUMNS, *APPEAL_COLUMNS, *APPEAL_GROUPS):
        words.update(column.patterns)
        words.update(column.variants)
    return tuple(sorted(words, key=len, reverse=True))


@cache
def _vocabulary_pattern() -> re.Pattern[str]:
    # Alternatives are tried in order, so the longest label wins where several start.
    return re.compile("|".join(re.escape(word) for word in _vocabulary()))


@cache
def _numbered_words() -> tuple[str, ...]:
    """The numbered template labels (``1.属于国家秘密`` …) of the vocabulary."""
    return tuple(word for word in _vocabulary() if word[:1].isdigit())


def _numbered(label: str) -> set[str]:
    """Ordinals of the numbered template labels that ``label`` starts with."""
    norm = normalize_label(label)
    return {word[0] for word in _numbered_words() if norm.startswith(word)}


def _move_ordinals(pieces: list[tuple[int, str, bool]]) -> None:
    """Give the ordinal of a numbered label back to it: run ``00000002`` + ``.其他法律…``."""
    for index in range(len(pieces) - 1):
        offset, piece, is_run = pieces[index]
        next_offset, following, next_is_run = pieces[index + 1]
        if not is_run or next_is_run or following[:1] not in {".", "．"} or not piece[-1:].isdigit():
            continue
        ordinal = piece[-1]
        if ordinal in _numbered(ordinal + following):
            pieces[index] = (offset, piece[:-1], True)
            pieces[index + 1] = (next_offset - 1, ordinal + following, False)


def _segments(label: str) -> list[str]:
    """Cut a run of labels into template labels (longest first) and the text between them."""
    norm = normalize_label(label)
    if len(norm) > _MAX_SEGMENTED_CHARS:
        return [norm]
    segments: list[str] = []
    index = 0
    for found in _vocabulary_pattern().finditer(norm):
        if found.start() > index:
            segments.append(norm[index : found.start()])
        segments.append(found.group())
        index = found.end()
    if index < len(norm):
        segments.append(norm[index:])
    return segments


def inline_rows(paragraphs: Sequence[Paragraph]) -> Iterator[list[Token]]:
    """Yield the table rows found in running text, for paragraphs that hold a flattened table."""
    for paragraph in paragraphs:
        start = _TABLE_START.search(paragraph.text)
        if start is None:
            continue
        yield from _rows(paragraph, start.start())


def _rows(paragraph: Paragraph, start: int) -> Iterator[list[Token]]:
    text = paragraph.text
    pieces: list[tuple[int, str, bool]] = []  # (offset, text, is_run)
    position = start
    for match in _RUN.finditer(text, start):
        if not match.group().strip():
            continue
        if match.start() > position:
            pieces.append((position, text[position : match.start()], False))
        pieces.append((match.start(), match.group(), True))
        position = match.end()
    if position < len(text):
        pieces.append((position, text[position:], False))
    _move_ordinals(pieces)
    row: list[Token] = []
    for offset, piece, is_run in pieces:
        location = SourceLocation(
            source=paragraph.location.source, line=paragraph.location.line, column=offset + 1
        )
        if not is_run:
            row.extend(make_token(segment, location, TokenKind.LABEL) for segment in _segments(piece))
        elif piece.strip():
            row.append(make_token(piece.strip(), location, TokenKind.RUN))
            yield row
            row = []
    if row:
        yield row
