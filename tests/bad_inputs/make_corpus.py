"""Makes the corpus of hostile and broken inputs in a folder; no opaque binaries are committed.

    python tests/bad_inputs/make_corpus.py OUT_DIR

Each maker writes one file and returns its name; CORPUS lists (maker, where it goes). `returns/` files are
unit returns, `platform/` files are platform exports, `registry/` files are registries.
"""
from __future__ import annotations

import io
import struct
import sys
import zipfile
from pathlib import Path

import openpyxl

SECRET = "SECRET-XXE-CONTENT-7f3a"


def good_return(path: Path, unit: str = "Phòng Nội vụ", total: int = 10, participants: int = 9,
                people: list[tuple[str, str, str]] | None = None, date: str = "ngày 16 tháng 12 năm 2024") -> Path:
    """A plain, valid return in xlsx; the bad ones are variations on it."""
    people = people if people is not None else [("Trần Văn Bình", "Chuyên viên", "Nghỉ phép")]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    for row in [
        ["UBND THÀNH PHỐ CHÍ LINH"],
        [unit.upper()],
        [f"Chí Linh, {date}"],
        ["BÁO CÁO KẾT QUẢ THAM GIA CUỘC THI TRỰC TUYẾN VỀ CCHC NĂM 2024"],
        [],
        ["Tổng số CBCCVC", "Số CBCCVC tham gia", "Tỷ lệ"],
        [total, participants, f"{participants / total:.2%}" if isinstance(total, int) and isinstance(participants, int) and total else ""],
        [],
        ["STT", "Họ và tên", "Chức vụ", "Lý do"],
        *[[i, *p] for i, p in enumerate(people, start=1)],
        [],
        [],
        ["Người lập biểu", "", "THỦ TRƯỞNG ĐƠN VỊ"],
    ]:
        ws.append(row)
    wb.save(as_typed_text(wb, path))
    return path


