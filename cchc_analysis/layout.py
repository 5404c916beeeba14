"""Find a return's fields, report date, unit lines and non-participant table in any grid of cells.

A grid is a list of rows of cells (str / int / float / datetime / None), as the readers give it, whatever
the file kind. Every word list (field labels, people headers, signature, total and "none" words) comes
from cchc.toml, so a new layout is a config change. Labels are matched on text.match_key, word by word,
longest synonym first, so "Số không tham gia" is never read as "tham gia".
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from .text import fold, has_words, match_key, starts_with_words

COUNT_FIELDS = ("total_staff", "participants", "non_participants_count")
TEXT_FIELDS = ("unit", "results")
# a label naming two quantities with one value ("Số lượng tham gia/tổng số CBCCVC: 49/51"): the field of cchc.toml
# [returns.fields] → the two count fields in the order the label names them
PAIR_FIELDS = {"participants_of_total": ("participants", "total_staff"),
               "total_of_participants": ("total_staff", "participants")}
# the value of such a label: "49/51", "49 / 51 người", "49 trên 51" (Vietnamese thousands "1.234" allowed)
PAIR_VALUE = re.compile(r"(?<![\d.,/])(\d{1,3}(?:\.\d{3})+|\d+)\s*(?:/|\btren\b)\s*(\d{1,3}(?:\.\d{3})+|\d+)(?![\d/.,])")
PEOPLE_COLUMNS = ("stt", "full_name", "position", "reason", "unit")
WORD = re.compile(r"\w+")
# a number as typed: "1.234" (Vietnamese thousands), "93,75", "-5", optionally "%" or "/22"
NUMBER = re.compile(
    r"(?<![\w/.,])(?P<num>-?\d{1,3}(?:\.\d{3})+(?![\d,])|-?\d+(?:[.,]\d+)?)"
    r"(?P<pct>\s*%)?(?:\s*/\s*(?P<of>\d+)(?![\d/]))?(?!\s*/\s*[^\d\s])"
)
# "năm 2024" is a year, "số 120/KH-UBND" a document number: neither is a count
YEAR_BEFORE = re.compile(r"(?:nam|thang|ngay|so hieu)\s*$")
DATE_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{2,4})")
DATE_NUMBERS = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})(?![\d/])")
# "Chí Linh, ngày ..." / "Sao Đỏ, 16/12/2024": a short place name then a comma opens the place-and-date line
PLACE_PREFIX = re.compile(r"^[^\d:;,]{2,60},\s*(?:ngay\s*)?$")
PLACE_AT_END = re.compile(r"(?:^|[\s.;])[^\d:;,./()]{2,40},\s*(?:ngay\s*)?$")
SECTION_NUMBER = re.compile(r"^(?:[IVXLC]{1,5}|[A-Za-zĐđ])[.)]?$")
OWN_NUMBER = re.compile(r"^\s*so\s*:\s*\d+\s*/\s*[\w\-./]*\s*")
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


# ---------------------------------------------------------------- words and labels


def _layout(settings, key, default):
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


def _says(text, words: list[str]) -> bool:
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


# ---------------------------------------------------------------- numbers


@dataclass
class Number:
    value: float
    is_rate: bool
    of: int | None  # "20/22": the 22


def numbers_in(text: str) -> list[tuple[Number, int]]:
    """Numbers typed in a text, with their start position; dates are not numbers."""
    blanked = DATE_NUMBERS.sub(lambda m: " " * len(m.group()), text)
    out = []
    for m in NUMBER.finditer(blanked):
        if YEAR_BEFORE.search(fold(blanked[max(0, m.start() - 12):m.start()])):
            continue
        raw = m.group("num").replace(" ", "")
        pct = bool(m.group("pct"))
        if re.fullmatch(r"-?\d{1,3}(?:\.\d{3})+", raw):
            value = float(raw.replace(".", ""))
        elif not pct and re.fullmatch(r"-?\d{1,3},\d{3}", raw):
            value = float(raw.replace(",", ""))  # a count typed with an English thousands comma
        else:
            value = float(raw.replace(",", "."))
        of = int(m.group("of")) if m.group("of") else None
        out.append((Number(value, pct, of), m.start()))
    return out


# No unit has a million staff: a longer number in a count cell is a phone or an ID typed there.
MAX_COUNT = 1_000_000


def as_count(value):
    """A whole number from a cell value, else None."""
    if isinstance(value, bool) or value is None or isinstance(value, dt.datetime):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() and abs(value) <= MAX_COUNT else None
    found = [n for n, _ in numbers_in(str(value)) if not n.is_rate]
    if found and found[0].value.is_integer() and abs(found[0].value) <= MAX_COUNT:
        return int(found[0].value)
    return None


def as_rate(value):
    """A share (0.9375) from 93.75, "93,75%", 0.9375."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) / 100 if value > 1 else float(value)
    found = numbers_in(str(value)) if isinstance(value, str) else []
    if not found:
        return None
    number = found[0][0]
    return number.value / 100 if number.is_rate or number.value > 1 else number.value


# ---------------------------------------------------------------- fields


def _cell_text(value) -> str:
    return value if isinstance(value, str) else ""


