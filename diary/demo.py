"""A realistic demo diary: six months of a patient with tension-type-like and migraine-like days.

Deterministic (seeded) so screenshots and demos look the same every time, on any date: the
random draws and the menstrual cycle follow the day's place in the diary (days before today),
never the calendar, so the number of episodes, treatments and what the pages show do not
depend on the weekday or the month the demo is loaded on. The patient works shifts: her work
days are drawn, not Monday to Friday.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from diary.extensions import db
from diary.models import (
    AuraSymptom,
    CareLink,
    CheckIn,
    ClinicalNote,
    Episode,
    EpisodeTrigger,
    MedicationIntake,
    TreatmentSession,
    User,
    utcnow,
)
from diary.services.accounts import hash_password
from diary.services.totp import code_at, grouped

DEMO_ACCOUNTS = (
    ("patient", "patient@example.com", "demo-patient-2026"),
    ("physiotherapist", "physio@example.com", "demo-physio-2026"),
)
# The demo physiotherapist's authenticator-app key: public on purpose, so anyone trying the app
# can log in with `make demo-code` instead of an app. Never used for a real account.
DEMO_TOTP_SECRET = "HEADACHEDIARYDEMOPHYSIOTWOSTEPKY"
DEMO_DAYS = 183
ZONE = ZoneInfo("Europe/Amsterdam")
CYCLE_DAYS = 28
DEMO_SEED = 2038  # chosen for a busy diary with two quick logs still to complete
WORK_DAY_CHANCE = 5 / 7


def create_demo_data(now: datetime | None = None) -> User:
    """Add the demo physiotherapist and patient with her diary to the session (no commit).

    The diary runs up to yesterday in the patient's zone (`now` defaults to the clock)."""
    rng = random.Random(DEMO_SEED)
    now = now or datetime.now(UTC)
    today = now.astimezone(ZONE).date()
    physio = User(email=DEMO_ACCOUNTS[1][1], name="Pieter Jansen", role="physio", language="nl",
                  password_hash=hash_password(DEMO_ACCOUNTS[1][2]))
    patient = User(email=DEMO_ACCOUNTS[0][1], name="Sanne de Vries", role="patient",
                   language="en", password_hash=hash_password(DEMO_ACCOUNTS[0][2]))
    enrol_demo_physio(physio)
    db.session.add_all([physio, patient])
    for days_ago in range(DEMO_DAYS - 1, 0, -1):  # today is left for the visitor to fill in
        add_demo_day(patient, today - timedelta(days=days_ago), days_ago, rng)
    end_by_now(patient.episodes, now)
    answer_daily_life(patient.episodes, random.Random(DEMO_SEED + 1))
    add_demo_care(patient, physio, today)
    return patient


def end_by_now(episodes: list[Episode], now: datetime) -> None:
    """Yesterday's long migraine may reach into the future; the diary never does."""
    for episode in episodes:
        episode.ended_at = min(episode.ended_at, now)
        for intake in episode.medications:
            intake.taken_at = min(intake.taken_at, now)


def add_demo_care(patient: User, physio: User, today: date) -> None:
    """The patient shares her diary with the physiotherapist, who treated her three times."""
    db.session.flush()  # ids for the links below
    first_visit = today - timedelta(days=70)
    db.session.add(CareLink(patient_id=patient.id, physio_id=physio.id,
                            granted_at=at(first_visit - timedelta(days=1), 20)))
    for weeks, kind, muscles in ((0, "dry_needling", ["upper_trapezius", "suboccipitals"]),
                                 (2, "dry_needling", ["upper_trapezius", "levator_scapulae"]),
                                 (4, "exercise_therapy", [])):
        db.session.add(TreatmentSession(
            patient_id=patient.id, physio_id=physio.id, physio_name=physio.name,
            day=first_visit + timedelta(weeks=weeks), kind=kind, muscles=muscles))
    db.session.add(ClinicalNote(
        patient_id=patient.id, author_id=physio.id, author_name=physio.name,
        created_at=at(first_visit, 11),
        body="Active trigger points in both upper trapezius muscles and the suboccipitals; "
             "they reproduce the familiar headache. Plan: dry needling every two weeks and "
             "neck exercises at home. Please keep filling in the diary."))


def enrol_demo_physio(physio: User) -> None:
    """Two-step verification on with the demo key (physiotherapists must have it)."""
    physio.totp_secret = DEMO_TOTP_SECRET
    physio.totp_enabled_at = utcnow()
    physio.totp_last_step = None


def demo_physio() -> User | None:
    return db.session.scalar(sa.select(User).where(
        User.email == DEMO_ACCOUNTS[1][1], User.role == "physio"))


def demo_physio_code(moment: datetime | None = None) -> str | None:
    """The demo physiotherapist's current code; None unless that account uses the demo key."""
    physio = demo_physio()
    if physio is None or physio.totp_secret != DEMO_TOTP_SECRET:
        return None
    return code_at(DEMO_TOTP_SECRET, moment or datetime.now(UTC))


def demo_key_for_display() -> str:
    return grouped(DEMO_TOTP_SECRET)


