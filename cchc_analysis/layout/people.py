"""The non-participants table ("Danh sách không tham gia"): its header, its rows until the signature, one
person per row or several in one cell, or a list in prose.
"""
from __future__ import annotations

import re

import pandas as pd

from ..text import fold, match_key
from .grid import Labels, cell_text, filled, layout_setting, says, as_grid, empty_people, row_line
from .numbers import as_count

PEOPLE_COLUMNS = ("stt", "full_name", "position", "reason", "unit")
SECTION_NUMBER = re.compile(r"^(?:[IVXLC]{1,5}|[A-Za-zĐđ])[.)]?$")


def _people_header(grid, settings) -> tuple[int, int, dict[str, int]] | None:
    """(first header row, last header row, column of each people field), the name column required."""
    labels = Labels(settings.people_columns)
    fields = Labels(settings.return_fields)
    r = 0
    while r < len(grid.rows):
        columns = _header_columns(labels, grid.rows[r])
        if "full_name" not in columns:
            r += 1
            continue
        last = r
        if r + 1 < len(grid.rows):
            lower = _header_columns(labels, grid.rows[r + 1])
            repeats_name = columns["full_name"] < len(grid.rows[r + 1]) and \
                grid.rows[r + 1][columns["full_name"]] == grid.rows[r][columns["full_name"]]
            if "full_name" in lower or len(lower) >= 2 or repeats_name:
                columns = {**columns, **lower}  # a two-row header: the lower row names the columns
                last = r + 1
        if not _lists_participants(grid, r, columns, fields):
            return r, last, columns
        r = last + 1
    return None


def _lists_participants(grid, header: int, columns: dict, fields: Labels) -> bool:
    """A table titled as the list of those who took part (no reason column) is not the non-participants."""
    if "reason" in columns:
        return False
    for j in range(header - 1, max(-1, header - 4), -1):
        said = {h.field for h in fields.hits(row_line(grid.rows[j]))}
        if "non_participants_count" in said:
            return False
        if "participants" in said:
            return True
    return False


def _header_columns(labels: Labels, row: list) -> dict[str, int]:
    columns: dict[str, int] = {}
    for c, value in enumerate(row):
        text = cell_text(value)
        if not text or len(text) > 60 or any(ch.isdigit() for ch in text) or len(text.split()) > 8:
            continue
        # a header opens with its label: "Họ và tên người chưa tham gia", "Lý do không tham gia Cuộc thi"
        found = labels.hits(text)
        if found and found[0].first == 0 and found[0].field not in columns:
            columns[found[0].field] = c
    return columns


def _is_signature(value, settings) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    folded = fold(value)
    for word in settings.signature_words:
        w = fold(word)
        if w and folded.startswith(w) and (len(folded) == len(w) or not folded[len(w)].isalnum() or not w[-1].isalnum()):
            return True
    return False


def _looks_like_name(value) -> bool:
    """A person's name: letters, no digits or colon, a handful of words."""
    if not isinstance(value, str):
        return False
    words = value.split()
    return (1 <= len(words) <= 7 and not any(ch.isdigit() for ch in value) and not any(ch in value for ch in ":,;")
            and value.strip()[-1:] not in ".!?;" and any(ch.isalpha() for ch in value))


