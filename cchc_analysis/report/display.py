"""Tables for people: Vietnamese column headers, 97,5% and dd/mm/yyyy, all input text HTML-escaped.

Used by the notebooks (HTML) and the workbook (headers, which columns are rates and dates).
Display labels live here; rules an analyst may change live in cchc.toml.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from .. import fmt
from ..analysis import RETURN_STATUS_LABELS
from ..config import Settings, load_settings
from ..fmt import fmt_percent
from ..tables import Tables, load_tables

# Column name → Vietnamese header; a column not listed keeps its own name.
COLUMN_LABELS: dict[str, str] = {
    "unit_code": "Mã đơn vị",
    "unit_name": "Tên đơn vị",
    "group": "Khối",
    "kind": "Loại đơn vị",
    "staff": "Tổng số CBCCVC",
    "staff_registry": "Số CBCCVC theo danh sách",
    "total_staff": "Tổng số CBCCVC (báo cáo)",
    "participants": "Số tham gia",
    "participants_reported": "Số tham gia (báo cáo)",
    "participants_platform": "Số tham gia (hệ thống thi)",
    "non_participants": "Số không tham gia",
    "non_participants_listed": "Số người không tham gia được kê",
    "justified_absences": "Vắng có lý do chính đáng",
    "unjustified_absences": "Vắng không có lý do chính đáng",
    "justified_count": "Có lý do chính đáng",
    "unjustified_count": "Không có lý do chính đáng",
    # the one participation rate (docs/rates.md) and the other bases, each named as such
    "rate": "Tỷ lệ tham gia",
    "adjusted_rate": "Tỷ lệ sau khi trừ vắng có lý do chính đáng",
    "platform_rate": "Tỷ lệ theo hệ thống thi",
    "platform_share": "Phần số báo cáo được hệ thống thi xác nhận",
    "target_rate": "Chỉ tiêu",
    "gap": "Còn thiếu",
    "return_status": "Tình trạng báo cáo",
    "grade": "Xếp loại",
    "grade_reason": "Lý do xếp loại",
    "reason_text": "Lý do",
    "difference": "Chênh lệch (hệ thống − báo cáo)",
    "flag": "Cần kiểm tra",
    "source_file": "Tệp nguồn",
    "folder": "Thư mục",
    "file_kind": "Loại tệp",
    "status": "Trạng thái",
    "status_reason": "Lý do trạng thái",
    "report_date": "Ngày báo cáo",
    "deadline": "Hạn báo cáo",
    "days_late": "Số ngày chậm",
    "late": "Gửi muộn",
    "results": "Kết quả",
    "full_name": "Họ và tên",
    "position": "Chức vụ",
    "reason": "Lý do",
    "reason_category": "Nhóm lý do",
    "reason_label": "Nhóm lý do",
    "justified": "Lý do chính đáng",
    "is_head": "Lãnh đạo",
    "source_row": "Dòng trong tệp",
    "sheet": "Trang tính",
    "row": "Dòng",
    "severity": "Mức độ",
    "code": "Mã vấn đề",
    "message": "Nội dung",
    "answer_in": "Ghi kết quả kiểm tra vào",
    "rows_affected": "Số dòng liên quan",
    "rows_read": "Số dòng đã đọc",
    "rows_kept": "Số dòng đưa vào bảng",
    "rows_in_issues": "Số dòng ghi vào nhật ký",
    "unit_text": "Đơn vị (như thí sinh nhập)",
    "text": "Nội dung đã nhập",
    "method": "Cách đối chiếu",
    "score": "Điểm",
    "candidates": "Đơn vị gần đúng",
    "submitted_at": "Thời gian nộp bài",
    "started_at": "Thời gian bắt đầu",
    "duration": "Thời gian làm bài",
    "duration_seconds": "Thời gian làm bài (giây)",
    "correct": "Số câu đúng",
    "correct_share": "Tỷ lệ câu đúng",
    "prediction": "Dự đoán",
    "prediction_distance": "Độ lệch dự đoán",
    "in_window": "Trong thời gian thi",
    "attempt_no": "Lượt thi",
    "attempts": "Số lượt thi",
    "best_attempt": "Lượt tốt nhất",
    "rank": "Xếp hạng",
    "band": "Mức điểm",
    "people": "Số người",
    "count": "Số lượng",
    "units": "Số đơn vị",
    "share": "Tỷ lệ",
    "day": "Ngày",
    "date": "Ngày",
    "new_participants": "Người tham gia mới",
    "cumulative": "Lũy kế",
    "cumulative_participants": "Lũy kế người tham gia",
    "cumulative_rate": "Tỷ lệ theo hệ thống thi (lũy kế)",
    "head_name": "Thủ trưởng đơn vị",  # weekly progress (report/progress.py)
    "change": "Tăng so với tuần trước",
    "participants_previous": "Số tham gia tuần trước",
    "units_started": "Đơn vị đã có người dự thi",
    "units_at_target": "Đơn vị đạt chỉ tiêu",
    "as_of": "Số liệu đến ngày",
    "previous_as_of": "Ngày so sánh",
    "errors": "Lỗi",
    "warnings": "Cảnh báo",
    "infos": "Thông tin",
    "issues": "Số vấn đề",
    "files": "Số tệp",
    "figure": "Chỉ tiêu",
    "value": "Giá trị",
    "return_status_label": "Tình trạng báo cáo",
    "grade_key": "Mã xếp loại",
    "justified_deducted": "Vắng có lý do được trừ",
    "files_received": "Số tệp đã nhận",
    "proposal_rank": "Thứ tự đề nghị",
    "units_reported": "Đơn vị đã gửi báo cáo",
    "units_on_time": "Gửi đúng hạn",
    "units_late": "Gửi muộn",
    "units_held": "Chờ xác minh",
    "units_unreadable": "Đã gửi, không đọc được",
    "units_rejected": "Không hợp lệ",
    "units_missing": "Chưa gửi",
    "units_without_valid_return": "Đơn vị không gửi báo cáo hợp lệ",
    "gap_justified": "Thiếu: vắng có lý do chính đáng",
    "gap_unjustified": "Thiếu: vắng không có lý do chính đáng",
    "gap_not_listed": "Thiếu: không có tên trong danh sách",
    "gap_no_return": "Thiếu: đơn vị không gửi báo cáo hợp lệ",
    "staff_far_from_registry": "Tổng số khác danh sách quá mức",
    "reconciliation_flag": "Chênh lệch cần kiểm tra",
    "held_return": "Có báo cáo chờ xác minh",
    "review_items": "Số mục cần kiểm tra",
    "open_items": "Cần xác minh",
    "verdict": "Kết luận",
    "verdict_rank": "Thứ tự",
    "readable": "Đọc được",
    "held_reason": "Lý do chờ xác minh",
    "unit_method": "Cách xác định đơn vị",
    "non_participants_count": "Số không tham gia (báo cáo)",
    "file_mtime": "Thời điểm nhận tệp",
    "days_since_deadline": "Số ngày sau hạn",
    "units_100": "Đơn vị đạt 100%",
    "units_100_adjusted": "Đơn vị đạt 100% (trừ vắng có lý do)",
    "target_people": "Số người theo chỉ tiêu",
    "shortfall": "Còn thiếu (người)",
    "expected_reports": "Số báo cáo phải gửi",
    "actual_reports": "Số báo cáo đã gửi",
    "on_time_reports": "Số báo cáo đúng hạn",
    "reporting_rate": "Tỷ lệ gửi báo cáo",
    "on_time_rate": "Tỷ lệ gửi đúng hạn",
    "label": "Lý do",
    "band_label": "Mức điểm",
    "level": "Cấp",
    "city": "Thành phố",
    "duration_s": "Thời gian làm bài (giây)",
    "prediction_gap": "Độ lệch dự đoán",
    "note": "Nhận xét",
    "rows": "Số dòng",
}

# Coded values → Vietnamese words, per column.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "return_status": RETURN_STATUS_LABELS,  # the one table of unit return statuses (analysis/common.py)
    "verdict": {
        "proposed": "Đề nghị", "tie_cut": "Bằng đơn vị cuối danh sách, ngoài giới hạn", "over_cap": "Ngoài giới hạn",
        "to_verify": "Cần xác minh trước khi đề nghị",
    },
    "status": {
        "accepted": "Được sử dụng", "superseded": "Bị thay thế", "rejected": "Không hợp lệ", "held": "Chờ xác minh",
        "read": "Đã đọc", "unreadable": "Không đọc được", "skipped": "Bỏ qua", "error": "Lỗi",
    },
    "severity": {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"},
    "level": {"unit": "Đơn vị", "group": "Khối", "city": "Toàn thành phố"},
    "folder": {"registry": "Danh sách đơn vị", "returns": "Báo cáo đơn vị", "platform": "Hệ thống thi"},
    "method": {
        "alias": "Ghim trong cchc.toml", "exact": "Trùng khớp", "abbreviation": "Viết tắt",
        "fuzzy": "Gần đúng", "ambiguous": "Chưa rõ (nhiều khả năng)", "unmatched": "Không tìm thấy",
        "partial": "Một phần tên", "confirmed": "Đã xác nhận", "blank": "Không ghi đơn vị",
    },
}
YES_NO = {True: "Có", False: "Không"}
# Positions, not quantities: written without a thousands separator (row 1797, not 1.797).
POSITION_COLUMNS = {"row", "source_row", "attempt_no", "rank", "proposal_rank", "verdict_rank"}
NO_RATE = "—"  # a unit without a valid return has no rate: never 0%

LONG_TOKEN = r"\S{25,}"
NAME_COLUMNS = {"unit_name", "full_name"}  # kept from wrapping into a narrow column in print
PROSE_COLUMNS = {"grade_reason", "reason_text", "note", "message", "status_reason", "open_items"}  # given room
LABEL_COLUMNS = {"grade", "return_status_label"}  # short labels kept on one line in print
KEEP_WHOLE_ROWS = 12  # tables of at most this many rows are not split across printed pages

PERCENT_NAME = re.compile(r"(^|_)(rate|share|pct|percent)($|_)")
DATE_NAME = re.compile(r"(^|_)(date|day|deadline)($|_)")


def is_percent_column(name: str) -> bool:
    """Rates and shares are kept as fractions (0.975) and shown as percentages."""
    return bool(PERCENT_NAME.search(str(name)))


def is_date_column(name: str, series: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(series) or bool(DATE_NAME.search(str(name)))


def fmt_number(value) -> str:
    """1234 → "1.234"; 12.5 → "12,5" (whole numbers without decimals, others with two)."""
    if value is None or pd.isna(value):
        return ""
    return fmt.fmt_number(value, 0 if float(value).is_integer() else 2)


def fmt_date(value, with_time: bool = False) -> str:
    """A date or timestamp → "dd/mm/yyyy" (with " HH:MM" when asked); blank when missing."""
    if not with_time:
        return fmt.fmt_date(value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).strftime("%d/%m/%Y %H:%M")


def column_label(name: str) -> str:
    return COLUMN_LABELS.get(str(name), str(name))


def _has_time(series: pd.Series) -> bool:
    stamps = pd.to_datetime(series, errors="coerce").dropna()
    if stamps.empty:
        return False
    return bool(((stamps.dt.hour != 0) | (stamps.dt.minute != 0)).any())


def value_labels(name: str, settings: Settings | None) -> dict:
    if name in ("reason_category",) and settings is not None:
        return dict(settings.reasons.labels)
    return VALUE_LABELS.get(name, {})


def formatted_column(name: str, series: pd.Series, settings: Settings | None = None) -> pd.Series:
    """One column as the text a person reads."""
    if pd.api.types.is_bool_dtype(series):
        return series.map(YES_NO).fillna("")
    if is_percent_column(name) and pd.api.types.is_numeric_dtype(series):
        return series.map(lambda v: NO_RATE if pd.isna(v) else fmt_percent(v))
    if is_date_column(name, series):
        with_time = not DATE_NAME.search(str(name)) and _has_time(series)  # a "date" column shows the day only
        parsed = pd.to_datetime(series, errors="coerce")
        if parsed.notna().any() or series.isna().all():
            if getattr(parsed.dt, "tz", None) is not None and settings is not None:
                parsed = parsed.dt.tz_convert(settings.contest.timezone)
            return parsed.map(lambda v: fmt_date(v, with_time))
    if name in POSITION_COLUMNS and pd.api.types.is_numeric_dtype(series):
        return series.map(lambda v: "" if pd.isna(v) else str(int(v)))
    if pd.api.types.is_numeric_dtype(series):
        return series.map(fmt_number)
    labels = value_labels(name, settings)
    text = series.astype(object).where(series.notna(), "")
    if labels:
        text = text.map(lambda v: labels.get(v, v) if isinstance(v, str) else YES_NO.get(v, v))
    return text.map(lambda v: YES_NO.get(v, v) if isinstance(v, bool) else v).astype(str)


def readable_labels(columns) -> list[str]:
    """Vietnamese headers, made unique (two columns may share a label, e.g. day and date)."""
    labels = [column_label(c) for c in columns]
    return [label if labels.count(label) == 1 else f"{label} ({col})" for label, col in zip(labels, columns)]


def readable_frame(df: pd.DataFrame, settings: Settings | None = None) -> pd.DataFrame:
    """Every value as text, columns under their Vietnamese headers."""
    values = [formatted_column(col, df.iloc[:, i], settings).to_numpy() for i, col in enumerate(df.columns)]
    return pd.DataFrame(dict(zip(readable_labels(list(df.columns)), values)))


def table_markup(df: pd.DataFrame, readable: pd.DataFrame) -> str:
    """An HTML table of escaped text; number columns (class "num") align right."""
    numeric = [pd.api.types.is_numeric_dtype(df.iloc[:, i]) and not pd.api.types.is_bool_dtype(df.iloc[:, i])
               for i in range(df.shape[1])]
    # a column holding long unbroken text (a file name) may wrap anywhere, so the table fits a printed page
    long = [bool(readable.iloc[:, i].str.contains(LONG_TOKEN).any()) for i in range(readable.shape[1])]
    head = "".join(('<th class="num">' if n else "<th>") + html.escape(h) + "</th>"
                   for h, n in zip(readable.columns, numeric))
    kinds = ["num" if n else "long" if w else "name" if c in NAME_COLUMNS else "prose" if c in PROSE_COLUMNS
             else "label" if c in LABEL_COLUMNS else "" for c, n, w in zip(df.columns, numeric, long)]
    cells = [(f'<td class="{k}">' if k else "<td>") + readable.iloc[:, i].map(html.escape) + "</td>"
             for i, k in enumerate(kinds)]
    rows = "<tr>" + cells[0].str.cat(cells[1:]) + "</tr>"
    return f'<table class="cchc-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


class Html:
    """An HTML fragment the notebook shows as HTML and a script prints as text."""

    def __init__(self, markup: str, text: str = ""):
        self.markup = markup
        self.text = text

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text or re.sub(r"<[^>]+>", " ", self.markup)

    def __str__(self) -> str:
        return self.markup


def table(
    df: pd.DataFrame,
    caption: str = "",
    settings: Settings | None = None,
    max_rows: int | None = None,
    columns: list[str] | None = None,
) -> Html:
    """A DataFrame as an escaped HTML table with Vietnamese headers; a note when rows are cut or there are none."""
    shown = df[[c for c in columns if c in df.columns]] if columns else df
    head = f"<h4 class='cchc-caption'>{html.escape(caption)}</h4>" if caption else ""
    if shown.empty:
        return Html(f"{head}<p class='cchc-empty'>Không có dữ liệu.</p>", f"{caption}: không có dữ liệu")
    total = len(shown)
    if max_rows is not None and total > max_rows:
        shown = shown.head(max_rows)
    readable = readable_frame(shown, settings)
    body = table_markup(shown, readable)
    note = ""
    if len(shown) < total:
        note = f"<p class='cchc-note'>Hiển thị {fmt_number(len(shown))}/{fmt_number(total)} dòng.</p>"
    # in print a short table stays on one page with its caption; a long one goes on over the page between rows
    keep = " cchc-keep" if len(shown) <= KEEP_WHOLE_ROWS else ""
    return Html(f"<div class='cchc-block{keep}'>{head}{body}{note}</div>", readable.to_string(index=False))


def record(df: pd.DataFrame, caption: str = "", settings: Settings | None = None) -> Html:
    """The first row of a frame as a two-column table (header → value): one unit's card fits a printed page."""
    if df.empty:
        return table(df, caption, settings)
    readable = readable_frame(df.head(1), settings)
    return key_figures(dict(zip(readable.columns, readable.iloc[0])), caption)


