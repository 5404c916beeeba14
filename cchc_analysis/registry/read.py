"""The registry of units (units.xlsx → `units` table) and the one name → unit_code matcher.

Everything downstream is keyed on `unit_code`. A typed unit name ("UBND P.Sao Đỏ", "phong noi vu",
"THCS Chu Văn An") is resolved in this order: pinned alias → exact accent-free key → abbreviations
expanded / leading words dropped → (for typed names, when asked) partial: every word of the typed name in
exactly one registry name of the same kind ("phòng giáo dục" → Phòng Giáo dục và Đào tạo) → fuzzy (rapidfuzz)
that must agree on the kind word. A place name shared by several units with no kind word, two units holding
every typed word, or two units scoring too close, is `ambiguous`: never a guess.
Every word list (kinds, abbreviations, parent bodies, lead words) is data in cchc.toml.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from .config import Settings
from .issues import IssueLog
from .readers import read_grids
from .text import clean_text, match_key, starts_with_words

UNIT_COLUMNS = ["unit_code", "unit_name", "group", "staff_registry", "other_names", "kind", "name_key",
                "head_name"]  # head_name: the unit head, "" when the registry has no such column
MATCH_COLUMNS = ["text", "unit_code", "method", "score", "candidates"]
HEADER_SCAN_ROWS = 30  # the header sits under a title row or two, never deep in the sheet
LEAD_SLIP_SCORE = 85  # "truongg" vs "truong" scores 92, "ubbnd" vs "ubnd" 89 (but "trung" too: see strip_lead)
MAX_NAME_WORDS = 20  # longest unit name (in words) looked for inside a line of a return
FILLER_WORDS = {"va", "cua"}  # "và", "của": a typed name of these words alone names nothing
PROPOSALS = 3  # candidates proposed for a typed name no unit was decided for
OTHER_KIND_SHARE = 0.7  # a candidate of another kind than the typed name's scores this share of its likeness


class RegistryError(Exception):
    """The registry file is missing, unreadable, or holds no usable unit: nothing can be done."""


# ---------------------------------------------------------------------------------------------
# Reading the registry file
# ---------------------------------------------------------------------------------------------


def _grids_of(path: Path, settings: Settings, log: IssueLog) -> list[tuple[str, list[list], list[int]]]:
    """(sheet, rows, row_numbers) per sheet of the registry file."""
    grids = read_grids(path, settings.limits, log, path.name)
    return [(g.sheet, g.rows, g.row_numbers) for g in grids]


def _synonym_keys(settings: Settings) -> dict[str, str]:
    """match_key of every header synonym → the standard column it names."""
    return {match_key(word): column for column, words in settings.registry_columns.items() for word in words}


def _header_columns(row: list, synonyms: dict[str, str]) -> dict[str, int]:
    """Standard column → cell index, when this row reads as the registry header (code and name found)."""
    found: dict[str, int] = {}
    ordered = sorted(synonyms, key=len, reverse=True)
    for index, cell in enumerate(row):
        key = match_key(cell) if isinstance(cell, str) else ""
        if not key:
            continue
        # exact synonym first, else the longest synonym the header starts with ("Tổng số CBCCVC (người)")
        column = synonyms.get(key) or next((synonyms[s] for s in ordered if key.startswith(s + " ")), None)
        if column and column not in found:
            found[column] = index
    return found if {"unit_code", "unit_name"} <= found.keys() else {}


def _find_header(grids, settings: Settings):
    """(sheet, rows, row_numbers, header index, columns) of the first sheet holding the header."""
    synonyms = _synonym_keys(settings)
    wanted = match_key(settings.registry_sheet)
    for sheet, rows, numbers in grids:
        if wanted and match_key(sheet) != wanted:
            continue
        for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            columns = _header_columns(row, synonyms)
            if columns:
                return sheet, rows, numbers, index, columns
    return None


def _cell(row: list, index: int | None):
    return row[index] if index is not None and index < len(row) else None


def _code_text(value) -> str:
    """A unit code as text: 101.0 typed as a number reads "101"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(value)


# no unit of a city or province has this many staff: a larger "headcount" is a phone or ID number typed there
MAX_HEADCOUNT = 1_000_000


