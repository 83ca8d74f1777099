from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ...services.users import PASSWORD_MAX, PASSWORD_MIN, PASSWORD_RULE


class SignInForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=128)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(min=PASSWORD_MIN, max=PASSWORD_MAX, message=PASSWORD_RULE)],
        description=PASSWORD_RULE,
    )
    confirm = PasswordField(
        "Repeat the new password", validators=[EqualTo("new_password", message="The passwords differ.")]
    )


class EmptyForm(FlaskForm):
    """For POST-only buttons: the form exists so that every button carries a CSRF token."""
