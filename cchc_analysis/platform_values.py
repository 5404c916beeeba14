"""Values of a platform export, parsed vectorised: times, durations, counts, names and person keys.

Nothing here loops per attempt: pandas string methods over the column, or a Python call
per *distinct* value (names, keys), mapped back to the rows.
"""
from __future__ import annotations

import functools
import hashlib
import os
import secrets
from pathlib import Path

import numpy as np
import pandas as pd

from .text import clean_text_series, match_key_series, name_case_series

# Day-first text formats seen in exports, tried in turn on the rows still unparsed.
DAY_FIRST_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%H:%M:%S %d/%m/%Y",
    "%H:%M %d/%m/%Y",
    "%d/%m/%Y",
)
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
EXCEL_SERIAL = r"^\d{5}(?:\.\d+)?$"  # days since 1899-12-30: 1954 to 2173
ISO_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"
PHONE_IN_TEXT = r"\+?\d[\d .\-]{7,}\d"  # 9+ digits, maybe split by spaces, dots or dashes
KEY_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")  # hex → letters: a key never looks like a phone
KEY_LENGTH = 20  # 80 bits: no two people of a million share a key


def stripped(series: pd.Series) -> pd.Series:
    """Text with the edges trimmed; blank → NA (string dtype)."""
    text = series.astype("string").str.strip()
    return text.where(text != "", pd.NA)


def blank_to_na(series: pd.Series) -> pd.Series:
    """Empty text → NA, as the string dtype."""
    text = series.astype("string")
    return text.where(text != "", pd.NA)


def on_distinct(parse):
    """Run a column parser on the distinct values only and spread the result back (an export repeats values a lot)."""

    @functools.wraps(parse)
    def parse_distinct(series: pd.Series, *args):
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        # one missing value after the distinct ones: code -1 (missing) takes the last row
        distinct = pd.Series(list(uniques) + [None], dtype="string")
        result = parse(distinct, *args)
        parts = result if isinstance(result, tuple) else (result,)
        spread = tuple(pd.Series(part.array.take(codes), index=series.index) for part in parts)
        return spread if isinstance(result, tuple) else spread[0]

    return parse_distinct


def local_times(series: pd.Series, timezone: str) -> tuple[pd.Series, pd.Series]:
    """Times as tz-aware local datetimes; and which non-blank values could not be read."""
    text = stripped(series)
    result = pd.Series(pd.NaT, index=series.index, dtype=f"datetime64[us, {timezone}]")
    todo = text.notna()

    serial = todo & text.str.fullmatch(EXCEL_SERIAL, na=False).astype(bool)
    if serial.any():
        days = pd.to_numeric(text[serial], errors="coerce")
        result[serial] = (EXCEL_EPOCH + pd.to_timedelta(days, unit="D")).dt.round("s").dt.tz_localize(timezone)
        todo &= ~serial

    for fmt in DAY_FIRST_FORMATS:
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        hit = parsed.notna()
        if hit.any():
            index = hit[hit].index
            result[index] = parsed[index].dt.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT")
            todo[index] = False

    # ISO text, with or without an offset (calamine writes native Excel datetimes this way)
    with_offset = todo & text.str.contains(ISO_OFFSET, regex=True, na=False).astype(bool)
    if with_offset.any():
        parsed = pd.to_datetime(text[with_offset], format="ISO8601", utc=True, errors="coerce")
        index = parsed[parsed.notna()].index
        result[index] = parsed[index].dt.tz_convert(timezone)
        todo[index] = False
    naive = todo & ~with_offset
    if naive.any():
        parsed = pd.to_datetime(text[naive], format="ISO8601", errors="coerce")
        index = parsed[parsed.notna()].index
        result[index] = parsed[index].dt.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT")
        todo[index] = False
    return result, todo & result.isna()


@on_distinct
def numbers(series: pd.Series) -> pd.Series:
    """The first number in each cell ("17", "17/20", "8,5 điểm" → 17, 17, 8.5); NA when none."""
    text = stripped(series)
    first = text.str.extract(r"(-?\d+(?:[.,]\d+)?)", expand=False)
    return pd.to_numeric(first.str.replace(",", ".", regex=False), errors="coerce").astype("Float64")


@on_distinct
def whole_numbers(series: pd.Series) -> pd.Series:
    """A number written with thousands separators ("125.000", "125 000") → 125000; NA when none."""
    digits = stripped(series).str.replace(r"[.,\s](?=\d{3}(?:\D|$))", "", regex=True)
    return numbers(digits)


