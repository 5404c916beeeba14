"""Platform export files → raw frames of text, one column per standard field.

The header row is found by header synonyms (cchc.toml `[platform.columns]`) in the first
rows, so a title row or two above it is fine. xlsx is read by fastexcel (calamine) straight
into arrow; csv by pandas with the encoding text.decode_bytes finds in the first bytes.
Every cell comes back as text: the values are parsed later, vectorised, in one place.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..text import decode_bytes, match_key

HEADER_SCAN_ROWS = 20  # the header sits under at most a few title rows
MIN_HEADER_HITS = 2  # a row naming fewer known columns is not the header
CSV_SAMPLE_BYTES = 256 * 1024
CSV_DELIMITERS = (",", ";", "\t", "|")


class NoHeaderError(ValueError):
    """No row in the first rows of a sheet names enough known columns."""


@dataclass
class RawSheet:
    """One sheet (or csv) of a platform export: text per standard field, and where each row came from."""

    sheet: str
    frame: pd.DataFrame  # one column per standard field found, all text (NA for blank cells)
    source_row: np.ndarray  # 1-based row in the file, per frame row
    truncated: int = 0  # rows beyond max_platform_rows that were not read


def header_keys(columns: dict[str, list[str]]) -> dict[str, str]:
    """Accent-free header key → standard field, from the synonym lists (first list wins a shared key)."""
    keys: dict[str, str] = {}
    for field, synonyms in columns.items():
        for synonym in synonyms:
            keys.setdefault(match_key(synonym), field)
    keys.pop("", None)
    return keys


def fields_of_header(cells: list[object], keys: dict[str, str]) -> dict[str, int]:
    """Standard field → position of the first header cell naming it."""
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        field = keys.get(match_key(cell)) if cell is not None and cell == cell else None
        if field and field not in found:
            found[field] = position
    return found


def header_row_of(rows: list[list[object]], keys: dict[str, str]) -> tuple[int, dict[str, int]]:
    """Index of the (last) header row naming the most known columns, and the field positions.

    A two-row header ("Thời gian" merged over "Bắt đầu | Kết thúc", the other labels merged down) names its fields
    in both rows: the pair counts together when it names more than either row alone, and the data start under it.
    """
    best, best_fields = -1, {}
    found = [fields_of_header(cells, keys) for cells in rows[:HEADER_SCAN_ROWS]]
    for index, fields in enumerate(found):
        if len(fields) > len(best_fields):
            best, best_fields = index, fields
    for index in range(len(found) - 1):
        top, below = found[index], found[index + 1]
        if len(top) < MIN_HEADER_HITS or len(below) < MIN_HEADER_HITS:
            continue
        used = set(top.values())
        pair = dict(top)
        for field, position in below.items():
            if field not in pair and position not in used:
                pair[field] = position
        if len(pair) > len(best_fields):
            best, best_fields = index + 1, pair
    if len(best_fields) < MIN_HEADER_HITS:
        raise NoHeaderError("no header row")
    return best, best_fields


def read_excel_sheets(path: Path, columns: dict[str, list[str]], max_rows: int) -> tuple[list[RawSheet], list[str]]:
    """Every visible sheet holding a header, as RawSheets; and the names of sheets skipped (hidden or no header)."""
    import fastexcel

    keys = header_keys(columns)
    reader = fastexcel.read_excel(str(path))
    sheets, skipped = [], []
    for index, name in enumerate(reader.sheet_names):
        # one parse per sheet: rows stay absolute (skip_rows=0), the header is looked for in the first rows
        sheet = reader.load_sheet(index, header_row=None, skip_rows=0, n_rows=max_rows + HEADER_SCAN_ROWS + 1,
                                  dtypes="string")
        if sheet.visible != "visible":
            skipped.append(f"{name} (ẩn / hidden)")
            continue
        table = sheet.to_arrow()
        grid = table.slice(0, HEADER_SCAN_ROWS).to_pandas()
        rows = grid.astype(object).where(grid.notna(), None).values.tolist()
        try:
            header, fields = header_row_of(rows, keys)
        except NoHeaderError:
            skipped.append(name)
            continue
        wanted = sorted(fields.items(), key=lambda item: item[1])
        data = table.select([position for _, position in wanted]).slice(header + 1, max_rows)
        frame = data.to_pandas()
        frame.columns = [field for field, _ in wanted]
        # rows are absolute in the sheet: the header is row header+1, data start right under it
        source_row = np.arange(len(frame), dtype="int64") + header + 2
        truncated = max(0, int(sheet.total_height) - header - 1 - len(frame)) if len(frame) >= max_rows else 0
        sheets.append(RawSheet(name, frame, source_row, truncated))
    return sheets, skipped


def decoded_sample(path: Path) -> tuple[str, str]:
    """The first bytes of a text file cut at a line end, decoded; and the encoding found."""
    with open(path, "rb") as handle:
        data = handle.read(CSV_SAMPLE_BYTES)
        complete = len(data) < CSV_SAMPLE_BYTES
    if not complete and data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16: a line end is two bytes
        end = b"\n\x00" if data[:2] == b"\xff\xfe" else b"\x00\n"
        data = data[: data.rindex(end) + 2] if end in data else data[: len(data) // 2 * 2]
    elif not complete and b"\n" in data:
        data = data[: data.rindex(b"\n") + 1]  # never cut a multi-byte letter in two
    return decode_bytes(data)


def csv_header(sample: str, keys: dict[str, str]) -> tuple[str, int, dict[str, int], int]:
    """Delimiter, header line index, field positions and header width that name the most known columns."""
    lines = sample.splitlines()[:HEADER_SCAN_ROWS]
    best = None
    for delimiter in CSV_DELIMITERS:
        rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        try:
            index, fields = header_row_of(rows, keys)
        except NoHeaderError:
            continue
        if best is None or len(fields) > len(best[2]):
            best = (delimiter, index, fields, len(rows[index]))
    if best is None:
        raise NoHeaderError("no header row")
    return best


def pandas_encoding(encoding: str) -> str:
    """The codec name pandas is given: a BOM is skipped by utf-8-sig/utf-16 themselves."""
    lowered = encoding.lower().replace("_", "-")
    return "utf-8-sig" if lowered in {"utf-8", "utf8", "ascii"} else encoding


def read_csv_sheet(path: Path, columns: dict[str, list[str]], max_rows: int) -> RawSheet:
    """A csv export as one RawSheet (blank lines kept, so row numbers stay those of the file)."""
    sample, encoding = decoded_sample(path)
    delimiter, header, fields, width = csv_header(sample, header_keys(columns))
    wanted = sorted(fields.items(), key=lambda item: item[1])
    # as many names as header cells: with usecols, a row with extra trailing cells is still read
    names = list(range(width))
    frame = pd.read_csv(
        path,
        sep=delimiter,
        header=None,
        names=names,
        usecols=[position for _, position in wanted],
        skiprows=header + 1,
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        skip_blank_lines=False,
        encoding=pandas_encoding(encoding),
        encoding_errors="replace",
        nrows=max_rows + 1,
    )
    frame = frame[[position for _, position in wanted]]
    frame.columns = [field for field, _ in wanted]
    truncated = 0
    if len(frame) > max_rows:
        frame = frame.iloc[:max_rows]
        truncated = csv_rows_after(path, delimiter, header + 1 + max_rows, pandas_encoding(encoding))
    source_row = np.arange(len(frame), dtype="int64") + header + 2
    return RawSheet("", frame.reset_index(drop=True), source_row, truncated)


def csv_rows_after(path: Path, delimiter: str, skip: int, encoding: str) -> int:
    """Non-blank rows of a csv after the first `skip` lines (the rows a limit left unread)."""
    rest = pd.read_csv(path, sep=delimiter, header=None, usecols=[0], skiprows=skip, dtype=str, encoding=encoding,
                       encoding_errors="replace", skip_blank_lines=True, on_bad_lines="skip", engine="c")
    return len(rest)


def read_grid_sheets(path: Path, source_file: str, settings, max_rows: int) -> tuple[list[RawSheet], list[str]]:
    """A file the general readers read (a web page saved as .xls) as RawSheets, cells as text."""
    from ..issues import IssueLog
    from ..readers import read_grids

    keys = header_keys(settings.platform_columns)
    sheets, skipped = [], []
    for grid in read_grids(path, settings.limits, IssueLog(), source_file, max_rows=max_rows + HEADER_SCAN_ROWS):
        try:
            header, fields = header_row_of(grid.rows, keys)
        except NoHeaderError:
            skipped.append(grid.sheet)
            continue
        wanted = sorted(fields.items(), key=lambda item: item[1])
        body = grid.rows[header + 1:]
        width = max((len(row) for row in body), default=0)
        table = pd.DataFrame([row + [None] * (width - len(row)) for row in body], columns=range(width), dtype=object)
        table = table.reindex(columns=[position for _, position in wanted])
        frame = table.map(cell_text).astype("string").iloc[:max_rows].reset_index(drop=True)
        frame.columns = [field for field, _ in wanted]
        source_row = np.asarray(grid.row_numbers[header + 1:], dtype="int64")[: len(frame)]
        sheets.append(RawSheet(grid.sheet, frame, source_row, max(0, len(body) - len(frame))))
    return sheets, skipped


def cell_text(value) -> str | None:
    """A grid cell as the text an export would hold (dates as ISO text, whole numbers without .0)."""
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
