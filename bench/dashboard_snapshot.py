"""Proof that a speed-up changed nothing a reader sees: the dashboard's HTML and chart data,
the physiotherapist's copy, the PDF's HTML and the API summary, saved before and compared after.

    python bench/dashboard_snapshot.py save DIR      # before the change
    python bench/dashboard_snapshot.py compare DIR   # after it: lists every file that differs

The clock stands still at fixed moments (time_machine), so the same diaries give the same
pages on any day. Diaries: the demo patient (six months, treatment sessions), 1 and 5 years of
the benchmark's random diary, and a new account. Each is rendered fresh (no kept parts) in
English, American English and Dutch for several periods. Only the drawings' pattern ids
(`hatch-N`, numbered per process) are renumbered and the CSRF token (new for every session)
is blanked before comparing.
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import common  # bench/common.py
import time_machine

from diary.api.reads import read_summary
from diary.demo import create_demo_data
from diary.export.summary import Choices, pdf_context
from diary.extensions import db
from diary.models import User
from diary.pages.analysis import analysis_html

# A Sunday the clocks go forward in Amsterdam, and an ordinary weekday evening.
MOMENTS = (datetime(2026, 3, 29, 9, 30, tzinfo=UTC), datetime(2026, 11, 18, 20, 15, tzinfo=UTC))
PERIODS = ("period=4w", "period=3m", "period=12m", "period=custom&start={five_years}&end={today}",
           "period=custom&start={month}&end={week}", "period=custom&start=nonsense")
READERS = (("en", "en-GB,en;q=0.9"), ("en", "en-US,en;q=0.9"), ("nl", "nl"))
HATCH = re.compile(r"hatch-\d+")
# A signed CSRF token (itsdangerous: payload.timestamp.signature), new for every session.
CSRF_TOKEN = re.compile(r"\bI[\w-]{40,}\.[\w-]+\.[\w-]+")


def normalised(text: str) -> str:
    """The text with the drawings' pattern ids numbered from 1 in order of appearance and
    the CSRF token blanked."""
    ids: dict[str, str] = {}
    text = CSRF_TOKEN.sub("CSRF-TOKEN", text)
    return HATCH.sub(lambda m: ids.setdefault(m.group(0), f"hatch-{len(ids) + 1}"), text)


def diaries(now: datetime) -> list[str]:
    """Seed the diaries (their e-mail addresses, in a fixed order)."""
    demo = create_demo_data(now)
    common.seed("year@example.com", 366, diary_seed=1, commit=False)
    common.seed("five@example.com", 5 * 365 + 1, diary_seed=5, commit=False)
    common.seed("new@example.com", 0, commit=False)
    db.session.commit()
    return [demo.email, "year@example.com", "five@example.com", "new@example.com"]


def queries(today: date) -> list[str]:
    values = {"today": today, "five_years": today - timedelta(days=5 * 365),
              "month": today - timedelta(days=40), "week": today - timedelta(days=7)}
    return [p.format(**values) for p in PERIODS]


def pages(app, email: str, today: date) -> dict[str, str]:
    """name -> text of every page and part for one diary at one moment."""
    found = {}
    for language, accept in READERS:
        with app.app_context():
            user = db.session.scalar(db.select(User).where(User.email == email))
            user.language = language
            db.session.commit()
        client = app.test_client()
        client.post("/login", data={"email": email, "password": password(email)})
        for number, query in enumerate(queries(today)):
            for path in ("/dashboard", "/dashboard/data"):
                common.forget_kept_pages(app)
                response = client.get(f"{path}?{query}", headers={"Accept-Language": accept})
                assert response.status_code == 200, (path, query, response.status_code)
                found[f"{path[1:].replace('/', '-')}-{number}-{accept[:5]}"] = response.text
        found.update(parts(app, email, today, accept))
    return found


def parts(app, email: str, today: date, accept: str) -> dict[str, str]:
    """The physiotherapist's copy of the analysis, the PDF's HTML and the API summary."""
    found = {}
    start = today - timedelta(days=89)
    query = f"?start={start}&end={today}"
    with app.test_request_context(f"/{query}", headers={"Accept-Language": accept}):
        from flask import render_template
        from flask_login import login_user

        user = db.session.scalar(db.select(User).where(User.email == email))
        login_user(user)
        common.forget_kept_pages(app)
        found[f"review-{accept[:5]}"] = str(analysis_html(user, start, today, own=False))
        context = pdf_context(user, Choices(start, today))
        found[f"pdf-{accept[:5]}"] = render_template("export/summary_pdf.html", **context)
        found[f"pdf-charts-{accept[:5]}"] = "\n".join(
            f"{chart.file} {chart.title}\n{chart.svg}" for chart in context["charts"].values())
        common.forget_kept_pages(app)
        found[f"api-summary-{accept[:5]}"] = read_summary(user)[0]
    return found


def password(email: str) -> str:
    from diary.demo import DEMO_ACCOUNTS

    return {address: secret for _role, address, secret in DEMO_ACCOUNTS}.get(email,
                                                                              common.PASSWORD)


def snapshot() -> dict[str, str]:
    """Every page and part at every moment."""
    found = {}
    for moment in MOMENTS:
        with time_machine.travel(moment, tick=False):
            app = common.bench_app()
            with app.app_context():
                emails = diaries(moment)
            today = datetime.now(UTC).date()
            for number, email in enumerate(emails):
                for name, text in pages(app, email, today).items():
                    found[f"{moment:%Y%m%d}-{number}-{name}"] = normalised(text)
    return found


def main(action: str, folder: Path) -> int:
    found = snapshot()
    if action == "save":
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in found.items():
            (folder / f"{name}.txt").write_text(text)
        print(f"saved {len(found)} files in {folder}")
        return 0
    differ = [name for name, text in found.items()
              if (folder / f"{name}.txt").read_text() != text]
    missing = sorted({p.stem for p in folder.glob("*.txt")} - set(found))
    print(f"compared {len(found)} files: {len(differ)} differ, {len(missing)} missing")
    for name in differ + missing:
        print("  ", name)
    return 1 if differ or missing else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("save", "compare"):
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
