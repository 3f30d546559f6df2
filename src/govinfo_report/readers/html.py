"""HTML pages: narrative paragraphs and table grids, through page chrome.

A saved government page holds the report among menus, scripts, metadata
boxes and footers.  The parser keeps what a reader sees as the document:

* ``script``, ``style``, ``noscript``, ``template``, buttons, embedded
  objects, ``nav`` and ``menu`` elements, ARIA navigation, banner, search and
  content-info regions, page-level ``header`` and ``footer`` elements and
  hidden elements are dropped;
* block elements (``p``, ``div``, ``h1``-``h6``, ``li``, ...) and ``br``
  separate paragraphs; inline markup (Word's ``<span><font>``, ``<o:p>``) is
  read through; form controls give the value they display (some report
  systems publish filled-in forms);
* whitespace is collapsed as a browser renders it, and a source line break
  between two CJK characters disappears (CSS Text's segment break rule).
  No-break spaces are kept as written; normalisation happens later;
* every table becomes a :class:`~govinfo_report.document.TableGrid`
  with ``rowspan``/``colspan`` expanded, except layout tables: a table that
  contains other tables, or has a single cell, is read as a container (its
  own text becomes paragraphs, its inner tables grids);
* a picture (``img``) standing in the page, outside table cells, that
  holds a table (a report table saved as an image) gives that table, read
  by OCR, when the picture can be found safely (a file inside the folder
  of a saved page, or a ``data:`` URI; never a network address); one that
  cannot is listed as unread.

Metadata tables such as the 索引号/发布机构 box are kept as grids; telling
them apart from report tables is the assembler's job.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from collections.abc import Callable
from functools import partial
from typing import cast

from lxml import etree

from govinfo_report._deadline import check_deadline
from govinfo_report._fast import quick_init
from govinfo_report.document import Block, Document, Format, Paragraph, Unread
from govinfo_report.errors import ExtractionError, LimitExceededError, ParseError, SourceLocation
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.readers._encoding import decode_text, sniff_declared_encoding
from govinfo_report.readers._grid import Placement, build_grid
from govinfo_report.readers._links import LinkedFiles, LinkRefused
from govinfo_report.readers._xml import HTML_PARSER, XPaths
from govinfo_report.readers.image import is_picture, ocr_available, picture_tables, unread_pictures

__all__ = ["read_html"]

# Never part of the visible document.
_DROP_TAGS = frozenset(
    {
        "head", "script", "style", "noscript", "template", "nav", "menu", "iframe", "frame",
        "frameset", "object", "embed", "applet", "svg", "math", "canvas", "audio", "video", "map",
        "option", "optgroup", "datalist", "button", "meta", "link",
        "xml",  # Word's data islands (document properties, settings)
    }
)  # fmt: skip
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "menu", "menubar", "search"})
# header and footer are page chrome unless inside sectioning content (ARIA's rule).
_SECTIONING = frozenset({"article", "aside", "main", "nav", "section"})
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
        "listing", "main", "ol", "p", "plaintext", "pre", "section", "summary", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul", "xmp",
    }
)  # fmt: skip
# Form controls show their value; report systems sometimes render filled-in tables this way.
_FORM_CONTROLS = frozenset({"input", "textarea", "select"})
_TEXT_INPUTS = frozenset(
    {"text", "number", "tel", "email", "url", "search", "date", "month", "week", "time", "datetime-local"}
)
_PRE_TAGS = frozenset({"pre", "listing", "plaintext", "xmp"})
_CELL_TAGS = ("td", "th")
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.IGNORECASE)
# What the markup must contain for some style attribute to match _HIDDEN_STYLE: "display"
# and "none", or "visibility" and "hidden", in any case.  Their letters match only
# themselves in either case, except i (also U+0130 and U+0131) and s (also U+017F), here
# in UTF-8; "none" and "dden" need no such care.  Character references could spell the
# words too: a page with "&#" is always looked at element by element.  The patterns run
# on the markup with its ASCII letters lower-cased; for a plain string, the regular
# expression engine's search is quicker than bytes.__contains__ on long UTF-8 text.
_I = rb"(?:i|\xc4\xb0|\xc4\xb1)"
_S = rb"(?:s|\xc5\xbf)"
_DISPLAY = re.compile(rb"d" + _I + _S + rb"play")
_VISIBILITY = re.compile(rb"v" + _I + _S + _I + rb"b" + _I + rb"l" + _I + rb"ty")
_NONE = re.compile(rb"none")
_DDEN = re.compile(rb"dden")
_NUMERIC_REFERENCE = re.compile(rb"&#")


def _styles_may_hide(markup: bytes) -> bool:
    """Whether some ``style`` attribute of the page may hide its element.

    Reading the style attribute of every element is a good share of the
    walk; most pages hide nothing by style, and their bytes say so.
    """
    if _NUMERIC_REFERENCE.search(markup):
        return True
    lower = markup.lower()
    return (_NONE.search(lower) is not None and _DISPLAY.search(lower) is not None) or (
        _DDEN.search(lower) is not None and _VISIBILITY.search(lower) is not None
    )


# What the walk does with an element, by lower-case tag (anything else is inline).
# Blocks first, then the elements that hold no walked content (from _BR on).
_INLINE, _BLOCK, _PRE, _TABLE, _CHROME, _BR, _CONTROL, _PICTURE, _DROP = range(9)
_KINDS: dict[str, int] = {
    **dict.fromkeys(_BLOCK_TAGS, _BLOCK),
    **dict.fromkeys(_PRE_TAGS, _PRE),
    "table": _TABLE,
    "header": _CHROME,  # blocks, dropped outside sectioning content
    "footer": _CHROME,
    "br": _BR,
    "img": _PICTURE,
    **dict.fromkeys(_FORM_CONTROLS, _CONTROL),
    **dict.fromkeys(_DROP_TAGS, _DROP),
}

# HTML clamps spans like this (HTML Living Standard, "processing model" of tables).
_MAX_COLSPAN = 1000
_MAX_ROWSPAN = 65534

# Collapsible whitespace stays as one of two sentinels until a line is
# finished: _SPACE for a run without a line break, _BREAK for a run with one.
_SPACE = "\x00"
_BREAK = "\x01"
_SENTINELS = _SPACE + _BREAK
_COLLAPSIBLE = " \t\n\r\f"
_ASCII_WS = re.compile(f"[{_COLLAPSIBLE}]+")
_SENTINEL_RUN = re.compile(f"[{_SENTINELS}]+")


# A run with a line break, and (once those are marked) any other run: two
# substitutions with fixed replacements, no Python call per run.  A match
# starts only where a run starts (the lookbehind) and never backtracks over
# the spaces (possessive), which keeps a long run of spaces linear.
_BREAK_RUN = re.compile("(?<![ \t\f])[ \t\f]*+[\n\r][ \t\n\r\f]*")


def _mark_whitespace(text: str) -> str:
    text = text.replace(_SPACE, "").replace(_BREAK, "")
    if not text.strip(_COLLAPSIBLE):
        # Only whitespace, as most text between tags is: a single run, or nothing.
        if not text:
            return ""
        return _BREAK if ("\n" in text or "\r" in text) else _SPACE
    return _ASCII_WS.sub(_SPACE, _BREAK_RUN.sub(_BREAK, text))


def _is_wide(char: str) -> bool:
    # Hangul is wide but separates words with spaces, so CSS keeps its breaks.
    return unicodedata.east_asian_width(char) in ("W", "F", "H") and not (
        "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff"
    )


def _finish_line(text: str) -> str:
    """Turn the whitespace sentinels of one line into what a browser shows."""
    text = text.strip(_SENTINELS)
    if _SPACE not in text and _BREAK not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        start, end = match.span()
        if _SPACE not in match[0] and _is_wide(text[start - 1]) and _is_wide(text[end]):
            return ""
        return " "

    return _SENTINEL_RUN.sub(replace, text)


def _tag(node: etree._Element) -> str | None:
    tag = node.tag
    return tag.lower() if isinstance(tag, str) else None


# hidden and role attributes are rare: one query run by libxml2 finds the elements
# that have them, so that the walk reads only the style attribute of every element.
_HIDDEN_OR_ROLE = etree.XPath("//@hidden/.. | //@role/..")


class _Lines:
    """Collects text into lines; each finished line goes to ``on_line`` with its owner element.

    Attributes:
        parts: The pieces of the current line (the same list for the collector's
            life, so that the walk can append to it directly).
        owner: The element that owns the current line: the block around its first
            visible text.
    """

    def __init__(self, on_line: Callable[[str, etree._Element | None], None]) -> None:
        self.parts: list[str] = []
        self.owner: etree._Element | None = None
        self._on_line = on_line

    def add(self, text: str | None, owner: etree._Element | None, *, raw: bool) -> None:
        if not text:
            return
        if not raw:
            part = _mark_whitespace(text)
            if part:
                if self.owner is None and part.strip(_SENTINELS):
                    self.owner = owner
                self.parts.append(part)
            return
        # Preformatted text keeps its spaces and tabs; a newline ends the line.
        text = text.replace(_SPACE, "").replace(_BREAK, "")
        first, *rest = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self._add_part(first, owner)
        for line in rest:
            self.end_line()
            self._add_part(line, owner)

    def _add_part(self, text: str, owner: etree._Element | None) -> None:
        if not text:
            return
        if self.owner is None and text.strip(_SENTINELS):
            self.owner = owner
        self.parts.append(text)

    def end_line(self) -> None:
        parts = self.parts
        if not parts:
            return
        line = _finish_line("".join(parts))
        owner = self.owner
        parts.clear()
        self.owner = None
        if line:
            self._on_line(line, owner)


def _control_value(control: etree._Element, tag: str) -> str:
    """The text a form control displays: an input's value, a textarea's text, a select's chosen option."""
    if tag == "textarea":
        return "".join(control.itertext())
    if tag == "select":
        options = list(control.iter("option"))
        chosen = next((option for option in options if option.get("selected") is not None), None)
        if chosen is None and options and control.get("multiple") is None:
            chosen = options[0]
        return "" if chosen is None else "".join(chosen.itertext())
    kind = (control.get("type") or "text").strip().lower()
    return (control.get("value") or "") if kind in _TEXT_INPUTS else ""


