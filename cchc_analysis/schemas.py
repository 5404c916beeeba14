"""What each processed table holds, column by column, checked (pandera) in the one writer, tables.write_table.

Every field is declared once: its kind (text, whole number, number, yes/no, time), whether it may be blank,
its allowed codes or range. A table lists its fields, its key (unique) and the checks across columns. Columns
beyond the declared ones are allowed (each room adds its own); a declared column must hold what it says.

Two strengths of check: a fact the kit itself makes (a unique unit code, a known status, a count it computed)
raises SchemaCheckError naming table and column — a bug to fix, never written. A value typed by a sender (the rate
a unit wrote, a score in the export) that lies outside its range only warns: the input is odd, the run goes on.
"""
from __future__ import annotations

import datetime as dt
import logging
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pandera is imported on the first check, not at start-up (0.3 s)
    import pandera.pandas as pa

log = logging.getLogger(__name__)

RETURN_STATUSES = ["accepted", "held", "superseded", "rejected"]
SEVERITIES = ["error", "warning", "info"]
# files.status: how a file was read (platform, registry), else the status of the return it holds
FILE_STATUSES = ["read", "error", "skipped", *RETURN_STATUSES]
# how a unit was found for a typed name (registry.UnitMatcher; "confirmed": the analyst's word in the review file)
MATCH_METHODS = ["alias", "exact", "abbreviation", "partial", "fuzzy", "text", "ambiguous", "unmatched", "confirmed"]
# returns.unit_method: from the return's words and/or its file name, its folder, sheet tab or signature block
# ("conflict": content and file name name two units; blank: the file was not read and nothing placed it)
RETURN_UNIT_METHODS = ["", *MATCH_METHODS, "text+file_name", "file_name", "folder", "sheet_name", "footer", "conflict"]
# entries.unit_method: the typed name's match, "blank" (nothing typed), "other_district" (a namesake elsewhere)
ENTRY_UNIT_METHODS = [*MATCH_METHODS, "blank", "other_district"]


class SchemaCheckError(ValueError):
    """A table breaks its schema: the message names the table, the column and the values that break it."""


@dataclass(frozen=True)
class Field:
    kind: str  # text / whole / number / flag / time
    nullable: bool = True
    allowed: tuple | None = None
    at_least: float | None = None
    at_most: float | None = None
    typed: bool = False  # a sender's value: out of range warns, never stops the run


KIND_NAMES = {"text": "text", "whole": "whole numbers", "number": "numbers", "flag": "True/False",
              "time": "dates or times"}


def _kind_of_storage(series: pd.Series, kind: str) -> bool:
    """The quick test on the whole column: its storage (object, str, Arrow, nullable Int64) and inferred type."""
    dtype = series.dtype
    inferred = pd.api.types.infer_dtype(series, skipna=True)
    if kind == "flag":
        return pd.api.types.is_bool_dtype(dtype) or inferred in ("boolean", "empty")
    if kind == "time":
        return pd.api.types.is_datetime64_any_dtype(dtype) or inferred in ("datetime", "datetime64", "date", "empty")
    if kind in ("whole", "number"):
        if pd.api.types.is_bool_dtype(dtype) or inferred not in (
                "integer", "floating", "mixed-integer-float", "decimal", "empty"):
            return False
        values = pd.to_numeric(series.dropna())
        return kind == "number" or bool((values % 1 == 0).all())
    return inferred in ("string", "empty")


def _kind_of_values(series: pd.Series, kind: str) -> pd.Series:
    """Which values hold the kind (run only when the quick test failed, to name the values that do not)."""
    def fits(value) -> bool:
        if kind == "text":
            return isinstance(value, str)
        if kind == "flag":
            return isinstance(value, (bool, np.bool_))
        if kind == "time":
            return isinstance(value, (dt.date, np.datetime64))
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
            return False
        return kind == "number" or float(value) % 1 == 0

    return series.isna() | series.map(fits).astype(bool)


