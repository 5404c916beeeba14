"""Unit returns folder → `returns`, `non_participants` and `files` tables, with every problem in the issue log.

Each file: read into grids (readers), laid out (layout), its unit decided (registry.UnitMatcher), checked;
then, per unit, the return that stands is chosen and the rest are superseded. Nothing is lost: people of a
return that does not stand are counted in one issue row per return.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .console import bar
from .issues import IssueLog
from .layout import Cell, ReturnLayout, read_return
from .readers import (ReadError, apply_ocr_corrections, list_input_files, ocr_review_rows, read_grids,
                      review_ocr_cells)
from .reasons import classify_reasons
from .registry import UnitMatcher
from .review import ReviewError, confirmed, review_path, update_review
from .tables import TABLE_COLUMNS
from .text import has_words, match_key, name_case, starts_with_words

RETURN_COLUMNS = TABLE_COLUMNS["returns"] + ["unit_text", "unit_method", "non_participants_count", "rate", "readable",
                                             "held_reason"]
PEOPLE_COLUMNS = TABLE_COLUMNS["non_participants"] + ["sheet"]
FIELD_NAMES = {"total_staff": "Tổng số CBCCVC", "participants": "Số tham gia"}
STATUS_WORDS = {"accepted": "được chấp nhận", "held": "đang chờ xác minh", "superseded": "đã có báo cáo khác thay thế",
                "rejected": "không hợp lệ"}


@dataclass
class ReturnFile:
    """One return file as read: its layout, its unit, its status and why."""

    source_file: str
    path: Path
    file_kind: str
    file_mtime: dt.datetime
    layout: ReturnLayout | None = None
    unit_code: str = ""
    unit_text: str = ""
    unit_method: str = ""
    status: str = "accepted"
    status_reason: str = ""
    late: bool = False
    readable: bool = True
    held_reason: str = ""  # Vietnamese: why the return waits for the analyst
    warnings: list[str] = field(default_factory=list)
    ocr_cells: list[dict] = field(default_factory=list)  # OCR cells to check (review workbook `o_can_kiem_tra`)

    def reject(self, reason: str) -> None:
        """An error: the return cannot stand (the first error is the reason; a hold gives way)."""
        if self.status != "rejected":
            self.status_reason, self.held_reason = "", ""
        self.status = "rejected"
        self.status_reason = self.status_reason or reason

    def hold(self, reason: str, why: str) -> None:
        """Read and kept, but out of every rate until the analyst confirms it (an error still rejects)."""
        if self.status == "rejected":
            return
        self.status = "held"
        self.status_reason = self.status_reason or reason
        self.held_reason = "; ".join(x for x in (self.held_reason, why) if x)


# ---------------------------------------------------------------- the unit of a return


def file_name_text(path: Path, settings) -> str:
    """The file stem as words: "_" → spaces, numbers, revision marks and report words ("BC", "CCHC") dropped.

    Other signs stay, so "TH&THCS Hoang Tan" keeps its "&" for the matcher.
    """
    stem = camel_case_apart(path.stem)
    spans = [(m.start(), m.end(), match_key(m.group())) for m in re.finditer(r"[^\W_]+", stem)]
    noise = settings.return_layout.get("file_name_noise", [])
    marks = sorted((match_key(m).split() for m in [*settings.revision_marks, *settings.draft_marks, *noise]
                    if match_key(m)),
                   key=len, reverse=True)
    keys = [k for _, _, k in spans]
    dropped, i = [], 0
    while i < len(spans):
        mark = next((m for m in marks if keys[i:i + len(m)] == m), None)
        n = len(mark) if mark else (1 if keys[i].isdigit() else 0)
        dropped.extend(spans[i:i + n])
        i += n or 1
    chars = list(stem)
    for start, end, _ in dropped:
        chars[start:end] = " " * (end - start)
    text = re.sub(r"[_\s]+", " ", "".join(chars))
    text = re.sub(r"(?:\s[-–.,()]+)+\s", " ", f" {text} ")  # separators left alone between blanks
    return text.strip(" -–.,()[]")


def camel_case_apart(stem: str) -> str:
    """Words run together in CamelCase, as some save a file, set apart: "MamNonSaoDo" → "Mam Non Sao Do",
    "THCSSaoDo" → "THCS Sao Do"."""
    out = []
    for i, ch in enumerate(stem):
        before = stem[i - 1] if i else ""
        after = stem[i + 1] if i + 1 < len(stem) else ""
        if ch.isupper() and (before.islower() or (before.isupper() and after.islower())):
            out.append(" ")
        out.append(ch)
    return "".join(out)


def _match_file_name(matcher: UnitMatcher, file_text: str):
    """A unit named by the file name: the whole name, else a registry name inside it ("BC Phong Noi Vu")."""
    found = matcher.match(file_text)
    if found.unit_code is None and found.method != "ambiguous":
        found = matcher.find_in_lines([file_text])
    return found


def _own_lines(lines: list[str], parent_bodies: list[str]) -> list[str]:
    """The lines that are not a parent body's letterhead ("PHÒNG GD&ĐT TP CHÍ LINH" above a school)."""
    keys = [match_key(p) for p in parent_bodies if match_key(p)]
    return [line for line in lines if not any(f"{match_key(line)} ".startswith(k + " ") for k in keys)]


