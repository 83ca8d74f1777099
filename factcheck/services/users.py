"""Team accounts: creation, roles, passwords, sign-in sessions, API tokens, sign-in throttling."""

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..config import PASSWORD_HASH_METHOD
from ..errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from ..models import ROLES, ApiToken, LoginFailure, LoginSession, User
from ..models.fields import MAX_ID
from ..timeutil import iso, utcnow
from . import audit
from .roles import require_role

log = logging.getLogger(__name__)

PASSWORD_MIN, PASSWORD_MAX = 12, 128
PASSWORD_RULE = f"{PASSWORD_MIN} to {PASSWORD_MAX} characters"  # shown beside every new-password field
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")
# A hash to check against when the username is unknown, so timing does not reveal which names exist.
_DUMMY_HASH: dict[str, str] = {}  # hash method -> a hash of a random password, made once


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def validate_password(password: str) -> None:
    """Raise Invalid unless the password is 12 to 128 characters."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise Invalid(
            f"A password must be {PASSWORD_MIN} to {PASSWORD_MAX} characters long.",
            fields={"password": PASSWORD_RULE},
        )


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def get_user(session: Session, *, username: str) -> User:
    """:raise NotFound: no account with that username."""
    user = session.exec(select(User).where(User.username == normalise_username(username))).first()
    if user is None:
        raise NotFound(f"No user called {username!r}.")
    return user


def get_user_by_id(session: Session, *, user_id: int) -> User:
    """:raise NotFound: no such account."""
    return _load(session, user_id)


def display_names(session: Session, user_ids) -> dict[int, str]:
    """The names people are shown by (User.name), by id, for these user ids (None ignored): one statement."""
    ids = sorted({user_id for user_id in user_ids if user_id})
    if not ids:
        return {}
    return {user.id: user.name for user in session.exec(select(User).where(User.id.in_(ids))).all()}


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.username)).all())


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    actor: User | None = None,
    hash_method: str,
) -> User:
    """Create an account.

    :raise Invalid: bad username, role or password.
    :raise Conflict: the username is taken.
    """
    require_role(actor, "admin", "create accounts", command_line=True)
    username = normalise_username(username)
    if not USERNAME_RE.match(username):
        raise Invalid(
            "A username is 2 to 64 characters: letters, digits, '.', '_' or '-'.",
            fields={"username": "letters, digits, . _ -"},
        )
    if role not in ROLES:
        raise Invalid(f"Role must be one of {', '.join(ROLES)}.", fields={"role": "unknown role"})
    validate_password(password)
    if session.exec(select(User).where(User.username == username)).first():
        raise Conflict(f"The username {username!r} is taken.", fields={"username": "taken"})
    user = User(
        username=username,
        display_name=display_name.strip(),
        role=role,
        password_hash=generate_password_hash(password, method=hash_method),
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="user.create",
        object_type="user",
        object_id=user.id,
        after={"username": username, "role": role},
    )
    session.commit()
    return user


def change_role(session: Session, *, user_id: int, role: str, actor: User) -> User:
    """:raise Invalid: unknown role. :raise Forbidden: an admin demoting themselves."""
    require_role(actor, "admin", "change roles")
    user = _load(session, user_id)
    if role not in ROLES:
        raise Invalid(f"Role must be one of {', '.join(ROLES)}.", fields={"role": "unknown role"})
    if user.id == actor.id and role != user.role:
        raise Forbidden("You cannot change your own role; ask another admin.")
    before = user.role
    user.role = role
    audit.record(
        session,
        actor=actor,
        action="user.role",
        object_type="user",
        object_id=user.id,
        before={"role": before},
        after={"role": role},
    )
    session.commit()
    return user


def set_active(session: Session, *, user_id: int, active: bool, actor: User) -> User:
    """Deactivate (ending every session and token use) or reactivate an account."""
    require_role(actor, "admin", "deactivate or reactivate accounts")
    user = _load(session, user_id)
    if user.id == actor.id and not active:
        raise Forbidden("You cannot deactivate your own account.")
    before = user.active
    user.active = active
    if not active:
        end_sessions(session, user_id=user.id)
    audit.record(
        session,
        actor=actor,
        action="user.activate" if active else "user.deactivate",
        object_type="user",
        object_id=user.id,
        before={"active": before},
        after={"active": active},
    )
    session.commit()
    return user


def change_password(
    session: Session,
    *,
    user: User,
    current_password: str,
    new_password: str,
    keep_token: str | None,
    hash_method: str,
) -> None:
    """Change a user's own password and end their other sign-in sessions.

    :raise Invalid: wrong current password or a new one of the wrong length.
    """
    if not check_password_hash(user.password_hash, current_password):
        raise Invalid("The current password is wrong.", fields={"current_password": "wrong password"})
    validate_password(new_password)
    user.password_hash = generate_password_hash(new_password, method=hash_method)
    user.password_changed_at = utcnow()
    end_sessions(session, user_id=user.id, except_token=keep_token)
    audit.record(session, actor=user, action="user.password", object_type="user", object_id=user.id)
    session.commit()


def set_password(session: Session, *, user: User, password: str, hash_method: str) -> None:
    """Set a password without the old one (CLI, first start). Ends every session."""
    validate_password(password)
    user.password_hash = generate_password_hash(password, method=hash_method)
    user.password_changed_at = utcnow()
    end_sessions(session, user_id=user.id)
    session.commit()


def _load(session: Session, user_id: int) -> User:
    if not 0 < user_id <= MAX_ID:  # a URL's id past 2**63 would overflow the database's integer
        raise NotFound("No such user.")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


# --- signing in -------------------------------------------------------------------------------


class Throttled(DomainError):
    """Too many sign-in attempts for this name, or from this address, within the window."""

    status = 429
    code = "too_many_requests"


def _record_attempt(session: Session, *, username: str, remote_addr: str) -> int:
    """Record one sign-in attempt and commit at once (its own short transaction); the row's id."""
    row = LoginFailure(username=username[:128], remote_addr=remote_addr[:64])
    session.add(row)
    session.flush()
    attempt_id = row.id
    # keep the table small: attempts older than a day no longer count for anything
    session.exec(delete(LoginFailure).where(LoginFailure.at < utcnow() - timedelta(days=1)))
    session.commit()
    return attempt_id


