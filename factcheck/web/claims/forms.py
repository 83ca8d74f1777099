"""Forms of the claim screen. Every workflow form carries the claim version it was based on."""

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from ...models import PRIORITIES
from ...models.claims import MAX_COMMENT
from ...models.fields import MAX_USERNAME
from ...models.verdicts import MAX_NOTE, MAX_RATIONALE, MAX_REASON


class VersionForm(FlaskForm):
    """A move on the claim: take, release, approve, reopen a not-checkable claim."""

    version = IntegerField(
        widget=HiddenInput(), validators=[InputRequired("The form lacks the claim version.")]
    )


class AssignForm(VersionForm):
    assignee = StringField(
        "Assign to", validators=[DataRequired("Choose someone."), Length(max=MAX_USERNAME)]
    )


class VerdictForm(VersionForm):
    rating = SelectField("Rating", validators=[DataRequired("Choose a rating.")])
    rationale = TextAreaField(
        "Rationale (Markdown)", validators=[DataRequired("Write the rationale."), Length(max=MAX_RATIONALE)]
    )
    override_reason = TextAreaField(
        "Why it stands against the evidence", validators=[Optional(), Length(max=MAX_REASON)]
    )

    def __init__(self, ratings, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rating.choices = [SelectChoice("", "Choose a rating")] + [
            SelectChoice(r.slug, r.label) for r in ratings
        ]


class ReturnForm(VersionForm):
    comment = TextAreaField(
        "What is missing", validators=[DataRequired("Say what is missing."), Length(max=MAX_COMMENT)]
    )


class ReopenForm(VersionForm):
    note = TextAreaField(
        "Correction note (public)",
        validators=[DataRequired("A correction note is required."), Length(max=MAX_NOTE)],
    )


class NotCheckableForm(VersionForm):
    reason = StringField(
        "Reason", validators=[DataRequired("Say why it cannot be checked."), Length(max=MAX_REASON)]
    )


class PlanForm(VersionForm):
    priority = SelectField("Priority", choices=[SelectChoice(str(k), v) for k, v in PRIORITIES.items()])
    due_date = DateField("Due date", validators=[Optional()])


class CommentForm(FlaskForm):
    body = TextAreaField(
        "Comment (Markdown)", validators=[DataRequired("Write something."), Length(max=MAX_COMMENT)]
    )
