"""Format detection from the bytes, never from the file name alone."""

from __future__ import annotations

import re
import struct
import zipfile
from io import BytesIO
from typing import Final

from govinfo_report.document import Format, LegacyFormat
from govinfo_report.errors import LimitExceededError, SourceLocation, UnsupportedFormatError
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.readers._encoding import bom_encoding

__all__ = [
    "LEGACY_KINDS",
    "LEGACY_SUFFIXES",
    "OLE2_MAGIC",
    "ZIP_ERRORS",
    "detect_format",
    "detect_legacy",
    "legacy_hint",
]

OLE2_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""First bytes of an OLE2 compound file: legacy ``.doc``, ``.wps``, ``.xls``, ``.et``, encrypted OOXML."""

_RTF_MAGIC = b"{\\rtf"

INSTALL_LIBREOFFICE: Final = "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
"""The Debian/Ubuntu command that installs what the conversion of legacy formats runs."""

LEGACY_SUFFIXES: Final[dict[str, LegacyFormat]] = {
    ".doc": LegacyFormat.DOC,
    ".dot": LegacyFormat.DOC,
    ".wps": LegacyFormat.WPS,
    ".wpt": LegacyFormat.WPS,
    ".rtf": LegacyFormat.RTF,
    ".xls": LegacyFormat.XLS,
    ".xlt": LegacyFormat.XLS,
    ".et": LegacyFormat.ET,
    ".ett": LegacyFormat.ET,
}
"""File name suffixes (lower case) of the legacy formats, and the format each names."""

LEGACY_KINDS: Final[dict[LegacyFormat, str]] = {
    LegacyFormat.DOC: "Word document",
    LegacyFormat.WPS: "WPS or Works document",
    LegacyFormat.RTF: "RTF document",
    LegacyFormat.XLS: "Excel workbook",
    LegacyFormat.ET: "WPS spreadsheet",
}
"""What each legacy format holds, as messages name it."""

# Streams at the root of an OLE2 compound file that tell what it holds.
_WORD_STREAMS = ("WordDocument",)
_WORKBOOK_STREAMS = ("Workbook", "Book")
_WORKS_STREAMS = ("CONTENTS",)
_ENCRYPTED_STREAMS = ("EncryptedPackage",)
# An OLE2 directory entry is 128 bytes: the name in UTF-16LE, its byte length (with the final NUL)
# at offset 64, the entry type at 66 (2: a stream).  Entries lie in sectors after the 512-byte header.
_DIRECTORY_ENTRY = 128
_NAME_LENGTH_AT = 64
_STREAM = 2

# Magic numbers of other inputs we refuse, with what they are and what to do.
_REFUSED: tuple[tuple[bytes, str], ...] = (
    (b"GIF8", "a GIF image; convert it to PNG first"),
    (b"Rar!", "a RAR archive; extract it and parse the files inside"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; extract it and parse the files inside"),
    (b"\x1f\x8b", "a gzip archive; extract it and parse the files inside"),
)
_HTML_MARKERS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<table",
    b"<meta",
    b"<div",
    b"<p>",
    b"<p ",
)
_SNIFF_BYTES = 4096
# Markdown from a converter may run pages of paragraphs before its first table.
_MARKDOWN_SNIFF_BYTES = 65536
# A pipe table's separator row (| --- | :-: |) on a line of its own: in no other format.
# Possessive quantifiers: a long line of spaces must not be tried at every split.
_SEPARATOR_ROW = re.compile(
    rb"(?m)^(?=[^\n]*\|)[ \t]*+\|?+[ \t]*+:?-{3,}+:?[ \t]*+(?:\|[ \t]*+:?-{3,}+:?[ \t]*+)*+\|?+[ \t]*+\r?$"
)
_PIPE_ROW = re.compile(rb"(?m)^[ \t]*+\|[^\n]*\|[ \t]*+\r?$")
_HEADING = re.compile(rb"(?m)^#{1,6}[ \t]+\S")
_MARKDOWN_SUFFIXES = (".md", ".markdown")


def detect_format(data: bytes, /, *, name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Format:
    """Tell which of the supported formats ``data`` is.

    Args:
        data: The file contents.
        name: The file name, used only in error messages.
        limits: Resource bounds; ``max_zip_members`` applies to zip archives,
            whose member list is read to tell a DOCX from other zips.

    Raises:
        UnsupportedFormatError: The bytes are a kind of file the library does
            not read (legacy Office formats, GIF images, archives); the message
            says how to convert it.
        LimitExceededError: A zip archive has more members than ``limits.max_zip_members``.
    """
    head = data[:_SNIFF_BYTES]
    label = f"{name}: " if name else ""
    legacy = detect_legacy(data, name=name)
    if legacy is not None:
        raise UnsupportedFormatError(
            f"{label}input is a legacy {LEGACY_KINDS[legacy]} (.{legacy.value}); {legacy_hint(legacy)}"
        )
    if head.startswith(OLE2_MAGIC):
        raise UnsupportedFormatError(f"{label}input is {_ole2_description(data)}")
    for magic, description in _REFUSED:
        if head.startswith(magic):
            raise UnsupportedFormatError(f"{label}input is {description}")
    binary = _binary_format(data, head, name=name, label=label, limits=limits)
    if binary is not None:
        return binary
    marked = bom_encoding(head)
    if marked is not None and marked[0] != "utf-8":  # UTF-16 or UTF-32: look at the characters
        encoding, size = marked
        head = head[size:].decode(encoding, "ignore").encode("utf-8")
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<?xml", b"<!doctype", b"<html")):
        return Format.HTML
    if _is_markdown(data[:_MARKDOWN_SNIFF_BYTES], name=name):
        return Format.MARKDOWN
    if any(marker in lowered for marker in _HTML_MARKERS):
        return Format.HTML
    return Format.TEXT


def _has_signature(head: bytes) -> bool:
    """Whether ``head`` starts a file of a format read here by its signature (image, PDF, zip)."""
    return _is_image(head) or b"%PDF-" in head[:1024] or head.startswith((b"PK\x03\x04", b"PK\x05\x06"))


def _binary_format(
    data: bytes, head: bytes, *, name: str | None, label: str, limits: Limits
) -> Format | None:
    """The format of an image, PDF or zip input by its signature; ``None`` for anything else."""
    if _is_image(head):
        return Format.IMAGE
    if head.lstrip().startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return Format.PDF
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        check_zip_members(data, limits, source=name)
        return _zip_format(data, label)
    return None


# Signatures of the image formats the OCR reader decodes: PNG, JPEG, TIFF (both byte orders),
# BMP; WebP is a RIFF container whose form type is WEBP.
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def _is_image(head: bytes) -> bool:
    if head.startswith(b"BM"):
        # "BM" also starts text; a bitmap's header gives its 4-byte file size and reserved zeros.
        return len(head) >= 14 and head[6:10] == b"\x00\x00\x00\x00"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return True
    return head.startswith(_IMAGE_MAGIC)


def _is_markdown(head: bytes, *, name: str | None) -> bool:
    """Whether ``head`` reads as Markdown: a pipe table's separator row, or pipe rows and headings.

    A ``.md`` name lowers the bar to one pipe row or heading; the content still decides.
    """
    if _SEPARATOR_ROW.search(head):
        return True
    pipe_rows = len(_PIPE_ROW.findall(head))
    headings = len(_HEADING.findall(head))
    if name is not None and name.lower().endswith(_MARKDOWN_SUFFIXES):
        return pipe_rows + headings > 0
    return headings > 0 and pipe_rows > 1


_CENTRAL_ENTRY = b"PK\x01\x02"


def check_zip_members(data: bytes, limits: Limits, *, source: str | None) -> None:
    """Refuse a zip with more members than ``limits.max_zip_members`` before :mod:`zipfile` reads it.

    :class:`zipfile.ZipFile` builds an object for every entry of the central
    directory as it opens an archive: a 64 MiB zip of empty members takes
    seconds and hundreds of MiB before its member count can be checked.
    Counting the entries' signatures is an upper bound on the members, done
    at memory speed.

    Raises:
        LimitExceededError: More central directory signatures than members allowed.
    """
    count = data.count(_CENTRAL_ENTRY)
    if count > limits.max_zip_members:
        raise LimitExceededError(
            f"the zip archive has about {count} members, more than the {limits.max_zip_members} allowed "
            "(Limits.max_zip_members)",
            location=SourceLocation(source=source),
        )


# What zipfile raises on damaged archives (NotImplementedError: an unknown
# version or compression method; struct.error: truncated headers).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    OSError,
    ValueError,
    EOFError,
    struct.error,
)


def _zip_format(data: bytes, label: str) -> Format:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
    except ZIP_ERRORS as exc:
        raise UnsupportedFormatError(f"{label}input is a damaged ZIP archive ({exc})") from exc
    if "word/document.xml" in names:
        return Format.DOCX
    if "xl/workbook.xml" in names:
        raise UnsupportedFormatError(f"{label}input is an Excel workbook (.xlsx), not a report document")
    if "ppt/presentation.xml" in names:
        raise UnsupportedFormatError(f"{label}input is a PowerPoint file (.pptx), not a report document")
    if "content.xml" in names:
        raise UnsupportedFormatError(
            f"{label}input is an OpenDocument file; convert it to DOCX first, "
            "e.g. `soffice --headless --convert-to docx FILE` (LibreOffice)"
        )
    raise UnsupportedFormatError(f"{label}input is a ZIP archive; extract it and parse the files inside")


def legacy_hint(legacy: LegacyFormat) -> str:
    """What to do with an input in ``legacy`` format: convert it on the fly, or beforehand."""
    target = "html" if legacy.spreadsheet else "docx"
    return (
        "parse it with --convert (convert=True in Python), which runs LibreOffice "
        f"(to install it: `{INSTALL_LIBREOFFICE}`), "
        f"or convert it first: `soffice --headless --convert-to {target} FILE`"
    )


def detect_legacy(data: bytes, /, *, name: str | None = None) -> LegacyFormat | None:
    """Tell which legacy Office format ``data`` is, or ``None`` for anything else.

    RTF and OLE2 compound files are told from their bytes: an OLE2 file's root
    streams say whether it holds a Word document, a workbook or a Works
    document.  ``name``'s suffix tells apart formats the bytes share (a
    WPS Writer ``.wps`` is a Word document inside, a WPS ``.et`` an Excel
    workbook), and names the format of an OLE2 file of unknown streams or of
    another binary file (one with NUL bytes near its start) that no signature
    names.  Password-protected Office files are not legacy formats.

    Args:
        data: The file contents.
        name: The file name, if known.
    """
    head = data[:_SNIFF_BYTES]
    by_name = LEGACY_SUFFIXES.get(_suffix(name))
    if head.startswith(_RTF_MAGIC):
        return LegacyFormat.RTF
    if head.startswith(OLE2_MAGIC):
        return _ole2_format(data, by_name)
    if by_name is not None and b"\x00" in head and not _has_signature(head) and bom_encoding(head) is None:
        return by_name
    return None


def _ole2_format(data: bytes, by_name: LegacyFormat | None) -> LegacyFormat | None:
    """The legacy format of an OLE2 file by its root streams, refined by its name's format."""
    if _has_stream(data, _ENCRYPTED_STREAMS):
        return None
    if _has_stream(data, _WORD_STREAMS):
        return LegacyFormat.WPS if by_name is LegacyFormat.WPS else LegacyFormat.DOC
    if _has_stream(data, _WORKBOOK_STREAMS):
        return LegacyFormat.ET if by_name is LegacyFormat.ET else LegacyFormat.XLS
    if _has_stream(data, _WORKS_STREAMS):
        return LegacyFormat.WPS
    return by_name


