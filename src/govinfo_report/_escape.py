r"""Escaping text that comes from inputs before it reaches a terminal or a UTF-8 file.

Report titles, agency names, cell text and file names come from untrusted
files.  Printed as they are, an escape sequence in a title can rewrite the
terminal, and a file name that is not valid UTF-8 (held by Python as lone
surrogates, see :func:`os.fsdecode`) cannot be encoded at all.

* :func:`readable` is for text shown to people: control characters, lone
  surrogates and the invisible bidirectional controls become Python-style
  escapes (``\x1b``, ``\u202e``, ``\udcb2``).
* :func:`json_text` is for JSON written by ``json.dumps(..., ensure_ascii=False)``:
  the same characters become JSON ``\uXXXX`` escapes, so the JSON still
  decodes to exactly the same values.
* :func:`escape_surrogates` is for plain UTF-8 files such as CSV: only the lone
  surrogates of undecodable file-name bytes become ``\udcXX``.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["escape_surrogates", "json_text", "readable"]

# C0 controls but the line feed, DEL, C1 controls (U+009B is a one-character CSI on some terminals),
# the bidirectional controls that reorder what is shown, and lone surrogates.
_INVISIBLE: Final = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNREADABLE: Final = re.compile(f"[\x00-\x09\x0b-\x1f{_INVISIBLE}]")
_UNREADABLE_ONE_LINE: Final = re.compile(f"[\x00-\x1f{_INVISIBLE}]")
# json.dumps already escapes C0 controls; these are what it leaves as they are.
_JSON_UNSAFE: Final = re.compile(f"[{_INVISIBLE}\u2028\u2029]")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def readable(text: str, *, lines: bool = True) -> str:
    """Return ``text`` safe to show on a terminal: control characters escaped.

    Args:
        text: Text from an input (a title, a cell, a file name, an error message).
        lines: Keep line feeds; with ``False`` they are escaped too, for text that
            must stay on one line.
    """
    return (_UNREADABLE if lines else _UNREADABLE_ONE_LINE).sub(_escape, text)


def json_text(text: str) -> str:
    r"""Return JSON text (from ``json.dumps(..., ensure_ascii=False)``) with unsafe characters escaped.

    Every such character is inside a JSON string, where ``\uXXXX`` stands for
    it, so the result decodes to the same values; lone surrogates decode back to
    the same lone surrogates, and :func:`os.fsencode` then gives the original
    bytes of a file name.
    """
    return _JSON_UNSAFE.sub(_json_escape, text)


def escape_surrogates(text: str) -> str:
    r"""Return ``text`` with lone surrogates (undecodable file-name bytes) written as ``\udcXX``."""
    return _SURROGATE.sub(_json_escape, text)
