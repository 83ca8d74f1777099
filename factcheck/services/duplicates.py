"""Is this article already on the desk? The same page under another address, or near-identical text.

Two checks, both cheap at any archive size:

- **Address**: `normalise_url` drops what does not change the page (scheme, `www.`, tracking parameters such
  as `utm_*`, `fbclid`, `gclid`, the order of the other parameters, a trailing slash, the fragment); the result
  is stored in `article.url_normalized` and looked up by index.
- **Text**: the Jaccard overlap of the two texts' word 5-shingles, >= NEAR_IDENTICAL. To avoid comparing with
  every article, each article keeps a MinHash fingerprint of its shingles cut into BANDS bands
  (`article_text_band`, one-permutation MinHash: one hash per shingle, the minimum in each of 64 bins); an
  article sharing a band with the new text is a candidate, and only candidates are compared exactly. With 16
  bands of 4 bins, a pair at Jaccard 0.8 shares a band with probability > 0.999.
"""

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlmodel import Session, col, delete, select

from ..errors import Conflict
from ..models import Article, ArticleRevision, ArticleTextBand

NEAR_IDENTICAL = 0.8  # Jaccard of word 5-shingles from which two texts are "the same article"
SHINGLE = 5
BINS, BANDS = 64, 16
ROWS = BINS // BANDS
TRACKING = re.compile(
    r"^(utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|ref_src|"
    r"cmpid|ocid|smid|xtor)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise_url(url: str) -> str:
    """The address as a key: no scheme, host lowercased without `www.` and default port, path without a
    trailing slash, tracking parameters dropped and the rest sorted, no fragment. Two addresses of one page
    give one key ("https://www.example.org/a/?utm_source=x#top" and "http://example.org/a")."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port if parts.port not in (None, 80, 443) else None
    path = re.sub(r"/+$", "", parts.path or "") or ""
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING.match(key)
    )
    netloc = host + (f":{port}" if port else "")
    return urlunsplit(("", netloc, path, urlencode(query), "")).removeprefix("//")


def shingles(text: str) -> set[str]:
    """The text's word 5-shingles (lowercased words; a text shorter than 5 words is one shingle)."""
    words = [w.lower() for w in _WORD.findall(text or "")]
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


def bands(text: str) -> list[str]:
    """The text's fingerprint: BANDS band keys (16 hex characters each) of its one-permutation MinHash."""
    found = shingles(text)
    if not found:
        return []
    mins = [2**64] * BINS
    for shingle in found:
        value = _hash(shingle)
        slot, rest = value % BINS, value // BINS
        if rest < mins[slot]:
            mins[slot] = rest
    keys = []
    for band in range(BANDS):
        rows = mins[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(repr((band, rows)).encode(), digest_size=8).hexdigest()
        keys.append(digest)
    return keys


@dataclass(frozen=True)
class DuplicateMatch:
    article: Article
    reason: str  # "url" or "text"
    overlap: float  # 1.0 for the same address; the Jaccard overlap of the texts otherwise


class DuplicateArticle(Conflict):
    """The desk already has this article (same page, or near-identical text); `match` says which and why."""

    code = "duplicate_article"

    def __init__(self, match: DuplicateMatch):
        article = match.article
        why = (
            "the same address"
            if match.reason == "url"
            else f"near-identical text ({round(match.overlap * 100)}% of its passages)"
        )
        super().__init__(
            f"The desk already has this article: “{article.title}” (article {article.id}, /articles/{article.id}),"
            f" with {why}. Confirm to add it anyway.",
            fields={
                match.reason: f"{why} as article {article.id}",
                "existing_id": str(article.id),
            },
        )
        self.match = match


def find_duplicate(session: Session, *, url: str | None, text: str) -> DuplicateMatch | None:
    """The stored article this one repeats: first by address, then by near-identical text; None if none."""
    if url:
        found = session.exec(
            select(Article).where(Article.url_normalized == normalise_url(url)).order_by(Article.id).limit(1)
        ).first()
        if found is not None:
            return DuplicateMatch(found, "url", 1.0)
    keys = bands(text)
    if not keys:
        return None
    candidates = session.exec(
        select(ArticleTextBand.article_id).where(col(ArticleTextBand.band).in_(keys)).distinct().limit(50)
    ).all()
    if not candidates:
        return None
    mine = shingles(text)
    best: DuplicateMatch | None = None
    for article_id in sorted(candidates):
        revision = session.exec(
            select(ArticleRevision)
            .where(ArticleRevision.article_id == article_id)
            .order_by(col(ArticleRevision.number).desc())
            .limit(1)
        ).first()
        if revision is None:
            continue
        overlap = jaccard(mine, shingles(revision.text))
        if overlap >= NEAR_IDENTICAL and (best is None or overlap > best.overlap):
            best = DuplicateMatch(session.get(Article, article_id), "text", overlap)
    return best


def remember(session: Session, *, article: Article, text: str) -> None:
    """Store the article's address key and its text fingerprint (replacing an earlier one), unflushed."""
    article.url_normalized = normalise_url(article.url) if article.url else None
    session.exec(delete(ArticleTextBand).where(ArticleTextBand.article_id == article.id))
    for key in bands(text):
        session.add(ArticleTextBand(article_id=article.id, band=key))
