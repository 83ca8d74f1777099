"""Team accounts: creation, roles, passwords, sign-in sessions, API tokens, sign-in throttling."""

import hashlib
import re
import secrets
from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import Session, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..models import ROLES, ApiToken, LoginFailure, LoginSession, User
from ..timeutil import utcnow
from . import audit

PASSWORD_MIN, PASSWORD_MAX = 12, 128
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")
# A hash to check against when the username is unknown, so timing does not reveal which names exist.
_DUMMY_HASH: dict[str, str] = {}


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def validate_password(password: str) -> None:
    """Raise Invalid unless the password is 12 to 128 characters."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise Invalid(
            f"A password must be {PASSWORD_MIN} to {PASSWORD_MAX} characters long.",
            fields={"password": f"{PASSWORD_MIN} to {PASSWORD_MAX} characters"},
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
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


# --- signing in -------------------------------------------------------------------------------


def is_throttled(session: Session, *, username: str, remote_addr: str, failures: int, minutes: int) -> bool:
    """Whether this username, or this address, has failed `failures` times within `minutes`."""
    since = utcnow() - timedelta(minutes=minutes)
    username = normalise_username(username)
    by_name = session.exec(
        select(func.count()).where(LoginFailure.username == username, LoginFailure.at >= since)
    ).one()
    by_addr = session.exec(
        select(func.count()).where(LoginFailure.remote_addr == remote_addr, LoginFailure.at >= since)
    ).one()
    # an address gets more room than a name: a newsroom shares one office address
    return by_name >= failures or by_addr >= failures * 4


def authenticate(session: Session, *, username: str, password: str, remote_addr: str) -> User | None:
    """The active user with that username and password, or None (and the failure is recorded)."""
    user = session.exec(select(User).where(User.username == normalise_username(username))).first()
    if user is None:
        if "hash" not in _DUMMY_HASH:
            _DUMMY_HASH["hash"] = generate_password_hash(secrets.token_hex(8), method="scrypt:131072:8:1")
        check_password_hash(_DUMMY_HASH["hash"], password)
    elif check_password_hash(user.password_hash, password) and user.active:
        return user
    session.add(LoginFailure(username=normalise_username(username)[:128], remote_addr=remote_addr[:64]))
    # keep the table small: failures older than a day no longer count for anything
    session.exec(delete(LoginFailure).where(LoginFailure.at < utcnow() - timedelta(days=1)))
    session.commit()
    return None


def start_session(session: Session, *, user: User) -> str:
    """Open a sign-in session; the returned token goes into the (signed) cookie."""
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(user_id=user.id, token_hash=_sha256(token)))
    # old failures for this name stop counting once the owner signs in
    session.exec(delete(LoginFailure).where(LoginFailure.username == user.username))
    session.commit()
    return token


def user_for_session(session: Session, *, token: str) -> User | None:
    """The active user whose open sign-in session has this token, else None."""
    row = session.exec(
        select(LoginSession, User)
        .join(User, User.id == LoginSession.user_id)
        .where(LoginSession.token_hash == _sha256(token), LoginSession.ended_at.is_(None))
    ).first()
    if row is None or not row[1].active:
        return None
    return row[1]


def end_session(session: Session, *, token: str) -> None:
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == _sha256(token))).first()
    if row and row.ended_at is None:
        row.ended_at = utcnow()
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


# --- API tokens -------------------------------------------------------------------------------


def create_token(session: Session, *, user: User, actor: User | None = None) -> str:
    """Issue a bearer token for `user`. Only its hash is stored; the token is shown once."""
    token = "fc_" + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=_sha256(token), prefix=token[:10])
    session.add(row)
    session.flush()
    audit.record(session, actor=actor, action="token.create", object_type="api_token", object_id=row.id)
    session.commit()
    return token


def user_for_token(session: Session, *, token: str) -> User | None:
    """The active user owning this unrevoked token, else None."""
    row = session.exec(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == _sha256(token), ApiToken.revoked_at.is_(None))
    ).first()
    if row is None or not row[1].active:
        return None
    return row[1]