class _StyleHides(dict[str, bool]):
    """Whether a ``style`` attribute hides its element, by style text.

    A page repeats a few style texts on most of its elements: a lookup is a
    plain dict lookup, the pattern runs once per distinct text.
    """

    def __missing__(self, style: str) -> bool:
        hides = self[style] = _HIDDEN_STYLE.search(style) is not None
        return hides


def _is_chrome(element: etree._Element) -> bool:
    """Whether a ``header`` or ``footer`` element is page chrome: outside sectioning content."""
    return not any(_tag(ancestor) in _SECTIONING for ancestor in element.iterancestors())


_Walk = Callable[[etree._Element, etree._Element | None, bool, "_Walk"], None]


def _walker(
    hidden: set[etree._Element],
    style_hides: _StyleHides | None,
    lines: _Lines,
    on_table: Callable[[etree._Element, _Lines], bool] | None,
    on_picture: Callable[[etree._Element, _Lines], None] | None = None,
) -> Callable[[etree._Element, etree._Element | None, bool], None]:
    """The walk of :meth:`_Page.walk_text` for one collector: ``walk(element, owner, pre)``."""
    # This runs for every element of the page, so the common work is inlined:
    # the drop test and the tag's kind take one dict lookup each (the HTML
    # parser lower-cases element names), and collapsible text goes straight
    # into the collector's parts (what _Lines.add does with raw=False), except
    # whitespace at the start of a line, which _finish_line would strip
    # anyway: most text between tags is such whitespace, and skipping it
    # spares an end_line call per block.
    parts = lines.parts
    end_line = lines.end_line
    kinds = _KINDS

    def feed(text: str, owner: etree._Element | None, pre: bool) -> None:
        if pre:
            lines.add(text, owner, raw=True)
            return
        if " " not in text and text.isprintable():
            part = text  # no whitespace to collapse and no sentinel: most runs of text
        else:
            part = _mark_whitespace(text)
            if not part.strip(_SENTINELS):
                if parts:
                    parts.append(part)
                return
        if lines.owner is None:
            lines.owner = owner
        parts.append(part)

    def leaf(element: etree._Element, kind: int, tag: str, owner: etree._Element | None, pre: bool) -> None:
        """A line break, a form control's value or a picture (page chrome gives nothing)."""
        if kind == _BR:
            if parts:
                end_line()
        elif kind == _CONTROL:
            lines.add(_control_value(element, tag), owner, raw=pre or tag == "textarea")
        elif kind == _PICTURE and on_picture is not None:
            on_picture(element, lines)

    # walk receives itself as an argument: a function that names itself through its
    # closure is a reference cycle, which would keep the walked tree alive (through
    # hidden, lines and on_table) until the cycle collector runs.
    def walk(element: etree._Element, owner: etree._Element | None, pre: bool, walk: _Walk) -> None:
        tag = element.tag
        if not isinstance(tag, str):  # an entity or processing instruction
            return
        kind = kinds.get(tag, _INLINE)
        # The decision of _Page.is_dropped, with the tag looked up once.
        if (
            kind == _DROP
            or (style_hides is not None and (style := element.get("style")) and style_hides[style])
            or (hidden and element in hidden)
        ):
            return
        if kind != _INLINE:
            if kind >= _BR or (kind == _CHROME and _is_chrome(element)):
                leaf(element, kind, tag, owner, pre)
                return
            if parts:
                end_line()
            if kind == _TABLE and on_table is not None and on_table(element, lines):
                return
            owner = element
            pre = pre or kind == _PRE
        text = element.text
        if text and (pre or parts or text.strip(_COLLAPSIBLE)):
            feed(text, owner, pre)
        for child in element:
            walk(child, owner, pre, walk)  # positional: this runs for every element
            tail = child.tail
            if tail and (pre or parts or tail.strip(_COLLAPSIBLE)):
                feed(tail, owner, pre)
        if kind != _INLINE and parts:
            end_line()

    return partial(walk, walk=walk)


