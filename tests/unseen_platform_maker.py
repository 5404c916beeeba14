"""Platform exports unlike the sample's, written with the real writers (openpyxl, xlsxwriter, csv bytes).

Each maker takes the path and the rows as a person would type them; the tests in
test_unseen_platform.py say what a person reading the file would count.
"""
from __future__ import annotations

from pathlib import Path

import openpyxl
import xlsxwriter

from cchc_analysis.sample.people import to_cp1258

# ~12 units sharing place names: a ward, a kindergarten, a primary and a lower secondary school of Sao Đỏ
REGISTRY = [
    ("PNV", "Phòng Nội vụ", "Phòng chuyên môn", 20, ""),
    ("PGDDT", "Phòng Giáo dục và Đào tạo", "Phòng chuyên môn", 18, ""),
    ("PVHTT", "Phòng Văn hóa và Thông tin", "Phòng chuyên môn", 8, ""),
    ("TTVH", "Trung tâm Văn hóa, Thông tin và Thể thao", "Đơn vị sự nghiệp", 30, ""),
    ("HCCB", "Hội Cựu chiến binh thành phố", "Ban, ngành, đoàn thể", 5, ""),
    ("PSD", "Phường Sao Đỏ", "Xã, phường", 30, ""),
    ("MNSD", "Trường Mầm non Sao Đỏ", "Mầm non", 25, ""),
    ("THSD", "Trường Tiểu học Sao Đỏ", "Tiểu học", 28, ""),
    ("THCSSD", "Trường THCS Sao Đỏ", "THCS", 32, ""),
    ("PCH", "Phường Cộng Hòa", "Xã, phường", 26, ""),
    ("MNCH", "Trường Mầm non Cộng Hòa", "Mầm non", 22, ""),
    ("XHHT", "Xã Hoàng Hoa Thám", "Xã, phường", 24, ""),
]
REGISTRY_HEADER = ["Mã đơn vị", "Tên đơn vị", "Khối", "Tổng số CBCCVC", "Tên gọi khác"]

# the header of a real contest export with personal columns the kit must not carry
FULL_HEADER = ["STT", "Họ và tên thí sinh", "Ngày sinh", "Giới tính", "Số điện thoại", "Email", "Đơn vị công tác",
               "Chức vụ", "Thời gian bắt đầu", "Thời gian kết thúc", "Thời gian làm bài (phút:giây)", "Số câu đúng",
               "Điểm", "Dự đoán số người tham gia"]



def write_registry(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh mục đơn vị"
    ws.append(REGISTRY_HEADER)
    for row in REGISTRY:
        ws.append(list(row))
    wb.save(path)
    return path


def full_row(number, name, phone, email, unit, started, submitted, duration, correct, score=None, prediction=None,
             born="12/03/1985", sex="Nam", position="Chuyên viên") -> list:
    """A row under FULL_HEADER."""
    return [number, name, born, sex, phone, email, unit, position, started, submitted, duration, correct, score,
            prediction]


def write_titled_xlsx(path: Path, header: list, rows: list[list], titles: list[str] = (),
                      group_row: list[tuple[str, int, int]] = ()) -> Path:
    """openpyxl: merged title rows across the table, an optional merged group row (label, first col, last col), the header."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách thí sinh"
    width = len(header)
    for title in titles:
        ws.append([title])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    if group_row:
        line = ws.max_row + 1
        for label, first, last in group_row:
            ws.cell(line, first, label)
            ws.merge_cells(start_row=line, start_column=first, end_row=line, end_column=last)
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_two_row_header_xlsx(path: Path, top: list, bottom: list, rows: list[list], titles: list[str] = ()) -> Path:
    """openpyxl: a two-row header as offices draw it — a top cell merged down over two rows when it has no
    sub-columns, merged across over its sub-columns ("Thời gian" over "Bắt đầu | Kết thúc") when it has."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    width = len(top)
    for title in titles:
        ws.append([title])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    first = ws.max_row + 1
    ws.append(top)
    ws.append(bottom)
    column = 1
    while column <= width:
        if bottom[column - 1] is None:  # no sub-column: the top cell covers both rows
            ws.merge_cells(start_row=first, start_column=column, end_row=first + 1, end_column=column)
            column += 1
            continue
        last = column
        while last < width and top[last] is None and bottom[last] is not None:
            last += 1
        if last > column:
            ws.merge_cells(start_row=first, start_column=column, end_row=first, end_column=last)
        column = last + 1
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_xlsxwriter(path: Path, header: list, rows: list[list | None], titles: list[str] = (),
                     footer: list[list] = ()) -> Path:
    """xlsxwriter (as web platforms export): titles, header, rows (None = a blank line), footer rows under the table.
    datetime cells get a date format, as the platform writes them."""
    import datetime as dt

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    ws = wb.add_worksheet("KetQua")
    stamp = wb.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    line = 0
    for title in titles:
        ws.write_string(line, 0, title)
        line += 1
    ws.write_row(line, 0, header)
    line += 1
    for row in rows:
        if row is not None:
            for col, value in enumerate(row):
                if isinstance(value, dt.datetime):
                    ws.write_datetime(line, col, value, stamp)
                elif value is not None:
                    ws.write(line, col, value)
        line += 1
    for cells in footer:
        ws.write_row(line, 0, cells)
        line += 1
    wb.close()
    return path


cp1258_bytes = to_cp1258  # the sample writer: Windows-1258 as Vietnamese Windows writes it


def write_excel_csv(path: Path, lines: list[list[str]]) -> Path:
    """A csv as Excel on Vietnamese Windows saves it: semicolons, Windows-1258, CRLF, no quoting of commas."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(";".join("" if v is None else str(v) for v in line) + "\r\n" for line in lines)
    path.write_bytes(cp1258_bytes(text))
    return path


def write_html_xls(path: Path, header: list, rows: list[list], title: str = "") -> Path:
    """The web platform's "Xuất Excel": an HTML table saved as .xls (Excel opens it with a warning)."""
    import html

    def cells(tag, values):
        return "<tr>" + "".join(f"<{tag}>{html.escape('' if v is None else str(v))}</{tag}>" for v in values) + "</tr>"

    body = "\n".join([cells("th", header)] + [cells("td", row) for row in rows])
    heading = f"<h3>{html.escape(title)}</h3>" if title else ""
    page = ('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body>'
            f"{heading}<table border=\"1\">\n{body}\n</table></body></html>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def write_xls(path: Path, header: list, rows: list[list], titles: list[str] = ()) -> Path:
    """xlwt: an Excel 97 workbook as older platforms export; datetimes with a date-time format."""
    import datetime as dt

    import xlwt

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    stamp = xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm:ss")
    line = 0
    for title in titles:
        ws.write(line, 0, title)
        line += 1
    for col, value in enumerate(header):
        ws.write(line, col, value)
    for row in rows:
        line += 1
        for col, value in enumerate(row):
            if isinstance(value, dt.datetime):
                ws.write(line, col, value, stamp)
            elif value is not None:
                ws.write(line, col, value)
    wb.save(str(path))
    return path
