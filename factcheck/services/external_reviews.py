"""Other desks' fact-checks: reading schema.org ClaimReview as fact-checkers publish it, and storing it so the
desk's "checked before?" search finds it beside its own claims, labelled as external.

Accepted shapes: one ClaimReview object, a list of them, an `@graph`, a `DataFeed` whose `dataFeedElement`s are
ClaimReviews or `DataFeedItem`s holding them in `item`, or an HTML page carrying any of these in
`<script type="application/ld+json">` elements. Each record is checked on its own: a bad or partial one is
reported with why, and never stops the others. The import is idempotent: a review is known by its URL (or,
without one, by publisher, claim and date) and importing it again changes nothing, or updates what changed.
"""

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit
from urllib.request import Request

from sqlmodel import Session, select

from ..errors import Invalid
from ..models import ExternalReview, User
from ..models.claims import MAX_CLAIM_TEXT
from ..models.fields import MAX_URL
from ..models.similar import MAX_PUBLISHER
from . import audit
from .extraction import USER_AGENT, ExtractionError, _build_opener, _read_capped, _resolve, normalise_http_url
from .roles import require_role

MAX_RECORDS = 10_000
MAX_BYTES = 20_000_000


@dataclass
class RecordOutcome:
    """What became of one record of the file: `outcome` is added, updated, unchanged or refused (`reason`)."""

    number: int
    outcome: str
    claim: str | None = None
    url: str | None = None
    reason: str | None = None


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)  # "record 3: no claimReviewed"
    records: list["RecordOutcome"] = field(default_factory=list)  # each record, in the file's order
    file_problems: list[str] = field(default_factory=list)  # about the file itself, not one record

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.problems)} refused"
        )


class _JsonLdScripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "script" and (dict(attrs).get("type") or "").lower().startswith("application/ld+json"):
            self._inside = True
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def read_documents(data: bytes | str) -> tuple[list, list[str]]:
    """The JSON-LD values in `data` (JSON, or an HTML page's ld+json scripts), and what could not be read."""
    body = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    body = body.lstrip("\ufeff")
    stripped = body.lstrip()
    if stripped[:1] in ("{", "["):
        try:
            return [json.loads(stripped)], []
        except (ValueError, RecursionError) as error:
            return [], [f"the file is not valid JSON: {error}"]
    parser = _JsonLdScripts()
    parser.feed(body)
    values, problems = [], []
    for n, block in enumerate(parser.blocks, 1):
        try:
            values.append(json.loads(block))
        except (ValueError, RecursionError) as error:
            problems.append(f"JSON-LD script {n} is not valid JSON: {error}")
    if not parser.blocks:
        problems.append("no JSON and no JSON-LD script found")
    return values, problems


def _types(value: dict) -> set[str]:
    kind = value.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def claim_review_records(values: list) -> list:
    """Every ClaimReview-like record within the JSON-LD `values` (lists, @graph, DataFeed, DataFeedItem), in
    order; anything else inside a feed is kept too, so it can be reported as not a ClaimReview."""
    found: list = []

    def walk(value, depth=0):
        if depth > 20 or len(found) > MAX_RECORDS:
            return
        if isinstance(value, list):
            for item in value:
                walk(item, depth + 1)
        elif isinstance(value, dict):
            kinds = _types(value)
            if "ClaimReview" in kinds:
                found.append(value)
            elif "@graph" in value:
                walk(value["@graph"], depth + 1)
            elif "DataFeed" in kinds:
                walk(value.get("dataFeedElement", []), depth + 1)
            elif "DataFeedItem" in kinds:
                walk(value.get("item", []), depth + 1)
            else:
                found.append(value)  # reported: not a ClaimReview
        else:
            found.append(value)

    walk(values)
    return found


