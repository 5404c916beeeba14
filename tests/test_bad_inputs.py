"""Issue 7: hostile and broken inputs. Every bad file ends as an issue naming it, the rest of the run goes on,
nothing is lost, no contact detail leaks, no cell can start a formula, raw data is never written.

The corpus (tests/bad_inputs/make_corpus.py) is built once per module and cleaned once; the tests read the run.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from bad_inputs.make_corpus import (
    DATE_FORMATS, HOSTILE_FILE_NAME, HOSTILE_PLATFORM_NAMES, HOSTILE_SHEET_NAME, LONG_NAME, SECRET, good_return,
    make_corpus, registry,
)
from cchc_analysis import tables
from cchc_analysis.config import load_settings
from cchc_analysis.issues import IssueLog
from cchc_analysis.pipeline import clean
from cchc_analysis.readers import ReadError, read_grids
from cchc_analysis.registry import RegistryError
from conftest import ROOT, write_config

UNITS_LINE = 'units = "data/raw/units.xlsx"'
NOTEBOOKS_LINE = 'notebooks = "notebooks"'
# the corpus keeps its registry in registry/; the reports use the project's notebooks
CORPUS_CONFIG = {UNITS_LINE: 'units = "data/raw/registry/units.xlsx"',
                 NOTEBOOKS_LINE: f'notebooks = "{(ROOT / "notebooks").as_posix()}"'}
# digits inside a decimal number (0.6923076923, an Excel serial 45623.84002314815) are not contact details
PHONE = re.compile(r"(?<![\d.])(?:\+?84|0)\d{9}(?!\.?\d)")
DIGIT_RUN = re.compile(r"(?<![\d.])\d{9,}(?!\.?\d)")
# inline images (charts) are base64: any run of digits there is noise
DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TABLES = ["units", "returns", "non_participants", "entries", "reconciliation", "issues", "files"]


def processed_frames(out: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}


def run_corpus(root: Path, replace: dict[str, str] | None = None) -> SimpleNamespace:
    settings = load_settings(write_config(root, {**CORPUS_CONFIG, **(replace or {})}))
    summary = clean(settings)
    return SimpleNamespace(root=root, settings=settings, summary=summary, out=settings.paths.processed,
                           **processed_frames(settings.paths.processed))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The corpus in data/raw of a project, cleaned once."""
    root = tmp_path_factory.mktemp("bad_inputs")
    made = make_corpus(root / "data" / "raw")
    run = run_corpus(root)
    run.made = made
    return run


def issues_of(run, source_file: str) -> pd.DataFrame:
    """Issues naming one file (corpus names are unique across folders)."""
    assert source_file in set(run.files["source_file"]), f"{source_file} has no row in the files table"
    return run.issues[run.issues["source_file"] == source_file]


def assert_good_returns_read(run) -> None:
    """The good returns beside the broken ones were read and stand."""
    good = run.returns[run.returns["source_file"].isin([f"ngay_{c.lower()}.xlsx" for c in DATE_FORMATS])]
    assert sorted(good["unit_code"]) == sorted(DATE_FORMATS)
    assert set(good["status"]) == {"accepted"}
    assert good["participants"].tolist() == [7, 7, 7]


def assert_good_platform_read(run) -> None:
    """The good export beside the broken ones gave its entry."""
    good = run.entries[run.entries["source_file"] == "xuat_he_thong.csv"]
    assert good["full_name"].tolist() == ["Trần Thị Hoa"]
    assert good["unit_code"].tolist() == ["PTP"]


# --- each corpus item ---------------------------------------------------------------------------------------

# file in returns/ → (issue code, severity, sheet, row, status of its return)
RETURN_ITEMS = {
    "rong.csv": ("file_empty", "error", "", None, "rejected"),
    "khong_byte.xlsx": ("file_empty", "error", "", None, "rejected"),
    "bi_cat.xlsx": ("file_truncated", "error", "", None, "rejected"),
    "gia_mao.xlsx": ("file_misnamed", "error", "", None, "rejected"),
    "mat_khau.xlsx": ("file_encrypted", "error", "", None, "rejected"),
    "bom_nen.xlsx": ("zip_bomb", "error", "", None, "rejected"),
    "bom_khai_gian.xlsx": ("file_truncated", "error", "", None, "rejected"),
    "xxe.xlsx": ("unsafe_xml", "error", "", None, "rejected"),
    "xxe.docx": ("unsafe_xml", "error", "", None, "rejected"),
    "ma_la.csv": ("unknown_encoding", "error", "", None, "rejected"),
    "trieu_dong.xlsx": ("rows_truncated", "warning", "Sheet1", 5001, "rejected"),
    "khong_bang.docx": ("count_missing", "error", "document", None, "rejected"),
    "so_am.xlsx": ("count_negative", "error", "Báo cáo", 7, "rejected"),
    "khong_phai_so.xlsx": ("count_not_numeric", "error", "Báo cáo", 7, "rejected"),
    "ngay_sai.xlsx": ("date_invalid", "warning", "Báo cáo", 3, "accepted"),
    "excel_rat_cu.xls": ("date_missing", "warning", "Sheet 1", None, "accepted"),
    "ten_doc_hai.xlsx": ("person_row_unreadable", "warning", "Báo cáo", 10, "accepted"),
    HOSTILE_FILE_NAME: ("participants_above_total", "error", HOSTILE_SHEET_NAME, 7, "rejected"),
}


