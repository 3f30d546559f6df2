"""Table grids from ruling lines and character positions, for the PDF parser.

A ruled table is rebuilt in four steps:

1. ruling segments (lines, thin rectangles, rectangle edges, straight pieces
   of curves) are split into horizontal and vertical ones, and collinear
   pieces are merged;
2. segments that touch form one table; the ``x`` of its vertical segments and
   the ``y`` of its horizontal ones, clustered with a tolerance, give the
   elementary grid;
3. neighbouring elementary cells with no ruling between them are merged into
   one *region* (a merged cell);
4. characters go to the region that holds their centre.

A table part is then a list of regions.  Parts continued across pages are
stacked (:func:`join_parts`) and the final grid is laid out from the region
edges (:func:`layout_grid`), so a merged cell becomes one origin position
plus spanned copies.

Tables without rulings are found from text alignment instead
(:func:`find_aligned_tables`): consecutive lines that break into several
runs at wide gaps, with columns where the runs line up.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import pairwise

from govinfo_report.readers.pdf._layout import Char, Line, cell_text, group_lines, is_cjk

__all__ = [
    "Region",
    "Rulings",
    "TablePart",
    "find_aligned_tables",
    "find_ruled_tables",
    "join_parts",
    "layout_grid",
]

TOLERANCE = 2.0
"""Points within which two edges count as the same grid line."""
_THIN = 2.0
"""A filled rectangle at most this thick is a ruling line."""
_MIN_SEGMENT = 1.0
"""Shorter segments are dots or glyph pieces, not rulings."""
_OUTER = 6.0
"""Rulings overshooting the outermost grid line by more than this open an outer row or column."""
_MIN_CELL = 4.0
"""Parallel rulings closer than this are one grid line (a double border), not a sliver of cells."""
_ALIGNED_GAP = 1.5
"""A gap wider than this many font sizes separates two cells of a table without rulings."""

_ENUMERATION = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])")

# (position, start, end): a horizontal segment at y=position from x=start to
# x=end, or a vertical one at x=position from y=start to y=end.
_Segment = tuple[float, float, float]


class CellLimitError(Exception):
    """A table grid exceeds the allowed number of cells (carries the count)."""

    def __init__(self, cells: int) -> None:
        super().__init__(cells)
        self.cells = cells


class Rulings:
    """Collects the ruling segments of a page."""

    __slots__ = ("horizontal", "vertical")

    def __init__(self) -> None:
        self.horizontal: list[_Segment] = []
        self.vertical: list[_Segment] = []

    def add_line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """Add a straight segment; slanted ones are ignored."""
        if abs(y1 - y0) <= 0.5 and abs(x1 - x0) >= _MIN_SEGMENT:
            self.horizontal.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= 0.5 and abs(y1 - y0) >= _MIN_SEGMENT:
            self.vertical.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))

    def add_rect(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """Add a rectangle: a thin one is a line, a larger one contributes its four edges."""
        x0, x1 = min(x0, x1), max(x0, x1)
        y0, y1 = min(y0, y1), max(y0, y1)
        width, height = x1 - x0, y1 - y0
        if width <= _THIN and height <= _THIN:
            return
        if width <= _THIN:
            self.vertical.append(((x0 + x1) / 2, y0, y1))
        elif height <= _THIN:
            self.horizontal.append(((y0 + y1) / 2, x0, x1))
        else:
            self.horizontal.append((y0, x0, x1))
            self.horizontal.append((y1, x0, x1))
            self.vertical.append((x0, y0, y1))
            self.vertical.append((x1, y0, y1))

    def add_polyline(self, points: Sequence[tuple[float, float]]) -> None:
        """Add the straight axis-aligned pieces between consecutive points."""
        for (x0, y0), (x1, y1) in pairwise(points):
            self.add_line(x0, y0, x1, y1)

    def __bool__(self) -> bool:
        return bool(self.horizontal or self.vertical)


class Region:
    """A cell of a table part: one elementary grid cell or several merged ones.

    ``x0``, ``x1``, ``top`` and ``bottom`` are layout coordinates: page
    coordinates at first, shifted when parts of a table from several pages
    are stacked.  ``bbox`` and ``page`` keep where the cell really is.
    """

    __slots__ = ("bbox", "bottom", "lines", "page", "text", "top", "x0", "x1")

    def __init__(
        self,
        box: tuple[float, float, float, float],
        lines: list[Line],
        page: int,
    ) -> None:
        x0, bottom, x1, top = box
        self.x0 = x0
        self.x1 = x1
        self.bottom = bottom
        self.top = top
        self.lines = lines
        self.page = page
        self.text = cell_text(lines)
        self.bbox = (round(x0, 2), round(bottom, 2), round(x1, 2), round(top, 2))

    def __repr__(self) -> str:
        box = f"x={self.x0:.1f}-{self.x1:.1f}, y={self.bottom:.1f}-{self.top:.1f}"
        return f"Region({self.text!r}, p{self.page}, {box})"


class TablePart:
    """The piece of a table found on one page.

    Args:
        regions: The table's cells.
        page: 1-based page number.
        ruled: Whether the grid came from ruling lines (else from text alignment).
    """

    __slots__ = ("bottom", "page", "regions", "ruled", "top", "x0", "x1")

    def __init__(self, regions: list[Region], page: int, *, ruled: bool) -> None:
        self.regions = regions
        self.page = page
        self.ruled = ruled
        self.x0 = min(region.x0 for region in regions)
        self.x1 = max(region.x1 for region in regions)
        self.bottom = min(region.bottom for region in regions)
        self.top = max(region.top for region in regions)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """The part's box on its page."""
        return (round(self.x0, 2), round(self.bottom, 2), round(self.x1, 2), round(self.top, 2))


