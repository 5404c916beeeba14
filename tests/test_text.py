"""Vietnamese text: legacy fonts, detection, byte decoding, name case, accent-free keys."""
import unicodedata

import numpy as np
import pandas as pd
import pytest

from cchc_analysis.text import (
    clean_text,
    decode_bytes,
    detect_legacy,
    fold,
    fold_series,
    match_key,
    match_key_series,
    name_case,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)

# Every Vietnamese letter, built here from bases and tone marks (independent of the data tables).
BASES = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
LOWER = [unicodedata.normalize("NFC", b + t) for b in BASES for t in TONES] + ["đ"]
UPPER = [ch.upper() for ch in LOWER]
TCVN3_CAPITALS = set("ĂÂÊÔƠƯĐ")


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Windows writes it: base letter (ă â ê ô ơ ư kept whole) then a combining tone byte."""
    pieces = []
    for ch in unicodedata.normalize("NFC", text):
        marks = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in tones))
        pieces.append(base + tones)
    return "".join(pieces).encode("cp1258")


# --------------------------------------------------------------------------------------- letter tables


def test_every_letter_is_counted():
    assert len(LOWER) == 73 and len(set(LOWER)) == 73
    # the 134 letters outside ASCII: 67 lower + 67 upper
    assert len([ch for ch in LOWER + UPPER if not ch.isascii()]) == 134


@pytest.mark.parametrize("letter", LOWER)
def test_tcvn3_round_trips_every_lower_case_letter(letter):
    legacy = unicode_to_tcvn3(letter)
    assert len(legacy) == 1 and ord(legacy) < 0x100
    assert tcvn3_to_unicode(legacy) == letter


@pytest.mark.parametrize("letter", UPPER)
def test_tcvn3_capitals_come_back_lower_case_unless_the_font_has_them(letter):
    legacy = unicode_to_tcvn3(letter)
    expected = letter if (letter in TCVN3_CAPITALS or letter.isascii()) else letter.lower()
    assert tcvn3_to_unicode(legacy) == expected
    # the capitals font (.VnTimeH) draws every letter as a capital
    assert tcvn3_to_unicode(legacy, capitals=True) == letter


def test_tcvn3_letters_use_distinct_bytes():
    encoded = [unicode_to_tcvn3(ch) for ch in LOWER if not ch.isascii()] + [unicode_to_tcvn3(ch) for ch in TCVN3_CAPITALS]
    assert len(set(encoded)) == 67 + 7


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_vni_round_trips_every_letter_in_both_cases(letter):
    legacy = unicode_to_vni(letter)
    assert all(ord(ch) < 0x100 for ch in legacy)
    assert vni_to_unicode(legacy) == letter
    # inside a word too, where longest match meets its neighbours
    assert vni_to_unicode(unicode_to_vni(f"Ng{letter}n")) == f"Ng{letter}n"


def test_vni_round_trips_all_letters_written_together():
    text = "".join(LOWER + UPPER)
    assert vni_to_unicode(unicode_to_vni(text)) == text


# --------------------------------------------------------------------------------------- known phrases
# Written by hand from the published TCVN3 (TCVN 5712:1993) and VNI-Windows code tables.

TCVN3_PHRASES = [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("Uû ban nh©n d©n thµnh phè ChÝ Linh", "Uỷ ban nhân dân thành phố Chí Linh"),
    ("Tr\u00adêng MÇm non Sao §á", "Trường Mầm non Sao Đỏ"),
]
VNI_PHRASES = [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Phöôøng Sao Ñoû", "Phường Sao Đỏ"),
    ("NGUYEÃN THÒ HÖÔNG", "NGUYỄN THỊ HƯƠNG"),
]


@pytest.mark.parametrize("legacy, unicode", TCVN3_PHRASES)
def test_tcvn3_phrases_convert(legacy, unicode):
    assert tcvn3_to_unicode(legacy) == unicode
    assert unicode_to_tcvn3(unicode) == legacy
    assert clean_text(legacy, font=".VnTime") == unicode
    assert detect_legacy(legacy) == "tcvn3"
    assert clean_text(legacy) == unicode


@pytest.mark.parametrize("legacy, unicode", VNI_PHRASES)
def test_vni_phrases_convert(legacy, unicode):
    assert vni_to_unicode(legacy) == unicode
    assert unicode_to_vni(unicode) == legacy
    assert clean_text(legacy, font="VNI-Times") == unicode
    assert detect_legacy(legacy) == "vni"
    assert clean_text(legacy) == unicode


def test_capitals_font_is_upper_cased():
    assert clean_text("uû ban nh©n d©n", font=".VnTimeH") == "UỶ BAN NHÂN DÂN"
    # without a font: plain letters all capitals means the capitals font
    assert clean_text("CéNG HOµ X· HéI CHñ NGHÜA") == "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA"


def test_font_name_decides_short_ambiguous_words():
    # "Hép" is a valid-looking word in Unicode; only the font says it is TCVN3 for "Hộp"
    assert clean_text("Hép") == "Hép"
    assert clean_text("Hép", font=".VnArial") == "Hộp"
    assert clean_text("Toát", font="VNI-Helve") == "Tốt"
    assert detect_legacy("x", font="Times New Roman") is None


def test_unicode_text_is_never_converted_even_in_a_legacy_font_cell():
    assert clean_text("Nguyễn Thị Bình", font=".VnTime") == "Nguyễn Thị Bình"


# --------------------------------------------------------------------------------------- detection


@pytest.mark.parametrize("text", [
    "Café", "résumé", "Nguyễn Văn An", "Số 12/2024", "Hoà Bình", "Tên", "Crème brûlée", "naïve", "São Paulo",
    "Müller", "Report of the department", "Phòng Nội vụ", "Toát", "Hép", "CÔNG AN", "BÌNH", "Trần Thị Hà",
    "© 2024", "12 × 3", "", "   ",
])
def test_detection_leaves_unicode_english_and_french_alone(text):
    assert detect_legacy(text) is None


def test_detection_tells_vni_from_tcvn3_on_a_short_name():
    assert detect_legacy("Leâ Thò Hoa") == "vni"
    assert clean_text("Leâ Thò Hoa") == "Lê Thị Hoa"
    assert detect_legacy("NguyÔn V¨n An") == "tcvn3"


# --------------------------------------------------------------------------------------- clean_text


def test_clean_text_composes_nfd_and_collapses_spaces():
    nfd = unicodedata.normalize("NFD", "Nguyễn  Thị\u00a0Hường\t\n Trang ")
    assert clean_text(nfd) == "Nguyễn Thị Hường Trang"
    assert unicodedata.is_normalized("NFC", clean_text(nfd))


@pytest.mark.parametrize("value, expected", [(None, ""), (float("nan"), ""), (pd.NA, ""), (np.nan, ""), (12, "12"), (2.5, "2.5")])
def test_clean_text_handles_missing_values_and_numbers(value, expected):
    assert clean_text(value) == expected


def test_clean_text_keeps_soft_hyphen_of_tcvn3_until_converted():
    assert clean_text("tr\u00adêng häc") == "trường học"


# --------------------------------------------------------------------------------------- decode_bytes

SENTENCE = "Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\nPhường Sao Đỏ, thành phố Chí Linh\n"


def test_decode_utf8_with_and_without_bom():
    assert decode_bytes(SENTENCE.encode("utf-8-sig")) == (SENTENCE, "utf-8-sig")
    assert decode_bytes(SENTENCE.encode("utf-8")) == (SENTENCE, "utf-8")


def test_decode_utf8_of_nfd_text_gives_nfc():
    text, _ = decode_bytes(unicodedata.normalize("NFD", SENTENCE).encode("utf-8"))
    assert text == SENTENCE


def test_decode_utf16_with_bom_and_without():
    assert decode_bytes(SENTENCE.encode("utf-16")) == (SENTENCE, "utf-16")
    assert decode_bytes(SENTENCE.encode("utf-16-le")) == (SENTENCE, "utf-16-le")


def test_decode_windows_1258_with_combining_tones():
    data = cp1258_bytes(SENTENCE)
    # the bytes really hold combining tone marks: "ệ" is ê (0xEA) then dot below (0xF2)
    assert b"\xea\xf2" in data
    assert decode_bytes(data) == (SENTENCE, "cp1258")


def test_decode_legacy_fonts_saved_as_windows_1252():
    assert decode_bytes(unicode_to_tcvn3(SENTENCE).encode("cp1252")) == (SENTENCE, "tcvn3")
    assert decode_bytes(unicode_to_vni(SENTENCE).encode("cp1252")) == (SENTENCE, "vni")
    # and the same characters saved by Excel as UTF-8
    assert decode_bytes(unicode_to_vni(SENTENCE).encode("utf-8")) == (SENTENCE, "vni")


def test_decode_plain_western_text():
    assert decode_bytes("Name,City\nRené,Zürich\n".encode("cp1252")) == ("Name,City\nRené,Zürich\n", "cp1252")
    assert decode_bytes(b"") == ("", "utf-8")


@pytest.mark.parametrize("data", [
    "日本語のテキストです、こんにちは。漢字とかな".encode("shift_jis"),
    "Привет мир, как дела у вас сегодня".encode("koi8_r"),
    "Ten don vi,Nguyen Van An,Phong Noi vu".encode("cp500"),
    bytes(range(256)) * 4,
])
def test_decode_raises_when_no_encoding_fits(data):
    with pytest.raises(UnicodeError):
        decode_bytes(data)


# --------------------------------------------------------------------------------------- names and keys


@pytest.mark.parametrize("raw", ["NGUYỄN VĂN AN", "nguyễn văn an", "Nguyễn văn  An", " nGUYỄN  VĂN an "])
def test_name_case(raw):
    assert name_case(raw) == "Nguyễn Văn An"


def test_name_case_of_d_and_horned_letters_from_nfd():
    assert name_case(unicodedata.normalize("NFD", "ĐẶNG THỊ ƯỚC ƠN")) == "Đặng Thị Ước Ơn"
    assert name_case("đỗ ưng") == "Đỗ Ưng"
    assert name_case("h'hen niê") == "H'Hen Niê"


def test_name_case_converts_legacy_first():
    assert name_case("NGUYEÃN VAÊN AN") == "Nguyễn Văn An"


def test_fold_and_match_key():
    assert fold("Phường  Sao Đỏ") == "phuong sao do"
    assert fold(unicodedata.normalize("NFD", "ĐOÀN Thị Hương")) == "doan thi huong"
    assert fold("TH&THCS Lê Lợi") == "th&thcs le loi"
    assert match_key("TH&THCS Lê-Lợi") == "th thcs le loi"
    assert match_key("  UBND P.Sao Đỏ (cũ) ") == "ubnd p sao do cu"
    assert match_key(None) == ""


def test_series_versions_give_the_scalar_result_per_row():
    series = pd.Series(["Phòng Nội vụ", None, "PHÒNG NỘI VỤ", "Phòng Nội vụ", np.nan, "GD&ĐT"], index=[5, 6, 7, 8, 9, 10])
    assert fold_series(series).tolist() == ["phong noi vu", "", "phong noi vu", "phong noi vu", "", "gd&dt"]
    keys = match_key_series(series)
    assert keys.tolist() == ["phong noi vu", "", "phong noi vu", "phong noi vu", "", "gd dt"]
    assert keys.index.tolist() == [5, 6, 7, 8, 9, 10]


def test_series_versions_work_per_distinct_value(monkeypatch):
    import cchc_analysis.text as text

    calls = []
    monkeypatch.setattr(text, "fold", lambda s: calls.append(s) or str(s).lower())
    series = pd.Series(["A", "B"] * 5000)
    text.fold_series(series)
    assert sorted(calls) == ["A", "B"]


def test_sheet_level_detection_decides_short_cells():
    from cchc_analysis.text import detect_legacy_many

    sheet = ["Hä vµ tªn", "Lý do", "NguyÔn V¨n An", "èm", "Thai s¶n", "Nguyễn Thị Hà", 12, None]
    assert detect_legacy_many(sheet) == "tcvn3"
    # a lone "èm" is a valid Unicode word; the sheet says it is TCVN3 for "ốm"
    assert clean_text("èm") == "èm"
    assert clean_text("èm", font=detect_legacy_many(sheet)) == "ốm"
    assert detect_legacy_many(["Hoà Bình", "Tên", "Café", "Nguyễn Văn An"]) is None
    assert detect_legacy_many(["Hoï vaø teân", "OÁm", "Nghæ pheùp"]) == "vni"


@pytest.mark.parametrize("legacy, unicode", [
    ("Thai saûn", "Thai sản"),   # VNI; read as TCVN3 it would be "saỷn", a vowel group that takes no final
    ("Teân ñôn vò", "Tên đơn vị"),
    ("Nghæ pheùp", "Nghỉ phép"),
])
def test_vni_words_are_not_taken_for_tcvn3(legacy, unicode):
    assert detect_legacy(legacy) == "vni"
    assert clean_text(legacy) == unicode


def test_capitals_follow_the_letters_when_the_sheet_not_the_cell_names_the_font():
    assert clean_text("CéNG HOµ", font="tcvn3") == "CỘNG HOÀ"
    assert clean_text("Céng hoµ", font="tcvn3") == "Cộng hoà"
    # the plain font shows what was typed: lower-case marked letters among capitals
    assert clean_text("CéNG", font=".VnTime") == "CộNG"


@pytest.mark.parametrize("make, encoding", [
    (cp1258_bytes, "cp1258"),
    (lambda t: unicode_to_tcvn3(t).encode("cp1252"), "tcvn3"),
    (lambda t: unicode_to_vni(t).encode("cp1252"), "vni"),
])
@pytest.mark.parametrize("text", ["Đường", "Trường Mầm non Hoàng Tân", "STT;Họ và tên;Lý do\n1;Trần Thị Bình;Thai sản\n"])
def test_decode_short_vietnamese_in_each_single_byte_encoding(make, encoding, text):
    assert decode_bytes(make(text)) == (text, encoding)


def test_decode_western_text_with_signs_stays_cp1252():
    text = "Copyright © 2024 – Zürich, 12 × 3 µm, café\n"
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


def test_eth_look_alike_becomes_vietnamese_d():
    assert clean_text("\u00d0ỗ Thị Hà") == "Đỗ Thị Hà"
    assert fold("\u00d0oàn") == "doan"
    # outside Vietnamese text an eth stays what it is
    assert clean_text("Sigur\u00f0ur") == "Sigur\u00f0ur"


@pytest.mark.parametrize("legacy, unicode", TCVN3_PHRASES + VNI_PHRASES)
def test_clean_text_is_idempotent(legacy, unicode):
    once = clean_text(legacy)
    assert clean_text(once) == once == unicode


def _as_windows_1252(text: str) -> str:
    """UTF-8 bytes of text read back as Windows-1252, the way a mis-opened CSV shows them."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


