"""Finding the input files of a batch run in the paths it is given.

Only regular files are inputs.  Everything else a folder can hold (FIFOs,
devices, sockets, links that lead nowhere or in a circle, the same file or
folder reached twice) is left out with a reason, so that a run neither blocks
on a pipe, reads a device for ever, walks a loop of links, nor loses track
of what it did not parse.
"""

from __future__ import annotations

import errno
import glob
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final

from govinfo_report._escape import readable
from govinfo_report.batch.outcome import NOT_A_REPORT_SUFFIX, Skipped
from govinfo_report.readers._detect import LEGACY_SUFFIXES

__all__ = ["DEFAULT_SUFFIXES", "input_suffixes", "iter_sources"]

_LOG = logging.getLogger("govinfo_report.batch")

DEFAULT_SUFFIXES: Final = (".txt", ".htm", ".html", ".shtml", ".xhtml", ".docx", ".pdf")
"""File name suffixes :func:`iter_sources` picks from folders (compared without case)."""


def input_suffixes(*, legacy: bool) -> tuple[str, ...]:
    """The suffixes to pick from folders when legacy inputs are converted (``legacy``) or not.

    ``DEFAULT_SUFFIXES``, and with ``legacy`` those of the legacy formats
    (``.doc``, ``.rtf``, ``.xls`` ...) that conversion reads.
    """
    return (*DEFAULT_SUFFIXES, *LEGACY_SUFFIXES) if legacy else DEFAULT_SUFFIXES


_GLOB_MAGIC: Final = re.compile(r"[*?[]")


def iter_sources(
    paths: Iterable[str | os.PathLike[str]],
    /,
    *,
    suffixes: Sequence[str] | None = DEFAULT_SUFFIXES,
    on_skip: Callable[[Skipped], None] | None = None,
) -> Iterator[Path]:
    """Yield the input files named by ``paths``, walking folders and expanding glob patterns.

    A regular file named directly (or matched by a pattern) is always yielded.
    A folder is walked recursively in sorted order, picking regular files
    whose suffix is in ``suffixes``.  A path that does not exist but holds
    ``*``, ``?`` or ``[`` is a :mod:`glob` pattern (``**`` matches folders at
    any depth), its matches taken in sorted order.

    Everything else is left out and passed to ``on_skip`` as a
    :class:`~govinfo_report.batch.Skipped` record with the reason: files and
    folders that are not regular files (FIFOs, devices, sockets), hidden names
    in folders (starting with ``.``), files with another suffix, broken or
    looping symbolic links, a folder or file reached a second time (through a
    link, or named twice), and entries that cannot be looked at.  Nothing is
    opened or read here.

    Args:
        paths: Files, folders and glob patterns.
        suffixes: Suffixes of the files to pick from folders, or ``None`` for
            every file.
        on_skip: Called with each path left out; ``None`` logs them on the
            ``govinfo_report.batch`` logger (other suffixes and hidden names at
            ``INFO``, the rest as warnings).

    Raises:
        FileNotFoundError: A path does not exist and is not a pattern with matches.
    """
    finder = _Finder(suffixes, on_skip)
    for item in paths:
        yield from finder.expand(item)


