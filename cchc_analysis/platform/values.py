"""Values of a platform export, parsed vectorised: times, durations, counts, names and person keys.

Nothing here loops per attempt: pandas string methods over the column, or a Python call
per *distinct* value (names, keys), mapped back to the rows.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..text import clean_text_series, name_case_series

# Day-first text formats seen in exports, tried in turn on the rows still unparsed.
DAY_FIRST_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%H:%M:%S %d/%m/%Y",
    "%H:%M %d/%m/%Y",
    "%d/%m/%Y",
    "%d/%m/%Y %I:%M:%S %p",  # AM/PM: an English-locale Excel (its month-first dates turned day first beforehand)
    "%d/%m/%Y %I:%M %p",
)
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
EXCEL_SERIAL = r"^\d{5}(?:\.\d+)?$"  # days since 1899-12-30: 1954 to 2173
ISO_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"
PHONE_IN_TEXT = r"\+?\d[\d .\-]{7,}\d"  # 9+ digits, maybe split by spaces, dots or dashes
PHONE_SEPARATOR = r"\s*(?:[,;/|\n]|\s[-–]\s|\bhoặc\b|\bhoac\b)\s*"  # between two phones typed in one cell
EMAIL_IN_TEXT = r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+\.[A-Za-z]{2,}"
EXCEL_DAY_ZERO = r"^(?:1899-12-3[01]|1900-01-0[01])[ T]"  # an Excel time cell read as a datetime on day 0
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
        distinct = pd.Series(pd.array(with_null(pd.Index(uniques).astype("string")), dtype="string"))
        result = parse(distinct, *args)
        parts = result if isinstance(result, tuple) else (result,)
        spread = tuple(pd.Series(part.array.take(codes), index=series.index) for part in parts)
        return spread if isinstance(result, tuple) else spread[0]

    return parse_distinct


def with_null(values) -> pa.Array:
    """Text values as an Arrow array with one null after them (built in C, not through a Python list)."""
    text = pa.array(values, type=pa.large_string())
    text = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text  # a pandas Arrow-backed column
    return pa.concat_arrays([text, pa.nulls(1, pa.large_string())])


def day_first_text(series: pd.Series, group: pd.Series) -> pd.Series:
    """Dates of a file written month first (some value reads 11/20/2024, none 20/11/2024) turned day first.

    A file is judged as a whole, never value by value: in a month-first file 12/05/2024 is 5 December.
    """
    text = stripped(series)
    arrow = pa.array(text, type=pa.large_string())
    # the usual case, one pass in C: no value has a second number above 12, so nothing can be month first
    if not pc.any(pc.match_substring_regex(arrow, r"^\d{1,2}[/.-](?:1[3-9]|[2-9]\d)[/.-]\d{4}")).as_py():
        return text
    parts = pc.extract_regex(arrow, r"^(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-]\d{4}")
    first = pd.Series(pc.struct_field(parts, [0]).cast(pa.float64()).to_numpy(zero_copy_only=False), index=text.index)
    second = pd.Series(pc.struct_field(parts, [1]).cast(pa.float64()).to_numpy(zero_copy_only=False), index=text.index)
    if not (second > 12).any():  # the usual case: nothing can be month first
        return text
    month_first = (second > 12).groupby(group.to_numpy()).transform("any") & \
        ~(first > 12).groupby(group.to_numpy()).transform("any") & first.notna()
    if not month_first.any():
        return text
    swapped = text[month_first].str.replace(r"^(\d{1,2})([/.-])(\d{1,2})([/.-])", r"\3\2\1\4", regex=True)
    return text.where(~month_first, swapped)


def local_times(series: pd.Series, timezone: str) -> tuple[pd.Series, pd.Series]:
    """Times as tz-aware local datetimes; and which non-blank values could not be read."""
    text = stripped(series).reset_index(drop=True)
    wall = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[us]")  # local wall-clock times, zone added once
    todo = text.notna().to_numpy(dtype=bool, copy=True)

    serial = todo & text.str.fullmatch(EXCEL_SERIAL, na=False).to_numpy(dtype=bool)
    if serial.any():
        days = pd.to_numeric(text[serial], errors="coerce")
        wall[serial] = (EXCEL_EPOCH + pd.to_timedelta(days, unit="D")).dt.round("s").to_numpy("datetime64[us]")
        todo &= ~serial

    for fmt in DAY_FIRST_FORMATS:
        if not todo.any():
            break
        rows = np.flatnonzero(todo)
        parsed = day_first_times(text.iloc[rows], fmt)
        hit = ~np.isnat(parsed)
        wall[rows[hit]] = parsed[hit]
        todo[rows[hit]] = False

    # ISO text with an offset is an instant, placed in the zone after the wall-clock times are localised
    with_offset = np.zeros(len(text), dtype=bool)
    if todo.any():  # usually nothing is left by now: look for offsets only among the rows still unread
        with_offset[todo] = text[todo].str.contains(ISO_OFFSET, regex=True, na=False).to_numpy(dtype=bool)
    naive = todo & ~with_offset
    if naive.any():
        parsed = pd.to_datetime(text[naive], format="ISO8601", errors="coerce").to_numpy("datetime64[us]")
        hit = ~np.isnat(parsed)
        wall[np.flatnonzero(naive)[hit]] = parsed[hit]
        todo[np.flatnonzero(naive)[hit]] = False
    result = pd.Series(wall).dt.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT")
    if with_offset.any():
        parsed = pd.to_datetime(text[with_offset], format="ISO8601", utc=True, errors="coerce")
        parsed = parsed[parsed.notna()]
        result[parsed.index] = parsed.dt.tz_convert(timezone).astype(result.dtype)
        todo[parsed.index] = False
    result.index = series.index
    return result, pd.Series(todo & result.isna().to_numpy(), index=series.index)


# strptime directive → (strict pattern, its place in "%Y-%m-%d %H:%M:%S"); a missing time part is 00
STRICT_PARTS = {"%d": (r"(\d{2})", 2), "%m": (r"(\d{2})", 1), "%Y": (r"(\d{4})", 0), "%H": (r"(\d{2})", 3),
                "%M": (r"(\d{2})", 4), "%S": (r"(\d{2})", 5)}


@functools.cache
def canonical_rewrite(fmt: str) -> tuple[str, str]:
    """A strict regex for fmt with two digits everywhere, and the rewrite that spells a match as ISO text."""
    pieces = re.split(r"(%[dmYHMS])", fmt)
    pattern, order = "", []
    for piece in pieces:
        if piece in STRICT_PARTS:
            pattern += STRICT_PARTS[piece][0]
            order.append(STRICT_PARTS[piece][1])
        else:
            pattern += re.escape(piece)
    group = {place: f"\\{number}" for number, place in enumerate(order, start=1)}
    part = [group.get(place, "00") for place in range(6)]
    return f"^{pattern}$", f"{part[0]}-{part[1]}-{part[2]} {part[3]}:{part[4]}:{part[5]}"


def day_first_times(text: pd.Series, fmt: str) -> np.ndarray:
    """Texts written in one day-first format → datetime64[us], NaT where not.

    The usual spelling (two digits everywhere) has its digits at fixed places: they are read straight from the
    bytes, and a date that does not exist (31/02, 24:00) stays unreadable. Other spellings ("5/1/2024 8:00") go to
    pandas, which knows every way the format can be written.
    """
    arrow_text = pa.array(text.astype("string"), type=pa.large_string())
    pattern, _ = canonical_rewrite(fmt)
    strict = pc.fill_null(pc.match_substring_regex(arrow_text, pattern), False)
    strict_rows = strict.to_numpy(zero_copy_only=False)
    result = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[us]")
    if strict_rows.any():
        result[strict_rows] = fixed_place_times(arrow_text.filter(strict), fmt)
    other = ~strict_rows
    if other.any():
        rest = pd.to_datetime(text[other], format=fmt, errors="coerce")
        result[other] = rest.to_numpy("datetime64[us]")
    return result


# strptime directive → width in characters, when written with every digit
DIGITS = {"%d": 2, "%m": 2, "%Y": 4, "%H": 2, "%M": 2, "%S": 2}
DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def fixed_place_times(values: pa.Array, fmt: str) -> np.ndarray:
    """Texts that all match fmt's strict pattern (so all of one length, ASCII) → datetime64[us], NaT for a date or
    time that does not exist."""
    places, at = {}, 0
    for piece in re.split(r"(%[dmYHMS])", fmt):
        if piece in DIGITS:
            places[piece] = (at, DIGITS[piece])
            at += DIGITS[piece]
        else:
            at += len(piece)
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int64)[values.offset: values.offset + len(values) + 1]
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)[offsets[0]: offsets[0] + at * len(values)]
    places_bytes = np.ascontiguousarray(data.reshape(len(values), at).T)  # one row per character place

    def number(directive: str) -> np.ndarray:
        out = np.zeros(len(values), dtype=np.int64)
        if directive in places:
            start, width = places[directive]
            for place in range(start, start + width):
                out = out * 10 + (places_bytes[place] - ord("0"))  # a digit: the pattern matched
        return out

    year, month, day = number("%Y"), number("%m"), number("%d")
    hour, minute, second = number("%H"), number("%M"), number("%S")
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_ok = (month >= 1) & (month <= 12)
    last_day = DAYS_IN_MONTH[np.clip(month, 1, 12) - 1] + (leap & (month == 2))
    ok = (year >= 1) & month_ok & (day >= 1) & (day <= last_day) & (hour <= 23) & (minute <= 59) & (second <= 59)
    months = ((year - 1970) * 12 + np.clip(month, 1, 12) - 1).astype("datetime64[M]")
    days = months.astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")
    times = days.astype("datetime64[us]") + (hour * 3600 + minute * 60 + second).astype("timedelta64[s]")
    return np.where(ok, times, np.datetime64("NaT"))


def is_number_column(series: pd.Series) -> bool:
    """A column read typed as numbers (platform_read.NUMERIC_FIELDS), not as text."""
    return pd.api.types.is_float_dtype(series.dtype) or pd.api.types.is_integer_dtype(series.dtype)


def text_cells(series: pd.Series) -> pa.Array:
    """A raw column as Arrow text; numbers spelt as the all-text read spells them ("17", "8.5")."""
    if is_number_column(series):
        return pa.array(series.astype("float64"), from_pandas=True).cast(pa.large_string())
    return pa.array(series.astype("string"), type=pa.large_string())


def numbers(series: pd.Series) -> pd.Series:
    """The first number in each cell ("17", "17/20", "8,5 điểm" → 17, 17, 8.5); NA when none."""
    if is_number_column(series):
        return series.astype("Float64")
    return numbers_in_text(series)


@on_distinct
def numbers_in_text(series: pd.Series) -> pd.Series:
    """numbers() of a text column."""
    text = pa.array(stripped(series), type=pa.large_string())
    # Arrow's extract_regex runs in C; pandas' str.extract goes through Python value by value
    first = pc.struct_field(pc.extract_regex(text, r"(?P<number>-?\d+(?:[.,]\d+)?)"), [0])  # null: no number
    values = pc.replace_substring(first, ",", ".").cast(pa.float64()).to_numpy(zero_copy_only=False)
    return pd.Series(values, index=series.index).astype("Float64")


def whole_numbers(series: pd.Series) -> pd.Series:
    """A number written with thousands separators ("125.000", "125 000") → 125000; NA when none."""
    if is_number_column(series):
        return series.astype("Float64")
    return whole_numbers_in_text(series)


@on_distinct
def whole_numbers_in_text(series: pd.Series) -> pd.Series:
    """whole_numbers() of a text column."""
    text = stripped(series)
    separated = pc.match_substring_regex(pa.array(text, type=pa.large_string()), r"[.,\s]\d{3}(?:\D|$)")
    grouped = pd.Series(pc.fill_null(separated, False).to_numpy(zero_copy_only=False), index=text.index)
    if grouped.any():  # the look-ahead runs in Python's re: only on the few values that have a separator
        text = text.where(~grouped, text[grouped].str.replace(r"[.,\s](?=\d{3}(?:\D|$))", "", regex=True))
    return numbers(text)


def seconds(series: pd.Series) -> pd.Series:
    """Time taken in seconds: plain seconds, H:MM:SS / MM:SS, "5 phút 30 giây", or an Excel fraction of a day."""
    if is_number_column(series):
        plain = series.astype("Float64")
        # a value under one is an Excel time cell (a fraction of a day), not a fraction of a second
        return plain.where(plain >= 1, plain * 86400).round(3)
    return seconds_in_text(series)


@on_distinct
def seconds_in_text(series: pd.Series) -> pd.Series:
    """seconds() of a text column."""
    text = stripped(series).str.replace(EXCEL_DAY_ZERO, "", regex=True)
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
            # a unit letter ends where no letter follows: "12p35s" is 12 minutes 35 seconds
            "h": folded.str.extract(r"(\d+)\s*(?:giờ|gio|h)(?:[^a-zà-ỹđ]|$)", expand=False),
            "m": folded.str.extract(r"(\d+)\s*(?:phút|phut|p|m)(?:[^a-zà-ỹđ]|$)", expand=False),
            "s": folded.str.extract(r"(\d+)\s*(?:giây|giay|s)(?:[^a-zà-ỹđ]|$)", expand=False),
        }
    ).astype("Float64")
    worded = words["h"].fillna(0) * 3600 + words["m"].fillna(0) * 60 + words["s"].fillna(0)
    out = out.fillna(worded.where(words.notna().any(axis=1)))
    return out.round(3)


@on_distinct
def clean_names(series: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Names in Vietnamese name case with any phone number or e-mail taken out; and the phone and e-mail found."""
    text = blank_to_na(clean_text_series(series))
    email_in_name = text.str.extract(f"({EMAIL_IN_TEXT})", expand=False).str.lower()
    text = text.str.replace(EMAIL_IN_TEXT, " ", regex=True)
    phone_in_name = text.str.extract(f"({PHONE_IN_TEXT})", expand=False)
    without = text.str.replace(PHONE_IN_TEXT, " ", regex=True).str.replace(r"\(\s*\)|\[\s*\]", " ", regex=True)
    return blank_to_na(name_case_series(without)), phone_in_name, email_in_name