def is_throttled(session: Session, *, username: str, remote_addr: str, failures: int, minutes: int) -> bool:
    """Whether this username has made more than `failures` sign-in attempts within `minutes`, or this
    address more than 4x that, counting the attempt being made (call it after recording that attempt).

    An attempt's row stays as a failure when the password was wrong; a sign-in clears its name's rows.
    """
    since = utcnow() - timedelta(minutes=minutes)
    username = normalise_username(username)
    by_name = session.exec(
        select(func.count()).where(LoginFailure.username == username, LoginFailure.at >= since)
    ).one()
    by_addr = session.exec(
        select(func.count()).where(LoginFailure.remote_addr == remote_addr[:64], LoginFailure.at >= since)
    ).one()
    # an address gets more room than a name: a newsroom shares one office address
    return by_name > failures or by_addr > failures * 4


def authenticate(
    session: Session,
    *,
    username: str,
    password: str,
    remote_addr: str,
    failures: int | None = None,
    minutes: int = 15,
    hash_method: str = PASSWORD_HASH_METHOD,
) -> User | None:
    """The active user with that username and password, or None (a failed sign-in, in the history).

    The attempt is recorded and committed first, in a transaction of its own, so that it counts even
    if what follows fails, and so that simultaneous attempts cannot all slip under the throttle: each
    counts, after its own commit, every attempt committed before it. With `failures`, an attempt beyond
    the throttle (see is_throttled) raises Throttled before any password is checked; its row is removed,
    so waiting out the window is enough. The password is checked with no transaction open: scrypt takes
    up to a second, and on SQLite no write lock may be held meanwhile. start_session, on success,
    clears the name's attempts; a failure leaves its row and writes `auth.sign_in_failed`. A name nobody
    has is checked against a hash made with `hash_method`, the desk's own (PASSWORD_HASH_METHOD), so that
    it takes as long as a known name's check.

    :raise Throttled: too many attempts for the name or from the address.
    """
    typed = username if isinstance(username, str) else ""
    name = normalise_username(typed)
    remote_addr = (remote_addr or "")[:64]
    attempt_id = _record_attempt(session, username=name, remote_addr=remote_addr)
    if failures is not None and is_throttled(
        session, username=name, remote_addr=remote_addr, failures=failures, minutes=minutes
    ):
        session.exec(delete(LoginFailure).where(LoginFailure.id == attempt_id))
        session.commit()
        raise Throttled("Too many failed sign-ins. Wait a few minutes and try again.")
    user = session.exec(select(User).where(User.username == name)).first()
    known = (user.id, user.username, user.password_hash, user.active) if user else None
    session.commit()  # end the transaction before hashing
    if known is None:
        if hash_method not in _DUMMY_HASH:
            _DUMMY_HASH[hash_method] = generate_password_hash(secrets.token_hex(8), method=hash_method)
        check_password_hash(_DUMMY_HASH[hash_method], password)
    elif check_password_hash(known[2], password) and known[3]:
        return user
    audit.record(
        session,
        actor=user,
        action="auth.sign_in_failed",
        object_type="user",
        object_id=known[0] if known else None,
        # the name as typed when no account has it (never the password)
        after={"username": known[1] if known else typed[:128], "remote_addr": remote_addr},
    )
    session.commit()
    return None


