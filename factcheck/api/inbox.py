"""API: the caller's inbox (notifications of assignments, returns, approvals, reopenings and mentions)."""

from typing import Literal

from ..db import get_session
from ..models.fields import MAX_PAGE, InputModel, query_int
from ..models.moves import MAX_INBOX_PER_PAGE, InboxPage, InboxRead, InboxReadResult
from ..permissions import requires
from ..services import inbox
from ..services.claim_filters import FALSE_WORDS, TRUE_WORDS
from . import bp
from .common import caller, parse_body, parse_query
from .spec import operation


class InboxQuery(InputModel):
    """GET /inbox: unread only or everything, one page."""

    unread: Literal[(*TRUE_WORDS, *FALSE_WORDS)] = ""
    page: query_int(1, MAX_PAGE) = 1
    per_page: query_int(1, MAX_INBOX_PER_PAGE) = 25


@bp.get("/inbox")
@requires("read")
@operation(
    "The caller's notifications, unread first, newest first",
    tag="inbox",
    query=InboxQuery,
    ok={200: InboxPage},
    description="`unread=1` lists only the unread ones. Listing marks nothing read: POST /inbox/read does.",
)
def inbox_list():
    query = parse_query(InboxQuery)
    page = inbox.list_inbox(
        get_session(),
        user=caller(),
        unread_only=query.unread in TRUE_WORDS,
        page=query.page,
        per_page=query.per_page,
    )
    return {
        "items": [inbox.notification_dict(item) for item in page.items],
        "total": page.total,
        "unread": page.unread,
        "page": page.page,
        "per_page": page.per_page,
    }


@bp.post("/inbox/read")
@requires("read")
@operation(
    "Mark some of the caller's notifications read, or all of them",
    tag="inbox",
    body=InboxRead,
    ok={200: InboxReadResult},
    description="`marked`: how many were unread until now; `unread`: how many are left.",
)
def inbox_read():
    body = parse_body(InboxRead)
    db = get_session()
    marked = inbox.mark_read(db, user=caller(), ids=body.ids, everything=body.all)
    return {"marked": marked, "unread": inbox.unread_count(db, user=caller())}
