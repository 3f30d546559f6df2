"""Parsing entry points: bytes or paths in, :class:`~govinfo_report.Report` out.

Format parsers load their backends (lxml, pdfminer.six) on first use, so
importing this package is cheap.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from govinfo_report.errors import LimitExceededError, SourceLocation, StructureError
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.model import Format, Report
from govinfo_report.parsers._assemble import assemble
from govinfo_report.parsers._blocks import Document
from govinfo_report.parsers._detect import detect_format

__all__ = ["Format", "detect_format", "parse", "parse_bytes", "parse_document", "parse_path"]

# format → (module, function); imported on first use so that lxml and
# pdfminer are loaded only when a file of that format arrives.
_PARSERS: dict[Format, tuple[str, str]] = {
    Format.TEXT: ("govinfo_report.parsers.text", "parse_text"),
    Format.HTML: ("govinfo_report.parsers.html", "parse_html"),
    Format.DOCX: ("govinfo_report.parsers.docx", "parse_docx"),
    Format.PDF: ("govinfo_report.parsers.pdf", "parse_pdf"),
}


# A byte order mark, then ASCII whitespace, no-break spaces and ideographic spaces (U+3000) in
# UTF-8 or GB18030: a file of nothing else holds no report, whatever its format.  Possessive,
# so that matching a long blank file keeps no backtracking state.
_BLANK = re.compile(rb"(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?(?:\s|\xc2\xa0|\xe3\x80\x80|\xa1\xa1)*+")


# Distributions whose output a format's parser depends on, recorded in the provenance.
_BACKENDS: dict[Format, tuple[str, ...]] = {
    Format.TEXT: (),
    Format.HTML: ("lxml",),
    Format.DOCX: ("lxml",),
    Format.PDF: ("pdfminer.six",),
}


def _parser(format: Format) -> Callable[..., Document]:
    module, function = _PARSERS[format]
    parser: Callable[..., Document] = getattr(import_module(module), function)
    return parser


def parse_document(
    data: bytes,
    /,
    *,
    format: Format | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Document:
    """Parse ``data`` into the format-neutral intermediate, without template assembly.

    Args:
        data: The file contents.
        format: The input format; detected from the bytes when ``None``.
        source: Name of the input, used in locations and provenance.
        limits: Resource bounds.

    Raises:
        UnsupportedFormatError: The input is not a format the library reads.
        ParseError: The input could not be read.
    """
    if len(data) > limits.max_bytes:
        raise LimitExceededError(
            f"input is {len(data)} bytes, more than the {limits.max_bytes} allowed (Limits.max_bytes)",
            location=SourceLocation(source=source),
        )
    if _BLANK.fullmatch(data):
        what = "empty" if not data else "only whitespace"
        raise StructureError(
            f"input is {what}: there is no report to read", location=SourceLocation(source=source)
        )
    chosen = Format(format if format is not None else detect_format(data, name=source, limits=limits))
    if chosen in (Format.TEXT, Format.HTML) and len(data) > limits.max_text_bytes:
        raise LimitExceededError(
            f"{chosen.value} input is {len(data)} bytes, more than the {limits.max_text_bytes} "
            "allowed (Limits.max_text_bytes)",
            location=SourceLocation(source=source),
        )
    return _parser(chosen)(data, source=source, limits=limits)


def parse_bytes(
    data: bytes,
    /,
    *,
    format: Format | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Report:
    """Parse an annual report from its bytes.

    This is the primary entry point: it has no side effects, and everything
    in and out of it pickles, so it runs unchanged in process pools and
    distributed engines.

    Args:
        data: The file contents (text, HTML, DOCX or PDF).
        format: The input format; detected from the bytes when ``None``.
        source: Name of the input, used in locations and provenance.
        limits: Resource bounds.

    Returns:
        The parsed report. Values are as the source states them; use
        :func:`govinfo_report.validate` to check them.

    Raises:
        UnsupportedFormatError: The input is not a format the library reads.
        ParseError: The input could not be read or is not an annual report.

    Example:
        >>> from govinfo_report import parse_bytes
        >>> from govinfo_report.examples import example_bytes
        >>> report = parse_bytes(example_bytes(), source="example.txt")
        >>> report.template.value, report.year
        ('2019', 2020)
    """
    from govinfo_report import _version  # noqa: PLC0415 - avoids a cycle with the package root

    document = parse_document(data, format=format, source=source, limits=limits)
    return assemble(
        document,
        data=data,
        library_version=_version.version(),
        backends=_version.backends(_BACKENDS[document.format]),
    )


def parse_path(path: str | os.PathLike[str], /, **options: object) -> Report:
    """Parse the report stored at ``path``; options as for :func:`parse_bytes`.

    ``source`` defaults to the file name.
    """
    file = Path(path)
    limits = options.get("limits", DEFAULT_LIMITS)
    assert isinstance(limits, Limits)  # noqa: S101 - narrowing for the type checker
    with file.open("rb") as handle:
        # The size first, so that a huge file is refused unread; then a capped read, since
        # a file can grow meanwhile and devices or pipes state no size.
        size = os.fstat(handle.fileno()).st_size
        data = handle.read(limits.max_bytes + 1) if size <= limits.max_bytes else b""
    if size > limits.max_bytes:
        message = f"file is {size} bytes, more than the {limits.max_bytes} allowed (Limits.max_bytes)"
    elif len(data) > limits.max_bytes:
        message = (
            f"file is larger than the {limits.max_bytes} bytes allowed (Limits.max_bytes); "
            "it grew while being read or states no size"
        )
    else:
        message = ""
    if message:
        raise LimitExceededError(message, location=SourceLocation(source=file.name))
    options.setdefault("source", file.name)
    return parse_bytes(data, **options)  # type: ignore[arg-type]


def parse(source: bytes | str | os.PathLike[str], /, **options: object) -> Report:
    """Parse a report from bytes (its content) or a path, as :func:`open` distinguishes them."""
    if isinstance(source, bytes):
        return parse_bytes(source, **options)  # type: ignore[arg-type]
    return parse_path(source, **options)
