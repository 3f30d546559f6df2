"""Mutations of real reports, drawn with Hypothesis, for the fuzz tests.

Each mutation takes the bytes of a clean input and a Hypothesis ``draw``
function and returns damaged bytes.  They come in four families:

* **bytes** (any format): byte flips, truncation, inserted junk, deleted
  or duplicated ranges;
* **text** (plain text, HTML, and the XML inside a DOCX): lines deleted,
  duplicated, shuffled or swapped, a number blanked or replaced, markup
  junk, the text re-encoded in another encoding;
* **rows and cells** (HTML ``<tr>``/``<td>`` and DOCX ``<w:tr>``/``<w:t>``):
  table rows deleted, duplicated or shuffled, cell text blanked or changed,
  spans set to absurd values;
* **structure** (DOCX and PDF): the XML part or a compressed PDF stream is
  unpacked, mutated with the families above and packed again, so the
  damage reaches the parser behind the container.

:data:`PLANS` maps each format to the mutations applied to it.
"""

from __future__ import annotations

import base64
import functools
import io
import lzma
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from hypothesis import strategies as st

T = TypeVar("T")


class Draw(Protocol):
    """Hypothesis's ``data.draw``."""

    def __call__(self, strategy: st.SearchStrategy[T], label: Any = None, /) -> T: ...


Mutation = Callable[[bytes, Draw], bytes]

# Bytes that mean something to one of the parsers: markup, entities, PDF tokens, BOMs, CJK.
_JUNK = (
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"<",
    b"</td>",
    b"<tr>",
    b"<table>",
    b"<td rowspan=99999 colspan=99999>",
    b"<td colspan=0>",
    b"&#0;",
    b"&#x10FFFF;",
    b"&amp",
    b"<![CDATA[",
    b"<!DOCTYPE x [<!ENTITY a 'aa'>]>",
    b"%PDF-1.7",
    b"endobj",
    b"stream\n",
    b"endstream",
    b"<< /Length -1 >>",
    b"999999999 0 R",
    b"\t",
    b"\r",
    "\u3000".encode(),
    "合计".encode(),
    "一、总体情况".encode(),
    "（一）".encode(),
    b"-",
    "\uff11\uff12\uff13".encode(),  # full-width digits
    "万元".encode(),
    "\ufffd".encode(),
)

_NUMBER = re.compile(r"\d+")
_REPLACEMENTS = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(str),
    st.sampled_from(
        [
            "",
            "X",
            "-",
            "—",
            "无",
            "\uff10",
            "\uff11\uff12",
            "1,234",
            "1.5",
            "-3",
            "+7",
            "10" * 20,
            "1e9",
            "NaN",
            "一百",
        ]
    ),
)


# -- bytes ------------------------------------------------------------------------------------------


def flip_bytes(data: bytes, draw: Draw) -> bytes:
    """Set one to eight bytes at random positions to random values."""
    if not data:
        return data
    out = bytearray(data)
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        out[draw(st.integers(min_value=0, max_value=len(out) - 1))] = draw(st.integers(0, 255))
    return bytes(out)


def truncate(data: bytes, draw: Draw) -> bytes:
    """Cut the input at a random offset."""
    if not data:
        return data
    return data[: draw(st.integers(min_value=0, max_value=len(data) - 1))]


def insert_junk(data: bytes, draw: Draw) -> bytes:
    """Insert meaningful junk or random bytes at a random offset."""
    junk = draw(st.sampled_from(_JUNK) | st.binary(min_size=1, max_size=64))
    at = draw(st.integers(min_value=0, max_value=len(data)))
    return data[:at] + junk * draw(st.integers(min_value=1, max_value=3)) + data[at:]


def _span(data: bytes | list[Any], draw: Draw, longest: int) -> tuple[int, int]:
    start = draw(st.integers(min_value=0, max_value=max(0, len(data) - 1)))
    return start, min(len(data), start + draw(st.integers(min_value=1, max_value=longest)))


def delete_range(data: bytes, draw: Draw) -> bytes:
    """Delete a range of up to 4 KiB."""
    start, end = _span(data, draw, 4096)
    return data[:start] + data[end:]


