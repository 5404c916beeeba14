"""The return's fields (total staff, participants, non-participants, rate, unit, results) in a grid: a value
beside or below its label, in the label's own text, or in prose.
"""
from __future__ import annotations

import re


from ..text import fold, match_key, starts_with_words
from .grid import (
    BULLET, COUNT_FIELDS, Cell, Hit, Labels, PAIR_FIELDS, TEXT_FIELDS, WORD, as_grid, cell_text, filled,
    layout_setting, row_line, says,
)
from .numbers import MAX_COUNT, as_count, as_rate, numbers_in, pair_value


def _clause_start(text: str, start: int) -> bool:
    """The label opens a clause: nothing but a bullet or punctuation before it."""
    before = text[:start]
    return bool(BULLET.match(fold(before))) or before.rstrip(" \t")[-1:] in (";", ".", "\n")  # a new line of the cell


def _value_cell(field_name: str, value, row: int, file_row: int, method: str) -> Cell:
    """A value cell read for a field: counts must be whole numbers, rates shares, text stays text."""
    if field_name in COUNT_FIELDS:
        if isinstance(value, str):
            numbers = [n for n, _ in numbers_in(value)]
            counts = [n for n in numbers if not n.is_rate]
            if counts and counts[0].value.is_integer() and abs(counts[0].value) <= MAX_COUNT:
                first = counts[0]
                cell = Cell(int(first.value), row, file_row, method, value)
                if first.of is not None:
                    cell.raw = f"{int(first.value)}/{first.of}"
                return cell
            return Cell(None, row, file_row, method, value, ok=False)
        count = as_count(value)
        return Cell(count, row, file_row, method, str(value), ok=count is not None)
    if field_name == "rate":
        rate = as_rate(value)
        return Cell(rate, row, file_row, method, str(value), ok=rate is not None)
    return Cell(" ".join(str(value).split()), row, file_row, method, str(value))  # lines of a cell read as one


def _inline_value(field_name: str, text: str, hit: Hit, next_start: int, window: int):
    """The value typed after the label in the same cell ("label: value" or prose), else None."""
    rest = text[hit.end:next_start]
    explicit = rest.lstrip()[:1] in (":", "=", "-")
    rest_clean = rest.strip().lstrip(":=-–").strip()
    if not rest_clean.strip(" .,;()"):
        return None
    if field_name in TEXT_FIELDS:
        return rest_clean.rstrip(" ;,") if explicit else None
    if field_name == "report_date":
        return None
    numbers = numbers_in(rest)
    if field_name in COUNT_FIELDS:
        numbers = [(n, pos) for n, pos in numbers if not n.is_rate]
    if numbers:
        number, pos = numbers[0]
        words_between = len(WORD.findall(rest[:pos]))
        if words_between <= window:
            return rest[pos:].strip()
    return rest_clean if explicit else None


def _rate_beside(found: dict, text: str, hit: Hit, earlier: int, next_start: int, r: int, file_row: int,
                 window: int) -> None:
    """ "100% viên chức … đã tham gia": a share typed beside a count label is the rate."""
    for part, last in ((text[earlier:hit.start], True), (text[hit.end:next_start], False)):
        rates = [(n, pos) for n, pos in numbers_in(part) if n.is_rate]
        if not rates:
            continue
        number, pos = rates[-1] if last else rates[0]
        between = part[pos:] if last else part[:pos]
        if len(WORD.findall(between)) <= window + 4:
            found["rate"] = Cell(number.value / 100, r, file_row, "beside", part.strip())
            return


def _value_before(text: str, hit: Hit, earlier: int):
    """A count typed just before its label, in prose: "có 45/48 đồng chí tham gia" → "45/48"."""
    before = text[earlier:hit.start]
    counts = [(n, pos) for n, pos in numbers_in(before) if not n.is_rate]
    if not counts:
        return None
    number, pos = counts[-1]
    if BULLET.match(fold(before[:pos + len(str(int(abs(number.value))))+ 1])):
        return None  # "2. Số người tham gia" is a numbered line, not a count
    after = before[pos:]
    if len(WORD.findall(after)) > 4:
        return None
    return after.strip()


