"""Number parsing and label normalisation (spec §10.3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govinfo_report.assembly._normalize import (
    ParsedNumber,
    is_placeholder,
    normalize_label,
    normalize_text,
    parse_number,
)
from govinfo_report.model import CellState

IDEOGRAPHIC_SPACE = "\u3000"
NBSP = "\u00a0"


# -- parse_number: counts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "signed"),
    [
        ("0", 0, False),
        ("2492", 2492, False),
        ("+28", 28, True),
        ("-22", -22, True),
        ("\u22123", -3, True),  # U+2212 MINUS SIGN
        ("\uff0b5", 5, True),  # full-width plus
        ("\uff0d5", -5, True),  # full-width hyphen-minus
        ("\uff11\uff12\uff13", 123, False),  # full-width digits
        (f"{IDEOGRAPHIC_SPACE}0", 0, False),  # seed-000's "　0"
        (f"0{IDEOGRAPHIC_SPACE}", 0, False),
        (f"{IDEOGRAPHIC_SPACE}2492", 2492, False),
        (f"{NBSP}5{NBSP}", 5, False),
        (" 1 ", 1, False),
        ("0  ", 0, False),
        ("1,234", 1234, False),
        ("12,345,678", 12345678, False),
        ("+1,234", 1234, True),
    ],
)
def test_counts(text: str, value: int, signed: bool) -> None:
    parsed = parse_number(text)
    assert parsed == ParsedNumber(value, CellState.VALUE, None, signed=signed)
    assert type(parsed.value) is int


@pytest.mark.parametrize(
    "text", ["", " ", IDEOGRAPHIC_SPACE, "\t", "-", "--", "\u2014", "\u2014\u2014", "\u2013", "/"]
)
def test_dashes_and_empty_are_blank_not_zero(text: str) -> None:
    parsed = parse_number(text)
    assert parsed.state is CellState.BLANK
    assert parsed.value is None


@pytest.mark.parametrize(
    "text", ["X", "XX", "x", "\uff38", "若干", "约10", "10%", "5\uff05", "无", "abc", "12,34", "1,2345"]
)
def test_placeholders_and_non_numbers_are_invalid(text: str) -> None:
    parsed = parse_number(text)
    assert parsed.state is CellState.INVALID
    assert parsed.value is None
    assert parse_number(text, allow_decimal=True).state is CellState.INVALID


@pytest.mark.parametrize("text", ["1.5", "0.0", "627.1854", "1,234.5"])
def test_decimals_are_invalid_where_a_count_is_expected(text: str) -> None:
    assert parse_number(text).state is CellState.INVALID
    assert parse_number(text).value is None


# -- parse_number: money and units ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("627.1854", Decimal("627.1854"), None),
        ("24433934", Decimal("24433934"), None),
        (" 271217", Decimal("271217"), None),
        ("160.5964万元", Decimal("160.5964"), "万元"),
        ("251000元", Decimal("251000"), "元"),
        ("1,234.50元", Decimal("1234.50"), "元"),
        ("\uff16\uff12\uff17.\uff11\uff18\uff15\uff14", Decimal("627.1854"), None),
        (f"{IDEOGRAPHIC_SPACE}0.5万元{IDEOGRAPHIC_SPACE}", Decimal("0.5"), "万元"),
    ],
)
def test_money_allows_decimals_and_records_unit(text: str, value: Decimal, unit: str | None) -> None:
    parsed = parse_number(text, allow_decimal=True)
    assert parsed.state is CellState.VALUE
    assert isinstance(parsed.value, Decimal)
    assert parsed.value == value
    assert parsed.unit == unit


@pytest.mark.parametrize(("text", "unit"), [("12件", "件"), ("3项", "项"), ("130条", "条"), ("7个", "个")])
def test_count_unit_suffix_is_stripped_and_recorded(text: str, unit: str) -> None:
    parsed = parse_number(text)
    assert parsed.state is CellState.VALUE
    assert parsed.unit == unit
    assert parsed.value == int(text[:-1])


def test_unit_alone_is_not_a_number() -> None:
    assert parse_number("元").state is CellState.INVALID
    assert parse_number("万元", allow_decimal=True).value is None


def test_decimal_with_unit_in_count_cell_keeps_unit_but_is_invalid() -> None:
    parsed = parse_number("160.5964万元")
    assert parsed.state is CellState.INVALID
    assert parsed.unit == "万元"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integers_round_trip(number: int) -> None:
    assert parse_number(str(number)).value == number
    assert parse_number(f"{number:,}").value == number


@given(
    st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
)
def test_money_round_trips(amount: Decimal) -> None:
    parsed = parse_number(format(amount, "f"), allow_decimal=True)
    assert parsed.state is CellState.VALUE
    assert parsed.value == amount


# -- placeholders --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["X", "XX", "xx", "X%", "若干", "约20", "95%", " X "])
def test_is_placeholder(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["0", "12", "", "规章", "+3"])
def test_is_not_placeholder(text: str) -> None:
    assert not is_placeholder(text)


# -- labels --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("found", "canonical"),
    [
        ("规    章", "规章"),  # seed-002
        ("上一年 项目数量", "上一年项目数量"),  # seed-001
        ("本年新\n制作数量", "本年新制作数量"),  # seed-003
        ("结\n\n果\n\n维\n\n持", "结果维持"),  # seed-004
        ("（三）不予\n\n公开", "(三)不予公开"),
        ("总 计", "总计"),
        (f"{NBSP}规{IDEOGRAPHIC_SPACE}章\t", "规章"),
        ("（一） 予以公开", "(一)予以公开"),
        ("(一) 予以公开", "(一)予以公开"),
        ("第二十条第（五）项", "第二十条第(五)项"),
        ("本年增／减", "本年增/减"),
        ("\uff11.属于国家秘密", "1.属于国家秘密"),
    ],
)
def test_normalize_label_removes_whitespace_and_unifies_forms(found: str, canonical: str) -> None:
    assert normalize_label(found) == canonical


def test_quotes_are_unified() -> None:
    forms = ["“三安全一稳定”", '"三安全一稳定"', "「三安全一稳定」", "\uff02三安全一稳定\uff02"]
    assert len({normalize_label(form) for form in forms}) == 1


def test_enumeration_comma_and_comma_are_equivalent() -> None:
    """The V2021 其他处理 sub-row labels are printed with either "、" or "，" (spec §10.3)."""
    with_comma = "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请"
    with_enumeration_comma = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert normalize_label(with_comma) == normalize_label(with_enumeration_comma)


def test_ji_typo_is_kept_for_variant_matching() -> None:
    """seed-002's 只记…不记 (for 只计…不计) is not folded away: the assembler records it as a variant."""
    typo = "（二）部分公开（区分处理的，只记这一情形，不记其他情形）"
    official = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert normalize_label(typo) != normalize_label(official)
    assert normalize_label(typo).replace("记", "计") == normalize_label(official)


def test_normalize_label_keeps_distinct_labels_distinct() -> None:
    assert normalize_label("规章") != normalize_label("规范性文件")
    assert normalize_label("（一）予以公开") != normalize_label("（二）予以公开")


def test_normalize_text_keeps_spacing_but_folds_forms() -> None:
    assert normalize_text("（\uff11）\uff41") == "(1)a"
    assert normalize_text("a b") == "a b"
    # CJK Radicals Supplement and Kangxi radicals, as PDF fonts emit them, become ideographs.
    assert normalize_text("\u2ed4") == "门"
    assert normalize_text("\u2f08") == "人"


@given(st.text(alphabet=st.sampled_from(" \t\n\u3000\u00a0规章（）()一二总计、，"), max_size=30))
def test_normalize_label_is_idempotent_and_has_no_whitespace(text: str) -> None:
    once = normalize_label(text)
    assert normalize_label(once) == once
    assert not any(char.isspace() for char in once)
