"""Column parsers of the platform export: the fast paths give the same answers as the careful ones."""
from __future__ import annotations

import hashlib
import hmac

import pandas as pd

from cchc_analysis.platform.values import KEY_LENGTH, KEY_LETTERS, identities, local_times, person_keys

TZ = "Asia/Ho_Chi_Minh"


def test_person_keys_of_a_column_equal_the_keyed_hash_of_each_value():
    identity = pd.Series(["phone:0912345678", None, "email:an@gmail.com", "phone:0912345678", "name:le ha|pnv"],
                         dtype="string", index=[5, 6, 7, 8, 9])
    secret = b"s" * 64
    keys = person_keys(identity, secret)

    def hashed(value: str) -> str:  # the standard library's HMAC is the oracle
        return hmac.new(secret, value.encode("utf-8"), hashlib.sha256).hexdigest()[:KEY_LENGTH].translate(KEY_LETTERS)

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
    from cchc_analysis.platform.values import numbers

    cells = pd.Series(["17", "17/20", "8,5 điểm", "-3", "", None, "không", "  12  "], index=range(10, 18))
    parsed = numbers(cells)
    assert parsed.tolist() == [17, 17, 8.5, -3, pd.NA, pd.NA, pd.NA, 12]
    assert list(parsed.index) == list(range(10, 18))


def test_predictions_lose_their_thousands_separators():
    from cchc_analysis.platform.values import whole_numbers

    cells = pd.Series(["125.000", "125 000", "1.250.000", "51962", "1,234,567 người", "12,5", None])
    assert whole_numbers(cells).tolist() == [125000, 125000, 1250000, 51962, 1234567, 12.5, pd.NA]


def test_phones_are_written_with_their_leading_zero_whatever_the_prefix():
    from cchc_analysis.platform.values import phone_numbers

    cells = pd.Series(["0912345678", "+84 912 345 678", "0084912345678", "84912345678", "912345678",
                       "912345678.0", "84123", "abc", None])
    assert phone_numbers(cells).tolist() == ["0912345678"] * 6 + [pd.NA] * 3


def test_a_phone_typed_with_country_code_and_trunk_zero_or_beside_another_is_the_first_phone():
    from cchc_analysis.platform.values import phone_numbers

    cells = pd.Series(["+84 0912 345 678", "840912345678", "0912345678 - 0987654321", "0912345678/0987654321",
                       "0912.345.678; 0987 654 321", "0912345678 hoặc 0987654321", "0912-345-678"])
    assert phone_numbers(cells).tolist() == ["0912345678"] * 7


def test_durations_written_with_unit_letters_or_as_an_excel_time_cell():
    from cchc_analysis.platform.values import seconds

    cells = pd.Series(["12p35s", "12m35s", "1h2p", "1899-12-31 00:12:35", "1899-12-30 01:00:00", "35s", "12 phút"])
    assert seconds(cells).tolist() == [755, 755, 3720, 755, 3600, 35, 720]


def test_an_email_typed_in_the_name_cell_leaves_the_name_and_is_found():
    from cchc_analysis.platform.values import clean_names

    names, phones, mails = clean_names(pd.Series(["an.nguyen@example.com", "Lê Thị Hà (Ha.Le@Gmail.com)", "Trần An"]))
    assert names.tolist() == [pd.NA, "Lê Thị Hà", "Trần An"]
    assert mails.tolist() == ["an.nguyen@example.com", "ha.le@gmail.com", pd.NA]
    assert phones.isna().all()


def test_rows_sharing_any_detail_are_one_person_named_by_the_phone():
    s = lambda *values: pd.Series(list(values), dtype="string")
    # row 0 links the phone and the e-mail; row 3 links the e-mail to a second phone; row 4 only knows the ID
    phone = s("0912345678", None, None, "0987654321", None, None)
    email = s("lan@x.vn", "lan@x.vn", "binh@x.vn", "lan@x.vn", None, None)
    ids = s(None, None, "030201000123", None, "030201000123", None)
    names = s("Vũ Thị Lan", "Vũ Thị Lan", "Trần Bình", "Vũ Thị Lan", "Trần Bình", "Lê Hà")
    units = s("MNSD", "MNSD", "PNV", "MNSD", "PNV", "PNV")
    assert identities(phone, email, ids, names, units).tolist() == [
        "phone:0912345678", "phone:0912345678", "email:binh@x.vn", "phone:0912345678", "email:binh@x.vn",
        "name:le ha|pnv"]


def test_a_row_without_details_joins_the_only_person_of_its_name_in_its_unit():
    s = lambda *values: pd.Series(list(values), dtype="string")
    phone = s("0912345678", None, "0911111111", "0922222222", None)
    nothing = s(None, None, None, None, None)
    names = s("Vũ Thị Lan", "VU THI LAN", "Nguyễn Hà", "Nguyễn Hà", "Nguyễn Hà")
    units = s("MNSD", "MNSD", "PNV", "PNV", "PNV")
    # two people called Nguyễn Hà with phones in PNV: the row without one joins neither
    assert identities(phone, nothing, nothing, names, units).tolist() == [
        "phone:0912345678", "phone:0912345678", "phone:0911111111", "phone:0922222222", "name:nguyen ha|pnv"]


def test_accent_free_keys_agree_with_match_key():
    from cchc_analysis.platform.values import accent_free_keys
    from cchc_analysis.text import match_key

    words = ["Nguyễn Văn Hùng", "TH&THCS Lê-Lợi", "  Ưng Hoàng   Phúc ", "ĐỖ THỊ HOA", "Trường Mầm non Sao Đỏ",
             "Phòng GD&ĐT", "Nguye\u0302\u0303n"]
    assert accent_free_keys(pd.Series(words, dtype="string")).tolist() == [match_key(w) for w in words]


def test_a_file_is_read_month_first_only_when_its_own_dates_show_it():
    from cchc_analysis.platform.values import day_first_text

    text = pd.Series(["11/20/2024 8:15 AM", "12/05/2024 14:05", "12/05/2024 14:05", "20/11/2024 08:00"])
    files = pd.Series(["en.csv", "en.csv", "vi.csv", "vi.csv"])
    assert day_first_text(text, files).tolist() == ["20/11/2024 8:15 AM", "05/12/2024 14:05", "12/05/2024 14:05",
                                                    "20/11/2024 08:00"]


def test_an_office_email_typed_beside_several_phones_links_no_one():
    s = lambda *values: pd.Series(list(values), dtype="string")
    # two colleagues typed the office's address with their own phones; a third row typed only the address
    phone = s("0912345678", "0987654321", None)
    email = s("vanthu@chilinh.gov.vn", "vanthu@chilinh.gov.vn", "vanthu@chilinh.gov.vn")
    nothing = s(None, None, None)
    names = s("Vũ Thị Lan", "Trần Bình", "Lê Hà")
    units = s("PNV", "PNV", "PNV")
    assert identities(phone, email, nothing, names, units).tolist() == [
        "phone:0912345678", "phone:0987654321", "email:vanthu@chilinh.gov.vn"]
