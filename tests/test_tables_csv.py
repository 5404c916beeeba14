"""The CSV side of write_table: spelled as an analyst expects in Excel, whatever the column types."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from cchc_analysis.tables import write_table

TZ = "Asia/Ho_Chi_Minh"


def entries_frame() -> pd.DataFrame:
    submitted = pd.Series(pd.to_datetime(["2024-11-20 08:00:00", None, "2024-12-13 16:30:05"])).dt.tz_localize(TZ)
    return pd.DataFrame({
        "person_key": pd.array(["abc", "=cmd|x", None], dtype="string"),
        "full_name": ["Nguyễn Văn An", "+84912", "Lê Thị Hà"],
        "unit_text": ["Phòng Nội vụ", "", "@SUM(A1)"],
        "unit_code": pd.array(["PNV", None, "-PNV"], dtype="string"),
        "submitted_at": submitted,
        "correct": pd.array([17, None, 20], dtype="Int64"),
        "in_window": [True, False, True],
        "attempt_no": [1, 2, 1],
        "best_attempt": pd.array([True, None, False], dtype="boolean"),
        "source_file": ["a.xlsx", "a.xlsx", "b.csv"],
        "source_row": [3, 4, 2],
        "duration_s": [715.5, None, -3.0],
    })


def csv_rows(path) -> list[list[str]]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return [list(frame.columns)] + frame.values.tolist()


def test_times_are_written_in_local_time_with_their_offset(tmp_path):
    write_table(entries_frame(), "entries", tmp_path)
    rows = csv_rows(tmp_path / "entries.csv")
    column = rows[0].index("submitted_at")
    assert [r[column] for r in rows[1:]] == ["2024-11-20 08:00:00+07:00", "", "2024-12-13 16:30:05+07:00"]


def test_flags_counts_and_blanks_read_as_in_pandas(tmp_path):
    write_table(entries_frame(), "entries", tmp_path)
    rows = csv_rows(tmp_path / "entries.csv")
    pick = lambda name: [r[rows[0].index(name)] for r in rows[1:]]  # noqa: E731
    assert pick("in_window") == ["True", "False", "True"]
    assert pick("best_attempt") == ["True", "", "False"]
    assert pick("correct") == ["17", "", "20"]
    assert pick("duration_s") == ["715.5", "", "-3"]
    assert pick("full_name")[0] == "Nguyễn Văn An"


def test_every_text_column_is_defused_but_numbers_are_not(tmp_path):
    write_table(entries_frame(), "entries", tmp_path)
    rows = csv_rows(tmp_path / "entries.csv")
    pick = lambda name: [r[rows[0].index(name)] for r in rows[1:]]  # noqa: E731
    assert pick("person_key") == ["abc", "'=cmd|x", ""]
    assert pick("full_name")[1] == "'+84912"
    assert pick("unit_text")[2] == "'@SUM(A1)"
    assert pick("unit_code")[2] == "'-PNV"
    assert pick("duration_s")[2] == "-3"
    # the parquet keeps the value as it was
    assert pd.read_parquet(tmp_path / "entries.parquet")["full_name"][1] == "+84912"


def test_dates_at_midnight_are_written_as_dates_and_objects_by_their_text(tmp_path):
    returns = pd.DataFrame({
        "source_file": ["a.docx", "b.xls"], "unit_code": ["PNV", "PSD"], "status": ["accepted", "rejected"],
        "report_date": pd.to_datetime(["2024-12-16", None]), "total_staff": [20, 30], "participants": [19, 31],
        "non_participants_listed": [1, 0], "results": ["", ""], "late": [False, True], "sheet": ["", "Sheet1"],
        "file_kind": ["docx", "xls"], "file_mtime": pd.to_datetime(["2024-12-16 08:31:56", "2024-12-17 00:00:00"]),
        "status_reason": [None, "=lỗi"], "saved_on": [dt.date(2024, 12, 16), None],
    })
    write_table(returns, "returns", tmp_path)
    rows = csv_rows(tmp_path / "returns.csv")
    pick = lambda name: [r[rows[0].index(name)] for r in rows[1:]]  # noqa: E731
    assert pick("report_date") == ["2024-12-16", ""]
    assert pick("file_mtime") == ["2024-12-16 08:31:56", "2024-12-17 00:00:00"]
    assert pick("status_reason") == ["", "'=lỗi"]
    assert pick("saved_on") == ["2024-12-16", ""]


def test_empty_table_still_has_its_header(tmp_path):
    write_table(pd.DataFrame(columns=["source_file", "sheet", "row", "severity", "code", "message"]), "issues",
                tmp_path)
    assert (tmp_path / "issues.csv").read_text(encoding="utf-8-sig").splitlines() == [
        '"source_file","sheet","row","severity","code","message"']
