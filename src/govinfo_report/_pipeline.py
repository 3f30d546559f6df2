"""The parse pipeline: bytes → :class:`~govinfo_report.document.Document` → :class:`~govinfo_report.Report`.

A reader (:mod:`govinfo_report.readers`) turns the bytes into the format-neutral
intermediate; the assembly stage (:mod:`govinfo_report.assembly`) matches it to
a template.  Both run under one time bound, ``Limits.timeout``.
"""

from __future__ import annotations

import os
from pathlib import Path

from govinfo_report import _version
from govinfo_report._deadline import deadline
from govinfo_report._files import read_capped
from govinfo_report.assembly import assemble
from govinfo_report.document import Format
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.model import Report
from govinfo_report.readers import PdfBackend, read_document, reader_backends

__all__ = ["parse", "parse_bytes", "parse_path", "read_capped"]


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
    folder: str | os.PathLike[str] | None = None,
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
        folder: Where the input's linked files are: the folder of a saved web
            page, whose pictures of tables (``report_files/t3.png``) are read
            by OCR.  Only files inside it are read, never anything from a
            network.  ``None`` (the default) reads none; :func:`parse_path`
            gives the file's own folder.

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
    with deadline(limits.timeout, source=source, most_extra=limits.most_ocr_extra):
        document = read_document(
            data, format=chosen, source=source, limits=limits, pdf_backend=pdf_backend, folder=folder
        )
        return assemble(
            document,
            data=data,
            library_version=_version.version(),
            backends=_version.backends(
                reader_backends(document.format, backend=document.backend, recognised=document.recognised)
            ),
        )


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

    ``source`` defaults to the file name; the pictures of a saved web page
    are looked up in the file's folder.

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
        folder=Path(path).parent,
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
