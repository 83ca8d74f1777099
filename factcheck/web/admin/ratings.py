"""Admin screens for the rating scale: labels, order, colours, ClaimReview values, the unproven rating."""

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, Regexp

from ...db import get_session
from ...errors import DomainError
from ...permissions import current_actor, requires
from ...services import rating_scale
from ...services.ratings import list_ratings
from . import bp

VALUE_CHOICES = [SelectChoice(str(n), f"{n}") for n in range(5, 0, -1)]
COLOUR_CHECK = Regexp(r"^#[0-9a-fA-F]{6}$", message="A colour as #rrggbb.")


def _value(data: str | None) -> int | None:
    return int(data) if data else None


class RatingForm(FlaskForm):
    label = StringField("Label", validators=[DataRequired(), Length(max=64)])
    colour = StringField("Colour", validators=[DataRequired(), COLOUR_CHECK])
    value = SelectField("ClaimReview value", choices=[SelectChoice("", "none (unproven)"), *VALUE_CHOICES])
    description = StringField("Description", validators=[Length(max=500)])


class NewRatingForm(RatingForm):
    slug = StringField("Slug", validators=[DataRequired(), Length(max=32)])
    value = SelectField("ClaimReview value", choices=VALUE_CHOICES)


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(("up", "down"))])


class UnprovenForm(FlaskForm):
    former_value = SelectField("Value for the former unproven rating", choices=VALUE_CHOICES, default="3")


def _page(new_form: NewRatingForm | None = None, status: int = 200):
    scale = list_ratings(get_session())
    forms = {
        r.id: RatingForm(
            prefix=f"r{r.id}",
            label=r.label,
            colour=r.colour,
            value=str(r.value) if r.value is not None else "",
            description=r.description,
            formdata=None,
        )
        for r in scale
    }
    return render_template(
        "admin/ratings.html",
        scale=scale,
        forms=forms,
        new_form=new_form or NewRatingForm(prefix="new", colour="#777777", value="3", formdata=None),
        move_form=MoveForm(),
        unproven_form=UnprovenForm(),
    ), status


@bp.route("/ratings")
@requires("admin")
def ratings():
    return _page()


@bp.route("/ratings/<int:rating_id>", methods=["POST"])
@requires("admin")
def rating_update(rating_id: int):
    form = RatingForm(prefix=f"r{rating_id}")
    if not form.validate_on_submit():
        flash("Not saved: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in form.errors.items()), "error")
        return redirect(url_for("admin.ratings"))
    try:
        rating = rating_scale.update_rating(
            get_session(),
            rating_id=rating_id,
            actor=current_actor(),
            label=form.label.data,
            colour=form.colour.data,
            value=_value(form.value.data),
            description=form.description.data or "",
        )
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(f"Saved {rating.label}.", "info")
    return redirect(url_for("admin.ratings"))


@bp.route("/ratings/add", methods=["POST"])
@requires("admin")
def rating_add():
    form = NewRatingForm(prefix="new")
    if form.validate_on_submit():
        try:
            rating = rating_scale.add_rating(
                get_session(),
                actor=current_actor(),
                slug=form.slug.data,
                label=form.label.data,
                colour=form.colour.data,
                value=_value(form.value.data),
                description=form.description.data or "",
            )
        except DomainError as error:
            for name, why in error.fields.items():
                if name in form:
                    form[name].errors = [*form[name].errors, why]
            flash(error.message, "error")
            return _page(form, error.status)
        flash(f"Added {rating.label} at the end of the scale.", "info")
        return redirect(url_for("admin.ratings"))
    return _page(form, 422 if form.errors else 400)


@bp.route("/ratings/<int:rating_id>/move", methods=["POST"])
@requires("admin")
def rating_move(rating_id: int):
    form = MoveForm()
    if form.validate_on_submit():
        rating_scale.move_rating(
            get_session(), rating_id=rating_id, direction=form.direction.data, actor=current_actor()
        )
    else:
        flash("Move a rating up or down.", "error")
    return redirect(url_for("admin.ratings"))


@bp.route("/ratings/<int:rating_id>/unproven", methods=["POST"])
@requires("admin")
def rating_unproven(rating_id: int):
    form = UnprovenForm()
    if form.validate_on_submit():
        try:
            rating = rating_scale.set_unproven(
                get_session(),
                rating_id=rating_id,
                actor=current_actor(),
                former_value=_value(form.former_value.data),
            )
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(f"{rating.label} is now the unproven rating.", "info")
    else:
        flash("Choose a value for the former unproven rating.", "error")
    return redirect(url_for("admin.ratings"))
