"""Byte-to-text decoding: BOM, declared charset, UTF-8, GB18030, in that order."""

from __future__ import annotations

import codecs

import pytest

from govinfo_report.errors import ExtractionError, ParseError
from govinfo_report.readers._encoding import canonical_encoding, decode_text, sniff_declared_encoding

REPORT = "沭阳县发展和改革局2023年政府信息公开工作年度报告"


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    ],
)
def test_bom_wins_and_is_removed(bom: bytes, codec: str, name: str) -> None:
    """A byte-order mark decides the encoding, even against a declaration, and is not part of the text."""
    assert decode_text(bom + REPORT.encode(codec), declared="gb2312") == (REPORT, name)


def test_plain_utf8() -> None:
    """Undeclared UTF-8 decodes as UTF-8."""
    assert decode_text(REPORT.encode("utf-8")) == (REPORT, "utf-8")


@pytest.mark.parametrize("label", ["GB2312", "gbk", "x-gbk", "GB18030", "cp936"])
def test_gb_family_reads_as_gb18030(label: str) -> None:
    """GB2312 and GBK labels decode with GB18030, their superset (as browsers do)."""
    # 𠀀 (U+20000) exists only in GB18030: a page labelled GB2312 may still contain it.
    text = REPORT + "𠀀"
    assert decode_text(text.encode("gb18030"), declared=label) == (text, "gb18030")


def test_undeclared_gbk_falls_back_to_gb18030() -> None:
    """Bytes that are not UTF-8 and carry no declaration are read as GB18030."""
    assert decode_text(REPORT.encode("gbk")) == (REPORT, "gb18030")


def test_stale_legacy_declaration_loses_to_valid_utf8() -> None:
    """A page re-encoded to UTF-8 but still declaring GB2312 is read as UTF-8."""
    assert decode_text(REPORT.encode("utf-8"), declared="gb2312") == (REPORT, "utf-8")


def test_ascii_with_declaration_uses_the_declaration() -> None:
    """Pure ASCII gives no evidence against the declared charset, which is reported."""
    assert decode_text(b"plain", declared="gbk") == ("plain", "gb18030")


def test_declared_big5_is_honoured() -> None:
    """A declared Big5 page decodes as Big5-HKSCS."""
    text = "本機關政府資訊公開工作年度報告"
    assert decode_text(text.encode("big5"), declared="big5") == (text, "big5hkscs")


def test_undeclared_big5_best_effort() -> None:
    """Undeclared Big5 that GB18030 would read into private-use characters is read as Big5."""
    text = "本機關政府資訊公開工作年度報告，依據條例規定辦理申請"
    assert decode_text(text.encode("big5")) == (text, "big5hkscs")


def test_wrong_declaration_falls_back() -> None:
    """A declared charset that cannot decode the bytes is skipped for UTF-8 then GB18030."""
    assert decode_text(REPORT.encode("gbk"), declared="shift_jis") == (REPORT, "gb18030")


def test_unknown_label_is_ignored() -> None:
    """An unknown charset label behaves like no declaration."""
    assert decode_text(REPORT.encode("utf-8"), declared="no-such-charset") == (REPORT, "utf-8")


def test_undecodable_bytes_raise_a_clear_parse_error() -> None:
    """Bytes no candidate decodes give an ExtractionError naming what was tried, with the source."""
    with pytest.raises(ExtractionError, match=r"unknown text encoding \(tried UTF-8, GB18030\)") as info:
        decode_text(b"\x80\x80\xff\xfe\x00abc", source="bad.txt")
    assert isinstance(info.value, ParseError)
    assert info.value.location is not None
    assert info.value.location.source == "bad.txt"
    assert "bad.txt" in str(info.value)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("GB2312", "gb18030"),
        (" gbk ", "gb18030"),
        ("UTF8", "utf-8"),
        ("utf-8", "utf-8"),
        ("Big5", "big5hkscs"),
        ("ISO-8859-1", "cp1252"),
        ("windows-1252", "cp1252"),
        ("bogus", None),
        ("", None),
    ],
)
def test_canonical_encoding(label: str, expected: str | None) -> None:
    """Declared labels map onto the codec browsers use for them."""
    assert canonical_encoding(label) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<html><head><meta charset="gb2312">', "gb2312"),
        (b"<html><head><META CHARSET=GBK>", "GBK"),
        (b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" />', "gb2312"),
        (b"<html><head><meta content='text/html;charset=utf-8' http-equiv='Content-Type'>", "utf-8"),
        (b'<?xml version="1.0" encoding="GB18030"?><html/>', "GB18030"),
        (b"<html><body>no declaration</body></html>", None),
    ],
)
def test_sniff_declared_encoding(head: bytes, expected: str | None) -> None:
    """Charset declarations are found in meta tags and XML declarations."""
    assert (
        sniff_declared_encoding(b"<html><head>" + head if not head.startswith(b"<?xml") else head) == expected
    )


def test_a_few_damaged_bytes_are_replaced_not_fatal() -> None:
    """UTF-8 text with one broken byte sequence is read, the damage replaced and counted in the encoding."""
    text = "二、主动公开政府信息情况" * 200
    data = text.encode("utf-8")
    damaged = data[:30] + b"\xff" + data[30:]
    decoded, encoding = decode_text(damaged)
    assert decoded.count("\ufffd") == 1
    assert decoded.replace("\ufffd", "") == text
    assert encoding == "utf-8 (1 damaged byte sequences replaced)"


def test_mostly_undecodable_bytes_still_fail() -> None:
    """Binary junk is not passed off as damaged text."""
    junk = bytes(range(128, 256)) * 20
    with pytest.raises(ExtractionError, match="unknown text encoding"):
        decode_text(junk)
