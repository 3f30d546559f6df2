"""A tiny DOCX and HTML table writer, for tests that parse what they generated.

Tables are given as a *tiling*: :class:`Span` cells placed at a row and column
with a row span and a column span, covering an ``n_rows`` x ``n_cols``
rectangle.  :func:`html_table` renders it with ``rowspan``/``colspan``,
:func:`docx_table` with ``w:gridSpan`` and ``w:vMerge``; :func:`build_docx` wraps
a body into the three parts Word needs (``[Content_Types].xml``,
``_rels/.rels``, ``word/document.xml``) plus, optionally, ``docProps/core.xml``.
Multi-line cell text (``"\\n"``) becomes one paragraph per line.
"""

from __future__ import annotations

import html
import io
import struct
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    "</Relationships>"
)


@dataclass(frozen=True)
class Span:
    """A table cell placed on the grid."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str


def covering(spans: Sequence[Span], row: int, col: int) -> Span | None:
    """The cell covering grid position ``(row, col)``, if any."""
    for span in spans:
        if span.row <= row < span.row + span.rowspan and span.col <= col < span.col + span.colspan:
            return span
    return None


def expected_grid(spans: Sequence[Span], n_rows: int) -> list[list[tuple[str, bool]]]:
    """The grid a parser should produce: ``(text, spanned)`` per position.

    Trailing columns in which no cell starts are dropped, as the parsers do.
    """
    width = 1 + max(span.col for span in spans)
    grid: list[list[tuple[str, bool]]] = []
    for r in range(n_rows):
        row: list[tuple[str, bool]] = []
        for c in range(width):
            span = covering(spans, r, c)
            assert span is not None, "not a tiling"
            row.append((span.text, (span.row, span.col) != (r, c)))
        grid.append(row)
    return grid


# -- HTML ---------------------------------------------------------------------------------------------


def html_cell_content(text: str) -> str:
    """Cell text as Word-exported HTML: one ``<p>`` per line."""
    if not text:
        return ""
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))


def html_table(spans: Sequence[Span], n_rows: int) -> str:
    """Render a tiling as an HTML table."""
    rows = []
    for r in range(n_rows):
        cells = []
        for span in sorted((s for s in spans if s.row == r), key=lambda s: s.col):
            attributes = ""
            if span.rowspan > 1:
                attributes += f' rowspan="{span.rowspan}"'
            if span.colspan > 1:
                attributes += f' colspan="{span.colspan}"'
            cells.append(f"<td{attributes}>{html_cell_content(span.text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table border=1><tbody>" + "".join(rows) + "</tbody></table>"


def html_page(body: str, *, title: str = "report", charset: str = "utf-8") -> str:
    """A complete HTML page around ``body``."""
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{html.escape(title)}</title></head>'
        f"<body>{body}</body></html>"
    )


# -- DOCX ---------------------------------------------------------------------------------------------


def docx_paragraph(text: str) -> str:
    """A ``w:p`` with one run per line, lines separated by ``w:br``."""
    if not text:
        return "<w:p/>"
    runs = "<w:r><w:br/></w:r>".join(
        f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r>' for line in text.split("\n")
    )
    return f"<w:p>{runs}</w:p>"


def docx_cell(text: str, *, colspan: int, vmerge: str | None) -> str:
    """A ``w:tc``: one paragraph per line of ``text`` (a cell always holds a paragraph)."""
    properties = ""
    if colspan > 1:
        properties += f'<w:gridSpan w:val="{colspan}"/>'
    if vmerge == "restart":
        properties += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        properties += "<w:vMerge/>"
    paragraphs = "".join(docx_paragraph(line) for line in text.split("\n")) if text else "<w:p/>"
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{paragraphs}</w:tc>"


def docx_table(spans: Sequence[Span], n_rows: int, n_cols: int) -> str:
    """Render a tiling as a ``w:tbl`` (gridSpan for columns, vMerge for rows)."""
    grid = "".join('<w:gridCol w:w="1000"/>' for _ in range(n_cols))
    rows = []
    for r in range(n_rows):
        cells = []
        c = 0
        while c < n_cols:
            span = covering(spans, r, c)
            assert span is not None, "not a tiling"
            if span.row == r:
                vmerge = "restart" if span.rowspan > 1 else None
                cells.append(docx_cell(span.text, colspan=span.colspan, vmerge=vmerge))
            else:
                cells.append(docx_cell("", colspan=span.colspan, vmerge="continue"))
            c += span.colspan
        rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


DOCX_PICTURE = (
    "<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic "
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill>'
    '<a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="rId9"/>'
    "</pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
)
"""A paragraph holding the picture of :func:`docx_picture_members` (relationship ``rId9``)."""


def docx_picture_members(png: bytes) -> dict[str, bytes]:
    """The members that give :data:`DOCX_PICTURE` its image ``png`` (``word/media/image1.png``)."""
    relationships = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId9" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
        'Target="media/image1.png"/></Relationships>'
    )
    return {"word/_rels/document.xml.rels": relationships.encode(), "word/media/image1.png": png}


def document_xml(body: str, *, prologue: str = "") -> str:
    """A ``word/document.xml`` around ``body`` (``prologue`` goes before the root, e.g. a DOCTYPE)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prologue}'
        f'<w:document xmlns:w="{W_NS}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )


def core_xml(title: str) -> str:
    """A ``docProps/core.xml`` with a title."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title></cp:coreProperties>"
    )


def build_docx(
    document: str | bytes,
    *,
    title: str | None = None,
    extra: Mapping[str, bytes] | None = None,
) -> bytes:
    """Zip a main document part (and optionally a title and other members) into DOCX bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("word/document.xml", document)
        if title is not None:
            archive.writestr("docProps/core.xml", core_xml(title))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def raw_zip(name: str, compressed: bytes, size: int, crc: int) -> bytes:
    """A one-member deflate zip from already compressed data (no zip64: size < 4 GiB)."""
    encoded = name.encode()
    local = struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(compressed), size, len(encoded), 0
    )
    central = struct.pack(
        "<4s6H3L5H2L",
        b"PK\x01\x02",
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        len(compressed),
        size,
        len(encoded),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    offset = len(local) + len(encoded) + len(compressed)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central) + len(encoded), offset, 0)
    return local + encoded + compressed + central + encoded + end
