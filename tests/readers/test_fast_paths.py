"""Shortcuts taken for speed give the results of the plain definitions they stand for."""

from __future__ import annotations

import pickle
import re
import sys
import unicodedata
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from govinfo_report._fast import quick_init
from govinfo_report.assembly import _cells as _build
from govinfo_report.assembly import _digit_runs as _runs
from govinfo_report.assembly import _flattened, _normalize
from govinfo_report.assembly._labels import Pattern, PatternIndex, best_match
from govinfo_report.assembly._normalize import is_placeholder, normalize_label, normalize_text
from govinfo_report.assembly._tokens import TokenKind, _may_be_placeholder, classify
from govinfo_report.assembly._walk import _patterns
from govinfo_report.document import GridCell
from govinfo_report.errors import SourceLocation
from govinfo_report.model import TemplateVersion
from govinfo_report.readers._xml import HTML_PARSER
from govinfo_report.readers.html import (
    _DROP_ROLES,
    _DROP_TAGS,
    _HIDDEN_STYLE,
    _Page,
    _styles_may_hide,
    read_html,
)
from govinfo_report.readers.text import _split_lines

# Characters the normalisation treats specially, plus ordinary ones around them.
_TRICKY = (
    "".join(chr(code) for code in _normalize._PUNCTUATION)
    + "".join(chr(code) for code in _normalize._RADICALS_SUPPLEMENT)
    + " \t\n\r\x0b\x0c\x1c\x85\u3000\u00a0\u2028,.、，0123456789\uff11\uff12（）()-—xX\u00d7*\uff05%若约元件"
    + "公开申请行政复议规章"
)
_TEXTS = st.text(alphabet=st.sampled_from(_TRICKY), max_size=20) | st.text(max_size=20)

_WHITESPACE = re.compile(r"\s+")
_ORDINAL_COMMA = re.compile(r"(?<![\d.])(\d),(?=\D)")


def _reference_text(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_normalize._RADICALS_SUPPLEMENT)


def _reference_label(text: str) -> str:
    folded = _WHITESPACE.sub("", _reference_text(text)).translate(_normalize._PUNCTUATION)
    return _ORDINAL_COMMA.sub(r"\1.", folded)


@given(_TEXTS)
def test_normalize_label_is_its_definition(text: str) -> None:
    assert normalize_text(text) == _reference_text(text)
    assert normalize_label.__wrapped__(text) == _reference_label(text)


def test_table_replacements_are_not_replaced_again() -> None:
    # What lets _fold replace one character after another, in either order, around whitespace.
    replacements = "".join(_normalize._SPECIALS.values())
    assert not set(replacements) & set(_normalize._SPECIALS)
    assert not any(char.isspace() for char in replacements + "".join(_normalize._SPECIALS))


@given(st.text(alphabet="1.,a\u0663\uff11 ", max_size=12))
def test_ordinal_commas_are_the_ones_the_plain_pattern_finds(text: str) -> None:
    assert _normalize._ORDINAL_COMMA.sub(".", text) == _ORDINAL_COMMA.sub(r"\1.", text)


def test_wide_forms_are_replaced_by_their_full_decomposition() -> None:
    # What makes replacing them before NFKC give NFKC's own result.
    for form, narrow in _normalize._NARROW_FORMS.items():
        decomposed = unicodedata.normalize("NFKD", form)
        assert decomposed == narrow == unicodedata.normalize("NFKC", form), hex(ord(form))
    assert len(_normalize._NARROW_FORMS) == 0xFF5E - 0xFF01 + 2
    assert all(_normalize._WIDE_FORMS.fullmatch(form) for form in _normalize._NARROW_FORMS)


# Full-width forms next to combining marks (which compose with the narrow form: U+FF21 U+0301 → Á),
# Hangul jamo, compatibility characters and text NFKC leaves alone.
_NFKC_TRICKY = "\uff21\uff41\uff0c\uff08\uff09\u3000\u0301\u0308\u0327\u1100\u1161\u11a8\ufb01\u2460e A,规章"


@given(st.text(alphabet=st.sampled_from(_NFKC_TRICKY), max_size=30) | st.text(max_size=30))
def test_quick_nfkc_is_nfkc(text: str) -> None:
    assert _normalize._nfkc(text) == unicodedata.normalize("NFKC", text)


def test_split_removes_exactly_the_regex_whitespace() -> None:
    # All whitespace characters are in the Basic Multilingual Plane.
    for code in range(0x10000):
        char = chr(code)
        assert ("".join(char.split()) == "") == (_WHITESPACE.fullmatch(char) is not None), hex(code)
    assert all(not chr(code).isspace() for code in range(0x10000, sys.maxunicode + 1, 97))


@given(_TEXTS)
def test_placeholders_pass_the_prefilter(text: str) -> None:
    if is_placeholder.__wrapped__(text):
        assert _may_be_placeholder(normalize_label(text))


