"""A raw PDF writer for hostile inputs: any objects, any streams, a correct or a broken xref.

:func:`pdf_file` numbers objects from 1 in the order given and writes a classic
cross-reference table with the true offsets; the catalog is object 1.  Hostile
cases then bend one thing at a time (a lying ``/Count``, a cycle, a bomb in a
stream) while everything else stays valid, so the parser meets the hostile
part and not some unrelated damage.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

__all__ = ["flate_stream", "page_objects", "pdf_file", "stream"]

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
"""A standard font that needs no embedded program."""


def stream(content: bytes, extra: bytes = b"") -> bytes:
    """An uncompressed stream object body."""
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(content), extra, content)


def flate_stream(compressed: bytes, extra: bytes = b"") -> bytes:
    """A stream object body whose data is already FlateDecode-compressed."""
    return stream(compressed, b"/Filter /FlateDecode " + extra)


def deflate(data: bytes) -> bytes:
    """zlib-compress ``data`` at the best ratio."""
    return zlib.compress(data, 9)


def pdf_file(objects: Sequence[bytes], *, xref: bool = True, trailer_extra: bytes = b"") -> bytes:
    """A PDF of ``objects`` (object 1 is the catalog), with a true xref table unless ``xref=False``."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for offset in offsets:
            out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_extra,
        start,
    )
    return bytes(out)


def page_objects(content: bytes, *, resources: bytes = b"", count: int = 1) -> list[bytes]:
    """Catalog, page tree (declaring ``count`` pages), one page, its content stream and a font.

    Objects: 1 catalog, 2 pages, 3 page, 4 content, 5 font; append more and
    reference them from ``resources`` (e.g. ``/XObject << /X0 6 0 R >>``).
    """
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> %s >> >>" % resources,
        stream(content),
        FONT,
    ]