def parse_headcount(value) -> int | None:
    """A headcount as a person reads it: 25, 25.0, "25", "25 người", "1.250" → int; else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        plausible = value == value and float(value).is_integer() and 0 <= value <= MAX_HEADCOUNT
        return int(value) if plausible else None
    text = clean_text(value)
    if re.match(r"0\d", text):
        return None  # a count is never typed with a leading zero; a phone number is
    # "1.250" and "1 250" group thousands; "25,0" is a whole number typed with a decimal
    found = re.fullmatch(r"(\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:[.,]0+)?\s*(?:người|ng|cb|cbccvc|đồng chí|đ/c)?\.?",
                         text, re.I)
    count = int(re.sub(r"\D", "", found.group(1))) if found else None
    return count if count is not None and count <= MAX_HEADCOUNT else None


def _other_names_text(value) -> str:
    """The ';'-separated other names, each cleaned, blanks dropped."""
    names = [clean_text(part) for part in clean_text(value).split(";")]
    return "; ".join(n for n in names if n)


def _registry_rows(rows, numbers, header: int, columns: dict[str, int]) -> pd.DataFrame:
    """The raw rows under the header as a frame with the standard columns and the file row number."""
    body = rows[header + 1:]
    frame = pd.DataFrame(
        {
            "row": numbers[header + 1:header + 1 + len(body)],
            "unit_code": [_code_text(_cell(r, columns["unit_code"])) for r in body],
            "unit_name": [clean_text(_cell(r, columns["unit_name"])) for r in body],
            "group": [clean_text(_cell(r, columns.get("group"))) for r in body],
            "staff_raw": [_cell(r, columns.get("staff_registry")) for r in body],
            "other_names": [_other_names_text(_cell(r, columns.get("other_names"))) for r in body],
            "head_name": [clean_text(_cell(r, columns.get("head_name"))) for r in body],  # optional column
        }
    )
    blank = frame[["unit_code", "unit_name", "group", "other_names"]].eq("").all(axis=1) & frame["staff_raw"].map(
        lambda v: v is None or clean_text(v) == ""
    )
    return frame[~blank].reset_index(drop=True)


ROMAN_MARK = r"(?:[IVXLC]+|[A-Z])[.)]?"  # "I.", "II", "A)": how section headings are numbered


def _section_rows(frame: pd.DataFrame, settings: Settings) -> pd.Series:
    """Heading rows ("I. KHỐI PHÒNG, BAN", often merged across the row): no headcount, no code of their own."""
    no_staff = frame["staff_raw"].map(lambda v: v is None or clean_text(v) == "") & frame["other_names"].eq("")
    group_words = "|".join(re.escape(match_key(w)) for w in settings.registry_columns.get("group", []) if match_key(w))
    name_key = frame["unit_name"].map(match_key)
    named_as_heading = name_key.str.match(rf"^(?:{group_words})\b") if group_words else False
    numbered = frame["unit_name"].str.match(rf"^{ROMAN_MARK}\s") | frame["unit_code"].str.fullmatch(ROMAN_MARK)
    merged = frame["unit_code"].eq(frame["unit_name"]) & frame["unit_name"].ne("")  # merged: repeated in every cell
    code_like_heading = frame["unit_code"].eq("") | numbered
    return merged | (no_staff & code_like_heading & (named_as_heading | numbered))


def _with_sections(frame: pd.DataFrame, settings: Settings, where: dict, log: IssueLog) -> pd.DataFrame:
    """Heading rows dropped (an info issue each); their title fills the group of the units under them."""
    section = _section_rows(frame, settings)
    for r in frame[section].itertuples():  # headings: a handful
        log.add("registry_section_row",
                f"Dòng {r.row}: \"{r.unit_name}\" là dòng tiêu đề nhóm, không phải đơn vị (section heading, not a unit)",
                row=r.row, severity="info", rows_affected=1, **where)
    title = frame["unit_name"].str.replace(rf"^{ROMAN_MARK}\s+", "", regex=True).where(section)
    heading = title.ffill().fillna("")
    out = frame.assign(group=frame["group"].where(frame["group"].ne("") & ~frame["group"].eq(frame["unit_name"]), heading))
    return out[~section].reset_index(drop=True)


def _warn_shared_names(units: pd.DataFrame, where: dict, log: IssueLog, rows: pd.Series) -> None:
    """Two units under one name cannot be told apart by what people type: a warning per repeat."""
    keys = units["unit_name"].map(match_key)
    for i in units.index[keys.duplicated(keep="first")]:
        first = units.loc[keys == keys[i], "unit_code"].iloc[0]
        log.add("registry_duplicate_name",
                f"Dòng {rows[i]}: tên \"{units.at[i, 'unit_name']}\" ({units.at[i, 'unit_code']}) trùng tên đơn vị "
                f"{first}; tên gõ như vậy sẽ không xác định được (two units share one name)",
                row=int(rows[i]), severity="warning", unit_code=units.at[i, "unit_code"], **where)


def _drop_bad_rows(frame: pd.DataFrame, where: dict, log: IssueLog) -> pd.DataFrame:
    """Rows without a code or a name, and repeated codes, go to the issue log (first of a code is kept)."""
    no_code = frame["unit_code"].eq("")
    for r in frame[no_code].itertuples():  # only the bad rows: few
        log.add("registry_blank_code",
                f"Dòng {r.row}: đơn vị \"{r.unit_name}\" không có mã đơn vị, bỏ qua (unit without a code, row dropped)",
                row=r.row, severity="error", rows_affected=1, **where)
    no_name = frame["unit_name"].eq("") & ~no_code
    for r in frame[no_name].itertuples():
        log.add("registry_blank_name",
                f"Dòng {r.row}: mã {r.unit_code} không có tên đơn vị, bỏ qua (unit without a name, row dropped)",
                row=r.row, severity="error", unit_code=r.unit_code, rows_affected=1, **where)
    kept = frame[~no_code & ~no_name]
    repeated = kept["unit_code"].str.casefold().duplicated(keep="first")
    first_row = kept.assign(k=kept["unit_code"].str.casefold()).groupby("k")["row"].first()
    for r in kept[repeated].itertuples():
        log.add("registry_duplicate_code",
                f"Dòng {r.row}: mã đơn vị {r.unit_code} trùng với dòng {first_row[r.unit_code.casefold()]}, "
                f"bỏ dòng này (duplicate unit code, first row kept)",
                row=r.row, severity="error", unit_code=r.unit_code, rows_affected=1, **where)
    return kept[~repeated].reset_index(drop=True)


def _staff_column(frame: pd.DataFrame, where: dict, log: IssueLog) -> pd.Series:
    """staff_registry as Int64; a blank or unreadable headcount is a warning and NA."""
    parsed = frame["staff_raw"].map(parse_headcount)
    typed = frame["staff_raw"].map(lambda v: v is not None and clean_text(v) != "")
    for r in frame[parsed.isna()].itertuples():
        said = (f"tổng số CBCCVC \"{clean_text(r.staff_raw)}\" của {r.unit_code} không đọc được "
                f"(headcount is not a number, left blank)") if typed[r.Index] else (
                f"{r.unit_code} không có tổng số CBCCVC; đơn vị không so được với số báo cáo "
                f"(headcount blank)")
        log.add("registry_bad_headcount", f"Dòng {r.row}: {said}",
                row=r.row, severity="warning", unit_code=r.unit_code, **where)
    return pd.array(parsed.astype(object).where(parsed.notna(), None).tolist(), dtype="Int64")


def read_registry(path, settings: Settings, log: IssueLog) -> pd.DataFrame:
    """The `units` table (+ kind, name_key) from the registry file; RegistryError when nothing is usable."""
    path = Path(path)
    if not path.is_file():
        raise RegistryError(f"Không thấy tệp danh sách đơn vị (registry file not found): {path}")
    try:
        grids = _grids_of(path, settings, log)
    except Exception as exc:  # any reader failure means no registry: stop with its words
        raise RegistryError(f"Không đọc được tệp danh sách đơn vị {path.name} (registry unreadable): {exc}") from exc
    found = _find_header(grids, settings)
    if found is None:
        wanted = " | ".join(settings.registry_columns["unit_code"][:1] + settings.registry_columns["unit_name"][:1])
        where = f", sheet \"{settings.registry_sheet}\"" if settings.registry_sheet else ""
        raise RegistryError(
            f"{path.name}{where}: không thấy dòng tiêu đề có cột \"{wanted}\" trong {HEADER_SCAN_ROWS} dòng đầu "
            f"(no registry header row found)"
        )
    sheet, rows, numbers, header, columns = found
    where = {"source_file": path.name, "sheet": sheet}
    if "staff_registry" not in columns:
        raise _missing_column(path, sheet, "staff_registry", settings,
                              "cần để tính tỷ lệ tham gia và đối chiếu số báo cáo của đơn vị")
    frame = _registry_rows(rows, numbers, header, columns)
    if len(frame):
        frame = _drop_bad_rows(_with_sections(frame, settings, where, log), where, log)
    if frame.empty:
        raise RegistryError(f"{path.name}, sheet {sheet}: không có đơn vị nào dùng được (no usable unit row)")
    if "group" not in columns and frame["group"].eq("").any():  # headings ("I. KHỐI …") may give every group
        raise _missing_column(path, sheet, "group", settings,
                              "cần để tổng hợp theo khối; hoặc chia danh sách bằng dòng tiêu đề khối "
                              "(\"I. KHỐI PHÒNG, BAN\")")
    units = pd.DataFrame(
        {
            "unit_code": frame["unit_code"],
            "unit_name": frame["unit_name"],
            "group": frame["group"],
            "staff_registry": _staff_column(frame, where, log),
            "other_names": frame["other_names"],
            "head_name": frame["head_name"],
        }
    )
    _warn_shared_names(units, where, log, frame["row"])
    for r in frame[frame["group"].eq("")].itertuples():  # the unit would be summed in a nameless group
        log.add("registry_blank_group",
                f"Dòng {r.row}: {r.unit_code} không có khối; đơn vị được tính vào một nhóm không tên "
                f"(unit without a group)", row=r.row, severity="warning", unit_code=r.unit_code, **where)
    vocab = Vocabulary(settings)
    units["name_key"] = units["unit_name"].map(match_key)
    units["kind"] = units["unit_name"].map(lambda name: vocab.describe(name).kind or "")
    return units[UNIT_COLUMNS]


def _missing_column(path: Path, sheet: str, column: str, settings: Settings, why: str) -> RegistryError:
    """The run stops: a column the rules need is not in the registry's header row."""
    names = settings.registry_columns.get(column) or [column]
    others = f" (hoặc {', '.join(names[1:])})" if len(names) > 1 else ""
    return RegistryError(f"{path.name}, sheet \"{sheet}\": thiếu cột \"{names[0]}\"{others} trong dòng tiêu đề; "
                         f"{why} (registry column missing: {column}; header synonyms in cchc.toml [registry.columns])")


