import pandas as pd
import pytest

from cchc_analysis.issues import IssueLog
from cchc_analysis.schemas import SchemaCheckError
from cchc_analysis.tables import TABLE_COLUMNS, defuse_formula, load_tables, read_table, write_table


def _issues_frame():
    log = IssueLog()
    log.add("file_empty", "Tệp rỗng", source_file="a.xlsx", sheet="Sheet1", row=3)
    log.add("late", "=HYPERLINK(\"http://x\")", source_file="b.docx", severity="warning")
    return log.frame()


def test_table_is_written_as_parquet_and_bom_csv(tmp_path):
    write_table(_issues_frame(), "issues", tmp_path)
    raw = (tmp_path / "issues.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Tệp rỗng" in raw.decode("utf-8-sig")
    back = pd.read_parquet(tmp_path / "issues.parquet")
    assert list(back.columns[:6]) == TABLE_COLUMNS["issues"]
    assert back.loc[0, "row"] == 3


def test_csv_text_cannot_start_a_formula(tmp_path):
    write_table(_issues_frame(), "issues", tmp_path)
    csv = pd.read_csv(tmp_path / "issues.csv", encoding="utf-8-sig")
    assert csv.loc[1, "message"] == "'=HYPERLINK(\"http://x\")"
    # parquet keeps the value as it was: the guard is for spreadsheets only
    assert read_table("issues", tmp_path).loc[1, "message"].startswith("=")


@pytest.mark.parametrize("text", ["=1+1", "+84912", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_get_an_apostrophe(text):
    assert defuse_formula(text) == "'" + text


def test_numbers_are_not_defused():
    assert defuse_formula(-2) == -2


def test_missing_required_column_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unit_code"):
        write_table(pd.DataFrame({"x": [1]}), "units", tmp_path)


def test_writing_twice_gives_identical_files(tmp_path):
    write_table(_issues_frame(), "issues", tmp_path)
    first = (tmp_path / "issues.csv").read_bytes(), (tmp_path / "issues.parquet").read_bytes()
    write_table(_issues_frame(), "issues", tmp_path)
    assert ((tmp_path / "issues.csv").read_bytes(), (tmp_path / "issues.parquet").read_bytes()) == first
    assert not list(tmp_path.glob("*.tmp"))


def test_a_long_table_written_in_two_halves_gives_the_one_pass_csv(tmp_path, monkeypatch):
    import cchc_analysis.tables as tables

    issues = pd.concat([_issues_frame()] * 5, ignore_index=True)
    issues["row"] = pd.array(range(1, 11), dtype="Int64")
    write_table(issues, "issues", tmp_path / "one_pass")
    monkeypatch.setattr(tables, "CSV_SPLIT_ROWS", 3)  # 10 rows: two halves of 5, the second spelt in a thread
    write_table(issues, "issues", tmp_path / "halves")
    one_pass = (tmp_path / "one_pass" / "issues.csv").read_bytes()
    assert (tmp_path / "halves" / "issues.csv").read_bytes() == one_pass
    assert one_pass.count(b"\n") == 11 and one_pass.count(b"source_file") == 1


def test_a_table_failing_its_check_leaves_the_earlier_files(tmp_path):
    write_table(_issues_frame(), "issues", tmp_path)
    before = (tmp_path / "issues.csv").read_bytes(), (tmp_path / "issues.parquet").read_bytes()
    bad = _issues_frame()
    bad.loc[0, "severity"] = "fatal"
    with pytest.raises(SchemaCheckError):
        write_table(bad, "issues", tmp_path)
    assert ((tmp_path / "issues.csv").read_bytes(), (tmp_path / "issues.parquet").read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issues.csv", "issues.parquet"]


def test_load_tables_gives_empty_frames_for_absent_tables(tmp_path):
    tables = load_tables(tmp_path)
    assert list(tables.entries.columns) == TABLE_COLUMNS["entries"]
    assert tables.entries.empty


# --- schemas: what each column holds, checked in the one writer ----------------------------------------------------

def _units(**changes):
    units = pd.DataFrame({"unit_code": ["PNV", "PTC"], "unit_name": ["Phòng Nội vụ", "Phòng Tài chính"],
                          "group": ["Phòng ban", "Phòng ban"], "staff_registry": pd.array([12, 9], dtype="Int64"),
                          "other_names": ["", ""]})
    return units.assign(**changes)


def _returns(**changes):
    returns = pd.DataFrame({
        "source_file": ["pnv.xlsx", "ptc.xlsx"], "unit_code": ["PNV", "PTC"], "status": ["accepted", "held"],
        "report_date": pd.to_datetime(["2024-12-16", "2024-12-17"]), "total_staff": [12, 9], "participants": [12, 8],
        "non_participants_listed": [0, 1], "results": ["", ""], "late": [False, False], "sheet": ["S1", "S1"],
        "file_kind": ["xlsx", "xlsx"], "file_mtime": pd.to_datetime(["2024-12-16", "2024-12-17"]),
        "status_reason": ["", "staff_far_from_registry"], "rate": [1.0, 0.8889]})
    return returns.assign(**changes)


def test_a_repeated_unit_code_is_refused_naming_table_and_column(tmp_path):
    with pytest.raises(SchemaCheckError, match=r"table 'units'.*column 'unit_code'.*'PNV'"):
        write_table(_units(unit_code=["PNV", "PNV"]), "units", tmp_path)
    assert not (tmp_path / "units.parquet").exists()


def test_an_unknown_severity_is_refused(tmp_path):
    issues = _issues_frame()
    issues.loc[0, "severity"] = "fatal"
    with pytest.raises(SchemaCheckError, match=r"table 'issues'.*column 'severity'.*'fatal'"):
        write_table(issues, "issues", tmp_path)


def test_an_unknown_return_status_is_refused_and_held_is_known(tmp_path):
    write_table(_returns(), "returns", tmp_path)  # "held" is a status
    with pytest.raises(SchemaCheckError, match=r"table 'returns'.*column 'status'.*'pending'"):
        write_table(_returns(status=["accepted", "pending"]), "returns", tmp_path)


def test_text_where_a_count_goes_is_refused(tmp_path):
    with pytest.raises(SchemaCheckError, match=r"table 'units'.*column 'staff_registry'.*must hold whole numbers.*'chín'"):
        write_table(_units(staff_registry=["12", "chín"]), "units", tmp_path)


def test_a_yes_no_column_holds_only_yes_or_no(tmp_path):
    with pytest.raises(SchemaCheckError, match=r"column 'late'"):
        write_table(_returns(late=["có", False]), "returns", tmp_path)


def test_extra_columns_pass_unchecked(tmp_path):
    write_table(_returns(ghi_chu=["", "gọi lại"]), "returns", tmp_path)  # a column no schema declares
    assert pd.read_parquet(tmp_path / "returns.parquet")["ghi_chu"].tolist() == ["", "gọi lại"]


def test_a_held_return_keeps_its_reason_and_an_unreadable_one_says_so(tmp_path):
    write_table(_returns(status=["held", "rejected"], readable=[True, False],
                         held_reason=["Tổng số khác danh mục", ""], unit_method=["text+file_name", "file_name"]),
                "returns", tmp_path)
    back = pd.read_parquet(tmp_path / "returns.parquet")
    assert back["held_reason"].tolist() == ["Tổng số khác danh mục", ""] and back["readable"].tolist() == [True, False]
    with pytest.raises(SchemaCheckError, match=r"table 'returns'.*column 'readable'"):
        write_table(_returns(readable=["không", True]), "returns", tmp_path)


def test_an_unknown_way_of_finding_a_unit_is_refused(tmp_path):
    with pytest.raises(SchemaCheckError, match=r"table 'returns'.*column 'unit_method'.*'guess'"):
        write_table(_returns(unit_method=["text", "guess"]), "returns", tmp_path)


def test_a_unit_recorded_twice_for_one_progress_day_is_refused(tmp_path):
    history = pd.DataFrame({"as_of": ["2024-11-25", "2024-11-25", "2024-12-02"], "unit_code": ["PNV", "PNV", "PNV"],
                            "group": ["Phòng"] * 3, "staff_registry": [12, 12, 12], "participants": [3, 4, 9],
                            "recorded_at": pd.Timestamp("2024-12-02 08:00"), "source_files": ["export.xlsx"] * 3})
    with pytest.raises(SchemaCheckError, match=r"table 'progress_history'"):
        write_table(history, "progress_history", tmp_path)
    write_table(history.iloc[1:], "progress_history", tmp_path)  # one row per unit and day is fine
    assert read_table("progress_history", tmp_path)["participants"].tolist() == [4, 9]


def test_a_rate_typed_above_100_percent_is_logged_not_fatal(tmp_path, caplog):
    write_table(_returns(rate=[1.25, 0.5]), "returns", tmp_path)
    assert "table 'returns'" in caplog.text and "rate in [0, 1]" in caplog.text
    caplog.clear()
    # a rejected return keeps what was typed: it is why it was rejected
    write_table(_returns(status=["rejected", "held"], rate=[1.25, 0.5]), "returns", tmp_path)
    assert "rate" not in caplog.text


def test_a_negative_count_the_kit_made_is_refused(tmp_path):
    files = pd.DataFrame({"source_file": ["a.xlsx"], "folder": ["returns"], "file_kind": ["xlsx"],
                          "status": ["accepted"], "rows_read": [3], "rows_kept": [4], "rows_in_issues": [-1]})
    with pytest.raises(SchemaCheckError, match=r"table 'files'.*column 'rows_in_issues'"):
        write_table(files, "files", tmp_path)


def test_every_required_column_has_a_declared_field():
    from cchc_analysis.schemas import TABLES

    for name, columns in TABLE_COLUMNS.items():
        assert set(columns) <= set(TABLES[name][0]), name
