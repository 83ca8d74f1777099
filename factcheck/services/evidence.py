"""Evidence: the link between one claim and one source, with a stance, a quoted passage and a locator.

Every change is recorded in the claim's history (before/after) and bumps the claim's version. Who may change
evidence is the workflow's content rule (frozen once published or not checkable; in review, only the holder
and editors). Each item carries its own version: an edit or removal based on an older one is refused with
409, never applied last-write-wins.
"""

from dataclasses import dataclass, field

from sqlmodel import Session, select

from ..errors import Conflict, Invalid, NotFound
from ..models import RELIABILITY, STANCES, AuditEvent, Claim, Evidence, Rating, Source, User, Verdict
from ..models.sources import MAX_LOCATOR, MAX_QUOTE
from ..timeutil import iso
from . import audit
from .claims import check_version, get_claim, touch
from .roles import require_role
from .workflow import check_content_change, may_change_content

STANCE_LABELS = {"supports": "Supports", "contradicts": "Contradicts", "context": "Context"}


def may_change(session: Session, claim: Claim, actor: User | None) -> bool:
    """Whether `actor` may add, edit or remove evidence on `claim` now (to show or hide the controls)."""
    return may_change_content(session, claim, actor)


def _editable_claim(session: Session, claim_id: int, version, actor: User | None, what: str) -> Claim:
    claim = get_claim(session, claim_id=claim_id, for_update=True)  # evidence changes bump its version
    check_content_change(session, claim, actor, what)
    if version is not None:
        check_version(session, claim, version)
    return claim


def _check_evidence_version(session: Session, evidence: Evidence, version) -> None:
    """:raise Invalid: no version. :raise Conflict: someone changed this item since `version`."""
    if isinstance(version, bool) or not isinstance(version, int):
        raise Invalid(
            "Send the evidence item's version you based your change on.",
            fields={"version": "required, a whole number"},
        )
    if version == evidence.version:
        return
    last = session.exec(
        select(AuditEvent, User)
        .join(User, User.id == AuditEvent.actor_id, isouter=True)
        .where(AuditEvent.object_type == "evidence", AuditEvent.object_id == evidence.id)
        .order_by(AuditEvent.id.desc())
    ).first()
    who = last[1].name if last and last[1] else "someone"
    when = f" at {iso(last[0].at)}" if last else ""
    raise Conflict(
        f"This evidence was changed by {who}{when} (version {evidence.version}; you edited version "
        f"{version}). Reload to see their change; yours was not saved.",
        fields={"version": f"current version is {evidence.version}"},
        code="stale_version",
    )


def _clean(session: Session, data: dict) -> dict:
    """Validated evidence fields (only the keys present). :raise Invalid."""
    fields: dict[str, str] = {}
    out: dict = {}
    if "source_id" in data:
        source_id = data["source_id"]
        if isinstance(source_id, str) and source_id.strip().isdigit():
            source_id = int(source_id)
        if isinstance(source_id, bool) or not isinstance(source_id, int):
            fields["source_id"] = "required: the id of a source in the library"
        elif session.get(Source, source_id) is None:
            fields["source_id"] = f"there is no source {source_id}"
        out["source_id"] = source_id
    if "stance" in data:
        stance = data["stance"].strip().lower() if isinstance(data["stance"], str) else data["stance"]
        if stance not in STANCES:
            fields["stance"] = "one of " + ", ".join(STANCES)
        out["stance"] = stance
    for name, limit in (("quote", MAX_QUOTE), ("locator", MAX_LOCATOR)):
        if name in data:
            value = data[name] if data[name] is not None else ""
            if not isinstance(value, str):
                fields[name] = "must be text"
                continue
            value = value.strip() if name == "locator" else value.strip("\r\n\t ")
            if len(value) > limit:
                fields[name] = f"at most {limit} characters"
            out[name] = value
    if fields:
        raise Invalid.of_fields("The evidence cannot be saved", fields)
    return out


def _snapshot(evidence: Evidence) -> dict:
    return {
        "evidence_id": evidence.id,
        "source_id": evidence.source_id,
        "stance": evidence.stance,
        "quote": evidence.quote,
        "locator": evidence.locator,
    }


def add_evidence(
    session: Session,
    *,
    claim_id: int,
    source_id: int,
    stance: str,
    actor: User,
    quote: str = "",
    locator: str = "",
    version: int | None = None,
) -> Evidence:
    """Cite a source on a claim with a stance (supports, contradicts, context), a quote and a locator.

    :raise NotFound: no such claim. :raise Forbidden: the content rule refuses it.
    :raise Invalid: unknown source, bad stance, quote or locator too long.
    :raise Conflict: `version` (the claim's, when given) is stale, or the claim is frozen.
    """
    require_role(actor, "write", "add evidence")
    claim = _editable_claim(session, claim_id, version, actor, "add evidence")
    data = _clean(session, {"source_id": source_id, "stance": stance, "quote": quote, "locator": locator})
    evidence = Evidence(claim_id=claim.id, created_by_id=actor.id, **data)
    session.add(evidence)
    session.flush()
    touch(claim, actor)
    audit.record(
        session, actor=actor, action="evidence.add", object_type="evidence", object_id=evidence.id,
        claim_id=claim.id, after=_snapshot(evidence),
    )  # fmt: skip
    session.commit()
    return evidence


def get_evidence(session: Session, *, claim_id: int, evidence_id: int) -> Evidence:
    """:raise NotFound: no such evidence on that claim."""
    evidence = session.get(Evidence, evidence_id)
    if evidence is None or evidence.claim_id != claim_id:
        raise NotFound(f"Claim {claim_id} has no evidence {evidence_id}.")
    return evidence


