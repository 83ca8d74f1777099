"""Evidence services: add, edit, remove (with history and version bumps), balance, claims citing a source."""

import pytest
from sqlmodel import select

from factcheck.errors import Conflict, Forbidden, Invalid, NotFound
from factcheck.models import AuditEvent, Evidence, Rating
from factcheck.services import articles, audit, claims, evidence, sources

from .workflow_helpers import insert_verdict


@pytest.fixture
def claim(db, team):
    article = articles.create_article(
        db,
        title="Recruits",
        text="Syrian recruits signed three-month contracts, a report said.",
        actor=team["reviewer"],
    )
    return claims.create_claim(
        db,
        article_id=article.id,
        text="Syrian recruits signed three-month contracts.",
        actor=team["reviewer"],
    )


@pytest.fixture
def library(db, team):
    r = team["reviewer"]
    return {
        "un": sources.create_source(
            db, actor=r, title="Panel report", document_symbol="S/2021/229", reliability="A"
        ),
        "ngo": sources.create_source(db, actor=r, title="NGO report", kind="ngo_report", reliability="C"),
        "news": sources.create_source(db, actor=r, title="News story", kind="news_report", reliability="B"),
    }


def test_add_evidence_records_history_and_bumps_the_version(db, team, claim, library):
    version = claim.version
    item = evidence.add_evidence(
        db, claim_id=claim.id, source_id=library["un"].id, stance="contradicts",
        quote="  The contracts ran for six months.\n", locator=" p. 2 ", actor=team["reviewer"],
    )  # fmt: skip
    assert (item.stance, item.quote, item.locator) == (
        "contradicts",
        "The contracts ran for six months.",
        "p. 2",
    )
    db.refresh(claim)
    assert claim.version == version + 1
    event = audit.claim_history(db, claim_id=claim.id)[-1]
    assert event["action"] == "evidence.add"
    assert event["after"]["stance"] == "contradicts" and event["after"]["locator"] == "p. 2"


def test_edit_and_remove_keep_before_and_after(db, team, claim, library):
    item = evidence.add_evidence(
        db, claim_id=claim.id, source_id=library["un"].id, stance="supports", actor=team["reviewer"]
    )
    edited = evidence.edit_evidence(
        db, claim_id=claim.id, evidence_id=item.id, version=item.version, actor=team["editor"],
        stance="context", locator="para. 89",
    )  # fmt: skip
    assert (edited.stance, edited.locator, edited.version) == ("context", "para. 89", 2)
    event = audit.claim_history(db, claim_id=claim.id)[-1]
    assert event["action"] == "evidence.edit"
    assert event["before"]["stance"] == "supports" and event["after"]["stance"] == "context"
    evidence.remove_evidence(db, claim_id=claim.id, evidence_id=item.id, version=2, actor=team["reviewer"])
    assert db.get(Evidence, item.id) is None
    event = audit.claim_history(db, claim_id=claim.id)[-1]
    assert event["action"] == "evidence.remove" and event["before"]["locator"] == "para. 89"


