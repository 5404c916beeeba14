"""Scans and photos (.png, .jpg, .jpeg, .tif, .tiff, and PDF pages without a text layer) → rows of cells by OCR.

Each page is straightened and cleaned before Tesseract sees it:
1. grey from the darkest channel's opposite (max of R, G, B), so a red stamp and blue-ink signature fade to white
   while black print stays black; a median filter takes out speckle;
2. deskew: the angle (±6°) at which the rows of ink line up best (the variance of the row sums is highest);
3. threshold (Otsu) to black and white;
4. the table found by its ruling lines: long horizontal and vertical runs of ink; two horizontal lines joined by
   vertical ones bound a table row, the vertical lines in it cut the row into cells (a cell spanning two
   columns is repeated across both, as a person reads a merged cell);
5. Tesseract with the Vietnamese model (`vie`): once for the page with the tables blanked (the letterhead,
   title, date and signature lines; a line with a wide gap is cut into cells as in a PDF), once over all the table
   cells (each cell a page of its own, lines erased), and once more over the cells that read as numbers, with
   digits only: where the two readings of a number differ, its confidence is set low.

Every cell keeps its confidence (the lowest of its words, 0-100); Grid.confidence carries it beside the cells.
`review_cells` (called after the layout is read) turns the cells a return's figures and people came from
that were read below `limits.ocr_min_confidence` into `review_ocr_value` warnings naming file, page, row and the
value read. Nothing is "fixed": a low-confidence value is used as read.

Tesseract is a program (Debian: tesseract-ocr, tesseract-ocr-vie); where it is missing the file is a
`tool_missing` ReadError saying how to install it.
"""
from __future__ import annotations

import csv
import functools
import io
import math
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .base import ReadError
from .convert import run_killable
from .document_rows import Row, rows_to_grid

INSTALL_HINT = "sudo apt-get install tesseract-ocr tesseract-ocr-vie"
LANGUAGE = "vie"
MAX_ANGLE = 6.0
# a ruling line is a run of ink at least this long (inches): longer than any letter's stroke
H_LINE_INCHES = 0.45
V_LINE_INCHES = 0.18
# a number cell: digits with an optional % or decimal comma (the rate), nothing else
NUMBER_CELL = re.compile(r"^\s*\d{1,5}(?:[.,]\d{1,2})?\s*%?\s*$")
# confidence given to a number whose two readings differ
DISAGREE_CONFIDENCE = 20.0
SHEET_NAME = "document"
# pages are read at this resolution (a photo at less is enlarged first)
OCR_DPI = 300
# a gap wider than this many word heights cuts a scanned line into cells (word boxes are taller than a font size)
SCAN_CELL_GAP = 1.6


@dataclass
class Word:
    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width


# ----------------------------------------------------------------------------- Tesseract

@functools.lru_cache(maxsize=1)
def tesseract_languages() -> tuple[str, ...]:
    program = shutil.which("tesseract")
    if program is None:
        return ()
    try:
        out = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(line.strip() for line in out.splitlines()[1:] if line.strip())


def ocr_available() -> str | None:
    """None when Tesseract and its Vietnamese model are installed, else what is missing (for a skip reason)."""
    if shutil.which("tesseract") is None:
        return f"Tesseract chưa được cài (tesseract missing): {INSTALL_HINT}"
    if LANGUAGE not in tesseract_languages():
        return f"Thiếu mô hình tiếng Việt của Tesseract (tesseract 'vie' model missing): {INSTALL_HINT}"
    return None


def require_tesseract() -> str:
    missing = ocr_available()
    if missing:
        raise ReadError("tool_missing",
                        f"Tệp là ảnh chụp/bản quét, cần Tesseract để đọc; {missing}; hoặc chạy `make build` với quyền "
                        f"root, rồi chạy lại")
    return shutil.which("tesseract")


