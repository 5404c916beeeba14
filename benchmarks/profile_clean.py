"""Profile one `cchc clean` of a benchmark folder with cProfile and print where the time goes.

    .venv/bin/python benchmarks/profile_clean.py [--attempts 1000000] [--returns] [--csv] [--top 30]

Uses the data `make bench` generated (benchmarks/data/province_N); writes the profile to
benchmarks/data/clean_N.prof for snakeviz or pstats.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import DATA, province_data  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attempts", type=int, default=1_000_000)
    parser.add_argument("--returns", action="store_true", help="clean the returns too, as (d) does")
    parser.add_argument("--csv", action="store_true", help="the csv export instead of the xlsx")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()

    from cchc_analysis.config import load_settings
    from cchc_analysis.pipeline import clean

    folder = province_data(args.attempts, ("xlsx", "csv"), returns=True)
    empty = folder / "empty"
    empty.mkdir(exist_ok=True)
    settings = load_settings(folder / "cchc.toml")
    platform = folder / ("platform_csv" if args.csv else "platform")
    profiler = cProfile.Profile(time.process_time)  # CPU time: other jobs on the cores do not count
    start, cpu = time.perf_counter(), time.process_time()
    profiler.enable()
    clean(settings, units=folder / "units.xlsx", returns=folder / "returns" if args.returns else empty,
          platform=platform, out=folder / "out_profile")
    profiler.disable()
    print(f"clean: {time.perf_counter() - start:.2f} s wall, {time.process_time() - cpu:.2f} s CPU")
    out = DATA / f"clean_{args.attempts}{'_returns' if args.returns else ''}.prof"
    profiler.dump_stats(out)
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).strip_dirs().sort_stats(args.sort).print_stats(args.top)
    print(text.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
