"""A whole grid read (read_layout), a whole file read (read_return) and a file's sheets combined: one return
per file, the sheets that add up, the ones left unused named in a note.
"""
from __future__ import annotations


import pandas as pd

from ..text import has_words, match_key, starts_with_words
from .grid import (
    COUNT_FIELDS, Cell, Labels, PAIR_FIELDS, ReturnLayout, SimpleGrid, as_grid, cell_text, layout_setting,
    row_line, says,
)
from .numbers import numbers_in
from .fields import find_fields
from .dates import find_report_date
from .people import one_line, find_people, find_people_in_prose


def find_unit_lines(grid, settings, fields: dict[str, Cell] | None = None, stop_row: int | None = None) -> list[str]:
    """Lines that may name the reporting unit: the unit field, the first rows, and title lines."""
    grid = as_grid(grid)
    limit = int(layout_setting(settings, "unit_line_rows", 15))
    titles = layout_setting(settings, "title_words", [])
    lines = []
    if fields and "unit" in fields and fields["unit"].ok and fields["unit"].value:
        lines.append(str(fields["unit"].value))
    end = len(grid.rows) if stop_row is None else stop_row
    for r in range(end):
        line = row_line(grid.rows[r])
        if line and r < limit:
            # letterhead cells side by side ("TRƯỜNG MN SAO ĐỎ" | "Độc lập - Tự do") are separate lines
            lines.extend(one_line(v) for v in grid.rows[r] if isinstance(v, str) and v.strip())
        elif line and starts_with_words(match_key(line), titles):
            lines.append(line)
    return list(dict.fromkeys(lines))


def find_footer_lines(grid, settings, table_end: int | None) -> list[str]:
    """Text cells of the signature block (after the people table, else the last rows), recipients left out."""
    start = table_end + 1 if table_end is not None else max(0, len(grid.rows) - 10)
    skip = settings.recipient_words or ["Nơi nhận", "Kính gửi"]
    lines = [one_line(v) for row in grid.rows[start:] for v in row if isinstance(v, str) and v.strip()]
    return [line for line in dict.fromkeys(lines) if not says(line, skip) and not line.startswith(("-", "+"))]


def read_layout(grid, settings) -> ReturnLayout:
    """Everything one grid says about a return."""
    grid = as_grid(grid)
    people, header_row, end_row, none_said, not_read, roster = find_people(grid, settings)
    if header_row is None:
        people, header_row, end_row = find_people_in_prose(grid, settings)
    table_rows = set(range(header_row, end_row + 1)) if header_row is not None else set()
    # the people header may share its row with the figures' headers ("Tổng số CBCCVC | … | Họ và tên | Lý do")
    header_rows = {header_row, header_row + 1} & table_rows if header_row is not None else set()
    fields = find_fields(grid, settings, table_rows - header_rows, soft_rows=header_rows)
    if roster is not None:
        roster_counts(fields, roster, grid, header_row)
    if "total_staff" not in fields:
        _total_word_line(fields, grid, settings, header_row)
    date, problems = find_report_date(grid, settings, table_rows)
    out = ReturnLayout(sheet=grid.sheet, fields=fields, people=people, people_header_row=header_row,
                       none_listed=none_said, problems=list(problems), rows_not_read=not_read)
    if date is not None:
        out.report_date = date.date
        out.date_row = grid.row_numbers[date.row] if date.row is not None else None
    out.unit_lines = find_unit_lines(grid, settings, fields, header_row)
    out.line_places = line_places(grid)
    out.footer_lines = find_footer_lines(grid, settings, end_row)
    out.is_guide = is_guide(grid, settings)
    for name, cell in fields.items():
        if not cell.ok and name in COUNT_FIELDS:
            # the two counts a return stands on reject it; a stray non-participant count only warns
            severity = "error" if name in ("total_staff", "participants") else "warning"
            out.problems.append({
                "code": "count_not_numeric", "severity": severity, "row": cell.file_row,
                "message": f"Số liệu '{cell.raw}' của ô {name} không phải là số (not a number)",
            })
    return out


def line_places(grid) -> dict[str, tuple[str, int]]:
    """Each text cell and row line of a grid → (sheet, file row) where it first stands (issues name the row)."""
    places: dict[str, tuple[str, int]] = {}
    for r, row in enumerate(grid.rows):
        for text in (row_line(row), *(one_line(v) for v in row if isinstance(v, str))):
            if text:
                places.setdefault(text, (grid.sheet, grid.row_numbers[r]))
    return places


