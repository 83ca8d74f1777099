"""Fixtures: a migrated database per test (SQLite file or PostgreSQL), the app, clients, a team, a browser.

FACTCHECK_TEST_DATABASE_URL=postgresql+psycopg://user@host:port/postgres runs the suite on PostgreSQL:
a throwaway database is created for the run and dropped at the end.
"""

import functools
import os
import shutil
import tempfile
import threading
import uuid
from pathlib import Path
from unittest import mock

import pytest
from flask.ctx import RequestContext
from flask.testing import FlaskCliRunner
from flask_wtf.csrf import generate_csrf
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import create_engine, text
from sqlmodel import Session, col, select
from werkzeug.routing import Rule
from werkzeug.security import generate_password_hash
from werkzeug.test import EnvironBuilder

from factcheck import create_app
from factcheck.db import make_engine, read_engine
from factcheck.models import User
from factcheck.services import ratings, schema, users

FAST_HASH = "scrypt:128:1:1"  # tests only: 0.04 ms a hash; production uses N=2**17, r=8 (see test_security)
PASSWORD = "correct horse battery"
PG_URL = os.environ.get("FACTCHECK_TEST_DATABASE_URL", "")
ROLES = ("viewer", "reviewer", "editor", "admin")


def _share_compiled_url_builders() -> None:
    """Let every app of the run share werkzeug's compiled URL builders.

    The suite builds an app per test, and building one compiles two URL builders per rule with `ast` and
    `compile` (about 100 rules): most of the 50-100 ms an app took, and a large part of the suite's time. A
    builder depends only on the rule's text, its parts and defaults and `append_unknown`, and receives the rule
    itself as an argument, so one compiled function serves every app. Tests only: the app is built once in
    production.
    """
    compile_builder = Rule._compile_builder
    compiled: dict = {}

    def shared(rule: Rule, append_unknown: bool = True):
        key = (rule.rule, tuple(rule._trace), repr(sorted((rule.defaults or {}).items())), append_unknown)
        if key not in compiled:
            compiled[key] = compile_builder(rule, append_unknown)
        return compiled[key]

    Rule._compile_builder = shared


_share_compiled_url_builders()


def _share_parsed_url_rules() -> None:
    """Let every app of the run share werkzeug's parsing of each URL rule.

    After the builders (above), the rest of compiling a rule is parsing its text into the matcher's parts:
    about half of what building an app still took (some 15 ms of ~30). The parts depend only on the rule's
    text, its host or subdomain, merge_slashes and the map's converter classes; the converters themselves
    are made again for each app's map, with the arguments the first parse gave them. Tests only.
    """
    compile_rule = Rule.compile
    parsed: dict = {}

    def compile(rule: Rule) -> None:
        domain = (rule.host if rule.map.host_matching else rule.subdomain) or ""
        key = (rule.rule, domain, rule.merge_slashes, tuple(rule.map.converters.items()))
        if key not in parsed:
            made: list[tuple] = []
            get_converter = rule.get_converter

            def recording(variable, name, args, kwargs):
                made.append((variable, name, args, dict(kwargs)))
                return get_converter(variable, name, args, kwargs)

            rule.get_converter = recording
            try:
                compile_rule(rule)
            finally:
                del rule.get_converter
            parsed[key] = (tuple(rule._parts), tuple(rule._trace), tuple(made), frozenset(rule.arguments))
            return
        parts, trace, made, arguments = parsed[key]
        rule._parts, rule._trace = list(parts), list(trace)
        rule._converters = {
            variable: rule.get_converter(variable, name, args, kw) for variable, name, args, kw in made
        }
        rule.arguments.update(arguments)
        rule._build = rule._compile_builder(False).__get__(rule, None)
        rule._build_unknown = rule._compile_builder(True).__get__(rule, None)

    Rule.compile = compile


_share_parsed_url_rules()


