"""The parse pipeline: bytes → :class:`~govinfo_report.document.Document` → :class:`~govinfo_report.Report`.

A reader (:mod:`govinfo_report.readers`) turns the bytes into the format-neutral
intermediate; the assembly stage (:mod:`govinfo_report.assembly`) matches it to
a template.  Both run under one time bound, ``Limits.timeout``.
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from govinfo_report import _version
from govinfo_report._deadline import deadline
from govinfo_report._files import read_capped, read_capped_stream
from govinfo_report.assembly import assemble
from govinfo_report.convert import Converter
from govinfo_report.document import Document, Format
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.model import Conversion, Report
from govinfo_report.readers import PdfBackend, detect_legacy, read_document, reader_backends

__all__ = ["checked_converter", "parse", "parse_bytes", "parse_path", "read_capped", "read_capped_stream"]


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


def checked_converter(convert: object) -> Converter | None:
    """The converter a ``convert=`` option asks for, ``None`` for none.

    Raises:
        TypeError: ``convert`` is neither a bool nor a :class:`~govinfo_report.convert.Converter`.
    """
    if isinstance(convert, Converter):
        return convert
    if convert is True:
        return Converter()
    if convert is False:
        return None
    raise TypeError(
        f"convert must be a bool or a govinfo_report.convert.Converter, not {type(convert).__name__}"
    )


def _read_converted(
    data: bytes,
    converter: Converter,
    *,
    source: str | None,
    limits: Limits,
    pdf_backend: PdfBackend | None,
) -> tuple[Document, Conversion | None]:
    """Read ``data``, converted first if it is in a legacy format."""
    legacy = detect_legacy(data, name=source)
    if legacy is None:
        return read_document(data, source=source, limits=limits, pdf_backend=pdf_backend), None
    with converter.converted(data, legacy=legacy, source=source, limits=limits) as converted:
        content = read_capped(converted.path, limits, source=source)
    return read_document(content, format=converted.format, source=source, limits=limits), converted.conversion


def parse_bytes(
    data: bytes | bytearray | memoryview,
    /,
    *,
    format: Format | str | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    pdf_backend: PdfBackend | None = None,
    convert: bool | Converter = False,
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
        convert: Whether to convert a legacy input (``.doc``, ``.wps``, ``.rtf``,
            ``.xls``, ``.et``) with LibreOffice before reading it: ``True`` for the
            default :class:`~govinfo_report.convert.Converter`, or a converter of
            your own (another ``soffice``, another time limit).  The conversion
            is recorded in ``report.provenance.conversion``.  Only inputs whose
            ``format`` is detected are converted.  Without it, a legacy input
            raises :class:`~govinfo_report.errors.UnsupportedFormatError`.
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
        ConversionError: ``convert`` is on and a legacy input could not be
            converted (LibreOffice missing, failing or too slow).
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
    converter = checked_converter(convert)
    with deadline(limits.timeout, source=source, most_extra=limits.most_ocr_extra):
        conversion = None
        if converter is None or chosen is not None:
            document = read_document(
                data, format=chosen, source=source, limits=limits, pdf_backend=pdf_backend, folder=folder
            )
        else:
            document, conversion = _read_converted(
                data, converter, source=source, limits=limits, pdf_backend=pdf_backend
            )
        report = assemble(
            document,
            data=data,
            library_version=_version.version(),
            backends=_version.backends(
                reader_backends(document.format, backend=document.backend, recognised=document.recognised)
            ),
        )
    if conversion is None or report.provenance is None:
        return report
    return attrs.evolve(report, provenance=attrs.evolve(report.provenance, conversion=conversion))


def parse_path(
    path: str | os.PathLike[str],
    /,
    *,
    format: Format | str | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    pdf_backend: PdfBackend | None = None,
    convert: bool | Converter = False,
) -> Report:
    """Parse the report stored at ``path``; options as for :func:`parse_bytes`.

    ``source`` defaults to the file name; the pictures of a saved web page
    are looked up in the file's folder.

    Raises:
        OSError: The file cannot be read.
        ParseError: As for :func:`parse_bytes`; a file larger than
            ``limits.max_bytes`` is refused before it is read.
    """
    checked_converter(convert)
    data = read_capped(path, _checked_limits(limits))
    return parse_bytes(
        data,
        format=format,
        source=Path(path).name if source is None else source,
        limits=limits,
        pdf_backend=pdf_backend,
        convert=convert,
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
    convert: bool | Converter = False,
) -> Report:
    """Parse a report from bytes (its content) or a path, as :func:`open` distinguishes them.

    Options as for :func:`parse_bytes`.
    """
    if isinstance(data_or_path, (bytes, bytearray, memoryview)):
        return parse_bytes(
            data_or_path,
            format=format,
            source=source,
            limits=limits,
            pdf_backend=pdf_backend,
            convert=convert,
        )
    return parse_path(
        data_or_path, format=format, source=source, limits=limits, pdf_backend=pdf_backend, convert=convert
    )
