"""readers/: real small files of every kind → grids; every pre-parse guard on a real hostile file."""
from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from cchc_analysis.config import load_settings
from cchc_analysis.issues import IssueLog
from cchc_analysis.readers import ReadError, check_file, is_lock_file, list_input_files, read_grids

ROOT = Path(__file__).resolve().parents[1]


def read(path, limits, **kw):
    log = IssueLog()
    return read_grids(path, limits, log, Path(path).name, **kw), log


def read_error(path, limits) -> ReadError:
    with pytest.raises(ReadError) as info:
        read_grids(path, limits, IssueLog(), Path(path).name)
    return info.value


def non_empty(row):
    return [c for c in row if c is not None]


# ---------- xlsx ----------

def write_return_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    ws["A1"] = "Danh sách không tham gia"
    ws["A3"], ws["B3"], ws["C3"] = "STT", "Họ và tên", "Thông tin"
    ws["C4"], ws["D4"] = "Chức vụ", "Lý do"
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:D3")
    ws.append([1, "  Nguyễn  Văn An ", "Chuyên viên", "Thai sản"])
    ws.append([2.5, "Trần Thị Bình", dt.datetime(2024, 12, 16, 8, 30), dt.date(2024, 12, 17)])
    hidden = wb.create_sheet("Nháp")
    hidden["A1"] = "không đọc"
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path


def test_xlsx_two_row_merged_header_repeats_values(tmp_path, limits):
    grids, _ = read(write_return_xlsx(tmp_path / "r.xlsx"), limits)
    grid = grids[0]
    assert grid.sheet == "Báo cáo"
    assert grid.rows[2] == ["STT", "Họ và tên", "Thông tin", "Thông tin"]
    assert grid.rows[3] == ["STT", "Họ và tên", "Chức vụ", "Lý do"]
    assert grid.row_numbers == [1, 2, 3, 4, 5, 6]


def test_xlsx_cells_are_clean_text_numbers_and_datetimes(tmp_path, limits):
    grid = read(write_return_xlsx(tmp_path / "r.xlsx"), limits)[0][0]
    assert grid.rows[4] == [1, "Nguyễn Văn An", "Chuyên viên", "Thai sản"]
    assert type(grid.rows[4][0]) is int
    assert grid.rows[5] == [2.5, "Trần Thị Bình", dt.datetime(2024, 12, 16, 8, 30), dt.datetime(2024, 12, 17)]
    assert grid.rows[1] == [None, None, None, None]


def test_hidden_sheet_is_skipped_with_a_note(tmp_path, limits):
    grids, log = read(write_return_xlsx(tmp_path / "r.xlsx"), limits)
    assert [g.sheet for g in grids] == ["Báo cáo"]
    note = log.rows[0]
    assert (note["code"], note["severity"], note["sheet"], note["source_file"]) == (
        "sheet_hidden", "info", "Nháp", "r.xlsx")


def test_rows_beyond_the_limit_are_not_read_and_are_counted(tmp_path, limits):
    wb = openpyxl.Workbook()
    for i in range(1, 31):
        wb.active.append([i, f"Người {i}"])
    wb.save(tmp_path / "long.xlsx")
    grids, log = read(tmp_path / "long.xlsx", limits, max_rows=10)
    assert len(grids[0].rows) == 10
    assert grids[0].rows[-1] == [10, "Người 10"]
    assert [(r["code"], r["severity"], r["row"], r["rows_affected"]) for r in log.rows] == [
        ("rows_truncated", "warning", 11, 20)]


def test_row_limit_defaults_to_max_return_rows(tmp_path, limits):
    wb = openpyxl.Workbook()
    for i in range(1, 8):
        wb.active.append([i])
    wb.save(tmp_path / "long.xlsx")
    grids, log = read(tmp_path / "long.xlsx", replace(limits, max_return_rows=5))
    assert [r[0] for r in grids[0].rows] == [1, 2, 3, 4, 5]
    assert log.rows[0]["rows_affected"] == 2


def test_tcvn3_cell_in_vntime_font_comes_back_unicode(tmp_path, limits):
    pytest.importorskip("cchc_analysis.text")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Hä vµ tªn"
    ws["A1"].font = Font(name=".VnTime")
    ws["A2"] = "NguyÔn V¨n An"
    ws["A2"].font = Font(name=".VnTime")
    ws["A3"] = "Unicode sẵn"
    # "Tóc" is a word in Unicode too: only the cell's font says it is TCVN3 for "Túc"
    ws["A4"] = "Tóc"
    ws["A4"].font = Font(name=".VnTime")
    ws["A5"] = "Tóc"
    wb.save(tmp_path / "abc.xlsx")
    grid = read(tmp_path / "abc.xlsx", limits)[0][0]
    assert [r[0] for r in grid.rows] == ["Họ và tên", "Nguyễn Văn An", "Unicode sẵn", "Túc", "Tóc"]


