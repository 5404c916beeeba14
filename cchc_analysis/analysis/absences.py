"""The people who did not take part: per reason, those without a justified reason, and the heads among them."""
from __future__ import annotations

import re

import pandas as pd

from ..config import Settings
from ..tables import Tables
from .common import _column, _head_pattern, _listed_people, _lookup, _ratio, _units


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
    from ..reasons import category_order

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
    from ..reasons import reason_key

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
