"""Rendering a rationale's or comment's Markdown safely: no raw HTML, only http(s) links, nofollow."""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


def _only_web_links(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        lowered = value.strip().lower()
        return value if lowered.startswith(("http://", "https://")) else None
    return value


def render(text: str | None) -> Markup:
    """`text` as sanitised HTML: Markdown with raw HTML disabled, then nh3 keeps a small set of tags;
    links survive only with an http(s) address and get rel="nofollow noopener"."""
    if not text:
        return Markup("")
    html = _PARSER.render(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="nofollow noopener",
        attribute_filter=_only_web_links,
    )
    return Markup(clean)  # noqa: S704  (sanitised by nh3 just above)