class _Page:
    """What is visible of one page: drops hidden elements, reads text into lines.

    Args:
        root: The page's root element.
        styles_may_hide: Whether some ``style`` attribute may hide its element
            (see :func:`_styles_may_hide`); when not, no style is read.
    """

    def __init__(self, root: etree._Element, *, styles_may_hide: bool = True) -> None:
        self.hidden = {
            element
            for element in cast("list[etree._Element]", _HIDDEN_OR_ROLE(root))
            if element.get("hidden") is not None or (element.get("role") or "").strip().lower() in _DROP_ROLES
        }
        self.style_hides = _StyleHides() if styles_may_hide else None
        # One collector and walker serve all cells (cells do not nest: a cell's
        # walk does not handle tables).  Neither refers to the page, which keeps
        # the page free of reference cycles.
        self._cell_found: list[str] = []
        found = self._cell_found
        self._cell_lines = _Lines(lambda text, _owner: found.append(text))
        self._walk_cell = _walker(self.hidden, self.style_hides, self._cell_lines, None)

    def is_dropped(self, element: etree._Element, tag: str) -> bool:
        """Whether ``element`` (whose lower-case tag is ``tag``) is not part of the visible document."""
        if tag in _DROP_TAGS or element in self.hidden:
            return True
        if self.style_hides is not None and (style := element.get("style")) and self.style_hides[style]:
            return True
        return tag in ("header", "footer") and _is_chrome(element)

    def is_cell(self, element: etree._Element) -> bool:
        tag = _tag(element)
        return tag in _CELL_TAGS and not self.is_dropped(element, tag)

    def walk_text(
        self,
        element: etree._Element,
        lines: _Lines,
        owner: etree._Element | None,
        pre: bool,
        on_table: Callable[[etree._Element, _Lines], bool] | None,
        *,
        on_picture: Callable[[etree._Element, _Lines], None] | None = None,
    ) -> None:
        """Feed the visible text of ``element`` (not its tail) into ``lines``.

        Recursion depth is bounded by the parser: without ``huge_tree`` libxml2
        nests elements at most 256 deep.

        Args:
            element: The element to read.
            lines: The collector.
            owner: The innermost block element around ``element``.
            pre: Whether the text is preformatted.
            on_table: Called for each ``table`` with ``lines``; returns ``True`` when it
                has consumed the table (a data table), ``False`` to read it as a container.
            on_picture: Called for each visible ``img`` outside table cells, with ``lines``.
        """
        _walker(self.hidden, self.style_hides, lines, on_table, on_picture)(element, owner, pre)

    def cell_text(self, cell: etree._Element) -> str:
        """Text of a table cell: its lines (paragraphs, ``br``) joined with newlines."""
        self._walk_cell(cell, None, False)
        lines = self._cell_lines
        if lines.parts:
            lines.end_line()
        found = self._cell_found
        if len(found) == 1:
            return found.pop()
        text = "\n".join(found)
        found.clear()
        return text

    def row_groups(self, table: etree._Element) -> list[list[etree._Element]]:
        """The table's rows by row group (``thead``, ``tbody``, ``tfoot``, or bare ``tr`` runs)."""
        groups: list[list[etree._Element]] = []
        implicit: list[etree._Element] | None = None
        for child in table:
            tag = _tag(child)
            if tag == "tr":
                if self.is_dropped(child, tag):
                    continue  # e.g. Word's hidden spacer row of column widths
                if implicit is None:
                    implicit = []
                    groups.append(implicit)
                implicit.append(child)
            elif tag in ("thead", "tbody", "tfoot"):
                implicit = None
                groups.append([tr for tr in child if _tag(tr) == "tr" and not self.is_dropped(tr, "tr")])
        return groups


