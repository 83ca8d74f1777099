"""The claim screen renders the source library once (the add form's picker), not once per evidence item: each
item's edit form offers the claim's own sources, and still accepts any source of the library."""

import re

import pytest
from sqlmodel import select

from factcheck.models import Evidence
from factcheck.services import articles, claims, evidence, sources


@pytest.fixture
def claim(db, team):
    text = "The ministry says 40 schools reopened in March."
    article = articles.create_article(db, title="Schools", text=text, actor=team["reviewer"])
    return claims.create_claim(db, article_id=article.id, text=text, actor=team["reviewer"])


def _select(html: str, name: str) -> str:
    found = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    assert found, name
    return found.group(1)


def test_the_library_is_listed_once_and_each_edit_form_offers_the_claims_sources(
    client, login, post_form, db, team, claim
):
    reviewer = team["reviewer"]
    library = [sources.create_source(db, actor=reviewer, title=f"Library report {n:02}") for n in range(12)]
    cited_a, cited_b, spare = library[3], library[7], library[10]
    for source, stance in ((cited_a, "supports"), (cited_b, "contradicts")):
        evidence.add_evidence(db, claim_id=claim.id, source_id=source.id, stance=stance, actor=reviewer)
    items = db.exec(select(Evidence).where(Evidence.claim_id == claim.id).order_by(Evidence.id)).all()
    login(reviewer)
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)

    picker = _select(html, "evidence-source_id")
    assert re.findall(r'<option value="(\d+)">', picker) == ["0"] + [
        str(s.id) for s in library
    ]  # by title, all
    assert html.count(f'value="{spare.id}">Library report 10') == 1  # only in the add form's picker
    for item, own in zip(items, (cited_a, cited_b), strict=True):
        choices = _select(html, f"evidence-{item.id}-source_id")
        offered = re.findall(r'<option value="(\d+)"( selected)?>', choices)
        assert offered == [(str(cited_a.id), " selected" if own == cited_a else ""),
                           (str(cited_b.id), " selected" if own == cited_b else "")]  # fmt: skip

    # a source that is not offered in the edit form (it is in the library) is still accepted
    item = items[0]
    response = post_form(
        f"/claims/{claim.id}/evidence/{item.id}",
        {f"evidence-{item.id}-source_id": spare.id, f"evidence-{item.id}-stance": "supports",
         f"evidence-{item.id}-version": item.version},
    )  # fmt: skip
    assert response.status_code == 303
    db.rollback()
    db.refresh(item)
    assert item.source_id == spare.id


def test_a_title_with_markup_is_escaped_in_the_picker(client, login, db, team, claim):
    sources.create_source(db, actor=team["reviewer"], title="<b>Bold</b> & co")
    login(team["reviewer"])
    picker = _select(client.get(f"/claims/{claim.id}").get_data(as_text=True), "evidence-source_id")
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co [F]</option>" in picker
    assert "<b>" not in picker
