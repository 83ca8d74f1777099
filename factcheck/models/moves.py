"""What the desk keeps about moves beyond the history: idempotency keys (a retried move answers its first
result) and the inbox's notifications (an assignment, a return, a mention)."""

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import Field as DataField
from pydantic import StrictBool
from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from ..timeutil import utcnow
from .fields import Count, Id, InputModel, OutputModel

NOTIFICATION_KINDS = ("assigned", "returned", "approved", "mention", "reopened")
MAX_IDEMPOTENCY_KEY = 200
MAX_INBOX_PER_PAGE = 100
MAX_MARK_READ = 1000  # notification ids in one "mark read" request


class IdempotencyKey(SQLModel, table=True):
    """A move's first answer, stored in the move's own transaction: if the move committed, so did this row."""

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_idempotency_key_user_key"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    key: str = Field(max_length=MAX_IDEMPOTENCY_KEY)
    method: str = Field(max_length=8)
    path: str = Field(max_length=500)
    request_hash: str = Field(max_length=64)  # sha256 of method, path and body: the same key with another
    status_code: int  # request is refused
    response_body: str | None = Field(default=None, sa_column=Column(Text))
    content_type: str | None = Field(default=None, max_length=100)
    location: str | None = Field(default=None, max_length=500)  # where a form's move redirected to
    created_at: datetime = Field(default_factory=utcnow, index=True)


class Notification(SQLModel, table=True):
    """One line of a team member's inbox."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")  # who is told
    kind: str = Field(max_length=16)
    claim_id: int | None = Field(default=None, foreign_key="claim.id")
    actor_id: int | None = Field(default=None, foreign_key="user.id")  # who did it
    body: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None


# The inbox: a member's unread first, newest first (migration 0006)
Index(
    "ix_notification_user_read_created", Notification.user_id, Notification.read_at, Notification.created_at
)


# --- the inbox in the API (GET /inbox, POST /inbox/read) -----------------------------------------------


class NotificationPublic(OutputModel):
    """One line of the caller's inbox: what happened to which claim, who did it, and the text they wrote
    (the editor's reason of a return, a correction note, the comment that mentions the caller)."""

    id: Id
    kind: Literal[NOTIFICATION_KINDS]
    claim_id: Id | None
    claim_text: str | None
    actor: str | None
    body: str | None
    created_at: datetime
    read_at: datetime | None


class InboxPage(OutputModel):
    """GET /inbox: one page of the caller's notifications, unread first, newest first; `unread` counts all
    their unread ones."""

    items: list[NotificationPublic]
    total: Count
    unread: Count
    page: Id
    per_page: Id


class InboxRead(InputModel):
    """Which notifications to mark read: `ids` (the caller's own), or `all: true`; exactly one of them."""

    refusal: ClassVar[str] = "The notifications cannot be marked read"
    ids: list[Id] | None = DataField(default=None, min_length=1, max_length=MAX_MARK_READ)
    all: StrictBool = False


class InboxReadResult(OutputModel):
    marked: Count
    unread: Count
