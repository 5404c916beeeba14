"""layout.py on grids (lists of rows) as the readers give them: fields, date, people, unit lines."""
from __future__ import annotations

import datetime as dt

import pytest

from cchc_analysis.layout import as_count, as_rate, find_people, find_report_date, read_layout


def counts(layout):
    return {name: layout.count(name) for name in ("total_staff", "participants", "non_participants_count")}


LETTERHEAD = [
    ["UBND THÀNH PHỐ CHÍ LINH", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["TRƯỜNG MẦM NON SAO ĐỎ", None, None, "Độc lập - Tự do - Hạnh phúc"],
    [None, None, None, "Chí Linh, ngày 16 tháng 12 năm 2024"],
    ["BÁO CÁO Kết quả tham gia Cuộc thi trực tuyến về CCHC năm 2024", None, None, None],
    ["Thực hiện Kế hoạch số 120/KH-UBND ngày 05/11/2024 của UBND thành phố Chí Linh", None, None, None],
]
PEOPLE = [
    ["STT", "Họ và tên", "Chức vụ", "Lý do"],
    [1, "NGUYỄN VĂN AN", "Giáo viên", "Thai sản"],
    [2, "Trần Thị Bình", "Hiệu trưởng", "Đi học"],
    [3, "Lê Văn Cường", "Nhân viên", None],
    [None, None, None, None],
    ["Nơi nhận:", None, None, "HIỆU TRƯỞNG"],
    ["- Phòng Nội vụ;", None, None, None],
    [None, None, None, "Phạm Văn Dũng"],
]


def test_two_row_merged_header_table_reads_counts_below(project):
    grid = LETTERHEAD + [
        ["Tổng số CBCCVC", "Kết quả tham gia", "Kết quả tham gia", None],
        ["Tổng số CBCCVC", "Số CBCCVC tham gia", "Tỷ lệ", None],
        [48, 45, "93,75%", None],
        [None, None, None, None],
    ] + PEOPLE
    layout = read_layout(grid, project)
    assert counts(layout) == {"total_staff": 48, "participants": 45, "non_participants_count": None}
    assert layout.count("rate") == pytest.approx(0.9375)
    assert layout.report_date == dt.date(2024, 12, 16)
    assert layout.date_row == 3


def test_people_table_stops_at_signature_and_keeps_file_rows(project):
    grid = LETTERHEAD + [["Tổng số CBCCVC: 48"], ["Số tham gia: 45"], [None]] + PEOPLE
    layout = read_layout(grid, project)
    people = layout.people
    assert people["full_name"].tolist() == ["NGUYỄN VĂN AN", "Trần Thị Bình", "Lê Văn Cường"]
    assert people["position"].tolist() == ["Giáo viên", "Hiệu trưởng", "Nhân viên"]
    assert people["reason"].tolist() == ["Thai sản", "Đi học", ""]
    assert people["source_row"].tolist() == [10, 11, 12]
    assert "Phạm Văn Dũng" not in people["full_name"].tolist()


def test_label_colon_value_lines_with_numbers_typed_as_text(project):
    grid = [
        ["Đơn vị: Phòng Nội vụ"],
        ["Ngày báo cáo: 15/12/2024"],
        ["1. Tổng số CBCCVC: 1.234 người"],
        ["2. Số CBCCVC tham gia: 1.200 đ/c"],
        ["3. Số không tham gia: 34"],
        ["4. Tỷ lệ: 97,24%"],
        ["5. Kết quả: Đạt yêu cầu"],
    ]
    layout = read_layout(grid, project)
    assert counts(layout) == {"total_staff": 1234, "participants": 1200, "non_participants_count": 34}
    assert layout.count("rate") == pytest.approx(0.9724)
    assert layout.fields["results"].value == "Đạt yêu cầu"
    assert layout.fields["unit"].value == "Phòng Nội vụ"
    assert layout.report_date == dt.date(2024, 12, 15)
    assert layout.unit_lines[0] == "Phòng Nội vụ"


def test_label_and_value_in_adjacent_cells(project):
    grid = [
        ["Tổng số cán bộ, công chức, viên chức", "22 người"],
        ["Không tham gia", 2],
        ["Tham gia", "20"],
        ["Tỷ lệ", "90,91%"],
    ]
    layout = read_layout(grid, project)
    assert counts(layout) == {"total_staff": 22, "participants": 20, "non_participants_count": 2}
    assert layout.count("rate") == pytest.approx(0.9091)


def test_values_right_of_labels_across_merged_cells(project):
    # labels merged over B:C repeat their text; the value sits in D
    grid = [
        [None, "Tổng số CBCCVC", "Tổng số CBCCVC", 30],
        [None, "Số người tham gia", "Số người tham gia", 27],
        [None, "Số người không tham gia", "Số người không tham gia", 3],
    ]
    layout = read_layout(grid, project)
    assert counts(layout) == {"total_staff": 30, "participants": 27, "non_participants_count": 3}


def test_prose_sentence_reads_number_after_each_label(project):
    grid = [
        ["Thực hiện Kế hoạch số 120/KH-UBND ngày 05/11/2024, đơn vị báo cáo như sau:"],
        ["Tổng số CBCCVC của đơn vị là 48 đồng chí; số đồng chí tham gia: 45 đồng chí, đạt 93,75%."],
        ["Số không tham gia: 03 đồng chí (có danh sách kèm theo)."],
        ["Sao Đỏ, ngày 16/12/2024"],
    ]
    layout = read_layout(grid, project)
    assert counts(layout) == {"total_staff": 48, "participants": 45, "non_participants_count": 3}
    assert layout.count("rate") == pytest.approx(0.9375)
    assert layout.report_date == dt.date(2024, 12, 16)


def test_participants_typed_as_fraction_give_the_total(project):
    layout = read_layout([["Số CBCCVC tham gia: 20/22"]], project)
    assert counts(layout)["participants"] == 20
    assert counts(layout)["total_staff"] == 22


def test_sub_unit_rows_take_the_total_row(project):
    grid = [
        ["Bộ phận", "Tổng số CBCCVC", "Số tham gia", "Số không tham gia"],
        ["Tổ Văn phòng", 10, 9, 1],
        ["Tổ chuyên môn", 20, 18, 2],
        ["Tổng cộng", 30, 27, 3],
        [None, None, None, None],
    ]
    layout = read_layout(grid, project)
    assert counts(layout) == {"total_staff": 30, "participants": 27, "non_participants_count": 3}


def test_sub_unit_rows_without_total_row_are_added_up(project):
    grid = [["Bộ phận", "Tổng số", "Số tham gia"], ["Tổ 1", 10, 9], ["Tổ 2", 20, 18], [None, None, None]]
    layout = read_layout(grid, project)
    assert counts(layout)["total_staff"] == 30
    assert counts(layout)["participants"] == 27


def test_rate_is_never_taken_as_a_count(project):
    layout = read_layout([["Số người tham gia: 93,75%"], ["Tổng số CBCCVC: 48"]], project)
    assert layout.count("participants") is None


def test_non_numeric_count_is_a_problem(project):
    layout = read_layout([["Tổng số CBCCVC: bốn mươi"], ["Số tham gia: 40"]], project)
    assert layout.count("total_staff") is None
    assert [p["code"] for p in layout.problems] == ["count_not_numeric"]


@pytest.mark.parametrize(
    "cells, expected",
    [
        ([["Chí Linh, ngày 16 tháng 12 năm 2024"]], dt.date(2024, 12, 16)),
        ([["Chí Linh, ngày 16/12/2024"]], dt.date(2024, 12, 16)),
        ([["Ngày báo cáo:", "5-12-2024"]], dt.date(2024, 12, 5)),
        ([["Ngày báo cáo"], [dt.datetime(2024, 12, 14)]], dt.date(2024, 12, 14)),
        ([[dt.datetime(2024, 12, 13, 0, 0)]], dt.date(2024, 12, 13)),
        ([["Căn cứ Kế hoạch số 120/KH-UBND ngày 05/11/2024"], ["Phả Lại, ngày 17 tháng 12 năm 2024"]],
         dt.date(2024, 12, 17)),
    ],
)
def test_report_date_forms(project, cells, expected):
    found, problems = find_report_date(cells, project)
    assert found.date == expected and problems == []


def test_quoted_document_date_is_not_the_report_date(project):
    found, _ = find_report_date([["Thực hiện Kế hoạch số 120/KH-UBND ngày 05/11/2024 của UBND thành phố"]], project)
    assert found is None


def test_impossible_date_is_a_problem_not_a_crash(project):
    found, problems = find_report_date([["x"], ["Chí Linh, ngày 31/11/2024"]], project)
    assert found.date is None
    assert problems[0]["code"] == "date_invalid" and problems[0]["row"] == 2


def test_two_row_people_header_and_total_row_end(project):
    grid = [
        ["TT", "Họ và tên", "Thông tin", "Thông tin"],
        ["TT", "Họ và tên", "Chức danh", "Lý do không tham gia"],
        ["(1)", "(2)", "(3)", "(4)"],
        [1, "Đỗ Thị Hoa", "Kế toán", "Nghỉ phép"],
        [2, None, None, None],
        [3, "Vũ Văn Nam", "Chuyên viên", "Ốm điều trị"],
        ["Tổng", "2 người", None, None],
        [None, "Nguyễn Văn Ký", None, None],
    ]
    people, header, end, none_said, *_ = find_people(grid, project)
    assert people["full_name"].tolist() == ["Đỗ Thị Hoa", "Vũ Văn Nam"]
    assert people["reason"].tolist() == ["Nghỉ phép", "Ốm điều trị"]
    assert people["source_row"].tolist() == [4, 6]
    assert (header, none_said) == (0, False)


def test_people_table_ends_at_two_blank_rows(project):
    grid = [["Họ tên", "Lý do"], ["Bùi Văn Tú", "Đi công tác"], [None, None], [None, None], ["Hoàng Văn Ba", None]]
    people, *_ = find_people(grid, project)
    assert people["full_name"].tolist() == ["Bùi Văn Tú"]


def test_none_in_name_column_means_nobody(project):
    grid = [["STT", "Họ và tên", "Lý do"], [None, "Không có", None], [None, None, None]]
    people, _, _, none_said, *_ = find_people(grid, project)
    assert len(people) == 0 and none_said is True


def test_non_participant_count_label_is_not_participants(project):
    layout = read_layout([["Không tham gia", 5], ["Tổng số", 40]], project)
    assert counts(layout) == {"total_staff": 40, "participants": None, "non_participants_count": 5}


def test_unit_lines_hold_letterhead_cells_and_title(project):
    layout = read_layout(LETTERHEAD + [["Tổng số CBCCVC: 10"]], project)
    assert "TRƯỜNG MẦM NON SAO ĐỎ" in layout.unit_lines
    assert "UBND THÀNH PHỐ CHÍ LINH" in layout.unit_lines


def test_number_parsing_helpers():
    assert as_count("22 người") == 22
    assert as_count("1.234") == 1234
    assert as_count("90,91%") is None
    assert as_count(45.0) == 45
    assert as_rate("90,91%") == pytest.approx(0.9091)
    assert as_rate(0.5) == 0.5


def test_numbered_label_cells_and_dash_separator(project):
    grid = [["1. Tổng số CBCCVC", 48], ["2. Số CBCCVC tham gia", "45 người"], ["3. Số không tham gia - 3 người"]]
    layout = read_layout(grid, project)
    assert counts(layout) == {"total_staff": 48, "participants": 45, "non_participants_count": 3}


def test_header_naming_non_participants_first_is_not_the_total(project):
    grid = [["Số CBCCVC chưa tham gia", "Số CBCCVC đã tham gia", "Tổng số CBCCVC"], [2, 28, 30]]
    layout = read_layout(grid, project)
    assert counts(layout) == {"total_staff": 30, "participants": 28, "non_participants_count": 2}


def test_count_typed_before_its_label_in_prose(project):
    grid = [["Tổng số CBCCVC của trường: 35 người."], ["Kết quả: có 33 đồng chí tham gia, đạt 94,29%."]]
    layout = read_layout(grid, project)
    assert counts(layout)["participants"] == 33
    assert layout.fields["results"].value.startswith("có 33 đồng chí tham gia")


def test_place_and_date_line_with_two_digit_year(project):
    found, _ = find_report_date([["Chí Linh, ngày 16/12/24"]], project)
    assert found.date == dt.date(2024, 12, 16)


def test_name_split_over_merged_name_header(project):
    grid = [["STT", "Họ và tên", "Họ và tên", "Lý do"], [1, "Nguyễn Văn", "An", "Ốm"], [2, "Lê Thị", "Bé", None]]
    people, *_ = find_people(grid, project)
    assert people["full_name"].tolist() == ["Nguyễn Văn An", "Lê Thị Bé"]


def test_closing_words_after_a_table_without_stt_are_not_people(project):
    grid = [["Họ và tên", "Chức vụ", "Lý do"], ["Đào Văn Hùng", "Kế toán", "Nghỉ phép"],
            ["Trân trọng!", None, None], ["PHÓ HIỆU TRƯỞNG", None, None], ["Lương Văn Ký", None, None]]
    people, *_ = find_people(grid, project)
    assert people["full_name"].tolist() == ["Đào Văn Hùng"]


def test_sub_header_under_merged_header_is_skipped(project):
    grid = [["Tổng số CBCCVC", "Tổng số CBCCVC", "Tham gia", "Tham gia", "Không tham gia", "Không tham gia"],
            ["Số lượng", "Tỷ lệ", "Số lượng", "Tỷ lệ", "Số lượng", "Tỷ lệ"],
            [40, "100%", 38, "95%", 2, "5%"]]
    layout = read_layout(grid, project)
    assert counts(layout) == {"total_staff": 40, "participants": 38, "non_participants_count": 2}


def test_a_line_naming_another_field_is_not_the_value_below(project):
    layout = read_layout([["Tổng số CBCCVC"], ["Số tham gia: 28"]], project)
    assert counts(layout)["total_staff"] is None
    assert counts(layout)["participants"] == 28


def test_none_typed_as_a_count_is_zero(project):
    grid = [["- Tổng số CBCCVC: 25 đồng chí"], ["- Số đồng chí đã tham gia dự thi: 25/25 đồng chí (đạt 100%)"],
            ["- Số không tham gia: Không"]]
    layout = read_layout(grid, project)
    assert counts(layout) == {"total_staff": 25, "participants": 25, "non_participants_count": 0}
    assert layout.problems == []


def test_school_header_words(project):
    grid = [["STT", "Tên đơn vị", "Tổng số CB, GV, NV", "Số CB, GV, NV tham gia", "Tỷ lệ (%)", "Ghi chú"],
            [1, "Trường MN Sao Đỏ", 30, 28, 93.3, None]]
    layout = read_layout(grid, project)
    assert counts(layout)["total_staff"] == 30 and counts(layout)["participants"] == 28
    assert layout.fields["unit"].value == "Trường MN Sao Đỏ"


def test_place_and_date_at_the_end_of_a_letterhead_cell(project):
    cell = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Chí Linh, ngày 16 tháng 12 năm 2024"
    grid = [["UBND THÀNH PHỐ CHÍ LINH TRƯỜNG MẦM NON SAO ĐỎ", cell], ["Ngày thi: 18/11/2024"]]
    found, _ = find_report_date(grid, project)
    assert found.date == dt.date(2024, 12, 16)


def test_quoted_document_with_comma_before_its_date_is_skipped(project):
    grid = [["Căn cứ Công văn số 45/PNV, ngày 01/12/2024 của Phòng Nội vụ"], ["Ngày 16/12/2024"]]
    found, _ = find_report_date(grid, project)
    assert found.date == dt.date(2024, 12, 16)


def test_list_of_participants_is_not_read_as_non_participants(project):
    grid = [["Danh sách CBCCVC đã tham gia"], ["STT", "Họ và tên", "Chức vụ"], [1, "Tạ Văn Hòa", "Giáo viên"],
            [None], [None], ["Danh sách CBCCVC không tham gia"], ["STT", "Họ và tên", "Chức vụ"],
            [1, "Kiều Thị Mai", "Nhân viên"]]
    people, header, *_ = find_people(grid, project)
    assert people["full_name"].tolist() == ["Kiều Thị Mai"]
    assert header == 6


def test_reasons_ticked_under_a_merged_reason_header(project):
    grid = [["STT", "Họ và tên", "Lý do", "Lý do", "Lý do"],
            ["STT", "Họ và tên", "Thai sản", "Ốm đau", "Đi học"],
            [1, "Tống Văn Hùng", None, "x", None],
            [2, "Khổng Thị Lan", "X", None, None]]
    people, *_ = find_people(grid, project)
    assert people[["full_name", "reason"]].values.tolist() == [["Tống Văn Hùng", "Ốm đau"], ["Khổng Thị Lan", "Thai sản"]]


def test_date_line_right_under_the_people_table_is_the_report_date(project):
    grid = [["TRƯỜNG THCS SAO ĐỎ"], ["Tổng số CBCCVC: 45"], ["Số tham gia: 44"],
            ["STT", "Họ và tên", "Chức vụ", "Lý do"], [1, "Hà Thị Lụa", "Giáo viên", "Thai sản"],
            [None, None, "Sao Đỏ, ngày 16 tháng 12 năm 2024", None], [None, None, "HIỆU TRƯỞNG", None],
            [None, None, "(Ký tên, đóng dấu)", None], [None], [None], [None, "Nguyễn Văn Hùng", None, None]]
    layout = read_layout(grid, project)
    assert layout.report_date == dt.date(2024, 12, 16)
    assert layout.people["full_name"].tolist() == ["Hà Thị Lụa"]


def test_label_rows_across_sub_unit_columns_take_the_total_column(project):
    grid = [["Nội dung", "Tổ Văn phòng", "Tổ chuyên môn", "Tổng cộng"],
            ["Tổng số CBCCVC", 10, 20, 30], ["Số tham gia", 9, 18, 27]]
    layout = read_layout(grid, project)
    assert counts(layout)["total_staff"] == 30 and counts(layout)["participants"] == 27


def test_section_rows_in_the_people_table_are_not_people(project):
    grid = [["STT", "Họ và tên", "Chức vụ", "Lý do"], ["Tổ Toán", "Tổ Toán", "Tổ Toán", "Tổ Toán"],
            [1, "Lương Thị Hạnh", "Giáo viên", "Ốm"], ["Tổ Văn", "Tổ Văn", "Tổ Văn", "Tổ Văn"],
            [2, "Đoàn Văn Thắng", "Giáo viên", "Đi học"]]
    people, *_ = find_people(grid, project)
    assert people["full_name"].tolist() == ["Lương Thị Hạnh", "Đoàn Văn Thắng"]


def test_guide_sheet_example_is_not_the_return(project):
    from cchc_analysis.layout import SimpleGrid, read_return

    guide = SimpleGrid([["HƯỚNG DẪN"], ["Ví dụ: Tổng số CBCCVC: 50 người; Số tham gia: 48 người."],
                        ["STT", "Họ và tên", "Lý do"], [1, "Nguyễn Văn Mẫu", "Ốm"]], sheet="Huong dan")
    data = SimpleGrid([["PHÒNG NỘI VỤ"], ["Ngày báo cáo", "13/12/2024"], ["Tổng số CBCCVC", 10], ["Số tham gia", 10]],
                      sheet="Bao cao")
    layout = read_return([guide, data], project)
    assert counts(layout)["total_staff"] == 10 and counts(layout)["participants"] == 10
    assert layout.report_date == dt.date(2024, 12, 13)
    assert len(layout.people) == 0


def test_rate_typed_beside_a_count_label_is_the_rate(project):
    layout = read_layout([["Kết quả: 100% viên chức của Trung tâm đã tham gia Cuộc thi."]], project)
    assert layout.count("rate") == 1.0 and layout.count("participants") is None


def test_roman_numbered_section_rows_are_not_people(project):
    grid = [["STT", "Họ và tên", "Chức vụ", "Lý do"], ["I", "Khối Đảng, đoàn thể", None, None],
            [1, "Tạ Văn Hiếu", "Phó Bí thư Đảng ủy", "Đi học"], ["II", "Khối chính quyền", None, None],
            [2, "Ông Thị Nhàn", "Văn thư", "Nghỉ phép"]]
    people, *_ = find_people(grid, project)
    assert people["full_name"].tolist() == ["Tạ Văn Hiếu", "Ông Thị Nhàn"]


def test_people_listed_in_numbered_prose_lines(project):
    grid = [["Tổng số CBCCVC: 12 người; số tham gia: 10 người."], ["Số không tham gia: 02 người, gồm:"],
            ["1. Đ/c Nguyễn Thị Hoa – Chuyên viên – nghỉ thai sản;"], ["2. Lê Văn Tùng - đi học cao học."],
            ["TRƯỞNG PHÒNG"], ["Mạc Văn Tài"]]
    layout = read_layout(grid, project)
    assert layout.people[["full_name", "position", "reason"]].values.tolist() == [
        ["Đ/c Nguyễn Thị Hoa", "Chuyên viên", "nghỉ thai sản"], ["Lê Văn Tùng", "", "đi học cao học"]]
    assert layout.people["source_row"].tolist() == [3, 4]
    assert counts(layout) == {"total_staff": 12, "participants": 10, "non_participants_count": 2}


def test_own_document_number_before_the_place_and_date(project):
    found, _ = find_report_date([["Số: 12/BC-PNV Chí Linh, ngày 16 tháng 12 năm 2024"]], project)
    assert found.date == dt.date(2024, 12, 16)


def test_people_header_sharing_the_figures_header_row(project):
    grid = [["Tổng số CBCCVC", "Số tham gia", "Số không tham gia", "Họ và tên người chưa tham gia", "Lý do"],
            [30, 29, 1, "Trần Văn Khoa", "Ốm"]]
    layout = read_layout(grid, project)
    assert counts(layout) == {"total_staff": 30, "participants": 29, "non_participants_count": 1}
    assert layout.people[["full_name", "reason"]].values.tolist() == [["Trần Văn Khoa", "Ốm"]]
    assert layout.problems == []


def test_header_typed_again_mid_table_is_not_a_person(project):
    grid = [["STT", "Họ và tên", "Lý do"], [1, "Hoàng Văn Út", "Ốm"], ["STT", "Họ và tên", "Lý do"],
            [2, "Viên Văn Định", "Đi học"]]
    people, *_ = find_people(grid, project)
    assert people["full_name"].tolist() == ["Hoàng Văn Út", "Viên Văn Định"]


def test_letterhead_in_one_paragraph_with_own_number_gives_the_date(project):
    cell = ("UBND THÀNH PHỐ CHÍ LINH TRƯỜNG TIỂU HỌC SAO ĐỎ Số: 15/BC-THSĐ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
            "Độc lập - Tự do - Hạnh phúc Sao Đỏ, ngày 16 tháng 12 năm 2024 BÁO CÁO Kết quả tham gia cuộc thi")
    found, _ = find_report_date([[cell]], project)
    assert found.date == dt.date(2024, 12, 16)


COUNTS_AND_PEOPLE_HEADER = ["Tổng số CBCCVC", "Số tham gia", "Số không tham gia", "Họ và tên", "Chức vụ", "Lý do"]


def people_of(rows, project):
    people, *_ = find_people([["UBND PHƯỜNG CỘNG HÒA"], COUNTS_AND_PEOPLE_HEADER, *rows], project)
    return list(people[["full_name", "position", "reason", "source_row"]].itertuples(index=False, name=None))


def test_names_on_lines_of_one_cell_are_one_person_each(project):
    rows = [[30, 27, 3, "Trần Văn Khoa\nPhạm Thị Thu\nLê Văn Tám", "Chuyên viên", "Ốm\nThai sản\nĐi học"]]
    assert people_of(rows, project) == [("Trần Văn Khoa", "Chuyên viên", "Ốm", 3),
                                        ("Phạm Thị Thu", "Chuyên viên", "Thai sản", 3),
                                        ("Lê Văn Tám", "Chuyên viên", "Đi học", 3)]


def test_full_names_on_lines_sharing_one_reason_are_two_people(project):
    rows = [[30, 28, 2, "Trần Văn Khoa\nPhạm Thị Thu", None, "Ốm"]]
    assert people_of(rows, project) == [("Trần Văn Khoa", "", "Ốm", 3), ("Phạm Thị Thu", "", "Ốm", 3)]


def test_a_long_name_wrapped_onto_two_lines_stays_one_person(project):
    rows = [[30, 29, 1, "Nguyễn Thị\nHồng Nhung", "Giáo viên", "Nghỉ thai sản"]]
    assert people_of(rows, project) == [("Nguyễn Thị Hồng Nhung", "Giáo viên", "Nghỉ thai sản", 3)]


def test_lines_that_do_not_pair_with_the_names_keep_the_row_one_person(project):
    rows = [[30, 29, 1, "Trần Văn Khoa\nPhạm Thị Thu", "Chuyên viên", "Ốm\ndài ngày\nđiều trị"]]
    assert people_of(rows, project) == [("Trần Văn Khoa Phạm Thị Thu", "Chuyên viên", "Ốm dài ngày điều trị", 3)]


@pytest.mark.parametrize("line, total, joined", [
    ("Tổng số CB, CC, VC trong diện phải tham gia: 20", 20, None),
    ("Số lượng CBCCVC được giao tham gia Cuộc thi: 20", 20, None),
    ("Tổng số người tham gia: 19", None, 19),  # no scope word between: the participants
    ("Tổng số CBCCVC: 20; tham gia: 19", 20, 19),  # a clause break: two labels, two numbers
])
def test_total_label_going_on_to_who_must_take_part_keeps_the_number(project, line, total, joined):
    layout = read_layout([["UBND XÃ LÊ LỢI"], [line]], project)
    assert (layout.count("total_staff"), layout.count("participants")) == (total, joined)


def test_scope_words_in_a_header_cell_name_the_total_column(project):
    layout = read_layout([["Số lượng CBCCVC được giao tham gia", "Số CBCCVC đã tham gia"], [20, 19]], project)
    assert (layout.count("total_staff"), layout.count("participants")) == (20, 19)


def test_covering_letter_sheet_gives_the_date_to_the_annex_sheet(project):
    from cchc_analysis.layout import SimpleGrid, read_return

    letter = SimpleGrid([["UBND XÃ LÊ LỢI"], ["Lê Lợi, ngày 16 tháng 12 năm 2024"]], sheet="Công văn")
    annex = SimpleGrid([["Tổng số CBCCVC", "Số tham gia"], [25, 25]], sheet="Phụ lục")
    layout = read_return([letter, annex], project)
    assert (layout.sheet, layout.report_date, counts(layout)["total_staff"]) == ("Phụ lục", dt.date(2024, 12, 16), 25)


@pytest.mark.parametrize("subs, values, joined", [
    (["Nam", "Nữ"], [10, 14], 24),  # no total sub-column: a person adds them up
    (["Nam", "Nữ", "Tổng"], [10, 14, 24], 24),  # the total sub-column
])
def test_count_header_merged_over_plain_sub_columns(project, subs, values, joined):
    n = len(subs)
    grid = [["UBND XÃ LÊ LỢI"], ["Tổng số CBCCVC", *["Số tham gia"] * n], ["Tổng số CBCCVC", *subs], [24, *values]]
    assert counts(read_layout(grid, project))["participants"] == joined


def test_people_table_goes_on_after_a_gap_when_numbering_does(project):
    grid = [["STT", "Họ và tên", "Lý do"], [1, "Lâm Văn Tài", "Ốm"], [None] * 3, [None] * 3,
            [2, "Mông Thị Hoa", "Nghỉ phép"], [None] * 3, [None] * 3, [7, "Ghi Chú Khác", "x"]]
    people, *_ = find_people(grid, project)
    assert people["full_name"].tolist() == ["Lâm Văn Tài", "Mông Thị Hoa"]


def test_roster_with_a_tick_column_lists_the_unticked_and_gives_the_counts(project):
    grid = [["HỘI CỰU CHIẾN BINH"], ["STT", "Họ và tên", "Chức vụ", "Đã tham gia", "Ghi chú"],
            [1, "Phạm Quang Vinh", "Chủ tịch Hội", "x", None],
            [2, "Nguyễn Hữu Lộc", "Phó Chủ tịch Hội", None, "Nằm viện"],
            [3, "Lê Thị Sen", "Kế toán", "Chưa", "Đi công tác"],
            [4, "Đồng Văn Tư", "Chuyên viên", "x", None],
            ["Cộng", None, None, 2, None]]
    layout = read_layout(grid, project)
    assert layout.people[["full_name", "reason"]].values.tolist() == [["Nguyễn Hữu Lộc", "Nằm viện"],
                                                                      ["Lê Thị Sen", "Đi công tác"]]
    assert (counts(layout)["total_staff"], counts(layout)["participants"]) == (4, 2)


def test_a_participants_count_in_a_shared_figures_header_is_no_tick_column(project):
    grid = [["Tổng số CBCCVC", "Số tham gia", "Họ và tên", "Lý do"], [30, 29, "Trần Văn Khoa", "Ốm"]]
    layout = read_layout(grid, project)
    assert layout.people["full_name"].tolist() == ["Trần Văn Khoa"] and counts(layout)["participants"] == 29


@pytest.mark.parametrize("stt, name", [
    (1, "Trần Văn Khoa\nPhạm Thị Thu"),  # one STT number: one person, however the name cell is broken
    (None, "Nguyễn Thị\nThanh Hương"),  # a line ending in a middle name is half a name
])
def test_wrapped_cells_with_as_many_lines_stay_one_person(project, stt, name):
    grid = [["STT", "Họ và tên", "Chức vụ", "Lý do"], [stt, name, "Chuyên viên\nphụ trách", "Nghỉ chế độ\nthai sản"]]
    people, *_ = find_people(grid, project)
    assert people[["full_name", "position", "reason"]].values.tolist() == [
        [" ".join(name.split()), "Chuyên viên phụ trách", "Nghỉ chế độ thai sản"]]


def test_roster_marked_in_a_results_column_and_a_ticked_gender_column_is_no_roster(project):
    roster = [["STT", "Họ và tên", "Kết quả", "Ghi chú"], [1, "Lại Thế Anh", "Đã thi", None],
              [2, "Bùi Thị Thu Hà", "Chưa thi", "Nghỉ sinh con"], [3, "Đào Thị Lan", "Đã thi", None]]
    layout = read_layout(roster, project)
    assert layout.people["full_name"].tolist() == ["Bùi Thị Thu Hà"]
    assert (counts(layout)["total_staff"], counts(layout)["participants"]) == (3, 2)
    absent = [["STT", "Họ và tên", "Nữ", "Lý do"], [1, "Bùi Thị Thu Hà", "x", "Ốm"], [2, "Đào Thị Lan", "x", "Đi học"]]
    assert read_layout(absent, project).people["full_name"].tolist() == ["Bùi Thị Thu Hà", "Đào Thị Lan"]


@pytest.mark.parametrize("line, total", [
    ("Tổng cộng: 20 người", 20),
    ("Tổng cộng có 2 người không tham gia", None),  # prose, not "word: number"
])
def test_a_total_word_line_above_the_figures_is_the_total_when_no_label_says_it(project, line, total):
    layout = read_layout([["UBND XÃ LÊ LỢI"], [line], ["Số tham gia: 19 người"]], project)
    assert counts(layout)["total_staff"] == total


def test_ditto_marks_repeat_the_cell_above(project):
    grid = [["STT", "Họ và tên", "Chức vụ", "Lý do"], [1, "Hồ Thị Nga", "Giáo viên", "Nghỉ thai sản"],
            [2, "Tô Thị Lan", "nt", "-nt-"], [3, "Vũ Thị Mai", "Nhân viên", '"']]
    people, *_ = find_people(grid, project)
    assert people[["position", "reason"]].values.tolist() == [["Giáo viên", "Nghỉ thai sản"],
                                                             ["Giáo viên", "Nghỉ thai sản"],
                                                             ["Nhân viên", "Nghỉ thai sản"]]


def test_prose_people_parted_by_commas(project):
    grid = [["Số không tham gia: 02 người, cụ thể:"], ["- Ông Quan Văn Bình, diễn viên, đi biểu diễn;"],
            ["- Bà Đàm Thị Thoa, nghỉ thai sản."]]
    layout = read_layout(grid, project)
    assert layout.people[["full_name", "position", "reason"]].values.tolist() == [
        ["Ông Quan Văn Bình", "diễn viên", "đi biểu diễn"], ["Bà Đàm Thị Thoa", "", "nghỉ thai sản"]]


def test_a_text_label_opening_a_new_line_of_the_cell_is_read(project):
    layout = read_layout([["Tổng số CBCCVC: 10 người\nĐơn vị: Phòng Nội vụ\nSố tham gia: 10"]], project)
    assert (layout.fields["unit"].value, counts(layout)["total_staff"], counts(layout)["participants"]) == (
        "Phòng Nội vụ", 10, 10)


@pytest.mark.parametrize("line, total, joined", [
    (["Số lượng tham gia/tổng số CBCCVC: 49/51"], 51, 49),
    (["Số lượng tham gia/tổng số CBCCVV: 49/51"], 51, 49),  # the dispatch's own typing
    (["Số lượng tham gia/tổng số CBCCVC:", "49 / 51 người"], 51, 49),
    (["Số lượng tham gia/tổng số CBCCVC: 49 trên 51"], 51, 49),
    (["Tổng số/tham gia: 51/49"], 51, 49),  # the label names the total first
    (["Số lượng tham gia/tổng số CBCCVC: 1.198/1.234"], 1234, 1198),
])
def test_a_label_naming_two_quantities_fills_both_in_its_order(project, line, total, joined):
    layout = read_layout(LETTERHEAD + [line], project)
    assert (counts(layout)["total_staff"], counts(layout)["participants"]) == (total, joined)


def test_the_two_quantities_label_as_a_table_header(project):
    layout = read_layout(LETTERHEAD + [["Đơn vị", "Số lượng tham gia/tổng số CBCCVC"], ["MN Sao Đỏ", "49/51"]], project)
    assert (counts(layout)["total_staff"], counts(layout)["participants"]) == (51, 49)


def test_two_clauses_across_a_full_stop_are_no_two_quantities_label(project):
    layout = read_layout(LETTERHEAD + [["Có 19 đồng chí đã tham gia. Tổng số CBCCVC: 20 đồng chí."]], project)
    assert (counts(layout)["total_staff"], counts(layout)["participants"]) == (20, 19)
