"""Figures for the editors' dashboard: where the claims stand, what was published, who carries what."""

import statistics
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from ..models import STATUSES, Claim, Rating, User, Verdict
from ..timeutil import utcnow

WEEKS_SHOWN = 12
RECENT_DAYS = 30
WORKING_ROLES = ("reviewer", "editor", "admin")


@dataclass
class Bar:
    """One bar of a chart: its label, number, and colour (#rrggbb)."""

    label: str
    value: int
    colour: str = "#0b5cad"
    key: str = ""


@dataclass
class Workload:
    """One team member's load: claims held now, awaiting an editor, published and approved lately."""

    username: str
    name: str
    in_progress: int = 0
    in_review: int = 0
    published_recently: int = 0
    approved_recently: int = 0

    @property
    def total_open(self) -> int:
        return self.in_progress + self.in_review


@dataclass
class Dashboard:
    by_status: list[Bar] = field(default_factory=list)
    by_rating: list[Bar] = field(default_factory=list)
    per_week: list[Bar] = field(default_factory=list)
    median_hours_to_publish: float | None = None
    published_total: int = 0
    workload: list[Workload] = field(default_factory=list)


STATUS_COLOURS = {
    "open": "#6e7781",
    "in_progress": "#0b5cad",
    "in_review": "#9a6700",
    "published": "#1a7f37",
    "not_checkable": "#8250df",
}


def claims_by_status(session: Session) -> list[Bar]:
    """How many claims are in each status, in lifecycle order (zeros included)."""
    counts = dict(session.exec(select(Claim.status, func.count()).group_by(Claim.status)).all())
    return [
        Bar(status.replace("_", " "), counts.get(status, 0), STATUS_COLOURS[status], status)
        for status in STATUSES
    ]


def claims_by_rating(session: Session) -> list[Bar]:
    """Published claims per rating of their current verdict, in the scale's order (zeros included)."""
    counts = dict(
        session.exec(
            select(Verdict.rating_id, func.count())
            .select_from(Claim)
            .join(Verdict, Verdict.id == Claim.verdict_id)
            .where(Claim.status == "published", Verdict.state == "published")
            .group_by(Verdict.rating_id)
        ).all()
    )
    ratings = session.exec(select(Rating).order_by(Rating.position, Rating.id)).all()
    return [Bar(r.label, counts.get(r.id, 0), r.colour, r.slug) for r in ratings]


def week_start(moment: datetime) -> datetime:
    """Monday 00:00 UTC of the week that contains `moment`."""
    day = moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def published_per_week(
    session: Session, *, weeks: int = WEEKS_SHOWN, now: datetime | None = None
) -> list[Bar]:
    """Verdicts published in each of the last `weeks` weeks (Monday to Sunday, UTC), oldest first.

    A verdict later superseded by a correction still counts in the week it was published.
    """
    first = week_start(now or utcnow()) - timedelta(weeks=weeks - 1)
    times = session.exec(
        select(Verdict.decided_at).where(
            Verdict.state.in_(("published", "superseded")), Verdict.decided_at >= first
        )
    ).all()
    counts = [0] * weeks
    for moment in times:
        index = (week_start(moment) - first).days // 7
        if 0 <= index < weeks:
            counts[index] += 1
    return [
        Bar(
            (first + timedelta(weeks=i)).strftime("%d %b"),
            n,
            key=(first + timedelta(weeks=i)).date().isoformat(),
        )
        for i, n in enumerate(counts)
    ]


def median_hours_to_publish(session: Session) -> tuple[float | None, int]:
    """The median time from a claim's creation (opened) to its publication, in hours, over the claims that
    are published now; and how many that is. None when nothing is published.

    Worked out in the database: it counts the claims, sorts them by that time and sends back only the one
    or two in the middle (their hours are then computed here exactly, as before), instead of every pair.
    """
    published = (
        Claim.status == "published",
        Verdict.state == "published",
        Verdict.decided_at.is_not(None),
        Claim.created_at.is_not(None),
    )
    count = session.exec(
        select(func.count())
        .select_from(Claim)
        .join(Verdict, Verdict.id == Claim.verdict_id)
        .where(*published)
    ).one()
    if not count:
        return None, 0
    if session.get_bind().dialect.name == "sqlite":  # stored as text: compare as Julian days
        gap = func.julianday(Verdict.decided_at) - func.julianday(Claim.created_at)
    else:
        gap = Verdict.decided_at - Claim.created_at
    middle = session.exec(
        select(Claim.created_at, Verdict.decided_at)
        .join(Verdict, Verdict.id == Claim.verdict_id)
        .where(*published)
        .order_by(gap, Claim.id)
        .offset((count - 1) // 2)
        .limit(2 - count % 2)
    ).all()
    hours = [(decided - created).total_seconds() / 3600 for created, decided in middle]
    return statistics.median(hours), count


def reviewer_workload(
    session: Session, *, days: int = RECENT_DAYS, now: datetime | None = None
) -> list[Workload]:
    """Per active reviewer, editor and admin: claims they hold (in progress), claims of theirs waiting for an
    editor (in review), verdicts of theirs published and verdicts they approved in the last `days` days."""
    people = session.exec(
        select(User).where(User.active, User.role.in_(WORKING_ROLES)).order_by(User.username)
    ).all()
    load = {user.id: Workload(user.username, user.name) for user in people}
    held = session.exec(
        select(Claim.assignee_id, Claim.status, func.count())
        .where(Claim.assignee_id.is_not(None), Claim.status.in_(("in_progress", "in_review")))
        .group_by(Claim.assignee_id, Claim.status)
    ).all()
    for user_id, status, count in held:
        if user_id in load:
            setattr(load[user_id], status, count)
    since = (now or utcnow()) - timedelta(days=days)
    recent = Verdict.state.in_(("published", "superseded")), Verdict.decided_at >= since
    for column, attribute in (
        (Verdict.proposed_by_id, "published_recently"),
        (Verdict.decided_by_id, "approved_recently"),
    ):
        for user_id, count in session.exec(
            select(column, func.count()).where(*recent).group_by(column)
        ).all():
            if user_id in load:
                setattr(load[user_id], attribute, count)
    return list(load.values())


def dashboard(session: Session, *, now: datetime | None = None) -> Dashboard:
    """Everything the dashboard shows, computed in a handful of aggregate queries."""
    median, published = median_hours_to_publish(session)
    return Dashboard(
        by_status=claims_by_status(session),
        by_rating=claims_by_rating(session),
        per_week=published_per_week(session, now=now),
        median_hours_to_publish=median,
        published_total=published,
        workload=reviewer_workload(session, now=now),
    )
