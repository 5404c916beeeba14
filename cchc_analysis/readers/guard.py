"""Checks made before any parser sees a file: size, emptiness, real kind, encryption, zip bombs, unsafe XML.

A hostile or broken file must fail here with a clear ReadError, not inside a parser
(where it can take the machine's memory, read a local file, or give a misleading error).
"""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from contextlib import nullcontext
from pathlib import Path

try:  # ISA-L inflates the same deflate streams about three times faster than zlib
    from isal import isal_zlib as fast_zlib
except ImportError:  # pragma: no cover - isal is a dependency; zlib gives the same bytes, slower
    fast_zlib = zlib

from .base import ReadError

MB = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
KIND_BY_SUFFIX = {
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".docx": "docx", ".csv": "csv", ".txt": "csv",
    # documents: PDF (text layer or scan), scans and phone photos, old Word, OpenDocument
    ".pdf": "pdf", ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image",
    ".doc": "doc", ".odt": "odt", ".ods": "ods",
    ".html": "html", ".htm": "html",
}
DOCUMENT_KINDS = {"pdf", "image", "doc", "odt", "ods"}
# how far into a .pdf the "%PDF-" header may sit (readers accept a little junk before it)
PDF_SNIFF_BYTES = 1024
IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"II*\x00": "TIFF", b"MM\x00*": "TIFF"}
# the OpenDocument kind a zip's "mimetype" part names
ODF_MIMETYPES = {b"application/vnd.oasis.opendocument.text": "odt",
                 b"application/vnd.oasis.opendocument.spreadsheet": "ods"}
# the part that makes a zip an Excel workbook or a Word document
MAIN_PART = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}
# a part this small may compress very well without harm (styles.xml, empty sheets)
RATIO_FLOOR_BYTES = 1 * MB
CHUNK = 1 * MB
# a DTD in any encoding XML allows in OOXML (UTF-8, UTF-16 LE/BE): the door to external entities and billion laughs
UNSAFE_XML = re.compile(
    rb"<!(?:[dD][oO][cC][tT][yY][pP][eE]|[eE][nN][tT][iI][tT][yY])"
    rb"|<\x00!\x00[dDeE]\x00"
    rb"|\x00<\x00!\x00[dDeE]"
)
PATTERN_SPAN = 20  # bytes kept between chunks so a marker cut in two is still seen
# a part's root element starts within this many bytes, or every byte of the part is searched for a DTD
PROLOG_BYTES = 64 * 1024
LOCAL_HEADER_SIZE = 30
# how far into a markup file named .xls to look for a <table> (styles may come first)
HTML_SNIFF_BYTES = 256 * 1024
# BOF record of a bare (not OLE) Excel 2.x-4.x file: record id → the lengths its payload may have
OLD_BIFF_BOF = {0x0009: (4,), 0x0209: (6,), 0x0409: (6,), 0x0809: (8, 16)}


def kind_of(path: str | Path) -> str | None:
    """The reader a file name asks for: xlsx, xls, docx, csv (csv and txt), html (html, htm), pdf, image, doc, odt,
    ods; None for kinds the kit does not read."""
    return KIND_BY_SUFFIX.get(Path(path).suffix.lower())


def check_file(path: str | Path, limits) -> str:
    """Check a file before parsing and return the kind to read it as; raise ReadError when it cannot be used."""
    path = Path(path)
    named_kind = kind_of(path)
    if named_kind is None:
        raise ReadError("unsupported_format",
                        f"Loại tệp '{path.suffix or '(không có đuôi)'}' không đọc được; hãy gửi xlsx, xls, docx, "
                        f"pdf, ảnh chụp (jpg/png), doc, ods, csv hoặc html (unsupported file type)")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ReadError("file_unreadable", f"Không mở được tệp (cannot open file): {exc.strerror or exc}") from exc
    if size == 0:
        raise ReadError("file_empty", "Tệp rỗng, không có nội dung (empty file, 0 bytes)")
    if size > limits.max_file_mb * MB:
        raise ReadError("file_too_large",
                        f"Tệp lớn {size / MB:.0f} MB, vượt giới hạn {limits.max_file_mb:g} MB trong cchc.toml "
                        f"(file too large)")
    if named_kind in DOCUMENT_KINDS:
        return _document_kind(path, named_kind, head, limits)
    if head.startswith(OLE_MAGIC):
        return _ole_kind(path, named_kind)
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(path, named_kind, limits)
    if is_old_biff(head):
        return _old_biff_kind(path, named_kind)
    return _plain_kind(path, named_kind)


