"""Articles and their revisions."""

from datetime import date

from sqlmodel import Session, select

from ..errors import Invalid, NotFound
from ..models import Article, ArticleRevision, User
from ..timeutil import iso
from . import audit

MAX_TITLE = 500


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
) -> Article:
    """Store an article with its text, verbatim, as revision 1.

    :raise Invalid: empty or oversize title or text, or a URL that is not http(s).
    """
    from .extraction import normalise_http_url

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
    if url:
        try:
            url = normalise_http_url(url)
        except ValueError as error:
            fields["url"] = str(error)
    if fields:
        raise Invalid(
            "The article cannot be stored: " + "; ".join(f"{k}: {v}" for k, v in fields.items()),
            fields=fields,
        )
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
