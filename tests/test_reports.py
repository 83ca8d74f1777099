"""The public report page: readable signed out, published verdicts only, user text escaped, JSON-LD embedded;
the rating stylesheet."""

import json
import re

import pytest

from factcheck.services.claimreview import json_for_script

from .export_factory import add_verdict, link, make_article, make_claim, make_source, offsets, publish

TEXT = (
    "The panel said 500 fighters were sent to Libya. Officials denied it.\n\n"
    "Prices rose 3% in May, the ministry said. <script>alert('x')</script> was posted online."
)


@pytest.fixture
def desk(db, team):
    reviewer, editor = team["reviewer"], team["editor"]
    article = make_article(
        db, reviewer, title="Recruits <b>sent</b>", text=TEXT, url="https://news.example/a"
    )
    fighters = publish(
        db,
        article,
        "The panel said 500 fighters were sent to Libya.",
        reviewer=reviewer,
        approver=editor,
        rating="mostly-true",
        rationale="The **panel** report says so.\n\n<img src=x onerror=alert(1)> </script>",
        **offsets(TEXT, "500 fighters were sent to Libya"),
    )
    source = make_source(
        db, title="UN panel <report>", url="https://un.example/s-2021-229", symbol="S/2021/229"
    )
    bad = make_source(db, title="Bad link", url="javascript:alert(1)")
    link(db, fighters, source, "supports", quote="500 fighters", locator="para. 89")
    link(db, fighters, bad, "context")
    denied = make_claim(
        db,
        article,
        reviewer,
        "Officials denied it.",
        status="in_review",
        **offsets(TEXT, "Officials denied it."),
    )
    add_verdict(db, denied, rating="false", reviewer=reviewer, rationale="SECRET DRAFT RATIONALE")
    floating = publish(
        db, article, "Elsewhere: 20 ships left.", reviewer=reviewer, approver=editor, rating="unproven"
    )
    corrected = publish(
        db, article, "Prices rose 3% in May.", reviewer=reviewer, approver=editor, rating="true"
    )
    return {
        "article": article,
        "fighters": fighters,
        "denied": denied,
        "floating": floating,
        "corrected": corrected,
    }


