"""Which claims to show: one filter object for the queue page, `GET /api/v1/claims`, both CSV exports (browser,
API, CLI) and the CLI `queue` command.

`ClaimFilters.from_args` reads query parameters (refusing bad ones with `Invalid` and a reason per field),
`check` looks up what needs the database (rating slug, username), `apply` narrows a select over claims and
`to_args` writes the filters back as query parameters, so a link (the queue's "Export CSV") carries exactly
what is on screen. The only difference between the doors is the default status: every status for the queue
and the API list, "published" for the exports (API.md); "all" always means every status.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import BigInteger, and_, bindparam, false, func, literal, literal_column, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.sqltypes import NullType
from sqlalchemy.sql.visitors import InternalTraversal
from sqlmodel import Session, select

from ..errors import Invalid
from ..models import PRIORITIES, STATUSES, Article, Claim, Rating, User
from ..models.claims import ACTIVE_STATUSES  # a claim past its due date is overdue only while in these
from ..models.fields import MAX_ID
from ..timeutil import utcnow
from . import stamped

ALL = "all"
DUE_FILTERS = {"overdue": "Overdue", "today": "Due today", "week": "Due within 7 days", "none": "No due date"}
MAX_Q = 200
MAX_WORDS = 12
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")
FILTER_KEYS = (
    "status",
    "assignee",
    "mine",
    "article_id",
    "rating",
    "priority",
    "due",
    "q",
    "published_from",
    "published_to",
)


@dataclass(frozen=True)
class ClaimFilters:
    """Which claims: every set field must hold (AND); None / empty / False means "any".

    status: a claim status, None for every status. assignee: a username, or "none" for unheld claims.
    mine: only the claims the person asking holds. rating: the slug of the current verdict's rating.
    priority: 1..4. due: a DUE_FILTERS key. q: words that must each appear, literally and in any case, in the
    claim's text or claimant. published_from / published_to: the current verdict was published on or
    between these days (UTC).
    """

    status: str | None = None
    assignee: str | None = None
    mine: bool = False
    article_id: int | None = None
    rating: str | None = None
    priority: int | None = None
    due: str | None = None
    q: str = ""
    published_from: date | None = None
    published_to: date | None = None

    # --- from and to query parameters ---------------------------------------------------------------

    @classmethod
    def from_args(cls, args: Mapping[str, str], *, default_status: str | None = None) -> "ClaimFilters":
        """The filters in query parameters `args` (unknown keys are ignored: page, sort, ...).

        A missing or empty status means `default_status` (None: every status); "all" means every status.
        :raise Invalid: an unknown status or due filter, a priority outside 1..4, an article_id that is not
            a whole number from 1 to 2^63-1, a date not YYYY-MM-DD, a mine that is not a yes/no, an
            overlong q; every bad field is named in `fields`.
        """
        problems: dict[str, str] = {}

        def text(name: str) -> str:
            value = args.get(name)
            return value.strip() if isinstance(value, str) else ""

        status: str | None = text("status") or default_status
        if status == ALL:
            status = None
        elif status is not None and status not in STATUSES:
            problems["status"] = "one of all, " + ", ".join(STATUSES)
        article_id = _whole_number(text("article_id"), "article_id", 1, MAX_ID, problems)
        priority = _whole_number(text("priority"), "priority", min(PRIORITIES), max(PRIORITIES), problems)
        due = text("due") or None
        if due is not None and due not in DUE_FILTERS:
            problems["due"] = "one of " + ", ".join(DUE_FILTERS)
        mine = text("mine").lower()
        if mine not in TRUE_WORDS + FALSE_WORDS:
            problems["mine"] = "1 for the claims you hold, or leave it out"
        q = " ".join(text("q").split())
        if len(q) > MAX_Q:
            problems["q"] = f"at most {MAX_Q} characters"
        days = {name: _day(text(name), name, problems) for name in ("published_from", "published_to")}
        if problems:
            raise _invalid(problems)
        return cls(
            status=status,
            assignee=text("assignee").lower() or None,
            mine=mine in TRUE_WORDS,
            article_id=article_id,
            rating=text("rating") or None,
            priority=priority,
            due=due,
            q=q,
            **days,
        )

    @classmethod
    def of(cls, *, default_status: str | None = None, **values) -> "ClaimFilters":
        """The filters from Python values (what a CLI option or a test holds), checked like query parameters:
        `ClaimFilters.of(status="all", article_id=3, published_from=date(2024, 1, 1))`.

        :raise Invalid: as from_args, or an unknown filter name.
        """
        unknown = set(values) - set(FILTER_KEYS)
        if unknown:
            raise _invalid({name: "not a filter" for name in sorted(unknown)})
        args = {}
        for name, value in values.items():
            if value is None or value is False:
                continue
            args[name] = (
                value.isoformat() if isinstance(value, date) else "1" if value is True else str(value)
            )
        return cls.from_args(args, default_status=default_status)

    def to_args(self, *, default_status: str | None = None) -> dict[str, str]:
        """The filters as query parameters, only those set: from_args(to_args(d), default_status=d) gives
        these filters back. Status is written "all" when it is every status and the default is not."""
        args: dict[str, str] = {}
        if self.status != default_status:
            args["status"] = self.status or ALL
        for name in FILTER_KEYS[1:]:
            value = getattr(self, name)
            if value is None or value is False or value == "":
                continue
            args[name] = (
                value.isoformat() if isinstance(value, date) else "1" if value is True else str(value)
            )
        return args

    def for_person(self, actor: User | None) -> "ClaimFilters":
        """The same claims with `mine` written as `actor`'s username, so that a link (the queue's export)
        names whose claims it means. Unchanged when it cannot be (no actor, or another assignee asked)."""
        if not self.mine or actor is None or self.assignee not in (None, actor.username):
            return self
        return replace(self, mine=False, assignee=actor.username)

    def without(self, *names: str) -> "ClaimFilters":
        """The same filters with `names` set back to "any"."""
        defaults = {f.name: f.default for f in fields(self)}
        return replace(self, **{name: defaults[name] for name in names})

    # --- against the database ------------------------------------------------------------------------

    def check(self, session: Session, *, actor: User | None = None) -> None:
        """:raise Invalid: a rating not on the scale, an assignee who is not on the team, mine without a
        signed-in person, a publication range that ends before it starts, or (filters made directly rather
        than by from_args) a value from_args refuses."""
        problems = self._shape_problems()
        if self.rating and session.exec(select(Rating.id).where(Rating.slug == self.rating)).first() is None:
            problems["rating"] = f"no rating {self.rating!r} on the scale"
        if (
            self.assignee
            and self.assignee != "none"
            and session.exec(select(User.id).where(User.username == self.assignee)).first() is None
        ):
            problems["assignee"] = f"no team member {self.assignee!r}"
        if self.mine and actor is None:
            problems["mine"] = "only for a signed-in team member"
        if self.published_from and self.published_to and self.published_to < self.published_from:
            problems["published_to"] = "ends before published_from"
        if problems:
            raise _invalid(problems)

    def _shape_problems(self) -> dict[str, str]:
        """What from_args would have refused in filters built directly (ClaimFilters(status="lost"))."""
        problems: dict[str, str] = {}
        if self.status is not None and self.status not in STATUSES:
            problems["status"] = "one of all, " + ", ".join(STATUSES)
        if self.priority is not None and self.priority not in PRIORITIES:
            problems["priority"] = f"a whole number from {min(PRIORITIES)} to {max(PRIORITIES)}"
        if self.due is not None and self.due not in DUE_FILTERS:
            problems["due"] = "one of " + ", ".join(DUE_FILTERS)
        if self.article_id is not None and not 1 <= self.article_id <= MAX_ID:
            problems["article_id"] = f"a whole number from 1 to {MAX_ID}"
        return problems

    def conditions(self, *, actor: User | None = None, today: date | None = None) -> list:
        """The WHERE conditions on `Claim` (each self-contained: no join needed in the query they go into)."""
        conditions: list = []
        if self.status:
            conditions.append(Claim.status == self.status)
        if self.assignee == "none":
            conditions.append(Claim.assignee_id.is_(None))
        elif self.assignee:
            conditions.append(
                Claim.assignee_id == select(User.id).where(User.username == self.assignee).scalar_subquery()
            )
        if self.mine:
            conditions.append(Claim.assignee_id == actor.id if actor else false())
        if self.article_id is not None:
            # bound as a 64-bit integer: ids up to 2^63-1 are valid input, even past the column's own range
            conditions.append(Claim.article_id == literal(self.article_id, BigInteger))
        if self.rating:
            # claim.rating_id: the current verdict's rating (services.workflow.settle_current_verdict)
            conditions.append(
                Claim.rating_id == select(Rating.id).where(Rating.slug == self.rating).scalar_subquery()
            )
        if self.priority is not None:
            conditions.append(Claim.priority == self.priority)
        if self.due:
            conditions += _due(self.due, today or utcnow().date())
        for word in self.q.split()[:MAX_WORDS]:
            conditions.append(WordMatch(word))
        # claim.published_at: when the current verdict was published (None unless it is)
        if self.published_from:
            conditions.append(Claim.published_at >= datetime.combine(self.published_from, time(), UTC))
        if self.published_to:
            end = datetime.combine(self.published_to + timedelta(days=1), time(), UTC)
            conditions.append(Claim.published_at < end)
        return conditions

    def apply(self, query, *, actor: User | None = None):
        """`query` (a select whose FROM has `Claim`) narrowed to the claims these filters keep."""
        return query.where(*self.conditions(actor=actor))


TRIGRAM = 3  # the shortest word the trigram index can find


class WordMatch(ColumnElement):
    """`word` anywhere in the claim's text or claimant, in any case, literally (% and _ are themselves): the
    exact match, `lower(column) LIKE '%word%'` over both columns, read off the trigram index (migration 0009)
    where the word is long enough for it.

    SQLite: the claims in the FTS5 trigram table's rows matching `word` as a phrase, a superset of the exact
    match (it also folds non-ASCII case), and the exact match checked on those. For an ASCII word the phrase
    match is the exact match, except where the trigram index folds a non-ASCII character to the word's ASCII
    letter (U+212A KELVIN SIGN to k, U+017F LONG S to s, the only two): so only the claims holding one of those
    (ix_claim_text_folds_to_ascii, migration 0011, a handful) are checked against their text, and a search
    reads none of its matches' rows (2,500 for "Malakal" at 100,000 claims). PostgreSQL: the exact match next to
    `lower(column) LIKE lower('%word%')` over text and claimant, the very expressions of its pg_trgm indexes (the
    exact match is an ILIKE on the bare columns, which those indexes do not serve: it read all 100,000 claims,
    370 ms). Elsewhere, and for words under three characters, the exact match alone."""

    # cached by shape: the word is in bound parameters, its value travels with each query
    inherit_cache = True
    _traverse_internals = [
        ("exact", InternalTraversal.dp_clauseelement),
        ("phrase", InternalTraversal.dp_clauseelement),
        ("pattern", InternalTraversal.dp_clauseelement),
        ("indexed", InternalTraversal.dp_boolean),
        ("proved", InternalTraversal.dp_boolean),
        ("trigrams", InternalTraversal.dp_boolean),
    ]
    type = NullType()  # a condition as it is: typed Boolean, SQLite would compare it "= 1" (no index use)

    def __init__(self, word: str) -> None:
        # icontains(autoescape=True): % and _ in the word are matched as themselves, never as wildcards
        self.exact = or_(
            Claim.text.icontains(word, autoescape=True),
            func.coalesce(Claim.claimant, "").icontains(word, autoescape=True),
        ).self_group()
        # the word as an FTS5 phrase: double quotes around it, its own double quotes doubled
        self.phrase = bindparam("q_trigram", '"' + word.replace('"', '""') + '"', unique=True)
        # the word as a LIKE pattern, its own / % _ escaped with "/"
        escaped = word.replace("/", "//").replace("%", "/%").replace("_", "/_")
        self.pattern = bindparam("q_like", f"%{escaped}%", unique=True)
        self.indexed = len(word) >= TRIGRAM  # the trigram index can find it
        # SQLite: the phrase match proves the exact match but where a character folds to ASCII (see above)
        self.proved = word.isascii()
        # pg_trgm takes trigrams from runs of letters and digits only: "50%" or "a_b" give it none, and its
        # index would then be read whole (slower than the table)
        self.trigrams = re.search(r"[^\W_]{3}", word) is not None


def exact_words(q: str) -> list:
    """The text search's conditions as its exact match alone (WordMatch.exact, no index): for a few claims named
    by id (services.kept_searches rechecks the claims that changed)."""
    return [WordMatch(word).exact for word in q.split()[:MAX_WORDS]]


# SQLite: the claims whose text or claimant holds a character the trigram index folds to an ASCII letter, as the
# WHERE of ix_claim_text_folds_to_ascii (migration 0011) writes it: SQLite reads that index only for a query whose
# WHERE has the very same expression.
FOLDS_TO_ASCII = (
    "instr(text, char(8490)) > 0 OR instr(text, char(383)) > 0 "
    "OR instr(claimant, char(8490)) > 0 OR instr(claimant, char(383)) > 0"
)
# SQLite: claim (id, status, priority, created_at) (migration 0011)
SEARCH_KEYS_INDEX = "ix_claim_search_keys"


@compiles(WordMatch)
def _exact(element, compiler, **kw) -> str:
    return compiler.process(element.exact, **kw)


@compiles(WordMatch, "postgresql")
def _postgres_trigram(element, compiler, **kw) -> str:
    if not (element.indexed and element.trigrams):
        return compiler.process(element.exact, **kw)
    pattern = func.lower(element.pattern)
    either = or_(
        func.lower(Claim.text).like(pattern, escape="/"),
        func.lower(func.coalesce(Claim.claimant, "")).like(pattern, escape="/"),
    )
    exact = or_(UTF8_DATABASE, element.exact).self_group()
    return compiler.process(and_(either.self_group(), exact).self_group(), **kw)


# PostgreSQL: whether the database is UTF-8, read once per statement (an InitPlan). There, ILIKE is `lower(text)
# LIKE lower(pattern)` (like.c, Generic_Text_IC_like: in a multi-byte encoding both sides are lowered by the call's
# collation, then matched with LIKE), so the trigram index's recheck, `lower(column) LIKE lower('%word%')` over text
# and claimant, is the exact match itself, and the ILIKE is not run again on every candidate (2 ms of the 2,500
# matches of "Malakal" at 100,000 claims). In a single-byte encoding ILIKE folds case character by character, which
# may differ from lower() outside ASCII: the exact match is checked there as before.
UTF8_DATABASE = select(
    func.current_setting(literal_column("'server_encoding'")) == literal_column("'UTF8'")
).scalar_subquery()


@compiles(WordMatch, "sqlite")
def _sqlite_trigram(element, compiler, **kw) -> str:
    if not element.indexed:
        return compiler.process(element.exact, **kw)
    # only compiled names and bound parameters go into the text: the word itself is bound
    claim_id, match = compiler.process(Claim.id, **kw), compiler.process(element.phrase, **kw)
    found = f"{claim_id} IN (SELECT rowid FROM claim_trigram WHERE claim_trigram MATCH {match})"  # noqa: S608
    if not element.proved:
        return f"({found} AND {compiler.process(element.exact, **kw)})"
    # the claims the phrase matches only through a folded character, the exact match checked on those alone
    pattern = compiler.process(element.pattern, **kw)
    exact = (
        f"lower(folded.text) LIKE lower({pattern}) ESCAPE '/' "
        f"OR lower(coalesce(folded.claimant, '')) LIKE lower({pattern}) ESCAPE '/'"
    )
    return (
        f"({found} AND {claim_id} NOT IN "  # noqa: S608
        f"(SELECT folded.id FROM claim AS folded WHERE ({FOLDS_TO_ASCII}) AND NOT ({exact})))"
    )


def indexed_by(query, index: str):
    """`query` reading `claim` through `index` on SQLite (the planner's statistics, sampled, can prefer another);
    unchanged elsewhere (db.py writes SQLite's table hints, which SQLAlchemy's SQLite dialect drops)."""
    return query.with_hint(Claim, f"INDEXED BY {index}", "sqlite")


def _whole_number(raw: str, name: str, low: int, high: int, problems: dict[str, str]) -> int | None:
    if not raw:
        return None
    # (the length test first: int() of a few thousand digits is itself an error)
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19 or not low <= int(raw) <= high:
        problems[name] = f"a whole number from {low} to {high}"
        return None
    return int(raw)


def _day(raw: str, name: str, problems: dict[str, str]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems[name] = "a date (YYYY-MM-DD)"
        return None


def _due(due: str, today: date) -> list:
    if due == "overdue":
        # the statuses written as literals: SQLite then sees that this implies ix_claim_overdue_queue_order's WHERE
        # (a partial index: migration 0011), which a list of bound parameters does not
        active = bindparam("active_statuses", ACTIVE_STATUSES, expanding=True, literal_execute=True)
        return [Claim.due_date < today, Claim.status.in_(active)]
    if due == "today":
        return [Claim.due_date == today]
    if due == "week":
        return [Claim.due_date >= today, Claim.due_date <= today + timedelta(days=7)]
    return [Claim.due_date.is_(None)]


def _invalid(problems: dict[str, str]) -> Invalid:
    return Invalid(
        "The claims cannot be filtered that way: " + "; ".join(f"{k}: {v}" for k, v in problems.items()),
        fields=problems,
    )


ARTICLE_CHOICES = 500  # the article filter (queue page) offers the newest articles with claims, this many


def article_choices(
    session: Session, *, include: int | None = None, limit: int = ARTICLE_CHOICES
) -> list[tuple[int, str]]:
    """(id, title) of the articles the queue can be filtered by: those with claims, newest first, at most
    `limit`; the article `include` (the filter in use) is always among them when it exists."""
    with_claims = select(Claim.article_id).where(Claim.article_id == Article.id).exists()
    # newest first by id (ids follow creation): a walk down the primary key that stops at `limit`, where
    # created_at (not indexed) read and sorted every article, 7 ms of the queue page at 2,000; through the
    # connection (plain rows, without the ORM's per-row work on 500 of them), and kept per process until an
    # article gets its first claim, loses its last, is retitled or removed (services.stamped)
    query = select(Article.id, Article.title).where(with_claims).order_by(Article.id.desc()).limit(limit)
    rows = list(
        stamped.kept(
            session,
            "article_choices",
            ("article_choices", limit),
            lambda: tuple(session.connection().execute(query)),
        )
    )
    if include is not None and all(article_id != include for article_id, _title in rows):
        # bound as a 64-bit integer, as in conditions(): any id up to 2^63-1 is valid input
        extra = session.exec(
            select(Article.id, Article.title).where(Article.id == literal(include, BigInteger))
        ).first()
        if extra is not None:
            rows.append(extra)
    return [(article_id, title) for article_id, title in rows]
