"""PDF → one Grid ("document"), the way the docx reader gives a Word file: lines and table rows in page order.

A page with a text layer (Word → PDF, printed to PDF, digitally signed) is read with pdfplumber: its words with
their positions, and its ruled tables. A text line is a row; where a line has a wide gap (the letterhead's two
columns, the signature block) it is cut into cells there. A table row is a row of its cells, a merged cell
repeated across the positions it covers (as a person reads it); a cell's wrapped lines are joined with a space,
a line the writer broke short stays a line of its own ("\\n"). A table that runs on over a page break stays one
table: the page-number line between is dropped, a running header or footer (a margin line repeated from an
earlier page) is read once, and a table header row repeated on the new page is read once.
Images (stamps, a scanned signature) and annotations (the digital-signature box) are never read as text, so they
never stop the body. A page without a text layer (a scan inside the PDF) is drawn and read by OCR (readers.ocr).

Nothing in the PDF is run or extracted: no JavaScript, no attachments, no forms.
Grid.pages gives each row's page; Grid.confidence the OCR confidence of cells read from scanned pages.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from .base import Grid, ReadError
from .document_rows import Row, rows_to_grid

SHEET_NAME = "document"
# a page with fewer characters than this in its text layer is a scan (a stamp's few letters do not make text)
MIN_TEXT_CHARS = 25
# words whose tops differ by less than this share of the font size sit on one line
LINE_TOLERANCE = 0.45
# a gap wider than this many font sizes between two words of a line starts a new cell
CELL_GAP = 2.2
# the top and bottom share of a page where a page number or a running header sits
MARGIN_SHARE = 0.09
PAGE_NUMBER = re.compile(r"^\s*(?:trang|page|-)?\s*\d{1,3}\s*(?:(?:/|trên|of)\s*\d{1,3})?\s*-?\s*$", re.IGNORECASE)


@dataclass
class Line:
    words: list[dict] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def size(self) -> float:
        return statistics.median(w.get("size") or (w["bottom"] - w["top"]) for w in self.words)


def read_pdf(path: str | Path, log, source_file: str, max_rows: int, limits=None) -> list[Grid]:
    """The PDF as one Grid; a scanned page inside it is read by OCR (Tesseract must then be installed)."""
    import pdfplumber

    rows: list[Row] = []
    scanned: list[int] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                if len(page.chars) < MIN_TEXT_CHARS:
                    scanned.append(number)
                    continue
                rows.extend(page_rows(page, number))
    except ReadError:
        raise
    except Exception as exc:  # pdfminer's many error kinds on a damaged or password-protected file
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise ReadError("file_encrypted", "Tệp PDF được đặt mật khẩu, không đọc được (encrypted PDF)") from exc
        raise ReadError("file_unreadable", f"Không đọc được tệp PDF (unreadable PDF): {name}: {exc}") from exc
    if scanned:
        from .ocr import ocr_pdf_pages

        rows.extend(ocr_pdf_pages(path, scanned, limits, log, source_file))
        rows.sort(key=lambda r: r.page)  # stable: each page's rows keep their order
    rows = join_split_tables(without_running_lines(rows))
    return [rows_to_grid(rows, SHEET_NAME, log, source_file, max_rows)]


def without_running_lines(rows: list[Row]) -> list[Row]:
    """A running header or footer (a margin line repeated from an earlier page) is read once, on its first page."""
    seen: set[tuple] = set()
    out = []
    for row in rows:
        key = tuple(row.cells)
        if row.margin and row.table is None:
            if key in seen:
                continue
            seen.add(key)
        out.append(row)
    return out


# ----------------------------------------------------------------------------- one page with a text layer

def page_rows(page, number: int) -> list[Row]:
    """A page's text lines and table rows, top to bottom; page numbers and running headers left out."""
    tables = [t for t in page.find_tables() if len(t.rows) >= 1]
    words = page.extract_words(extra_attrs=["size"], keep_blank_chars=False, use_text_flow=False)
    inside = [[] for _ in tables]
    loose = []
    for word in words:
        cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        host = next((i for i, t in enumerate(tables) if _contains(t.bbox, cx, cy)), None)
        (loose if host is None else inside[host]).append(word)
    height = float(page.height)
    rows = [Row(cells, number, top=top, margin=top < MARGIN_SHARE * height or top > (1 - MARGIN_SHARE) * height)
            for top, cells in text_lines(loose, page)]
    for index, (table, table_words) in enumerate(zip(tables, inside)):
        rows.extend(Row(cells, number, table=(number, index), top=top)
                    for top, cells in table_grid(table, table_words))
    rows.sort(key=lambda r: r.top)
    return rows


def _contains(bbox, x: float, y: float, pad: float = 0.5) -> bool:
    x0, top, x1, bottom = bbox
    return x0 - pad <= x <= x1 + pad and top - pad <= y <= bottom + pad


