"""The unit names typed on the platform → unit codes, once per distinct text, and what the analyst is shown.

A name the analyst confirmed in the review file decides first; then the registry matcher (partial names allowed,
a parent body after a dash dropped); what stays undecided is logged once per text and proposed in the review file's
`don_vi_nen_tang` sheet. Rows of another district (a province-wide export) count for no unit.
"""
from __future__ import annotations

import pandas as pd

from ..config import Settings
from ..issues import IssueLog

ALIAS_COLUMNS = ["text", "unit_code", "method", "score", "rows", "candidates", "people"]
REVIEW_SHEET = "don_vi_nen_tang"  # review.py's sheet of typed unit names
# typed names the analyst is shown in the review file: the undecided, and the kit's own guesses to check
REVIEW_METHODS = ("unmatched", "ambiguous", "partial", "fuzzy", "confirmed")


def resolved_units(unit_text: pd.Series, units: pd.DataFrame, settings: Settings,
                   confirmed: dict[str, str] | None = None, matcher=None) -> pd.DataFrame:
    """One row per distinct typed unit: text, unit_code, method, score, rows, candidates (matched once each).

    confirmed (match_key of a typed text → unit code, "" for a body outside the registry) is what the analyst
    filled in the review file: it decides before any matching (method `confirmed`). A text left undecided gets
    the likeliest units as candidates ("PGDDT – Phòng Giáo dục và Đào tạo (86); …"). matcher: the registry's
    UnitMatcher(units, settings, partial=True) when the caller built it already.
    """
    from ..registry import UnitMatcher
    from ..text import match_key

    counts = unit_text[unit_text != ""].value_counts()
    if counts.empty:
        return pd.DataFrame(columns=ALIAS_COLUMNS)
    matcher = matcher or UnitMatcher(units, settings, partial=True)
    matches = matcher.match_many(counts.index.tolist()).reset_index(drop=True)
    matches = with_parent_dropped(matches, matcher, settings.contest.city)
    if confirmed:
        pinned = matches["text"].map(match_key).map(confirmed)
        hit = pinned.notna()
        matches.loc[hit, "unit_code"] = pinned[hit].replace("", None)
        matches.loc[hit, "method"] = "confirmed"
        matches.loc[hit, "score"] = 100.0
        matches.loc[hit, "candidates"] = pinned[hit].map(lambda code: [code] if code else []).to_numpy()
    matches["rows"] = counts.reindex(matches["text"]).to_numpy()
    matches["candidates"] = candidate_texts(matches, matcher)
    matches["people"] = 0
    matches["unit_code"] = matches["unit_code"].astype(object).where(matches["unit_code"].notna(), None)
    return matches[ALIAS_COLUMNS].sort_values(["unit_code", "rows", "text"], ascending=[True, False, True],
                                              na_position="first")


def candidate_texts(matches: pd.DataFrame, matcher) -> pd.Series:
    """"CODE – name (score)" joined by "; " per text: the matched unit, or for an undecided text its likeliest
    units (up to three; an ambiguous text: the units it fits) — never empty while the registry has a unit."""
    names = matcher.unit_names
    undecided = matches["unit_code"].isna() & matches["method"].ne("confirmed")
    ambiguous = undecided & matches["method"].eq("ambiguous")
    # an ambiguous text's units are the ones it fits, scored; an unmatched text gets the three likeliest
    proposed = matcher.proposals(matches.loc[undecided & ~ambiguous, "text"].tolist())
    fits = {t: list(c) for t, c in zip(matches.loc[ambiguous, "text"], matches.loc[ambiguous, "candidates"])}
    proposed.update(matcher.proposals(list(fits), limit=0, include=fits))

    def shown(code, score) -> str:
        return f"{code} – {names.get(code, '')} ({score:.0f})"

    out = []
    for text, code, score, is_undecided in zip(matches["text"], matches["unit_code"], matches["score"], undecided):
        if is_undecided:
            out.append("; ".join(shown(c, s) for c, s in proposed.get(text, [])))
        else:
            out.append(shown(code, float(score)) if pd.notna(code) else "")
    return pd.Series(out, index=matches.index, dtype=object)


