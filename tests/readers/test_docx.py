"""The DOCX parser: bounded zip reading, paragraphs, and gridSpan/vMerge tables."""

from __future__ import annotations

import io
import json
import random
import struct
import zipfile
import zlib
from contextlib import nullcontext as _no_warning
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from tests.conftest import SHARED_DIR
from tests.docxgen import CONTENT_TYPES, ROOT_RELS, W_NS, build_docx, document_xml, docx_paragraph, raw_zip
from tests.readers.test_html import check_shuyang_grids

from govinfo_report.document import Document, Paragraph, TableGrid
from govinfo_report.errors import (
    ExtractionError,
    LimitExceededError,
    ParseError,
    UnsupportedFormatError,
)
from govinfo_report.limits import Limits
from govinfo_report.model import Format
from govinfo_report.readers._xml import XML_PARSER, XPaths
from govinfo_report.readers.docx import _format_number, read_docx

DATA = Path(__file__).parent.parent / "data"


def _docx(body: str, **kwargs: Any) -> bytes:
    return build_docx(document_xml(body), **kwargs)


def _grids(document: Document) -> list[TableGrid]:
    return [block for block in document.blocks if isinstance(block, TableGrid)]


def _texts(grid: TableGrid) -> list[list[str]]:
    return [[cell.text for cell in row] for row in grid.rows]


def _paragraphs(document: Document) -> list[str]:
    return [block.text for block in document.blocks if isinstance(block, Paragraph)]


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


RESTART = '<w:vMerge w:val="restart"/>'
CONTINUE = '<w:vMerge w:val="continue"/>'


def _grid_span(columns: int) -> str:
    return f'<w:gridSpan w:val="{columns}"/>'


