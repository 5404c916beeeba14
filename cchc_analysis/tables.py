"""The processed tables: their required columns, and the one way to write and read them.

Every table is written as NAME.parquet and NAME.csv (UTF-8 with BOM so Excel shows
Vietnamese right), atomically: a temporary file in the same folder, then a rename.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

# Required columns per table (DESIGN §3); more may follow them.
TABLE_COLUMNS: dict[str, list[str]] = {
    "units": ["unit_code", "unit_name", "group", "staff_registry", "other_names"],
    "returns": [
        "source_file", "unit_code", "status", "report_date", "total_staff", "participants",
        "non_participants_listed", "results", "late", "sheet", "file_kind", "file_mtime", "status_reason",
    ],
    "non_participants": [
        "unit_code", "full_name", "position", "reason", "reason_category", "justified",
        "source_file", "source_row",
    ],
    "entries": [
        "person_key", "full_name", "unit_text", "unit_code", "submitted_at", "correct", "in_window",
        "attempt_no", "best_attempt", "source_file", "source_row",
    ],
    "reconciliation": [
        "unit_code", "staff_registry", "participants_reported", "participants_platform", "difference", "flag",
    ],
    "issues": ["source_file", "sheet", "row", "severity", "code", "message"],
    # one row per input file: what was read from it and where its rows went (nothing lost)
    "files": ["source_file", "folder", "file_kind", "status", "rows_read", "rows_kept", "rows_in_issues"],
}

# Text that a spreadsheet would run as a formula when it opens a CSV or workbook.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(value):
    """Prefix text that a spreadsheet would take as a formula with an apostrophe; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def defuse_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot start a formula."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            s = out[col]
            mask = s.astype("string").str.match(r"^[=+\-@\t\r]", na=False).astype(bool)
            if mask.any():
                out[col] = s.astype(object).where(~mask, "'" + s.astype("string").astype(object))
    return out


def _atomic_write(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_columns(df: pd.DataFrame, name: str) -> None:
    missing = [c for c in TABLE_COLUMNS.get(name, []) if c not in df.columns]
    if missing:
        raise ValueError(f"table {name!r} lacks required columns {missing}")


def write_table(df: pd.DataFrame, name: str, out_dir: str | Path) -> Path:
    """Write one table as NAME.parquet and NAME.csv in out_dir; return the parquet path."""
    check_columns(df, name)
    out_dir = Path(out_dir)
    required = TABLE_COLUMNS.get(name, [])
    ordered = df[required + [c for c in df.columns if c not in required]].reset_index(drop=True)
    parquet_path = out_dir / f"{name}.parquet"
    _atomic_write(parquet_path, lambda tmp: ordered.to_parquet(tmp, index=False))
    csv_frame = defuse_frame(ordered)
    _atomic_write(out_dir / f"{name}.csv", lambda tmp: csv_frame.to_csv(tmp, index=False, encoding="utf-8-sig"))
    return parquet_path


def read_table(name: str, processed_dir: str | Path) -> pd.DataFrame:
    """Read NAME.parquet from processed_dir; an empty frame with the required columns when absent."""
    path = Path(processed_dir) / f"{name}.parquet"
    if not path.is_file():
        return pd.DataFrame(columns=TABLE_COLUMNS.get(name, []))
    return pd.read_parquet(path)


@dataclass
class Tables:
    """The processed tables, as one object scripts and notebooks pass around."""

    units: pd.DataFrame
    returns: pd.DataFrame
    non_participants: pd.DataFrame
    entries: pd.DataFrame
    reconciliation: pd.DataFrame
    issues: pd.DataFrame
    files: pd.DataFrame


def load_tables(processed_dir: str | Path | None = None) -> Tables:
    """Read every processed table (defaults to the processed folder of cchc.toml)."""
    if processed_dir is None:
        from .config import load_settings

        processed_dir = load_settings().paths.processed
    return Tables(**{name: read_table(name, processed_dir) for name in TABLE_COLUMNS})