def decide_unit(matcher: UnitMatcher, lines: list[str], file_text: str,
                parent_bodies: list[str] = ()) -> tuple[str | None, str, list[str], str]:
    """(unit_code or None, method, candidates, unit text) from the return's words, then its file name."""
    by_text = matcher.find_in_lines(lines) if lines else None
    by_name = _match_file_name(matcher, file_text) if file_text else None
    if by_text is not None and by_name is not None and by_name.unit_code and by_text.unit_code != by_name.unit_code:
        own = _own_lines(lines, parent_bodies)
        if not own or matcher.find_in_lines(own).unit_code is None:
            by_text = None  # only the parent body's letterhead spoke: the file name names the sender
    text_code = by_text.unit_code if by_text is not None else None
    name_code = by_name.unit_code if by_name is not None else None
    text_cands = list(by_text.candidates) if by_text is not None else []
    name_cands = list(by_name.candidates) if by_name is not None else []
    shown = lines[0] if lines else ""
    if text_code and name_code:
        if text_code == name_code:
            return text_code, "text+file_name", [text_code], shown
        return None, "conflict", sorted({text_code, name_code}), shown
    if text_code:
        if name_cands and by_name.method == "ambiguous" and text_code not in name_cands:
            return None, "conflict", sorted({text_code, *name_cands}), shown
        return text_code, "text", [text_code], shown
    if name_code:
        if text_cands and by_text.method == "ambiguous" and name_code not in text_cands:
            return None, "conflict", sorted({name_code, *text_cands}), shown
        method = "text+file_name" if name_code in text_cands else "file_name"
        return name_code, method, [name_code], file_text
    both = sorted(set(text_cands) | set(name_cands))
    return None, "ambiguous" if both else "unmatched", both, shown


# ---------------------------------------------------------------- reading one file


def _mtime(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime)


def read_return_file(path: Path, folder: Path, settings, log: IssueLog,
                     ocr_corrections: dict[str, list[dict]] | None = None) -> ReturnFile:
    """One file read and laid out; a ReadError makes it a rejected return with an error issue. OCR values the
    analyst corrected in the review workbook replace what was read before the layout reads the grid."""
    source = path.relative_to(folder).as_posix()
    item = ReturnFile(source, path, path.suffix.lower().lstrip("."), _mtime(path))
    try:
        grids = read_grids(path, settings.limits, log, source)
    except ReadError as exc:
        log.add(exc.code, exc.message, source_file=source, severity="error")
        item.reject(exc.code)
        item.readable = False
        return item
    applied = apply_ocr_corrections(grids, (ocr_corrections or {}).get(source, []))
    if applied:
        log.add("ocr_corrected", f"{applied} ô đọc bằng OCR đã được cán bộ sửa trong tệp xác nhận "
                                 f"(OCR cells corrected by the analyst)", source_file=source, severity="info")
    item.layout = read_return(grids, settings)
    item.ocr_cells = ocr_review_rows(grids, item.layout, source, settings.limits)  # OCR values the return rests on
    review_ocr_cells(grids, item.layout, log, source, settings.limits, item.ocr_cells)
    return item


def analyst_rows(settings, sheet: str, log: IssueLog) -> pd.DataFrame:
    """The rows of one review-workbook sheet the analyst filled; none (and a warning) when the file is unreadable."""
    try:
        return confirmed(settings, sheet)
    except ReviewError as exc:
        log.add("confirmations_unreadable", f"Không đọc được tệp xác nhận: {exc} (review workbook unreadable)",
                source_file=str(review_path(settings)), severity="warning")
        return pd.DataFrame()


