"""`cchc sample`: the synthetic raw data is real files of every layout, and truth.json says what they hold."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest
import xlrd
from rapidfuzz import fuzz

from cchc_analysis import sample
from cchc_analysis.config import load_settings
from cchc_analysis.reasons import classify_reasons
from cchc_analysis.sample.people import REASONS, plain_key, to_cp1258
from cchc_analysis.sample.platform import CSV_HEADER, XLSX_HEADER
from cchc_analysis.sample.returns import LAYOUTS, rate_text
from cchc_analysis.sample.units import REGISTRY_HEADER
from cchc_analysis.text import tcvn3_to_unicode, vni_to_unicode

SETTINGS = load_settings()


@pytest.fixture(scope="module", params=[0, 11])
def city(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("city")
    sample.write_sample(out, seed=request.param)
    return out, json.loads((out / "truth.json").read_text(encoding="utf-8"))


def returns_of(truth, layout=None, status=None):
    return [r for r in truth["returns"]
            if (layout is None or r["layout"] == layout) and (status is None or r["status"] == status)]


def nonblank_rows(ws):
    return [tuple(v for v in row) for row in ws.iter_rows(values_only=True) if any(v is not None for v in row)]


# ----------------------------------------------------------------------------- files and layouts

def test_sample_writes_registry_returns_platform_and_truth(city):
    out, truth = city
    assert (out / "units.xlsx").is_file()
    written = sorted(p.name for p in (out / "returns").iterdir())
    assert written == sorted(r["source_file"] for r in truth["returns"])
    assert sorted(p.name for p in (out / "platform").iterdir()) == [
        "Ket_qua_thi_Chi_Linh.xlsx", "Ket_qua_thi_Chi_Linh_bo_sung.csv"]


def test_every_layout_and_file_kind_is_present(city):
    from cchc_analysis.sample.documents import DOCUMENT_LAYOUTS, available_programs

    _, truth = city
    layouts = Counter(r["layout"] for r in truth["returns"])
    # documents only where this machine has the program that makes or reads them (LibreOffice, Tesseract)
    have = available_programs()
    documents = {name for name, (_, _, program) in DOCUMENT_LAYOUTS.items() if program in have}
    assert set(layouts) == set(LAYOUTS) | documents
    kinds = {Path(r["source_file"]).suffix for r in truth["returns"]}
    extra = {suffix for name, (_, suffix, _) in DOCUMENT_LAYOUTS.items() if name in documents}
    assert kinds == {".xlsx", ".xls", ".docx", ".csv"} | extra


def test_without_libreoffice_or_tesseract_the_sample_keeps_docx_and_xlsx(tmp_path, monkeypatch):
    from cchc_analysis.sample import city as sample_city
    from cchc_analysis.sample import documents as sample_documents

    monkeypatch.setattr(sample_documents, "available_programs", lambda: set())
    monkeypatch.setattr(sample_city, "available_programs", lambda: set())
    sample.write_sample(tmp_path, seed=3)
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert {Path(r["source_file"]).suffix for r in truth["returns"]} == {".xlsx", ".xls", ".docx", ".csv"}
    assert {r["layout"] for r in truth["returns"]} == set(LAYOUTS)


def test_document_returns_hold_what_the_truth_says(city):
    """The text PDF's text layer, the .ods cells and the scan's drawing carry the return's own figures."""
    import pdfplumber
    import python_calamine as pc

    out, truth = city
    for expected in truth["returns"]:
        path = out / "returns" / expected["source_file"]
        if expected["layout"] == "pdf_text":
            # the text layer as words: a wrapped name cell interleaves with its neighbours line by line
            with pdfplumber.open(path) as pdf:
                words = {w["text"].casefold() for page in pdf.pages for w in page.extract_words()}
                text = " ".join(page.extract_text() for page in pdf.pages)
            assert f"Tổng số CBCCVC {expected['total_staff']}" in text
            # every word of every name is there, as the clerk typed it (some in capitals)
            assert all(part.casefold() in words for p in expected["non_participants"]
                       for part in p["full_name"].split())
        elif expected["layout"] == "ods_label_cells":
            rows = pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
            assert ["Tổng số CBCCVC", expected["total_staff"]] in [r[:2] for r in rows]
        elif expected["layout"] == "scan_jpg":
            from PIL import Image

            with Image.open(path) as image:
                assert image.format == "JPEG" and round(image.info["dpi"][0]) == 200