def add_demo_day(patient: User, day: date, days_ago: int, rng: random.Random) -> None:
    """One day: sometimes unrecorded, else a check-in with factors and maybe an episode."""
    if rng.random() < 0.07:
        return  # a day the patient forgot
    cycle_day = (DEMO_DAYS - days_ago) % CYCLE_DAYS + 1
    menstruation = cycle_day <= 5
    work_day = rng.random() < WORK_DAY_CHANCE
    stress = min(10, max(0, round(rng.gauss(5 if work_day else 3, 2))))
    screen = round(max(0.0, rng.gauss(7 if work_day else 3, 1.5)), 1)
    posture = work_day and screen > 6.5
    kind = pick_episode_kind(rng, menstruation or cycle_day >= 27, stress, posture)
    patient.check_ins.append(CheckIn(
        day=day, headache_free=kind is None, stress=stress, screen_hours=screen,
        sleep_hours=round(rng.uniform(5.5, 8.5), 1), menstruation=menstruation,
        posture=posture, created_at=at(day, 21)))  # written down that evening, not late
    if kind == "migraine":
        patient.episodes.append(migraine_episode(day, rng))
    elif kind == "tension":
        patient.episodes.append(tension_episode(day, rng, posture, stress))
    if kind:
        patient.episodes[-1].created_at = at(day, 21)
    if kind and days_ago <= 3 and rng.random() < 0.5:
        make_incomplete(patient.episodes[-1])


def pick_episode_kind(rng: random.Random, near_period: bool, stress: int, posture: bool):
    """Migraine-like attacks cluster around the period; tension-type-like with work days."""
    if rng.random() < (0.30 if near_period else 0.035):
        return "migraine"
    chance = 0.12 + (0.12 if posture else 0) + (0.10 if stress >= 7 else 0)
    return "tension" if rng.random() < chance else None


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


def migraine_episode(day: date, rng: random.Random) -> Episode:
    start = at(day, rng.choice([5, 6, 7, 14, 16]), rng.choice([0, 15, 30, 45]))
    episode = Episode(
        started_at=start, ended_at=start + timedelta(hours=rng.uniform(6, 26)),
        intensity=rng.choice([6, 7, 7, 8, 8, 9]), side=rng.choice(["left", "left", "right"]),
        locations=["temples", "behind_eyes"], quality="pulsating", worse_with_activity=True,
        nausea=rng.random() < 0.8, vomiting=rng.random() < 0.2, light_sensitivity=True,
        sound_sensitivity=rng.random() < 0.8, aura=rng.random() < 0.15,
        neck_pain=rng.random() < 0.5, neck_onset=False, sudden_onset=False, fever=False,
        neuro_symptoms=False)
    if episode.aura:
        episode.aura_types = ["visual"]
        episode.aura_minutes = rng.choice([15, 20, 30])
        episode.aura_symptoms = [AuraSymptom(kind="visual", minutes=episode.aura_minutes)]
        episode.aura_gradual = episode.aura_positive = episode.aura_one_sided = True
        episode.aura_headache_within_60 = True
    episode.triggers = [EpisodeTrigger(trigger=t) for t in
                        rng.sample(["hormones", "sleep", "weather", "food"], 2)]
    if rng.random() < 0.7:
        episode.medications = [MedicationIntake(
            name="Sumatriptan", drug_class="triptan", dose="50 mg",
            taken_at=start + timedelta(hours=1), effect=rng.choice(["good", "good", "some"]))]
    return episode


def tension_episode(day: date, rng: random.Random, posture: bool, stress: int) -> Episode:
    start = at(day, rng.choice([10, 11, 13, 15, 16, 17]), rng.choice([0, 20, 40]))
    episode = Episode(
        started_at=start, ended_at=start + timedelta(minutes=rng.randint(45, 420)),
        intensity=rng.choice([2, 3, 3, 4, 4, 5, 6]), side="both",
        locations=rng.sample(["forehead", "temples", "back_of_head", "neck"], 2),
        quality="pressing", worse_with_activity=False, nausea=False, vomiting=False,
        light_sensitivity=rng.random() < 0.2, sound_sensitivity=False, aura=False,
        neck_pain=rng.random() < 0.7, neck_onset=rng.random() < 0.4, sudden_onset=False,
        fever=False, neuro_symptoms=False)
    triggers = (["posture", "screen"] if posture else []) + (["stress"] if stress >= 6 else [])
    episode.triggers = [EpisodeTrigger(trigger=t) for t in triggers]
    if rng.random() < 0.35:
        drug = rng.choice([("Paracetamol", "paracetamol", "1000 mg"),
                           ("Ibuprofen", "nsaid", "400 mg")])
        episode.medications = [MedicationIntake(
            name=drug[0], drug_class=drug[1], dose=drug[2],
            taken_at=start + timedelta(minutes=30), effect=rng.choice(["some", "good", "none"]))]
    return episode


def answer_daily_life(episodes: list[Episode], rng: random.Random) -> None:
    """How the headaches got in the way of work and daily life (ICHD disability questions):
    migraine-like attacks often, tension-type-like ones seldom. Its own random stream, so the
    diary itself stays the same; quick logs not yet completed stay unanswered."""
    for episode in episodes:
        if episode.quality is None:
            continue
        severe = episode.quality == "pulsating"
        episode.missed_work = rng.random() < (0.35 if severe else 0.03)
        episode.halved_work = not episode.missed_work and rng.random() < (0.4 if severe else 0.2)
        episode.missed_activities = rng.random() < (0.5 if severe else 0.1)


def make_incomplete(episode: Episode) -> None:
    """As if logged with the two-tap quick log and not yet completed."""
    for name in ("side", "quality", "worse_with_activity", "nausea", "vomiting",
                 "light_sensitivity", "sound_sensitivity", "aura", "neck_pain"):
        setattr(episode, name, None)
    episode.triggers = []
