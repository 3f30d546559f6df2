"""Tables flattened into running text, read back as rows of tokens.

Text saved by crawlers often holds a whole table on one line with no
separators: ``规章000规范性文件898989第二十条第（五）项信息内容…``.  Text copied
from a PDF viewer, or a page that sets every cell in a paragraph of its own,
gives the table a line per row or per cell, with spaces between the cells:
``规章 0 1 2``.  From a table caption on, the paragraphs that read as table
text (no sentence, and a template label or a number in them) are joined and
the label vocabulary of the templates cuts them into labels and the runs of
values between them; each run ends a row.  A run whose values stand apart
(spaces, line breaks) gives one value token each; a run with its cells run
together is left to the assembler to split, which knows the table's
arithmetic.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from functools import cache

from govinfo_report._fast import quick_init
from govinfo_report.assembly._normalize import normalize_label
from govinfo_report.assembly._tokens import Token, TokenKind, make_token
from govinfo_report.document import Paragraph
from govinfo_report.errors import SourceLocation
from govinfo_report.model import TemplateVersion
from govinfo_report.model.labels import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    APPLICANT_HEADER,
    ARITHMETIC_NOTE,
    LITIGATION_HEADER,
    ORGANISATIONS_HEADER,
    PROACTIVE_CAPTION,
    PROACTIVE_HEADER,
    REQUEST_GROUPS,
    REQUESTS_RESULTS_HEADER,
    REVIEW,
    proactive_blocks,
    request_rows,
)

__all__ = ["inline_rows"]

# Rules drawn with characters (|, full-width |, box drawing) separate cells like spaces.
_RULES = "|\uff5c\u2502\u2503"
# Space, or such a rule.
_GAP = rf"[\s{_RULES}]*"


def _spaced(word: str) -> str:
    """A pattern of ``word`` with any space between its characters."""
    return r"\s*".join(map(re.escape, word))


# A caption (第二十条第（一）项), the application table's note or header, the review table's header.
_TABLE_START = re.compile(
    rf"{_spaced(PROACTIVE_CAPTION[0])}\s*[（(]?\s*[一二三四五六七八九]\s*[）)]?\s*{_spaced(PROACTIVE_CAPTION[1])}"
    rf"|{re.escape(ARITHMETIC_NOTE)}"
    rf"|^{_GAP}(?:{re.escape(APPLICANT_HEADER)}"
    rf"|{re.escape(REVIEW.label)}(?:{_GAP}{re.escape(LITIGATION_HEADER)}|{_GAP}$))"
    rf"|{re.escape(APPLICANT_COLUMNS[0].label)}{_GAP}{re.escape(ORGANISATIONS_HEADER)}"
)
# Made for every label and value of a flattened table: a positional constructor (see _construct).
_location = quick_init(SourceLocation, "source", "line", "column")
# A line drawn under or between rows (|---|---|, ─────, +===+): part of the table, holding nothing.
# Only rule characters, three dashes in a row among them (two patterns, each linear).
_RULE_CHARS = re.compile(rf"[\s{_RULES}+:\-=\u2500\u2501\u253c\u254b]*")
_RULE_DASHES = re.compile(r"[\-=\u2500\u2501]{3}")
# A page number between table rows (- 3 -, —3—, 第3页, 第 3 页 共 5 页): holds no cell either.
_PAGE_FOOTER = re.compile(
    r"\s*+(?:[\-\u2212\u2013\u2014]\s*+\d{1,4}\s*+[\-\u2212\u2013\u2014]"
    r"|第\s*+\d{1,4}\s*+页(?:\s*+[,，]?+\s*+共\s*+\d{1,4}\s*+页)?+)\s*+"
)
# A label broken across lines leaves short pieces without a template label in them.
_FRAGMENT_MAX_CHARS = 40
_MAX_FRAGMENTS = 3
# A paragraph with a sentence in it is narrative: table text has no full stop.
_SENTENCE = re.compile(r"[。！？]")
# Characters of a value run: digits, signs, decimal points, spaces, a unit.
_DIGIT = "0-9\uff10-\uff19"
# A count may carry its unit (3件, 2项); only right after a digit, so that no label loses its last character.
_COUNT_UNITS = "件项条个"
_UNIT = rf"(?:万元|元|[{_COUNT_UNITS}])"
_COUNT_UNIT = rf"(?<=[{_DIGIT}])[{_COUNT_UNITS}]"
# Marks of a blank cell (-, —, /) standing between values or after the last of them.
_BLANK_MARKS = "\\-\u2212\uff0d\u2014\u2013/\uff0f"
# A run of values is a stretch of run characters (digits, signs, blank marks, decimal points,
# commas, spaces, a count's unit) up to its last digit, then a unit and blank marks standing
# apart.  One pattern for it, (?:[...])*[0-9], is quadratic: at every position of a long stretch
# without a digit it scans to the stretch's end before failing.  The stretch is found instead
# (each character is looked at once) and cut after its last digit (see _run_spans).
_RUN_STRETCH = re.compile(rf"(?:[{_DIGIT}+{_BLANK_MARKS}.\uff0e,\uff0c\s]|{_COUNT_UNIT})+")
_LAST_DIGIT = re.compile(rf"[{_DIGIT}][^{_DIGIT}]*\Z")
_RUN_TAIL = re.compile(rf"\s*{_UNIT}?(?:[^\S\n]*(?<=\s)[{_BLANK_MARKS}](?!\S))*")
_ANY_DIGIT = re.compile(rf"[{_DIGIT}]")
_WORD = re.compile(r"\S+")
_BLANK_MARK_CHARACTERS = frozenset("-\u2212\uff0d\u2014\u2013/\uff0f")
_MARKS = re.compile(rf"[{_BLANK_MARKS}\s]+")
_MAX_SEGMENTED_CHARS = 300
# The values of a run that stand apart: a value and a unit written after it.
# A count's unit ends it as a space would (1件2件).
_SEPARATED = re.compile(rf"[^\s{_COUNT_UNITS}]+(?:\s*{_UNIT})?")


@cache
def _vocabulary() -> tuple[str, ...]:
    """Normalised labels of both templates, longest first."""
    words: set[str] = {PROACTIVE_HEADER, APPLICANT_HEADER, ORGANISATIONS_HEADER, LITIGATION_HEADER}
    words.add(normalize_label(REQUESTS_RESULTS_HEADER))
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


_ORDINAL_MARKS = frozenset(".．、，,")
_CJK = re.compile("[\u4e00-\u9fff]")


def _move_ordinals(pieces: list[tuple[int, str, bool]]) -> None:
    """Give the ordinal of a numbered label back to it: run ``00000002`` + ``.其他法律…``."""
    for index in range(len(pieces) - 1):
        offset, piece, is_run = pieces[index]
        next_offset, following, next_is_run = pieces[index + 1]
        if not is_run or next_is_run or following[:1] not in _ORDINAL_MARKS or not piece[-1:].isdigit():
            continue
        ordinal = piece[-1]
        before = piece[:-1].rstrip(" \t\u3000")
        # A digit that starts a line, right before 1、 or 1. and a label, numbers the label.
        starts_line = (not before.strip() or before.endswith("\n")) and _CJK.match(following[1:2]) is not None
        if starts_line or ordinal in _numbered(ordinal + following):
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
    index = 0
    while index < len(paragraphs):
        start = _TABLE_START.search(paragraphs[index].text)
        if start is None:
            index += 1
            continue
        end = _table_end(paragraphs, index + 1)
        yield from _rows(_Segment(paragraphs[index:end], start.start()))
        index = end


def _table_end(paragraphs: Sequence[Paragraph], start: int) -> int:
    """The index after the table text that continues from ``start``.

    Short lines without a sentence that lead to more table text are a label
    broken across lines (``一、本年新收政府信息公开`` / ``申请数量 2 3 4``).
    """
    end = start
    while end < len(paragraphs):
        if _table_text(paragraphs[end]):
            end += 1
            continue
        fragments = end
        while (
            fragments < len(paragraphs)
            and fragments - end < _MAX_FRAGMENTS
            and _fragment(paragraphs[fragments].text)
            and not _table_text(paragraphs[fragments])
        ):
            fragments += 1
        if fragments == end or fragments == len(paragraphs) or not _table_text(paragraphs[fragments]):
            return end
        end = fragments
    return end


def _fragment(text: str) -> bool:
    stripped = text.strip()
    # Counted without spaces: text laid out in columns pads its words apart.
    return 0 < len("".join(stripped.split())) <= _FRAGMENT_MAX_CHARS and _SENTENCE.search(stripped) is None


def _rule_line(text: str) -> bool:
    return _RULE_CHARS.fullmatch(text) is not None and _RULE_DASHES.search(text) is not None


def _holds_no_cell(text: str) -> bool:
    """Whether a line of table text is a drawn rule or a page number between rows."""
    return _rule_line(text) or _PAGE_FOOTER.fullmatch(text) is not None


def _run_spans(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each run of values in ``text``, left to right, in linear time.

    A run starts where a stretch of run characters starts (or where the
    previous run ended, inside one) and holds a digit; it takes the stretch
    up to its last digit, then what :data:`_RUN_TAIL` matches (a unit, blank
    marks standing apart).
    """
    position = 0
    while True:
        stretch = _RUN_STRETCH.search(text, position)
        if stretch is None:
            return
        start, end = stretch.span()
        last = _LAST_DIGIT.search(text, start, end)
        if last is None:  # no digit in the stretch: only blank marks standing apart make a run
            yield from _blank_runs(text, start, end)
            position = end
            continue
        tail = _RUN_TAIL.match(text, last.start() + 1)
        assert tail is not None  # noqa: S101 - every part of the tail is optional
        yield start, tail.end()
        position = tail.end()


