"""docx → one Grid ("document"): the page header's rows, then paragraphs and table rows in document order.

A paragraph is a one-cell row; a table row is a row of cell texts, merged cells repeated as a
person reads them (python-docx gives the same cell across a horizontal or vertical merge);
a table nested in a cell (a "frame" around the body) gives rows of its own right after its host row,
so its header row is seen as one. A cell's paragraphs, a soft line break and each paragraph of a text
box are lines of their cell ("\n"). The first section's page header (where many templates keep the
letterhead) is read before the body, unless the body repeats it. Each run's font is resolved
(run → character style → paragraph style → document defaults) so text typed in a legacy
font (.VnTime, VNI-Times) reaches clean_text with its font name.
"""
from __future__ import annotations

import itertools
from pathlib import Path

from .base import CellCleaner, Grid, ReadError, pad_rows
from .xlsx import LEGACY_FONT_NAME, note_rows_cut

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SHEET_NAME = "document"
# containers that wrap body paragraphs/tables without being content themselves
TEXT_TAGS = {W + "t", W + "tab", W + "br", W + "cr"}
# what a node other than w:t reads as: a soft line break, and the end of a text box's paragraph, are new lines
BREAKS = {W + "br": "\n", W + "cr": "\n", W + "p": "\n", W + "tab": " "}
# rows at the top of the body compared with the page header, so a letterhead in both is read once
HEADER_ECHO_ROWS = 40
# Word stores a text box twice (mc:Choice for new Word, mc:Fallback for old): read it once
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"}


def read_docx(path: str | Path, log, source_file: str, max_rows: int) -> list[Grid]:
    """The document body as one Grid; row_numbers are running line numbers over paragraphs and table rows."""
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises KeyError/ValueError/lxml errors on damaged packages
        raise ReadError("file_unreadable", f"Không đọc được tệp Word (unreadable docx): {exc}") from exc
    fonts = FontResolver(document)
    cleaner = CellCleaner()
    rows: list[list[object]] = []
    total = 0
    for row in document_rows(document, fonts, cleaner):
        total += 1
        if total <= max_rows:
            rows.append(row)
    if total > max_rows:
        note_rows_cut(log, source_file, SHEET_NAME, max_rows, total - max_rows)
    return [Grid(sheet=SHEET_NAME, rows=pad_rows(rows), row_numbers=list(range(1, len(rows) + 1)))]


def document_rows(document, fonts: "FontResolver", cleaner: CellCleaner):
    """The page header's rows (those the body does not repeat), then the body's rows."""
    body = body_rows(document.element.body, document, fonts, cleaner)
    # a letterhead both in the page header and at the top of the body is read once, from the body
    top = list(itertools.islice(body, HEADER_ECHO_ROWS))
    seen = {tuple(row) for row in top}
    for row in header_rows(document, fonts, cleaner):
        if tuple(row) not in seen:
            seen.add(tuple(row))
            yield row
    yield from top
    yield from body


def header_rows(document, fonts: "FontResolver", cleaner: CellCleaner):
    """Non-blank rows of the first section's page header (the first-page header first when it differs)."""
    try:
        section = document.sections[0]
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.insert(0, section.first_page_header)
        parts = [h for h in headers if not h.is_linked_to_previous]
        rows = [row for header in parts for row in body_rows(header._element, header, fonts, cleaner)]
    except Exception:  # no section, or a damaged header part: the page header is a help, the body still reads
        return
    yield from (row for row in rows if any(cell is not None for cell in row))


def body_rows(container, parent, fonts: "FontResolver", cleaner: CellCleaner):
    """Rows in order: [paragraph text] per paragraph, [cell, cell, …] per table row."""
    for block in blocks(container):
        if block.tag == W + "p":
            yield [paragraph_text(block, fonts, cleaner)]
        else:
            yield from table_rows(block, parent, fonts, cleaner)


def table_rows(tbl, parent, fonts: "FontResolver", cleaner: CellCleaner):
    """A table's rows, each followed by the rows of the tables nested in its cells."""
    from docx.table import Table

    table = Table(tbl, parent)
    for tr in tbl.iterchildren(W + "tr"):
        row, nested = table_row(tr, table, fonts, cleaner)
        yield row
        for inner in nested:
            yield from table_rows(inner, parent, fonts, cleaner)


def table_row(tr, table, fonts: "FontResolver", cleaner: CellCleaner) -> tuple[list[object], list]:
    """(a table row's cell texts, merged cells repeated, the tables nested in its cells)."""
    from docx.table import _Row

    try:
        cells = [cell._tc for cell in _Row(tr, table).cells]
    except Exception:  # a row python-docx cannot lay on the grid: its cells as they stand
        cells = list(tr.iterchildren(W + "tc"))
    texts: dict[int, object] = {}  # a merged cell is one object: read it once
    row = [texts.setdefault(id(tc), cell_text(tc, fonts, cleaner)) for tc in cells]
    nested = [block for tc in dict.fromkeys(cells) for block in blocks(tc) if is_inner_table(block)]
    return row, nested


def is_inner_table(block) -> bool:
    """A table of two rows or more nested in a cell is a table of its own (a one-row one is a line of its cell)."""
    return block.tag == W + "tbl" and sum(1 for _ in block.iterchildren(W + "tr")) >= 2