def page(client, article_id) -> str:
    response = client.get(f"/report/{article_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_readable_signed_out_with_only_published_verdicts(client, desk):
    html = page(client, desk["article"].id)
    assert f'id="claim-{desk["fighters"].id}"' in html
    assert f'id="claim-{desk["floating"].id}"' in html  # not anchored: listed under the text
    assert "Mostly true" in html
    assert f'id="claim-{desk["denied"].id}"' not in html
    assert f'data-claim-id="{desk["denied"].id}"' not in html
    assert "SECRET DRAFT RATIONALE" not in html
    assert (
        "rating-false" not in html.split('class="report-foot', 1)[0]
    )  # the in-review rating appears nowhere
    assert "Officials denied it." in html  # still part of the article text, just not highlighted


def test_claims_are_highlighted_in_place_as_whole_sentences(client, desk):
    """The anchor "500 fighters were sent to Libya" is part of a sentence: the highlight and the card's quote
    are the whole sentence, so nothing is left dangling ("." after the card)."""
    html = page(client, desk["article"].id)
    text_section = html.split('class="article-text"', 1)[1].split("</section>", 1)[0]
    fighters = desk["fighters"].id
    match = re.search(r'<details class="claim-inline rating-mostly-true" id="in-text-(\d+)"', text_section)
    assert match and int(match.group(1)) == fighters
    assert text_section.startswith("><details")  # the first sentence is the first thing in the text
    assert "<mark>The panel said 500 fighters were sent to Libya.</mark>" in text_section
    assert "</details> Officials denied it." in text_section  # the next sentence follows, whole
    card = html.split(f'id="claim-{fighters}"', 1)[1].split("</article>", 1)[0]
    assert 'class="passage"' not in card  # the sentence is the claim's own wording: not quoted twice
    assert 'href="https://un.example/s-2021-229"' in card and "para. 89" in card
    assert '<a class="symbol" href="https://undocs.org/en/S/2021/229"' in card
    assert 'href="javascript:' not in html


def test_user_text_is_escaped(client, desk):
    html = page(client, desk["article"].id)
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;alert(" in html
    assert "Recruits &lt;b&gt;sent&lt;/b&gt;" in html
    assert "UN panel &lt;report&gt;" in html
    assert "<img src=x" not in html
    assert "<strong>panel</strong>" in html  # Markdown rendered, raw HTML not


def test_json_ld_is_embedded_parseable_and_matches_the_download(client, desk):
    html = page(client, desk["article"].id)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    items = json.loads(blocks[0])
    assert {item["claimReviewed"] for item in items} == {
        "The panel said 500 fighters were sent to Libya.",
        "Elsewhere: 20 ships left.",
        "Prices rose 3% in May.",
    }
    download = json.loads(client.get(f"/articles/{desk['article'].id}/claimreview.json").data)
    assert items == download


def test_hostile_text_cannot_break_out_of_the_json_ld(client, db, team):
    article = make_article(db, team["reviewer"], title="</script><script>alert(1)</script>")
    publish(db, article, "Claim </script><b>x</b>", reviewer=team["reviewer"], approver=team["editor"])
    html = page(client, article.id)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)[0]["claimReviewed"] == "Claim </script><b>x</b>"
    assert block == json_for_script(json.loads(block))


def test_corrections_list_superseded_verdicts_and_reopened_claims(client, db, desk, team):
    claim = desk["corrected"]
    from sqlmodel import select

    from factcheck.models import Verdict

    verdict = db.exec(select(Verdict).where(Verdict.claim_id == claim.id)).one()
    verdict.state, verdict.correction_note = "superseded", "The figure was for April, not May."
    claim.status = "in_progress"
    db.add_all([verdict, claim])
    db.commit()
    html = page(client, desk["article"].id)
    corrections = html.split('id="corrections"', 1)[1]
    assert "The figure was for April, not May." in corrections
    assert "being checked again" in corrections
    assert f'id="claim-{claim.id}"' not in html  # no longer published: not shown as a verdict


def test_unknown_or_unpublished_articles_have_no_page(client, db, team):
    assert client.get("/report/999").status_code == 404
    draft = make_article(db, team["reviewer"], title="Draft")
    make_claim(db, draft, team["reviewer"], "Not yet checked.")
    assert client.get(f"/report/{draft.id}").status_code == 404


def test_rating_stylesheet_has_one_rule_per_rating(client, db):
    response = client.get("/ratings.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    assert ".rating-true { --rating: #1a7f37; }" in css
    assert css.count("--rating:") == 6


def test_the_page_has_no_inline_styles_or_scripts(client, desk):
    html = page(client, desk["article"].id)
    assert " style=" not in html and "onclick" not in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all('type="application/ld+json"' in attrs or "src=" in attrs for attrs in scripts)


def test_a_summary_lists_every_published_claim_with_its_rating_and_reasoning(client, desk):
    html = page(client, desk["article"].id)
    summary = html.split('id="summary"', 1)[1].split("</section>", 1)[0]
    assert "3 claims checked" in summary
    for key, label in (("fighters", "Mostly true"), ("floating", "Unproven"), ("corrected", "True")):
        claim = desk[key]
        item = summary.split(f'data-claim-id="{claim.id}"', 1)[1].split("</li>", 1)[0]
        assert f'rating-badge large rating-{claim_rating_slug(label)}">{label}<' in item
        assert f'href="#claim-{claim.id}"' in item
    # one line of reasoning, Markdown and raw HTML removed, escaped
    fighters = summary.split(f'data-claim-id="{desk["fighters"].id}"', 1)[1].split("</li>", 1)[0]
    assert '<p class="summary-why">The panel report says so.</p>' in fighters
    assert 'content="3 claims checked (Mostly true: 1, Unproven: 1, True: 1)."' in html  # the link preview
    assert '<meta property="og:title" content="Fact-check: Recruits &lt;b&gt;sent&lt;/b&gt;">' in html


def claim_rating_slug(label: str) -> str:
    return label.lower().replace(" ", "-")


def test_readers_get_no_csrf_token_and_no_cookie(client, desk):
    response = client.get(f"/report/{desk['article'].id}")
    html = response.get_data(as_text=True)
    assert 'name="csrf-token"' not in html and "csrf_token" not in html
    assert response.headers.get("Set-Cookie") is None


def test_the_byline_names_the_desk_and_its_people_only_when_the_desk_allows(app, client, desk):
    app.config.update(DESK_NAME="Libya Desk", DESK_URL="https://desk.example/")
    html = page(client, desk["article"].id)
    byline = html.split('class="byline"', 1)[1].split("</p>", 1)[0]
    assert '<a class="desk" href="https://desk.example/">Libya Desk</a>' in byline
    assert "Reviewer Person" not in html and "Editor Person" not in html
    assert "FACT-CHECK DESK · FACT-CHECK" not in html and "Published <time" in html
    app.config["REPORT_SHOW_NAMES"] = True
    byline = page(client, desk["article"].id).split('class="byline"', 1)[1].split("</p>", 1)[0]
    assert "checked by Reviewer Person" in byline and "edited by Editor Person" in byline
    app.config["DESK_URL"] = "javascript:alert(1)"
    assert "javascript:" not in page(client, desk["article"].id)


def test_no_corrections_is_a_plain_sentence(client, desk):
    html = page(client, desk["article"].id)
    corrections = html.split('id="corrections"', 1)[1].split("</section>", 1)[0]
    assert '<p class="muted">No corrections so far.</p>' in corrections
    assert "<li" not in corrections and "<ol" not in corrections


def test_claims_in_one_sentence_share_one_highlight(client, db, team):
    text = "Prices rose 3% in May and wages fell 2%, the ministry said. Nothing else happened."
    article = make_article(db, team["reviewer"], title="Prices", text=text)
    rose = publish(
        db, article, "Prices rose 3% in May.", reviewer=team["reviewer"], approver=team["editor"],
        rating="true", **offsets(text, "Prices rose 3% in May"),
    )  # fmt: skip
    fell = publish(
        db, article, "Wages fell 2% in May.", reviewer=team["reviewer"], approver=team["editor"],
        rating="false", **offsets(text, "wages fell 2%"),
    )  # fmt: skip
    html = page(client, article.id)
    assert html.count('class="claim-inline') == 1
    assert f'data-claim-ids="{rose.id} {fell.id}"' in html
    assert "<mark>Prices rose 3% in May and wages fell 2%, the ministry said.</mark>" in html
    assert "</details> Nothing else happened." in html


def test_sentence_bounds_widen_a_fragment_to_its_sentences():
    from factcheck.services.public_report import sentence_bounds

    text = (
        "Smoke rose in Tajoura, south of Tripoli, Libya, June 29, 2019. (AFP Photo)\n\nHe said so. Then left."
    )
    widen = sentence_bounds(text)
    start, end = text.index("Smoke"), text.index(", Libya")
    assert text[slice(*widen(start, end))] == "Smoke rose in Tajoura, south of Tripoli, Libya, June 29, 2019."
    fragment = text.index("said"), text.index("left") + 2
    assert text[slice(*widen(*fragment))] == "He said so. Then left."
    assert widen(0, len(text)) == (0, len(text))


def test_a_reader_gets_no_cookie_from_an_error_page_either(client, db, team):
    """A browser asks for /favicon.ico beside the report: its 404 must not set the cookie the page did not."""
    for path in ("/favicon.ico", "/report/999"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers.get("Set-Cookie") is None
        assert 'name="csrf-token"' not in response.get_data(as_text=True)
