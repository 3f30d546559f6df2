"""The findings of every corpus report against its hand-checked golden findings (``tests/data/findings``)."""

from __future__ import annotations

from collections import Counter

import pytest
from tests.conftest import CorpusCase
from tests.validation.golden_findings import FINDINGS_DIR, expected_findings, golden_key, key_of, tally

from govinfo_report import parse_path, validate


@pytest.mark.corpus
def test_findings_match_the_golden_findings(corpus_case: CorpusCase) -> None:
    """Every expected error is found and no unexpected error appears; warnings are tallied for the summary."""
    golden = expected_findings(corpus_case.path.name)
    expected = Counter(golden_key(entry) for entry in golden)
    found = Counter(key_of(finding) for finding in validate(parse_path(corpus_case.path)))
    tally(expected, found)
    missing_errors = [key for key in expected - found if key[1] == "error"]
    unexpected_errors = [key for key in found - expected if key[1] == "error"]
    assert missing_errors == [], "expected error-level findings not found"
    assert unexpected_errors == [], "error-level findings not in the golden list"


def test_every_corpus_input_has_golden_findings() -> None:
    """Each corpus input has its list, and each entry gives a reason."""
    from tests.conftest import corpus_cases

    for case in corpus_cases():
        for entry in expected_findings(case.path.name):
            assert entry["reason"].strip(), (case.path.name, entry)
    assert len(list(FINDINGS_DIR.glob("*.json"))) == len(corpus_cases())
