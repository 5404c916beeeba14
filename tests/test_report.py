"""Reports: notebooks executed on a real kernel, HTML without code, the workbook, failures that keep old reports."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest
from report_fixtures import (
    CITY_ADJUSTED_TEXT,
    CITY_RATE_TEXT,
    INJECTION_NAME,
    NOTEBOOKS,
    SCRIPT_NAME,
    make_project,
)

from cchc_analysis import analysis, charts, display
from cchc_analysis.report import ReportError, build_reports, inject_parameters, page_text, run_notebooks
from cchc_analysis.tables import TABLE_COLUMNS, load_tables, write_table
from cchc_analysis.report.workbook import write_workbook

NOTEBOOK_NAMES = ["01_tong_hop", "02_don_vi", "03_ca_nhan", "04_chat_luong_du_lieu"]
PROGRESS_NAME = "05_tien_do"  # the weekly progress report: built when a platform export exists


def _html(reports: Path, name: str) -> str:
    return (reports / f"{name}.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- HTML reports (a real kernel)


@pytest.mark.slow
def test_build_writes_one_html_per_notebook_and_the_workbook(built_reports):
    _settings, reports, written = built_reports
    assert sorted(p.name for p in written) == sorted([f"{n}.html" for n in [*NOTEBOOK_NAMES, PROGRESS_NAME]]
                                                     + ["tong_hop_cchc.xlsx", f"{PROGRESS_NAME}.xlsx",
                                                        "bao_cao_ket_qua.docx"])
    assert all(p.parent == reports and p.stat().st_size > 0 for p in written)
    assert not [p for p in reports.iterdir() if p.name.startswith(".staging")]


@pytest.mark.slow
@pytest.mark.parametrize("name", [*NOTEBOOK_NAMES, PROGRESS_NAME])
def test_report_html_has_no_code_prompts_or_traceback(built_reports, name):
    _settings, reports, _ = built_reports
    body = _html(reports, name).split("</head>")[1]
    page = _html(reports, name)
    # markdown cells keep their rendered text in a jp-InputArea; a code cell's input would add an editor
    assert "jp-InputArea-editor" not in body and "highlight-ipynb" not in body and "hl-ipython3" not in body
    code_cells = re.findall(r'class="([^"]*jp-CodeCell[^"]*)"', body)
    assert code_cells and all("jp-mod-noInput" in c for c in code_cells)
    assert "jp-InputPrompt" not in body and "jp-OutputPrompt" not in body
    assert "In&nbsp;[" not in body and "Out[" not in body
    assert "Traceback" not in page and "Error" not in page_text(page)
    assert "display.open_data" not in page  # no code text either
    assert "<script" not in page  # nothing fetched from the internet: works offline and in print


@pytest.mark.slow
def test_summary_city_rate_equals_the_analysis_result(built_reports):
    settings, reports, _ = built_reports
    city = analysis.city_summary(load_tables(settings.paths.processed), settings).iloc[0]
    text = page_text(_html(reports, "01_tong_hop"))
    assert display.fmt_percent(city["rate"]) == CITY_RATE_TEXT  # 35 of 50, worked out by hand
    assert display.fmt_percent(city["adjusted_rate"]) == CITY_ADJUSTED_TEXT  # 35 of 48
    assert f"có 35 người tham gia, tỷ lệ tham gia {CITY_RATE_TEXT}" in text
    assert f"vắng có lý do chính đáng là {CITY_ADJUSTED_TEXT}" in text
    # the city row of the group table: units, staff, participants, rate, adjusted, platform people and rate
    assert "Toàn thành phố 4 50 35 70,00% 72,92% 8 16,00%" in text


@pytest.mark.slow
def test_summary_names_grades_lowest_units_and_data_quality(built_reports):
    _settings, reports, _ = built_reports
    text = page_text(_html(reports, "01_tong_hop"))
    # lowest units: the participation rate, then the other bases, labelled
    assert "Phòng Tài chính - Kế hoạch Phòng chuyên môn 8 6 75,00% 85,71% 2 Hoàn thành" in text
    assert "Phường Sao Đỏ Xã, phường 20 19 95,00% 100,00% 3 Hoàn thành tốt" in text
    # U04 sent only a rejected return: its status and platform count, never 0%
    assert "Trường Mầm non Sao Đỏ Trường học 12 Không hợp lệ 0 0,00%" in text  # beside: platform people, rate
    assert ("Trường Mầm non Sao Đỏ 12 — — Không hoàn thành Không gửi báo cáo hợp lệ (không hợp lệ: Không tìm thấy "
            "số liệu tham gia, hạn 17/12/2024)") in text
    # the only excellent unit has a platform count far below its report: to verify, not proposed
    assert ("Đơn vị cần xác minh trước khi đề nghị khen thưởng Tên đơn vị Khối Số tham gia (báo cáo) "
            "Số tham gia (hệ thống thi) Tỷ lệ tham gia Cần xác minh Phòng Nội vụ Phòng chuyên môn 10 3 100,00% "
            "hệ thống thi ghi nhận 3 người, ít hơn báo cáo (10) quá mức cho phép") in text
    assert "Thang xếp loại (theo đề xuất của Phòng Nội vụ, cchc.toml)" in text
    assert "Đã đọc 8 tệp; 2 tệp có lỗi" in text
    assert "hong.xlsx Tệp bị cắt cụt, không mở được" in text and "(truncated file)" not in text


@pytest.mark.slow
def test_input_text_is_escaped_in_the_html(built_reports):
    _settings, reports, _ = built_reports
    page = _html(reports, "01_tong_hop")
    # the head without a reason: shown as text (nbconvert may write the quotes back plainly)
    assert re.search(r"<td( class=\"\w+\")?>&lt;script&gt;alert\((&#x27;|')x(&#x27;|')\)&lt;/script&gt;Lê Thị Hoa</td>", page)
    assert SCRIPT_NAME not in page


@pytest.mark.slow
def test_reports_carry_title_data_date_and_a4_print_rules(built_reports):
    settings, reports, _ = built_reports
    for name in NOTEBOOK_NAMES:
        page = _html(reports, name)
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert title.startswith(settings.report["title"])
        assert "Số liệu đến ngày 20/12/2024" in page  # the latest return date of the fixture
        assert "@page { size: A4" in page
        assert "break-inside: avoid" in page
        assert '<html lang="vi">' in page


@pytest.mark.slow
def test_progress_report_runs_to_the_contest_end_and_records_the_week(built_reports):
    settings, reports, _ = built_reports
    page = _html(reports, PROGRESS_NAME)
    text = page_text(page)
    # the fixture's export runs past the end (14/12): the figures run to the contest's last day
    assert "Số liệu đến ngày 13/12/2024" in page
    assert "Tính đến hết ngày 13/12/2024, toàn thành phố có 8/50 CBCCVC đã tham gia dự thi, đạt 16,00%" in text
    assert "Trường Mầm non Sao Đỏ 0 12 0,00% 12" in text  # nobody from it yet: at 0%, listed
    assert len(re.findall(r"<section class=[\"']cchc-page[\"']>", page)) == 3  # a printable page per group
    assert page.count('src="data:image/png;base64,') == 1
    history = load_tables(settings.paths.processed).progress_history
    assert set(history["as_of"]) == {"2024-12-13"} and len(history) == 4


@pytest.mark.slow
def test_charts_are_embedded_as_images(built_reports):
    _settings, reports, _ = built_reports
    assert _html(reports, "01_tong_hop").count('src="data:image/png;base64,') == 3
    assert _html(reports, "03_ca_nhan").count('src="data:image/png;base64,') == 2


@pytest.mark.slow
def test_unit_report_covers_every_unit_with_a_table_of_contents_by_khoi(built_reports):
    _settings, reports, _ = built_reports
    page = _html(reports, "02_don_vi")
    text = page_text(page)
    assert "Mục lục theo khối Phòng chuyên môn Phòng Nội vụ — Hoàn thành xuất sắc" in text
    assert all(f'href="#don-vi-{code}"' in page and f'id="don-vi-{code}"' in page
               for code in ("U01", "U02", "U03", "U04"))
    assert ("Tên đơn vị Phòng Nội vụ Khối Phòng chuyên môn Tổng số CBCCVC 10 Số tham gia (báo cáo) 10 "
            "Vắng có lý do chính đáng 0 Tỷ lệ tham gia 100,00% Tỷ lệ sau khi trừ vắng có lý do chính đáng 100,00% "
            "Số tham gia (hệ thống thi) 3 Tỷ lệ theo hệ thống thi 30,00% Tình trạng báo cáo Đúng hạn "
            "Ngày báo cáo 10/12/2024 Xếp loại Hoàn thành xuất sắc") in text
    assert "noi_vu.xlsx Bị thay thế 05/12/2024" in text
    assert "Tỷ lệ tham gia — " in text  # U04: no valid return, no rate


@pytest.mark.slow
def test_quality_report_lists_unresolved_texts_and_set_aside_returns(built_reports):
    _settings, reports, _ = built_reports
    text = page_text(_html(reports, "04_chat_luong_du_lieu"))
    assert "Trường MN Sao Do cũ Không tìm thấy 3 U04" in text
    assert "U04 mam_non.xlsx Không hợp lệ 12/12/2024 Không tìm thấy số liệu tham gia" in text
    assert "hong.xlsx 1 0 0 1" in text  # issues per file: errors, warnings, infos, total


@pytest.mark.slow
def test_ranking_report_orders_people_and_counts_bands(built_reports):
    _settings, reports, _ = built_reports
    text = page_text(_html(reports, "03_ca_nhan"))
    # equal 20/20: the quicker (250 s) ranks first; the attempt after the window (Ngô Văn Khoa) counts for no one
    assert "1 Hoàng Thị Giang Phường Sao Đỏ 20 100,00%" in text
    assert "2 Nguyễn Văn An Phòng Nội vụ 20 100,00%" in text
    assert "Ngô Văn Khoa" not in text
    assert "100% câu đúng 2 25,00% Từ 75% đến dưới 100% 3 37,50%" in text


@pytest.mark.slow
def test_failing_notebook_names_itself_and_leaves_previous_reports(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy2(NOTEBOOKS / "01_tong_hop.ipynb", notebooks / "01_tong_hop.ipynb")
    settings, _processed, reports = make_project(tmp_path, notebooks)
    stored = (notebooks / "01_tong_hop.ipynb").read_bytes()
    build_reports(settings)
    before = (reports / "01_tong_hop.html").read_bytes()
    assert (notebooks / "01_tong_hop.ipynb").read_bytes() == stored  # stored notebooks are never written

    broken = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hỏng"),
                                             nbformat.v4.new_code_cell("x = 1\n1 / 0")])
    broken.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(broken, notebooks / "05_hong.ipynb")
    with pytest.raises(ReportError) as caught:
        build_reports(settings)
    message = str(caught.value)
    assert "05_hong.ipynb" in message and "ZeroDivisionError" in message and "cell 1" in message
    assert (reports / "01_tong_hop.html").read_bytes() == before
    assert sorted(p.name for p in reports.iterdir()) == ["01_tong_hop.html", "bao_cao_ket_qua.docx",
                                                         "tong_hop_cchc.xlsx"]


@pytest.mark.slow
def test_reports_build_from_a_registry_alone(tmp_path):
    """Before any return or platform export arrives, every notebook still runs and says there is no data."""
    settings, processed, reports = make_project(tmp_path)
    for name in ["entries", "non_participants", "reconciliation", "issues", "returns", "files"]:
        write_table(pd.DataFrame(columns=TABLE_COLUMNS[name]), name, processed)
    (processed / "unit_aliases.csv").unlink()
    notes: list[str] = []
    written = build_reports(settings, notes=notes)
    # the four end-of-contest reports, the workbook and the docx; no progress report
    assert len(written) == 6
    assert notes == ["05_tien_do.ipynb: bỏ qua, chưa có dữ liệu xuất từ hệ thống thi (no platform export) (skipped)"]
    assert not (processed / "progress_history.parquet").exists()
    text = page_text((reports / "01_tong_hop.html").read_text(encoding="utf-8"))
    assert "Đã nhận báo cáo hợp lệ của 0/4 đơn vị" in text
    # nobody reported yet: no rate, not 0%
    assert "Toàn thành phố có 50 CBCCVC; theo báo cáo của đơn vị có 0 người tham gia, tỷ lệ tham gia —" in text
    assert "50 người có kết quả cao nhất Không có dữ liệu." in page_text(
        (reports / "03_ca_nhan.html").read_text(encoding="utf-8"))


def test_notebooks_run_two_at_a_time_and_the_first_failing_in_file_order_is_raised():
    import threading
    import time

    running, most, finished, lock = [0], [0], [], threading.Lock()

    def render(name, seconds, fails):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(seconds)
        with lock:
            running[0] -= 1
            finished.append(name)
        if fails:
            raise ReportError(f"{name}: ô mã số 1 lỗi (cell 1 failed)")

    run_notebooks(render, [("01", 0.2, False), ("02", 0.2, False), ("03", 0.2, False)], 2)
    assert most[0] == 2 and sorted(finished) == ["01", "02", "03"]  # two at a time, never three
    finished.clear()
    # 03 fails first in time, 02 first in file order: 02 is the one reported, whatever the timing
    with pytest.raises(ReportError, match="^02: ô mã số 1"):
        run_notebooks(render, [("01", 0.3, False), ("02", 0.2, True), ("03", 0.01, True), ("04", 0.5, False)], 2)
    assert "04" not in finished  # not started once a notebook failed
    most[0] = 0
    run_notebooks(render, [("01", 0.05, False), ("02", 0.05, False)], 1)
    assert most[0] == 1  # parallel_notebooks = 1: one after another


def test_missing_processed_tables_raise_report_error(tmp_path):
    settings, processed, _reports = make_project(tmp_path)
    (processed / "units.parquet").unlink()
    with pytest.raises(ReportError, match="cchc clean"):
        build_reports(settings)


def test_parameters_are_injected_after_the_parameters_cell():
    nb = nbformat.read(NOTEBOOKS / "02_don_vi.ipynb", as_version=4)
    injected = inject_parameters(nb, {"processed_dir": "/data/x", "unit_code": "U02"})
    tags = [c.metadata.get("tags", []) for c in injected.cells]
    at = tags.index(["parameters"])
    assert tags[at + 1] == ["injected-parameters"]
    assert "processed_dir = '/data/x'\nunit_code = 'U02'" in injected.cells[at + 1].source
    assert len(injected.cells) == len(nb.cells) + 1
    again = inject_parameters(injected, {"unit_code": "U03"})  # a second injection replaces the first
    assert len(again.cells) == len(nb.cells) + 1


# ---------------------------------------------------------------- workbook (no kernel needed)


@pytest.fixture
def workbook(tmp_path):
    settings, processed, _reports = make_project(tmp_path)
    path = write_workbook(load_tables(processed), settings, tmp_path / "tong_hop_cchc.xlsx")
    return openpyxl.load_workbook(path)


def _column(ws, header: str) -> int:
    return [c.value for c in ws[1]].index(header) + 1


def test_workbook_has_a_cover_and_a_sheet_per_table(workbook):
    assert workbook.sheetnames == [
        "Tổng quan", "Đơn vị", "Khối", "Báo cáo đơn vị", "Không tham gia", "Lãnh đạo không tham gia", "Đối chiếu",
        "Đề nghị khen thưởng", "Phê bình, nhắc nhở", "Còn thiếu so với 100%", "Xếp hạng cá nhân", "Phổ điểm",
        "Vấn đề dữ liệu", "Tệp đã đọc",
    ]
    cover = {row[0]: row[1] for row in workbook["Tổng quan"].iter_rows(min_row=3, values_only=True)}
    assert cover["Tỷ lệ tham gia"] == pytest.approx(0.70)
    assert cover["Tỷ lệ sau khi trừ vắng có lý do chính đáng"] == pytest.approx(35 / 48)
    assert cover["Tỷ lệ theo hệ thống thi"] == pytest.approx(8 / 50)
    assert "Ngày chạy chương trình (ngày lập bảng tính)" in cover
    assert cover["Tổng số CBCCVC"] == 50


def test_workbook_sheets_freeze_the_header_and_format_rates(workbook):
    for name in workbook.sheetnames[1:]:
        assert workbook[name].freeze_panes == "A2", name
    units = workbook["Đơn vị"]
    rate = _column(units, "Tỷ lệ tham gia")
    rates = [units.cell(row=r, column=rate).value for r in range(2, 6)]
    assert rates[:3] == pytest.approx([1.0, 0.75, 0.95]) and rates[3] is None  # no valid return: no rate, not 0%
    assert units.cell(row=2, column=rate).number_format == "0.00%"
    assert units.cell(row=2, column=_column(units, "Ngày báo cáo")).number_format == "dd/mm/yyyy"
    assert units.column_dimensions["B"].width >= len("Phòng Tài chính - Kế hoạch")
    rules = {str(r.sqref) for r in units.conditional_formatting}
    letter = openpyxl.utils.get_column_letter(rate)
    assert f"{letter}2:{letter}5" in rules


def test_workbook_keeps_formula_like_names_as_text(workbook):
    people = workbook["Không tham gia"]
    names = [people.cell(row=r, column=_column(people, "Họ và tên")) for r in range(2, people.max_row + 1)]
    hyperlink = [c for c in names if "HYPERLINK" in str(c.value)]
    assert [c.value for c in hyperlink] == ["'" + INJECTION_NAME]
    assert hyperlink[0].data_type == "s"


def test_workbook_has_no_contact_key_or_duplicate_code_columns(workbook):
    headers = {c.value for ws in workbook.worksheets[1:] for c in ws[1]}
    assert not {"person_key", "phone", "email", "id_number"} & headers
    for ws in workbook.worksheets[1:]:
        names = [c.value for c in ws[1]]
        assert len(names) == len(set(names)), ws.title  # a status code is not shown beside its label
    units = workbook["Đơn vị"]
    assert units.cell(row=4, column=_column(units, "Tình trạng báo cáo")).value == "Gửi muộn"
    ranking = workbook["Xếp hạng cá nhân"]
    assert [c.value for c in ranking[2]][:2] == [1, "Hoàng Thị Giang"]


# ---------------------------------------------------------------- display and charts


def test_tables_show_vietnamese_headers_percent_and_dates():
    df = pd.DataFrame({"unit_name": ["<b>Phòng</b>"], "rate": [0.9375], "report_date": [pd.Timestamp("2024-12-17")],
                       "staff": [1234], "justified": [True]})
    html = display.table(df, "Bảng <thử>").markup
    assert "<th>Tên đơn vị</th>" in html and '<th class="num">Tỷ lệ tham gia</th>' in html
    assert '<td class="num">93,75%</td>' in html and "<td>17/12/2024</td>" in html
    assert '<td class="num">1.234</td>' in html
    assert "<td>Có</td>" in html
    assert "&lt;b&gt;Phòng&lt;/b&gt;" in html and "Bảng &lt;thử&gt;" in html


def test_long_tables_are_cut_with_a_note_and_empty_ones_say_so():
    df = pd.DataFrame({"full_name": [f"Người {i}" for i in range(30)]})
    assert "Hiển thị 10/30 dòng." in display.table(df, max_rows=10).markup
    rows = pd.DataFrame({"source_row": [1797], "people": [1797]})
    assert '<td class="num">1797</td><td class="num">1.797</td>' in display.table(rows).markup
    assert "Không có dữ liệu." in display.table(df.iloc[0:0], "Trống").markup


def test_rate_chart_is_hatched_labelled_and_uses_a_vietnamese_font():
    df = pd.DataFrame({"group": ["Xã, phường", "Trường học"], "rate": [0.95, 0.8125]})
    fig = charts.rate_bars(df, "group", "rate", "Tỷ lệ tham gia theo khối")
    ax = fig.axes[0]
    assert {p.get_hatch() for p in ax.patches} == {"///"}
    assert {"95,00%", "81,25%"} <= {t.get_text() for t in ax.texts}  # as the tables print rates
    assert fig.get_suptitle() == "Tỷ lệ tham gia theo khối" and fig._suptitle.get_fontname() == "DejaVu Sans"
    assert 'alt="Tỷ lệ tham gia theo khối"' in charts.image(fig).markup
    assert charts.png_bytes(fig)[:8] == b"\x89PNG\r\n\x1a\n"


def test_count_chart_tells_justified_from_unjustified_by_hatching():
    df = pd.DataFrame({"label": ["Thai sản", "Không có lý do"], "people": [3, 5], "justified": [True, False]})
    ax = charts.count_bars(df, "label", "people", "Lý do", hatch_by="justified", legend_title="Lý do chính đáng").axes[0]
    assert len({p.get_hatch() for p in ax.patches}) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Không", "Có"]



def test_progress_panels_draw_each_group_against_the_city():
    days = pd.date_range("2024-11-18", periods=3).tolist()
    df = pd.DataFrame({"group": ["Xã, phường"] * 3 + ["Trường học"] * 3 + ["Toàn thành phố"] * 3,
                       "day": days * 3, "rate": [0.2, 0.5, 0.9, 0.1, 0.3, 0.6, 0.15, 0.4, 0.75]})
    fig = charts.progress_panels(df, "day", "rate", "group", "Tiến độ", 1.0, reference="Toàn thành phố")
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in shown] == ["Xã, phường", "Trường học"]
    assert all(len(ax.get_lines()) == 3 for ax in shown)  # city (dotted), the group, the target
    assert [t.get_text() for t in shown[0].texts] == ["90%"]


def test_charts_without_data_say_so_instead_of_failing():
    empty = pd.DataFrame({"label": [], "people": []})
    ax = charts.count_bars(empty, "label", "people", "Lý do").axes[0]
    assert [t.get_text() for t in ax.texts] == ["Chưa có dữ liệu để vẽ biểu đồ."]


def test_workbook_sheet_stops_at_the_row_limit_with_a_note(tmp_path):
    settings, processed, _reports = make_project(tmp_path)
    settings = settings.with_overrides(report={**settings.report, "workbook_max_rows": 3})
    path = write_workbook(load_tables(processed), settings, tmp_path / "cut.xlsx")
    ranking = openpyxl.load_workbook(path)["Xếp hạng cá nhân"]
    assert ranking.max_row == 1 + 3 + 1  # header, three people, the note
    assert ranking.cell(row=5, column=1).value.startswith("… còn 5 dòng không đưa vào bảng tính")


def test_a_record_reads_down_the_page_header_then_value():
    df = pd.DataFrame({"unit_name": ["Phòng <Nội vụ>"], "adjusted_rate": [0.9375], "report_date": [pd.Timestamp("2024-12-17")]})
    markup = display.record(df, "Thẻ đơn vị").markup
    assert re.findall(r"<td[^>]*>(.*?)</td>", markup) == [
        "Tên đơn vị", "Phòng &lt;Nội vụ&gt;", "Tỷ lệ sau khi trừ vắng có lý do chính đáng", "93,75%",
        "Ngày báo cáo", "17/12/2024"]
    assert "Không có dữ liệu." in display.record(df.iloc[0:0], "Trống").markup


def test_workbook_colours_rates_against_the_target_but_not_shares_and_writes_counts_whole(workbook):
    ranking = workbook["Xếp hạng cá nhân"]
    assert not list(ranking.conditional_formatting)  # a share of right answers is no participation rate
    correct = ranking.cell(row=2, column=_column(ranking, "Số câu đúng"))
    assert correct.value == 20 and correct.number_format == "#,##0"
    groups = workbook["Khối"]
    coloured = {str(r.sqref) for r in groups.conditional_formatting}
    letter = openpyxl.utils.get_column_letter(_column(groups, "Tỷ lệ sau khi trừ vắng có lý do chính đáng"))
    assert f"{letter}2:{letter}{groups.max_row}" in coloured
