"""Format detection from the bytes."""

from __future__ import annotations

import io
import zipfile

import pytest

from govinfo_report import parse_bytes
from govinfo_report.errors import GovInfoReportError, UnsupportedFormatError
from govinfo_report.model import Format, LegacyFormat
from govinfo_report.readers import detect_format, detect_legacy

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip(**members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name.replace("__", "/"), content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        "2020年政府信息公开工作年度报告\n一、总体情况\n".encode(),
        "2020年政府信息公开工作年度报告".encode("gb18030"),
        b"\xef\xbb\xbf\xe6\x8a\xa5\xe5\x91\x8a",  # UTF-8 BOM
        b"plain ascii",
        b"",
        b" \n\t\n",
    ],
)
def test_text(data: bytes) -> None:
    assert detect_format(data) is Format.TEXT


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body><p>x</p></body></html>",
        b"<html><head><title>t</title></head></html>",
        b"\xef\xbb\xbf\n  <HTML>",
        b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'/>",
        b'<meta charset="gb2312"><table><tr><td>1</td></tr></table>',
        b"<div class='content'><p>report</p></div>",
    ],
)
def test_html(data: bytes) -> None:
    assert detect_format(data) is Format.HTML


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-be", "utf-32-be"])
def test_html_in_utf16_or_utf32_with_a_byte_order_mark(encoding: str) -> None:
    """A UTF-16/32 page with its byte-order mark is HTML; the same text without markup stays text."""
    assert detect_format("\ufeff<html><body><p>报告</p></body></html>".encode(encoding)) is Format.HTML
    assert detect_format("\ufeff报告 1 2 3".encode(encoding)) is Format.TEXT


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b"\n%PDF-1.4", b"junk before\r\n%PDF-1.5 ..."]
)
def test_pdf_magic(data: bytes) -> None:
    assert detect_format(data) is Format.PDF


def test_docx_zip() -> None:
    data = _zip(**{"[Content_Types].xml": "<Types/>", "word__document.xml": "<w:document/>"})
    assert detect_format(data) is Format.DOCX


def test_legacy_doc_is_refused_with_libreoffice_hint() -> None:
    with pytest.raises(UnsupportedFormatError) as caught:
        detect_format(OLE2 + b"\x00" * 512, name="report.doc")
    message = str(caught.value)
    assert "report.doc" in message
    assert "LibreOffice" in message
    assert "legacy" in message


def test_legacy_doc_is_refused_by_parse_bytes_too() -> None:
    with pytest.raises(UnsupportedFormatError, match="LibreOffice"):
        parse_bytes(OLE2 + b"\x00" * 512, source="report.doc")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"GIF89a", "GIF"),
        (b"Rar!\x1a\x07\x00", "RAR"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"{\\rtf1\\ansi", "RTF"),
    ],
)
def test_other_files_are_refused_naming_what_they_are(data: bytes, what: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=what):
        detect_format(data)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, id="png"),
        pytest.param(b"\xff\xd8\xff\xe0" + b"\x00" * 32, id="jpeg"),
        pytest.param(b"II*\x00" + b"\x00" * 32, id="tiff-little-endian"),
        pytest.param(b"MM\x00*" + b"\x00" * 32, id="tiff-big-endian"),
        pytest.param(b"BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00\x00\x00", id="bmp"),
        pytest.param(b"RIFF\x24\x00\x00\x00WEBPVP8 ", id="webp"),
    ],
)
def test_images_are_detected_from_their_signature(data: bytes) -> None:
    """PNG, JPEG, TIFF, BMP and WebP signatures select the OCR reader."""
    assert detect_format(data) is Format.IMAGE


def test_text_starting_with_bm_is_not_a_bitmap() -> None:
    """Text that happens to start with "BM" is text: a bitmap header has reserved zero bytes."""
    assert detect_format("BM公司2023年政府信息公开工作年度报告".encode()) is Format.TEXT


