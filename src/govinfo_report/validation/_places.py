"""A gazetteer of China's provinces, prefectures and counties, and finding their names in text.

The data (``places.tsv``, GB/T 2260 codes and names) is read the first time a
rule needs it.  A place is known by its *core* name, the name without its
administrative suffix (临安 for 临安区, 恩施 for 恩施土家族苗族自治州), because
reports write it with the suffix of the day (临安市 became 临安区) or a short
form (恩施州).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from functools import cache
from importlib.resources import files

import attrs

__all__ = ["Gazetteer", "Level", "Mention", "Place", "gazetteer"]

# The peoples named in autonomous areas (自治州, 自治县, 自治旗), longest first.
_PEOPLES = sorted(
    [
        "蒙古",
        "回",
        "藏",
        "维吾尔",
        "苗",
        "彝",
        "壮",
        "布依",
        "朝鲜",
        "满",
        "侗",
        "瑶",
        "白",
        "土家",
        "哈尼",
        "哈萨克",
        "傣",
        "黎",
        "傈僳",
        "佤",
        "畲",
        "拉祜",
        "水",
        "东乡",
        "纳西",
        "景颇",
        "柯尔克孜",
        "土",
        "达斡尔",
        "仫佬",
        "羌",
        "布朗",
        "撒拉",
        "毛南",
        "仡佬",
        "锡伯",
        "阿昌",
        "普米",
        "塔吉克",
        "怒",
        "乌孜别克",
        "俄罗斯",
        "鄂温克",
        "德昂",
        "保安",
        "裕固",
        "京",
        "塔塔尔",
        "独龙",
        "鄂伦春",
        "赫哲",
        "门巴",
        "珞巴",
        "基诺",
    ],
    key=len,
    reverse=True,
)
_AUTONOMOUS = re.compile(rf"^(.{{2,}}?)(?:(?:{'|'.join(_PEOPLES)})族?)*自治(?:区|州|县|旗)$")
_SUFFIX = re.compile(r"(?:特别行政区|林区|特区|地区|新区|省|市|县|区|州|旗|盟)$")
# Names made only of these characters are words as much as places (城区, 新城区, 江北区,
# 河东区, 市中区): a mention of them proves nothing.
_GENERIC = frozenset("城市郊矿新老东西南北中河江关区")
# The suffixes a place's name can carry in running text, by level.
_SUFFIXES = {
    "province": ("省", "市"),
    "prefecture": ("市", "州", "盟", "地区"),
    "county": ("县", "区", "市", "旗"),
}
_MAX_SURFACE = 16


class Level(enum.StrEnum):
    """The administrative level of a place."""

    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"


@attrs.frozen(kw_only=True)
class Place:
    """One administrative division.

    Attributes:
        code: Its six-digit GB/T 2260 code.
        name: Its full name (``临安区``).
        core: Its name without the administrative suffix (``临安``).
        level: Province, prefecture or county.
    """

    code: str
    name: str
    core: str
    level: Level

    @property
    def generic(self) -> bool:
        """Whether its name is also an everyday word (城区, 新城区, 江北区) or a single character."""
        return len(self.core) < 2 or set(self.core) <= _GENERIC

    def contains(self, other: Place) -> bool:
        """Whether ``other`` lies within this place (or is this place)."""
        if self.level is Level.PROVINCE:
            return other.code[:2] == self.code[:2]
        if self.level is Level.PREFECTURE:
            return other.code[:4] == self.code[:4]
        return other.code == self.code

    def related(self, other: Place) -> bool:
        """Whether one of the two places lies within the other."""
        return self.contains(other) or other.contains(self)


@attrs.frozen(kw_only=True)
class Mention:
    """A place name written in a text.

    Attributes:
        text: The name as written (``德安市``).
        start: Its offset in the text.
        end: The offset just after it.
        places: Every division the name can stand for.
    """

    text: str
    start: int
    end: int
    places: tuple[Place, ...]


def _core(name: str) -> str:
    autonomous = _AUTONOMOUS.match(name)
    if autonomous is not None:
        return autonomous.group(1)
    return _SUFFIX.sub("", name) or name


def _level(code: str) -> Level:
    if code.endswith("0000"):
        return Level.PROVINCE
    if code.endswith("00"):
        return Level.PREFECTURE
    return Level.COUNTY


class Gazetteer:
    """The places of one gazetteer file, looked up by code and by written form.

    Args:
        places: The places.
    """

    def __init__(self, places: tuple[Place, ...]) -> None:
        self.places = places
        self._by_surface: dict[str, list[Place]] = {}
        for place in places:
            surfaces = {place.name}
            if len(place.core) >= 2:
                surfaces.update(place.core + suffix for suffix in _SUFFIXES[place.level])
            for surface in surfaces:
                self._by_surface.setdefault(surface, []).append(place)
        self._by_code = {place.code: place for place in places}
        self._ends = frozenset(surface[-1] for surface in self._by_surface)

    def full_name(self, place: Place) -> str:
        """Return the name with its province and prefecture (``江西省九江市德安县``)."""
        parents = (place.code[:2] + "0000", place.code[:4] + "00")
        names = [self._by_code[code].name for code in parents if code != place.code and code in self._by_code]
        return "".join(names) + place.name

    def mentions(self, text: str) -> Iterator[Mention]:
        """Yield the place names written with a suffix (德安县, 德安市, 恩施州) in ``text``.

        At each position that ends a name, the longest name wins; mentions do not overlap.
        """
        last_end = 0
        for end in range(1, len(text) + 1):
            if text[end - 1] not in self._ends:
                continue
            for start in range(max(last_end, end - _MAX_SURFACE), end - 1):
                places = self._by_surface.get(text[start:end])
                if places:
                    yield Mention(text=text[start:end], start=start, end=end, places=tuple(places))
                    last_end = end
                    break


def _read() -> tuple[Place, ...]:
    data = files("govinfo_report.validation").joinpath("places.tsv").read_text(encoding="utf-8")
    places: list[Place] = []
    for line in data.splitlines():
        if not line or line.startswith("#"):
            continue
        code, name = line.split("\t")
        places.append(Place(code=code, name=name, core=_core(name), level=_level(code)))
    return tuple(places)


@cache
def gazetteer() -> Gazetteer:
    """Return the bundled gazetteer, read once."""
    return Gazetteer(_read())