def ocr_corrections(settings, log: IssueLog) -> dict[str, list[dict]]:
    """source_file → the OCR cells the analyst corrected in the review workbook (`o_can_kiem_tra`)."""
    rows = analyst_rows(settings, OCR_SHEET, log)
    return {name: group.to_dict("records") for name, group in rows.groupby("source_file")} if len(rows) else {}


def place_unreadable(item: ReturnFile, matcher: UnitMatcher, settings, log: IssueLog) -> None:
    """A file the kit could not read is still the unit's when its file name, else a folder above it, names one:
    the unit sent a return ("đã gửi, không đọc được"), dated the day the file arrived."""
    names = [item.path.name, *Path(item.source_file).parent.parts[::-1]]
    for i, name in enumerate(names):
        found = _match_file_name(matcher, file_name_text(Path(name), settings) if i == 0 else name)
        if found.unit_code:
            item.unit_code, item.unit_method, item.unit_text = found.unit_code, "file_name" if i == 0 else "folder", name
            break
    if item.unit_code:
        log.add("unreadable_return_placed",
                f"Tệp không đọc được nhưng {'tên tệp' if item.unit_method == 'file_name' else 'thư mục'} "
                f"'{item.unit_text}' chỉ đơn vị {item.unit_code}: đơn vị đã gửi, không đọc được; đề nghị đơn vị gửi lại "
                f"bản đọc được (.xlsx, .docx không đặt mật khẩu) (unreadable file placed with its unit)",
                source_file=item.source_file, severity="warning", unit_code=item.unit_code)
    item.late = item.file_mtime.date() > settings.contest.return_deadline


def _row_of(lay: ReturnLayout, text: str) -> tuple[str, int | None]:
    """(sheet, file row) of a text line of the return; the return's sheet and no row when unknown."""
    return lay.line_places.get(text, (lay.sheet, None))


UNIT_WHY = {
    "conflict": "Nội dung báo cáo và tên tệp chỉ hai đơn vị khác nhau (content and file name disagree)",
    "ambiguous": "Không xác định chắc chắn được đơn vị báo cáo (unit ambiguous)",
    "unmatched": "Không tìm thấy đơn vị báo cáo trong danh mục (unit not found in registry)",
}


def place_unit(item: ReturnFile, matcher: UnitMatcher, settings, log: IssueLog) -> None:
    """The unit of a readable return; an uncertain unit holds the return for the analyst to name it."""
    lay = item.layout
    code, method, candidates, shown = decide_unit(matcher, lay.unit_lines, file_name_text(item.path, settings),
                                                  settings.parent_bodies)
    if method == "unmatched" and lay.sheet:
        # nothing at the top or in the file name: the sheet's tab may be named after the unit ("UBND xã Hoàng Tân")
        found = matcher.find_in_lines([lay.sheet])
        if found.unit_code:
            code, method, candidates, shown = found.unit_code, "sheet_name", [found.unit_code], lay.sheet
    if method == "unmatched" and lay.footer_lines:
        # nor the sheet: the signature block may name the unit ("TM. UBND PHƯỜNG …")
        found = matcher.find_in_lines(lay.footer_lines)
        if found.unit_code:
            code, method, candidates, shown = found.unit_code, "footer", [found.unit_code], lay.footer_lines[0]
    item.unit_method, item.unit_text = method, shown
    if code:
        item.unit_code = code
        return
    listed = ", ".join(candidates) if candidates else "không có (none)"
    why = UNIT_WHY[method]
    sheet, row = _row_of(lay, shown)
    log.add(f"unit_{method}", f"{why}; các đơn vị có thể (candidates): {listed}; dòng đọc được: '{shown}'",
            source_file=item.source_file, sheet=sheet, row=row, severity="warning")
    item.hold(f"unit_{method}", f"{why.split(' (')[0]}; các đơn vị có thể: {listed}")