def _is_header_row(labels: Labels, row: list) -> bool:
    """Two or more cells of the row are field labels alone: a header row, values sit below."""
    return sum(labels.only_label(cell_text(c)) is not None for c in row) >= 2


def _holds_other_field(labels: Labels, value) -> bool:
    """A cell naming a field itself ("Số tham gia: 28") is that field's line, not a value for the label above."""
    text = cell_text(value)
    return bool(text) and any(h.field != "rate" for h in labels.hits(text) if _hit_counts(text, h))


def _is_subheader(value) -> bool:
    """ "Số lượng" / "Người" under a merged header: short text with no digit."""
    return isinstance(value, str) and len(value.split()) <= 4 and not any(ch.isdigit() for ch in value)


def _right_value(labels: Labels, row: list, col: int):
    here = row[col]
    for value in row[col + 1:]:
        if not filled(value) or value == here:
            continue
        return None if _holds_other_field(labels, value) or labels.only_label(cell_text(value)) else value
    return None


def _total_column_value(grid, r: int, c: int, total_words: list[str], name: str):
    """Label rows across sub-unit columns ("Tổ 1 | Tổ 2 | Tổng"): the value in the column headed by a total word."""
    if name not in COUNT_FIELDS:
        return None
    for j in range(r - 1, max(-1, r - 4), -1):
        header = grid.rows[j]
        for k in range(c + 1, min(len(header), len(grid.rows[r]))):
            if says(header[k], total_words) and as_count(grid.rows[r][k]) is not None:
                return grid.rows[r][k]
    return None


def _below_values(labels: Labels, grid, r: int, col: int, total_words: list[str], skip_rows, numeric: bool):
    """Values under a header cell: the total row when sub-units follow, else the one row; (value, row)."""
    here = grid.rows[r][col]
    i = r + 1
    while i < len(grid.rows) and col < len(grid.rows[i]) and grid.rows[i][col] == here:
        i += 1  # a header merged down over two rows repeats its text
    if numeric:
        for _ in range(2):  # "Số lượng" | "Tỷ lệ" under a merged "Tổng số CBCCVC": the figures are below
            if i + 1 < len(grid.rows) and col < len(grid.rows[i]) and _is_subheader(grid.rows[i][col]) \
                    and not _holds_other_field(labels, grid.rows[i][col]) and col < len(grid.rows[i + 1]) \
                    and as_count(grid.rows[i + 1][col]) is not None:
                i += 1
    rows = []
    # figures in the people table's rows only under a header row the two tables share (counts, not text)
    blocked = skip_rows if not (numeric and i - 1 in skip_rows) else frozenset()
    while i < len(grid.rows) and i not in blocked and col < len(grid.rows[i]) and filled(grid.rows[i][col]):
        value = grid.rows[i][col]
        if _holds_other_field(labels, value):
            return rows
        if rows and numeric and as_count(value) is None:
            break  # the table of figures is over (a count column holds counts)
        rows.append((value, i))
        i += 1
    if len(rows) <= 1:
        return rows
    totals = [(v, j) for v, j in rows if _row_is_total(grid.rows[j], total_words)]
    return totals[-1:] if totals else rows


def _split_count(labels: Labels, grid, r: int, c: int, values_row: int, total_words: list[str]):
    """A count header merged over plain sub-columns ("Số tham gia" over "Nam" | "Nữ"): the "Tổng" sub-column when
    there is one, else the sub-columns added up; None when the header is not split so (one column, or sub-headers
    that are fields of their own, "Số lượng" | "Tỷ lệ")."""
    header = grid.rows[r]
    cols = [c]
    while cols[-1] + 1 < len(header) and header[cols[-1] + 1] == header[c]:
        cols.append(cols[-1] + 1)
    sub_row = values_row - 1
    if len(cols) < 2 or sub_row <= r:
        return None
    subs = [grid.rows[sub_row][k] if k < len(grid.rows[sub_row]) else None for k in cols]
    if not all(_is_subheader(v) for v in subs) or len(set(subs)) < len(subs) \
            or any(labels.hits(v) for v in subs):
        return None
    values = [grid.rows[values_row][k] if k < len(grid.rows[values_row]) else None for k in cols]
    for sub, value in zip(subs, values):
        if says(sub, total_words):
            return value
    counts = [as_count(v) for v in values]
    return sum(counts) if all(n is not None for n in counts) else None


