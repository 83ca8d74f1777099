"""No form input makes a page answer 500: every POST route, signed in as an admin, with hostile fields."""

from factcheck.services import articles, claims

from .conftest import csrf_token

FIELDS = [
    "title", "text", "url", "outlet", "published_at", "start", "end", "claimant", "priority", "version",
    "rating", "rationale", "comment", "note", "reason", "assignee", "due_date", "q", "source_id", "stance",
    "quote", "locator", "kind", "reliability", "document_symbol", "publisher", "archived_url", "username",
    "role", "password", "label", "value", "colour", "action", "claim_ids", "body", "override_reason",
    "same_as_id", "ids", "all", "confirm", "confirm_duplicate", "idempotency_key", "notification_id",
]  # fmt: skip
HOSTILE_VALUES = [
    "",
    "-1",
    "99999999999999999999",
    "x" * 20_000,
    "javascript:alert(1)",
    "\x00",
    "<script>",
    "1.5",
]


def test_hostile_forms_never_break_a_page(app, client, db, team, login):
    article = articles.create_article(
        db, title="A", text="The sky is green, a report said. It rained.", actor=team["reviewer"]
    )
    claims.create_claim(
        db, article_id=article.id, text="The sky is green.", start=0, end=18, actor=team["reviewer"]
    )
    login(team["admin"])
    token = csrf_token(client)
    failures = []
    for rule in app.url_map.iter_rules():
        if (
            "POST" not in rule.methods
            or rule.endpoint.startswith("api.")
            or rule.endpoint in ("auth.logout", "auth.login")
        ):
            continue
        url = rule.build({name: 1 for name in rule.arguments}, append_unknown=False)[1]
        for value in HOSTILE_VALUES:
            data = {name: value for name in FIELDS}
            data.update({f"evidence-{name}": value for name in ("source_id", "stance", "quote", "locator")})
            data["csrf_token"] = token
            response = client.post(url, data=data)
            if response.status_code >= 500:
                failures.append(f"POST {url} with {value[:20]!r}: {response.status_code}")
            response.close()
    assert not failures, "\n".join(failures)
    assert client.get("/").status_code == 200  # still signed in: the walk really reached every route
