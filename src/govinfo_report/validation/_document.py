"""Document-level rules (R-G-02/03/04/05/08) and the template-conformance rules R-T3-12/13."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date

from govinfo_report.model import Deviation, DeviationKind, TableKind, TemplateVersion
from govinfo_report.model.labels import REQUEST_GROUPS, SECTIONS, TEMPLATES, SectionSpec, request_rows
from govinfo_report.model.named_cells import FEE_UNPAID_TOTAL
from govinfo_report.validation._agency import agency_name, is_people_government
from govinfo_report.validation._context import Context, cap
from govinfo_report.validation._finding import Finding, Severity
from govinfo_report.validation._labels import TABLE_NAMES
from govinfo_report.validation._narrative import sentences
from govinfo_report.validation._registry import BOTH, V2021, rule

__all__: list[str] = []

# Township-level governments are not named in Art. 49; local rules hold them to the departments' date.
_TOWNSHIP = re.compile(r"(?:镇|乡|街道)(?:人民政府|办事处)$")


@rule(
    "R-G-01",
    severity=Severity.ERROR,
    rule_class="S",
    versions=BOTH,
    summary=(
        "Published by 31 January of the next year (departments) or 31 March "
        "(county-level and higher people's governments); needs the publication date."
    ),
)
def check_deadline(ctx: Context) -> Iterator[Finding]:
    """Publish the report on time (条例 Art. 49).

    Departments of people's governments at county level and above publish their
    report on the previous year by 31 January; the report of a county-level or
    higher people's government is due by 31 March. Local rules may set earlier
    dates. The report itself carries no publication date, so this rule runs only
    when the date is given to :func:`~govinfo_report.validation.validate`.
    """
    report = ctx.report
    if ctx.published is None or report.year is None:
        return
    name = agency_name(report)
    government = is_people_government(name) and not _TOWNSHIP.search(name)
    deadline = date(report.year + 1, 3, 31) if government else date(report.year + 1, 1, 31)
    if ctx.published <= deadline:
        return
    late = (ctx.published - deadline).days
    kind_en = "people's government" if government else "department"
    yield Finding(
        rule_id="R-G-01",
        severity=Severity.ERROR,
        message_zh=(
            f"{report.year}年度报告于 {ctx.published.isoformat()} 公开，晚于法定期限 {deadline.isoformat()}"
            f"（{'人民政府' if government else '部门'}，条例第四十九条），逾期 {late} 天。"
        ),
        message_en=(
            f"The {report.year} report was published on {ctx.published.isoformat()}, {late} days after the "
            f"statutory deadline {deadline.isoformat()} ({kind_en}, Art. 49)."
        ),
        expected=f"≤ {deadline.isoformat()}",
        found=ctx.published.isoformat(),
    )


@rule(
    "R-G-02",
    severity=Severity.ERROR,
    rule_class="S",
    versions=BOTH,
    summary=(
        "The table template matches the report year (2019 template for 2019-2020, 2021 template from 2021)."
    ),
)
def check_template_year(ctx: Context) -> Iterator[Finding]:
    """Use the template in force for the report year.

    国办公开办函〔2019〕60号 set the format used for the 2019 and 2020 reports;
    国办公开办函〔2021〕30号 replaced it from the 2021 reports on. A report for 2021 or
    later in the 2019 tables uses a superseded template; a report for 2020 or earlier
    in the 2021 tables is impossible, so its year is probably wrong.
    """
    report = ctx.report
    year = report.year
    if year is None:
        return
    template = TEMPLATES[report.template]
    first, last = template.first_year, template.last_year
    if year >= first and (last is None or year <= last):
        return
    if last is not None and year > last:
        zh = f"{year}年度报告使用了已废止的 2019 年版表格（2021 年起应使用国办公开办函〔2021〕30号格式）。"
        en = f"The {year} report uses the superseded 2019 tables (the 2021 format applies from 2021)."
    else:
        zh = f"表格为 {report.template} 年版，不适用于 {year} 年度报告；报告年份可能有误。"
        en = (
            f"The tables follow the {report.template} template, "
            f"which does not apply to {year}; the year may be wrong."
        )
    yield Finding(
        rule_id="R-G-02",
        severity=Severity.ERROR,
        message_zh=zh,
        message_en=en,
        expected=f"{first}-{last}" if last is not None else f"≥ {first}",
        found=str(year),
        locations=tuple(loc for loc in (report.proactive.location,) if loc is not None),
    )


_ORDINALS = "一二三四五六"


def _heading_in_text(ctx: Context, spec: SectionSpec) -> bool:
    """Whether the text has the section's heading although the parser did not split it out."""
    ordinal = _ORDINALS[spec.number - 1]
    keywords = "|".join(re.escape(k) for k in (*spec.keywords, *spec.loose_keywords))
    pattern = re.compile(rf"(?:{ordinal}、|\({ordinal}\))[^。\n]{{0,24}}?(?:{keywords})")
    return any(pattern.search(_compact(text)) for text in ctx.all_text())


