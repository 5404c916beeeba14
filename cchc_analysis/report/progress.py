"""Progress while the contest runs, from the registry and the platform export alone (no returns needed).

Each week of the contest the office downloads the platform export and pushes the units that lag.
Pure functions over the processed tables, as of a day:
- `unit_progress`: every registry unit (none dropped: a unit nobody from has sat yet is at 0%) with the
  people who have sat so far against the registry's staff, the gap to the target, and the change since
  the previous week *as recorded* in the history table (`progress_history`), never recomputed from one file;
- `group_progress`: the same summed per group and for the city; `days_left`; `lagging_units`;
- `cumulative_by_day`: the chart's data, people counted on the day of their first attempt in the window;
- `record_history`: the figures of a day written into data/processed/progress_history (the day's rows
  replaced when a newer export is run for the same day; other days kept).

Counting rule, the reconciliation's own: a person counts for a unit when one of their attempts resolved to
that unit falls inside the contest window and was submitted on or before the end of the day (local time).
"""
from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pandas as pd

from ..config import Settings
from .display import Html, fmt_date, fmt_number, fmt_percent, table
from ..tables import Tables, read_table, write_table

HISTORY_TABLE = "progress_history"
CITY_LABEL = "Toàn thành phố"
EPSILON = 1e-9
DEFAULT_COMPARE_DAYS = 7
# what a printed lagging list shows per unit: the unit, its head, people so far / staff, the gap to 100%
LAGGING_COLUMNS = ["unit_name", "head_name", "participants", "staff_registry", "rate", "change", "gap"]


class AsOfError(ValueError):
    """A --as-of date that cannot be read."""


# ---------------------------------------------------------------- the day the figures run to


def parse_as_of(value) -> dt.date:
    """A day as a person types it: 25/11/2024 (dd/mm/yyyy) or 2024-11-25; a date or timestamp passes."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    text = str(value).strip()
    for pattern, order in ((r"(\d{1,2})/(\d{1,2})/(\d{4})", "dmy"), (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd")):
        found = re.fullmatch(pattern, text)
        if found:
            a, b, c = (int(x) for x in found.groups())
            day, month, year = (a, b, c) if order == "dmy" else (c, b, a)
            try:
                return dt.date(year, month, day)
            except ValueError:
                break
    raise AsOfError(f"Ngày không hợp lệ: {text!r}; hãy ghi dd/mm/yyyy hoặc yyyy-mm-dd "
                    "(bad date: use dd/mm/yyyy or yyyy-mm-dd)")


def _window_days(settings: Settings) -> tuple[dt.date, dt.date]:
    return settings.contest.window_start.date(), settings.contest.window_end.date()


def _local(values: pd.Series, settings: Settings) -> pd.Series:
    """Times in the contest's time zone (naive times are taken as already local)."""
    stamps = pd.to_datetime(values, errors="coerce")
    if getattr(stamps.dt, "tz", None) is None:
        return stamps.dt.tz_localize(settings.contest.timezone)
    return stamps.dt.tz_convert(settings.contest.timezone)


def default_as_of(tables: Tables, settings: Settings, today: dt.date | None = None) -> dt.date:
    """The day of the export's latest attempt while the contest is open; once the export runs past the
    window, the contest's last day. Without any attempt: today, kept inside the window."""
    first, last = _window_days(settings)
    submitted = _local(tables.entries["submitted_at"], settings).dropna() if len(tables.entries) else pd.Series()
    day = submitted.max().date() if len(submitted) else (today or dt.date.today())
    return min(max(day, first), last)


def resolve_as_of(tables: Tables, settings: Settings, as_of=None) -> dt.date:
    """The asked day (dd/mm/yyyy or yyyy-mm-dd), else `default_as_of`."""
    return default_as_of(tables, settings) if as_of in (None, "") else parse_as_of(as_of)


def days_left(settings: Settings, as_of) -> int:
    """Whole contest days after the as-of day (the last day counted); 0 once it is over."""
    return max((_window_days(settings)[1] - parse_as_of(as_of)).days, 0)


