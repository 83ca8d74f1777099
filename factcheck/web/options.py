"""Long <select> lists (the queue's 500 articles, the claim screen's 500 sources) rendered as one string: a
template loop, or WTForms' widget, spends more on 500 options than the rest of the page."""

import functools
from collections.abc import Iterable

from markupsafe import Markup, escape


def option_tags(choices: Iterable[tuple[int, str]], chosen: int | None) -> Markup:
    """`<option selected value="7">Label</option>...` for (id, label) pairs, `chosen` selected."""
    return _option_tags(tuple(choices), chosen)


@functools.lru_cache(maxsize=32)
def _option_tags(choices: tuple[tuple[int, str], ...], chosen: int | None) -> Markup:
    """Kept per process for the same list and choice (the key is the whole list: never stale)."""
    return Markup(  # noqa: S704 (every value put in is an int or escaped)
        "".join(
            f'<option{" selected" if value == chosen else ""} value="{int(value)}">{escape(label)}</option>'
            for value, label in choices
        )
    )
