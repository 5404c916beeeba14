"""xlsx/xlsm (and, through xls.py, xls) → one Grid per visible sheet, via python-calamine.

calamine gives cached formula values and the merged ranges; cells are cleaned by CellCleaner.
Fonts are read (with openpyxl) only when the workbook's styles name a legacy Vietnamese font,
since that is the one case where the font changes what the text says.
"""
from __future__ import annotations

import re
from pathlib import Path

from .base import CellCleaner, Grid, ReadError, pad_rows
from .guard import read_zip_part
from .xlsx_scan import SheetScan, scan_worksheets, sheet_parts

# .VnTime, .VnArialH (TCVN3/ABC), VNI-Times (VNI-Windows): fonts whose bytes are not Unicode text
LEGACY_FONT_BYTES = re.compile(rb'(?:name|typeface|val)="(?:\.vn|vni-)', re.IGNORECASE)
LEGACY_FONT_NAME = re.compile(r"^\s*(?:\.vn|vni-)", re.IGNORECASE)
STYLES_CAP = 8 * 1024 * 1024
# columns read from one sheet: no return is wider (an .xls cannot be), a stray far-right cell is noise
MAX_COLUMNS = 256
# a sheet is streamed when its rectangle holds more than this many cells and SPARSE_FACTOR times what is written
SPARSE_AREA_FLOOR = 2_000_000
SPARSE_FACTOR = 4
# merged ranges are filled at most this far right of the used columns
MERGE_MIN_WIDTH_CAP = 64


def read_xlsx(path: str | Path, log, source_file: str, max_rows: int) -> list[Grid]:
    """Every visible worksheet of an xlsx/xlsm as a Grid."""
    import python_calamine as pc

    has_legacy_fonts = styles_name_legacy_font(path)
    scans = scan_worksheets(path)
    if any(is_sparse(scan) for scan in scans.values()):
        return streamed_grids(path, log, source_file, max_rows, has_legacy_fonts, scans)
    fonts = legacy_fonts(path, max_rows) if has_legacy_fonts else {}
    hidden = {name: scans.get(part, SheetScan()) for name, part in sheet_parts(path).items()}
    try:
        if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
            workbook = pc.CalamineWorkbook.from_path(str(path))
        else:  # a workbook under another name (.xls, .docx): calamine tells the format by content
            with open(path, "rb") as fh:
                workbook = pc.CalamineWorkbook.from_filelike(fh)
    except Exception as exc:  # calamine's errors are its own types (ZipError, XmlError, PasswordError...)
        raise calamine_read_error(exc) from exc
    return workbook_grids(workbook, log, source_file, max_rows, fonts, hidden)


def calamine_read_error(exc: Exception) -> ReadError:
    name = type(exc).__name__
    if name == "PasswordError":
        return ReadError("file_encrypted", "Tệp được đặt mật khẩu, không đọc được (encrypted, password-protected file)")
    if name in ("ZipError",):
        return ReadError("file_truncated", f"Tệp Excel bị hỏng hoặc bị cắt cụt (truncated or corrupt workbook): {exc}")
    return ReadError("file_unreadable", f"Không đọc được tệp Excel (unreadable workbook): {exc}")


def workbook_grids(workbook, log, source_file: str, max_rows: int, fonts: dict,
                   hidden: dict[str, SheetScan] | None = None) -> list[Grid]:
    """One Grid per visible worksheet; hidden sheets and chart sheets are noted in the log and skipped.

    ``hidden``: sheet name → its scan, whose hidden rows and columns are left out (a person never sees them).
    """
    cleaner = CellCleaner()
    grids = []
    for meta in workbook.sheets_metadata:
        if str(meta.visible).split(".")[-1] != "Visible":
            log.add("sheet_hidden", f"Bỏ qua trang tính ẩn '{meta.name}' (hidden sheet skipped)",
                    source_file=source_file, sheet=meta.name, severity="info")
            continue
        if str(meta.typ).split(".")[-1] != "WorkSheet":
            log.add("sheet_not_table", f"Bỏ qua trang '{meta.name}' vì không phải bảng tính (chart/macro sheet skipped)",
                    source_file=source_file, sheet=meta.name, severity="info")
            continue
        try:
            sheet = workbook.get_sheet_by_name(meta.name)
        except Exception as exc:
            raise calamine_read_error(exc) from exc
        grid = sheet_grid(sheet, meta.name, cleaner, log, source_file, max_rows, fonts.get(meta.name, {}))
        grids.append(without_hidden(grid, (hidden or {}).get(meta.name), log, source_file))
    return grids


