"""Returns the reader's author never saw, written the way Chí Linh's offices really write them.

Each case writes one real file (xlsx via openpyxl, xls via xlwt, docx via python-docx, csv as text) into a
folder and states what a person reading it finds: unit code, report date, total staff, participants and the
exact non-participants (name, position, reason). The registry (`UNITS`) shares place names on purpose.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
import openpyxl
from openpyxl.styles import Font
import xlwt

from cchc_analysis.sample_people import to_cp1258
from cchc_analysis.text import unicode_to_tcvn3, unicode_to_vni

UNITS = [
    ("P_SAODO", "Phường Sao Đỏ", "Xã, phường", 30, "UBND phường Sao Đỏ"),
    ("MN_SAODO", "Trường Mầm non Sao Đỏ", "Mầm non", 28, ""),
    ("TH_SAODO", "Trường Tiểu học Sao Đỏ", "Tiểu học", 40, ""),
    ("THCS_SAODO", "Trường THCS Sao Đỏ", "THCS", 45, ""),
    ("THTHCS_HT", "Trường TH&THCS Hoàng Tân", "TH&THCS", 35, ""),
    ("X_HOANGTAN", "Xã Hoàng Tân", "Xã, phường", 24, ""),
    ("X_LELOI", "Xã Lê Lợi", "Xã, phường", 25, ""),
    ("PTCKH", "Phòng Tài chính - Kế hoạch", "Phòng, ban chuyên môn", 12, "Phòng TC-KH"),
    ("PNV", "Phòng Nội vụ", "Phòng, ban chuyên môn", 10, ""),
    ("HCCB", "Hội Cựu chiến binh", "Ban, ngành, đoàn thể", 6, "Hội CCB thành phố"),
    ("TTVHTTTT", "Trung tâm Văn hóa - Thông tin - Thể thao", "Đơn vị sự nghiệp", 18, ""),
    ("TH_CONGHOA", "Trường Tiểu học Cộng Hòa", "Tiểu học", 32, ""),
    ("P_CONGHOA", "Phường Cộng Hòa", "Xã, phường", 30, ""),
    ("VP", "Văn phòng HĐND và UBND", "Phòng, ban chuyên môn", 20, "Văn phòng HĐND-UBND thành phố"),
    ("TD", "Thành đoàn Chí Linh", "Ban, ngành, đoàn thể", 5, "Đoàn TNCS Hồ Chí Minh thành phố"),
    ("PGDDT", "Phòng Giáo dục và Đào tạo", "Phòng, ban chuyên môn", 15, "Phòng GD&ĐT"),
]

REGISTRY_HEADER = ["Mã đơn vị", "Tên đơn vị", "Khối", "Tổng số CBCCVC", "Tên gọi khác"]
STAFF = {code: staff for code, _name, _group, staff, _other in UNITS}  # registry headcount by unit code
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
CONTEST = "Cuộc thi trực tuyến tuyên truyền về công tác CCHC tỉnh Hải Dương năm 2024"
DEC16 = dt.date(2024, 12, 16)


@dataclass
class Case:
    """One unseen return: how to write it and what a person reads in it."""

    name: str
    write: Callable[[Path], Path]
    unit_code: str
    report_date: dt.date | None
    total_staff: int
    participants: int
    people: list[tuple[str, str, str]] = field(default_factory=list)


def write_registry(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh mục"
    ws.append(REGISTRY_HEADER)
    for row in UNITS:
        ws.append(list(row))
    wb.save(path)
    return path


# ---------------------------------------------------------------- file writers


def write_xlsx(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None,
               dates: dict[str, dict[str, str]] | None = None, hidden_rows: dict[str, list[int]] | None = None,
               hidden_cols: dict[str, list[str]] | None = None) -> Path:
    """sheets: title → rows (in order); merges: title → ranges; dates: title → {cell: number format};
    hidden_rows / hidden_cols: title → 1-based rows / column letters hidden the way Excel's "Hide" leaves them."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        fonts = {}
        for r, row in enumerate(rows, start=1):
            ws.append([v[0] if isinstance(v, tuple) else v for v in row])
            fonts.update({(r, c): v[1] for c, v in enumerate(row, start=1) if isinstance(v, tuple)})
        for (r, c), font in fonts.items():
            ws.cell(r, c).font = Font(name=font)
        for rng in (merges or {}).get(title, []):
            ws.merge_cells(rng)
        for ref, fmt in (dates or {}).get(title, {}).items():
            ws[ref].number_format = fmt
        for r in (hidden_rows or {}).get(title, []):
            ws.row_dimensions[r].hidden = True
        for c in (hidden_cols or {}).get(title, []):
            ws.column_dimensions[c].hidden = True
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_xls(path: Path, rows: list[list], date_format: str = "dd/mm/yyyy",
              hidden: dict[str, list[list]] | None = None) -> Path:
    """An old .xls; datetime/date values become real Excel date cells; `hidden` sheets follow, hidden."""
    book = xlwt.Workbook(encoding="utf-8")
    _xls_sheet(book.add_sheet("Báo cáo"), rows, date_format)
    for title, hidden_rows in (hidden or {}).items():
        sheet = book.add_sheet(title)
        _xls_sheet(sheet, hidden_rows, date_format)
        sheet.visibility = 1  # hidden, as Excel's "Hide sheet" leaves it
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(path))
    return path


def _xls_sheet(sheet, rows: list[list], date_format: str) -> None:
    date_style = xlwt.easyxf(num_format_str=date_format)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (dt.date, dt.datetime)):
                sheet.write(r, c, value, date_style)
            elif isinstance(value, tuple):  # (text, font name): a legacy-font cell
                sheet.write(r, c, value[0], xlwt.easyxf(f"font: name {value[1]}"))
            else:
                sheet.write(r, c, value)


def write_docx(path: Path, items: list) -> Path:
    """items: a paragraph's text, or ("table", rows, merges) with merges as ((r0, c0), (r1, c1)) pairs."""
    document = docx.Document()
    for item in items:
        if isinstance(item, tuple):
            rows = item[1]
            merges = item[2] if len(item) > 2 else []
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for i, row in enumerate(rows):
                for j, value in enumerate(row):
                    if value is not None:
                        table.cell(i, j).text = str(value)
            for (r0, c0), (r1, c1) in merges:
                text = rows[r0][c0]
                merged = table.cell(r0, c0).merge(table.cell(r1, c1))
                merged.text = "" if text is None else str(text)
        else:
            document.add_paragraph(item)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def write_text(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


# ---------------------------------------------------------------- the cases


def congvan_numbered(folder: Path) -> Path:
    """Official letter: document number, V/v line, Kính gửi, numbered sentences, then a people table."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH", None, None, NATION],
        ["ỦY BAN NHÂN DÂN XÃ LÊ LỢI", None, None, MOTTO],
        ["Số: 45/BC-UBND", None, None, "Lê Lợi, ngày 16 tháng 12 năm 2024"],
        ["V/v báo cáo kết quả tham gia Cuộc thi trực tuyến tuyên truyền về công tác CCHC năm 2024"],
        [None],
        [None, "Kính gửi: Phòng Nội vụ thành phố Chí Linh"],
        ["Thực hiện Công văn số 1520/UBND-NV ngày 14/11/2024 của UBND thành phố về việc tổ chức "
         "Cuộc thi, UBND xã Lê Lợi báo cáo kết quả như sau:"],
        ["1. Tổng số cán bộ, công chức: 25 người."],
        ["2. Số người đã tham gia dự thi: 23 người (đạt tỷ lệ 92%)."],
        ["3. Danh sách cán bộ, công chức không tham gia:"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Phạm Thị Hằng", "Công chức Văn hóa - Xã hội", "Nghỉ thai sản"],
        [2, "Vũ Đức Thắng", "Phó Chỉ huy trưởng Quân sự", "Đi học lớp trung cấp"],
        [None],
        ["UBND xã Lê Lợi trân trọng báo cáo./."],
        [None],
        ["Nơi nhận:", None, None, "TM. ỦY BAN NHÂN DÂN"],
        ["- Như trên;", None, None, "CHỦ TỊCH"],
        ["- Lưu: VP.", None, None, None],
        [None, None, None, "Trần Văn Toản"],
    ]
    return write_xlsx(folder / "45-BC-UBND.xlsx", {"Sheet1": rows})


def values_row_below_merged_title(folder: Path) -> Path:
    """A figures table under a merged title: header row, then the values in the row below."""
    rows = [
        ["PHÒNG GD&ĐT TP CHÍ LINH", None, NATION, None],
        ["TRƯỜNG THCS SAO ĐỎ", None, MOTTO, None],
        [None, None, "Sao Đỏ, ngày 15 tháng 12 năm 2024", None],
        ["KẾT QUẢ THAM GIA CUỘC THI TRỰC TUYẾN VỀ CCHC NĂM 2024", None, None, None],
        ["Tổng số CBCCVC", "Số đã tham gia", "Số chưa tham gia", "Tỷ lệ (%)"],
        [45, 44, 1, 97.78],
        [None],
        ["TT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Đặng Thu Trang", "Giáo viên", "Nghỉ chế độ thai sản"],
        [None],
        [None, None, "HIỆU TRƯỞNG", None],
        [None, None, "Lương Văn Chiến", None],
    ]
    return write_xlsx(folder / "THCS Sao Do - ket qua.xlsx", {"KQ": rows}, merges={"KQ": ["A4:D4"]})


def transposed_values_in_c(folder: Path) -> Path:
    """Labels in column A, column B empty, values in column C."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH"],
        ["PHÒNG TÀI CHÍNH - KẾ HOẠCH"],
        [None],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI"],
        [None],
        ["Ngày báo cáo", None, "14/12/2024"],
        ["Tổng số công chức, viên chức", None, 12],
        ["Số người tham gia", None, 11],
        ["Tỷ lệ tham gia", None, "91,67%"],
        [None],
        ["STT", "Họ và tên", "Chức vụ", "Lý do không tham gia"],
        [1, "Ngô Thị Thanh Hương", "Kế toán", "Ốm nằm viện"],
        [None], [None],
        ["Người lập biểu", None, "TRƯỞNG PHÒNG"],
    ]
    return write_xlsx(folder / "PhongTCKH_CCHC.xlsx", {"Sheet1": rows})


def fraction_dong_chi(folder: Path) -> Path:
    """Counts typed as "5/6 đồng chí"; the parent on the letterhead is the province's association."""
    rows = [
        ["HỘI CCB TỈNH HẢI DƯƠNG", None, NATION],
        ["HỘI CCB THÀNH PHỐ CHÍ LINH", None, MOTTO],
        [None, None, "Chí Linh, ngày 12 tháng 12 năm 2024"],
        ["BÁO CÁO"],
        ["Kết quả tham gia Cuộc thi trực tuyến về CCHC năm 2024"],
        ["Số đồng chí tham gia: 5/6 đồng chí"],
        ["Số không tham gia: 1 đồng chí"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Nguyễn Hữu Lộc", "Phó Chủ tịch Hội", "Đi công tác"],
        [None], [None],
        [None, None, "CHỦ TỊCH"],
        [None, None, "Phạm Quang Vinh"],
    ]
    return write_xlsx(folder / "HoiCCB.xlsx", {"Sheet1": rows})


def full_no_table(folder: Path) -> Path:
    """100% in a Word letter: no people table, a sentence saying nobody stayed out."""
    return write_docx(folder / "MN Sao Do.docx", [
        "PHÒNG GD&ĐT THÀNH PHỐ CHÍ LINH",
        "TRƯỜNG MẦM NON SAO ĐỎ",
        "Số: 38/BC-MNSĐ",
        "Sao Đỏ, ngày 16 tháng 12 năm 2024",
        "BÁO CÁO",
        "Kết quả tham gia Cuộc thi trực tuyến tìm hiểu về CCHC năm 2024",
        "Thực hiện Kế hoạch số 215/KH-PGDĐT ngày 15/11/2024 của Phòng GD&ĐT, nhà trường báo cáo như sau:",
        "Tổng số cán bộ, giáo viên, nhân viên: 28 người.",
        "Số tham gia: 28 người, đạt 100%.",
        "Không có trường hợp nào không tham gia.",
        "Nơi nhận:",
        "- Phòng Nội vụ;",
        "- Lưu VT.",
        "HIỆU TRƯỞNG",
        "Đỗ Thị Lan",
    ])


def tt_chuc_danh_ghi_chu(folder: Path) -> Path:
    """People table TT | Họ tên | Chức danh | Lý do chưa tham gia | Ghi chú: the reason is not the note."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH", None, None, NATION],
        ["UBND PHƯỜNG SAO ĐỎ", None, None, MOTTO],
        [None, None, None, "Sao Đỏ, ngày 16 tháng 12 năm 2024"],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI TRỰC TUYẾN VỀ CCHC"],
        ["Tổng số CBCCVC: 30"],
        ["Số CBCCVC tham gia: 28"],
        ["Số CBCCVC chưa tham gia: 2"],
        ["TT", "Họ tên", "Chức danh", "Lý do chưa tham gia", "Ghi chú"],
        [1, "Hoàng Minh Tuấn", "Công chức Địa chính", "Điều trị tại bệnh viện", "Có giấy ra viện"],
        [2, "Lê Thị Ngọc", "Công chức Tư pháp", "Nghỉ phép", "Đã báo cáo"],
        [None], [None],
        ["Nơi nhận:", None, None, "TM. UBND PHƯỜNG"],
    ]
    return write_xlsx(folder / "UBND P Sao Do.xlsx", {"Sheet1": rows})


def people_without_stt(folder: Path) -> Path:
    """People table with no STT column: Họ và tên | Chức vụ | Lý do."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH"],
        ["PHÒNG NỘI VỤ"],
        ["Chí Linh, ngày 13 tháng 12 năm 2024"],
        ["Tổng số CBCCVC", 10],
        ["Số tham gia", 8],
        [None],
        ["Họ và tên", "Chức vụ", "Lý do"],
        ["Bùi Thị Thu Hà", "Chuyên viên", "Nghỉ sinh con"],
        ["Trịnh Văn Khải", "Chuyên viên", "Không có lý do"],
        [None], [None],
        ["TRƯỞNG PHÒNG", None, None],
        ["Lại Thế Anh", None, None],
    ]
    return write_xlsx(folder / "PNV_ket_qua.xlsx", {"Sheet1": rows})


def docx_prose_two_sentences(folder: Path) -> Path:
    """Numbers only in prose, over two sentences; the people as a Word table."""
    return write_docx(folder / "TH Cong Hoa.docx", [
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        "TRƯỜNG TIỂU HỌC CỘNG HÒA",
        "Cộng Hòa, ngày 16 tháng 12 năm 2024",
        "BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI",
        "Nhà trường có tổng số 32 cán bộ, giáo viên, nhân viên. Trong đó, 30 đồng chí đã tham gia "
        "cuộc thi, đạt tỷ lệ 93,75%.",
        ("table", [["STT", "Họ và tên", "Chức vụ", "Lý do"],
                   ["1", "Trần Thị Mai", "Giáo viên", "Nghỉ thai sản"],
                   ["2", "Phùng Văn Đức", "Nhân viên bảo vệ", "Hợp đồng lao động"]]),
        "HIỆU TRƯỞNG",
        "Vương Thị Nga",
    ])


