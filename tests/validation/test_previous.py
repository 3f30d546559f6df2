"""The previous report is the same agency's, of the year before; several reports pair by agency and year."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path

import attrs
import pytest

from govinfo_report import parse_path
from govinfo_report.errors import PreviousReportError
from govinfo_report.model import Report
from govinfo_report.strategies import make_report
from govinfo_report.validation import Pairing, compare, pair_with_previous, validate, validate_many
from govinfo_report.validation._previous import Sameness, same_agency

CORPUS_DIR = Path(__file__).parents[1] / "data" / "corpus"


@cache
def _parsed(name: str) -> Report:
    return parse_path(CORPUS_DIR / name)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("淮安市洪泽区人民政府", "洪泽区人民政府"),  # the city above left out
        ("高安市卫健委", "宜春市高安市卫生健康委员会"),  # short name
        ("沭阳县发展和改革局", "沭阳县发改局"),
        ("淮安市人民政府办公室", "淮安市人民政府"),  # the government's general office
        ("淮 安 市\n人民政府", "淮安市政府"),  # spaces, a line break, 政府 for 人民政府
        ("平潭综合实验区", "平潭综合实验区管委会"),  # not in the gazetteer
        ("杭州市临安区卫生健康局", "临安市卫生健康局"),  # the division's former suffix
        ("海原县人民政府办公室（海原县政务公开办）", "海原县人民政府"),  # a bracketed second name
        ("某某街道办事处", "某某街道"),
        ("关于海原县卫生健康局", "海原县卫生健康局2020年政府信息公开工作年度报告"),  # a title
        ("沭阳县发展和改革局", "宿迁市沭阳县发展和改革委员会"),  # the body raised from 局 to 委员会
        ("某某县信访局", "某某县信访办公室"),
    ],
)
def test_forms_of_one_name_are_the_same_agency(one: str, other: str) -> None:
    assert same_agency([one], [other]) is Sameness.SAME
    assert same_agency([other], [one]) is Sameness.SAME


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("淮安市人民政府", "洪泽区人民政府"),  # a city and a district in it
        ("海原县卫生健康局", "曲阜市卫生健康局"),
        ("平潭综合实验区", "平潭综合实验区教育局"),  # a government and one of its departments
        ("北京市朝阳区卫生健康委员会", "长春市朝阳区卫生健康委员会"),  # two districts of one name
        ("某某县卫生健康局", "某某县财政局"),
        ("某某县卫生健康局", "另一县卫生健康局"),
        ("某某县公安局", "某某县安全局"),  # one field's name inside another's is not a change of rank
        ("某某县民政局", "某某县民族宗教事务委员会"),
    ],
)
def test_different_agencies(one: str, other: str) -> None:
    assert same_agency([one], [other]) is Sameness.DIFFERENT
    assert same_agency([other], [one]) is Sameness.DIFFERENT


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ([], ["海原县卫生健康局"]),
        (["人民政府"], ["海原县人民政府"]),
        (["卫生健康局"], ["海原县卫生健康局"]),
        (["0"], ["00"]),  # not names of bodies
        (["政府信息公开工作年度报告"], ["海原县卫生健康局"]),
    ],
)
def test_a_name_that_says_too_little_is_unknown(one: list[str], other: list[str]) -> None:
    assert same_agency(one, other) is Sameness.UNKNOWN


def test_another_agency_is_refused_with_both_names_and_years() -> None:
    previous = make_report("2021", agency="曲阜市卫生健康局", year=2021)
    current = make_report("2021", agency="海原县卫生健康局", year=2022)
    checks: list[Callable[[], object]] = [
        lambda: validate(current, previous=previous),
        lambda: compare(previous, current),
    ]
    for check in checks:
        with pytest.raises(PreviousReportError) as caught:
            check()
        error = caught.value
        assert isinstance(error, ValueError)
        assert error.reason == "agency"
        assert str(error) == (
            "the previous report (曲阜市卫生健康局, 2021) is not of the same agency "
            "as this report (海原县卫生健康局, 2022)"
        )
        assert error.describe("zh") == (
            "上一年度报告（曲阜市卫生健康局，2021年）与本报告（海原县卫生健康局，2022年）不是同一机关的报告"
        )
        assert pickle.loads(pickle.dumps(error)).describe("zh") == error.describe("zh")  # noqa: S301 - our own bytes


def test_another_year_is_refused_naming_both() -> None:
    with pytest.raises(PreviousReportError, match=r"\(杭州市临安区卫生健康局, 2018\).*2020") as caught:
        validate(make_report("2019", year=2020), previous=make_report("2019", year=2018))
    assert caught.value.reason == "year"


def test_an_unknown_agency_is_compared() -> None:
    """A report without an agency name is compared: nothing proves it is another agency's."""
    previous = attrs.evolve(
        make_report("2021", year=2021), agency=None, title="2021年政府信息公开工作年度报告"
    )
    current = make_report("2021", year=2022)
    assert compare(previous, current) == ()


def test_pingtan_years_pair_in_order() -> None:
    """Four years of one agency, given in any order, each paired with the year before."""
    names = [f"pingtan-zone-gov-{year}.txt" for year in (2021, 2019, 2022, 2020)]
    reports = [_parsed(name) for name in names]
    pairs = pair_with_previous(reports)
    assert [(previous.year if previous else None, pairing) for previous, pairing in pairs] == [
        (2020, Pairing.SAME_AGENCY),
        (None, Pairing.NO_PREVIOUS),
        (2021, Pairing.SAME_AGENCY),
        (2019, Pairing.SAME_AGENCY),
    ]
    results = validate_many(reports)
    assert [result.report for result in results] == reports
    assert [r.previous for r in results] == [previous for previous, _ in pairs]
    # The cross-year rules ran (each with its previous report) and found nothing.
    assert results[2].findings == validate(reports[2], previous=reports[0])


def test_mixed_agencies_are_not_paired() -> None:
    """A district's report is not compared with its city's report of the year before."""
    hongze = _parsed("huaian-hongze-district-gov-2023.pdf")
    huaian = _parsed("huaian-city-gov-2024.pdf")
    pingtan = _parsed("pingtan-zone-gov-2022.txt")
    pairs = pair_with_previous([hongze, huaian, pingtan])
    assert [pairing for _, pairing in pairs] == [Pairing.NO_PREVIOUS] * 3
    with pytest.raises(PreviousReportError, match="淮安市人民政府, 2024"):
        validate(huaian, previous=hongze)


def test_the_same_agency_twice_in_a_year_is_ambiguous() -> None:
    earlier = make_report("2021", year=2021)
    current = make_report("2021", year=2022)
    assert pair_with_previous([earlier, attrs.evolve(earlier), current])[2] == (None, Pairing.AMBIGUOUS)


def test_a_report_of_unknown_agency_pairs_only_when_alone() -> None:
    unnamed = attrs.evolve(make_report("2021", year=2021), agency=None, title="")
    other = make_report("2021", agency="曲阜市卫生健康局", year=2021)
    current = make_report("2021", year=2022)
    assert pair_with_previous([unnamed, current])[1] == (unnamed, Pairing.AGENCY_UNKNOWN)
    assert pair_with_previous([unnamed, other, current])[2] == (unnamed, Pairing.AGENCY_UNKNOWN)
    assert pair_with_previous([unnamed, attrs.evolve(unnamed), current])[2] == (None, Pairing.AMBIGUOUS)
    yearless = attrs.evolve(current, year=None)
    assert pair_with_previous([unnamed, yearless])[1] == (None, Pairing.NO_YEAR)
