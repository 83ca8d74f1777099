"""Figures for the editors' dashboard: where the claims stand, what was published, who carries what."""

import statistics
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, func
from sqlmodel import Session, select

from ..models import STATUSES, Claim, Rating, User, Verdict
from ..timeutil import utcnow
from .claim_filters import ClaimFilters
from .queue import status_counts

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
    """How many claims are in each status, in lifecycle order (zeros included): the counts the database
    keeps (services.queue.status_counts, migration 0010), not a GROUP BY over the archive."""
    counts = status_counts(session, filters=ClaimFilters())
    return [
        Bar(status.replace("_", " "), counts.get(status, 0), STATUS_COLOURS[status], status)
        for status in STATUSES
    ]


def claims_by_rating(session: Session) -> list[Bar]:
    """Published claims per rating of their current verdict, in the scale's order (zeros included).

    A claim is counted while its current verdict is published: `claim.hours_to_publish` is set then and only
    then (services.workflow.settle_current_verdict), and its index carries the rating, so this is one index
    range, however large the archive.
    """
    counts = dict(
        session.exec(
            select(Claim.rating_id, func.count())
            .where(Claim.hours_to_publish.is_not(None))
            .group_by(Claim.rating_id)
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
    # each verdict's week as a number 0..weeks-1, worked out in the database: a few rows come back, not one per
    # verdict (the state and decided_at range is one index range: ix_verdict_state_decided_at)
    week = case(
        *((Verdict.decided_at < first + timedelta(weeks=i + 1), i) for i in range(weeks - 1)), else_=weeks - 1
    )
    counts = [0] * weeks
    for index, count in session.exec(
        select(week, func.count())
        .where(
            Verdict.state.in_(("published", "superseded")),
            Verdict.decided_at >= first,
            Verdict.decided_at < first + timedelta(weeks=weeks),
        )
        .group_by(week)
    ).all():
        counts[index] = count
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

    `claim.hours_to_publish` holds that time while the claim's current verdict is published (kept by
    services.workflow.settle_current_verdict) and is indexed: the database counts the index entries and sends
    back only the one or two in the middle.
    """
    published = Claim.hours_to_publish.is_not(None)
    count = session.exec(select(func.count(Claim.hours_to_publish)).where(published)).one()
    if not count:
        return None, 0
    middle = session.exec(
        select(Claim.hours_to_publish)
        .where(published)
        .order_by(Claim.hours_to_publish)
        .offset((count - 1) // 2)
        .limit(2 - count % 2)
    ).all()
    return statistics.median(middle), count


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
