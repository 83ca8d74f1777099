"""A synthetic archive of any size, for the benchmarks: ``python bench/seed.py --claims 100000``.

The schema comes from the real migrations (``services.schema.upgrade``); the rows go in by bulk inserts
(SQLAlchemy Core ``insert()`` with many rows, one transaction per chunk of articles), SQLite or PostgreSQL.

What is in it, for N claims (default 100,000) over N/50 articles:

* a team of 1 admin, 4 editors and 40 reviewers, password ``PASSWORD`` (a fast scrypt, seeded users only), one
  API token each, written to a JSON file next to the database (``--tokens-out FILE``, or ``-`` to print);
* the default rating scale and a shared library of 2,000 sources (UN reports with symbols, NGO reports, ...);
* claims anchored in their article's text (90%), 60% published (a verdict approved by an editor who did not
  propose it, 1-4 evidence items with mixed stances), 29% open (some taken and released), 1% not checkable,
  6% in progress (some returned, some reopened after publication) and 4% in review (some after a return);
  some published verdicts went through a return, some were reopened and republished (a superseded verdict);
* comments, and one audit event per move with the before/after the app writes, so the history reconciles
  with the rows (``bench/reconcile.py`` checks it after seeding).

Claim k has the same story (status, evidence, verdicts, comments) whatever N is, and claims 1-11 are a fixed
showcase of every status and path with priority 4 (urgent): they head the queue at any size.

The seed follows ``SQLModel.metadata``: ``FILLED`` names every column it writes per table, and a column the
models have but the seed does not know stops it (NOT NULL without a default) or is reported (the rest).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import secrets
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import bindparam, create_engine, event, func, insert, select, text, update  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

import factcheck.models  # noqa: E402,F401  (every table on SQLModel.metadata)
from factcheck.services import ratings, schema  # noqa: E402

PASSWORD = "bench-password-1234"
HASH_METHOD = "scrypt:1024:8:1"  # seeded users only: fast to check (production: N=2**17)
CLAIMS_PER_ARTICLE = 50
SOURCES = 2_000
EDITORS, REVIEWERS = 4, 40
SPAN_DAYS = 730  # the archive covers two years up to now
ARTICLES_PER_CHUNK = 40  # 2,000 claims per transaction
DEFAULT_CLAIMS = 100_000
SHOWCASE = (  # claims 1..11: one of every path, urgent, the oldest: they head the queue at any size
    "open",
    "open_released",
    "in_progress",
    "in_progress_returned",
    "in_progress_reopened",
    "in_review",
    "in_review_after_return",
    "published",
    "published_after_return",
    "published_corrected",
    "not_checkable",
)
STORY_STATUS = {
    "open": "open",
    "open_released": "open",
    "in_progress": "in_progress",
    "in_progress_returned": "in_progress",
    "in_progress_reopened": "in_progress",
    "in_review": "in_review",
    "in_review_after_return": "in_review",
    "published": "published",
    "published_after_return": "published",
    "published_corrected": "published",
    "not_checkable": "not_checkable",
}

# --- the schema contract ---------------------------------------------------------------------------
# Every column the seed writes, per table. Anything else the models have is checked by check_contract().
FILLED: dict[str, tuple[str, ...]] = {
    "user": ("id", "username", "display_name", "role", "active", "password_hash", "created_at",
             "password_changed_at"),
    "api_token": ("id", "user_id", "token_hash", "prefix", "created_at", "last_used_at", "expires_at",
                  "revoked_at"),
    "source": ("id", "title", "publisher", "kind", "url", "document_symbol", "published_at", "archived_url",
               "reliability", "notes", "created_at", "created_by_id"),
    "article": ("id", "title", "outlet", "url", "published_at", "created_at", "created_by_id"),
    "article_revision": ("id", "article_id", "number", "text", "note", "created_at", "created_by_id"),
    "claim": ("id", "article_id", "revision_id", "text", "claimant", "priority", "due_date", "start", "end",
              "quote", "prefix", "suffix", "anchor_lost", "status", "assignee_id", "created_by_id",
              "created_at", "updated_at", "updated_by_id", "version", "verdict_id", "same_as_id", "rating_id",
              "published_at", "hours_to_publish"),
    "verdict": ("id", "claim_id", "rating_id", "rationale", "state", "override_reason", "proposed_by_id",
                "proposed_at", "decided_by_id", "decided_at", "correction_note"),
    "evidence": ("id", "claim_id", "source_id", "stance", "quote", "locator", "created_at", "created_by_id",
                 "version"),
    "comment": ("id", "claim_id", "author_id", "body", "kind", "created_at"),
    # id: the database's own (the history refuses an INSERT over an existing id)
    "audit_event": ("at", "actor_id", "action", "object_type", "object_id", "claim_id", "before", "after"),
}  # fmt: skip
# Tables the seed leaves to the app: the rating scale (services.ratings writes it), sign-ins, uploads.
NOT_SEEDED = ("rating", "login_session", "login_failure", "source_file", "source_page", "alembic_version",
              "idempotency_key", "notification", "external_review")  # fmt: skip
# Tables whose ids the seed chooses (PostgreSQL: their sequences are moved past them afterwards).
EXPLICIT_IDS = ("user", "api_token", "source", "article", "article_revision", "claim", "verdict", "evidence",
                "comment")  # fmt: skip


class SeedError(RuntimeError):
    """The archive cannot be seeded (schema the seed does not know, a database that is not empty)."""


def check_contract() -> list[str]:
    """Compare FILLED with SQLModel.metadata. Returns warnings (columns left to their default or NULL, tables
    left empty); raises SeedError for a NOT NULL column without a default that the seed does not fill, or a
    column the seed writes that the models no longer have."""
    errors, warnings = [], []
    tables = SQLModel.metadata.tables
    for name, columns in FILLED.items():
        if name not in tables:
            errors.append(f"the seed writes table {name!r}, which the models no longer have")
            continue
        table = tables[name]
        for column in columns:
            if column not in table.c:
                errors.append(f"the seed writes {name}.{column}, which the models no longer have")
        for column in table.c:
            if column.name in columns or (column.primary_key and column.autoincrement in (True, "auto")):
                continue
            if not column.nullable and column.default is None and column.server_default is None:
                errors.append(
                    f"{name}.{column.name} is NOT NULL without a default and bench/seed.py does not fill it: "
                    "add it to FILLED and to the rows"
                )
            else:
                left = "its default" if column.default is not None or column.server_default else "NULL"
                warnings.append(f"{name}.{column.name} is new to bench/seed.py: left at {left}")
    for name in tables:
        if name not in FILLED and name not in NOT_SEEDED:
            warnings.append(f"table {name} is new to bench/seed.py: left empty")
    if errors:
        raise SeedError("the models changed under bench/seed.py:\n  " + "\n  ".join(errors))
    return warnings


_STATEMENTS: dict[tuple[str, str], tuple[str, list, bool]] = {}


def _statement(dialect, name: str) -> tuple[str, list, bool]:
    """The INSERT for table `name` as the driver takes it, the value makers of its parameters in order, and
    whether the driver takes them by position. Compiled once; columns the seed does not fill but that have
    a Python default (check_contract warned) get that default."""
    key = (dialect.name, name)
    if key not in _STATEMENTS:
        table = SQLModel.metadata.tables[name]
        statement = insert(table).inline()  # no RETURNING
        compiled = statement.compile(dialect=dialect, column_keys=list(FILLED[name]))
        positional = bool(compiled.positiontup)
        makers = []
        for bind in compiled.positiontup or list(compiled.binds):
            column = table.c[compiled.binds[bind].key]
            process = column.type.bind_processor(dialect)
            if column.name in FILLED[name]:
                makers.append((bind, column.name, process, None))
            else:
                default = column.default
                make = (lambda d=default: d.arg(None)) if default.is_callable else (lambda d=default: d.arg)
                makers.append((bind, None, process, make))
        _STATEMENTS[key] = (compiled.string, makers, positional)
    return _STATEMENTS[key]


def _insert(conn, name: str, rows: list[dict]) -> None:
    """Insert `rows` (dicts with exactly FILLED[name]'s keys) in one executemany, without SQLAlchemy's
    per-row work: the column types' own bind processors turn the values into what the driver takes."""
    if not rows:
        return
    if set(rows[0]) != set(FILLED[name]):
        raise SeedError(f"rows for {name} do not match FILLED: {sorted(set(rows[0]) ^ set(FILLED[name]))}")
    sql, makers, positional = _statement(conn.dialect, name)
    columns = []
    for _bind, column, process, make in makers:
        values = [row[column] for row in rows] if column else [make() for _ in rows]
        if process is not None:
            values = [None if v is None else process(v) for v in values]
        columns.append(values)
    if conn.dialect.name == "postgresql":  # COPY: one stream instead of a statement per row
        table = SQLModel.metadata.tables[name]
        names = ", ".join(conn.dialect.identifier_preparer.quote(table.c[column or bind].name)
                          for bind, column, *_ in makers)  # fmt: skip
        quoted = conn.dialect.identifier_preparer.format_table(table)
        cursor = conn.connection.dbapi_connection.cursor()
        with cursor.copy(f"COPY {quoted} ({names}) FROM STDIN") as copy:
            for row in zip(*columns, strict=True):
                copy.write_row(row)
        cursor.close()
        return
    if positional:
        params = list(zip(*columns, strict=True))
    else:
        names = [bind for bind, *_ in makers]
        params = [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]
    conn.exec_driver_sql(sql, params)


# --- words -----------------------------------------------------------------------------------------

PLACES = (
    "Goma", "Bunia", "Kidal", "Gao", "Mopti", "Juba", "Malakal", "Bor", "Aleppo", "Idlib", "Raqqa", "Mosul",
    "Kherson", "Mariupol", "Aden", "Taiz", "Tripoli", "Benghazi", "Khartoum", "El Fasher", "Nyala", "Kandahar",
    "Herat", "Mogadishu", "Kismayo", "Bangui", "Timbuktu", "Maiduguri", "Pemba", "Mekelle", "Port-au-Prince",
    "Lashio", "Myitkyina", "Sittwe", "Cox's Bazar", "Agadez", "Diffa", "Menaka", "Bentiu", "Wau",
)  # fmt: skip
SUBJECTS = (
    "civilians", "fighters", "refugees", "soldiers", "children", "aid trucks", "schools", "clinics",
    "displaced families", "journalists", "polling stations", "checkpoints", "detainees", "health workers",
)  # fmt: skip
VERBS = (
    "were killed", "were displaced", "arrived", "were detained", "were destroyed", "reopened",
    "crossed the border", "were recruited", "were released", "went missing", "were evacuated", "were attacked",
)  # fmt: skip
CLAIMANTS = (
    "the Interior Minister", "a government spokesperson", "the army spokesman", "an opposition MP",
    "the regional governor", "a UN official", "the rebel movement's leader", "the police chief",
    "the Health Ministry", "a local NGO", "the President", "the Defence Minister", "a community leader",
    "the electoral commission", "an aid agency",
)  # fmt: skip
OUTLETS = ("Daily Monitor", "The Observer", "Radio Okapi", "Sudan Tribune", "The Citizen", "Al-Ayyam",
           "The Standard", "Le Républicain", "Kyiv Post", "The Nation")  # fmt: skip
PUBLISHERS = ("UN Security Council", "OCHA", "UNHCR", "Human Rights Watch", "Amnesty International",
              "ICRC", "Ministry of Interior", "ACLED", "Reuters", "AFP", "Médecins Sans Frontières",
              "World Food Programme", "International Criminal Court", "Airwars")  # fmt: skip
KINDS = ("un_report", "un_report", "ngo_report", "news_report", "government_statement", "court_record",
         "dataset", "social_media_post", "interview", "other")  # fmt: skip
FILLER = (
    "The statement was made at a press conference on Monday.",
    "Local residents described a tense situation in the days that followed.",
    "The figures could not be independently verified at the time of writing.",
    "Officials did not respond to requests for comment.",
    "Aid agencies have repeatedly warned of a deteriorating humanitarian situation.",
    "The remarks were broadcast on national television.",
    "Several witnesses contacted by this newspaper gave a different account.",
    "The ministry later published a written version of the statement.",
)
PERIODS = ("last week", "in March", "since January", "over the past year", "this month", "in 2023",
           "during the offensive", "before the ceasefire")  # fmt: skip
STANCE_WEIGHTS = (("supports", 0.40), ("contradicts", 0.35), ("context", 0.25))
RATIONALE = (
    "The figure matches the panel's count in {symbol}, para. {para}.",
    "Two independent sources contradict the number given; see the evidence.",
    "The claim leaves out that most of the {subject} {verb} before the period mentioned.",
    "The official record shows a different total (para. {para}).",
    "We could not find any record supporting this; the ministry did not answer our questions.",
)


def _claim_sentence(rng: random.Random) -> tuple[str, str | None]:
    place, subject, verb = rng.choice(PLACES), rng.choice(SUBJECTS), rng.choice(VERBS)
    claimant = rng.choice(CLAIMANTS) if rng.random() < 0.85 else None
    number = rng.choice((12, 40, 150, 300, 1_200, 5_000, 20_000, 70_000)) + rng.randrange(0, 9)
    period = rng.choice(PERIODS)
    template = rng.randrange(4)
    if template == 0:
        sentence = f"{number:,} {subject} {verb} in {place} {period}."
    elif template == 1:
        sentence = f"More than {number:,} {subject} {verb} around {place} {period}, according to the figures."
    elif template == 2:
        sentence = f"In {place}, the number of {subject} who {verb} rose by {number % 90 + 5}% {period}."
    else:
        sentence = f"No {subject} {verb} in {place} {period}, contrary to reports."
    if claimant:
        sentence = f"{claimant[0].upper()}{claimant[1:]} said that {sentence[0].lower()}{sentence[1:]}"
    return sentence, claimant


_JSON = json.JSONEncoder(default=str, ensure_ascii=False, sort_keys=True)


def _dump(value) -> str | None:  # as services.audit writes it (json.dumps with these options)
    return None if value is None else _JSON.encode(value)


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- the team and the library ------------------------------------------------------------------------


@dataclass
class Member:
    id: int
    username: str
    role: str
    token: str


@dataclass
class Team:
    members: list[Member]
    admin: int = 1
    editors: list[int] = field(default_factory=list)
    reviewers: list[int] = field(default_factory=list)

    @property
    def names(self) -> dict[int, str]:
        return {m.id: m.username for m in self.members}


def _team_rows(start: datetime, conn) -> Team:
    people = [("admin", "admin", "Ada Admin")]
    people += [(f"editor{i}", "editor", f"Editor {i}") for i in range(1, EDITORS + 1)]
    people += [(f"reviewer{i:02d}", "reviewer", f"Reviewer {i:02d}") for i in range(1, REVIEWERS + 1)]
    users, tokens, events, members = [], [], [], []
    for number, (username, role, display) in enumerate(people, start=1):
        at = start - timedelta(days=60) + timedelta(minutes=number)
        users.append(
            {
                "id": number,
                "username": username,
                "display_name": display,
                "role": role,
                "active": True,
                "password_hash": generate_password_hash(PASSWORD, method=HASH_METHOD),
                "created_at": at,
                "password_changed_at": at,
            }
        )
        token = "fc_" + secrets.token_urlsafe(32)
        tokens.append(
            {
                "id": number,
                "user_id": number,
                "token_hash": _sha256(token),
                "prefix": token[:10],
                "created_at": at,
                "last_used_at": None,
                "expires_at": None,
                "revoked_at": None,
            }
        )
        actor = None if number == 1 else 1
        events.append(_event(at, actor, "user.create", "user", number, None, None,
                             {"username": username, "role": role}))  # fmt: skip
        events.append(_event(at, actor, "token.create", "api_token", number, None, None,
                             {"user_id": number, "prefix": token[:10], "expires_at": None}))  # fmt: skip
        members.append(Member(number, username, role, token))
    _insert(conn, "user", users)
    _insert(conn, "api_token", tokens)
    _insert(conn, "audit_event", events)
    team = Team(members=members)
    team.editors = [m.id for m in members if m.role == "editor"]
    team.reviewers = [m.id for m in members if m.role == "reviewer"]
    return team


def _event(at, actor, action, object_type, object_id, claim_id, before, after) -> dict:
    return {
        "at": at,
        "actor_id": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "claim_id": claim_id,
        "before": _dump(before),
        "after": _dump(after),
    }


def _source_rows(start: datetime, team: Team, conn) -> list[tuple[int, str]]:
    rng = random.Random(7)
    rows, events, labels = [], [], []
    for number in range(1, SOURCES + 1):
        kind = KINDS[number % len(KINDS)]
        place = PLACES[number % len(PLACES)]
        year = 2015 + number % 10
        symbol = f"S/{year}/{100 + number}" if kind == "un_report" else None
        if kind == "un_report":
            title = f"Report of the Panel of Experts on {place} ({symbol})"
            url = f"https://undocs.org/{symbol}"
        else:
            title = f"{kind.replace('_', ' ').capitalize()} on {place} {number}: {rng.choice(SUBJECTS)}"
            url = f"https://sources.example/{kind}/{number}" if number % 7 else None
        at = start - timedelta(days=30) + timedelta(minutes=number)
        row = {
            "id": number,
            "title": title,
            "publisher": rng.choice(PUBLISHERS),
            "kind": kind,
            "url": url,
            "document_symbol": symbol,
            "published_at": date(year, 1 + number % 12, 1 + number % 28),
            "archived_url": f"https://web.archive.example/{number}" if number % 3 == 0 else None,
            "reliability": rng.choice("AABBBCCDEF"),
            "notes": "" if number % 4 else f"Checked against the original on file ({place}).",
            "created_at": at,
            "created_by_id": rng.choice(team.reviewers),
        }
        rows.append(row)
        snapshot = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()
                    if k in ("title", "publisher", "kind", "url", "document_symbol", "published_at",
                             "archived_url", "reliability", "notes")}  # fmt: skip
        events.append(
            _event(at, row["created_by_id"], "source.create", "source", number, None, None, snapshot)
        )
        labels.append((number, title))
    _insert(conn, "source", rows)
    _insert(conn, "audit_event", events)
    return labels