def _filled(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _clause_start(text: str, start: int) -> bool:
    """The label opens a clause: nothing but a bullet or punctuation before it."""
    before = text[:start]
    return bool(BULLET.match(fold(before))) or before.rstrip(" \t")[-1:] in (";", ".", "\n")  # a new line of the cell


def _value_cell(field_name: str, value, row: int, file_row: int, method: str) -> Cell:
    """A value cell read for a field: counts must be whole numbers, rates shares, text stays text."""
    if field_name in COUNT_FIELDS:
        if isinstance(value, str):
            numbers = [n for n, _ in numbers_in(value)]
            counts = [n for n in numbers if not n.is_rate]
            if counts and counts[0].value.is_integer() and abs(counts[0].value) <= MAX_COUNT:
                first = counts[0]
                cell = Cell(int(first.value), row, file_row, method, value)
                if first.of is not None:
                    cell.raw = f"{int(first.value)}/{first.of}"
                return cell
            return Cell(None, row, file_row, method, value, ok=False)
        count = as_count(value)
        return Cell(count, row, file_row, method, str(value), ok=count is not None)
    if field_name == "rate":
        rate = as_rate(value)
        return Cell(rate, row, file_row, method, str(value), ok=rate is not None)
    return Cell(" ".join(str(value).split()), row, file_row, method, str(value))  # lines of a cell read as one


def _inline_value(field_name: str, text: str, hit: Hit, next_start: int, window: int):
    """The value typed after the label in the same cell ("label: value" or prose), else None."""
    rest = text[hit.end:next_start]
    explicit = rest.lstrip()[:1] in (":", "=", "-")
    rest_clean = rest.strip().lstrip(":=-–").strip()
    if not rest_clean.strip(" .,;()"):
        return None
    if field_name in TEXT_FIELDS:
        return rest_clean.rstrip(" ;,") if explicit else None
    if field_name == "report_date":
        return None
    numbers = numbers_in(rest)
    if field_name in COUNT_FIELDS:
        numbers = [(n, pos) for n, pos in numbers if not n.is_rate]
    if numbers:
        number, pos = numbers[0]
        words_between = len(WORD.findall(rest[:pos]))
        if words_between <= window:
            return rest[pos:].strip()
    return rest_clean if explicit else None


def _rate_beside(found: dict, text: str, hit: Hit, earlier: int, next_start: int, r: int, file_row: int,
                 window: int) -> None:
    """ "100% viên chức … đã tham gia": a share typed beside a count label is the rate."""
    for part, last in ((text[earlier:hit.start], True), (text[hit.end:next_start], False)):
        rates = [(n, pos) for n, pos in numbers_in(part) if n.is_rate]
        if not rates:
            continue
        number, pos = rates[-1] if last else rates[0]
        between = part[pos:] if last else part[:pos]
        if len(WORD.findall(between)) <= window + 4:
            found["rate"] = Cell(number.value / 100, r, file_row, "beside", part.strip())
            return


def _value_before(text: str, hit: Hit, earlier: int):
    """A count typed just before its label, in prose: "có 45/48 đồng chí tham gia" → "45/48"."""
    before = text[earlier:hit.start]
    counts = [(n, pos) for n, pos in numbers_in(before) if not n.is_rate]
    if not counts:
        return None
    number, pos = counts[-1]
    if BULLET.match(fold(before[:pos + len(str(int(abs(number.value))))+ 1])):
        return None  # "2. Số người tham gia" is a numbered line, not a count
    after = before[pos:]
    if len(WORD.findall(after)) > 4:
        return None
    return after.strip()


def _is_header_row(labels: Labels, row: list) -> bool:
    """Two or more cells of the row are field labels alone: a header row, values sit below."""
    return sum(labels.only_label(_cell_text(c)) is not None for c in row) >= 2


def _holds_other_field(labels: Labels, value) -> bool:
    """A cell naming a field itself ("Số tham gia: 28") is that field's line, not a value for the label above."""
    text = _cell_text(value)
    return bool(text) and any(h.field != "rate" for h in labels.hits(text) if _hit_counts(text, h))


def _is_subheader(value) -> bool:
    """ "Số lượng" / "Người" under a merged header: short text with no digit."""
    return isinstance(value, str) and len(value.split()) <= 4 and not any(ch.isdigit() for ch in value)


def _right_value(labels: Labels, row: list, col: int):
    here = row[col]
    for value in row[col + 1:]:
        if not _filled(value) or value == here:
            continue
        return None if _holds_other_field(labels, value) or labels.only_label(_cell_text(value)) else value
    return None


def _total_column_value(grid, r: int, c: int, total_words: list[str], name: str):
    """Label rows across sub-unit columns ("Tổ 1 | Tổ 2 | Tổng"): the value in the column headed by a total word."""
    if name not in COUNT_FIELDS:
        return None
    for j in range(r - 1, max(-1, r - 4), -1):
        header = grid.rows[j]
        for k in range(c + 1, min(len(header), len(grid.rows[r]))):
            if _says(header[k], total_words) and as_count(grid.rows[r][k]) is not None:
                return grid.rows[r][k]
    return None


def _below_values(labels: Labels, grid, r: int, col: int, total_words: list[str], skip_rows, numeric: bool):
    """Values under a header cell: the total row when sub-units follow, else the one row; (value, row)."""
    here = grid.rows[r][col]
    i = r + 1
    while i < len(grid.rows) and col < len(grid.rows[i]) and grid.rows[i][col] == here:
        i += 1  # a header merged down over two rows repeats its text
    if numeric:
        for _ in range(2):  # "Số lượng" | "Tỷ lệ" under a merged "Tổng số CBCCVC": the figures are below
            if i + 1 < len(grid.rows) and col < len(grid.rows[i]) and _is_subheader(grid.rows[i][col]) \
                    and not _holds_other_field(labels, grid.rows[i][col]) and col < len(grid.rows[i + 1]) \
                    and as_count(grid.rows[i + 1][col]) is not None:
                i += 1
    rows = []
    # figures in the people table's rows only under a header row the two tables share (counts, not text)
    blocked = skip_rows if not (numeric and i - 1 in skip_rows) else frozenset()
    while i < len(grid.rows) and i not in blocked and col < len(grid.rows[i]) and _filled(grid.rows[i][col]):
        value = grid.rows[i][col]
        if _holds_other_field(labels, value):
            return rows
        if rows and numeric and as_count(value) is None:
            break  # the table of figures is over (a count column holds counts)
        rows.append((value, i))
        i += 1
    if len(rows) <= 1:
        return rows
    totals = [(v, j) for v, j in rows if _row_is_total(grid.rows[j], total_words)]
    return totals[-1:] if totals else rows


def _split_count(labels: Labels, grid, r: int, c: int, values_row: int, total_words: list[str]):
    """A count header merged over plain sub-columns ("Số tham gia" over "Nam" | "Nữ"): the "Tổng" sub-column when
    there is one, else the sub-columns added up; None when the header is not split so (one column, or sub-headers
    that are fields of their own, "Số lượng" | "Tỷ lệ")."""
    header = grid.rows[r]
    cols = [c]
    while cols[-1] + 1 < len(header) and header[cols[-1] + 1] == header[c]:
        cols.append(cols[-1] + 1)
    sub_row = values_row - 1
    if len(cols) < 2 or sub_row <= r:
        return None
    subs = [grid.rows[sub_row][k] if k < len(grid.rows[sub_row]) else None for k in cols]
    if not all(_is_subheader(v) for v in subs) or len(set(subs)) < len(subs) \
            or any(labels.hits(v) for v in subs):
        return None
    values = [grid.rows[values_row][k] if k < len(grid.rows[values_row]) else None for k in cols]
    for sub, value in zip(subs, values):
        if _says(sub, total_words):
            return value
    counts = [as_count(v) for v in values]
    return sum(counts) if all(n is not None for n in counts) else None


def _row_is_total(row: list, total_words: list[str]) -> bool:
    return any(_says(c, total_words) for c in row)


def find_fields(grid, settings, skip_rows: set[int] | frozenset = frozenset(),
                soft_rows: set[int] | frozenset = frozenset()) -> dict[str, Cell]:
    """Fields of settings.return_fields found in the grid: the first readable value of each, in reading order."""
    grid = as_grid(grid)
    labels = Labels(settings.return_fields)
    total_words = _layout(settings, "total_words", [])
    window = int(_layout(settings, "prose_window_words", 6))
    scope_keys = [k for k in (match_key(w) for w in _layout(settings, "scope_words", [])) if k]
    found: dict[str, Cell] = {}
    bad: dict[str, Cell] = {}
    guide_words = _layout(settings, "guide_words", [])
    for r, row in enumerate(grid.rows):
        if r in skip_rows or starts_with_words(match_key(row_line(row)), guide_words):
            continue  # "Ví dụ: Tổng số CBCCVC: 50" is an example, not the unit's figure
        header_row = None
        for c, value in enumerate(row):
            text = _cell_text(value)
            if not text or (c > 0 and row[c - 1] == value):
                continue
            hits = scoped_totals([h for h in labels.hits(text) if _hit_counts(text, h)], text, scope_keys)
            alone = labels.only_label(text)
            if alone is not None:
                # "Số lượng CBCCVC được giao tham gia" alone in a header cell is the total, as in a line
                alone = next((h for h in hits if h.first <= alone.first and h.last >= alone.last), alone)
                hits = [alone]
            for k, hit in enumerate(hits):
                if hit.field in found:
                    continue
                # a text value ("Kết quả: Đạt yêu cầu") runs to the next clause, not to a word like "đạt"
                later = [h for h in hits[k + 1:] if hit.field not in TEXT_FIELDS or _clause_start(text, h.start)]
                next_start = later[0].start if later else len(text)
                file_row = grid.row_numbers[r]
                earlier = hits[k - 1].end if k else 0
                inline = _inline_value(hit.field, text, hit, next_start, window)
                if inline is None and hit.field in COUNT_FIELDS and alone is None:
                    inline = _value_before(text, hit, earlier)
                    if inline is None and "rate" not in found:
                        _rate_beside(found, text, hit, earlier, next_start, r, file_row, window)
                if inline is not None:
                    cell = _value_cell(hit.field, inline, r, file_row, "inline")
                elif alone is not None:
                    if header_row is None:
                        header_row = _is_header_row(labels, row)
                    cell = _label_cell_value(labels, grid, r, c, hit.field, header_row, total_words, skip_rows)
                else:
                    continue
                if cell is None:
                    continue
                if hit.field in PAIR_FIELDS:
                    _pair_counts(found, cell, hit.field)
                    continue
                if cell.ok:
                    found[hit.field] = cell
                    _fraction_total(found, cell, hit.field)
                elif r not in soft_rows:  # a people header ("Lý do không tham gia") is no broken figure
                    bad.setdefault(hit.field, cell)
    none_keys = {match_key(w) for w in _layout(settings, "none_words", [])}
    for name, cell in bad.items():
        if name == "participants" and _only_rates(cell.raw):
            # "Số tham gia: 100%": the share, not a count; returns derives the count from the total
            if "rate" not in found:
                found["rate"] = Cell(as_rate(cell.raw), cell.row, cell.file_row, "as_share", cell.raw)
            continue
        if name in COUNT_FIELDS and match_key(cell.raw) in none_keys:
            cell = Cell(0, cell.row, cell.file_row, cell.method, cell.raw)  # "Số không tham gia: Không" is nobody
        found.setdefault(name, cell)
    return found


def scoped_totals(hits: list[Hit], text: str, scope_keys: list[str]) -> list[Hit]:
    """A total label whose clause goes on to who must take part ("Tổng số CB, CC, VC trong diện phải tham gia",
    "Số lượng CBCCVC được giao tham gia") keeps the "tham gia" that follows: the line's number is the total.

    Only when the words between the two labels hold a scope word (cchc.toml ``scope_words``) and no number or
    clause break: "Tổng số người tham gia: 19" stays the participants.
    """
    out: list[Hit] = []
    for hit in hits:
        prev = out[-1] if out else None
        if prev is not None and prev.field == "total_staff" and hit.field == "participants":
            between = text[prev.end:hit.start]
            if not numbers_in(between) and not re.search(r"[;:.\n]", between) \
                    and any(f" {k} " in f" {match_key(between)} " for k in scope_keys):
                out[-1] = Hit(prev.field, prev.first, hit.last, prev.start, hit.end)
                continue
        out.append(hit)
    return out


def _only_rates(raw: str) -> bool:
    numbers = numbers_in(raw)
    return bool(numbers) and all(n.is_rate for n, _ in numbers)


def _hit_counts(text: str, hit: Hit) -> bool:
    """Count labels count anywhere (prose); text labels ("Đơn vị", "Kết quả") only where a clause opens."""
    return hit.field in COUNT_FIELDS or hit.field == "rate" or _clause_start(text, hit.start)


def pair_value(raw) -> tuple[int, int] | None:
    """ "49/51", "49 / 51 người", "49 trên 51" → (49, 51); None when the text holds no such pair."""
    if not isinstance(raw, str):
        return None
    m = PAIR_VALUE.search(fold(raw))
    if m is None:
        return None
    a, b = (int(x.replace(".", "")) for x in m.groups())
    return a, b


def _pair_counts(found: dict, cell: Cell, name: str) -> None:
    """A label naming two quantities ("tham gia/tổng số") with one value ("49/51") fills both, in the label's order.
    The pair label is remembered as found even when its value holds no pair, so a later line does not reuse it."""
    pair = pair_value(cell.raw if isinstance(cell.raw, str) and cell.raw else cell.value)
    found[name] = Cell(cell.value, cell.row, cell.file_row, cell.method, cell.raw, ok=pair is not None)
    if pair is None:
        return
    for field_name, value in zip(PAIR_FIELDS[name], pair):
        if field_name not in found or not found[field_name].ok:
            found[field_name] = Cell(value, cell.row, cell.file_row, "pair", f"{pair[0]}/{pair[1]}")


def _fraction_total(found: dict, cell: Cell, name: str) -> None:
    """ "20/22" typed for participants also gives the total, unless a total label says otherwise."""
    if name == "participants" and "/" in cell.raw and "total_staff" not in found:
        total = int(cell.raw.split("/")[1])
        found["total_staff"] = Cell(total, cell.row, cell.file_row, "fraction", cell.raw)


def _label_cell_value(labels, grid, r, c, name, header_row, total_words, skip_rows) -> Cell | None:
    row = grid.rows[r]
    right = _total_column_value(grid, r, c, total_words, name) or _right_value(labels, row, c)
    below = _below_values(labels, grid, r, c, total_words, skip_rows, name in COUNT_FIELDS)
    if name in COUNT_FIELDS and len(below) == 1:
        split = _split_count(labels, grid, r, c, below[0][1], total_words)
        if split is not None:
            below = [(split, below[0][1])]
    candidates = []
    if below:
        candidates.append(("below", below))
    if right is not None:
        candidates.append(("right", [(right, r)]))
    if not header_row:
        candidates.reverse()
    cells = []
    for method, values in candidates:
        parsed = [_value_cell(name, v, j, grid.row_numbers[j], method) for v, j in values]
        if name in COUNT_FIELDS and len(parsed) > 1:
            # sub-unit rows with no total row: a person adds them up
            if all(p.ok for p in parsed):
                cells.append(Cell(sum(p.value for p in parsed), parsed[0].row, parsed[0].file_row, "sum"))
                continue
        cells.append(parsed[0])
    good = [cell for cell in cells if cell.ok]
    return good[0] if good else (cells[0] if cells else None)


# ---------------------------------------------------------------- date


@dataclass
class DateFound:
    date: dt.date | None
    row: int | None
    rank: int  # 0 labelled, 1 place-and-date line, 2 a date alone, 3 other
    raw: str


def _make_date(day: int, month: int, year: int) -> dt.date | None:
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day) if 1990 <= year <= 2100 else None
    except ValueError:
        return None


