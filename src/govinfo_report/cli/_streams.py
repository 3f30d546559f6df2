r"""Standard output and error of the command line: any console encoding, a closed pipe.

* JSON goes out as UTF-8 bytes whatever the console's encoding
  (:func:`write_json`), so ``govinfo-report parse --to json`` gives the same
  bytes on a console that cannot hold Chinese, or with ``PYTHONIOENCODING=ascii``.
* Text for people degrades instead of failing: a character the console's
  encoding cannot hold is written as a Python escape (``\u5e74``)
  (:func:`tolerate_narrow_encodings`).
* A reader that stops reading (``| head``) ends the command quietly
  (:func:`silence_closed_stdout`), as the Python documentation's recipe for
  ``SIGPIPE`` does.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import TextIO

__all__ = ["EXIT_CLOSED_PIPE", "silence_closed_stdout", "tolerate_narrow_encodings", "write_json"]

EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE, the status shells report for a writer whose reader went away


def tolerate_narrow_encodings() -> None:
    """Have standard output and error escape the characters their encoding cannot hold, not raise."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                stream.reconfigure(errors="backslashreplace")


def write_json(text: str, out: TextIO) -> None:
    """Write JSON ``text`` to ``out`` as UTF-8 bytes, whatever the encoding of ``out``.

    ``text`` holds no lone surrogates (:func:`~govinfo_report._escape.json_text`
    escapes them).  A stream without a binary buffer (an :class:`io.StringIO`)
    takes the text as it is.
    """
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(text)
        return
    out.flush()  # what was written as text comes first
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def silence_closed_stdout() -> None:
    """After a :class:`BrokenPipeError` on standard output, point it at the null device.

    The interpreter flushes standard output on the way out; with the pipe
    closed that flush would fail again and print an error, so the rest of the
    output goes nowhere instead.
    """
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):
        return  # not a real file (captured output): nothing is flushed at exit
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)