def _compact(text: str) -> str:
    return re.sub(r"[ \t\u3000]+", "", unicodedata.normalize("NFKC", text))


_FEE_MENTION = re.compile(r"处理费|收费|收取[^,，;；。]{0,10}费|费用")
_OVERSIGHT = re.compile(r"考核|评议|追究")


def _fee_mentioned(ctx: Context) -> bool | None:
    """Whether section 六 mentions fees; ``None`` when the report has no section 六."""
    section = ctx.report.section(6)
    if section is None:
        return None
    return bool(_FEE_MENTION.search(section.text))


@rule(
    "R-G-03",
    severity=Severity.WARNING,
    rule_class="S/H",
    versions=BOTH,
    summary=(
        "All six sections present and in order; 2021: "
        "section 六 reports 信息处理费; governments report 考核/评议/追究."
    ),
)
def check_sections(ctx: Context) -> Iterator[Finding]:
    """The report has the six sections of the template, in order, with the content they require.

    一、总体情况, 二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况,
    四、政府信息公开行政复议、行政诉讼情况, 五、存在的主要问题及改进情况 and
    六、其他需要报告的事项. Reports in the 2021 format must state in section 六 the
    信息处理费 collected (including "none"). A people's government must also report
    its 工作考核、社会评议和责任追究 (条例 Art. 50). The rule is a warning because
    headings are recognised from varied wording.
    """
    report = ctx.report
    numbers = [section.number for section in report.sections]
    missing = [spec for spec in SECTIONS if spec.number not in numbers and not _heading_in_text(ctx, spec)]
    if missing:
        yield Finding(
            rule_id="R-G-03",
            severity=Severity.WARNING,
            message_zh="缺少以下部分：" + "、".join(spec.heading for spec in missing) + "。",
            message_en="Missing sections: "
            + ", ".join(f"{spec.number} ({spec.heading})" for spec in missing)
            + ".",
            expected="一至六",
            found="、".join(str(n) for n in numbers) or "—",
        )
    if numbers != sorted(numbers):
        yield Finding(
            rule_id="R-G-03",
            severity=Severity.WARNING,
            message_zh="各部分顺序与模板不同：" + "、".join(str(n) for n in numbers) + "。",
            message_en="Sections are out of template order: " + ", ".join(str(n) for n in numbers) + ".",
            expected="1、2、3、4、5、6",
            found="、".join(str(n) for n in numbers),
            locations=tuple(s.location for s in report.sections if s.location is not None),
        )
    fee_unpaid = ctx.arith(FEE_UNPAID_TOTAL)
    covered_by_fee_rule = "R-T3-12" in ctx.active and fee_unpaid is not None and fee_unpaid > 0
    section6 = report.section(6)
    if (
        report.template is TemplateVersion.V2021
        and section6 is not None
        and _fee_mentioned(ctx) is False
        and not covered_by_fee_rule
    ):
        yield Finding(
            rule_id="R-G-03",
            severity=Severity.WARNING,
            message_zh="2021 年版格式要求第六部分说明信息处理费收取情况（未收取也应说明），本报告未提及。",
            message_en=(
                "The 2021 format requires section 6 to report "
                "information-processing fees (even none); it does not."
            ),
            expected="信息处理费",
            locations=tuple(loc for loc in (section6.location,) if loc is not None),
        )
    name = agency_name(report)
    if is_people_government(name) and not any(_OVERSIGHT.search(text) for text in ctx.all_text()):
        yield Finding(
            rule_id="R-G-03",
            severity=Severity.WARNING,
            message_zh=f"“{name}”为人民政府，应报告工作考核、社会评议和责任追究结果情况（条例第五十条），本报告未提及。",
            message_en=(
                f"“{name}” is a people's government and must report 工作考核、社会评议和责任追究 "
                "(Art. 50); the report does not mention them."
            ),
            expected="考核、评议、责任追究",
        )


