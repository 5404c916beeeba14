"""The emulation criteria on a small hand-built city; every expected value is worked out by hand below.

Units (registry staff) and their returns (deadline 17/12/2024):
  A  Phòng A  (Phòng, 10)  on time 16/12, 10/10                        → 100%          → xuất sắc
  B  Phòng B  (Phòng, 20)  on time 10/12, 18/20, 1 thai sản + 1 blank  → 18/19=94,74% → tốt
  C  Xã C     (Xã, 30)     on time 15/12, 27/30, 3 justified           → 27/27=100%   → xuất sắc
  D  Xã D     (Xã, 10)     no return                                   → missing      → không hoàn thành
  E  Trường E (Trường, 40) only a rejected return                      → rejected     → không hoàn thành
  F  Trường F (Trường, 10) late 18/12, 10/10                           → 100% late    → tốt
  G  Trường G (Trường, 20) on time 17/12 (the deadline day), 14/20     → 70%          → hoàn thành
  H  Trường H (Trường, 10) on time 12/12, 6/10                         → 60%          → không hoàn thành
  I  Trường I (Trường, 10) on time 11/12, 9/10                         → 90%          → tốt
A also has an earlier superseded return (5/10) that must be ignored.
"""
from __future__ import annotations

import pandas as pd
import pytest

from cchc_analysis import analysis
from cchc_analysis.analysis import (
    absence_reasons, city_summary, commendation_proposals, criticism_list, daily_progress, fmt_date, fmt_percent,
    group_summary, heads_not_participating, individual_ranking, return_timeliness, score_bands, unit_scorecard,
    unjustified_absences,
)
from cchc_analysis.config import Contest, Grades
from cchc_analysis.tables import TABLE_COLUMNS, Tables

TZ = "Asia/Ho_Chi_Minh"


def _units() -> pd.DataFrame:
    rows = [
        ("A", "Phòng A", "Phòng", 10), ("B", "Phòng B", "Phòng", 20), ("C", "Xã C", "Xã", 30),
        ("D", "Xã D", "Xã", 10), ("E", "Trường E", "Trường", 40), ("F", "Trường F", "Trường", 10),
        ("G", "Trường G", "Trường", 20), ("H", "Trường H", "Trường", 10), ("I", "Trường I", "Trường", 10),
    ]
    units = pd.DataFrame(rows, columns=["unit_code", "unit_name", "group", "staff_registry"])
    units["other_names"] = ""
    return units


def _returns() -> pd.DataFrame:
    rows = [
        ("a_v1.xlsx", "A", "superseded", "2024-12-05", 10, 5, False, ""),
        ("a_v2.xlsx", "A", "accepted", "2024-12-16", 10, 10, False, ""),
        ("b.docx", "B", "accepted", "2024-12-10", 20, 18, False, ""),
        ("c.xls", "C", "accepted", "2024-12-15", 30, 27, False, ""),
        ("e.xlsx", "E", "rejected", "2024-12-14", 40, 45, False, "số tham gia lớn hơn tổng số"),
        ("f.csv", "F", "accepted", "2024-12-18", 10, 10, True, ""),
        ("g.xlsx", "G", "accepted", "2024-12-17", 20, 14, False, ""),
        ("h.xlsx", "H", "accepted", "2024-12-12", 10, 6, False, ""),
        ("i.xlsx", "I", "accepted", "2024-12-11", 10, 9, False, ""),
    ]
    returns = pd.DataFrame(rows, columns=["source_file", "unit_code", "status", "report_date", "total_staff",
                                          "participants", "late", "status_reason"])
    returns["report_date"] = pd.to_datetime(returns["report_date"])
    for col in TABLE_COLUMNS["returns"]:
        if col not in returns.columns:
            returns[col] = None
    return returns


def _people() -> pd.DataFrame:
    rows = [
        ("B", "Trần Thị Mai", "Chuyên viên", "Nghỉ thai sản", "maternity", True, "b.docx", 12),
        ("B", "Lê Văn Nam", "Phó Trưởng phòng", "", "none", False, "b.docx", 13),
        ("C", "Phạm Văn Hùng", "Chủ tịch UBND", "Ốm điều trị", "sickness", True, "c.xls", 20),
        ("C", "Đỗ Thị Lan", "Công chức", "Đi học", "training", True, "c.xls", 21),
        ("C", "Vũ Văn Tú", "Bảo vệ", "HĐ 68", "out_of_scope", True, "c.xls", 22),
        ("G", "Ngô Thị Hoa", "Phó Hiệu trưởng", "Nghỉ phép", "leave", False, "g.xlsx", 30),
        ("G", "Bùi Văn Long", "Giáo viên", "Đi công tác", "business_trip", False, "g.xlsx", 31),
        ("G", "Hoàng Thị Nga", "Kế toán trưởng", "Bận việc gia đình", "other", False, "g.xlsx", 32),
        ("G", "Đinh Văn Quý", "Giáo viên", "Không có lý do", "none", False, "g.xlsx", 33),
        ("G", "Mai Thị Thu", "Nhân viên", "", "none", False, "g.xlsx", 34),
        ("G", "Lý Văn Phú", "Giáo viên", "Nghỉ phép", "leave", False, "g.xlsx", 35),
    ]
    return pd.DataFrame(rows, columns=["unit_code", "full_name", "position", "reason", "reason_category",
                                       "justified", "source_file", "source_row"])


