"""Template version detection from table labels."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from govinfo_report.assembly._normalize import normalize_label
from govinfo_report.model import TemplateVersion
from govinfo_report.model.labels import TEMPLATE_TABLE_LABELS, version_signals

__all__ = ["detect_template"]


@cache
def _signals() -> dict[TemplateVersion, tuple[str, ...]]:
    """Normalised label texts that only one template version has."""
    return {version: tuple(map(normalize_label, version_signals(version))) for version in TemplateVersion}


def detect_template(labels: Iterable[str]) -> TemplateVersion | None:
    """Return the template version the normalised table ``labels`` point to.

    Each label that only one version has is a vote.  ``None`` means no
    standard table was seen at all; the version with the most votes wins,
    and a table without distinguishing labels (or a tie) counts as the
    oldest version.
    """
    # Labels are joined with a separator no label contains, so no signal spans two labels.
    text = "\x00".join(label for label in labels if label)
    votes = {version: sum(map(text.count, signals)) for version, signals in _signals().items()}
    seen_table = any(marker in text for marker in TEMPLATE_TABLE_LABELS)
    if not seen_table and not any(votes.values()):
        return None
    # The most votes wins; a tie goes to the oldest version.
    return max(TemplateVersion, key=lambda version: votes[version])
