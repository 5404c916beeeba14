"""Sample returns that arrive as documents: a text PDF, a .doc and an .ods made by LibreOffice from the sample's
own docx/xlsx, and a scan-like photo of the signed paper drawn with Pillow.

The scan is drawn from the ReturnDoc (letterhead, a ruled table of the figures, the ruled list of people, the
signature with a red stamp over it), then made to look scanned: turned a few degrees, grey paper, speckle noise,
a stamp-coloured blot, JPEG compression. Every step is drawn from the given random.Random, so a seed gives the
same image.
"""
from __future__ import annotations

import random
from pathlib import Path

from .returns import MOTTO, PEOPLE_TITLE, SUBTITLE, TITLE, ReturnDoc

A4_INCHES = (8.27, 11.69)
INK = (25, 25, 30)
STAMP_RED = (200, 30, 40)


def font_path(bold: bool = False) -> str:
    """DejaVu Serif from matplotlib's own fonts (always installed with the kit), Vietnamese letters included."""
    import matplotlib

    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"
    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name)


class Page:
    """A white A4 page at dpi, drawn top to bottom: text lines and ruled tables, in points like a Word page."""

    def __init__(self, dpi: int):
        from PIL import Image, ImageDraw, ImageFont

        self.dpi = dpi
        self.image = Image.new("RGB", (round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi)), "white")
        self.draw = ImageDraw.Draw(self.image)
        self._fonts = {}
        self._font_class = ImageFont
        self.left, self.right = self.px(70), self.image.width - self.px(50)
        self.y = self.px(50)

    def px(self, points: float) -> int:
        return round(points * self.dpi / 72)

    def font(self, size: float = 12, bold: bool = False):
        key = (size, bold)
        if key not in self._fonts:
            self._fonts[key] = self._font_class.truetype(font_path(bold), self.px(size))
        return self._fonts[key]

    def width(self, text: str, font) -> float:
        return self.draw.textlength(text, font=font)

    def text(self, text: str, x: float | None = None, size: float = 12, bold: bool = False, center: tuple | None = None,
             advance: bool = True) -> None:
        font = self.font(size, bold)
        if center:
            x = (center[0] + center[1] - self.width(text, font)) / 2
        self.draw.text((x if x is not None else self.left, self.y), text, font=font, fill=INK)
        if advance:
            self.y += self.px(size * 1.55)

    def wrap(self, text: str, width: float, font) -> list[str]:
        lines, current = [], ""
        for word in text.split():
            trial = f"{current} {word}".strip()
            if current and self.width(trial, font) > width:
                lines.append(current)
                current = word
            else:
                current = trial
        return lines + ([current] if current else [])

    def table(self, rows: list[list[str]], widths: list[float], size: float = 11, bold_first: bool = True) -> None:
        """A ruled table: column widths as shares of the text width; long texts wrap inside their cell."""
        total = self.right - self.left
        xs = [self.left]
        for share in widths:
            xs.append(xs[-1] + share * total)
        pad = self.px(4)
        line_height = self.px(size * 1.45)
        line = max(1, self.px(0.9))
        for r, row in enumerate(rows):
            font = self.font(size, bold_first and r == 0)
            wrapped = [self.wrap(str(value), xs[c + 1] - xs[c] - 2 * pad, font) for c, value in enumerate(row)]
            height = max(len(w) for w in wrapped) * line_height + 2 * pad
            top = self.y
            for c, lines in enumerate(wrapped):
                for i, text in enumerate(lines):
                    self.draw.text((xs[c] + pad, top + pad + i * line_height), text, font=font, fill=INK)
            self.draw.line([(self.left, top), (xs[-1], top)], fill=INK, width=line)
            for x in xs:
                self.draw.line([(x, top), (x, top + height)], fill=INK, width=line)
            self.y = top + height
        self.draw.line([(self.left, self.y), (xs[-1], self.y)], fill=INK, width=line)
        self.y += self.px(10)


