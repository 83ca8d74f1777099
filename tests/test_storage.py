"""Uploaded files behind services/storage.py: the local folder (default) and S3-compatible object storage.

The S3 side runs against moto's standalone server, started here over HTTP on 127.0.0.1: the app's own boto3
code path (credentials from the standard AWS variables, the endpoint from FACTCHECK_S3_ENDPOINT_URL) runs
unpatched. Faults are real: a bucket that disappears, a write(2) that fails with ENOSPC half way, a folder
that cannot be made. Runs on SQLite and PostgreSQL like the rest of the suite.
"""

import errno
import hashlib
import io
import os
import re
import socket
import tarfile
import uuid
from pathlib import Path

import boto3
import pytest
from sqlmodel import select

from factcheck import create_app
from factcheck.db import make_engine
from factcheck.models import AuditEvent, SourceFile
from factcheck.services import backup, sources, storage
from factcheck.services.source_files import file_path
from factcheck.services.storage import LocalStorage, S3Storage, StorageConfigError

from . import test_backup
from .conftest import FAST_HASH, CliRunner, end_test_transactions, sign_in

# test_backup's fixture, here named new_empty_database: a new, empty database of the suite's kind
new_empty_database = test_backup.empty_url

NOTE = b"Panel notes.\nRecruits were paid 2,000 dollars a month, the panel found.\n"
LETTER = b"A letter from the ministry.\nIt denies every payment.\n"


# --- the S3-compatible server and the apps ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's standalone S3-compatible server, over HTTP on a free local port, for this module."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def aws_env(monkeypatch, tmp_path):
    """Credentials the standard AWS way (environment), and no profile or config file of the host's."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ENDPOINT_URL", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "factcheck-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "factcheck-test-secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no instance role to look for


@pytest.fixture
def s3(s3_endpoint, aws_env):
    """The test's own client on the server: to arrange buckets and look at objects independently of the app."""
    return boto3.client("s3", endpoint_url=s3_endpoint)


@pytest.fixture
def bucket(s3):
    name = f"factcheck-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return name


@pytest.fixture
def s3_settings(s3_endpoint, bucket):
    return {"STORAGE": "s3", "S3_BUCKET": bucket, "S3_ENDPOINT_URL": s3_endpoint, "S3_PREFIX": "desk/files"}


def make_app(engine, test_sessions, upload_dir, settings: dict):
    """An app built by create_app with these settings, on the test's database (as conftest's `app`)."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "DATABASE_URL": engine.url.render_as_string(hide_password=False),
            "PASSWORD_HASH_METHOD": FAST_HASH,
            "UPLOAD_DIR": upload_dir,
            **settings,
        }
    )
    app.extensions["factcheck_engine"].dispose()
    app.extensions["factcheck_engine"] = engine
    app.extensions["test_sessions"] = test_sessions
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: end_test_transactions(app))
    app.test_cli_runner_class = CliRunner
    return app


@pytest.fixture(params=["local", "s3"])
def backend(request):
    return request.param


@pytest.fixture
def storage_settings(request, backend):
    return request.getfixturevalue("s3_settings") if backend == "s3" else {}


@pytest.fixture
def app(engine, test_sessions, upload_dir, storage_settings):
    """conftest's app, with the store this test asks for."""
    return make_app(engine, test_sessions, upload_dir, storage_settings)


