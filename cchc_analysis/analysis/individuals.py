"""Individuals: each person's best attempt in the window ranked, people per score band, and new participants day by day."""
from __future__ import annotations

import pandas as pd

from ..config import Settings
from ..tables import Tables
from .common import CITY_LABEL, EPSILON, _column, _key, _lookup, _numbers, _ratio, _units
from .units import unit_scorecard


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
