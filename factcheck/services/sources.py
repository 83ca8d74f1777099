"""The desk's source library: adding and editing sources, UN document symbols, duplicates, search.

A UN document symbol typed loosely ("s /2021/ 229", "S/RES/2510(2020)") is recognised and written the
UN's way ("S/2021/229", "S/RES/2510 (2020)") so that it links to its official page and a second copy
of the same document is caught. URLs are accepted only as http(s) (services.extraction decides).
Symbols are parsed in services.document_symbols and uploaded files live in services.source_files
(both re-exported here).
"""

import unicodedata
from datetime import date
from urllib.parse import urlsplit

from rapidfuzz import fuzz
from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from ..errors import Conflict, Invalid, NotFound
from ..models import RELIABILITY, SOURCE_KINDS, Source, User
from ..models.fields import MAX_URL, parse_iso_date
from ..models.sources import MAX_NOTES, MAX_PUBLISHER, MAX_SOURCE_TITLE, SEARCH_LIMIT
from ..timeutil import iso
from . import audit, stamped
from .document_symbols import (  # noqa: F401  (part of this module's surface)
    MAX_SYMBOL,
    Symbol,
    is_un_symbol,
    normalise_symbol,
    official_document_url,
    parse_symbol,
    symbol_from_url,
)
from .extraction import normalise_http_url
from .roles import require_role
from .source_files import (  # noqa: F401  (part of this module's surface)
    FileMatch,
    attach_file,
    file_path,
    files_for_source,
    get_file,
    page_count,
    safe_download_type,
    search_in_file,
    search_in_source,
)

MAX_TITLE = MAX_SOURCE_TITLE


class DuplicateSource(Conflict):
    """The library already holds this document (same URL or same symbol); `existing` is that source."""

    code = "duplicate_source"

    def __init__(self, existing: Source, field: str):
        what = "address" if field in ("url", "archived_url") else "document symbol"
        super().__init__(
            f"The library already has this source (same {what}): “{existing.title}” (source {existing.id}). "
            "Use that one instead of adding a copy.",
            fields={
                field: f"already in the library as source {existing.id}",
                "existing_id": str(existing.id),
            },
        )
        self.existing = existing


# --- adding and editing ------------------------------------------------------------------------------------


def _text(value, name: str, limit: int, fields: dict[str, str], *, required: bool = False) -> str | None:
    if value is None:
        value = ""
    if not isinstance(value, str):
        fields[name] = "must be text"
        return None
    value = value.strip()
    if required and not value:
        fields[name] = "required"
    elif len(value) > limit:
        fields[name] = f"at most {limit} characters"
    return value or None


def _url(value, name: str, fields: dict[str, str]) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        url = normalise_http_url(value)
    except ValueError as error:
        fields[name] = str(error)
        return None
    if len(url) > MAX_URL:
        fields[name] = f"at most {MAX_URL} characters"
    return url


def _date(value, fields: dict[str, str]) -> date | None:
    try:
        return parse_iso_date(value)
    except ValueError:
        fields["published_at"] = "a date (YYYY-MM-DD)"
        return None


def _clean(data: dict) -> dict:
    """Validated, normalised source fields from `data` (only the keys present). :raise Invalid."""
    fields: dict[str, str] = {}
    out: dict = {}
    if "title" in data:
        out["title"] = _text(data["title"], "title", MAX_TITLE, fields, required=True)
    if "publisher" in data:
        out["publisher"] = _text(data["publisher"], "publisher", MAX_PUBLISHER, fields)
    if "notes" in data:
        out["notes"] = _text(data["notes"], "notes", MAX_NOTES, fields) or ""
    if "kind" in data:
        kind = data["kind"] or "other"
        labels = {label.lower(): key for key, label in SOURCE_KINDS.items()}
        kind = kind if kind in SOURCE_KINDS else labels.get(str(kind).strip().lower())
        if kind is None:
            fields["kind"] = "one of " + ", ".join(SOURCE_KINDS)
        out["kind"] = kind
    if "reliability" in data:
        grade = data["reliability"] or "F"
        grade = grade.strip().upper() if isinstance(grade, str) else grade
        if grade not in RELIABILITY:
            fields["reliability"] = "a grade from A (completely reliable) to F (cannot be judged)"
        out["reliability"] = grade
    for name in ("url", "archived_url"):
        if name in data:
            out[name] = _url(data[name], name, fields)
    if "document_symbol" in data:
        raw = data["document_symbol"]
        out["document_symbol"] = None
        if isinstance(raw, str) and raw.strip():
            try:
                out["document_symbol"] = normalise_symbol(raw)
            except ValueError as error:
                fields["document_symbol"] = str(error)
        elif raw is not None and not isinstance(raw, str):
            fields["document_symbol"] = "must be text"
    if "published_at" in data:
        out["published_at"] = _date(data["published_at"], fields)
    if fields:
        raise Invalid.of_fields("The source cannot be saved", fields)
    return out


