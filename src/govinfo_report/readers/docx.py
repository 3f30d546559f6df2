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
import lzma
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence

import attrs
from lxml import etree

from govinfo_report._deadline import check_deadline
from govinfo_report.document import Block, Document, Format, Paragraph, TableGrid, Unread
from govinfo_report.errors import (
    ExtractionError,
    LimitExceededError,
    ParseError,
    SourceLocation,
    UnsupportedFormatError,
)
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.readers._detect import OLE2_MAGIC, ZIP_ERRORS, check_zip_members
from govinfo_report.readers._grid import Placement, build_grid, check_grid_area
from govinfo_report.readers._xml import XML_PARSER, XPaths

__all__ = ["read_docx"]


_CONVERT_HINT = "convert it to DOCX first, e.g. `soffice --headless --convert-to docx FILE` (LibreOffice)"

_ASCII_WHITESPACE = " \t\n\r\f"
_MAX_INT_CHARS = 20
# Members up to this size are read whatever their compression ratio: a long
# repetitive table compresses very well, and inflating a few MiB costs
# milliseconds.  Larger members must respect limits.max_compression_ratio.
_RATIO_FLOOR = 4 * 1024 * 1024
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
_NUMBERING = "/numbering"
_IMAGE = "/image"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


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
    if value is None or len(value) > _MAX_INT_CHARS:
        return default  # no attribute of a sane file needs more digits; int() of many is slow
    try:
        return int(value)
    except ValueError:
        return default


# -- the zip container --------------------------------------------------------------------------------