@pytest.mark.parametrize("source_file", sorted(RETURN_ITEMS))
def test_bad_return_is_an_issue_naming_it_and_the_others_are_read(corpus, source_file):
    code, severity, sheet, row, status = RETURN_ITEMS[source_file]
    found = issues_of(corpus, source_file)
    first = found[found["code"] == code].iloc[0]
    assert (first["severity"], first["sheet"]) == (severity, sheet)
    assert (None if pd.isna(first["row"]) else int(first["row"])) == row
    assert first["message"].strip()
    assert corpus.returns.loc[corpus.returns["source_file"] == source_file, "status"].tolist() == [status]
    assert_good_returns_read(corpus)


def test_every_corpus_return_has_a_row_in_returns_and_files(corpus):
    expected = sorted(corpus.made["returns"])
    assert sorted(corpus.returns["source_file"]) == expected
    assert sorted(corpus.files.loc[corpus.files["folder"] == "returns", "source_file"]) == expected


def test_very_old_excel_is_read(corpus):
    row = corpus.returns[corpus.returns["source_file"] == "excel_rat_cu.xls"].iloc[0]
    assert (row["unit_code"], int(row["total_staff"]), int(row["participants"])) == ("PYT", 5, 5)
    assert "file_misnamed" not in set(issues_of(corpus, "excel_rat_cu.xls")["code"])


def test_very_old_excel_that_cannot_be_read_says_save_as_xlsx(tmp_path, project):
    # a BIFF4 workbook header with nothing after it: the kind is known, the content is not readable
    path = tmp_path / "bang_tinh_1992.xls"
    path.write_bytes(b"\x09\x04\x06\x00\x00\x00\x10\x00\x00\x00")
    with pytest.raises(ReadError) as caught:
        read_grids(path, project.limits, IssueLog())
    assert caught.value.code == "unsupported_format"
    assert ".xlsx" in caught.value.message and "cũ" in caught.value.message


def test_three_date_formats_give_one_report_date(corpus):
    good = corpus.returns[corpus.returns["source_file"].str.match(r"ngay_p\w\w\.xlsx")]
    assert sorted(pd.to_datetime(good["report_date"]).dt.strftime("%d/%m/%Y")) == ["16/12/2024"] * 3


def test_impossible_date_is_quoted_and_the_return_kept(corpus):
    row = corpus.returns[corpus.returns["source_file"] == "ngay_sai.xlsx"].iloc[0]
    assert pd.isna(row["report_date"])
    message = issues_of(corpus, "ngay_sai.xlsx").query("code == 'date_invalid'")["message"].iloc[0]
    assert "31/11/2024" in message


def test_million_row_sheet_is_cut_at_the_limit(corpus):
    cut = issues_of(corpus, "trieu_dong.xlsx").query("code == 'rows_truncated'").iloc[0]
    assert int(cut["rows_affected"]) == 1_048_576 - 5000


# file in platform/ → (issue code, severity, sheet, row)
PLATFORM_ITEMS = {
    "xuat_rong.csv": ("file_empty", "error", "", None),
    "xuat_bi_cat.xlsx": ("file_truncated", "error", "", None),
    "xuat_gia_mao.xlsx": ("file_misnamed", "error", "", None),
    "xuat_mat_khau.xlsx": ("file_encrypted", "error", "", None),
    "xuat_xxe.xlsx": ("unsafe_xml", "error", "", None),
    "xuat_bom_nen.xlsx": ("zip_bomb", "error", "", None),
    "xuat_ma_la.csv": ("unknown_encoding", "error", "", None),
    "so_dien_thoai_o_ten.xlsx": ("phone_in_name", "warning", "Sheet", 3),
    "ngay_gio.xlsx": ("time_unreadable", "warning", "Sheet", 5),
}


