"""The vendored Chart.js is the unmodified release recorded in static/vendor/README.md."""

import hashlib
import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "diary" / "static" / "vendor"


def test_vendored_files_match_their_recorded_checksums():
    table = (VENDOR / "README.md").read_text()
    rows = re.findall(r"\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|", table)
    assert rows, "no checksums recorded"
    for name, checksum in rows:
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == checksum, name
        assert (VENDOR / name).parent.joinpath("LICENSE.md").exists()