def _quotes_document(recent: str, refs: list[str]) -> bool:
    """The words just before a date quote a document ("Kế hoạch số 120/KH-UBND ngày …")."""
    return bool(re.search(r"\d+\s*/\s*[a-z]", recent)) or any(
        re.search(rf"(?<!\w){re.escape(w)}(?!\w)", recent) for w in refs)


@lru_cache(maxsize=64)
def _folded(words: tuple[str, ...]) -> list[str]:
    return [w for w in (fold(x) for x in words) if w]


def _dates_in_text(text: str, settings, labelled: bool) -> list[tuple[dt.date | None, int, str]]:
    """(date or None when impossible, rank, raw) for each date typed in a text."""
    if not any(ch.isdigit() for ch in text):
        return []
    folded = fold(text)
    refs = _folded(tuple(_layout(settings, "date_reference_words", [])))
    # "Ngày báo cáo: …" labels a date; the bare word "ngày" belongs to every date
    date_labels = [lbl for lbl in _folded(tuple(settings.return_fields.get("report_date", []))) if lbl != "ngay"]
    out = []
    for pattern in (DATE_WORDS, DATE_NUMBERS):
        for m in pattern.finditer(folded):
            # "Số: 12/BC-PNV  Chí Linh, ngày …": the report's own number opens the line, it quotes nothing
            before = OWN_NUMBER.sub("", folded[:m.start()])
            date = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            tail = before.rstrip(" :-")
            if labelled or any(tail.endswith(lbl) for lbl in date_labels):
                rank = 0
            elif PLACE_PREFIX.match(before):
                rank = 1
            elif not before.strip(" :-.") or before.strip() == "ngay":
                rank = 2
            elif _quotes_document(" ".join(before.split()[-8:]), refs):
                continue  # a quoted document's date ("Kế hoạch số 120/KH-UBND ngày 05/11/2024")
            elif PLACE_AT_END.search(before):
                rank = 1  # the place-and-date line at the end of a letterhead cell ("… Hạnh phúc Chí Linh, ngày …")
            else:
                rank = 3
            out.append((date, rank, m.group()))
    return out