_SPAN = re.compile(r"\s*\+?(\d{1,9})")
# Made for every cell and paragraph: positional constructors (see _construct).
_placement = quick_init(Placement, "row", "col", "rowspan", "colspan", "text", "xpath", "header")
_location = quick_init(SourceLocation, "source", "xpath")


def _span(value: str | None) -> int:
    """A ``rowspan``/``colspan`` value as browsers read it (leading digits; 1 if none)."""
    match = _SPAN.match(value) if value else None
    return int(match[1]) if match else 1


class _Document:
    """Walks an HTML tree and collects its blocks in reading order."""

    def __init__(
        self,
        root: etree._Element,
        *,
        source: str | None,
        limits: Limits,
        links: LinkedFiles,
        styles_may_hide: bool = True,
    ) -> None:
        self.xpath = XPaths(root.getroottree())
        self.page = _Page(root, styles_may_hide=styles_may_hide)
        self.source = source
        self.limits = limits
        self.links = links
        self.blocks: list[Block] = []
        self.tables = 0
        self.recognised = False
        self.unread: list[Unread] = []
        # Pictures found while OCR is not installed: (src, location), read or refused later.
        self.pictures_unread: list[tuple[str, SourceLocation]] = []
        # The collector stays local: stored on self, its callback (a bound method) would
        # make a reference cycle that keeps the whole tree alive until a cycle collection.
        lines = _Lines(self._paragraph)
        self.page.walk_text(root, lines, root, False, self._table, on_picture=self._picture)
        lines.end_line()
        self._pictures_without_ocr()

    def _picture(self, img: etree._Element, lines: _Lines) -> None:
        """The tables of a picture standing in the page (a table saved as an image), read by OCR."""
        check_deadline()
        if self.links.exhausted:
            return  # the refusal that reached the bound is noted; the rest are not looked at
        src = img.get("src") or ""
        location = SourceLocation(source=self.source, xpath=self.xpath(img))
        try:
            data = self.links.read(src)
        except LinkRefused as refused:
            self.unread.append(Unread(what=_shown(src), reason=str(refused), location=location))
            return
        if not is_picture(data):
            return  # an icon, a rule or not an image: no table
        if not ocr_available():
            self.pictures_unread.append((_shown(src), location))
            return
        try:
            grids = picture_tables(
                data, table=self.tables, xpath=location.xpath, source=self.source, limits=self.limits
            )
        except ParseError as exc:  # a damaged or oversized picture: the rest of the page is still read
            self.unread.append(Unread(what=_shown(src), reason=exc.message, location=location))
            return
        if grids and lines.parts:
            lines.end_line()
        self.blocks.extend(grids)
        self.tables += len(grids)
        self.recognised = self.recognised or bool(grids)

    def _pictures_without_ocr(self) -> None:
        """Pictures that OCR would read: an error when the page has no table of its own, else noted."""
        self.unread.extend(
            unread_pictures(self.blocks, self.pictures_unread, what="the page's tables are pictures")
        )

    def _xpath(self, element: etree._Element | None) -> str | None:
        return None if element is None else self.xpath(element)

    def _paragraph(self, text: str, owner: etree._Element | None) -> None:
        if not len(self.blocks) & 255:
            check_deadline()
        if text.strip():
            location = _location(self.source, None if owner is None else self.xpath(owner))
            self.blocks.append(Paragraph(text=text, location=location))

    def _table(self, table: etree._Element, lines: _Lines) -> bool:
        check_deadline()
        if next(table.iterdescendants("table"), None) is not None:
            return False  # layout: read as a container, inner tables become grids
        groups = self.page.row_groups(table)
        rows = [tr for group in groups for tr in group]
        cells = [(r, cell) for r, tr in enumerate(rows) for cell in tr if self.page.is_cell(cell)]
        if len(cells) < 2:
            return False  # a single-cell box holds no tabular information

        for child in table:
            if _tag(child) == "caption":
                self.page.walk_text(child, lines, child, False, None)
                lines.end_line()
        location = SourceLocation(source=self.source, xpath=self._xpath(table), table=self.tables)
        placements = self._layout(groups, cells, location)
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
        return True

    def _layout(
        self,
        groups: list[list[etree._Element]],
        cells: list[tuple[int, etree._Element]],
        location: SourceLocation,
    ) -> list[Placement]:
        """Place cells on the grid with HTML's table algorithm (spans clamped first)."""
        group_end: list[int] = []
        for group in groups:
            group_end.extend([len(group_end) + len(group)] * len(group))
        spans: list[tuple[int, int]] = []
        area = 0
        for r, cell in cells:
            # Most cells have neither attribute: both spans are then 1 (a row group has room for one row).
            value = cell.get("colspan")
            colspan = min(max(_span(value), 1), _MAX_COLSPAN) if value else 1
            value = cell.get("rowspan")
            if value:
                rowspan = _span(value)
                room = group_end[r] - r  # a rowspan never leaves its row group; 0 means "to its end"
                rowspan = room if rowspan == 0 else min(rowspan, room, _MAX_ROWSPAN)
            else:
                rowspan = 1
            spans.append((rowspan, colspan))
            area += rowspan * colspan
        if area > self.limits.max_table_cells:
            raise LimitExceededError(
                f"table spans {area} grid cells, more than the {self.limits.max_table_cells} allowed"
                " (Limits.max_table_cells)",
                location=location,
            )

        # Columns taken in each row by cells of the rows above; a row's own cells need
        # no marking, since each starts after the one before.
        occupied: list[set[int]] = [set() for _ in group_end]
        cell_text = self.page.cell_text
        xpath = self.xpath
        placements: list[Placement] = []
        row, col = -1, 0
        taken: set[int] = set()
        for (r, cell), (rowspan, colspan) in zip(cells, spans, strict=True):
            if r != row:
                row, col, taken = r, 0, occupied[r]
            while col in taken:
                col += 1
            header = cell.tag == "th"
            placements.append(_placement(r, col, rowspan, colspan, cell_text(cell), xpath(cell), header))
            if rowspan > 1:
                columns = range(col, col + colspan)
                for covered in occupied[r + 1 : r + rowspan]:
                    covered.update(columns)
            col += colspan
        return placements


