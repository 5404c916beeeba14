"""The contest platform's export for the sample, consistent with the returns, with realistic noise.

Each person has one phone number (typed in several shapes), one typed unit text and 1–3 attempts.
A person counts for a unit when one of their attempts falls inside the contest window and their
typed text names that unit; texts naming bodies outside the registry, or too little to decide
("Sao Đỏ" alone), count for no unit.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

from .people import person_name
from .units import Unit, fix_file_time, save_workbook

WINDOW_START = dt.datetime(2024, 11, 18, 7, 30)
WINDOW_END = dt.datetime(2024, 12, 13, 16, 30)
XLSX_HEADER = ["STT", "Họ và tên", "Số điện thoại", "Đơn vị", "Thời gian bắt đầu", "Thời gian nộp bài",
               "Số câu đúng", "Thời gian làm bài", "Dự đoán"]
# The same fields under other spellings cchc.toml [platform.columns] knows.
CSV_HEADER = ["TT", "Họ tên", "SĐT", "Đơn vị công tác", "Bắt đầu", "Thời gian nộp", "Số câu trả lời đúng",
              "Thời gian làm bài (giây)", "Câu dự đoán"]
OUTSIDE_BODIES = ["Công an tỉnh Hải Dương", "UBND huyện Nam Sách", "Sở Nội vụ tỉnh Hải Dương",
                  "Trường THPT Chí Linh"]
AMBIGUOUS_TEXTS = ["Sao Đỏ"]
PHONE_PREFIXES = ["091", "094", "088", "098", "097", "096", "086", "083", "084", "085", "081", "070", "076",
                  "077", "078", "079", "032", "033", "034", "035", "036", "037", "038", "039", "090", "093", "089"]
# Long names where a one-letter slip still leaves the name plain to a reader (and to fuzzy matching).
TYPO_UNITS = {"PTNMT", "PLDTBXH", "TTPTQD", "BQLDT", "TTVHTT"}


@dataclass
class Contestant:
    name: str
    phone: str  # ten digits, leading 0
    unit_text: str
    unit_code: str | None  # the unit the typed text names, None when it names none
    attempts: list[tuple[dt.datetime, dt.datetime, bool]] = field(default_factory=list)  # start, submit, in window


def _plain(text: str) -> str:
    """Text without tone marks or diacritics, case and punctuation kept ('Phòng Nội vụ' → 'Phong Noi vu')."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def typed_variants(unit: Unit) -> list[str]:
    """How contestants type the unit: name, no accents, case, other names, abbreviations, old-style tones."""
    name = unit.name
    variants = [name, name, _plain(name), name.lower(), name.upper(), *unit.other_names]
    place = unit.place
    by_kind = {
        "phuong": [f"UBND P.{place}", f"UBND P. {place}", f"P.{place}", f"phuong {_plain(place).lower()}"],
        "xa": [f"UBND xã {place}", f"Xa {_plain(place)}"],
        "mam_non": [f"Trường MN {place}", f"mam non {_plain(place).lower()}", f"MN {place}"],
        "tieu_hoc": [f"Trường TH {place}", f"TH {place}", f"tieu hoc {_plain(place).lower()}"],
        "th_thcs": [f"Trường TH&THCS {place}", f"th&thcs {_plain(place).lower()}"],
        "thcs": [name.replace("Trường ", ""), name.replace("Trường THCS", "THCS").lower()],
    }
    variants += by_kind.get(unit.kind, [_plain(name).lower()])
    if unit.code == "PTCKH":
        variants += ["Phòng TCKH", "phòng tc-kh"]
    if unit.code == "PGDDT":
        variants += ["Phòng GD-ĐT", "phong gd&dt"]
    if "Hòa" in name:  # the old tone placement many keyboards still type
        variants.append(name.replace("Hòa", "Hoà"))
    return list(dict.fromkeys(variants)) + [name] * 3