def find_report_date(grid, settings, skip_rows: set[int] | frozenset = frozenset()) -> tuple[DateFound | None, list[dict]]:
    """The report date: a labelled date, else the place-and-date line, else a date alone in a cell; and problems."""
    grid = as_grid(grid)
    labels = Labels({"report_date": settings.return_fields.get("report_date", [])})
    found: list[DateFound] = []
    guide_words = _layout(settings, "guide_words", [])
    for r, row in enumerate(grid.rows):
        if r in skip_rows or starts_with_words(match_key(row_line(row)), guide_words):
            continue
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                found.append(DateFound(value.date(), r, 2, value.isoformat()))
            elif isinstance(value, str) and value:
                for date, rank, raw in _dates_in_text(value, settings, False):
                    found.append(DateFound(date, r, rank, raw))
                if labels.only_label(value) and not _dates_in_text(value, settings, False):
                    for other, j in _label_neighbours(grid, r, c):
                        found.extend(_date_from_value(other, j, settings))
    if not found:
        return None, []
    best_rank = min(f.rank for f in found)
    best = [f for f in found if f.rank == best_rank]
    good = [f for f in best if f.date is not None]
    if good:
        return good[0], []
    bad = best[0]
    problem = {
        "code": "date_invalid",
        "severity": "warning",
        "row": grid.row_numbers[bad.row],
        "message": f"Ngày báo cáo không có thật: '{bad.raw}' (impossible report date)",
    }
    return DateFound(None, bad.row, bad.rank, bad.raw), [problem]


def _label_neighbours(grid, r: int, c: int):
    """The cell right of a label and the cell below it (header/row tables)."""
    row = grid.rows[r]
    for value in row[c + 1:]:
        if _filled(value) and value != row[c]:
            yield value, r
            break
    for j in range(r + 1, min(r + 3, len(grid.rows))):
        below = grid.rows[j][c] if c < len(grid.rows[j]) else None
        if _filled(below) and below != row[c]:
            yield below, j
            break


def _date_from_value(value, row: int, settings) -> list[DateFound]:
    if isinstance(value, dt.datetime):
        return [DateFound(value.date(), row, 0, value.isoformat())]
    if isinstance(value, (int, float)) and 30000 < value < 60000:
        # an Excel day serial read as a number
        return [DateFound((dt.datetime(1899, 12, 30) + dt.timedelta(days=float(value))).date(), row, 0, str(value))]
    if isinstance(value, str):
        return [DateFound(d, row, 0, raw) for d, _, raw in _dates_in_text(value, settings, True)]
    return []


# ---------------------------------------------------------------- people


def _people_header(grid, settings) -> tuple[int, int, dict[str, int]] | None:
    """(first header row, last header row, column of each people field), the name column required."""
    labels = Labels(settings.people_columns)
    fields = Labels(settings.return_fields)
    r = 0
    while r < len(grid.rows):
        columns = _header_columns(labels, grid.rows[r])
        if "full_name" not in columns:
            r += 1
            continue
        last = r
        if r + 1 < len(grid.rows):
            lower = _header_columns(labels, grid.rows[r + 1])
            repeats_name = columns["full_name"] < len(grid.rows[r + 1]) and \
                grid.rows[r + 1][columns["full_name"]] == grid.rows[r][columns["full_name"]]
            if "full_name" in lower or len(lower) >= 2 or repeats_name:
                columns = {**columns, **lower}  # a two-row header: the lower row names the columns
                last = r + 1
        if not _lists_participants(grid, r, columns, fields):
            return r, last, columns
        r = last + 1
    return None


def _lists_participants(grid, header: int, columns: dict, fields: Labels) -> bool:
    """A table titled as the list of those who took part (no reason column) is not the non-participants."""
    if "reason" in columns:
        return False
    for j in range(header - 1, max(-1, header - 4), -1):
        said = {h.field for h in fields.hits(row_line(grid.rows[j]))}
        if "non_participants_count" in said:
            return False
        if "participants" in said:
            return True
    return False


def _header_columns(labels: Labels, row: list) -> dict[str, int]:
    columns: dict[str, int] = {}
    for c, value in enumerate(row):
        text = _cell_text(value)
        if not text or len(text) > 60 or any(ch.isdigit() for ch in text) or len(text.split()) > 8:
            continue
        # a header opens with its label: "Họ và tên người chưa tham gia", "Lý do không tham gia Cuộc thi"
        found = labels.hits(text)
        if found and found[0].first == 0 and found[0].field not in columns:
            columns[found[0].field] = c
    return columns


def _is_signature(value, settings) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    folded = fold(value)
    for word in settings.signature_words:
        w = fold(word)
        if w and folded.startswith(w) and (len(folded) == len(w) or not folded[len(w)].isalnum() or not w[-1].isalnum()):
            return True
    return False


def _looks_like_name(value) -> bool:
    """A person's name: letters, no digits or colon, a handful of words."""
    if not isinstance(value, str):
        return False
    words = value.split()
    return (1 <= len(words) <= 7 and not any(ch.isdigit() for ch in value) and not any(ch in value for ch in ":,;")
            and value.strip()[-1:] not in ".!?;" and any(ch.isalpha() for ch in value))