def derive_missing_count(lay: ReturnLayout, log: IssueLog, where: dict) -> None:
    """Total or participants left out but the other and the non-participant count typed: a person adds up."""
    missing = [n for n in ("total_staff", "participants") if n not in lay.fields]
    absent, rate = lay.count("non_participants_count"), lay.count("rate")
    if len(missing) != 1:
        return
    other = "participants" if missing[0] == "total_staff" else "total_staff"
    known = lay.count(other)
    if known is None:
        return
    if absent is not None:
        value = known + absent if missing[0] == "total_staff" else known - absent
    elif missing[0] == "participants" and rate is not None and abs(rate * known - round(rate * known)) < 0.05:
        value = int(round(rate * known))  # only when no count says it: "48 người, tham gia đạt 93,75%"
    else:
        return
    source = lay.fields[other]
    lay.fields[missing[0]] = Cell(value, source.row, source.file_row, "derived", str(value))
    log.add("count_derived",
            f"Không ghi '{FIELD_NAMES[missing[0]]}'; tính từ các số đã ghi: {value} (count derived from the others)",
            row=source.file_row, severity="info", **where)


def check_return(item: ReturnFile, staff_registry: dict, settings, log: IssueLog) -> None:
    """The checks of a return: counts present and sane, listed people, registry headcount, date."""
    lay = item.layout
    where = {"source_file": item.source_file, "sheet": lay.sheet, "unit_code": item.unit_code}
    sheets = lay.rows_not_read_sheets or [lay.sheet] * len(lay.rows_not_read)
    for row, sheet in zip(lay.rows_not_read, sheets):
        # the cell is not quoted: it may hold a phone number, which never leaves the raw folder
        log.add("person_row_unreadable",
                "Dòng trong danh sách không tham gia có ô họ tên trống hoặc không phải là tên người (chữ số, quá "
                "dài…); không đưa vào danh sách (name cell is blank or not a person's name)",
                row=row, severity="warning", rows_affected=1, **{**where, "sheet": sheet})
    for problem in [*lay.sheet_notes, *lay.problems]:
        log.add(problem["code"], problem["message"], row=problem.get("row"), severity=problem["severity"],
                **{**where, "sheet": problem.get("sheet") or lay.sheet})
        if problem["severity"] == "error":
            item.reject(problem["code"])
        elif problem.get("hold"):
            item.hold(problem["code"], re.sub(r"\s*\([^()]*\)$", "", problem["message"]))  # the English gloss left out
    derive_missing_count(lay, log, where)
    total, joined = lay.count("total_staff"), lay.count("participants")
    for name in ("total_staff", "participants"):
        if name not in lay.fields:
            # the row is where the other count was read: the missing one belonged beside it
            other = next((lay.fields[n] for n in ("total_staff", "participants", "non_participants_count")
                          if n in lay.fields), None)
            log.add("count_missing", f"Không tìm thấy '{FIELD_NAMES[name]}' trong báo cáo (count missing)",
                    row=other.file_row if other is not None else None, severity="error", **where)
            item.reject("count_missing")
    for name, value in (("total_staff", total), ("participants", joined)):
        if value is not None and value < 0:
            log.add("count_negative", f"'{FIELD_NAMES[name]}' là số âm: {value} (negative count)",
                    row=lay.fields[name].file_row, severity="error", **where)
            item.reject("count_negative")
    if total is not None and joined is not None and joined > total:
        log.add("participants_above_total",
                f"Số tham gia ({joined}) lớn hơn tổng số CBCCVC ({total}) (participants above total)",
                row=lay.fields["participants"].file_row, severity="error", **where)
        item.reject("participants_above_total")
    if item.status == "rejected":
        return
    listed = len(lay.people)
    if listed != total - joined:
        first = lay.people.sort_values("source_row").iloc[0] if listed else None
        people_where = {**where, "sheet": first["sheet"] or lay.sheet} if first is not None else where
        log.add("people_count_mismatch",
                f"Danh sách có {listed} người không tham gia, nhưng tổng số − số tham gia = {total - joined} "
                f"(listed non-participants differ from total − participants)",
                row=int(first["source_row"]) if first is not None else lay.fields["participants"].file_row,
                severity="warning", **people_where)
        rows = listed + len(lay.rows_not_read)  # a listed row whose name cell is unreadable is still a person listed
        gap = abs(rows - (total - joined))
        if lay.people_header_row is not None and gap > settings.hold_people_count \
                and gap > settings.hold_people_share * total:
            item.hold("people_contradict_counts",
                      f"danh sách có {rows} dòng người không tham gia, số liệu cho {total - joined} người "
                      f"(lệch {gap} người)")
    staff = staff_registry.get(item.unit_code)
    if staff is not None and pd.notna(staff) and staff > 0 and abs(total - staff) > settings.hold_staff_min_difference \
            and not (settings.hold_staff_below <= total / staff <= settings.hold_staff_above):
        log.add("staff_far_from_registry",
                f"Tổng số CBCCVC trong báo cáo ({_n(total)}) gấp {total / staff:.1f} lần số trong danh mục "
                f"({_n(staff)}), ngoài khoảng {settings.hold_staff_below:g}–{settings.hold_staff_above:g} lần; "
                f"báo cáo chờ xác minh (total far from registry headcount)",
                row=lay.fields["total_staff"].file_row, severity="warning", **where)
        item.hold("staff_far_from_registry",
                  f"tổng số CBCCVC {_n(total)} so với {_n(staff)} trong danh mục (có thể là số của cả ngành "
                  f"hoặc của một bộ phận)")
    elif staff is not None and pd.notna(staff) and staff > 0 and abs(total - staff) / staff > settings.staff_tolerance:
        log.add("staff_unlike_registry",
                f"Tổng số CBCCVC trong báo cáo ({total}) khác số trong danh mục ({int(staff)}) quá "
                f"{settings.staff_tolerance:.0%} (total unlike registry headcount)",
                row=lay.fields["total_staff"].file_row, severity="warning", **where)
    if lay.report_date is None:
        if not any(p["code"] == "date_invalid" for p in lay.problems):
            log.add("date_missing", "Không tìm thấy ngày báo cáo (report date missing)", severity="warning", **where)
    elif lay.report_date > settings.contest.return_deadline:
        item.late = True
        log.add("return_late",
                f"Báo cáo ngày {lay.report_date:%d/%m/%Y}, sau hạn {settings.contest.return_deadline:%d/%m/%Y} "
                f"(late return)", row=lay.date_row, severity="warning", **where)


