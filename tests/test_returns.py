"""clean_returns on real files of eight layouts (xlsx, xls, docx, csv), the checks, and which return stands."""
from __future__ import annotations

import datetime as dt
import os

import openpyxl
import pytest
import xlwt

from cchc_analysis.issues import IssueLog
from cchc_analysis.registry import read_registry
from cchc_analysis.returns import clean_returns, file_name_text
from conftest import write_docx, write_registry_xlsx

UNITS = [
    ("MN_SAODO", "Trường Mầm non Sao Đỏ", "Mầm non", 30, ""),
    ("TH_SAODO", "Trường Tiểu học Sao Đỏ", "Tiểu học", 40, ""),
    ("P_SAODO", "Phường Sao Đỏ", "Xã, phường", 30, ""),
    ("PNV", "Phòng Nội vụ", "Phòng, ban chuyên môn", 10, ""),
    ("PTCKH", "Phòng Tài chính - Kế hoạch", "Phòng, ban chuyên môn", 12, "Phòng TC-KH"),
    ("THCS_CVA", "Trường THCS Chu Văn An", "THCS", 48, ""),
    ("X_LELOI", "Xã Lê Lợi", "Xã, phường", 22, ""),
    ("TT_GDNN", "Trung tâm GDNN-GDTX", "Đơn vị sự nghiệp", 20, "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên"),
]
SIGNATURE = [["Nơi nhận:", None, None, "THỦ TRƯỞNG ĐƠN VỊ"], ["- Phòng Nội vụ;", None, None, None],
             [None, None, None, "Nguyễn Văn Ký"]]


@pytest.fixture
def units(project, tmp_path):
    return read_registry(write_registry_xlsx(tmp_path / "units.xlsx", UNITS), project, IssueLog())


