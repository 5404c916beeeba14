"""Shared fixtures: a project config in tmp, and the sample cleaned once per test session."""
from __future__ import annotations

import json
from pathlib import Path

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
