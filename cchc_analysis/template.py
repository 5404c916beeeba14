"""`cchc template OUT.xlsx`: a blank return to send to units, laid out the way layout/ reads it back."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.datavalidation import DataValidation

# Where a unit types its figures and its people; the round-trip test fills these cells.
SHEET = "Báo cáo"
UNIT_CELL = "A2"
DATE_CELL = "C3"
FIELDS_HEADER_ROW = 7
FIELDS_VALUE_ROW = 8
FIELD_HEADERS = ["Tổng số CBCCVC", "Số CBCCVC tham gia", "Tỷ lệ", "Kết quả"]
PEOPLE_TITLE_ROW = 10
PEOPLE_HEADER_ROW = 11
PEOPLE_FIRST_ROW = 12
PEOPLE_ROWS = 30
PEOPLE_HEADERS = ["STT", "Họ và tên", "Chức vụ", "Lý do"]
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _letterhead(ws) -> None:
    ws["A1"] = "UBND THÀNH PHỐ CHÍ LINH"
    ws[UNIT_CELL] = "TÊN ĐƠN VỊ: ……………………"
    ws["C1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["C2"] = "Độc lập - Tự do - Hạnh phúc"
    ws[DATE_CELL] = "Chí Linh, ngày …… tháng …… năm 2024"
    ws.merge_cells("C3:D3")
    ws["A4"] = "BÁO CÁO Kết quả tham gia Cuộc thi trực tuyến tuyên truyền về công tác CCHC tỉnh Hải Dương năm 2024"
    ws.merge_cells("A4:D4")
    for ref in ("A1", "A2", "C1", "C2", "A4"):
        ws[ref].font = Font(bold=True)
        ws[ref].alignment = Alignment(horizontal="center", wrap_text=True)


def _instructions(ws) -> None:
    ws["A5"] = (
        "Hướng dẫn: ghi tên đơn vị ở ô A2 (thay dòng chấm) và ngày, tháng báo cáo ở ô C3 bằng chữ số; "
        "ghi các con số ở dòng 8 (chữ số, không ghi chữ); mục II liệt kê mỗi người vắng một dòng, "
        "đủ họ tên, chức vụ, lý do. Không có ai thì ghi \"Không có\" vào cột Họ và tên. "
        "Không thêm dòng trống giữa danh sách."
    )
    ws.merge_cells("A5:D5")
    ws["A5"].alignment = Alignment(wrap_text=True, vertical="top")
    ws["A5"].font = Font(italic=True, size=9)
    ws.row_dimensions[5].height = 60


def _table(ws, row: int, headers: list[str]) -> None:
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=header)
        cell.font = Font(bold=True)
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_template(path) -> Path:
    """Write a blank return workbook to path and return it."""
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _letterhead(ws)
    _instructions(ws)
    ws.cell(row=FIELDS_HEADER_ROW - 1, column=1, value="I. KẾT QUẢ THAM GIA").font = Font(bold=True)
    _table(ws, FIELDS_HEADER_ROW, FIELD_HEADERS)
    for col in range(1, len(FIELD_HEADERS) + 1):
        ws.cell(row=FIELDS_VALUE_ROW, column=col).border = BOX
    ws.cell(row=FIELDS_VALUE_ROW, column=3).number_format = "0.00%"
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            error="Nhập số nguyên không âm (a whole number)")
    ws.add_data_validation(counts)
    counts.add(f"A{FIELDS_VALUE_ROW}:B{FIELDS_VALUE_ROW}")
    ws.cell(row=PEOPLE_TITLE_ROW, column=1, value="II. DANH SÁCH CBCCVC KHÔNG THAM GIA").font = Font(bold=True)
    _table(ws, PEOPLE_HEADER_ROW, PEOPLE_HEADERS)
    for r in range(PEOPLE_FIRST_ROW, PEOPLE_FIRST_ROW + PEOPLE_ROWS):
        for col in range(1, len(PEOPLE_HEADERS) + 1):
            ws.cell(row=r, column=col).border = BOX
    foot = PEOPLE_FIRST_ROW + PEOPLE_ROWS + 1
    ws.cell(row=foot, column=1, value="Nơi nhận:").font = Font(bold=True, italic=True)
    ws.cell(row=foot + 1, column=1, value="- Phòng Nội vụ thành phố;")
    ws.cell(row=foot, column=3, value="THỦ TRƯỞNG ĐƠN VỊ").font = Font(bold=True)
    ws.cell(row=foot + 1, column=3, value="(Ký tên, đóng dấu)").font = Font(italic=True)
    for letter, width in zip("ABCD", (18, 30, 24, 40)):
        ws.column_dimensions[letter].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