def _row_is_total(row: list, total_words: list[str]) -> bool:
    return any(says(c, total_words) for c in row)


def find_fields(grid, settings, skip_rows: set[int] | frozenset = frozenset(),
                soft_rows: set[int] | frozenset = frozenset()) -> dict[str, Cell]:
    """Fields of settings.return_fields found in the grid: the first readable value of each, in reading order."""
    grid = as_grid(grid)
    labels = Labels(settings.return_fields)
    total_words = layout_setting(settings, "total_words", [])
    window = int(layout_setting(settings, "prose_window_words", 6))
    scope_keys = [k for k in (match_key(w) for w in layout_setting(settings, "scope_words", [])) if k]
    found: dict[str, Cell] = {}
    bad: dict[str, Cell] = {}
    guide_words = layout_setting(settings, "guide_words", [])
    for r, row in enumerate(grid.rows):
        if r in skip_rows or starts_with_words(match_key(row_line(row)), guide_words):
            continue  # "Ví dụ: Tổng số CBCCVC: 50" is an example, not the unit's figure
        header_row = None
        for c, value in enumerate(row):
            text = cell_text(value)
            if not text or (c > 0 and row[c - 1] == value):
                continue
            hits = scoped_totals([h for h in labels.hits(text) if _hit_counts(text, h)], text, scope_keys)
            alone = labels.only_label(text)
            if alone is not None:
                # "Số lượng CBCCVC được giao tham gia" alone in a header cell is the total, as in a line
                alone = next((h for h in hits if h.first <= alone.first and h.last >= alone.last), alone)
                hits = [alone]
            for k, hit in enumerate(hits):
                if hit.field in found:
                    continue
                # a text value ("Kết quả: Đạt yêu cầu") runs to the next clause, not to a word like "đạt"
                later = [h for h in hits[k + 1:] if hit.field not in TEXT_FIELDS or _clause_start(text, h.start)]
                next_start = later[0].start if later else len(text)
                file_row = grid.row_numbers[r]
                earlier = hits[k - 1].end if k else 0
                inline = _inline_value(hit.field, text, hit, next_start, window)
                if inline is None and hit.field in COUNT_FIELDS and alone is None:
                    inline = _value_before(text, hit, earlier)
                    if inline is None and "rate" not in found:
                        _rate_beside(found, text, hit, earlier, next_start, r, file_row, window)
                if inline is not None:
                    cell = _value_cell(hit.field, inline, r, file_row, "inline")
                elif alone is not None:
                    if header_row is None:
                        header_row = _is_header_row(labels, row)
                    cell = _label_cell_value(labels, grid, r, c, hit.field, header_row, total_words, skip_rows)
                else:
                    continue
                if cell is None:
                    continue
                if hit.field in PAIR_FIELDS:
                    _pair_counts(found, cell, hit.field)
                    continue
                if cell.ok:
                    found[hit.field] = cell
                    _fraction_total(found, cell, hit.field)
                elif r not in soft_rows:  # a people header ("Lý do không tham gia") is no broken figure
                    bad.setdefault(hit.field, cell)
    none_keys = {match_key(w) for w in layout_setting(settings, "none_words", [])}
    for name, cell in bad.items():
        if name == "participants" and _only_rates(cell.raw):
            # "Số tham gia: 100%": the share, not a count; returns derives the count from the total
            if "rate" not in found:
                found["rate"] = Cell(as_rate(cell.raw), cell.row, cell.file_row, "as_share", cell.raw)
            continue
        if name in COUNT_FIELDS and match_key(cell.raw) in none_keys:
            cell = Cell(0, cell.row, cell.file_row, cell.method, cell.raw)  # "Số không tham gia: Không" is nobody
        found.setdefault(name, cell)
    return found