@rule(
    "R-T3-12",
    severity=Severity.WARNING,
    rule_class="H",
    versions=V2021,
    summary="Applications dropped for unpaid fees imply that section 六 discusses 信息处理费.",
)
def check_fee_notices(ctx: Context) -> Iterator[Finding]:
    """Fee notices issued means section 六 should discuss 信息处理费.

    When （六）其他处理 2 (申请人逾期未按收费通知要求缴纳费用) is above 0, the agency
    sent fee notices, so section 六 should report the 信息处理费 regime and amounts.
    """
    fee_unpaid = ctx.arith(FEE_UNPAID_TOTAL)
    if fee_unpaid is None or fee_unpaid <= 0 or _fee_mentioned(ctx) is not False:
        return
    section6 = ctx.report.section(6)
    yield Finding(
        rule_id="R-T3-12",
        severity=Severity.WARNING,
        message_zh=(f"有 {fee_unpaid} 件申请因逾期未缴纳信息处理费而不再处理，但第六部分未提及信息处理费。"),
        message_en=(
            f"{fee_unpaid} applications were dropped for unpaid fees, yet section 6 does not mention "
            "information-processing fees."
        ),
        cells=(FEE_UNPAID_TOTAL,),
        locations=tuple(
            loc
            for loc in (*ctx.locations((FEE_UNPAID_TOTAL,)), section6.location if section6 else None)
            if loc
        ),
    )


_PLACEHOLDERS = (
    re.compile(r"(?<![A-Za-z0-9])[X\u00d7]{2,}(?![A-Za-z0-9])"),
    re.compile(r"(?<![A-Za-z0-9.])X\s*[%分年月日件条项个名次起元人]"),
    re.compile(
        r"此处填写|在此填写|[(（]填写[^)）]{0,20}[)）]|【[^】]{0,20}(?:填写|名称|XX|\u00d7\u00d7)[^】]{0,20}】"
    ),
    re.compile(r"^(?:[(（]?[一二三四五六七八九十\d]+[)）、.]?)?(?:主要报告|这一项报告|本部分主要报告)"),
)


def _placeholders(text: str) -> list[str]:
    norm = unicodedata.normalize("NFKC", text).strip()
    found: list[str] = []
    for pattern in _PLACEHOLDERS:
        found.extend(match.group(0).strip() for match in pattern.finditer(norm))
    return found


@rule(
    "R-G-04",
    severity=Severity.WARNING,
    rule_class="H",
    versions=BOTH,
    summary=(
        "No placeholders (X%, X分, XX, \u00d7\u00d7, 此处填写 …) or pasted template guidance (主要报告…)."
    ),
)
def check_placeholders(ctx: Context) -> Iterator[Finding]:
    """Replace every placeholder with the real figure before publishing.

    "满意率X%", "得分X分", "XX局", "\u00d7\u00d7" or "（此处填写…）" are template residue,
    and a sentence opening with "主要报告…" is usually the template's guidance pasted
    as content. Each sentence with residue is quoted once.
    """
    title = ctx.report.title
    title_matches = _placeholders(title)
    if title_matches:
        yield Finding(
            rule_id="R-G-04",
            severity=Severity.WARNING,
            message_zh=f"标题含占位符：{'、'.join(title_matches)}。",
            message_en=f"The title contains placeholders: {', '.join(title_matches)}.",
            found="、".join(title_matches),
            evidence=title,
        )
    for sentence in sentences(ctx):
        matches = _placeholders(sentence.text)
        if not matches:
            continue
        block = sentence.block
        yield Finding(
            rule_id="R-G-04",
            severity=Severity.WARNING,
            message_zh=f"{block.name_zh}含占位符或模板说明文字（{'、'.join(matches)}）：“{sentence.text}”",
            message_en=(
                f"{cap(block.name_en)} contains placeholders or template "
                f"guidance ({', '.join(matches)}): “{sentence.text}”"
            ),
            found="、".join(matches),
            locations=tuple(loc for loc in (block.location,) if loc is not None),
            evidence=sentence.text,
        )


_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*年\s*0?1\s*月\s*0?1\s*日\s*起?\s*(?:至|到|—|-|~|－|～)\s*"
    r"(?:((?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日"
)
_PERIOD_CONTEXT = re.compile(r"统计|期限|时限|期间|涵盖|所列数据|报告期")


