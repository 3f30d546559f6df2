"""DOCX files: paragraphs and table grids from ``word/document.xml``.

Read with :mod:`zipfile` and lxml only.  The zip is bounded before anything
is decompressed (member count, total declared size, compression ratio) and
each part is read with a capped read, since declared sizes can lie.

From the main document part:

* paragraphs (``w:p``): the text of their runs (``w:t``), ``w:tab`` as a tab,
  ``w:br``/``w:cr`` as a newline, the displayed result of fields (not their
  codes), content controls (``w:sdt``), inserted but not deleted revisions;
  text boxes (``w:txbxContent``) follow their anchor paragraph as blocks of
  their own (DrawingML preferred over the VML fallback, never both);
* tables (``w:tbl``) as grids: ``w:gridSpan`` is a column span,
  ``w:vMerge`` restart/continue a row span, ``w:gridBefore`` skips columns.
  A table that contains tables, or has a single cell, is read as a container
  (its paragraphs become paragraphs, its inner tables grids), like HTML.

Nothing depends on styles.  The title comes from ``docProps/core.xml``.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import Final

from lxml import etree

from govinfo_report.errors import (
    ExtractionError,
    LimitExceededError,
    SourceLocation,
    UnsupportedFormatError,
)
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.model import Format
from govinfo_report.parsers._blocks import Block, Document, Paragraph
from govinfo_report.parsers._grid import Placement, build_grid
from govinfo_report.parsers._xml import XML_PARSER

__all__ = ["parse_docx"]

OLE2_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""First bytes of an OLE2 compound file: legacy ``.doc``, ``.wps``, ``.xls``, encrypted OOXML."""

_CONVERT_HINT = "convert it to DOCX first, e.g. `soffice --headless --convert-to docx FILE` (LibreOffice)"

# Members this small are never treated as bombs: their ratio says nothing
# and decompressing them costs nothing.
_ASCII_WHITESPACE = " \t\n\r\f"
_RATIO_FLOOR = 1024 * 1024
_READ_CHUNK = 1024 * 1024

_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO 29500 Strict
)
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_OFFICE_DOCUMENT = "/officeDocument"
_CORE_PROPERTIES = "/metadata/core-properties"


def _local(element: etree._Element) -> str | None:
    """The WordprocessingML local name of ``element``, or ``None`` for other elements."""
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return None
    namespace, _, name = tag[1:].partition("}")
    return name if namespace in _W_NAMESPACES else None


def _mc(element: etree._Element) -> str | None:
    """The markup-compatibility local name of ``element`` (``AlternateContent``, ...)."""
    tag = element.tag
    if isinstance(tag, str) and tag.startswith("{" + _MC + "}"):
        return tag[len(_MC) + 2 :]
    return None


def _attr(element: etree._Element | None, name: str) -> str | None:
    """A ``w:``-namespaced attribute (either namespace flavour)."""
    if element is None:
        return None
    for namespace in _W_NAMESPACES:
        value = element.get(f"{{{namespace}}}{name}")
        if value is not None:
            return value
    return None


def _child(element: etree._Element | None, name: str) -> etree._Element | None:
    if element is None:
        return None
    for child in element:
        if _local(child) == name:
            return child
    return None


def _own_text(element: etree._Element) -> str:
    """The text directly inside ``element``.

    An unresolved entity reference is a child node: it is skipped, but the
    text after it (its tail) is kept.
    """
    return (element.text or "") + "".join(child.tail or "" for child in element)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# -- the zip container --------------------------------------------------------------------------------


