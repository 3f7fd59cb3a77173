"""The Dutch catalogue and Learn pages follow translations/glossary.md: one word per thing."""

import re

import pytest
from babel.messages.pofile import read_po

from diary.config import REPO_ROOT

GLOSSARY = REPO_ROOT / "translations" / "glossary.md"
PO_PATH = REPO_ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
DUTCH_PAGES = REPO_ROOT / "diary" / "content" / "learn" / "nl"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def forbidden_variants() -> list[re.Pattern]:
    """The regular expressions in the glossary's "Never in Dutch" column."""
    found = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = line.split("|")
        if len(cells) > 4 and not cells[1].strip().startswith(("English", "---")):
            found += [re.compile(p, re.IGNORECASE) for p in re.findall(r"`([^`]+)`", cells[3])]
    return found


def dutch_texts() -> list[str]:
    """Every Dutch message (placeholders removed) and every Dutch Learn page."""
    with PO_PATH.open("rb") as po_file:
        catalog = read_po(po_file)
    texts = []
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        texts += [PLACEHOLDER.sub("", s) for s in strings if s]
    return texts + [page.read_text(encoding="utf-8") for page in DUTCH_PAGES.glob("*.md")]


def test_the_glossary_names_forbidden_variants():
    assert len(forbidden_variants()) >= 5  # the table was read, not silently skipped


@pytest.mark.parametrize("variant", forbidden_variants(), ids=lambda p: p.pattern)
def test_dutch_uses_the_glossary_words(variant):
    offending = [text[:80] for text in dutch_texts() if variant.search(text)]
    assert not offending, f"{variant.pattern} in: {offending}"


@pytest.mark.parametrize(("english", "dutch"), [
    ("Temples", "Slapen (zijkant hoofd)"),
    ("Tension-type-like", "Spanningstype"),
    ("Too little or poor sleep", "Te weinig of slecht geslapen"),
])
def test_the_words_a_patient_reported_as_confusing(english, dutch):
    with PO_PATH.open("rb") as po_file:
        assert read_po(po_file).get(english).string == dutch