def _tc(text: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{docx_paragraph(text)}</w:tc>"


def _corpus_file(name: str) -> Path:
    local = DATA / "corpus" / name
    return local if local.exists() else SHARED_DIR / "corpus" / name


# -- paragraphs ----------------------------------------------------------------------------------------


def test_runs_tabs_and_breaks() -> None:
    """Run texts concatenate; w:tab is a tab, w:br and w:cr newlines; empty paragraphs are skipped."""
    body = (
        f"<w:p>{_run('一、')}<w:r><w:rPr><w:b/></w:rPr><w:t>总体</w:t></w:r>{_run('情况')}</w:p>"
        "<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>"
        "<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t></w:r></w:p>"
    )
    document = read_docx(_docx(body), source="d.docx")
    assert _paragraphs(document) == ["一、总体情况", "a\tb\nc\nd"]
    first = document.blocks[0]
    assert first.location.xpath == "/w:document/w:body/w:p[1]"
    assert first.location.source == "d.docx"
    assert document.format is Format.DOCX


def test_tab_stops_in_paragraph_properties_are_not_text() -> None:
    """w:tab inside w:pPr/w:tabs defines a tab stop and adds no text."""
    body = '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>' + _run("x") + "</w:p>"
    assert _paragraphs(read_docx(_docx(body))) == ["x"]


def test_fields_show_their_result_not_their_code() -> None:
    """Simple and complex fields contribute their displayed result; instruction text is skipped."""
    body = (
        '<w:p><w:fldSimple w:instr=" DATE "><w:r><w:t>2024年1月17日</w:t></w:r></w:fldSimple></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    assert _paragraphs(read_docx(_docx(body))) == ["2024年1月17日", "3"]


def test_revisions_content_controls_and_hyperlinks() -> None:
    """Deleted text is dropped, inserted kept; w:sdt (block and inline) and hyperlinks are read through."""
    body = (
        f"<w:p>{_run('共')}<w:del><w:r><w:delText>5</w:delText></w:r></w:del>"
        f"<w:ins><w:r><w:t>6</w:t></w:r></w:ins>{_run('件')}</w:p>"
        f"<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtContent><w:p>{_run('控件段落')}</w:p>"
        "</w:sdtContent></w:sdt>"
        f"<w:p><w:sdt><w:sdtPr/><w:sdtContent>{_run('内联')}</w:sdtContent></w:sdt>"
        f"<w:hyperlink>{_run('链接')}</w:hyperlink></w:p>"
    )
    assert _paragraphs(read_docx(_docx(body))) == ["共6件", "控件段落", "内联链接"]


def test_text_boxes_follow_their_anchor_once() -> None:
    """Text box content becomes blocks after its paragraph, read from the Choice, not also the Fallback."""
    box = f"<w:txbxContent><w:p>{_run('文本框')}</w:p></w:txbxContent>"
    body = (
        f"<w:p>{_run('锚点')}<w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>{box}'
        "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        f"</mc:AlternateContent></w:r>{_run('后')}</w:p>"
        f"<w:p>{_run('下一段')}</w:p>"
    )
    assert _paragraphs(read_docx(_docx(body))) == ["锚点后", "文本框", "下一段"]


def test_title_from_core_properties() -> None:
    """docProps/core.xml's dc:title is the document title; without it the title is None."""
    assert read_docx(_docx(docx_paragraph("x"), title=" 年度报告 ")).title == "年度报告"
    assert read_docx(_docx(docx_paragraph("x"))).title is None


def _numbered(text: str, num_id: int, level: int = 0) -> str:
    return (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
        f"{_run(text)}</w:p>"
    )


NUMBERING = (
    f'<w:numbering xmlns:w="{W_NS}">'
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
    '<w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="0"/>'
    '<w:lvlOverride w:ilvl="2"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
    "</w:numbering>"
)


def test_automatic_list_numbers_are_rendered() -> None:
    """List paragraphs get the number Word shows (一、 / （一） / 1.), also in cells; bullets add nothing."""
    body = (
        _numbered("总体情况", 1)
        + _numbered("主动公开", 1, 1)
        + _numbered("依申请公开", 1, 1)
        + _numbered("导航", 2)
        + _numbered("主动公开政府信息情况", 1)
        + f"<w:tbl><w:tr><w:tc>{_numbered('予以公开', 1, 1)}</w:tc>{_tc('5')}</w:tr></w:tbl>"
        + _numbered("第一项", 1, 2)
        + _numbered("第二项", 1, 2)
        + _numbered("接续", 3, 2)
        + _numbered("无编号", 0)
    )
    document = read_docx(_docx(body, extra={"word/numbering.xml": NUMBERING.encode()}))
    assert _paragraphs(document) == [
        "一、总体情况",
        "（一）主动公开",
        "（二）依申请公开",
        "导航",
        "二、主动公开政府信息情况",
        "1.\t第一项",
        "2.\t第二项",
        "5.\t接续",
        "无编号",
    ]
    (grid,) = _grids(document)
    assert _texts(grid) == [["（一）予以公开", "5"]]


def _numbering_starting_at(start: str, fmt: str, *, override: str | None = None) -> bytes:
    start_override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{override}"/></w:lvlOverride>' if override else ""
    )
    return (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">'
        f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        '<w:lvlText w:val="%1."/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
        f'<w:num w:numId="1"><w:abstractNumId w:val="0"/>{start_override}</w:num></w:numbering>'
    ).encode()


@pytest.mark.parametrize("fmt", ["upperLetter", "lowerLetter", "upperRoman", "chineseCounting", "decimal"])
@pytest.mark.parametrize("start", ["100000000000", "9" * 4000, "9" * 5000, "-5", "1e9"])
def test_list_counters_from_the_file_are_bounded(fmt: str, start: str) -> None:
    """A start value out of the 32-bit range is ignored, in any format, and labels stay short."""
    for numbering in (_numbering_starting_at(start, fmt), _numbering_starting_at("1", fmt, override=start)):
        document = read_docx(_docx(_numbered("x", 1) * 3, extra={"word/numbering.xml": numbering}))
        labels = [text[:-1] for text in _paragraphs(document)]
        assert [_format_number(number, fmt) + "." for number in (1, 2, 3)] == labels


@pytest.mark.parametrize("fmt", ["upperLetter", "lowerLetter"])
def test_letter_labels_are_bounded(fmt: str) -> None:
    """Letters repeat up to a few times (AAA); beyond, the label is the decimal counter."""
    assert _format_number(26 * 3, fmt) == ("ZZZ" if fmt == "upperLetter" else "zzz")
    assert _format_number(2**31 - 1, fmt) == str(2**31 - 1)


def test_level_text_is_bounded() -> None:
    """A level text of a megabyte gives a short label to each paragraph, not a megabyte each."""
    numbering = _numbering_starting_at("1", "decimal").replace(b"%1.", b"%1" + b"x" * (1 << 20))
    document = read_docx(_docx(_numbered("y", 1) * 50, extra={"word/numbering.xml": numbering}))
    assert all(len(text) < 100 for text in _paragraphs(document))


@pytest.mark.parametrize(
    ("fmt", "numbers", "expected"),
    [
        (
            "chineseCounting",
            (1, 10, 11, 20, 21, 105, 110),
            ("一", "十", "十一", "二十", "二十一", "一百零五", "一百一十"),
        ),
        ("chineseLegalSimplified", (3, 12), ("叁", "壹拾贰")),
        ("ideographTraditional", (1, 2, 11), ("甲", "乙", "甲")),
        ("decimalEnclosedCircle", (1, 3), ("①", "③")),
        ("upperRoman", (4, 9), ("IV", "IX")),
        ("lowerLetter", (1, 27), ("a", "aa")),
        ("decimalZero", (7,), ("07",)),
        ("somethingNew", (7,), ("7",)),
    ],
)
def test_number_formats(fmt: str, numbers: tuple[int, ...], expected: tuple[str, ...]) -> None:
    """Counters render in WordprocessingML's number formats; unknown formats fall back to decimal."""
    assert tuple(_format_number(number, fmt) for number in numbers) == expected


# -- tables --------------------------------------------------------------------------------------------


def test_gridspan_and_vmerge_expand_into_a_true_grid() -> None:
    """gridSpan is a column span, vMerge restart/continue a row span; copies are marked spanned."""
    body = (
        "<w:tbl>"
        f"<w:tr>{_tc('A', RESTART)}{_tc('B', _grid_span(2))}</w:tr>"
        f"<w:tr>{_tc('', '<w:vMerge/>')}{_tc('C')}{_tc('D')}</w:tr>"
        f"<w:tr>{_tc('', CONTINUE)}{_tc('0')}{_tc('')}</w:tr>"
        "</w:tbl>"
    )
    document = read_docx(_docx(body), source="d.docx")
    (grid,) = _grids(document)
    assert _texts(grid) == [["A", "B", "B"], ["A", "C", "D"], ["A", "0", ""]]
    assert [[cell.spanned for cell in row] for row in grid.rows] == [
        [False, False, True],
        [True, False, False],
        [True, False, False],
    ]
    copy = grid.rows[2][0]
    assert (copy.location.table, copy.location.row, copy.location.col) == (0, 2, 0)
    assert copy.location.xpath == "/w:document/w:body/w:tbl/w:tr[1]/w:tc[1]"
    assert grid.rows[1][2].location.xpath == "/w:document/w:body/w:tbl/w:tr[2]/w:tc[3]"
    assert grid.location.xpath == "/w:document/w:body/w:tbl"


def test_blank_cells_and_multi_paragraph_cells() -> None:
    """A blank cell is "", "0" stays "0"; a cell's non-blank paragraphs join with newlines."""
    body = (
        "<w:tbl><w:tr>"
        f"<w:tc><w:p/><w:p>{_run('商业')}</w:p><w:p>{_run('企业')}</w:p></w:tc>"
        f"{_tc('0')}<w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>\u00a0</w:t></w:r></w:p></w:tc>"
        "</w:tr></w:tbl>"
    )
    (grid,) = _grids(read_docx(_docx(body)))
    assert _texts(grid) == [["商业\n企业", "0", "", "\u00a0"]]


def test_grid_before_and_broken_merges() -> None:
    """w:gridBefore shifts a row right; a vMerge continue without a cell above starts a new cell."""
    body = (
        "<w:tbl>"
        f"<w:tr>{_tc('a')}{_tc('b')}{_tc('c')}</w:tr>"
        f'<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>{_tc("x", "<w:vMerge/>")}{_tc("y")}</w:tr>'
        "</w:tbl>"
    )
    (grid,) = _grids(read_docx(_docx(body)))
    assert _texts(grid) == [["a", "b", "c"], ["", "x", "y"]]
    assert not any(cell.spanned for row in grid.rows for cell in row)


def test_nested_layout_table_yields_inner_grids_and_outer_paragraphs() -> None:
    """A table containing tables is a container: inner tables become grids, outer text paragraphs."""
    inner = f"<w:tbl><w:tr>{_tc('1')}{_tc('2')}</w:tr></w:tbl>"
    body = (
        f"<w:p>{_run('前')}</w:p>"
        f"<w:tbl><w:tr><w:tc><w:p>{_run('一、总体情况')}</w:p>{inner}<w:p>{_run('二、其他')}</w:p></w:tc></w:tr></w:tbl>"
        f"<w:tbl><w:tr><w:tc><w:p>{_run('单格')}</w:p></w:tc></w:tr></w:tbl>"
    )
    document = read_docx(_docx(body))
    order = [("T" if isinstance(block, TableGrid) else block.text) for block in document.blocks]
    assert order == ["前", "一、总体情况", "T", "二、其他", "单格"]
    (grid,) = _grids(document)
    assert _texts(grid) == [["1", "2"]]
    assert grid.location.table == 0


def test_max_table_cells_is_enforced() -> None:
    """A grid of more rows x columns than limits.max_table_cells raises LimitExceededError."""
    row = f"<w:tr>{_tc('1', _grid_span(5))}{_tc('2')}</w:tr>"  # 6 columns
    with pytest.raises(LimitExceededError, match="max_table_cells"):
        read_docx(_docx(f"<w:tbl>{row * 3}</w:tbl>"), limits=Limits(max_table_cells=12))
    assert len(_grids(read_docx(_docx(f"<w:tbl>{row * 2}</w:tbl>"), limits=Limits(max_table_cells=12)))) == 1


@pytest.mark.parametrize("offset", [10**3, 10**7, 10**18])
def test_grid_before_is_bounded_by_the_grid_it_makes(offset: int) -> None:
    """A row shifted by w:gridBefore widens every row: the grid is refused before it is allocated."""
    shifted = f'<w:tr><w:trPr><w:gridBefore w:val="{offset}"/></w:trPr>{_tc("1")}{_tc("2")}</w:tr>'
    plain = f"<w:tr>{_tc('1')}{_tc('2')}</w:tr>"
    with pytest.raises(LimitExceededError, match=r"Limits\.max_table_cells"):
        read_docx(_docx(f"<w:tbl>{shifted}{plain * 20}</w:tbl>"))


def test_a_huge_trailing_span_is_clamped() -> None:
    """A gridSpan reaching past the last column costs nothing: the columns it covers alone are dropped."""
    row = f"<w:tr>{_tc('1')}{_tc('2', _grid_span(2**31))}</w:tr>"
    [grid] = _grids(read_docx(_docx(f"<w:tbl>{row * 3}</w:tbl>")))
    assert _texts(grid) == [["1", "2"]] * 3


# -- not a DOCX ----------------------------------------------------------------------------------------


def test_legacy_doc_gives_a_conversion_hint() -> None:
    """An OLE2 file (legacy .doc) is refused with the LibreOffice conversion command."""
    with pytest.raises(UnsupportedFormatError, match=r"soffice --headless --convert-to docx") as info:
        read_docx((DATA / "docx" / "legacy.doc").read_bytes(), source="legacy.doc")
    assert ".doc" in str(info.value)


@pytest.mark.parametrize("data", [b"", b"plain text, not a zip", b"PK\x03\x04truncated"])
def test_not_a_zip(data: bytes) -> None:
    """Bytes that are not a zip archive raise UnsupportedFormatError."""
    with pytest.raises(UnsupportedFormatError, match="not a zip archive"):
        read_docx(data)


def test_unsupported_zip_version_is_not_a_crash() -> None:
    """A zip asking for a newer zip version gives UnsupportedFormatError, not NotImplementedError."""
    data = bytearray(build_docx(document_xml(docx_paragraph("x"))))
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 6, 64)  # "version needed to extract": 6.4
    with pytest.raises(UnsupportedFormatError, match="not a zip archive"):
        read_docx(bytes(data))


