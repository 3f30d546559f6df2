"""Escaping text from inputs for terminals, JSON and UTF-8 files."""

from __future__ import annotations

import json
import os

from hypothesis import given
from hypothesis import strategies as st

from govinfo_report._escape import escape_surrogates, json_text, readable

# Every code point, lone surrogates included, weighted towards the troublesome ranges.
_CHARACTERS = st.one_of(
    st.characters(codec=None, min_codepoint=0, max_codepoint=0x20),
    st.characters(codec=None, min_codepoint=0x7F, max_codepoint=0x9F),
    st.characters(codec=None, min_codepoint=0x2000, max_codepoint=0x206F),
    st.characters(codec=None, min_codepoint=0xD800, max_codepoint=0xDFFF),
    st.characters(codec=None),
)
_TEXT = st.text(_CHARACTERS)


@given(_TEXT)
def test_readable_text_holds_no_control_character(text: str) -> None:
    """Escaped text has no control, bidirectional or surrogate character left, and encodes as UTF-8."""
    shown = readable(text)
    shown.encode("utf-8")
    assert all(char == "\n" or (ord(char) >= 0x20 and not 0x7F <= ord(char) <= 0x9F) for char in shown)
    assert not any(char in shown for char in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069")
    assert "\n" not in readable(text, lines=False)


def test_readable_escapes_read_as_python_escapes() -> None:
    """Each escaped character is written as Python writes it in a string literal."""
    assert readable("a\x1b[31mb\tc\r\nd") == "a\\x1b[31mb\\x09c\\x0d\nd"
    assert readable("x\u202ey\x9b") == "x\\u202ey\\x9b"
    assert readable(os.fsdecode(b"\xb2.txt")) == "\\udcb2.txt"
    assert readable("报告\n（一）") == "报告\n（一）"


@given(st.dictionaries(_TEXT, _TEXT, max_size=3))
def test_json_text_decodes_to_the_same_values(value: dict[str, str]) -> None:
    """JSON with its unsafe characters escaped is still exact JSON of the same values, and UTF-8."""
    text = json_text(json.dumps(value, ensure_ascii=False))
    text.encode("utf-8")
    assert json.loads(text) == value
    assert readable(text) == text  # nothing left that a terminal would act on


def test_surrogates_only_are_escaped_for_files() -> None:
    """Lone surrogates become ``\\udcXX``; everything else, control characters included, stays."""
    assert escape_surrogates(os.fsdecode(b"a\xb2\x1b.txt")) == "a\\udcb2\x1b.txt"
