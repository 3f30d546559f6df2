"""The files a web page links to (the pictures of a saved page), found safely.

A page saved by a browser ("Save page, complete") shows its pictures from
files beside it: ``report.html`` and ``report_files/t3.png``.  When a report's
tables are such pictures, the reader asks :class:`LinkedFiles` for them.
Only what a saved page can hold is read:

* a relative path (URL-decoded, a backslash read as ``/`` as browsers do),
  which after resolving symbolic links must name a regular file inside the
  page's folder: no scheme (``http:``, ``file:``), no ``//host``, no
  absolute path, no ``..`` out of the folder;
* a ``data:`` URI holding a base64 image, which needs no folder.

Nothing is ever fetched from a network.  Each file is read with the same
bounded read as the input itself (``Limits.max_bytes``); the files of one
page together are bounded by ``Limits.max_bytes`` too, and how many
pictures are looked up by ``Limits.max_linked_files``.  A picture that is
not read raises :class:`LinkRefused`, whose message says why.
"""

from __future__ import annotations

import binascii
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from govinfo_report._files import read_capped
from govinfo_report.errors import LimitExceededError
from govinfo_report.limits import Limits

__all__ = ["LinkRefused", "LinkedFiles"]

_DATA = re.compile(r"data:(?P<type>[^,;]*)(?P<params>(?:;[^,;]*)*),(?P<data>.*)", re.IGNORECASE | re.DOTALL)
_BASE64_WHITESPACE = re.compile(r"[\t\n\f\r ]+")


class LinkRefused(Exception):  # noqa: N818 - a refusal, not an error: the reader records it and goes on
    """A linked file that is not read; the message says why."""


class LinkedFiles:
    """The files a page links to, looked up in its folder.

    Args:
        folder: The page's folder, or ``None`` for a page given as bytes:
            then only ``data:`` URIs are read.
        limits: The bounds: ``max_bytes`` (each file, and all together) and
            ``max_linked_files``.
    """

    def __init__(self, folder: str | os.PathLike[str] | None, limits: Limits) -> None:
        self.folder = None if folder is None else Path(folder)
        self.limits = limits
        self._looked_up = 0
        self._read_bytes = 0

    @property
    def exhausted(self) -> bool:
        """Whether a bound has been reached: no further file will be read (the refusal said so once)."""
        return self._looked_up > self.limits.max_linked_files or self._read_bytes > self.limits.max_bytes

    def read(self, reference: str) -> bytes:
        """The bytes of the file (or ``data:`` URI) ``reference`` names.

        Raises:
            LinkRefused: The reference is not one to read (its message says why).
        """
        reference = reference.strip(" \t\n\f\r")
        if not reference:
            raise LinkRefused("no file named")
        self._looked_up += 1
        if self._looked_up > self.limits.max_linked_files:
            raise LinkRefused(
                f"the page shows more than {self.limits.max_linked_files} pictures "
                "(Limits.max_linked_files); this one and those after it are not looked at"
            )
        data = self._data_uri(reference) if reference[:5].lower() == "data:" else self._file(reference)
        self._read_bytes += len(data)
        if self._read_bytes > self.limits.max_bytes:
            raise LinkRefused(
                f"the page's pictures are more than {self.limits.max_bytes} bytes together "
                "(Limits.max_bytes); this one and those after it are not read"
            )
        return data

    def _data_uri(self, reference: str) -> bytes:
        match = _DATA.fullmatch(reference)
        if match is None:
            raise LinkRefused("not a valid data: URI")
        if not match["type"].strip().lower().startswith("image/"):
            raise LinkRefused("a data: URI that is not an image")
        if "base64" not in (param.strip().lower() for param in match["params"].split(";")):
            raise LinkRefused("a data: URI that is not base64")
        payload = _BASE64_WHITESPACE.sub("", unquote(match["data"]))
        if len(payload) // 4 * 3 > self.limits.max_bytes:
            raise LinkRefused(f"a data: URI of more than {self.limits.max_bytes} bytes (Limits.max_bytes)")
        try:
            return binascii.a2b_base64(payload, strict_mode=True)
        except binascii.Error as exc:
            raise LinkRefused(f"a data: URI that is not valid base64 ({exc})") from None

    def _file(self, reference: str) -> bytes:
        # Browsers read a backslash in a URL path as a slash.
        parts = urlsplit(reference.replace("\\", "/"))
        if parts.scheme:
            raise LinkRefused(f"a URL ({parts.scheme}:), not a file beside the page (nothing is fetched)")
        if parts.netloc or reference.replace("\\", "/").startswith("//"):
            raise LinkRefused("a network path, not a file beside the page (nothing is fetched)")
        if self.folder is None:
            raise LinkRefused("the page was given as bytes, without its folder")
        path = unquote(parts.path)
        if not path or "\x00" in path:
            raise LinkRefused("no file named")
        if path.startswith("/"):
            raise LinkRefused("an absolute path, not a file beside the page")
        if posixpath.normpath(path).split("/", 1)[0] == "..":
            raise LinkRefused("outside the page's folder")
        try:
            folder = self.folder.resolve(strict=True)
            target = (folder / path).resolve(strict=True)
        except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop (before Python 3.13)
            raise LinkRefused("no such file beside the page") from None
        if not target.is_relative_to(folder):
            raise LinkRefused("outside the page's folder")
        try:
            return read_capped(target, self.limits, source=path, regular_only=True)
        except LimitExceededError as exc:
            raise LinkRefused(exc.message) from None
        except OSError as exc:
            raise LinkRefused(f"cannot be read ({exc.strerror or exc})") from None