def duplicate_range(data: bytes, draw: Draw) -> bytes:
    """Repeat a range of up to 4 KiB in place."""
    start, end = _span(data, draw, 4096)
    return data[:end] + data[start:end] + data[end:]


BYTES: tuple[Mutation, ...] = (flip_bytes, truncate, insert_junk, delete_range, duplicate_range)


# -- text -------------------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace"), "utf-8"


def _on_text(edit: Callable[[str, Draw], str]) -> Mutation:
    """Lift a ``str`` edit to bytes, keeping the input's encoding."""

    def mutation(data: bytes, draw: Draw) -> bytes:
        text, encoding = _decode(data)
        return edit(text, draw).encode(encoding, errors="replace")

    mutation.__name__ = edit.__name__
    mutation.__doc__ = edit.__doc__
    return mutation


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [text]


@_on_text
def delete_lines(text: str, draw: Draw) -> str:
    """Delete a run of one to twenty lines."""
    lines = _lines(text)
    start, end = _span(lines, draw, 20)
    return "".join(lines[:start] + lines[end:])


@_on_text
def duplicate_lines(text: str, draw: Draw) -> str:
    """Repeat a run of one to twenty lines."""
    lines = _lines(text)
    start, end = _span(lines, draw, 20)
    return "".join(lines[:end] + lines[start:end] + lines[end:])


@_on_text
def shuffle_lines(text: str, draw: Draw) -> str:
    """Shuffle a window of two to thirty lines."""
    lines = _lines(text)
    start, end = _span(lines, draw, 30)
    window = draw(st.permutations(lines[start:end]))
    return "".join(lines[:start] + list(window) + lines[end:])


@_on_text
def swap_lines(text: str, draw: Draw) -> str:
    """Swap two lines anywhere in the input."""
    lines = _lines(text)
    i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


@_on_text
def flip_characters(text: str, draw: Draw) -> str:
    """Replace one to eight characters by digits, punctuation, spaces, tabs or CJK (the text stays valid)."""
    chars = list(text)
    if not chars:
        return text
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        chars[draw(st.integers(min_value=0, max_value=len(chars) - 1))] = draw(
            st.sampled_from("0123456789 \t\n,.-、（）：合计总年万元\u3000")
        )
    return "".join(chars)


def _replace_number(text: str, draw: Draw, replacement: str | None) -> str:
    numbers = list(_NUMBER.finditer(text))
    if not numbers:
        return text
    match = numbers[draw(st.integers(min_value=0, max_value=len(numbers) - 1))]
    new = draw(_REPLACEMENTS) if replacement is None else replacement
    return text[: match.start()] + new + text[match.end() :]


@_on_text
def blank_number(text: str, draw: Draw) -> str:
    """Delete one number (a blank cell, in a table)."""
    return _replace_number(text, draw, "")


@_on_text
def change_number(text: str, draw: Draw) -> str:
    """Replace one number by another number or by a placeholder (X, -, 无, full-width, huge)."""
    return _replace_number(text, draw, None)


_ENCODINGS = ("gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-8-sig", "cp1252", "shift_jis", "latin-1")


def swap_encoding(data: bytes, draw: Draw) -> bytes:
    """Re-encode the text in another encoding (unencodable characters replaced), or mislabel it."""
    text, _ = _decode(data)
    encoding = draw(st.sampled_from(_ENCODINGS))
    if draw(st.booleans()):  # a mojibake: bytes of one encoding read as another, then saved as UTF-8
        return text.encode(encoding, errors="replace").decode("latin-1").encode()
    return text.encode(encoding, errors="replace")


# Characters the patterns on table text look at, repeated: a backtracking pattern is quadratic on them.
_RUN_PATTERNS = (",", " ", "-", "\uff0c", "\u2014", "|", "1 ", "1\u4ef6", "1.", "\uff11", "%", "(")


def long_run(text: str, draw: Draw) -> str:
    """Insert a run of 100 to 20,000 repetitions of one kind of character (commas, spaces, digits ...)."""
    at = draw(st.integers(min_value=0, max_value=len(text)))
    run = draw(st.sampled_from(_RUN_PATTERNS)) * draw(st.integers(min_value=100, max_value=20_000))
    return text[:at] + run + text[at:]


