"""GET /api/v1/openapi.json: the API's description, generated from the routes and the data models (spec.py)."""

from flask import current_app, jsonify

from ..permissions import requires
from . import bp
from .spec import Content, openapi_document, operation


@bp.route("/openapi.json")
@requires("public")
@operation(
    "This description of the API (OpenAPI 3.1)",
    tag="meta",
    ok={200: Content("application/json", {"type": "object"})},
)
def openapi():
    document = current_app.extensions.get("factcheck_openapi")
    if document is None:  # built once per app: the routes and models do not change while it runs
        document = current_app.extensions["factcheck_openapi"] = openapi_document(current_app)
    return jsonify(document)
