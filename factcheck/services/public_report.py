"""What the public report page of an article shows: its published verdicts, where they sit in the text,
the byline and dates, the correction log and the ClaimReview JSON-LD, gathered in one place.

Readers see a claim in the article as whole sentences: an anchor that covers part of a sentence ("500 fighters
were sent to Libya" in "The panel said 500 fighters were sent to Libya.") is widened to the sentences it
touches (services.splitting cuts them), so no highlight and no verdict card starts or ends mid-sentence.
Claims whose sentences overlap share one highlighted passage.
"""

import html
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import nh3
from markupsafe import Markup
from sqlalchemy import Row
from sqlmodel import Session, select

from ..errors import NotFound
from ..models import Article, Claim, Evidence, Rating, Source, Verdict
from . import claimreview, corrections
from .articles import current_revision, get_article
from .document_symbols import official_document_url
from .markdown import render as render_markdown
from .ratings import list_ratings
from .splitting import split_sentences
from .users import display_names

SAFE_LINK = re.compile(r"https?://", re.IGNORECASE)
ONE_LINE = 200  # characters of a rationale in the summary at the top
STANCE_LABELS = {"supports": "Supports", "contradicts": "Contradicts", "context": "Context"}


@dataclass
class CitedSource:
    """One evidence item of a published claim, with the links a reader may follow.

    On the report `evidence` and `source` are one row of the columns the page reads (the evidence's stance,
    quote, locator; the source's title, url, publisher, document_symbol): loading them as Evidence and
    Source objects took three times as long (#10)."""

    evidence: Evidence | Row
    source: Source | Row
    url: str | None  # the source's own address, when it is a web address (never javascript: or similar)
    symbol_url: str | None  # the official page of its UN document symbol (undocs.org), if it has one

    @property
    def stance_label(self) -> str:
        return STANCE_LABELS.get(self.evidence.stance, self.evidence.stance)


@dataclass
class CheckedClaim:
    """A published claim as the page shows it."""

    claim: Claim
    verdict: Verdict
    rating: Rating
    rationale: Markup  # the rationale's Markdown, sanitised (services.markdown)
    summary: str  # the rationale as one line of plain text, for the summary at the top
    sources: list[CitedSource] = field(default_factory=list)
    passage: str | None = None  # the whole sentences of the article it comes from, when placed in the text
    passage_id: str | None = None  # the id of its highlight in the text, when placed
    reviewer: str | None = None  # who proposed the verdict (display name; only when the desk shows names)
    editor: str | None = None  # who approved it (likewise)

    @property
    def evidence(self) -> list[tuple[Evidence, Source]]:
        """(evidence, source) pairs, as the claim screen lists them."""
        return [(cited.evidence, cited.source) for cited in self.sources]


@dataclass
class Passage:
    """Whole sentences of the article holding one or more published claims."""

    id: str
    text: str
    items: list[CheckedClaim]

    @property
    def rating(self) -> Rating:
        """The rating that colours the highlight: the first claim's."""
        return self.items[0].rating


@dataclass
class Byline:
    desk_name: str
    desk_url: str
    reviewers: list[str]  # empty unless the desk shows names
    editors: list[str]
    published_at: datetime | None  # the first verdict published now
    updated_at: datetime | None  # the latest verdict or correction after that; None when nothing changed


@dataclass
class PublicReport:
    article: Article
    items: list[CheckedClaim]
    segments: list[tuple[str, object]]  # ("text", str) or ("passage", Passage), in reading order
    unplaced: list[CheckedClaim]  # published, but not found in the current text
    corrections: list[dict]
    byline: Byline
    ratings: list[Rating]
    reviews: list[dict]  # the ClaimReview JSON-LD objects
    description: str  # one sentence for link previews: how many claims, with which ratings


def source_link(source: Source) -> str | None:
    """The source's URL when it is a web address (never javascript: or similar)."""
    return source.url if source.url and SAFE_LINK.match(source.url) else None


def cite(evidence: Evidence, source: Source) -> CitedSource:
    return CitedSource(evidence, source, source_link(source), official_document_url(source.document_symbol))


