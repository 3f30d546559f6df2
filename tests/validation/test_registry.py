"""The rule registry: stable IDs, severities by class, selection, and the generated catalogue."""

from __future__ import annotations

import pickle
import re

import pytest

from govinfo_report.errors import ReportValidationError
from govinfo_report.model import Report, TemplateVersion
from govinfo_report.strategies import make_report
from govinfo_report.validation import (
    RULES,
    Finding,
    Rule,
    Severity,
    rule_by_id,
    rules_catalogue_markdown,
    validate,
)

# The IDs of spec §7 that the registry implements: all but R-T4-06 (the spec says not to implement it).
IMPLEMENTED = {
    *(f"R-T3-{n:02d}" for n in range(1, 14)),
    *(f"R-T4-{n:02d}" for n in (1, 2, 3, 4, 5, 7)),
    *(f"R-T2-{n:02d}" for n in range(1, 8)),
    *(f"R-T1-{n:02d}" for n in range(1, 10)),
    *(f"R-G-{n:02d}" for n in range(1, 11)),
}
CROSS_YEAR = {"R-T3-09", "R-T1-03", "R-T2-02", "R-T1-05", "R-G-07"}
OFF_BY_DEFAULT = {"R-T4-07"}  # "weak, off by default" in the specification


def test_registry_holds_the_spec_ids_once() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert set(ids) == IMPLEMENTED
    assert all(re.fullmatch(r"R-(T[1-4]|G)-\d{2}", rule_id) for rule_id in ids)


def test_registry_is_in_spec_order() -> None:
    """Application table, review table, 第二十条 (2021, then 2019), document; numbers ascending."""
    prefixes = [rule.id.split("-")[1] for rule in RULES]
    order = ["T3", "T4", "T2", "T1", "G"]
    assert prefixes == sorted(prefixes, key=order.index)
    for prefix in order:
        numbers = [int(rule.id.split("-")[2]) for rule in RULES if rule.id.split("-")[1] == prefix]
        assert numbers == sorted(numbers)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_severity_follows_the_rule_class(rule: Rule) -> None:
    classes = set(rule.rule_class.split("/"))
    if rule.rule_class == "informational":
        assert rule.severity is Severity.INFO
    elif classes & {"S", "A"} and rule.id not in {"R-G-03", "R-T3-07"}:
        # R-G-03 is S/H: its findings depend on recognising headings, so it warns.
        # R-T3-07 is S/H: its S part is R-T3-02; the rule reads the text (H), so it warns.
        assert rule.severity is Severity.ERROR
    else:
        assert rule.severity is Severity.WARNING
    assert rule.cross_year == (rule.id in CROSS_YEAR)
    assert rule.default == (rule.id not in OFF_BY_DEFAULT)
    assert rule.summary
    assert len(rule.doc.splitlines()) >= 2, "the docstring explains the rule to report authors"
    assert rule.versions
    assert set(rule.versions) <= set(TemplateVersion)


def test_template_specific_rules() -> None:
    assert all(rule_by_id(f"R-T1-{n:02d}").versions == (TemplateVersion.V2019,) for n in range(1, 10))
    only_2021 = {"R-T2-01", "R-T2-02", "R-T2-03", "R-T2-04", "R-T2-05", "R-T2-06", "R-T3-12"}
    for rule_id in only_2021:
        assert rule_by_id(rule_id).versions == (TemplateVersion.V2021,)
    # The narrative check of decisions applies to both templates (the 2019 one has no rule of its own).
    assert rule_by_id("R-T2-07").versions == (TemplateVersion.V2019, TemplateVersion.V2021)


def test_rule_by_id_rejects_unknown_ids() -> None:
    with pytest.raises(KeyError):
        rule_by_id("R-T9-99")


def _broken_report() -> Report:
    # A blank cell (R-T3-11 warning) and a row total that does not add up (R-T3-03 error).
    return make_report(
        "2021",
        {"requests.granted.commercial": None, "appeals.review.upheld": 2, "appeals.review.total": 1},
    )


def test_select_and_ignore_by_id_and_prefix() -> None:
    report = _broken_report()
    everything = {f.rule_id for f in validate(report)}
    assert {"R-T3-11", "R-T4-01"} <= everything
    assert {f.rule_id for f in validate(report, select=["R-T4-01"])} == {"R-T4-01"}
    assert {f.rule_id for f in validate(report, select=["R-T4"])} == {"R-T4-01"}
    assert "R-T4-01" not in {f.rule_id for f in validate(report, ignore=["R-T4"])}
    assert {f.rule_id for f in validate(report, select=["R-T3", "R-T4"], ignore=["R-T3-11"])} == {"R-T4-01"}


def test_unknown_rule_ids_are_rejected() -> None:
    with pytest.raises(ValueError, match="R-X-01"):
        validate(make_report("2019"), select=["R-X-01"])
    with pytest.raises(ValueError, match="R-T3-99"):
        validate(make_report("2019"), ignore=["R-T3-99"])


def test_strict_raises_with_the_error_findings_only() -> None:
    report = _broken_report()
    with pytest.raises(ReportValidationError) as caught:
        validate(report, strict=True)
    assert caught.value.findings
    assert {f.rule_id for f in caught.value.findings} == {"R-T4-01"}
    assert all(isinstance(f, Finding) and f.severity is Severity.ERROR for f in caught.value.findings)
    restored = pickle.loads(pickle.dumps(caught.value))  # noqa: S301 -- our own bytes
    assert restored.findings == caught.value.findings


def test_strict_passes_on_warnings_only() -> None:
    report = make_report("2019", {"requests.granted.commercial": None})
    findings = validate(report, strict=True)
    assert [f.rule_id for f in findings] == ["R-T3-11"]


def test_catalogue_lists_every_rule_with_its_explanation() -> None:
    text = rules_catalogue_markdown()
    for rule in RULES:
        assert f"(rule-{rule.id.lower()})=" in text
        assert f"## {rule.id}\n" in text
        assert f"[{rule.id}](#rule-{rule.id.lower()})" in text
        assert rule.doc.splitlines()[0] in text
    table_rows = [line for line in text.splitlines() if line.startswith("| [R-")]
    assert len(table_rows) == len(RULES)


def test_catalogue_marks_the_rules_that_are_off_by_default() -> None:
    text = rules_catalogue_markdown()
    for rule in RULES:
        section = text.split(f"## {rule.id}\n", 1)[1].split("\n## ", 1)[0]
        assert ("off by default" in section) is (not rule.default)
