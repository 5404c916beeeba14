"""The rules of cchc.toml checked before a run: one pydantic model per section, unknown keys forbidden.

`check_config(raw, path)` validates the parsed toml and returns it as a plain dict with every value typed
(dates as `datetime.date`, local times as naive `datetime.datetime`) and every optional key's default filled in;
`config.settings_from_dict` builds `Settings` from that dict. Any fault — an unknown key (with the closest
known key), a missing key, a value of the wrong type or out of range, thresholds out of order, a reason
category that is not in `order` and `labels` — is one line of the ConfigError, naming the file, the
section and the key. All faults of a file are listed at once.

To add a key: declare it ONCE on its section's model below (type with range, a default if it may be left
out — that default is the only one in the code), then read it in `config.settings_from_dict`:

    class ReturnsSection(Section):
        ...
        held_ratio: float = Field(2.0, gt=1)   # a return's staff this many times the registry's (or 1/x) is held

A new table `[returns.foo]` is a new `Section` subclass and one field `foo: FooSection` on its parent.
Optional word lists whose default lives in the code that reads them are `Words | None = None`
(left out of the dict when absent, so `dict.get(key, default)` there still works).
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

# ---------------------------------------------------------------------------------------------
# Value types
# ---------------------------------------------------------------------------------------------

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S",
                    "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S")


def parse_date(value) -> dt.date:
    """A day as the analyst types it: "2024-12-17", "17/12/2024" or a toml date (2024-12-17 unquoted)."""
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_with_time", "cần một ngày, không kèm giờ (a date, without a time)")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    raise PydanticCustomError("date_format", "ngày phải ghi dạng 17/12/2024 hoặc 2024-12-17 "
                                             "(a date as dd/mm/yyyy or yyyy-mm-dd)")


def parse_local_datetime(value) -> dt.datetime:
    """A local time: "2024-11-18 07:30", "18/11/2024 07:30" (seconds optional) or a toml local date-time."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise PydanticCustomError("datetime_offset", "ghi giờ địa phương, không kèm múi giờ; múi giờ là "
                                                         "contest.timezone (a local time, without an offset)")
        return value
    if isinstance(value, str):
        text = re.sub(r"\s+", " ", value.strip())
        for fmt in DATETIME_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt)
            except ValueError:
                continue
    raise PydanticCustomError("datetime_format", "ngày giờ phải ghi dạng 18/11/2024 07:30 hoặc 2024-11-18 07:30 "
                                                 "(a local date and time, hour and minute included)")


Date = Annotated[dt.date, BeforeValidator(parse_date)]
LocalDateTime = Annotated[dt.datetime, BeforeValidator(parse_local_datetime)]
Rate = Annotated[float, Field(ge=0, le=1)]  # a share: 0.9 is 90%
Count = Annotated[int, Field(ge=0)]
Positive = Annotated[float, Field(gt=0)]
PositiveCount = Annotated[int, Field(ge=1)]
Score = Annotated[float, Field(ge=0, le=100)]  # rapidfuzz points
Text = Annotated[str, Field(min_length=1)]
Words = list[str]  # a word list (synonyms, marks); matched accent-free, so case and accents do not matter
Synonyms = Annotated[list[Text], Field(min_length=1)]  # the headers/labels that name one thing: at least one


