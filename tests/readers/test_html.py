"""The HTML parser: paragraphs and table grids through page chrome and Word-exported markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import SHARED_DIR

from govinfo_report import parse_bytes
from govinfo_report.document import Document, Paragraph, TableGrid
from govinfo_report.errors import ExtractionError, LimitExceededError
from govinfo_report.limits import Limits
from govinfo_report.model import Format, TemplateVersion
from govinfo_report.model.labels import APPLICANT_COLUMNS, request_rows
from govinfo_report.readers._xml import HTML_PARSER, XPaths
from govinfo_report.readers.html import read_html

DATA = Path(__file__).parent.parent / "data"


def _page(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def _grids(document: Document) -> list[TableGrid]:
    return [block for block in document.blocks if isinstance(block, TableGrid)]


def _texts(grid: TableGrid) -> list[list[str]]:
    return [[cell.text for cell in row] for row in grid.rows]


def _spanned(grid: TableGrid) -> list[list[bool]]:
    return [[cell.spanned for cell in row] for row in grid.rows]


def _paragraphs(document: Document) -> list[str]:
    return [block.text for block in document.blocks if isinstance(block, Paragraph)]


def _corpus_file(name: str) -> Path:
    local = DATA / "corpus" / name
    return local if local.exists() else SHARED_DIR / "corpus" / name


# -- grids ---------------------------------------------------------------------------------------------


def test_rowspan_and_colspan_expand_into_a_true_grid() -> None:
    """Every position a merged cell covers holds its text; only the origin is not spanned."""
    document = read_html(
        _page(
            "<table>"
            "<tr><td rowspan=2>A</td><td colspan=2>B</td></tr>"
            "<tr><td>C</td><td>D</td></tr>"
            "<tr><td>E</td><td colspan=2 rowspan=1>F</td></tr>"
            "</table>"
        ),
        source="t.html",
    )
    (grid,) = _grids(document)
    assert _texts(grid) == [["A", "B", "B"], ["A", "C", "D"], ["E", "F", "F"]]
    assert _spanned(grid) == [[False, False, True], [True, False, False], [False, False, True]]


def test_grid_cells_carry_table_row_col_and_xpath() -> None:
    """Cell locations name the table index, grid row and column, the cell's XPath and the source."""
    document = read_html(
        _page("<table><tr><td>x</td><td>y</td></tr></table><table><tr><td rowspan=2>a</td><td>b</td></tr>"
              "<tr><td>c</td></tr></table>"),
        source="t.html",
    )  # fmt: skip
    first, second = _grids(document)
    assert first.location.table == 0
    assert second.location.table == 1
    assert second.location.xpath == "/html/body/table[2]"
    copy = second.rows[1][0]
    assert copy.spanned
    assert (copy.location.table, copy.location.row, copy.location.col) == (1, 1, 0)
    assert copy.location.xpath == "/html/body/table[2]/tr[1]/td[1]"  # the origin cell's element
    assert copy.location.source == "t.html"
    c = second.rows[1][1]
    assert (c.text, c.location.row, c.location.col, c.location.xpath) == (
        "c",
        1,
        1,
        "/html/body/table[2]/tr[2]/td",
    )


def test_absurd_spans_are_clamped_to_the_table() -> None:
    """rowspan beyond the table stops at its last row; an oversized colspan adds no empty columns."""
    document = read_html(
        _page("<table><tr><td rowspan=1000>A</td><td colspan=1000>B</td></tr><tr><td>C</td></tr></table>")
    )
    (grid,) = _grids(document)
    assert _texts(grid) == [["A", "B"], ["A", "C"]]
    assert _spanned(grid) == [[False, False], [True, False]]


def test_rowspan_zero_and_row_groups() -> None:
    """rowspan=0 reaches the end of its row group, and no rowspan crosses into the next group."""
    document = read_html(
        _page(
            "<table>"
            "<thead><tr><td rowspan=5>H</td><td>h</td></tr><tr><td>h2</td></tr></thead>"
            "<tbody><tr><td>a</td><td rowspan=0>Z</td></tr><tr><td>b</td></tr><tr><td>c</td></tr></tbody>"
            "</table>"
        )
    )
    (grid,) = _grids(document)
    assert _texts(grid) == [["H", "h"], ["H", "h2"], ["a", "Z"], ["b", "Z"], ["c", "Z"]]


