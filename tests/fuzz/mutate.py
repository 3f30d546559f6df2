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

import functools
import io
import re
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


TEXT: tuple[Mutation, ...] = (
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


HTML: tuple[Mutation, ...] = (html_rows, html_cell, html_cell, html_spans, html_nesting)


# -- DOCX -------------------------------------------------------------------------------------------

_MAIN = "word/document.xml"


def _members(data: bytes) -> list[tuple[str, bytes]] | None:
    """The zip's members, or ``None`` when an earlier mutation broke the zip."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        return [(info.filename, source.read(info)) for info in source.infolist()]
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
        return None


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
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


DOCX: tuple[Mutation, ...] = (
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
    roots = _ROOT.findall(data)
    starts = _STARTXREF.findall(data)
    if not roots or not starts:
        return data
    compressed = zlib.compress(content)
    head = re.sub(rb"/Length\s+\d+(?:\s+\d+\s+R)?", b"/Length %d" % len(compressed), stream.head, count=1)
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offset = len(out)
    out += b"%d %d obj\n%sstream\n%s\nendstream\nendobj\n" % (
        stream.number,
        stream.generation,
        head,
        compressed,
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


PDF: tuple[Mutation, ...] = (pdf_stream_lines, pdf_stream_numbers, pdf_stream_bytes, pdf_stream_truncate)


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
