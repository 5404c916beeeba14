"""People for the sample: Vietnamese names, positions by kind of unit, reasons for not taking part."""
from __future__ import annotations

import random
import re
import unicodedata

SURNAMES = ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm"] * 2 + [
    "Hoàng", "Vũ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Mạc", "Cao", "Tạ", "Lương",
]
MIDDLE_MEN = ["Văn", "Văn", "Đức", "Hữu", "Minh", "Quang", "Thành", "Xuân", "Công", "Đình", "Ngọc", "Mạnh"]
MIDDLE_WOMEN = ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Thùy", "Phương", "Hồng", "Kim"]
GIVEN_MEN = ["An", "Bình", "Cường", "Dũng", "Dương", "Hải", "Hùng", "Huy", "Khánh", "Long", "Nam", "Phong",
             "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Hoàng", "Toàn", "Đạt", "Hiếu", "Lâm"]
GIVEN_WOMEN = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Huyền", "Hương",
               "Lan", "Linh", "Loan", "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Thủy",
               "Trang", "Tuyết", "Vân", "Yến", "Nguyệt", "Lụa"]

POSITIONS = {
    "phong": ["Chuyên viên"] * 6 + ["Phó Trưởng phòng", "Kế toán", "Nhân viên hợp đồng", "Văn thư"],
    "su_nghiep": ["Viên chức"] * 4 + ["Phó Giám đốc", "Kế toán", "Nhân viên", "Cán sự"],
    "doan_the": ["Chuyên viên"] * 3 + ["Phó Chủ tịch", "Kế toán"],
    "phuong": ["Công chức Văn phòng - Thống kê", "Công chức Địa chính - Xây dựng", "Công chức Tư pháp - Hộ tịch",
               "Công chức Văn hóa - Xã hội", "Công chức Tài chính - Kế toán", "Phó Chủ tịch UBND",
               "Chỉ huy trưởng Quân sự", "Phó Trưởng Công an"],
    "mam_non": ["Giáo viên"] * 6 + ["Phó Hiệu trưởng", "Kế toán", "Nhân viên y tế", "Nhân viên nấu ăn"],
    "tieu_hoc": ["Giáo viên"] * 6 + ["Phó Hiệu trưởng", "Kế toán", "Nhân viên thư viện", "Tổng phụ trách Đội"],
    "th_thcs": ["Giáo viên"] * 6 + ["Phó Hiệu trưởng", "Kế toán", "Nhân viên văn thư", "Nhân viên thiết bị"],
    "thcs": ["Giáo viên"] * 6 + ["Phó Hiệu trưởng", "Kế toán", "Nhân viên thư viện", "Nhân viên văn thư"],
}
POSITIONS["xa"] = POSITIONS["phuong"]

# Reasons as units write them, with the category cchc.toml [reasons] gives them (checked by the tests).
REASONS = {
    "maternity": ["Nghỉ thai sản", "Nghỉ chế độ thai sản", "Đang nghỉ sinh con"],
    "sickness": ["Ốm điều trị dài ngày", "Nằm viện điều trị", "Điều trị bệnh tại Bệnh viện Bạch Mai"],
    "training": ["Đi học", "Đi học thạc sĩ", "Đi đào tạo dài hạn"],
    "retirement": ["Chờ hưu", "Nghỉ chờ hưu từ 01/12/2024"],
    "out_of_scope": ["HĐ 68", "Hợp đồng lao động", "Lao động HĐ 68"],
    "business_trip": ["Đi công tác", "Đi công tác tại tỉnh Quảng Ninh"],
    "leave": ["Nghỉ phép", "Nghỉ việc riêng"],
    "none": ["", "Không có lý do", "Không rõ lý do"],
    "other": ["Quên tài khoản đăng nhập", "Bận việc gia đình", "Không sắp xếp được thời gian", "Điện thoại hỏng"],
}
JUSTIFIED = {"maternity", "sickness", "training", "retirement", "out_of_scope"}
# How often each category turns up among people who did not take part.
REASON_WEIGHTS = {"maternity": 14, "sickness": 12, "training": 8, "retirement": 6, "out_of_scope": 10,
                  "business_trip": 14, "leave": 12, "none": 12, "other": 12}

SIGNER_TITLES = {
    "phong": "TRƯỞNG PHÒNG", "su_nghiep": "GIÁM ĐỐC", "doan_the": "CHỦ TỊCH",
    "phuong": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "xa": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    "mam_non": "HIỆU TRƯỞNG", "tieu_hoc": "HIỆU TRƯỞNG", "th_thcs": "HIỆU TRƯỞNG", "thcs": "HIỆU TRƯỞNG",
}


def person_name(rng: random.Random) -> str:
    """A Vietnamese full name in name case, NFC."""
    if rng.random() < 0.6:  # schools and wards employ more women than men
        given = f"{rng.choice(MIDDLE_WOMEN)} {rng.choice(GIVEN_WOMEN)}"
    else:
        given = f"{rng.choice(MIDDLE_MEN)} {rng.choice(GIVEN_MEN)}"
    return f"{rng.choice(SURNAMES)} {given}"


def position_for(rng: random.Random, kind: str) -> str:
    return rng.choice(POSITIONS.get(kind, POSITIONS["phong"]))


def reason_for(rng: random.Random, category: str | None = None, justified: bool | None = None) -> tuple[str, str]:
    """(reason text, category); a category may be asked for, or only whether it is justified."""
    if category is None:
        pool = [c for c in REASON_WEIGHTS if justified is None or (c in JUSTIFIED) == justified]
        category = rng.choices(pool, weights=[REASON_WEIGHTS[c] for c in pool])[0]
    return rng.choice(REASONS[category]), category


def plain_key(text: str) -> str:
    """Accent-free lower case, non-alphanumerics as one space (the matching key of text.match_key)."""
    s = unicodedata.normalize("NFD", str(text).replace("Đ", "D").replace("đ", "d"))
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn").lower()
    return re.sub(r"[^0-9a-z]+", " ", s).strip()


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes as Vietnamese Windows wrote them: base letter (â ê ô ơ ư ă đ) plus a combining tone."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], list(parts[1:])
        # circumflex, breve and horn live in the base letter in cp1258; tones stay combining
        for shape in ("\u0302", "\u0306", "\u031b"):
            if shape in marks:
                base = unicodedata.normalize("NFC", base + shape)
                marks.remove(shape)
        out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)