def test_holes_are_blank_inside_rows_and_absent_at_their_end() -> None:
    """An uncovered position before a cell is an empty cell; missing trailing cells are not invented."""
    document = read_html(
        _page("<table><tr><td>a</td><td rowspan=2>b</td><td>c</td></tr><tr></tr><tr><td>d</td></tr></table>")
    )
    (grid,) = _grids(document)
    assert _texts(grid) == [["a", "b", "c"], ["", "b"], ["d"]]
    assert _spanned(grid) == [[False, False, False], [False, True], [False]]


def test_max_table_cells_is_enforced() -> None:
    """A table larger than limits.max_table_cells raises LimitExceededError, spans included."""
    limits = Limits(max_table_cells=10)
    small = _page("<table>" + "<tr><td>1</td><td>2</td></tr>" * 5 + "</table>")
    assert len(_grids(read_html(small, limits=limits))) == 1
    many = _page("<table>" + "<tr><td>1</td><td>2</td></tr>" * 6 + "</table>")
    with pytest.raises(LimitExceededError, match="max_table_cells"):
        read_html(many, limits=limits)
    spans = _page("<table><tr><td colspan=6 rowspan=2>x</td><td>y</td></tr><tr><td>z</td></tr></table>")
    with pytest.raises(LimitExceededError, match="max_table_cells") as info:
        read_html(spans, limits=limits, source="big.html")
    assert info.value.location is not None
    assert info.value.location.source == "big.html"
    assert info.value.location.xpath == "/html/body/table"


@pytest.mark.parametrize("empty_rows", [100, 1_000, 10_000])
def test_the_bound_counts_rows_times_width(empty_rows: int) -> None:
    """Wide spans over many empty rows: the grid (rows x width) is refused, not the sum of the spans."""
    limits = Limits(max_table_cells=5_000)
    wide = "<tr>" + '<td colspan="1000">1</td>' * 19 + "</tr>"
    page = _page("<table>" + wide + "<tr></tr>" * empty_rows + "</table>")
    with pytest.raises(LimitExceededError, match=r"Limits\.max_table_cells"):
        read_html(page, limits=limits)


def test_max_bytes_is_enforced() -> None:
    """Input over limits.max_bytes is refused before parsing."""
    with pytest.raises(LimitExceededError, match="max_bytes"):
        read_html(_page("<p>" + "x" * 200 + "</p>"), limits=Limits(max_bytes=100))


# -- cell text -----------------------------------------------------------------------------------------


def test_word_exported_nesting_in_cells() -> None:
    """Inline runs concatenate, paragraphs in a cell join with a newline, <o:p> adds nothing."""
    document = read_html(
        _page(
            "<table><tr>"
            "<td><p class=MsoNormal><span style='x'><font face=仿宋>自然</font></span>"
            "<span><font>人</font><o:p></o:p></span></p></td>"
            "<td><p class=MsoNormal>商业<o:p></o:p></p>\n  <p class=MsoNormal>企业</p></td>"
            "<td>第一行<br>第二行</td>"
            "<td><p><b>1</b><i>2</i>\n</p></td>"
            "</tr></table>"
        )
    )
    (grid,) = _grids(document)
    assert _texts(grid) == [["自然人", "商业\n企业", "第一行\n第二行", "12"]]


def test_word_html_artefacts() -> None:
    """Word's hidden column-width row, <xml> data islands and conditional comments add no content."""
    document = read_html(
        _page(
            "<!--[if gte mso 9]><xml><w:WordDocument>x</w:WordDocument></xml><![endif]-->"
            "<xml><o:DocumentProperties><o:Author>作者</o:Author></o:DocumentProperties></xml>"
            "<p>1.<![if !supportLists]><span>&nbsp;&nbsp;</span><![endif]>正文</p>"
            "<table><tr><td>x</td><td style='display:none'>hidden</td><td>y</td></tr>"
            "<![if !supportMisalignedColumns]><tr height=0 style='display:none'><td width=87></td>"
            "<td width=87></td></tr><![endif]></table>"
        )
    )
    assert _paragraphs(document) == ["1.\u00a0\u00a0正文"]
    (grid,) = _grids(document)
    assert _texts(grid) == [["x", "y"]]


