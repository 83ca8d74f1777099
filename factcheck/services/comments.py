"""Comments on a claim: the discussion, plus the notes that workflow moves leave (return, reopen, ...)."""

from dataclasses import dataclass

from sqlmodel import Session, select

from ..errors import Invalid
from ..models import Comment, User
from ..timeutil import iso
from . import audit, inbox
from .claims import get_claim
from .roles import require_role
from .workflow import MAX_COMMENT

KIND_LABELS = {
    "comment": "comment",
    "return": "returned the verdict",
    "reopen": "correction note",
    "not_checkable": "not checkable because",
}


@dataclass
class CommentView:
    comment: Comment
    author: User | None

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.comment.kind, self.comment.kind)


def add_comment(session: Session, *, claim_id: int, body: str, actor: User) -> Comment:
    """Add a comment (Markdown) to a claim. Comments never change the claim's version: they cannot
    collide with an edit.

    :raise NotFound: no such claim. :raise Forbidden: a viewer. :raise Invalid: empty or too long.
    """
    require_role(actor, "write", "comment")
    claim = get_claim(session, claim_id=claim_id)
    text = body.strip() if isinstance(body, str) else ""
    if not text:
        raise Invalid("Write something first: the comment is empty.", fields={"body": "required"})
    if len(text) > MAX_COMMENT:
        raise Invalid(f"A comment has at most {MAX_COMMENT} characters.", fields={"body": "too long"})
    comment = Comment(claim_id=claim.id, author_id=actor.id, body=text, kind="comment")
    session.add(comment)
    session.flush()
    inbox.on_comment(session, claim=claim, body=text, actor=actor)
    audit.record(
        session,
        actor=actor,
        action="comment.add",
        object_type="comment",
        object_id=comment.id,
        claim_id=claim.id,
        after={"body": text},
    )
    session.commit()
    return comment


def list_comments(session: Session, *, claim_id: int) -> list[CommentView]:
    """A claim's comments, oldest first, with their authors."""
    rows = session.exec(
        select(Comment, User)
        .join(User, User.id == Comment.author_id, isouter=True)
        .where(Comment.claim_id == claim_id)
        .order_by(Comment.created_at, Comment.id)
    ).all()
    return [CommentView(comment=c, author=u) for c, u in rows]


def comment_dict(view: CommentView) -> dict:
    return {
        "id": view.comment.id,
        "claim_id": view.comment.claim_id,
        "author": view.author.username if view.author else None,
        "kind": view.comment.kind,
        "body": view.comment.body,
        "created_at": iso(view.comment.created_at),
    }
