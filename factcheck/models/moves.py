"""What the desk keeps about moves beyond the history: idempotency keys (a retried move answers its first
result) and the inbox's notifications (an assignment, a return, a mention)."""

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from ..timeutil import utcnow

NOTIFICATION_KINDS = ("assigned", "returned", "approved", "mention", "reopened")
MAX_IDEMPOTENCY_KEY = 200


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
