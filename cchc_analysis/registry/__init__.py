"""The registry of units (units.xlsx → `units` table) and the one name → unit_code matcher.

Everything downstream is keyed on `unit_code`. A typed unit name ("UBND P.Sao Đỏ", "phong noi vu",
"THCS Chu Văn An") is resolved in this order: pinned alias → exact accent-free key → abbreviations
expanded / leading words dropped → (for typed names, when asked) partial: every word of the typed name in
exactly one registry name of the same kind ("phòng giáo dục" → Phòng Giáo dục và Đào tạo) → fuzzy (rapidfuzz)
that must agree on the kind word. A place name shared by several units with no kind word, two units holding
every typed word, or two units scoring too close, is `ambiguous`: never a guess.
Every word list (kinds, abbreviations, parent bodies, lead words) is data in cchc.toml.

One idea per module, every name read from here (`from cchc_analysis.registry import UnitMatcher, read_registry`):
read (the registry file) · words (abbreviations, kinds, lead words, places: `Vocabulary`, `NameForm`) · names (the
registry's names indexed, `UnitMatch`) · matcher (`UnitMatcher`) with its parts partial (partial matching,
`proposals`) and lines (`find_in_lines`: the unit in a return's lines).
"""
from __future__ import annotations

from .lines import MAX_NAME_WORDS
from .matcher import UnitMatcher
from .names import FILLER_WORDS, MATCH_COLUMNS, UNMATCHED, UnitMatch
from .partial import OTHER_KIND_SHARE, PROPOSALS
from .read import (
    HEADER_SCAN_ROWS, MAX_HEADCOUNT, ROMAN_MARK, UNIT_COLUMNS, RegistryError, parse_headcount, read_registry,
)
from .words import LEAD_SLIP_SCORE, NameForm, PhraseTable, Vocabulary

__all__ = [
    "read_registry", "parse_headcount", "RegistryError", "UnitMatcher", "UnitMatch", "UNMATCHED", "NameForm",
    "PhraseTable", "Vocabulary", "UNIT_COLUMNS", "MATCH_COLUMNS", "HEADER_SCAN_ROWS", "MAX_HEADCOUNT", "LEAD_SLIP_SCORE",
    "MAX_NAME_WORDS", "FILLER_WORDS", "PROPOSALS", "OTHER_KIND_SHARE", "ROMAN_MARK",
]
