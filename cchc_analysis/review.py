"""The review workbook: what the kit could not decide, written for the analyst, read back on the next run.

One workbook at ``settings.paths.review`` (default ``data/review/xac_nhan.xlsx``), one sheet per loop, each
keyed (``SHEETS``). The kit writes its proposals with ``update_review``; the analyst fills the yellow columns
(``confirmed_code``, ``decision``, ``corrected_value``); the next run reads them with ``read_review`` /
``confirmed``. A value the analyst filled stays with its key across rewrites, also when the key is no longer
proposed (a confirmation made on one export still holds for the next). Every header reads
"Vietnamese label (machine_key)"; a header that is only the machine key is read too. A sheet the analyst
saved as CSV beside the workbook (Excel "Save As" → ``xac_nhan.csv``, or ``<sheet>.csv``) is read as well:
its filled values fill the workbook's blanks, and win over the workbook's when the CSV is the newer file.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .config import Settings
from .tables import FORMULA_STARTS, atomic_write, defuse_formula
from .text import clean_text, decode_bytes, match_key


class ReviewError(Exception):
    """The review workbook exists but cannot be read or replaced (damaged, open in Excel)."""


@dataclass(frozen=True)
class ReviewSheet:
    keys: list[str]      # columns that say which row is which
    analyst: list[str]   # columns the analyst fills


SHEETS: dict[str, ReviewSheet] = {
    "don_vi_nen_tang": ReviewSheet(keys=["text"], analyst=["confirmed_code"]),
    "bao_cao_cho_xac_minh": ReviewSheet(keys=["source_file"], analyst=["confirmed_code", "decision"]),
    "o_can_kiem_tra": ReviewSheet(keys=["source_file", "page", "field", "row"], analyst=["corrected_value"]),
}

# Vietnamese header of each machine key; a column not named here is headed by its key alone.
LABELS: dict[str, str] = {
    "text": "Đơn vị gõ trên nền tảng",
    "confirmed_code": "Mã đơn vị xác nhận",
    "decision": "Quyết định (chấp nhận / loại)",
    "corrected_value": "Giá trị đúng",
    "source_file": "Tệp",
    "page": "Trang",
    "field": "Mục",
    "row": "Dòng",
    "rows": "Số lượt thi",
    "people": "Số người",
    "method": "Cách khớp",
    "unit_code": "Mã đơn vị đề xuất",
    "unit_name": "Tên đơn vị đề xuất",
    "candidates": "Đơn vị gần nhất, điểm",
    "reason": "Lý do",
    "value": "Giá trị đọc được",
    "confidence": "Độ tin cậy OCR (%)",
    "column": "Cột",
}

# coded values written in words for the analyst (read back as written; nothing reads them)
VALUE_LABELS: dict[str, dict[str, str]] = {
    "method": {"unmatched": "Không tìm thấy", "ambiguous": "Khớp nhiều đơn vị", "partial": "Một phần tên",
               "fuzzy": "Gần đúng", "confirmed": "Đã xác nhận", "exact": "Trùng khớp", "abbreviation": "Viết tắt",
               "alias": "Ghim trong cchc.toml"},
}

# decision column: accent-free words → machine value
DECISIONS = {"chap nhan": "accept", "dong y": "accept", "accept": "accept", "loai": "reject", "reject": "reject"}

_HEADER = re.compile(r"\(([a-z_][a-z0-9_]*)\)\s*$")
ANALYST_FILL = "FFF2CC"  # the light yellow of the columns the analyst fills
MAX_WIDTH = 60


def review_path(settings: Settings) -> Path:
    return Path(settings.paths.review)


def _spec(sheet: str) -> ReviewSheet:
    if sheet not in SHEETS:
        raise ValueError(f"unknown review sheet {sheet!r}; known: {sorted(SHEETS)}")
    return SHEETS[sheet]


def _empty(sheet: str) -> pd.DataFrame:
    spec = _spec(sheet)
    return pd.DataFrame({c: pd.Series(dtype=object) for c in spec.keys + spec.analyst})


def cell_text(value) -> str:
    """A cell as the text a person sees: 12.0 → "12", blank/NaN → "", our formula guard ("'=x") undone."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text


def _column_key(header) -> str | None:
    """The machine key of a header cell: "Mã đơn vị xác nhận (confirmed_code)" or "confirmed_code"."""
    text = cell_text(header)
    found = _HEADER.search(text)
    if found:
        return found.group(1)
    if re.fullmatch(r"[a-z_][a-z0-9_]*", text):
        return text
    return None


