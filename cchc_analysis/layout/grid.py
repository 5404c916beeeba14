"""The cells a return's reading is made of (Cell, ReturnLayout, SimpleGrid) and its labels: cchc.toml's
word lists matched on text.match_key, word by word, longest synonym first, so "Số không tham gia" is never
read as "tham gia".
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from ..text import fold, match_key, starts_with_words

COUNT_FIELDS = ("total_staff", "participants", "non_participants_count")
TEXT_FIELDS = ("unit", "results")
# a label naming two quantities with one value ("Số lượng tham gia/tổng số CBCCVC: 49/51"): the field of cchc.toml
# [returns.fields] → the two count fields in the order the label names them
PAIR_FIELDS = {"participants_of_total": ("participants", "total_staff"),
               "total_of_participants": ("total_staff", "participants")}
WORD = re.compile(r"\w+")
BULLET = re.compile(r"^[\s\-+*•·)(.:]*(?:[0-9]{1,2}|[a-zđ]|[ivx]{1,4})?[.)\-:]?\s*$")


@dataclass
class Cell:
    """Where a value was found: 0-based grid row, its file row, and how it was read."""

    value: object
    row: int
    file_row: int
    method: str
    raw: str = ""
    ok: bool = True


@dataclass
class ReturnLayout:
    """What one grid says: fields, date, unit lines, people, and problems found while reading."""

    sheet: str
    fields: dict[str, Cell] = field(default_factory=dict)
    report_date: dt.date | None = None
    date_row: int | None = None
    unit_lines: list[str] = field(default_factory=list)
    footer_lines: list[str] = field(default_factory=list)  # signature block ("TM. UBND PHƯỜNG SAO ĐỎ"), a last resort
    people: pd.DataFrame = field(default_factory=lambda: empty_people())
    people_header_row: int | None = None
    none_listed: bool = False
    problems: list[dict] = field(default_factory=list)
    rows_not_read: list[int] = field(default_factory=list)  # rows of the people table whose name is not a name
    is_guide: bool = False  # an instruction sheet ("Hướng dẫn"), its worked example is not the return
    rows_not_read_sheets: list[str] = field(default_factory=list)  # the sheet of each of rows_not_read, when combined
    sheet_notes: list[dict] = field(default_factory=list)  # how each sheet of the file was used, or why not (issues)
    line_places: dict[str, tuple[str, int]] = field(default_factory=dict)  # a text line → (sheet, file row) it is on

    def count(self, name: str):
        cell = self.fields.get(name)
        return cell.value if cell is not None and cell.ok else None

    def score(self) -> int:
        """How much of a return this grid holds: counts found, a date, a people table."""
        found = sum(name in self.fields for name in COUNT_FIELDS)
        return 2 * found + (self.report_date is not None) + 2 * (self.people_header_row is not None)


class SimpleGrid:
    """A grid built from plain rows (tests, template round trip); readers.Grid has the same shape."""

    def __init__(self, rows, sheet: str = "Sheet1", row_numbers=None):
        self.sheet = sheet
        self.rows = [list(r) for r in rows]
        self.row_numbers = list(row_numbers) if row_numbers else list(range(1, len(self.rows) + 1))


def as_grid(grid, sheet: str = "Sheet1"):
    """A readers.Grid as is; a list of rows wrapped into one."""
    return SimpleGrid(grid, sheet) if isinstance(grid, list) else grid


def empty_people() -> pd.DataFrame:
    return pd.DataFrame(columns=["stt", "full_name", "position", "reason", "unit", "source_row", "sheet"])


def layout_setting(settings, key, default):
    return settings.return_layout.get(key, default)


@lru_cache(maxsize=200_000)
def word_keys(text: str) -> tuple[tuple[str, int, int], ...]:
    """The words of a text as (match_key, start, end) with their place in the original text."""
    out = []
    for m in WORD.finditer(text):
        for part in match_key(m.group()).split():
            out.append((part, m.start(), m.end()))
    return tuple(out)


@dataclass(frozen=True)
class Hit:
    field: str
    first: int  # first word index
    last: int  # word index after the label
    start: int  # character span in the cell text
    end: int


class Labels:
    """Synonym lists (field → labels) as word tuples, longest first across all fields."""

    def __init__(self, synonyms: dict[str, list[str]]):
        pairs = {(name, tuple(match_key(s).split())) for name, words in synonyms.items() for s in words}
        self.pairs = sorted((p for p in pairs if p[1]), key=lambda p: (-len(" ".join(p[1])), p[0]))
        self.padded = [" " + " ".join(syn) + " " for _, syn in self.pairs]
        self._memo: dict[str, list[Hit]] = {}

    def hits(self, text: str) -> list[Hit]:
        """Labels found in a text: longest first, a word claimed by one label is not reused by a shorter one."""
        if text not in self._memo:
            self._memo[text] = self._hits(text)
        return self._memo[text]

    def _hits(self, text: str) -> list[Hit]:
        words = word_keys(text)
        if not words:
            return []
        keys = [w[0] for w in words]
        joined = " " + " ".join(keys) + " "
        claimed = [False] * len(keys)
        found = []
        for (name, syn), padded in zip(self.pairs, self.padded):
            if padded not in joined:
                continue
            n = len(syn)
            for i in range(len(keys) - n + 1):
                if tuple(keys[i:i + n]) == syn and not any(claimed[i:i + n]):
                    if name in PAIR_FIELDS and "/" not in text[words[i][1]:words[i + n - 1][2]]:
                        continue  # "đã tham gia. Tổng số CBCCVC…" is two clauses, not "tham gia/tổng số"
                    claimed[i:i + n] = [True] * n
                    found.append(Hit(name, i, i + n, words[i][1], words[i + n - 1][2]))
        return sorted(found, key=lambda h: h.first)

    def only_label(self, text: str) -> Hit | None:
        """The label when a cell holds a label and little else (a header or a "label | value" cell).

        A leading bullet ("1.", "a)") is allowed; with several labels the last one names the cell
        ("Số CBCCVC chưa tham gia" is the non-participants count).
        """
        if not isinstance(text, str):
            return None
        found = self.hits(text)
        if not found:
            return None
        lead = text[:found[0].start]
        rest = text[found[0].start:]
        if not BULLET.match(fold(lead)) or any(ch.isdigit() for ch in rest) or re.search(r"[:=]\s*\S", rest):
            return None  # "Kết quả: Đạt yêu cầu" holds its value
        lead_words = len(word_keys(lead))
        uncovered = len(word_keys(text)) - lead_words - sum(h.last - h.first for h in found)
        return found[-1] if uncovered <= 2 else None


def says(text, words: list[str]) -> bool:
    """The cell opens with one of the words, accents respected when typed ("Tống Văn An" is not "Tổng")."""
    if not isinstance(text, str) or not text.strip():
        return False
    low = " ".join(text.casefold().split())
    if fold(text) == low:  # typed without accents: compare without them
        return starts_with_words(match_key(text), words)
    for word in words:
        w = " ".join(word.casefold().split())
        if w and (low == w or (low.startswith(w) and not low[len(w)].isalnum())):
            return True
    return False


def cell_text(value) -> str:
    return value if isinstance(value, str) else ""


def filled(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def row_line(row: list) -> str:
    """The text of a row as a person reads it: its cells in order, merged repeats once."""
    parts: list[str] = []
    for value in row:
        if filled(value) and isinstance(value, str) and (not parts or parts[-1] != value.strip()):
            parts.append(value.strip())
    return " ".join(" ".join(parts).split())  # lines typed inside a cell read on as one line
