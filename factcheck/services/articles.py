"""Articles and their revisions."""

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..errors import Conflict, Invalid, NotFound, TooLarge
from ..models import Article, ArticleRevision, Claim, User
from ..models.articles import MAX_OUTLET, MAX_REVISION_NOTE, MAX_TITLE
from ..sizes import human_size
from ..timeutil import iso
from . import audit, duplicates
from .anchoring import Anchor, reanchor
from .claim_rules import FROZEN_STATES, touch
from .extraction import (
    Budget,
    ExtractedDocument,
    ExtractionError,
    extract_file,
    fetch_url,
    normalise_http_url,
    sniff_matches,
)
from .roles import require_role
from .splitting import Suggestion, suggest_claims


def create_article(
    session: Session,
    *,
    title: str,
    text: str,
    actor: User | None,
    url: str | None = None,
    outlet: str | None = None,
    published_at: date | None = None,
    max_chars: int = 200_000,
    refuse_duplicate: bool = False,
) -> Article:
    """Store an article with its text, verbatim, as revision 1, with its address key and text fingerprint.

    `refuse_duplicate`: a person adding it has not yet confirmed a duplicate (the browser, the API and
    `import-article` pass it until the person confirms); scripts that mean to store copies leave it off.
    :raise Invalid: empty or oversize title or text, or a URL that is not http(s).
    :raise DuplicateArticle: (a Conflict, `duplicate_article`) with `refuse_duplicate`, the desk already has
        the same page (normalised address) or a near-identical text (services.duplicates).
    """
    require_role(actor, "write", "add articles", command_line=True)
    fields: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        fields["title"] = "required"
    elif len(title) > MAX_TITLE:
        fields["title"] = f"at most {MAX_TITLE} characters"
    if not text or not text.strip():
        fields["text"] = "the article has no text"
    elif len(text) > max_chars:
        fields["text"] = f"at most {max_chars:,} characters"
    elif "\x00" in text:
        fields["text"] = "the text contains binary data"
    if outlet and len(outlet.strip()) > MAX_OUTLET:
        fields["outlet"] = f"at most {MAX_OUTLET} characters"
    if url:
        try:
            url = normalise_http_url(url)
        except ValueError as error:
            fields["url"] = str(error)
    if fields:
        raise Invalid.of_fields("The article cannot be stored", fields)
    if refuse_duplicate:
        match = duplicates.find_duplicate(session, url=url or None, text=text)
        if match is not None:
            raise duplicates.DuplicateArticle(match)
    article = Article(
        title=title,
        url=url or None,
        outlet=(outlet or "").strip() or None,
        published_at=published_at,
        created_by_id=actor.id if actor else None,
    )
    session.add(article)
    session.flush()
    revision = ArticleRevision(
        article_id=article.id, number=1, text=text, created_by_id=article.created_by_id
    )
    session.add(revision)
    duplicates.remember(session, article=article, text=text)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="article.create",
        object_type="article",
        object_id=article.id,
        after={"title": title, "url": url, "chars": len(text)},
    )
    session.commit()
    return article


def get_article(session: Session, *, article_id: int) -> Article:
    """:raise NotFound: no such article."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"There is no article {article_id}.")
    return article


def current_revision(session: Session, *, article_id: int) -> ArticleRevision:
    """The newest revision of an article's text."""
    revision = session.exec(
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article_id)
        .order_by(ArticleRevision.number.desc())
    ).first()
    if revision is None:
        raise NotFound(f"Article {article_id} has no text.")
    return revision


def list_articles(session: Session) -> list[Article]:
    return list(session.exec(select(Article).order_by(Article.created_at.desc(), Article.id.desc())).all())


def article_dict(article: Article, *, text: str) -> dict:
    """The API's article object."""
    return {
        "id": article.id,
        "title": article.title,
        "text": text,
        "url": article.url,
        "outlet": article.outlet,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "created_at": iso(article.created_at),
    }


# --- corrections (issue 3) ------------------------------------------------------------------------------

MAX_NOTE = MAX_REVISION_NOTE


@dataclass
class CorrectionReport:
    """What a correction did to the article's claims: re-placed (moved), unchanged in place, or lost."""

    revision: ArticleRevision
    moved: list[Claim] = field(default_factory=list)
    kept: list[Claim] = field(default_factory=list)
    lost: list[Claim] = field(default_factory=list)


