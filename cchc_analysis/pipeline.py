"""`cchc clean`: registry + returns + platform export → the processed tables and the issue log."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .config import Settings
from .console import stage
from .issues import IssueLog
from .tables import TABLE_COLUMNS, prepare_checks, write_table


class InputPathError(Exception):
    """A folder named by the caller (`--returns`, `--platform`) does not exist or is not a folder: nothing is run."""


def named_folder(path: str | Path, what: str, english: str) -> Path:
    """A folder the caller named: it must exist (a default folder may be absent; the caller says so once)."""
    folder = Path(path)
    if not folder.exists():
        raise InputPathError(f"Không thấy thư mục {what}: {folder} ({english} folder not found)")
    if not folder.is_dir():
        raise InputPathError(f"{folder} là một tệp, không phải thư mục; hãy chỉ thư mục chứa {what} "
                             f"({english}: a file, not a folder)")
    return folder


@dataclass
class CleanSummary:
    out_dir: Path
    files_read: int = 0
    returns_by_status: dict[str, int] = field(default_factory=dict)
    units_missing: int = 0
    entries: int = 0
    people_platform: int = 0
    issues_by_severity: dict[str, int] = field(default_factory=dict)
    review_file: Path | None = None  # written when typed unit names need the analyst
    units_to_confirm: int = 0  # typed unit names no unit was decided for

    def text(self) -> str:
        status = ", ".join(f"{k} {v}" for k, v in sorted(self.returns_by_status.items())) or "none"
        severity = ", ".join(f"{k} {v}" for k, v in self.issues_by_severity.items())
        return "\n".join(
            [
                f"cchc clean → {self.out_dir}",
                f"  files read:       {self.files_read}",
                f"  returns:          {status}",
                f"  units missing:    {self.units_missing}",
                f"  platform:         {self.entries} attempts, {self.people_platform} people",
                f"  issues:           {severity}",
                *([f"  to confirm:       {self.units_to_confirm} typed unit names → {self.review_file}"]
                  if self.review_file else []),
            ]
        )


def shown_path(path: Path, settings: Settings) -> str:
    """A folder as the issue log names it: relative to the project, never the machine's full path."""
    try:
        return Path(path).resolve().relative_to(settings.root).as_posix()
    except ValueError:
        return Path(path).name


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=TABLE_COLUMNS[name])


REVIEW_SHEET = "don_vi_nen_tang"


def _confirmed_units(settings: Settings, log: IssueLog) -> pd.DataFrame | None:
    """The typed unit names the analyst confirmed in the review file; an unreadable file is a warning, not a stop."""
    from .review import ReviewError, confirmed

    try:
        return confirmed(settings, REVIEW_SHEET)
    except ReviewError as exc:
        log.add("review_file_unreadable", f"{exc} — chưa áp dụng các xác nhận (confirmations not applied)",
                source_file=Path(settings.paths.review).name, sheet=REVIEW_SHEET, severity="warning")
        return None