def digit_run(text: str, draw: Draw) -> str:
    """Replace a number by a run of 20 to 400 digits (cells run together, far more than a row holds)."""
    digits = draw(st.sampled_from(["1", "7", "10", "123456789"]))
    return _replace_number(text, draw, (digits * 400)[: draw(st.integers(min_value=20, max_value=400))])


TEXT: tuple[Mutation, ...] = (
    _on_text(long_run),
    _on_text(digit_run),
    flip_characters,
    delete_lines,
    duplicate_lines,
    shuffle_lines,
    swap_lines,
    blank_number,
    change_number,
    swap_encoding,
)


# -- rows and cells in markup -------------------------------------------------------------------------


def _elements(text: str, tag: str) -> list[re.Match[str]]:
    return list(re.finditer(rf"<{tag}[\s>].*?</{tag}>", text, flags=re.DOTALL | re.IGNORECASE))


def _row_edit(tag: str) -> Callable[[str, Draw], str]:
    def edit(text: str, draw: Draw) -> str:
        rows = _elements(text, tag)
        if not rows:
            return text
        start, end = _span(rows, draw, 6)
        chosen = rows[start:end]
        a, b = chosen[0].start(), chosen[-1].end()
        pieces = [match.group(0) for match in chosen]
        action = draw(st.sampled_from(["delete", "duplicate", "shuffle"]))
        if action == "delete":
            middle = ""
        elif action == "duplicate":
            middle = text[a:b] + text[a:b]
        else:
            middle = "".join(draw(st.permutations(pieces)))
        return text[:a] + middle + text[b:]

    return edit


def _cell_edit(pattern: str) -> Callable[[str, Draw], str]:
    """Blank or change the text of one cell: the text between ``>`` and ``<`` inside a match."""
    regex = re.compile(pattern, flags=re.DOTALL | re.IGNORECASE)

    def edit(text: str, draw: Draw) -> str:
        cells = list(regex.finditer(text))
        if not cells:
            return text
        cell = cells[draw(st.integers(min_value=0, max_value=len(cells) - 1))]
        new = draw(st.just("") | _REPLACEMENTS)
        return text[: cell.start("text")] + new + text[cell.end("text") :]

    return edit


def _span_attribute(attribute: str) -> Callable[[str, Draw], str]:
    regex = re.compile(rf"({attribute}\s*=\s*[\"']?)(\d+)", flags=re.IGNORECASE)

    def edit(text: str, draw: Draw) -> str:
        spans = list(regex.finditer(text))
        if not spans:
            return text
        span = spans[draw(st.integers(min_value=0, max_value=len(spans) - 1))]
        value = draw(st.sampled_from(["0", "-1", "65535", "99999999", "1", "2", "abc", ""]))
        return text[: span.start(2)] + value + text[span.end(2) :]

    return edit


def html_rows(data: bytes, draw: Draw) -> bytes:
    """Delete, duplicate or shuffle up to six ``<tr>`` rows."""
    return _on_text(_named(_row_edit("tr"), "html_rows"))(data, draw)


def html_cell(data: bytes, draw: Draw) -> bytes:
    """Blank or change the text of one ``<td>``/``<th>`` that holds no markup."""
    edit = _cell_edit(r"<t[dh][^>]*>(?P<text>[^<]*)</t[dh]>")
    return _on_text(_named(edit, "html_cell"))(data, draw)


def html_spans(data: bytes, draw: Draw) -> bytes:
    """Set one ``rowspan``/``colspan`` to 0, negative, huge or garbage."""
    attribute = draw(st.sampled_from(["rowspan", "colspan"]))
    return _on_text(_named(_span_attribute(attribute), "html_spans"))(data, draw)


def html_nesting(data: bytes, draw: Draw) -> bytes:
    """Wrap a random point of the page in hundreds of unclosed or nested elements."""
    text, encoding = _decode(data)
    at = draw(st.integers(min_value=0, max_value=len(text)))
    tag = draw(st.sampled_from(["<div>", "<table><tr><td>", "<span>", "<p>", "<td>", "<tr>"]))
    depth = draw(st.integers(min_value=1, max_value=600))
    return (text[:at] + tag * depth + text[at:]).encode(encoding, errors="replace")


