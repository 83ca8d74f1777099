"""Append-only history. The database refuses UPDATE and DELETE on this table (see the migration)."""

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Column, Field, SQLModel

from ..timeutil import utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    action: str = Field(max_length=64)
    object_type: str = Field(max_length=32)
    object_id: int | None = None
    claim_id: int | None = Field(default=None, index=True)  # so a claim's history is one query
    before: str | None = Field(default=None, sa_column=Column(Text))  # JSON
    after: str | None = Field(default=None, sa_column=Column(Text))  # JSON