def objects(s3, bucket: str) -> dict[str, bytes]:
    """Every object in the bucket and its content, read by the test's own client."""
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: s3.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def files_under(folder: str) -> list[str]:
    """Every file below `folder`, temporary ones included."""
    root = Path(folder)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def upload(post_form, source_id: int, filename: str, data: bytes):
    return post_form(
        f"/sources/{source_id}/files",
        {"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def download(client, source_id: int, file_id: int, **kw):
    response = client.get(f"/sources/{source_id}/files/{file_id}", **kw)
    body = response.get_data()
    response.close()
    return response, body


SERVED = ("Content-Type", "Content-Length", "Content-Disposition", "ETag", "Accept-Ranges", "Cache-Control")


# --- uploads through the form, downloads -----------------------------------------------------------------------


def test_an_upload_through_the_form_is_kept_in_the_configured_store_and_served_back(
    app, backend, client, login, post_form, db, team, upload_dir, request
):
    login(team["reviewer"])
    source = sources.create_source(db, actor=team["reviewer"], title="Panel report")
    response = upload(post_form, source.id, "notes.txt", NOTE)
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    row = db.exec(select(SourceFile)).one()
    assert (row.sha256, row.size) == (sha(NOTE), len(NOTE))

    key = f"{sha(NOTE)[:2]}/{sha(NOTE)}"
    if backend == "s3":
        s3, bucket = request.getfixturevalue("s3"), request.getfixturevalue("bucket")
        assert objects(s3, bucket) == {f"desk/files/{key}": NOTE}
        assert files_under(upload_dir) == []  # nothing on the app host
    else:
        assert files_under(upload_dir) == [key]
        assert file_path(upload_dir, row.sha256).read_bytes() == NOTE

    served, body = download(client, source.id, row.id)
    assert served.status_code == 200
    assert body == NOTE
    assert served.headers["Content-Length"] == str(len(NOTE))
    assert served.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert served.headers["Content-Disposition"] == "attachment; filename=notes.txt"
    assert served.headers["ETag"] == f'"{row.sha256}"'
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    # conditional and partial requests behave the same from either store
    again, body = download(client, source.id, row.id, headers={"If-None-Match": f'"{row.sha256}"'})
    assert (again.status_code, body) == (304, b"")
    part, body = download(client, source.id, row.id, headers={"Range": "bytes=6-11"})
    assert (part.status_code, body) == (206, NOTE[6:12])
    assert part.headers["Content-Range"] == f"bytes 6-11/{len(NOTE)}"
    # the text was extracted and is searchable, as before
    assert sources.search_in_source(db, source_id=source.id, phrase="2,000 dollars")


def test_a_file_missing_from_the_store_is_a_clear_404(app, backend, client, login, db, team, request):
    source = sources.create_source(db, actor=team["reviewer"], title="Panel report")
    row = sources.attach_file(
        db, source_id=source.id, filename="notes.txt", data=NOTE, actor=team["reviewer"], max_bytes=10_000,
        storage=app.extensions["factcheck_storage"],
    )  # fmt: skip
    app.extensions["factcheck_storage"].delete(row.sha256)
    login(team["viewer"])
    response, body = download(client, source.id, row.id)
    assert response.status_code == 404
    assert "stored copy of this file is missing" in body.decode()
    api_style, body = download(client, source.id, row.id, headers={"Accept": "application/json"})
    assert api_style.status_code == 404
    assert api_style.json["error"]["code"] == "file_missing"


# --- a failed save leaves nothing behind -------------------------------------------------------------------


def nothing_kept(db, upload_dir) -> None:
    """No row, no history entry, no file (not even a temporary one)."""
    db.expire_all()
    assert db.exec(select(SourceFile)).all() == []
    assert [e for e in db.exec(select(AuditEvent)).all() if e.action == "source.file_add"] == []
    assert files_under(upload_dir) == []


@pytest.mark.parametrize("backend", ["local"], indirect=False)
def test_a_disk_that_fills_up_half_way_through_a_save_leaves_nothing_and_answers_507(
    app, client, login, post_form, db, team, upload_dir, monkeypatch
):
    """write(2) on the upload's temporary file writes part of the bytes, then fails with ENOSPC."""
    real_write = os.write
    calls = []

    def disk_full(fd, data):
        if ".upload-" not in os.readlink(f"/proc/self/fd/{fd}"):
            return real_write(fd, data)
        calls.append(fd)
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))  # a short write: half is on disk
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    login(team["reviewer"])
    source = sources.create_source(db, actor=team["reviewer"], title="Panel report")
    monkeypatch.setattr(os, "write", disk_full)
    response = upload(post_form, source.id, "notes.txt", NOTE)
    monkeypatch.setattr(os, "write", real_write)
    assert len(calls) == 2  # the fault really happened, after half the file was written
    assert response.status_code == 507  # as a database write on a full disk (errors.py: storage_full)
    html = response.get_data(as_text=True)
    assert "disk is full" in html and "Traceback" not in html
    nothing_kept(db, upload_dir)

    # once there is room again the same upload works
    assert upload(post_form, source.id, "notes.txt", NOTE).status_code == 302
    assert file_path(upload_dir, sha(NOTE)).read_bytes() == NOTE