def write_xlsx(path, rows, merges=(), stamp=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(list(row))
    for rng in merges:
        ws.merge_cells(rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    if stamp:
        os.utime(path, (stamp, stamp))
    return path


def letterhead(unit_line, date_line="Chí Linh, ngày 16 tháng 12 năm 2024"):
    return [["UBND THÀNH PHỐ CHÍ LINH", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            [unit_line, None, None, "Độc lập - Tự do - Hạnh phúc"],
            [None, None, None, date_line],
            ["BÁO CÁO Kết quả tham gia Cuộc thi trực tuyến về CCHC năm 2024", None, None, None]]


def people_rows(people):
    return [["STT", "Họ và tên", "Chức vụ", "Lý do"]] + [[i + 1, *p] for i, p in enumerate(people)]


def merged_header_return(folder, name, unit_line, total, joined, people, date_line="Chí Linh, ngày 16 tháng 12 năm 2024",
                         stamp=None):
    rows = letterhead(unit_line, date_line) + [
        ["Tổng số CBCCVC", "Kết quả tham gia", "Kết quả tham gia", None],
        ["Tổng số CBCCVC", "Số CBCCVC tham gia", "Tỷ lệ", None],
        [total, joined, None, None],
        [None] * 4,
    ] + people_rows(people) + [[None] * 4] + SIGNATURE
    return write_xlsx(folder / name, rows, merges=["A5:A6", "B5:C5"], stamp=stamp)


def clean(folder, units, project):
    log = IssueLog()
    returns, people, files = clean_returns(folder, units, project, log)
    return returns, people, files, log.frame()


def by_file(returns, name):
    return returns.set_index("source_file").loc[name]


def codes_for(issues, name):
    return sorted(issues.loc[issues["source_file"] == name, "code"])


@pytest.fixture
def eight_layouts(tmp_path):
    folder = tmp_path / "returns"
    # 1. xlsx, two-row merged header table, people table, signature block with the signer's name
    merged_header_return(folder, "BC_MN_Sao_Do.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 30, 28,
                         [("NGUYỄN THỊ HOA", "Giáo viên", "Nghỉ thai sản"), ("Lê Văn Tùng", "Bảo vệ", "HĐ 68")])
    # 2. xlsx "label: value" lines, numbers typed as text
    write_xlsx(folder / "bao_cao_1.xlsx", [
        ["UBND THÀNH PHỐ CHÍ LINH"], ["PHÒNG NỘI VỤ"], ["Chí Linh, ngày 15/12/2024"],
        ["Tổng số CBCCVC: 10 người"], ["Số CBCCVC tham gia: 9 đ/c"], ["Tỷ lệ: 90%"],
        ["Kết quả: Đạt"], [None],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"], [1, "Phạm Văn Minh", "Chuyên viên", "Đi học thạc sĩ"],
    ])
    # 3. xlsx "label | value" cells
    write_xlsx(folder / "Phong TC-KH.xlsx", [
        ["Cơ quan:", "Phòng Tài chính - Kế hoạch"], ["Ngày báo cáo", dt.datetime(2024, 12, 14)],
        ["Tổng số CBCCVC", "12"], ["Số người tham gia", "12"], ["Tỷ lệ", "100%"], [None],
        ["Họ và tên", "Lý do"], ["Không có", None],
    ])
    # 4. docx prose paragraphs + people table
    write_docx(folder / "Báo cáo THCS Chu Văn An.docx", [
        "UBND THÀNH PHỐ CHÍ LINH", "TRƯỜNG THCS CHU VĂN AN", "Chí Linh, ngày 16 tháng 12 năm 2024",
        "Thực hiện Kế hoạch số 120/KH-UBND ngày 05/11/2024 của UBND thành phố, nhà trường báo cáo như sau:",
        "Tổng số CBCCVC của đơn vị là 48 đồng chí; số đồng chí tham gia: 45 đồng chí, đạt 93,75%.",
        "Danh sách không tham gia:",
        ("table", [["STT", "Họ và tên", "Chức vụ", "Lý do"], ["1", "Trần Văn Bình", "Giáo viên", "Ốm điều trị"],
                   ["2", "Vũ Thị Lan", "Phó Hiệu trưởng", "Đi công tác"], ["3", "Đỗ Văn Hải", "Nhân viên", ""]]),
        "HIỆU TRƯỞNG", "Hoàng Văn Sơn",
    ])
    # 5. docx with the fields in a table
    write_docx(folder / "xa_le_loi.docx", [
        "ỦY BAN NHÂN DÂN XÃ LÊ LỢI", "Lê Lợi, ngày 17/12/2024",
        ("table", [["Tổng số CBCCVC", "Số tham gia", "Số không tham gia"], ["22", "21", "1"]]),
        ("table", [["TT", "Họ tên", "Chức danh", "Lý do"], ["1", "bùi  văn nam", "Công chức", "Nghỉ phép"]]),
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Ngô Văn Lực",
    ])
    # 6. csv, "label,value" lines then the people table
    (folder / "gdnn.csv").write_text(
        "Đơn vị:,Trung tâm GDNN-GDTX\nNgày báo cáo:,16/12/2024\nTổng số CBCCVC,20\nSố tham gia,20/20\n\n"
        "STT,Họ và tên,Chức vụ,Lý do\n", encoding="utf-8-sig")
    # 7. xls: sub-units with a "Tổng cộng" row
    book = xlwt.Workbook()
    sheet = book.add_sheet("BC")
    rows = [["UBND PHƯỜNG SAO ĐỎ"], ["Sao Đỏ, ngày 16 tháng 12 năm 2024"],
            ["Bộ phận", "Tổng số CBCCVC", "Số tham gia", "Số không tham gia"],
            ["Khối Đảng", 10, 10, 0], ["Khối chính quyền", 20, 18, 2], ["Tổng cộng", 30, 28, 2], [],
            ["STT", "Họ và tên", "Chức vụ", "Lý do"], [1, "Đinh Văn Quý", "Công chức", "Nằm viện"],
            [2, "Mai Thị Thu", "Cán bộ", "Chờ hưu"], [], [], ["Người lập", None, "CHỦ TỊCH"]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(folder / "P_SaoDo.xls"))
    # 8. xlsx: values to the right of labels merged across B:C
    write_xlsx(folder / "TH Sao Do.xlsx", [
        ["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ CHÍ LINH"], ["TRƯỜNG TIỂU HỌC SAO ĐỎ"],
        ["Sao Đỏ, ngày 13 tháng 12 năm 2024"],
        [None, "Tổng số CBCCVC", None, 40], [None, "Số người tham gia", None, 39],
        [None, "Số người không tham gia", None, 1], [None],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"], [1, "Cao Thị Mơ", "Giáo viên", "Nghỉ chế độ thai sản"],
        [None], ["HIỆU TRƯỞNG"],
    ], merges=["B4:C4", "B5:C5", "B6:C6"])
    return folder


def test_eight_layouts_read_exactly(eight_layouts, units, project):
    returns, people, files, issues = clean(eight_layouts, units, project)
    table = returns.set_index("source_file")[["unit_code", "status", "total_staff", "participants"]]
    assert table.to_dict("index") == {
        "BC_MN_Sao_Do.xlsx": {"unit_code": "MN_SAODO", "status": "accepted", "total_staff": 30, "participants": 28},
        "bao_cao_1.xlsx": {"unit_code": "PNV", "status": "accepted", "total_staff": 10, "participants": 9},
        "Phong TC-KH.xlsx": {"unit_code": "PTCKH", "status": "accepted", "total_staff": 12, "participants": 12},
        "Báo cáo THCS Chu Văn An.docx": {"unit_code": "THCS_CVA", "status": "accepted", "total_staff": 48,
                                         "participants": 45},
        "xa_le_loi.docx": {"unit_code": "X_LELOI", "status": "accepted", "total_staff": 22, "participants": 21},
        "gdnn.csv": {"unit_code": "TT_GDNN", "status": "accepted", "total_staff": 20, "participants": 20},
        "P_SaoDo.xls": {"unit_code": "P_SAODO", "status": "accepted", "total_staff": 30, "participants": 28},
        "TH Sao Do.xlsx": {"unit_code": "TH_SAODO", "status": "accepted", "total_staff": 40, "participants": 39},
    }
    dates = returns.set_index("source_file")["report_date"].dt.strftime("%Y-%m-%d").to_dict()
    assert dates == {"BC_MN_Sao_Do.xlsx": "2024-12-16", "bao_cao_1.xlsx": "2024-12-15", "Phong TC-KH.xlsx": "2024-12-14",
                     "Báo cáo THCS Chu Văn An.docx": "2024-12-16", "xa_le_loi.docx": "2024-12-17",
                     "gdnn.csv": "2024-12-16", "P_SaoDo.xls": "2024-12-16", "TH Sao Do.xlsx": "2024-12-13"}
    names = people.groupby("unit_code")["full_name"].apply(list).to_dict()
    assert names == {
        "MN_SAODO": ["Nguyễn Thị Hoa", "Lê Văn Tùng"], "PNV": ["Phạm Văn Minh"],
        "THCS_CVA": ["Trần Văn Bình", "Vũ Thị Lan", "Đỗ Văn Hải"], "X_LELOI": ["Bùi Văn Nam"],
        "P_SAODO": ["Đinh Văn Quý", "Mai Thị Thu"], "TH_SAODO": ["Cao Thị Mơ"],
    }
    assert (issues["severity"] == "error").sum() == 0
    assert set(issues["code"]) <= {"people_count_mismatch"}


def test_people_carry_file_row_reason_category_and_source(eight_layouts, units, project):
    _, people, _, _ = clean(eight_layouts, units, project)
    mn = people[people["unit_code"] == "MN_SAODO"]
    assert mn["source_row"].tolist() == [10, 11]
    assert mn["reason_category"].tolist() == ["maternity", "out_of_scope"]
    assert mn["justified"].tolist() == [True, True]
    assert set(mn["source_file"]) == {"BC_MN_Sao_Do.xlsx"}
    thcs = people[people["unit_code"] == "THCS_CVA"]
    assert thcs["reason_category"].tolist() == ["sickness", "business_trip", "none"]
    assert thcs["justified"].tolist() == [True, False, False]


def test_nothing_lost_in_files_table(eight_layouts, units, project):
    _, people, files, _ = clean(eight_layouts, units, project)
    assert (files["rows_read"] == files["rows_kept"] + files["rows_in_issues"]).all()
    assert files["rows_kept"].sum() == len(people) == 10
    assert set(files["folder"]) == {"returns"}


def test_participants_above_total_is_rejected(tmp_path, units, project):
    folder = tmp_path / "returns"
    merged_header_return(folder, "mn.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 30, 31, [])
    returns, people, _, issues = clean(folder, units, project)
    assert by_file(returns, "mn.xlsx")["status"] == "rejected"
    assert "participants_above_total" in codes_for(issues, "mn.xlsx")


def test_missing_count_is_rejected(tmp_path, units, project):
    folder = tmp_path / "returns"
    write_xlsx(folder / "pnv.xlsx", [["PHÒNG NỘI VỤ"], ["Chí Linh, ngày 15/12/2024"], ["Tổng số CBCCVC: 10"]])
    returns, _, _, issues = clean(folder, units, project)
    assert by_file(returns, "pnv.xlsx")["status"] == "rejected"
    assert codes_for(issues, "pnv.xlsx") == ["count_missing"]


def test_negative_and_non_numeric_counts_are_rejected(tmp_path, units, project):
    folder = tmp_path / "returns"
    write_xlsx(folder / "pnv.xlsx", [["PHÒNG NỘI VỤ"], ["Chí Linh, ngày 15/12/2024"], ["Tổng số CBCCVC: -10"],
                                     ["Số tham gia: 5"]])
    write_xlsx(folder / "xa.xlsx", [["UBND XÃ LÊ LỢI"], ["Lê Lợi, ngày 15/12/2024"], ["Tổng số CBCCVC: hai mươi"],
                                    ["Số tham gia: 5"]])
    returns, _, _, issues = clean(folder, units, project)
    assert returns.set_index("source_file")["status"].to_dict() == {"pnv.xlsx": "rejected", "xa.xlsx": "rejected"}
    assert "count_negative" in codes_for(issues, "pnv.xlsx")
    assert "count_not_numeric" in codes_for(issues, "xa.xlsx")
    row = issues.loc[issues["code"] == "count_not_numeric", "row"].iloc[0]
    assert row == 3


def test_listed_people_unlike_difference_is_warned(tmp_path, units, project):
    folder = tmp_path / "returns"
    merged_header_return(folder, "mn.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 30, 27, [("Hà Văn An", "Giáo viên", "Ốm")])
    returns, people, _, issues = clean(folder, units, project)
    assert by_file(returns, "mn.xlsx")["status"] == "accepted"
    assert codes_for(issues, "mn.xlsx") == ["people_count_mismatch"]
    assert len(people) == 1


def test_total_unlike_registry_is_warned(tmp_path, units, project):
    folder = tmp_path / "returns"
    merged_header_return(folder, "mn.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 40, 40, [])
    _, _, _, issues = clean(folder, units, project)
    assert codes_for(issues, "mn.xlsx") == ["staff_unlike_registry"]


def test_late_return_is_kept_and_marked(tmp_path, units, project):
    folder = tmp_path / "returns"
    merged_header_return(folder, "mn.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 30, 30, [],
                         date_line="Chí Linh, ngày 18 tháng 12 năm 2024")
    returns, _, _, issues = clean(folder, units, project)
    row = by_file(returns, "mn.xlsx")
    assert (row["status"], bool(row["late"])) == ("accepted", True)
    assert codes_for(issues, "mn.xlsx") == ["return_late"]


def test_missing_and_impossible_dates_are_warned(tmp_path, units, project):
    folder = tmp_path / "returns"
    merged_header_return(folder, "mn.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 30, 30, [], date_line="Độc lập")
    merged_header_return(folder, "th.xlsx", "TRƯỜNG TIỂU HỌC SAO ĐỎ", 40, 40, [], date_line="Sao Đỏ, ngày 31/11/2024")
    returns, _, _, issues = clean(folder, units, project)
    assert codes_for(issues, "mn.xlsx") == ["date_missing"]
    assert codes_for(issues, "th.xlsx") == ["date_invalid"]
    assert returns["status"].tolist() == ["accepted", "accepted"]


def test_later_report_date_stands_and_people_of_the_other_are_counted_in_issues(tmp_path, units, project):
    folder = tmp_path / "returns"
    merged_header_return(folder, "mn_v2.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 30, 29, [("Hà Văn An", "Giáo viên", "Ốm")],
                         date_line="Chí Linh, ngày 14 tháng 12 năm 2024", stamp=2_000_000_000)
    merged_header_return(folder, "mn.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 30, 30, [],
                         date_line="Chí Linh, ngày 16 tháng 12 năm 2024", stamp=1_000_000_000)
    returns, people, files, issues = clean(folder, units, project)
    assert returns.set_index("source_file")["status"].to_dict() == {"mn.xlsx": "accepted", "mn_v2.xlsx": "superseded"}
    assert len(people) == 0
    unused = issues[issues["code"] == "people_not_counted"]
    assert unused[["source_file", "rows_affected"]].values.tolist() == [["mn_v2.xlsx", 1]]
    assert "mn.xlsx" in issues.loc[issues["code"] == "return_superseded", "message"].iloc[0]
    assert files.set_index("source_file").loc["mn_v2.xlsx", "rows_in_issues"] == 1


def test_same_date_revision_mark_then_file_time_decide(tmp_path, units, project):
    folder = tmp_path / "returns"
    merged_header_return(folder, "BC MN Sao Do bổ sung.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 30, 30, [], stamp=1_000_000_000)
    merged_header_return(folder, "BC MN Sao Do.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 30, 30, [], stamp=2_000_000_000)
    merged_header_return(folder, "th_a.xlsx", "TRƯỜNG TIỂU HỌC SAO ĐỎ", 40, 40, [], stamp=1_000_000_000)
    merged_header_return(folder, "th_b.xlsx", "TRƯỜNG TIỂU HỌC SAO ĐỎ", 40, 40, [], stamp=2_000_000_000)
    returns, _, _, _ = clean(folder, units, project)
    assert returns.set_index("source_file")["status"].to_dict() == {
        "BC MN Sao Do bổ sung.xlsx": "accepted", "BC MN Sao Do.xlsx": "superseded",
        "th_a.xlsx": "superseded", "th_b.xlsx": "accepted"}


def test_unit_from_file_name_when_content_names_none(tmp_path, units, project):
    folder = tmp_path / "returns"
    write_xlsx(folder / "BC_Phong_Noi_Vu_v2.xlsx", [["Chí Linh, ngày 15/12/2024"], ["Tổng số CBCCVC: 10"],
                                                    ["Số tham gia: 10"]])
    returns, _, _, _ = clean(folder, units, project)
    row = by_file(returns, "BC_Phong_Noi_Vu_v2.xlsx")
    assert (row["unit_code"], row["unit_method"], row["status"]) == ("PNV", "file_name", "accepted")


def test_content_and_file_name_disagreeing_is_held_with_candidates_and_the_row(tmp_path, units, project):
    folder = tmp_path / "returns"
    merged_header_return(folder, "Phong_Noi_Vu.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 30, 30, [])
    returns, _, _, issues = clean(folder, units, project)
    row = by_file(returns, "Phong_Noi_Vu.xlsx")
    assert (row["unit_code"], row["status"], row["status_reason"]) == ("", "held", "unit_conflict")
    conflict = issues.loc[issues["code"] == "unit_conflict"].iloc[0]
    assert "MN_SAODO" in conflict["message"] and "PNV" in conflict["message"]
    assert (conflict["sheet"], conflict["row"]) == ("Sheet", 1)  # the first of the lines read for the unit
    assert "review_held_return" in codes_for(issues, "Phong_Noi_Vu.xlsx")


def test_shared_place_name_without_kind_is_held_not_guessed(tmp_path, units, project):
    folder = tmp_path / "returns"
    write_xlsx(folder / "bc.xlsx", [["Đơn vị: Sao Đỏ"], ["Sao Đỏ, ngày 15/12/2024"], ["Tổng số CBCCVC: 30"],
                                    ["Số tham gia: 30"]])
    returns, _, _, issues = clean(folder, units, project)
    assert by_file(returns, "bc.xlsx")["status"] == "held"
    message = issues.loc[issues["code"] == "unit_ambiguous", "message"].iloc[0]
    assert "MN_SAODO" in message and "TH_SAODO" in message and "P_SAODO" in message


def test_unreadable_file_is_a_rejected_row_and_the_run_goes_on(tmp_path, units, project):
    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "empty.xlsx").write_bytes(b"")
    (folder / "~$lock.xlsx").write_bytes(b"x")
    merged_header_return(folder, "mn.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 30, 30, [])
    returns, _, files, issues = clean(folder, units, project)
    assert returns.set_index("source_file")[["unit_code", "status"]].to_dict("index") == {
        "empty.xlsx": {"unit_code": "", "status": "rejected"}, "mn.xlsx": {"unit_code": "MN_SAODO", "status": "accepted"}}
    assert codes_for(issues, "empty.xlsx") == ["file_empty"]
    assert codes_for(issues, "~$lock.xlsx") == ["lock_file"]
    assert files.set_index("source_file")["status"].to_dict() == {
        "empty.xlsx": "rejected", "mn.xlsx": "accepted", "~$lock.xlsx": "skipped"}


def test_sub_folder_file_keeps_its_relative_path(tmp_path, units, project):
    folder = tmp_path / "returns"
    merged_header_return(folder / "dot2", "mn.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 30, 30, [])
    returns, _, _, _ = clean(folder, units, project)
    assert returns["source_file"].tolist() == ["dot2/mn.xlsx"]


def test_returns_table_has_the_required_columns(eight_layouts, units, project):
    from cchc_analysis.tables import TABLE_COLUMNS

    returns, people, files, _ = clean(eight_layouts, units, project)
    assert set(TABLE_COLUMNS["returns"] + ["unit_text", "unit_method"]) <= set(returns.columns)
    assert set(TABLE_COLUMNS["non_participants"] + ["sheet"]) <= set(people.columns)
    assert list(files.columns) == TABLE_COLUMNS["files"]


def test_file_name_text_drops_digits_revision_marks_and_report_words(project):
    from pathlib import Path

    assert file_name_text(Path("BC_Phong_Noi_Vu_v2 (1).xlsx"), project) == "Phong Noi Vu"
    assert file_name_text(Path("Báo cáo cuộc thi CCHC - MN Sao Đỏ - bổ sung.docx"), project) == "MN Sao Đỏ"


def test_report_words_in_file_name_do_not_pull_towards_a_longer_name(tmp_path, units, project):
    folder = tmp_path / "returns"
    write_xlsx(folder / "BC_CCHC_Truong_THCS_Chu_Van_An.xlsx", [["Chí Linh, ngày 15/12/2024"], ["Tổng số CBCCVC: 48"],
                                                               ["Số tham gia: 48"]])
    returns, _, _, _ = clean(folder, units, project)
    assert returns["unit_code"].tolist() == ["THCS_CVA"]


def test_participants_left_out_are_total_minus_non_participants(tmp_path, units, project):
    folder = tmp_path / "returns"
    write_xlsx(folder / "pnv.xlsx", [["PHÒNG NỘI VỤ"], ["Chí Linh, ngày 15/12/2024"], ["Tổng số CBCCVC: 10"],
                                     ["Số CBCCVC không tham gia: 1"], ["Họ và tên", "Lý do"], ["Phan Văn Tài", "Ốm"]])
    returns, _, _, issues = clean(folder, units, project)
    row = by_file(returns, "pnv.xlsx")
    assert (row["status"], row["total_staff"], row["participants"]) == ("accepted", 10, 9)
    assert codes_for(issues, "pnv.xlsx") == ["count_derived"]


def test_attempts_are_not_read_as_participants(tmp_path, units, project):
    folder = tmp_path / "returns"
    write_xlsx(folder / "pnv.xlsx", [["PHÒNG NỘI VỤ"], ["Chí Linh, ngày 15/12/2024"], ["Số lượt tham gia: 57"],
                                     ["Tổng số CBCCVC: 10"], ["Số người tham gia: 10"]])
    returns, _, _, _ = clean(folder, units, project)
    assert by_file(returns, "pnv.xlsx")["participants"] == 10


def test_participants_from_rate_only_when_no_count_says_it(tmp_path, units, project):
    folder = tmp_path / "returns"
    write_xlsx(folder / "cva.xlsx", [["TRƯỜNG THCS CHU VĂN AN"], ["Chí Linh, ngày 15/12/2024"], ["Tổng số CBCCVC: 48"],
                                     ["Tỷ lệ tham gia: 93,75%"], ["Họ và tên", "Lý do"], ["Lò Văn Tú", "Ốm"],
                                     ["Hà Thị Nga", "Đi học"], ["Mùa A Sử", "Nghỉ phép"]])
    write_xlsx(folder / "pnv.xlsx", [["PHÒNG NỘI VỤ"], ["Chí Linh, ngày 15/12/2024"], ["Tổng số CBCCVC: 10"],
                                     ["Số tham gia: 8"], ["Tỷ lệ: 90%"]])
    returns, _, _, issues = clean(folder, units, project)
    assert returns.set_index("source_file")["participants"].to_dict() == {"cva.xlsx": 45, "pnv.xlsx": 8}
    assert codes_for(issues, "cva.xlsx") == ["count_derived"]


def test_courtesy_words_before_names_are_dropped(project):
    from cchc_analysis.returns import without_prefix

    prefixes = project.return_layout["name_prefixes"]
    assert without_prefix("Đ/c Nguyễn Văn An", prefixes) == "Nguyễn Văn An"
    assert without_prefix("Đồng chí Trần Thị Bình", prefixes) == "Trần Thị Bình"
    assert without_prefix("Đồng Văn Cường", prefixes) == "Đồng Văn Cường"
    assert without_prefix("Ông Thị Nhàn", prefixes) == "Ông Thị Nhàn"  # Ông is a family name


def test_name_cells_that_are_not_names_are_issues_without_their_text(tmp_path, units, project):
    folder = tmp_path / "returns"
    merged_header_return(folder, "mn.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 30, 27,
                         [("Hà Văn An", "Giáo viên", "Ốm"), ("+84912345678", "Giáo viên", "Ốm"),
                          ("Nguyễn " + "Văn " * 40 + "Dài", "Giáo viên", "Ốm")])
    _, people, files, issues = clean(folder, units, project)
    assert people["full_name"].tolist() == ["Hà Văn An"]
    unreadable = issues[issues["code"] == "person_row_unreadable"]
    assert unreadable["row"].tolist() == [11, 12]
    assert not issues["message"].str.contains("0912345678").any()
    assert files[["rows_read", "rows_kept", "rows_in_issues"]].values.tolist() == [[3, 1, 2]]


def test_file_name_keeps_signs_the_matcher_needs(project):
    from pathlib import Path

    assert file_name_text(Path("TH&THCS Hoang Tan.xlsx"), project) == "TH&THCS Hoang Tan"
    assert file_name_text(Path("Phong TC-KH.xlsx"), project) == "Phong TC-KH"


def test_parent_letterhead_alone_yields_to_the_file_name(tmp_path, project):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã đơn vị", "Tên đơn vị", "Khối", "Tổng số CBCCVC", "Tên gọi khác"])
    ws.append(["PGDDT", "Phòng Giáo dục và Đào tạo", "Phòng", 12, "Phòng GD&ĐT"])
    ws.append(["THCS_CVA", "Trường THCS Chu Văn An", "THCS", 48, ""])
    wb.save(tmp_path / "units.xlsx")
    units = read_registry(tmp_path / "units.xlsx", project, IssueLog())
    folder = tmp_path / "returns"
    write_xlsx(folder / "THCS Chu Van An.xlsx", [["PHÒNG GD&ĐT TP CHÍ LINH"], ["Ngày 16/12/2024"],
                                                ["Tổng số CBCCVC", 48], ["Số tham gia", 48]])
    returns, _, _, _ = clean(folder, units, project)
    assert returns[["unit_code", "unit_method", "status"]].values.tolist() == [["THCS_CVA", "file_name", "accepted"]]


def test_unit_named_only_in_the_signature_block(tmp_path, units, project):
    folder = tmp_path / "returns"
    write_xlsx(folder / "bao_cao.xlsx", [["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI"], ["Ngày 16/12/2024"],
                                         ["Tổng số CBCCVC", 30], ["Số tham gia", 30], [None],
                                         ["Nơi nhận:", None, "TM. ỦY BAN NHÂN DÂN PHƯỜNG SAO ĐỎ"],
                                         ["- Phòng Nội vụ;", None, "CHỦ TỊCH"]])
    returns, _, _, _ = clean(folder, units, project)
    assert returns[["unit_code", "unit_method", "status"]].values.tolist() == [["P_SAODO", "footer", "accepted"]]


def test_unit_named_only_by_the_sheet_tab(tmp_path, units, project):
    folder = tmp_path / "returns"
    folder.mkdir()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "UBND xã Lê Lợi"
    for row in [["Ngày báo cáo", "16/12/2024"], ["Tổng số CBCCVC", 22], ["Số tham gia", 22]]:
        ws.append(row)
    wb.save(folder / "Book1.xlsx")
    returns, _, _, _ = clean(folder, units, project)
    assert returns[["unit_code", "unit_method", "unit_text", "status"]].values.tolist() == [
        ["X_LELOI", "sheet_name", "UBND xã Lê Lợi", "accepted"]]


def test_a_plain_sheet_tab_names_no_unit(tmp_path, units, project):
    folder = tmp_path / "returns"
    write_xlsx(folder / "Book1.xlsx", [["Ngày báo cáo", "16/12/2024"], ["Tổng số CBCCVC", 22], ["Số tham gia", 22]])
    returns, _, _, _ = clean(folder, units, project)
    assert returns[["unit_code", "unit_method", "status"]].values.tolist() == [["", "unmatched", "held"]]


def test_old_copy_or_draft_loses_to_the_return_of_the_same_date(tmp_path, units, project):
    folder = tmp_path / "returns"
    merged_header_return(folder, "BC MN Sao Do.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 30, 30, [], stamp=1_000_000_000)
    merged_header_return(folder, "BC MN Sao Do - dự thảo.xlsx", "TRƯỜNG MẦM NON SAO ĐỎ", 30, 29, [], stamp=2_000_000_000)
    merged_header_return(folder, "th (ban cu).xlsx", "TRƯỜNG TIỂU HỌC SAO ĐỎ", 40, 39, [], stamp=2_000_000_000)
    merged_header_return(folder, "th.xlsx", "TRƯỜNG TIỂU HỌC SAO ĐỎ", 40, 40, [], stamp=1_000_000_000)
    returns, _, _, _ = clean(folder, units, project)
    assert returns.set_index("source_file")["status"].to_dict() == {
        "BC MN Sao Do - dự thảo.xlsx": "superseded", "BC MN Sao Do.xlsx": "accepted",
        "th (ban cu).xlsx": "superseded", "th.xlsx": "accepted"}


def test_file_name_in_camel_case_reads_as_words(project):
    from pathlib import Path

    assert file_name_text(Path("BC_MamNonSaoDo_v2.xlsx"), project) == "Mam Non Sao Do"
    assert file_name_text(Path("THCSChuVanAn.xlsx"), project) == "THCS Chu Van An"


def test_participants_typed_as_a_share_of_the_total_give_the_count(tmp_path, units, project):
    folder = tmp_path / "returns"
    write_xlsx(folder / "BC_Phong_Noi_Vu.xlsx", [["Chí Linh, ngày 15/12/2024"], ["Tổng số CBCCVC: 10"],
                                                 ["Số tham gia: 100%"]])
    returns, _, _, issues = clean(folder, units, project)
    assert returns[["total_staff", "participants", "rate", "status"]].astype(object).values.tolist() == [
        [10, 10, 1.0, "accepted"]]
    assert issues.loc[issues["severity"] != "info", "code"].tolist() == []
    assert issues["code"].tolist() == ["count_derived"]


def test_courtesy_word_is_dropped_only_before_a_full_name():
    from cchc_analysis.returns import without_prefix

    assert without_prefix("Ông Quan Văn Bình", ["Ông", "Bà"], min_words=3) == "Quan Văn Bình"
    assert without_prefix("Ông Văn Toàn", ["Ông", "Bà"], min_words=3) == "Ông Văn Toàn"  # Ông the family name
