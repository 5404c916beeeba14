"""Numbers, percentages and dates written the Vietnamese way: 93,75% · 1.234 · 17/12/2024."""
from __future__ import annotations

import datetime as dt

import pandas as pd


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def fmt_number(value, decimals: int = 0) -> str:
    """1234.5 → "1.234,5" (dot groups thousands, comma marks decimals); missing → ""."""
    if _is_missing(value):
        return ""
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def fmt_percent(value, decimals: int = 2) -> str:
    """A share as a Vietnamese percentage: 0.9375 → "93,75%"; missing → ""."""
    if _is_missing(value):
        return ""
    return fmt_number(float(value) * 100, decimals) + "%"


def fmt_date(value) -> str:
    """A date, datetime, Timestamp or ISO text as dd/mm/yyyy; missing or unreadable → ""."""
    if _is_missing(value):
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d/%m/%Y")
    stamp = pd.to_datetime(value, errors="coerce")
    return "" if _is_missing(stamp) else stamp.strftime("%d/%m/%Y")