def find_people(grid, settings) -> tuple[pd.DataFrame, int | None, int | None, bool, list[int], tuple | None]:
    """The non-participant table: (people, header row, last row read, "none" said, file rows not read as people,
    roster counts).

    People keep their file row. A row whose name cell holds something that is not a name (a phone number,
    a 75-word text) is returned among the rows not read, so the caller can log it: nothing is lost.
    A whole staff roster with a tick column headed as participants ("Đã tham gia": x) lists the unticked rows
    as the people; roster counts are then (people rows, ticked rows), else None.
    """
    grid = as_grid(grid)
    header = _people_header(grid, settings)
    if header is None:
        return empty_people(), None, None, False, [], None
    first, last, columns = header
    tick_col = _tick_column(grid, first, last, columns, settings)
    unticked = layout_setting(settings, "unticked_words", [])
    roster_rows = ticked = 0
    last_stt = None
    middle_names = frozenset(match_key(w) for w in layout_setting(settings, "middle_names", []) if match_key(w))
    dittos = layout_setting(settings, "ditto_marks", [])
    name_col = columns["full_name"]
    name_cols = _name_columns(grid, first, last, name_col)
    reason_cols = _name_columns(grid, first, last, columns["reason"]) if "reason" in columns else []
    marks = grid.rows[last] if last > first else grid.rows[first]
    total_words = layout_setting(settings, "total_words", [])
    none_words = layout_setting(settings, "none_words", [])
    records, blanks, none_said, end, not_read = [], 0, False, last, []
    header_labels = Labels(settings.people_columns)
    for r in range(last + 1, len(grid.rows)):
        row = grid.rows[r]
        cells = [v for v in row if filled(v)]
        if not cells:
            blanks += 1
            if blanks >= 2 and not _numbering_goes_on(grid, r, columns.get("stt"), last_stt):
                break
            continue
        blanks = 0
        name = _joined_name(row, name_cols)
        stt = row[columns["stt"]] if "stt" in columns and columns["stt"] < len(row) else None
        if _is_signature(name, settings) or (not filled(name) and any(_is_signature(v, settings) for v in cells)):
            break
        if says(stt, total_words) or says(name, total_words):
            break
        if says(name, none_words) and len(name.split()) <= 5:
            none_said, end = True, r
            continue
        if len(cells) >= 2 and len({str(v) for v in cells}) == 1:
            continue  # a section title merged across the row ("Tổ Toán"), not a person
        if "full_name" in _header_columns(header_labels, row):
            continue  # the header typed again for the next printed page
        if isinstance(stt, str) and SECTION_NUMBER.match(stt.strip()):
            continue  # "I | Khối Đảng, đoàn thể": a section of the table, numbered I, II or A, B
        if not _reads_as_names(name):
            if len(cells) == 1 and isinstance(cells[0], str) and filled(name):
                break  # prose after the table (a docx paragraph): the table is over
            numbered_without_name = not filled(name) and as_count(stt) is not None and len(cells) >= 2
            if (filled(name) and not _column_numbers(name)) or numbered_without_name:
                not_read.append(grid.row_numbers[r])  # a person row we cannot name: logged, never dropped
                end = r
            continue
        end = r  # the table reaches its last person: footer rows (a date line) stay readable
        last_stt = as_count(stt)
        if tick_col is not None:
            roster_rows += 1
            mark = row[tick_col] if tick_col < len(row) else None
            if filled(mark) and not says(mark, unticked):
                ticked += 1
                continue  # ticked as having taken part: counted, not listed
        person = {
            "stt": stt,
            "full_name": name,
            **{k: _text_or_empty(row, columns.get(k)) for k in ("position", "unit")},
            "reason": _reason(row, reason_cols, marks) if len(reason_cols) > 1 else _text_or_empty(row, columns.get("reason")),
        }
        if records:  # "nt" (như trên) or a typed ditto repeats the cell above
            person.update({k: records[-1][k] for k in ("position", "reason", "unit") if _is_ditto(person[k], dittos)})
        records.extend({**one, "source_row": grid.row_numbers[r], "sheet": grid.sheet}
                       for one in people_in_row(person, middle_names))
    people = pd.DataFrame(records, columns=empty_people().columns) if records else empty_people()
    roster = (roster_rows, ticked) if tick_col is not None and roster_rows else None
    return people, first, end, none_said, not_read, roster


def _is_ditto(value, marks: list[str]) -> bool:
    """A cell saying "as above": "nt", "như trên", "-nt-", '"', '-"-' (cchc.toml ``ditto_marks``)."""
    if not isinstance(value, str) or not value.strip():
        return False
    text = value.strip()
    key = match_key(text)
    return any(text == mark or (key and key == match_key(mark)) for mark in marks)


def _tick_column(grid, first: int, last: int, columns: dict[str, int], settings) -> int | None:
    """A people header cell headed as a mark of taking part (cchc.toml ``tick_headers``: "Đã tham gia"): the
    roster's tick column. Not when the header row also holds count labels (figures sharing the people header)."""
    words = layout_setting(settings, "tick_headers", [])
    fields = Labels(settings.return_fields)
    taken = set(columns.values())
    rows = grid.rows[first:last + 1]
    if any(h.field in ("total_staff", "non_participants_count") for row in rows for h in fields.hits(row_line(row))):
        return None
    for row in rows:
        for c, value in enumerate(row):
            if c not in taken and isinstance(value, str) and len(value.split()) <= 6 and says(value, words):
                return c
    # no such header: a column whose every mark says taken part or not ("Kết quả": "Đã thi" / "Chưa thi")
    width = max((len(row) for row in rows), default=0)
    return next((c for c in range(width) if c not in taken and _marks_taking_part(grid, last, c, settings)), None)


