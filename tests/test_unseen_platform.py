"""Platform exports the kit has never seen: layouts, spellings and habits of real exports, read end to end.

Each test writes a real file (openpyxl, xlsxwriter, Windows csv bytes) and says what a person reading it would
count. A case the kit reads wrong is kept as a strict xfail naming the function and rule that cause it.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.config import load_settings
from cchc_analysis.issues import IssueLog
from cchc_analysis.platform import clean_platform
from cchc_analysis.tables import write_table
from cchc_analysis.text import unicode_to_tcvn3
from unseen_platform_maker import (
    FULL_HEADER,
    full_row,
    write_excel_csv,
    write_registry,
    write_titled_xlsx,
    write_two_row_header_xlsx,
    write_xlsxwriter,
)

ROOT = Path(__file__).resolve().parents[1]
TZ = "Asia/Ho_Chi_Minh"
TITLES = ["UBND TỈNH HẢI DƯƠNG", "KẾT QUẢ CUỘC THI TRỰC TUYẾN TÌM HIỂU VỀ CẢI CÁCH HÀNH CHÍNH NĂM 2024"]
SHORT_HEADER = ["STT", "Họ và tên", "Số điện thoại", "Email", "Đơn vị công tác", "Thời gian nộp bài", "Số câu đúng"]


@pytest.fixture
def settings(tmp_path):
    base = load_settings(ROOT / "cchc.toml")
    return base.with_overrides(paths=replace(base.paths, person_key_file=tmp_path / "raw" / ".person_key"))


@pytest.fixture
def units(tmp_path, settings):
    from cchc_analysis.registry import read_registry

    return read_registry(write_registry(tmp_path / "units.xlsx"), settings, IssueLog())


def run(folder, units, settings, out):
    log = IssueLog()
    entries, files = clean_platform(folder, units, settings, log, out)
    return entries, files, log.frame()


def local(*stamps: str) -> list[pd.Timestamp]:
    return list(pd.to_datetime(list(stamps), format="ISO8601").tz_localize(TZ))


def people_by_unit(entries: pd.DataFrame) -> dict[str, int]:
    """Distinct people with an in-window attempt, per resolved unit."""
    counted = entries[entries["in_window"] & entries["unit_code"].notna()]
    return counted.groupby("unit_code")["person_key"].nunique().to_dict()


def short(number, name, phone, email, unit, submitted, correct=20):
    return [number, name, phone, email, unit, submitted, correct]


# ── the full contest header, two merged title rows and a merged group row ─────


def full_export(folder: Path) -> Path:
    rows = [
        full_row(1, "Nguyễn Văn An", "(+84) 912.345.678", "an.nv@gmail.com", "Trường TH Sao Đỏ",
                 "2024-11-20T08:03:00+07:00", "2024-11-20T08:15:30+07:00", "12:30", "18/20", 90, "125.000"),
        full_row(2, "TRẦN THỊ BÌNH", "84-912-345-679", "", "MN Sao Đỏ",
                 "20/11/2024 8:05", "20/11/2024 8:15", "00:10:00", "20/20", 100, "130000", sex="Nữ"),
        full_row(3, "lê văn cường", "0912 345 680", None, "UBND phường Sao Đỏ",
                 45617.5, 45617 + (12 * 3600 + 12 * 60 + 30) / 86400, "12:30", "15/20", 75, 99999),
        full_row(4, "Phạm Thị Dung", "0912345681", "dungpt@haiduong.gov.vn", "Phòng GD&ĐT",
                 "20-11-2024 08:00:00", "20-11-2024 08:15:30", "15:30", "19/20", 95, None, sex="Nữ"),
        full_row(5, "Hoàng Văn Em", "0912345682", None, "TT VH-TT-TT",
                 dt.datetime(2024, 11, 22, 8, 50), dt.datetime(2024, 11, 22, 9, 0), "10:00", "20/20", 100, "120.500"),
        full_row(6, "Đỗ Thị Hoa", "0912345683", None, "Hội CCB TP Chí Linh",
                 "2024-12-13T16:35:00+07:00", "2024-12-13T16:45:00+07:00", "10:00", "20/20", 100, None, sex="Nữ"),
    ]
    groups = [("Thông tin thí sinh", 1, 8), ("Kết quả bài thi", 9, 14)]
    return write_titled_xlsx(folder / "ket_qua_cuoc_thi.xlsx", FULL_HEADER, rows, titles=TITLES, group_row=groups)


def test_full_header_under_merged_titles_and_group_row_reads_every_field(tmp_path, units, settings):
    entries, files, issues = run(full_export(tmp_path / "platform").parent, units, settings, tmp_path / "out")
    assert entries["source_row"].tolist() == [5, 6, 7, 8, 9, 10]  # 2 titles, group row, header on row 4
    assert entries["full_name"].tolist() == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung",
                                             "Hoàng Văn Em", "Đỗ Thị Hoa"]
    assert entries["unit_code"].tolist() == ["THSD", "MNSD", "PSD", "PGDDT", "TTVH", "HCCB"]
    assert entries["correct"].tolist() == [18, 20, 15, 19, 20, 20]
    assert entries["score"].tolist() == [90, 100, 75, 95, 100, 100]
    assert entries["prediction"].tolist()[:3] == [125000, 130000, 99999]
    assert entries["prediction"].tolist()[4] == 120500
    assert files[["rows_read", "rows_kept", "rows_in_issues"]].iloc[0].tolist() == [6, 6, 0]
    assert not issues["code"].isin(["time_unreadable", "unit_unmatched", "unit_ambiguous"]).any()


def test_iso_offset_day_first_serial_dashed_and_native_times_are_local_times(tmp_path, units, settings):
    entries, _, _ = run(full_export(tmp_path / "platform").parent, units, settings, tmp_path / "out")
    assert str(entries["submitted_at"].dt.tz) == TZ
    assert entries["submitted_at"].tolist() == local("2024-11-20 08:15:30", "2024-11-20 08:15:00",
                                                     "2024-11-21 12:12:30", "2024-11-20 08:15:30",
                                                     "2024-11-22 09:00:00", "2024-12-13 16:45:00")
    assert entries["started_at"].tolist() == local("2024-11-20 08:03:00", "2024-11-20 08:05:00",
                                                   "2024-11-21 12:00:00", "2024-11-20 08:00:00",
                                                   "2024-11-22 08:50:00", "2024-12-13 16:35:00")
    # the last was submitted 15 minutes after the link closed at 16:30
    assert entries["in_window"].tolist() == [True, True, True, True, True, False]


def test_duration_as_minutes_seconds_or_hours_minutes_seconds(tmp_path, units, settings):
    entries, _, _ = run(full_export(tmp_path / "platform").parent, units, settings, tmp_path / "out")
    assert entries["duration_s"].tolist() == [750, 600, 750, 930, 600, 600]


def test_birth_date_sex_phone_and_email_never_reach_the_written_entries(tmp_path, units, settings):
    out = tmp_path / "out"
    entries, _, _ = run(full_export(tmp_path / "platform").parent, units, settings, out)
    write_table(entries, "entries", out)
    text = (out / "entries.csv").read_text(encoding="utf-8-sig")
    assert not re.search(r"\d{3}[ .\-]?\d{3}[ .\-]?\d{3}", text)  # no phone in any spelling
    assert "@" not in text and "1985" not in text and "Nữ" not in text
    assert entries["person_key"].str.fullmatch(r"[a-p]{20}").all()


def test_people_per_unit_count_each_person_once_in_the_window(tmp_path, units, settings):
    entries, _, _ = run(full_export(tmp_path / "platform").parent, units, settings, tmp_path / "out")
    assert people_by_unit(entries) == {"THSD": 1, "MNSD": 1, "PSD": 1, "PGDDT": 1, "TTVH": 1}


# ── a two-row header: "Thời gian" merged over "Bắt đầu | Kết thúc" ────────────


def test_two_row_header_with_time_merged_over_start_and_end_is_read(tmp_path, units, settings):
    top = ["STT", "Họ và tên", "Số điện thoại", "Đơn vị", "Thời gian", None, "Kết quả", None]
    bottom = [None, None, None, None, "Bắt đầu", "Kết thúc", "Số câu đúng", "Điểm"]
    rows = [[1, "Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "20/11/2024 08:00", "20/11/2024 08:12", 18, 90],
            [2, "Lê Thị Bình", "0912345679", "Phòng Nội vụ", "21/11/2024 09:00", "21/11/2024 09:10", 20, 100]]
    write_two_row_header_xlsx(tmp_path / "platform" / "hai_dong_tieu_de.xlsx", top, bottom, rows, titles=TITLES)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["submitted_at"].tolist() == local("2024-11-20 08:12", "2024-11-21 09:10")
    assert entries["correct"].tolist() == [18, 20]
    assert entries["in_window"].tolist() == [True, True]


# ── people: phones spelled three ways, a person once with a phone and once by e-mail only ──


def test_phone_with_brackets_dashes_and_spaces_is_one_person(tmp_path, units, settings):
    rows = [short(1, "Nguyễn Văn An", "(+84) 912.345.678", None, "Phòng Nội vụ", "20/11/2024 08:00", 15),
            short(2, "Nguyễn Văn An", "84-912-345-678", None, "Phòng Nội vụ", "21/11/2024 08:00", 17),
            short(3, "Nguyễn Văn An", "0912 345 678", None, "Phòng Nội vụ", "22/11/2024 08:00", 19)]
    write_titled_xlsx(tmp_path / "platform" / "a.xlsx", SHORT_HEADER, rows)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["person_key"].nunique() == 1
    assert entries["attempt_no"].tolist() == [1, 2, 3]
    assert entries["best_attempt"].tolist() == [False, False, True]


def test_same_person_with_phone_once_and_email_only_later_is_one_person(tmp_path, units, settings):
    # a person reading this sees one teacher: same name, same unit, same e-mail
    rows = [short(1, "Vũ Thị Lan", "0912345690", "lanvt@gmail.com", "Trường Mầm non Sao Đỏ", "20/11/2024 08:00", 14),
            short(2, "Vũ Thị Lan", None, "LanVT@gmail.com", "Trường Mầm non Sao Đỏ", "25/11/2024 20:00", 20)]
    write_titled_xlsx(tmp_path / "platform" / "a.xlsx", SHORT_HEADER, rows)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert people_by_unit(entries) == {"MNSD": 1}
    assert entries["attempt_no"].tolist() == [1, 2]


def test_same_name_in_two_units_without_phone_or_email_is_two_people(tmp_path, units, settings):
    rows = [short(1, "Nguyễn Thị Hà", None, None, "Trường Mầm non Sao Đỏ", "20/11/2024 08:00"),
            short(2, "Nguyễn Thị Hà", None, None, "Trường Tiểu học Sao Đỏ", "20/11/2024 09:00")]
    write_titled_xlsx(tmp_path / "platform" / "a.xlsx", SHORT_HEADER, rows)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert people_by_unit(entries) == {"MNSD": 1, "THSD": 1}


# ── typed units: abbreviations, shared place names, outside bodies, NFD and TCVN3 ──


def typed_units_export(folder: Path) -> Path:
    typed = [
        ("Trường TH Sao Đỏ", 2), ("MN Sao Đỏ", 1), ("UBND phường Sao Đỏ", 2), ("sao đỏ", 3),
        ("CA tỉnh Hải Dương", 2), ("Phòng GD&ĐT", 1), ("phòng giáo dục", 1), ("TT VH-TT-TT", 1),
        ("Hội CCB TP Chí Linh", 1), (unicodedata.normalize("NFD", "Trường Tiểu học Sao Đỏ"), 1),
        (unicodedata.normalize("NFD", "Trường THCS Sao Đỏ"), 1), (unicode_to_tcvn3("Trường Mầm non Sao Đỏ"), 1),
    ]
    rows, number = [], 0
    for unit, count in typed:
        for _ in range(count):
            number += 1
            rows.append(short(number, f"Người Thi {number}", f"09123450{number:02d}", None, unit,
                              f"20/11/2024 10:{number:02d}"))
    return write_titled_xlsx(folder / "don_vi_go_tay.xlsx", SHORT_HEADER, rows, titles=TITLES[:1])


def test_typed_unit_spellings_resolve_to_their_registry_units(tmp_path, units, settings):
    entries, _, _ = run(typed_units_export(tmp_path / "platform").parent, units, settings, tmp_path / "out")
    # "phòng giáo dục": every word in one Phòng's name only (issue 12), so two people for Phòng GD&ĐT
    assert people_by_unit(entries) == {"THSD": 3, "MNSD": 2, "PSD": 2, "PGDDT": 2, "TTVH": 1, "HCCB": 1,
                                       "THCSSD": 1}
    assert entries["unit_text"].map(lambda s: unicodedata.is_normalized("NFC", s)).all()
    assert "Trường Mầm non Sao Đỏ" in set(entries["unit_text"])  # TCVN3 bytes read as Unicode


def test_shared_place_name_and_outside_body_give_one_issue_per_text_and_a_partial_name_resolves(tmp_path, units,
                                                                                               settings):
    out = tmp_path / "out"
    entries, _, issues = run(typed_units_export(tmp_path / "platform").parent, units, settings, out)
    ambiguous = issues[issues["code"] == "unit_ambiguous"]
    unmatched = issues[issues["code"] == "unit_unmatched"]
    assert ambiguous["rows_affected"].tolist() == [3]
    assert '"sao đỏ"' in ambiguous["message"].iloc[0]
    assert all(code in ambiguous["message"].iloc[0] for code in ("PSD", "MNSD", "THSD", "THCSSD"))
    assert ambiguous["row"].tolist() == [8]  # title, header, then 5 rows before the first "sao đỏ"
    assert dict(zip(unmatched["message"].str.extract(r'"([^"]+)"')[0], unmatched["rows_affected"])) == {
        "CA tỉnh Hải Dương": 2}
    assert entries["unit_code"].isna().sum() == 5
    aliases = pd.read_csv(out / "unit_aliases.csv", encoding="utf-8-sig")
    assert aliases.loc[aliases["text"] == "sao đỏ", "rows"].tolist() == [3]
    assert aliases.loc[aliases["text"] == "phòng giáo dục", ["unit_code", "method"]].values.tolist() == [
        ["PGDDT", "partial"]]


def test_pinned_alias_settles_a_partial_name_without_code_changes(tmp_path, units, settings):
    pinned = settings.with_overrides(platform_aliases={"phòng giáo dục": "PGDDT", "sao đỏ": "PSD"})
    entries, _, issues = run(typed_units_export(tmp_path / "platform").parent, units, pinned, tmp_path / "out")
    assert people_by_unit(entries)["PGDDT"] == 2
    assert people_by_unit(entries)["PSD"] == 5
    assert not issues["code"].eq("unit_ambiguous").any()


# ── an xlsxwriter export: native date cells, a blank line inside, a total line under the table ──


def platform_download(folder: Path, numbered: bool = True) -> Path:
    """Four attempts and a blank line; a total line under the table, in the first column (STT, or the name)."""
    rows = [short(1, "Nguyễn Văn An", "0912345678", None, "Phòng Nội vụ", dt.datetime(2024, 11, 18, 7, 29, 59), 10),
            short(2, "Nguyễn Văn An", "0912345678", None, "Phòng Nội vụ", dt.datetime(2024, 11, 18, 7, 30), 16),
            None,
            short(3, "Trần Thị Bình", "0987654321", None, "Phòng Nội vụ", dt.datetime(2024, 12, 13, 16, 30), 20),
            short(4, "Lê Văn Cường", "0977000111", None, "Phường Cộng Hòa", dt.datetime(2024, 11, 30, 22, 15, 5), 18)]
    header, footer = SHORT_HEADER, [[""], ["Tổng cộng: 1.234 lượt thi"]]
    if not numbered:  # no STT column: the total line then sits under the names
        header, rows = header[1:], [row and row[1:] for row in rows]
    return write_xlsxwriter(folder / "export_platform.xlsx", header, rows, titles=TITLES[1:], footer=footer)


def test_native_date_cells_and_window_edges_from_a_web_export(tmp_path, units, settings):
    entries, _, _ = run(platform_download(tmp_path / "platform").parent, units, settings, tmp_path / "out")
    named = entries[entries["full_name"] != ""].head(4)
    assert named["submitted_at"].tolist() == local("2024-11-18 07:29:59", "2024-11-18 07:30:00",
                                                   "2024-12-13 16:30:00", "2024-11-30 22:15:05")
    assert named["in_window"].tolist() == [False, True, True, True]
    assert named["source_row"].tolist() == [3, 4, 6, 7]  # the blank line 5 is no attempt


def test_total_line_in_the_number_column_is_no_attempt(tmp_path, units, settings):
    entries, files, _ = run(platform_download(tmp_path / "platform").parent, units, settings, tmp_path / "out")
    assert len(entries) == 4
    assert people_by_unit(entries) == {"PNV": 2, "PCH": 1}
    assert files["rows_kept"].tolist() == [4]


def test_total_line_under_the_names_is_no_attempt(tmp_path, units, settings):
    folder = platform_download(tmp_path / "platform", numbered=False).parent
    entries, files, _ = run(folder, units, settings, tmp_path / "out")
    assert entries["full_name"].tolist() == ["Nguyễn Văn An", "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert files["rows_kept"].tolist() == [4]


# ── Excel's csv on Vietnamese Windows: semicolons, Windows-1258, CRLF ──


def test_excel_csv_in_windows_1258_with_semicolons_reads_names_units_and_times(tmp_path, units, settings):
    lines = [["DANH SÁCH THÍ SINH THAM GIA CUỘC THI", "", "", "", "", "", ""],
             SHORT_HEADER,
             ["1", "Nguyễn Thị Hường", "0912 345 678", "", "Trung tâm Văn hóa, Thông tin và Thể thao",
              "20/11/2024 8:15", "18"],
             ["2", "Đặng Quốc Việt", "912345679", "", "Phường Cộng Hoà", "5/12/2024 14:03", "20"],
             ["", "", "", "", "", "", ""],
             ["3", "Ngô Thị Thuỷ", "", "thuy.nt@gmail.com", "Xã Hoàng Hoa Thám", "13/12/2024 16:31", "19"]]
    write_excel_csv(tmp_path / "platform" / "ket_qua.csv", lines)
    entries, files, issues = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["full_name"].tolist() == ["Nguyễn Thị Hường", "Đặng Quốc Việt", "Ngô Thị Thuỷ"]
    assert entries["unit_code"].tolist() == ["TTVH", "PCH", "XHHT"]
    assert entries["submitted_at"].tolist() == local("2024-11-20 08:15", "2024-12-05 14:03", "2024-12-13 16:31")
    assert entries["in_window"].tolist() == [True, True, False]
    assert entries["source_row"].tolist() == [3, 4, 6]
    assert files[["rows_read", "rows_kept", "rows_in_issues"]].iloc[0].tolist() == [3, 3, 0]
    assert not issues["code"].isin(["time_unreadable", "unit_unmatched", "unknown_encoding"]).any()


# ── two downloads: the second repeats part of the first (a cumulative export) ──


def test_second_download_repeating_rows_of_the_first_counts_each_attempt_once(tmp_path, units, settings):
    folder = tmp_path / "platform"
    week_1 = [short(1, "Nguyễn Văn An", "0912345678", None, "Phòng Nội vụ", "20/11/2024 08:00:00", 15),
              short(2, "Trần Thị Bình", "0912345679", None, "Phòng Nội vụ", "21/11/2024 09:30:00", 20),
              short(3, "Lê Văn Cường", "0912345680", None, "Phường Sao Đỏ", "22/11/2024 10:00:00", 18)]
    write_titled_xlsx(folder / "tuan_1.xlsx", SHORT_HEADER, week_1)
    # the cumulative csv download of week 2: the same attempts spelled as the csv spells them, and two new ones
    week_2 = [SHORT_HEADER,
              ["1", "TRẦN THỊ BÌNH", "+84 912 345 679", "", "Phòng Nội vụ", "21/11/2024 09:30", "20"],
              ["2", "Lê Văn Cường", "0912.345.680", "", "Phường Sao Đỏ", "2024-11-22 10:00:00", "18"],
              ["3", "Nguyễn Văn An", "0912345678", "", "Phòng Nội vụ", "27/11/2024 08:00:00", "19"],
              ["4", "Phạm Thị Dung", "0912345681", "", "Phường Sao Đỏ", "28/11/2024 15:00:00", "20"]]
    write_excel_csv(folder / "tuan_2.csv", week_2)
    entries, files, issues = run(folder, units, settings, tmp_path / "out")
    assert len(entries) == 5
    assert people_by_unit(entries) == {"PNV": 2, "PSD": 2}
    duplicate = issues[issues["code"] == "entry_duplicate"]
    assert duplicate[["source_file", "rows_affected", "row"]].values.tolist() == [["tuan_2.csv", 2, 2]]
    assert files.set_index("source_file")[["rows_read", "rows_kept", "rows_in_issues"]].to_dict("index") == {
        "tuan_1.xlsx": {"rows_read": 3, "rows_kept": 3, "rows_in_issues": 0},
        "tuan_2.csv": {"rows_read": 4, "rows_kept": 2, "rows_in_issues": 2}}
    an = entries[entries["full_name"] == "Nguyễn Văn An"]
    assert an["attempt_no"].tolist() == [1, 2] and an["best_attempt"].tolist() == [False, True]


# ── a TCVN3 name typed in an old-font workbook ──


def test_names_typed_in_tcvn3_or_nfd_are_one_person_with_the_unicode_spelling(tmp_path, units, settings):
    rows = [short(1, unicode_to_tcvn3("Nguyễn Thị Hường"), None, None, "Phòng Nội vụ", "20/11/2024 08:00", 12),
            short(2, unicodedata.normalize("NFD", "Nguyễn Thị Hường"), None, None, "Phòng Nội vụ",
                  "21/11/2024 08:00", 16)]
    write_titled_xlsx(tmp_path / "platform" / "a.xlsx", SHORT_HEADER, rows)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["full_name"].tolist() == ["Nguyễn Thị Hường", "Nguyễn Thị Hường"]
    assert entries["person_key"].nunique() == 1


# ── more export kinds: the web page saved as .xls, Excel 97, a UTF-8 csv with quoted commas ──


def four_attempts() -> list[list]:
    return [short(1, "Nguyễn Văn An", "0912345678", None, "Phòng Nội vụ", "20/11/2024 08:15:30", 18),
            short(2, "Trần Thị Bình", "0912345679", None, "Trường Mầm non Sao Đỏ", "21/11/2024 09:00:00", 20),
            short(3, "Lê Văn Cường", "0912345680", None, "Trung tâm Văn hóa, Thông tin và Thể thao",
                  "22/11/2024 10:00:00", 17),
            short(4, "Nguyễn Văn An", "0912345678", None, "Phòng Nội vụ", "23/11/2024 11:00:00", 20)]


def test_web_page_saved_as_xls_is_read_like_a_workbook(tmp_path, units, settings):
    from unseen_platform_maker import write_html_xls

    write_html_xls(tmp_path / "platform" / "DanhSachThiSinh.xls", SHORT_HEADER, four_attempts(), title=TITLES[1])
    entries, files, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert people_by_unit(entries) == {"PNV": 1, "MNSD": 1, "TTVH": 1}
    assert entries["attempt_no"].tolist() == [1, 1, 1, 2]
    assert files["rows_kept"].tolist() == [4]


def test_excel_97_export_with_date_cells_is_read(tmp_path, units, settings):
    from unseen_platform_maker import write_xls

    rows = four_attempts()
    rows[0][5] = dt.datetime(2024, 11, 20, 8, 15, 30)
    rows[1][5] = 45617.375  # 21/11/2024 09:00 as a bare serial
    write_xls(tmp_path / "platform" / "export.xls", SHORT_HEADER, rows, titles=TITLES)
    entries, _, issues = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["submitted_at"].tolist() == local("2024-11-20 08:15:30", "2024-11-21 09:00", "2024-11-22 10:00",
                                                     "2024-11-23 11:00")
    assert entries["source_row"].tolist() == [4, 5, 6, 7]
    assert people_by_unit(entries) == {"PNV": 1, "MNSD": 1, "TTVH": 1}
    assert not issues["code"].isin(["time_unreadable", "unit_unmatched"]).any()


def test_utf8_csv_with_quoted_commas_and_upper_case_starred_headers(tmp_path, units, settings):
    folder = tmp_path / "platform"
    folder.mkdir()
    text = ("\ufeffHỌ VÀ TÊN (*),SỐ ĐIỆN THOẠI (*),Email,\"ĐƠN VỊ CÔNG TÁC\",Thời gian nộp bài,Số câu đúng\r\n"
            "Nguyễn Văn An,0912345678,,\"Trung tâm Văn hóa, Thông tin và Thể thao\",2024-11-20 08:15:30,18\r\n"
            "\"Trần Thị Bình\",'0912345679,binh@gmail.com,\"Phòng Văn hóa, Thông tin\",2024-11-21 09:00:00,20\r\n")
    (folder / "google_form.csv").write_text(text, encoding="utf-8", newline="")
    entries, _, issues = run(folder, units, settings, tmp_path / "out")
    assert entries["full_name"].tolist() == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert entries["unit_code"].tolist() == ["TTVH", "PVHTT"]
    assert entries["submitted_at"].tolist() == local("2024-11-20 08:15:30", "2024-11-21 09:00")


# ── a province-wide export: every district has a Phòng Nội vụ ──


def test_province_export_counts_only_the_citys_rows(tmp_path, units, settings):
    header = ["STT", "Họ và tên", "Số điện thoại", "Huyện/Thị xã/Thành phố", "Đơn vị công tác", "Thời gian nộp bài",
              "Số câu đúng"]
    rows = [[1, "Nguyễn Văn An", "0912345678", "Thành phố Chí Linh", "Phòng Nội vụ", "20/11/2024 08:00", 18],
            [2, "Trần Văn Bảo", "0912345600", "Thành phố Hải Dương", "Phòng Nội vụ", "20/11/2024 08:30", 19],
            [3, "Lê Thị Chi", "0912345601", "Huyện Nam Sách", "Phòng Nội vụ", "20/11/2024 09:00", 20],
            [4, "Phạm Thị Dung", "0912345602", "Thành phố Chí Linh", "Phường Sao Đỏ", "20/11/2024 09:30", 20]]
    write_titled_xlsx(tmp_path / "platform" / "toan_tinh.xlsx", header, rows, titles=TITLES)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert people_by_unit(entries) == {"PNV": 1, "PSD": 1}


# ── a column-number row under the header, as office tables carry ──


def test_column_number_row_under_the_header_is_no_attempt(tmp_path, units, settings):
    rows = [["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"]] + four_attempts()
    write_titled_xlsx(tmp_path / "platform" / "bieu_mau.xlsx", SHORT_HEADER, rows, titles=TITLES)
    entries, files, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert len(entries) == 4
    assert files["rows_kept"].tolist() == [4]


# ── phones as people really type them ──


def test_country_code_typed_with_the_leading_zero_is_the_same_phone(tmp_path, units, settings):
    rows = [short(1, "Nguyễn Văn An", "0912345678", None, "Phòng Nội vụ", "20/11/2024 08:00"),
            short(2, "Nguyễn Văn An", "+84 0912 345 678", None, "Phòng Nội vụ", "21/11/2024 08:00")]
    write_titled_xlsx(tmp_path / "platform" / "a.xlsx", SHORT_HEADER, rows)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["person_key"].nunique() == 1


def test_two_phones_in_one_cell_keep_the_first(tmp_path, units, settings):
    rows = [short(1, "Nguyễn Văn An", "0912345678", None, "Phòng Nội vụ", "20/11/2024 08:00"),
            short(2, "Nguyễn Văn An", "0912345678 - 0987654321", None, "Phòng Nội vụ", "21/11/2024 08:00")]
    write_titled_xlsx(tmp_path / "platform" / "a.xlsx", SHORT_HEADER, rows)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["person_key"].nunique() == 1


# ── times as other machines write them ──


def test_offset_after_a_space_and_milliseconds_are_read(tmp_path, units, settings):
    rows = [short(1, "Nguyễn Văn An", "0912345678", None, "Phòng Nội vụ", "2024-11-20 08:15:30 +07:00"),
            short(2, "Trần Thị Bình", "0912345679", None, "Phòng Nội vụ", "2024-11-20 08:15:30.250"),
            short(3, "Lê Văn Cường", "0912345680", None, "Phòng Nội vụ", "2024-11-20T01:15:30.000Z")]
    write_titled_xlsx(tmp_path / "platform" / "a.xlsx", SHORT_HEADER, rows)
    entries, _, issues = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["submitted_at"].dt.floor("s").tolist() == local(*["2024-11-20 08:15:30"] * 3)
    assert "time_unreadable" not in issues["code"].tolist()


def test_month_first_times_from_english_excel_are_read_month_first(tmp_path, units, settings):
    lines = [SHORT_HEADER,
             ["1", "Nguyễn Văn An", "0912345678", "", "Phòng Nội vụ", "11/20/2024 8:15:30 AM", "18"],
             ["2", "Trần Thị Bình", "0912345679", "", "Phòng Nội vụ", "11/25/2024 2:05:00 PM", "20"],
             ["3", "Lê Văn Cường", "0912345680", "", "Phòng Nội vụ", "12/05/2024 14:05", "20"]]
    write_excel_csv(tmp_path / "platform" / "a.csv", lines)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["submitted_at"].tolist() == local("2024-11-20 08:15:30", "2024-11-25 14:05", "2024-12-05 14:05")


def duration_export(folder: Path, durations: list) -> Path:
    header = SHORT_HEADER + ["Thời gian làm bài"]
    rows = [short(n, f"Người Thi {n}", f"09123456{n:02d}", None, "Phòng Nội vụ", "20/11/2024 08:15") + [value]
            for n, value in enumerate(durations, start=1)]
    return write_titled_xlsx(folder / "a.xlsx", header, rows)


def test_duration_in_words_or_hours_minutes_seconds(tmp_path, units, settings):
    folder = duration_export(tmp_path / "platform", ["12 phút 35 giây", "0:12:35", "12:35", 755]).parent
    entries, _, _ = run(folder, units, settings, tmp_path / "out")
    assert entries["duration_s"].tolist() == [755, 755, 755, 755]


def test_duration_as_an_excel_time_cell(tmp_path, units, settings):
    folder = duration_export(tmp_path / "platform", [dt.time(0, 12, 35)]).parent
    entries, _, _ = run(folder, units, settings, tmp_path / "out")
    assert entries["duration_s"].tolist() == [755]


def test_duration_written_12p35s_is_twelve_minutes_and_35_seconds(tmp_path, units, settings):
    folder = duration_export(tmp_path / "platform", ["12p35s", "12m35s"]).parent
    entries, _, _ = run(folder, units, settings, tmp_path / "out")
    assert entries["duration_s"].tolist() == [755, 755]


# ── typed units that name bodies of another city, or the unit with its parent after it ──


def units_typed(folder: Path, texts: list[str]) -> Path:
    rows = [short(n, f"Người Thi {n}", f"09123457{n:02d}", None, text, "20/11/2024 10:00")
            for n, text in enumerate(texts, start=1)]
    return write_titled_xlsx(folder / "a.xlsx", SHORT_HEADER, rows)


def test_bodies_sharing_a_name_or_place_but_outside_the_registry_stay_unmatched(tmp_path, units, settings):
    # another city's Interior office (TP = thành phố), the ward's police, clinic and a private kindergarten,
    # the province's upper-secondary school: none is a unit of the registry, though each shares words with one
    outside = ["Phòng Nội vụ TP Hải Dương", "Phòng Nội vụ thành phố Hải Dương", "Công an phường Sao Đỏ",
               "Trạm Y tế phường Sao Đỏ", "Mầm non tư thục Sao Đỏ", "Trường THPT Chí Linh", "Sở Nội vụ"]
    entries, _, issues = run(units_typed(tmp_path / "platform", outside).parent, units, settings, tmp_path / "out")
    assert entries["unit_code"].isna().all()
    assert issues.loc[issues["code"] == "unit_unmatched", "rows_affected"].tolist() == [1] * 7


def test_unit_typed_with_its_parent_body_after_it_is_the_unit(tmp_path, units, settings):
    typed = ["Phòng Nội vụ - UBND thành phố Chí Linh", "Trường Mầm non Sao Đỏ - Phòng GD&ĐT Chí Linh"]
    entries, _, _ = run(units_typed(tmp_path / "platform", typed).parent, units, settings, tmp_path / "out")
    assert entries["unit_code"].tolist() == ["PNV", "MNSD"]


# ── the header printed again on every page, a summary sheet, weekly sheets ──


def test_header_repeated_inside_the_data_is_no_attempt(tmp_path, units, settings):
    rows = four_attempts()
    write_titled_xlsx(tmp_path / "platform" / "in_trang.xlsx", SHORT_HEADER, rows[:2] + [SHORT_HEADER] + rows[2:],
                      titles=TITLES)
    entries, files, issues = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert len(entries) == 4
    assert "unit_unmatched" not in issues["code"].tolist()


def test_weekly_sheets_are_stacked_and_a_summary_sheet_is_skipped(tmp_path, units, settings):
    import openpyxl

    path = tmp_path / "platform" / "theo_tuan.xlsx"
    path.parent.mkdir(parents=True)
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "Tổng hợp"
    summary.append(["THỐNG KÊ SỐ LƯỢT THI THEO ĐƠN VỊ"])
    summary.append(["STT", "Đơn vị", "Số lượt thi", "Số người thi"])
    summary.append([1, "Phòng Nội vụ", 3, 2])
    summary.append([2, "Trường Mầm non Sao Đỏ", 1, 1])
    attempts = four_attempts()
    for title, rows in (("Tuần 1", attempts[:2]), ("Tuần 2", attempts[2:])):
        ws = wb.create_sheet(title)
        ws.append([f"DANH SÁCH THÍ SINH {title.upper()}"])
        ws.append(SHORT_HEADER)
        for row in rows:
            ws.append(row)
    wb.save(path)
    entries, files, issues = run(path.parent, units, settings, tmp_path / "out")
    assert entries["sheet"].tolist() == ["Tuần 1", "Tuần 1", "Tuần 2", "Tuần 2"]
    assert entries["source_row"].tolist() == [3, 4, 3, 4]
    assert people_by_unit(entries) == {"PNV": 1, "MNSD": 1, "TTVH": 1}
    assert issues.loc[issues["code"] == "sheet_skipped", "sheet"].tolist() == ["Tổng hợp"]
    assert files["rows_kept"].tolist() == [4]


def test_day_and_hour_in_two_columns_make_the_submission_time(tmp_path, units, settings):
    header = ["STT", "Họ và tên", "Số điện thoại", "Đơn vị", "Ngày thi", "Giờ nộp bài", "Số câu đúng"]
    rows = [[1, "Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "20/11/2024", "08:15:30", 18],
            [2, "Trần Thị Bình", "0912345679", "Phòng Nội vụ", "13/12/2024", "16:45:00", 20]]
    write_titled_xlsx(tmp_path / "platform" / "a.xlsx", header, rows)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["submitted_at"].tolist() == local("2024-11-20 08:15:30", "2024-12-13 16:45:00")
    assert entries["in_window"].tolist() == [True, False]


# ── a Google Forms quiz (the city's own contest form), and Excel's "Unicode text" saved as .xls ──


def test_google_forms_quiz_sheet_with_timestamp_and_points_out_of_total(tmp_path, units, settings):
    header = ["Dấu thời gian", "Điểm số", "Họ và tên", "Số điện thoại", "Đơn vị công tác", "Câu 1. Cơ quan nào…"]
    rows = [["20/11/2024 8:15:30", "18 / 20", "Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "Ủy ban nhân dân"],
            ["13/12/2024 16:29:59", "20 / 20", "Trần Thị Bình", "0912345679", "MN Sao Đỏ", "Ủy ban nhân dân"]]
    write_titled_xlsx(tmp_path / "platform" / "Cuộc thi CCHC (Câu trả lời).xlsx", header, rows)
    entries, _, issues = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["submitted_at"].tolist() == local("2024-11-20 08:15:30", "2024-12-13 16:29:59")
    assert entries["score"].tolist() == [18, 20]
    assert entries["in_window"].tolist() == [True, True]
    assert people_by_unit(entries) == {"PNV": 1, "MNSD": 1}
    assert entries["source_file"].tolist() == ["Cuộc thi CCHC (Câu trả lời).xlsx"] * 2


def test_excel_unicode_text_saved_as_xls_is_read(tmp_path, units, settings):
    folder = tmp_path / "platform"
    folder.mkdir()
    lines = ["\t".join(SHORT_HEADER)] + ["\t".join("" if v is None else str(v) for v in row) for row in four_attempts()]
    (folder / "ket_qua.xls").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-16"))  # BOM + UTF-16 LE
    entries, _, issues = run(folder, units, settings, tmp_path / "out")
    assert entries["full_name"].tolist() == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Nguyễn Văn An"]
    assert people_by_unit(entries) == {"PNV": 1, "MNSD": 1, "TTVH": 1}


def test_csv_copy_that_lost_the_seconds_repeats_no_attempt(tmp_path, units, settings):
    folder = tmp_path / "platform"
    week_1 = [short(1, "Trần Thị Bình", "0912345679", None, "Phòng Nội vụ", "21/11/2024 09:30:17", 20),
              short(2, "Lê Văn Cường", "0912345680", None, "Phường Sao Đỏ", "22/11/2024 10:00:42", 18)]
    write_titled_xlsx(folder / "tuan_1.xlsx", SHORT_HEADER, week_1)
    write_excel_csv(folder / "tuan_1_excel.csv", [SHORT_HEADER,
                    ["1", "Trần Thị Bình", "912345679", "", "Phòng Nội vụ", "21/11/2024 9:30", "20"],
                    ["2", "Lê Văn Cường", "912345680", "", "Phường Sao Đỏ", "22/11/2024 10:00", "18"]])
    entries, _, issues = run(folder, units, settings, tmp_path / "out")
    assert len(entries) == 2
    assert issues.loc[issues["code"] == "entry_duplicate", "rows_affected"].tolist() == [2]


def test_same_name_and_unit_once_with_phone_once_without_is_one_person(tmp_path, units, settings):
    rows = [short(1, "Vũ Thị Lan", "0912345690", None, "Trường Mầm non Sao Đỏ", "20/11/2024 08:00", 14),
            short(2, "VŨ THỊ LAN", None, None, "MN Sao Đỏ", "25/11/2024 20:00", 20)]
    write_titled_xlsx(tmp_path / "platform" / "a.xlsx", SHORT_HEADER, rows)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert people_by_unit(entries) == {"MNSD": 1}


def test_name_typed_without_accents_and_no_phone_is_the_same_person(tmp_path, units, settings):
    rows = [short(1, "Nguyễn Văn Hùng", None, None, "Phường Cộng Hòa", "20/11/2024 08:00", 14),
            short(2, "nguyen van hung", None, None, "Phường Cộng Hòa", "21/11/2024 08:00", 19)]
    write_titled_xlsx(tmp_path / "platform" / "a.xlsx", SHORT_HEADER, rows)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert people_by_unit(entries) == {"PCH": 1}
    assert entries["attempt_no"].tolist() == [1, 2]


def test_data_lines_ending_with_an_extra_delimiter_keep_their_columns(tmp_path, units, settings):
    folder = tmp_path / "platform"
    folder.mkdir()
    text = ("Họ và tên;Số điện thoại;Đơn vị;Thời gian nộp bài;Số câu đúng\n"
            "Nguyễn Văn An;0912345678;Phòng Nội vụ;20/11/2024 08:15:30;18;\n"
            "Trần Thị Bình;0912345679;Phường Sao Đỏ;21/11/2024 09:00:00;20;\n")
    (folder / "export.csv").write_text(text, encoding="utf-8")
    entries, _, _ = run(folder, units, settings, tmp_path / "out")
    assert entries["full_name"].tolist() == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert entries["unit_code"].tolist() == ["PNV", "PSD"]
    assert entries["correct"].tolist() == [18, 20]
    assert entries["submitted_at"].tolist() == local("2024-11-20 08:15:30", "2024-11-21 09:00")


def test_unit_typed_with_another_citys_parent_after_it_stays_unmatched(tmp_path, units, settings):
    typed = ["Phòng Nội vụ - UBND thành phố Hải Dương", "Trường Mầm non Sao Đỏ (TP Chí Linh)"]
    entries, _, issues = run(units_typed(tmp_path / "platform", typed).parent, units, settings, tmp_path / "out")
    assert entries["unit_code"].fillna("").tolist() == ["", "MNSD"]
    assert issues.loc[issues["code"] == "unit_unmatched", "rows_affected"].tolist() == [1]


def test_csv_copy_without_seconds_and_one_unreadable_time_still_repeats_no_attempt(tmp_path, units, settings):
    folder = tmp_path / "platform"
    write_titled_xlsx(folder / "tuan_1.xlsx", SHORT_HEADER,
                      [short(1, "Trần Thị Bình", "0912345679", None, "Phòng Nội vụ", "21/11/2024 09:30:17", 20)])
    write_excel_csv(folder / "tuan_1_excel.csv", [SHORT_HEADER,
                    ["1", "Trần Thị Bình", "912345679", "", "Phòng Nội vụ", "21/11/2024 9:30", "20"],
                    ["2", "Lê Văn Cường", "912345680", "", "Phường Sao Đỏ", "chưa nộp", "0"]])
    entries, _, issues = run(folder, units, settings, tmp_path / "out")
    assert entries["source_file"].tolist() == ["tuan_1.xlsx", "tuan_1_excel.csv"]
    assert entries["full_name"].tolist() == ["Trần Thị Bình", "Lê Văn Cường"]
    assert issues.loc[issues["code"] == "entry_duplicate", "rows_affected"].tolist() == [1]
