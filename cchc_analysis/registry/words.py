"""The words a unit name is read with: abbreviations, kinds, lead words, places (all data in cchc.toml), and the
keys (`NameForm`) one text is compared on."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz

from ..config import Settings
from ..text import clean_text, match_key

LEAD_SLIP_SCORE = 85  # "truongg" vs "truong" scores 92, "ubbnd" vs "ubnd" 89 (but "trung" too: see strip_lead)


@dataclass(frozen=True)
class NameForm:
    """The keys one text is compared on."""

    key: str  # match_key of the text
    expanded: str  # abbreviations expanded
    stripped: str  # leading words ("uy ban nhan dan", "truong") dropped
    kind: str | None  # kind word found (phuong, mam_non, th_thcs …)
    place: str  # stripped key without the kind words ("sao do")
    place_full: str  # the same, city words kept ("hoi dong nhan dan va uy ban nhan dan thanh pho")


class PhraseTable:
    """Token phrases → a value, found leftmost-longest in a key ("th thcs" before "th")."""

    def __init__(self, phrases: Iterable[tuple[str, object]]):
        self.table: dict[tuple[str, ...], object] = {}
        for phrase, value in phrases:  # the first spelling of a phrase wins
            tokens = tuple(phrase.split())
            if tokens and tokens not in self.table:
                self.table[tokens] = value
        self.lengths = sorted({len(k) for k in self.table}, reverse=True)

    def at(self, tokens: list[str], start: int) -> tuple[int, object]:
        """(length, value) of the longest phrase starting at tokens[start], else (0, None)."""
        for length in self.lengths:
            if start + length <= len(tokens):
                found = self.table.get(tuple(tokens[start:start + length]), _MISSING)
                if found is not _MISSING:
                    return length, found
        return 0, None

    def spans(self, tokens: list[str]):
        """(start, length, value) of every phrase, scanning left to right without overlaps."""
        i = 0
        while i < len(tokens):
            length, value = self.at(tokens, i)
            if length:
                yield i, length, value
            i += length or 1


_MISSING = object()


class Vocabulary:
    """The word lists of cchc.toml as phrase tables on expanded accent-free keys."""

    def __init__(self, settings: Settings):
        self.abbreviations = PhraseTable((match_key(k), match_key(v)) for k, v in settings.abbreviations.items())
        keys = lambda words: [self.expand(match_key(w)) for w in words]  # noqa: E731
        kind_words = [(k, kind) for kind, words in settings.unit_kinds.items() for k in keys(words)]
        # exceptions first: "xa hoi" holds "xa" but says no kind, so it is skipped whole
        self.kinds = PhraseTable([(k, None) for k in keys(settings.unit_kind_exceptions)] + kind_words)
        # both spellings: "uy ban nhan dan" and "ubnd", so a slip in either ("UBBND") is still seen
        lead = set(keys(settings.unit_lead_words)) | {match_key(w) for w in settings.unit_lead_words}
        self.lead_words = sorted((w.split() for w in lead if w), key=len, reverse=True)
        homes = [(k, "home") for k in keys([settings.contest.city, *settings.home_places])]
        self.home_places = PhraseTable(homes + [(k, "marker") for k in keys(settings.outside_markers)])
        self.parent_keys = sorted(set(keys(settings.parent_bodies)) - {""}, key=len, reverse=True)
        self.outside_markers = sorted({_accented_key(w) for w in settings.outside_markers} - {""})
        self.city_key = match_key(settings.contest.city)

    def expand(self, key: str) -> str:
        """Abbreviation tokens replaced by their words ("ubnd p sao do" → "uy ban nhan dan phuong sao do")."""
        tokens = key.split()
        out, i = [], 0
        for start, length, words in self.abbreviations.spans(tokens):
            out += tokens[i:start] + [words]
            i = start + length
        return " ".join(out + tokens[i:])

    def strip_lead(self, expanded: str) -> str:
        """The key without leading parent words ("uy ban nhan dan phuong sao do" → "phuong sao do").

        A one-letter slip in the lead word ("truongg", "ubbnd") still counts as the lead word, when a kind word
        follows it and none stands first ("trung tam" is not a slip of "truong").
        """
        tokens = expanded.split()
        changed = True
        while changed:
            changed = False
            for lead in self.lead_words:
                n = len(lead)
                if len(tokens) > n and (tokens[:n] == lead or (
                        _same_word(" ".join(tokens[:n]), " ".join(lead))
                        and self._kind_at_start(tokens[n:]) and not self._kind_at_start(tokens))):
                    tokens, changed = tokens[n:], True
                    break
        return " ".join(tokens)

    def _kind_at_start(self, tokens: list[str]) -> bool:
        return bool(self.kinds.at(tokens, 0)[1])

    def drop_home(self, key: str) -> str:
        """The key without the city/province words and "huyện"/"tỉnh" before a place.

        "phong noi vu thanh pho chi linh" → "phong noi vu"; "phong noi vu huyen kinh mon" → "phong noi vu kinh mon"
        (a registry may write the district without the word). Words inside a kind phrase stay ("ban quan ly du an").
        """
        tokens = key.split()
        in_kind = {i for start, n, kind in self.kinds.spans(tokens) if kind for i in range(start, start + n)}
        dropped: set[int] = set()
        for start, n, what in self.home_places.spans(tokens):
            if in_kind & set(range(start, start + n)):
                continue
            if what == "marker" and start + n >= len(tokens):
                continue  # "Công an tỉnh": the word ends the name, it is part of it
            dropped |= set(range(start, start + n))
        kept = " ".join(t for i, t in enumerate(tokens) if i not in dropped)
        if dropped and not self.kind_of(kept)[1]:
            # "Trường THCS Chí Linh", "Thành đoàn TP Chí Linh": the city is the place of the name; say it one way
            return f"{kept} {self.city_key}".strip()
        return kept

    def only_home(self, key: str) -> bool:
        """Every word is a city/province word ("thanh pho chi linh")."""
        tokens = key.split()
        return sum(n for _, n, what in self.home_places.spans(tokens) if what == "home") == len(tokens)

    def kind_of(self, stripped: str) -> tuple[str | None, str]:
        """(kind, place): the leftmost-longest kind word, and the words left without it."""
        tokens = stripped.split()
        for start, length, kind in self.kinds.spans(tokens):
            if kind:
                return kind, " ".join(tokens[:start] + tokens[start + length:])
        return None, stripped

    def describe(self, text) -> NameForm:
        """Every key a text is compared on."""
        key = match_key(text)
        expanded = self.expand(key)
        stripped = self.strip_lead(self.drop_home(expanded))
        kind, place = self.kind_of(stripped)
        place_full = self.kind_of(self.strip_lead(expanded))[1] if kind else place
        return NameForm(key, expanded, stripped, kind, place, place_full)

    def is_parent(self, expanded: str) -> bool:
        """A parent body (letterhead above the unit): its key starts with one of parent_bodies."""
        return any(expanded == p or expanded.startswith(p + " ") for p in self.parent_keys)

    def outside_places(self, text) -> list[str]:
        """Places named after huyện/tỉnh/quận… when the city is not named ("huyện Kinh Môn" → "kinh môn")."""
        if self.city_key and f" {self.city_key} " in f" {match_key(text)} ":
            return []
        accented = _accented_key(text)
        # an accent-free text can only be read accent-free ("quan" may be quận or quản)
        plain = accented == match_key(text)
        markers = [match_key(m) for m in self.outside_markers] if plain else self.outside_markers
        haystack = f" {accented} "
        return [hit.group(1) for marker in markers
                for hit in re.finditer(rf"(?<= ){re.escape(marker)} (\S+(?: \S+)?)", haystack)]


def _same_word(typed: str, word: str) -> bool:
    """Equal, or one slip apart in a word long enough for a slip to be plain ("truongg" = "truong")."""
    return typed == word or (len(word) >= 4 and fuzz.ratio(typed, word) >= LEAD_SLIP_SCORE)


def _accented_key(text) -> str:
    """Lower case with accents kept, every non-letter run → one space (tells "quận" from "quản")."""
    lowered = unicodedata.normalize("NFC", clean_text(text)).lower()
    return re.sub(r"[\W_]+", " ", lowered).strip()
