"""The inbox: what a team member is told about (an assignment, a return, an approval, a reopening, a mention).

The only place that creates, reads and marks notifications. The workflow and comments services call the
`on_*` functions inside their own transaction, before they commit: a move that is refused or rolled back
tells nobody, and a retried move (services.workflow.run_with_retry) tells each person once. Nobody is
told about what they did themselves; only active accounts are told.
"""

import re
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlmodel import Session, select

from ..errors import Invalid, NotFound
from ..models import Claim, Notification, User
from ..models.fields import MAX_PAGE
from ..models.moves import MAX_INBOX_PER_PAGE as MAX_PER_PAGE
from ..models.moves import MAX_MARK_READ as MAX_MARK
from ..timeutil import iso, utcnow

KIND_WORDS = {
    "assigned": "assigned you a claim",
    "returned": "returned your verdict",
    "approved": "approved and published your verdict",
    "reopened": "reopened your published verdict for correction",
    "mention": "mentioned you",
}
# @username, not inside a word, an e-mail address or a URL path (users.USERNAME_RE: 2..64 of a-z 0-9 . _ -)
MENTION = re.compile(r"(?<![\w@/.])@([A-Za-z0-9][A-Za-z0-9_.-]{1,63})")


# --- telling people --------------------------------------------------------------------------------


def mentioned_usernames(text: str | None) -> set[str]:
    """The usernames `text` mentions as @username (lowercased); a trailing '.', '-' or '_' may be the
    sentence's, so both spellings are candidates (only existing accounts are told)."""
    names: set[str] = set()
    for match in MENTION.finditer(text or ""):
        name = match.group(1).lower()
        names.add(name)
        trimmed = name.rstrip("._-")
        if len(trimmed) >= 2:
            names.add(trimmed)
    return names


def _tell(
    session: Session, *, user_id: int | None, kind: str, claim_id: int, actor: User, body: str | None = None
) -> bool:
    """Add one notification unless it would tell the actor about their own move or the person is inactive."""
    if user_id is None or user_id == actor.id:
        return False
    person = session.get(User, user_id)
    if person is None or not person.active:
        return False
    session.add(Notification(user_id=user_id, kind=kind, claim_id=claim_id, actor_id=actor.id, body=body))
    return True


def on_mentions(
    session: Session, *, text: str | None, claim_id: int, actor: User, skip: tuple[int | None, ...] = ()
) -> list[User]:
    """Tell each active account that `text` mentions (not the actor, nor those in `skip`, who are told
    the same text another way); returns who was told."""
    names = mentioned_usernames(text)
    if not names:
        return []
    people = session.exec(
        select(User).where(User.username.in_(sorted(names)), User.active.is_(True)).order_by(User.username)
    ).all()
    told = []
    for person in people:
        if person.id in skip:
            continue
        if _tell(session, user_id=person.id, kind="mention", claim_id=claim_id, actor=actor, body=text):
            told.append(person)
    return told


def on_assigned(session: Session, *, claim: Claim, assignee: User, actor: User) -> None:
    """An editor assigned `claim` to `assignee`."""
    _tell(session, user_id=assignee.id, kind="assigned", claim_id=claim.id, actor=actor)


def on_returned(session: Session, *, claim: Claim, proposer_id: int | None, reason: str, actor: User) -> None:
    """An editor returned the verdict `proposer_id` proposed, with `reason` (which may mention others)."""
    _tell(session, user_id=proposer_id, kind="returned", claim_id=claim.id, actor=actor, body=reason)
    on_mentions(session, text=reason, claim_id=claim.id, actor=actor, skip=(proposer_id,))


def on_approved(session: Session, *, claim: Claim, proposer_id: int | None, actor: User) -> None:
    """An editor approved and published the verdict `proposer_id` proposed."""
    _tell(session, user_id=proposer_id, kind="approved", claim_id=claim.id, actor=actor)


def on_reopened(session: Session, *, claim: Claim, proposer_id: int | None, note: str, actor: User) -> None:
    """An editor reopened a published verdict (its proposer is the claim's last reviewer) with `note`."""
    _tell(session, user_id=proposer_id, kind="reopened", claim_id=claim.id, actor=actor, body=note)
    on_mentions(session, text=note, claim_id=claim.id, actor=actor, skip=(proposer_id,))


