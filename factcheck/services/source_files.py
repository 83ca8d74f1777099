"""Documents uploaded to a source: stored by content hash, text extracted page by page, searchable.

A file is kept under its sha256 by the configured store (services.storage): UPLOAD_DIR/<first two hex
digits>/<sha256> on this host, or the same key in an S3 bucket. The name the person gave it is only shown,
never used as a path. Its content must be what its extension says (a renamed binary is refused), and it
is served back only as a download (see `safe_download_type`).
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sqlmodel import Session, select

from ..errors import Conflict, Invalid, NotFound, TooLarge
from ..models import Source, SourceFile, SourcePage, User
from ..sizes import human_size
from . import audit
from .extraction import Budget, ExtractionError, extract_file, sniff_matches
from .roles import require_role
from .storage import LocalStorage, Storage

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# Types a browser will not run as a page; anything else is sent as application/octet-stream.
SAFE_DOWNLOAD_TYPES = {
    "application/pdf": "application/pdf",
    "text/plain": "text/plain; charset=utf-8",
    CONTENT_TYPES[".docx"]: CONTENT_TYPES[".docx"],
}
MAX_MATCHES = 100
SNIPPET_CHARS = 90
MAX_QUOTE_CHARS = 600


def display_name(filename: str | None) -> str:
    """The file's name as shown to people: no folders, no control characters, at most 255 characters."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > 255:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: 250 - len(suffix)] + dot + suffix) if dot else name[:255]
    return name or "document"