def _at(local: str) -> pd.Timestamp:
    return pd.Timestamp(local, tz=TZ)


def _entries() -> pd.DataFrame:
    # person, unit, typed unit, local submission time, correct, duration (s), prediction, in window
    rows = [
        ("p1", "A", "Phòng A", "2024-11-20 01:30", 20, 300, 120000, True),
        ("p1", "A", "Phòng A", "2024-11-25 08:00", 18, 100, 125000, True),
        ("p2", "A", "Phòng A", "2024-11-21 10:00", 20, 200, 125500, True),
        ("p3", "B", "Phòng B", "2024-11-21 11:00", 20, 100, 124000, True),
        ("p4", "C", "Xã C", "2024-11-22 09:00", 19, 250, 0, True),
        ("p6", "C", "Xã C", "2024-11-23 09:00", 19, 250, 0, True),
        ("p5", "C", "Xã C", "2024-12-14 09:00", 20, 50, 125000, False),
        ("p7", "G", "Trường G", "2024-11-18 07:45", 5, 600, 1, True),
        ("p8", None, "Công an tỉnh", "2024-11-22 09:00", 4, 500, 1, True),
    ]
    entries = pd.DataFrame(rows, columns=["person_key", "unit_code", "unit_text", "local", "correct", "duration_s",
                                          "prediction", "in_window"])
    # stored in UTC the way the platform table is; the local day must come back
    entries["submitted_at"] = entries["local"].map(_at).dt.tz_convert("UTC")
    entries["full_name"] = entries["person_key"].str.upper()
    entries["attempt_no"] = entries.groupby("person_key").cumcount() + 1
    entries["best_attempt"] = True
    entries["source_file"] = "export.xlsx"
    entries["source_row"] = range(2, len(entries) + 2)
    return entries.drop(columns="local")


def _reconciliation() -> pd.DataFrame:
    platform = {"A": 2, "B": 1, "C": 2, "G": 1}
    units = _units()
    recon = units[["unit_code", "staff_registry"]].copy()
    recon["participants_reported"] = recon["unit_code"].map({"A": 10, "B": 18, "C": 27, "F": 10, "G": 14,
                                                             "H": 6, "I": 9})
    recon["participants_platform"] = recon["unit_code"].map(platform).fillna(0).astype(int)
    recon["difference"] = recon["participants_platform"] - recon["participants_reported"]
    recon["flag"] = False
    return recon


def make_tables(**changes) -> Tables:
    parts = dict(units=_units(), returns=_returns(), non_participants=_people(), entries=_entries(),
                 reconciliation=_reconciliation(), issues=pd.DataFrame(columns=TABLE_COLUMNS["issues"]),
                 files=pd.DataFrame(columns=TABLE_COLUMNS["files"]))
    parts.update(changes)
    return Tables(**parts)


@pytest.fixture
def tables():
    return make_tables()


def card_of(tables, settings) -> pd.DataFrame:
    return unit_scorecard(tables, settings).set_index("unit_code")


# ---------------------------------------------------------------- scorecard


def test_scorecard_has_one_row_per_registry_unit_in_registry_order(tables, settings):
    card = unit_scorecard(tables, settings)
    assert card["unit_code"].tolist() == list("ABCDEFGHI")
    for col in ["unit_code", "unit_name", "group", "staff", "participants_reported", "participants_platform",
                "justified_absences", "rate", "adjusted_rate", "return_status", "report_date", "grade",
                "grade_reason"]:
        assert col in card.columns


def test_grades_follow_the_design_rules(tables, settings):
    card = card_of(tables, settings)
    assert card["grade"].to_dict() == {
        "A": "Hoàn thành xuất sắc", "B": "Hoàn thành tốt", "C": "Hoàn thành xuất sắc", "D": "Không hoàn thành",
        "E": "Không hoàn thành", "F": "Hoàn thành tốt", "G": "Hoàn thành", "H": "Không hoàn thành",
        "I": "Hoàn thành tốt",
    }


def test_rates_to_two_decimals(tables, settings):
    card = card_of(tables, settings)
    assert card.loc["B", "rate"].round(4) == 0.9
    assert round(card.loc["B", "adjusted_rate"], 4) == 0.9474  # 18 / (20 − 1 thai sản)
    assert card.loc["C", "rate"] == pytest.approx(0.9)
    assert card.loc["C", "adjusted_rate"] == pytest.approx(1.0)  # 27 / (30 − 3)
    assert card.loc["G", "rate"] == pytest.approx(0.7)
    assert card.loc["H", "rate"] == pytest.approx(0.6)