def test_some_file_names_do_not_name_the_unit(city):
    _, truth = city
    generic = [r for r in truth["returns"] if re.match(r"(Bao cao ket qua|BC thi truc tuyen|baocao_|Báo cáo kết quả tham gia)",
                                                        r["source_file"])]
    assert len(generic) >= 5


# ----------------------------------------------------------------------------- registry

def test_registry_has_the_design_header_below_a_title(city):
    out, truth = city
    rows = nonblank_rows(openpyxl.load_workbook(out / "units.xlsx").active)
    assert rows[0][0].startswith("DANH SÁCH CƠ QUAN, ĐƠN VỊ")
    assert list(rows[1]) == REGISTRY_HEADER
    assert [r[0] for r in rows[2:]] == [u["unit_code"] for u in truth["units"]]
    assert 90 <= len(truth["units"]) <= 110


def test_registry_groups_and_shared_place_names(city):
    out, truth = city
    rows = nonblank_rows(openpyxl.load_workbook(out / "units.xlsx").active)[2:]
    by_code = {r[0]: r for r in rows}
    groups = Counter(r[2] for r in rows)
    assert groups["Xã, phường"] == 19
    assert set(groups) == {"Phòng, ban chuyên môn", "Đơn vị sự nghiệp", "Mặt trận, đoàn thể", "Xã, phường",
                           "Mầm non", "Tiểu học", "TH&THCS", "THCS"}
    assert by_code["P_SAODO"][1] == "UBND phường Sao Đỏ"
    assert by_code["MN_SAODO"][1] == "Trường Mầm non Sao Đỏ"
    assert by_code["TH_SAODO"][1] == "Trường Tiểu học Sao Đỏ"
    assert by_code["THCS_CHUVANAN"][1] == "Trường THCS Chu Văn An"
    assert "Phòng TC-KH" in by_code["PTCKH"][4].split(";")


def test_headcounts_are_realistic(city):
    _, truth = city
    for unit in truth["units"]:
        low, high = {"Phòng, ban chuyên môn": (5, 25), "Xã, phường": (20, 30)}.get(
            unit["group"], (20, 80) if unit["group"] in ("Mầm non", "Tiểu học", "TH&THCS", "THCS") else (5, 45))
        assert low <= unit["staff_registry"] <= high, unit


# ----------------------------------------------------------------------------- returns, reopened

def test_merged_header_return_has_a_two_row_header_and_the_numbers(city):
    out, truth = city
    expected = returns_of(truth, "xlsx_merged_header", "accepted")[0]
    ws = openpyxl.load_workbook(out / "returns" / expected["source_file"]).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A8:A9", "D8:E8", "F8:F9"} <= merged
    assert ws["D8"].value == "Kết quả tham gia" and ws["D9"].value == "Số CBCCVC tham gia"
    assert (ws["C10"].value, ws["D10"].value) == (expected["total_staff"], expected["participants"])
    assert ws["A1"].value == "UBND THÀNH PHỐ CHÍ LINH" or ws["A1"].value == "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
    day = dt.date.fromisoformat(expected["report_date"])
    assert ws["D3"].value.endswith(f", ngày {day.day:02d} tháng 12 năm 2024")


def test_xls_return_reads_back_with_xlrd(city):
    out, truth = city
    expected = returns_of(truth, "xls_label_cells")[0]
    book = xlrd.open_workbook(str(out / "returns" / expected["source_file"]))
    sheet = book.sheet_by_index(0)
    fields = {sheet.cell_value(r, 0): sheet.cell_value(r, 1) for r in range(sheet.nrows) if sheet.ncols > 1}
    assert fields["Tổng số CBCCVC"] == expected["total_staff"]
    assert fields["Số CBCCVC tham gia"] == expected["participants"]
    day = xlrd.xldate_as_datetime(fields["Ngày báo cáo"], book.datemode).date()
    assert day.isoformat() == expected["report_date"]


