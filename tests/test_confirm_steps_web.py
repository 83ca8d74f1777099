"""Reopen and remove evidence ask first, server side: a POST without `confirm=1` answers the step page that says
what the move does and changes nothing; the step's own form (with `confirm=1`) acts. The API and CLI stay one
call (their tests are in test_api_claims.py, test_api_sources.py and test_frozen.py)."""

import re
from html import unescape

from sqlmodel import select

from factcheck.models import Claim, Evidence, Verdict
from factcheck.services import corrections

from .workflow_helpers import make_claim


def fresh(db, model, row_id):
    db.rollback()
    db.expire_all()
    return db.get(model, row_id)


def test_reopen_asks_first_and_says_what_it_undoes(client, db, team, login, post_form, make_user):
    claim = make_claim(
        db, team["reviewer"], status="published", proposer=team["reviewer"], approver=make_user("editor")
    )
    verdict_id = claim.verdict_id
    login(team["editor"])
    step = post_form(f"/claims/{claim.id}/reopen", {"version": 1, "note": "The agency <b>revised</b> it."})
    page = step.get_data(as_text=True)
    assert step.status_code == 200 and 'id="reopen-confirm"' in page
    consequences = unescape(
        re.sub(r"<[^>]+>", "", page.split('id="reopen-consequences"')[1].split("</ul>")[0])
    )
    assert "superseded" in consequences and "being checked again" in consequences
    assert "corrections list" in consequences and "The agency <b>revised</b> it." in consequences
    assert "Reviewer Person holds it again" in consequences and "history" in consequences
    assert "&lt;b&gt;revised" in page  # the note is escaped, not markup
    assert (
        'name="confirm" value="1"' in page
        and 'name="note" value="The agency &lt;b&gt;revised&lt;/b&gt; it."' in page
    )
    # nothing changed: still published, the verdict still public, no correction listed
    assert fresh(db, Claim, claim.id).status == "published"
    assert fresh(db, Verdict, verdict_id).state == "published"
    assert corrections.corrections(db) == []

    done = post_form(
        f"/claims/{claim.id}/reopen", {"version": 1, "note": "The agency revised it.", "confirm": "1"}
    )
    assert done.status_code == 302
    row = fresh(db, Claim, claim.id)
    assert (row.status, row.assignee_id) == ("in_progress", team["reviewer"].id)
    assert fresh(db, Verdict, verdict_id).state == "superseded"


def test_a_reviewer_gets_no_reopen_step(client, db, team, login, post_form, make_user):
    claim = make_claim(
        db, team["reviewer"], status="published", proposer=team["reviewer"], approver=make_user("editor")
    )
    login(team["reviewer"])
    refused = post_form(f"/claims/{claim.id}/reopen", {"version": 1, "note": "Mine."})
    assert refused.status_code == 403 and 'id="reopen-confirm"' not in refused.get_data(as_text=True)
    assert fresh(db, Claim, claim.id).status == "published"


def test_reopen_without_a_note_or_in_the_wrong_state_shows_no_step(
    client, db, team, login, post_form, make_user
):
    claim = make_claim(
        db, team["reviewer"], status="published", proposer=team["reviewer"], approver=make_user("editor")
    )
    login(team["editor"])
    no_note = post_form(f"/claims/{claim.id}/reopen", {"version": 1, "note": ""})
    assert no_note.status_code == 422 and 'id="reopen-confirm"' not in no_note.get_data(as_text=True)
    draft = make_claim(db, team["reviewer"])
    wrong_state = post_form(f"/claims/{draft.id}/reopen", {"version": 1, "note": "Why?"})
    assert wrong_state.status_code == 409 and 'id="reopen-confirm"' not in wrong_state.get_data(as_text=True)
    assert fresh(db, Claim, claim.id).status == "published"


def test_remove_evidence_asks_first_naming_the_item_and_the_claim(client, db, team, login, post_form):
    claim = make_claim(db, team["reviewer"], status="in_progress", evidence=("contradicts", "supports"))
    item = db.exec(select(Evidence).where(Evidence.claim_id == claim.id).order_by(Evidence.id)).first()
    login(team["reviewer"])
    screen = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "data-confirm" not in screen.split('class="remove-evidence"')[1].split(">")[0]
    item_id = item.id
    fields = {f"remove-{item.id}-version": item.version}
    step = post_form(f"/claims/{claim.id}/evidence/{item.id}/remove", fields)
    page = step.get_data(as_text=True)
    assert step.status_code == 200 and 'id="remove-evidence-confirm"' in page
    assert f"Remove this evidence from claim {claim.id}?" in page and claim.text in page
    assert "Contradicts:" in page
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert "left with 1 supporting, 0 contradicting and 0 context items" in text
    assert "history keeps this item" in text
    assert 'name="confirm" value="1"' in page and f'name="remove-{item.id}-version"' in page
    assert fresh(db, Evidence, item.id) is not None  # nothing removed yet

    done = post_form(f"/claims/{claim.id}/evidence/{item.id}/remove", fields | {"confirm": "1"})
    assert done.status_code == 303
    db.rollback()
    assert db.exec(select(Evidence.id).where(Evidence.id == item_id)).first() is None


def test_remove_evidence_step_is_refused_where_removing_is(client, db, team, login, post_form, make_user):
    claim = make_claim(
        db, team["reviewer"], status="published", proposer=team["reviewer"], approver=make_user("editor")
    )
    item = db.exec(select(Evidence).where(Evidence.claim_id == claim.id)).first()
    login(team["reviewer"])
    step = post_form(f"/claims/{claim.id}/evidence/{item.id}/remove", {f"remove-{item.id}-version": 1})
    assert step.status_code == 303  # back to the claim with why, no step page
    assert "frozen" in client.get(step.headers["Location"]).get_data(as_text=True)
    missing = post_form(f"/claims/{claim.id}/evidence/999999/remove", {"remove-999999-version": 1})
    assert missing.status_code == 404
    assert fresh(db, Evidence, item.id) is not None
