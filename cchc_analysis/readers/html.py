"""A web page saved as .xls (what many web systems call "export to Excel") → one Grid.

Table rows become grid rows, cells spanning rows or columns repeated as a person reads them;
text between tables (a title, a date line) becomes one-cell rows, in page order.
The standard-library parser is used: it never fetches anything a page points at.
"""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from .base import CellCleaner, Grid, pad_rows
from .csv import decoded_text
from .xlsx import note_rows_cut

# tags that end a line of text outside tables
BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "title", "caption", "tr"}
SKIP_TAGS = {"script", "style", "head"}
# a hostile colspan="100000" must not build a row of a hundred thousand cells
MAX_SPAN = 256


def read_html(path: str | Path, log, source_file: str, max_rows: int) -> list[Grid]:
    """The page's tables and text lines as one Grid named after the file."""
    path = Path(path)
    collector = PageCollector()
    collector.feed(decoded_text(path.read_bytes()))
    collector.close()
    cleaner = CellCleaner(keep_lines=False)  # a line break in HTML source is only a space
    rows = laid_out(collector.rows, cleaner)
    if len(rows) > max_rows:
        note_rows_cut(log, source_file, path.stem, max_rows, len(rows) - max_rows)
        rows = rows[:max_rows]
    return [Grid(sheet=path.stem, rows=pad_rows(rows), row_numbers=list(range(1, len(rows) + 1)))]


class PageCollector(HTMLParser):
    """Rows of (text, colspan, rowspan) cells: table rows of the outermost tables, and lines of text between them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, int, int]]] = []
        self.table_depth = 0
        self.skip_depth = 0
        self.row: list[tuple[str, int, int]] | None = None
        self.cell: list | None = None  # [texts, colspan, rowspan]
        self.line: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip_depth += 1
        elif tag == "table":
            self.flush_line()
            self.table_depth += 1
        elif self.table_depth == 1 and tag == "tr":
            self.end_row()
            self.row = []
        elif self.table_depth == 1 and tag in ("td", "th"):
            self.end_cell()
            if self.row is None:
                self.row = []
            values = dict(attrs)
            self.cell = [[], span(values.get("colspan")), span(values.get("rowspan"))]
        elif tag == "br" or (self.table_depth and (tag in BLOCK_TAGS or tag in ("td", "th"))):
            self.handle_data(" ")
        elif tag in BLOCK_TAGS:
            self.flush_line()

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "table" and self.table_depth:
            if self.table_depth == 1:
                self.end_row()
            self.table_depth -= 1
        elif self.table_depth == 1 and tag == "tr":
            self.end_row()
        elif self.table_depth == 1 and tag in ("td", "th"):
            self.end_cell()
        elif not self.table_depth and tag in BLOCK_TAGS:
            self.flush_line()

    def handle_data(self, data):
        if self.skip_depth:
            return
        if self.cell is not None:
            self.cell[0].append(data)
        elif not self.table_depth:
            self.line.append(data)

    def close(self):
        super().close()
        self.end_row()
        self.flush_line()

    def end_cell(self):
        if self.cell is not None and self.row is not None:
            self.row.append(("".join(self.cell[0]), self.cell[1], self.cell[2]))
        self.cell = None

    def end_row(self):
        self.end_cell()
        if self.row:
            self.rows.append(self.row)
        self.row = None

    def flush_line(self):
        text = "".join(self.line)
        if text.strip():
            self.rows.append([(text, 1, 1)])
        self.line = []


def span(value) -> int:
    try:
        return min(max(int(str(value).strip()), 1), MAX_SPAN)
    except (TypeError, ValueError):
        return 1


def laid_out(rows: list[list[tuple[str, int, int]]], cleaner: CellCleaner) -> list[list[object]]:
    """Cells placed on the grid: a cell spanning rows or columns fills every position it covers."""
    grid: list[list[object]] = []
    taken: dict[tuple[int, int], object] = {}  # positions filled by a rowspan from above
    for r, cells in enumerate(rows):
        out: list[object] = []
        c = 0
        for text, colspan, rowspan in cells:
            while (r, c) in taken:
                out.append(taken.pop((r, c)))
                c += 1
            value = cleaner(text)
            out.extend([value] * colspan)
            for below in range(1, min(rowspan, len(rows) - r)):
                for k in range(colspan):
                    taken[(r + below, c + k)] = value
            c += colspan
        for (row, col) in sorted(k for k in taken if k[0] == r):  # spans from above right of this row's cells
            out.extend([None] * (col - len(out)))
            out.append(taken.pop((row, col)))
        grid.append(out)
    return grid