def _named(edit: Callable[[str, Draw], str], name: str) -> Callable[[str, Draw], str]:
    edit.__name__ = name
    return edit


def html_wide_rows(text: str, draw: Draw) -> str:
    """Give one cell a wide colspan and add hundreds to thousands of empty rows after its row."""
    rows = _elements(text, "tr")
    cells = list(re.finditer(r"<t([dh])(?=[\s>])", text, flags=re.IGNORECASE))
    if not rows or not cells:
        return text
    cell = cells[draw(st.integers(min_value=0, max_value=len(cells) - 1))]
    span = draw(st.sampled_from(["1000", "999", "65534"]))
    text = text[: cell.end()] + f' colspan="{span}"' + text[cell.end() :]
    row = _elements(text, "tr")[draw(st.integers(min_value=0, max_value=len(rows) - 1))]
    empty = "<tr></tr>" * draw(st.integers(min_value=100, max_value=5000))
    return text[: row.end()] + empty + text[row.end() :]


_CODECS = ("undefined", "idna", "base64", "rot13", "utf-16", "utf-32", "punycode", "x-user-defined", "bogus")


def html_charset(text: str, draw: Draw) -> str:
    """Declare a charset naming an odd codec (one that raises, is no text codec or does not exist)."""
    codec = draw(st.sampled_from(_CODECS))
    declared, count = re.subn(r"charset\s*=\s*[\"']?[\w.:-]+", f"charset={codec}", text, count=1, flags=re.I)
    return declared if count else f'<meta charset="{codec}">' + text


def html_wide_encoding(data: bytes, draw: Draw) -> bytes:
    """Save the page as UTF-16 or UTF-32, with a byte-order mark."""
    text, _ = _decode(data)
    encoding = draw(st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]))
    return ("\ufeff" + text).encode(encoding, errors="replace")


HTML: tuple[Mutation, ...] = (
    html_rows,
    html_cell,
    html_cell,
    html_spans,
    html_nesting,
    _on_text(_named(html_wide_rows, "html_wide_rows")),
    _on_text(_named(html_charset, "html_charset")),
    html_wide_encoding,
)


# -- DOCX -------------------------------------------------------------------------------------------

_MAIN = "word/document.xml"


