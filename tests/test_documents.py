"""Returns that arrive as documents: text PDF, scans and photos (OCR), .doc/.odt (LibreOffice), .ods.

Every test makes its own files: PDFs drawn with matplotlib (a real text layer and ruled lines), scans drawn with
Pillow the way the sample draws them, .doc/.odt/.ods converted by LibreOffice from files python-docx/openpyxl
write. Tests that need Tesseract or LibreOffice skip, saying how to install them, where those are absent.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from pathlib import Path

import pytest

from cchc_analysis.config import load_settings
from cchc_analysis.issues import IssueLog
from cchc_analysis.layout import read_return
from cchc_analysis.readers import ReadError, check_file, list_input_files, read_grids, review_ocr_cells
from cchc_analysis.readers.base import Grid
from cchc_analysis.readers.convert import libreoffice, run_killable
from cchc_analysis.readers.ocr import ocr_available

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = load_settings(ROOT / "cchc.toml")
NO_OCR = ocr_available()
NO_LIBREOFFICE = None if libreoffice() else "LibreOffice missing: sudo apt-get install libreoffice-writer-nogui"
needs_ocr = pytest.mark.skipif(NO_OCR is not None, reason=f"OCR test skipped: {NO_OCR}")
needs_libreoffice = pytest.mark.skipif(NO_LIBREOFFICE is not None, reason=str(NO_LIBREOFFICE))
PEOPLE = [("Vũ Đức Hiếu", "Giáo viên", "Nghỉ phép"), ("Bùi Minh Anh", "Kế toán", "Ốm đau"),
          ("Đỗ Thị Hoa", "Giáo viên", "Nghỉ sinh con")]


@pytest.fixture(autouse=True)
def own_ocr_cache(tmp_path, monkeypatch):
    """Pages read by OCR are cached; each test starts with an empty cache of its own."""
    monkeypatch.setenv("CCHC_OCR_CACHE", str(tmp_path / "ocr_cache"))


def read(path, limits=SETTINGS.limits):
    log = IssueLog()
    return read_grids(path, limits, log, Path(path).name), log


def read_error(path, limits=SETTINGS.limits) -> ReadError:
    with pytest.raises(ReadError) as info:
        read_grids(path, limits, IssueLog(), Path(path).name)
    return info.value


def people_of(layout) -> list[tuple[str, str, str]]:
    return list(zip(layout.people["full_name"], layout.people["position"], layout.people["reason"]))


# ----------------------------------------------------------------------------- drawing files

def text_pdf(path: Path, pages: list[list[tuple]]) -> Path:
    """A PDF with a real text layer: items ('text', top_in, left_in, text) or ('table', top_in, rows, widths_in)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    width, height = 8.27, 11.69
    with plt.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Serif"}), PdfPages(path) as pdf:
        for items in pages:
            fig = plt.figure(figsize=(width, height))
            for item in items:
                if item[0] == "stamp":  # a red round seal: an image over the signature, as signed papers have
                    import numpy as np

                    _, top, left = item
                    yy, xx = np.mgrid[-60:60, -60:60]
                    ring = (np.hypot(yy, xx) < 58) & (np.hypot(yy, xx) > 48)
                    rgba = np.zeros((120, 120, 4))
                    rgba[ring] = (0.8, 0.1, 0.1, 0.8)
                    fig.figimage(rgba, xo=int(left * fig.dpi), yo=int((height - top) * fig.dpi) - 120, zorder=5)
                    continue
                if item[0] == "text":
                    _, top, left, text = item
                    fig.text(left / width, 1 - top / height, text, fontsize=11, va="top")
                    continue
                _, top, rows, widths = item
                xs = [1.0]
                for w in widths:
                    xs.append(xs[-1] + w)
                for r, row in enumerate(rows):
                    for c, value in enumerate(row):
                        fig.text((xs[c] + 0.06) / width, 1 - (top + r * 0.3 + 0.07) / height, value, fontsize=11,
                                 va="top")
                for r in range(len(rows) + 1):
                    y = 1 - (top + r * 0.3) / height
                    fig.add_artist(plt.Line2D([xs[0] / width, xs[-1] / width], [y, y], color="k", lw=0.8))
                for x in xs:
                    fig.add_artist(plt.Line2D([x / width] * 2, [1 - top / height, 1 - (top + len(rows) * 0.3) / height],
                                              color="k", lw=0.8))
            pdf.savefig(fig)
            plt.close(fig)
    return path


