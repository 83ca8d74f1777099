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
"""

import threading
import weakref

from flask import current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BEGIN_OPTION = "sqlite_begin"  # execution option: "IMMEDIATE" (the default) or "DEFERRED"
_BEGIN = {"IMMEDIATE": "BEGIN IMMEDIATE", "DEFERRED": "BEGIN"}
BUSY_TIMEOUT_MS = 30_000
_write_locks = threading.local()  # per thread: the connections whose BEGIN IMMEDIATE this thread issued


def _holds_write_lock_elsewhere(conn) -> bool:
    """Whether this thread has a write transaction open on another connection to the same database."""
    held = [ref for ref in getattr(_write_locks, "held", ()) if _open(ref())]
    _write_locks.held = held
    return any(ref() is not conn and ref().engine.url == conn.engine.url for ref in held)


def _open(conn) -> bool:
    return conn is not None and not conn.closed and not conn.invalidated and conn.in_transaction()


def make_engine(url: str) -> Engine:
    """An engine for SQLite (foreign keys on, WAL, busy timeout, BEGIN IMMEDIATE) or PostgreSQL (psycopg 3)."""
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
    return create_engine(url, pool_pre_ping=True)


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
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"