def one_line(rationale: str, limit: int = ONE_LINE) -> str:
    """The rationale's first paragraph as plain text (Markdown removed), cut at a word within `limit`."""
    text = html.unescape(nh3.clean(str(render_markdown(rationale)).replace("</p>", "</p>\n"), tags=set()))
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = " ".join(first.split())
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


@lru_cache(maxsize=2048)  # some 40 reports of 50 verdicts
def _rationale(rationale: str | None) -> tuple[Markup, str]:
    """(the rationale's sanitised HTML, its one line for the summary). A pure function of the text, so kept
    per process: a report shows every rationale of its article on each request, and Markdown plus nh3 were
    a third of its time. A changed rationale is another key, so nothing stale is ever served."""
    return render_markdown(rationale), one_line(rationale)


def checked_claim(session: Session, claim: Claim, verdict: Verdict, rating: Rating) -> CheckedClaim:
    """One claim as the public page would show it with this verdict (also a preview before approval)."""
    rows = session.exec(
        select(Evidence, Source)
        .join(Source, Source.id == Evidence.source_id)
        .where(Evidence.claim_id == claim.id)
        .order_by(Evidence.id)
    ).all()
    item = CheckedClaim(claim, verdict, rating, *_rationale(verdict.rationale))
    item.sources = [cite(evidence, source) for evidence, source in rows]
    return item


def _published_rows(session: Session, article_id: int) -> list:
    """(claim, article, verdict, rating) of the article's claims published now (claimreview's query)."""
    query = claimreview.published_claims_query().where(Claim.article_id == article_id)
    return list(session.exec(query).all())


def _checked(session: Session, rows: list, *, with_names: bool) -> list[CheckedClaim]:
    """The article's claims published now (rows of _published_rows, in reading order) as the page shows them,
    with their sources and, `with_names`, the names of who proposed and approved each verdict (one statement
    each)."""
    items = [
        CheckedClaim(claim, verdict, rating, *_rationale(verdict.rationale))
        for claim, _article, verdict, rating in rows
    ]
    by_id = {item.claim.id: item for item in items}
    if not by_id:
        return items
    cited = session.exec(
        select(
            Evidence.claim_id,
            Evidence.stance,
            Evidence.quote,
            Evidence.locator,
            Source.title,
            Source.url,
            Source.publisher,
            Source.document_symbol,
        )
        .join(Source, Source.id == Evidence.source_id)
        .where(Evidence.claim_id.in_(list(by_id)))
        .order_by(Evidence.claim_id, Evidence.id)
    ).all()
    for row in cited:
        by_id[row.claim_id].sources.append(cite(row, row))
    if not with_names:
        return items
    people = {item.verdict.proposed_by_id for item in items} | {item.verdict.decided_by_id for item in items}
    names = display_names(session, people)
    for item in items:
        item.reviewer = names.get(item.verdict.proposed_by_id)
        item.editor = names.get(item.verdict.decided_by_id)
    return items