def test_docx_prose_return_states_the_numbers_in_a_sentence(city):
    out, truth = city
    expected = next(r for r in returns_of(truth, "docx_prose", "accepted") if r["non_participants"])
    document = docx.Document(str(out / "returns" / expected["source_file"]))
    text = "\n".join(p.text for p in document.paragraphs)
    total, part = expected["total_staff"], expected["participants"]
    assert (f"Tổng số CBCCVC của đơn vị là {total} đồng chí; số đồng chí tham gia: {part} đồng chí, "
            f"đạt {rate_text(part, total)}") in text
    people = next(t for t in document.tables if t.rows[0].cells[1].text == "Họ và tên")
    names = [" ".join(row.cells[1].text.split()).title() for row in people.rows[1:]]
    assert sorted(names) == sorted(p["full_name"] for p in expected["non_participants"])


def test_docx_field_table_return_holds_the_fields_in_a_table(city):
    out, truth = city
    expected = returns_of(truth, "docx_field_table")[0]
    document = docx.Document(str(out / "returns" / expected["source_file"]))
    fields = {row.cells[0].text: row.cells[1].text for t in document.tables for row in t.rows if len(row.cells) == 2}
    assert fields["Tổng số CBCCVC"] == str(expected["total_staff"])
    assert fields["Số CBCCVC tham gia"] == str(expected["participants"])


def test_windows_1258_csv_keeps_tones_as_combining_marks(city):
    out, truth = city
    expected = returns_of(truth, "csv_cp1258_nfd")[0]
    data = (out / "returns" / expected["source_file"]).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp1258")
    assert "\u0301" in text or "\u0300" in text  # tones stay combining, as Windows-1258 writes them
    rows = list(csv.reader(io.StringIO(unicodedata.normalize("NFC", text))))
    fields = {r[0]: r[1] for r in rows if len(r) > 1}
    assert fields["Tổng số CBCCVC"] == str(expected["total_staff"])
    names = {r[1] for r in rows if len(r) > 3 and r[0].isdigit()}
    assert {" ".join(n.split()).title() for n in names} == {p["full_name"] for p in expected["non_participants"]}


def test_cp1258_writer_round_trips_every_vietnamese_letter():
    letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    text = letters + letters.upper()
    assert unicodedata.normalize("NFC", to_cp1258(text).decode("cp1258")) == text


def test_utf8_csv_return_starts_with_a_bom(city):
    out, truth = city
    expected = returns_of(truth, "csv_utf8_bom")[0]
    data = (out / "returns" / expected["source_file"]).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    fields = {r[0]: r[1] for r in csv.reader(io.StringIO(data.decode("utf-8-sig"))) if len(r) > 1}
    assert fields["Số CBCCVC tham gia"] == str(expected["participants"])


def test_tcvn3_return_is_typed_in_vntime_and_converts_back(city):
    out, truth = city
    expected = returns_of(truth, "xlsx_tcvn3")[0]
    ws = openpyxl.load_workbook(out / "returns" / expected["source_file"]).active
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts <= {".VnTime", ".VnTimeH"} and ".VnTime" in fonts
    fields = {tcvn3_to_unicode(r[0]): r[1] for r in nonblank_rows(ws) if isinstance(r[0], str) and len(r) > 1}
    assert fields["Tổng số CBCCVC"] == expected["total_staff"]
    unit_name = next(u["unit_name"] for u in truth["units"] if u["unit_code"] == expected["unit_code"])
    assert tcvn3_to_unicode(fields["Đơn vị báo cáo"]).lower() == unit_name.lower()
    assert tcvn3_to_unicode(ws["A2"].value, capitals=True) == unit_name.upper()


