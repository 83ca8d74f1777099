"""init-db checks that the app's database role cannot rewrite the history: on PostgreSQL a role with only
INSERT and SELECT on audit_event passes and cannot UPDATE, DELETE or TRUNCATE it; a superuser, the owner or
a missing trigger is reported."""

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from factcheck.services import schema


def test_the_default_database_keeps_every_history_trigger(app):
    problems = schema.history_guard_problems(app.extensions["factcheck_engine"])
    if app.extensions["factcheck_engine"].dialect.name == "sqlite":
        assert problems == []
    else:  # the test suite connects as the superuser postgres
        assert any("superuser" in problem for problem in problems)


def test_a_missing_trigger_is_reported_and_init_db_warns(app, runner):
    engine = app.extensions["factcheck_engine"]
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as connection:  # SQLite: this test's own copy of the database
        connection.execute(
            text(
                "DROP TRIGGER audit_event_no_replace"
                if sqlite
                else "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_truncate"
            )
        )
    try:
        problems = schema.history_guard_problems(engine)
        assert any("audit_event_no_" in problem for problem in problems)
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0 and "Warning: " in result.output and "append-only" in result.output
    finally:
        if not sqlite:  # the PostgreSQL test database is shared by the whole run
            with engine.begin() as connection:
                connection.execute(text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_truncate"))


def test_a_role_with_insert_and_select_on_the_history_passes(app, db, team):
    engine = app.extensions["factcheck_engine"]
    if engine.dialect.name != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    role = f"factcheck_app_{uuid.uuid4().hex[:8]}"
    statements = [
        f"CREATE ROLE {role} LOGIN",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM {role}",
    ]
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    limited = create_engine(make_url(str(engine.url)).set(username=role, password=None))
    try:
        assert schema.history_guard_problems(limited) == []
        with limited.begin() as connection:
            connection.execute(
                text("INSERT INTO audit_event (at, action, object_type) VALUES (now(), 'x', 't')")
            )
        for statement in (
            "UPDATE audit_event SET action = 'y'",
            "DELETE FROM audit_event",
            "TRUNCATE audit_event",
        ):
            with pytest.raises(Exception, match="permission denied"):
                with limited.begin() as connection:
                    connection.execute(text(statement))
    finally:
        limited.dispose()
        with engine.begin() as connection:
            connection.execute(text(f"DROP OWNED BY {role}"))
            connection.execute(text(f"DROP ROLE {role}"))