def docx_merged_people_title(folder: Path) -> Path:
    """A Word table whose first row, merged across, says what the table is; column headers below it."""
    return write_docx(folder / "TTVH-TT-TT.docx", [
        "UBND THÀNH PHỐ CHÍ LINH",
        "TRUNG TÂM VĂN HÓA - THÔNG TIN - THỂ THAO",
        "Chí Linh, ngày 16 tháng 12 năm 2024",
        "BÁO CÁO kết quả tham gia Cuộc thi trực tuyến về CCHC năm 2024",
        "Tổng số viên chức, người lao động: 18 người. Số người tham gia: 16 người.",
        ("table", [["Danh sách CBCCVC không tham gia", None, None, None],
                   ["STT", "Họ và tên", "Chức vụ", "Lý do"],
                   ["1", "Đào Văn Long", "Diễn viên", "Biệt phái lưu diễn"],
                   ["2", "Lý Thị Hồng", "Phát thanh viên", "Ốm"]],
         [((0, 0), (0, 3))]),
        "GIÁM ĐỐC",
        "Tạ Quang Huy",
    ])


def xls_real_date(folder: Path) -> Path:
    """Old .xls with the report date as a real Excel date cell, right of its label."""
    rows = [
        ["PHÒNG GD&ĐT CHÍ LINH", None, NATION],
        ["TRƯỜNG TIỂU HỌC SAO ĐỎ", None, MOTTO],
        [None],
        ["Ngày báo cáo:", dt.datetime(2024, 12, 16)],
        ["Tổng số CB, GV, NV", 40],
        ["Số CB, GV, NV tham gia", 39],
        [None],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Nguyễn Thị Phương", "Giáo viên", "Nghỉ chờ hưu"],
        [None],
        [None, None, "HIỆU TRƯỞNG"],
    ]
    return write_xls(folder / "TieuHocSaoDo.xls", rows)


def csv_semicolons(folder: Path) -> Path:
    """CSV saved by a Vietnamese-locale Excel: semicolons, UTF-8 with BOM, decimal commas."""
    text = (
        "Đơn vị;Trường TH&THCS Hoàng Tân;;\n"
        "Ngày báo cáo;15/12/2024;;\n"
        "Tổng số CBCCVC;35;;\n"
        "Số tham gia;34;;\n"
        "Tỷ lệ;97,14%;;\n"
        ";;;\n"
        "STT;Họ và tên;Chức vụ;Lý do\n"
        "1;Đỗ Thị Bích Ngọc;Giáo viên;Đi học đại học\n"
    )
    return write_text(folder / "hoangtan_thcs.csv", text)


def unit_only_in_title(folder: Path) -> Path:
    """The file name names no unit; the letterhead has no unit line; only the title says whose it is."""
    rows = [
        [NATION],
        [MOTTO],
        [None],
        ["BÁO CÁO Kết quả tham gia Cuộc thi trực tuyến về CCHC năm 2024 của Trường Tiểu học Sao Đỏ"],
        ["Ngày báo cáo: 16/12/2024"],
        ["Tổng số CBCCVC: 40 người"],
        ["Số CBCCVC tham gia: 40 người"],
        ["Tỷ lệ: 100%"],
    ]
    return write_xlsx(folder / "bao_cao_ket_qua.xlsx", {"Sheet1": rows})


def th_va_thcs(folder: Path) -> Path:
    """A TH&THCS written "Trường TH và THCS Hoàng Tân" (a commune of the same name exists)."""
    rows = [
        ["PHÒNG GD&ĐT TP CHÍ LINH", None, None, NATION],
        ["TRƯỜNG TH VÀ THCS HOÀNG TÂN", None, None, MOTTO],
        [None, None, None, "Hoàng Tân, ngày 16 tháng 12 năm 2024"],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI TRỰC TUYẾN"],
        ["Tổng số CB, GV, NV", "Số tham gia", "Số không tham gia", "Tỷ lệ"],
        [35, 33, 2, "94,29%"],
        [None],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Cao Văn Bảy", "Giáo viên", "Đi học"],
        [2, "Mạc Thị Dung", "Nhân viên", "Nghỉ việc riêng"],
        [None], [None],
        [None, None, None, "HIỆU TRƯỞNG"],
    ]
    return write_xlsx(folder / "Truong TH va THCS Hoang Tan.xlsx", {"Sheet1": rows})


def pgd_letterhead_over_school(folder: Path) -> Path:
    """"PHÒNG GD&ĐT TP CHÍ LINH" over the school name: the parent is not the sender."""
    rows = [
        ["PHÒNG GD&ĐT TP CHÍ LINH"],
        ["TRƯỜNG MẦM NON SAO ĐỎ"],
        [None],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI"],
        ["Ngày 15/12/2024"],
        ["Tổng số CB, GV, NV: 28"],
        ["Số CB, GV, NV tham gia: 27"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Vi Thị Thảo", "Cấp dưỡng", "HĐ 68"],
    ]
    return write_xlsx(folder / "MN.xlsx", {"Sheet1": rows})


def signer_under_head(folder: Path) -> Path:
    """The table runs straight into the place-and-date line and "HIỆU TRƯỞNG" with the signer's name below."""
    rows = [
        ["PHÒNG GD&ĐT THÀNH PHỐ CHÍ LINH", None, None],
        ["TRƯỜNG THCS SAO ĐỎ", None, None],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI TRỰC TUYẾN VỀ CCHC"],
        ["Tổng số CBCCVC: 45"],
        ["Số tham gia: 43"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Hà Thị Lụa", "Giáo viên", "Thai sản"],
        [2, "Kiều Văn Nam", "Giáo viên", "Đi công tác"],
        [None, None, "Sao Đỏ, ngày 16 tháng 12 năm 2024", None],
        [None, None, "HIỆU TRƯỞNG", None],
        [None, None, "(Ký tên, đóng dấu)", None],
        [None], [None],
        [None, "Nguyễn Văn Hùng", None, None],
    ]
    return write_xlsx(folder / "THCS_SaoDo.xlsx", {"BC": rows})


def date_slashes_after_place(folder: Path) -> Path:
    """Place-and-date line typed "Chí Linh, ngày 16/12/2024"."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH", None, NATION],
        ["PHÒNG TÀI CHÍNH - KẾ HOẠCH", None, MOTTO],
        [None, None, "Chí Linh, ngày 16/12/2024"],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI"],
        ["- Tổng số công chức, viên chức: 12 người"],
        ["- Số người tham gia: 12 người, đạt 100%"],
        ["- Số người không tham gia: Không"],
    ]
    return write_xlsx(folder / "BC TC-KH.xlsx", {"Sheet1": rows})


def date_spaced_dashes(folder: Path) -> Path:
    """An odd date "16 - 12 - 2024" next to its label."""
    rows = [
        ["UBND XÃ HOÀNG TÂN"],
        ["BÁO CÁO KẾT QUẢ CUỘC THI TRỰC TUYẾN VỀ CCHC"],
        ["Ngày báo cáo: 16 - 12 - 2024"],
        ["Tổng số CBCCVC: 24"],
        ["Số CBCCVC tham gia: 24"],
        ["Số CBCCVC không tham gia: 0"],
    ]
    return write_xlsx(folder / "Xa Hoang Tan.xlsx", {"Sheet1": rows})


def instruction_sheet_first(folder: Path) -> Path:
    """Two sheets: instructions (with cell references and an example) first, the return second."""
    guide = [
        ["HƯỚNG DẪN ĐIỀN BIỂU MẪU"],
        ["1. Ghi tên đơn vị tại ô B2 của sheet Báo cáo."],
        ["2. Tổng số CBCCVC ghi tại ô B4, là số có mặt tại ngày 18/11/2024."],
        ["3. Số tham gia ghi tại ô B5, chỉ tính người đã làm bài ít nhất 1 lần."],
        ["4. Danh sách người không tham gia ghi từ dòng 8, mỗi người một dòng."],
        ["Hạn gửi báo cáo: 17/12/2024."],
    ]
    data = [
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI TRỰC TUYẾN VỀ CCHC"],
        ["Đơn vị", "Hội Cựu chiến binh"],
        ["Ngày báo cáo", "16/12/2024"],
        ["Tổng số CBCCVC", 6],
        ["Số tham gia", 6],
        [None],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [None, "Không có", None, None],
    ]
    return write_xlsx(folder / "Mau bao cao - HCCB.xlsx", {"Hướng dẫn": guide, "Báo cáo": data})


def attempts_beside_people(folder: Path) -> Path:
    """Attempts ("lượt") typed beside people, and a rate sitting first in the sentence."""
    return write_docx(folder / "Xa Le Loi.docx", [
        "UBND THÀNH PHỐ CHÍ LINH",
        "UBND XÃ LÊ LỢI",
        "Lê Lợi, ngày 15 tháng 12 năm 2024",
        "BÁO CÁO",
        "Kết quả tham gia Cuộc thi trực tuyến về công tác cải cách hành chính năm 2024",
        "Đạt 100% CBCC tham gia. Tổng số CBCC: 25 đồng chí; số lượt tham gia: 61 lượt; "
        "số người tham gia: 25 người.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nguyễn Văn Bình",
    ])



# ---------------------------------------------------------------- the second round: harder habits


def letterhead_lines_in_one_cell(folder: Path) -> Path:
    """Letterhead typed with Alt+Enter in one merged cell; figures in an "STT | Nội dung | Số lượng" table."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH\nPHÒNG NỘI VỤ", None, NATION + "\n" + MOTTO, None],
        [None, None, "Chí Linh, ngày 14 tháng 12 năm 2024", None],
        ["BÁO CÁO\nKết quả tham gia Cuộc thi trực tuyến về CCHC năm 2024", None, None, None],
        ["STT", "Nội dung", "Số lượng", "Ghi chú"],
        [1, "Tổng số CBCCVC", 10, None],
        [2, "Số CBCCVC tham gia", 10, "Đạt 100%"],
        [3, "Số CBCCVC không tham gia", 0, None],
        [None], [None],
        [None, None, "TRƯỞNG PHÒNG", None],
    ]
    return write_xlsx(folder / "Noi vu.xlsx", {"Sheet1": rows}, merges={"Sheet1": ["A1:B1", "C1:D1", "A3:D3"]})


def docx_letterhead_table(folder: Path) -> Path:
    """Word letterhead as a two-column table; the school's place name is also the first word of the motto line."""
    return write_docx(folder / "TH_CH.docx", [
        ("table", [["PHÒNG GD&ĐT TP CHÍ LINH\nTRƯỜNG TIỂU HỌC CỘNG HÒA", NATION + "\n" + MOTTO],
                   ["Số: 52/BC-THCH", "Cộng Hòa, ngày 16 tháng 12 năm 2024"]]),
        "BÁO CÁO",
        "Kết quả tham gia Cuộc thi trực tuyến về CCHC năm 2024",
        "Tổng số CB, GV, NV: 32 đồng chí.",
        "Số CB, GV, NV tham gia: 32 đồng chí, đạt 100%.",
        "Số không tham gia: 0.",
        "HIỆU TRƯỞNG",
        "Phan Thị Yến",
    ])


def day_left_blank(folder: Path) -> Path:
    """The day is left blank for the pen ("ngày    tháng 12"); the contest dates stand in the text."""
    return write_docx(folder / "UBND xa Hoang Tan.docx", [
        "UBND THÀNH PHỐ CHÍ LINH",
        "UBND XÃ HOÀNG TÂN",
        "Hoàng Tân, ngày      tháng 12 năm 2024",
        "BÁO CÁO",
        "Kết quả tham gia Cuộc thi trực tuyến về CCHC năm 2024",
        "Cuộc thi được tổ chức từ ngày 18/11/2024 đến ngày 13/12/2024. Kết quả như sau:",
        "- Tổng số CBCC: 24 người;",
        "- Số người tham gia: 22 người;",
        "- Số người không tham gia: 02 người (có danh sách kèm theo).",
        ("table", [["STT", "Họ và tên", "Chức vụ", "Lý do"],
                   ["1", "Chu Văn Sơn", "Công chức Tư pháp - Hộ tịch", "Đi học lớp cao cấp lý luận chính trị"],
                   ["2", "Lưu Thị Hạnh", "Công chức Văn phòng - Thống kê", "Nghỉ thai sản"]]),
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ])