HEADER = ["STT", "Họ và tên", "Chức vụ", "Lý do"]
WIDTHS = [0.6, 2.0, 1.6, 1.8]


def two_page_return(path: Path) -> Path:
    """A signed-looking return over two pages: the people table runs on, its header repeated, page numbers below."""
    return text_pdf(path, [
        [("text", 1.0, 1.0, "UBND THÀNH PHỐ CHÍ LINH"), ("text", 1.0, 4.6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
         ("text", 1.25, 1.0, "TRƯỜNG TIỂU HỌC VĂN ĐỨC"), ("text", 1.6, 4.6, "Chí Linh, ngày 16 tháng 12 năm 2024"),
         ("table", 2.2, [["Nội dung", "Số liệu"], ["Tổng số CBCCVC", "30"], ["Số CBCCVC tham gia", "27"]],
          [3.0, 3.0]),
         ("text", 3.6, 1.0, "DANH SÁCH CBCCVC KHÔNG THAM GIA"),
         ("table", 4.0, [HEADER, ["1", *PEOPLE[0]]], WIDTHS),
         ("text", 11.2, 4.0, "Trang 1/2")],
        [("table", 1.0, [HEADER, ["2", *PEOPLE[1]], ["3", *PEOPLE[2]]], WIDTHS),
         ("text", 2.3, 4.6, "HIỆU TRƯỞNG"), ("text", 2.6, 4.6, "(Đã ký)"), ("text", 3.4, 4.6, "Đỗ Thùy Nga"),
         ("stamp", 2.4, 4.3),
         ("text", 11.2, 4.0, "Trang 2/2")],
    ])


def return_doc(people: int = 3, total: int = 30):
    from cchc_analysis.sample.people import person_name
    from cchc_analysis.sample.returns import Person, ReturnDoc
    from cchc_analysis.sample.units import Unit

    rng = random.Random(4)
    unit = Unit("TH_VANDUC", "Trường Tiểu học Văn Đức", "Tiểu học", "tieu_hoc", total, [], "Văn Đức")
    listed = [Person(*PEOPLE[i % 3], reason_category="") for i in range(people)]
    return ReturnDoc(unit=unit, layout="scan_jpg", file_name="scan.jpg", report_date=dt.date(2024, 12, 16),
                     total=total, participants=total - people, people=listed, signer=person_name(rng),
                     maker=person_name(rng), doc_number=85, saved_at=dt.datetime(2024, 12, 16, 9, 0))


def docx_return(path: Path) -> Path:
    from cchc_analysis.sample.returns import write_docx_prose

    write_docx_prose(return_doc(), path)
    return path


def convert(path: Path, target: str, out: Path) -> Path:
    from cchc_analysis.readers.convert import convert as lo_convert

    return lo_convert(path, target, out, 120)


# ----------------------------------------------------------------------------- listing and guards

def test_documents_and_images_are_listed_as_returns_and_a_pptx_is_not(tmp_path):
    for name in ("a.pdf", "b.JPG", "c.jpeg", "d.png", "e.tif", "f.doc", "g.odt", "h.ods", "i.pptx"):
        (tmp_path / name).write_bytes(b"x")
    files, skipped = list_input_files(tmp_path)
    assert [p.name for p in files] == ["a.pdf", "b.JPG", "c.jpeg", "d.png", "e.tif", "f.doc", "g.odt", "h.ods"]
    assert [(s.source_file, s.code) for s in skipped] == [("i.pptx", "unsupported_format")]


def test_text_named_pdf_is_misnamed(tmp_path):
    path = tmp_path / "bao_cao.pdf"
    path.write_text("Tổng số CBCCVC: 30", encoding="utf-8")
    assert read_error(path).code == "file_misnamed"


def test_cut_off_pdf_is_one_clear_error(tmp_path):
    whole = two_page_return(tmp_path / "whole.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[:300])
    error = read_error(cut)
    assert error.code in ("file_truncated", "no_data", "file_unreadable")
    assert "PDF" in error.message


def _encrypted_pdf(path: Path) -> Path:
    """A one-page PDF whose Standard security handler asks for a password the kit does not have."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
               b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -44 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, b"ab" * 16, b"ab" * 16, xref))
    path.write_bytes(bytes(out))
    return path


def test_password_protected_pdf_is_file_encrypted(tmp_path):
    error = read_error(_encrypted_pdf(tmp_path / "mat_khau.pdf"))
    assert error.code == "file_encrypted"
    assert "mật khẩu" in error.message


def test_pdf_over_the_page_cap_is_refused_before_reading(tmp_path):
    path = two_page_return(tmp_path / "hai_trang.pdf")
    error = read_error(path, replace(SETTINGS.limits, max_pdf_pages=1))
    assert error.code == "file_too_large"
    assert "2 trang" in error.message


def test_image_over_the_pixel_cap_is_refused(tmp_path):
    from PIL import Image

    path = tmp_path / "anh.png"
    Image.new("L", (1000, 1000), 255).save(path)
    assert check_file(path, SETTINGS.limits) == "image"
    assert read_error(path, replace(SETTINGS.limits, max_image_megapixels=0.5)).code == "file_too_large"


def test_pdf_named_jpg_is_misnamed_and_says_so(tmp_path):
    path = tmp_path / "anh.jpg"
    path.write_bytes(two_page_return(tmp_path / "x.pdf").read_bytes())
    error = read_error(path)
    assert error.code == "file_misnamed" and "PDF" in error.message


# ----------------------------------------------------------------------------- text PDF

def test_text_pdf_reads_into_the_grid_layout_reads(tmp_path):
    grids, _ = read(two_page_return(tmp_path / "bao_cao.pdf"))
    grid = grids[0]
    assert grid.sheet == "document" and grid.confidence is None
    assert ["UBND THÀNH PHỐ CHÍ LINH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"] == [c for c in grid.rows[0] if c]
    assert ["Tổng số CBCCVC", "30"] == [c for c in grid.rows[4] if c]
    layout = read_return(grids, SETTINGS)
    assert layout.count("total_staff") == 30 and layout.count("participants") == 27
    assert layout.report_date == dt.date(2024, 12, 16)


def test_table_split_over_two_pages_is_one_table_with_its_header_once(tmp_path):
    grids, _ = read(two_page_return(tmp_path / "bao_cao.pdf"))
    grid = grids[0]
    texts = [" ".join(str(c) for c in row if c) for row in grid.rows]
    assert texts.count("STT Họ và tên Chức vụ Lý do") == 1
    assert not any(t.startswith("Trang ") for t in texts)  # page numbers do not cut the table
    assert people_of(read_return(grids, SETTINGS)) == PEOPLE
    # each row knows its page: the last two people are on page 2
    rows = {row[1]: page for row, page in zip(grid.rows, grid.pages) if row[0] in ("1", "2", "3")}
    assert rows == {"Vũ Đức Hiếu": 1, "Bùi Minh Anh": 2, "Đỗ Thị Hoa": 2}


def test_signature_and_stamp_after_the_table_do_not_stop_the_body(tmp_path):
    import pdfplumber

    path = two_page_return(tmp_path / "bao_cao.pdf")
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages[1].images) == 1  # the seal is there, over the signature
    grids, _ = read(path)
    texts = [c for row in grids[0].rows for c in row if c]
    assert texts[-3:] == ["HIỆU TRƯỞNG", "(Đã ký)", "Đỗ Thùy Nga"]


@needs_libreoffice
def test_word_exported_pdf_reads_like_its_docx(tmp_path):
    source = docx_return(tmp_path / "bao_cao.docx")
    pdf = convert(source, "pdf", tmp_path / "out")
    from_docx = read_return(read(source)[0], SETTINGS)
    from_pdf = read_return(read(pdf)[0], SETTINGS)
    assert from_pdf.count("total_staff") == from_docx.count("total_staff") == 30
    assert from_pdf.count("participants") == from_docx.count("participants") == 27
    assert from_pdf.report_date == from_docx.report_date == dt.date(2024, 12, 16)
    assert people_of(from_pdf) == people_of(from_docx) == PEOPLE


# ----------------------------------------------------------------------------- .doc, .odt, .ods

@needs_libreoffice
def test_word_97_doc_and_odt_read_like_the_docx_and_leave_the_folder_alone(tmp_path):
    source = docx_return(tmp_path / "src" / "bao_cao.docx")
    raw = tmp_path / "raw"
    raw.mkdir()
    for target in ("doc", "odt"):
        made = convert(source, target, raw)
        before = sorted(p.name for p in raw.iterdir())
        layout = read_return(read(made)[0], SETTINGS)
        assert (layout.count("total_staff"), layout.count("participants")) == (30, 27), target
        assert people_of(layout) == PEOPLE, target
        assert sorted(p.name for p in raw.iterdir()) == before  # nothing written beside the original


@needs_libreoffice
def test_ods_reads_its_cells_like_an_xlsx(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["Đơn vị báo cáo", "Trường Tiểu học Văn Đức"], ["Tổng số CBCCVC", 30], ["Số CBCCVC tham gia", 27]):
        ws.append(row)
    wb.save(tmp_path / "bao_cao.xlsx")
    ods = convert(tmp_path / "bao_cao.xlsx", "ods", tmp_path / "raw")
    assert check_file(ods, SETTINGS.limits) == "ods"
    grids, _ = read(ods)
    assert grids[0].rows[1][:2] == ["Tổng số CBCCVC", 30]


def test_doc_that_is_really_a_docx_is_read_as_docx(tmp_path):
    source = docx_return(tmp_path / "bao_cao.docx")
    renamed = tmp_path / "bao_cao.doc"
    renamed.write_bytes(source.read_bytes())
    assert check_file(renamed, SETTINGS.limits) == "docx"


def test_without_libreoffice_a_doc_is_an_issue_saying_how_to_install(tmp_path, monkeypatch):
    from cchc_analysis.readers import convert as convert_module

    path = tmp_path / "cu.doc"
    path.write_bytes(b"{\\rtf1\\ansi Tong so CBCCVC: 30}")
    monkeypatch.setattr(convert_module, "libreoffice", lambda: None)
    error = read_error(path)
    assert error.code == "tool_missing" and "apt-get install libreoffice" in error.message


def test_a_converter_past_its_time_limit_is_stopped(tmp_path):
    started = dt.datetime.now()
    with pytest.raises(ReadError) as info:
        run_killable(["sleep", "20"], 0.5)
    assert info.value.code == "read_timeout"
    assert (dt.datetime.now() - started).total_seconds() < 10


# ----------------------------------------------------------------------------- scans: image work without Tesseract

def _ruled_page(angle: float):
    import numpy as np
    from PIL import Image, ImageDraw

    image = Image.new("L", (1600, 1400), 255)
    draw = ImageDraw.Draw(image)
    for y in (300, 360, 420, 480):
        draw.line([(200, y), (1400, y)], fill=0, width=3)
    for x in (200, 500, 1400):
        draw.line([(x, 300), (x, 480)], fill=0, width=3)
    draw.line([(500, 300), (500, 480)], fill=0, width=3)
    for y in range(600, 1200, 60):
        draw.rectangle([200, y, 1300, y + 18], fill=0)  # lines of "text"
    turned = image.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    return np.asarray(turned)


def test_deskew_finds_the_angle_a_page_was_turned_by():
    from cchc_analysis.readers.ocr import ink_mask, skew_angle

    for angle in (2.5, -1.5):
        grey = _ruled_page(angle)
        found = skew_angle(ink_mask(grey))
        assert abs(found + angle) < 0.3, (angle, found)


def test_table_is_found_by_its_ruling_lines():
    from cchc_analysis.readers.ocr import find_tables, ink_mask

    grey = _ruled_page(0)
    tables, _ = find_tables(ink_mask(grey), dpi=200)
    assert len(tables) == 1
    assert len(tables[0].rows) == 3 and tables[0].columns == 2


def test_low_confidence_cells_the_return_uses_raise_review_issues_naming_page_and_row():
    grid = Grid("document", rows=[["Tổng số CBCCVC", "30"], ["Số CBCCVC tham gia", "27"], ["Ghi chú", "xyz"]],
                row_numbers=[1, 2, 3], pages=[1, 1, 2],
                confidence=[[95.0, 96.0], [94.0, 41.0], [30.0, 20.0]])
    layout = read_return([grid], SETTINGS)
    log = IssueLog()
    assert review_ocr_cells([grid], layout, log, "scan.jpg", SETTINGS.limits) == 1
    issue = log.rows[0]
    assert issue["code"] == "review_ocr_value" and issue["severity"] == "warning"
    assert issue["sheet"] == "trang 1" and issue["row"] == 2 and "'27'" in issue["message"]


def test_ocr_figures_that_do_not_add_up_raise_a_review_issue_and_are_not_changed():
    grid = Grid("document", rows=[["Tổng số CBCCVC", "30"], ["Số CBCCVC tham gia", "27"],
                                  ["Số không tham gia", "8"]],
                row_numbers=[1, 2, 3], pages=[1, 1, 1], confidence=[[95.0, 96.0]] * 3)
    layout = read_return([grid], SETTINGS)
    log = IssueLog()
    review_ocr_cells([grid], layout, log, "scan.jpg", SETTINGS.limits)
    messages = [r["message"] for r in log.rows]
    assert len(messages) == 1 and "27" in messages[0] and "8" in messages[0] and "30" in messages[0]
    assert layout.count("total_staff") == 30 and layout.count("participants") == 27


def test_spreadsheet_grids_never_raise_ocr_reviews():
    grid = Grid("Sheet1", rows=[["Tổng số CBCCVC", 30], ["Số CBCCVC tham gia", 27]], row_numbers=[1, 2])
    log = IssueLog()
    assert review_ocr_cells([grid], read_return([grid], SETTINGS), log, "a.xlsx", SETTINGS.limits) == 0


def test_without_tesseract_a_scan_is_an_issue_saying_how_to_install(tmp_path, monkeypatch):
    from PIL import Image

    from cchc_analysis.readers import ocr

    path = tmp_path / "scan.png"
    Image.new("L", (800, 1000), 255).save(path)
    monkeypatch.setattr(ocr, "ocr_available", lambda: "Tesseract chưa được cài: apt-get install tesseract-ocr "
                                                        "tesseract-ocr-vie")
    error = read_error(path)
    assert error.code == "tool_missing"
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in error.message


# ----------------------------------------------------------------------------- scans through Tesseract (slow-ish)

@needs_ocr
def test_scan_like_photo_at_200_dpi_reads_its_figures_and_people(tmp_path):
    from cchc_analysis.sample.documents import write_scan

    doc = return_doc(people=3, total=30)
    path = write_scan(doc, tmp_path / "anh_chup.jpg", random.Random(1), dpi=200, angle=2.2)
    grids, log = read(path)
    grid = grids[0]
    assert grid.confidence is not None and set(grid.pages) == {1}
    layout = read_return(grids, SETTINGS)
    assert (layout.count("total_staff"), layout.count("participants")) == (30, 27)
    assert layout.report_date == dt.date(2024, 12, 16)
    names = list(layout.people["full_name"])
    issues = IssueLog()
    review_ocr_cells(grids, layout, issues, path.name, SETTINGS.limits)
    flagged_rows = {r["row"] for r in issues.rows}
    # every person is found; a name read wrong must be on a flagged row
    assert len(names) == 3
    for (want, *_), got, row in zip(PEOPLE, names, layout.people["source_row"]):
        assert got == want or int(row) in flagged_rows, (want, got)


@needs_ocr
def test_scanned_pdf_page_without_text_goes_through_ocr(tmp_path):
    from cchc_analysis.sample.documents import write_scanned_pdf

    doc = return_doc(people=1, total=12)
    path = write_scanned_pdf(doc, tmp_path / "ban_quet.pdf", random.Random(2), dpi=300)
    grids, _ = read(path)
    assert grids[0].confidence is not None and grids[0].pages[0] == 1
    layout = read_return(grids, SETTINGS)
    assert (layout.count("total_staff"), layout.count("participants")) == (12, 11)
    assert len(layout.people) == 1


def test_review_rows_key_the_cell_and_an_analyst_correction_is_read_on_the_next_run():
    from cchc_analysis.readers.ocr import apply_corrections, review_rows

    def grid():
        return Grid("document", rows=[["Tổng số CBCCVC", "30"], ["Số CBCCVC tham gia", "21"]],
                    row_numbers=[1, 2], pages=[1, 1], confidence=[[95.0, 96.0], [94.0, 35.0]])

    first = grid()
    rows = review_rows([first], read_return([first], SETTINGS), "scan.jpg", SETTINGS.limits)
    assert [(r["page"], r["field"], r["row"], r["value"]) for r in rows] == [(1, "participants/c2", 2, "21")]
    again = grid()
    applied = apply_corrections([again], [{**rows[0], "corrected_value": "27"}])
    assert applied == 1
    layout = read_return([again], SETTINGS)
    assert layout.count("participants") == 27
    assert review_rows([again], layout, "scan.jpg", SETTINGS.limits) == []


def test_a_scan_read_once_is_not_read_again_while_file_and_code_are_the_same(tmp_path, monkeypatch):
    from PIL import Image

    from cchc_analysis.readers import ocr
    from cchc_analysis.readers.pdf import Row

    calls = []

    def fake_page(image, page_no, limits, dpi=None):
        calls.append(page_no)
        return [Row(["Tổng số CBCCVC", "30"], page_no, [90.0, 91.0], (page_no, 0), 10)]

    monkeypatch.setattr(ocr, "require_tesseract", lambda: "tesseract")
    monkeypatch.setattr(ocr, "ocr_page", fake_page)
    path = tmp_path / "scan.png"
    Image.new("L", (400, 500), 255).save(path)
    first, _ = read(path)
    second, _ = read(path)
    assert calls == [1]
    assert second[0].rows == first[0].rows == [["Tổng số CBCCVC", "30"]]
    assert second[0].confidence == [[90.0, 91.0]]
    Image.new("L", (400, 500), 250).save(path)  # another file under the same name is read
    read(path)
    assert calls == [1, 1]


def test_each_frame_of_a_multi_page_tiff_is_a_page_of_its_own(tmp_path, monkeypatch):
    from PIL import Image

    from cchc_analysis.readers import ocr
    from cchc_analysis.readers.pdf import Row

    def fake_page(image, page_no, limits, dpi=None):
        return [Row([f"dòng trang {page_no}"], page_no, [95.0], None, 5)]

    monkeypatch.setattr(ocr, "require_tesseract", lambda: "tesseract")
    monkeypatch.setattr(ocr, "ocr_page", fake_page)
    path = tmp_path / "ban_quet.tif"
    frames = [Image.new("L", (300, 400), shade) for shade in (255, 250, 245)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    grids, _ = read(path)
    assert grids[0].rows == [["dòng trang 1"], ["dòng trang 2"], ["dòng trang 3"]]
    assert grids[0].pages == [1, 2, 3]


def test_a_running_header_on_every_page_is_read_once_and_does_not_cut_the_table(tmp_path):
    header = ("text", 0.5, 1.0, "Trường Tiểu học Văn Đức - Báo cáo kết quả Cuộc thi CCHC")
    path = text_pdf(tmp_path / "dau_trang.pdf", [
        [header, ("text", 1.6, 1.0, "Tổng số CBCCVC: 30"), ("text", 1.9, 1.0, "Số CBCCVC tham gia: 27"),
         ("table", 3.0, [HEADER, ["1", *PEOPLE[0]]], WIDTHS)],
        [header, ("table", 1.2, [HEADER, ["2", *PEOPLE[1]], ["3", *PEOPLE[2]]], WIDTHS)],
    ])
    grids, _ = read(path)
    texts = [" ".join(str(c) for c in row if c) for row in grids[0].rows]
    assert texts.count(header[3]) == 1
    assert texts.count("STT Họ và tên Chức vụ Lý do") == 1
    assert people_of(read_return(grids, SETTINGS)) == PEOPLE
