"""Where uploaded documents are kept: one small interface, two backends.

A document's key is the SHA-256 of its content (64 hex digits), kept as ``<first two hex digits>/<sha256>``:

- ``LocalStorage``: under the upload folder (UPLOAD_DIR, ``instance/files/`` by default), as always;
- ``S3Storage``: in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage...), under an optional prefix,
  for several app hosts that must all see the same files.

Either way a save is all or nothing: a file is written to a temporary name and renamed into place (an S3
object appears only once the whole body has arrived), and a save that fails raises `StorageUnavailable`
(503), never a half-written file. `from_config` builds the configured backend and `check` proves it usable,
so a bad configuration stops the app at start-up instead of failing the first upload.
"""

import errno
import hashlib
import os
import re
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from ..errors import DomainError, NotFound

KINDS = ("local", "s3")
_KEY = re.compile(r"[0-9a-f]{64}")
_BUCKET = re.compile(r"(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
ADDRESSING_STYLES = ("auto", "path", "virtual")


class StorageUnavailable(DomainError):
    """The file store could not save or read a file just now (disk full, S3 unreachable or refusing)."""

    status = 503
    code = "storage_unavailable"


class StorageFull(StorageUnavailable):
    """No room left to save the file (ENOSPC, a quota): 507, like a database write on a full disk."""

    status = 507
    code = "storage_full"


class StoredFileMissing(NotFound):
    """The database knows the file but the store has no copy of it."""

    code = "file_missing"

    def __init__(self, key: str):
        super().__init__("The stored copy of this file is missing; upload it again.", fields={"file": key})


class StorageConfigError(RuntimeError):
    """The storage settings are wrong or the store cannot be used: raised at start-up, with what to fix."""


@dataclass
class StoredFile:
    """An open stored file: read `stream` (then close it), `size` bytes long."""

    stream: BinaryIO
    size: int


def check_key(key: str) -> str:
    """A key is a SHA-256 hex digest; anything else (a path, a name) is refused."""
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise ValueError("not a sha256 hex digest")
    return key


def relative_path(key: str) -> str:
    """``ab/abcdef...``: where a key lives below the folder or the bucket prefix."""
    return f"{key[:2]}/{check_key(key)}"


class Storage(ABC):
    """The operations the desk needs on uploaded files, whatever keeps them."""

    kind: str

    @abstractmethod
    def describe(self) -> str:
        """Where the files are, for people (no secrets)."""

    @abstractmethod
    def check(self) -> None:
        """:raise StorageConfigError: this store cannot be used as configured (said how to fix it)."""

    @abstractmethod
    def put(self, key: str, data: bytes) -> bool:
        """Keep `data` under `key`, all or nothing; False when an identical copy was already there.

        :raise StorageUnavailable: it could not be saved; nothing of it is left behind."""

    @abstractmethod
    def open(self, key: str) -> StoredFile:
        """:raise StoredFileMissing: no copy. :raise StorageUnavailable: the store cannot be read now."""

    @abstractmethod
    def exists(self, key: str) -> bool:
        """Whether a copy is kept under `key`."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the copy under `key` (nothing happens when there is none)."""

    @abstractmethod
    def keys(self) -> Iterator[str]:
        """Every key kept, in order (temporary files of saves in progress are not keys)."""

    def read(self, key: str) -> bytes:
        """The whole content under `key` (see `open`)."""
        stored = self.open(key)
        try:
            return stored.stream.read()
        finally:
            stored.stream.close()


# --- the local folder ----------------------------------------------------------------------------------------


def _save_failed(error: OSError) -> StorageUnavailable:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return StorageFull(
            "The server's disk is full, so the file was not kept. Try again later, and tell the desk's admin."
        )
    return StorageUnavailable(
        "The file could not be saved on the server just now, so it was not kept. Try again later."
    )


class LocalStorage(Storage):
    """Files in a folder on this host: ``<root>/<ab>/<sha256>``."""

    kind = "local"

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def describe(self) -> str:
        return f"the folder {self.root}"

    def path(self, key: str) -> Path:
        """The file that holds `key` (which may not exist)."""
        return self.root / relative_path(key)

    def check(self) -> None:
        # The folder itself is made on the first upload (a fresh install has none); what must hold now is
        # that it can be: the nearest existing folder on the way is a writable folder.
        place = self.root
        while not place.exists() and place != place.parent:
            place = place.parent
        if not place.is_dir():
            raise StorageConfigError(
                f"The upload folder {self.root} cannot be made: {place} is not a folder."
            )
        if not os.access(place, os.W_OK | os.X_OK):
            raise StorageConfigError(
                f"The upload folder {self.root} is not writable by this process ({place})."
            )

    def put(self, key: str, data: bytes) -> bool:
        path = self.path(key)
        try:
            if path.is_file() and path.stat().st_size == len(data):
                return False
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        except OSError as error:
            raise _save_failed(error) from error
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(handle, view) :]
                os.fsync(handle)
            finally:
                os.close(handle)
            os.replace(temp, path)
        except OSError as error:
            Path(temp).unlink(missing_ok=True)
            raise _save_failed(error) from error
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return True

    def open(self, key: str) -> StoredFile:
        try:
            stream = self.path(key).open("rb")
        except (FileNotFoundError, NotADirectoryError):
            raise StoredFileMissing(key) from None
        except OSError as error:
            raise StorageUnavailable("The stored file cannot be read just now. Try again later.") from error
        return StoredFile(stream=stream, size=os.fstat(stream.fileno()).st_size)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def keys(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if not (folder.is_dir() and re.fullmatch(r"[0-9a-f]{2}", folder.name)):
                continue
            for path in sorted(folder.iterdir()):
                if path.is_file() and _KEY.fullmatch(path.name) and path.name.startswith(folder.name):
                    yield path.name


# --- S3-compatible object storage ----------------------------------------------------------------------------


class S3Storage(Storage):
    """Objects ``<prefix><ab>/<sha256>`` in one bucket of an S3-compatible store. Credentials come the
    standard AWS way (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, an instance role)."""

    kind = "s3"

    def __init__(
        self,
        bucket: str,
        *,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        addressing_style: str | None = None,
    ):
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix
        self.endpoint_url = endpoint_url
        style = addressing_style or ("path" if endpoint_url else "auto")
        config = Config(
            s3={"addressing_style": style},
            connect_timeout=5,
            read_timeout=30,
            retries={"max_attempts": 3, "mode": "standard"},
        )
        try:
            self.client = boto3.session.Session().client(
                "s3", endpoint_url=endpoint_url, region_name=region or None, config=config
            )
        except Exception as error:  # botocore's NoRegionError, a malformed endpoint...
            raise StorageConfigError(f"The S3 client cannot be set up: {error}") from None

    def describe(self) -> str:
        where = f" at {self.endpoint_url}" if self.endpoint_url else ""
        return f"the S3 bucket {self.bucket}{where}" + (f" under {self.prefix}" if self.prefix else "")

    def object_key(self, key: str) -> str:
        return self.prefix + relative_path(key)

    def check(self) -> None:
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except NoCredentialsError:
            raise StorageConfigError(
                "No S3 credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, "
                "or give the host an instance role)."
            ) from None
        except ClientError as error:
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            why = {
                404: "it does not exist",
                403: "access is denied (check the credentials and the bucket's policy)",
                301: "it is in another region (set FACTCHECK_S3_REGION)",
            }.get(status, str(error))
            raise StorageConfigError(f"Cannot use {self.describe()}: {why}.") from None
        except BotoCoreError as error:
            raise StorageConfigError(f"Cannot reach {self.describe()}: {error}") from None

    def _errors(self):
        from botocore.exceptions import BotoCoreError, ClientError

        return (BotoCoreError, ClientError)

    @staticmethod
    def _is_missing(error) -> bool:
        code = getattr(error, "response", {}).get("Error", {}).get("Code")
        return code in ("404", "NoSuchKey", "NotFound")

    def _head(self, key: str) -> dict | None:
        try:
            return self.client.head_object(Bucket=self.bucket, Key=self.object_key(key))
        except self._errors() as error:
            if self._is_missing(error):
                return None
            raise

    def put(self, key: str, data: bytes) -> bool:
        try:
            head = self._head(key)
            if head is not None and head.get("ContentLength") == len(data):
                return False
            # One PUT: the object exists only once the whole body has arrived (and its checksum matched).
            self.client.put_object(
                Bucket=self.bucket,
                Key=self.object_key(key),
                Body=data,
                ContentType="application/octet-stream",
                Metadata={"sha256": key},
            )
        except self._errors() as error:
            raise StorageUnavailable(
                "The file store did not accept the file just now, so it was not kept. Try again later."
            ) from error
        return True

    def open(self, key: str) -> StoredFile:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.object_key(key))
        except self._errors() as error:
            if self._is_missing(error):
                raise StoredFileMissing(key) from None
            raise StorageUnavailable("The file store cannot be read just now. Try again later.") from error
        return StoredFile(stream=answer["Body"], size=answer["ContentLength"])

    def read(self, key: str) -> bytes:
        try:
            return super().read(key)
        except self._errors() as error:  # the body broke off part way (botocore wraps urllib3's errors)
            raise StorageUnavailable("The file store cannot be read just now. Try again later.") from error

    def exists(self, key: str) -> bool:
        try:
            return self._head(key) is not None
        except self._errors() as error:
            raise StorageUnavailable("The file store cannot be read just now. Try again later.") from error

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self.object_key(key))
        except self._errors() as error:
            raise StorageUnavailable("The file store did not delete the file just now.") from error

    def keys(self) -> Iterator[str]:
        pattern = re.compile(re.escape(self.prefix) + r"([0-9a-f]{2})/([0-9a-f]{64})")
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        try:
            for page in pages:
                for item in page.get("Contents", ()):
                    match = pattern.fullmatch(item["Key"])
                    if match and match.group(2).startswith(match.group(1)):
                        yield match.group(2)
        except self._errors() as error:
            raise StorageUnavailable("The file store cannot be listed just now.") from error


