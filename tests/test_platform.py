"""The platform export: real xlsx/csv files in tmp_path → entries, unit aliases, issues, reconciliation."""
from __future__ import annotations

import datetime as dt
import re
import stat
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cchc_analysis.issues import IssueLog
from cchc_analysis.platform import clean_platform, reconcile
from cchc_analysis.sample.people import to_cp1258
from cchc_analysis.tables import write_table
from conftest import write_registry_xlsx

ROOT = Path(__file__).resolve().parents[1]
TZ = "Asia/Ho_Chi_Minh"
HEADER = ["STT", "Họ và tên", "Số điện thoại", "Đơn vị công tác", "Thời gian nộp bài", "Số câu đúng", "Thời gian làm bài"]
REGISTRY = [
    ("PNV", "Phòng Nội vụ", "Phòng chuyên môn", 20, ""),
    ("PTCKH", "Phòng Tài chính - Kế hoạch", "Phòng chuyên môn", 15, "Phòng TC-KH"),
    ("PSD", "Phường Sao Đỏ", "Xã, phường", 30, ""),
    ("MNSD", "Trường Mầm non Sao Đỏ", "Mầm non", 25, ""),
]


@pytest.fixture
def units(tmp_path, settings):
    from cchc_analysis.registry import read_registry

    return read_registry(write_registry_xlsx(tmp_path / "units.xlsx", REGISTRY), settings, IssueLog())


def write_xlsx(path: Path, header: list, rows: list[list], titles: list[str] = ()) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    for title in titles:
        ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def attempt(name, phone, unit, submitted, correct=20, duration=300):
    return [1, name, phone, unit, submitted, correct, duration]




cp1258_bytes = to_cp1258  # the sample writer: Windows-1258 as Vietnamese Windows writes it


def run(folder, units, settings, out):
    log = IssueLog()
    entries, files = clean_platform(folder, units, settings, log, out)
    return entries, files, log.frame()


def test_header_under_title_rows_is_found_by_synonyms(tmp_path, units, settings):
    header = ["TT", "Họ tên", "SĐT", "Cơ quan", "Nộp bài lúc", "Câu đúng", "Thời lượng"]
    rows = [[1, "NGUYỄN văn  an", "0912345678", "Phòng Nội vụ", "18/11/2024 08:00:00", "17", "250"],
            [2, "Lê Thị Bình", "0987654321", "Phòng TC-KH", "19/11/2024 09:30:00", 19, 180]]
    write_xlsx(tmp_path / "platform" / "export.xlsx", header, rows,
               titles=["DANH SÁCH THÍ SINH THAM GIA CUỘC THI", "Thành phố Chí Linh"])
    entries, files, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["full_name"].tolist() == ["Nguyễn Văn An", "Lê Thị Bình"]
    assert entries["unit_code"].tolist() == ["PNV", "PTCKH"]
    assert entries["correct"].tolist() == [17, 19]
    assert entries["duration_s"].tolist() == [250, 180]
    assert entries["source_row"].tolist() == [4, 5]  # two title rows, the header on row 3
    assert entries["source_file"].tolist() == ["export.xlsx", "export.xlsx"]
    assert files[["rows_read", "rows_kept", "rows_in_issues"]].iloc[0].tolist() == [2, 2, 0]


def test_text_iso_serial_and_native_times_are_read_in_local_time(tmp_path, units, settings):
    times = ["18/11/2024 08:00:00", "19/11/2024 09:15", "2024-11-20T10:00:00", 45617.5,
             dt.datetime(2024, 11, 22, 14, 30), "2024-11-23T01:00:00Z"]
    rows = [attempt("Người Số Một", f"09123456{i:02d}", "Phòng Nội vụ", t) for i, t in enumerate(times)]
    write_xlsx(tmp_path / "platform" / "times.xlsx", HEADER, rows)
    entries, _, issues = run(tmp_path / "platform", units, settings, tmp_path / "out")
    expected = pd.to_datetime(["2024-11-18 08:00", "2024-11-19 09:15", "2024-11-20 10:00", "2024-11-21 12:00",
                               "2024-11-22 14:30", "2024-11-23 08:00"]).tz_localize(TZ)
    assert entries["submitted_at"].tolist() == list(expected)
    assert str(entries["submitted_at"].dt.tz) == TZ
    assert "time_unreadable" not in issues["code"].tolist()


