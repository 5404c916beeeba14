"""The review workbook: the kit proposes, the analyst fills one column, the next run reads it back."""
from __future__ import annotations

import os
import time

import pandas as pd
import pytest
from openpyxl import load_workbook

from cchc_analysis.review import SHEETS, ReviewError, confirmed, read_review, update_review


def _proposals(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({
        "text": list(texts),
        "rows": [len(t) for t in texts],
        "candidates": [f"{t} (80)" for t in texts],
    })


def _fill(path, sheet: str, key: str, column: str, value) -> None:
    """What the analyst does in Excel: type a value in the row of one key."""
    workbook = load_workbook(path)
    worksheet = workbook[sheet]
    headers = [c.value for c in worksheet[1]]
    col = next(i for i, h in enumerate(headers, start=1) if h.endswith(f"({column})"))
    for row in worksheet.iter_rows(min_row=2):
        if row[0].value == key:
            row[col - 1].value = value
    workbook.save(path)


def test_missing_review_file_reads_as_empty_sheets(project):
    sheets = read_review(project)
    assert set(sheets) == set(SHEETS)
    assert all(frame.empty for frame in sheets.values())
    assert list(sheets["o_can_kiem_tra"].columns) == ["source_file", "page", "field", "row", "corrected_value"]
    assert confirmed(project, "don_vi_nen_tang").empty


def test_review_file_defaults_outside_raw_and_processed(project):
    assert project.paths.review == project.root / "data" / "review" / "xac_nhan.xlsx"


def test_written_proposals_read_back_with_vietnamese_headers(project):
    path = update_review(project, "don_vi_nen_tang", _proposals("phong giao duc", "Hội Phụ nữ"))
    assert path == project.paths.review and path.is_file()
    headers = [c.value for c in load_workbook(path)["don_vi_nen_tang"][1]]
    assert headers[:2] == ["Đơn vị gõ trên nền tảng (text)", "Mã đơn vị xác nhận (confirmed_code)"]
    frame = read_review(project)["don_vi_nen_tang"]
    assert frame["text"].tolist() == ["phong giao duc", "Hội Phụ nữ"]
    assert frame["confirmed_code"].tolist() == ["", ""]
    assert frame["rows"].tolist() == ["14", "10"]


def test_analyst_value_survives_a_rewrite_and_unproposed_filled_rows_stay(project):
    update_review(project, "don_vi_nen_tang", _proposals("phong giao duc", "Hội Phụ nữ", "xyz"))
    _fill(project.paths.review, "don_vi_nen_tang", "Hội Phụ nữ", "confirmed_code", "HLHPN")
    # the next export: "Hội Phụ nữ" is no longer typed, "phong giao duc" still is, a new text appears
    update_review(project, "don_vi_nen_tang", _proposals("phong giao duc", "cong an"))
    frame = read_review(project)["don_vi_nen_tang"]
    assert frame["text"].tolist() == ["phong giao duc", "cong an", "Hội Phụ nữ"]  # unfilled "xyz" dropped
    done = confirmed(project, "don_vi_nen_tang")
    assert done[["text", "confirmed_code"]].values.tolist() == [["Hội Phụ nữ", "HLHPN"]]


def test_numbers_typed_as_codes_read_as_text(project):
    update_review(project, "don_vi_nen_tang", _proposals("phong noi vu"))
    _fill(project.paths.review, "don_vi_nen_tang", "phong noi vu", "confirmed_code", 1203)
    assert confirmed(project, "don_vi_nen_tang")["confirmed_code"].tolist() == ["1203"]


def test_other_sheets_are_left_untouched(project):
    held = pd.DataFrame({"source_file": ["a.xlsx", "b.docx"], "reason": ["Chưa rõ đơn vị", "Trùng"]})
    update_review(project, "bao_cao_cho_xac_minh", held)
    _fill(project.paths.review, "bao_cao_cho_xac_minh", "b.docx", "decision", "Loại")
    _fill(project.paths.review, "bao_cao_cho_xac_minh", "a.xlsx", "confirmed_code", "THCS01")
    update_review(project, "don_vi_nen_tang", _proposals("phong giao duc"))
    done = confirmed(project, "bao_cao_cho_xac_minh")
    assert done.set_index("source_file")["decision_value"].to_dict() == {"a.xlsx": None, "b.docx": "reject"}
    assert done.set_index("source_file")["confirmed_code"].to_dict() == {"a.xlsx": "THCS01", "b.docx": ""}
    assert load_workbook(project.paths.review).sheetnames == ["bao_cao_cho_xac_minh", "don_vi_nen_tang"]


def test_decision_is_read_without_accents(project):
    held = pd.DataFrame({"source_file": ["a.xlsx", "b.xlsx", "c.xlsx"]})
    update_review(project, "bao_cao_cho_xac_minh", held)
    for name, word in [("a.xlsx", "CHẤP NHẬN"), ("b.xlsx", "chap nhan"), ("c.xlsx", "loai")]:
        _fill(project.paths.review, "bao_cao_cho_xac_minh", name, "decision", word)
    assert confirmed(project, "bao_cao_cho_xac_minh")["decision_value"].tolist() == ["accept", "accept", "reject"]


def test_ocr_sheet_is_keyed_on_file_page_field_and_row(project):
    cells = pd.DataFrame({"source_file": ["scan.pdf", "scan.pdf"], "page": ["trang 1", "trang 2"],
                          "field": ["participants", "participants"], "row": [5, 5], "value": ["1O", "2I"]})
    update_review(project, "o_can_kiem_tra", cells)
    workbook = load_workbook(project.paths.review)
    assert workbook["o_can_kiem_tra"]["E1"].value == "Giá trị đúng (corrected_value)"
    workbook["o_can_kiem_tra"]["E3"] = "21"
    workbook.save(project.paths.review)
    update_review(project, "o_can_kiem_tra", cells)  # the same cells proposed again
    done = confirmed(project, "o_can_kiem_tra")
    assert done[["page", "row", "corrected_value"]].values.tolist() == [["trang 2", "5", "21"]]


def test_text_that_looks_like_a_formula_is_defused_and_read_back_as_typed(project):
    update_review(project, "don_vi_nen_tang", _proposals("=HYPERLINK(\"x\")", "-Phòng Nội vụ"))
    worksheet = load_workbook(project.paths.review)["don_vi_nen_tang"]
    assert worksheet["A2"].value == "'=HYPERLINK(\"x\")"
    assert worksheet["A2"].data_type == "s"
    assert read_review(project)["don_vi_nen_tang"]["text"].tolist() == ["=HYPERLINK(\"x\")", "-Phòng Nội vụ"]


def test_csv_saved_beside_the_workbook_is_read(project):
    update_review(project, "don_vi_nen_tang", _proposals("phong giao duc", "hoi phu nu"))
    csv_path = project.paths.review.with_suffix(".csv")
    # Excel's "Save As CSV" of the active sheet, in the Windows code page, one value filled
    text = ("Đơn vị gõ trên nền tảng (text),Mã đơn vị xác nhận (confirmed_code),rows\r\n"
            "phong giao duc,PGD,14\r\nhoi phu nu,,10\r\n")
    csv_path.write_bytes(text.encode("utf-8-sig"))
    later = time.time() + 5
    os.utime(csv_path, (later, later))
    done = confirmed(project, "don_vi_nen_tang")
    assert done[["text", "confirmed_code"]].values.tolist() == [["phong giao duc", "PGD"]]
    # the next rewrite carries the CSV's value into the workbook
    update_review(project, "don_vi_nen_tang", _proposals("phong giao duc"))
    csv_path.unlink()
    assert confirmed(project, "don_vi_nen_tang")["confirmed_code"].tolist() == ["PGD"]


def test_older_csv_only_fills_blanks_of_the_workbook(project):
    update_review(project, "don_vi_nen_tang", _proposals("phong giao duc", "hoi phu nu"))
    csv_path = project.paths.review.parent / "don_vi_nen_tang.csv"
    csv_path.write_text("text;confirmed_code\nphong giao duc;OLD\nhoi phu nu;HPN\n", encoding="utf-8")
    earlier = time.time() - 3600
    os.utime(csv_path, (earlier, earlier))
    _fill(project.paths.review, "don_vi_nen_tang", "phong giao duc", "confirmed_code", "PGD")
    done = confirmed(project, "don_vi_nen_tang").set_index("text")["confirmed_code"].to_dict()
    assert done == {"phong giao duc": "PGD", "hoi phu nu": "HPN"}


def test_damaged_workbook_is_reported_not_overwritten(project):
    path = project.paths.review
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a workbook")
    with pytest.raises(ReviewError):
        update_review(project, "don_vi_nen_tang", _proposals("x"))
    assert path.read_bytes() == b"not a workbook"


def test_unknown_sheet_is_refused(project):
    with pytest.raises(ValueError):
        update_review(project, "khac", _proposals("x"))