def draw_return_page(doc: ReturnDoc, dpi: int) -> tuple["object", tuple[int, int]]:
    """The return as the signed paper looks: (RGB image, centre of the signature for the stamp)."""
    page = Page(dpi)
    mid = (page.left + page.right) / 2
    left_col, right_col = (page.left, mid - page.px(10)), (mid, page.right)
    top = page.y
    page.text(doc.parent_line, size=11, center=left_col, advance=False)
    page.text(MOTTO[0], size=11, bold=True, center=right_col)
    page.text(doc.unit_line, size=11, bold=True, center=left_col, advance=False)
    page.text(MOTTO[1], size=11, bold=True, center=right_col)
    page.text(doc.number_line, size=11, center=left_col)
    page.y = max(page.y, top + page.px(55))
    page.text(doc.date_line, size=11, center=right_col)
    page.y += page.px(6)
    page.text(TITLE, size=13, bold=True, center=(page.left, page.right))
    for line in page.wrap(SUBTITLE, page.right - page.left, page.font(12, True)):
        page.text(line, size=12, bold=True, center=(page.left, page.right))
    page.y += page.px(6)
    page.text("I. SỐ LIỆU THAM GIA", size=12, bold=True)
    page.table([
        ["Nội dung", "Số liệu"],
        ["Tên đơn vị", doc.unit.name],
        ["Tổng số CBCCVC", str(doc.total)],
        ["Số CBCCVC tham gia", str(doc.participants)],
        ["Số không tham gia", str(doc.total - doc.participants)],
        ["Tỷ lệ tham gia", doc.rate_text],
    ], [0.42, 0.58])
    if doc.people:
        page.text(f"II. {PEOPLE_TITLE}", size=12, bold=True)
        rows = [["STT", "Họ và tên", "Chức vụ", "Lý do"]]
        rows += [[str(i), p.full_name, p.position, p.reason] for i, p in enumerate(doc.people, 1)]
        page.table(rows, [0.08, 0.30, 0.30, 0.32])
    page.y += page.px(8)
    signer_x = (mid, page.right)
    page.text("Người lập biểu", size=11, bold=True, x=page.left + page.px(30), advance=False)
    for line in doc.signer_title.split("\n"):
        page.text(line, size=11, bold=True, center=signer_x)
    stamp_y = page.y + page.px(22)
    page.y += page.px(50)
    page.text(doc.maker, size=11, bold=True, x=page.left + page.px(30), advance=False)
    page.text(doc.signer, size=11, bold=True, center=signer_x)
    return page.image, (round((mid + page.right) / 2 - page.px(40)), round(stamp_y))