def _cluster(values: Sequence[float], tolerance: float = TOLERANCE) -> list[list[float]]:
    """Group sorted values whose neighbours are at most ``tolerance`` apart."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return groups


def _merge_segments(segments: Sequence[_Segment]) -> list[_Segment]:
    """Merge collinear segments that overlap or touch."""
    merged: list[_Segment] = []
    by_position = sorted(segments)
    index = 0
    while index < len(by_position):
        group = [by_position[index]]
        index += 1
        while index < len(by_position) and by_position[index][0] - group[-1][0] <= TOLERANCE:
            group.append(by_position[index])
            index += 1
        # Each run of overlapping pieces keeps its own mean position, so that lines of two
        # tables that merely lie at nearly the same x or y are not blended.
        group.sort(key=lambda segment: segment[1])
        run = [group[0]]
        end = group[0][2]
        for segment in group[1:]:
            if segment[1] > end + TOLERANCE:
                merged.append(_merged_run(run))
                run, end = [], segment[2]
            run.append(segment)
            end = max(end, segment[2])
        merged.append(_merged_run(run))
    return merged


def _merged_run(run: Sequence[_Segment]) -> _Segment:
    position = sum(segment[0] for segment in run) / len(run)
    return (position, min(segment[1] for segment in run), max(segment[2] for segment in run))


def _find(parent: list[int], item: int) -> int:
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def _union(parent: list[int], a: int, b: int) -> None:
    root_a, root_b = _find(parent, a), _find(parent, b)
    if root_a != root_b:
        parent[max(root_a, root_b)] = min(root_a, root_b)


def _components(
    horizontal: Sequence[_Segment], vertical: Sequence[_Segment]
) -> list[tuple[list[_Segment], list[_Segment]]]:
    """Group segments into sets that touch each other (one set per table)."""
    count_h = len(horizontal)
    parent = list(range(count_h + len(vertical)))
    by_x = sorted(range(len(vertical)), key=lambda i: vertical[i][0])
    xs = [vertical[i][0] for i in by_x]
    for h_index, (y, x0, x1) in enumerate(horizontal):
        lo = bisect_left(xs, x0 - TOLERANCE)
        hi = bisect_right(xs, x1 + TOLERANCE)
        for position in range(lo, hi):
            v_index = by_x[position]
            _, y0, y1 = vertical[v_index]
            if y0 - TOLERANCE <= y <= y1 + TOLERANCE:
                _union(parent, h_index, count_h + v_index)
    groups: dict[int, tuple[list[_Segment], list[_Segment]]] = {}
    for index in range(len(parent)):
        root = _find(parent, index)
        entry = groups.setdefault(root, ([], []))
        if index < count_h:
            entry[0].append(horizontal[index])
        else:
            entry[1].append(vertical[index - count_h])
    return [groups[root] for root in sorted(groups)]


def _coverage(intervals: Sequence[tuple[float, float]], start: float, end: float) -> float:
    """Return the share of ``[start, end]`` covered by the (disjoint) intervals."""
    if end <= start:
        return 0.0
    covered = sum(max(0.0, min(end, b) - max(start, a)) for a, b in intervals)
    return covered / (end - start)


def _rulings(
    along: Sequence[_Segment], across: Sequence[_Segment]
) -> tuple[list[float], list[list[tuple[float, float]]]]:
    """Where the rulings ``along`` one axis lie and the spans each covers.

    Open sides count too: rulings ``across`` reaching beyond the outermost of them.
    """
    positions = [sum(group) / len(group) for group in _cluster([segment[0] for segment in along], _MIN_CELL)]
    cover: list[list[tuple[float, float]]] = [[] for _ in positions]
    for position, start, end in along:
        cover[_nearest(positions, position)].append((start, end))
    if across:
        low = min(segment[1] for segment in across)
        high = max(segment[2] for segment in across)
        if low < positions[0] - _OUTER:
            positions.insert(0, low)
            cover.insert(0, [])
        if high > positions[-1] + _OUTER:
            positions.append(high)
            cover.append([])
    return positions, cover


class _Grid:
    """The elementary grid of one ruled table and its merged regions."""

    def __init__(self, horizontal: Sequence[_Segment], vertical: Sequence[_Segment]) -> None:
        xs, x_cover = _rulings(vertical, horizontal)
        ys, y_cover = _rulings(horizontal, vertical)
        self.xs = xs
        # Rows run top to bottom.
        self.ys = ys[::-1]
        self.neg_ys = [-y for y in self.ys]
        self.x_cover = [_union_intervals(cover) for cover in x_cover]
        self.y_cover = [_union_intervals(cover) for cover in y_cover[::-1]]

    def cell_at(self, x: float, y: float) -> int | None:
        """Index (row-major) of the elementary cell holding the point, or ``None`` outside the grid."""
        xs, ys = self.xs, self.ys
        if not (xs[0] <= x <= xs[-1] and ys[-1] <= y <= ys[0]):
            return None
        col = min(max(bisect_right(xs, x) - 1, 0), len(xs) - 2)
        row = min(max(bisect_right(self.neg_ys, -y) - 1, 0), len(ys) - 2)
        return row * (len(xs) - 1) + col

    @property
    def shape(self) -> tuple[int, int]:
        """Rows and columns of the elementary grid."""
        return max(len(self.ys) - 1, 0), max(len(self.xs) - 1, 0)

    def regions(self) -> tuple[list[int], list[tuple[int, int, int, int]]]:
        """Merge elementary cells not separated by a ruling.

        Returns:
            For each elementary cell (row-major) the index of its region, and
            for each region its ``(row0, col0, row1, col1)`` span (inclusive).
        """
        rows, cols = self.shape
        parent = list(range(rows * cols))
        xs, ys = self.xs, self.ys
        for row in range(rows):
            top, bottom = ys[row], ys[row + 1]
            for col in range(cols):
                cell = row * cols + col
                if col + 1 < cols and _coverage(self.x_cover[col + 1], bottom, top) < 0.5:
                    _union(parent, cell, cell + 1)
                if row + 1 < rows and _coverage(self.y_cover[row + 1], xs[col], xs[col + 1]) < 0.5:
                    _union(parent, cell, cell + cols)
        index_of: dict[int, int] = {}
        spans: list[list[int]] = []
        cell_region: list[int] = []
        for cell in range(rows * cols):
            root = _find(parent, cell)
            row, col = divmod(cell, cols)
            if root not in index_of:
                index_of[root] = len(spans)
                spans.append([row, col, row, col])
            region = index_of[root]
            span = spans[region]
            span[0], span[1] = min(span[0], row), min(span[1], col)
            span[2], span[3] = max(span[2], row), max(span[3], col)
            cell_region.append(region)
        return cell_region, [(s[0], s[1], s[2], s[3]) for s in spans]


def _union_intervals(intervals: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Merge intervals, each widened by the tolerance (rulings often stop just short of a corner)."""
    merged: list[tuple[float, float]] = []
    for low, high in sorted(intervals):
        start, end = low - TOLERANCE, high + TOLERANCE
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _nearest(values: Sequence[float], value: float) -> int:
    """Index of the sorted ``values`` entry nearest to ``value``."""
    index = bisect_left(values, value)
    if index == 0:
        return 0
    if index == len(values):
        return len(values) - 1
    return index if values[index] - value < value - values[index - 1] else index - 1