@on_distinct
def phone_numbers(series: pd.Series) -> pd.Series:
    """Phones as 0 + national digits (+84 / 84 / 0084 / a dropped leading 0 all → 0…); NA when not a phone."""
    text = stripped(series).str.replace(r"\.0$", "", regex=True)
    phones = national_phones(text)
    # a cell holding two phones ("0912… - 0987…", "0912…/0987…"): the first one is the person's. Only the cells
    # that gave no phone are looked at (the separator pattern runs in Python's re, value by value)
    unread = text[phones.isna() & text.notna()]
    two = unread[unread.str.contains(PHONE_SEPARATOR, regex=True, na=False).astype(bool)]
    if len(two):
        first = two.str.split(PHONE_SEPARATOR, n=1, regex=True).str[0]
        phones[two.index] = national_phones(first)
    return phones


def national_phones(text: pd.Series) -> pd.Series:
    """The digits of each cell as a 0… phone (+84 / 84 / 0084, with or without the trunk 0); NA when not a phone."""
    digits = text.str.replace(r"\D", "", regex=True)
    # no look-ahead: Arrow's RE2 runs these in C, a look-ahead would send every value through Python's re
    digits = digits.str.replace(r"^(?:00)?840?(\d{9,10})$", r"0\1", regex=True)
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


