"""Text normalisation for label matching and number parsing.

Raw text is always kept in the model; the functions here produce the forms
used for *matching* only.  What a dash, a placeholder or a unit suffix in a
value cell means is decided once, in :func:`parse_number`.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import attrs

from govinfo_report.model import CellState

__all__ = ["ParsedNumber", "is_placeholder", "normalize_label", "normalize_text", "parse_number"]

# CJK Radicals Supplement characters that NFKC leaves alone but PDF fonts
# emit for ordinary ideographs.  (Kangxi radicals U+2F00–U+2FD5 are handled by NFKC.)
_RADICALS_SUPPLEMENT = str.maketrans(
    {
        "⺁": "厂",
        "⺇": "几",
        "⺊": "卜",
        "⺌": "小",
        "⺍": "小",
        "⺎": "兀",
        "⺏": "尢",
        "⺓": "幺",
        "⺔": "彐",
        "⺗": "心",
        "⺘": "手",
        "⺙": "攵",
        "⺛": "旡",
        "⺜": "日",
        "⺝": "月",
        "⺟": "母",
        "⺠": "民",
        "⺡": "氵",
        "⺣": "灬",
        "⺤": "爫",
        "⺥": "爫",
        "⺦": "丬",
        "⺧": "牛",
        "⺨": "犭",
        "⺩": "王",
        "⺪": "疋",
        "⺫": "目",
        "⺬": "示",
        "⺭": "礻",
        "⺮": "竹",
        "⺯": "糸",
        "⺰": "纟",
        "⺲": "罒",
        "⺳": "网",
        "⺶": "羊",
        "⺷": "羊",
        "⺸": "羊",
        "⺹": "耂",
        "⺺": "聿",
        "⺼": "月",
        "⺽": "臼",
        "⺾": "艹",
        "⺿": "艹",
        "⻀": "艹",
        "⻁": "虎",
        "⻂": "衤",
        "⻃": "覀",
        "⻄": "西",
        "⻅": "见",
        "⻆": "角",
        "⻇": "角",
        "⻈": "讠",
        "⻉": "贝",
        "⻊": "足",
        "⻋": "车",
        "⻌": "辶",
        "⻍": "辶",
        "⻎": "辶",
        "⻏": "阝",
        "⻐": "钅",
        "⻑": "長",
        "⻒": "镸",
        "⻓": "长",
        "⻔": "门",
        "⻕": "阜",
        "⻖": "阝",
        "⻗": "雨",
        "⻘": "青",
        "⻙": "韦",
        "⻚": "页",
        "⻛": "风",
        "⻜": "飞",
        "⻝": "食",
        "⻟": "食",
        "⻠": "饣",
        "⻢": "马",
        "⻣": "骨",
        "⻤": "鬼",
        "⻥": "鱼",
        "⻦": "鸟",
        "⻧": "卤",
        "⻨": "麦",
        "⻩": "黄",
        "⻪": "黾",
        "⻫": "齐",
        "⻬": "齐",
        "⻭": "齿",
        "⻮": "齿",
        "⻯": "龙",
        "⻰": "龙",
        "⻳": "龟",
    }
)

_PUNCTUATION = str.maketrans(
    {
        "〔": "[",
        "〕": "]",
        "【": "[",
        "】": "]",
        "﹝": "[",
        "﹞": "]",
        '"': "“",
        "”": "“",
        "＂": "“",
        "「": "“",
        "」": "“",
        "‘": "'",
        "’": "'",
        "，": ",",
        "、": ",",
        "／": "/",
        "－": "-",
        "—": "-",
        "–": "-",
        "−": "-",
        "．": ".",
        "·": ".",
    }
)

# A comma between a lone digit and a non-digit: (?<![\d.])(\d),(?=\D), written to start
# with the comma, so that the search skips to commas instead of trying every position.
_ORDINAL_COMMA = re.compile(r",(?<=(?<![\d.])\d,)(?=\D)")

# str.translate looks every character up in the table, which costs more than
# the rest of the normalisation on long paragraphs; these classes of the
# tables' keys let the common text without such characters skip it.
_RADICAL_CHARS = re.compile("[" + re.escape("".join(chr(code) for code in _RADICALS_SUPPLEMENT)) + "]")
# The characters both tables map, for labels: no replacement is itself a key of either
# table, so the two translations can be made in one pass, one character after another.
_SPECIALS = {
    chr(code): target for table in (_RADICALS_SUPPLEMENT, _PUNCTUATION) for code, target in table.items()
}
_SPECIAL_CHARS = re.compile("[" + re.escape("".join(_SPECIALS)) + "]")


def _fold(text: str) -> str:
    """NFKC, then the radical and punctuation tables, then no whitespace: a label's folded form.

    The tables are applied by a replace per distinct character found, rather
    than by str.translate's lookup of every character.
    """
    text = _nfkc(text)
    for char in set(_SPECIAL_CHARS.findall(text)):
        text = text.replace(char, _SPECIALS[char])
    return "".join(text.split())


def _without_whitespace(text: str) -> str:
    # str.split() splits on exactly the characters regex \s matches in str patterns
    # (both test Py_UNICODE_ISSPACE), several times faster than re.sub(r"\s+", "", text).
    return "".join(text.split())


# The full-width forms of ASCII (U+FF01-U+FF5E) and the ideographic space: most of what
# NFKC changes in Chinese text.  NFKC maps each to one ASCII character, which is its full
# compatibility decomposition, so replacing them beforehand leaves NFKC's result unchanged
# (NFKC composes the full decomposition of the text, and that stays the same).  Replaced
# with str.replace, once per distinct form found, rather than by NFKC's slow path, which
# decomposes and recomposes every character of a text that holds a single comma "，".
_WIDE_FORMS = re.compile("[\u3000\uff01-\uff5e]")
_NARROW_FORMS = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, quicker on text with full-width punctuation."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    for form in set(_WIDE_FORMS.findall(text)):
        text = text.replace(form, _NARROW_FORMS[form])
    return unicodedata.normalize("NFKC", text)


def normalize_text(text: str) -> str:
    """Return ``text`` with compatibility forms folded, keeping its spacing.

    NFKC folds full-width digits, letters and brackets and the Kangxi
    radicals; CJK Radicals Supplement characters are mapped to the
    ideographs they stand for.
    """
    folded = _nfkc(text)
    if _RADICAL_CHARS.search(folded) is None:
        return folded
    return folded.translate(_RADICALS_SUPPLEMENT)


@lru_cache(maxsize=16_384)
def normalize_label(text: str) -> str:
    """Return the form of a label used for matching.

    All whitespace is removed, compatibility forms are folded, brackets,
    quotes, slashes and the enumeration comma are unified, so that
    ``"（一） 予以公开"`` and ``"(一)予以公开"`` compare equal.
    """
    folded = _fold(text)
    if "," not in folded:
        return folded
    # "、" and "，" both became ","; the official labels use "、" after ordinals
    # such as "一、", which is folded the same way on both sides.
    # Sub-row ordinals are written "1.", "1、" or "1，": fold them to "1.".
    return _ORDINAL_COMMA.sub(".", folded)


@attrs.frozen
class ParsedNumber:
    """The reading of one value cell.

    Attributes:
        value: The number, or ``None`` when the cell is blank or not a number.
        state: ``VALUE``, ``BLANK`` or ``INVALID``.
        unit: A unit suffix found in the cell (``"元"``, ``"万元"``, ``"件"`` …).
        signed: Whether the text carried an explicit ``+`` or ``-``.
    """

    value: int | Decimal | None
    state: CellState
    unit: str | None = None
    signed: bool = False


_BLANK_MARKS = frozenset({"", "-", "--", "/", "\\"})
_PLACEHOLDER = re.compile(r"^(?:[xX×*＊]+|若干|约.*|.*[%％].*|[xX×]+[%分年件条个项]?)$")
_NUMBER = re.compile(r"^(?P<sign>[+-])?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?$")
_UNIT_SUFFIX = re.compile(r"(?P<unit>万元|元|件|项|条|个|起|次|宗|人次)$")


@lru_cache(maxsize=4096)
def is_placeholder(text: str) -> bool:
    """Whether ``text`` is a template placeholder or a non-number such as ``X``, ``XX``, ``若干``."""
    return bool(_PLACEHOLDER.match(_without_whitespace(normalize_text(text))))


@lru_cache(maxsize=16_384)
def parse_number(text: str, *, allow_decimal: bool = False) -> ParsedNumber:
    """Read a value cell.

    Whitespace is stripped; ``+n``, ``-n``, ``\u2212n`` (minus sign) are signed; a dash alone
    means blank; a unit suffix (元, 万元, 件, 项, 条 …) is removed and recorded;
    thousands separators are accepted.  Anything else, including placeholders
    such as ``X`` and decimals where a count is expected, is ``INVALID``.

    Args:
        text: The raw cell text.
        allow_decimal: Whether a fractional value is acceptable (money cells).
    """
    compact = _fold(text)
    if compact in _BLANK_MARKS or set(compact) <= {"-"}:
        return ParsedNumber(None, CellState.BLANK)
    unit = None
    suffix = _UNIT_SUFFIX.search(compact)
    if suffix and suffix.start() > 0:
        unit = suffix.group("unit")
        compact = compact[: suffix.start()]
    match = _NUMBER.match(compact)
    if match is None:
        return ParsedNumber(None, CellState.INVALID, unit)
    sign = match.group("sign")
    digits = match.group("digits").replace(",", "")
    fraction = match.group("fraction")
    if fraction is not None or allow_decimal:
        if not allow_decimal:
            return ParsedNumber(None, CellState.INVALID, unit, signed=sign is not None)
        try:
            amount = Decimal(digits + (fraction or ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            return ParsedNumber(None, CellState.INVALID, unit)
        return ParsedNumber(
            -amount if sign == "-" else amount, CellState.VALUE, unit, signed=sign is not None
        )
    number = int(digits)
    return ParsedNumber(-number if sign == "-" else number, CellState.VALUE, unit, signed=sign is not None)
