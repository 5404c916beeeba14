"""The unit scorecard: one row per registry unit with its rates, return status, grade and why; return timeliness
and the grading scale in words."""
from __future__ import annotations

import pandas as pd

from ..config import Settings
from ..fmt import fmt_date, fmt_number, fmt_percent
from ..tables import Tables
from .common import (
    EPSILON, GRADE_KEYS, NO_VALID_RETURN, RETURN_STATUS_LABELS, RETURN_STATUSES, VALID_STATUSES, _accepted_returns,
    _dates, _flagged_units, _grade_labels, _held_units, _justified_counts, _key, _latest_not_accepted, _lookup,
    _numbers, _platform_people, _ratio, _review_counts, _unjustified_counts, _units,
)


def unit_scorecard(tables: Tables, settings: Settings) -> pd.DataFrame:
    """One row per registry unit: staff, participants, rates, return status, grade, why, and open items."""
    units = _units(tables)
    accepted = _accepted_returns(tables, settings).set_index("unit_code")
    other = _latest_not_accepted(tables).set_index("unit_code")
    code = units["unit_code"]
    has_return = code.isin(accepted.index)

    staff_return = _lookup(code, _numbers(accepted["total_staff"]))
    staff = staff_return.where(staff_return.notna(), units["staff_registry"])
    reported = _lookup(code, _numbers(accepted["participants"])).where(has_return)
    participants = reported.fillna(0.0)
    justified = _lookup(code, _justified_counts(tables)).fillna(0.0).where(has_return, 0.0)
    # a participant cannot also be a justified absence: never deduct more than staff − participants
    gap = (staff - participants).clip(lower=0).fillna(0.0)
    deducted = justified.clip(upper=gap).fillna(0.0)
    expected = staff - deducted
    adjusted = _ratio(participants, expected).where(~(expected <= 0), 1.0).where(has_return)
    unjustified = _lookup(code, _unjustified_counts(tables)).fillna(0.0).where(has_return, 0.0)
    named_unjustified = unjustified.clip(upper=gap - deducted)
    platform = _lookup(code, _platform_people(tables))

    late = _lookup(code, accepted["late"]).astype(object)
    other_status = _lookup(code, other["status"])
    readable = _lookup(code, other["readable"]).astype(object).fillna(True).astype(bool)
    status = pd.Series("missing", index=units.index, dtype=object)
    status = status.mask(other_status == "rejected", "rejected")
    status = status.mask((other_status == "rejected") & ~readable, "unreadable")
    status = status.mask(other_status == "held", "held")
    status = status.mask(has_return, late.map({True: "late", False: "on_time"}))
    report_date = _dates(_lookup(code, accepted["report_date"])).where(
        has_return, _dates(_lookup(code, other["report_date"])))

    registry = units["staff_registry"]
    far = has_return & registry.gt(0) & ((staff - registry).abs() > settings.staff_tolerance * registry + EPSILON)
    card = pd.DataFrame({
        "unit_code": code,
        "unit_name": units["unit_name"],
        "group": units["group"],
        "staff_registry": registry.astype("Int64"),
        "staff": staff.round().astype("Int64"),
        "participants_reported": reported.round().astype("Int64"),
        "participants_platform": platform.round().astype("Int64"),
        "justified_absences": justified.round().astype("Int64"),
        "justified_deducted": deducted.round().astype("Int64"),
        "rate": _ratio(participants, staff).where(has_return),
        "adjusted_rate": adjusted,
        "platform_rate": _ratio(platform.fillna(0.0), staff),
        "platform_share": _ratio(pd.concat([platform.fillna(0.0), reported], axis=1).min(axis=1), reported),
        "return_status": status,
        "return_status_label": status.map(RETURN_STATUS_LABELS),
        "report_date": report_date,
        "source_file": _lookup(code, accepted["source_file"]).where(has_return, _lookup(code, other["source_file"])),
        # the shortfall to 100%, person by person: listed with a justified reason, listed without, not listed;
        # a unit without a valid return: all its staff
        "gap_justified": deducted.where(has_return, 0.0).round().astype("int64"),
        "gap_unjustified": named_unjustified.where(has_return, 0.0).round().astype("int64"),
        "gap_not_listed": (gap - deducted - named_unjustified).where(has_return, 0.0).round().astype("int64"),
        "gap_no_return": staff.where(~has_return, 0.0).fillna(0.0).round().astype("int64"),
        "staff_far_from_registry": far.astype(bool),
        "reconciliation_flag": code.isin(_flagged_units(tables)),
        "held_return": code.isin(_held_units(tables)),
        "review_items": _lookup(code, _review_counts(tables)).fillna(0).astype("int64"),
    })
    card["grade_key"] = grade_keys(card, settings)
    card["grade"] = card["grade_key"].map(_grade_labels(settings))
    card["grade_reason"] = grade_reasons(card, _lookup(code, other["status_reason"]), settings)
    return card


