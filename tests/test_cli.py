import importlib.metadata
import re
import shutil
import subprocess
import sys

import pandas as pd

from conftest import write_config


def run_cchc(*args, cwd):
    return subprocess.run([sys.executable, "-m", "cchc_analysis.cli", *args], cwd=cwd, capture_output=True, text=True)


def test_missing_registry_stops_with_a_clear_message(tmp_path):
    config = write_config(tmp_path)
    result = run_cchc("--config", str(config), "clean", cwd=tmp_path)
    assert result.returncode == 2
    assert "units.xlsx" in result.stderr


def test_sample_then_clean_finishes_with_exit_1_for_errors_in_the_input(tmp_path):
    config = write_config(tmp_path)
    assert run_cchc("--config", str(config), "sample", str(tmp_path / "data" / "raw"), cwd=tmp_path).returncode == 0
    # --config after the subcommand works as well as before it
    result = run_cchc("clean", "--config", str(config), cwd=tmp_path)
    assert "returns:" in result.stdout and "accepted" in result.stdout
    issues = pd.read_csv(tmp_path / "data" / "processed" / "issues.csv", encoding="utf-8-sig")
    assert (issues["severity"] == "error").any()  # the sample holds a rejected return
    assert result.returncode == 1, result.stderr
    # each stage's time is logged to stderr, never mixed into the summary on stdout
    assert re.search(r"returns: \d+\.\d s", result.stderr)
    assert "registry:" not in result.stdout


def test_clean_of_returns_without_errors_exits_zero(tmp_path):
    config = write_config(tmp_path)
    run_cchc("--config", str(config), "sample", str(tmp_path / "data" / "raw"), cwd=tmp_path)
    for path in (tmp_path / "data" / "raw" / "returns").iterdir():
        path.unlink() if path.is_file() else shutil.rmtree(path)
    result = run_cchc("clean", "--config", str(config), "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # -q: warnings only


def test_version_and_python_dash_m(tmp_path):
    from cchc_analysis import __version__

    result = subprocess.run([sys.executable, "-m", "cchc_analysis", "--version"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.strip() == f"cchc {__version__}"
    assert __version__ == importlib.metadata.version("cchc-analysis")
    helped = subprocess.run([sys.executable, "-m", "cchc_analysis", "--help"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert "exit codes" in helped.stdout and "usage, config or registry error" in helped.stdout


def test_unknown_option_is_a_usage_error(tmp_path):
    assert run_cchc("clean", "--no-such-option", cwd=tmp_path).returncode == 2


def test_report_without_processed_tables_is_a_usage_error(tmp_path):
    config = write_config(tmp_path)
    result = run_cchc("report", "--config", str(config), "--processed", str(tmp_path / "khong_co"), cwd=tmp_path)
    assert result.returncode == 2
    assert "khong_co" in result.stderr


def test_report_without_notebooks_is_a_usage_error(tmp_path):
    config = write_config(tmp_path)
    (tmp_path / "data" / "processed").mkdir(parents=True)
    (tmp_path / "data" / "processed" / "units.parquet").write_bytes(b"")
    result = run_cchc("report", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 2
    assert "notebook" in result.stderr


def test_build_carries_one_tables_folder_through_clean_and_report(tmp_path, monkeypatch):
    from cchc_analysis import cli

    seen = {}
    monkeypatch.setattr(cli, "run_clean", lambda args: seen.setdefault("clean", args.processed) and Summary())

    def fake_report(args):
        seen["report"] = (args.processed, args.out)
        return 0

    monkeypatch.setattr(cli, "cmd_report", fake_report)
    config = write_config(tmp_path)
    rc = cli.main(["build", "--config", str(config), "--processed", str(tmp_path / "bang"),
                   "--out", str(tmp_path / "bao_cao")])
    assert rc == 0
    assert seen == {"clean": str(tmp_path / "bang"), "report": (str(tmp_path / "bang"), str(tmp_path / "bao_cao"))}


class Summary:
    issues_by_severity = {"warning": 2}

    def text(self):
        return "summary"
