"""The public report page of an article (no sign-in) and the stylesheet of the rating colours."""

import re
from dataclasses import dataclass, field

from flask import Response, render_template
from markupsafe import Markup
from sqlmodel import Session, select

from ...db import get_session
from ...errors import NotFound
from ...models import Article, Claim, Evidence, Rating, Source, Verdict
from ...permissions import requires
from ...services import claimreview, corrections
from ...services.articles import current_revision, get_article
from ...services.markdown import render as render_rationale
from ...services.rating_scale import COLOUR, SLUG
from ...services.ratings import list_ratings
from . import bp, desk, report_url

SAFE_LINK = re.compile(r"https?://", re.IGNORECASE)


@dataclass
class CheckedClaim:
    """A published claim as the page shows it."""

    claim: Claim
    verdict: Verdict
    rating: Rating
    rationale: Markup
    evidence: list[tuple[Evidence, Source]] = field(default_factory=list)


def source_link(source: Source) -> str | None:
    """The source's URL when it is a web address (never javascript: or similar)."""
    return source.url if source.url and SAFE_LINK.match(source.url) else None


def _published(session: Session, article_id: int) -> list[CheckedClaim]:
    query = claimreview.published_claims_query().where(Claim.article_id == article_id)
    items = [
        CheckedClaim(claim, verdict, rating, render_rationale(verdict.rationale))
        for claim, _article, verdict, rating in session.exec(query).all()
    ]
    by_id = {item.claim.id: item for item in items}
    if by_id:
        rows = session.exec(
            select(Evidence, Source)
            .join(Source, Source.id == Evidence.source_id)
            .where(Evidence.claim_id.in_(list(by_id)))
            .order_by(Evidence.claim_id, Evidence.id)
        ).all()
        for evidence, source in rows:
            by_id[evidence.claim_id].evidence.append((evidence, source))
    return items


def _corrections(session: Session, article_id: int) -> list[dict]:
    """The article's correction log (services.corrections), each item marked `reopened` while its claim
    is being checked again (not published now)."""
    items = corrections.corrections(session, article_id=article_id)
    ids = {item["claim_id"] for item in items}
    published = (
        set(session.exec(select(Claim.id).where(Claim.id.in_(ids), Claim.status == "published")).all())
        if ids
        else set()
    )
    for item in items:
        item["reopened"] = item["claim_id"] not in published
    return items


def place_claims(text: str, revision_id: int, items: list[CheckedClaim]):
    """Cut the article text into plain pieces and claim pieces, in reading order.

    Returns (segments, unplaced): segments are ("text", str) or ("claim", CheckedClaim); a claim that is
    not anchored in this revision, lost its anchor, or overlaps an earlier claim is left for `unplaced`.
    """
    placeable, unplaced = [], []
    for item in items:
        claim = item.claim
        ok = (
            claim.start is not None
            and claim.end is not None
            and not claim.anchor_lost
            and claim.revision_id == revision_id
            and 0 <= claim.start < claim.end <= len(text)
            and (claim.quote is None or text[claim.start : claim.end] == claim.quote)
        )
        (placeable if ok else unplaced).append(item)
    placeable.sort(key=lambda item: (item.claim.start, item.claim.end))
    segments: list[tuple[str, object]] = []
    cursor = 0
    for item in placeable:
        if item.claim.start < cursor:  # overlaps the claim before it: listed below the text instead
            unplaced.append(item)
            continue
        if item.claim.start > cursor:
            segments.append(("text", text[cursor : item.claim.start]))
        segments.append(("claim", item))
        cursor = item.claim.end
    if cursor < len(text):
        segments.append(("text", text[cursor:]))
    return segments, unplaced


@bp.route("/report/<int:article_id>")
@requires("public")
def public_report(article_id: int):
    """An article with its published verdicts in place, its corrections and its ClaimReview JSON-LD."""
    session = get_session()
    article: Article = get_article(session, article_id=article_id)
    items = _published(session, article_id)
    corrections = _corrections(session, article_id)
    if not items and not corrections:
        raise NotFound("This article has no published fact-check yet.")
    revision = current_revision(session, article_id=article_id)
    segments, unplaced = place_claims(revision.text, revision.id, items)
    reviews = claimreview.claim_reviews(session, desk=desk(), report_url=report_url, article_id=article_id)
    return render_template(
        "reports/public.html",
        article=article,
        items=items,
        segments=segments,
        unplaced=unplaced,
        corrections=corrections,
        ratings=list_ratings(session),
        json_ld=Markup(claimreview.json_for_script(reviews)),  # noqa: S704  (<, >, & are \u-escaped)
        source_link=source_link,
    )


@bp.route("/ratings.css")
@requires("public")
def rating_css():
    """One class per rating slug with its colour (CSP forbids inline styles, so colours live here)."""
    rules = []
    for rating in list_ratings(get_session()):
        if not SLUG.fullmatch(rating.slug) or not COLOUR.fullmatch(rating.colour or ""):
            continue  # never write a value into CSS that the scale's rules would refuse
        rules.append(f".rating-{rating.slug} {{ --rating: {rating.colour.lower()}; }}")
    response = Response("\n".join(rules) + "\n", mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