def _total_word_line(fields: dict[str, Cell], grid, settings, header_row: int | None) -> None:
    """ "Tổng cộng: 20 người" opening a line above the participants and the people table, when no total label
    was found: the total. Only as "word: number" — "Tổng cộng có 2 người không tham gia" is no total."""
    total_words = layout_setting(settings, "total_words", [])
    stop = min([r for r in (header_row, getattr(fields.get("participants"), "row", None)) if r is not None],
               default=len(grid.rows))
    for r in range(stop):
        text = next((v for v in grid.rows[r] if isinstance(v, str) and v.strip()), None)
        if text is None or not says(text, total_words):
            continue
        head, colon, rest = text.partition(":")
        numbers = numbers_in(rest) if colon and len(head.split()) <= 3 else []
        if numbers and not numbers[0][0].is_rate and numbers[0][0].value.is_integer() \
                and not rest[:numbers[0][1]].strip():
            fields["total_staff"] = Cell(int(numbers[0][0].value), r, grid.row_numbers[r], "total_word", text)
            return


def roster_counts(fields: dict[str, Cell], roster: tuple[int, int], grid, header_row: int) -> None:
    """A whole roster with a tick column: its rows are the staff, its ticks the participants, unless count lines
    elsewhere say so (a value read from the roster's own header row is the tick column's, not a count)."""
    listed, ticked = roster
    for name, value in (("total_staff", listed), ("participants", ticked)):
        cell = fields.get(name)
        if cell is None or not cell.ok or cell.row in (header_row, header_row + 1):
            fields[name] = Cell(value, header_row, grid.row_numbers[header_row], "roster", str(value))


def is_guide(grid, settings) -> bool:
    """A sheet named or titled as instructions ("Hướng dẫn", "Ví dụ")."""
    words = layout_setting(settings, "guide_words", [])
    title = next((row_line(row) for row in grid.rows[:3] if row_line(row)), "")
    return has_words(match_key(grid.sheet), words) or says(title, words) or starts_with_words(match_key(title), words)


def read_return(grids, settings) -> ReturnLayout:
    """One return from the grids of a file, every sheet accounted for.

    Several sheets each holding both counts are parts of the unit (a department, a school of a cluster) and are
    added up, or one of them is the total sheet where it agrees with the others; see `combine_sheets`. Else the
    grid holding the most stands, with people and date from another sheet when it has none. Every sheet not used
    is a note in ``sheet_notes`` saying why."""
    layouts = []
    for grid in grids:
        layouts.extend(table_parts(grid, settings) or [read_layout(grid, settings)])
    if not layouts:
        return ReturnLayout(sheet="")
    # a guide sheet's worked example is read only when no other sheet holds anything
    real = [lay for lay in layouts if not lay.is_guide and lay.score() > 0] or layouts
    counted = [lay for lay in real if lay.count("total_staff") is not None and lay.count("participants") is not None]
    used: list[ReturnLayout] = []
    notes: list[dict] = []
    if len(counted) >= 2:
        best, used, notes = combine_sheets(counted, settings)
    else:
        best = max(real, key=lambda lay: lay.score())
        used = [best]
    if best.people_header_row is None:
        with_people = [lay for lay in real if lay.people_header_row is not None and not _among(lay, used)]
        if with_people:
            best.people, best.none_listed = with_people[0].people, with_people[0].none_listed
            best.people_header_row = with_people[0].people_header_row
            best.rows_not_read = with_people[0].rows_not_read
            best.rows_not_read_sheets = [with_people[0].sheet] * len(with_people[0].rows_not_read)
            used.append(with_people[0])
    if best.report_date is None:
        # a covering letter on one sheet, the figures on an annex sheet: the letter's date is the report's
        dated = [lay for lay in real if lay.report_date is not None and not _among(lay, used)]
        if dated:
            best.report_date, best.date_row = dated[0].report_date, None  # its row is on another sheet
            best.problems = [p for p in best.problems if p["code"] != "date_invalid"]
            used.append(dated[0])
    for other in layouts:
        if other is not best:
            best.unit_lines.extend(line for line in other.unit_lines if line not in best.unit_lines)
            for text, place in other.line_places.items():
                best.line_places.setdefault(text, place)
    noted = {n["sheet"] for n in notes}
    for other in layouts:
        if _among(other, used) or other.sheet in noted or len(layouts) == 1:
            continue
        notes.append(_unused_note(other))
    best.sheet_notes = notes + best.sheet_notes
    return best