def as_typed_text(wb, path: Path) -> Path:
    """Keep text starting with "=" as text: openpyxl would store it as a formula with no value (read as blank)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    return path


def registry(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã đơn vị", "Tên đơn vị", "Khối", "Tổng số CBCCVC", "Tên gọi khác"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


GOOD_UNITS = [
    ["PNV", "Phòng Nội vụ", "Phòng, ban chuyên môn", 10, "Phong NV"],
    ["PTP", "Phòng Tư pháp", "Phòng, ban chuyên môn", 6, ""],
    ["PYT", "Phòng Y tế", "Phòng, ban chuyên môn", 5, ""],
    ["PKT", "Phòng Kinh tế", "Phòng, ban chuyên môn", 8, ""],
    ["PVH", "Phòng Văn hóa và Thông tin", "Phòng, ban chuyên môn", 7, ""],
]


# --- returns -----------------------------------------------------------------------------------------------

def empty_csv(folder: Path) -> str:
    (folder / "rong.csv").write_bytes(b"")
    return "rong.csv"


def zero_byte_xlsx(folder: Path) -> str:
    (folder / "khong_byte.xlsx").write_bytes(b"")
    return "khong_byte.xlsx"


def truncated_xlsx(folder: Path) -> str:
    data = good_return(folder / "tmp_full.xlsx").read_bytes()
    (folder / "tmp_full.xlsx").unlink()
    (folder / "bi_cat.xlsx").write_bytes(data[: len(data) // 2])
    return "bi_cat.xlsx"


def renamed_txt(folder: Path) -> str:
    (folder / "gia_mao.xlsx").write_text("Đây là tệp văn bản, không phải Excel\n", encoding="utf-8")
    return "gia_mao.xlsx"


def encrypted_xlsx(folder: Path) -> str:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = good_return(folder / "tmp_plain.xlsx")
    with open(plain, "rb") as src, open(folder / "mat_khau.xlsx", "wb") as out:
        OOXMLFile(src).encrypt("123456", out)
    plain.unlink()
    return "mat_khau.xlsx"


def _biff_record(kind: int, payload: bytes) -> bytes:
    return struct.pack("<HH", kind, len(payload)) + payload


def very_old_xls(folder: Path) -> str:
    """A BIFF2 worksheet, as Excel 2.x wrote: BOF, LABEL and NUMBER cells, EOF."""

    def label(row, col, text):
        raw = text.encode("cp1252")
        return _biff_record(0x0004, struct.pack("<HH3sB", row, col, b"\x00\x00\x00", len(raw)) + raw)

    def number(row, col, value):
        return _biff_record(0x0003, struct.pack("<HH3sd", row, col, b"\x00\x00\x00", value))

    records = [
        _biff_record(0x0009, struct.pack("<HH", 0x0002, 0x0010)),  # BOF, BIFF2 worksheet
        label(0, 0, "PHONG Y TE"),
        label(2, 0, "Tong so CBCCVC"), number(2, 1, 5.0),
        label(3, 0, "So CBCCVC tham gia"), number(3, 1, 5.0),
        _biff_record(0x000A, b""),  # EOF
    ]
    (folder / "excel_rat_cu.xls").write_bytes(b"".join(records))
    return "excel_rat_cu.xls"


def zip_bomb_xlsx(folder: Path, megabytes: int = 600, name: str = "bom_nen.xlsx", zip64: bool = True) -> str:
    """A small xlsx whose sheet XML inflates to `megabytes` MB."""
    template = io.BytesIO()
    openpyxl.Workbook().save(template)
    template.seek(0)
    path = folder / name
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with dst.open(item.filename, "w", force_zip64=zip64) as sheet:
                    sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                                b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
                    block = b"A" * (1 << 20)
                    for _ in range(megabytes):
                        sheet.write(block)
                    sheet.write(b"</t></is></c></row></sheetData></worksheet>")
            else:
                dst.writestr(item, src.read(item.filename))
    return path.name


def lying_zip_bomb_xlsx(folder: Path, megabytes: int = 64) -> str:
    """A zip bomb whose headers claim the sheet is 1,000 bytes: a size check alone would let it through."""
    name = zip_bomb_xlsx(folder, megabytes, "tmp_bom.xlsx", zip64=False)
    data = bytearray((folder / name).read_bytes())
    (folder / name).unlink()
    part = b"xl/worksheets/sheet1.xml"
    local = data.find(b"PK\x03\x04")
    while local != -1 and data[local + 30: local + 30 + len(part)] != part:
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1 and data[central + 46: central + 46 + len(part)] != part:
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, local + 22, 1000)    # local header: uncompressed size
    struct.pack_into("<I", data, central + 24, 1000)  # central directory: uncompressed size
    (folder / "bom_khai_gian.xlsx").write_bytes(bytes(data))
    return "bom_khai_gian.xlsx"


def xxe_xlsx(folder: Path) -> str:
    """An xlsx whose shared strings declare an external entity pointing at a local secret file."""
    secret = folder.parent / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    plain = good_return(folder / "tmp_xxe.xlsx", unit="xxe-marker")
    path = folder / "xxe.xlsx"
    marker = b"XXE-MARKER"  # ASCII, so it survives openpyxl's character escaping
    doctype = f'<!DOCTYPE root [<!ENTITY xxe SYSTEM "file://{secret}">]>'.encode()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith(".xml") and marker in data:  # sharedStrings.xml or an inline-string sheet
                data = data.replace(marker, b"&xxe;")
                head, sep, rest = data.partition(b"?>")
                data = head + sep + doctype + rest if sep else doctype + data
            dst.writestr(item, data)
    plain.unlink()
    return path.name


def xxe_docx(folder: Path) -> str:
    """A Word return whose document part declares an external entity pointing at the same secret file."""
    import docx

    secret = folder.parent / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    doc = docx.Document()
    doc.add_paragraph("PHÒNG Y TẾ")
    doc.add_paragraph("XXE-MARKER")
    doc.save(folder / "tmp_xxe.docx")
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'.encode()
    with zipfile.ZipFile(folder / "tmp_xxe.docx") as src, zipfile.ZipFile(folder / "xxe.docx", "w",
                                                                           zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                head, sep, rest = data.partition(b"?>")
                data = head + sep + doctype + rest.replace(b"XXE-MARKER", b"&xxe;")
            dst.writestr(item, data)
    (folder / "tmp_xxe.docx").unlink()
    return "xxe.docx"


def million_rows_xlsx(folder: Path, rows: int = 1_048_575) -> str:
    """A return whose sheet has a header and then a million rows of noise."""
    import xlsxwriter

    path = folder / "trieu_dong.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["PHÒNG Y TẾ"])
    for r in range(1, rows + 1):
        ws.write_number(r, 0, r % 97)
    wb.close()
    return path.name


def docx_without_tables(folder: Path) -> str:
    import docx

    doc = docx.Document()
    doc.add_paragraph("PHÒNG KINH TẾ")
    doc.add_paragraph("Báo cáo: đơn vị đã triển khai cuộc thi tới toàn thể cán bộ.")
    doc.save(folder / "khong_bang.docx")
    return "khong_bang.docx"


def unknown_encoding_csv(folder: Path) -> str:
    data = "Tổng số CBCCVC,10\n".encode("utf-32-le") + bytes(range(0, 256)) * 4
    (folder / "ma_la.csv").write_bytes(data)
    return "ma_la.csv"


def bad_counts_xlsx(folder: Path) -> str:
    good_return(folder / "so_am.xlsx", unit="Phòng Văn hóa và Thông tin", total=7, participants=-3, people=[])
    return "so_am.xlsx"


def text_counts_xlsx(folder: Path) -> str:
    good_return(folder / "khong_phai_so.xlsx", unit="Phòng Văn hóa và Thông tin", total="mười", participants="nhiều",
                people=[])
    return "khong_phai_so.xlsx"


def impossible_date_xlsx(folder: Path) -> str:
    good_return(folder / "ngay_sai.xlsx", unit="Phòng Tư pháp", total=6, participants=6, people=[],
                date="ngày 31/11/2024")
    return "ngay_sai.xlsx"


# the report date written three ways a unit may type it; each return is good (units beside the broken files)
DATE_FORMATS = {"PKT": "ngày 16 tháng 12 năm 2024", "PTT": "16/12/2024", "PVP": "16-12-2024"}


def three_date_formats(folder: Path) -> list[str]:
    names = {"PKT": "Phòng Kinh tế", "PTT": "Thanh tra thành phố", "PVP": "Văn phòng HĐND và UBND"}
    made = []
    for code, date in DATE_FORMATS.items():
        name = f"ngay_{code.lower()}.xlsx"
        good_return(folder / name, unit=names[code], total=8, participants=7, date=date,
                    people=[("Đinh Văn Hùng", "Nhân viên", "Ốm")])
        made.append(name)
    return made


def hostile_names_xlsx(folder: Path) -> str:
    people = [
        ("=HYPERLINK(\"http://evil\",\"x\")", "Chuyên viên", "Nghỉ phép"),
        ("+84912345678", "Chuyên viên", "Ốm"),
        ("-Lê Văn Cường", "Chuyên viên", "Đi học"),
        ("@SUM(A1:A9)", "Chuyên viên", "Thai sản"),
        ("<script>alert('x')</script> Phạm Thị Dung", "Chuyên viên <b>đậm</b>", "Nghỉ phép"),
        (LONG_NAME, "Chuyên viên", "Công tác"),
    ]
    good_return(folder / "ten_doc_hai.xlsx", unit="Phòng Nội vụ", total=10, participants=4, people=people)
    return "ten_doc_hai.xlsx"


HOSTILE_FILE_NAME = "=1+2 <img src=x onerror=alert(1)>.xlsx"
HOSTILE_SHEET_NAME = "@<i>Báo cáo"  # an unclosed tag: unescaped, it would italicise the rest of a page


def hostile_file_and_sheet_name(folder: Path) -> str:
    """A return (participants above total) whose file and sheet names hold a formula and HTML: both reach the issues."""
    good_return(folder / HOSTILE_FILE_NAME, unit="Phòng Văn hóa và Thông tin", total=7, participants=9, people=[])
    wb = openpyxl.load_workbook(folder / HOSTILE_FILE_NAME)
    wb.active.title = HOSTILE_SHEET_NAME
    wb.save(folder / HOSTILE_FILE_NAME)
    return HOSTILE_FILE_NAME


# --- platform ------------------------------------------------------------------------------------------------

def platform_with_phone_in_name(folder: Path) -> str:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Số điện thoại", "Đơn vị", "Thời gian nộp bài", "Số câu đúng"])
    ws.append([1, "Nguyễn Văn An", "0912345678", "Phòng Nội vụ", "20/11/2024 08:00:00", 18])
    ws.append([2, "0987654321", "0987654321", "Phòng Nội vụ", "21/11/2024 09:00:00", 15])
    ws.append([3, "=cmd|' /C calc'!A0", "0911111111", "Phòng Tư pháp", "22/11/2024 10:00:00", 20])
    wb.save(as_typed_text(wb, folder / "so_dien_thoai_o_ten.xlsx"))
    return "so_dien_thoai_o_ten.xlsx"


LONG_NAME = "Nguyễn " + "Văn " * 73 + "Dài"  # 302 characters: longer than any real name
HOSTILE_PLATFORM_NAMES = ["=1+2", "+Nguyễn Văn Bình", "-Lê Văn Cường", "@Trần Thị Mai", "\tPhạm Văn Tab",
                          "<script>alert('x')</script>", "<b>Hoàng</b> Thị Lan", LONG_NAME, "an.nguyen@example.com"]


def platform_hostile_names(folder: Path) -> str:
    """A csv export whose name column holds formulas, HTML, a 300-character name; one row per name."""
    lines = ["Họ và tên,Số điện thoại,Đơn vị,Thời gian nộp bài,Số câu đúng"]
    for i, name in enumerate(HOSTILE_PLATFORM_NAMES):
        quoted = '"' + name.replace('"', '""') + '"'
        lines.append(f"{quoted},09{i:08d},Phòng Kinh tế,26/11/2024 10:{i:02d}:00,{10 + i}")
    (folder / "ten_doc_hai_he_thong.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return "ten_doc_hai_he_thong.csv"


# submitted times as dd/mm/yyyy text, ISO text and a real Excel date, and one impossible date (31/11/2024)
PLATFORM_TIMES = ["27/11/2024 08:15:00", "2024-11-28 09:30:00", "EXCEL", "31/11/2024 10:00:00"]


def platform_date_formats(folder: Path) -> str:
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Số điện thoại", "Đơn vị", "Thời gian nộp bài", "Số câu đúng"])
    for i, when in enumerate(PLATFORM_TIMES):
        value = dt.datetime(2024, 11, 29, 14, 0) if when == "EXCEL" else when
        ws.append([f"Vũ Văn {'ABCD'[i]}", f"0933{i:06d}", "Phòng Y tế", value, 12])
    wb.save(folder / "ngay_gio.xlsx")
    return "ngay_gio.xlsx"


def platform_good(folder: Path) -> str:
    (folder / "xuat_he_thong.csv").write_text(
        "Họ và tên,Số điện thoại,Đơn vị,Thời gian nộp bài,Số câu đúng\n"
        "Trần Thị Hoa,0901234567,Phòng Tư pháp,25/11/2024 10:00:00,19\n",
        encoding="utf-8-sig",
    )
    return "xuat_he_thong.csv"


# --- registry ------------------------------------------------------------------------------------------------

def registry_with_defects(folder: Path) -> str:
    registry(folder / "units.xlsx", GOOD_UNITS + [
        ["PNV", "Phòng Nội vụ (trùng mã)", "Phòng, ban chuyên môn", 3, ""],
        ["", "Đơn vị không có mã", "Phòng, ban chuyên môn", 4, ""],
        ["PTT", "Thanh tra thành phố", "Phòng, ban chuyên môn", "12 người", ""],
        ["PVP", "Văn phòng HĐND và UBND", "Phòng, ban chuyên môn", "khoảng hai chục", ""],
        ["PCA", "Công an thành phố", "Phòng, ban chuyên môn", "0912345678", ""],  # a phone typed as headcount
    ])
    return "units.xlsx"


RETURN_MAKERS = [empty_csv, zero_byte_xlsx, truncated_xlsx, renamed_txt, encrypted_xlsx, very_old_xls,
                 zip_bomb_xlsx, lying_zip_bomb_xlsx, xxe_xlsx, xxe_docx, million_rows_xlsx, docx_without_tables, unknown_encoding_csv,
                 bad_counts_xlsx, text_counts_xlsx, impossible_date_xlsx, three_date_formats, hostile_names_xlsx, hostile_file_and_sheet_name]


def platform_zip_bomb(folder: Path) -> str:
    """The returns' zip bomb as a platform export (copied when it is there: making it costs seconds)."""
    bomb = folder.parent / "returns" / "bom_nen.xlsx"
    if not bomb.exists():
        zip_bomb_xlsx(folder.parent / "returns")
    (folder / "xuat_bom_nen.xlsx").write_bytes(bomb.read_bytes())
    return "xuat_bom_nen.xlsx"


