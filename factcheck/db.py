"""The engine and one Session per request (on g, closed on teardown).

SQLite write transactions take the write lock first. SQLite's default (deferred) BEGIN takes no lock; the
first read takes a snapshot and the first write then tries to upgrade it to the write lock. If another
connection wrote in between, that upgrade fails at once with SQLITE_BUSY ("database is locked"): busy_timeout
cannot help, since waiting would not make the snapshot current. Every service reads before it writes
(load the claim, check, insert, audit), so under simultaneous writers most requests failed. So, following
SQLAlchemy's pysqlite recipe (pysqlite's own BEGIN handling is switched off; the "begin" event emits ours),
a transaction starts with ``BEGIN IMMEDIATE``: it waits (within busy_timeout, 30 s) for the write lock
before it reads anything, so its reads and writes are one consistent, serialised unit. (One exception: a
thread that already holds the write lock on another connection would only wait for itself, so there the
BEGIN fails at once with "database is locked" instead of after 30 s.)

Read-only requests must not queue for that lock: in WAL mode readers never block or wait for the writer.
`get_session()` therefore binds the Session of a safe request (GET, HEAD, OPTIONS) to the engine with the
execution option ``sqlite_begin="DEFERRED"`` (see `request_engine`), which the begin listener reads from the
connection. A safe request must not write in that transaction (a write after a read is what fails above);
a write beside it belongs in a short transaction of its own whose first statement writes. Everything
else gets IMMEDIATE: POST/PUT/PATCH/DELETE requests, the CLI, services run outside a request, and tests'
own sessions. Long read-only work outside a safe request (the CSV exports, which stream in batches) uses
`read_engine()` too, so that it never holds the write lock while it runs.

On PostgreSQL none of this applies: its engine is used as it is, with row locks where the services take
them (READ COMMITTED, SELECT ... FOR UPDATE).

A connection can die under a request (PostgreSQL restarted, `pg_terminate_backend`, a network cut). The
pool pings a connection before handing it out (`pool_pre_ping`), and the request's session is discarded by
`discard_session`, which never raises: when its ROLLBACK fails the connection is invalidated (dropped from
the pool, never reused). At start-up `wait_for_database` retries, bounded, while the database is not there.
"""

import logging
import os
import threading
import time
import weakref

from flask import current_app, g, has_request_context, request
from sqlalchemy import Table, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlmodel import Session, create_engine

log = logging.getLogger("factcheck.db")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BEGIN_OPTION = "sqlite_begin"  # execution option: "IMMEDIATE" (the default) or "DEFERRED"
_BEGIN = {"IMMEDIATE": "BEGIN IMMEDIATE", "DEFERRED": "BEGIN"}
BUSY_TIMEOUT_MS = 30_000
# SQLite's page cache per connection, in KiB (its default is 2 MiB): a text search reads its 2,500 matches'
# keys at 100,000 claims (ix_claim_search_keys is 6 MB), and at 2 MiB each request read ~1,000 pages again
# (the search statement 6.4 ms, 4.4 ms at 16 MiB, no better at 32). Memory is taken only as pages are read.
CACHE_KIB = 16_000
CONNECT_TIMEOUT_S = 5
_write_locks = threading.local()  # per thread: the connections whose BEGIN IMMEDIATE this thread issued


def _holds_write_lock_elsewhere(conn) -> bool:
    """Whether this thread has a write transaction open on another connection to the same database."""
    held = [ref for ref in getattr(_write_locks, "held", ()) if _open(ref())]
    _write_locks.held = held
    return any(ref() is not conn and ref().engine.url == conn.engine.url for ref in held)


def _open(conn) -> bool:
    return conn is not None and not conn.closed and not conn.invalidated and conn.in_transaction()


@compiles(Table, "sqlite")
def _sqlite_table_hint(element, compiler, **kw) -> str:
    """SQLAlchemy's SQLite dialect drops table hints; this writes `with_hint(table, "INDEXED BY ...", "sqlite")`
    after the table's name (services.claim_filters.indexed_by)."""
    text = compiler.visit_table(element, **kw)
    hints = kw.get("fromhints")
    if text and hints and element in hints:
        text += " " + hints[element]
    return text


def make_engine(url: str) -> Engine:
    """An engine for SQLite (foreign keys on, WAL, busy timeout, a 16 MB page cache, BEGIN IMMEDIATE) or
    PostgreSQL (psycopg 3)."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            # Let SQLAlchemy, not pysqlite, issue BEGIN (pysqlite's own transaction handling breaks
            # SAVEPOINT and delays BEGIN past the first read).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            mode = conn.get_execution_options().get(BEGIN_OPTION, "IMMEDIATE")
            if mode == "IMMEDIATE" and _holds_write_lock_elsewhere(conn):
                # this thread already holds the write lock on another connection: waiting would wait for
                # itself until busy_timeout, so fail at once with SQLite's own "database is locked"
                conn.exec_driver_sql("PRAGMA busy_timeout=0")
                try:
                    conn.exec_driver_sql(_BEGIN[mode])
                finally:
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            else:
                conn.exec_driver_sql(_BEGIN[mode])
            if mode == "IMMEDIATE":
                _write_locks.__dict__.setdefault("held", []).append(weakref.ref(conn))

        return engine
    # a dead server answers a connect within CONNECT_TIMEOUT_S, not after the operating system's TCP timeout
    connect_args = {} if "connect_timeout" in url else {"connect_timeout": CONNECT_TIMEOUT_S}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def read_engine(engine: Engine) -> Engine:
    """`engine` for read-only work: on SQLite its transactions BEGIN DEFERRED (no write lock)."""
    if engine.dialect.name != "sqlite" or engine.get_execution_options().get(BEGIN_OPTION) == "DEFERRED":
        return engine
    return engine.execution_options(**{BEGIN_OPTION: "DEFERRED"})


def request_engine() -> Engine:
    """The app's engine as this request should use it: deferred (read-only) for GET/HEAD/OPTIONS,
    taking the write lock first for anything else and outside a request."""
    engine = current_app.extensions["factcheck_engine"]
    if has_request_context() and request.method in SAFE_METHODS and engine.dialect.name == "sqlite":
        if "factcheck_read_engine" not in current_app.extensions:
            current_app.extensions["factcheck_read_engine"] = read_engine(engine)
        return current_app.extensions["factcheck_read_engine"]
    return engine


def get_session() -> Session:
    """The request's session, opened on first use (bound to `request_engine()`)."""
    if "db_session" not in g:
        g.db_session = Session(request_engine(), expire_on_commit=False)
    return g.db_session


