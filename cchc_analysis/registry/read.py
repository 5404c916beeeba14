"""Reading the registry file (units.xlsx → the `units` table): the header found by synonyms, heading rows read as
groups, bad rows dropped with an issue each."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..config import Settings
from ..issues import IssueLog
from ..readers import read_grids
from ..text import clean_text, match_key
from .words import Vocabulary

UNIT_COLUMNS = ["unit_code", "unit_name", "group", "staff_registry", "other_names", "kind", "name_key",
                "head_name"]  # head_name: the unit head, "" when the registry has no such column
HEADER_SCAN_ROWS = 30  # the header sits under a title row or two, never deep in the sheet


class RegistryError(Exception):
    """The registry file is missing, unreadable, or holds no usable unit: nothing can be done."""


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
