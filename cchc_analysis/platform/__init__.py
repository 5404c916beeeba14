"""Contest platform export → `entries` (one row per attempt), and reported-vs-platform `reconciliation`.

Extract: `read` finds the header by synonyms and reads every file as text.
Transform: `values` parses times, counts, names and keyed person hashes vectorised; `units` resolves the typed
unit names once per distinct text; here the rows become attempts of people, the contest window is applied and
attempts are numbered per person. `reconciliation`: reported against platform participants, per unit.
No phone, e-mail or ID number leaves this package.
"""
from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..config import Settings
from ..console import bar, stage
from ..issues import IssueLog
from .read import (NoHeaderError, RawSheet, read_csv_sheet, read_excel_sheets,
                            read_grid_sheets)
from .values import (
    EXCEL_DAY_ZERO,
    clean_names,
    day_first_text,
    duplicated_rows,
    emails,
    identities,
    local_times,
    mapped_text,
    numbers,
    blank_to_na,
    person_keys,
    phone_numbers,
    read_or_create_key,
    seconds,
    stripped,
    text_cells,
    whole_numbers,
)
from ..tables import TABLE_COLUMNS, write_table
from ..text import clean_text_series
from .reconciliation import reconcile
from .units import (
    ALIAS_COLUMNS, confirmed_codes, log_other_district, log_unresolved_units, other_district, recounted,
    resolved_units, unit_review_rows,
)

__all__ = ["clean_platform", "ExportReading", "reconcile", "unit_review_rows", "resolved_units", "ALIASES_FILE", "ENTRY_COLUMNS"]

FOLDER = "platform"

ENTRY_COLUMNS = TABLE_COLUMNS["entries"] + ["started_at", "score", "duration_s", "prediction", "sheet", "unit_method"]
ALIASES_FILE = "unit_aliases.csv"
# entries.unit_method of rows that count for no unit because of what was typed (not another district's rows)
NO_UNIT_METHODS = ("unmatched", "ambiguous", "blank")


# ── extract ──────────────────────────────────────────────────────────────────


def read_sheets(path: Path, source_file: str, settings: Settings, log: IssueLog) -> list[RawSheet]:
    """The sheets of one export that hold a header; problems go to the log, never up."""
    from ..readers import ReadError, check_file

    max_rows = settings.limits.max_platform_rows
    try:
        kind = check_file(path, settings.limits)
        if kind == "csv":
            sheets, skipped = [read_csv_sheet(path, settings.platform_columns, max_rows)], []
        elif kind in ("xlsx", "xls"):
            sheets, skipped = read_excel_sheets(path, settings.platform_columns, max_rows)
        elif kind == "html":  # a platform's "Xuất Excel" often saves a web page named .xls
            sheets, skipped = read_grid_sheets(path, source_file, settings, max_rows)
        else:
            raise ReadError("unsupported_format", f"Tệp {kind} không phải bảng xuất từ hệ thống thi; hãy dùng xlsx hoặc "
                            "csv (a platform export is an xlsx or csv file)")
    except ReadError as exc:
        log.add(exc.code, f"Không đọc được tệp xuất từ hệ thống thi (platform file unusable): {exc.message}",
                source_file=source_file, severity="error")
        return []
    except NoHeaderError:
        log.add("no_header", "Không tìm thấy dòng tiêu đề có các cột Họ và tên / Số điện thoại / Đơn vị / Thời gian "
                "nộp bài (no header row naming the platform columns in the first rows)", source_file=source_file,
                severity="error")
        return []
    except UnicodeError:
        log.add("unknown_encoding", "Không nhận ra bảng mã ký tự của tệp; hãy lưu lại dưới dạng CSV UTF-8 hoặc xlsx "
                "(unknown text encoding: save the export again as CSV UTF-8 or xlsx)", source_file=source_file,
                severity="error")
        return []
    except Exception as exc:  # a damaged file of any kind is an issue row; the run goes on
        log.add("file_unreadable", f"Tệp bị hỏng hoặc không đọc được (file unreadable): {type(exc).__name__}: {exc}",
                source_file=source_file, severity="error")
        return []
    for name in skipped:
        log.add("sheet_skipped", f"Bỏ qua trang tính không có dòng tiêu đề hoặc bị ẩn (sheet skipped): {name}",
                source_file=source_file, sheet=name, severity="info")
    if not sheets:
        log.add("no_header", "Không trang tính nào có dòng tiêu đề của danh sách thí sinh (no sheet holds the entries header)",
                source_file=source_file, severity="error")
    for sheet in sheets:
        if sheet.truncated:
            first_cut = int(sheet.source_row[-1]) + 1 if len(sheet.source_row) else None
            log.add("rows_cut", f"Chỉ đọc {max_rows} dòng đầu; {sheet.truncated} dòng từ dòng {first_cut} trở đi bị bỏ "
                    f"({sheet.truncated} rows beyond the limit max_platform_rows were not read)",
                    source_file=source_file, sheet=sheet.sheet, row=first_cut, severity="warning",
                    rows_affected=sheet.truncated)
    return sheets


