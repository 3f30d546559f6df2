"""Label matching against the template's patterns."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import attrs

from govinfo_report._fast import quick_init
from govinfo_report.assembly._normalize import normalize_label

__all__ = ["LabelMatch", "Pattern", "PatternIndex", "best_match", "compile_patterns"]


@attrs.frozen
class Pattern:
    """A normalised label text that identifies ``target``.

    Attributes:
        target: What the pattern identifies (a row key, a group name …).
        text: The normalised pattern text.
        variant: Whether the pattern is a non-template wording.
    """

    target: str
    text: str
    variant: bool = False


@attrs.frozen
class LabelMatch:
    """The best occurrence of a pattern in a label text.

    Attributes:
        pattern: The pattern that matched.
        start: Index of the match in the normalised label text.
        end: Index after the match.
    """

    pattern: Pattern
    start: int
    end: int


_label_match = quick_init(LabelMatch, "pattern", "start", "end")


@cache
def _normalized(text: str) -> str:
    return normalize_label(text)


def compile_patterns(entries: Iterable[tuple[str, Iterable[str], Iterable[str]]]) -> tuple[Pattern, ...]:
    """Build patterns from ``(target, patterns, variants)`` triples of template texts."""
    compiled: list[Pattern] = []
    for target, patterns, variants in entries:
        compiled.extend(Pattern(target, _normalized(text)) for text in patterns)
        compiled.extend(Pattern(target, _normalized(text), variant=True) for text in variants)
    return tuple(compiled)


def best_match(label: str, patterns: Iterable[Pattern]) -> LabelMatch | None:
    """Return the occurrence that ends last in ``label`` (normalised), longest first on ties.

    Label texts accumulate the labels of merged group cells and of lines a
    label was broken over, so the most specific label is the one that ends
    last.
    """
    # Compare plain tuples and build the result once: most patterns do not occur at all.
    best_key: tuple[int, int, bool] | None = None
    best: tuple[Pattern, int] | None = None
    for pattern in patterns:
        text = pattern.text
        start = label.rfind(text)
        if start < 0:
            continue
        key = (start + len(text), len(text), not pattern.variant)
        if best_key is None or key > best_key:
            best_key = key
            best = (pattern, start)
    if best is None:
        return None
    pattern, start = best
    return _label_match(pattern, start, start + len(pattern.text))


class PatternIndex:
    """Patterns arranged to answer :func:`best_match` quickly for many labels.

    The match :func:`best_match` returns is the one that ends last, longest
    first on ties: in the reversed label, the leftmost occurrence of a
    reversed pattern, trying the longest first.  One regular expression of
    the reversed patterns, longest first, finds it in a single search.

    Args:
        patterns: The patterns, in order of precedence on full ties.

    Raises:
        ValueError: A pattern is empty.
    """

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.patterns = tuple(patterns)
        if any(not pattern.text for pattern in self.patterns):
            raise ValueError("an empty pattern matches everywhere")
        ranked = sorted(
            enumerate(self.patterns), key=lambda item: (-len(item[1].text), item[1].variant, item[0])
        )
        # Of patterns with the same text, the first in precedence wins, as in the search.
        self._by_reversed_text: dict[str, Pattern] = {}
        for _, pattern in ranked:
            self._by_reversed_text.setdefault(pattern.text[::-1], pattern)
        self._reversed = re.compile("|".join(re.escape(text) for text in self._by_reversed_text))

    def best(self, label: str) -> LabelMatch | None:
        """The same as ``best_match(label, self.patterns)``."""
        found = self._reversed.search(label[::-1])
        if found is None:
            return None
        size = len(label)
        return _label_match(self._by_reversed_text[found.group()], size - found.end(), size - found.start())