def _marks_taking_part(grid, last: int, c: int, settings) -> bool:
    """The column's values under the header, down to the first blank row, all say taken part or not."""
    took = layout_setting(settings, "took_part_words", [])
    did_not = layout_setting(settings, "unticked_words", [])
    marks = []
    for row in grid.rows[last + 1:last + 1 + 500]:
        if not any(filled(v) for v in row):
            break
        if c < len(row) and filled(row[c]):
            marks.append(row[c])
    said_took = [m for m in marks if says(m, took)]
    return len(marks) >= 2 and bool(said_took) and all(says(m, took) or says(m, did_not) for m in marks)


def _numbering_goes_on(grid, r: int, stt_col: int | None, last: int | None, look: int = 5) -> bool:
    """After blank rows (a page gap), the next filled row carries on the STT numbering (3 → 4): the table goes on."""
    if stt_col is None or last is None:
        return False
    for row in grid.rows[r + 1:r + 1 + look]:
        if any(filled(v) for v in row):
            return last is not None and stt_col < len(row) and as_count(row[stt_col]) == last + 1
    return False


PROSE_BULLET = re.compile(r"^\s*(?:\d{1,2}\s*[.)/-]|[-+•*–]|[a-zđ]\))\s*")


PROSE_SPLIT = re.compile(r"\s+[–—-]\s+|\s*[–—]\s*")


def find_people_in_prose(grid, settings) -> tuple[pd.DataFrame, int | None, int | None]:
    """People listed as numbered lines under a non-participant line, no table:

    "Số không tham gia: 02 người, gồm:" then "1. Đ/c Nguyễn Thị Hoa – Chuyên viên – nghỉ thai sản;".
    Returns (people, first person row, last person row).
    """
    grid = as_grid(grid)
    labels = Labels(settings.return_fields)
    reason_keys = [match_key(w) for words in settings.reasons.words.values() for w in words if match_key(w)]
    for r, row in enumerate(grid.rows):
        line = row_line(row)
        if not any(h.field == "non_participants_count" for h in labels.hits(line)):
            continue
        records = []
        for j in range(r + 1, len(grid.rows)):
            person = _prose_person(row_line(grid.rows[j]), reason_keys, settings)
            if person is None:
                break
            records.append({**person, "stt": None, "unit": "", "source_row": grid.row_numbers[j], "sheet": grid.sheet})
        if records:
            people = pd.DataFrame(records, columns=empty_people().columns)
            return people, r + 1, r + len(records)
    return empty_people(), None, None


def _prose_person(line: str, reason_keys: list[str], settings) -> dict | None:
    """ "1. Nguyễn Thị Hoa – Chuyên viên – nghỉ thai sản;" → name, position, reason; None when not such a line."""
    bullet = PROSE_BULLET.match(line)
    if not bullet or _is_signature(line, settings):
        return None
    parts = [s.strip(" ;.,") for s in PROSE_SPLIT.split(line[bullet.end():]) if s.strip(" ;.,")]
    if not parts:
        return None
    if len(parts) == 1 and "," in parts[0] and "(" not in parts[0]:
        # "Quan Văn Bình, diễn viên, đi biểu diễn": commas part the line as dashes do (a name holds none)
        parts = [s.strip(" ;.") for s in parts[0].split(",") if s.strip(" ;.")]
    if len(parts) == 1 and "(" in parts[0]:  # "Nguyễn Văn An (nghỉ thai sản)"
        name, _, rest = parts[0].partition("(")
        parts = [name.strip(), rest.strip(" )")]
    if not _looks_like_name(parts[0]):
        return None
    position, reason = "", ""
    if len(parts) >= 3:
        position, reason = parts[1], ", ".join(parts[2:])
    elif len(parts) == 2:
        key = f" {match_key(parts[1])} "
        if any(f" {k} " in key for k in reason_keys):
            reason = parts[1]
        else:
            position = parts[1]
    return {"full_name": parts[0], "position": position, "reason": reason}


