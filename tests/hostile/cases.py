"""The hostile inputs: how each is built, what it must give, and within which bounds.

Each :class:`Hostile` is one input class of the robustness table in
``docs/robustness.md``.  Its input is built in a temporary folder, parsed
through the public API (``parse_bytes``, or ``parse_path`` for files) under
the default :class:`~govinfo_report.limits.Limits` unless the case says
otherwise, and must end with one of the allowed outcomes within ``seconds``
of wall-clock time and ``mib`` MiB of memory growth (peak resident set of a
forked child, see :mod:`tests.hostile.runner`).

The bounds are safety bounds, not benchmarks: generous multiples of what
the case takes on a 2-core machine, tight enough that expanding a bomb,
reading a huge file or looping forever would fail them.
"""

from __future__ import annotations

import base64
import io
import os
import random
import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.docxgen import build_docx, document_xml, raw_zip
from tests.hostile.pdfraw import deflate, flate_stream, page_objects, pdf_file, stream

from govinfo_report import Report, to_json
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.model import CellState
from govinfo_report.readers import PdfBackend

CORPUS = Path(__file__).parent.parent / "data" / "corpus"
HTML_REPORT = CORPUS / "shuyang-county-ndrc-2023.html"
DOCX_REPORT = CORPUS / "shuyang-county-ndrc-2023-lo.docx"
TEXT_REPORT = CORPUS / "seed-000-linan-health-2020.txt"

SECRET = "HOSTILE-SECRET-7f3a"  # noqa: S105 - what an external entity must not read
TEXT = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"

Input = bytes | Path
"""Bytes go to ``parse_bytes``, a path to ``parse_path``."""


@dataclass(frozen=True)
class Hostile:
    """One hostile input class.

    Attributes:
        name: Identifier (the test id).
        title: What the input is, for the table.
        format: The format it poses as.
        build: Builds the input in a temporary folder.
        outcomes: Allowed outcomes: ``"Report"`` or library exception class names.
        match: For an exception, a regular expression its message must match (e.g. the bound's name).
        seconds: Bound on the parse's wall-clock time.
        mib: Bound on the parse's peak memory growth.
        limits: The limits used (the defaults unless stated).
        pdf_backend: The PDF backend (``None``: the default).
        pdfium_outcomes: The allowed outcomes when PDFium reads the input, where
            they differ (PDFium expands what pdfminer would loop over in bounded C++,
            so it can end with the input's own error instead of a bound's).
        check: Further assertions on the report, if one comes out.
        slow: Whether the case runs only outside the default test run (``-m slow``).
    """

    name: str
    title: str
    format: str
    build: Callable[[Path], Input]
    outcomes: tuple[str, ...]
    match: str | None = None
    seconds: float = 10.0
    mib: float = 200.0
    limits: Limits = DEFAULT_LIMITS
    check: Callable[[Report], None] | None = field(default=None, compare=False)
    slow: bool = False
    pdf_backend: PdfBackend | None = None
    pdfium_outcomes: tuple[str, ...] | None = None

    @property
    def outcome(self) -> str:
        """The allowed outcomes as the table writes them."""
        text = " or ".join(self.outcomes)
        bound = re.search(r"Limits\\?\.(\w+)", self.match or "")
        return f"{text} (`Limits.{bound.group(1)}`)" if bound else text


# -- helpers --------------------------------------------------------------------------------------------


def _rng(seed: int) -> random.Random:
    """A seeded generator: hostile inputs are the same on every run."""
    return random.Random(seed)  # noqa: S311 - test data, not secrets


def _secret_file(tmp: Path) -> Path:
    path = tmp / "secret.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def _no_secret(report: Report) -> None:
    assert SECRET not in to_json(report), "an external entity was read"


def _no_expansion(report: Report) -> None:
    assert "lollollol" not in to_json(report), "an entity was expanded"


def _has_requests(report: Report) -> None:
    values = [cell.value for row in report.requests.rows for cell in row.cells if cell.value is not None]
    assert values, "no value read in the application table"


def _laughs(root: str, levels: int = 10) -> str:
    """A DTD whose entity ``l<levels-1>`` expands to 3 x 10**(levels-1) characters (3 GB for ten)."""
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, levels))
    return f'<!DOCTYPE {root} [<!ENTITY l0 "lol">{entities}]>'


def _html_with(prologue: str, reference: str) -> bytes:
    page = HTML_REPORT.read_text(encoding="utf-8")
    page = page.replace("<!doctype html>", '<?xml version="1.0" encoding="UTF-8"?>' + prologue, 1)
    page = page.replace("<body>", f"<body><p>引用{reference}结束</p>", 1)
    return page.encode()


def _docx_members(path: Path) -> dict[str, bytes]:
    archive = zipfile.ZipFile(path)
    return {info.filename: archive.read(info) for info in archive.infolist()}


def _zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _docx_with(prologue: str, reference: str) -> bytes:
    members = _docx_members(DOCX_REPORT)
    part = members["word/document.xml"].decode()
    part = re.sub(r"(<\?xml[^>]*\?>)", lambda match: match.group(1) + prologue, part, count=1)
    part = part.replace("<w:body>", f"<w:body><w:p><w:r><w:t>引用{reference}结束</w:t></w:r></w:p>", 1)
    members["word/document.xml"] = part.encode()
    return _zip(members)


def _deflate_bomb(gib: int) -> tuple[bytes, int]:
    """Raw deflate data of ``gib`` GiB of zeros (about 1 MB per GiB) and its CRC."""
    chunk = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(1024 * gib):
        crc = zlib.crc32(chunk, crc)
    return block * (1024 * gib) + compressor.flush(zlib.Z_FINISH), crc


def _zlib_bomb(mib: int, fill: bytes = b" ") -> bytes:
    """zlib data (header, deflate, checksum) of ``mib`` MiB of ``fill`` bytes, built in a blink.

    One fully flushed deflate block of 1 MiB is repeated: after a full flush
    the compressor starts afresh, so every block is the same.
    """
    chunk = fill * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(mib):
        checksum = zlib.adler32(chunk, checksum)
    header = b"\x78\xda"
    return header + block * mib + compressor.flush(zlib.Z_FINISH) + struct.pack(">L", checksum)


# -- HTML -----------------------------------------------------------------------------------------------


def html_xxe(tmp: Path) -> Input:
    secret = _secret_file(tmp)
    prologue = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret.as_uri()}"><!ENTITY pw SYSTEM "file:///etc/passwd">]>'
    )
    return _html_with(prologue, "&xxe;&pw;")


