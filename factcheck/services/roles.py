"""Who may do what, checked once: every mutating service calls `require_role` with its actor.

The route decorators (permissions.requires) are the outer, deny-by-default guard of each door; this is
the rule itself, so the browser, the API and the CLI refuse the same people with the same message.
"""

from ..errors import Forbidden
from ..models import User
from ..permissions import role_has

ROLE_WORDS = {
    "read": "signed-in members of the desk",
    "write": "a reviewer, editor or admin",
    "edit": "an editor or admin",
    "admin": "an admin",
}


def require_role(actor: User | None, capability: str, what: str, *, command_line: bool = False) -> None:
    """:raise Forbidden: `actor`'s role lacks `capability` (message names what was attempted).

    `command_line`: actor None is the operator at the server's shell (`flask create-user`, `create-token`),
    who may do this; everywhere else None is nobody and is refused.
    """
    if actor is None and command_line:
        return
    if actor is None or not role_has(actor.role, capability):
        role = actor.role if actor else "signed out"
        raise Forbidden(f"Only {ROLE_WORDS.get(capability, capability)} may {what}; you are {role}.")


def may(actor: User | None, capability: str) -> bool:
    """Whether `actor` has `capability` (to show or hide a control; the service still checks)."""
    return actor is not None and role_has(actor.role, capability)
