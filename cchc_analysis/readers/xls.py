"""Excel 97-2003 (.xls, or an old workbook renamed .xlsx) → one Grid per visible sheet, via python-calamine.

Old returns are often typed in .VnTime: when the workbook's font table names a legacy font,
xlrd (formatting_info) tells which cells use it, and clean_text gets the font name.
"""
from __future__ import annotations

import io
from pathlib import Path

from .base import CellCleaner, Grid, ReadError, pad_rows
from .xlsx import LEGACY_FONT_NAME, calamine_read_error, fill_merged, note_rows_cut, workbook_grids
from .xlsx_scan import SheetScan


def read_xls(path: str | Path, log, source_file: str, max_rows: int) -> list[Grid]:
    """Every visible worksheet of an Excel 97-2003 workbook as a Grid (calamine tells the format by content)."""
    import python_calamine as pc

    try:
        with open(path, "rb") as fh:
            workbook = pc.CalamineWorkbook.from_filelike(fh)
    except Exception as exc:  # calamine's own error types
        error = calamine_read_error(exc)
        if error.code == "file_encrypted":
            raise error from exc
        # Excel 5/95 and older (BIFF2-5): xlrd still reads them
        return xlrd_grids(path, log, source_file, max_rows, error)
    return workbook_grids(workbook, log, source_file, max_rows, legacy_fonts_xls(path, max_rows), hidden_xls(path))


def hidden_xls(path: str | Path) -> dict[str, SheetScan]:
    """Sheet name → the rows and columns hidden in it (xlrd's formatting records); {} when xlrd cannot tell."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, logfile=io.StringIO())
    except Exception:  # hidden rows are a refinement: the values are read all the same
        return {}
    try:
        out = {}
        for i, name in enumerate(book.sheet_names()):
            sheet = book.sheet_by_index(i)
            rows = {r for r, info in sheet.rowinfo_map.items() if info.hidden}
            cols = [(c, c) for c, info in sheet.colinfo_map.items() if info.hidden]
            if rows or cols:
                out[name] = SheetScan(hidden_rows=rows, hidden_cols=cols)
        return out
    except Exception:
        return {}
    finally:
        book.release_resources()


def xlrd_grids(path: str | Path, log, source_file: str, max_rows: int, error: ReadError) -> list[Grid]:
    """Every visible sheet through xlrd, the same grid shape as calamine gives; `error` when xlrd fails too."""
    import xlrd

    # xlrd prints notes (no CODEPAGE record…) to stdout unless given a log file
    quiet = io.StringIO()
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, logfile=quiet)
    except Exception:  # formatting records of some old files trouble xlrd: values alone still help
        try:
            book = xlrd.open_workbook(str(path), logfile=quiet)
        except Exception as exc:
            raise (too_old_error() if _is_old_biff(path) else error) from exc
    cleaner = CellCleaner()
    grids = []
    for sheet in book.sheets():
        if sheet.visibility != 0:
            log.add("sheet_hidden", f"Bỏ qua trang tính ẩn '{sheet.name}' (hidden sheet skipped)",
                    source_file=source_file, sheet=sheet.name, severity="info")
            continue
        fonts = legacy_cells_xlrd(book, sheet, max_rows)
        rows = [[cleaner(xlrd_value(cell, book.datemode), fonts.get((r, c))) for c, cell in enumerate(sheet.row(r))]
                for r in range(min(sheet.nrows, max_rows))]
        merged = [((rlo, clo), (rhi - 1, chi - 1)) for rlo, rhi, clo, chi in sheet.merged_cells]
        rows = fill_merged(rows, merged)
        if sheet.nrows > len(rows):
            note_rows_cut(log, source_file, sheet.name, max_rows, sheet.nrows - len(rows))
        grids.append(Grid(sheet=sheet.name, rows=pad_rows(rows), row_numbers=list(range(1, len(rows) + 1))))
    return grids


def too_old_error() -> ReadError:
    return ReadError("unsupported_format",
                     "Tệp Excel đời quá cũ (Excel 2.x-4.x), không đọc được; hãy mở bằng Excel và lưu lại thành .xlsx "
                     "(Excel version too old: save it as .xlsx)")


def _is_old_biff(path: str | Path) -> bool:
    from .guard import is_old_biff

    with open(path, "rb") as fh:
        return is_old_biff(fh.read(4))


def xlrd_value(cell, datemode: int):
    """An xlrd cell as the value calamine would give (dates as datetime, errors and blanks as None)."""
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


def legacy_fonts_xls(path: str | Path, max_rows: int) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet → {(row0, col0): font name} for text cells in a legacy font; {} when no font is legacy."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, logfile=io.StringIO())
    except Exception:  # fonts are only a hint; statistics in clean_text still catch legacy text
        return {}
    try:
        if not any(LEGACY_FONT_NAME.match(f.name or "") for f in book.font_list):
            return {}
        return {name: legacy_cells_xlrd(book, book.sheet_by_index(i), max_rows)
                for i, name in enumerate(book.sheet_names())}
    finally:
        book.release_resources()


def legacy_cells_xlrd(book, sheet, max_rows: int) -> dict[tuple[int, int], str]:
    """{(row0, col0): font name} of the sheet's text cells set in a legacy font ({} without formatting info)."""
    import xlrd

    legacy = {i: f.name for i, f in enumerate(getattr(book, "font_list", None) or [])
              if LEGACY_FONT_NAME.match(f.name or "")}
    if not legacy or not book.formatting_info:
        return {}
    xf_font = [xf.font_index for xf in book.xf_list]
    fonts = {}
    for r in range(min(sheet.nrows, max_rows)):
        for c in range(sheet.row_len(r)):
            if sheet.cell_type(r, c) == xlrd.XL_CELL_TEXT:
                xf = sheet.cell_xf_index(r, c)
                font = legacy.get(xf_font[xf]) if xf < len(xf_font) else None
                if font:
                    fonts[(r, c)] = font
    return fonts
