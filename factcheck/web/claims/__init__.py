"""The claim screen (review): the claim in its article, evidence, verdict, comments, history.

The page is assembled from panels, each owned by its area: `panel_context` functions gather what each
partial template needs, so the evidence panel (sources area) and the workflow panels (review area)
evolve separately.
"""

from flask import Blueprint, render_template

from ...db import get_session
from ...permissions import current_actor, requires
from ...services import claims
from ..sources.panel import evidence_context

bp = Blueprint("claims", __name__)


@bp.route("/claims/<int:claim_id>")
@requires("read")
def show(claim_id: int):
    db = get_session()
    claim = claims.get_claim(db, claim_id=claim_id)
    actor = current_actor()
    context = {"claim": claim}
    context.update(evidence_context(db, claim=claim, actor=actor))
    return render_template("claims/show.html", **context)
