"""The kit installs and runs outside this checkout: `cchc init` writes a working folder, the packaged default
config runs on the current folder's data, and the wheel carries the repository's own cchc.toml and notebooks."""
from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

from cchc_analysis.config import DEFAULT_CONFIG, PACKAGED_NOTEBOOKS, STARTER, load_settings
from cchc_analysis.workfolder import init_folder, starter_files

# what the package ships, beside the repository's own files it is made from
SHIPPED = {"cchc.toml": ROOT / "cchc.toml", "notebooks": ROOT / "notebooks",
           "data/raw/README.md": ROOT / "data" / "raw" / "README.md"}


def test_the_shipped_files_are_the_repositorys_own_not_copies():
    """In the checkout, starter/ holds links to the root's cchc.toml, notebooks/ and data/raw/README.md: one source."""
    for name, source in SHIPPED.items():
        shipped = STARTER / name
        assert shipped.is_symlink(), f"{shipped} is a copy that can drift from {source}"
        assert shipped.resolve() == source.resolve()


def test_init_writes_a_working_folder_of_the_shipped_files(tmp_path):
    written, kept = init_folder(tmp_path / "work")
    names = sorted(str(p.relative_to(tmp_path / "work")) for p in written)
    notebooks = sorted(f"notebooks/{p.name}" for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert names == sorted(["cchc.toml", "data/raw/README.md", *notebooks]) and kept == []
    assert (tmp_path / "work" / "cchc.toml").read_bytes() == (ROOT / "cchc.toml").read_bytes()
    assert not any(p.is_symlink() for p in written)  # the user's own files, not links into the package
    assert len(starter_files()) == len(written)


def test_init_keeps_what_the_user_already_has(tmp_path):
    (tmp_path / "cchc.toml").write_text("# mine\n", encoding="utf-8")
    written, kept = init_folder(tmp_path)
    assert kept == [tmp_path / "cchc.toml"]
    assert (tmp_path / "cchc.toml").read_text(encoding="utf-8") == "# mine\n"
    assert (tmp_path / "notebooks" / "01_tong_hop.ipynb") in written


def test_cchc_init_on_the_command_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "cchc_analysis", "init", str(tmp_path / "w")],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "w" / "notebooks" / "02_don_vi.ipynb").is_file()
    assert "cchc build" in result.stdout


def test_without_a_cchc_toml_the_packaged_default_reads_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.source == DEFAULT_CONFIG
    assert settings.paths.units == tmp_path / "data" / "raw" / "units.xlsx"
    assert settings.paths.reports == tmp_path / "reports"
    assert settings.paths.notebooks == PACKAGED_NOTEBOOKS and any(PACKAGED_NOTEBOOKS.glob("*.ipynb"))


def test_a_cchc_toml_above_the_current_folder_is_found_and_its_folder_is_the_root(tmp_path, monkeypatch):
    init_folder(tmp_path)
    (tmp_path / "data" / "raw" / "returns").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "data" / "raw" / "returns")
    settings = load_settings()
    assert settings.source == tmp_path / "cchc.toml"
    assert settings.paths.notebooks == tmp_path / "notebooks"


def _site_packages(python: Path) -> Path:
    out = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from a copy of the checkout and installed alone into a fresh venv outside it.

    The venv sees the test environment's libraries through a .pth line (no download; the line adds the folder
    without running its .pth files, so the checkout's editable install stays out), and Jupyter's data files
    (nbconvert's templates) through JUPYTER_PATH; its kernel is its own python, running the installed package.
    """
    base = tmp_path_factory.mktemp("install")
    source = base / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "cchc.toml"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "notebooks", source / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (source / "data" / "raw").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "raw" / "README.md", source / "data" / "raw" / "README.md")
    shutil.copytree(ROOT / "cchc_analysis", source / "cchc_analysis", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base / "dist"),
                            str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next((base / "dist").glob("cchc_analysis-*.whl"))

    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    (_site_packages(python) / "test_libraries.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True)
    jupyter = base / "jupyter"
    jupyter.mkdir()
    (jupyter / "nbconvert").symlink_to(Path(sys.prefix) / "share" / "jupyter" / "nbconvert")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH")}
    env.update(JUPYTER_PATH=str(jupyter), PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    return wheel, venv, env


@pytest.mark.slow
def test_the_wheel_carries_the_repositorys_cchc_toml_notebooks_and_raw_readme(installed):
    wheel, _, _ = installed
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert archive.read("cchc_analysis/starter/cchc.toml") == (ROOT / "cchc.toml").read_bytes()
        assert (archive.read("cchc_analysis/starter/data/raw/README.md")
                == (ROOT / "data" / "raw" / "README.md").read_bytes())
        for notebook in (ROOT / "notebooks").glob("*.ipynb"):
            assert archive.read(f"cchc_analysis/starter/notebooks/{notebook.name}") == notebook.read_bytes()
    assert {"cchc_analysis/data/tcvn3.tsv", "cchc_analysis/layout/sheets.py", "cchc_analysis/report/views.py",
            "cchc_analysis/sample/city.py", "cchc_analysis/platform/values.py"} <= names


@pytest.mark.slow
def test_installed_outside_the_checkout_init_sample_build_make_the_reports(installed, tmp_path):
    _, venv, env = installed

    def cchc(*args, cwd):
        return subprocess.run([str(venv / "bin" / "cchc"), *args], cwd=cwd, env=env, capture_output=True, text=True)

    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import cchc_analysis; print(cchc_analysis.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout
    assert str(venv) in where and str(ROOT) not in where  # the installed package, not the checkout

    assert cchc("init", "work", cwd=tmp_path).returncode == 0
    work = tmp_path / "work"
    assert filecmp.cmp(work / "cchc.toml", ROOT / "cchc.toml", shallow=False)
    sample = cchc("sample", "data/raw", cwd=work)
    assert sample.returncode == 0, sample.stderr[-3000:]
    build = cchc("build", cwd=work)
    assert build.returncode in (0, 1), build.stderr[-3000:]  # 1: the sample holds errors in the input, on purpose
    reports = sorted(p.name for p in (work / "reports").iterdir())
    assert {"01_tong_hop.html", "02_don_vi.html", "03_ca_nhan.html", "04_chat_luong_du_lieu.html",
            "tong_hop_cchc.xlsx"} <= set(reports)
    assert (work / "data" / "processed" / "units.parquet").is_file()
    assert "Chí Linh" in (work / "reports" / "01_tong_hop.html").read_text(encoding="utf-8")

    # no cchc.toml here or above: the packaged default, on this folder's data
    bare = tmp_path / "bare"
    shutil.copytree(work / "data" / "raw", bare / "data" / "raw")
    clean = cchc("clean", cwd=bare)
    assert clean.returncode in (0, 1), clean.stderr[-3000:]
    assert (bare / "data" / "processed" / "units.parquet").is_file()
    assert not list((venv / "lib").rglob("units.parquet"))  # nothing written inside the installed package