def without_hidden(grid: Grid, scan: SheetScan | None, log, source_file: str) -> Grid:
    """The grid less the rows and columns the sender hid (merged values already filled); those holding data
    are noted in the log (info), so nothing is dropped unseen. Row numbers stay the file's."""
    if scan is None or not (scan.hidden_rows or scan.hidden_cols):
        return grid
    width = max((len(r) for r in grid.rows), default=0)
    cols = {c for first, last in scan.hidden_cols for c in range(first, min(last, width - 1) + 1)}
    keep_rows = [i for i in range(len(grid.rows)) if grid.row_numbers[i] - 1 not in scan.hidden_rows]
    kept = set(keep_rows)
    dropped_rows = [grid.row_numbers[i] for i in range(len(grid.rows))
                    if i not in kept and any(v is not None for v in grid.rows[i])]
    dropped_cols = sorted(c for c in cols if any(c < len(r) and r[c] is not None for r in grid.rows))
    rows = [[v for c, v in enumerate(grid.rows[i]) if c not in cols] for i in keep_rows]
    if dropped_rows:
        shown = ", ".join(str(n) for n in dropped_rows[:20]) + (", …" if len(dropped_rows) > 20 else "")
        log.add("rows_hidden", f"Trang '{grid.sheet}': bỏ qua {len(dropped_rows)} dòng bị ẩn có dữ liệu "
                f"(dòng {shown}) (hidden rows skipped)", source_file=source_file, sheet=grid.sheet,
                row=dropped_rows[0], severity="info", rows_affected=len(dropped_rows))
    if dropped_cols:
        letters = ", ".join(column_letters(c) for c in dropped_cols)
        log.add("columns_hidden", f"Trang '{grid.sheet}': bỏ qua cột bị ẩn có dữ liệu {letters} "
                f"(hidden columns skipped)", source_file=source_file, sheet=grid.sheet, severity="info")
    return Grid(sheet=grid.sheet, rows=pad_rows(rows), row_numbers=[grid.row_numbers[i] for i in keep_rows])


def column_letters(index: int) -> str:
    """0 → "A", 27 → "AB"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_grid(sheet, name: str, cleaner: CellCleaner, log, source_file: str, max_rows: int, fonts: dict) -> Grid:
    """One sheet, from row 1, at most max_rows rows, merged ranges filled, cells cleaned."""
    total_rows = sheet.end[0] + 1 if sheet.end is not None else 0
    # skip_empty_area=False keeps row i at file row i+1, so row numbers are the ones the analyst sees
    raw = sheet.to_python(skip_empty_area=False, nrows=max_rows) if sheet.end is not None else []
    rows = [[cleaner(value, fonts.get((r, c))) for c, value in enumerate(row)] for r, row in enumerate(raw)]
    rows = fill_merged(rows, sheet.merged_cell_ranges or [])
    if total_rows > len(rows):
        note_rows_cut(log, source_file, name, max_rows, total_rows - len(rows))
    return Grid(sheet=name, rows=pad_rows(rows), row_numbers=list(range(1, len(rows) + 1)))


def is_sparse(scan: SheetScan) -> bool:
    """A sheet whose rectangle is far larger than what is written in it (calamine would fill it all)."""
    return scan.area() > max(SPARSE_AREA_FLOOR, SPARSE_FACTOR * scan.cells)


def streamed_grids(path: str | Path, log, source_file: str, max_rows: int, with_fonts: bool,
                   scans: dict[str, SheetScan]) -> list[Grid]:
    """Every visible sheet streamed by openpyxl, at most max_rows rows and MAX_COLUMNS columns, merges filled."""
    import openpyxl

    cleaner = CellCleaner()
    grids = []
    with open(path, "rb") as fh:
        workbook = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        try:
            for ws in workbook.worksheets:
                if ws.sheet_state != "visible":
                    log.add("sheet_hidden", f"Bỏ qua trang tính ẩn '{ws.title}' (hidden sheet skipped)",
                            source_file=source_file, sheet=ws.title, severity="info")
                    continue
                # the read-only sheet knows its part name; the scan of that part gives extent and merges
                scan = scans.get(ws._worksheet_path, SheetScan())
                grid = streamed_sheet(ws, scan, cleaner, log, source_file, max_rows, with_fonts)
                grids.append(without_hidden(grid, scan, log, source_file))
        finally:
            workbook.close()
    return grids


def streamed_sheet(ws, scan: SheetScan, cleaner: CellCleaner, log, source_file: str, max_rows: int,
                   with_fonts: bool) -> Grid:
    if scan.max_row == 0:
        return Grid(sheet=ws.title)
    width = min(max(scan.max_col, 1), MAX_COLUMNS)
    rows = [[cleaner(cell.value, legacy_font_of(cell) if with_fonts else None) for cell in row]
            for row in ws.iter_rows(min_row=1, max_row=min(max_rows, scan.max_row), min_col=1, max_col=width)]
    rows = fill_merged(rows, scan.merges)
    if scan.max_row > len(rows):
        note_rows_cut(log, source_file, ws.title, max_rows, scan.max_row - len(rows))
    if scan.max_col > MAX_COLUMNS:
        log.add("columns_truncated",
                f"Trang '{ws.title}' có ô dữ liệu tới cột thứ {scan.max_col}; chỉ đọc {MAX_COLUMNS} cột đầu "
                f"(cells beyond column {MAX_COLUMNS} were not read)",
                source_file=source_file, sheet=ws.title, severity="warning")
    return Grid(sheet=ws.title, rows=pad_rows(rows), row_numbers=list(range(1, len(rows) + 1)))


def legacy_font_of(cell) -> str | None:
    """The cell's font name when it holds text in a legacy font."""
    font = getattr(cell, "font", None)
    name = font.name if font is not None else None
    return name if isinstance(cell.value, str) and name and LEGACY_FONT_NAME.match(name) else None


