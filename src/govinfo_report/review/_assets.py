"""The style sheet and script inlined in every review page and dashboard (no network, no CDN)."""

from __future__ import annotations

from typing import Final

__all__ = ["DASHBOARD_SCRIPT", "REVIEW_SCRIPT", "STYLE"]

STYLE: Final = """
:root { --value:#ffffff; --blank:#f2f2f2; --inferred:#dbeafe; --unresolved:#fde68a; --invalid:#fecaca;
  --missing:#e5e7eb; --ink:#111827; --muted:#6b7280; --hl:#dc2626; --error:#b91c1c; --warning:#b45309;
  --info:#1d4ed8; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  color: var(--ink); margin: 0 auto; max-width: 1280px; padding: 1rem; line-height: 1.45; }
h1 { font-size: 1.35rem; margin: .2rem 0 .6rem; } h2 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
h3 { font-size: .95rem; margin: .9rem 0 .3rem; color: var(--muted); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: 0;
  font-size: .9rem; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.summary { font-weight: 600; margin: .6rem 0; }
.scroll { overflow-x: auto; max-width: 100%; }
table.grid { border-collapse: collapse; font-size: .85rem; margin: .2rem 0 .6rem; }
table.grid th, table.grid td { border: 1px solid #9ca3af; padding: .2rem .35rem; vertical-align: top; }
table.grid th { background: #f9fafb; font-weight: 600; text-align: left; }
table.grid th.row { min-width: 10rem; max-width: 22rem; }
table.grid td { text-align: right; min-width: 3.2rem; cursor: pointer; font-variant-numeric: tabular-nums; }
td.st-value { background: var(--value); } td.st-blank { background: var(--blank); }
td.st-inferred { background: var(--inferred); } td.st-unresolved { background: var(--unresolved); }
td.st-invalid { background: var(--invalid); }
td.st-missing { background: var(--missing); color: var(--muted); }
td.suspect { font-weight: 700; }
.hl { outline: 3px solid var(--hl); outline-offset: -3px; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem .9rem; font-size: .8rem; margin: .4rem 0; }
.legend span::before { content: ""; display: inline-block; width: .9rem; height: .9rem; margin-right: .25rem;
  vertical-align: -.15rem; border: 1px solid #9ca3af; background: var(--swatch); }
ul.findings { list-style: none; padding: 0; margin: 0; }
ul.findings li { border-left: 4px solid var(--muted); padding: .3rem .6rem; margin: .35rem 0;
  background: #fafafa; cursor: pointer; }
ul.findings li.sev-error { border-color: var(--error); }
ul.findings li.sev-warning { border-color: var(--warning); }
ul.findings li.sev-info { border-color: var(--info); }
ul.findings li.hl { outline: 2px solid var(--hl); }
.rule { font-family: ui-monospace, monospace; font-size: .8rem; color: var(--muted); margin-right: .4rem; }
.terms { font-size: .85rem; color: var(--muted); }
blockquote { margin: .3rem 0; padding: .3rem .6rem; border-left: 3px solid #d1d5db; color: #374151;
  font-size: .9rem; white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: #fde68a; }
#detail { position: sticky; bottom: 0; background: #111827; color: #f9fafb; padding: .4rem .7rem;
  font-size: .85rem; min-height: 2rem; overflow-wrap: anywhere; }
figure.page { position: relative; margin: .6rem 0; max-width: 100%; border: 1px solid #d1d5db; }
figure.page img { display: block; width: 100%; height: auto; }
figure.page svg { position: absolute; inset: 0; width: 100%; height: 100%; }
figure.page rect { fill: transparent; stroke-width: 1.5; cursor: pointer; }
figure.page rect.st-value { stroke: #16a34a; } figure.page rect.st-blank { stroke: #9ca3af; }
figure.page rect.st-inferred { stroke: #2563eb; } figure.page rect.st-unresolved { stroke: #d97706; }
figure.page rect.st-invalid, figure.page rect.st-missing { stroke: #dc2626; }
figure.page rect.hl { fill: rgba(220, 38, 38, .25); stroke: var(--hl); stroke-width: 3; }
figcaption { font-size: .8rem; color: var(--muted); padding: .2rem .4rem; }
input.filter { width: 100%; max-width: 24rem; padding: .3rem; margin: .4rem 0; font-size: .9rem; }
table.sortable th { cursor: pointer; }
table.sortable td:nth-child(-n+2), table.sortable td:last-child { text-align: left; }
svg.chart text { font-size: 11px; fill: var(--ink); }
@media (max-width: 640px) { body { padding: .5rem; } table.grid { font-size: .75rem; }
  table.grid th.row { min-width: 7rem; } }
@media print { @page { size: A4; margin: 12mm; } #detail, input.filter { display: none; }
  body { max-width: none; padding: 0; } .scroll { overflow: visible; } figure.page { break-inside: avoid; }
  table.grid { break-inside: auto; } }
"""

REVIEW_SCRIPT: Final = """
(function () {
  var detail = document.getElementById("detail");
  function clear() { document.querySelectorAll(".hl").forEach(function (el) { el.classList.remove("hl"); }); }
  function cellsOf(key) { return document.querySelectorAll('[data-key="' + CSS.escape(key) + '"]'); }
  document.querySelectorAll("ul.findings li").forEach(function (item) {
    item.addEventListener("click", function () {
      clear(); item.classList.add("hl");
      var first = null;
      (item.dataset.cells || "").split(" ").filter(Boolean).forEach(function (key) {
        cellsOf(key).forEach(function (cell) { cell.classList.add("hl"); if (!first) { first = cell; } });
      });
      if (first && first.scrollIntoView) { first.scrollIntoView({block: "center"}); }
    });
  });
  document.querySelectorAll("[data-key]").forEach(function (cell) {
    function show() {
      clear();
      cellsOf(cell.dataset.key).forEach(function (twin) { twin.classList.add("hl"); });
      document.querySelectorAll("ul.findings li").forEach(function (item) {
        if ((" " + (item.dataset.cells || "") + " ").indexOf(" " + cell.dataset.key + " ") >= 0) {
          item.classList.add("hl");
        }
      });
      detail.textContent = cell.dataset.info || cell.getAttribute("title") || "";
    }
    cell.addEventListener("click", show);
    cell.addEventListener("focus", show);
  });
})();
"""

DASHBOARD_SCRIPT: Final = """
(function () {
  var table = document.getElementById("reports");
  var filter = document.getElementById("filter");
  filter.addEventListener("input", function () {
    var needle = filter.value.trim().toLowerCase();
    table.querySelectorAll("tbody tr").forEach(function (row) {
      row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) < 0;
    });
  });
  table.querySelectorAll("th").forEach(function (header, column) {
    header.addEventListener("click", function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var descending = header.dataset.sorted === "asc";
      table.querySelectorAll("th").forEach(function (other) { delete other.dataset.sorted; });
      header.dataset.sorted = descending ? "desc" : "asc";
      rows.sort(function (a, b) {
        var x = a.cells[column].dataset.sort || a.cells[column].textContent;
        var y = b.cells[column].dataset.sort || b.cells[column].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "zh");
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
"""
