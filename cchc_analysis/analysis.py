"""The emulation and commendation criteria: pure functions over the processed tables.

Every public function takes (tables, settings) and returns a new DataFrame; nothing is written.
The rules (deadline, thresholds, reason words, head words, bands) come from cchc.toml via settings.

Decisions worth knowing when reading a figure:
- staff is the accepted return's total, else the registry headcount; a unit without an accepted return
  counts with zero participants against that staff, so silence never improves a group or city rate.
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
    "fmt_number",
]

# Rates within this of a threshold count as reaching it (0.9 computed as 27/30 is 0.8999999…).
EPSILON = 1e-9
RETURN_STATUSES = ["on_time", "late", "rejected", "missing"]
RETURN_STATUS_LABELS = {
    "on_time": "Đúng hạn", "late": "Muộn hạn", "rejected": "Không hợp lệ", "missing": "Chưa nộp",
}
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


def _latest_rejected(tables: Tables) -> pd.DataFrame:
    returns = tables.returns.copy()
    returns["unit_code"] = _key(returns["unit_code"])
    rejected = returns[returns["status"] == "rejected"].copy()
    rejected["report_date"] = _dates(rejected["report_date"])
    rejected["status_reason"] = _rejection_messages(rejected, tables.issues)
    rejected = rejected.sort_values(["unit_code", "report_date"], na_position="first")
    return rejected.drop_duplicates("unit_code", keep="last")


def _rejection_messages(rejected: pd.DataFrame, issues: pd.DataFrame) -> pd.Series:
    """Why each return was rejected in words: the issue log's message for its file and reason code, else the code."""
    code = _column(rejected, "status_reason", "").astype(object).fillna("")
    if not {"source_file", "code", "message"} <= set(issues.columns) or rejected.empty:
        return code
    messages = issues.drop_duplicates(["source_file", "code"]).set_index(["source_file", "code"])["message"]
    keys = pd.MultiIndex.from_arrays([rejected["source_file"].astype(object), code])
    found = pd.Series(messages.reindex(keys).to_numpy(), index=rejected.index)
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
    """One row per registry unit: staff, participants, rates, return status, grade and why."""
    units = _units(tables)
    accepted = _accepted_returns(tables, settings).set_index("unit_code")
    rejected = _latest_rejected(tables).set_index("unit_code")
    code = units["unit_code"]
    has_return = code.isin(accepted.index)

    staff_return = _lookup(code, _numbers(accepted["total_staff"]))
    staff = staff_return.where(staff_return.notna(), units["staff_registry"])
    reported = _lookup(code, _numbers(accepted["participants"]))
    participants = reported.fillna(0.0)
    justified = _lookup(code, _justified_counts(tables)).fillna(0.0).where(has_return, 0.0)
    # a participant cannot also be a justified absence: never deduct more than staff − participants
    deducted = justified.clip(upper=(staff - participants).clip(lower=0)).fillna(0.0)
    expected = staff - deducted
    adjusted = _ratio(participants, expected).where(~(expected <= 0), 1.0)

    late = _lookup(code, accepted["late"]).astype(object)
    status = pd.Series("missing", index=units.index, dtype=object)
    status = status.mask(code.isin(rejected.index), "rejected")
    status = status.mask(has_return, late.map({True: "late", False: "on_time"}))
    report_date = _dates(_lookup(code, accepted["report_date"])).where(
        has_return, _dates(_lookup(code, rejected["report_date"])))

    card = pd.DataFrame({
        "unit_code": code,
        "unit_name": units["unit_name"],
        "group": units["group"],
        "staff_registry": units["staff_registry"].astype("Int64"),
        "staff": staff.round().astype("Int64"),
        "participants_reported": reported.round().astype("Int64"),
        "participants_platform": _lookup(code, _platform_people(tables)).round().astype("Int64"),
        "justified_absences": justified.round().astype("Int64"),
        "justified_deducted": deducted.round().astype("Int64"),
        "rate": _ratio(participants, staff),
        "adjusted_rate": adjusted,
        "return_status": status,
        "return_status_label": status.map(RETURN_STATUS_LABELS),
        "report_date": report_date,
        "source_file": _lookup(code, accepted["source_file"]).where(
            has_return, _lookup(code, rejected["source_file"])),
    })
    card["grade_key"] = grade_keys(card, settings)
    card["grade"] = card["grade_key"].map(_grade_labels(settings))
    card["grade_reason"] = grade_reasons(card, _lookup(code, rejected["status_reason"]), settings)
    return card


def grade_keys(card: pd.DataFrame, settings: Settings) -> pd.Series:
    """excellent / good / pass / fail per docs/design.md §5: excellent needs the return on time; no return → fail."""
    g = settings.grades
    rate = card["adjusted_rate"].fillna(0.0)
    reported = card["return_status"].isin(["on_time", "late"])
    on_time = card["return_status"] == "on_time"
    grade = pd.Series("fail", index=card.index, dtype=object)
    grade = grade.mask(reported & (rate >= g.pass_rate - EPSILON), "pass")
    grade = grade.mask(reported & (rate >= g.good_rate - EPSILON), "good")
    return grade.mask(on_time & (rate >= g.excellent_rate - EPSILON), "excellent")


