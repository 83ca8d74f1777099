"""Configuration from the environment with safe defaults. instance/config.py may override."""

import os
import secrets
from pathlib import Path

# scrypt at N=2**17, r=8, p=1: OWASP's floor. werkzeug's default (N=2**15) is below it.
PASSWORD_HASH_METHOD = "scrypt:131072:8:1"  # noqa: S105  (a hash method, not a password)


def _secret_key(instance_path: Path) -> str:
    """FACTCHECK_SECRET_KEY, else a key generated once and kept in instance/ (never in git)."""
    if key := os.environ.get("FACTCHECK_SECRET_KEY"):
        return key
    path = instance_path / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def default_config(instance_path: Path) -> dict:
    """The settings every deployment starts from."""
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "DATABASE_URL": os.environ.get(
            "FACTCHECK_DATABASE_URL", f"sqlite:///{instance_path / 'factcheck.sqlite'}"
        ),
        # the tables' owner, for init-db only; the app itself may then run as a role that cannot rewrite history
        "MIGRATION_DATABASE_URL": os.environ.get("FACTCHECK_MIGRATION_DATABASE_URL", ""),
        "UPLOAD_DIR": str(instance_path / "files"),
        # where uploaded files are kept (services/storage.py): "local" (UPLOAD_DIR) or "s3" (a bucket shared by
        # several app hosts; credentials the standard AWS way: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY...)
        "STORAGE": os.environ.get("FACTCHECK_STORAGE", "local"),
        "S3_BUCKET": os.environ.get("FACTCHECK_S3_BUCKET", ""),
        "S3_ENDPOINT_URL": os.environ.get("FACTCHECK_S3_ENDPOINT_URL", ""),  # empty: AWS itself
        "S3_PREFIX": os.environ.get("FACTCHECK_S3_PREFIX", ""),
        "S3_REGION": os.environ.get("FACTCHECK_S3_REGION", ""),  # empty: AWS_DEFAULT_REGION / AWS_REGION
        # auto, path or virtual; empty: path when S3_ENDPOINT_URL is set, else auto
        "S3_ADDRESSING_STYLE": os.environ.get("FACTCHECK_S3_ADDRESSING_STYLE", ""),
        "MAX_CONTENT_LENGTH": int(os.environ.get("FACTCHECK_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)),
        "MAX_UPLOAD_BYTES": int(os.environ.get("FACTCHECK_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)),
        "MAX_ARTICLE_CHARS": 200_000,
        # Reading one uploaded or fetched file (services/extraction.Budget): more is refused with a 422.
        # An article's text is also held to MAX_ARTICLE_CHARS; EXTRACT_MAX_CHARS is for source documents.
        "EXTRACT_MAX_PAGES": 2_000,
        "EXTRACT_MAX_PARAGRAPHS": 100_000,
        "EXTRACT_MAX_HTML_BYTES": 10_000_000,
        "EXTRACT_MAX_CHARS": 5_000_000,
        "EXTRACT_SECONDS": 5.0,
        "EXTRACT_IN_CHILD": True,  # parse PDF/Word/HTML in a child process killed at EXTRACT_SECONDS
        # a pasted 200,000-character article in a non-Latin script is ~800 KB of form data
        "MAX_FORM_MEMORY_SIZE": 4 * 1024 * 1024,
        "PASSWORD_HASH_METHOD": PASSWORD_HASH_METHOD,
        "LOGIN_THROTTLE_FAILURES": 5,
        "LOGIN_THROTTLE_MINUTES": 15,
        # a sign-in session ends after this long unused, and this long after sign-in whatever happens
        "SESSION_IDLE_MINUTES": int(os.environ.get("FACTCHECK_SESSION_IDLE_MINUTES", 480)),
        "SESSION_MAX_HOURS": int(os.environ.get("FACTCHECK_SESSION_MAX_HOURS", 168)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("FACTCHECK_SECURE_COOKIES", "") == "1",
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "FETCH_ALLOW_PRIVATE": os.environ.get("FACTCHECK_FETCH_ALLOW_PRIVATE", "") == "1",
        "FETCH_TIMEOUT": 10.0,
        "DESK_NAME": os.environ.get("FACTCHECK_DESK_NAME", "Fact-check desk"),
        "DESK_URL": os.environ.get("FACTCHECK_DESK_URL", ""),
        # the public report's byline names the reviewers and editors of its verdicts (a desk's choice)
        "REPORT_SHOW_NAMES": os.environ.get("FACTCHECK_REPORT_SHOW_NAMES", "") == "1",
        # the app's own base URL, the only base of the absolute URLs it writes (factcheck/urls.py)
        "PUBLIC_URL": os.environ.get("FACTCHECK_PUBLIC_URL", ""),
        # host names it answers to, comma-separated; empty: PUBLIC_URL's host and the loopback names
        "TRUSTED_HOSTS": os.environ.get("FACTCHECK_TRUSTED_HOSTS", ""),
        "BEHIND_PROXY": os.environ.get("FACTCHECK_BEHIND_PROXY", "") == "1",
    }
