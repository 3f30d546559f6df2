"""Assembly: a :class:`~govinfo_report.document.Document` into a :class:`~govinfo_report.Report`.

The one stage that knows the templates (through :mod:`govinfo_report.model.labels`):
template detection (:mod:`._template`), the walk over table grids that places
rows (:mod:`._walk`, label matching in :mod:`._labels`), reading cells as
values (:mod:`._cells`, :mod:`._tokens`, :mod:`._normalize`), splitting digit
runs whose cell boundaries were lost (:mod:`._digit_runs`), tables flattened
into running text (:mod:`._flattened`) and the narrative (:mod:`._narrative`).
"""

from __future__ import annotations

from govinfo_report.assembly._walk import assemble

__all__ = ["assemble"]
