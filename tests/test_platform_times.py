"""Day-first times written with every digit are read from their fixed places, exactly as strptime reads them."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cchc_analysis.platform.values import DAY_FIRST_FORMATS, day_first_times

EDGES = ["29/02/2024 23:59:59", "29/02/2100 08:00:00", "29/02/2000 08:00:00", "31/04/2024 08:00:00",
         "00/11/2024 08:00:00", "20/13/2024 08:00:00", "20/11/2024 08:60:00",
         "31/12/1999 00:00:00", "01/01/0001 00:00:00", "20/11/2024 8:00:00", "20/11/2024"]


def spelt(fmt: str, text: str) -> str:
    """A "dd/mm/yyyy HH:MM:SS" text spelt in fmt."""
    day, month, rest = text[:2], text[3:5], text[6:]
    year, clock = (rest.split(" ") + ["00:00:00"])[:2]
    hour, minute, second = (clock.split(":") + ["00", "00"])[:3]
    return (fmt.replace("%d", day).replace("%m", month).replace("%Y", year).replace("%H", hour)
            .replace("%M", minute).replace("%S", second))


@pytest.mark.parametrize("fmt", [f for f in DAY_FIRST_FORMATS if "%p" not in f])
def test_fixed_place_reading_agrees_with_strptime(fmt):
    rng = np.random.default_rng(7)
    stamps = pd.Timestamp("1999-12-25") + pd.to_timedelta(rng.integers(0, 10 * 365 * 86400, 500), unit="s")
    texts = [spelt(fmt, t.strftime("%d/%m/%Y %H:%M:%S")) for t in stamps] + [spelt(fmt, e) for e in EDGES]
    series = pd.Series(texts, dtype="string")
    expected = pd.to_datetime(series, format=fmt, errors="coerce").to_numpy("datetime64[us]")
    got = day_first_times(series, fmt)
    assert np.array_equal(np.isnat(got), np.isnat(expected))
    assert (got[~np.isnat(got)] == expected[~np.isnat(expected)]).all()


def test_impossible_days_and_clock_times_stay_unreadable():
    # second 60 too (strptime would take it as a leap second; no export writes one)
    got = day_first_times(pd.Series(["29/02/2100 08:00:00", "31/04/2024 08:00:00", "20/11/2024 24:00:00",
                                     "20/11/2024 08:00:60", "29/02/2024 08:00:00"], dtype="string"),
                          "%d/%m/%Y %H:%M:%S")
    assert np.isnat(got).tolist() == [True, True, True, True, False]