def html_billion_laughs(tmp: Path) -> Input:
    return _html_with(_laughs("html"), "&l9;")


def html_deep_nesting(tmp: Path) -> Input:
    return (
        b"<html><body>"
        + b"<div>" * 100_000
        + "一、总体情况".encode()
        + b"</div>" * 100_000
        + b"</body></html>"
    )


def html_huge_table(tmp: Path) -> Input:
    row = "<tr>" + "<td>1</td>" * 200 + "</tr>"
    return f"<html><body><table>{row * 150}</table></body></html>".encode()


def html_absurd_spans(tmp: Path) -> Input:
    cells = '<td rowspan="2147483647" colspan="2147483647">1</td>' * 50
    rows = f"<tr>{cells}</tr>" * 50
    return f"<html><body><table>{rows}</table></body></html>".encode()


def html_too_long(tmp: Path) -> Input:
    return HTML_REPORT.read_bytes() + b"<p>" + b"x" * (DEFAULT_LIMITS.max_text_bytes + 1) + b"</p>"


def html_wide_empty_rows(tmp: Path) -> Input:
    """19 cells of colspan 1000 over 10,000 empty rows: spans of 19,000 cells, a grid of 190 million."""
    wide = "<tr>" + '<td colspan="1000">1</td>' * 19 + "</tr>"
    return f"<html><body><table>{wide}{'<tr></tr>' * 10_000}</table></body></html>".encode()


def html_meta_failing_codec(tmp: Path) -> Input:
    """The report declaring a charset whose codec raises UnicodeError (not UnicodeDecodeError)."""
    page = HTML_REPORT.read_text(encoding="utf-8")
    return page.replace('charset="utf-8"', 'charset="undefined"', 1).encode("gb18030")


def _html_in(encoding: str) -> Input:
    return ("\ufeff" + HTML_REPORT.read_text(encoding="utf-8")).encode(encoding)


def html_utf16(tmp: Path) -> Input:
    return _html_in("utf-16-le")


def html_utf32(tmp: Path) -> Input:
    return _html_in("utf-32-be")


def _folder(tmp: Path) -> Path:
    """A saved page's folder, ``tmp/page/`` with its ``report_files/``."""
    folder = tmp / "page"
    (folder / "report_files").mkdir(parents=True)
    return folder


def _page_with_pictures(folder: Path, pictures: str) -> Path:
    """The report saved in ``folder``, its application table (to the next table) replaced by ``pictures``."""
    page = HTML_REPORT.read_text(encoding="utf-8")
    start = page.rindex("<table", 0, page.index("勾稽关系"))
    end = page.rindex("</table>", 0, page.index("<table", start + 1)) + len("</table>")
    path = folder / "report.html"
    path.write_text(page[:start] + pictures + page[end:], encoding="utf-8")
    return path


# Where each escaping picture points, and the reason it must be refused for (before anything is read).
_ESCAPES = {
    "../secret.png": "outside the page's folder",
    "report_files/../../secret.png": "outside the page's folder",
    "%2e%2e/secret.png": "outside the page's folder",
    "report_files/link.png": "outside the page's folder",
    "SECRET_PATH": "an absolute path",
    "SECRET_URI": "a URL (file:)",
    "http://127.0.0.1:9/t3.png": "a URL (http:)",
    "//127.0.0.1/t3.png": "a network path",
    "report_files/huge.png": "Limits.max_bytes",
}


def html_picture_escapes(tmp: Path) -> Input:
    """A saved page whose table pictures point out of its folder, to the network, or at a huge file."""
    secret = _secret_file(tmp).rename(tmp / "secret.png")
    folder = _folder(tmp)
    (folder / "report_files" / "link.png").symlink_to(secret)
    with (folder / "report_files" / "huge.png").open("wb") as handle:
        handle.truncate(DEFAULT_LIMITS.max_bytes + 1)  # sparse: no disk used
    names = {"SECRET_PATH": str(secret), "SECRET_URI": secret.as_uri()}
    return _page_with_pictures(
        folder, "".join(f'<p><img src="{names.get(src, src)}"></p>' for src in _ESCAPES)
    )


def _escapes_refused(report: Report) -> None:
    _no_secret(report)
    found = [d.found for d in report.deviations if d.kind.value == "not_read"]
    for reason in _ESCAPES.values():
        assert any(reason in note for note in found), f"no picture refused for: {reason}"


def html_picture_flood(tmp: Path) -> Input:
    """A saved page showing 100,000 pictures where its table should be."""
    pictures = "".join(f'<img src="report_files/{i}.png">' for i in range(100_000))
    return _page_with_pictures(_folder(tmp), pictures)


def _flood_noted(report: Report) -> None:
    found = [d.found for d in report.deviations if d.kind.value == "not_read"]
    assert len(found) == DEFAULT_LIMITS.max_linked_files + 1, len(found)
    assert "Limits.max_linked_files" in found[-1]


# -- DOCX -----------------------------------------------------------------------------------------------


def docx_xxe(tmp: Path) -> Input:
    secret = _secret_file(tmp)
    prologue = (
        f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
        '<!ENTITY pw SYSTEM "file:///etc/passwd">]>'
    )
    return _docx_with(prologue, "&xxe;&pw;")


def docx_billion_laughs(tmp: Path) -> Input:
    return _docx_with(_laughs("w:document"), "&l9;")


def docx_zip_bomb(tmp: Path) -> Input:
    compressed, crc = _deflate_bomb(1)
    return raw_zip("word/document.xml", compressed, 1 << 30, crc)


def docx_ratio_bomb(tmp: Path) -> Input:
    """document.xml padded to 12 MiB with whitespace: inside the size bounds, compressed a thousandfold."""
    members = _docx_members(DOCX_REPORT)
    members["word/document.xml"] += b" " * (12 << 20)
    return _zip(members)


def docx_lying_size(tmp: Path) -> Input:
    """document.xml declares 1 KiB but inflates to 1 GiB."""
    compressed, crc = _deflate_bomb(1)
    return raw_zip("word/document.xml", compressed, 1024, crc)


def docx_many_parts(tmp: Path) -> Input:
    members = {f"word/media/{i}.bin": b"x" for i in range(5000)}
    members["word/document.xml"] = document_xml("<w:p><w:r><w:t>x</w:t></w:r></w:p>").encode()
    return _zip(members, compression=zipfile.ZIP_STORED)