class ExportReading:
    """The exports of a folder, read one after another in a background thread from the moment this is made.

    Parsing a large export holds no Python lock (calamine, Arrow), so the pipeline starts it first and reads the
    registry and the returns meanwhile; `result(path)` gives a file's sheets and what its read logged.
    The thread is a daemon: a run stopped early (no registry) does not wait for it.
    """

    def __init__(self, folder: str | Path, settings: Settings):
        from ..readers import list_input_files

        self.folder = Path(folder)
        self.paths, self.skipped = list_input_files(self.folder)
        self._done = [Future() for _ in self.paths]
        threading.Thread(target=self._read_all, args=(settings,), name="cchc-platform-read", daemon=True).start()

    def _read_all(self, settings: Settings) -> None:
        for path, done in zip(self.paths, self._done):
            source_file = path.relative_to(self.folder).as_posix()
            file_log = IssueLog()
            try:
                with stage(f"platform: read {source_file}"):
                    done.set_result((read_sheets(path, source_file, settings, file_log), file_log))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, who raises it
                done.set_exception(exc)

    def result(self, path: Path) -> tuple[list[RawSheet], IssueLog]:
        """One file's sheets and the issues its read logged, once its read has ended."""
        return self._done[self.paths.index(path)].result()


def raw_attempts(sheets: list[RawSheet], source_file: str) -> pd.DataFrame:
    """The data rows of one file's sheets stacked, with source_file, sheet and source_row; blank rows left out."""
    frames = [sheet.frame.assign(source_row=sheet.source_row, sheet=sheet.sheet) for sheet in sheets]
    raw = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0] if frames else pd.DataFrame()
    fields = [c for c in raw.columns if c not in ("source_row", "sheet")]
    blank = blank_rows(raw[fields])
    if blank.any():
        raw = raw.loc[~blank].reset_index(drop=True)
    raw["source_file"] = source_file
    return raw


def blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """True for rows whose every cell is empty or white space (trimmed in C, column by column, each column only
    on the rows still blank)."""
    blank = np.ones(len(frame), dtype=bool)
    for name in frame.columns:
        rows = np.flatnonzero(blank)
        if not len(rows):
            break
        values = frame[name] if len(rows) == len(frame) else frame[name].iloc[rows]
        filled = pc.fill_null(pc.not_equal(pc.utf8_trim_whitespace(text_cells(values)), ""), False)
        blank[rows[filled.to_numpy(zero_copy_only=False)]] = False
    return blank


# ── transform ────────────────────────────────────────────────────────────────


def column(raw: pd.DataFrame, field: str) -> pd.Series:
    """A field's text column, all NA when the export has no such column."""
    if field in raw.columns:
        return raw[field]
    return pd.Series(pd.NA, index=raw.index, dtype="string")