def test_vni_docx_is_typed_in_vni_times_and_converts_back(city):
    out, truth = city
    expected = returns_of(truth, "docx_vni")[0]
    document = docx.Document(str(out / "returns" / expected["source_file"]))
    runs = [r for p in document.paragraphs for r in p.runs if r.text]
    assert {r.font.name for r in runs} == {"VNI-Times"}
    text = vni_to_unicode("\n".join(p.text for p in document.paragraphs))
    assert f"Tổng số CBCCVC của đơn vị là {expected['total_staff']} đồng chí" in text


def test_nfd_return_holds_decomposed_text(city):
    out, truth = city
    expected = returns_of(truth, "xlsx_nfd")[0]
    rows = nonblank_rows(openpyxl.load_workbook(out / "returns" / expected["source_file"]).active)
    texts = [v for row in rows for v in row if isinstance(v, str)]
    assert any(unicodedata.normalize("NFC", t) != t for t in texts)
    assert f"Tổng số CBCCVC: {expected['total_staff']}" in [unicodedata.normalize("NFC", t) for t in texts]


def test_numbers_typed_as_text_read_like_a_person_would(city):
    out, truth = city
    expected = returns_of(truth, "xlsx_text_numbers")[0]
    rows = nonblank_rows(openpyxl.load_workbook(out / "returns" / expected["source_file"]).active)
    fields = {r[0]: r[1] for r in rows if len(r) > 1}
    total, part = expected["total_staff"], expected["participants"]
    assert fields["Tổng số CBCCVC"] == f"{total} người"
    assert fields["Số CBCCVC tham gia"] == f"{part}/{total}"
    assert fields["Tỷ lệ tham gia"] == rate_text(part, total)


def test_sub_units_table_ends_with_a_total_row(city):
    out, truth = city
    for expected in returns_of(truth, "xlsx_subunits"):
        rows = nonblank_rows(openpyxl.load_workbook(out / "returns" / expected["source_file"]).active)
        start = next(i for i, r in enumerate(rows) if r[1] == "Bộ phận")
        total_at = next(i for i, r in enumerate(rows) if r[1] == "Tổng cộng")
        parts = rows[start + 1:total_at]
        assert rows[total_at][2:4] == (expected["total_staff"], expected["participants"])
        assert (sum(r[2] for r in parts), sum(r[3] for r in parts)) == rows[total_at][2:4]


def test_rate_text_is_written_the_vietnamese_way():
    assert rate_text(45, 48) == "93,75%"
    assert rate_text(20, 22) == "90,91%"
    assert rate_text(30, 30) == "100%"
    assert rate_text(27, 30) == "90%"


def test_file_times_are_fixed_and_a_later_addendum_is_saved_later(city):
    out, truth = city
    pairs = [r for r in truth["returns"] if "(bổ sung)" in r["source_file"]]
    assert len(pairs) == 1
    later = out / "returns" / pairs[0]["source_file"]
    earlier = out / "returns" / pairs[0]["source_file"].replace(" (bổ sung)", "")
    assert later.stat().st_mtime > earlier.stat().st_mtime
    local = dt.datetime.fromtimestamp(later.stat().st_mtime, dt.timezone(dt.timedelta(hours=7)))
    assert local.replace(tzinfo=None) == dt.datetime(2024, 12, 15, 15, 40)


# ----------------------------------------------------------------------------- truth of the returns

def test_listed_people_add_up_except_the_designed_warning(city):
    _, truth = city
    short = []
    for r in truth["returns"]:
        if r["status"] == "rejected":
            continue
        if len(r["non_participants"]) != r["total_staff"] - r["participants"]:
            short.append(r)
    assert len(short) == 1 and short[0]["warnings"] == ["people_count_mismatch"]
    assert len(short[0]["non_participants"]) == short[0]["total_staff"] - short[0]["participants"] - 1