@pytest.mark.parametrize("source_file", sorted(PLATFORM_ITEMS))
def test_bad_platform_file_is_an_issue_naming_it_and_the_others_are_read(corpus, source_file):
    code, severity, sheet, row = PLATFORM_ITEMS[source_file]
    found = issues_of(corpus, source_file)
    first = found[found["code"] == code].iloc[0]
    assert (first["severity"], first["sheet"]) == (severity, sheet)
    assert (None if pd.isna(first["row"]) else int(first["row"])) == row
    assert_good_platform_read(corpus)


def test_platform_csv_in_unknown_encoding_says_so(corpus):
    message = issues_of(corpus, "xuat_ma_la.csv").query("code == 'unknown_encoding'")["message"].iloc[0]
    assert "encoding" in message


def test_platform_phone_in_name_keeps_the_attempt_without_the_digits(corpus):
    rows = corpus.entries[corpus.entries["source_file"] == "so_dien_thoai_o_ten.xlsx"].sort_values("source_row")
    assert rows["source_row"].tolist() == [2, 3, 4]
    assert rows["full_name"].tolist()[0] == "Nguyễn Văn An"
    assert not rows["full_name"].str.contains(r"\d{6}").any()


def test_platform_unreadable_time_keeps_the_attempt_out_of_the_window(corpus):
    rows = corpus.entries[corpus.entries["source_file"] == "ngay_gio.xlsx"].sort_values("source_row")
    assert rows["source_row"].tolist() == [2, 3, 4, 5]
    assert rows["in_window"].tolist() == [True, True, True, False]
    times = pd.to_datetime(rows["submitted_at"].iloc[:3]).dt.strftime("%d/%m/%Y %H:%M").tolist()
    assert times == ["27/11/2024 08:15", "28/11/2024 09:30", "29/11/2024 14:00"]


def test_platform_hostile_names_are_all_kept(corpus):
    rows = corpus.entries[corpus.entries["source_file"] == "ten_doc_hai_he_thong.csv"].sort_values("source_row")
    assert rows["source_row"].tolist() == list(range(2, 2 + len(HOSTILE_PLATFORM_NAMES)))
    assert set(rows["unit_code"]) == {"PKT"}


def test_registry_defects_are_issues_and_good_units_kept(corpus):
    registry_issues = corpus.issues[corpus.issues["source_file"] == "units.xlsx"]
    found = sorted((int(r), c, s) for c, r, s in registry_issues[["code", "row", "severity"]].itertuples(index=False))
    assert found == [(7, "registry_duplicate_code", "error"), (8, "registry_blank_code", "error"),
                     (10, "registry_bad_headcount", "warning"), (11, "registry_bad_headcount", "warning")]
    assert set(registry_issues["sheet"]) == {"Sheet"}
    assert sorted(corpus.units["unit_code"]) == ["PCA", "PKT", "PNV", "PTP", "PTT", "PVH", "PVP", "PYT"]
    staff = corpus.units.set_index("unit_code")["staff_registry"]
    assert int(staff["PTT"]) == 12 and pd.isna(staff["PVP"])
    # a phone typed as a headcount is no headcount, and the message does not quote it
    assert pd.isna(staff["PCA"])
    assert not registry_issues["message"].str.contains("0912345678").any()
    assert corpus.units.set_index("unit_code").loc["PNV", "unit_name"] == "Phòng Nội vụ"


# --- the run goes on; only the registry stops it ------------------------------------------------------------

