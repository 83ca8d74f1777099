"""Every mutating service checks its actor's role itself: a viewer is refused with Forbidden by each.

The walk finds the functions: every public function of factcheck.services.* that takes an `actor`, less
the few that only read or only decide (listed below with the reason). A new mutating service that forgets
`roles.require_role` fails here, whichever door it is later called from.
"""

import importlib
import inspect
import pkgutil
from datetime import date

import pytest

import factcheck.services as services_package
from factcheck.errors import Forbidden
from factcheck.services import articles, claims, sources, users

# (module, function): why it takes an actor without changing anything, or changes nothing role-gated
NOT_ROLE_GATED = {
    ("audit", "record"): "writes the history of a change that was checked by its caller",
    ("claim_rules", "touch"): "stamps a change that was checked by its caller",
    ("claim_rules", "check_content_change"): "is the check itself",
    ("claim_rules", "may_change_content"): "answers a question, changes nothing",
    ("evidence", "may_change"): "answers a question, changes nothing",
    ("exports", "verdict_csv"): "reads",
    ("exports", "evidence_csv"): "reads",
    ("similar_export", "similar_csv"): "reads",
    ("queue", "list_claims"): "reads",
    ("queue", "status_counts"): 'reads (the actor only narrows "mine")',
    **{
        ("inbox", hook): "tells people of a move its caller checked, in the move's own transaction"
        for hook in ("on_assigned", "on_returned", "on_approved", "on_reopened", "on_comment", "on_mentions")
    },
    ("roles", "require_role"): "is the check itself",
    ("roles", "may"): "answers a question, changes nothing",
    ("workflow", "check_move"): "is the check of a move, changes nothing",
    ("workflow", "allowed_actions"): "answers a question, changes nothing",
}


def mutating_services():
    found = []
    for info in pkgutil.iter_modules(services_package.__path__):
        module = importlib.import_module(f"factcheck.services.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            if "actor" in inspect.signature(function).parameters and (info.name, name) not in NOT_ROLE_GATED:
                found.append(pytest.param(function, id=f"{info.name}.{name}"))
    return found


def test_the_walk_finds_the_known_writers():
    names = {p.id for p in mutating_services()}
    for known in ("claims.create_claim", "sources.create_source", "users.change_role", "workflow.approve"):
        assert known in names


@pytest.fixture
def world(db, team):
    article = articles.create_article(db, title="A", text="The sky is green.", actor=team["reviewer"])
    claim = claims.create_claim(db, article_id=article.id, text="The sky is green", actor=team["reviewer"])
    source = sources.create_source(db, actor=team["reviewer"], title="Almanac")
    users.create_token(db, user=team["reviewer"])  # someone else's: a viewer may revoke only their own
    return {
        "article_id": article.id,
        "claim_id": claim.id,
        "claim_ids": [claim.id],
        "source_id": source.id,
        "evidence_id": 1,
        "rating_id": 1,
        "token_id": users.list_tokens(db, user_id=team["reviewer"].id)[0].id,
        "user_id": team["reviewer"].id,
        "user": team["reviewer"],
        "version": claim.version,
        "text": "The sky is blue.",
        "title": "T",
        "note": "n",
        "comment": "c",
        "body": "b",
        "reason": "r",
        "rationale": "r",
        "rating": "false",
        "role": "editor",
        "active": False,
        "assignee": "reviewer",
        "priority": 4,
        "due_date": date(2030, 1, 1),
        "direction": "up",
        "stance": "supports",
        "slug": "new",
        "label": "New",
        "colour": "#000000",
        "value": 1,
        "filename": "a.txt",
        "data": b"text",
        "password": "correct horse battery",
        "username": "newcomer",
        "document": None,
    }


@pytest.mark.parametrize("function", mutating_services())
def test_a_viewer_is_refused(function, db, team, world):
    kwargs = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name == "session":
            kwargs[name] = db
        elif name == "actor":
            kwargs[name] = team["viewer"]
        elif parameter.kind is parameter.VAR_KEYWORD:
            continue
        elif name in world:
            kwargs[name] = world[name]
        elif parameter.default is parameter.empty:
            kwargs[name] = None
    with pytest.raises(Forbidden):
        function(**kwargs)


def test_a_reviewer_may_not_set_a_new_claims_priority(db, team):
    article = articles.create_article(db, title="A", text="The sky is green.", actor=team["reviewer"])
    with pytest.raises(Forbidden):
        claims.create_claim(db, article_id=article.id, text="x", priority=4, actor=team["reviewer"])
    assert claims.create_claim(db, article_id=article.id, text="x", priority=2, actor=team["reviewer"])
    assert claims.create_claim(db, article_id=article.id, text="x", priority=4, actor=team["editor"])


def test_the_api_refuses_a_reviewers_priority_too(api, db, team):
    article = articles.create_article(db, title="A", text="The sky is green.", actor=team["reviewer"])
    url = f"/api/v1/articles/{article.id}/claims"
    assert api("reviewer").post(url, json={"text": "x", "priority": 4}).status_code == 403
    assert api("reviewer").post(url, json={"text": "x"}).status_code == 201
    assert api("editor").post(url, json={"text": "x", "priority": 4}).status_code == 201
