"""The rating scale and verdicts. Every proposal is a row; none is overwritten, so history stays."""

from datetime import datetime
from typing import ClassVar

from sqlalchemy import Index, Text
from sqlmodel import Column, Field, SQLModel

from ..timeutil import utcnow
from .claims import MAX_COMMENT
from .fields import MAX_RATING_SLUG, InputModel, Version, text_field

MAX_RATIONALE = 20_000
MAX_REASON = 1000  # why a claim cannot be checked; why a verdict stands against its evidence
MAX_NOTE = 2000  # a correction note (reopening a published verdict)

# state of one verdict row: proposed (waiting for an editor), returned, published, superseded (a later
# correction replaced it after publication)
VERDICT_STATES = ("proposed", "returned", "published", "superseded")


class Rating(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=MAX_RATING_SLUG, unique=True)
    label: str = Field(max_length=64)
    position: int = 0  # order on the scale, 1 = first shown
    colour: str = Field(default="#777777", max_length=7)
    value: int | None = None  # ClaimReview ratingValue (1..5); None for Unproven
    is_unproven: bool = False
    description: str = Field(default="", max_length=500)


class Verdict(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    rating_id: int = Field(foreign_key="rating.id")
    rationale: str = Field(sa_column=Column(Text, nullable=False))
    state: str = Field(default="proposed", max_length=16)
    override_reason: str = Field(default="", max_length=MAX_REASON)  # why it stands against its evidence
    proposed_by_id: int = Field(foreign_key="user.id")
    proposed_at: datetime = Field(default_factory=utcnow)
    decided_by_id: int | None = Field(default=None, foreign_key="user.id")
    decided_at: datetime | None = None
    correction_note: str = Field(default="", max_length=MAX_NOTE)  # set when a published verdict is reopened


# The verdict side of the queue's filters and the dashboard (migration 0005): rating= (rating -> verdicts ->
# claim.verdict_id), published_from / published_to and the weekly / recent figures (state, decided_at).
Index("ix_verdict_rating_id", Verdict.rating_id)
Index("ix_verdict_state_decided_at", Verdict.state, Verdict.decided_at)


# --- the API's data models: the workflow moves that carry text ----------------------------------------------


class VerdictProposal(InputModel):
    """POST /claims/{id}/verdict. `override_reason` is needed only when the rating goes against all the
    evidence."""

    refusal: ClassVar[str] = "The verdict cannot be proposed"
    rating: text_field(MAX_RATING_SLUG, required=True, description="A rating slug of the desk's scale")
    rationale: text_field(MAX_RATIONALE, required=True, description="Markdown")
    override_reason: text_field(MAX_REASON) = None
    version: Version = None


class VerdictReturn(InputModel):
    """POST /claims/{id}/return: what is missing."""

    refusal: ClassVar[str] = "The verdict cannot be returned"
    comment: text_field(MAX_COMMENT, required=True)
    version: Version = None


class Reopening(InputModel):
    """POST /claims/{id}/reopen: the correction note."""

    refusal: ClassVar[str] = "The claim cannot be reopened"
    note: text_field(MAX_NOTE, required=True)
    version: Version = None


class NotCheckable(InputModel):
    """POST /claims/{id}/not-checkable: why it cannot be checked."""

    refusal: ClassVar[str] = "The claim cannot be set aside"
    reason: text_field(MAX_REASON, required=True)
    version: Version = None