def test_cli_clean_of_the_corpus_finishes_with_exit_1_for_its_errors(corpus):
    done = subprocess.run([sys.executable, "-m", "cchc_analysis.cli", "--config", str(corpus.root / "cchc.toml"),
                           "clean", "--out", str(corpus.root / "cli_out")], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 1, done.stderr  # done, with errors in the input (the broken files)
    assert (corpus.root / "cli_out" / "issues.csv").is_file()


def broken_registries(folder: Path) -> dict[str, Path]:
    """Registries that leave nothing to key the run on."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rong.xlsx").write_bytes(b"")
    (folder / "gia_mao.xlsx").write_text("không phải Excel", encoding="utf-8")
    registry(folder / "chi_tieu_de.xlsx", [])
    registry(folder / "khong_ma.xlsx", [["", "Phòng Nội vụ", "Khối", 5, ""]])
    return {"missing": folder / "khong_co.xlsx", **{p.stem: p for p in folder.glob("*.xlsx")}}


@pytest.mark.parametrize("kind", ["missing", "rong", "gia_mao", "chi_tieu_de", "khong_ma"])
def test_missing_or_unusable_registry_stops_with_a_clear_message(tmp_path, kind):
    path = broken_registries(tmp_path / "registries")[kind]
    config = write_config(tmp_path)
    with pytest.raises(RegistryError) as caught:
        clean(load_settings(config), units=path)
    assert path.name in str(caught.value)
    done = subprocess.run([sys.executable, "-m", "cchc_analysis.cli", "--config", str(config), "clean",
                           "--units", str(path)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode != 0
    assert path.name in done.stderr and "Traceback" not in done.stderr


# --- nothing lost -------------------------------------------------------------------------------------------

def assert_rows_balance(files: pd.DataFrame) -> None:
    balance = files["rows_read"] - files["rows_kept"] - files["rows_in_issues"]
    assert balance.eq(0).all(), files.loc[balance.ne(0), ["folder", "source_file"]].to_string()


def test_every_corpus_file_balances_rows_read_kept_and_in_issues(corpus):
    assert_rows_balance(corpus.files)
    folders = corpus.files.groupby("folder")["source_file"].apply(sorted).to_dict()
    assert folders["platform"] == sorted(corpus.made["platform"])


def test_every_sample_file_balances_rows_read_kept_and_in_issues(sample_run):
    settings, _truth, _summary = sample_run
    files = pd.read_parquet(settings.paths.processed / "files.parquet")
    assert len(files) > 50
    assert_rows_balance(files)


def test_every_hostile_person_row_is_listed_or_in_an_issue(corpus):
    # the return lists six people on rows 10-15 under its header row 9
    kept = corpus.non_participants.query("source_file == 'ten_doc_hai.xlsx'")
    flagged = corpus.issues.query("source_file == 'ten_doc_hai.xlsx' and rows_affected > 0")
    rows = sorted(kept["source_row"].astype(int).tolist() + flagged["row"].astype(int).tolist())
    assert rows == [10, 11, 12, 13, 14, 15]
    assert int(flagged["rows_affected"].sum()) + len(kept) == 6
    assert corpus.files.query("source_file == 'ten_doc_hai.xlsx'")["rows_read"].tolist() == [6]


def test_hostile_names_kept_are_text_not_markup_or_formula_results(corpus):
    kept = corpus.non_participants.query("source_file == 'ten_doc_hai.xlsx'").sort_values("source_row")
    assert kept["full_name"].iloc[0] == "-Lê Văn Cường"
    assert "Phạm Thị Dung" in kept["full_name"].iloc[1]
    assert LONG_NAME not in set(corpus.non_participants["full_name"])


# --- limits -------------------------------------------------------------------------------------------------

PEAK_MEMORY = """
import resource, sys
from cchc_analysis.config import load_settings
from cchc_analysis.issues import IssueLog
from cchc_analysis.readers import ReadError, read_grids
settings = load_settings(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    read_grids(sys.argv[2], settings.limits, IssueLog())
    print("read")
except ReadError as exc:
    print(exc.code)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


NO_RATIO = {"max_compression_ratio = 200": "max_compression_ratio = 100000"}


@pytest.mark.parametrize("name, replace, code", [
    ("bom_nen.xlsx", {}, "zip_bomb"),
    ("bom_nen.xlsx", {**NO_RATIO, "max_uncompressed_mb = 1500": "max_uncompressed_mb = 100"}, "zip_bomb"),
    ("bom_khai_gian.xlsx", NO_RATIO, "file_truncated"),  # headers claim 1,000 bytes: the running cap stops it
], ids=["ratio", "size", "lying_header"])
def test_zip_bomb_is_refused_before_parsing_with_low_memory(corpus, tmp_path, name, replace, code):
    # a fresh process, so the peak is the bomb's alone (unguarded, 600 MB of sheet XML takes gigabytes)
    config = write_config(tmp_path, replace)
    done = subprocess.run([sys.executable, "-c", PEAK_MEMORY, str(config),
                           str(corpus.root / "data" / "raw" / "returns" / name)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    found, peak_mb = done.stdout.split()
    assert found == code
    assert int(peak_mb) < 500


def test_zip_bomb_never_reaches_the_sheet_reader(corpus, project, monkeypatch):
    import cchc_analysis.readers.xlsx as xlsx

    def parser_called(*args, **kwargs):
        raise AssertionError("the bomb reached the parser")

    monkeypatch.setattr(xlsx, "read_xlsx", parser_called)
    with pytest.raises(ReadError) as caught:
        read_grids(corpus.root / "data" / "raw" / "returns" / "bom_nen.xlsx", project.limits, IssueLog())
    assert caught.value.code == "zip_bomb"


def test_row_limit_comes_from_the_config(corpus, tmp_path):
    settings = load_settings(write_config(tmp_path, {"max_return_rows = 5000": "max_return_rows = 100"}))
    log = IssueLog()
    grids = read_grids(corpus.root / "data" / "raw" / "returns" / "trieu_dong.xlsx", settings.limits, log,
                       "trieu_dong.xlsx")
    assert len(grids[0].rows) == 100
    cut = [r for r in log.rows if r["code"] == "rows_truncated"]
    assert [(c["row"], c["rows_affected"], c["source_file"]) for c in cut] == [(101, 1_048_476, "trieu_dong.xlsx")]


# --- XXE ----------------------------------------------------------------------------------------------------

def output_texts(folder: Path) -> dict[str, str]:
    """Every output file under folder as text: parquet as its cells, xlsx as its XML parts, the rest decoded."""
    texts = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = str(path.relative_to(folder))
        if path.suffix == ".parquet":
            texts[name] = pd.read_parquet(path).astype(str).to_csv(index=False)
        elif path.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(path) as zf:
                texts[name] = "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist()
                                        if n.endswith((".xml", ".rels")))
        elif path.suffix in (".png", ".pdf"):
            continue
        else:
            texts[name] = DATA_URI.sub("data:", path.read_bytes().decode("utf-8", "replace"))
    return texts


def test_xxe_target_text_is_in_no_output(corpus):
    texts = output_texts(corpus.out)
    assert {"issues.csv", "entries.parquet"} <= set(texts)
    assert [name for name, text in texts.items() if SECRET in text] == []
    assert not corpus.issues["message"].str.contains(SECRET).any()


def declares_entity_on_secret(path: Path) -> bool:
    secret = (path.parent.parent / "secret.txt").as_posix().encode()
    with zipfile.ZipFile(path) as zf:
        return any(b"<!ENTITY xxe SYSTEM" in zf.read(n) and secret in zf.read(n) for n in zf.namelist())


@pytest.mark.parametrize("name", ["xxe.xlsx", "xxe.docx"])
def test_xxe_parsers_do_not_read_the_secret_even_past_the_guard(corpus, project, monkeypatch, name):
    import cchc_analysis.readers.guard as guard

    path = corpus.root / "data" / "raw" / "returns" / name
    assert declares_entity_on_secret(path)
    monkeypatch.setattr(guard, "_scan_parts", lambda *args: None)  # second line of defence: the parsers themselves
    try:
        cells = [cell for grid in read_grids(path, project.limits, IssueLog()) for row in grid.rows for cell in row]
    except ReadError as exc:
        cells = [exc.message]
    assert not any(SECRET in str(cell) for cell in cells)


def test_xxe_file_is_refused_even_under_another_name(tmp_path, corpus, project):
    # the DTD is found by content, whatever the file is called
    copy = tmp_path / "bao_cao.xls"
    copy.write_bytes((corpus.root / "data" / "raw" / "returns" / "xxe.xlsx").read_bytes())
    with pytest.raises(ReadError) as caught:
        read_grids(copy, project.limits, IssueLog())
    assert caught.value.code == "unsafe_xml"


# --- reports over the corpus: escaping, formulas, personal data --------------------------------------------

@pytest.fixture(scope="module")
def corpus_reports(corpus):
    from cchc_analysis.report import build_reports

    out = corpus.root / "reports"
    build_reports(corpus.settings, processed=corpus.out, out=out)
    return out


def personal_data_in(texts: dict[str, str]) -> dict[str, list[str]]:
    found = {}
    for name, text in texts.items():
        hits = PHONE.findall(text) + DIGIT_RUN.findall(text) + EMAIL.findall(text)
        if hits:
            found[name] = sorted(set(hits))[:10]
    return found


def test_no_phone_or_email_in_processed_corpus_tables(corpus):
    assert personal_data_in(output_texts(corpus.out)) == {}


def test_no_phone_in_processed_corpus_tables(corpus):
    texts = output_texts(corpus.out)
    assert {name: hits for name, hits in personal_data_in(texts).items()
            if any(not EMAIL.fullmatch(h) for h in hits)} == {}


def test_the_scanners_find_what_they_look_for(tmp_path):
    # the output checks below are only as good as these
    text = "Nguyễn Văn An,0912345678,+84987654321,an.nguyen@example.com,CCCD 030201000123,0.6923076923076923"
    assert personal_data_in({"x.csv": text}) == {"x.csv": ["+84987654321", "030201000123", "0912345678",
                                                           "84987654321", "an.nguyen@example.com"]}
    pd.DataFrame({"full_name": ["=1+2", "'=1+2", "An"], "n": [-3, 1, 2]}).to_parquet(tmp_path / "t.parquet")
    (tmp_path / "t.csv").write_text("full_name,n\n=1+2,-3\n'=1+2,1\nAn,2\n", encoding="utf-8-sig")
    assert unsafe_text_cells(tmp_path) == [("t.csv", "full_name", "=1+2")]


def unsafe_text_cells(out: Path) -> list[tuple[str, str, str]]:
    """(table, column, value) of CSV text cells that a spreadsheet would run as a formula."""
    unsafe = []
    for path in sorted(out.glob("*.csv")):
        parquet = out / f"{path.stem}.parquet"
        text_columns = None
        if parquet.exists():
            frame = pd.read_parquet(parquet)
            text_columns = {c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])}
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        header = rows[0]
        for row in rows[1:]:
            for column, value in zip(header, row):
                if (text_columns is None or column in text_columns) and value.startswith(FORMULA_START):
                    unsafe.append((path.name, column, value))
    return unsafe


def test_no_csv_text_cell_starts_a_formula(corpus):
    assert unsafe_text_cells(corpus.out) == []
    # and the hostile names are there, defused, not dropped
    names = pd.read_csv(corpus.out / "entries.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert {"'=1+2", "'+Nguyễn Văn Bình", "'-Lê Văn Cường", "'@Trần Thị Mai"} <= set(names["full_name"])


def test_parquet_keeps_the_names_as_typed(corpus):
    assert {"=1+2", "+Nguyễn Văn Bình", "-Lê Văn Cường", "@Trần Thị Mai"} <= set(corpus.entries["full_name"])


def workbook_unsafe_cells(path: Path) -> list[tuple[str, str, object]]:
    import openpyxl

    unsafe = []
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_START)):
                    unsafe.append((sheet.title, cell.coordinate, cell.value))
    return unsafe


