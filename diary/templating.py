"""Template helpers: diary.words for Jinja, date and number filters, the kept site header."""

from __future__ import annotations

from flask_babel import get_locale

from diary import page_header, words
from diary.words.formatting import format_number


def localised_topic_title(slug: str) -> str:
    """The title of a Learn topic in the current language (English when not translated)."""
    from diary.learn.content import topic_title

    return topic_title(slug, str(get_locale()))


def init_app(app) -> None:
    """Register the helpers with Jinja: `words` for everything the analysis and codes say."""
    app.jinja_env.globals.update(
        words=words, label=words.label, duration=words.format_duration,
        yes_no=words.yes_no, medication_text=words.medication_text,
        current_language=lambda: str(get_locale()),
        current_path=page_header.current_path, site_header=page_header.site_header,
        chart_text=words.chart_text, topic_title=localised_topic_title,
    )
    # Every date and time on a page goes through diary.words.formatting (no seconds, no zone).
    app.jinja_env.filters["format_date"] = words.format_date
    app.jinja_env.filters["format_number"] = format_number
    app.jinja_env.filters["local_datetime"] = words.format_datetime
    app.jinja_env.filters["local_time"] = words.format_time
    # `{% do list.append(x) %}`: never `{% set _ = ... %}`, which hides the translation `_`.
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
