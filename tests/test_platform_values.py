"""Column parsers of the platform export: the fast paths give the same answers as the careful ones."""
from __future__ import annotations

import pandas as pd

from cchc_analysis.platform_values import identities, keyed_hasher, local_times, person_keys

TZ = "Asia/Ho_Chi_Minh"


def test_person_keys_of_a_column_equal_the_keyed_hash_of_each_value():
    identity = pd.Series(["phone:0912345678", None, "email:an@gmail.com", "phone:0912345678", "name:le ha|pnv"],
                         dtype="string", index=[5, 6, 7, 8, 9])
    secret = b"s" * 64
    keys = person_keys(identity, secret)
    hashed = keyed_hasher(secret)
    assert keys.tolist() == [hashed("phone:0912345678"), pd.NA, hashed("email:an@gmail.com"),
                             hashed("phone:0912345678"), hashed("name:le ha|pnv")]
    assert list(keys.index) == [5, 6, 7, 8, 9]
    assert keys.str.fullmatch(r"[a-p]{20}").fillna(True).all()


def test_usual_and_unusual_spellings_of_a_time_are_read_alike():
    text = pd.Series(["20/11/2024 08:00:00", "5/1/2024 8:00", "20/11/2024 08:05", "08:05:09 20/11/2024",
                      "20-11-2024 08:00:30", "13/12/2024"], index=range(100, 106))
    times, bad = local_times(text, TZ)
    assert times.dt.strftime("%Y-%m-%d %H:%M:%S").tolist() == [
        "2024-11-20 08:00:00", "2024-01-05 08:00:00", "2024-11-20 08:05:00", "2024-11-20 08:05:09",
        "2024-11-20 08:00:30", "2024-12-13 00:00:00"]
    assert str(times.dt.tz) == TZ
    assert not bad.any()
    assert list(times.index) == list(range(100, 106))


def test_impossible_dates_are_unreadable_not_rolled_over():
    text = pd.Series(["31/02/2024 08:00:00", "29/02/2023 08:00", "20/11/2024 24:00:00", "", None,
                      "29/02/2024 08:00:00"])
    times, bad = local_times(text, TZ)
    assert bad.tolist() == [True, True, True, False, False, False]
    assert times.isna().tolist() == [True, True, True, True, True, False]


def test_instants_with_an_offset_and_excel_serials_land_in_local_time():
    times, bad = local_times(pd.Series(["2024-11-20T01:00:00Z", "45616.5", "2024-11-20 08:00"]), TZ)
    assert times.dt.strftime("%d/%m/%Y %H:%M").tolist() == ["20/11/2024 08:00", "20/11/2024 12:00", "20/11/2024 08:00"]
    assert not bad.any()


def test_name_and_unit_identify_only_the_people_without_phone_email_or_id():
    phone = pd.Series(["0912345678", None, None], dtype="string")
    email = pd.Series([None, "an@gmail.com", None], dtype="string")
    ids = pd.Series([None, None, None], dtype="string")
    names = pd.Series(["Nguyễn Văn An", "Trần Mai", "Lê Thị Hà"], dtype="string")
    units = pd.Series(["Phòng Nội vụ", "Phòng Nội vụ", "Phòng Nội vụ"], dtype="string")
    assert identities(phone, email, ids, names, units).tolist() == [
        "phone:0912345678", "email:an@gmail.com", "name:le thi ha|phong noi vu"]
