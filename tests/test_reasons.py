"""Reason categories: words from cchc.toml, matched as whole words without accents or case."""
import pandas as pd

from cchc_analysis.config import Reasons
from cchc_analysis.reasons import classify_reasons


def categories(texts, settings):
    return classify_reasons(pd.Series(texts), settings)["reason_category"].tolist()


def test_maternity_wins_over_retirement_for_nghi_che_do_thai_san(settings):
    assert categories(["Nghỉ chế độ thai sản", "Nghỉ chế độ"], settings) == ["maternity", "retirement"]


def test_reasons_match_without_accents_or_case(settings):
    assert categories(["THAI SAN", "nằm  viện", "OM", "di hoc cao hoc"], settings) == [
        "maternity", "sickness", "sickness", "training"]


def test_om_matches_only_as_a_whole_word(settings):
    assert categories(["Ốm", "bị ốm nặng", "Đi nom việc", "nhôm"], settings) == [
        "sickness", "sickness", "other", "other"]


def test_khong_alone_does_not_make_a_reason_blank(settings):
    assert categories(["không khỏe", "Không có lý do", "không rõ lý do"], settings) == [
        "other", "none", "none"]


def test_business_trip_with_or_without_di(settings):
    assert categories(["Đi công tác Hà Nội", "công tác"], settings) == ["business_trip", "business_trip"]


def test_blank_reason_is_none_and_unknown_reason_is_other(settings):
    out = classify_reasons(pd.Series([None, "", "   ", "-", "Quên mật khẩu"]), settings)
    assert out["reason_category"].tolist() == ["none", "none", "none", "none", "other"]
    assert out["justified"].tolist() == [False] * 5


def test_out_of_scope_contract_forms(settings):
    assert categories(["HĐ 68", "HĐLĐ", "Hợp đồng theo NĐ 68/111"], settings) == ["out_of_scope"] * 3


def test_justified_follows_the_config_list(settings):
    out = classify_reasons(pd.Series(["Thai sản", "Nghỉ phép", "Đi công tác"]), settings)
    assert out["justified"].tolist() == [True, False, False]


def test_result_keeps_the_input_index(settings):
    out = classify_reasons(pd.Series(["Ốm", None, "Ốm"], index=[7, 3, 9]), settings)
    assert out.index.tolist() == [7, 3, 9]
    assert out.loc[9, "reason_category"] == "sickness"


def test_a_new_word_in_config_changes_the_category_without_code_change(settings):
    assert categories(["Đi nghĩa vụ quân sự"], settings) == ["other"]
    words = dict(settings.reasons.words, out_of_scope=[*settings.reasons.words["out_of_scope"], "nghĩa vụ quân sự"])
    changed = settings.with_overrides(reasons=Reasons(
        order=settings.reasons.order, justified=settings.reasons.justified,
        words=words, labels=settings.reasons.labels))
    out = classify_reasons(pd.Series(["Đi nghĩa vụ quân sự"]), changed)
    assert out.iloc[0].tolist() == ["out_of_scope", True]


def test_leave_made_justified_by_config(settings):
    changed = settings.with_overrides(reasons=Reasons(
        order=settings.reasons.order, justified=[*settings.reasons.justified, "leave"],
        words=settings.reasons.words, labels=settings.reasons.labels))
    assert classify_reasons(pd.Series(["Nghỉ phép"]), changed)["justified"].tolist() == [True]