def _zip(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_without_word_document() -> None:
    """A zip without word/document.xml is not a DOCX; an OpenDocument file gets a conversion hint."""
    with pytest.raises(UnsupportedFormatError, match=r"no word/document\.xml"):
        read_docx(_zip({"hello.txt": "hi"}))
    with pytest.raises(UnsupportedFormatError, match=r"OpenDocument.*soffice"):
        read_docx(_zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}))


def test_main_part_found_through_relationships() -> None:
    """The main document part is the officeDocument relationship's target, whatever its name."""
    rels = ROOT_RELS.replace("word/document.xml", "word/document2.xml")
    data = _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": rels,
            "word/document2.xml": document_xml(docx_paragraph("正文")),
        }
    )
    assert _paragraphs(read_docx(data)) == ["正文"]


def test_malformed_xml_is_a_parse_error_with_a_line() -> None:
    """A document.xml that is not well-formed raises ExtractionError with its line."""
    with pytest.raises(ExtractionError, match="could not be parsed as XML") as info:
        read_docx(build_docx(document_xml("<w:p>\n<w:r>") + "\n<oops"), source="bad.docx")
    assert info.value.location is not None
    assert info.value.location.source == "bad.docx"
    assert info.value.location.line is not None


def test_excessive_nesting_is_a_parse_error() -> None:
    """Nesting beyond libxml2's depth bound (no huge_tree) raises ExtractionError, not RecursionError."""
    body = "<w:sdt><w:sdtContent>" * 300 + docx_paragraph("x") + "</w:sdtContent></w:sdt>" * 300
    with pytest.raises(ExtractionError, match="depth"):
        read_docx(build_docx(document_xml(body)))