def docx_member_flood(tmp: Path) -> Input:
    """A 60 MB zip of 700,000 empty members (a DOCX with its main part first)."""
    local, central = bytearray(), bytearray()
    names = [b"word/document.xml", *(b"%x" % i for i in range(700_000))]
    for name in names:
        offset = len(local)
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0) + name
        central += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0, 0, 0, offset
        )
        central += name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, len(central), len(local), 0)
    return bytes(local + central + end)


def docx_many_parts_allowed(tmp: Path) -> Input:
    members = _docx_members(DOCX_REPORT)
    for i in range(DEFAULT_LIMITS.max_zip_members - len(members)):
        members[f"word/media/image{i}.png"] = b"\x89PNG" + bytes([i % 256])
    return _zip(members, compression=zipfile.ZIP_STORED)


def docx_huge_part(tmp: Path) -> Input:
    random.seed(8)
    paragraphs = "".join(
        f"<w:p><w:r><w:t>{random.getrandbits(64):x}</w:t></w:r></w:p>" for _ in range(500_000)
    )
    return build_docx(document_xml(paragraphs))


def _cells(*texts: str, before: int | None = None) -> str:
    properties = f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>' if before is not None else ""
    cells = "".join(f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>" for text in texts)
    return f"<w:tr>{properties}{cells}</w:tr>"


def docx_grid_before(tmp: Path) -> Input:
    """A row shifted ten million columns right (w:gridBefore): a kilobyte declaring a 3 GiB grid."""
    table = _cells("1", "2", before=10_000_000) + _cells("3", "4") * 20
    return build_docx(document_xml(f"<w:tbl>{table}</w:tbl>"))


def docx_grid_span(tmp: Path) -> Input:
    """A cell spanning 2^31 columns (w:gridSpan) with a cell after it, over 20 rows."""
    wide = '<w:tc><w:tcPr><w:gridSpan w:val="2147483647"/></w:tcPr><w:p/></w:tc>'
    table = f"<w:tr>{wide}<w:tc><w:p/></w:tc></w:tr>" + _cells("3", "4") * 20
    return build_docx(document_xml(f"<w:tbl>{table}</w:tbl>"))


def _numbered_report(start: str, fmt: str) -> bytes:
    """The DOCX report with its paragraphs before the first table in a list from ``start`` in ``fmt``."""
    members = _docx_members(DOCX_REPORT)
    members["word/numbering.xml"] = (
        '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    ).encode()
    head, table, rest = members["word/document.xml"].decode().partition("<w:tbl>")
    numbered = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    members["word/document.xml"] = (re.sub(r"<w:p>", "<w:p>" + numbered, head) + table + rest).encode()
    rels = members["word/_rels/document.xml.rels"].decode()
    if "numbering" not in rels:
        relationship = (
            '<Relationship Id="rIdNumbering" Target="numbering.xml" Type="http://schemas.openxmlformats.org'
            '/officeDocument/2006/relationships/numbering"/>'
        )
        members["word/_rels/document.xml.rels"] = rels.replace(
            "</Relationships>", relationship + "</Relationships>"
        ).encode()
    return _zip(members)


def docx_numbering_huge_start(tmp: Path) -> Input:
    return _numbered_report("100000000000", "upperLetter")


def docx_numbering_long_start(tmp: Path) -> Input:
    return _numbered_report("9" * 4000, "lowerLetter")


def docx_lzma_corrupt(tmp: Path) -> Input:
    """The report with document.xml compressed with LZMA and damaged in its compressed data."""
    members = _docx_members(DOCX_REPORT)
    data = bytearray(_zip(members, compression=zipfile.ZIP_LZMA))
    name = b"word/document.xml"
    start = data.rfind(b"PK\x03\x04", 0, data.index(name)) + 30 + len(name)
    for offset in range(start + 40, start + 2000, 7):
        data[offset] ^= 0x5A
    return bytes(data)


def docx_duplicate_member(tmp: Path) -> Input:
    """A zip holding word/document.xml twice: the report, then a different body."""
    members = _docx_members(DOCX_REPORT)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns of the duplicate name
        for name, content in members.items():
            archive.writestr(name, content)
        archive.writestr("word/document.xml", document_xml("<w:p><w:r><w:t>other</w:t></w:r></w:p>"))
    return buffer.getvalue()


def docx_not_a_zip(tmp: Path) -> Input:
    path = tmp / "report.docx"
    path.write_bytes(b"PK\x03\x04" + _rng(4).randbytes(100_000))
    return path


# -- PDF ------------------------------------------------------------------------------------------------


def pdf_count_lie(tmp: Path) -> Input:
    return pdf_file(page_objects(TEXT, count=10**15))


def pdf_many_pages(tmp: Path) -> Input:
    pages = DEFAULT_LIMITS.max_pages + 50
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        stream(TEXT),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for _ in range(pages):
        kids.append(b"%d 0 R" % (len(objects) + 1))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>"
        )
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    return pdf_file(objects)


def pdf_deep_arrays(tmp: Path) -> Input:
    objects = page_objects(TEXT)
    depth = 100_000
    objects[2] = objects[2].replace(b"/Resources", b"/Junk " + b"[" * depth + b"]" * depth + b" /Resources")
    return pdf_file(objects)


def pdf_deep_page_tree(tmp: Path) -> Input:
    objects = page_objects(TEXT)
    first = len(objects) + 1
    depth = 5000
    objects[1] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % first
    for level in range(depth):
        kid = first + level + 1 if level < depth - 1 else 3
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % kid)
    return pdf_file(objects)


def pdf_reference_cycle(tmp: Path) -> Input:
    objects = page_objects(TEXT)
    objects[3] = b"6 0 R"  # the contents: 4 -> 6 -> 7 -> 4
    objects += [b"7 0 R", b"4 0 R"]
    return pdf_file(objects)


def pdf_self_reference(tmp: Path) -> Input:
    objects = page_objects(TEXT)
    objects[3] = b"4 0 R"
    objects[1] = b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 /Parent 2 0 R >>"
    return pdf_file(objects)


def _forms(levels: int, fan: int) -> list[bytes]:
    """A page drawing form X{levels-1}; each form draws the one below ``fan`` times; X0 draws 500 glyphs."""
    top = levels - 1
    objects = page_objects(b"/X%d Do" % top, resources=b"/XObject << /X%d %d 0 R >>" % (top, 6 + top))
    for level in range(levels):
        body = (
            b"BT /F1 1 Tf (%s) Tj ET" % (b"x" * 500)
            if level == 0
            else b" ".join([b"/X%d Do" % (level - 1)] * fan)
        )
        resources = b"/Font << /F1 5 0 R >>"
        if level:
            resources += b" /XObject << /X%d %d 0 R >>" % (level - 1, 5 + level)
        objects.append(
            stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << %s >>" % resources)
        )
    return objects


