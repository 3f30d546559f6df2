"""HTML and DOCX parsers on generated input.

Grid-level round trips (a table with merged cells rendered as HTML and as DOCX parses back
exactly), and damaged input (only the library's own errors come out).
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from tests.docxgen import (
    Span,
    build_docx,
    document_xml,
    docx_paragraph,
    docx_table,
    expected_grid,
    html_page,
    html_table,
)

from govinfo_report.document import Document, TableGrid
from govinfo_report.errors import ParseError, UnsupportedFormatError
from govinfo_report.model import Format
from govinfo_report.readers.docx import read_docx
from govinfo_report.readers.html import read_html

# Digits, labels and punctuation as they appear in report tables; single inner spaces only.
_ALPHABET = "0123456789本年新收申请数量其他总计（）、．.-—XxNA \u00a0"
_LINE = st.text(_ALPHABET, min_size=1, max_size=8).filter(
    lambda s: s == s.strip(" ") and "  " not in s and s.strip(" \u00a0") != ""
)
_CELL_TEXT = st.one_of(
    st.just(""),
    st.integers(min_value=-5, max_value=100_000).map(str),
    st.lists(_LINE, min_size=1, max_size=3).map("\n".join),
)


@st.composite
def tilings(draw: st.DrawFn) -> tuple[list[Span], int, int]:
    """A random tiling of a small rectangle by merged cells."""
    n_rows = draw(st.integers(min_value=1, max_value=6))
    n_cols = draw(st.integers(min_value=1, max_value=6))
    taken = [[False] * n_cols for _ in range(n_rows)]
    spans: list[Span] = []
    for r in range(n_rows):
        for c in range(n_cols):
            if taken[r][c]:
                continue
            max_colspan = 0
            while c + max_colspan < n_cols and not taken[r][c + max_colspan]:
                max_colspan += 1
            colspan = draw(st.integers(min_value=1, max_value=max_colspan))
            max_rowspan = 0
            while r + max_rowspan < n_rows and not any(taken[r + max_rowspan][c : c + colspan]):
                max_rowspan += 1
            rowspan = draw(st.integers(min_value=1, max_value=max_rowspan))
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    taken[rr][cc] = True
            spans.append(Span(row=r, col=c, rowspan=rowspan, colspan=colspan, text=draw(_CELL_TEXT)))
    return spans, n_rows, n_cols


def _grids(document: Document) -> list[list[list[tuple[str, bool]]]]:
    return [
        [[(cell.text, cell.spanned) for cell in row] for row in block.rows]
        for block in document.blocks
        if isinstance(block, TableGrid)
    ]


def _is_table(spans: list[Span]) -> bool:
    # A single-cell table is layout, not data, for both parsers.
    return len(spans) > 1


@given(tilings())
def test_html_table_parses_back_to_its_grid(tiling: tuple[list[Span], int, int]) -> None:
    """rowspan/colspan expand to the tiling's grid, with copies marked spanned."""
    spans, n_rows, _ = tiling
    page = html_page("<p>before</p>" + html_table(spans, n_rows) + "<p>after</p>")
    grids = _grids(read_html(page.encode("utf-8")))
    assert grids == ([expected_grid(spans, n_rows)] if _is_table(spans) else [])


@given(tilings())
def test_docx_table_parses_back_to_its_grid(tiling: tuple[list[Span], int, int]) -> None:
    """gridSpan/vMerge expand to the tiling's grid, with copies marked spanned."""
    spans, n_rows, n_cols = tiling
    body = docx_paragraph("before") + docx_table(spans, n_rows, n_cols) + docx_paragraph("after")
    grids = _grids(read_docx(build_docx(document_xml(body))))
    assert grids == ([expected_grid(spans, n_rows)] if _is_table(spans) else [])


@given(tilings())
def test_html_and_docx_give_the_same_blocks(tiling: tuple[list[Span], int, int]) -> None:
    """The same table as HTML and as DOCX gives equal paragraphs and grids, grid positions included."""
    spans, n_rows, n_cols = tiling
    html_doc = read_html(html_page("<p>before</p>" + html_table(spans, n_rows) + "<p>after</p>").encode())
    body = docx_paragraph("before") + docx_table(spans, n_rows, n_cols) + docx_paragraph("after")
    docx_doc = read_docx(build_docx(document_xml(body)))

    def shape(document: Document) -> list[object]:
        out: list[object] = []
        for block in document.blocks:
            if isinstance(block, TableGrid):
                out.append(
                    [
                        [(c.text, c.spanned, c.location.table, c.location.row, c.location.col) for c in row]
                        for row in block.rows
                    ]
                )
            else:
                out.append(block.text)
        return out

    assert shape(html_doc) == shape(docx_doc)


# -- mutated input: nothing but our own errors comes out -----------------------------------------------

_HTML_SEED = html_page(
    "<p>一、总体情况</p><table><tr><td rowspan=2>三、本年度办理结果</td>"
    "<td colspan=2>（一）予以公开</td></tr>"
    "<tr><td>1</td><td><p><span>0<o:p></o:p></span></p></td></tr></table>",
    charset="gb2312",
).encode("utf-8")
_DOCX_SEED = document_xml(
    docx_paragraph("一、总体情况")
    + docx_table(
        [
            Span(row=0, col=0, rowspan=2, colspan=1, text="三、本年度办理结果"),
            Span(row=0, col=1, rowspan=1, colspan=2, text="（一）予以公开"),
            Span(row=1, col=1, rowspan=1, colspan=1, text="1"),
            Span(row=1, col=2, rowspan=1, colspan=1, text="0"),
        ],
        2,
        3,
    )
)


@st.composite
def _mutations(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        position = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
        action = draw(st.sampled_from(("flip", "insert", "delete", "truncate")))
        byte = draw(st.integers(min_value=0, max_value=255))
        if action == "flip" and data:
            data[position] = byte
        elif action == "insert":
            data[position:position] = bytes([byte]) * draw(st.integers(min_value=1, max_value=4))
        elif action == "delete":
            del data[position : position + draw(st.integers(min_value=1, max_value=16))]
        else:
            del data[position:]
    return bytes(data)


@given(_mutations(_HTML_SEED))
def test_mutated_html_raises_only_parse_errors(data: bytes) -> None:
    """Damaged HTML parses or raises a ParseError; no other exception escapes."""
    try:
        document = read_html(data)
    except ParseError:
        return
    assert document.format is Format.HTML


@given(_mutations(_DOCX_SEED.encode("utf-8")))
def test_mutated_docx_xml_raises_only_parse_errors(document: bytes) -> None:
    """A DOCX whose document.xml is damaged parses or raises a ParseError or UnsupportedFormatError."""
    try:
        parsed = read_docx(build_docx(document))
    except (ParseError, UnsupportedFormatError):
        return
    assert parsed.format is Format.DOCX


@given(_mutations(build_docx(_DOCX_SEED)))
def test_mutated_docx_zip_raises_only_parse_errors(data: bytes) -> None:
    """Damaged zip bytes parse or raise a ParseError or UnsupportedFormatError."""
    try:
        parsed = read_docx(data)
    except (ParseError, UnsupportedFormatError):
        return
    assert parsed.format is Format.DOCX
