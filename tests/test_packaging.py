"""The package declares what it imports, nothing it does not, and environment.yml says the same as pyproject.toml."""
from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# declared for a library that imports it, not for our own imports
USED_BY_A_LIBRARY = {"defusedxml"}  # openpyxl parses workbook XML with it when installed
# imported, but installed (at the one version that fits) by the declared library named: declaring it too would be a
# second constraint to keep in step
PART_OF = {"pydantic_core": "pydantic"}  # PydanticCustomError lives in pydantic's core, pinned by pydantic itself


def name_of(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def imported_modules() -> set[str]:
    """Top-level names of every module the package imports (at the top or inside a function)."""
    names = set()
    for path in (ROOT / "cchc_analysis").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"cchc_analysis", "__future__"}


def test_every_library_the_package_imports_is_declared_with_a_lower_bound():
    distributions = importlib.metadata.packages_distributions()
    declared = {name_of(r): r for r in PROJECT["dependencies"]}
    for module in sorted(imported_modules()):
        module = PART_OF.get(module, module)
        names = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        found = names & set(declared)
        assert found, f"{module} is imported but not declared"
        assert ">=" in declared[found.pop()]


def test_nothing_is_declared_that_nothing_imports():
    distributions = importlib.metadata.packages_distributions()
    used = {d.lower().replace("_", "-") for m in imported_modules()
            for d in distributions.get(PART_OF.get(m, m), [PART_OF.get(m, m)])}
    unused = {name_of(r) for r in PROJECT["dependencies"]} - used - USED_BY_A_LIBRARY
    # ipykernel: the kernel `cchc report` starts the notebooks on (found by name, not imported)
    assert unused == {"ipykernel"}


def test_environment_yml_is_in_step_with_pyproject():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    listed = {m.group(1).replace('"', "") for m in re.finditer(r"^\s+- ([A-Za-z0-9_.\-]+[<>=]=?[0-9.]+)", text, re.M)}
    wanted = set(PROJECT["dependencies"]) | {r for extra in PROJECT["optional-dependencies"].values() for r in extra}
    assert {r.split(";")[0].strip() for r in wanted} == listed - {"python>=3.11"}


def test_the_version_has_one_source():
    import cchc_analysis

    assert cchc_analysis.__version__ == importlib.metadata.version("cchc-analysis") == PROJECT["version"]