def test_superseded_return_is_ignored(tables, settings):
    card = card_of(tables, settings)
    assert card.loc["A", "participants_reported"] == 10
    assert fmt_date(card.loc["A", "report_date"]) == "16/12/2024"
    assert card.loc["A", "source_file"] == "a_v2.xlsx"


def test_return_status_on_time_late_missing_rejected(tables, settings):
    card = card_of(tables, settings)
    assert card["return_status"].to_dict() == {
        "A": "on_time", "B": "on_time", "C": "on_time", "D": "missing", "E": "rejected", "F": "late",
        "G": "on_time", "H": "on_time", "I": "on_time",
    }


def test_missing_and_rejected_units_count_registry_staff_and_no_participants(tables, settings):
    card = card_of(tables, settings)
    assert card.loc["D", "staff"] == 10
    assert pd.isna(card.loc["D", "participants_reported"])
    assert pd.isna(card.loc["D", "rate"]) and pd.isna(card.loc["D", "adjusted_rate"])  # no valid return is not 0%
    assert card.loc["E", "staff"] == 40  # the rejected return's numbers are not used


def test_justified_absences_change_the_adjusted_rate(tables, settings):
    card = card_of(tables, settings)
    assert card.loc["B", "justified_absences"] == 1
    assert card.loc["C", "justified_absences"] == 3
    # without its justified absences listed, C falls from xuất sắc (100%) to tốt (90%)
    fewer = make_tables(non_participants=_people().query("unit_code != 'C'"))
    assert card_of(fewer, settings).loc["C", "grade"] == "Hoàn thành tốt"


def test_late_return_at_100_percent_is_good_not_excellent(tables, settings):
    card = card_of(tables, settings)
    assert card.loc["F", "adjusted_rate"] == 1.0
    assert card.loc["F", "grade"] == "Hoàn thành tốt"
    assert card.loc["F", "grade_reason"] == (
        "Tỷ lệ tham gia 100,00%, gửi báo cáo muộn (ngày 18/12/2024, hạn 17/12/2024); "
        "báo cáo muộn nên không xếp loại Hoàn thành xuất sắc")


def test_return_dated_on_the_deadline_is_on_time_when_late_flag_is_blank(settings):
    returns = _returns()
    returns["late"] = None
    card = card_of(make_tables(returns=returns), settings)
    assert card.loc["G", "return_status"] == "on_time"  # 17/12 is the deadline day, inclusive
    assert card.loc["F", "return_status"] == "late"


def test_boundaries_70_90_100_exactly(settings):
    units = pd.DataFrame({"unit_code": ["U70", "U69", "U90", "U89", "U100", "U99"], "unit_name": list("abcdef"),
                          "group": "Khối", "staff_registry": [100, 1000, 50, 1000, 7, 1000], "other_names": ""})
    returns = pd.DataFrame({"source_file": [f"{c}.xlsx" for c in units["unit_code"]], "unit_code": units["unit_code"],
                            "status": "accepted", "report_date": pd.Timestamp("2024-12-16"),
                            "total_staff": [100, 1000, 50, 1000, 7, 1000],
                            "participants": [70, 699, 45, 899, 7, 999], "late": False})
    tables = make_tables(units=units, returns=returns, non_participants=_people().iloc[0:0],
                         reconciliation=pd.DataFrame(columns=TABLE_COLUMNS["reconciliation"]))
    assert card_of(tables, settings)["grade_key"].to_dict() == {
        "U70": "pass", "U69": "fail", "U90": "good", "U89": "pass", "U100": "excellent", "U99": "good"}


def test_changing_a_threshold_in_settings_changes_the_grade(tables, settings):
    g = settings.grades
    stricter = settings.with_overrides(grades=Grades(
        excellent_rate=g.excellent_rate, good_rate=0.95, pass_rate=g.pass_rate,
        commendation_max=g.commendation_max, labels=g.labels))
    assert card_of(tables, settings).loc["I", "grade"] == "Hoàn thành tốt"  # 90%
    assert card_of(tables, stricter).loc["I", "grade"] == "Hoàn thành"


def test_changing_the_deadline_in_settings_changes_timeliness(settings):
    returns = _returns()
    returns["late"] = None
    later = settings.with_overrides(contest=_contest(settings, return_deadline=pd.Timestamp("2024-12-20").date()))
    card = card_of(make_tables(returns=returns), later)
    assert card.loc["F", "return_status"] == "on_time"
    assert card.loc["F", "grade"] == "Hoàn thành xuất sắc"


def _contest(settings, **changes) -> Contest:
    from dataclasses import replace

    return replace(settings.contest, **changes)


