"""Reasons for not taking part → a category and whether it is justified.

The words of each category live in cchc.toml `[reasons]`; a reason falls in the first
category, in `reasons.order`, one of whose words it holds as whole words, compared on
the accent-free key of text.match_key (so "Ốm" and "OM" are one word, but "nom" does not hold "om").
"""
from __future__ import annotations

import re

import pandas as pd

from .text import match_key

BLANK_CATEGORY = "none"
OTHER_CATEGORY = "other"


def reason_key(value) -> str:
    """The accent-free key a reason and its category words are compared on."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return match_key(value)


def category_order(settings) -> list[str]:
    """Categories in the order they are tried: cchc.toml's order, then any other category that has words."""
    order = list(settings.reasons.order)
    return order + [c for c in settings.reasons.words if c not in order]


def _words_pattern(words: list[str]) -> str | None:
    """A regex that finds any of the words as whole words in a space-padded key."""
    keys = sorted({reason_key(w) for w in words} - {""}, key=len, reverse=True)
    if not keys:
        return None
    return " (?:" + "|".join(re.escape(k) for k in keys) + ") "


def categories_of_keys(keys: pd.Series, settings) -> pd.Series:
    """The category of each reason key: first category whose word it holds; blank → none; else other."""
    padded = " " + keys + " "
    category = pd.Series(OTHER_CATEGORY, index=keys.index, dtype=object)
    undecided = keys != ""
    # walk the categories in order so the first one that fires wins ("nghỉ chế độ thai sản" → maternity)
    for name in category_order(settings):
        pattern = _words_pattern(settings.reasons.words.get(name, []))
        if pattern is None:
            continue
        hit = undecided & padded.str.contains(pattern, regex=True)
        category = category.mask(hit, name)
        undecided &= ~hit
    return category.mask(keys == "", BLANK_CATEGORY)


def classify_reasons(reasons: pd.Series, settings) -> pd.DataFrame:
    """reason_category and justified for each reason, on the same index (worked out per distinct text)."""
    reasons = pd.Series(reasons)
    text = reasons.astype(object).where(reasons.notna(), "")
    distinct = pd.Series(pd.unique(text.astype(str)))
    keys = distinct.map(reason_key)
    by_text = pd.Series(categories_of_keys(keys, settings).to_numpy(), index=distinct.to_numpy())
    category = text.astype(str).map(by_text).astype(object)
    justified = category.isin(set(settings.reasons.justified)).astype(bool)
    return pd.DataFrame({"reason_category": category, "justified": justified}, index=reasons.index)
