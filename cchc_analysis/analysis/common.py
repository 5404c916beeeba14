"""What every criterion reads the processed tables through: the return statuses and their labels, the grade
keys, and the small helpers that key units, read numbers and dates, and find each unit's return."""
from __future__ import annotations

import re

import pandas as pd

from ..config import Settings
from ..tables import Tables

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
    from ..reasons import reason_key

    keys = sorted({reason_key(w) for w in settings.head_words} - {""}, key=len, reverse=True)
    if not keys:
        return None
    return "^(?:" + "|".join(re.escape(k) for k in keys) + ")(?: |$)"


def _grade_labels(settings: Settings) -> dict[str, str]:
    return {key: settings.grades.labels.get(key, key) for key in GRADE_KEYS}