def is_old_biff(head: bytes) -> bool:
    """The file opens with the BOF record of an Excel 2.x-4.x workbook (no OLE container around it)."""
    if len(head) < 4:
        return False
    record, length = struct.unpack("<HH", head[:4])
    return length in OLD_BIFF_BOF.get(record, ())


def _old_biff_kind(path: Path, named_kind: str) -> str:
    """Excel 2.x-4.x wrote bare BIFF records: the xls reader reads them (xlrd) whatever the file is named."""
    if named_kind in ("xls", "xlsx"):
        return "xls"
    raise ReadError("file_misnamed",
                    f"Tệp mang đuôi {path.suffix} nhưng là bảng tính Excel đời cũ (Excel 2.x-4.x), không phải "
                    f"{'văn bản' if named_kind in ('csv', 'html') else 'Word'}; hãy mở bằng Excel và lưu lại thành .xlsx "
                    f"(file content does not match its name)")


def _ole_kind(path: Path, named_kind: str) -> str:
    """An OLE container: a password-protected Office file, an old .xls, or an old .doc under a new name."""
    if _is_encrypted(path):
        raise ReadError("file_encrypted",
                        "Tệp được đặt mật khẩu (mã hoá), không đọc được; đề nghị đơn vị gửi lại bản không mật khẩu "
                        "(encrypted, password-protected file)")
    if named_kind in ("xls", "xlsx"):
        # an Excel 97-2003 workbook, perhaps renamed .xlsx: the xls reader reads it by content
        return "xls"
    what = "Word 97-2003 (.doc)" if named_kind == "docx" else "Office 97-2003"
    raise ReadError("file_misnamed",
                    f"Tệp thực chất là tệp {what}, không phải {path.suffix}; hãy lưu lại thành .docx hoặc .xlsx "
                    f"(file content does not match its name)")


def _document_kind(path: Path, named_kind: str, head: bytes, limits) -> str:
    """PDF, image, .doc, .odt, .ods: the real content checked, then the kind to read it as."""
    if named_kind == "pdf":
        return _pdf_kind(path, limits)
    if named_kind == "image":
        return _image_kind(path, head, limits)
    if head.startswith(ZIP_MAGIC):
        return _odf_kind(path, named_kind, limits)
    if named_kind == "doc":
        if head.startswith(OLE_MAGIC):
            if _is_encrypted(path):
                raise ReadError("file_encrypted",
                                "Tệp Word được đặt mật khẩu (mã hoá), không đọc được; đề nghị đơn vị gửi lại bản "
                                "không mật khẩu (encrypted, password-protected file)")
            return "doc"
        with path.open("rb") as fh:
            start = fh.read(HTML_SNIFF_BYTES).lstrip(b"\xef\xbb\xbf \t\r\n")
        # Word's "Rich Text" and web pages saved as .doc: LibreOffice converts both
        if start.startswith(b"{\\rtf") or (start.startswith(b"<") and b"<html" in start[:4096].lower()):
            return "doc"
    raise ReadError("file_misnamed",
                    f"Tệp mang đuôi {path.suffix} nhưng nội dung không phải tệp "
                    f"{'Word' if named_kind in ('doc', 'odt') else 'bảng tính'} (file content does not match its name)")