def identities(phone: pd.Series, email: pd.Series, id_number: pd.Series, name: pd.Series, unit: pd.Series) -> pd.Series:
    """What identifies each person; NA when nothing does.

    Rows sharing a phone, an e-mail or an ID number are one person (linked through any detail they share), named by
    the person's phone, else e-mail, else ID number. A row with none of these is the person of the same name and unit
    when exactly one such person has a detail, else name + unit.
    """
    ids = stripped(id_number).str.replace(r"\s", "", regex=True)
    identity = linked_details([("phone:", phone), ("email:", email), ("id:", ids)], name)
    rest = identity.isna()
    if rest.any():  # name + unit only for the rows that have nothing better
        name_unit = (blank_to_na(accent_free_keys(name)) + "|" + accent_free_keys(unit).fillna("")).astype("string")
        known = pd.DataFrame({"key": name_unit, "identity": identity})[~rest & among(name_unit, name_unit[rest])]
        people = known.drop_duplicates().groupby("key", sort=False)["identity"]
        single = people.first()[people.size() == 1]  # (already distinct pairs: size is the number of people)
        identity[rest] = name_unit[rest].map(single).astype("string").fillna("name:" + name_unit[rest])
    return identity


@on_distinct
def accent_free_keys(series: pd.Series) -> pd.Series:
    """text.match_key of every value, in C (Arrow): no accents, đ → d, lower case, other characters → one space."""
    text = pa.array(series.astype("string"), type=pa.large_string())
    text = pc.utf8_normalize(pc.utf8_normalize(text, form="NFC"), form="NFD")
    text = pc.utf8_lower(pc.replace_substring_regex(text, r"\p{Mn}+", ""))
    text = pc.replace_substring(text, "đ", "d")
    text = pc.utf8_trim(pc.replace_substring_regex(text, r"[^a-z0-9]+", " "), " ")
    return pd.Series(pd.array(text, dtype="string"), index=series.index)


