"""The one name → unit_code matcher: pinned alias → exact key → abbreviations expanded / leading words dropped →
(typed names, when asked) partial → fuzzy on the same kind word. Reading a return's lines (lines.py) and the
partial matching and proposals (partial.py) are its parts."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ..config import Settings
from ..text import clean_text, match_key
from .lines import ReturnLines
from .names import (
    MATCH_COLUMNS, UNMATCHED, UnitMatch, _codes_by, _codes_by_initials, _decided, _names_frame,
    _place_words_by_kind, _typed_initials,
)
from .partial import PartialMatching
from .words import NameForm, PhraseTable, Vocabulary


class UnitMatcher(PartialMatching, ReturnLines):
    """Resolve typed unit names to registry codes; built once per registry, used per distinct text."""

    def __init__(self, units: pd.DataFrame, settings: Settings, partial: bool = False):
        """partial=True: a typed name whose every word stands in exactly one registry name of its kind resolves
        (method `partial`): a person's shortened name of the unit. Off for the lines of a return."""
        self.settings = settings
        self.partial = partial
        self.unit_names = dict(zip(units["unit_code"].astype(str), units["unit_name"].astype(str)))
        self.vocab = Vocabulary(settings)
        self.codes = set(units["unit_code"].astype(str))
        self.names = _names_frame(units, self.vocab)
        # pinned by an analyst: a code of the registry, or "" for a text pinned as outside the registry
        pinned = {match_key(k): clean_text(v) for k, v in settings.platform_aliases.items()}
        self.aliases = {k: v for k, v in pinned.items() if v == "" or v in self.codes}
        self.unknown_aliases = {k: v for k, v in pinned.items() if k not in self.aliases}  # for the caller to report
        self.by_key = _codes_by(self.names, "key")
        self.by_expanded = _codes_by(self.names, "expanded")
        self.by_stripped = _codes_by(self.names, "stripped")
        self.by_initials = _codes_by_initials(self.names)
        kinded = self.names[self.names["kind"].notna()]
        self.by_kind_place = _codes_by(kinded, "place", extra="kind")
        self.by_place = _codes_by(kinded, "place")
        self.place_words = _place_words_by_kind(kinded)
        self.second_readings = PhraseTable((match_key(k), match_key(v)) for k, v in settings.second_readings.items())
        self.parent_units = {
            code for code, expanded in zip(self.names["unit_code"], self.names["expanded"])
            if self.vocab.is_parent(expanded)
        }
        self.inside_phrases = set(self.names["key"])  # outside markers inside a registry name are ours
        # what find_in_lines looks for inside a longer line: full names, and names without lead words
        self.phrases = self._phrases()

    # -- one text ---------------------------------------------------------------------------

    def match(self, text) -> UnitMatch:
        """The unit a typed text names (see the registry package docstring for the order)."""
        row = self.match_many([text]).iloc[0]
        return UnitMatch(row["unit_code"], row["method"], float(row["score"]), list(row["candidates"]))

    def match_many(self, texts: Iterable) -> pd.DataFrame:
        """One row per distinct text: text, unit_code, method, score, candidates."""
        raw = pd.unique(pd.Series(list(texts), dtype=object))  # the texts as given, so callers can join on them
        cleaned = [clean_text(t) for t in raw]
        distinct = list(dict.fromkeys(cleaned))  # "phong  noi vu" and "phong noi vu" are matched once
        forms = {t: self.vocab.describe(t) for t in distinct}
        decided = {t: self._match_by_words(t, forms[t]) for t in distinct}
        pending = [t for t, m in decided.items() if m is None]
        decided.update(self._match_fuzzy(pending, forms))
        if self.partial and self.second_readings:
            decided.update(self._match_second_readings([t for t, m in decided.items() if m.method == "unmatched"]))
        matches = [decided[t] for t in cleaned]
        return pd.DataFrame(
            {
                "text": pd.Series(raw, dtype=object),
                "unit_code": pd.Series([m.unit_code for m in matches], dtype=object),
                "method": [m.method for m in matches],
                "score": [float(m.score) for m in matches],
                "candidates": [list(m.candidates) for m in matches],
            },
            columns=MATCH_COLUMNS,
        )

    def _match_by_words(self, text: str, form: NameForm) -> UnitMatch | None:
        """Alias, exact or abbreviation match, a sure no (empty, outside body), or None for fuzzy."""
        if not form.key:
            return UNMATCHED
        for key in (form.key, form.expanded):
            if key in self.aliases:
                code = self.aliases[key] or None
                return UnitMatch(code, "alias", 100.0, [code] if code else [])
        for method, codes in (("exact", self.by_key.get(form.key)),
                              ("abbreviation", self.by_expanded.get(form.expanded))):
            if codes:
                return _decided(codes, method, 100.0)
        codes = self.by_initials.get(_typed_initials(form.key))
        if codes and len(codes) == 1:  # "PNV", "P.TCKH": the initials of one registry name, and of no other
            return _decided(codes, "abbreviation", 100.0)
        if self._is_outside(text):  # before dropping city words: "Công an tỉnh Hải Dương" is not ours
            return UNMATCHED
        if self.vocab.only_home(form.expanded):  # "Chí Linh", "TP Chí Linh": the city, not one of its units
            return UNMATCHED
        codes = self.by_stripped.get(form.stripped)
        if not codes and form.kind:
            codes = self.by_kind_place.get((form.kind, form.place))
        elif not codes:  # no kind word: a bare place name ("Sao Đỏ") may be shared by a ward and two schools
            codes = self.by_place.get(form.place)
        if codes:
            return _decided(codes, "abbreviation", 100.0)
        return self._match_partial(form) if self.partial else None

    def _match_second_readings(self, texts: list[str]) -> dict[str, UnitMatch]:
        """Unmatched texts read again with an abbreviation's second meaning ("p." = phòng, cchc.toml
        [units.second_readings]); kept only when that reading names one unit."""
        out = {}
        for text in texts:  # the unmatched few
            tokens = match_key(text).split()
            spans = list(self.second_readings.spans(tokens))
            if not spans:
                continue
            start, length, words = spans[0]
            again = " ".join(tokens[:start] + [words] + tokens[start + length:])
            form = self.vocab.describe(again)
            found = self._match_by_words(again, form) or self._match_fuzzy([again], {again: form})[again]
            if found.unit_code:  # an abbreviation read: never "exact"
                out[text] = found if found.method != "exact" else UnitMatch(found.unit_code, "abbreviation",
                                                                            found.score, found.candidates)
        return out

    def _is_outside(self, text: str) -> bool:
        """A place after huyện/tỉnh/quận… that no registry name holds: a body outside the registry."""
        places = [match_key(p) for p in self.vocab.outside_places(text)]
        return any(not any(f" {place} " in f" {key} " for key in self.inside_phrases) for place in places)

    def _match_fuzzy(self, texts: list[str], forms: dict[str, NameForm]) -> dict[str, UnitMatch]:
        """Fuzzy only against names of the same kind, scored on the place words; per kind a few cdist calls.

        With the kind agreed, only the place is compared: "BC CCHC Trường THCS Văn An" must not reach
        "Trường THCS Chu Văn An" on the strength of the long shared "trung hoc co so". A text without a
        kind word is compared whole against every name.
        """
        out: dict[str, UnitMatch] = {t: UNMATCHED for t in texts}
        floor = max(self.settings.fuzzy_min_score - self.settings.fuzzy_margin, 0)
        by_kind: dict = defaultdict(list)
        for t in texts:
            if forms[t].place:  # "Trường THCS" alone names no unit
                by_kind[forms[t].kind].append(t)
        for kind, group in by_kind.items():
            pool = self.names if kind is None else self.names[self.names["kind"] == kind]
            if pool.empty:
                continue
            columns = ("stripped", "expanded") if kind is None else ("place", "place_full")
            scores = _fuzzy_scores([forms[t] for t in group], pool, floor, columns)
            pool_codes = pool["unit_code"].to_numpy()
            for t, row in zip(group, scores):
                out[t] = self._best_of(row, pool_codes)
        return out

    def _best_of(self, row: np.ndarray, codes: np.ndarray) -> UnitMatch:
        """The best unit of one score row, if it clears the floor and beats the next unit by the margin."""
        hits = np.nonzero(row)[0]
        if not len(hits):
            return UNMATCHED
        best: dict[str, float] = {}
        for code, score in zip(codes[hits], row[hits]):  # the few names above the floor
            best[code] = max(best.get(code, 0.0), float(score))
        top_code, top = max(best.items(), key=lambda item: item[1])
        if top < self.settings.fuzzy_min_score:
            return UNMATCHED
        close = sorted(code for code, score in best.items() if score > top - self.settings.fuzzy_margin)
        if len(close) > 1:
            return UnitMatch(None, "ambiguous", round(top, 1), close)
        return UnitMatch(str(top_code), "fuzzy", round(top, 1), [str(top_code)])


def _fuzzy_scores(forms: list[NameForm], pool: pd.DataFrame, floor: float, columns: tuple[str, str]) -> np.ndarray:
    """texts × names: the best of plain and word-order-free ratios, with and without city words.

    token_sort_ratio forgives word order but punishes a typo that moves a word in the sort
    ("ttrien" sorts after "trung"); plain ratio forgives that; keys with and without the city words
    forgive a typo inside them ("thaanh pho" is not dropped as a city word).
    """
    best = None
    for column in columns:
        queries = [getattr(f, column) for f in forms]
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
            scores = process.cdist(queries, pool[column].tolist(), scorer=scorer, score_cutoff=floor, workers=1)
            best = scores if best is None else np.maximum(best, scores)
    return best
