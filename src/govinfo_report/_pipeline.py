"""The parse pipeline: bytes → :class:`~govinfo_report.document.Document` → :class:`~govinfo_report.Report`.

A reader (:mod:`govinfo_report.readers`) turns the bytes into the format-neutral
intermediate; the assembly stage (:mod:`govinfo_report.assembly`) matches it to
a template.  Both run under one time bound, ``Limits.timeout``.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from govinfo_report import _version
from govinfo_report._deadline import deadline
from govinfo_report.assembly import assemble
from govinfo_report.document import Format
from govinfo_report.errors import LimitExceededError, SourceLocation
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.model import Report
from govinfo_report.readers import PdfBackend, read_document, reader_backends

__all__ = ["parse", "parse_bytes", "parse_path", "read_capped", "read_capped_stream"]


def _checked_limits(limits: object) -> Limits:
    if not isinstance(limits, Limits):
        raise TypeError(f"limits must be a govinfo_report.limits.Limits, not {type(limits).__name__}")
    return limits


def _checked_format(format: object) -> Format | None:
    if format is None or isinstance(format, Format):
        return format
    if isinstance(format, str):
        try:
            return Format(format)
        except ValueError:
            pass
    choices = ", ".join(repr(member.value) for member in Format)
    raise TypeError(f"format must be a Format, one of {choices}, or None; not {format!r}")


def parse_bytes(
    data: bytes | bytearray | memoryview,
    /,
    *,
    format: Format | str | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    pdf_backend: PdfBackend | None = None,
) -> Report:
    """Parse an annual report from its bytes.

    This is the primary entry point: it has no side effects, and everything
    in and out of it pickles, so it runs unchanged in process pools and
    distributed engines.  ``limits.timeout`` bounds the whole parse where the
    platform allows a timer signal (POSIX, main thread); the PDF reader also
    checks it as it goes, in any thread.

    Args:
        data: The file contents (text, HTML, DOCX or PDF), as any bytes-like object.
        format: The input format (a :class:`Format` or its value); detected from the bytes when ``None``.
        source: Name of the input, used in locations and provenance.
        limits: Resource bounds.
        pdf_backend: The engine that reads a PDF: ``"pdfium"`` (PDFium, through
            pypdfium2), ``"pdfminer"`` (pdfminer.six, the reference), or ``None``
            for the default: PDFium where pypdfium2 can be imported, else
            pdfminer.six.  Both give the same cells; the one used is recorded in
            ``report.provenance.backends``.  Ignored for other formats.

    Returns:
        The parsed report. Values are as the source states them; use
        :func:`~govinfo_report.validation.validate` to check them.

    Raises:
        TypeError: An argument has the wrong type (e.g. ``limits=None``).
        ValueError: ``pdf_backend`` names no backend.
        ImportError: ``pdf_backend="pdfium"`` and pypdfium2 cannot be imported.
        UnsupportedFormatError: The input is not a format the library reads.
        ParseError: The input could not be read or is not an annual report.

    Example:
        >>> from govinfo_report import parse_bytes
        >>> from govinfo_report.examples import example_bytes
        >>> report = parse_bytes(example_bytes(), source="example.txt")
        >>> report.template.value, report.year
        ('2019', 2020)
    """
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    elif not isinstance(data, bytes):
        raise TypeError(f"data must be bytes-like, not {type(data).__name__}")
    chosen = _checked_format(format)
    limits = _checked_limits(limits)
    if source is not None and not isinstance(source, str):
        raise TypeError(f"source must be a str or None, not {type(source).__name__}")
    with deadline(limits.timeout, source=source):
        document = read_document(data, format=chosen, source=source, limits=limits, pdf_backend=pdf_backend)
        return assemble(
            document,
            data=data,
            library_version=_version.version(),
            backends=_version.backends(
                reader_backends(document.format, backend=document.backend, recognised=document.recognised)
            ),
        )


def read_capped(
    path: str | os.PathLike[str],
    limits: Limits,
    *,
    source: str | None = None,
    regular_only: bool = False,
) -> bytes:
    """Return the bytes of the file at ``path``, refusing more than ``limits.max_bytes``.

    The size is looked at first, so that a huge file is refused unread; then
    the read is capped, since a file can grow meanwhile and devices or pipes
    state no size.  ``source`` names the input in errors (the file name by default).
    With ``regular_only`` anything but a regular file (a FIFO, a device) is
    refused without being read, and opening a FIFO does not wait for a writer.

    Raises:
        LimitExceededError: The file is larger than ``limits.max_bytes``.
        OSError: The file cannot be read, or with ``regular_only`` is not a
            regular file.
    """
    file = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | (getattr(os, "O_NONBLOCK", 0) if regular_only else 0)
    with open(os.open(file, flags), "rb") as handle:
        status = os.fstat(handle.fileno())
        if regular_only and not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", os.fspath(file))
        size = status.st_size
        data = handle.read(limits.max_bytes + 1) if size <= limits.max_bytes else b""
    if size > limits.max_bytes:
        message = f"file is {size} bytes, more than the {limits.max_bytes} allowed (Limits.max_bytes)"
    elif len(data) > limits.max_bytes:
        message = (
            f"file is larger than the {limits.max_bytes} bytes allowed (Limits.max_bytes); "
            "it grew while being read or states no size"
        )
    else:
        return data
    raise LimitExceededError(message, location=SourceLocation(source=file.name if source is None else source))


def read_capped_stream(stream: BinaryIO, limits: Limits, *, source: str) -> bytes:
    """Return the bytes of ``stream`` up to its end, refusing more than ``limits.max_bytes``.

    For inputs that state no size, such as standard input: at most one byte
    more than allowed is read.  ``source`` names the input in errors.

    Raises:
        LimitExceededError: The stream holds more than ``limits.max_bytes``.
        OSError: The stream cannot be read.
    """
    data = stream.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise LimitExceededError(
            f"input is larger than the {limits.max_bytes} bytes allowed (Limits.max_bytes)",
            location=SourceLocation(source=source),
        )
    return data


def parse_path(
    path: str | os.PathLike[str],
    /,
    *,
    format: Format | str | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    pdf_backend: PdfBackend | None = None,
) -> Report:
    """Parse the report stored at ``path``; options as for :func:`parse_bytes`.

    ``source`` defaults to the file name.

    Raises:
        OSError: The file cannot be read.
        ParseError: As for :func:`parse_bytes`; a file larger than
            ``limits.max_bytes`` is refused before it is read.
    """
    data = read_capped(path, _checked_limits(limits))
    return parse_bytes(
        data,
        format=format,
        source=Path(path).name if source is None else source,
        limits=limits,
        pdf_backend=pdf_backend,
    )


def parse(
    data_or_path: bytes | bytearray | memoryview | str | os.PathLike[str],
    /,
    *,
    format: Format | str | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    pdf_backend: PdfBackend | None = None,
) -> Report:
    """Parse a report from bytes (its content) or a path, as :func:`open` distinguishes them.

    Options as for :func:`parse_bytes`.
    """
    if isinstance(data_or_path, (bytes, bytearray, memoryview)):
        return parse_bytes(data_or_path, format=format, source=source, limits=limits, pdf_backend=pdf_backend)
    return parse_path(data_or_path, format=format, source=source, limits=limits, pdf_backend=pdf_backend)