def among(values: pd.Series, wanted) -> np.ndarray:
    """values.isin(wanted) in C (pandas' isin on Arrow text goes through a Python list)."""
    value_set = pa.array(pd.Series(wanted).astype("string").dropna().unique(), type=pa.large_string())
    hit = pc.is_in(pa.array(values.astype("string"), type=pa.large_string()), value_set=value_set)
    return pc.fill_null(hit, False).to_numpy(zero_copy_only=False)


def linked_details(details: list[tuple[str, pd.Series]], names: pd.Series | None = None) -> pd.Series:
    """Per row, the preferred detail of everyone linked to it by a shared detail (earlier in the list is preferred)."""
    own = pd.Series(pd.NA, index=details[0][1].index, dtype="string")
    for prefix, values in reversed(details):
        own = (prefix + values.astype("string")).fillna(own)
    count = sum(values.notna().to_numpy(dtype=bool) for _, values in details)
    linking = count >= 2
    if not linking.any():
        return own
    details = [details[0]] + [(prefix, unshared(values, details[0][1], names, linking))
                              for prefix, values in details[1:]]
    count = sum(values.notna().to_numpy(dtype=bool) for _, values in details)
    linking = count >= 2
    if not linking.any():
        return own
    # only the details of rows holding two or more can join people: their graph is small
    nodes = pd.concat([(str(rank) + prefix + values[linking].astype("string")).reset_index(drop=True)
                       for rank, (prefix, values) in enumerate(details)], ignore_index=True)
    # the rank digit makes the sorted order the order of preference: a component's smallest node names it
    codes, uniques = pd.factorize(nodes, sort=True, use_na_sentinel=True)
    codes = codes.reshape(len(details), int(linking.sum()))
    first = np.full(codes.shape[1], -1, dtype=codes.dtype)
    for row_codes in codes[::-1]:
        first = np.where(row_codes >= 0, row_codes, first)
    links = (codes >= 0) & (codes != first)
    labels = components(len(uniques), np.broadcast_to(first, codes.shape)[links], codes[links])
    plain = pd.Index(uniques).astype("string").str.slice(1)  # the rank digit off
    named = pd.Series(plain[labels], index=plain)
    moved = among(own, named.index)
    own[moved] = own[moved].map(named)
    return own