def pdf_form_fanout(tmp: Path) -> Input:
    return pdf_file(_forms(levels=10, fan=10))


def pdf_form_cycle(tmp: Path) -> Input:
    objects = page_objects(b"/X0 Do " + TEXT, resources=b"/XObject << /X0 6 0 R >>")
    objects.append(
        stream(
            b"/X0 Do /X0 Do",
            b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X0 6 0 R >> >>",
        )
    )
    return pdf_file(objects)


def pdf_broken_xref(tmp: Path) -> Input:
    data = pdf_file(page_objects(TEXT))
    return re.sub(rb"\d{10} 00000 n", b"0000000017 00000 n", data)


def pdf_no_xref(tmp: Path) -> Input:
    return pdf_file(page_objects(TEXT), xref=False)


def pdf_flate_bomb(tmp: Path) -> Input:
    objects = page_objects(TEXT)
    objects[3] = flate_stream(_zlib_bomb(1024))
    return pdf_file(objects)


def pdf_double_flate_bomb(tmp: Path) -> Input:
    objects = page_objects(TEXT)
    inner = _zlib_bomb(1024)
    objects[3] = stream(deflate(inner), b"/Filter [/FlateDecode /FlateDecode]")
    return pdf_file(objects)


def pdf_runlength_bomb(tmp: Path) -> Input:
    objects = page_objects(TEXT)
    objects[3] = stream(b"\x81 " * (5 << 20) + b"\x80", b"/Filter /RunLengthDecode")
    return pdf_file(objects)


def pdf_damaged_flate(tmp: Path) -> Input:
    """A 600 kB content stream whose checksum is wrong: inflated once, linearly."""
    rng = _rng(5)
    paths = (b"%d %d m %d %d l" % tuple(rng.randrange(600) for _ in range(4)) for _ in range(50_000))
    content = TEXT + b"\n" + b"\n".join(paths)  # paths never painted: nothing to draw
    damaged = bytearray(zlib.compress(content, 9))
    damaged[-1] ^= 0xFF
    objects = page_objects(TEXT)
    objects[3] = flate_stream(bytes(damaged))
    return pdf_file(objects)


def pdf_operand_flood(tmp: Path) -> Input:
    """A 20 MiB content stream of numbers without operators (an operand stack that never empties)."""
    objects = page_objects(b"1 " * (10 << 20) + TEXT)
    return pdf_file(objects)


def pdf_huge_page_drawing(tmp: Path) -> Input:
    rng = _rng(6)
    lines = b"\n".join(
        b"%d %d m %d %d l S" % tuple(rng.randrange(600) for _ in range(4)) for _ in range(60_000)
    )
    return pdf_file(page_objects(lines))


_CID_TEXT = b"BT /F1 12 Tf 72 700 Td <00410042> Tj ET"


