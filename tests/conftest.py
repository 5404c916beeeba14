"""Shared fixtures: the project's rules, a project config in tmp, the sample cleaned once, the reports built once."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from cchc_analysis.config import load_settings

ROOT = Path(__file__).resolve().parents[1]


def write_config(folder: Path, replace: dict[str, str] | None = None) -> Path:
    """A copy of the project's cchc.toml in folder (paths then resolve inside it), with text replacements."""
    text = (ROOT / "cchc.toml").read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "cchc.toml"
    path.write_text(text, encoding="utf-8")
    return path


REGISTRY_HEADER = ["Mã đơn vị", "Tên đơn vị", "Khối", "Tổng số CBCCVC", "Tên gọi khác"]


def write_registry_xlsx(path: Path, rows) -> Path:
    """A registry workbook: the registry's header (docs/design.md), then one row per unit."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(REGISTRY_HEADER)
    for row in rows:
        sheet.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


@pytest.fixture(scope="session")
def rules():
    """The project's cchc.toml as it stands, read once (its paths point into the checkout: read, never write)."""
    return load_settings(ROOT / "cchc.toml")


@pytest.fixture(scope="session")
def limits(rules):
    """The reading caps of the project's cchc.toml."""
    return rules.limits


@pytest.fixture
def settings(rules, tmp_path):
    """The project's rules with the person-key file in tmp_path (a platform run creates it)."""
    return rules.with_overrides(paths=replace(rules.paths, person_key_file=tmp_path / "raw" / ".person_key"))


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory):
    """The four notebooks executed once on the small project: (settings, reports folder, written paths)."""
    from report_fixtures import make_project

    from cchc_analysis.report import build_reports

    settings, _processed, reports = make_project(tmp_path_factory.mktemp("project"))
    return settings, reports, build_reports(settings)


@pytest.fixture
def project(tmp_path):
    """Settings of a fresh project in tmp_path: data/raw, data/processed, reports all inside it."""
    return load_settings(write_config(tmp_path))


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """The city sample written, cleaned once: (settings, truth, processed folder)."""
    from cchc_analysis.pipeline import clean
    from cchc_analysis.sample import write_sample

    root = tmp_path_factory.mktemp("sample_project")
    settings = load_settings(write_config(root))
    write_sample(root / "data" / "raw", seed=0)
    summary = clean(settings)
    truth = json.loads((root / "data" / "raw" / "truth.json").read_text(encoding="utf-8"))
    return settings, truth, summary


@pytest.fixture(scope="session", autouse=True)
def ocr_cache_in_tmp(tmp_path_factory):
    """Pages read by OCR are cached (readers.ocr); the test session keeps its cache in tmp, not the user's home."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_OCR_CACHE", str(tmp_path_factory.mktemp("ocr_cache")))
        yield


def write_docx(path, items):
    """A Word return: each item a paragraph (text) or a table (its rows as a list, or ("table", rows)), in order."""
    import docx

    document = docx.Document()
    for item in items:
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        rows = item[1] if isinstance(item, tuple) else item
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                table.cell(i, j).text = "" if value is None else str(value)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path
