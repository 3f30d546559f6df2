"""R-G-06: other places spoken of as the agency's own, and the gazetteer behind it."""

from __future__ import annotations

import pytest

from govinfo_report.errors import SourceLocation
from govinfo_report.model import Report, Section
from govinfo_report.strategies import make_report
from govinfo_report.validation import Finding, Severity, validate
from govinfo_report.validation._places import Level, gazetteer

RULE = "R-G-06"
LINAN = "杭州市临安区卫生健康局"


def _report(text: str, *, agency: str | None = LINAN, title: str | None = None) -> Report:
    section = Section(
        number=5,
        heading="五、存在的主要问题及改进情况",
        text=text,
        location=SourceLocation(source="generated.txt", line=50),
    )
    return make_report("2019", year=2020, agency=agency, title=title, sections=[section])


def _findings(text: str, **kwargs: str | None) -> list[Finding]:
    return list(validate(_report(text, **kwargs), select=[RULE]))


# --- the gazetteer ---------------------------------------------------------------------


def test_gazetteer_holds_every_level() -> None:
    places = gazetteer().places
    levels = {level: sum(p.level is level for p in places) for level in Level}
    assert levels[Level.PROVINCE] >= 31
    assert levels[Level.PREFECTURE] >= 330
    assert levels[Level.COUNTY] >= 2800
    assert len({p.code for p in places}) == len(places)


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("临安区", "临安"),
        ("德安县", "德安"),
        ("北京市", "北京"),
        ("内蒙古自治区", "内蒙古"),
        ("广西壮族自治区", "广西"),
        ("恩施土家族苗族自治州", "恩施"),
        ("积石山保安族东乡族撒拉族自治县", "积石山"),
        ("神农架林区", "神农架"),
        ("大兴安岭地区", "大兴安岭"),
        ("六枝特区", "六枝"),
    ],
)
def test_core_names(name: str, core: str) -> None:
    (place,) = [p for p in gazetteer().places if p.name == name]
    assert place.core == core


def test_full_name_and_containment() -> None:
    places = {p.name: p for p in gazetteer().places}
    assert gazetteer().full_name(places["德安县"]) == "江西省九江市德安县"
    assert gazetteer().full_name(places["江西省"]) == "江西省"
    assert places["杭州市"].contains(places["临安区"])
    assert places["浙江省"].contains(places["临安区"])
    assert not places["临安区"].contains(places["杭州市"])
    assert places["临安区"].related(places["浙江省"])
    assert not places["德安县"].related(places["临安区"])


def test_mentions_take_the_longest_name_without_overlaps() -> None:
    text = "杭州市临安区与恩施州、德安市民"
    found = [(m.text, m.start) for m in gazetteer().mentions(text)]
    assert found == [("杭州市", 0), ("临安区", 3), ("恩施州", 7), ("德安市", 11)]


def test_everyday_words_are_generic() -> None:
    places = {p.name: p for p in gazetteer().places}
    assert places["新城区"].generic
    assert places["城区"].generic
    assert places["忠县"].generic  # one character: 忠
    assert not places["德安县"].generic


# --- the rule --------------------------------------------------------------------------


def test_seed_000_citizens_of_another_county() -> None:
    (finding,) = _findings("确保德安市民的知情权、参与权、表达权和监督权。")
    assert finding.severity is Severity.WARNING
    assert finding.found == "德安市"
    assert finding.expected == "杭州市临安区"
    assert "德安市民" in finding.message_zh
    assert "江西省九江市德安县" in finding.message_zh
    assert "copied" in finding.message_en
    assert finding.evidence == "确保德安市民的知情权、参与权、表达权和监督权。"
    assert finding.locations == (SourceLocation(source="generated.txt", line=50),)


@pytest.mark.parametrize(
    "text",
    [
        "切实维护德安县人民群众的合法权益。",
        "德安县居民可通过门户网站查询。",
        "德安县卫生健康局高度重视政府信息公开工作。",  # the agency's own organ in another place
    ],
)
def test_other_places_in_the_agencys_voice(text: str) -> None:
    (finding,) = _findings(text)
    assert finding.found == "德安县"


@pytest.mark.parametrize(
    "text",
    [
        "确保临安市民的知情权。",  # the agency's place under its former name
        "方便杭州市民查询。",  # the city above it
        "组织赴德安县学习政务公开经验。",  # another place, not in the agency's voice
        "德安县人民政府来我区交流。",  # another body, not this agency's organ
        "配合德安市民政局开展工作。",  # 德安市 + 民政局, not 德安 + 市民
        "加快德安县民生工程建设。",
        "城区居民、新城区群众均可查阅。",  # names that are everyday words
        "江西省人民群众。",  # provinces are mentioned for many reasons
        "瑞阳新区居民可就近查阅。",  # 阳新区 is the tail of a zone's name, not 阳新县
    ],
)
def test_no_finding_without_a_claim_on_another_place(text: str) -> None:
    assert _findings(text) == []


def test_a_governments_neighbours_are_not_its_organ() -> None:
    """Governments name neighbouring governments for many reasons; departments rarely do."""
    text = "与德安县人民政府签订合作协议。"
    assert _findings(text, agency="杭州市临安区人民政府") == []
    assert _findings("德安县人民政府办公室负责此项工作。", agency="杭州市临安区人民政府办公室") == []


def test_a_city_report_owns_its_districts() -> None:
    assert _findings("临安区居民可通过门户网站查询。", agency="杭州市卫生健康委员会") == []
    assert _findings("德安县居民可通过门户网站查询。", agency="杭州市卫生健康委员会") != []


def test_silent_without_a_place_in_the_title() -> None:
    text = "确保德安市民的知情权。"
    assert _findings(text, agency="区卫生健康局") == []
    assert _findings(text, agency=None, title="城关镇2020年政府信息公开工作年度报告") == []


def test_each_place_is_reported_once() -> None:
    text = "确保德安市民的知情权。德安县人民群众满意。确保瑞昌市民的参与权。"
    assert [f.found for f in _findings(text)] == ["德安市", "瑞昌市"]
