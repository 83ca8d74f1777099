"""The evidence panel's actions on the claim screen: add, edit, remove. Each answers with a redirect back
to the claim screen; when something is refused, what the reviewer typed comes back in the form."""

from flask import flash, redirect, render_template, request, url_for

from ...db import get_session
from ...errors import DomainError, NotFound
from ...models import STANCES, Source
from ...permissions import current_actor, requires
from ...services import claims, evidence
from ...services.claim_rules import check_content_change
from . import bp
from .forms import EvidenceForm, RemoveEvidenceForm


def _version(form) -> int | None:
    raw = (form.version.data or "").strip()
    return int(raw) if raw.isdigit() else None


def _form_errors(form) -> str:
    return (
        "; ".join(
            f"{getattr(form, name).label.text}: {', '.join(errors)}"
            for name, errors in form.errors.items()
            if name != "csrf_token" and hasattr(getattr(form, name, None), "label")
        )
        or "The form expired; please try again."
    )


def _back(claim_id: int, form: EvidenceForm | None = None, anchor: str = "evidence"):
    """To the claim screen; with `form`, its values prefill the add form again."""
    keep = {}
    if form is not None:
        keep = {
            "source_id": form.source_id.data or None,
            "stance": form.stance.data or None,
            "quote": (form.quote.data or "")[: evidence.MAX_QUOTE] or None,
            "locator": (form.locator.data or "")[: evidence.MAX_LOCATOR] or None,
        }
    return redirect(url_for("claims.show", claim_id=claim_id, _anchor=anchor, **keep), code=303)


@bp.route("/claims/<int:claim_id>/evidence", methods=["POST"])
@requires("write")
def add_evidence(claim_id: int):
    db = get_session()
    claim = claims.get_claim(db, claim_id=claim_id)
    form = EvidenceForm(prefix="evidence")
    form.source_id.choices = []
    if not form.validate_on_submit():
        flash("The evidence was not added: " + _form_errors(form), "error")
        return _back(claim.id, form, "evidence-form")
    try:
        evidence.add_evidence(
            db,
            claim_id=claim.id,
            source_id=form.source_id.data,
            stance=form.stance.data,
            quote=form.quote.data or "",
            locator=form.locator.data or "",
            actor=current_actor(),
        )
    except DomainError as error:
        db.rollback()
        flash("The evidence was not added: " + error.message, "error")
        return _back(claim.id, form, "evidence-form")
    flash("Evidence added.", "info")
    return _back(claim.id)


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>", methods=["POST"])
@requires("write")
def edit_evidence(claim_id: int, evidence_id: int):
    db = get_session()
    item = evidence.get_evidence(
        db, claim_id=claims.get_claim(db, claim_id=claim_id).id, evidence_id=evidence_id
    )
    form = EvidenceForm(prefix=f"evidence-{item.id}")
    form.source_id.choices = []
    if not form.validate_on_submit():
        flash("The evidence was not saved: " + _form_errors(form), "error")
        return _back(claim_id, anchor=f"evidence-{item.id}")
    try:
        evidence.edit_evidence(
            db,
            claim_id=claim_id,
            evidence_id=item.id,
            version=_version(form),
            actor=current_actor(),
            source_id=form.source_id.data,
            stance=form.stance.data,
            quote=form.quote.data or "",
            locator=form.locator.data or "",
        )
    except DomainError as error:
        db.rollback()
        flash("The evidence was not saved: " + error.message, "error")
        return _back(claim_id, anchor=f"evidence-{item.id}")
    flash("Evidence saved.", "info")
    return _back(claim_id, anchor=f"evidence-{item.id}")


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>/remove", methods=["POST"])
@requires("write")
def remove_evidence(claim_id: int, evidence_id: int):
    db = get_session()
    form = RemoveEvidenceForm(prefix=f"remove-{evidence_id}")
    if not form.validate_on_submit():
        flash("The evidence was not removed: the form expired; please try again.", "error")
        return _back(claim_id)
    if request.form.get("confirm") != "1":  # one click never removes: say which evidence and what follows
        return _remove_confirmation(claim_id, evidence_id, form)
    try:
        evidence.remove_evidence(
            db,
            claim_id=claim_id,
            evidence_id=evidence_id,
            version=_version(form),
            actor=current_actor(),
        )
    except DomainError as error:
        db.rollback()
        if isinstance(error, NotFound):
            raise
        flash("The evidence was not removed: " + error.message, "error")
        return _back(claim_id)
    flash("Evidence removed (the claim's history keeps it).", "info")
    return _back(claim_id)


def _remove_confirmation(claim_id: int, evidence_id: int, form: RemoveEvidenceForm):
    """The step before removing evidence: which item (stance, source, quote, place) from which claim, what
    is left on the claim, and that the history keeps it, with the one button that removes it."""
    db = get_session()
    claim = claims.get_claim(db, claim_id=claim_id)
    item = evidence.get_evidence(db, claim_id=claim.id, evidence_id=evidence_id)
    try:
        check_content_change(db, claim, current_actor(), "remove its evidence")
    except DomainError as error:
        flash("The evidence was not removed: " + error.message, "error")
        return _back(claim_id)
    rest = [
        other for other, _source in evidence.evidence_for_claim(db, claim_id=claim.id) if other.id != item.id
    ]
    left = {stance: sum(1 for other in rest if other.stance == stance) for stance in STANCES}
    return render_template(
        "sources/remove_evidence.html",
        claim=claim,
        item=item,
        source=db.get(Source, item.source_id),
        left=left,
        verdict=claims.current_verdict(db, claim),
        form=form,
    )