def test_designed_cases_are_present(city):
    _, truth = city
    status = Counter(r["status"] for r in truth["returns"])
    assert status["superseded"] == 2 and status["rejected"] == 1
    rejected = returns_of(truth, status="rejected")[0]
    assert rejected["participants"] > rejected["total_staff"]
    late = [r for r in truth["returns"] if r["late"]]
    assert late and all("2024-12-18" <= r["report_date"] <= "2024-12-20" for r in late)
    assert all(r["warnings"] == ["return_late"] for r in late)
    v2 = next(r for r in truth["returns"] if r["source_file"].endswith("_v2.xlsx"))
    old = next(r for r in truth["returns"] if r["source_file"] == v2["source_file"].replace("_v2", ""))
    assert (old["status"], v2["status"]) == ("superseded", "accepted")
    assert old["report_date"] < v2["report_date"] and old["unit_code"] == v2["unit_code"]
    assert 4 <= len(truth["missing_units"]) <= 6


def test_each_unit_has_one_accepted_return_or_none(city):
    _, truth = city
    accepted = Counter(r["unit_code"] for r in returns_of(truth, status="accepted"))
    assert max(accepted.values()) == 1
    silent = {u["unit_code"] for u in truth["units"]} - {r["unit_code"] for r in truth["returns"]}
    assert silent == set(truth["missing_units"])


def test_rates_sit_on_the_grade_boundaries(city):
    _, truth = city
    rates = []
    for r in returns_of(truth, status="accepted"):
        justified = sum(p["justified"] for p in r["non_participants"])
        rates.append(r["participants"] / (r["total_staff"] - justified))
    assert {1.0, 0.9, 0.7} <= set(rates)
    assert any(rate < 0.7 for rate in rates)
    full_raw = [r for r in returns_of(truth, status="accepted") if r["participants"] == r["total_staff"]]
    assert full_raw


def test_grades_follow_the_design_rules(city):
    _, truth = city
    labels = SETTINGS.grades.labels
    accepted = {r["unit_code"]: r for r in returns_of(truth, status="accepted")}
    for unit in truth["units"]:
        r = accepted.get(unit["unit_code"])
        if r is None:
            want = labels["fail"]
        else:
            justified = sum(p["justified"] for p in r["non_participants"])
            rate = r["participants"] / (r["total_staff"] - justified)
            want = (labels["excellent"] if rate >= 1 and not r["late"] else labels["good"] if rate >= 0.9
                    else labels["pass"] if rate >= 0.7 else labels["fail"])
        assert truth["grades"][unit["unit_code"]] == want, unit
    assert set(truth["grades"].values()) == set(labels.values())


def test_late_return_at_full_participation_is_not_excellent(city):
    _, truth = city
    late_full = [r for r in truth["returns"] if r["late"] and r["participants"] == r["total_staff"]]
    assert late_full
    assert all(truth["grades"][r["unit_code"]] == "Hoàn thành tốt" for r in late_full)


def test_reasons_fall_in_the_category_cchc_toml_gives_them():
    texts = [(text, category) for category, words in REASONS.items() for text in words]
    got = classify_reasons(pd.Series([t for t, _ in texts]), SETTINGS)["reason_category"].tolist()
    assert got == [c for _, c in texts]


def test_people_in_truth_are_nfc_single_spaced_and_name_cased(city):
    _, truth = city
    people = [p for r in truth["returns"] for p in r["non_participants"]]
    assert len(people) > 100
    for p in people:
        name = p["full_name"]
        assert name == unicodedata.normalize("NFC", name) == " ".join(name.split())
        assert all(word[0].isupper() and word[1:] == word[1:].lower() for word in name.split())
    assert {p["reason_category"] for p in people} == set(REASONS)


# ----------------------------------------------------------------------------- platform