def _n(value) -> str:
    """1234 → "1.234" (Vietnamese thousands)."""
    return f"{int(value):,}".replace(",", ".")


def check_heads(item: ReturnFile, people: pd.DataFrame, settings, log: IssueLog) -> None:
    """A unit head or deputy listed with an out-of-scope reason (contract staff, "HĐ 68"): a head cannot be
    outside CBCCVC, so the analyst checks the row."""
    if not len(people):
        return
    for _, person in people[people["reason_category"] == "out_of_scope"].iterrows():
        key = match_key(str(person["position"] or ""))
        if starts_with_words(key, settings.head_words) and not has_words(key, settings.head_exceptions):
            log.add("review_head_out_of_scope",
                    f"'{person['full_name']}' ({person['position']}) ghi lý do '{person['reason']}' (không thuộc "
                    f"đối tượng); lãnh đạo đơn vị không thể là lao động hợp đồng — đề nghị kiểm tra dòng này "
                    f"(a head listed as out of scope)",
                    source_file=item.source_file, sheet=person.get("sheet") or item.layout.sheet,
                    row=int(person["source_row"]), severity="warning", unit_code=item.unit_code, rows_affected=1)


def record_held(items: list[ReturnFile], log: IssueLog) -> None:
    """One review issue per held return, saying why in Vietnamese."""
    for item in items:
        if item.status == "held":
            lay = item.layout
            log.add("review_held_return",
                    f"Báo cáo chờ xác minh, chưa tính vào tỷ lệ: {item.held_reason}. Ghi quyết định ('chấp nhận' / "
                    f"'loại') hoặc mã đơn vị đúng vào sheet 'bao_cao_cho_xac_minh' của tệp xác nhận "
                    f"(held for review)",
                    source_file=item.source_file, sheet=lay.sheet if lay is not None else "",
                    row=lay.fields["total_staff"].file_row if lay is not None and "total_staff" in lay.fields else None,
                    severity="warning", unit_code=item.unit_code)


# ---------------------------------------------------------------- the analyst's word on held returns

REVIEW_SHEET = "bao_cao_cho_xac_minh"
OCR_SHEET = "o_can_kiem_tra"
OCR_COLUMNS = ["source_file", "page", "field", "row", "value", "confidence", "column"]


