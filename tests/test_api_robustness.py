"""No input makes the API answer 500 or anything but a JSON error object."""

import pytest

from factcheck.services import articles, claims

HOSTILE_BODIES = [
    None,
    b"not json",
    b"[]",
    b'"a string"',
    b"null",
    b"{}",
    b'{"title": [], "text": {}, "start": "1", "end": null, "version": "7", "rating": 5, "stance": ["x"]}',
    b'{"title": "t", "text": "x", "start": 10, "end": 5, "priority": true, "source_id": "1", "assignee": 3}',
    b'{"version": 1e309, "priority": 99999999999999999999999, "start": -1, "end": 1e3}',
    b'{"comment": "' + b"x" * 100_000 + b'", "reason": null, "note": 7, "body": false, "rationale": []}',
    b'{"url": "javascript:alert(1)", "published_at": "yesterday", "reliability": "Z", "kind": "blog"}',
]
HOSTILE_QUERIES = [
    "?page=0",
    "?page=-1&per_page=100000",
    "?page=abc",
    "?status=bogus&rating=nope",
    "?article_id=x",
    "?q=%00%ff",
]


@pytest.fixture
def arranged(db, team):
    article = articles.create_article(
        db, title="A", text="The sky is green, a report said. It rained.", actor=team["reviewer"]
    )
    claims.create_claim(
        db, article_id=article.id, text="The sky is green.", start=0, end=18, actor=team["reviewer"]
    )
    return team


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            url = rule.build({name: 1 for name in rule.arguments}, append_unknown=False)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, url


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_hostile_input_never_breaks_the_api(app, api, arranged, role):
    client = api(role)
    failures = []
    for method, url in _routes(app):
        attempts = (
            [(url + query, None) for query in HOSTILE_QUERIES]
            if method == "GET"
            else [(url, b) for b in HOSTILE_BODIES]
        )
        for target, body in attempts:
            response = client.client.open(
                target,
                method=method,
                data=body,
                headers={"Authorization": f"Bearer {client.token}", "Content-Type": "application/json"},
            )
            if response.status_code >= 500:
                failures.append(f"{method} {target} {body!r:.80}: {response.status_code}")
            elif response.status_code >= 400 and response.mimetype == "application/json":
                error = response.get_json().get("error")
                if not (isinstance(error, dict) and error.get("code") and error.get("message")):
                    failures.append(f"{method} {target}: error body without code/message")
            response.close()
    assert not failures, "\n".join(failures)
