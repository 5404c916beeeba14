"""reports/bao_cao_ket_qua.docx: the leadership report as an administrative document (Decree 30/2020/NĐ-CP).

A4 portrait, Times New Roman, body 14 pt; margins top/bottom 20 mm, left 30 mm, right 15 mm; the people's
committee and the issuing body over the number, the national motto over the place and date; "BÁO CÁO" and its
subject; "Kính gửi"; the legal basis; I. results, II. Đánh giá chung, III. Đề xuất, kiến nghị; "Nơi nhận" and the
signer; page numbers centred at the top from page 2. The annexes are landscape sections: STT, units grouped by khối
with subtotals, header rows repeated on every page, "Kèm theo Báo cáo số …".

Every body, name, number and the signer come from cchc.toml [document]; the figures and sentences come from
`analysis` and `views`, the same ones the HTML reports print, so the office edits the text, not the arithmetic.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .. import analysis
from ..config import Settings
from ..fmt import fmt_date, fmt_number
from ..tables import Tables
from . import views

DOCUMENT_NAME = "bao_cao_ket_qua.docx"
FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
A4 = (Mm(210), Mm(297))
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
BLANK = "…"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def _doc_setting(settings: Settings, key: str, default=""):
    value = settings.document.get(key, default)
    return value if value is not None else default


def _number_text(settings: Settings) -> str:
    """"Số: 12/BC-PNV", or "Số:     /BC-PNV" with room to write the number."""
    number = str(_doc_setting(settings, "number", "")).strip() or "\u00a0" * 6
    symbol = str(_doc_setting(settings, "symbol", "BC")).strip() or "BC"
    return f"Số: {number}/{symbol}"


def _run(paragraph, text: str, size: float = BODY_PT, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    return run


def _paragraph(container, text: str = "", size: float = BODY_PT, bold: bool = False, italic: bool = False,
               align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, after: float = 6):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Mm(10)
    if text:
        _run(paragraph, text, size, bold, italic)
    return paragraph


def _set_base_style(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    style.paragraph_format.line_spacing = 1.15


def _page(section, landscape: bool = False) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    section.header_distance = Mm(10)


def _page_number_field(paragraph) -> None:
    """A PAGE field: Word and LibreOffice write the page's number there."""
    run = _run(paragraph, "", 13)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._element.append(element)


def _widths(table, widths) -> None:
    """Column widths on the grid and on every cell (Word reads the cells, LibreOffice the grid)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _cant_split(row) -> None:
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _cell_text(cell, text: str, size: float = TABLE_PT, bold: bool = False, italic: bool = False,
               align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    _run(paragraph, str(text), size, bold, italic)


def _letterhead(document, settings: Settings, today: dt.date) -> None:
    """Issuing body (under its people's committee) and number on the left; the motto, place and date on the right."""
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (Mm(72), Mm(93)))
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    parent = str(_doc_setting(settings, "parent_body", "")).upper() or BLANK
    body = str(_doc_setting(settings, "issuing_body", "")).upper() or BLANK
    _cell_text(left, parent, 13, align=center)
    _paragraph(left, body, 13, bold=True, align=center, after=0)
    _paragraph(left, "———", 13, align=center, after=0)
    _paragraph(left, _number_text(settings), 13, align=center, after=0)
    _cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True, align=center)
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True, align=center, after=0)
    _paragraph(right, "———————————", 13, align=center, after=0)
    place = str(_doc_setting(settings, "place", settings.contest.city)) or BLANK
    _paragraph(right, f"{place}, ngày {BLANK} tháng {BLANK} năm {today.year}", 14, italic=True, align=center, after=0)


def _subject(settings: Settings) -> str:
    title = str(settings.report.get("title", settings.contest.name))
    for prefix in ("Báo cáo ", "BÁO CÁO "):
        if title.startswith(prefix):
            title = title[len(prefix):]
    return title[:1].upper() + title[1:]


def _body_name(settings: Settings) -> str:
    """The issuing body as the text names it in a sentence ("Phòng Nội vụ")."""
    name = str(_doc_setting(settings, "issuing_body_name", "")).strip()
    if name:
        return name
    name = str(_doc_setting(settings, "issuing_body", "")).strip()
    return name[:1].upper() + name[1:].lower() if name else "Cơ quan tổng hợp"


