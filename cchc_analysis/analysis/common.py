"""The emulation and commendation criteria: pure functions over the processed tables.

Every public function takes (tables, settings) and returns a new DataFrame; nothing is written.
The rules (deadline, thresholds, reason words, head words, bands) come from cchc.toml via settings.

Decisions worth knowing when reading a figure (docs/rates.md defines the rates):
- staff is the accepted return's total, else the registry headcount. A unit without an accepted return has
  no rate of its own (NaN, shown "—", never 0%): its return status and the platform's count of its people say
  what is known. In a group or city rate its staff still count with no reported participant, so silence never
  improves a group or city rate; the shortfall breakdown shows those people apart.
- justified absences deducted from staff are capped at staff − participants (a person who took part cannot
  also be a justified absence), so the adjusted rate never exceeds 100%. When nobody is left to take part
  (staff − justified = 0) the adjusted rate is 100%: every person who could take part did.
- rates are compared with the thresholds with a small tolerance, so 90% exactly is "good".
"""
from __future__ import annotations

import re

import pandas as pd

from .config import Settings, load_settings
from .fmt import fmt_date, fmt_number, fmt_percent
from .tables import Tables, load_tables

__all__ = [
    "load_settings", "load_tables", "unit_scorecard", "group_summary", "city_summary", "absence_reasons",
    "unjustified_absences", "heads_not_participating", "commendation_proposals", "criticism_list",
    "individual_ranking", "score_bands", "daily_progress", "return_timeliness", "fmt_percent", "fmt_date",
    "fmt_number", "commendation_candidates", "commendation_to_verify", "commendation_note", "criticism_candidates",
    "criticism_to_verify", "criticism_note", "shortfall_breakdown", "grading_scale",
]

# Rates within this of a threshold count as reaching it (0.9 computed as 27/30 is 0.8999999…).
EPSILON = 1e-9
# The unit return statuses (team contract) and their one Vietnamese term each: every report, chart and the
# workbook take the label from here.
RETURN_STATUSES = ["on_time", "late", "held", "unreadable", "rejected", "missing"]
RETURN_STATUS_LABELS = {
    "on_time": "Đúng hạn", "late": "Gửi muộn", "held": "Chờ xác minh", "unreadable": "Đã gửi, không đọc được",
    "rejected": "Không hợp lệ", "missing": "Chưa gửi",
}
VALID_STATUSES = ("on_time", "late")  # an accepted return: the unit has a rate
NO_VALID_RETURN = "không gửi báo cáo hợp lệ"
GRADE_KEYS = ["excellent", "good", "pass", "fail"]
CITY_LABEL = "Toàn thành phố"


# ---------------------------------------------------------------- small helpers


def _column(df: pd.DataFrame, name: str, default=pd.NA) -> pd.Series:
    """A column of df, or a column of `default` when the table lacks it (optional columns)."""
    if name in df.columns:
        return df[name]
    return pd.Series(default, index=df.index, dtype=object)


def _numbers(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype("float64")


def _dates(values: pd.Series) -> pd.Series:
    """Report dates as naive day timestamps (the date a unit wrote on its return)."""
    stamps = pd.to_datetime(values, errors="coerce")
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)
    return stamps.dt.normalize()


def _key(values: pd.Series) -> pd.Series:
    """Unit codes as plain text, so codes read as numbers or strings still join."""
    text = values.astype("string").str.strip()
    return text.astype(object).where(text.notna(), None)


