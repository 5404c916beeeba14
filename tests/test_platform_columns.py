"""Column helpers of the platform path give what pandas' own map and duplicated give."""
from __future__ import annotations

import numpy as np
import pandas as pd

from cchc_analysis.platform.values import duplicated_rows, mapped_text


def test_mapped_text_is_series_map_as_text():
    units = pd.Series(["Phòng Nội vụ", None, "UBND xã", "Phòng Nội vụ", "lạ"], dtype="string", index=[5, 6, 7, 8, 9])
    codes = {"Phòng Nội vụ": "PNV", "UBND xã": None}
    got = mapped_text(units, codes)
    assert got.tolist() == ["PNV", pd.NA, pd.NA, "PNV", pd.NA]
    assert list(got.index) == [5, 6, 7, 8, 9] and str(got.dtype) == "string"


def test_duplicated_rows_marks_only_full_repeats_after_their_first():
    t = pd.to_datetime(["2024-11-20 08:00", "2024-11-20 08:00", "2024-11-20 08:00", None, None]).tz_localize("UTC")
    frame = pd.DataFrame({"submitted_at": t, "person_key": ["a", "a", "a", "b", "b"],
                          "correct": pd.array([17, 18, 17, None, None], dtype="Int64")}, index=[10, 11, 12, 13, 14])
    columns = ["submitted_at", "person_key", "correct"]
    got = duplicated_rows(frame, columns)
    assert got.tolist() == [False, False, True, False, True]
    assert got.equals(frame.duplicated(columns)) and list(got.index) == [10, 11, 12, 13, 14]


def test_duplicated_rows_agrees_with_pandas_on_many_rows():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"a": rng.integers(0, 50, 5000), "b": rng.integers(0, 50, 5000),
                          "c": rng.integers(0, 3, 5000).astype(float)})
    assert duplicated_rows(frame, ["a", "b", "c"]).equals(frame.duplicated(["a", "b", "c"]))
