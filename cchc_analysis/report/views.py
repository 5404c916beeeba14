"""The tables the report notebooks show: analysis results cut to the columns a reader needs.

Every function takes (tables, settings) plus what it needs and returns a new DataFrame or a
sentence; the figures themselves come from `analysis`, so a report never computes a rate twice.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import analysis
from ..config import Settings
from .display import fmt_number, fmt_percent
from ..tables import Tables

UNIT_COLUMNS = ["unit_name", "group", "staff", "participants_reported", "justified_absences", "rate", "adjusted_rate",
                "participants_platform", "platform_rate", "return_status_label", "grade"]
# the lowest units as leadership reads them: the participation rate, the other bases labelled beside it
LOWEST_COLUMNS = ["unit_name", "group", "staff", "participants_reported", "rate", "adjusted_rate",
                  "participants_platform", "grade"]
AT_TARGET_COLUMNS = ["unit_name", "group", "staff", "participants_platform", "grade"]  # reported = staff at 100%
# a unit without a valid return: its status and the platform's count beside it, never a rate of 0%
NO_RETURN_COLUMNS = ["unit_name", "group", "staff", "return_status_label", "participants_platform", "platform_rate"]
UNRESOLVED_METHODS = ("ambiguous", "unmatched")
CITY_LABEL = analysis.CITY_LABEL  # the row that sums the whole city in group tables and progress
ALIASES_FILE = "unit_aliases.csv"


def _columns(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return df[[c for c in columns if c in df.columns]].reset_index(drop=True)


def groups_and_city(tables: Tables, settings: Settings) -> pd.DataFrame:
    """group_summary with the city row at the foot."""
    return pd.concat([analysis.group_summary(tables, settings), analysis.city_summary(tables, settings)],
                     ignore_index=True)


def reporting_by_group(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units expected to report, on time, late, rejected and missing, per group and for the city."""
    frame = groups_and_city(tables, settings)
    optional = [c for c in ("units_held", "units_unreadable") if frame[c].sum() > 0]  # shown when any unit has one
    return _columns(frame, ["group", "units", "units_on_time", "units_late", *optional, "units_rejected",
                            "units_missing", "reporting_rate", "on_time_rate"])