def workbook_texts(path: Path) -> set[str]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    return {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}


def test_corpus_workbook_has_no_formula_cell(corpus_reports):
    workbooks = sorted(corpus_reports.glob("*.xlsx"))
    assert workbooks
    for path in workbooks:
        assert workbook_unsafe_cells(path) == []
    # the hostile names are shown, behind an apostrophe
    assert {"'-Lê Văn Cường", "'=1+2", "'@Trần Thị Mai"} <= workbook_texts(corpus_reports / "tong_hop_cchc.xlsx")


def test_corpus_html_escapes_input_markup(corpus_reports):
    pages = sorted(corpus_reports.glob("*.html"))
    assert pages
    # the markup is shown as text somewhere, so the check below is not vacuous
    assert any(re.search(r"&lt;script&gt;alert", p.read_text(encoding="utf-8"), re.IGNORECASE) for p in pages)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in p.read_text(encoding="utf-8") for p in pages)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script>\s*alert", text, re.IGNORECASE), page.name
        assert "<b>Hoàng</b>" not in text and "<B>Hoàng</B>" not in text, page.name
        # file and sheet names are input text too
        assert "<img src=x" not in text and HOSTILE_SHEET_NAME not in text, page.name


def test_corpus_reports_hold_no_phone(corpus_reports):
    texts = output_texts(corpus_reports)
    assert {name: hits for name, hits in personal_data_in(texts).items()
            if any(not EMAIL.fullmatch(h) for h in hits)} == {}
    assert [name for name, text in texts.items() if SECRET in text] == []