def table_parts(grid, settings) -> list[ReturnLayout] | None:
    """Several figure tables in one grid (a Word file with a table per school of a cluster): each read as a part,
    named "<sheet> (bảng N)"; None when the grid holds one return table (or the same figures said twice)."""
    grid = as_grid(grid)
    labels = Labels(settings.return_fields)  # all of them: a longer label ("Tổng số người không tham gia") wins
    opens = {"total_staff", *PAIR_FIELDS}
    starts: list[int] = []
    for r, row in enumerate(grid.rows):
        said = any(h.field in opens for v in row for h in labels.hits(cell_text(v)))
        if said and (not starts or r - starts[-1] > 2):
            starts.append(r)
    if len(starts) < 2:
        return None
    bounds = [0, *starts[1:], len(grid.rows)]
    parts = []
    for i, (a, b) in enumerate(zip(bounds, bounds[1:]), start=1):
        sub = SimpleGrid(grid.rows[a:b], f"{grid.sheet} (bảng {i})", grid.row_numbers[a:b])
        parts.append(read_layout(sub, settings))
    counted = [p for p in parts if p.count("total_staff") is not None and p.count("participants") is not None]
    if len(counted) < 2 or len({(p.count("total_staff"), p.count("participants")) for p in counted}) == 1:
        return None
    for part in parts:
        part.people["sheet"] = grid.sheet  # people keep the file's own sheet; their row says where
    return parts


def _among(lay: ReturnLayout, group: list[ReturnLayout]) -> bool:
    return any(lay is other for other in group)


def _figures(lay: ReturnLayout) -> str:
    return f"{lay.count('participants')}/{lay.count('total_staff')}"


def _unused_note(lay: ReturnLayout) -> dict:
    """Why a sheet of the file is not used for the return."""
    if lay.is_guide:
        why, severity = "sheet hướng dẫn, ví dụ của nó không phải số liệu của đơn vị (guide sheet)", "info"
    elif any(name in lay.fields for name in COUNT_FIELDS):
        said = ", ".join(f"{n} = {lay.fields[n].raw or lay.fields[n].value}" for n in COUNT_FIELDS if n in lay.fields)
        why = (f"sheet chỉ có một phần số liệu ({said}), không đủ tổng số và số tham gia để ghép với sheet khác; "
               f"không dùng (partial figures only)")
        severity = "warning"
    elif lay.people_header_row is not None or lay.report_date is not None:
        why, severity = "danh sách / ngày đã lấy từ sheet khác; sheet này không dùng (already taken elsewhere)", "warning"
    else:
        why, severity = "sheet không có số liệu, ngày hay danh sách; chỉ đọc tên đơn vị (no return figures)", "info"
    return {"code": "sheet_unused", "severity": severity, "sheet": lay.sheet, "row": None,
            "message": f"Sheet '{lay.sheet}' không dùng: {why}"}


def _same_return(a: ReturnLayout, b: ReturnLayout) -> bool:
    """Two sheets holding the same figures and the same listed names: a copy, not two parts."""
    names = lambda lay: sorted(match_key(str(n)) for n in lay.people["full_name"])  # noqa: E731
    return (a.count("total_staff"), a.count("participants")) == (b.count("total_staff"), b.count("participants")) \
        and names(a) == names(b)


