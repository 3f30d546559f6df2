"""A tiny PDF writer for the PDF parser's tests.

It writes raw PDF syntax (uncompressed streams, a classic cross-reference
table) with three fonts and no embedded font programs, which is all pdfminer
needs to place and decode glyphs:

* ``F1``: the standard Type 1 font Helvetica (ASCII text);
* ``F2``: a Type 0 (CID) font with a ``ToUnicode`` map, so any text,
  including CJK, can be drawn; every glyph is 1 em wide;
* ``F3``: the same CID font without a ``ToUnicode`` map, so pdfminer cannot
  decode its glyphs (``(cid:N)``).

With ``build_pdf(..., type3=True)`` the text of ``F2`` is drawn with a Type 3
font instead (``F4``: one-byte codes, each glyph a filled 1-em square, with a
``ToUnicode`` map).  Its glyphs have outlines, which PDFium needs to keep a
text object, where the CID font's glyphs are empty without a font program.
Pages can carry a ``/Rotate``.

Pages are built with :class:`PageBuilder` (text, lines, rectangles, an image)
and :func:`draw_table` (a ruled table with merged cells, drawn as lines, as
one rectangle per cell or as thin filled rectangles).  :func:`build_pdf`
assembles the file, optionally encrypted with the standard security handler
(revision 2, RC4 40-bit), which is enough to test the empty-password path.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from govinfo_report.document import Document, TableGrid

PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
"""The password padding string of the standard security handler."""

A4 = (595.0, 842.0)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


@dataclass
class _Text:
    x: float
    y: float
    text: str
    size: float
    font: str


@dataclass
class PageBuilder:
    """The content of one page, in PDF points (origin bottom left)."""

    width: float = A4[0]
    height: float = A4[1]
    items: list[_Text | str] = field(default_factory=list)
    images: int = 0
    rotate: int = 0
    """The page's ``/Rotate`` (a multiple of 90): how far it is turned clockwise when shown."""

    def text(self, x: float, y: float, text: str, *, size: float = 10.0, font: str = "F2") -> None:
        """Draw ``text`` with its baseline starting at ``(x, y)``."""
        self.items.append(_Text(x, y, text, size, font))

    def line(self, x0: float, y0: float, x1: float, y1: float, *, width: float = 0.5) -> None:
        """Stroke a straight line."""
        self.items.append(f"q {width} w 0 G {x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l S Q")

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        stroke: bool = True,
        fill: float | None = None,
    ) -> None:
        """Draw a rectangle, stroked in black and/or filled with the gray level ``fill`` (1 = white)."""
        paint = "B" if stroke and fill is not None else ("f" if fill is not None else "S")
        gray = f"{fill} g " if fill is not None else ""
        self.items.append(f"q 0.5 w 0 G {gray}{x:.2f} {y:.2f} {w:.2f} {h:.2f} re {paint} Q")

    def image(self, x: float, y: float, w: float, h: float) -> None:
        """Paint the document's one-pixel gray image scaled to the box (a stand-in for a scan)."""
        self.images += 1
        self.items.append(f"q {w:.2f} 0 0 {h:.2f} {x:.2f} {y:.2f} cm /Im1 Do Q")


def text_width(text: str, size: float) -> float:
    """Width of ``text`` in the CID fonts (every glyph is 1 em)."""
    return len(text) * size


Style = Literal["lines", "cells", "thin"]


@dataclass
class Cell:
    """A cell of :func:`draw_table`: rows and columns it covers and its lines of text."""

    row: int
    col: int
    lines: Sequence[str] = ()
    rowspan: int = 1
    colspan: int = 1
    align: Literal["left", "center"] = "left"
    font: str = "F2"
    shift: float = 0.0
    """Points added to the baseline (numbers set a little off their label's baseline)."""


