"""OCR on scan-like returns: how often the figures and names come out right, and how long a page takes.

    .venv/bin/python benchmarks/ocr.py [--pages 12] [--seed 0]

Draws returns of the city sample as scans (the sample's own drawer: noise, a few degrees of rotation, a
stamp-coloured blot) at 200, 250 and 300 dpi, as JPEG, PNG and image-only PDF in turn, reads each with the kit
(read_grids → layout → review_ocr_cells) and compares with what was drawn:
- figures exact: total staff and participants both right;
- a wrong figure is "covered" when a review_ocr_value issue names its row; the bar is no uncovered wrong figure;
- names exact, and names exact-or-flagged (a wrong name on a row the review list names);
- seconds per page (wall, on a shared machine) and CPU seconds (the kit's own plus the Tesseract processes').
Writes benchmarks/ocr_results.md with benchmarks/ocr_notes.md below the figures (run.py appends it to results.md).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cchc_analysis.config import load_settings  # noqa: E402
from cchc_analysis.issues import IssueLog  # noqa: E402
from cchc_analysis.layout import read_return  # noqa: E402
from cchc_analysis.readers import read_grids, review_ocr_cells  # noqa: E402
from cchc_analysis.sample import choose_roles, plan_returns  # noqa: E402
from cchc_analysis.sample.documents import SCAN_MAX_PEOPLE, write_scan, write_scanned_pdf  # noqa: E402
from cchc_analysis.sample.units import city_units  # noqa: E402

FORMATS = [(200, ".jpg"), (250, ".png"), (300, ".pdf"), (300, ".jpg"), (200, ".png"), (250, ".jpg")]


def flagged_rows(log: IssueLog) -> set[int]:
    rows = set()
    for issue in log.rows:
        if issue["code"] != "review_ocr_value":
            continue
        if issue["row"] is not None:
            rows.add(int(issue["row"]))
        for found in re.findall(r"dòng ([\d, ]+)", issue["message"]):
            rows.update(int(x) for x in found.replace(" ", "").split(",") if x)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    settings = load_settings(ROOT / "cchc.toml")
    rng = random.Random(args.seed)
    units = city_units(rng)
    plans = plan_returns(rng, units, choose_roles(rng, units))
    docs = [p.doc for p in plans if p.status == "accepted" and 1 <= len(p.doc.people) <= SCAN_MAX_PEOPLE]
    draw = random.Random(f"ocr-bench-{args.seed}")
    docs = draw.sample(docs, min(args.pages, len(docs)))
    rows = []
    with tempfile.TemporaryDirectory() as work:
        os.environ["CCHC_OCR_CACHE"] = str(Path(work) / "cache")  # time the reading, not the cache
        for n, doc in enumerate(docs):
            dpi, suffix = FORMATS[n % len(FORMATS)]
            path = Path(work) / f"scan{n:02d}{suffix}"
            if suffix == ".pdf":
                write_scanned_pdf(doc, path, draw, dpi=dpi)
            else:
                write_scan(doc, path, draw, dpi=dpi)
            log = IssueLog()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            own = time.process_time()
            start = time.perf_counter()
            grids = read_grids(path, settings.limits, log, path.name)
            seconds = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime) + time.process_time() - own
            layout = read_return(grids, settings)
            review_ocr_cells(grids, layout, log, path.name, settings.limits)
            flagged = flagged_rows(log)
            wrong_unflagged = []
            exact = True
            for name, want in (("total_staff", doc.total), ("participants", doc.participants)):
                cell = layout.fields.get(name)
                got = layout.count(name)
                if got != want:
                    exact = False
                    if cell is None or cell.file_row not in flagged:
                        wrong_unflagged.append(f"{name} {got}≠{want}")
            want_names = [p.full_name for p in doc.people]
            got = list(zip(layout.people["full_name"], layout.people["source_row"]))
            names_exact = sum(1 for w, (g, _) in zip(want_names, got) if w == g)
            names_ok = sum(1 for w, (g, r) in zip(want_names, got) if w == g or int(r) in flagged)
            rows.append({"file": path.name, "dpi": dpi, "seconds": seconds, "cpu": cpu, "exact": exact,
                         "wrong_unflagged": wrong_unflagged, "people": len(want_names), "found": len(got),
                         "names_exact": names_exact, "names_ok": names_ok, "flags": len(log.rows)})
            print(rows[-1], flush=True)
    write(rows)


def write(rows: list[dict]) -> None:
    pages = len(rows)
    exact = sum(r["exact"] for r in rows)
    people = sum(r["people"] for r in rows)
    found = sum(min(r["found"], r["people"]) for r in rows)
    names_exact = sum(r["names_exact"] for r in rows)
    names_ok = sum(r["names_ok"] for r in rows)
    uncovered = [f"{r['file']}: {', '.join(r['wrong_unflagged'])}" for r in rows if r["wrong_unflagged"]]
    secs = [r["seconds"] for r in rows]
    cpus = [r["cpu"] for r in rows]
    lines = [
        "## OCR of scan-like returns",
        "",
        f"Run by `benchmarks/ocr.py` on {dt.date.today():%d/%m/%Y}: {pages} one-page returns of the city sample drawn "
        f"as scans (noise, 0.8–3° rotation, red stamp and blot) at 200/250/300 dpi as JPEG, PNG and image-only "
        f"PDF; Tesseract {tesseract_version()} with `vie`, on a 2-core machine shared with other jobs.",
        "",
        "| measure | result |",
        "| --- | ---: |",
        f"| total and participants both exact | {exact}/{pages} = **{exact / pages:.0%}** (bar ≥ 95%) |",
        f"| wrong figure without a `review_ocr_value` issue on its row | **{len(uncovered)}** (bar 0) |",
        f"| people listed that were found | {found}/{people} = {found / max(people, 1):.0%} |",
        f"| names exact as read | {names_exact}/{people} = {names_exact / max(people, 1):.0%} |",
        f"| names exact or on a flagged row (exact after review) | {names_ok}/{people} = "
        f"{names_ok / max(people, 1):.0%} |",
        f"| review issues per page (median) | {statistics.median(r['flags'] for r in rows):g} |",
        f"| seconds per page, wall (median / max) | {statistics.median(secs):.1f} / {max(secs):.1f} |",
        f"| CPU seconds per page, kit + Tesseract (median / max) | {statistics.median(cpus):.1f} / {max(cpus):.1f} |",
        "",
        "Per page: " + "; ".join(f"{r['file']} {r['dpi']} dpi {r['seconds']:.0f} s"
                                 f"{'' if r['exact'] else ' figures wrong'}" for r in rows) + ".",
    ]
    if uncovered:
        lines += ["", "Uncovered wrong figures: " + "; ".join(uncovered)]
    notes = ROOT / "benchmarks" / "ocr_notes.md"  # what the figures mean, kept by hand across runs
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    (ROOT / "benchmarks" / "ocr_results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def tesseract_version() -> str:
    import subprocess

    try:
        out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=30).stdout
        return out.split()[1]
    except Exception:
        return "?"


if __name__ == "__main__":
    main()
