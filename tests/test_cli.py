import subprocess
import sys

from conftest import write_config


def run_cchc(*args, cwd):
    return subprocess.run([sys.executable, "-m", "cchc_analysis.cli", *args], cwd=cwd, capture_output=True, text=True)


def test_missing_registry_stops_with_a_clear_message(tmp_path):
    config = write_config(tmp_path)
    result = run_cchc("--config", str(config), "clean", cwd=tmp_path)
    assert result.returncode == 2
    assert "units.xlsx" in result.stderr


def test_sample_then_clean_exits_zero_and_prints_a_summary(tmp_path):
    config = write_config(tmp_path)
    assert run_cchc("--config", str(config), "sample", str(tmp_path / "data" / "raw"), cwd=tmp_path).returncode == 0
    result = run_cchc("--config", str(config), "clean", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "returns:" in result.stdout and "accepted" in result.stdout
    assert (tmp_path / "data" / "processed" / "returns.csv").is_file()


def test_build_out_names_the_reports_folder_only(tmp_path, monkeypatch):
    from cchc_analysis import cli

    seen = {}
    monkeypatch.setattr(cli, "cmd_clean", lambda args: seen.setdefault("clean_out", args.out) and 0 or 0)
    monkeypatch.setattr(cli, "cmd_report", lambda args: seen.setdefault("report_out", args.out) and 0 or 0)
    config = write_config(tmp_path)
    assert cli.main(["--config", str(config), "build", "--out", str(tmp_path / "bao_cao")]) == 0
    assert seen == {"clean_out": None, "report_out": str(tmp_path / "bao_cao")}
