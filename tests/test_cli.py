import shutil
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
