"""The claim screen writes its evidence forms out in templates/claims/_evidence.html instead of rendering
web/sources/forms.py EvidenceForm (a form per item cost more than the rest of the panel). The two must not
drift: each field the form declares is in both written-out forms (the add form and an item's edit form) with
the name, kind of control, label, limits and choices WTForms would give it."""

from html.parser import HTMLParser

import pytest

from factcheck.web.sources.forms import EvidenceForm

from .workflow_helpers import make_claim


class Controls(HTMLParser):
    """The form controls on a page (by name: tag and attributes, radios gathered) and the label texts (by the id
    they are for, a fieldset's legend by its radios' name)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.controls: dict[str, list[tuple[str, dict]]] = {}
        self.labels: dict[str, str] = {}
        self._label_for: str | None = None
        self._legend = False
        self._legend_text = ""
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag in ("input", "select", "textarea") and "name" in attrs:
            self.controls.setdefault(attrs["name"], []).append((tag, attrs))
            if tag == "input" and attrs.get("type") == "radio" and self._legend_text:
                self.labels.setdefault(attrs["name"], self._legend_text)
        elif tag == "label" and "for" in attrs:
            self._label_for, self._text = attrs["for"], ""
        elif tag == "legend":
            self._legend, self._legend_text = True, ""
        elif tag == "fieldset":
            self._legend_text = ""

    def handle_data(self, data):
        if self._label_for is not None:
            self._text += data
        if self._legend:
            self._legend_text += data

    def handle_endtag(self, tag):
        if tag == "label" and self._label_for is not None:
            self.labels[self._label_for] = self._text.strip()
            self._label_for = None
        elif tag == "legend":
            self._legend, self._legend_text = False, self._legend_text.strip()


def controls_of(html: str) -> Controls:
    parser = Controls()
    parser.feed(html)
    return parser


def what_wtforms_renders(app, prefix: str) -> dict[str, dict]:
    """Per field name: the control's kind, limits and choices, and its label, as WTForms renders the form."""
    with app.test_request_context():
        form = EvidenceForm(prefix=prefix, meta={"csrf": False})
        form.source_id.choices = [(1, "A source")]
        expected = {}
        for field in form:
            rendered = controls_of(str(field()) + str(field.label()))
            (tag, attrs), *rest = rendered.controls[field.name]
            expected[field.name] = {
                "shape": shape(tag, attrs),
                "values": [a.get("value") for t, a in [(tag, attrs), *rest]]
                if attrs.get("type") == "radio"
                else None,
                "label": None if attrs.get("type") == "hidden" else field.label.text,
            }
        return expected


def shape(tag: str, attrs: dict) -> tuple:
    """What makes two controls the same field: element, type, length limit, required."""
    kind = attrs.get("type", "text") if tag == "input" else None
    return tag, kind, attrs.get("maxlength"), "required" in attrs


@pytest.fixture
def screen(client, db, team, login):
    """The claim screen of a claim the signed-in reviewer holds, with one evidence item."""
    claim = make_claim(db, team["editor"], status="in_progress", holder=team["reviewer"])
    db.commit()
    login("reviewer")
    response = client.get(f"/claims/{claim.id}")
    assert response.status_code == 200
    evidence_id = int(response.get_data(as_text=True).split('data-evidence-id="')[1].split('"')[0])
    return controls_of(response.get_data(as_text=True)), evidence_id


@pytest.mark.parametrize("which", ["add", "edit"])
def test_the_written_out_evidence_forms_have_the_fields_evidence_form_declares(app, screen, which):
    page, evidence_id = screen
    prefix = "evidence" if which == "add" else f"evidence-{evidence_id}"
    for name, want in what_wtforms_renders(app, prefix).items():
        assert name in page.controls, f"{which} form: no control named {name}"
        (tag, attrs), *rest = page.controls[name]
        assert shape(tag, attrs) == want["shape"], f"{which} form, {name}"
        if want["values"] is not None:
            assert [a.get("value") for _t, a in [(tag, attrs), *rest]] == want["values"], name
        if want["label"] is not None:
            label = (
                page.labels.get(name) if attrs.get("type") == "radio" else page.labels.get(attrs.get("id"))
            )
            assert label == want["label"], f"{which} form, the label of {name}"