def fill_merged(rows: list[list[object]], merged: list) -> list[list[object]]:
    """The top-left value of each merged range repeated across it, as a person reads the sheet."""
    # a range may run past the last used column (a title over the page); a whole-sheet merge must not
    width_cap = max(max((len(r) for r in rows), default=0), MERGE_MIN_WIDTH_CAP)
    for (r0, c0), (r1, c1) in merged:
        c1 = min(c1, width_cap - 1)
        if r0 >= len(rows) or c0 >= len(rows[r0]) or c1 < c0:
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            row[c0:c1 + 1] = [value] * (c1 + 1 - c0)
    return rows


def note_rows_cut(log, source_file: str, sheet: str, max_rows: int, rows_left: int) -> None:
    log.add("rows_truncated",
            f"Trang '{sheet}' dài hơn giới hạn {max_rows} dòng; {rows_left} dòng sau dòng {max_rows} không được đọc "
            f"(rows beyond the limit in cchc.toml were not read)",
            source_file=source_file, sheet=sheet, row=max_rows + 1, severity="warning", rows_affected=rows_left)


def styles_name_legacy_font(path: str | Path) -> bool:
    """Whether xl/styles.xml names a .Vn… or VNI-… font (a cheap look before opening with openpyxl)."""
    return bool(LEGACY_FONT_BYTES.search(read_zip_part(path, "xl/styles.xml", STYLES_CAP)))


def legacy_fonts(path: str | Path, max_rows: int) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet → {(row0, col0): font name} for text cells set in a legacy font."""
    import openpyxl

    out: dict[str, dict[tuple[int, int], str]] = {}
    # a file object, not the path: openpyxl refuses a workbook whose name is not .xlsx
    with open(path, "rb") as fh:
        try:
            workbook = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except Exception:  # fonts are a hint only: calamine still reads the values, clean_text falls back on statistics
            return out
        try:
            return sheet_fonts_by_name(workbook, max_rows)
        finally:
            workbook.close()


def sheet_fonts_by_name(workbook, max_rows: int) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet → {(row0, col0): font name} of the text cells whose font is legacy, within max_rows."""
    return {ws.title: legacy_cells(ws, max_rows) for ws in workbook.worksheets}


def legacy_cells(ws, max_rows: int) -> dict[tuple[int, int], str]:
    """{(row0, col0): font name} of the sheet's text cells set in a legacy font."""
    fonts = {}
    for row in ws.iter_rows(max_row=max_rows, max_col=MAX_COLUMNS):
        for cell in row:
            font = legacy_font_of(cell)
            if font:
                fonts[(cell.row - 1, cell.column - 1)] = font
    return fonts