def test_empty_workbook_is_no_data(tmp_path, limits):
    openpyxl.Workbook().save(tmp_path / "empty.xlsx")
    assert read_error(tmp_path / "empty.xlsx", limits).code == "no_data"


# ---------- xls ----------

def write_xls(path: Path) -> Path:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Danh sách")
    sheet.write_merge(0, 0, 0, 2, "BÁO CÁO KẾT QUẢ")
    sheet.write(2, 0, "Tổng số CBCCVC")
    sheet.write(2, 1, 45)
    sheet.write(3, 0, "Ngày báo cáo")
    sheet.write(3, 1, dt.datetime(2024, 12, 16), xlwt.easyxf(num_format_str="DD/MM/YYYY"))
    hidden = book.add_sheet("Ẩn")
    hidden.write(0, 0, "x")
    hidden.visibility = 1
    book.save(str(path))
    return path


def test_xls_is_read_with_merged_range_filled(tmp_path, limits):
    grids, log = read(write_xls(tmp_path / "old.xls"), limits)
    assert [g.sheet for g in grids] == ["Danh sách"]
    rows = grids[0].rows
    assert rows[0] == ["BÁO CÁO KẾT QUẢ"] * 3
    assert rows[2][:2] == ["Tổng số CBCCVC", 45]
    assert rows[3][:2] == ["Ngày báo cáo", dt.datetime(2024, 12, 16)]
    assert grids[0].row_numbers == [1, 2, 3, 4]
    assert log.codes() == ["sheet_hidden"]


def xlwt_sheet_with_vntime(path: Path) -> Path:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("S")
    vntime = xlwt.easyxf("font: name .VnTime")
    sheet.write(0, 0, "NguyÔn V¨n An", vntime)
    sheet.write(1, 0, "Tóc", vntime)  # only the font says this is TCVN3 for "Túc"
    sheet.write(2, 0, "Tóc")
    book.save(str(path))
    return path


def test_xls_cell_in_vntime_font_comes_back_unicode(tmp_path, limits):
    path = xlwt_sheet_with_vntime(tmp_path / "abc.xls")
    assert [r[0] for r in read(path, limits)[0][0].rows] == ["Nguyễn Văn An", "Túc", "Tóc"]


def test_old_xls_renamed_xlsx_is_read_as_xls(tmp_path, limits):
    path = shutil.copy(write_xls(tmp_path / "old.xls"), tmp_path / "renamed.xlsx")
    assert check_file(path, limits) == "xls"
    assert read(path, limits)[0][0].rows[2][:2] == ["Tổng số CBCCVC", 45]


# ---------- docx ----------