def _grids(rulings: Rulings, max_cells: int) -> list[_Grid]:
    """The elementary grids of the page's ruled tables (at least two columns each)."""
    grids: list[_Grid] = []
    horizontal = _merge_segments(rulings.horizontal)
    vertical = _merge_segments(rulings.vertical)
    for comp_h, comp_v in _components(horizontal, vertical):
        if not comp_h or not comp_v or len(comp_h) + len(comp_v) < 3:
            continue
        grid = _Grid(comp_h, comp_v)
        rows, cols = grid.shape
        if rows < 1 or cols < 2:
            continue
        if rows * cols > max_cells:
            raise CellLimitError(rows * cols)
        grids.append(grid)
    return grids


def find_ruled_tables(
    chars: Sequence[Char],
    rulings: Rulings,
    page: int,
    max_cells: int,
) -> tuple[list[TablePart], list[Char]]:
    """Find the ruled tables of a page and fill their cells.

    A grid counts as a table when it has at least two columns, two cells
    after merging and some text; otherwise (a frame around a paragraph, a
    stack of shaded lines) its characters stay narrative text.

    Args:
        chars: The page's characters.
        rulings: The page's ruling segments.
        page: 1-based page number.
        max_cells: Most elementary cells one table may have.

    Returns:
        The table parts (top to bottom) and the characters outside them.

    Raises:
        CellLimitError: A table has more than ``max_cells`` cells.
    """
    grids = _grids(rulings, max_cells) if rulings else []
    if not grids:
        return [], list(chars)
    layouts = [grid.regions() for grid in grids]
    bins: list[list[list[Char]]] = [[[] for _ in spans] for _, spans in layouts]
    rest: list[Char] = []
    for char in chars:
        cx = (char.x0 + char.x1) / 2
        cy = (char.y0 + char.y1) / 2
        for grid, (cell_region, _), grid_bins in zip(grids, layouts, bins, strict=True):
            cell = grid.cell_at(cx, cy)
            if cell is not None:
                grid_bins[cell_region[cell]].append(char)
                break
        else:
            rest.append(char)

    parts: list[TablePart] = []
    for grid, (_, spans), grid_bins in zip(grids, layouts, bins, strict=True):
        if len(spans) < 2 or not any(grid_bins):
            rest.extend(char for region_chars in grid_bins for char in region_chars)
            continue
        xs, ys = grid.xs, grid.ys
        regions = [
            Region((xs[c0], ys[r1 + 1], xs[c1 + 1], ys[r0]), group_lines(region_chars), page)
            for (r0, c0, r1, c1), region_chars in zip(spans, grid_bins, strict=True)
        ]
        parts.append(TablePart(regions, page, ruled=True))
    parts.sort(key=lambda part: -part.top)
    return parts, rest