def test_a_stale_version_is_refused_and_nothing_changes(db, team, claim, library):
    item = evidence.add_evidence(
        db, claim_id=claim.id, source_id=library["un"].id, stance="supports", actor=team["reviewer"]
    )
    evidence.edit_evidence(
        db, claim_id=claim.id, evidence_id=item.id, version=1, actor=team["editor"], locator="p. 4"
    )
    stale = 1
    with pytest.raises(Conflict, match="changed by Editor Person"):
        evidence.edit_evidence(
            db,
            claim_id=claim.id,
            evidence_id=item.id,
            version=stale,
            actor=team["reviewer"],
            stance="context",
        )
    with pytest.raises(Conflict):
        evidence.remove_evidence(
            db, claim_id=claim.id, evidence_id=item.id, version=stale, actor=team["reviewer"]
        )
    db.rollback()
    assert db.get(Evidence, item.id).stance == "supports"
    for missing in (None, "2", True):  # an edit or removal must say which version it is based on
        with pytest.raises(Invalid):
            evidence.edit_evidence(
                db, claim_id=claim.id, evidence_id=item.id, version=missing, actor=team["reviewer"],
                stance="context",
            )  # fmt: skip
        with pytest.raises(Invalid):
            evidence.remove_evidence(
                db, claim_id=claim.id, evidence_id=item.id, version=missing, actor=team["reviewer"]
            )
    db.rollback()
    assert db.get(Evidence, item.id).version == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"stance": "agrees"}, "stance"),
        ({"stance": None}, "stance"),
        ({"source_id": 999}, "source_id"),
        ({"source_id": "abc"}, "source_id"),
        ({"quote": "x" * 5001}, "quote"),
        ({"locator": "p" * 201}, "locator"),
        ({"locator": 12}, "locator"),
    ],
)
def test_bad_evidence_is_refused_with_the_field(db, team, claim, library, changes, field):
    data = {"source_id": library["un"].id, "stance": "supports", **changes}
    with pytest.raises(Invalid) as error:
        evidence.add_evidence(db, claim_id=claim.id, actor=team["reviewer"], **data)
    assert field in error.value.fields
    assert db.exec(select(Evidence)).all() == []


def test_only_reviewers_and_up_may_change_evidence(db, team, claim, library):
    with pytest.raises(Forbidden):
        evidence.add_evidence(
            db, claim_id=claim.id, source_id=library["un"].id, stance="supports", actor=team["viewer"]
        )
    with pytest.raises(NotFound):
        evidence.add_evidence(
            db, claim_id=999, source_id=library["un"].id, stance="supports", actor=team["reviewer"]
        )
    with pytest.raises(NotFound):
        evidence.edit_evidence(
            db, claim_id=claim.id, evidence_id=999, actor=team["reviewer"], stance="context"
        )


def test_balance_counts_sources_per_stance_with_their_grades(db, team, claim, library):
    add = evidence.add_evidence
    r = team["reviewer"]
    add(db, claim_id=claim.id, source_id=library["ngo"].id, stance="supports", actor=r)
    add(db, claim_id=claim.id, source_id=library["un"].id, stance="contradicts", locator="p. 2", actor=r)
    add(db, claim_id=claim.id, source_id=library["un"].id, stance="contradicts", locator="p. 3", actor=r)
    add(db, claim_id=claim.id, source_id=library["news"].id, stance="contradicts", actor=r)
    sides = evidence.balance(db, claim_id=claim.id)
    assert (sides["supports"].sources, sides["supports"].grades) == (1, ["C"])
    assert (sides["contradicts"].sources, sides["contradicts"].items, sides["contradicts"].grades) == (
        2,
        3,
        ["A", "B"],
    )
    assert sides["context"].sources == 0
    assert evidence.balance_dict(db, claim_id=claim.id)["contradicts"]["grades"] == ["A", "B"]


def test_claims_citing_a_source_show_status_and_verdict(db, team, claim, library):
    evidence.add_evidence(
        db, claim_id=claim.id, source_id=library["un"].id, stance="contradicts", actor=team["reviewer"]
    )
    citations = evidence.claims_citing(db, source_id=library["un"].id)
    assert [(c.claim.id, c.evidence.stance, c.rating) for c in citations] == [(claim.id, "contradicts", None)]
    rating = db.exec(select(Rating).where(Rating.slug == "false")).one()
    insert_verdict(
        db, claim, rating_id=rating.id, rationale="Six months.", proposed_by_id=team["reviewer"].id
    )
    citation = evidence.claims_citing(db, source_id=library["un"].id)[0]
    assert citation.rating.label == rating.label and citation.verdict_state == "proposed"
    assert evidence.claims_citing(db, source_id=library["ngo"].id) == []


def test_evidence_on_a_published_claim_is_locked(db, team, claim, library):
    claim.status = "published"
    db.add(claim)
    db.commit()
    with pytest.raises(Conflict) as error:
        evidence.add_evidence(
            db, claim_id=claim.id, source_id=library["un"].id, stance="supports", actor=team["reviewer"]
        )
    assert error.value.code == "claim_frozen"
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "evidence.add")).all() == []