@pytest.mark.parametrize("backend", ["local"], indirect=False)
def test_an_upload_folder_that_cannot_be_written_answers_503(
    app, client, login, post_form, db, team, upload_dir
):
    login(team["reviewer"])
    source = sources.create_source(db, actor=team["reviewer"], title="Panel report")
    Path(upload_dir).mkdir(parents=True)
    blocker = Path(upload_dir) / sha(NOTE)[:2]
    blocker.write_bytes(b"")  # a file where the folder for this hash must go
    response = upload(post_form, source.id, "notes.txt", NOTE)
    assert response.status_code == 503
    assert "could not be saved" in response.get_data(as_text=True)
    blocker.unlink()
    nothing_kept(db, upload_dir)


@pytest.mark.parametrize("backend", ["s3"], indirect=False)
def test_an_s3_store_that_refuses_the_save_leaves_nothing_and_answers_503(
    app, client, login, post_form, db, team, upload_dir, s3, bucket
):
    login(team["reviewer"])
    source = sources.create_source(db, actor=team["reviewer"], title="Panel report")
    s3.delete_bucket(Bucket=bucket)  # the bucket goes away under the running app
    response = upload(post_form, source.id, "notes.txt", NOTE)
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "did not accept the file" in html and "Traceback" not in html
    nothing_kept(db, upload_dir)
    s3.create_bucket(Bucket=bucket)
    assert objects(s3, bucket) == {}
    assert upload(post_form, source.id, "notes.txt", NOTE).status_code == 302
    assert list(objects(s3, bucket).values()) == [NOTE]


# --- the move command --------------------------------------------------------------------------------------------


@pytest.fixture
def local_files(engine, test_sessions, upload_dir, db, team):
    """Two sources with files uploaded while the desk kept them in the local folder; the local app."""
    local = make_app(engine, test_sessions, upload_dir, {})
    rows = []
    for title, name, data in (("Panel report", "notes.txt", NOTE), ("Ministry", "letter.txt", LETTER)):
        source = sources.create_source(db, actor=team["reviewer"], title=title)
        rows.append(
            sources.attach_file(
                db, source_id=source.id, filename=name, data=data, actor=team["reviewer"], max_bytes=10_000,
                storage=local.extensions["factcheck_storage"],
            )
        )  # fmt: skip
    db.commit()
    return local, rows


def served(app, row) -> tuple[dict, bytes]:
    client = app.test_client()
    assert sign_in(client, "viewer").status_code == 302
    response, body = download(client, row.source_id, row.id)
    assert response.status_code == 200
    return {name: response.headers.get(name) for name in SERVED}, body


@pytest.mark.parametrize("backend", ["s3"], indirect=False)
def test_the_move_command_copies_checks_and_is_idempotent(app, runner, local_files, upload_dir, s3, bucket):
    local, rows = local_files
    before = {row.id: served(local, row) for row in rows}

    result = runner.invoke(args=["move-files-to-s3"])
    assert result.exit_code == 0, result.output
    assert "Moved 2 file(s); 0 already in the bucket; 0 failed" in result.output
    assert f"moved    {sha(NOTE)}" in result.output
    assert objects(s3, bucket) == {
        f"desk/files/{sha(NOTE)[:2]}/{sha(NOTE)}": NOTE,
        f"desk/files/{sha(LETTER)[:2]}/{sha(LETTER)}": LETTER,
    }
    assert len(files_under(upload_dir)) == 2  # copied, not yet deleted
    # the S3 app serves every file exactly as the local app did
    assert {row.id: served(app, row) for row in rows} == before

    again = runner.invoke(args=["move-files-to-s3"])
    assert again.exit_code == 0, again.output
    assert "Moved 0 file(s); 2 already in the bucket; 0 failed" in again.output

    # an object that is there but wrong is not counted as moved: it is copied again and checked
    s3.put_object(Bucket=bucket, Key=f"desk/files/{sha(LETTER)[:2]}/{sha(LETTER)}", Body=b"x" * len(LETTER))
    fixed = runner.invoke(args=["move-files-to-s3", "--delete-local"])
    assert fixed.exit_code == 0, fixed.output
    assert "Moved 1 file(s); 1 already in the bucket; 0 failed" in fixed.output
    assert "Deleted 2 local copies." in fixed.output
    assert files_under(upload_dir) == []
    assert {row.id: served(app, row) for row in rows} == before


