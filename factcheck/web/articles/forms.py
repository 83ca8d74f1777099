"""Forms of the articles area: adding an article three ways, making and editing claims, corrections."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ...models.articles import MAX_OUTLET, MAX_REVISION_NOTE, MAX_TITLE
from ...models.claims import MAX_CLAIM_TEXT, MAX_CLAIMANT
from ...models.fields import MAX_URL


def browser_text(value: str | None) -> str | None:
    """Undo the CRLF line endings browsers add to every textarea on submit (HTML's form encoding)."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


class ArticleForm(FlaskForm):
    """Paste the text (or confirm what a file or page gave): the article is stored from this form."""

    title = StringField(
        "Title", validators=[DataRequired(message="Give the article a title."), Length(max=MAX_TITLE)]
    )
    outlet = StringField("Outlet", validators=[Optional(), Length(max=MAX_OUTLET)])
    url = StringField("Address (URL)", validators=[Optional(), Length(max=MAX_URL)])
    published_at = DateField("Published on", validators=[Optional()])
    text = TextAreaField(
        "Article text",
        validators=[DataRequired(message="Paste the article's text.")],
        filters=[browser_text],
    )


class UploadForm(FlaskForm):
    file = FileField("File (.txt, .md, .html, .pdf, .docx)", validators=[FileRequired("Choose a file.")])


class FetchForm(FlaskForm):
    url = StringField(
        "Address of the article (http or https)", validators=[DataRequired(), Length(max=MAX_URL)]
    )


class ClaimForm(FlaskForm):
    """A new claim: its wording, and where it sits in the article (optional)."""

    text = TextAreaField(
        "Claim, worded to stand alone", validators=[DataRequired(), Length(max=MAX_CLAIM_TEXT)]
    )
    start = IntegerField(validators=[Optional()])
    end = IntegerField(validators=[Optional()])
    claimant = StringField("Claimant", validators=[Optional(), Length(max=MAX_CLAIMANT)])


class EditClaimForm(FlaskForm):
    text = TextAreaField("Wording", validators=[DataRequired(), Length(max=MAX_CLAIM_TEXT)])
    claimant = StringField("Claimant", validators=[Optional(), Length(max=MAX_CLAIMANT)])
    version = HiddenField(validators=[DataRequired()])


class CorrectionForm(FlaskForm):
    text = TextAreaField("Corrected text", validators=[DataRequired()], filters=[browser_text])
    note = StringField(
        "What was corrected",
        validators=[DataRequired(message="Say what the correction changed."), Length(max=MAX_REVISION_NOTE)],
    )