def test_blank_cells_stay_blank_and_zero_stays_zero() -> None:
    """An empty cell is "", a written 0 is "0", a &nbsp; cell keeps its no-break space as raw text."""
    document = read_html(
        _page(
            "<table><tr>"
            "<td></td><td>0</td><td>  \n </td><td><p><o:p></o:p></p></td>"
            "<td><p><span><o:p>&nbsp;</o:p></span></p></td><td>&nbsp;3&nbsp;</td>"
            "</tr></table>"
        )
    )
    (grid,) = _grids(document)
    assert _texts(grid) == [["", "0", "", "", "\u00a0", "\u00a03\u00a0"]]


def test_whitespace_collapses_like_a_browser() -> None:
    """Runs of spaces collapse; a source line break between CJK characters disappears, not between words."""
    document = read_html(
        _page("<p>  政府信息\n  公开   工作  </p><p>annual\n report</p><p>2023\n年</p><pre>a\tb  c\nd</pre>")
    )
    assert _paragraphs(document) == ["政府信息公开 工作", "annual report", "2023 年", "a\tb  c", "d"]


# -- document structure ----------------------------------------------------------------------------


def test_blocks_in_reading_order_with_xpaths() -> None:
    """Paragraphs (p, div, h1-h6, li, br lines) and tables come out in document order with XPaths."""
    document = read_html(
        _page(
            "<h1>标题</h1><div>正文<br>第二行</div>"
            "<table><tr><td>a</td><td>b</td></tr></table>"
            "<ul><li>一</li><li>二</li></ul>尾巴"
        ),
        source="t.html",
    )
    kinds = [("T" if isinstance(block, TableGrid) else block.text) for block in document.blocks]
    assert kinds == ["标题", "正文", "第二行", "T", "一", "二", "尾巴"]
    paragraphs = [block for block in document.blocks if isinstance(block, Paragraph)]
    assert [p.location.xpath for p in paragraphs] == [
        "/html/body/h1",
        "/html/body/div",
        "/html/body/div",
        "/html/body/ul/li[1]",
        "/html/body/ul/li[2]",
        "/html/body",
    ]
    assert all(p.location.source == "t.html" for p in paragraphs)
    assert document.format is Format.HTML


def test_page_chrome_is_dropped() -> None:
    """Scripts, styles, nav, menus, page header/footer, hidden elements and buttons are not text."""
    document = read_html(
        _page(
            "<header><p>站点头部</p></header><nav>导航</nav><div role=navigation>菜单</div>"
            "<script>var x = '脚本';</script><style>p{}</style><noscript>请启用</noscript>"
            "<article><header><h1>报告标题</h1></header><p>正文</p><footer>落款</footer></article>"
            "<div hidden>隐藏1</div><div style='color:red; display: none'>隐藏2</div>"
            "<button>按钮</button><input type=hidden value=隐藏3><input type=submit value=提交>"
            "<footer><p>版权所有</p></footer>",
            head="<title>页面</title><style>x{}</style>",
        )
    )
    assert _paragraphs(document) == ["报告标题", "正文", "落款"]


def test_form_controls_show_their_values() -> None:
    """A filled-in form reads as a browser shows it: input values, textarea text, the chosen option."""
    document = read_html(
        _page(
            "<table><tr><td>自然人</td><td><input type=text value=3 readonly></td>"
            "<td><input value=''></td><td><input type=checkbox value=on></td></tr></table>"
            "<p>说明：<textarea>无</textarea></p>"
            "<p><select><option>甲</option><option selected>乙</option></select></p>"
            "<p><select><option>首</option><option>次</option></select></p>"
        )
    )
    (grid,) = _grids(document)
    assert _texts(grid) == [["自然人", "3", "", ""]]
    assert _paragraphs(document) == ["说明：无", "乙", "首"]


def test_metadata_table_is_kept_as_its_own_grid() -> None:
    """The 索引号/发布机构 box stays a separate grid before the report table (the assembler ignores it)."""
    document = read_html((DATA / "html" / "word-export-gbk.html").read_bytes())
    metadata, report = _grids(document)
    assert _texts(metadata)[0] == ["索引号", "000000/2021-00001", "发布机构", "某某县卫生健康局"]
    assert _texts(metadata)[1][3] == ""
    assert report.location.table == 1
    assert "申请人情况" in _texts(report)[0]