def _name(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _date(value) -> date | None:
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def parse_record(record) -> dict:
    """One ClaimReview as the fields the desk keeps. :raise Invalid: not a ClaimReview, or without a claim,
    a publisher or a rating, or with a URL that is not http(s)."""
    if not isinstance(record, dict) or "ClaimReview" not in _types(record):
        kind = sorted(_types(record)) if isinstance(record, dict) else type(record).__name__
        raise Invalid(f"not a ClaimReview ({kind or 'no @type'})")
    claim = record.get("claimReviewed")
    if not isinstance(claim, str) or not claim.strip():
        raise Invalid("no claimReviewed")
    claim = " ".join(claim.split())
    if len(claim) > MAX_CLAIM_TEXT:
        raise Invalid(f"claimReviewed longer than {MAX_CLAIM_TEXT} characters")
    publisher = _name(record.get("author")) or _name(record.get("publisher"))
    if not publisher:
        raise Invalid("no author or publisher name")
    url = record.get("url")
    if url is not None:
        try:
            url = normalise_http_url(url) if isinstance(url, str) else None
        except ValueError as error:
            raise Invalid(f"url: {error}") from None
        if url is None or len(url) > MAX_URL:
            raise Invalid("url is not an address")
    rating = record.get("reviewRating")
    rating = rating[0] if isinstance(rating, list) and rating else rating
    if not isinstance(rating, dict):
        raise Invalid("no reviewRating")
    label = _name({"name": rating.get("alternateName")}) or _name(rating.get("name"))
    value = _number(rating.get("ratingValue"))
    if label is None and value is None:
        raise Invalid("reviewRating has neither alternateName nor ratingValue")
    item = record.get("itemReviewed") if isinstance(record.get("itemReviewed"), dict) else {}
    return {
        "claim_text": claim,
        "claimant": (_name(item.get("author")) or "")[:MAX_PUBLISHER] or None,
        "publisher": publisher[:MAX_PUBLISHER],
        "url": url,
        "rating_label": (label or "")[:200] or None,
        "rating_value": value,
        "best_rating": _number(rating.get("bestRating")),
        "worst_rating": _number(rating.get("worstRating")),
        "reviewed_at": _date(record.get("datePublished")),
    }


def _key(fields: dict) -> str:
    if fields["url"]:
        return fields["url"]
    raw = "\n".join(str(fields[k] or "") for k in ("publisher", "claim_text", "reviewed_at"))
    return "sha256:" + hashlib.sha256(raw.encode()).hexdigest()


def import_reviews(session: Session, *, data: bytes | str, origin: str, actor: User | None) -> ImportReport:
    """Read ClaimReview records from `data` (see the module docstring) and store each new or changed one.

    Each record is parsed and checked on its own; a refused one is named in the report's `problems` with why,
    and the others are stored. Commits once at the end; writes one `external_review.import` history event.
    :raise Forbidden: not an admin (the command line, actor None, may).
    :raise Invalid: more than MAX_BYTES.
    """
    require_role(actor, "admin", "import other desks' fact-checks", command_line=True)
    if len(data) > MAX_BYTES:
        raise Invalid(
            f"The file is too large to import (at most {MAX_BYTES:,} bytes).", fields={"file": "too large"}
        )
    report = ImportReport()
    values, report.file_problems = read_documents(data)
    report.problems = list(report.file_problems)
    seen: set[str] = set()
    for n, record in enumerate(claim_review_records(values), 1):
        try:
            fields = parse_record(record)
        except Invalid as error:
            report.problems.append(f"record {n}: {error.message}")
            report.records.append(RecordOutcome(n, "refused", reason=error.message))
            continue
        key = _key(fields)
        outcome = RecordOutcome(n, "unchanged", claim=fields["claim_text"], url=fields["url"])
        report.records.append(outcome)
        if key in seen:
            report.unchanged += 1
            outcome.reason = "the same review again in this file"
            continue
        seen.add(key)
        existing = session.exec(select(ExternalReview).where(ExternalReview.key == key)).first()
        if existing is None:
            session.add(
                ExternalReview(
                    key=key,
                    imported_from=origin[:MAX_URL],
                    imported_by_id=actor.id if actor else None,
                    **fields,
                )
            )
            report.added += 1
            outcome.outcome = "added"
        elif any(getattr(existing, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(existing, name, value)
            report.updated += 1
            outcome.outcome = "updated"
        else:
            report.unchanged += 1
    audit.record(
        session,
        actor=actor,
        action="external_review.import",
        object_type="external_review",
        object_id=None,
        after={
            "from": origin[:500],
            "added": report.added,
            "updated": report.updated,
            "refused": len(report.problems),
        },
    )
    session.commit()
    return report


def fetch(url: str, *, timeout: float, max_bytes: int, allow_private: bool) -> bytes:
    """The raw body at `url` (JSON-LD or an HTML page), fetched with the same guards as an article page:
    http(s) only, no private addresses unless allowed, redirects checked, size and time bounded.

    :raise Invalid: a refused address or a failed download (with the reason).
    """
    try:
        url = normalise_http_url(url)
        parts = urlsplit(url)
        _resolve(
            parts.hostname,
            parts.port or (443 if parts.scheme == "https" else 80),
            allow_private=allow_private,
        )
        accept = "application/ld+json, application/json, text/html"
        request = Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})  # noqa: S310  (http(s) only)
        with _build_opener(allow_private=allow_private).open(request, timeout=timeout) as response:
            return _read_capped(response, max_bytes=max_bytes, deadline=time.monotonic() + timeout, url=url)
    except (ValueError, ExtractionError, OSError) as error:
        raise Invalid(f"Could not fetch {url}: {error}", fields={"url": str(error)}) from None