def test_grade_reason_names_the_deducted_justified_absences(tables, settings):
    card = card_of(tables, settings)
    assert card.loc["B", "grade_reason"] == (
        "Tỷ lệ tham gia 90,00%, sau khi trừ 1 người vắng có lý do chính đáng là 94,74%, gửi báo cáo đúng hạn")
    assert card.loc["D", "grade_reason"] == (
        "Không gửi báo cáo hợp lệ (chưa gửi, hạn 17/12/2024); hệ thống thi không ghi nhận ai tham gia")
    assert card.loc["E", "grade_reason"] == (
        "Không gửi báo cáo hợp lệ (không hợp lệ: số tham gia lớn hơn tổng số, hạn 17/12/2024); "
        "hệ thống thi không ghi nhận ai tham gia")


def test_rejected_reason_code_is_told_with_the_issue_message(settings):
    returns = _returns()
    returns.loc[returns["unit_code"] == "E", "status_reason"] = "participants_above_total"
    issues = pd.DataFrame([{"source_file": "e.xlsx", "sheet": "Sheet1", "row": 9, "severity": "error",
                            "code": "participants_above_total",
                            "message": "Số tham gia (45) lớn hơn tổng số (40) (participants above total)"}])
    card = card_of(make_tables(returns=returns, issues=issues), settings)
    # the log's English gloss stays out of the leadership sentence
    assert card.loc["E", "grade_reason"] == ("Không gửi báo cáo hợp lệ (không hợp lệ: Số tham gia (45) lớn hơn tổng số "
                                             "(40), hạn 17/12/2024); hệ thống thi không ghi nhận ai tham gia")


def test_all_staff_justified_absent_counts_as_full_participation(settings):
    units = pd.DataFrame({"unit_code": ["Z"], "unit_name": ["Z"], "group": "K", "staff_registry": [2],
                          "other_names": ""})
    returns = pd.DataFrame({"source_file": ["z.xlsx"], "unit_code": ["Z"], "status": "accepted",
                            "report_date": pd.Timestamp("2024-12-16"), "total_staff": [2], "participants": [0],
                            "late": False})
    people = _people().iloc[[0, 0]].assign(unit_code="Z")
    card = card_of(make_tables(units=units, returns=returns, non_participants=people), settings)
    assert card.loc["Z", "adjusted_rate"] == 1.0
    assert card.loc["Z", "rate"] == 0.0


def test_platform_people_come_from_the_reconciliation(tables, settings):
    card = card_of(tables, settings)
    assert card.loc["A", "participants_platform"] == 2
    assert card.loc["D", "participants_platform"] == 0


# ---------------------------------------------------------------- groups and city


def test_city_summary_counts_silent_units_with_zero_participants(tables, settings):
    city = city_summary(tables, settings).iloc[0]
    assert city["group"] == "Toàn thành phố"
    assert city["staff"] == 160  # 10+20+30+10(D registry)+40(E registry)+10+20+10+10
    assert city["participants"] == 94  # 10+18+27+0+0+10+14+6+9
    assert fmt_percent(city["rate"]) == "58,75%"
    assert city["justified_absences"] == 4
    assert fmt_percent(city["adjusted_rate"]) == "60,26%"  # 94 / 156
    assert city["units"] == 9 and city["units_reported"] == 7 and city["units_on_time"] == 6
    assert city["units_missing"] == 1 and city["units_rejected"] == 1 and city["units_late"] == 1
    assert city["units_100"] == 2  # A and F: every staff member took part
    assert city["units_100_adjusted"] == 3  # and C after its justified absences


def test_city_reporting_measures_follow_dhis2(tables, settings):
    city = city_summary(tables, settings).iloc[0]
    assert (city["expected_reports"], city["actual_reports"], city["on_time_reports"]) == (9, 7, 6)
    assert fmt_percent(city["reporting_rate"]) == "77,78%"
    assert fmt_percent(city["on_time_rate"]) == "66,67%"


def test_group_summary_per_group(tables, settings):
    groups = group_summary(tables, settings).set_index("group")
    assert groups.index.tolist() == ["Phòng", "Xã", "Trường"]
    assert groups.loc["Xã", ["staff", "participants", "units", "units_reported"]].tolist() == [40, 27, 2, 1]
    assert fmt_percent(groups.loc["Xã", "rate"]) == "67,50%"
    assert fmt_percent(groups.loc["Xã", "reporting_rate"]) == "50,00%"
    assert groups.loc["Trường", ["staff", "participants"]].tolist() == [90, 39]
    assert groups["staff"].sum() == city_summary(tables, settings)["staff"].iloc[0]


# ---------------------------------------------------------------- absences


