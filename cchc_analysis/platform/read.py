"""Platform export files → raw frames of text, one column per standard field.

The header row is found by header synonyms (cchc.toml `[platform.columns]`) in the first
rows, so a title row or two above it is fine. xlsx is read by fastexcel (calamine) straight
into arrow; csv by pandas with the encoding text.decode_bytes finds in the first bytes.
Cells come back as text, except the count fields (NUMERIC_FIELDS) of an xlsx whose header was found in the first
bytes of its XML: those come as numbers when every cell of the column is one, else as text. The values are parsed
later, vectorised, in one place.
"""
from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..text import decode_bytes, match_key

HEADER_SCAN_ROWS = 20  # the header sits under at most a few title rows
MIN_HEADER_HITS = 2  # a row naming fewer known columns is not the header
CSV_SAMPLE_BYTES = 256 * 1024
CSV_DELIMITERS = (",", ";", "\t", "|")
# fields whose cells are counts or durations: read typed (one parse, no number spelt as text and read back)
NUMERIC_FIELDS = ("correct", "score", "duration", "prediction")
HEAD_XML_BYTES = 4 * 1024 * 1024  # the first rows of a sheet are in its first bytes, or the sheet is read as text
SHARED_XML_BYTES = 32 * 1024 * 1024  # the header's shared strings are near the start of the table
XML_CHUNK = 256 * 1024
ROW_XML = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
CELL_XML = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
ATTRIBUTE_XML = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
VALUE_XML = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
TEXT_XML = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.S)
PHONETIC_XML = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
SHARED_ITEM_XML = re.compile(rb"<(?:\w+:)?si\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?si>)", re.S)
CELL_COLUMN = re.compile(rb"^([A-Za-z]{1,3})")
OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


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
    """Every visible sheet holding a header, as RawSheets; and the names of sheets skipped (hidden or no header).

    calamine parses a whole sheet on every read, so each sheet is parsed once: when its header shows in the first
    bytes of its XML (the usual export), only the wanted columns are read, the count fields typed; else every cell
    is read as text and the header looked for in the first rows.
    """
    import fastexcel

    keys = header_keys(columns)
    reader = fastexcel.read_excel(str(path))
    heads = xlsx_head_rows(path, HEADER_SCAN_ROWS) if Path(path).suffix.lower() in (".xlsx", ".xlsm") else {}
    sheets, skipped = [], []
    for index, name in enumerate(reader.sheet_names):
        try:
            header, fields = header_row_of(heads[name], keys)
        except (KeyError, NoHeaderError):
            header = None
        if header is not None:
            sheet = typed_sheet(reader, index, header, fields, max_rows)
        else:
            sheet = text_sheet(reader, index, name, keys, max_rows)
        if sheet is None:
            skipped.append(name)
        elif sheet == "hidden":
            skipped.append(f"{name} (ẩn / hidden)")
        else:
            sheets.append(sheet)
    return same_kinds(sheets), skipped


def text_sheet(reader, index: int, name: str, keys: dict[str, str], max_rows: int) -> RawSheet | str | None:
    """One sheet read with every cell as text, its header looked for in the first rows (None: no header)."""
    # one parse per sheet: rows stay absolute (skip_rows=0), the header is looked for in the first rows
    sheet = reader.load_sheet(index, header_row=None, skip_rows=0, n_rows=max_rows + HEADER_SCAN_ROWS + 1,
                              dtypes="string")
    if sheet.visible != "visible":
        return "hidden"
    table = sheet.to_arrow()
    grid = table.slice(0, HEADER_SCAN_ROWS).to_pandas()
    rows = grid.astype(object).where(grid.notna(), None).values.tolist()
    try:
        header, fields = header_row_of(rows, keys)
    except NoHeaderError:
        return None
    wanted = sorted(fields.items(), key=lambda item: item[1])
    data = table.select([position for _, position in wanted]).slice(header + 1, max_rows)
    frame = data.to_pandas()
    frame.columns = [field for field, _ in wanted]
    # rows are absolute in the sheet: the header is row header+1, data start right under it
    source_row = np.arange(len(frame), dtype="int64") + header + 2
    truncated = max(0, int(sheet.total_height) - header - 1 - len(frame)) if len(frame) >= max_rows else 0
    return RawSheet(name, frame, source_row, truncated)


