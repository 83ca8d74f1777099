"""Absolute URLs, and the host names the app answers to.

PUBLIC_URL (FACTCHECK_PUBLIC_URL, e.g. https://factcheck.example.org, with the path prefix if the app is
mounted below one) is the app's own base URL: every absolute URL the app writes (ClaimReview `url`, the
report's canonical link, the API's links) is built by `public_url` from it. DESK_URL is something else:
the desk's home page, named as the publisher in ClaimReview, never a base for the app's own URLs.

Without PUBLIC_URL (development, tests) absolute URLs use the request's host, which is safe because every
request's host is checked first against TRUSTED_HOSTS (FACTCHECK_TRUSTED_HOSTS; default: PUBLIC_URL's host,
localhost, 127.0.0.1, ::1; the port is not part of the check). With FACTCHECK_BEHIND_PROXY=1 the checked
host is the proxy's X-Forwarded-Host. A request for any other, or a malformed, host gets 400 in the app's
usual error format, on every route (static files and 404s too), and never sees the host it sent: the
refused value is replaced before Flask reads it, so no URL, page or header can repeat it.

Flask 3.1's own TRUSTED_HOSTS check is not used (the key is consumed here and reset to None): with
Werkzeug 3.1 it can never trust an IPv6 literal such as [::1] (it cuts the trusted name at its first ':'),
it compares names case-sensitively, and a refused request has no URL adapter, so an error page that links
anywhere fails with a 500 instead of the 400.
"""

import ipaddress
import re
from urllib.parse import quote, urlsplit

from flask import Flask, current_app, has_request_context, request, url_for
from werkzeug.exceptions import BadRequest

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
REFUSED = "factcheck.untrusted_host"  # environ key: this request's host was refused
FALLBACK_HOST = "localhost"
_HOST = re.compile(r"(?P<name>[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{1,5}))?", re.IGNORECASE)


class UntrustedHost(BadRequest):
    """400: the Host (or, behind the proxy, X-Forwarded-Host) is not one this app answers to."""

    factcheck_code = "untrusted_host"
    description = "This site does not answer to that host name."


class NoPublicURL(RuntimeError):
    """An absolute URL was needed outside a request and PUBLIC_URL is not set."""


def host_name(value: str | None) -> str | None:
    """The lower-case host name of a Host header value ("Example.org:8080" -> "example.org", "[::1]:5000"
    -> "::1"), or None when it is missing or malformed (bad characters, a port outside 1..65535)."""
    match = _HOST.fullmatch(value or "")
    if match is None:
        return None
    if match["port"] is not None and not 1 <= int(match["port"]) <= 65535:
        return None
    name = match["name"].lower()
    if name.startswith("["):
        try:
            return str(ipaddress.IPv6Address(name[1:-1]))
        except ValueError:
            return None
    return name


def _trusted_entry(entry: str) -> str:
    """One configured trusted host in the form `is_trusted` compares: lower case, no port, IPv6 without
    brackets; a leading "." (any subdomain, and the name itself) is kept."""
    raw = entry.strip()
    suffix = raw.startswith(".")
    text = raw[1:] if suffix else raw
    if text.count(":") > 1 and not text.startswith("["):
        text = f"[{text}]"  # a bare IPv6 address such as ::1
    try:
        text = text.encode("idna").decode("ascii")
    except UnicodeError:
        text = ""
    name = host_name(text)
    if name is None:
        raise ValueError(f"FACTCHECK_TRUSTED_HOSTS: {entry!r} is not a host name")
    return "." + name if suffix else name


def is_trusted(host: str | None, trusted: tuple[str, ...]) -> bool:
    """Whether a Host header value names one of the trusted hosts (whatever its port)."""
    name = host_name(host)
    if name is None:
        return False
    for entry in trusted:
        if entry.startswith("."):
            if name == entry[1:] or name.endswith(entry):
                return True
        elif name == entry:
            return True
    return False


