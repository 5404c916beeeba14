"""The administrative report (docx, Decree 30/2020/NĐ-CP layout) on the hand-built city of test_analysis:
read back with python-docx (fonts, sizes, margins, page-number field, the parts) and converted by LibreOffice."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from test_analysis import make_tables

from cchc_analysis.config import load_settings
from cchc_analysis.report.document import write_document

ENGLISH_OR_CODE = re.compile(r"\b(?:[a-z]+_[a-z_]+|late|return|missing|rejected|held|superseded|unit|rate|"
                             r"on_time|None|nan|NaN)\b")


@pytest.fixture(scope="module")
def settings():
    return load_settings()


@pytest.fixture(scope="module")
def written(settings, tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "bao_cao_ket_qua.docx"
    return write_document(make_tables(), settings, path, data_as_of=dt.date(2024, 12, 20), today=dt.date(2024, 12, 23))


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _runs(document):
    for paragraph in document.paragraphs:
        yield from paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs


def test_document_is_a4_with_decree_margins_and_landscape_annexes(written):
    document = Document(written)
    first = document.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert 20 <= round(first.top_margin.mm) <= 25 and 20 <= round(first.bottom_margin.mm) <= 25
    assert 30 <= round(first.left_margin.mm) <= 35 and 15 <= round(first.right_margin.mm) <= 20
    annexes = document.sections[1:]
    assert len(annexes) == 2
    assert all(s.orientation == WD_ORIENT.LANDSCAPE and round(s.page_width.mm) == 297 for s in annexes)


def test_every_run_is_times_new_roman_and_the_body_is_13_to_14_pt(written):
    document = Document(written)
    assert {run.font.name for run in _runs(document) if run.text.strip()} == {"Times New Roman"}
    body = []
    for paragraph in document.paragraphs:
        if paragraph.text.startswith("Phụ lục"):
            break
        body.extend(r for r in paragraph.runs if r.text.strip())
    assert body and all(13 <= r.font.size.pt <= 14 for r in body)


def test_page_numbers_are_a_centred_page_field_from_page_two(written):
    document = Document(written)
    first = document.sections[0]
    assert first.different_first_page_header_footer
    header = first.header
    assert "PAGE" in "".join(t.text for t in header._element.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instrText"))
    assert header.paragraphs[0].alignment == 1  # centred
    assert first.first_page_header.paragraphs[0].text == ""
    assert all(s.header.is_linked_to_previous for s in document.sections[1:])  # the annexes go on numbering


def test_document_has_the_parts_of_an_administrative_report(written):
    text = _all_text(Document(written))
    for part in ["UBND THÀNH PHỐ CHÍ LINH", "PHÒNG NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "/BC-PNV", "Chí Linh, ngày … tháng … năm 2024", "BÁO CÁO",
                 "Kết quả tham gia Cuộc thi trực tuyến về CCHC năm 2024", "Kính gửi: Ủy ban nhân dân thành phố.",
                 "Căn cứ Kế hoạch", "Thực hiện Công văn", "số liệu đến ngày 20/12/2024", "I. KẾT QUẢ THỰC HIỆN",
                 "II. ĐÁNH GIÁ CHUNG", "III. ĐỀ XUẤT, KIẾN NGHỊ", "Nơi nhận:", "- Lưu: VT, NV.", "Phụ lục 1",
                 "Kèm theo Báo cáo số", "theo đề xuất của Phòng Nội vụ, cchc.toml"]:
        assert part in text, part


def test_the_figures_are_the_analysis_ones_and_no_valid_return_is_not_zero(written):
    document = Document(written)
    text = _all_text(document)
    # 94 reported participants of 160 staff (test_analysis): 58,75%; D has no return, E a rejected one
    assert "tỷ lệ tham gia 58,75%" in text
    rows = {row.cells[1].text: [c.text for c in row.cells] for t in document.tables for row in t.rows
            if len(row.cells) > 8}
    assert rows["Xã D"][4] == "—" and rows["Xã D"][7] == "Chưa gửi"
    assert rows["Trường E"][4] == "—" and rows["Trường E"][7] == "Không hợp lệ"
    assert re.findall(r"(?<![\d,])0,00%", text) == []


def test_annex_groups_units_by_khoi_with_subtotals_stt_and_repeated_header(written):
    document = Document(written)
    annex = next(t for t in document.tables if t.rows[0].cells[0].text == "STT" and len(t.columns) == 9)
    assert annex.rows[0]._tr.trPr.xpath("./w:tblHeader")
    labels = [row.cells[1].text for row in annex.rows]
    assert labels[1] == "I. Phòng"  # the group row spans the table
    assert "Cộng Phòng" in labels and "Cộng Xã" in labels and labels[-1] == "Tổng cộng toàn thành phố"
    sub = next(row for row in annex.rows if row.cells[1].text == "Cộng Phòng")
    assert [c.text for c in sub.cells[2:5]] == ["30", "28", "93,33%"]  # A 10/10 + B 18/20
    numbers = [row.cells[0].text for row in annex.rows if row.cells[0].text.isdigit()]
    assert numbers == [str(i) for i in range(1, 10)]


def test_no_english_word_or_code_name_in_the_document(written):
    text = _all_text(Document(written))
    assert ENGLISH_OR_CODE.findall(text) == []


def test_bodies_and_signer_are_settings_and_the_signer_is_blank_by_default(settings, tmp_path):
    assert settings.document.get("signer_name", "") == ""
    other = settings.with_overrides(document={
        **settings.document, "parent_body": "UBND huyện Nam Sách", "issuing_body": "Văn phòng HĐND và UBND",
        "symbol": "BC-VP", "number": "15", "signer_title": "Chánh Văn phòng", "signer_name": "Nguyễn Văn Bình"})
    text = _all_text(Document(write_document(make_tables(), other, tmp_path / "x.docx")))
    for part in ["UBND HUYỆN NAM SÁCH", "VĂN PHÒNG HĐND VÀ UBND", "Số: 15/BC-VP", "Chánh Văn phòng",
                 "Nguyễn Văn Bình"]:
        assert part in text
    assert "PHÒNG NỘI VỤ" not in text


@pytest.mark.slow
def test_document_converts_to_pdf_with_libreoffice(written, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer")
    profile = (tmp_path / "profile").as_uri()  # its own profile: runs beside another LibreOffice
    result = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(tmp_path), str(written)], capture_output=True, timeout=240)
    pdf = tmp_path / "bao_cao_ket_qua.pdf"
    assert pdf.is_file(), result.stderr.decode(errors="replace")
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-"
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    sizes = {(round(float(w)), round(float(h))) for w, h in boxes}
    assert (595, 842) in sizes and (842, 595) in sizes  # portrait body, landscape annexes
