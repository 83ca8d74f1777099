"""API: articles, their suggested sentences, and claims made from them (API.md)."""

from flask import current_app, jsonify

from ..db import get_session
from ..models.articles import ArticleCreate, ArticlePublic, ArticleWithClaims, SuggestionList
from ..models.claims import ClaimCreate, ClaimPublic
from ..permissions import requires
from ..services import articles, claims
from . import bp
from .common import caller, given, parse_body
from .spec import operation


@bp.route("/articles", methods=["POST"])
@requires("write")
@operation(
    "Add an article",
    tag="articles",
    body=ArticleCreate,
    ok={201: ArticlePublic},
    conflict="`duplicate_article`: the desk already has the same page (normalised address) or a near-identical "
    "text; `fields.existing_id` is that article. Send `confirm_duplicate: true` to add it anyway",
)
def create_article():
    """POST /articles {title, text, url?, outlet?, published_at?} -> 201 article."""
    body = parse_body(ArticleCreate)
    db = get_session()
    article = articles.create_article(
        db,
        title=body.title,
        text=body.text,
        url=body.url or None,
        outlet=body.outlet,
        published_at=body.published_at,
        actor=caller(),
        max_chars=current_app.config["MAX_ARTICLE_CHARS"],
        refuse_duplicate=not body.confirm_duplicate,
    )
    revision = articles.current_revision(db, article_id=article.id)
    return jsonify(articles.article_dict(article, text=revision.text)), 201


@bp.route("/articles/<int:article_id>")
@requires("read")
@operation("An article with its current text and its claims", tag="articles", ok={200: ArticleWithClaims})
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
@operation(
    "The article cut into sentences, each scored for check-worthiness, with its claimant",
    tag="articles",
    ok={200: SuggestionList},
)
def article_suggestions(article_id: int):
    """GET /articles/{id}/suggestions -> {"suggestions": [{start, end, text, score, check_worthy, claimant,
    atomic_claims: [{text, start, end}]}]}."""
    items = articles.suggestions(get_session(), article_id=article_id)
    return jsonify({"suggestions": [articles.suggestion_dict(item) for item in items]})


@bp.route("/articles/<int:article_id>/claims", methods=["POST"])
@requires("write")
@operation("Add a claim to an article", tag="claims", body=ClaimCreate, ok={201: ClaimPublic})
def create_claim(article_id: int):
    """POST /articles/{id}/claims {text, start?, end?, claimant?, priority?} -> 201 claim."""
    db = get_session()
    articles.get_article(db, article_id=article_id)  # an unknown article is 404 before the body is read
    body = parse_body(ClaimCreate)
    claim = claims.create_claim(db, article_id=article_id, actor=caller(), **given(body))
    return jsonify(claims.claim_dict(db, claim)), 201