def file_path(upload_dir: str | Path, sha256: str) -> Path:
    """Where the content with this hash is kept."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValueError("not a sha256 hex digest")
    return Path(upload_dir) / sha256[:2] / sha256


def _storage(storage: Storage | None, upload_dir: str | Path | None) -> Storage:
    if storage is not None:
        return storage
    if upload_dir is None:
        raise TypeError("attach_file needs a storage or an upload_dir")
    return LocalStorage(upload_dir)


def attach_file(
    session: Session,
    *,
    source_id: int,
    filename: str,
    data: bytes,
    actor: User,
    max_bytes: int,
    storage: Storage | None = None,
    upload_dir: str | Path | None = None,
    budget: Budget | None = None,
) -> SourceFile:
    """Keep an uploaded document (PDF, HTML, plain text, Markdown, Word) with a source, and its text
    page by page (PDF) or as page 1 (other kinds), for searching inside it. Its text is read within
    ``budget`` (pages, characters, seconds; ``Budget.from_config``) before anything is kept. The file goes
    to ``storage`` (or the local folder ``upload_dir``) before any row is written, so no row ever points
    at a file that was not saved.

    :raise NotFound: no such source. :raise Forbidden: not a reviewer+.
    :raise TooLarge: more than `max_bytes`.
    :raise Invalid: empty, a type not accepted, content that is not what the name says, no text in it,
        or more than the budget allows (nothing is kept then: no row, no file).
    :raise Conflict: this very file is already attached to the source.
    :raise StorageUnavailable: the store could not save it (S3 refusing: 503; a full disk: StorageFull,
        507): nothing is kept.
    """
    require_role(actor, "write", "upload documents")
    if session.get(Source, source_id) is None:
        raise NotFound(f"There is no source {source_id}.")
    if len(data) > max_bytes:
        raise TooLarge(
            f"The file is too large: at most {human_size(max_bytes)}.",
            fields={"file": f"at most {human_size(max_bytes)}"},
        )
    name = display_name(filename)
    suffix = PurePosixPath(name).suffix.lower()
    if not data:
        raise Invalid("The file is empty.", fields={"file": "empty"})
    if suffix not in CONTENT_TYPES:
        allowed = ", ".join(sorted(CONTENT_TYPES))
        raise Invalid(
            f"Files of type {suffix or '(none)'} are not accepted; use one of {allowed}.",
            fields={"file": "type not accepted"},
        )
    if not sniff_matches(name, data):
        raise Invalid(
            f"The file’s content is not what its name says ({suffix}); it was not kept.",
            fields={"file": "content does not match the file type"},
        )
    try:
        document = extract_file(name, data, budget=budget)
    except ExtractionError as error:
        raise Invalid(str(error), fields={"file": str(error)}) from None
    sha256 = hashlib.sha256(data).hexdigest()
    existing = session.exec(
        select(SourceFile).where(SourceFile.source_id == source_id, SourceFile.sha256 == sha256)
    ).first()
    if existing is not None:
        raise Conflict(
            f"This file is already attached to the source (as “{existing.filename}”).",
            fields={"file": "already attached", "existing_id": str(existing.id)},
            code="duplicate_file",
        )
    pages = document.pages if document.pages is not None else [document.text]
    _storage(storage, upload_dir).put(sha256, data)
    row = SourceFile(
        source_id=source_id,
        sha256=sha256,
        filename=name,
        content_type=CONTENT_TYPES[suffix],
        size=len(data),
        uploaded_by_id=actor.id,
    )
    session.add(row)
    session.flush()
    for number, text in enumerate(pages, start=1):
        session.add(SourcePage(file_id=row.id, number=number, text=text))
    audit.record(
        session,
        actor=actor,
        action="source.file_add",
        object_type="source",
        object_id=source_id,
        after={"file_id": row.id, "filename": name, "sha256": sha256, "size": len(data), "pages": len(pages)},
    )
    session.commit()
    return row


def get_file(session: Session, *, source_id: int, file_id: int) -> SourceFile:
    """:raise NotFound: no such file on that source."""
    row = session.get(SourceFile, file_id)
    if row is None or row.source_id != source_id:
        raise NotFound(f"Source {source_id} has no file {file_id}.")
    return row


def files_for_source(session: Session, *, source_id: int) -> list[SourceFile]:
    return list(
        session.exec(select(SourceFile).where(SourceFile.source_id == source_id).order_by(SourceFile.id))
    )


def referenced_keys(session: Session) -> set[str]:
    """The sha256 of every file a source refers to (each one's key in the store)."""
    return set(session.exec(select(SourceFile.sha256).distinct()).all())


def page_count(session: Session, *, file_id: int) -> int:
    """How many pages of text were extracted from a file."""
    return len(session.exec(select(SourcePage.id).where(SourcePage.file_id == file_id)).all())


def safe_download_type(content_type: str) -> str:
    """The Content-Type to serve a stored file with: its own only when no browser would render it as a page."""
    return SAFE_DOWNLOAD_TYPES.get(content_type, "application/octet-stream")


# --- searching inside ----------------------------------------------------------------------------------------


@dataclass
class FileMatch:
    """One place a phrase occurs: page number, the text around it, and a quotable sentence."""

    file_id: int
    filename: str
    page: int
    before: str
    match: str
    after: str
    quote: str

    @property
    def locator(self) -> str:
        return f"p. {self.page}"


def _phrase_pattern(phrase: str) -> re.Pattern | None:
    words = phrase.split()
    if not words:
        return None
    # Line breaks and hyphenation in extracted PDF text must not hide a phrase.
    return re.compile(r"(?:-?\s+|\s*-\s*)".join(re.escape(word) for word in words), re.IGNORECASE)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _edge(text: str, *, keep_end: bool) -> str:
    """Whitespace collapsed, keeping one space on the side that touches the match."""
    squashed = _squash(text)
    if keep_end and text[-1:].isspace() and squashed:
        return squashed + " "
    if not keep_end and text[:1].isspace() and squashed:
        return " " + squashed
    return squashed


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in (". ", ".\n", "? ", "! ", "\n\n"))
    left = 0 if left < 0 else left + 2
    rights = [i for i in (text.find(mark, end) for mark in (". ", ".\n", "? ", "! ", "\n\n")) if i >= 0]
    right = (min(rights) + 1) if rights else len(text)
    quote = _squash(text[max(left, start - MAX_QUOTE_CHARS // 2) : min(right, end + MAX_QUOTE_CHARS // 2)])
    return quote.rstrip() if quote else _squash(text[start:end])


def search_in_file(
    session: Session, *, file_id: int, phrase: str, limit: int = MAX_MATCHES
) -> list[FileMatch]:
    """Every place `phrase` occurs in one file (any case, across line breaks), in page order.

    :raise NotFound: no such file.
    """
    row = session.get(SourceFile, file_id)
    if row is None:
        raise NotFound(f"There is no file {file_id}.")
    return _search([row], phrase, session, limit)


def search_in_source(
    session: Session, *, source_id: int, phrase: str, limit: int = MAX_MATCHES
) -> list[FileMatch]:
    """`search_in_file` over every file of a source."""
    return _search(files_for_source(session, source_id=source_id), phrase, session, limit)


def _search(files: list[SourceFile], phrase: str, session: Session, limit: int) -> list[FileMatch]:
    pattern = _phrase_pattern((phrase or "")[:300])
    if pattern is None or not files:
        return []
    names = {row.id: row.filename for row in files}
    pages = session.exec(
        select(SourcePage)
        .where(SourcePage.file_id.in_(names))
        .order_by(SourcePage.file_id, SourcePage.number)
    )
    found: list[FileMatch] = []
    for page in pages:
        for hit in pattern.finditer(page.text):
            start, end = hit.span()
            found.append(
                FileMatch(
                    file_id=page.file_id,
                    filename=names[page.file_id],
                    page=page.number,
                    before=("…" if start > SNIPPET_CHARS else "")
                    + _edge(page.text[max(0, start - SNIPPET_CHARS) : start], keep_end=True),
                    match=_squash(hit.group(0)),
                    after=_edge(page.text[end : end + SNIPPET_CHARS], keep_end=False)
                    + ("…" if end + SNIPPET_CHARS < len(page.text) else ""),
                    quote=_sentence(page.text, start, end),
                )
            )
            if len(found) >= limit:
                return found
    return found