def _kind_check(kind: str) -> pa.Check:
    """The type of a column: the quick test, then value by value when it fails."""
    import pandera.pandas as pa

    def holds_kind(series: pd.Series):
        return True if _kind_of_storage(series, kind) else _kind_of_values(series.astype(object), kind)

    return pa.Check(holds_kind, name=f"holds_{kind}", error=f"must hold {KIND_NAMES[kind]}")


def _bounds(field: Field) -> tuple[float, float]:
    low = field.at_least if field.at_least is not None else float("-inf")
    high = field.at_most if field.at_most is not None else float("inf")
    return low, high


def _column(field: Field, unique: bool = False) -> pa.Column:
    import pandera.pandas as pa
    checks = [_kind_check(field.kind)]
    if field.allowed is not None:
        checks.append(pa.Check.isin(list(field.allowed)))
    if (field.at_least is not None or field.at_most is not None) and not field.typed:
        checks.append(pa.Check.in_range(*_bounds(field)))
    return pa.Column(checks=checks, nullable=field.nullable and not unique, unique=unique, required=True,
                     coerce=False)


def _typed_range(column: str, field: Field) -> pa.Check:
    """A sender's value outside its range warns; a rejected return keeps what was typed (that is why it was rejected)."""
    import pandera.pandas as pa
    low, high = _bounds(field)

    def sender_value_in_range(df: pd.DataFrame) -> pd.Series:
        values = pd.to_numeric(df[column], errors="coerce")
        fine = values.isna() | values.between(low, high)
        if "status" in df.columns:
            fine |= df["status"].eq("rejected").fillna(False).astype(bool)
        return fine.astype(bool)

    return pa.Check(sender_value_in_range, name=f"{column} in [{low:g}, {high:g}]", raise_warning=True)


TEXT = Field("text")
COUNT = Field("whole", at_least=0)
TYPED_COUNT = Field("whole", at_least=0, typed=True)
FLAG = Field("flag")
TIME = Field("time")
ROW = Field("whole", at_least=1)