@pytest.mark.parametrize(
    "text", ["X", "xx", "\u00d7", "\uff0a\uff0a", "若干", "约5", "5%", "五\uff05", "XX件", "x 年"]
)
def test_placeholders_are_values(text: str) -> None:
    assert is_placeholder(text)
    assert classify(text) is TokenKind.VALUE


@given(st.text(alphabet="\r\n\t a\x0b\x0c\x85\u2028", max_size=30))
def test_lines_split_at_crlf_cr_and_lf_only(text: str) -> None:
    assert _split_lines(text) == re.split(r"\r\n|\r|\n", text)


# -- label matching ---------------------------------------------------------------------------------

_REQUEST_PATTERNS = {version: _patterns(version)[1].patterns for version in TemplateVersion}
_PIECES = sorted({pattern.text for patterns in _REQUEST_PATTERNS.values() for pattern in patterns})


@given(
    st.sampled_from(list(TemplateVersion)),
    st.lists(st.sampled_from(_PIECES) | st.text(alphabet="申请公开0()其他.,", max_size=3), max_size=4),
)
def test_indexed_patterns_match_as_best_match_does(version: TemplateVersion, pieces: list[str]) -> None:
    patterns = _REQUEST_PATTERNS[version]
    label = "".join(pieces)
    assert PatternIndex(patterns).best(label) == best_match(label, patterns)


@given(
    st.lists(
        st.builds(
            Pattern, st.sampled_from("xyz"), st.text(alphabet="ab.(*", min_size=1, max_size=3), st.booleans()
        ),
        min_size=1,
        max_size=6,
    ),
    st.text(alphabet="ab.(*c", max_size=8),
)
def test_pattern_index_matches_any_patterns_as_best_match_does(patterns: list[Pattern], label: str) -> None:
    # Patterns that share a text, end one another, or hold characters special to regular expressions.
    assert PatternIndex(patterns).best(label) == best_match(label, patterns)


def test_pattern_index_breaks_ties_as_best_match_does() -> None:
    patterns = (
        Pattern("variant", "公开", variant=True),
        Pattern("first", "公开"),
        Pattern("second", "公开"),
        Pattern("short", "开"),
    )
    for label in ("予以公开", "公开其他", "开", ""):
        assert PatternIndex(patterns).best(label) == best_match(label, patterns)
    match = PatternIndex(patterns).best("予以公开")
    assert match is not None
    assert match.pattern.target == "first"


def test_pattern_index_refuses_empty_patterns() -> None:
    with pytest.raises(ValueError, match="empty"):
        PatternIndex([Pattern("nothing", "")])


# -- HTML: elements hidden by their attributes ----------------------------------------------------


def _reference_dropped(element: etree._Element, tag: str) -> bool:
    """The attribute tests as written before one query found the candidates."""
    if tag in _DROP_TAGS or element.get("hidden") is not None:
        return True
    style = element.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    return (element.get("role") or "").strip().lower() in _DROP_ROLES


_ATTRIBUTES = [
    "",
    "hidden",
    "HIDDEN=''",
    "style='display:none'",
    "style='COLOR:red; DISPLAY : NONE'",
    "style='Visibility: Hidden'",
    "style='visibility:hidden;color:red'",
    "style='background:none; display:block'",
    "style='font-family:宋体; color:red'",
    "style=''",
    "role=navigation",
    "role=' Banner '",
    "role=main",
    "role=''",
    "style='display:none' role=main",
]


@pytest.mark.parametrize("attributes", _ATTRIBUTES)
def test_hidden_elements_are_the_ones_the_attributes_hide(attributes: str) -> None:
    body = f"<div {attributes}><p {attributes}>文字</p><span {attributes}>x</span></div>"
    markup = f"<html><body>{body}</body></html>"
    root = etree.fromstring(markup.encode(), HTML_PARSER)
    page = _Page(root)
    for element in root.iter("div", "p", "span"):
        tag = str(element.tag)
        assert page.is_dropped(element, tag) is _reference_dropped(element, tag), (attributes, tag)


def test_hidden_text_is_dropped_whatever_the_case() -> None:
    page = (
        "<html><body><p>看得见</p><p HIDDEN>一</p><p style='DISPLAY:NONE'>二</p>"
        "<p style='color:red;visibility:HIDDEN'>三</p><p role=' Search '>四</p>"
        "<p style='background:none'>也看得见</p></body></html>"
    )
    document = read_html(page.encode("utf-8"))
    assert [block.text for block in document.blocks] == ["看得见", "也看得见"]  # type: ignore[union-attr]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_utf8_pages_parse_the_same_with_or_without_a_byte_order_mark(bom: bytes) -> None:
    page = "<html><head><title>标题</title></head><body><p>政府信息公开</p></body></html>".encode()
    document = read_html(bom + page)
    assert document.encoding == "utf-8"
    assert document.title == "标题"
    assert [block.text for block in document.blocks] == ["政府信息公开"]  # type: ignore[union-attr]