def _pdf_kind(path: Path, limits) -> str:
    """A PDF whole enough to open, not password-protected, within the page cap."""
    with path.open("rb") as fh:
        start = fh.read(PDF_SNIFF_BYTES)
    if b"%PDF-" not in start:
        what = next((name for magic, name in IMAGE_MAGIC.items() if start.startswith(magic)), None)
        raise ReadError("file_misnamed",
                        f"Tệp mang đuôi .pdf nhưng {'là ảnh ' + what if what else 'không phải tệp PDF'} "
                        f"(file content does not match its name)")
    pages = pdf_page_count(path)
    if pages > limits.max_pdf_pages:
        raise ReadError("file_too_large",
                        f"Tệp PDF có {pages} trang, vượt giới hạn {limits.max_pdf_pages} trang trong cchc.toml "
                        f"(too many pages)")
    if pages == 0:
        raise ReadError("file_empty", "Tệp PDF không có trang nào (PDF without pages)")
    return "pdf"


def pdf_page_count(path: Path) -> int:
    """Pages of a PDF (pdfium opens it without running its JavaScript); ReadError when encrypted or broken."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text or "security" in text:
            raise ReadError("file_encrypted",
                            "Tệp PDF được đặt mật khẩu, không đọc được; đề nghị đơn vị gửi lại bản không mật khẩu "
                            "(encrypted, password-protected PDF)") from exc
        raise ReadError("file_truncated",
                        f"Tệp PDF bị hỏng hoặc bị cắt cụt (tải về chưa hết?), không mở được (broken or truncated "
                        f"PDF): {exc}") from exc
    try:
        return len(pdf)
    finally:
        pdf.close()


def _image_kind(path: Path, head: bytes, limits) -> str:
    """A PNG, JPEG or TIFF (whatever of the three its name says) of a size the machine can hold."""
    if not any(head.startswith(magic) for magic in IMAGE_MAGIC):
        what = "PDF" if head.startswith(b"%PDF") else None
        if what:
            raise ReadError("file_misnamed", f"Tệp mang đuôi {path.suffix} nhưng là tệp PDF; hãy đổi đuôi thành .pdf "
                                             f"(file content does not match its name)")
        raise ReadError("file_misnamed", f"Tệp mang đuôi {path.suffix} nhưng không phải ảnh PNG/JPEG/TIFF "
                                         f"(file content does not match its name)")
    from PIL import Image

    try:
        with Image.open(path) as image:
            width, height = image.size
    except Exception as exc:  # Pillow raises many kinds on a damaged image
        raise ReadError("file_truncated", f"Ảnh bị hỏng, không mở được (broken image): {exc}") from exc
    if width * height > limits.max_image_megapixels * 1e6:
        raise ReadError("file_too_large",
                        f"Ảnh {width}×{height} điểm, vượt giới hạn {limits.max_image_megapixels:g} megapixel trong "
                        f"cchc.toml (image too large)")
    return "image"


def _odf_kind(path: Path, named_kind: str, limits) -> str:
    """A zip named .odt/.ods/.doc: an OpenDocument file (or an Office one under an old name), checked like xlsx."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_declared_sizes(infos, limits)
            mimetype = zip_part(zf, "mimetype", 200).strip()
            names = set(zf.namelist())
            kind = ODF_MIMETYPES.get(mimetype) or next((k for k, part in MAIN_PART.items() if part in names), None)
            if kind is None:
                raise ReadError("file_misnamed", f"Tệp mang đuôi {path.suffix} là tệp nén (zip) nhưng không phải văn "
                                                 f"bản/bảng tính (zip file that is not a document)")
            if kind in ("odt", "ods") and b"encryption-data" in zip_part(zf, "META-INF/manifest.xml", 4 * MB):
                raise ReadError("file_encrypted",
                                "Tệp được đặt mật khẩu (mã hoá), không đọc được; đề nghị đơn vị gửi lại bản không mật "
                                "khẩu (encrypted, password-protected file)")
            _scan_parts(zf, infos, limits)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ReadError("file_truncated",
                        f"Tệp bị hỏng hoặc bị cắt cụt (tải về chưa hết?), không mở được (truncated or corrupt file): "
                        f"{exc}") from exc
    return kind


