"""The emulation and commendation criteria: pure functions over the processed tables.

Every public function takes (tables, settings) and returns a new DataFrame; nothing is written.
The rules (deadline, thresholds, reason words, head words, bands) come from cchc.toml via settings.

Decisions worth knowing when reading a figure (docs/rates.md defines the rates):
- staff is the accepted return's total, else the registry headcount. A unit without an accepted return has
  no rate of its own (NaN, shown "—", never 0%): its return status and the platform's count of its people say
  what is known. In a group or city rate its staff still count with no reported participant, so silence never
  improves a group or city rate; the shortfall breakdown shows those people apart.
- justified absences deducted from staff are capped at staff − participants (a person who took part cannot
  also be a justified absence), so the adjusted rate never exceeds 100%. When nobody is left to take part
  (staff − justified = 0) the adjusted rate is 100%: every person who could take part did.
- rates are compared with the thresholds with a small tolerance, so 90% exactly is "good".

One idea per module, all read from here (`from cchc_analysis import analysis; analysis.unit_scorecard(...)`):
common (statuses, labels, helpers) · units (scorecard, grades, timeliness) · summaries (groups, city, shortfall) ·
absences (reasons, unjustified, heads) · verdicts (commendation, criticism) · individuals (ranking, bands, daily
progress) · platform_units (platform attempts that count for no unit).
"""
from __future__ import annotations

from ..config import load_settings
from ..fmt import fmt_date, fmt_number, fmt_percent
from ..tables import load_tables
from .absences import absence_reasons, heads_not_participating, unjustified_absences
from .common import (
    CITY_LABEL, ENGLISH_GLOSS, EPSILON, GRADE_KEYS, NO_VALID_RETURN, RETURN_STATUS_LABELS, RETURN_STATUSES,
    VALID_STATUSES, vietnamese_only,
)
from .individuals import RANKING_ASCENDING, RANKING_KEYS, daily_progress, individual_ranking, score_bands
from .platform_units import NO_UNIT_METHODS, platform_without_unit
from .summaries import city_summary, group_summary, shortfall_breakdown
from .units import grade_keys, grade_reasons, grading_scale, return_timeliness, unit_scorecard
from .verdicts import (
    ORDER_KEYS, commendation_candidates, commendation_note, commendation_proposals, commendation_to_verify,
    criticism_candidates, criticism_list, criticism_note, criticism_to_verify,
)

__all__ = [
    "load_settings", "load_tables", "unit_scorecard", "group_summary", "city_summary", "absence_reasons",
    "unjustified_absences", "heads_not_participating", "commendation_proposals", "criticism_list",
    "individual_ranking", "score_bands", "daily_progress", "return_timeliness", "fmt_percent", "fmt_date",
    "fmt_number", "commendation_candidates", "commendation_to_verify", "commendation_note", "criticism_candidates",
    "criticism_to_verify", "criticism_note", "shortfall_breakdown", "grading_scale",
]
# Also read as `analysis.X` by the reports, the tests and the notebooks (labels, constants, the grading steps).
__all__ += [
    "CITY_LABEL", "ENGLISH_GLOSS", "EPSILON", "GRADE_KEYS", "NO_VALID_RETURN", "RETURN_STATUS_LABELS",
    "RETURN_STATUSES", "VALID_STATUSES", "vietnamese_only", "RANKING_ASCENDING", "RANKING_KEYS", "NO_UNIT_METHODS",
    "platform_without_unit", "grade_keys", "grade_reasons", "ORDER_KEYS",
]
