"""The return reader on layouts its author never saw: each return read alone, values a person reads in it.

A case the reader gets wrong is marked xfail(strict=True) with the precise cause (function and rule), so the
suite passes, the cause is recorded, and the mark must go when the code is fixed.
"""
from __future__ import annotations

import pandas as pd
import pytest

from cchc_analysis.issues import IssueLog
from cchc_analysis.registry import read_registry
from cchc_analysis.returns import clean_returns

from unseen_returns_maker import CASES, write_registry

# case name → why the reader gets it wrong today (function and rule)
KNOWN_WRONG: dict[str, str] = {
    "people_in_prose": (
        "layout.find_people reads people only under a table header holding a name column (_people_header needs "
        "a 'Họ và tên' cell); numbered prose lines '1. Đ/c Nguyễn Thị Hoa – Chuyên viên – nghỉ thai sản;' are never "
        "read, so the return has no people and only a people_count_mismatch warning"),
    "full_rate_only": (
        "layout.find_fields: 'Kết quả: 100% viên chức … đã tham gia Cuộc thi.' is taken whole as the results text "
        "(explicit 'label:' clause), and the 'đã tham gia' label finds no count because 100% is a rate (count fields "
        "skip rates); no rule reads participants = total when the rate is 100% (returns.derive_missing_count only "
        "uses a non-participant count), so the return is rejected with count_missing"),
    "instruction_sheet_with_example": (
        "layout.read_return keeps the grid with the highest ReturnLayout.score(): the instruction sheet's worked "
        "example ('Ví dụ: Tổng số CBCCVC: 50 người; Số tham gia: 48 người…', an example people table, a deadline "
        "after 'Ngày báo cáo:') scores 9 against the data sheet's 7, so 50/48, 17/12/2024 and the example people "
        "are read; nothing marks a guide/example sheet (its name 'Huong dan', the word 'Ví dụ'), and even when the "
        "data sheet wins, read_return would borrow the guide's example people because the data sheet has none"),
    "people_grouped_by_section": (
        "layout.find_people takes any row whose name cell _looks_like_name as a person: section rows with a Roman "
        "STT and no position or reason ('I | Khối Đảng, đoàn thể', 'II | Khối chính quyền') become people; only "
        "a title merged across the whole row is skipped as a section"),
    "csv_people_with_birthdate_and_phone": (
        "returns.without_prefix drops a leading courtesy word (cchc.toml returns.layout.name_prefixes holds 'Ông') "
        "whenever two words follow, so the surname Ông in 'Ông Thị Nhàn' is cut to 'Thị Nhàn'; 'Thị' after it shows "
        "it is a surname, and 'Ông/Bà' as courtesy is only safe before a name of three words or more"),
}


@pytest.fixture
def units(project, tmp_path):
    return read_registry(write_registry(tmp_path / "units.xlsx"), project, IssueLog())


def read_alone(case, folder, units, settings):
    """(returns, non_participants, issues) of one return cleaned alone."""
    case.write(folder)
    log = IssueLog()
    returns, people, _files = clean_returns(folder, units, settings, log)
    return returns, people, log.frame()


def what_was_read(returns: pd.DataFrame, people: pd.DataFrame) -> dict:
    row = returns.iloc[0]
    date = row["report_date"]
    return {
        "status": row["status"],
        "unit_code": row["unit_code"],
        "report_date": None if pd.isna(date) else date.date(),
        "total_staff": None if pd.isna(row["total_staff"]) else int(row["total_staff"]),
        "participants": None if pd.isna(row["participants"]) else int(row["participants"]),
        "people": list(people.sort_values("source_row")[["full_name", "position", "reason"]]
                       .itertuples(index=False, name=None)),
    }


def expected(case) -> dict:
    return {"status": "accepted", "unit_code": case.unit_code, "report_date": case.report_date,
            "total_staff": case.total_staff, "participants": case.participants, "people": case.people}


def _param(case):
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[case.name])] if case.name in KNOWN_WRONG else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_unseen_return_reads_as_a_person_reads_it(case, tmp_path, units, project):
    returns, people, issues = read_alone(case, tmp_path / "returns", units, project)
    assert len(returns) == 1
    got = what_was_read(returns, people)
    errors = issues.loc[issues["severity"] == "error", ["code", "message"]].to_dict("records")
    assert (got, errors) == (expected(case), [])


def test_every_unseen_case_writes_a_distinct_file(tmp_path):
    names = [c.write(tmp_path / c.name).name for c in CASES]
    assert len(CASES) >= 15 and len(set(names)) == len(names)
