"""Forms of the queue page: editors' bulk changes."""

from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional

from ...models import PRIORITIES
from ...models.fields import MAX_USERNAME


class BulkForm(FlaskForm):
    """One form, three operations: the button pressed names the operation (assign, priority, due)."""

    operation = SelectField(
        "Change",
        choices=[
            SelectChoice("assign", "Assign to"),
            SelectChoice("priority", "Set priority"),
            SelectChoice("due", "Set due date"),
        ],
    )
    assignee = StringField("Assignee (username)", validators=[Optional(), Length(max=MAX_USERNAME)])
    priority = SelectField(
        "Priority",
        choices=[SelectChoice("", "-")] + [SelectChoice(str(k), v) for k, v in PRIORITIES.items()],
        validators=[Optional()],
    )
    due_date = DateField("Due date", validators=[Optional()])
