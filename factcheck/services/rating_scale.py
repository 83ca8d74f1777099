"""Admin edits to the rating scale: labels, order, colours, ClaimReview values, the one Unproven rating.

A rating's slug never changes once made (the API and CSV use it). Exactly one rating is marked unproven, and
it has no ClaimReview number; every other rating has one on 1..5. Each change writes an audit event.
"""

import re

from sqlmodel import Session, func, select

from ..errors import Invalid, NotFound
from ..models import Rating, User
from . import audit
from .ratings import list_ratings
from .roles import require_role

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_LABEL = 64
MAX_SLUG = 32
MAX_DESCRIPTION = 500
MIN_VALUE, MAX_VALUE = 1, 5


def _snapshot(rating: Rating) -> dict:
    return {
        "slug": rating.slug,
        "label": rating.label,
        "position": rating.position,
        "colour": rating.colour,
        "value": rating.value,
        "is_unproven": rating.is_unproven,
        "description": rating.description,
    }


def get_rating_by_id(session: Session, *, rating_id: int) -> Rating:
    """:raise NotFound: no such rating."""
    rating = session.get(Rating, rating_id)
    if rating is None:
        raise NotFound(f"There is no rating {rating_id}.")
    return rating


def _check(
    session: Session,
    *,
    label: str,
    colour: str,
    value: int | None,
    description: str,
    unproven: bool,
    rating_id: int | None,
) -> dict[str, str]:
    fields: dict[str, str] = {}
    if not label:
        fields["label"] = "required"
    elif len(label) > MAX_LABEL:
        fields["label"] = f"at most {MAX_LABEL} characters"
    else:
        same = session.exec(select(Rating.id).where(func.lower(Rating.label) == label.lower())).all()
        if any(other != rating_id for other in same):
            fields["label"] = "another rating has this label"
    if not isinstance(colour, str) or not COLOUR.fullmatch(colour):
        fields["colour"] = "a colour as #rrggbb"
    if unproven:
        if value is not None:
            fields["value"] = "the unproven rating has no ClaimReview number"
    elif isinstance(value, bool) or not isinstance(value, int) or not MIN_VALUE <= value <= MAX_VALUE:
        fields["value"] = f"a whole number from {MIN_VALUE} (worst) to {MAX_VALUE} (best)"
    if len(description) > MAX_DESCRIPTION:
        fields["description"] = f"at most {MAX_DESCRIPTION} characters"
    return fields


def _refuse(fields: dict[str, str], what: str) -> None:
    if fields:
        raise Invalid(f"{what}: " + "; ".join(f"{k}: {v}" for k, v in fields.items()), fields=fields)


def update_rating(
    session: Session,
    *,
    rating_id: int,
    actor: User,
    label: str,
    colour: str,
    value: int | None,
    description: str = "",
) -> Rating:
    """Change a rating's label, colour, ClaimReview value and description (not its slug or place).

    :raise NotFound: no such rating.
    :raise Invalid: empty or duplicate label, a colour not #rrggbb, a value outside 1..5 (or any value on the
        unproven rating), a description too long.
    """
    require_role(actor, "admin", "change the rating scale")
    rating = get_rating_by_id(session, rating_id=rating_id)
    label, description = (label or "").strip(), (description or "").strip()
    fields = _check(
        session,
        label=label,
        colour=colour,
        value=value,
        description=description,
        unproven=rating.is_unproven,
        rating_id=rating.id,
    )
    _refuse(fields, "The rating cannot be saved")
    before = _snapshot(rating)
    rating.label, rating.colour, rating.value = label, colour.lower(), value
    rating.description = description
    after = _snapshot(rating)
    if before != after:
        audit.record(
            session,
            actor=actor,
            action="rating.update",
            object_type="rating",
            object_id=rating.id,
            before=before,
            after=after,
        )
    session.commit()
    return rating


