"""Excel 97-2003 (.xls, or an old workbook renamed .xlsx) → one Grid per visible sheet, via python-calamine.

Old returns are often typed in .VnTime: when the workbook's font table names a legacy font,
xlrd (formatting_info) tells which cells use it, and clean_text gets the font name.
"""
from __future__ import annotations

from pathlib import Path

from .base import Grid
from .xlsx import LEGACY_FONT_NAME, calamine_read_error, workbook_grids


def read_xls(path: str | Path, log, source_file: str, max_rows: int) -> list[Grid]:
    """Every visible worksheet of an Excel 97-2003 workbook as a Grid (calamine tells the format by content)."""
    import python_calamine as pc

    try:
        with open(path, "rb") as fh:
            workbook = pc.CalamineWorkbook.from_filelike(fh)
    except Exception as exc:  # calamine's own error types
        raise calamine_read_error(exc) from exc
    return workbook_grids(workbook, log, source_file, max_rows, legacy_fonts_xls(path, max_rows))


def legacy_fonts_xls(path: str | Path, max_rows: int) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet → {(row0, col0): font name} for text cells in a legacy font; {} when no font is legacy."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception:  # fonts are only a hint; statistics in clean_text still catch legacy text
        return {}
    try:
        legacy = {i: f.name for i, f in enumerate(book.font_list) if LEGACY_FONT_NAME.match(f.name or "")}
        if not legacy:
            return {}
        xf_font = {i: xf.font_index for i, xf in enumerate(book.xf_list)}
        out = {}
        for index, name in enumerate(book.sheet_names()):
            sheet = book.sheet_by_index(index)
            fonts = {}
            for r in range(min(sheet.nrows, max_rows)):
                for c in range(sheet.row_len(r)):
                    if sheet.cell_type(r, c) == xlrd.XL_CELL_TEXT:
                        font = legacy.get(xf_font.get(sheet.cell_xf_index(r, c)))
                        if font:
                            fonts[(r, c)] = font
            out[name] = fonts
        return out
    finally:
        book.release_resources()
