"""The claims API (API.md): list, detail, PATCH with versions, queue/next, and every workflow move."""

from factcheck.models import Claim

from .workflow_helpers import make_claim


def test_list_and_detail(api, db, team):
    claim = make_claim(db, team["reviewer"], status="in_review", rating="false")
    make_claim(db, team["reviewer"])
    viewer = api("viewer")
    body = viewer.get("/api/v1/claims?status=in_review").get_json()
    assert body["total"] == 1 and body["page"] == 1
    item = body["items"][0]
    assert (item["id"], item["rating"], item["proposed_by"], item["status"]) == (
        claim.id,
        "false",
        "reviewer",
        "in_review",
    )
    assert viewer.get("/api/v1/claims?rating=false&per_page=1&page=1").get_json()["total"] == 1
    assert viewer.get("/api/v1/claims?status=lost").status_code == 422
    assert viewer.get("/api/v1/claims?page=zero").status_code == 422
    detail = viewer.get(f"/api/v1/claims/{claim.id}").get_json()
    assert {"evidence", "version", "assignee", "approved_by"} <= set(detail)
    assert viewer.get("/api/v1/claims/999").status_code == 404


def test_patch_needs_current_version_and_answers_409_when_stale(api, db, team):
    claim = make_claim(db, team["reviewer"])
    reviewer = api("reviewer")
    assert reviewer.patch(f"/api/v1/claims/{claim.id}", json={"text": "x"}).status_code == 422
    ok = reviewer.patch(f"/api/v1/claims/{claim.id}", json={"version": 1, "text": "Rents rose 12%."})
    assert ok.status_code == 200 and ok.get_json()["version"] == 2
    stale = reviewer.patch(f"/api/v1/claims/{claim.id}", json={"version": 1, "claimant": "Agency"})
    assert stale.status_code == 409
    error = stale.get_json()["error"]
    assert error["code"] == "stale_version" and "changed by Reviewer Person at" in error["message"]
    assert reviewer.patch(f"/api/v1/claims/{claim.id}", json={"version": 2, "priority": 4}).status_code == 403
    editor = api("editor")
    moved = editor.patch(
        f"/api/v1/claims/{claim.id}", json={"version": 2, "priority": 4, "assignee": "reviewer"}
    )
    assert moved.status_code == 200
    assert (moved.get_json()["priority"], moved.get_json()["assignee"], moved.get_json()["status"]) == (
        4,
        "reviewer",
        "in_progress",
    )
    bad = editor.patch(f"/api/v1/claims/{claim.id}", json={"version": 4, "text": "y", "assignee": "viewer"})
    assert bad.status_code == 422
    db.rollback()
    db.expire_all()
    assert db.get(Claim, claim.id).text == "Rents rose 12%."  # nothing half-written


def test_the_whole_workflow_over_the_api(api, db, team, make_user):
    claim = make_claim(db, team["reviewer"], evidence=("supports",))
    reviewer, editor = api("reviewer"), api("editor")
    assert api("viewer").post("/api/v1/queue/next").status_code == 403
    taken = reviewer.post("/api/v1/queue/next")
    assert taken.status_code == 200 and taken.get_json()["assignee"] == "reviewer"
    assert reviewer.post("/api/v1/queue/next").status_code == 204
    url = f"/api/v1/claims/{claim.id}"
    missing = reviewer.post(url + "/verdict", json={"rating": "nope"})  # the body's shape is checked first
    assert missing.status_code == 422 and missing.get_json()["error"]["fields"] == {"rationale": "required"}
    unknown = reviewer.post(url + "/verdict", json={"rating": "nope", "rationale": "No."})  # then the scale
    assert unknown.status_code == 422 and set(unknown.get_json()["error"]["fields"]) == {"rating"}
    warned = reviewer.post(url + "/verdict", json={"rating": "false", "rationale": "No."})
    assert warned.status_code == 422
    assert warned.get_json()["error"]["code"] == "verdict_contradicts_evidence"
    proposed = reviewer.post(
        url + "/verdict", json={"rating": "false", "rationale": "No.", "override_reason": "Biased source."}
    )
    assert proposed.status_code == 200 and proposed.get_json()["status"] == "in_review"
    assert reviewer.post(url + "/approve").status_code == 403
    assert editor.post(url + "/return", json={"comment": ""}).status_code == 422
    returned = editor.post(url + "/return", json={"comment": "Which page?"})
    assert returned.status_code == 200 and returned.get_json()["assignee"] == "reviewer"
    reviewer.post(url + "/verdict", json={"rating": "true", "rationale": "Yes, p. 4."})
    approved = editor.post(url + "/approve")
    assert approved.status_code == 200
    assert (approved.get_json()["status"], approved.get_json()["approved_by"]) == ("published", "editor")
    assert editor.post(url + "/approve").status_code == 409
    reopened = editor.post(url + "/reopen", json={"note": "New figures."})
    assert reopened.status_code == 200 and reopened.get_json()["status"] == "in_progress"
    history = reviewer.get(url + "/history").get_json()["events"]
    actions = [e["action"] for e in history if e["action"].startswith("claim.")]
    assert actions == [
        "claim.create",
        "claim.take",
        "claim.propose",
        "claim.return",
        "claim.propose",
        "claim.approve",
        "claim.reopen",
    ]
    assert {"at", "actor", "action", "before", "after"} <= set(history[-1])
    assert history[-1]["actor"] == "editor"


def test_own_verdict_is_403_and_other_moves(api, db, team):
    editor_claim = make_claim(db, team["editor"], status="in_progress", holder=team["editor"])
    editor = api("editor")
    url = f"/api/v1/claims/{editor_claim.id}"
    assert editor.post(url + "/verdict", json={"rating": "false", "rationale": "No."}).status_code == 200
    own = editor.post(url + "/approve")
    assert own.status_code == 403 and own.get_json()["error"]["code"] == "own_verdict"
    open_claim = make_claim(db, team["reviewer"])
    url = f"/api/v1/claims/{open_claim.id}"
    reviewer = api("reviewer")
    assert reviewer.post(url + "/take").status_code == 200
    assert api("admin").post(url + "/take").status_code == 409
    assert reviewer.post(url + "/release", json={"version": 1}).status_code == 409
    assert reviewer.post(url + "/release").get_json()["status"] == "open"
    assert reviewer.post(url + "/assign", json={"assignee": "reviewer"}).status_code == 403
    assert editor.post(url + "/assign", json={"assignee": "reviewer"}).get_json()["assignee"] == "reviewer"
    assert reviewer.post(url + "/not-checkable", json={}).status_code == 422
    done = reviewer.post(url + "/not-checkable", json={"reason": "Opinion."})
    assert done.status_code == 200 and done.get_json()["status"] == "not_checkable"
    comment = reviewer.post(url + "/comments", json={"body": "Asked the agency."})
    assert comment.status_code == 201 and comment.get_json()["author"] == "reviewer"
    assert api("viewer").post(url + "/comments", json={"body": "x"}).status_code == 403
    assert reviewer.post("/api/v1/claims/999/verdict", json={}).status_code == 404
    assert reviewer.post(url + "/verdict", data="not json").status_code == 422