def start_session(session: Session, *, user: User, remote_addr: str = "") -> str:
    """Open a sign-in session (in the history as `auth.sign_in`); the returned token goes into the
    (signed) cookie."""
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(user_id=user.id, token_hash=_sha256(token)))
    # old failures for this name stop counting once the owner signs in
    session.exec(delete(LoginFailure).where(LoginFailure.username == user.username))
    audit.record(
        session,
        actor=user,
        action="auth.sign_in",
        object_type="user",
        object_id=user.id,
        after={"username": user.username, "remote_addr": (remote_addr or "")[:64]},
    )
    session.commit()
    return token


class SessionExpired(DomainError):
    """A sign-in session passed its idle or absolute limit; it has been ended."""

    status = 401
    code = "session_expired"


SESSION_EXPIRED_MESSAGE = "Your session expired, please sign in again."


def user_for_session(
    session: Session, *, token: str, idle_minutes: int = 480, max_hours: int = 168
) -> User | None:
    """The active user whose open sign-in session has this token, else None.

    A session unused for `idle_minutes`, or opened more than `max_hours` ago, is ended here (the
    defaults are config.py's). Its last use is recorded at most once a minute (see `_touch`).

    :raise SessionExpired: the session was open but past a limit; it is ended now.
    """
    now = utcnow()
    # read before the caller's session begins its transaction: see _touch for why
    with _read_aside(session) as side:
        found = side.exec(
            select(LoginSession, User.active)
            .join(User, User.id == LoginSession.user_id)
            .where(LoginSession.token_hash == _sha256(token), LoginSession.ended_at.is_(None))
        ).first()
    if found is None or not found[1]:
        return None
    row = found[0]
    idle_since = row.last_seen_at or row.created_at
    if now - idle_since >= timedelta(minutes=idle_minutes) or now - row.created_at >= timedelta(
        hours=max_hours
    ):
        _write_aside(
            session,
            update(LoginSession)
            .where(LoginSession.id == row.id, LoginSession.ended_at.is_(None))
            .values(ended_at=now),
            what="end an expired sign-in session",
        )
        raise SessionExpired(SESSION_EXPIRED_MESSAGE)
    if _due(row.last_seen_at, now):
        _touch(session, LoginSession, row.id, "last_seen_at", now)
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None


def end_session(session: Session, *, token: str, remote_addr: str = "") -> None:
    """End the sign-in session with this token (in the history as `auth.sign_out` if it was open)."""
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == _sha256(token))).first()
    if row and row.ended_at is None:
        row.ended_at = utcnow()
        user = session.get(User, row.user_id)
        audit.record(
            session,
            actor=user,
            action="auth.sign_out",
            object_type="user",
            object_id=row.user_id,
            after={"username": user.username if user else None, "remote_addr": (remote_addr or "")[:64]},
        )
    session.commit()


def end_sessions(session: Session, *, user_id: int, except_token: str | None = None) -> None:
    """End a user's sign-in sessions (all, or all but one). The caller commits."""
    keep = _sha256(except_token) if except_token else None
    rows = session.exec(
        select(LoginSession).where(LoginSession.user_id == user_id, LoginSession.ended_at.is_(None))
    ).all()
    for row in rows:
        if row.token_hash != keep:
            row.ended_at = utcnow()


# --- recording last use -----------------------------------------------------------------------

TOUCH_EVERY = timedelta(minutes=1)  # last use of a token or session is recorded at most this often