def _members(data: bytes) -> list[tuple[str, bytes]] | None:
    """The zip's members, or ``None`` when an earlier mutation broke the zip."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        return [(info.filename, source.read(info)) for info in source.infolist()]
    except (
        zipfile.BadZipFile,
        zlib.error,
        lzma.LZMAError,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ):
        return None


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a duplicate name is a mutation, not a mistake
        for name, content in members:
            target.writestr(name, content)
    return buffer.getvalue()


def _rezip(data: bytes, replace: Callable[[str, bytes], bytes]) -> bytes:
    """Rebuild the zip with each member passed through ``replace(name, content)``."""
    members = _members(data)
    if members is None:
        return data
    return _zip([(name, replace(name, content)) for name, content in members])


def _docx_xml(edit: Mutation, name: str) -> Mutation:
    def mutation(data: bytes, draw: Draw) -> bytes:
        return _rezip(data, lambda member, content: edit(content, draw) if member == _MAIN else content)

    mutation.__name__ = name
    return mutation


docx_rows = _docx_xml(_on_text(_named(_row_edit("w:tr"), "rows")), "docx_rows")
docx_cell = _docx_xml(
    _on_text(_named(_cell_edit(r"<w:t(?:\s[^>]*)?>(?P<text>[^<]*)</w:t>"), "t")), "docx_cell"
)
docx_spans = _docx_xml(_on_text(_named(_span_attribute("w:val"), "val")), "docx_spans")
docx_xml_bytes = _docx_xml(flip_bytes, "docx_xml_bytes")
docx_xml_truncate = _docx_xml(truncate, "docx_xml_truncate")
docx_xml_junk = _docx_xml(insert_junk, "docx_xml_junk")
docx_xml_lines = _docx_xml(delete_range, "docx_xml_delete")


def docx_members(data: bytes, draw: Draw) -> bytes:
    """Drop, empty or garble one member other than the main part (rels, styles, core properties)."""
    members = _members(data)
    others = [name for name, _ in members or () if name != _MAIN]
    if members is None or not others:
        return data
    victim = draw(st.sampled_from(others))
    action = draw(st.sampled_from(["empty", "garble", "drop"]))
    changed: list[tuple[str, bytes]] = []
    for name, content in members:
        if name != victim:
            changed.append((name, content))
        elif action != "drop":
            changed.append((name, b"" if action == "empty" else flip_bytes(content or b"x", draw)))
    return _zip(changed)


def _grid_before(text: str, draw: Draw) -> str:
    """Shift one table row right by a huge w:gridBefore."""
    rows = list(re.finditer(r"<w:tr(?:\s[^>]*)?>", text))
    if not rows:
        return text
    row = rows[draw(st.integers(min_value=0, max_value=len(rows) - 1))]
    value = draw(st.sampled_from(["10000", "10000000", "2147483647", "99999999999999999999", "-5"]))
    return text[: row.end()] + f'<w:trPr><w:gridBefore w:val="{value}"/></w:trPr>' + text[row.end() :]


docx_grid_before = _docx_xml(_on_text(_named(_grid_before, "gridBefore")), "docx_grid_before")

_NUMBERING_PART = (
    '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
    '<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)
_NUMBERED = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'


def docx_numbering(data: bytes, draw: Draw) -> bytes:
    """Number some paragraphs with a list whose start, format and label text come from the file."""
    members = _members(data)
    if members is None:
        return data
    start = draw(st.sampled_from(["1", "-3", "2147483648", "100000000000", "9" * 4000, "x"]))
    fmt = draw(st.sampled_from(["upperLetter", "lowerRoman", "chineseCounting", "decimalZero", "bogus"]))
    label = draw(st.sampled_from(["%1.", "%1%2%3", "第%1章", "%1" * 500]))
    numbering = _NUMBERING_PART.format(start=start, fmt=fmt, text=label).encode()
    every = draw(st.integers(min_value=1, max_value=20))
    changed: list[tuple[str, bytes]] = []
    for name, content in members:
        new = content
        if name == _MAIN:
            pieces = content.decode("utf-8", errors="replace").split("<w:p>")
            new = "".join(
                (("<w:p>" + _NUMBERED) if index % every == 0 else "<w:p>") + piece if index else piece
                for index, piece in enumerate(pieces)
            ).encode()
        elif name == "word/_rels/document.xml.rels" and b"numbering" not in content:
            relationship = (
                b'<Relationship Id="rIdN" Target="numbering.xml" Type="http://schemas.openxmlformats.org'
                b'/officeDocument/2006/relationships/numbering"/>'
            )
            new = content.replace(b"</Relationships>", relationship + b"</Relationships>")
        if name != "word/numbering.xml":
            changed.append((name, new))
    return _zip([*changed, ("word/numbering.xml", numbering)])


def docx_compression(data: bytes, draw: Draw) -> bytes:
    """Re-compress every member with another method (stored, bzip2, LZMA), maybe damaging one."""
    members = _members(data)
    if members is None:
        return data
    method = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as target:
        for name, content in members:
            target.writestr(name, content)
    packed = buffer.getvalue()
    return flip_bytes(packed, draw) if draw(st.booleans()) else packed


def docx_duplicate(data: bytes, draw: Draw) -> bytes:
    """Add a second member of the same name as one already there (the main part or another)."""
    members = _members(data)
    if not members:
        return data
    name, content = members[draw(st.integers(min_value=0, max_value=len(members) - 1))]
    twin = draw(st.sampled_from([name, name.upper(), name.replace("/", "\\")]))
    return _zip([*members, (twin, content[: len(content) // 2])])


DOCX: tuple[Mutation, ...] = (
    docx_grid_before,
    docx_numbering,
    docx_compression,
    docx_duplicate,
    docx_rows,
    docx_cell,
    docx_cell,
    docx_spans,
    docx_xml_bytes,
    docx_xml_truncate,
    docx_xml_junk,
    docx_xml_lines,
    docx_members,
)


# -- PDF --------------------------------------------------------------------------------------------

_STREAM = re.compile(rb"stream\r?\n")
_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_ROOT = re.compile(rb"/Root\s+\d+\s+\d+\s+R")
_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_SIZE = re.compile(rb"/Size\s+(\d+)")


@dataclass(frozen=True)
class _Stream:
    number: int
    generation: int
    head: bytes  # the stream dictionary
    inflated: bytes


@functools.lru_cache(maxsize=8)
def _flate_streams(data: bytes) -> tuple[_Stream, ...]:
    """The FlateDecode streams without predictors that inflate cleanly, with their object numbers."""
    streams: list[_Stream] = []
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        objects = list(_OBJECT.finditer(data, max(0, match.start() - 2000), match.start()))
        if end < 0 or not objects:
            continue
        head = data[objects[-1].end() : match.start()]
        if b"FlateDecode" not in head or b"Predictor" in head or b"endobj" in head:
            continue
        try:
            inflated = zlib.decompress(data[start:end].rstrip(b"\r\n"))
        except zlib.error:
            continue
        number, generation = int(objects[-1].group(1)), int(objects[-1].group(2))
        streams.append(_Stream(number, generation, head, inflated))
    return tuple(streams)


def _append_update(data: bytes, stream: _Stream, content: bytes) -> bytes:
    """Append an incremental update that replaces ``stream``'s data by ``content`` (deflated).

    The file's bytes stay where they are, so every cross-reference offset
    stays valid, and the new object version is what readers see.
    """
    compressed = zlib.compress(content)
    head = re.sub(rb"/Length\s+\d+(?:\s+\d+\s+R)?", b"/Length %d" % len(compressed), stream.head, count=1)
    return _append_object(data, stream, head, compressed)


def _append_object(data: bytes, stream: _Stream, head: bytes, body: bytes) -> bytes:
    """Append an incremental update giving ``stream``'s object the dictionary ``head`` and data ``body``."""
    roots = _ROOT.findall(data)
    starts = _STARTXREF.findall(data)
    if not roots or not starts:
        return data
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offset = len(out)
    out += b"%d %d obj\n%sstream\n%s\nendstream\nendobj\n" % (
        stream.number,
        stream.generation,
        head,
        body,
    )
    xref = len(out)
    out += b"xref\n%d 1\n%010d %05d n \n" % (stream.number, offset, stream.generation)
    out += b"trailer\n<< /Size %d %s /Prev %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        max([stream.number + 1, *(int(size) for size in _SIZE.findall(data))]),
        roots[-1],
        starts[-1],
        xref,
    )
    return bytes(out)


