"""A small, hand-built set of processed tables and a cchc.toml pointing at it, for the report tests.

Four units in three groups, worked out by hand:
  U01 Phòng Nội vụ            staff 10, on time, 10 took part            → 100%, "Hoàn thành xuất sắc"
  U02 Phòng Tài chính - Kế hoạch staff 8, on time, 6 took part, 1 thai sản (justified), 1 without reason
                                (a Phó Trưởng phòng)                     → 6/7 = 85,71%, "Hoàn thành"
  U03 Phường Sao Đỏ            staff 20, late, 19 took part, 1 ốm (justified) → 19/19 = 100% but late, "Hoàn thành tốt"
  U04 Trường Mầm non Sao Đỏ    staff 12, its only return rejected        → 0%, "Không hoàn thành"
City: 35 of 50 took part = 70,00%; 2 justified absences deducted → 35/48 = 72,92%.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd

from cchc_analysis.config import DEFAULT_CONFIG, load_settings
from cchc_analysis.tables import write_table

PROJECT = Path(__file__).resolve().parents[1]
NOTEBOOKS = PROJECT / "notebooks"
INJECTION_NAME = '=HYPERLINK("http://example.invalid","Bấm vào đây")'
SCRIPT_NAME = "<script>alert('x')</script>Lê Thị Hoa"
CITY_RATE_TEXT = "70,00%"
CITY_ADJUSTED_TEXT = "72,92%"
TZ = "Asia/Ho_Chi_Minh"


def units_table() -> pd.DataFrame:
    return pd.DataFrame({
        "unit_code": ["U01", "U02", "U03", "U04"],
        "unit_name": ["Phòng Nội vụ", "Phòng Tài chính - Kế hoạch", "Phường Sao Đỏ", "Trường Mầm non Sao Đỏ"],
        "group": ["Phòng chuyên môn", "Phòng chuyên môn", "Xã, phường", "Trường học"],
        "staff_registry": [10, 8, 20, 12],
        "other_names": ["", "Phòng TC-KH", "", "MN Sao Đỏ"],
    })


def returns_table() -> pd.DataFrame:
    rows = [
        # file, unit, status, date, total, participants, listed, late, reason
        ("noi_vu.xlsx", "U01", "superseded", "2024-12-05", 10, 9, 1, False, "Đơn vị đã gửi bản sửa đổi"),
        ("noi_vu_v2.xlsx", "U01", "accepted", "2024-12-10", 10, 10, 0, False, ""),
        ("tckh.docx", "U02", "accepted", "2024-12-16", 8, 6, 2, False, ""),
        ("sao_do.xls", "U03", "accepted", "2024-12-20", 20, 19, 1, True, ""),
        ("mam_non.xlsx", "U04", "rejected", "2024-12-12", None, None, 0, False, "Không tìm thấy số liệu tham gia"),
    ]
    df = pd.DataFrame(rows, columns=["source_file", "unit_code", "status", "report_date", "total_staff",
                                     "participants", "non_participants_listed", "late", "status_reason"])
    df["report_date"] = pd.to_datetime(df["report_date"])
    df["total_staff"] = df["total_staff"].astype("Int64")
    df["participants"] = df["participants"].astype("Int64")
    df["results"] = ""
    df["sheet"] = "Sheet1"
    df["file_kind"] = df["source_file"].str.rsplit(".", n=1).str[-1]
    df["file_mtime"] = pd.Timestamp("2024-12-20 08:00")
    return df


def non_participants_table() -> pd.DataFrame:
    return pd.DataFrame({
        "unit_code": ["U02", "U02", "U03"],
        "full_name": [INJECTION_NAME, SCRIPT_NAME, "Phạm Văn Đức"],
        "position": ["Chuyên viên", "Phó Trưởng phòng", "Công chức Địa chính"],
        "reason": ["Nghỉ thai sản", "", "Ốm, nằm viện"],
        "reason_category": ["maternity", "none", "sickness"],
        "justified": [True, False, True],
        "source_file": ["tckh.docx", "tckh.docx", "sao_do.xls"],
        "source_row": [14, 15, 12],
    })


def entries_table() -> pd.DataFrame:
    # (person, unit, typed unit, local submission time, correct, duration s, in window)
    rows = [
        ("p1", "U01", "Phòng Nội vụ", "2024-11-18 08:00", 20, 300, True),
        ("p2", "U01", "Phòng Nội vụ", "2024-11-19 09:00", 18, 280, True),
        ("p3", "U01", "Phòng Nội vụ", "2024-11-26 10:00", 12, 500, True),
        ("p4", "U02", "phong tckh", "2024-11-20 14:00", 15, 400, True),
        ("p5", "U02", "Phòng TC-KH", "2024-12-02 15:00", 4, 600, True),
        ("p6", "U03", "P. Sao Đỏ", "2024-11-21 07:45", 20, 250, True),
        ("p7", "U03", "P. Sao Đỏ", "2024-12-03 11:00", 19, 260, True),
        ("p8", "U03", "P. Sao Đỏ", "2024-12-13 16:00", 10, 310, True),
        ("p9", "U03", "P. Sao Đỏ", "2024-12-14 09:00", 20, 200, False),
    ]
    df = pd.DataFrame(rows, columns=["person_key", "unit_code", "unit_text", "submitted_at", "correct",
                                     "duration_s", "in_window"])
    df["person_key"] = "k" + df["person_key"]
    df["full_name"] = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Đỗ Thị Dung", "Vũ Văn Em",
                       "Hoàng Thị Giang", "Bùi Văn Hải", "Đặng Thị Hương", "Ngô Văn Khoa"]
    df["submitted_at"] = pd.to_datetime(df["submitted_at"]).dt.tz_localize(TZ)
    df["attempt_no"] = 1
    df["best_attempt"] = df["in_window"]
    df["source_file"] = "ket_qua_thi.xlsx"
    df["source_row"] = range(2, 2 + len(df))
    return df


def reconciliation_table() -> pd.DataFrame:
    return pd.DataFrame({
        "unit_code": ["U01", "U02", "U03", "U04"],
        "staff_registry": [10, 8, 20, 12],
        "participants_reported": pd.array([10, 6, 19, None], dtype="Int64"),
        "participants_platform": [3, 2, 3, 0],
        "difference": pd.array([-7, -4, -16, None], dtype="Int64"),
        "flag": [True, True, True, False],
        "note": ["Trên hệ thống ít hơn báo cáo 7 người: cần kiểm tra",
                 "Trên hệ thống ít hơn báo cáo 4 người: cần kiểm tra",
                 "Trên hệ thống ít hơn báo cáo 16 người: cần kiểm tra",
                 "Không có báo cáo được chấp nhận"],
    })


def issues_table() -> pd.DataFrame:
    return pd.DataFrame({
        "source_file": ["mam_non.xlsx", "sao_do.xls", "ket_qua_thi.xlsx", "hong.xlsx"],
        "sheet": ["Sheet1", "Sheet1", "Sheet1", ""],
        "row": pd.array([None, 3, 11, None], dtype="Int64"),
        "severity": ["error", "warning", "info", "error"],
        "code": ["no_participants", "late_return", "outside_window", "file_truncated"],
        "message": ["Không tìm thấy số người tham gia (no participants figure)",
                    "Báo cáo gửi ngày 20/12/2024, sau hạn 17/12/2024 (late return)",
                    "Lượt thi nộp sau khi cuộc thi kết thúc (attempt outside the contest window)",
                    "Tệp bị cắt cụt, không mở được (truncated file)"],
        "unit_code": ["U04", "U03", "U03", ""],
        "rows_affected": [0, 0, 1, 0],
    })


def files_table() -> pd.DataFrame:
    return pd.DataFrame({
        "source_file": ["units.xlsx", "noi_vu.xlsx", "noi_vu_v2.xlsx", "tckh.docx", "sao_do.xls", "mam_non.xlsx",
                        "hong.xlsx", "ket_qua_thi.xlsx"],
        "folder": ["registry", "returns", "returns", "returns", "returns", "returns", "returns", "platform"],
        "file_kind": ["xlsx", "xlsx", "xlsx", "docx", "xls", "xlsx", "xlsx", "xlsx"],
        "status": ["read", "read", "read", "read", "read", "read", "error", "read"],
        "rows_read": [4, 1, 1, 3, 2, 1, 0, 9],
        "rows_kept": [4, 1, 1, 3, 2, 1, 0, 9],
        "rows_in_issues": [0, 0, 0, 0, 0, 0, 0, 0],
    })


def write_processed(folder: Path) -> Path:
    """Every processed table and unit_aliases, written the one way tables are written."""
    folder.mkdir(parents=True, exist_ok=True)
    write_table(units_table(), "units", folder)
    write_table(returns_table(), "returns", folder)
    write_table(non_participants_table(), "non_participants", folder)
    write_table(entries_table(), "entries", folder)
    write_table(reconciliation_table(), "reconciliation", folder)
    write_table(issues_table(), "issues", folder)
    write_table(files_table(), "files", folder)
    aliases = pd.DataFrame({"text": ["phong tckh", "Trường MN Sao Do cũ"], "unit_code": ["U02", ""],
                            "method": ["abbreviation", "unmatched"], "score": [100, 61], "rows": [1, 3],
                            "candidates": ["", "U04"]})
    write_table(aliases, "unit_aliases", folder)
    return folder


def write_config(folder: Path, processed: Path, reports: Path, notebooks: Path = NOTEBOOKS) -> Path:
    """A copy of the project's cchc.toml whose [paths] point at the given folders."""
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    for key, value in {"processed": processed, "reports": reports, "notebooks": notebooks}.items():
        text = re.sub(rf'(?m)^{key} = "[^"]*"', f'{key} = "{value.as_posix()}"', text)
    path = folder / "cchc.toml"
    path.write_text(text, encoding="utf-8")
    return path


def make_project(folder: Path, notebooks: Path = NOTEBOOKS):
    """(settings, processed folder, reports folder) of a small project in folder."""
    processed = write_processed(folder / "processed")
    reports = folder / "reports"
    config = write_config(folder, processed, reports, notebooks)
    return load_settings(config), processed, reports


def copy_notebooks(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in NOTEBOOKS.glob("*.ipynb"):
        shutil.copy2(path, folder / path.name)
    return folder