# table → (its fields, its key). The required columns are tables.TABLE_COLUMNS; a field declared here and absent
# from a table is not checked, so a room's own column (returns.rate, entries.score) is declared once here too.
TABLES: dict[str, tuple[dict[str, Field], list[str]]] = {
    "units": ({
        "unit_code": Field("text", nullable=False), "unit_name": TEXT, "group": TEXT,
        "staff_registry": TYPED_COUNT, "other_names": TEXT,
    }, ["unit_code"]),
    "returns": ({
        "source_file": Field("text", nullable=False), "unit_code": TEXT,
        "status": Field("text", nullable=False, allowed=tuple(RETURN_STATUSES)),
        "report_date": TIME, "total_staff": TYPED_COUNT, "participants": TYPED_COUNT,
        "non_participants_listed": COUNT, "results": TEXT, "late": FLAG, "sheet": TEXT, "file_kind": TEXT,
        "file_mtime": TIME, "status_reason": TEXT,
        "rate": Field("number", at_least=0, at_most=1, typed=True),  # the share the unit wrote (0.9375)
        "readable": Field("flag"),  # False: the file arrived but could not be read (status rejected)
        "held_reason": TEXT,  # Vietnamese: why a held return waits for the analyst (status_reason: the code)
        "unit_text": TEXT, "unit_method": Field("text", allowed=tuple(RETURN_UNIT_METHODS)),
        "non_participants_count": TYPED_COUNT,
    }, []),
    "non_participants": ({
        "unit_code": TEXT, "full_name": TEXT, "position": TEXT, "reason": TEXT, "reason_category": TEXT,
        "justified": FLAG, "source_file": Field("text", nullable=False), "source_row": ROW,
    }, []),
    "entries": ({
        "person_key": TEXT, "full_name": TEXT, "unit_text": TEXT, "unit_code": TEXT, "submitted_at": TIME,
        "correct": Field("number", at_least=0, typed=True), "in_window": FLAG,
        "attempt_no": Field("whole", nullable=False, at_least=1), "best_attempt": FLAG,
        "source_file": Field("text", nullable=False), "source_row": ROW,
        "score": Field("number", at_least=0, typed=True), "duration_s": Field("number", at_least=0, typed=True),
        "unit_method": Field("text", allowed=tuple(ENTRY_UNIT_METHODS)),
    }, []),
    "reconciliation": ({
        "unit_code": Field("text", nullable=False), "staff_registry": TYPED_COUNT,
        "participants_reported": TYPED_COUNT, "participants_platform": COUNT, "difference": Field("number"),
        "flag": FLAG,
    }, ["unit_code"]),
    "issues": ({
        "source_file": TEXT, "sheet": TEXT, "row": Field("whole"),
        "severity": Field("text", nullable=False, allowed=tuple(SEVERITIES)),
        "code": Field("text", nullable=False), "message": Field("text", nullable=False),
        "rows_affected": Field("whole", at_least=0),
    }, []),
    "files": ({
        "source_file": Field("text", nullable=False), "folder": TEXT, "file_kind": TEXT,
        "status": Field("text", nullable=False, allowed=tuple(FILE_STATUSES)),
        "rows_read": Field("whole", nullable=False, at_least=0), "rows_kept": Field("whole", nullable=False, at_least=0),
        "rows_in_issues": Field("whole", nullable=False, at_least=0),
    }, []),
    # the platform's typed unit names and what they resolved to, for the analyst to check (CSV read by views)
    "unit_aliases": ({
        "text": Field("text", nullable=False), "unit_code": TEXT, "method": Field("text", allowed=tuple(MATCH_METHODS)),
        "score": Field("number"), "rows": COUNT,
        "candidates": TEXT,  # the likeliest units, in words ("PGDDT – Phòng Giáo dục và Đào tạo (86); …")
        "people": COUNT,  # people counted on the kept attempts that typed the text
    }, ["text"]),
    # one row per unit and as-of day of `cchc report` (progress.record_history): earlier weeks' figures kept
    "progress_history": ({
        "as_of": Field("text", nullable=False),  # the day, "2024-11-25"
        "unit_code": Field("text", nullable=False), "group": TEXT, "staff_registry": TYPED_COUNT,
        "participants": Field("whole", nullable=False, at_least=0), "recorded_at": TIME, "source_files": TEXT,
    }, ["as_of", "unit_code"]),
}


def schema(name: str, columns) -> pa.DataFrameSchema | None:
    """The pandera schema of one table as written (the declared fields it has); None for an undeclared table."""
    import pandera.pandas as pa
    if name not in TABLES:
        return None
    fields, key = TABLES[name]
    single_key = key[0] if len(key) == 1 else None
    present = {c: f for c, f in fields.items() if c in columns}
    cols = {c: _column(f, unique=(c == single_key)) for c, f in present.items()}
    typed = [_typed_range(c, f) for c, f in present.items()
             if f.typed and (f.at_least is not None or f.at_most is not None)]
    return pa.DataFrameSchema(cols, checks=typed, strict=False, unique=key if len(key) > 1 else None, name=name)


def check_table(df: pd.DataFrame, name: str) -> None:
    """Raise SchemaCheckError naming table, column, check and a few failing values; typed values only warn."""
    from pandera.errors import SchemaErrors
    table_schema = schema(name, df.columns)
    if table_schema is None:
        return
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            table_schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        raise SchemaCheckError(_message(name, exc.failure_cases)) from None
    for warning in caught:
        # a sender's odd value: told in the log, not fatal (the issue log names the file when a room checks it)
        log.warning("table %r: %s", name, " ".join(str(warning.message).split()))


def _message(name: str, failures: pd.DataFrame) -> str:
    parts = []
    for (column, check), rows in failures.groupby(["column", "check"], dropna=False, sort=False):
        shown = ", ".join(repr(v) for v in rows["failure_case"].drop_duplicates().head(5))
        parts.append(f"column {column!r} fails {check} ({len(rows)} rows: {shown})")
    return f"table {name!r} breaks its schema: " + "; ".join(parts)
