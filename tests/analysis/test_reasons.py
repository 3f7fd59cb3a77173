"""Reason codes: every code the analysis can emit is documented, and no documentation is stale.

Together with the check in conftest.py (every reason a test creates is in REASON_TEXT and its
template formats with its params), this keeps the app's translations complete.
"""

import ast
import re
import string
from pathlib import Path

from diary.analysis import analyse, as_json
from diary.analysis.reasons import REASON_TEXT

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
    assert codes_in_source() - set(REASON_TEXT) == set()


def test_every_documented_code_is_used():
    assert set(REASON_TEXT) - codes_in_source() == set()


def test_templates_name_their_placeholders():
    for code, template in REASON_TEXT.items():
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        assert all(name.isidentifier() for name in names), code
        assert template.strip() == template and template, code


def test_every_reason_of_a_full_analysis_formats():
    summary = analyse(random_diary(seed=3, days=400), at("2021-11-06T00:00").date(),
                      at("2022-02-03T00:00").date(), at("2022-02-04T00:00"))
    reasons = reasons_in(summary)
    assert len({r.criterion for r in reasons}) > 50
    for reason in reasons:
        REASON_TEXT[reason.criterion].format(**reason.params)
    as_json(summary)
