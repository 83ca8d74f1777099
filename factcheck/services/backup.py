"""Online backup and restore: one archive holding a consistent copy of the database and the uploaded files.

The archive is a gzip-compressed tar file:

- ``manifest.json`` (always the first member): format and version, when it was made (UTC), the database
  kind, the Alembic revision, the row count of every table, and every uploaded file with its SHA-256;
- ``database.sqlite`` (SQLite, copied with the backup API inside one read transaction, so writers go on)
  or ``database.dump`` (PostgreSQL, ``pg_dump --format=custom`` in the very snapshot the row counts were
  taken in);
- ``files/<ab>/<sha256>``: the uploaded documents, read from the configured store (services.storage: the
  upload folder or the S3 bucket) and restored into it.

A backup is written to a temporary file beside PATH and renamed into place only once it is complete and
checked, so a failed run leaves nothing behind. A restore goes only into an empty database, reads the
whole archive and checks every hash before it writes anything, then compares the row counts.
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404  (pg_dump/pg_restore, never through a shell)
import tarfile
import tempfile
import zlib
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from ..errors import DomainError
from ..timeutil import iso, utcnow
from . import schema
from .storage import LocalStorage, Storage, StorageUnavailable, StoredFileMissing, verified

FORMAT = "factcheck-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite", "postgresql": "database.dump"}
KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CHUNK = 1024 * 1024
_HEX64 = re.compile(r"[0-9a-f]{64}")


class BackupError(DomainError):
    """A backup or restore that was refused or failed; `message` says why, in words for the operator."""

    code = "backup"


@dataclass
class RestoreReport:
    """What a restore did: the manifest, the row count of each table (expected, found), the files."""

    manifest: dict
    counts: dict[str, tuple[int, int | None]]
    files_written: int = 0
    files_present: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def mismatches(self) -> dict[str, tuple[int, int | None]]:
        return {table: pair for table, pair in self.counts.items() if pair[0] != pair[1]}


# --- helpers -------------------------------------------------------------------------------------------------


def database_kind(engine: Engine) -> str:
    """'sqlite' or 'postgresql'. :raise BackupError: any other database."""
    name = engine.dialect.name
    if name not in DATABASE_MEMBERS:
        raise BackupError(f"Backups of {name} databases are not supported (only SQLite and PostgreSQL).")
    return name


def _sha256_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _copy_hashing(source: IO[bytes], target: IO[bytes] | None) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return digest.hexdigest(), size


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("The database is in memory (or a URI); only a SQLite file can be backed up.")
    return Path(database)


def _sqlite_integrity(conn: sqlite3.Connection) -> str:
    """What `PRAGMA integrity_check` says about the database: 'ok' or the problems found."""
    return "\n".join(str(row[0]) for row in conn.execute("PRAGMA integrity_check").fetchall())


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        name: conn.execute(f'SELECT count(*) FROM "{name.replace(chr(34), chr(34) * 2)}"').fetchone()[0]  # noqa: S608
        for name in names
    }


def _sqlite_scalars(conn: sqlite3.Connection, sql: str) -> list:
    try:
        return [row[0] for row in conn.execute(sql)]
    except sqlite3.OperationalError:  # the table does not exist
        return []


def _sa_counts(conn: Connection) -> dict[str, int]:
    quote = conn.dialect.identifier_preparer.quote
    names = sorted(inspect(conn).get_table_names())
    return {name: conn.execute(text(f"SELECT count(*) FROM {quote(name)}")).scalar_one() for name in names}  # noqa: S608


def _sa_scalars(conn: Connection, sql: str, table: str) -> list:
    if not inspect(conn).has_table(table):
        return []
    return list(conn.execute(text(sql)).scalars())


def _quote_conninfo(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def pg_connection(url: URL) -> tuple[str, dict[str, str]]:
    """The libpq connection string for pg_dump/pg_restore (never with the password) and the environment to
    run them in (PGPASSWORD when the URL has a password)."""
    params: dict[str, str] = {}
    for key, value in url.query.items():
        params[key] = value if isinstance(value, str) else value[-1]
    password = params.pop("password", None) or url.password
    if url.host:
        params["host"] = url.host
    if url.port:
        params["port"] = str(url.port)
    if url.username:
        params["user"] = url.username
    if url.database:
        params["dbname"] = url.database
    env = dict(os.environ)
    if password:
        env["PGPASSWORD"] = str(password)
    return " ".join(f"{key}={_quote_conninfo(value)}" for key, value in params.items()), env


def _tool(name: str) -> str:
    """The path of a PostgreSQL client program. :raise BackupError: not installed."""
    found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
    if found is None:
        raise BackupError(f"{name} was not found: install the PostgreSQL client tools (postgresql-client).")
    return found


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
        raise BackupError(f"{what} failed: {detail}")


def _db_error(error: SQLAlchemyError) -> str:
    return str(getattr(error, "orig", None) or error).strip()


def _reset_owner(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


def _store(files: str | Path | Storage) -> Storage:
    """The store of the uploaded files: a Storage, or a path meaning that local folder."""
    return files if isinstance(files, Storage) else LocalStorage(files)


def _stored_hash(store: Storage, key: str) -> tuple[str, int]:
    stored = store.open(key)
    try:
        return _copy_hashing(stored.stream, None)
    finally:
        stored.stream.close()


# --- backup --------------------------------------------------------------------------------------------------


def _snapshot_sqlite(engine: Engine, staging: Path) -> tuple[Path, dict[str, int], str | None, list[str]]:
    source_path = _sqlite_path(engine)
    if not source_path.is_file():
        raise BackupError(f"There is no database at {source_path}.")
    copy = staging / DATABASE_MEMBERS["sqlite"]
    source = sqlite3.connect(source_path, timeout=30)
    try:
        target = sqlite3.connect(copy)
        try:
            # One step: the whole copy is made inside one read transaction, so it is one consistent state
            # of the database; in WAL mode the desk's writers are not held up meanwhile.
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            verdict = _sqlite_integrity(target)
            if verdict != "ok":
                raise BackupError(
                    f"The copy of the database failed PRAGMA integrity_check, so no backup was written: {verdict}"
                )
            counts = _sqlite_counts(target)
            revisions = _sqlite_scalars(target, "SELECT version_num FROM alembic_version")
            referenced = _sqlite_scalars(target, "SELECT DISTINCT sha256 FROM source_file")
        finally:
            target.close()
    except sqlite3.Error as error:
        raise BackupError(f"Could not copy the SQLite database: {error}") from None
    finally:
        source.close()
    return copy, counts, (revisions[0] if revisions else None), referenced


def _snapshot_postgresql(engine: Engine, staging: Path) -> tuple[Path, dict[str, int], str | None, list[str]]:
    pg_dump = _tool("pg_dump")
    dump = staging / DATABASE_MEMBERS["postgresql"]
    conninfo, env = pg_connection(engine.url)
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            # pg_dump reads the snapshot this transaction exported, so the dump and the counts below
            # describe the same moment, whatever the desk commits meanwhile.
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            counts = _sa_counts(conn)
            revisions = _sa_scalars(conn, "SELECT version_num FROM alembic_version", "alembic_version")
            referenced = _sa_scalars(conn, "SELECT DISTINCT sha256 FROM source_file", "source_file")
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                    f"--dbname={conninfo}",
                ],
                env,
                "pg_dump",
            )
    _run([_tool("pg_restore"), "--list", str(dump)], env, "Reading the dump back (pg_restore --list)")
    return dump, counts, (revisions[0] if revisions else None), referenced


def create_backup(
    engine: Engine, upload_dir: str | Path | Storage, path: str | Path, *, force: bool = False
) -> dict:
    """Write one archive at `path` with a consistent copy of the database behind `engine` (taken while
    others keep writing) and every uploaded file in `upload_dir` (a folder, or the app's Storage);
    return its manifest.

    The manifest lists uploads the database refers to that are missing (``missing_files``) and stored
    files whose content no longer matches their hash (``damaged_files``, not included); the archive is
    written anyway.

    :raise BackupError: `path` exists and not `force`, its folder does not exist, the database is not a
        SQLite file or PostgreSQL, the copy fails PRAGMA integrity_check, pg_dump is missing or fails, or
        the archive cannot be written, or the file store cannot be read. Nothing is left at `path` (nor
        beside it) then.
    """
    path = Path(path)
    store = _store(upload_dir)
    kind = database_kind(engine)
    if path.is_dir():
        raise BackupError(f"{path} is a folder; give the name of the backup file to write.")
    if path.exists() and not force:
        raise BackupError(f"{path} already exists; choose another name or pass --force to replace it.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    created_at = iso(utcnow())
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".factcheck-backup-") as staging_name:
            staging = Path(staging_name)
            snapshot = _snapshot_sqlite if kind == "sqlite" else _snapshot_postgresql
            try:
                database, counts, revision, referenced = snapshot(engine, staging)
            except SQLAlchemyError as error:
                raise BackupError(f"Could not read the database: {_db_error(error)}") from None
            db_sha, db_size = _sha256_file(database)
            files, damaged = [], []
            for key in store.keys():
                try:
                    sha, size = _stored_hash(store, key)
                except StoredFileMissing:
                    continue  # removed since it was listed
                if sha != key:
                    damaged.append(key)
                    continue
                files.append({"path": f"files/{sha[:2]}/{sha}", "sha256": sha, "size": size})
            kept = {entry["sha256"] for entry in files}
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": created_at,
                "database": {
                    "kind": kind,
                    "member": DATABASE_MEMBERS[kind],
                    "sha256": db_sha,
                    "size": db_size,
                },
                "alembic_revision": revision,
                "row_counts": counts,
                "files": files,
                "missing_files": sorted(set(referenced) - kept - set(damaged)),
                "damaged_files": damaged,
            }
            handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
            try:
                with os.fdopen(handle, "wb") as raw:
                    with tarfile.open(fileobj=raw, mode="w:gz") as tar:
                        body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                        info = _reset_owner(tarfile.TarInfo(MANIFEST))
                        info.size = len(body)
                        info.mtime = int(utcnow().timestamp())
                        tar.addfile(info, _BytesReader(body))
                        tar.add(database, arcname=DATABASE_MEMBERS[kind], filter=_reset_owner)
                        for entry in files:
                            stored = store.open(entry["sha256"])
                            member = _reset_owner(tarfile.TarInfo(entry["path"]))
                            member.size, member.mtime = entry["size"], info.mtime
                            try:
                                tar.addfile(member, stored.stream)
                            finally:
                                stored.stream.close()
                    raw.flush()
                    os.fsync(raw.fileno())
                if path.exists() and not force:
                    raise BackupError(f"{path} appeared while the backup was written; it was left alone.")
                os.replace(partial, path)
            except BaseException:
                Path(partial).unlink(missing_ok=True)
                raise
    except OSError as error:
        raise BackupError(f"Could not write the backup: {error}") from None
    except (StorageUnavailable, StoredFileMissing) as error:
        raise BackupError(
            f"Could not read the uploaded files from {store.describe()}: {error.message}"
        ) from None
    return manifest


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk = self.data[self.offset : end]
        self.offset += len(chunk)
        return chunk


# --- reading an archive --------------------------------------------------------------------------------------

_READ_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError, ValueError, UnicodeDecodeError)


def _unreadable(path: Path, error: BaseException) -> BackupError:
    detail = str(error) or type(error).__name__
    return BackupError(f"{path} is not a readable factcheck backup (damaged or truncated?): {detail}")


def _check_manifest(manifest: object) -> dict:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("its manifest.json is not a factcheck backup manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"it has format version {manifest.get('format_version')!r}; this version reads {FORMAT_VERSION}"
        )
    database = manifest.get("database")
    if not isinstance(database, dict) or database.get("kind") not in DATABASE_MEMBERS:
        raise BackupError("its manifest does not say which kind of database it holds")
    if database.get("member") != DATABASE_MEMBERS[database["kind"]] or not _HEX64.fullmatch(
        str(database.get("sha256"))
    ):
        raise BackupError("its manifest describes the database copy wrongly")
    counts = manifest.get("row_counts")
    if not isinstance(counts, dict) or not all(isinstance(n, int) for n in counts.values()):
        raise BackupError("its manifest has no row counts")
    files = manifest.get("files")
    if not isinstance(files, list):
        raise BackupError("its manifest has no list of files")
    for entry in files:
        sha = entry.get("sha256") if isinstance(entry, dict) else None
        if not (
            isinstance(sha, str) and _HEX64.fullmatch(sha) and entry.get("path") == f"files/{sha[:2]}/{sha}"
        ):
            raise BackupError(f"its manifest lists a file wrongly: {entry!r}")
    return manifest


def read_manifest(path: str | Path) -> dict:
    """The manifest of the backup at `path` (read from its first member, without reading the rest).

    :raise BackupError: no such file, not a factcheck backup, or a format this version cannot read.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup file {path}.")
    try:
        with tarfile.open(path, mode="r|*") as tar:
            member = tar.next()
            if member is None or member.name != MANIFEST or not member.isfile():
                raise BackupError(f"{path} is not a factcheck backup: it does not start with {MANIFEST}.")
            manifest = json.loads(tar.extractfile(member).read().decode())
    except BackupError:
        raise
    except _READ_ERRORS as error:
        raise _unreadable(path, error) from None
    try:
        return _check_manifest(manifest)
    except BackupError as error:
        raise BackupError(f"{path} cannot be restored: {error.message}.") from None


def _expected_members(manifest: dict) -> dict[str, tuple[str, int | None]]:
    expected = {
        manifest["database"]["member"]: (manifest["database"]["sha256"], manifest["database"].get("size"))
    }
    for entry in manifest["files"]:
        expected[entry["path"]] = (entry["sha256"], entry.get("size"))
    return expected


def verify_archive(path: str | Path, manifest: dict) -> None:
    """Read the whole archive and check that it holds exactly what `manifest` lists, each with its hash.

    :raise BackupError: unreadable (truncated, damaged), a member missing, unexpected or with another hash.
    """
    path = Path(path)
    expected = _expected_members(manifest)
    seen: set[str] = set()
    try:
        with tarfile.open(path, mode="r|*") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if member.name not in expected or member.name in seen or not member.isfile():
                    raise BackupError(f"{path} holds {member.name}, which its manifest does not list.")
                seen.add(member.name)
                sha, size = _copy_hashing(tar.extractfile(member), None)
                if (sha, size) != (expected[member.name][0], expected[member.name][1] or size):
                    raise BackupError(f"{path} is damaged: {member.name} does not match its SHA-256.")
    except BackupError:
        raise
    except _READ_ERRORS as error:
        raise _unreadable(path, error) from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(
            f"{path} is incomplete (truncated?): {len(missing)} listed member(s) missing, e.g. {missing[0]}."
        )


# --- restore -------------------------------------------------------------------------------------------------


def _table_names(engine: Engine) -> tuple[set[str], int]:
    """The tables of the target database and the number of rows in alembic_version (0 if none)."""
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        versions = (
            conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one()
            if "alembic_version" in names
            else 0
        )
    return names, versions


def check_empty(engine: Engine) -> None:
    """:raise BackupError: the database behind `engine` has tables (other than an empty alembic_version)."""
    if database_kind(engine) == "sqlite":
        target = _sqlite_path(engine)
        if not target.exists():
            if not target.parent.is_dir():
                raise BackupError(f"The folder {target.parent} for the database does not exist.")
            return
    try:
        names, versions = _table_names(engine)
    except SQLAlchemyError as error:
        raise BackupError(f"Could not look into the target database: {_db_error(error)}") from None
    names.discard("alembic_version")
    if names or versions:
        shown = ", ".join(sorted(names)[:5]) + ("…" if len(names) > 5 else "")
        raise BackupError(
            "The target database is not empty"
            + (f" (it has tables: {shown})" if names else " (alembic_version has a revision)")
            + "; restore goes only into an empty database. Create a new, empty database (without init-db)"
            " and point FACTCHECK_DATABASE_URL at it."
        )


def _write_member(source: IO[bytes], target_path: Path, sha256: str) -> None:
    handle, temp = tempfile.mkstemp(dir=target_path.parent, prefix=".restore-")
    try:
        with os.fdopen(handle, "wb") as out:
            got, _size = _copy_hashing(source, out)
            out.flush()
            os.fsync(out.fileno())
        if got != sha256:
            raise BackupError(
                f"{target_path.name} changed while it was restored: its SHA-256 does not match."
            )
        os.replace(temp, target_path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _restore_sqlite(engine: Engine, staged: Path) -> None:
    conn = sqlite3.connect(staged)
    try:
        verdict = _sqlite_integrity(conn)
    finally:
        conn.close()
    if verdict != "ok":
        raise BackupError(f"The database in the backup fails PRAGMA integrity_check: {verdict}")
    target = _sqlite_path(engine)
    engine.dispose()  # no pooled connection may keep the old (empty) file open
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(staged, target)


def _restore_postgresql(engine: Engine, staged: Path) -> None:
    pg_restore = _tool("pg_restore")
    with engine.begin() as conn:  # check_empty allowed an empty alembic_version: the dump brings its own
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    conninfo, env = pg_connection(engine.url)
    _run(
        [
            pg_restore,
            "--no-owner",  # the restoring role owns what it creates; GRANTs to the app's role are kept
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={conninfo}",
            str(staged),
        ],
        env,
        "pg_restore",
    )


def _revision_notes(engine: Engine, revision: str | None) -> list[str]:
    try:
        script = ScriptDirectory.from_config(schema.alembic_config(engine.url.render_as_string(False)))
        head = script.get_current_head()
        known = revision is not None and script.get_revision(revision) is not None
    except Exception:  # noqa: BLE001  (an unknown revision id: treated below)
        head, known = None, False
    if revision is None or revision == head:
        return []
    if not known:
        return [
            f"The backup is at schema revision {revision}, which this version does not know: it was made by a newer version."
        ]
    return [
        f"The backup is at schema revision {revision}; run `flask --app app init-db` to bring it to {head}."
    ]


def restore_backup(engine: Engine, upload_dir: str | Path | Storage, path: str | Path) -> RestoreReport:
    """Restore the backup at `path` into the (empty) database behind `engine` and its files into
    `upload_dir` (a folder, or the app's Storage); return the row counts found against those of the manifest.

    The archive is read through and every hash checked before anything is written. SQLite: the copy is
    checked with PRAGMA integrity_check and moved into place as the URL's file. PostgreSQL: pg_restore
    --no-owner in one transaction (restore as the role that should own the tables; roles named in GRANTs
    must exist). Files already present with the right content are kept.

    :raise BackupError: unreadable, damaged or truncated archive; a database kind other than the target's;
        a target database that is not empty; pg_restore missing or failing; files that cannot be written.
        Row counts that differ are not raised: see `RestoreReport.mismatches`.
    """
    path = Path(path)
    store = _store(upload_dir)
    manifest = read_manifest(path)
    kind = database_kind(engine)
    backup_kind = manifest["database"]["kind"]
    if backup_kind != kind:
        raise BackupError(
            f"{path} holds a {KIND_NAMES[backup_kind]} database and the configured database is "
            f"{KIND_NAMES[kind]}: a backup restores only into the same kind of database."
        )
    check_empty(engine)
    verify_archive(path, manifest)

    files = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    member_db = manifest["database"]["member"]
    written = present = 0
    try:
        # SQLite: staged beside the target file, so that moving it into place is a rename
        staging = (
            nullcontext(None)
            if kind == "sqlite"
            else tempfile.TemporaryDirectory(prefix="factcheck-restore-")
        )
        with staging as staging_name:
            staging_dir = Path(staging_name) if staging_name else _sqlite_path(engine).resolve().parent
            with tarfile.open(path, mode="r|*") as tar:
                for member in tar:
                    if member.name == member_db:
                        handle, staged_name = tempfile.mkstemp(
                            dir=staging_dir, prefix=".restore-", suffix=".db"
                        )
                        os.close(handle)
                        staged = Path(staged_name)
                        try:
                            _write_member(tar.extractfile(member), staged, manifest["database"]["sha256"])
                            if kind == "sqlite":
                                _restore_sqlite(engine, staged)
                            else:
                                _restore_postgresql(engine, staged)
                        finally:
                            staged.unlink(missing_ok=True)
                    elif member.name in files:
                        sha = files[member.name]
                        if verified(store, sha):
                            present += 1
                            continue
                        data = tar.extractfile(member).read()
                        if hashlib.sha256(data).hexdigest() != sha:
                            raise BackupError(
                                f"{sha} changed while it was restored: its SHA-256 does not match."
                            )
                        store.delete(sha)  # a damaged copy under this name
                        store.put(sha, data)
                        written += 1
        found = _restored_counts(engine)
    except BackupError:
        raise
    except SQLAlchemyError as error:
        raise BackupError(f"The restore stopped part way: {_db_error(error)}") from None
    except _READ_ERRORS as error:
        raise BackupError(f"The restore stopped part way: {error}") from None
    except StorageUnavailable as error:
        raise BackupError(f"The restore stopped part way: {store.describe()}: {error.message}") from None

    counts = {table: (expected, found.get(table)) for table, expected in manifest["row_counts"].items()}
    report = RestoreReport(
        manifest=manifest,
        counts=counts,
        files_written=written,
        files_present=present,
        notes=_revision_notes(engine, manifest.get("alembic_revision")),
    )
    if kind == "sqlite":
        conn = sqlite3.connect(_sqlite_path(engine))
        try:
            verdict = _sqlite_integrity(conn)
        finally:
            conn.close()
        if verdict != "ok":
            raise BackupError(f"The restored database fails PRAGMA integrity_check: {verdict}")
    return report


def _restored_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return _sa_counts(conn)
