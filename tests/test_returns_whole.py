"""Nothing silently wrong: every sheet of a return accounted for, the dispatch's "tham gia/tổng số"
wording, returns held for review, and a received file that cannot be read still placed with its unit."""
from __future__ import annotations

import datetime as dt
import os

import openpyxl
import pytest

from cchc_analysis.issues import IssueLog
from cchc_analysis.registry import read_registry
from cchc_analysis.returns import clean_returns
from conftest import write_docx

UNITS = [
    ("P_SAODO", "Phường Sao Đỏ", "Xã, phường", 30, ""),
    ("PGD", "Phòng Giáo dục và Đào tạo", "Phòng, ban chuyên môn", 14, "Phòng GD&ĐT"),
    ("PNV", "Phòng Nội vụ", "Phòng, ban chuyên môn", 10, ""),
    ("MN_SAODO", "Trường Mầm non Sao Đỏ", "Mầm non", 30, ""),
]
# the ward's four departments: (sheet, staff, took part, absent people)
DEPARTMENTS = [
    ("Văn phòng", 8, 7, [("Nguyễn Thị Hoa", "Công chức", "Nghỉ thai sản")]),
    ("Địa chính", 6, 6, []),
    ("Tư pháp", 7, 5, [("Lê Văn Tùng", "Công chức", "Ốm điều trị"), ("Trần Thị Mai", "Chuyên viên", "Đi học")]),
    ("Văn hóa", 7, 7, []),
]


