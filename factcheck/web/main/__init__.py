"""The desk's front page."""

from flask import Blueprint, render_template
from sqlmodel import func, select

from ...db import get_session
from ...models import Article, Claim
from ...permissions import requires
from ...sizes import human_size

bp = Blueprint("main", __name__)
# {{ n|human_size }} in every template: "At most 20 MB", not "20,971,520 bytes"
bp.add_app_template_filter(human_size, "human_size")


@bp.route("/")
@requires("read")
def index():
    db = get_session()
    counts = dict(db.exec(select(Claim.status, func.count()).group_by(Claim.status)).all())
    articles = db.exec(select(Article).order_by(Article.created_at.desc()).limit(20)).all()
    return render_template("main/index.html", counts=counts, articles=articles)
