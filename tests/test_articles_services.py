"""Services of the articles area: corrections re-anchor claims; importing from files and pages."""

import json

import pytest
from sqlmodel import select

from factcheck.errors import Invalid, NotFound, TooLarge
from factcheck.models import AuditEvent, Claim
from factcheck.services import articles, claims
from factcheck.services.extraction import ExtractedDocument

TEXT = (
    "Officials said 15 fighters signed three-month contracts in Deir el-Zour.\n\n"
    "The recruits will receive a salary of $1,000, a report by Enab Baladi said.\n\n"
    "Al-Quds Brigades is the armed wing of the Palestinian Islamic Jihad."
)
SALARY = "The recruits will receive a salary of $1,000"
BRIGADE = "Al-Quds Brigades is the armed wing of the Palestinian Islamic Jihad."


@pytest.fixture
def reviewer(team):
    return team["reviewer"]


def anchored_claim(db, article, quote, actor):
    text = articles.current_revision(db, article_id=article.id).text
    start = text.index(quote)
    return claims.create_claim(
        db, article_id=article.id, text=quote, start=start, end=start + len(quote), actor=actor
    )


def events(db, action):
    return db.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def test_a_correction_moves_claims_to_their_new_place_and_flags_deleted_ones(db, reviewer):
    article = articles.create_article(db, title="Recruits", text=TEXT, actor=reviewer)
    salary = anchored_claim(db, article, SALARY, reviewer)
    brigade = anchored_claim(db, article, BRIGADE, reviewer)
    first = articles.current_revision(db, article_id=article.id)
    corrected = (
        "Correction: an earlier version misstated the province.\n\n"
        "Officials said 15 fighters signed three-month contracts in Hasakah.\n\n"
        "The recruits will receive a salary of $1,000, a report by Enab Baladi said."
    )

    report = articles.add_revision(
        db, article_id=article.id, text=corrected, note="province; paragraph removed", actor=reviewer
    )

    assert report.revision.number == 2
    assert [c.id for c in report.moved] == [salary.id]
    assert [c.id for c in report.lost] == [brigade.id]
    db.expire_all()
    salary, brigade = db.get(Claim, salary.id), db.get(Claim, brigade.id)
    assert corrected[salary.start : salary.end] == SALARY
    assert salary.start == corrected.index(SALARY) != TEXT.index(SALARY)
    assert salary.revision_id == report.revision.id and not salary.anchor_lost
    assert salary.version == 2
    assert corrected[salary.start - len(salary.prefix) : salary.start] == salary.prefix
    # the lost claim is kept, with its old anchor, and flagged for a reviewer
    assert brigade.anchor_lost and brigade.quote == BRIGADE
    assert brigade.revision_id == first.id and brigade.start == TEXT.index(BRIGADE)
    assert articles.current_revision(db, article_id=article.id).text == corrected
    assert [e.claim_id for e in events(db, "claim.reanchor")] == [salary.id]
    assert [e.claim_id for e in events(db, "claim.anchor_lost")] == [brigade.id]
    (correct,) = events(db, "article.correct")
    assert json.loads(correct.after)["revision"] == 2


def test_a_reworded_passage_is_found_by_fuzzy_match(db, reviewer):
    article = articles.create_article(db, title="Recruits", text=TEXT, actor=reviewer)
    salary = anchored_claim(db, article, SALARY, reviewer)
    corrected = TEXT.replace("salary of $1,000", "salary of about $1,000")

    report = articles.add_revision(db, article_id=article.id, text=corrected, note="wording", actor=reviewer)

    assert [c.id for c in report.moved] == [salary.id]
    db.expire_all()
    salary = db.get(Claim, salary.id)
    assert "about $1,000" in corrected[salary.start : salary.end]


def test_a_claim_whose_place_did_not_change_keeps_its_version(db, reviewer):
    article = articles.create_article(db, title="Recruits", text=TEXT, actor=reviewer)
    first = anchored_claim(db, article, "Officials said 15 fighters", reviewer)
    report = articles.add_revision(
        db, article_id=article.id, text=TEXT + "\n\nUpdated later.", note="added a line", actor=reviewer
    )
    assert [c.id for c in report.kept] == [first.id] and not report.moved and not report.lost
    db.expire_all()
    first = db.get(Claim, first.id)
    assert first.version == 1 and first.revision_id == report.revision.id