def edit_evidence(
    session: Session, *, claim_id: int, evidence_id: int, actor: User, version: int | None = None, **changes
) -> Evidence:
    """Change an evidence item's source, stance, quote or locator (only the fields given); `version` is the
    item's version the change is based on.

    :raise NotFound: no such claim or evidence. :raise Forbidden: the content rule refuses it.
    :raise Invalid: no version, an unknown field or a bad value.
    :raise Conflict: stale `version`, or a frozen claim.
    """
    require_role(actor, "write", "edit evidence")
    claim = _editable_claim(session, claim_id, None, actor, "change its evidence")
    evidence = get_evidence(session, claim_id=claim.id, evidence_id=evidence_id)
    _check_evidence_version(session, evidence, version)
    unknown = set(changes) - {"source_id", "stance", "quote", "locator"}
    if unknown:
        raise Invalid(
            f"These fields cannot be edited: {', '.join(sorted(unknown))}.",
            fields=dict.fromkeys(unknown, "not editable"),
        )
    data = _clean(session, changes)
    before = _snapshot(evidence)
    for name, value in data.items():
        setattr(evidence, name, value)
    after = _snapshot(evidence)
    if before == after:
        return evidence
    evidence.version += 1
    touch(claim, actor)
    audit.record(
        session, actor=actor, action="evidence.edit", object_type="evidence", object_id=evidence.id,
        claim_id=claim.id, before=before, after=after,
    )  # fmt: skip
    session.commit()
    return evidence


def remove_evidence(
    session: Session, *, claim_id: int, evidence_id: int, actor: User, version: int | None = None
) -> None:
    """Take an evidence item off a claim (the history keeps what it was); `version` is the item's version.

    :raise NotFound: no such claim or evidence. :raise Forbidden: the content rule refuses it.
    :raise Invalid: no version. :raise Conflict: stale `version`, or a frozen claim.
    """
    require_role(actor, "write", "remove evidence")
    claim = _editable_claim(session, claim_id, None, actor, "remove its evidence")
    evidence = get_evidence(session, claim_id=claim.id, evidence_id=evidence_id)
    _check_evidence_version(session, evidence, version)
    before = _snapshot(evidence)
    session.delete(evidence)
    touch(claim, actor)
    audit.record(
        session, actor=actor, action="evidence.remove", object_type="evidence", object_id=evidence_id,
        claim_id=claim.id, before=before,
    )  # fmt: skip
    session.commit()


# --- reading ---------------------------------------------------------------------------------------------------


def evidence_for_claim(session: Session, *, claim_id: int) -> list[tuple[Evidence, Source]]:
    """A claim's evidence with its sources, in the order it was added."""
    rows = session.exec(
        select(Evidence, Source)
        .join(Source, Source.id == Evidence.source_id)
        .where(Evidence.claim_id == claim_id)
        .order_by(Evidence.id)
    ).all()
    return [(evidence, source) for evidence, source in rows]


@dataclass
class Side:
    """One stance's share of a claim's evidence: how many distinct sources and their grades (A first)."""

    stance: str
    sources: int = 0
    items: int = 0
    grades: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return STANCE_LABELS[self.stance]


def balance(
    session: Session, *, claim_id: int, items: list[tuple[Evidence, Source]] | None = None
) -> dict[str, Side]:
    """The evidence at a glance: for supports / contradicts / context, the number of distinct sources
    and evidence items, and the sources' reliability grades (sorted A..F, one per source). `items`: the
    claim's evidence_for_claim, when the caller has read it already."""
    sides = {stance: Side(stance) for stance in STANCES}
    seen: dict[str, set[int]] = {stance: set() for stance in STANCES}
    if items is None:
        items = evidence_for_claim(session, claim_id=claim_id)
    for evidence, source in items:
        side = sides.get(evidence.stance)
        if side is None:
            continue
        side.items += 1
        if source.id not in seen[evidence.stance]:
            seen[evidence.stance].add(source.id)
            side.sources += 1
            side.grades.append(source.reliability)
    order = list(RELIABILITY)
    for side in sides.values():
        side.grades.sort(key=lambda grade: order.index(grade) if grade in order else len(order))
    return sides


def balance_dict(session: Session, *, claim_id: int) -> dict:
    """`balance` as plain data: {"supports": {"sources": n, "items": n, "grades": [...]}, ...}."""
    return {
        stance: {"sources": side.sources, "items": side.items, "grades": side.grades}
        for stance, side in balance(session, claim_id=claim_id).items()
    }


@dataclass
class Citation:
    """A claim that cites a source: how (stance, locator) and where the claim stands (status, rating)."""

    claim: Claim
    evidence: Evidence
    rating: Rating | None
    verdict_state: str | None


def claims_citing(session: Session, *, source_id: int) -> list[Citation]:
    """Every claim that cites the source (one entry per evidence item), newest claim first, each with
    its current status and its current verdict's rating and state (None when it has none)."""
    rows = session.exec(
        select(Evidence, Claim, Rating, Verdict.state)
        .join(Claim, Claim.id == Evidence.claim_id)
        .outerjoin(Verdict, Verdict.id == Claim.verdict_id)
        .outerjoin(Rating, Rating.id == Verdict.rating_id)
        .where(Evidence.source_id == source_id)
        .order_by(Claim.id.desc(), Evidence.id)
    ).all()
    return [
        Citation(claim=claim, evidence=evidence, rating=rating, verdict_state=state)
        for evidence, claim, rating, state in rows
    ]