class SharedTemplateCode(BytecodeCache):
    """Compiled templates shared by every app of the run (Jinja's bytecode cache, keyed by template name and
    source checksum, so a changed template is compiled again). Each app has its own Jinja environment, and
    compiling the claim screen's templates took a new app about 200 ms at its first render."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = SharedTemplateCode()

_SHARED_STATEMENTS: dict[str, tuple] = {}  # dialect name -> (dialect, compiled statement cache)


def share_compiled_statements(engine):
    """Let the test's engine use the run's compiled statements: one dialect object and one statement cache
    per database kind, shared by every test engine of the process.

    SQLAlchemy caches compiled SQL per engine, keyed by the dialect object, and every test has a new engine,
    so each test compiled every statement again: about a quarter of a test's time. One database kind's
    dialects are alike (same driver, same server, same options from `make_engine`), and a compiled statement
    depends only on the statement and the dialect. Tests only: production builds one engine per process.

    The shared dialect is initialised (server version, ...) by connecting its own engine once first: an
    engine initialises the dialect it was made with on its first connection, never the shared one, and a
    test whose engine never connected left the run a dialect without a server version (a TypeError in
    reflection, seen when the suite ran on three workers).
    """
    if engine.dialect.name not in _SHARED_STATEMENTS:
        with engine.connect():
            pass
        _SHARED_STATEMENTS[engine.dialect.name] = (engine.dialect, engine._compiled_cache)
    dialect, cache = _SHARED_STATEMENTS[engine.dialect.name]
    engine.dialect, engine.pool._dialect, engine._compiled_cache = dialect, dialect, cache
    return engine


def pytest_report_header(config):
    return f"database: {'PostgreSQL ' + PG_URL if PG_URL else 'SQLite'}"


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """A migrated database with the default rating scale, made once per run: a SQLite file to copy, or a
    PostgreSQL database (emptied before each test, then given the scale again: `engine`)."""
    if PG_URL:
        name = f"factcheck_test_{uuid.uuid4().hex[:10]}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = PG_URL.rsplit("/", 1)[0] + "/" + name
        schema.upgrade(url)
        yield url
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("template") / "template.sqlite"
        schema.upgrade(f"sqlite:///{path}")
        engine = make_engine(f"sqlite:///{path}")
        with Session(engine) as session:
            ratings.ensure_default_scale(session)
        engine.dispose()
        yield path


def _empty_postgres(engine) -> None:
    with engine.begin() as conn:
        tables = conn.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'"
            )
        ).scalars()
        names = ", ".join(f'"{t}"' for t in tables)
        # The history refuses TRUNCATE (migration 0003); the reset between tests lifts that for
        # itself only, inside this transaction, as the superuser that owns the test database.
        conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_truncate"))
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        conn.execute(text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_truncate"))


@pytest.fixture(scope="session")
def database_folder(tmp_path_factory):
    """Where each test's SQLite database lives: in memory-backed /dev/shm when the machine has it, so that a
    test's commits skip the disk's fsync (the app's pragmas stay as in production), else the test's temp dir."""
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        folder = tempfile.mkdtemp(prefix="factcheck-tests-", dir="/dev/shm")
        yield Path(folder)
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("databases")


@pytest.fixture(scope="session")
def team_database_template(database_template, tmp_path_factory):
    """SQLite: the template with the team already made (`team`), copied for the tests that have a team, which
    is most of them: making four accounts took a test about 15 ms. None on PostgreSQL (made per test)."""
    if PG_URL:
        yield None
        return
    path = tmp_path_factory.mktemp("team-template") / "team.sqlite"
    shutil.copyfile(database_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        _make_team(session)
    engine.dispose()
    yield path


@pytest.fixture
def engine(request, database_template, database_folder):
    """The one way to a fresh database: migrated, with the default rating scale and nothing else (a copy of
    the SQLite template, or the PostgreSQL test database emptied), and the team when the test has one. The
    app's engine when a test has one."""
    if PG_URL:
        engine = share_compiled_statements(make_engine(database_template))
        _empty_postgres(engine)
        with Session(engine) as session:
            ratings.ensure_default_scale(session)
    else:
        path = database_folder / f"{uuid.uuid4().hex[:12]}.sqlite"
        with_team = "team" in request.fixturenames
        shutil.copyfile(
            request.getfixturevalue("team_database_template") if with_team else database_template, path
        )
        engine = share_compiled_statements(make_engine(f"sqlite:///{path}"))
    yield engine
    engine.dispose()
    if not PG_URL:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@pytest.fixture
def test_sessions():
    """(thread id, session) of the test's own `db` sessions, for end_test_transactions."""
    return []


@pytest.fixture
def upload_dir(tmp_path) -> str:
    """Where stored files go (the app's UPLOAD_DIR)."""
    return str(tmp_path / "instance" / "files")


def end_test_transactions(app) -> None:
    """End the open transactions of this thread's `db` sessions, as another client's would have ended.

    On SQLite a session's transaction holds the write lock from its first query (db.py: BEGIN IMMEDIATE),
    so a test that has only looked at the database would otherwise block the request or command it makes
    next in the same thread. A commit, so that nothing the test arranged is lost; then the loaded objects
    are expired, as ending the transaction with a rollback would, so that the test sees what the app did.
    """
    for owner, session in app.extensions.get("test_sessions", ()):
        if owner == threading.get_ident() and session.in_transaction():
            session.commit()
            session.expire_all()


class CliRunner(FlaskCliRunner):
    def invoke(self, *args, **kwargs):
        end_test_transactions(self.app)
        return super().invoke(*args, **kwargs)


@pytest.fixture
def app(engine, test_sessions, upload_dir, tmp_path):
    (tmp_path / "instance").mkdir(exist_ok=True)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "DATABASE_URL": engine.url.render_as_string(hide_password=False),
            "PASSWORD_HASH_METHOD": FAST_HASH,
            "UPLOAD_DIR": upload_dir,
        }
    )
    app.jinja_env.bytecode_cache = TEMPLATE_CODE
    app.extensions["factcheck_engine"].dispose()  # never connected: the test's engine replaces it
    app.extensions["factcheck_engine"] = engine
    app.extensions["test_sessions"] = test_sessions
    # first of all before_request functions: before the guard looks up who is signed in
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: end_test_transactions(app))
    app.test_cli_runner_class = CliRunner
    return app


