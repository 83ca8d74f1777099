"""schema.org ClaimReview JSON-LD for published verdicts (Google's fact-check markup).

A claim appears here only while it is published: its status is "published" and its current verdict
(services.claims) is the published one. Unproven (no number on the scale) gets a reviewRating with alternateName only, as Google asks
for ratings that are not numeric.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlmodel import Session, select

from ..models import Article, Claim, Rating, Verdict
from ..timeutil import iso
from .articles import get_article

BEST_RATING = 5
WORST_RATING = 1
# Words that say a claimant is an organisation rather than one person (schema.org needs one or the other).
ORGANISATION_WORDS = re.compile(
    r"\b(ministry|ministries|agency|council|committee|commission|government|office|department|report|panel|"
    r"united nations|u\.n\.|un|nato|army|forces|police|party|group|company|inc|ltd|news|times|post|telegraph|"
    r"press|tv|radio|network|institute|university|foundation|organi[sz]ation|association|union|court|"
    r"parliament|senate|congress|observatory|center|centre|bank|media|channel|reuters|agence)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Desk:
    """Who publishes the reviews: the desk's name and site (config DESK_NAME, DESK_URL)."""

    name: str
    url: str = ""


def desk_of(config) -> Desk:
    """The publisher ClaimReview names: the app's DESK_NAME and DESK_URL settings (any mapping); a DESK_URL
    that is not an http(s) address is left out (it is a link on the public report too)."""
    url = (config.get("DESK_URL") or "").strip()
    return Desk(name=config["DESK_NAME"], url=url if re.match(r"https?://", url, re.IGNORECASE) else "")


def published_claims_query():
    """Claims that are published now, with their article, current verdict and rating, in reading order."""
    return (
        select(Claim, Article, Verdict, Rating)
        .join(Article, Article.id == Claim.article_id)
        .join(Verdict, Verdict.id == Claim.verdict_id)
        .join(Rating, Rating.id == Verdict.rating_id)
        .where(Claim.status == "published", Verdict.state == "published")
        .order_by(Claim.article_id, Claim.start.is_(None), Claim.start, Claim.id)
    )


def claimant_kind(name: str) -> str:
    """ "Organization" or "Person" for a claimant's name (a guess from its words; Person when in doubt)."""
    return "Organization" if ORGANISATION_WORDS.search(name) else "Person"


def _claim_author(claim: Claim, article: Article) -> dict:
    if claim.claimant:
        return {"@type": claimant_kind(claim.claimant), "name": claim.claimant}
    # The outlet asserts it itself.
    name = article.outlet or (urlsplit(article.url).hostname if article.url else None) or article.title
    return {"@type": "Organization", "name": name}


def review_rating(rating: Rating) -> dict:
    """The reviewRating object: a number on 1..5 with the label, or the label alone (Unproven)."""
    if rating.value is None or rating.is_unproven:
        return {"@type": "Rating", "alternateName": rating.label}
    return {
        "@type": "Rating",
        "ratingValue": rating.value,
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "alternateName": rating.label,
    }


def claim_review(
    claim: Claim, article: Article, verdict: Verdict, rating: Rating, *, desk: Desk, report_url: str
) -> dict:
    """One ClaimReview object for a published claim; report_url is the article's public report page."""
    appearance: dict = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        appearance["url"] = article.url
    if article.published_at:
        appearance["datePublished"] = article.published_at.isoformat()
    if article.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": article.outlet}
    item: dict = {"@type": "Claim", "author": _claim_author(claim, article), "appearance": appearance}
    if article.published_at:
        item["datePublished"] = article.published_at.isoformat()
    author: dict = {"@type": "Organization", "name": desk.name}
    if desk.url:
        author["url"] = desk.url
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{report_url}#claim-{claim.id}",
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "author": author,
        "datePublished": iso(verdict.decided_at),
        "reviewRating": review_rating(rating),
    }


def claim_reviews(
    session: Session, *, desk: Desk, report_url: Callable[[int], str], article_id: int | None = None
) -> list[dict]:
    """ClaimReview objects for every published claim, of one article or (article_id None) of the whole desk.

    report_url(article_id) gives the absolute URL of an article's public report page.
    :raise NotFound: article_id names no article.
    """
    query = published_claims_query()
    if article_id is not None:
        get_article(session, article_id=article_id)
        query = query.where(Claim.article_id == article_id)
    return reviews_of(session, session.exec(query).all(), desk=desk, report_url=report_url)


def reviews_of(session: Session, rows, *, desk: Desk, report_url: Callable[[int], str]) -> list[dict]:
    """ClaimReview objects for rows of published_claims_query() (a caller that has them already, as the
    public report has, need not ask the database again)."""
    earlier = _published_originals(session, [claim.same_as_id for claim, *_ in rows if claim.same_as_id])
    reviews = []
    for claim, article, verdict, rating in rows:
        review = claim_review(claim, article, verdict, rating, desk=desk, report_url=report_url(article.id))
        if claim.same_as_id in earlier:
            # "same as #N" (services.similar): this verdict rests on the desk's earlier review of the same
            # claim. isBasedOn is a CreativeWork property ("a resource from which this work is derived"), so
            # a ClaimReview may carry it; sameAs would say the two reviews are one thing, which they are not.
            original_article = earlier[claim.same_as_id]
            review["isBasedOn"] = {
                "@type": "ClaimReview",
                "url": f"{report_url(original_article)}#claim-{claim.same_as_id}",
            }
        reviews.append(review)
    return reviews


def _published_originals(session: Session, ids: list[int]) -> dict[int, int]:
    """Of the claims `ids`, those published now (so they have a ClaimReview), with their article's id."""
    if not ids:
        return {}
    return dict(
        session.exec(
            select(Claim.id, Claim.article_id).where(Claim.id.in_(ids), Claim.status == "published")
        ).all()
    )


def json_for_script(data: object) -> str:
    """JSON safe inside an HTML <script> element: <, > and & become \\u003c, \\u003e, \\u0026, so text such as
    `</script>` in a claim cannot end the element. Still valid JSON with the same value."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
