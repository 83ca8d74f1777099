"""Forms of the queue page: editors' bulk changes."""

from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional

from ...models import PRIORITIES


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
    assignee = StringField("Assignee (username)", validators=[Optional(), Length(max=64)])
    priority = SelectField(
        "Priority",
        choices=[SelectChoice("", "-")] + [SelectChoice(str(k), v) for k, v in PRIORITIES.items()],
        validators=[Optional()],
    )
    due_date = DateField("Due date", validators=[Optional()])
