"""The whole city sample through `cchc clean`, compared with the generator's truth.json."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.tables import load_tables

PHONE = re.compile(r"(?<!\d)(?:\+?84|0)\d{8,10}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture(scope="module")
def cleaned(sample_run):
    settings, truth, summary = sample_run
    return settings, truth, load_tables(summary.out_dir)


def test_every_registry_unit_is_read(cleaned):
    _, truth, tables = cleaned
    assert sorted(tables.units["unit_code"]) == sorted(u["unit_code"] for u in truth["units"])
    staff = dict(zip(tables.units["unit_code"], tables.units["staff_registry"]))
    assert staff == {u["unit_code"]: u["staff_registry"] for u in truth["units"]}


def test_every_return_reads_as_the_truth_says(cleaned):
    _, truth, tables = cleaned
    got = tables.returns.set_index("source_file")
    wrong = []
    for expected in truth["returns"]:
        row = got.loc[expected["source_file"]]
        seen = {
            "unit_code": row["unit_code"],
            "status": row["status"],
            "total_staff": None if pd.isna(row["total_staff"]) else int(row["total_staff"]),
            "participants": None if pd.isna(row["participants"]) else int(row["participants"]),
        }
        if expected["status"] != "rejected":
            seen["report_date"] = pd.Timestamp(row["report_date"]).strftime("%Y-%m-%d")
            seen["late"] = bool(row["late"])
        want = {k: expected[k] for k in seen}
        if seen != want:
            wrong.append((expected["source_file"], expected.get("layout"), want, seen))
    assert not wrong, "\n".join(map(str, wrong))


def test_non_participants_match_the_truth(cleaned):
    _, truth, tables = cleaned
    people = tables.non_participants
    wrong = []
    for expected in truth["returns"]:
        if expected["status"] != "accepted":
            continue
        mine = people[people["source_file"] == expected["source_file"]]
        seen = sorted(zip(mine["full_name"], mine["position"], mine["reason_category"]))
        want = sorted((p["full_name"], p["position"], p["reason_category"]) for p in expected["non_participants"])
        if seen != want:
            wrong.append((expected["source_file"], expected.get("layout"), want, seen))
    assert not wrong, "\n".join(map(str, wrong))
    assert people["source_row"].notna().all()


def test_units_that_never_reported_are_missing(cleaned):
    _, truth, tables = cleaned
    reported = set(tables.returns.loc[tables.returns["status"] != "rejected", "unit_code"])
    silent = set(tables.units["unit_code"]) - reported
    assert silent >= set(truth["missing_units"])


def test_platform_truth_is_met(cleaned):
    _, truth, tables = cleaned
    platform = truth["platform"]
    entries = tables.entries
    assert len(entries) == platform["attempts"]
    assert int(entries["in_window"].sum()) == platform["attempts_in_window"]
    in_window = entries[entries["in_window"]]
    people = in_window.dropna(subset=["unit_code"]).groupby("unit_code")["person_key"].nunique().to_dict()
    assert people == platform["people_by_unit"]
    unmatched = in_window.loc[in_window["unit_code"].isna() | (in_window["unit_code"] == ""), "person_key"].nunique()
    assert unmatched == platform["unmatched_people"]


def test_grades_agree_with_the_truth(cleaned):
    settings, truth, tables = cleaned
    from cchc_analysis.analysis import unit_scorecard

    card = unit_scorecard(tables, settings)
    got = dict(zip(card["unit_code"], card["grade"]))
    assert got == truth["grades"]


def test_nothing_is_lost(cleaned):
    _, _, tables = cleaned
    files = tables.files
    assert len(files) > 0
    unbalanced = files[files["rows_read"] != files["rows_kept"] + files["rows_in_issues"]]
    assert unbalanced.empty, unbalanced.to_string()


def test_no_contact_detail_leaves_the_raw_folder(sample_run):
    _, _, summary = sample_run
    for path in Path(summary.out_dir).glob("*.csv"):
        text = path.read_text(encoding="utf-8-sig")
        assert not PHONE.search(text), (path.name, PHONE.search(text).group())
        assert not EMAIL.search(text), (path.name, EMAIL.search(text).group())


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_clean_twice_gives_identical_tables_and_leaves_raw_untouched(sample_run):
    from cchc_analysis.pipeline import clean

    settings, _, summary = sample_run
    out = Path(summary.out_dir)
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    raw_before = _tree_hash(settings.paths.units.parent)
    clean(settings)
    assert _tree_hash(settings.paths.units.parent) == raw_before
    after = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    assert after == before
