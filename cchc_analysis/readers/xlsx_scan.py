"""What a worksheet's XML holds, learnt from its bytes before any parser builds it in memory.

calamine builds every sheet as a dense rectangle from A1 to the last used cell: two cells,
in A1 and XFD1048576, make seventeen billion. The scan gives the rectangle and the number of
cells really written, so a sparse sheet can be streamed instead; it also collects the merged
ranges, which the streaming reader does not give.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .guard import zip_part

CHUNK = 1024 * 1024
CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="([0-9]{1,7})"')
# a row or column the sender hid (Excel's Hide, or a collapsed group): hidden="1" among the tag's attributes
ROW_TAG = re.compile(rb'<(?:\w+:)?row\s([^>]*)>')
COL_TAG = re.compile(rb'<(?:\w+:)?col\s([^>]*)>')
ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?\bref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"')
CELL_OPEN = (b"<c ", b":c ")


@dataclass
class SheetScan:
    """Extent and content of one worksheet part (rows and columns 1-based)."""

    max_row: int = 0
    max_col: int = 0
    cells: int = 0
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # 0-based, inclusive
    hidden_rows: set[int] = field(default_factory=set)  # 0-based
    hidden_cols: list[tuple[int, int]] = field(default_factory=list)  # 0-based, inclusive ranges

    def area(self) -> int:
        return self.max_row * self.max_col


def column_number(letters: bytes) -> int:
    """b"A" → 1, b"XFD" → 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def scan_worksheets(path: str | Path) -> dict[str, SheetScan]:
    """Worksheet part name ("xl/worksheets/sheet1.xml") → its SheetScan."""
    with zipfile.ZipFile(path) as zf:
        return {info.filename: scan_part(zf, info.filename) for info in zf.infolist()
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")}


def scan_part(zf: zipfile.ZipFile, name: str) -> SheetScan:
    scan = SheetScan()
    pending = b""
    with zf.open(name) as part:
        while chunk := part.read(CHUNK):
            data = pending + chunk
            cut = data.rfind(b"<")  # a tag cut by the chunk boundary waits for the next chunk
            complete, pending = (data[:cut], data[cut:]) if cut >= 0 else (data, b"")
            scan_bytes(complete, scan)
    scan_bytes(pending, scan)
    return scan


def scan_bytes(data: bytes, scan: SheetScan) -> None:
    scan.cells += sum(data.count(tag) for tag in CELL_OPEN)
    for letters, row in CELL_REF.findall(data):
        scan.max_col = max(scan.max_col, column_number(letters))
        scan.max_row = max(scan.max_row, int(row))
    for row in ROW_NUMBER.findall(data):
        scan.max_row = max(scan.max_row, int(row))
    for attrs in ROW_TAG.findall(data):
        found = dict(ATTRIBUTE.findall(attrs))
        if found.get(b"hidden") in (b"1", b"true") and found.get(b"r", b"").isdigit():
            scan.hidden_rows.add(int(found[b"r"]) - 1)
    for attrs in COL_TAG.findall(data):
        found = dict(ATTRIBUTE.findall(attrs))
        if found.get(b"hidden") in (b"1", b"true") and found.get(b"min", b"").isdigit():
            first = int(found[b"min"])
            last = int(found[b"max"]) if found.get(b"max", b"").isdigit() else first
            scan.hidden_cols.append((first - 1, last - 1))
    for c0, r0, c1, r1 in MERGE_REF.findall(data):
        scan.merges.append(((int(r0) - 1, column_number(c0) - 1), (int(r1) - 1, column_number(c1) - 1)))


SHEET_TAG = re.compile(rb'<(?:\w+:)?sheet\s([^>]*?)/?>')
RELATIONSHIP_TAG = re.compile(rb'<(?:\w+:)?Relationship\s([^>]*?)/?>')


def sheet_parts(path: str | Path, cap_bytes: int = 8 * 1024 * 1024) -> dict[str, str]:
    """Sheet name → its worksheet part ("xl/worksheets/sheet1.xml"), from the workbook and its relationships."""
    import html
    import posixpath

    with zipfile.ZipFile(path) as zf:
        book = zip_part(zf, "xl/workbook.xml", cap_bytes)
        rels = zip_part(zf, "xl/_rels/workbook.xml.rels", cap_bytes)
    targets = {}
    for attrs in RELATIONSHIP_TAG.findall(rels):
        found = dict(ATTRIBUTE.findall(attrs))
        target = found.get(b"Target", b"").decode("utf-8", "replace")
        # a target is relative to xl/ unless it starts at the package root
        targets[found.get(b"Id", b"")] = target[1:] if target.startswith("/") else posixpath.normpath("xl/" + target)
    parts = {}
    for attrs in SHEET_TAG.findall(book):
        found = {key.split(b":")[-1]: value for key, value in ATTRIBUTE.findall(attrs)}
        if found.get(b"id") in targets and b"name" in found:
            parts[html.unescape(found[b"name"].decode("utf-8", "replace"))] = targets[found[b"id"]]
    return parts