def _propose_units(settings: Settings, units: pd.DataFrame, out_dir: Path, log: IssueLog) -> tuple[Path | None, int]:
    """The typed unit names to check, written to the review file (the analyst's values are kept); (the file, how
    many names no unit was decided for)."""
    from .platform import ALIASES_FILE, unit_review_rows
    from .review import ReviewError, cell_text, update_review

    aliases_path = Path(out_dir) / ALIASES_FILE
    if not aliases_path.is_file():
        return None, 0
    aliases = pd.read_csv(aliases_path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    aliases["text"] = aliases["text"].map(cell_text)  # the CSV's formula guard ("'=…") undone
    aliases["unit_code"] = aliases["unit_code"].replace("", None)
    for name in ("rows", "people"):
        aliases[name] = pd.to_numeric(aliases.get(name, 0), errors="coerce").fillna(0).astype("int64")
    rows = unit_review_rows(aliases, units)
    undecided = int((aliases["unit_code"].isna() & aliases["method"].isin(["unmatched", "ambiguous"])).sum())
    if rows.empty and not Path(settings.paths.review).is_file():
        return None, 0  # nothing to check: no review file is created
    try:
        return update_review(settings, REVIEW_SHEET, rows), undecided
    except ReviewError as exc:
        log.add("review_file_unwritable", str(exc), source_file=Path(settings.paths.review).name, sheet=REVIEW_SHEET,
                severity="warning")
        return None, undecided


def clean(
    settings: Settings,
    units: str | Path | None = None,
    returns: str | Path | None = None,
    platform: str | Path | None = None,
    out: str | Path | None = None,
) -> CleanSummary:
    """Run the whole cleaning step and write every table.

    Raises RegistryError when there is no usable registry, InputPathError when a folder named here (not the
    settings' default, which may be absent) does not exist.
    """
    from .registry import read_registry

    units_path = Path(units) if units else settings.paths.units
    returns_dir = named_folder(returns, "báo cáo", "returns") if returns else settings.paths.returns
    platform_dir = named_folder(platform, "dữ liệu hệ thống thi", "platform") if platform else settings.paths.platform
    out_dir = Path(out) if out else settings.paths.processed

    reading = None
    has_export = platform_dir.is_dir() and any(platform_dir.iterdir())
    if has_export:
        from .platform import ExportReading

        reading = ExportReading(platform_dir, settings)  # parsed in the background while the returns are read
        prepare_checks()

    log = IssueLog()
    with stage("registry"):
        units_df = read_registry(units_path, settings, log)
    # registry rows dropped (blank or repeated code, section headings) are issue rows with rows_affected
    rows_dropped = sum(r["rows_affected"] for r in log.rows)

    files = [
        pd.DataFrame(
            [{"source_file": units_path.name, "folder": "registry", "file_kind": units_path.suffix.lstrip(".").lower(),
              "status": "read", "rows_read": len(units_df) + rows_dropped, "rows_kept": len(units_df),
              "rows_in_issues": rows_dropped}]
        )
    ]
    if returns_dir.is_dir():
        from .returns import clean_returns

        with stage("returns"):
            returns_df, people_df, returns_files = clean_returns(returns_dir, units_df, settings, log)
        files.append(returns_files)
    else:
        shown = shown_path(returns_dir, settings)
        log.add("folder_missing", f"Không thấy thư mục báo cáo (returns folder not found): {shown}",
                source_file=shown, severity="warning")
        returns_df, people_df = _empty("returns"), _empty("non_participants")

    if has_export:
        from .platform import clean_platform

        confirmed = _confirmed_units(settings, log)
        with stage("platform"):
            entries_df, platform_files = clean_platform(platform_dir, units_df, settings, log, out_dir,
                                                        confirmed=confirmed, reading=reading)
        files.append(platform_files)
        review_file, units_to_confirm = _propose_units(settings, units_df, out_dir, log)
    else:
        shown = shown_path(platform_dir, settings)
        log.add("platform_missing", f"Không có dữ liệu xuất từ hệ thống thi (no platform export in {shown})",
                source_file=shown, severity="info")
        entries_df = _empty("entries")
        review_file, units_to_confirm = None, 0

    from .platform import reconcile

    with stage("reconciliation"):
        reconciliation_df = reconcile(units_df, returns_df, entries_df, settings)
    files_df = pd.concat([f for f in files if len(f)], ignore_index=True) if files else _empty("files")

    tables = {
        "units": units_df,
        "returns": returns_df,
        "non_participants": people_df,
        "entries": entries_df,
        "reconciliation": reconciliation_df,
        "files": files_df,
    }
    with stage(f"tables → {out_dir}"):
        for name, df in tables.items():
            write_table(df, name, out_dir)
        write_table(log.frame(), "issues", out_dir)

    accepted = set(returns_df.loc[returns_df["status"] == "accepted", "unit_code"]) if len(returns_df) else set()
    return CleanSummary(
        out_dir=out_dir,
        files_read=len(files_df),
        returns_by_status=returns_df["status"].value_counts().to_dict() if len(returns_df) else {},
        units_missing=int((~units_df["unit_code"].isin(accepted)).sum()),
        entries=len(entries_df),
        people_platform=int(entries_df["person_key"].nunique()) if len(entries_df) else 0,
        issues_by_severity=log.counts(),
        review_file=review_file,
        units_to_confirm=units_to_confirm,
    )
