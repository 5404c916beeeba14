import pandas as pd
import pytest

from cchc_analysis.issues import IssueLog
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


def test_load_tables_gives_empty_frames_for_absent_tables(tmp_path):
    tables = load_tables(tmp_path)
    assert list(tables.entries.columns) == TABLE_COLUMNS["entries"]
    assert tables.entries.empty