def test_damaged_optional_parts_do_not_stop_the_body() -> None:
    """Broken core properties, relationships or numbering lose only what they carry."""
    body = document_xml(
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        "<w:r><w:t>正文</w:t></w:r></w:p>"
    )
    data = _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": "<Relationships",
            "word/document.xml": body,
            "word/numbering.xml": "<w:numbering",
            "docProps/core.xml": "<cp:coreProperties><dc:title>",
        }
    )
    document = read_docx(data)
    assert (_paragraphs(document), document.title) == (["正文"], None)


def test_member_names_with_backslashes_or_other_case() -> None:
    """Member names written with backslashes or another case are still found."""
    data = _zip({"Word\\Document.xml": document_xml(docx_paragraph("正文"))})
    assert _paragraphs(read_docx(data)) == ["正文"]


def test_wrong_root_element() -> None:
    """A main part that is XML but not a WordprocessingML document is refused."""
    with pytest.raises(UnsupportedFormatError, match="not a WordprocessingML document"):
        read_docx(build_docx("<root/>"))


# -- zip bounds ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A real DOCX-named zip whose document.xml inflates to 1 GiB of zeros, about 1 MB compressed.

    The deflate stream is built from one fully flushed 1 MiB block repeated
    (after a full flush the compressor starts afresh, so each block is the same).
    """
    chunk = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    compressed = block * 1024 + compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(1024):
        crc = zlib.crc32(chunk, crc)
    return raw_zip("word/document.xml", compressed, 1 << 30, crc)


def test_zip_bomb_is_genuine(zip_bomb: bytes) -> None:
    """The fixture really declares and holds 1 GiB (checked on its first megabytes only)."""
    archive = zipfile.ZipFile(io.BytesIO(zip_bomb))
    info = archive.getinfo("word/document.xml")
    assert info.file_size == 1 << 30
    assert info.compress_size < 2 * 1024 * 1024
    with archive.open(info) as member:
        assert member.read(4 << 20) == bytes(4 << 20)


def test_zip_bomb_is_rejected_before_decompressing(zip_bomb: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """The declared total size fails the bound before any member is opened."""

    def no_open(*args: object, **kwargs: object) -> object:
        raise AssertionError("a member was decompressed")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_open)
    with pytest.raises(LimitExceededError, match="max_uncompressed_bytes") as info:
        read_docx(zip_bomb, source="bomb.docx")
    assert info.value.location is not None
    assert info.value.location.source == "bomb.docx"


def test_compression_ratio_is_bounded_before_decompressing(
    zip_bomb: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With room for its size, a member expanding beyond max_compression_ratio is still refused unread."""
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("a member was decompressed"))
    with pytest.raises(LimitExceededError, match="max_compression_ratio"):
        read_docx(zip_bomb, limits=Limits(max_uncompressed_bytes=2 << 30))


