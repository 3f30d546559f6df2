"""Title, agency, year and the six narrative sections from paragraphs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import attrs

from govinfo_report.assembly._normalize import normalize_label, normalize_text
from govinfo_report.document import Paragraph
from govinfo_report.model import Section
from govinfo_report.model.labels import SECTIONS

__all__ = ["Narrative", "read_narrative"]

_TITLE_MARKERS = ("工作年度报告", "年度报告", "年报")
_ARCHIVE_PREFIX = re.compile(r"^\s*(?:标题|题目|title)\s*[:：]\s*", re.IGNORECASE)
# A year in digits or in Chinese numerals (二〇二三年).
_YEAR = re.compile(r"((?:19|20)\d{2}|二[〇零○][〇零○一二三四五六七八九]{2})\s*年")
_CHINESE_DIGITS = str.maketrans("〇零○一二三四五六七八九", "00012345678" + "9")
# What stands between an agency's name and the rest of a title (…局关于2023年…).
_ABOUT = re.compile(r"^关于|关于$")
_AFTER_AGENCY = re.compile(r"关于|政府信息公开|信息公开|政务公开")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_AGENCY_SUFFIX = re.compile(
    r"(局|委|委员会|政府|办公室|办公厅|办|院|厅|部|署|会|中心|所|站|馆|队|区|县|市|镇|乡|街道|管委会|实验区|公司)$"
)
_ORDINALS = "一二三四五六"
_HEADING_PREFIX = re.compile(r"^\s*(?:[（(]\s*([一二三四五六])\s*[）)]|([一二三四五六])\s*[、,，.．])\s*")
_HEADING_MAX_CHARS = 40
_TITLE_SEARCH_PARAGRAPHS = 12
_TITLE_MAX_CHARS = 80


@attrs.frozen
class Narrative:
    """What the paragraphs say about the report."""

    title: str
    agency: str | None
    year: int | None
    preamble: str
    sections: tuple[Section, ...]


def read_narrative(paragraphs: Sequence[Paragraph], *, fallback_title: str | None = None) -> Narrative:
    """Find the title, agency, year, preamble and sections among ``paragraphs``."""
    title_index, title = _find_title(paragraphs, fallback_title)
    agency = _agency(paragraphs, title_index, title)
    year = _year(title, paragraphs)
    headings = _headings(paragraphs)
    first_heading = headings[0][0] if headings else len(paragraphs)
    preamble_start = title_index + 1 if title_index is not None and title_index < first_heading else 0
    preamble = "\n".join(
        p.text.strip()
        for p in paragraphs[preamble_start:first_heading]
        if agency is None or p.text.strip() != agency
    )
    sections: list[Section] = []
    for position, (index, number, heading, rest) in enumerate(headings):
        end = headings[position + 1][0] if position + 1 < len(headings) else len(paragraphs)
        body = [rest] if rest else []
        body.extend(p.text.strip() for p in paragraphs[index + 1 : end])
        sections.append(
            Section(
                number=number,
                heading=heading,
                text="\n".join(line for line in body if line),
                location=paragraphs[index].location,
            )
        )
    return Narrative(title=title, agency=agency, year=year, preamble=preamble, sections=tuple(sections))


def _clean_title(text: str) -> str:
    return " ".join(_ARCHIVE_PREFIX.sub("", text).split())


def _is_title(text: str) -> bool:
    return (
        len(text) <= _TITLE_MAX_CHARS
        and "。" not in text
        and any(marker in text for marker in _TITLE_MARKERS)
        and _YEAR.search(text) is not None
    )


def _find_title(paragraphs: Sequence[Paragraph], fallback: str | None) -> tuple[int | None, str]:
    head = paragraphs[:_TITLE_SEARCH_PARAGRAPHS]
    for index, paragraph in enumerate(head):
        text = paragraph.text.strip()
        if _is_title(text):
            return index, _clean_title(text)
        if index + 1 < len(head):
            # A title broken over two lines: "…2020年政府信息公开" / "工作年度报告".
            joined = text + head[index + 1].text.strip()
            if _is_title(joined) and not any(marker in text for marker in _TITLE_MARKERS):
                return index + 1, _clean_title(joined)
    if fallback:
        return None, _clean_title(fallback)
    for index, paragraph in enumerate(paragraphs[:_TITLE_SEARCH_PARAGRAPHS]):
        text = paragraph.text.strip()
        if len(text) <= _TITLE_MAX_CHARS and any(marker in text for marker in _TITLE_MARKERS):
            return index, _clean_title(text)
    return None, ""


def _looks_like_agency(text: str) -> bool:
    return 2 <= len(text) <= 30 and not any(ch.isdigit() for ch in text) and bool(_AGENCY_SUFFIX.search(text))


def _agency_in_title(title: str) -> str | None:
    """The agency a title names: before the year, or after it when the title opens with the year."""
    year = _YEAR.search(title)
    if year is None:
        return None
    before = _ABOUT.sub("", title[: year.start()].strip(" 　:：")).strip()
    if _looks_like_agency(before):
        return before
    if before:
        return None
    # "2023年度某某县卫生健康局政府信息公开工作年度报告"
    after = title[year.end() :].removeprefix("度").strip()
    cut = _AFTER_AGENCY.search(after)
    candidate = after[: cut.start()].strip() if cut is not None else ""
    return candidate if _looks_like_agency(candidate) else None


def _agency(paragraphs: Sequence[Paragraph], title_index: int | None, title: str) -> str | None:
    in_title = _agency_in_title(title)
    if in_title is not None:
        return in_title
    if title_index is not None:
        neighbours = [title_index - 1, title_index + 1, title_index - 2, title_index + 2]
        for index in neighbours:
            if 0 <= index < len(paragraphs):
                text = paragraphs[index].text.strip()
                if _looks_like_agency(text):
                    return text
    return None


def _year(title: str, paragraphs: Sequence[Paragraph]) -> int | None:
    match = _YEAR.search(normalize_text(title))
    if match is not None:
        return int(match.group(1).translate(_CHINESE_DIGITS))
    for paragraph in paragraphs[:_TITLE_SEARCH_PARAGRAPHS]:
        period = _PERIOD.search(normalize_text(paragraph.text))
        if period is not None:
            return int(period.group(1))
    return None


def _headings(paragraphs: Sequence[Paragraph]) -> list[tuple[int, int, str, str]]:
    """Return ``(paragraph index, section number, heading, text after the heading)`` in order."""
    found: list[tuple[int, int, str, str]] = []
    current = 0
    for index, paragraph in enumerate(paragraphs):
        heading = _heading(paragraph.text, after=current)
        if heading is not None:
            number, head, rest = heading
            found.append((index, number, head, rest))
            current = number
    return found


def _heading(text: str, *, after: int) -> tuple[int, str, str] | None:
    stripped = text.strip()
    prefix = _HEADING_PREFIX.match(stripped)
    ordinal = None
    if prefix is not None:
        ordinal = _ORDINALS.index(prefix.group(1) or prefix.group(2)) + 1
    elif len(stripped) > _HEADING_MAX_CHARS:
        return None  # only numbered headings run on into their first paragraph
    compact = normalize_label(stripped[: _HEADING_MAX_CHARS * 2])
    if _any_keyword().search(compact) is None:
        return None  # most paragraphs: no section keyword at all
    for spec in SECTIONS:
        if spec.number <= after:
            continue
        if ordinal is not None and ordinal != spec.number:
            continue
        for keyword in spec.keywords:
            found = _keyword_heading(stripped, compact, keyword, numbered=prefix is not None)
            if found is not None:
                head, rest = found
                return spec.number, head, rest
    return None


@cache
def _keyword_form(keyword: str) -> str:
    """A section keyword normalised, kept apart from the input texts' bounded cache."""
    return normalize_label(keyword)


@cache
def _any_keyword() -> re.Pattern[str]:
    """Finds any section keyword in normalised text."""
    return re.compile("|".join(re.escape(_keyword_form(word)) for spec in SECTIONS for word in spec.keywords))


def _keyword_heading(text: str, compact: str, keyword: str, *, numbered: bool) -> tuple[str, str] | None:
    """Split ``text`` into heading and body when it is a heading containing ``keyword``.

    ``compact`` is the normalised start of ``text``.
    """
    position = compact.find(_keyword_form(keyword))
    if position < 0:
        return None
    if len(normalize_label(text)) <= _HEADING_MAX_CHARS:
        if not numbered and position > 12:
            return None
        return text, ""
    # A heading run together with its first paragraph: split after the keyword.
    raw_position = text.find(keyword)
    if not numbered or raw_position < 0 or raw_position > 20:
        return None
    end = raw_position + len(keyword)
    return text[:end], text[end:].lstrip("。. ")