def _suffix(name: str | None) -> str:
    if not name:
        return ""
    dot = name.rfind(".")
    return name[dot:].lower() if dot > max(name.rfind("/"), name.rfind("\\")) else ""


def _has_stream(data: bytes, names: tuple[str, ...]) -> bool:
    """Whether the OLE2 file ``data`` has a directory entry for a stream called one of ``names``.

    Looks for each name where a directory entry can start (past the header, at a
    multiple of 128 bytes) with its length and type fields, without following the
    file allocation table: a damaged or odd file reads as having no such stream.
    """
    for name in names:
        encoded = name.encode("utf-16-le")
        length = struct.pack("<H", len(encoded) + 2)
        at = data.find(encoded, 512)
        while at != -1:
            entry = data[at : at + _DIRECTORY_ENTRY]
            if (
                at % _DIRECTORY_ENTRY == 0
                and entry[_NAME_LENGTH_AT : _NAME_LENGTH_AT + 2] == length
                and entry[_NAME_LENGTH_AT + 2 : _NAME_LENGTH_AT + 3] == bytes((_STREAM,))
            ):
                return True
            at = data.find(encoded, at + 1)
    return False


def _ole2_description(data: bytes) -> str:
    """What an OLE2 file that is no legacy format is, and what to do with it."""
    if _has_stream(data, _ENCRYPTED_STREAMS):
        return "a password-protected Office file; save a copy without the password and parse that"
    return (
        "a legacy Office (OLE2) file whose streams show neither a Word document nor a workbook; "
        "if it is one, name it .doc or .xls and parse it with --convert, or save it as DOCX"
    )
