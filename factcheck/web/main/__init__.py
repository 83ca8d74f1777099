"""The desk's front page."""

from flask import Blueprint, render_template
from sqlmodel import func, select

from ...db import get_session
from ...models import Article, Claim
from ...permissions import requires

bp = Blueprint("main", __name__)


@bp.route("/")
@requires("read")
def index():
    db = get_session()
    counts = dict(db.exec(select(Claim.status, func.count()).group_by(Claim.status)).all())
    articles = db.exec(select(Article).order_by(Article.created_at.desc()).limit(20)).all()
    return render_template("main/index.html", counts=counts, articles=articles)
