from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

from ...models import ROLES

ROLE_CHOICES = [SelectChoice(role, role.capitalize()) for role in ROLES]


class AddUserForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(min=2, max=64)])
    display_name = StringField("Full name", validators=[Length(max=128)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="reviewer")
    password = PasswordField("First password", validators=[DataRequired(), Length(min=12, max=128)])


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