def fraction_and_leading_zero_in_prose(folder: Path) -> Path:
    """Prose "Có 28/30 đồng chí tham gia (đạt 93,3%), 02 đồng chí không tham gia"; the ward shares its name with a school."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH", None, None, NATION],
        ["ỦY BAN NHÂN DÂN PHƯỜNG CỘNG HÒA", None, None, MOTTO],
        [None, None, None, "Cộng Hòa, ngày 16 tháng 12 năm 2024"],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI TRỰC TUYẾN VỀ CCHC NĂM 2024"],
        ["Tổng số cán bộ, công chức phường: 30 đồng chí. Có 28/30 đồng chí tham gia (đạt 93,3%), "
         "02 đồng chí không tham gia."],
        ["TT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Tô Văn Quang", "Phó Chủ tịch UBND phường", "Đi công tác tỉnh"],
        [2, "Hứa Thị Lan", "Công chức Địa chính", "Nghỉ ốm"],
        [None], [None],
        ["Nơi nhận:", None, None, "TM. ỦY BAN NHÂN DÂN"],
    ]
    return write_xlsx(folder / "P.Cong Hoa.xlsx", {"Sheet1": rows})


def people_in_prose(folder: Path) -> Path:
    """Non-participants listed in numbered prose lines, no table."""
    return write_docx(folder / "TCKH.docx", [
        "UBND THÀNH PHỐ CHÍ LINH",
        "PHÒNG TÀI CHÍNH - KẾ HOẠCH",
        "Chí Linh, ngày 16 tháng 12 năm 2024",
        "BÁO CÁO kết quả tham gia Cuộc thi trực tuyến về CCHC",
        "Tổng số CBCCVC: 12 người; số tham gia: 10 người.",
        "Số không tham gia: 02 người, gồm:",
        "1. Đ/c Nguyễn Thị Hoa – Chuyên viên – nghỉ thai sản;",
        "2. Đ/c Lê Văn Tùng – Kế toán – đi học cao học.",
        "TRƯỞNG PHÒNG",
        "Mạc Văn Tài",
    ])


def participants_list_first(folder: Path) -> Path:
    """The list of those who DID take part comes first, then the list of those who did not."""
    rows = [
        ["HỘI CCB TP CHÍ LINH"],
        ["Chí Linh, ngày 13 tháng 12 năm 2024"],
        ["Tổng số CBCCVC", 6],
        ["Số tham gia", 5],
        [None],
        ["DANH SÁCH CÁN BỘ ĐÃ THAM GIA CUỘC THI"],
        ["STT", "Họ và tên", "Chức vụ", "Số lần dự thi"],
        [1, "Phạm Quang Vinh", "Chủ tịch Hội", 3],
        [2, "Trần Văn Phúc", "Phó Chủ tịch Hội", 2],
        [3, "Lê Thị Sen", "Kế toán", 1],
        [4, "Đồng Văn Tư", "Chuyên viên", 1],
        [5, "Quách Thị Mận", "Văn thư", 2],
        [None],
        ["DANH SÁCH CÁN BỘ KHÔNG THAM GIA CUỘC THI"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Nguyễn Hữu Lộc", "Phó Chủ tịch Hội", "Nằm viện điều trị"],
        [None], [None],
        [None, None, "CHỦ TỊCH"],
    ]
    return write_xlsx(folder / "CCB_danh_sach.xlsx", {"Sheet1": rows})


def full_rate_only(folder: Path) -> Path:
    """Only "100% ... tham gia" is written; the participants are the total."""
    return write_docx(folder / "TT VH-TT-TT.docx", [
        "UBND THÀNH PHỐ CHÍ LINH",
        "TRUNG TÂM VĂN HÓA - THÔNG TIN - THỂ THAO",
        "Chí Linh, ngày 15 tháng 12 năm 2024",
        "BÁO CÁO",
        "Kết quả tham gia Cuộc thi trực tuyến về CCHC năm 2024",
        "Tổng số viên chức, người lao động: 18 người.",
        "Kết quả: 100% viên chức, người lao động của Trung tâm đã tham gia Cuộc thi.",
        "GIÁM ĐỐC",
    ])


def total_row_on_top(folder: Path) -> Path:
    """Sub-unit figures with the ward's total in the FIRST row ("Toàn phường"), not a "Tổng cộng" at the foot."""
    rows = [
        ["UBND PHƯỜNG SAO ĐỎ"],
        ["Sao Đỏ, ngày 16/12/2024"],
        ["Bộ phận", "Tổng số CBCCVC", "Số tham gia", "Số không tham gia"],
        ["Toàn phường", 30, 29, 1],
        ["- Khối Đảng, đoàn thể", 8, 8, 0],
        ["- Khối chính quyền", 22, 21, 1],
        [None],
        ["STT", "Họ và tên", "Bộ phận", "Lý do"],
        [1, "Đoàn Thị Huế", "Khối chính quyền", "Nghỉ thai sản"],
        [None], [None],
        [None, None, "TM. UBND PHƯỜNG"],
    ]
    return write_xlsx(folder / "Phuong Sao Do 2024.xlsx", {"Sheet1": rows})


def signature_in_name_column(folder: Path) -> Path:
    """The signature block sits in the name column: "TUQ. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", the signer."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH"],
        ["VĂN PHÒNG HĐND VÀ UBND"],
        ["Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC:", 20],
        ["Số tham gia:", 19],
        [None],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Giang Văn Phong", "Lái xe", "HĐ 111"],
        [None],
        [None, "TUQ. CHỦ TỊCH", None, None],
        [None, "CHÁNH VĂN PHÒNG", None, None],
        [None, "(Đã ký)", None, None],
        [None, "Đinh Quang Trung", None, None],
    ]
    return write_xlsx(folder / "VP HDND-UBND.xlsx", {"Sheet1": rows})


def ward_plan_quoted(folder: Path) -> Path:
    """A kindergarten quoting its ward's plan in the opening sentence."""
    rows = [
        ["PHÒNG GD&ĐT THÀNH PHỐ CHÍ LINH"],
        ["TRƯỜNG MN SAO ĐỎ"],
        ["Sao Đỏ, ngày 17 tháng 12 năm 2024"],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI"],
        ["Thực hiện Kế hoạch số 12/KH-UBND ngày 20/11/2024 của UBND phường Sao Đỏ về việc hưởng ứng Cuộc thi, "
         "nhà trường báo cáo như sau:"],
        ["Tổng số CB, GV, NV: 28 người"],
        ["Số tham gia: 26 người"],
        ["Họ và tên", "Chức vụ", "Lý do", "Ghi chú"],
        ["Ninh Thị Lý", "Giáo viên", "Nghỉ ốm dài ngày", None],
        ["Bạch Thị Nhung", "Nhân viên", "Nghỉ thai sản", "Từ tháng 10/2024"],
    ]
    return write_xlsx(folder / "MNSD.xlsx", {"Sheet1": rows})


def doan_letterhead(folder: Path) -> Path:
    """Youth Union letterhead: "TỈNH ĐOÀN HẢI DƯƠNG" over "BCH ĐOÀN TP CHÍ LINH", its own motto line."""
    rows = [
        ["TỈNH ĐOÀN HẢI DƯƠNG", None, "ĐOÀN TNCS HỒ CHÍ MINH"],
        ["BCH ĐOÀN TP CHÍ LINH", None, None],
        ["***", None, "Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI TRỰC TUYẾN VỀ CCHC"],
        ["Tổng số cán bộ: 5"],
        ["Số tham gia: 5"],
        ["Số không tham gia: Không"],
        [None, None, "TM. BAN THƯỜNG VỤ"],
        [None, None, "BÍ THƯ"],
    ]
    return write_xlsx(folder / "Thanh doan.xlsx", {"Sheet1": rows})


def attempts_column_and_template_rows(folder: Path) -> Path:
    """An attempts column in the figures; the template's numbered people rows left without names."""
    rows = [
        ["UBND XÃ LÊ LỢI"],
        ["Lê Lợi, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC", "Số người tham gia", "Số lượt tham gia", "Tỷ lệ (%)"],
        [25, 24, 57, "96%"],
        [None],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Lương Văn Tám", "Công chức", "Nghỉ ốm"],
        [2, None, None, None],
        [3, None, None, None],
        [None], [None],
        ["Người lập biểu", None, "CHỦ TỊCH"],
    ]
    return write_xlsx(folder / "LeLoi_mau.xlsx", {"Sheet1": rows})


def instruction_sheet_with_example(folder: Path) -> Path:
    """The instruction sheet comes first and holds a worked example with numbers."""
    guide = [
        ["HƯỚNG DẪN"],
        ["Ví dụ: Tổng số CBCCVC: 50 người; Số tham gia: 48 người; Số không tham gia: 2 người."],
        ["Ngày báo cáo: ghi ngày gửi, chậm nhất 17/12/2024."],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Nguyễn Văn A", "Chuyên viên", "Nghỉ thai sản"],
        [2, "Trần Thị B", "Kế toán", "Đi học"],
    ]
    data = [
        ["PHÒNG NỘI VỤ"],
        ["Ngày báo cáo", "13/12/2024"],
        ["Tổng số CBCCVC", 10],
        ["Số tham gia", 10],
        ["Số không tham gia", 0],
    ]
    return write_xlsx(folder / "PNV mau.xlsx", {"Huong dan": guide, "Bao cao": data})



# ---------------------------------------------------------------- the third round: old machines, grouped tables


def _vn(text: str) -> tuple[str, str]:
    """Text typed in .VnTime (TCVN3)."""
    return unicode_to_tcvn3(text), ".VnTime"


def _vnh(text: str) -> tuple[str, str]:
    """Capitals typed in .VnTimeH: the lower-case TCVN3 letters, drawn as capitals by the font."""
    return unicode_to_tcvn3(text.lower()), ".VnTimeH"


def xls_tcvn3_throughout(folder: Path) -> Path:
    """An old .xls typed entirely in TCVN3 (.VnTime, capitals in .VnTimeH)."""
    rows = [
        [_vnh("Phòng GD&ĐT thành phố Chí Linh"), None, _vnh("Cộng hòa xã hội chủ nghĩa Việt Nam")],
        [_vnh("Trường THCS Sao Đỏ"), None, _vn("Độc lập - Tự do - Hạnh phúc")],
        [None, None, _vn("Sao Đỏ, ngày 16 tháng 12 năm 2024")],
        [_vnh("Báo cáo kết quả tham gia cuộc thi")],
        [_vn("Tổng số CB, GV, NV"), 45],
        [_vn("Số CB, GV, NV tham gia"), 43],
        [None],
        [_vn("STT"), _vn("Họ và tên"), _vn("Chức vụ"), _vn("Lý do")],
        [1, _vn("Hà Thị Lụa"), _vn("Giáo viên"), _vn("Nghỉ thai sản")],
        [2, _vn("Kiều Văn Nam"), _vn("Nhân viên"), _vn("Đi học")],
        [None], [None],
        [None, None, _vnh("Hiệu trưởng")],
    ]
    return write_xls(folder / "THCS SD.xls", rows)


def header_labels_with_more_words(folder: Path) -> Path:
    """Header cells with extra words: "Tổng số CBCCVC của đơn vị (người)", "Số CBCCVC đã tham gia dự thi (người)"."""
    rows = [
        ["PHÒNG GD&ĐT TP CHÍ LINH", None, None],
        ["TRƯỜNG TIỂU HỌC SAO ĐỎ", None, None],
        [None, None, "Sao Đỏ, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC của đơn vị (người)", "Số CBCCVC đã tham gia dự thi (người)", "Tỷ lệ (%)"],
        [40, 38, 95],
        [None],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Lò Thị Thơm", "Giáo viên", "Nghỉ thai sản"],
        [2, "Tăng Văn Hòa", "Bảo vệ", "Hợp đồng lao động"],
    ]
    return write_xlsx(folder / "TH Sao Do 16-12.xlsx", {"Sheet1": rows})


def people_grouped_by_section(folder: Path) -> Path:
    """The people table grouped under Roman-numbered section rows ("I | Khối Đảng, đoàn thể")."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH"],
        ["UBND PHƯỜNG SAO ĐỎ"],
        ["Sao Đỏ, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC: 30 người"],
        ["Số tham gia: 27 người"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        ["I", "Khối Đảng, đoàn thể", None, None],
        [1, "Tạ Văn Hiếu", "Phó Bí thư Đảng ủy", "Đi học"],
        ["II", "Khối chính quyền", None, None],
        [2, "Võ Thị Kim", "Công chức Tài chính", "Nghỉ thai sản"],
        [3, "La Văn Bằng", "Công an viên", "Không có lý do"],
        [None], [None],
        [None, None, "TM. ỦY BAN NHÂN DÂN"],
    ]
    return write_xlsx(folder / "P Sao Do (2).xlsx", {"Sheet1": rows})


def reason_merged_over_rows(folder: Path) -> Path:
    """One reason typed once in a cell merged down over the two people it concerns."""
    rows = [
        ["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"],
        ["TRƯỜNG TIỂU HỌC CỘNG HÒA"],
        ["Cộng Hòa, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CB, GV, NV: 32"],
        ["Số tham gia: 29"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Doãn Thị Hoa", "Giáo viên", "Đi học nâng chuẩn"],
        [2, "Khúc Thị Hạnh", "Giáo viên", None],
        [3, "Âu Văn Lâm", "Nhân viên", "Nghỉ ốm"],
    ]
    return write_xlsx(folder / "THCH.xlsx", {"Sheet1": rows}, merges={"Sheet1": ["D7:D8"]})


def prose_with_gender_breakdown(folder: Path) -> Path:
    """One column of sentences carrying a gender breakdown and a leading-zero count."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH"],
        ["PHÒNG NỘI VỤ"],
        ["Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI TRỰC TUYẾN VỀ CCHC NĂM 2024"],
        ["Tổng số CBCCVC: 10 người (nam 4, nữ 6), trong đó 09 người đã tham gia (đạt 90%), 01 người không "
         "tham gia."],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Nông Thị Yến", "Chuyên viên", "Nghỉ sinh con"],
    ]
    return write_xlsx(folder / "Phong Noi vu.xlsx", {"Sheet1": rows})


def csv_people_with_birthdate_and_phone(folder: Path) -> Path:
    """CSV people table with date-of-birth and phone columns between the ones the kit reads."""
    text = (
        "VĂN PHÒNG HĐND VÀ UBND THÀNH PHỐ,,,,,\n"
        "\"Chí Linh, ngày 16 tháng 12 năm 2024\",,,,,\n"
        "Tổng số CBCCVC,20,,,,\n"
        "Số tham gia,18,,,,\n"
        ",,,,,\n"
        "STT,Họ và tên,Ngày sinh,Chức vụ,Số điện thoại,Lý do\n"
        "1,Yên Văn Cường,12/03/1985,Chuyên viên,0912 345 678,Đi công tác\n"
        "2,Ông Thị Nhàn,05/09/1990,Văn thư,0987654321,Nghỉ phép năm\n"
    )
    return write_text(folder / "VP.csv", text)



# ---------------------------------------------------------------- the fourth round: Word habits, odd exports