def test_absence_reasons_counted_by_category_in_config_order(tables, settings):
    reasons = absence_reasons(tables, settings)
    assert reasons[["reason_category", "people", "justified"]].values.tolist() == [
        ["maternity", 1, True], ["sickness", 1, True], ["training", 1, True], ["out_of_scope", 1, True],
        ["business_trip", 1, False], ["leave", 2, False], ["none", 3, False], ["other", 1, False],
    ]
    assert reasons.set_index("reason_category").loc["none", "label"] == "Không có lý do"
    assert reasons["share"].sum() == pytest.approx(1.0)


def test_unjustified_absences_are_named_with_unit(tables, settings):
    listed = unjustified_absences(tables, settings)
    assert len(listed) == 7
    assert listed.iloc[0][["full_name", "position", "unit_name", "reason_label"]].tolist() == [
        "Lê Văn Nam", "Phó Trưởng phòng", "Phòng B", "Không có lý do"]
    assert set(listed["unit_code"]) == {"B", "G"}


def test_heads_are_positions_starting_with_a_head_word(tables, settings):
    heads = heads_not_participating(tables, settings)
    # "Kế toán trưởng" ends with trưởng but is no head; "Giáo viên", "Công chức" are not
    assert heads["full_name"].tolist() == ["Lê Văn Nam", "Ngô Thị Hoa", "Phạm Văn Hùng"]
    assert heads["position"].tolist() == ["Phó Trưởng phòng", "Phó Hiệu trưởng", "Chủ tịch UBND"]


def test_head_words_come_from_settings(tables, settings):
    fewer = settings.with_overrides(head_words=["Chủ tịch"])
    assert heads_not_participating(tables, fewer)["full_name"].tolist() == ["Phạm Văn Hùng"]


# ---------------------------------------------------------------- commendation and criticism


def test_commendation_orders_by_raw_rate_before_the_adjusted_one(tables, settings):
    proposals = commendation_proposals(tables, settings)
    # both excellent (100% after justified absences); A has 10/10 = 100%, C 27/30 = 90%
    assert proposals["unit_code"].tolist() == ["A", "C"]
    assert proposals["proposal_rank"].tolist() == [1, 2]


def test_commendation_is_capped_by_settings(tables, settings):
    g = settings.grades
    one = settings.with_overrides(grades=Grades(g.excellent_rate, g.good_rate, g.pass_rate, 1, g.labels))
    assert commendation_proposals(tables, one)["unit_code"].tolist() == ["A"]


def test_criticism_lists_failed_units_with_reasons(tables, settings):
    failed = criticism_list(tables, settings)
    assert failed["unit_code"].tolist() == ["D", "E", "H"]
    assert failed.iloc[2]["grade_reason"] == (
        "Tỷ lệ tham gia 60,00%, gửi báo cáo đúng hạn, dưới mức 70,00% để xếp loại Hoàn thành")


def test_return_timeliness_orders_by_status_then_date(tables, settings):
    timely = return_timeliness(tables, settings)
    assert timely["unit_code"].tolist() == ["B", "I", "H", "C", "A", "G", "F", "E", "D"]
    row = timely.set_index("unit_code").loc["F"]
    assert (row["days_late"], row["source_file"], row["files_received"]) == (1, "f.csv", 1)
    assert timely.set_index("unit_code").loc["A", "files_received"] == 2
    assert timely.set_index("unit_code").loc["E", "source_file"] == "e.xlsx"


# ---------------------------------------------------------------- individuals


def test_ranking_ties_break_on_prediction_then_time_then_submission(tables, settings):
    with_answer = settings.with_overrides(contest=_contest(settings, prediction_answer=125000))
    ranking = individual_ranking(tables, with_answer)
    # all three 20/20: p2 is 500 off, p3 1000 off, p1 5000 off; p4 and p6 tie on 19 and 250 s, p4 was earlier
    assert ranking["person_key"].tolist() == ["p2", "p3", "p1", "p4", "p6", "p7", "p8"]
    assert ranking["rank"].tolist() == [1, 2, 3, 4, 5, 6, 7]


def test_ranking_without_prediction_answer_uses_duration(tables, settings):
    plain = settings.with_overrides(contest=_contest(settings, prediction_answer=None))
    ranking = individual_ranking(tables, plain)
    assert ranking["person_key"].tolist() == ["p3", "p2", "p1", "p4", "p6", "p7", "p8"]


def test_ranking_keeps_the_best_attempt_in_the_window(tables, settings):
    ranking = individual_ranking(tables, settings).set_index("person_key")
    assert ranking.loc["p1", "correct"] == 20  # not the later 18
    assert "p5" not in ranking.index  # only attempt after the window closed
    assert ranking.loc["p8", "unit_name"] == "Công an tỉnh"  # outside the registry: the typed unit
    assert ranking.loc["p3", "unit_name"] == "Phòng B"