def _cid_font_pdf(*, widths: bytes = b"[0 [500 500]]", to_unicode: bytes | None = None) -> bytes:
    """A page showing two glyphs of a CID font (Type0, Identity-H) with the given /W and ToUnicode map."""
    objects = page_objects(_CID_TEXT)
    unicode_map = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange "
        + (to_unicode or b"1 beginbfchar <0041> <0041> endbfchar")
        + b" endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    objects[4] = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
    )
    objects += [
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /W " + widths + b" >>",
        stream(unicode_map),
        b"<< /Type /FontDescriptor /FontName /X /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
        b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    return pdf_file(objects)


def pdf_cid_widths_range(tmp: Path) -> Input:
    return _cid_font_pdf(widths=b"[0 2000000000 500 -5000000000 5000000000 600]")


def pdf_cid_widths_many_ranges(tmp: Path) -> Input:
    """A /W of 100,000 ranges, each over the whole CID space: small ranges, much work."""
    return _cid_font_pdf(widths=b"[" + b"0 65535 500 " * 100_000 + b"]")


def pdf_tounicode_bfrange(tmp: Path) -> Input:
    return _cid_font_pdf(to_unicode=b"1 beginbfrange <00000000> <7FFFFFFF> <0041> endbfrange")


def pdf_tounicode_cidrange(tmp: Path) -> Input:
    return _cid_font_pdf(to_unicode=b"1 begincidrange <00000000> <7FFFFFFF> 0 endcidrange")


def pdf_ccitt_columns(tmp: Path) -> Input:
    """A content stream 'compressed' with CCITTFaxDecode over a million columns (200 bytes)."""
    objects = page_objects(TEXT)
    objects[3] = stream(b"\xff" * 200, b"/Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 1000000 >>")
    return pdf_file(objects)


def pdf_ascii85_whitespace(tmp: Path) -> Input:
    """An ASCII85 content stream padded with 2 MB of spaces before its end marker."""
    objects = page_objects(TEXT)
    encoded = base64.a85encode(TEXT)
    objects[3] = stream(encoded + b" " * (2 << 20) + b"~>", b"/Filter /ASCII85Decode")
    return pdf_file(objects)


def pdf_ascii85_zeros(tmp: Path) -> Input:
    """An ASCII85 stream of 'z' (four zero bytes each) inside a Flate bomb: 4 GiB of zeros."""
    objects = page_objects(TEXT)
    objects[3] = stream(_zlib_bomb(1024, fill=b"z"), b"/Filter [/FlateDecode /ASCII85Decode]")
    return pdf_file(objects)


def pdf_asciihex_whitespace(tmp: Path) -> Input:
    objects = page_objects(TEXT)
    objects[3] = stream(TEXT.hex().encode() + b" \n" * (2 << 20) + b">", b"/Filter /ASCIIHexDecode")
    return pdf_file(objects)


def pdf_predictor_columns(tmp: Path) -> Input:
    """A Flate stream with a PNG predictor declaring a billion columns."""
    objects = page_objects(TEXT)
    objects[3] = flate_stream(
        deflate(b"\x00" + TEXT), b"/DecodeParms << /Predictor 12 /Columns 1000000000 >>"
    )
    return pdf_file(objects)


def pdf_unknown_filter(tmp: Path) -> Input:
    objects = page_objects(TEXT)
    objects[3] = stream(TEXT, b"/Filter /NoSuchDecode")
    return pdf_file(objects)


def pdf_ruled_grid(tmp: Path) -> Input:
    """A large page ruled by 151 horizontal and 151 vertical lines: 22,500 cells, a glyph in every seventh."""
    step, end = 15, 50 + 15 * 150
    rules = [b"%d 50 m %d %d l S" % (50 + step * i, 50 + step * i, end) for i in range(151)]
    rules += [b"50 %d m %d %d l S" % (50 + step * i, end, 50 + step * i) for i in range(151)]
    glyphs = [
        b"BT /F1 8 Tf %d %d Td (1) Tj ET" % (54 + step * (i % 150), 54 + step * (i // 150))
        for i in range(0, 22_500, 7)
    ]
    objects = page_objects(b"\n".join([*rules, *glyphs]))
    objects[2] = objects[2].replace(b"/MediaBox [0 0 595 842]", b"/MediaBox [0 0 2400 2400]")
    return pdf_file(objects)


def pdf_junk(tmp: Path) -> Input:
    path = tmp / "report.pdf"
    path.write_bytes(_rng(7).randbytes(1 << 20))
    return path


def pdf_header_junk(tmp: Path) -> Input:
    path = tmp / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n" + _rng(9).randbytes(1 << 20))
    return path


# -- text and any format ----------------------------------------------------------------------------------


def text_wide_table(tmp: Path) -> Input:
    """Tab-separated rows of 150 cells, 200 of them: 30,000 cells."""
    return ("\t".join(["1"] * 150) + "\n").encode() * 200


_NEW_RECEIVED = "一、本年新收政府信息公开申请数量\n"


def _run_in_row(run: str) -> bytes:
    """The text report with the seven cells of its first application row replaced by ``run``."""
    report = TEXT_REPORT.read_text(encoding="utf-8")
    start = report.index(_NEW_RECEIVED) + len(_NEW_RECEIVED)
    assert report[start : start + 21] == "\t0\n" * 7
    return (report[:start] + "\t" + run + "\n" + report[start + 21 :]).encode()


def text_digit_run_80(tmp: Path) -> Input:
    return _run_in_row("".join(str(_rng(12).randrange(10)) for _ in range(80)))


def text_digit_run_10000(tmp: Path) -> Input:
    return _run_in_row("1" * 10_000)


def _unresolved_row(report: Report) -> None:
    row = next(row for row in report.requests.rows if row.key == "new_received")
    assert all(cell.state is CellState.UNRESOLVED for cell in row.cells), [cell.state for cell in row.cells]


def _flattened(run: str) -> bytes:
    """A table caption, then a line of ``run`` (read as a flattened table), then the end."""
    return f"第二十条第（一）项\n{run}x\n".encode()


# Long runs of each kind of character a flattened table's patterns look at.
_RUN_CLASSES: tuple[tuple[str, str], ...] = (
    ("commas", ","),
    ("spaces", " "),
    ("dashes", "-"),
    ("full-width-commas", "\uff0c"),
    ("blank-marks", "\u2014"),
    ("rules", "|"),
    ("digits-and-spaces", "1 "),
    ("digits-and-units", "1件"),
    ("decimal-points", "1."),
    ("full-width-digits", "\uff11"),
)
_RUN_LENGTH = 40_000


def _flattened_run(pattern: str) -> Callable[[Path], Input]:
    def build(tmp: Path) -> Input:
        return f"第二十条第（一）项\n{pattern * _RUN_LENGTH}x\n".encode()

    return build


def text_slow_timeout(tmp: Path) -> Input:
    """The longest text allowed (20 s to parse) under Limits(timeout=1)."""
    return text_longest_allowed(tmp)


def html_slow(tmp: Path) -> Input:
    """The HTML report repeated to nearly 16 MiB (seconds to parse)."""
    page = HTML_REPORT.read_bytes()
    body = page[page.index(b"<body>") + len(b"<body>") : page.index(b"</body>")]
    copies = (DEFAULT_LIMITS.max_text_bytes - len(page)) // len(body)
    return page.replace(b"</body>", body * copies + b"</body>", 1)


def docx_slow(tmp: Path) -> Input:
    """A DOCX of 60,000 short paragraphs and 120 tables of 5 x 4 cells (seconds to parse)."""
    cell = "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
    table = "<w:tbl>" + f"<w:tr>{cell * 4}</w:tr>" * 5 + "</w:tbl>"
    paragraphs = "".join(f"<w:p><w:r><w:t>第{i}段</w:t></w:r></w:p>" for i in range(500))
    return build_docx(document_xml((paragraphs + table) * 120))


def text_200_mb(tmp: Path) -> Input:
    path = tmp / "report.txt"
    with path.open("wb") as handle:
        handle.write(TEXT_REPORT.read_bytes())
        handle.truncate(200 * 1024 * 1024)  # sparse: no disk or memory is used for the rest
    return path


def text_too_long(tmp: Path) -> Input:
    report = TEXT_REPORT.read_bytes()
    return report * (DEFAULT_LIMITS.max_text_bytes // len(report) + 1)


def text_longest_allowed(tmp: Path) -> Input:
    report = TEXT_REPORT.read_bytes()
    return report * (DEFAULT_LIMITS.max_text_bytes // len(report))


def text_one_long_line(tmp: Path) -> Input:
    rng = _rng(10)
    return " ".join(str(rng.randrange(10**6)) for _ in range(1_500_000)).encode()


def text_junk(tmp: Path) -> Input:
    path = tmp / "report.txt"
    path.write_bytes(_rng(11).randbytes(1 << 20))
    return path


def empty_file(tmp: Path) -> Input:
    path = tmp / "report.txt"
    path.write_bytes(b"")
    return path


def whitespace_file(tmp: Path) -> Input:
    path = tmp / "report.txt"
    path.write_bytes(b" \t\r\n\xe3\x80\x80" * 100_000 + b"\n")
    return path


def endless_device(tmp: Path) -> Input:
    return Path(os.devnull if not Path("/dev/zero").exists() else "/dev/zero")


_BOMB = r"Limits\.max_decoded_bytes"

CASES: tuple[Hostile, ...] = (
    Hostile(
        name="html-xxe",
        title="HTML page with external entities (XXE: a local file, /etc/passwd)",
        format="html",
        build=html_xxe,
        outcomes=("Report",),
        check=_no_secret,
    ),
    Hostile(
        name="html-billion-laughs",
        title="HTML page with a billion-laughs entity (10 levels, 3 GB)",
        format="html",
        build=html_billion_laughs,
        outcomes=("Report",),
        check=_no_expansion,
    ),
    Hostile(
        name="html-deep-nesting",
        title="HTML nested 100,000 elements deep",
        format="html",
        build=html_deep_nesting,
        outcomes=("StructureError", "ExtractionError"),
    ),
    Hostile(
        name="html-huge-table",
        title="HTML table of 30,000 cells",
        format="html",
        build=html_huge_table,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_table_cells|max_table_cells=",
    ),
    Hostile(
        name="html-absurd-spans",
        title="HTML cells spanning 2^31 rows and columns",
        format="html",
        build=html_absurd_spans,
        outcomes=("StructureError", "LimitExceededError"),
    ),
    Hostile(
        name="html-too-long",
        title="HTML page over 16 MiB",
        format="html",
        build=html_too_long,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_text_bytes",
        seconds=2.0,
        mib=40.0,
    ),
    Hostile(
        name="html-wide-empty-rows",
        title="HTML table: 19 cells of colspan 1000 over 10,000 empty rows (a 190-million-cell grid)",
        format="html",
        build=html_wide_empty_rows,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_table_cells",
        seconds=5.0,
        mib=100.0,
    ),
    Hostile(
        name="html-meta-failing-codec",
        title="HTML report declaring a charset whose codec raises UnicodeError",
        format="html",
        build=html_meta_failing_codec,
        outcomes=("Report",),
        check=_has_requests,
    ),
    Hostile(
        name="html-utf16",
        title="HTML report in UTF-16 with a byte-order mark",
        format="html",
        build=html_utf16,
        outcomes=("Report",),
        check=_has_requests,
    ),
    Hostile(
        name="html-utf32",
        title="HTML report in UTF-32 (big-endian) with a byte-order mark",
        format="html",
        build=html_utf32,
        outcomes=("Report",),
        check=_has_requests,
    ),
    Hostile(
        name="html-picture-escapes",
        title="HTML page saved with its folder, its table pictures pointing out of it (`..`, absolute, "
        "symlink), to file: and http: URLs, or at a file over 64 MiB",
        format="html",
        build=html_picture_escapes,
        outcomes=("Report",),
        check=_escapes_refused,
    ),
    Hostile(
        name="html-picture-flood",
        title="HTML page saved with its folder, showing 100,000 pictures",
        format="html",
        build=html_picture_flood,
        outcomes=("Report",),
        check=_flood_noted,
    ),
    Hostile(
        name="docx-xxe",
        title="DOCX with external entities (XXE) in document.xml",
        format="docx",
        build=docx_xxe,
        outcomes=("Report",),
        check=_no_secret,
    ),
    Hostile(
        name="docx-billion-laughs",
        title="DOCX with a billion-laughs entity in document.xml",
        format="docx",
        build=docx_billion_laughs,
        outcomes=("Report", "ExtractionError"),
        check=_no_expansion,
    ),
    Hostile(
        name="docx-zip-bomb",
        title="DOCX zip bomb: document.xml of 1 GiB in 1 MB",
        format="docx",
        build=docx_zip_bomb,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_uncompressed_bytes",
        seconds=2.0,
        mib=20.0,
    ),
    Hostile(
        name="docx-ratio-bomb",
        title="DOCX document.xml of 12 MiB compressed a thousandfold",
        format="docx",
        build=docx_ratio_bomb,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_compression_ratio",
        seconds=2.0,
        mib=20.0,
    ),
    Hostile(
        name="docx-lying-size",
        title="DOCX member declaring 1 KiB that inflates to 1 GiB",
        format="docx",
        build=docx_lying_size,
        outcomes=("ExtractionError",),
        match="CRC",
        seconds=2.0,
        mib=40.0,
    ),
    Hostile(
        name="docx-many-parts",
        title="DOCX with 5,000 tiny parts",
        format="docx",
        build=docx_many_parts,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_zip_members",
        seconds=2.0,
        mib=40.0,
    ),
    Hostile(
        name="docx-member-flood",
        title="DOCX-like zip of 700,000 empty members (60 MB)",
        format="docx",
        build=docx_member_flood,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_zip_members",
        seconds=2.0,
        mib=40.0,
    ),
    Hostile(
        name="docx-many-parts-allowed",
        title="DOCX report padded to 2,000 tiny parts (the limit)",
        format="docx",
        build=docx_many_parts_allowed,
        outcomes=("Report",),
        seconds=5.0,
    ),
    Hostile(
        name="docx-huge-part",
        title="DOCX whose document.xml inflates to 20 MiB",
        format="docx",
        build=docx_huge_part,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_text_bytes",
        seconds=2.0,
        mib=40.0,
    ),
    Hostile(
        name="docx-not-a-zip",
        title="Random bytes after a zip signature, named .docx",
        format="docx",
        build=docx_not_a_zip,
        outcomes=("UnsupportedFormatError",),
        seconds=2.0,
        mib=40.0,
    ),
    Hostile(
        name="docx-grid-before",
        title="DOCX row shifted ten million columns (w:gridBefore), 1 KB",
        format="docx",
        build=docx_grid_before,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_table_cells",
        seconds=2.0,
        mib=40.0,
    ),
    Hostile(
        name="docx-grid-span",
        title="DOCX cell spanning 2^31 columns (w:gridSpan) with a cell after it",
        format="docx",
        build=docx_grid_span,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_table_cells",
        seconds=2.0,
        mib=40.0,
    ),
    Hostile(
        name="docx-numbering-huge-start",
        title="DOCX report in a letter-numbered list starting at 10^11",
        format="docx",
        build=docx_numbering_huge_start,
        outcomes=("Report",),
        check=_has_requests,
        seconds=5.0,
        mib=100.0,
    ),
    Hostile(
        name="docx-numbering-long-start",
        title="DOCX report in a letter-numbered list starting at a 4,000-digit number",
        format="docx",
        build=docx_numbering_long_start,
        outcomes=("Report",),
        check=_has_requests,
        seconds=5.0,
        mib=100.0,
    ),
    Hostile(
        name="docx-lzma-corrupt",
        title="DOCX report whose document.xml is LZMA-compressed and damaged",
        format="docx",
        build=docx_lzma_corrupt,
        outcomes=("ExtractionError",),
        match="corrupt",
        seconds=2.0,
        mib=40.0,
    ),
    Hostile(
        name="docx-duplicate-member",
        title="DOCX holding word/document.xml twice",
        format="docx",
        build=docx_duplicate_member,
        outcomes=("ExtractionError",),
        match="two members named",
        seconds=2.0,
        mib=40.0,
    ),
    Hostile(
        name="pdf-count-lie",
        title="PDF whose page tree claims 10^15 pages (one real)",
        format="pdf",
        build=pdf_count_lie,
        outcomes=("StructureError",),
        seconds=5.0,
        mib=100.0,
    ),
    Hostile(
        name="pdf-many-pages",
        title="PDF of 250 real pages, beyond the page limit",
        format="pdf",
        build=pdf_many_pages,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_pages",
        seconds=5.0,
    ),
    Hostile(
        name="pdf-deep-arrays",
        title="PDF page dictionary with arrays nested 100,000 deep",
        format="pdf",
        build=pdf_deep_arrays,
        outcomes=("StructureError", "ExtractionError"),
    ),
    Hostile(
        name="pdf-deep-page-tree",
        title="PDF page tree 5,000 levels deep",
        format="pdf",
        build=pdf_deep_page_tree,
        outcomes=("ExtractionError",),
        seconds=5.0,
    ),
    Hostile(
        name="pdf-reference-cycle",
        title="PDF whose contents are a cycle of references (4→6→7→4)",
        format="pdf",
        build=pdf_reference_cycle,
        outcomes=("ExtractionError",),
        seconds=5.0,
        mib=100.0,
    ),
    Hostile(
        name="pdf-self-reference",
        title="PDF object that refers to itself; a page tree that is its own kid",
        format="pdf",
        build=pdf_self_reference,
        outcomes=("ExtractionError",),
        seconds=5.0,
        mib=100.0,
    ),
    Hostile(
        name="pdf-form-fanout",
        title="PDF forms drawing the next ten times, ten deep (5 x 10^11 glyphs)",
        format="pdf",
        build=pdf_form_fanout,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_page_objects",
        seconds=10.0,
    ),
    Hostile(
        name="pdf-form-cycle",
        title="PDF form that draws itself",
        format="pdf",
        build=pdf_form_cycle,
        outcomes=("StructureError",),
        seconds=5.0,
        mib=100.0,
    ),
    Hostile(
        name="pdf-broken-xref",
        title="PDF whose cross-reference offsets all point to the wrong place",
        format="pdf",
        build=pdf_broken_xref,
        outcomes=("ExtractionError", "StructureError"),
        seconds=5.0,
        mib=100.0,
    ),
    Hostile(
        name="pdf-no-xref",
        title="PDF without a cross-reference table",
        format="pdf",
        build=pdf_no_xref,
        outcomes=("StructureError",),
        seconds=5.0,
        mib=100.0,
    ),
    Hostile(
        name="pdf-flate-bomb",
        title="PDF content stream inflating to 1 GiB (1 MB in the file)",
        format="pdf",
        build=pdf_flate_bomb,
        outcomes=("LimitExceededError",),
        match=_BOMB,
        mib=400.0,
    ),
    Hostile(
        name="pdf-double-flate-bomb",
        title="PDF stream deflated twice: 1 GiB from 3 KB",
        format="pdf",
        build=pdf_double_flate_bomb,
        outcomes=("LimitExceededError",),
        match=_BOMB,
        mib=400.0,
    ),
    Hostile(
        name="pdf-runlength-bomb",
        title="PDF RunLengthDecode stream of 10 MiB expanding to 640 MiB",
        format="pdf",
        build=pdf_runlength_bomb,
        outcomes=("LimitExceededError",),
        match=_BOMB,
        seconds=60.0,
        mib=500.0,
    ),
    Hostile(
        name="pdf-damaged-flate",
        title="PDF content stream (600 kB) with a wrong checksum",
        format="pdf",
        build=pdf_damaged_flate,
        outcomes=("StructureError",),
        seconds=20.0,
        mib=300.0,
    ),
    Hostile(
        name="pdf-operand-flood",
        title="PDF content stream of 10 million operands and no operator (20 MiB)",
        format="pdf",
        build=pdf_operand_flood,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_page_content_bytes",
        seconds=60.0,
        mib=500.0,
        slow=True,
    ),
    Hostile(
        name="pdf-huge-page-drawing",
        title="PDF page drawing 60,000 lines",
        format="pdf",
        build=pdf_huge_page_drawing,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_page_objects",
        seconds=20.0,
        mib=300.0,
    ),
    Hostile(
        name="pdf-junk",
        title="1 MiB of random bytes named .pdf",
        format="pdf",
        build=pdf_junk,
        outcomes=("ExtractionError", "UnsupportedFormatError"),
        seconds=5.0,
        mib=50.0,
    ),
    Hostile(
        name="pdf-header-junk",
        title="A %PDF header followed by 1 MiB of random bytes",
        format="pdf",
        build=pdf_header_junk,
        outcomes=("ExtractionError",),
        seconds=5.0,
        mib=100.0,
    ),
    Hostile(
        name="pdf-cid-widths-range",
        title="PDF CID font whose /W states widths for CIDs 0 to 2*10^9 (1 KB)",
        format="pdf",
        build=pdf_cid_widths_range,
        outcomes=("StructureError",),
        seconds=5.0,
        mib=100.0,
    ),
    Hostile(
        name="pdf-cid-widths-many-ranges",
        title="PDF CID font whose /W repeats the whole CID space 100,000 times",
        format="pdf",
        build=pdf_cid_widths_many_ranges,
        outcomes=("LimitExceededError",),
        match=_BOMB,
        seconds=20.0,
        mib=300.0,
        pdfium_outcomes=("StructureError",),
    ),
    Hostile(
        name="pdf-tounicode-bfrange",
        title="PDF ToUnicode map with a bfrange of 2^31 codes (1 KB)",
        format="pdf",
        build=pdf_tounicode_bfrange,
        outcomes=("LimitExceededError",),
        match=_BOMB,
        seconds=20.0,
        mib=400.0,
        pdfium_outcomes=("StructureError",),
    ),
    Hostile(
        name="pdf-tounicode-cidrange",
        title="PDF ToUnicode map with a cidrange of 2^31 codes (1 KB)",
        format="pdf",
        build=pdf_tounicode_cidrange,
        outcomes=("LimitExceededError",),
        match=_BOMB,
        seconds=20.0,
        mib=400.0,
        pdfium_outcomes=("StructureError",),
    ),
    Hostile(
        name="pdf-ccitt-columns",
        title="PDF content stream: 200 bytes of CCITTFaxDecode over a million columns",
        format="pdf",
        build=pdf_ccitt_columns,
        outcomes=("LimitExceededError",),
        match=_BOMB,
        seconds=30.0,
        mib=400.0,
        pdfium_outcomes=("ExtractionError",),
    ),
    Hostile(
        name="pdf-ascii85-whitespace",
        title="PDF ASCII85 content stream padded with 2 MiB of spaces",
        format="pdf",
        build=pdf_ascii85_whitespace,
        outcomes=("StructureError",),
        seconds=5.0,
        mib=100.0,
    ),
    Hostile(
        name="pdf-ascii85-zeros",
        title="PDF Flate stream of ASCII85 'z' (four zero bytes each): 4 GiB from 1 MB",
        format="pdf",
        build=pdf_ascii85_zeros,
        outcomes=("LimitExceededError",),
        match=_BOMB,
        mib=400.0,
    ),
    Hostile(
        name="pdf-asciihex-whitespace",
        title="PDF ASCIIHex content stream with 4 MiB of whitespace",
        format="pdf",
        build=pdf_asciihex_whitespace,
        outcomes=("StructureError",),
        seconds=5.0,
        mib=100.0,
    ),
    Hostile(
        name="pdf-predictor-columns",
        title="PDF Flate stream with a PNG predictor of a billion columns",
        format="pdf",
        build=pdf_predictor_columns,
        outcomes=("StructureError",),
        seconds=5.0,
        mib=100.0,
        pdfium_outcomes=("ExtractionError",),
    ),
    Hostile(
        name="pdf-unknown-filter",
        title="PDF content stream with a filter pdfminer does not know",
        format="pdf",
        build=pdf_unknown_filter,
        outcomes=("ExtractionError",),
        match="Unsupported filter",
        seconds=5.0,
        mib=100.0,
    ),
    Hostile(
        name="pdf-ruled-grid",
        title="PDF page ruled into a grid of 150 x 150 cells",
        format="pdf",
        build=pdf_ruled_grid,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_table_cells",
        seconds=20.0,
        mib=300.0,
    ),
    Hostile(
        name="text-wide-table",
        title="Text table of 200 tab-separated rows of 150 cells",
        format="text",
        build=text_wide_table,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_table_cells",
        seconds=5.0,
        mib=100.0,
    ),
    Hostile(
        name="text-digit-run-80",
        title="Text report whose first application row is one run of 80 digits",
        format="text",
        build=text_digit_run_80,
        outcomes=("Report",),
        check=_unresolved_row,
    ),
    Hostile(
        name="text-digit-run-10000",
        title="Text report whose first application row is one run of 10,000 digits",
        format="text",
        build=text_digit_run_10000,
        outcomes=("Report",),
        check=_unresolved_row,
    ),
    *(
        Hostile(
            name=f"text-flattened-{name}",
            title=f"Flattened table text: a line of {_RUN_LENGTH:,} x {pattern!r}",
            format="text",
            build=_flattened_run(pattern),
            outcomes=("Report", "StructureError"),
            seconds=5.0,
            mib=100.0,
        )
        for name, pattern in _RUN_CLASSES
    ),
    Hostile(
        name="text-slow-timeout",
        title="Text just under 16 MiB (20 s to parse) with a one-second timeout",
        format="text",
        build=text_slow_timeout,
        outcomes=("LimitExceededError",),
        match=r"Limits\.timeout",
        seconds=5.0,
        mib=400.0,
        limits=Limits(timeout=1.0),
    ),
    Hostile(
        name="html-slow-timeout",
        title="HTML report repeated to nearly 16 MiB, with a one-second timeout",
        format="html",
        build=html_slow,
        outcomes=("LimitExceededError",),
        match=r"Limits\.timeout",
        seconds=5.0,
        mib=800.0,
        limits=Limits(timeout=1.0),
    ),
    Hostile(
        name="docx-slow-timeout",
        title="DOCX of 60,000 paragraphs and 120 tables (2 s to parse), with a tenth-of-a-second timeout",
        format="docx",
        build=docx_slow,
        outcomes=("LimitExceededError",),
        match=r"Limits\.timeout",
        seconds=2.0,
        mib=200.0,
        limits=Limits(timeout=0.1),
    ),
    Hostile(
        name="pdf-slow-timeout",
        title="PDF content stream of 10 million operands (35 s to refuse), with a two-second timeout",
        format="pdf",
        build=pdf_operand_flood,
        outcomes=("LimitExceededError",),
        match=r"Limits\.(timeout|max_page_content_bytes)",
        seconds=6.0,
        mib=500.0,
        limits=Limits(timeout=2.0),
        pdfium_outcomes=("StructureError",),
    ),
    Hostile(
        name="text-200-mb",
        title="200 MB text file (sparse)",
        format="text",
        build=text_200_mb,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_bytes",
        seconds=1.0,
        mib=5.0,
    ),
    Hostile(
        name="text-too-long",
        title="Text of 16 MiB and more (a report repeated)",
        format="text",
        build=text_too_long,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_text_bytes",
        seconds=2.0,
        mib=20.0,
    ),
    Hostile(
        name="text-longest-allowed",
        title="Text just under 16 MiB (a report repeated 1,500 times)",
        format="text",
        build=text_longest_allowed,
        outcomes=("Report",),
        seconds=120.0,
        mib=1200.0,
        slow=True,
    ),
    Hostile(
        name="text-one-long-line",
        title="10 MB of numbers on one line",
        format="text",
        build=text_one_long_line,
        outcomes=("StructureError",),
        seconds=30.0,
        mib=800.0,
    ),
    Hostile(
        name="text-junk",
        title="1 MiB of random bytes named .txt",
        format="text",
        build=text_junk,
        outcomes=("ExtractionError", "UnsupportedFormatError"),
        seconds=5.0,
        mib=50.0,
    ),
    Hostile(
        name="empty-file",
        title="Empty file",
        format="any",
        build=empty_file,
        outcomes=("StructureError",),
        match="empty",
        seconds=1.0,
        mib=5.0,
    ),
    Hostile(
        name="whitespace-file",
        title="File of only whitespace (spaces, tabs, newlines, U+3000)",
        format="any",
        build=whitespace_file,
        outcomes=("StructureError",),
        match="whitespace",
        seconds=1.0,
        mib=20.0,
    ),
    Hostile(
        name="endless-device",
        title="A device that never ends (/dev/zero)",
        format="any",
        build=endless_device,
        outcomes=("LimitExceededError",),
        match=r"Limits\.max_bytes",
        seconds=5.0,
        mib=200.0,
    ),
)
"""Every hostile input class, in table order."""
