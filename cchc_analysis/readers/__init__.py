"""Files → plain grids of cells. The layout logic above never knows the file kind.

    files, skipped = list_input_files(folder)        # what to read, and what was left aside (with reasons)
    grids = read_grids(path, limits, log, source_file)  # list[Grid]; raises ReadError for an unusable file

`check_file(path, limits)` runs the pre-parse safety checks alone (size, zip bomb, encryption,
content unlike the name, unsafe XML, PDF pages, image pixels) and returns the kind the file will be read as.

Documents: `pdf` (text layer: readers/pdf; pages without text: readers/ocr), `image` (readers/ocr,
Tesseract), `doc`/`odt` (LibreOffice → docx: readers/convert), `ods` (calamine). OCR grids carry `pages` and
`confidence`; `review_ocr_cells` turns the low-confidence cells a return used into `review_ocr_value` issues.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .base import READ_ERROR_CODES, Grid, ReadError
from .guard import KIND_BY_SUFFIX, check_file, kind_of

__all__ = [
    "Grid", "ReadError", "READ_ERROR_CODES", "SkippedFile", "SUPPORTED_SUFFIXES",
    "read_grids", "check_file", "kind_of", "is_lock_file", "list_input_files", "review_ocr_cells",
    "ocr_review_rows", "apply_ocr_corrections",
]

SUPPORTED_SUFFIXES = tuple(KIND_BY_SUFFIX)
# files the operating system leaves in any folder: not returns, not worth a warning
SYSTEM_FILES = {"thumbs.db", "desktop.ini", "ehthumbs.db"}


@dataclass(frozen=True)
class SkippedFile:
    """A file in an input folder that is not read, with the issue a caller should log for it."""

    path: Path
    source_file: str
    code: str
    message: str
    severity: str


def is_lock_file(path: str | Path) -> bool:
    """Excel/Word's "~$name.xlsx" owner file, left beside a document while it is open."""
    return Path(path).name.startswith("~$")


def list_input_files(folder: str | Path) -> tuple[list[Path], list[SkippedFile]]:
    """Supported files under folder (sub-folders too), sorted by relative path; the rest as SkippedFile."""
    folder = Path(folder)
    files, skipped = [], []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder)
        source_file = relative.as_posix()
        if any(part.startswith(".") for part in relative.parts) or path.name.lower() in SYSTEM_FILES:
            skipped.append(SkippedFile(path, source_file, "file_hidden",
                                       "Bỏ qua tệp ẩn (hidden file skipped)", "info"))
        elif is_lock_file(path):
            skipped.append(SkippedFile(path, source_file, "lock_file",
                                       "Bỏ qua tệp khoá '~$' do Excel/Word tạo khi đang mở tệp (lock file skipped)",
                                       "info"))
        elif kind_of(path) is None:
            skipped.append(SkippedFile(path, source_file, "unsupported_format",
                                       f"Loại tệp '{path.suffix or '(không có đuôi)'}' không đọc được; hãy gửi xlsx, "
                                       f"xls, docx, pdf, ảnh chụp (jpg/png), doc, ods, csv hoặc html "
                                       f"(unsupported file type)", "warning"))
        else:
            files.append(path)
    return files, skipped


def read_grids(path: str | Path, limits, log, source_file: str | None = None,
               max_rows: int | None = None) -> list[Grid]:
    """The file's sheets as Grids (cells: cleaned str, int/float, datetime, None).

    Checks the file first (check_file); notes such as hidden sheets or rows cut at max_rows
    (default limits.max_return_rows) go to log. Raises ReadError when the file cannot be used.
    """
    path = Path(path)
    source_file = source_file or path.name
    max_rows = int(max_rows if max_rows is not None else limits.max_return_rows)
    kind = check_file(path, limits)
    try:
        grids = _reader(kind, limits)(path, log, source_file, max_rows)
    except ReadError:
        raise
    except MemoryError as exc:
        raise ReadError("file_too_large", "Tệp quá lớn để đọc trong bộ nhớ (file too large for memory)") from exc
    except Exception as exc:  # any parser failure on one file becomes that file's error, never a crash
        raise ReadError("file_unreadable", f"Không đọc được tệp (unreadable file): {type(exc).__name__}: {exc}") \
            from exc
    # an empty sheet gives the layout nothing to find: leave it out
    grids = [grid for grid in grids if grid.has_data()]
    if not grids:
        raise ReadError("no_data", "Tệp không có dữ liệu nào đọc được (no data in file)")
    return grids


def review_ocr_cells(grids, layout, log, source_file: str, limits, rows: list[dict] | None = None) -> int:
    """`review_ocr_value` warnings for the OCR-read cells a return's figures and people rest on (see readers.ocr;
    `rows`: the caller's `ocr_review_rows`, not worked out again); 0 and nothing logged for grids not read by OCR."""
    if not any(getattr(g, "confidence", None) is not None for g in grids):
        return 0
    from .ocr import review_cells

    return review_cells(grids, layout, log, source_file, limits, rows)


def ocr_review_rows(grids, layout, source_file: str, limits) -> list[dict]:
    """The OCR cells a return rests on that read below the confidence set, as rows of the review workbook's
    `o_can_kiem_tra` sheet (see readers.ocr.review_rows); [] for grids not read by OCR."""
    if not any(getattr(g, "confidence", None) is not None for g in grids):
        return []
    from .ocr import review_rows

    return review_rows(grids, layout, source_file, limits)


def apply_ocr_corrections(grids, corrections) -> int:
    """The analyst's corrected OCR values written into the grid before the layout reads it (readers.ocr)."""
    if not corrections or not any(getattr(g, "confidence", None) is not None for g in grids):
        return 0
    from .ocr import apply_corrections

    return apply_corrections(grids, corrections)


def _reader(kind: str, limits):
    if kind == "pdf":
        from .pdf import read_pdf
        return partial(read_pdf, limits=limits)
    if kind == "image":
        from .ocr import read_image
        return partial(read_image, limits=limits)
    if kind in ("doc", "odt"):
        from .convert import read_converted
        return partial(read_converted, limits=limits)
    if kind == "ods":
        from .convert import read_ods
        return read_ods
    if kind == "xlsx":
        from .xlsx import read_xlsx
        return read_xlsx
    if kind == "xls":
        from .xls import read_xls
        return read_xls
    if kind == "docx":
        from .docx import read_docx
        return read_docx
    if kind == "html":
        from .html import read_html
        return read_html
    from .csv import read_csv
    return read_csv