# --- configuration -------------------------------------------------------------------------------------------


def _s3_prefix(prefix: str) -> str:
    prefix = (prefix or "").strip().strip("/")
    if not prefix:
        return ""
    if any(part in ("", ".", "..") for part in prefix.split("/")):
        raise StorageConfigError(f"FACTCHECK_S3_PREFIX {prefix!r} must be folder names separated by /.")
    return prefix + "/"


def from_config(config) -> Storage:
    """The store the settings name: STORAGE ``local`` (default: UPLOAD_DIR) or ``s3`` (S3_BUCKET, with
    S3_ENDPOINT_URL for a store other than AWS, S3_PREFIX, S3_REGION, S3_ADDRESSING_STYLE).

    :raise StorageConfigError: an unknown kind, a missing or malformed setting."""
    kind = (config.get("STORAGE") or "local").strip().lower()
    if kind not in KINDS:
        raise StorageConfigError(f"FACTCHECK_STORAGE is {kind!r}; use one of: {', '.join(KINDS)}.")
    if kind == "local":
        return LocalStorage(config["UPLOAD_DIR"])
    bucket = (config.get("S3_BUCKET") or "").strip()
    if not bucket:
        raise StorageConfigError("FACTCHECK_STORAGE is s3 but FACTCHECK_S3_BUCKET is not set.")
    if not _BUCKET.fullmatch(bucket):
        raise StorageConfigError(f"FACTCHECK_S3_BUCKET {bucket!r} is not a valid bucket name.")
    endpoint = (config.get("S3_ENDPOINT_URL") or "").strip() or None
    if endpoint is not None:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StorageConfigError(
                f"FACTCHECK_S3_ENDPOINT_URL {endpoint!r} is not an http(s) URL, e.g. https://s3.example.org."
            )
    style = (config.get("S3_ADDRESSING_STYLE") or "").strip().lower() or None
    if style is not None and style not in ADDRESSING_STYLES:
        raise StorageConfigError(
            f"FACTCHECK_S3_ADDRESSING_STYLE is {style!r}; use one of: {', '.join(ADDRESSING_STYLES)}."
        )
    return S3Storage(
        bucket,
        prefix=_s3_prefix(config.get("S3_PREFIX") or ""),
        endpoint_url=endpoint,
        region=(config.get("S3_REGION") or "").strip() or None,
        addressing_style=style,
    )


