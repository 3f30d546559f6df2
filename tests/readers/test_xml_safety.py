"""Hostile markup: external entities (XXE), entity expansion (billion laughs), external DTDs.

Entity expansion that happened would take gigabytes and minutes, so the
generous time bound below only guards against a catastrophic regression.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests.docxgen import build_docx, core_xml, document_xml

from govinfo_report.document import Document, Paragraph, TableGrid
from govinfo_report.errors import ParseError
from govinfo_report.readers.docx import read_docx
from govinfo_report.readers.html import read_html

SECRET = "TOP-SECRET-LINE"  # noqa: S105 - the content of a file entities must not read
_GENEROUS_SECONDS = 10.0


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    """A local file an external entity would read."""
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def _laughs(levels: int, root: str) -> str:
    """An internal DTD subset whose entity ``l<levels-1>`` expands to 3 x 10**(levels-1) characters."""
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, levels))
    return f'<!DOCTYPE {root} [<!ENTITY l0 "lol">{entities}]>'


def _all_text(document: Document) -> str:
    parts: list[str] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, TableGrid):
            parts.extend(cell.text for row in block.rows for cell in row)
    return "\n".join(parts)


def _timed(function: object, *args: object) -> tuple[object, float]:
    start = time.perf_counter()
    try:
        result = function(*args)  # type: ignore[operator]
    except ParseError as error:
        result = error
    return result, time.perf_counter() - start


# -- DOCX ----------------------------------------------------------------------------------------------


def _docx_with(prologue: str, text: str, *, title: str | None = None) -> bytes:
    body = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    return build_docx(document_xml(body, prologue=prologue), title=title)


def test_docx_external_entity_is_not_read(secret_file: Path) -> None:
    """An entity declared SYSTEM file://... is neither fetched nor expanded; the rest of the text stays."""
    prologue = (
        f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">'
        '<!ENTITY pw SYSTEM "file:///etc/passwd">]>'
    )
    document = read_docx(_docx_with(prologue, "before&xxe;&pw;after"))
    assert _all_text(document) == "beforeafter"


def test_docx_parameter_entity_and_external_dtd_are_not_loaded(secret_file: Path) -> None:
    """Parameter entities and an external DTD subset (file or network) are not loaded."""
    prologue = (
        '<!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/evil.dtd" '
        f'[<!ENTITY % p SYSTEM "{secret_file.as_uri()}"> %p;]>'
    )
    result, _ = _timed(read_docx, _docx_with(prologue, "正文"))
    if isinstance(result, ParseError):
        assert SECRET not in str(result)
    else:
        assert isinstance(result, Document)
        assert _all_text(result) == "正文"


def test_docx_small_entity_expansion_is_dropped() -> None:
    """References to internal entities are not expanded: the text reads as if they were absent."""
    document = read_docx(_docx_with(_laughs(3, "w:document"), "a&l2;b"))
    assert _all_text(document) == "ab"


def test_docx_billion_laughs_is_neutralised_quickly() -> None:
    """The classic ten-level billion laughs neither expands nor hangs: no text or a ParseError."""
    result, seconds = _timed(read_docx, _docx_with(_laughs(10, "w:document"), "a&l9;b"))
    assert seconds < _GENEROUS_SECONDS
    if isinstance(result, ParseError):  # libxml2 >= 2.12 refuses the amplification outright
        assert result.location is not None
    else:
        assert isinstance(result, Document)
        assert _all_text(result) == "ab"


def test_docx_core_properties_entity_is_not_read(secret_file: Path) -> None:
    """docProps/core.xml goes through the same safe parser: the title does not leak a file."""
    core = core_xml("TITLE").replace(
        "<cp:coreProperties",
        f'<!DOCTYPE cp:coreProperties [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">]><cp:coreProperties',
        1,
    )
    core = core.replace("TITLE", "&xxe;报告")
    data = build_docx(
        document_xml("<w:p><w:r><w:t>x</w:t></w:r></w:p>"), extra={"docProps/core.xml": core.encode()}
    )
    assert read_docx(data).title == "报告"


# -- HTML ----------------------------------------------------------------------------------------------


def _xhtml(prologue: str, body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"{prologue}"
        f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body>{body}</body></html>'
    ).encode()


def test_html_external_entity_is_not_read(secret_file: Path) -> None:
    """An XHTML page declaring SYSTEM entities does not read them; references stay literal text."""
    prologue = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">'
        '<!ENTITY pw SYSTEM "file:///etc/passwd">]>'
    )
    document = read_html(
        _xhtml(prologue, "<p>a&xxe;b&pw;c</p><table><tr><td>&xxe;</td><td>1</td></tr></table>")
    )
    text = _all_text(document)
    assert SECRET not in text
    assert "root:" not in text
    assert "a&xxe;b&pw;c" in text


def test_html_billion_laughs_is_neutralised_quickly() -> None:
    """The HTML parser never expands DTD entities: the reference stays as written, quickly."""
    result, seconds = _timed(read_html, _xhtml(_laughs(10, "html"), "<p>x&l9;y</p>"))
    assert seconds < _GENEROUS_SECONDS
    assert isinstance(result, Document)
    text = _all_text(result)
    assert "lollol" not in text
    assert "x&l9;y" in text
    assert len(text) < 2000