def add_revision(
    session: Session, *, article_id: int, text: str, note: str, actor: User, max_chars: int = 200_000
) -> CorrectionReport:
    """Store a corrected text as the article's next revision and re-anchor every anchored claim in it.

    A claim whose passage is found again (exactly, or by fuzzy match with its prefix and suffix) gets the
    new offsets, quote and context; when they changed, its version is bumped and a `claim.reanchor` event
    written. A claim whose passage cannot be placed keeps its old anchor and is flagged `anchor_lost`
    (event `claim.anchor_lost`): never moved to a guess, never dropped. A published or not-checkable
    claim is frozen: it follows its passage only when the quote is found word for word, else it is
    flagged for an editor to reopen.

    :raise NotFound: no such article.
    :raise Invalid: empty, oversize or binary text, a text identical to the current one, or an oversize note.
    :raise Conflict: someone saved another correction at the same moment.
    """
    require_role(actor, "write", "correct an article")
    get_article(session, article_id=article_id)
    current = current_revision(session, article_id=article_id)
    fields: dict[str, str] = {}
    note = (note or "").strip()
    if not isinstance(text, str) or not text.strip():
        fields["text"] = "the corrected article has no text"
    elif len(text) > max_chars:
        fields["text"] = f"at most {max_chars:,} characters"
    elif "\x00" in text:
        fields["text"] = "the text contains binary data"
    elif text == current.text:
        fields["text"] = "this is the text of the current revision: nothing was corrected"
    if len(note) > MAX_NOTE:
        fields["note"] = f"at most {MAX_NOTE} characters"
    if fields:
        raise Invalid.of_fields("The correction cannot be stored", fields)
    revision = ArticleRevision(
        article_id=article_id, number=current.number + 1, text=text, note=note, created_by_id=actor.id
    )
    session.add(revision)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(
            "Someone saved another correction of this article just now; reload and retry."
        ) from None
    audit.record(
        session,
        actor=actor,
        action="article.correct",
        object_type="article",
        object_id=article_id,
        after={"revision": revision.number, "note": note, "chars": len(text)},
    )
    duplicates.remember(session, article=session.get(Article, article_id), text=text)
    report = CorrectionReport(revision=revision)
    anchored = session.exec(
        select(Claim).where(Claim.article_id == article_id, Claim.quote.is_not(None)).order_by(Claim.id)
    ).all()
    for claim in anchored:
        old = Anchor(
            start=claim.start or 0,
            end=claim.end or 0,
            quote=claim.quote,
            prefix=claim.prefix or "",
            suffix=claim.suffix or "",
        )
        found = reanchor(text, old)
        if found is not None and found.quote != claim.quote and claim.status in FROZEN_STATES:
            found = None  # a frozen claim's quote is never swapped for a fuzzy match: flagged for an editor
        if found is None:
            if not claim.anchor_lost:
                claim.anchor_lost = True
                touch(claim, actor)
            audit.record(
                session,
                actor=actor,
                action="claim.anchor_lost",
                object_type="claim",
                object_id=claim.id,
                claim_id=claim.id,
                before={"start": claim.start, "end": claim.end, "quote": claim.quote},
                after={"revision": revision.number},
            )
            report.lost.append(claim)
            continue
        changed = (found.start, found.end, found.quote) != (claim.start, claim.end, claim.quote)
        was_lost = claim.anchor_lost
        before = {"start": claim.start, "end": claim.end, "quote": claim.quote}
        claim.start, claim.end, claim.quote = found.start, found.end, found.quote
        claim.prefix, claim.suffix = found.prefix, found.suffix
        claim.revision_id = revision.id
        claim.anchor_lost = False
        if changed or was_lost:
            touch(claim, actor)
            audit.record(
                session,
                actor=actor,
                action="claim.reanchor",
                object_type="claim",
                object_id=claim.id,
                claim_id=claim.id,
                before=before,
                after={
                    "start": found.start,
                    "end": found.end,
                    "quote": found.quote,
                    "revision": revision.number,
                },
            )
            report.moved.append(claim)
        else:
            report.kept.append(claim)
    session.commit()
    return report


def revisions(session: Session, *, article_id: int) -> list[ArticleRevision]:
    """An article's revisions, oldest first."""
    return list(
        session.exec(
            select(ArticleRevision)
            .where(ArticleRevision.article_id == article_id)
            .order_by(ArticleRevision.number)
        ).all()
    )


