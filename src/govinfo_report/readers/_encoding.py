"""Bytes to text: deterministic decoding for text and HTML inputs.

The order is fixed so equal bytes always give equal text:

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. the charset the document declares (HTML ``<meta>``, XML declaration),
   with GB2312 and GBK read as GB18030, their superset, as browsers do;
3. strict UTF-8;
4. GB18030.

One exception to the order: when the declared charset is a legacy one but the
bytes are valid UTF-8 containing multi-byte sequences, UTF-8 wins.  Saved and
crawled pages are often re-encoded to UTF-8 while keeping their original
``<meta charset="gb2312">``; Chinese text in GBK or Big5 practically never
forms valid UTF-8 by chance, so the bytes are the better witness.

Undeclared Big5 bytes are usually valid GB18030 too, but read as GB18030 they
produce characters of the private use area, which real GB text hardly ever
contains; when Big5 (read as Big5-HKSCS) decodes the same bytes with fewer of
them, Big5 is taken.  This is a best effort, not detection.
"""

from __future__ import annotations

import codecs
import re

from govinfo_report.errors import ExtractionError, SourceLocation

__all__ = ["bom_encoding", "canonical_encoding", "decode_text", "sniff_declared_encoding"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels the WHATWG Encoding Standard maps onto a superset; Python's codecs
# would otherwise reject characters browsers display.
_ALIASES: dict[str, str] = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "csgb2312": "gb18030",
    "chinese": "gb18030",
    "iso-ir-58": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "hz",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "cn-big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "csbig5": "big5hkscs",
    "cp950": "big5hkscs",
    "ascii": "windows-1252",
    "us-ascii": "windows-1252",
    "iso-8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "l1": "windows-1252",
    "unicode-1-1-utf-8": "utf-8",
    "utf8": "utf-8",
    # A declared UTF-16 without a byte-order mark is almost always a lie
    # (the document would not have been readable as ASCII to find the label).
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}

# How far into the document a charset declaration is looked for.  Browsers
# pre-scan 1024 bytes; saved pages often carry long heads, so look further.
_SNIFF_BYTES = 16 * 1024

# [^<>], not [^>]: a scan for the attribute stops at the next tag, so that a head of many
# unclosed <meta is read once, not once per <meta.
_META_CHARSET = re.compile(rb"""<meta\b[^<>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:()+-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(
    rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:()+-]+)["']""", re.IGNORECASE
)