# --- one chunk of articles and their claims ------------------------------------------------------------


@dataclass
class Scale:
    ids: dict[str, int]  # slug -> id
    values: dict[str, int | None]


class Chunk:
    """The rows of a group of articles, their claims and everything that happened to them."""

    def __init__(self, seeder: Seeder):
        self.s = seeder
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.verdict_links: list[dict] = []

    def event(self, at, actor, action, object_type, object_id, claim_id, before=None, after=None) -> None:
        self.rows["audit_event"].append(
            _event(at, actor, action, object_type, object_id, claim_id, before, after)
        )


class ClaimStory:
    """Plays one claim's moves the way services.workflow does (snapshots, versions, current verdict)."""

    def __init__(self, chunk: Chunk, row: dict):
        self.chunk, self.row, self.s = chunk, row, chunk.s
        self.verdicts: list[dict] = []
        self.evidence_stances: list[str] = []
        self.sources_used: set[int] = set()

    # state as services.workflow.snapshot sees it
    def current(self) -> dict | None:
        live = [v for v in self.verdicts if v["state"] in ("proposed", "published")]
        return max(live, key=lambda v: v["id"]) if live else None

    def snapshot(self) -> dict:
        verdict = self.current()
        return {
            "status": self.row["status"],
            "assignee": self.s.team_names.get(self.row["assignee_id"]),
            "rating": self.s.rating_slugs[verdict["rating_id"]] if verdict else None,
        }

    def touch(self, at: datetime, actor: int) -> None:
        self.row["version"] += 1
        self.row["updated_at"], self.row["updated_by_id"] = at, actor

    def move(self, at, actor, action, target, apply=None, extra=None, before=None) -> None:
        before = before or self.snapshot()
        more = apply() if apply else None
        verdict = self.current()
        self.row["verdict_id"] = verdict["id"] if verdict else None
        # the current verdict's figures, as services.workflow.settle_current_verdict keeps them
        published = (
            verdict is not None and verdict["state"] == "published" and verdict["decided_at"] is not None
        )
        self.row["rating_id"] = verdict["rating_id"] if verdict else None
        self.row["published_at"] = verdict["decided_at"] if published else None
        self.row["hours_to_publish"] = (
            (verdict["decided_at"] - self.row["created_at"]).total_seconds() / 3600 if published else None
        )
        self.row["status"] = target
        self.touch(at, actor)
        after = self.snapshot() | (extra or {}) | (more or {})
        cid = self.row["id"]
        self.chunk.event(at, actor, f"claim.{action}", "claim", cid, cid, before, after)

    # the moves
    def create(self, at, actor) -> None:
        r = self.row
        self.chunk.event(at, actor, "claim.create", "claim", r["id"], r["id"], None,
                         {"text": r["text"], "start": r["start"], "end": r["end"], "claimant": r["claimant"]})  # fmt: skip

    def take(self, at, reviewer) -> None:
        def apply():
            self.row["assignee_id"] = reviewer

        before = self.snapshot() | {"status": "open", "assignee": None}
        self.move(at, reviewer, "take", "in_progress", apply, extra={"via": "take_next"}, before=before)

    def assign(self, at, editor, reviewer) -> None:
        def apply():
            self.row["assignee_id"] = reviewer

        self.move(at, editor, "assign", "in_progress", apply)

    def release(self, at, actor) -> None:
        def apply():
            self.row["assignee_id"] = None

        self.move(at, actor, "release", "open", apply)

    def add_evidence(self, at, actor, rng: random.Random) -> None:
        chunk, s = self.chunk, self.s
        stance = rng.choices([w[0] for w in STANCE_WEIGHTS], [w[1] for w in STANCE_WEIGHTS])[0]
        source_id = min(SOURCES, int(SOURCES * rng.random() ** 2.2) + 1)  # a few sources are cited a lot
        while source_id in self.sources_used:
            source_id = source_id % SOURCES + 1
        self.sources_used.add(source_id)
        evidence_id = s.next_id("evidence")
        quote = f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} in {rng.choice(PLACES)}, the report notes."
        kind = rng.randrange(4)
        locator = ("para. ", "p. ", "annex ", "")[kind] + (str(rng.randrange(1, 180)) if kind < 3 else "")
        chunk.rows["evidence"].append(
            {
                "id": evidence_id,
                "claim_id": self.row["id"],
                "source_id": source_id,
                "stance": stance,
                "quote": quote,
                "locator": locator,
                "created_at": at,
                "created_by_id": actor,
                "version": 1,
            }
        )
        self.evidence_stances.append(stance)
        self.touch(at, actor)
        chunk.event(at, actor, "evidence.add", "evidence", evidence_id, self.row["id"], None,
                    {"evidence_id": evidence_id, "source_id": source_id, "stance": stance, "quote": quote,
                     "locator": locator})  # fmt: skip

    def comment(self, at, actor, body: str, kind: str = "comment") -> None:
        comment_id = self.s.next_id("comment")
        self.chunk.rows["comment"].append(
            {
                "id": comment_id,
                "claim_id": self.row["id"],
                "author_id": actor,
                "body": body,
                "kind": kind,
                "created_at": at,
            }  # fmt: skip
        )
        if kind == "comment":
            self.chunk.event(
                at, actor, "comment.add", "comment", comment_id, self.row["id"], None, {"body": body}
            )

    def propose(self, at, reviewer, rng: random.Random) -> None:
        slug = self.s.rating_for(self.evidence_stances, rng)
        rationale = rng.choice(RATIONALE).format(
            symbol=f"S/{rng.randint(2015, 2024)}/{rng.randint(100, 999)}", para=rng.randint(1, 180),
            subject=rng.choice(SUBJECTS), verb=rng.choice(VERBS),
        ) + f"\n\nChecked against {len(self.evidence_stances)} source(s)."  # fmt: skip

        def apply():
            verdict = {
                "id": self.s.next_id("verdict"),
                "claim_id": self.row["id"],
                "rating_id": self.s.scale.ids[slug],
                "rationale": rationale,
                "state": "proposed",
                "override_reason": "",
                "proposed_by_id": reviewer,
                "proposed_at": at,
                "decided_by_id": None,
                "decided_at": None,
                "correction_note": "",
            }
            self.verdicts.append(verdict)
            self.chunk.rows["verdict"].append(verdict)
            return {"verdict_id": verdict["id"], "rationale": rationale}

        self.move(at, reviewer, "propose", "in_review", apply)

    def _newest(self, state: str) -> dict | None:
        found = [v for v in self.verdicts if v["state"] == state]
        return max(found, key=lambda v: v["id"]) if found else None

    def return_(self, at, editor, body: str) -> None:
        def apply():
            verdict = self._newest("proposed")
            verdict["state"], verdict["decided_by_id"], verdict["decided_at"] = "returned", editor, at
            self.row["assignee_id"] = verdict["proposed_by_id"]
            self.comment(at, editor, body, "return")
            return {"comment": body}

        self.move(at, editor, "return", "in_progress", apply)

    def approve(self, at, editor) -> None:
        def apply():
            verdict = self._newest("proposed")
            verdict["state"], verdict["decided_by_id"], verdict["decided_at"] = "published", editor, at
            return {"verdict_id": verdict["id"]}

        self.move(at, editor, "approve", "published", apply)

    def reopen(self, at, editor, note: str) -> None:
        def apply():
            verdict = self._newest("published")
            verdict["state"], verdict["correction_note"] = "superseded", note
            self.row["assignee_id"] = verdict["proposed_by_id"]
            self.comment(at, editor, note, "reopen")
            return {
                "note": note,
                "superseded_verdict_id": verdict["id"],
                "published_text": self.row["text"],
                "published_claimant": self.row["claimant"],
            }

        self.move(at, editor, "reopen", "in_progress", apply)

    def not_checkable(self, at, actor, reason: str) -> None:
        def apply():
            self.row["assignee_id"] = None
            self.comment(at, actor, reason, "not_checkable")
            return {"reason": reason}

        self.move(at, actor, "not_checkable", "not_checkable", apply)