def typed_sheet(reader, index: int, header: int, fields: dict[str, int], max_rows: int) -> RawSheet | str:
    """One sheet whose header row and columns are known: the wanted columns only, from the row under the header.

    Text fields are read as text; a count field is typed from all its cells (a column mixing numbers and text
    comes as text, as it would have anyway), so no number is spelt out and read back. A column mixing kinds (numbers
    and text, numbers and TRUE/FALSE, numbers and times) is read as text whole, a second parse of the sheet.
    """
    import fastexcel

    wanted = sorted(fields.items(), key=lambda item: item[1])
    positions = [position for _, position in wanted]  # absolute column numbers, as the XML gave them
    text = {position: "string" for field, position in wanted if field not in NUMERIC_FIELDS}
    try:
        # strict: a count column mixing kinds (a TRUE among numbers, which coercion would make 1) is an error here
        sheet = reader.load_sheet(index, header_row=None, skip_rows=header + 1, n_rows=max_rows,
                                  use_columns=positions, dtypes=text or None, schema_sample_rows=None,
                                  dtype_coercion="strict")
    except fastexcel.UnsupportedColumnTypeCombinationError:
        # ... and then every column is read as text, as the all-text read reads it (a boolean is not a count)
        sheet = reader.load_sheet(index, header_row=None, skip_rows=header + 1, n_rows=max_rows,
                                  use_columns=positions, dtypes={position: "string" for position in positions})
    if sheet.visible != "visible":
        return "hidden"
    table = sheet.to_arrow()
    frame = pd.DataFrame({field: pandas_column(table.column(number), field in NUMERIC_FIELDS)
                          for number, (field, _) in enumerate(wanted)})
    source_row = np.arange(len(frame), dtype="int64") + header + 2
    truncated = max(0, int(sheet.total_height) - header - 1 - len(frame)) if len(frame) >= max_rows else 0
    return RawSheet(reader.sheet_names[index], frame, source_row, truncated)


def pandas_column(values: pa.Array, numeric: bool) -> pd.Series:
    """A typed column as pandas: numbers as float64, anything else as the text the all-text read gives."""
    kind = values.type
    if numeric and (pa.types.is_floating(kind) or pa.types.is_integer(kind)):
        return pd.Series(values.cast(pa.float64()).to_numpy(zero_copy_only=False), dtype="float64")
    if pa.types.is_timestamp(kind):  # an Excel time or date cell: spelt as the text read spells it
        values = pc.strftime(values.cast(pa.timestamp("s"), safe=False), format="%Y-%m-%d %H:%M:%S")
    elif pa.types.is_date(kind):
        values = pc.strftime(values, format="%Y-%m-%d")
    elif pa.types.is_boolean(kind):
        values = pc.if_else(values, "true", "false")
    elif not pa.types.is_string(kind) and not pa.types.is_large_string(kind):
        values = values.cast(pa.string())
    return pd.Series(pd.array(values, dtype="string"))


def same_kinds(sheets: list[RawSheet]) -> list[RawSheet]:
    """Sheets stacked later must agree: a count field typed in one sheet and text in another becomes text in all."""
    if len(sheets) < 2:
        return sheets
    for field in NUMERIC_FIELDS:
        kinds = {str(sheet.frame[field].dtype) for sheet in sheets if field in sheet.frame.columns}
        if len(kinds) > 1:
            for sheet in sheets:
                if field in sheet.frame.columns and sheet.frame[field].dtype == "float64":
                    sheet.frame[field] = number_text(sheet.frame[field])
    return sheets


def number_text(values: pd.Series) -> pd.Series:
    """Numbers as the all-text read spells them ("17", "8.5"), missing as NA."""
    return pd.Series(pd.array(pa.array(values, from_pandas=True).cast(pa.string()), dtype="string"),
                     index=values.index)


# ── the first rows of a worksheet, from the start of its XML ─────────────────


def xlsx_head_rows(path: Path, rows: int) -> dict[str, list[list[str | None]]]:
    """Sheet name → its first `rows` rows, cells as text at their absolute columns (row 1 first), read from the first
    bytes of the sheet's XML and the shared strings they use. A sheet whose first rows are not within the first bytes
    is left out (it is read whole, as text). Never raises: a workbook it cannot follow is read the usual way."""
    from ..readers.xlsx_scan import sheet_parts

    try:
        parts = sheet_parts(path)
        with zipfile.ZipFile(path) as zf:
            heads = {name: head_cells(zf, part, rows) for name, part in parts.items()}
            needed = {int(value) for cells in heads.values() if cells for row in cells.values()
                      for kind, value in row.values() if kind == "s"}
            shared = shared_strings(zf, shared_strings_part(zf), max(needed)) if needed else []
    except Exception:  # noqa: BLE001 - an odd workbook is simply read whole
        return {}
    out = {}
    for name, cells in heads.items():
        if cells is None or any(kind == "s" and int(value) >= len(shared) for row in cells.values()
                                for kind, value in row.values()):
            continue
        width = max((column for row in cells.values() for column in row), default=-1) + 1
        grid = [[None] * width for _ in range(rows)]
        for number, row in cells.items():
            for column, (kind, value) in row.items():
                grid[number][column] = shared[int(value)] if kind == "s" else value
        out[name] = grid
    return out


