"""The API's data models for "has this been checked before?" (services.similar) and the same-as link."""

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import Field

from .claims import Status
from .fields import Id, InputModel, OutputModel, Version, query_int, text_field

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


class SimilarList(OutputModel):
    items: list[SimilarClaim]


class SameAsLink(InputModel):
    """POST /claims/{id}/same-as: the earlier claim whose verdict answers this one; null removes the link."""

    refusal: ClassVar[str] = "The claim cannot be linked"
    same_as_id: Id | None
    version: Version = None