class Section(BaseModel):
    """One table of cchc.toml: its keys are exactly the fields declared, each checked for type and range."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


def fault(key: str, message: str) -> PydanticCustomError:
    """A cross-key fault of one section, naming the key it is about (see ConfigProblem)."""
    return PydanticCustomError("config_rule", message, {"key": key})


# ---------------------------------------------------------------------------------------------
# Sections, in the order of cchc.toml
# ---------------------------------------------------------------------------------------------


class PathsSection(Section):
    units: Text
    returns: Text
    platform: Text
    processed: Text
    reports: Text
    notebooks: Text
    person_key_file: Text
    review: Text | None = None  # the analyst's review workbook (review.py); absent: its default there


class ContestSection(Section):
    name: Text
    city: str = ""
    timezone: Text
    window_start: LocalDateTime
    window_end: LocalDateTime
    return_deadline: Date
    target_rate: Rate = 1.0
    questions: PositiveCount = 20
    prediction_answer: Annotated[float, Field(ge=0)] | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise PydanticCustomError("timezone", "múi giờ không có, ví dụ đúng: \"Asia/Ho_Chi_Minh\" "
                                                  "(unknown time zone)") from exc
        return value

    @model_validator(mode="after")
    def _window_in_order(self):
        if self.window_end <= self.window_start:
            raise fault("window_end", f"giờ đóng {self.window_end:%d/%m/%Y %H:%M} không sau giờ mở window_start "
                                      f"{self.window_start:%d/%m/%Y %H:%M} (the window ends before it starts)")
        if self.return_deadline < self.window_start.date():
            raise fault("return_deadline", f"hạn báo cáo {self.return_deadline:%d/%m/%Y} trước ngày mở cuộc thi "
                                           f"{self.window_start:%d/%m/%Y} (deadline before the contest opens)")
        return self


class LimitsSection(Section):
    max_file_mb: Positive
    max_uncompressed_mb: Positive
    max_zip_entries: PositiveCount
    max_compression_ratio: Positive
    max_return_rows: PositiveCount
    max_platform_rows: PositiveCount
    # returns that arrive as documents (PDF, scans, .doc/.odt); absent: the Limits dataclass's defaults
    max_pdf_pages: PositiveCount | None = None
    convert_seconds: Positive | None = None
    ocr_seconds_per_page: Positive | None = None
    ocr_dpi: PositiveCount | None = None
    ocr_min_confidence: Score | None = None
    max_image_megapixels: Positive | None = None


class RegistryColumns(Section):
    unit_code: Synonyms
    unit_name: Synonyms
    group: Synonyms
    staff_registry: Synonyms
    other_names: Synonyms | None = None
    head_name: Synonyms | None = None  # the unit head named on the weekly progress list


class RegistrySection(Section):
    sheet: str = ""
    columns: RegistryColumns


class ReturnLayout(Section):
    """[returns.layout]: the defaults of keys left out live in layout/, where they are read."""

    total_words: Words | None = None
    none_words: Words | None = None
    ditto_marks: Words | None = None
    middle_names: Words | None = None
    tick_headers: Words | None = None
    unticked_words: Words | None = None
    took_part_words: Words | None = None
    date_reference_words: Words | None = None
    unit_line_rows: Count | None = None
    title_words: Words | None = None
    prose_window_words: Count | None = None
    scope_words: Words | None = None
    guide_words: Words | None = None
    name_prefixes: Words | None = None
    courtesy_words: Words | None = None
    file_name_noise: Words | None = None


class ReturnFields(Section):
    unit: Synonyms
    report_date: Synonyms
    total_staff: Synonyms
    participants: Synonyms
    non_participants_count: Synonyms | None = None
    attempts: Synonyms | None = None
    rate: Synonyms | None = None
    results: Synonyms | None = None
    participants_of_total: Synonyms | None = None  # one label, one value for both: "tham gia/tổng số: 49/51"
    total_of_participants: Synonyms | None = None  # the same, total first


class PeopleColumns(Section):
    stt: Synonyms | None = None
    full_name: Synonyms
    position: Synonyms | None = None
    reason: Synonyms
    unit: Synonyms | None = None


class SignatureWords(Section):
    words: Words


class ReturnsSection(Section):
    revision_marks: Words
    draft_marks: Words = []
    staff_tolerance: Annotated[float, Field(ge=0)] = 0.10
    # a return held for review (returns.py); absent: the Settings dataclass's defaults
    # a return is held (read, kept, out of every rate until the analyst confirms it) when its total is above
    # hold_staff_above × or below hold_staff_below × the registry headcount and more than hold_staff_min_difference
    # people away, or when its listed people differ from total − participants by more than hold_people_count and
    # hold_people_share of the total
    hold_staff_above: Annotated[float, Field(gt=1)] = 2.0
    hold_staff_below: Annotated[float, Field(gt=0, lt=1)] = 0.5
    hold_staff_min_difference: Count = 10
    hold_people_count: Count = 3
    hold_people_share: Rate = 0.10
    layout: ReturnLayout = ReturnLayout()
    fields: ReturnFields
    people_columns: PeopleColumns
    signature_words: SignatureWords


class UnitsSection(Section):
    parent_bodies: Words
    lead_words: Words = []
    kind_exceptions: Words = []
    outside_markers: Words = []
    home_places: Words = []
    recipient_words: Words = []
    reference_words: Words = []
    kinds: dict[str, Words]  # kind name (any) → the words that say it
    abbreviations: dict[str, str]  # abbreviation (any) → words
    second_readings: dict[str, str] | None = None  # abbreviation (any) → a second reading, for platform names


class PlatformColumns(Section):
    full_name: Synonyms | None = None
    family_name: Synonyms | None = None
    phone: Synonyms | None = None
    email: Synonyms | None = None
    id_number: Synonyms | None = None
    unit_text: Synonyms | None = None
    started_at: Synonyms | None = None
    submitted_at: Synonyms | None = None
    district: Synonyms | None = None
    submitted_date: Synonyms | None = None
    submitted_time: Synonyms | None = None
    correct: Synonyms | None = None
    score: Synonyms | None = None
    duration: Synonyms | None = None
    prediction: Synonyms | None = None


class PlatformSection(Section):
    fuzzy_min_score: Score
    fuzzy_margin: Score
    aliases: dict[str, str] = {}  # typed text (any) → unit code ("" = outside the registry)
    columns: PlatformColumns


class ReconciliationSection(Section):
    tolerance_people: Count
    tolerance_share: Rate


OTHER_REASON = "other"  # reasons.py's category of a reason no word matches: it may have a label, never words


class ReasonsSection(Section):
    order: Annotated[list[Text], Field(min_length=1)]
    justified: list[str]
    words: dict[str, Words]
    labels: dict[str, str]

    @model_validator(mode="after")
    def _categories_agree(self):
        order = list(self.order)
        repeated = sorted({c for c in order if order.count(c) > 1})
        if repeated:
            raise fault("order", f"loại lý do lặp lại: {', '.join(repeated)} (category listed twice)")
        for key, names in (("justified", self.justified), ("words", list(self.words)),
                           ("labels", [c for c in self.labels if c != OTHER_REASON])):
            for name in names:
                if name not in order:
                    raise fault(key, f"loại lý do \"{name}\" không có trong order{_closest(name, order)} "
                                     f"(reason category not in order)")
        unlabelled = [c for c in order if c not in self.labels]
        if unlabelled:
            raise fault("labels", f"thiếu nhãn cho loại lý do: {', '.join(unlabelled)} "
                                  f"(every category in order needs a label)")
        return self


class GradeLabels(Section):
    excellent: Text
    good: Text
    pass_: Text = Field(alias="pass")
    fail: Text


class GradesSection(Section):
    excellent_rate: Rate
    good_rate: Rate
    pass_rate: Rate
    commendation_max: Count
    labels: GradeLabels
    # the verdict rules (analysis/verdicts.py); absent: the Settings dataclass's defaults
    commendation_order: Annotated[list[Text], Field(min_length=1)] | None = None
    criticism_order: Annotated[list[Text], Field(min_length=1)] | None = None
    criticism_max: Count | None = None
    no_valid_return: Text | None = None  # a grade key: excellent / good / pass / fail
    source: str | None = None

    @model_validator(mode="after")
    def _thresholds_in_order(self):
        if self.good_rate > self.excellent_rate:
            raise fault("good_rate", f"ngưỡng tốt {self.good_rate:g} lớn hơn ngưỡng xuất sắc excellent_rate "
                                     f"{self.excellent_rate:g}; phải excellent_rate ≥ good_rate ≥ pass_rate "
                                     f"(thresholds out of order)")
        if self.pass_rate > self.good_rate:
            raise fault("pass_rate", f"ngưỡng hoàn thành {self.pass_rate:g} lớn hơn ngưỡng tốt good_rate "
                                     f"{self.good_rate:g}; phải excellent_rate ≥ good_rate ≥ pass_rate "
                                     f"(thresholds out of order)")
        grades = _known_keys(GradeLabels)
        if self.no_valid_return is not None and self.no_valid_return not in grades:
            raise fault("no_valid_return", f"\"{self.no_valid_return}\" không phải một hạng: "
                                           f"{', '.join(grades)}{_closest(self.no_valid_return, grades)} "
                                           f"(not a grade key)")
        return self


class BandsSection(Section):
    floors: Annotated[list[Rate], Field(min_length=1)]
    labels: list[Text]

    @model_validator(mode="after")
    def _floors_in_order(self):
        floors = list(self.floors)
        if any(high <= low for high, low in zip(floors, floors[1:])):
            shown = ", ".join(f"{f:g}" for f in floors)
            raise fault("floors", f"[{shown}]: mức sàn phải giảm dần, từ nhóm cao nhất đến nhóm thấp nhất, "
                                  f"theo thứ tự của labels (band floors must go from the highest band down)")
        if floors[-1] != 0:
            raise fault("floors", f"mức sàn thấp nhất là {floors[-1]:g}, phải là 0 để mọi điểm đều rơi vào một "
                                  f"nhóm (the lowest floor must be 0)")
        if len(self.labels) != len(floors):
            raise fault("labels", f"{len(self.labels)} nhãn cho {len(floors)} mức sàn; mỗi mức một nhãn "
                                  f"(one label per floor)")
        return self


class HeadsSection(Section):
    words: Words
    except_words: Words = []


class ReportSection(Section):
    title: Text | None = None  # default: contest.name
    lowest_count: Count = 10
    cell_timeout: PositiveCount = 300
    workbook_max_rows: PositiveCount = 100_000
    progress_compare_days: Count | None = None  # the progress report compares with a day at least this far back
    parallel_notebooks: Annotated[int, Field(ge=1, le=4)] = 2  # notebooks executed at once, each on its own kernel


class DocumentSection(Section):
    """[document]: the bodies, numbers and signer of the administrative report; blank prints a dotted blank."""

    parent_body: str | None = None
    issuing_body: str | None = None
    issuing_body_name: str | None = None
    symbol: str | None = None
    number: str | None = None
    place: str | None = None
    recipient: str | None = None
    legal_basis: Words | None = None
    copies_to: Words | None = None
    signer_authority: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None


class ConfigModel(Section):
    """The whole of cchc.toml."""

    paths: PathsSection
    contest: ContestSection
    limits: LimitsSection
    registry: RegistrySection
    returns: ReturnsSection
    units: UnitsSection
    platform: PlatformSection
    reconciliation: ReconciliationSection
    reasons: ReasonsSection
    grades: GradesSection
    bands: BandsSection
    heads: HeadsSection
    report: ReportSection = ReportSection()
    document: DocumentSection = DocumentSection()


# ---------------------------------------------------------------------------------------------
# Checking, and faults in words
# ---------------------------------------------------------------------------------------------


class ConfigFaults(Exception):
    """Every fault of a config file, one line each in `problems` (config.py raises them as its ConfigError)."""

    def __init__(self, message: str, problems: list[str]):
        super().__init__(message)
        self.problems = problems


def check_config(raw: dict, path: str | Path) -> dict:
    """The toml dict checked against ConfigModel: typed values, defaults filled; ConfigFaults listing every fault."""
    try:
        model = ConfigModel.model_validate(raw)
    except ValidationError as exc:
        problems = [describe_error(error) for error in exc.errors()]
        lines = [f"{path}: {p}" for p in problems]
        raise ConfigFaults("\n".join(lines), problems=problems) from None
    return model.model_dump(by_alias=True, exclude_none=True)


def _closest(word: str, known, shape: str = '"{}"') -> str:
    """'; có phải "x"?' for the closest known word, else ''."""
    found = difflib.get_close_matches(str(word), [str(k) for k in known], n=1, cutoff=0.6)
    return f"; có phải {shape.format(found[0])}?" if found else ""


def _section_model(parts: list[str]):
    """The model of the toml table at these keys (None when they lead outside the models)."""
    model: Any = ConfigModel
    for part in parts:
        field = _field_named(model, part)
        if field is None:
            return None
        model = _model_in(field.annotation)
        if model is None:
            return None
    return model


def _field_named(model, key: str):
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _model_in(annotation):
    """The Section class inside an annotation (Optional, Annotated), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _known_keys(model) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


