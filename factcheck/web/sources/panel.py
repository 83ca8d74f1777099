"""What the claim screen's evidence panel (templates/claims/_evidence.html) needs.

The add form can arrive prefilled from the query string (?source_id=..&quote=..&locator=..&stance=..),
which is how "Quote this" in a source's document search and "Cite on this claim" in the library land here.
"""

from flask import request
from sqlmodel import Session
from wtforms import SelectChoice

from ...models import RELIABILITY, SOURCE_KINDS, Claim, Source, User
from ...services import evidence, sources, workflow
from ...services.evidence import STANCE_LABELS
from .forms import EvidenceForm, RemoveEvidenceForm

PICKER_LIMIT = 500


def _source_label(source: Source) -> str:
    extra = f" ({source.document_symbol})" if source.document_symbol else ""
    return f"{source.title}{extra} [{source.reliability}]"


def _prefill() -> dict:
    data = {}
    source_id = request.args.get("source_id", type=int)
    if source_id:
        data["source_id"] = source_id
    stance = request.args.get("stance", "")
    if stance in STANCE_LABELS:
        data["stance"] = stance
    for name, limit in (("quote", evidence.MAX_QUOTE), ("locator", evidence.MAX_LOCATOR)):
        if request.args.get(name):
            data[name] = request.args[name][:limit]
    return data


def evidence_context(session: Session, *, claim: Claim, actor: User | None) -> dict:
    """Template variables for the evidence panel of one claim (all named evidence_*)."""
    items = evidence.evidence_for_claim(session, claim_id=claim.id)
    context = {
        "evidence_items": items,
        "evidence_balance": evidence.balance(session, claim_id=claim.id),
        "evidence_stances": STANCE_LABELS,
        "evidence_reliability": RELIABILITY,
        "evidence_kinds": SOURCE_KINDS,
        "evidence_can_write": False,
        "evidence_locked": claim.status in workflow.FROZEN_STATES,
    }
    if not evidence.may_change(session, claim, actor):
        return context
    library = sources.list_sources(session, limit=PICKER_LIMIT)
    prefill = _prefill()
    known = {source.id for source in library}
    for wanted in [prefill.get("source_id")] + [source.id for _, source in items]:
        if wanted and wanted not in known and (extra := session.get(Source, wanted)) is not None:
            library.append(extra)
            known.add(wanted)
    if prefill.get("source_id") not in known:
        prefill.pop("source_id", None)
    choices = [SelectChoice(0, "Pick a source…")] + [
        SelectChoice(source.id, _source_label(source)) for source in library
    ]
    add_form = EvidenceForm(formdata=None, prefix="evidence", data=prefill)
    add_form.source_id.choices = choices
    edit_forms, remove_forms = {}, {}
    for item, _source in items:
        form = EvidenceForm(
            formdata=None,
            prefix=f"evidence-{item.id}",
            data={
                "source_id": item.source_id,
                "stance": item.stance,
                "quote": item.quote,
                "locator": item.locator,
                "version": str(item.version),
            },
        )
        form.source_id.choices = choices[1:]
        edit_forms[item.id] = form
        remove_forms[item.id] = RemoveEvidenceForm(
            formdata=None, prefix=f"remove-{item.id}", data={"version": str(item.version)}
        )
    context.update(
        evidence_can_write=True,
        evidence_form=add_form,
        evidence_edit_forms=edit_forms,
        evidence_remove_forms=remove_forms,
        evidence_prefilled=bool(prefill),
    )
    return context
