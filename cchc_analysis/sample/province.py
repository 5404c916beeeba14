"""`cchc sample --scale province`: a province-sized data set for the benchmarks.

About 1,500 units over the province's districts, about 1,000,000 platform attempts and one return per
unit in the city sample's mixed layouts. The export is `platform/ket_qua_thi.xlsx`, so the folder works
as `data/raw`; the same rows as csv go to `platform_csv/` (beside it, so `cchc clean` never reads both).
Built with numpy column by column; xlsxwriter's constant-memory mode writes the million rows.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

DISTRICTS = [
    "Chí Linh", "Kinh Môn", "Nam Sách", "Kim Thành", "Thanh Hà", "Cẩm Giàng", "Bình Giang",
    "Gia Lộc", "Tứ Kỳ", "Ninh Giang", "Thanh Miện", "Hải Dương",
]
SYLLABLES = [
    "An", "Bình", "Cộng", "Hòa", "Đồng", "Tân", "Minh", "Phú", "Hưng", "Thịnh", "Long", "Lạc", "Phúc",
    "Thái", "Học", "Văn", "Đức", "Quang", "Trung", "Nghĩa", "Thành", "Hồng", "Lê", "Lợi", "Kỳ", "Sơn",
    "Hà", "Thượng", "Hạ", "Đông", "Tây", "Nam", "Bắc", "Cẩm", "Gia", "Ninh", "Kim", "Thanh", "Tiến",
]
KINDS = [  # (group, name pattern, staff low, staff high, share of units)
    ("Xã, phường", "UBND xã {place}", 18, 32, 0.30),
    ("Mầm non", "Trường Mầm non {place}", 15, 45, 0.22),
    ("Tiểu học", "Trường Tiểu học {place}", 20, 55, 0.22),
    ("THCS", "Trường THCS {place}", 20, 60, 0.18),
    ("Phòng, ban chuyên môn", "Phòng {place}", 5, 25, 0.08),
]
DEPARTMENTS = ["Nội vụ", "Tư pháp", "Tài chính - Kế hoạch", "Kinh tế", "Văn hóa và Thông tin", "Y tế",
               "Giáo dục và Đào tạo", "Tài nguyên và Môi trường", "Lao động - Thương binh và Xã hội",
               "Quản lý đô thị"]
PLATFORM_FOLDERS = {"xlsx": "platform", "csv": "platform_csv"}
HEADER = ["STT", "Họ và tên", "Số điện thoại", "Đơn vị", "Thời gian bắt đầu", "Thời gian nộp bài",
          "Số câu đúng", "Thời gian làm bài", "Dự đoán"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hồng", "Quang", "Ngọc", "Thanh", "Xuân"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Long", "Mai",
         "Nam", "Nga", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến"]


def province_registry(rng: np.random.Generator, units_per_district: int = 125) -> pd.DataFrame:
    rows = []
    for d_index, district in enumerate(DISTRICTS):
        for kind_index, (group, pattern, low, high, share) in enumerate(KINDS):
            count = max(1, round(units_per_district * share))
            for i in range(count):
                if pattern.startswith("Phòng"):
                    place = f"{DEPARTMENTS[i % len(DEPARTMENTS)]} {district}" if i < len(DEPARTMENTS) else \
                        f"{SYLLABLES[i % len(SYLLABLES)]} {district}"
                else:
                    a, b = SYLLABLES[(i * 7 + d_index) % len(SYLLABLES)], SYLLABLES[(i * 3 + kind_index + 1) % len(SYLLABLES)]
                    place = f"{a} {b} {district}" if a != b else f"{a} {district} {i}"
                rows.append({
                    "Mã đơn vị": f"D{d_index:02d}K{kind_index}U{i:03d}",
                    "Tên đơn vị": pattern.format(place=place),
                    "Khối": group,
                    "Tổng số CBCCVC": int(rng.integers(low, high + 1)),
                    "Tên gọi khác": "",
                })
    registry = pd.DataFrame(rows).drop_duplicates("Tên đơn vị")
    return registry.reset_index(drop=True)


def _typed_variants(names: pd.Series) -> pd.DataFrame:
    """Three ways a contestant types a unit: as registered, upper case, and with the kind abbreviated."""
    abbreviated = (names.str.replace("Trường Mầm non", "MN", regex=False)
                   .str.replace("Trường Tiểu học", "TH", regex=False)
                   .str.replace("Trường THCS", "THCS", regex=False)
                   .str.replace("UBND xã", "UBND X.", regex=False))
    return pd.DataFrame({"exact": names, "upper": names.str.upper(), "abbreviated": abbreviated})


def province_attempts(registry: pd.DataFrame, rng: np.random.Generator, attempts: int) -> pd.DataFrame:
    """`attempts` rows: people drawn per unit in proportion to staff, 1-3 attempts each."""
    staff = registry["Tổng số CBCCVC"].to_numpy()
    people = int(attempts / 1.6)
    unit_of_person = rng.choice(len(registry), size=people, p=staff / staff.sum())
    repeats = rng.choice([1, 2, 3], size=people, p=[0.55, 0.30, 0.15])
    person = np.repeat(np.arange(people), repeats)[:attempts]
    if len(person) < attempts:  # top up with single attempts of the first people
        person = np.concatenate([person, np.arange(attempts - len(person)) % people])
    unit = unit_of_person[person]

    phones = np.char.add("09", np.char.zfill((10_000_000 + np.arange(people) * 7919 % 89_999_999).astype(str), 8))
    names = (np.array(FAMILY)[rng.integers(0, len(FAMILY), people)].astype(object) + " "
             + np.array(MIDDLE)[rng.integers(0, len(MIDDLE), people)].astype(object) + " "
             + np.array(GIVEN)[rng.integers(0, len(GIVEN), people)].astype(object))
    variants = _typed_variants(registry["Tên đơn vị"]).to_numpy()
    typed = variants[unit, rng.integers(0, variants.shape[1], attempts)]

    window_start = pd.Timestamp("2024-11-18 07:30").value // 10**9
    window_seconds = (pd.Timestamp("2024-12-13 16:30") - pd.Timestamp("2024-11-18 07:30")).total_seconds()
    offset = rng.uniform(-2 * 86400, window_seconds + 86400, attempts).astype("int64")  # a few outside the window
    duration = rng.integers(120, 1200, attempts)
    submitted = pd.to_datetime(window_start + offset, unit="s")
    started = submitted - pd.to_timedelta(duration, unit="s")
    return pd.DataFrame({
        "STT": np.arange(1, attempts + 1),
        "Họ và tên": names[person],
        "Số điện thoại": phones[person],
        "Đơn vị": typed,
        "Thời gian bắt đầu": started.strftime("%d/%m/%Y %H:%M:%S"),
        "Thời gian nộp bài": submitted.strftime("%d/%m/%Y %H:%M:%S"),
        "Số câu đúng": rng.binomial(20, 0.8, attempts),
        "Thời gian làm bài": duration,
        "Dự đoán": rng.integers(50_000, 200_000, attempts),
    })


def write_attempts_xlsx(frame: pd.DataFrame, path: Path) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                               "strings_to_formulas": False})
    sheet = workbook.add_worksheet("Danh sách")
    sheet.write_row(0, 0, ["DANH SÁCH THÍ SINH THAM GIA CUỘC THI TRỰC TUYẾN VỀ CCHC TỈNH HẢI DƯƠNG NĂM 2024"])
    sheet.write_row(1, 0, HEADER)
    for index, values in enumerate(frame.itertuples(index=False, name=None), start=2):
        sheet.write_row(index, 0, values)
    workbook.close()


def write_province_sample(out_dir: Path, seed: int = 0, attempts: int = 1_000_000,
                          formats: tuple[str, ...] = ("xlsx", "csv"), returns: bool = True) -> Path:
    """Registry, platform export (xlsx and/or csv of the same rows) and returns for ~1,500 units."""
    out_dir = Path(out_dir)
    rng = np.random.default_rng(seed)
    registry = province_registry(rng)
    out_dir.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(out_dir / "units.xlsx", engine="openpyxl") as writer:
        registry.to_excel(writer, index=False, sheet_name="Danh mục")
    frame = province_attempts(registry, rng, attempts)
    for kind in formats:
        folder = out_dir / PLATFORM_FOLDERS[kind]
        folder.mkdir(exist_ok=True)
        if kind == "csv":
            frame.to_csv(folder / "ket_qua_thi.csv", index=False, encoding="utf-8-sig")
        else:
            write_attempts_xlsx(frame, folder / "ket_qua_thi.xlsx")
    if returns:
        from .city import write_returns_for

        write_returns_for(registry, out_dir / "returns", seed=seed)
    (out_dir / "truth.json").write_text(json.dumps({"seed": seed, "units": len(registry), "attempts": attempts}),
                                        encoding="utf-8")
    return out_dir
