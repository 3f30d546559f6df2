"""Finding the input files of a batch run in the paths it is given, and those it leaves out."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final

from govinfo_report.errors import GovInfoReportError
from govinfo_report.limits import DEFAULT_LIMITS

__all__ = ["DEFAULT_SUFFIXES", "iter_skipped", "iter_sources"]

DEFAULT_SUFFIXES: Final = (".txt", ".htm", ".html", ".shtml", ".xhtml", ".docx", ".pdf")
"""File name suffixes :func:`iter_sources` picks from folders (compared without case)."""

_HEAD_BYTES = 4096  # enough to recognise every format refused by its leading bytes
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def _wanted(suffixes: Sequence[str] | None) -> frozenset[str] | None:
    return None if suffixes is None else frozenset(suffix.lower() for suffix in suffixes)


def iter_sources(
    paths: Iterable[str | os.PathLike[str]],
    /,
    *,
    suffixes: Sequence[str] | None = DEFAULT_SUFFIXES,
) -> Iterator[Path]:
    """Yield the input files named by ``paths``, walking folders.

    A file named directly is always yielded.  A folder is walked recursively
    in sorted order, skipping hidden files and folders (names starting with
    ``.``) and files whose suffix is not in ``suffixes``
    (:func:`iter_skipped` yields those, with the reason).

    Args:
        paths: Files and folders.
        suffixes: Suffixes of the files to pick from folders, or ``None`` for
            every file.

    Raises:
        FileNotFoundError: A path does not exist.
    """
    wanted = _wanted(suffixes)
    for item in paths:
        path = Path(item)
        if path.is_dir():
            yield from _walk(path, lambda entry: wanted is None or entry.suffix.lower() in wanted)
        elif path.exists():
            yield path
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")


def iter_skipped(
    paths: Iterable[str | os.PathLike[str]],
    /,
    *,
    suffixes: Sequence[str] | None = DEFAULT_SUFFIXES,
) -> Iterator[tuple[Path, str]]:
    """Yield the files in the folders of ``paths`` that :func:`iter_sources` leaves out, with why.

    The reason says what the file is, as the library's format detection
    tells from its first bytes, and how to convert it where that helps (e.g.
    a legacy ``.doc``: convert it to DOCX; an image: it needs OCR).  Hidden
    files and folders are not reported.

    Args:
        paths: Files and folders, as given to :func:`iter_sources`.
        suffixes: The suffixes given to :func:`iter_sources`.

    .. versionadded:: 0.2
    """
    wanted = _wanted(suffixes)
    if wanted is None:
        return
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for entry in _walk(path, lambda entry: entry.suffix.lower() not in wanted):
                yield entry, _skip_reason(entry, wanted)


def _skip_reason(path: Path, suffixes: frozenset[str]) -> str:
    # Loaded here: the records of this package are imported by the serializers, which need no reader.
    from govinfo_report._pipeline import read_capped  # noqa: PLC0415
    from govinfo_report.readers import detect_format  # noqa: PLC0415

    looked_for = ", ".join(sorted(suffixes))
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
        data = read_capped(path, DEFAULT_LIMITS) if head.startswith(_ZIP) else head
        found = detect_format(data, name=path.name)
    except (GovInfoReportError, OSError) as exc:
        return str(exc)
    return (
        f"{path.name}: the name does not end in one of {looked_for}, though the file looks like"
        f" {found.value}; rename it, or name it on the command line, to parse it"
    )


def _walk(folder: Path, keep: Callable[[Path], bool]) -> Iterator[Path]:
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, keep)
        elif entry.is_file() and keep(entry):
            yield entry
