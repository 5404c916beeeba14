"""The verdicts: units proposed for commendation and units for criticism, by the order rule and cap of cchc.toml
[grades], with the units that need checking first and the rule printed under each list."""
from __future__ import annotations

import pandas as pd

from ..config import Settings
from ..fmt import fmt_number, fmt_percent
from ..tables import Tables
from .common import _grade_labels
from .units import unit_scorecard


# Order keys a verdict list may use in cchc.toml [grades]: key → (column, ascending, how the rule reads).
ORDER_KEYS: dict[str, tuple[str, bool, str]] = {
    "rate": ("rate", False, "tỷ lệ tham gia (cao trước)"),
    "rate_low": ("rate", True, "tỷ lệ tham gia (thấp trước)"),
    "adjusted_rate": ("adjusted_rate", False, "tỷ lệ sau khi trừ vắng có lý do chính đáng (cao trước)"),
    "adjusted_rate_low": ("adjusted_rate", True, "tỷ lệ sau khi trừ vắng có lý do chính đáng (thấp trước)"),
    "platform_share": ("platform_share", False, "tỷ lệ số tham gia báo cáo được hệ thống thi xác nhận (cao trước)"),
    "report_date": ("report_date", True, "ngày báo cáo (sớm trước)"),
    "return_status": ("status_order", True, "tình trạng báo cáo (chưa gửi, không hợp lệ trước)"),
    "unit_name": ("unit_name", True, "tên đơn vị (theo vần)"),
}


def _order_keys(keys) -> list[tuple[str, bool, str]]:
    unknown = [k for k in keys if k not in ORDER_KEYS]
    if unknown:
        from ..config import ConfigError

        raise ConfigError(f"cchc.toml [grades]: unknown order key(s) {unknown}; known: {sorted(ORDER_KEYS)}")
    return [ORDER_KEYS[k] for k in keys]


def _decide(candidates: pd.DataFrame, keys, cap: int) -> pd.DataFrame:
    """Candidates ordered by the rule; `verdict` = proposed / tie_cut (equal on every key to the last proposed
    but cut by the cap) / over_cap / to_verify (an open item); `verdict_rank` numbers the proposed."""
    rule = _order_keys(keys)
    frame = candidates.assign(status_order=candidates["return_status"].map(
        {s: i for i, s in enumerate(["missing", "unreadable", "rejected", "held", "late", "on_time"])}))
    columns = [c for c, _, _ in rule] + ["unit_name", "unit_code"]
    ascending = [a for _, a, _ in rule] + [True, True]
    frame = frame.sort_values(columns, ascending=ascending, na_position="last", kind="stable")
    frame["verdict"] = "to_verify"
    ready = frame[frame["open_items"] == ""]
    keep = len(ready) if cap <= 0 else min(cap, len(ready))
    verdict = pd.Series(["proposed"] * keep + ["over_cap"] * (len(ready) - keep), index=ready.index, dtype=object)
    if 0 < keep < len(ready):
        key_columns = [c for c, _, _ in rule]
        last = ready.iloc[keep - 1][key_columns]
        rest = ready.iloc[keep:][key_columns]
        same = (rest.eq(last) | (rest.isna() & last.isna())).all(axis=1) if key_columns else rest.index.notna()
        verdict[same[same].index] = "tie_cut"
    frame.loc[ready.index, "verdict"] = verdict
    proposed = frame["verdict"] == "proposed"
    frame["verdict_rank"] = pd.Series(range(1, int(proposed.sum()) + 1), index=frame.index[proposed])
    frame["verdict_rank"] = frame["verdict_rank"].astype("Int64")
    return frame.drop(columns="status_order").reset_index(drop=True)


def _commendation_open_items(card: pd.DataFrame, settings: Settings) -> pd.Series:
    """Why an excellent unit's figures are not confirmed yet, in words ("" when nothing is open)."""
    parts = pd.DataFrame({
        "flag": card["reconciliation_flag"].map({True: "hệ thống thi ghi nhận {platform} người, ít hơn báo cáo "
                                                 "({reported}) quá mức cho phép", False: ""}),
        "far": card["staff_far_from_registry"].map({True: "tổng số CBCCVC báo cáo khác danh sách quá "
                                                    f"{fmt_percent(settings.staff_tolerance, 0)}", False: ""}),
        "held": card["held_return"].map({True: "có báo cáo đang chờ xác minh", False: ""}),
        "review": card["review_items"].map(lambda n: f"{n} mục cần kiểm tra trong tệp xác nhận" if n else ""),
    }, index=card.index)
    platform = card["participants_platform"].map(fmt_number).replace("", "0")
    reported = card["participants_reported"].map(fmt_number)
    parts["flag"] = [f.replace("{platform}", p).replace("{reported}", r)
                     for f, p, r in zip(parts["flag"], platform, reported)]
    parts["far"] = [f + f" ({fmt_number(st)} so với {fmt_number(rg)})" if f else ""
                    for f, st, rg in zip(parts["far"], card["staff"], card["staff_registry"])]
    return parts.apply(lambda row: "; ".join(v for v in row if v), axis=1).astype(object) if len(parts) else \
        pd.Series("", index=card.index, dtype=object)


