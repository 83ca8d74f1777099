"""Articles under review. The text lives in revisions: a correction is a new revision, never an edit."""

from datetime import date, datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from ..timeutil import utcnow


class ArticleBase(SQLModel):
    title: str = Field(max_length=500)
    outlet: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=2000)
    published_at: date | None = None


class Article(ArticleBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")


class ArticleRevision(SQLModel, table=True):
    __tablename__ = "article_revision"
    __table_args__ = (UniqueConstraint("article_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    number: int = 1
    text: str = Field(sa_column=Column(Text, nullable=False))
    note: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")


class ArticleCreate(ArticleBase):
    text: str