def test_utf8_read_as_windows_1252_is_repaired():
    broken = _as_windows_1252("Đỗ Thị Hường")
    assert broken == "Ä\x90á»— Thá»‹ HÆ°á»\x9dng"
    assert clean_text(broken) == "Đỗ Thị Hường"
    assert decode_bytes(_as_windows_1252(SENTENCE).encode("utf-8")) == (SENTENCE, "utf-8")
    # ordinary text that merely holds such letters is left alone
    assert clean_text("Giá: 5€ » Hà Nội") == "Giá: 5€ » Hà Nội"


def test_mojibake_beside_good_words_is_repaired():
    # a name whose first words were retyped and whose last came through a mis-read CSV
    assert clean_text("Trần Thị HÆ°Æ¡ng") == "Trần Thị Hương"


def test_double_mojibake_is_repaired_through_both_layers():
    twice = _as_windows_1252(_as_windows_1252("Nguyễn Văn Hưởng"))
    assert twice == "NguyÃ¡Â»â€¦n VÃ„Æ’n HÃ†Â°Ã¡Â»Å¸ng"
    assert clean_text(twice) == "Nguyễn Văn Hưởng"


@pytest.mark.parametrize("legacy, unicode", TCVN3_PHRASES + VNI_PHRASES)
def test_legacy_font_text_is_not_taken_for_mojibake(legacy, unicode):
    from cchc_analysis.text import _undo_mojibake

    assert _undo_mojibake(legacy) == legacy  # left for the legacy-font converter
    assert clean_text(legacy) == unicode


