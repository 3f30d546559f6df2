"""Every corpus input, mutated (bytes, lines, rows, cells, encodings, streams), parses or fails cleanly.

See :mod:`tests.fuzz.mutate` for the mutations and :mod:`tests.fuzz.harness`
for what counts as a clean outcome.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from tests.conftest import CorpusCase
from tests.fuzz.budget import MUTATED, SIZES, examples
from tests.fuzz.harness import check
from tests.fuzz.mutate import PLANS, mutate


@pytest.mark.corpus
@pytest.mark.parametrize("size", SIZES)
def test_mutated_corpus_input(corpus_case: CorpusCase, size: str) -> None:
    """Mutated inputs give a Report or a library error with a location, within the time and memory bounds."""
    data = corpus_case.path.read_bytes()
    plan = PLANS[corpus_case.format]
    budget = MUTATED[corpus_case.format]

    @settings(
        max_examples=examples(budget, size),
        deadline=None,
        suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large),
    )
    @given(st.data())
    def case(drawn: st.DataObject) -> None:
        mutated, names = mutate(data, plan, drawn.draw)
        note(f"mutations: {names}, {len(mutated)} bytes")
        check(mutated, format=corpus_case.format, source=corpus_case.name)

    case()


@pytest.mark.corpus(formats=("pdf",))
@pytest.mark.parametrize("size", SIZES)
def test_mutated_pdf_with_the_reference_backend(corpus_case: CorpusCase, size: str) -> None:
    """The mutated PDFs parse or fail cleanly with pdfminer.six too (the default backend is PDFium)."""
    data = corpus_case.path.read_bytes()

    @settings(
        max_examples=examples(MUTATED["pdf"], size),
        deadline=None,
        suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large),
    )
    @given(st.data())
    def case(drawn: st.DataObject) -> None:
        mutated, names = mutate(data, PLANS["pdf"], drawn.draw)
        note(f"mutations: {names}, {len(mutated)} bytes")
        check(mutated, format="pdf", source=corpus_case.name, pdf_backend="pdfminer")

    case()