def platform_frames(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    xlsx = pd.read_excel(out / "platform" / "Ket_qua_thi_Chi_Linh.xlsx", header=2, dtype=object, engine="openpyxl")
    csv_rows = pd.read_csv(out / "platform" / "Ket_qua_thi_Chi_Linh_bo_sung.csv", dtype=str, encoding="utf-8-sig")
    return xlsx, csv_rows


def parse_times(values: pd.Series) -> pd.Series:
    def one(v):
        if isinstance(v, dt.datetime):
            return v
        v = str(v)
        return dt.datetime.strptime(v, "%d/%m/%Y %H:%M:%S") if "/" in v else dt.datetime.fromisoformat(v)
    return values.map(one)


def test_platform_files_have_title_rows_and_their_headers(city):
    out, _ = city
    rows = nonblank_rows(openpyxl.load_workbook(out / "platform" / "Ket_qua_thi_Chi_Linh.xlsx").active)
    assert rows[0][0].startswith("KẾT QUẢ CUỘC THI") and list(rows[2]) == XLSX_HEADER
    header = (out / "platform" / "Ket_qua_thi_Chi_Linh_bo_sung.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(",") == CSV_HEADER


def test_platform_attempts_and_window_match_the_truth(city):
    out, truth = city
    xlsx, csv_rows = platform_frames(out)
    assert len(xlsx) + len(csv_rows) == truth["platform"]["attempts"]
    submitted = pd.concat([parse_times(xlsx["Thời gian nộp bài"]), parse_times(csv_rows["Thời gian nộp"])])
    started = pd.concat([parse_times(xlsx["Thời gian bắt đầu"]), parse_times(csv_rows["Bắt đầu"])])
    window = (dt.datetime(2024, 11, 18, 7, 30), dt.datetime(2024, 12, 13, 16, 30))
    inside = (submitted >= window[0]) & (submitted <= window[1])
    assert int(inside.sum()) == truth["platform"]["attempts_in_window"]
    assert truth["platform"]["attempts_out_of_window"] > 0
    # no attempt straddles an edge of the window
    assert (((started >= window[0]) & (started <= window[1])) == inside).all()
    kinds = {type(v) for v in xlsx["Thời gian nộp bài"]}
    assert dt.datetime in kinds and str in kinds


def test_platform_people_match_the_truth_per_unit(city):
    out, truth = city
    xlsx, csv_rows = platform_frames(out)
    rows = pd.DataFrame({
        "phone": pd.concat([xlsx["Số điện thoại"], csv_rows["SĐT"]]).astype(str),
        "unit_text": pd.concat([xlsx["Đơn vị"], csv_rows["Đơn vị công tác"]]),
        "submitted": pd.concat([parse_times(xlsx["Thời gian nộp bài"]), parse_times(csv_rows["Thời gian nộp"])]),
    })
    digits = rows["phone"].str.replace(r"\D", "", regex=True)
    rows["person"] = digits.str.replace(r"^(84|0)", "", regex=True)
    assert rows["phone"].nunique() > rows["person"].nunique()  # one number typed in several shapes
    rows["unit_code"] = rows["unit_text"].map(truth["platform"]["unit_texts"])
    inside = rows[(rows["submitted"] >= dt.datetime(2024, 11, 18, 7, 30))
                  & (rows["submitted"] <= dt.datetime(2024, 12, 13, 16, 30))]
    people = inside.dropna(subset=["unit_code"]).groupby("unit_code")["person"].nunique().to_dict()
    assert people == truth["platform"]["people_by_unit"]
    assert inside.loc[inside["unit_code"].isna(), "person"].nunique() == truth["platform"]["unmatched_people"]
    staff = {u["unit_code"]: u["staff_registry"] for u in truth["units"]}
    assert all(count <= staff[code] for code, count in people.items())


def test_some_units_show_fewer_people_than_they_reported(city):
    _, truth = city
    people = truth["platform"]["people_by_unit"]
    short = [r for r in returns_of(truth, status="accepted") if people.get(r["unit_code"], 0) < r["participants"] - 2]
    assert 3 <= len(short) <= 8


def test_typed_unit_texts_hold_the_noise_the_brief_asks_for(city):
    _, truth = city
    texts = truth["platform"]["unit_texts"]
    names = {u["unit_name"] for u in truth["units"]}
    assert texts["Sao Đỏ"] is None
    assert texts["Công an tỉnh Hải Dương"] is None and texts["UBND huyện Nam Sách"] is None
    assert "phòng tc-kh" in texts or "Phòng TC-KH" in texts or "Phòng TCKH" in texts
    assert any(t.startswith("UBND P.") for t in texts)
    assert any(t == t.lower() and plain_key(t) == t.replace("-", " ").replace("  ", " ") for t in texts)
    assert sum(1 for t in texts if t not in names) > 200


def test_typos_stay_closest_to_their_own_unit(city):
    _, truth = city
    names = {u["unit_code"]: plain_key(u["unit_name"]) for u in truth["units"]}

    def one_letter_more(key: str, name: str) -> bool:
        return len(key) == len(name) + 1 and any(key[:i] + key[i + 1:] == name for i in range(len(key)))

    typos = {t: c for t, c in truth["platform"]["unit_texts"].items() if c and one_letter_more(plain_key(t), names[c])}
    assert typos
    for text, code in typos.items():
        scores = {c: fuzz.token_sort_ratio(plain_key(text), n) for c, n in names.items()}
        others = max(s for c, s in scores.items() if c != code)
        assert scores[code] >= 95 and scores[code] - others >= 10, (text, scores[code], others)


# ----------------------------------------------------------------------------- determinism and scale

def test_same_seed_writes_the_same_truth_byte_for_byte(city, tmp_path):
    out, truth = city
    sample.write_sample(tmp_path / "again", seed=truth["seed"])
    assert (tmp_path / "again" / "truth.json").read_bytes() == (out / "truth.json").read_bytes()

    def tree(folder: Path) -> dict:
        return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime) for p in folder.rglob("*") if p.is_file()}

    # every file, xlsx and docx included, has the same bytes and the same file time
    assert tree(tmp_path / "again") == tree(out)


