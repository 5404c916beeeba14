"""The return's report date: "ngày 16 tháng 12 năm 2024", "Sao Đỏ, 16/12/2024", or a date cell, never the date
of a document the return quotes.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache


from ..text import fold, match_key, starts_with_words
from .grid import Labels, filled, layout_setting, as_grid, row_line
from .numbers import DATE_NUMBERS

DATE_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{2,4})")
# "Chí Linh, ngày ..." / "Sao Đỏ, 16/12/2024": a short place name then a comma opens the place-and-date line
PLACE_PREFIX = re.compile(r"^[^\d:;,]{2,60},\s*(?:ngay\s*)?$")
PLACE_AT_END = re.compile(r"(?:^|[\s.;])[^\d:;,./()]{2,40},\s*(?:ngay\s*)?$")
OWN_NUMBER = re.compile(r"^\s*so\s*:\s*\d+\s*/\s*[\w\-./]*\s*")


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
    refs = _folded(tuple(layout_setting(settings, "date_reference_words", [])))
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
    guide_words = layout_setting(settings, "guide_words", [])
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
        if filled(value) and value != row[c]:
            yield value, r
            break
    for j in range(r + 1, min(r + 3, len(grid.rows))):
        below = grid.rows[j][c] if c < len(grid.rows[j]) else None
        if filled(below) and below != row[c]:
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
