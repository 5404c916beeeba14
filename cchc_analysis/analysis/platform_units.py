"""Platform attempts that count for no unit because of the unit name typed."""
from __future__ import annotations

import pandas as pd

from ..config import Settings
from ..tables import Tables
from .common import _column, _key

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
