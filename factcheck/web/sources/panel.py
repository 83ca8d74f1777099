"""What the claim screen's evidence panel (templates/claims/_evidence.html) needs."""

from sqlmodel import Session

from ...models import Claim, User


def evidence_context(session: Session, *, claim: Claim, actor: User | None) -> dict:
    """Template variables for the evidence panel of one claim."""
    return {}