def find_people(grid, settings) -> tuple[pd.DataFrame, int | None, int | None, bool, list[int], tuple | None]:
    """The non-participant table: (people, header row, last row read, "none" said, file rows not read as people,
    roster counts).

    People keep their file row. A row whose name cell holds something that is not a name (a phone number,
    a 75-word text) is returned among the rows not read, so the caller can log it: nothing is lost.
    A whole staff roster with a tick column headed as participants ("Đã tham gia": x) lists the unticked rows
    as the people; roster counts are then (people rows, ticked rows), else None.
    """
    grid = as_grid(grid)
    header = _people_header(grid, settings)
    if header is None:
        return empty_people(), None, None, False, [], None
    first, last, columns = header
    tick_col = _tick_column(grid, first, last, columns, settings)
    unticked = _layout(settings, "unticked_words", [])
    roster_rows = ticked = 0
    last_stt = None
    middle_names = frozenset(match_key(w) for w in _layout(settings, "middle_names", []) if match_key(w))
    dittos = _layout(settings, "ditto_marks", [])
    name_col = columns["full_name"]
    name_cols = _name_columns(grid, first, last, name_col)
    reason_cols = _name_columns(grid, first, last, columns["reason"]) if "reason" in columns else []
    marks = grid.rows[last] if last > first else grid.rows[first]
    total_words = _layout(settings, "total_words", [])
    none_words = _layout(settings, "none_words", [])
    records, blanks, none_said, end, not_read = [], 0, False, last, []
    header_labels = Labels(settings.people_columns)
    for r in range(last + 1, len(grid.rows)):
        row = grid.rows[r]
        cells = [v for v in row if _filled(v)]
        if not cells:
            blanks += 1
            if blanks >= 2 and not _numbering_goes_on(grid, r, columns.get("stt"), last_stt):
                break
            continue
        blanks = 0
        name = _joined_name(row, name_cols)
        stt = row[columns["stt"]] if "stt" in columns and columns["stt"] < len(row) else None
        if _is_signature(name, settings) or (not _filled(name) and any(_is_signature(v, settings) for v in cells)):
            break
        if _says(stt, total_words) or _says(name, total_words):
            break
        if _says(name, none_words) and len(name.split()) <= 5:
            none_said, end = True, r
            continue
        if len(cells) >= 2 and len({str(v) for v in cells}) == 1:
            continue  # a section title merged across the row ("Tổ Toán"), not a person
        if "full_name" in _header_columns(header_labels, row):
            continue  # the header typed again for the next printed page
        if isinstance(stt, str) and SECTION_NUMBER.match(stt.strip()):
            continue  # "I | Khối Đảng, đoàn thể": a section of the table, numbered I, II or A, B
        if not _reads_as_names(name):
            if len(cells) == 1 and isinstance(cells[0], str) and _filled(name):
                break  # prose after the table (a docx paragraph): the table is over
            numbered_without_name = not _filled(name) and as_count(stt) is not None and len(cells) >= 2
            if (_filled(name) and not _column_numbers(name)) or numbered_without_name:
                not_read.append(grid.row_numbers[r])  # a person row we cannot name: logged, never dropped
                end = r
            continue
        end = r  # the table reaches its last person: footer rows (a date line) stay readable
        last_stt = as_count(stt)
        if tick_col is not None:
            roster_rows += 1
            mark = row[tick_col] if tick_col < len(row) else None
            if _filled(mark) and not _says(mark, unticked):
                ticked += 1
                continue  # ticked as having taken part: counted, not listed
        person = {
            "stt": stt,
            "full_name": name,
            **{k: _text_or_empty(row, columns.get(k)) for k in ("position", "unit")},
            "reason": _reason(row, reason_cols, marks) if len(reason_cols) > 1 else _text_or_empty(row, columns.get("reason")),
        }
        if records:  # "nt" (như trên) or a typed ditto repeats the cell above
            person.update({k: records[-1][k] for k in ("position", "reason", "unit") if _is_ditto(person[k], dittos)})
        records.extend({**one, "source_row": grid.row_numbers[r], "sheet": grid.sheet}
                       for one in people_in_row(person, middle_names))
    people = pd.DataFrame(records, columns=empty_people().columns) if records else empty_people()
    roster = (roster_rows, ticked) if tick_col is not None and roster_rows else None
    return people, first, end, none_said, not_read, roster


def _is_ditto(value, marks: list[str]) -> bool:
    """A cell saying "as above": "nt", "như trên", "-nt-", '"', '-"-' (cchc.toml ``ditto_marks``)."""
    if not isinstance(value, str) or not value.strip():
        return False
    text = value.strip()
    key = match_key(text)
    return any(text == mark or (key and key == match_key(mark)) for mark in marks)


def _tick_column(grid, first: int, last: int, columns: dict[str, int], settings) -> int | None:
    """A people header cell headed as a mark of taking part (cchc.toml ``tick_headers``: "Đã tham gia"): the
    roster's tick column. Not when the header row also holds count labels (figures sharing the people header)."""
    words = _layout(settings, "tick_headers", [])
    fields = Labels(settings.return_fields)
    taken = set(columns.values())
    rows = grid.rows[first:last + 1]
    if any(h.field in ("total_staff", "non_participants_count") for row in rows for h in fields.hits(row_line(row))):
        return None
    for row in rows:
        for c, value in enumerate(row):
            if c not in taken and isinstance(value, str) and len(value.split()) <= 6 and _says(value, words):
                return c
    # no such header: a column whose every mark says taken part or not ("Kết quả": "Đã thi" / "Chưa thi")
    width = max((len(row) for row in rows), default=0)
    return next((c for c in range(width) if c not in taken and _marks_taking_part(grid, last, c, settings)), None)


def _marks_taking_part(grid, last: int, c: int, settings) -> bool:
    """The column's values under the header, down to the first blank row, all say taken part or not."""
    took = _layout(settings, "took_part_words", [])
    did_not = _layout(settings, "unticked_words", [])
    marks = []
    for row in grid.rows[last + 1:last + 1 + 500]:
        if not any(_filled(v) for v in row):
            break
        if c < len(row) and _filled(row[c]):
            marks.append(row[c])
    said_took = [m for m in marks if _says(m, took)]
    return len(marks) >= 2 and bool(said_took) and all(_says(m, took) or _says(m, did_not) for m in marks)


def _numbering_goes_on(grid, r: int, stt_col: int | None, last: int | None, look: int = 5) -> bool:
    """After blank rows (a page gap), the next filled row carries on the STT numbering (3 → 4): the table goes on."""
    if stt_col is None or last is None:
        return False
    for row in grid.rows[r + 1:r + 1 + look]:
        if any(_filled(v) for v in row):
            return last is not None and stt_col < len(row) and as_count(row[stt_col]) == last + 1
    return False


PROSE_BULLET = re.compile(r"^\s*(?:\d{1,2}\s*[.)/-]|[-+•*–]|[a-zđ]\))\s*")
PROSE_SPLIT = re.compile(r"\s+[–—-]\s+|\s*[–—]\s*")


def find_people_in_prose(grid, settings) -> tuple[pd.DataFrame, int | None, int | None]:
    """People listed as numbered lines under a non-participant line, no table:

    "Số không tham gia: 02 người, gồm:" then "1. Đ/c Nguyễn Thị Hoa – Chuyên viên – nghỉ thai sản;".
    Returns (people, first person row, last person row).
    """
    grid = as_grid(grid)
    labels = Labels(settings.return_fields)
    reason_keys = [match_key(w) for words in settings.reasons.words.values() for w in words if match_key(w)]
    for r, row in enumerate(grid.rows):
        line = row_line(row)
        if not any(h.field == "non_participants_count" for h in labels.hits(line)):
            continue
        records = []
        for j in range(r + 1, len(grid.rows)):
            person = _prose_person(row_line(grid.rows[j]), reason_keys, settings)
            if person is None:
                break
            records.append({**person, "stt": None, "unit": "", "source_row": grid.row_numbers[j], "sheet": grid.sheet})
        if records:
            people = pd.DataFrame(records, columns=empty_people().columns)
            return people, r + 1, r + len(records)
    return empty_people(), None, None