def typo_of(name: str, rng: random.Random) -> str:
    """A one-letter slip in the longest word: a letter doubled."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: (len(words[i]), i))
    word = words[longest]
    at = rng.randrange(1, len(word))
    words[longest] = word[:at] + word[at - 1] + word[at:]
    return " ".join(words)


def phone_number(rng: random.Random, taken: set[str]) -> str:
    while True:
        number = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**7):07d}"
        if number not in taken:
            taken.add(number)
            return number


def phone_shape(number: str, rng: random.Random) -> str:
    """One number in the shapes people type it: spaced, +84, 84, dotted, plain."""
    local = number[1:]
    shapes = [
        f"{number[:4]} {number[4:7]} {number[7:]}",
        f"+84{local}",
        f"84{local}",
        f"{number[:4]}.{number[4:7]}.{number[7:]}",
        number,
    ]
    return rng.choices(shapes, weights=[3, 2, 1, 1, 3])[0]


def name_shape(name: str, rng: random.Random) -> str:
    """Names as typed: mostly right, sometimes capitals, lower case, NFD, doubled spaces."""
    roll = rng.random()
    if roll < 0.12:
        return name.upper()
    if roll < 0.17:
        return name.lower()
    if roll < 0.27:
        return unicodedata.normalize("NFD", name)
    if roll < 0.33:
        return name.replace(" ", "  ")
    return name


def attempt_in_window(rng: random.Random) -> tuple[dt.datetime, dt.datetime]:
    """A start and submit time well inside the window, weighted to office hours."""
    span_days = (WINDOW_END.date() - WINDOW_START.date()).days
    while True:
        day = WINDOW_START.date() + dt.timedelta(days=rng.randrange(span_days + 1))
        hour = rng.choices([6, 8, 9, 10, 11, 14, 15, 16, 20, 21, 22], weights=[1, 4, 5, 5, 3, 4, 4, 2, 3, 3, 1])[0]
        start = dt.datetime.combine(day, dt.time(hour, rng.randrange(60), rng.randrange(60)))
        submit = start + dt.timedelta(seconds=rng.randint(180, 1500))
        if WINDOW_START <= start and submit <= WINDOW_END:
            return start, submit


def attempt_out_of_window(rng: random.Random) -> tuple[dt.datetime, dt.datetime]:
    """Both times on one side of the window: the evening before it opened, or after it closed."""
    if rng.random() < 0.4:
        start = dt.datetime(2024, 11, 17, 20, 0) + dt.timedelta(minutes=rng.randrange(600))
        start = min(start, WINDOW_START - dt.timedelta(minutes=30))
    else:
        start = WINDOW_END + dt.timedelta(minutes=10 + rng.randrange(60 * 40))
    return start, start + dt.timedelta(seconds=rng.randint(180, 1200))


def unit_texts_of(units: list[Unit], rng: random.Random) -> dict[str, list[str]]:
    """Per unit, the texts its people type (a typo joins some long names)."""
    texts = {}
    for unit in units:
        variants = typed_variants(unit)
        if unit.code in TYPO_UNITS:
            variants.append(typo_of(unit.name, rng))
        texts[unit.code] = variants
    return texts


def contestants(units: list[Unit], people_by_unit: dict[str, int], rng: random.Random) -> list[Contestant]:
    """Everyone on the platform: each unit's people, a few who only tried outside the window,
    people of bodies outside the registry and a few whose text names no single unit."""
    taken: set[str] = set()
    texts = unit_texts_of(units, rng)
    people: list[Contestant] = []
    for unit in units:
        for _ in range(people_by_unit.get(unit.code, 0)):
            person = Contestant(person_name(rng), phone_number(rng, taken), rng.choice(texts[unit.code]), unit.code)
            tries = rng.choices([1, 2, 3], weights=[60, 30, 10])[0]
            person.attempts = [(*attempt_in_window(rng), True) for _ in range(tries)]
            if rng.random() < 0.04:  # a retry after the link closed, which counts for no one
                person.attempts.append((*attempt_out_of_window(rng), False))
            people.append(person)
    for unit in rng.sample(units, 4):  # tried only before or after the window: count for no one
        person = Contestant(person_name(rng), phone_number(rng, taken), rng.choice(texts[unit.code]), unit.code)
        person.attempts = [(*attempt_out_of_window(rng), False)]
        people.append(person)
    outsiders = [(text, None) for text in OUTSIDE_BODIES for _ in range(2)]
    outsiders += [(text, None) for text in AMBIGUOUS_TEXTS for _ in range(2)]
    for text, code in outsiders:
        person = Contestant(person_name(rng), phone_number(rng, taken), text, code)
        person.attempts = [(*attempt_in_window(rng), True) for _ in range(rng.randint(1, 2))]
        people.append(person)
    return people


def attempt_rows(people: list[Contestant], rng: random.Random) -> list[dict]:
    """One row per attempt, with its noise drawn; sorted by submit time like the platform's export."""
    rows = []
    for person in people:
        for start, submit, in_window in person.attempts:
            rows.append({
                "name": name_shape(person.name, rng),
                "phone": phone_shape(person.phone, rng),
                "unit_text": person.unit_text,
                "start": start,
                "submit": submit,
                "correct": min(20, max(0, round(rng.gauss(16, 3.5)))),
                "seconds": int((submit - start).total_seconds()),
                "prediction": rng.randint(80_000, 160_000),
                "in_window": in_window,
                "to_csv": rng.random() < 0.3,
            })
    rows.sort(key=lambda r: (r["submit"], r["phone"]))
    return rows


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def write_platform_xlsx(rows: list[dict], path: Path, rng: random.Random) -> None:
    """Title rows above the header; times as text for some rows and as Excel datetimes for others."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ket qua"
    ws.append(["KẾT QUẢ CUỘC THI TRỰC TUYẾN TUYÊN TRUYỀN VỀ CÔNG TÁC CCHC TỈNH HẢI DƯƠNG NĂM 2024"])
    ws.append(["Địa bàn: thành phố Chí Linh - dữ liệu trích xuất từ hệ thống lúc 17:00 ngày 13/12/2024"])
    ws.append(XLSX_HEADER)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for i, row in enumerate(rows, 1):
        as_text = rng.random() < 0.5
        start, submit = (
            (row["start"].strftime("%d/%m/%Y %H:%M:%S"), row["submit"].strftime("%d/%m/%Y %H:%M:%S"))
            if as_text else (row["start"], row["submit"])
        )
        ws.append([i, row["name"], row["phone"], row["unit_text"], start, submit, row["correct"],
                   _clock(row["seconds"]), row["prediction"]])
        if not as_text:
            ws.cell(row=i + 3, column=5).number_format = "dd/mm/yyyy hh:mm:ss"
            ws.cell(row=i + 3, column=6).number_format = "dd/mm/yyyy hh:mm:ss"
    for column, width in zip("ABCDEFGHI", (7, 26, 16, 36, 20, 20, 10, 12, 10)):
        ws.column_dimensions[column].width = width
    save_workbook(wb, path)


def write_platform_csv(rows: list[dict], path: Path, rng: random.Random) -> None:
    """UTF-8 with BOM; times as ISO mostly, some with a 'T', some in dd/mm/yyyy."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    shapes = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M:%S"]
    for i, row in enumerate(rows, 1):
        shape = rng.choices(shapes, weights=[6, 2, 2])[0]
        writer.writerow([i, row["name"], row["phone"], row["unit_text"], row["start"].strftime(shape),
                         row["submit"].strftime(shape), row["correct"], row["seconds"], row["prediction"]])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