def grade_reasons(card: pd.DataFrame, rejected_reason: pd.Series, settings: Settings) -> pd.Series:
    """A Vietnamese sentence per unit saying why it got its grade."""
    labels = _grade_labels(settings)
    deadline = fmt_date(settings.contest.return_deadline)
    deducted = card["justified_deducted"].fillna(0)
    rate_text = "Tỷ lệ tham gia " + card["adjusted_rate"].map(fmt_percent)
    rate_text = rate_text.where(
        deducted == 0, rate_text + " (sau khi trừ " + deducted.astype(str) + " trường hợp có lý do chính đáng)")
    on_time = rate_text + ", nộp báo cáo đúng hạn"
    late = rate_text + ", nộp báo cáo muộn (ngày " + card["report_date"].map(fmt_date) + ", hạn " + deadline + ")"
    would_excel = card["adjusted_rate"] >= settings.grades.excellent_rate - EPSILON
    late = late.where(~would_excel, late + "; báo cáo muộn nên không xếp loại " + labels["excellent"])
    status = card["return_status"]
    reason = on_time.where(status == "on_time", late)
    below = card["grade_key"] == "fail"
    reason = reason.where(~below, reason + f", dưới mức {fmt_percent(settings.grades.pass_rate)} để xếp loại "
                          + labels["pass"])
    why_rejected = rejected_reason.astype(object).where(rejected_reason.notna() & (rejected_reason != ""), None)
    rejected = ("Báo cáo không hợp lệ, bị loại" + (": " + why_rejected).fillna("")
                + "; không có báo cáo hợp lệ đến hạn " + deadline)
    reason = reason.where(status != "rejected", rejected)
    return reason.where(status != "missing", "Không gửi báo cáo đến hạn " + deadline)


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
    reported = card["return_status"].isin(["on_time", "late"])
    frame = card.assign(
        participants=card["participants_reported"].fillna(0).astype("float64"),
        staff=card["staff"].astype("float64"),
        deducted=card["justified_deducted"].fillna(0).astype("float64"),
        platform=card["participants_platform"].fillna(0).astype("float64"),
        reported=reported,
        on_time=card["return_status"] == "on_time",
        late=card["return_status"] == "late",
        rejected=card["return_status"] == "rejected",
        missing=card["return_status"] == "missing",
        full=reported & (card["rate"] >= settings.contest.target_rate - EPSILON),
        full_adjusted=reported & (card["adjusted_rate"] >= settings.contest.target_rate - EPSILON),
    )
    sums = frame.groupby(by, sort=False, dropna=False).agg(
        units=("unit_code", "size"), staff=("staff", "sum"), participants=("participants", "sum"),
        justified_absences=("deducted", "sum"), participants_platform=("platform", "sum"),
        units_reported=("reported", "sum"), units_on_time=("on_time", "sum"), units_late=("late", "sum"),
        units_rejected=("rejected", "sum"), units_missing=("missing", "sum"),
        units_100=("full", "sum"), units_100_adjusted=("full_adjusted", "sum"),
    ).reset_index()
    sums["rate"] = _ratio(sums["participants"], sums["staff"])
    sums["adjusted_rate"] = _ratio(sums["participants"], sums["staff"] - sums["justified_absences"])
    sums["target_people"] = (sums["staff"] * settings.contest.target_rate).round()
    sums["shortfall"] = (sums["target_people"] - sums["participants"]).clip(lower=0)
    # reporting measures as DHIS2 names them: expected, actual, actual on time, and the two rates
    sums["expected_reports"] = sums["units"]
    sums["actual_reports"] = sums["units_reported"]
    sums["on_time_reports"] = sums["units_on_time"]
    sums["reporting_rate"] = _ratio(sums["actual_reports"], sums["expected_reports"])
    sums["on_time_rate"] = _ratio(sums["on_time_reports"], sums["expected_reports"])
    counts = ["units", "staff", "participants", "justified_absences", "participants_platform", "units_reported",
              "units_on_time", "units_late", "units_rejected", "units_missing", "units_100", "units_100_adjusted",
              "target_people", "shortfall", "expected_reports", "actual_reports", "on_time_reports"]
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


def commendation_proposals(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units graded excellent, best adjusted rate first, then the earliest return; at most commendation_max."""
    card = unit_scorecard(tables, settings)
    best = card[card["grade_key"] == "excellent"]
    best = best.sort_values(["adjusted_rate", "report_date", "unit_code"], ascending=[False, True, True])
    best = best.head(settings.grades.commendation_max).reset_index(drop=True)
    best.insert(0, "proposal_rank", range(1, len(best) + 1))
    return best


def criticism_list(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units graded "Không hoàn thành", with the reason: silent and rejected units first, then lowest rate."""
    card = unit_scorecard(tables, settings)
    failed = card[card["grade_key"] == "fail"].copy()
    failed["status_order"] = failed["return_status"].map({"missing": 0, "rejected": 1, "late": 2, "on_time": 3})
    failed = failed.sort_values(["status_order", "adjusted_rate", "unit_name"], na_position="first")
    return failed.drop(columns="status_order").reset_index(drop=True)


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