@pytest.fixture
def units(project, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã đơn vị", "Tên đơn vị", "Khối", "Tổng số CBCCVC", "Tên gọi khác"])
    for row in UNITS:
        ws.append(list(row))
    path = tmp_path / "units.xlsx"
    wb.save(path)
    return read_registry(path, project, IssueLog())


def write_book(path, sheets: dict[str, list[list]], stamp: float | None = None):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    if stamp:
        os.utime(path, (stamp, stamp))
    return path


def department_sheet(name, staff, joined, people):
    rows = [["UBND PHƯỜNG SAO ĐỎ"], [f"Bộ phận: {name}"], ["Sao Đỏ, ngày 16 tháng 12 năm 2024"],
            ["Tổng số CBCCVC", staff], ["Số tham gia", joined], [None], ["STT", "Họ và tên", "Chức vụ", "Lý do"]]
    return rows + [[i + 1, *p] for i, p in enumerate(people)]


def total_sheet(staff, joined):
    return [["UBND PHƯỜNG SAO ĐỎ"], ["Sao Đỏ, ngày 16 tháng 12 năm 2024"], ["TỔNG HỢP TOÀN PHƯỜNG"],
            ["Tổng số CBCCVC", staff], ["Số tham gia", joined]]


def clean(folder, units, settings):
    log = IssueLog()
    returns, people, files = clean_returns(folder, units, settings, log)
    return returns, people, files, log.frame()


def ward_book(folder, total=None):
    sheets = {name: department_sheet(name, staff, joined, people) for name, staff, joined, people in DEPARTMENTS}
    if total is not None:
        sheets = {"Tổng hợp": total_sheet(*total), **sheets}
    return write_book(folder / "Phuong Sao Do.xlsx", sheets)


# ---------------------------------------------------------------- every sheet


def test_department_sheets_without_a_total_sheet_are_added_up(tmp_path, units, project):
    ward_book(tmp_path / "returns")
    returns, people, _, issues = clean(tmp_path / "returns", units, project)
    row = returns.iloc[0]
    assert (row["unit_code"], row["status"], row["total_staff"], row["participants"]) == ("P_SAODO", "accepted", 28, 25)
    assert sorted(people[["full_name", "sheet"]].itertuples(index=False, name=None)) == [
        ("Lê Văn Tùng", "Tư pháp"), ("Nguyễn Thị Hoa", "Văn phòng"), ("Trần Thị Mai", "Tư pháp")]
    combined = issues.loc[issues["code"] == "sheets_combined", "message"].iloc[0]
    assert all(f"'{name}'" in combined for name, *_ in DEPARTMENTS)
    assert "people_count_mismatch" not in set(issues["code"])


def test_a_total_sheet_that_agrees_with_its_parts_is_used(tmp_path, units, project):
    ward_book(tmp_path / "returns", total=(28, 25))
    returns, people, _, issues = clean(tmp_path / "returns", units, project)
    row = returns.iloc[0]
    assert (row["status"], row["sheet"], row["total_staff"], row["participants"]) == ("accepted", "Tổng hợp", 28, 25)
    assert len(people) == 3  # the total sheet lists nobody: its parts' people
    unused = issues.loc[issues["code"] == "sheet_unused", "sheet"]
    assert sorted(unused) == sorted(name for name, *_ in DEPARTMENTS)


def test_a_total_sheet_that_disagrees_holds_the_return_naming_the_sheets(tmp_path, units, project):
    ward_book(tmp_path / "returns", total=(30, 25))
    returns, people, _, issues = clean(tmp_path / "returns", units, project)
    row = returns.iloc[0]
    assert (row["status"], row["status_reason"]) == ("held", "sheets_disagree")
    message = issues.loc[issues["code"] == "sheets_disagree", "message"].iloc[0]
    assert "'Tổng hợp' 25/30" in message and "'Tư pháp' 5/7" in message
    assert "'Tư pháp' 5/7" in row["held_reason"] and not row["held_reason"].endswith(")")
    assert len(people) == 0  # a held return's people wait with it
    assert "review_held_return" in set(issues["code"])


def test_a_copy_of_a_sheet_is_counted_once(tmp_path, units, project):
    sheet = department_sheet("Văn phòng", 30, 29, [("Nguyễn Thị Hoa", "Công chức", "Nghỉ thai sản")])
    write_book(tmp_path / "returns" / "Phuong Sao Do.xlsx", {"Sheet1": sheet, "Sheet1 (2)": sheet})
    returns, _, _, issues = clean(tmp_path / "returns", units, project)
    assert returns[["status", "total_staff", "participants"]].values.tolist() == [["accepted", 30, 29]]
    assert issues.loc[issues["code"] == "sheet_unused", "sheet"].tolist() == ["Sheet1 (2)"]


def test_a_sheet_not_used_is_an_issue_row_saying_why(tmp_path, units, project):
    rows = department_sheet("Văn phòng", 30, 30, [])
    write_book(tmp_path / "returns" / "Phuong Sao Do.xlsx",
               {"Báo cáo": rows, "Số liệu cũ": [["Tổng số CBCCVC", 27]]})
    returns, _, _, issues = clean(tmp_path / "returns", units, project)
    assert returns["status"].tolist() == ["accepted"]
    unused = issues.loc[issues["code"] == "sheet_unused"]
    assert unused["sheet"].tolist() == ["Số liệu cũ"] and unused["severity"].tolist() == ["warning"]


# ---------------------------------------------------------------- the dispatch's wording


@pytest.mark.parametrize("line", ["Số lượng tham gia/tổng số CBCCVC: 49/51", "Số lượng tham gia/tổng số CBCCVV: 49/51",
                                  "Số lượng tham gia/tổng số CBCCVC: 49 / 51 người",
                                  "Số lượng tham gia/tổng số CBCCVC: 49 trên 51", "Tổng số/tham gia: 51/49"])
def test_the_dispatch_wording_gives_51_staff_and_49_taking_part(line, tmp_path, units, project):
    write_book(tmp_path / "returns" / "MN Sao Do.xlsx", {"BC": [
        ["TRƯỜNG MẦM NON SAO ĐỎ"], ["Sao Đỏ, ngày 16 tháng 12 năm 2024"], [line],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"], [1, "Phạm Thị Lan", "Giáo viên", "Nghỉ thai sản"],
        [2, "Vũ Thị Hà", "Giáo viên", "Ốm"]]})
    returns, _, _, issues = clean(tmp_path / "returns", units, project)
    row = returns.iloc[0]
    assert (row["status"], row["total_staff"], row["participants"]) == ("accepted", 51, 49)
    assert "count_missing" not in set(issues["code"])


# ---------------------------------------------------------------- held for review


def test_a_sector_total_for_an_office_is_held_and_kept_out(tmp_path, units, project):
    write_book(tmp_path / "returns" / "PGD.xlsx", {"BC": [
        ["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"], ["Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC", 1234], ["Số tham gia", 1233], ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Đỗ Văn Hải", "Giáo viên", "Ốm"]]})
    returns, people, _, issues = clean(tmp_path / "returns", units, project)
    row = returns.iloc[0]
    assert (row["unit_code"], row["status"], row["status_reason"]) == ("PGD", "held", "staff_far_from_registry")
    assert "1.234" in row["held_reason"] and "14" in row["held_reason"]
    assert len(people) == 0
    review = issues.loc[issues["code"] == "review_held_return"].iloc[0]
    assert (review["severity"], review["sheet"], review["row"]) == ("warning", "BC", 3)
    assert "1.234" in review["message"]


def test_listed_people_far_from_the_counts_hold_the_return(tmp_path, units, project):
    people = [[i + 1, f"Nguyễn Văn {name}", "Công chức", "Nghỉ phép"] for i, name in enumerate(
        ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khánh", "Long"])]
    write_book(tmp_path / "returns" / "Phuong Sao Do.xlsx", {"BC": [
        ["UBND PHƯỜNG SAO ĐỎ"], ["Sao Đỏ, ngày 16 tháng 12 năm 2024"], ["Tổng số CBCCVC", 30], ["Số tham gia", 29],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"], *people]})
    returns, _, _, issues = clean(tmp_path / "returns", units, project)
    assert returns[["status", "status_reason"]].values.tolist() == [["held", "people_contradict_counts"]]
    mismatch = issues.loc[issues["code"] == "people_count_mismatch"].iloc[0]
    assert (mismatch["sheet"], mismatch["row"]) == ("BC", 6)


def test_a_small_difference_in_listed_people_still_stands(tmp_path, units, project):
    write_book(tmp_path / "returns" / "Phuong Sao Do.xlsx", {"BC": [
        ["UBND PHƯỜNG SAO ĐỎ"], ["Sao Đỏ, ngày 16 tháng 12 năm 2024"], ["Tổng số CBCCVC", 30], ["Số tham gia", 27],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"], [1, "Nguyễn Văn An", "Công chức", "Nghỉ phép"]]})
    returns, _, _, issues = clean(tmp_path / "returns", units, project)
    assert returns["status"].tolist() == ["accepted"]
    assert "people_count_mismatch" in set(issues["code"])


# ---------------------------------------------------------------- received but unreadable


def test_an_empty_file_named_for_a_unit_is_that_units_unreadable_return(tmp_path, units, project):
    folder = tmp_path / "returns"
    folder.mkdir()
    path = folder / "BC_Phong_Noi_Vu.xlsx"
    path.write_bytes(b"")
    stamp = dt.datetime(2024, 12, 18, 9, 30).timestamp()
    os.utime(path, (stamp, stamp))
    returns, _, files, issues = clean(folder, units, project)
    row = returns.iloc[0]
    assert (row["unit_code"], row["status"], row["readable"], row["status_reason"]) == (
        "PNV", "rejected", False, "file_empty")
    assert row["report_date"] == dt.datetime(2024, 12, 18) and bool(row["late"])
    assert "unreadable_return_placed" in set(issues["code"])


def test_a_file_not_what_its_name_says_is_placed_by_its_folder(tmp_path, units, project):
    folder = tmp_path / "returns" / "Phường Sao Đỏ"
    folder.mkdir(parents=True)
    (folder / "bao_cao.xlsx").write_text("Tổng số CBCCVC;30\nSố tham gia;30\n", encoding="utf-8")
    returns, _, _, _ = clean(tmp_path / "returns", units, project)
    row = returns.iloc[0]
    assert (row["unit_code"], row["unit_method"], row["status"], row["readable"]) == (
        "P_SAODO", "folder", "rejected", False)


def test_an_unreadable_file_naming_no_unit_keeps_a_row_without_a_unit(tmp_path, units, project):
    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "scan_001.xlsx").write_bytes(b"")
    returns, _, _, _ = clean(folder, units, project)
    assert returns[["unit_code", "status", "readable"]].values.tolist() == [["", "rejected", False]]


def test_a_readable_return_says_readable(tmp_path, units, project):
    ward_book(tmp_path / "returns")
    returns, _, _, _ = clean(tmp_path / "returns", units, project)
    assert returns["readable"].tolist() == [True] and returns["held_reason"].tolist() == [""]


# ---------------------------------------------------------------- rows on issues, heads out of scope


def test_count_missing_names_the_sheet_and_the_row_of_the_other_count(tmp_path, units, project):
    write_book(tmp_path / "returns" / "PNV.xlsx", {"BC": [
        ["PHÒNG NỘI VỤ"], ["Chí Linh, ngày 16 tháng 12 năm 2024"], ["Tổng số CBCCVC", 10]]})
    _, _, _, issues = clean(tmp_path / "returns", units, project)
    missing = issues.loc[issues["code"] == "count_missing"].iloc[0]
    assert (missing["sheet"], missing["row"]) == ("BC", 3)


def test_a_deputy_head_listed_as_contract_staff_is_a_review_item(tmp_path, units, project):
    write_book(tmp_path / "returns" / "MN Sao Do.xlsx", {"Danh sách": [
        ["TRƯỜNG MẦM NON SAO ĐỎ"], ["Sao Đỏ, ngày 16 tháng 12 năm 2024"], ["Tổng số CBCCVC", 30],
        ["Số tham gia", 28], ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Lê Thị Thu", "Phó Hiệu trưởng", "HĐ 68"], [2, "Ngô Văn Bảo", "Bảo vệ", "HĐ 68"]]})
    returns, _, _, issues = clean(tmp_path / "returns", units, project)
    assert returns["status"].tolist() == ["accepted"]
    review = issues.loc[issues["code"] == "review_head_out_of_scope"]
    assert review[["source_file", "sheet", "row", "severity"]].values.tolist() == [
        ["MN Sao Do.xlsx", "Danh sách", 6, "warning"]]
    assert "Lê Thị Thu" in review["message"].iloc[0]


def test_a_word_return_with_a_table_per_part_is_added_up(tmp_path, units, project):
    write_docx(tmp_path / "returns" / "MN Sao Do.docx", [
        "TRƯỜNG MẦM NON SAO ĐỎ", "Sao Đỏ, ngày 16 tháng 12 năm 2024",
        "1. Khu trung tâm", [["Tổng số CBCCVC", "Số tham gia"], ["18", "17"]],
        [["STT", "Họ và tên", "Chức vụ", "Lý do"], ["1", "Phạm Thị Lan", "Giáo viên", "Nghỉ thai sản"]],
        "2. Khu lẻ Cộng Hòa", [["Tổng số CBCCVC", "Số tham gia"], ["11", "10"]],
        [["STT", "Họ và tên", "Chức vụ", "Lý do"], ["1", "Vũ Thị Hà", "Giáo viên", "Ốm"]],
        "HIỆU TRƯỞNG",
    ])
    returns, people, _, issues = clean(tmp_path / "returns", units, project)
    row = returns.iloc[0]
    assert (row["unit_code"], row["status"], row["total_staff"], row["participants"]) == (
        "MN_SAODO", "accepted", 29, 27)
    assert sorted(people["full_name"]) == ["Phạm Thị Lan", "Vũ Thị Hà"]
    assert "'document (bảng 2)' 10/11" in issues.loc[issues["code"] == "sheets_combined", "message"].iloc[0]


def test_a_word_return_saying_its_figures_twice_is_read_once(tmp_path, units, project):
    write_docx(tmp_path / "returns" / "MN Sao Do.docx", [
        "TRƯỜNG MẦM NON SAO ĐỎ", "Sao Đỏ, ngày 16 tháng 12 năm 2024",
        "Tổng số CBCCVC: 30 người, số tham gia: 29 người.", [["Tổng số CBCCVC", "Số tham gia"], ["30", "29"]],
        [["STT", "Họ và tên", "Chức vụ", "Lý do"], ["1", "Phạm Thị Lan", "Giáo viên", "Nghỉ thai sản"]],
    ])
    returns, people, _, _ = clean(tmp_path / "returns", units, project)
    assert returns[["status", "total_staff", "participants"]].values.tolist() == [["accepted", 30, 29]]
    assert len(people) == 1


def test_a_small_office_far_from_its_registry_by_few_people_still_stands(tmp_path, units, project):
    write_book(tmp_path / "returns" / "PNV.xlsx", {"BC": [
        ["PHÒNG NỘI VỤ"], ["Chí Linh, ngày 16 tháng 12 năm 2024"], ["Tổng số CBCCVC", 4], ["Số tham gia", 4]]})
    returns, _, _, issues = clean(tmp_path / "returns", units, project)
    assert returns["status"].tolist() == ["accepted"]  # 4 of 10 is 0,4×, but only 6 people apart
    assert "staff_unlike_registry" in set(issues["code"])


def test_one_department_sent_for_a_ward_is_held(tmp_path, units, project):
    name, staff, joined, people = DEPARTMENTS[0]
    write_book(tmp_path / "returns" / "Phuong Sao Do.xlsx", {name: department_sheet(name, staff, joined, people)})
    returns, _, _, _ = clean(tmp_path / "returns", units, project)
    assert returns[["status", "status_reason"]].values.tolist() == [["held", "staff_far_from_registry"]]


# ---------------------------------------------------------------- the analyst's word (review workbook)


def analyst_writes(settings, source_file, **values):
    """Fill the analyst's columns of bao_cao_cho_xac_minh for one return, as a person does in Excel."""
    path = settings.paths.review
    wb = openpyxl.load_workbook(path)
    ws = wb["bao_cao_cho_xac_minh"]
    header = {str(c.value).rsplit("(", 1)[-1].rstrip(")"): c.column for c in ws[1] if c.value}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, header["source_file"]).value == source_file)
    for key, value in values.items():
        ws.cell(row, header[key]).value = value
    wb.save(path)


def sector_total_return(folder):
    return write_book(folder / "PGD.xlsx", {"BC": [
        ["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"], ["Chí Linh, ngày 16 tháng 12 năm 2024"],
        ["Tổng số CBCCVC", 1234], ["Số tham gia", 1233], ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        [1, "Đỗ Văn Hải", "Giáo viên", "Ốm"]]})


@pytest.mark.parametrize("typed, status, listed", [("Chấp nhận", "accepted", 1), ("loai", "rejected", 0)])
def test_the_analysts_decision_on_a_held_return_is_applied_on_the_next_run(typed, status, listed, tmp_path, units,
                                                                          project):
    sector_total_return(tmp_path / "returns")
    returns, _, _, _ = clean(tmp_path / "returns", units, project)
    assert returns["status"].tolist() == ["held"]
    analyst_writes(project, "PGD.xlsx", decision=typed)
    returns, people, _, _ = clean(tmp_path / "returns", units, project)
    assert returns["status"].tolist() == [status] and len(people) == listed


def test_the_unit_the_analyst_confirms_places_a_held_return(tmp_path, units, project):
    write_book(tmp_path / "returns" / "bao_cao.xlsx", {"Sheet1": [
        ["Ngày báo cáo", "16/12/2024"], ["Tổng số CBCCVC", 10], ["Số tham gia", 10]]})
    returns, _, _, _ = clean(tmp_path / "returns", units, project)
    assert returns[["unit_code", "status"]].values.tolist() == [["", "held"]]
    analyst_writes(project, "bao_cao.xlsx", confirmed_code="PNV")
    returns, _, _, _ = clean(tmp_path / "returns", units, project)
    assert returns[["unit_code", "unit_method", "status"]].values.tolist() == [["PNV", "confirmed", "accepted"]]


@pytest.mark.parametrize("name, content, code", [
    ("Phong Noi vu.pdf", b"%PDF-1.4\n%\xe2\xe3\n", "file_truncated"),  # a PDF cut short in sending
    ("Phong Noi vu.pptx", b"PK\x03\x04 slides", "unsupported_format"),  # a kind the kit does not read
])
def test_a_return_the_kit_cannot_read_is_that_units_unreadable_return(name, content, code, tmp_path, units, project):
    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / name).write_bytes(content)
    returns, _, files, issues = clean(folder, units, project)
    assert returns[["unit_code", "status", "readable", "status_reason"]].values.tolist() == [
        ["PNV", "rejected", False, code]]
    assert files["status"].tolist() == ["rejected"]
    assert (issues["code"] == code).sum() == 1


def test_accepting_a_return_of_no_known_unit_asks_for_its_code(tmp_path, units, project):
    write_book(tmp_path / "returns" / "bao_cao.xlsx", {"Sheet1": [
        ["Ngày báo cáo", "16/12/2024"], ["Tổng số CBCCVC", 10], ["Số tham gia", 10]]})
    clean(tmp_path / "returns", units, project)
    analyst_writes(project, "bao_cao.xlsx", decision="chấp nhận")
    returns, _, _, issues = clean(tmp_path / "returns", units, project)
    assert returns[["unit_code", "status"]].values.tolist() == [["", "held"]]
    assert "review_decision_unclear" in set(issues["code"])


# ---------------------------------------------------------------- OCR cells the analyst corrects (review workbook)


def ocr_grid(total_read: str, total_confidence: float):
    """A return as the OCR reader gives it (Tesseract's output stood in for: the real reader is tested in
    test_documents.py): every cell with its confidence, the total read with the one given."""
    from cchc_analysis.readers.base import Grid

    rows = [["PHÒNG NỘI VỤ"], ["Chí Linh, ngày 16 tháng 12 năm 2024"], ["Tổng số CBCCVC", total_read],
            ["Số tham gia", "9"], ["STT", "Họ và tên", "Chức vụ", "Lý do"], ["1", "Vũ Văn Nam", "Chuyên viên", "Ốm"]]
    confidence = [[96.0] * len(r) for r in rows]
    confidence[2][1] = total_confidence
    return Grid("document", rows, list(range(1, len(rows) + 1)), pages=[1] * len(rows), confidence=confidence)


def test_a_low_confidence_ocr_count_is_proposed_for_review_and_the_analysts_value_is_used_next_run(
        tmp_path, units, project, monkeypatch):
    import cchc_analysis.returns as returns_module

    (tmp_path / "returns").mkdir()
    (tmp_path / "returns" / "Phong Noi vu.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # the grid below stands for its OCR
    monkeypatch.setattr(returns_module, "read_grids", lambda *a, **k: [ocr_grid("1O", 41.0)])
    returns, _, _, issues = clean(tmp_path / "returns", units, project)
    flagged = issues.loc[issues["code"] == "review_ocr_value"]
    assert flagged[["sheet", "row"]].values.tolist() == [["trang 1", 3]] and "'1O'" in flagged["message"].iloc[0]

    wb = openpyxl.load_workbook(project.paths.review)
    ws = wb["o_can_kiem_tra"]
    header = {str(c.value).rsplit("(", 1)[-1].rstrip(")"): c.column for c in ws[1] if c.value}
    assert ws.max_row == 2 and ws.cell(2, header["value"]).value == "1O"
    ws.cell(2, header["corrected_value"]).value = "10"
    wb.save(project.paths.review)

    monkeypatch.setattr(returns_module, "read_grids", lambda *a, **k: [ocr_grid("1O", 41.0)])
    returns, _, _, issues = clean(tmp_path / "returns", units, project)
    assert returns[["unit_code", "total_staff", "participants", "status"]].values.tolist() == [
        ["PNV", 10, 9, "accepted"]]
    assert "ocr_corrected" in set(issues["code"]) and "review_ocr_value" not in set(issues["code"])
    kept = openpyxl.load_workbook(project.paths.review)["o_can_kiem_tra"]
    assert kept.cell(2, header["corrected_value"]).value == "10"  # the analyst's answer stays for later runs
