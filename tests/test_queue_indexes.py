"""The overdue filter and the text search read off the indexes of migration 0011, and give what they gave before:
the same claims, the same counts, in the same order as a plain query over the claims (no index, no trigram)."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, func, inspect, or_, text
from sqlmodel import select

from factcheck.models import STATUSES, Claim
from factcheck.models.claims import ACTIVE_STATUSES
from factcheck.services import claim_filters, queue
from factcheck.services.claim_filters import ClaimFilters

from .migration_helpers import assert_downgrade_drops_and_upgrade_makes, migration_module
from .workflow_helpers import make_article

TODAY = date(2026, 3, 1)
ORDER = (Claim.priority.desc(), Claim.created_at, Claim.id)
# words and texts for the search: ASCII and not, % and _, the two characters the trigram index folds to ASCII
# (U+212A KELVIN SIGN, U+017F LONG S), a word found only in the claimant
TEXTS = (
    "Malakal camp grew by 40%.",
    "MALAKAL river rose.",
    "The \u212aelvin scale in Malakal.",  # a Kelvin sign: the trigram index reads "kelvin"
    "Kelvin said so.",
    "Ro\u017fe by 50% in a_b town.",  # a long s: the trigram index reads "rose"
    "rose by 50 percent in aXb town.",
    "Z\u00fcrich and ZURICH and z\u00dcrich.",
    "Nothing to see.",
    "\u00c9tat de Malakal.",
)
CLAIMANTS = (None, "Malakal Times", "kelvin \u017fmith", "")


@pytest.fixture
def archive(db, team):
    """200 claims: every status, priority 1..4, due dates before, on and after TODAY or none, the TEXTS."""
    article = make_article(db, team["reviewer"])
    rng = random.Random(11)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for n in range(200):
        due = rng.choice([None, TODAY - timedelta(days=rng.randint(1, 30)), TODAY, TODAY + timedelta(days=3)])
        db.add(
            Claim(
                article_id=article.id,
                text=f"{TEXTS[n % len(TEXTS)]} #{n}",
                claimant=CLAIMANTS[n % len(CLAIMANTS)],
                status=STATUSES[n % len(STATUSES)],
                priority=rng.randint(1, 4),
                due_date=due,
                # a few share a created_at: the id decides between them
                created_at=start + timedelta(hours=rng.randint(0, 150)),
            )
        )
    db.commit()
    return article


def pages(db, filters: ClaimFilters, per_page: int, sort="priority") -> tuple[list[int], dict[str, int], int]:
    """Every page of the queue one after the other (a page past the middle is read from the end)."""
    first = queue.list_claims(db, filters=filters, per_page=per_page, sort=sort)
    ids = [row.claim.id for row in first.items]
    for number in range(2, first.pages + 1):
        ids += [
            row.claim.id
            for row in queue.list_claims(db, filters=filters, page=number, per_page=per_page, sort=sort).items
        ]
    return ids, first.counts, first.total


def test_the_overdue_pages_are_the_overdue_claims_in_queue_order(db, archive, monkeypatch):
    monkeypatch.setattr(
        "factcheck.services.claim_filters.utcnow", lambda: datetime.combine(TODAY, datetime.min.time(), UTC)
    )
    overdue = (Claim.due_date < TODAY, Claim.status.in_(ACTIVE_STATUSES))
    expected = list(db.exec(select(Claim.id).where(*overdue).order_by(*ORDER)).all())
    assert 20 < len(expected) < 200
    for per_page in (7, 25):
        ids, counts, total = pages(db, ClaimFilters(due="overdue"), per_page)
        assert ids == expected and total == len(expected)
        by_status = dict(
            db.exec(select(Claim.status, func.count()).where(*overdue).group_by(Claim.status)).all()
        )
        assert counts == {status: by_status.get(status, 0) for status in STATUSES}
    for status in ("open", "in_review", "published"):
        ids, _counts, _total = pages(db, ClaimFilters(due="overdue", status=status), 5)
        assert ids == [i for i in expected if db.get(Claim, i).status == status]


def test_the_overdue_page_walks_its_partial_index(db, archive):
    """SQLite reads a partial index only when the query's WHERE implies the index's with the very values: the
    statuses are written as literals, and the page's ids are read in order off ix_claim_overdue_queue_order
    (forwards, and backwards for a page past the middle), with no sort."""
    for reverse in (False, True):
        ids = queue._ordered_ids(ClaimFilters(due="overdue"), None, "priority", reverse=reverse).limit(5)
        compiled = ids.compile(db.get_bind(), compile_kwargs={"render_postcompile": True})
        assert "IN ('open', 'in_progress', 'in_review')" in str(compiled)
        if db.get_bind().dialect.name == "sqlite":
            params = tuple(compiled.params[name] for name in compiled.positiontup)
            plan = " ".join(
                row[3]
                for row in db.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), params)
            )
            assert "ix_claim_overdue_queue_order" in plan and "TEMP B-TREE" not in plan, plan


def plain_search(db, words: list[str]) -> list[int]:
    """The claims holding every word in text or claimant, by the exact match alone (no trigram index)."""
    conditions = [
        or_(
            Claim.text.icontains(word, autoescape=True),
            func.coalesce(Claim.claimant, "").icontains(word, autoescape=True),
        )
        for word in words
    ]
    return list(db.exec(select(Claim.id).where(*conditions).order_by(*ORDER)).all())


@pytest.mark.parametrize(
    "q",
    [
        "Malakal",
        "malakal",
        "alakal",
        "kelvin",
        "KELVIN",
        "rose",
        "Rose by",
        "50%",
        "0%",
        "a_b",
        "_b t",
        "Z\u00fcrich",
        "zurich",
        "\u00c9tat",
        "smith",
        "\u017fmith",
        "ma",
        "#1",
        "Malakal 40%",
        "nothing-at-all",
    ],
)
def test_the_search_gives_what_the_exact_match_gives(db, archive, q):
    """Each word anywhere in text or claimant, in any case, % and _ as themselves: the trigram index only finds
    the candidates (and where it folds a Kelvin sign or a long s to k or s, the text is checked again)."""
    expected = plain_search(db, q.split())
    for status in (None, "open", "published"):
        filters = ClaimFilters(q=q, status=status)
        wanted = [i for i in expected if status is None or db.get(Claim, i).status == status]
        ids, counts, total = pages(db, filters, 6)
        assert ids == wanted and total == len(wanted), (q, status)
        assert sum(counts.values()) == len(expected)
    for sort in ("newest", "due", "rating"):
        ids, _counts, total = pages(db, ClaimFilters(q=q), 9, sort)
        assert sorted(ids) == sorted(expected) and total == len(expected)


def test_the_search_reads_no_matching_row_on_sqlite(db, archive):
    """The matches' status and order come from ix_claim_search_keys, and only the claims with a folded character
    (ix_claim_text_folds_to_ascii) are checked against their text."""
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's plan")
    captured = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "claim_trigram" in statement:
            captured.append((statement, parameters))

    engine = db.get_bind().engine
    event.listen(engine, "before_cursor_execute", keep)
    try:
        queue.list_claims(db, filters=ClaimFilters(q="Malakal"))
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    statement, parameters = captured[-1]
    plan = "\n".join(
        row[3] for row in db.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
    )
    assert "COVERING INDEX ix_claim_search_keys" in plan and "ix_claim_text_folds_to_ascii" in plan, plan


def test_the_migration_adds_and_drops_its_indexes(engine, db):
    sqlite = engine.dialect.name == "sqlite"
    ours = {"ix_claim_overdue_queue_order"} | (
        {"ix_claim_search_keys", "ix_claim_text_folds_to_ascii"} if sqlite else set()
    )
    assert_downgrade_drops_and_upgrade_makes(engine, db, down_to="0010", ours=ours)
    assert "ix_claim_overdue_queue_order" in {ix["name"] for ix in inspect(engine).get_indexes("claim")}


# text, pattern: case pairs where ILIKE and a case-folding that is not lower() would disagree (Kelvin sign, long s,
# sharp s, dotted and dotless i, final sigma), non-ASCII letters, and the escaped % _ /
ILIKE_CASES = [
    ("The \u212aelvin scale", "%kelvin%"),
    ("The \u212aelvin scale", "%\u212aELVIN%"),
    ("Ro\u017fe by", "%rose%"),
    ("Ro\u017fe by", "%RO\u017fE%"),
    ("STRA\u1e9eE", "%stra\u00dfe%"),
    ("stra\u00dfe", "%STRASSE%"),
    ("\u0130stanbul", "%i\u0307stanbul%"),
    ("\u0130stanbul", "%istanbul%"),
    ("ISTANBUL", "%\u0131stanbul%"),
    ("\u039f\u0394\u039f\u03a3", "%\u03bf\u03b4\u03bf\u03c2%"),
    ("\u03bf\u03b4\u03bf\u03c2", "%\u039f\u0394\u039f\u03a3%"),
    ("Z\u00fcrich and ZURICH", "%z\u00dcrich%"),
    ("\u00c9tat de Malakal", "%\u00e9tat%"),
    ("up by 50% in a_b", "%50/%%"),
    ("up by 50 in aXb", "%a/_b%"),
    ("a/b", "%a//b%"),
]


def test_postgres_ilike_is_lower_like_in_a_utf8_database(db):
    """What the PostgreSQL search rests on (claim_filters.UTF8_DATABASE): in a UTF-8 database `text ILIKE pattern`
    is `lower(text) LIKE lower(pattern)`, so the trigram index's recheck is the exact match."""
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's ILIKE")
    connection = db.connection()
    assert connection.exec_driver_sql("SHOW server_encoding").scalar() == "UTF8"
    for value, pattern in ILIKE_CASES:
        ilike, lower_like = connection.execute(
            text("SELECT :v ILIKE :p ESCAPE '/', lower(:v) LIKE lower(:p) ESCAPE '/'"),
            {"v": value, "p": pattern},
        ).one()
        assert ilike == lower_like, (value, pattern)


