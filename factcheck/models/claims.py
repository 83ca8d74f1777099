"""Claims, their anchors in the article, and the comments on them."""

from datetime import date, datetime
from typing import Any, ClassVar, Literal

from sqlalchemy import ForeignKey, Index, Text, and_
from sqlmodel import Column, Field, SQLModel

from ..timeutil import utcnow
from .fields import MAX_USERNAME, Count, Id, InputModel, OutputModel, Version, one_of, text_field
from .sources import EvidencePublic

STATUSES = ("open", "in_progress", "in_review", "published", "not_checkable")
# a claim past its due date is overdue only while in these
ACTIVE_STATUSES = ("open", "in_progress", "in_review")
PRIORITIES = {1: "low", 2: "normal", 3: "high", 4: "urgent"}
DEFAULT_PRIORITY = 2  # a new claim's; any other is an editor's planning
MAX_CLAIM_TEXT = 2000
MAX_CLAIMANT = 300
MAX_COMMENT = 5000


class ClaimBase(SQLModel):
    text: str = Field(sa_column=Column(Text, nullable=False))
    claimant: str | None = Field(default=None, max_length=MAX_CLAIMANT)
    priority: int = DEFAULT_PRIORITY
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
    # "Same as #812": an editor linked this claim to an earlier one whose verdict answers it (services.similar;
    # migration 0007). The queue's take-next skips a claim linked to one already being worked on.
    same_as_id: int | None = Field(
        default=None,
        index=True,
        sa_column_args=[ForeignKey("claim.id", name="fk_claim_same_as_id_claim")],
    )
    # The current verdict's figures the queue filters and the dashboard count by, copied onto the claim so that
    # they are read off an index instead of a join over the archive; kept with verdict_id by the same writer.
    rating_id: int | None = Field(default=None, foreign_key="rating.id")
    published_at: datetime | None = None  # when the current verdict was published (None unless published)
    hours_to_publish: float | None = None  # published_at - created_at in hours (None unless published)


# The queue's default order (services.queue SORTS["priority"]: priority desc, created_at, id) as it is, for the
# unfiltered queue and the claim screen's previous / next, and within a status; the due-date filters and sort.
# (migration 0005)
Index("ix_claim_queue_order", Claim.priority.desc(), Claim.created_at, Claim.id)
Index("ix_claim_status_queue_order", Claim.status, Claim.priority.desc(), Claim.created_at, Claim.id)
Index("ix_claim_due_date", Claim.due_date)
# The rating filter in queue order; the dashboard's published claims by rating and median time to publish; the
# published_from / published_to filters. (migration 0008)
Index("ix_claim_rating_queue_order", Claim.rating_id, Claim.priority.desc(), Claim.created_at, Claim.id)
Index("ix_claim_hours_to_publish", Claim.hours_to_publish)
Index(
    "ix_claim_published_rating",
    Claim.rating_id,
    sqlite_where=Claim.hours_to_publish.is_not(None),
    postgresql_where=Claim.hours_to_publish.is_not(None),
)
# The rating filter's count per status; the dashboard's workload (claims held per person and status); the
# overdue filter (due date within the active statuses, carrying the queue order's columns).
Index("ix_claim_rating_status", Claim.rating_id, Claim.status)
Index("ix_claim_status_assignee", Claim.status, Claim.assignee_id)
Index("ix_claim_status_due", Claim.status, Claim.due_date, Claim.priority, Claim.created_at)
Index("ix_claim_published_at", Claim.published_at)
# The assignee filter and "My claims" in queue order: the held claims' ids in order off the index, where the
# assignee's index gave them unordered and every one was read from the table to be sorted (migration 0010).
Index("ix_claim_assignee_queue_order", Claim.assignee_id, Claim.priority.desc(), Claim.created_at, Claim.id)
# The overdue filter in queue order: only the claims that can be overdue (a due date, an active status), with the
# due date and status to check on the index; the filter writes its statuses as literals, which SQLite needs to
# see that its WHERE implies this one (migration 0011).
_CAN_BE_OVERDUE = and_(Claim.due_date.is_not(None), Claim.status.in_(ACTIVE_STATUSES))
Index(
    "ix_claim_overdue_queue_order",
    Claim.priority.desc(),
    Claim.created_at,
    Claim.id,
    Claim.due_date,
    Claim.status,
    sqlite_where=_CAN_BE_OVERDUE,
    postgresql_where=_CAN_BE_OVERDUE,
)


