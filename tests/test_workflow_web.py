"""The claim screen: article context, the forms each role sees, the warning flow, stale saves, corrections."""

from factcheck.models import Claim
from factcheck.services import claims as claim_service
from factcheck.services import workflow

from .workflow_helpers import make_article, make_claim


def fresh(db, claim_id):
    db.rollback()
    db.expire_all()
    return db.get(Claim, claim_id)


def test_the_screen_shows_the_sentence_in_its_paragraph(client, db, team, login):
    article = make_article(db, team["reviewer"])
    text = "A report by the housing agency said rents rose by 12 percent."
    revision_text = "The council said 300 homes were built last year.\n\n" + text + " Critics disagreed."
    start = revision_text.index(text)
    claim = claim_service.create_claim(
        db,
        article_id=article.id,
        text="Rents rose by 12 percent.",
        start=start,
        end=start + len(text),
        actor=team["reviewer"],
    )
    login(team["viewer"])
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert f'<mark class="claim-span">{text}</mark> Critics disagreed.' in html
    assert "The council said" not in html  # only the claim's paragraph
    assert 'id="verdict-form"' not in html and 'id="take-form"' not in html  # a viewer only reads


def test_reviewer_takes_and_proposes_through_the_forms_with_the_warning(client, db, team, login, post_form):
    claim = make_claim(db, team["reviewer"], evidence=("supports",))
    login(team["reviewer"])
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert 'id="take-form"' in html
    assert post_form(f"/claims/{claim.id}/take", {"version": 1}).status_code == 302
    data = {"version": 2, "rating": "false", "rationale": "The *agency* says <script>x</script>"}
    warned = post_form(f"/claims/{claim.id}/verdict", data)
    page = warned.get_data(as_text=True)
    assert warned.status_code == 422
    assert "goes against the evidence" in page and 'name="override_reason"' in page
    assert "The *agency* says &lt;script&gt;x&lt;/script&gt;" in page  # the rationale typed is kept, escaped
    done = post_form(f"/claims/{claim.id}/verdict", data | {"override_reason": "The source is the claimant."})
    assert done.status_code == 302
    assert fresh(db, claim.id).status == "in_review"
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "<em>agency</em>" in html and "<script>x" not in html  # Markdown rendered, HTML not


def test_a_stale_form_is_refused_and_shows_both_versions(client, db, team, login, post_form):
    claim = make_claim(db, team["reviewer"], status="in_progress")
    workflow.release(db, claim_id=claim.id, actor=team["editor"])  # someone else changed it meanwhile
    login(team["reviewer"])
    response = post_form(
        f"/claims/{claim.id}/verdict", {"version": 1, "rating": "false", "rationale": "My careful rationale."}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed by Editor Person at" in page
    assert "Your version (not saved)" in page and "Current version" in page
    assert "My careful rationale." in page
    assert fresh(db, claim.id).status == "open"


def test_editor_returns_with_a_required_comment_then_approves(client, db, team, login, post_form, make_user):
    claim = make_claim(db, team["reviewer"], status="in_review", proposer=team["reviewer"])
    login(team["editor"])
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert 'id="approve-form"' in html and 'id="return-form"' in html
    refused = post_form(f"/claims/{claim.id}/return", {"version": 1, "comment": ""})
    assert refused.status_code == 422 and fresh(db, claim.id).status == "in_review"
    assert post_form(f"/claims/{claim.id}/return", {"version": 1, "comment": "Cite p. 4."}).status_code == 302
    assert fresh(db, claim.id).status == "in_progress"
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Cite p. 4." in html and "returned the verdict" in html


def test_own_verdict_offers_no_approve_and_a_forged_post_is_refused(client, db, team, login, post_form):
    claim = make_claim(db, team["editor"], status="in_review", proposer=team["editor"])
    login(team["editor"])
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert 'id="approve-form"' not in html and "four eyes" in html
    response = post_form(f"/claims/{claim.id}/approve", {"version": 1})
    assert response.status_code == 403 and "four eyes" in response.get_data(as_text=True)
    assert fresh(db, claim.id).status == "in_review"


def test_reopen_and_the_public_corrections_page(client, db, team, login, post_form, make_user):
    claim = make_claim(
        db, team["reviewer"], status="published", proposer=team["reviewer"], approver=make_user("editor")
    )
    login(team["editor"])
    assert (
        post_form(
            f"/claims/{claim.id}/reopen", {"version": 1, "note": "The agency revised it.", "confirm": "1"}
        ).status_code
        == 302
    )
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Earlier verdicts" in html and "The agency revised it." in html
    anonymous = client.application.test_client()
    public = anonymous.get("/corrections")
    assert public.status_code == 200
    assert "The agency revised it." in public.get_data(as_text=True) and claim.text in public.get_data(
        as_text=True
    )


def test_comments_and_plan(client, db, team, login, post_form):
    claim = make_claim(db, team["reviewer"])
    login(team["editor"])
    assert post_form(f"/claims/{claim.id}/comments", {"body": "Call the **agency**"}).status_code == 302
    assert (
        post_form(
            f"/claims/{claim.id}/plan", {"version": 1, "priority": "4", "due_date": "2031-05-01"}
        ).status_code
        == 302
    )
    row = fresh(db, claim.id)
    assert (row.priority, row.due_date.isoformat(), row.version) == (4, "2031-05-01", 2)
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "<strong>agency</strong>" in html and "commented" in html
