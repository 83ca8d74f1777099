"""Stylesheets and scripts under versioned URLs, kept by browsers for a year.

Every `url_for("static", filename=...)` gets `?v=<digest of the file's content>`, and a request that names the
file's current digest is answered with `Cache-Control: public, max-age=<a year>`. Without this a browser asked
again for each stylesheet and script on every page (a conditional request through the whole app, answered 304);
now it asks once. A changed file has a new digest, so a new URL: nobody keeps an old stylesheet. A request with
no version or an old one is still answered, with the default (revalidate every time).
"""

import hashlib
import os

from flask import Flask, request
from werkzeug.security import safe_join

A_YEAR = 365 * 24 * 3600


class Versions:
    """filename -> the first 12 hex digits of its content's SHA-256; read again when the file changes."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.known: dict[str, tuple[tuple[int, int], str]] = {}  # filename -> ((mtime_ns, size), digest)

    def of(self, filename: object) -> str | None:
        path = safe_join(self.folder, filename) if isinstance(filename, str) else None
        try:
            stat = os.stat(path) if path else None
        except OSError:
            return None
        if stat is None:
            return None
        seen = (stat.st_mtime_ns, stat.st_size)
        cached = self.known.get(filename)
        if cached and cached[0] == seen:
            return cached[1]
        with open(path, "rb") as file:
            digest = hashlib.sha256(file.read()).hexdigest()[:12]
        self.known[filename] = (seen, digest)
        return digest


def init_app(app: Flask) -> None:
    versions = Versions(app.static_folder)
    default_max_age = app.get_send_file_max_age

    @app.url_defaults
    def add_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values:
            digest = versions.of(values.get("filename"))
            if digest:
                values["v"] = digest

    def max_age(filename: str | None) -> int | None:
        asked = request.args.get("v") if request.endpoint == "static" else None
        if asked and asked == versions.of(filename):
            return A_YEAR
        return default_max_age(filename)

    app.get_send_file_max_age = max_age
