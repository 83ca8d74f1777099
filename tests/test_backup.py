"""Online backup and restore (`flask backup PATH`, `flask restore PATH`): a consistent copy taken while the
desk writes, restored into an empty database with every row, count, file and hash. Runs on SQLite and on
PostgreSQL (a second throwaway database is the restore target)."""

import hashlib
import io
import json
import sqlite3
import tarfile
import threading
import time
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from factcheck import create_app
from factcheck.services import audit, backup, claims, comments, schema, sources
from factcheck.services.source_files import file_path

from .conftest import FAST_HASH, PG_URL
from .workflow_helpers import make_article

KIND = "postgresql" if PG_URL else "sqlite"


# --- fixtures and helpers ------------------------------------------------------------------------------------


@pytest.fixture
def empty_url(tmp_path):
    """The URL of a new, empty database of the suite's kind (PostgreSQL: created here, dropped after)."""
    if PG_URL:
        name = f"factcheck_restore_{uuid.uuid4().hex[:10]}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield PG_URL.rsplit("/", 1)[0] + "/" + name
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        (tmp_path / "restored").mkdir()
        yield f"sqlite:///{tmp_path / 'restored' / 'factcheck.sqlite'}"


@pytest.fixture
def target(empty_url, tmp_path):
    """A second app on the empty database, with an upload folder of its own."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "DATABASE_URL": empty_url,
            "PASSWORD_HASH_METHOD": FAST_HASH,
            "UPLOAD_DIR": str(tmp_path / "restored-files"),
        }
    )
    yield app
    app.extensions["factcheck_engine"].dispose()


def engine_of(app):
    return app.extensions["factcheck_engine"]


# Tables the database rewrites as claims come and go, so a row seen before the backup may be gone after it
# without anything being lost: the text search indexes' shadow tables (SQLite FTS5 merges its segments: the
# similar-claims index claim_fts and the queue's trigram index claim_trigram) and the per-status tally (its
# deltas are folded). Compared by what they answer, not row by row.
DERIVED = ("claim_fts", "claim_trigram", "claim_status_count")


def all_rows(engine) -> dict[str, set[tuple]]:
    """Every row of every table, as tuples of text (the same on both sides of a restore)."""
    with engine.connect() as conn:
        quote = conn.dialect.identifier_preparer.quote
        return {
            name: {tuple(map(str, row)) for row in conn.execute(text(f"SELECT * FROM {quote(name)}"))}
            for name in inspect(conn).get_table_names()
        }


def table_names(engine) -> list[str]:
    with engine.connect() as conn:
        return inspect(conn).get_table_names()


def upload(app, db, actor, files: dict[str, bytes]) -> list[str]:
    source = sources.create_source(db, actor=actor, title=f"Panel report {uuid.uuid4().hex[:6]}")
    for name, data in files.items():
        sources.attach_file(
            db,
            source_id=source.id,
            filename=name,
            data=data,
            actor=actor,
            upload_dir=app.config["UPLOAD_DIR"],
            max_bytes=10_000_000,
        )
    return [hashlib.sha256(data).hexdigest() for data in files.values()]


def make_backup(app, path: Path):
    result = app.test_cli_runner().invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    return result


def nothing_restored(target_app) -> None:
    """The refused restore wrote nothing: no database file (or no tables), no upload folder, no temp files."""
    url = make_url(target_app.config["DATABASE_URL"])
    if url.get_backend_name() == "sqlite":
        folder = Path(url.database).parent
        assert list(folder.iterdir()) == []
    else:
        assert table_names(engine_of(target_app)) == []
    assert not Path(target_app.config["UPLOAD_DIR"]).exists()


def rewrite(archive: Path, out: Path, change, extra: dict[str, bytes] | None = None) -> None:
    """Copy a backup archive, letting `change(name, data)` alter, drop (None) or keep each member, and
    adding `extra` members at the end."""
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m.name, tar.extractfile(m).read()) for m in tar.getmembers()]
    members += list((extra or {}).items())
    with tarfile.open(out, "w:gz") as tar:
        for name, data in members:
            data = change(name, data)
            if data is None:
                continue
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


# --- (1) online backup during writes, restored ---------------------------------------------------------------


class Writers:
    """Threads that keep adding claims, comments and audit events, each in its own transaction."""

    def __init__(self, engine, actor, article_id: int, claim_id: int):
        self.engine, self.actor, self.article_id, self.claim_id = engine, actor, article_id, claim_id
        self.stop = threading.Event()
        self.commits = 0
        self.errors: list[BaseException] = []
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self.run, args=(kind,)) for kind in ("claim", "comment", "audit")
        ]

    def write(self, session: Session, kind: str, n: int) -> None:
        if kind == "claim":
            claims.create_claim(session, article_id=self.article_id, text=f"Claim {n}.", actor=self.actor)
        elif kind == "comment":
            comments.add_comment(session, claim_id=self.claim_id, body=f"Note {n}", actor=self.actor)
        else:
            audit.record(session, actor=self.actor, action="test.tick", object_type="test", object_id=n)
            session.commit()

    def run(self, kind: str) -> None:
        n = 0
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                while not self.stop.is_set():
                    n += 1
                    self.write(session, kind, n)
                    with self.lock:
                        self.commits += 1
                    time.sleep(0.002)
        except BaseException as error:  # noqa: BLE001  (reported by the test)
            self.errors.append(error)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)


def test_backup_while_the_desk_writes_restores_every_committed_row_and_file(app, db, team, target, tmp_path):
    reviewer = team["reviewer"]
    article = make_article(db, reviewer)
    claim = claims.create_claim(db, article_id=article.id, text="Rents rose.", actor=reviewer)
    big = ("The panel found that shipments continued in 2021. " * 20 + "\n\n") * 1000  # ~1 MB of text
    hashes = upload(app, db, reviewer, {"panel.txt": big.encode(), "annex.md": b"# Annex\n\nTable 3."})
    archive = tmp_path / "desk.tar.gz"
    source_engine = engine_of(app)

    with Writers(source_engine, reviewer, article.id, claim.id) as writers:
        time.sleep(0.3)
        before = all_rows(source_engine)  # every row in here was committed before the backup started
        commits_before = writers.commits
        result = make_backup(app, archive)
        commits_during = writers.commits - commits_before
        time.sleep(0.3)
    assert writers.errors == []
    assert commits_during > 0, "the writers must have kept committing while the backup ran"
    assert "Backup written" in result.output

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert names[0] == "manifest.json" and backup.DATABASE_MEMBERS[KIND] in names
    head = ScriptDirectory.from_config(schema.alembic_config("sqlite://")).get_current_head()
    assert manifest["database"]["kind"] == KIND and manifest["alembic_revision"] == head
    assert manifest["created_at"].endswith("Z")
    assert {f["sha256"] for f in manifest["files"]} == set(hashes)
    assert manifest["missing_files"] == [] and manifest["damaged_files"] == []
    after = all_rows(source_engine)
    assert (
        len(after["comment"]) > manifest["row_counts"]["comment"]
        or len(after["claim"]) > manifest["row_counts"]["claim"]
    ), "rows committed after the backup's snapshot are not in it"

    result = target.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    assert "MISMATCH" not in result.output and "2 restored" in result.output

    restored_engine = engine_of(target)
    restored = all_rows(restored_engine)
    for table, rows in before.items():
        if not table.startswith(DERIVED):
            assert rows <= restored[table], f"{table}: rows committed before the backup are missing"
    if KIND == "sqlite":  # the text search index answers for a claim committed before the backup
        with restored_engine.connect() as conn:
            found = conn.execute(text("SELECT rowid FROM claim_fts WHERE claim_fts MATCH 'Rents'")).scalars()
            assert claim.id in set(found)
            found = conn.execute(
                text("""SELECT rowid FROM claim_trigram WHERE claim_trigram MATCH '"ents"'""")
            ).scalars()
            assert claim.id in set(found)
    assert {table: len(rows) for table, rows in restored.items()} == manifest["row_counts"]
    # One consistent moment: each comment and claim came with its history event, in the same transaction.
    with restored_engine.connect() as conn:
        for table, action in (("comment", "comment.add"), ("claim", "claim.create")):
            ids = set(conn.execute(text(f"SELECT id FROM {table}")).scalars())
            events = set(
                conn.execute(
                    text("SELECT object_id FROM audit_event WHERE action = :a"), {"a": action}
                ).scalars()
            )
            assert ids == events, table
        # the restored history is still append-only
        with pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text("UPDATE audit_event SET action = 'forged'"))
        conn.rollback()
    if KIND == "sqlite":
        with closing(sqlite3.connect(make_url(target.config["DATABASE_URL"]).database)) as check:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for sha in hashes:
        stored = file_path(target.config["UPLOAD_DIR"], sha)
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha


def test_restore_into_a_database_with_only_an_empty_alembic_version(app, db, team, target, tmp_path):
    upload(app, db, team["reviewer"], {"note.txt": b"A short note."})
    archive = tmp_path / "desk.tar.gz"
    make_backup(app, archive)
    with engine_of(target).begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
    report = backup.restore_backup(engine_of(target), target.config["UPLOAD_DIR"], archive)
    assert report.mismatches == {} and report.files_written == 1
    assert report.counts["user"] == (4, 4) and report.counts["alembic_version"] == (1, 1)
    assert all_rows(engine_of(target))["user"] == all_rows(engine_of(app))["user"]


# --- (2) restore refuses a database that is not empty --------------------------------------------------------


def test_restore_refuses_a_database_that_is_not_empty(app, db, team, tmp_path):
    archive = tmp_path / "desk.tar.gz"
    make_backup(app, archive)
    before = all_rows(engine_of(app))
    result = app.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code != 0
    assert "not empty" in result.output and "Traceback" not in result.output
    assert all_rows(engine_of(app)) == before


def test_restore_refuses_a_database_with_a_revision_but_no_tables(app, target, tmp_path):
    archive = tmp_path / "desk.tar.gz"
    make_backup(app, archive)
    with engine_of(target).begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('0003')"))
    result = target.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code != 0 and "not empty" in result.output
    assert table_names(engine_of(target)) == ["alembic_version"]


# --- (3) backup refuses to overwrite, and leaves nothing behind when it fails --------------------------------


def test_backup_refuses_to_overwrite_unless_forced(app, team, tmp_path):
    archive = tmp_path / "desk.tar.gz"
    archive.write_text("last night's backup")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(archive)])
    assert result.exit_code != 0 and "already exists" in result.output and "--force" in result.output
    assert archive.read_text() == "last night's backup"
    result = runner.invoke(args=["backup", str(archive), "--force"])
    assert result.exit_code == 0, result.output
    assert backup.read_manifest(archive)["row_counts"]["user"] == 4
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_failed_backup_leaves_nothing_behind(app, team, tmp_path, monkeypatch):
    if KIND == "sqlite":
        monkeypatch.setattr(
            backup, "_sqlite_integrity", lambda conn: "*** in database main ***\nPage 7 is never used"
        )
        expected = "integrity_check"
    else:
        fake = tmp_path / "tools" / "pg_dump"
        fake.parent.mkdir()
        fake.write_text("#!/bin/sh\necho 'pg_dump: error: connection lost' >&2\nexit 1\n")
        fake.chmod(0o755)
        monkeypatch.setattr(backup, "_tool", lambda name: str(fake) if name == "pg_dump" else name)
        expected = "connection lost"
    out = tmp_path / "out"
    out.mkdir()
    result = app.test_cli_runner().invoke(args=["backup", str(out / "desk.tar.gz")])
    assert result.exit_code != 0 and expected in result.output and "Traceback" not in result.output
    assert list(out.iterdir()) == []


def test_backup_reports_bad_paths_clearly(app, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(tmp_path / "no" / "such" / "folder.tar.gz")])
    assert result.exit_code != 0 and "does not exist" in result.output
    result = runner.invoke(args=["backup", str(tmp_path)])
    assert result.exit_code != 0 and "is a folder" in result.output


def test_pg_tools_get_the_password_only_through_the_environment(monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    url = make_url("postgresql+psycopg://desk:s3cr'et@db.internal:5433/factcheck?sslmode=require")
    conninfo, env = backup.pg_connection(url)
    assert "s3cr" not in conninfo and env["PGPASSWORD"] == "s3cr'et"
    assert conninfo == "sslmode='require' host='db.internal' port='5433' user='desk' dbname='factcheck'"
    conninfo, env = backup.pg_connection(make_url("postgresql+psycopg://postgres@127.0.0.1/x"))
    assert conninfo == "host='127.0.0.1' user='postgres' dbname='x'" and "PGPASSWORD" not in env


# --- (4) a damaged archive is refused and nothing is written --------------------------------------------------


def test_damaged_archives_are_refused_and_nothing_is_written(app, db, team, target, tmp_path):
    upload(app, db, team["reviewer"], {"note.txt": b"A short note.", "more.txt": b"Another note." * 1000})
    archive = tmp_path / "desk.tar.gz"
    make_backup(app, archive)
    data = archive.read_bytes()
    manifest = backup.read_manifest(archive)
    note_sha = hashlib.sha256(b"A short note.").hexdigest()
    bad = tmp_path / "bad"
    bad.mkdir()
    cases = {
        "truncated.tar.gz": (data[: len(data) // 2], "not a readable factcheck backup"),
        "flipped.tar.gz": (
            data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 0xFF]) + data[len(data) // 2 + 1 :],
            "damaged",
        ),
        "notes.txt": (b"these are not the backups you are looking for\n", "not a readable factcheck backup"),
        "empty.tar.gz": (b"", "not a readable factcheck backup"),
    }
    for name, (content, _) in cases.items():
        (bad / name).write_bytes(content)
    rewrite(archive, bad / "tampered.tar.gz", lambda n, d: b"A forged note." if n.endswith(note_sha) else d)
    cases["tampered.tar.gz"] = (None, "does not match its SHA-256")
    rewrite(archive, bad / "short.tar.gz", lambda n, d: None if n.endswith(note_sha) else d)
    cases["short.tar.gz"] = (None, "incomplete")
    rewrite(archive, bad / "extra.tar.gz", lambda n, d: d, extra={"../../etc/cron.d/x": b"* * * * * root sh"})
    cases["extra.tar.gz"] = (None, "which its manifest does not list")
    other = "sqlite" if KIND == "postgresql" else "postgresql"

    def other_kind(name, content):
        if name != "manifest.json":
            return None
        changed = json.loads(content)
        changed["database"].update(kind=other, member=backup.DATABASE_MEMBERS[other])
        changed["files"] = []
        return json.dumps(changed).encode()

    rewrite(archive, bad / "other-kind.tar.gz", other_kind)
    cases["other-kind.tar.gz"] = (None, "same kind of database")
    rewrite(
        archive,
        bad / "future.tar.gz",
        lambda n, d: json.dumps({**manifest, "format_version": 9}).encode() if n == "manifest.json" else d,
    )
    cases["future.tar.gz"] = (None, "format version 9")
    cases["missing.tar.gz"] = (None, "no backup file")

    runner = target.test_cli_runner()
    for name, (_, message) in cases.items():
        result = runner.invoke(args=["restore", str(bad / name)])
        assert result.exit_code != 0, name
        assert message in result.output, (name, result.output)
        assert "Traceback" not in result.output, name
        nothing_restored(target)
    # and the undamaged archive still restores into that same, untouched database
    result = runner.invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output


def test_restore_runs_as_the_migration_role_when_one_is_configured(app, team, empty_url, tmp_path):
    """MIGRATION_DATABASE_URL (the tables' owner) is the one restored into; here DATABASE_URL is the full
    suite database, which would be refused."""
    archive = tmp_path / "desk.tar.gz"
    make_backup(app, archive)
    app.config["MIGRATION_DATABASE_URL"] = empty_url
    result = app.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    owner = create_engine(empty_url)
    try:
        assert all_rows(owner)["user"] == all_rows(engine_of(app))["user"]
    finally:
        owner.dispose()


def test_an_unreachable_database_is_reported_without_a_traceback(app, tmp_path):
    archive = tmp_path / "desk.tar.gz"
    make_backup(app, archive)
    if PG_URL:
        app.config["MIGRATION_DATABASE_URL"] = PG_URL.rsplit("/", 1)[0] + "/no_such_database_here"
        expected = ("Could not look into the target database", "Could not read the database")
    else:
        app.config["MIGRATION_DATABASE_URL"] = f"sqlite:///{tmp_path / 'nowhere' / 'factcheck.sqlite'}"
        expected = ("does not exist", "There is no database")
    runner = app.test_cli_runner()
    for command, message in zip(
        (["restore", str(archive)], ["backup", str(tmp_path / "b.tar.gz")]), expected, strict=True
    ):
        result = runner.invoke(args=command)
        assert result.exit_code != 0 and message in result.output, result.output
        assert "Traceback" not in result.output


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL roles and GRANTs")
def test_grants_to_the_apps_role_survive_a_restore(app, team, target, tmp_path):
    role = f"factcheck_app_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {role}"))
    try:
        with engine_of(app).begin() as conn:
            conn.execute(text(f'GRANT SELECT, INSERT ON audit_event, "user" TO {role}'))
        archive = tmp_path / "desk.tar.gz"
        make_backup(app, archive)
        result = target.test_cli_runner().invoke(args=["restore", str(archive)])
        assert result.exit_code == 0, result.output
        with engine_of(target).connect() as conn:
            granted = conn.execute(
                text(
                    "SELECT has_table_privilege(:r, 'audit_event', 'INSERT'), has_table_privilege(:r, 'audit_event', 'UPDATE')"
                ),
                {"r": role},
            ).one()
        assert tuple(granted) == (True, False)
    finally:
        for engine in (engine_of(app), engine_of(target)):
            with engine.begin() as conn:
                if inspect(conn).has_table("audit_event"):
                    conn.execute(text(f'REVOKE ALL ON audit_event, "user" FROM {role}'))
        with admin.connect() as conn:
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()
