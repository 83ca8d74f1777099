"""Articles under review. The text lives in revisions: a correction is a new revision, never an edit."""

from datetime import date, datetime
from typing import ClassVar

from pydantic import StrictBool
from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from ..timeutil import utcnow
from .claims import ClaimPublic
from .fields import MAX_URL, Count, Id, InputModel, LooseDate, OutputModel, text_field

MAX_TITLE = 500
MAX_OUTLET = 200
MAX_REVISION_NOTE = 1000


class ArticleBase(SQLModel):
    title: str = Field(max_length=MAX_TITLE)
    outlet: str | None = Field(default=None, max_length=MAX_OUTLET)
    url: str | None = Field(default=None, max_length=MAX_URL)
    published_at: date | None = None


class Article(ArticleBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    # The address without what does not change the page (scheme, www., tracking parameters, trailing slash,
    # fragment): two articles with the same one are the same page (services.duplicates; migration 0007).
    url_normalized: str | None = Field(default=None, max_length=MAX_URL, index=True)


class ArticleTextBand(SQLModel, table=True):
    """One band of an article's text fingerprint (MinHash of its word 5-shingles, services.duplicates): two
    articles sharing a band are candidates for near-identical text, checked exactly before anyone is warned."""

    __tablename__ = "article_text_band"
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    band: str = Field(max_length=16, index=True)


class ArticleRevision(SQLModel, table=True):
    __tablename__ = "article_revision"
    __table_args__ = (UniqueConstraint("article_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    number: int = 1
    text: str = Field(sa_column=Column(Text, nullable=False))
    note: str = Field(default="", max_length=MAX_REVISION_NOTE)
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")


# --- the API's data models -----------------------------------------------------------------------------------


class ArticleCreate(InputModel):
    """POST /articles. The text's own limit is the desk's MAX_ARTICLE_CHARS (config), checked by the service."""

    refusal: ClassVar[str] = "The article cannot be stored"
    title: text_field(MAX_TITLE, required=True)
    text: text_field(None, required=True, description="The article's text, kept verbatim as revision 1.")
    url: text_field(MAX_URL, description="http(s) address; empty or null for none") | None = None
    outlet: text_field(MAX_OUTLET) | None = None
    published_at: LooseDate = None
    confirm_duplicate: StrictBool = Field(
        default=False,
        description="true: add it even though the desk already has the same page or a near-identical text "
        "(without it such an article is refused with 409 `duplicate_article`, naming the one it repeats)",
    )


class ArticlePublic(OutputModel):
    id: Id
    title: str
    text: str
    url: str | None
    outlet: str | None
    published_at: date | None
    created_at: datetime


class ArticleWithClaims(ArticlePublic):
    revision: Id
    claims: list[ClaimPublic]


class AtomicClaimPublic(OutputModel):
    """A standalone claim suggested from a sentence, anchored to the article span it rests on."""

    text: str
    start: Count
    end: Count


class SuggestionPublic(OutputModel):
    """One sentence of the article, scored for check-worthiness."""

    start: Count
    end: Count
    text: str
    score: float = Field(ge=0, le=1)
    check_worthy: bool
    claimant: str | None
    atomic_claims: list[AtomicClaimPublic]


class SuggestionList(OutputModel):
    suggestions: list[SuggestionPublic]
