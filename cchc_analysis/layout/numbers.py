"""Numbers in the text of a cell: "1.234" (Vietnamese thousands), "93,75", "85%", "20/22", "49 trên 51";
a year or a document number is not a count.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


from ..text import fold

# the value of such a label: "49/51", "49 / 51 người", "49 trên 51" (Vietnamese thousands "1.234" allowed)
PAIR_VALUE = re.compile(r"(?<![\d.,/])(\d{1,3}(?:\.\d{3})+|\d+)\s*(?:/|\btren\b)\s*(\d{1,3}(?:\.\d{3})+|\d+)(?![\d/.,])")
# a number as typed: "1.234" (Vietnamese thousands), "93,75", "-5", optionally "%" or "/22"
NUMBER = re.compile(
    r"(?<![\w/.,])(?P<num>-?\d{1,3}(?:\.\d{3})+(?![\d,])|-?\d+(?:[.,]\d+)?)"
    r"(?P<pct>\s*%)?(?:\s*/\s*(?P<of>\d+)(?![\d/]))?(?!\s*/\s*[^\d\s])"
)
# "năm 2024" is a year, "số 120/KH-UBND" a document number: neither is a count
YEAR_BEFORE = re.compile(r"(?:nam|thang|ngay|so hieu)\s*$")
DATE_NUMBERS = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})(?![\d/])")


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


def pair_value(raw) -> tuple[int, int] | None:
    """ "49/51", "49 / 51 người", "49 trên 51" → (49, 51); None when the text holds no such pair."""
    if not isinstance(raw, str):
        return None
    m = PAIR_VALUE.search(fold(raw))
    if m is None:
        return None
    a, b = (int(x.replace(".", "")) for x in m.groups())
    return a, b