class Seeder:
    def __init__(self, claims: int, *, now: datetime, seed: int, team: Team, scale: Scale):
        self.claims, self.now, self.seed, self.team, self.scale = claims, now, seed, team, scale
        self.articles = math.ceil(claims / CLAIMS_PER_ARTICLE)
        self.start = now - timedelta(days=SPAN_DAYS)
        self.team_names = team.names
        self.rating_slugs = {v: k for k, v in scale.ids.items()}
        self.counters: dict[str, int] = defaultdict(int)
        self.writers = team.reviewers + team.editors
        self.deciders = team.editors + [team.admin]

    def next_id(self, name: str) -> int:
        self.counters[name] += 1
        return self.counters[name]

    def rating_for(self, stances: list[str], rng: random.Random) -> str:
        """A rating that agrees with the evidence (so no verdict stands against it without a reason)."""
        supports, contradicts = stances.count("supports"), stances.count("contradicts")
        if supports > contradicts:
            return rng.choice(("true", "mostly-true", "mostly-true", "misleading"))
        if contradicts > supports:
            return rng.choice(("false", "false", "mostly-false", "misleading"))
        return rng.choice(("misleading", "unproven")) if stances else "unproven"

    def story_of(self, k: int, rng: random.Random) -> str:
        if k <= len(SHOWCASE):
            return SHOWCASE[k - 1]
        u = rng.random()
        if u < 0.60:
            v = rng.random()
            return (
                "published" if v < 0.85 else "published_after_return" if v < 0.97 else "published_corrected"
            )
        if u < 0.89:
            return "open" if rng.random() < 0.95 else "open_released"
        if u < 0.90:
            return "not_checkable"
        if u < 0.96:
            v = rng.random()
            return (
                "in_progress" if v < 0.67 else "in_progress_returned" if v < 0.92 else "in_progress_reopened"
            )
        return "in_review" if rng.random() < 0.85 else "in_review_after_return"

    # one chunk of articles
    def chunk(self, first_article: int, last_article: int) -> Chunk:
        chunk = Chunk(self)
        for a in range(first_article, last_article + 1):
            self._article(chunk, a)
        return chunk

    def _article(self, chunk: Chunk, a: int) -> None:
        arng = random.Random(self.seed * 7_919 + a)
        created = self.start + timedelta(days=SPAN_DAYS * (a - 1) / max(1, self.articles)) * 0.98
        author = arng.choice(self.writers)
        first = (a - 1) * CLAIMS_PER_ARTICLE + 1
        last = min(self.claims, a * CLAIMS_PER_ARTICLE)
        place = arng.choice(PLACES)
        title = f"{place}: {arng.choice(SUBJECTS)} and the figures behind the {arng.choice(PERIODS)} reports"
        url = f"https://news.example/{created.year}/{a}-{place.lower().replace(' ', '-')}"
        paragraphs, offset, anchors = [], 0, {}
        claim_rngs, sentences = {}, {}
        for k in range(first, last + 1):
            rng = random.Random(self.seed * 1_000_003 + k)
            claim_rngs[k] = rng
            sentence, claimant = _claim_sentence(rng)
            sentences[k] = (sentence, claimant)
            filler = arng.choice(FILLER)
            paragraph = f"{sentence} {filler}"
            if rng.random() < 0.9:  # anchored in the text
                anchors[k] = (offset, offset + len(sentence))
            paragraphs.append(paragraph)
            offset += len(paragraph) + 2  # "\n\n"
        body = "\n\n".join(paragraphs)
        chunk.rows["article"].append(
            {
                "id": a,
                "title": title,
                "outlet": arng.choice(OUTLETS),
                "url": url,
                "published_at": (created - timedelta(days=1)).date(),
                "created_at": created,
                "created_by_id": author,
            }  # fmt: skip
        )
        chunk.rows["article_revision"].append(
            {
                "id": a,
                "article_id": a,
                "number": 1,
                "text": body,
                "note": "",
                "created_at": created,
                "created_by_id": author,
            }  # fmt: skip
        )
        chunk.event(created, author, "article.create", "article", a, None, None,
                    {"title": title, "url": url, "chars": len(body)})  # fmt: skip
        for k in range(first, last + 1):
            rng = claim_rngs[k]
            sentence, claimant = sentences[k]
            at = created + timedelta(minutes=(k - first) * 3 + 1)
            start_end = anchors.get(k)
            row = {
                "id": k,
                "article_id": a,
                "revision_id": a if start_end else None,
                "text": sentence,
                "claimant": claimant,
                "priority": 4 if k <= len(SHOWCASE) else rng.choices((1, 2, 3, 4), (20, 50, 20, 10))[0],
                "due_date": None,
                "start": start_end[0] if start_end else None,
                "end": start_end[1] if start_end else None,
                "quote": body[start_end[0] : start_end[1]] if start_end else None,
                "prefix": body[max(0, start_end[0] - 32) : start_end[0]] if start_end else None,
                "suffix": body[start_end[1] : start_end[1] + 32] if start_end else None,
                "anchor_lost": False,
                "status": "open",
                "assignee_id": None,
                "created_by_id": rng.choice(self.writers),
                "created_at": at,
                "updated_at": at,
                "updated_by_id": None,
                "version": 1,
                "verdict_id": None,
                "same_as_id": None,
                "rating_id": None,
                "published_at": None,
                "hours_to_publish": None,
            }
            row["updated_by_id"] = row["created_by_id"]
            self._play(chunk, row, rng, k)
            chunk.rows["claim"].append(row)

    def _play(self, chunk: Chunk, row: dict, rng: random.Random, k: int) -> None:
        story = self.story_of(k, rng)
        reviewer = rng.choice(self.team.reviewers)
        editor = rng.choice(self.team.editors) if rng.random() < 0.95 else self.team.admin
        steps: list[tuple[float, str]] = []  # (hours after the previous step, move)

        def work(evidence_range):
            steps.append((rng.uniform(0.5, 72), "assign" if rng.random() < 0.2 else "take"))
            for _ in range(rng.randint(*evidence_range)):
                steps.append((rng.uniform(0.2, 8), "evidence"))
            if rng.random() < 0.25:
                steps.append((rng.uniform(0.1, 4), "comment"))

        def propose_and(*then):
            steps.append((rng.uniform(0.5, 24), "propose"))
            for move in then:
                steps.append((rng.uniform(1, 48), move))

        if story == "open_released":
            steps += [(rng.uniform(1, 48), "take"), (rng.uniform(0.5, 24), "release")]
        elif story == "not_checkable":
            if rng.random() < 0.5:
                steps.append((rng.uniform(1, 48), "take"))
            steps.append((rng.uniform(0.5, 24), "not_checkable"))
        elif story == "in_progress":
            work((0, 2))
        elif story == "in_progress_returned":
            work((1, 3))
            propose_and("return")
        elif story == "in_progress_reopened":
            work((1, 3))
            propose_and("approve", "reopen")
        elif story == "in_review":
            work((1, 4))
            propose_and()
        elif story == "in_review_after_return":
            work((1, 3))
            propose_and("return", "evidence")
            propose_and()
        elif story == "published":
            work((1, 4))
            propose_and("approve")
            if rng.random() < 0.1:
                steps.append((rng.uniform(1, 24), "editor_comment"))
        elif story == "published_after_return":
            work((1, 3))
            propose_and("return", "evidence")
            propose_and("approve")
        elif story == "published_corrected":
            work((1, 3))
            propose_and("approve", "reopen", "evidence")
            propose_and("approve")
        # fit the story between the claim's creation and now
        total = sum(h for h, _ in steps)
        room = (self.now - timedelta(minutes=1) - row["created_at"]).total_seconds() / 3600
        scale = min(1.0, room / total) if total else 1.0
        claim = ClaimStory(chunk, row)
        claim.create(row["created_at"], row["created_by_id"])
        at = row["created_at"]
        for hours, move in steps:
            at = at + timedelta(hours=hours * scale)
            if move == "take":
                claim.take(at, reviewer)
            elif move == "assign":
                claim.assign(at, editor, reviewer)
            elif move == "release":
                claim.release(at, reviewer)
            elif move == "evidence":
                claim.add_evidence(at, reviewer, rng)
            elif move == "comment":
                claim.comment(
                    at, reviewer, f"Asked the ministry for the underlying figures ({rng.choice(PLACES)})."
                )
            elif move == "editor_comment":
                claim.comment(at, editor, "Good work: the panel report was the right source.")
            elif move == "propose":
                claim.propose(at, reviewer, rng)
            elif move == "return":
                claim.return_(at, editor, "The second source does not say this; find the original figure.")
            elif move == "approve":
                claim.approve(at, editor)
            elif move == "reopen":
                claim.reopen(at, editor, "A reader pointed to a later UN figure; we are checking it again.")
            elif move == "not_checkable":
                claim.not_checkable(at, reviewer if row["assignee_id"] else editor,
                                    "A prediction about next year: nothing to check yet.")  # fmt: skip
        today = self.now.date()
        if row["status"] in ("open", "in_progress", "in_review") and rng.random() < 0.4:
            row["due_date"] = today + timedelta(days=rng.randint(-10, 14))
        elif row["status"] == "published" and rng.random() < 0.15:
            row["due_date"] = row["created_at"].date() + timedelta(days=rng.randint(1, 10))
        chunk.verdict_links.append({"b_id": row["id"], "b_verdict": row["verdict_id"]})
        row["verdict_id"] = None  # inserted after the verdicts it points to (see _write)