def _pdf_stream_edit(edit: Mutation, name: str) -> Mutation:
    """Inflate one FlateDecode stream (content, font, ToUnicode map), mutate it, append it as an update."""

    def mutation(data: bytes, draw: Draw) -> bytes:
        streams = _flate_streams(data)
        if not streams:
            return edit(data, draw)
        stream = streams[draw(st.integers(min_value=0, max_value=len(streams) - 1))]
        changed = edit(stream.inflated, draw) if stream.inflated else stream.inflated
        return _append_update(data, stream, changed)

    mutation.__name__ = name
    return mutation


@_on_text
def _numbers_in_operators(text: str, draw: Draw) -> str:
    """Change one number in a content stream (a coordinate, a font size, a glyph code)."""
    numbers = list(re.finditer(r"-?\d+(?:\.\d+)?", text))
    if not numbers:
        return text
    match = numbers[draw(st.integers(min_value=0, max_value=len(numbers) - 1))]
    new = draw(st.sampled_from(["0", "-1", "1e308", "99999", "0.0001", "-99999", "3", "nan", "--1"]))
    return text[: match.start()] + new + text[match.end() :]


pdf_stream_lines = _pdf_stream_edit(
    lambda data, draw: draw(st.sampled_from([delete_lines, duplicate_lines, shuffle_lines]))(data, draw),
    "pdf_stream_lines",
)
pdf_stream_numbers = _pdf_stream_edit(_numbers_in_operators, "pdf_stream_numbers")
pdf_stream_bytes = _pdf_stream_edit(flip_bytes, "pdf_stream_bytes")
pdf_stream_truncate = _pdf_stream_edit(truncate, "pdf_stream_truncate")


