"""Participants reported against people seen on the platform, per registry unit (the `reconciliation` table)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import Settings


def reported_participants(returns: pd.DataFrame) -> pd.Series:
    """Participants of each unit's accepted return, by unit_code."""
    if returns is None or returns.empty or not {"status", "unit_code", "participants"} <= set(returns.columns):
        return pd.Series(dtype="Int64")
    accepted = returns[returns["status"] == "accepted"].drop_duplicates("unit_code", keep="last")
    return pd.to_numeric(accepted.set_index("unit_code")["participants"], errors="coerce").astype("Int64")


def platform_participants(entries: pd.DataFrame) -> pd.Series:
    """Distinct people with at least one in-window attempt resolved to each unit, by unit_code."""
    if entries is None or entries.empty:
        return pd.Series(dtype="int64")
    counted = (entries["in_window"].astype(bool) & entries["unit_code"].notna()).to_numpy()
    # the two columns filtered, not the whole table (a million rows of seventeen columns)
    return entries["person_key"][counted].groupby(entries["unit_code"][counted]).nunique()


def reconcile(units: pd.DataFrame, returns: pd.DataFrame, entries: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Per registry unit: staff, participants reported and on the platform, the difference, and a flag with a note."""
    out = units[["unit_code", "staff_registry"]].copy().reset_index(drop=True)
    reported = out["unit_code"].map(reported_participants(returns)).astype("Int64")
    on_platform = out["unit_code"].map(platform_participants(entries)).fillna(0).astype("int64")
    shortfall = reported - on_platform
    out["participants_reported"] = reported
    out["participants_platform"] = on_platform
    out["difference"] = (on_platform - reported).astype("Int64")
    flag = (shortfall > settings.tolerance_people) & (shortfall > settings.tolerance_share * reported)
    out["flag"] = flag.fillna(False).astype(bool)
    out["note"] = reconciliation_notes(reported, on_platform, out["flag"])
    return out


def reconciliation_notes(reported: pd.Series, on_platform: pd.Series, flag: pd.Series) -> pd.Series:
    """A short Vietnamese note per unit saying how the two counts compare."""
    gap = (reported - on_platform).astype("Float64")
    conditions = [
        reported.isna().to_numpy(),
        flag.to_numpy(),
        (gap > 0).fillna(False).to_numpy(),
        (gap < 0).fillna(False).to_numpy(),
    ]
    gap_text = gap.abs().astype("Int64").astype("string").fillna("")
    choices = [
        "Không có báo cáo được chấp nhận",
        ("Trên hệ thống ít hơn báo cáo " + gap_text + " người: cần kiểm tra").to_numpy(dtype=object),
        ("Trên hệ thống ít hơn báo cáo " + gap_text + " người, trong ngưỡng cho phép").to_numpy(dtype=object),
        ("Trên hệ thống nhiều hơn báo cáo " + gap_text + " người").to_numpy(dtype=object),
    ]
    return pd.Series(np.select(conditions, choices, default="Khớp với báo cáo"), index=reported.index, dtype=object)