@pytest.mark.parametrize("backend", ["s3"], indirect=False)
def test_the_move_command_leaves_a_damaged_local_file_alone_and_says_so(
    app, runner, local_files, upload_dir, s3, bucket
):
    damaged = file_path(upload_dir, sha(LETTER))
    damaged.write_bytes(b"bit rot")
    result = runner.invoke(args=["move-files-to-s3", "--delete-local"])
    assert result.exit_code == 1
    assert "Moved 1 file(s); 0 already in the bucket; 0 failed; 1 damaged locally" in result.output
    assert f"Damaged: the local file {sha(LETTER)} no longer matches its hash" in result.output
    assert f"Missing: uploaded file {sha(LETTER)}" not in result.output
    assert list(objects(s3, bucket)) == [f"desk/files/{sha(NOTE)[:2]}/{sha(NOTE)}"]
    assert damaged.read_bytes() == b"bit rot"  # never deleted


@pytest.mark.parametrize("backend", ["s3"], indirect=False)
def test_the_move_command_names_files_neither_store_has(app, runner, local_files, upload_dir):
    file_path(upload_dir, sha(LETTER)).unlink()
    result = runner.invoke(args=["move-files-to-s3"])
    assert result.exit_code == 0, result.output
    assert f"Missing: uploaded file {sha(LETTER)} is referred to" in result.output


@pytest.mark.parametrize("backend", ["local"], indirect=False)
def test_the_move_command_needs_s3_configured(app, runner, local_files, upload_dir):
    result = runner.invoke(args=["move-files-to-s3"])
    assert result.exit_code == 1
    assert "Set FACTCHECK_STORAGE=s3" in result.output
    assert len(files_under(upload_dir)) == 2


# --- backup and restore read and write the configured store ----------------------------------------------------


@pytest.mark.parametrize("backend", ["s3"], indirect=False)
def test_backup_and_restore_carry_the_files_of_the_bucket(
    app, runner, db, team, upload_dir, s3, s3_endpoint, bucket, new_empty_database, tmp_path
):
    source = sources.create_source(db, actor=team["reviewer"], title="Panel report")
    for name, data in (("notes.txt", NOTE), ("letter.txt", LETTER)):
        sources.attach_file(
            db, source_id=source.id, filename=name, data=data, actor=team["reviewer"], max_bytes=10_000,
            storage=app.extensions["factcheck_storage"],
        )  # fmt: skip
    db.commit()
    archive = tmp_path / "desk.tar.gz"
    result = runner.invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert "2 uploaded files" in result.output and "Warning" not in result.output
    with tarfile.open(archive, "r:gz") as tar:
        kept = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.name.startswith("files/")}
    assert kept == {f"files/{sha(d)[:2]}/{sha(d)}": d for d in (NOTE, LETTER)}
    assert files_under(upload_dir) == []

    # restored into an empty database and another bucket
    s3.create_bucket(Bucket=f"{bucket}-restored")
    target = S3Storage(f"{bucket}-restored", endpoint_url=s3_endpoint)
    restored_engine = make_engine(new_empty_database)
    try:
        report = backup.restore_backup(restored_engine, target, archive)
    finally:
        restored_engine.dispose()
    assert (report.files_written, report.files_present, report.mismatches) == (2, 0, {})
    assert objects(s3, f"{bucket}-restored") == {f"{sha(d)[:2]}/{sha(d)}": d for d in (NOTE, LETTER)}


# --- configuration, checked at start-up --------------------------------------------------------------------


def test_the_local_folder_is_the_default(tmp_path, monkeypatch):
    for name in ("FACTCHECK_STORAGE", "FACTCHECK_S3_BUCKET", "FACTCHECK_S3_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FACTCHECK_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}"}
    )
    store = app.extensions["factcheck_storage"]
    assert isinstance(store, LocalStorage)
    assert store.root == tmp_path / "instance" / "files"  # today's place: instance/files/
    app.extensions["factcheck_engine"].dispose()