def test_another_seed_writes_another_sample(city, tmp_path):
    out, truth = city
    sample.write_sample(tmp_path / "other", seed=7)
    other = json.loads((tmp_path / "other" / "truth.json").read_text(encoding="utf-8"))
    assert other["seed"] == 7
    assert other["platform"] != truth["platform"]
    assert [r["participants"] for r in other["returns"]] != [r["participants"] for r in truth["returns"]]


def test_province_scale_goes_to_the_province_writer(monkeypatch, tmp_path):
    from cchc_analysis.sample import province as sample_province

    calls = []
    monkeypatch.setattr(sample_province, "write_province_sample",
                        lambda out_dir, seed=0: calls.append((out_dir, seed)) or out_dir)
    assert sample.write_sample(tmp_path, seed=3, scale="province") == tmp_path
    assert calls == [(tmp_path, 3)]
    with pytest.raises(ValueError):
        sample.write_sample(tmp_path, scale="county")


def test_returns_for_a_registry_frame_are_written_one_per_unit(tmp_path):
    registry = pd.DataFrame({
        "Mã đơn vị": ["X1", "X2", "X3"],
        "Tên đơn vị": ["UBND xã An Bình Kinh Môn", "Trường Tiểu học Phú Thái", "Phòng Nội vụ Kinh Môn"],
        "Khối": ["Xã, phường", "Tiểu học", "Phòng, ban chuyên môn"],
        "Tổng số CBCCVC": [24, 31, 9],
        "Tên gọi khác": ["", "", ""],
    })
    paths = sample.write_returns_for(registry, tmp_path / "returns", seed=1)
    assert len(paths) == 3 and all(p.is_file() and p.stat().st_size > 0 for p in paths)


def test_cchc_sample_command_writes_the_sample(tmp_path, capsys):
    from cchc_analysis.cli import main

    assert main(["sample", str(tmp_path / "raw"), "--seed", "2"]) == 0
    truth = json.loads((tmp_path / "raw" / "truth.json").read_text(encoding="utf-8"))
    assert truth["seed"] == 2 and (tmp_path / "raw" / "units.xlsx").is_file()
    assert str(tmp_path / "raw") in capsys.readouterr().out


def test_every_sample_layout_has_its_writer():
    from cchc_analysis.sample.returns import LAYOUT_WRITERS, LAYOUTS

    assert set(LAYOUT_WRITERS) == set(LAYOUTS)
