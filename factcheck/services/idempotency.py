"""Idempotency keys: a retried move answers its first result instead of acting twice.

A client names each move with a key (the API's `Idempotency-Key` header, a form's hidden `idempotency_key`).
The key is claimed inside the move's own transaction and its answer written there too, just before that
transaction commits (factcheck/idempotency.py runs the request that way): if the move committed, so did its
key and answer; if it rolled back (a refusal, a lost connection before COMMIT), neither exists and a retry
acts, once. Keys are per user and kept KEEP_FOR; the same key with another request is refused.

Two requests with the same key at once: the second waits for the first's claim (on PostgreSQL the unique
index holds its insert until the first transaction ends; on SQLite the write lock serialises them), then
answers the first's result, or acts if the first rolled back. A wait longer than WAIT_SECONDS is refused
409 `idempotency_key_in_progress`.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

from ..errors import Conflict, Invalid
from ..models.moves import MAX_IDEMPOTENCY_KEY, IdempotencyKey
from ..timeutil import utcnow

KEEP_FOR = timedelta(hours=24)
WAIT_SECONDS = 10.0  # how long a duplicate waits for the first request with its key (PostgreSQL)
IN_PROGRESS = 0  # status_code of a key whose move has not finished: never committed as such
KEY_PATTERN = re.compile(rf"[!-~]{{1,{MAX_IDEMPOTENCY_KEY}}}")  # visible ASCII, no spaces
KEY_RULE = f"1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters (letters, digits, punctuation; no spaces)"


@dataclass(frozen=True)
class Replay:
    """The first answer to a move, to be given again."""

    status_code: int
    body: str | None
    content_type: str | None
    location: str | None


def check_key(key: str, *, name: str = "Idempotency-Key") -> str:
    """`key` if it is a usable idempotency key. :raise Invalid: `invalid_idempotency_key`."""
    if not KEY_PATTERN.fullmatch(key):
        raise Invalid(
            f"{name} must be {KEY_RULE}; a UUID is a good choice.",
            fields={name: KEY_RULE},
            code="invalid_idempotency_key",
        )
    return key


def request_hash(method: str, path: str, body: bytes) -> str:
    """What identifies a request under its key: method, path with query, body (sha256, hex)."""
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode("utf-8", "surrogateescape"), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def claim(
    session: Session,
    *,
    user_id: int,
    key: str,
    method: str,
    path: str,
    fingerprint: str,
    now: datetime | None = None,
) -> int | Replay:
    """Claim `key` for this user's request, in the caller's transaction: the new row's id (the move may
    go ahead; `record` its answer before committing), or the Replay of the move that already committed
    under it. This user's expired keys are pruned on the way.

    :raise Invalid: `idempotency_key_reused`, the key was used for another request.
    :raise Conflict: `idempotency_key_in_progress`, a request with this key is still running.
    """
    now = now or utcnow()
    session.exec(  # type: ignore[call-overload]
        delete(IdempotencyKey).where(
            IdempotencyKey.user_id == user_id, IdempotencyKey.created_at < now - KEEP_FOR
        )
    )
    found = _answer(session, user_id=user_id, key=key, method=method, path=path, fingerprint=fingerprint)
    if found is not None:
        return found
    row = IdempotencyKey(
        user_id=user_id,
        key=key,
        method=method.upper()[:8],
        path=path[:500],
        request_hash=fingerprint,
        status_code=IN_PROGRESS,
        created_at=now,
    )
    try:
        with session.begin_nested(), _waiting_at_most(session, WAIT_SECONDS):
            session.add(row)
            session.flush()
    except IntegrityError:
        # the same key committed meanwhile (PostgreSQL held this insert until then): its answer
        found = _answer(session, user_id=user_id, key=key, method=method, path=path, fingerprint=fingerprint)
        if found is None:  # pragma: no cover  (pruned between the two statements)
            raise _in_progress() from None
        return found
    except OperationalError as error:
        if _is_lock_timeout(error):
            raise _in_progress() from None
        raise
    return row.id  # type: ignore[return-value]


def record(
    connection: Connection,
    *,
    row_id: int,
    status_code: int,
    body: str | None,
    content_type: str | None,
    location: str | None,
) -> None:
    """Write the move's answer into its claimed key, on the move's own connection, before it commits."""
    connection.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.id == row_id)  # type: ignore[arg-type]
        .values(
            status_code=status_code,
            response_body=body,
            content_type=(content_type or None) and content_type[:100],
            location=(location or None) and location[:500],
        )
    )


def forget(connection: Connection, *, row_id: int) -> None:
    """Give up a claimed key whose answer is not to be kept (the move itself still commits)."""
    connection.execute(delete(IdempotencyKey).where(IdempotencyKey.id == row_id))  # type: ignore[arg-type]


def _answer(
    session: Session, *, user_id: int, key: str, method: str, path: str, fingerprint: str
) -> Replay | None:
    row = session.exec(
        select(IdempotencyKey).where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)
    ).first()
    if row is None:
        return None
    if row.request_hash != fingerprint:
        where = f"{row.method} {row.path}"
        same = row.method == method.upper() and row.path == path[:500]
        raise Invalid(
            "This Idempotency-Key was already used for "
            + ("the same route with a different body" if same else f"another request ({where})")
            + ": send a new key for a new request, or the same request to get its first answer again.",
            fields={"Idempotency-Key": "already used for another request"},
            code="idempotency_key_reused",
        )
    if row.status_code == IN_PROGRESS:  # pragma: no cover  (never committed unfinished)
        raise _in_progress()
    return Replay(row.status_code, row.response_body, row.content_type, row.location)


def _in_progress() -> Conflict:
    return Conflict(
        "A request with this Idempotency-Key is still being processed: retry in a moment to get its answer.",
        code="idempotency_key_in_progress",
    )


class _waiting_at_most:
    """On PostgreSQL, bound how long the statements inside wait for a lock (the insert of a key another
    transaction has just claimed); the transaction's own setting is restored afterwards."""

    def __init__(self, session: Session, seconds: float):
        self.session, self.seconds, self.before = session, seconds, None

    def __enter__(self):
        if self.session.get_bind().dialect.name == "postgresql":
            self.before = self.session.connection().execute(text("SHOW lock_timeout")).scalar_one()
            self._set(f"{int(self.seconds * 1000)}ms")
        return self

    def __exit__(self, kind, error, traceback):
        if self.before is not None and kind is None:
            self._set(self.before)
        return False

    def _set(self, value: str) -> None:
        self.session.connection().execute(
            text("SELECT set_config('lock_timeout', :value, true)"), {"value": value}
        )


def _is_lock_timeout(error: OperationalError) -> bool:
    return getattr(getattr(error, "orig", None), "sqlstate", None) == "55P03"