def _criticism_open_items(card: pd.DataFrame, settings: Settings) -> pd.Series:
    """What could still change a failing unit's verdict, in words ("" when nothing is open)."""
    reported = card["participants_reported"].astype("float64")
    platform = card["participants_platform"].astype("float64").fillna(0.0)
    above = platform - reported
    under_reported = above.gt(settings.tolerance_people) & above.gt(settings.tolerance_share * reported)
    items = []
    for i in card.index:
        row = card.loc[i]
        why = []
        if row["return_status"] == "held":
            why.append("báo cáo đang chờ xác minh")
        if row["return_status"] == "unreadable":
            why.append("đơn vị đã gửi tệp nhưng không đọc được; đề nghị đơn vị gửi lại")
        if bool(row["held_return"]) and row["return_status"] != "held":
            why.append("có báo cáo khác đang chờ xác minh")
        if row["review_items"]:
            why.append(f"{row['review_items']} mục cần kiểm tra trong tệp xác nhận")
        if bool(row["staff_far_from_registry"]):
            why.append(f"tổng số CBCCVC báo cáo ({fmt_number(row['staff'])}) khác danh sách "
                       f"({fmt_number(row['staff_registry'])}) quá {fmt_percent(settings.staff_tolerance, 0)}")
        if bool(under_reported.loc[i]):
            why.append(f"hệ thống thi ghi nhận {fmt_number(platform.loc[i])} người, nhiều hơn báo cáo "
                       f"({fmt_number(reported.loc[i])})")
        items.append("; ".join(why))
    return pd.Series(items, index=card.index, dtype=object)


def commendation_candidates(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Every unit graded excellent with its verdict: proposed (confirmed figures, within the cap, by the rule of
    [grades] commendation_order), tie_cut, over_cap, or to_verify (open items say why)."""
    card = unit_scorecard(tables, settings)
    best = card[card["grade_key"] == "excellent"].copy()
    best["open_items"] = _commendation_open_items(best, settings) if len(best) else pd.Series(dtype=object)
    return _decide(best, settings.grades.commendation_order, settings.grades.commendation_max)


def commendation_proposals(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units proposed for commendation: graded excellent with confirmed figures, ordered by the rule in cchc.toml,
    at most commendation_max (`tied_at_cap` marks the last ones when the cap cut through a tie)."""
    decided = commendation_candidates(tables, settings)
    best = decided[decided["verdict"] == "proposed"].copy()
    best.insert(0, "proposal_rank", best["verdict_rank"].astype("int64"))
    return best.reset_index(drop=True)


def commendation_to_verify(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units that would qualify for commendation but have an open item: "cần xác minh trước khi đề nghị"."""
    decided = commendation_candidates(tables, settings)
    return decided[decided["verdict"] == "to_verify"].reset_index(drop=True)


def _rule_text(keys, cap: int, cap_key: str) -> str:
    order = ", rồi ".join(text for _, _, text in _order_keys(keys))
    capped = f"; tối đa {cap} đơn vị" if cap > 0 else "; không giới hạn số đơn vị"
    return f"Thứ tự: {order}{capped} (quy tắc ghi trong cchc.toml)."


def _tie_text(decided: pd.DataFrame, what: str) -> str:
    cut = decided[decided["verdict"] == "tie_cut"]
    if cut.empty:
        return ""
    proposed = decided[decided["verdict"] == "proposed"]
    names = "; ".join(cut["unit_name"].astype(str))
    return (f" Giới hạn số đơn vị cắt ngang các đơn vị bằng nhau theo mọi tiêu chí: {fmt_number(len(cut))} đơn vị "
            f"bằng đơn vị thứ {fmt_number(len(proposed))} nhưng chưa được {what} ({names}).")


def commendation_note(tables: Tables, settings: Settings) -> str:
    """The rule printed under the commendation list, and the tie the cap cut, if any."""
    g = settings.grades
    decided = commendation_candidates(tables, settings)
    text = ("Điều kiện: xếp loại " + _grade_labels(settings)["excellent"] + " và số liệu đã được xác nhận (không có "
            "chênh lệch cần kiểm tra với hệ thống thi, tổng số CBCCVC khớp danh sách trong mức "
            f"{fmt_percent(settings.staff_tolerance, 0)}, không có báo cáo chờ xác minh). "
            + _rule_text(g.commendation_order, g.commendation_max, "commendation_order, commendation_max"))
    return text + _tie_text(decided, "đề nghị")


def criticism_candidates(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Every unit graded "Không hoàn thành" with its verdict, as commendation_candidates (rule: criticism_order,
    cap criticism_max, 0 = none)."""
    card = unit_scorecard(tables, settings)
    failed = card[card["grade_key"] == "fail"].copy()
    failed["open_items"] = _criticism_open_items(failed, settings)
    return _decide(failed, settings.grades.criticism_order, settings.grades.criticism_max)


def criticism_list(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units graded "Không hoàn thành" whose verdict rests on confirmed facts, by the rule in cchc.toml: units
    without a valid return first, then the lowest rate; the reason says why."""
    decided = criticism_candidates(tables, settings)
    return decided[decided["verdict"] == "proposed"].reset_index(drop=True)


def criticism_to_verify(tables: Tables, settings: Settings) -> pd.DataFrame:
    """Units graded "Không hoàn thành" with an open item (held or unreadable return, figures to check)."""
    decided = criticism_candidates(tables, settings)
    return decided[decided["verdict"] == "to_verify"].reset_index(drop=True)


def criticism_note(tables: Tables, settings: Settings) -> str:
    g = settings.grades
    decided = criticism_candidates(tables, settings)
    text = ("Điều kiện: xếp loại " + _grade_labels(settings)["fail"] + " và không còn mục cần xác minh. "
            + _rule_text(g.criticism_order, g.criticism_max, "criticism_order, criticism_max"))
    return text + _tie_text(decided, "đưa vào danh sách")
