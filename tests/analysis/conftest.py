"""Analysis tests: pure Python, no Flask app needed.

Makes the repo root importable when pytest is started from elsewhere, and checks after every
test that each reason it produced is documented in REASON_PARAMS with exactly the parameters
it was given (diary/words has a sentence for each, with the same parameters).
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from diary.analysis.reasons import REASON_PARAMS, Reason  # noqa: E402


@pytest.fixture(autouse=True)
def reasons_made(monkeypatch):
    """Every Reason created during the test; checked against REASON_PARAMS afterwards."""
    made: list[Reason] = []
    original = Reason.__init__

    def spy(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(Reason, "__init__", spy)
    yield made
    for reason in made:
        assert reason.criterion in REASON_PARAMS, f"undocumented reason code {reason.criterion}"
        assert reason.status in ("met", "not_met", "unknown"), reason
        assert set(reason.params) == set(REASON_PARAMS[reason.criterion]), reason
