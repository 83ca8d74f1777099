"""API: articles, their suggested sentences, and claims made from them (API.md)."""

from datetime import date, datetime

from flask import current_app, jsonify

from ..db import get_session
from ..errors import Invalid
from ..permissions import requires
from ..services import articles, claims
from . import bp
from .common import caller, json_body

ARTICLE_FIELDS = ("title", "text", "url", "outlet", "published_at")


def _strings(body: dict, names: tuple[str, ...], *, required: tuple[str, ...] = ()) -> dict[str, str]:
    """Which of `names` are present but not text (or missing though required): field -> why."""
    fields = {}
    for name in names:
        value = body.get(name)
        if value is None:
            if name in required:
                fields[name] = "required"
        elif not isinstance(value, str):
            fields[name] = "must be text"
    return fields


def _published_at(value) -> date | None:
    """An ISO date ("2020-01-31") or date-time; :raise Invalid: anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
            except ValueError:
                pass
    raise Invalid("published_at must be a date like 2020-01-31.", fields={"published_at": "an ISO 8601 date"})


@bp.route("/articles", methods=["POST"])
@requires("write")
def create_article():
    """POST /articles {title, text, url?, outlet?, published_at?} -> 201 article."""
    body = json_body()
    fields = _strings(body, ARTICLE_FIELDS, required=("title", "text"))
    if fields:
        raise Invalid(
            "The article cannot be stored: " + "; ".join(f"{k}: {v}" for k, v in fields.items()),
            fields=fields,
        )
    published_at = _published_at(body.get("published_at"))
    db = get_session()
    article = articles.create_article(
        db,
        title=body["title"],
        text=body["text"],
        url=body.get("url") or None,
        outlet=body.get("outlet"),
        published_at=published_at,
        actor=caller(),
        max_chars=current_app.config["MAX_ARTICLE_CHARS"],
    )
    revision = articles.current_revision(db, article_id=article.id)
    return jsonify(articles.article_dict(article, text=revision.text)), 201


@bp.route("/articles/<int:article_id>")
@requires("read")
def get_article(article_id: int):
    """GET /articles/{id} -> the article with its claims."""
    db = get_session()
    article = articles.get_article(db, article_id=article_id)
    revision = articles.current_revision(db, article_id=article_id)
    data = articles.article_dict(article, text=revision.text)
    data["revision"] = revision.number
    data["claims"] = [
        claims.claim_dict(db, claim) for claim in claims.claims_for_article(db, article_id=article_id)
    ]
    return jsonify(data)


@bp.route("/articles/<int:article_id>/suggestions")
@requires("read")
def article_suggestions(article_id: int):
    """GET /articles/{id}/suggestions -> {"suggestions": [{start, end, text, score, check_worthy, claimant}]}."""
    items = articles.suggestions(get_session(), article_id=article_id)
    return jsonify({"suggestions": [articles.suggestion_dict(item) for item in items]})


@bp.route("/articles/<int:article_id>/claims", methods=["POST"])
@requires("write")
def create_claim(article_id: int):
    """POST /articles/{id}/claims {text, start?, end?, claimant?, priority?} -> 201 claim."""
    db = get_session()
    articles.get_article(db, article_id=article_id)
    body = json_body()
    fields = _strings(body, ("text", "claimant"), required=("text",))
    for name in ("start", "end", "priority"):
        value = body.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            fields[name] = "must be a whole number"
    if fields:
        raise Invalid(
            "The claim cannot be added: " + "; ".join(f"{k}: {v}" for k, v in fields.items()), fields=fields
        )
    claim = claims.create_claim(
        db,
        article_id=article_id,
        text=body["text"],
        start=body.get("start"),
        end=body.get("end"),
        claimant=body.get("claimant"),
        priority=body.get("priority"),
        actor=caller(),
    )
    return jsonify(claims.claim_dict(db, claim)), 201