# --- importing from a file or a web page (issue 3) ------------------------------------------------------


def reading_budget(config) -> Budget:
    """How much of an article's file or page is read (EXTRACT_*): its text at most MAX_ARTICLE_CHARS."""
    return Budget.from_config(config, max_chars=config["MAX_ARTICLE_CHARS"])


def read_upload(
    *, filename: str, data: bytes, max_bytes: int, budget: Budget | None = None
) -> ExtractedDocument:
    """The article in an uploaded file (.txt .md .html .pdf .docx), its content checked against its name.

    ``budget`` (see ``reading_budget``) bounds the pages, characters and seconds reading it may take.

    :raise TooLarge: more than `max_bytes`.
    :raise Invalid: no file, an unknown type, content that is not what the name says (a binary renamed
        .txt), a file without text, or one over the budget (fields: ``file``).
    """
    if not filename or not data:
        raise Invalid("Choose a file to upload (it was empty).", fields={"file": "empty or missing"})
    if len(data) > max_bytes:
        raise TooLarge(
            f"The file is too large: at most {human_size(max_bytes)}.", fields={"file": "too large"}
        )
    if not sniff_matches(filename, data):
        try:
            extract_file(filename, data, budget=budget)  # its message says what is wrong
        except ExtractionError as error:
            raise Invalid(str(error), fields={"file": str(error)}) from None
        raise Invalid(
            "The file's content does not match its name's extension.",
            fields={"file": "content does not match the extension"},
        )
    try:
        document = extract_file(filename, data, budget=budget)
    except ExtractionError as error:
        raise Invalid(str(error), fields={"file": str(error)}) from None
    if not document.title:  # a plain text file: its first line is usually the headline
        first = next((line.strip() for line in document.text.split("\n") if line.strip()), "")
        document.title = first if len(first) <= 300 else None
    return document


def read_web_page(
    *, url: str, timeout: float, max_bytes: int, allow_private: bool, budget: Budget | None = None
) -> ExtractedDocument:
    """The article at `url`, fetched by the server (http/https only, public addresses unless allowed),
    and read within ``budget`` (see ``reading_budget``).

    :raise Invalid: a bad or refused address, a page that cannot be fetched or holds no text
        (fields: ``url``).
    """
    try:
        return fetch_url(
            url, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private, budget=budget
        )
    except ExtractionError as error:
        message = str(error)
        raise Invalid(message[:1].upper() + message[1:], fields={"url": message}) from None


def import_article(
    session: Session,
    *,
    document: ExtractedDocument,
    actor: User | None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published_at: date | None = None,
    max_chars: int = 200_000,
    refuse_duplicate: bool = False,
) -> Article:
    """Store an extracted document as an article; given values override what the file or page said.

    :raise Invalid: as create_article (e.g. no title anywhere, empty or oversize text).
    :raise DuplicateArticle: as create_article.
    """
    require_role(actor, "write", "import articles", command_line=True)
    return create_article(
        session,
        title=title or document.title or "",
        text=document.text,
        actor=actor,
        url=url or document.url,
        outlet=outlet or document.outlet,
        published_at=published_at or document.published_at,
        max_chars=max_chars,
        refuse_duplicate=refuse_duplicate,
    )


@lru_cache(maxsize=64)
def _cached_suggestions(text: str, title: str | None) -> tuple[Suggestion, ...]:
    return tuple(suggest_claims(text, title=title))


def suggestions(session: Session, *, article_id: int) -> list[Suggestion]:
    """The current revision cut into sentences, scored, with claimants (cached per text).

    :raise NotFound: no such article.
    """
    article = get_article(session, article_id=article_id)
    revision = current_revision(session, article_id=article_id)
    return list(_cached_suggestions(revision.text, article.title))


def suggestion_dict(suggestion: Suggestion) -> dict:
    """The API's suggestion object."""
    return {
        "start": suggestion.start,
        "end": suggestion.end,
        "text": suggestion.text,
        "score": round(suggestion.score, 3),
        "check_worthy": suggestion.check_worthy,
        "claimant": suggestion.claimant,
        "atomic_claims": [
            {"text": claim.text, "start": claim.start, "end": claim.end} for claim in suggestion.atomic_claims
        ],
    }