def _prose_person(line: str, reason_keys: list[str], settings) -> dict | None:
    """ "1. Nguyễn Thị Hoa – Chuyên viên – nghỉ thai sản;" → name, position, reason; None when not such a line."""
    bullet = PROSE_BULLET.match(line)
    if not bullet or _is_signature(line, settings):
        return None
    parts = [s.strip(" ;.,") for s in PROSE_SPLIT.split(line[bullet.end():]) if s.strip(" ;.,")]
    if not parts:
        return None
    if len(parts) == 1 and "," in parts[0] and "(" not in parts[0]:
        # "Quan Văn Bình, diễn viên, đi biểu diễn": commas part the line as dashes do (a name holds none)
        parts = [s.strip(" ;.") for s in parts[0].split(",") if s.strip(" ;.")]
    if len(parts) == 1 and "(" in parts[0]:  # "Nguyễn Văn An (nghỉ thai sản)"
        name, _, rest = parts[0].partition("(")
        parts = [name.strip(), rest.strip(" )")]
    if not _looks_like_name(parts[0]):
        return None
    position, reason = "", ""
    if len(parts) >= 3:
        position, reason = parts[1], ", ".join(parts[2:])
    elif len(parts) == 2:
        key = f" {match_key(parts[1])} "
        if any(f" {k} " in key for k in reason_keys):
            reason = parts[1]
        else:
            position = parts[1]
    return {"full_name": parts[0], "position": position, "reason": reason}


def _column_numbers(value) -> bool:
    """ "(2)" or 2 under a header: the column-number row of a form."""
    return isinstance(value, (int, float)) or bool(re.fullmatch(r"\(?\s*\d{1,2}\s*\)?", str(value).strip()))


def _reason(row: list, cols: list[int], headers: list) -> str:
    """Reasons ticked under a merged "Lý do" header (Thai sản | Ốm | Đi học with an "x"): the ticked headers."""
    out = []
    for c in cols:
        if c < len(row) and _filled(row[c]):
            head = str(headers[c]).strip() if c < len(headers) and _filled(headers[c]) else ""
            mark = str(row[c]).strip()
            out.append(head if len(mark) <= 1 or mark.lower() in ("x", "có", "co") else f"{head}: {mark}".strip(": "))
    return "; ".join(dict.fromkeys(out))


def _name_columns(grid, first: int, last: int, name_col: int) -> list[int]:
    """The name column, and the next ones when "Họ và tên" is merged over "Họ đệm" | "Tên"."""
    cols = [name_col]
    header = grid.rows[first]
    while cols[-1] + 1 < len(header) and header[cols[-1] + 1] == header[name_col]:
        cols.append(cols[-1] + 1)
    return cols


def _joined_name(row: list, cols: list[int]):
    parts = [row[c] for c in cols if c < len(row) and _filled(row[c])]
    if len(parts) <= 1:
        return parts[0] if parts else None
    lines = [str(p).strip().split("\n") for p in parts]
    if len(lines[0]) > 1 and len({len(x) for x in lines}) == 1:
        # "Họ đệm" | "Tên" each listing several people line by line: join them line by line
        return "\n".join(" ".join(dict.fromkeys(x.strip() for x in line)) for line in zip(*lines))
    return " ".join(dict.fromkeys(str(p).strip() for p in parts))


def _one_line(value):
    """A cell's lines as one single-spaced line (a name wrapped onto two lines is one name)."""
    return " ".join(value.split()) if isinstance(value, str) else value


def _reads_as_names(value) -> bool:
    """A name, or several names typed on the lines of one cell."""
    lines = _lines(value)
    return _looks_like_name(_one_line(value)) or (len(lines) > 1 and all(_looks_like_name(x) for x in lines))


def _lines(value) -> list[str]:
    return [line.strip() for line in value.split("\n")] if isinstance(value, str) and value.strip() else []


def people_in_row(person: dict, middle_names: frozenset[str] = frozenset()) -> list[dict]:
    """The people of one table row: one per line when the name cell lists several names on separate lines
    (Alt+Enter) and the other cells give each its own line (or one line they share); else the row as one person.

    With no other cell split the same way, every name line must read as a full name of three words or more:
    a long name wrapped onto two lines ("Nguyễn Thị" / "Hồng Nhung") stays one person. So does a row with one
    STT number, or a name line ending in a middle name (``middle_names`` as match keys: "thi", "van").
    """
    names = _lines(person["full_name"])
    others = {k: _lines(v) for k, v in person.items() if k != "full_name"}
    n = len(names)
    counts = {len(lines) for lines in others.values()}
    one_number = as_count(person.get("stt")) is not None and len(_lines(str(person.get("stt")))) == 1
    fits = n > 1 and counts <= {0, 1, n} and not one_number and all(_looks_like_name(name) for name in names) \
        and not any(match_key(name.split()[-1]) in middle_names for name in names)
    said_apart = n in counts  # another cell (stt, position, reason) has as many lines: each person has a line
    if not fits or not (said_apart or all(len(name.split()) >= 3 and "(" not in name for name in names)):
        return [{k: _one_line(v) for k, v in person.items()}]
    out = []
    for i, name in enumerate(names):
        one = {"full_name": name}
        for key, value in person.items():
            if key != "full_name":
                lines = others[key]
                one[key] = lines[i] if len(lines) == n else _one_line(value)
        out.append(one)
    return out


def _text_or_empty(row: list, col: int | None) -> str:
    if col is None or col >= len(row) or not _filled(row[col]):
        return ""
    value = row[col]
    return value.strip() if isinstance(value, str) else str(value)


# ---------------------------------------------------------------- unit lines and the whole grid


def row_line(row: list) -> str:
    """The text of a row as a person reads it: its cells in order, merged repeats once."""
    parts: list[str] = []
    for value in row:
        if _filled(value) and isinstance(value, str) and (not parts or parts[-1] != value.strip()):
            parts.append(value.strip())
    return " ".join(" ".join(parts).split())  # lines typed inside a cell read on as one line


def find_unit_lines(grid, settings, fields: dict[str, Cell] | None = None, stop_row: int | None = None) -> list[str]:
    """Lines that may name the reporting unit: the unit field, the first rows, and title lines."""
    grid = as_grid(grid)
    limit = int(_layout(settings, "unit_line_rows", 15))
    titles = _layout(settings, "title_words", [])
    lines = []
    if fields and "unit" in fields and fields["unit"].ok and fields["unit"].value:
        lines.append(str(fields["unit"].value))
    end = len(grid.rows) if stop_row is None else stop_row
    for r in range(end):
        line = row_line(grid.rows[r])
        if line and r < limit:
            # letterhead cells side by side ("TRƯỜNG MN SAO ĐỎ" | "Độc lập - Tự do") are separate lines
            lines.extend(_one_line(v) for v in grid.rows[r] if isinstance(v, str) and v.strip())
        elif line and starts_with_words(match_key(line), titles):
            lines.append(line)
    return list(dict.fromkeys(lines))


def find_footer_lines(grid, settings, table_end: int | None) -> list[str]:
    """Text cells of the signature block (after the people table, else the last rows), recipients left out."""
    start = table_end + 1 if table_end is not None else max(0, len(grid.rows) - 10)
    skip = settings.recipient_words or ["Nơi nhận", "Kính gửi"]
    lines = [_one_line(v) for row in grid.rows[start:] for v in row if isinstance(v, str) and v.strip()]
    return [line for line in dict.fromkeys(lines) if not _says(line, skip) and not line.startswith(("-", "+"))]


