"""The weekly progress report (issue 14): figures as of a day from the registry and the platform export alone,
the change since last week from the recorded history, the lagging units, the chart and the xlsx sheet."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
from matplotlib.dates import date2num
import pandas as pd
import pytest
from report_fixtures import TZ, entries_table, make_project, units_table

from cchc_analysis import charts, progress
from cchc_analysis.issues import IssueLog
from cchc_analysis.registry import read_registry
from cchc_analysis.tables import Tables, load_tables

WINDOW_START = dt.datetime(2024, 11, 18, 7, 30)
WINDOW_END = dt.datetime(2024, 12, 13, 16, 30)


def _tables(units: pd.DataFrame | None = None, entries: pd.DataFrame | None = None,
            history: pd.DataFrame | None = None) -> Tables:
    empty = pd.DataFrame()
    extra = {} if history is None else {"progress_history": history}
    return Tables(units=units_table() if units is None else units, returns=empty, non_participants=empty,
                  entries=entries_table() if entries is None else entries, reconciliation=empty, issues=empty,
                  files=pd.DataFrame({"source_file": ["ket_qua_thi.xlsx"], "folder": ["platform"]}), **extra)


def _attempt(person: str, unit: str, when: str, in_window: bool = True) -> dict:
    return {"person_key": person, "unit_code": unit, "submitted_at": pd.Timestamp(when, tz=TZ), "in_window": in_window}


# ---------------------------------------------------------------- the hand count on the city sample


def _phone_key(text: str) -> str:
    digits = re.sub(r"\D", "", str(text))
    return "0" + digits[2:] if digits.startswith("84") and len(digits) == 11 else digits


def _submitted(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    for shape in ("%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(str(value).strip(), shape)
        except ValueError:
            pass
    raise AssertionError(f"unreadable time in the sample: {value!r}")


def _sample_attempts(raw: Path) -> list[tuple[str, str, dt.datetime]]:
    """(phone, typed unit, submitted) of every attempt in the sample export, read straight from its two files."""
    rows = []
    sheet = openpyxl.load_workbook(raw / "platform" / "Ket_qua_thi_Chi_Linh.xlsx", read_only=True).active
    for row in list(sheet.iter_rows(values_only=True))[3:]:  # two title rows, then the header
        rows.append((_phone_key(row[2]), row[3], _submitted(row[5])))
    text = (raw / "platform" / "Ket_qua_thi_Chi_Linh_bo_sung.csv").read_text(encoding="utf-8-sig")
    for row in list(csv.reader(io.StringIO(text)))[1:]:
        rows.append((_phone_key(row[2]), row[3], _submitted(row[5])))
    return rows


def _hand_count(raw: Path, truth: dict, as_of: dt.date) -> dict[str, int]:
    """People per unit: distinct phones whose attempt lies in the window, submitted by the end of as_of."""
    unit_of = truth["platform"]["unit_texts"]  # the generator's own answer: typed text → unit
    people: dict[str, set[str]] = {}
    for phone, text, submitted in _sample_attempts(raw):
        if WINDOW_START <= submitted <= WINDOW_END and submitted.date() <= as_of and unit_of.get(text):
            people.setdefault(unit_of[text], set()).add(phone)
    return {code: len(phones) for code, phones in people.items()}


@pytest.mark.parametrize("as_of", ["27/11/2024", "2024-11-18"])
def test_mid_window_figures_equal_a_hand_count_of_the_sample_attempts(sample_run, as_of):
    settings, truth, _summary = sample_run
    tables = load_tables(settings.paths.processed)
    day = progress.parse_as_of(as_of)
    expected = _hand_count(Path(settings.paths.units).parent, truth, day)
    figures = progress.unit_progress(tables, settings, as_of)
    assert len(figures) == len(truth["units"]) == 96  # every registry unit, none dropped
    counted = dict(zip(figures["unit_code"], figures["participants"]))
    assert counted == {u["unit_code"]: expected.get(u["unit_code"], 0) for u in truth["units"]}
    city = progress.group_progress(figures, settings).iloc[-1]
    assert city["group"] == "Toàn thành phố" and city["participants"] == sum(expected.values())
    assert 0 < city["participants"] < sum(truth["platform"]["people_by_unit"].values())  # mid-window: not all yet


def test_on_the_first_morning_units_nobody_has_sat_for_are_at_zero_percent(sample_run):
    settings, truth, _summary = sample_run
    figures = progress.unit_progress(load_tables(settings.paths.processed), settings, "18/11/2024")
    idle = figures[figures["participants"] == 0]
    assert len(idle) > 10  # many units have not started on day one, and every one of them is listed
    assert (idle["rate"] == 0.0).all()
    assert (idle["gap"] == idle["staff_registry"]).all()


# ---------------------------------------------------------------- figures on a small hand-built export


def test_units_without_attempts_appear_at_zero_never_dropped(project):
    figures = progress.unit_progress(_tables(), project, "30/11/2024")
    by_unit = figures.set_index("unit_code")
    assert list(figures["unit_code"]) == ["U01", "U02", "U03", "U04"]
    # U01: p1 18/11, p2 19/11, p3 26/11; U02: p4 20/11 (p5 is 02/12); U03: p6 21/11; U04: nobody
    assert by_unit["participants"].to_dict() == {"U01": 3, "U02": 1, "U03": 1, "U04": 0}
    assert by_unit.loc["U04", "rate"] == 0.0 and by_unit.loc["U04", "gap"] == 12
    assert by_unit.loc["U01", "rate"] == pytest.approx(0.3) and by_unit.loc["U01", "gap"] == 7


def test_an_attempt_counts_to_the_end_of_its_local_day_and_only_inside_the_window(project):
    entries = pd.DataFrame([
        _attempt("a", "U01", "2024-11-25 23:59"),  # late evening: still 25/11
        _attempt("b", "U01", "2024-11-26 00:01"),
        _attempt("c", "U01", "2024-11-17 21:00", in_window=False),  # before the link opened
        _attempt("a", "U01", "2024-11-20 08:00"),  # the same person twice counts once
    ])
    figures = progress.unit_progress(_tables(entries=entries), project, "25/11/2024")
    assert figures.set_index("unit_code").loc["U01", "participants"] == 1


def test_lagging_units_come_furthest_behind_first_and_unknown_staff_last(project):
    units = units_table()
    units.loc[units["unit_code"] == "U03", "staff_registry"] = None
    entries = pd.DataFrame([_attempt(f"p{i}", "U01", "2024-11-20 08:00") for i in range(10)]
                           + [_attempt("q", "U02", "2024-11-20 08:00"), _attempt("r", "U03", "2024-11-20 08:00")])
    figures = progress.unit_progress(_tables(units=units, entries=entries), project, "25/11/2024")
    lagging = progress.lagging_units(figures, project)
    # U01 is at 100% and not lagging; U04 0/12, U02 1/8, then U03 whose staff is unknown
    assert list(lagging["unit_code"]) == ["U04", "U02", "U03"]
    assert pd.isna(lagging["gap"].iloc[-1])


def test_group_and_city_sum_their_units(project):
    figures = progress.unit_progress(_tables(), project, "30/11/2024")
    groups = progress.group_progress(figures, project).set_index("group")
    assert groups.loc["Phòng chuyên môn", ["units", "staff_registry", "participants", "gap"]].tolist() == [2, 18, 4, 14]
    assert groups.loc["Toàn thành phố", ["units", "units_started", "staff_registry", "participants"]].tolist() == [
        4, 3, 50, 5]
    assert groups.loc["Toàn thành phố", "rate"] == pytest.approx(5 / 50)


def test_cumulative_by_day_ends_on_the_figures_of_the_as_of_day(project):
    tables = _tables()
    daily = progress.cumulative_by_day(tables, project, "30/11/2024")
    assert daily["day"].min() == pd.Timestamp("2024-11-18") and daily["day"].max() == pd.Timestamp("2024-11-30")
    last = daily[daily["day"] == daily["day"].max()].set_index("group")["cumulative_participants"]
    groups = progress.group_progress(progress.unit_progress(tables, project, "30/11/2024"), project)
    assert last.to_dict() == dict(zip(groups["group"], groups["participants"]))
    city = daily[daily["group"] == "Toàn thành phố"].set_index("day")["cumulative_participants"]
    assert city[pd.Timestamp("2024-11-18")] == 1 and city[pd.Timestamp("2024-11-21")] == 4


# ---------------------------------------------------------------- the day the figures run to


def test_as_of_reads_both_date_spellings_and_refuses_others():
    assert progress.parse_as_of("25/11/2024") == progress.parse_as_of("2024-11-25") == dt.date(2024, 11, 25)
    assert progress.parse_as_of("5/1/2025") == dt.date(2025, 1, 5)
    for bad in ["31/02/2024", "25.11.2024", "hôm nay", "11/25/2024"]:
        with pytest.raises(progress.AsOfError, match="dd/mm/yyyy"):
            progress.parse_as_of(bad)


def test_default_as_of_is_the_latest_attempt_while_the_contest_is_open(project):
    entries = entries_table()
    open_export = entries[entries["submitted_at"] < pd.Timestamp("2024-11-27", tz=TZ)]
    assert progress.default_as_of(_tables(entries=open_export), project) == dt.date(2024, 11, 26)
    # the fixture's export runs to 14/12, after the link closed: the contest's last day
    assert progress.default_as_of(_tables(), project) == dt.date(2024, 12, 13)
    assert progress.days_left(project, "27/11/2024") == 16 and progress.days_left(project, "13/12/2024") == 0


# ---------------------------------------------------------------- the history table


def test_change_since_last_week_comes_from_the_recorded_week_not_from_the_newer_export(project, tmp_path):
    first_export = entries_table()
    progress.record_history(_tables(entries=first_export), project, "20/11/2024", tmp_path)
    # the newer export also holds an attempt of 19/11 the first one lacked (a late sync on the platform)
    newer = pd.concat([first_export, pd.DataFrame([_attempt("late", "U01", "2024-11-19 10:00")])], ignore_index=True)
    history = progress.read_history(tmp_path)
    figures = progress.unit_progress(_tables(entries=newer, history=history), project, "27/11/2024").set_index(
        "unit_code")
    # U01 on 20/11 as recorded: p1, p2 = 2; on 27/11 from the newer export: p1, p2, p3, late = 4
    assert figures.loc["U01", ["participants", "participants_previous", "change"]].tolist() == [4, 2, 2]
    assert figures.loc["U04", "change"] == 0
    assert (figures["previous_as_of"] == pd.Timestamp("2024-11-20")).all()


def test_rerunning_a_day_replaces_its_figures_and_keeps_earlier_weeks(project, tmp_path):
    progress.record_history(_tables(), project, "20/11/2024", tmp_path)
    progress.record_history(_tables(entries=entries_table().head(1)), project, "27/11/2024", tmp_path)
    progress.record_history(_tables(), project, "27/11/2024", tmp_path)  # a newer export for the same day
    history = progress.read_history(tmp_path)
    assert sorted(history["as_of"].unique()) == ["2024-11-20", "2024-11-27"]
    assert len(history) == 8  # four units, two days
    week = history[history["as_of"] == "2024-11-27"].set_index("unit_code")["participants"]
    assert week.to_dict() == {"U01": 3, "U02": 1, "U03": 1, "U04": 0}
    assert set(history["source_files"]) == {"ket_qua_thi.xlsx"}
    assert (tmp_path / "progress_history.csv").is_file()


def test_the_previous_week_is_the_latest_day_at_least_a_week_earlier(project):
    history = pd.DataFrame({"as_of": ["2024-11-18", "2024-11-22", "2024-11-25"], "unit_code": "U01",
                            "participants": 1})
    assert progress.previous_date(history, project, "29/11/2024") == dt.date(2024, 11, 22)
    assert progress.previous_date(history, project, "26/11/2024") == dt.date(2024, 11, 18)
    assert progress.previous_date(history, project, "20/11/2024") == dt.date(2024, 11, 18)  # no week yet: latest
    assert progress.previous_date(history, project, "18/11/2024") is None
    assert progress.previous_date(history.iloc[0:0], project, "29/11/2024") is None


def test_headline_says_when_no_earlier_week_was_recorded(project):
    text = progress.headline(_tables(), project, "27/11/2024")
    assert "Tính đến hết ngày 27/11/2024, toàn thành phố có 5/50 CBCCVC đã tham gia dự thi, đạt 10,00%" in text
    assert "Chưa có số liệu tuần trước" in text and "còn 16 ngày" in text
    assert "4/4 đơn vị chưa đạt chỉ tiêu, trong đó 1 đơn vị chưa có người nào dự thi" in text


# ---------------------------------------------------------------- the unit head, the sheet, the pages, the chart


def test_registry_head_column_is_read_when_present_and_blank_otherwise(project, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Mã đơn vị", "Tên đơn vị", "Khối", "Tổng số CBCCVC", "Thủ trưởng đơn vị"])
    book.active.append(["PNV", "Phòng Nội vụ", "Phòng chuyên môn", 8, "Nguyễn Văn Bình"])
    book.save(tmp_path / "with_head.xlsx")
    units = read_registry(tmp_path / "with_head.xlsx", project, IssueLog())
    assert units["head_name"].tolist() == ["Nguyễn Văn Bình"]
    book.active.delete_cols(5)
    book.save(tmp_path / "without_head.xlsx")
    assert read_registry(tmp_path / "without_head.xlsx", project, IssueLog())["head_name"].tolist() == [""]


def test_group_pages_name_the_head_and_show_a_page_per_group(project):
    units = units_table().assign(head_name=["Trần Văn Nam", "", "", "Lê Thị <Hoa>"])
    page = progress.group_pages(_tables(units=units), project, "30/11/2024").markup
    assert page.count("<section class='cchc-page'>") == 3  # three groups
    assert "Lê Thị &lt;Hoa&gt;" in page and "<h3>Khối Trường học</h3>" in page
    assert "Thủ trưởng đơn vị" in page
    plain = progress.group_pages(_tables(), project, "30/11/2024").markup
    assert "Thủ trưởng đơn vị" not in plain  # no column of blanks when the registry names no head


def test_lagging_workbook_is_one_formatted_sheet(project, tmp_path):
    path = progress.write_lagging_workbook(_tables(), project, "30/11/2024", tmp_path / "05_tien_do.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [progress.LAGGING_SHEET]
    sheet = book[progress.LAGGING_SHEET]
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["Khối", "Mã đơn vị", "Tên đơn vị", "Thủ trưởng đơn vị"]
    rows = [dict(zip(headers, r)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    # by group in the registry's order, furthest behind first within it: U02 1/8 before U01 3/10
    assert [r["Mã đơn vị"] for r in rows] == ["U02", "U01", "U03", "U04"]
    u04 = rows[-1]
    assert (u04["Số tham gia"], u04["Số CBCCVC theo danh sách"], u04["Tỷ lệ tham gia"], u04["Còn thiếu"]) == (
        0, 12, 0.0, 12)
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(row=2, column=headers.index("Tỷ lệ tham gia") + 1).number_format == "0.00%"


def test_progress_chart_marks_the_end_and_writes_rates_the_vietnamese_way(project):
    daily = progress.cumulative_by_day(_tables(), project, "30/11/2024")
    fig = charts.cumulative_progress(daily, "day", "cumulative_rate", "group", "Tiến độ", project.contest.window_start,
                                     project.contest.window_end, 1.0, city=progress.CITY_LABEL)
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in shown] == [
        "Toàn thành phố", "Phòng chuyên môn", "Xã, phường", "Trường học"]
    texts = [t.get_text() for ax in shown for t in ax.texts]
    assert "10,0%" in texts and "Kết thúc 13/12" in texts and "Chỉ tiêu 100% " in texts
    # greyscale: every line drawn in black, told apart by its dash
    colours = {line.get_color() for ax in shown for line in ax.get_lines()}
    assert colours == {"black"}
    assert shown[0].get_xlim()[1] > date2num(pd.Timestamp("2024-12-13"))  # the axis runs to the contest's end
    assert charts.png_bytes(fig)[:8] == b"\x89PNG\r\n\x1a\n"


def test_notebook_inputs_are_declared_and_missing_ones_named(tmp_path):
    import nbformat
    from report_fixtures import NOTEBOOKS

    from cchc_analysis.report import missing_inputs, notebook_needs

    needs = notebook_needs(nbformat.read(NOTEBOOKS / "05_tien_do.ipynb", as_version=4))
    assert needs == {"requires": ["entries"], "as_of": True}
    _settings, processed, _reports = make_project(tmp_path)
    tables = load_tables(processed)
    assert missing_inputs(needs, tables) == []
    assert missing_inputs(needs, _tables(entries=pd.DataFrame(columns=entries_table().columns))) == ["entries"]
    assert notebook_needs(nbformat.read(NOTEBOOKS / "01_tong_hop.ipynb", as_version=4)) == {
        "requires": [], "as_of": False}


def test_report_refuses_an_unreadable_as_of_day_before_running_anything(tmp_path, capsys):
    from cchc_analysis import cli

    settings, _processed, reports = make_project(tmp_path)
    assert cli.main(["--config", str(settings.root / "cchc.toml"), "report", "--as-of", "31/02/2024"]) == 1
    assert "dd/mm/yyyy" in capsys.readouterr().err
    assert not list(reports.glob("*.html"))


@pytest.mark.slow
def test_progress_notebook_runs_on_the_registry_and_export_alone_and_shows_last_weeks_change(tmp_path):
    from report_fixtures import NOTEBOOKS

    from cchc_analysis.report import config_file, execute_notebook, page_text
    from cchc_analysis.tables import TABLE_COLUMNS, write_table

    settings, processed, _reports = make_project(tmp_path)
    for name in ["returns", "non_participants", "reconciliation"]:  # no return has arrived yet
        write_table(pd.DataFrame(columns=TABLE_COLUMNS[name]), name, processed)
    progress.record_history(load_tables(processed), settings, "20/11/2024", processed)
    parameters = {"processed_dir": str(processed), "config_path": str(config_file(settings)), "as_of": "2024-11-27"}
    nb = execute_notebook(NOTEBOOKS / "05_tien_do.ipynb", parameters, timeout=120)
    shown = page_text(" ".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code"
                               for o in c.outputs))
    # 20/11: p1, p2 (U01), p4 (U02) = 3; 27/11: + p3 (U01), p6 (U03) = 5
    assert "Tính đến hết ngày 27/11/2024, toàn thành phố có 5/50 CBCCVC" in shown
    assert "So với số liệu ngày 20/11/2024, tăng 2 người" in shown
    assert "Trường Mầm non Sao Đỏ 0 12 0,00% 0 12" in shown  # U04: none yet, no change, 12 to go