# -- quick constructors -------------------------------------------------------------------------------


@given(
    st.one_of(st.none(), st.text(max_size=5)),
    st.one_of(st.none(), st.integers()),
    st.one_of(st.none(), st.integers()),
    st.one_of(st.none(), st.integers()),
    st.one_of(st.none(), st.integers()),
)
def test_quick_init_makes_what_init_makes(
    source: str | None, line: int | None, table: int | None, row: int | None, col: int | None
) -> None:
    build = quick_init(SourceLocation, "source", "line", "table", "row", "col")
    quick = build(source, line, table, row, col)
    plain = SourceLocation(source=source, line=line, table=table, row=row, col=col)
    assert quick == plain
    assert repr(quick) == repr(plain)
    assert hash(quick) == hash(plain)
    assert pickle.loads(pickle.dumps(quick)) == plain  # noqa: S301 - our own bytes
    cell = quick_init(GridCell, "text", "location")("文字", quick)
    assert cell == GridCell(text="文字", location=plain)
    assert cell.spanned is False


@attrs.frozen
class _Validated:
    value: int = attrs.field(validator=attrs.validators.instance_of(int))


@attrs.frozen
class _Converted:
    value: int = attrs.field(converter=int)


@attrs.frozen
class _Factory:
    values: list[int] = attrs.field(factory=list)


@attrs.frozen
class _Hooked:
    value: int

    def __attrs_post_init__(self) -> None:
        pass


@attrs.frozen(slots=False)
class _Unslotted:
    value: int


@pytest.mark.parametrize(
    ("cls", "names"),
    [
        (_Validated, ("value",)),
        (_Converted, ("value",)),
        (_Factory, ()),
        (_Hooked, ("value",)),
        (_Unslotted, ("value",)),
        (GridCell, ("text",)),  # location has no default
        (GridCell, ("text", "nothing")),
        (GridCell, ("text", "text")),
    ],
)
def test_quick_init_refuses_what_it_cannot_copy(cls: type, names: tuple[str, ...]) -> None:
    with pytest.raises(TypeError):
        quick_init(cls, *names)


# -- narrative figures -------------------------------------------------------------------------------


_COUNTED = re.compile(r"(\d+)(?:件|项|个|条)")


def _reference_counted(norm: str) -> list[tuple[str, tuple[int, ...]]]:
    """Clause by clause, the plain definition."""
    counted = []
    for clause in _build._CLAUSE.split(norm):
        found = _COUNTED.findall(clause)
        if found:
            counted.append((clause, tuple(int(number) for number in found)))
    return counted


@given(st.text(alphabet="120\u0663\uff11件项个条,.;:!?。：！？文", max_size=30))
def test_counted_clauses_are_the_ones_found_clause_by_clause(norm: str) -> None:
    assert _build._counted_clauses(norm) == _reference_counted(norm)


# -- HTML: pages whose bytes say no style hides anything -------------------------------------------


def test_only_i_and_s_have_other_cases_among_the_letters_of_hiding_styles() -> None:
    every_char = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    letters = sorted(set("displayvisibilitynonehidden"))
    for letter in letters:
        others = set(re.findall(letter, every_char, re.IGNORECASE)) - {letter, letter.upper()}
        assert others == {"i": {"\u0130", "\u0131"}, "s": {"\u017f"}}.get(letter, set()), letter


_STYLE_PIECES = [
    "display", "DISPLAY", "Display", "d\u0131splay", "d\u0130splay", "di\u017fplay", "dis play",
    "visibility", "VISIBILITY", "v\u0131s\u0131b\u0131l\u0131ty", "vi\u017fibility",
    ":", " ", "\u3000", "\t", "\x0c", "none", "NONE", "nOnE",
    "hidden", "HIDDEN", "h\u0131dden", "h\u0130dden",
    ";", "&#110;", "&#x6E;", "&#100;", "&amp;", "&nbsp;", "color:red", "x", '"', "'",
]  # fmt: skip
_QUOTES = ["style='{}'", 'style="{}"', "style={}", "STYLE = '{}'", "data-style='{}' style='x'"]


@given(
    st.lists(st.sampled_from(_STYLE_PIECES), max_size=8),
    st.sampled_from(_QUOTES),
    st.lists(st.sampled_from(_STYLE_PIECES), max_size=4),
)
def test_pages_said_to_hide_nothing_by_style_hide_nothing(
    style: list[str], quote: str, elsewhere: list[str]
) -> None:
    markup = f"<html><body><p {quote.format(''.join(style))}>x</p><p>{''.join(elsewhere)}</p></body></html>"
    data = markup.encode("utf-8")
    root = etree.fromstring(data, HTML_PARSER)
    if any(_HIDDEN_STYLE.search(element.get("style") or "") for element in root.iter()):
        assert _styles_may_hide(data)


