"""The screens this round added or changed fit a phone: at 390 px nothing scrolls sideways (the Team
screen with its token list, a returned claim, a published claim's frozen evidence, the corrections list)."""

from factcheck.services import users, workflow

from ..workflow_helpers import make_article, make_claim
from .conftest import browser_sign_in


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_new_screens_fit_390_px(live_server, phone, db, team):
    users.create_token(db, user=team["reviewer"], actor=team["admin"], expires_in_days=30)
    article = make_article(db, team["editor"])
    returned = make_claim(
        db, team["editor"], article_id=article.id, status="in_progress", holder=team["reviewer"]
    )
    workflow.propose(db, claim_id=returned.id, rating="false", rationale="The table.", actor=team["reviewer"])
    workflow.return_verdict(
        db,
        claim_id=returned.id,
        comment="Cite the **agency's own table**, page and row.",
        actor=team["editor"],
    )
    published = make_claim(
        db, team["editor"], article_id=article.id, status="published", proposer=team["reviewer"]
    )
    workflow.reopen(
        db, claim_id=published.id, note="The figure was corrected by the agency.", actor=team["editor"]
    )

    browser_sign_in(phone, live_server, "admin")
    for path in ("/admin/users", f"/claims/{returned.id}", f"/claims/{published.id}", "/corrections"):
        phone.goto(f"{live_server}{path}")
        assert _overflow(phone) <= 0, f"{path} scrolls sideways on a phone"
