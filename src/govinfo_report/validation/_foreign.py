"""R-G-06: the text speaks of another place as if it were the agency's own."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govinfo_report.validation._agency import agency_name
from govinfo_report.validation._context import Context, cap
from govinfo_report.validation._finding import Finding, Severity
from govinfo_report.validation._narrative import Sentence, sentences
from govinfo_report.validation._places import Level, Mention, Place, gazetteer
from govinfo_report.validation._registry import BOTH, rule

__all__: list[str] = []

# What follows a place name when the text speaks of it as its own: its people
# (德安市民 read as 德安 + 市民, but not 德安市 + 民政局 or 民生工程) …
_CITIZENS = re.compile(r"(?<=[市县区])民(?![政族营宗主法警兵用航间办生意俗事计])")
# … or, after the place's official name, its people in other words (德安县人民群众)
# or the agency itself (德安县卫生健康局 in a report of 临安区卫生健康局).
_PEOPLE = re.compile(r"人民群众|群众|居民|老百姓|百姓")
_ORGAN_PREFIX = 4
# A government is named next to its neighbours for many reasons (合作, 对口支援):
# only a department's own organ name is specific enough.
_GENERIC_ORGANS = ("人民政府", "政府")


def _home(ctx: Context) -> tuple[tuple[Mention, ...], str]:
    """The places the title and agency name are written with, and the agency's organ name."""
    places = gazetteer()
    name = agency_name(ctx.report)
    in_name = tuple(places.mentions(name))
    home = (*in_name, *places.mentions(ctx.report.title))
    organ = name[in_name[-1].end :] if in_name else ""
    if len(organ) < 2 or organ.startswith(_GENERIC_ORGANS):
        return home, ""
    return home, organ[:_ORGAN_PREFIX]


def _foreign(mention: Mention, home: tuple[Place, ...]) -> bool:
    """Whether the mention can only be another place: not the agency's, above it or within it."""
    candidates = [p for p in mention.places if p.level is not Level.PROVINCE and not p.generic]
    if len(candidates) < len(mention.places):
        return False
    return not any(place.related(own) for place in candidates for own in home)


def _as_own(sentence: Sentence, mention: Mention, organ: str) -> str | None:
    """The words after the mention that speak of it as the agency's own place, if any.

    A name with another suffix than its official one (德安市 for 德安县) counts only
    before 民: elsewhere it is too often the tail of a longer name (瑞阳新区 holds 阳新区).
    """
    if _CITIZENS.match(sentence.norm, mention.end):
        return "民"
    if not any(place.name == mention.text for place in mention.places):
        return None
    after = sentence.norm[mention.end :]
    people = _PEOPLE.match(after)
    if people is not None:
        return people.group(0)
    if organ and after.startswith(organ):
        return organ
    return None


@rule(
    "R-G-06",
    severity=Severity.WARNING,
    rule_class="H",
    versions=BOTH,
    summary="The text speaks of no other place as the agency's own (德安市民 in a report of 临安).",
)
def check_foreign_places(ctx: Context) -> Iterator[Finding]:
    """Names of other places in the report's own voice suggest text copied from another report.

    The title names the agency's place (杭州市临安区卫生健康局). When the body
    speaks of a different county or city as its own, by its people ("确保德安市民的
    知情权", "德安县人民群众") or as the agency itself ("德安县卫生健康局" in a
    report of a 卫生健康局), the sentence was probably taken from another agency's
    report and not adapted.
    Places that contain the agency's place or lie within it are its own; mentions
    of other places in other roles (study visits, paired assistance) are not
    flagged, nor are names that are also everyday words (城区, 新城区). The
    rule needs a place in the title or agency name and stays silent without one.
    """
    mentions, organ = _home(ctx)
    home = tuple(place for mention in mentions for place in mention.places)
    if not home:
        return
    places = gazetteer()
    home_text = "".join(dict.fromkeys(mention.text for mention in mentions))
    reported: set[frozenset[str]] = set()
    for sentence in sentences(ctx):
        for mention in places.mentions(sentence.norm):
            codes = frozenset(place.code for place in mention.places)
            if codes in reported or not _foreign(mention, home):
                continue
            context = _as_own(sentence, mention, organ)
            if context is None:
                continue
            reported.add(codes)
            where = "、".join(places.full_name(place) for place in mention.places)
            phrase = mention.text + context
            block = sentence.block
            yield Finding(
                rule_id="R-G-06",
                severity=Severity.WARNING,
                message_zh=(
                    f"{block.name_zh}写有“{phrase}”，但报告机关在{home_text}，而{mention.text}指{where}；"
                    f"可能是照搬其他地区报告的文字：“{sentence.text}”"
                ),
                message_en=(
                    f"{cap(block.name_en)} writes “{phrase}” as if {mention.text} ({where}) were the "
                    f"agency's own place, but the agency is in {home_text}; the sentence may have been "
                    f"copied from another agency's report: “{sentence.text}”"
                ),
                expected=home_text,
                found=mention.text,
                locations=tuple(loc for loc in (block.location,) if loc is not None),
                evidence=sentence.text,
            )