def _blank_runs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Runs of blank marks standing apart (``行政许可  /``, ``- - -``) in a stretch without a digit.

    A row whose only cells are blank marks ends with them as a row of values
    does.  The marks are single characters separated by spaces on one line,
    with nothing but spaces (or the text's ends) around them.
    """
    group: list[tuple[int, int]] = []
    for word in _WORD.finditer(text, start, end):
        mark = word.group() in _BLANK_MARK_CHARACTERS
        if mark and group and "\n" not in text[group[-1][1] : word.start()]:
            group.append(word.span())
            continue
        yield from _standing_apart(group, start, end, len(text))
        group = [word.span()] if mark else []
    yield from _standing_apart(group, start, end, len(text))


def _standing_apart(
    marks: list[tuple[int, int]], start: int, end: int, length: int
) -> Iterator[tuple[int, int]]:
    """The span of ``marks`` without a first or last mark that touches text outside the stretch."""
    if marks and marks[0][0] == start and start > 0:
        marks = marks[1:]
    if marks and marks[-1][1] == end and end < length:
        marks = marks[:-1]
    if marks:
        yield marks[0][0], marks[-1][1]


def _table_text(paragraph: Paragraph) -> bool:
    """Whether a paragraph reads as part of a table: a drawn rule, or no sentence and a number or a label."""
    text = paragraph.text
    if _holds_no_cell(text):
        return True
    if _SENTENCE.search(text) or not text.strip():
        return False
    return (
        _ANY_DIGIT.search(text) is not None or _vocabulary_pattern().search(normalize_label(text)) is not None
    )


class _Segment:
    """Consecutive paragraphs joined by line breaks, from ``start`` in the first of them."""

    def __init__(self, paragraphs: Sequence[Paragraph], start: int) -> None:
        self.paragraphs = paragraphs
        self.offsets: list[int] = []
        texts: list[str] = []
        offset = -start
        for paragraph in paragraphs:
            self.offsets.append(offset)
            # A drawn rule holds no cell: blanked, it keeps the offsets of what follows.
            rule = _holds_no_cell(paragraph.text)
            texts.append(" " * len(paragraph.text) if rule else paragraph.text)
            offset += len(paragraph.text) + 1
        text = "\n".join(texts)[start:]
        for char in _RULES:  # str.translate would look up every character of a long text
            if char in text:
                text = text.replace(char, " ")
        self.text = text

    def location(self, offset: int) -> SourceLocation:
        """The source location of the character at ``offset`` of :attr:`text`."""
        index = bisect.bisect_right(self.offsets, offset) - 1
        location = self.paragraphs[index].location
        return _location(location.source, location.line, offset - self.offsets[index] + 1)


def _values(run: str, offset: int, segment: _Segment) -> Iterator[Token]:
    """One token for a run whose cells ran together, one per value where they stand apart."""
    parts = list(_SEPARATED.finditer(run))
    if len(parts) < 2 and not _MARKS.fullmatch(run):
        yield make_token(run.strip(), segment.location(offset + len(run) - len(run.lstrip())), TokenKind.RUN)
        return
    for part in parts:
        yield make_token(part.group(), segment.location(offset + part.start()))


def _rows(segment: _Segment) -> Iterator[list[Token]]:
    text = segment.text
    pieces: list[tuple[int, str, bool]] = []  # (offset, text, is_run)
    position = 0
    for start, end in _run_spans(text):
        run = text[start:end]
        if not run.strip():
            continue
        if start > position:
            pieces.append((position, text[position:start], False))
        pieces.append((start, run, True))
        position = end
    if position < len(text):
        pieces.append((position, text[position:], False))
    _move_ordinals(pieces)
    row: list[Token] = []
    for offset, piece, is_run in pieces:
        if not is_run:
            # Each line of labels on its own, located where its text starts.
            line_offset = offset
            for line in piece.split("\n"):
                if line.strip():
                    location = segment.location(line_offset + len(line) - len(line.lstrip()))
                    row.extend(
                        make_token(segment_text, location, TokenKind.LABEL)
                        for segment_text in _segments(line)
                    )
                line_offset += len(line) + 1
        elif piece.strip():
            for line_offset, line in _row_lines(piece, offset):
                row.extend(_values(line, line_offset, segment))
                yield row
                row = []
    if row:
        yield row


def _row_lines(run: str, offset: int) -> list[tuple[int, str]]:
    """Cut a run of values on several lines into rows.

    Every line holding several values makes a row per line (rows of numbers
    whose labels stand on other lines); otherwise the run is one row (a cell per line).
    """
    if "\n" not in run.strip():
        return [(offset, run)]
    lines: list[tuple[int, str]] = []
    position = offset
    for line in run.split("\n"):
        if line.strip():
            lines.append((position, line))
        position += len(line) + 1
    if len(lines) > 1 and all(len(_SEPARATED.findall(line)) > 1 for _, line in lines):
        return lines
    return [(offset, run)]