def test_full_ties_share_a_rank(settings):
    entries = _entries()
    entries.loc[entries["person_key"] == "p6", "submitted_at"] = pd.Timestamp("2024-11-22 09:00", tz=TZ)
    plain = settings.with_overrides(contest=_contest(settings, prediction_answer=None))
    ranking = individual_ranking(make_tables(entries=entries), plain).set_index("person_key")
    assert ranking.loc["p4", "rank"] == ranking.loc["p6", "rank"] == 4


def test_score_bands_by_unit_group_and_city(tables, settings):
    bands = score_bands(tables, settings)
    city = bands[bands["level"] == "city"].set_index("band_label")["people"]
    # p1 p2 p3 20/20; p4 p6 19/20 = 95%; p7 5/20 = 25% exactly (band from 25%); p8 is outside the registry
    assert city.tolist() == [3, 2, 1, 0]
    assert city.index.tolist() == settings.band_labels
    unit_c = bands[(bands["level"] == "unit") & (bands["unit_code"] == "C")]["people"].tolist()
    assert unit_c == [0, 2, 0, 0]
    group = bands[(bands["level"] == "group") & (bands["group"] == "Phòng")]["people"].tolist()
    assert group == [3, 0, 0, 0]
    assert len(bands[bands["level"] == "unit"]) == 9 * 4


def test_daily_progress_counts_people_on_their_first_local_day(tables, settings):
    progress = daily_progress(tables, settings)
    city = progress[progress["level"] == "city"].set_index("day")
    assert len(city) == 26  # 18/11 to 13/12
    # p7 on 18/11; p1 at 01:30 local on 20/11 (still 19/11 in UTC); p2, p3 on 21/11; p4 22/11; p6 23/11
    assert city["new_participants"].loc["2024-11-18":"2024-11-23"].tolist() == [1, 0, 1, 2, 1, 1]
    assert city.loc["2024-12-13", "cumulative_participants"] == 6
    assert city.loc["2024-12-13", "staff"] == 160
    assert fmt_percent(city.loc["2024-12-13", "cumulative_rate"]) == "3,75%"
    assert city.loc["2024-12-13", "shortfall"] == 154
    phong = progress[(progress["group"] == "Phòng")].set_index("day")
    assert phong.loc["2024-11-21", "cumulative_participants"] == 3


def test_functions_run_on_empty_tables(settings):
    empty = Tables(**{name: pd.DataFrame(columns=cols) for name, cols in TABLE_COLUMNS.items()})
    empty.units = _units()
    for name in ["unit_scorecard", "group_summary", "city_summary", "absence_reasons", "unjustified_absences",
                 "heads_not_participating", "commendation_proposals", "criticism_list", "individual_ranking",
                 "score_bands", "daily_progress", "return_timeliness"]:
        out = getattr(analysis, name)(empty, settings)
        assert isinstance(out, pd.DataFrame), name
    assert city_summary(empty, settings).iloc[0]["participants"] == 0
    assert (unit_scorecard(empty, settings)["grade_key"] == "fail").all()


def test_vietnamese_formatting():
    assert fmt_percent(0.9375) == "93,75%"
    assert fmt_percent(1) == "100,00%"
    assert fmt_percent(float("nan")) == ""
    assert fmt_date(pd.Timestamp("2024-12-05")) == "05/12/2024"
    assert analysis.fmt_number(12345) == "12.345"


def test_package_top_reexports_the_analysis():
    import cchc_analysis

    assert cchc_analysis.unit_scorecard is unit_scorecard
    assert cchc_analysis.load_tables is analysis.load_tables


def test_people_of_units_without_an_accepted_return_are_not_counted(settings):
    stray = _people().iloc[[0]].assign(unit_code="E", full_name="Người Thừa", source_file="e.xlsx")
    tables = make_tables(non_participants=pd.concat([_people(), stray], ignore_index=True))
    assert card_of(tables, settings).loc["E", "justified_absences"] == 0
    assert "Người Thừa" not in set(unjustified_absences(tables, settings)["full_name"])
    assert absence_reasons(tables, settings).set_index("reason_category").loc["maternity", "people"] == 1


def test_late_return_below_pass_says_both(settings):
    returns = _returns()
    returns.loc[returns["unit_code"] == "H", ["report_date", "late"]] = [pd.Timestamp("2024-12-19"), True]
    card = card_of(make_tables(returns=returns), settings)
    assert card.loc["H", "grade_reason"] == (
        "Tỷ lệ tham gia 60,00%, gửi báo cáo muộn (ngày 19/12/2024, hạn 17/12/2024), "
        "dưới mức 70,00% để xếp loại Hoàn thành")