# --- writing ------------------------------------------------------------------------------------------


def seed_engine(url: str) -> Engine:
    """An engine for bulk loading: SQLite with WAL and synchronous=OFF (foreign keys checked at the end)."""
    if url.startswith("sqlite"):
        engine = create_engine(url)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.close()

        return engine
    return create_engine(url)


def _write(engine: Engine, chunk: Chunk) -> None:
    claim = SQLModel.metadata.tables["claim"]
    with engine.begin() as conn:
        for name in ("article", "article_revision", "claim", "verdict", "evidence", "comment", "audit_event"):
            _insert(conn, name, chunk.rows[name])
        links = [link for link in chunk.verdict_links if link["b_verdict"] is not None]
        if links and conn.dialect.name == "postgresql":
            conn.exec_driver_sql(
                "UPDATE claim SET verdict_id = link.verdict FROM unnest(%(ids)s::integer[], %(verdicts)s::integer[]) "
                "AS link(id, verdict) WHERE claim.id = link.id",
                {"ids": [link["b_id"] for link in links], "verdicts": [link["b_verdict"] for link in links]},
            )
        elif links:
            statement = (
                update(claim).where(claim.c.id == bindparam("b_id")).values(verdict_id=bindparam("b_verdict"))
            )
            compiled = statement.compile(dialect=conn.dialect)
            params = [tuple(link[k] for k in compiled.positiontup) for link in links]
            conn.exec_driver_sql(compiled.string, params)


