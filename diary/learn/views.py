"""Learn: the clinic's explanations about headaches, dry needling and the diary (public)."""

from flask import Blueprint, abort, render_template, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from diary.access import access
from diary.learn.content import (
    DEFAULT_CONTENT_DIR,
    content_root,
    load_topic,
    topics_by_group,
)

bp = Blueprint("learn", __name__, url_prefix="/learn")

GROUP_HEADINGS = {
    "about-headaches": _l("About headaches"),
    "dry-needling": _l("Dry needling"),
    "your-diary": _l("Your diary"),
}


@bp.record_once
def default_content_dir(state) -> None:
    """Tests point LEARN_CONTENT_DIR at a temporary folder; the app uses the packaged texts."""
    state.app.config.setdefault("LEARN_CONTENT_DIR", DEFAULT_CONTENT_DIR)


def topic_url(slug: str) -> str:
    """The page of a topic (one function object, so the topic cache can be reused)."""
    return url_for("learn.topic", slug=slug)


def current_language() -> str:
    return get_locale().language


@bp.route("/")
@access("public")
def index():
    """Every topic with its summary, under its group's heading."""
    groups = [
        (group, GROUP_HEADINGS.get(group, _l("More topics")), topics)
        for group, topics in topics_by_group(content_root(), current_language(), topic_url)
    ]
    return render_template("learn/index.html", groups=groups)


@bp.route("/<slug>")
@access("public")
def topic(slug: str):
    """One topic; unknown slugs (and anything that is not a listed slug) are a 404."""
    found = load_topic(content_root(), slug, current_language(), topic_url)
    if found is None:
        abort(404)
    return render_template("learn/topic.html", topic=found)