def test_a_lost_claim_found_again_in_a_later_revision_is_no_longer_flagged(db, reviewer):
    article = articles.create_article(db, title="Recruits", text=TEXT, actor=reviewer)
    brigade = anchored_claim(db, article, BRIGADE, reviewer)
    articles.add_revision(
        db, article_id=article.id, text=TEXT.replace(BRIGADE, ""), note="cut", actor=reviewer
    )
    assert db.get(Claim, brigade.id).anchor_lost
    articles.add_revision(db, article_id=article.id, text=TEXT, note="restored", actor=reviewer)
    db.expire_all()
    brigade = db.get(Claim, brigade.id)
    assert not brigade.anchor_lost and TEXT[brigade.start : brigade.end] == BRIGADE


@pytest.mark.parametrize(
    ("text", "note", "field"),
    [
        ("", "x", "text"),
        ("   \n", "x", "text"),
        (TEXT, "same", "text"),
        ("a\x00b", "x", "text"),
        ("new", "n" * 1001, "note"),
    ],
)
def test_a_bad_correction_is_refused_and_stores_nothing(db, reviewer, text, note, field):
    article = articles.create_article(db, title="Recruits", text=TEXT, actor=reviewer)
    with pytest.raises(Invalid) as caught:
        articles.add_revision(db, article_id=article.id, text=text, note=note, actor=reviewer)
    assert field in caught.value.fields
    assert len(articles.revisions(db, article_id=article.id)) == 1
    assert not events(db, "article.correct")


def test_correcting_an_unknown_article_is_not_found(db, reviewer):
    with pytest.raises(NotFound):
        articles.add_revision(db, article_id=999, text="x", note="y", actor=reviewer)


def test_read_upload_checks_size_type_and_content():
    with pytest.raises(TooLarge):
        articles.read_upload(filename="a.txt", data=b"x" * 11, max_bytes=10)
    with pytest.raises(Invalid) as caught:
        articles.read_upload(filename="a.txt", data=b"\x7fELF\x02\x01\x00\x00binary", max_bytes=1000)
    assert "file" in caught.value.fields
    with pytest.raises(Invalid):
        articles.read_upload(filename="a.exe", data=b"hello", max_bytes=1000)
    with pytest.raises(Invalid):
        articles.read_upload(filename="a.pdf", data=b"not a pdf at all", max_bytes=1000)
    with pytest.raises(Invalid):
        articles.read_upload(filename="a.txt", data=b"", max_bytes=1000)
    document = articles.read_upload(filename="a.txt", data=b"Headline\r\nBody one.\r\n", max_bytes=1000)
    assert document.text == "Headline\nBody one.\n" and document.title == "Headline"


def test_import_article_prefers_given_values_over_the_documents(db, reviewer):
    document = ExtractedDocument(
        text="Body.", title="Page title", outlet="Page outlet", url="https://a.example/x"
    )
    article = articles.import_article(db, document=document, actor=reviewer, title="Given title")
    assert (article.title, article.outlet, article.url) == (
        "Given title",
        "Page outlet",
        "https://a.example/x",
    )


def test_read_web_page_refuses_private_addresses_and_other_schemes():
    for url in ("http://127.0.0.1:9/", "http://10.0.0.1/", "javascript:alert(1)", "file:///etc/passwd"):
        with pytest.raises(Invalid) as caught:
            articles.read_web_page(url=url, timeout=1, max_bytes=1000, allow_private=False)
        assert "url" in caught.value.fields


def test_suggestions_cover_the_current_revision(db, reviewer):
    article = articles.create_article(db, title="Recruits", text=TEXT, actor=reviewer)
    items = articles.suggestions(db, article_id=article.id)
    assert items and all(TEXT[s.start : s.end] == s.text for s in items)
    assert any(s.claimant == "Enab Baladi" for s in items)
    articles.add_revision(
        db, article_id=article.id, text="A new text. It has 2 sentences.", note="n", actor=reviewer
    )
    assert [s.text for s in articles.suggestions(db, article_id=article.id)] == [
        "A new text.",
        "It has 2 sentences.",
    ]