def _frame_from_rows(sheet: str, rows: list[list]) -> pd.DataFrame:
    """Rows of a sheet (header first, within the first five rows) → frame of text cells by machine key."""
    spec = _spec(sheet)
    for at, header in enumerate(rows[:5]):  # noqa: B007 (`at`, the header's row, is read after the loop)
        keys = [_column_key(h) for h in header]
        if all(k in keys for k in spec.keys):
            break
    else:
        return _empty(sheet)
    columns: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key and key not in columns:  # the first column of a repeated key wins
            columns[key] = i
    records = []
    for row in rows[at + 1:]:
        record = {k: cell_text(row[i]) if i < len(row) else "" for k, i in columns.items()}
        if any(record[k] for k in spec.keys):
            records.append(record)
    frame = pd.DataFrame(records, columns=list(columns), dtype=object)
    for column in spec.keys + spec.analyst:
        if column not in frame.columns:
            frame[column] = ""
    return frame.drop_duplicates(subset=spec.keys, keep="first").reset_index(drop=True)


def _read_workbook(path: Path) -> dict[str, pd.DataFrame]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign file: say so rather than overwrite the analyst's work
        raise ReviewError(f"{path}: không đọc được tệp xác nhận ({exc})") from exc
    try:
        found = {}
        for sheet in SHEETS:
            if sheet in workbook.sheetnames:
                rows = [list(r) for r in workbook[sheet].iter_rows(values_only=True)]
                found[sheet] = _frame_from_rows(sheet, rows)
        return found
    finally:
        workbook.close()


def _csv_rows(path: Path) -> list[list[str]]:
    text, _encoding = decode_bytes(path.read_bytes())
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _csv_sheet(path: Path, rows: list[list[str]], stem: str) -> str | None:
    """Which sheet a CSV holds: its file name, else the sheet whose keys and analyst column its header holds."""
    name = match_key(path.stem).replace(" ", "_")
    for sheet in SHEETS:
        if name in (sheet, f"{match_key(stem).replace(' ', '_')}_{sheet}"):
            return sheet
    best, best_keys = None, 0
    for header in rows[:5]:
        keys = {_column_key(h) for h in header}
        for sheet, spec in SHEETS.items():
            if set(spec.keys) <= keys and keys & set(spec.analyst) and len(spec.keys) > best_keys:
                best, best_keys = sheet, len(spec.keys)
    return best


def _read_csvs(path: Path) -> list[tuple[str, float, pd.DataFrame]]:
    """(sheet, modified time, frame) of each CSV beside the workbook that holds a review sheet."""
    found = []
    if not path.parent.is_dir():
        return found
    for csv_path in sorted(path.parent.glob("*.csv")):
        if csv_path.name.startswith(("~$", ".")):
            continue
        try:
            rows = _csv_rows(csv_path)
        except (OSError, UnicodeError) as exc:
            raise ReviewError(f"{csv_path}: không đọc được tệp CSV xác nhận ({exc})") from exc
        sheet = _csv_sheet(csv_path, rows, path.stem)
        if sheet:
            found.append((sheet, csv_path.stat().st_mtime, _frame_from_rows(sheet, rows)))
    return found


def _key_index(frame: pd.DataFrame, sheet: str) -> pd.Series:
    keys = _spec(sheet).keys
    return frame[keys].astype(str).agg("\x1f".join, axis=1)


def _fill_from(base: pd.DataFrame, other: pd.DataFrame, sheet: str, other_wins: bool) -> pd.DataFrame:
    """base with the analyst values of other: where base is blank, or everywhere other has one when other_wins;
    other's filled rows of keys base lacks are added at the foot."""
    spec = _spec(sheet)
    if other.empty:
        return base
    lookup = other.set_axis(_key_index(other, sheet)).loc[lambda f: ~f.index.duplicated()]
    out = base.copy()
    keys = _key_index(out, sheet) if len(out) else pd.Series(dtype=str)
    for column in spec.analyst if len(out) else []:
        theirs = keys.map(lookup[column].to_dict()).astype(object)
        theirs = theirs.where(theirs.notna(), "")
        mine = out[column].astype(object).where(out[column].notna(), "").astype(str)
        take = (theirs != "") & ((mine == "") | other_wins)
        out[column] = mine.where(~take, theirs)
    new = lookup[~lookup.index.isin(set(keys))]
    new = new[(new[spec.analyst] != "").any(axis=1)]
    if len(new):
        out = pd.concat([out, new.reset_index(drop=True)], ignore_index=True)
    return out.astype(object).where(out.notna(), "")


def read_review(settings: Settings) -> dict[str, pd.DataFrame]:
    """Sheet name → its rows as text (machine keys as columns); a missing file or sheet gives an empty frame."""
    path = review_path(settings)
    sheets = _read_workbook(path) if path.is_file() else {}
    workbook_time = path.stat().st_mtime if path.is_file() else 0.0
    for sheet, modified, frame in _read_csvs(path):
        base = sheets.get(sheet, _empty(sheet))
        sheets[sheet] = _fill_from(base, frame, sheet, other_wins=modified > workbook_time)
    return {sheet: sheets.get(sheet, _empty(sheet)) for sheet in SHEETS}