@pytest.mark.parametrize(
    ("members", "what"),
    [
        ({"xl__workbook.xml": "<workbook/>"}, "Excel"),
        ({"ppt__presentation.xml": "<p/>"}, "PowerPoint"),
        ({"content.xml": "<office:document-content/>", "mimetype": "x"}, "OpenDocument"),
        ({"readme.txt": "hello"}, "ZIP archive"),
    ],
)
def test_zip_that_is_not_docx_is_refused(members: dict[str, str], what: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=what):
        detect_format(_zip(**members))


def test_damaged_zip_is_refused() -> None:
    with pytest.raises(UnsupportedFormatError, match="damaged"):
        detect_format(b"PK\x03\x04" + b"\x00" * 40)


def test_unsupported_format_error_is_catchable_as_library_and_value_error() -> None:
    with pytest.raises(GovInfoReportError):
        detect_format(OLE2)
    with pytest.raises(ValueError, match="legacy"):
        detect_format(OLE2)


def test_file_name_does_not_decide_the_format() -> None:
    assert detect_format(b"%PDF-1.7", name="report.txt") is Format.PDF
    assert detect_format("报告".encode(), name="report.pdf") is Format.TEXT


def _ole2(*streams: str) -> bytes:
    """An OLE2 header and a directory sector naming ``streams`` (enough for detection)."""
    entries = b""
    for name in streams:
        encoded = name.encode("utf-16-le")
        entry = encoded.ljust(64, b"\x00") + (len(encoded) + 2).to_bytes(2, "little") + b"\x02"
        entries += entry.ljust(128, b"\x00")
    return OLE2.ljust(512, b"\x00") + entries.ljust(512, b"\x00")


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"{\\rtf1\\ansi report}", None, LegacyFormat.RTF),
        (_ole2("Root Entry", "WordDocument", "1Table"), None, LegacyFormat.DOC),
        (_ole2("Root Entry", "WordDocument"), "report.WPS", LegacyFormat.WPS),
        (_ole2("Root Entry", "Workbook"), "report.doc", LegacyFormat.XLS),
        (_ole2("Root Entry", "Book"), None, LegacyFormat.XLS),
        (_ole2("Root Entry", "Workbook"), "report.et", LegacyFormat.ET),
        (_ole2("Root Entry", "CONTENTS"), None, LegacyFormat.WPS),
        (_ole2("Root Entry"), "report.xls", LegacyFormat.XLS),
        (_ole2("Root Entry"), None, None),
        (_ole2("Root Entry", "EncryptedPackage"), "report.doc", None),
        (b"\x31\xbe\x00\x00\x00\xab binary Word for DOS", "old.doc", LegacyFormat.DOC),
        (b"<html>saved as .doc</html>", "page.doc", None),
        ("\ufeff报告".encode("utf-16-le"), "page.doc", None),
        (b"\x31\xbe\x00\x00 binary", "report.bin", None),
    ],
)
def test_legacy_formats_are_told_from_bytes_then_names(
    data: bytes, name: str | None, expected: LegacyFormat | None
) -> None:
    assert detect_legacy(data, name=name) is expected


def test_stream_name_off_an_entry_boundary_is_not_a_stream() -> None:
    data = _ole2("Root Entry")[:520] + "WordDocument".encode("utf-16-le") + b"\x00" * 600
    assert detect_legacy(data) is None


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (_ole2("WordDocument"), "a.doc", r"Word document \(\.doc\).*--convert.*apt-get install"),
        (_ole2("Workbook"), "a.xls", r"Excel workbook.*--convert-to html"),
        (b"{\\rtf1 x}", "a.rtf", r"RTF document.*--convert-to docx"),
        (_ole2("EncryptedPackage"), "a.docx", "password-protected"),
        (_ole2("Root Entry"), None, "neither a Word document nor a workbook"),
    ],
)
def test_legacy_formats_are_refused_with_how_to_convert(data: bytes, name: str | None, says: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=says):
        detect_format(data, name=name)
