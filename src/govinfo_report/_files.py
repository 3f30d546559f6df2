"""Reading files from disk, bounded: the input itself and the files a saved web page links to."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from govinfo_report.errors import LimitExceededError, SourceLocation
from govinfo_report.limits import Limits

__all__ = ["read_capped", "read_capped_stream"]


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