def decision_value(text) -> str | None:
    """The analyst's decision cell → "accept" / "reject" / None (blank or not understood), accent-free."""
    return DECISIONS.get(match_key(text))


def confirmed(settings: Settings, sheet: str) -> pd.DataFrame:
    """Rows of one sheet where the analyst filled a value; bao_cao_cho_xac_minh gains `decision_value`."""
    spec = _spec(sheet)
    frame = read_review(settings)[sheet]
    filled = frame[(frame[spec.analyst].fillna("").astype(str) != "").any(axis=1)].reset_index(drop=True)
    if "decision" in spec.analyst:
        filled["decision_value"] = pd.Series([decision_value(v) for v in filled["decision"]], dtype=object)
    return filled


def _merged(existing: pd.DataFrame, proposals: pd.DataFrame, sheet: str) -> pd.DataFrame:
    """The new proposals with the analyst's values of the same keys, then the filled rows no longer proposed."""
    spec = _spec(sheet)
    rows = proposals.copy()
    for column in spec.keys:
        rows[column] = rows[column].map(cell_text)
    rows = rows[(rows[spec.keys] != "").any(axis=1)].drop_duplicates(subset=spec.keys, keep="first")
    for column in spec.analyst:
        rows[column] = rows[column].map(cell_text) if column in rows.columns else ""
    merged = _fill_from(rows.reset_index(drop=True), existing, sheet, other_wins=True)
    order = spec.keys + spec.analyst + [c for c in merged.columns if c not in spec.keys + spec.analyst]
    return merged[order]


def _header(column: str) -> str:
    label = LABELS.get(column)
    return f"{label} ({column})" if label else column


def _write_sheet(worksheet, frame: pd.DataFrame, sheet: str) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    spec = _spec(sheet)
    worksheet.append([_header(c) for c in frame.columns])
    frame = frame.assign(**{c: frame[c].map(lambda v, words=words: words.get(v, v))
                            for c, words in VALUE_LABELS.items() if c in frame.columns})
    for record in frame.itertuples(index=False):  # a review sheet is a few hundred rows: the analyst reads each
        worksheet.append([_cell(v) for v in record])
    fill = PatternFill("solid", fgColor=ANALYST_FILL)
    for i, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(i)
        worksheet[f"{letter}1"].font = Font(bold=True)
        if column in spec.analyst:
            for (cell,) in worksheet.iter_rows(min_col=i, max_col=i, min_row=1, max_row=len(frame) + 1):
                cell.fill = fill
        longest = max([len(_header(column))] + [len(str(v)) for v in frame[column].head(500)])
        worksheet.column_dimensions[letter].width = min(MAX_WIDTH, max(10, longest + 2))
    worksheet.freeze_panes = "B2"
    worksheet.auto_filter.ref = worksheet.dimensions


def _cell(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar → Python
        value = value.item()
    if not isinstance(value, (str, int, float, bool)):
        value = str(value)
    return defuse_formula(value)


def update_review(settings: Settings, sheet: str, rows: pd.DataFrame) -> Path:
    """Write the proposals of one sheet, keeping the analyst's values by key and the other sheets as they are."""
    from openpyxl import Workbook, load_workbook

    spec = _spec(sheet)
    missing = [k for k in spec.keys if k not in rows.columns]
    if missing:
        raise ValueError(f"review sheet {sheet!r}: rows lack key columns {missing}")
    path = review_path(settings)
    existing = read_review(settings)[sheet]  # the workbook and any CSV beside it
    merged = _merged(existing, rows, sheet)
    if path.is_file():
        try:
            workbook = load_workbook(path)
        except Exception as exc:
            raise ReviewError(f"{path}: không đọc được tệp xác nhận ({exc})") from exc
        position = workbook.sheetnames.index(sheet) if sheet in workbook.sheetnames else len(workbook.sheetnames)
        if sheet in workbook.sheetnames:
            del workbook[sheet]
        worksheet = workbook.create_sheet(sheet, position)
    else:
        workbook = Workbook()
        worksheet = workbook.active
        worksheet.title = sheet
    _write_sheet(worksheet, merged, sheet)
    try:
        atomic_write(path, workbook.save)
    except PermissionError as exc:  # Windows: the workbook is open in Excel
        raise ReviewError(f"{path}: không ghi được tệp xác nhận, hãy đóng tệp trong Excel rồi chạy lại "
                          f"({exc})") from exc
    return path
