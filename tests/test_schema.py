"""The migrations build exactly the schema the models describe, and the history is append-only."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import factcheck.models  # noqa: F401
from factcheck.services import audit


def test_migrations_match_the_models(app):
    engine = app.extensions["factcheck_engine"]
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == []


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
