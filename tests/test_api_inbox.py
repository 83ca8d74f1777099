"""API: GET /api/v1/inbox and POST /api/v1/inbox/read (the caller's own notifications only)."""

from factcheck.services import comments, workflow

from .workflow_helpers import make_claim


def test_the_inbox_lists_what_a_return_and_an_assignment_tell(api, db, team):
    first = make_claim(db, team["reviewer"], status="in_review", proposer=team["reviewer"])
    second = make_claim(db, team["reviewer"])
    reviewer = api("reviewer")
    editor = api("editor")
    assert editor.post(f"/api/v1/claims/{first.id}/return", json={"comment": "Cite p. 4."}).status_code == 200
    assert editor.post(f"/api/v1/claims/{second.id}/assign", json={"assignee": "reviewer"}).status_code == 200
    body = reviewer.get("/api/v1/inbox").get_json()
    assert body["total"] == 2 and body["unread"] == 2 and body["page"] == 1 and body["per_page"] == 25
    newest, oldest = body["items"]
    assert newest["kind"] == "assigned" and newest["claim_id"] == second.id and newest["actor"] == "editor"
    assert oldest["kind"] == "returned" and oldest["body"] == "Cite p. 4." and oldest["read_at"] is None
    assert oldest["claim_text"] == first.text and oldest["created_at"].endswith("Z")
    # the same claim, as the API shows it, still says why it was returned (API.md's `returned`)
    claim = reviewer.get(f"/api/v1/claims/{first.id}").get_json()
    assert claim["status"] == "in_progress" and claim["returned"]["reason"] == "Cite p. 4."
    assert editor.get("/api/v1/inbox").get_json()["total"] == 0


def test_marking_read_by_ids_or_all(api, db, team):
    for _ in range(3):
        claim = make_claim(db, team["reviewer"])
        workflow.assign(db, claim_id=claim.id, assignee="reviewer", actor=team["editor"])
    reviewer = api("reviewer")
    ids = [item["id"] for item in reviewer.get("/api/v1/inbox").get_json()["items"]]
    answer = reviewer.post("/api/v1/inbox/read", json={"ids": ids[:1]})
    assert answer.status_code == 200 and answer.get_json() == {"marked": 1, "unread": 2}
    assert reviewer.post("/api/v1/inbox/read", json={"ids": ids[:1]}).get_json() == {"marked": 0, "unread": 2}
    unread = reviewer.get("/api/v1/inbox?unread=1&per_page=1").get_json()
    assert unread["total"] == 2 and len(unread["items"]) == 1 and unread["items"][0]["read_at"] is None
    read_one = reviewer.get("/api/v1/inbox").get_json()["items"][-1]
    assert read_one["id"] == ids[0] and read_one["read_at"].endswith("Z")  # read ones come last
    assert reviewer.post("/api/v1/inbox/read", json={"all": True}).get_json() == {"marked": 2, "unread": 0}


def test_bad_requests_are_refused_clearly(api, db, team):
    claim = make_claim(db, team["reviewer"])
    comments.add_comment(db, claim_id=claim.id, body="@viewer look", actor=team["reviewer"])
    viewer, editor = api("viewer"), api("editor")
    theirs = viewer.get("/api/v1/inbox").get_json()["items"][0]
    assert theirs["kind"] == "mention" and theirs["actor"] == "reviewer"
    for body in ({}, {"all": False}, {"ids": []}, {"ids": [theirs["id"]], "all": True}, {"ids": ["1"]},
                 {"all": "yes"}, {"ids": [0]}, {"other": 1}):  # fmt: skip
        answer = viewer.post("/api/v1/inbox/read", json=body)
        assert answer.status_code == 422, body
        assert answer.get_json()["error"]["code"] in ("invalid", "invalid_json")
    refused = editor.post("/api/v1/inbox/read", json={"ids": [theirs["id"]]})  # someone else's
    assert refused.status_code == 422 and refused.get_json()["error"]["fields"] == {
        "ids": "not in your inbox"
    }
    for query in ("unread=maybe", "page=0", "per_page=101", "page=x"):
        assert viewer.get(f"/api/v1/inbox?{query}").status_code == 422, query
    assert viewer.post("/api/v1/inbox/read", data="nope").status_code == 422
    assert api("viewer").client.get("/api/v1/inbox").status_code == 401
    assert viewer.get("/api/v1/inbox").get_json()["unread"] == 1


def test_the_openapi_document_describes_the_inbox(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["paths"]["/inbox"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/InboxPage"
    }
    read = spec["paths"]["/inbox/read"]["post"]
    assert read["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/InboxRead"
    }
    kinds = spec["components"]["schemas"]["NotificationPublic"]["properties"]["kind"]["enum"]
    assert set(kinds) == {"assigned", "returned", "approved", "mention", "reopened"}