def test_city_figures_on_the_sample_agree_with_its_truth(sample_run):
    from cchc_analysis.tables import load_tables

    settings, truth, summary = sample_run
    tables = load_tables(summary.out_dir)
    accepted = {r["unit_code"]: r for r in truth["returns"] if r["status"] == "accepted"}
    staff = sum(accepted[u["unit_code"]]["total_staff"] if u["unit_code"] in accepted else u["staff_registry"]
                for u in truth["units"])
    city = city_summary(tables, settings).iloc[0]
    assert city["staff"] == staff
    assert city["participants"] == sum(r["participants"] for r in accepted.values())
    assert city["units_missing"] == len(truth["missing_units"])
    failed = set(criticism_list(tables, settings)["unit_code"])
    assert failed == {code for code, grade in truth["grades"].items() if grade == settings.grades.labels["fail"]}


@pytest.mark.parametrize("position, is_head", [
    ("Phó Hiệu trưởng", True), ("PHT", True), ("P.Hiệu trưởng", True), ("Chủ tịch UBND phường", True),
    ("Chủ tịch Công đoàn", False), ("Phó Bí thư Đoàn trường", False), ("Phó Chỉ huy trưởng Quân sự", False),
    ("Trưởng Công an xã", False), ("Kế toán trưởng", False), ("Giáo viên", False),
])
def test_heads_of_bodies_inside_the_unit_are_not_unit_heads(tables, settings, position, is_head):
    people = tables.non_participants.copy()
    people.loc[people.index[0], "position"] = position
    named = people.loc[people.index[0], "full_name"]
    heads = heads_not_participating(Tables(**{**tables.__dict__, "non_participants": people}), settings)
    assert (named in set(heads["full_name"])) == is_head


# ---------------------------------------------------------------- statuses and verdicts that hold up


def _with_return(returns: pd.DataFrame, **row) -> pd.DataFrame:
    extra = pd.DataFrame([{col: None for col in returns.columns} | row])
    extra["report_date"] = pd.to_datetime(extra["report_date"])
    return pd.concat([returns, extra], ignore_index=True)


def test_unit_statuses_held_unreadable_rejected_missing_each_have_one_label(settings):
    returns = _returns()
    returns["readable"] = True
    returns = _with_return(returns, source_file="d.xlsx", unit_code="D", status="held", report_date="2024-12-15",
                           total_staff=25, participants=20, status_reason="staff_far_from_registry", readable=True)
    # E's rejected return could not be read at all: the contract calls that "unreadable"
    returns.loc[returns["unit_code"] == "E", "readable"] = False
    card = card_of(make_tables(returns=returns), settings)
    assert card.loc["D", "return_status"] == "held" and card.loc["D", "return_status_label"] == "Chờ xác minh"
    assert card.loc["E", "return_status"] == "unreadable"
    assert card.loc["E", "return_status_label"] == "Đã gửi, không đọc được"
    assert analysis.RETURN_STATUS_LABELS == {
        "on_time": "Đúng hạn", "late": "Gửi muộn", "held": "Chờ xác minh", "unreadable": "Đã gửi, không đọc được",
        "rejected": "Không hợp lệ", "missing": "Chưa gửi"}
    # a held return enters no rate: D still has no rate and its registry staff
    assert pd.isna(card.loc["D", "rate"]) and card.loc["D", "staff"] == 10
    assert card.loc["D", "grade"] == "Không hoàn thành"
    assert card.loc["D", "grade_reason"].startswith("Không gửi báo cáo hợp lệ (chờ xác minh")


def test_unit_without_a_valid_return_shows_the_platform_count_not_zero(tables, settings):
    recon = _reconciliation()
    recon.loc[recon["unit_code"] == "D", "participants_platform"] = 8
    card = card_of(make_tables(reconciliation=recon), settings)
    assert pd.isna(card.loc["D", "rate"])
    assert card.loc["D", "participants_platform"] == 8 and card.loc["D", "platform_rate"] == pytest.approx(0.8)
    assert card.loc["D", "grade_reason"] == (
        "Không gửi báo cáo hợp lệ (chưa gửi, hạn 17/12/2024); hệ thống thi ghi nhận 8/10 người tham gia")


def test_grade_of_a_unit_without_valid_return_follows_the_setting(tables, settings):
    g = settings.grades
    lenient = settings.with_overrides(grades=Grades(g.excellent_rate, g.good_rate, g.pass_rate, g.commendation_max,
                                                    g.labels, no_valid_return="pass"))
    card = card_of(tables, lenient)
    assert card.loc["D", "grade"] == "Hoàn thành" and pd.isna(card.loc["D", "rate"])


def test_commendation_needs_confirmed_figures_and_lists_the_rest_to_verify(settings):
    recon = _reconciliation()
    recon.loc[recon["unit_code"] == "A", "flag"] = True  # platform far below A's report
    tables = make_tables(reconciliation=recon)
    assert commendation_proposals(tables, settings)["unit_code"].tolist() == ["C"]
    pending = analysis.commendation_to_verify(tables, settings)
    assert pending["unit_code"].tolist() == ["A"]
    assert pending.loc[0, "open_items"] == "hệ thống thi ghi nhận 2 người, ít hơn báo cáo (10) quá mức cho phép"