def test_s3_is_configured_from_the_environment(tmp_path, monkeypatch, s3_endpoint, bucket):
    monkeypatch.setenv("FACTCHECK_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("FACTCHECK_STORAGE", "s3")
    monkeypatch.setenv("FACTCHECK_S3_BUCKET", bucket)
    monkeypatch.setenv("FACTCHECK_S3_ENDPOINT_URL", s3_endpoint)
    monkeypatch.setenv("FACTCHECK_S3_PREFIX", "/newsroom/")
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}"}
    )
    store = app.extensions["factcheck_storage"]
    assert isinstance(store, S3Storage)
    assert (store.bucket, store.prefix, store.endpoint_url) == (bucket, "newsroom/", s3_endpoint)
    app.extensions["factcheck_engine"].dispose()


@pytest.fixture
def start(tmp_path, monkeypatch):
    """start(**settings): create_app with these settings (an instance folder of the test's own)."""
    monkeypatch.setenv("FACTCHECK_INSTANCE_PATH", str(tmp_path / "instance"))
    apps = []

    def do(**settings):
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "x",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}",
                "UPLOAD_DIR": str(tmp_path / "files"),
                **settings,
            }
        )
        apps.append(app)
        return app

    yield do
    for app in apps:
        app.extensions["factcheck_engine"].dispose()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"STORAGE": "ftp"}, "FACTCHECK_STORAGE is 'ftp'; use one of: local, s3"),
        ({"STORAGE": "s3"}, "FACTCHECK_S3_BUCKET is not set"),
        ({"STORAGE": "s3", "S3_BUCKET": "Bad_Name"}, "'Bad_Name' is not a valid bucket name"),
        (
            {"STORAGE": "s3", "S3_BUCKET": "desk", "S3_ENDPOINT_URL": "s3.example.org"},
            "FACTCHECK_S3_ENDPOINT_URL 's3.example.org' is not an http(s) URL",
        ),
        ({"STORAGE": "s3", "S3_BUCKET": "desk", "S3_PREFIX": "a/../b"}, "FACTCHECK_S3_PREFIX"),
        (
            {"STORAGE": "s3", "S3_BUCKET": "desk", "S3_ADDRESSING_STYLE": "odd"},
            "FACTCHECK_S3_ADDRESSING_STYLE",
        ),
    ],
)
def test_a_malformed_setting_stops_the_app_at_start_up(start, settings, message):
    with pytest.raises(StorageConfigError, match=re.escape(message)):
        start(**settings)


def test_an_unusable_bucket_stops_the_app_at_start_up(start, s3_endpoint, aws_env, monkeypatch):
    settings = {"STORAGE": "s3", "S3_ENDPOINT_URL": s3_endpoint}
    with pytest.raises(StorageConfigError, match="bucket no-such-bucket .*: it does not exist"):
        start(S3_BUCKET="no-such-bucket", **settings)
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(StorageConfigError, match="No S3 credentials found: set AWS_ACCESS_KEY_ID"):
        start(S3_BUCKET="no-such-bucket", **settings)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "factcheck-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "factcheck-test-secret")
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with pytest.raises(StorageConfigError, match="Cannot reach the S3 bucket"):
        start(S3_BUCKET="desk", STORAGE="s3", S3_ENDPOINT_URL=closed)


def test_an_upload_folder_that_cannot_exist_stops_the_app_at_start_up(start, tmp_path):
    (tmp_path / "plain-file").write_text("")
    with pytest.raises(StorageConfigError, match="cannot be made: .*plain-file is not a folder"):
        start(UPLOAD_DIR=str(tmp_path / "plain-file" / "files"))


# --- the interface itself ----------------------------------------------------------------------------------------


def test_keys_are_hashes_only_and_temporary_files_are_not_keys(tmp_path):
    store = LocalStorage(tmp_path / "files")
    assert list(store.keys()) == []
    assert store.put(sha(NOTE), NOTE) is True
    assert store.put(sha(NOTE), NOTE) is False  # already there, the same
    (tmp_path / "files" / sha(NOTE)[:2] / ".upload-abc").write_bytes(b"half")
    (tmp_path / "files" / "README").write_text("not a key")
    assert list(store.keys()) == [sha(NOTE)]
    for bad in ("../../etc/passwd", sha(NOTE).upper(), sha(NOTE)[:-1], ""):
        with pytest.raises(ValueError):
            store.open(bad)
    assert storage.verified(store, sha(NOTE))