def _folded(name: str) -> str:
    """A member name as Word matches it: slashes either way, no leading slash, any case."""
    return name.replace("\\", "/").lstrip("/").casefold()


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
        check_zip_members(data, limits, source=source)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except ZIP_ERRORS as exc:
            raise UnsupportedFormatError(f"not a DOCX file: not a zip archive ({exc})") from exc
        if len(infos) > limits.max_zip_members:
            raise LimitExceededError(
                f"DOCX has {len(infos)} zip members, more than the {limits.max_zip_members} allowed "
                "(Limits.max_zip_members)",
                location=self.location,
            )
        total = sum(info.file_size for info in infos)
        if total > limits.max_uncompressed_bytes:
            raise LimitExceededError(
                f"DOCX declares {total} uncompressed bytes, more than the "
                f"{limits.max_uncompressed_bytes} allowed (Limits.max_uncompressed_bytes)",
                location=self.location,
            )
        self.budget = limits.max_uncompressed_bytes
        self.names = {info.filename: info for info in infos}
        # Some tools write backslashes or change the case of member names; Word accepts both.
        self.folded: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            key = _folded(info.filename)
            if key in self.folded:
                raise ExtractionError(
                    f"DOCX has two members named {info.filename!r} (up to case and slashes): which "
                    "one Word would read is undefined, so the file is refused",
                    location=self.location,
                )
            self.folded[key] = info

    def read(self, name: str) -> bytes | None:
        """Read one member with a capped read; ``None`` when it does not exist."""
        info = self.names.get(name) or self.folded.get(_folded(name))
        if info is None:
            return None
        ratio_cap = max(_RATIO_FLOOR, int(info.compress_size * self.limits.max_compression_ratio))
        if info.file_size > ratio_cap:
            raise LimitExceededError(
                f"DOCX member {name} expands {info.file_size} bytes from {info.compress_size} "
                f"(a ratio above {self.limits.max_compression_ratio:g}, Limits.max_compression_ratio)",
                location=self.location,
            )
        if info.file_size > self.limits.max_text_bytes:
            raise LimitExceededError(
                f"DOCX member {name} declares {info.file_size} bytes, more than the "
                f"{self.limits.max_text_bytes} allowed (Limits.max_text_bytes)",
                location=self.location,
            )
        if info.flag_bits & 0x1:
            raise UnsupportedFormatError(
                f"DOCX member {name} is encrypted; save the document without a password"
            )
        cap = min(self.budget, ratio_cap, self.limits.max_text_bytes)
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
        except (*ZIP_ERRORS, zlib.error, lzma.LZMAError, RuntimeError) as exc:
            raise ExtractionError(f"DOCX member {name} is corrupt: {exc}", location=self.location) from exc
        if size > cap:
            if cap == self.limits.max_text_bytes:
                bound = "Limits.max_text_bytes"
            elif cap == self.budget:
                bound = "Limits.max_uncompressed_bytes"
            else:
                bound = "Limits.max_compression_ratio"
            raise LimitExceededError(
                f"DOCX member {name} expands beyond {cap} bytes ({bound}; its declared size was "
                f"{info.file_size}): the zip is malformed or a decompression bomb",
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
                f"DOCX part {name} could not be parsed as XML: {exc.msg}",
                location=SourceLocation(source=self.source, line=line),
            ) from exc
        return root

    def relationship_target(self, kind: str) -> str | None:
        """Target of the package relationship whose type ends with ``kind``."""
        return self._target("_rels/.rels", "", kind)

    def part_target(self, part: str, kind: str) -> str | None:
        """Target of ``part``'s relationship whose type ends with ``kind`` (e.g. its numbering part)."""
        folder, _, name = part.rpartition("/")
        return self._target(f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels", folder, kind)

    def part_images(self, part: str) -> dict[str, str]:
        """``part``'s image relationships: id to the member name they point at (inside the package)."""
        folder, _, name = part.rpartition("/")
        rels = self.xml(f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels")
        found: dict[str, str] = {}
        if rels is None:
            return found
        for rel in rels.iter(f"{{{_RELS}}}Relationship"):
            target = rel.get("Target") or ""
            if (
                not (rel.get("Type") or "").endswith(_IMAGE)
                or rel.get("TargetMode") == "External"
                or not target
            ):
                continue
            member = posixpath.normpath(
                target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            )
            if not member.startswith("..") and rel.get("Id"):
                found[rel.get("Id") or ""] = member.lstrip("/")
        return found

    def _target(self, rels_name: str, folder: str, kind: str) -> str | None:
        rels = self.xml(rels_name)
        if rels is None:
            return None
        for rel in rels.iter(f"{{{_RELS}}}Relationship"):
            if (rel.get("Type") or "").endswith(kind) and rel.get("TargetMode") != "External":
                target = rel.get("Target") or ""
                if target.startswith("/"):
                    return target.lstrip("/")
                if target:
                    return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
        return None


# -- list numbering -------------------------------------------------------------------------------------

_CHINESE_DIGITS = "零一二三四五六七八九"
_CHINESE_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
# Counters and labels are bounded whatever numbering.xml states: a start value
# outside WordprocessingML's 32-bit range is ignored (Word itself stops there),
# a letter label longer than this is written in decimal, and a level text
# (the label pattern, e.g. "第%1章") is cut to this many characters.
_MAX_COUNTER = 2**31 - 1
_MAX_LETTERS = 8
_MAX_LEVEL_TEXT = 64
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _chinese(number: int, digits: str = _CHINESE_DIGITS, units: str = "十百千") -> str:
    """A number below 10 000 in Chinese counting (十一, 二十, 一百零五)."""
    if not 0 < number < 10_000:
        return str(number)
    parts: list[str] = []
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = number // power % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        parts.append(digits[digit] + unit)
    text = "".join(parts)
    if digits is _CHINESE_DIGITS and 10 <= number < 20:
        text = text[1:]  # 十一, not 一十一
    return text


def _letters(number: int) -> str:
    """Word's letter numbering: A to Z, then AA to ZZ, then AAA (decimal beyond a few letters)."""
    repeat = (number - 1) // 26 + 1
    if number < 1 or repeat > _MAX_LETTERS:
        return str(number)
    return chr(ord("A") + (number - 1) % 26) * repeat


def _roman(number: int) -> str:
    if not 0 < number < 4000:
        return str(number)
    text = ""
    for value, symbol in _ROMAN:
        count, number = divmod(number, value)
        text += symbol * count
    return text


def _circled(number: int) -> str:
    return chr(0x2460 + number - 1) if 1 <= number <= 20 else str(number)


_NUMBER_FORMATS: dict[str, Callable[[int], str]] = {
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese,
    "chineseLegalSimplified": lambda n: _chinese(n, _CHINESE_LEGAL, "拾佰仟"),
    "ideographLegalTraditional": lambda n: _chinese(n, _CHINESE_LEGAL, "拾佰仟"),
    "ideographTraditional": lambda n: _HEAVENLY_STEMS[(n - 1) % 10],
    "ideographZodiac": lambda n: _EARTHLY_BRANCHES[(n - 1) % 12],
    "decimalEnclosedCircle": _circled,
    "decimalEnclosedCircleChinese": _circled,
    "decimalFullWidth": lambda n: "".join(chr(ord(char) - ord("0") + 0xFF10) for char in str(n)),
    "decimalZero": lambda n: f"{n:02d}",
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": _letters,
    "lowerLetter": lambda n: _letters(n).lower(),
}


def _format_number(number: int, fmt: str) -> str:
    """A list counter in one of WordprocessingML's number formats (decimal for unknown ones)."""
    return _NUMBER_FORMATS.get(fmt, str)(number)


def _counter(value: str | None) -> int | None:
    """A start value from the file, or ``None`` when absent or outside ``0 .. _MAX_COUNTER``."""
    number = _int(value, -1)
    return number if 0 <= number <= _MAX_COUNTER else None


@attrs.frozen
class _Level:
    start: int
    fmt: str
    text: str | None  # lvlText; None: no visible number
    suffix: str
    legal: bool


def _read_level(lvl: etree._Element) -> _Level:
    fmt = _attr(_child(lvl, "numFmt"), "val") or "decimal"
    text_element = _child(lvl, "lvlText")
    text = _attr(text_element, "val") if text_element is not None else None
    suffix = {"tab": "\t", "space": " ", "nothing": ""}.get(_attr(_child(lvl, "suff"), "val") or "tab", "\t")
    start = _counter(_attr(_child(lvl, "start"), "val"))
    return _Level(
        start=1 if start is None else start,
        fmt=fmt,
        text=None if fmt in ("bullet", "none") or text is None else text[:_MAX_LEVEL_TEXT],
        suffix=suffix,
        legal=_child(lvl, "isLgl") is not None,
    )


class _Numbering:
    """Renders the automatic numbers of list paragraphs, as Word displays them.

    Counters belong to the abstract numbering a list instance points to, so
    instances sharing one continue each other unless a ``w:startOverride``
    restarts them.  Numbering applied through paragraph styles is not read
    (no dependence on styles).
    """

    def __init__(self, root: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.instances: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        for element in root:
            name = _local(element)
            if name == "abstractNum":
                levels = {
                    _int(_attr(lvl, "ilvl"), 0): _read_level(lvl) for lvl in element if _local(lvl) == "lvl"
                }
                self.abstract[_attr(element, "abstractNumId") or ""] = levels
            elif name == "num":
                abstract_id = _attr(_child(element, "abstractNumId"), "val") or ""
                overrides: dict[int, _Level] = {}
                starts: dict[int, int] = {}
                for override in element:
                    if _local(override) != "lvlOverride":
                        continue
                    ilvl = _int(_attr(override, "ilvl"), 0)
                    start = _child(override, "startOverride")
                    if start is not None:
                        value = _counter(_attr(start, "val"))
                        starts[ilvl] = 1 if value is None else value
                    lvl = _child(override, "lvl")
                    if lvl is not None:
                        overrides[ilvl] = _read_level(lvl)
                self.instances[_attr(element, "numId") or ""] = (abstract_id, overrides, starts)

    def prefix(self, p: etree._Element) -> str:
        """The number Word shows before paragraph ``p`` ("" when it has none); advances the counters."""
        numbering = _child(_child(p, "pPr"), "numPr")
        if numbering is None:
            return ""
        num_id = _attr(_child(numbering, "numId"), "val")
        instance = self.instances.get(num_id or "")
        if instance is None:
            return ""  # numId 0 (numbering removed) or unknown
        abstract_id, overrides, starts = instance
        levels = {**self.abstract.get(abstract_id, {}), **overrides}
        ilvl = min(max(_int(_attr(_child(numbering, "ilvl"), "val"), 0), 0), 8)
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id or "")
            for restart_level, value in starts.items():
                counters[restart_level] = value - 1
        for deeper in [key for key in counters if key > ilvl]:
            del counters[deeper]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        if level.text is None:
            return ""

        def render(match: re.Match[str]) -> str:
            index = int(match[1]) - 1
            other = levels.get(index)
            value = counters.get(index, other.start if other else 1)
            fmt = other.fmt if other else "decimal"
            return str(value) if level.legal and index != ilvl else _format_number(value, fmt)

        return _LEVEL_REFERENCE.sub(render, level.text) + level.suffix


_LEVEL_REFERENCE = re.compile(r"%([1-9])")


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

    def __init__(
        self,
        root: etree._Element,
        *,
        numbering: _Numbering,
        source: str | None,
        limits: Limits,
        pictures: Callable[[str, int, str], Sequence[TableGrid]] | None = None,
    ) -> None:
        self.xpath = XPaths(root.getroottree())
        self.pictures = pictures
        self.recognised = False
        self.numbering = numbering
        self.source = source
        self.limits = limits
        self.blocks: list[Block] = []
        self.tables = 0
        body = _child(root, "body")
        if body is not None:
            self.container(body)

    def _xpath(self, element: etree._Element) -> str:
        return self.xpath(element)

    def container(self, element: etree._Element) -> None:
        for block in _block_children(element):
            if _local(block) == "p":
                self.paragraph(block)
            else:
                self.table(block)

    def paragraph(self, p: etree._Element) -> None:
        if not len(self.blocks) & 255:
            check_deadline()
        out: list[str] = [self.numbering.prefix(p)]
        boxes: list[etree._Element] = []
        _runs_text(p, out, boxes)
        text = "".join(out)
        if text.strip():
            location = SourceLocation(source=self.source, xpath=self._xpath(p))
            self.blocks.append(Paragraph(text=text, location=location))
        for box in boxes:
            self.container(box)
        if self.pictures is not None:
            for blip in p.iter(_BLIP):
                self.picture(blip)

    def picture(self, blip: etree._Element) -> None:
        """The tables of a picture standing in the body (a table pasted as an image), read by OCR."""
        assert self.pictures is not None  # noqa: S101 - only called with a picture reader
        grids = self.pictures(blip.get(_EMBED) or "", self.tables, self._xpath(blip))
        self.blocks.extend(grids)
        self.tables += len(grids)
        self.recognised = self.recognised or bool(grids)

    def table(self, tbl: etree._Element) -> None:
        check_deadline()
        rows = _rows(tbl)
        cells = [cell for row in rows for cell in _cells(row)]
        if any(_local(node) == "tbl" for node in tbl.iterdescendants()):
            self._container_table(cells)  # layout: inner tables become grids
            return
        location = SourceLocation(source=self.source, xpath=self._xpath(tbl), table=self.tables)
        if len(cells) > self.limits.max_table_cells:
            raise LimitExceededError(
                f"table has {len(cells)} cells, more than the {self.limits.max_table_cells} allowed "
                "(Limits.max_table_cells)",
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
        for r, row in enumerate(rows):
            row_properties = _child(row, "trPr")
            col = max(0, _int(_attr(_child(row_properties, "gridBefore"), "val"), 0))
            # A header row repeats at the top of each page (w:tblHeader): its cells are headers.
            header_row = _child(row_properties, "tblHeader") is not None
            in_row: list[Placement] = []
            for cell in _cells(row):
                # Every row of the grid is as wide as the column this cell starts in.
                check_grid_area(len(rows), col + 1, self.limits, location)
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
                else:
                    placement = Placement(
                        row=r,
                        col=col,
                        rowspan=1,
                        colspan=colspan,
                        text=self.cell_text(cell),
                        xpath=self._xpath(cell),
                        header=header_row,
                    )
                    placements.append(placement)
                    in_row.append(placement)
                    end = col + colspan
                    covered = range(col, end) if colspan <= len(open_merges) else list(open_merges)
                    for column in covered:
                        if col <= column < end:
                            open_merges.pop(column, None)
                    if vmerge is not None:
                        open_merges[col] = placement
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
            out: list[str] = [self.numbering.prefix(block)]
            boxes: list[etree._Element] = []
            _runs_text(block, out, boxes)
            text = "".join(out)
            if text.strip(_ASCII_WHITESPACE):  # a no-break space is content, as in HTML
                lines.append(text)
            for box in reversed(boxes):
                pending[0:0] = list(_block_children(box))
        return "\n".join(lines)


def read_docx(data: bytes, /, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse a DOCX file into a :class:`~govinfo_report.document.Document`.

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
            f"input has {len(data)} bytes, more than the {limits.max_bytes} allowed (Limits.max_bytes)",
            location=location,
        )
    package = _Package(data, source=source, limits=limits)
    try:
        main = package.relationship_target(_OFFICE_DOCUMENT) or "word/document.xml"
    except ExtractionError:
        main = "word/document.xml"  # damaged relationships: try the conventional name
    root = package.xml(main)
    if root is None and main != "word/document.xml":
        main = "word/document.xml"
        root = package.xml(main)
    if root is None:
        raise UnsupportedFormatError(f"not a DOCX file: the zip has no {main}{_what_zip(package)}")
    if _local(root) != "document":
        raise UnsupportedFormatError(f"not a DOCX file: {main} is not a WordprocessingML document")

    title = None
    try:
        core = package.xml(package.relationship_target(_CORE_PROPERTIES) or "docProps/core.xml")
    except ExtractionError:
        core = None  # the title is optional: a damaged properties part does not stop the body
    if core is not None:
        element = core.find(_DC_TITLE)
        if element is not None:
            title = _own_text(element).strip() or None

    numbering = None
    if any(_local(element) == "numPr" for element in root.iter()):
        try:
            numbering = package.xml(package.part_target(main, _NUMBERING) or "word/numbering.xml")
        except ExtractionError:
            numbering = None  # damaged numbering: paragraphs keep their text, without list numbers
    pictures = _picture_reader(package, main, source=source, limits=limits)
    body = _Body(root, numbering=_Numbering(numbering), source=source, limits=limits, pictures=pictures)
    return Document(
        blocks=tuple(body.blocks),
        format=Format.DOCX,
        source=source,
        title=title,
        recognised=body.recognised,
        unread=pictures.unread(body.blocks) if pictures is not None else (),
    )


class _Pictures:
    """Reads the tables of the main part's pictures by OCR, or notes those it cannot read without OCR.

    Called with a picture's relationship id, the index of its first table and its XPath.
    """

    def __init__(
        self, package: _Package, images: dict[str, str], *, source: str | None, limits: Limits
    ) -> None:
        from govinfo_report.readers.image import ocr_available  # noqa: PLC0415 - only pictures need it

        self.package = package
        self.images = images
        self.source = source
        self.limits = limits
        self.ocr = ocr_available()
        self.without_ocr: list[tuple[str, SourceLocation]] = []  # pictures OCR would have read
        self.failed: list[Unread] = []  # pictures that could not be read

    def __call__(self, relationship: str, table: int, xpath: str) -> Sequence[TableGrid]:
        from govinfo_report.readers.image import is_picture, picture_tables  # noqa: PLC0415

        member = self.images.get(relationship)
        data = self.package.read(member) if member is not None else None
        if data is None:
            return ()
        if not self.ocr:
            if is_picture(data):
                self.without_ocr.append(
                    (member or relationship, SourceLocation(source=self.source, xpath=xpath))
                )
            return ()
        try:
            return picture_tables(data, table=table, xpath=xpath, source=self.source, limits=self.limits)
        except ParseError as exc:  # a damaged or oversized picture: the rest of the document is still read
            where = SourceLocation(source=self.source, xpath=xpath)
            self.failed.append(Unread(what=member or relationship, reason=exc.message, location=where))
            return ()

    def unread(self, blocks: Sequence[Block]) -> tuple[Unread, ...]:
        """The pictures not read for want of OCR (an error when the document has no table of its own)."""
        from govinfo_report.readers.image import unread_pictures  # noqa: PLC0415

        return (
            *self.failed,
            *unread_pictures(blocks, self.without_ocr, what="the document's tables are pictures"),
        )


def _picture_reader(package: _Package, main: str, *, source: str | None, limits: Limits) -> _Pictures | None:
    """The reader of the main part's pictures; ``None`` without pictures."""
    try:
        images = package.part_images(main)
    except ExtractionError:
        return None  # damaged relationships: the text is still read
    if not images:
        return None
    return _Pictures(package, images, source=source, limits=limits)


def _what_zip(package: _Package) -> str:
    names = package.names
    if "content.xml" in names or "mimetype" in names:
        return " (it looks like an OpenDocument file; " + _CONVERT_HINT + ")"
    if any(name.startswith("xl/") for name in names):
        return " (it looks like an Excel workbook)"
    if any(name.startswith("ppt/") for name in names):
        return " (it looks like a PowerPoint presentation)"
    return ""