def _body_table(document, frame: pd.DataFrame, headers: list[str], numeric: set[int], widths: list[float]) -> None:
    """A small bordered table in the body (13 pt), header repeated."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, (cell, text) in enumerate(zip(table.rows[0].cells, headers)):
        cell.width = Mm(widths[i])
        _cell_text(cell, text, 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_header(table.rows[0])
    for values in frame.itertuples(index=False):
        row = table.add_row()
        _cant_split(row)
        for i, (cell, value) in enumerate(zip(row.cells, values)):
            _cell_text(cell, value, 12, align=WD_ALIGN_PARAGRAPH.RIGHT if i in numeric else WD_ALIGN_PARAGRAPH.LEFT)
    _widths(table, [Mm(w) for w in widths])
    _paragraph(document, "", after=2)


def _results(document, tables: Tables, settings: Settings, as_of: dt.date) -> None:
    city = analysis.city_summary(tables, settings).iloc[0]
    _paragraph(document, "I. KẾT QUẢ THỰC HIỆN", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph(document, "1. Tình hình gửi báo cáo", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, indent=True)
    _paragraph(document, views.returns_sentence(tables, settings), indent=True)
    _paragraph(document, "2. Tỷ lệ tham gia", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, indent=True)
    _paragraph(document, views.city_headline(tables, settings), indent=True)
    _paragraph(document, views.rate_bases(tables, settings), indent=True, italic=True)
    _paragraph(document, views.shortfall_sentence(tables, settings), indent=True)
    groups = analysis.group_summary(tables, settings)
    rows = pd.DataFrame({
        "stt": [str(i) for i in range(1, len(groups) + 1)] + [""],
        "group": [*groups["group"].astype(str), "Toàn thành phố"],
        "units": [fmt_number(v) for v in [*groups["units"], city["units"]]],
        "staff": [fmt_number(v) for v in [*groups["staff"], city["staff"]]],
        "participants": [fmt_number(v) for v in [*groups["participants"], city["participants"]]],
        "rate": [views.rate_text(v) for v in [*groups["rate"], city["rate"]]],
        "platform": [views.rate_text(v) for v in [*groups["platform_rate"], city["platform_rate"]]],
    })
    _body_table(document, rows, ["STT", "Khối", "Số đơn vị", "Tổng số CBCCVC", "Số tham gia", "Tỷ lệ tham gia",
                                 "Tỷ lệ theo hệ thống thi"], {0, 2, 3, 4, 5, 6}, [10, 45, 17, 22, 20, 22, 24])
    page = views.page_one(tables, settings)
    _paragraph(document, "3. Đơn vị đạt 100% và đơn vị có tỷ lệ thấp nhất", bold=True,
               align=WD_ALIGN_PARAGRAPH.LEFT, indent=True)
    for sentence in page[3:5]:
        _paragraph(document, sentence, indent=True)
    _paragraph(document, "4. Xếp loại, khen thưởng và phê bình", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, indent=True)
    _paragraph(document, analysis.grading_scale(settings), indent=True)
    counts = views.grade_counts(tables, settings)
    _paragraph(document, "Kết quả xếp loại: " + "; ".join(
        f"{g} {fmt_number(n)} đơn vị" for g, n in zip(counts["grade"], counts["units"])) + " (Phụ lục 1).",
        indent=True)
    _paragraph(document, page[5], indent=True)
    _paragraph(document, analysis.commendation_note(tables, settings), indent=True, italic=True, size=13)
    _paragraph(document, page[6], indent=True)
    _paragraph(document, analysis.criticism_note(tables, settings), indent=True, italic=True, size=13)


def _signature(document, settings: Settings) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    table.autofit = False
    _widths(table, (Mm(85), Mm(80)))
    _cant_split(table.rows[0])  # the copies list and the signature stay on one page
    left, right = table.rows[0].cells
    _cell_text(left, "Nơi nhận:", 12, bold=True, italic=True)
    for line in _doc_setting(settings, "copies_to", []) or []:
        _paragraph(left, f"- {line}", 11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    center = WD_ALIGN_PARAGRAPH.CENTER
    authority = str(_doc_setting(settings, "signer_authority", "")).strip()
    title = str(_doc_setting(settings, "signer_title", "")).strip()
    _cell_text(right, authority or title or "", 14, bold=True, align=center)
    if authority and title:
        _paragraph(right, title, 14, bold=True, align=center, after=0)
    for _ in range(3):  # room for the signature and the seal
        _paragraph(right, "", 14, align=center, after=0)
    _paragraph(right, str(_doc_setting(settings, "signer_name", "")).strip(), 14, bold=True, align=center, after=0)


def _annex_heading(document, settings: Settings, number: int, title: str) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, f"Phụ lục {number}", bold=True, align=center, after=0)
    _paragraph(document, title.upper(), bold=True, align=center, after=0)
    body = _body_name(settings)
    _paragraph(document, f"(Kèm theo Báo cáo {_number_text(settings).replace('Số: ', 'số ')} ngày {BLANK} của {body})",
               italic=True, align=center, after=8)


def _annex_table(document, headers: list[str], widths: list[float], numeric: set[int]):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, (cell, text) in enumerate(zip(table.rows[0].cells, headers)):
        cell.width = Mm(widths[i])
        _cell_text(cell, text, TABLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_header(table.rows[0])

    def add(values, bold=False, merge_label=False):
        row = table.add_row()
        _cant_split(row)
        cells = row.cells
        if merge_label:
            merged = cells[0].merge(cells[len(headers) - 1])
            _cell_text(merged, values[0], TABLE_PT, bold=True)
            return row
        for i, (cell, value) in enumerate(zip(cells, values)):
            cell.width = Mm(widths[i])
            align = WD_ALIGN_PARAGRAPH.RIGHT if i in numeric else (
                WD_ALIGN_PARAGRAPH.CENTER if i == 0 else WD_ALIGN_PARAGRAPH.LEFT)
            _cell_text(cell, value, TABLE_PT, bold=bold, align=align)
        return row

    return table, add


def _close_table(table, widths) -> None:
    _widths(table, [Mm(w) for w in widths])


ANNEX_GRADES = ["STT", "Tên đơn vị", "Tổng số CBCCVC", "Số tham gia", "Tỷ lệ tham gia",
                "Tỷ lệ sau khi trừ vắng có lý do chính đáng", "Số người trên hệ thống thi", "Tình trạng báo cáo",
                "Xếp loại"]
ANNEX_GRADE_WIDTHS = [12, 58, 22, 17, 19, 27, 21, 32, 44]  # 252 mm: A4 landscape (297) less 30 + 15 mm margins


def _subtotal(part: pd.DataFrame) -> tuple[str, str, str, str, str]:
    staff = part["staff"].astype("float64").sum()
    participants = part["participants_reported"].astype("float64").fillna(0).sum()
    platform = part["participants_platform"].astype("float64").fillna(0).sum()
    deducted = part["justified_deducted"].astype("float64").fillna(0).sum()
    rate = participants / staff if staff else float("nan")
    adjusted = participants / (staff - deducted) if staff - deducted > 0 else float("nan")
    return (fmt_number(staff), fmt_number(participants), views.rate_text(rate), views.rate_text(adjusted),
            fmt_number(platform))


def _annex_grades(document, tables: Tables, settings: Settings) -> None:
    _annex_heading(document, settings, 1, "Kết quả tham gia và xếp loại các đơn vị")
    card = analysis.unit_scorecard(tables, settings)
    table, add = _annex_table(document, ANNEX_GRADES, ANNEX_GRADE_WIDTHS, {2, 3, 4, 5, 6})
    number = 0
    for index, (group, part) in enumerate(card.groupby("group", sort=False)):
        label = f"{ROMAN[index] if index < len(ROMAN) else index + 1}. {group or 'Chưa phân khối'}"
        add([label], merge_label=True)
        for row in part.sort_values("unit_name").itertuples(index=False):
            number += 1
            add([str(number), row.unit_name, fmt_number(row.staff), fmt_number(row.participants_reported) or "—",
                 views.rate_text(row.rate), views.rate_text(row.adjusted_rate), fmt_number(row.participants_platform),
                 row.return_status_label, row.grade])
        add(["", f"Cộng {group}", *_subtotal(part), "", ""], bold=True)
    add(["", "Tổng cộng toàn thành phố", *_subtotal(card), "", ""], bold=True)
    _close_table(table, ANNEX_GRADE_WIDTHS)
    _paragraph(document, "Tỷ lệ tham gia: số tham gia theo báo cáo hợp lệ / tổng số CBCCVC; đơn vị không gửi báo cáo "
               "hợp lệ không có tỷ lệ (—), tổng số CBCCVC của đơn vị đó vẫn tính vào tỷ lệ của khối và toàn thành phố.",
               12, italic=True, after=0)


ANNEX_VERDICTS = ["STT", "Tên đơn vị", "Khối", "Tỷ lệ tham gia", "Số người trên hệ thống thi", "Lý do, căn cứ"]
ANNEX_VERDICT_WIDTHS = [12, 60, 40, 22, 24, 94]


def _annex_verdicts(document, tables: Tables, settings: Settings) -> None:
    _annex_heading(document, settings, 2, "Danh sách đề nghị khen thưởng, phê bình và đơn vị cần xác minh")
    parts = [
        ("Đề nghị khen thưởng", analysis.commendation_proposals(tables, settings), "grade_reason"),
        ("Cần xác minh trước khi đề nghị khen thưởng", analysis.commendation_to_verify(tables, settings), "open_items"),
        ("Đề nghị phê bình, nhắc nhở", analysis.criticism_list(tables, settings), "grade_reason"),
        ("Cần xác minh trước khi kết luận phê bình", analysis.criticism_to_verify(tables, settings), "open_items"),
    ]
    table, add = _annex_table(document, ANNEX_VERDICTS, ANNEX_VERDICT_WIDTHS, {3, 4})
    index = 0
    for title, frame, why in parts:
        if frame.empty:
            continue
        add([f"{ROMAN[index]}. {title} ({fmt_number(len(frame))} đơn vị)"], merge_label=True)
        index += 1
        for number, row in enumerate(frame.itertuples(index=False), start=1):
            add([str(number), row.unit_name, row.group, views.rate_text(row.rate),
                 fmt_number(row.participants_platform), getattr(row, why)])
    _close_table(table, ANNEX_VERDICT_WIDTHS)
    _paragraph(document, analysis.commendation_note(tables, settings), 12, italic=True, after=0)
    _paragraph(document, analysis.criticism_note(tables, settings), 12, italic=True, after=0)


def write_document(tables: Tables, settings: Settings, path: str | Path, data_as_of: dt.date | None = None,
                   today: dt.date | None = None) -> Path:
    """The administrative report at path (docx)."""
    today = today or dt.date.today()
    as_of = data_as_of or today
    document = Document()
    _set_base_style(document)
    section = document.sections[0]
    _page(section)
    section.different_first_page_header_footer = True  # no number on page 1
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(header)

    _letterhead(document, settings, today)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, "", after=0)
    _paragraph(document, "BÁO CÁO", bold=True, align=center, after=0)
    _paragraph(document, _subject(settings), bold=True, align=center, after=0)
    _paragraph(document, "———————", align=center, after=6)
    recipient = str(_doc_setting(settings, "recipient", "")) or BLANK
    _paragraph(document, f"Kính gửi: {recipient}.", align=center, after=8)
    for line in _doc_setting(settings, "legal_basis", []) or []:
        _paragraph(document, line, indent=True, italic=True)
    _paragraph(document, f"{_body_name(settings)} báo cáo kết quả tham gia {settings.contest.name} của các cơ quan, "
               f"đơn vị trên địa bàn thành phố {settings.contest.city} (số liệu đến ngày {fmt_date(as_of)}) như sau:",
               indent=True)
    _results(document, tables, settings, as_of)
    _paragraph(document, "II. ĐÁNH GIÁ CHUNG", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for sentence in views.general_assessment(tables, settings):
        _paragraph(document, sentence, indent=True)
    _paragraph(document, "III. ĐỀ XUẤT, KIẾN NGHỊ", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for number, sentence in enumerate(views.recommendations(tables, settings), start=1):
        _paragraph(document, f"{number}. {sentence}", indent=True)
    closing = _paragraph(document, f"Trên đây là báo cáo kết quả tham gia Cuộc thi của {_body_name(settings)}, kính "
                         f"trình {recipient} xem xét, chỉ đạo./.", indent=True)
    closing.paragraph_format.keep_with_next = True
    _signature(document, settings)

    for annex in (_annex_grades, _annex_verdicts):
        section = document.add_section(WD_SECTION.NEW_PAGE)
        _page(section, landscape=True)
        section.different_first_page_header_footer = False
        section.header.is_linked_to_previous = True
        annex(document, tables, settings)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_without_font_hints(buffer.getvalue()))
    return path


# The template's font-matching hints (PANOSE numbers: "02020603050405020304") are long digit runs that the personal-
# data checks of the outputs cannot tell from an ID number; Word and LibreOffice pick the fonts by name without them.
PANOSE = re.compile(rb'<w:panose1 [^>]*/>|\spanose="[0-9A-Fa-f]*"')


def _without_font_hints(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            blob = source.read(item.filename)
            if item.filename.endswith(".xml"):
                blob = PANOSE.sub(b"", blob)
            target.writestr(item, blob)
    return out.getvalue()