def pgd_own_return(folder: Path) -> Path:
    """The education office's own return: the name other schools carry as their parent is here the sender."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH", None, NATION],
        ["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", None, MOTTO],
        ["Số: 301/BC-PGDĐT", None, "Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI TRỰC TUYẾN VỀ CCHC CỦA CƠ QUAN PHÒNG"],
        ["Tổng số CBCCVC", 15],
        ["Số tham gia", 15],
        ["Số không tham gia", 0],
        [None], [None],
        [None, None, "TRƯỞNG PHÒNG"],
    ]
    return write_xlsx(folder / "PGD.xlsx", {"Sheet1": rows})


def docx_tabbed_letterhead(folder: Path) -> Path:
    """Word letterhead on tab stops: left and right halves in one paragraph, number and date on one line."""
    return write_docx(folder / "Noi vu 2024.docx", [
        "UBND THÀNH PHỐ CHÍ LINH\t\t" + NATION,
        "PHÒNG NỘI VỤ\t\t" + MOTTO,
        "Số: 12/BC-PNV\t\tChí Linh, ngày 16 tháng 12 năm 2024",
        "BÁO CÁO",
        "Kết quả tham gia Cuộc thi trực tuyến về CCHC năm 2024",
        "Tổng số CBCCVC: 10 người. Số tham gia: 9 người, đạt 90%.",
        ("table", [["STT", "Họ và tên", "Chức vụ", "Lý do"], ["1", "Triệu Văn Khánh", "Chuyên viên", "Nằm viện"]]),
        "TRƯỞNG PHÒNG",
    ])


def names_in_one_cell(folder: Path) -> Path:
    """A one-row summary where the absent people share one cell, one per line (Alt+Enter), reasons likewise."""
    rows = [
        ["UBND PHƯỜNG CỘNG HÒA"],
        ["Cộng Hòa, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC", "Số tham gia", "Số không tham gia", "Họ và tên người không tham gia", "Lý do"],
        [30, 28, 2, "Trần Văn Khoa\nPhạm Thị Thu", "Ốm\nThai sản"],
    ]
    return write_xlsx(folder / "P Cong Hoa tong hop.xlsx", {"Sheet1": rows})


def header_name_nguoi_chua_tham_gia(folder: Path) -> Path:
    """People headers "Họ và tên người chưa tham gia" and "Lý do không tham gia Cuộc thi"."""
    rows = [
        ["PHÒNG GD&ĐT TP CHÍ LINH"],
        ["TRƯỜNG TH&THCS HOÀNG TÂN"],
        ["Hoàng Tân, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CB, GV, NV: 35"],
        ["Số tham gia: 34"],
        ["TT", "Họ và tên người chưa tham gia", "Chức vụ", "Lý do không tham gia Cuộc thi"],
        [1, "Thân Văn Lợi", "Giáo viên", "Nghỉ ốm"],
    ]
    return write_xlsx(folder / "THTHCS HT.xlsx", {"Sheet1": rows})


def birth_year_under_nam_nu(folder: Path) -> Path:
    """People with the classic "Năm sinh" merged over "Nam | Nữ"; names typed in capitals."""
    rows = [
        ["PHÒNG GD&ĐT THÀNH PHỐ CHÍ LINH"],
        ["TRƯỜNG MẦM NON SAO ĐỎ"],
        ["Sao Đỏ, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CB, GV, NV: 28"],
        ["Số tham gia: 26"],
        ["STT", "Họ và tên", "Năm sinh", "Năm sinh", "Chức vụ", "Lý do"],
        ["STT", "Họ và tên", "Nam", "Nữ", "Chức vụ", "Lý do"],
        [1, "NGUYỄN VĂN HẢI", 1980, None, "Bảo vệ", "HĐ 68"],
        [2, "LÊ THỊ HOA", None, 1988, "Giáo viên", "Thai sản"],
    ]
    return write_xlsx(folder / "MN Sao Do nam sinh.xlsx", {"Sheet1": rows},
                      merges={"Sheet1": ["A6:A7", "B6:B7", "C6:D6", "E6:E7", "F6:F7"]})


def utf16_tab_txt(folder: Path) -> Path:
    """Excel's "Unicode Text" export: UTF-16 with BOM, tab-separated, named .txt."""
    text = (
        "TRUNG TÂM VĂN HÓA - THÔNG TIN - THỂ THAO\t\t\t\r\n"
        "Ngày báo cáo\t16/12/2024\t\t\r\n"
        "Tổng số CBCCVC\t18\t\t\r\n"
        "Số tham gia\t17\t\t\r\n"
        "\t\t\t\r\n"
        "STT\tHọ và tên\tChức vụ\tLý do\r\n"
        "1\tHầu Văn Chiến\tHướng dẫn viên\tĐi công tác\r\n"
    )
    return write_text(folder / "TTVH.txt", text, encoding="utf-16")


def head_listed_position_first(folder: Path) -> Path:
    """The head of the school did not take part; the position column comes before the name."""
    rows = [
        ["PHÒNG GD&ĐT TP CHÍ LINH"],
        ["TRƯỜNG TIỂU HỌC SAO ĐỎ"],
        ["Sao Đỏ, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC: 40"],
        ["Số tham gia: 38"],
        ["STT", "Chức vụ", "Họ và tên", "Lý do"],
        [1, "Hiệu trưởng", "Nguyễn Văn Hùng", "Đi công tác"],
        [2, "Giáo viên", "Ma Thị Xuân", "Ốm"],
        [None], [None],
        [None, None, "KT. HIỆU TRƯỞNG"],
        [None, None, "PHÓ HIỆU TRƯỞNG"],
    ]
    return write_xlsx(folder / "TH SD.xlsx", {"Sheet1": rows})


def th_thcs_named_by_file_only(folder: Path) -> Path:
    """Only the file name says who sent it: "TH&THCS Hoang Tan.xlsx"."""
    rows = [
        ["PHÒNG GD&ĐT TP CHÍ LINH"],
        ["Ngày 16/12/2024"],
        ["Tổng số CBCCVC", 35],
        ["Số tham gia", 35],
    ]
    return write_xlsx(folder / "TH&THCS Hoang Tan.xlsx", {"Sheet1": rows})



# ---------------------------------------------------------------- the fifth round: forms and leftovers


def docx_form_table(folder: Path) -> Path:
    """The whole return is one Word form table: label rows with merged value cells, then the people rows."""
    rows = [
        ["Đơn vị báo cáo", "UBND xã Lê Lợi", None, None],
        ["Ngày báo cáo", "16/12/2024", None, None],
        ["Tổng số CBCCVC", "25", None, None],
        ["Số CBCCVC tham gia", "24", None, None],
        ["Danh sách không tham gia", None, None, None],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        ["1", "Quản Văn Thành", "Chỉ huy trưởng Quân sự", "Tập huấn dài ngày tại tỉnh"],
    ]
    merges = [((0, 1), (0, 3)), ((1, 1), (1, 3)), ((2, 1), (2, 3)), ((3, 1), (3, 3)), ((4, 0), (4, 3))]
    return write_docx(folder / "Phieu bao cao Le Loi.docx", [
        "PHIẾU BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI TRỰC TUYẾN VỀ CCHC NĂM 2024",
        ("table", rows, merges),
        "Người lập phiếu",
    ])


