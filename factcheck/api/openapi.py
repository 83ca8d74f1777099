"""GET /api/v1/openapi.json: a description of the API, built from factcheck/api/openapi.json."""

import json
from pathlib import Path

from flask import jsonify

from ..permissions import requires
from . import bp

SPEC = Path(__file__).with_name("openapi.json")


@bp.route("/openapi.json")
@requires("public")
def openapi():
    return jsonify(json.loads(SPEC.read_text()))
