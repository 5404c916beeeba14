"""The registry's names indexed for lookup (by key, abbreviation, initials, kind and place), and what a lookup
returns (`UnitMatch`: one unit, ambiguous with candidates, or unmatched)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from .words import NameForm, Vocabulary

MATCH_COLUMNS = ["text", "unit_code", "method", "score", "candidates"]
FILLER_WORDS = {"va", "cua"}  # "và", "của": a typed name of these words alone names nothing


@dataclass(frozen=True)
class UnitMatch:
    unit_code: str | None
    method: str  # alias, exact, abbreviation, partial, fuzzy, text, ambiguous, unmatched
    score: float
    candidates: list[str] = field(default_factory=list)


UNMATCHED = UnitMatch(None, "unmatched", 0.0, [])


def _names_frame(units: pd.DataFrame, vocab: Vocabulary) -> pd.DataFrame:
    """One row per (unit, name or other name) with every key it is compared on."""
    other = units.get("other_names", pd.Series("", index=units.index)).fillna("").astype(str)
    names = pd.concat(
        [
            pd.DataFrame({"unit_code": units["unit_code"].astype(str), "name": units["unit_name"].astype(str)}),
            pd.DataFrame({"unit_code": units["unit_code"].astype(str), "name": other.str.split(";")})
            .explode("name")
            .dropna(),
        ],
        ignore_index=True,
    )
    names["name"] = names["name"].str.strip()
    names = names[names["name"] != ""].drop_duplicates().reset_index(drop=True)
    forms = [vocab.describe(n) for n in names["name"]]  # per name: a few thousand at most
    for column in NameForm.__dataclass_fields__:
        names[column] = [getattr(f, column) for f in forms]
    return names


def _place_words_by_kind(kinded: pd.DataFrame) -> dict[str, list[tuple[str, set[str]]]]:
    """Kind → (unit code, words of a name's place) for every registry name that says its kind."""
    table: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
    for code, kind, place in kinded[["unit_code", "kind", "place"]].itertuples(index=False):
        words = set(place.split())
        if words - FILLER_WORDS:
            table[kind].append((code, words))
    return dict(table)


def _codes_by_initials(names: pd.DataFrame) -> dict[str, list[str]]:
    """Initials of names of three words or more ("phong noi vu" → "pnv") → the unit codes carrying them."""
    table: dict = defaultdict(set)
    for key, code in zip(names["key"], names["unit_code"]):
        words = key.split()
        if len(words) >= 3:
            table["".join(w[0] for w in words)].add(code)
    return {k: sorted(v) for k, v in table.items()}


def _typed_initials(key: str) -> str:
    """A typed text that is initials ("pnv", "p tckh"): its letters run together; else ""."""
    words = key.split()
    joined = "".join(words)
    # initials are short and carry a word of three letters or more ("tckh"), never a spelled-out name
    if not words or len(joined) < 3 or len(joined) > 8 or max(len(w) for w in words) < 3 or not joined.isalpha():
        return ""
    return joined


def _codes_by(names: pd.DataFrame, column: str, extra: str | None = None) -> dict:
    """Key (or (extra, key)) → sorted distinct unit codes carrying it."""
    frame = names[names[column] != ""]
    keys = list(zip(frame[extra], frame[column])) if extra else frame[column].tolist()
    table: dict = defaultdict(set)
    for k, code in zip(keys, frame["unit_code"]):
        table[k].add(code)
    return {k: sorted(v) for k, v in table.items()}


def _decided(codes: list[str], method: str, score: float) -> UnitMatch:
    """One code is a match; several are ambiguous with all of them as candidates."""
    if len(codes) == 1:
        return UnitMatch(codes[0], method, score, list(codes))
    return UnitMatch(None, "ambiguous", score, sorted(codes))