def unshared(values: pd.Series, phones: pd.Series, names: pd.Series | None, linking: np.ndarray) -> pd.Series:
    """The values (e-mails, IDs) that may link rows: one typed beside two or more phones by people of two or more
    names is an office's shared address, not one person's, and links no one."""
    both = linking & values.notna().to_numpy(dtype=bool) & phones.notna().to_numpy(dtype=bool)
    if not both.any():
        return values
    name_keys = accent_free_keys(names[both]) if names is not None else phones[both]
    seen = pd.DataFrame({"value": values[both], "phone": phones[both], "name": name_keys})
    spread = seen.groupby("value")[["phone", "name"]].nunique()
    shared = spread.index[((spread["phone"] > 1) & (spread["name"] > 1)).to_numpy()]
    return values.mask(among(values, shared)) if len(shared) else values


def components(size: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of a graph given as edges a–b: each node's label is the smallest node of its component."""
    labels = np.arange(size)
    while True:
        smaller = np.minimum(labels[a], labels[b])
        new = labels.copy()
        np.minimum.at(new, a, smaller)
        np.minimum.at(new, b, smaller)
        while True:  # pointer jumping: every node straight to its component's current smallest node
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, labels):
            return labels
        labels = new


def hmac_sha256_all(secret: bytes, values: list[str]) -> bytes:
    """HMAC-SHA256 (RFC 2104) of every value, the 32-byte digests one after another.

    The key's two pads are hashed once and each value costs two copies of a hash state; OpenSSL's one-shot
    hmac.digest sets the key up again on every call and is twice as slow for a million short values.
    """
    block = hashlib.sha256().block_size
    key = (hashlib.sha256(secret).digest() if len(secret) > block else secret).ljust(block, b"\0")
    inner_pad = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer_pad = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def digest(value: str, inner_copy=inner_pad.copy, outer_copy=outer_pad.copy) -> bytes:
        inner = inner_copy()
        inner.update(value.encode("utf-8"))
        outer = outer_copy()
        outer.update(inner.digest())
        return outer.digest()

    return b"".join(map(digest, values))


