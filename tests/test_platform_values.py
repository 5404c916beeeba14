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


def test_counts_take_the_first_number_in_the_cell():
    from cchc_analysis.platform_values import numbers

    cells = pd.Series(["17", "17/20", "8,5 điểm", "-3", "", None, "không", "  12  "], index=range(10, 18))
    parsed = numbers(cells)
    assert parsed.tolist() == [17, 17, 8.5, -3, pd.NA, pd.NA, pd.NA, 12]
    assert list(parsed.index) == list(range(10, 18))


def test_predictions_lose_their_thousands_separators():
    from cchc_analysis.platform_values import whole_numbers

    cells = pd.Series(["125.000", "125 000", "1.250.000", "51962", "1,234,567 người", "12,5", None])
    assert whole_numbers(cells).tolist() == [125000, 125000, 1250000, 51962, 1234567, 12.5, pd.NA]


def test_phones_are_written_with_their_leading_zero_whatever_the_prefix():
    from cchc_analysis.platform_values import phone_numbers

    cells = pd.Series(["0912345678", "+84 912 345 678", "0084912345678", "84912345678", "912345678",
                       "912345678.0", "84123", "abc", None])
    assert phone_numbers(cells).tolist() == ["0912345678"] * 6 + [pd.NA] * 3