@pytest.mark.parametrize("font, encoding, capitals", [
    (".VnTime", "tcvn3", False), (".VnTimeH", "tcvn3", True), (".VnArial NarrowH", "tcvn3", True),
    ("VNI-Times", "vni", False), ("VNI-Helve", "vni", False), ("Times New Roman", None, False), (None, None, False),
])
def test_font_names(font, encoding, capitals):
    from cchc_analysis.text import is_capitals_font, legacy_font

    assert legacy_font(font) == encoding
    assert is_capitals_font(font) is capitals


def test_clean_text_keeps_lines_typed_in_a_cell_when_asked():
    typed = " Trần  Văn Khoa \r\n\n Phạm\u00a0Thị Thu "
    assert clean_text(typed, keep_lines=True) == "Trần Văn Khoa\nPhạm Thị Thu"
    assert clean_text(typed) == "Trần Văn Khoa Phạm Thị Thu"
    # keys compare the lines as one text
    assert match_key("Trần Văn Khoa\nPhạm Thị Thu") == "tran van khoa pham thi thu"
    assert fold("Ốm\nThai sản") == "om thai san"


def test_clean_text_keeps_lines_of_legacy_font_text():
    assert clean_text("Céng hoµ\nx· héi", ".VnTime", keep_lines=True) == "Cộng hoà\nxã hội"
