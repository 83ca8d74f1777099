"""The rating scale and verdicts. Every proposal is a row; none is overwritten, so history stays."""

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Column, Field, SQLModel

from ..timeutil import utcnow

# state of one verdict row: proposed (waiting for an editor), returned, published, superseded (a later
# correction replaced it after publication)
VERDICT_STATES = ("proposed", "returned", "published", "superseded")


class Rating(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=32, unique=True)
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
    override_reason: str = Field(default="", max_length=1000)  # why it stands against its evidence
    proposed_by_id: int = Field(foreign_key="user.id")
    proposed_at: datetime = Field(default_factory=utcnow)
    decided_by_id: int | None = Field(default=None, foreign_key="user.id")
    decided_at: datetime | None = None
    correction_note: str = Field(default="", max_length=2000)  # set when a published verdict is reopened
