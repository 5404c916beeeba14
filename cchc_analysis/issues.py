"""The issue log: the one way to record a problem found in the input."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

SEVERITIES = ("error", "warning", "info")
ISSUE_COLUMNS = ["source_file", "sheet", "row", "severity", "code", "message", "unit_code", "rows_affected"]
# a message may quote a cell: a phone (0912345678, +84…), an ID number (9+ digits) or an e-mail must not leave raw/
CONTACT_DETAIL = re.compile(
    r"(?<![\d.])\+?\d{9,}(?!\.?\d)"
    r"|(?<![\d.])(?:\+?84|0)\d{2,3}[ .-]\d{3}[ .-]?\d{3,4}(?!\.?\d)"
    r"|[\w.+-]+@[\w-]+\.[\w.-]+"
)
REDACTED = "[đã ẩn]"


def redact_contacts(text: str) -> str:
    """Text with phone numbers, ID numbers and e-mail addresses replaced by a mark."""
    return CONTACT_DETAIL.sub(REDACTED, text) if text else text


@dataclass
class IssueLog:
    """Collects issue rows; `frame()` gives the `issues` table."""

    rows: list[dict] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: str,
        *,
        source_file: str = "",
        sheet: str = "",
        row: int | None = None,
        severity: str = "error",
        unit_code: str = "",
        rows_affected: int = 0,
    ) -> None:
        if severity not in SEVERITIES:
            raise ValueError(f"unknown severity {severity!r}")
        self.rows.append(
            {
                "source_file": source_file,
                "sheet": redact_contacts(sheet or ""),
                "row": row,
                "severity": severity,
                "code": code,
                "message": redact_contacts(message),
                "unit_code": unit_code or "",
                "rows_affected": int(rows_affected),
            }
        )

    def extend(self, other: "IssueLog") -> None:
        self.rows.extend(other.rows)

    def codes(self) -> list[str]:
        return [r["code"] for r in self.rows]

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame(self.rows, columns=ISSUE_COLUMNS)
        df["row"] = df["row"].astype("Int64")
        df["rows_affected"] = df["rows_affected"].astype("int64")
        return df

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in SEVERITIES}
        for r in self.rows:
            out[r["severity"]] += 1
        return out
