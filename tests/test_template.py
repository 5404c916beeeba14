"""The blank return template: written, filled by a unit, read back exactly through readers + layout."""
from __future__ import annotations

import datetime as dt

import openpyxl

from cchc_analysis import template
from cchc_analysis.issues import IssueLog
from cchc_analysis.layout import read_return
from cchc_analysis.readers import read_grids


def test_blank_template_has_the_fields_and_people_headers(tmp_path):
    path = template.write_template(tmp_path / "mau.xlsx")
    ws = openpyxl.load_workbook(path)[template.SHEET]
    assert [ws.cell(row=template.FIELDS_HEADER_ROW, column=c).value for c in range(1, 5)] == [
        "Tổng số CBCCVC", "Số CBCCVC tham gia", "Tỷ lệ", "Kết quả"]
    assert [ws.cell(row=template.PEOPLE_HEADER_ROW, column=c).value for c in range(1, 5)] == [
        "STT", "Họ và tên", "Chức vụ", "Lý do"]


def test_blank_template_reads_as_no_figures(tmp_path, project):
    path = template.write_template(tmp_path / "mau.xlsx")
    layout = read_return(read_grids(path, project.limits, IssueLog(), "mau.xlsx"), project)
    assert layout.count("total_staff") is None and layout.count("participants") is None
    assert layout.report_date is None and len(layout.people) == 0


def test_filled_template_reads_back_exactly(tmp_path, project):
    path = template.write_template(tmp_path / "mau.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[template.SHEET]
    ws[template.UNIT_CELL] = "TRƯỜNG MẦM NON SAO ĐỎ"
    ws[template.DATE_CELL] = "Chí Linh, ngày 16 tháng 12 năm 2024"
    r = template.FIELDS_VALUE_ROW
    ws.cell(row=r, column=1, value=48)
    ws.cell(row=r, column=2, value=45)
    ws.cell(row=r, column=3, value="=B8/A8")  # a formula openpyxl saves without a cached value
    ws.cell(row=r, column=4, value="Hoàn thành tốt")
    people = [("Nguyễn Thị Hoa", "Giáo viên", "Nghỉ thai sản"), ("Trần Văn Bình", "Bảo vệ", "HĐ 68"),
              ("Lê Thị Cúc", "Kế toán", "Đi công tác")]
    for i, person in enumerate(people):
        for c, value in enumerate((i + 1, *person), start=1):
            ws.cell(row=template.PEOPLE_FIRST_ROW + i, column=c, value=value)
    wb.save(path)

    layout = read_return(read_grids(path, project.limits, IssueLog(), "mau.xlsx"), project)
    assert layout.count("total_staff") == 48
    assert layout.count("participants") == 45
    assert layout.count("results") == "Hoàn thành tốt"
    assert layout.report_date == dt.date(2024, 12, 16)
    assert "TRƯỜNG MẦM NON SAO ĐỎ" in layout.unit_lines
    assert layout.people[["full_name", "position", "reason"]].values.tolist() == [list(p) for p in people]
    assert layout.people["source_row"].tolist() == [12, 13, 14]