@lru_cache(maxsize=64)  # keyed by the text itself, as services.articles keeps suggestions
def _sentences(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """(the (start, end) span of each sentence of `text`, their starts). Cutting an article into sentences
    (pysbd, line by line) was half the report's time; a revision's text never changes, and the key is the
    text itself, so a corrected text (a new revision) is cut afresh."""
    spans = tuple((start, end) for start, end, _whole in split_sentences(text))
    return spans, tuple(start for start, _end in spans)


def sentence_bounds(text: str) -> Callable[[int, int], tuple[int, int]]:
    """widen(start, end) -> the span of the whole sentences of `text` that [start, end) touches."""
    spans, starts = _sentences(text)

    def widen(start: int, end: int) -> tuple[int, int]:
        if not spans:
            return start, end
        # the sentence holding `start`, or the next one when `start` sits in the space between two
        first = max(bisect_right(starts, start) - 1, 0)
        if spans[first][1] <= start and first + 1 < len(spans):
            first += 1
        # the sentence holding the last character, or the one before when it sits in a space
        last = max(bisect_right(starts, end - 1) - 1, 0)
        new_start = min(start, spans[first][0]) if spans[first][0] < end else start
        new_end = max(end, spans[last][1]) if spans[last][1] > start else end
        return new_start, new_end

    return widen


def place_claims(text: str, revision_id: int, items: list[CheckedClaim]):
    """Cut the article text into plain pieces and passages, in reading order.

    Returns (segments, unplaced): segments are ("text", str) or ("passage", Passage). Each placed claim is
    widened to whole sentences; claims whose sentences overlap share a passage. A claim not anchored in this
    revision, or whose anchor is lost or no longer matches the text, is left for `unplaced`.
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
    widen = sentence_bounds(text)
    spans = sorted(
        ((*widen(item.claim.start, item.claim.end), item) for item in placeable),
        key=lambda span: (span[0], span[1], span[2].claim.id),
    )
    groups: list[list] = []  # [start, end, items]
    for start, end, item in spans:
        item.passage = text[start:end]
        if groups and start < groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], end)
            groups[-1][2].append(item)
        else:
            groups.append([start, end, [item]])
    segments: list[tuple[str, object]] = []
    cursor = 0
    for start, end, members in groups:
        if start > cursor:
            segments.append(("text", text[cursor:start]))
        passage = Passage(id=f"in-text-{members[0].claim.id}", text=text[start:end], items=members)
        for member in members:
            member.passage_id = passage.id
        segments.append(("passage", passage))
        cursor = end
    if cursor < len(text):
        segments.append(("text", text[cursor:]))
    return segments, unplaced


def _byline(items: list[CheckedClaim], log: list[dict], desk: claimreview.Desk, show_names: bool) -> Byline:
    published_times = [item.verdict.decided_at for item in items if item.verdict.decided_at]
    first = min(published_times) if published_times else None
    changes = published_times + [c["corrected_at"] for c in log if c.get("corrected_at")]
    latest = max(changes) if changes else None
    updated = latest if first is None or (latest is not None and latest.date() > first.date()) else None

    def distinct(names):
        return list(dict.fromkeys(name for name in names if name))

    return Byline(
        desk_name=desk.name,
        desk_url=desk.url if SAFE_LINK.match(desk.url or "") else "",
        reviewers=distinct(item.reviewer for item in items) if show_names else [],
        editors=distinct(item.editor for item in items) if show_names else [],
        published_at=first,
        updated_at=updated,
    )


def _description(items: list[CheckedClaim]) -> str:
    if not items:
        return "Corrections to our fact-check of this article."
    counts: dict[str, int] = {}
    for item in items:
        counts[item.rating.label] = counts.get(item.rating.label, 0) + 1
    ratings = ", ".join(f"{label}: {count}" for label, count in counts.items())
    if len(items) == 1:
        return f"{items[0].rating.label}: {items[0].claim.text}"
    return f"{len(items)} claims checked ({ratings})."


def public_report(
    session: Session,
    *,
    article_id: int,
    desk: claimreview.Desk,
    report_url: Callable[[int], str],
    show_names: bool = False,
) -> PublicReport:
    """Everything the public report page of an article shows.

    show_names: name the reviewers and editors in the byline (a desk's choice: config REPORT_SHOW_NAMES).
    :raise NotFound: no such article, or nothing of it was ever published (no verdict, no correction).
    """
    article = get_article(session, article_id=article_id)
    rows = _published_rows(session, article_id)
    items = _checked(session, rows, with_names=show_names)  # names only for a byline that shows them
    log = corrections.corrections(session, article_id=article_id, with_names=False)  # the page shows none
    if not items and not log:
        raise NotFound("This article has no published fact-check yet.")
    revision = current_revision(session, article_id=article_id)
    segments, unplaced = place_claims(revision.text, revision.id, items)
    reviews = claimreview.reviews_of(session, rows, desk=desk, report_url=report_url)
    return PublicReport(
        article=article,
        items=items,
        segments=segments,
        unplaced=unplaced,
        corrections=log,
        byline=_byline(items, log, desk, show_names),
        ratings=list_ratings(session),
        reviews=reviews,
        description=_description(items),
    )