# ---------------------------------------------------------------------------------------------
# Words: abbreviations, kinds, lead words, places
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Matching typed names to units
# ---------------------------------------------------------------------------------------------


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


def _shared_words(queries: list[str], pool: list[str]) -> np.ndarray:
    """queries × pool: 100 × 2 · shared distinct words / (words of the one + words of the other)."""
    index: dict[str, list[int]] = defaultdict(list)
    pool_words = [set(name.split()) for name in pool]
    for i, words in enumerate(pool_words):
        for word in words:
            index[word].append(i)
    sizes = np.array([len(w) for w in pool_words], dtype=float)
    out = np.zeros((len(queries), len(pool)), dtype=float)
    for row, query in enumerate(queries):
        words = set(query.split())
        for word in words:
            out[row, index.get(word, [])] += 1
        out[row] = 200.0 * out[row] / np.maximum(len(words) + sizes, 1)
    return out


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


class UnitMatcher:
    """Resolve typed unit names to registry codes; built once per registry, used per distinct text."""

    def __init__(self, units: pd.DataFrame, settings: Settings, partial: bool = False):
        """partial=True: a typed name whose every word stands in exactly one registry name of its kind resolves
        (method `partial`): a person's shortened name of the unit. Off for the lines of a return."""
        self.settings = settings
        self.partial = partial
        self.unit_names = dict(zip(units["unit_code"].astype(str), units["unit_name"].astype(str)))
        self.vocab = Vocabulary(settings)
        self.codes = set(units["unit_code"].astype(str))
        self.names = _names_frame(units, self.vocab)
        # pinned by an analyst: a code of the registry, or "" for a text pinned as outside the registry
        pinned = {match_key(k): clean_text(v) for k, v in settings.platform_aliases.items()}
        self.aliases = {k: v for k, v in pinned.items() if v == "" or v in self.codes}
        self.unknown_aliases = {k: v for k, v in pinned.items() if k not in self.aliases}  # for the caller to report
        self.by_key = _codes_by(self.names, "key")
        self.by_expanded = _codes_by(self.names, "expanded")
        self.by_stripped = _codes_by(self.names, "stripped")
        self.by_initials = _codes_by_initials(self.names)
        kinded = self.names[self.names["kind"].notna()]
        self.by_kind_place = _codes_by(kinded, "place", extra="kind")
        self.by_place = _codes_by(kinded, "place")
        self.place_words = _place_words_by_kind(kinded)
        self.second_readings = PhraseTable((match_key(k), match_key(v)) for k, v in settings.second_readings.items())
        self.parent_units = {
            code for code, expanded in zip(self.names["unit_code"], self.names["expanded"])
            if self.vocab.is_parent(expanded)
        }
        self.inside_phrases = set(self.names["key"])  # outside markers inside a registry name are ours
        # what find_in_lines looks for inside a longer line: full names, and names without lead words
        self.phrases = self._phrases()

    # -- one text ---------------------------------------------------------------------------

    def match(self, text) -> UnitMatch:
        """The unit a typed text names (see the module docstring for the order)."""
        row = self.match_many([text]).iloc[0]
        return UnitMatch(row["unit_code"], row["method"], float(row["score"]), list(row["candidates"]))

    def match_many(self, texts: Iterable) -> pd.DataFrame:
        """One row per distinct text: text, unit_code, method, score, candidates."""
        raw = pd.unique(pd.Series(list(texts), dtype=object))  # the texts as given, so callers can join on them
        cleaned = [clean_text(t) for t in raw]
        distinct = list(dict.fromkeys(cleaned))  # "phong  noi vu" and "phong noi vu" are matched once
        forms = {t: self.vocab.describe(t) for t in distinct}
        decided = {t: self._match_by_words(t, forms[t]) for t in distinct}
        pending = [t for t, m in decided.items() if m is None]
        decided.update(self._match_fuzzy(pending, forms))
        if self.partial and self.second_readings:
            decided.update(self._match_second_readings([t for t, m in decided.items() if m.method == "unmatched"]))
        matches = [decided[t] for t in cleaned]
        return pd.DataFrame(
            {
                "text": pd.Series(raw, dtype=object),
                "unit_code": pd.Series([m.unit_code for m in matches], dtype=object),
                "method": [m.method for m in matches],
                "score": [float(m.score) for m in matches],
                "candidates": [list(m.candidates) for m in matches],
            },
            columns=MATCH_COLUMNS,
        )

    def _match_by_words(self, text: str, form: NameForm) -> UnitMatch | None:
        """Alias, exact or abbreviation match, a sure no (empty, outside body), or None for fuzzy."""
        if not form.key:
            return UNMATCHED
        for key in (form.key, form.expanded):
            if key in self.aliases:
                code = self.aliases[key] or None
                return UnitMatch(code, "alias", 100.0, [code] if code else [])
        for method, codes in (("exact", self.by_key.get(form.key)),
                              ("abbreviation", self.by_expanded.get(form.expanded))):
            if codes:
                return _decided(codes, method, 100.0)
        codes = self.by_initials.get(_typed_initials(form.key))
        if codes and len(codes) == 1:  # "PNV", "P.TCKH": the initials of one registry name, and of no other
            return _decided(codes, "abbreviation", 100.0)
        if self._is_outside(text):  # before dropping city words: "Công an tỉnh Hải Dương" is not ours
            return UNMATCHED
        if self.vocab.only_home(form.expanded):  # "Chí Linh", "TP Chí Linh": the city, not one of its units
            return UNMATCHED
        codes = self.by_stripped.get(form.stripped)
        if not codes and form.kind:
            codes = self.by_kind_place.get((form.kind, form.place))
        elif not codes:  # no kind word: a bare place name ("Sao Đỏ") may be shared by a ward and two schools
            codes = self.by_place.get(form.place)
        if codes:
            return _decided(codes, "abbreviation", 100.0)
        return self._match_partial(form) if self.partial else None

    def _match_second_readings(self, texts: list[str]) -> dict[str, UnitMatch]:
        """Unmatched texts read again with an abbreviation's second meaning ("p." = phòng, cchc.toml
        [units.second_readings]); kept only when that reading names one unit."""
        out = {}
        for text in texts:  # the unmatched few
            tokens = match_key(text).split()
            spans = list(self.second_readings.spans(tokens))
            if not spans:
                continue
            start, length, words = spans[0]
            again = " ".join(tokens[:start] + [words] + tokens[start + length:])
            form = self.vocab.describe(again)
            found = self._match_by_words(again, form) or self._match_fuzzy([again], {again: form})[again]
            if found.unit_code:  # an abbreviation read: never "exact"
                out[text] = found if found.method != "exact" else UnitMatch(found.unit_code, "abbreviation",
                                                                            found.score, found.candidates)
        return out

    def _match_partial(self, form: NameForm) -> UnitMatch | None:
        """Every typed word (kind said, abbreviations expanded, city dropped) in the name of one unit of that kind.

        "phòng giáo dục" → Phòng Giáo dục và Đào tạo; "Hội Phụ nữ" → Hội Liên hiệp Phụ nữ thành phố. Two units
        holding the words → ambiguous; none → None (fuzzy may still find a slip). The score is the share of the
        unit's words that were typed.
        """
        typed = set(form.place.split()) - FILLER_WORDS
        if not form.kind or not typed:
            return None
        fits: dict[str, float] = {}
        for code, words in self.place_words.get(form.kind, []):
            if typed <= words:
                fits[code] = max(fits.get(code, 0.0), round(100.0 * len(typed) / len(words - FILLER_WORDS), 1))
        if len(fits) == 1:
            code, score = next(iter(fits.items()))
            return UnitMatch(code, "partial", score, [code])
        if fits:
            return UnitMatch(None, "ambiguous", max(fits.values()), sorted(fits))
        return None

    def proposals(self, texts: Iterable, limit: int = PROPOSALS,
                  include: dict[str, list[str]] | None = None) -> dict[str, list[tuple[str, float]]]:
        """Per distinct text, the `limit` likeliest units as (code, score 0-100), best first, plus the codes
        `include` names for it (an ambiguous text's units); never empty while the registry has a unit.
        For the analyst to choose from, never applied: a subset of a name scores high, a unit of another kind
        than the one typed scores lower."""
        distinct = list(dict.fromkeys(clean_text(t) for t in texts))
        if not distinct or self.names.empty:
            return {t: [] for t in distinct}
        include = {clean_text(k): v for k, v in (include or {}).items()}
        forms = [self.vocab.describe(t) for t in distinct]
        queries = [f.stripped or f.key for f in forms]
        pool = self.names["stripped"].where(self.names["stripped"] != "", self.names["key"]).tolist()
        # half shared whole words (Dice), half spelling (a slip in a word still scores)
        spelling = process.cdist(queries, pool, scorer=fuzz.token_sort_ratio, workers=1).astype(float)
        scores = (_shared_words(queries, pool) + spelling) / 2
        typed_kinds = np.array([f.kind or "" for f in forms], dtype=object)[:, None]
        name_kinds = self.names["kind"].fillna("").to_numpy(dtype=object)[None, :]
        other_kind = (typed_kinds != "") & (name_kinds != "") & (typed_kinds != name_kinds)
        scores = np.where(other_kind, scores * OTHER_KIND_SHARE, scores)
        codes = self.names["unit_code"].to_numpy()
        out = {}
        for text, row in zip(distinct, scores):  # per unresolved text: a few hundred at most
            best = pd.Series(row).groupby(codes).max().round(1)
            best = best.sort_index().sort_values(ascending=False, kind="stable")
            chosen = list(dict.fromkeys([*best.index[:limit], *[c for c in include.get(text, []) if c in best.index]]))
            out[text] = sorted(((str(c), float(best[c])) for c in chosen), key=lambda item: (-item[1], item[0]))
        return out

    def _is_outside(self, text: str) -> bool:
        """A place after huyện/tỉnh/quận… that no registry name holds: a body outside the registry."""
        places = [match_key(p) for p in self.vocab.outside_places(text)]
        return any(not any(f" {place} " in f" {key} " for key in self.inside_phrases) for place in places)

    def _match_fuzzy(self, texts: list[str], forms: dict[str, NameForm]) -> dict[str, UnitMatch]:
        """Fuzzy only against names of the same kind, scored on the place words; per kind a few cdist calls.

        With the kind agreed, only the place is compared: "BC CCHC Trường THCS Văn An" must not reach
        "Trường THCS Chu Văn An" on the strength of the long shared "trung hoc co so". A text without a
        kind word is compared whole against every name.
        """
        out: dict[str, UnitMatch] = {t: UNMATCHED for t in texts}
        floor = max(self.settings.fuzzy_min_score - self.settings.fuzzy_margin, 0)
        by_kind: dict = defaultdict(list)
        for t in texts:
            if forms[t].place:  # "Trường THCS" alone names no unit
                by_kind[forms[t].kind].append(t)
        for kind, group in by_kind.items():
            pool = self.names if kind is None else self.names[self.names["kind"] == kind]
            if pool.empty:
                continue
            columns = ("stripped", "expanded") if kind is None else ("place", "place_full")
            scores = _fuzzy_scores([forms[t] for t in group], pool, floor, columns)
            pool_codes = pool["unit_code"].to_numpy()
            for t, row in zip(group, scores):
                out[t] = self._best_of(row, pool_codes)
        return out

    def _best_of(self, row: np.ndarray, codes: np.ndarray) -> UnitMatch:
        """The best unit of one score row, if it clears the floor and beats the next unit by the margin."""
        hits = np.nonzero(row)[0]
        if not len(hits):
            return UNMATCHED
        best: dict[str, float] = {}
        for code, score in zip(codes[hits], row[hits]):  # the few names above the floor
            best[code] = max(best.get(code, 0.0), float(score))
        top_code, top = max(best.items(), key=lambda item: item[1])
        if top < self.settings.fuzzy_min_score:
            return UNMATCHED
        close = sorted(code for code, score in best.items() if score > top - self.settings.fuzzy_margin)
        if len(close) > 1:
            return UnitMatch(None, "ambiguous", round(top, 1), close)
        return UnitMatch(str(top_code), "fuzzy", round(top, 1), [str(top_code)])

    # -- the lines of a return ----------------------------------------------------------------

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