def head_cells(zf: zipfile.ZipFile, part: str, rows: int) -> dict[int, dict[int, tuple[str, str]]] | None:
    """Row (0-based) → column (0-based) → (kind, text) for the first `rows` rows of a worksheet part; kind "s" gives
    a shared string's number. None when the rows run past the first HEAD_XML_BYTES."""
    data, done = b"", False
    with zf.open(part) as stream:
        while not done:
            chunk = stream.read(XML_CHUNK)
            data += chunk
            start = data.find(b"<sheetData")
            done = not chunk or b"</sheetData>" in data or b"<sheetData/>" in data
            if not done and start >= 0:
                numbers = [number for number, _ in row_spans(data[start:])]
                done = len(numbers) > rows or (numbers and numbers[-1] >= rows)
            if not done and len(data) > HEAD_XML_BYTES:
                return None
    start = data.find(b"<sheetData")
    cells: dict[int, dict[int, tuple[str, str]]] = {}
    for number, body in row_spans(data[max(start, 0):]):
        if number >= rows:
            break
        cells[number] = row_cells(body)
    return cells


def row_spans(data: bytes):
    """(0-based row number, row XML body) of every complete row in data."""
    number = -1
    for match in ROW_XML.finditer(data):
        attributes = xml_attributes(match.group(1))
        number = int(attributes["r"]) - 1 if attributes.get("r", "").isdigit() else number + 1
        yield number, match.group(2) or b""


def row_cells(body: bytes) -> dict[int, tuple[str, str]]:
    """Column (0-based) → (kind, text) of the cells of one row holding a value."""
    cells, column = {}, -1
    for match in CELL_XML.finditer(body):
        attributes = xml_attributes(match.group(1))
        letters = CELL_COLUMN.match(attributes.get("r", "").encode())
        column = column_index(letters.group(1).decode()) if letters else column + 1
        inner = match.group(2) or b""
        kind = attributes.get("t", "n")
        if kind == "inlineStr":
            text = "".join(xml_text(t) for t in TEXT_XML.findall(PHONETIC_XML.sub(b"", inner)))
        else:
            value = VALUE_XML.search(inner)
            if value is None:
                continue
            text = xml_text(value.group(1))
        cells[column] = ("s", text.strip()) if kind == "s" else ("v", text)
    return cells


def shared_strings_part(zf: zipfile.ZipFile) -> str:
    """The shared-strings part the workbook's relationships name (xl/sharedStrings.xml by default)."""
    from ..readers.guard import zip_part

    rels = zip_part(zf, "xl/_rels/workbook.xml.rels", 8 * 1024 * 1024)
    for match in re.finditer(rb"<(?:\w+:)?Relationship\s([^>]*?)/?>", rels):
        attributes = xml_attributes(match.group(1))
        if attributes.get("Type", "").endswith("/sharedStrings"):
            target = attributes.get("Target", "")
            return target[1:] if target.startswith("/") else "xl/" + target.removeprefix("./")
    return "xl/sharedStrings.xml"


def shared_strings(zf: zipfile.ZipFile, part: str, last: int) -> list[str]:
    """The shared strings 0..last (fewer when the table is shorter or they lie past SHARED_XML_BYTES)."""
    found: list[str] = []
    data, seen = b"", 0
    try:
        stream = zf.open(part)
    except KeyError:
        return found
    with stream:
        while len(found) <= last and seen < SHARED_XML_BYTES:
            chunk = stream.read(XML_CHUNK)
            if not chunk:
                break
            seen += len(chunk)
            data += chunk
            end = 0
            for match in SHARED_ITEM_XML.finditer(data):
                inner = PHONETIC_XML.sub(b"", match.group(1) or b"")
                found.append("".join(xml_text(t) for t in TEXT_XML.findall(inner)))
                end = match.end()
            data = data[end:]
    return found


def xml_attributes(raw: bytes) -> dict[str, str]:
    """Attributes of a tag (namespace prefixes dropped), values unescaped."""
    return {name.split(b":")[-1].decode(): xml_text(double if double or not single else single)
            for name, double, single in ATTRIBUTE_XML.findall(raw)}


def xml_text(raw: bytes) -> str:
    """XML character data as text: entities and Excel's _xHHHH_ escapes undone."""
    text = html.unescape(raw.decode("utf-8", errors="replace"))
    return OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def column_index(letters: str) -> int:
    """"A" → 0, "AB" → 27."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number - 1


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
