"""The `cchc` command: thin, every subcommand calls one package function.

Options live in tables (COMMON_OPTIONS, INPUT_OPTIONS, ...) and each subcommand lists the tables it takes, so a
new option is one row. The common options (--config, -v, -q) are taken before or after the subcommand.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .config import ConfigError, load_settings
from .console import setup_logging

# Exit codes (README and `cchc --help` say the same)
EXIT_DONE = 0  # the run finished; the input may still hold warnings
EXIT_INPUT_ERRORS = 1  # the run finished, and the issue log holds errors (files or rows that could not be used)
EXIT_USAGE = 2  # bad command line (a folder that is not there, a bad --as-of day), unusable cchc.toml, missing or
#                unusable registry, no processed tables to report
EXIT_REPORT_FAILED = 3  # a notebook failed: no report was replaced

EXIT_CODES_HELP = """exit codes:
  0  done
  1  done, with errors in the input (see issues.csv)
  2  usage, config or registry error (nothing was done)
  3  a report could not be made (a notebook failed; the previous reports are kept)
"""


class UsageError(Exception):
    """A request the kit cannot start on (a folder that is not there, tables not yet cleaned)."""


# (flags, argparse keywords) rows; a subcommand takes whole tables of them
COMMON_OPTIONS = [
    (("--config",), {"metavar": "FILE", "help": "cchc.toml to use (default: the nearest one from here up)"}),
    (("-v", "--verbose"), {"action": "count", "help": "more detail in the log (each file read)"}),
    (("-q", "--quiet"), {"action": "count", "help": "warnings only, no progress bars"}),
]
INPUT_OPTIONS = [
    (("--units",), {"metavar": "FILE", "help": "registry xlsx (default: cchc.toml [paths] units)"}),
    (("--returns",), {"metavar": "DIR", "help": "folder of unit returns"}),
    (("--platform",), {"metavar": "DIR", "help": "folder of platform exports"}),
]
PROCESSED_OPTION = (("--processed",), {"metavar": "DIR", "help": "folder of the processed tables"})
CLEAN_OUT_OPTIONS = [
    # clean's --out is the tables folder (its one output), the same as --processed elsewhere
    (("--processed", "--out"), {"dest": "processed", "metavar": "DIR", "help": "folder for the processed tables"}),
]
REPORT_OPTIONS = [
    PROCESSED_OPTION,
    (("--out",), {"metavar": "DIR", "help": "folder for the reports (HTML and the workbook)"}),
    (("--as-of",), {"dest": "as_of", "metavar": "DATE",
                    "help": "day the progress report (05_tien_do) runs to, dd/mm/yyyy or yyyy-mm-dd "
                            "(default: the export's latest attempt, within the contest window)"}),
]
SAMPLE_OPTIONS = [
    (("out_dir",), {"metavar": "OUT_DIR"}),
    (("--seed",), {"type": int, "default": 0}),
    (("--scale",), {"choices": ["city", "province"], "default": "city"}),
]
TEMPLATE_OPTIONS = [(("path",), {"metavar": "OUT.xlsx"})]
INIT_OPTIONS = [(("folder",), {"metavar": "DIR", "help": "the working folder to write (made if absent)"})]


def _settings(args):
    return load_settings(args.config)


def run_clean(args):
    """The clean step; returns its summary (RegistryError passes up to main)."""
    from .pipeline import clean

    return clean(_settings(args), units=args.units, returns=args.returns, platform=args.platform, out=args.processed)


def cmd_clean(args) -> int:
    summary = run_clean(args)
    print(summary.text())
    return EXIT_INPUT_ERRORS if summary.issues_by_severity.get("error", 0) else EXIT_DONE


def _check_as_of(args) -> None:
    """A --as-of day that cannot be read stops the command before anything runs (a usage error)."""
    from .report.progress import AsOfError, parse_as_of

    if getattr(args, "as_of", None):
        try:
            parse_as_of(args.as_of)
        except AsOfError as exc:
            raise UsageError(str(exc)) from exc


def cmd_report(args) -> int:
    from .report import ReportError, build_reports

    _check_as_of(args)
    settings = _settings(args)
    processed = Path(args.processed) if args.processed else Path(settings.paths.processed)
    if not (processed / "units.parquet").is_file():
        raise UsageError(f"Chưa có số liệu đã xử lý trong {processed}; hãy chạy `cchc clean` trước "
                         "(no processed tables: run cchc clean first)")
    if not any(Path(settings.paths.notebooks).glob("*.ipynb")):
        raise UsageError(f"Không có notebook nào trong {settings.paths.notebooks} (no notebooks found)")
    notes: list[str] = []  # a notebook skipped for want of its inputs (the progress report without an export)
    try:
        written = build_reports(settings, processed=processed, out=args.out, as_of=getattr(args, "as_of", None),
                                notes=notes)
    except ReportError as exc:
        print(f"cchc report: {exc}", file=sys.stderr)
        return EXIT_REPORT_FAILED
    for path in written:
        print(f"  {path}")
    for note in notes:
        print(f"  {note}")
    return EXIT_DONE


def cmd_build(args) -> int:
    """clean, then report on the tables clean just wrote (--processed carries one folder through both)."""
    _check_as_of(args)  # before the clean, not after it
    clean_rc = cmd_clean(args)
    report_rc = cmd_report(args)
    return report_rc or clean_rc


def cmd_template(args) -> int:
    from .template import write_template

    print(write_template(Path(args.path)))
    return EXIT_DONE


def cmd_sample(args) -> int:
    from .sample import write_sample

    print(write_sample(Path(args.out_dir), seed=args.seed, scale=args.scale))
    return EXIT_DONE


def cmd_init(args) -> int:
    from .workfolder import init_folder

    folder = Path(args.folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} không phải là thư mục (not a folder)")
    written, kept = init_folder(folder)
    for path in written:
        print(f"  {path}")
    for path in kept:
        print(f"  {path} (đã có, giữ nguyên / already there, kept)")
    print(f"Tiếp theo / next: cd {folder}; đặt số liệu vào data/raw (hoặc `cchc sample data/raw`); `cchc build`")
    return EXIT_DONE


# name → (function, help, option tables)
COMMANDS = {
    "init": (cmd_init, "a working folder: cchc.toml, notebooks/ and data/raw/README.md to start from",
             [INIT_OPTIONS]),
    "clean": (cmd_clean, "registry + returns (+ platform export) → processed tables and the issue log",
              [INPUT_OPTIONS, CLEAN_OUT_OPTIONS]),
    "report": (cmd_report, "execute the notebooks, export HTML and the workbook", [REPORT_OPTIONS]),
    "build": (cmd_build, "clean, then report on the same tables", [INPUT_OPTIONS, REPORT_OPTIONS]),
    "template": (cmd_template, "a blank return template to send to units", [TEMPLATE_OPTIONS]),
    "sample": (cmd_sample, "synthetic raw data", [SAMPLE_OPTIONS]),
}


def add_options(parser: argparse.ArgumentParser, rows, suppress: bool = False) -> None:
    for flags, keywords in rows:
        keywords = dict(keywords)
        if suppress:  # after the subcommand: only a value given there overrides the one given before it
            keywords["default"] = argparse.SUPPRESS
        parser.add_argument(*flags, **keywords)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cchc", description="CCHC contest returns: clean, analyse, report.",
                                     epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"cchc {__version__}")
    add_options(parser, COMMON_OPTIONS)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (func, help_text, tables) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text, epilog=EXIT_CODES_HELP,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        add_options(p, COMMON_OPTIONS, suppress=True)
        for rows in tables:
            add_options(p, rows)
        p.set_defaults(func=func)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging((args.verbose or 0) - (args.quiet or 0))
    from .pipeline import InputPathError
    from .registry import RegistryError

    try:
        return args.func(args)
    except (ConfigError, RegistryError, InputPathError, UsageError) as exc:
        print(f"cchc {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