def test_nested_layout_table_does_not_swallow_report_tables() -> None:
    """A table containing tables is a container: its text becomes paragraphs, inner tables grids."""
    document = read_html((DATA / "html" / "word-export-gbk.html").read_bytes(), source="w.html")
    order = [("T" if isinstance(block, TableGrid) else block.text) for block in document.blocks]
    assert order == ["T", "一、总体情况", "第一行", "第二行", "T", "二、其他"]
    (_, report) = _grids(document)
    assert report.location.xpath == "/html/body/table[2]/tr/td/table"
    corner = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] * 3
    assert _texts(report) == [
        [*corner, "申请人情况", "申请人情况", "申请人情况"],
        [*corner, "自然人", "商业\n企业", "总计"],
        ["一、本年新收政府信息公开申请数量"] * 3 + ["3", "\u00a0", "3"],
        ["二、上年结转政府信息公开申请数量"] * 3 + ["0", "", "0"],
    ]  # fmt: skip
    assert _spanned(report)[1] == [True, True, True, False, False, False]


def test_single_cell_table_is_a_container() -> None:
    """A one-cell layout box around the text yields paragraphs, not a grid."""
    document = read_html(_page("<table><tr><td><p>一、总体情况</p><p>正文</p></td></tr></table>"))
    assert _grids(document) == []
    assert _paragraphs(document) == ["一、总体情况", "正文"]


def test_caption_becomes_a_paragraph_before_the_grid() -> None:
    """A table caption is read as a paragraph preceding its grid."""
    document = read_html(_page("<table><caption>表一</caption><tr><td>a</td><td>b</td></tr></table>"))
    assert isinstance(document.blocks[0], Paragraph)
    assert document.blocks[0].text == "表一"
    assert isinstance(document.blocks[1], TableGrid)


def test_empty_and_comment_only_documents() -> None:
    """Input without elements gives an empty document, not an error."""
    for data in (b"", b"   \n", b"<!-- nothing -->"):
        document = read_html(data)
        assert document.blocks == ()
        assert document.format is Format.HTML


def test_undecodable_bytes_raise_parse_error() -> None:
    """Bytes in no known encoding raise an ExtractionError naming the source."""
    with pytest.raises(ExtractionError, match="unknown text encoding") as info:
        read_html(b"<p>\x80\x80\xff\xfe</p>", source="x.html")
    assert info.value.location is not None
    assert info.value.location.source == "x.html"


# -- encodings -----------------------------------------------------------------------------------------


def test_gbk_page_with_http_equiv_charset() -> None:
    """A GBK page declaring gb2312 decodes as GB18030; the encoding and title are recorded."""
    document = read_html((DATA / "html" / "word-export-gbk.html").read_bytes())
    assert document.encoding == "gb18030"
    assert document.title == "某某县卫生健康局2020年政府信息公开工作年度报告"
    assert "一、总体情况" in _paragraphs(document)


def test_meta_charset_gb18030_characters_beyond_gbk() -> None:
    """<meta charset=gbk> reads as GB18030, so characters only GB18030 has survive."""
    page = '<html><head><meta charset="gbk"><title>报告</title></head><body><p>𠀀字</p></body></html>'
    document = read_html(page.encode("gb18030"))
    assert (document.encoding, _paragraphs(document)) == ("gb18030", ["𠀀字"])


def test_meta_charset_does_not_override_the_decoded_text() -> None:
    """A UTF-8 page that still declares gb2312 is read as UTF-8, and lxml does not re-decode it."""
    page = '<html><head><meta charset="gb2312"></head><body><p>政府信息公开</p></body></html>'
    document = read_html(page.encode("utf-8"))
    assert (document.encoding, _paragraphs(document)) == ("utf-8", ["政府信息公开"])


def test_utf8_bom_page() -> None:
    """A UTF-8 BOM decides the encoding."""
    document = read_html(b"\xef\xbb\xbf" + _page("<p>报告</p>"))
    assert (document.encoding, _paragraphs(document)) == ("utf-8", ["报告"])


# -- the corpus ----------------------------------------------------------------------------------------


def _report_grids(document: Document) -> dict[str, TableGrid]:
    found: dict[str, TableGrid] = {}
    for grid in _grids(document):
        text = "".join(cell.text for row in grid.rows for cell in row)
        if "本年新收政府信息公开申请数量" in text:
            found["requests"] = grid
        elif "第二十条" in text:
            found["proactive"] = grid
        elif "行政复议" in text:
            found["appeals"] = grid
    return found