def tesseract_words(image_paths: list[Path], psm: int, dpi: int, seconds: float, work: Path,
                    digits: bool = False) -> dict[int, list[tuple[int, int, int, Word]]]:
    """Words Tesseract reads in each image (one process for them all): image index → [(block, par, line, Word)]."""
    program = require_tesseract()
    listing = work / f"list-{psm}-{int(digits)}.txt"
    listing.write_text("\n".join(str(p) for p in image_paths) + "\n", encoding="utf-8")
    command = [program, str(listing), "stdout", "-l", LANGUAGE, "--psm", str(psm), "--dpi", str(dpi)]
    if digits:
        command += ["-c", "tessedit_char_whitelist=0123456789,%"]
    command.append("tsv")
    # one thread: on a shared machine Tesseract's OpenMP threads only fight each other (its docs advise this)
    result = run_killable(command, seconds * max(1, len(image_paths) // 20 + 1), cwd=work,
                          env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    if result.returncode != 0:
        raise ReadError("file_unreadable",
                        f"Tesseract không đọc được ảnh (OCR failed): {result.stderr.decode(errors='replace')[-300:]}")
    out: dict[int, list] = {i: [] for i in range(len(image_paths))}
    reader = csv.DictReader(io.StringIO(result.stdout.decode("utf-8", errors="replace")), delimiter="\t",
                            quoting=csv.QUOTE_NONE)
    for rec in reader:
        if rec.get("level") != "5" or not (rec.get("text") or "").strip():
            continue
        index = int(rec["page_num"]) - 1
        word = Word(rec["text"].strip(), float(rec["conf"]), int(rec["left"]), int(rec["top"]), int(rec["width"]),
                    int(rec["height"]))
        out.setdefault(index, []).append((int(rec["block_num"]), int(rec["par_num"]), int(rec["line_num"]), word))
    return out


# ----------------------------------------------------------------------------- image cleaning

def to_grey(image):
    """A page image as a numpy grey array: coloured marks (red stamp, blue signature) fade, print stays dark."""
    import numpy as np
    from PIL import ImageFilter, ImageOps

    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if image.mode == "RGB":
        grey = np.asarray(image).max(axis=2).astype(np.uint8)
    else:
        grey = np.asarray(image).astype(np.uint8)
    from PIL import Image

    return flatten_light(np.asarray(Image.fromarray(grey).filter(ImageFilter.MedianFilter(3))))


def flatten_light(grey):
    """The paper made evenly white: each pixel divided by the local paper brightness (a phone photo's shadow or a
    scanner's dark edge would otherwise fall on the ink side of one global threshold)."""
    import numpy as np
    from PIL import Image, ImageFilter

    small = Image.fromarray(grey).resize((max(1, grey.shape[1] // 16), max(1, grey.shape[0] // 16)), Image.BILINEAR)
    # the paper's brightness: the lightest values nearby (ink removed by a max filter), smoothed
    paper = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(3))
    paper = np.asarray(paper.resize((grey.shape[1], grey.shape[0]), Image.BILINEAR)).astype(np.float32)
    flat = grey.astype(np.float32) / np.maximum(paper, 1) * 255
    return np.clip(flat, 0, 255).astype(np.uint8)


def otsu(grey) -> int:
    import numpy as np

    hist = np.bincount(grey.ravel(), minlength=256).astype(float)
    total = hist.sum()
    levels = np.arange(256)
    weight0 = np.cumsum(hist)
    mean0 = np.cumsum(hist * levels)
    weight1 = total - weight0
    mu_total = mean0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mu_total * weight0 / total - mean0) ** 2 / (weight0 * weight1 / total)
    between[~np.isfinite(between)] = 0
    return int(between.argmax())


def ink_mask(grey):
    """Black-and-white by Otsu's threshold: True where there is ink (levels up to the threshold)."""
    return grey <= otsu(grey)


def skew_angle(ink) -> float:
    """Degrees to turn the page (counter-clockwise) so its lines are level: the best row-sum variance."""
    import numpy as np
    from PIL import Image

    small = Image.fromarray((ink * 255).astype(np.uint8))
    scale = max(1, round(small.width / 700))
    small = small.resize((small.width // scale, small.height // scale), Image.BILINEAR)

    def score(angle: float) -> float:
        turned = np.asarray(small.rotate(angle, resample=Image.BILINEAR, fillcolor=0), dtype=np.float32)
        return float(turned.sum(axis=1).var())

    best = max((a / 4 for a in range(int(-MAX_ANGLE * 4), int(MAX_ANGLE * 4) + 1)), key=score)
    return max((best + a / 40 for a in range(-10, 11)), key=score)


def straighten(grey):
    """(grey page turned level, black-and-white ink mask as bool)."""
    import numpy as np
    from PIL import Image

    ink = ink_mask(grey)
    angle = skew_angle(ink)
    if abs(angle) >= 0.05:
        grey = np.asarray(Image.fromarray(grey).rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255))
        ink = ink_mask(grey)
    return grey, ink


def runs_mask(ink, length: int, axis: int):
    """Pixels on a straight run of ink at least `length` long along axis (1 = horizontal, 0 = vertical)."""
    import numpy as np

    a = ink if axis == 1 else ink.T
    # allow one-pixel gaps from thresholding: close first by a 3-pixel window
    padded = np.pad(a.astype(np.int32), ((0, 0), (1, 1)))
    closed = (padded[:, :-2] + padded[:, 1:-1] + padded[:, 2:]) >= 2
    csum = np.pad(np.cumsum(closed, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    full = (csum[:, length:] - csum[:, :-length]) >= length
    # every pixel under a full window
    fcs = np.pad(np.cumsum(full, axis=1, dtype=np.int32), ((0, 0), (length, 0)))
    covered = (fcs[:, length:] - fcs[:, :-length]) > 0
    covered = covered[:, : a.shape[1]]
    if covered.shape[1] < a.shape[1]:
        covered = np.pad(covered, ((0, 0), (0, a.shape[1] - covered.shape[1])))
    covered &= a
    return covered if axis == 1 else covered.T


def _groups(indices, gap: int = 3) -> list[tuple[int, int]]:
    """Consecutive runs in a sorted index list, as (first, last)."""
    out: list[tuple[int, int]] = []
    for i in indices:
        i = int(i)
        if out and i - out[-1][1] <= gap:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


@dataclass
class TableCell:
    row: int
    col0: int
    col1: int  # last grid column the cell spans
    box: tuple[int, int, int, int]  # left, top, right, bottom (pixels, inside the lines)


@dataclass
class Table:
    top: int
    bottom: int
    left: int
    right: int
    rows: list[tuple[int, int]]
    columns: int
    cells: list[TableCell]


def find_tables(ink, dpi: int) -> tuple[list[Table], object]:
    """Ruled tables on a page, and the mask of their lines (to erase before OCR)."""
    import numpy as np

    h_mask = runs_mask(ink, max(20, int(H_LINE_INCHES * dpi)), axis=1)
    v_mask = runs_mask(ink, max(10, int(V_LINE_INCHES * dpi)), axis=0)
    lines_mask = h_mask | v_mask
    h_rows = np.nonzero(h_mask.sum(axis=1) > 0.5 * H_LINE_INCHES * dpi)[0]
    h_lines = []
    for y0, y1 in _groups(h_rows):
        xs = np.nonzero(h_mask[y0:y1 + 1].any(axis=0))[0]
        h_lines.append((y0, y1, int(xs.min()), int(xs.max())))
    tables: list[Table] = []
    current: list[tuple] = []
    bands: list[list[tuple[int, int]]] = []

    def separators(a, b, x0, x1) -> list[tuple[int, int]]:
        band = v_mask[a:b, x0:x1 + 1]
        if band.shape[0] <= 0:
            return []
        filled = band.mean(axis=0) > 0.8
        return [(x0 + s, x0 + e) for s, e in _groups(np.nonzero(filled)[0], gap=2)]

    for line in h_lines:
        if current:
            prev = current[-1]
            x0, x1 = max(prev[2], line[2]), min(prev[3], line[3])
            seps = separators(prev[1] + 2, line[0] - 1, x0 - 3, x1 + 3) if x1 > x0 else []
            if len(seps) >= 2 and line[0] - prev[1] > 0.08 * dpi:
                current.append(line)
                bands.append(seps)
                continue
            if len(current) >= 2:
                tables.append(_table(current, bands))
        current, bands = [line], []
    if len(current) >= 2:
        tables.append(_table(current, bands))
    return tables, lines_mask


def _table(lines: list[tuple], bands: list[list[tuple[int, int]]]) -> Table:
    """A table from its horizontal lines and each row's vertical separators; columns shared across rows."""
    xs = sorted((s + e) / 2 for seps in bands for s, e in seps)
    columns_x: list[float] = []
    for x in xs:
        if columns_x and x - columns_x[-1] < 12:
            continue
        columns_x.append(x)
    cells = []
    rows = []
    for r, (seps, (top_line, bottom_line)) in enumerate(zip(bands, zip(lines, lines[1:]))):
        top, bottom = top_line[1] + 1, bottom_line[0] - 1
        rows.append((top, bottom))
        for (s0, e0), (s1, e1) in zip(seps, seps[1:]):
            c0 = min(range(len(columns_x)), key=lambda i: abs(columns_x[i] - (s0 + e0) / 2))
            c1 = min(range(len(columns_x)), key=lambda i: abs(columns_x[i] - (s1 + e1) / 2)) - 1
            cells.append(TableCell(r, c0, max(c0, c1), (e0 + 1, top, s1 - 1, bottom)))
    return Table(lines[0][0], lines[-1][1], min(line[2] for line in lines), max(line[3] for line in lines), rows,
                 max(1, len(columns_x) - 1), cells)


# ----------------------------------------------------------------------------- one page

def ocr_page(image, page_no: int, limits, dpi: int | None = None) -> list[Row]:
    """A page image's rows: loose lines and table rows top to bottom, each cell with its confidence."""
    import numpy as np
    from PIL import Image

    dpi = int(dpi or _image_dpi(image) or 300)
    seconds = float(getattr(limits, "ocr_seconds_per_page", 120))
    require_tesseract()
    grey, ink = straighten(to_grey(image))
    if dpi < OCR_DPI - 20:
        # Tesseract reads best near 300 dpi: a 200 dpi photo is enlarged before the threshold
        grey = np.asarray(Image.fromarray(grey).resize(
            (round(grey.shape[1] * OCR_DPI / dpi), round(grey.shape[0] * OCR_DPI / dpi)), Image.LANCZOS))
        ink, dpi = ink_mask(grey), OCR_DPI
    tables, lines_mask = find_tables(ink, dpi)
    clean = np.where(ink & ~lines_mask, 0, 255).astype(np.uint8)
    soft = np.where(lines_mask, 255, grey).astype(np.uint8)  # the grey page, lines erased: a second, independent look
    with tempfile.TemporaryDirectory(prefix="cchc-ocr-") as work:
        work = Path(work)
        loose = clean.copy()
        for t in tables:
            loose[max(0, t.top - 3): t.bottom + 4, max(0, t.left - 3): t.right + 4] = 255
        page_path = work / "page.png"
        Image.fromarray(loose).save(page_path, dpi=(dpi, dpi))
        crops, crop_paths, soft_paths = [], [], []
        pad = max(6, dpi // 25)
        for t_index, t in enumerate(tables):
            for cell in t.cells:
                left, top, right, bottom = cell.box
                m = max(2, dpi // 100)  # stay clear of the ruling line's blur
                box = (slice(top + m, bottom - m + 1), slice(left + m, right - m + 1))
                crop = clean[box]
                if crop.size == 0 or (crop < 128).sum() < 0.02 * dpi:
                    continue
                path = work / f"cell-{len(crops)}.png"
                Image.fromarray(np.pad(crop, pad, constant_values=255)).save(path, dpi=(dpi, dpi))
                soft_path = work / f"soft-{len(crops)}.png"
                Image.fromarray(np.pad(soft[box], pad, constant_values=255)).save(soft_path, dpi=(dpi, dpi))
                crops.append((t_index, cell))
                crop_paths.append(path)
                soft_paths.append(soft_path)
        page_words = tesseract_words([page_path], 3, dpi, seconds, work)[0]
        cell_words = tesseract_words(crop_paths, 6, dpi, seconds, work) if crop_paths else {}
        cell_values: dict[tuple[int, int, int], tuple[str, float]] = {}
        number_crops, line_crops = [], []
        for i, (t_index, cell) in enumerate(crops):
            found = sorted(cell_words.get(i, []), key=lambda x: (x[0], x[1], x[2], x[3].left))
            words = [w for *_, w in found]
            if not words:
                continue
            text = " ".join(w.text for w in words)
            conf = min(w.conf for w in words)
            key = (t_index, cell.row, cell.col0)
            cell_values[key] = (text, conf)
            if NUMBER_CELL.match(text):
                number_crops.append((i, key))
            elif len({tuple(x[:3]) for x in found}) == 1:
                line_crops.append((i, key))
        # a second reading of each number (digits only) and each one-line text (the grey crop): where the two
        # readings differ the value is kept but its confidence is set low, so the analyst is asked to look
        for group, paths, psm, digits, same in (
                (number_crops, crop_paths, 7, True, lambda a, b: _digits(a) == _digits(b)),
                (line_crops, soft_paths, 7, False, lambda a, b: _plain(a) == _plain(b))):
            if not group:
                continue
            again = tesseract_words([paths[i] for i, _ in group], psm, dpi, seconds, work, digits=digits)
            for j, (_, key) in enumerate(group):
                second = " ".join(w.text for *_, w in sorted(again.get(j, []), key=lambda x: (x[:3], x[3].left)))
                text, conf = cell_values[key]
                if not same(second, text):
                    cell_values[key] = (text, min(conf, DISAGREE_CONFIDENCE))
    rows = [Row(cells, page_no, confidence=confs, top=top) for top, cells, confs in loose_lines(page_words, dpi)]
    for t_index, t in enumerate(tables):
        for r, (top, _) in enumerate(t.rows):
            cells: list[object] = [None] * t.columns
            confs: list[float | None] = [None] * t.columns
            for cell in (c for c in t.cells if c.row == r):
                value = cell_values.get((t_index, r, cell.col0))
                if value is None:
                    continue
                for c in range(cell.col0, min(cell.col1, t.columns - 1) + 1):
                    cells[c], confs[c] = value
            if any(v is not None for v in cells):
                rows.append(Row(cells, page_no, confidence=confs, table=(page_no, t_index), top=top))
    rows.sort(key=lambda r: r.top)
    return rows


def _plain(text: str) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", text).split())


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def _image_dpi(image) -> int | None:
    info = image.info.get("dpi")
    try:
        value = int(round(float(info[0]))) if info else None
    except (TypeError, ValueError, IndexError):
        value = None
    return value if value and 100 <= value <= 1200 else None


def loose_lines(words: list[tuple[int, int, int, Word]], dpi: int) -> list[tuple[int, list[object], list]]:
    """(top, cells, confidences) of the text outside tables: words on one level form a line, a wide gap cuts it."""
    items = sorted((w for *_, w in words), key=lambda w: (w.top, w.left))
    lines: list[list[Word]] = []
    for word in items:
        if lines:
            line = lines[-1]
            mid = word.top + word.height / 2
            top = min(w.top for w in line)
            bottom = max(w.top + w.height for w in line)
            if top <= mid <= bottom:
                line.append(word)
                continue
        lines.append([word])
    out = []
    for line in lines:
        line.sort(key=lambda w: w.left)
        size = sorted(w.height for w in line)[len(line) // 2]
        groups: list[list[Word]] = [[line[0]]]
        for prev, word in zip(line, line[1:]):
            if word.left - prev.right > SCAN_CELL_GAP * size:
                groups.append([])
            groups[-1].append(word)
        cells = [" ".join(w.text for w in g) for g in groups]
        confs = [min(w.conf for w in g) for g in groups]
        out.append((min(w.top for w in line), cells, confs))
    return out


# ----------------------------------------------------------------------------- files

def cache_folder() -> Path:
    """Where pages already read are kept: $CCHC_OCR_CACHE, else the user's cache folder (never data/raw)."""
    own = os.environ.get("CCHC_OCR_CACHE")
    if own:
        return Path(own)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cchc-analysis" / "ocr"


@functools.lru_cache(maxsize=1)
def _code_stamp() -> str:
    """A change to this reader or to Tesseract makes every cached page stale."""
    import hashlib

    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(" ".join(tesseract_languages()).encode())
    try:
        digest.update(subprocess.run([shutil.which("tesseract") or "tesseract", "--version"], capture_output=True,
                                     timeout=30).stdout)
    except (OSError, subprocess.SubprocessError):
        pass
    return digest.hexdigest()[:16]


def cached_page(path, number: int, limits, read) -> list[Row]:
    """A page's rows from the cache when this file's bytes were read before with the same code and settings,
    else read (OCR takes seconds a page; an analyst runs `cchc build` many times over the same scans)."""
    import hashlib
    import json

    digest = hashlib.sha256(Path(path).read_bytes())
    digest.update(f"{number}|{getattr(limits, 'ocr_dpi', 300)}|{_code_stamp()}".encode())
    entry = cache_folder() / f"{digest.hexdigest()}.json"
    try:
        saved = json.loads(entry.read_text(encoding="utf-8"))
        return [Row(r["cells"], r["page"], r["confidence"], tuple(r["table"]) if r["table"] else None, r["top"])
                for r in saved]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    rows = read()
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temp = entry.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(json.dumps([{"cells": r.cells, "page": r.page, "confidence": r.confidence,
                                     "table": r.table, "top": r.top} for r in rows], ensure_ascii=False),
                        encoding="utf-8")
        os.replace(temp, entry)
    except OSError:  # a read-only home: the page is simply read again next time
        pass
    return rows


def read_image(path: str | Path, log, source_file: str, max_rows: int, limits=None) -> list:
    """A scan or photo (every frame of a multi-page TIFF) as one Grid; each page's rows carry their page."""
    from PIL import Image, ImageSequence

    require_tesseract()
    max_pages = int(getattr(limits, "max_pdf_pages", 30))
    Image.MAX_IMAGE_PIXELS = int(getattr(limits, "max_image_megapixels", 120) * 1e6)
    rows: list[Row] = []
    try:
        with Image.open(path) as image:
            for number, frame in enumerate(ImageSequence.Iterator(image), 1):
                if number > max_pages:
                    log.add("pages_truncated", f"Chỉ đọc {max_pages} trang đầu của ảnh nhiều trang (pages cut at the "
                                               f"limit in cchc.toml)", source_file=source_file, severity="warning")
                    break
                rows.extend(cached_page(path, number, limits,
                                        lambda frame=frame, number=number: ocr_page(frame.copy(), number, limits)))
    except ReadError:
        raise
    except Image.DecompressionBombError as exc:
        raise ReadError("file_too_large", f"Ảnh quá lớn (image too large): {exc}") from exc
    return [rows_to_grid(rows, SHEET_NAME, log, source_file, max_rows)]


def ocr_pdf_pages(path: str | Path, pages: list[int], limits, log, source_file: str) -> list[Row]:
    """PDF pages without a text layer, drawn by pdfium at limits.ocr_dpi and read by OCR."""
    import pypdfium2 as pdfium

    require_tesseract()
    dpi = int(getattr(limits, "ocr_dpi", 300))
    rows: list[Row] = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in pages:
            rows.extend(cached_page(path, number, limits,
                                    lambda number=number: ocr_page(pdf[number - 1].render(scale=dpi / 72).to_pil(),
                                                                   number, limits, dpi=dpi)))
    finally:
        pdf.close()
    return rows


# ----------------------------------------------------------------------------- review of what was used

def review_cells(grids, layout, log, source_file: str, limits, rows: list[dict] | None = None) -> int:
    """`review_ocr_value` warnings for the OCR cells below limits.ocr_min_confidence that the return's figures and
    people were read from (rows of layout.fields and layout.people; `review_rows`, unless the caller has them);
    returns how many were raised."""
    rows = review_rows(grids, layout, source_file, limits) if rows is None else rows
    threshold = float(getattr(limits, "ocr_min_confidence", 80))
    for item in rows:
        log.add("review_ocr_value",
                f"Giá trị đọc bằng OCR cần kiểm tra: '{item['value']}' (trang {item['page']}, dòng {item['row']}, "
                f"cột {item['column']}, độ tin cậy {math.floor(item['confidence'])}% < {threshold:g}%), mục "
                f"{item['field']} (low-confidence OCR value)",
                source_file=source_file, sheet=f"trang {item['page']}", row=item["row"], severity="warning")
    grid = next((g for g in grids if getattr(g, "confidence", None) is not None), None)
    return len(rows) + (check_counts(grid, layout, log, source_file) if grid is not None else 0)


def review_rows(grids, layout, source_file: str, limits) -> list[dict]:
    """The OCR cells to check, as rows for the review workbook's `o_can_kiem_tra` sheet: source_file, page,
    field ("<what the return took from the row>/c<column>", e.g. "total_staff/c2"), row (grid row), value,
    confidence, column. Empty for grids not read by OCR."""
    threshold = float(getattr(limits, "ocr_min_confidence", 80))
    grid = next((g for g in grids if getattr(g, "confidence", None) is not None), None)
    if grid is None or layout is None:
        return []
    used: dict[int, str] = {}
    for name, cell in getattr(layout, "fields", {}).items():
        used.setdefault(cell.file_row, name)
    people = getattr(layout, "people", None)
    if people is not None and len(people):
        for file_row in people["source_row"].dropna():
            used.setdefault(int(file_row), "non_participants")
    out = []
    index = {n: i for i, n in enumerate(grid.row_numbers)}
    for file_row, what in sorted(used.items()):
        i = index.get(file_row)
        if i is None:
            continue
        for c, conf in enumerate(grid.confidence[i]):
            value = grid.rows[i][c] if c < len(grid.rows[i]) else None
            if conf is None or value is None or conf >= threshold:
                continue
            page = grid.pages[i] if grid.pages else 1
            out.append({"source_file": source_file, "page": page, "field": f"{what}/c{c + 1}", "row": file_row,
                        "value": str(value), "confidence": float(conf), "column": c + 1})
    return out


def apply_corrections(grids, corrections) -> int:
    """The analyst's corrected values (rows with page, field, row, corrected_value, as `review_rows` keyed them)
    written into the OCR grid before the layout reads it, each with confidence 100; returns how many applied.

    A correction whose row or column the grid does not have is left aside (the file changed since)."""
    grid = next((g for g in grids if getattr(g, "confidence", None) is not None), None)
    if grid is None:
        return 0
    index = {n: i for i, n in enumerate(grid.row_numbers)}
    applied = 0
    for item in corrections:
        try:
            i = index[int(item["row"])]
            c = int(str(item["field"]).rsplit("/c", 1)[1]) - 1
            page = int(item["page"])
        except (KeyError, ValueError, IndexError, TypeError):
            continue
        value = str(item.get("corrected_value") or "").strip()
        if not value or (grid.pages and grid.pages[i] != page) or c >= len(grid.rows[i]):
            continue
        grid.rows[i][c] = value
        grid.confidence[i][c] = 100.0
        applied += 1
    return applied


def check_counts(grid, layout, log, source_file: str) -> int:
    """The figures read by OCR checked against each other: participants + absent = staff, and the rate.
    A disagreement is a `review_ocr_value` warning naming the rows; no figure is changed."""
    fields = getattr(layout, "fields", {})
    total, joined = layout.count("total_staff"), layout.count("participants")
    absent, rate = layout.count("non_participants_count"), layout.count("rate")
    if total is None or joined is None:
        return 0
    problems = []
    if absent is not None and joined + absent != total:
        problems.append((("total_staff", "participants", "non_participants_count"),
                         f"số tham gia ({joined}) + số không tham gia ({absent}) ≠ tổng số ({total})"))
    if rate is not None and total and abs(joined / total - float(rate)) > 0.006:
        problems.append((("total_staff", "participants", "rate"),
                         f"tỷ lệ ghi {float(rate):.2%} nhưng {joined}/{total} = {joined / total:.2%}"))
    for names, text in problems:
        rows = sorted({fields[n].file_row for n in names if n in fields})
        index = {n: i for i, n in enumerate(grid.row_numbers)}
        page = grid.pages[index[rows[0]]] if grid.pages and rows and rows[0] in index else 1
        log.add("review_ocr_value",
                f"Số liệu đọc bằng OCR không khớp nhau: {text}; đề nghị đối chiếu bản quét (trang {page}, dòng "
                f"{', '.join(map(str, rows))}) (OCR figures disagree)",
                source_file=source_file, sheet=f"trang {page}", row=rows[0] if rows else None, severity="warning")
    return len(problems)
