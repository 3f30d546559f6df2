"""Finding the input files of a batch run in the paths it is given."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final

__all__ = ["DEFAULT_SUFFIXES", "iter_sources"]

DEFAULT_SUFFIXES: Final = (".txt", ".htm", ".html", ".shtml", ".xhtml", ".docx", ".pdf")
"""File name suffixes :func:`iter_sources` picks from folders (compared without case)."""


def iter_sources(
    paths: Iterable[str | os.PathLike[str]],
    /,
    *,
    suffixes: Sequence[str] | None = DEFAULT_SUFFIXES,
) -> Iterator[Path]:
    """Yield the input files named by ``paths``, walking folders.

    A file named directly is always yielded.  A folder is walked recursively
    in sorted order, skipping hidden files and folders (names starting with
    ``.``) and files whose suffix is not in ``suffixes``.

    Args:
        paths: Files and folders.
        suffixes: Suffixes of the files to pick from folders, or ``None`` for
            every file.

    Raises:
        FileNotFoundError: A path does not exist.
    """
    wanted = None if suffixes is None else frozenset(suffix.lower() for suffix in suffixes)
    for item in paths:
        path = Path(item)
        if path.is_dir():
            yield from _walk(path, wanted)
        elif path.exists():
            yield path
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")


def _walk(folder: Path, suffixes: frozenset[str] | None) -> Iterator[Path]:
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, suffixes)
        elif entry.is_file() and (suffixes is None or entry.suffix.lower() in suffixes):
            yield entry
