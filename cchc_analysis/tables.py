"""The processed tables: their required columns, and the one way to write and read them.

Every table is written as NAME.parquet and NAME.csv (UTF-8 with BOM so Excel shows
Vietnamese right), atomically: a temporary file in the same folder, then a rename.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from .schemas import SchemaCheckError

# Required columns of the tables load_tables reads (docs/design.md, "Processed tables"); more may follow them.
# Their types, keys, ranges and codes: schemas.py (the same names, checked on every write).
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
    # one row per unit and as-of day of `cchc report` (progress.record_history): earlier weeks' figures kept
    "progress_history": ["as_of", "unit_code", "group", "staff_registry", "participants", "recorded_at",
                         "source_files"],
}

# Tables written through write_table that load_tables does not read
OTHER_TABLE_COLUMNS: dict[str, list[str]] = {
    "unit_aliases": ["text", "unit_code", "method", "score", "rows", "candidates"],
}


def required_columns(name: str) -> list[str]:
    return TABLE_COLUMNS.get(name) or OTHER_TABLE_COLUMNS.get(name, [])


# Text that a spreadsheet would run as a formula when it opens a CSV or workbook.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_PATTERN = r"^[=+\-@\t\r]"  # the same starts, for pandas and Arrow


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
            mask = s.astype("string").str.match(FORMULA_PATTERN, na=False).astype(bool)
            if mask.any():
                out[col] = s.astype(object).where(~mask, "'" + s.astype("string").astype(object))
    return out


def temporary_beside(path: Path) -> str:
    """An empty temporary file in path's folder (so the rename over path stays on one file system)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return tmp


def atomic_write(path: Path, write) -> None:
    """write(tmp) into a temporary file beside path, then rename it over path: a reader sees the old file or the new."""
    atomic_write_all({path: write})


def atomic_write_all(writers: dict[Path, Callable[[str], None]], check: Callable[[], None] = lambda: None) -> None:
    """Each write(tmp) into a temporary file beside its path, side by side in threads while check() runs; only when
    every write and the check succeed do the files replace the old ones, else no file changes."""
    temps = {path: temporary_beside(path) for path in writers}
    try:
        with ThreadPoolExecutor(max_workers=len(writers)) as pool:
            jobs = [pool.submit(write, temps[path]) for path, write in writers.items()]
            try:
                check()
            finally:
                failures = [job.exception() for job in jobs]  # waits for every write
        for failure in failures:
            if failure is not None:
                raise failure
        for path, tmp in temps.items():
            os.replace(tmp, path)
    except BaseException:
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)
        raise


def check_columns(df: pd.DataFrame, name: str) -> None:
    missing = [c for c in required_columns(name) if c not in df.columns]
    if missing:
        raise SchemaCheckError(f"table {name!r} lacks required columns {missing}")


def prepare_checks() -> None:
    """Import the schema checker (pandera, 0.3 s) now: the pipeline does it while an export is parsed."""
    from . import schemas

    schemas.schema("files", TABLE_COLUMNS["files"])


def write_table(df: pd.DataFrame, name: str, out_dir: str | Path) -> Path:
    """Check one table against its schema (schemas.py), write it as NAME.parquet and NAME.csv; the parquet path.

    The frame becomes Arrow tables here; Arrow writes the two files in threads (without holding the GIL) while the
    schema check runs, and they replace the old ones only once the check has passed and both are written. (pandas
    stays in this thread: its warning filters are not thread-safe, and the check records warnings.)
    """
    from .schemas import check_table  # pandera: imported when the first table is written, not at start-up

    check_columns(df, name)
    out_dir = Path(out_dir)
    required = required_columns(name)
    ordered = df[required + [c for c in df.columns if c not in required]].reset_index(drop=True)
    try:
        parquet_table = pa.Table.from_pandas(ordered, preserve_index=False)
        csv_table = csv_text_table(ordered)
    except pa.ArrowException:
        check_table(df, name)  # a column Arrow cannot store breaks the schema: say which, with its values
        raise
    parquet_path = out_dir / f"{name}.parquet"
    atomic_write_all({parquet_path: lambda tmp: write_parquet(parquet_table, tmp),
                      out_dir / f"{name}.csv": lambda tmp: write_bom_csv(csv_table, tmp)},
                     check=lambda: check_table(df, name))
    return parquet_path


def write_parquet(table: pa.Table, path) -> None:
    """The parquet file pandas' to_parquet writes (snappy, pandas' column types kept in the metadata)."""
    pq.write_table(table, path, compression="snappy")


# ── CSV in C: pandas' to_csv formats a million timestamps one by one in Python (tens of seconds) ──

UTF8_BOM = b"\xef\xbb\xbf"


CSV_SPLIT_ROWS = 200_000  # a longer table is written as two halves at once, one per core


