"""What the claim screen's evidence panel (templates/claims/_evidence.html) needs.

The add form can arrive prefilled from the query string (?source_id=..&quote=..&locator=..&stance=..),
which is how "Quote this" in a source's document search and "Cite on this claim" in the library land here.
"""

import functools

from flask import request
from sqlmodel import Session
from wtforms import SelectChoice

from ...models import RELIABILITY, SOURCE_KINDS, Claim, Source, User
from ...services import evidence, sources, workflow
from ...services.evidence import STANCE_LABELS
from .forms import EvidenceForm

PICKER_LIMIT = 500


def _source_label(source: Source) -> str:
    return _label(source.title, source.document_symbol, source.reliability)


def _label(title: str, document_symbol: str | None, reliability: str) -> str:
    extra = f" ({document_symbol})" if document_symbol else ""
    return f"{title}{extra} [{reliability}]"


PICK = SelectChoice(0, "Pick a source…")


@functools.lru_cache(maxsize=8)
def _library_choices(rows: tuple[tuple, ...]) -> tuple[SelectChoice, ...]:
    """The picker's choices for list_sources' rows (as plain tuples: id, title, symbol, reliability), kept
    per process for the same rows (the key is every row: never stale); building 500 labels and choices per
    claim screen cost more than reading them."""
    return tuple(SelectChoice(row[0], _label(*row[1:])) for row in rows)


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
        "evidence_balance": evidence.balance(session, claim_id=claim.id, items=items),
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
    extras = []
    for wanted in [prefill.get("source_id")] + [source.id for _, source in items]:
        if wanted and wanted not in known and (extra := session.get(Source, wanted)) is not None:
            extras.append(extra)
            known.add(wanted)
    if prefill.get("source_id") not in known:
        prefill.pop("source_id", None)
    choices = [
        PICK,
        *_library_choices(tuple(map(tuple, library))),
        *(SelectChoice(source.id, _source_label(source)) for source in extras),
    ]
    add_form = EvidenceForm(formdata=None, prefix="evidence", data=prefill)
    add_form.source_id.choices = choices
    context.update(
        evidence_can_write=True,
        evidence_form=add_form,
        # each item's edit and remove forms are written out in templates/claims/_evidence.html
        evidence_max_quote=evidence.MAX_QUOTE,
        evidence_max_locator=evidence.MAX_LOCATOR,
        evidence_prefilled=bool(prefill),
    )
    return context
