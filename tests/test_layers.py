"""The layering, enforced on the import graph of diary/ (stdlib `ast`, relative imports resolved).

(a) Only create_app (diary/__init__.py) imports a `views` module: what two features share lives
    in a named home, never in another feature's views.
(b) diary/analysis/ is pure: no Flask, Werkzeug, models or extensions.
(c) diary/services/, diary/words/ and diary/forms/ import no feature package.
(d) diary/api/ imports no web feature package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DIARY = Path(__file__).resolve().parents[1] / "diary"
# The blueprint packages.
FEATURES = ("auth", "account", "days", "episodes", "dashboard", "review", "sharing", "pwa",
            "two_factor", "caseload", "export", "learn", "main", "reminders", "api")
WEB_FEATURES = tuple(feature for feature in FEATURES if feature != "api")
SHARED_HOMES = ("services", "words", "forms")


def module_name(path: Path, root: Path) -> str:
    """diary/days/views.py -> diary.days.views; a package's __init__.py is the package."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path) -> list[list[str]]:
    """For every import statement in `path`, the modules it may import, made absolute.

    `from a import b` may import `a` or the module `a.b`: both are listed, `a` first."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    statements: list[list[str]] = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            statements += [[alias.name] for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[:len(base) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            statements.append([module] + [f"{module}.{alias.name}" for alias in node.names])
    return statements


def import_graph(root: Path) -> dict[str, list[list[str]]]:
    """Module name -> its import statements, for every .py file under the package `root`."""
    return {module_name(path, root): imports_of(path, root)
            for path in sorted(root.rglob("*.py"))}


def within(module: str, *packages: str) -> bool:
    """Is `module` one of `packages` or inside one of them?"""
    return any(module == package or module.startswith(package + ".") for package in packages)


def is_web_or_database(module: str) -> bool:
    """Flask, a Flask extension, Werkzeug, or the app's models and extensions."""
    top = module.split(".")[0]
    return (top in ("flask", "werkzeug") or top.startswith("flask_")
            or within(module, "diary.models", "diary.extensions"))


def broken_rule(importer: str, imported: str) -> str | None:
    """Which layering rule the arrow importer -> imported breaks, if any."""
    if imported.rpartition(".")[2] == "views" and importer != "diary":
        return "(a) imports a views module"
    if within(importer, "diary.analysis") and is_web_or_database(imported):
        return "(b) analysis imports the web or the database"
    if within(importer, *(f"diary.{home}" for home in SHARED_HOMES)) and within(
            imported, *(f"diary.{feature}" for feature in FEATURES)):
        return "(c) a shared home imports a feature package"
    if within(importer, "diary.api") and within(
            imported, *(f"diary.{feature}" for feature in WEB_FEATURES)):
        return "(d) the API imports a web feature"
    return None


def violations(root: Path) -> list[str]:
    """Every import statement under the package `root` that breaks a rule, once each."""
    found = []
    for importer, statements in import_graph(root).items():
        for modules in statements:
            broken = [(module, rule) for module in modules
                      if (rule := broken_rule(importer, module))]
            found += [f"{importer} -> {broken[0][0]}: {broken[0][1]}"] if broken else []
    return found


def test_the_graph_sees_the_real_imports():
    graph = import_graph(DIARY)
    assert ["diary.dashboard.views", "diary.dashboard.views.bp"] in graph["diary"]
    assert any("diary.analysis.records" in modules
               for modules in graph["diary.analysis.summary"])


def test_the_diary_keeps_its_layers():
    assert violations(DIARY) == []


def write_package(root: Path, files: dict[str, str]) -> Path:
    """A fake `diary` package under root from {relative path: source}."""
    for name, source in files.items():
        path = root / "diary" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return root / "diary"


LAWFUL = {
    "__init__.py": "from diary.days.views import bp\n",
    "days/__init__.py": "",
    "days/views.py": "from diary.services import days\nfrom ..forms import DayForm\n",
    "services/__init__.py": "",
    "services/days.py": "from diary.models import CheckIn\nfrom diary.analysis import records\n",
    "forms/__init__.py": "from .fields import DayField\n",
    "forms/fields.py": "import wtforms\n",
    "analysis/__init__.py": "",
    "analysis/records.py": "from dataclasses import dataclass\nfrom . import reasons\n",
    "analysis/reasons.py": "",
    "api/__init__.py": "",
    "api/views.py": "from diary.api import patient_views\nfrom diary.services.days import x\n",
    "api/patient_views.py": "from diary.forms import DayForm\n",
}


def test_a_lawful_package_passes(tmp_path):
    assert violations(write_package(tmp_path, LAWFUL)) == []


@pytest.mark.parametrize(("path", "source", "rule"), [
    ("review/views.py", "from diary.dashboard.views import summarise\n", "(a)"),
    ("review/views.py", "from ..dashboard import views\n", "(a)"),
    ("export/summary.py", "import diary.dashboard.views\n", "(a)"),
    ("analysis/records.py", "from flask import g\n", "(b)"),
    ("analysis/records.py", "import flask_babel\n", "(b)"),
    ("analysis/records.py", "from werkzeug.exceptions import NotFound\n", "(b)"),
    ("analysis/records.py", "from ..models import Episode\n", "(b)"),
    ("analysis/records.py", "from diary import extensions\n", "(b)"),
    ("services/days.py", "from diary.auth.passwords import check\n", "(c)"),
    ("forms/fields.py", "from ..days.forms import DayForm\n", "(c)"),
    ("words/labels.py", "from diary.dashboard import explain\n", "(c)"),
    ("api/patient_views.py", "from diary.sharing.links import linked\n", "(d)"),
    ("api/patient_views.py", "from ..main import safe_next\n", "(d)"),
])
def test_a_rule_broken_on_purpose_is_reported(tmp_path, path, source, rule):
    root = write_package(tmp_path, {**LAWFUL, path: source})
    found = violations(root)
    assert len(found) == 1 and rule in found[0], found
