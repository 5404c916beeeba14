"""csv/txt (and tab-separated text named .xls) → one Grid, with the encoding and the delimiter found.

Numbers stay text here: the layout layer reads "22 người" or "90,91%" as a person would.
A .txt whose lines share no delimiter is prose: one line, one cell.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from ..text import decode_bytes
from .base import CellCleaner, Grid, ReadError, pad_rows
from .xlsx import note_rows_cut

DELIMITERS = (",", ";", "\t", "|")
SAMPLE_LINES = 200
# a .txt is a table only when most of its lines split into the same number of fields;
# commas also sit in prose and decimals ("45 đồng chí, đạt 93,75%"), so they must split nearly every line
TABLE_SHARE_TXT = {",": 0.9, ";": 0.6, "\t": 0.6, "|": 0.6}


def read_csv(path: str | Path, log, source_file: str, max_rows: int) -> list[Grid]:
    """The file's records as one Grid named after the file; row_numbers are the 1-based lines records start on."""
    path = Path(path)
    text = decoded_text(path.read_bytes())
    delimiter, first_line = excel_separator_line(text)
    if delimiter:
        # the "sep=;" line is Excel's instruction, not data: skip it, keep line numbers as in the file
        text = text.split("\n", 1)[1] if "\n" in text else ""
    else:
        delimiter = sniff_delimiter(text, prose_allowed=path.suffix.lower() == ".txt")
    # decode_bytes already turned a whole-file legacy font into Unicode; clean_text checks each cell again
    cleaner = CellCleaner()
    rows, row_numbers = [], []
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if delimiter else prose_lines(text)
    next_line = first_line
    extra = 0
    for record in records:
        line = next_line
        next_line = (records.line_num + first_line - 1 if delimiter else line) + 1
        if len(rows) >= max_rows:
            extra += 1
            continue
        rows.append([cleaner(value) for value in record])
        row_numbers.append(line)
    if extra:
        note_rows_cut(log, source_file, path.stem, max_rows, extra)
    return [Grid(sheet=path.stem, rows=pad_rows(rows), row_numbers=row_numbers)]


def excel_separator_line(text: str) -> tuple[str | None, int]:
    """(delimiter, first data line) when the file opens with Excel's "sep=X" line, else (None, 1)."""
    first = text[:12].split("\n", 1)[0].strip()
    if first.lower().startswith("sep=") and len(first) == 5:
        return first[4], 2
    return None, 1


def prose_lines(text: str):
    """Each line as a one-cell record."""
    for line in text.splitlines():
        yield [line]


def decoded_text(data: bytes) -> str:
    """The file's text (text.decode_bytes decides the encoding); unknown_encoding when nothing fits."""
    try:
        text, _encoding = decode_bytes(data)
    except UnicodeError as exc:
        raise ReadError("unknown_encoding",
                        "Không nhận ra bảng mã của tệp văn bản; hãy lưu lại dạng CSV UTF-8 (unknown text encoding)") \
            from exc
    return text


def sniff_delimiter(text: str, prose_allowed: bool) -> str | None:
    """The delimiter most lines split on into one same number of fields (title lines above the header may not)."""
    sample = [line for line in text.splitlines()[: SAMPLE_LINES * 2] if line.strip()][:SAMPLE_LINES]
    if not sample:
        return None if prose_allowed else ","
    best, best_score = None, (0.0, 0)
    for delimiter in DELIMITERS:
        counts = Counter(len(fields) for fields in csv.reader(sample, delimiter=delimiter))
        width, lines = max(((w, n) for w, n in counts.items() if w > 1), key=lambda wn: (wn[1], wn[0]),
                           default=(1, 0))
        score = (lines / len(sample), width)
        if score > best_score:
            best, best_score = delimiter, score
    if prose_allowed and (best is None or best_score[0] < TABLE_SHARE_TXT[best]):
        return None
    return best or ("," if not prose_allowed else None)
