"""Unit returns for the sample, each written with the real writer of its format and layout.

One `ReturnDoc` holds what a unit reports; `write_return` lays it out as one of LAYOUTS:
merged-header tables, "label: value" lines, "label | value" cells, Word prose or field tables,
old .xls, CSV (UTF-8 with BOM, Windows-1258 with combining tones), legacy fonts (TCVN3 in Excel,
VNI in Word), NFD text, numbers typed as text, and a sub-units table with a "Tổng cộng" row.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .people import SIGNER_TITLES, to_cp1258
from .units import Unit, fix_file_time, freeze_zip, save_workbook

LAYOUTS = {
    "xlsx_merged_header": ".xlsx",
    "xlsx_label_colon": ".xlsx",
    "xlsx_label_cells": ".xlsx",
    "docx_prose": ".docx",
    "docx_field_table": ".docx",
    "xls_label_cells": ".xls",
    "csv_utf8_bom": ".csv",
    "csv_cp1258_nfd": ".csv",
    "xlsx_tcvn3": ".xlsx",
    "docx_vni": ".docx",
    "xlsx_nfd": ".xlsx",
    "xlsx_text_numbers": ".xlsx",
    "xlsx_subunits": ".xlsx",
}
CITY = "Chí Linh"
PARENT_CITY = "UBND THÀNH PHỐ CHÍ LINH"
PARENT_EDUCATION = "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
TITLE = "BÁO CÁO"
SUBTITLE = "Kết quả tham gia Cuộc thi trực tuyến tuyên truyền về công tác cải cách hành chính tỉnh Hải Dương năm 2024"
PEOPLE_TITLE = "DANH SÁCH CBCCVC KHÔNG THAM GIA CUỘC THI"
PEOPLE_HEADER = ["STT", "Họ và tên", "Chức vụ", "Lý do"]
SCHOOL_KINDS = {"mam_non", "tieu_hoc", "th_thcs", "thcs"}
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass
class Person:
    full_name: str
    position: str
    reason: str
    reason_category: str
    subunit: str = ""


@dataclass
class ReturnDoc:
    unit: Unit
    layout: str
    file_name: str
    report_date: dt.date
    total: int
    participants: int
    people: list[Person]
    signer: str
    maker: str
    doc_number: int
    saved_at: dt.datetime  # local time the file was last saved (its mtime)
    subunits: list[tuple[str, int, int]] = field(default_factory=list)
    name_noise: bool = False  # names typed in capitals or with double spaces

    @property
    def rate_text(self) -> str:
        return rate_text(self.participants, self.total)

    @property
    def place(self) -> str:
        return self.unit.place if self.unit.kind in ("phuong", "xa") else CITY

    @property
    def date_line(self) -> str:
        d = self.report_date
        return f"{self.place}, ngày {d.day:02d} tháng {d.month} năm {d.year}"

    @property
    def parent_line(self) -> str:
        if self.unit.kind in SCHOOL_KINDS and self.doc_number % 2:
            return PARENT_EDUCATION
        return PARENT_CITY

    @property
    def unit_line(self) -> str:
        return self.unit.name.upper()

    @property
    def number_line(self) -> str:
        sender = "UBND" if self.unit.kind in ("phuong", "xa") else self.unit.code.replace("_", "")
        return f"Số: {self.doc_number}/BC-{sender}"

    @property
    def signer_title(self) -> str:
        return SIGNER_TITLES.get(self.unit.kind, "THỦ TRƯỞNG ĐƠN VỊ")

    @property
    def results(self) -> str:
        if self.participants >= self.total:
            return "Đơn vị đã quán triệt, đôn đốc toàn thể CBCCVC tham gia đầy đủ."
        return "Đơn vị đã phổ biến, đôn đốc CBCCVC tham gia; một số đồng chí chưa tham gia vì lý do nêu dưới đây."

    def written_name(self, index: int, name: str) -> str:
        """Names as some clerks type them: capitals, or a double space after the surname."""
        if not self.name_noise:
            return name
        if index % 3 == 0:
            return name.upper()
        if index % 3 == 1:
            return name.replace(" ", "  ", 1)
        return name


def rate_text(part: int, total: int) -> str:
    """'93,75%' the way a Vietnamese report writes a rate; whole numbers lose their decimals."""
    if not total:
        return ""
    value = round(part * 100 / total, 2)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def date_text(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


# ----------------------------------------------------------------------------- grids

def letterhead_rows(doc: ReturnDoc, width: int = 6) -> list[list]:
    """Parent body and unit on the left, motto on the right, the place-and-date line, the title."""
    pad = [None] * (width - 4)
    return [
        [doc.parent_line, None, None, MOTTO[0], *pad],
        [doc.unit_line, None, None, MOTTO[1], *pad],
        [doc.number_line, None, None, doc.date_line, *pad],
        [],
        [TITLE],
        [SUBTITLE],
        [],
    ]


def people_rows(doc: ReturnDoc) -> list[list]:
    rows = [[i, doc.written_name(i, p.full_name), p.position, p.reason] for i, p in enumerate(doc.people, 1)]
    return [[PEOPLE_TITLE], PEOPLE_HEADER, *rows] if rows else []


def signature_rows(doc: ReturnDoc) -> list[list]:
    title_lines = doc.signer_title.split("\n")
    rows = [[], ["Người lập biểu", None, None, title_lines[0]]]
    rows += [[None, None, None, line] for line in title_lines[1:]]
    rows += [[None, None, None, "(Ký, ghi rõ họ tên, đóng dấu)"], [], [], [doc.maker, None, None, doc.signer]]
    return rows


def label_value_rows(doc: ReturnDoc, text_numbers: bool = False, real_date: bool = True) -> list[list]:
    """'label | value' pairs of the single fields."""
    if text_numbers:
        total, part = f"{doc.total} người", f"{doc.participants}/{doc.total}"
        absent = f"{doc.total - doc.participants} người"
    else:
        total, part, absent = doc.total, doc.participants, doc.total - doc.participants
    date_value = dt.datetime.combine(doc.report_date, dt.time()) if real_date else date_text(doc.report_date)
    return [
        ["Đơn vị báo cáo", doc.unit.name],
        ["Ngày báo cáo", date_value],
        ["Tổng số CBCCVC", total],
        ["Số CBCCVC tham gia", part],
        ["Số không tham gia", absent],
        ["Tỷ lệ tham gia", doc.rate_text],
        ["Kết quả", doc.results],
        [],
    ]


def label_cells_grid(doc: ReturnDoc, text_numbers: bool = False, real_date: bool = True) -> list[list]:
    return (letterhead_rows(doc) + label_value_rows(doc, text_numbers, real_date)
            + people_rows(doc) + signature_rows(doc))


def label_colon_grid(doc: ReturnDoc) -> list[list]:
    lines = [
        f"Đơn vị: {doc.unit.name}",
        f"Ngày báo cáo: {date_text(doc.report_date)}",
        f"Tổng số CBCCVC: {doc.total}",
        f"Số CBCCVC tham gia: {doc.participants}",
        f"Số không tham gia: {doc.total - doc.participants}",
        f"Tỷ lệ: {doc.rate_text}",
        f"Kết quả: {doc.results}",
    ]
    head = [[doc.parent_line], [doc.unit_line], [], [TITLE], [SUBTITLE], []]
    return head + [[line] for line in lines] + [[]] + people_rows(doc) + signature_rows(doc)


def nfd_grid(grid: list[list]) -> list[list]:
    return [[unicodedata.normalize("NFD", c) if isinstance(c, str) else c for c in row] for row in grid]


# ----------------------------------------------------------------------------- xlsx

def _sheet(title: str = "Báo cáo"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    return wb, ws


def _fill(ws, grid: list[list], start_row: int = 1) -> None:
    for r, row in enumerate(grid, start_row):
        for c, value in enumerate(row, 1):
            if value is not None:
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, dt.datetime):
                    cell.number_format = "dd/mm/yyyy"


def _widths(ws, widths: tuple[int, ...]) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def write_xlsx_grid(doc: ReturnDoc, path: Path, grid: list[list]) -> None:
    wb, ws = _sheet()
    _fill(ws, grid)
    ws["A1"].font = Font(bold=True)
    ws["A2"].font = Font(bold=True)
    _widths(ws, (24, 30, 28, 40, 12, 12))
    save_workbook(wb, path)


def write_xlsx_merged_header(doc: ReturnDoc, path: Path) -> None:
    """A two-row merged header over a one-row summary table, then the people table."""
    wb, ws = _sheet("BC ket qua")
    _fill(ws, letterhead_rows(doc))
    for r in (1, 2):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=6)
    ws.merge_cells("A5:F5")
    ws.merge_cells("A6:F6")
    header_top = ["STT", "Đơn vị", "Tổng số CBCCVC", "Kết quả tham gia", None, "Số không tham gia"]
    header_low = [None, None, None, "Số CBCCVC tham gia", "Tỷ lệ", None]
    _fill(ws, [header_top, header_low], start_row=8)
    for col in ("A", "B", "C", "F"):
        ws.merge_cells(f"{col}8:{col}9")
    ws.merge_cells("D8:E8")
    ws.cell(row=10, column=1, value=1)
    ws.cell(row=10, column=2, value=doc.unit.name)
    ws.cell(row=10, column=3, value=doc.total)
    ws.cell(row=10, column=4, value=doc.participants)
    ws.cell(row=10, column=5, value=round(doc.participants / doc.total, 4)).number_format = "0.00%"
    ws.cell(row=10, column=6, value=doc.total - doc.participants)
    for row in ws.iter_rows(min_row=8, max_row=10, max_col=6):
        for cell in row:
            cell.border = BOX
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    tail = [[]] + people_rows(doc) + signature_rows(doc)
    _fill(ws, tail, start_row=11)
    _widths(ws, (8, 34, 22, 34, 12, 14))
    save_workbook(wb, path)


def write_xlsx_subunits(doc: ReturnDoc, path: Path) -> None:
    """Sub-units (tổ, bộ phận) with their own counts and a 'Tổng cộng' row, then the people by sub-unit."""
    wb, ws = _sheet("Tong hop")
    grid = letterhead_rows(doc)
    grid.append(["STT", "Bộ phận", "Tổng số CBCCVC", "Số CBCCVC tham gia", "Tỷ lệ"])
    for i, (name, total, part) in enumerate(doc.subunits, 1):
        grid.append([i, name, total, part, rate_text(part, total)])
    grid.append([None, "Tổng cộng", doc.total, doc.participants, doc.rate_text])
    grid.append([])
    if doc.people:
        grid.append([PEOPLE_TITLE])
        grid.append(["STT", "Họ và tên", "Bộ phận", "Chức vụ", "Lý do"])
        grid += [[i, p.full_name, p.subunit, p.position, p.reason] for i, p in enumerate(doc.people, 1)]
    grid += signature_rows(doc)
    _fill(ws, grid)
    _widths(ws, (8, 30, 22, 24, 30))
    save_workbook(wb, path)


def write_xlsx_tcvn3(doc: ReturnDoc, path: Path) -> None:
    """Typed in the ABC (TCVN3) font .VnTime; the letterhead in its capitals font .VnTimeH."""
    from ..text import unicode_to_tcvn3

    wb, ws = _sheet("Sheet1")
    grid = label_cells_grid(doc, real_date=False)
    for r, row in enumerate(grid, 1):
        for c, value in enumerate(row, 1):
            if value is None:
                continue
            if isinstance(value, str):
                capitals = value.isupper() and r <= 3
                # .VnTimeH draws capitals over the lower-case codes, as typists used it
                text = unicode_to_tcvn3(value.lower() if capitals else value)
                cell = ws.cell(row=r, column=c, value=text)
                cell.font = Font(name=".VnTimeH" if capitals else ".VnTime", size=13)
            else:
                ws.cell(row=r, column=c, value=value).font = Font(name=".VnTime", size=13)
    _widths(ws, (24, 30, 28, 40))
    save_workbook(wb, path)


# ----------------------------------------------------------------------------- xls, csv

def write_xls_label_cells(doc: ReturnDoc, path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Bao cao")
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for r, row in enumerate(label_cells_grid(doc), 0):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.datetime):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    for c, w in enumerate((24, 30, 28, 40)):
        sheet.col(c).width = 256 * w
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(path))


def _csv_text(grid: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in grid:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def write_csv_utf8_bom(doc: ReturnDoc, path: Path) -> None:
    grid = label_cells_grid(doc, real_date=False)
    path.write_bytes(_csv_text(grid).encode("utf-8-sig"))


def write_csv_cp1258(doc: ReturnDoc, path: Path) -> None:
    """Saved by an old Vietnamese Windows: Windows-1258, tones as combining marks."""
    grid = label_cells_grid(doc, real_date=False)
    path.write_bytes(to_cp1258(_csv_text(grid)))


# ----------------------------------------------------------------------------- docx

def _document():
    import docx

    document = docx.Document()
    props = document.core_properties
    props.created = props.modified = dt.datetime(2024, 12, 16, 8, 0, 0)
    props.author = "CCHC"
    return document


def _paragraph(document, text: str, bold: bool = False, font: str | None = None, convert=None):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(convert(text) if convert else text)
    run.bold = bold
    if font:
        run.font.name = font
    return paragraph


def _cell_text(cell, text: str, font: str | None = None, convert=None) -> None:
    cell.text = ""
    lines = str(text).split("\n")
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
        run = paragraph.add_run(convert(line) if convert else line)
        if font:
            run.font.name = font


def _table(document, rows: list[list], font: str | None = None, convert=None, style: str | None = "Table Grid"):
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    if style:
        table.style = style
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                _cell_text(table.cell(r, c), str(value), font, convert)
    return table


def _docx_letterhead(document, doc: ReturnDoc, font=None, convert=None) -> None:
    _table(document, [[f"{doc.parent_line}\n{doc.unit_line}\n{doc.number_line}", f"{MOTTO[0]}\n{MOTTO[1]}"]],
           font, convert, style=None)
    _paragraph(document, doc.date_line, font=font, convert=convert)
    _paragraph(document, TITLE, bold=True, font=font, convert=convert)
    _paragraph(document, SUBTITLE, bold=True, font=font, convert=convert)


def _docx_people(document, doc: ReturnDoc, font=None, convert=None) -> None:
    if not doc.people:
        return
    rows = [["STT", "Họ và tên", "Chức vụ", "Lý do không tham gia"]]
    rows += [[i, doc.written_name(i, p.full_name), p.position, p.reason] for i, p in enumerate(doc.people, 1)]
    _table(document, rows, font, convert)


def _docx_signature(document, doc: ReturnDoc, font=None, convert=None) -> None:
    left = "Nơi nhận:\n- Phòng Nội vụ thành phố;\n- Lưu: VT."
    right = f"{doc.signer_title}\n(Đã ký)\n\n{doc.signer}"
    _table(document, [[left, right]], font, convert, style=None)


def _prose_lines(doc: ReturnDoc) -> list[str]:
    absent = doc.total - doc.participants
    lines = [
        f"Thực hiện Kế hoạch số 215/KH-UBND ngày 12/11/2024 của UBND thành phố Chí Linh về việc hưởng ứng "
        f"Cuộc thi, {doc.unit.name} báo cáo kết quả như sau:",
        f"1. Tổng số CBCCVC của đơn vị là {doc.total} đồng chí; số đồng chí tham gia: {doc.participants} đồng chí, "
        f"đạt {doc.rate_text}.",
    ]
    if absent > 0:
        lines.append(f"2. Số đồng chí không tham gia: {absent} đồng chí, cụ thể như sau:")
    else:
        lines.append("2. Không có đồng chí nào không tham gia.")
    return lines


def write_docx_prose(doc: ReturnDoc, path: Path, font: str | None = None, convert=None) -> None:
    document = _document()
    _docx_letterhead(document, doc, font, convert)
    for line in _prose_lines(doc):
        _paragraph(document, line, font=font, convert=convert)
    _docx_people(document, doc, font, convert)
    _paragraph(document, f"3. Kết quả: {doc.results}", font=font, convert=convert)
    _paragraph(document, f"Trên đây là báo cáo kết quả tham gia Cuộc thi của {doc.unit.name}./.",
               font=font, convert=convert)
    _docx_signature(document, doc, font, convert)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    freeze_zip(path)


def write_docx_vni(doc: ReturnDoc, path: Path) -> None:
    from ..text import unicode_to_vni

    write_docx_prose(doc, path, font="VNI-Times", convert=unicode_to_vni)


def write_docx_field_table(doc: ReturnDoc, path: Path) -> None:
    document = _document()
    _docx_letterhead(document, doc)
    _paragraph(document, "I. SỐ LIỆU THAM GIA", bold=True)
    _table(document, [
        ["Nội dung", "Số liệu"],
        ["Tên đơn vị", doc.unit.name],
        ["Tổng số CBCCVC", doc.total],
        ["Số CBCCVC tham gia", doc.participants],
        ["Tỷ lệ tham gia", doc.rate_text],
        ["Kết quả", doc.results],
    ])
    if doc.people:
        _paragraph(document, "II. DANH SÁCH CBCCVC KHÔNG THAM GIA", bold=True)
        _docx_people(document, doc)
    _docx_signature(document, doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    freeze_zip(path)


# ----------------------------------------------------------------------------- dispatch

# layout name → writer: a new layout is one entry here
LAYOUT_WRITERS = {
    "xlsx_merged_header": write_xlsx_merged_header,
    "xlsx_label_colon": lambda doc, path: write_xlsx_grid(doc, path, label_colon_grid(doc)),
    "xlsx_label_cells": lambda doc, path: write_xlsx_grid(doc, path, label_cells_grid(doc)),
    "xlsx_nfd": lambda doc, path: write_xlsx_grid(doc, path, nfd_grid(label_colon_grid(doc))),
    "xlsx_text_numbers": lambda doc, path: write_xlsx_grid(
        doc, path, label_cells_grid(doc, text_numbers=True, real_date=False)),
    "xlsx_subunits": write_xlsx_subunits,
    "xlsx_tcvn3": write_xlsx_tcvn3,
    "xls_label_cells": write_xls_label_cells,
    "csv_utf8_bom": write_csv_utf8_bom,
    "csv_cp1258_nfd": write_csv_cp1258,
    "docx_prose": write_docx_prose,
    "docx_field_table": write_docx_field_table,
    "docx_vni": write_docx_vni,
}


def write_return(doc: ReturnDoc, folder: Path) -> Path:
    """Write the return in its layout under folder, with its file time set to when it was saved."""
    path = folder / doc.file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = LAYOUT_WRITERS.get(doc.layout)
    if writer is None:
        raise ValueError(f"unknown layout {doc.layout!r}")
    writer(doc, path)
    fix_file_time(path, doc.saved_at)
    return path
