from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ...models import ROLES
from ...services.users import PASSWORD_MAX, PASSWORD_MIN, PASSWORD_RULE, TOKEN_MAX_DAYS

ROLE_CHOICES = [SelectChoice(role, role.capitalize()) for role in ROLES]


class AddUserForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(min=2, max=64)])
    display_name = StringField("Full name", validators=[Length(max=128)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="reviewer")
    password = PasswordField(
        "First password",
        validators=[DataRequired(), Length(min=PASSWORD_MIN, max=PASSWORD_MAX, message=PASSWORD_RULE)],
        description=PASSWORD_RULE,
    )


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class IssueTokenForm(FlaskForm):
    """A new API token for a member; blank expiry: valid until revoked."""

    expires_days = IntegerField(
        "Expires after (days)",
        validators=[
            Optional(),
            NumberRange(min=1, max=TOKEN_MAX_DAYS, message=f"1 to {TOKEN_MAX_DAYS} days"),
        ],
    )