def end_sign_in_transaction() -> None:
    """before_request (after the permission guard): on SQLite, end the transaction in which a writing
    request found its user, so that the write lock is held from the view's first query, not through
    whatever the view does before it (fetching a page, reading an upload)."""
    session = g.get("db_session")
    if session is not None and request.method not in SAFE_METHODS and session.in_transaction():
        if session.get_bind().dialect.name == "sqlite":
            session.commit()


def close_session(_exc=None) -> None:
    """teardown_appcontext: end the request's session. Never raises (see `discard_session`)."""
    discard_session()


def discard_session() -> None:
    """End the request's session, if it has one, whatever state its connection is in. A teardown that
    raised would escape the app's error handlers (the server would answer its own HTML 500), so a failed
    ROLLBACK/close is logged and the session's connections invalidated: the pool drops them instead of
    handing a dead connection to the next request."""
    session = g.pop("db_session", None)
    if session is None:
        return
    try:
        session.close()
    except Exception as error:  # noqa: BLE001  (a dead connection raises whatever its driver raises)
        log.warning(
            "closing the request's database session failed (%s); its connection is dropped", _brief(error)
        )
        try:
            session.invalidate()
        except Exception as again:  # noqa: BLE001
            log.warning("invalidating the session's connection failed too (%s)", _brief(again))


def rollback_session() -> None:
    """Roll the request's session back (it stays usable); when even that fails, discard it."""
    session = g.get("db_session")
    if session is None:
        return
    try:
        session.rollback()
    except Exception as error:  # noqa: BLE001
        log.warning("rolling the request's session back failed (%s); it is discarded", _brief(error))
        discard_session()


def _brief(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{error.__class__.__name__}: {text[0] if text else ''}"[:300]


def wait_for_database(engine: Engine, seconds: float, *, interval: float = 1.0) -> bool:
    """At start-up: connect (and SELECT 1) until the database answers or `seconds` have passed, saying
    so in the log. True when it answered; False when it still did not (the app then starts anyway and
    answers 503 `database_unavailable`, /readyz too, until the database is back)."""
    started = time.monotonic()
    deadline = started + max(seconds, 0)
    attempt = 0
    while True:
        attempt += 1
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except Exception as error:  # noqa: BLE001
            left = deadline - time.monotonic()
            if left <= 0:
                log.error(
                    "database %s still unreachable after %.0f s (%s): starting anyway; requests answer 503 "
                    "until it is back (FACTCHECK_DB_WAIT_SECONDS=%s)",
                    engine.url.render_as_string(hide_password=True),
                    time.monotonic() - started,
                    _brief(error),
                    seconds,
                )
                engine.dispose()
                return False
            if attempt == 1:
                log.warning(
                    "database %s unreachable (%s): waiting up to %.0f s for it (FACTCHECK_DB_WAIT_SECONDS)",
                    engine.url.render_as_string(hide_password=True),
                    _brief(error),
                    seconds,
                )
            time.sleep(min(interval, max(left, 0.05)))
            continue
        if attempt > 1:
            log.warning("database reachable after %.1f s (%d attempts)", time.monotonic() - started, attempt)
        engine.dispose()  # no connection kept from start-up (gunicorn may fork workers after it)
        return True


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


# Rows ANALYZE samples per index: enough for the planner's choice between the claim indexes, a few ms at any size.
ANALYSIS_LIMIT = 1000


def refresh_statistics(engine: Engine) -> bool:
    """SQLite: refresh the query planner's statistics (a bounded ANALYZE), as SQLite advises for long-lived
    connections. Without them the planner guesses, and on a large archive it can pick an index that avoids a
    sort over one that finds the rows (the queue's rating filter walked the whole claim table). Run once at
    start-up; PostgreSQL's autovacuum keeps its own statistics. False when another writer held the database
    (the next start tries again)."""
    if engine.dialect.name != "sqlite":
        return True
    if not engine.url.database or not os.path.exists(engine.url.database):
        return False  # nothing to analyse yet (and connecting would create the file)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
            connection.exec_driver_sql("ANALYZE")
    except OperationalError as error:
        logging.getLogger(__name__).warning("planner statistics not refreshed: %s", error)
        return False
    return True