def _lookup(codes: pd.Series, values: pd.Series) -> pd.Series:
    """values (indexed by unit code) looked up for each code; missing where a code has none."""
    values = values[~values.index.duplicated(keep="last")]
    found = values.reindex(codes.to_numpy())
    found.index = codes.index
    return found


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator, NaN where the denominator is zero or missing."""
    denominator = denominator.astype("float64")
    return numerator.astype("float64") / denominator.where(denominator > 0)


def _units(tables: Tables) -> pd.DataFrame:
    units = tables.units.copy()
    units["unit_code"] = _key(units["unit_code"])
    units["staff_registry"] = _numbers(units["staff_registry"])
    units["group"] = units["group"].astype(object).where(units["group"].notna(), "")
    return units.drop_duplicates("unit_code").reset_index(drop=True)


def _accepted_returns(tables: Tables, settings: Settings) -> pd.DataFrame:
    """One accepted return per unit (the latest if the cleaner left two), with late worked out."""
    returns = tables.returns.copy()
    returns["unit_code"] = _key(returns["unit_code"])
    accepted = returns[returns["status"] == "accepted"].copy()
    accepted["report_date"] = _dates(accepted["report_date"])
    accepted["late"] = _late(accepted, settings)
    accepted = accepted.sort_values(["unit_code", "report_date"], na_position="first")
    return accepted.drop_duplicates("unit_code", keep="last")


def _late(returns: pd.DataFrame, settings: Settings) -> pd.Series:
    """The cleaner's late flag; where it is blank, the report date after the deadline."""
    deadline = pd.Timestamp(settings.contest.return_deadline)
    by_date = returns["report_date"] > deadline
    flag = _column(returns, "late")
    return flag.astype(object).where(flag.notna(), by_date).astype(bool)


def _latest_not_accepted(tables: Tables) -> pd.DataFrame:
    """Per unit, its latest held or rejected return (superseded ones are out), with why in words."""
    returns = tables.returns.copy()
    returns["unit_code"] = _key(returns["unit_code"])
    returns["readable"] = _column(returns, "readable", True).astype(object).fillna(True).astype(bool)
    rejected = returns[returns["status"].isin(["held", "rejected"])].copy()
    rejected["report_date"] = _dates(rejected["report_date"])
    rejected["status_reason"] = _rejection_messages(rejected, tables.issues)
    rejected = rejected.sort_values(["unit_code", "report_date"], na_position="first")
    return rejected.drop_duplicates("unit_code", keep="last")


ENGLISH_GLOSS = re.compile(r"\s*\((?=[^)]*[A-Za-z]{3})[ -~]*\)")  # "(participants above total)": the log's gloss


def vietnamese_only(text) -> str:
    """A log message without its English gloss in brackets, for leadership pages ("(13)" and "(HĐ 68)" stay)."""
    if not isinstance(text, str):
        return text
    return ENGLISH_GLOSS.sub(lambda m: m.group(0) if re.search(r"[^\x00-\x7f]", m.group(0)) else "", text).strip()


def _rejection_messages(rejected: pd.DataFrame, issues: pd.DataFrame) -> pd.Series:
    """Why each return was rejected in words: the issue log's message for its file and reason code, else the code."""
    code = _column(rejected, "status_reason", "").astype(object).fillna("")
    held = _column(rejected, "held_reason", "").astype(object).fillna("")
    code = code.where(~((rejected["status"] == "held") & (held != "")), held)
    if not {"source_file", "code", "message"} <= set(issues.columns) or rejected.empty:
        return code
    messages = issues.drop_duplicates(["source_file", "code"]).set_index(["source_file", "code"])["message"]
    keys = pd.MultiIndex.from_arrays([rejected["source_file"].astype(object), code])
    found = pd.Series(messages.reindex(keys).to_numpy(), index=rejected.index).map(vietnamese_only)
    return found.where(found.notna() & (found != ""), code)


def _listed_people(tables: Tables) -> pd.DataFrame:
    """Non-participants of units that have an accepted return (the only people the criteria count)."""
    people = tables.non_participants.copy()
    people["unit_code"] = _key(people["unit_code"])
    accepted = _key(tables.returns.loc[tables.returns["status"] == "accepted", "unit_code"])
    return people[people["unit_code"].isin(set(accepted.dropna()))]


def _justified_counts(tables: Tables) -> pd.Series:
    people = _listed_people(tables)
    justified = _column(people, "justified", False).fillna(False).astype(bool)
    codes = _key(people["unit_code"])
    return justified.groupby(codes).sum().astype("float64")


def _unjustified_counts(tables: Tables) -> pd.Series:
    people = _listed_people(tables)
    justified = _column(people, "justified", False).fillna(False).astype(bool)
    return (~justified).groupby(_key(people["unit_code"])).sum().astype("float64")


def _held_units(tables: Tables) -> set:
    returns = tables.returns
    return set(_key(returns.loc[returns["status"] == "held", "unit_code"]).dropna())