@on_distinct
def seconds(series: pd.Series) -> pd.Series:
    """Time taken in seconds: plain seconds, H:MM:SS / MM:SS, "5 phút 30 giây", or an Excel fraction of a day."""
    text = stripped(series)
    out = pd.Series(np.nan, index=series.index, dtype="Float64")
    plain = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    # a value under one is an Excel time cell (a fraction of a day), not a fraction of a second
    out = out.mask(plain.notna(), plain.where(plain >= 1, plain * 86400))
    clock = text.str.extract(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:\.\d+)?$").astype("Float64")
    clock_s = clock[0].fillna(0) * 3600 + clock[1] * 60 + clock[2]
    out = out.fillna(clock_s)
    folded = text.str.lower()
    words = pd.DataFrame(
        {
            "h": folded.str.extract(r"(\d+)\s*(?:giờ|gio|h\b)", expand=False),
            "m": folded.str.extract(r"(\d+)\s*(?:phút|phut|p\b|m\b)", expand=False),
            "s": folded.str.extract(r"(\d+)\s*(?:giây|giay|s\b)", expand=False),
        }
    ).astype("Float64")
    worded = words["h"].fillna(0) * 3600 + words["m"].fillna(0) * 60 + words["s"].fillna(0)
    out = out.fillna(worded.where(words.notna().any(axis=1)))
    return out.round(3)


@on_distinct
def clean_names(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Names in Vietnamese name case with any phone number taken out; and the phone digits found in them."""
    text = blank_to_na(clean_text_series(series))
    phone_in_name = text.str.extract(f"({PHONE_IN_TEXT})", expand=False)
    without = text.str.replace(PHONE_IN_TEXT, " ", regex=True)
    return blank_to_na(name_case_series(without)), phone_in_name


@on_distinct
def phone_numbers(series: pd.Series) -> pd.Series:
    """Phones as 0 + national digits (+84 / 84 / 0084 / a dropped leading 0 all → 0…); NA when not a phone."""
    digits = stripped(series).str.replace(r"\.0$", "", regex=True).str.replace(r"\D", "", regex=True)
    digits = digits.str.replace(r"^0084(?=\d{9,10}$)", "0", regex=True)
    digits = digits.str.replace(r"^84(?=\d{9,10}$)", "0", regex=True)
    digits = digits.where(~digits.str.fullmatch(r"[1-9]\d{8}", na=False).astype(bool), "0" + digits)
    return digits.where(digits.str.fullmatch(r"0\d{9,10}", na=False).astype(bool), pd.NA)


@on_distinct
def emails(series: pd.Series) -> pd.Series:
    """E-mail addresses in lower case; NA when the cell holds none."""
    text = stripped(series).str.lower().str.replace(r"\s+", "", regex=True)
    return text.where(text.str.fullmatch(r"[^@]+@[^@]+\.[^@]+", na=False).astype(bool), pd.NA)


def read_or_create_key(path: Path) -> bytes:
    """The secret of the keyed hash, created once (0600) so keys stay the same from run to run."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another run created it a moment ago
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(32) + "\n")
    secret = path.read_text(encoding="ascii").strip()
    if len(secret) < 32:
        raise ValueError(f"person key file {path} is empty or too short; delete it to make a new one")
    return secret.encode("ascii")


def keyed_hasher(secret: bytes):
    """A function giving HMAC-SHA256 of one identity in letters only (RFC 2104, pads hashed once, not per value)."""
    block = hashlib.sha256().block_size
    key = (hashlib.sha256(secret).digest() if len(secret) > block else secret).ljust(block, b"\0")
    inner_pad = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer_pad = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def keyed_hash(value: str) -> str:
        inner = inner_pad.copy()
        inner.update(value.encode("utf-8"))
        outer = outer_pad.copy()
        outer.update(inner.digest())
        return outer.hexdigest()[:KEY_LENGTH].translate(KEY_LETTERS)

    return keyed_hash


def identities(phone: pd.Series, email: pd.Series, id_number: pd.Series, name: pd.Series, unit: pd.Series) -> pd.Series:
    """What identifies each person: the phone, else the e-mail, else the ID number, else name + unit; NA when none."""
    ids = stripped(id_number).str.replace(r"\s", "", regex=True)
    name_key = blank_to_na(match_key_series(name))
    unit_key = match_key_series(unit).astype("string")
    by_name = "name:" + name_key + "|" + unit_key
    identity = ("phone:" + phone).fillna("email:" + email).fillna("id:" + ids).fillna(by_name)
    return identity


def person_keys(identity: pd.Series, secret: bytes) -> pd.Series:
    """The keyed hash of each identity, computed once per distinct identity."""
    codes, uniques = pd.factorize(identity, use_na_sentinel=True)
    keyed_hash = keyed_hasher(secret)
    keys = np.array([keyed_hash(value) for value in np.asarray(uniques, dtype=object)] + [None], dtype=object)
    return pd.Series(keys[codes], index=identity.index, dtype="string")  # code -1 (no identity) → NA
