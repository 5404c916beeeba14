"""cchc.toml → typed settings. The toml file is the one place where defaults live."""
from __future__ import annotations

import datetime as dt
import logging
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

CONFIG_NAME = "cchc.toml"
PACKAGE_ROOT = Path(__file__).resolve().parent
# The working folder the package ships (`cchc init DIR` copies it): cchc.toml, notebooks/, data/raw/README.md.
# In the checkout these are links to the repository's own files (one source); a wheel holds copies of them.
STARTER = PACKAGE_ROOT / "starter"
DEFAULT_CONFIG = STARTER / CONFIG_NAME  # used when no cchc.toml is found from the current folder up
PACKAGED_NOTEBOOKS = STARTER / "notebooks"

log = logging.getLogger(__name__)


class ConfigError(Exception):
    """The config file is missing or holds a value the kit cannot use.

    `problems`: one line per fault ("[returns] staff_tolerence: … có phải \"staff_tolerance\"?"); the message
    holds the same lines, each after the file's path.
    """

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = list(problems or [message])


@dataclass(frozen=True)
class Paths:
    units: Path
    returns: Path
    platform: Path
    processed: Path
    reports: Path
    notebooks: Path
    person_key_file: Path
    review: Path | None = None  # the analyst's review workbook (review.py); settings_from_dict fills the default


DEFAULT_REVIEW = "data/review/xac_nhan.xlsx"

@dataclass(frozen=True)
class Contest:
    name: str
    city: str
    timezone: str
    window_start: dt.datetime  # timezone-aware
    window_end: dt.datetime
    return_deadline: dt.date
    target_rate: float
    questions: int
    prediction_answer: float | None


@dataclass(frozen=True)
class Limits:
    max_file_mb: float
    max_uncompressed_mb: float
    max_zip_entries: int
    max_compression_ratio: float
    max_return_rows: int
    max_platform_rows: int
    # documents (readers/pdf, ocr, convert); defaults so an older cchc.toml still loads
    max_pdf_pages: int = 30
    convert_seconds: float = 90
    ocr_seconds_per_page: float = 120
    ocr_dpi: int = 300
    ocr_min_confidence: float = 80
    max_image_megapixels: float = 120


@dataclass(frozen=True)
class Grades:
    excellent_rate: float
    good_rate: float
    pass_rate: float
    commendation_max: int
    labels: dict[str, str]
    # [grades] verdict rules (docs/design.md §5): order keys of analysis.ORDER_KEYS, caps (0 = none), the grade of a unit
    # without a valid return, and where the scale comes from (printed under it)
    commendation_order: tuple[str, ...] = ("rate", "platform_share", "report_date")
    criticism_order: tuple[str, ...] = ("return_status", "rate_low", "unit_name")
    criticism_max: int = 0
    no_valid_return: str = "fail"
    source: str = "theo đề xuất của Phòng Nội vụ, cchc.toml"


@dataclass(frozen=True)
class Reasons:
    order: list[str]
    justified: list[str]
    words: dict[str, list[str]]
    labels: dict[str, str]


