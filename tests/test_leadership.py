"""The leadership pack without a kernel: page one's sentences, one rate under one name, the charts and the workbook
headers, on the hand-built city of test_analysis (every figure worked out there)."""
from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest
from test_analysis import make_tables

from cchc_analysis import analysis, charts, display, views
from cchc_analysis.config import load_settings
from cchc_analysis.report.workbook import public_columns, workbook_tables, write_workbook

CODE_NAME = re.compile(r"^[a-z]+(?:_[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def settings():
    return load_settings()


@pytest.fixture(scope="module")
def tables():
    return make_tables()


def test_page_one_answers_the_chair_with_figures_and_names(tables, settings):
    sentences = views.page_one(tables, settings)
    text = " ".join(sentences)
    # 7 of 9 units sent a valid return (6 on time, F late); D sent nothing, E a rejected return
    assert sentences[0] == ("Đã nhận báo cáo hợp lệ của 7/9 đơn vị (6 đúng hạn, 1 gửi muộn). 2 đơn vị chưa có báo "
                            "cáo hợp lệ — chưa gửi (1): Xã D; không hợp lệ (1): Trường E.")
    # 94 of 160 by the returns; 6 people on the platform (A 2, B 1, C 2, G 1)
    assert "tỷ lệ tham gia 58,75%" in text and "hệ thống thi ghi nhận 6 người, tỷ lệ theo hệ thống thi 3,75%" in text
    assert "Còn 66 người chưa tham gia so với 100%" in text
    assert "2 đơn vị có 100% CBCCVC tham gia theo báo cáo: Phòng A và Trường F" in text
    assert "Các đơn vị có tỷ lệ tham gia thấp nhất: Trường H (60,00%); Trường G (70,00%)" in text
    assert "Đề nghị khen thưởng 2 đơn vị: Phòng A và Xã C." in text
    assert "Đề nghị phê bình, nhắc nhở 3 đơn vị không hoàn thành: Xã D, Trường E và Trường H." in text


def test_the_rate_on_page_one_and_in_the_workbook_is_one_figure_under_one_name(tables, settings, tmp_path):
    city = analysis.city_summary(tables, settings).iloc[0]
    assert city["rate"] == pytest.approx(94 / 160)
    assert f"tỷ lệ tham gia {display.fmt_percent(city['rate'])}" in views.city_headline(tables, settings)
    wb = openpyxl.load_workbook(write_workbook(tables, settings, tmp_path / "t.xlsx"))
    cover = {r[0]: r[1] for r in wb["Tổng quan"].iter_rows(min_row=3, values_only=True) if r and r[0]}
    assert cover["Tỷ lệ tham gia"] == pytest.approx(94 / 160)
    assert cover["Tỷ lệ theo hệ thống thi"] == pytest.approx(6 / 160)
    assert cover["Thang xếp loại"].startswith("Thang xếp loại (theo đề xuất của Phòng Nội vụ, cchc.toml)")
    assert "tỷ lệ theo hệ thống thi đếm số người có bài thi" in cover["Các tỷ lệ"]


def test_workbook_sheet_and_column_names_are_vietnamese(tables, settings):
    for sheet, frame in workbook_tables(tables, settings).items():
        assert not CODE_NAME.match(sheet), sheet
        headers = [display.column_label(c) for c in public_columns(frame).columns]
        assert [h for h in headers if CODE_NAME.match(h)] == [], sheet


def test_units_without_valid_return_show_status_and_platform_count_never_zero(tables, settings):
    silent = views.units_without_valid_return(tables, settings)
    assert silent["unit_name"].tolist() == ["Trường E", "Xã D"] or silent["unit_name"].tolist() == ["Xã D", "Trường E"]
    markup = display.table(silent, "x", settings).markup
    assert "Chưa gửi" in markup and "Không hợp lệ" in markup
    grades = display.table(views.unit_grades(tables, settings), "x", settings).markup
    row = re.search(r"<td class=\"name\">Xã D</td>.*?</tr>", grades).group(0)
    assert "—" in row and "0,00%" not in row
    assert "Xã D" not in views.lowest_units(tables, settings)["unit_name"].tolist()


def test_one_vietnamese_term_per_status(settings):
    assert display.VALUE_LABELS["return_status"] is analysis.RETURN_STATUS_LABELS
    assert display.column_label("late") == "Gửi muộn" == analysis.RETURN_STATUS_LABELS["late"]
    assert len(set(analysis.RETURN_STATUS_LABELS.values())) == len(analysis.RETURN_STATUSES)


def test_rate_chart_writes_the_status_instead_of_a_zero_bar():
    df = pd.DataFrame({"unit": ["Trường H", "Xã D"], "rate": [0.6, float("nan")], "status": [None, "Chưa gửi"]})
    ax = charts.rate_bars(df, "unit", "rate", "Thấp nhất", note="status").axes[0]
    labels = {t.get_text() for t in ax.texts}
    assert "60,00%" in labels and "— Chưa gửi" in labels and "0,00%" not in labels


def test_count_chart_axis_uses_vietnamese_thousands():
    df = pd.DataFrame({"label": ["100% câu đúng", "Dưới 25%"], "people": [1575, 320]})
    fig = charts.count_bars(df, "label", "people", "Số người theo mức điểm")
    charts.png_bytes(fig)  # draws the ticks
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert "1.500" in ticks or "1.000" in ticks
    assert not [t for t in ticks if "," in t]
    assert "1.575" in {t.get_text() for t in ax.texts}


def test_unit_pages_cover_every_unit_by_khoi(tables, settings):
    pages = views.unit_pages(tables, settings)
    assert [p["unit_code"] for p in pages] == ["A", "B", "C", "D", "E", "F", "G", "H", "I"]
    markup = display.unit_sections(pages, settings).markup
    assert markup.count("<section class='cchc-unit'>") == 9 and "Mục lục theo khối" in markup
    one = display.unit_sections(views.unit_pages(tables, settings, "C"), settings).markup
    assert one.count("<section") == 1 and "Mục lục" not in one


def test_verdict_rules_and_document_settings_come_from_cchc_toml(settings, tables):
    assert settings.grades.commendation_order == ("rate", "platform_share", "report_date")
    assert settings.grades.criticism_max == 0 and settings.grades.no_valid_return == "fail"
    assert settings.grades.source == "theo đề xuất của Phòng Nội vụ, cchc.toml"
    assert settings.document["symbol"] == "BC-PNV" and settings.document["signer_name"] == ""
    from cchc_analysis.config import ConfigError, Grades

    g = settings.grades
    wrong = settings.with_overrides(grades=Grades(g.excellent_rate, g.good_rate, g.pass_rate, g.commendation_max,
                                                  g.labels, commendation_order=("speed",)))
    with pytest.raises(ConfigError, match="speed"):
        analysis.commendation_proposals(tables, wrong)


def test_the_review_list_holds_only_what_the_analyst_must_check_with_where_to_answer(settings):
    issues = pd.DataFrame([
        {"source_file": "b.png", "sheet": "trang 1", "row": 3, "severity": "warning", "code": "review_ocr_value",
         "message": "Giá trị đọc bằng OCR cần kiểm tra: '1O'"},
        {"source_file": "a.xlsx", "sheet": "BC", "row": 5, "severity": "warning", "code": "review_held_return",
         "message": "Tổng số 1.234 khác xa danh sách đơn vị (14)"},
        {"source_file": "a.xlsx", "sheet": "BC", "row": 2, "severity": "warning", "code": "return_late",
         "message": "Gửi muộn"},
    ])
    items = views.review_items(make_tables(issues=issues), settings)
    assert items[["source_file", "sheet", "row"]].values.tolist() == [["a.xlsx", "BC", 5], ["b.png", "trang 1", 3]]
    assert items["answer_in"].str.split(":").str[0].tolist() == ["bao_cao_cho_xac_minh", "o_can_kiem_tra"]