# --- the sample project: raw never written, no personal data, identical reruns ------------------------------

def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory):
    """The city sample: cleaned once (creates the person key), raw folder hashed, then cleaned and reported."""
    from cchc_analysis.report import build_reports
    from cchc_analysis.sample import write_sample

    root = tmp_path_factory.mktemp("sample_safety")
    settings = load_settings(write_config(root, {NOTEBOOKS_LINE: CORPUS_CONFIG[NOTEBOOKS_LINE]}))
    raw = root / "data" / "raw"
    write_sample(raw, seed=0)
    clean(settings)
    first_tables = tree_digest(settings.paths.processed)
    raw_before = tree_digest(raw)
    clean(settings)
    report_error = None
    try:
        build_reports(settings)
    except Exception as exc:  # recorded: the report tests below fail with its words
        report_error = f"{type(exc).__name__}: {exc}"
    return SimpleNamespace(root=root, settings=settings, raw=raw, raw_before=raw_before, first_tables=first_tables,
                           report_error=report_error)


def test_raw_data_is_never_written_by_clean_and_report(sample_project):
    assert sample_project.report_error is None
    assert tree_digest(sample_project.raw) == sample_project.raw_before
    assert not any("person_key" in name for name in sample_project.raw_before)
    # the person-key secret is made by the first run, outside data/raw
    assert sample_project.settings.paths.person_key_file.is_file()
    assert sample_project.raw not in sample_project.settings.paths.person_key_file.parents


