"""reports/tong_hop_cchc.xlsx: a cover sheet with the city figures, then one formatted sheet per table.

Vietnamese headers, frozen header row, widths, number/percent/date formats, a colour scale on rates,
and no cell that a spreadsheet could run as a formula. No contact detail reaches the workbook.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..config import Settings
from .display import DATE_NAME, YES_NO, column_label, fmt_date, is_date_column, is_percent_column, value_labels
from ..tables import Tables, defuse_formula

PERCENT_FORMAT = "0.00%"  # as the HTML reports write rates (93,75%)
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
# Columns that could carry contact details or the keyed hash of them never leave the processed folder.
PRIVATE_COLUMNS = {"phone", "email", "id_number", "person_key", "contact"}
MIN_WIDTH, MAX_WIDTH = 8, 60
TARGET_RATE_NAME = re.compile(r"(^|_)rate$")  # rate, adjusted_rate, on_time_rate; not share, band shares


def _analysis(name: str) -> Callable[[Tables, Settings], pd.DataFrame]:
    def run(tables: Tables, settings: Settings) -> pd.DataFrame:
        from .. import analysis

        return getattr(analysis, name)(tables, settings)

    return run


def _table(name: str, columns: list[str] | None = None) -> Callable[[Tables, Settings], pd.DataFrame]:
    def run(tables: Tables, _settings: Settings) -> pd.DataFrame:
        df = getattr(tables, name)
        return df[[c for c in columns if c in df.columns]] if columns else df

    return run


# Sheet name → where its rows come from, in the order the sheets appear after the cover.
SHEETS: dict[str, Callable[[Tables, Settings], pd.DataFrame]] = {
    "Đơn vị": _analysis("unit_scorecard"),
    "Khối": _analysis("group_summary"),
    "Báo cáo đơn vị": _analysis("return_timeliness"),
    "Không tham gia": _table("non_participants", [
        "unit_code", "full_name", "position", "reason", "reason_category", "justified", "source_file", "source_row",
    ]),
    "Lãnh đạo không tham gia": _analysis("heads_not_participating"),
    "Đối chiếu": _table("reconciliation"),
    "Đề nghị khen thưởng": _analysis("commendation_candidates"),  # every excellent unit, its verdict and why
    "Phê bình, nhắc nhở": _analysis("criticism_candidates"),
    "Còn thiếu so với 100%": _analysis("shortfall_breakdown"),
    "Xếp hạng cá nhân": _analysis("individual_ranking"),
    "Phổ điểm": _analysis("score_bands"),
    "Vấn đề dữ liệu": _table("issues"),
    "Tệp đã đọc": _table("files"),
}


# Internal codes a reader does not need when their Vietnamese label is beside them (code → label column).
CODE_COLUMNS = {"grade_key": "grade", "return_status": "return_status_label", "band": "band_label",
                "reason_category": "reason_label", "verdict_rank": "proposal_rank"}


def public_columns(df: pd.DataFrame) -> pd.DataFrame:
    """The frame without contact details or their hash, and without code columns shown by their label."""
    hidden = PRIVATE_COLUMNS | {code for code, label in CODE_COLUMNS.items() if label in df.columns}
    return df[[c for c in df.columns if str(c).lower() not in hidden]]


def _local_naive(series: pd.Series, settings: Settings) -> pd.Series:
    """Excel has no time zones: aware stamps become local wall-clock time."""
    stamps = pd.to_datetime(series, errors="coerce")
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_convert(settings.contest.timezone).dt.tz_localize(None)
    return stamps


def _whole_numbers(series: pd.Series) -> bool:
    """A float column holding only whole numbers (counts read with a blank among them): shown as 20, not 20.00."""
    if not pd.api.types.is_float_dtype(series):
        return False
    values = series.dropna()
    return bool(len(values)) and bool((values % 1 == 0).all()) and bool((values.abs() < 2**53).all())


def is_target_rate(name: str) -> bool:
    """A rate measured against the 100% target (participation, reporting): coloured; a share of people is not."""
    return bool(TARGET_RATE_NAME.search(name))


def cell_values(name: str, series: pd.Series, settings: Settings) -> tuple[list, str | None]:
    """One column as the Python values to store and the number format they take (None for text)."""
    if pd.api.types.is_bool_dtype(series):
        return series.map(YES_NO).tolist(), None
    if is_percent_column(name) and pd.api.types.is_numeric_dtype(series):
        return [None if pd.isna(v) else float(v) for v in series], PERCENT_FORMAT
    if is_date_column(name, series):
        stamps = _local_naive(series, settings)
        if stamps.notna().any():
            with_time = not DATE_NAME.search(name) and bool(((stamps.dt.hour != 0) | (stamps.dt.minute != 0)).any())
            values = [None if pd.isna(v) else (v.to_pydatetime() if with_time else v.date()) for v in stamps]
            return values, DATETIME_FORMAT if with_time else DATE_FORMAT
    if pd.api.types.is_integer_dtype(series) or _whole_numbers(series):
        return [None if pd.isna(v) else int(v) for v in series], INTEGER_FORMAT
    if pd.api.types.is_numeric_dtype(series):
        return [None if pd.isna(v) else float(v) for v in series], DECIMAL_FORMAT
    labels = value_labels(name, settings)
    values = []
    for v in series.astype(object):
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            values.append(None)
        elif isinstance(v, bool):
            values.append(YES_NO[v])
        else:
            values.append(defuse_formula(str(labels.get(v, v))))
    return values, None


def _width(header: str, values: list) -> float:
    longest = max([len(header), *(len(str(v)) for v in values[:2000] if v is not None)])
    return float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))


def _cell(ws, value, number_format: str | None = None, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, str):
        cell.data_type = "s"  # text stays text, even one that looks like a formula
    if font is not None:
        cell.font = font
    return cell


def write_sheet(ws, df: pd.DataFrame, settings: Settings) -> None:
    """A table on a write-only sheet: bold grey header, frozen, filtered, widths, formats, a colour scale on rates."""
    df = public_columns(df).reset_index(drop=True)
    limit = int(settings.report["workbook_max_rows"])
    omitted = max(len(df) - limit, 0)
    df = df.head(limit)
    columns = [cell_values(str(c), df[c], settings) for c in df.columns]
    headers = [column_label(c) for c in df.columns]
    last_row = len(df) + 1
    for index, (header, (values, number_format)) in enumerate(zip(headers, columns), start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = _width(header, values)
        if number_format == PERCENT_FORMAT and is_target_rate(str(df.columns[index - 1])) and last_row > 1:
            ws.conditional_formatting.add(f"{letter}2:{letter}{last_row}", rate_colour_scale(settings))
    ws.freeze_panes = "A2"
    if len(df.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{last_row}"
    header_cells = [_cell(ws, h, font=Font(bold=True)) for h in headers]
    for cell in header_cells:
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.append(header_cells)
    formats = [number_format for _, number_format in columns]
    for values in zip(*(values for values, _ in columns)) if columns else []:
        # plain text is stored as text anyway; only formatted and defused ("'=…") cells need a cell object
        ws.append([_cell(ws, v, f) if (f or (isinstance(v, str) and v[:1] == "'")) else v
                   for v, f in zip(values, formats)])
    if omitted:
        ws.append([_cell(ws, f"… còn {omitted} dòng không đưa vào bảng tính (giới hạn workbook_max_rows "
                             "trong cchc.toml)", font=Font(italic=True))])


def rate_colour_scale(settings: Settings) -> ColorScaleRule:
    """Red at the fail line, yellow at the good line, green at the target."""
    return ColorScaleRule(
        start_type="num", start_value=settings.grades.pass_rate, start_color="F8696B",
        mid_type="num", mid_value=settings.grades.good_rate, mid_color="FFEB84",
        end_type="num", end_value=settings.contest.target_rate, end_color="63BE7B",
    )


def cover_rows(tables: Tables, settings: Settings, city: pd.DataFrame,
               data_as_of: dt.date | None = None) -> list[tuple[str, object, str | None]]:
    """(label, value, number format) rows of the cover: what the workbook is, then the city figures."""
    from .. import analysis
    from . import views

    rows: list[tuple[str, object, str | None]] = [
        ("Cuộc thi", settings.contest.name, None),
        ("Địa phương", settings.contest.city, None),
        ("Thời gian thi",
         f"{fmt_date(settings.contest.window_start, True)} – {fmt_date(settings.contest.window_end, True)}", None),
        ("Hạn gửi báo cáo", settings.contest.return_deadline, DATE_FORMAT),
        ("Số liệu đến ngày", data_as_of, DATE_FORMAT),
        ("Ngày chạy chương trình (ngày lập bảng tính)", dt.date.today(), DATE_FORMAT),
        ("Số đơn vị trong danh sách", len(tables.units), INTEGER_FORMAT),
    ]
    if data_as_of is None:
        rows.pop(4)
    if len(tables.units):
        rows += [("Các tỷ lệ", views.rate_bases(tables, settings), None),
                 ("Thang xếp loại", analysis.grading_scale(settings), None)]
    if len(city):
        first = public_columns(city.drop(columns=["group", "city"], errors="ignore")).iloc[[0]]
        for col in first.columns:
            values, number_format = cell_values(str(col), first[col], settings)
            rows.append((column_label(col), values[0], number_format))
    return rows


def write_cover(ws, tables: Tables, settings: Settings, city: pd.DataFrame, data_as_of: dt.date | None = None) -> None:
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 70
    ws.append([_cell(ws, settings.report.get("title", settings.contest.name), font=Font(bold=True, size=14))])
    ws.append([])
    for row, (label, value, number_format) in enumerate(cover_rows(tables, settings, city, data_as_of), start=3):
        if number_format == PERCENT_FORMAT:
            ws.conditional_formatting.add(f"B{row}", rate_colour_scale(settings))
        value_cell = _cell(ws, defuse_formula(value), number_format)
        if isinstance(value, str) and len(value) > 70:
            value_cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.append([_cell(ws, label, font=Font(bold=True)), value_cell])


def workbook_tables(tables: Tables, settings: Settings) -> dict[str, pd.DataFrame]:
    """Sheet name → the table it shows."""
    return {name: source(tables, settings) for name, source in SHEETS.items()}


def write_workbook(tables: Tables, settings: Settings, path: str | Path, data_as_of: dt.date | None = None) -> Path:
    """The consolidated workbook at path: cover sheet, then one sheet per table (`data_as_of`: the data's date)."""
    from .. import analysis

    path = Path(path)
    wb = Workbook(write_only=True)  # rows stream to disk: a province's ranking does not fill the memory
    write_cover(wb.create_sheet("Tổng quan"), tables, settings, analysis.city_summary(tables, settings), data_as_of)
    for name, df in workbook_tables(tables, settings).items():
        write_sheet(wb.create_sheet(name[:31]), df, settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