# what each pydantic error type means, in the report's language (the English original follows in brackets)
ERROR_WORDS = {
    "float_type": "phải là một số", "float_parsing": "phải là một số",
    "int_type": "phải là một số nguyên", "int_from_float": "phải là một số nguyên", "int_parsing": "phải là số nguyên",
    "string_type": "phải là chữ trong ngoặc kép", "list_type": "phải là một danh sách [\"…\", \"…\"]",
    "dict_type": "phải là một bảng", "model_type": "phải là một bảng [mục]", "bool_type": "phải là true/false",
    "greater_than_equal": "quá nhỏ", "greater_than": "quá nhỏ", "less_than_equal": "quá lớn", "less_than": "quá lớn",
    "too_short": "không được để trống", "string_too_short": "không được để trống",
}


def describe_error(error: dict) -> str:
    """One pydantic error as "[section] key: what is wrong" in words an analyst can act on."""
    loc = list(error.get("loc", ()))
    while loc and isinstance(loc[-1], int):  # an item of a list: name the list, then the item
        loc.pop()
    item = error["loc"][len(loc)] if len(error["loc"]) > len(loc) else None
    keys = [str(p) for p in loc]
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "config_rule":  # a cross-key rule of a section: the key is in the error's context
        return f"[{'.'.join(keys)}] {ctx.get('key')}: {error['msg']}"
    section, key = keys[:-1], (keys[-1] if keys else "")
    where = f"[{'.'.join(section)}] {key}" if section else f"[{key}]"
    if kind == "extra_forbidden":
        model = _section_model(section)
        known = _known_keys(model) if model is not None else []
        if not section:
            return f"{where}: mục không có trong quy định (unknown section){_closest(key, known, '[{}]')}"
        hint = _closest(key, known) or (f"; các khoá có: {', '.join(known)}" if known else "")
        return f"{where}: khoá không có trong quy định (unknown key){hint}"
    if kind == "missing":
        if not section:
            return f"[{key}]: thiếu cả mục này (missing section)"
        return f"{where}: thiếu khoá bắt buộc (missing required key)"
    at = f" (phần tử thứ {item + 1})" if item is not None else ""
    value = error.get("input")
    words = ERROR_WORDS.get(kind)
    if kind.startswith(("date_", "datetime_", "timezone")) or words is None:
        return f"{where}{at}: {error['msg']} — giá trị {value!r}"
    return f"{where}{at}: {words}, giá trị {value!r} ({error['msg']})"