def _runs(line: Line) -> list[list[Char]]:
    """Split a line into runs of characters at gaps wider than ``_ALIGNED_GAP`` font sizes."""
    runs: list[list[Char]] = []
    for char in line.visible():
        if runs and char.x0 - runs[-1][-1].x1 <= _ALIGNED_GAP * max(char.size, runs[-1][-1].size):
            runs[-1].append(char)
        else:
            runs.append([char])
    return runs


def find_aligned_tables(lines: Sequence[Line], page: int) -> tuple[list[TablePart], list[Line]]:
    """Find tables without rulings: blocks of lines whose text falls into aligned columns.

    A block is at least two consecutive lines, each broken into two or more
    runs by wide gaps, set at an ordinary line pitch.  Columns are the
    overlapping runs' ``x`` ranges merged across the block; every line becomes
    a row and every run a cell of the column that holds it.

    Args:
        lines: Narrative lines of a page, top to bottom.
        page: 1-based page number.

    Returns:
        The table parts and the lines left outside them.
    """
    runs = [_runs(line) for line in lines]
    parts: list[TablePart] = []
    rest: list[Line] = []
    index = 0
    while index < len(lines):
        end = index
        while (
            end < len(lines)
            and len(runs[end]) >= 2
            and (
                end == index
                or lines[end - 1].y0 - lines[end].y1 <= 1.5 * max(lines[end].size, lines[end - 1].size)
            )
        ):
            end += 1
        if end - index >= 2:
            parts.append(_aligned_part(lines[index:end], runs[index:end], page))
            index = end
        else:
            rest.append(lines[index])
            index += 1
    return parts, rest


