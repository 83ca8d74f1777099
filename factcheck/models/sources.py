"""The desk's source library, uploaded documents, and evidence linking claims to sources."""

from datetime import date, datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from ..timeutil import utcnow

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


class SourceBase(SQLModel):
    title: str = Field(max_length=500)
    publisher: str | None = Field(default=None, max_length=300)
    kind: str = Field(default="other", max_length=32)
    url: str | None = Field(default=None, max_length=2000, index=True)
    document_symbol: str | None = Field(default=None, max_length=100, index=True)
    published_at: date | None = None
    archived_url: str | None = Field(default=None, max_length=2000)
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
    locator: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})  # optimistic locking