def is_postgres(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def create_pg_database(url: str) -> None:
    """Create the PostgreSQL database `url` names (connecting to the server's `postgres` database)."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database})
        if exists.first() is None:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def drop_pg_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()


def _finish(engine: Engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            for name in EXPLICIT_IDS:
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                        f'(SELECT coalesce(max(id), 1) FROM "{name}"))'
                    )  # fmt: skip
                )
        else:
            problems = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
            if problems:
                raise SeedError(f"{len(problems)} foreign keys point nowhere, e.g. {problems[:3]}")
    if engine.dialect.name == "postgresql":
        # autovacuum would have analysed a real archive, and vacuumed it (PostgreSQL 13+ also after inserts):
        # without the visibility map, every index-only scan (the queue's counts) reads the table too
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            # the tables triggers keep (migrations 0010, 0012) took a row per claim in the seed's one transaction
            # and gave them up (folded, pruned): a real archive, its claims arriving one by one, reuses that space
            # as autovacuum frees it; here it would stay, hundreds of empty pages every count reads
            conn.execute(text("VACUUM FULL claim_status_count, claim_change"))
            conn.execute(text("VACUUM ANALYZE"))


@dataclass
class SeedResult:
    url: str
    claims: int
    articles: int
    members: list[Member]
    seconds: float
    counts: dict[str, int]
    warnings: list[str]
    tokens_file: str | None = None
    verify_seconds: float | None = None
    problems: dict[str, int] = field(default_factory=dict)

    def token(self, username: str) -> str:
        return next(m.token for m in self.members if m.username == username)

    def as_json(self) -> dict:
        return {
            "database_url": self.url,
            "claims": self.claims,
            "password": PASSWORD,
            "users": [
                {"id": m.id, "username": m.username, "role": m.role, "token": m.token} for m in self.members
            ],
        }


def default_url(claims: int) -> str:
    return f"sqlite:///{ROOT / 'instance' / f'bench-{claims}.sqlite'}"


def tokens_path(url: str) -> Path:
    """Where the team's tokens go by default: next to a SQLite file, else in instance/."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return Path(parsed.database).with_suffix(".tokens.json")
    return ROOT / "instance" / f"{parsed.database}.tokens.json"


def seed(
    url: str,
    claims: int = DEFAULT_CLAIMS,
    *,
    rng_seed: int = 1,
    now: datetime | None = None,
    verify: bool = True,
    log=print,
) -> SeedResult:
    """Migrate the (empty) database at `url` and fill it with a synthetic archive of `claims` claims.

    :raise SeedError: the database already holds claims or users, or the models changed under the seed.
    """
    if claims < len(SHOWCASE):
        raise SeedError(f"at least {len(SHOWCASE)} claims")
    warnings = check_contract()
    for warning in warnings:
        log(f"warning: {warning}")
    started = time.perf_counter()
    if is_postgres(url):
        create_pg_database(url)
    schema.upgrade(url)
    engine = seed_engine(url)
    try:
        with engine.connect() as conn:
            if (
                conn.execute(text('SELECT count(*) FROM "user"')).scalar()
                or conn.execute(text("SELECT count(*) FROM claim")).scalar()
            ):
                raise SeedError(f"{url} is not empty: seed an empty database")
        with Session(engine) as session:
            ratings.ensure_default_scale(session)
            scale_rows = ratings.list_ratings(session)
            scale = Scale({r.slug: r.id for r in scale_rows}, {r.slug: r.value for r in scale_rows})
        missing = {"true", "mostly-true", "misleading", "mostly-false", "false", "unproven"} - set(scale.ids)
        if missing:
            raise SeedError(f"the rating scale lacks {sorted(missing)}")
        now = now or datetime.now(UTC)
        start = now - timedelta(days=SPAN_DAYS)
        with engine.begin() as conn:
            team = _team_rows(start, conn)
            _source_rows(start, team, conn)
        seeder = Seeder(claims, now=now, seed=rng_seed, team=team, scale=scale)
        for first in range(1, seeder.articles + 1, ARTICLES_PER_CHUNK):
            last = min(seeder.articles, first + ARTICLES_PER_CHUNK - 1)
            _write(engine, seeder.chunk(first, last))
            done = min(claims, last * CLAIMS_PER_ARTICLE)
            if done % 20_000 < ARTICLES_PER_CHUNK * CLAIMS_PER_ARTICLE or done == claims:
                log(f"  {done:,} claims ({time.perf_counter() - started:.1f} s)")
        _finish(engine)
        seconds = time.perf_counter() - started
        with engine.connect() as conn:
            counts = {
                name: conn.execute(select(func.count()).select_from(SQLModel.metadata.tables[name])).scalar()
                for name in (
                    "claim",
                    "verdict",
                    "evidence",
                    "comment",
                    "audit_event",
                    "article",
                    "source",
                    "user",
                )
            }
        result = SeedResult(url, claims, seeder.articles, team.members, seconds, counts, warnings)
        if verify:
            from bench import reconcile

            began = time.perf_counter()
            result.problems = reconcile.check(engine)
            result.verify_seconds = time.perf_counter() - began
            bad = {k: v for k, v in result.problems.items() if v}
            if bad:
                raise SeedError(f"the seeded history does not reconcile with the rows: {bad}")
        return result
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--claims", type=int, default=DEFAULT_CLAIMS, help="number of claims (default 100,000)"
    )
    parser.add_argument("--database-url", help="SQLite or PostgreSQL URL (default instance/bench-N.sqlite); "
                        "a PostgreSQL database is created when missing")  # fmt: skip
    parser.add_argument("--tokens-out", help="where to write the team's tokens as JSON ('-': print them)")
    parser.add_argument("--replace", action="store_true", help="delete the database first if it exists")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--no-verify", action="store_true", help="skip the reconciliation afterwards")
    args = parser.parse_args(argv)
    url = args.database_url or default_url(args.claims)
    if args.replace:
        if is_postgres(url):
            drop_pg_database(url)
        else:
            path = Path(make_url(url).database or "")
            for extra in ("", "-wal", "-shm"):
                Path(str(path) + extra).unlink(missing_ok=True)
    elif not is_postgres(url):
        Path(make_url(url).database or "").parent.mkdir(parents=True, exist_ok=True)
    print(f"seeding {args.claims:,} claims into {url}", file=sys.stderr)
    try:
        result = seed(url, args.claims, rng_seed=args.seed, verify=not args.no_verify,
                      log=lambda m: print(m, file=sys.stderr))  # fmt: skip
    except SeedError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    document = json.dumps(result.as_json(), indent=2)
    if args.tokens_out == "-":
        print(document)
    else:
        path = Path(args.tokens_out) if args.tokens_out else tokens_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(document)
        path.chmod(0o600)
        print(f"tokens: {path}", file=sys.stderr)
    counts = ", ".join(f"{v:,} {k}" for k, v in result.counts.items())
    verified = f"; reconciled in {result.verify_seconds:.1f} s" if result.verify_seconds is not None else ""
    print(f"seeded in {result.seconds:.1f} s: {counts}{verified}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
