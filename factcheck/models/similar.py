"""The API's data models for "has this been checked before?" (services.similar) and the same-as link."""

from datetime import date, datetime
from typing import ClassVar, Literal

from pydantic import Field, RootModel
from sqlalchemy import Text
from sqlmodel import Column, SQLModel
from sqlmodel import Field as SQLField

from ..timeutil import utcnow
from .claims import Status
from .fields import MAX_URL, Id, InputModel, OutputModel, Version, query_int, text_field

MAX_SIMILAR = 50  # services.similar.MAX_LIMIT
MAX_SIMILAR_TEXT = 2000  # services.similar.MAX_QUERY_CHARS


class SimilarLimitQuery(InputModel):
    """GET /claims/{id}/similar."""

    limit: query_int(1, MAX_SIMILAR, "How many claims at most (default 5)") = None


class SimilarQuery(SimilarLimitQuery):
    """GET /similar: the text to compare with the archive."""

    text: text_field(MAX_SIMILAR_TEXT, required=True, description="A claim's wording")


class Difference(OutputModel):
    """Where a match differs from the text asked about: the words as each one wrote them."""

    kind: Literal["number", "date", "name", "word"]
    query: list[str]
    match: list[str]


class SimilarClaim(OutputModel):
    """One claim of the archive like the text asked about, with its current verdict (if any)."""

    claim_id: Id
    article_id: Id
    text: str
    score: float = Field(ge=0, le=1)
    status: Status
    rating: str | None = Field(description="The current verdict's rating slug")
    rating_label: str | None
    verdict_state: Literal["proposed", "published"] | None
    verdict_at: datetime | None = Field(description="When it was published (or proposed)")
    same_as_id: Id | None
    url: str = Field(description="The claim's screen")
    differs: list[Difference]


class SameAsLink(InputModel):
    """POST /claims/{id}/same-as: the earlier claim whose verdict answers this one; null removes the link."""

    refusal: ClassVar[str] = "The claim cannot be linked"
    same_as_id: Id | None
    version: Version = None


# --- other desks' fact-checks (services.external_reviews) ----------------------------------------------------

MAX_PUBLISHER = 300


class ExternalReview(SQLModel, table=True):
    """A ClaimReview another fact-checker published, imported so that the desk's search finds it too.

    `key` makes the import idempotent: the review's URL, or (without one) a hash of publisher, claim and date.
    """

    __tablename__ = "external_review"
    id: int | None = SQLField(default=None, primary_key=True)
    key: str = SQLField(max_length=MAX_URL, unique=True)
    claim_text: str = SQLField(sa_column=Column(Text, nullable=False))
    claimant: str | None = SQLField(default=None, max_length=MAX_PUBLISHER)
    publisher: str = SQLField(max_length=MAX_PUBLISHER)
    url: str | None = SQLField(default=None, max_length=MAX_URL)
    rating_label: str | None = SQLField(default=None, max_length=200)
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    reviewed_at: date | None = None
    imported_from: str = SQLField(default="", max_length=MAX_URL)
    imported_at: datetime = SQLField(default_factory=utcnow)
    imported_by_id: int | None = SQLField(default=None, foreign_key="user.id")


class ExternalMatch(OutputModel):
    """One imported review (another desk's) like the text asked about: labelled external."""

    external_id: Id
    text: str
    score: float = Field(ge=0, le=1)
    publisher: str
    rating: str | None = Field(description="The other desk's rating, as it wrote it")
    reviewed_at: date | None
    url: str | None = Field(description="The other desk's review")
    status: None = Field(description="Always null: another desk's review has no status on this desk")
    differs: list[Difference]


class SimilarList(RootModel[list[SimilarClaim | ExternalMatch]]):
    """One list ranked by `score`, best first: the desk's own claims (each with `claim_id`) and reviews
    imported from other desks (each with `external_id`, labelled external); on equal scores the desk's first."""