def bom_encoding(data: bytes, /) -> tuple[str, int] | None:
    """The encoding a byte-order mark at the start of ``data`` names, and the mark's length.

    Example:
        >>> bom_encoding("\ufeff<html>".encode("utf-16-le"))
        ('utf-16-le', 2)
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def canonical_encoding(label: str) -> str | None:
    """Return the Python codec name used to read a declared charset label.

    GB2312 and GBK map to GB18030, Big5 to Big5-HKSCS, Latin-1 and ASCII to
    windows-1252 (as browsers do).

    Args:
        label: A charset label as written in a document, e.g. ``"GB2312"``.

    Returns:
        The codec name (``codecs`` spelling, e.g. ``"gb18030"``), or ``None``
        when the label names no known encoding.
    """
    key = label.strip().strip("\"'").lower()
    if not key:
        return None
    key = _ALIASES.get(key, key)
    try:
        name = codecs.lookup(key).name
    except LookupError:
        return None
    return _ALIASES.get(name, name)


def sniff_declared_encoding(data: bytes, /) -> str | None:
    """Find the charset a markup document declares near its start.

    Looks at an XML declaration, ``<meta charset=...>`` and
    ``<meta http-equiv="Content-Type" content="...; charset=...">``.

    Args:
        data: The document bytes.

    Returns:
        The label as written (not yet mapped), or ``None``.
    """
    head = data[:_SNIFF_BYTES]
    match = _XML_DECL.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    return match.group(1).decode("ascii", "replace")


def _strict(data: bytes, encoding: str) -> str | None:
    """``data`` decoded, or ``None`` when the codec refuses it or is no text codec.

    A declared charset may name any Python codec, and some raise
    :class:`UnicodeError` (``undefined``, ``idna``) or another
    :class:`ValueError` rather than :class:`UnicodeDecodeError`.
    """
    try:
        return data.decode(encoding)
    except (ValueError, LookupError):
        return None


def _private_use_count(text: str) -> int:
    return sum(1 for char in text if "\ue000" <= char <= "\uf8ff")


# A file that is UTF-8 or GB18030 but for a few damaged bytes (a truncated
# download, a bad copy) is still read, with those bytes replaced by U+FFFD:
# at most one in this many decoded characters.
_DAMAGE_RATIO = 1000


def _tolerant(data: bytes) -> tuple[str, str] | None:
    """Decode nearly valid UTF-8 or GB18030, replacing the few bytes that are not."""
    best: tuple[int, str, str] | None = None
    for encoding in ("utf-8", "gb18030"):
        text = data.decode(encoding, errors="replace")
        damage = text.count("\ufffd")
        if best is None or damage < best[0]:
            best = (damage, text, encoding)
    assert best is not None  # noqa: S101 - the loop runs at least once
    damage, text, encoding = best
    if damage * _DAMAGE_RATIO > len(text):
        return None
    return text, f"{encoding} ({damage} damaged byte sequences replaced)"


def decode_text(
    data: bytes,
    /,
    *,
    declared: str | None = None,
    source: str | None = None,
) -> tuple[str, str]:
    """Decode document bytes to text, deterministically.

    Args:
        data: The raw bytes.
        declared: A charset label the document declares (HTML ``<meta>``, XML
            declaration), if any.
        source: Name of the input, for error locations.

    Returns:
        ``(text, encoding)``: the text without any byte-order mark, and the
        codec name that decoded it (e.g. ``"utf-8"``, ``"gb18030"``).

    A file that one of the candidates decodes but for a few damaged byte
    sequences (at most one per thousand characters) is read with those
    replaced by U+FFFD; the encoding then says how many.

    Raises:
        ExtractionError: No candidate encoding decodes the bytes.

    Example:
        >>> decode_text("报告".encode("gbk"), declared="GB2312")
        ('报告', 'gb18030')
        >>> decode_text("报告".encode("utf-8"))
        ('报告', 'utf-8')
    """
    marked = bom_encoding(data)
    if marked is not None:
        encoding, size = marked
        text = _strict(data[size:], encoding)
        if text is not None:
            return text, encoding

    utf8 = _strict(data, "utf-8")
    wanted = canonical_encoding(declared) if declared else None
    if wanted is not None and wanted != "utf-8":
        if utf8 is not None and not utf8.isascii():
            # Valid multi-byte UTF-8 outweighs a stale legacy declaration.
            return utf8, "utf-8"
        text = _strict(data, wanted)
        if text is not None:
            return text, wanted

    if utf8 is not None:
        return utf8, "utf-8"
    legacy = _gb18030_or_big5(data)
    if legacy is not None:
        return legacy
    return _damaged(data, declared=declared, wanted=wanted, source=source)


def _gb18030_or_big5(data: bytes) -> tuple[str, str] | None:
    text = _strict(data, "gb18030")
    if text is None:
        return None
    if _private_use_count(text):
        # Big5 read as GB18030 lands in the private use area; prefer
        # Big5 when it reads the bytes with fewer such characters.
        big5 = _strict(data, "big5hkscs")
        if big5 is not None and _private_use_count(big5) < _private_use_count(text):
            return big5, "big5hkscs"
    return text, "gb18030"


def _damaged(data: bytes, *, declared: str | None, wanted: str | None, source: str | None) -> tuple[str, str]:
    """Read nearly valid text with its few damaged bytes replaced, or say the encoding is unknown."""
    damaged = _tolerant(data)
    if damaged is not None:
        return damaged
    message = "unknown text encoding (tried UTF-8, GB18030)"
    if wanted not in (None, "utf-8"):
        message += f"; the declared charset {declared!r} does not decode it either"
    raise ExtractionError(message + "; save the file as UTF-8", location=SourceLocation(source=source))