def _is_encrypted(path: Path) -> bool:
    import msoffcrypto

    try:
        with path.open("rb") as fh:
            return bool(msoffcrypto.OfficeFile(fh).is_encrypted())
    except Exception:  # msoffcrypto raises many kinds on containers it does not know: not an encrypted Office file
        return False


def _plain_kind(path: Path, named_kind: str) -> str:
    """Neither zip nor OLE: fine for csv/txt and html/htm; an .xls holding plain delimited text is read as text."""
    if named_kind in ("csv", "html"):  # a web page is read for its tables and its lines of text (Word's "web page")
        return named_kind
    with path.open("rb") as fh:
        start = fh.read(HTML_SNIFF_BYTES)
    if named_kind == "xls" and start[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # Excel's "Unicode Text" (UTF-16 with BOM, tab-separated) saved under an .xls name
        text = start[2:].decode("utf-16-le" if start[:2] == b"\xff\xfe" else "utf-16-be", errors="ignore")
        return "html" if text.lstrip().startswith("<") and "<table" in text.lower() else "csv"
    looks_markup = start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    if named_kind == "xls" and not looks_markup and b"\x00" not in start[:4096].lstrip(b"\xff\xfe"):
        # web systems often export tab-separated text under an .xls name
        return "csv"
    if named_kind == "xls" and looks_markup and b"<table" in start.lower():
        # ... or a web page holding a table ("export to Excel")
        return "html"
    what = "trang web/XML" if looks_markup else "văn bản thường (text)"
    raise ReadError("file_misnamed",
                    f"Tệp mang đuôi {path.suffix} nhưng nội dung là {what}, không phải tệp "
                    f"{'Excel' if named_kind in ('xlsx', 'xls') else 'Word'} (file content does not match its name)")


def _zip_kind(path: Path, named_kind: str, limits) -> str:
    """A zip container: check it is whole, not a bomb, holds no DTD, and which Office kind it really is."""
    if named_kind not in ("xlsx", "docx", "xls"):
        raise ReadError("file_misnamed",
                        f"Tệp mang đuôi {path.suffix} nhưng là tệp nén/Office (zip), không phải văn bản "
                        f"(file content does not match its name)")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_declared_sizes(infos, limits)
            kind = _office_kind(zf, path, named_kind)
            _scan_parts(zf, infos, limits)
    except (zipfile.BadZipFile, zlib.error, fast_zlib.error, EOFError) as exc:
        raise ReadError("file_truncated",
                        f"Tệp bị hỏng hoặc bị cắt cụt (tải về chưa hết?), không mở được (truncated or corrupt file): "
                        f"{exc}") from exc
    except NotImplementedError as exc:
        raise ReadError("file_unreadable", f"Tệp nén theo cách không hỗ trợ (unsupported zip compression): {exc}") \
            from exc
    return kind


def _check_declared_sizes(infos: list[zipfile.ZipInfo], limits) -> None:
    """Entry count, total declared size and per-part compression ratio, all before anything is inflated."""
    if len(infos) > limits.max_zip_entries:
        raise ReadError("zip_bomb",
                        f"Tệp chứa {len(infos)} phần, vượt giới hạn {limits.max_zip_entries} (too many zip entries: "
                        f"possible zip bomb)")
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_mb * MB:
        raise ReadError("zip_bomb",
                        f"Tệp giải nén ra {total / MB:.0f} MB, vượt giới hạn {limits.max_uncompressed_mb:g} MB "
                        f"(uncompressed size too large: possible zip bomb)")
    for info in infos:
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > limits.max_compression_ratio * max(
                info.compress_size, 1):
            raise ReadError("zip_bomb",
                            f"Phần '{info.filename}' nén {info.file_size / max(info.compress_size, 1):.0f} lần, "
                            f"vượt tỷ lệ {limits.max_compression_ratio:g} cho phép (compression ratio too high: "
                            f"possible zip bomb)")
        if info.flag_bits & 0x1:
            raise ReadError("file_encrypted", "Tệp nén có mật khẩu, không đọc được (encrypted zip entries)")


def _office_kind(zf: zipfile.ZipFile, path: Path, named_kind: str) -> str:
    """xlsx or docx by the parts inside, whatever the name says."""
    names = set(zf.namelist())
    for kind, part in MAIN_PART.items():
        if part in names:
            return kind
    raise ReadError("file_misnamed",
                    f"Tệp mang đuôi {path.suffix} là tệp nén (zip) nhưng không phải Excel/Word "
                    f"(zip file that is not an Office document)")


def _scan_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits) -> None:
    """Inflate every part once under a running byte cap: each must inflate to exactly its declared size and CRC,
    and hold no DTD in its prolog.

    A part that inflates past its declared size fails as soon as it does (as a corrupt file), so a header that lies
    about the size never reaches a parser. A DTD can only stand in a part's prolog (before the root element), so
    only the prolog is searched; the rest is inflated to be counted and checked, not searched.
    """
    budget = int(limits.max_uncompressed_mb * MB)
    with open(zf.filename, "rb") if zf.filename else nullcontext(zf.fp) as raw:
        for info in infos:
            if info.is_dir():
                continue
            try:
                if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    budget = _inflate_part(raw, info, budget, limits)
                else:  # bzip2, lzma: rare in Office files; zipfile inflates them, the whole part is searched
                    budget = _scan_part(zf, info, budget, limits)
            except zipfile.BadZipFile as exc:
                raise ReadError("file_truncated",
                                f"Tệp bị hỏng: phần '{info.filename}' không khớp kích thước/CRC đã khai báo (corrupt "
                                f"file: part does not match its declared size or CRC)") from exc


