"""The migrations build exactly the schema the models describe, and the history is append-only."""

import sqlite3
import threading
import time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel, select

import factcheck.models  # noqa: F401
from factcheck.db import close_session, end_sign_in_transaction, get_session, read_engine
from factcheck.models import User
from factcheck.services import audit, exports, schema

from .workflow_helpers import make_claim


# SQLite's reflection cannot read the source picker's index on lower(title) (migration 0010), which no model
# declares either (services.schema.FULL_TEXT_INDEXES): it says so and skips it
@pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index ix_source_title_order"
)
def test_migrations_match_the_models(app):
    engine = app.extensions["factcheck_engine"]
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": schema.modelled})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_the_queue_order_indexes_keep_their_descending_priority(app):
    """compare_metadata does not compare an index's column order: the queue's default order (priority desc) is
    only an index walk while these indexes say DESC (a table rebuild by a migration once lost it)."""
    engine = app.extensions["factcheck_engine"]
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            found = dict(
                connection.execute(
                    text("SELECT name, sql FROM sqlite_master WHERE name LIKE 'ix_claim_%queue_order'")
                ).all()
            )
        else:
            found = dict(
                connection.execute(
                    text(
                        "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'ix_claim_%queue_order'"
                    )
                ).all()
            )
    assert set(found) == {
        "ix_claim_queue_order",
        "ix_claim_status_queue_order",
        "ix_claim_rating_queue_order",
        "ix_claim_assignee_queue_order",
        "ix_claim_overdue_queue_order",
    }
    assert all("priority DESC" in definition for definition in found.values()), found


@pytest.mark.parametrize("statement", ["UPDATE audit_event SET action = 'forged'", "DELETE FROM audit_event"])
def test_the_database_refuses_to_change_history(app, db, team, statement):
    audit.record(db, actor=team["admin"], action="test.event", object_type="test", object_id=1)
    db.commit()
    engine = app.extensions["factcheck_engine"]
    with pytest.raises(Exception, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text(statement))
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT action FROM audit_event WHERE action = 'test.event'")).scalar()
            == "test.event"
        )


def test_sqlite_connections_enforce_foreign_keys(app):
    engine = app.extensions["factcheck_engine"]
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragma")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert connection.execute(text("PRAGMA cache_size")).scalar() == -16000  # KiB, db.CACHE_KIB


def _forgeries(dialect: str) -> list[str]:
    """Ways to rewrite history that get past row-level UPDATE/DELETE triggers on each database."""
    if dialect == "sqlite":
        return [
            "INSERT OR REPLACE INTO audit_event (id, at, action, object_type) "
            "VALUES (:id, '2020-01-01 00:00:00', 'forged', 'test')",
            "REPLACE INTO audit_event (id, at, action, object_type) "
            "VALUES (:id, '2020-01-01 00:00:00', 'forged', 'test')",
            "INSERT INTO audit_event (id, at, action, object_type) "
            "VALUES (:id, '2020-01-01 00:00:00', 'forged', 'test') "
            "ON CONFLICT (id) DO UPDATE SET action = 'forged'",
        ]
    return [
        "TRUNCATE audit_event",
        "TRUNCATE audit_event CASCADE",
        "INSERT INTO audit_event (id, at, action, object_type) "
        "VALUES (:id, now(), 'forged', 'test') ON CONFLICT (id) DO UPDATE SET action = 'forged'",
    ]


def test_the_database_refuses_to_forge_history(app, db, team):
    event = audit.record(db, actor=team["admin"], action="test.event", object_type="test", object_id=1)
    db.commit()
    engine = app.extensions["factcheck_engine"]
    for statement in _forgeries(engine.dialect.name):
        with pytest.raises(Exception, match="append-only"):
            with engine.begin() as connection:
                connection.execute(text(statement), {"id": event.id})
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, action FROM audit_event")).all()
    assert (event.id, "test.event") in [tuple(row) for row in rows]
    assert all(action != "forged" for _id, action in rows)


def _sqlite_path(app) -> str:
    engine = app.extensions["factcheck_engine"]
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite locking")
    return engine.url.database


def _can_take_write_lock(path: str) -> bool:
    """Whether another connection could start a write transaction right now (without waiting)."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    finally:
        other.close()


def test_sqlite_write_transactions_take_the_write_lock_first(app):
    """A session's transaction is BEGIN IMMEDIATE: from its first read, no one else may start writing (so
    its later write can never fail on a snapshot someone changed meanwhile); it waits for the lock instead."""
    path = _sqlite_path(app)
    assert _can_take_write_lock(path)
    with Session(
        app.extensions["factcheck_engine"]
    ) as db:  # the app's engine, as services and the CLI use it
        db.exec(select(User)).all()  # a read: the transaction has begun
        assert not _can_take_write_lock(path)
        db.rollback()
    assert _can_take_write_lock(path)
    with app.test_request_context("/claims/1", method="POST"):  # a writing request: the same
        get_session().exec(select(User)).all()
        assert not _can_take_write_lock(path)
        # once the guard has found the user, that transaction ends: the view's own one takes the lock
        end_sign_in_transaction()
        assert _can_take_write_lock(path)
        get_session().exec(select(User)).all()
        assert not _can_take_write_lock(path)
        close_session()
    assert _can_take_write_lock(path)


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_sqlite_read_only_requests_do_not_take_the_write_lock(app, db, method):
    path = _sqlite_path(app)
    with app.test_request_context("/queue", method=method):
        get_session().exec(select(User)).all()
        assert get_session().in_transaction()
        assert _can_take_write_lock(path)
        close_session()


def test_sqlite_csv_exports_do_not_hold_the_write_lock_while_streaming(app, db, team):
    path = _sqlite_path(app)
    make_claim(db, team["editor"], status="published")
    chunks = exports.verdict_csv(app.extensions["factcheck_engine"], batch_size=1)
    next(chunks)  # the header
    assert b"Rents rose" in next(chunks)  # the first batch: its session's transaction is open
    assert _can_take_write_lock(path)
    chunks.close()


def test_sqlite_a_thread_holding_the_write_lock_is_refused_at_once_not_after_the_busy_timeout(app):
    """A second write transaction in the thread that holds the lock would wait for itself: it fails at
    once. Another thread waits for the lock instead, and gets it when the first commits."""
    _sqlite_path(app)
    engine = app.extensions["factcheck_engine"]
    db = Session(engine)
    db.exec(select(User)).all()  # this thread now holds the write lock
    started = time.monotonic()
    with pytest.raises(OperationalError, match="database is locked"):
        with Session(engine) as second:
            second.exec(select(User)).all()
    assert time.monotonic() - started < 5
    with Session(read_engine(engine)) as reader:  # reading needs no lock
        assert reader.exec(select(User)).all() == []

    waited = []

    def other_thread():
        with Session(engine) as other:
            started = time.monotonic()
            other.exec(select(User)).all()
            waited.append(time.monotonic() - started)

    thread = threading.Thread(target=other_thread)
    thread.start()
    time.sleep(0.5)
    assert not waited  # still waiting for the lock
    db.commit()
    db.close()
    thread.join(timeout=30)
    assert waited and waited[0] >= 0.4