def read_layout(grid, settings) -> ReturnLayout:
    """Everything one grid says about a return."""
    grid = as_grid(grid)
    people, header_row, end_row, none_said, not_read, roster = find_people(grid, settings)
    if header_row is None:
        people, header_row, end_row = find_people_in_prose(grid, settings)
    table_rows = set(range(header_row, end_row + 1)) if header_row is not None else set()
    # the people header may share its row with the figures' headers ("Tổng số CBCCVC | … | Họ và tên | Lý do")
    header_rows = {header_row, header_row + 1} & table_rows if header_row is not None else set()
    fields = find_fields(grid, settings, table_rows - header_rows, soft_rows=header_rows)
    if roster is not None:
        roster_counts(fields, roster, grid, header_row)
    if "total_staff" not in fields:
        _total_word_line(fields, grid, settings, header_row)
    date, problems = find_report_date(grid, settings, table_rows)
    out = ReturnLayout(sheet=grid.sheet, fields=fields, people=people, people_header_row=header_row,
                       none_listed=none_said, problems=list(problems), rows_not_read=not_read)
    if date is not None:
        out.report_date = date.date
        out.date_row = grid.row_numbers[date.row] if date.row is not None else None
    out.unit_lines = find_unit_lines(grid, settings, fields, header_row)
    out.line_places = line_places(grid)
    out.footer_lines = find_footer_lines(grid, settings, end_row)
    out.is_guide = is_guide(grid, settings)
    for name, cell in fields.items():
        if not cell.ok and name in COUNT_FIELDS:
            # the two counts a return stands on reject it; a stray non-participant count only warns
            severity = "error" if name in ("total_staff", "participants") else "warning"
            out.problems.append({
                "code": "count_not_numeric", "severity": severity, "row": cell.file_row,
                "message": f"Số liệu '{cell.raw}' của ô {name} không phải là số (not a number)",
            })
    return out


def line_places(grid) -> dict[str, tuple[str, int]]:
    """Each text cell and row line of a grid → (sheet, file row) where it first stands (issues name the row)."""
    places: dict[str, tuple[str, int]] = {}
    for r, row in enumerate(grid.rows):
        for text in (row_line(row), *(_one_line(v) for v in row if isinstance(v, str))):
            if text:
                places.setdefault(text, (grid.sheet, grid.row_numbers[r]))
    return places


def _total_word_line(fields: dict[str, Cell], grid, settings, header_row: int | None) -> None:
    """ "Tổng cộng: 20 người" opening a line above the participants and the people table, when no total label
    was found: the total. Only as "word: number" — "Tổng cộng có 2 người không tham gia" is no total."""
    total_words = _layout(settings, "total_words", [])
    stop = min([r for r in (header_row, getattr(fields.get("participants"), "row", None)) if r is not None],
               default=len(grid.rows))
    for r in range(stop):
        text = next((v for v in grid.rows[r] if isinstance(v, str) and v.strip()), None)
        if text is None or not _says(text, total_words):
            continue
        head, colon, rest = text.partition(":")
        numbers = numbers_in(rest) if colon and len(head.split()) <= 3 else []
        if numbers and not numbers[0][0].is_rate and numbers[0][0].value.is_integer() \
                and not rest[:numbers[0][1]].strip():
            fields["total_staff"] = Cell(int(numbers[0][0].value), r, grid.row_numbers[r], "total_word", text)
            return


def roster_counts(fields: dict[str, Cell], roster: tuple[int, int], grid, header_row: int) -> None:
    """A whole roster with a tick column: its rows are the staff, its ticks the participants, unless count lines
    elsewhere say so (a value read from the roster's own header row is the tick column's, not a count)."""
    listed, ticked = roster
    for name, value in (("total_staff", listed), ("participants", ticked)):
        cell = fields.get(name)
        if cell is None or not cell.ok or cell.row in (header_row, header_row + 1):
            fields[name] = Cell(value, header_row, grid.row_numbers[header_row], "roster", str(value))


def is_guide(grid, settings) -> bool:
    """A sheet named or titled as instructions ("Hướng dẫn", "Ví dụ")."""
    words = _layout(settings, "guide_words", [])
    title = next((row_line(row) for row in grid.rows[:3] if row_line(row)), "")
    return has_words(match_key(grid.sheet), words) or _says(title, words) or starts_with_words(match_key(title), words)


def read_return(grids, settings) -> ReturnLayout:
    """One return from the grids of a file, every sheet accounted for.

    Several sheets each holding both counts are parts of the unit (a department, a school of a cluster) and are
    added up, or one of them is the total sheet where it agrees with the others; see `combine_sheets`. Else the
    grid holding the most stands, with people and date from another sheet when it has none. Every sheet not used
    is a note in ``sheet_notes`` saying why."""
    layouts = []
    for grid in grids:
        layouts.extend(table_parts(grid, settings) or [read_layout(grid, settings)])
    if not layouts:
        return ReturnLayout(sheet="")
    # a guide sheet's worked example is read only when no other sheet holds anything
    real = [lay for lay in layouts if not lay.is_guide and lay.score() > 0] or layouts
    counted = [lay for lay in real if lay.count("total_staff") is not None and lay.count("participants") is not None]
    used: list[ReturnLayout] = []
    notes: list[dict] = []
    if len(counted) >= 2:
        best, used, notes = combine_sheets(counted, settings)
    else:
        best = max(real, key=lambda lay: lay.score())
        used = [best]
    if best.people_header_row is None:
        with_people = [lay for lay in real if lay.people_header_row is not None and not _among(lay, used)]
        if with_people:
            best.people, best.none_listed = with_people[0].people, with_people[0].none_listed
            best.people_header_row = with_people[0].people_header_row
            best.rows_not_read = with_people[0].rows_not_read
            best.rows_not_read_sheets = [with_people[0].sheet] * len(with_people[0].rows_not_read)
            used.append(with_people[0])
    if best.report_date is None:
        # a covering letter on one sheet, the figures on an annex sheet: the letter's date is the report's
        dated = [lay for lay in real if lay.report_date is not None and not _among(lay, used)]
        if dated:
            best.report_date, best.date_row = dated[0].report_date, None  # its row is on another sheet
            best.problems = [p for p in best.problems if p["code"] != "date_invalid"]
            used.append(dated[0])
    for other in layouts:
        if other is not best:
            best.unit_lines.extend(line for line in other.unit_lines if line not in best.unit_lines)
            for text, place in other.line_places.items():
                best.line_places.setdefault(text, place)
    noted = {n["sheet"] for n in notes}
    for other in layouts:
        if _among(other, used) or other.sheet in noted or len(layouts) == 1:
            continue
        notes.append(_unused_note(other))
    best.sheet_notes = notes + best.sheet_notes
    return best


def table_parts(grid, settings) -> list[ReturnLayout] | None:
    """Several figure tables in one grid (a Word file with a table per school of a cluster): each read as a part,
    named "<sheet> (bảng N)"; None when the grid holds one return table (or the same figures said twice)."""
    grid = as_grid(grid)
    labels = Labels(settings.return_fields)  # all of them: a longer label ("Tổng số người không tham gia") wins
    opens = {"total_staff", *PAIR_FIELDS}
    starts: list[int] = []
    for r, row in enumerate(grid.rows):
        said = any(h.field in opens for v in row for h in labels.hits(_cell_text(v)))
        if said and (not starts or r - starts[-1] > 2):
            starts.append(r)
    if len(starts) < 2:
        return None
    bounds = [0, *starts[1:], len(grid.rows)]
    parts = []
    for i, (a, b) in enumerate(zip(bounds, bounds[1:]), start=1):
        sub = SimpleGrid(grid.rows[a:b], f"{grid.sheet} (bảng {i})", grid.row_numbers[a:b])
        parts.append(read_layout(sub, settings))
    counted = [p for p in parts if p.count("total_staff") is not None and p.count("participants") is not None]
    if len(counted) < 2 or len({(p.count("total_staff"), p.count("participants")) for p in counted}) == 1:
        return None
    for part in parts:
        part.people["sheet"] = grid.sheet  # people keep the file's own sheet; their row says where
    return parts