@rule(
    "R-G-05",
    severity=Severity.WARNING,
    rule_class="H",
    versions=BOTH,
    summary="The statistical period stated in the text is 1 January-31 December of the report year.",
)
def check_period(ctx: Context) -> Iterator[Finding]:
    """The figures cover the calendar year the report is about.

    The preamble usually states "本报告所列数据的统计期限自Y年1月1日起至Y年12月31日止".
    A different year there means the text was carried over from another year's report
    or the title's year is wrong.
    """
    year = ctx.report.year
    if year is None:
        return
    for sentence in sentences(ctx):
        if not _PERIOD_CONTEXT.search(sentence.norm):
            continue
        for match in _PERIOD.finditer(sentence.norm):
            stated = {int(y) for y in match.groups() if y}
            if stated == {year}:
                continue
            block = sentence.block
            yield Finding(
                rule_id="R-G-05",
                severity=Severity.WARNING,
                message_zh=f"{block.name_zh}所述统计期限为“{match.group(0)}”，与报告年度 {year} 不符。",
                message_en=(
                    f"{cap(block.name_en)} states the period “{match.group(0)}”, not the report year {year}."
                ),
                expected=f"{year}年1月1日至{year}年12月31日",
                found=match.group(0),
                locations=tuple(loc for loc in (block.location,) if loc is not None),
                evidence=sentence.text,
            )
            return


_KIND_TEXT: dict[DeviationKind, tuple[str, str]] = {
    DeviationKind.LABEL_VARIANT: ("标签与模板不同", "label differs from the template"),
    DeviationKind.EXTRA_ROW: ("模板没有的行", "row not in the template"),
    DeviationKind.MISSING_ROW: ("缺少模板行", "template row missing"),
    DeviationKind.UNIT: ("注明了单位", "unit annotation"),
    DeviationKind.LAYOUT: ("版式与模板不同", "layout differs from the template"),
    DeviationKind.NOT_READ: (
        "未读取的内容，表格可能不全",
        "part of the input not read; tables may be incomplete",
    ),
}


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _deviation_finding(rule_id: str, group: list[Deviation]) -> Finding:
    first = group[0]
    what_zh, what_en = _KIND_TEXT[first.kind]
    where_zh, where_en = TABLE_NAMES.get(first.table or "", ("全文", "document"))
    locations = tuple(dict.fromkeys(d.location for d in group if d.location is not None))
    table = first.table
    if first.kind is DeviationKind.MISSING_ROW:
        rows = [d.expected or d.found for d in group]
        return Finding(
            rule_id=rule_id,
            severity=Severity.WARNING,
            message_zh=f"{where_zh}：{what_zh}：" + "、".join(f"“{r}”" for r in rows) + "。",
            message_en=f"{where_en}: {what_en}: " + ", ".join(f"“{r}”" for r in rows) + ".",
            expected="；".join(rows),
            locations=locations,
            table=table,
        )
    expected_zh = f"（模板：“{first.expected}”）" if first.expected else ""
    expected_en = f" (template: “{first.expected}”)" if first.expected else ""
    times_zh = f"（共 {len(group)} 处）" if len(group) > 1 else ""
    times_en = f" ({len(group)} times)" if len(group) > 1 else ""
    return Finding(
        rule_id=rule_id,
        severity=Severity.WARNING,
        message_zh=f"{where_zh}：{what_zh}：“{first.found}”{expected_zh}{times_zh}。",
        message_en=f"{where_en}: {what_en}: “{first.found}”{expected_en}{times_en}.",
        expected=first.expected,
        found=first.found,
        locations=locations,
        table=table,
    )


def _deviations(ctx: Context, requests_table: bool) -> Iterator[Deviation]:
    report = ctx.report
    listed = [d for d in report.deviations if (d.table is TableKind.REQUESTS) == requests_table]
    yield from listed
    extra_labels = {_norm(d.found) for d in listed if d.kind is DeviationKind.EXTRA_ROW}
    for table in report.tables:
        if (table.kind is TableKind.REQUESTS) != requests_table:
            continue
        for row in table.extra_rows:
            if _norm(row.label) not in extra_labels:
                yield Deviation(
                    kind=DeviationKind.EXTRA_ROW,
                    table=table.kind,
                    found=row.label.strip(),
                    location=row.location,
                )