def _data_offset(raw, info: zipfile.ZipInfo) -> int:
    """Where a part's compressed bytes start, after its local header."""
    raw.seek(info.header_offset)
    header = raw.read(LOCAL_HEADER_SIZE)
    if len(header) < LOCAL_HEADER_SIZE or not header.startswith(b"PK\x03\x04"):
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    return info.header_offset + LOCAL_HEADER_SIZE + name_length + extra_length


def _inflate_part(raw, info: zipfile.ZipInfo, budget: int, limits) -> int:
    """Inflate one stored or deflated part in steps of at most CHUNK bytes; return the byte budget left."""
    raw.seek(_data_offset(raw, info))
    left = info.compress_size
    inflater = fast_zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    prolog = _Prolog(info.filename)
    size, crc, pending = 0, 0, b""
    while left or pending:
        if not pending:
            pending = raw.read(min(CHUNK, left))
            if not pending:
                raise zipfile.BadZipFile(f"{info.filename} ends early")
            left -= len(pending)
        if inflater is None:
            chunk, pending = pending, b""
        else:
            try:
                chunk = inflater.decompress(pending, CHUNK)  # never more than CHUNK bytes at a time
            except (zlib.error, fast_zlib.error) as exc:  # a damaged deflate stream: a corrupt file for every caller
                raise zipfile.BadZipFile(f"{info.filename}: {exc}") from exc
            pending = inflater.unconsumed_tail
            if inflater.eof:
                pending, left = b"", 0
        size += len(chunk)
        budget -= len(chunk)
        if size > info.file_size:
            raise zipfile.BadZipFile(f"{info.filename} inflates past its declared size")
        if budget < 0:
            raise ReadError("zip_bomb",
                            f"Tệp giải nén vượt {limits.max_uncompressed_mb:g} MB (uncompressed size too "
                            f"large: possible zip bomb)")
        prolog.feed(chunk)
        crc = fast_zlib.crc32(chunk, crc)
    if (inflater is not None and not inflater.eof) or size != info.file_size or crc != info.CRC:
        raise zipfile.BadZipFile(f"{info.filename}: size or CRC does not match the directory")
    return budget


