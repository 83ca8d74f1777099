"""The split screen writes each claim's "Edit wording" form out in templates/articles/show.html instead of
rendering web/articles/forms.py EditClaimForm per claim (the forms cost a third of the page, #10). The two must
not drift: each field the form declares is in the written-out form with the name, control, limits, label and
value WTForms would give it, and the form as the page has it saves the claim (its prefixed CSRF field too)."""

from html.parser import HTMLParser

import pytest

from factcheck.models import Claim
from factcheck.services import articles, claims
from factcheck.web.articles.forms import EditClaimForm

from .test_evidence_form_markup import controls_of, shape

TEXT = "The panel said 500 fighters were sent. Officials denied it."


class FormOf(HTMLParser):
    """The controls of the page's form whose action is `action`: {name: value} (a textarea's text as the
    browser reads it, its first line break dropped)."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.values, self._textarea = action, False, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        elif self.inside and tag == "input" and "name" in attrs:
            self.values[attrs["name"]] = attrs.get("value") or ""
        elif self.inside and tag == "textarea":
            self._textarea = attrs["name"]
            self.values[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            value = self.values[self._textarea]
            self.values[self._textarea] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "form":
            self.inside = False


@pytest.fixture
def screen(client, db, team, login):
    article = articles.create_article(db, title="Recruits", text=TEXT, actor=team["reviewer"])
    claimed = claims.create_claim(
        db, article_id=article.id, text='500 "fighters" <sent>', claimant="The panel", actor=team["reviewer"]
    )
    bare = claims.create_claim(
        db, article_id=article.id, text="\nOfficials denied it.", actor=team["reviewer"]
    )
    login("reviewer")
    response = client.get(f"/articles/{article.id}")
    assert response.status_code == 200
    return article, [claimed, bare], response.get_data(as_text=True)


def what_wtforms_renders(app, claim: Claim) -> dict:
    with app.test_request_context():
        form = EditClaimForm(formdata=None, obj=claim, prefix=f"c{claim.id}", meta={"csrf": False})
        found = {}
        for field in form:
            (tag, attrs), *_rest = controls_of(str(field()) + str(field.label())).controls[field.name]
            found[field.name] = (
                shape(tag, attrs),
                None if attrs.get("type") == "hidden" else field.label.text,
            )
        return found, {field.name: field._value() for field in form}


def test_the_written_out_edit_forms_have_the_fields_edit_claim_form_declares(app, screen):
    article, made, page = screen
    controls = controls_of(page)
    for claim in made:
        fields, values = what_wtforms_renders(app, claim)
        form = FormOf(f"/articles/{article.id}/claims/{claim.id}")
        form.feed(page)
        for name, (want_shape, want_label) in fields.items():
            (tag, attrs), *_rest = controls.controls[name]
            assert shape(tag, attrs) == want_shape, name
            if want_label is not None:
                assert controls.labels.get(attrs.get("id")) == want_label, name
            assert form.values[name] == values[name], name  # the claim's text, claimant, version
        assert f"c{claim.id}-csrf_token" in form.values


def test_an_edit_form_as_the_page_has_it_saves_the_claim(client, db, screen):
    article, (claim, _bare), page = screen
    url = f"/articles/{article.id}/claims/{claim.id}"
    form = FormOf(url)
    form.feed(page)
    sent = {name: value for name, value in form.values.items() if name != "idempotency_key"}
    assert set(sent) == {f"c{claim.id}-{name}" for name in ("csrf_token", "version", "text", "claimant")}
    sent[f"c{claim.id}-text"] = "500 fighters were sent, the panel said."
    response = client.post(url, data=sent)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    db.expire_all()
    saved = db.get(Claim, claim.id)
    assert (saved.text, saved.claimant, saved.version) == (
        "500 fighters were sent, the panel said.",
        "The panel",
        2,
    )