def draw_table(
    page: PageBuilder,
    corner: tuple[float, float],
    widths: Sequence[float],
    heights: Sequence[float],
    cells: Sequence[Cell],
    *,
    style: Style = "lines",
    size: float = 8.0,
    baseline_shift: float = 0.0,
) -> None:
    """Draw a ruled table whose top-left corner is ``corner``.

    Every cell is outlined; merged cells (``rowspan``/``colspan``) have no
    rulings inside.  Text lines are centred vertically in their cell.

    Args:
        page: The page to draw on.
        corner: The table's top-left corner ``(x, y)``.
        widths: Column widths.
        heights: Row heights.
        cells: The cells (positions a cell does not cover stay empty but outlined).
        style: ``lines`` strokes each edge as a line, ``cells`` strokes one rectangle per
            cell, ``thin`` fills a 0.6 pt rectangle per edge.
        size: Font size.
        baseline_shift: Points added to the baseline of every text (a number set a little
            above its label, as some producers do).
    """
    x, top = corner
    xs = [x]
    for width in widths:
        xs.append(xs[-1] + width)
    ys = [top]
    for height in heights:
        ys.append(ys[-1] - height)
    covered: set[tuple[int, int]] = set()
    boxes: list[tuple[Cell, float, float, float, float]] = []
    for cell in cells:
        for row in range(cell.row, cell.row + cell.rowspan):
            for col in range(cell.col, cell.col + cell.colspan):
                covered.add((row, col))
        boxes.append(
            (cell, xs[cell.col], ys[cell.row + cell.rowspan], xs[cell.col + cell.colspan], ys[cell.row])
        )
    for row in range(len(heights)):
        for col in range(len(widths)):
            if (row, col) not in covered:
                boxes.append((Cell(row, col), xs[col], ys[row + 1], xs[col + 1], ys[row]))
    for cell, x0, y0, x1, y1 in boxes:
        _outline(page, (x0, y0, x1, y1), style)
        leading = size * 1.4
        block = leading * len(cell.lines)
        baseline = (y0 + y1) / 2 + block / 2 - size * 0.9 + baseline_shift + cell.shift
        for index, text in enumerate(cell.lines):
            width = text_width(text, size) if cell.font != "F1" else len(text) * size * 0.55
            left = x0 + 3 if cell.align == "left" else (x0 + x1 - width) / 2
            page.text(left, baseline - index * leading, text, size=size, font=cell.font)


def _outline(page: PageBuilder, box: tuple[float, float, float, float], style: Style) -> None:
    x0, y0, x1, y1 = box
    if style == "cells":
        page.rect(x0, y0, x1 - x0, y1 - y0)
        return
    for ax, ay, bx, by in ((x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)):
        if style == "thin":
            page.rect(ax - 0.3, ay - 0.3, bx - ax + 0.6, by - ay + 0.6, stroke=False, fill=0)
        else:
            page.line(ax, ay, bx, by)


@dataclass(frozen=True)
class Encryption:
    """Standard security handler, revision 2 (RC4, 40-bit key)."""

    user_password: bytes = b""
    owner_password: bytes = b"owner"
    permissions: int = -44


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _padded(password: bytes) -> bytes:
    return (password + PAD)[:32]


class _Crypt:
    def __init__(self, encryption: Encryption, doc_id: bytes) -> None:
        owner_key = hashlib.md5(_padded(encryption.owner_password)).digest()[:5]  # noqa: S324 - the PDF format's choice
        self.o = _rc4(owner_key, _padded(encryption.user_password))
        self.p = encryption.permissions
        p_bytes = (self.p & 0xFFFFFFFF).to_bytes(4, "little")
        self.key = hashlib.md5(_padded(encryption.user_password) + self.o + p_bytes + doc_id).digest()[:5]  # noqa: S324
        self.u = _rc4(self.key, PAD)

    def encrypt(self, number: int, data: bytes) -> bytes:
        seed = self.key + number.to_bytes(3, "little") + (0).to_bytes(2, "little")
        return _rc4(hashlib.md5(seed).digest()[:10], data)  # noqa: S324

    def dictionary(self) -> str:
        return f"<< /Filter /Standard /V 1 /R 2 /O <{self.o.hex()}> /U <{self.u.hex()}> /P {self.p} >>"


_TO_UNICODE_HEAD = (
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
    "/CMapName /Adobe-Identity-UCS def /CMapType 2 def "
    "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
)
_TO_UNICODE_TAIL = "endcmap CMapName currentdict /CMap defineresource pop end end\n"