def _due(last: datetime | None, now: datetime) -> bool:
    return last is None or now - last >= TOUCH_EVERY


def _touch(session: Session, model: type, row_id: int, column: str, now: datetime) -> None:
    """Record `now` in `model.column` of one row unless a request did so within the last minute.

    The write runs in a short transaction of its own on a fresh Session from the same engine, never in
    the caller's: a read-only GET must not write in its transaction. The callers read their row aside
    too (`_read_aside`), before the request's session begins, so that the request holds no lock this
    write would wait for. Failing to record is logged and forgotten: it never fails the request.
    """
    field = getattr(model, column)
    _write_aside(
        session,
        update(model)
        .where(model.id == row_id, or_(field.is_(None), field <= now - TOUCH_EVERY))
        .values({column: now}),
        what=f"record {model.__tablename__}.{column}",
    )


def _read_aside(session: Session) -> Session:
    """A fresh Session on the caller's engine for a short read beside the caller's transaction. On SQLite
    it begins DEFERRED (db.py's `sqlite_begin` option): a WAL reader neither takes nor waits for the
    write lock, even when the caller holds it."""
    bind = session.get_bind()
    if bind.dialect.name == "sqlite" and bind.get_execution_options().get("sqlite_begin") != "DEFERRED":
        bind = bind.execution_options(sqlite_begin="DEFERRED")
    return Session(bind)


def _may_write_aside(session: Session) -> bool:
    """Whether a write beside the caller's session cannot wait on the caller's own lock. Not on SQLite
    while the caller has a transaction open that may hold the write lock (db.py begins IMMEDIATE unless
    told DEFERRED): the write would queue behind its own request for busy_timeout, then fail."""
    if not session.in_transaction():
        return True
    bind = session.get_bind()
    return bind.dialect.name != "sqlite" or bind.get_execution_options().get("sqlite_begin") == "DEFERRED"


def _write_aside(session: Session, statement, *, what: str) -> None:
    """Run one write in its own short transaction on a fresh Session from the caller's engine (skipped
    when that could wait on the caller's own lock, see `_may_write_aside`); a busy database is logged,
    never raised."""
    if not _may_write_aside(session):
        log.info("did not %s: the caller's transaction may hold the write lock", what)
        return
    bind = session.get_bind()
    if bind.dialect.name == "sqlite":  # take the write lock at BEGIN, waiting for it within busy_timeout
        bind = bind.execution_options(sqlite_begin="IMMEDIATE")
    try:
        with Session(bind) as side:
            side.exec(statement)
            side.commit()
    except (OperationalError, PoolTimeout) as error:
        log.warning("could not %s: %s", what, error.__class__.__name__)


# --- API tokens -------------------------------------------------------------------------------

TOKEN_MAX_DAYS = 3650


@dataclass(frozen=True)
class TokenInfo:
    """One API token as the team screen and the CLI show it (never the token itself)."""

    id: int
    prefix: str
    user_id: int
    username: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    status: str  # "active", "expired" or "revoked"


def token_status(row: ApiToken, now: datetime | None = None) -> str:
    """'revoked', 'expired' or 'active'."""
    if row.revoked_at is not None:
        return "revoked"
    if row.expires_at is not None and row.expires_at <= (now or utcnow()):
        return "expired"
    return "active"


def create_token(
    session: Session, *, user: User, actor: User | None = None, expires_in_days: int | None = None
) -> str:
    """Issue a bearer token for `user`, valid until revoked or, given `expires_in_days`, until then.
    Only its hash is stored; the token is shown once.

    :raise Invalid: `expires_in_days` is not 1 to 3650.
    """
    require_role(actor, "admin", "create API tokens", command_line=True)
    if expires_in_days is not None and not 1 <= expires_in_days <= TOKEN_MAX_DAYS:
        raise Invalid(
            f"A token expires after 1 to {TOKEN_MAX_DAYS} days, or never.",
            fields={"expires_days": f"1 to {TOKEN_MAX_DAYS}"},
        )
    token = "fc_" + secrets.token_urlsafe(32)
    now = utcnow()
    expires_at = now + timedelta(days=expires_in_days) if expires_in_days is not None else None
    row = ApiToken(
        user_id=user.id, token_hash=_sha256(token), prefix=token[:10], created_at=now, expires_at=expires_at
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="token.create",
        object_type="api_token",
        object_id=row.id,
        after={"user_id": user.id, "prefix": row.prefix, "expires_at": iso(expires_at)},
    )
    session.commit()
    return token