def has_inputs(tables: Tables) -> bool:
    """The progress report needs a registry and a platform export, nothing else."""
    return len(tables.units) > 0 and len(tables.entries) > 0


# ---------------------------------------------------------------- figures per unit, group, city


def _code(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.astype(object).where(text.notna() & (text != ""), None)


def _units(tables: Tables) -> pd.DataFrame:
    units = tables.units.copy()
    units["unit_code"] = _code(units["unit_code"])
    units["staff_registry"] = pd.to_numeric(units["staff_registry"], errors="coerce").astype("Int64")
    units["group"] = units["group"].astype(object).where(units["group"].notna(), "")
    head = units["head_name"] if "head_name" in units.columns else pd.Series("", index=units.index)
    units["head_name"] = head.astype(object).where(head.notna(), "")
    return units.drop_duplicates("unit_code").reset_index(drop=True)


def counted_attempts(tables: Tables, settings: Settings, as_of) -> pd.DataFrame:
    """In-window attempts resolved to a unit and submitted on or before the end of the as-of day (local)."""
    entries = tables.entries
    if entries.empty:
        return pd.DataFrame({"unit_code": [], "person_key": [], "day": []})
    local = _local(entries["submitted_at"], settings)
    day = local.dt.tz_localize(None).dt.normalize()
    in_window = entries["in_window"].astype("boolean").fillna(False).astype(bool)
    keep = in_window & (day <= pd.Timestamp(parse_as_of(as_of))) & entries["unit_code"].notna()
    return pd.DataFrame({"unit_code": _code(entries.loc[keep, "unit_code"]),
                         "person_key": entries.loc[keep, "person_key"].astype(object),
                         "day": day[keep]}).dropna(subset=["unit_code"])


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    denominator = pd.to_numeric(denominator, errors="coerce").astype("float64")
    return pd.to_numeric(numerator, errors="coerce").astype("float64") / denominator.where(denominator > 0)


def _gap(staff: pd.Series, participants: pd.Series, settings: Settings) -> pd.Series:
    """People still to sit for the unit to reach the target; unknown when the registry gives no staff."""
    target = (staff.astype("Float64") * settings.contest.target_rate).round()
    return (target - participants.astype("Float64")).clip(lower=0).astype("Int64")


def read_history(processed_dir: str | Path) -> pd.DataFrame:
    """The figures recorded on earlier runs (empty when none)."""
    return read_table(HISTORY_TABLE, processed_dir)


def _history(tables: Tables) -> pd.DataFrame:
    history = getattr(tables, HISTORY_TABLE, None)
    return history if history is not None else pd.DataFrame(columns=["as_of", "unit_code", "participants"])


def previous_date(history: pd.DataFrame, settings: Settings, as_of) -> dt.date | None:
    """The recorded day to compare with: the latest at least a week ([report] progress_compare_days) before
    the as-of day, else the latest recorded day before it; None when nothing earlier was recorded."""
    if history is None or history.empty:
        return None
    days = pd.to_datetime(history["as_of"], errors="coerce").dropna().dt.date.unique()
    as_of = parse_as_of(as_of)
    earlier = sorted(d for d in days if d < as_of)
    if not earlier:
        return None
    compare_days = int(settings.report.get("progress_compare_days", DEFAULT_COMPARE_DAYS))
    a_week_before = [d for d in earlier if d <= as_of - dt.timedelta(days=compare_days)]
    return a_week_before[-1] if a_week_before else earlier[-1]


def unit_progress(tables: Tables, settings: Settings, as_of) -> pd.DataFrame:
    """One row per registry unit, in registry order: people who have sat so far, registry staff, rate, gap to
    the target, and the change since the previous recorded week (`previous_as_of`; blank when none)."""
    units = _units(tables)
    counted = counted_attempts(tables, settings, as_of)
    people = counted.groupby("unit_code")["person_key"].nunique()
    participants = units["unit_code"].map(people).fillna(0).astype("int64")
    history = _history(tables)
    before = previous_date(history, settings, as_of)
    if before is not None:
        recorded = history[pd.to_datetime(history["as_of"], errors="coerce").dt.date == before]
        then = pd.to_numeric(recorded.set_index(_code(recorded["unit_code"]))["participants"], errors="coerce")
        previous = units["unit_code"].map(then[~then.index.duplicated(keep="last")]).astype("Int64")
    else:
        previous = pd.Series(pd.NA, index=units.index, dtype="Int64")
    out = pd.DataFrame({
        "unit_code": units["unit_code"],
        "unit_name": units["unit_name"],
        "group": units["group"],
        "head_name": units["head_name"],
        "staff_registry": units["staff_registry"],
        "participants": participants,
        "rate": _ratio(participants, units["staff_registry"]),
        "gap": _gap(units["staff_registry"], participants, settings),
        "participants_previous": previous,
        "change": (participants.astype("Int64") - previous).astype("Int64"),
    })
    out["as_of"] = pd.Timestamp(parse_as_of(as_of))
    out["previous_as_of"] = pd.Timestamp(before) if before is not None else pd.NaT
    return out


def group_progress(progress: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """`unit_progress` summed per group (registry order), then the city row ("Toàn thành phố")."""
    frame = progress.assign(
        staff=progress["staff_registry"].astype("Float64"),
        started=progress["participants"] > 0,
        at_target=progress["rate"] >= settings.contest.target_rate - EPSILON,
        previous=progress["participants_previous"].astype("Float64"),
    )
    parts = []
    for by in (frame["group"], pd.Series(CITY_LABEL, index=frame.index)):
        sums = frame.groupby(by.rename("group"), sort=False).agg(
            units=("unit_code", "size"), units_started=("started", "sum"), units_at_target=("at_target", "sum"),
            staff_registry=("staff", "sum"), participants=("participants", "sum"),
            participants_previous=("previous", lambda s: s.sum() if s.notna().any() else pd.NA),
        ).reset_index()
        parts.append(sums)
    out = pd.concat(parts, ignore_index=True)
    out["staff_registry"] = out["staff_registry"].round().astype("Int64")
    out["participants_previous"] = pd.to_numeric(out["participants_previous"], errors="coerce").round().astype("Int64")
    out["rate"] = _ratio(out["participants"], out["staff_registry"])
    out["gap"] = _gap(out["staff_registry"], out["participants"], settings)
    out["change"] = (out["participants"].astype("Int64") - out["participants_previous"]).astype("Int64")
    for column in ("units", "units_started", "units_at_target", "participants"):
        out[column] = out[column].astype("int64")
    return out[["group", "units", "units_started", "units_at_target", "staff_registry", "participants", "rate",
                "change", "gap"]]


def lagging_units(progress: pd.DataFrame, settings: Settings, group: str | None = None) -> pd.DataFrame:
    """Units below the target, furthest behind first (lowest rate, then most people missing); units whose
    registry gives no staff come last, since their rate is unknown."""
    below = progress[~(progress["rate"] >= settings.contest.target_rate - EPSILON)]
    if group is not None:
        below = below[below["group"] == group]
    order = below.assign(unknown=below["rate"].isna(), missing=below["gap"].astype("Float64").fillna(0))
    order = order.sort_values(["unknown", "rate", "missing", "unit_name"], ascending=[True, True, False, True])
    return order.drop(columns=["unknown", "missing"]).reset_index(drop=True)


def cumulative_by_day(tables: Tables, settings: Settings, as_of) -> pd.DataFrame:
    """People so far per group and for the city on each contest day up to the as-of day, against staff.
    A person counts for a unit from the day of their first attempt for it, so the last day equals
    `group_progress`."""
    units = _units(tables)
    first, last = _window_days(settings)
    end = min(max(parse_as_of(as_of), first), last)
    days = pd.date_range(pd.Timestamp(first), pd.Timestamp(end), freq="D")
    counted = counted_attempts(tables, settings, as_of)
    firsts = counted.groupby(["unit_code", "person_key"])["day"].min().reset_index()
    firsts["group"] = firsts["unit_code"].map(units.set_index("unit_code")["group"])
    staff = units.groupby("group", sort=False)["staff_registry"].sum().astype("float64")
    series = pd.DataFrame({"group": [*staff.index, CITY_LABEL], "staff": [*staff.to_numpy(), staff.sum()]})
    grid = series.merge(pd.DataFrame({"day": days}), how="cross")
    new = pd.concat([firsts.assign(group=CITY_LABEL), firsts]).groupby(["group", "day"]).size()
    keys = pd.MultiIndex.from_frame(grid[["group", "day"]])
    grid["new_participants"] = new.reindex(keys).fillna(0).astype("int64").to_numpy()
    grid["cumulative_participants"] = grid.groupby("group", sort=False)["new_participants"].cumsum()
    grid["cumulative_rate"] = _ratio(grid["cumulative_participants"], grid["staff"])
    grid["staff"] = grid["staff"].round().astype("int64")
    return grid[["group", "day", "new_participants", "cumulative_participants", "staff", "cumulative_rate"]]


# ---------------------------------------------------------------- the history table


def history_rows(progress: pd.DataFrame, source_files: str = "", recorded_at=None) -> pd.DataFrame:
    """The figures of one as-of day as history rows (one per unit)."""
    recorded = pd.Timestamp(recorded_at) if recorded_at is not None else pd.Timestamp.now().floor("s")
    return pd.DataFrame({
        "as_of": progress["as_of"].dt.date.astype(str),
        "unit_code": progress["unit_code"],
        "group": progress["group"],
        "staff_registry": progress["staff_registry"],
        "participants": progress["participants"].astype("int64"),
        "recorded_at": recorded,
        "source_files": source_files,
    })


def record_history(tables: Tables, settings: Settings, as_of, processed_dir: str | Path,
                   recorded_at=None) -> Path:
    """Write the as-of day's figures into progress_history: that day's earlier rows are replaced (a newer
    export for the same day), every other day kept."""
    progress = unit_progress(tables, settings, as_of)
    files = tables.files
    exports = files.loc[files["folder"] == "platform", "source_file"] if "folder" in files.columns else []
    new = history_rows(progress, "; ".join(map(str, exports)), recorded_at)
    history = read_history(processed_dir)
    if len(history):
        history = history[history["as_of"].astype(str) != new["as_of"].iloc[0]]
        new = pd.concat([history.astype({"as_of": str}), new], ignore_index=True)
    new = new.sort_values(["as_of", "unit_code"], kind="stable").reset_index(drop=True)
    return write_table(new, HISTORY_TABLE, processed_dir)


# ---------------------------------------------------------------- what the notebook shows


def headline(tables: Tables, settings: Settings, as_of) -> str:
    """The city in two sentences: people so far against staff, the change, the days left, the units behind."""
    progress = unit_progress(tables, settings, as_of)
    city = group_progress(progress, settings).iloc[-1]
    day = parse_as_of(as_of)
    before = previous_date(_history(tables), settings, day)
    text = (f"Tính đến hết ngày {fmt_date(day)}, toàn thành phố có {fmt_number(city['participants'])}/"
            f"{fmt_number(city['staff_registry'])} CBCCVC đã tham gia dự thi, đạt {fmt_percent(city['rate'])} "
            f"(chỉ tiêu {fmt_percent(settings.contest.target_rate, 0)}); "
            f"còn thiếu {fmt_number(city['gap'])} người. ")
    if before is None:
        text += "Chưa có số liệu tuần trước được lưu để so sánh. "
    else:
        text += (f"So với số liệu ngày {fmt_date(before)}, tăng {fmt_number(city['change'])} người. ")
    left = days_left(settings, day)
    end = fmt_date(settings.contest.window_end)
    text += (f"Cuộc thi kết thúc ngày {end}, còn {fmt_number(left)} ngày. " if left else
             f"Cuộc thi đã kết thúc ngày {end}. ")
    not_started = int((progress["participants"] == 0).sum())
    below = len(lagging_units(progress, settings))
    text += f"{fmt_number(below)}/{fmt_number(len(progress))} đơn vị chưa đạt chỉ tiêu"
    if not_started:
        return text + f", trong đó {fmt_number(not_started)} đơn vị chưa có người nào dự thi."
    return text + "; đơn vị nào cũng đã có người dự thi."


def _shown(df: pd.DataFrame) -> pd.DataFrame:
    """Without the columns that would print empty: no head named in the registry, no earlier week recorded."""
    empty = [c for c in ("head_name", "change") if c in df.columns
             and df[c].astype(object).where(df[c].notna(), "").astype(str).str.strip().eq("").all()]
    return df.drop(columns=empty)


def group_table(tables: Tables, settings: Settings, as_of) -> pd.DataFrame:
    """Per group and for the city: units, units started, at target, staff, people so far, rate, change, gap."""
    return _shown(group_progress(unit_progress(tables, settings, as_of), settings))


def lagging_table(tables: Tables, settings: Settings, as_of, count: int | None = None) -> pd.DataFrame:
    """The units furthest behind city-wide: the first `count` ([report] lowest_count by default)."""
    count = count or int(settings.report["lowest_count"])
    lagging = lagging_units(unit_progress(tables, settings, as_of), settings)
    return _shown(lagging[["unit_name", "group", *LAGGING_COLUMNS[1:]]].head(count))


def progress_chart_data(tables: Tables, settings: Settings, as_of) -> pd.DataFrame:
    return cumulative_by_day(tables, settings, as_of)


def group_pages(tables: Tables, settings: Settings, as_of) -> Html:
    """One printable page per group: its figures in a sentence and its units below the target, furthest behind
    first, with the unit head where the registry names one — the list the office sends."""
    progress = unit_progress(tables, settings, as_of)
    groups = group_progress(progress, settings)
    day = fmt_date(parse_as_of(as_of))
    pages, texts = [], []
    for row in groups.iloc[:-1].itertuples(index=False):
        lagging = _shown(lagging_units(progress, settings, row.group))
        columns = [c for c in LAGGING_COLUMNS if c in lagging.columns]
        change = "" if pd.isna(row.change) else f", tăng {fmt_number(row.change)} người so với tuần trước"
        summary = (f"Tính đến hết ngày {day}: {fmt_number(row.participants)}/{fmt_number(row.staff_registry)} "
                   f"CBCCVC đã tham gia, đạt {fmt_percent(row.rate)}{change}; "
                   f"{fmt_number(len(lagging))}/{fmt_number(row.units)} đơn vị chưa đạt chỉ tiêu.")
        body = table(lagging[columns], "Đơn vị chưa đạt chỉ tiêu (chậm nhất trước)", settings)
        title = html.escape(f"Khối {row.group}" if row.group else "Đơn vị chưa xếp khối")
        pages.append(f"<section class='cchc-page'><h3>{title}</h3>"
                     f"<p class='cchc-text'>{html.escape(summary)}</p>{body.markup}</section>")
        texts.append(f"{title}\n{summary}\n{body.text}")
    return Html("".join(pages), "\n\n".join(texts))


# ---------------------------------------------------------------- the lagging units as one xlsx sheet


LAGGING_SHEET = "Đơn vị chưa đạt"


def lagging_sheet(tables: Tables, settings: Settings, as_of) -> pd.DataFrame:
    """The sheet the office sends: every unit below the target, by group, furthest behind first."""
    lagging = lagging_units(unit_progress(tables, settings, as_of), settings)
    order = {g: i for i, g in enumerate(dict.fromkeys(_units(tables)["group"]))}
    lagging = lagging.assign(order=lagging["group"].map(order)).sort_values("order", kind="stable")
    return lagging[["group", "unit_code", *LAGGING_COLUMNS]].reset_index(drop=True)


def write_lagging_workbook(tables: Tables, settings: Settings, as_of, path: str | Path) -> Path:
    """One formatted sheet (the workbook's header, widths, formats and rate colours) of the lagging units."""
    from openpyxl import Workbook

    from .workbook import write_sheet

    path = Path(path)
    wb = Workbook(write_only=True)
    write_sheet(wb.create_sheet(LAGGING_SHEET), lagging_sheet(tables, settings, as_of), settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