def test_commendation_holds_back_a_unit_far_from_the_registry_or_with_a_held_or_review_item(settings):
    returns = _returns()
    returns.loc[returns["source_file"] == "c.xls", "total_staff"] = 34  # registry 30: 13% off, tolerance 10%
    returns.loc[returns["source_file"] == "c.xls", "participants"] = 31
    returns = _with_return(returns, source_file="a_v3.xlsx", unit_code="A", status="held", report_date="2024-12-16",
                           total_staff=12, participants=10, status_reason="staff_far_from_registry")
    tables = make_tables(returns=returns)
    assert commendation_proposals(tables, settings).empty
    why = analysis.commendation_to_verify(tables, settings).set_index("unit_code")["open_items"]
    assert why["A"] == "có báo cáo đang chờ xác minh"
    assert why["C"] == "tổng số CBCCVC báo cáo khác danh sách quá 10% (34 so với 30)"

    issues = pd.DataFrame([{"source_file": "c.xls", "sheet": "trang 1", "row": 5, "severity": "warning",
                            "code": "review_ocr_value", "message": "Ô cần kiểm tra"}])
    tables = make_tables(issues=issues)
    assert analysis.commendation_to_verify(tables, settings).set_index("unit_code")["open_items"]["C"] == (
        "1 mục cần kiểm tra trong tệp xác nhận")


def test_a_cap_cutting_through_a_tie_is_said(settings):
    returns = _returns()
    # C at 100% raw too, and reporting on A's day: A and C equal on rate, platform share and date
    returns.loc[returns["source_file"] == "c.xls", ["participants", "report_date"]] = [30, pd.Timestamp("2024-12-16")]
    recon = _reconciliation()
    recon["participants_platform"] = recon["unit_code"].map({"A": 10, "C": 30}).fillna(0)  # both fully confirmed
    tables = make_tables(returns=returns, reconciliation=recon, non_participants=_people().iloc[:2])
    g = settings.grades
    one = settings.with_overrides(grades=Grades(g.excellent_rate, g.good_rate, g.pass_rate, 1, g.labels))
    decided = analysis.commendation_candidates(tables, one).set_index("unit_code")["verdict"]
    assert decided.to_dict() == {"A": "proposed", "C": "tie_cut"}
    note = analysis.commendation_note(tables, one)
    assert "tối đa 1 đơn vị" in note
    assert "1 đơn vị bằng đơn vị thứ 1 nhưng chưa được đề nghị (Xã C)" in note


def test_commendation_order_is_read_from_the_settings(tables, settings):
    g = settings.grades
    by_date = settings.with_overrides(grades=Grades(g.excellent_rate, g.good_rate, g.pass_rate, g.commendation_max,
                                                    g.labels, commendation_order=("report_date",)))
    assert commendation_proposals(tables, by_date)["unit_code"].tolist() == ["C", "A"]  # 15/12 before 16/12
    assert "Thứ tự: ngày báo cáo (sớm trước)" in analysis.commendation_note(tables, by_date)


def test_criticism_holds_back_unreadable_and_held_units(settings):
    returns = _returns()
    returns["readable"] = True
    returns.loc[returns["unit_code"] == "E", "readable"] = False
    tables = make_tables(returns=returns)
    assert criticism_list(tables, settings)["unit_code"].tolist() == ["D", "H"]
    pending = analysis.criticism_to_verify(tables, settings).set_index("unit_code")["open_items"]
    assert pending.to_dict() == {"E": "đơn vị đã gửi tệp nhưng không đọc được; đề nghị đơn vị gửi lại"}
    assert "không giới hạn số đơn vị" in analysis.criticism_note(tables, settings)


def test_shortfall_to_100_percent_is_broken_down(tables, settings):
    parts = analysis.shortfall_breakdown(tables, settings).set_index("label")["people"]
    # staff 10+20+30+10+40+10+20+10+10 = 160; reported participants 10+18+27+10+14+6+9 = 94; short 66
    # justified named: B 1, C 3 = 4; unjustified named: B 1, G 6 = 7; no valid return: D 10 + E 40 = 50;
    # not listed: H 4 + I 1 = 5
    assert parts.to_dict() == {
        "Vắng có lý do chính đáng (có tên trong báo cáo)": 4,
        "Vắng không có lý do chính đáng (có tên trong báo cáo)": 7,
        "Thuộc 2 đơn vị không gửi báo cáo hợp lệ": 50,
        "Không có tên trong danh sách người không tham gia": 5,
        "Tổng số còn thiếu so với 100%": 66,
    }


def test_grading_scale_names_its_source(settings):
    text = analysis.grading_scale(settings)
    assert text.startswith("Thang xếp loại (theo đề xuất của Phòng Nội vụ, cchc.toml): Hoàn thành xuất sắc")
    assert "Hoàn thành tốt từ 90%" in text and "không gửi báo cáo hợp lệ" in text
