"""The split screen's list of suggested sentences, each item rendered once per process and kept.

The list is most of the page (a 50-claim article of the bench archive: 100 sentences, 190 KB of its 270 KB,
each with a "Make claim" form and its atomic claims' forms), and rendering it was a third of the page's time
(#10). An item depends only on the revision's text and the article's title (which fix the suggestions, see
services.articles.suggestions), its index, how many claims sit on it, whether the person may write, and where
its forms post: all of them are the cache key, so a new claim re-renders only the sentences it touches and a
corrected text (a new revision) renders afresh. The CSRF token, the one part that is the person's own, is
rendered as a stand-in and put in place per request.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from markupsafe import Markup, escape

from ...lru import Kept
from ...services.splitting import Suggestion
from .textview import score_band

TEMPLATE = "articles/_suggestion.html"
# Escaping leaves no "<" in anything a person typed, so this cannot come from a sentence or a claimant.
CSRF_STAND_IN = Markup("<csrf-token>")
KEPT = 4096  # items (about 2 KB each: some 40 articles of 100 sentences, 8 MB at most)


_kept = Kept(KEPT)


def suggestion_items(
    suggestions: list[Suggestion],
    claimed: dict[int, int],
    *,
    text: str,
    title: str | None,
    can_write: bool,
    add_claim_url: str,
    csrf_token: str,
) -> Markup:
    """The <li> items of the suggestion list, in order. `suggestions` must be those of `text` and `title`
    (services.articles.suggestions), which is what makes (text, title, index) name one sentence."""
    template = current_app.jinja_env.get_template(TEMPLATE)
    keep = not current_app.debug and not current_app.jinja_env.auto_reload  # a template being edited
    # the text by its digest: a key holding the text itself would keep a copy of it per kept item
    text_key = hashlib.blake2b(text.encode(), digest_size=16).digest()
    parts = []
    for index, suggestion in enumerate(suggestions):
        key = (text_key, title, index, claimed[index], can_write, add_claim_url)
        item = _kept.get(key) if keep else None
        if item is None:
            item = template.render(
                i=index,
                s=suggestion,
                count=claimed[index],
                can_write=can_write,
                add_claim_url=add_claim_url,
                csrf=CSRF_STAND_IN,
                score_band=score_band,
            )
            if keep:
                _kept.put(key, item)
        parts.append(item)
    return Markup("\n        ".join(parts).replace(CSRF_STAND_IN, str(escape(csrf_token))))  # noqa: S704