def test_cleaning_twice_gives_identical_tables(sample_project):
    after = tree_digest(sample_project.settings.paths.processed)
    # the weekly history is written by `cchc report` (progress.record_history), not by clean
    written_by_report = {name for name in after if name.startswith("progress_history.")}
    assert written_by_report == {"progress_history.parquet", "progress_history.csv"}
    assert {k: v for k, v in after.items() if k not in written_by_report} == sample_project.first_tables


def test_no_phone_email_or_id_in_sample_tables(sample_project):
    texts = output_texts(sample_project.settings.paths.processed)
    assert "entries.parquet" in texts
    assert personal_data_in(texts) == {}


def test_no_phone_email_or_id_in_sample_reports(sample_project):
    assert sample_project.report_error is None
    texts = output_texts(sample_project.settings.paths.reports)
    assert any(name.endswith(".html") for name in texts) and any(name.endswith(".xlsx") for name in texts)
    assert personal_data_in(texts) == {}


def test_sample_outputs_have_no_formula_cell(sample_project):
    assert unsafe_text_cells(sample_project.settings.paths.processed) == []
    for path in sorted(sample_project.settings.paths.reports.glob("*.xlsx")):
        assert workbook_unsafe_cells(path) == []


# --- atomic outputs -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("writer", ["csv", "parquet"])
def test_interrupted_write_keeps_the_previous_table(tmp_path, monkeypatch, writer):
    import cchc_analysis.tables as tables

    raw = tmp_path / "data" / "raw"
    (raw / "returns").mkdir(parents=True)
    registry(raw / "units.xlsx", [["PNV", "Phòng Nội vụ", "Phòng, ban chuyên môn", 10, ""]])
    good_return(raw / "returns" / "pnv.xlsx")
    settings = load_settings(write_config(tmp_path))
    clean(settings)
    out = settings.paths.processed
    before = tree_digest(out)

    def half_then_fail(*args, **kwargs):
        target = Path(args[-1] if writer == "csv" else args[0])
        target.write_bytes(b"half a table")
        raise OSError("disk full")

    if writer == "csv":
        monkeypatch.setattr(tables, "write_bom_csv", lambda table, path: half_then_fail(table, path))
    else:
        monkeypatch.setattr(tables, "write_parquet", lambda table, path: half_then_fail(path))
    (raw / "returns" / "pnv.xlsx").unlink()  # the second run would write different tables
    with pytest.raises(OSError, match="disk full"):
        clean(settings)
    assert tree_digest(out) == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".") or p.suffix == ".tmp") == []


# --- rows that must not vanish, folders named without the machine's path -----------------------------------

def small_project(tmp_path, people) -> SimpleNamespace:
    raw = tmp_path / "data" / "raw"
    (raw / "returns").mkdir(parents=True)
    registry(raw / "units.xlsx", [["PNV", "Phòng Nội vụ", "Phòng, ban chuyên môn", 10, ""]])
    good_return(raw / "returns" / "pnv.xlsx", total=10, participants=10 - len(people), people=people)
    settings = load_settings(write_config(tmp_path))
    clean(settings)
    return SimpleNamespace(settings=settings, **processed_frames(settings.paths.processed))


def test_person_row_with_blank_name_is_an_issue(tmp_path):
    run = small_project(tmp_path, [("Trần Văn Bình", "Chuyên viên", "Ốm"), (None, "Chuyên viên", "Nghỉ phép"),
                                   ("Lê Thị Hà", "Kế toán", "Thai sản")])
    assert run.files.query("source_file == 'pnv.xlsx'")["rows_read"].tolist() == [3]
    assert 11 in set(run.issues.query("source_file == 'pnv.xlsx' and rows_affected > 0")["row"])


def test_missing_platform_folder_is_named_relative_to_the_project(tmp_path):
    run = small_project(tmp_path, [("Trần Văn Bình", "Chuyên viên", "Ốm")])
    missing = run.issues.query("code == 'platform_missing'")
    assert missing["source_file"].tolist() == ["data/raw/platform"]
    assert str(tmp_path) not in " ".join(run.issues["message"])


