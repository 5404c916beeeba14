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

CHUNK = 1024 * 1024
CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="([0-9]{1,7})"')
MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?\bref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"')
CELL_OPEN = (b"<c ", b":c ")


@dataclass
class SheetScan:
    """Extent and content of one worksheet part (rows and columns 1-based)."""

    max_row: int = 0
    max_col: int = 0
    cells: int = 0
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # 0-based, inclusive

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
    for c0, r0, c1, r1 in MERGE_REF.findall(data):
        scan.merges.append(((int(r0) - 1, column_number(c0) - 1), (int(r1) - 1, column_number(c1) - 1)))