def public_base(value: str | None, *, name: str = "FACTCHECK_PUBLIC_URL") -> str:
    """PUBLIC_URL checked and normalised ("https://Example.org/desk/" -> "https://example.org/desk").
    :raise ValueError: not an http(s) base URL (`name` says which setting)."""
    text = (value or "").strip()
    if not text:
        return ""
    parts = urlsplit(text)
    if (
        parts.scheme not in ("http", "https")
        or host_name(parts.netloc) is None
        or parts.query
        or parts.fragment
        or any(ord(ch) <= 32 for ch in text)
    ):
        raise ValueError(
            f"{name} must be the app's base URL, such as https://factcheck.example.org, not {text!r}"
        )
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def trusted_hosts(app: Flask) -> tuple[str, ...]:
    return app.extensions["factcheck_trusted_hosts"]


def public_url(endpoint: str, *, _base: str | None = None, **values) -> str:
    """The absolute URL of an endpoint (url_for's arguments, `_anchor` too) under PUBLIC_URL, or under
    `_base` when given (the CLI's --base-url). Without either: under the request's host, which has been
    checked against TRUSTED_HOSTS. :raise NoPublicURL: no base and no request."""
    base = public_base(_base) if _base else current_app.config.get("PUBLIC_URL") or ""
    if not base:
        if not has_request_context():
            raise NoPublicURL("No base for absolute URLs: set FACTCHECK_PUBLIC_URL (or pass --base-url).")
        return url_for(endpoint, _external=True, **values)
    anchor = values.pop("_anchor", None)
    method = values.pop("_method", None)
    for ignored in ("_external", "_scheme"):
        values.pop(ignored, None)
    current_app.inject_url_defaults(endpoint, values)
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    url = adapter.build(endpoint, values, method=method, force_external=True)
    if anchor is not None:
        url += "#" + quote(anchor, safe="%!#$&'()*+,/:;=?@")  # as url_for quotes it
    return url


class TrustedHostMiddleware:
    """WSGI: a request whose host is not trusted is passed on with a harmless host (PUBLIC_URL's, else
    localhost) and marked, so `refuse_untrusted_host` answers 400 before anything else runs. Sits inside
    ProxyFix, so behind a proxy it checks the forwarded host."""

    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST")
        if host is None and environ.get("SERVER_NAME"):  # HTTP/1.0 without Host: the server's own name
            host = f"{environ['SERVER_NAME']}:{environ.get('SERVER_PORT') or 80}"
        if not is_trusted(host, trusted_hosts(self.app)):
            self.app.logger.warning(
                "refused a request for host %r (not in FACTCHECK_TRUSTED_HOSTS)", (host or "")[:100]
            )
            public = urlsplit(self.app.config.get("PUBLIC_URL") or "").netloc
            environ = {**environ, "HTTP_HOST": public or FALLBACK_HOST, REFUSED: True}
        return self.wsgi_app(environ, start_response)


def refuse_untrusted_host():
    """before_request, first of all: 400 for a request the middleware marked."""
    if request.environ.get(REFUSED):
        raise UntrustedHost()


def init_app(app: Flask) -> None:
    """Check PUBLIC_URL and TRUSTED_HOSTS, and check every request's host. Call before ProxyFix wraps
    app.wsgi_app and before any other before_request function is registered."""
    app.config["PUBLIC_URL"] = public_base(app.config.get("PUBLIC_URL"))
    configured = app.config.get("TRUSTED_HOSTS")
    if isinstance(configured, str):
        configured = configured.split(",")
    entries = [entry for entry in (configured or []) if entry.strip()]
    if not entries:
        public = urlsplit(app.config["PUBLIC_URL"]).netloc
        entries = [*([public] if public else []), *LOCAL_HOSTS]
    app.extensions["factcheck_trusted_hosts"] = tuple(dict.fromkeys(_trusted_entry(e) for e in entries))
    app.config["TRUSTED_HOSTS"] = None  # Flask's own check stays off (see the module's docstring)
    app.wsgi_app = TrustedHostMiddleware(app, app.wsgi_app)
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_untrusted_host)
    app.jinja_env.globals["public_url"] = public_url