def write_bom_csv(table: pa.Table, path) -> None:
    """A UTF-8 CSV with a byte-order mark (so Excel shows Vietnamese right), written by Arrow's C++ writer; a long
    table's second half is spelt in another thread meanwhile (the same bytes as one pass)."""
    with open(path, "wb") as handle:
        handle.write(UTF8_BOM)
        if table.num_rows < CSV_SPLIT_ROWS:
            pa_csv.write_csv(table, handle)
            return
        half = table.num_rows // 2
        with ThreadPoolExecutor(max_workers=1) as pool:
            tail = pool.submit(csv_bytes, table.slice(half))
            pa_csv.write_csv(table.slice(0, half), handle)
            handle.write(tail.result())


def csv_bytes(table: pa.Table) -> pa.Buffer:
    """The CSV rows of a table without the header line."""
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(table, sink, write_options=pa_csv.WriteOptions(include_header=False))
    return sink.getvalue()


def csv_text_table(df: pd.DataFrame) -> pa.Table:
    """The frame as an Arrow table spelled as pandas' CSV would spell it, text cells defused against formulas."""
    names = [str(c) for c in df.columns]
    return pa.table([csv_column(df.iloc[:, i]) for i in range(df.shape[1])], names=names)


def csv_column(series: pd.Series) -> pa.Array:
    """One column for the CSV writer: numbers as numbers, True/False, local times with their offset, text defused."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        flags = pa.array(series.astype("boolean"), type=pa.bool_())
        return pc.if_else(flags, "True", "False")
    if isinstance(dtype, pd.DatetimeTZDtype):
        return local_time_text(series)
    if pd.api.types.is_datetime64_dtype(dtype):
        return naive_time_text(series)
    if pd.api.types.is_numeric_dtype(dtype):
        return pa.array(series)
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        return defused(pa.array(series.astype("string"), type=pa.large_string()))
    return defused(distinct_text(series))


def distinct_text(series: pd.Series) -> pa.Array:
    """str() of each distinct value (dates, mixed objects), spread back to the rows; missing stays empty."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    # code -1 (missing) takes the null placed after the distinct values
    texts = pa.array([str(value) for value in np.asarray(uniques, dtype=object)] + [None], type=pa.large_string())
    return texts.take(pa.array(np.where(codes < 0, len(texts) - 1, codes)))


def defused(text: pa.Array) -> pa.Array:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (the same rule as defuse_formula)."""
    risky = pc.match_substring_regex(text, FORMULA_PATTERN)
    if not pc.any(risky).as_py():
        return text
    quoted = pc.binary_join_element_wise(pa.scalar("'", text.type), text, pa.scalar("", text.type))
    return pc.if_else(risky, quoted, text)


def clock_text(values: pd.Series) -> pa.Array:
    """Naive timestamps as "YYYY-MM-DD HH:MM:SS", with the fraction only when some value has one."""
    stamps = pa.array(values.astype("datetime64[us]"), type=pa.timestamp("us"))
    fraction = values.dt.microsecond.fillna(0).to_numpy() != 0
    if not fraction.any():
        stamps = stamps.cast(pa.timestamp("s"))
    # Arrow's cast spells ISO text with a space, 30 times faster than strftime
    return stamps.cast(pa.string())


def naive_time_text(series: pd.Series) -> pa.Array:
    """Dates alone when every value is at midnight (as pandas writes them), else date and time."""
    if series.dropna().dt.normalize().eq(series.dropna()).all():
        return pa.array(series.astype("datetime64[s]"), type=pa.timestamp("s")).cast(pa.date32()).cast(pa.string())
    return clock_text(series)


def local_time_text(series: pd.Series) -> pa.Array:
    """Wall-clock time in the column's zone plus its UTC offset ("2024-11-20 08:00:00+07:00"), no tz database needed."""
    local = series.dt.tz_localize(None)
    offset_s = (local - series.dt.tz_convert("UTC").dt.tz_localize(None)).dt.total_seconds()
    codes, uniques = pd.factorize(offset_s, use_na_sentinel=True)
    # one text per distinct offset (a zone has few), the null after them for missing times
    offsets = pa.array([offset_text(value) for value in uniques] + [None], type=pa.string())
    offsets = offsets.take(pa.array(np.where(codes < 0, len(offsets) - 1, codes)))
    return pc.binary_join_element_wise(clock_text(local).cast(pa.string()), offsets, pa.scalar("", pa.string()))


def offset_text(seconds: float) -> str:
    """+07:00 for 25200 seconds ahead of UTC."""
    sign = "-" if seconds < 0 else "+"
    minutes = int(abs(seconds)) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


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
    progress_history: pd.DataFrame = field(  # absent until `cchc report` records a week
        default_factory=lambda: pd.DataFrame(columns=TABLE_COLUMNS["progress_history"]))


def load_tables(processed_dir: str | Path | None = None) -> Tables:
    """Read every processed table (defaults to the processed folder of cchc.toml)."""
    if processed_dir is None:
        from .config import load_settings

        processed_dir = load_settings().paths.processed
    return Tables(**{name: read_table(name, processed_dir) for name in TABLE_COLUMNS})
