"""Assembly: a :class:`~govinfo_report.document.Document` into a :class:`~govinfo_report.Report`.

The one stage that knows the templates (through :mod:`govinfo_report.model.labels`):
template detection (``_template``), the walk over table grids that places
rows (``_walk``, label matching in ``_labels``), reading cells as
values (``_cells``, ``_tokens``, ``_normalize``), splitting digit
runs whose cell boundaries were lost (``_digit_runs``), tables flattened
into running text (``_flattened``) and the narrative (``_narrative``).
"""

from __future__ import annotations

from govinfo_report.assembly._walk import assemble

__all__ = ["assemble"]
