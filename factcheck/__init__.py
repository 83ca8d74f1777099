"""factcheck: a web tool for fact-check desks."""

import logging
import os
from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from . import db, guards, idempotency, observability, permissions, security, static_files, urls
from .config import default_config
from .errors import register_error_handlers
from .services import storage

csrf = CSRFProtect()
ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, database engine, security, blueprints, CLI."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("FACTCHECK_INSTANCE_PATH", str(ROOT / "instance")),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(default_config(Path(app.instance_path)))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.update(test_config)
    guards.init_app(app)  # ids in URLs and JSON bodies are bounded, before any blueprint registers a rule
    urls.init_app(app)  # every request's host is checked; inside ProxyFix, so the forwarded one
    if app.config["BEHIND_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    # request ids, one log line per request, the body limit on chunked bodies, the last error safety net:
    # outermost of all the WSGI layers (see observability.py)
    observability.init_app(app)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # migrations speak only when something is wrong

    app.extensions["factcheck_engine"] = db.make_engine(app.config["DATABASE_URL"])
    wait = float(app.config.get("DB_WAIT_SECONDS", os.environ.get("FACTCHECK_DB_WAIT_SECONDS", 20)))
    if wait > 0 and not app.testing:  # a database that is not up yet is waited for, bounded (db.py)
        db.wait_for_database(app.extensions["factcheck_engine"], wait)
    if not app.testing:
        db.refresh_statistics(app.extensions["factcheck_engine"])
    app.teardown_appcontext(db.close_session)  # never raises: a dead connection is dropped (db.py)
    storage.init_app(app)  # a bad storage setting stops the app here, not at the first upload

    # Order matters: the permission guard runs before the CSRF check, so a role that may not use a
    # route is refused with 403 whatever it sends.
    permissions.init_app(app)
    app.before_request(db.end_sign_in_transaction)  # after the guard: see db.py
    csrf.init_app(app)
    security.init_app(app)
    idempotency.init_app(app)  # after the guard, CSRF and input checks: a keyed move is one transaction
    register_error_handlers(app)
    _register_blueprints(app)
    _template_helpers(app)
    static_files.init_app(app)  # stylesheets and scripts under versioned URLs, cached for a year

    from .cli import register_cli

    register_cli(app)
    return app


def _template_helpers(app: Flask) -> None:
    from flask import request, url_for
    from markupsafe import Markup

    @app.context_processor
    def _helpers():
        def nav_link(endpoint: str, label: str) -> Markup:
            """A navigation link, or nothing when the endpoint does not exist."""
            if endpoint not in app.view_functions:
                return Markup("")
            template = (
                '<a href="{}" aria-current="page">{}</a>'
                if request.endpoint == endpoint
                else '<a href="{}">{}</a>'
            )
            return Markup(template).format(url_for(endpoint), label)  # noqa: S704  (format() escapes both)

        return {"nav_link": nav_link, "endpoints": app.view_functions}


def _register_blueprints(app: Flask) -> None:
    from .api import bp as api_bp
    from .health import bp as health_bp
    from .web import register_web

    register_web(app)
    app.register_blueprint(health_bp)
    csrf.exempt(api_bp)  # the API authenticates by bearer token, never by cookie
    app.register_blueprint(api_bp)
