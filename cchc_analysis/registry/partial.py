"""Matching a typed name by its words alone: `partial` (every typed word in exactly one registry name of its kind)
and `proposals` (the likeliest units for a name no unit was decided for, for the analyst to choose from)."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ..text import clean_text
from .names import FILLER_WORDS, UnitMatch
from .words import NameForm, Vocabulary

PROPOSALS = 3  # candidates proposed for a typed name no unit was decided for
OTHER_KIND_SHARE = 0.7  # a candidate of another kind than the typed name's scores this share of its likeness


def _shared_words(queries: list[str], pool: list[str]) -> np.ndarray:
    """queries × pool: 100 × 2 · shared distinct words / (words of the one + words of the other)."""
    index: dict[str, list[int]] = defaultdict(list)
    pool_words = [set(name.split()) for name in pool]
    for i, words in enumerate(pool_words):
        for word in words:
            index[word].append(i)
    sizes = np.array([len(w) for w in pool_words], dtype=float)
    out = np.zeros((len(queries), len(pool)), dtype=float)
    for row, query in enumerate(queries):
        words = set(query.split())
        for word in words:
            out[row, index.get(word, [])] += 1
        out[row] = 200.0 * out[row] / np.maximum(len(words) + sizes, 1)
    return out


class PartialMatching:
    """UnitMatcher's partial matching and proposals (reads the matcher's registry names and vocabulary)."""

    names: pd.DataFrame
    vocab: Vocabulary
    place_words: dict[str, list[tuple[str, set[str]]]]

    def _match_partial(self, form: NameForm) -> UnitMatch | None:
        """Every typed word (kind said, abbreviations expanded, city dropped) in the name of one unit of that kind.

        "phòng giáo dục" → Phòng Giáo dục và Đào tạo; "Hội Phụ nữ" → Hội Liên hiệp Phụ nữ thành phố. Two units
        holding the words → ambiguous; none → None (fuzzy may still find a slip). The score is the share of the
        unit's words that were typed.
        """
        typed = set(form.place.split()) - FILLER_WORDS
        if not form.kind or not typed:
            return None
        fits: dict[str, float] = {}
        for code, words in self.place_words.get(form.kind, []):
            if typed <= words:
                fits[code] = max(fits.get(code, 0.0), round(100.0 * len(typed) / len(words - FILLER_WORDS), 1))
        if len(fits) == 1:
            code, score = next(iter(fits.items()))
            return UnitMatch(code, "partial", score, [code])
        if fits:
            return UnitMatch(None, "ambiguous", max(fits.values()), sorted(fits))
        return None

    def proposals(self, texts: Iterable, limit: int = PROPOSALS,
                  include: dict[str, list[str]] | None = None) -> dict[str, list[tuple[str, float]]]:
        """Per distinct text, the `limit` likeliest units as (code, score 0-100), best first, plus the codes
        `include` names for it (an ambiguous text's units); never empty while the registry has a unit.
        For the analyst to choose from, never applied: a subset of a name scores high, a unit of another kind
        than the one typed scores lower."""
        distinct = list(dict.fromkeys(clean_text(t) for t in texts))
        if not distinct or self.names.empty:
            return {t: [] for t in distinct}
        include = {clean_text(k): v for k, v in (include or {}).items()}
        forms = [self.vocab.describe(t) for t in distinct]
        queries = [f.stripped or f.key for f in forms]
        pool = self.names["stripped"].where(self.names["stripped"] != "", self.names["key"]).tolist()
        # half shared whole words (Dice), half spelling (a slip in a word still scores)
        spelling = process.cdist(queries, pool, scorer=fuzz.token_sort_ratio, workers=1).astype(float)
        scores = (_shared_words(queries, pool) + spelling) / 2
        typed_kinds = np.array([f.kind or "" for f in forms], dtype=object)[:, None]
        name_kinds = self.names["kind"].fillna("").to_numpy(dtype=object)[None, :]
        other_kind = (typed_kinds != "") & (name_kinds != "") & (typed_kinds != name_kinds)
        scores = np.where(other_kind, scores * OTHER_KIND_SHARE, scores)
        codes = self.names["unit_code"].to_numpy()
        out = {}
        for text, row in zip(distinct, scores):  # per unresolved text: a few hundred at most
            best = pd.Series(row).groupby(codes).max().round(1)
            best = best.sort_index().sort_values(ascending=False, kind="stable")
            chosen = list(dict.fromkeys([*best.index[:limit], *[c for c in include.get(text, []) if c in best.index]]))
            out[text] = sorted(((str(c), float(best[c])) for c in chosen), key=lambda item: (-item[1], item[0]))
        return out
