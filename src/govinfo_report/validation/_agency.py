"""What kind of body published a report, read from its name.

Only the answers the rules need, and only when the name makes them certain:
when in doubt the functions answer ``False`` so that no rule raises a false alarm.
"""

from __future__ import annotations

import re

from govinfo_report.model import Report

__all__ = ["agency_name", "cannot_make_rules", "is_people_government"]

_SPACE = re.compile(r"\s+")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
_NATIONAL = ("国务院", "国家", "中华人民共和国", "中国", "全国")
_GOVERNMENT = re.compile(r"(?:人民政府|政府)(?:办公厅|办公室)?$")
_PROVINCIAL_CITIES = ("北京市", "天津市", "上海市", "重庆市")
_BELOW_CITY = re.compile(r"(?:县|旗|镇|乡|街道|(?<!自治)区)$")
_PLACE_PREFIX = re.compile(r"^\S{2,}?(?:省|自治区|市|自治州|州|盟|地区|县|旗|区|镇|乡|街道)")
_TOWN = re.compile(r"(?:县|镇|乡|街道|街道办事处)$")
_DEPARTMENT = re.compile(r"(?:局|委|委员会|厅|办|办公室|中心|院|所|处|署|站|队|会)$")


def agency_name(report: Report) -> str:
    """Return the agency's name: ``report.agency``, else the part of the title before the year."""
    if report.agency and report.agency.strip():
        return _SPACE.sub("", report.agency)
    title = _SPACE.sub("", report.title)
    match = _YEAR.search(title)
    return title[: match.start()] if match else ""


def cannot_make_rules(name: str) -> bool:
    """Whether the body named ``name`` certainly has no power to make 规章.

    规章 are made by 国务院部门 and by the people's governments of provinces,
    autonomous regions, municipalities, 设区的市 and 自治州 (whose general offices
    report them). County, district, township and street bodies cannot, and nor
    can the departments of any local government. Names that do not settle the
    question (a bare "XX市人民政府" may be a county-level city) answer ``False``.
    """
    name = _SPACE.sub("", name)
    if not name or name.startswith(_NATIONAL):
        return False
    government = _GOVERNMENT.search(name)
    if government is not None:
        return _government_below_city(name[: government.start()])
    if _TOWN.search(name):
        return True
    if name.endswith("部") or not _DEPARTMENT.search(name):
        return False
    place = _PLACE_PREFIX.match(name)
    return place is not None and place.end() < len(name)


def _government_below_city(place: str) -> bool:
    """Whether the people's government of ``place`` is certainly below 设区的市 level."""
    if place.endswith(("省", "自治区", "自治州")) or place in _PROVINCIAL_CITIES:
        return False
    if _BELOW_CITY.search(place):
        return True
    # "宜春市高安市人民政府": a city inside a city is county-level.
    return place.endswith("市") and bool(re.search(r"(?:市|州|盟|地区).+市$", place))


def is_people_government(name: str) -> bool:
    """Whether ``name`` is a people's government itself (not one of its offices or departments)."""
    return _SPACE.sub("", name).endswith("人民政府")