class _Prolog:
    """Follows a part's first bytes until its root element starts, refusing a DTD (DOCTYPE / ENTITY) on the way.

    The prolog is read as markup (processing instructions and comments skipped), in UTF-8 or UTF-16. When no root
    element shows within PROLOG_BYTES (a huge comment, a part that is no XML), every further byte is searched
    for the DTD pattern, as a parser might still find one.
    """

    def __init__(self, name: str):
        self.name, self.head, self.state = name, b"", "prolog"  # prolog → body (done) or search (all bytes)
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        if self.state == "body" or not chunk:
            return
        if self.state == "search":
            self.search(chunk)
            return
        self.head += chunk
        start = root_start(self.head)
        if start is None and len(self.head) < PROLOG_BYTES:
            return
        if start == DTD_FOUND:
            self.refuse()
        if start is None:  # no root element in sight: search the head and every byte after it
            self.state = "search"
            self.search(self.head)
        else:
            self.state = "body"
        self.head = b""

    def search(self, chunk: bytes) -> None:
        window = self.tail + chunk
        # "<!" (UTF-8) or "<\0!" (UTF-16) is rare in OOXML: a fast C search first, the full pattern only then
        if (b"<!" in window or b"<\x00!" in window) and UNSAFE_XML.search(window):
            self.refuse()
        self.tail = chunk[-PATTERN_SPAN:]

    def refuse(self):
        raise ReadError("unsafe_xml",
                        f"Phần '{self.name}' chứa khai báo DOCTYPE/ENTITY (có thể đọc trộm tệp trên "
                        f"máy), tệp bị từ chối (unsafe XML: external entity / DTD)")


DTD_FOUND = -1


def root_start(head: bytes) -> int | None:
    """Where the root element starts in a part's first bytes (in characters of the decoded head); DTD_FOUND when a
    DOCTYPE or ENTITY declaration comes first; None when the head ends inside the prolog."""
    text = decoded_head(head)
    at = 0
    while (start := text.find("<", at)) >= 0:
        if text.startswith("<?", start):
            end, skip = text.find("?>", start + 2), 2
        elif text.startswith("<!--", start):
            end, skip = text.find("-->", start + 4), 3
        elif UNSAFE_XML.match(text[start:start + 9].encode("ascii", "replace")):
            return DTD_FOUND
        else:
            return start
        if end < 0:
            return None
        at = end + skip
    return None


def decoded_head(head: bytes) -> str:
    """A part's first bytes as text: UTF-16 when its byte order mark or first character says so, else bytes as they
    are (markup is ASCII in UTF-8 and every 8-bit encoding)."""
    if head[:2] in (b"\xff\xfe", b"<\x00") or (head[:1] != b"\x00" and head[1:2] == b"\x00"):
        return head[: len(head) // 2 * 2].decode("utf-16-le", errors="replace")
    if head[:2] in (b"\xfe\xff", b"\x00<") or head[:1] == b"\x00":
        return head[: len(head) // 2 * 2].decode("utf-16-be", errors="replace")
    return head.decode("latin-1")


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, limits) -> int:
    """Stream one part through zipfile (which stops it at its declared size and checks its CRC), searching every
    byte for a DTD; return the byte budget left."""
    prolog = _Prolog(info.filename)
    prolog.state = "search"
    with zf.open(info) as part:
        while chunk := part.read(CHUNK):
            budget -= len(chunk)
            if budget < 0:
                raise ReadError("zip_bomb",
                                f"Tệp giải nén vượt {limits.max_uncompressed_mb:g} MB (uncompressed size too "
                                f"large: possible zip bomb)")
            prolog.feed(chunk)
    return budget


def read_zip_part(path: str | Path, name: str, cap_bytes: int) -> bytes:
    """One part of a zip container, at most cap_bytes (b"" when it is not there)."""
    with zipfile.ZipFile(path) as zf:
        return zip_part(zf, name, cap_bytes)


def zip_part(zf: zipfile.ZipFile, name: str, cap_bytes: int) -> bytes:
    """One part of an open zip container, at most cap_bytes (b"" when it is not there)."""
    try:
        with zf.open(name) as part:
            return part.read(cap_bytes)
    except KeyError:
        return b""
