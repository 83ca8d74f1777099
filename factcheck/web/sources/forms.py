"""Forms of the source library and the evidence panel. Checks of meaning (URLs, symbols) live in services."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ...models import RELIABILITY, SOURCE_KINDS, STANCES
from ...models.fields import MAX_URL
from ...models.sources import (
    MAX_LOCATOR,
    MAX_NOTES,
    MAX_PUBLISHER,
    MAX_QUOTE,
    MAX_SOURCE_TITLE,
    MAX_SYMBOL,
)
from ...services.evidence import STANCE_LABELS


class SourceForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=MAX_SOURCE_TITLE)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=MAX_PUBLISHER)])
    kind = SelectField(
        "Kind", choices=[SelectChoice(key, label) for key, label in SOURCE_KINDS.items()], default="other"
    )
    url = StringField(
        "Address (URL)",
        validators=[Optional(), Length(max=MAX_URL)],
        description="http:// or https:// only",
    )
    document_symbol = StringField(
        "Document symbol",
        validators=[Optional(), Length(max=MAX_SYMBOL)],
        description="e.g. S/2021/229 or A/HRC/46/55: a UN symbol links to its official page",
    )
    published_at = DateField("Publication date", validators=[Optional()])
    archived_url = StringField(
        "Archived copy (URL)",
        validators=[Optional(), Length(max=MAX_URL)],
        description="e.g. a web.archive.org address",
    )
    reliability = SelectField(
        "Reliability",
        choices=[SelectChoice(grade, f"{grade}: {meaning}") for grade, meaning in RELIABILITY.items()],
        default="F",
        description="Admiralty scale, A (completely reliable) to F (cannot be judged)",
    )
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=MAX_NOTES)])

    def details(self) -> dict:
        """The fields as the sources service takes them."""
        return {
            "title": self.title.data,
            "publisher": self.publisher.data,
            "kind": self.kind.data,
            "url": self.url.data,
            "document_symbol": self.document_symbol.data,
            "published_at": self.published_at.data,
            "archived_url": self.archived_url.data,
            "reliability": self.reliability.data,
            "notes": self.notes.data,
        }


class UploadForm(FlaskForm):
    file = FileField("Document (PDF, HTML, plain text)", validators=[FileRequired("Choose a file.")])


STANCE_CHOICES = [SelectChoice(stance, STANCE_LABELS[stance]) for stance in STANCES]


class EvidenceForm(FlaskForm):
    """Add or edit one evidence item. Field names carry a prefix so the claim screen's other panels can
    have forms of their own."""

    source_id = SelectField(
        "Source", coerce=int, validate_choice=False, validators=[DataRequired("Pick a source.")]
    )
    stance = RadioField("Stance", choices=STANCE_CHOICES, validators=[DataRequired("Choose a stance.")])
    quote = TextAreaField("Quoted passage", validators=[Optional(), Length(max=MAX_QUOTE)])
    locator = StringField(
        "Locator",
        validators=[Optional(), Length(max=MAX_LOCATOR)],
        description='where in the source: "p. 12", "para. 89"',
    )
    version = HiddenField()


class RemoveEvidenceForm(FlaskForm):
    version = HiddenField()