PARENT_SEPARATOR = r"\s+[-–—]\s*|\s*[-–—]\s+|\s*[,(/]\s*"  # "Phòng Nội vụ - UBND thành phố Chí Linh"


def with_parent_dropped(matches: pd.DataFrame, matcher, city: str) -> pd.DataFrame:
    """Unresolved texts typed as "unit - its parent body in our city": matched again on the part before the parent.

    Only when the part after the separator names the contest's city, so "Phòng Nội vụ - TP Hải Dương" (another
    city's office) stays unmatched.
    """
    from ..text import match_key

    city_key = match_key(city)
    unresolved = matches["unit_code"].isna() & matches["text"].str.contains(PARENT_SEPARATOR, regex=True)
    if not city_key or not unresolved.any():
        return matches
    parts = matches.loc[unresolved, "text"].str.split(PARENT_SEPARATOR, n=1, regex=True)
    head, rest = parts.str[0].str.strip(), parts.str[1].fillna("")
    ours = rest.map(lambda text: f" {city_key} " in f" {match_key(text)} ")  # per distinct unresolved text
    head = head[ours & (head != "")]
    if head.empty:
        return matches
    again = matcher.match_many(head.unique().tolist()).set_index("text")
    found = again.reindex(head.to_numpy()).set_axis(head.index)
    found = found[found["unit_code"].notna()]
    for name in ("unit_code", "method", "score", "candidates"):
        matches.loc[found.index, name] = found[name].to_numpy()
    return matches


def recounted(matches: pd.DataFrame, entries: pd.DataFrame) -> pd.DataFrame:
    """The resolved texts with their rows (attempts) and people counted on the kept attempts (texts of dropped rows
    only are left out); the undecided first, most attempts first."""
    typed = entries.loc[(entries["unit_text"] != "").to_numpy(), ["unit_text", "person_key"]]  # two columns copied
    counts = typed["unit_text"].value_counts()
    people = typed.groupby("unit_text")["person_key"].nunique()
    out = matches.assign(rows=matches["text"].map(counts).fillna(0).astype("int64"),
                         people=matches["text"].map(people).fillna(0).astype("int64"))
    out = out[out["rows"] > 0]
    return out.sort_values(["unit_code", "rows", "text"], ascending=[True, False, True], na_position="first")


