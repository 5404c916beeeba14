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


def test_registry_without_the_headcount_column_exits_2_naming_column_and_file(tmp_path):
    import openpyxl

    config = write_config(tmp_path)
    book = openpyxl.Workbook()
    book.active.append(["Mã đơn vị", "Tên đơn vị", "Khối"])
    book.active.append(["PNV", "Phòng Nội vụ", "Phòng, ban chuyên môn"])
    book.save(tmp_path / "dv.xlsx")
    result = run_cchc("--config", str(config), "clean", "--units", str(tmp_path / "dv.xlsx"), cwd=tmp_path)
    assert result.returncode == 2
    assert "dv.xlsx" in result.stderr and 'thiếu cột "Tổng số CBCCVC"' in result.stderr
    assert "Traceback" not in result.stderr


def test_folder_named_on_the_command_line_that_does_not_exist_exits_2(tmp_path):
    config = write_config(tmp_path)  # checked before the registry is read: no data needed
    for option in ("--returns", "--platform"):
        result = run_cchc("--config", str(config), "clean", option, str(tmp_path / "khong_co"), cwd=tmp_path)
        assert result.returncode == 2, option
        assert "khong_co" in result.stderr and "không thấy thư mục" in result.stderr.lower()
    assert not (tmp_path / "data" / "processed" / "returns.csv").exists()  # nothing was run


def test_file_named_as_the_returns_folder_exits_2(tmp_path):
    config = write_config(tmp_path)
    result = run_cchc("--config", str(config), "clean", "--returns", str(config), cwd=tmp_path)
    assert result.returncode == 2 and "không phải thư mục" in result.stderr


def test_config_named_on_the_command_line_that_does_not_exist_exits_2(tmp_path):
    result = run_cchc("--config", str(tmp_path / "khong_co.toml"), "clean", cwd=tmp_path)
    assert result.returncode == 2 and "khong_co.toml" in result.stderr


def test_config_typo_exits_2_naming_section_and_key(tmp_path):
    config = write_config(tmp_path, {"staff_tolerance = 0.10": "staff_tolerence = 0.10"})
    result = run_cchc("--config", str(config), "clean", cwd=tmp_path)
    assert result.returncode == 2
    assert '[returns] staff_tolerence' in result.stderr and '"staff_tolerance"' in result.stderr


def test_absent_default_returns_folder_is_said_once_and_the_run_goes_on(tmp_path):
    import pandas as pd

    config = write_config(tmp_path)
    assert run_cchc("--config", str(config), "sample", str(tmp_path / "data" / "raw"), cwd=tmp_path).returncode == 0
    shutil.rmtree(tmp_path / "data" / "raw" / "returns")
    result = run_cchc("--config", str(config), "clean", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    issues = pd.read_csv(tmp_path / "data" / "processed" / "issues.csv", encoding="utf-8-sig")
    assert issues["code"].tolist().count("folder_missing") == 1


def test_report_prints_why_a_notebook_was_skipped_and_passes_the_as_of_day(tmp_path, monkeypatch, capsys):
    from cchc_analysis import cli, report

    config = write_config(tmp_path)
    (tmp_path / "data" / "processed").mkdir(parents=True)
    (tmp_path / "data" / "processed" / "units.parquet").write_bytes(b"")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "05_tien_do.ipynb").write_text("{}", encoding="utf-8")
    seen = {}

    def fake_build(settings, processed=None, out=None, as_of=None, notes=None):
        seen["as_of"] = as_of
        notes.append("05_tien_do.ipynb: bỏ qua, chưa có dữ liệu xuất từ hệ thống thi (skipped)")
        return [tmp_path / "reports" / "01_tong_hop.html"]

    monkeypatch.setattr(report, "build_reports", fake_build)
    assert cli.main(["report", "--config", str(config), "--as-of", "25/11/2024"]) == 0
    out = capsys.readouterr().out
    assert "01_tong_hop.html" in out and "05_tien_do.ipynb: bỏ qua" in out
    assert seen == {"as_of": "25/11/2024"}


def test_build_with_a_bad_as_of_day_stops_before_cleaning(tmp_path, monkeypatch, capsys):
    from cchc_analysis import cli

    cleaned = []
    monkeypatch.setattr(cli, "run_clean", lambda args: cleaned.append(args) or Summary())
    config = write_config(tmp_path)
    assert cli.main(["build", "--config", str(config), "--as-of", "2024-13-01"]) == 2
    assert cleaned == [] and "dd/mm/yyyy" in capsys.readouterr().err