def _deviation_findings(ctx: Context, rule_id: str, *, requests_table: bool) -> Iterator[Finding]:
    """One finding per kind of departure: repeats and missing rows grouped, template wording skipped."""
    groups: dict[tuple[str, ...], list[Deviation]] = {}
    reported_at: set[tuple[str, object]] = set()
    for deviation in _deviations(ctx, requests_table):
        found = _norm(deviation.found)
        if deviation.kind is DeviationKind.UNIT and found == _norm(deviation.expected):
            continue  # the template's own header, e.g. 本年收费金额（单位：万元）
        if found and deviation.location is not None:
            # A 2019-style row is both a layout change and an extra row: report it once.
            if (found, deviation.location) in reported_at:
                continue
            reported_at.add((found, deviation.location))
        group: tuple[str, ...]
        if deviation.kind is DeviationKind.MISSING_ROW:
            group = (deviation.kind, str(deviation.table))
        else:
            group = (deviation.kind, str(deviation.table), found, _norm(deviation.expected))
        groups.setdefault(group, []).append(deviation)
    if requests_table:
        yield from _layout_causes(ctx, rule_id, groups)
    for members in groups.values():
        yield _deviation_finding(rule_id, members)


OTHER_TEMPLATE_LAYOUT = "other_template_layout"
"""A group of the application table written as one row, as the other template has it: its sub-rows missing."""


def _layout_causes(
    ctx: Context, rule_id: str, groups: dict[tuple[str, ...], list[Deviation]]
) -> Iterator[Finding]:
    """One finding for a group written as one row and the sub-rows it leaves missing (one cause).

    Takes the deviations it explains out of ``groups``.
    """
    missing_key = (DeviationKind.MISSING_ROW, str(TableKind.REQUESTS))
    for key, members in list(groups.items()):
        if key[0] != DeviationKind.LAYOUT or members[0].table is not TableKind.REQUESTS:
            continue
        layout = members[0]
        group = next(
            (name for name, label in REQUEST_GROUPS.items() if (layout.expected or "").startswith(label)),
            None,
        )
        sub_rows = {spec.label for spec in request_rows(ctx.report.template) if group and spec.group == group}
        missing = groups.get(missing_key, [])
        explained = [deviation for deviation in missing if deviation.expected in sub_rows]
        if not explained:
            continue
        details = (_deviation_finding(rule_id, members), _deviation_finding(rule_id, explained))
        rows = [deviation.expected or "" for deviation in explained]
        where_zh, where_en = TABLE_NAMES[TableKind.REQUESTS]
        yield Finding(
            rule_id=rule_id,
            severity=Severity.WARNING,
            message_zh=(
                f"{where_zh}：“{layout.found}”只填作一行（另一版模板的写法），"
                f"本模板要求的 {len(rows)} 个分项因此缺少："
                + "、".join(f"“{row}”" for row in rows)
                + f"（模板：“{layout.expected}”）。"
            ),
            message_en=(
                f"{where_en}: “{layout.found}” is written as one row (the other template's layout), so the "
                f"{len(rows)} sub-rows this template asks for are missing: "
                + ", ".join(f"“{row}”" for row in rows)
                + f" (template: “{layout.expected}”)."
            ),
            expected="；".join(rows),
            found=layout.found,
            locations=details[0].locations,
            table=TableKind.REQUESTS,
            pattern=OTHER_TEMPLATE_LAYOUT,
            details=details,
        )
        del groups[key]
        rest = [deviation for deviation in missing if deviation not in explained]
        if rest:
            groups[missing_key] = rest
        else:
            groups.pop(missing_key, None)


@rule(
    "R-T3-13",
    severity=Severity.WARNING,
    rule_class="H",
    versions=BOTH,
    summary="Application-table labels are the template's: extra, missing or renamed rows are listed.",
)
def check_request_labels(ctx: Context) -> Iterator[Finding]:
    """The application table keeps the template's rows and wording.

    Rows added (e.g. subtotals), left out, renamed ("合计" for "总计",
    "信访投诉举报类申请") or reordered make reports harder to compare. Each departure
    recognised by the parser is listed.
    """
    yield from _deviation_findings(ctx, "R-T3-13", requests_table=True)


@rule(
    "R-G-08",
    severity=Severity.WARNING,
    rule_class="H",
    versions=BOTH,
    summary="Table and section labels conform to the template; extra, missing or renamed rows are listed.",
)
def check_labels(ctx: Context) -> Iterator[Finding]:
    """The tables and headings keep the template's wording and rows.

    Local additions (such as 行政检查 and 行政确认 rows split from
    其他对外管理服务事项), missing rows, renamed labels and unit annotations in headers
    are listed, so readers know where the report departs from the national format.
    Departures in the application table are listed under R-T3-13.
    """
    yield from _deviation_findings(ctx, "R-G-08", requests_table=False)