def person_keys(identity: pd.Series, secret: bytes) -> pd.Series:
    """The keyed hash of each identity, computed once per distinct identity."""
    codes, uniques = pd.factorize(identity, use_na_sentinel=True)
    # OpenSSL's one-shot HMAC per distinct identity; the hex → letters spelling is done on all digests at once
    values = pa.array(uniques, type=pa.large_string()).to_pylist()  # iterating the pandas array is 3× slower
    digests = hmac_sha256_all(secret, values)
    head = np.frombuffer(digests, dtype=np.uint8).reshape(-1, hashlib.sha256().digest_size)[:, : KEY_LENGTH // 2]
    nibbles = np.stack([head >> 4, head & 0x0F], axis=-1).reshape(len(uniques), KEY_LENGTH)
    letters = np.ascontiguousarray(nibbles + ord("a"), dtype=np.uint8).view(f"S{KEY_LENGTH}").ravel()
    keys = with_null(letters.astype(f"U{KEY_LENGTH}"))
    keys = keys.take(pa.array(np.where(codes < 0, len(keys) - 1, codes)))
    return pd.Series(pd.array(keys, dtype="string"), index=identity.index)  # code -1 (no identity) → NA



def mapped_text(series: pd.Series, mapping: dict) -> pd.Series:
    """series.map(mapping) as text (NA where the mapping has no value), looked up once per distinct value."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    found = pd.Series(pd.Index(uniques).map(mapping), dtype="string")
    values = with_null(found.fillna("")).take(pa.array(np.where(codes < 0, len(found), codes)))
    out = pd.Series(pd.array(values, dtype="string"), index=series.index)
    missing = np.append(found.isna().to_numpy(), True)[np.where(codes < 0, len(found), codes)]
    return out.mask(missing)


def duplicated_rows(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """frame.duplicated(columns), computed in full only on the rows sharing their first two columns with another row
    (a row repeating all the columns repeats those two; hashing two columns as numbers is several times cheaper)."""
    first, second = (pd.factorize(frame[name], use_na_sentinel=True)[0].astype(np.int64) for name in columns[:2])
    pair = (first + 1) * (int(second.max(initial=0)) + 2) + (second + 1)
    candidates = np.flatnonzero(pd.Series(pair).duplicated(keep=False).to_numpy())
    out = np.zeros(len(frame), dtype=bool)
    if len(candidates):
        out[candidates] = frame.iloc[candidates].duplicated(columns).to_numpy()
    return pd.Series(out, index=frame.index)