def init_app(app) -> Storage:
    """Build and check the configured store at start-up (:raise StorageConfigError:), keep it on the app."""
    storage = from_config(app.config)
    storage.check()
    app.extensions["factcheck_storage"] = storage
    return storage


# --- moving the local folder into another store --------------------------------------------------------------


@dataclass
class MoveReport:
    """What `move_files` did, key by key."""

    moved: list[str] = field(default_factory=list)  # copied now, read back and its hash checked
    present: list[str] = field(default_factory=list)  # the target already held it, hash checked
    damaged: list[str] = field(default_factory=list)  # the local copy no longer matches its hash: left alone
    failed: dict[str, str] = field(default_factory=dict)  # key -> why it could not be moved
    removed: int = 0  # local copies deleted (delete_local) after their copy was checked
    missing: list[str] = field(default_factory=list)  # the database refers to it; neither store has it

    @property
    def ok(self) -> bool:
        return not (self.damaged or self.failed)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verified(storage: Storage, key: str) -> bool:
    """Whether `storage` holds `key` with exactly the content whose hash it is (read back in full)."""
    try:
        return _sha256(storage.read(key)) == key
    except StoredFileMissing:
        return False


def move_files(
    source: LocalStorage,
    target: Storage,
    *,
    referenced: Iterable[str] = (),
    delete_local: bool = False,
    progress: Callable[[str, str], None] | None = None,
) -> MoveReport:
    """Copy every file of the local folder `source` into `target`, reading each copy back and checking its
    hash before counting it; a file the target already holds intact is not copied again, so a second run
    moves nothing. With `delete_local`, a local file is deleted only once its copy has been checked.
    `referenced` (the keys the database refers to) lets the report name files that neither store holds.
    `progress(key, outcome)` is told each file's fate as it happens.

    :raise StorageUnavailable: the target cannot even be listed or read (per-file failures are reported).
    """
    report = MoveReport()
    tell = progress or (lambda key, outcome: None)
    for key in source.keys():
        data = source.read(key)
        if _sha256(data) != key:
            report.damaged.append(key)
            tell(key, "damaged")
            continue
        try:
            if verified(target, key):
                report.present.append(key)
                outcome = "present"
            else:
                target.delete(key)  # a wrong copy under this key (a half-made object cannot exist)
                target.put(key, data)
                if not verified(target, key):
                    raise StorageUnavailable("the copy read back does not match its hash")
                report.moved.append(key)
                outcome = "moved"
        except StorageUnavailable as error:
            report.failed[key] = error.message
            tell(key, "failed")
            continue
        if delete_local:
            source.delete(key)
            report.removed += 1
        tell(key, outcome)
    kept = set(report.moved) | set(report.present) | set(report.damaged) | set(report.failed)
    for key in sorted(set(referenced) - kept):
        if not target.exists(key):
            report.missing.append(key)
    return report
