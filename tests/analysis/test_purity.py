"""diary/analysis is plain Python: only the standard library and its own modules."""

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "diary" / "analysis"
FORBIDDEN = ("flask", "flask_", "sqlalchemy", "babel", "numpy", "pandas", "werkzeug", "jinja2",
             "diary.models", "diary.extensions")


def imported_modules(path: Path) -> list[tuple[str, int]]:
    """(top-level module, level) for every import; level > 0 is a relative import."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, 0) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.module or "", node.level))
    return found


MODULES = sorted(PACKAGE.glob("*.py"))


def test_the_package_has_modules():
    assert {"records.py", "reasons.py", "episodes.py", "summary.py"} <= {p.name for p in MODULES}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_only_the_standard_library_is_imported(path):
    for module, level in imported_modules(path):
        if level:
            assert not module.startswith(("models", "extensions")), module
            continue
        assert not module.startswith(FORBIDDEN), f"{path.name} imports {module}"
        top = module.split(".")[0]
        assert top in sys.stdlib_module_names or top == "__future__", \
            f"{path.name} imports {module}, which is not in the standard library"


def test_the_check_catches_a_third_party_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import flask\nfrom sqlalchemy import select\nfrom . import records\n")
    modules = [m for m, level in imported_modules(bad) if not level]
    assert modules == ["flask", "sqlalchemy"]
    assert not any(m.split(".")[0] in sys.stdlib_module_names for m in modules)