class _Package:
    """A DOCX zip, bounded before anything is decompressed."""

    def __init__(self, data: bytes, *, source: str | None, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.location = SourceLocation(source=source)
        if data.startswith(OLE2_MAGIC):
            raise UnsupportedFormatError(
                "this is a legacy Office (OLE2) file, such as a Word 97-2003 .doc, a WPS .wps or "
                f"a password-protected document, not a DOCX; {_CONVERT_HINT}"
            )
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise UnsupportedFormatError(f"not a DOCX file: not a zip archive ({exc})") from exc
        if len(infos) > limits.max_zip_members:
            raise LimitExceededError(
                f"DOCX has {len(infos)} zip members, more than max_zip_members={limits.max_zip_members}",
                location=self.location,
            )
        total = sum(info.file_size for info in infos)
        if total > limits.max_uncompressed_bytes:
            raise LimitExceededError(
                f"DOCX declares {total} uncompressed bytes, more than "
                f"max_uncompressed_bytes={limits.max_uncompressed_bytes}",
                location=self.location,
            )
        self.budget = limits.max_uncompressed_bytes
        self.names = {info.filename: info for info in infos}

    def read(self, name: str) -> bytes | None:
        """Read one member with a capped read; ``None`` when it does not exist."""
        info = self.names.get(name)
        if info is None:
            return None
        ratio_cap = max(_RATIO_FLOOR, int(info.compress_size * self.limits.max_compression_ratio))
        if info.file_size > ratio_cap:
            raise LimitExceededError(
                f"DOCX member {name} expands {info.file_size} bytes from {info.compress_size} "
                f"(more than max_compression_ratio={self.limits.max_compression_ratio:g})",
                location=self.location,
            )
        if info.flag_bits & 0x1:
            raise UnsupportedFormatError(
                f"DOCX member {name} is encrypted; save the document without a password"
            )
        cap = min(self.budget, ratio_cap)
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zip.open(info) as member:
                while size <= cap:
                    chunk = member.read(min(_READ_CHUNK, cap + 1 - size))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    size += len(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError) as exc:
            raise ExtractionError(f"DOCX member {name} is corrupt: {exc}", location=self.location) from exc
        if size > cap:
            raise LimitExceededError(
                f"DOCX member {name} expands beyond {cap} bytes (its declared size was {info.file_size}); "
                "the zip is malformed or a decompression bomb",
                location=self.location,
            )
        self.budget -= size
        return b"".join(chunks)

    def xml(self, name: str) -> etree._Element | None:
        """Parse one member with the safe XML parser; ``None`` when it does not exist."""
        data = self.read(name)
        if data is None:
            return None
        try:
            root: etree._Element | None = etree.fromstring(data, XML_PARSER)
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if exc.lineno else None
            raise ExtractionError(
                f"DOCX part {name} is not well-formed XML: {exc.msg}",
                location=SourceLocation(source=self.source, line=line),
            ) from exc
        return root

    def relationship_target(self, kind: str) -> str | None:
        """Target of the package relationship whose type ends with ``kind``."""
        rels = self.xml("_rels/.rels")
        if rels is None:
            return None
        for rel in rels.iter(f"{{{_RELS}}}Relationship"):
            if (rel.get("Type") or "").endswith(kind) and rel.get("TargetMode") != "External":
                target = (rel.get("Target") or "").lstrip("/")
                if target:
                    return target
        return None


# -- the document body ------------------------------------------------------------------------------


def _runs_text(element: etree._Element, out: list[str], boxes: list[etree._Element]) -> None:
    """Collect the displayed text under ``element`` (a paragraph or inline container).

    Text boxes found on the way are collected in ``boxes``, not inlined.
    Recursion depth is bounded by the parser (libxml2 nests at most 256 deep
    without ``huge_tree``).
    """
    for child in element:
        name = _local(child)
        if name is None:
            mc = _mc(child)
            if mc == "AlternateContent":
                # One rendering only: the first Choice (modern), else the Fallback.
                options = [option for option in child if _mc(option) in ("Choice", "Fallback")]
                if options:
                    _runs_text(options[0], out, boxes)
            elif mc is None and isinstance(child.tag, str):
                _runs_text(child, out, boxes)  # DrawingML / VML wrappers around text boxes
            continue
        if name == "t":
            out.append(_own_text(child))
        elif name in ("tab", "ptab"):
            out.append("\t")
        elif name in ("br", "cr"):
            out.append("\n")
        elif name == "noBreakHyphen":
            out.append("-")
        elif name == "txbxContent":
            boxes.append(child)
        elif name in _SKIPPED_INLINE:
            continue
        else:
            _runs_text(child, out, boxes)


# Properties, deleted or moved-away text, field codes, ruby annotations, notes references.
_SKIPPED_INLINE = frozenset(
    {
        "pPr", "rPr", "sdtPr", "sdtEndPr", "del", "moveFrom", "delText", "instrText", "delInstrText",
        "rt", "footnoteReference", "endnoteReference", "commentReference", "annotationRef",
        "softHyphen", "sym", "fldChar", "bookmarkStart", "bookmarkEnd", "proofErr", "lastRenderedPageBreak",
    }
)  # fmt: skip


def _block_children(container: etree._Element) -> Iterator[etree._Element]:
    """Block-level children of a body, cell, text box or content control, unwrapped."""
    for child in container:
        name = _local(child)
        if name in ("p", "tbl"):
            yield child
        elif name == "sdt":
            content = _child(child, "sdtContent")
            if content is not None:
                yield from _block_children(content)
        elif name in ("customXml", "ins", "moveTo"):
            yield from _block_children(child)
        elif name is None and _mc(child) == "AlternateContent":
            options = [option for option in child if _mc(option) in ("Choice", "Fallback")]
            if options:
                yield from _block_children(options[0])


def _rows(table: etree._Element) -> list[etree._Element]:
    rows: list[etree._Element] = []
    for child in table:
        name = _local(child)
        if name == "tr":
            rows.append(child)
        elif name in ("sdt", "customXml"):
            content = _child(child, "sdtContent") if name == "sdt" else child
            if content is not None:
                rows.extend(_rows(content))
    return rows


def _cells(row: etree._Element) -> list[etree._Element]:
    cells: list[etree._Element] = []
    for child in row:
        name = _local(child)
        if name == "tc":
            cells.append(child)
        elif name in ("sdt", "customXml"):
            content = _child(child, "sdtContent") if name == "sdt" else child
            if content is not None:
                cells.extend(_cells(content))
    return cells


class _Body:
    """Walks the document body and collects blocks in reading order."""

    def __init__(self, root: etree._Element, *, source: str | None, limits: Limits) -> None:
        self.tree = root.getroottree()
        self.source = source
        self.limits = limits
        self.blocks: list[Block] = []
        self.tables = 0
        body = _child(root, "body")
        if body is not None:
            self.container(body)

    def _xpath(self, element: etree._Element) -> str:
        return str(self.tree.getpath(element))

    def container(self, element: etree._Element) -> None:
        for block in _block_children(element):
            if _local(block) == "p":
                self.paragraph(block)
            else:
                self.table(block)

    def paragraph(self, p: etree._Element) -> None:
        out: list[str] = []
        boxes: list[etree._Element] = []
        _runs_text(p, out, boxes)
        text = "".join(out)
        if text.strip():
            location = SourceLocation(source=self.source, xpath=self._xpath(p))
            self.blocks.append(Paragraph(text=text, location=location))
        for box in boxes:
            self.container(box)

    def table(self, tbl: etree._Element) -> None:
        rows = _rows(tbl)
        cells = [cell for row in rows for cell in _cells(row)]
        if any(_local(node) == "tbl" for node in tbl.iterdescendants()):
            self._container_table(cells)  # layout: inner tables become grids
            return
        location = SourceLocation(source=self.source, xpath=self._xpath(tbl), table=self.tables)
        if len(cells) > self.limits.max_table_cells:
            raise LimitExceededError(
                f"table has {len(cells)} cells, more than max_table_cells={self.limits.max_table_cells}",
                location=location,
            )
        placements = self._layout(rows, location)
        if len(placements) < 2:
            self._container_table(cells)  # a single-cell box holds no tabular information
            return
        grid = build_grid(
            placements,
            n_rows=len(rows),
            table=self.tables,
            source=self.source,
            xpath=location.xpath,
            limits=self.limits,
        )
        self.blocks.append(grid)
        self.tables += 1

    def _container_table(self, cells: list[etree._Element]) -> None:
        for cell in cells:
            self.container(cell)

    def _layout(self, rows: list[etree._Element], location: SourceLocation) -> list[Placement]:
        placements: list[Placement] = []
        open_merges: dict[int, Placement] = {}  # grid column -> cell a vMerge continues
        area = 0
        for r, row in enumerate(rows):
            col = max(0, _int(_attr(_child(_child(row, "trPr"), "gridBefore"), "val"), 0))
            in_row: list[Placement] = []
            for cell in _cells(row):
                properties = _child(cell, "tcPr")
                colspan = max(1, _int(_attr(_child(properties, "gridSpan"), "val"), 1))
                vmerge = _child(properties, "vMerge")
                hmerge = _child(properties, "hMerge")
                if hmerge is not None and _attr(hmerge, "val") != "restart" and in_row:
                    last = in_row[-1]
                    if last.col + last.colspan == col:  # legacy horizontal merge
                        last.colspan += colspan
                        col += colspan
                        continue
                above = open_merges.get(col)
                if (
                    vmerge is not None
                    and _attr(vmerge, "val") != "restart"
                    and above is not None
                    and above.row + above.rowspan == r
                ):
                    above.rowspan += 1
                    area += above.colspan
                else:
                    placement = Placement(
                        row=r,
                        col=col,
                        rowspan=1,
                        colspan=colspan,
                        text=self.cell_text(cell),
                        xpath=self._xpath(cell),
                    )
                    placements.append(placement)
                    in_row.append(placement)
                    area += colspan
                    for covered in range(col, col + colspan):
                        open_merges.pop(covered, None)
                    if vmerge is not None:
                        open_merges[col] = placement
                if area > self.limits.max_table_cells:
                    raise LimitExceededError(
                        f"table spans more than max_table_cells={self.limits.max_table_cells} grid cells",
                        location=location,
                    )
                col += colspan
        return placements

    def cell_text(self, cell: etree._Element) -> str:
        """Text of a cell: its non-blank paragraph lines joined with newlines."""
        lines: list[str] = []
        pending = list(_block_children(cell))
        while pending:
            block = pending.pop(0)
            if _local(block) != "p":
                continue  # a data table has no nested tables
            out: list[str] = []
            boxes: list[etree._Element] = []
            _runs_text(block, out, boxes)
            text = "".join(out)
            if text.strip(_ASCII_WHITESPACE):  # a no-break space is content, as in HTML
                lines.append(text)
            for box in reversed(boxes):
                pending[0:0] = list(_block_children(box))
        return "\n".join(lines)


def parse_docx(data: bytes, /, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse a DOCX file into a :class:`~govinfo_report.parsers._blocks.Document`.

    Args:
        data: The file contents.
        source: Name of the input, used in locations.
        limits: Resource bounds (``max_bytes``, ``max_zip_members``,
            ``max_uncompressed_bytes``, ``max_compression_ratio``, ``max_table_cells``).

    Returns:
        Paragraphs and table grids in reading order, with the core-properties title.

    Raises:
        UnsupportedFormatError: The bytes are a legacy ``.doc`` (OLE2), not a
            zip, or a zip without a Word document.
        LimitExceededError: A bound was hit (e.g. a zip bomb).
        ExtractionError: The zip or its XML is corrupt.
    """
    location = SourceLocation(source=source)
    if len(data) > limits.max_bytes:
        raise LimitExceededError(
            f"input has {len(data)} bytes, more than max_bytes={limits.max_bytes}", location=location
        )
    package = _Package(data, source=source, limits=limits)
    main = package.relationship_target(_OFFICE_DOCUMENT) or "word/document.xml"
    root = package.xml(main)
    if root is None and main != "word/document.xml":
        main = "word/document.xml"
        root = package.xml(main)
    if root is None:
        raise UnsupportedFormatError(f"not a DOCX file: the zip has no {main}{_what_zip(package)}")
    if _local(root) != "document":
        raise UnsupportedFormatError(f"not a DOCX file: {main} is not a WordprocessingML document")

    title = None
    core = package.xml(package.relationship_target(_CORE_PROPERTIES) or "docProps/core.xml")
    if core is not None:
        element = core.find(_DC_TITLE)
        if element is not None:
            title = _own_text(element).strip() or None

    body = _Body(root, source=source, limits=limits)
    return Document(blocks=tuple(body.blocks), format=Format.DOCX, source=source, title=title)


def _what_zip(package: _Package) -> str:
    names = package.names
    if "content.xml" in names or "mimetype" in names:
        return " (it looks like an OpenDocument file; " + _CONVERT_HINT + ")"
    if any(name.startswith("xl/") for name in names):
        return " (it looks like an Excel workbook)"
    if any(name.startswith("ppt/") for name in names):
        return " (it looks like a PowerPoint presentation)"
    return ""
