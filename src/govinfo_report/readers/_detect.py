"""Format detection from the bytes, never from the file name alone."""

from __future__ import annotations

import re
import struct
import zipfile
from io import BytesIO

from govinfo_report.document import Format
from govinfo_report.errors import LimitExceededError, SourceLocation, UnsupportedFormatError
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.readers._encoding import bom_encoding

__all__ = ["ZIP_ERRORS", "detect_format"]

_CONVERT = "convert it first, e.g. `soffice --headless --convert-to {target} FILE` (LibreOffice)"

# Magic numbers of inputs we refuse, with what they are and what to do.
_REFUSED: tuple[tuple[bytes, str], ...] = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a legacy Office file (.doc, .xls or .wps); " + _CONVERT.format(target="docx"),
    ),
    (b"GIF8", "a GIF image; convert it to PNG first"),
    (b"Rar!", "a RAR archive; extract it and parse the files inside"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; extract it and parse the files inside"),
    (b"\x1f\x8b", "a gzip archive; extract it and parse the files inside"),
    (b"{\\rtf", "an RTF document; " + _CONVERT.format(target="docx")),
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
            not read (legacy Office, GIF images, archives); the message says how
            to convert it.
        LimitExceededError: A zip archive has more members than ``limits.max_zip_members``.
    """
    head = data[:_SNIFF_BYTES]
    label = f"{name}: " if name else ""
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
            f"{label}input is an OpenDocument file; " + _CONVERT.format(target="docx")
        )
    raise UnsupportedFormatError(f"{label}input is a ZIP archive; extract it and parse the files inside")
