import datetime as dt
from pathlib import Path

import pytest

from cchc_analysis.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[1]


def test_project_config_gives_the_design_defaults():
    s = load_settings(ROOT / "cchc.toml")
    assert s.contest.window_start.strftime("%d/%m/%Y %H:%M") == "18/11/2024 07:30"
    assert s.contest.window_end.utcoffset() == dt.timedelta(hours=7)
    assert s.contest.return_deadline == dt.date(2024, 12, 17)
    assert (s.grades.excellent_rate, s.grades.good_rate, s.grades.pass_rate) == (1.0, 0.9, 0.7)
    assert set(s.reasons.justified) == {"maternity", "sickness", "training", "retirement", "out_of_scope"}
    assert s.paths.units == ROOT / "data/raw/units.xlsx"


def test_changed_config_changes_settings(tmp_path):
    text = (ROOT / "cchc.toml").read_text(encoding="utf-8")
    text = text.replace('return_deadline = "2024-12-17"', 'return_deadline = "2024-12-20"')
    (tmp_path / "cchc.toml").write_text(text, encoding="utf-8")
    s = load_settings(tmp_path / "cchc.toml")
    assert s.contest.return_deadline == dt.date(2024, 12, 20)
    assert s.paths.processed == tmp_path / "data/processed"


def test_broken_config_is_a_clear_error(tmp_path):
    (tmp_path / "cchc.toml").write_text("[paths]\nunits = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="missing or bad setting"):
        load_settings(tmp_path / "cchc.toml")
