"""Where a claim sits in its article, and finding that place again in a corrected revision.

An anchor is the W3C Web Annotation pair Hypothesis stores: a TextPositionSelector (start, end: character
offsets, end exclusive) and a TextQuoteSelector (the exact quote plus up to ``PREFIX_LEN`` characters of
prefix and suffix). Offsets are fast; the quote and its context survive edits elsewhere in the text.

Re-anchoring tries, in order: every exact occurrence of the quote, ranked by how well its surroundings match
the stored prefix and suffix and by how close it is to the old position; then a fuzzy search (RapidFuzz) of
the quote, first inside the region where its old context best aligns, then in the whole text, accepted only
when the found passage is at least ``MIN_QUOTE_SIMILARITY`` percent similar to the old quote. A passage
deleted or rewritten beyond recognition gives None, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

PREFIX_LEN = 32
MIN_QUOTE_SIMILARITY = 80.0
MIN_SHORT_QUOTE_SIMILARITY = 90.0  # quotes under SHORT_QUOTE chars: fewer letters, so less evidence
SHORT_QUOTE = 24
# A quote shorter than this says little on its own ("Russia", "on Sunday"): it is accepted elsewhere in the
# text only if its surroundings still resemble the stored prefix and suffix, so a deleted passage is not
# silently replaced by the same words in another place.
CONTEXT_FREE_QUOTE = 40
MIN_CONTEXT_FOR_SHORT = 100.0  # of 200: on average half of prefix and suffix still match


@dataclass(frozen=True)
class Anchor:
    """A span of an article: ``quote == text[start:end]``, with the text just before and after it."""

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


def make_anchor(text: str, start: int, end: int) -> Anchor:
    """The anchor of ``text[start:end]``.

    :raise ValueError: offsets that are not integers, outside the text, in the wrong order, or a span with
        nothing but whitespace; the message says which, in words a reviewer understands.
    """
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"The {name} of the passage must be a whole number, not {value!r}.")
    if start < 0 or end > len(text):
        raise ValueError(f"The passage {start}–{end} lies outside the article (0–{len(text)} characters).")
    if start >= end:
        raise ValueError(f"The passage is empty: it must end after it starts (start {start}, end {end}).")
    if not text[start:end].strip():
        raise ValueError("The passage holds only whitespace; select some words of the article.")
    return Anchor(
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - PREFIX_LEN) : start],
        suffix=text[end : end + PREFIX_LEN],
    )


def _context_score(text: str, anchor: Anchor, start: int, end: int) -> float:
    """0..200: how well the text around ``start:end`` matches the anchor's stored prefix and suffix."""
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    prefix_score = fuzz.ratio(anchor.prefix, before) if anchor.prefix or before else 100.0
    suffix_score = fuzz.ratio(anchor.suffix, after) if anchor.suffix or after else 100.0
    return prefix_score + suffix_score


def _exact(text: str, anchor: Anchor) -> tuple[int, int] | None:
    hits = []
    at = text.find(anchor.quote)
    while at >= 0:
        hits.append(at)
        at = text.find(anchor.quote, at + 1)
    if not hits:
        return None
    size = max(len(text), 1)

    def rank(hit: int) -> tuple[float, float]:
        context = _context_score(text, anchor, hit, hit + len(anchor.quote))
        return (context - 20.0 * abs(hit - anchor.start) / size, -abs(hit - anchor.start))

    best = max(hits, key=rank)
    return best, best + len(anchor.quote)


def _refine(text: str, quote: str, start: int, end: int) -> tuple[int, int, float]:
    """Nudge both ends of an approximate match to the span most similar to ``quote``."""
    radius = min(max(4, len(quote) // 8), 40)
    best = (start, end, fuzz.ratio(quote, text[start:end]))
    for _ in range(2):  # move one end at a time: linear, not quadratic, in the radius
        s0, e0, _score = best
        for new_start in range(max(0, s0 - radius), min(e0 - 1, s0 + radius) + 1):
            score = fuzz.ratio(quote, text[new_start:e0])
            if score > best[2]:
                best = (new_start, e0, score)
        s0, e0, _score = best
        for new_end in range(max(s0 + 1, e0 - radius), min(len(text), e0 + radius) + 1):
            score = fuzz.ratio(quote, text[s0:new_end])
            if score > best[2]:
                best = (s0, new_end, score)
    start, end, score = best
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return start, end, score


def _fuzzy_in(text: str, anchor: Anchor, lo: int, hi: int) -> tuple[int, int, float] | None:
    window = text[lo:hi]
    if not window.strip():
        return None
    if len(window) <= len(anchor.quote):
        return _refine(text, anchor.quote, lo, hi)
    found = fuzz.partial_ratio_alignment(anchor.quote, window)
    if found is None:
        return None
    return _refine(text, anchor.quote, lo + found.dest_start, lo + found.dest_end)


def _fuzzy(text: str, anchor: Anchor) -> tuple[int, int] | None:
    quote = anchor.quote
    need = MIN_SHORT_QUOTE_SIMILARITY if len(quote.strip()) < SHORT_QUOTE else MIN_QUOTE_SIMILARITY
    candidates = []
    context = anchor.prefix + quote + anchor.suffix
    if len(context) < len(text):
        region = fuzz.partial_ratio_alignment(context, text)
        if region is not None:
            margin = len(quote) // 4 + PREFIX_LEN
            lo, hi = max(0, region.dest_start - margin), min(len(text), region.dest_end + margin)
            candidates.append(_fuzzy_in(text, anchor, lo, hi))
    candidates.append(_fuzzy_in(text, anchor, 0, len(text)))
    found = [c for c in candidates if c is not None and c[2] >= need and c[0] < c[1]]
    if not found:
        return None
    start, end, _score = max(found, key=lambda c: (c[2], _context_score(text, anchor, c[0], c[1])))
    return start, end


def reanchor(new_text: str, anchor: Anchor) -> Anchor | None:
    """The anchor's passage located in ``new_text`` (a corrected revision), with fresh prefix and suffix.

    Returns None when the passage cannot be placed with confidence (deleted, or rewritten beyond
    recognition): callers should then flag the claim for a reviewer rather than guess.
    """
    if not anchor.quote.strip() or not new_text.strip():
        return None
    span = _exact(new_text, anchor) or _fuzzy(new_text, anchor)
    if span is None:
        return None
    if len(anchor.quote.strip()) < CONTEXT_FREE_QUOTE and (anchor.prefix or anchor.suffix):
        if _context_score(new_text, anchor, *span) < MIN_CONTEXT_FOR_SHORT:
            return None
    return make_anchor(new_text, *span)
