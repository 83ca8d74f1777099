"""The query parameters of the claim list and the CSV exports, as data models for the OpenAPI document.

They are parsed by services.claim_filters.ClaimFilters.from_args (shared with the browser and the CLI) and by
the list view (sort, page, per_page); these models say the same in JSON Schema, and the schemathesis test
(tests/test_api_schemathesis.py) checks that both refuse the same values.
"""

from typing import Literal

from pydantic import Field

from ..models.claims import PRIORITIES, STATUSES
from ..models.fields import MAX_PAGE, InputModel, QueryDate, QueryId, query_int
from ..services import queue
from ..services.claim_filters import ALL, DUE_FILTERS, FALSE_WORDS, MAX_Q, TRUE_WORDS

EMPTY = Literal[""]


class ClaimFilterQuery(InputModel):
    """Which claims: every parameter given must hold."""

    status: Literal[("", ALL, *STATUSES)] = Field(default="", description="empty: the door's default")
    assignee: str = Field(default="", description='a username, or "none" for claims nobody holds')
    mine: Literal[(*TRUE_WORDS, *FALSE_WORDS)] = Field(default="", description="1: the claims you hold")
    article_id: QueryId = None
    rating: str = Field(default="", description="the slug of the current verdict's rating")
    priority: query_int(min(PRIORITIES), max(PRIORITIES)) = None
    due: Literal[("", *DUE_FILTERS)] = ""
    q: str = Field(default="", max_length=MAX_Q, description="words in the claim's text or claimant")
    published_from: QueryDate = None
    published_to: QueryDate = None


class ClaimListQuery(ClaimFilterQuery):
    """GET /claims: the filters (no status: every status), the order and the page."""

    sort: Literal[tuple(queue.SORTS)] = "priority"
    page: query_int(1, MAX_PAGE) = 1
    per_page: query_int(1, queue.MAX_PER_PAGE) = 25


class ExportQuery(ClaimFilterQuery):
    """The CSV exports: the same filters; no status means `published` (`all`: every status)."""
