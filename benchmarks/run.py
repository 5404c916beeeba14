"""`make bench`: time the kit against the ways an analyst would otherwise read the export.

Every measurement is a separate process (start-up included), run `--repeat` times, median kept, with its
peak memory (ru_maxrss from wait4) and its CPU time (user + system from wait4: what the work costs, which
other jobs on a shared machine do not inflate the way they inflate wall time). Figures are reported as
ratios within this run, never as absolute targets in tests. Writes benchmarks/results.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
FIGURES = DATA / "results.json"  # the last run's figures, so results.md can be written again with new notes
PY = sys.executable
CCHC = [PY, "-m", "cchc_analysis.cli"]


def run_once(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, peak resident memory (MB) and CPU seconds of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1: done, with errors in the input
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def measure(name: str, cmd: list[str], cwd: Path, repeat: int) -> dict:
    runs = [run_once(cmd, cwd) for _ in range(repeat)]
    result = {"name": name, "seconds": statistics.median(r[0] for r in runs), "peak_mb": max(r[1] for r in runs),
              "cpu": statistics.median(r[2] for r in runs), "runs": [round(r[0], 2) for r in runs]}
    print(f"  {name:<48} {result['seconds']:8.2f} s  {result['cpu']:8.2f} s CPU  {result['peak_mb']:8.0f} MB  "
          f"{result['runs']}", flush=True)
    return result


def bench_config(folder: Path) -> Path:
    """A cchc.toml for a benchmark folder: same rules, paths inside the folder (the key file stays there)."""
    text = (ROOT / "cchc.toml").read_text(encoding="utf-8")
    config = folder / "cchc.toml"
    config.write_text(text, encoding="utf-8")
    return config


def province_data(attempts: int, formats: tuple[str, ...], returns: bool) -> Path:
    folder = DATA / f"province_{attempts}"
    stamp = folder / ".complete"
    if not stamp.exists():
        shutil.rmtree(folder, ignore_errors=True)
        print(f"generating {attempts:,} attempts in {folder} …", flush=True)
        from cchc_analysis.sample.province import write_province_sample

        write_province_sample(folder, attempts=attempts, formats=formats, returns=returns)
        (folder / "data" / "raw").mkdir(parents=True, exist_ok=True)
        stamp.touch()
    bench_config(folder)
    return folder


def clean_cmd(folder: Path, platform_dir: str | None, returns: bool, out: str) -> list[str]:
    empty = folder / "empty"
    empty.mkdir(exist_ok=True)
    return [*CCHC, "--config", str(folder / "cchc.toml"), "clean", "--units", str(folder / "units.xlsx"),
            "--returns", str(folder / "returns") if returns else str(empty),
            "--platform", str(folder / platform_dir) if platform_dir else str(empty),
            "--out", str(folder / out)]


def city_project() -> Path:
    folder = DATA / "city"
    if not (folder / "data" / "raw" / "units.xlsx").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        subprocess.run([*CCHC, "sample", str(folder / "data" / "raw")], check=True, cwd=ROOT)
    bench_config(folder)
    shutil.copytree(ROOT / "notebooks", folder / "notebooks", dirs_exist_ok=True)
    return folder


def machine() -> str:
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return f"{os.cpu_count()} cores, {mem_kb / 1024**2:.0f} GB, {platform.machine()}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attempts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="100000,200000,300000", help="smaller sizes for the growth table")
    parser.add_argument("--ratio-sizes", default="200000",
                        help="smaller sizes at which (a), (b) and (c) are also measured side by side")
    parser.add_argument("--skip-openpyxl", action="store_true", help="leave out (a), the slowest")
    parser.add_argument("--render-only", action="store_true",
                        help="write results.md again from the last run's figures (after editing notes.md)")
    args = parser.parse_args()
    if args.render_only:
        saved = json.loads(FIGURES.read_text(encoding="utf-8"))
        args.attempts, args.repeat = saved["attempts"], saved["repeat"]
        write_results(saved["results"], [tuple(g) for g in saved["growth"]], args, saved["date"], saved["machine"],
                      {int(k): v for k, v in saved.get("smaller", {}).items()})
        return 0

    big = province_data(args.attempts, ("xlsx", "csv"), returns=True)
    xlsx = big / "platform" / "ket_qua_thi.xlsx"
    print(f"machine: {machine()}")
    results = {}
    if not args.skip_openpyxl:
        results["a"] = measure("(a) pandas.read_excel, openpyxl engine", openpyxl_cmd(xlsx), ROOT, args.repeat)
    results["b"] = measure("(b) fastexcel → pandas", fastexcel_cmd(xlsx), ROOT, args.repeat)
    results["c"] = measure("(c) cchc clean, export alone (xlsx)", clean_cmd(big, "platform", False, "out_c"),
                           ROOT, args.repeat)
    # the same three side by side at smaller sizes: (c)'s fixed costs weigh more there
    smaller = {}
    for size in [int(s) for s in args.ratio_sizes.split(",") if s]:
        folder = province_data(size, ("xlsx",), returns=False)
        small_xlsx = folder / "platform" / "ket_qua_thi.xlsx"
        smaller[size] = {}
        if not args.skip_openpyxl:
            smaller[size]["a"] = measure(f"(a) openpyxl at {size:,}", openpyxl_cmd(small_xlsx), ROOT, args.repeat)
        smaller[size]["b"] = measure(f"(b) fastexcel at {size:,}", fastexcel_cmd(small_xlsx), ROOT, args.repeat)
        smaller[size]["c"] = measure(f"(c) cchc clean at {size:,}", clean_cmd(folder, "platform", False, "out_c"),
                                     ROOT, args.repeat)
    results["c_csv"] = measure("(c') cchc clean, export alone (csv)", clean_cmd(big, "platform_csv", False, "out_c_csv"),
                               ROOT, args.repeat)
    results["d"] = measure("(d) cchc clean, everything", clean_cmd(big, "platform", True, "out_d"), ROOT, args.repeat)
    city = city_project()
    results["e"] = measure("(e) cchc build, city sample", [*CCHC, "--config", str(city / "cchc.toml"), "build"],
                           city, args.repeat)
    # (e) less its clean step: what the notebooks (and their HTML, the workbook) cost
    results["e0"] = measure("(e0) cchc clean, city sample", [*CCHC, "--config", str(city / "cchc.toml"), "clean"],
                            city, args.repeat)

    growth = []
    for size in [int(s) for s in args.sizes.split(",") if s] + [args.attempts]:
        if size == args.attempts or size in smaller:  # already measured in this run: not run again
            growth.append((size, results["c"] if size == args.attempts else smaller[size]["c"]))
            continue
        folder = province_data(size, ("xlsx",), returns=False)
        growth.append((size, measure(f"(c) at {size:,} attempts", clean_cmd(folder, "platform", False, "out_g"),
                                     ROOT, args.repeat)))

    today, where = f"{dt.date.today():%d/%m/%Y}", machine()
    FIGURES.write_text(json.dumps({"results": results, "growth": growth, "attempts": args.attempts,
                                   "repeat": args.repeat, "date": today, "machine": where, "smaller": smaller}),
                       encoding="utf-8")
    write_results(results, growth, args, today, where, smaller)
    return 0


def openpyxl_cmd(xlsx: Path) -> list[str]:
    return [PY, "-c", f"import pandas as pd; pd.read_excel({str(xlsx)!r}, engine='openpyxl', header=1)"]


def fastexcel_cmd(xlsx: Path) -> list[str]:
    return [PY, "-c", f"import fastexcel; fastexcel.read_excel({str(xlsx)!r}).load_sheet(0, header_row=1).to_pandas()"]


def ratio_lines(label: str, a: dict | None, b: dict, c: dict) -> list[str]:
    lines = [f"- {label}: c / b = **{c['seconds'] / b['seconds']:.2f}** wall, **{c['cpu'] / b['cpu']:.2f}** CPU "
             f"(target ≤ 1.5)"]
    if a:
        lines.append(f"- {label}: a / c = **{a['seconds'] / c['seconds']:.1f}** wall, **{a['cpu'] / c['cpu']:.1f}** CPU "
                     f"(target ≥ 10)")
    return lines


def write_results(results: dict, growth: list, args, today: str, where: str, smaller: dict | None = None) -> None:
    def row_of(r, label):
        return f"| {label} | {r['seconds']:.2f} | {r['cpu']:.2f} | {r['peak_mb']:.0f} | {', '.join(map(str, r['runs']))} |" \
            if r else f"| {label} | not run | | | |"

    def row(key, label):
        return row_of(results.get(key), label)

    lines = [
        "# Benchmarks",
        "",
        f"Run by `make bench` on {today}; machine: {where}; each figure the median of "
        f"{args.repeat} run(s).",
        f"Province-scale set: {args.attempts:,} attempts (xlsx and csv of the same rows), ~1,500 units and returns.",
        "Each figure is the median of separate processes (start-up included); memory is the peak resident size;",
        "CPU is user + system time of the process (other jobs sharing the cores inflate wall time, not CPU time).",
        "",
        "| measurement | median wall s | median CPU s | peak MB | runs (wall s) |",
        "| --- | ---: | ---: | ---: | --- |",
        row("a", "(a) `pandas.read_excel`, openpyxl engine"),
        row("b", "(b) bare fastexcel read into pandas"),
        row("c", "(c) `cchc clean`, export alone (xlsx)"),
        row("c_csv", "(c') `cchc clean`, export alone (csv)"),
        row("d", "(d) `cchc clean`, everything"),
        row("e", "(e) `cchc build`, city sample"),
        row("e0", "(e0) `cchc clean`, city sample (the clean step of (e))"),
    ]
    for size, small in sorted((smaller or {}).items()):
        lines += [row_of(small.get("a"), f"(a) openpyxl, {size:,} attempts"),
                  row_of(small["b"], f"(b) fastexcel, {size:,} attempts"),
                  row_of(small["c"], f"(c) `cchc clean`, {size:,} attempts")]
    lines += ["", "## Ratios (same run)", ""]
    lines += ratio_lines(f"{args.attempts:,} attempts", results.get("a"), results["b"], results["c"])
    for size, small in sorted((smaller or {}).items()):
        lines += ratio_lines(f"{size:,} attempts", small.get("a"), small["b"], small["c"])
    lines += [
        f"- peak memory of (d) = **{results['d']['peak_mb']:.0f} MB** (target < 2048)",
        f"- (e) = **{results['e']['seconds']:.1f} s** (target < 30 s)",
    ]
    if "e0" in results:
        e, e0 = results["e"], results["e0"]
        notebooks = len(list((ROOT / "notebooks").glob("*.ipynb")))
        lines.append(f"- notebooks' share of (e) (build less its clean step: {notebooks} notebooks on fresh kernels, "
                     f"`[report] parallel_notebooks` at a time, their HTML, the workbooks) = "
                     f"**{(e['seconds'] - e0['seconds']) / e['seconds']:.0%}** wall, "
                     f"**{(e['cpu'] - e0['cpu']) / e['cpu']:.0%}** CPU")
    lines += [
        "",
        "## Growth of (c) with attempts",
        "",
        "| attempts | median wall s | wall s per 100k | median CPU s | CPU s per 100k | peak MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, r in growth:
        lines.append(f"| {size:,} | {r['seconds']:.2f} | {r['seconds'] / size * 1e5:.3f} | {r['cpu']:.2f} | "
                     f"{r['cpu'] / size * 1e5:.3f} | {r['peak_mb']:.0f} |")
    notes = ROOT / "benchmarks" / "notes.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    ocr = ROOT / "benchmarks" / "ocr_results.md"  # written by benchmarks/ocr.py (OCR is timed on its own)
    if ocr.exists():
        lines += ["", ocr.read_text(encoding="utf-8").strip()]
    (ROOT / "benchmarks" / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