def list_tokens(session: Session, *, user_id: int | None = None) -> list[TokenInfo]:
    """Every API token (or one member's), by owner, newest first."""
    query = select(ApiToken, User.username).join(User, User.id == ApiToken.user_id)
    if user_id is not None:
        query = query.where(ApiToken.user_id == user_id)
    now = utcnow()
    rows = session.exec(query.order_by(User.username, ApiToken.created_at.desc(), ApiToken.id.desc())).all()
    return [
        TokenInfo(
            id=row.id,
            prefix=row.prefix,
            user_id=row.user_id,
            username=username,
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
            status=token_status(row, now),
        )
        for row, username in rows
    ]


def get_token(session: Session, *, token_id: int) -> ApiToken:
    """:raise NotFound: no API token with that id."""
    row = session.get(ApiToken, token_id) if 0 < token_id <= MAX_ID else None
    if row is None:
        raise NotFound(f"No API token with id {token_id}.")
    return row


def find_token(session: Session, *, prefix_or_id: str) -> ApiToken:
    """The token with this id, or with this prefix (its first 10 characters, 'fc_…'), or this whole token.

    :raise NotFound: none matches. :raise Conflict: two tokens share the prefix (use the id).
    """
    ref = (prefix_or_id or "").strip()
    if ref.isascii() and ref.isdigit():
        return get_token(session, token_id=int(ref))
    if len(ref) > 10 and ref.startswith("fc_"):
        rows = session.exec(select(ApiToken).where(ApiToken.token_hash == _sha256(ref))).all()
    else:
        rows = session.exec(select(ApiToken).where(ApiToken.prefix == ref)).all()
    if not rows:
        raise NotFound(f"No API token with id or prefix {ref[:40]!r}.")
    if len(rows) > 1:
        ids = ", ".join(str(row.id) for row in rows)
        raise Conflict(f"{len(rows)} API tokens start with {ref!r} (ids {ids}): give the id.")
    return rows[0]


def revoke_token(session: Session, *, token_id: int, actor: User | None) -> ApiToken:
    """Revoke an API token for good (audited). Anyone may revoke their own; an admin, anyone's.
    `actor` None is the command line, run by whoever runs the server.

    :raise NotFound: no such token. :raise Forbidden: someone else's token and the actor is no admin.
    :raise Conflict: it is already revoked.
    """
    require_role(actor, "read", "revoke API tokens", command_line=True)
    row = get_token(session, token_id=token_id)
    if actor is not None and actor.id != row.user_id and actor.role != "admin":
        raise Forbidden("Only an admin may revoke someone else's API token.")
    now = utcnow()
    # one conditional UPDATE, so that of two simultaneous revocations exactly one succeeds
    result = session.exec(
        update(ApiToken).where(ApiToken.id == row.id, ApiToken.revoked_at.is_(None)).values(revoked_at=now)
    )
    if result.rowcount != 1:
        session.rollback()
        prefix, revoked_at = row.prefix, row.revoked_at  # reloaded: who revoked it first wrote these
        session.rollback()
        raise Conflict(
            f"The API token {prefix}… was already revoked at {iso(revoked_at)}.", code="already_revoked"
        )
    audit.record(
        session,
        actor=actor,
        action="token.revoke",
        object_type="api_token",
        object_id=row.id,
        before={"revoked_at": None},
        after={"revoked_at": iso(now), "user_id": row.user_id, "prefix": row.prefix},
    )
    session.commit()
    return row


def user_for_token(session: Session, *, token: str) -> User | None:
    """The active user owning this token, else None: unknown, revoked and expired tokens sign nobody in.
    The token's last use is recorded at most once a minute (see `_touch`)."""
    now = utcnow()
    # read before the caller's session begins its transaction: see _touch for why
    with _read_aside(session) as side:
        found = side.exec(
            select(ApiToken, User.active)
            .join(User, User.id == ApiToken.user_id)
            .where(ApiToken.token_hash == _sha256(token))
        ).first()
    if found is None or not found[1] or token_status(found[0], now) != "active":
        return None
    row = found[0]
    if _due(row.last_used_at, now):
        _touch(session, ApiToken, row.id, "last_used_at", now)
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None