def _review_counts(tables: Tables) -> pd.Series:
    """review_* issues per unit: by the issue's unit code, else by the unit of the file it names."""
    issues = tables.issues
    if issues.empty or "code" not in issues.columns:
        return pd.Series(dtype="float64")
    review = issues[issues["code"].astype(str).str.startswith("review_")]
    file_units = tables.returns.drop_duplicates("source_file").set_index("source_file")["unit_code"]
    unit = _key(_column(review, "unit_code"))
    by_file = _key(pd.Series(file_units.reindex(review["source_file"].to_numpy()).to_numpy(), index=review.index))
    unit = unit.where(unit.notna(), by_file)
    return unit.dropna().value_counts().astype("float64")


def _flagged_units(tables: Tables) -> set:
    recon = tables.reconciliation
    if recon.empty or "flag" not in recon.columns:
        return set()
    return set(_key(recon.loc[recon["flag"].fillna(False).astype(bool), "unit_code"]).dropna())


def _platform_people(tables: Tables) -> pd.Series:
    """Distinct people on the platform in the window per unit: the reconciliation's figure, else counted."""
    recon = tables.reconciliation
    if len(recon) and "participants_platform" in recon.columns:
        return pd.Series(_numbers(recon["participants_platform"]).to_numpy(), index=_key(recon["unit_code"]))
    entries = tables.entries
    in_window = entries[_column(entries, "in_window", False).fillna(False).astype(bool)]
    return in_window.groupby(_key(in_window["unit_code"]))["person_key"].nunique().astype("float64")


def _head_pattern(settings: Settings) -> str | None:
    from .reasons import reason_key

    keys = sorted({reason_key(w) for w in settings.head_words} - {""}, key=len, reverse=True)
    if not keys:
        return None
    return "^(?:" + "|".join(re.escape(k) for k in keys) + ")(?: |$)"


def _grade_labels(settings: Settings) -> dict[str, str]:
    return {key: settings.grades.labels.get(key, key) for key in GRADE_KEYS}


# ---------------------------------------------------------------- units


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


# ---------------------------------------------------------------- groups and city


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


# ---------------------------------------------------------------- people who did not take part


