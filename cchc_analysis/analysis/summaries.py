"""The unit figures summed per group (Khối) and for the whole city, and the city's shortfall to 100% part by part."""
from __future__ import annotations

import pandas as pd

from ..config import Settings
from ..fmt import fmt_number
from ..tables import Tables
from .common import CITY_LABEL, EPSILON, NO_VALID_RETURN, VALID_STATUSES, _ratio
from .units import unit_scorecard


def _summarise(card: pd.DataFrame, by: list[str], settings: Settings) -> pd.DataFrame:
    """Staff, participants, rates and DHIS2 reporting measures over the units of each `by` group."""
    reported = card["return_status"].isin(VALID_STATUSES)
    frame = card.assign(
        participants=card["participants_reported"].fillna(0).astype("float64"),
        staff=card["staff"].astype("float64"),
        deducted=card["justified_deducted"].fillna(0).astype("float64"),
        platform=card["participants_platform"].fillna(0).astype("float64"),
        reported=reported,
        on_time=card["return_status"] == "on_time",
        late=card["return_status"] == "late",
        held=card["return_status"] == "held",
        unreadable=card["return_status"] == "unreadable",
        rejected=card["return_status"] == "rejected",
        missing=card["return_status"] == "missing",
        full=reported & (card["rate"] >= settings.contest.target_rate - EPSILON),
        full_adjusted=reported & (card["adjusted_rate"] >= settings.contest.target_rate - EPSILON),
    )
    sums = frame.groupby(by, sort=False, dropna=False).agg(
        units=("unit_code", "size"), staff=("staff", "sum"), participants=("participants", "sum"),
        justified_absences=("deducted", "sum"), participants_platform=("platform", "sum"),
        units_reported=("reported", "sum"), units_on_time=("on_time", "sum"), units_late=("late", "sum"),
        units_held=("held", "sum"), units_unreadable=("unreadable", "sum"),
        units_rejected=("rejected", "sum"), units_missing=("missing", "sum"),
        units_100=("full", "sum"), units_100_adjusted=("full_adjusted", "sum"),
        gap_justified=("gap_justified", "sum"), gap_unjustified=("gap_unjustified", "sum"),
        gap_not_listed=("gap_not_listed", "sum"), gap_no_return=("gap_no_return", "sum"),
    ).reset_index()
    sums["units_without_valid_return"] = sums["units"] - sums["units_reported"]
    # a group where no unit sent a valid return has no rate either (NaN, "—"): nothing reported is not 0%
    some = sums["units_reported"] > 0
    sums["rate"] = _ratio(sums["participants"], sums["staff"]).where(some)
    sums["adjusted_rate"] = _ratio(sums["participants"], sums["staff"] - sums["justified_absences"]).where(some)
    sums["platform_rate"] = _ratio(sums["participants_platform"], sums["staff"])
    sums["target_people"] = (sums["staff"] * settings.contest.target_rate).round()
    sums["shortfall"] = (sums["target_people"] - sums["participants"]).clip(lower=0)
    # reporting measures as DHIS2 names them: expected, actual, actual on time, and the two rates
    sums["expected_reports"] = sums["units"]
    sums["actual_reports"] = sums["units_reported"]
    sums["on_time_reports"] = sums["units_on_time"]
    sums["reporting_rate"] = _ratio(sums["actual_reports"], sums["expected_reports"])
    sums["on_time_rate"] = _ratio(sums["on_time_reports"], sums["expected_reports"])
    counts = ["units", "staff", "participants", "justified_absences", "participants_platform", "units_reported",
              "units_on_time", "units_late", "units_held", "units_unreadable", "units_rejected", "units_missing",
              "units_without_valid_return", "units_100", "units_100_adjusted", "gap_justified", "gap_unjustified",
              "gap_not_listed", "gap_no_return", "target_people", "shortfall", "expected_reports", "actual_reports",
              "on_time_reports"]
    sums[counts] = sums[counts].round().astype("int64")
    return sums


def group_summary(tables: Tables, settings: Settings) -> pd.DataFrame:
    """The unit figures summed per group (Khối), groups in registry order."""
    return _summarise(unit_scorecard(tables, settings), ["group"], settings)


def city_summary(tables: Tables, settings: Settings) -> pd.DataFrame:
    """The unit figures summed for the whole city: one row, group = "Toàn thành phố"."""
    card = unit_scorecard(tables, settings).assign(group=CITY_LABEL)
    out = _summarise(card, ["group"], settings)
    out.insert(1, "city", settings.contest.city)
    return out


def shortfall_breakdown(tables: Tables, settings: Settings) -> pd.DataFrame:
    """The city's people short of 100% (staff − reported participants), part by part, with the total."""
    city = city_summary(tables, settings).iloc[0]
    parts = [
        ("Vắng có lý do chính đáng (có tên trong báo cáo)", city["gap_justified"]),
        ("Vắng không có lý do chính đáng (có tên trong báo cáo)", city["gap_unjustified"]),
        (f"Thuộc {fmt_number(city['units_without_valid_return'])} đơn vị {NO_VALID_RETURN}", city["gap_no_return"]),
        ("Không có tên trong danh sách người không tham gia", city["gap_not_listed"]),
    ]
    frame = pd.DataFrame(parts, columns=["label", "people"])
    total = pd.DataFrame([("Tổng số còn thiếu so với 100%", int(frame["people"].sum()))], columns=frame.columns)
    out = pd.concat([frame, total], ignore_index=True)
    out["people"] = out["people"].astype("int64")
    return out
