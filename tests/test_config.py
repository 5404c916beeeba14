import datetime as dt
from pathlib import Path

import pytest

from cchc_analysis.config import ConfigError, load_settings
from conftest import write_config

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


def test_broken_config_names_each_missing_section(tmp_path):
    (tmp_path / "cchc.toml").write_text("[paths]\nunits = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path / "cchc.toml")
    assert str(tmp_path / "cchc.toml") in str(caught.value)
    assert "[paths] returns: thiếu khoá bắt buộc" in str(caught.value)
    assert "[grades]: thiếu cả mục này" in str(caught.value)


def faults(tmp_path, replace: dict[str, str]) -> str:
    """The ConfigError text of the project's cchc.toml with these edits (the test fails when it loads)."""
    config = write_config(tmp_path, replace)
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    message = str(caught.value)
    assert str(config) in message  # the file is named
    return message


def test_misspelled_key_names_section_key_and_the_key_meant(tmp_path):
    message = faults(tmp_path, {"staff_tolerance = 0.10": "staff_tolerence = 0.10"})
    assert '[returns] staff_tolerence: khoá không có trong quy định (unknown key); có phải "staff_tolerance"?' in message


def test_misspelled_word_list_in_returns_layout_is_an_error(tmp_path):
    message = faults(tmp_path, {"\ntotal_words = [": "\ntotal_word = ["})
    assert '[returns.layout] total_word: khoá không có' in message and 'có phải "total_words"?' in message


def test_misspelled_section_names_the_section_meant(tmp_path):
    message = faults(tmp_path, {"[reconciliation]": "[reconcilation]"})
    assert "[reconcilation]: mục không có trong quy định (unknown section); có phải [reconciliation]?" in message
    assert "[reconciliation]: thiếu cả mục này (missing section)" in message


def test_misspelled_reason_category_in_justified_is_an_error_not_a_new_category(tmp_path):
    message = faults(tmp_path, {'justified = ["maternity",': 'justified = ["maternty",'})
    assert '[reasons] justified: loại lý do "maternty" không có trong order; có phải "maternity"?' in message


def test_misspelled_reason_category_in_words_is_an_error(tmp_path):
    message = faults(tmp_path, {"[reasons.words]\nmaternity =": "[reasons.words]\nmaternty ="})
    assert '[reasons] words: loại lý do "maternty"' in message and 'có phải "maternity"?' in message


def test_reason_category_without_a_label_is_an_error(tmp_path):
    message = faults(tmp_path, {'maternity = "Thai sản"\n': ""})
    assert "[reasons] labels: thiếu nhãn cho loại lý do: maternity" in message


def test_missing_required_key_names_its_section(tmp_path):
    message = faults(tmp_path, {"good_rate = 0.90": "# good_rate = 0.90"})
    assert "[grades] good_rate: thiếu khoá bắt buộc (missing required key)" in message
    assert "KeyError" not in message


def test_dates_typed_day_first_are_read(tmp_path):
    config = write_config(tmp_path, {'return_deadline = "2024-12-17"': 'return_deadline = "17/12/2024"',
                                     'window_end = "2024-12-13 16:30"': 'window_end = "13/12/2024 16:30"'})
    s = load_settings(config)
    assert s.contest.return_deadline == dt.date(2024, 12, 17)
    assert s.contest.window_end.strftime("%d/%m/%Y %H:%M %z") == "13/12/2024 16:30 +0700"


def test_date_in_another_shape_says_how_to_type_it(tmp_path):
    message = faults(tmp_path, {'return_deadline = "2024-12-17"': 'return_deadline = "17.12.2024"'})
    assert "[contest] return_deadline: ngày phải ghi dạng 17/12/2024 hoặc 2024-12-17" in message


def test_inverted_grade_thresholds_are_an_error(tmp_path):
    message = faults(tmp_path, {"good_rate = 0.90": "good_rate = 0.60"})
    assert "[grades] pass_rate: ngưỡng hoàn thành 0.7 lớn hơn ngưỡng tốt good_rate 0.6" in message


def test_band_floors_out_of_the_labels_order_are_an_error(tmp_path):
    message = faults(tmp_path, {"floors = [1.00, 0.75, 0.25, 0.0]": "floors = [0.0, 0.25, 0.75, 1.00]"})
    assert "[bands] floors: [0, 0.25, 0.75, 1]: mức sàn phải giảm dần" in message


def test_band_floors_and_labels_must_pair(tmp_path):
    message = faults(tmp_path, {'"Dưới 25%"]': ']'})
    assert "[bands] labels: 3 nhãn cho 4 mức sàn" in message


def test_rate_out_of_range_and_count_of_the_wrong_type_are_both_named(tmp_path):
    message = faults(tmp_path, {"target_rate = 1.0": "target_rate = 100",
                                "max_return_rows = 5000": 'max_return_rows = "5000"'})
    assert "[contest] target_rate: quá lớn, giá trị 100" in message
    assert "[limits] max_return_rows: phải là một số nguyên, giá trị '5000'" in message


def test_negative_count_is_an_error(tmp_path):
    message = faults(tmp_path, {"tolerance_people = 2": "tolerance_people = -1"})
    assert "[reconciliation] tolerance_people: quá nhỏ, giá trị -1" in message


def test_optional_key_left_out_takes_its_one_default(tmp_path):
    s = load_settings(write_config(tmp_path, {"staff_tolerance = 0.10": "# staff_tolerance left out"}))
    assert s.staff_tolerance == 0.10


def test_grade_named_for_units_without_a_return_must_be_a_grade_key(tmp_path):
    message = faults(tmp_path, {'no_valid_return = "fail"': 'no_valid_return = "fial"'})
    assert '[grades] no_valid_return: "fial" không phải một hạng' in message and 'có phải "fail"?' in message


def test_every_fault_of_the_file_is_listed_at_once(tmp_path):
    config = write_config(tmp_path, {"staff_tolerance = 0.10": "staff_tolerence = 0.10",
                                     "good_rate = 0.90": "# good_rate"})
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    assert [p.split(":")[0] for p in caught.value.problems] == ["[returns] staff_tolerence", "[grades] good_rate"]
