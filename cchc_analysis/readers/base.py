"""What every reader gives back: a Grid of plain cells, or a ReadError; and the one cell normaliser."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from ..text import clean_text

# ReadError codes (docs/contracts.md "readers/").
READ_ERROR_CODES = (
    "file_empty", "file_too_large", "file_truncated", "file_encrypted", "file_misnamed", "zip_bomb",
    "unsafe_xml", "unknown_encoding", "unsupported_format", "file_unreadable", "no_data",
    # documents: a program the kit needs is not installed (Tesseract, LibreOffice); a reader ran out of time
    "tool_missing", "read_timeout",
)


class ReadError(Exception):
    """A file that cannot be used at all; `code` is one of READ_ERROR_CODES, `message` is for the analyst."""

    def __init__(self, code: str, message: str):
        if code not in READ_ERROR_CODES:
            raise ValueError(f"unknown read error code {code!r}")
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass
class Grid:
    """One sheet (or the whole document) as rows of cells; row_numbers[i] is the 1-based row in the file.

    Documents also say where each row was: pages[i] is the 1-based page of row i (PDF, scans), and
    confidence[i][j] the OCR confidence (0-100) of cell (i, j), None where the cell was not read by OCR.
    Both stay None for spreadsheets and Word files; layout reads `rows` alone either way.
    """

    sheet: str
    rows: list[list[object]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    pages: list[int] | None = None
    confidence: list[list[float | None]] | None = None

    def has_data(self) -> bool:
        return any(cell is not None for row in self.rows for cell in row)


class CellCleaner:
    """Turns raw reader values into grid cells: str (clean_text-ed), int/float, datetime, or None.

    Text is cleaned once per distinct (value, font), since returns and exports repeat values a lot.
    Line breaks inside a cell are kept as "\n" (two names typed on two lines are two people).
    """

    def __init__(self, keep_lines: bool = True):
        self._memo: dict[tuple[str, str | None], str | None] = {}
        self.keep_lines = keep_lines

    def text(self, value: str, font: str | None = None) -> str | None:
        key = (value, font)
        if key not in self._memo:
            self._memo[key] = clean_text(value, font, keep_lines=self.keep_lines) or None
        return self._memo[key]

    def __call__(self, value, font: str | None = None):
        if value is None:
            return None
        if isinstance(value, str):
            return self.text(value, font) if value else None
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if math.isnan(value) or math.isinf(value):
                return None
            # calamine gives every number as float; a count typed as 22 should stay 22
            return int(value) if value.is_integer() and abs(value) < 2**53 else value
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day)
        if isinstance(value, dt.time):
            return value.strftime("%H:%M:%S")
        if isinstance(value, dt.timedelta):
            return _duration_text(value)
        return self.text(str(value), font)


def _duration_text(value: dt.timedelta) -> str:
    # a duration typed in Excel ([h]:mm:ss) reads as "h:mm:ss" text, as it shows on screen
    seconds = int(round(value.total_seconds()))
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def pad_rows(rows: list[list[object]]) -> list[list[object]]:
    """Rows all of one width (the widest), padded with None."""
    width = max((len(r) for r in rows), default=0)
    return [r + [None] * (width - len(r)) if len(r) < width else r for r in rows]