def participation_by_group(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Staff, participants and rates against the target per group and for the city."""
    return _columns(groups_and_city(tables, settings), [
        "group", "units", "staff", "participants", "rate", "adjusted_rate", "participants_platform", "platform_rate",
        "units_100",
    ])


def _names(names, limit: int = 12) -> str:
    """"A, B và C"; past the limit, the first ones and how many more."""
    names = [str(n) for n in names]
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" và {fmt_number(len(names) - limit)} đơn vị khác"
    return ", ".join(names[:-1]) + " và " + names[-1] if len(names) > 1 else "".join(names)


def rate_text(value) -> str:
    """A rate as printed: "93,75%", or "—" where there is none (a unit without a valid return)."""
    return "—" if pd.isna(value) else fmt_percent(value)


def rate_bases(tables: Tables, settings: Settings) -> str:
    """The one sentence that tells the three bases apart (docs/rates.md), with the city's figures."""
    city = analysis.city_summary(tables, settings).iloc[0]
    return (
        f"Tỷ lệ tham gia là số người tham gia theo báo cáo hợp lệ của đơn vị chia cho tổng số CBCCVC "
        f"({rate_text(city['rate'])}); tỷ lệ sau khi trừ vắng có lý do chính đáng bỏ khỏi mẫu số "
        f"{fmt_number(city['justified_absences'])} người vắng có lý do chính đáng và là căn cứ xếp loại "
        f"({rate_text(city['adjusted_rate'])}); tỷ lệ theo hệ thống thi đếm số người có bài thi trong thời gian thi "
        f"({fmt_percent(city['platform_rate'])}), kể cả người của đơn vị không gửi báo cáo hợp lệ."
    )


def city_headline(tables: Tables, settings: Settings) -> str:
    """One sentence with the city's figures (the participation rate beside the other bases)."""
    city = analysis.city_summary(tables, settings).iloc[0]
    return (
        f"Toàn thành phố có {fmt_number(city['staff'])} CBCCVC; theo báo cáo của đơn vị có "
        f"{fmt_number(city['participants'])} người tham gia, tỷ lệ tham gia {rate_text(city['rate'])} "
        f"(chỉ tiêu {fmt_percent(settings.contest.target_rate, 0)}); hệ thống thi ghi nhận "
        f"{fmt_number(city['participants_platform'])} người, tỷ lệ theo hệ thống thi "
        f"{fmt_percent(city['platform_rate'])}; tỷ lệ sau khi trừ {fmt_number(city['justified_absences'])} người "
        f"vắng có lý do chính đáng là {rate_text(city['adjusted_rate'])}."
    )


def returns_sentence(tables: Tables, settings: Settings) -> str:
    """Returns received and on time, naming the units without a valid return by status."""
    city = analysis.city_summary(tables, settings).iloc[0]
    card = analysis.unit_scorecard(tables, settings)
    text = (f"Đã nhận báo cáo hợp lệ của {fmt_number(city['units_reported'])}/{fmt_number(city['units'])} đơn vị "
            f"({fmt_number(city['units_on_time'])} đúng hạn, {fmt_number(city['units_late'])} gửi muộn).")
    parts = []
    for status in ("missing", "unreadable", "rejected", "held"):
        names = card.loc[card["return_status"] == status, "unit_name"].sort_values()
        if len(names):
            parts.append(f"{analysis.RETURN_STATUS_LABELS[status].lower()} ({fmt_number(len(names))}): {_names(names)}")
    if parts:
        text += (f" {fmt_number(city['units_without_valid_return'])} đơn vị chưa có báo cáo hợp lệ — "
                 + "; ".join(parts) + ".")
    return text


def shortfall_sentence(tables: Tables, settings: Settings) -> str:
    parts = analysis.shortfall_breakdown(tables, settings)
    total = int(parts["people"].iloc[-1])
    if total == 0:
        return "Không còn CBCCVC nào chưa tham gia theo báo cáo."
    items = [f"{fmt_number(n)} {label[0].lower() + label[1:]}" for label, n in
             zip(parts["label"].iloc[:-1], parts["people"].iloc[:-1]) if n]
    return f"Còn {fmt_number(total)} người chưa tham gia so với 100%, gồm: " + "; ".join(items) + "."


def page_one(tables: Tables, settings: Settings) -> list[str]:
    """What the chair asks, one sentence each, every one resting on a figure: returns, rates, the shortfall, units at
    100%, the lowest units, the proposals."""
    full = units_at_target(tables, settings)
    lowest = lowest_units(tables, settings).head(5)
    proposals = analysis.commendation_proposals(tables, settings)
    pending = analysis.commendation_to_verify(tables, settings)
    criticised = analysis.criticism_list(tables, settings)
    to_check = analysis.criticism_to_verify(tables, settings)
    sentences = [returns_sentence(tables, settings), city_headline(tables, settings),
                 shortfall_sentence(tables, settings)]
    if len(full):
        sentences.append(f"{fmt_number(len(full))} đơn vị có 100% CBCCVC tham gia theo báo cáo: "
                         f"{_names(full['unit_name'], 5)} (danh sách ở mục 3).")
    else:
        sentences.append("Chưa có đơn vị nào có 100% CBCCVC tham gia theo báo cáo.")
    if len(lowest):
        sentences.append("Các đơn vị có tỷ lệ tham gia thấp nhất: " + "; ".join(
            f"{n} ({rate_text(r)})" for n, r in zip(lowest["unit_name"], lowest["rate"])) + ".")
    else:
        sentences.append("Chưa có đơn vị nào gửi báo cáo hợp lệ để so sánh tỷ lệ tham gia.")
    text = (f"Đề nghị khen thưởng {fmt_number(len(proposals))} đơn vị: {_names(proposals['unit_name'], 20)}."
            if len(proposals) else "Chưa có đơn vị đủ điều kiện đề nghị khen thưởng.")
    if len(pending):
        text += (f" {fmt_number(len(pending))} đơn vị cần xác minh trước khi đề nghị: "
                 + "; ".join(f"{n} ({w})" for n, w in zip(pending["unit_name"], pending["open_items"])) + ".")
    sentences.append(text)
    text = (f"Đề nghị phê bình, nhắc nhở {fmt_number(len(criticised))} đơn vị không hoàn thành: "
            f"{_names(criticised['unit_name'], 20)}." if len(criticised)
            else "Không có đơn vị nào bị đề nghị phê bình, nhắc nhở.")
    if len(to_check):
        text += (f" {fmt_number(len(to_check))} đơn vị cần xác minh trước khi kết luận: "
                 + "; ".join(f"{n} ({w})" for n, w in zip(to_check["unit_name"], to_check["open_items"])) + ".")
    sentences.append(text)
    return sentences


def general_assessment(tables: Tables, settings: Settings) -> list[str]:
    """"Đánh giá chung": a draft the office may edit in the docx, each sentence on a figure."""
    city = analysis.city_summary(tables, settings).iloc[0]
    groups = analysis.group_summary(tables, settings)
    target = settings.contest.target_rate
    reached = "đạt" if city["rate"] >= target - 1e-9 else "chưa đạt"
    out = [f"Tỷ lệ tham gia toàn thành phố {rate_text(city['rate'])}, {reached} chỉ tiêu "
           f"{fmt_percent(target, 0)}; {fmt_number(city['units_100'])}/{fmt_number(city['units'])} đơn vị có 100% "
           f"CBCCVC tham gia."]
    rated = groups.dropna(subset=["rate"])
    if len(rated) > 1:
        best, worst = rated.loc[rated["rate"].idxmax()], rated.loc[rated["rate"].idxmin()]
        out.append(f"Khối có tỷ lệ cao nhất là {best['group']} ({rate_text(best['rate'])}), thấp nhất là "
                   f"{worst['group']} ({rate_text(worst['rate'])}).")
    if city["units_without_valid_return"]:
        out.append(f"Còn {fmt_number(city['units_without_valid_return'])} đơn vị không gửi báo cáo hợp lệ và "
                   f"{fmt_number(city['units_late'])} đơn vị gửi muộn, ảnh hưởng đến việc tổng hợp chung.")
    unjustified = int(city["gap_unjustified"])
    if unjustified:
        out.append(f"{fmt_number(unjustified)} người vắng không có lý do chính đáng cho thấy việc quán triệt, đôn đốc "
                   "ở một số đơn vị chưa quyết liệt.")
    return out


def recommendations(tables: Tables, settings: Settings) -> list[str]:
    """"Đề xuất, kiến nghị": a draft the office may edit in the docx."""
    city = analysis.city_summary(tables, settings).iloc[0]
    proposals = analysis.commendation_proposals(tables, settings)
    criticised = analysis.criticism_list(tables, settings)
    pending = (len(analysis.commendation_to_verify(tables, settings))
               + len(analysis.criticism_to_verify(tables, settings)))
    out = []
    if len(proposals):
        out.append(f"Đề nghị Ủy ban nhân dân thành phố khen thưởng {fmt_number(len(proposals))} đơn vị có thành tích "
                   "xuất sắc (Phụ lục kèm theo).")
    if len(criticised):
        out.append(f"Đề nghị phê bình, nhắc nhở {fmt_number(len(criticised))} đơn vị không hoàn thành; yêu cầu "
                   f"{fmt_number(city['units_without_valid_return'])} đơn vị chưa có báo cáo hợp lệ gửi lại báo cáo.")
    if pending:
        out.append(f"Xác minh {fmt_number(pending)} đơn vị còn mục cần kiểm tra trước khi trình khen thưởng, "
                   "phê bình.")
    if city["gap_unjustified"]:
        out.append("Yêu cầu thủ trưởng các đơn vị có người vắng không có lý do chính đáng kiểm điểm, rút kinh nghiệm.")
    return out


def units_at_target(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units whose return shows every staff member took part."""
    card = analysis.unit_scorecard(tables, settings)
    reached = card["return_status"].isin(analysis.VALID_STATUSES) & (card["rate"] >= 1.0 - 1e-9)
    return _columns(card[reached].sort_values(["group", "unit_name"]), AT_TARGET_COLUMNS)


def lowest_units(tables: Tables, settings: Settings) -> pd.DataFrame:
    """The units with a valid return and the lowest participation rate (cchc.toml [report] lowest_count); the units
    without a valid return are listed apart (`units_without_valid_return`), never as 0%."""
    card = analysis.unit_scorecard(tables, settings)
    count = int(settings.report["lowest_count"])
    rated = card[card["return_status"].isin(analysis.VALID_STATUSES)]
    lowest = rated.sort_values(["rate", "adjusted_rate", "unit_name"])
    return _columns(lowest.head(count), LOWEST_COLUMNS)


def units_without_valid_return(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units without an accepted return: their status and what the platform shows of their people."""
    card = analysis.unit_scorecard(tables, settings)
    silent = card[~card["return_status"].isin(analysis.VALID_STATUSES)].copy()
    silent["order"] = silent["return_status"].map({s: i for i, s in enumerate(analysis.RETURN_STATUSES)})
    return _columns(silent.sort_values(["order", "unit_name"]), NO_RETURN_COLUMNS)


def lowest_chart(tables: Tables, settings: Settings) -> pd.DataFrame:
    """The lowest units and, below them, the units without a valid return (no bar: their status instead)."""
    lowest = lowest_units(tables, settings)[["unit_name", "rate"]].assign(return_status_label=None)
    silent = units_without_valid_return(tables, settings)
    silent = silent.assign(rate=float("nan"))[["unit_name", "rate", "return_status_label"]]
    return pd.concat([lowest, silent], ignore_index=True)


def grade_counts(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units per grade, best grade first."""
    card = analysis.unit_scorecard(tables, settings)
    labels = [settings.grades.labels.get(k, k) for k in ("excellent", "good", "pass", "fail")]
    counts = card["grade"].value_counts().reindex(labels, fill_value=0)
    return pd.DataFrame({"grade": labels, "units": counts.to_numpy().astype("int64")})


GRADE_COLUMNS = ["unit_name", "staff", "participants_reported", "rate", "adjusted_rate", "grade", "grade_reason"]


def unit_grades(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Every unit with its grade and why, by group (registry order) and name."""
    card = analysis.unit_scorecard(tables, settings)
    order = {g: i for i, g in enumerate(dict.fromkeys(card["group"]))}
    card = card.assign(order=card["group"].map(order)).sort_values(["order", "unit_name"])
    return _columns(card, ["group", *GRADE_COLUMNS])


def unit_grades_by_group(tables: Tables, settings: Settings) -> list[tuple[str, pd.DataFrame]]:
    """(khối, its units' grades) in registry order: the annex prints one table per khối, so it fits the page."""
    grades = unit_grades(tables, settings)
    return [(str(group), _columns(part, GRADE_COLUMNS)) for group, part in grades.groupby("group", sort=False)]


def reason_counts(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Non-participants per reason label and whether it is justified."""
    return _columns(analysis.absence_reasons(tables, settings), ["label", "justified", "people", "share"])


def unjustified_people(tables: Tables, settings: Settings) -> pd.DataFrame:
    return _columns(analysis.unjustified_absences(tables, settings),
                    ["full_name", "position", "unit_name", "reason", "reason_label"])


def unjustified_by_unit(tables: Tables, settings: Settings) -> pd.DataFrame:
    """The units with most people absent without a justified reason ([report] lowest_count), with those reasons."""
    people = analysis.unjustified_absences(tables, settings)
    columns = ["unit_name", "group", "unjustified_absences", "reason_text"]
    if people.empty:
        return pd.DataFrame(columns=columns)
    per_reason = people.groupby(["unit_code", "reason_label"], sort=False).size().rename("n").reset_index()
    per_reason = per_reason.sort_values(["unit_code", "n", "reason_label"], ascending=[True, False, True])
    # "Không có lý do: 3; Đi công tác: 1" — why, in a line, for leadership; the names are in the appendix
    per_reason["part"] = per_reason["reason_label"] + ": " + per_reason["n"].astype(str)
    reasons = per_reason.groupby("unit_code")["part"].agg("; ".join).rename("reason_text")
    units = people.groupby("unit_code").agg(unit_name=("unit_name", "first"), group=("group", "first"),
                                            unjustified_absences=("full_name", "size"))
    units = units.join(reasons).reset_index().sort_values(["unjustified_absences", "unit_name"],
                                                          ascending=[False, True])
    count = int(settings.report["lowest_count"])
    return _columns(units.head(count), columns)


def unjustified_headline(tables: Tables, settings: Settings) -> str:
    """One sentence: people absent without a justified reason, in how many units."""
    people = analysis.unjustified_absences(tables, settings)
    return (f"Có {fmt_number(len(people))} người không tham gia mà không có lý do chính đáng, thuộc "
            f"{fmt_number(people['unit_code'].nunique())} đơn vị; danh sách từng người ở Phụ lục 2.")


def heads_absent(tables: Tables, settings: Settings, justified: bool | None = None) -> pd.DataFrame:
    """Unit heads and deputies who did not take part (only those with/without a justified reason when asked),
    those without one first."""
    heads = analysis.heads_not_participating(tables, settings)
    if justified is not None and len(heads):
        heads = heads[heads["justified"].astype(bool) == justified]
    heads = heads.sort_values(["justified", "unit_name", "full_name"], kind="stable") if len(heads) else heads
    typed = heads["reason"].fillna("").astype(str).str.strip()
    heads = heads.assign(reason=typed.where(typed != "", heads["reason_label"]))  # a blank reason reads as its label
    return _columns(heads, ["full_name", "position", "unit_name", "reason", "justified"])


def reconciliation_differences(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units whose reported and platform counts differ, flagged ones first, largest gap first."""
    rec = tables.reconciliation.copy()
    if rec.empty:
        return _columns(rec, ["unit_code", "participants_reported", "participants_platform", "difference", "note"])
    names = tables.units.drop_duplicates("unit_code").set_index("unit_code")["unit_name"]
    rec.insert(1, "unit_name", rec["unit_code"].map(names))
    difference = pd.to_numeric(rec["difference"], errors="coerce")
    rec = rec[difference.fillna(0) != 0].assign(gap=difference.abs(), flagged=rec["flag"].astype(bool))
    rec = rec.sort_values(["flagged", "gap", "unit_name"], ascending=[False, False, True])
    return _columns(rec, ["unit_code", "unit_name", "participants_reported", "participants_platform", "difference",
                          "flag", "note"])


def reconciliation_flagged(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units whose platform count falls short of the report beyond [reconciliation] tolerance: to check."""
    differences = reconciliation_differences(tables, settings)
    if differences.empty:
        return differences
    return differences[differences["flag"].astype(bool)].drop(columns=["flag", "unit_code"]).reset_index(drop=True)


def reconciliation_within_tolerance(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units whose counts differ, but within tolerance (the appendix)."""
    differences = reconciliation_differences(tables, settings)
    if differences.empty:
        return differences
    return differences[~differences["flag"].astype(bool)].drop(columns=["flag", "unit_code"]).reset_index(drop=True)


def commendations(tables: Tables, settings: Settings) -> pd.DataFrame:
    return _columns(analysis.commendation_proposals(tables, settings),
                    ["proposal_rank", "unit_name", "group", "staff", "participants_reported", "rate",
                     "participants_platform", "report_date"])


def commendations_to_verify(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units that would qualify for commendation but have an open item, with why."""
    return _columns(analysis.commendation_to_verify(tables, settings),
                    ["unit_name", "group", "participants_reported", "participants_platform", "rate", "open_items"])


def criticisms(tables: Tables, settings: Settings) -> pd.DataFrame:
    return _columns(analysis.criticism_list(tables, settings),
                    ["unit_name", "group", "return_status_label", "rate", "participants_platform", "grade_reason"])


def criticisms_to_verify(tables: Tables, settings: Settings) -> pd.DataFrame:
    return _columns(analysis.criticism_to_verify(tables, settings),
                    ["unit_name", "group", "return_status_label", "rate", "participants_platform", "open_items"])


def shortfall(tables: Tables, settings: Settings) -> pd.DataFrame:
    return analysis.shortfall_breakdown(tables, settings)


# ---------------------------------------------------------------- data quality


def files_overview(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Files read per folder and status, with the rows read, kept and sent to the issue log."""
    files = tables.files
    if files.empty:
        return files
    counts = files.groupby(["folder", "status"], dropna=False).agg(
        files=("source_file", "size"), rows_read=("rows_read", "sum"), rows_kept=("rows_kept", "sum"),
        rows_in_issues=("rows_in_issues", "sum"),
    )
    return counts.reset_index()


def unreadable_files(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Each file that gave an error, with the first error message about it (in Vietnamese, no code)."""
    issues = tables.issues
    errors = issues[issues["severity"] == "error"].drop_duplicates("source_file")
    errors = errors.assign(message=errors["message"].map(analysis.vietnamese_only))
    return _columns(errors, ["source_file", "sheet", "row", "message"])


def quality_headline(tables: Tables, settings: Settings) -> str:
    """One sentence: how many files were read and how many problems the issue log holds."""
    severity = tables.issues["severity"].value_counts()
    files_with_errors = tables.issues.loc[tables.issues["severity"] == "error", "source_file"].nunique()
    return (
        f"Đã đọc {fmt_number(len(tables.files))} tệp; {fmt_number(files_with_errors)} tệp có lỗi không dùng được "
        f"toàn bộ hoặc một phần. Nhật ký dữ liệu có {fmt_number(severity.get('error', 0))} lỗi, "
        f"{fmt_number(severity.get('warning', 0))} cảnh báo và {fmt_number(severity.get('info', 0))} ghi chú."
    )


def issues_by_file(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Problems per file and severity (errors first), most problems first."""
    issues = tables.issues
    if issues.empty:
        return pd.DataFrame(columns=["source_file", "errors", "warnings", "infos", "issues"])
    counts = pd.crosstab(issues["source_file"], issues["severity"])
    counts = counts.reindex(columns=["error", "warning", "info"], fill_value=0)
    counts.columns = ["errors", "warnings", "infos"]
    counts["issues"] = counts.sum(axis=1)
    counts = counts.reset_index().sort_values(["errors", "issues", "source_file"], ascending=[False, False, True])
    return counts.astype({c: "int64" for c in ("errors", "warnings", "infos", "issues")}).reset_index(drop=True)


def issue_log(tables: Tables, settings: Settings, severity: str) -> pd.DataFrame:
    """The issue rows of one severity, by file, sheet and row."""
    issues = tables.issues[tables.issues["severity"] == severity]
    issues = issues.sort_values(["source_file", "sheet", "row"], na_position="first")
    return _columns(issues, ["source_file", "sheet", "row", "code", "message"])


# where the analyst answers each kind of review item (the review workbook's sheet; see review.SHEETS)
REVIEW_ANSWERED_IN = {
    "review_ocr_value": "o_can_kiem_tra: Giá trị đúng",
    "review_held_return": "bao_cao_cho_xac_minh: Quyết định / Mã đơn vị xác nhận",
    "review_unknown_code": "don_vi_nen_tang hoặc bao_cao_cho_xac_minh: Mã đơn vị xác nhận",
    "review_decision_unclear": "bao_cao_cho_xac_minh: Quyết định",
}


def review_items(tables: Tables, settings: Settings) -> pd.DataFrame:
    """What the analyst has to check by hand (the `review_*` issues): file, page or sheet, row, what was read and
    why, and where in the review workbook the answer goes; by file, page and row."""
    issues = tables.issues[tables.issues["code"].astype(str).str.startswith("review_")].copy()
    issues["answer_in"] = issues["code"].map(REVIEW_ANSWERED_IN).fillna("tệp báo cáo của đơn vị")
    issues = issues.sort_values(["source_file", "sheet", "row"], na_position="first")
    return _columns(issues, ["source_file", "sheet", "row", "message", "answer_in"])


def unresolved_unit_texts(settings: Settings, processed_dir: str | Path | None = None) -> pd.DataFrame:
    """Unit names typed on the platform that matched no registry unit, or more than one (unit_aliases.csv), most
    attempts first, with the people behind them and the likeliest units for the analyst to confirm."""
    columns = ["text", "method", "rows", "people", "candidates"]
    path = Path(processed_dir or settings.paths.processed) / ALIASES_FILE
    if not path.is_file():
        return pd.DataFrame(columns=columns)
    aliases = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    unresolved = aliases[aliases["method"].isin(UNRESOLVED_METHODS)]
    for name in ("rows", "people"):
        if name in unresolved.columns:
            unresolved = unresolved.assign(**{name: pd.to_numeric(unresolved[name], errors="coerce").astype("Int64")})
    if "rows" in unresolved.columns:
        unresolved = unresolved.sort_values("rows", ascending=False, kind="stable")
    return _columns(unresolved, columns)


def unmatched_platform_summary(tables: Tables, settings: Settings) -> str:
    """One sentence for leadership: attempts and people on the platform that count for no unit because of the unit
    they typed (so every unit rate is computed without them), and where the texts are listed."""
    row = analysis.platform_without_unit(tables, settings).iloc[0]
    if pd.isna(row["attempts_share"]):
        return "Chưa có lượt thi nào trong thời gian thi trên hệ thống."
    if not row["attempts"]:
        return "Mọi lượt thi trong thời gian thi đều xác định được đơn vị của thí sinh."
    share = f" ({fmt_percent(row['attempts_share'])} số lượt thi)"
    return (
        f"{fmt_number(row['attempts'])} lượt thi{share} của {fmt_number(row['people'])} người không được tính cho "
        f"đơn vị nào vì tên đơn vị thí sinh nhập không khớp (hoặc khớp nhiều) đơn vị trong danh sách hoặc để trống "
        f"({fmt_number(row['texts'])} cách ghi khác nhau); tỷ lệ tham gia trên hệ thống của các đơn vị có thể thấp "
        f"hơn thực tế. Danh sách các cách ghi ở báo cáo Chất lượng dữ liệu; xác nhận đơn vị trong tệp xác nhận "
        f"(trang don_vi_nen_tang) rồi chạy lại."
    )


def superseded_returns(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Returns set aside because the unit sent a later one (or rejected), with why."""
    returns = tables.returns
    set_aside = returns[returns["status"].isin(["superseded", "rejected"])].sort_values(["unit_code", "source_file"])
    return _columns(set_aside, ["unit_code", "source_file", "status", "report_date", "total_staff", "participants",
                                "status_reason"])


# ---------------------------------------------------------------- one unit


def default_unit(tables: Tables) -> str:
    """The first registry unit: what the drill-down shows when no unit is asked for."""
    return str(tables.units["unit_code"].iloc[0]) if len(tables.units) else ""


CARD_COLUMNS = ["unit_name", "group", "staff", "participants_reported", "justified_absences", "rate", "adjusted_rate",
                "participants_platform", "platform_rate", "return_status_label", "report_date", "grade", "grade_reason"]


def unit_pages(tables: Tables, settings: Settings, unit_code: str | None = None) -> list[dict]:
    """One section per unit (every registry unit, by khối, or the one asked for): its card, its return files and the
    people it listed as not taking part."""
    card = analysis.unit_scorecard(tables, settings)
    if unit_code:
        card = card[card["unit_code"] == unit_code]
    order = {g: i for i, g in enumerate(dict.fromkeys(card["group"]))}
    card = card.assign(order=card["group"].map(order)).sort_values(["order", "unit_name"])
    returns = tables.returns.assign(unit_code=tables.returns["unit_code"].astype("string"))
    people = tables.non_participants.assign(unit_code=tables.non_participants["unit_code"].astype("string"))
    pages = []
    for row in card.itertuples(index=False):
        mine = returns[returns["unit_code"] == row.unit_code]
        listed = people[people["unit_code"] == row.unit_code].sort_values(["source_file", "source_row"])
        pages.append({
            "unit_code": row.unit_code, "title": row.unit_name, "group": row.group, "grade": row.grade,
            "anchor": f"don-vi-{row.unit_code}",
            "card": _columns(card[card["unit_code"] == row.unit_code], CARD_COLUMNS),
            "returns": _columns(mine, ["source_file", "status", "report_date", "total_staff", "participants"]),
            "people": _columns(listed, ["full_name", "position", "reason", "reason_category", "justified"]),
        })
    return pages


def unit_card(tables: Tables, settings: Settings, unit_code: str) -> pd.DataFrame:
    """The unit's scorecard row."""
    card = analysis.unit_scorecard(tables, settings)
    return _columns(card[card["unit_code"] == unit_code], ["unit_code", *UNIT_COLUMNS, "participants_platform",
                                                          "report_date", "grade_reason"])


def unit_returns(tables: Tables, settings: Settings, unit_code: str) -> pd.DataFrame:
    """Every return file the unit sent, accepted or not."""
    returns = tables.returns[tables.returns["unit_code"] == unit_code]
    return _columns(returns, ["source_file", "status", "report_date", "total_staff", "participants",
                              "non_participants_listed", "late", "status_reason"])


def unit_people(tables: Tables, settings: Settings, unit_code: str) -> pd.DataFrame:
    """The people the unit listed as not taking part."""
    people = tables.non_participants[tables.non_participants["unit_code"] == unit_code]
    return _columns(people.sort_values(["source_file", "source_row"]),
                    ["full_name", "position", "reason", "reason_category", "justified", "source_file", "source_row"])


def unit_entries(tables: Tables, settings: Settings, unit_code: str) -> pd.DataFrame:
    """The unit's platform attempts (no contact detail), by person and attempt."""
    entries = tables.entries[tables.entries["unit_code"] == unit_code]
    return _columns(entries.sort_values(["full_name", "attempt_no"]),
                    ["full_name", "unit_text", "submitted_at", "correct", "in_window", "attempt_no", "best_attempt"])


def unit_issues(tables: Tables, settings: Settings, unit_code: str) -> pd.DataFrame:
    """Issues recorded against the unit or one of its return files."""
    files = set(tables.returns.loc[tables.returns["unit_code"] == unit_code, "source_file"])
    issues = tables.issues
    by_unit = issues["unit_code"] == unit_code if "unit_code" in issues.columns else False
    mine = issues[by_unit | issues["source_file"].isin(files)]
    return _columns(mine, ["source_file", "sheet", "row", "severity", "code", "message"])


# ---------------------------------------------------------------- individuals


def top_people(tables: Tables, settings: Settings, count: int = 50) -> pd.DataFrame:
    """The first places of the individual ranking (no contact detail, no person key)."""
    ranking = analysis.individual_ranking(tables, settings).head(count)
    return _columns(ranking, ["rank", "full_name", "unit_name", "correct", "share", "prediction", "duration_s",
                              "submitted_at"])


def city_bands(tables: Tables, settings: Settings) -> pd.DataFrame:
    bands = analysis.score_bands(tables, settings)
    return _columns(bands[bands["level"] == "city"], ["band_label", "people", "share"])


def group_bands(tables: Tables, settings: Settings) -> pd.DataFrame:
    """People per band and group, one column per band."""
    bands = analysis.score_bands(tables, settings)
    by_group = bands[bands["level"] == "group"]
    wide = by_group.pivot_table(index="group", columns="band_label", values="people", aggfunc="sum", sort=False)
    wide = wide.reindex(columns=[b for b in settings.band_labels if b in wide.columns]).fillna(0).astype("int64")
    return wide.reset_index()


def progress_by_group(tables: Tables, settings: Settings) -> pd.DataFrame:
    """The daily cumulative rate per group and for the city (the chart's data)."""
    return _columns(analysis.daily_progress(tables, settings), ["group", "day", "cumulative_participants",
                                                                "cumulative_rate"])


def weekly_progress(tables: Tables, settings: Settings) -> pd.DataFrame:
    """The city's cumulative figures at the end of each contest week, for the weekly push."""
    progress = analysis.daily_progress(tables, settings)
    city = progress[progress["level"] == "city"].reset_index(drop=True)
    weeks = city.groupby(city.index // 7).agg(
        day=("day", "last"), new_participants=("new_participants", "sum"),
        cumulative_participants=("cumulative_participants", "last"), cumulative_rate=("cumulative_rate", "last"),
        shortfall=("shortfall", "last"),
    )
    return weeks.reset_index(drop=True)
