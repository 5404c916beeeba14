"""The city sample (`cchc sample OUT_DIR [--seed N]`): realistic synthetic raw data, and the truth a perfect cleaner finds.

Writes `units.xlsx` (the registry), `returns/` (one return per unit in many layouts and formats,
a few units silent), `platform/` (the contest export, consistent with the returns) and `truth.json`.
Everything is drawn from one `random.Random(seed)`: the same seed writes the same truth, byte for byte.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .documents import available_programs, choose_documents, write_documents
from .people import JUSTIFIED, person_name, position_for, reason_for
from .platform import contestants, write_platform
from .returns import LAYOUTS, Person, ReturnDoc, write_return
from .units import (
    GROUP_COMMUNE, GROUP_DEPARTMENT, GROUP_KINDERGARTEN, GROUP_LOWER, GROUP_PRIMARY, GROUP_PRIMARY_LOWER,
    Unit, ascii_slug, city_units, fix_file_time, write_registry,
)

DEADLINE = dt.date(2024, 12, 17)
# Issue codes returns.py raises for the designed cases.
WARN_LATE = "return_late"
WARN_PEOPLE = "people_count_mismatch"
WARN_STAFF = "staff_unlike_registry"
ERROR_ABOVE_TOTAL = "participants_above_total"
INFO_SUPERSEDED = "return_superseded"
GRADE_LABELS = {"excellent": "Hoàn thành xuất sắc", "good": "Hoàn thành tốt", "pass": "Hoàn thành",
                "fail": "Không hoàn thành"}
# How many returns of each layout a city sample holds besides one of each (weights, not counts).
LAYOUT_WEIGHTS = {
    "xlsx_merged_header": 14, "xlsx_label_colon": 11, "xlsx_label_cells": 14, "docx_prose": 12,
    "docx_field_table": 10, "xls_label_cells": 8, "csv_utf8_bom": 3, "csv_cp1258_nfd": 1, "xlsx_tcvn3": 2,
    "docx_vni": 1, "xlsx_nfd": 2, "xlsx_text_numbers": 4, "xlsx_subunits": 4,
}
SUBUNITS = {
    "mam_non": ["Tổ Nhà trẻ", "Tổ Mẫu giáo", "Tổ Văn phòng"],
    "tieu_hoc": ["Tổ chuyên môn 1-2-3", "Tổ chuyên môn 4-5", "Tổ Văn phòng"],
    "thcs": ["Tổ Khoa học tự nhiên", "Tổ Khoa học xã hội", "Tổ Văn phòng"],
    "th_thcs": ["Tổ Tiểu học", "Tổ THCS", "Tổ Văn phòng"],
    "phuong": ["Khối Đảng, đoàn thể", "Khối chính quyền"],
    "xa": ["Khối Đảng, đoàn thể", "Khối chính quyền"],
}


@dataclass
class Plan:
    """One return to write, with what the truth says about it."""
    doc: ReturnDoc
    status: str = "accepted"
    warnings: list[str] = field(default_factory=list)

    @property
    def late(self) -> bool:
        return self.doc.report_date > DEADLINE


# ----------------------------------------------------------------------------- the returns' numbers

def absentees(rng: random.Random, unit: Unit, count: int, justified: bool | None = None) -> list[Person]:
    people = []
    for _ in range(count):
        reason, category = reason_for(rng, justified=justified)
        people.append(Person(person_name(rng), position_for(rng, unit.kind), reason, category))
    return people


def usual_absent_count(rng: random.Random, staff: int) -> int:
    """Most units miss a few people; small ones at most one."""
    count = rng.choices([0, 1, 2, 3, 4, 5, 6], weights=[24, 24, 20, 13, 9, 6, 4])[0]
    return min(count, 1 if staff < 8 else staff // 6)


def report_date(rng: random.Random, late: bool = False) -> dt.date:
    if late:
        return dt.date(2024, 12, rng.choice([18, 19, 20]))
    return dt.date(2024, 12, rng.choices(range(10, 18), weights=[1, 1, 2, 3, 2, 4, 5, 4])[0])


def saved_at(rng: random.Random, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(7, 17), rng.randrange(60), rng.randrange(60)))


def split_subunits(rng: random.Random, unit: Unit, total: int, people: list[Person]) -> list[tuple[str, int, int]]:
    """Share the staff among sub-units; each listed person sits in one of them."""
    names = SUBUNITS.get(unit.kind, ["Lãnh đạo", "Bộ phận chuyên môn"])[: max(1, min(3, total // 4))]
    sizes = [total // len(names)] * len(names)
    sizes[0] += total - sum(sizes)
    absent = [0] * len(names)
    for person in people:
        open_parts = [i for i in range(len(names)) if absent[i] < sizes[i]]
        i = rng.choice(open_parts)
        absent[i] += 1
        person.subunit = names[i]
    return [(name, size, size - miss) for name, size, miss in zip(names, sizes, absent)]


# ----------------------------------------------------------------------------- file names

def file_name(rng: random.Random, unit: Unit, ext: str, serial: int) -> str:
    """Names like real ones: some name the unit, some only its code, some nothing at all."""
    short = unit.short_name
    style = rng.choices(["ascii", "vietnamese", "code", "short", "generic"], weights=[30, 25, 10, 15, 20])[0]
    if style == "ascii":
        return f"BC_CCHC_{ascii_slug(short, '_')}{ext}"
    if style == "vietnamese":
        return f"Báo cáo cuộc thi CCHC - {short}{ext}"
    if style == "code":
        return f"{unit.code}_baocao{ext}"
    if style == "short":
        return f"{short} - BC kết quả thi trực tuyến{ext}"
    generic = rng.choice(["Bao cao ket qua cuoc thi ({n})", "BC thi truc tuyen CCHC {n}", "baocao_{n}",
                          "Báo cáo kết quả tham gia cuộc thi ({n})"])
    return generic.format(n=serial) + ext


def unique_name(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    n, candidate = 2, name
    while candidate.lower() in taken:
        candidate = f"{stem} ({n}){dot}{ext}"
        n += 1
    taken.add(candidate.lower())
    return candidate


def layout_sequence(rng: random.Random, count: int) -> list[str]:
    """At least one return of every layout, the rest drawn by weight, in a shuffled order."""
    layouts = list(LAYOUTS)
    layouts += rng.choices(list(LAYOUT_WEIGHTS), weights=list(LAYOUT_WEIGHTS.values()), k=max(0, count - len(layouts)))
    rng.shuffle(layouts)
    return layouts


# ----------------------------------------------------------------------------- planning

def _pick(rng: random.Random, pool: list[Unit], taken: set[str], fits=lambda u: True) -> Unit:
    choices = [u for u in pool if u.code not in taken and fits(u)]
    unit = rng.choice(choices)
    taken.add(unit.code)
    return unit


@dataclass
class Roles:
    """Which units play the designed cases; the rest report as units usually do."""
    missing: list[Unit]
    special: dict[str, Unit]
    short_on_platform: list[Unit]


def choose_roles(rng: random.Random, units: list[Unit]) -> Roles:
    taken: set[str] = set()

    def by_group(*groups: str) -> list[Unit]:
        return [u for u in units if u.group in groups]

    schools = by_group(GROUP_KINDERGARTEN, GROUP_PRIMARY, GROUP_PRIMARY_LOWER, GROUP_LOWER)
    communes = by_group(GROUP_COMMUNE)
    departments = by_group(GROUP_DEPARTMENT)
    others = [u for u in units if u.kind in ("su_nghiep", "doan_the")]
    missing = [_pick(rng, departments, taken), _pick(rng, others, taken), _pick(rng, communes, taken),
               _pick(rng, schools, taken), _pick(rng, schools, taken)]
    special = {
        "superseded_v2": _pick(rng, [u for u in communes if u.kind == "phuong"], taken),
        "superseded_addendum": _pick(rng, by_group(GROUP_PRIMARY), taken),
        "late_full": _pick(rng, schools, taken),
        "late_partial": _pick(rng, communes, taken),
        "above_total": _pick(rng, departments, taken, lambda u: u.staff >= 8),
        "people_short": _pick(rng, schools, taken),
        "staff_off": _pick(rng, schools, taken),
        "rate_90": _pick(rng, schools, taken),
        "rate_70": _pick(rng, communes, taken),
        "below_70_small": _pick(rng, others, taken, lambda u: u.staff >= 6),
        "below_70": _pick(rng, schools, taken),
        "full_justified": _pick(rng, schools, taken),
        "full": _pick(rng, departments, taken),
    }
    # exact rates need round headcounts
    special["rate_90"].staff = 30
    special["rate_70"].staff = 20
    special["below_70_small"].staff = 6
    special["below_70"].staff = 40
    short = [_pick(rng, schools + communes, taken) for _ in range(4)]
    return Roles(missing, special, short)


def usual_numbers(rng: random.Random, unit: Unit) -> tuple[int, list[Person]]:
    """(total on the return, people not taking part) for a unit with nothing special about it."""
    total = unit.staff
    if unit.staff >= 20 and rng.random() < 0.06:  # a person joined or left since the registry was made
        total += rng.choice([-1, 1])
    return total, absentees(rng, unit, usual_absent_count(rng, total))


def special_plans(rng: random.Random, role: str, unit: Unit) -> list[tuple[str, int, list[Person], dict]]:
    """(role, total, people, extras) for the designed cases; extras set date, status, warnings…"""
    staff = unit.staff
    if role == "above_total":
        return [(role, staff, [], {"participants": staff + 2, "status": "rejected",
                                   "warnings": [ERROR_ABOVE_TOTAL], "layout": "xlsx_label_cells"})]
    if role == "people_short":
        people = absentees(rng, unit, 4)
        return [(role, staff, people[:3], {"participants": staff - 4, "warnings": [WARN_PEOPLE],
                                           "layout": "xlsx_merged_header"})]
    if role == "staff_off":
        total = staff + max(4, staff // 5)
        return [(role, total, absentees(rng, unit, 2), {"warnings": [WARN_STAFF]})]
    if role == "late_full":
        return [(role, staff, [], {"late": True, "warnings": [WARN_LATE]})]
    if role == "late_partial":
        return [(role, staff, absentees(rng, unit, 2, justified=False), {"late": True, "warnings": [WARN_LATE]})]
    if role == "rate_90":
        return [(role, 30, absentees(rng, unit, 3, justified=False), {})]
    if role == "rate_70":
        return [(role, 20, absentees(rng, unit, 6, justified=False), {})]
    if role == "below_70_small":
        return [(role, 6, absentees(rng, unit, 2, justified=False), {"layout": "docx_prose"})]
    if role == "below_70":
        return [(role, 40, absentees(rng, unit, 15, justified=False), {})]
    if role == "full_justified":
        return [(role, staff, absentees(rng, unit, 2, justified=True), {})]
    if role == "full":
        return [(role, staff, [], {})]
    if role == "superseded_v2":
        first = absentees(rng, unit, 5)
        return [
            (role, staff, first, {"status": "superseded", "date": dt.date(2024, 12, 13), "layout": "xlsx_label_cells",
                                  "warnings": [INFO_SUPERSEDED],
                                  "name": f"BC_CCHC_{ascii_slug(unit.short_name, '_')}.xlsx"}),
            (role, staff, first[:2], {"date": dt.date(2024, 12, 16), "layout": "xlsx_label_cells",
                                      "name": f"BC_CCHC_{ascii_slug(unit.short_name, '_')}_v2.xlsx"}),
        ]
    if role == "superseded_addendum":
        first = absentees(rng, unit, 3)
        day = dt.date(2024, 12, 15)
        name = f"Báo cáo cuộc thi CCHC - {unit.short_name}"
        return [
            (role, staff, first, {"status": "superseded", "date": day, "layout": "docx_prose", "name": f"{name}.docx",
                                  "warnings": [INFO_SUPERSEDED],
                                  "saved": dt.datetime.combine(day, dt.time(9, 5))}),
            (role, staff, first[:1], {"date": day, "layout": "docx_prose", "name": f"{name} (bổ sung).docx",
                                      "saved": dt.datetime.combine(day, dt.time(15, 40))}),
        ]
    raise ValueError(role)


def plan_returns(rng: random.Random, units: list[Unit], roles: Roles | None) -> list[Plan]:
    """Every return to write: the designed cases and one usual return per other reporting unit."""
    skip = {u.code for u in roles.missing} if roles else set()
    specials = {u.code: role for role, u in roles.special.items()} if roles else {}
    drafts = []
    for unit in units:
        if unit.code in skip:
            continue
        if unit.code in specials:
            drafts += [(unit, *draft) for draft in special_plans(rng, specials[unit.code], unit)]
        else:
            drafts.append((unit, "usual", *usual_numbers(rng, unit), {}))
    layouts = iter(layout_sequence(rng, sum(1 for d in drafts if "layout" not in d[4])))
    taken: set[str] = set()
    plans = []
    for serial, (unit, _role, total, people, extra) in enumerate(drafts, 1):
        layout = extra.get("layout") or next(layouts)
        day = extra.get("date") or report_date(rng, late=extra.get("late", False))
        participants = extra.get("participants", total - len(people))
        name = unique_name(extra.get("name") or file_name(rng, unit, LAYOUTS[layout], serial), taken)
        doc = ReturnDoc(
            unit=unit, layout=layout, file_name=name, report_date=day, total=total, participants=participants,
            people=people, signer=person_name(rng), maker=person_name(rng), doc_number=rng.randint(12, 240),
            saved_at=extra.get("saved") or saved_at(rng, day), name_noise=rng.random() < 0.15,
        )
        if layout == "xlsx_subunits":
            doc.subunits = split_subunits(rng, unit, total, people)
        plans.append(Plan(doc, extra.get("status", "accepted"), list(extra.get("warnings", []))))
    return plans


# ----------------------------------------------------------------------------- truth

def adjusted_rate(plan: Plan) -> float:
    justified = sum(1 for p in plan.doc.people if p.reason_category in JUSTIFIED)
    return plan.doc.participants / (plan.doc.total - justified)


def grade_of(plan: Plan | None) -> str:
    """docs/design.md §5: excellent at 100% adjusted and on time; good from 90%; pass from 70%; else fail."""
    if plan is None:
        return GRADE_LABELS["fail"]
    rate = adjusted_rate(plan)
    if rate >= 1.0 and not plan.late:
        return GRADE_LABELS["excellent"]
    if rate >= 0.9:
        return GRADE_LABELS["good"]
    if rate >= 0.7:
        return GRADE_LABELS["pass"]
    return GRADE_LABELS["fail"]


def return_truth(plan: Plan) -> dict:
    doc = plan.doc
    return {
        "source_file": doc.file_name,
        "unit_code": doc.unit.code,
        "status": plan.status,
        "report_date": doc.report_date.isoformat(),
        "late": plan.late,
        "total_staff": doc.total,
        "participants": doc.participants,
        "layout": doc.layout,
        "warnings": plan.warnings,
        "non_participants": [
            {"full_name": p.full_name, "position": p.position, "reason": p.reason,
             "reason_category": p.reason_category, "justified": p.reason_category in JUSTIFIED}
            for p in doc.people
        ],
    }


def platform_people(rng: random.Random, units: list[Unit], plans: list[Plan], roles: Roles) -> dict[str, int]:
    """Distinct people each unit has on the platform: its reported participants, a few short for some."""
    accepted = {p.doc.unit.code: p.doc.participants for p in plans if p.status == "accepted"}
    short = {u.code for u in roles.short_on_platform}
    people = {}
    for unit in units:
        if unit.code in accepted:
            count = accepted[unit.code] - (rng.randint(3, 5) if unit.code in short else 0)
        else:  # silent or rejected units still had people take part
            count = round(unit.staff * rng.uniform(0.5, 0.95))
        people[unit.code] = max(0, min(count, unit.staff))
    return people


def sample_truth(seed: int, units: list[Unit], plans: list[Plan], platform: dict) -> dict:
    accepted = {p.doc.unit.code: p for p in plans if p.status == "accepted"}
    reported = {p.doc.unit.code for p in plans}
    return {
        "seed": seed,
        "units": [{"unit_code": u.code, "unit_name": u.name, "group": u.group, "staff_registry": u.staff}
                  for u in units],
        "returns": sorted((return_truth(p) for p in plans), key=lambda r: r["source_file"]),
        "missing_units": [u.code for u in units if u.code not in reported],
        "platform": platform,
        "grades": {u.code: grade_of(accepted.get(u.code)) for u in units},
    }


# ----------------------------------------------------------------------------- entry points

def write_city_sample(out_dir, seed: int = 0, documents: bool = True) -> Path:
    """Registry, returns, platform export and truth.json of the city sample in out_dir; returns out_dir.

    documents: a few returns arrive as a text PDF, a .doc, an .ods (made by LibreOffice) and scans (drawn, read
    by Tesseract) — each only where this machine has the program, else the unit keeps its docx/xlsx form.
    """
    out_dir = Path(out_dir)
    rng = random.Random(seed)
    units = city_units(rng)
    roles = choose_roles(rng, units)
    plans = plan_returns(rng, units, roles)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_registry(units, out_dir / "units.xlsx")
    fix_file_time(out_dir / "units.xlsx")
    # a stream of its own, so the rest of the sample is the same with or without documents
    docs_rng = random.Random(f"documents-{seed}")
    chosen = choose_documents(plans, docs_rng, available_programs()) if documents else {}
    for i, plan in enumerate(plans):
        if i not in chosen:
            write_return(plan.doc, out_dir / "returns")
    write_documents(plans, chosen, out_dir / "returns", docs_rng)
    people = contestants(units, platform_people(rng, units, plans, roles), rng)
    platform = write_platform(people, out_dir / "platform", rng)
    truth = sample_truth(seed, units, plans, platform)
    (out_dir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    fix_file_time(out_dir / "truth.json")
    return out_dir


KIND_BY_GROUP = {
    GROUP_KINDERGARTEN: "mam_non", GROUP_PRIMARY: "tieu_hoc", GROUP_PRIMARY_LOWER: "th_thcs", GROUP_LOWER: "thcs",
    GROUP_DEPARTMENT: "phong",
}
NAME_PREFIXES = ["Trường Mầm non ", "Trường Tiểu học ", "Trường TH&THCS ", "Trường THCS ", "UBND phường ",
                 "UBND xã ", "Phòng "]


def units_from_registry(registry: pd.DataFrame) -> list[Unit]:
    """Units of a registry frame with the headers of docs/design.md §3 (the province sample's), kinds from group and name."""
    units = []
    for code, name, group, staff in registry[["Mã đơn vị", "Tên đơn vị", "Khối", "Tổng số CBCCVC"]].itertuples(
            index=False):
        kind = KIND_BY_GROUP.get(group) or ("xa" if "xã" in name.lower() else "phuong" if group == GROUP_COMMUNE
                                            else "su_nghiep")
        place = next((name[len(p):] for p in NAME_PREFIXES if name.startswith(p)), "")
        units.append(Unit(str(code), str(name), str(group), kind, int(staff), [], place))
    return units


def write_returns_for(registry: pd.DataFrame, folder, seed: int = 0) -> list[Path]:
    """One usual return per registry unit, in the city sample's mixed layouts (for the province benchmark)."""
    rng = random.Random(seed)
    plans = plan_returns(rng, units_from_registry(registry), None)
    return [write_return(plan.doc, Path(folder)) for plan in plans]