def scoped_totals(hits: list[Hit], text: str, scope_keys: list[str]) -> list[Hit]:
    """A total label whose clause goes on to who must take part ("Tổng số CB, CC, VC trong diện phải tham gia",
    "Số lượng CBCCVC được giao tham gia") keeps the "tham gia" that follows: the line's number is the total.

    Only when the words between the two labels hold a scope word (cchc.toml ``scope_words``) and no number or
    clause break: "Tổng số người tham gia: 19" stays the participants.
    """
    out: list[Hit] = []
    for hit in hits:
        prev = out[-1] if out else None
        if prev is not None and prev.field == "total_staff" and hit.field == "participants":
            between = text[prev.end:hit.start]
            if not numbers_in(between) and not re.search(r"[;:.\n]", between) \
                    and any(f" {k} " in f" {match_key(between)} " for k in scope_keys):
                out[-1] = Hit(prev.field, prev.first, hit.last, prev.start, hit.end)
                continue
        out.append(hit)
    return out


def _only_rates(raw: str) -> bool:
    numbers = numbers_in(raw)
    return bool(numbers) and all(n.is_rate for n, _ in numbers)


def _hit_counts(text: str, hit: Hit) -> bool:
    """Count labels count anywhere (prose); text labels ("Đơn vị", "Kết quả") only where a clause opens."""
    return hit.field in COUNT_FIELDS or hit.field == "rate" or _clause_start(text, hit.start)


def _pair_counts(found: dict, cell: Cell, name: str) -> None:
    """A label naming two quantities ("tham gia/tổng số") with one value ("49/51") fills both, in the label's order.
    The pair label is remembered as found even when its value holds no pair, so a later line does not reuse it."""
    pair = pair_value(cell.raw if isinstance(cell.raw, str) and cell.raw else cell.value)
    found[name] = Cell(cell.value, cell.row, cell.file_row, cell.method, cell.raw, ok=pair is not None)
    if pair is None:
        return
    for field_name, value in zip(PAIR_FIELDS[name], pair):
        if field_name not in found or not found[field_name].ok:
            found[field_name] = Cell(value, cell.row, cell.file_row, "pair", f"{pair[0]}/{pair[1]}")


def _fraction_total(found: dict, cell: Cell, name: str) -> None:
    """ "20/22" typed for participants also gives the total, unless a total label says otherwise."""
    if name == "participants" and "/" in cell.raw and "total_staff" not in found:
        total = int(cell.raw.split("/")[1])
        found["total_staff"] = Cell(total, cell.row, cell.file_row, "fraction", cell.raw)


def _label_cell_value(labels, grid, r, c, name, header_row, total_words, skip_rows) -> Cell | None:
    row = grid.rows[r]
    right = _total_column_value(grid, r, c, total_words, name) or _right_value(labels, row, c)
    below = _below_values(labels, grid, r, c, total_words, skip_rows, name in COUNT_FIELDS)
    if name in COUNT_FIELDS and len(below) == 1:
        split = _split_count(labels, grid, r, c, below[0][1], total_words)
        if split is not None:
            below = [(split, below[0][1])]
    candidates = []
    if below:
        candidates.append(("below", below))
    if right is not None:
        candidates.append(("right", [(right, r)]))
    if not header_row:
        candidates.reverse()
    cells = []
    for method, values in candidates:
        parsed = [_value_cell(name, v, j, grid.row_numbers[j], method) for v, j in values]
        if name in COUNT_FIELDS and len(parsed) > 1:
            # sub-unit rows with no total row: a person adds them up
            if all(p.ok for p in parsed):
                cells.append(Cell(sum(p.value for p in parsed), parsed[0].row, parsed[0].file_row, "sum"))
                continue
        cells.append(parsed[0])
    good = [cell for cell in cells if cell.ok]
    return good[0] if good else (cells[0] if cells else None)
