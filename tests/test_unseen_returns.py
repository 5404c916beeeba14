"""The return reader on layouts its author never saw: each return read alone, values a person reads in it.

A case the reader gets wrong is marked xfail(strict=True) with the precise cause (function and rule), so the
suite passes, the cause is recorded, and the mark must go when the code is fixed.
"""
from __future__ import annotations

import pandas as pd
import pytest

from cchc_analysis.issues import IssueLog
from cchc_analysis.reasons import classify_reasons
from cchc_analysis.registry import read_registry
from cchc_analysis.returns import clean_returns
from cchc_analysis.text import match_key

from unseen_returns_maker import (CASES, COUNT_LINES, DATE_LINES, FILE_NAMES, LETTERHEADS, OLD_COPY_NAMES,
                                  REASONS_TYPED, STAFF, count_lines_return, date_line_return, file_name_return,
                                  letterhead_return, two_copies, write_registry)

# case name → why the reader gets it wrong today (function and rule)
KNOWN_WRONG: dict[str, str] = {
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


def test_unseen_returns_read_together_keep_their_units_and_people(tmp_path, units, project):
    """All the cases in one folder, as the office receives them: each file keeps the unit and people it has alone."""
    folder = tmp_path / "returns"
    good = [c for c in CASES if c.name not in KNOWN_WRONG]
    for case in good:
        case.write(folder)
    log = IssueLog()
    returns, people, files = clean_returns(folder, units, project, log)
    assert len(returns) == len(good) and set(returns["status"]) <= {"accepted", "superseded"}
    per_file = dict(zip(returns["source_file"], returns["unit_code"]))
    files_by_case = {c.name: c.write(tmp_path / "again" / c.name).name for c in good}
    assert {n: per_file[f] for n, f in files_by_case.items()} == {c.name: c.unit_code for c in good}
    accepted = set(returns.loc[returns["status"] == "accepted", "source_file"])
    want = sorted((c.unit_code, *p) for c in good if files_by_case[c.name] in accepted for p in c.people)
    got = sorted(people[["unit_code", "full_name", "position", "reason"]].itertuples(index=False, name=None))
    assert got == want
    assert (files["rows_read"] == files["rows_kept"] + files["rows_in_issues"]).all()


# letterhead unit line → why its unit is not read today
KNOWN_WRONG_LETTERHEADS: dict[str, str] = {}


def _letterhead_param(parent, line, code):
    marks = ([pytest.mark.xfail(strict=True, reason=KNOWN_WRONG_LETTERHEADS[line])]
             if line in KNOWN_WRONG_LETTERHEADS else [])
    return pytest.param(parent, line, code, id=match_key(line), marks=marks)


@pytest.mark.parametrize("parent, line, code", [_letterhead_param(*lh) for lh in LETTERHEADS])
def test_unit_line_as_typed_names_its_unit(parent, line, code, tmp_path, units, project):
    folder = tmp_path / "returns"
    letterhead_return(folder, parent, line, STAFF.get(code, 5))  # the unit's headcount: a far one is held
    log = IssueLog()
    returns, _people, _files = clean_returns(folder, units, project, log)
    assert returns[["unit_code", "status"]].values.tolist() == [[code, "accepted"]]


# count line → why its count is not read today
KNOWN_WRONG_COUNT_LINES: dict[str, str] = {
}


def _count_param(total_line, joined_line, total, joined):
    key = f"{total_line} / {joined_line}"
    marks = ([pytest.mark.xfail(strict=True, reason=KNOWN_WRONG_COUNT_LINES[key])]
             if key in KNOWN_WRONG_COUNT_LINES else [])
    return pytest.param(total_line, joined_line, total, joined, id=match_key(key), marks=marks)


@pytest.mark.parametrize("total_line, joined_line, total, joined", [_count_param(*c) for c in COUNT_LINES])
def test_count_lines_as_worded_give_total_and_participants(total_line, joined_line, total, joined,
                                                           tmp_path, units, project):
    folder = tmp_path / "returns"
    count_lines_return(folder, total_line, joined_line)
    log = IssueLog()
    returns, _people, _files = clean_returns(folder, units, project, log)
    got = returns[["unit_code", "status", "total_staff", "participants"]].astype(object).values.tolist()
    assert got == [["VP", "accepted", total, joined]]


@pytest.mark.parametrize("date_cell, date", [pytest.param(c, d, id=match_key(str(c))) for c, d in DATE_LINES])
def test_place_and_date_line_as_typed_gives_the_report_date(date_cell, date, tmp_path, units, project):
    folder = tmp_path / "returns"
    date_line_return(folder, date_cell)
    log = IssueLog()
    returns, _people, _files = clean_returns(folder, units, project, log)
    assert [(r.unit_code, r.status, r.report_date.date()) for r in returns.itertuples()] == [("VP", "accepted", date)]


@pytest.mark.parametrize("reason, category", [pytest.param(r, c, id=match_key(r) or "blank") for r, c in REASONS_TYPED])
def test_reason_as_typed_falls_in_the_category_a_person_would_choose(reason, category, project):
    got = classify_reasons(pd.Series([reason]), project)
    assert (got.loc[0, "reason_category"], bool(got.loc[0, "justified"])) == (
        category, category in project.reasons.justified)


# file name → why its unit is not read today
KNOWN_WRONG_FILE_NAMES: dict[str, str] = {
}


def _file_name_param(name, code):
    marks = ([pytest.mark.xfail(strict=True, reason=KNOWN_WRONG_FILE_NAMES[name])]
             if name in KNOWN_WRONG_FILE_NAMES else [])
    return pytest.param(name, code, id=match_key(name), marks=marks)


@pytest.mark.parametrize("name, code", [_file_name_param(*f) for f in FILE_NAMES])
def test_file_name_alone_names_the_unit(name, code, tmp_path, units, project):
    folder = tmp_path / "returns"
    file_name_return(folder, name, STAFF.get(code, 5))
    log = IssueLog()
    returns, _people, _files = clean_returns(folder, units, project, log)
    assert returns[["unit_code", "status"]].values.tolist() == [[code, "accepted"]]


# old-copy file name → why it stands over the current return today
KNOWN_WRONG_OLD_COPIES: dict[str, str] = {}


def _old_copy_param(name):
    marks = ([pytest.mark.xfail(strict=True, reason=KNOWN_WRONG_OLD_COPIES[name])]
             if name in KNOWN_WRONG_OLD_COPIES else [])
    return pytest.param(name, id=match_key(name), marks=marks)


@pytest.mark.parametrize("old_name", [_old_copy_param(n) for n in OLD_COPY_NAMES])
def test_old_copy_or_draft_does_not_stand_over_the_return(old_name, tmp_path, units, project):
    folder = tmp_path / "returns"
    two_copies(folder, old_name)
    log = IssueLog()
    returns, _people, _files = clean_returns(folder, units, project, log)
    status = dict(zip(returns["source_file"], returns["status"]))
    assert status == {"BC TH Sao Do.xlsx": "accepted", old_name: "superseded"}