@dataclass(frozen=True)
class Settings:
    root: Path
    paths: Paths
    contest: Contest
    limits: Limits
    registry_sheet: str
    registry_columns: dict[str, list[str]]
    return_fields: dict[str, list[str]]
    people_columns: dict[str, list[str]]
    signature_words: list[str]
    revision_marks: list[str]
    staff_tolerance: float
    parent_bodies: list[str]
    unit_kinds: dict[str, list[str]]
    abbreviations: dict[str, str]
    platform_columns: dict[str, list[str]]
    platform_aliases: dict[str, str]
    fuzzy_min_score: float
    fuzzy_margin: float
    tolerance_people: int
    tolerance_share: float
    reasons: Reasons
    grades: Grades
    band_floors: list[float]
    band_labels: list[str]
    head_words: list[str]
    head_exceptions: list[str]
    report: dict = field(default_factory=dict)
    document: dict = field(default_factory=dict)  # [document]: the bodies, numbers and signer of the docx report
    raw: dict = field(default_factory=dict)
    return_layout: dict = field(default_factory=dict)  # [returns.layout]: words and windows for reading returns
    unit_lead_words: list[str] = field(default_factory=list)
    unit_kind_exceptions: list[str] = field(default_factory=list)
    outside_markers: list[str] = field(default_factory=list)
    recipient_words: list[str] = field(default_factory=list)
    home_places: list[str] = field(default_factory=list)
    reference_words: list[str] = field(default_factory=list)
    # [returns] draft_marks: a file so named loses to the unit's other returns
    draft_marks: list[str] = field(default_factory=list)
    # [units.second_readings]: "p." = "phòng" when "phường" names no unit
    second_readings: dict[str, str] = field(default_factory=dict)
    # [returns] hold_*: a return is held for review (read, kept, out of every rate until the analyst confirms it) when
    # its total is above hold_staff_above × or below hold_staff_below × the registry headcount (and more than
    # hold_staff_min_difference people away), or when its listed
    # people differ from total − participants by more than hold_people_count and hold_people_share of the total
    hold_staff_above: float = 2.0
    hold_staff_below: float = 0.5
    hold_staff_min_difference: int = 10
    hold_people_count: int = 3
    hold_people_share: float = 0.10
    source: Path | None = None  # the cchc.toml these settings were read from (None: built from a dict)

    def with_overrides(self, **changes) -> "Settings":
        """A copy with some fields replaced (tests and scripts change one rule at a time)."""
        from dataclasses import replace

        return replace(self, **changes)