@pytest.fixture
def db(engine, test_sessions):
    """A session on the test database, for arranging data and checking results. Its transaction is
    ended before the app serves a request or runs a command in the test's thread (end_test_transactions).

    On SQLite it begins DEFERRED, like a browser's page view: a test that only looks at the database must
    not hold the write lock while a live server, in another thread, serves the browser's next click."""
    with Session(read_engine(engine), expire_on_commit=False) as session:
        test_sessions.append((threading.get_ident(), session))
        yield session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(db):
    def make(role: str = "reviewer", username: str | None = None, password: str = PASSWORD, **kw):
        return users.create_user(
            db,
            username=username or f"{role}-{uuid.uuid4().hex[:6]}",
            password=password,
            role=role,
            hash_method=FAST_HASH,
            **kw,
        )

    return make


@pytest.fixture
def team(db):
    """One account per role: team['viewer'] ... team['admin'] (username = role), made by users.create_user
    as any account is, except that the four share one hash of PASSWORD, computed once per run. On SQLite
    they come with the test's database (`engine` copies a template that has them, made the same way)."""
    found = {user.role: user for user in db.exec(select(User).where(col(User.username).in_(ROLES)))}
    if len(found) == len(ROLES):
        return {role: found[role] for role in ROLES}
    return _make_team(db)


def _make_team(db) -> dict:
    with mock.patch.object(users, "generate_password_hash", _team_password_hash):
        return {
            role: users.create_user(
                db,
                username=role,
                password=PASSWORD,
                role=role,
                display_name=role.capitalize() + " Person",
                hash_method=FAST_HASH,
            )
            for role in ROLES
        }


@functools.cache
def _team_hash() -> str:
    return generate_password_hash(PASSWORD, method=FAST_HASH)


def _team_password_hash(password: str, method: str) -> str:
    assert (password, method) == (PASSWORD, FAST_HASH)
    return _team_hash()


def csrf_token(client) -> str:
    """The client's session's CSRF token, made by Flask-WTF's generate_csrf over that session as a page makes
    the one in its <meta name="csrf-token"> (test_home posts one read off a page). Rendering a page for it
    cost every form a test posted ~10 ms."""
    environ = EnvironBuilder().get_environ()
    with (
        client.session_transaction() as session,
        RequestContext(client.application, environ, session=session),
    ):
        return generate_csrf()  # its raw token kept in the client's own session, as a page's would be


def sign_in(client, username: str, password: str = PASSWORD):
    token = csrf_token(client)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


@pytest.fixture
def login(client):
    """login(user_or_username): sign the test client in; returns the response."""

    def do(user, password: str = PASSWORD):
        name = user if isinstance(user, str) else user.username
        response = sign_in(client, name, password)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    return do


@pytest.fixture
def post_form(client):
    """post_form(url, data): POST like a browser form, with the session's CSRF token."""

    def do(url: str, data: dict | None = None, **kw):
        token = csrf_token(client)
        return client.post(url, data={**(data or {}), "csrf_token": token}, **kw)

    return do


class ApiClient:
    """A test client that sends a bearer token on every request."""

    def __init__(self, client, token: str):
        self.client, self.token = client, token

    def _headers(self, kw):
        return {"Authorization": f"Bearer {self.token}", **kw.pop("headers", {})}

    def get(self, url, **kw):
        return self.client.get(url, headers=self._headers(kw), **kw)

    def post(self, url, **kw):
        return self.client.post(url, headers=self._headers(kw), **kw)

    def patch(self, url, **kw):
        return self.client.patch(url, headers=self._headers(kw), **kw)

    def put(self, url, **kw):
        return self.client.put(url, headers=self._headers(kw), **kw)

    def delete(self, url, **kw):
        return self.client.delete(url, headers=self._headers(kw), **kw)


@pytest.fixture
def api(app, db, team):
    """api(role_or_user) -> ApiClient authenticated with a fresh token."""

    def make(who):
        user = team[who] if isinstance(who, str) else who
        return ApiClient(app.test_client(), users.create_token(db, user=user))

    return make