class Comment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    author_id: int = Field(foreign_key="user.id")
    body: str = Field(sa_column=Column(Text, nullable=False))
    kind: str = Field(default="comment", max_length=16)  # comment, return, reopen, not_checkable
    created_at: datetime = Field(default_factory=utcnow)


# --- the API's data models -----------------------------------------------------------------------------------

Status = Literal[STATUSES]
Priority = one_of(PRIORITIES, PRIORITIES)
Username = text_field(MAX_USERNAME)


class ClaimCreate(InputModel):
    """POST /articles/{id}/claims. `start`/`end`: the claim's anchor, character offsets in the article's current
    text (both or neither)."""

    refusal: ClassVar[str] = "The claim cannot be added"
    text: text_field(MAX_CLAIM_TEXT, required=True)
    start: Count | None = None
    end: Count | None = None
    claimant: text_field(MAX_CLAIMANT) | None = None
    priority: Priority = DEFAULT_PRIORITY


class ClaimUpdate(InputModel):
    """PATCH /claims/{id}: only the fields given change. `assignee` null or "" releases the claim."""

    refusal: ClassVar[str] = "The claim cannot be saved"
    version: Version
    text: text_field(MAX_CLAIM_TEXT, required=True) = None
    claimant: text_field(MAX_CLAIMANT) | None = None
    priority: Priority = None
    assignee: Username | None = None


class Move(InputModel):
    """The optional body of take, release and approve."""

    refusal: ClassVar[str] = "The claim cannot be moved"
    version: Version = None


class Assignment(InputModel):
    refusal: ClassVar[str] = "The claim cannot be assigned"
    assignee: text_field(
        MAX_USERNAME, required=True, description="An active reviewer's, editor's or admin's username"
    )
    version: Version = None


class CommentCreate(InputModel):
    refusal: ClassVar[str] = "The comment cannot be added"
    body: text_field(MAX_COMMENT, required=True, description="Markdown")


class ReturnedPublic(OutputModel):
    """Why an editor returned the claim's last proposal (while it is returned)."""

    reason: str
    by: str | None
    at: datetime | None


class ClaimPublic(OutputModel):
    """A claim. `rating`, `rationale`, `proposed_by` and `approved_by` describe its current verdict."""

    id: Id
    article_id: Id
    text: str
    start: Count | None
    end: Count | None
    quote: str | None
    claimant: str | None
    status: Status
    priority: Priority
    due_date: date | None
    assignee: str | None
    rating: str | None
    rationale: str | None
    proposed_by: str | None
    approved_by: str | None
    returned: ReturnedPublic | None
    anchor_lost: bool
    version: Id
    created_at: datetime
    updated_at: datetime
    evidence: list[EvidencePublic]


class ClaimPage(OutputModel):
    """GET /claims: one page of the queue, and how many claims of each status the other filters keep."""

    items: list[ClaimPublic]
    total: Count
    page: Id
    per_page: Id
    counts: dict[Status, Count]


class CommentPublic(OutputModel):
    id: Id
    claim_id: Id
    author: str | None
    kind: Literal["comment", "return", "reopen", "not_checkable"]
    body: str
    created_at: datetime


class HistoryEvent(OutputModel):
    """One entry of a claim's append-only history; `before`/`after` hold what changed."""

    at: datetime
    actor: str | None
    action: str
    object_type: str
    object_id: Id | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class History(OutputModel):
    events: list[HistoryEvent]