def test_member_count_is_bounded() -> None:
    """More members than max_zip_members raises LimitExceededError."""
    members: dict[str, bytes | str] = {f"word/media/{i}.txt": "x" for i in range(20)}
    members["word/document.xml"] = document_xml(docx_paragraph("x"))
    with pytest.raises(LimitExceededError, match="max_zip_members"):
        read_docx(_zip(members), limits=Limits(max_zip_members=10))
    assert _paragraphs(read_docx(_zip(members), limits=Limits(max_zip_members=30))) == ["x"]


def test_lying_declared_size_is_an_error() -> None:
    """A member larger than its declared size fails (zipfile stops at the declared size; the CRC fails)."""
    content = document_xml(docx_paragraph("x" * 100_000)).encode()
    data = bytearray(build_docx(content))
    central = data.rfind(b"PK\x01\x02")
    while central >= 0:  # patch the document.xml entry's declared size
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == b"word/document.xml":
            struct.pack_into("<L", data, central + 24, 1000)
            break
        central = data.rfind(b"PK\x01\x02", 0, central)
    with pytest.raises(ParseError):
        read_docx(bytes(data))


def test_capped_read_refuses_more_than_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should a member yield more than its bound allows, reading stops at the bound plus one and fails."""
    data = build_docx(document_xml(docx_paragraph("x")))
    limits = Limits(max_uncompressed_bytes=10_000)
    served: list[int] = []

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            size = len(buffer)
            buffer[:size] = b"<" * size
            served.append(size)
            return size

    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: io.BufferedReader(Endless()))
    with pytest.raises(LimitExceededError, match="expands beyond"):
        read_docx(data, limits=limits)
    assert sum(served) <= 10_000 + 1 + io.DEFAULT_BUFFER_SIZE


def test_corrupt_member_is_an_extraction_error() -> None:
    """A damaged deflate stream raises ExtractionError, not a zlib or zipfile error."""
    data = bytearray(build_docx(document_xml(docx_paragraph("正文" * 2000))))
    start = data.find(b"word/document.xml") + len("word/document.xml")
    data[start + 10 : start + 60] = b"\xff" * 50
    with pytest.raises(ExtractionError):
        read_docx(bytes(data))


# -- the corpus ----------------------------------------------------------------------------------------


def test_corpus_shuyang_docx() -> None:
    """The LibreOffice conversion of the shuyang page gives the same report grids as the HTML."""
    path = _corpus_file("shuyang-county-ndrc-2023-lo.docx")
    golden = json.loads(path.with_name("shuyang-county-ndrc-2023-lo.golden.json").read_text(encoding="utf-8"))
    document = read_docx(path.read_bytes(), source=path.name)
    assert len(_grids(document)) == 4
    check_shuyang_grids(document, golden)
    paragraphs = _paragraphs(document)
    for heading in ("一、总体情况", "四、政府信息公开行政复议、行政诉讼情况", "六、其他需要报告的事项"):
        assert heading in paragraphs


def test_xpaths_match_lxml_getpath() -> None:
    """The linear-time XPaths equal lxml's getpath for every element of the corpus document."""
    path = _corpus_file("shuyang-county-ndrc-2023-lo.docx")
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"), XML_PARSER)
    tree = root.getroottree()
    xpaths = XPaths(tree)
    elements = [element for element in root.iter() if isinstance(element.tag, str)]
    assert len(elements) > 1000
    assert [xpaths(element) for element in elements] == [tree.getpath(element) for element in elements]