def group_lines(words: list[dict]) -> list[Line]:
    """Words grouped into lines by their tops (a tolerance of part of the font size), each left to right."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        size = word.get("size") or (word["bottom"] - word["top"])
        if lines and abs(word["top"] - lines[-1].top) <= LINE_TOLERANCE * size:
            lines[-1].words.append(word)
        else:
            lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return lines


def split_cells(line: Line) -> list[str]:
    """A line's text, cut into cells where two words stand far apart."""
    cells, current = [], [line.words[0]]
    for prev, word in zip(line.words, line.words[1:]):
        if word["x0"] - prev["x1"] > CELL_GAP * line.size:
            cells.append(current)
            current = []
        current.append(word)
    cells.append(current)
    return [" ".join(w["text"] for w in cell) for cell in cells]


def text_lines(words: list[dict], page) -> list[tuple[float, list[object]]]:
    """(top, cells) of the loose lines, less a page number in the page margins; a paragraph that Word wrapped
    over several lines is one row again (a label and its number may sit on either side of a wrap)."""
    height = float(page.height)
    kept = []
    for line in group_lines(words):
        text = " ".join(w["text"] for w in line.words)
        in_margin = line.top < MARGIN_SHARE * height or line.top > (1 - MARGIN_SHARE) * height
        if not (in_margin and PAGE_NUMBER.match(text)):
            kept.append((line, split_cells(line)))
    single = [line for line, cells in kept if len(cells) == 1]
    right = max((w["x1"] for line in single for w in line.words), default=0.0)
    out: list[tuple[float, list[object]]] = []
    prev = None
    for line, cells in kept:
        if prev is not None and len(cells) == 1 and len(out[-1][1]) == 1 and wraps_into(prev, line, right,
                                                                                     float(page.width)):
            out[-1] = (out[-1][0], [f"{out[-1][1][0]} {cells[0]}"])
        else:
            out.append((line.top, cells))
        prev = line
    return out


def wraps_into(prev: Line, line: Line, right: float, page_width: float) -> bool:
    """line goes on with prev's paragraph: prev is a long line that ran to the right edge, line follows close
    below in the same size (a signature block's short lines stay lines of their own)."""
    size = prev.size
    end = max(w["x1"] for w in prev.words)
    full = end >= right - 2.5 * size and end - prev.words[0]["x0"] >= 0.5 * page_width
    close = 0 < line.top - prev.top <= 1.8 * size
    return full and close and abs(line.size - size) < 0.5


def cell_text(words: list[dict], bbox) -> str | None:
    """A table cell's words as text: a wrapped line joined with a space, a line broken short kept as a line."""
    lines = group_lines(words)
    if not lines:
        return None
    right = bbox[2]
    parts = [" ".join(w["text"] for w in lines[0].words)]
    for prev, line in zip(lines, lines[1:]):
        first = line.words[0]
        room = right - max(w["x1"] for w in prev.words)
        # the next line's first word would have fitted after the previous line: the writer broke the line
        fits = room > (first["x1"] - first["x0"]) + 0.6 * line.size + 4
        parts.append(("\n" if fits else " ") + " ".join(w["text"] for w in line.words))
    return "".join(parts)


def table_grid(table, words: list[dict]) -> list[tuple[float, list[object]]]:
    """(top, cells) of a ruled table's rows; a position inside a merged cell repeats its text."""
    cells = [c for row in table.rows for c in row.cells if c is not None]
    texts = {c: cell_text([w for w in words if _contains(c, (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2)],
                          c) for c in cells}
    xs = sorted({round(c[0], 1) for c in cells} | {round(c[2], 1) for c in cells})
    xs = _merge_close(xs)
    out = []
    for row in table.rows:
        top, bottom = row.bbox[1], row.bbox[3]
        cy = (top + bottom) / 2
        values = []
        for x0, x1 in zip(xs, xs[1:]):
            cx = (x0 + x1) / 2
            host = next((c for c in cells if _contains(c, cx, cy, pad=0)), None)
            values.append(texts.get(host) if host else None)
        out.append((top, values))
    return out


def _merge_close(xs: list[float], gap: float = 2.0) -> list[float]:
    merged: list[float] = []
    for x in xs:
        if not merged or x - merged[-1] > gap:
            merged.append(x)
    return merged


def join_split_tables(rows: list[Row]) -> list[Row]:
    """A table whose first rows sit on the next page is one table: its repeated header row is read once."""
    out: list[Row] = []
    header: dict[object, list] = {}
    last_table = None
    for row in rows:
        if row.table is not None and row.table not in header:
            starts_page = not any(r.page == row.page and r.top < row.top and r.table is None for r in rows)
            prev = out[-1] if out else None
            continued = (starts_page and prev is not None and prev.table is not None and prev.page == row.page - 1
                         and len(row.cells) == len(prev.cells))
            header[row.table] = header.get(last_table) if continued else row.cells
            if continued and row.cells == header[row.table]:
                last_table = row.table
                continue
        if row.table is not None:
            last_table = row.table
        out.append(row)
    return out