def test_csv_with_title_row_semicolons_and_windows_1258(tmp_path, units, settings):
    folder = tmp_path / "platform"
    folder.mkdir()
    text = ("Kết quả cuộc thi;;;;\n"
            "Họ và tên;Điện thoại;Đơn vị;Thời gian nộp;Số câu đúng\n"
            "Trần Văn Hùng;0912 345 678;Phòng Nội vụ;20/11/2024 10:00;18\n"
            "\n"
            "Phạm Thị Lan;0912 345 679;Phường Sao Đỏ;21/11/2024 11:00;20\n")
    (folder / "ket_qua.csv").write_bytes(cp1258_bytes(text))
    entries, files, _ = run(folder, units, settings, tmp_path / "out")
    assert entries["full_name"].tolist() == ["Trần Văn Hùng", "Phạm Thị Lan"]
    assert entries["unit_code"].tolist() == ["PNV", "PSD"]
    assert entries["source_row"].tolist() == [3, 5]  # the blank line 4 is not a data row
    assert files[["rows_read", "rows_kept", "rows_in_issues"]].iloc[0].tolist() == [2, 2, 0]


def test_phone_written_five_ways_is_one_person(tmp_path, units, settings):
    phones = ["+84 912 345 678", "84912345678", "0912.345.678", 912345678, "0084912345678"]
    rows = [attempt("Nguyễn Văn An", p, "Phòng Nội vụ", f"2{i}/11/2024 08:00:00") for i, p in enumerate(phones)]
    write_xlsx(tmp_path / "platform" / "a.xlsx", HEADER, rows)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["person_key"].nunique() == 1
    assert sorted(entries["attempt_no"]) == [1, 2, 3, 4, 5]


