"""Finding the unit that sent a return in its lines (letterhead, unit line, title, cells): tiers of lines, the first
that names a unit decides; two units in the deciding tier are ambiguous, never a guess."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

import pandas as pd

from ..config import Settings
from ..text import clean_text, match_key, starts_with_words
from .names import UNMATCHED, UnitMatch
from .words import NameForm, PhraseTable, Vocabulary

MAX_NAME_WORDS = 20  # longest unit name (in words) looked for inside a line of a return


class ReturnLines:
    """UnitMatcher's reading of a return's lines (reads the matcher's registry names, vocabulary and settings)."""

    names: pd.DataFrame
    vocab: Vocabulary
    settings: Settings
    parent_units: set[str]
    phrases: PhraseTable

    def _phrases(self) -> PhraseTable:
        """Names looked for inside a longer line: full names, and names without lead words when a kind is said."""
        table: dict[str, set[str]] = defaultdict(set)
        for code, expanded, stripped, kind in self.names[["unit_code", "expanded", "stripped", "kind"]].itertuples(
                index=False):
            table[expanded].add(code)
            if kind:  # "Sao Đỏ" alone is a place, not a unit; "phuong sao do" is a unit
                table[stripped].add(code)
        return PhraseTable(table.items())

    def _codes_in_line(self, expanded: str) -> set[str]:
        """Units whose name stands whole inside the line (longest names first, no overlaps)."""
        return {code for _, _, codes in self.phrases.spans(expanded.split()) for code in codes}

    def _line_role(self, form: NameForm) -> str:
        """unit (may name the sender), reference (quotes another body's document), parent (letterhead above
        the unit) or skip (recipient, date line)."""
        if starts_with_words(form.key, self.settings.recipient_words):
            return "skip"
        if re.search(r"\bngay \d{1,2} thang \d{1,2}\b", form.key):  # "Sao Đỏ, ngày 16 tháng 12…" is a place
            return "skip"
        if starts_with_words(form.key, self.settings.reference_words):
            return "reference"
        parent = self.vocab.is_parent(form.expanded) and len(form.expanded.split()) <= 12
        return "parent" if parent else "unit"

    def _read_lines(self, lines: Iterable) -> tuple[list[str], list[NameForm], list[str]]:
        """Texts to search (each line, then its value after "label:"), their forms and roles.

        Reading stops at the distribution list ("Nơi nhận": a recipient word that also opens the signature block).
        """
        stop_words = [w for w in self.settings.recipient_words
                      if match_key(w) in {match_key(s) for s in self.settings.signature_words}]
        texts, forms, roles = [], [], []
        for line in (t for t in (clean_text(x) for x in lines) if t):
            form = self.vocab.describe(line)
            if starts_with_words(form.key, stop_words):
                break
            role = self._line_role(form)
            for text in filter(None, (line, _value_of(line))):
                texts.append(text)
                forms.append(form if text == line else self.vocab.describe(text))
                roles.append(role)
        return texts, forms, roles

    def find_in_lines(self, lines: Iterable) -> UnitMatch:
        """The unit that sent a return, from its lines (letterhead, unit line, title, cells); method "text".

        Tiers, first that names a unit decides: unit lines naming a non-parent unit, unit lines naming a parent
        body that is itself a registry unit (Phòng GD&ĐT reporting for itself), lines quoting another document,
        letterhead parent lines. Two units in the deciding tier → ambiguous with both; never a guess.
        """
        texts, forms, roles = self._read_lines(lines)
        short = [t for t, f, r in zip(texts, forms, roles) if r != "skip" and len(f.key.split()) <= MAX_NAME_WORDS]
        matched = self.match_many(short).set_index("text") if short else None
        tiers: dict[str, list[tuple[set[str], list[str], float]]] = {
            "unit": [], "parent_unit": [], "reference": [], "parent": []}
        for text, form, role in zip(texts, forms, roles):
            if role == "skip":
                continue
            codes, candidates, score = self._codes_in_line(form.expanded), [], 100.0
            if matched is not None and text in matched.index:
                m = matched.loc[text]
                if m["method"] == "ambiguous":
                    candidates = list(m["candidates"])
                elif pd.notna(m["unit_code"]):
                    score = float(m["score"]) if not codes or codes == {m["unit_code"]} else score
                    codes.add(m["unit_code"])
            if role == "unit":
                tiers["unit"].append((codes - self.parent_units, candidates, score))
                tiers["parent_unit"].append((codes & self.parent_units, [], score))
            else:
                tiers[role].append((codes, candidates, score))
        for found in tiers.values():
            decided = _decide_tier(found)
            if decided is not None:
                return decided
        return UNMATCHED


def _value_of(line: str) -> str:
    """The value of a "label: value" line ("Đơn vị: MN Sao Đỏ" → "MN Sao Đỏ"), else ""."""
    label, colon, value = line.partition(":")
    return value.strip() if colon and len(label.split()) <= 6 else ""


def _decide_tier(found: list[tuple[set[str], list[str], float]]) -> UnitMatch | None:
    """Sure codes of one tier decide (one → match, several → ambiguous); else its ambiguous candidates."""
    codes = set().union(*(c for c, _, _ in found)) if found else set()
    if len(codes) == 1:
        code = next(iter(codes))
        score = min((s for c, _, s in found if code in c), default=100.0)
        return UnitMatch(code, "text", score, [code])
    if codes:
        return UnitMatch(None, "ambiguous", 0.0, sorted(codes))
    candidates = sorted({c for _, cands, _ in found for c in cands})
    return UnitMatch(None, "ambiguous", 0.0, candidates) if candidates else None