def _to_unicode(cids: dict[str, int]) -> bytes:
    entries = sorted((cid, ch) for ch, cid in cids.items())
    chunks = []
    for start in range(0, len(entries), 100):
        block = entries[start : start + 100]
        lines = "".join(f"<{cid:04X}> <{ch.encode('utf-16-be').hex().upper()}>\n" for cid, ch in block)
        chunks.append(f"{len(block)} beginbfchar\n{lines}endbfchar\n")
    return (_TO_UNICODE_HEAD + "".join(chunks) + _TO_UNICODE_TAIL).encode("ascii")


def _content(page: PageBuilder, cids: dict[str, int], codes: dict[str, int] | None = None) -> bytes:
    ops: list[str] = []
    for item in page.items:
        if isinstance(item, str):
            ops.append(item)
            continue
        if item.font == "F1":
            shown = f"({_escape(item.text)})"
        elif item.font == "F2" and codes is not None:
            shown = "<" + "".join(f"{codes.setdefault(ch, len(codes) + 1):02X}" for ch in item.text) + ">"
            if len(codes) > _TYPE3_CODES:
                raise ValueError(f"the Type 3 font has room for {_TYPE3_CODES} characters")
            ops.append(f"BT /F4 {item.size} Tf 1 0 0 1 {item.x:.2f} {item.y:.2f} Tm {shown} Tj ET")
            continue
        else:
            shown = "<" + "".join(f"{cids.setdefault(ch, len(cids) + 1):04X}" for ch in item.text) + ">"
        ops.append(f"BT /{item.font} {item.size} Tf 1 0 0 1 {item.x:.2f} {item.y:.2f} Tm {shown} Tj ET")
    return ("\n".join(ops) + "\n").encode("latin-1")


_TYPE3_CODES = 255


def _type3_objects(first: int, codes: dict[str, int]) -> dict[int, tuple[str, bytes | None]]:
    """The Type 3 font ``F4`` (object ``first``), its ``ToUnicode`` map and its one glyph procedure."""
    count = max(len(codes), 1)
    squares = " ".join(["/sq"] * count)
    widths = " ".join(["1000"] * count)
    lines = "".join(f"<{code:02X}> <{ch.encode('utf-16-be').hex().upper()}>\n" for ch, code in codes.items())
    to_unicode = (
        _TO_UNICODE_HEAD.replace("<0000> <FFFF>", "<00> <FF>")
        + f"{len(codes)} beginbfchar\n{lines}endbfchar\n"
        + _TO_UNICODE_TAIL
    )
    return {
        first: (
            "<< /Type /Font /Subtype /Type3 /FontBBox [0 -120 1000 880] /FontMatrix [0.001 0 0 0.001 0 0] "
            f"/CharProcs << /sq {first + 2} 0 R >> "
            f"/Encoding << /Type /Encoding /Differences [1 {squares}] >> "
            f"/FirstChar 1 /LastChar {count} /Widths [{widths}] /ToUnicode {first + 1} 0 R "
            "/Resources << >> >>",
            None,
        ),
        first + 1: ("<< >>", to_unicode.encode("ascii")),
        first + 2: ("<< >>", b"1000 0 0 -120 1000 880 d1\n50 -100 900 900 re f\n"),
    }