def test_the_postgres_search_checks_ilike_only_outside_utf8(db, archive):
    """A PostgreSQL search with an indexed word runs its ILIKE only where the database is not UTF-8 (read once per
    statement, an InitPlan), and gives the exact match all the same (test_the_search_gives_what_the_exact_match_gives)."""
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's plan")
    query = ClaimFilters(q="Malakal").apply(select(Claim.id))
    compiled = query.compile(db.get_bind())
    sql = str(compiled)
    assert "current_setting('server_encoding') = 'UTF8'" in sql and "ILIKE" in sql, sql
    plan = "\n".join(db.connection().exec_driver_sql("EXPLAIN " + sql, compiled.params).scalars())
    assert "InitPlan" in plan, plan
    assert list(db.exec(query.order_by(*ORDER)).all()) == plain_search(db, ["Malakal"])


def test_the_migration_writes_the_conditions_the_queries_use():
    """SQLite reads a partial index only for a query whose WHERE has the index's very expression: the migration
    (which must not follow later code) writes them out, and they must stay what claim_filters sends."""
    migration = migration_module("0011_overdue_and_search_keys.py")
    assert migration.FOLDS_TO_ASCII == claim_filters.FOLDS_TO_ASCII
    assert migration.ACTIVE == ", ".join(f"'{status}'" for status in ACTIVE_STATUSES)
