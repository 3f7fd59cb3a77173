"""Reason codes: every code the analysis can emit is documented, and no documentation is stale.

Together with the check in conftest.py (every reason a test creates is in REASON_PARAMS with
exactly its parameters), this keeps the app's sentences (diary/words/reasons.py) complete.
"""

import ast
import re
from pathlib import Path

from diary.analysis import analyse, as_json
from diary.analysis.reasons import REASON_PARAMS

from .builders import at, random_diary, reasons_in

PACKAGE = Path(__file__).resolve().parents[2] / "diary" / "analysis"
CODE = re.compile(r"^[a-z_]+(\.[A-Za-z0-9_]+)+$")


def codes_in_source() -> set[str]:
    found = set()
    for path in PACKAGE.glob("*.py"):
        if path.name == "reasons.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and CODE.match(node.value):
                found.add(node.value)
    return found


def test_every_code_in_the_source_is_documented():
    assert codes_in_source() - set(REASON_PARAMS) == set()


def test_every_documented_code_is_used():
    assert set(REASON_PARAMS) - codes_in_source() == set()


def test_parameters_are_named_once_each():
    for code, names in REASON_PARAMS.items():
        assert all(name.isidentifier() for name in names), code
        assert len(set(names)) == len(names), code


def test_every_reason_of_a_full_analysis_formats():
    summary = analyse(random_diary(seed=3, days=400), at("2021-11-06T00:00").date(),
                      at("2022-02-03T00:00").date(), at("2022-02-04T00:00"))
    reasons = reasons_in(summary)
    assert len({r.criterion for r in reasons}) > 50
    for reason in reasons:
        assert set(reason.params) == set(REASON_PARAMS[reason.criterion]), reason
    as_json(summary)