def check_shuyang_grids(document: Document, golden: dict[str, object]) -> None:
    """The three report tables of the shuyang report, checked against the golden cells.

    Shared by the HTML and DOCX tests: both files are the same report.
    """
    cells = golden["cells"]
    assert isinstance(cells, dict)
    grids = _report_grids(document)
    assert set(grids) == {"proactive", "requests", "appeals"}

    # Application table: 3 header rows, then 25 template rows of 3 label positions + 7 values.
    requests = grids["requests"]
    rows = request_rows(TemplateVersion.V2021)
    assert len(requests.rows) == 3 + len(rows)
    for spec, row in zip(rows, requests.rows[3:], strict=True):
        assert len(row) == 10, spec.key
        values = [cell.text.strip() for cell in row[3:]]
        expected = [cells[f"requests.{spec.key}.{column.key}"] for column in APPLICANT_COLUMNS]
        assert values == ["" if value is None else str(value) for value in expected], spec.key
        assert all(not cell.spanned for cell in row[3:])

    # Review/litigation: one data row of 15 values.
    appeals = grids["appeals"]
    values = [cell.text for cell in appeals.rows[-1]]
    groups = ("review", "litigation_direct", "litigation_after_review")
    columns = ("upheld", "corrected", "other", "pending", "total")
    assert values == [str(cells[f"appeals.{group}.{column}"]) for group in groups for column in columns]

    # Proactive table: 4 columns; single-value rows span the three value columns.
    proactive = grids["proactive"]
    assert all(len(row) == 4 for row in proactive.rows)
    by_label = {row[0].text: row for row in proactive.rows}
    assert [cell.text for cell in by_label["规章"]] == ["规章", "0", "0", "0"]
    assert [cell.text for cell in by_label["规范性文件"]] == ["规范性文件", "8", "0", "18"]
    assert [(cell.text, cell.spanned) for cell in by_label["行政许可"]] == [
        ("行政许可", False),
        ("0", False),
        ("0", True),
        ("0", True),
    ]


def test_corpus_shuyang_html() -> None:
    """The saved shuyang page yields the metadata box and the three report tables with golden values."""
    path = _corpus_file("shuyang-county-ndrc-2023.html")
    golden = json.loads(path.with_name("shuyang-county-ndrc-2023.golden.json").read_text(encoding="utf-8"))
    document = read_html(path.read_bytes(), source=path.name)
    assert document.encoding == "utf-8"
    assert document.title is not None
    assert "2023年政府信息公开年度报告" in document.title
    assert len(_grids(document)) == 4
    assert "索引号" in [cell.text for row in _grids(document)[0].rows for cell in row]
    check_shuyang_grids(document, golden)
    paragraphs = _paragraphs(document)
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"):
        assert heading in paragraphs
    assert not any("function time()" in text for text in paragraphs)


def test_xpaths_match_lxml_getpath() -> None:
    """The linear-time XPaths equal lxml's getpath for every element of the corpus page."""
    root = etree.fromstring(_corpus_file("shuyang-county-ndrc-2023.html").read_bytes(), HTML_PARSER)
    tree = root.getroottree()
    xpaths = XPaths(tree)
    elements = [element for element in root.iter() if isinstance(element.tag, str)]
    assert len(elements) > 1000
    assert [xpaths(element) for element in elements] == [tree.getpath(element) for element in elements]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("declared", ["utf-8", "utf-16", "gb2312"])
def test_utf16_and_utf32_pages_are_read(encoding: str, declared: str) -> None:
    """A UTF-16/32 page with a byte-order mark is read as HTML with its tables, whatever it declares."""
    page = _corpus_file("shuyang-county-ndrc-2023.html").read_text(encoding="utf-8")
    page = "\ufeff" + page.replace('charset="utf-8"', f'charset="{declared}"')
    expected = parse_bytes(_corpus_file("shuyang-county-ndrc-2023.html").read_bytes())
    report = parse_bytes(page.encode(encoding))
    assert report.provenance is not None
    assert report.provenance.format is Format.HTML
    assert report.provenance.encoding == encoding
    assert report.requests == expected.requests


@pytest.mark.parametrize("declared", ["undefined", "idna", "base64", "rot13", "no-such-codec"])
def test_a_declared_codec_that_fails_is_ignored(declared: str) -> None:
    """A meta charset naming a codec that raises or is no text codec falls back to UTF-8 and GB18030."""
    page = _corpus_file("shuyang-county-ndrc-2023.html").read_text(encoding="utf-8")
    data = page.replace('charset="utf-8"', f'charset="{declared}"').encode("gb18030")
    document = read_html(data)
    assert document.encoding == "gb18030"
    assert _grids(document)