def _aligned_part(lines: Sequence[Line], runs: Sequence[list[list[Char]]], page: int) -> TablePart:
    spans = sorted((run[0].x0, max(char.x1 for char in run)) for line_runs in runs for run in line_runs)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    # Cell edges halfway between columns and between lines, so the cells tile the table.
    col_edges = [columns[0][0]]
    col_edges += [(left[1] + right[0]) / 2 for left, right in pairwise(columns)]
    col_edges.append(columns[-1][1])
    row_edges = [lines[0].y1]
    row_edges += [(above.y0 + below.y1) / 2 for above, below in pairwise(lines)]
    row_edges.append(lines[-1].y0)
    starts = [column[0] for column in columns]
    regions: list[Region] = []
    for row, line_runs in enumerate(runs):
        cells: dict[int, list[Char]] = {}
        for run in line_runs:
            col = max(bisect_right(starts, run[0].x0) - 1, 0)
            cells.setdefault(col, []).extend(run)
        for col in range(len(columns)):
            region_chars = cells.get(col, [])
            regions.append(
                Region(
                    (col_edges[col], row_edges[row + 1], col_edges[col + 1], row_edges[row]),
                    [Line(region_chars)] if region_chars else [],
                    page,
                )
            )
    return TablePart(regions, page, ruled=False)


def _same_extent(a: Region, b: Region) -> bool:
    return abs(a.x0 - b.x0) <= 2 * TOLERANCE and abs(a.x1 - b.x1) <= 2 * TOLERANCE


def _wrapped(region: Region) -> bool:
    """Whether the region's text fills its last line to the right edge (so it may go on)."""
    if not region.lines:
        return False
    last = region.lines[-1].visible()
    if not last:
        return False
    width = max(char.x1 - char.x0 for char in last)
    right_slack = region.x1 - last[-1].x1
    left_slack = last[0].x0 - region.x0
    return right_slack < min(left_slack, width) + 0.8 * width


def _is_text(text: str) -> bool:
    return any(is_cjk(ch) or ch.isalpha() for ch in text)


def _top_band(regions: Sequence[Region], rows: int) -> list[Region] | None:
    """Regions of the top ``rows`` layout rows of a part, or ``None`` if a region crosses the band."""
    edges = sorted({round(region.top, 1) for region in regions}, reverse=True)
    if len(edges) <= rows:
        return None
    limit = edges[rows]
    band = [region for region in regions if region.top > limit + TOLERANCE]
    if any(region.bottom < limit - TOLERANCE for region in band):
        return None
    return sorted(band, key=lambda region: (-round(region.top), region.x0))


def _drop_repeated_header(first: Sequence[Region], regions: list[Region]) -> list[Region]:
    """Remove from a continuation the header rows that repeat the table's first rows."""
    for rows in (3, 2, 1):
        head = _top_band(first, rows)
        again = _top_band(regions, rows)
        if head is None or again is None or len(head) != len(again):
            continue
        if all(
            "".join(a.text.split()) == "".join(b.text.split()) and abs(a.x0 - b.x0) <= 2 * TOLERANCE
            for a, b in zip(head, again, strict=True)
        ) and any(region.text for region in again):
            dropped = {id(region) for region in again}
            return [region for region in regions if id(region) not in dropped]
    return regions


def _glue(upper: Region, lower: Region) -> None:
    """Extend ``upper`` over ``lower`` (its continuation below a page break)."""
    if lower.text:
        upper.text = f"{upper.text}\n{lower.text}" if upper.text else lower.text
        upper.lines = upper.lines + lower.lines
    upper.bottom = lower.bottom


def _glue_seam(above: Sequence[Region], seam: Sequence[Region]) -> set[int]:
    """Rejoin cells cut by a page break; return the ids of the lower pieces glued to upper ones.

    Args:
        above: The cells ending at the foot of the upper part.
        seam: The cells starting at the head of the lower part.
    """
    glued: set[int] = set()
    text_glued = False
    leading = True
    for lower in sorted(seam, key=lambda region: region.x0):
        leading_now = leading
        if lower.text:
            leading = False
        upper = next((region for region in above if _same_extent(region, lower)), None)
        if upper is None or not upper.text or not leading_now:
            continue
        if lower.text:
            if not (
                _wrapped(upper)
                and _is_text(upper.text)
                and _is_text(lower.text)
                and not _ENUMERATION.match(lower.text)
            ):
                continue
            text_glued = True
        _glue(upper, lower)
        glued.add(id(lower))
    # A row the break split in two (its label went on, its other cells are empty below the
    # break) is one row: the empty pieces join the cells above them as well.
    if text_glued and all(id(region) in glued or not region.text for region in seam):
        for lower in seam:
            upper = next((region for region in above if _same_extent(region, lower)), None)
            if id(lower) not in glued and upper is not None:
                _glue(upper, lower)
                glued.add(id(lower))
    return glued