def add_rating(
    session: Session,
    *,
    actor: User,
    slug: str,
    label: str,
    colour: str,
    value: int,
    description: str = "",
) -> Rating:
    """Add a rating at the end of the scale (never as the unproven one: there is exactly one).

    :raise Invalid: a slug that is not lowercase-words-with-hyphens or already used, or any of update_rating's
        reasons.
    """
    require_role(actor, "admin", "change the rating scale")
    slug, label, description = (slug or "").strip(), (label or "").strip(), (description or "").strip()
    fields = _check(
        session,
        label=label,
        colour=colour,
        value=value,
        description=description,
        unproven=False,
        rating_id=None,
    )
    if not slug or len(slug) > MAX_SLUG or not SLUG.fullmatch(slug):
        fields["slug"] = f"lowercase letters, digits and hyphens, at most {MAX_SLUG} characters"
    elif session.exec(select(Rating.id).where(Rating.slug == slug)).first() is not None:
        fields["slug"] = "another rating has this slug"
    _refuse(fields, "The rating cannot be added")
    last = session.exec(select(func.max(Rating.position))).one() or 0
    rating = Rating(
        slug=slug,
        label=label,
        colour=colour.lower(),
        value=value,
        description=description,
        position=last + 1,
        is_unproven=False,
    )
    session.add(rating)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="rating.create",
        object_type="rating",
        object_id=rating.id,
        after=_snapshot(rating),
    )
    session.commit()
    return rating


def move_rating(session: Session, *, rating_id: int, direction: str, actor: User) -> list[Rating]:
    """Move a rating one place up or down the scale; positions become 1..n. Returns the scale in order.

    :raise NotFound: no such rating.
    :raise Invalid: direction is not "up" or "down".
    """
    require_role(actor, "admin", "change the rating scale")
    if direction not in ("up", "down"):
        raise Invalid("Move a rating up or down.", fields={"direction": "up or down"})
    rating = get_rating_by_id(session, rating_id=rating_id)
    scale = list_ratings(session)
    before = [r.slug for r in scale]
    index = next(i for i, r in enumerate(scale) if r.id == rating.id)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(scale):
        scale[index], scale[other] = scale[other], scale[index]
    for position, item in enumerate(scale, start=1):
        item.position = position
    after = [r.slug for r in scale]
    if before != after:
        audit.record(
            session,
            actor=actor,
            action="rating.reorder",
            object_type="rating",
            object_id=rating.id,
            before={"order": before},
            after={"order": after},
        )
    session.commit()
    return scale


def set_unproven(session: Session, *, rating_id: int, actor: User, former_value: int | None = None) -> Rating:
    """Mark this rating as the unproven one (its ClaimReview number is dropped). The rating that was unproven
    until now becomes an ordinary rating with ClaimReview number `former_value`.

    :raise NotFound: no such rating.
    :raise Invalid: another rating is unproven now and former_value is not a whole number on 1..5.
    """
    require_role(actor, "admin", "change the rating scale")
    rating = get_rating_by_id(session, rating_id=rating_id)
    if rating.is_unproven:
        return rating
    former = session.exec(select(Rating).where(Rating.is_unproven, Rating.id != rating.id)).all()
    if former and (
        isinstance(former_value, bool)
        or not isinstance(former_value, int)
        or not MIN_VALUE <= former_value <= MAX_VALUE
    ):
        names = ", ".join(r.label for r in former)
        raise Invalid(
            f"{names} stops being the unproven rating and needs a ClaimReview number from 1 to 5.",
            fields={"former_value": f"a whole number from {MIN_VALUE} to {MAX_VALUE}"},
        )
    before = {"unproven": [r.slug for r in former], "value": rating.value}
    for other in former:
        other.is_unproven, other.value = False, former_value
    rating.is_unproven, rating.value = True, None
    audit.record(
        session,
        actor=actor,
        action="rating.unproven",
        object_type="rating",
        object_id=rating.id,
        before=before,
        after={"unproven": [rating.slug], "former_value": former_value},
    )
    session.commit()
    return rating
