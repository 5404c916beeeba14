"""The city sample's registry: about a hundred units shaped like Chí Linh city's (Hải Dương).

Place names are shared on purpose — a ward, its kindergarten and its primary school are all
"Sao Đỏ" — so the kind word (phường, mầm non, tiểu học…) is what tells them apart.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

REGISTRY_HEADER = ["Mã đơn vị", "Tên đơn vị", "Khối", "Tổng số CBCCVC", "Tên gọi khác"]

GROUP_DEPARTMENT = "Phòng, ban chuyên môn"
GROUP_SERVICE = "Đơn vị sự nghiệp"
GROUP_MASS = "Mặt trận, đoàn thể"
GROUP_COMMUNE = "Xã, phường"
GROUP_KINDERGARTEN = "Mầm non"
GROUP_PRIMARY = "Tiểu học"
GROUP_PRIMARY_LOWER = "TH&THCS"
GROUP_LOWER = "THCS"

# (code, name, other names, staff range)
DEPARTMENTS = [
    ("VP_UBND", "Văn phòng HĐND và UBND thành phố", ["Văn phòng HĐND-UBND", "VP HĐND và UBND"], (18, 25)),
    ("PNV", "Phòng Nội vụ", ["Phòng Nội vụ thành phố"], (8, 12)),
    ("PTCKH", "Phòng Tài chính - Kế hoạch", ["Phòng TC-KH"], (10, 14)),
    ("PTP", "Phòng Tư pháp", [], (5, 7)),
    ("PKT", "Phòng Kinh tế", [], (8, 12)),
    ("PQLDT", "Phòng Quản lý đô thị", ["Phòng QLĐT"], (8, 12)),
    ("PTNMT", "Phòng Tài nguyên và Môi trường", ["Phòng TN&MT"], (9, 13)),
    ("PLDTBXH", "Phòng Lao động - Thương binh và Xã hội", ["Phòng LĐ-TB&XH"], (8, 11)),
    ("PVHTT", "Phòng Văn hóa và Thông tin", ["Phòng VH-TT"], (6, 9)),
    ("PGDDT", "Phòng Giáo dục và Đào tạo", ["Phòng GD&ĐT"], (12, 16)),
    ("PYT", "Phòng Y tế", [], (5, 6)),
    ("TTRA", "Thanh tra thành phố", ["Thanh tra TP"], (7, 10)),
]
SERVICE_UNITS = [
    ("TTVHTT", "Trung tâm Văn hóa - Thông tin - Thể thao", ["Trung tâm VH-TT-TT"], (20, 30)),
    ("BQLDA", "Ban Quản lý dự án đầu tư xây dựng", ["Ban QLDA đầu tư xây dựng"], (12, 20)),
    ("TTPTQD", "Trung tâm Phát triển quỹ đất", [], (10, 16)),
    ("TTGDNN", "Trung tâm GDNN-GDTX", ["Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên"], (30, 45)),
    ("BQLDT", "Ban Quản lý di tích Côn Sơn - Kiếp Bạc", ["Ban QL di tích Côn Sơn - Kiếp Bạc"], (25, 40)),
    ("TTDVNN", "Trung tâm Dịch vụ nông nghiệp", [], (8, 14)),
]
MASS_ORGANISATIONS = [
    ("UBMTTQ", "Ủy ban MTTQ Việt Nam thành phố", ["Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", "UBMTTQ thành phố"], (6, 9)),
    ("TDOAN", "Thành đoàn Chí Linh", ["Thành đoàn"], (5, 6)),
    ("HLHPN", "Hội Liên hiệp Phụ nữ thành phố", ["Hội LHPN thành phố"], (5, 6)),
    ("HCCB", "Hội Cựu chiến binh thành phố", ["Hội CCB thành phố"], (5, 5)),
    ("HND", "Hội Nông dân thành phố", [], (5, 6)),
    ("LDLD", "Liên đoàn Lao động thành phố", ["LĐLĐ thành phố"], (5, 7)),
]
WARDS = ["Sao Đỏ", "Phả Lại", "Cộng Hòa", "Chí Minh", "Thái Học", "Văn An", "Bến Tắm", "Hoàng Tân",
         "Hoàng Tiến", "Cổ Thành", "Văn Đức", "An Lạc", "Đồng Lạc", "Tân Dân"]
COMMUNES = ["Hoàng Hoa Thám", "Bắc An", "Hưng Đạo", "Lê Lợi", "Nhân Huệ"]
# Places whose primary and lower secondary pupils share one school.
COMBINED_SCHOOL_PLACES = ["Hoàng Tân", "Bắc An", "Hoàng Hoa Thám", "Lê Lợi"]
# Lower secondary schools named after a person, with the place they stand in.
NAMED_LOWER_SCHOOLS = {"Sao Đỏ": "Chu Văn An", "Cộng Hòa": "Nguyễn Trãi"}


@dataclass
class Unit:
    code: str
    name: str
    group: str
    kind: str  # phong, su_nghiep, doan_the, phuong, xa, mam_non, tieu_hoc, th_thcs, thcs
    staff: int
    other_names: list[str] = field(default_factory=list)
    place: str = ""

    @property
    def short_name(self) -> str:
        """The name as people say it: 'Trường MN Sao Đỏ', 'Phường Sao Đỏ', 'Phòng Nội vụ'."""
        short = {
            "mam_non": f"Trường MN {self.place}",
            "tieu_hoc": f"Trường TH {self.place}",
            "thcs": f"Trường THCS {self.name.removeprefix('Trường THCS ')}",
            "th_thcs": f"Trường TH&THCS {self.place}",
            "phuong": f"Phường {self.place}",
            "xa": f"Xã {self.place}",
        }
        return short.get(self.kind, self.name)


def ascii_slug(text: str, sep: str = "") -> str:
    """Accent-free letters of a name, words joined by sep ('Sao Đỏ' → 'SaoDo' with sep='')."""
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in plain if unicodedata.category(ch) != "Mn")
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    return sep.join(words)


def place_code(place: str) -> str:
    return ascii_slug(place).upper()


def _staff(rng: random.Random, low_high: tuple[int, int]) -> int:
    return rng.randint(*low_high)


def city_units(rng: random.Random) -> list[Unit]:
    """The registry, in the order the office keeps it; headcounts drawn from realistic ranges."""
    units: list[Unit] = []
    for table, group, kind in (
        (DEPARTMENTS, GROUP_DEPARTMENT, "phong"),
        (SERVICE_UNITS, GROUP_SERVICE, "su_nghiep"),
        (MASS_ORGANISATIONS, GROUP_MASS, "doan_the"),
    ):
        for code, name, others, staff in table:
            units.append(Unit(code, name, group, kind, _staff(rng, staff), list(others)))
    for place in WARDS:
        units.append(Unit(f"P_{place_code(place)}", f"UBND phường {place}", GROUP_COMMUNE, "phuong",
                          rng.randint(20, 30), [f"Phường {place}", f"Ủy ban nhân dân phường {place}"], place))
    for place in COMMUNES:
        units.append(Unit(f"X_{place_code(place)}", f"UBND xã {place}", GROUP_COMMUNE, "xa",
                          rng.randint(20, 28), [f"Xã {place}", f"Ủy ban nhân dân xã {place}"], place))
    for place in WARDS + COMMUNES:
        units.append(Unit(f"MN_{place_code(place)}", f"Trường Mầm non {place}", GROUP_KINDERGARTEN, "mam_non",
                          rng.randint(20, 55), [f"Mầm non {place}", f"MN {place}"], place))
    for place in WARDS + COMMUNES:
        if place in COMBINED_SCHOOL_PLACES:
            continue
        units.append(Unit(f"TH_{place_code(place)}", f"Trường Tiểu học {place}", GROUP_PRIMARY, "tieu_hoc",
                          rng.randint(25, 60), [f"Tiểu học {place}", f"TH {place}"], place))
    for place in COMBINED_SCHOOL_PLACES:
        units.append(Unit(f"THTHCS_{place_code(place)}", f"Trường TH&THCS {place}", GROUP_PRIMARY_LOWER, "th_thcs",
                          rng.randint(35, 70), [f"TH&THCS {place}", f"Trường Tiểu học và THCS {place}"], place))
    for place in WARDS + COMMUNES:
        if place in COMBINED_SCHOOL_PLACES:
            continue
        named = NAMED_LOWER_SCHOOLS.get(place, place)
        code = f"THCS_{place_code(named)}"
        units.append(Unit(code, f"Trường THCS {named}", GROUP_LOWER, "thcs",
                          rng.randint(25, 80), [f"THCS {named}"], place))
    return units


def write_registry(units: list[Unit], path: Path) -> None:
    """units.xlsx: a title row, a blank row, then the header docs/design.md §3 names."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách đơn vị"
    ws.append(["DANH SÁCH CƠ QUAN, ĐƠN VỊ THUỘC UBND THÀNH PHỐ CHÍ LINH"])
    ws.merge_cells("A1:E1")
    ws["A1"].font = Font(bold=True, size=13)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([])
    ws.append(REGISTRY_HEADER)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for unit in units:
        ws.append([unit.code, unit.name, unit.group, unit.staff, ";".join(unit.other_names)])
    for column, width in zip("ABCDE", (14, 44, 24, 16, 60)):
        ws.column_dimensions[column].width = width
    save_workbook(wb, path)


# Every date written into the sample's Office files and file times: the same seed writes the same bytes.
FIXED_TIME = dt.datetime(2024, 12, 16, 8, 0, 0)


def save_workbook(wb: openpyxl.Workbook, path: Path) -> None:
    """Save with fixed document times, so the same seed writes the same bytes."""
    wb.properties.created = FIXED_TIME
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    freeze_zip(path)


def freeze_zip(path: Path) -> None:
    """Rewrite an Office (zip) file with fixed entry times and a fixed 'modified' date (writers stamp the clock)."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)
    path.write_bytes(buffer.getvalue())


def fix_file_time(path: Path, when: dt.datetime = FIXED_TIME) -> None:
    """Set a file's modification time (local time in Vietnam, UTC+7) so it does not depend on the clock."""
    stamp = when.replace(tzinfo=dt.timezone(dt.timedelta(hours=7))).timestamp()
    os.utime(path, (stamp, stamp))
