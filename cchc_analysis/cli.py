"""The `cchc` command: thin, every subcommand calls one package function."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import ConfigError, load_settings


def _settings(args):
    return load_settings(args.config)


def cmd_clean(args) -> int:
    from .pipeline import InputPathError, clean
    from .registry import RegistryError

    try:
        summary = clean(_settings(args), units=args.units, returns=args.returns, platform=args.platform, out=args.out)
    except (RegistryError, InputPathError) as exc:  # exit 2: what the command was given cannot be used
        print(f"cchc clean: {exc}", file=sys.stderr)
        return 2
    print(summary.text())
    return 0


def cmd_report(args) -> int:
    from .report import ReportError, build_reports

    notes: list[str] = []
    try:
        written = build_reports(_settings(args), out=args.out, as_of=getattr(args, "as_of", None), notes=notes)
    except ReportError as exc:
        print(f"cchc report: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"  {path}")
    for note in notes:
        print(f"  {note}")
    return 0


def cmd_build(args) -> int:
    # --out names the reports folder; the tables go where cchc.toml says, where `cchc report` reads them
    clean_args = argparse.Namespace(**{**vars(args), "units": None, "returns": None, "platform": None, "out": None})
    rc = cmd_clean(clean_args)
    return rc if rc else cmd_report(args)


def cmd_template(args) -> int:
    from .template import write_template

    print(write_template(Path(args.path)))
    return 0


def cmd_sample(args) -> int:
    from .sample import write_sample

    print(write_sample(Path(args.out_dir), seed=args.seed, scale=args.scale))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cchc", description="CCHC contest returns: clean, analyse, report.")
    parser.add_argument("--config", help="cchc.toml to use (default: the nearest one)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("clean", help="registry + returns (+ platform export) → processed tables and the issue log")
    p.add_argument("--units", help="registry xlsx")
    p.add_argument("--returns", help="folder of unit returns")
    p.add_argument("--platform", help="folder of platform exports")
    p.add_argument("--out", help="folder for the processed tables")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("report", help="execute the notebooks, export HTML and the workbook")
    p.add_argument("--out", help="folder for the reports")
    p.add_argument("--as-of", dest="as_of", metavar="DATE",
                   help="day the progress report (05_tien_do) runs to, dd/mm/yyyy or yyyy-mm-dd "
                        "(default: the export's latest attempt, within the contest window)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("build", help="clean, then report")
    p.add_argument("--out", help="folder for the reports")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("template", help="a blank return template to send to units")
    p.add_argument("path", metavar="OUT.xlsx")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("sample", help="synthetic raw data")
    p.add_argument("out_dir", metavar="OUT_DIR")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--scale", choices=["city", "province"], default="city")
    p.set_defaults(func=cmd_sample)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"cchc: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
