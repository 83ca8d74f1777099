"""What the public report and the article (split) screen may keep between requests, and what they send.

The report keeps two things per process (services.public_report): the sentences of a revision's text and
each rationale's HTML, both keyed by the text itself. A correction (a new revision) or a new verdict must show
on the very next request. Neither page may send more SQL statements for an article with more claims,
verdicts, sources, corrections or reviewers (no statement per row).
"""

import pytest

from bench.common import Recorder, statements_of
from factcheck.services import articles, users, workflow

from .conftest import FAST_HASH, PASSWORD, sign_in
from .export_factory import link, make_article, make_claim, make_source, offsets, publish

TEXT = (
    "The panel said 500 fighters were sent to Libya. Officials denied it.\n\n"
    "Prices rose 3% in May, the ministry said. Rents fell."
)


def report(client, article_id) -> str:
    response = client.get(f"/report/{article_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def passage_of(html: str, claim_id: int) -> str:
    """The whole sentences the report's verdict card of a claim quotes from the article."""
    card = html.split(f'id="claim-{claim_id}"', 1)[1]
    return card.split('<blockquote class="passage"><p>', 1)[1].split("</p>", 1)[0]


@pytest.fixture
def fighters(db, team):
    article = make_article(db, team["reviewer"], title="Recruits", text=TEXT)
    claim = publish(
        db,
        article,
        "500 fighters were sent to Libya.",
        reviewer=team["reviewer"],
        approver=team["editor"],
        rationale="The **first** reading.",
        **offsets(TEXT, "500 fighters were sent"),
    )
    link(db, claim, make_source(db, title="UN panel"), "supports")
    return article, claim


def test_a_corrected_text_is_cut_into_sentences_afresh_on_the_next_request(client, db, team, fighters):
    article, claim = fighters
    assert (
        passage_of(report(client, article.id), claim.id) == "The panel said 500 fighters were sent to Libya."
    )
    corrected = TEXT.replace("sent to Libya.", "sent to Libya in May. Officials")
    articles.add_revision(db, article_id=article.id, text=corrected, note="Month added", actor=team["editor"])
    html = report(client, article.id)
    assert passage_of(html, claim.id) == "The panel said 500 fighters were sent to Libya in May."
    assert "Officials Officials denied it." in html  # the text of the new revision, not the old one


def test_a_new_verdict_and_its_correction_show_on_the_next_request(client, db, team, fighters):
    article, claim = fighters
    html = report(client, article.id)
    assert "The <strong>first</strong> reading." in html
    assert "No corrections so far." in html
    workflow.reopen(db, claim_id=claim.id, note="The count was revised.", actor=team["editor"])
    html = report(client, article.id)
    assert "<strong>first</strong>" not in html  # no verdict published now
    assert "The count was revised." in html and "being checked again" in html
    workflow.propose(
        db, claim_id=claim.id, rating="mostly-true", rationale="The *second* reading.", actor=team["reviewer"]
    )
    workflow.approve(db, claim_id=claim.id, actor=team["editor"])
    html = report(client, article.id)
    assert "The <em>second</em> reading." in html
    assert "<strong>first</strong>" not in html
    assert "The count was revised." in html and "being checked again" not in html


def grow(db, team, article, text: str, count: int, *, first: int) -> None:
    """`count` more published claims, each with its own source and its own reviewer, every other one corrected
    (reopened: a superseded verdict and the reopen's history event), and as many claims in review, each held
    by its own reviewer."""
    for n in range(first, first + count):
        reviewer = users.create_user(
            db,
            username=f"rev{n}",
            password=PASSWORD,
            role="reviewer",
            display_name=f"Rev {n}",
            hash_method=FAST_HASH,
        )
        claim = publish(
            db,
            article,
            f"Claim {n} as worded.",
            reviewer=reviewer,
            approver=team["editor"],
            rationale=f"Rationale **{n}**.",
            **offsets(text, f"sentence {n}."),
        )
        link(db, claim, make_source(db, title=f"Source {n}", url=f"https://s.example/{n}"), "supports")
        if n % 2:
            workflow.reopen(db, claim_id=claim.id, note=f"Note {n}.", actor=team["editor"])
        held = make_claim(
            db, article, reviewer, f"Held {n}.", status="in_review", **offsets(text, f"held {n}.")
        )
        held.assignee_id = reviewer.id
        db.add(held)
        db.commit()


def test_the_report_and_the_split_screen_send_as_many_statements_for_more_claims(app, db, team):
    """Counted on the app's engine (bench/common.py), as tests/test_bench_statements.py counts the queue."""
    recorder = Recorder().attach(app.extensions["factcheck_engine"])
    text = " ".join(f"This is sentence {n}. This one is held {n}." for n in range(1, 13))
    article = make_article(db, team["reviewer"], title="Many claims", text=text)
    grow(db, team, article, text, 2, first=1)
    reader, editor, reviewer = app.test_client(), app.test_client(), app.test_client()
    sign_in(editor, "editor")
    sign_in(reviewer, "reviewer")  # holds none of the claims in review: each is another reviewer's
    pages = {
        "report": (reader, f"/report/{article.id}"),
        "split screen, editor": (editor, f"/articles/{article.id}"),
        "split screen, reviewer": (reviewer, f"/articles/{article.id}"),
    }

    def counts() -> dict[str, int]:
        found = {}
        for name, (client, path) in pages.items():
            found[name], _statements, status, _seconds = statements_of(client, recorder, path)
            assert status == 200, name
        return found

    def counts_with_names() -> dict[str, int]:
        app.config["REPORT_SHOW_NAMES"] = True  # the byline names every reviewer and editor
        try:
            found = counts()
            byline = (
                reader.get(f"/report/{article.id}").get_data(as_text=True).split('class="byline"')[1][:300]
            )
            assert "checked by Rev 2" in byline and "edited by Editor Person" in byline, byline
            return found
        finally:
            app.config["REPORT_SHOW_NAMES"] = False

    few, few_named = counts(), counts_with_names()
    grow(db, team, article, text, 10, first=3)
    assert counts() == few
    assert counts_with_names() == few_named


def test_the_split_screen_marks_what_comparing_every_claim_with_every_piece_marks():
    """textview finds the claims over each piece and the claims on each sentence by a sweep and by bisection;
    on random overlapping, nested, empty and out-of-range anchors both agree with the obvious double loop."""
    import random
    from types import SimpleNamespace

    from factcheck.services.splitting import suggest_claims
    from factcheck.web.articles.textview import claimed_counts, segments

    text = TEXT * 3
    suggestions = suggest_claims(text)
    randomly = random.Random(10)
    for _round in range(200):
        placed = []
        for n in range(randomly.randint(0, 12)):
            start = randomly.randint(-2, len(text) + 2)
            end = start + randomly.choice([0, 1, 5, 30, 200, len(text)])
            placed.append(SimpleNamespace(id=n + 1, start=start, end=end))
        pieces = segments(text, suggestions, placed)
        for piece in pieces:
            over = [c for c in placed if c.start <= piece.start and piece.end <= c.end]
            assert piece.claims == sorted(over, key=lambda c: (c.end - c.start, c.id))
        assert "".join(piece.text for piece in pieces) == text
        assert claimed_counts(suggestions, placed) == {
            i: sum(1 for c in placed if c.start < s.end and s.start < c.end)
            for i, s in enumerate(suggestions)
        }


def suggestion_item(page: str, index: int) -> str:
    return page.split(f'<li id="s-{index}" ', 1)[1].split('\n        <li id="s-', 1)[0]


def test_the_kept_suggestion_items_follow_claims_corrections_and_the_person(app, db, team):
    """Each suggested sentence's item is kept per process (web/articles/suggestion_items.py): a new claim
    marks its sentence on the next view, a corrected text is listed afresh, a viewer gets no forms after an
    editor was shown them, and every form carries the CSRF token of the person's own session."""
    article = make_article(db, team["reviewer"], title="Recruits", text=TEXT)
    editor, viewer = app.test_client(), app.test_client()
    sign_in(editor, "editor")
    sign_in(viewer, "viewer")

    def page(client) -> str:
        response = client.get(f"/articles/{article.id}")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    def token(html: str) -> str:
        return html.split('<meta name="csrf-token" content="', 1)[1].split('"', 1)[0]

    first = page(editor)
    assert " claimed" not in suggestion_item(first, 0) and "Make claim" in suggestion_item(first, 0)
    make_claim(
        db, article, team["editor"], "500 fighters were sent.", **offsets(TEXT, "500 fighters were sent")
    )
    again = page(editor)
    assert 'class="suggestion s-' in again and " claimed" in suggestion_item(again, 0)
    assert '<span class="badge done">1 claim</span>' in suggestion_item(again, 0)
    assert " claimed" not in suggestion_item(again, 1)
    forms = again.split('<ol class="suggestion-list">', 1)[1]
    assert forms.count(f'name="csrf_token" value="{token(again)}"') == forms.count("<form ")
    assert "csrf-token>" not in again

    seen = page(viewer)
    assert "Make claim" not in seen and "<form " not in seen.split('<ol class="suggestion-list">', 1)[1]
    assert token(seen) != token(again)
    # the editor's own token again, not the viewer's (a token carries the second it was made: compare each page
    # with its own)
    mine = page(editor)
    assert mine.count(f'value="{token(mine)}"') > 2 and token(seen) not in mine

    articles.add_revision(
        db,
        article_id=article.id,
        text=TEXT.replace("Officials denied it.", "Officials denied it on Monday."),
        note="Day added",
        actor=team["editor"],
    )
    corrected = page(editor)
    assert "Officials denied it on Monday." in corrected.split('<ol class="suggestion-list">', 1)[1]
    assert "Officials denied it.</p>" not in corrected
