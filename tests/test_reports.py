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
    assert "SECRET DRAFT RATIONALE" not in html
    assert 'class="rating-tag">False<' not in html  # the in-review claim's rating appears nowhere
    assert "Officials denied it." in html  # still part of the article text, just not highlighted


def test_claims_are_highlighted_in_place_and_expandable(client, desk):
    html = page(client, desk["article"].id)
    text_section = html.split('class="article-text"', 1)[1].split("</section>", 1)[0]
    match = re.search(r'<details class="claim-inline rating-mostly-true" id="claim-(\d+)"', text_section)
    assert match and int(match.group(1)) == desk["fighters"].id
    assert "The panel said <details" in text_section  # in place, between its neighbours
    assert "<mark>500 fighters were sent to Libya</mark>" in text_section
    assert 'href="https://un.example/s-2021-229"' in html and "para. 89" in html and "S/2021/229" in html
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
