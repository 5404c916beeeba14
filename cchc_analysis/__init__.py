"""cchc-analysis: read CCHC contest returns and the platform export, grade units, export reports."""
from importlib.metadata import PackageNotFoundError, version

from .config import load_settings
from .tables import Tables, load_tables, write_table
from .analysis import (  # the criteria, so a script needs only the package top
    absence_reasons, city_summary, commendation_proposals, criticism_list, daily_progress, fmt_date, fmt_percent,
    group_summary, heads_not_participating, individual_ranking, return_timeliness, score_bands, unit_scorecard,
    unjustified_absences,
)

__all__ = ["load_settings", "load_tables", "write_table", "Tables",
           "unit_scorecard", "group_summary", "city_summary", "absence_reasons", "unjustified_absences",
           "heads_not_participating", "commendation_proposals", "criticism_list", "individual_ranking",
           "score_bands", "daily_progress", "return_timeliness", "fmt_percent", "fmt_date"]

# The report's modules, read from the package top as notebooks and scripts always have
# (`from cchc_analysis import views, display, charts`); imported on first use, so `import cchc_analysis` stays light.
REPORT_MODULES = {"views", "display", "charts", "workbook", "progress", "document"}


def __getattr__(name: str):
    if name in REPORT_MODULES:
        import importlib

        return importlib.import_module(f"{__name__}.report.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


try:
    __version__ = version("cchc-analysis")  # the one version: pyproject.toml's, as installed
except PackageNotFoundError:  # a source tree on sys.path without an install
    __version__ = "0+unknown"