def _fuzzy_scores(forms: list[NameForm], pool: pd.DataFrame, floor: float, columns: tuple[str, str]) -> np.ndarray:
    """texts × names: the best of plain and word-order-free ratios, with and without city words.

    token_sort_ratio forgives word order but punishes a typo that moves a word in the sort
    ("ttrien" sorts after "trung"); plain ratio forgives that; keys with and without the city words
    forgive a typo inside them ("thaanh pho" is not dropped as a city word).
    """
    best = None
    for column in columns:
        queries = [getattr(f, column) for f in forms]
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
            scores = process.cdist(queries, pool[column].tolist(), scorer=scorer, score_cutoff=floor, workers=1)
            best = scores if best is None else np.maximum(best, scores)
    return best


def _value_of(line: str) -> str:
    """The value of a "label: value" line ("Đơn vị: MN Sao Đỏ" → "MN Sao Đỏ"), else ""."""
    label, colon, value = line.partition(":")
    return value.strip() if colon and len(label.split()) <= 6 else ""


def _decided(codes: list[str], method: str, score: float) -> UnitMatch:
    """One code is a match; several are ambiguous with all of them as candidates."""
    if len(codes) == 1:
        return UnitMatch(codes[0], method, score, list(codes))
    return UnitMatch(None, "ambiguous", score, sorted(codes))


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