def _column_numbers(value) -> bool:
    """ "(2)" or 2 under a header: the column-number row of a form."""
    return isinstance(value, (int, float)) or bool(re.fullmatch(r"\(?\s*\d{1,2}\s*\)?", str(value).strip()))


def _reason(row: list, cols: list[int], headers: list) -> str:
    """Reasons ticked under a merged "Lý do" header (Thai sản | Ốm | Đi học with an "x"): the ticked headers."""
    out = []
    for c in cols:
        if c < len(row) and filled(row[c]):
            head = str(headers[c]).strip() if c < len(headers) and filled(headers[c]) else ""
            mark = str(row[c]).strip()
            out.append(head if len(mark) <= 1 or mark.lower() in ("x", "có", "co") else f"{head}: {mark}".strip(": "))
    return "; ".join(dict.fromkeys(out))


def _name_columns(grid, first: int, last: int, name_col: int) -> list[int]:
    """The name column, and the next ones when "Họ và tên" is merged over "Họ đệm" | "Tên"."""
    cols = [name_col]
    header = grid.rows[first]
    while cols[-1] + 1 < len(header) and header[cols[-1] + 1] == header[name_col]:
        cols.append(cols[-1] + 1)
    return cols


def _joined_name(row: list, cols: list[int]):
    parts = [row[c] for c in cols if c < len(row) and filled(row[c])]
    if len(parts) <= 1:
        return parts[0] if parts else None
    lines = [str(p).strip().split("\n") for p in parts]
    if len(lines[0]) > 1 and len({len(x) for x in lines}) == 1:
        # "Họ đệm" | "Tên" each listing several people line by line: join them line by line
        return "\n".join(" ".join(dict.fromkeys(x.strip() for x in line)) for line in zip(*lines))
    return " ".join(dict.fromkeys(str(p).strip() for p in parts))


def one_line(value):
    """A cell's lines as one single-spaced line (a name wrapped onto two lines is one name)."""
    return " ".join(value.split()) if isinstance(value, str) else value


def _reads_as_names(value) -> bool:
    """A name, or several names typed on the lines of one cell."""
    lines = _lines(value)
    return _looks_like_name(one_line(value)) or (len(lines) > 1 and all(_looks_like_name(x) for x in lines))


def _lines(value) -> list[str]:
    return [line.strip() for line in value.split("\n")] if isinstance(value, str) and value.strip() else []


def people_in_row(person: dict, middle_names: frozenset[str] = frozenset()) -> list[dict]:
    """The people of one table row: one per line when the name cell lists several names on separate lines
    (Alt+Enter) and the other cells give each its own line (or one line they share); else the row as one person.

    With no other cell split the same way, every name line must read as a full name of three words or more:
    a long name wrapped onto two lines ("Nguyễn Thị" / "Hồng Nhung") stays one person. So does a row with one
    STT number, or a name line ending in a middle name (``middle_names`` as match keys: "thi", "van").
    """
    names = _lines(person["full_name"])
    others = {k: _lines(v) for k, v in person.items() if k != "full_name"}
    n = len(names)
    counts = {len(lines) for lines in others.values()}
    one_number = as_count(person.get("stt")) is not None and len(_lines(str(person.get("stt")))) == 1
    fits = n > 1 and counts <= {0, 1, n} and not one_number and all(_looks_like_name(name) for name in names) \
        and not any(match_key(name.split()[-1]) in middle_names for name in names)
    said_apart = n in counts  # another cell (stt, position, reason) has as many lines: each person has a line
    if not fits or not (said_apart or all(len(name.split()) >= 3 and "(" not in name for name in names)):
        return [{k: one_line(v) for k, v in person.items()}]
    out = []
    for i, name in enumerate(names):
        one = {"full_name": name}
        for key, value in person.items():
            if key != "full_name":
                lines = others[key]
                one[key] = lines[i] if len(lines) == n else one_line(value)
        out.append(one)
    return out


def _text_or_empty(row: list, col: int | None) -> str:
    if col is None or col >= len(row) or not filled(row[col]):
        return ""
    value = row[col]
    return value.strip() if isinstance(value, str) else str(value)