def _people(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Non-participants with their unit's name and group and the Vietnamese label of their reason."""
    people = _listed_people(tables)
    units = _units(tables).set_index("unit_code")
    people["unit_name"] = _lookup(people["unit_code"], units["unit_name"])
    people["group"] = _lookup(people["unit_code"], units["group"])
    people["reason_category"] = people["reason_category"].astype(object).fillna("other")
    people["reason_label"] = people["reason_category"].map(settings.reasons.labels).fillna(people["reason_category"])
    people["justified"] = _column(people, "justified", False).fillna(False).astype(bool)
    return people


def absence_reasons(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Non-participants per reason category (in cchc.toml order), with label, justified flag and share."""
    from .reasons import category_order

    people = _people(tables, settings)
    counts = people.groupby(["reason_category", "justified"], sort=False).size().rename("people").reset_index()
    order = {c: i for i, c in enumerate([*category_order(settings), "other"])}
    counts["order"] = counts["reason_category"].map(order).fillna(len(order))
    counts = counts.sort_values(["order", "justified"], ascending=[True, False]).drop(columns="order")
    counts.insert(1, "label", counts["reason_category"].map(settings.reasons.labels).fillna(counts["reason_category"]))
    counts["people"] = counts["people"].astype("int64")
    counts["share"] = _ratio(counts["people"], pd.Series(counts["people"].sum(), index=counts.index))
    return counts.reset_index(drop=True)


def unjustified_absences(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Non-participants without a justified reason, by unit name then their row in the return."""
    people = _people(tables, settings)
    listed = people[~people["justified"]]
    columns = ["full_name", "position", "unit_code", "unit_name", "group", "reason", "reason_category",
               "reason_label", "source_file", "source_row"]
    return listed.sort_values(["unit_name", "source_file", "source_row"])[columns].reset_index(drop=True)


def heads_not_participating(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Non-participants whose position starts with a head or deputy-head word of cchc.toml [heads]."""
    from .reasons import reason_key

    people = _people(tables, settings)
    pattern = _head_pattern(settings)
    if pattern is None:
        return people.iloc[0:0]
    position_key = people["position"].map(reason_key)
    is_head = position_key.str.contains(pattern, regex=True).fillna(False).astype(bool)
    exceptions = sorted({reason_key(w) for w in settings.head_exceptions} - {""})
    if exceptions:  # a head of a body inside the unit (its union, militia…) is not the unit's head
        inside = "(?:^| )(?:" + "|".join(re.escape(k) for k in exceptions) + ")(?: |$)"
        is_head &= ~position_key.str.contains(inside, regex=True).fillna(False).astype(bool)
    heads = people[is_head]
    columns = ["full_name", "position", "unit_code", "unit_name", "group", "reason", "reason_label", "justified",
               "source_file", "source_row"]
    return heads.sort_values(["unit_name", "source_row"])[columns].reset_index(drop=True)


# ---------------------------------------------------------------- commendation and criticism


# Order keys a verdict list may use in cchc.toml [grades]: key → (column, ascending, how the rule reads).
ORDER_KEYS: dict[str, tuple[str, bool, str]] = {
    "rate": ("rate", False, "tỷ lệ tham gia (cao trước)"),
    "rate_low": ("rate", True, "tỷ lệ tham gia (thấp trước)"),
    "adjusted_rate": ("adjusted_rate", False, "tỷ lệ sau khi trừ vắng có lý do chính đáng (cao trước)"),
    "adjusted_rate_low": ("adjusted_rate", True, "tỷ lệ sau khi trừ vắng có lý do chính đáng (thấp trước)"),
    "platform_share": ("platform_share", False, "tỷ lệ số tham gia báo cáo được hệ thống thi xác nhận (cao trước)"),
    "report_date": ("report_date", True, "ngày báo cáo (sớm trước)"),
    "return_status": ("status_order", True, "tình trạng báo cáo (chưa gửi, không hợp lệ trước)"),
    "unit_name": ("unit_name", True, "tên đơn vị (theo vần)"),
}


def _order_keys(keys) -> list[tuple[str, bool, str]]:
    unknown = [k for k in keys if k not in ORDER_KEYS]
    if unknown:
        from .config import ConfigError

        raise ConfigError(f"cchc.toml [grades]: unknown order key(s) {unknown}; known: {sorted(ORDER_KEYS)}")
    return [ORDER_KEYS[k] for k in keys]


def _decide(candidates: pd.DataFrame, keys, cap: int) -> pd.DataFrame:
    """Candidates ordered by the rule; `verdict` = proposed / tie_cut (equal on every key to the last proposed
    but cut by the cap) / over_cap / to_verify (an open item); `verdict_rank` numbers the proposed."""
    rule = _order_keys(keys)
    frame = candidates.assign(status_order=candidates["return_status"].map(
        {s: i for i, s in enumerate(["missing", "unreadable", "rejected", "held", "late", "on_time"])}))
    columns = [c for c, _, _ in rule] + ["unit_name", "unit_code"]
    ascending = [a for _, a, _ in rule] + [True, True]
    frame = frame.sort_values(columns, ascending=ascending, na_position="last", kind="stable")
    frame["verdict"] = "to_verify"
    ready = frame[frame["open_items"] == ""]
    keep = len(ready) if cap <= 0 else min(cap, len(ready))
    verdict = pd.Series(["proposed"] * keep + ["over_cap"] * (len(ready) - keep), index=ready.index, dtype=object)
    if 0 < keep < len(ready):
        key_columns = [c for c, _, _ in rule]
        last = ready.iloc[keep - 1][key_columns]
        rest = ready.iloc[keep:][key_columns]
        same = (rest.eq(last) | (rest.isna() & last.isna())).all(axis=1) if key_columns else rest.index.notna()
        verdict[same[same].index] = "tie_cut"
    frame.loc[ready.index, "verdict"] = verdict
    proposed = frame["verdict"] == "proposed"
    frame["verdict_rank"] = pd.Series(range(1, int(proposed.sum()) + 1), index=frame.index[proposed])
    frame["verdict_rank"] = frame["verdict_rank"].astype("Int64")
    return frame.drop(columns="status_order").reset_index(drop=True)


def _commendation_open_items(card: pd.DataFrame, settings: Settings) -> pd.Series:
    """Why an excellent unit's figures are not confirmed yet, in words ("" when nothing is open)."""
    parts = pd.DataFrame({
        "flag": card["reconciliation_flag"].map({True: "hệ thống thi ghi nhận {platform} người, ít hơn báo cáo "
                                                 "({reported}) quá mức cho phép", False: ""}),
        "far": card["staff_far_from_registry"].map({True: "tổng số CBCCVC báo cáo khác danh sách quá "
                                                    f"{fmt_percent(settings.staff_tolerance, 0)}", False: ""}),
        "held": card["held_return"].map({True: "có báo cáo đang chờ xác minh", False: ""}),
        "review": card["review_items"].map(lambda n: f"{n} mục cần kiểm tra trong tệp xác nhận" if n else ""),
    }, index=card.index)
    platform = card["participants_platform"].map(fmt_number).replace("", "0")
    reported = card["participants_reported"].map(fmt_number)
    parts["flag"] = [f.replace("{platform}", p).replace("{reported}", r)
                     for f, p, r in zip(parts["flag"], platform, reported)]
    parts["far"] = [f + f" ({fmt_number(st)} so với {fmt_number(rg)})" if f else ""
                    for f, st, rg in zip(parts["far"], card["staff"], card["staff_registry"])]
    return parts.apply(lambda row: "; ".join(v for v in row if v), axis=1).astype(object) if len(parts) else \
        pd.Series("", index=card.index, dtype=object)


def _criticism_open_items(card: pd.DataFrame, settings: Settings) -> pd.Series:
    """What could still change a failing unit's verdict, in words ("" when nothing is open)."""
    reported = card["participants_reported"].astype("float64")
    platform = card["participants_platform"].astype("float64").fillna(0.0)
    above = platform - reported
    under_reported = above.gt(settings.tolerance_people) & above.gt(settings.tolerance_share * reported)
    items = []
    for i in card.index:
        row = card.loc[i]
        why = []
        if row["return_status"] == "held":
            why.append("báo cáo đang chờ xác minh")
        if row["return_status"] == "unreadable":
            why.append("đơn vị đã gửi tệp nhưng không đọc được; đề nghị đơn vị gửi lại")
        if bool(row["held_return"]) and row["return_status"] != "held":
            why.append("có báo cáo khác đang chờ xác minh")
        if row["review_items"]:
            why.append(f"{row['review_items']} mục cần kiểm tra trong tệp xác nhận")
        if bool(row["staff_far_from_registry"]):
            why.append(f"tổng số CBCCVC báo cáo ({fmt_number(row['staff'])}) khác danh sách "
                       f"({fmt_number(row['staff_registry'])}) quá {fmt_percent(settings.staff_tolerance, 0)}")
        if bool(under_reported.loc[i]):
            why.append(f"hệ thống thi ghi nhận {fmt_number(platform.loc[i])} người, nhiều hơn báo cáo "
                       f"({fmt_number(reported.loc[i])})")
        items.append("; ".join(why))
    return pd.Series(items, index=card.index, dtype=object)


def commendation_candidates(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Every unit graded excellent with its verdict: proposed (confirmed figures, within the cap, by the rule of
    [grades] commendation_order), tie_cut, over_cap, or to_verify (open items say why)."""
    card = unit_scorecard(tables, settings)
    best = card[card["grade_key"] == "excellent"].copy()
    best["open_items"] = _commendation_open_items(best, settings) if len(best) else pd.Series(dtype=object)
    return _decide(best, settings.grades.commendation_order, settings.grades.commendation_max)


def commendation_proposals(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units proposed for commendation: graded excellent with confirmed figures, ordered by the rule in cchc.toml,
    at most commendation_max (`tied_at_cap` marks the last ones when the cap cut through a tie)."""
    decided = commendation_candidates(tables, settings)
    best = decided[decided["verdict"] == "proposed"].copy()
    best.insert(0, "proposal_rank", best["verdict_rank"].astype("int64"))
    return best.reset_index(drop=True)


def commendation_to_verify(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units that would qualify for commendation but have an open item: "cần xác minh trước khi đề nghị"."""
    decided = commendation_candidates(tables, settings)
    return decided[decided["verdict"] == "to_verify"].reset_index(drop=True)


def _rule_text(keys, cap: int, cap_key: str) -> str:
    order = ", rồi ".join(text for _, _, text in _order_keys(keys))
    capped = f"; tối đa {cap} đơn vị" if cap > 0 else "; không giới hạn số đơn vị"
    return f"Thứ tự: {order}{capped} (quy tắc ghi trong cchc.toml)."


def _tie_text(decided: pd.DataFrame, what: str) -> str:
    cut = decided[decided["verdict"] == "tie_cut"]
    if cut.empty:
        return ""
    proposed = decided[decided["verdict"] == "proposed"]
    names = "; ".join(cut["unit_name"].astype(str))
    return (f" Giới hạn số đơn vị cắt ngang các đơn vị bằng nhau theo mọi tiêu chí: {fmt_number(len(cut))} đơn vị "
            f"bằng đơn vị thứ {fmt_number(len(proposed))} nhưng chưa được {what} ({names}).")


def commendation_note(tables: Tables, settings: Settings) -> str:
    """The rule printed under the commendation list, and the tie the cap cut, if any."""
    g = settings.grades
    decided = commendation_candidates(tables, settings)
    text = ("Điều kiện: xếp loại " + _grade_labels(settings)["excellent"] + " và số liệu đã được xác nhận (không có "
            "chênh lệch cần kiểm tra với hệ thống thi, tổng số CBCCVC khớp danh sách trong mức "
            f"{fmt_percent(settings.staff_tolerance, 0)}, không có báo cáo chờ xác minh). "
            + _rule_text(g.commendation_order, g.commendation_max, "commendation_order, commendation_max"))
    return text + _tie_text(decided, "đề nghị")


def criticism_candidates(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Every unit graded "Không hoàn thành" with its verdict, as commendation_candidates (rule: criticism_order,
    cap criticism_max, 0 = none)."""
    card = unit_scorecard(tables, settings)
    failed = card[card["grade_key"] == "fail"].copy()
    failed["open_items"] = _criticism_open_items(failed, settings)
    return _decide(failed, settings.grades.criticism_order, settings.grades.criticism_max)


def criticism_list(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units graded "Không hoàn thành" whose verdict rests on confirmed facts, by the rule in cchc.toml: units
    without a valid return first, then the lowest rate; the reason says why."""
    decided = criticism_candidates(tables, settings)
    return decided[decided["verdict"] == "proposed"].reset_index(drop=True)


def criticism_to_verify(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units graded "Không hoàn thành" with an open item (held or unreadable return, figures to check)."""
    decided = criticism_candidates(tables, settings)
    return decided[decided["verdict"] == "to_verify"].reset_index(drop=True)


def criticism_note(tables: Tables, settings: Settings) -> str:
    g = settings.grades
    decided = criticism_candidates(tables, settings)
    text = ("Điều kiện: xếp loại " + _grade_labels(settings)["fail"] + " và không còn mục cần xác minh. "
            + _rule_text(g.criticism_order, g.criticism_max, "criticism_order, criticism_max"))
    return text + _tie_text(decided, "đưa vào danh sách")


def grading_scale(settings: Settings) -> str:
    """The grading scale in one sentence, with where it comes from ([grades] source)."""
    g = settings.grades
    labels = _grade_labels(settings)
    return (f"Thang xếp loại ({g.source}): {labels['excellent']} khi tỷ lệ sau khi trừ vắng có lý do chính đáng đạt "
            f"{fmt_percent(g.excellent_rate, 0)} và gửi báo cáo đúng hạn; {labels['good']} từ "
            f"{fmt_percent(g.good_rate, 0)}; {labels['pass']} từ {fmt_percent(g.pass_rate, 0)}; {labels['fail']} "
            f"dưới {fmt_percent(g.pass_rate, 0)} hoặc khi {NO_VALID_RETURN}. Đề nghị khen thưởng tối đa "
            f"{g.commendation_max} đơn vị.")


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


# ---------------------------------------------------------------- individuals


def _attempts_in_window(tables: Tables, settings: Settings) -> pd.DataFrame:
    entries = tables.entries.copy()
    entries = entries[_column(entries, "in_window", False).fillna(False).astype(bool)].copy()
    entries["unit_code"] = _key(entries["unit_code"])
    entries["correct"] = _numbers(entries["correct"])
    entries["duration_s"] = _numbers(_column(entries, "duration_s"))
    entries["prediction"] = _numbers(_column(entries, "prediction"))
    entries["submitted_at"] = _local_times(entries["submitted_at"], settings)
    answer = settings.contest.prediction_answer
    entries["prediction_gap"] = (entries["prediction"] - float(answer)).abs() if answer is not None else float("nan")
    return entries


def _local_times(values: pd.Series, settings: Settings) -> pd.Series:
    """Submission times in the contest's time zone (naive times are taken as already local)."""
    stamps = pd.to_datetime(values, errors="coerce")
    if getattr(stamps.dt, "tz", None) is None:
        return stamps.dt.tz_localize(settings.contest.timezone)
    return stamps.dt.tz_convert(settings.contest.timezone)


RANKING_KEYS = ["correct", "prediction_gap", "duration_s", "submitted_at"]
RANKING_ASCENDING = [False, True, True, True]


def individual_ranking(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Each person's best attempt in the window, ranked: most correct, nearest prediction (when the true
    number is in cchc.toml), shortest time, earliest submission. People outside the registry are kept,
    their typed unit as unit_name; ties on every key share a rank."""
    attempts = _attempts_in_window(tables, settings)
    ordered = attempts.sort_values(RANKING_KEYS, ascending=RANKING_ASCENDING, na_position="last", kind="stable")
    best = ordered.drop_duplicates("person_key", keep="first").reset_index(drop=True)
    position = pd.Series(range(1, len(best) + 1), index=best.index)
    # people equal on every key share the better rank
    ties = [best[key] for key in RANKING_KEYS]
    best["rank"] = position.groupby(ties, dropna=False).transform("min").astype("int64")
    units = _units(tables).set_index("unit_code")
    typed = _column(best, "unit_text", "")
    best["unit_name"] = _lookup(best["unit_code"], units["unit_name"]).fillna(typed)
    best["group"] = _lookup(best["unit_code"], units["group"])
    best["share"] = best["correct"] / settings.contest.questions
    columns = ["rank", "full_name", "unit_code", "unit_name", "group", "correct", "share", "prediction",
               "prediction_gap", "duration_s", "submitted_at", "person_key"]
    return best[columns]


def _bands_of(share: pd.Series, settings: Settings) -> pd.Series:
    """The index (into settings.band_labels) of the highest band floor each share reaches."""
    band = pd.Series(pd.NA, index=share.index, dtype="Int64")
    floors = sorted(enumerate(settings.band_floors), key=lambda item: item[1])
    for index, floor in floors:  # a handful of bands: later (higher) floors overwrite lower ones
        band = band.mask(share >= floor - EPSILON, index)
    return band


def score_bands(tables: Tables, settings: Settings) -> pd.DataFrame:
    """People (best attempt in the window) per score band, by unit, by group and for the city.

    Long table: level ("unit" / "group" / "city"), group, unit_code, unit_name, band, band_label, people,
    share (of the level's people). Only people resolved to a registry unit are counted, so the city equals
    the sum of its groups; every registry unit and band appears, with zeros.
    """
    ranking = individual_ranking(tables, settings)
    units = _units(tables)
    people = ranking[ranking["unit_code"].isin(units["unit_code"])].copy()
    people["band"] = _bands_of(people["share"], settings)
    people = people.dropna(subset=["band"])
    bands = pd.DataFrame({"band": range(len(settings.band_labels)), "band_label": settings.band_labels})
    grid = units[["group", "unit_code", "unit_name"]].merge(bands, how="cross")
    counts = people.groupby(["unit_code", "band"]).size().rename("people").reset_index()
    counts["band"] = counts["band"].astype("int64")
    by_unit = grid.merge(counts, on=["unit_code", "band"], how="left").fillna({"people": 0})
    by_unit["people"] = by_unit["people"].astype("int64")
    by_unit["level"] = "unit"
    by_group = by_unit.groupby(["group", "band", "band_label"], sort=False)["people"].sum().reset_index()
    by_group["level"] = "group"
    by_city = by_unit.groupby(["band", "band_label"], sort=False)["people"].sum().reset_index()
    by_city["level"] = "city"
    by_city["group"] = CITY_LABEL
    out = pd.concat([by_unit, by_group, by_city], ignore_index=True)
    level_total = out.groupby(["level", "group", "unit_code"], dropna=False)["people"].transform("sum")
    out["share"] = _ratio(out["people"], level_total)
    return out[["level", "group", "unit_code", "unit_name", "band", "band_label", "people", "share"]]


# ---------------------------------------------------------------- progress over the contest


def daily_progress(tables: Tables, settings: Settings) -> pd.DataFrame:
    """New distinct participants per local day of the contest window, per group and for the city, with the
    cumulative count and rate against staff and the target (people counted on their first in-window day)."""
    card = unit_scorecard(tables, settings)
    attempts = _attempts_in_window(tables, settings)
    attempts = attempts[attempts["unit_code"].isin(card["unit_code"])]
    first = attempts.sort_values("submitted_at").drop_duplicates("person_key", keep="first")
    first = first.assign(day=first["submitted_at"].dt.tz_localize(None).dt.normalize(),
                         group=_lookup(first["unit_code"], card.set_index("unit_code")["group"]))
    start, end = settings.contest.window_start, settings.contest.window_end
    days = pd.date_range(pd.Timestamp(start.date()), pd.Timestamp(end.date()), freq="D")
    staff = card.groupby("group", sort=False)["staff"].sum().astype("float64")
    groups = pd.DataFrame({"group": [*staff.index, CITY_LABEL],
                           "level": ["group"] * len(staff) + ["city"],
                           "staff": [*staff.to_numpy(), staff.sum()]})
    grid = groups.merge(pd.DataFrame({"day": days}), how="cross")
    new = pd.concat([first.groupby(["group", "day"]).size(),
                     first.groupby("day").size().rename(lambda d: (CITY_LABEL, d))])
    new.index = pd.MultiIndex.from_tuples(list(new.index), names=["group", "day"])
    grid["new_participants"] = pd.Series(
        new.reindex(pd.MultiIndex.from_frame(grid[["group", "day"]])).fillna(0).to_numpy(), index=grid.index
    ).astype("int64")
    grid["cumulative_participants"] = grid.groupby("group", sort=False)["new_participants"].cumsum()
    grid["cumulative_rate"] = _ratio(grid["cumulative_participants"], grid["staff"])
    grid["target_rate"] = settings.contest.target_rate
    grid["target_people"] = (grid["staff"] * settings.contest.target_rate).round().astype("int64")
    grid["shortfall"] = (grid["target_people"] - grid["cumulative_participants"]).clip(lower=0)
    grid["staff"] = grid["staff"].round().astype("int64")
    return grid[["level", "group", "day", "new_participants", "cumulative_participants", "staff",
                 "cumulative_rate", "target_rate", "target_people", "shortfall"]]


# ---------------------------------------------------------------- platform attempts that count for no unit

# entries.unit_method of attempts lost to what was typed: nothing, or a name no single registry unit was found for
# (not "other_district": a province-wide export's rows of another district are rightly no unit of ours)
NO_UNIT_METHODS = ("unmatched", "ambiguous", "blank")


def _attempts_without_unit(tables: Tables) -> pd.DataFrame:
    """In-window attempts that count for no unit because of the unit typed, with unit_text and unit_method."""
    entries = tables.entries
    in_window = entries[_column(entries, "in_window", False).fillna(False).astype(bool)]
    text = _column(in_window, "unit_text", "").fillna("").astype(str)
    no_code = _key(in_window["unit_code"]).isna()
    fallback = pd.Series("unmatched", index=in_window.index).where(text != "", "blank")
    method = _column(in_window, "unit_method").astype(object)
    method = method.where(method.notna() & (method != ""), fallback)
    lost = no_code & method.isin(NO_UNIT_METHODS)
    return in_window.loc[lost].assign(unit_text=text[lost], unit_method=method[lost])


def platform_without_unit(tables: Tables, settings: Settings) -> pd.DataFrame:
    """One row: in-window attempts that count for no unit because of the unit typed (`attempts`, their share of all
    in-window attempts `attempts_share`), the people behind them who count for no unit at all (`people`: no other
    attempt of theirs names a unit), and the distinct texts typed (`texts`, a blank counted as one)."""
    entries = tables.entries
    in_window = entries[_column(entries, "in_window", False).fillna(False).astype(bool)]
    lost = _attempts_without_unit(tables)
    counted = set(in_window.loc[_key(in_window["unit_code"]).notna(), "person_key"])
    people = set(lost["person_key"]) - counted
    return pd.DataFrame({
        "attempts": [len(lost)],
        "attempts_share": [len(lost) / len(in_window) if len(in_window) else float("nan")],
        "people": [len(people)],
        "texts": [lost["unit_text"].nunique()],
    })
