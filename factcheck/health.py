"""Liveness and readiness, for load balancers, orchestrators and monitoring. No sign-in, no cookie.

- `GET /healthz`: 200 `{"status": "ok"}` while the process can answer at all. It touches nothing else (no
  database, no file), so a database outage never makes a supervisor restart healthy app processes.
- `GET /readyz`: 200 `{"status": "ready", "database": "ok", "migration": REVISION}` when the database answers
  and its schema is at the newest migration this code knows; otherwise 503 in the API's error format with
  Retry-After: `database_unavailable` (no answer) or `migrations_pending` (run `flask init-db`). A load
  balancer sends traffic only to instances that answer it 200.

Both go through the trusted-host check like every route: a probe must send a Host the app answers to
(README, Deployment: a load balancer probing by IP address needs that address in FACTCHECK_TRUSTED_HOSTS,
or a Host header naming the site).
"""

from alembic.script import ScriptDirectory
from flask import Blueprint, Response, current_app, jsonify, make_response
from sqlalchemy import text

from . import db
from .errors import RETRY_AFTER_SECONDS, current_request_id, database_unavailable, error_body
from .permissions import requires
from .services import schema

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@requires("public")
def healthz() -> Response:
    return _no_store(make_response(jsonify({"status": "ok"}), 200))


@bp.get("/readyz")
@requires("public")
def readyz() -> Response:
    engine = db.read_engine(current_app.extensions["factcheck_engine"])  # SQLite: no write lock
    heads = _heads()
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            try:
                current = set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
            except Exception as error:
                if database_unavailable(error) and not _missing_table(error):
                    raise
                current = set()
    except Exception as error:  # noqa: BLE001  (whatever the driver raises when the database is away)
        current_app.logger.warning("readiness: the database does not answer (%s)", error.__class__.__name__)
        return _not_ready("database_unavailable", "The database is not reachable.")
    if current != heads:
        return _not_ready(
            "migrations_pending",
            f"The database schema is at {', '.join(sorted(current)) or 'nothing'}, this code needs "
            f"{', '.join(sorted(heads))}: run `flask --app app init-db`.",
        )
    body = {"status": "ready", "database": "ok", "migration": ", ".join(sorted(heads))}
    return _no_store(make_response(jsonify(body), 200))


def _missing_table(error: Exception) -> bool:
    return "alembic_version" in str(error)


def _heads() -> set[str]:
    """The newest migration(s) of this code, read once per app."""
    if "factcheck_migration_heads" not in current_app.extensions:
        config = schema.alembic_config(current_app.config["DATABASE_URL"])
        current_app.extensions["factcheck_migration_heads"] = set(
            ScriptDirectory.from_config(config).get_heads()
        )
    return current_app.extensions["factcheck_migration_heads"]


def _not_ready(code: str, message: str) -> Response:
    response = make_response(jsonify(error_body(code, message, request_id=current_request_id())), 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return _no_store(response)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response