class _Finder:
    """Expands paths into regular files, remembering every folder and file met."""

    def __init__(
        self,
        suffixes: Sequence[str] | None,
        on_skip: Callable[[Skipped], None] | None,
        *,
        once: bool = True,
    ) -> None:
        """Find files with ``suffixes`` in folders, each under its first name only.

        Without ``once``, a file named directly is taken every time it is named.
        """
        self._once = once
        self._suffixes = None if suffixes is None else frozenset(suffix.lower() for suffix in suffixes)
        self._on_skip = on_skip
        self._folders: dict[_Identity, str] = {}
        self._files: dict[_Identity, str] = {}

    def expand(self, item: str | os.PathLike[str], *, missing_ok: bool = False) -> Iterator[Path]:
        """Yield the regular files ``item`` names; with ``missing_ok`` a missing path is yielded as is."""
        path = Path(item)
        info = self._stat(path, top=True)
        if info is not None:
            yield from self._take(path, info, top=True)
            return
        if os.path.lexists(path):
            return  # a broken or looping link: skipped by _stat
        if _GLOB_MAGIC.search(os.fspath(path)):
            matches = sorted(glob.glob(os.fspath(path), recursive=True))
            for match in matches:
                found = Path(match)
                if (info := self._stat(found, top=True)) is not None:
                    yield from self._take(found, info, top=True)
            if matches:
                return
        if missing_ok:
            yield path
            return
        raise FileNotFoundError(f"no such file or folder: {path}")

    def _skip(self, path: Path, reason: str, *, quiet: bool = False) -> None:
        if self._on_skip is not None:
            self._on_skip(Skipped(path=os.fspath(path), reason=reason))
        else:
            level = logging.INFO if quiet else logging.WARNING
            _LOG.log(
                level, "skipped %s: %s", readable(os.fspath(path), lines=False), readable(reason, lines=False)
            )

    def _stat(self, path: Path, *, top: bool = False) -> os.stat_result | None:
        """Return the status of what ``path`` leads to, or ``None`` (skipped, or missing at the top)."""
        try:
            return path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self._skip(path, "a symbolic link loop")
            elif isinstance(exc, FileNotFoundError) and os.path.lexists(path):
                self._skip(path, "a broken symbolic link")
            elif not (top and isinstance(exc, FileNotFoundError)):
                self._skip(path, f"cannot be looked at: {exc.strerror or exc}")
            return None

    def _take(self, path: Path, info: os.stat_result, *, top: bool = False) -> Iterator[Path]:
        if stat.S_ISDIR(info.st_mode):
            yield from self._walk(path, info)
        elif not stat.S_ISREG(info.st_mode):
            self._skip(path, f"not a regular file: {_kind(info.st_mode)}")
        elif not top and self._suffixes is not None and path.suffix.lower() not in self._suffixes:
            self._skip(path, NOT_A_REPORT_SUFFIX, quiet=True)
        elif (first := self._files.get(_identity(path, info))) is not None and (self._once or not top):
            self._skip(path, "named twice" if first == os.fspath(path) else f"the same file as {first}")
        else:
            self._files.setdefault(_identity(path, info), os.fspath(path))
            yield path

    def _walk(self, folder: Path, info: os.stat_result) -> Iterator[Path]:
        """Walk ``folder`` depth first in sorted order, without recursion, entering no folder twice."""
        key = _identity(folder, info)
        if key in self._folders:
            self._skip(folder, f"the same folder as {self._folders[key]}")
            return
        self._folders[key] = os.fspath(folder)
        open_folders = [(key, self._entries(folder))]
        while open_folders:
            entry = next(open_folders[-1][1], None)
            if entry is None:
                open_folders.pop()
                continue
            if entry.name.startswith("."):
                self._skip(entry, "a hidden name", quiet=True)
                continue
            if (status := self._stat(entry)) is None:
                continue
            if not stat.S_ISDIR(status.st_mode):
                yield from self._take(entry, status)
                continue
            inner = _identity(entry, status)
            if inner in self._folders:
                loop = any(inner == outer for outer, _ in open_folders)
                self._skip(
                    entry,
                    f"a symbolic link loop back to {self._folders[inner]}"
                    if loop
                    else f"the same folder as {self._folders[inner]}",
                )
                continue
            self._folders[inner] = os.fspath(entry)
            open_folders.append((inner, self._entries(entry)))

    def _entries(self, folder: Path) -> Iterator[Path]:
        try:
            entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
        except OSError as exc:
            self._skip(folder, f"cannot be listed: {exc.strerror or exc}")
            return iter(())
        return iter(entries)


_Identity = tuple[int, int] | str


def _identity(path: Path, info: os.stat_result) -> _Identity:
    """What tells files and folders apart: device and inode, or the real path where there are no inodes."""
    return (info.st_dev, info.st_ino) if info.st_ino else os.path.realpath(path)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "neither a file nor a folder"
