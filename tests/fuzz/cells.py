"""Find the source of a table cell in a clean corpus input and write another number there.

For each corpus input of a format whose cells carry a source location
(text: the line; HTML and DOCX: the cell's XPath), :func:`editable` finds the
count cells the parser read as written (``CellState.VALUE``) whose number
appears exactly once at that location, and :meth:`Editable.edit` returns the
input with that one number replaced.

HTML and DOCX inputs are edited through lxml and serialized again, so the
*baseline* is the re-serialized clean input, not the original bytes: a cell
is a target only when the baseline reads it as the original does.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from tests.conftest import CorpusCase
from tests.docxgen import W_NS

from govinfo_report import Report, parse_bytes
from govinfo_report.model import CellState
from govinfo_report.readers._encoding import decode_text, sniff_declared_encoding
from govinfo_report.readers._xml import HTML_PARSER


@dataclass(frozen=True)
class Target:
    """A cell whose number can be rewritten in the source."""

    key: str
    value: int
    where: str  # the line number or the XPath
    written: str  # the number as it appears there


@dataclass(frozen=True)
class Editable:
    """A clean input prepared for single-cell edits."""

    name: str
    baseline: bytes
    report: Report
    targets: tuple[Target, ...]
    rewrite: Callable[[Target, int], bytes]

    def edit(self, target: Target, new: int) -> bytes:
        """The baseline with ``target``'s number replaced by ``new``."""
        return self.rewrite(target, new)


def _token(written: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\d.,]){re.escape(written)}(?![\d.,])")


def _candidates(report: Report) -> list[tuple[str, int, str, str]]:
    """``(key, value, raw number, location)`` of the count cells read as written."""
    found: list[tuple[str, int, str, str]] = []
    for cell in report.cells():
        location = cell.location
        if cell.key is None or cell.state is not CellState.VALUE or location is None:
            continue
        if not isinstance(cell.value, int) or isinstance(cell.value, bool):
            continue
        written = cell.raw.strip()
        if written != str(cell.value):
            continue  # money in 万元, full-width digits, signs: leave them out
        where = location.xpath if location.xpath else (str(location.line) if location.line else None)
        if where is not None:
            found.append((cell.key, cell.value, written, where))
    return found


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("corpus text in an unexpected encoding")


# -- text -------------------------------------------------------------------------------------------


def _text(case: CorpusCase) -> Editable:
    data = case.path.read_bytes()
    text, encoding = _decode(data)
    lines = text.splitlines(keepends=True)
    report = parse_bytes(data, source=case.name)
    targets = []
    for key, value, written, where in _candidates(report):
        line = lines[int(where) - 1]
        if len(_token(written).findall(line)) == 1:
            targets.append(Target(key, value, where, written))

    def rewrite(target: Target, new: int) -> bytes:
        index = int(target.where) - 1
        changed = list(lines)
        changed[index] = _token(target.written).sub(str(new), changed[index], count=1)
        return "".join(changed).encode(encoding)

    return Editable(case.name, data, report, tuple(targets), rewrite)


# -- HTML and DOCX ----------------------------------------------------------------------------------


def _text_slots(element: etree._Element, written: str) -> list[tuple[etree._Element, str]]:
    """``(node, "text" | "tail")`` pairs under ``element`` whose string holds ``written`` as a number."""
    pattern = _token(written)
    slots: list[tuple[etree._Element, str]] = []
    for node in element.iter():
        if node.text and pattern.search(node.text):
            slots.extend([(node, "text")] * len(pattern.findall(node.text)))
        if node is not element and node.tail and pattern.search(node.tail):
            slots.extend([(node, "tail")] * len(pattern.findall(node.tail)))
    return slots


def _set_number(element: etree._Element, written: str, new: int) -> None:
    ((node, slot),) = _text_slots(element, written)
    old = node.text if slot == "text" else node.tail
    assert old is not None
    replaced = _token(written).sub(str(new), old, count=1)
    if slot == "text":
        node.text = replaced
    else:
        node.tail = replaced


def _markup(
    case: CorpusCase,
    parse: Callable[[bytes], etree._Element],
    serialize: Callable[[etree._Element], bytes],
    namespaces: dict[str, str] | None,
) -> Editable:
    original = parse_bytes(case.path.read_bytes(), source=case.name)
    source_tree = parse(case.path.read_bytes())
    baseline = serialize(source_tree)
    report = parse_bytes(baseline, source=case.name)
    targets = []
    for key, value, written, where in _candidates(report):
        if original.value(key, unread=None) != value:
            continue
        found = source_tree.getroottree().xpath(where, namespaces=namespaces or {})
        if (
            isinstance(found, list)
            and len(found) == 1
            and isinstance(found[0], etree._Element)
            and len(_text_slots(found[0], written)) == 1
        ):
            targets.append(Target(key, value, where, written))

    def rewrite(target: Target, new: int) -> bytes:
        tree = parse(case.path.read_bytes())
        (element,) = tree.getroottree().xpath(target.where, namespaces=namespaces or {})
        assert isinstance(element, etree._Element)
        _set_number(element, target.written, new)
        return serialize(tree)

    return Editable(case.name, baseline, report, tuple(targets), rewrite)


def _html_tree(data: bytes) -> etree._Element:
    text, _ = decode_text(data, declared=sniff_declared_encoding(data))
    return etree.fromstring(text.encode("utf-8"), HTML_PARSER)


def _html_bytes(root: etree._Element) -> bytes:
    # Declare the encoding the bytes are in, whatever the page said.
    for meta in root.iter("meta"):
        if meta.get("charset") or "charset" in (meta.get("content") or "").lower():
            meta.getparent().remove(meta)  # type: ignore[union-attr]
    head = root.find("head")
    if head is not None:
        head.insert(0, etree.Element("meta", charset="utf-8"))
    return etree.tostring(root, method="html", encoding="utf-8")


_MAIN = "word/document.xml"


def _docx_part(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(_MAIN), parser)


def _docx(case: CorpusCase) -> Editable:
    original = case.path.read_bytes()

    def serialize(root: etree._Element) -> bytes:
        part = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        source = zipfile.ZipFile(io.BytesIO(original))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                target.writestr(info.filename, part if info.filename == _MAIN else source.read(info))
        return buffer.getvalue()

    return _markup(case, _docx_part, serialize, {"w": W_NS})


def editable(case: CorpusCase) -> Editable:
    """The input prepared for single-cell edits (computed once per input)."""
    return _editable(case.path, case.format)


@functools.cache
def _editable(path: Path, format: str) -> Editable:
    case = CorpusCase(path=path, golden={"format": format})
    if case.format == "text":
        return _text(case)
    if case.format == "html":
        return _markup(case, _html_tree, _html_bytes, None)
    if case.format == "docx":
        return _docx(case)
    raise ValueError(f"no cell editing for {case.format}")


def eligible(case: CorpusCase) -> bool:
    """Whether ``case`` has cells that can be edited in its source."""
    return case.format in ("text", "html", "docx") and bool(editable(case).targets)