def combine_sheets(counted: list[ReturnLayout], settings) -> tuple[ReturnLayout, list[ReturnLayout], list[dict]]:
    """Sheets each holding both counts → (the return, the sheets used, notes).

    A copy of another sheet is left out. A sheet whose counts are the sum of all the others is the total sheet and
    stands (its parts are checks). A sheet named as a total ("Tổng hợp", cchc.toml total_words) that does not agree,
    or parts dated in different years, hold the return for review (a note with ``hold``). Else the parts are added
    up and their people listed together, each with its sheet."""
    notes: list[dict] = []
    parts: list[ReturnLayout] = []
    for lay in counted:
        twin = next((p for p in parts if _same_return(p, lay)), None)
        if twin is not None:
            notes.append({"code": "sheet_unused", "severity": "info", "sheet": lay.sheet, "row": None,
                          "message": f"Sheet '{lay.sheet}' trùng số liệu và danh sách với sheet '{twin.sheet}'; "
                                     f"chỉ tính một lần (a copy of another sheet)"})
        else:
            parts.append(lay)
    if len(parts) == 1:
        return parts[0], [parts[0]], notes
    listed = "; ".join(f"'{p.sheet}' {_figures(p)}" for p in parts)
    total_words = layout_setting(settings, "total_words", [])
    named = [p for p in parts if starts_with_words(match_key(p.sheet), total_words)]
    for total in parts:
        others = [p for p in parts if p is not total]
        if (len(others) >= 2 or _among(total, named)) and (total.count("total_staff"), total.count("participants")) == (
                sum(p.count("total_staff") for p in others), sum(p.count("participants") for p in others)):
            if total.people_header_row is None:
                _take_people(total, others)
            for p in others:
                notes.append({"code": "sheet_unused", "severity": "info", "sheet": p.sheet, "row": None,
                              "message": f"Sheet '{p.sheet}' ({_figures(p)}) đã cộng trong sheet tổng '{total.sheet}' "
                                         f"({_figures(total)}), khớp; dùng sheet tổng (part of an agreeing total sheet)"})
            return total, [total, *others], notes
    years = {p.report_date.year for p in parts if p.report_date is not None}
    combined = _added_up([p for p in parts if not _among(p, named)] or parts)
    if named:
        total = named[0]
        hold = (f"Sheet tổng '{total.sheet}' ({_figures(total)}) không khớp với tổng các sheet còn lại "
                f"({_figures(combined)}); các sheet (tham gia/tổng số): {listed} (total sheet disagrees with its parts)")
        if total.people_header_row is None:
            _take_people(total, [p for p in parts if p is not total])
        total.sheet_notes.append({"code": "sheets_disagree", "severity": "warning", "sheet": total.sheet,
                                  "row": None, "hold": True, "message": hold})
        return total, parts, notes
    if len(years) > 1:
        combined.sheet_notes.append({
            "code": "sheets_unclear", "severity": "warning", "sheet": combined.sheet, "row": None, "hold": True,
            "message": f"Các sheet ghi ngày báo cáo ở các năm khác nhau ({', '.join(map(str, sorted(years)))}), "
                       f"không rõ là các phần của một báo cáo; tạm cộng lại: {listed} (sheets' relation unclear)"})
    else:
        combined.sheet_notes.append({
            "code": "sheets_combined", "severity": "info", "sheet": combined.sheet, "row": None,
            "message": f"Báo cáo gồm {len(parts)} sheet, mỗi sheet một bộ phận, đã cộng lại: {listed} → "
                       f"{_figures(combined)} (sheets added up)"})
    return combined, parts, notes


def _take_people(total: ReturnLayout, parts: list[ReturnLayout]) -> None:
    """A total sheet without a people table lists the people of its parts."""
    with_people = [p for p in parts if p.people_header_row is not None]
    if with_people:
        total.people = pd.concat([p.people for p in with_people], ignore_index=True)
        total.people_header_row = with_people[0].people_header_row
        total.none_listed = all(p.none_listed for p in with_people)
        total.rows_not_read = [r for p in with_people for r in p.rows_not_read]
        total.rows_not_read_sheets = [p.sheet for p in with_people for _ in p.rows_not_read]


def _added_up(parts: list[ReturnLayout]) -> ReturnLayout:
    """Sheets of a unit's parts as one return: counts added, people listed together, the latest date."""
    first = parts[0]
    out = ReturnLayout(sheet="; ".join(p.sheet for p in parts))
    for name in ("total_staff", "participants", "non_participants_count"):
        values = [p.count(name) for p in parts]
        if all(v is not None for v in values):
            out.fields[name] = Cell(sum(values), first.fields[name].row, first.fields[name].file_row, "sheets_sum",
                                    " + ".join(str(v) for v in values))
    total, joined = out.count("total_staff"), out.count("participants")
    if total:
        out.fields["rate"] = Cell(joined / total, first.fields["total_staff"].row,
                                  first.fields["total_staff"].file_row, "sheets_sum", "")
    dated = [p for p in parts if p.report_date is not None]
    if dated:
        latest = max(dated, key=lambda p: p.report_date)
        out.report_date = latest.report_date
        out.date_row = latest.date_row if len(dated) == 1 else None
    _take_people(out, parts)
    if out.people_header_row is None:
        out.none_listed = any(p.none_listed for p in parts)
    for p in parts:
        out.problems.extend({**problem, "sheet": problem.get("sheet", p.sheet)} for problem in p.problems)
        out.unit_lines.extend(line for line in p.unit_lines if line not in out.unit_lines)
        out.footer_lines.extend(line for line in p.footer_lines if line not in out.footer_lines)
    return out
