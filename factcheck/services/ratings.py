"""The desk's rating scale."""

from sqlmodel import Session, select

from ..models import Rating

DEFAULT_SCALE = [
    # slug, label, ClaimReview value, colour, description
    ("true", "True", 5, "#1a7f37", "Accurate, nothing significant missing."),
    ("mostly-true", "Mostly true", 4, "#4d9a2a", "Accurate but needs clarification or context."),
    ("misleading", "Misleading", 3, "#bf8700", "Contains truth but gives a wrong impression."),
    ("mostly-false", "Mostly false", 2, "#d4580b", "Some truth, but the core is wrong."),
    ("false", "False", 1, "#cf222e", "Not accurate."),
    ("unproven", "Unproven", None, "#6e7781", "Not enough evidence to rate."),
]


def ensure_default_scale(session: Session) -> None:
    """Create the default rating scale when the desk has none (idempotent)."""
    if session.exec(select(Rating)).first() is not None:
        return
    for position, (slug, label, value, colour, description) in enumerate(DEFAULT_SCALE, start=1):
        session.add(
            Rating(
                slug=slug,
                label=label,
                value=value,
                colour=colour,
                description=description,
                position=position,
                is_unproven=value is None,
            )
        )
    session.commit()


def list_ratings(session: Session) -> list[Rating]:
    """The scale in its order."""
    return list(session.exec(select(Rating).order_by(Rating.position, Rating.id)).all())


def get_rating(session: Session, *, slug: str) -> Rating | None:
    return session.exec(select(Rating).where(Rating.slug == slug)).first()