def review_decisions(settings, log: IssueLog) -> dict[str, dict]:
    """source_file → {"code": confirmed unit code or "", "decision": "accept" / "reject" / None} from the review
    workbook's bao_cao_cho_xac_minh sheet (empty when there is none yet)."""
    rows = analyst_rows(settings, REVIEW_SHEET, log)
    out = {}
    for _, row in rows.iterrows():
        code = str(row.get("confirmed_code") or "").strip()
        out[str(row["source_file"])] = {"code": code, "decision": row.get("decision_value"),
                                        "typed": str(row.get("decision") or "")}
    return out


def apply_confirmed_unit(item: ReturnFile, decisions: dict, codes: set, log: IssueLog) -> None:
    """The unit the analyst confirmed for a return overrides the one read; a hold for an uncertain unit is lifted."""
    said = decisions.get(item.source_file)
    if not said or not said["code"]:
        return
    if said["code"] not in codes:
        log.add("review_unknown_code",
                f"Mã đơn vị xác nhận '{said['code']}' không có trong danh mục; bỏ qua (confirmed code not in registry)",
                source_file=item.source_file, severity="warning")
        return
    item.unit_code, item.unit_method = said["code"], "confirmed"
    if item.status == "held" and item.status_reason.startswith("unit_"):
        item.status, item.status_reason, item.held_reason = "accepted", "", ""


def apply_decision(item: ReturnFile, decisions: dict, log: IssueLog) -> None:
    """ "chấp nhận" lifts a hold (an error still rejects); "loại" rejects the return whatever it was."""
    said = decisions.get(item.source_file)
    if not said or said["decision"] is None:
        if said and said["typed"].strip():
            log.add("review_decision_unclear",
                    f"Quyết định '{said['typed']}' không rõ; ghi 'chấp nhận' hoặc 'loại' (decision not understood)",
                    source_file=item.source_file, severity="warning", unit_code=item.unit_code)
        return
    where = {"source_file": item.source_file, "severity": "info", "unit_code": item.unit_code}
    if said["decision"] == "accept" and item.status == "held" and not item.unit_code:
        log.add("review_decision_unclear",
                "Báo cáo được chấp nhận nhưng chưa rõ của đơn vị nào; ghi mã đơn vị vào cột 'Mã đơn vị xác nhận' "
                "(accepted without a unit: confirmed_code needed)", **{**where, "severity": "warning"})
    elif said["decision"] == "accept" and item.status == "held":
        log.add("held_confirmed", f"Cán bộ tổng hợp chấp nhận báo cáo chờ xác minh ({item.held_reason}) "
                                    f"(held return confirmed)", **where)
        item.status, item.status_reason = "accepted", ""
    elif said["decision"] == "reject" and item.status != "rejected":
        log.add("held_rejected", "Cán bộ tổng hợp loại báo cáo này (return rejected by the analyst)", **where)
        item.status, item.status_reason = "rejected", "analyst_rejected"


def write_review(items: list[ReturnFile], units: pd.DataFrame, settings, log: IssueLog) -> None:
    """The held returns and the OCR cells to check, proposed in the review workbook for the analyst (their earlier
    answers are kept)."""
    held = [i for i in items if i.status == "held"]
    cells = [cell for i in items for cell in i.ocr_cells]
    if not held and not cells and not review_path(settings).is_file():
        return
    names = dict(zip(units["unit_code"], units["unit_name"])) if len(units) else {}
    rows = pd.DataFrame([{
        "source_file": i.source_file, "unit_code": i.unit_code, "unit_name": names.get(i.unit_code, ""),
        "reason": i.held_reason, "status_reason": i.status_reason, "sheet": i.layout.sheet if i.layout else "",
        "total_staff": i.layout.count("total_staff") if i.layout else None,
        "participants": i.layout.count("participants") if i.layout else None,
    } for i in held], columns=["source_file", "unit_code", "unit_name", "reason", "status_reason", "sheet",
                                "total_staff", "participants"])
    try:
        update_review(settings, REVIEW_SHEET, rows)
        update_review(settings, OCR_SHEET, pd.DataFrame(cells, columns=OCR_COLUMNS))
    except (ReviewError, OSError) as exc:
        log.add("confirmations_unwritable", f"Không ghi được tệp xác nhận (đang mở trong Excel?): {exc} "
                                          f"(review workbook not written)", severity="warning")


# ---------------------------------------------------------------- which return stands


def has_revision_mark(path: Path, settings, marks: list[str] | None = None) -> bool:
    """The file name carries one of the marks (default: the revision marks, "v2", "sửa"…)."""
    marks = settings.revision_marks if marks is None else marks
    return has_words(match_key(path.stem.replace('_', ' ')), marks)