def _members(compression: int, document: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_a_corrupt_member_is_an_extraction_error(compression: int) -> None:
    """Damaged compressed data of document.xml, whatever the method, raises ExtractionError."""
    text = random.Random(1).randbytes(3000).hex()  # noqa: S311 - test data
    document = document_xml(docx_paragraph(text)).encode()
    data = bytearray(_members(compression, document))
    start = data.index(b"PK\x03\x04", data.index(b"word/document.xml") - 40) + 30 + len("word/document.xml")
    for offset in range(start + 16, start + 400, 3):  # the compressed data, past its header
        data[offset] ^= 0x5A
    with pytest.raises(ExtractionError, match="corrupt"):
        read_docx(bytes(data))


@pytest.mark.parametrize("second", ["word/document.xml", "Word/Document.XML", "word\\document.xml"])
def test_two_members_of_one_name_are_refused(second: str) -> None:
    """A zip holding document.xml twice is refused: which one is the document is undefined."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("word/document.xml", document_xml(docx_paragraph("first")))
        duplicate = second == "word/document.xml"
        with pytest.warns(UserWarning, match="Duplicate name") if duplicate else _no_warning():
            archive.writestr(second, document_xml(docx_paragraph("second")))
    with pytest.raises(ExtractionError, match="two members named"):
        read_docx(buffer.getvalue())