def find_config(start: Path | None = None) -> Path:
    """cchc.toml in the given folder or its parents, else the packaged default (DEFAULT_CONFIG)."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    if DEFAULT_CONFIG.is_file():
        return DEFAULT_CONFIG
    raise ConfigError(f"{CONFIG_NAME} not found from {here} upwards")


def is_packaged_default(path: str | Path) -> bool:
    """The config that ships inside the package (compared as spelled: in the checkout it links to the root's)."""
    return Path(path).absolute() == DEFAULT_CONFIG


def load_settings(path: str | Path | None = None) -> Settings:
    """Read cchc.toml (the given file, else the nearest one) into Settings.

    Paths in a cchc.toml are relative to its folder. The packaged default has no folder of its own: its paths
    are relative to the current folder, and its notebooks are the packaged ones.
    """
    config_path = Path(path) if path else find_config()
    if not config_path.is_file():
        raise ConfigError(f"config file not found: {config_path}")
    try:
        raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{config_path}: {exc}") from exc
    if not is_packaged_default(config_path):
        return settings_from_dict(raw, config_path.parent, source=config_path)
    log.info("no %s here or above: the packaged default, on the data of %s (`cchc init DIR` writes one to edit)",
             CONFIG_NAME, Path.cwd())
    settings = settings_from_dict(raw, Path.cwd(), source=DEFAULT_CONFIG)
    return settings.with_overrides(paths=replace(settings.paths, notebooks=PACKAGED_NOTEBOOKS))


def settings_from_dict(raw: dict, root: Path, source: str | Path | None = None) -> Settings:
    """Settings from a parsed cchc.toml, checked first (config_schema: ConfigError naming file, section, key).

    Below, `raw` is the checked copy: every value typed (dates as dates), every optional key present with its
    default, so the schema is the one place in the code where defaults live. `Settings.raw` keeps the dict as
    read (report.config_file finds the file by it).
    """
    from .config_schema import ConfigFaults, check_config

    root = Path(root).resolve()
    read_from = Path(source) if source else None
    source = source or root / CONFIG_NAME
    try:
        as_read, raw = raw, check_config(raw, source)
    except ConfigFaults as exc:
        raise ConfigError(str(exc), problems=exc.problems) from None
    try:
        p = raw["paths"]
        paths = Paths(**{k: (root / v) for k, v in {"review": DEFAULT_REVIEW, **p}.items()})
        c = raw["contest"]
        tz = ZoneInfo(c["timezone"])
        contest = Contest(
            name=c["name"],
            city=c["city"],
            timezone=c["timezone"],
            window_start=c["window_start"].replace(tzinfo=tz),
            window_end=c["window_end"].replace(tzinfo=tz),
            return_deadline=c["return_deadline"],
            target_rate=float(c["target_rate"]),
            questions=int(c["questions"]),
            prediction_answer=c.get("prediction_answer"),
        )
        limits = Limits(**raw["limits"])
        reasons = Reasons(
            order=list(raw["reasons"]["order"]),
            justified=list(raw["reasons"]["justified"]),
            words={k: list(v) for k, v in raw["reasons"]["words"].items()},
            labels=dict(raw["reasons"]["labels"]),
        )
        g = raw["grades"]
        grades = Grades(
            excellent_rate=float(g["excellent_rate"]),
            good_rate=float(g["good_rate"]),
            pass_rate=float(g["pass_rate"]),
            commendation_max=int(g["commendation_max"]),
            labels=dict(g["labels"]),
            commendation_order=tuple(g.get("commendation_order") or ("rate", "platform_share", "report_date")),
            criticism_order=tuple(g.get("criticism_order") or ("return_status", "rate_low", "unit_name")),
            criticism_max=int(g.get("criticism_max") or 0),
            no_valid_return=str(g.get("no_valid_return") or "fail"),
            source=str(g.get("source") or "theo đề xuất của Phòng Nội vụ, cchc.toml"),
        )
        r = raw["returns"]
        u = raw["units"]
        pf = raw["platform"]
        return Settings(
            root=root,
            paths=paths,
            contest=contest,
            limits=limits,
            registry_sheet=raw["registry"]["sheet"],
            registry_columns=dict(raw["registry"]["columns"]),
            return_fields=dict(r["fields"]),
            people_columns=dict(r["people_columns"]),
            signature_words=list(r["signature_words"]["words"]),
            revision_marks=list(r["revision_marks"]),
            draft_marks=list(r["draft_marks"]),
            staff_tolerance=float(r["staff_tolerance"]),
            hold_staff_above=float(r["hold_staff_above"]),
            hold_staff_below=float(r["hold_staff_below"]),
            hold_staff_min_difference=int(r["hold_staff_min_difference"]),
            hold_people_count=int(r["hold_people_count"]),
            hold_people_share=float(r["hold_people_share"]),
            parent_bodies=list(u["parent_bodies"]),
            unit_lead_words=list(u["lead_words"]),
            unit_kind_exceptions=list(u["kind_exceptions"]),
            outside_markers=list(u["outside_markers"]),
            recipient_words=list(u["recipient_words"]),
            home_places=list(u["home_places"]),
            reference_words=list(u["reference_words"]),
            unit_kinds={k: list(v) for k, v in u["kinds"].items()},
            abbreviations=dict(u["abbreviations"]),
            second_readings=dict(u.get("second_readings", {})),
            platform_columns=dict(pf["columns"]),
            platform_aliases=dict(pf["aliases"]),
            fuzzy_min_score=float(pf["fuzzy_min_score"]),
            fuzzy_margin=float(pf["fuzzy_margin"]),
            tolerance_people=int(raw["reconciliation"]["tolerance_people"]),
            tolerance_share=float(raw["reconciliation"]["tolerance_share"]),
            reasons=reasons,
            grades=grades,
            band_floors=[float(x) for x in raw["bands"]["floors"]],
            band_labels=list(raw["bands"]["labels"]),
            head_words=list(raw["heads"]["words"]),
            head_exceptions=list(raw["heads"]["except_words"]),
            report=dict(raw["report"]),
            document={k: v for k, v in dict(raw.get("document") or {}).items() if v is not None},
            raw=as_read,
            return_layout=dict(r["layout"]),
            source=read_from,
        )
    except (KeyError, TypeError, ValueError) as exc:
        # a key read here that config_schema does not declare yet
        raise ConfigError(f"{source}: missing or bad setting: {exc!r}") from exc