def read_html(
    data: bytes,
    /,
    *,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    folder: str | os.PathLike[str] | None = None,
) -> Document:
    """Parse an HTML page into a :class:`~govinfo_report.document.Document`.

    A picture in the page (``<img>``) that holds a table is read by OCR
    where the picture can be found safely: a file in ``folder`` (as a
    browser saves a page with its ``page_files/`` folder) or a ``data:`` URI;
    nothing is fetched from a network.  A picture that cannot be read is
    listed in :attr:`Document.unread <govinfo_report.document.Document.unread>`.

    Args:
        data: The page bytes.
        source: Name of the input, used in locations.
        limits: Resource bounds (``max_bytes``, ``max_table_cells``,
            ``max_linked_files``; OCR's bounds for pictures).
        folder: The folder the page was saved in, where the files it links
            to are looked up; ``None`` (a page given as bytes) reads none.

    Returns:
        Paragraphs and table grids in reading order, with the encoding used
        and the page ``<title>``.

    Raises:
        LimitExceededError: The input or one of its tables is too large.
        ExtractionError: The bytes are in no known encoding, or lxml fails,
            or the page's only tables are pictures and OCR is not installed.
    """
    if len(data) > limits.max_bytes:
        raise LimitExceededError(
            f"input has {len(data)} bytes, more than the {limits.max_bytes} allowed (Limits.max_bytes)",
            location=SourceLocation(source=source),
        )
    text, encoding = decode_text(data, declared=sniff_declared_encoding(data), source=source)
    if encoding == "utf-8" and not data.startswith(codecs.BOM_UTF8):
        markup = data  # what encoding the text again would give, without the copy
    else:
        markup = text.encode("utf-8", "replace")
    try:
        # lxml returns None for a document without elements; its stubs do not say so.
        root = cast("etree._Element | None", etree.fromstring(markup, HTML_PARSER))
    except (etree.ParserError, etree.XMLSyntaxError) as exc:
        location = SourceLocation(source=source)
        raise ExtractionError(f"HTML could not be parsed: {exc}", location=location) from exc
    if root is None:  # nothing but whitespace or comments
        return Document(blocks=(), format=Format.HTML, source=source, encoding=encoding)

    title = None
    title_element = root.find("head/title")
    if title_element is None:
        title_element = root.find(".//title")
    if title_element is not None:
        title = _finish_line(_mark_whitespace("".join(title_element.itertext()))) or None
    document = _Document(
        root,
        source=source,
        limits=limits,
        links=LinkedFiles(folder, limits),
        styles_may_hide=_styles_may_hide(markup),
    )
    return Document(
        blocks=tuple(document.blocks),
        format=Format.HTML,
        source=source,
        encoding=encoding,
        title=title,
        recognised=document.recognised,
        unread=tuple(document.unread),
    )


_SHOWN = 120
"""Longest picture reference quoted in full (a ``data:`` URI is long)."""


def _shown(src: str) -> str:
    """A picture's ``src`` as the report quotes it."""
    src = src.strip()
    return src if len(src) <= _SHOWN else src[: _SHOWN - 1] + "…"
