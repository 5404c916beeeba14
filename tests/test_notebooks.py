"""The stored notebooks: output-free, plain python3 kernel, a papermill "parameters" cell, thin cells;
and a notebook run the way an analyst runs it, with a parameter changed."""
from __future__ import annotations

import ast

import nbformat
import pytest
from report_fixtures import NOTEBOOKS, make_project

from cchc_analysis.report import config_file, execute_notebook, page_text

STORED = sorted(NOTEBOOKS.glob("*.ipynb"))
MAX_CELL_LINES = 25


def test_the_five_report_notebooks_are_stored():
    assert [p.name for p in STORED] == ["01_tong_hop.ipynb", "02_don_vi.ipynb", "03_ca_nhan.ipynb",
                                       "04_chat_luong_du_lieu.ipynb", "05_tien_do.ipynb"]


@pytest.mark.parametrize("path", STORED, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs_on_the_plain_python3_kernel(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)


@pytest.mark.parametrize("path", STORED, ids=lambda p: p.stem)
def test_notebook_has_a_parameters_cell_then_loads_settings_and_tables(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assigned = {t.id: ast.literal_eval(n.value) for n in ast.parse(code[0].source).body
                for t in n.targets}  # only plain assignments of literals
    assert assigned["processed_dir"] is None and assigned["config_path"] is None
    assert "settings, tables = display.open_data(processed_dir, config_path)" in code[1].source


@pytest.mark.parametrize("path", STORED, ids=lambda p: p.stem)
def test_notebook_cells_are_thin(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        assert len(cell.source.splitlines()) <= MAX_CELL_LINES
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        # no logic in a notebook: no loops, branches, functions or classes; the package does the work
        banned = (ast.For, ast.While, ast.If, ast.FunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp)
        assert not [n for n in ast.walk(tree) if isinstance(n, banned)], cell.source


def test_notebooks_open_in_the_project_config_by_default(tmp_path):
    settings, _processed, _reports = make_project(tmp_path)
    assert config_file(settings) == tmp_path / "cchc.toml"


@pytest.mark.slow
def test_drill_down_shows_the_unit_given_as_parameter(tmp_path):
    settings, processed, _reports = make_project(tmp_path)
    parameters = {"processed_dir": str(processed), "config_path": str(config_file(settings)), "unit_code": "U02"}
    nb = execute_notebook(NOTEBOOKS / "02_don_vi.ipynb", parameters, timeout=120)
    shown = page_text(" ".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code"
                               for o in c.outputs))
    # the unit's card reads down the page: header, then value
    assert ("Tên đơn vị Phòng Tài chính - Kế hoạch Khối Phòng chuyên môn Tổng số CBCCVC 8 "
            "Số tham gia (báo cáo) 6 Vắng có lý do chính đáng 1 Tỷ lệ tham gia 75,00% "
            "Tỷ lệ sau khi trừ vắng có lý do chính đáng 85,71%") in shown
    assert "Xếp loại Hoàn thành" in shown
    assert "Phó Trưởng phòng Không có lý do Không" in shown  # category and flag shown as words
    assert "Phòng Nội vụ" not in shown