def test_same_name_with_different_phones_is_two_people(tmp_path, units, settings):
    rows = [attempt("Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "20/11/2024 08:00:00"),
            attempt("Nguyễn Văn An", "0987654321", "Phòng Nội vụ", "20/11/2024 09:00:00")]
    write_xlsx(tmp_path / "platform" / "a.xlsx", HEADER, rows)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["person_key"].nunique() == 2
    assert entries["attempt_no"].tolist() == [1, 1]


def test_email_then_name_and_unit_identify_people_without_a_phone(tmp_path, units, settings):
    header = ["Họ và tên", "Email", "Đơn vị", "Thời gian nộp bài", "Số câu đúng"]
    rows = [["Lê Văn Cường", "Cuong.LV@gmail.com", "Phòng Nội vụ", "20/11/2024 08:00", 10],
            ["Lê Văn Cường", " cuong.lv@GMAIL.com ", "Phòng Nội vụ", "21/11/2024 08:00", 12],
            ["Đỗ Thị Hoa", "", "Phường Sao Đỏ", "20/11/2024 08:00", 10],
            ["ĐỖ THỊ HOA", None, "phường sao đỏ", "22/11/2024 08:00", 11],
            ["Đỗ Thị Hoa", None, "Phòng Nội vụ", "22/11/2024 09:00", 11]]
    write_xlsx(tmp_path / "platform" / "a.xlsx", header, rows)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    keys = entries["person_key"].tolist()
    assert keys[0] == keys[1]
    assert keys[2] == keys[3]
    assert keys[4] != keys[2]  # same name in another unit is someone else
    assert entries["person_key"].nunique() == 3


def test_attempts_numbered_and_best_is_most_correct_then_quickest_in_window(tmp_path, units, settings):
    rows = [attempt("Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "20/11/2024 08:00:00", 18, 300),
            attempt("Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "19/11/2024 08:00:00", 20, 400),
            attempt("Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "21/11/2024 08:00:00", 20, 350),
            attempt("Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "14/12/2024 08:00:00", 20, 100)]
    write_xlsx(tmp_path / "platform" / "a.xlsx", HEADER, rows)
    entries, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["attempt_no"].tolist() == [2, 1, 3, 4]
    assert entries["best_attempt"].tolist() == [False, False, True, False]
    assert entries["in_window"].tolist() == [True, True, True, False]


def test_window_ends_are_inclusive_and_outside_attempts_count_for_no_one(tmp_path, units, settings):
    rows = [attempt("Người Một", "0911111111", "Phòng Nội vụ", "18/11/2024 07:29:59"),
            attempt("Người Hai", "0922222222", "Phòng Nội vụ", "18/11/2024 07:30:00"),
            attempt("Người Ba", "0933333333", "Phòng Nội vụ", "13/12/2024 16:30:00"),
            attempt("Người Bốn", "0944444444", "Phòng Nội vụ", "13/12/2024 16:30:01"),
            attempt("Người Năm", "0955555555", "Phòng Nội vụ", "không rõ")]
    write_xlsx(tmp_path / "platform" / "a.xlsx", HEADER, rows)
    entries, files, issues = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["in_window"].tolist() == [False, True, True, False, False]
    assert entries["submitted_at"].isna().tolist() == [False, False, False, False, True]
    bad_time = issues[issues["code"] == "time_unreadable"]
    assert bad_time[["rows_affected", "row"]].values.tolist() == [[1, 6]]
    recon = reconcile(units, pd.DataFrame(), entries, settings).set_index("unit_code")
    assert recon.loc["PNV", "participants_platform"] == 2
    assert files["rows_kept"].tolist() == [5]


def test_unmatched_and_ambiguous_unit_texts_give_one_issue_each_with_row_counts(tmp_path, units, settings):
    rows = ([attempt(f"Công An {i}", f"090000000{i}", "Công an tỉnh Hải Dương", "20/11/2024 08:00") for i in range(3)]
            + [attempt(f"Người Sao {i}", f"091000000{i}", "Sao Đỏ", "20/11/2024 08:00") for i in range(2)]
            + [attempt("Người Nội Vụ", "0920000000", "phong noi vu", "20/11/2024 08:00")])
    write_xlsx(tmp_path / "platform" / "a.xlsx", HEADER, rows)
    out = tmp_path / "out"
    entries, _, issues = run(tmp_path / "platform", units, settings, out)
    unmatched = issues[issues["code"] == "unit_unmatched"]
    ambiguous = issues[issues["code"] == "unit_ambiguous"]
    assert unmatched["rows_affected"].tolist() == [3]
    assert "Công an tỉnh Hải Dương" in unmatched["message"].iloc[0]
    assert ambiguous["rows_affected"].tolist() == [2]
    assert "MNSD" in ambiguous["message"].iloc[0] and "PSD" in ambiguous["message"].iloc[0]
    assert entries["unit_code"].isna().sum() == 5
    aliases = pd.read_csv(out / "unit_aliases.csv", encoding="utf-8-sig")
    assert list(aliases.columns) == ["text", "unit_code", "method", "score", "rows", "candidates", "people"]
    assert dict(zip(aliases["text"], aliases["rows"])) == {"Công an tỉnh Hải Dương": 3, "Sao Đỏ": 2, "phong noi vu": 1}
    assert aliases["text"].tolist()[:2] == ["Công an tỉnh Hải Dương", "Sao Đỏ"]  # undecided, most attempts first
    assert dict(zip(aliases["text"], aliases["people"])) == {"Công an tỉnh Hải Dương": 3, "Sao Đỏ": 2, "phong noi vu": 1}
    # an undecided text names up to three likely units with scores, never an empty cell
    proposed = aliases.set_index("text")["candidates"]
    assert 1 <= proposed["Công an tỉnh Hải Dương"].count(" – ") <= 3
    assert re.search(r"PSD – Phường Sao Đỏ \(\d+\)", proposed["Sao Đỏ"])
    assert (out / "unit_aliases.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_no_phone_email_or_id_reaches_the_written_tables(tmp_path, units, settings):
    header = HEADER + ["Email", "Số CCCD"]
    rows = [attempt("Nguyễn Văn An 0912345678", None, "Phòng Nội vụ", "20/11/2024 08:00") + ["an@gmail.com", "030201001234"],
            attempt("Trần Thị Mai", "+84 987 654 321", "Phòng Nội vụ", "20/11/2024 09:00") + ["mai@yahoo.com", "030201005678"]]
    write_xlsx(tmp_path / "platform" / "a.xlsx", header, rows)
    out = tmp_path / "out"
    entries, _, issues = run(tmp_path / "platform", units, settings, out)
    write_table(entries, "entries", out)
    assert entries["full_name"].tolist() == ["Nguyễn Văn An", "Trần Thị Mai"]
    assert issues.loc[issues["code"] == "phone_in_name", "rows_affected"].tolist() == [1]
    csv_text = (out / "entries.csv").read_text(encoding="utf-8-sig")
    parquet_text = pd.read_parquet(out / "entries.parquet").astype(str).to_csv()
    for text in (csv_text, parquet_text):
        assert not re.search(r"\d{9,}", text)
        assert "@" not in text
    assert not {"phone", "email", "id_number"} & set(entries.columns)
    secret = settings.paths.person_key_file.read_text().strip()
    assert secret not in csv_text


def test_key_file_is_created_once_private_and_reused(tmp_path, units, settings):
    write_xlsx(tmp_path / "platform" / "a.xlsx", HEADER,
               [attempt("Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "20/11/2024 08:00")])
    first, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out1")
    key_file = settings.paths.person_key_file
    secret = key_file.read_text()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    second, _, _ = run(tmp_path / "platform", units, settings, tmp_path / "out2")
    assert key_file.read_text() == secret
    assert first["person_key"].tolist() == second["person_key"].tolist()
    other = settings.with_overrides(paths=replace(settings.paths, person_key_file=tmp_path / "other_key"))
    third, _, _ = run(tmp_path / "platform", units, other, tmp_path / "out3")
    assert third["person_key"].tolist() != first["person_key"].tolist()


def test_row_naming_no_one_is_dropped_with_an_issue_and_counted(tmp_path, units, settings):
    rows = [attempt("Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "20/11/2024 08:00"),
            [2, None, None, None, "20/11/2024 09:00", 15, 200],
            [None, None, None, None, None, None, None],
            attempt("Lê Văn Bình", "0912345670", "Phòng Nội vụ", "20/11/2024 10:00")]
    write_xlsx(tmp_path / "platform" / "a.xlsx", HEADER, rows)
    entries, files, issues = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["source_row"].tolist() == [2, 5]
    assert issues.loc[issues["code"] == "entry_without_person", ["row", "rows_affected"]].values.tolist() == [[3, 1]]
    assert files[["rows_read", "rows_kept", "rows_in_issues"]].iloc[0].tolist() == [3, 2, 1]


def test_bad_file_becomes_an_error_issue_and_other_files_are_read(tmp_path, units, settings):
    folder = tmp_path / "platform"
    write_xlsx(folder / "good.xlsx", HEADER, [attempt("Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "20/11/2024 08:00")])
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 this is not really a workbook")
    write_xlsx(folder / "no_header.xlsx", ["a", "b"], [[1, 2]])
    entries, files, issues = run(folder, units, settings, tmp_path / "out")
    assert entries["source_file"].tolist() == ["good.xlsx"]
    errors = issues[issues["severity"] == "error"].set_index("source_file")
    assert set(errors.index) == {"broken.xlsx", "no_header.xlsx"}
    assert errors.loc["no_header.xlsx", "code"] == "no_header"
    assert files.set_index("source_file")["status"].to_dict() == {"broken.xlsx": "error", "good.xlsx": "read",
                                                                   "no_header.xlsx": "error"}


def test_reconcile_flags_units_whose_platform_count_falls_short_beyond_tolerance(units, settings):
    returns = pd.DataFrame({"unit_code": ["PNV", "PTCKH", "PSD", "PSD"],
                            "status": ["accepted", "accepted", "accepted", "superseded"],
                            "participants": [20, 15, 30, 99]})
    people = {"PNV": 17, "PTCKH": 14, "PSD": 31}  # short by 3 (flag), short by 1 (within), over by 1
    entries = pd.DataFrame({
        "person_key": [f"{code}{i}" for code, n in people.items() for i in range(n)] + ["PNV0", "late"],
        "unit_code": [code for code, n in people.items() for _ in range(n)] + ["PNV", "PNV"],
        "in_window": [True] * sum(people.values()) + [True, False],
    })
    recon = reconcile(units, returns, entries, settings).set_index("unit_code")
    assert recon["participants_reported"].tolist()[:3] == [20, 15, 30]
    assert pd.isna(recon.loc["MNSD", "participants_reported"])
    assert recon["participants_platform"].tolist() == [17, 14, 31, 0]
    assert recon["difference"].tolist()[:3] == [-3, -1, 1]
    assert recon["flag"].tolist() == [True, False, False, False]
    assert recon.loc["MNSD", "note"] == "Không có báo cáo được chấp nhận"
    assert recon["staff_registry"].tolist() == [20, 15, 30, 25]


def test_reconcile_without_platform_or_returns_gives_one_row_per_unit(units, settings):
    empty_entries = pd.DataFrame(columns=["person_key", "unit_code", "in_window"])
    empty_returns = pd.DataFrame(columns=["unit_code", "status", "participants"])
    recon = reconcile(units, empty_returns, empty_entries, settings)
    assert recon["unit_code"].tolist() == ["PNV", "PTCKH", "PSD", "MNSD"]
    assert recon["participants_platform"].tolist() == [0, 0, 0, 0]
    assert recon["flag"].tolist() == [False] * 4


def test_person_key_is_the_standard_hmac_sha256_of_the_identity():
    import hashlib
    import hmac

    from cchc_analysis.platform.values import KEY_LENGTH, KEY_LETTERS, person_keys

    identity = pd.Series(["phone:0912345678"], dtype="string")
    for secret in (b"k" * 64, b"short", b"x" * 100):
        expected = hmac.new(secret, "phone:0912345678".encode(), hashlib.sha256).hexdigest()[:KEY_LENGTH]
        assert person_keys(identity, secret).tolist() == [expected.translate(KEY_LETTERS)]


def test_rows_beyond_the_limit_are_cut_with_a_warning(tmp_path, units, settings):
    rows = [attempt(f"Người {i}", f"091234567{i}", "Phòng Nội vụ", "20/11/2024 08:00") for i in range(5)]
    write_xlsx(tmp_path / "platform" / "a.xlsx", HEADER, rows, titles=["KẾT QUẢ"])
    write_xlsx(tmp_path / "platform" / "b.xlsx", HEADER,
               [attempt(f"Người {i}", f"091234567{i}", "Phòng Nội vụ", "21/11/2024 08:00") for i in range(2)])
    limited = settings.with_overrides(limits=replace(settings.limits, max_platform_rows=3))
    entries, files, issues = run(tmp_path / "platform", units, limited, tmp_path / "out")
    assert entries["source_row"].tolist() == [3, 4, 5, 2, 3]
    assert issues.loc[issues["code"] == "rows_cut", "source_file"].tolist() == ["a.xlsx"]


def test_split_name_columns_are_joined_and_blank_units_warned_per_file(tmp_path, units, settings):
    header = ["Họ và tên đệm", "Tên", "Số điện thoại", "Đơn vị", "Thời gian nộp bài"]
    rows = [["NGUYỄN VĂN", "an", "0912345678", "Phòng Nội vụ", "20/11/2024 08:00"],
            ["Lê Thị", "Hồng", "0912345679", None, "20/11/2024 08:00"],
            ["Trần", "Bảo", "0912345670", " ", "20/11/2024 08:00"]]
    write_xlsx(tmp_path / "platform" / "a.xlsx", header, rows)
    entries, _, issues = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["full_name"].tolist() == ["Nguyễn Văn An", "Lê Thị Hồng", "Trần Bảo"]
    blank = issues[issues["code"] == "unit_blank"]
    assert blank[["source_file", "row", "rows_affected"]].values.tolist() == [["a.xlsx", 3, 2]]


def test_the_same_export_given_twice_counts_each_attempt_once(tmp_path, units, settings):
    rows = [attempt("Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "20/11/2024 08:00:00", 18, 300),
            attempt("Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "21/11/2024 08:00:00", 19, 300)]
    write_xlsx(tmp_path / "platform" / "a.xlsx", HEADER, rows)
    write_xlsx(tmp_path / "platform" / "b.xlsx", HEADER, rows[1:])
    entries, files, issues = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert entries["attempt_no"].tolist() == [1, 2]
    assert issues.loc[issues["code"] == "entry_duplicate", ["source_file", "row", "rows_affected"]].values.tolist() == [
        ["b.xlsx", 2, 1]]
    assert files[["rows_read", "rows_kept", "rows_in_issues"]].values.tolist() == [[2, 2, 0], [1, 0, 1]]


def test_a_folder_of_rows_naming_no_one_gives_empty_entries(tmp_path, units, settings):
    write_xlsx(tmp_path / "platform" / "a.xlsx", HEADER, [[1, None, None, None, "20/11/2024 08:00", 3, 10]])
    entries, files, issues = run(tmp_path / "platform", units, settings, tmp_path / "out")
    assert len(entries) == 0
    assert files[["rows_read", "rows_kept", "rows_in_issues"]].values.tolist() == [[1, 0, 1]]
    recon = reconcile(units, pd.DataFrame(), entries, settings)
    assert recon["participants_platform"].tolist() == [0, 0, 0, 0]


def test_exports_read_in_the_background_come_back_in_file_order_with_their_issues(tmp_path, settings):
    from cchc_analysis.platform import ExportReading

    folder = tmp_path / "platform"
    write_xlsx(folder / "a_good.xlsx", HEADER, [attempt("Lê Văn An", "0912345678", "Phòng Nội vụ", "18/11/2024 08:00:00")])
    (folder / "b_broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    write_xlsx(folder / "c_good.xlsx", HEADER,
               [attempt("Trần Thị Bình", "0987654321", "Phòng Nội vụ", "19/11/2024 09:00:00"),
                attempt("Đỗ Văn Cường", "0911222333", "Phường Sao Đỏ", "19/11/2024 10:00:00")])
    (folder / "~$a_good.xlsx").write_bytes(b"lock")
    reading = ExportReading(folder, settings)
    assert [p.name for p in reading.paths] == ["a_good.xlsx", "b_broken.xlsx", "c_good.xlsx"]
    assert [s.source_file for s in reading.skipped] == ["~$a_good.xlsx"]
    rows = {p.name: sum(len(sheet.frame) for sheet in reading.result(p)[0]) for p in reversed(reading.paths)}
    assert rows == {"a_good.xlsx": 1, "b_broken.xlsx": 0, "c_good.xlsx": 2}
    broken_log = reading.result(folder / "b_broken.xlsx")[1]
    assert broken_log.rows and {r["source_file"] for r in broken_log.rows} == {"b_broken.xlsx"}
    assert reading.result(folder / "a_good.xlsx")[1].rows == []


def test_the_issue_log_keeps_registry_returns_platform_order_while_the_export_is_read_early(tmp_path):
    from cchc_analysis.config import load_settings
    from cchc_analysis.pipeline import clean

    raw = tmp_path / "data" / "raw"
    write_registry_xlsx(raw / "units.xlsx", REGISTRY)
    (raw / "returns").mkdir(parents=True)
    (raw / "returns" / "pnv.xlsx").write_bytes(b"PK\x03\x04 not a workbook")  # a returns issue
    (raw / "platform").mkdir(parents=True)
    (raw / "platform" / "export.xlsx").write_bytes(b"PK\x03\x04 not a workbook either")  # a platform issue
    config = tmp_path / "cchc.toml"
    config.write_text((ROOT / "cchc.toml").read_text(encoding="utf-8"), encoding="utf-8")
    clean(load_settings(config))
    issues = pd.read_parquet(tmp_path / "data" / "processed" / "issues.parquet")
    files = issues["source_file"].tolist()
    assert "pnv.xlsx" in files and "export.xlsx" in files
    assert max(i for i, f in enumerate(files) if f == "pnv.xlsx") < min(i for i, f in enumerate(files)
                                                                         if f == "export.xlsx")