def key_figures(figures: dict, caption: str = "") -> Html:
    """Named figures (label → already formatted text) as a two-column table."""
    frame = pd.DataFrame({"figure": list(figures.keys()), "value": [str(v) for v in figures.values()]})
    return table(frame, caption)


def paragraph(text: str) -> Html:
    """Plain text (it may hold names from the input) as an escaped paragraph."""
    return Html(f"<p class='cchc-text'>{html.escape(str(text))}</p>", str(text))


def paragraphs(texts, css: str = "cchc-text") -> Html:
    """Sentences, one escaped paragraph each (page one, the assessment, the proposals)."""
    texts = [str(t) for t in texts]
    return Html("".join(f"<p class='{css}'>{html.escape(t)}</p>" for t in texts), "\n".join(texts))


def tables_by_group(parts, caption: str, settings: Settings | None = None) -> Html:
    """(group, frame) pairs as one table each, captioned "caption — group"."""
    return stack(table(frame, f"{caption} — {group}", settings) for group, frame in parts)


def note(text: str) -> Html:
    """A rule or source printed under a table, in small italics."""
    return Html(f"<p class='cchc-note'>{html.escape(str(text))}</p>", str(text))


def stack(parts) -> Html:
    """Several fragments as one output (a cell shows only its last value)."""
    parts = list(parts)
    return Html("".join(str(p) for p in parts), "\n".join(repr(p) for p in parts))