def as_export(maker):
    """A return maker reused for platform/, its file named "xuat_…" so that no issue row is ambiguous."""
    def make(folder: Path) -> str:
        name = maker(folder)
        (folder / name).rename(folder / f"xuat_{name}")
        return f"xuat_{name}"
    make.__name__ = f"export_{maker.__name__}"
    return make


PLATFORM_MAKERS = [platform_with_phone_in_name, platform_good, platform_hostile_names, platform_date_formats,
                   platform_zip_bomb,
                   *map(as_export, [empty_csv, truncated_xlsx, renamed_txt, unknown_encoding_csv, encrypted_xlsx,
                                    xxe_xlsx])]


def make_corpus(out_dir: Path) -> dict[str, list[str]]:
    """The whole corpus in out_dir/{registry,returns,platform}; returns the file names by folder."""
    out_dir = Path(out_dir)
    made: dict[str, list[str]] = {}
    for folder, makers in (("returns", RETURN_MAKERS), ("platform", PLATFORM_MAKERS), ("registry", [registry_with_defects])):
        target = out_dir / folder
        target.mkdir(parents=True, exist_ok=True)
        made[folder] = []
        for maker in makers:
            name = maker(target)
            made[folder] += name if isinstance(name, list) else [name]
    return made


if __name__ == "__main__":
    print(make_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "bad_inputs_out")))