def ticked_reasons(folder: Path) -> Path:
    """Reasons ticked under a merged "Lý do" header, one column written out ("Khác")."""
    rows = [
        ["PHÒNG GD&ĐT TP CHÍ LINH"],
        ["TRƯỜNG TH SAO ĐỎ"],
        ["Sao Đỏ, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC: 40"],
        ["Số tham gia: 37"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do", "Lý do", "Lý do"],
        ["STT", "Họ và tên", "Chức vụ", "Thai sản", "Ốm đau", "Khác"],
        [1, "Lục Thị Vân", "Giáo viên", "x", None, None],
        [2, "Thái Văn Sang", "Giáo viên", None, "x", None],
        [3, "Mẫn Thị Hiền", "Kế toán", None, None, "Việc gia đình"],
    ]
    return write_xlsx(folder / "TH SD tick.xlsx", {"Sheet1": rows},
                      merges={"Sheet1": ["A6:A7", "B6:B7", "C6:C7", "D6:F6"]})


def xls_hidden_last_year_sheet(folder: Path) -> Path:
    """An .xls whose hidden second sheet still holds last year's return."""
    rows = [
        ["PHÒNG TÀI CHÍNH - KẾ HOẠCH"],
        ["Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC", 12],
        ["Số tham gia", 12],
        ["Số không tham gia", 0],
    ]
    last_year = [
        ["PHÒNG TÀI CHÍNH - KẾ HOẠCH"],
        ["Chí Linh, ngày 10 tháng 12 năm 2023"],
        ["Tổng số CBCCVC", 13],
        ["Số tham gia", 11],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Ngô Thị Thanh Hương", "Kế toán", "Thai sản"],
        [2, "Đinh Công Mạnh", "Chuyên viên", "Đi học"],
    ]
    return write_xls(folder / "TCKH 2024.xls", rows, hidden={"2023": last_year})


def repeated_header_mid_table(folder: Path) -> Path:
    """A long list printed over two pages: the header row typed again in the middle."""
    rows = [
        ["UBND XÃ HOÀNG TÂN"],
        ["Hoàng Tân, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC: 24"],
        ["Số tham gia: 20"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Hoàng Văn Út", "Công an viên", "Nghỉ ốm"],
        [2, "Chúc Thị Nga", "Công chức Văn hóa", "Thai sản"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [3, "Viên Văn Định", "Phó Chỉ huy trưởng", "Đi học"],
        [4, "Nghiêm Thị Tươi", "Công chức Kế toán", "Nghỉ phép"],
        [None], [None],
        [None, None, "TM. ỦY BAN NHÂN DÂN"],
    ]
    return write_xlsx(folder / "Hoang Tan DS.xlsx", {"Sheet1": rows})


def breakdown_lines_and_odd_spaces(folder: Path) -> Path:
    """A breakdown line under the total, a no-break space before "người", a zero-width space pasted from the web."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH"],
        ["PHÒNG NỘI VỤ"],
        ["Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC\u200b: 10\u00a0người"],
        ["Trong đó: cán bộ, công chức 8 người; hợp đồng lao động 2 người"],
        ["Số tham gia: 9\u00a0người"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Mạc Thị Huyền", "Nhân viên", "Hợp đồng lao động, không thuộc đối tượng"],
    ]
    return write_xlsx(folder / "PNV (1).xlsx", {"Sheet1": rows})


def bottom_date_after_contest_dates(folder: Path) -> Path:
    """The place-and-date line sits above the signature at the foot; the contest's end date comes first in the text."""
    return write_docx(folder / "CCB.docx", [
        "HỘI CCB TỈNH HẢI DƯƠNG",
        "HỘI CCB THÀNH PHỐ CHÍ LINH",
        "BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI",
        "Cuộc thi kết thúc lúc 16 giờ 30 ngày 13/12/2024. Tổng số cán bộ: 6 người; số tham gia: 6 người.",
        "Chí Linh, ngày 16 tháng 12 năm 2024",
        "CHỦ TỊCH",
        "Phạm Quang Vinh",
    ])



# ---------------------------------------------------------------- the sixth round: header words, encodings, late


def csv_cp1258_semicolons(folder: Path) -> Path:
    """CSV from an old Vietnamese Windows: Windows-1258 with combining tones, semicolons."""
    text = (
        "UBND PHƯỜNG CỘNG HÒA;;;\r\n"
        "Ngày báo cáo;16/12/2024;;\r\n"
        "Tổng số CBCCVC;30;;\r\n"
        "Số tham gia;29;;\r\n"
        ";;;\r\n"
        "STT;Họ và tên;Chức vụ;Lý do\r\n"
        "1;Đặng Quốc Việt;Chỉ huy trưởng Quân sự;Đi tập huấn\r\n"
    )
    path = folder / "BC P Cong Hoa.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_cp1258(text))
    return path


def late_return(folder: Path) -> Path:
    """Sent a day after the deadline: kept, marked late."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH"],
        ["PHÒNG TÀI CHÍNH - KẾ HOẠCH"],
        ["Chí Linh, ngày 18 tháng 12 năm 2024"],
        ["Tổng số CBCCVC: 12"],
        ["Số tham gia: 12"],
    ]
    return write_xlsx(folder / "TCKH gui muon.xlsx", {"Sheet1": rows})


def docx_counts_with_rates_beside(folder: Path) -> Path:
    """A Word table: label | number | share, the share beside every count."""
    return write_docx(folder / "VP HDND UBND.docx", [
        "UBND THÀNH PHỐ CHÍ LINH",
        "VĂN PHÒNG HĐND VÀ UBND",
        "Chí Linh, ngày 16 tháng 12 năm 2024",
        ("table", [["Nội dung", "Số lượng (người)", "Tỷ lệ (%)"],
                   ["Tổng số CBCCVC", "20", "100"],
                   ["Số tham gia", "18", "90"],
                   ["Số không tham gia", "2", "10"]]),
        ("table", [["STT", "Họ và tên", "Chức vụ", "Lý do"],
                   ["1", "Đ/c Hồ Văn Tiến", "Lái xe", "HĐ 68"],
                   ["2", "Đ/c Lăng Thị Mai", "Tạp vụ", "HĐ 68"]]),
        "CHÁNH VĂN PHÒNG",
    ])


def reason_header_nguyen_nhan(folder: Path) -> Path:
    """The reason column headed "Nguyên nhân chưa tham gia"."""
    rows = [
        ["PHÒNG GD&ĐT TP CHÍ LINH"],
        ["TRƯỜNG THCS SAO ĐỎ"],
        ["Sao Đỏ, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CB, GV, NV: 45"],
        ["Số CB, GV, NV tham gia: 44"],
        ["STT", "Họ và tên", "Chức vụ", "Nguyên nhân chưa tham gia"],
        [1, "Khổng Văn Đạt", "Giáo viên", "Ốm điều trị dài ngày"],
    ]
    return write_xlsx(folder / "THCS SD nguyen nhan.xlsx", {"Sheet1": rows})


def position_header_with_department(folder: Path) -> Path:
    """The position column headed "Chức vụ, bộ phận công tác"."""
    rows = [
        ["UBND PHƯỜNG SAO ĐỎ"],
        ["Sao Đỏ, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC: 30"],
        ["Số tham gia: 29"],
        ["STT", "Họ và tên", "Chức vụ, bộ phận công tác", "Lý do"],
        [1, "Phó Đức Long", "Công chức Tư pháp - Hộ tịch", "Nghỉ phép"],
    ]
    return write_xlsx(folder / "P.SD chuc vu.xlsx", {"Sheet1": rows})


def place_and_date_cell(folder: Path) -> Path:
    """ "Sao Đỏ, ngày" in one cell and a real date cell beside it; a quoted plan's date above."""
    rows = [
        ["PHÒNG GD&ĐT TP CHÍ LINH", None, None],
        ["TRƯỜNG MẦM NON SAO ĐỎ", "Sao Đỏ, ngày", dt.datetime(2024, 12, 16)],
        ["Căn cứ Kế hoạch số 215/KH-PGDĐT ngày 15/11/2024 của Phòng GD&ĐT;"],
        ["Tổng số CB, GV, NV: 28"],
        ["Số CB, GV, NV tham gia: 28"],
    ]
    return write_xlsx(folder / "MN SD ngay.xlsx", {"Sheet1": rows}, dates={"Sheet1": {"C2": "dd/mm/yyyy"}})



# ---------------------------------------------------------------- the seventh round: what Word and Excel keep inside


def docx_nested_table(folder: Path) -> Path:
    """The whole body inside a one-cell frame table, the people table nested in that cell."""
    document = docx.Document()
    document.add_paragraph("UBND THÀNH PHỐ CHÍ LINH")
    document.add_paragraph("PHÒNG NỘI VỤ")
    document.add_paragraph("Chí Linh, ngày 16 tháng 12 năm 2024")
    frame = document.add_table(rows=1, cols=1)
    frame.style = "Table Grid"
    cell = frame.cell(0, 0)
    cell.text = "Tổng số CBCCVC: 10 người."
    cell.add_paragraph("Số tham gia: 9 người.")
    cell.add_paragraph("Danh sách không tham gia:")
    inner = cell.add_table(rows=2, cols=4)
    for j, head in enumerate(["STT", "Họ và tên", "Chức vụ", "Lý do"]):
        inner.cell(0, j).text = head
    for j, value in enumerate(["1", "Ứng Văn Hậu", "Chuyên viên", "Ốm"]):
        inner.cell(1, j).text = value
    document.add_paragraph("TRƯỞNG PHÒNG")
    path = folder / "PNV khung.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def docx_unit_in_page_header(folder: Path) -> Path:
    """The letterhead lives in the page header of the Word template; the body has only the figures."""
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "UBND THÀNH PHỐ CHÍ LINH"
    header.add_paragraph("TRUNG TÂM VĂN HÓA - THÔNG TIN - THỂ THAO")
    document.add_paragraph("Chí Linh, ngày 16 tháng 12 năm 2024")
    document.add_paragraph("BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI")
    document.add_paragraph("Tổng số CBCCVC: 18 người; số tham gia: 18 người.")
    path = folder / "bao cao cuoc thi.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def docx_tracked_change(folder: Path) -> Path:
    """Sent with Track Changes on: "23" deleted and "24" inserted in the participants line."""
    document = docx.Document()
    for text in ("UBND THÀNH PHỐ CHÍ LINH", "UBND XÃ LÊ LỢI", "Lê Lợi, ngày 16 tháng 12 năm 2024",
                 "Tổng số CBCCVC: 25 người."):
        document.add_paragraph(text)
    stamp = 'w:author="Văn phòng" w:date="2024-12-16T08:00:00Z"'
    changed = parse_xml(
        f'<w:p {nsdecls("w")}><w:r><w:t xml:space="preserve">Số tham gia: </w:t></w:r>'
        f'<w:del w:id="1" {stamp}><w:r><w:delText>23</w:delText></w:r></w:del>'
        f'<w:ins w:id="2" {stamp}><w:r><w:t>24</w:t></w:r></w:ins>'
        f'<w:r><w:t xml:space="preserve"> người.</w:t></w:r></w:p>')
    document.add_paragraph("placeholder")._p.addprevious(changed)
    document.paragraphs[-1]._p.getparent().remove(document.paragraphs[-1]._p)
    table = document.add_table(rows=2, cols=4)
    for j, head in enumerate(["STT", "Họ và tên", "Chức vụ", "Lý do"]):
        table.cell(0, j).text = head
    for j, value in enumerate(["1", "Lã Văn Quyết", "Công chức Địa chính", "Đi học"]):
        table.cell(1, j).text = value
    path = folder / "Le Loi sua.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def xlsx_formulas_with_cached_values(folder: Path) -> Path:
    """Excel-saved formulas: participants = total − absent, rate = participants / total, values cached."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH"],
        ["PHÒNG TÀI CHÍNH - KẾ HOẠCH"],
        ["Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC", 12],
        ["Số không tham gia", 1],
        ["Số tham gia", "=B4-B5"],
        ["Tỷ lệ", "=B6/B4"],
        [None],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Kha Thị Ngân", "Chuyên viên", "Nghỉ thai sản"],
    ]
    path = write_xlsx(folder / "TCKH cong thuc.xlsx", {"Sheet1": rows})
    return _cache_formula_values(path, {"B6": "11", "B7": "0.916666666666667"})


def _cache_formula_values(path: Path, values: dict[str, str]) -> Path:
    """Write the values Excel would have cached beside each formula (openpyxl writes none)."""
    with zipfile.ZipFile(path) as zin:
        items = {name: zin.read(name) for name in zin.namelist()}
    sheet = items["xl/worksheets/sheet1.xml"].decode("utf-8")
    for ref, value in values.items():
        sheet, n = re.subn(rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v>[^<]*</v>)?',
                           rf"\1<v>{value}</v>", sheet)
        assert n == 1, ref
    items["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in items.items():
            zout.writestr(name, data)
    return path


def docx_two_row_people_header(folder: Path) -> Path:
    """A Word people table with a two-row header: "Lý do" merged over "Được miễn" | "Khác", the rest merged down."""
    rows = [["STT", "Họ và tên", "Chức vụ", "Lý do không tham gia", None],
            [None, None, None, "Được miễn", "Khác"],
            ["1", "Mai Văn Lực", "Bảo vệ", "HĐ 68", None],
            ["2", "Đàm Thị Nụ", "Giáo viên", None, "Con ốm"]]
    merges = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (1, 2)), ((0, 3), (0, 4))]
    return write_docx(folder / "TH Cong Hoa 2.docx", [
        "PHÒNG GD&ĐT TP CHÍ LINH",
        "TRƯỜNG TIỂU HỌC CỘNG HÒA",
        "Cộng Hòa, ngày 16 tháng 12 năm 2024",
        "Tổng số CB, GV, NV: 32 người; số tham gia: 30 người.",
        ("table", rows, merges),
        "HIỆU TRƯỞNG",
    ])



# ---------------------------------------------------------------- the eighth round: files that are not what they seem


def html_saved_as_xls(folder: Path) -> Path:
    """A web form's "Export to Excel": an HTML table saved under .xls, which Excel opens as a sheet."""
    html = """<html><head><meta charset="utf-8"></head><body><table border="1">
<tr><td colspan="4">TRƯỜNG THCS SAO ĐỎ</td></tr>
<tr><td colspan="4">Sao Đỏ, ngày 16 tháng 12 năm 2024</td></tr>
<tr><td>Tổng số CBCCVC</td><td>45</td><td></td><td></td></tr>
<tr><td>Số tham gia</td><td>44</td><td></td><td></td></tr>
<tr><td>STT</td><td>Họ và tên</td><td>Chức vụ</td><td>Lý do</td></tr>
<tr><td>1</td><td>Lưu Văn Bình</td><td>Giáo viên</td><td>Ốm</td></tr>
</table></body></html>"""
    return write_text(folder / "THCS Sao Do export.xls", html, encoding="utf-8")


def txt_email_body(folder: Path) -> Path:
    """An e-mail body saved as text: lines of prose, no delimiter."""
    text = (
        "Kính gửi: Phòng Nội vụ thành phố Chí Linh\n"
        "Trường Tiểu học Sao Đỏ xin báo cáo kết quả tham gia Cuộc thi như sau:\n"
        "Tổng số CBCCVC: 40 người. Số tham gia: 40 người, đạt 100%.\n"
        "Sao Đỏ, ngày 16/12/2024\n"
        "Người gửi: Văn thư nhà trường\n"
    )
    return write_text(folder / "email_tieu_hoc.txt", text, encoding="utf-8")


def unit_in_sheet_name_only(folder: Path) -> Path:
    """A bare sheet: the unit is only the sheet's tab name; the file is "Book1.xlsx"."""
    rows = [
        ["Ngày báo cáo", "16/12/2024"],
        ["Tổng số CBCCVC", 24],
        ["Số tham gia", 24],
    ]
    return write_xlsx(folder / "Book1.xlsx", {"UBND xã Hoàng Tân": rows})



# ---------------------------------------------------------------- the ninth round: Word text boxes and fields

VML = 'xmlns:v="urn:schemas-microsoft-com:vml"'


def _text_box_run(lines: list[str]) -> str:
    """A run holding a legacy (VML) text box with one paragraph per line, as Word 2003 templates have."""
    paragraphs = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    return (f'<w:r><w:pict><v:shape style="position:absolute;width:220pt;height:40pt">'
            f"<v:textbox><w:txbxContent>{paragraphs}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")


def docx_letterhead_in_text_boxes(folder: Path) -> Path:
    """The letterhead drawn as two text boxes anchored in the first paragraph, two lines in each."""
    document = docx.Document()
    anchor = parse_xml(f'<w:p {nsdecls("w")} {VML}>'
                       + _text_box_run(["UBND THÀNH PHỐ CHÍ LINH", "PHÒNG NỘI VỤ"])
                       + _text_box_run([NATION, MOTTO]) + "</w:p>")
    document.element.body.insert(0, anchor)
    for text in ("Chí Linh, ngày 16 tháng 12 năm 2024", "BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI",
                 "Tổng số CBCCVC: 10 người; số tham gia: 10 người."):
        document.add_paragraph(text)
    path = folder / "bao cao.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def docx_date_field(folder: Path) -> Path:
    """The date is a Word DATE field: the instruction text sits beside the shown result."""
    document = docx.Document()
    for text in ("UBND THÀNH PHỐ CHÍ LINH", "UBND XÃ LÊ LỢI"):
        document.add_paragraph(text)
    field = parse_xml(
        f'<w:p {nsdecls("w")}><w:r><w:t xml:space="preserve">Lê Lợi, ngày </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> DATE \\@ "dd \'tháng\' MM \'năm\' yyyy" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>16 tháng 12 năm 2024</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    document.element.body.insert(2, field)
    document.add_paragraph("Tổng số CBCCVC: 25 người; số tham gia: 25 người.")
    path = folder / "Le Loi truong.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path



# ---------------------------------------------------------------- the tenth round: what Excel hides


def hidden_column_last_year(folder: Path) -> Path:
    """Last year's figures kept in a hidden column B; this year's in C."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH", None, None],
        ["PHÒNG TÀI CHÍNH - KẾ HOẠCH", None, None],
        ["Chí Linh, ngày 16 tháng 12 năm 2024", None, None],
        ["Nội dung", "Năm 2023", "Năm 2024"],
        ["Tổng số CBCCVC", 13, 12],
        ["Số tham gia", 13, 11],
        [None],
        [None, "STT", "Họ và tên", "Chức vụ", "Lý do"],  # the people table starts in B: only its STT is hidden
        [None, 1, "Hà Thị Thu", "Kế toán", "Nghỉ thai sản"],
    ]
    return write_xlsx(folder / "TCKH an cot.xlsx", {"Sheet1": rows}, hidden_cols={"Sheet1": ["B"]})


def hidden_template_rows(folder: Path) -> Path:
    """A shared template: the other schools' rows hidden, the sender's own row visible."""
    rows = [
        ["PHÒNG GD&ĐT TP CHÍ LINH"],
        ["TRƯỜNG TIỂU HỌC CỘNG HÒA"],
        ["Cộng Hòa, ngày 16 tháng 12 năm 2024"],
        ["Đơn vị", "Tổng số CBCCVC", "Số tham gia", "Số không tham gia"],
        ["Trường Tiểu học Sao Đỏ", None, None, None],
        ["Trường Tiểu học Cộng Hòa", 32, 32, 0],
        ["Trường THCS Sao Đỏ", None, None, None],
    ]
    return write_xlsx(folder / "Mau chung TH.xlsx", {"Sheet1": rows}, hidden_rows={"Sheet1": [5, 7]})



# ---------------------------------------------------------------- the eleventh round: letter and annex


def letter_sheet_and_annex_sheet(folder: Path) -> Path:
    """Sheet 1 is the covering letter (letterhead, date, prose); sheet 2 the annex with figures and people."""
    letter = [
        ["UBND THÀNH PHỐ CHÍ LINH", None, NATION],
        ["UBND XÃ LÊ LỢI", None, MOTTO],
        ["Số: 88/BC-UBND", None, "Lê Lợi, ngày 16 tháng 12 năm 2024"],
        ["V/v báo cáo kết quả tham gia Cuộc thi trực tuyến về CCHC năm 2024"],
        ["UBND xã Lê Lợi báo cáo kết quả tham gia Cuộc thi (có phụ lục chi tiết kèm theo)."],
        [None, None, "TM. ỦY BAN NHÂN DÂN"],
    ]
    annex = [
        ["PHỤ LỤC: KẾT QUẢ THAM GIA CUỘC THI"],
        ["Tổng số CBCCVC", "Số tham gia", "Số không tham gia"],
        [25, 24, 1],
        [None],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Giáp Văn Hưng", "Công chức Địa chính", "Đi học"],
    ]
    return write_xlsx(folder / "Le Loi - cong van va phu luc.xlsx", {"Công văn": letter, "Phụ lục": annex})


def docx_reason_merged_down(folder: Path) -> Path:
    """A Word people table with one reason merged down over two people."""
    rows = [["STT", "Họ và tên", "Chức vụ", "Lý do"],
            ["1", "Bế Văn Tráng", "Giáo viên", "Đi học thạc sĩ"],
            ["2", "Nìm Thị Lan", "Giáo viên", None],
            ["3", "Sầm Văn Pó", "Nhân viên", "Nghỉ ốm"]]
    return write_docx(folder / "THCS Sao Do ds.docx", [
        "PHÒNG GD&ĐT TP CHÍ LINH",
        "TRƯỜNG THCS SAO ĐỎ",
        "Sao Đỏ, ngày 16 tháng 12 năm 2024",
        "Tổng số CB, GV, NV: 45 người; số tham gia: 42 người.",
        ("table", rows, [((1, 3), (2, 3))]),
        "HIỆU TRƯỞNG",
    ])



# ---------------------------------------------------------------- the twelfth round: rosters


def roster_with_tick_column(folder: Path) -> Path:
    """The whole staff roster with a "Đã tham gia" tick column: the non-participant is the row left unticked."""
    rows = [
        ["HỘI CỰU CHIẾN BINH THÀNH PHỐ CHÍ LINH"],
        ["Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["DANH SÁCH CÁN BỘ HỘI VÀ KẾT QUẢ THAM GIA CUỘC THI"],
        ["STT", "Họ và tên", "Chức vụ", "Đã tham gia", "Ghi chú"],
        [1, "Phạm Quang Vinh", "Chủ tịch Hội", "x", None],
        [2, "Trần Văn Phúc", "Phó Chủ tịch Hội", "x", None],
        [3, "Nguyễn Hữu Lộc", "Phó Chủ tịch Hội", None, "Nằm viện điều trị"],
        [4, "Lê Thị Sen", "Kế toán", "x", None],
        [5, "Đồng Văn Tư", "Chuyên viên", "x", None],
        [6, "Quách Thị Mận", "Văn thư", "x", None],
        ["Cộng", None, None, 5, None],
    ]
    return write_xlsx(folder / "HCCB danh sach.xlsx", {"Sheet1": rows})


def people_on_their_own_sheet(folder: Path) -> Path:
    """Figures on the first sheet, the list of non-participants on a sheet of its own."""
    figures = [
        ["TRUNG TÂM VĂN HÓA - THÔNG TIN - THỂ THAO"],
        ["Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC", 18],
        ["Số tham gia", 17],
    ]
    people = [
        ["DANH SÁCH VIÊN CHỨC CHƯA THAM GIA CUỘC THI"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Lạc Văn Thịnh", "Diễn viên", "Đi biểu diễn tại tỉnh"],
    ]
    return write_xlsx(folder / "TTVH 2 sheet.xlsx", {"Tổng hợp": figures, "DS chưa tham gia": people})



# ---------------------------------------------------------------- the thirteenth round: legacy fonts elsewhere


def _vni(text: str) -> tuple[str, str]:
    """Text typed in VNI-Times."""
    return unicode_to_vni(text), "VNI-Times"


def xlsx_vni_cells(folder: Path) -> Path:
    """An xlsx typed in VNI-Times (labels, names, reasons), numbers as numbers."""
    rows = [
        [_vni("PHÒNG GD&ĐT THÀNH PHỐ CHÍ LINH")],
        [_vni("TRƯỜNG TIỂU HỌC CỘNG HÒA")],
        [_vni("Cộng Hòa, ngày 16 tháng 12 năm 2024")],
        [_vni("Tổng số CB, GV, NV"), 32],
        [_vni("Số CB, GV, NV tham gia"), 31],
        [None],
        [_vni("STT"), _vni("Họ và tên"), _vni("Chức vụ"), _vni("Lý do")],
        [1, _vni("Đinh Thị Mận"), _vni("Giáo viên"), _vni("Nghỉ ốm")],
    ]
    return write_xlsx(folder / "TH Cong Hoa VNI.xlsx", {"Sheet1": rows})


def csv_tcvn3_bytes(folder: Path) -> Path:
    """A CSV saved from a TCVN3 sheet: the legacy bytes written as Windows-1252."""
    text = (
        "UBND XÃ LÊ LỢI,,,\r\n"
        "Ngày báo cáo,16/12/2024,,\r\n"
        "Tổng số CBCCVC,25,,\r\n"
        "Số tham gia,24,,\r\n"
        ",,,\r\n"
        "STT,Họ và tên,Chức vụ,Lý do\r\n"
        "1,Lê Thị Nụ,Công chức Tư pháp,Nghỉ thai sản\r\n"
    )
    # capitals in TCVN3 need the H font; a CSV keeps no font, so the capitals line is typed in lower case
    lines = text.split("\r\n")
    lines[0] = "ubnd xã lê lợi,,,"
    path = folder / "Le Loi TCVN3.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(unicode_to_tcvn3("\r\n".join(lines)).encode("cp1252"))
    return path



# ---------------------------------------------------------------- the fourteenth round: split tables


def participants_split_by_sex(folder: Path) -> Path:
    """ "Số tham gia" merged over "Nam" | "Nữ" with no total column: a person adds the two."""
    rows = [
        ["UBND XÃ HOÀNG TÂN"],
        ["Hoàng Tân, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC", "Số tham gia", "Số tham gia", "Tỷ lệ (%)"],
        ["Tổng số CBCCVC", "Nam", "Nữ", "Tỷ lệ (%)"],
        [24, 10, 14, 100],
    ]
    return write_xlsx(folder / "Hoang Tan nam nu.xlsx", {"Sheet1": rows}, merges={"Sheet1": ["A3:A4", "B3:C3", "D3:D4"]})


def people_rows_after_two_blank_rows(folder: Path) -> Path:
    """The people list goes on after two blank rows (a page gap), its numbering continuing."""
    rows = [
        ["UBND PHƯỜNG CỘNG HÒA"],
        ["Cộng Hòa, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC: 30"],
        ["Số tham gia: 25"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Lâm Văn Tài", "Công chức", "Ốm"],
        [2, "Tống Thị Mơ", "Công chức", "Thai sản"],
        [3, "Triệu Văn Nhất", "Công an viên", "Đi học"],
        [None], [None],
        [4, "Mông Thị Hoa", "Công chức", "Nghỉ phép"],
        [5, "Khương Văn Lợi", "Chỉ huy phó", "Đi công tác"],
        [None], [None],
        [None, None, "TM. ỦY BAN NHÂN DÂN"],
    ]
    return write_xlsx(folder / "Cong Hoa ds dai.xlsx", {"Sheet1": rows})


def docx_people_table_split_in_two(folder: Path) -> Path:
    """A Word people table split at a page: the header typed again over the second part."""
    header = ["STT", "Họ và tên", "Chức vụ", "Lý do"]
    return write_docx(folder / "Sao Do ds.docx", [
        "UBND THÀNH PHỐ CHÍ LINH",
        "UBND PHƯỜNG SAO ĐỎ",
        "Sao Đỏ, ngày 16 tháng 12 năm 2024",
        "Tổng số CBCCVC: 30 người; số tham gia: 27 người.",
        ("table", [header, ["1", "Văn Thị Lý", "Công chức", "Thai sản"], ["2", "Ninh Văn Hòa", "Công chức", "Ốm"]]),
        "(tiếp theo)",
        ("table", [header, ["3", "Thạch Văn Long", "Công an viên", "Đi học"]]),
        "TM. ỦY BAN NHÂN DÂN",
    ])



# ---------------------------------------------------------------- the fifteenth round: Alt+Enter wrapping


def headers_wrapped_in_cells(folder: Path) -> Path:
    """Narrow header cells wrapped by hand (Alt+Enter) in the middle of their labels."""
    rows = [
        ["PHÒNG GD&ĐT TP CHÍ LINH"],
        ["TRƯỜNG THCS SAO ĐỎ"],
        ["Sao Đỏ, ngày 16 tháng 12 năm 2024"],
        ["Tổng số\nCBCCVC", "Số\ntham gia", "Số không\ntham gia", "Tỷ lệ\n(%)"],
        [45, 44, 1, 97.8],
        [None],
        ["STT", "Họ và\ntên", "Chức\nvụ", "Lý do\nkhông tham gia"],
        [1, "Lục Văn Tân", "Giáo viên", "Ốm"],
    ]
    return write_xlsx(folder / "THCS SD wrap.xlsx", {"Sheet1": rows})


def unit_name_wrapped(folder: Path) -> Path:
    """The school's long name wrapped by hand over two lines of the letterhead cell."""
    rows = [
        ["PHÒNG GD&ĐT TP CHÍ LINH", None, NATION],
        ["TRƯỜNG TIỂU HỌC VÀ TRUNG HỌC\nCƠ SỞ HOÀNG TÂN", None, MOTTO],
        [None, None, "Hoàng Tân, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC", 35],
        ["Số tham gia", 35],
    ]
    return write_xlsx(folder / "bao cao truong.xlsx", {"Sheet1": rows})


def long_name_wrapped(folder: Path) -> Path:
    """One person's long name wrapped by hand in a narrow name column: one person, not two."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH"],
        ["PHÒNG TÀI CHÍNH - KẾ HOẠCH"],
        ["Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC: 12"],
        ["Số tham gia: 11"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Nguyễn Thị\nThanh Hương", "Chuyên viên\nphụ trách ngân sách", "Nghỉ chế độ\nthai sản"],
    ]
    return write_xlsx(folder / "TCKH wrap.xlsx", {"Sheet1": rows})



# ---------------------------------------------------------------- the sixteenth round: rosters with words


def roster_with_result_words(folder: Path) -> Path:
    """A roster whose "Kết quả" column says "Đã thi" / "Chưa thi" for every person."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH"],
        ["PHÒNG NỘI VỤ"],
        ["Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["DANH SÁCH CÔNG CHỨC VÀ KẾT QUẢ DỰ THI"],
        ["STT", "Họ và tên", "Chức vụ", "Kết quả", "Ghi chú"],
        [1, "Lại Thế Anh", "Trưởng phòng", "Đã thi", None],
        [2, "Bùi Thị Thu Hà", "Chuyên viên", "Chưa thi", "Nghỉ sinh con"],
        [3, "Trịnh Văn Khải", "Chuyên viên", "Đã thi", None],
        [4, "Đào Thị Lan", "Chuyên viên", "Đã thi", None],
    ]
    return write_xlsx(folder / "PNV danh sach du thi.xlsx", {"Sheet1": rows})



# ---------------------------------------------------------------- the eighteenth round: figures across sub-units


def figures_by_block_with_total_column(folder: Path) -> Path:
    """Label rows with one column per block of the ward and a "Tổng" column at the end."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH"],
        ["UBND PHƯỜNG SAO ĐỎ"],
        ["Sao Đỏ, ngày 16 tháng 12 năm 2024"],
        ["Nội dung", "Khối Đảng, đoàn thể", "Khối chính quyền", "Tổng"],
        ["Tổng số CBCCVC", 8, 22, 30],
        ["Số tham gia", 8, 21, 29],
        [None],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Ông Văn Tuấn", "Công chức Xây dựng", "Nghỉ ốm"],
    ]
    return write_xlsx(folder / "P Sao Do theo khoi.xlsx", {"Sheet1": rows})



# ---------------------------------------------------------------- the nineteenth round: reasons that start like marks


def reasons_opening_with_chua_tham_gia(folder: Path) -> Path:
    """Every reason opens with "Chưa tham gia …" / "Không tham gia …": the words are the reason, not a tick."""
    rows = [
        ["UBND XÃ LÊ LỢI"],
        ["Lê Lợi, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC: 25"],
        ["Số tham gia: 23"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Đoàn Văn Kiên", "Công chức Địa chính", "Chưa tham gia vì nằm viện"],
        [2, "Lò Thị Hằng", "Công chức Văn hóa", "Không tham gia do đi học"],
    ]
    return write_xlsx(folder / "Le Loi ly do.xlsx", {"Sheet1": rows})



# ---------------------------------------------------------------- the twentieth round: ditto marks


def ditto_marks_in_people(folder: Path) -> Path:
    """ "nt" (như trên, ditto) and a typed ditto quote repeat the cell above, as every Vietnamese office writes."""
    rows = [
        ["PHÒNG GD&ĐT TP CHÍ LINH"],
        ["TRƯỜNG MẦM NON SAO ĐỎ"],
        ["Sao Đỏ, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CB, GV, NV: 28"],
        ["Số tham gia: 25"],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Hồ Thị Nga", "Giáo viên", "Nghỉ thai sản"],
        [2, "Tô Thị Lan", "nt", "nt"],
        [3, "Vũ Thị Mai", "Nhân viên nấu ăn", '"'],
    ]
    return write_xlsx(folder / "MN SD nt.xlsx", {"Sheet1": rows})



# ---------------------------------------------------------------- the twenty-first round: courtesy words in prose


def prose_people_with_courtesy(folder: Path) -> Path:
    """Non-participants listed in dash lines, each opened by "Ông" / "Bà"."""
    return write_docx(folder / "TT VHTTTT ong ba.docx", [
        "UBND THÀNH PHỐ CHÍ LINH",
        "TRUNG TÂM VĂN HÓA - THÔNG TIN - THỂ THAO",
        "Chí Linh, ngày 16 tháng 12 năm 2024",
        "Tổng số viên chức, người lao động: 18 người; số tham gia: 16 người.",
        "Số không tham gia: 02 người, cụ thể:",
        "- Ông Quan Văn Bình, diễn viên, đi biểu diễn tại tỉnh bạn;",
        "- Bà Đàm Thị Thoa, kế toán, nghỉ thai sản.",
        "GIÁM ĐỐC",
    ])


CASES = [
    Case("congvan_numbered", congvan_numbered, "X_LELOI", DEC16, 25, 23,
         [("Phạm Thị Hằng", "Công chức Văn hóa - Xã hội", "Nghỉ thai sản"),
          ("Vũ Đức Thắng", "Phó Chỉ huy trưởng Quân sự", "Đi học lớp trung cấp")]),
    Case("values_row_below_merged_title", values_row_below_merged_title, "THCS_SAODO", dt.date(2024, 12, 15), 45, 44,
         [("Đặng Thu Trang", "Giáo viên", "Nghỉ chế độ thai sản")]),
    Case("transposed_values_in_c", transposed_values_in_c, "PTCKH", dt.date(2024, 12, 14), 12, 11,
         [("Ngô Thị Thanh Hương", "Kế toán", "Ốm nằm viện")]),
    Case("fraction_dong_chi", fraction_dong_chi, "HCCB", dt.date(2024, 12, 12), 6, 5,
         [("Nguyễn Hữu Lộc", "Phó Chủ tịch Hội", "Đi công tác")]),
    Case("full_no_table", full_no_table, "MN_SAODO", DEC16, 28, 28, []),
    Case("tt_chuc_danh_ghi_chu", tt_chuc_danh_ghi_chu, "P_SAODO", DEC16, 30, 28,
         [("Hoàng Minh Tuấn", "Công chức Địa chính", "Điều trị tại bệnh viện"),
          ("Lê Thị Ngọc", "Công chức Tư pháp", "Nghỉ phép")]),
    Case("people_without_stt", people_without_stt, "PNV", dt.date(2024, 12, 13), 10, 8,
         [("Bùi Thị Thu Hà", "Chuyên viên", "Nghỉ sinh con"), ("Trịnh Văn Khải", "Chuyên viên", "Không có lý do")]),
    Case("docx_prose_two_sentences", docx_prose_two_sentences, "TH_CONGHOA", DEC16, 32, 30,
         [("Trần Thị Mai", "Giáo viên", "Nghỉ thai sản"), ("Phùng Văn Đức", "Nhân viên bảo vệ", "Hợp đồng lao động")]),
    Case("docx_merged_people_title", docx_merged_people_title, "TTVHTTTT", DEC16, 18, 16,
         [("Đào Văn Long", "Diễn viên", "Biệt phái lưu diễn"), ("Lý Thị Hồng", "Phát thanh viên", "Ốm")]),
    Case("xls_real_date", xls_real_date, "TH_SAODO", DEC16, 40, 39,
         [("Nguyễn Thị Phương", "Giáo viên", "Nghỉ chờ hưu")]),
    Case("csv_semicolons", csv_semicolons, "THTHCS_HT", dt.date(2024, 12, 15), 35, 34,
         [("Đỗ Thị Bích Ngọc", "Giáo viên", "Đi học đại học")]),
    Case("unit_only_in_title", unit_only_in_title, "TH_SAODO", DEC16, 40, 40, []),
    Case("th_va_thcs", th_va_thcs, "THTHCS_HT", DEC16, 35, 33,
         [("Cao Văn Bảy", "Giáo viên", "Đi học"), ("Mạc Thị Dung", "Nhân viên", "Nghỉ việc riêng")]),
    Case("pgd_letterhead_over_school", pgd_letterhead_over_school, "MN_SAODO", dt.date(2024, 12, 15), 28, 27,
         [("Vi Thị Thảo", "Cấp dưỡng", "HĐ 68")]),
    Case("signer_under_head", signer_under_head, "THCS_SAODO", DEC16, 45, 43,
         [("Hà Thị Lụa", "Giáo viên", "Thai sản"), ("Kiều Văn Nam", "Giáo viên", "Đi công tác")]),
    Case("date_slashes_after_place", date_slashes_after_place, "PTCKH", DEC16, 12, 12, []),
    Case("date_spaced_dashes", date_spaced_dashes, "X_HOANGTAN", DEC16, 24, 24, []),
    Case("instruction_sheet_first", instruction_sheet_first, "HCCB", DEC16, 6, 6, []),
    Case("attempts_beside_people", attempts_beside_people, "X_LELOI", dt.date(2024, 12, 15), 25, 25, []),
    Case("letterhead_lines_in_one_cell", letterhead_lines_in_one_cell, "PNV", dt.date(2024, 12, 14), 10, 10, []),
    Case("docx_letterhead_table", docx_letterhead_table, "TH_CONGHOA", DEC16, 32, 32, []),
    Case("day_left_blank", day_left_blank, "X_HOANGTAN", None, 24, 22,
         [("Chu Văn Sơn", "Công chức Tư pháp - Hộ tịch", "Đi học lớp cao cấp lý luận chính trị"),
          ("Lưu Thị Hạnh", "Công chức Văn phòng - Thống kê", "Nghỉ thai sản")]),
    Case("fraction_and_leading_zero_in_prose", fraction_and_leading_zero_in_prose, "P_CONGHOA", DEC16, 30, 28,
         [("Tô Văn Quang", "Phó Chủ tịch UBND phường", "Đi công tác tỉnh"), ("Hứa Thị Lan", "Công chức Địa chính", "Nghỉ ốm")]),
    Case("people_in_prose", people_in_prose, "PTCKH", DEC16, 12, 10,
         [("Nguyễn Thị Hoa", "Chuyên viên", "nghỉ thai sản"), ("Lê Văn Tùng", "Kế toán", "đi học cao học")]),
    Case("participants_list_first", participants_list_first, "HCCB", dt.date(2024, 12, 13), 6, 5,
         [("Nguyễn Hữu Lộc", "Phó Chủ tịch Hội", "Nằm viện điều trị")]),
    Case("full_rate_only", full_rate_only, "TTVHTTTT", dt.date(2024, 12, 15), 18, 18, []),
    Case("total_row_on_top", total_row_on_top, "P_SAODO", DEC16, 30, 29, [("Đoàn Thị Huế", "", "Nghỉ thai sản")]),
    Case("signature_in_name_column", signature_in_name_column, "VP", DEC16, 20, 19, [("Giang Văn Phong", "Lái xe", "HĐ 111")]),
    Case("ward_plan_quoted", ward_plan_quoted, "MN_SAODO", dt.date(2024, 12, 17), 28, 26,
         [("Ninh Thị Lý", "Giáo viên", "Nghỉ ốm dài ngày"), ("Bạch Thị Nhung", "Nhân viên", "Nghỉ thai sản")]),
    Case("doan_letterhead", doan_letterhead, "TD", DEC16, 5, 5, []),
    Case("attempts_column_and_template_rows", attempts_column_and_template_rows, "X_LELOI", DEC16, 25, 24,
         [("Lương Văn Tám", "Công chức", "Nghỉ ốm")]),
    Case("instruction_sheet_with_example", instruction_sheet_with_example, "PNV", dt.date(2024, 12, 13), 10, 10, []),
    Case("xls_tcvn3_throughout", xls_tcvn3_throughout, "THCS_SAODO", DEC16, 45, 43,
         [("Hà Thị Lụa", "Giáo viên", "Nghỉ thai sản"), ("Kiều Văn Nam", "Nhân viên", "Đi học")]),
    Case("header_labels_with_more_words", header_labels_with_more_words, "TH_SAODO", DEC16, 40, 38,
         [("Lò Thị Thơm", "Giáo viên", "Nghỉ thai sản"), ("Tăng Văn Hòa", "Bảo vệ", "Hợp đồng lao động")]),
    Case("people_grouped_by_section", people_grouped_by_section, "P_SAODO", DEC16, 30, 27,
         [("Tạ Văn Hiếu", "Phó Bí thư Đảng ủy", "Đi học"), ("Võ Thị Kim", "Công chức Tài chính", "Nghỉ thai sản"),
          ("La Văn Bằng", "Công an viên", "Không có lý do")]),
    Case("reason_merged_over_rows", reason_merged_over_rows, "TH_CONGHOA", DEC16, 32, 29,
         [("Doãn Thị Hoa", "Giáo viên", "Đi học nâng chuẩn"), ("Khúc Thị Hạnh", "Giáo viên", "Đi học nâng chuẩn"),
          ("Âu Văn Lâm", "Nhân viên", "Nghỉ ốm")]),
    Case("prose_with_gender_breakdown", prose_with_gender_breakdown, "PNV", DEC16, 10, 9,
         [("Nông Thị Yến", "Chuyên viên", "Nghỉ sinh con")]),
    Case("csv_people_with_birthdate_and_phone", csv_people_with_birthdate_and_phone, "VP", DEC16, 20, 18,
         [("Yên Văn Cường", "Chuyên viên", "Đi công tác"), ("Ông Thị Nhàn", "Văn thư", "Nghỉ phép năm")]),
    Case("pgd_own_return", pgd_own_return, "PGDDT", DEC16, 15, 15, []),
    Case("docx_tabbed_letterhead", docx_tabbed_letterhead, "PNV", DEC16, 10, 9, [("Triệu Văn Khánh", "Chuyên viên", "Nằm viện")]),
    Case("names_in_one_cell", names_in_one_cell, "P_CONGHOA", DEC16, 30, 28, [("Trần Văn Khoa", "", "Ốm"), ("Phạm Thị Thu", "", "Thai sản")]),
    Case("header_name_nguoi_chua_tham_gia", header_name_nguoi_chua_tham_gia, "THTHCS_HT", DEC16, 35, 34,
         [("Thân Văn Lợi", "Giáo viên", "Nghỉ ốm")]),
    Case("birth_year_under_nam_nu", birth_year_under_nam_nu, "MN_SAODO", DEC16, 28, 26,
         [("Nguyễn Văn Hải", "Bảo vệ", "HĐ 68"), ("Lê Thị Hoa", "Giáo viên", "Thai sản")]),
    Case("utf16_tab_txt", utf16_tab_txt, "TTVHTTTT", DEC16, 18, 17, [("Hầu Văn Chiến", "Hướng dẫn viên", "Đi công tác")]),
    Case("head_listed_position_first", head_listed_position_first, "TH_SAODO", DEC16, 40, 38,
         [("Nguyễn Văn Hùng", "Hiệu trưởng", "Đi công tác"), ("Ma Thị Xuân", "Giáo viên", "Ốm")]),
    Case("th_thcs_named_by_file_only", th_thcs_named_by_file_only, "THTHCS_HT", DEC16, 35, 35, []),
    Case("docx_form_table", docx_form_table, "X_LELOI", DEC16, 25, 24,
         [("Quản Văn Thành", "Chỉ huy trưởng Quân sự", "Tập huấn dài ngày tại tỉnh")]),
    Case("ticked_reasons", ticked_reasons, "TH_SAODO", DEC16, 40, 37,
         [("Lục Thị Vân", "Giáo viên", "Thai sản"), ("Thái Văn Sang", "Giáo viên", "Ốm đau"),
          ("Mẫn Thị Hiền", "Kế toán", "Khác: Việc gia đình")]),
    Case("xls_hidden_last_year_sheet", xls_hidden_last_year_sheet, "PTCKH", DEC16, 12, 12, []),
    Case("repeated_header_mid_table", repeated_header_mid_table, "X_HOANGTAN", DEC16, 24, 20,
         [("Hoàng Văn Út", "Công an viên", "Nghỉ ốm"), ("Chúc Thị Nga", "Công chức Văn hóa", "Thai sản"),
          ("Viên Văn Định", "Phó Chỉ huy trưởng", "Đi học"), ("Nghiêm Thị Tươi", "Công chức Kế toán", "Nghỉ phép")]),
    Case("breakdown_lines_and_odd_spaces", breakdown_lines_and_odd_spaces, "PNV", DEC16, 10, 9,
         [("Mạc Thị Huyền", "Nhân viên", "Hợp đồng lao động, không thuộc đối tượng")]),
    Case("bottom_date_after_contest_dates", bottom_date_after_contest_dates, "HCCB", DEC16, 6, 6, []),
    Case("csv_cp1258_semicolons", csv_cp1258_semicolons, "P_CONGHOA", DEC16, 30, 29,
         [("Đặng Quốc Việt", "Chỉ huy trưởng Quân sự", "Đi tập huấn")]),
    Case("late_return", late_return, "PTCKH", dt.date(2024, 12, 18), 12, 12, []),
    Case("docx_counts_with_rates_beside", docx_counts_with_rates_beside, "VP", DEC16, 20, 18,
         [("Hồ Văn Tiến", "Lái xe", "HĐ 68"), ("Lăng Thị Mai", "Tạp vụ", "HĐ 68")]),
    Case("reason_header_nguyen_nhan", reason_header_nguyen_nhan, "THCS_SAODO", DEC16, 45, 44,
         [("Khổng Văn Đạt", "Giáo viên", "Ốm điều trị dài ngày")]),
    Case("position_header_with_department", position_header_with_department, "P_SAODO", DEC16, 30, 29,
         [("Phó Đức Long", "Công chức Tư pháp - Hộ tịch", "Nghỉ phép")]),
    Case("place_and_date_cell", place_and_date_cell, "MN_SAODO", DEC16, 28, 28, []),
    Case("docx_nested_table", docx_nested_table, "PNV", DEC16, 10, 9, [("Ứng Văn Hậu", "Chuyên viên", "Ốm")]),
    Case("docx_unit_in_page_header", docx_unit_in_page_header, "TTVHTTTT", DEC16, 18, 18, []),
    Case("docx_tracked_change", docx_tracked_change, "X_LELOI", DEC16, 25, 24, [("Lã Văn Quyết", "Công chức Địa chính", "Đi học")]),
    Case("xlsx_formulas_with_cached_values", xlsx_formulas_with_cached_values, "PTCKH", DEC16, 12, 11,
         [("Kha Thị Ngân", "Chuyên viên", "Nghỉ thai sản")]),
    Case("docx_two_row_people_header", docx_two_row_people_header, "TH_CONGHOA", DEC16, 32, 30,
         [("Mai Văn Lực", "Bảo vệ", "Được miễn: HĐ 68"), ("Đàm Thị Nụ", "Giáo viên", "Khác: Con ốm")]),
    Case("html_saved_as_xls", html_saved_as_xls, "THCS_SAODO", DEC16, 45, 44, [("Lưu Văn Bình", "Giáo viên", "Ốm")]),
    Case("txt_email_body", txt_email_body, "TH_SAODO", DEC16, 40, 40, []),
    Case("unit_in_sheet_name_only", unit_in_sheet_name_only, "X_HOANGTAN", DEC16, 24, 24, []),
    Case("docx_letterhead_in_text_boxes", docx_letterhead_in_text_boxes, "PNV", DEC16, 10, 10, []),
    Case("docx_date_field", docx_date_field, "X_LELOI", DEC16, 25, 25, []),
    Case("hidden_column_last_year", hidden_column_last_year, "PTCKH", DEC16, 12, 11, [("Hà Thị Thu", "Kế toán", "Nghỉ thai sản")]),
    Case("hidden_template_rows", hidden_template_rows, "TH_CONGHOA", DEC16, 32, 32, []),
    Case("letter_sheet_and_annex_sheet", letter_sheet_and_annex_sheet, "X_LELOI", DEC16, 25, 24,
         [("Giáp Văn Hưng", "Công chức Địa chính", "Đi học")]),
    Case("docx_reason_merged_down", docx_reason_merged_down, "THCS_SAODO", DEC16, 45, 42,
         [("Bế Văn Tráng", "Giáo viên", "Đi học thạc sĩ"), ("Nìm Thị Lan", "Giáo viên", "Đi học thạc sĩ"),
          ("Sầm Văn Pó", "Nhân viên", "Nghỉ ốm")]),
    Case("roster_with_tick_column", roster_with_tick_column, "HCCB", DEC16, 6, 5,
         [("Nguyễn Hữu Lộc", "Phó Chủ tịch Hội", "Nằm viện điều trị")]),
    Case("people_on_their_own_sheet", people_on_their_own_sheet, "TTVHTTTT", DEC16, 18, 17,
         [("Lạc Văn Thịnh", "Diễn viên", "Đi biểu diễn tại tỉnh")]),
    Case("xlsx_vni_cells", xlsx_vni_cells, "TH_CONGHOA", DEC16, 32, 31, [("Đinh Thị Mận", "Giáo viên", "Nghỉ ốm")]),
    Case("csv_tcvn3_bytes", csv_tcvn3_bytes, "X_LELOI", DEC16, 25, 24, [("Lê Thị Nụ", "Công chức Tư pháp", "Nghỉ thai sản")]),
    Case("participants_split_by_sex", participants_split_by_sex, "X_HOANGTAN", DEC16, 24, 24, []),
    Case("people_rows_after_two_blank_rows", people_rows_after_two_blank_rows, "P_CONGHOA", DEC16, 30, 25,
         [("Lâm Văn Tài", "Công chức", "Ốm"), ("Tống Thị Mơ", "Công chức", "Thai sản"),
          ("Triệu Văn Nhất", "Công an viên", "Đi học"), ("Mông Thị Hoa", "Công chức", "Nghỉ phép"),
          ("Khương Văn Lợi", "Chỉ huy phó", "Đi công tác")]),
    Case("docx_people_table_split_in_two", docx_people_table_split_in_two, "P_SAODO", DEC16, 30, 27,
         [("Văn Thị Lý", "Công chức", "Thai sản"), ("Ninh Văn Hòa", "Công chức", "Ốm"),
          ("Thạch Văn Long", "Công an viên", "Đi học")]),
    Case("headers_wrapped_in_cells", headers_wrapped_in_cells, "THCS_SAODO", DEC16, 45, 44, [("Lục Văn Tân", "Giáo viên", "Ốm")]),
    Case("unit_name_wrapped", unit_name_wrapped, "THTHCS_HT", DEC16, 35, 35, []),
    Case("long_name_wrapped", long_name_wrapped, "PTCKH", DEC16, 12, 11,
         [("Nguyễn Thị Thanh Hương", "Chuyên viên phụ trách ngân sách", "Nghỉ chế độ thai sản")]),
    Case("roster_with_result_words", roster_with_result_words, "PNV", DEC16, 4, 3,
         [("Bùi Thị Thu Hà", "Chuyên viên", "Nghỉ sinh con")]),
    Case("figures_by_block_with_total_column", figures_by_block_with_total_column, "P_SAODO", DEC16, 30, 29,
         [("Ông Văn Tuấn", "Công chức Xây dựng", "Nghỉ ốm")]),
    Case("reasons_opening_with_chua_tham_gia", reasons_opening_with_chua_tham_gia, "X_LELOI", DEC16, 25, 23,
         [("Đoàn Văn Kiên", "Công chức Địa chính", "Chưa tham gia vì nằm viện"),
          ("Lò Thị Hằng", "Công chức Văn hóa", "Không tham gia do đi học")]),
    Case("ditto_marks_in_people", ditto_marks_in_people, "MN_SAODO", DEC16, 28, 25,
         [("Hồ Thị Nga", "Giáo viên", "Nghỉ thai sản"), ("Tô Thị Lan", "Giáo viên", "Nghỉ thai sản"),
          ("Vũ Thị Mai", "Nhân viên nấu ăn", "Nghỉ thai sản")]),
    Case("prose_people_with_courtesy", prose_people_with_courtesy, "TTVHTTTT", DEC16, 18, 16,
         [("Quan Văn Bình", "diễn viên", "đi biểu diễn tại tỉnh bạn"), ("Đàm Thị Thoa", "kế toán", "nghỉ thai sản")]),
]

# ---------------------------------------------------------------- letterhead lines as units really type them

SCHOOL_PARENT = "PHÒNG GD&ĐT TP CHÍ LINH"
CITY_PARENT = "UBND THÀNH PHỐ CHÍ LINH"
# (parent line, unit line as typed, unit code a person reads)
LETTERHEADS = [
    (CITY_PARENT, "TRUNG TÂM VH-TT-TT", "TTVHTTTT"),
    (CITY_PARENT, "TT VĂN HÓA, THÔNG TIN VÀ THỂ THAO", "TTVHTTTT"),
    (CITY_PARENT, "PHÒNG TÀI CHÍNH KẾ HOẠCH", "PTCKH"),
    (CITY_PARENT, "PHÒNG TC - KH", "PTCKH"),
    ("HỘI CCB TỈNH HẢI DƯƠNG", "HỘI CỰU CHIẾN BINH TP CHÍ LINH", "HCCB"),
    (CITY_PARENT, "UBND P. SAO ĐỎ", "P_SAODO"),
    (CITY_PARENT, "UỶ BAN NHÂN DÂN PHƯỜNG SAO ĐỎ", "P_SAODO"),
    (SCHOOL_PARENT, "TRƯỜNG MN SAO ĐỎ", "MN_SAODO"),
    (SCHOOL_PARENT, "TRƯỜNG MẦM NON SAO ĐỎ", "MN_SAODO"),
    (SCHOOL_PARENT, "TRƯỜNG TIỂU HỌC SAO ĐỎ", "TH_SAODO"),
    (SCHOOL_PARENT, "TRƯỜNG THCS SAO ĐỎ", "THCS_SAODO"),
    (SCHOOL_PARENT, "TRƯỜNG TH&THCS HOÀNG TÂN", "THTHCS_HT"),
    (SCHOOL_PARENT, "TRƯỜNG TH - THCS HOÀNG TÂN", "THTHCS_HT"),
    (SCHOOL_PARENT, "TRƯỜNG TIỂU HỌC VÀ TRUNG HỌC CƠ SỞ HOÀNG TÂN", "THTHCS_HT"),
    (CITY_PARENT, "UBND XÃ HOÀNG TÂN", "X_HOANGTAN"),
    (CITY_PARENT, "UỶ BAN NHÂN DÂN XÃ LÊ LỢI", "X_LELOI"),
    (CITY_PARENT, "VĂN PHÒNG HĐND - UBND", "VP"),
    (CITY_PARENT, "VP HĐND&UBND THÀNH PHỐ", "VP"),
    ("TỈNH ĐOÀN HẢI DƯƠNG", "THÀNH ĐOÀN CHÍ LINH", "TD"),
    (CITY_PARENT, "PHÒNG GIÁO DỤC & ĐÀO TẠO", "PGDDT"),
    (CITY_PARENT, "PHÒNG GD-ĐT", "PGDDT"),
    (SCHOOL_PARENT, "TRƯỜNG TIỂU HỌC CỘNG HOÀ", "TH_CONGHOA"),
    (CITY_PARENT, "UBND PHƯỜNG CỘNG HOÀ", "P_CONGHOA"),
    (CITY_PARENT, "HỘI CỰU CHIẾN BINH TP", "HCCB"),
    ("TỈNH ĐOÀN HẢI DƯƠNG", "BCH ĐOÀN TNCS HỒ CHÍ MINH TP CHÍ LINH", "TD"),
    (CITY_PARENT, "TRUNG TÂM VH-TT-TT TP CHÍ LINH", "TTVHTTTT"),
]


def letterhead_return(folder: Path, parent: str, unit_line: str, staff: int = 5) -> Path:
    """A plain return whose only sign of its sender is the letterhead's unit line; the file name names no one.
    ``staff``: all took part (the unit's registry headcount, so no figure holds the return for review)."""
    rows = [
        [parent, None, NATION],
        [unit_line, None, MOTTO],
        [None, None, "Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI TRỰC TUYẾN VỀ CCHC NĂM 2024"],
        ["Tổng số CBCCVC", staff],
        ["Số tham gia", staff],
        ["Số không tham gia", 0],
    ]
    return write_xlsx(folder / "bao_cao.xlsx", {"Sheet1": rows})


# ---------------------------------------------------------------- count lines as units really word them

# (total line, participants line, total, participants): one "label: value" line each
COUNT_LINES = [
    ("Tổng số CBCCVC của cơ quan: 20 người", "Số tham gia: 19 người", 20, 19),
    ("Tổng số CB, CC, VC của đơn vị: 20", "Số tham gia: 19", 20, 19),
    ("Tổng số cán bộ, công chức, viên chức và người lao động: 20", "Số tham gia: 19", 20, 19),
    ("Tổng số CBCCVC, NLĐ: 20", "Số tham gia: 19", 20, 19),
    ("Số lượng CBCCVC của cơ quan: 20", "Số tham gia: 19", 20, 19),
    ("Tổng số người phải tham gia: 20", "Số người đã tham gia: 19", 20, 19),
    ("Tổng số CBCCVC thuộc đối tượng tham gia: 20", "Số tham gia: 19", 20, 19),
    ("Tổng số CBCCVC: 20", "Số CBCCVC đã tham gia Cuộc thi: 19 người", 20, 19),
    ("Tổng số CBCCVC: 20", "Số người dự thi: 19", 20, 19),
    ("Tổng số CBCCVC: 20", "Số CBCCVC đã dự thi: 19", 20, 19),
    ("Tổng số CBCCVC: 20", "Số lượng người tham gia thi: 19", 20, 19),
    ("Tổng số CBCCVC: 20", "Tổng số người tham gia: 19", 20, 19),
    ("Tổng số CBCCVC: 20", "Số người đã làm bài thi: 19", 20, 19),
    ("Tổng số CBCCVC: 20", "Đã tham gia dự thi: 19 đồng chí", 20, 19),
    ("Tổng số CBCCVC hiện có: 20", "Số CBCCVC tham gia đầy đủ: 19", 20, 19),
    ("Quân số: 20 đồng chí", "Số đồng chí tham gia: 19 đồng chí", 20, 19),
    ("Tổng số CB, CC, VC trong diện phải tham gia: 20", "Số CB, CC, VC tham gia: 19", 20, 19),
    ("Số lượng CBCCVC được giao tham gia Cuộc thi: 20", "Số lượng CBCCVC đã tham gia: 19", 20, 19),
    ("Tổng số: 20 người", "Trong đó tham gia: 19 người; không tham gia: 01 người", 20, 19),
    ("Tổng số CBCCVC (tính đến ngày 18/11/2024): 20", "Số tham gia: 19", 20, 19),
    ("Tổng số CBCCVC: 20 (trong đó 02 hợp đồng)", "Số tham gia: 19 (có 01 đồng chí tham gia 2 lần)", 20, 19),
    ("Tổng số CBCCVC: hai mươi (20) người", "Số tham gia: 19/20 (95%)", 20, 19),
    ("Tổng số CBCCVC: 20", "Số tham gia: 100%", 20, 20),
    ("Tổng số CBCCVC: 20", "Kết quả tham gia: 19 người", 20, 19),
    ("Tổng số CBCCVC: 20", "Số người hoàn thành bài thi: 19", 20, 19),
    ("Tổng số CBCCVC là 20 người", "số tham gia là 19 người", 20, 19),
    ("Tổng cộng: 20 người", "Số tham gia: 19 người", 20, 19),
    ("Tổng số CBCCVC: 30", "Số tham gia: 93,3%", 30, 28),
    ("Tổng số CBCCVC: 20", "Số tham gia: 95%", 20, 19),
]


def count_lines_return(folder: Path, total_line: str, joined_line: str) -> Path:
    """A short return for the Văn phòng (20 staff): letterhead, date, the two count lines."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH"],
        ["VĂN PHÒNG HĐND VÀ UBND"],
        ["Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI TRỰC TUYẾN VỀ CCHC"],
        [total_line],
        [joined_line],
    ]
    return write_xlsx(folder / "VP.xlsx", {"Sheet1": rows})


# ---------------------------------------------------------------- place-and-date lines as typed

# (date cell as typed, report date a person reads)
DATE_LINES = [
    ("Chí Linh, ngày 16 tháng 12 năm 2024.", DEC16),
    ("Chí Linh, ngày  16  tháng  12  năm  2024", DEC16),
    ("Chí Linh , ngày 16 tháng 12 năm 2024", DEC16),
    ("Chí Linh ngày 16 tháng 12 năm 2024", DEC16),
    ("Sao Đỏ, ngày 16.12.2024", DEC16),
    ("Chí Linh, 16/12/2024", DEC16),
    ("Chí Linh, ngày 16-12-2024", DEC16),
    ("Ngày 16 tháng 12 năm 2024", DEC16),
    ("Chí Linh, ngày 16/12/24", DEC16),
    ("Hải Dương, ngày 16 tháng 12 năm 2024", DEC16),
    ("Chí Linh, ngày 9 tháng 12 năm 2024", dt.date(2024, 12, 9)),
    ("Chí Linh, ngày 09 tháng 12 năm 2024", dt.date(2024, 12, 9)),
    ("Chí Linh, ngày 16 tháng 12 năm 2024 (ngày gửi)", DEC16),
    (dt.datetime(2024, 12, 16), DEC16),
]


def date_line_return(folder: Path, date_cell) -> Path:
    """A short return whose place-and-date cell is typed as given, with a quoted plan's date and the contest dates."""
    rows = [
        ["UBND THÀNH PHỐ CHÍ LINH", None, NATION],
        ["VĂN PHÒNG HĐND VÀ UBND", None, MOTTO],
        [None, None, date_cell],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI"],
        ["Thực hiện Kế hoạch số 120/KH-UBND ngày 05/11/2024 của UBND thành phố; Cuộc thi diễn ra từ ngày "
         "18/11/2024 đến ngày 13/12/2024."],
        ["Tổng số CBCCVC: 20"],
        ["Số tham gia: 20"],
    ]
    # an Excel date shown as the whole line, the way offices format the cell
    fmt = {"Sheet1": {"C3": '"Chí Linh, ngày "dd" tháng "mm" năm "yyyy'}} if isinstance(date_cell, dt.datetime) else None
    return write_xlsx(folder / "VP ngay.xlsx", {"Sheet1": rows}, dates=fmt)


# ---------------------------------------------------------------- reasons as units type them

# (reason as typed in a return, the category a person files it under)
REASONS_TYPED = [
    ("Nghỉ TS", "maternity"),
    ("Đang nghỉ chế độ thai sản", "maternity"),
    ("NGHỈ ỐM", "sickness"),
    ("Ốm nằm viện", "sickness"),
    ("Điều trị bệnh dài ngày", "sickness"),
    ("Đi học CCLLCT", "training"),
    ("Học lớp Cao cấp lý luận chính trị", "training"),
    ("Đang học thạc sĩ", "training"),
    ("Nghiên cứu sinh", "training"),
    ("Nghỉ hưu từ 01/12/2024", "retirement"),
    ("Chờ nghỉ hưu", "retirement"),
    ("HĐLĐ", "out_of_scope"),
    ("HĐ NĐ 111", "out_of_scope"),
    ("Lao động hợp đồng theo NĐ 68", "out_of_scope"),
    ("Đã chuyển công tác", "out_of_scope"),
    ("Đi công tác tỉnh", "business_trip"),
    ("Biệt phái", "business_trip"),
    ("Nghỉ phép năm", "leave"),
    ("Việc riêng", "leave"),
    ("Không có lý do", "none"),
    ("", "none"),
    ("Không có điện thoại thông minh", "other"),
]


# ---------------------------------------------------------------- file names as units save them

# (file name, unit code a person reads from it); the return inside names no unit
FILE_NAMES = [
    ("BC_PNV.xlsx", "PNV"),
    ("Phong Noi vu.xlsx", "PNV"),
    ("P.TCKH.xlsx", "PTCKH"),
    ("MN_SaoDo.xlsx", "MN_SAODO"),
    ("MamNonSaoDo.xlsx", "MN_SAODO"),
    ("THCS_Sao_Do_2024.xlsx", "THCS_SAODO"),
    ("thcs-sao-do.xlsx", "THCS_SAODO"),
    ("TH&THCS_HoangTan_v2.xlsx", "THTHCS_HT"),
    ("Xa Le Loi (1).xlsx", "X_LELOI"),
    ("UBND_P_Cong_Hoa.xlsx", "P_CONGHOA"),
    ("BC CCHC - Phuong Sao Do - lan 2.xlsx", "P_SAODO"),
    ("BÁO CÁO TRƯỜNG TIỂU HỌC SAO ĐỎ.xlsx", "TH_SAODO"),
    ("Hội CCB.xlsx", "HCCB"),
    ("Thanh doan Chi Linh.xlsx", "TD"),
    ("VP HĐND-UBND.xlsx", "VP"),
    ("Phòng GD&ĐT.xlsx", "PGDDT"),
]


def file_name_return(folder: Path, name: str, staff: int = 5) -> Path:
    """A return whose content names no unit: the file name is all a person has (``staff``: all took part)."""
    rows = [
        [NATION],
        [MOTTO],
        ["Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI TRỰC TUYẾN VỀ CCHC NĂM 2024"],
        ["Tổng số CBCCVC", staff],
        ["Số tham gia", staff],
    ]
    return write_xlsx(folder / name, {"Sheet1": rows})


# ---------------------------------------------------------------- two files from one unit

# words in a file name saying "this is the old copy / a draft"
OLD_COPY_NAMES = ["BC TH Sao Do - ban cu.xlsx", "BC TH Sao Do (nhap).xlsx", "BC TH Sao Do - du thao.xlsx"]


def two_copies(folder: Path, old_name: str) -> tuple[Path, Path]:
    """The unit's return and an older copy of it (one fewer participant), the older copy saved last."""
    def rows(joined):
        return [["PHÒNG GD&ĐT TP CHÍ LINH"], ["TRƯỜNG TIỂU HỌC SAO ĐỎ"], ["Sao Đỏ, ngày 16 tháng 12 năm 2024"],
                ["Tổng số CBCCVC", 40], ["Số tham gia", joined]]
    current = write_xlsx(folder / "BC TH Sao Do.xlsx", {"Sheet1": rows(40)})
    old = write_xlsx(folder / old_name, {"Sheet1": rows(39)})
    stamp = current.stat().st_mtime
    os.utime(current, (stamp - 3600, stamp - 3600))  # the old copy was touched last (copied, opened, saved)
    return current, old
