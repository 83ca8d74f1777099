"""Team members, their sign-in sessions, API tokens and failed sign-ins."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from ..timeutil import utcnow

ROLES = ("viewer", "reviewer", "editor", "admin")


class UserBase(SQLModel):
    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(default="", max_length=128)
    role: str = Field(default="viewer", max_length=16)
    active: bool = True


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=256)
    created_at: datetime = Field(default_factory=utcnow)
    password_changed_at: datetime = Field(default_factory=utcnow)

    # Flask-Login protocol. get_id() returns the sign-in session's token, not the user id,
    # so that ending a session on the server makes a copied cookie worthless.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return getattr(self, "_session_token", None)

    @property
    def name(self) -> str:
        return self.display_name or self.username


class LoginSession(SQLModel, table=True):
    """One browser sign-in. The cookie holds the token; the table holds its hash."""

    __tablename__ = "login_session"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime | None = None  # for idle expiry; updated at most once a minute
    ended_at: datetime | None = None


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    prefix: str = Field(max_length=12)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    expires_at: datetime | None = None  # None: until revoked
    revoked_at: datetime | None = None


class LoginFailure(SQLModel, table=True):
    """A failed sign-in, kept to throttle guessing."""

    __tablename__ = "login_failure"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=128, index=True)
    remote_addr: str = Field(default="", max_length=64, index=True)
    at: datetime = Field(default_factory=utcnow, index=True)
