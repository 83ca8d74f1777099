"""All table models, imported so that SQLModel.metadata knows every table."""

from .articles import Article, ArticleCreate, ArticleRevision, ArticleTextBand
from .audit import AuditEvent
from .claims import PRIORITIES, STATUSES, Claim, Comment
from .moves import NOTIFICATION_KINDS, IdempotencyKey, Notification
from .similar import ExternalReview
from .sources import RELIABILITY, SOURCE_KINDS, STANCES, Evidence, Source, SourceFile, SourcePage
from .users import ROLES, ApiToken, LoginFailure, LoginSession, User
from .verdicts import VERDICT_STATES, Rating, Verdict

__all__ = [
    "PRIORITIES",
    "RELIABILITY",
    "ROLES",
    "SOURCE_KINDS",
    "STANCES",
    "STATUSES",
    "VERDICT_STATES",
    "ApiToken",
    "Article",
    "ArticleCreate",
    "ArticleRevision",
    "ArticleTextBand",
    "AuditEvent",
    "Claim",
    "Comment",
    "Evidence",
    "ExternalReview",
    "IdempotencyKey",
    "LoginFailure",
    "LoginSession",
    "NOTIFICATION_KINDS",
    "Notification",
    "Rating",
    "Source",
    "SourceFile",
    "SourcePage",
    "User",
    "Verdict",
]