def scan_like(image, rng: random.Random, stamp_at: tuple[int, int], dpi: int, angle: float):
    """The page as a scanner or phone gives it: a red stamp, a blot, grey paper, speckles, turned by angle."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    radius = round(0.55 * dpi)
    x, y = stamp_at
    ring = max(2, dpi // 60)
    draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=STAMP_RED + (170,), width=ring)
    draw.ellipse([x - radius * 0.72, y - radius * 0.72, x + radius * 0.72, y + radius * 0.72],
                 outline=STAMP_RED + (150,), width=ring // 2 + 1)
    draw.regular_polygon((x, y, radius * 0.25), 5, fill=STAMP_RED + (160,))
    # a smudge of stamp ink somewhere in the margin or over the text
    bx, by = rng.randint(dpi // 2, image.width - dpi // 2), rng.randint(dpi, image.height - dpi)
    br = rng.randint(dpi // 10, dpi // 5)
    draw.ellipse([bx - br, by - br * 0.7, bx + br, by + br * 0.7], fill=STAMP_RED + (110,))
    page = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    page = page.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=(255, 255, 255))
    page = page.filter(ImageFilter.GaussianBlur(radius=dpi / 400))
    pixels = np.asarray(page).astype(np.int16)
    noise_rng = np.random.default_rng(rng.randrange(2**32))
    tint = np.array([rng.randint(-14, -4), rng.randint(-14, -4), rng.randint(-22, -8)], dtype=np.int16)
    pixels = pixels + tint + noise_rng.normal(0, 9, pixels.shape[:2])[..., None].astype(np.int16)
    # a phone's shadow: the page darker towards one corner
    height, width = pixels.shape[:2]
    yy, xx = np.mgrid[0:height, 0:width]
    corner = rng.choice([(0, 0), (0, width), (height, 0), (height, width)])
    distance = np.hypot(yy - corner[0], xx - corner[1]) / np.hypot(height, width)
    shade = rng.uniform(25, 60)
    pixels = pixels - (shade * np.clip(1 - distance * 1.6, 0, 1))[..., None].astype(np.int16)
    specks = noise_rng.random(pixels.shape[:2]) < 0.0008
    pixels[specks] = 40
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def write_scan(doc: ReturnDoc, path: Path, rng: random.Random, dpi: int = 250, angle: float | None = None) -> Path:
    """A scan-like image of the return (PNG, JPEG or TIFF by the file's suffix), dpi saved in the file."""
    image, stamp = draw_return_page(doc, dpi)
    angle = angle if angle is not None else rng.choice([-1, 1]) * rng.uniform(0.8, 3.0)
    page = scan_like(image, rng, stamp, dpi, angle)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix in (".jpg", ".jpeg"):
        page.save(path, "JPEG", quality=80, dpi=(dpi, dpi))
    elif suffix in (".tif", ".tiff"):
        page.convert("L").save(path, "TIFF", compression="tiff_lzw", dpi=(dpi, dpi))
    else:
        page.save(path, "PNG", dpi=(dpi, dpi))
    return path


def write_scanned_pdf(doc: ReturnDoc, path: Path, rng: random.Random, dpi: int = 200) -> Path:
    """A PDF holding only the scanned page image (what a copier's 'scan to PDF' sends)."""
    image, stamp = draw_return_page(doc, dpi)
    page = scan_like(image, rng, stamp, dpi, rng.choice([-1, 1]) * rng.uniform(0.5, 2.0))
    path.parent.mkdir(parents=True, exist_ok=True)
    # fixed dates: the same seed writes the same bytes
    when = doc.saved_at.timetuple()
    page.save(path, "PDF", resolution=dpi, creationDate=when, modDate=when, producer="CCHC sample", title="")
    return path


# ----------------------------------------------------------------------------- which returns arrive as documents

# document layout → (the sample layout it is made from, the file's suffix, the program it needs)
DOCUMENT_LAYOUTS = {
    "pdf_text": ("docx_field_table", ".pdf", "libreoffice"),
    "pdf_text_prose": ("docx_prose", ".pdf", "libreoffice"),
    "doc_word97": ("docx_prose", ".doc", "libreoffice"),
    "ods_label_cells": ("xlsx_label_cells", ".ods", "libreoffice"),
    "scan_jpg": (None, ".jpg", "tesseract"),
    "scan_pdf": (None, ".pdf", "tesseract"),
}
# resolution each scan is drawn at (the done-when bar is 200-300 dpi)
SCAN_DPI = {"scan_jpg": 200, "scan_pdf": 300}
# a scan holds one page: units listing at most this many people
SCAN_MAX_PEOPLE = 8


def available_programs() -> set[str]:
    """Which of the programs the document layouts need this machine has."""
    from ..readers.convert import libreoffice
    from ..readers.ocr import ocr_available

    have = set()
    if libreoffice():
        have.add("libreoffice")
    if ocr_available() is None:
        have.add("tesseract")
    return have


def choose_documents(plans, rng: random.Random, programs: set[str]) -> dict[int, str]:
    """plan index → document layout, for a few usual accepted returns (one unit, one return each).

    A layout whose program is missing here is left out, so the unit keeps its docx/xlsx form and the sample still
    reads to its truth on this machine. Every sample layout keeps at least one return of its own.
    """
    units = [p.doc.unit.code for p in plans]
    usual = [i for i, p in enumerate(plans)
             if p.status == "accepted" and not p.warnings and units.count(p.doc.unit.code) == 1]
    chosen: dict[int, str] = {}
    for layout, (source, _, program) in DOCUMENT_LAYOUTS.items():
        if program not in programs:
            continue
        left = [plans[i].doc.layout for i in range(len(plans)) if i not in chosen]
        pool = [i for i in usual if i not in chosen and left.count(plans[i].doc.layout) >= 2 and (
            plans[i].doc.layout == source if source else len(plans[i].doc.people) <= SCAN_MAX_PEOPLE)]
        if pool:
            chosen[rng.choice(pool)] = layout
    return chosen


def write_documents(plans, chosen: dict[int, str], folder: Path, rng: random.Random, seconds: float = 120) -> None:
    """Write the chosen returns as documents (renaming them in their plan); LibreOffice runs once per target."""
    import tempfile

    from ..readers.convert import convert_many
    from .returns import write_return
    from .units import fix_file_time

    by_target: dict[str, list[tuple[int, Path]]] = {}
    with tempfile.TemporaryDirectory(prefix="cchc-sample-") as work:
        work = Path(work)
        for i, layout in sorted(chosen.items()):
            doc = plans[i].doc
            source, suffix, _ = DOCUMENT_LAYOUTS[layout]
            doc.file_name = str(Path(doc.file_name).with_suffix(suffix))
            target = folder / doc.file_name
            if layout.startswith("scan"):
                if suffix == ".pdf":
                    write_scanned_pdf(doc, target, rng, dpi=SCAN_DPI[layout])
                else:
                    write_scan(doc, target, rng, dpi=SCAN_DPI[layout])
                doc.layout = layout
                fix_file_time(target, doc.saved_at)
                continue
            base = write_return(_as_layout(doc, source, f"{i:03d}"), work / "in" / suffix.lstrip("."))
            by_target.setdefault(suffix.lstrip("."), []).append((i, base))
        for target_kind, items in by_target.items():
            made = convert_many([path for _, path in items], target_kind, work / "out" / target_kind, seconds)
            for (i, _), path in zip(items, made):
                doc = plans[i].doc
                doc.layout = chosen[i]
                final = folder / doc.file_name
                final.parent.mkdir(parents=True, exist_ok=True)
                final.write_bytes(path.read_bytes())
                if final.suffix == ".pdf":
                    freeze_pdf(final, doc.saved_at)
                elif final.suffix in (".ods", ".odt"):
                    freeze_odf(final)
                fix_file_time(final, doc.saved_at)


def _as_layout(doc: ReturnDoc, layout: str, stem: str) -> ReturnDoc:
    from dataclasses import replace

    suffix = ".docx" if layout.startswith("docx") else ".xlsx"
    return replace(doc, layout=layout, file_name=f"{stem}{suffix}")


def freeze_pdf(path: Path, when) -> None:
    """LibreOffice stamps a PDF with the clock (CreationDate) and a random /ID: both set from the return, each
    replaced by bytes of the same length so the cross-reference offsets stay right."""
    import hashlib
    import re

    data = path.read_bytes()
    stamp = when.strftime("%Y%m%d%H%M%S").encode()

    def date(match):
        return match.group(1) + stamp + match.group(3)

    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{14})([^)]*\))", date, data)
    seed = hashlib.sha256(path.name.encode("utf-8")).hexdigest().upper().encode() * 4

    def same_length(match):
        text = match.group(0)
        return re.sub(rb"[0-9A-Fa-f]{16,}", lambda m: seed[: len(m.group(0))], text)

    data = re.sub(rb"/ID\s*\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\]", same_length, data)
    data = re.sub(rb"/DocChecksum\s*/[0-9A-Fa-f]+", same_length, data)
    path.write_bytes(data)


def freeze_odf(path: Path) -> None:
    """An OpenDocument zip rewritten with fixed entry times, each entry stored as before ('mimetype' first,
    uncompressed, as ODF asks)."""
    import io
    import zipfile

    from .units import FIXED_TIME

    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)
    path.write_bytes(buffer.getvalue())
