"""The province-scale sample (`cchc sample --scale province`), written small: same layout, checkable numbers."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import fastexcel
import pandas as pd
import pytest

from cchc_analysis.config import load_settings
from cchc_analysis.sample.province import write_province_sample

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    return write_province_sample(tmp_path_factory.mktemp("province"), seed=3, attempts=2_000, returns=False)


def test_export_is_in_the_platform_folder_and_its_csv_copy_beside_it(province):
    assert sorted(p.name for p in province.iterdir()) == ["platform", "platform_csv", "truth.json", "units.xlsx"]
    xlsx = fastexcel.read_excel(str(province / "platform" / "ket_qua_thi.xlsx")).load_sheet(0, header_row=1,
                                                                                             dtypes="string")
    from_xlsx = xlsx.to_pandas()
    from_csv = pd.read_csv(province / "platform_csv" / "ket_qua_thi.csv", dtype=str, encoding="utf-8-sig")
    assert len(from_xlsx) == len(from_csv) == 2_000
    assert list(from_csv.columns) == list(from_xlsx.columns)
    assert from_xlsx["Họ và tên"].tolist() == from_csv["Họ và tên"].tolist()
    assert json.loads((province / "truth.json").read_text(encoding="utf-8"))["attempts"] == 2_000


def test_registry_is_province_sized_with_unique_codes_and_names(province):
    units = pd.read_excel(province / "units.xlsx", engine="calamine")
    assert 1_400 <= len(units) <= 1_600
    assert units["Mã đơn vị"].is_unique and units["Tên đơn vị"].is_unique


def test_every_attempt_of_the_sample_resolves_to_its_unit(province, tmp_path):
    from cchc_analysis.pipeline import clean

    base = load_settings(ROOT / "cchc.toml")
    settings = base.with_overrides(paths=replace(base.paths, person_key_file=tmp_path / ".person_key"))
    (tmp_path / "no_returns").mkdir()
    summary = clean(settings, units=province / "units.xlsx", returns=tmp_path / "no_returns",
                    platform=province / "platform", out=tmp_path / "out")
    entries = pd.read_parquet(tmp_path / "out" / "entries.parquet")
    assert summary.entries == 2_000
    assert entries["unit_code"].notna().all()
    typed = pd.read_csv(province / "platform_csv" / "ket_qua_thi.csv", dtype=str, encoding="utf-8-sig")
    assert entries["person_key"].nunique() == typed["Số điện thoại"].nunique()
