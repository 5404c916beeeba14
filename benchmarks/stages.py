"""CPU seconds per stage of one `cchc clean` of a benchmark folder (no profiler overhead: each stage is timed with
time.thread_time around the call, inclusive of what it calls in its own thread). The export is parsed in a
background thread and a few stages run in worker threads: each is counted on the thread it ran on, so a caller's
figure leaves out what its workers did (attempts_of leaves out attempt_times); the total is the whole process.

    .venv/bin/python benchmarks/stages.py [--attempts 200000] [--returns] [--csv]
"""
from __future__ import annotations

import argparse
import functools
import importlib
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import province_data  # noqa: E402

STAGES = [
    "cchc_analysis.registry:read_registry",
    "cchc_analysis.readers:check_file",
    "cchc_analysis.platform.read:read_excel_sheets",
    "cchc_analysis.platform.read:read_csv_sheet",
    "cchc_analysis.platform:raw_attempts",
    "cchc_analysis.platform:typed_units",
    "cchc_analysis.platform.units:resolved_units",
    "cchc_analysis.platform:attempts_of",
    "cchc_analysis.platform:attempt_times",
    "cchc_analysis.platform:people_and_checks",
    "cchc_analysis.platform.values:clean_names",
    "cchc_analysis.platform.values:phone_numbers",
    "cchc_analysis.platform.values:emails",
    "cchc_analysis.platform.values:identities",
    "cchc_analysis.platform.values:person_keys",
    "cchc_analysis.platform.values:local_times",
    "cchc_analysis.platform.values:day_first_text",
    "cchc_analysis.platform.values:seconds",
    "cchc_analysis.platform.values:numbers",
    "cchc_analysis.platform.values:whole_numbers",
    "cchc_analysis.platform:not_attempts",
    "cchc_analysis.platform:copies_without_seconds",
    "cchc_analysis.platform:log_value_problems",
    "cchc_analysis.platform.units:other_district",
    "cchc_analysis.platform:attempt_numbers",
    "cchc_analysis.platform:clean_platform",
    "cchc_analysis.platform.reconciliation:reconcile",
    "cchc_analysis.pipeline:write_table",
    "cchc_analysis.schemas:check_table",
    "cchc_analysis.tables:csv_text_table",
    "cchc_analysis.tables:write_parquet",
    "cchc_analysis.tables:write_bom_csv",
]
spent: dict[str, float] = defaultdict(float)
calls: dict[str, int] = defaultdict(int)


def timed(name, func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.thread_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[name] += time.thread_time() - start
            calls[name] += 1
    return wrapper


def install() -> None:
    """Wrap every stage where it is defined and where platform/pipeline imported it by name."""
    users = [importlib.import_module(m) for m in ("cchc_analysis.platform", "cchc_analysis.pipeline",
                                                  "cchc_analysis.platform.read", "cchc_analysis.platform.values",
                                                  "cchc_analysis.platform.units", "cchc_analysis.readers",
                                                  "cchc_analysis.tables")]
    for stage in STAGES:
        module_name, name = stage.split(":")
        module = importlib.import_module(module_name)
        if not hasattr(module, name):
            continue
        original = getattr(module, name)
        wrapped = timed(name, original)
        for target in [module, *users]:
            if getattr(target, name, None) is original:
                setattr(target, name, wrapped)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attempts", type=int, default=200_000)
    parser.add_argument("--returns", action="store_true")
    parser.add_argument("--csv", action="store_true")
    args = parser.parse_args()
    start = time.process_time()
    from cchc_analysis.config import load_settings
    from cchc_analysis.pipeline import clean

    install()
    imported = time.process_time() - start
    folder = province_data(args.attempts, ("xlsx", "csv"), returns=True)
    empty = folder / "empty"
    empty.mkdir(exist_ok=True)
    settings = load_settings(folder / "cchc.toml")
    begin = time.process_time()
    clean(settings, units=folder / "units.xlsx", returns=folder / "returns" if args.returns else empty,
          platform=folder / ("platform_csv" if args.csv else "platform"), out=folder / "out_stages")
    total = time.process_time() - begin
    print(f"imports {imported:.2f} s CPU; clean {total:.2f} s CPU")
    for name in dict.fromkeys(stage.split(":")[1] for stage in STAGES):
        if calls[name]:
            print(f"  {name:<26} {spent[name]:7.2f} s  ({calls[name]} calls)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