def _url_variants(url: str) -> set[str]:
    """The same address written with http/https, with or without www. and a trailing slash or fragment."""
    parts = urlsplit(url)
    host = parts.netloc.lower()
    hosts = {host, host[4:] if host.startswith("www.") else "www." + host}
    paths = {parts.path, parts.path.rstrip("/") or "/", parts.path.rstrip("/") + "/"}
    query = f"?{parts.query}" if parts.query else ""
    variants = set()
    for scheme in ("http", "https"):
        for h in hosts:
            for p in paths:
                variants.add(f"{scheme}://{h}{p}{query}")
    if parts.fragment:
        variants |= {v + "#" + parts.fragment for v in variants}
    return variants


def find_duplicate(
    session: Session,
    *,
    url: str | None = None,
    document_symbol: str | None = None,
    exclude_id: int | None = None,
) -> tuple[Source, str] | None:
    """The source already holding this document, with the field that matched ("url" or "document_symbol").

    `url` and `document_symbol` may be typed loosely; they are normalised first (bad values match nothing).
    """
    symbol = None
    if document_symbol:
        try:
            symbol = normalise_symbol(document_symbol)
        except ValueError:
            symbol = None
    checks: list[tuple[str, object]] = []
    if url:
        try:
            clean = normalise_http_url(url)
        except ValueError:
            clean = None
        if clean:
            checks.append(("url", Source.url.in_(_url_variants(clean))))
            symbol = symbol or symbol_from_url(clean)
    if symbol:
        checks.append(("document_symbol", func.lower(Source.document_symbol) == symbol.lower()))
    for field, condition in checks:
        query = select(Source).where(condition)
        if exclude_id is not None:
            query = query.where(Source.id != exclude_id)
        found = session.exec(query.order_by(Source.id)).first()
        if found is not None:
            return found, field
    return None


SOURCE_FIELDS = (
    "title", "publisher", "kind", "url", "document_symbol", "published_at", "archived_url", "reliability", "notes",
)  # fmt: skip


def create_source(session: Session, *, actor: User, title: str, **details) -> Source:
    """Add a source to the library. A UN symbol (given, or read from an undocs.org address) is normalised;
    a source with a UN symbol and no kind (or "other") becomes a UN report.

    :raise Forbidden: the actor is not a reviewer, editor or admin.
    :raise Invalid: no title, a URL that is not http(s), a bad grade, kind, date or symbol.
    :raise DuplicateSource: (a Conflict) the same URL or symbol is already in the library.
    """
    require_role(actor, "write", "change the source library")
    unknown = set(details) - set(SOURCE_FIELDS)
    if unknown:
        raise Invalid(
            f"Unknown source fields: {', '.join(sorted(unknown))}.", fields=dict.fromkeys(unknown, "unknown")
        )
    data = _clean({"title": title, **{k: details.get(k) for k in SOURCE_FIELDS if k != "title"}})
    if not data["document_symbol"]:
        data["document_symbol"] = symbol_from_url(data["url"])
    if (
        data["document_symbol"]
        and is_un_symbol(data["document_symbol"])
        and details.get("kind") in (None, "", "other")
    ):
        data["kind"] = "un_report"
    duplicate = find_duplicate(session, url=data["url"], document_symbol=data["document_symbol"])
    if duplicate:
        raise DuplicateSource(*duplicate)
    source = Source(**data, created_by_id=actor.id)
    session.add(source)
    session.flush()
    audit.record(
        session, actor=actor, action="source.create", object_type="source", object_id=source.id,
        after=_snapshot(source),
    )  # fmt: skip
    session.commit()
    return source


def update_source(session: Session, *, source_id: int, actor: User, **changes) -> Source:
    """Change a source's details (only the fields given).

    :raise NotFound: no such source. :raise Forbidden: not a reviewer+.
    :raise Invalid: as create_source. :raise DuplicateSource: the new URL or symbol belongs to another source.
    """
    require_role(actor, "write", "change the source library")
    source = get_source(session, source_id=source_id)
    unknown = set(changes) - set(SOURCE_FIELDS)
    if unknown:
        raise Invalid(
            f"Unknown source fields: {', '.join(sorted(unknown))}.", fields=dict.fromkeys(unknown, "unknown")
        )
    data = _clean(changes)
    duplicate = find_duplicate(
        session,
        url=data.get("url"),
        document_symbol=data.get("document_symbol"),
        exclude_id=source.id,
    )
    if duplicate:
        raise DuplicateSource(*duplicate)
    before = _snapshot(source)
    for name, value in data.items():
        setattr(source, name, value)
    after = _snapshot(source)
    if before == after:
        return source
    changed = [name for name in after if before[name] != after[name]]
    audit.record(
        session, actor=actor, action="source.edit", object_type="source", object_id=source.id,
        before={k: before[k] for k in changed}, after={k: after[k] for k in changed},
    )  # fmt: skip
    session.commit()
    return source


def _snapshot(source: Source) -> dict:
    return {
        name: (value.isoformat() if isinstance(value, date) else value)
        for name in SOURCE_FIELDS
        for value in [getattr(source, name)]
    }


