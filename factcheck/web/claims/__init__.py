"""The claim screen (review): the claim in its article, evidence, verdict, comments, history.

The page is assembled from panels, each owned by its area: `panel_context` functions gather what each
partial template needs, so the evidence panel (sources area) and the workflow panels (review area)
evolve separately. The workflow's POST endpoints live in moves.py.
"""

import functools

from flask import Blueprint, render_template

from ...db import get_session
from ...permissions import current_actor, requires
from ...services import claims, markdown
from ...services import corrections as correction_log
from ..sources.panel import evidence_context
from .screen import picker_options, screen_context

bp = Blueprint("claims", __name__)

# Markdown to sanitised HTML is a pure function of the text (services.markdown.render), and a claim screen
# renders the same comments, history notes and rationales every time it is shown: kept per process, by text.
render_markdown = functools.lru_cache(maxsize=4096)(markdown.render)


def render_screen(claim_id: int, *, forms: dict | None = None, stale: dict | None = None, status: int = 200):
    """The claim screen, with `forms` keeping what the person typed and `stale` showing both versions."""
    db = get_session()
    claim = claims.get_claim(db, claim_id=claim_id)
    actor = current_actor()
    context = screen_context(db, claim, actor, forms)
    context.update(evidence_context(db, claim=claim, actor=actor))
    if "evidence_form" in context:
        context["evidence_picker"] = picker_options(context["evidence_form"].source_id)
    context.update(stale=stale, render_markdown=render_markdown)
    return render_template("claims/show.html", **context), status


@bp.route("/claims/<int:claim_id>")
@requires("read")
def show(claim_id: int):
    return render_screen(claim_id)


@bp.route("/corrections")
@requires("public")
def corrections():
    """The public correction log: verdicts that were published, then corrected, with the note."""
    items = correction_log.corrections(get_session())
    return render_template("claims/corrections.html", items=items, render_markdown=markdown.render)


from . import (  # noqa: E402,F401  (the workflow's POST routes, "checked before?" register on bp)
    moves,
    similar_views,
)