def _among(lay: ReturnLayout, group: list[ReturnLayout]) -> bool:
    return any(lay is other for other in group)


def _figures(lay: ReturnLayout) -> str:
    return f"{lay.count('participants')}/{lay.count('total_staff')}"


def _unused_note(lay: ReturnLayout) -> dict:
    """Why a sheet of the file is not used for the return."""
    if lay.is_guide:
        why, severity = "sheet hướng dẫn, ví dụ của nó không phải số liệu của đơn vị (guide sheet)", "info"
    elif any(name in lay.fields for name in COUNT_FIELDS):
        said = ", ".join(f"{n} = {lay.fields[n].raw or lay.fields[n].value}" for n in COUNT_FIELDS if n in lay.fields)
        why = (f"sheet chỉ có một phần số liệu ({said}), không đủ tổng số và số tham gia để ghép với sheet khác; "
               f"không dùng (partial figures only)")
        severity = "warning"
    elif lay.people_header_row is not None or lay.report_date is not None:
        why, severity = "danh sách / ngày đã lấy từ sheet khác; sheet này không dùng (already taken elsewhere)", "warning"
    else:
        why, severity = "sheet không có số liệu, ngày hay danh sách; chỉ đọc tên đơn vị (no return figures)", "info"
    return {"code": "sheet_unused", "severity": severity, "sheet": lay.sheet, "row": None,
            "message": f"Sheet '{lay.sheet}' không dùng: {why}"}


def _same_return(a: ReturnLayout, b: ReturnLayout) -> bool:
    """Two sheets holding the same figures and the same listed names: a copy, not two parts."""
    names = lambda lay: sorted(match_key(str(n)) for n in lay.people["full_name"])  # noqa: E731
    return (a.count("total_staff"), a.count("participants")) == (b.count("total_staff"), b.count("participants")) \
        and names(a) == names(b)


def combine_sheets(counted: list[ReturnLayout], settings) -> tuple[ReturnLayout, list[ReturnLayout], list[dict]]:
    """Sheets each holding both counts → (the return, the sheets used, notes).

    A copy of another sheet is left out. A sheet whose counts are the sum of all the others is the total sheet and
    stands (its parts are checks). A sheet named as a total ("Tổng hợp", cchc.toml total_words) that does not agree,
    or parts dated in different years, hold the return for review (a note with ``hold``). Else the parts are added
    up and their people listed together, each with its sheet."""
    notes: list[dict] = []
    parts: list[ReturnLayout] = []
    for lay in counted:
        twin = next((p for p in parts if _same_return(p, lay)), None)
        if twin is not None:
            notes.append({"code": "sheet_unused", "severity": "info", "sheet": lay.sheet, "row": None,
                          "message": f"Sheet '{lay.sheet}' trùng số liệu và danh sách với sheet '{twin.sheet}'; "
                                     f"chỉ tính một lần (a copy of another sheet)"})
        else:
            parts.append(lay)
    if len(parts) == 1:
        return parts[0], [parts[0]], notes
    listed = "; ".join(f"'{p.sheet}' {_figures(p)}" for p in parts)
    total_words = _layout(settings, "total_words", [])
    named = [p for p in parts if starts_with_words(match_key(p.sheet), total_words)]
    for total in parts:
        others = [p for p in parts if p is not total]
        if (len(others) >= 2 or _among(total, named)) and (total.count("total_staff"), total.count("participants")) == (
                sum(p.count("total_staff") for p in others), sum(p.count("participants") for p in others)):
            if total.people_header_row is None:
                _take_people(total, others)
            for p in others:
                notes.append({"code": "sheet_unused", "severity": "info", "sheet": p.sheet, "row": None,
                              "message": f"Sheet '{p.sheet}' ({_figures(p)}) đã cộng trong sheet tổng '{total.sheet}' "
                                         f"({_figures(total)}), khớp; dùng sheet tổng (part of an agreeing total sheet)"})
            return total, [total, *others], notes
    years = {p.report_date.year for p in parts if p.report_date is not None}
    combined = _added_up([p for p in parts if not _among(p, named)] or parts)
    if named:
        total = named[0]
        hold = (f"Sheet tổng '{total.sheet}' ({_figures(total)}) không khớp với tổng các sheet còn lại "
                f"({_figures(combined)}); các sheet (tham gia/tổng số): {listed} (total sheet disagrees with its parts)")
        if total.people_header_row is None:
            _take_people(total, [p for p in parts if p is not total])
        total.sheet_notes.append({"code": "sheets_disagree", "severity": "warning", "sheet": total.sheet,
                                  "row": None, "hold": True, "message": hold})
        return total, parts, notes
    if len(years) > 1:
        combined.sheet_notes.append({
            "code": "sheets_unclear", "severity": "warning", "sheet": combined.sheet, "row": None, "hold": True,
            "message": f"Các sheet ghi ngày báo cáo ở các năm khác nhau ({', '.join(map(str, sorted(years)))}), "
                       f"không rõ là các phần của một báo cáo; tạm cộng lại: {listed} (sheets' relation unclear)"})
    else:
        combined.sheet_notes.append({
            "code": "sheets_combined", "severity": "info", "sheet": combined.sheet, "row": None,
            "message": f"Báo cáo gồm {len(parts)} sheet, mỗi sheet một bộ phận, đã cộng lại: {listed} → "
                       f"{_figures(combined)} (sheets added up)"})
    return combined, parts, notes


def _take_people(total: ReturnLayout, parts: list[ReturnLayout]) -> None:
    """A total sheet without a people table lists the people of its parts."""
    with_people = [p for p in parts if p.people_header_row is not None]
    if with_people:
        total.people = pd.concat([p.people for p in with_people], ignore_index=True)
        total.people_header_row = with_people[0].people_header_row
        total.none_listed = all(p.none_listed for p in with_people)
        total.rows_not_read = [r for p in with_people for r in p.rows_not_read]
        total.rows_not_read_sheets = [p.sheet for p in with_people for _ in p.rows_not_read]


def _added_up(parts: list[ReturnLayout]) -> ReturnLayout:
    """Sheets of a unit's parts as one return: counts added, people listed together, the latest date."""
    first = parts[0]
    out = ReturnLayout(sheet="; ".join(p.sheet for p in parts))
    for name in ("total_staff", "participants", "non_participants_count"):
        values = [p.count(name) for p in parts]
        if all(v is not None for v in values):
            out.fields[name] = Cell(sum(values), first.fields[name].row, first.fields[name].file_row, "sheets_sum",
                                    " + ".join(str(v) for v in values))
    total, joined = out.count("total_staff"), out.count("participants")
    if total:
        out.fields["rate"] = Cell(joined / total, first.fields["total_staff"].row,
                                  first.fields["total_staff"].file_row, "sheets_sum", "")
    dated = [p for p in parts if p.report_date is not None]
    if dated:
        latest = max(dated, key=lambda p: p.report_date)
        out.report_date = latest.report_date
        out.date_row = latest.date_row if len(dated) == 1 else None
    _take_people(out, parts)
    if out.people_header_row is None:
        out.none_listed = any(p.none_listed for p in parts)
    for p in parts:
        out.problems.extend({**problem, "sheet": problem.get("sheet", p.sheet)} for problem in p.problems)
        out.unit_lines.extend(line for line in p.unit_lines if line not in out.unit_lines)
        out.footer_lines.extend(line for line in p.footer_lines if line not in out.footer_lines)
    return out
