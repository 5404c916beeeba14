"""Registry of units and the name → unit_code matcher, on small real xlsx files."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from cchc_analysis.config import load_settings
from cchc_analysis.issues import IssueLog
from cchc_analysis.registry import RegistryError, UnitMatcher, parse_headcount, read_registry

HEADER = ["Mã đơn vị", "Tên đơn vị", "Khối", "Tổng số CBCCVC", "Tên gọi khác"]
UNITS = [
    ["P01", "Phường Sao Đỏ", "Xã, phường", 30, ""],
    ["MN01", "Trường Mầm non Sao Đỏ", "Trường học", 25, ""],
    ["TH01", "Trường Tiểu học Sao Đỏ", "Trường học", 28, ""],
    ["THTHCS01", "Trường TH&THCS Hoàng Tân", "Trường học", 35, ""],
    ["THCS01", "Trường THCS Chu Văn An", "Trường học", 40, ""],
    ["PNV", "Phòng Nội vụ", "Phòng chuyên môn", 8, ""],
    ["PTCKH", "Phòng Tài chính - Kế hoạch", "Phòng chuyên môn", 10, "Phòng TC-KH; TC-KH"],
    ["PGD", "Phòng Giáo dục và Đào tạo", "Phòng chuyên môn", 12, "Phòng GD&ĐT"],
    ["TTGDNN", "Trung tâm GDNN-GDTX", "Đơn vị sự nghiệp", 20, ""],
    ["HCCB", "Hội Cựu chiến binh", "Đoàn thể", 4, ""],
]


def write_xlsx(path, rows, sheet="Đơn vị"):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


@pytest.fixture(scope="module")
def settings():
    return load_settings()


@pytest.fixture(scope="module")
def units(tmp_path_factory, settings):
    path = write_xlsx(tmp_path_factory.mktemp("reg") / "units.xlsx", [HEADER, *UNITS])
    return read_registry(path, settings, IssueLog())


@pytest.fixture(scope="module")
def matcher(units, settings):
    return UnitMatcher(units, settings)


def code_of(matcher, text):
    return matcher.match(text).unit_code


# -- reading the registry -----------------------------------------------------------------


def test_registry_reads_every_unit_with_its_columns(units):
    assert len(units) == 10
    row = units.set_index("unit_code").loc["PTCKH"]
    assert row["unit_name"] == "Phòng Tài chính - Kế hoạch"
    assert row["group"] == "Phòng chuyên môn"
    assert row["staff_registry"] == 10
    assert row["other_names"] == "Phòng TC-KH; TC-KH"
    assert row["name_key"] == "phong tai chinh ke hoach"
    assert str(units["staff_registry"].dtype) == "Int64"


def test_registry_kind_tells_th_thcs_from_th_and_thcs(units):
    kinds = units.set_index("unit_code")["kind"]
    assert kinds[["P01", "MN01", "TH01", "THTHCS01", "THCS01", "PNV", "TTGDNN", "HCCB"]].tolist() == [
        "phuong", "mam_non", "tieu_hoc", "th_thcs", "thcs", "phong", "trung_tam", "hoi"]


def test_header_under_title_rows_is_found(tmp_path, settings):
    rows = [["DANH SÁCH ĐƠN VỊ THAM GIA CUỘC THI"], [], ["(Kèm theo Kế hoạch số 12/KH-UBND)"], HEADER, *UNITS[:2]]
    log = IssueLog()
    units = read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, log)
    assert units["unit_code"].tolist() == ["P01", "MN01"]
    assert log.rows == []


def test_missing_registry_file_raises(tmp_path, settings):
    with pytest.raises(RegistryError, match="not found"):
        read_registry(tmp_path / "khong_co.xlsx", settings, IssueLog())


def test_registry_without_header_raises(tmp_path, settings):
    path = write_xlsx(tmp_path / "u.xlsx", [["Số", "Tên"], [1, "Phường Sao Đỏ"]])
    with pytest.raises(RegistryError, match="header"):
        read_registry(path, settings, IssueLog())


def test_registry_with_header_only_raises(tmp_path, settings):
    path = write_xlsx(tmp_path / "u.xlsx", [HEADER, ["", "", "", "", ""]])
    with pytest.raises(RegistryError):
        read_registry(path, settings, IssueLog())


def test_text_file_named_xlsx_raises_registry_error(tmp_path, settings):
    path = tmp_path / "units.xlsx"
    path.write_text("Mã đơn vị,Tên đơn vị\n", encoding="utf-8")
    with pytest.raises(RegistryError):
        read_registry(path, settings, IssueLog())


def test_duplicate_code_is_an_error_and_first_row_kept(tmp_path, settings):
    rows = [HEADER, ["P01", "Phường Sao Đỏ", "Khối A", 30, ""], ["PNV", "Phòng Nội vụ", "Khối A", 8, ""],
            ["P01", "Phường Cộng Hòa", "Khối A", 22, ""]]
    log = IssueLog()
    units = read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, log)
    assert units.set_index("unit_code").loc["P01", "unit_name"] == "Phường Sao Đỏ"
    issues = log.frame()
    assert issues[["code", "severity", "row", "unit_code", "rows_affected", "sheet", "source_file"]].values.tolist() == [
        ["registry_duplicate_code", "error", 4, "P01", 1, "Đơn vị", "u.xlsx"]]
    assert "dòng 2" in issues["message"][0]


def test_blank_code_row_is_dropped_with_an_error_naming_the_row(tmp_path, settings):
    rows = [HEADER, ["P01", "Phường Sao Đỏ", "Khối A", 30, ""], [None, "Phường Cộng Hòa", "Khối A", 22, ""]]
    log = IssueLog()
    units = read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, log)
    assert units["unit_code"].tolist() == ["P01"]
    assert [(r["code"], r["row"], r["rows_affected"]) for r in log.rows] == [("registry_blank_code", 3, 1)]
    assert "Phường Cộng Hòa" in log.rows[0]["message"]


def test_headcount_typed_as_text_is_read_and_blank_or_wordy_ones_are_issues(tmp_path, settings):
    rows = [HEADER, ["P01", "Phường Sao Đỏ", "Khối A", "25 người", ""], ["PNV", "Phòng Nội vụ", "Khối A", "8", ""],
            ["HCCB", "Hội Cựu chiến binh", "Khối A", "chưa rõ", ""], ["MN01", "Trường Mầm non Sao Đỏ", "Khối A", None, ""]]
    log = IssueLog()
    units = read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, log)
    assert units["staff_registry"].tolist() == [25, 8, pd.NA, pd.NA]
    assert [(r["code"], r["severity"], r["row"], r["unit_code"]) for r in log.rows] == [
        ("registry_bad_headcount", "warning", 4, "HCCB"), ("registry_bad_headcount", "warning", 5, "MN01")]
    assert "chưa rõ" in log.rows[0]["message"] and "không có tổng số CBCCVC" in log.rows[1]["message"]


def test_unit_without_a_group_is_warned(tmp_path, settings):
    rows = [HEADER, ["P01", "Phường Sao Đỏ", "Xã, phường", 30, ""], ["PNV", "Phòng Nội vụ", "", 8, ""]]
    log = IssueLog()
    units = read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, log)
    assert units["group"].tolist() == ["Xã, phường", ""]
    assert [(r["code"], r["severity"], r["row"], r["unit_code"]) for r in log.rows] == [
        ("registry_blank_group", "warning", 3, "PNV")]


@pytest.mark.parametrize("dropped, named", [("Tổng số CBCCVC", "Tổng số CBCCVC"), ("Khối", "Khối")])
def test_registry_without_a_column_the_rules_need_stops_naming_column_and_file(tmp_path, settings, dropped, named):
    keep = [i for i, h in enumerate(HEADER) if h != dropped]
    rows = [[row[i] for i in keep] for row in [HEADER, *UNITS]]
    path = write_xlsx(tmp_path / "don_vi.xlsx", rows)
    with pytest.raises(RegistryError) as caught:
        read_registry(path, settings, IssueLog())
    assert "don_vi.xlsx" in str(caught.value) and f'thiếu cột "{named}"' in str(caught.value)


def test_numeric_code_reads_without_decimal(tmp_path, settings):
    rows = [HEADER, [101, "Phường Sao Đỏ", "", 30, ""]]
    units = read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, IssueLog())
    assert units["unit_code"].tolist() == ["101"]


@pytest.mark.parametrize("value,expected", [
    (25, 25), (25.0, 25), ("25", 25), ("25 người", 25), ("25.0", 25), ("1.250", 1250), ("25,5", None), (-3, None),
    ("abc", None), (True, None),
])
def test_parse_headcount(value, expected):
    assert parse_headcount(value) == expected


# -- matching typed names --------------------------------------------------------------------


@pytest.mark.parametrize("text,code,method", [
    ("Phường Sao Đỏ", "P01", "exact"),
    ("phuong sao do", "P01", "exact"),
    ("PHƯỜNG SAO ĐỎ", "P01", "exact"),
    ("phong noi vu", "PNV", "exact"),
    ("Phòng TC-KH", "PTCKH", "exact"),
    ("UBND P.Sao Đỏ", "P01", "abbreviation"),
    ("THCS Chu Văn An", "THCS01", "abbreviation"),
    ("th&thcs hoàng tân", "THTHCS01", "abbreviation"),
    ("Phòng TCKH", "PTCKH", "abbreviation"),
    ("MN Sao Đỏ", "MN01", "abbreviation"),
    ("Tiểu học Sao Đỏ", "TH01", "abbreviation"),
    ("TT GDNN-GDTX", "TTGDNN", "abbreviation"),
    ("Hội CCB", "HCCB", "abbreviation"),
    ("Phòng Nội vụ TP Chí Linh", "PNV", "abbreviation"),
    ("Phòng Nội vụ thành phố Chí Linh, tỉnh Hải Dương", "PNV", "abbreviation"),
])
def test_typed_names_resolve(matcher, text, code, method):
    m = matcher.match(text)
    assert (m.unit_code, m.method) == (code, method)


def test_one_letter_typo_is_fuzzy_matched(matcher):
    m = matcher.match("Phòng Tài chín - Kế hoạch")
    assert (m.unit_code, m.method) == ("PTCKH", "fuzzy")
    assert 90 <= m.score < 100


def test_kind_must_agree(matcher):
    # "Xã Sao Đỏ" shares the place with the ward and both schools but names a kind none of them is
    assert matcher.match("Xã Sao Đỏ").method == "unmatched"
    assert matcher.match("Trung học cơ sở Sao Đỏ").method == "unmatched"
    assert code_of(matcher, "Mầm non Sao Đỏ") == "MN01"
    # the combined school is neither a primary nor a lower secondary school
    assert [matcher.match(t).method for t in ["Trường TH Hoàng Tân", "THCS Hoàng Tân", "Tiểu học Hoàng Tân"]] == [
        "unmatched"] * 3
    assert code_of(matcher, "Trường TH và THCS Hoàng Tân") == "THTHCS01"


def test_shared_place_without_kind_is_ambiguous_with_the_three_candidates(matcher):
    m = matcher.match("Sao Đỏ")
    assert (m.unit_code, m.method, m.candidates) == (None, "ambiguous", ["MN01", "P01", "TH01"])


@pytest.mark.parametrize("text", [
    "Công an tỉnh Hải Dương", "UBND huyện Nam Sách", "Phòng Nội vụ huyện Kinh Môn", "Phong noi vu huyen Kinh Mon", "",
])
def test_bodies_outside_the_registry_stay_unmatched(matcher, text):
    m = matcher.match(text)
    assert (m.unit_code, m.method) == (None, "unmatched")


def test_pinned_alias_wins(units, settings):
    pinned = settings.with_overrides(platform_aliases={"Sao Đỏ": "P01", "phong nv": "PNV"})
    m = UnitMatcher(units, pinned)
    assert (m.match("SAO ĐỎ").unit_code, m.match("SAO ĐỎ").method) == ("P01", "alias")
    assert m.match("Phòng NV").unit_code == "PNV"


def test_close_scores_of_two_units_are_ambiguous(tmp_path, settings):
    rows = [HEADER, ["A", "Phòng Kinh tế", "", 5, ""], ["B", "Phòng Kinh tế hạ tầng", "", 5, ""]]
    units = read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, IssueLog())
    strict = settings.with_overrides(fuzzy_min_score=60, fuzzy_margin=30)
    m = UnitMatcher(units, strict).match("Phòng Kinh tế hạ")
    assert (m.method, m.candidates) == ("ambiguous", ["A", "B"])


def test_match_many_gives_one_row_per_distinct_text_as_given(matcher):
    frame = matcher.match_many(["phong noi vu", "Sao Đỏ", "phong noi vu", "  phong   noi vu ", None])
    assert frame.columns.tolist() == ["text", "unit_code", "method", "score", "candidates"]
    assert frame["text"].tolist() == ["phong noi vu", "Sao Đỏ", "  phong   noi vu ", None]
    assert frame["unit_code"].tolist() == ["PNV", None, "PNV", None]
    assert frame["method"].tolist() == ["exact", "ambiguous", "exact", "unmatched"]


def test_alias_pins_outside_and_unknown_codes_are_set_aside(units, settings):
    pinned = settings.with_overrides(platform_aliases={"Phường Sao Đỏ": "", "phong nv": "KHONG_CO"})
    m = UnitMatcher(units, pinned)
    assert (m.match("PHƯỜNG SAO ĐỎ").unit_code, m.match("PHƯỜNG SAO ĐỎ").method) == (None, "alias")
    assert m.match("phong nv").method == "unmatched"
    assert m.unknown_aliases == {"phong nv": "KHONG_CO"}


# -- the unit of a return -------------------------------------------------------------------


def test_unit_line_under_parent_letterhead_decides(matcher):
    lines = ["UBND THÀNH PHỐ CHÍ LINH", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "TRƯỜNG MẦM NON SAO ĐỎ",
             "Sao Đỏ, ngày 16 tháng 12 năm 2024", "BÁO CÁO", "Kính gửi: Phòng Nội vụ thành phố Chí Linh"]
    m = matcher.find_in_lines(lines)
    assert (m.unit_code, m.method) == ("MN01", "text")


def test_parent_body_is_the_unit_when_nothing_else_is_named(matcher):
    m = matcher.find_in_lines(["UBND THÀNH PHỐ CHÍ LINH", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "BÁO CÁO Kết quả tham gia"])
    assert m.unit_code == "PGD"


def test_unit_named_inside_the_title_line(matcher):
    lines = ["UBND THÀNH PHỐ CHÍ LINH", "BÁO CÁO Kết quả tham gia cuộc thi của Trường Tiểu học Sao Đỏ",
             "Nơi nhận:", "- Phòng Nội vụ;"]
    assert matcher.find_in_lines(lines).unit_code == "TH01"


def test_unit_line_with_label_and_abbreviation(matcher):
    assert matcher.find_in_lines(["Đơn vị: MN Sao Đỏ", "Tổng số CBCCVC: 25"]).unit_code == "MN01"


def test_place_without_kind_in_a_return_is_ambiguous(matcher):
    m = matcher.find_in_lines(["Đơn vị: Sao Đỏ"])
    assert (m.method, m.candidates) == ("ambiguous", ["MN01", "P01", "TH01"])


def test_two_units_named_in_one_return_is_ambiguous(matcher):
    m = matcher.find_in_lines(["Đơn vị: Phường Sao Đỏ", "Trường THCS Chu Văn An"])
    assert (m.unit_code, m.method, m.candidates) == (None, "ambiguous", ["P01", "THCS01"])


def test_return_naming_no_unit_is_unmatched(matcher):
    assert matcher.find_in_lines(["BÁO CÁO", "Kết quả tham gia cuộc thi"]).method == "unmatched"


def test_typo_that_moves_a_word_in_sort_order_is_still_matched(tmp_path, settings):
    rows = [HEADER, ["TTPTQD", "Trung tâm Phát triển quỹ đất", "", 12, ""], ["TTDVNN", "Trung tâm Dịch vụ nông nghiệp", "", 9, ""]]
    units = read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, IssueLog())
    m = UnitMatcher(units, settings).match("Trung tâm Phát ttriển quỹ đất")
    assert (m.unit_code, m.method) == ("TTPTQD", "fuzzy")


def test_typo_inside_the_city_words_is_still_matched(tmp_path, settings):
    rows = [HEADER, ["VP", "Văn phòng HĐND và UBND thành phố", "", 20, ""]]
    units = read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, IssueLog())
    assert UnitMatcher(units, settings).match("Văn phòng HĐND và UBND thàành phố").unit_code == "VP"


def test_district_named_in_the_registry_is_not_outside(tmp_path, settings):
    rows = [HEADER, ["KM_PNV", "Phòng Nội vụ Kinh Môn", "", 9, ""], ["KM_X1", "UBND xã An Bình Kinh Môn", "", 20, ""]]
    units = read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, IssueLog())
    matcher = UnitMatcher(units, settings)
    assert matcher.match("Phòng Nội vụ huyện Kinh Môn").unit_code == "KM_PNV"
    assert matcher.match("UBND X. An Bình Kinh Môn").unit_code == "KM_X1"
    assert matcher.match("UBND huyện Nam Sách").method == "unmatched"


def test_national_motto_line_does_not_name_a_ward(tmp_path, settings):
    rows = [HEADER, ["P_CH", "Phường Cộng Hòa", "", 20, ""], ["MN_CH", "Trường Mầm non Cộng Hòa", "", 20, ""]]
    units = read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, IssueLog())
    matcher = UnitMatcher(units, settings)
    lines = ["UBND THÀNH PHỐ CHÍ LINH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "TRƯỜNG MẦM NON CỘNG HÒA"]
    assert matcher.find_in_lines(lines).unit_code == "MN_CH"
    assert matcher.find_in_lines(lines[:3]).method == "unmatched"


def test_header_with_unit_suffix_and_other_names_cleaned(tmp_path, settings):
    header = ["STT", "Mã ĐV", "Tên đơn vị", "Khối", "Tổng số CBCCVC (người)", "Tên gọi khác"]
    rows = [header, [1, " PNV ", "Phòng  Nội vụ", "Phòng", 8, " Phòng NV ;; Nội vụ ;"]]
    units = read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, IssueLog())
    assert units[["unit_code", "unit_name", "staff_registry", "other_names"]].values.tolist() == [
        ["PNV", "Phòng Nội vụ", 8, "Phòng NV; Nội vụ"]]


def test_noise_before_the_kind_does_not_reach_a_longer_name(tmp_path, settings):
    rows = [HEADER, ["THCS_CVA", "Trường THCS Chu Văn An", "", 40, ""], ["THCS_VA", "Trường THCS Văn An", "", 33, ""]]
    units = read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, IssueLog())
    matcher = UnitMatcher(units, settings)
    assert matcher.match("BC CCHC Truong THCS Van An").unit_code != "THCS_CVA"
    assert matcher.match("THCS Văn An").unit_code == "THCS_VA"
    assert matcher.match("Trường THCS Chu Văn Ann").unit_code == "THCS_CVA"


def test_slip_in_the_lead_word_is_forgiven_but_trung_tam_is_not_truong(matcher):
    assert code_of(matcher, "Trườnng Mầm non Sao Đỏ") == "MN01"
    assert code_of(matcher, "UBBND P. Sao Đỏ") == "P01"
    assert code_of(matcher, "Trung tâm GDNN GDTX") == "TTGDNN"


def test_kind_word_alone_names_no_unit(matcher):
    assert matcher.match("Trường THCS").method == "unmatched"
    assert matcher.match("Phòng").method == "unmatched"


def test_section_headings_fill_the_group_and_are_not_units(tmp_path, settings):
    header = ["STT", "Mã đơn vị", "Tên đơn vị", "Tổng số CBCCVC", "Tên gọi khác"]
    merged = "I. KHỐI PHÒNG, BAN CHUYÊN MÔN"
    rows = [header, [merged] * 5, [1, "PNV", "Phòng Nội vụ", 8, None], [2, "PTP", "Phòng Tư pháp", 6, None],
            ["II", "II", "Khối xã, phường", None, None], [1, "P01", "Phường Sao Đỏ", 30, None]]
    log = IssueLog()
    units = read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, log)
    assert units[["unit_code", "group"]].values.tolist() == [
        ["PNV", "KHỐI PHÒNG, BAN CHUYÊN MÔN"], ["PTP", "KHỐI PHÒNG, BAN CHUYÊN MÔN"], ["P01", "Khối xã, phường"]]
    assert [(r["code"], r["row"], r["severity"]) for r in log.rows] == [
        ("registry_section_row", 2, "info"), ("registry_section_row", 5, "info")]


def test_unit_without_code_is_still_an_error_not_a_heading(tmp_path, settings):
    rows = [HEADER, [None, "Phòng Tư pháp", "Phòng chuyên môn", None, None], ["PNV", "Phòng Nội vụ", "Khối A", 8, ""]]
    log = IssueLog()
    read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, log)
    assert [r["code"] for r in log.rows] == ["registry_blank_code"]


def test_two_units_sharing_a_name_are_warned(tmp_path, settings):
    rows = [HEADER, ["A", "Trường Mầm non Hoa Sen", "Khối A", 20, ""], ["B", "Trường mầm non Hoa Sen", "Khối A", 22, ""]]
    log = IssueLog()
    units = UnitMatcher(read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, log), settings)
    assert [(r["code"], r["row"], r["unit_code"]) for r in log.rows] == [("registry_duplicate_name", 3, "B")]
    assert units.match("MN Hoa Sen").candidates == ["A", "B"]


def test_body_quoted_in_a_reference_line_does_not_outvote_the_unit(matcher):
    lines = ["TRƯỜNG TIỂU HỌC SAO ĐỎ", "Thực hiện Hướng dẫn số 05/HD-PNV của Phòng Nội vụ thành phố",
             "Căn cứ Kế hoạch của Phòng Tài chính - Kế hoạch"]
    assert matcher.find_in_lines(lines).unit_code == "TH01"
    assert matcher.find_in_lines(lines[1:2]).unit_code == "PNV"  # the last resort when nothing else names one


def test_distribution_list_names_recipients_not_the_sender(matcher):
    lines = ["BÁO CÁO", "Nơi nhận:", "- Phòng Nội vụ;", "- Lưu: VT."]
    assert matcher.find_in_lines(lines).method == "unmatched"


def test_registry_as_csv_reads_the_same(tmp_path, settings):
    path = tmp_path / "units.csv"
    path.write_text("Mã đơn vị,Tên đơn vị,Khối,Tổng số CBCCVC,Tên gọi khác\nPNV,Phòng Nội vụ,Phòng,8,Phòng NV\n",
                    encoding="utf-8-sig")
    units = read_registry(path, settings, IssueLog())
    assert units[["unit_code", "unit_name", "staff_registry", "other_names"]].values.tolist() == [
        ["PNV", "Phòng Nội vụ", 8, "Phòng NV"]]


def test_named_sheet_is_the_one_read(tmp_path, settings):
    book = openpyxl.Workbook()
    book.active.title = "Ghi chú"
    book.active.append(HEADER)
    book.active.append(["X", "Phòng cũ", "", 1, ""])
    sheet = book.create_sheet("Danh mục")
    for row in [HEADER, *UNITS[:1]]:
        sheet.append(row)
    book.save(tmp_path / "u.xlsx")
    units = read_registry(tmp_path / "u.xlsx", settings.with_overrides(registry_sheet="danh muc"), IssueLog())
    assert units["unit_code"].tolist() == ["P01"]
    with pytest.raises(RegistryError, match="Không có"):
        read_registry(tmp_path / "u.xlsx", settings.with_overrides(registry_sheet="Không có"), IssueLog())


def test_the_city_alone_names_no_unit(tmp_path, settings):
    rows = [HEADER, ["TDOAN", "Thành đoàn Chí Linh", "", 5, "Thành đoàn"]]
    matcher = UnitMatcher(read_registry(write_xlsx(tmp_path / "u.xlsx", rows), settings, IssueLog()), settings)
    assert [matcher.match(t).method for t in ["Chí Linh", "TP Chí Linh", "thanh pho Chi Linh"]] == ["unmatched"] * 3
    assert matcher.match("Thành đoàn TP Chí Linh").unit_code == "TDOAN"


@pytest.mark.parametrize("text", ["Công an phường Sao Đỏ", "Trạm Y tế phường Sao Đỏ", "Công an tỉnh"])
def test_other_bodies_in_a_ward_are_not_the_ward(matcher, text):
    assert matcher.match(text).unit_code is None


@pytest.mark.parametrize("text,code", [("PNV", "PNV"), ("P.TCKH", "PTCKH"), ("hccb", "HCCB"), ("PGDVĐT", "PGD")])
def test_initials_of_one_registry_name_resolve(matcher, text, code):
    m = matcher.match(text)
    assert (m.unit_code, m.method) == (code, "abbreviation")


def test_initials_shared_by_two_names_or_too_short_resolve_nothing(tmp_path, settings):
    path = write_xlsx(tmp_path / "u.xlsx", [["Mã đơn vị", "Tên đơn vị", "Khối", "Tổng số CBCCVC", "Tên gọi khác"],
                                            ["MN1", "Trường Mầm non Sao Đỏ", "Trường học", 20, ""],
                                            ["MN2", "Trường Mầm non Sao Đông", "Trường học", 20, ""],
                                            ["PNV", "Phòng Nội vụ", "Phòng chuyên môn", 8, ""]])
    matcher = UnitMatcher(read_registry(path, settings, IssueLog()), settings)
    assert matcher.match("TMNSD").unit_code is None
    assert matcher.match("NV").unit_code is None  # two letters: no unit by initials
