"""HTML views: one blueprint per area, each a thin layer over the services."""

from flask import Flask


def register_web(app: Flask) -> None:
    from . import admin, articles, auth, claims, inbox, main, queue, reports, sources

    for area in (auth, main, admin, articles, claims, sources, queue, reports, inbox):
        app.register_blueprint(area.bp)