def on_comment(session: Session, *, claim: Claim, body: str, actor: User) -> None:
    """A comment: everyone it @mentions is told."""
    on_mentions(session, text=body, claim_id=claim.id, actor=actor)


# --- reading the inbox -----------------------------------------------------------------------------


@dataclass
class InboxItem:
    notification: Notification
    actor: User | None
    claim_text: str | None

    @property
    def what(self) -> str:
        return KIND_WORDS.get(self.notification.kind, self.notification.kind)


@dataclass
class InboxPage:
    items: list[InboxItem]
    total: int
    unread: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def unread_count(session: Session, *, user: User) -> int:
    """How many of `user`'s notifications are unread (one indexed count)."""
    return session.exec(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ).one()


def list_inbox(
    session: Session, *, user: User, unread_only: bool = False, page: int = 1, per_page: int = 25
) -> InboxPage:
    """`user`'s notifications, unread first, newest first within each, one page of them.

    :raise Invalid: page or per_page out of range.
    """
    if not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
        raise Invalid("page must be a whole number from 1.", fields={"page": "out of range"})
    if not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
        raise Invalid(f"per_page must be 1 to {MAX_PER_PAGE}.", fields={"per_page": "out of range"})
    where = [Notification.user_id == user.id]
    if unread_only:
        where.append(Notification.read_at.is_(None))
    total = session.exec(select(func.count()).select_from(Notification).where(*where)).one()
    rows = session.exec(
        select(Notification, User, Claim.text)
        .join(User, User.id == Notification.actor_id, isouter=True)
        .join(Claim, Claim.id == Notification.claim_id, isouter=True)
        .where(*where)
        .order_by(Notification.read_at.is_not(None), Notification.created_at.desc(), Notification.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    items = [InboxItem(notification=n, actor=u, claim_text=t) for n, u, t in rows]
    return InboxPage(
        items=items, total=total, unread=unread_count(session, user=user), page=page, per_page=per_page
    )


def mark_read(session: Session, *, user: User, ids: list[int] | None = None, everything: bool = False) -> int:
    """Mark `ids` (all of them `user`'s) or, with `everything`, all of `user`'s notifications read; returns
    how many were unread. Marking a read one again changes nothing.

    :raise Invalid: neither or both of ids and everything, too many ids, or an id that is not one of
        `user`'s notifications.
    """
    if everything == bool(ids):
        raise Invalid(
            "Say which notifications to mark read: some ids, or all.", fields={"ids": "ids or all, not both"}
        )
    where = [Notification.user_id == user.id, Notification.read_at.is_(None)]
    if ids:
        wanted = set(ids)
        if len(wanted) > MAX_MARK:
            raise Invalid(f"At most {MAX_MARK} ids at a time.", fields={"ids": f"at most {MAX_MARK}"})
        found = set(
            session.exec(
                select(Notification.id).where(Notification.user_id == user.id, Notification.id.in_(wanted))
            ).all()
        )
        missing = sorted(wanted - found)
        if missing:
            raise Invalid(
                f"There is no notification {missing[0]} in your inbox.", fields={"ids": "not in your inbox"}
            )
        where.append(Notification.id.in_(wanted))
    result = session.execute(update(Notification).where(*where).values(read_at=utcnow()))
    session.commit()
    return result.rowcount or 0


def get_notification(session: Session, *, notification_id: int, user: User) -> Notification:
    """One of `user`'s notifications. :raise NotFound: no such notification in their inbox."""
    found = session.get(Notification, notification_id)
    if found is None or found.user_id != user.id:
        raise NotFound(f"There is no notification {notification_id} in your inbox.")
    return found


def notification_dict(item: InboxItem) -> dict:
    """The API's notification object."""
    n = item.notification
    return {
        "id": n.id,
        "kind": n.kind,
        "claim_id": n.claim_id,
        "claim_text": item.claim_text,
        "actor": item.actor.username if item.actor else None,
        "body": n.body,
        "created_at": iso(n.created_at),
        "read_at": iso(n.read_at),
    }