def supersede(items: list[ReturnFile], settings, log: IssueLog) -> None:
    """Per unit, the later report date stands, then a file not named as a draft or old copy, then a revision mark
    in the file name, then the file time."""
    by_unit: dict[str, list[ReturnFile]] = {}
    for item in items:
        if item.status == "accepted":
            by_unit.setdefault(item.unit_code, []).append(item)
    for code, group in by_unit.items():
        if len(group) < 2:
            continue
        ranked = sorted(group, key=lambda it: (it.layout.report_date or dt.date.min,
                                               not has_revision_mark(it.path, settings, settings.draft_marks),
                                               has_revision_mark(it.path, settings), it.file_mtime), reverse=True)
        winner = ranked[0]
        for item in ranked[1:]:
            item.status = "superseded"
            item.status_reason = f"superseded by {winner.source_file}"
            log.add("return_superseded",
                    f"Đơn vị gửi nhiều báo cáo; dùng báo cáo '{winner.source_file}' thay cho báo cáo này "
                    f"(superseded by a later return)",
                    source_file=item.source_file, sheet=item.layout.sheet, severity="info", unit_code=code)


# ---------------------------------------------------------------- tables


def _returns_row(item: ReturnFile) -> dict:
    lay = item.layout
    arrived = pd.Timestamp(item.file_mtime.date())  # an unreadable file is dated the day it arrived
    row = {
        "source_file": item.source_file, "unit_code": item.unit_code, "status": item.status,
        "report_date": pd.Timestamp(lay.report_date) if lay is not None and lay.report_date else (
            arrived if not item.readable else pd.NaT),
        "total_staff": lay.count("total_staff") if lay else None,
        "participants": lay.count("participants") if lay else None,
        "non_participants_listed": len(lay.people) if lay else None,
        "results": str(lay.count("results") or "") if lay else "",
        "late": item.late, "sheet": lay.sheet if lay else "", "file_kind": item.file_kind,
        "file_mtime": pd.Timestamp(item.file_mtime), "status_reason": item.status_reason,
        "unit_text": item.unit_text, "unit_method": item.unit_method,
        "non_participants_count": lay.count("non_participants_count") if lay else None,
        "rate": lay.count("rate") if lay else None,
        "readable": item.readable, "held_reason": item.held_reason,
    }
    return row


