"""The clinic's explanations: topics.json and one Markdown file per topic per language.

Pure functions over a content root folder (normally diary/content/learn); nothing here reads
the request. Parsed topics are cached per file and re-read when the file changes, so the clinic
can edit a text without restarting the app.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import markdown
from flask import current_app, has_app_context
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content" / "learn"
BASE_LANGUAGE = "en"

# Slugs are file names and URL parts: lower-case words joined by hyphens, nothing else.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LANGUAGE = re.compile(r"[a-z]{2,3}")

LinkFor = Callable[[str], str]


@dataclass(frozen=True)
class TopicEntry:
    """One line of topics.json: a topic and the group it is listed under."""

    slug: str
    group: str


@dataclass(frozen=True)
class Topic:
    """A topic ready to show; `fallback` means the English text stands in for `language`."""

    slug: str
    title: str
    summary: str
    html: Markup
    language: str
    fallback: bool


def content_root() -> Path:
    """The app's LEARN_CONTENT_DIR when an app is running, else the packaged content."""
    if has_app_context():
        return Path(current_app.config.get("LEARN_CONTENT_DIR", DEFAULT_CONTENT_DIR))
    return DEFAULT_CONTENT_DIR


# --- topics.json -------------------------------------------------------------------------

_INDEX_CACHE: dict[Path, tuple[tuple[int, int], tuple[TopicEntry, ...]]] = {}


def _signature(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def load_topics(root: Path) -> tuple[TopicEntry, ...]:
    """The topics in display order; a malformed entry is an error the test suite reports."""
    path = Path(root) / "topics.json"
    signature = _signature(path)
    cached = _INDEX_CACHE.get(path)
    if cached and cached[0] == signature:
        return cached[1]
    entries = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        slug, group = item.get("slug", ""), item.get("group", "")
        if not SLUG.fullmatch(slug) or not SLUG.fullmatch(group):
            raise ValueError(f"{path}: bad topic entry {item!r}")
        entries.append(TopicEntry(slug, group))
    topics = tuple(entries)
    _INDEX_CACHE[path] = (signature, topics)
    return topics


def known_slugs(root: Path) -> frozenset[str]:
    return frozenset(entry.slug for entry in load_topics(root))


# --- Markdown ----------------------------------------------------------------------------

class _LinkPolicy(Treeprocessor):
    """Topic slugs become app URLs, https: links stay, every other href is dropped."""

    def __init__(self, md, slugs: frozenset[str], link_for: LinkFor):
        super().__init__(md)
        self.slugs = slugs
        self.link_for = link_for

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if href in self.slugs:
                link.set("href", self.link_for(href))
            elif href.lower().startswith("https:"):
                link.set("rel", "external noopener noreferrer")
            else:
                link.attrib.pop("href", None)
        # Images are not part of the supported Markdown; keep only their text.
        for image in list(root.iter("img")):
            alt = image.get("alt", "")
            image.tag, image.text = "span", alt
            image.attrib.clear()


def render_markdown(text: str, slugs: frozenset[str], link_for: LinkFor) -> Markup:
    """Markdown to HTML with raw HTML escaped and links limited to topics and https:."""
    md = markdown.Markdown(extensions=["sane_lists"])
    # Without these two, HTML in a file would pass through unescaped.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_LinkPolicy(md, slugs, link_for), "learn_links", 15)
    return Markup(md.convert(text))


def split_topic(text: str) -> tuple[str, str, str]:
    """(title, summary, body) of a topic file: `# Title`, a summary paragraph, then the body."""
    lines = text.lstrip("\ufeff").splitlines()
    title = ""
    if lines and lines[0].startswith("# "):
        title = lines.pop(0)[2:].strip()
    while lines and not lines[0].strip():
        lines.pop(0)
    summary_lines = []
    while lines and lines[0].strip() and not lines[0].startswith(("#", "- ")):
        summary_lines.append(lines.pop(0).strip())
    return title, " ".join(summary_lines), "\n".join(lines)


# --- topics ------------------------------------------------------------------------------

def _relative_link(slug: str) -> str:
    return slug


_TOPIC_CACHE: dict[tuple, tuple[Path, tuple[int, int], Topic]] = {}


def topic_path(root: Path, slug: str, language: str) -> tuple[Path, bool] | None:
    """The file to read for a topic and whether it is the English stand-in (None: no file)."""
    if slug not in known_slugs(root):
        return None
    if LANGUAGE.fullmatch(language):
        path = Path(root) / language / f"{slug}.md"
        if path.is_file():
            return path, False
    path = Path(root) / BASE_LANGUAGE / f"{slug}.md"
    if not path.is_file():
        return None
    return path, language != BASE_LANGUAGE


def load_topic(root: Path, slug: str, language: str,
               link_for: LinkFor = _relative_link) -> Topic | None:
    """A topic in `language`, else in English with fallback=True; None for an unknown slug.

    The slug must be listed in topics.json, so a URL can never name another file.
    `link_for(slug)` gives the URL of a topic; pass the same function each time so the cache
    can be reused.
    """
    found = topic_path(root, slug, language)
    if found is None:
        return None
    path, fallback = found
    key = (Path(root), slug, language, link_for)
    signature = _signature(path)
    cached = _TOPIC_CACHE.get(key)
    if cached and cached[0] == path and cached[1] == signature:
        return cached[2]
    title, summary, body = split_topic(path.read_text(encoding="utf-8"))
    topic = Topic(
        slug=slug, title=title or slug, summary=summary,
        html=render_markdown(body, known_slugs(root), link_for),
        language=BASE_LANGUAGE if fallback else language, fallback=fallback,
    )
    _TOPIC_CACHE[key] = (path, signature, topic)
    return topic


def topics_by_group(root: Path, language: str,
                    link_for: LinkFor = _relative_link) -> list[tuple[str, list[Topic]]]:
    """Every topic, grouped as in topics.json, groups in the order they first appear."""
    groups: dict[str, list[Topic]] = {}
    for entry in load_topics(root):
        topic = load_topic(root, entry.slug, language, link_for)
        if topic is not None:
            groups.setdefault(entry.group, []).append(topic)
    return list(groups.items())


def topic_title(slug: str, language: str, root: Path | None = None) -> str | None:
    """The title of a topic for links from other pages (None when the slug is unknown)."""
    topic = load_topic(root or content_root(), slug, language)
    return topic.title if topic else None