def blocks(parent):
    """Paragraph and table elements under parent, in order, looking inside content controls."""
    for child in parent.iterchildren():
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in WRAPPERS:
            yield from blocks(child)


def cell_text(tc, fonts: "FontResolver", cleaner: CellCleaner):
    """A table cell's paragraphs as one cleaned text, a line each (None when blank).

    A one-row table nested in the cell is one more line (its cells side by side); a longer one gives rows of
    its own (table_row).
    """
    parts = [part for part in cell_parts(tc, fonts, cleaner) if part]
    return cleaner.text("\n".join(parts)) if parts else None


def cell_parts(tc, fonts: "FontResolver", cleaner: CellCleaner):
    for block in blocks(tc):
        if block.tag == W + "p":
            yield paragraph_text(block, fonts, cleaner)
        elif not is_inner_table(block):
            cells = [cell_text(inner, fonts, cleaner) for tr in block.iterchildren(W + "tr")
                     for inner in tr.iterchildren(W + "tc")]
            yield " ".join(" ".join(c.split()) for c in cells if c)


def paragraph_text(p, fonts: "FontResolver", cleaner: CellCleaner):
    """A paragraph's text, each legacy-font stretch converted with its font, then cleaned."""
    pieces = paragraph_pieces(p, fonts)
    if not pieces:
        return None
    legacy = {font for _, font in pieces if font and LEGACY_FONT_NAME.match(font)}
    if len({font for _, font in pieces}) == 1:
        return cleaner.text("".join(text for text, _ in pieces), next(iter(legacy), None))
    # mixed fonts in one line ("Đơn vị: " in Times New Roman, the name in .VnTime): convert stretch by stretch
    converted = "".join(convert_keeping_spaces(text, font, cleaner) if font in legacy else text
                        for text, font in pieces)
    return cleaner.text(converted)


def convert_keeping_spaces(text: str, font: str, cleaner: CellCleaner) -> str:
    core = cleaner.text(text, font) or ""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return f"{lead}{core}{trail}"


def paragraph_pieces(p, fonts: "FontResolver") -> list[tuple[str, str | None]]:
    """(text, font) stretches of a paragraph, consecutive runs of one font joined."""
    style_font = fonts.paragraph_font(p)
    pieces: list[tuple[str, str | None]] = []
    for node in text_nodes(p):
        text = (node.text or "") if node.tag == W + "t" else BREAKS.get(node.tag, " ")
        if not text:
            continue
        run = node.getparent()
        own = fonts.run_font(run) if run is not None and run.tag == W + "r" else None
        font = own or style_font
        if pieces and pieces[-1][1] == font:
            pieces[-1] = (pieces[-1][0] + text, font)
        else:
            pieces.append((text, font))
    return pieces


def text_nodes(element):
    """w:t / w:tab / w:br / w:cr under element in order, skipping the Fallback copy of a drawing's text box.

    A paragraph inside a text box is yielded itself after its text: it reads as a line break.
    """
    for child in element.iterchildren():
        tag = child.tag
        if tag in TEXT_TAGS:
            yield child
        elif tag != MC_FALLBACK and isinstance(tag, str):
            yield from text_nodes(child)
            if tag == W + "p":
                yield child


class FontResolver:
    """The font a run is drawn in: its own, its character style's, its paragraph style's, the document default."""

    def __init__(self, document):
        styles = document.styles.element
        self._styles = {s.get(W + "styleId"): s for s in styles.iter(W + "style")}
        self._cache: dict[str | None, str | None] = {}
        defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default = rfonts_name(defaults)
        default_para = next((s.get(W + "styleId") for s in self._styles.values()
                             if s.get(W + "type") == "paragraph" and s.get(W + "default") in ("1", "true")), None)
        self._default_para = default_para

    def style_font(self, style_id: str | None, depth: int = 0) -> str | None:
        if style_id not in self._cache:
            style = self._styles.get(style_id)
            font = None
            if style is not None:
                font = rfonts_name(style.find(W + "rPr"))
                based = style.find(W + "basedOn")
                if font is None and based is not None and depth < 20:
                    font = self.style_font(based.get(W + "val"), depth + 1)
            self._cache[style_id] = font
        return self._cache[style_id]

    def paragraph_font(self, p) -> str | None:
        style = p.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(W + "val") if style is not None else self._default_para
        return self.style_font(style_id) or self.default

    def run_font(self, run) -> str | None:
        rpr = run.find(W + "rPr")
        if rpr is None:
            return None
        own = rfonts_name(rpr)
        if own:
            return own
        rstyle = rpr.find(W + "rStyle")
        return self.style_font(rstyle.get(W + "val")) if rstyle is not None else None


def rfonts_name(rpr) -> str | None:
    """The font named in an rPr (a legacy name wins, since Vietnamese letters are drawn with it)."""
    if rpr is None:
        return None
    rfonts = rpr.find(W + "rFonts")
    if rfonts is None:
        return None
    names = [rfonts.get(W + attr) for attr in ("hAnsi", "ascii", "cs", "eastAsia")]
    names = [n for n in names if n]
    return next((n for n in names if LEGACY_FONT_NAME.match(n)), names[0] if names else None)