@pytest.mark.parametrize(
    ("markup", "may_hide"),
    [
        ("<p style='color:red'>x</p><input type=hidden>", False),
        ("<p style='display:block'>x</p><style>a{text-decoration:none}</style>", True),
        ("<p style='visibility:visible'>x</p>", False),
        ("<p style='VISIBILITY: HIDDEN'>x</p>", True),
        ("<p style='&#100;isplay:none'>x</p>", True),
    ],
)
def test_the_byte_test_of_hiding_styles(markup: str, may_hide: bool) -> None:
    assert _styles_may_hide(markup.encode("utf-8")) is may_hide


# -- runs of digits ------------------------------------------------------------------------------------


@given(st.text(alphabet="0123456789\u0663\uff13a-.", max_size=6))
def test_counts_are_what_the_count_pattern_matches(text: str) -> None:
    assert _runs._is_count(text) == (_runs._COUNT.fullmatch(text) is not None)


def _reference_split_with_total(run: str, parts: int) -> list[tuple[int | Decimal, ...]]:
    """Every split into counts, kept when the last is the sum of the others: the plain definition."""
    splits = _runs.split_run(run, [_runs.CellKind()] * parts) or []
    return [split for split in splits if sum(split[:-1]) == split[-1]]


@given(st.text(alphabet="0011223458\u0663 -", max_size=9), st.integers(min_value=2, max_value=4))
def test_splits_with_a_total_are_the_ones_that_add_up(run: str, parts: int) -> None:
    splits = _runs.split_with_total(run, parts)
    assert splits is not None  # short runs never spend the budget
    assert sorted(splits) == sorted(_reference_split_with_total(run, parts))


def test_the_html_parser_lower_cases_element_names() -> None:
    # The walk looks tags up as they come, without lower-casing them.
    markup = (
        b"<HTML><BODY><P>a<BR>b</P><Table><TR><TD>x</TD><TD>y</TD></TR></Table>"
        b"<O:P/><SCRIPT>s</SCRIPT></BODY></HTML>"
    )
    root = etree.fromstring(markup, HTML_PARSER)
    assert {str(element.tag) for element in root.iter()} == {
        "html",
        "body",
        "p",
        "br",
        "table",
        "tr",
        "td",
        "o:p",
        "script",
    }
    document = read_html(markup)
    assert [getattr(block, "text", None) for block in document.blocks] == ["a", "b", None]


# -- runs of values in flattened tables ------------------------------------------------------------------

_REFERENCE_RUN = re.compile(
    rf"(?:[{_flattened._DIGIT}+{_flattened._BLANK_MARKS}.\uff0e,\uff0c\s]|{_flattened._COUNT_UNIT})*"
    rf"[{_flattened._DIGIT}]"
    rf"(?:(?:[{_flattened._DIGIT}.\uff0e\s]|{_flattened._COUNT_UNIT})*[{_flattened._DIGIT}])?"
    rf"\s*{_flattened._UNIT}?(?:[^\S\n]*(?<=\s)[{_flattened._BLANK_MARKS}](?!\S))*"
)
"""The one-pattern definition of a run of values (quadratic on long stretches without a digit)."""

_REFERENCE_BLANKS = rf"(?<!\S)[{_flattened._BLANK_MARKS}](?:[^\S\n]+[{_flattened._BLANK_MARKS}])*(?!\S)"
"""A row whose only cells are blank marks standing apart (行政许可  /), which ends the row as values do."""

_REFERENCE_ROW_END = re.compile(rf"{_REFERENCE_RUN.pattern}|{_REFERENCE_BLANKS}")


@given(st.text(alphabet="01\uff12 \n\t,，.．+-—/件项元万x规", max_size=40))
def test_run_spans_are_what_the_run_pattern_finds(text: str) -> None:
    """The linear scan finds the runs (or blank marks standing apart) the one-pattern definition finds."""
    expected = [match.span() for match in _REFERENCE_ROW_END.finditer(text) if match.group().strip()]
    assert list(_flattened._run_spans(text)) == expected


@given(st.text(alphabet=" \t|-=─━+:x\n", max_size=30))
def test_rule_lines_are_what_the_rule_pattern_matches(text: str) -> None:
    """Two linear patterns tell a drawn rule as the one backtracking pattern did."""
    chars = r"[\s|\uff5c\u2502\u2503+:\-=\u2500\u2501\u253c\u254b]*"
    reference = re.compile(chars + r"[\-=\u2500\u2501]{3}" + chars)
    assert _flattened._rule_line(text) == (reference.fullmatch(text) is not None)
