"""Whether one report can be compared with another as the same agency's report of the year before.

Agencies write their names differently from one year to the next: in full or
short (卫生健康委员会, 卫健委), with or without the province or city above them
(淮安市洪泽区人民政府, 洪泽区人民政府), as the government or its general office
(人民政府, 人民政府办公室), with spaces, line breaks and brackets.  The comparison
is conservative: two names are *different* only when both are known and no
reading of them can be the same body.  When a name is unknown the answer is
*unknown*, and the reports may be compared (with a note to say so).

A name is read as places followed by an organ: the places are the
administrative divisions it starts with (from the bundled gazetteer, or any
name ending in 区, 县, 镇, 乡, 街道 …), the organ what follows (卫生健康局); a
government (人民政府, 政府, 管委会 and their offices, or a bare place name) is
one organ.  Two names are the same when the most specific places are the same
division and the organs are equal or one abbreviates the other (卫健委 is
卫生健康委 with characters left out, keeping the first and the last).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable

import attrs

from govinfo_report.errors import PreviousReportError
from govinfo_report.model import Report
from govinfo_report.validation._agency import agency_name
from govinfo_report.validation._places import Place, gazetteer

__all__ = ["Agency", "Sameness", "check_previous", "same_agency"]

_SPACE = re.compile(r"\s+")
_BRACKETED = re.compile(r"[(\[【〔{<《]([^)\]】〕}>》]*)[)\]】〕}>》]")
_QUOTES = "\"'\u201c\u201d\u2018\u2019「」『』《》"
_LEADING = ("关于",)
_TRAILING = ("关于", "的")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
# The names of a government and of its general office, longest first: one organ.
_GOVERNMENT_SUFFIXES = (
    "人民政府办公室",
    "人民政府办公厅",
    "管理委员会办公室",
    "管委会办公室",
    "政府办公室",
    "政府办公厅",
    "人民政府办",
    "管理委员会",
    "人民政府",
    "行政公署",
    "政府办",
    "管委会",
    "政府",
)
_GOVERNMENT = "人民政府"
_AREA = re.compile(r"(?:区|县|市|镇|乡|街道|旗|州|盟)$")
# A division missing from the gazetteer (a new county, a development zone): short, with a suffix.
_UNKNOWN_PLACE = re.compile(r"^.{2,6}?(?:省|市|县|区|旗|盟|州)")
# How the name of a body ends (局, 委, 办公室, 中心 …).
_ORGAN = re.compile(r"(?:局|委|会|厅|办|办公室|中心|院|所|处|署|站|队|部|行|社|馆|组)$")
_COMMITTEE = re.compile(r"委员会$")
# The rank a body's name ends with, which a reorganisation may change while the body stays.
_RANK = re.compile(r"(?:委员会|办公室|局|委|办)$")


class Sameness(enum.Enum):
    """Whether two agency names name the same body."""

    SAME = "same"
    DIFFERENT = "different"
    UNKNOWN = "unknown"


@attrs.frozen
class Agency:
    """An agency name read as places and organ.

    Attributes:
        places: The administrative divisions the name starts with, most specific last.
        organ: What follows the places; ``人民政府`` for a government or a bare place.
    """

    places: tuple[str, ...]
    organ: str


def _clean(name: str) -> str:
    name = _SPACE.sub("", unicodedata.normalize("NFKC", name)).strip(_QUOTES)
    match = _YEAR.search(name)
    if match is not None:
        name = name[: match.start()]
    for prefix in _LEADING:
        name = name.removeprefix(prefix)
    changed = True
    while changed:
        changed = False
        for suffix in _TRAILING:
            if name.endswith(suffix) and len(name) > len(suffix):
                name, changed = name[: -len(suffix)], True
    return name


def _variants(names: Iterable[str]) -> list[str]:
    """Each name without its bracketed parts, and each bracketed part on its own."""
    variants: list[str] = []
    for raw in names:
        name = unicodedata.normalize("NFKC", raw)
        for variant in (_BRACKETED.sub("", name), *_BRACKETED.findall(name)):
            cleaned = _clean(variant)
            if cleaned and cleaned not in variants:
                variants.append(cleaned)
    return variants


def _leading_places(name: str) -> list[str]:
    """The divisions ``name`` starts with: from the gazetteer, else one that looks like a place."""
    places: list[str] = []
    end = 0
    for mention in gazetteer().mentions(name):
        if mention.start != end:
            break
        places.append(mention.text)
        end = mention.end
    if not places and (unknown := _UNKNOWN_PLACE.match(name)) is not None:
        places.append(unknown.group())
    return places


def read_agency(name: str) -> Agency | None:
    """Read a cleaned agency name as places and organ; ``None`` when nothing is left."""
    name = name.removesuffix("办事处") if name.endswith("街道办事处") else name
    organ: str | None = None
    for suffix in _GOVERNMENT_SUFFIXES:
        if name.endswith(suffix):
            name, organ = name[: -len(suffix)], _GOVERNMENT
            break
    places = _leading_places(name)
    rest = name[sum(map(len, places)) :]
    if rest and (organ is not None or _AREA.search(rest)):
        places.append(rest)
        organ = _GOVERNMENT
    elif rest:
        organ = _COMMITTEE.sub("委", rest)
    if organ is None:
        organ = _GOVERNMENT if places else ""
    if not places and (organ in {"", _GOVERNMENT} or not _ORGAN.search(organ)):
        return None  # no place, and nothing that reads as the name of a body
    return Agency(tuple(places), organ)


def _abbreviates(short: str, full: str) -> bool:
    """Whether ``short`` is ``full`` with characters left out, keeping the first and the last."""
    if len(short) < 2 or short[0] != full[0] or short[-1] != full[-1]:
        return False
    rest = iter(full)
    return all(char in rest for char in short)


def _same_organ(one: str, other: str) -> bool:
    if one == other:
        return True
    short, full = sorted((one, other), key=len)
    if _abbreviates(short, full):
        return True
    # A body raised or lowered in rank keeps its field: 发展和改革局 and 发展和改革委员会 (or 发改委).
    short, full = sorted((_RANK.sub("", one), _RANK.sub("", other)), key=len)
    return len(short) >= 2 and (short == full or _abbreviates(short, full))


def _candidates(places: tuple[str, ...]) -> set[str]:
    """The codes the most specific place can stand for, narrowed by the places above it."""
    table = gazetteer()
    codes: set[str] | None = None
    parents: tuple[Place, ...] = ()
    for name in places:
        found = next((m.places for m in table.mentions(name) if m.text == name), ())
        if parents:
            inside = tuple(p for p in found if any(parent.contains(p) for parent in parents))
            found = inside or found
        parents = found
        codes = {p.code for p in found}
    return codes or set()


def _core(place: str) -> str:
    return _AREA.sub("", place) or place


def _same_place(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    first, second = _candidates(one), _candidates(other)
    if first and second:
        return bool(first & second)
    return _core(one[-1]) == _core(other[-1])


def _compare(one: Agency, other: Agency) -> Sameness:
    if not _same_organ(one.organ, other.organ):
        return Sameness.DIFFERENT
    if not one.places and not other.places:
        return Sameness.SAME
    if not one.places or not other.places:
        return Sameness.UNKNOWN
    return Sameness.SAME if _same_place(one.places, other.places) else Sameness.DIFFERENT


def same_agency(one: Iterable[str], other: Iterable[str]) -> Sameness:
    """Whether two agencies, each given by the names it goes by, are the same body.

    Args:
        one: The names of the first agency (agency field, title).
        other: The names of the second.

    Returns:
        ``SAME`` when some reading of the names is the same body, ``DIFFERENT``
        when both are known and none is, ``UNKNOWN`` when a name is missing or
        says too little (no place).
    """
    first = [a for a in map(read_agency, _variants(one)) if a is not None]
    second = [a for a in map(read_agency, _variants(other)) if a is not None]
    if not first or not second:
        return Sameness.UNKNOWN
    answers = {_compare(a, b) for a in first for b in second}
    for answer in (Sameness.SAME, Sameness.UNKNOWN):
        if answer in answers:
            return answer
    return Sameness.DIFFERENT


def _names(report: Report) -> list[str]:
    names = [name for name in (report.agency, report.title) if name]
    return names


def check_previous(previous: Report, current: Report) -> Sameness:
    """Check that ``previous`` can stand as ``current``'s report of the year before.

    Returns:
        Whether the agencies are the same: ``SAME``, or ``UNKNOWN`` when a name is
        missing or says too little to tell (the reports are compared all the same).

    Raises:
        PreviousReportError: The years are known and not consecutive, or the
            agencies are known and certainly different.
    """
    reason: str | None = None
    if previous.year is not None and current.year is not None and current.year != previous.year + 1:
        reason = "year"
    sameness = same_agency(_names(previous), _names(current))
    if reason is None and sameness is Sameness.DIFFERENT:
        reason = "agency"
    if reason is not None:
        raise PreviousReportError(
            reason, agency_name(previous), previous.year, agency_name(current), current.year
        )
    return sameness