def returns_frame(items: list[ReturnFile]) -> pd.DataFrame:
    df = pd.DataFrame([_returns_row(i) for i in items], columns=RETURN_COLUMNS)
    for col in ("total_staff", "participants", "non_participants_listed", "non_participants_count"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    df["rate"] = pd.to_numeric(df["rate"], errors="coerce").astype("float64")
    df["report_date"] = pd.to_datetime(df["report_date"])
    df["file_mtime"] = pd.to_datetime(df["file_mtime"])
    df["late"] = df["late"].astype(bool)
    df["readable"] = df["readable"].astype(bool)
    return df


def people_frame(items: list[ReturnFile], settings, statuses=("accepted",)) -> pd.DataFrame:
    """Listed people of the returns of these statuses (accepted: the table), names in name case, reasons classified."""
    frames = []
    for item in items:
        if item.status in statuses and item.layout is not None and len(item.layout.people):
            people = item.layout.people.copy()
            people["unit_code"] = item.unit_code
            people["source_file"] = item.source_file
            frames.append(people)
    if not frames:
        return pd.DataFrame(columns=PEOPLE_COLUMNS).astype({"justified": bool, "source_row": "Int64"})
    df = pd.concat(frames, ignore_index=True)
    prefixes = settings.return_layout.get("name_prefixes", [])
    courtesy = settings.return_layout.get("courtesy_words", [])
    df["full_name"] = df["full_name"].map(
        lambda s: name_case(without_prefix(without_prefix(s, prefixes), courtesy, min_words=3)))
    df[["reason_category", "justified"]] = classify_reasons(df["reason"].fillna("").astype(str), settings)
    df["source_row"] = df["source_row"].astype("Int64")
    df["justified"] = df["justified"].astype(bool)
    return df[PEOPLE_COLUMNS]


def without_prefix(name: str, prefixes: list[str], min_words: int = 2) -> str:
    """ "Đ/c Nguyễn Văn An" → "Nguyễn Văn An": a courtesy word before a name of ``min_words`` words or more
    ("Ông Quan Văn Bình" → "Quan Văn Bình" with min_words=3, while "Ông Văn Toàn" keeps its family name Ông)."""
    words = str(name).split()
    for prefix in sorted(prefixes, key=len, reverse=True):
        n = len(prefix.split())
        if [w.casefold() for w in words[:n]] == [w.casefold() for w in prefix.split()] and len(words) - n >= min_words:
            return " ".join(words[n:])
    return str(name)


def record_unused_people(items: list[ReturnFile], log: IssueLog) -> None:
    """One issue per return that does not stand, counting its listed people (nothing lost)."""
    for item in items:
        if item.status != "accepted" and item.layout is not None and len(item.layout.people):
            n = len(item.layout.people)
            log.add("people_not_counted",
                    f"{n} người trong danh sách không được tính vì báo cáo {STATUS_WORDS[item.status]} "
                    f"(people of a {item.status} return not counted)",
                    source_file=item.source_file, sheet=item.layout.sheet,
                    row=int(item.layout.people["source_row"].min()), severity="info",
                    unit_code=item.unit_code, rows_affected=n)


def files_frame(items: list[ReturnFile], skipped=()) -> pd.DataFrame:
    """One row per file in the folder, skipped ones too, with where its people rows went."""
    rows = [{"source_file": s.source_file, "folder": "returns", "file_kind": s.path.suffix.lower().lstrip("."),
             "status": "skipped", "rows_read": 0, "rows_kept": 0, "rows_in_issues": 0} for s in skipped]
    for item in items:
        people = len(item.layout.people) if item.layout is not None else 0
        unreadable = len(item.layout.rows_not_read) if item.layout is not None else 0
        kept = people if item.status == "accepted" else 0
        rows.append({"source_file": item.source_file, "folder": "returns", "file_kind": item.file_kind,
                     "status": item.status, "rows_read": people + unreadable, "rows_kept": kept,
                     "rows_in_issues": people + unreadable - kept})
    df = pd.DataFrame(rows, columns=TABLE_COLUMNS["files"]).sort_values("source_file", ignore_index=True)
    return df.astype({"rows_read": "int64", "rows_kept": "int64", "rows_in_issues": "int64"})


def clean_returns(folder, units: pd.DataFrame, settings, log: IssueLog):
    """Every return in folder → (returns_df, non_participants_df, files_df); problems go to log."""
    folder = Path(folder)
    paths, skipped = list_input_files(folder)
    for s in skipped:
        # a lock file is noise (info); a return sent as PDF or photo is worth a look (the reader says warning)
        log.add(s.code, s.message, source_file=s.source_file, severity=s.severity)
    staff = dict(zip(units["unit_code"], units["staff_registry"])) if len(units) else {}
    corrections = ocr_corrections(settings, log)
    items = [read_return_file(p, folder, settings, log, corrections) for p in bar(paths, desc="báo cáo")]
    # a return sent in a kind the kit cannot read (a PDF, a photo) was still sent: a row, placed by its name
    items += [ReturnFile(s.source_file, s.path, s.path.suffix.lower().lstrip("."), _mtime(s.path), status="rejected",
                         status_reason=s.code, readable=False) for s in skipped if s.code == "unsupported_format"]
    skipped = [s for s in skipped if s.code != "unsupported_format"]
    items.sort(key=lambda item: item.source_file)
    matcher = UnitMatcher(units, settings) if items else None  # (an empty folder needs no matcher)
    decisions = review_decisions(settings, log)
    codes = set(units["unit_code"]) if len(units) else set()
    for item in items:
        if item.layout is None:
            place_unreadable(item, matcher, settings, log)
            continue
        place_unit(item, matcher, settings, log)
        apply_confirmed_unit(item, decisions, codes, log)
        check_return(item, staff, settings, log)
        apply_decision(item, decisions, log)
    supersede(items, settings, log)
    record_held(items, log)
    write_review(items, units, settings, log)
    record_unused_people(items, log)
    people = people_frame(items, settings)
    for item in items:
        if item.status in ("accepted", "held") and item.layout is not None and len(item.layout.people):
            check_heads(item, people_frame([item], settings, statuses=("accepted", "held")), settings, log)
    return returns_frame(items), people, files_frame(items, skipped)