def build_pdf(
    pages: Sequence[PageBuilder],
    *,
    title: str | None = None,
    encryption: Encryption | None = None,
    picture: tuple[int, int, bytes] | None = None,
    type3: bool = False,
) -> bytes:
    """Assemble a PDF file from pages.

    Args:
        pages: The pages, in order.
        title: The document information ``/Title`` (written as UTF-16BE with a byte order mark).
        encryption: Encrypt strings and streams with the standard security handler.
        picture: ``(width, height, grey pixels)`` of the image that :meth:`PageBuilder.image`
            paints, instead of one grey pixel.
        type3: Draw the text of ``F2`` with the Type 3 font ``F4`` (at most 255 distinct characters).
    """
    cids: dict[str, int] = {}
    codes: dict[str, int] | None = {} if type3 else None
    contents = [_content(page, cids, codes) for page in pages]
    doc_id = hashlib.md5(b"".join(contents)).digest()  # noqa: S324 - an identifier, not security
    crypt = _Crypt(encryption, doc_id) if encryption is not None else None

    # Fixed objects: 1 catalog, 2 pages, 3-5 F1..F3, 6 CID font, 7 descriptor, 8 ToUnicode,
    # 9 image, 10 info; then per page: page object and content stream.
    objects: dict[int, tuple[str, bytes | None]] = {}
    first_page = 11
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(len(pages)))
    objects[1] = ("<< /Type /Catalog /Pages 2 0 R >>", None)
    objects[2] = (f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>", None)
    objects[3] = ("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>", None)
    objects[4] = (
        "<< /Type /Font /Subtype /Type0 /BaseFont /TestSong /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 8 0 R >>",
        None,
    )
    objects[5] = (
        "<< /Type /Font /Subtype /Type0 /BaseFont /TestSong /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] >>",
        None,
    )
    objects[6] = (
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSong "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        "/FontDescriptor 7 0 R /DW 1000 >>",
        None,
    )
    objects[7] = (
        "<< /Type /FontDescriptor /FontName /TestSong /Flags 4 /FontBBox [0 -120 1000 880] "
        "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
        None,
    )
    objects[8] = ("<< >>", _to_unicode(cids))
    width, height, pixels = picture or (1, 1, b"\x80")
    objects[9] = (
        f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} "
        "/ColorSpace /DeviceGray /BitsPerComponent 8 >>",
        pixels,
    )
    title_bytes = b"\xfe\xff" + (title or "").encode("utf-16-be")
    if crypt is not None:
        title_bytes = crypt.encrypt(10, title_bytes)
    objects[10] = (f"<< /Title <{title_bytes.hex()}> >>" if title else "<< >>", None)
    type3_font = first_page + 2 * len(pages)
    resources = (
        f"<< /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R /F4 {type3_font} 0 R >> /XObject << /Im1 9 0 R >> >>"
    )
    for index, (page, content) in enumerate(zip(pages, contents, strict=True)):
        number = first_page + 2 * index
        rotate = f"/Rotate {page.rotate} " if page.rotate else ""
        objects[number] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page.width:g} {page.height:g}] {rotate}"
            f"/Resources {resources} /Contents {number + 1} 0 R >>",
            None,
        )
        objects[number + 1] = ("<< >>", content)
    objects.update(_type3_objects(type3_font, codes or {}))

    encrypt_number = max(objects) + 1 if crypt is not None else None
    if crypt is not None and encrypt_number is not None:
        objects[encrypt_number] = (crypt.dictionary(), None)

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        body, stream = objects[number]
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode("ascii")
        if stream is None:
            out += body.encode("latin-1") + b"\n"
        else:
            if crypt is not None and number != encrypt_number:
                stream = crypt.encrypt(number, stream)
            out += body[:-2].encode("latin-1") + f"/Length {len(stream)} >>\nstream\n".encode("ascii")
            out += stream + b"\nendstream\n"
        out += b"endobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode("ascii")
    for number in range(1, size):
        out += f"{offsets[number]:010d} 00000 n \n".encode("ascii")
    trailer = f"/Size {size} /Root 1 0 R /Info 10 0 R /ID [<{doc_id.hex()}> <{doc_id.hex()}>]"
    if encrypt_number is not None:
        trailer += f" /Encrypt {encrypt_number} 0 R"
    out += f"trailer\n<< {trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    return bytes(out)


def dump(document: Document) -> str:
    """Render a parsed document as text for failure messages: paragraphs and grids (``~`` marks spanned)."""
    out: list[str] = []
    for block in document.blocks:
        if isinstance(block, TableGrid):
            out.append(f"table {block.location.table} (p. {block.location.page}):")
            for row in block.rows:
                cells = (("~" if cell.spanned else "") + cell.text.replace("\n", "/") for cell in row)
                out.append("  | " + " | ".join(cells))
        else:
            out.append(f"paragraph (p. {block.location.page}): {block.text}")
    return "\n".join(out)