def write_platform(people: list[Contestant], folder: Path, rng: random.Random) -> dict:
    """The export as one xlsx and one csv; returns the platform part of truth.json."""
    rows = attempt_rows(people, rng)
    folder.mkdir(parents=True, exist_ok=True)
    write_platform_xlsx([r for r in rows if not r["to_csv"]], folder / "Ket_qua_thi_Chi_Linh.xlsx", rng)
    write_platform_csv([r for r in rows if r["to_csv"]], folder / "Ket_qua_thi_Chi_Linh_bo_sung.csv", rng)
    exported = dt.datetime(2024, 12, 13, 17, 0)
    for path in folder.iterdir():
        fix_file_time(path, exported)
    return platform_truth(people, rows)


def platform_truth(people: list[Contestant], rows: list[dict]) -> dict:
    counted = [p for p in people if any(a[2] for a in p.attempts)]
    by_unit: dict[str, int] = {}
    for person in counted:
        if person.unit_code:
            by_unit[person.unit_code] = by_unit.get(person.unit_code, 0) + 1
    unit_texts = {}
    for person in people:
        unit_texts[person.unit_text] = person.unit_code
    in_window = sum(1 for r in rows if r["in_window"])
    return {
        "attempts": len(rows),
        "attempts_in_window": in_window,
        "attempts_out_of_window": len(rows) - in_window,
        "people_by_unit": dict(sorted(by_unit.items())),
        "unmatched_people": sum(1 for p in counted if p.unit_code is None),
        "unit_texts": dict(sorted(unit_texts.items())),
    }