def candidates_text(value) -> str:
    """Candidate codes as "A; B" whatever shape the matcher gives them in."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, str):
        return value
    return "; ".join(str(v) for v in value)


def log_unresolved_units(aliases: pd.DataFrame, attempts: pd.DataFrame, log: IssueLog) -> None:
    """One issue per distinct typed unit that matched no registry unit, with its row count."""
    unresolved = aliases[aliases["unit_code"].isna()]
    if unresolved.empty:
        return
    first = attempts.drop_duplicates("unit_text").set_index("unit_text")[["source_file", "sheet", "source_row"]]
    for text, method, rows, candidates in unresolved[["text", "method", "rows", "candidates"]].itertuples(index=False):
        where = first.loc[text]
        if method == "ambiguous":
            code, message = "unit_ambiguous", (
                f"Đơn vị \"{text}\" khớp với nhiều đơn vị ({candidates}); điền mã đúng vào cột confirmed_code của "
                f"tệp xác nhận, trang {REVIEW_SHEET} (typed unit is ambiguous: confirm it in the review file): "
                f"{rows} lượt thi (attempts)")
        elif method == "confirmed":
            continue  # the analyst said it is no unit of the registry
        else:
            code, message = "unit_unmatched", (
                f"Đơn vị \"{text}\" không có trong danh sách đơn vị (typed unit not in the registry): "
                f"{rows} lượt thi (attempts) không tính cho đơn vị nào; đơn vị gần nhất: {candidates}; "
                f"điền mã đúng vào tệp xác nhận, trang {REVIEW_SHEET} nếu thuộc một đơn vị")
        log.add(code, message, source_file=where["source_file"], sheet=where["sheet"], row=int(where["source_row"]),
                severity="warning", rows_affected=int(rows))


# a confirmed_code saying "no unit of ours" (accent-free): "không", "ngoài danh sách", "-"
OUTSIDE_WORDS = ("khong", "ngoai", "ngoai danh sach", "khong thuoc", "khac")


def confirmed_codes(confirmed: pd.DataFrame | None, units: pd.DataFrame, log: IssueLog,
                    source_file: str = "xac_nhan.xlsx") -> dict[str, str]:
    """match_key of a typed name → the code the analyst confirmed ("" when they wrote it is no unit of ours:
    "không", "ngoài", "-"). A code not in the registry is left out with a `review_unknown_code` warning."""
    from ..text import match_key

    if confirmed is None or confirmed.empty or not {"text", "confirmed_code"} <= set(confirmed.columns):
        return {}
    codes = {str(c).casefold(): str(c) for c in units["unit_code"]}
    out: dict[str, str] = {}
    for text, typed_code in zip(confirmed["text"], confirmed["confirmed_code"]):  # the analyst's few hundred rows
        key, value = match_key(text), str(typed_code).strip()
        if not key or not value:
            continue
        if match_key(value) in OUTSIDE_WORDS or value == "-":
            out[key] = ""
        elif value.casefold() in codes:
            out[key] = codes[value.casefold()]
        else:
            log.add("review_unknown_code", f"Tệp xác nhận, trang {REVIEW_SHEET}: mã \"{value}\" điền cho đơn vị gõ "
                    f"\"{text}\" không có trong danh sách đơn vị, chưa áp dụng (confirmed code not in the registry)",
                    source_file=source_file, sheet=REVIEW_SHEET, severity="warning")
    return out


def unit_review_rows(aliases: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The review file's rows of typed unit names: undecided ones (most attempts first), then the kit's partial and
    fuzzy guesses and the analyst's confirmations; spellings differing only in accents or case are one row."""
    from ..text import match_key

    shown = aliases[aliases["method"].isin(REVIEW_METHODS)].copy()
    if shown.empty:
        return pd.DataFrame(columns=["text", "rows", "people", "method", "unit_code", "unit_name", "candidates"])
    shown["key"] = shown["text"].map(match_key)
    shown = shown.sort_values("rows", ascending=False, kind="stable")
    first = shown.drop_duplicates("key")
    totals = shown.groupby("key")[["rows", "people"]].sum()
    names = dict(zip(units["unit_code"].astype(str), units["unit_name"].astype(str)))
    rows = first.assign(rows=first["key"].map(totals["rows"]), people=first["key"].map(totals["people"]),
                        unit_name=first["unit_code"].map(names))
    rows["undecided"] = rows["unit_code"].isna() & rows["method"].ne("confirmed")
    rows = rows.sort_values(["undecided", "rows", "text"], ascending=[False, False, True])
    return rows[["text", "rows", "people", "method", "unit_code", "unit_name", "candidates"]].reset_index(drop=True)


def other_district(district: pd.Series, city: str) -> pd.Series:
    """True where a province-wide export's district column names a place other than the contest's city."""
    from .values import accent_free_keys

    keys = accent_free_keys(district)
    city_key = accent_free_keys(pd.Series([city], dtype="string")).iloc[0] if city else ""
    if not city_key:
        return pd.Series(False, index=district.index)
    named = keys.notna() & (keys != "")
    return (named & ~keys.str.contains(city_key, regex=False, na=False)).astype(bool)


def log_other_district(attempts: pd.DataFrame, log: IssueLog) -> None:
    """One note per file and sheet: attempts of other districts were read but count for no unit."""
    for (source_file, sheet), rows in attempts.groupby(["source_file", "sheet"], sort=False)["source_row"]:
        log.add("other_district", f"{len(rows)} lượt thi của huyện/thành phố khác: không tính cho đơn vị nào "
                f"(attempts of another district count for no unit), dòng đầu (first row) {int(rows.min())}",
                source_file=source_file, sheet=sheet, row=int(rows.min()), severity="info", rows_affected=len(rows))