def heading(text: str, level: int = 3, anchor: str | None = None) -> Html:
    ident = f" id='{html.escape(anchor)}'" if anchor else ""
    return Html(f"<h{level}{ident} class='cchc-heading'>{html.escape(str(text))}</h{level}>", str(text))


def unit_sections(pages: list[dict], settings: Settings | None = None) -> Html:
    """A table of contents by khối (links), then one section per unit: card, return files, people not taking part."""
    toc, sections, group = [], [], None
    for page in pages:
        if page["group"] != group:
            group = page["group"]
            toc.append(f"</ol><h4 class='cchc-caption'>{html.escape(str(group or 'Chưa phân khối'))}</h4><ol>")
        toc.append(f"<li><a href='#{html.escape(page['anchor'])}'>{html.escape(str(page['title']))}</a>"
                   f" — {html.escape(str(page['grade']))}</li>")
        sections.append("<section class='cchc-unit'>" + str(heading(page["title"], 3, page["anchor"]))
                        + str(record(page["card"], "Kết quả của đơn vị", settings))
                        + str(table(page["returns"], "Các tệp báo cáo đơn vị đã gửi", settings))
                        + str(table(page["people"], "Người không tham gia theo báo cáo", settings)) + "</section>")
    contents = ""
    if len(pages) > 1:
        contents = ("<nav class='cchc-toc'><h3>Mục lục theo khối</h3><ol>" + "".join(toc) + "</ol></nav>"
                    ).replace("<ol></ol>", "")
    return Html(contents + "".join(sections), "\n".join(str(p["title"]) for p in pages))


def open_data(processed_dir: str | Path | None = None, config_path: str | Path | None = None) -> tuple[Settings, Tables]:
    """The settings and the processed tables a notebook works on (the config's processed folder by default)."""
    settings = load_settings(config_path)
    return settings, load_tables(Path(processed_dir) if processed_dir else settings.paths.processed)
