"""Unit names as contestants type them on the platform (issue 12): what a careful analyst would accept resolves,
another body stays unmatched, and the analyst's confirmation in the review file counts on the next run."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cchc_analysis.config import load_settings
from cchc_analysis.issues import IssueLog
from cchc_analysis.registry import UnitMatcher, read_registry
from cchc_analysis.sample_people import to_cp1258
from cchc_analysis.tables import load_tables
from conftest import write_config
from unseen_platform_maker import write_titled_xlsx

REGISTRY_HEADER = ["Mã đơn vị", "Tên đơn vị", "Khối", "Tổng số CBCCVC", "Tên gọi khác"]
REGISTRY = [
    ("PNV", "Phòng Nội vụ"), ("PGDDT", "Phòng Giáo dục và Đào tạo"), ("PTCKH", "Phòng Tài chính - Kế hoạch"),
    ("PVHTT", "Phòng Văn hóa và Thông tin"), ("PKT", "Phòng Kinh tế"), ("PQLDT", "Phòng Quản lý đô thị"),
    ("TTVH", "Trung tâm Văn hóa, Thông tin và Thể thao"), ("TTGDNN", "Trung tâm GDNN-GDTX"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ thành phố"), ("HCCB", "Hội Cựu chiến binh thành phố"),
    ("HND", "Hội Nông dân thành phố"), ("PSD", "Phường Sao Đỏ"), ("PCH", "Phường Cộng Hòa"),
    ("MNSD", "Trường Mầm non Sao Đỏ"), ("THSD", "Trường Tiểu học Sao Đỏ"), ("THCSSD", "Trường THCS Sao Đỏ"),
    ("THCSCVA", "Trường THCS Chu Văn An"), ("MNHS", "Trường Mầm non Hoa Sen"), ("MNHP", "Trường Mầm non Hoa Phượng"),
]
PLATFORM_HEADER = ["STT", "Họ và tên", "Số điện thoại", "Đơn vị công tác", "Thời gian nộp bài", "Số câu đúng"]


def write_registry(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.active.append(REGISTRY_HEADER)
    for code, name in REGISTRY:
        book.active.append([code, name, "", 10, ""])
    book.save(path)
    return path


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    settings = load_settings()
    units = read_registry(write_registry(tmp_path_factory.mktemp("reg") / "units.xlsx"), settings, IssueLog())
    return UnitMatcher(units, settings, partial=True)


# what contestants typed → the unit a careful analyst reads it as
RESOLVED = {
    "phong giao duc": "PGDDT",                       # accent-free, a prefix of the name
    "PHÒNG GIÁO DỤC": "PGDDT",                       # upper case
    "Phòng GD": "PGDDT",
    "Phòng GD&ĐT": "PGDDT",
    "Phòng GD&ĐT thành phố Chí Linh": "PGDDT",       # the city after
    "Phòng Giáo dục Chí Linh": "PGDDT",
    "Hội Phụ nữ": "HLHPN",                           # a subset: "Liên hiệp" and the city dropped
    "hoi phu nu thanh pho": "HLHPN",
    "Hội LHPN TP Chí Linh": "HLHPN",
    "Phòng TC-KH": "PTCKH",
    "P. TC-KH": "PTCKH",                             # "P." read as Phòng: no ward is called so
    "P. Nội vụ": "PNV",
    "Phòng Tài chính": "PTCKH",
    "Phòng VH-TT": "PVHTT",
    "Phòng Văn hóa": "PVHTT",                        # the Trung tâm holds "văn hóa" too, but is another kind
    "TT VH-TT-TT": "TTVH",
    "Trung tâm VH-TT": "TTVH",
    "Trung tâm Văn hóa Thể thao": "TTVH",            # words out of order, "Thông tin" dropped
    "UBND P. Sao Đỏ": "PSD",
    "UBND P.Cộng Hòa": "PCH",
    "Hội Cựu chiến binh": "HCCB",
    "THCS Chu Van An": "THCSCVA",
    "Trường THCS Chu Văn An TP Chí Linh": "THCSCVA",
    "Tiểu học Sao Đỏ": "THSD",
}

# bodies outside the registry, or names that fit more than one unit: never a guess
UNMATCHED = [
    "Công an tỉnh Hải Dương", "Công an phường Sao Đỏ", "Trạm Y tế phường Sao Đỏ", "Đảng ủy phường Sao Đỏ",
    "Phòng Giáo dục huyện Kinh Môn", "Phòng GD&ĐT Kinh Môn", "Phòng Giáo dục và Đào tạo huyện Kinh Môn",
    "Phòng Nội vụ TP Hải Dương", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT Hải Dương",
    "Hội Phụ nữ phường Sao Đỏ", "Hội Phụ nữ huyện Nam Sách", "Hội Nông dân xã Hoàng Tiến", "Hội Chữ thập đỏ",
    "Trung tâm Y tế", "Phòng Y tế", "Phòng Tư pháp", "Phòng Cảnh sát giao thông", "Trường THPT Chí Linh",
    "Mầm non tư thục Sao Đỏ", "Trường Mầm non", "Phòng", "Chi cục Thuế",
    "Mầm non Hoa",                                   # Hoa Sen and Hoa Phượng both hold the words
]


@pytest.mark.parametrize("text,code", RESOLVED.items())
def test_typed_spelling_resolves_as_an_analyst_would(matcher, text, code):
    assert matcher.match(text).unit_code == code


@pytest.mark.parametrize("text", UNMATCHED)
def test_other_bodies_and_names_fitting_two_units_stay_unmatched(matcher, text):
    assert matcher.match(text).unit_code is None


def test_shortened_name_has_its_own_method_and_two_fits_are_ambiguous(matcher):
    short = matcher.match("phong giao duc")
    assert (short.method, short.score) == ("partial", 50.0)  # two of the four words of "giáo dục và đào tạo"
    two = matcher.match("Mầm non Hoa")
    assert (two.unit_code, two.method, two.candidates) == (None, "ambiguous", ["MNHP", "MNHS"])


def test_return_lines_are_not_matched_partially(tmp_path):
    settings = load_settings()
    units = read_registry(write_registry(tmp_path / "units.xlsx"), settings, IssueLog())
    assert UnitMatcher(units, settings).match("Phòng Giáo dục").unit_code is None


def test_proposals_put_the_fitting_units_first_and_never_come_back_empty(matcher):
    proposed = matcher.proposals(["Phòng Giáo dục huyện Kinh Môn", "Mầm non Hoa", "zzz"])
    assert proposed["Phòng Giáo dục huyện Kinh Môn"][0][0] == "PGDDT"
    assert {code for code, _ in proposed["Mầm non Hoa"][:2]} == {"MNHP", "MNHS"}
    assert len(proposed["zzz"]) == 3


# ── the review loop end to end: cchc clean, the analyst confirms, cchc clean again ──


def attempts(texts: dict[str, int], first_phone: int = 0) -> list[list]:
    rows, n = [], first_phone
    for text, people in texts.items():
        for _ in range(people):
            n += 1
            rows.append([n, f"Người Thi {n}", f"09123{n:05d}", text, "20/11/2024 10:00", 18])
    return rows


@pytest.fixture
def city(tmp_path):
    """A project with the registry and an export where two texts name no unit (5 people) and one is shortened."""
    settings = load_settings(write_config(tmp_path))
    raw = tmp_path / "data" / "raw"
    write_registry(raw / "units.xlsx")
    (raw / "returns").mkdir(parents=True)
    typed = {"Phòng Nội vụ": 2, "phong giao duc": 1, "Phòng Giáo dục & Đào tạo CL": 3, "Công an tỉnh Hải Dương": 2}
    write_titled_xlsx(raw / "platform" / "tuan_1.xlsx", PLATFORM_HEADER, attempts(typed))
    return settings


def platform_people(settings) -> dict[str, int]:
    recon = load_tables(settings.paths.processed).reconciliation
    return dict(zip(recon["unit_code"], recon["participants_platform"]))


def fill(path: Path, text: str, code: str) -> None:
    """The analyst types a code beside one typed name in the review workbook."""
    book = openpyxl.load_workbook(path)
    sheet = book["don_vi_nen_tang"]
    header = [c.value for c in sheet[1]]
    column = header.index("Mã đơn vị xác nhận (confirmed_code)")
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == text:
            row[column].value = code
    book.save(path)


def test_review_file_lists_undecided_names_most_attempts_first_with_candidates(city):
    from cchc_analysis.pipeline import clean
    from cchc_analysis.review import read_review

    summary = clean(city)
    assert (summary.review_file, summary.units_to_confirm) == (city.paths.review, 2)
    assert "to confirm:       2 typed unit names" in summary.text()
    sheet = read_review(city)["don_vi_nen_tang"]
    assert sheet["text"].tolist()[:2] == ["Phòng Giáo dục & Đào tạo CL", "Công an tỉnh Hải Dương"]
    assert sheet["rows"].tolist()[:2] == ["3", "2"]
    assert sheet["candidates"].iloc[0].startswith("PGDDT – Phòng Giáo dục và Đào tạo (")
    assert (sheet["candidates"] != "").all()
    assert sheet.set_index("text").loc["phong giao duc", "method"] == "Một phần tên"  # the kit's guess, to check
    assert "Phòng Nội vụ" not in set(sheet["text"])  # exact names need no review


def test_confirmed_code_changes_the_units_participation_on_the_next_run_and_on_a_new_export(city):
    from cchc_analysis.pipeline import clean
    from cchc_analysis.review import read_review

    clean(city)
    assert platform_people(city)["PGDDT"] == 1  # "phong giao duc" resolves; "… CL" does not
    fill(city.paths.review, "Phòng Giáo dục & Đào tạo CL", "PGDDT")
    fill(city.paths.review, "Công an tỉnh Hải Dương", "không")  # the analyst says: not one of ours
    clean(city)
    assert platform_people(city)["PGDDT"] == 4
    aliases = pd.read_csv(city.paths.processed / "unit_aliases.csv", encoding="utf-8-sig", keep_default_na=False)
    methods = dict(zip(aliases["text"], aliases["method"]))
    assert methods["Phòng Giáo dục & Đào tạo CL"] == "confirmed"
    assert methods["Công an tỉnh Hải Dương"] == "confirmed"
    issues = load_tables(city.paths.processed).issues
    assert not issues["code"].isin(["unit_unmatched", "unit_ambiguous"]).any()

    # a new export replaces the old one: the confirmation still holds, in any case or accents
    platform = city.paths.platform
    (platform / "tuan_1.xlsx").unlink()
    write_titled_xlsx(platform / "tuan_2.xlsx", PLATFORM_HEADER,
                      attempts({"PHÒNG GIÁO DỤC & ĐÀO TẠO CL": 2}, first_phone=50))
    clean(city)
    assert platform_people(city)["PGDDT"] == 2
    kept = read_review(city)["don_vi_nen_tang"].set_index("text")["confirmed_code"]
    assert kept["Phòng Giáo dục & Đào tạo CL"] == "PGDDT"  # no longer typed, still kept for the next export


def test_confirmed_code_not_in_the_registry_is_warned_and_not_applied(city):
    from cchc_analysis.pipeline import clean

    clean(city)
    fill(city.paths.review, "Phòng Giáo dục & Đào tạo CL", "PGD-SAI")
    clean(city)
    issues = load_tables(city.paths.processed).issues
    warned = issues[issues["code"] == "review_unknown_code"]
    assert len(warned) == 1 and "PGD-SAI" in warned["message"].iloc[0]
    assert warned["severity"].tolist() == ["warning"]
    assert platform_people(city)["PGDDT"] == 1


# ── what leadership and the data-quality report are told ──


def tables_with(entries: pd.DataFrame):
    from cchc_analysis.tables import TABLE_COLUMNS, Tables

    empty = {name: pd.DataFrame(columns=cols) for name, cols in TABLE_COLUMNS.items()}
    return Tables(**{**empty, "entries": entries})


def test_attempts_and_people_counting_for_no_unit_are_summed():
    from cchc_analysis import analysis, views

    entries = pd.DataFrame({
        "person_key": ["a", "a", "b", "c", "c", "d", "e", "f", "g"],
        "unit_text": ["Phòng Nội vụ", "CA tỉnh", "CA tỉnh", "Sao Đỏ", "Sao Đỏ", "", "CA tỉnh", "Phòng Nội vụ", "CA tỉnh"],
        "unit_code": ["PNV", None, None, None, None, None, None, None, None],
        "unit_method": ["exact", "unmatched", "unmatched", "ambiguous", "ambiguous", "blank", "unmatched",
                        "other_district", "unmatched"],
        "in_window": [True, True, True, True, True, True, True, True, False],
    })
    settings = load_settings()
    tables = tables_with(entries)
    row = analysis.platform_without_unit(tables, settings).iloc[0]
    # 6 lost attempts in the window (not f's, of another district; not g's, after the window);
    # a counts for PNV by another attempt, so the people are b, c, d, e
    assert (row["attempts"], row["people"], row["texts"]) == (6, 4, 3)
    assert row["attempts_share"] == pytest.approx(6 / 8)
    sentence = views.unmatched_platform_summary(tables, settings)
    assert sentence.startswith("6 lượt thi (75,00% số lượt thi) của 4 người không được tính cho đơn vị nào")


def test_summary_says_so_when_every_attempt_has_its_unit():
    from cchc_analysis import views

    entries = pd.DataFrame({"person_key": ["a"], "unit_text": ["Phòng Nội vụ"], "unit_code": ["PNV"],
                            "unit_method": ["exact"], "in_window": [True]})
    assert "đều xác định được đơn vị" in views.unmatched_platform_summary(tables_with(entries), load_settings())
    assert views.unmatched_platform_summary(tables_with(entries.iloc[:0]), load_settings()).startswith("Chưa có lượt thi")


def test_quality_report_lists_undecided_texts_largest_first_with_people_and_candidates(tmp_path):
    from cchc_analysis import views

    pd.DataFrame({
        "text": ["Sao Đỏ", "Phòng Nội vụ", "CA tỉnh", "Công an phường"],
        "unit_code": ["", "PNV", "", ""],
        "method": ["ambiguous", "exact", "unmatched", "confirmed"],  # the last: the analyst said "not ours"
        "score": [100, 100, 0, 100], "rows": [2, 9, 3, 4],
        "candidates": ["PSD – Phường Sao Đỏ (72); MNSD – Trường Mầm non Sao Đỏ (63)", "PNV – Phòng Nội vụ (100)",
                       "PCH – Phường Cộng Hòa (43)", ""],
        "people": [1, 9, 3, 4],
    }).to_csv(tmp_path / "unit_aliases.csv", index=False, encoding="utf-8-sig")
    texts = views.unresolved_unit_texts(load_settings(), tmp_path)
    assert texts[["text", "rows", "people"]].values.tolist() == [["CA tỉnh", 3, 3], ["Sao Đỏ", 2, 1]]
    assert texts["candidates"].iloc[1].startswith("PSD – Phường Sao Đỏ")


def test_confirmation_saved_as_csv_beside_the_workbook_counts_too(city):
    from cchc_analysis.pipeline import clean

    clean(city)
    # Excel's "Save As CSV (Comma delimited)" of the sheet, in the Windows Vietnamese code page
    text = ("Đơn vị gõ trên nền tảng (text),Mã đơn vị xác nhận (confirmed_code)\r\n"
            "Phòng Giáo dục & Đào tạo CL,PGDDT\r\n")
    city.paths.review.with_suffix(".csv").write_bytes(to_cp1258(text))
    clean(city)
    assert platform_people(city)["PGDDT"] == 4