def pdf_stream_filters(data: bytes, draw: Draw) -> bytes:
    """Store one stream with another filter: ASCII85 or ASCIIHex padded with whitespace, RunLength,
    CCITTFax with a wild width, a PNG predictor of a huge width, or a filter no reader knows."""
    streams = _flate_streams(data)
    if not streams:
        return data
    stream = streams[draw(st.integers(min_value=0, max_value=len(streams) - 1))]
    content = stream.inflated
    padding = b" " * draw(st.integers(min_value=0, max_value=200_000))
    kind = draw(st.sampled_from(["a85", "ahx", "rl", "ccitt", "predictor", "unknown"]))
    if kind == "a85":
        raw, filters = b"<~" + base64.a85encode(content) + padding + b"~>", b"/Filter /ASCII85Decode"
    elif kind == "ahx":
        raw, filters = content.hex().encode() + padding + b">", b"/Filter /ASCIIHexDecode"
    elif kind == "rl":
        raw = b"".join(bytes([len(piece) - 1]) + piece for piece in _chunks(content, 128)) + b"\x80"
        filters = b"/Filter /RunLengthDecode"
    elif kind == "ccitt":
        columns = draw(st.sampled_from([b"0", b"-1", b"1728", b"1000000", b"99999999999"]))
        raw, filters = (
            content or b"\xff",
            b"/Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns %s >>" % columns,
        )
    elif kind == "predictor":
        columns = draw(st.sampled_from([b"1", b"1000000000", b"0", b"-7"]))
        raw = zlib.compress(b"\x00" + content)
        filters = b"/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns %s >>" % columns
    else:
        raw, filters = content, b"/Filter /NoSuchDecode"
    head = re.sub(rb"/Filter\s*(?:/\w+|\[[^\]]*\])", b"", stream.head)
    head = re.sub(rb"/Length\s+\d+(?:\s+\d+\s+R)?", b"/Length %d %s" % (len(raw), filters), head, count=1)
    return _append_object(data, stream, head, raw)


def _chunks(data: bytes, size: int) -> list[bytes]:
    return [data[start : start + size] for start in range(0, len(data), size)]


@_on_text
def _huge_ranges(text: str, draw: Draw) -> str:
    """Add a CMap range or width range of up to 2^32 entries (a ToUnicode map, or junk in content)."""
    end = draw(st.sampled_from(["FFFF", "7FFFFFFF", "FFFFFFFF"]))
    kind = draw(st.sampled_from(["bfrange", "cidrange"]))
    value = "<0041>" if kind == "bfrange" else "0"
    statement = f" 1 begin{kind} <{'0' * len(end)}> <{end}> {value} end{kind} "
    at = text.find("endcmap")
    at = at if at >= 0 else draw(st.integers(min_value=0, max_value=len(text)))
    return text[:at] + statement + text[at:]


pdf_stream_ranges = _pdf_stream_edit(_huge_ranges, "pdf_stream_ranges")


PDF: tuple[Mutation, ...] = (
    pdf_stream_lines,
    pdf_stream_numbers,
    pdf_stream_bytes,
    pdf_stream_truncate,
    pdf_stream_filters,
    pdf_stream_ranges,
)


@dataclass(frozen=True)
class Plan:
    """The mutations of one format, and how many are stacked on one input."""

    format: str
    mutations: tuple[Mutation, ...]
    most_stacked: int = 3


PLANS: dict[str, Plan] = {
    "text": Plan("text", BYTES + TEXT),
    "html": Plan("html", BYTES + TEXT + HTML),
    "docx": Plan("docx", BYTES + DOCX),
    "pdf": Plan("pdf", BYTES + PDF, most_stacked=2),
    "markdown": Plan("markdown", BYTES + TEXT),
}
"""Mutations per format: byte-level ones for every format, plus the format's own."""


def mutate(data: bytes, plan: Plan, draw: Draw) -> tuple[bytes, tuple[str, ...]]:
    """Apply one to ``plan.most_stacked`` mutations of ``plan`` to ``data``; return them by name."""
    names: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=plan.most_stacked))):
        if not data:
            break
        mutation = draw(st.sampled_from(plan.mutations))
        data = mutation(data, draw)
        names.append(mutation.__name__)
    return data, tuple(names)