def join_parts(parts: Sequence[TablePart]) -> list[Region]:
    """Stack the parts of one table found on consecutive pages.

    Each continuation is shifted to sit below the part before it, after
    dropping a repeated header.  Where the page break cut a merged cell, the
    two pieces are rejoined: a continuation's leading empty cells (left of its
    first row's first text) extend the cell above them, and a label cut
    mid-text (the upper piece fills its last line, the lower piece does not
    start a new numbered item) is glued back together; when that leaves the
    rest of the row empty, the whole row was split and is rejoined.

    Args:
        parts: The parts, in page order (at least one).

    Returns:
        The regions of the whole table in layout coordinates.
    """
    regions = list(parts[0].regions)
    first = parts[0].regions
    bottom = parts[0].bottom
    left, right = parts[0].x0, parts[0].x1
    for part in parts[1:]:
        continued = _drop_repeated_header(first, list(part.regions))
        if not continued:
            continue
        top = max(region.top for region in continued)
        dy = bottom - top
        # A part shifted sideways as a whole (other page margins) is moved back into line.
        dx0, dx1 = left - part.x0, right - part.x1
        dx = (dx0 + dx1) / 2 if abs(dx0 - dx1) <= TOLERANCE else 0.0
        for region in continued:
            region.top += dy
            region.bottom += dy
            region.x0 += dx
            region.x1 += dx
        above = [region for region in regions if abs(region.bottom - bottom) <= TOLERANCE]
        seam = [region for region in continued if abs(region.top - bottom) <= TOLERANCE]
        glued = _glue_seam(above, seam)
        regions.extend(region for region in continued if id(region) not in glued)
        bottom = min(region.bottom for region in regions)
    return regions


def layout_grid(regions: Sequence[Region], max_cells: int) -> list[list[tuple[Region, bool] | None]]:
    """Lay regions out on a grid whose lines are the clustered region edges.

    Args:
        regions: The table's regions in layout coordinates.
        max_cells: Most grid positions allowed.

    Returns:
        Rows top to bottom; each position holds its region and whether it is a
        spanned copy (``True`` everywhere but the region's top-left), or
        ``None`` where no region lies.

    Raises:
        CellLimitError: The grid has more than ``max_cells`` positions.
    """
    xs = [sum(group) / len(group) for group in _cluster([e for r in regions for e in (r.x0, r.x1)])]
    ys = [sum(group) / len(group) for group in _cluster([e for r in regions for e in (r.bottom, r.top)])]
    ys.reverse()
    rows, cols = len(ys) - 1, len(xs) - 1
    if rows * cols > max_cells:
        raise CellLimitError(rows * cols)
    grid: list[list[tuple[Region, bool] | None]] = [[None] * cols for _ in range(rows)]
    neg_ys = [-y for y in ys]
    for region in sorted(regions, key=lambda r: (-r.top, r.x0)):
        c0, c1 = _nearest(xs, region.x0), _nearest(xs, region.x1)
        r0, r1 = _nearest(neg_ys, -region.top), _nearest(neg_ys, -region.bottom)
        c1, r1 = max(c1, c0 + 1), max(r1, r0 + 1)
        for row in range(r0, min(r1, rows)):
            for col in range(c0, min(c1, cols)):
                if grid[row][col] is None:
                    grid[row][col] = (region, (row, col) != (r0, c0))
    return grid


def compatible(upper: TablePart, lower: TablePart) -> bool:
    """Whether ``lower`` (top of the next page) can continue ``upper`` (foot of a page)."""
    return (
        upper.ruled == lower.ruled
        and abs(upper.x0 - lower.x0) <= 4 * TOLERANCE
        and abs(upper.x1 - lower.x1) <= 4 * TOLERANCE
    )
