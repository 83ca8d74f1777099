"""Claims, their anchors in the article, and the comments on them."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Text
from sqlmodel import Column, Field, SQLModel

from ..timeutil import utcnow

STATUSES = ("open", "in_progress", "in_review", "published", "not_checkable")
PRIORITIES = {1: "low", 2: "normal", 3: "high", 4: "urgent"}


class ClaimBase(SQLModel):
    text: str = Field(sa_column=Column(Text, nullable=False))
    claimant: str | None = Field(default=None, max_length=300)
    priority: int = 2
    due_date: date | None = None


class Claim(ClaimBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    revision_id: int | None = Field(default=None, foreign_key="article_revision.id")
    # Anchor: W3C TextPosition (start/end) + TextQuote (quote, prefix, suffix). All null for a claim
    # that does not come from the article text.
    start: int | None = None
    end: int | None = None
    quote: str | None = Field(default=None, sa_column=Column(Text))
    prefix: str | None = Field(default=None, max_length=64)
    suffix: str | None = Field(default=None, max_length=64)
    anchor_lost: bool = False  # a correction removed the quoted text: a reviewer must look
    status: str = Field(default="open", max_length=16, index=True)
    assignee_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_id: int | None = Field(default=None, foreign_key="user.id")
    version: int = 1
    # The claim's current verdict (services.claims says what that is); kept by services.workflow alone.
    # (use_alter: claim and verdict refer to each other, so this key is added after both tables exist)
    verdict_id: int | None = Field(
        default=None,
        index=True,
        sa_column_args=[ForeignKey("verdict.id", use_alter=True, name="fk_claim_verdict_id_verdict")],
    )


class Comment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    author_id: int = Field(foreign_key="user.id")
    body: str = Field(sa_column=Column(Text, nullable=False))
    kind: str = Field(default="comment", max_length=16)  # comment, return, reopen, not_checkable
    created_at: datetime = Field(default_factory=utcnow)