def full_names(raw: pd.DataFrame) -> pd.Series:
    """The name cell; when the export splits it, family and middle names ("Họ và tên đệm") + given name ("Tên")."""
    given = column(raw, "full_name")
    if "family_name" not in raw.columns:
        return given
    family = stripped(raw["family_name"])
    return (family.fillna("") + " " + stripped(given).fillna("")).str.strip()


def submission_text(raw: pd.DataFrame) -> pd.Series:
    """The submission time as text; from the day and the hour when an export gives them in two columns."""
    text = column(raw, "submitted_at")
    if "submitted_date" not in raw.columns:
        return text
    day = stripped(raw["submitted_date"]).str.replace(r"[ T]00:00:00$", "", regex=True)  # a date cell
    hour = stripped(column(raw, "submitted_time")).str.replace(EXCEL_DAY_ZERO, "", regex=True)  # a time cell
    return stripped(text).fillna((day + " " + hour.fillna("")).str.strip())


def typed_units(raw: pd.DataFrame) -> pd.Series:
    """The unit each row typed, cleaned; NA when blank."""
    return blank_to_na(clean_text_series(column(raw, "unit_text")))


def attempts_of(raw: pd.DataFrame, settings: Settings, secret: bytes, unit_text: pd.Series | None = None,
                code_of: dict | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parsed attempts of the raw rows (same index); and per row the problems found (VALUE_PROBLEMS' columns).

    code_of (typed unit → unit code) lets a row without phone or e-mail join the one person of its name in its unit
    however the unit was typed.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        # the two time columns (numpy and Arrow, mostly without the GIL) are read beside the people and their keys
        times = pool.submit(attempt_times, raw, settings.contest.timezone)
        return people_and_checks(raw, settings, secret, unit_text, code_of, times)


def attempt_times(raw: pd.DataFrame, tz: str) -> dict[str, pd.Series]:
    """submitted_at, started_at and duration_s of the raw rows, and which non-blank times could not be read."""
    submitted_at, bad_submitted = local_times(day_first_text(submission_text(raw), raw["source_file"]), tz)
    started_at, bad_started = local_times(day_first_text(column(raw, "started_at"), raw["source_file"]), tz)
    duration = seconds(column(raw, "duration"))
    duration = duration.fillna(((submitted_at - started_at).dt.total_seconds()).astype("Float64"))
    if "submitted_at" not in raw.columns and "submitted_date" not in raw.columns:
        submitted_at = started_at + pd.to_timedelta(duration.fillna(0).astype(float), unit="s")
    return {"submitted_at": submitted_at, "started_at": started_at, "duration_s": duration,
            "bad_time": bad_submitted | bad_started}


def people_and_checks(raw: pd.DataFrame, settings: Settings, secret: bytes, unit_text: pd.Series | None,
                      code_of: dict | None, times) -> tuple[pd.DataFrame, pd.DataFrame]:
    """attempts_of, once the times are on their way (times.result() gives attempt_times)."""
    names, phone_in_name, email_in_name = clean_names(full_names(raw))
    phone = phone_numbers(column(raw, "phone")).fillna(phone_numbers(phone_in_name))
    email = emails(column(raw, "email")).fillna(email_in_name)
    unit_text = typed_units(raw) if unit_text is None else unit_text
    unit_of_person = unit_text
    if code_of:
        unit_of_person = mapped_text(unit_text, code_of).fillna(unit_text)
    # a repeated header, a column-number row or a total line holds no phone or e-mail: only those rows are looked at
    bare = (phone.isna() & email.isna()).to_numpy()
    no_attempt = pd.Series(False, index=raw.index)
    if bare.any():
        no_attempt[bare] = not_attempts(raw[bare], names[bare], settings).to_numpy()
    identity = identities(phone.mask(no_attempt), email.mask(no_attempt), column(raw, "id_number").mask(no_attempt),
                          names.mask(no_attempt), unit_of_person)
    person_key = person_keys(identity, secret)
    timed = times.result()
    submitted_at = timed["submitted_at"]
    attempts = pd.DataFrame(
        {
            "person_key": person_key,
            "full_name": names.fillna(""),
            "unit_text": unit_text.fillna(""),
            "submitted_at": submitted_at,
            "started_at": timed["started_at"],
            "correct": numbers(column(raw, "correct")).round().astype("Int64"),
            "score": numbers(column(raw, "score")),
            "duration_s": timed["duration_s"],
            "prediction": whole_numbers(column(raw, "prediction")),
            "source_file": raw["source_file"],
            "source_row": raw["source_row"].astype("int64"),
            "sheet": raw["sheet"],
        },
        index=raw.index,
    )
    nobody = identity.isna() & ~no_attempt
    gone = nobody | no_attempt
    # the same export dropped in twice (xlsx and csv of one download): the same person, times and result again
    repeated = duplicated_rows(attempts, ["submitted_at", "started_at", "person_key", "correct", "score", "duration_s"])
    repeated |= copies_without_seconds(attempts)
    problems = pd.DataFrame(
        {"no_attempt": no_attempt, "nobody": nobody, "bad_time": timed["bad_time"] & ~gone,
         "phone_in_name": phone_in_name.notna() & ~gone, "email_in_name": email_in_name.notna() & ~gone,
         "unit_blank": unit_text.isna() & ~gone, "duplicate": repeated & submitted_at.notna() & ~gone},
        index=raw.index,
    )
    return attempts, problems


def copies_without_seconds(attempts: pd.DataFrame) -> pd.Series:
    """True for rows of a file whose times all lost their seconds (a csv copy saved by Excel) that repeat an attempt
    read with its seconds elsewhere: same person, same minute, same result."""
    time = attempts["submitted_at"]
    with_seconds = (time.dt.second.fillna(0) != 0).astype(bool)  # unread times say nothing either way
    lossy = ~with_seconds.groupby(attempts["source_file"]).transform("any") & time.notna()
    if not lossy.any() or lossy[time.notna()].all():
        return pd.Series(False, index=attempts.index)
    keys = [attempts["person_key"], time.dt.floor("min"), attempts["correct"], attempts["score"]]
    key = pd.MultiIndex.from_arrays([k.reset_index(drop=True) for k in keys])
    lossy_rows = lossy.to_numpy()
    precise = key[~lossy_rows]
    return pd.Series(lossy_rows & key.isin(precise), index=attempts.index)


def not_attempts(raw: pd.DataFrame, names: pd.Series, settings: Settings) -> pd.Series:
    """Rows under the header that are no attempt: the header printed again, the column-number row "(1) (2) …",
    a total line under the names ("Tổng cộng: 1.234 lượt thi")."""
    fields = [c for c in raw.columns if c not in ("source_row", "sheet", "source_file")]
    header_words = {synonym.lower() for synonyms in settings.platform_columns.values() for synonym in synonyms}
    header_words = pa.array(sorted(header_words), type=pa.large_string())
    header_hits = np.zeros(len(raw), dtype="int64")
    numbered = np.ones(len(raw), dtype=bool)
    filled = np.zeros(len(raw), dtype="int64")
    for name in fields:
        text = pc.utf8_trim_whitespace(text_cells(raw[name]))
        bare = pc.utf8_lower(pc.replace_substring_regex(text, r"\s*\(?\*\)?\s*$", ""))  # "HỌ VÀ TÊN (*)"
        header_hits += pc.fill_null(pc.is_in(bare, value_set=header_words), False).to_numpy(zero_copy_only=False)
        blank = pc.fill_null(pc.equal(text, ""), True).to_numpy(zero_copy_only=False)
        number = pc.fill_null(pc.match_substring_regex(text, r"^\(?\d{1,2}\)?$"), False).to_numpy(zero_copy_only=False)
        numbered &= blank | number
        filled += ~blank
    if "full_name" in raw.columns:  # a column-number row numbers the name column too
        name_text = pa.array(raw["full_name"].astype("string"), type=pa.large_string())
        numbered &= pc.fill_null(pc.match_substring_regex(pc.utf8_trim_whitespace(name_text), r"^\(?\d{1,2}\)?$"),
                                 False).to_numpy(zero_copy_only=False)
    totals = total_lines(names, settings.return_layout.get("total_words", []))
    return pd.Series((header_hits >= 2) | (numbered & (filled >= 2)) | totals, index=raw.index)


def total_lines(names: pd.Series, total_words: list[str]) -> np.ndarray:
    """True where the name cell is a total line: a total word ("Tổng cộng", "Cộng") then a number, or the word alone."""
    if not total_words:
        return np.zeros(len(names), dtype=bool)
    import re

    words = "|".join(re.escape(word.lower()) for word in sorted(total_words, key=len, reverse=True))
    text = pc.utf8_lower(pa.array(names.astype("string"), type=pa.large_string()))
    total = pc.match_substring_regex(text, f"^(?:{words})(?:$|[^\\pL].*\\d)")
    return pc.fill_null(total, False).to_numpy(zero_copy_only=False)


# problem column → issue code, severity and message
VALUE_PROBLEMS = {
    "no_attempt": ("row_not_attempt", "info",
                   "Dòng không phải lượt thi (dòng tiêu đề lặp lại, dòng đánh số cột hoặc dòng tổng cộng), bỏ qua "
                   "(row is no attempt: repeated header, column-number row or total line; left out)"),
    "bad_time": ("time_unreadable", "warning",
                 "Thời gian không đọc được: lượt thi được giữ nhưng tính là ngoài thời gian thi "
                 "(unreadable time: attempt kept, counted as outside the contest window)"),
    "phone_in_name": ("phone_in_name", "warning",
                      "Ô Họ và tên chứa số điện thoại; số đã được bỏ khỏi tên "
                      "(the name cell holds a phone number; the digits were removed from the name)"),
    "email_in_name": ("email_in_name", "warning",
                      "Ô Họ và tên chứa địa chỉ email; email đã được bỏ khỏi tên và dùng để nhận ra thí sinh "
                      "(the name cell holds an e-mail address; it was removed from the name and identifies the person)"),
    "unit_blank": ("unit_blank", "warning",
                   "Không ghi đơn vị: lượt thi không tính cho đơn vị nào (no unit typed: the attempt counts for no unit)"),
    "duplicate": ("entry_duplicate", "warning",
                  "Lượt thi trùng hệt một lượt đã đọc (cùng người, cùng thời gian, cùng kết quả), chỉ tính một lần "
                  "(the same attempt was already read, maybe from another copy of the export; counted once)"),
    "nobody": ("entry_without_person", "warning",
               "Dòng không có họ tên, số điện thoại hay email: không xác định được thí sinh, bỏ qua "
               "(row names no one: no name, phone or e-mail; left out)"),
}


def log_value_problems(attempts: pd.DataFrame, problems: pd.DataFrame, log: IssueLog) -> None:
    """One issue per file, sheet and kind of problem, with its row count and first row."""
    for column_name, (code, severity, message) in VALUE_PROBLEMS.items():
        mask = problems[column_name]
        if not mask.any():
            continue
        hit = attempts.loc[mask, ["source_file", "sheet", "source_row"]]
        for (source_file, sheet), rows in hit.groupby(["source_file", "sheet"], sort=False)["source_row"]:
            log.add(code, f"{message}: {len(rows)} dòng (rows), dòng đầu (first row) {int(rows.min())}",
                    source_file=source_file, sheet=sheet, row=int(rows.min()), severity=severity,
                    rows_affected=len(rows))


def with_window(attempts: pd.DataFrame, settings: Settings) -> pd.Series:
    """True for attempts submitted inside the contest window (both ends included); unreadable times are outside."""
    start = pd.Timestamp(settings.contest.window_start).tz_convert(settings.contest.timezone)
    end = pd.Timestamp(settings.contest.window_end).tz_convert(settings.contest.timezone)
    return attempts["submitted_at"].between(start, end, inclusive="both").fillna(False).astype(bool)


def first_of_groups(group: np.ndarray) -> np.ndarray:
    """For a sorted array of group codes, True where a new group starts."""
    return np.r_[True, group[1:] != group[:-1]] if len(group) else np.zeros(0, dtype=bool)


def sort_key(values: pd.Series, descending: bool = False) -> np.ndarray:
    """A float sort key with missing values last, either way round."""
    key = pd.to_numeric(values, errors="coerce").astype("float64").to_numpy(na_value=np.nan)
    key = -key if descending else key
    return np.where(np.isnan(key), np.inf, key)


def attempt_numbers(entries: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """attempt_no per person by submission time, and best_attempt: most correct, then quickest, then earliest, in
    window (entries is only read: this runs in a thread beside the unit columns' work)."""
    person = pd.factorize(entries["person_key"])[0]
    time = sort_key((entries["submitted_at"] - pd.Timestamp(0, tz="UTC")).dt.total_seconds())
    file_code = pd.factorize(entries["source_file"], sort=True)[0]
    row = entries["source_row"].to_numpy()
    # np.lexsort sorts by the last key first: person, then time (missing last), then file and row; a stable sort
    # keeps rows already in file and row order, so those two keys are needed only when they are not
    in_file_order = bool((np.diff(file_code) >= 0).all() and (np.diff(row)[np.diff(file_code) == 0] > 0).all())
    order = np.lexsort((time, person) if in_file_order else (row, file_code, time, person))
    starts = first_of_groups(person[order])
    position = np.arange(len(order))
    attempt_no = np.empty(len(order), dtype="int64")
    attempt_no[order] = position - np.maximum.accumulate(np.where(starts, position, 0)) + 1

    window = entries["in_window"].to_numpy(dtype=bool)
    # within a person attempt_no follows the time (then file and row), so it stands for both as the last tie-break
    inside = np.flatnonzero(window)
    ranked = inside[np.lexsort((attempt_no[inside], sort_key(entries["duration_s"])[inside],
                                sort_key(entries["correct"], True)[inside], person[inside]))]
    best = np.zeros(len(entries), dtype=bool)
    best[ranked[first_of_groups(person[ranked])]] = True
    return attempt_no, best


def empty_entries() -> pd.DataFrame:
    return pd.DataFrame(columns=ENTRY_COLUMNS)


def file_row(source_file: str, path: Path, status: str, rows_read: int, rows_kept: int, rows_in_issues: int) -> dict:
    return {"source_file": source_file, "folder": FOLDER, "file_kind": path.suffix.lower().lstrip("."),
            "status": status, "rows_read": rows_read, "rows_kept": rows_kept, "rows_in_issues": rows_in_issues}


def write_aliases(aliases: pd.DataFrame, out_dir: Path) -> Path:
    """unit_aliases.csv for the analyst to review and pin corrections, written (and checked) as every table is."""
    write_table(aliases[ALIAS_COLUMNS], "unit_aliases", out_dir)
    return Path(out_dir) / ALIASES_FILE


def clean_platform(folder, units: pd.DataFrame, settings: Settings, log: IssueLog, out_dir,
                   confirmed: pd.DataFrame | None = None,
                   reading: ExportReading | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every export in the folder → (entries, files); writes unit_aliases.csv in out_dir.

    confirmed: the review file's rows of typed names the analyst confirmed (`text`, `confirmed_code`;
    review.confirmed(settings, "don_vi_nen_tang")); the pipeline passes them, a test may.
    reading: the folder's exports already being read (the pipeline starts it first); else they are read here.
    """
    from ..registry import UnitMatcher

    reading = reading or ExportReading(folder, settings)
    secret = read_or_create_key(settings.paths.person_key_file)
    matcher = UnitMatcher(units, settings, partial=True)  # built while the exports are still being parsed
    for item in reading.skipped:
        log.add(item.code, item.message, source_file=item.source_file, severity=item.severity)
    raws, files = [], [file_row(item.source_file, item.path, "skipped", 0, 0, 0) for item in reading.skipped]
    for path in bar(reading.paths, desc="nền tảng: đọc tệp"):
        source_file = path.relative_to(reading.folder).as_posix()
        sheets, file_log = reading.result(path)
        log.extend(file_log)
        raw = raw_attempts(sheets, source_file) if sheets else pd.DataFrame()
        raws.append(raw)
        cut = sum(sheet.truncated for sheet in sheets)  # rows left unread count as read into the issue log
        files.append(file_row(source_file, path, "read" if sheets else "error", len(raw) + cut, 0, cut))
    files_df = pd.DataFrame(files, columns=TABLE_COLUMNS["files"])
    raws = [r for r in raws if len(r)]
    if not raws:
        write_aliases(pd.DataFrame(columns=ALIAS_COLUMNS), out_dir)
        return empty_entries(), files_df.astype({c: "int64" for c in ("rows_read", "rows_kept", "rows_in_issues")})

    raw = pd.concat(raws, ignore_index=True)
    steps = bar(total=3, desc=f"nền tảng: {len(raw):,} dòng", unit="bước")
    with stage("platform: unit names"):
        unit_text = typed_units(raw)
        review_name = Path(settings.paths.review).name if settings.paths.review else "xac_nhan.xlsx"
        matches = resolved_units(unit_text.fillna(""), units, settings,
                                 confirmed_codes(confirmed, units, log, review_name), matcher=matcher)
    steps.update()
    with stage("platform: people, times, checks"):
        attempts, problems = attempts_of(raw, settings, secret, unit_text,
                                         dict(zip(matches["text"], matches["unit_code"])))
    steps.update()
    log_value_problems(attempts, problems, log)
    dropped_rows = problems["no_attempt"] | problems["nobody"] | problems["duplicate"]
    # (a frame of its own either way: the columns set below do not reach attempts)
    entries = attempts.loc[~dropped_rows.to_numpy()] if dropped_rows.any() else attempts.copy(deep=False)

    entries["in_window"] = with_window(entries, settings)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # the numbering (sorts, without the GIL) reads a frame of its own while the unit columns are added here
        numbering = pool.submit(attempt_numbers, entries.copy(deep=False))
        aliases = recounted(matches, entries)
        log_unresolved_units(aliases, entries, log)
        code_of = dict(zip(aliases["text"], aliases["unit_code"]))
        entries["unit_code"] = mapped_text(entries["unit_text"], code_of)
        entries["unit_method"] = mapped_text(entries["unit_text"], dict(zip(aliases["text"], aliases["method"])))
        entries["unit_method"] = entries["unit_method"].fillna("blank")
        elsewhere = other_district(column(raw, "district"), settings.contest.city).reindex(entries.index)
        entries.loc[elsewhere.to_numpy(), "unit_code"] = pd.NA  # "Phòng Nội vụ" of another district is not ours
        entries.loc[elsewhere.to_numpy(), "unit_method"] = "other_district"
        log_other_district(entries.loc[elsewhere.to_numpy()], log)
        entries["attempt_no"], entries["best_attempt"] = numbering.result()
    write_aliases(aliases, out_dir)  # after the thread: the schema check records warnings, which is not thread-safe
    entries = entries.reset_index(drop=True)
    steps.update()
    steps.close()

    kept = entries["source_file"].value_counts()
    dropped = attempts.loc[dropped_rows, "source_file"].value_counts()
    files_df["rows_kept"] = files_df["source_file"].map(kept).fillna(0).astype("int64")
    files_df["rows_in_issues"] = (files_df["rows_in_issues"] + files_df["source_file"].map(dropped).fillna(0)).astype("int64")
    files_df["rows_read"] = files_df["rows_read"].astype("int64")
    return entries[ENTRY_COLUMNS], files_df
