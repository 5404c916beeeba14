"""The package's rooms: its import graph has no circle and flows one way, from text and config to the command.

Read from the source with ast (every import, at the top of a module or inside a function), so the test needs
nothing installed and names the module and the line that breaks the rule.
"""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "cchc_analysis"

# The pipeline's stages, lowest first. A module may import its own stage and the stages below it, never above.
# The table contract (tables, schemas: the columns, the one writer and reader of the processed tables) sits at the
# foot with config: every stage that writes or reads a processed table goes through it.
STAGES = [
    ("text and config", ["text", "fmt", "console", "issues", "config_schema", "config", "schemas", "tables"]),
    ("readers", ["readers"]),
    # registry/: words → read; words → names → partial, lines → matcher
    ("returns and platform", ["layout", "registry", "reasons", "review", "returns", "platform", "template", "sample"]),
    ("clean", ["pipeline"]),
    ("analysis", ["analysis"]),  # analysis/: common → units → summaries, verdicts, individuals; absences, platform_units
    ("report", ["report"]),
    ("cli", ["cli", "__main__", "workfolder", ""]),  # "": the package top, which re-exports the criteria for scripts
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def package_modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str, path: Path, known: set[str]) -> list[tuple[str, int]]:
    """(imported package module, line) for every import of the package's own modules in one file."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    package = [p for p in package if p]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "cchc_analysis":
                target = node.module.removeprefix("cchc_analysis").lstrip(".")
            else:
                continue
            for alias in node.names:  # `from .report import progress` imports the module report.progress
                sub = f"{target}.{alias.name}".lstrip(".")
                found.append((sub if sub in known else target, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name.removeprefix("cchc_analysis").lstrip("."), node.lineno) for a in node.names
                      if a.name.split(".")[0] == "cchc_analysis"]
    return found


def graph() -> dict[str, list[tuple[str, int]]]:
    modules = package_modules()
    return {name: sorted({(t, line) for t, line in imports_of(name, path, set(modules)) if t != name})
            for name, path in modules.items()}


def stage_of(module: str) -> int:
    top = module.split(".")[0]
    for index, (_, rooms) in enumerate(STAGES):
        if top in rooms or (module == "" and "" in rooms):
            return index
    raise AssertionError(f"cchc_analysis.{module} is in no stage: add it to STAGES in {Path(__file__).name}")


def test_every_module_belongs_to_a_stage():
    for module in package_modules():
        stage_of(module)


def test_no_module_imports_a_later_stage():
    wrong = [f"cchc_analysis.{module} ({STAGES[stage_of(module)][0]}) line {line} imports cchc_analysis.{target} "
             f"({STAGES[stage_of(target)][0]})"
             for module, targets in graph().items() for target, line in targets
             if stage_of(target) > stage_of(module)]
    assert wrong == []


def test_the_import_graph_has_no_circle():
    edges = {module: {target for target, _ in targets} for module, targets in graph().items()}
    state: dict[str, str] = {}
    circles = []

    def visit(module, path):
        state[module] = "open"
        for target in sorted(edges.get(module, ())):
            if state.get(target) == "open":
                circles.append(" → ".join(path[path.index(target):] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_only_the_command_uses_the_sample_generator():
    users = {module for module, targets in graph().items() for target, _ in targets
             if target.split(".")[0] == "sample" and module.split(".")[0] != "sample"}
    assert users <= {"cli"}


def test_the_rule_sees_a_circle_and_an_upward_import(tmp_path, monkeypatch):
    """The checks above would find a fault: a package where config imports the report, and two modules in a circle."""
    (tmp_path / "report").mkdir()
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "config.py").write_text("from .report import views\n")
    (tmp_path / "report" / "__init__.py").write_text("")
    (tmp_path / "report" / "views.py").write_text("from ..config import x\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path)
    edges = graph()
    assert edges["config"] == [("report.views", 1)] and edges["report.views"] == [("config", 1)]
    assert stage_of("report.views") > stage_of("config")
    try:
        test_the_import_graph_has_no_circle()
    except AssertionError as exc:
        assert "config → report.views → config" in str(exc)
    else:
        raise AssertionError("the circle was not seen")


def test_the_report_modules_are_still_read_from_the_package_top():
    """Notebooks and scripts write `from cchc_analysis import views, display, charts`; it keeps working."""
    import cchc_analysis
    from cchc_analysis import charts, display, views
    from cchc_analysis.report import charts as report_charts

    assert charts is report_charts and display.__name__ == "cchc_analysis.report.display"
    assert views.__name__ == "cchc_analysis.report.views" and cchc_analysis.unit_scorecard