def get_source(session: Session, *, source_id: int) -> Source:
    """:raise NotFound: no such source."""
    source = session.get(Source, source_id) if isinstance(source_id, int) else None
    if source is None:
        raise NotFound(f"There is no source {source_id}.")
    return source


# what the picker shows (migration 0013's stamp changes when any of them changes)
PICKER_COLUMNS = (Source.id, Source.title, Source.document_symbol, Source.reliability)


def list_sources(session: Session, *, limit: int = 500) -> tuple:
    """Sources by title, for a picker: rows of id, title, document_symbol and reliability (the columns a
    picker shows; whole Source objects cost ~20 µs each to build, 10 ms for the claim screen's 500), as a tuple
    kept per process until a source is added, removed or changes what the picker shows (services.stamped)."""
    query = select(*PICKER_COLUMNS).order_by(func.lower(Source.title), Source.id).limit(limit)
    return stamped.kept(
        session, "source", ("list_sources", limit), lambda: tuple(session.connection().execute(query))
    )


# --- search ------------------------------------------------------------------------------------------------


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_sources(session: Session, *, q: str | None, limit: int = SEARCH_LIMIT) -> list[Source]:
    """Sources whose title, publisher, symbol or notes contain every word of `q` (any case, any order).

    A query that reads as a document symbol ("s /2021/229") also finds the source with that symbol.
    Exact symbol matches come first, then title matches, then the newest. An empty query lists the newest.
    """
    q = " ".join((q or "").split())[:300]
    query = select(Source)
    if not q:
        return list(
            session.exec(query.order_by(Source.created_at.desc(), Source.id.desc()).limit(limit)).all()
        )
    columns = (Source.title, Source.publisher, Source.document_symbol, Source.notes)
    every_word = and_(
        *[or_(*[column.ilike(_like(word), escape="\\") for column in columns]) for word in q.split()[:12]]
    )
    symbol = None
    try:
        symbol = normalise_symbol(q)
    except ValueError:
        pass
    condition = every_word
    if symbol and "/" in symbol:
        condition = or_(
            every_word, func.lower(Source.document_symbol).like(_like(symbol.lower()), escape="\\")
        )
    # ranked on plain rows (id, title, symbol; the newest 500 matches), then only the shown ones read whole:
    # "Panel" matches 400 of the bench's 2,000 sources, and 400 Source objects cost more than the search
    rows = session.connection().execute(
        select(Source.id, Source.title, Source.document_symbol)
        .where(condition)
        .order_by(Source.created_at.desc(), Source.id.desc())
        .limit(500)
    )
    words = [word.lower() for word in q.split()]

    def rank(row) -> tuple:
        exact = bool(symbol and row.document_symbol and row.document_symbol.lower() == symbol.lower())
        in_title = sum(word in row.title.lower() for word in words)
        return (not exact, -in_title)

    ids = [row.id for row in sorted(rows, key=rank)[:limit]]
    if not ids:
        return _near_matches(session, q, limit=limit)
    found = {source.id: source for source in session.exec(select(Source).where(Source.id.in_(ids))).all()}
    return [found[i] for i in ids if i in found]


FUZZY_POOL = 5000  # newest sources considered when no source contains the words as typed
FUZZY_MIN_SCORE = 80


def _folded(text: str | None) -> str:
    """Lower case without accents, so 'Demiroren' finds 'Demirören'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _near_matches(session: Session, q: str, *, limit: int) -> list[Source]:
    """Sources whose title, publisher or symbol is close to `q`: typos and missing accents forgiven."""
    pool = session.exec(
        select(Source.id, Source.title, Source.publisher, Source.document_symbol)
        .order_by(Source.created_at.desc(), Source.id.desc())
        .limit(FUZZY_POOL)
    ).all()
    wanted = _folded(q)
    scored = []
    for source_id, title, publisher, symbol in pool:
        haystack = " ".join(_folded(part) for part in (title, publisher, symbol) if part)
        score = fuzz.partial_token_set_ratio(wanted, haystack) if len(wanted) >= 4 else 0
        score = min(score, fuzz.token_set_ratio(wanted, haystack) + 25)  # a long query must match as a whole
        if score >= FUZZY_MIN_SCORE:
            scored.append((score, source_id))
    ids = [source_id for _score, source_id in sorted(scored, key=lambda pair: (-pair[0], -pair[1]))[:limit]]
    found = (
        {source.id: source for source in session.exec(select(Source).where(Source.id.in_(ids))).all()}
        if ids
        else {}
    )
    return [found[i] for i in ids]


# --- output ------------------------------------------------------------------------------------------------


def source_dict(source: Source) -> dict:
    """The API's source object."""
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "kind": source.kind,
        "url": source.url,
        "document_symbol": source.document_symbol,
        "official_url": official_document_url(source.document_symbol),
        "published_at": source.published_at.isoformat() if source.published_at else None,
        "archived_url": source.archived_url,
        "reliability": source.reliability,
        "reliability_meaning": RELIABILITY.get(source.reliability),
        "notes": source.notes,
        "created_at": iso(source.created_at),
    }
