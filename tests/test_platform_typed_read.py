"""An xlsx export whose header shows in the first bytes of its XML is parsed once, the count fields typed; what
comes out is what the all-text read gives."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

import cchc_analysis.platform.read as platform_read
from cchc_analysis.issues import IssueLog
from cchc_analysis.platform import clean_platform
from cchc_analysis.platform.read import header_keys, header_row_of, xlsx_head_rows
from cchc_analysis.registry import read_registry
from conftest import write_registry_xlsx
from test_platform import REGISTRY

HEADER = ["STT", "Họ và tên", "Số điện thoại", "Đơn vị công tác", "Thời gian nộp bài", "Số câu đúng",
          "Thời gian làm bài", "Dự đoán"]


@pytest.fixture
def units(tmp_path, settings):
    return read_registry(write_registry_xlsx(tmp_path / "units.xlsx", REGISTRY), settings, IssueLog())


def write_sheet(ws, rows, first_row=1, first_column=1):
    for r, values in enumerate(rows, start=first_row):
        for c, value in enumerate(values, start=first_column):
            ws.cell(r, c, value)


def write_exports(folder):
    """Two exports. One with its header in row 3 from column B, under a title, counts as numbers (a duration as a
    fraction of a day) and a second sheet whose duration is text; one whose count columns mix numbers and text, with
    a column-number row, a repeated header, a time cell as the duration and a blank row."""
    folder.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Lượt thi"
    ws.cell(1, 2, "DANH SÁCH THÍ SINH")
    write_sheet(ws, [
        HEADER,
        [1, "Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "20/11/2024 08:00:05", 18, 300, 125000],
        [2, "Trần Bình", "0901 222 333", "Phường Sao Đỏ", "21/11/2024 10:00:00", 19.0, 0.004, None],
    ], first_row=3, first_column=2)
    other = wb.create_sheet("Đợt 2")
    other.append(HEADER)
    other.append([1, "Phạm Minh", "0933444555", "Phòng Nội vụ", "22/11/2024 07:00:00", 20, "4 phút 10 giây", 99])
    wb.save(folder / "xuat.xlsx")
    wb = openpyxl.Workbook()
    write_sheet(wb.active, [
        HEADER,
        [f"({n})" for n in range(1, 9)],
        [1, "Lê Thị Hoa", 987654321, "Phòng TC-KH", "20/11/2024 09:10:00", "17/20", dt.time(0, 5, 30), "125.000"],
        [None] * 8,
        HEADER,
        [2, "Đỗ Văn Cường", "0977111222", "Phòng Nội vụ", "20/11/2024 09:30:00", 16, 200, 130000],
    ])
    wb.save(folder / "xuat_lan_2.xlsx")


def clean(folder, units, settings, out):
    log = IssueLog()
    entries, files = clean_platform(folder, units, settings, log, out)
    return entries, files, log.frame()


def test_typed_read_gives_what_the_all_text_read_gives(tmp_path, units, settings, monkeypatch):
    write_exports(tmp_path / "platform")
    typed_sheets = []
    original = platform_read.typed_sheet
    monkeypatch.setattr(platform_read, "typed_sheet", lambda *a: typed_sheets.append(original(*a)) or typed_sheets[-1])
    typed = clean(tmp_path / "platform", units, settings, tmp_path / "out1")
    assert len(typed_sheets) == 3  # every sheet was read typed
    first, _, mixed = typed_sheets
    assert first.frame["correct"].dtype == "float64"  # counts as numbers where the column holds only them
    assert first.frame["duration"].dtype == "string"  # ... as text where another sheet of the file has text
    assert mixed.frame["correct"].dtype == "string"  # ... and where the column mixes numbers and text
    monkeypatch.setattr(platform_read, "xlsx_head_rows", lambda *a: {})  # no header from the XML: all text
    text = clean(tmp_path / "platform", units, settings, tmp_path / "out2")
    entries = typed[0]
    pd.testing.assert_frame_equal(entries, text[0])
    pd.testing.assert_frame_equal(typed[1], text[1])
    pd.testing.assert_frame_equal(typed[2], text[2])
    by_name = entries.set_index("full_name")
    assert by_name.loc["Nguyễn Văn An", "correct"] == 18 and by_name.loc["Lê Thị Hoa", "correct"] == 17
    assert by_name.loc["Lê Thị Hoa", "duration_s"] == 330 and by_name.loc["Trần Bình", "duration_s"] == 345.6
    assert by_name.loc["Nguyễn Văn An", "prediction"] == 125000 and by_name.loc["Lê Thị Hoa", "prediction"] == 125000
    assert by_name.loc["Phạm Minh", "duration_s"] == 250 and by_name.loc["Đỗ Văn Cường", "correct"] == 16
    # rows of the file, as the analyst sees them
    assert sorted(zip(entries["source_file"], entries["source_row"])) == [
        ("xuat.xlsx", 2), ("xuat.xlsx", 4), ("xuat.xlsx", 5), ("xuat_lan_2.xlsx", 3), ("xuat_lan_2.xlsx", 6)]
    not_attempts = typed[2][typed[2]["code"] == "row_not_attempt"]  # the column-number row and the repeated header
    assert not_attempts["rows_affected"].sum() == 2


def test_head_rows_read_inline_strings_and_rows_without_numbers(tmp_path):
    path = tmp_path / "inline.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})  # writes strings inline, row by row
    ws = wb.add_worksheet("S")
    ws.write_row(0, 0, ["Báo cáo & kết quả"])
    ws.write_row(2, 1, ["Họ và tên", "Số điện thoại", "Đơn vị"])
    ws.write_row(3, 1, ["An", 912345678, "Phòng Nội vụ"])
    wb.close()
    rows = xlsx_head_rows(path, 20)["S"]
    assert rows[0][0] == "Báo cáo & kết quả"
    assert rows[2][1:4] == ["Họ và tên", "Số điện thoại", "Đơn vị"]
    assert rows[3][2] == "912345678"
    from cchc_analysis.config import load_settings
    from test_platform import ROOT

    header, fields = header_row_of(rows, header_keys(load_settings(ROOT / "cchc.toml").platform_columns))
    assert header == 2 and fields["full_name"] == 1 and fields["unit_text"] == 3


def test_a_sheet_whose_first_rows_lie_past_the_first_bytes_is_read_whole(tmp_path, monkeypatch):
    path = tmp_path / "long.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Họ và tên", "Đơn vị"])
    wb.save(path)
    monkeypatch.setattr(platform_read, "HEAD_XML_BYTES", 10)
    monkeypatch.setattr(platform_read, "XML_CHUNK", 8)
    assert xlsx_head_rows(path, 20) == {}


def test_a_true_cell_in_a_count_column_reads_as_no_count_as_in_the_all_text_read(tmp_path, units, settings,
                                                                                   monkeypatch):
    folder = tmp_path / "platform"
    folder.mkdir()
    wb = openpyxl.Workbook()
    write_sheet(wb.active, [
        HEADER,
        [1, "Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "20/11/2024 08:00:05", 18, 300, 125000],
        [2, "Trần Bình", "0901222333", "Phòng Nội vụ", "20/11/2024 09:00:00", True, 200, 130000],
    ])
    wb.save(folder / "xuat.xlsx")
    typed = clean(folder, units, settings, tmp_path / "out1")
    monkeypatch.setattr(platform_read, "xlsx_head_rows", lambda *a: {})  # no header from the XML: all text
    text = clean(folder, units, settings, tmp_path / "out2")
    pd.testing.assert_frame_equal(typed[0], text[0])
    pd.testing.assert_frame_equal(typed[1], text[1])
    pd.testing.assert_frame_equal(typed[2], text[2])
    rows = typed[0].set_index("source_row")
    assert rows.loc[2, "correct"] == 18
    assert pd.isna(rows.loc[3, "correct"])  # TRUE is no count (the coercing typed read made it 1 correct answer)
    assert rows.loc[3, "duration_s"] == 200 and rows.loc[3, "prediction"] == 130000  # the rest of the row is read