def grade_keys(card: pd.DataFrame, settings: Settings) -> pd.Series:
    """excellent / good / pass / fail per docs/design.md §5: excellent needs the return on time; without a valid
    return, [grades] no_valid_return (default fail)."""
    g = settings.grades
    rate = card["adjusted_rate"].fillna(0.0)
    reported = card["return_status"].isin(VALID_STATUSES)
    on_time = card["return_status"] == "on_time"
    grade = pd.Series("fail", index=card.index, dtype=object)
    grade = grade.mask(reported & (rate >= g.pass_rate - EPSILON), "pass")
    grade = grade.mask(reported & (rate >= g.good_rate - EPSILON), "good")
    grade = grade.mask(on_time & (rate >= g.excellent_rate - EPSILON), "excellent")
    silent = g.no_valid_return if g.no_valid_return in GRADE_KEYS else "fail"
    return grade.where(reported, silent)


def grade_reasons(card: pd.DataFrame, rejected_reason: pd.Series, settings: Settings) -> pd.Series:
    """A Vietnamese sentence per unit saying why it got its grade."""
    labels = _grade_labels(settings)
    deadline = fmt_date(settings.contest.return_deadline)
    deducted = card["justified_deducted"].fillna(0)
    rate_text = "Tỷ lệ tham gia " + card["rate"].map(fmt_percent)
    after = (", sau khi trừ " + deducted.astype(str) + " người vắng có lý do chính đáng là "
             + card["adjusted_rate"].map(fmt_percent))
    rate_text = rate_text.where(deducted == 0, rate_text + after)
    on_time = rate_text + ", gửi báo cáo đúng hạn"
    late = rate_text + ", gửi báo cáo muộn (ngày " + card["report_date"].map(fmt_date) + ", hạn " + deadline + ")"
    would_excel = card["adjusted_rate"] >= settings.grades.excellent_rate - EPSILON
    late = late.where(~would_excel, late + "; báo cáo muộn nên không xếp loại " + labels["excellent"])
    status = card["return_status"]
    reason = on_time.where(status == "on_time", late)
    below = (card["grade_key"] == "fail") & status.isin(VALID_STATUSES)
    reason = reason.where(~below, reason + f", dưới mức {fmt_percent(settings.grades.pass_rate)} để xếp loại "
                          + labels["pass"])
    # no valid return: say so, the status and why, and what the platform shows, never a rate
    why = rejected_reason.astype(object).where(rejected_reason.notna() & (rejected_reason != ""), None)
    platform = card["participants_platform"]
    seen = ("; hệ thống thi ghi nhận " + platform.map(fmt_number) + "/" + card["staff"].map(fmt_number)
            + " người tham gia").where(platform.notna() & (platform > 0), "; hệ thống thi không ghi nhận ai tham gia")
    silent = ("Không gửi báo cáo hợp lệ (" + status.map(RETURN_STATUS_LABELS).fillna("").str.lower()
              + (": " + why).fillna("") + ", hạn " + deadline + ")" + seen)
    return reason.where(status.isin(VALID_STATUSES), silent)


def return_timeliness(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Per registry unit: on time, late, rejected or missing, with date, file and days past the deadline."""
    card = unit_scorecard(tables, settings)
    deadline = pd.Timestamp(settings.contest.return_deadline)
    received = _key(tables.returns["unit_code"]).value_counts()
    out = card[["unit_code", "unit_name", "group", "return_status", "return_status_label", "report_date",
                "source_file"]].copy()
    out["days_late"] = (out["report_date"] - deadline).dt.days.clip(lower=0).astype("Int64")
    out["files_received"] = _lookup(out["unit_code"], received).fillna(0).astype("int64")
    out["status_order"] = out["return_status"].map({s: i for i, s in enumerate(RETURN_STATUSES)})
    out = out.sort_values(["status_order", "report_date", "unit_name"], na_position="last")
    return out.drop(columns="status_order").reset_index(drop=True)


def grading_scale(settings: Settings) -> str:
    """The grading scale in one sentence, with where it comes from ([grades] source)."""
    g = settings.grades
    labels = _grade_labels(settings)
    return (f"Thang xếp loại ({g.source}): {labels['excellent']} khi tỷ lệ sau khi trừ vắng có lý do chính đáng đạt "
            f"{fmt_percent(g.excellent_rate, 0)} và gửi báo cáo đúng hạn; {labels['good']} từ "
            f"{fmt_percent(g.good_rate, 0)}; {labels['pass']} từ {fmt_percent(g.pass_rate, 0)}; {labels['fail']} "
            f"dưới {fmt_percent(g.pass_rate, 0)} hoặc khi {NO_VALID_RETURN}. Đề nghị khen thưởng tối đa "
            f"{g.commendation_max} đơn vị.")
