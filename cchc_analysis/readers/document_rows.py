"""The rows of a document's pages (PDF text layer or OCR) and the one Grid they make.

Shared by readers.pdf and readers.ocr, so neither imports the other for them (pdf calls ocr for its scanned pages).
"""
from __future__ import annotations

from dataclasses import dataclass

from .base import CellCleaner, Grid, pad_rows
from .xlsx import note_rows_cut


@dataclass
class Row:
    """A row of the document being built: cells, their OCR confidences (None for a text layer), page."""

    cells: list[object]
    page: int
    confidence: list[float | None] | None = None
    table: int | None = None  # which table the row belongs to (None for a text line)
    top: float = 0.0
    margin: bool = False  # a text line in the page's top or bottom margin (where running headers sit)


def rows_to_grid(rows: list[Row], sheet: str, log, source_file: str, max_rows: int) -> Grid:
    """Rows → a Grid of cleaned cells with pages and (when any cell was OCR'd) confidences."""
    cleaner = CellCleaner()
    if len(rows) > max_rows:
        note_rows_cut(log, source_file, sheet, max_rows, len(rows) - max_rows)
        rows = rows[:max_rows]
    cells = pad_rows([[cleaner(v) if isinstance(v, str) else v for v in row.cells] for row in rows])
    width = len(cells[0]) if cells else 0
    confidence = None
    if any(row.confidence is not None for row in rows):
        confidence = [(list(row.confidence) if row.confidence else []) + [None] * (width - len(row.confidence or []))
                      for row in rows]
    return Grid(sheet=sheet, rows=cells, row_numbers=list(range(1, len(cells) + 1)),
                pages=[row.page for row in rows], confidence=confidence)
