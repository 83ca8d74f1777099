"""The desk's source library, uploaded documents, and evidence linking claims to sources."""

from datetime import date, datetime
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator
from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from ..timeutil import utcnow
from .fields import (
    MAX_ID,
    MAX_URL,
    Count,
    Id,
    InputModel,
    LooseDate,
    OutputModel,
    Version,
    query_int,
    text_field,
)

SOURCE_KINDS = {
    "un_report": "UN report",
    "government_statement": "Government statement",
    "court_record": "Court record",
    "ngo_report": "NGO report",
    "news_report": "News report",
    "social_media_post": "Social media post",
    "dataset": "Dataset",
    "interview": "Interview",
    "other": "Other",
}
RELIABILITY = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}
STANCES = ("supports", "contradicts", "context")
MAX_SOURCE_TITLE = 500
MAX_PUBLISHER = 300
MAX_SYMBOL = 100  # a UN document symbol, e.g. "S/RES/2510 (2020)"
MAX_NOTES = 20_000
MAX_QUOTE = 5000
MAX_LOCATOR = 200  # where in the source: "S/2021/229, para. 89"
SEARCH_LIMIT, MAX_SEARCH_LIMIT = 50, 200


class SourceBase(SQLModel):
    title: str = Field(max_length=MAX_SOURCE_TITLE)
    publisher: str | None = Field(default=None, max_length=MAX_PUBLISHER)
    kind: str = Field(default="other", max_length=32)
    url: str | None = Field(default=None, max_length=MAX_URL, index=True)
    document_symbol: str | None = Field(default=None, max_length=MAX_SYMBOL, index=True)
    published_at: date | None = None
    archived_url: str | None = Field(default=None, max_length=MAX_URL)
    reliability: str = Field(default="F", max_length=1)
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class Source(SourceBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")


class SourceFile(SQLModel, table=True):
    """An uploaded document, stored under instance/ by content hash."""

    __tablename__ = "source_file"
    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    sha256: str = Field(max_length=64, index=True)
    filename: str = Field(max_length=255)  # shown to people, never used as a path
    content_type: str = Field(max_length=100)
    size: int
    uploaded_at: datetime = Field(default_factory=utcnow)
    uploaded_by_id: int | None = Field(default=None, foreign_key="user.id")


class SourcePage(SQLModel, table=True):
    """Extracted text of one page (PDF) or of the whole document (other kinds: page 1)."""

    __tablename__ = "source_page"
    __table_args__ = (UniqueConstraint("file_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    file_id: int = Field(foreign_key="source_file.id", index=True)
    number: int
    text: str = Field(sa_column=Column(Text, nullable=False))


class Evidence(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    stance: str = Field(max_length=16)
    quote: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    locator: str = Field(default="", max_length=MAX_LOCATOR)
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})  # optimistic locking


# --- the API's data models -----------------------------------------------------------------------------------

Kind = Literal[tuple(SOURCE_KINDS)]
Grade = Literal[tuple(RELIABILITY)]
# a grade as sent: either case ("a" is "A")
GradeSent = Annotated[
    Literal[(*RELIABILITY, *(grade.lower() for grade in RELIABILITY))], AfterValidator(str.upper)
]
Stance = Literal[STANCES]


class SourceCreate(InputModel):
    """POST /sources. A UN document symbol (given, or read from an undocs.org address) is written the UN's way;
    one with a symbol and no kind (or "other") becomes a `un_report`."""

    refusal: ClassVar[str] = "The source cannot be saved"
    title: text_field(MAX_SOURCE_TITLE, required=True)
    url: text_field(MAX_URL, description="http(s) address; empty or null for none") | None = None
    document_symbol: text_field(MAX_SYMBOL, description="e.g. S/2021/229") | None = None
    publisher: text_field(MAX_PUBLISHER) | None = None
    kind: Kind = "other"
    published_at: LooseDate = None
    archived_url: text_field(MAX_URL) | None = None
    reliability: GradeSent = Field(default="F", description="A (completely reliable) to F (cannot be judged)")
    notes: text_field(MAX_NOTES) = ""


class SourceQuery(InputModel):
    """GET /sources: every word of `q` in the title, publisher, symbol or notes (typos forgiven when nothing
    matches as typed); no `q`, the newest."""

    q: str = ""
    limit: query_int(1, MAX_SEARCH_LIMIT) = SEARCH_LIMIT


class SourcePublic(OutputModel):
    id: Id
    title: str
    publisher: str | None
    kind: Kind
    url: str | None
    document_symbol: str | None
    official_url: str | None
    published_at: date | None
    archived_url: str | None
    reliability: Grade
    reliability_meaning: str | None
    notes: str
    created_at: datetime


class SourceFilePublic(OutputModel):
    id: Id
    filename: str
    content_type: str
    size: Count
    sha256: str
    uploaded_at: datetime


class Citation(OutputModel):
    """A claim that cites the source: how, and where the claim stands."""

    claim_id: Id
    evidence_id: Id
    stance: Stance
    status: str
    rating: str | None


class SourceDetail(SourcePublic):
    files: list[SourceFilePublic]
    cited_by: list[Citation]


class SourceList(OutputModel):
    items: list[SourcePublic]


class EvidenceCreate(InputModel):
    """POST /claims/{id}/evidence. `version` (optional) is the claim's."""

    refusal: ClassVar[str] = "The evidence cannot be saved"
    source_id: Id
    stance: Stance
    quote: text_field(MAX_QUOTE, description="The passage of the source") = ""
    locator: text_field(MAX_LOCATOR, description="Where in the source, e.g. para. 89") = ""
    version: Version = None


class EvidenceUpdate(InputModel):
    """PATCH /claims/{id}/evidence/{evidence_id}: only the fields given change; `version` is the item's."""

    refusal: ClassVar[str] = "The evidence cannot be saved"
    version: Version
    source_id: Id = None
    stance: Stance = None
    quote: text_field(MAX_QUOTE) = None
    locator: text_field(MAX_LOCATOR) = None


class EvidenceRemoval(InputModel):
    """DELETE /claims/{id}/evidence/{evidence_id}: the item's version (or the query parameter `version`)."""

    refusal: ClassVar[str] = "The evidence cannot be removed"
    version: Version


class EvidenceRemovalQuery(InputModel):
    version: query_int(1, MAX_ID, "The item's version (or send it in the body)") = None


class EvidencePublic(OutputModel):
    id: Id
    claim_id: Id
    source_id: Id
    stance: Stance
    quote: str
    locator: str
    version: Id
    created_at: datetime