def test_interrupted_write_keeps_the_previous_unit_aliases(tmp_path, monkeypatch):
    raw = tmp_path / "data" / "raw"
    (raw / "platform").mkdir(parents=True)
    registry(raw / "units.xlsx", [["PNV", "Phòng Nội vụ", "Phòng, ban chuyên môn", 10, ""]])
    (raw / "platform" / "xuat.csv").write_text(
        "Họ và tên,Số điện thoại,Đơn vị,Thời gian nộp bài,Số câu đúng\n"
        "Trần Thị Hoa,0901234567,Phòng Không Có,25/11/2024 10:00:00,19\n", encoding="utf-8-sig")
    settings = load_settings(write_config(tmp_path))
    clean(settings)
    aliases = settings.paths.processed / "unit_aliases.csv"
    before = aliases.read_bytes()
    assert "Phòng Không Có" in before.decode("utf-8-sig")

    def half_then_fail(table, path):
        Path(path).write_bytes(b"half a table")
        raise OSError("disk full")

    monkeypatch.setattr(tables, "write_bom_csv", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        clean(settings)
    assert aliases.read_bytes() == before


def test_issue_messages_never_quote_contact_details():
    log = IssueLog()
    log.add("count_not_numeric", "Số liệu 'ĐT 0912 345 678, an.nguyen@example.com' không phải là số",
            source_file="a.xlsx", sheet="Liên hệ +84912345678", row=7)
    log.add("rows_truncated", "1043576 dòng sau dòng 5000 không được đọc; tỷ lệ 0.6923076923",
            source_file="a.xlsx", row=5001)
    messages = log.frame()["message"].tolist()
    assert messages == ["Số liệu 'ĐT [đã ẩn], [đã ẩn]' không phải là số",
                        "1043576 dòng sau dòng 5000 không được đọc; tỷ lệ 0.6923076923"]
    assert log.frame()["sheet"].tolist() == ["Liên hệ [đã ẩn]", ""]


def test_phone_typed_as_a_count_is_not_a_count(tmp_path):
    raw = tmp_path / "data" / "raw"
    (raw / "returns").mkdir(parents=True)
    registry(raw / "units.xlsx", [["PKT", "Phòng Kinh tế", "Phòng, ban chuyên môn", 8, ""]])
    good_return(raw / "returns" / "pkt.xlsx", unit="Phòng Kinh tế", total="ĐT: 0912345678", participants=5,
                people=[])
    settings = load_settings(write_config(tmp_path))
    clean(settings)
    returns = pd.read_parquet(settings.paths.processed / "returns.parquet")
    assert returns["status"].tolist() == ["rejected"]
    assert personal_data_in(output_texts(settings.paths.processed)) == {}


@pytest.mark.parametrize("value, expected", [("0912345678", None), (912345678, None), ("0 người", 0),
                                             ("1.200", 1200), (1_000_000, 1_000_000), (1_000_001, None)])
def test_headcount_that_looks_like_a_phone_is_no_headcount(value, expected):
    from cchc_analysis.registry import parse_headcount

    assert parse_headcount(value) == expected


def test_platform_row_limit_comes_from_the_config(corpus, tmp_path):
    raw = tmp_path / "data" / "raw"
    (raw / "platform").mkdir(parents=True)
    registry(raw / "units.xlsx", [["PKT", "Phòng Kinh tế", "Phòng, ban chuyên môn", 8, ""]])
    export = "ten_doc_hai_he_thong.csv"
    (raw / "platform" / export).write_bytes((corpus.root / "data" / "raw" / "platform" / export).read_bytes())
    settings = load_settings(write_config(tmp_path, {"max_platform_rows = 2000000": "max_platform_rows = 3"}))
    clean(settings)
    run = SimpleNamespace(**processed_frames(settings.paths.processed))
    assert len(run.entries) == 3
    cut = run.issues.query("source_file == @export and rows_affected > 0")
    assert int(cut["rows_affected"].sum()) == len(HOSTILE_PLATFORM_NAMES) - 3
    assert_rows_balance(run.files)


@pytest.mark.parametrize("replace, name, code, words", [
    ({"max_file_mb = 300": "max_file_mb = 1"}, "trieu_dong.xlsx", "file_too_large", "1 MB"),
    ({"max_zip_entries = 5000": "max_zip_entries = 5"}, "ngay_pkt.xlsx", "zip_bomb", "5"),
], ids=["file_size", "zip_entries"])
def test_file_limits_come_from_the_config(corpus, tmp_path, replace, name, code, words):
    settings = load_settings(write_config(tmp_path, replace))
    with pytest.raises(ReadError) as caught:
        read_grids(corpus.root / "data" / "raw" / "returns" / name, settings.limits, IssueLog())
    assert caught.value.code == code
    assert words in caught.value.message