def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("UBND THÀNH PHỐ CHÍ LINH")
    document.add_paragraph("Số CBCCVC tham gia:   40  người")
    table = document.add_table(rows=3, cols=3)
    for r, values in enumerate([["STT", "Họ và tên", "Lý do"], ["1", "Lê Văn Cường", "Ốm"], ["2", "Phạm Thị Dung", ""]]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(2, 1).merge(table.cell(2, 2)).text = "Phạm Thị Dung đi học"
    inner = table.cell(1, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "dài"
    inner.cell(0, 1).text = "ngày"
    document.add_paragraph("")
    document.add_paragraph("Người lập biểu")
    document.save(path)
    return path


def test_docx_paragraphs_and_tables_in_document_order(tmp_path, limits):
    grids, log = read(write_docx(tmp_path / "r.docx"), limits)
    assert len(grids) == 1 and grids[0].sheet == "document"
    rows = grids[0].rows
    assert [non_empty(r) for r in rows] == [
        ["UBND THÀNH PHỐ CHÍ LINH"],
        ["Số CBCCVC tham gia: 40 người"],
        ["STT", "Họ và tên", "Lý do"],
        ["1", "Lê Văn Cường", "Ốm\ndài ngày"],  # a one-row table nested in the cell: one more line of it
        ["2", "Phạm Thị Dung đi học", "Phạm Thị Dung đi học"],
        [],
        ["Người lập biểu"],
    ]
    assert grids[0].row_numbers == [1, 2, 3, 4, 5, 6, 7]
    assert rows[0] == ["UBND THÀNH PHỐ CHÍ LINH", None, None]
    assert log.rows == []


def test_docx_vertical_merge_repeats_the_cell(tmp_path, limits):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Phòng Nội vụ"
    table.cell(0, 1).text = "a"
    table.cell(1, 1).text = "b"
    document.save(tmp_path / "v.docx")
    assert read(tmp_path / "v.docx", limits)[0][0].rows == [["Phòng Nội vụ", "a"], ["Phòng Nội vụ", "b"]]


def test_docx_run_in_vni_font_comes_back_unicode(tmp_path, limits):
    pytest.importorskip("cchc_analysis.text")
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Họ và tên: ")
    paragraph.add_run("Nguyeãn Vaên An").font.name = "VNI-Times"
    document.add_paragraph().add_run("Vaên phoøng").font.name = "VNI-Times"
    # "Cô" is a word in Unicode too: only the run's font says it is VNI for "Cơ"
    document.add_paragraph().add_run("Cô").font.name = "VNI-Times"
    document.add_paragraph().add_run("Cô")
    document.save(tmp_path / "vni.docx")
    rows = read(tmp_path / "vni.docx", limits)[0][0].rows
    assert [r[0] for r in rows] == ["Họ và tên: Nguyễn Văn An", "Văn phòng", "Cơ", "Cô"]


def test_docx_style_font_vntime_is_applied_to_its_runs(tmp_path, limits):
    pytest.importorskip("cchc_analysis.text")
    import docx

    document = docx.Document()
    document.styles["Normal"].font.name = ".VnTime"
    document.add_paragraph("Tóc")
    document.add_paragraph().add_run("Tóc").font.name = "Times New Roman"
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "NguyÔn V¨n Tóc"
    document.save(tmp_path / "abc.docx")
    assert read(tmp_path / "abc.docx", limits)[0][0].rows == [["Túc"], ["Tóc"], ["Nguyễn Văn Túc"]]


# ---------- csv / txt ----------

def test_csv_utf8_bom_comma(tmp_path, limits):
    path = tmp_path / "r.csv"
    path.write_bytes("Họ và tên,Chức vụ,Lý do\nNguyễn Văn An,Chuyên viên,\"Ốm, nằm viện\"\n".encode("utf-8-sig"))
    grid = read(path, limits)[0][0]
    assert grid.sheet == "r"
    assert grid.rows == [["Họ và tên", "Chức vụ", "Lý do"], ["Nguyễn Văn An", "Chuyên viên", "Ốm, nằm viện"]]
    assert grid.row_numbers == [1, 2]


def test_csv_cp1258_with_combining_tones_comes_back_nfc(tmp_path, limits):
    # Windows-1258 stores "ọ" as o + combining dot below: the grid must hold the single precomposed letters
    path = tmp_path / "r.csv"
    text = "Ho\u0323 va\u0300 tên;Ly\u0301 do\r\nNguyê\u0303n Văn An;Thai sa\u0309n\r\n"
    path.write_bytes(text.encode("cp1258"))
    rows = read(path, limits)[0][0].rows
    assert rows == [["Họ và tên", "Lý do"], ["Nguyễn Văn An", "Thai sản"]]


def test_semicolon_csv_with_title_line_keeps_numbers_as_text(tmp_path, limits):
    path = tmp_path / "r.csv"
    path.write_text("BÁO CÁO KẾT QUẢ\n\nĐơn vị;Tổng số;Tham gia\nPhòng Nội vụ;22 người;20\n", encoding="utf-8")
    grid = read(path, limits)[0][0]
    assert grid.rows == [["BÁO CÁO KẾT QUẢ", None, None], [None, None, None],
                         ["Đơn vị", "Tổng số", "Tham gia"], ["Phòng Nội vụ", "22 người", "20"]]
    assert grid.row_numbers == [1, 2, 3, 4]


def test_csv_row_numbers_follow_lines_across_quoted_line_breaks(tmp_path, limits):
    path = tmp_path / "r.csv"
    path.write_text('Tên\tGhi chú\n"An"\t"dòng 1\ndòng 2"\nBình\tx\n', encoding="utf-8")
    grid = read(path, limits)[0][0]
    # the line break inside the quoted cell is kept: two lines of one cell may be two people
    assert grid.rows == [["Tên", "Ghi chú"], ["An", "dòng 1\ndòng 2"], ["Bình", "x"]]
    assert grid.row_numbers == [1, 2, 4]


def test_txt_prose_is_one_line_per_row(tmp_path, limits):
    path = tmp_path / "bao_cao.txt"
    path.write_text("Đơn vị: Phòng Nội vụ\nSố đồng chí tham gia: 45 đồng chí, đạt 93,75%\n"
                    "Tổng số: 48, trong đó nữ 20, nam 28\n", encoding="utf-8")
    rows = read(path, limits)[0][0].rows
    assert rows == [["Đơn vị: Phòng Nội vụ"], ["Số đồng chí tham gia: 45 đồng chí, đạt 93,75%"],
                    ["Tổng số: 48, trong đó nữ 20, nam 28"]]


def test_pipe_delimited_txt_is_a_table(tmp_path, limits):
    path = tmp_path / "r.txt"
    path.write_text("STT|Họ và tên|Lý do\n1|An|Ốm\n2|Bình|Thai sản\n", encoding="utf-8")
    assert read(path, limits)[0][0].rows[2] == ["2", "Bình", "Thai sản"]


def test_csv_rows_beyond_the_limit_are_counted(tmp_path, limits):
    path = tmp_path / "r.csv"
    path.write_text("a,b\n" + "".join(f"{i},x\n" for i in range(9)), encoding="utf-8")
    grids, log = read(path, limits, max_rows=4)
    assert len(grids[0].rows) == 4
    assert (log.rows[0]["code"], log.rows[0]["rows_affected"], log.rows[0]["row"]) == ("rows_truncated", 6, 5)


def test_text_in_no_known_encoding_is_unknown_encoding(tmp_path, limits):
    path = tmp_path / "r.csv"
    # Chinese in GBK: neither UTF-8 nor a Vietnamese single-byte reading gives plausible text
    path.write_bytes("姓名,原因\n张三,生病\n李四,出差\n".encode("gbk"))
    assert read_error(path, limits).code == "unknown_encoding"


# ---------- folder listing ----------

def test_list_input_files_skips_lock_hidden_and_unsupported_files(tmp_path):
    for name in ["b.xlsx", "a.csv", "~$b.xlsx", ".DS_Store", "slides.pptx", "c.DOCX", "sub/d.xls", ".git/x.csv",
                 "Thumbs.db"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    files, skipped = list_input_files(tmp_path)
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.csv", "b.xlsx", "c.DOCX", "sub/d.xls"]
    assert sorted((s.source_file, s.code, s.severity) for s in skipped) == [
        (".DS_Store", "file_hidden", "info"), (".git/x.csv", "file_hidden", "info"),
        ("Thumbs.db", "file_hidden", "info"), ("slides.pptx", "unsupported_format", "warning"),
        ("~$b.xlsx", "lock_file", "info")]
    assert is_lock_file("~$Báo cáo.docx") and not is_lock_file("Báo cáo.docx")


# ---------- guards ----------

def test_zero_byte_file_is_file_empty(tmp_path, limits):
    (tmp_path / "r.xlsx").write_bytes(b"")
    assert read_error(tmp_path / "r.xlsx", limits).code == "file_empty"


def test_file_over_the_size_limit_is_file_too_large(tmp_path, limits):
    path = write_return_xlsx(tmp_path / "r.xlsx")
    assert check_file(path, limits) == "xlsx"
    with pytest.raises(ReadError) as info:
        check_file(path, replace(limits, max_file_mb=0.001))
    assert info.value.code == "file_too_large"


def test_truncated_xlsx_is_file_truncated(tmp_path, limits):
    data = write_return_xlsx(tmp_path / "whole.xlsx").read_bytes()
    (tmp_path / "half.xlsx").write_bytes(data[: len(data) // 2])
    error = read_error(tmp_path / "half.xlsx", limits)
    assert error.code == "file_truncated"
    assert "cắt cụt" in error.message and "truncated" in error.message


def test_text_renamed_as_xlsx_is_file_misnamed(tmp_path, limits):
    (tmp_path / "r.xlsx").write_text("Họ và tên,Lý do\nAn,Ốm\n", encoding="utf-8")
    assert read_error(tmp_path / "r.xlsx", limits).code == "file_misnamed"


def test_old_doc_renamed_docx_is_file_misnamed(tmp_path, limits):
    path = shutil.copy(write_xls(tmp_path / "old.xls"), tmp_path / "r.docx")
    assert read_error(path, limits).code == "file_misnamed"


@pytest.mark.parametrize("name", ["r.docx", "r.xls"])
def test_workbook_under_another_office_name_is_read_as_workbook(tmp_path, limits, name):
    path = shutil.copy(write_return_xlsx(tmp_path / "r.xlsx"), tmp_path / name)
    assert check_file(path, limits) == "xlsx"
    assert read(path, limits)[0][0].rows[3] == ["STT", "Họ và tên", "Chức vụ", "Lý do"]


def test_document_named_xlsx_is_read_as_document(tmp_path, limits):
    path = shutil.copy(write_docx(tmp_path / "r.docx"), tmp_path / "r.xlsx")
    assert check_file(path, limits) == "docx"
    assert read(path, limits)[0][0].rows[0][0] == "UBND THÀNH PHỐ CHÍ LINH"


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_password_protected_office_file_is_file_encrypted(tmp_path, limits, suffix):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_return_xlsx(tmp_path / "plain.xlsx") if suffix == ".xlsx" else write_docx(tmp_path / "plain.docx")
    locked = tmp_path / f"locked{suffix}"
    with plain.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("matkhau", target)
    assert locked.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    error = read_error(locked, limits)
    assert error.code == "file_encrypted"
    assert "mật khẩu" in error.message


def write_minimal_xlsx(path: Path, sheet_xml_chunks, shared_strings: bytes | None = None) -> Path:
    """An xlsx written part by part, so a test can put what it likes in the sheet or shared strings."""
    content_types = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.worksheet+xml"/>'
        + (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
           b'officedocument.spreadsheetml.sharedStrings+xml"/>' if shared_strings is not None else b"")
        + b'</Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    workbook = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                b'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
    workbook_rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        + (b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           b'sharedStrings" Target="sharedStrings.xml"/>' if shared_strings is not None else b"")
        + b'</Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        if shared_strings is not None:
            zf.writestr("xl/sharedStrings.xml", shared_strings)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for chunk in sheet_xml_chunks:
                part.write(chunk)
    return path


SHEET_START = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main"><sheetData>')
SHEET_END = b"</sheetData></worksheet>"
ONE_SHARED_CELL = b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'


def test_minimal_xlsx_writer_makes_a_readable_workbook(tmp_path, limits):
    # the guard tests below rely on this writer: prove it makes a file calamine reads
    shared = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml'
              '/2006/main" count="1" uniqueCount="1"><si><t>Phòng Nội vụ</t></si></sst>').encode("utf-8")
    path = write_minimal_xlsx(tmp_path / "ok.xlsx", [SHEET_START, ONE_SHARED_CELL, SHEET_END], shared)
    assert read(path, limits)[0][0].rows == [["Phòng Nội vụ"]]


def test_zip_bomb_sheet_is_refused_before_parsing(tmp_path, limits):
    # 64 MB of one repeated byte deflates to ~64 KB: a ratio no real sheet has
    filler = b" " * (1024 * 1024)
    path = write_minimal_xlsx(tmp_path / "bomb.xlsx", [SHEET_START, *([filler] * 64), SHEET_END])
    assert path.stat().st_size < 1024 * 1024
    error = read_error(path, limits)
    assert error.code == "zip_bomb"


def test_zip_declaring_more_than_the_uncompressed_limit_is_a_zip_bomb(tmp_path, limits):
    path = write_return_xlsx(tmp_path / "r.xlsx")
    with pytest.raises(ReadError) as info:
        check_file(path, replace(limits, max_uncompressed_mb=0.001))
    assert info.value.code == "zip_bomb"
    with pytest.raises(ReadError) as info:
        check_file(path, replace(limits, max_zip_entries=3))
    assert info.value.code == "zip_bomb"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_xml_external_entity_is_refused_and_its_target_never_read(tmp_path, limits, encoding):
    secret = tmp_path / "secret.txt"
    secret.write_text("MẬT-KHẨU-BÍ-MẬT-4242", encoding="utf-8")
    shared = (f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
              f'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file://{secret}">]>'
              f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
              f'<si><t>&xxe;</t></si></sst>').encode(encoding)
    path = write_minimal_xlsx(tmp_path / "xxe.xlsx", [SHEET_START, ONE_SHARED_CELL, SHEET_END], shared)
    log = IssueLog()
    with pytest.raises(ReadError) as info:
        read_grids(path, limits, log, "xxe.xlsx")
    assert info.value.code == "unsafe_xml"
    assert "4242" not in str(info.value) and "4242" not in repr(log.rows)


def test_unsupported_kind_is_unsupported_format(tmp_path, limits):
    (tmp_path / "slides.pptx").write_bytes(b"PK\x03\x04")
    assert read_error(tmp_path / "slides.pptx", limits).code == "unsupported_format"


def test_tab_separated_text_named_xls_is_read_as_text(tmp_path, limits):
    path = tmp_path / "export.xls"
    path.write_bytes("Họ và tên\tĐơn vị\nNguyễn Văn An\tPhòng Nội vụ\n".encode("utf-8"))
    assert read(path, limits)[0][0].rows == [["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "Phòng Nội vụ"]]


def test_web_page_named_xls_is_read_as_its_tables(tmp_path, limits):
    path = tmp_path / "export.xls"
    page = """<html><head><meta charset="utf-8"><style>td {border: 1px}</style></head><body>
    <h3>DANH SÁCH THÍ SINH</h3><p>Xuất ngày 14/12/2024</p>
    <table>
      <tr><th rowspan="2">STT</th><th colspan="2">Thí sinh</th><th>Điểm</th></tr>
      <tr><th>Họ và tên</th><th>Đơn vị</th><th>20</th></tr>
      <tr><td>1</td><td>Nguyễn &amp; Văn<br>An</td><td>Phòng Nội vụ</td><td>18</td></tr>
      <tr><td>2</td><td>Lê Thị Hoa<script>alert(1)</script></td><td><table><tr><td>THCS</td><td>Sao Đỏ</td></tr></table></td>
          <td>20</td></tr>
    </table><p>Người lập</p></body></html>"""
    path.write_bytes(page.encode("utf-8"))
    assert check_file(path, limits) == "html"
    grid = read(path, limits)[0][0]
    assert grid.rows == [
        ["DANH SÁCH THÍ SINH", None, None, None],
        ["Xuất ngày 14/12/2024", None, None, None],
        ["STT", "Thí sinh", "Thí sinh", "Điểm"],
        ["STT", "Họ và tên", "Đơn vị", "20"],
        ["1", "Nguyễn & Văn An", "Phòng Nội vụ", "18"],
        ["2", "Lê Thị Hoa", "THCS Sao Đỏ", "20"],
        ["Người lập", None, None, None],
    ]
    assert grid.row_numbers == [1, 2, 3, 4, 5, 6, 7]


HTML_RETURN = """<html><head><meta charset="utf-8"><title>Báo cáo</title></head><body>
<p>PHÒNG NỘI VỤ</p><h3>BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI TRỰC TUYẾN VỀ CCHC</h3>
<p>Tổng số CBCCVC: 10</p><p>Số CBCCVC tham gia: 9</p>
<table><tr><th>STT</th><th>Họ và tên</th><th>Chức vụ</th><th>Lý do</th></tr>
<tr><td>1</td><td>Trần Thị Bình</td><td>Chuyên viên</td><td>Nghỉ thai sản</td></tr></table>
<p>Ngày báo cáo: 16/12/2024</p></body></html>"""


@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTML"])
def test_real_web_page_return_reads_as_the_one_named_xls(tmp_path, limits, suffix):
    from cchc_analysis.layout import read_return

    named_xls = tmp_path / "bao_cao.xls"
    named_xls.write_text(HTML_RETURN, encoding="utf-8")
    page = tmp_path / f"bao_cao{suffix}"
    page.write_text(HTML_RETURN, encoding="utf-8")
    assert check_file(page, limits) == "html"
    grids = read(page, limits)[0]
    assert [g.rows for g in grids] == [g.rows for g in read(named_xls, limits)[0]]
    layout = read_return(grids, load_settings(ROOT / "cchc.toml"))
    assert (layout.fields["total_staff"].value, layout.fields["participants"].value) == (10, 9)
    assert layout.people["full_name"].tolist() == ["Trần Thị Bình"]
    assert layout.report_date == dt.date(2024, 12, 16)


def test_web_page_return_is_listed_with_the_other_returns(tmp_path):
    for name in ["a.html", "b.htm", "c.xlsx"]:
        (tmp_path / name).write_bytes(b"x")
    files, skipped = list_input_files(tmp_path)
    assert [f.name for f in files] == ["a.html", "b.htm", "c.xlsx"] and skipped == []


def test_workbook_renamed_html_is_file_misnamed(tmp_path, limits):
    path = write_return_xlsx(tmp_path / "r.xlsx")
    shutil.copy(path, tmp_path / "r.html")
    assert read_error(tmp_path / "r.html", limits).code == "file_misnamed"


def test_web_page_without_a_table_named_xls_is_file_misnamed(tmp_path, limits):
    path = tmp_path / "export.xls"
    path.write_text("<html><body><p>Trang lỗi 404</p></body></html>", encoding="utf-8")
    assert read_error(path, limits).code == "file_misnamed"


def test_zip_whose_header_understates_a_part_size_is_refused(tmp_path, limits):
    # headers can lie: a sheet declared as 1,000 bytes that inflates to 5 MB must not reach a parser
    path = write_minimal_xlsx(tmp_path / "liar.xlsx", [SHEET_START, b" " * (5 * 1024 * 1024), SHEET_END])
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    central = data.find(b"PK\x01\x02")
    while central != -1:
        if data[central + 46:central + 46 + len(name)] == name:
            data[central + 24:central + 28] = (1000).to_bytes(4, "little")  # uncompressed size in the directory
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    error = read_error(path, limits)
    assert error.code == "file_truncated"
    assert "CRC" in error.message


def test_docx_text_box_is_read_once_not_twice(tmp_path, limits):
    # Word keeps a text box twice, for new and old readers (mc:Choice / mc:Fallback)
    import docx
    from docx.oxml import parse_xml

    box = ('<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
           '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>PHÒNG NỘI VỤ'
           '</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r>'
           '<w:t>PHÒNG NỘI VỤ</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    document = docx.Document()
    document.add_paragraph("Đơn vị: ")._p.append(parse_xml(box))
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).paragraphs[0]._p.append(parse_xml(box))
    document.save(tmp_path / "box.docx")
    assert read(tmp_path / "box.docx", limits)[0][0].rows == [["Đơn vị: PHÒNG NỘI VỤ"], ["PHÒNG NỘI VỤ"]]


def test_legacy_font_is_found_in_a_workbook_named_xls(tmp_path, limits):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Tóc"
    wb.active["A1"].font = Font(name=".VnTime")
    wb.save(tmp_path / "abc.xlsx")
    path = shutil.copy(tmp_path / "abc.xlsx", tmp_path / "abc.xls")
    assert read(path, limits)[0][0].rows == [["Túc"]]


def test_excel_sep_line_sets_the_delimiter_and_is_not_a_row(tmp_path, limits):
    path = tmp_path / "r.csv"
    path.write_text("sep=;\nĐơn vị;Tổng số, tham gia\nPhòng Nội vụ;22, 20\n", encoding="utf-8")
    grid = read(path, limits)[0][0]
    assert grid.rows == [["Đơn vị", "Tổng số, tham gia"], ["Phòng Nội vụ", "22, 20"]]
    assert grid.row_numbers == [2, 3]


def test_docx_line_mixing_capitals_and_plain_legacy_fonts(tmp_path, limits):
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("phßng néi vô").font.name = ".VnTimeH"  # the capitals font draws these bytes as capitals
    paragraph.add_run(" - Tóc").font.name = ".VnTime"
    document.save(tmp_path / "h.docx")
    assert read(tmp_path / "h.docx", limits)[0][0].rows == [["PHÒNG NỘI VỤ - Túc"]]


@pytest.mark.slow
def test_sheet_of_a_million_rows_of_noise_reads_only_the_row_limit(tmp_path, limits):
    def noise():
        yield SHEET_START
        for start in range(1, 1_048_577, 16384):
            yield b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x%d</t></is></c></row>' % (i, i, i * 7919)
                           for i in range(start, min(start + 16384, 1_048_577)))
        yield SHEET_END

    path = write_minimal_xlsx(tmp_path / "noise.xlsx", noise())
    grids, log = read(path, limits)
    assert len(grids[0].rows) == limits.max_return_rows
    assert grids[0].rows[-1] == [f"x{limits.max_return_rows * 7919}"]
    assert (log.rows[0]["code"], log.rows[0]["rows_affected"]) == ("rows_truncated", 1_048_576 - limits.max_return_rows)


def test_merge_over_the_whole_sheet_fills_only_the_used_area(tmp_path, limits):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Tiêu đề"
    wb.active["B3"] = "dữ liệu"
    wb.active.merge_cells("A1:XFD1")
    wb.save(tmp_path / "wide.xlsx")
    rows = read(tmp_path / "wide.xlsx", limits)[0][0].rows
    assert len(rows[0]) == 64 and set(rows[0]) == {"Tiêu đề"}
    assert rows[2][:3] == [None, "dữ liệu", None]


def test_xls_calamine_cannot_open_is_read_by_xlrd(tmp_path, limits, monkeypatch):
    # Excel 5/95 files: calamine refuses them, xlrd reads them; the grid must look the same either way
    import python_calamine

    path = write_xls(tmp_path / "old.xls")
    expected = read(path, limits)
    sheet = xlwt_sheet_with_vntime(tmp_path / "abc.xls")

    def refuse(*args, **kwargs):
        raise python_calamine.CalamineError("unsupported BIFF version")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", refuse)
    grids, log = read(path, limits)
    assert [(g.sheet, g.rows, g.row_numbers) for g in grids] == [(g.sheet, g.rows, g.row_numbers) for g in expected[0]]
    assert log.codes() == ["sheet_hidden"]
    assert [r[0] for r in read(sheet, limits)[0][0].rows] == ["Nguyễn Văn An", "Túc", "Tóc"]
    (tmp_path / "junk.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert read_error(tmp_path / "junk.xls", limits).code == "file_unreadable"


def test_web_page_spans_on_the_right_and_huge_spans_are_bounded(tmp_path, limits):
    path = tmp_path / "export.xls"
    path.write_text("<table><tr><td>a</td><td rowspan='2'>Ghi chú</td></tr><tr><td>b</td></tr>"
                    "<tr><td colspan='100000'>x</td></tr></table>", encoding="utf-8")
    rows = read(path, limits)[0][0].rows
    assert [r[:2] for r in rows] == [["a", "Ghi chú"], ["b", "Ghi chú"], ["x", "x"]]
    assert len(rows[2]) == 256 and rows[0][2:] == [None] * 254


def test_stray_cell_far_right_limits_the_sheet_to_its_first_columns(tmp_path, limits):
    wb = openpyxl.Workbook()
    for i in range(1, 301):
        wb.active.cell(i, 1, i)
    wb.active["B2"] = dt.datetime(2024, 12, 16)
    wb.active["C1"] = "Tiêu đề"
    wb.active.merge_cells("C1:D1")
    wb.active["XFD1"] = "rác"
    wb.save(tmp_path / "wide.xlsx")
    grids, log = read(tmp_path / "wide.xlsx", limits)
    rows = grids[0].rows
    assert len(rows) == 300 and len(rows[0]) == 256
    assert rows[0][:5] == [1, None, "Tiêu đề", "Tiêu đề", None]
    assert rows[1][:2] == [2, dt.datetime(2024, 12, 16)]
    assert [(r["code"], r["severity"]) for r in log.rows] == [("columns_truncated", "warning")]
    assert "16384" in log.rows[0]["message"]


def test_two_cells_at_opposite_corners_do_not_build_the_whole_sheet(tmp_path, limits):
    # A1 and XFD1048576 would be a dense 17-billion-cell rectangle for a reader that fills the gap
    cells = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Phòng</t></is></c></row>'
             '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>').encode("utf-8")
    path = write_minimal_xlsx(tmp_path / "corners.xlsx", [SHEET_START, cells, SHEET_END])
    grids, log = read(path, limits)
    assert len(grids[0].rows) == limits.max_return_rows and len(grids[0].rows[0]) == 256
    assert grids[0].rows[0][:2] == ["Phòng", None]
    assert sorted((r["code"], r["rows_affected"]) for r in log.rows) == [
        ("columns_truncated", 0), ("rows_truncated", 1_048_576 - limits.max_return_rows)]


def test_docx_table_nested_in_a_frame_cell_gives_rows_of_its_own(tmp_path, limits):
    import docx

    document = docx.Document()
    frame = document.add_table(rows=1, cols=1)
    cell = frame.cell(0, 0)
    cell.text = "Tổng số CBCCVC: 10 người."
    cell.add_paragraph("Danh sách không tham gia:")
    inner = cell.add_table(rows=2, cols=3)
    for j, (head, value) in enumerate(zip(["STT", "Họ và tên", "Lý do"], ["1", "Ứng Văn Hậu", "Ốm"])):
        inner.cell(0, j).text, inner.cell(1, j).text = head, value
    document.add_paragraph("TRƯỞNG PHÒNG")
    document.save(tmp_path / "frame.docx")
    grid = read(tmp_path / "frame.docx", limits)[0][0]
    assert [non_empty(r) for r in grid.rows] == [
        ["Tổng số CBCCVC: 10 người.\nDanh sách không tham gia:"],
        ["STT", "Họ và tên", "Lý do"],
        ["1", "Ứng Văn Hậu", "Ốm"],
        ["TRƯỞNG PHÒNG"],
    ]


def test_docx_page_header_letterhead_is_read_before_the_body_once(tmp_path, limits):
    import docx

    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "UBND THÀNH PHỐ CHÍ LINH"
    header.add_paragraph("TRUNG TÂM VĂN HÓA - THÔNG TIN - THỂ THAO")
    document.add_paragraph("UBND THÀNH PHỐ CHÍ LINH")  # the body repeats the first line: read once, from the body
    document.add_paragraph("Tổng số CBCCVC: 18 người.")
    document.save(tmp_path / "h.docx")
    grid = read(tmp_path / "h.docx", limits)[0][0]
    assert [non_empty(r) for r in grid.rows] == [
        ["TRUNG TÂM VĂN HÓA - THÔNG TIN - THỂ THAO"],
        ["UBND THÀNH PHỐ CHÍ LINH"],
        ["Tổng số CBCCVC: 18 người."],
    ]
    assert grid.row_numbers == [1, 2, 3]


def test_docx_soft_line_break_and_cell_paragraphs_are_lines_of_the_cell(tmp_path, limits):
    import docx

    document = docx.Document()
    document.add_paragraph().add_run("UBND XÃ LÊ LỢI").add_break()
    document.paragraphs[0].add_run("Số: 12/BC-UBND")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Trần Văn Khoa"
    table.cell(0, 0).add_paragraph("Phạm Thị Thu")
    table.cell(0, 1).text = "Ốm"
    document.save(tmp_path / "b.docx")
    grid = read(tmp_path / "b.docx", limits)[0][0]
    assert [non_empty(r) for r in grid.rows] == [["UBND XÃ LÊ LỢI\nSố: 12/BC-UBND"], ["Trần Văn Khoa\nPhạm Thị Thu", "Ốm"]]


def test_xlsx_hidden_rows_and_columns_are_left_out_and_noted(tmp_path, limits):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["Đơn vị", "Năm 2023", "Năm 2024"], ["Trường A", 13, 12], ["Trường B", 20, 19], ["Trường C", None, None],
                [None, None, None]]:
        ws.append(row)
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[5].hidden = True  # hidden but blank: nothing to note
    ws.column_dimensions["B"].hidden = True
    wb.save(tmp_path / "h.xlsx")
    grids, log = read(tmp_path / "h.xlsx", limits)
    assert grids[0].rows == [["Đơn vị", "Năm 2024"], ["Trường A", 12], ["Trường C", None]]
    assert grids[0].row_numbers == [1, 2, 4]
    notes = [(r["code"], r["row"], r["rows_affected"]) for r in log.rows]
    assert notes == [("rows_hidden", 3, 1), ("columns_hidden", None, 0)]
    assert {r["severity"] for r in log.rows} == {"info"} and "B" in log.rows[1]["message"]


def test_html_source_line_breaks_inside_a_cell_are_spaces(tmp_path, limits):
    html = '<html><body><table><tr><td>Nguyễn Văn\n   An</td><td>Ốm</td></tr></table></body></html>'
    (tmp_path / "t.xls").write_text(html, encoding="utf-8")
    grid = read(tmp_path / "t.xls", limits)[0][0]
    assert grid.rows == [["Nguyễn Văn An", "Ốm"]]


def test_xls_hidden_rows_and_columns_are_left_out(tmp_path, limits):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Báo cáo")
    for r, row in enumerate([["Nội dung", "Năm 2023", "Năm 2024"], ["Tổng số CBCCVC", 13, 12], ["Mẫu", 1, 1]]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    sheet.col(1).hidden = True
    sheet.row(2).hidden = True
    book.save(str(tmp_path / "h.xls"))
    grids, log = read(tmp_path / "h.xls", limits)
    assert grids[0].rows == [["Nội dung", "Năm 2024"], ["Tổng số CBCCVC", 12]]
    assert [r["code"] for r in log.rows] == ["rows_hidden", "columns_hidden"]
