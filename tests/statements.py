"""The SQL statements a piece of work sends, for tests that hold a count of them."""

from sqlalchemy import event


def statements_sent(engine, work) -> list[str]:
    """Every statement `work()` sends through `engine` (its SQL text, in order)."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen
